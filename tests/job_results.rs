//! Job results through `on_job`: a cancel is told from a failure by its
//! type, whatever the failure says; the clock, the home folder and the
//! clones found in the cache reach the state as results, and the effects
//! that need them carry them.

use codestudy::app::{
    Action, Effect, JobError, JobResult, RepoStatus, Screen, State, on_job, update,
};
use codestudy::catalog::Catalog;
use codestudy::repo::{Cache, CloneOutcome, Depth};
use codestudy::study::{Change, StepKind, StepState};
use ratatui::layout::Rect;

fn state() -> State {
    State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40))
}

/// Home screen with flask selected and its clone started.
fn cloning_flask() -> State {
    let mut s = state();
    update(&mut s, Action::Down);
    assert!(matches!(
        update(&mut s, Action::Open).as_slice(),
        [Effect::StartClone { repo, .. }] if repo == "pallets/flask"
    ));
    s
}

fn finished(s: &mut State, result: Result<(CloneOutcome, Depth), JobError>) {
    on_job(
        s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result,
        },
    );
}

#[test]
fn a_cancelled_clone_is_told_apart_by_type() {
    let mut s = cloning_flask();
    finished(&mut s, Err(JobError::Cancelled));
    assert_eq!(s.status_of("pallets/flask"), &RepoStatus::NotCloned);
    assert_eq!(
        s.status.as_deref(),
        Some("clone of pallets/flask cancelled")
    );

    // A failure whose text happens to be "cancelled" is a failure.
    let mut s = cloning_flask();
    finished(&mut s, Err("cancelled".into()));
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Failed("cancelled".into())
    );
    assert_eq!(
        s.status.as_deref(),
        Some("could not clone pallets/flask: cancelled - press r to retry")
    );
}

/// In the history of a depth-1 clone of flask, `d` pressed.
fn deepening_flask() -> State {
    let mut s = state();
    update(&mut s, Action::Down);
    on_job(
        &mut s,
        JobResult::ClonesFound(vec![("pallets/flask".into(), Some(Depth::Commits(1)))]),
    );
    update(&mut s, Action::Study);
    update(&mut s, Action::Last);
    assert!(matches!(
        update(&mut s, Action::Open).as_slice(),
        [Effect::OpenStepView {
            step: StepKind::History,
            ..
        }]
    ));
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            result: Ok(codestudy::study::views::View::List(
                codestudy::study::views::ListView {
                    title: "History".into(),
                    intro: Vec::new(),
                    items: Vec::new(),
                    deepen: true,
                },
            )),
        },
    );
    assert!(matches!(
        update(&mut s, Action::Deepen(false)).as_slice(),
        [Effect::Deepen {
            depth: Depth::Commits(501),
            ..
        }]
    ));
    s
}

#[test]
fn a_cancelled_deepen_is_told_apart_by_type() {
    let mut s = deepening_flask();
    finished(&mut s, Err(JobError::Cancelled));
    // The clone is as it was either way.
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert_eq!(
        s.status.as_deref(),
        Some("fetching more history of pallets/flask cancelled; the clone is as it was")
    );

    let mut s = deepening_flask();
    finished(&mut s, Err("cancelled".into()));
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert_eq!(
        s.status.as_deref(),
        Some("could not fetch more history of pallets/flask: cancelled; the clone is as it was")
    );
}

#[test]
fn a_clone_whose_thread_never_started_can_be_retried() {
    let mut s = cloning_flask();
    let fx = update(&mut s, Action::Open);
    assert!(fx.is_empty(), "Enter while cloning only waits: {fx:?}");
    let start = Effect::StartClone {
        repo: "pallets/flask".into(),
        catalog_entry: std::sync::Arc::new(s.catalog.repo("pallets/flask").unwrap().clone()),
        depth: None,
    };
    let failure = start
        .failed(JobError::NotStarted(
            "Resource temporarily unavailable".into(),
        ))
        .unwrap();
    assert!(s.busy(), "the clone's gauge animates");
    on_job(&mut s, failure);
    assert!(!s.busy(), "no gauge left for a clone that never ran");
    assert!(matches!(
        s.status_of("pallets/flask"),
        RepoStatus::Failed(e) if e.contains("could not start a background thread")
    ));
    assert!(matches!(
        update(&mut s, Action::RetryClone).as_slice(),
        [Effect::StartClone { repo, .. }] if repo == "pallets/flask"
    ));
}

#[test]
fn the_clock_and_the_home_folder_arrive_as_a_result_and_travel_in_the_effects() {
    let mut s = state();
    on_job(
        &mut s,
        JobResult::Surroundings {
            today: "2031-02-03".into(),
            now: "2031-02-03 04:05".into(),
            home_dir: Some("/home/reader".into()),
        },
    );
    update(&mut s, Action::Down);
    on_job(
        &mut s,
        JobResult::ClonesFound(vec![("pallets/flask".into(), Some(Depth::Commits(1)))]),
    );
    update(&mut s, Action::Study);
    // Space on the first step: done today.
    let fx = update(&mut s, Action::ToggleDone);
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::SaveProgress(v)] if matches!(
                v.last().map(|c| &c.1),
                Some(Change::SetStep { state: StepState::Done, today, .. }) if today == "2031-02-03"
            )
        ),
        "{fx:?}"
    );
    // The step 5 view's `w`: the working copy goes under the home folder
    // the result brought, and the progress as it stands goes with the view.
    for _ in 0..4 {
        update(&mut s, Action::Down);
    }
    let fx = update(&mut s, Action::Open);
    let [
        Effect::OpenStepView {
            step: StepKind::RunLocally,
            progress: Some(progress),
            catalog_entry,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}")
    };
    assert_eq!(catalog_entry.id, "pallets/flask");
    assert_eq!(
        progress.step(1),
        StepState::Done,
        "the view is built from the progress as it stands"
    );
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::RunLocally,
            result: Ok(codestudy::study::views::View::Document {
                title: "Run it locally".into(),
                markdown: "make a working copy".into(),
                links_from: None,
            }),
        },
    );
    update(&mut s, Action::WorkingCopy);
    let fx = update(&mut s, Action::Open);
    assert!(
        matches!(
            fx.as_slice(),
            [Effect::MakeWorkingCopy { dest, home: Some(h), catalog_entry, .. }]
                if dest == "~/codestudy/flask" && h == "/home/reader" && catalog_entry.url == "https://github.com/pallets/flask"
        ),
        "{fx:?}"
    );
}

#[test]
fn clones_found_in_the_cache_arrive_as_a_result() {
    let mut s = state();
    update(&mut s, Action::Down);
    // Another repository's clone started before the scan came back.
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    on_job(
        &mut s,
        JobResult::ClonesFound(vec![
            ("pallets/flask".into(), Some(Depth::Commits(1))),
            ("encode/django-rest-framework".into(), None),
        ]),
    );
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert!(
        matches!(
            s.status_of("encode/django-rest-framework"),
            RepoStatus::Cloning(_)
        ),
        "a clone in progress keeps its status"
    );
    update(&mut s, Action::Up);
    assert!(matches!(
        update(&mut s, Action::Open).as_slice(),
        [Effect::OpenRepo { repo, .. }] if repo == "pallets/flask"
    ));
    assert!(matches!(&s.screen, Screen::Explorer(e) if e.repo == "pallets/flask"));
}

#[test]
fn the_cache_scan_finds_clones_and_their_depth() {
    let tmp = tempfile::tempdir().unwrap();
    let cache = Cache::new(tmp.path());
    let catalog = Catalog::embedded().unwrap();
    let flask = catalog.repo("pallets/flask").unwrap();
    let repo = git2::Repository::init_bare(cache.repo_dir(&flask.owner, &flask.name)).unwrap();
    repo.config()
        .unwrap()
        .set_i64("codestudy.depth", 1)
        .unwrap();
    let requests = catalog.repo("psf/requests").unwrap();
    git2::Repository::init_bare(cache.repo_dir(&requests.owner, &requests.name)).unwrap();
    let mut found = codestudy::jobs::cloned_repos(&cache, &catalog);
    found.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        found,
        [
            ("pallets/flask".to_string(), Some(Depth::Commits(1))),
            ("psf/requests".to_string(), None),
        ]
    );
}
