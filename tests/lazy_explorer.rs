//! The explorer on a lazy clone: its files come in the background with
//! the progress in the header, `F` fetches every file (or stops), a file
//! not here yet says "fetching…", and leaving stops the fetch.

mod common;

use codestudy::app::explorer::RepoOverview;
use codestudy::app::{Effect, JobError, JobResult};
use codestudy::jobs::Prefetched;
use codestudy::repo::Depth;
use common::flask::{FLASK, home_on_flask, overview};
use common::harness::Harness;

fn lazy_overview() -> RepoOverview {
    RepoOverview {
        lazy: true,
        ..overview()
    }
}

/// The explorer opened on a lazy clone of flask; the first key file is
/// being loaded.
fn explorer_on_lazy_flask() -> Harness {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
    h.open_repo(lazy_overview());
    assert_eq!(
        h.effects(),
        [
            "LoadFile pallets/flask src/flask/__init__.py",
            "Prefetch pallets/flask",
            "BuildIntel pallets/flask"
        ]
    );
    h
}

fn load_request(h: &Harness) -> u64 {
    h.raw_effects()
        .iter()
        .rev()
        .find_map(|e| match e {
            Effect::LoadFile { request, .. } => Some(*request),
            _ => None,
        })
        .expect("a file is being loaded")
}

fn progress(done: usize, total: usize) -> JobResult {
    JobResult::PrefetchProgress {
        repo: FLASK.into(),
        done,
        total,
    }
}

fn ended(everything: bool, result: Result<Prefetched, JobError>) -> JobResult {
    JobResult::Prefetched {
        repo: FLASK.into(),
        everything,
        result,
    }
}

#[test]
fn a_lazy_clone_fetches_its_files_in_the_background_with_progress_in_the_header() {
    let mut h = explorer_on_lazy_flask();
    let text = h.screen();
    assert!(text.contains("fetching files…"), "{text}");

    // The open file is not here yet: its panes say so, keys still work.
    let request = load_request(&h);
    h.job(JobResult::FileFetching { request });
    let text = h.screen();
    assert!(
        text.contains("fetching… (this lazy clone's file is read for the first time)"),
        "{text}"
    );
    h.keys("<tab>");
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    assert!(!h.screen().contains("fetching…"), "{}", h.screen());

    h.job(progress(120, 480));
    let text = h.screen();
    assert!(text.contains("fetching files 120/480 (25%)"), "{text}");
    h.job(ended(
        false,
        Ok(Prefetched {
            fetched: 480,
            total: 480,
            cancelled: false,
        }),
    ));
    let text = h.screen();
    assert!(!text.contains("fetching files"), "{text}");
    assert!(
        text.contains("fetched the sources and text of pallets/flask: 480 files"),
        "{text}"
    );
}

#[test]
fn f_fetches_every_file_and_f_again_stops() {
    let mut h = explorer_on_lazy_flask();
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("F");
    assert_eq!(h.effects(), ["Prefetch pallets/flask (every file)"]);
    let text = h.screen();
    assert!(
        text.contains("fetching every file of pallets/flask in the background (F again stops)"),
        "{text}"
    );
    // The fetch it replaced ends, stopped: the header keeps the new one.
    h.job(ended(
        false,
        Ok(Prefetched {
            fetched: 10,
            total: 480,
            cancelled: true,
        }),
    ));
    h.job(progress(500, 2000));
    let text = h.screen();
    assert!(
        text.contains("fetching every file 500/2000 (25%)"),
        "{text}"
    );
    h.keys("F");
    assert_eq!(h.effects(), ["CancelPrefetch pallets/flask"]);
    let text = h.screen();
    assert!(!text.contains("fetching every file 500"), "{text}");
    assert!(
        text.contains(
            "stopped fetching the files of pallets/flask; the others are fetched when read"
        ),
        "{text}"
    );
    // Its late end says nothing more.
    h.job(ended(
        true,
        Ok(Prefetched {
            fetched: 500,
            total: 2000,
            cancelled: true,
        }),
    ));
    assert!(h.screen().contains("stopped fetching the files"));
}

#[test]
fn a_failed_fetch_says_why_and_how_to_try_again() {
    let mut h = explorer_on_lazy_flask();
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.job(ended(
        false,
        Err(JobError::from(
            "could not reach 127.0.0.1 (connection refused)",
        )),
    ));
    let text = h.screen();
    assert!(
        text.contains(
            "could not fetch the sources and text of pallets/flask: could not reach 127.0.0.1"
        ),
        "{text}"
    );
    assert!(!text.contains("fetching files"), "{text}");
}

#[test]
fn leaving_the_explorer_stops_the_fetch() {
    let mut h = explorer_on_lazy_flask();
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("<esc>");
    assert!(
        h.effects()
            .contains(&"CancelPrefetch pallets/flask".to_string()),
        "{:?}",
        h.effects()
    );
}

#[test]
fn a_clone_with_every_file_fetches_nothing_and_f_says_why() {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    h.open_repo(overview());
    assert!(
        !h.effects().iter().any(|e| e.starts_with("Prefetch")),
        "{:?}",
        h.effects()
    );
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("F");
    assert!(h.effects().is_empty(), "{:?}", h.effects());
    assert!(
        h.screen()
            .contains("every file of pallets/flask is here: it is not a lazy clone"),
        "{}",
        h.screen()
    );
}

/// Enter on a missing key file looks up when it left the history, once;
/// the answer is in the status line and the key file's footer.
#[test]
fn enter_on_a_missing_key_file_says_when_it_left_the_history() {
    let mut h = home_on_flask(160, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    h.open_repo(overview());
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("jj"); // src/flask/ctx.py, missing
    h.keys("<ret>");
    assert_eq!(
        h.effects(),
        ["FindDeparture pallets/flask src/flask/ctx.py"]
    );
    assert!(
        h.screen().contains("looking up when it left the history"),
        "{}",
        h.screen()
    );
    h.keys("<ret>");
    assert!(h.effects().is_empty(), "asked once: {:?}", h.effects());
    h.job(JobResult::Departure {
        repo: FLASK.into(),
        path: "src/flask/ctx.py".into(),
        result: Ok("removed by 1a2b3c4d5e (2024-01-02 10:00, A): \"Move ctx\"".into()),
    });
    let text = h.screen();
    assert!(
        text.contains(
            "src/flask/ctx.py: removed by 1a2b3c4d5e (2024-01-02 10:00, A): \"Move ctx\""
        ),
        "{text}"
    );
    // The footer keeps it for the key file (once the status is gone).
    h.keys("k").keys("j");
    let text = h.screen();
    assert!(
        text.contains("similar: src/flask/context.py; removed by 1a2b3c4d5e"),
        "{text}"
    );
}
