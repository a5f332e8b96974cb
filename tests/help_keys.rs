//! Every line of every mode's help, tried: each key the line names,
//! pressed in that mode, does what the line says. (That the keys a line
//! names are the keys it binds is checked in `src/app/keymap.rs`.) A help
//! line without a check here fails the test of its mode.

mod common;

use codestudy::app::keymap::{Key, help_for};
use codestudy::app::{Action, FinderKind, HomeTab, Mode, Pane};
use codestudy::repo::Depth;
use codestudy::study::views::{Target, View};
use codestudy::study::{Change, NoteTarget, StepKind, StepState};
use common::flask::{FLASK, commit, explorer_on_app_py, history_page, home_on_flask, open_history};
use common::harness::Harness;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn event(key: Key) -> KeyEvent {
    match key {
        Key::Code(code @ KeyCode::Char(c)) if c.is_uppercase() => {
            KeyEvent::new(code, KeyModifiers::SHIFT)
        }
        Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
    }
}

/// A key of a help line and the action the table gives it; `None` for a
/// line about the mouse or typed text.
type Pressed = Option<(KeyEvent, Action)>;

/// Run `check(line's keys, key)` for every key of every line of `mode`'s
/// help (once with `None` for a line that binds no key); `check` says
/// whether it knows the line.
fn try_every_line(mode: Mode, check: impl Fn(&str, Pressed) -> bool) {
    for line in help_for(mode) {
        let keys: Vec<Pressed> = if line.binds.is_empty() {
            vec![None]
        } else {
            line.binds
                .iter()
                .map(|(k, a)| Some((event(*k), *a)))
                .collect()
        };
        for key in keys {
            assert!(
                check(line.keys, key),
                "{mode:?}: no check for the help line {:?} ({})",
                line.keys,
                line.what
            );
        }
    }
}

fn press(h: &mut Harness, key: Pressed) -> &mut Harness {
    h.press(key.expect("a line that binds keys").0)
}

fn action(key: Pressed) -> Action {
    key.expect("a line that binds keys").1
}

#[test]
fn home_lines_do_what_they_say() {
    try_every_line(Mode::Home, |keys, key| {
        let mut h = Harness::home(120, 40);
        assert_eq!(h.selected_repo(), "django/django");
        match keys {
            "j / ↓" => {
                press(&mut h, key);
                assert_eq!(h.selected_repo(), FLASK);
            }
            "k / ↑" => {
                press(h.keys("j"), key);
                assert_eq!(h.selected_repo(), "django/django");
            }
            "g / Home" => {
                press(h.keys("G"), key);
                assert_eq!(h.selected_repo(), "django/django");
            }
            "G / End" => {
                press(&mut h, key);
                assert_eq!(h.selected_repo(), "pytorch/pytorch");
            }
            "PgDn / Ctrl-d" => {
                press(&mut h, key);
                assert!(h.selected_row() > 1, "{}", h.selected_row());
            }
            "PgUp / Ctrl-u" => {
                let last = h.keys("G").selected_row();
                press(&mut h, key);
                assert!(h.selected_row() + 1 < last, "{}", h.selected_row());
            }
            "] / [" => match action(key) {
                Action::NextCategory => {
                    press(&mut h, key);
                    assert_eq!(h.selected_repo(), "psf/requests");
                }
                _ => {
                    press(h.keys("G"), key);
                    assert_eq!(h.selected_repo(), "tensorflow/tensorflow");
                }
            },
            "Enter" => {
                press(&mut h, key);
                assert_eq!(h.effects(), ["StartClone django/django"]);
                let mut h = Harness::home(120, 40);
                h.cloned(FLASK, Depth::Full);
                press(h.keys("j"), key);
                assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
                assert_eq!(h.mode(), Mode::Explorer);
            }
            "c" => {
                press(h.keys("<ret>"), key);
                assert_eq!(h.effects(), ["CancelClone django/django"]);
            }
            "s" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Study);
                assert!(h.screen().contains("django/django"));
            }
            "n" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Note);
                assert!(
                    h.screen()
                        .contains("Note on the repository (django/django)")
                );
            }
            "r" => {
                h.keys("<ret>").clone_failed("django/django", "no network");
                press(&mut h, key);
                assert_eq!(h.effects(), ["StartClone django/django"]);
            }
            "o" => {
                assert!(h.screen().contains("sorted by catalog order (o)"));
                press(&mut h, key);
                assert!(h.screen().contains("sorted by stars (o)"));
                assert_eq!(h.selected_repo(), "django/django");
            }
            "Tab" => {
                press(&mut h, key);
                assert_eq!(h.home_tab(), HomeTab::Guide);
                press(&mut h, key);
                assert_eq!(h.home_tab(), HomeTab::Repositories);
            }
            "1 / 2" => match action(key) {
                Action::ShowTab(HomeTab::Repositories) => {
                    press(h.keys("<tab>"), key);
                    assert_eq!(h.home_tab(), HomeTab::Repositories);
                }
                _ => {
                    press(&mut h, key);
                    assert_eq!(h.home_tab(), HomeTab::Guide);
                }
            },
            "mouse" => {
                h.click(10, 8);
                assert_eq!(h.selected_repo(), FLASK);
                let before = h.selected_row();
                h.scroll_down(10, 8);
                assert!(h.selected_row() > before);
                h.click(20, 3);
                assert_eq!(h.home_tab(), HomeTab::Guide);
            }
            "?" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Help);
                assert!(h.screen().contains("Keys: home"));
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Home);
            }
            "Esc" => {
                press(h.keys("?"), key);
                assert_eq!(h.mode(), Mode::Home);
                assert!(!h.quit_requested(), "Esc closes the help first");
                press(&mut h, key);
                assert!(h.quit_requested());
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

/// The help over the home screen: any of its keys closes it.
#[test]
fn the_help_closes_on_any_key_of_the_home_screen() {
    try_every_line(Mode::Help, |_, key| {
        let mut h = Harness::home(120, 40);
        h.keys("?");
        assert_eq!(h.mode(), Mode::Help);
        match key {
            None => {
                // The wheel and clicks leave it open.
                h.scroll_down(60, 20).click(60, 20);
                assert_eq!(h.mode(), Mode::Help);
            }
            Some((k, _)) => {
                h.press(k);
                assert!(h.mode() != Mode::Help || h.quit_requested(), "{k:?}");
            }
        }
        true
    });
}

#[test]
fn explorer_lines_do_what_they_say() {
    try_every_line(Mode::Explorer, |keys, key| {
        let mut h = explorer_on_app_py(160, 45);
        assert_eq!(h.focus(), Pane::Tree);
        assert_eq!(
            h.selected_tree_row().as_deref(),
            Some("key src/flask/app.py")
        );
        let last_line = common::flask::APP_PY.split('\n').count();
        match keys {
            "Tab / l / →" => {
                press(&mut h, key);
                assert_eq!(h.focus(), Pane::Outline);
            }
            "S-Tab / h / ←" => {
                press(&mut h, key);
                assert_eq!(h.focus(), Pane::Source);
            }
            "j / ↓" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(
                    tree.selected_tree_row().as_deref(),
                    Some("key src/flask/ctx.py")
                );
                press(h.keys("<tab>"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("default_config"));
                press(h.keys("<tab>"), key);
                assert_eq!(h.cursor_line(), 9, "the line below default_config's");
            }
            "k / ↑" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(
                    tree.selected_tree_row().as_deref(),
                    Some("key src/flask/__init__.py")
                );
                press(h.keys("<tab>G"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("decorator"));
                press(h.keys("<tab>G"), key);
                assert_eq!(h.cursor_line(), last_line - 1);
            }
            "g / Home" => {
                let mut tree = h.clone();
                press(tree.keys("G"), key);
                assert_eq!(tree.selected_tree_row(), tree.tree_rows().first().cloned());
                press(h.keys("<tab>G"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("Flask"));
                press(h.keys("<tab>G"), key);
                assert_eq!(h.cursor_line(), 1);
            }
            "G / End" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(tree.selected_tree_row().as_deref(), Some("README.md"));
                press(h.keys("<tab>"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("create_app"));
                press(h.keys("<tab>"), key);
                assert_eq!(h.cursor_line(), last_line);
            }
            "PgDn / Ctrl-d" => {
                let mut h = explorer_on_app_py(160, 20);
                press(h.keys("<S-tab>"), key);
                assert!(
                    h.cursor_line() > 2 && h.cursor_line() < last_line,
                    "{}",
                    h.cursor_line()
                );
            }
            "PgUp / Ctrl-u" => {
                let mut h = explorer_on_app_py(160, 20);
                press(h.keys("<S-tab>G"), key);
                assert!(
                    h.cursor_line() > 1 && h.cursor_line() < last_line - 1,
                    "{}",
                    h.cursor_line()
                );
            }
            "Enter" => {
                // A directory: listed and opened.
                let mut dir = h.clone();
                press(dir.select_tree_row("▸ docs"), key);
                assert_eq!(dir.effects(), ["ListDir pallets/flask docs"]);
                // A file: loaded (from when it was selected) and read
                // from the outline.
                let mut file = h.clone();
                press(file.select_tree_row("    src/flask/context.py"), key);
                assert!(
                    file.pending()
                        .contains(&"LoadFile pallets/flask src/flask/context.py".into()),
                    "{:?}",
                    file.pending()
                );
                assert_eq!(file.focus(), Pane::Outline);
                // A key file: its place in the tree, and the outline.
                press(&mut h, key);
                assert_eq!(
                    h.selected_tree_row().as_deref(),
                    Some("    src/flask/app.py ★")
                );
                assert_eq!(h.focus(), Pane::Outline);
            }
            "/ / Ctrl-p" => {
                press(&mut h, key);
                assert_eq!(h.finder(), Some(FinderKind::Files));
                assert_eq!(h.effects(), ["LoadFileList pallets/flask"]);
            }
            "@ / Ctrl-t" => {
                press(&mut h, key);
                assert_eq!(h.finder(), Some(FinderKind::Symbols));
                assert_eq!(h.effects(), ["LoadIndex pallets/flask"]);
            }
            "f" => {
                press(&mut h, key);
                assert!(h.screen().contains("Outline (no variables)"));
                assert!(!h.outline_names().contains(&"default_config".into()));
                press(&mut h, key);
                assert!(h.screen().contains("Outline (classes)"));
                assert_eq!(h.outline_names(), ["Flask"]);
                press(&mut h, key);
                assert!(h.screen().contains("Outline (all)"));
            }
            "m" => {
                press(h.keys("<tab>"), key);
                assert!(h.is_read(FLASK, "src/flask/app.py", "Flask"));
            }
            "L" => {
                press(&mut h, key);
                let history = Target::History {
                    path: Some("src/flask/app.py".into()),
                    skip: 0,
                };
                assert_eq!(
                    h.effects(),
                    [format!("OpenTarget pallets/flask {history:?}")]
                );
            }
            "n" => {
                let mut file = h.clone();
                press(&mut file, key);
                assert_eq!(file.mode(), Mode::Note);
                assert!(
                    file.screen()
                        .contains("Note on src/flask/app.py (pallets/flask)")
                );
                press(h.keys("<tab>"), key);
                assert!(
                    h.screen()
                        .contains("Note on src/flask/app.py > Flask (pallets/flask)")
                );
            }
            "s" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Study);
                assert!(h.screen().contains("pallets/flask"));
            }
            "e" => {
                press(h.keys("<S-tab>jj"), key);
                assert_eq!(h.effects(), ["OpenEditor pallets/flask src/flask/app.py:3"]);
            }
            "mouse" => {
                let outline = h.pane_area(Pane::Outline).unwrap();
                let source = h.pane_area(Pane::Source).unwrap();
                h.click(outline.x + 3, outline.y + 3);
                assert_eq!(h.focus(), Pane::Outline);
                assert_eq!(h.selected_symbol().as_deref(), Some("__init__"));
                let line = h.cursor_line();
                h.scroll_down(source.x + 5, source.y + 5);
                assert_eq!(h.focus(), Pane::Outline);
                assert_eq!(h.cursor_line(), line + 3, "the wheel moves three lines");
            }
            "?" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Help);
                assert!(h.screen().contains("Keys: explorer"));
            }
            "Esc / Backspace" => {
                press(&mut h, key);
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

#[test]
fn finder_lines_do_what_they_say() {
    try_every_line(Mode::Finder, |keys, key| {
        let mut h = explorer_on_app_py(160, 45);
        h.keys("/").file_list(
            FLASK,
            &[
                "README.md",
                "src/flask/app.py",
                "src/flask/context.py",
                "tests/test_basic.py",
            ],
        );
        assert_eq!(h.mode(), Mode::Finder);
        match keys {
            "text" => {
                h.type_text("ctx");
                assert_eq!(h.finder_files()[0], "src/flask/context.py");
                assert!(h.finder_files().len() < 4, "{:?}", h.finder_files());
            }
            "↑ / ↓" => match action(key) {
                Action::Down => {
                    press(&mut h, key);
                    assert_eq!(h.finder_selected(), Some(1));
                }
                _ => {
                    press(h.keys("<down>"), key);
                    assert_eq!(h.finder_selected(), Some(0));
                }
            },
            "Enter" => {
                press(h.type_text("ctx"), key);
                assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/context.py"]);
                assert_eq!(h.mode(), Mode::Explorer);
            }
            "Backspace" => {
                press(h.type_text("ctxq"), key);
                assert_eq!(h.finder_query().as_deref(), Some("ctx"));
            }
            "Esc" => {
                press(&mut h, key);
                assert_eq!(h.finder(), None);
                assert_eq!(h.mode(), Mode::Explorer);
            }
            _ => return false,
        }
        true
    });
}

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
fn prompt_lines_do_what_they_say() {
    try_every_line(Mode::Prompt, |keys, key| {
        let mut h = document(StepKind::RunLocally);
        h.keys("w");
        assert_eq!(h.mode(), Mode::Prompt);
        match keys {
            "text" => {
                h.type_text("x");
                assert!(h.screen().contains("> ~/codestudy/flaskx"));
            }
            "Backspace" => {
                press(&mut h, key);
                let screen = h.screen();
                assert!(
                    screen.contains("> ~/codestudy/flas")
                        && !screen.contains("> ~/codestudy/flask")
                );
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
