//! Step 6, the history: commits, a commit's files, a file's diff, older
//! pages appended in place, views that come too late, and `d`/`D`
//! fetching more of a shallow clone.

mod common;

use codestudy::app::{Effect, Mode, RepoStatus};
use codestudy::repo::{CloneOutcome, Depth};
use codestudy::study::StepKind;
use codestudy::study::views::{ListView, Target, View};
use common::flask::{
    FLASK, commit, explorer_on_app_py, history_page, home_on_flask, item, open_history,
};
use git2::Oid;

/// The summary of a request for `target`'s view.
fn asks_for(target: &Target) -> [String; 1] {
    [format!("OpenTarget pallets/flask {target:?}")]
}

#[test]
fn d_in_the_history_deepens_the_clone_in_the_background() {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("sjjjjj").keys("<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask History"]);
    h.step_view(
        FLASK,
        StepKind::History,
        View::List(history_page(0, 3, true)),
    );
    // d only means something in the history of a shallow clone.
    h.keys("d");
    assert_eq!(h.effects(), ["Deepen pallets/flask Commits(501)"]);
    assert!(
        matches!(h.repo_status(FLASK), RepoStatus::Cloning(_)),
        "the row shows the fetch"
    );
    assert!(
        h.status_line()
            .unwrap()
            .contains("fetching 500 more commits of pallets/flask")
    );
    // On the home screen the row and the details say it is the history
    // being fetched, not a clone (issue 15, point 20).
    h.keys("<esc><esc>");
    assert_eq!(h.mode(), Mode::Home);
    let screen = h.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("pallets/flask (start here)"))
        .unwrap();
    assert!(row.contains("history   0%"), "{row}");
    assert!(!row.contains("cloning"), "{row}");
    assert!(screen.contains("fetching history: "), "{screen}");
    h.clone_finished(
        FLASK,
        deepened_from_one(Depth::Commits(500)),
        Depth::Commits(500),
    );
    assert_eq!(
        h.repo_status(FLASK),
        &RepoStatus::Cloned(Some(Depth::Commits(500)))
    );
}

#[test]
fn the_history_opens_a_commit_then_a_file_diff_and_esc_walks_back() {
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Full, history_page(0, 3, false));
    let text = h.screen();
    assert!(text.contains("0000000000 Commit number 0"), "{text}");
    insta::assert_debug_snapshot!("history_list", h.draw().backend());
    // Without a shallow clone, d does nothing.
    h.keys("d");
    assert!(h.effects().is_empty());
    h.keys("j").keys("<ret>");
    assert_eq!(h.effects(), asks_for(&commit(1)));
    let diff = Target::Diff {
        commit: format!("{:040x}", 1),
        path: "src/flask/app.py".into(),
    };
    h.open_target(
        &commit(1),
        View::List(ListView {
            title: "Commit 0000000001: Commit number 1".into(),
            intro: vec![
                "Fixture Author <author@example.com>, 2026-11-01 10:00".into(),
                String::new(),
                "Commit number 1".into(),
                String::new(),
                "A longer explanation.".into(),
            ],
            items: vec![
                item("1 file changed, +1 -1", "", None),
                item("src/flask/app.py", "+1 -1", Some(diff.clone())),
            ],
            deepen: false,
        }),
    );
    let text = h.screen();
    assert!(text.contains("A longer explanation."), "{text}");
    assert!(text.contains("src/flask/app.py"), "{text}");
    // The heading cannot be selected: Enter opens the file's diff.
    h.keys("<ret>");
    assert_eq!(h.effects(), asks_for(&diff));
    h.open_target(
        &diff,
        View::Document {
            title: "src/flask/app.py in 0000000001".into(),
            markdown: "```diff\n@@ -1,3 +1,3 @@\n-        pass\n+        return rule\n```\n".into(),
            links_from: None,
        },
    );
    assert_eq!(h.mode(), Mode::Document);
    insta::assert_debug_snapshot!("history_diff", h.draw().backend());
    // Esc: the commit, the history, the checklist, nothing.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::List);
    assert!(h.view_title().unwrap().starts_with("Commit"));
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::List);
    assert!(h.view_title().unwrap().starts_with("6. History"));
    h.keys("<esc>");
    assert_eq!(h.checklist_selected(), Some(5));
    h.keys("<esc>");
    assert!(!h.overlay_shown());
}

#[test]
fn older_commits_are_appended_to_the_history_in_place() {
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Full, history_page(0, 3, false));
    h.keys("G");
    let more = Target::History {
        path: None,
        skip: 3,
    };
    h.keys("<ret>");
    assert_eq!(h.effects(), asks_for(&more));
    let mut page = history_page(3, 2, false);
    page.items.pop(); // the end of the history
    h.open_target(&more, View::List(page));
    assert_eq!(h.mode(), Mode::List);
    let texts: Vec<String> = h.list_items().iter().map(|t| t[11..].to_string()).collect();
    assert_eq!(
        texts,
        [
            "Commit number 0",
            "Commit number 1",
            "Commit number 2",
            "Commit number 3",
            "Commit number 4"
        ]
    );
    assert_eq!(
        h.list_selected(),
        Some(3),
        "the selection stays where the older entry was"
    );
}

#[test]
fn l_in_the_explorer_shows_the_history_of_the_selected_path() {
    let mut h = explorer_on_app_py(120, 40);
    h.keys("L");
    let [Effect::OpenTarget { repo, target, .. }] = h.raw_effects() else {
        panic!("{:?}", h.effects());
    };
    assert_eq!(repo, FLASK);
    let Target::History {
        path: Some(path),
        skip: 0,
    } = target
    else {
        panic!("{target:?}");
    };
    let mut page = history_page(0, 1, false);
    page.title = format!("History: {path}");
    let target = target.clone();
    assert!(
        h.status_line()
            .unwrap()
            .starts_with("reading the history of")
    );
    h.open_target(&target, View::List(page));
    assert_eq!(h.mode(), Mode::List);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Explorer);
    // The progress message went with the work (issue 15, point 14).
    assert_eq!(h.status_line(), None, "{}", h.screen());
}

#[test]
fn a_view_that_comes_after_the_person_went_back_is_dropped() {
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Full, history_page(0, 3, false));
    h.keys("<ret>");
    assert_eq!(h.effects(), asks_for(&commit(0)));
    // Esc before it came: back at the checklist, and it stays so.
    h.keys("<esc>");
    h.open_target(&commit(0), View::List(history_page(9, 1, false)));
    assert_eq!(h.mode(), Mode::Study);
    // Two Enters on "older commits": only the last answer is appended,
    // once.
    h.keys("<ret>");
    h.step_view(
        FLASK,
        StepKind::History,
        View::List(history_page(0, 3, false)),
    );
    h.keys("G");
    let more = Target::History {
        path: None,
        skip: 3,
    };
    h.keys("<ret>");
    assert_eq!(h.effects(), asks_for(&more));
    h.keys("<ret>");
    assert_eq!(h.effects(), asks_for(&more));
    h.open_every_target(&more, || {
        let mut page = history_page(3, 1, false);
        page.items.pop();
        View::List(page)
    });
    assert_eq!(h.mode(), Mode::List);
    assert_eq!(h.list_items().len(), 4, "{:?}", h.list_items());
}

#[test]
fn fetching_more_history_keeps_the_clone_usable_and_gives_it_back_on_failure() {
    let mut h = home_on_flask(120, 40);
    // A clone of 500 commits, its history saying it is shallow.
    open_history(&mut h, Depth::Commits(500), history_page(0, 3, true));
    // d asks for 500 more than the clone has.
    h.keys("d");
    assert_eq!(h.effects(), ["Deepen pallets/flask Commits(1000)"]);
    // The history stays open; meanwhile the steps still open.
    assert_eq!(h.mode(), Mode::List);
    h.keys("<esc>").keys("k").keys("<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask RunLocally"]);
    h.clone_failed(FLASK, "the network is unreachable");
    assert_eq!(
        h.repo_status(FLASK),
        &RepoStatus::Cloned(Some(Depth::Commits(500)))
    );
    assert!(
        h.status_line().unwrap().contains("the clone is as it was"),
        "{:?}",
        h.status_line()
    );
    // Once it works, the explorer's header says so: the whole history
    // fetched (D) from the history of the open file.
    let mut h = explorer_on_app_py(120, 40);
    h.keys("L");
    let target = Target::History {
        path: Some("src/flask/app.py".into()),
        skip: 0,
    };
    h.open_target(&target, View::List(history_page(0, 1, true)));
    h.keys("D");
    assert_eq!(h.effects(), ["Deepen pallets/flask Full"]);
    assert_eq!(h.mode(), Mode::List, "the history stays open");
    h.clone_finished(FLASK, deepened_from_one(Depth::Full), Depth::Full);
    assert!(
        h.status_line()
            .unwrap()
            .contains("pallets/flask now has full history"),
        "{:?}",
        h.status_line()
    );
    // When the fetch ends, the same history is read again, and shown in
    // place of the old one.
    assert_eq!(
        h.effects(),
        [format!("OpenTarget pallets/flask {target:?}")]
    );
    h.open_target(&target, View::List(history_page(0, 5, false)));
    assert_eq!(h.mode(), Mode::List);
    h.keys("<esc>");
    assert_eq!(
        h.mode(),
        Mode::Explorer,
        "Esc: the explorer, not the old list"
    );
    let text = h.screen();
    assert!(text.contains("(full history)"), "{text}");
}

#[test]
fn step_six_is_shown_again_with_the_history_fetched() {
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Commits(1), history_page(0, 3, true));
    h.keys("D");
    assert_eq!(h.effects(), ["Deepen pallets/flask Full"]);
    assert_eq!(h.mode(), Mode::List, "the history stays open");
    assert!(
        h.screen().contains("fetching history")
            || h.status_line()
                .unwrap()
                .contains("fetching the whole history")
    );
    h.clone_finished(FLASK, deepened_from_one(Depth::Full), Depth::Full);
    let fx = h.effects();
    assert!(
        fx.contains(&"OpenStepView pallets/flask History".to_string()),
        "{fx:?}"
    );
    h.step_view(
        FLASK,
        StepKind::History,
        View::List(history_page(0, 8, false)),
    );
    assert_eq!(h.mode(), Mode::List);
    assert!(
        !h.screen().contains("This clone is shallow"),
        "{}",
        h.screen()
    );
    // Esc: the checklist it was opened from, not the old history.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Study);
    // Gone elsewhere meanwhile: nothing is opened over it.
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Commits(1), history_page(0, 3, true));
    h.keys("D").keys("<esc><esc>");
    h.effects();
    h.clone_finished(FLASK, deepened_from_one(Depth::Full), Depth::Full);
    let fx = h.effects();
    assert!(!fx.iter().any(|e| e.starts_with("OpenStepView")), "{fx:?}");
}

/// What a deepening of a depth-1 clone brings back.
fn deepened_from_one(to: Depth) -> CloneOutcome {
    CloneOutcome::Deepened {
        head: Oid::ZERO_SHA1,
        from: Depth::Commits(1),
        to,
    }
}
