//! The outline and the source of the open file: they move together, a
//! stale load is dropped, `m` marks a symbol read.

mod common;

use codestudy::app::Pane;
use codestudy::study::Change;
use common::flask::{FLASK, explorer_on_app_py};

#[test]
fn outline_and_source_move_together() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<tab>"); // outline
    assert_eq!(h.focus(), Pane::Outline);
    h.keys("G");
    assert_eq!(h.selected_symbol().as_deref(), Some("create_app"));
    assert_eq!(h.cursor_line(), 21, "the source jumped to line 21");
    // Up to `route`: the source follows.
    for _ in 0..h.outline_names().len() {
        if h.selected_symbol().as_deref() == Some("route") {
            break;
        }
        h.keys("k");
    }
    assert_eq!(h.selected_symbol().as_deref(), Some("route"));
    assert_eq!(h.cursor_line(), 14);
    // In the source, moving into `decorator` selects it.
    h.keys("<tab>jjj");
    assert_eq!(h.selected_symbol().as_deref(), Some("decorator"));
    let text = h.screen();
    assert!(
        text.contains("src/flask/app.py › Flask › route › decorator"),
        "{text}"
    );
}

#[test]
fn a_stale_file_result_is_dropped() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("k").rest(); // back to __init__.py: a new request
    assert_eq!(
        h.effects(),
        ["LoadFile pallets/flask src/flask/__init__.py"]
    );
    // The old request's result arrives late: ignored.
    h.load_file_late("src/flask/app.py", "x = 1\n");
    assert!(h.file_loading());
    h.load_file("src/flask/__init__.py", "y = 2\n");
    assert_eq!(h.outline_names()[0], "y");
}

#[test]
fn m_marks_the_selected_symbol_read() {
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<tab>j"); // Flask.default_config
    h.keys("m");
    let change = Change::MarkRead {
        repo: FLASK.into(),
        path: "src/flask/app.py".into(),
        symbol: "Flask.default_config".into(),
        read: true,
    };
    assert_eq!(h.last_change(), Some(change), "{:?}", h.effects());
    let text = h.screen();
    assert!(text.contains("1/6 read"), "{text}");
    assert!(text.contains("✓    v default_config"), "{text}");
    // The count is the file's, whatever the filter shows (issue 15,
    // point 18): classes only, then all again.
    h.keys("ff");
    assert!(
        h.screen().contains("Outline (classes) 1/6 read"),
        "{}",
        h.screen()
    );
    h.keys("f");
    assert!(
        h.screen().contains("Outline (all) 1/6 read"),
        "{}",
        h.screen()
    );
    // Again: not read any more.
    h.keys("m");
    assert!(!h.is_read(FLASK, "src/flask/app.py", "Flask.default_config"));
}
