//! The finders: `/` narrows the repository's files, `@` its symbols, and
//! Enter goes there, also before the list has come or into a directory
//! not listed yet.

mod common;

use codestudy::app::{FinderKind, Pane};
use codestudy::outline::SymbolKind;
use codestudy::outline::index::IndexEntry;
use codestudy::repo::{Entry, EntryKind};
use common::flask::{FLASK, explorer_on_app_py};
use common::harness::entry;

#[test]
fn the_file_finder_narrows_and_jumps() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<C-p>");
    assert_eq!(h.effects(), ["LoadFileList pallets/flask"]);
    h.file_list(
        FLASK,
        &[
            "README.md",
            "src/flask/app.py",
            "src/flask/context.py",
            "tests/test_basic.py",
        ],
    );
    h.keys("ctx");
    // q is text in a finder, not quit.
    h.keys("q");
    assert!(!h.quit_requested());
    h.keys("<bs>");
    assert_eq!(h.finder_query().as_deref(), Some("ctx"));
    assert_eq!(h.finder_files()[0], "src/flask/context.py");
    insta::assert_snapshot!("finder_files", h.draw().backend());
    h.keys("<ret>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/context.py"]);
    assert!(h.finder().is_none());
}

#[test]
fn the_symbol_finder_jumps_to_the_line() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("@");
    assert_eq!(h.effects(), ["LoadIndex pallets/flask"]);
    assert_eq!(h.finder(), Some(FinderKind::Symbols));
    let idx = vec![
        IndexEntry {
            path: "src/flask/app.py".into(),
            symbol: "Flask.route".into(),
            kind: SymbolKind::Method,
            line: 14,
        },
        IndexEntry {
            path: "src/flask/app.py".into(),
            symbol: "create_app".into(),
            kind: SymbolKind::Function,
            line: 21,
        },
    ];
    h.symbol_index(FLASK, idx);
    h.keys("flroute");
    insta::assert_snapshot!("finder_symbols", h.draw().backend());
    h.keys("<ret>");
    assert!(
        h.effects().is_empty(),
        "app.py is open already: {:?}",
        h.effects()
    );
    assert_eq!(h.cursor_line(), 14);
    assert_eq!(h.focus(), Pane::Source);
}

#[test]
fn a_file_found_in_an_unlisted_directory_is_selected_once_the_listing_arrives() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<C-p>");
    h.file_list(FLASK, &["src/flask/app.py", "tests/test_zeta.py"]);
    h.keys("zeta").keys("<ret>");
    assert!(
        h.effects()
            .iter()
            .any(|e| e == "ListDir pallets/flask tests"),
        "{:?}",
        h.effects()
    );
    // The listing comes later, with many entries before the file.
    let mut entries: Vec<Entry> = (0..50)
        .map(|i| entry(&format!("tests/test_a{i:02}.py"), EntryKind::File))
        .collect();
    entries.push(entry("tests/test_zeta.py", EntryKind::File));
    h.list_dir(FLASK, "tests", entries);
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("  tests/test_zeta.py")
    );
}

#[test]
fn enter_while_the_file_list_loads_goes_to_the_best_match_once_it_is_there() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<C-p>ctx");
    // Typed faster than the list loaded: Enter waits for it.
    h.keys("<ret>");
    assert!(h.effects().is_empty());
    assert!(h.finder().is_some());
    h.file_list(FLASK, &["README.md", "src/flask/context.py"]);
    assert!(
        h.effects()
            .iter()
            .any(|e| e == "LoadFile pallets/flask src/flask/context.py"),
        "{:?}",
        h.effects()
    );
    assert!(h.finder().is_none());
}

/// A paste into a finder is its first line, without control or bidi
/// characters; it does not quit or move on the way.
#[test]
fn a_paste_into_a_finder_is_its_first_line() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<C-p>");
    h.file_list(
        FLASK,
        &["README.md", "src/flask/app.py", "src/flask/ctx.py"],
    );
    h.keys("c");
    h.paste("tx\u{202e}q\u{1b}[2J\rsecond line\nthird");
    assert!(!h.quit_requested());
    assert_eq!(h.finder_query().as_deref(), Some("ctxq[2J"));
    h.keys("<bs><bs><bs><bs>");
    assert_eq!(h.finder_query().as_deref(), Some("ctx"));
    assert_eq!(h.finder_files(), ["src/flask/ctx.py"]);
}

/// Issue 15, point 10: the symbol finder cut paths at about 45 columns in
/// a 125-column box. The symbol takes what it needs, the place the rest;
/// a path too long even so loses its start, never its file name and line.
#[test]
fn the_symbol_finder_shows_whole_paths_and_cuts_long_ones_from_the_start() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("@");
    let long = "src/flask/sansio/very/deeply/nested/package/of/modules/scaffold.py";
    let longer = format!("{}/blueprints.py", "a/b".repeat(60));
    h.symbol_index(
        FLASK,
        vec![
            IndexEntry {
                path: long.into(),
                symbol: "Scaffold.route".into(),
                kind: SymbolKind::Method,
                line: 362,
            },
            IndexEntry {
                path: longer.clone().into(),
                symbol: "Blueprint.route".into(),
                kind: SymbolKind::Method,
                line: 7,
            },
        ],
    );
    h.keys("route");
    let screen = h.screen();
    assert!(screen.contains(&format!("{long}:362")), "{screen}");
    assert!(
        screen.contains("…/blueprints.py:7") || screen.contains("b/blueprints.py:7"),
        "{screen}"
    );
    assert!(screen.contains("…"), "the longer path is cut: {screen}");
    assert!(!screen.contains(&longer), "{screen}");
}
