//! The help lines of the home screen, its help, the explorer and the
//! finder, tried: each key a line names, pressed in that mode, does what
//! the line says. (That the keys a line names are the keys it binds is
//! checked in `src/app/keymap.rs`; the overlays' lines are tried in
//! `help_keys_overlays.rs`.) A help line without a check here fails the
//! test of its mode.

mod common;

use codestudy::app::{Action, FinderKind, HomeTab, Mode, Pane};
use codestudy::repo::Depth;
use codestudy::study::views::Target;
use common::flask::{FLASK, explorer_on_app_py};
use common::harness::Harness;
use common::help_lines::{action, press, try_every_line};

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
            "u" => {
                h.cloned("django/django", codestudy::repo::Depth::Commits(1));
                press(&mut h, key);
                assert_eq!(h.effects(), ["StartClone django/django"]);
                assert!(h.status_line().unwrap().contains("updating django/django"));
            }
            "D" => {
                h.cloned("django/django", codestudy::repo::Depth::Commits(1));
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Confirm);
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
                // Issue 15, point 1: Esc on the home screen clears the
                // message and never quits.
                h.keys("<ret>").clone_failed("django/django", "refused");
                assert!(h.status_line().is_some(), "a message to clear");
                press(&mut h, key);
                assert!(h.status_line().is_none());
                press(&mut h, key);
                assert!(!h.quit_requested(), "Esc never quits");
                assert_eq!(h.mode(), Mode::Home);
            }
            "Ctrl-z" => {
                // The runtime suspends (tests/e2e_terminal_io.rs); the app
                // itself is left as it was.
                assert_eq!(action(key), Action::Suspend);
                let before = h.screen();
                press(&mut h, key);
                assert!(!h.quit_requested());
                assert_eq!(h.screen(), before);
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
            Some((ks, _)) => {
                for k in ks.events() {
                    h.press(k);
                }
                assert!(h.mode() != Mode::Help || h.quit_requested(), "{ks:?}");
            }
        }
        true
    });
}

/// The code index of the synthetic flask's app.py, as its job brings it.
fn intel_built() -> codestudy::app::JobResult {
    let index = codestudy::intel::Index::from_sources(vec![(
        "src/flask/app.py".to_string(),
        common::flask::APP_PY.as_bytes().to_vec(),
    )]);
    codestudy::app::JobResult::IntelBuilt {
        repo: FLASK.into(),
        result: Ok(codestudy::app::explorer::intel::IntelIndex(
            std::sync::Arc::new(index),
        )),
    }
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
        let last_line = common::flask::APP_PY.lines().count();
        match keys {
            "Tab / Ctrl-l" => {
                press(&mut h, key);
                assert_eq!(h.focus(), Pane::Outline);
            }
            "S-Tab / Ctrl-h" => {
                press(&mut h, key);
                assert_eq!(h.focus(), Pane::Source);
            }
            "h / ←" => {
                // In the tree: the open directory closed, in the tree.
                let mut tree = h.clone();
                tree.select_tree_row("  ▾ src/flask");
                press(&mut tree, key);
                assert_eq!(tree.selected_tree_row().as_deref(), Some("  ▸ src/flask"));
                assert_eq!(tree.focus(), Pane::Tree);
                // In the outline: the pane before it.
                let mut outline = h.clone();
                press(outline.keys("<tab>"), key);
                assert_eq!(outline.focus(), Pane::Tree);
                press(h.keys("<S-tab>4j$"), key);
                assert_eq!((h.cursor_line(), h.cursor_col()), (5, 16));
                assert_eq!(h.focus(), Pane::Source);
            }
            "l / →" => {
                // A file in the tree: opened, the outline focused.
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(tree.focus(), Pane::Outline);
                let mut outline = h.clone();
                press(outline.keys("<tab>"), key);
                assert_eq!(outline.focus(), Pane::Source);
                press(h.keys("<S-tab>"), key);
                assert_eq!(h.cursor_col(), 2);
                assert_eq!(h.focus(), Pane::Source);
            }
            "j / ↓" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(
                    tree.selected_tree_row().as_deref(),
                    Some("key src/flask/ctx.py")
                );
                let mut counted = h.clone();
                press(counted.keys("<S-tab>3"), key);
                assert_eq!(counted.cursor_line(), 4, "a count repeats");
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
            "w / b" => {
                // Line 5: `class Flask(App):`.
                press(h.keys("<S-tab>4j"), key);
                match action(key) {
                    Action::WordNext => assert_eq!(h.cursor_col(), 7, "on Flask"),
                    _ => assert_eq!((h.cursor_line(), h.cursor_col()), (4, 1), "an empty line"),
                }
            }
            "0 / $" => match action(key) {
                Action::LineEnd => {
                    press(h.keys("<S-tab>4j"), key);
                    assert_eq!(h.cursor_col(), 17);
                }
                _ => {
                    press(h.keys("<S-tab>4j$"), key);
                    assert_eq!(h.cursor_col(), 1);
                }
            },
            "gg / Home" => {
                let mut tree = h.clone();
                press(tree.keys("G"), key);
                // The first row that is not a heading.
                assert_eq!(tree.selected_tree_row(), tree.tree_rows().get(1).cloned());
                press(h.keys("<tab>G"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("Flask"));
                press(h.keys("<tab>G"), key);
                assert_eq!(h.cursor_line(), 1);
            }
            "ge / End" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(tree.selected_tree_row().as_deref(), Some("README.md"));
                press(h.keys("<tab>"), key);
                assert_eq!(h.selected_symbol().as_deref(), Some("create_app"));
                press(h.keys("<tab>"), key);
                assert_eq!(h.cursor_line(), last_line);
            }
            "G" => {
                let mut plain = h.clone();
                press(plain.keys("<S-tab>"), key);
                assert_eq!(plain.cursor_line(), last_line);
                press(h.keys("<S-tab>14"), key);
                assert_eq!(h.cursor_line(), 14, "a count: that line");
                h.keys("<C-o>");
                assert_eq!(h.cursor_line(), 1, "a jump: Ctrl-o comes back");
            }
            "1 2 3 4 5 6 7 8 9" => {
                let Action::Digit(d) = action(key) else {
                    panic!("{key:?}")
                };
                press(h.keys("<S-tab>"), key);
                h.keys("G");
                assert_eq!(h.cursor_line(), d as usize);
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
            "gd / gr" => {
                // With the code index built (here from app.py alone), the
                // keys ask it about the name under the cursor: `route`.
                h.job(intel_built());
                press(h.keys("<S-tab>:14<ret>ww"), key);
                let asked = h.effects();
                let kind = match action(key) {
                    Action::GoToDefinition => "Definition",
                    _ => "References",
                };
                assert_eq!(
                    asked,
                    [format!(
                        "Intel {kind} {{ path: \"src/flask/app.py\", line: 14, column: 9, name: \"route\" }}"
                    )]
                );
            }
            "M" => {
                h.job(intel_built());
                press(&mut h, key);
                assert_eq!(
                    h.effects(),
                    ["Intel Modules { path: \"src/flask/app.py\" }"]
                );
                // Before the index is there, the status line says so.
                let mut early = explorer_on_app_py(160, 45);
                press(&mut early, key);
                assert_eq!(early.status_line(), Some("building the code index…"));
            }
            "/" => {
                let mut tree = h.clone();
                press(&mut tree, key);
                assert_eq!(tree.mode(), Mode::Search);
                tree.type_text("app").keys("<ret>");
                assert_eq!(tree.mode(), Mode::Explorer);
                let rows = tree.tree_rows();
                assert!(rows.contains(&"    src/flask/app.py ★".into()), "{rows:?}");
                assert!(!rows.contains(&"README.md".into()), "{rows:?}");
                assert!(tree.screen().contains("Files /app"));
                press(h.keys("<S-tab>"), key);
                h.type_text("def\\s");
                assert_eq!(h.cursor_line(), 10, "searched as typed");
                h.keys("<ret>");
                assert_eq!(h.search_count().as_deref(), Some("1/4"));
                assert!(h.screen().contains("[/def\\s 1/4]"), "{}", h.screen());
            }
            "n / N" => {
                press(h.keys("<S-tab>/def\\s<ret>"), key);
                match action(key) {
                    Action::NextMatch => {
                        assert_eq!(h.cursor_line(), 14);
                        assert_eq!(h.search_count().as_deref(), Some("2/4"));
                    }
                    _ => {
                        assert_eq!(h.cursor_line(), 21);
                        assert_eq!(h.status_line(), Some("search wrapped to bottom"));
                    }
                }
            }
            "*" => {
                press(h.keys("<S-tab>4jw"), key);
                assert_eq!((h.cursor_line(), h.cursor_col()), (22, 12));
                assert_eq!(
                    h.search_count().as_deref(),
                    Some("3/3"),
                    "line 1 has one too"
                );
            }
            ":" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Search);
                h.type_text("14").keys("<ret>");
                assert_eq!(h.cursor_line(), 14);
                assert_eq!(h.focus(), Pane::Source);
            }
            "]] / [[" => match action(key) {
                Action::NextSymbol => {
                    press(h.keys("<S-tab>"), key);
                    assert_eq!((h.cursor_line(), h.cursor_col()), (5, 1));
                    press(&mut h, key);
                    assert_eq!((h.cursor_line(), h.cursor_col()), (8, 5));
                    assert_eq!(h.selected_symbol().as_deref(), Some("default_config"));
                }
                _ => {
                    press(h.keys("<S-tab>9j"), key);
                    assert_eq!(h.cursor_line(), 8);
                }
            },
            "} / {" => match action(key) {
                Action::NextParagraph => {
                    press(h.keys("<S-tab>"), key);
                    assert_eq!(h.cursor_line(), 3);
                    press(&mut h, key);
                    assert_eq!(h.cursor_line(), 7);
                }
                _ => {
                    press(h.keys("<S-tab>4j"), key);
                    assert_eq!(h.cursor_line(), 4);
                }
            },
            "%" => {
                press(h.keys("<S-tab>4j"), key);
                assert_eq!((h.cursor_line(), h.cursor_col()), (5, 16));
                press(&mut h, key);
                assert_eq!(h.cursor_col(), 12);
            }
            "Ctrl-o / Ctrl-n" => match action(key) {
                Action::JumpBack => {
                    press(h.keys(":14<ret>"), key);
                    assert_eq!(h.cursor_line(), 1);
                    press(&mut h, key);
                    assert_eq!(h.status_line(), Some("no older place in the jump list"));
                }
                _ => {
                    press(h.keys(":14<ret><C-o>"), key);
                    assert_eq!(h.cursor_line(), 14);
                }
            },
            "z" => {
                press(h.keys("<S-tab>"), key);
                assert!(h.pane_area(Pane::Tree).is_none());
                assert!(h.pane_area(Pane::Outline).is_none());
                assert_eq!(h.pane_area(Pane::Source).unwrap().width, 160);
                press(&mut h, key);
                assert!(h.pane_area(Pane::Tree).is_some());
            }
            "y" => {
                press(h.keys(":14<ret>"), key);
                assert_eq!(h.effects(), ["CopyToClipboard src/flask/app.py:14"]);
                assert!(h.status_line().unwrap().contains("src/flask/app.py:14"));
            }
            "Y" => {
                press(h.keys(":14<ret>"), key);
                let link = "https://github.com/pallets/flask/blob/1e7ab2e0b3a1e7ab2e0b3a1e7ab2e0b3a1e7ab2e/src/flask/app.py#L14";
                assert_eq!(h.effects(), [format!("CopyToClipboard {link}")]);
                assert_eq!(h.status_line(), Some(format!("copied {link}").as_str()));
            }
            "W" => {
                let long = format!("x = 1\ny = \"{}\"\n", "w".repeat(150));
                let mut h = explorer_on_app_py(120, 40);
                h.keys("<C-p>").file_list(FLASK, &["long.py"]);
                h.keys("long<ret>").load_file("long.py", &long);
                assert!(!h.screen().contains('↪'));
                press(h.keys("<tab>"), key);
                assert!(h.screen().contains('↪'), "{}", h.screen());
                press(&mut h, key);
                assert!(!h.screen().contains('↪'));
            }
            "Space f / Ctrl-p" => {
                press(&mut h, key);
                assert_eq!(h.finder(), Some(FinderKind::Files));
                assert_eq!(h.effects(), ["LoadFileList pallets/flask"]);
            }
            "@ / Ctrl-t" => {
                press(&mut h, key);
                assert_eq!(h.finder(), Some(FinderKind::Symbols));
                assert_eq!(h.effects(), ["LoadIndex pallets/flask"]);
            }
            "Ctrl-f / Space /" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Grep);
                assert!(h.screen().contains("grep pallets/flask"));
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
            "u" => {
                h.cloned(FLASK, codestudy::repo::Depth::Commits(1));
                press(&mut h, key);
                assert_eq!(h.effects(), ["StartClone pallets/flask"]);
                assert_eq!(h.mode(), Mode::Explorer, "the explorer stays open");
            }
            "F" => {
                // Not a lazy clone here: it says so and fetches nothing.
                press(&mut h, key);
                assert!(h.effects().is_empty(), "{:?}", h.effects());
                assert!(
                    h.status_line().unwrap().contains("it is not a lazy clone"),
                    "{:?}",
                    h.status_line()
                );
            }
            "H" => {
                // The outline's selected symbol (Tab: the outline).
                press(h.keys("<tab>"), key);
                let history = Target::SymbolHistory {
                    path: "src/flask/app.py".into(),
                    symbol: "Flask".into(),
                };
                assert_eq!(
                    h.effects(),
                    [format!("OpenTarget pallets/flask {history:?}")]
                );
                // In the source, the symbol the cursor is in.
                press(h.keys("<tab>").keys(":14<ret>"), key);
                let fx = h.effects();
                assert!(
                    fx.len() == 1
                        && fx[0].contains("SymbolHistory")
                        && fx[0].contains("src/flask/app.py"),
                    "{fx:?}"
                );
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
            "a" => {
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
            "Ctrl-z" => {
                // The runtime suspends (tests/e2e_terminal_io.rs); the app
                // itself is left as it was.
                assert_eq!(action(key), Action::Suspend);
                let before = h.screen();
                press(&mut h, key);
                assert!(!h.quit_requested());
                assert_eq!(h.screen(), before);
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
fn search_prompt_lines_do_what_they_say() {
    try_every_line(Mode::Search, |keys, key| {
        let mut h = explorer_on_app_py(160, 45);
        h.keys("<S-tab>/");
        assert_eq!(h.mode(), Mode::Search);
        match keys {
            "text" => {
                h.type_text("route");
                assert_eq!(h.cursor_line(), 14, "searched as typed");
                let mut line = explorer_on_app_py(160, 45);
                line.keys(":").type_text("16\n");
                assert_eq!(line.cursor_line(), 16);
            }
            "Backspace" => {
                press(h.type_text("routex"), key);
                assert_eq!(h.prompt().map(|p| p.0).as_deref(), Some("route"));
                assert_eq!(h.cursor_line(), 14);
            }
            "Enter" => {
                press(h.type_text("route"), key);
                assert_eq!(h.mode(), Mode::Explorer);
                assert_eq!(h.search_count().as_deref(), Some("1/1"));
                h.keys("<C-o>");
                assert_eq!(h.cursor_line(), 1, "a search is a jump");
            }
            "Esc" => {
                press(h.type_text("route"), key);
                assert_eq!(h.mode(), Mode::Explorer);
                assert_eq!(h.cursor_line(), 1);
                assert_eq!(h.search_count(), None);
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
        h.keys("<C-p>").file_list(
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
