//! The explorer's file tree: the catalog's key files on top, directories
//! listed when first opened, Esc back home.

mod common;

use codestudy::app::Mode;
use codestudy::repo::EntryKind;
use common::flask::{FLASK, explorer_on_app_py};
use common::harness::entry;

#[test]
fn the_tree_shows_key_files_first_with_their_directories_open() {
    let h = explorer_on_app_py(160, 45);
    let rows = h.tree_rows();
    assert_eq!(rows[0], "★ Key files");
    assert_eq!(
        rows[1..4],
        [
            "key src/flask/__init__.py",
            "key src/flask/app.py",
            "key src/flask/ctx.py"
        ]
    );
    assert!(rows.iter().any(|r| r == "▾ src") && rows.iter().any(|r| r == "  ▾ src/flask"));
    assert!(rows.iter().any(|r| r == "    src/flask/app.py ★"));
    let text = h.screen();
    assert!(text.contains("✗ src/flask/ctx.py (missing; sim"), "{text}");
    assert!(text.contains("app.py ★"), "{text}");
}

#[test]
fn enter_on_a_directory_lists_it_lazily() {
    let mut h = explorer_on_app_py(160, 45);
    h.select_tree_row("▸ docs").keys("<ret>");
    assert_eq!(h.effects(), ["ListDir pallets/flask docs"]);
    h.list_dir(
        FLASK,
        "docs",
        vec![entry("docs/index.rst", EntryKind::File)],
    );
    assert!(h.tree_rows().iter().any(|r| r == "  docs/index.rst"));
    // Enter again collapses it.
    h.keys("<ret>");
    assert!(!h.tree_rows().iter().any(|r| r.contains("docs/index.rst")));
}

#[test]
fn back_goes_home_and_q_quits() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Home);
    let mut h = explorer_on_app_py(160, 45);
    h.keys("q");
    assert!(h.quit_requested());
}
