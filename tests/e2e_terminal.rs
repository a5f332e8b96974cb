//! The real binary in a pseudo-terminal: the home screen answers keys, and
//! the terminal is restored however the program ends.

mod common;

use std::time::Duration;

use common::pty::PtySession;

const WAIT: Duration = Duration::from_secs(20);

/// The terminal after exit: main screen, no mouse reporting, cursor shown,
/// cooked mode.
fn assert_restored(s: &PtySession) {
    s.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "left the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting off"
        );
        assert!(!screen.hide_cursor(), "cursor visible");
    });
    assert!(s.terminal_is_cooked(), "raw mode left");
}

fn start() -> PtySession {
    let s = PtySession::spawn(&[], &[], 120, 40);
    s.wait_for("Python Codebases to Study", WAIT);
    s.wait_for("▶ django/django", WAIT);
    s
}

#[test]
fn keys_move_the_selection_and_q_quits_cleanly() {
    let mut s = start();
    assert!(s.with_screen(|sc| sc.alternate_screen()));
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.wait_for("Key files      src/flask/__init__.py", WAIT);
    s.send("\x1b[B"); // Down arrow
    s.wait_for("▶ encode/django-rest-framework", WAIT);
    s.send("]");
    s.wait_for("▶ psf/requests", WAIT);
    s.send("G");
    s.wait_for("▶ pytorch/pytorch", WAIT);
    s.send("?");
    s.wait_for("Keys: home", WAIT);
    s.send("\x1b");
    s.wait_until("help closed", WAIT, |sc| {
        !sc.contents().contains("Keys: home")
    });
    s.send("\t");
    s.wait_for("How to Study These Codebases", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
}

#[test]
fn mouse_clicks_select_and_the_wheel_moves() {
    let mut s = start();
    // SGR mouse reports, 1-based: a left press at column 11, row 9 is the
    // flask row (0-based row 8) at 120x40.
    s.send("\x1b[<0;11;9M\x1b[<0;11;9m");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\x1b[<65;11;9M"); // wheel down
    s.wait_for("▶ encode/django-rest-framework", WAIT);
    s.send("\x1b[<0;21;4M"); // the "2 Study guide" tab
    s.wait_for("How to Study These Codebases", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

#[test]
fn esc_on_home_never_quits_and_q_does() {
    let mut s = start();
    s.send("\x1b");
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = start();
    s.signal("TERM");
    assert_eq!(s.wait_exit(WAIT), 128 + 15);
    assert_restored(&s);
}

#[test]
fn sighup_restores_the_terminal() {
    let mut s = start();
    s.signal("HUP");
    assert_eq!(s.wait_exit(WAIT), 128 + 1);
    assert_restored(&s);
}

#[test]
fn a_panic_restores_the_terminal_and_shows_the_message() {
    // Debug builds panic on purpose after start-up when asked to; release
    // builds do not have this switch.
    let mut s = PtySession::spawn(&[], &[("CODESTUDY_TEST_PANIC", "1")], 100, 30);
    let code = s.wait_exit(WAIT);
    assert_ne!(code, 0);
    assert_restored(&s);
    let out = String::from_utf8_lossy(&s.output()).into_owned();
    let leave = out.find("\x1b[?1049l").expect("left the alternate screen");
    assert_eq!(
        out.matches("\x1b[?1049l").count(),
        1,
        "restored exactly once"
    );
    let message = out
        .rfind("deliberate panic for testing")
        .expect("panic message shown");
    assert!(
        message > leave,
        "the message is printed after the terminal is restored"
    );
}

#[test]
fn resizing_to_tiny_and_back_keeps_working() {
    let mut s = start();
    s.resize(30, 8);
    s.wait_for("terminal too small", WAIT);
    s.resize(80, 24);
    s.wait_for("▶ django/django", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// The whole path a person takes, against a repository served by a real
/// `git daemon` through --mirror: select it, clone it, open a key file,
/// jump to a symbol from the outline.
#[test]
fn clone_open_a_key_file_and_jump_to_a_symbol() {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    common::git::serve_study_fixture(&served, &["pallets/flask"]);
    let daemon = common::git::GitDaemon::start(&served);
    let cache = tmp.path().join("cache");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut s = PtySession::spawn(
        &[
            "--cache-dir",
            &cache.display().to_string(),
            "--mirror",
            &daemon.mirror(),
        ],
        &[("HOME", &home.display().to_string())],
        160,
        45,
    );
    s.wait_for("▶ django/django", WAIT);
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    // The clone runs in the background, then the explorer opens on its own.
    s.wait_for("★ Key files", WAIT);
    s.wait_for("✓ src/flask/app.py", WAIT);
    s.wait_for("@ ", WAIT);
    // The first key file (__init__.py) is previewed; the next one is app.py.
    s.send("j");
    // app.py's outline (`C Flask` alone could be __init__.py's public API
    // row, `C Flask → src/flask/app.py:1`).
    s.wait_for("m route(self, rule)", WAIT);
    // Into the outline, down to `route`: the source shows it and the
    // breadcrumb names it.
    s.send("\t");
    s.send("j");
    s.wait_for("src/flask/app.py › Flask › route", WAIT);
    s.wait_for("def route(self, rule):", WAIT);
    // Back home: the row says it is cloned.
    s.send("\x1b");
    s.wait_for("cloned (d1)", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
    assert!(cache.join("repos/pallets/flask.git/HEAD").exists());
}

/// The source line the cursor (the one reversed cell) is on, read from
/// the gutter of its row.
fn cursor_line(screen: &vt100::Screen) -> Option<usize> {
    let (rows, cols) = screen.size();
    for row in 0..rows {
        for col in 0..cols {
            if screen.cell(row, col).is_some_and(|c| c.inverse()) {
                let text = screen.contents_between(row, 0, row, col);
                let gutter = text.rsplit('│').next().unwrap_or("");
                return gutter.split_whitespace().next()?.parse().ok();
            }
        }
    }
    None
}

/// Reading in the real terminal: `/` search and `n`, `:N`, `]]`, the
/// file finder on Ctrl-p, Ctrl-o back across files, `y` copying through
/// OSC 52.
#[test]
fn search_go_to_a_line_and_come_back_in_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    common::git::serve_study_fixture(&served, &["pallets/flask"]);
    let daemon = common::git::GitDaemon::start(&served);
    let cache = tmp.path().join("cache");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut s = PtySession::spawn(
        &[
            "--cache-dir",
            &cache.display().to_string(),
            "--mirror",
            &daemon.mirror(),
        ],
        &[("HOME", &home.display().to_string())],
        160,
        45,
    );
    s.wait_for("▶ django/django", WAIT);
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    s.wait_for("✓ src/flask/app.py", WAIT);
    s.send("j");
    // app.py's outline (`C Flask` alone could be __init__.py's public API
    // row, `C Flask → src/flask/app.py:1`).
    s.wait_for("m route(self, rule)", WAIT);
    // Shift-Tab: the source pane, cursor on line 1.
    s.send("\x1b[Z");
    s.wait_until("the cursor on line 1", WAIT, |sc| {
        cursor_line(sc) == Some(1)
    });
    s.send("/rule");
    s.wait_for("Search (regex, smart case)", WAIT);
    s.send("\r");
    s.wait_for("[/rule 1/2]", WAIT);
    s.wait_until("the cursor on line 2", WAIT, |sc| {
        cursor_line(sc) == Some(2)
    });
    s.send("n");
    s.wait_for("[/rule 2/2]", WAIT);
    s.wait_until("the cursor on line 3", WAIT, |sc| {
        cursor_line(sc) == Some(3)
    });
    s.send(":1\r");
    s.wait_until("the cursor on line 1", WAIT, |sc| {
        cursor_line(sc) == Some(1)
    });
    s.send("]]");
    s.wait_until("the cursor on line 2", WAIT, |sc| {
        cursor_line(sc) == Some(2)
    });
    // Another file from the finder, then Ctrl-o: back in app.py, line 2.
    s.send("\x10");
    s.wait_for("Find a file", WAIT);
    s.send("ctx");
    s.wait_for("▶ src/flask/ctx.py", WAIT);
    s.send("\r");
    s.wait_for("class AppContext:", WAIT);
    s.send("\x0f");
    s.wait_for("src/flask/app.py [/rule", WAIT);
    s.wait_until("the cursor on line 2", WAIT, |sc| {
        cursor_line(sc) == Some(2)
    });
    // y: our own OSC 52 with the place, base64.
    s.send("y");
    s.wait_for("copied src/flask/app.py:2", WAIT);
    let out = String::from_utf8_lossy(&s.output()).into_owned();
    assert!(
        out.contains("\x1b]52;c;c3JjL2ZsYXNrL2FwcC5weToy\x07"),
        "no OSC 52 for src/flask/app.py:2"
    );
    // Ctrl-f: grep the repository, Enter on the match, Ctrl-o back to
    // where the grep started.
    s.send("\x06");
    s.wait_for("type a pattern", WAIT);
    s.send("HttpResp");
    s.wait_for("1 match in 1 file ", WAIT);
    s.wait_for("django/http/response.py", WAIT);
    s.send("\r");
    s.wait_for("pallets/flask django/http/response.py", WAIT);
    s.wait_for("class HttpResponse:", WAIT);
    s.send("\x0f");
    s.wait_for("src/flask/app.py [/rule", WAIT);
    s.wait_until("the cursor on line 2 again", WAIT, |sc| {
        cursor_line(sc) == Some(2)
    });
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
}

/// The character the cursor (the one reversed cell) is on, and the text
/// of its row before it.
fn cursor_cell(screen: &vt100::Screen) -> Option<(String, String)> {
    let (rows, cols) = screen.size();
    for row in 0..rows {
        for col in 0..cols {
            if let Some(c) = screen.cell(row, col).filter(|c| c.inverse()) {
                return Some((
                    c.contents().to_string(),
                    screen.contents_between(row, 0, row, col),
                ));
            }
        }
    }
    None
}

/// Go to a definition in the real terminal: the code index is built in
/// the background once the repository opens (the `__init__.py` outline
/// then lists its public API), `gd` on the imported name lands on the
/// class in another file, Ctrl-o comes back.
#[test]
fn gd_goes_to_the_definition_and_ctrl_o_comes_back_in_a_terminal() {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    common::git::serve_study_fixture(&served, &["pallets/flask"]);
    let daemon = common::git::GitDaemon::start(&served);
    let cache = tmp.path().join("cache");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let mut s = PtySession::spawn(
        &[
            "--cache-dir",
            &cache.display().to_string(),
            "--mirror",
            &daemon.mirror(),
        ],
        &[("HOME", &home.display().to_string())],
        160,
        45,
    );
    s.wait_for("▶ django/django", WAIT);
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    s.wait_for("✓ src/flask/app.py", WAIT);
    // __init__.py is previewed; once the index is built its outline shows
    // the package's public API.
    s.wait_for("Public API (1 name)", WAIT);
    s.wait_for("Flask → src/flask/app.py:1", WAIT);
    // The source pane, the cursor on `Flask` of `from .app import Flask`.
    s.send("\x1b[Z");
    s.wait_until("the cursor on line 1", WAIT, |sc| {
        cursor_line(sc) == Some(1)
    });
    s.send("$");
    s.wait_until("the cursor on the k of Flask", WAIT, |sc| {
        cursor_cell(sc).is_some_and(|(c, before)| c == "k" && before.ends_with("import Flas"))
    });
    s.send("gd");
    s.wait_for("pallets/flask src/flask/app.py › Flask", WAIT);
    s.wait_until("the cursor on the name of class Flask", WAIT, |sc| {
        cursor_line(sc) == Some(1)
            && cursor_cell(sc).is_some_and(|(c, before)| c == "F" && before.ends_with("class "))
    });
    // Ctrl-o: back in __init__.py, on the name it left.
    s.send("\x0f");
    s.wait_for("pallets/flask src/flask/__init__.py", WAIT);
    s.wait_until("the cursor back on the k of Flask", WAIT, |sc| {
        cursor_line(sc) == Some(1)
            && cursor_cell(sc)
                .is_some_and(|(c, before)| c == "k" && before.ends_with("import Flas"))
    });
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
    assert!(
        cache.join("intel/pallets/flask.intel").exists(),
        "the index is cached for the next start"
    );
}

/// Study progress survives a restart: tick a step, quit, start again.
#[test]
fn a_ticked_step_is_still_ticked_after_a_restart() {
    let dirs = Dirs::new();
    let data = dirs.data.clone();
    let args = dirs.args();
    let mut s = PtySession::spawn(&args, &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("s");
    s.wait_for("Study: pallets/flask  0/6", WAIT);
    s.send(" ");
    s.wait_for("Study: pallets/flask  1/6", WAIT);
    s.wait_for("[x] 1. Start with the documentation", WAIT);
    // Saved in the background: wait for the file before quitting.
    let saved = std::time::Instant::now();
    while !std::fs::read_to_string(data.join("progress.toml"))
        .is_ok_and(|t| t.contains("state = \"done\""))
    {
        assert!(saved.elapsed() < WAIT, "never saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.send("\x1b");
    s.wait_until("checklist closed", WAIT, |sc| {
        !sc.contents().contains("Study: pallets/flask")
    });
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);

    let mut s = PtySession::spawn(&args, &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("j");
    s.wait_for("1/6", WAIT);
    s.send("s");
    s.wait_for("[x] 1. Start with the documentation", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
}

#[test]
fn a_note_being_written_survives_ctrl_c_and_a_hangup() {
    let dirs = Dirs::new();
    let data = dirs.data.clone();
    let args = dirs.args();
    // Ctrl-c while the note box is open: saved before the exit.
    let mut s = PtySession::spawn(&args, &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("n");
    s.wait_for("Note on the repository (django/django)", WAIT);
    s.send("ORM first\rthen q");
    s.wait_for("then q", WAIT);
    s.send("\x03");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);
    let saved = std::fs::read_to_string(data.join("progress.toml")).unwrap();
    assert!(saved.contains("ORM first\nthen q"), "{saved}");

    // Shown again on the next start, to edit; a hangup with the box open
    // saves the edit too.
    let mut s = PtySession::spawn(&args, &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("s");
    s.wait_for("✎ 1 note: ORM first", WAIT);
    s.send("n");
    s.wait_for("then q", WAIT);
    s.send(" (models.py)");
    s.wait_for("then q (models.py)", WAIT);
    s.signal("HUP");
    s.wait_exit(WAIT);
    let saved = std::fs::read_to_string(data.join("progress.toml")).unwrap();
    assert!(saved.contains("then q (models.py)"), "{saved}");
}

#[test]
fn a_data_dir_that_cannot_be_written_keeps_the_changes_and_saves_them_on_retry() {
    let dirs = Dirs::new();
    let data = dirs.data.clone();
    // A file where the data dir should be: nothing can be created there,
    // even by root.
    std::fs::write(&data, "").unwrap();
    let args = dirs.args();
    let mut s = PtySession::spawn(&args, &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("s");
    s.wait_for("Study: django/django  0/6", WAIT);
    s.send(" ");
    // Shown as done, and the footer says the save failed and that the
    // change is kept.
    s.wait_for("Study: django/django  1/6", WAIT);
    s.wait_for("not saved, kept here and saved with your next change", WAIT);
    // The data dir becomes writable; the next change saves both.
    std::fs::remove_file(&data).unwrap();
    std::fs::create_dir(&data).unwrap();
    s.send("j");
    s.send(" ");
    s.wait_for("Study: django/django  2/6", WAIT);
    let saved = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(data.join("progress.toml")).unwrap_or_default();
        if text.contains("number = 1") && text.contains("number = 2") {
            break;
        }
        assert!(saved.elapsed() < WAIT, "never saved: {text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

#[test]
fn two_instances_saving_at_once_lose_nothing() {
    let dirs = Dirs::new();
    let data = dirs.data.clone();
    let args = dirs.args();
    let mut a = PtySession::spawn(&args, &[], 120, 40);
    let mut b = PtySession::spawn(&args, &[], 120, 40);
    a.wait_for("▶ django/django", WAIT);
    b.wait_for("▶ django/django", WAIT);
    // A studies django, B flask, each ticking steps in turn.
    a.send("s");
    a.wait_for("Study: django/django", WAIT);
    b.send("j");
    b.wait_for("▶ pallets/flask", WAIT);
    b.send("s");
    b.wait_for("Study: pallets/flask", WAIT);
    for _ in 0..3 {
        a.send(" ");
        b.send(" ");
        a.send("j");
        b.send("j");
    }
    a.wait_for("Study: django/django  3/6", WAIT);
    b.wait_for("Study: pallets/flask  3/6", WAIT);
    let start = std::time::Instant::now();
    loop {
        let text = std::fs::read_to_string(data.join("progress.toml")).unwrap_or_default();
        let steps = text.matches("state = \"done\"").count();
        if steps == 6 {
            break;
        }
        assert!(start.elapsed() < WAIT, "lost an update: {text}");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Each sees the other's work once it saves again: A ticks step 4,
    // and its save brings B's steps back with it.
    a.send(" ");
    a.wait_for("Study: django/django  4/6", WAIT);
    let start = std::time::Instant::now();
    while !std::fs::read_to_string(data.join("progress.toml"))
        .unwrap_or_default()
        .contains("number = 4")
    {
        assert!(start.elapsed() < WAIT, "never saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    a.send("\x1b");
    a.wait_until("checklist closed", WAIT, |sc| {
        !sc.contents().contains("Study: django/django")
    });
    a.send("j");
    a.wait_for("▶ pallets/flask", WAIT);
    a.send("s");
    a.wait_for("Study: pallets/flask  3/6", WAIT);
    a.send("q");
    b.send("q");
    assert_eq!(a.wait_exit(WAIT), 0);
    assert_eq!(b.wait_exit(WAIT), 0);
}

/// A data dir and a cache dir of their own, and the arguments naming them.
struct Dirs {
    _tmp: tempfile::TempDir,
    data: std::path::PathBuf,
    cache: std::path::PathBuf,
}

impl Dirs {
    fn new() -> Dirs {
        let tmp = tempfile::tempdir().unwrap();
        Dirs {
            data: tmp.path().join("data"),
            cache: tmp.path().join("cache"),
            _tmp: tmp,
        }
    }

    fn args(&self) -> [&str; 4] {
        [
            "--data-dir",
            self.data.to_str().unwrap(),
            "--cache-dir",
            self.cache.to_str().unwrap(),
        ]
    }
}

/// Issue 15, point 25: the configuration file's keys and colours reach
/// the real terminal, and a broken file stops the start before the
/// terminal changes mode.
#[test]
fn the_configuration_sets_the_keys_and_the_colours() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "theme = \"dark\"\n[keys.home]\nx = \"study\"\nq = \"none\"\n\"Ctrl-q\" = \"quit\"\n",
    )
    .unwrap();
    let path = config.display().to_string();
    let mut s = PtySession::spawn(&["--config", &path], &[], 120, 40);
    s.wait_for("▶ django/django", WAIT);
    // The dark palette's exact colour on the selected row.
    let bg = s.with_screen(|sc| {
        let row = (0..40)
            .find(|&r| {
                sc.contents_between(r, 0, r, 119)
                    .contains("▶ django/django")
            })
            .unwrap();
        sc.cell(row, 4).unwrap().bgcolor()
    });
    assert_eq!(bg, vt100::Color::Rgb(62, 88, 140));
    s.send("x");
    s.wait_for("Study: django/django", WAIT);
    s.send("\x1b");
    s.wait_until("checklist closed", WAIT, |sc| {
        !sc.contents().contains("Study: django/django")
    });
    // q is unbound: still running; Ctrl-q quits.
    s.send("q?");
    s.wait_for("Keys: home", WAIT);
    s.with_screen(|sc| {
        let text = sc.contents();
        assert!(
            text.contains("x  (yours) study checklist of the selected repository"),
            "{text}"
        );
        assert!(text.contains("Ctrl-q  (yours) quit"), "{text}");
    });
    s.send("\x1b");
    s.send("\x11");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert_restored(&s);

    std::fs::write(&config, "theme = \"sepia\"\n").unwrap();
    let mut s = PtySession::spawn(&["--config", &path], &[], 120, 40);
    assert_eq!(s.wait_exit(WAIT), 1);
    let out = String::from_utf8_lossy(&s.output()).into_owned();
    assert!(out.contains("config.toml:1:9: no theme `sepia`"), "{out}");
    assert_restored(&s);
}
