//! Hostile text from a repository (file names, file contents, messages
//! quoting them) never reaches a cell of the screen as a control, bidi or
//! zero-width character.

mod common;

use codestudy::repo::{Entry, EntryKind, RepoPath};
use codestudy::sanitize::is_unsafe;
use common::flask::{FLASK, explorer_on_app_py};
use common::harness::entry;

#[test]
fn hostile_names_and_contents_never_reach_a_cell() {
    let hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\r\x08\u{9b}\u{202e}\u{200b}";
    let mut h = explorer_on_app_py(160, 45);
    let source = format!(
        "class E{hostile}:\n    '''{hostile}'''\n    x = '{hostile}'\n\tdef m(self): pass  # {hostile}\n"
    );
    h.keys("j");
    h.reload_open_file(&source);
    assert!(h.screen().contains("class E"), "{}", h.screen());
    h.list_dir(
        FLASK,
        "docs",
        vec![Entry {
            path: RepoPath::from_bytes(format!("docs/{hostile}.py").into_bytes()),
            ..entry("docs/x", EntryKind::File)
        }],
    );
    h.say(&format!("could not open {hostile}"));
    assert!(h.screen().contains(" could not open "), "{}", h.screen());
    for focus_moves in 0..3 {
        for _ in 0..focus_moves {
            h.keys("<tab>");
        }
        for (w, ht) in [(160, 45), (60, 20)] {
            h.resize(w, ht);
            let t = h.draw();
            for cell in t.backend().buffer().content() {
                assert!(
                    !cell.symbol().chars().any(is_unsafe),
                    "unsafe character in a cell: {:?}",
                    cell.symbol()
                );
            }
        }
    }
}
