//! Keys and the mouse on the home screen, through the harness: moving
//! across categories, pages, tabs, sorting, the help, resizing.

mod common;

use codestudy::app::{HomeTab, Mode};
use common::harness::Harness;

fn home(w: u16, h: u16) -> Harness {
    Harness::home(w, h)
}

#[test]
fn selection_moves_across_category_boundaries() {
    let mut h = home(120, 40);
    assert_eq!(h.selected_repo(), "django/django");
    h.keys("jjjj");
    assert_eq!(
        h.selected_repo(),
        "psf/requests",
        "down from the last web row enters utilities"
    );
    h.keys("k");
    assert_eq!(h.selected_repo(), "fastapi/fastapi", "and back up");
    h.keys("jjjjj");
    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
}

#[test]
fn selection_stops_at_both_ends() {
    let mut h = home(120, 40);
    h.keys("k");
    assert_eq!(h.selected_repo(), "django/django");
    h.keys("G");
    assert_eq!(h.selected_repo(), "pytorch/pytorch");
    h.keys("j");
    assert_eq!(h.selected_repo(), "pytorch/pytorch");
    h.keys("g");
    assert_eq!(h.selected_repo(), "django/django");
}

#[test]
fn category_jumps() {
    let mut h = home(120, 40);
    h.keys("j]");
    assert_eq!(h.selected_repo(), "psf/requests");
    h.keys("]");
    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
    h.keys("]");
    assert_eq!(
        h.selected_repo(),
        "pytorch/pytorch",
        "past the last category: last row"
    );
    h.keys("[");
    assert_eq!(
        h.selected_repo(),
        "tensorflow/tensorflow",
        "first: start of this category"
    );
    h.keys("[");
    assert_eq!(
        h.selected_repo(),
        "psf/requests",
        "already at the start: previous category"
    );
}

#[test]
fn pages_move_by_the_visible_rows_and_scroll_follows() {
    let mut h = home(80, 24);
    h.keys("<pgdn>");
    let after_one_page = h.selected_row();
    assert!(after_one_page > 1, "a page is more than one row");
    h.keys("G");
    // 80x24 cannot show all 20 table lines; the last row must be in view.
    assert!(h.tables_scroll() > 0);
    h.keys("<pgup>");
    assert_eq!(h.selected_row(), 11 - after_one_page);
    h.keys("g");
    assert_eq!(h.tables_scroll(), 0, "first row shows its heading again");
}

#[test]
fn first_row_of_a_category_brings_its_heading_into_view() {
    let heading = "Machine Learning & AI";
    let mut h = home(80, 24);
    h.keys("G[");
    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
    let screen = h.screen();
    assert!(screen.contains(heading), "{screen}");
    // From the top, jumping down to it scrolls just enough to show it too.
    h.keys("g]]");
    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
    let screen = h.screen();
    assert!(screen.contains(heading), "{screen}");
}

#[test]
fn mouse_click_selects_the_row_under_it_and_wheel_moves() {
    let mut h = home(120, 40);
    // At 120x40: header 3 rows, tab bar, table border; the first table's
    // heading is row 5, its column titles row 6, django row 7; a blank at
    // 11, then the utilities heading at 12, titles 13, requests 14.
    h.click(10, 8);
    assert_eq!(h.selected_repo(), "pallets/flask");
    h.click(10, 15);
    assert_eq!(h.selected_repo(), "celery/celery");
    h.click(10, 12); // a heading: no change
    assert_eq!(h.selected_repo(), "celery/celery");
    h.click(10, 30); // details pane: no change
    assert_eq!(h.selected_repo(), "celery/celery");
    h.scroll_down(10, 14);
    assert_eq!(h.selected_repo(), "pandas-dev/pandas");
    h.scroll_up(10, 14);
    assert_eq!(h.selected_repo(), "celery/celery");
}

#[test]
fn tabs_by_key_and_by_click() {
    let mut h = home(120, 40);
    h.keys("<tab>");
    assert_eq!(h.home_tab(), HomeTab::Guide);
    // Movement keys scroll the guide there and leave the selection alone.
    h.keys("j");
    assert_eq!(h.selected_repo(), "django/django");
    h.keys("1");
    assert_eq!(h.home_tab(), HomeTab::Repositories);
    h.click(20, 3);
    assert_eq!(h.home_tab(), HomeTab::Guide);
}

#[test]
fn guide_scroll_is_clamped_to_its_content() {
    let mut h = home(80, 24);
    h.keys("2");
    for _ in 0..100 {
        h.keys("j");
    }
    let bottom = h.guide_scroll();
    assert!(bottom > 0 && bottom < 30, "{bottom}");
    h.keys("k");
    assert_eq!(
        h.guide_scroll(),
        bottom - 1,
        "one key back up, not a hundred"
    );
    h.keys("G");
    assert_eq!(h.guide_scroll(), bottom);
    h.keys("g");
    assert_eq!(h.guide_scroll(), 0);
}

#[test]
fn sort_by_stars_keeps_the_selection() {
    let mut h = home(120, 40);
    h.keys("jjjjjjjjj"); // scikit-learn
    assert_eq!(h.selected_repo(), "scikit-learn/scikit-learn");
    h.keys("o");
    assert_eq!(h.selected_repo(), "scikit-learn/scikit-learn");
    h.keys("g]]");
    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
    h.keys("j");
    assert_eq!(
        h.selected_repo(),
        "huggingface/transformers",
        "120k after 180k"
    );
}

#[test]
fn help_opens_closes_and_esc_never_quits() {
    let mut h = home(120, 40);
    h.keys("?");
    assert_eq!(h.mode(), Mode::Help);
    h.keys("<esc>");
    assert!(!h.overlay_shown());
    assert!(!h.quit_requested());
    h.keys("?");
    h.keys("j"); // any key closes the help, and does nothing else
    assert!(!h.overlay_shown());
    assert_eq!(h.selected_repo(), "django/django");
    // Keys bound to nothing close it too (issue 15, point 2), and do
    // nothing else.
    for key in ["x", "z", "<space>", "<del>"] {
        h.keys("?");
        assert_eq!(h.mode(), Mode::Help);
        h.keys(key);
        assert!(!h.overlay_shown(), "{key:?} closes the help");
        assert_eq!(h.selected_repo(), "django/django");
    }
    h.keys("<esc><esc><esc>");
    assert!(!h.quit_requested(), "Esc on the home screen never quits");
    h.keys("q");
    assert!(h.quit_requested());
}

#[test]
fn q_quits_even_with_help_open() {
    let mut h = home(120, 40);
    h.keys("?q");
    assert!(h.quit_requested());
}

#[test]
fn resizing_to_nothing_and_back_keeps_a_valid_state() {
    let mut h = home(120, 40);
    h.keys("G");
    for (w, ht) in [(1, 1), (0, 0), (59, 17), (60, 18), (80, 24), (300, 90)] {
        h.resize(w, ht);
        h.keys("k").click(0, 0);
    }
    // Six steps up from the last row, the clicks at (0, 0) hit nothing.
    assert_eq!(h.selected_repo(), "celery/celery");
}

/// Issue 15, point 9: the details pane of a cloned repository shows where
/// its key files are (read from the clone once, when its row is selected),
/// its size on disk, and the study so far.
#[test]
fn the_details_pane_shows_key_file_resolutions_progress_and_size() {
    use codestudy::app::{CloneFacts, JobResult};
    use codestudy::study::{Change, NoteTarget, StepState};
    use common::flask::{FLASK, home_on_flask, overview};
    let mut h = home_on_flask(160, 45);
    h.cloned(FLASK, codestudy::repo::Depth::Commits(1));
    assert_eq!(h.effects(), ["ReadCloneFacts pallets/flask"]);
    // Asked once: moving away and back asks nothing more.
    h.keys("kj");
    assert!(h.effects().is_empty(), "{:?}", h.effects());
    for change in [
        Change::SetStep {
            repo: FLASK.into(),
            number: 1,
            state: StepState::Done,
            today: "2026-12-02".into(),
        },
        Change::MarkRead {
            repo: FLASK.into(),
            path: "src/flask/app.py".into(),
            symbol: "Flask".into(),
            read: true,
        },
        Change::SetNote {
            repo: FLASK.into(),
            target: NoteTarget::repo(),
            text: "start at app.py".into(),
            now: "2026-12-02 10:00".into(),
        },
    ] {
        h.state_mut().progress.apply(&change);
    }
    h.job(JobResult::CloneFacts {
        repo: FLASK.into(),
        result: Ok(CloneFacts {
            key_files: overview().key_files,
            disk_bytes: 5 * 1024 * 1024,
            blobs: "lazy clone: the tree is here, files are fetched when read".into(),
        }),
    });
    let text = h.screen();
    assert!(text.contains("✓ src/flask/__init__.py"), "{text}");
    assert!(
        text.contains("✗ src/flask/ctx.py (missing; similar: src/flask/context.py)"),
        "{text}"
    );
    assert!(text.contains("5.0 MiB"), "{text}");
    assert!(
        text.contains("1/6 steps done · 1 symbols read · 1 note"),
        "{text}"
    );
    // A clone finished again (updated): read again.
    h.job(JobResult::CloneFinished {
        repo: FLASK.into(),
        result: Ok((
            codestudy::repo::CloneOutcome::UpToDate {
                head: git2::Oid::ZERO_SHA1,
                depth: codestudy::repo::Depth::Commits(1),
            },
            codestudy::repo::Depth::Commits(1),
        )),
    });
    assert!(
        h.effects()
            .iter()
            .any(|e| e == "ReadCloneFacts pallets/flask"),
        "{:?}",
        h.effects()
    );
}

/// Issue 15, point 7: `u` updates a clone in the background (readable
/// meanwhile, given back as it was on failure); `D` asks, then removes it.
#[test]
fn u_updates_a_clone_and_d_removes_it_after_asking() {
    use codestudy::app::{Fetching, JobResult, RepoStatus};
    use codestudy::repo::{CloneOutcome, Depth};
    use common::flask::{FLASK, home_on_flask};
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("u");
    assert_eq!(h.effects(), ["StartClone pallets/flask"]);
    assert_eq!(h.state().fetching(FLASK), Some(Fetching::Update));
    assert!(h.screen().contains("updating"), "{}", h.screen());
    // Enter still opens it meanwhile: it is there to read.
    let mut reading = h.clone();
    reading.keys("<ret>");
    assert_eq!(reading.effects(), ["OpenRepo pallets/flask"]);
    h.job(JobResult::CloneFinished {
        repo: FLASK.into(),
        result: Err("the server hung up".into()),
    });
    assert_eq!(
        h.repo_status(FLASK),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert!(
        h.status_line()
            .unwrap()
            .contains("could not update pallets/flask")
    );
    h.keys("u");
    let head = git2::Oid::from_str("629e3ae1f76eec1c05e1d2a097053741b8dcbc68").unwrap();
    h.job(JobResult::CloneFinished {
        repo: FLASK.into(),
        result: Ok((
            CloneOutcome::UpToDate {
                head,
                depth: Depth::Commits(1),
            },
            Depth::Commits(1),
        )),
    });
    assert_eq!(h.state().fetching(FLASK), None);
    assert_eq!(
        h.status_line(),
        Some("pallets/flask is up to date at 629e3ae1f7")
    );

    // D asks first; any other key keeps asking; n keeps the clone.
    h.keys("D");
    assert_eq!(h.mode(), codestudy::app::Mode::Confirm);
    assert!(
        h.screen().contains("Remove the clone of pallets/flask"),
        "{}",
        h.screen()
    );
    h.keys("x");
    assert_eq!(h.mode(), codestudy::app::Mode::Confirm);
    h.keys("n");
    assert_eq!(h.mode(), codestudy::app::Mode::Home);
    assert!(h.effects().is_empty());
    h.keys("Dy");
    assert_eq!(h.effects(), ["RemoveClone pallets/flask"]);
    h.job(JobResult::CloneRemoved {
        repo: FLASK.into(),
        result: Ok(3 * 1024 * 1024),
    });
    assert_eq!(h.repo_status(FLASK), &RepoStatus::NotCloned);
    assert_eq!(
        h.status_line(),
        Some("removed the clone of pallets/flask, 3.0 MiB freed; its progress and notes are kept")
    );
    // Not cloned any more: nothing to remove or update.
    h.keys("D");
    assert_eq!(h.mode(), codestudy::app::Mode::Home);
    assert!(h.status_line().unwrap().contains("not cloned"));
}

/// Issue 15, point 19: a long message in the status line wraps over the
/// rows above it instead of being cut.
#[test]
fn a_long_status_message_wraps_instead_of_being_cut() {
    let mut h = home(80, 24);
    let reason = "the server failed while sending (its own words: \"error: git upload-pack: git-pack-objects died with error\" and \"fatal: aborting due to possible repository corruption on the remote side\"); retrying will not help";
    h.keys("<ret>").clone_failed("django/django", reason);
    let screen = h.screen();
    let bottom: Vec<&str> = screen.lines().rev().take(5).collect();
    let joined = bottom
        .iter()
        .rev()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        joined.contains("repository corruption on the remote side"),
        "{screen}"
    );
    assert!(
        joined.contains("press r to retry"),
        "the end is shown: {screen}"
    );
}

/// Issue 15, point 31: what another codestudy or the command line changed
/// (the progress file, clones made or removed) is noticed every couple of
/// seconds and shown.
#[test]
fn changes_made_elsewhere_are_noticed() {
    use codestudy::app::{JobResult, RepoStatus};
    use codestudy::repo::Depth;
    use codestudy::study::{Change, Progress, StepState};
    use common::flask::FLASK;
    use std::time::{Duration, SystemTime};
    let mut h = home(120, 40);
    // Looked at every OUTSIDE_TICKS ticks, one look at a time.
    let mut asked = Vec::new();
    for _ in 0..2 * codestudy::app::OUTSIDE_TICKS {
        asked.extend(codestudy::app::check_outside(h.state_mut()));
    }
    assert_eq!(asked.len(), 1, "one look while the first has not answered");
    let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
    h.job(JobResult::Outside {
        progress_modified: Some(t0),
        clones: Some(vec![]),
    });
    assert!(h.effects().is_empty(), "the first look only records");
    // `codestudy progress` marked a step; `codestudy clone` cloned flask.
    h.job(JobResult::Outside {
        progress_modified: Some(t0 + Duration::from_secs(5)),
        clones: Some(vec![(FLASK.into(), Some(Depth::Commits(1)))]),
    });
    assert!(
        h.effects().iter().any(|e| e == "LoadProgress"),
        "{:?}",
        h.effects()
    );
    assert_eq!(
        h.repo_status(FLASK),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert_eq!(h.status_line(), Some("elsewhere: pallets/flask was cloned"));
    let mut on_disk = Progress::default();
    on_disk.apply(&Change::SetStep {
        repo: FLASK.into(),
        number: 1,
        state: StepState::Done,
        today: "2026-12-02".into(),
    });
    h.job(JobResult::ProgressLoaded {
        result: Ok(on_disk),
    });
    assert_eq!(h.step_state(FLASK, 1), StepState::Done);
    // Removed elsewhere: not cloned here either.
    h.keys("x");
    h.job(JobResult::Outside {
        progress_modified: Some(t0 + Duration::from_secs(5)),
        clones: Some(vec![]),
    });
    assert!(h.effects().is_empty(), "same time: not read again");
    assert_eq!(h.repo_status(FLASK), &RepoStatus::NotCloned);
}
