//! The note box: `n` on a symbol, a file or the repository, letters as
//! text, Esc or Ctrl-s saving, an emptied note removed, a quit saving
//! what is being written.

mod common;

use codestudy::app::Mode;
use codestudy::study::{Change, NoteTarget};
use common::flask::{FLASK, explorer_on_app_py, home_on_flask};

#[test]
fn n_writes_a_multi_line_note_on_the_selected_symbol_and_esc_saves_it() {
    let mut h = explorer_on_app_py(120, 40);
    h.clock("", "2026-11-24 10:00");
    h.keys("<tab>j"); // Flask.default_config
    h.keys("a");
    assert!(h.effects().is_empty());
    assert_eq!(h.mode(), Mode::Note);
    // Letters are text in the box, not commands: q does not quit.
    h.type_text("defaults live here\nsee config.py q");
    assert!(!h.quit_requested());
    let text = h.screen();
    assert!(
        text.contains("Note on src/flask/app.py > Flask.default_config"),
        "{text}"
    );
    assert!(text.contains("see config.py q"), "{text}");
    h.keys("<esc>");
    let target = NoteTarget {
        path: Some("src/flask/app.py".into()),
        symbol: Some("Flask.default_config".into()),
    };
    assert_eq!(
        h.last_change(),
        Some(Change::SetNote {
            repo: FLASK.into(),
            target: target.clone(),
            text: "defaults live here\nsee config.py q".into(),
            now: "2026-11-24 10:00".into(),
        })
    );
    assert!(!h.overlay_shown());
    assert_eq!(h.mode(), Mode::Explorer);
    // The outline marks the symbol.
    let text = h.screen();
    assert!(text.contains(" ✎   v default_config"), "{text}");
    // n again shows the note to edit; closing unchanged saves nothing.
    h.keys("a");
    assert!(h.screen().contains("defaults live here"));
    h.keys("<esc>");
    assert!(h.effects().is_empty());
    // Emptied, it is removed.
    h.keys("a");
    for _ in 0.."defaults live here\nsee config.py q".chars().count() {
        h.keys("<bs>");
    }
    h.keys("<esc>");
    assert!(matches!(h.last_change(), Some(Change::SetNote { text, .. }) if text.is_empty()));
    assert!(h.note(FLASK, &target).is_none());
}

#[test]
fn a_note_on_the_file_when_the_outline_is_not_focused_and_on_the_repository_from_the_checklist() {
    let mut h = explorer_on_app_py(120, 40);
    h.keys("a").type_text("the WSGI app").keys("<C-s>");
    assert!(matches!(
        h.last_change(),
        Some(Change::SetNote { target, .. }) if target == NoteTarget { path: Some("src/flask/app.py".into()), symbol: None }
    ));
    assert!(h.screen().contains("src/flask/app.py ✎ note"));
    // From the checklist: the repository; Esc goes back to the checklist.
    h.keys("s")
        .keys("n")
        .type_text("start with app.py")
        .keys("<esc>");
    assert!(matches!(
        h.last_change(),
        Some(Change::SetNote { target, .. }) if target == NoteTarget::repo()
    ));
    assert_eq!(h.mode(), Mode::Study);
    let text = h.screen();
    assert!(text.contains("✎ 2 notes: start with app.py"), "{text}");
}

#[test]
fn quitting_while_writing_a_note_saves_it() {
    let mut h = home_on_flask(100, 30);
    h.keys("n").type_text("read later").keys("<C-c>");
    assert!(h.quit_requested());
    assert!(matches!(h.last_change(), Some(Change::SetNote { text, .. }) if text == "read later"));
}

#[test]
fn note_box_snapshot() {
    let mut h = explorer_on_app_py(100, 30);
    h.keys("<tab>a");
    h.type_text(
        "The application object: routing, config and the request cycle all hang off it.\n\n- read __init__ first\n- then wsgi_app",
    );
    insta::assert_debug_snapshot!("note_box", h.draw().backend());
}
