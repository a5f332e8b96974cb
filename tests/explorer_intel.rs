//! The code index in the explorer, over a real fixture clone (a bare
//! repository written with git2, read by the real jobs): `gd` jumps to a
//! definition and Ctrl-o comes back, several candidates open a picker,
//! `gr` lists references grouped by file (tests apart), the outline counts
//! a symbol's uses and shows a package's public API, `M` maps imports.

mod common;

use codestudy::app::{Mode, Pane};
use codestudy::repo::Depth;
use common::flask::FLASK;
use common::git::Fixture;
use common::harness::Harness;
use common::help_lines::{action, press, try_every_line};

const INIT: &str = "from .app import Flask\nfrom .helpers import url_for\n";

const APP: &str = r#"import os
from os.path import join

from .helpers import url_for


class Flask:
    def route(self, rule):
        return join(rule, url_for(rule))

    def run(self):
        print(self.route("/"))
        return os.getcwd()


def create_app():
    app = Flask()
    app.route("/")
    return app


def broken():
    return unknown_name
"#;

const HELPERS: &str = r#"def url_for(endpoint):
    return endpoint


def helper():
    return url_for("x")
"#;

const CTX: &str = r#"class AppContext:
    def push(self):
        pass


class RequestContext:
    def push(self):
        pass


def push_all(ctx):
    ctx.push()
"#;

const TEST_APP: &str = r#"from flask import Flask
from flask.helpers import url_for


def test_route():
    app = Flask()
    assert app.route("/x")
    assert url_for("a")
"#;

/// Text built to hurt a terminal: a bidi override and a zero-width
/// space in the lines a picker shows.
const EVIL: &str =
    "def evil():\n    return \"\u{202e}txt.exe\"\n\n\nevil()  # \u{200b}hidden\u{1b}[31m\n";

/// A clone of "flask" on disk, and where its code index is cached.
struct Clone {
    _tmp: tempfile::TempDir,
    dir: std::path::PathBuf,
    cache: std::path::PathBuf,
}

fn clone() -> Clone {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("flask.git");
    let mut f = Fixture::create(&dir);
    f.file("README.md", "# flask\n")
        .file("src/flask/__init__.py", INIT)
        .file("src/flask/app.py", APP)
        .file("src/flask/helpers.py", HELPERS)
        .file("src/flask/ctx.py", CTX)
        .file("tests/test_app.py", TEST_APP)
        .file("src/flask/evil.py", EVIL);
    f.commit("Initial import");
    Clone {
        cache: tmp.path().join("flask.intel"),
        dir,
        _tmp: tmp,
    }
}

impl Clone {
    fn run(&self, h: &mut Harness) {
        h.run_jobs_on(&self.dir, &self.cache);
    }
}

/// The explorer on the clone, its index built, `__init__.py` (the first
/// key file) open.
fn explorer(c: &Clone) -> Harness {
    let mut h = Harness::home(160, 45);
    h.keys("j");
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/__init__.py"));
    h
}

/// The explorer on `app.py`, the source focused.
fn in_app_py(c: &Clone) -> Harness {
    let mut h = explorer(c);
    h.keys("j").rest();
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    h.keys("<S-tab>");
    assert_eq!(h.focus(), Pane::Source);
    h
}

/// The cursor on the first match of `pattern` (a search, then Esc
/// clears it: the cursor stays).
fn cursor_on(h: &mut Harness, pattern: &str) {
    h.keys("/").type_text(pattern).keys("<ret><esc>");
    assert_eq!(h.mode(), Mode::Explorer);
}

#[test]
fn gd_jumps_to_the_definition_and_ctrl_o_comes_back() {
    let c = clone();
    let mut h = in_app_py(&c);
    cursor_on(&mut h, "url_for\\(rule");
    assert_eq!((h.cursor_line(), h.cursor_col()), (9, 27));
    h.keys("gd");
    assert_eq!(h.mode(), Mode::Explorer, "one exact answer: no picker");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
    assert_eq!((h.cursor_line(), h.cursor_col()), (1, 5));
    assert!(h.screen().contains("def url_for(endpoint):"));
    h.keys("<C-o>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert_eq!((h.cursor_line(), h.cursor_col()), (9, 27));

    // Enter in the source does the same, within the file too.
    cursor_on(&mut h, "Flask\\(\\)");
    h.keys("<ret>");
    c.run(&mut h);
    assert_eq!((h.cursor_line(), h.cursor_col()), (7, 7), "class Flask");
    h.keys("<C-o>");
    assert_eq!(h.cursor_line(), 17);
}

#[test]
fn names_from_outside_builtins_and_nothing_say_so() {
    let c = clone();
    let mut h = in_app_py(&c);
    // A name imported from outside: its import statement.
    cursor_on(&mut h, "join\\(rule");
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(h.cursor_line(), 2, "the import of join");
    assert_eq!(
        h.status_line(),
        Some("join comes from os.path, outside the repository")
    );
    cursor_on(&mut h, "print");
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(h.status_line(), Some("print is a Python builtin"));
    assert_eq!(h.cursor_line(), 12, "no jump");
    // The definition itself.
    cursor_on(&mut h, "create_app");
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(
        h.status_line(),
        Some("create_app is defined here (gr lists its references)")
    );
    assert_eq!(h.cursor_line(), 16);
    // A module imported from the repository: its file.
    cursor_on(&mut h, "helpers import");
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
    h.keys("<C-o>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    // A name nothing defines.
    cursor_on(&mut h, "unknown_name");
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(
        h.status_line(),
        Some("no definition found for unknown_name")
    );
    assert_eq!(h.cursor_line(), 23);
    // A blank: nothing under the cursor.
    h.keys(":3<ret>gd");
    assert_eq!(h.status_line(), Some("no name under the cursor"));
    // A keyword.
    h.keys(":7<ret>0gd");
    assert_eq!(h.status_line(), Some("class is a Python keyword"));
}

#[test]
fn several_candidates_open_a_picker_that_never_says_exact_for_a_guess() {
    let c = clone();
    let mut h = explorer(&c);
    // ctx.py is not a key file: the file finder is not needed, the tree
    // shows it.
    h.select_tree_row("    src/flask/ctx.py ★");
    c.run(&mut h);
    h.keys("<S-tab>");
    cursor_on(&mut h, "push\\(\\)");
    assert_eq!(h.cursor_line(), 12);
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    let (title, rows) = h.picker().unwrap();
    assert_eq!(title, "2 candidate definitions of push");
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("▶ src/flask/ctx.py:2 | def push(self): |"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with("src/flask/ctx.py:7 | def push(self): |"),
        "{rows:?}"
    );
    for r in &rows {
        assert!(!r.ends_with("exact"), "a guess shown as exact: {r}");
        assert!(r.ends_with("name match") || r.ends_with("likely"), "{r}");
    }
    let screen = h.screen();
    assert!(
        screen.contains("2 candidate definitions of push"),
        "{screen}"
    );
    assert!(screen.contains("src/flask/ctx.py:7"), "{screen}");
    // Down, Enter: the second one, a jump.
    h.keys("j<ret>");
    assert_eq!(h.mode(), Mode::Explorer);
    assert_eq!((h.cursor_line(), h.cursor_col()), (7, 9));
    h.keys("<C-o>");
    assert_eq!(h.cursor_line(), 12);
    // A click on a place selects it, a second click goes there.
    h.keys("gd");
    c.run(&mut h);
    let buf = h.draw();
    let buf = buf.backend().buffer();
    let row = (0..buf.area.height)
        .find(|y| common::harness::row_text(buf, *y).contains("src/flask/ctx.py:7 "))
        .unwrap();
    let x = common::harness::row_text(buf, row)
        .chars()
        .collect::<Vec<_>>()
        .windows(3)
        .position(|w| w == ['c', 't', 'x'])
        .unwrap() as u16;
    h.click(x, row);
    assert_eq!(h.mode(), Mode::Picker);
    assert!(h.picker().unwrap().1[1].starts_with("▶ src/flask/ctx.py:7"));
    h.click(x, row);
    assert_eq!(h.mode(), Mode::Explorer);
    assert_eq!(h.cursor_line(), 7);
    h.keys("<C-o>");
    // Esc closes a picker, never more.
    h.keys("gd");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Explorer);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/ctx.py"));
}

#[test]
fn gr_lists_references_grouped_by_file_tests_last_and_enter_jumps() {
    let c = clone();
    let mut h = explorer(&c);
    h.select_tree_row("    src/flask/helpers.py");
    c.run(&mut h);
    h.keys("<S-tab>");
    cursor_on(&mut h, "url_for");
    assert_eq!(h.cursor_line(), 1);
    h.keys("gr");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    let (title, rows) = h.picker().unwrap();
    assert_eq!(title, "6 references of url_for in 4 files", "{rows:#?}");
    let headings: Vec<&String> = rows.iter().filter(|r| r.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "## src/flask/__init__.py",
            "## src/flask/app.py",
            "## src/flask/helpers.py",
            "# tests (2 references)",
            "## tests/test_app.py",
        ],
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"▶ 2:22 | from .helpers import url_for | ".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"9:27 | return join(rule, url_for(rule)) | ".to_string()),
        "{rows:#?}"
    );
    assert!(
        rows.contains(&"8:12 | assert url_for(\"a\") | ".to_string()),
        "{rows:#?}"
    );
    let screen = h.screen();
    assert!(screen.contains("tests (2 references)"), "{screen}");
    assert!(
        screen.contains("return join(rule, url_for(rule))"),
        "{screen}"
    );

    // `/` filters (the places and their files), Enter keeps the filter.
    h.keys("/");
    assert_eq!(h.mode(), Mode::PickerFilter);
    h.type_text("assert").keys("<ret>");
    assert_eq!(h.mode(), Mode::Picker);
    let (_, rows) = h.picker().unwrap();
    assert_eq!(
        rows,
        [
            "# tests (2 references)",
            "## tests/test_app.py",
            "▶ 8:12 | assert url_for(\"a\") | ",
        ]
    );
    // Enter: there, and Ctrl-o back.
    h.keys("<ret>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("tests/test_app.py"));
    assert_eq!((h.cursor_line(), h.cursor_col()), (8, 12));
    h.keys("<C-o>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
    assert_eq!(h.cursor_line(), 1);
}

#[test]
fn the_outline_counts_the_selected_symbols_uses() {
    let c = clone();
    let mut h = explorer(&c);
    h.select_tree_row("    src/flask/helpers.py");
    c.run(&mut h);
    h.keys("<tab>");
    assert_eq!(h.focus(), Pane::Outline);
    assert_eq!(h.selected_symbol().as_deref(), Some("url_for"));
    assert_eq!(h.usage_line().as_deref(), Some("used 6 times in 4 files"));
    assert!(h.screen().contains("used 6 times in 4 files"));
    // The next symbol: asked for when selected, counted by a job.
    h.keys("j");
    assert_eq!(h.usage_line().as_deref(), Some("counting uses…"));
    c.run(&mut h);
    assert_eq!(h.selected_symbol().as_deref(), Some("helper"));
    assert_eq!(h.usage_line().as_deref(), Some("no references found"));
    // Back up: known already, nothing asked.
    h.keys("k");
    assert!(h.effects().is_empty(), "{:?}", h.effects());
    assert_eq!(h.usage_line().as_deref(), Some("used 6 times in 4 files"));
    // gr in the outline: the selected symbol's references.
    h.keys("gr");
    c.run(&mut h);
    let (title, _) = h.picker().unwrap();
    assert_eq!(title, "6 references of url_for in 4 files");
}

#[test]
fn a_stale_count_is_dropped() {
    let c = clone();
    let mut h = in_app_py(&c);
    h.keys("<S-tab>");
    assert_eq!(h.focus(), Pane::Outline);
    assert_eq!(h.selected_symbol().as_deref(), Some("Flask"));
    // route's count is asked for; before it comes the selection moves on
    // to run, whose count is asked for in turn.
    h.keys("j");
    assert_eq!(h.selected_symbol().as_deref(), Some("route"));
    assert_eq!(h.effects().len(), 1, "{:?}", h.effects());
    h.keys("j");
    assert_eq!(h.selected_symbol().as_deref(), Some("run"));
    // Both answered, route's first: only run's is taken.
    c.run(&mut h);
    assert_eq!(h.usage_line().as_deref(), Some("no references found"));
    h.keys("k");
    assert_eq!(h.usage_line().as_deref(), Some("counting uses…"));
    assert_eq!(h.effects().len(), 1, "asked again: {:?}", h.effects());
    c.run(&mut h);
    assert_eq!(h.usage_line().as_deref(), Some("used 3 times in 2 files"));
}

#[test]
fn an_init_py_outline_shows_its_public_api_openable() {
    let c = clone();
    let mut h = explorer(&c);
    assert_eq!(
        h.api_rows(),
        [
            "Public API",
            "Flask → src/flask/app.py:7",
            "url_for → src/flask/helpers.py:1",
        ]
    );
    let screen = h.screen();
    assert!(screen.contains("Public API (2 names)"), "{screen}");
    assert!(screen.contains("Flask → src/flask/app.py:7"), "{screen}");
    assert!(!screen.contains("no symbols"), "{screen}");
    // While the next file loads, the API rows of this one are gone (not
    // rows to move over or open).
    let mut loading = h.clone();
    loading.keys("j").rest();
    assert_eq!(loading.open_path().as_deref(), Some("src/flask/app.py"));
    assert!(loading.file_loading());
    assert!(loading.api_rows().is_empty(), "{:?}", loading.api_rows());
    // In the outline, j past the heading to Flask, Enter: app.py there.
    h.keys("<tab>");
    assert_eq!(h.focus(), Pane::Outline);
    h.keys("j<ret>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert_eq!((h.cursor_line(), h.cursor_col()), (7, 7));
    h.keys("<C-o>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/__init__.py"));
}

#[test]
fn m_maps_the_imports_and_importers_of_the_file() {
    let c = clone();
    let mut h = explorer(&c);
    h.select_tree_row("    src/flask/helpers.py");
    c.run(&mut h);
    h.keys("M");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    let (title, rows) = h.picker().unwrap();
    assert_eq!(
        title,
        "Modules of src/flask/helpers.py: imports 0 modules · imported by 3 files"
    );
    assert_eq!(
        rows,
        [
            "# imports 0 modules",
            "- nothing from this repository",
            "# imported by 3 files",
            "▶ src/flask/__init__.py | from .helpers import url_for | line 2",
            "src/flask/app.py | from .helpers import url_for | line 4",
            "tests/test_app.py | from flask.helpers import url_for | line 2",
        ]
    );
    h.keys("j<ret>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert_eq!(h.cursor_line(), 4);
    // app.py's own map: what it imports.
    h.keys("M");
    c.run(&mut h);
    let (title, rows) = h.picker().unwrap();
    assert_eq!(
        title,
        "Modules of src/flask/app.py: imports 1 module · imported by 1 file"
    );
    assert_eq!(rows[1], "▶ flask.helpers | src/flask/helpers.py | line 4");
    // tests/test_app.py imports the package (flask), not flask.app.
    assert_eq!(
        rows[3],
        "src/flask/__init__.py | from .app import Flask | line 1"
    );
    assert!(h.screen().contains("imports 1 module · imported by 1 file"));
    h.keys("<ret>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
    h.keys("<C-o>");
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert_eq!(h.cursor_line(), 4);
}

#[test]
fn while_the_index_builds_the_features_say_so() {
    let c = clone();
    let mut h = Harness::home(160, 45);
    h.keys("j");
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    // Everything but the index answered.
    let dir = c.dir.clone();
    h.complete(|e| match e {
        codestudy::app::Effect::OpenRepo {
            request,
            catalog_entry,
            ..
        } => Some(codestudy::app::JobResult::RepoOpened {
            request: *request,
            result: codestudy::jobs::open_repo(&dir, &catalog_entry.key_files),
        }),
        _ => None,
    });
    assert!(
        h.pending()
            .contains(&"BuildIntel pallets/flask".to_string()),
        "{:?}",
        h.pending()
    );
    h.complete(|e| match e {
        codestudy::app::Effect::LoadFile { request, path, .. } => {
            Some(codestudy::app::JobResult::FileLoaded {
                request: *request,
                result: codestudy::jobs::load_file(
                    &dir,
                    path,
                    &std::sync::atomic::AtomicBool::new(false),
                ),
            })
        }
        _ => None,
    });
    h.keys("<S-tab>gd");
    assert_eq!(h.status_line(), Some("building the code index…"));
    h.keys("M");
    assert_eq!(h.status_line(), Some("building the code index…"));
    assert!(h.effects().is_empty());
    // Once built, the same key is answered.
    c.run(&mut h);
    h.keys("M");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
}

#[test]
fn a_second_click_on_a_name_goes_to_its_definition() {
    let c = clone();
    let mut h = in_app_py(&c);
    cursor_on(&mut h, "url_for\\(rule");
    let area = h.pane_area(Pane::Source).unwrap();
    let buf = h.draw();
    let buf = buf.backend().buffer();
    let row = (area.y..area.y + area.height)
        .find(|y| common::harness::row_text(buf, *y).contains("return join(rule, url_for(rule))"))
        .unwrap();
    let text: Vec<char> = common::harness::row_text(buf, row).chars().collect();
    let x = (0..text.len())
        .find(|i| text[*i..].starts_with(&['u', 'r', 'l', '_']))
        .unwrap() as u16
        + 2;
    // The cursor is on url_for: a click on it again goes to it.
    h.click(x, row);
    c.run(&mut h);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
    // A click on another name only moves the cursor.
    h.keys("<C-o>");
    c.run(&mut h);
    h.click(x - 10, row);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert_eq!(h.mode(), Mode::Explorer);
}

#[test]
fn picker_lines_do_what_they_say() {
    let c = clone();
    let mut base = explorer(&c);
    base.select_tree_row("    src/flask/helpers.py");
    c.run(&mut base);
    base.keys("<S-tab>");
    cursor_on(&mut base, "url_for");
    base.keys("gr");
    c.run(&mut base);
    assert_eq!(base.mode(), Mode::Picker);
    let selected = |h: &Harness| {
        h.picker()
            .unwrap()
            .1
            .into_iter()
            .find(|r| r.starts_with("▶ "))
            .unwrap()
    };
    let first = selected(&base);
    try_every_line(Mode::Picker, |keys, key| {
        let mut h = base.clone();
        match keys {
            "j / ↓" | "PgDn / Ctrl-d" | "G / End" => {
                press(&mut h, key);
                assert_ne!(selected(&h), first, "{keys}");
            }
            "k / ↑" | "PgUp / Ctrl-u" | "g / Home" => {
                h.keys("jj");
                press(&mut h, key);
                assert_ne!(selected(&h), selected(base.clone().keys("jj")), "{keys}");
            }
            "Enter" => {
                press(&mut h, key);
                c.run(&mut h);
                assert_eq!(h.open_path().as_deref(), Some("src/flask/__init__.py"));
                h.keys("<C-o>");
                c.run(&mut h);
                assert_eq!(h.open_path().as_deref(), Some("src/flask/helpers.py"));
            }
            "/" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::PickerFilter);
            }
            "?" => {
                press(&mut h, key);
                let screen = h.screen();
                assert!(screen.contains("Keys: picker"), "{screen}");
                assert!(screen.contains("go there (a jump: Ctrl-o comes back)"));
                // Any key hides them, and does nothing else.
                h.keys("j");
                assert_eq!(h.mode(), Mode::Picker);
                assert!(!h.screen().contains("Keys: picker"));
                assert_eq!(selected(&h), first);
            }
            "Esc" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Explorer);
            }
            "q / Ctrl-c" => {
                press(&mut h, key);
                assert!(h.quit_requested());
            }
            _ => return false,
        }
        let _ = action(key);
        true
    });
    try_every_line(Mode::PickerFilter, |keys, key| {
        let mut h = base.clone();
        h.keys("/");
        match keys {
            "text" => {
                h.type_text("test_app");
                assert_eq!(h.picker().unwrap().1.len(), 4, "{:?}", h.picker());
            }
            "↑ / ↓" => {
                h.type_text("url");
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::PickerFilter);
            }
            "Backspace" => {
                h.type_text("test_appx");
                assert!(h.picker().unwrap().1.is_empty());
                press(&mut h, key);
                assert_eq!(h.picker().unwrap().1.len(), 4);
            }
            "Enter" => {
                h.type_text("test_app");
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Picker);
                assert_eq!(h.picker().unwrap().1.len(), 4);
            }
            "Esc" => {
                h.type_text("test_app");
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Picker);
                assert_eq!(h.picker().unwrap().1, base.picker().unwrap().1);
            }
            _ => return false,
        }
        true
    });
}

#[test]
fn what_the_repository_says_is_sanitized_in_pickers() {
    let c = clone();
    let mut h = explorer(&c);
    h.select_tree_row("    src/flask/evil.py");
    c.run(&mut h);
    h.keys("<S-tab>w");
    h.keys("gr");
    c.run(&mut h);
    let (title, rows) = h.picker().unwrap();
    assert_eq!(title, "1 reference of evil in 1 file");
    assert_eq!(rows.len(), 2, "{rows:?}");
    let screen = h.screen();
    for text in rows.iter().map(String::as_str).chain(screen.lines()) {
        assert!(
            !text.chars().any(codestudy::sanitize::is_unsafe),
            "an unsafe character shown: {text:?}"
        );
    }
    assert!(h.screen().contains("evil()"), "{}", h.screen());
    insta::assert_snapshot!("intel_references", h.screen());
}

#[test]
fn the_pickers_and_the_public_api_as_drawn() {
    let c = clone();
    let mut h = explorer(&c);
    insta::assert_snapshot!("intel_init_outline", h.screen());
    h.select_tree_row("    src/flask/helpers.py");
    c.run(&mut h);
    h.keys("<S-tab>wgr");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    insta::assert_snapshot!("intel_gr", h.screen());
    h.keys("<esc>M");
    c.run(&mut h);
    assert_eq!(h.mode(), Mode::Picker);
    insta::assert_snapshot!("intel_module_map", h.screen());
}
