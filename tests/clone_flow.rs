//! Cloning from the home screen: Enter clones and opens, `c` cancels, `r`
//! retries, several clones at once, and how the rows show each state.

mod common;

use codestudy::app::{Mode, RepoStatus};
use codestudy::repo::{Depth, Phase, Progress};
use common::flask::{FLASK, home_on_flask};

#[test]
fn enter_clones_shows_progress_and_opens_the_explorer() {
    let mut h = home_on_flask(120, 40);
    h.keys("<ret>");
    assert_eq!(h.effects(), ["StartClone pallets/flask"]);
    assert!(matches!(h.repo_status(FLASK), RepoStatus::Cloning(_)));
    h.clone_progress(
        FLASK,
        Progress {
            phase: Phase::Receiving,
            received_objects: 50,
            total_objects: 100,
            ..Progress::default()
        },
    );
    let text = h.screen();
    assert!(text.contains("cloning  45%"), "{text}");
    assert!(text.contains("receiving objects 50/100"), "{text}");
    // Other repositories can be browsed meanwhile.
    h.keys("jk");
    h.clone_done(FLASK, Depth::Commits(1));
    assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
    assert_eq!(h.mode(), Mode::Explorer);
}

#[test]
fn a_clone_finishing_after_the_person_moved_on_only_marks_the_row_ready() {
    let mut h = home_on_flask(120, 40);
    h.keys("<ret>j"); // now on django-rest-framework
    h.clone_done(FLASK, Depth::Commits(1));
    assert!(h.effects().is_empty());
    assert_eq!(h.mode(), Mode::Home);
    assert_eq!(
        h.repo_status(FLASK),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert!(h.status_line().unwrap().contains("pallets/flask is ready"));
}

#[test]
fn several_clones_run_at_once_and_c_cancels_the_selected_one() {
    let mut h = home_on_flask(120, 40);
    h.keys("<ret>j").keys("<ret>");
    assert_eq!(h.effects(), ["StartClone encode/django-rest-framework"]);
    h.keys("c");
    assert_eq!(h.effects(), ["CancelClone encode/django-rest-framework"]);
    h.clone_cancelled("encode/django-rest-framework");
    assert_eq!(
        h.repo_status("encode/django-rest-framework"),
        &RepoStatus::NotCloned
    );
    assert!(
        matches!(h.repo_status(FLASK), RepoStatus::Cloning(_)),
        "the other clone goes on"
    );
}

#[test]
fn a_failed_clone_shows_why_and_r_retries() {
    let mut h = home_on_flask(120, 40);
    h.keys("<ret>");
    h.clone_failed(
        FLASK,
        "could not reach github.com (the host name could not be resolved)",
    );
    assert!(matches!(h.repo_status(FLASK), RepoStatus::Failed(_)));
    let text = h.screen();
    assert!(text.contains("failed"), "{text}");
    assert!(text.contains("could not reach github.com"), "{text}");
    assert!(text.contains("r retries"), "{text}");
    h.keys("r");
    assert_eq!(h.effects(), ["StartClone pallets/flask"]);
}

#[test]
fn clone_states_snapshots() {
    let mut h = home_on_flask(100, 30);
    h.keys("<ret>");
    h.clone_progress(
        FLASK,
        Progress {
            phase: Phase::Receiving,
            received_objects: 1200,
            total_objects: 4000,
            received_bytes: 3 << 20,
            ..Progress::default()
        },
    );
    h.set_repo_status(
        "psf/requests",
        RepoStatus::Failed("repository not found at git://127.0.0.1:9418/psf/requests.git".into()),
    );
    h.cloned("django/django", Depth::Full);
    insta::assert_snapshot!("home_clone_in_progress", h.draw().backend());
    h.keys("]");
    insta::assert_snapshot!("home_clone_failed", h.draw().backend());
}

/// Issue 15, point 19: a long failure is wrapped in the details pane,
/// whole, with what to do at its end.
#[test]
fn a_long_failure_is_wrapped_whole_in_the_details_pane() {
    let mut h = home_on_flask(80, 30);
    h.keys("<ret>");
    let why = "the server at 127.0.0.1:9418 failed while sending the repository; it said: fatal: loose object 0123abcd is corrupt. Retrying will not help: the repository on the server is damaged or the server is broken; tell its maintainers, or fetch from another --mirror";
    h.clone_failed(FLASK, why);
    // The status line says it too, wrapped over the bottom rows; Esc
    // clears it, and the details pane is whole.
    h.keys("<esc>");
    let text = h.screen();
    // The details pane's clone lines, borders and label column dropped:
    // the whole reason, in order, then what to do.
    let rows: Vec<&str> = text.lines().collect();
    let first = rows
        .iter()
        .position(|r| r.contains("Clone          failed:"))
        .unwrap();
    let last = rows.iter().position(|r| r.contains(" Focus ")).unwrap();
    let joined: String = rows[first..last]
        .iter()
        .map(|r| r.trim_matches(|c| c == '│' || c == ' '))
        .map(|r| r.strip_prefix("Clone").unwrap_or(r).trim())
        .collect::<Vec<_>>()
        .join(" ");
    assert_eq!(joined, format!("failed: {why} r retries"), "{text}");
}

/// Issue 15, point 16: another clone, started first, finishing first does
/// not take away the opening of the one the person waits on.
#[test]
fn the_clone_waited_on_opens_even_when_another_finishes_first() {
    let mut h = home_on_flask(120, 40);
    h.keys("<ret>"); // flask, then moved on to the next row and cloned it
    h.keys("j").keys("<ret>");
    assert_eq!(h.effects(), ["StartClone encode/django-rest-framework"]);
    h.clone_done(FLASK, Depth::Commits(1));
    assert!(
        h.effects().is_empty(),
        "flask is no longer what is waited on"
    );
    assert_eq!(h.mode(), Mode::Home);
    h.clone_done("encode/django-rest-framework", Depth::Commits(1));
    assert_eq!(h.effects(), ["OpenRepo encode/django-rest-framework"]);
    assert_eq!(h.mode(), Mode::Explorer);
}
