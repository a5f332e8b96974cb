//! The live grep in the real binary, in a pseudo-terminal: clone flask
//! from a local `git daemon`, open it, Ctrl-f, type a pattern (searched on
//! the runner's thread as it is typed), see the matches and the preview,
//! Enter to the line, quit; the terminal is restored.

mod common;

use std::time::Duration;

use common::pty::PtySession;

const WAIT: Duration = Duration::from_secs(20);

#[test]
fn grep_the_repository_and_go_to_a_match() {
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
    s.wait_for("★ Key files", WAIT);
    // Ctrl-f: the grep over the whole repository.
    s.send("\x06");
    s.wait_for("type a pattern", WAIT);
    s.send("def rou");
    s.wait_for("grep › def rou", WAIT);
    s.wait_for("files searched in", WAIT);
    s.wait_for("def route(self, rule):", WAIT);
    s.wait_for("── src/flask/app.py:", WAIT);
    // A bad pattern is said under the prompt, nothing breaks.
    s.send("(");
    s.wait_for("invalid regex at column 8", WAIT);
    s.send("\x7f");
    s.wait_for("files searched in", WAIT);
    // Enter: the file at the match, the grep closed.
    s.send("\r");
    s.wait_until("the grep closed", WAIT, |screen| {
        !screen.contents().contains("grep › ")
    });
    // The source pane is on the match: the breadcrumb names the method.
    s.wait_for("src/flask/app.py › Flask › route", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    s.with_screen(|screen| assert!(!screen.alternate_screen()));
    assert!(s.terminal_is_cooked());
}
