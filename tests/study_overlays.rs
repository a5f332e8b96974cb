//! The study checklist and the views its steps open: marking steps,
//! saving in order, a document, the working-copy prompt, a list whose
//! file opens in the explorer, the mouse wheel.

mod common;

use codestudy::app::Mode;
use codestudy::repo::Depth;
use codestudy::study::views::{ListView, Target, View};
use codestudy::study::{Change, StepKind, StepState};
use common::flask::{FLASK, home_on_flask, item, overview};

#[test]
fn the_study_checklist_toggles_steps_and_saves_them_in_order() {
    let mut h = home_on_flask(120, 40);
    h.clock("2026-11-24", "");
    h.keys("s");
    assert_eq!(h.mode(), Mode::Study);
    h.keys("<space>");
    let done = Change::SetStep {
        repo: FLASK.into(),
        number: 1,
        state: StepState::Done,
        today: "2026-11-24".into(),
    };
    assert_eq!(h.effects(), ["SaveProgress 1"]);
    assert_eq!(h.saves(), [(1, done.clone())]);
    h.keys("j").keys("i");
    let doing = Change::SetStep {
        repo: FLASK.into(),
        number: 2,
        state: StepState::InProgress,
        today: "2026-11-24".into(),
    };
    // Not saved yet: both go, in order.
    assert_eq!(h.effects(), ["SaveProgress 1,2"]);
    assert_eq!(h.saves(), [(1, done.clone()), (2, doing.clone())]);
    insta::assert_snapshot!("study_checklist", h.draw().backend());
    // The first save lands; the second change stays pending on top.
    let mut saved = codestudy::study::Progress::default();
    saved.apply(&done);
    h.progress_saved(&[1], Ok(saved));
    assert_eq!(h.unsaved_changes(), 1);
    assert_eq!(h.step_state(FLASK, 2), StepState::InProgress, "still shown");
    // A failed save keeps the change and says why.
    h.progress_saved(&[2], Err("could not write progress.toml: disk full"));
    assert_eq!(h.unsaved_changes(), 1);
    assert!(h.status_line().unwrap().contains("disk full"));
    // Toggling done twice is todo again.
    h.keys("k<space>");
    assert_eq!(h.step_state(FLASK, 1), StepState::Todo);
    h.keys("<esc>");
    assert!(!h.overlay_shown());
    let text = h.screen();
    assert!(
        text.contains("0/6"),
        "the home row shows the study progress: {text}"
    );
}

#[test]
fn step_views_open_from_the_checklist_and_w_asks_where_to_make_a_working_copy() {
    let mut h = home_on_flask(120, 40);
    h.home_dir("/home/someone");
    h.keys("s");
    // Not cloned: Enter says so.
    h.keys("<ret>");
    assert!(h.effects().is_empty());
    assert!(h.status_line().unwrap().contains("not cloned yet"));
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("jjjj").keys("<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask RunLocally"]);
    // Every step has a view: step 4 (one module at a time) opens too.
    h.keys("k").keys("<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask Modules"]);
    h.keys("j");
    h.step_view(
        FLASK,
        StepKind::RunLocally,
        View::Document {
            title: "5. Run the code locally: pallets/flask".into(),
            markdown: "# Run\n\n```sh\npytest    # pyproject.toml\n```\n".into(),
            links_from: None,
        },
    );
    assert_eq!(h.mode(), Mode::Document);
    let text = h.screen();
    assert!(text.contains("pytest    # pyproject.toml"), "{text}");
    insta::assert_debug_snapshot!("command_list", h.draw().backend());
    h.keys("w");
    assert_eq!(h.mode(), Mode::Prompt);
    let text = h.screen();
    assert!(text.contains("> ~/codestudy/flask"), "{text}");
    // Issue 15, point 23: the prompt says the copy tracks origin and how
    // to deepen a shallow one.
    assert!(
        text.contains("Its branch tracks origin, the catalog's address"),
        "{text}"
    );
    assert!(
        text.contains("From a shallow clone: git fetch --unshallow there gets the history."),
        "{text}"
    );
    for _ in 0.."flask".len() {
        h.keys("<bs>");
    }
    h.type_text("study-flask");
    h.keys("<ret>");
    assert_eq!(
        h.effects(),
        ["MakeWorkingCopy pallets/flask ~/codestudy/study-flask"]
    );
    h.working_copy_made(FLASK, "/home/someone/codestudy/study-flask");
    // Issue 15, point 21: the folder is recorded, for `e`.
    assert_eq!(
        h.effects(),
        ["SaveProgress 1"],
        "the working copy is recorded"
    );
    assert_eq!(
        h.state()
            .progress
            .repo(FLASK)
            .and_then(|p| p.working_copy.as_deref()),
        Some("/home/someone/codestudy/study-flask")
    );
    assert!(
        h.status_line()
            .unwrap()
            .contains("working copy of pallets/flask made in /home/someone/codestudy/study-flask (main tracks origin/main)")
    );
}

#[test]
fn enter_on_a_test_file_opens_it_in_the_explorer() {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Full);
    h.keys("sj<ret>");
    h.step_view(
        FLASK,
        StepKind::Tests,
        View::List(ListView {
            title: "2. Tests: pallets/flask".into(),
            intro: vec!["Test folders: tests/ (2 test files)".into()],
            items: vec![
                item("src/flask/app.py", "", None),
                item(
                    "tests/test_app.py",
                    "named after it",
                    Some(Target::File {
                        path: "tests/test_app.py".into(),
                    }),
                ),
            ],
            deepen: false,
        }),
    );
    insta::assert_debug_snapshot!("tests_list", h.draw().backend());
    h.keys("<ret>");
    assert!(!h.overlay_shown());
    assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
    // Once the repository is open, the file is revealed and loaded.
    h.open_repo(overview());
    assert!(
        h.effects()
            .iter()
            .any(|e| e == "LoadFile pallets/flask tests/test_app.py"),
        "{:?}",
        h.effects()
    );
    // Issue 15, point 4: Esc goes back to the list it came from (over the
    // home screen, where the list was), its entry still selected; not to
    // the home screen alone.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::List, "back to the list");
    assert!(h.screen().contains("tests/test_app.py"));
    assert!(!h.explorer_open(), "the explorer was opened for the list");
    // And from the list, back to the checklist, then home.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Study);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Home);
}

#[test]
fn a_file_opened_from_a_list_over_the_explorer_comes_back_to_it() {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Full);
    h.keys("<ret>");
    h.open_repo(overview());
    h.keys("sj<ret>");
    h.step_view(
        FLASK,
        StepKind::Tests,
        View::List(ListView {
            title: "2. Tests: pallets/flask".into(),
            intro: vec![],
            items: vec![item(
                "tests/test_app.py",
                "named after it",
                Some(Target::File {
                    path: "tests/test_app.py".into(),
                }),
            )],
            deepen: false,
        }),
    );
    h.keys("<ret>");
    assert_eq!(h.mode(), Mode::Explorer);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::List);
    assert!(h.explorer_open(), "the explorer stays open under the list");
    h.keys("<esc><esc>");
    assert_eq!(
        h.mode(),
        Mode::Explorer,
        "the checklist closes to the explorer"
    );
    // Without a list to go back to, Esc goes home as before.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Home);
}

#[test]
fn the_readme_is_rendered_as_markdown() {
    let mut h = home_on_flask(100, 30);
    h.cloned(FLASK, Depth::Full);
    h.keys("s<ret>");
    h.step_view(
        FLASK,
        StepKind::Documentation,
        View::Document {
            title: "1. Documentation: pallets/flask".into(),
            markdown: "# Flask\n\nFlask is a *lightweight* [WSGI](https://wsgi.readthedocs.io/) web application framework. It is designed to make getting started **quick and easy**.\n\n## A Simple Example\n\n```python\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n- item one\n- item `two`\n  1. nested\n\n> A quote.\n\n---\n".into(),
            links_from: None,
        },
    );
    assert_eq!(h.mode(), Mode::Document);
    insta::assert_debug_snapshot!("markdown_view", h.draw().backend());
}

#[test]
fn the_mouse_wheel_scrolls_the_overlays() {
    let mut h = home_on_flask(120, 40);
    h.keys("s");
    h.scroll_down(60, 20).scroll_down(60, 20);
    assert_eq!(h.checklist_selected(), Some(2));
    h.scroll_up(60, 20);
    assert_eq!(h.checklist_selected(), Some(1));
}

/// Issue 15, point 12: a wide character of the screen under an overlay
/// never covers the overlay's border. In a terminal, the second column of
/// an emoji is the emoji's: a border drawn there is not seen.
#[test]
fn overlays_clear_wide_characters_under_their_edges() {
    for (w, h_) in [(80, 24), (100, 30), (120, 40)] {
        let mut h = home_on_flask(w, h_);
        h.keys("s");
        assert_eq!(h.mode(), codestudy::app::Mode::Study);
        let t = h.draw();
        let buf = t.backend().buffer();
        // The checklist's top-left corner: the "┌" left of its title.
        let (x0, y0) = (0..buf.area.height)
            .find_map(|y| {
                let row: String = (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect();
                row.find("Study: pallets/flask").map(|_| {
                    let x = (0..buf.area.width)
                        .rev()
                        .find(|&x| x < buf.area.width / 2 && buf[(x, y)].symbol() == "┌")
                        .unwrap();
                    (x, y)
                })
            })
            .expect("the checklist is drawn");
        let mut y = y0 + 1;
        while buf[(x0, y)].symbol() != "└" {
            assert_eq!(
                buf[(x0, y)].symbol(),
                "│",
                "{w}x{h_}: the left border at row {y}"
            );
            let left = buf[(x0 - 1, y)].symbol();
            assert!(
                unicode_width::UnicodeWidthStr::width(left) <= 1,
                "{w}x{h_}: {left:?} at ({}, {y}) covers the border",
                x0 - 1
            );
            y += 1;
        }
    }
}

/// Issue 15, point 3: `?` over a box shows that box's keys, over it, and
/// any key comes back to the box as it was.
#[test]
fn help_over_a_box_shows_its_keys_and_comes_back_to_it() {
    let mut h = home_on_flask(120, 40);
    h.keys("s").keys("jj");
    assert_eq!(h.mode(), codestudy::app::Mode::Study);
    h.keys("?");
    assert_eq!(h.mode(), codestudy::app::Mode::Help);
    let text = h.screen();
    assert!(text.contains("Keys: study checklist"), "{text}");
    assert!(
        text.contains("Study: pallets/flask"),
        "the checklist stays under the help:\n{text}"
    );
    h.keys("x");
    assert_eq!(h.mode(), codestudy::app::Mode::Study);
    assert_eq!(h.checklist_selected(), Some(2), "where it was");
    // A step's view: its own keys too, and back to it.
    h.keys("<ret>");
    h.step_view(
        FLASK,
        codestudy::study::StepKind::Tests,
        View::List(codestudy::study::views::ListView {
            title: "2. Tests: pallets/flask".into(),
            intro: Vec::new(),
            items: vec![item("tests/test_basic.py", "", None)],
            deepen: false,
        }),
    );
    assert_eq!(h.mode(), codestudy::app::Mode::List);
    h.keys("?");
    assert!(h.screen().contains("Keys: list"), "{}", h.screen());
    h.keys("?");
    assert_eq!(h.mode(), codestudy::app::Mode::List);
}

/// Issue 16: a list entry whose detail its row cuts (step 4's "why", at
/// 120 columns) shows it whole on the list's last lines when selected;
/// details start at one column; the selection spans the row.
#[test]
fn the_selected_entrys_whole_detail_is_under_the_list() {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Full);
    h.keys("sjjj<ret>");
    let why = "0/10 read, next _no_app_msg · imported by flask/__init__.py, flask/app.py, flask/blueprints.py, flask/cli.py and 6 more, the last words";
    h.step_view(
        FLASK,
        StepKind::Modules,
        View::List(ListView {
            title: "4. One module at a time: pallets/flask".into(),
            intro: vec!["Read one module at a time.".into()],
            items: vec![
                item("Reading order: 2 modules", "", None),
                item(
                    "src/flask/globals.py",
                    why,
                    Some(Target::File {
                        path: "src/flask/globals.py".into(),
                    }),
                ),
                item(
                    "src/flask/app.py",
                    "0/45 read · key file",
                    Some(Target::File {
                        path: "src/flask/app.py".into(),
                    }),
                ),
            ],
            deepen: false,
        }),
    );
    let screen = h.screen();
    let rows: Vec<&str> = screen.lines().collect();
    let entry = rows
        .iter()
        .find(|r| r.contains("src/flask/globals.py"))
        .unwrap();
    assert!(
        entry.contains("src/flask/globals.py  0/10 read"),
        "{screen}"
    );
    assert!(
        !entry.contains("the last words"),
        "the row cuts it: {screen}"
    );
    let other = rows
        .iter()
        .find(|r| r.contains("src/flask/app.py"))
        .unwrap();
    assert!(
        other.contains("src/flask/app.py      0/45 read"),
        "one column: {screen}"
    );
    // Under the list, whole, on two lines.
    let at = rows
        .iter()
        .position(|r| r.contains("↳ 0/10 read"))
        .expect(&screen);
    let both = format!("{} {}", rows[at], rows[at + 1]);
    assert!(both.contains("the last"), "{screen}");
    assert!(rows[at + 1].contains("words"), "{screen}");
    // The other entry's detail fits: nothing under the list.
    h.keys("j");
    assert!(!h.screen().contains("↳"), "{}", h.screen());
}
