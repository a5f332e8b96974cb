//! The help lines of the study checklist, a step's document, a list, the
//! working-copy prompt and the note box, tried: each key a line names,
//! pressed in that mode, does what the line says. A help line without a
//! check here fails the test of its mode.

mod common;

use codestudy::app::{Action, JobResult, Mode};
use codestudy::repo::Depth;
use codestudy::study::views::{ListView, Target, View};
use codestudy::study::{Change, NoteTarget, StepKind, StepState};
use common::flask::{FLASK, commit, history_page, home_on_flask, item, open_history};
use common::harness::Harness;
use common::help_lines::{action, press, try_every_line};

#[test]
fn study_lines_do_what_they_say() {
    try_every_line(Mode::Study, |keys, key| {
        let mut h = home_on_flask(120, 40);
        h.cloned(FLASK, Depth::Full).keys("s");
        assert_eq!(h.checklist_selected(), Some(0));
        match keys {
            "j / ↓" => {
                press(&mut h, key);
                assert_eq!(h.checklist_selected(), Some(1));
            }
            "k / ↑" => {
                press(h.keys("j"), key);
                assert_eq!(h.checklist_selected(), Some(0));
            }
            "Enter" => {
                press(&mut h, key);
                assert_eq!(h.effects(), ["OpenStepView pallets/flask Documentation"]);
            }
            "Space" => {
                press(&mut h, key);
                assert_eq!(h.step_state(FLASK, 1), StepState::Done);
                press(&mut h, key);
                assert_eq!(h.step_state(FLASK, 1), StepState::Todo, "or not");
            }
            "i" => {
                press(&mut h, key);
                assert_eq!(h.step_state(FLASK, 1), StepState::InProgress);
                press(&mut h, key);
                assert_eq!(h.step_state(FLASK, 1), StepState::Todo, "or not");
            }
            "n" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Note);
                assert!(
                    h.screen()
                        .contains("Note on the repository (pallets/flask)")
                );
            }
            "Esc / s" => {
                press(&mut h, key);
                assert!(!h.overlay_shown());
                assert_eq!(h.mode(), Mode::Home);
            }
            "q / Ctrl-c" => {
                press(&mut h, key);
                assert!(h.quit_requested());
            }
            _ => return false,
        }
        true
    });
}

/// The first of the document's numbered lines (`L001`…) on screen.
fn first_shown(h: &Harness) -> usize {
    let screen = h.screen();
    (1..=80)
        .find(|i| screen.contains(&format!("L{i:03}")))
        .expect("a line of the document is shown")
}

/// The checklist's step `step` opened as a long document.
fn document(step: StepKind) -> Harness {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Full)
        .home_dir("/home/someone")
        .keys("s");
    for _ in 0..step.index() {
        h.keys("j");
    }
    h.keys("<ret>");
    let lines: Vec<String> = (1..=80).map(|i| format!("L{i:03}")).collect();
    h.step_view(
        FLASK,
        step,
        View::Document {
            title: "A document".into(),
            markdown: format!("```\n{}\n```\n", lines.join("\n")),
            links_from: None,
        },
    );
    assert_eq!(h.mode(), Mode::Document);
    h
}

#[test]
fn document_lines_do_what_they_say() {
    try_every_line(Mode::Document, |keys, key| {
        let mut h = document(StepKind::Documentation);
        let top = first_shown(&h);
        match keys {
            "j / ↓" => {
                press(&mut h, key);
                assert_eq!(first_shown(&h), top + 1);
            }
            "k / ↑" => {
                press(h.keys("jj"), key);
                assert_eq!(first_shown(&h), top + 1);
            }
            "PgDn / Ctrl-d" => {
                press(&mut h, key);
                assert!(first_shown(&h) > top + 1, "{}", first_shown(&h));
            }
            "PgUp / Ctrl-u" => {
                let bottom = first_shown(h.keys("G"));
                press(&mut h, key);
                assert!(first_shown(&h) + 1 < bottom, "{}", first_shown(&h));
            }
            "g / Home" => {
                press(h.keys("jjj"), key);
                assert_eq!(first_shown(&h), top);
            }
            "G / End" => {
                press(&mut h, key);
                assert!(h.screen().contains("L080"));
            }
            "Tab / S-Tab" => {
                press(&mut h, key);
                let status = h.status_line().unwrap().to_string();
                match key.unwrap().1 {
                    codestudy::app::Action::FocusNext => {
                        assert!(status.starts_with("1/80 L001"), "{status}");
                        // Forward from a screen the selection is not on:
                        // the first one shown there, not the next.
                        press(h.keys("G"), key);
                        let status = h.status_line().unwrap().to_string();
                        let screen = h.screen();
                        let first = (1..=80)
                            .find(|i| screen.contains(&format!("L{i:03}")))
                            .unwrap();
                        assert!(first > 2, "{screen}");
                        assert!(
                            status.starts_with(&format!("{first}/80 L{first:03}")),
                            "{status}"
                        );
                    }
                    _ => {
                        // Backwards from the screen: the last one it shows.
                        let screen = h.screen();
                        let last = (1..=80)
                            .rev()
                            .find(|i| screen.contains(&format!("L{i:03}")))
                            .unwrap();
                        assert!(
                            status.starts_with(&format!("{last}/80 L{last:03}")),
                            "{status}"
                        );
                        assert!(last < 80, "{status}");
                        press(h.keys("G"), key);
                        let status = h.status_line().unwrap().to_string();
                        assert!(status.starts_with("80/80 L080"), "{status}");
                    }
                }
            }
            "y" => {
                press(&mut h, key);
                assert!(h.effects().is_empty());
                assert!(h.status_line().unwrap().contains("Tab selects"));
                press(h.keys("<tab><tab>"), key);
                assert_eq!(h.effects(), ["CopyToClipboard L002"]);
            }
            "o" => {
                press(h.keys("<tab>"), key);
                assert!(h.effects().is_empty(), "a command is not opened");
                let mut h = home_on_flask(120, 40);
                h.cloned(FLASK, Depth::Full).keys("s<ret>");
                h.step_view(
                    FLASK,
                    StepKind::Documentation,
                    View::Document {
                        title: "A document".into(),
                        markdown: "See [the docs](https://flask.palletsprojects.com/) and [a file](docs/x.md).\n".into(),
                        links_from: Some(String::new()),
                    },
                );
                press(h.keys("<tab>"), key);
                assert_eq!(
                    h.effects(),
                    ["OpenAddress https://flask.palletsprojects.com/"]
                );
                // A relative link is a file of the repository: `o` opens it
                // here, not in the browser.
                press(h.keys("<tab>"), key);
                assert!(h.status_line().unwrap().starts_with("opening docs/x.md"));
                assert_eq!(
                    h.effects(),
                    ["OpenTarget pallets/flask Document { path: \"docs/x.md\" }"]
                );
            }
            "Enter" => {
                press(&mut h, key);
                assert!(h.effects().is_empty());
                assert!(h.status_line().unwrap().contains("Tab selects"));
                let mut h = home_on_flask(120, 40);
                h.cloned(FLASK, Depth::Full).keys("s<ret>");
                h.step_view(
                    FLASK,
                    StepKind::Documentation,
                    View::Document {
                        title: "1. Documentation: pallets/flask".into(),
                        markdown: "See [the guide](../guide/start.md#install) and [the docs](https://x.org/).\n".into(),
                        links_from: Some("docs/api".into()),
                    },
                );
                press(h.keys("<tab>"), key);
                let target = Target::Document {
                    path: "docs/guide/start.md".into(),
                };
                assert_eq!(
                    h.effects(),
                    [format!("OpenTarget pallets/flask {target:?}")]
                );
                h.open_target(
                    &target,
                    View::Document {
                        title: "docs/guide/start.md".into(),
                        markdown: "# Starting\n\nInstall it.\n".into(),
                        links_from: Some("docs/guide".into()),
                    },
                );
                assert!(h.screen().contains("Starting"), "{}", h.screen());
                assert!(h.screen().contains("docs/guide/start.md"));
                // Esc: back to the step's document, then to the checklist.
                h.keys("<esc>");
                assert!(h.screen().contains("the guide"), "{}", h.screen());
                assert_eq!(h.mode(), Mode::Document);
                h.keys("<esc>");
                assert_eq!(h.mode(), Mode::Study);
                // An address: Enter says what it does instead.
                h.keys("<ret>");
                h.step_view(
                    FLASK,
                    StepKind::Documentation,
                    View::Document {
                        title: "1. Documentation: pallets/flask".into(),
                        markdown: "[the docs](https://x.org/)\n".into(),
                        links_from: Some(String::new()),
                    },
                );
                press(h.keys("<tab>"), key);
                assert!(h.effects().is_empty());
                assert!(h.status_line().unwrap().contains("o opens an address"));
            }
            "w" => {
                // Not in the other steps' documents.
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Document);
                let mut h = document(StepKind::RunLocally);
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Prompt);
                assert!(h.screen().contains("> ~/codestudy/flask"));
            }
            "n" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Note);
                assert!(
                    h.screen()
                        .contains("Note on the repository (pallets/flask)")
                );
            }
            "?" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Help);
                assert!(h.screen().contains("Keys: step view"), "{}", h.screen());
                h.keys("j");
                assert_eq!(h.mode(), Mode::Document, "back to the view");
            }
            "Esc" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Study);
            }
            "q / Ctrl-c" => {
                press(&mut h, key);
                assert!(h.quit_requested());
            }
            _ => return false,
        }
        true
    });
}

#[test]
fn list_lines_do_what_they_say() {
    try_every_line(Mode::List, |keys, key| {
        let mut h = home_on_flask(120, 40);
        open_history(&mut h, Depth::Commits(1), history_page(0, 60, true));
        assert_eq!(h.list_selected(), Some(0));
        match keys {
            "j / ↓" => {
                press(&mut h, key);
                assert_eq!(h.list_selected(), Some(1));
            }
            "k / ↑" => {
                press(h.keys("j"), key);
                assert_eq!(h.list_selected(), Some(0));
            }
            "PgDn / Ctrl-d" => {
                press(&mut h, key);
                assert!(h.list_selected().unwrap() > 1);
            }
            "PgUp / Ctrl-u" => {
                press(h.keys("G"), key);
                assert!(h.list_selected().unwrap() < 59);
            }
            "g / Home" => {
                press(h.keys("jj"), key);
                assert_eq!(h.list_selected(), Some(0));
            }
            "G / End" => {
                press(&mut h, key);
                assert_eq!(h.list_selected(), Some(60));
                assert_eq!(h.list_items()[60], "older commits…");
            }
            "Enter" => {
                press(&mut h, key);
                assert_eq!(
                    h.effects(),
                    [format!("OpenTarget pallets/flask {:?}", commit(0))]
                );
            }
            "y" => {
                press(&mut h, key);
                let fx = h.effects();
                assert!(
                    fx.len() == 1 && fx[0].starts_with("CopyToClipboard "),
                    "{fx:?}"
                );
            }
            "m" => {
                // On a commit: nothing to mark.
                press(&mut h, key);
                assert!(h.effects().is_empty());
                assert!(h.status_line().unwrap().contains("select a file"));
                // On a file of step 4's order: every symbol read, then none.
                let mut h = home_on_flask(120, 40);
                h.cloned(FLASK, Depth::Full).keys("s");
                h.keys("jjj<ret>");
                let path = "src/flask/ctx.py";
                h.step_view(
                    FLASK,
                    StepKind::Modules,
                    View::List(ListView {
                        title: "4. One module at a time: pallets/flask".into(),
                        intro: vec![],
                        items: vec![item(
                            path,
                            "0/2 read, next AppContext · key file",
                            Some(Target::FileAt {
                                path: path.into(),
                                line: 9,
                            }),
                        )],
                        deepen: false,
                    }),
                );
                press(&mut h, key);
                assert_eq!(h.effects(), [format!("FileSymbols pallets/flask {path}")]);
                let symbols = Ok(vec![
                    ("AppContext".to_string(), 9),
                    ("AppContext.push".to_string(), 12),
                ]);
                h.job(JobResult::FileSymbols {
                    repo: FLASK.into(),
                    path: path.into(),
                    result: symbols.clone(),
                });
                let p = h.state().progress.repo(FLASK).unwrap();
                assert!(p.is_read(path, "AppContext") && p.is_read(path, "AppContext.push"));
                assert!(h.screen().contains("2/2 read · key file"), "{}", h.screen());
                assert!(
                    h.status_line()
                        .unwrap()
                        .contains("all 2 symbols marked read")
                );
                press(&mut h, key);
                h.job(JobResult::FileSymbols {
                    repo: FLASK.into(),
                    path: path.into(),
                    result: symbols,
                });
                let p = h.state().progress.repo(FLASK).unwrap();
                assert!(!p.is_read(path, "AppContext") && !p.is_read(path, "AppContext.push"));
                assert!(
                    h.screen().contains("0/2 read, next AppContext · key file"),
                    "{}",
                    h.screen()
                );
            }
            "d" => {
                press(&mut h, key);
                assert_eq!(h.effects(), ["Deepen pallets/flask Commits(501)"]);
            }
            "D" => {
                press(&mut h, key);
                assert_eq!(h.effects(), ["Deepen pallets/flask Full"]);
            }
            "n" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Note);
                assert!(
                    h.screen()
                        .contains("Note on the repository (pallets/flask)")
                );
            }
            "?" => {
                press(h.keys("j"), key);
                assert_eq!(h.mode(), Mode::Help);
                assert!(h.screen().contains("Keys: list"), "{}", h.screen());
                h.keys("x");
                assert_eq!(h.mode(), Mode::List, "back to the list");
                assert_eq!(h.list_selected(), Some(1), "where it was");
            }
            "Esc" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Study);
            }
            "q / Ctrl-c" => {
                press(&mut h, key);
                assert!(h.quit_requested());
            }
            _ => return false,
        }
        true
    });
}

/// The prompt's text, as Enter would make the working copy of it.
fn prompt_text(h: &mut Harness) -> String {
    h.keys("<ret>");
    let effects = h.effects();
    let [one] = effects.as_slice() else {
        panic!("no working copy asked for: {effects:?}");
    };
    one.strip_prefix("MakeWorkingCopy pallets/flask ")
        .unwrap_or_else(|| panic!("{one}"))
        .to_string()
}

#[test]
fn prompt_lines_do_what_they_say() {
    try_every_line(Mode::Prompt, |keys, key| {
        let mut h = document(StepKind::RunLocally);
        h.keys("w");
        assert_eq!(h.mode(), Mode::Prompt);
        let a = key.map(|_| action(key));
        match keys {
            "text" => {
                h.type_text("x");
                assert!(h.screen().contains("> ~/codestudy/flaskx"));
            }
            "← →" => {
                press(&mut h, key);
                h.type_text("X");
                let want = match a {
                    Some(Action::Left) => "~/codestudy/flasXk",
                    _ => "~/codestudy/flaskX",
                };
                assert_eq!(prompt_text(&mut h), want);
            }
            "Home / End" | "Ctrl-a / Ctrl-e" => {
                h.keys("<left>");
                press(&mut h, key);
                h.type_text("X");
                let want = match a {
                    Some(Action::First) => "X~/codestudy/flask",
                    _ => "~/codestudy/flaskX",
                };
                assert_eq!(prompt_text(&mut h), want);
            }
            "Backspace / Del" => {
                if a == Some(Action::DeleteForward) {
                    h.keys("<home>");
                }
                press(&mut h, key);
                let want = match a {
                    Some(Action::DeleteForward) => "/codestudy/flask",
                    _ => "~/codestudy/flas",
                };
                assert_eq!(prompt_text(&mut h), want);
            }
            "Ctrl-u / Ctrl-k" => {
                // Issue 15, point 22: the pre-filled text can be cleared.
                h.keys("<left><left>");
                press(&mut h, key);
                h.type_text("Y");
                let want = match a {
                    Some(Action::KillToStart) => "Ysk",
                    _ => "~/codestudy/flaY",
                };
                assert_eq!(prompt_text(&mut h), want);
            }
            "Ctrl-w / Alt-Backspace" => {
                press(&mut h, key);
                assert_eq!(prompt_text(&mut h), "~/codestudy/");
            }
            "Tab" => {
                h.keys("<bs><bs><bs>");
                press(&mut h, key);
                assert_eq!(h.effects(), ["CompleteFolder ~/codestudy/fl"]);
                h.job(codestudy::app::JobResult::FolderNames {
                    typed: "~/codestudy/fl".into(),
                    names: vec!["flask".into(), "flit".into(), "other".into()],
                });
                assert!(
                    h.status_line()
                        .unwrap()
                        .contains("2 folders: flask/  flit/")
                );
                h.type_text("a");
                press(&mut h, key);
                h.job(codestudy::app::JobResult::FolderNames {
                    typed: "~/codestudy/fla".into(),
                    names: vec!["flask".into(), "flit".into()],
                });
                assert_eq!(prompt_text(&mut h), "~/codestudy/flask/");
            }
            "Enter" => {
                press(&mut h, key);
                assert_eq!(
                    h.effects(),
                    ["MakeWorkingCopy pallets/flask ~/codestudy/flask"]
                );
            }
            "Esc" => {
                press(&mut h, key);
                assert!(h.effects().is_empty());
                assert_eq!(h.mode(), Mode::Study);
                assert_eq!(h.checklist_selected(), Some(StepKind::RunLocally.index()));
            }
            _ => return false,
        }
        true
    });
}

/// The note's text as saved when the box closes.
fn saved(h: &mut Harness) -> String {
    h.keys("<esc>");
    match h.last_change() {
        Some(Change::SetNote { text, .. }) => text,
        other => panic!("not saved: {other:?}"),
    }
}

#[test]
fn note_lines_do_what_they_say() {
    try_every_line(Mode::Note, |keys, key| {
        let mut h = home_on_flask(120, 40);
        h.keys("n").type_text("ab\ncd");
        assert_eq!(h.mode(), Mode::Note);
        match keys {
            "text" => {
                h.type_text("x\ny");
                assert_eq!(saved(&mut h), "ab\ncdx\ny");
            }
            "← → ↑ ↓" => {
                let text = match action(key) {
                    Action::Left => saved(press(&mut h, key).type_text("Z")),
                    Action::Right => saved(press(h.keys("<home>"), key).type_text("Z")),
                    Action::Up => saved(press(&mut h, key).type_text("Z")),
                    _ => saved(press(h.keys("<up>"), key).type_text("Z")),
                };
                let expected = match action(key) {
                    Action::Left | Action::Right => "ab\ncZd",
                    Action::Up => "abZ\ncd",
                    _ => "ab\ncdZ",
                };
                assert_eq!(text, expected, "{key:?}");
            }
            "Home / End" => {
                let text = match action(key) {
                    Action::First => saved(press(&mut h, key).type_text("Z")),
                    _ => saved(press(h.keys("<home>"), key).type_text("Z")),
                };
                let expected = match action(key) {
                    Action::First => "ab\nZcd",
                    _ => "ab\ncdZ",
                };
                assert_eq!(text, expected);
            }
            "Backspace / Del" => {
                let text = match action(key) {
                    Action::DeleteChar => saved(press(&mut h, key)),
                    _ => saved(press(h.keys("<left>"), key)),
                };
                assert_eq!(text, "ab\nc");
            }
            "Esc / Ctrl-s" => {
                press(&mut h, key);
                assert!(!h.overlay_shown());
                assert!(
                    matches!(h.last_change(), Some(Change::SetNote { text, .. }) if text == "ab\ncd")
                );
                // An empty note is removed.
                press(h.keys("n<bs><bs><bs><bs><bs>"), key);
                assert!(
                    matches!(h.last_change(), Some(Change::SetNote { text, .. }) if text.is_empty())
                );
                assert_eq!(h.note(FLASK, &NoteTarget::repo()), None);
            }
            "Ctrl-c" => {
                press(&mut h, key);
                assert!(h.quit_requested());
                assert!(
                    matches!(h.last_change(), Some(Change::SetNote { text, .. }) if text == "ab\ncd")
                );
            }
            _ => return false,
        }
        true
    });
}
