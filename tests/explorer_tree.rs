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
    assert!(text.contains("✗ src/flask/ctx.py (missing)"), "{text}");
    assert!(text.contains("app.py ★"), "{text}");
}

/// Issue 15, point 9: a key file's row shows the path it opens, cut from
/// the start so the file name stays; the whole resolution (where it moved
/// from, what is similar to a missing one) is in the footer when selected.
#[test]
fn key_file_rows_show_the_path_they_open_and_the_footer_the_rest() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("j");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/ctx.py")
    );
    let text = h.screen();
    let footer = text.lines().last().unwrap();
    assert!(
        footer.contains("✗ src/flask/ctx.py: not in this checkout; similar: src/flask/context.py"),
        "{footer}"
    );
    // A moved one at a width where both paths do not fit: the new path,
    // its file name whole.
    let mut o = common::flask::overview();
    o.key_files[1] = codestudy::app::explorer::KeyFile {
        path: "flask/application.py".into(),
        resolution: codestudy::repo::Resolution::Moved {
            to: "src/flask/sansio/very/deep/package/application.py".into(),
            kind: EntryKind::File,
            became: codestudy::repo::Became::Moved,
        },
    };
    let mut h = common::flask::home_on_flask(80, 24);
    h.cloned(FLASK, codestudy::repo::Depth::Commits(1));
    h.keys("<ret>");
    h.open_repo(o);
    let text = h.screen();
    assert!(text.contains("application.py"), "{text}");
    assert!(
        !text.contains("(was flask/application.py)"),
        "no room: {text}"
    );
    h.keys("j");
    let text = h.screen();
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("→ flask/application.py moved to src/flask/sansio"),
        "{text}"
    );
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

/// Issue 15, point 5: moving the tree's selection does not replace the
/// open file at every row; it is shown once the selection rests (or at
/// once with Enter), and a file come back to is where it was left.
#[test]
fn moving_through_the_tree_keeps_the_open_file_until_the_selection_rests() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<S-tab>jjj<tab>");
    assert_eq!(h.cursor_line(), 4);
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/app.py")
    );
    h.keys("k");
    assert!(h.effects().is_empty(), "nothing loaded on the way");
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    assert!(h.state().busy(), "ticks come while a preview is due");
    h.rest();
    assert_eq!(
        h.effects(),
        ["LoadFile pallets/flask src/flask/__init__.py"]
    );
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    // Several rows at once load only the last.
    h.keys("jj");
    assert!(h.effects().is_empty());
    h.keys("k").rest();
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/app.py"]);
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    assert_eq!(h.cursor_line(), 4, "app.py back where it was left");
    // Enter shows the file at once.
    h.keys("k<ret>");
    assert_eq!(
        h.effects(),
        ["LoadFile pallets/flask src/flask/__init__.py"]
    );
}

/// Issue 15, point 5: the headings are no rows to stop on; `h` collapses
/// or goes to the parent, `l` expands, goes in, or opens.
#[test]
fn the_tree_moves_like_yazi() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("j");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/ctx.py")
    );
    h.keys("j");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("▸ docs"),
        "past the Files heading"
    );
    h.keys("k");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/ctx.py")
    );
    h.keys("gg");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/__init__.py"),
        "not the Key files heading"
    );
    assert!(
        h.screen().contains("Key files"),
        "the heading stays in view"
    );
    h.keys("k");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("key src/flask/__init__.py")
    );
    // h on an open directory closes it; again, its parent.
    h.select_tree_row("  ▾ src/flask").keys("h");
    assert_eq!(h.selected_tree_row().as_deref(), Some("  ▸ src/flask"));
    h.keys("h");
    assert_eq!(h.selected_tree_row().as_deref(), Some("▾ src"));
    assert_eq!(h.focus(), codestudy::app::Pane::Tree, "h stays in the tree");
    // l goes into an open directory, opens a closed one, opens a file.
    h.keys("l");
    assert_eq!(h.selected_tree_row().as_deref(), Some("  ▸ src/flask"));
    h.keys("l");
    assert_eq!(h.selected_tree_row().as_deref(), Some("  ▾ src/flask"));
    h.keys("l");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("    src/flask/__init__.py ★")
    );
    h.keys("l");
    assert_eq!(
        h.effects(),
        ["LoadFile pallets/flask src/flask/__init__.py"]
    );
    assert_eq!(h.focus(), codestudy::app::Pane::Outline);
    // In the outline, h is still the previous pane.
    h.keys("h");
    assert_eq!(h.focus(), codestudy::app::Pane::Tree);
    // l on a directory not listed yet asks for it.
    h.keys("gg").select_tree_row("▸ docs").keys("l");
    assert_eq!(h.effects(), ["ListDir pallets/flask docs"]);
}
