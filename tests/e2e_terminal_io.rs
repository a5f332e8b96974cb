//! The real binary in a pseudo-terminal, for what only a terminal shows:
//! a long paste and the hangup that follows it, job control (SIGTSTP,
//! Ctrl-z, `fg`) and handing the terminal to the editor.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::pty::PtySession;

const WAIT: Duration = Duration::from_secs(30);

/// A data dir and a cache dir of their own.
struct Dirs {
    tmp: tempfile::TempDir,
    data: PathBuf,
    cache: PathBuf,
}

impl Dirs {
    fn new() -> Dirs {
        let tmp = tempfile::tempdir().unwrap();
        Dirs {
            data: tmp.path().join("data"),
            cache: tmp.path().join("cache"),
            tmp,
        }
    }

    fn args(&self) -> Vec<String> {
        vec![
            "--data-dir".into(),
            self.data.display().to_string(),
            "--cache-dir".into(),
            self.cache.display().to_string(),
        ]
    }
}

fn spawn(args: &[String], env: &[(&str, &str)]) -> PtySession {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = PtySession::spawn(&args, env, 120, 40);
    s.wait_for("▶ django/django", WAIT);
    s
}

/// The text of the first note saved in the progress file.
fn saved_note(data: &Path) -> Option<String> {
    let text = std::fs::read_to_string(data.join("progress.toml")).ok()?;
    let doc: toml::Table = toml::from_str(&text).ok()?;
    let note = doc.get("repo")?.as_array()?.first()?.get("note")?;
    Some(note.as_array()?.first()?.get("text")?.as_str()?.to_string())
}

fn wait_until(what: &str, mut pred: impl FnMut() -> bool) {
    let start = Instant::now();
    while !pred() {
        assert!(start.elapsed() < WAIT, "never happened: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The terminal is in codestudy's mode, or back in the shell's.
fn raw(s: &PtySession) -> bool {
    !s.terminal_is_cooked()
}

/// Whether the process is stopped (job control), from /proc.
fn stopped(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let after = stat.rsplit_once(')')?.1.trim_start().to_string();
            after.chars().next()
        })
        .is_some_and(|state| state == 'T')
}

fn paste_text(bytes: usize) -> String {
    let mut text = "wwwwwwwww ".repeat(bytes / 10);
    text.push_str("ENDMARK");
    text
}

#[test]
fn a_100_kb_bracketed_paste_then_esc_saves_all_of_it() {
    let dirs = Dirs::new();
    let mut s = spawn(&dirs.args(), &[]);
    s.send("n");
    s.wait_for("Note on the repository (django/django)", WAIT);
    let text = paste_text(100_000);
    s.send(&format!("\x1b[200~{text}\x1b[201~"));
    s.send("\x1b");
    wait_until("the note saved", || {
        saved_note(&dirs.data).is_some_and(|t| t.contains("ENDMARK"))
    });
    assert_eq!(saved_note(&dirs.data).unwrap(), text);
    s.wait_for("note on the repository saved", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// Without bracketed paste (a terminal that does not do it, or the
/// repro's 4 KiB writes) every character is a key: none may be left
/// unread in the terminal, and the Esc behind them must be reached.
#[test]
fn a_100_kb_paste_as_plain_keys_then_esc_saves_all_of_it() {
    let dirs = Dirs::new();
    let mut s = spawn(&dirs.args(), &[]);
    s.send("n");
    s.wait_for("Note on the repository (django/django)", WAIT);
    let text = paste_text(100_000);
    for chunk in text.as_bytes().chunks(4096) {
        s.send(std::str::from_utf8(chunk).unwrap());
    }
    s.send("\x1b");
    wait_until("the note saved", || {
        saved_note(&dirs.data).is_some_and(|t| t.contains("ENDMARK"))
    });
    assert_eq!(saved_note(&dirs.data).unwrap(), text);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

#[test]
fn a_paste_into_the_note_box_keeps_its_lines() {
    let dirs = Dirs::new();
    let mut s = spawn(&dirs.args(), &[]);
    s.send("n");
    s.wait_for("Note on the repository (django/django)", WAIT);
    // Terminals send line breaks in a paste as CR.
    s.send("\x1b[200~first line\rsecond line\x1b[201~");
    s.wait_for("second line", WAIT);
    s.send("\x1b");
    wait_until("the note saved", || saved_note(&dirs.data).is_some());
    assert_eq!(saved_note(&dirs.data).unwrap(), "first line\nsecond line");
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// Typed text not yet shown when the hangup comes is applied, then saved.
#[test]
fn a_hangup_right_after_typing_saves_all_that_was_typed() {
    let dirs = Dirs::new();
    let mut s = spawn(&dirs.args(), &[]);
    s.send("n");
    s.wait_for("Note on the repository (django/django)", WAIT);
    // Raw text, as a paste into a terminal without bracketed paste sends
    // it, and the hangup at once.
    let text = paste_text(30_000);
    s.send(&text);
    s.signal("HUP");
    assert_eq!(s.wait_exit(WAIT), 128 + 1);
    assert_eq!(saved_note(&dirs.data).as_deref(), Some(text.as_str()));
}

fn assert_back_in_the_shell(s: &PtySession) {
    wait_until("stopped with the terminal restored", || {
        stopped(s.pid()) && s.terminal_is_cooked()
    });
    // What it wrote before stopping may still be on its way to the screen.
    s.wait_until(
        "main screen, no mouse reporting, cursor shown, no bracketed paste",
        WAIT,
        |screen| {
            !screen.alternate_screen()
                && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::None
                && !screen.hide_cursor()
                && !screen.bracketed_paste()
        },
    );
    assert!(stopped(s.pid()), "still stopped");
}

fn assert_resumed(s: &PtySession) {
    wait_until("resumed in raw mode", || !stopped(s.pid()) && raw(s));
    s.wait_until("redrawn on the alternate screen", WAIT, |screen| {
        screen.alternate_screen() && screen.contents().contains("▶ django/django")
    });
}

#[test]
fn sigtstp_restores_the_terminal_and_sigcont_takes_it_back() {
    let mut s = spawn(&Dirs::new().args(), &[]);
    s.with_screen(|screen| assert!(screen.bracketed_paste(), "bracketed paste on"));
    s.signal("TSTP");
    assert_back_in_the_shell(&s);
    s.signal("CONT");
    assert_resumed(&s);
    // Keys work again, one at a time, without Enter.
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert!(s.terminal_is_cooked());
}

#[test]
fn ctrl_z_suspends_and_continuing_redraws() {
    let mut s = spawn(&Dirs::new().args(), &[]);
    s.send("\x1a");
    assert_back_in_the_shell(&s);
    s.signal("CONT");
    assert_resumed(&s);
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// The study fixture cloned as pallets/flask, with `src/flask/__init__.py`
/// replaced when `init` is given.
fn cloned_flask(dirs: &Dirs, init: Option<&[u8]>) {
    let served = dirs.tmp.path().join("served");
    let mut served_repo = common::git::serve_study_fixture(&served, &["pallets/flask"]);
    if let Some(bytes) = init {
        served_repo.fixture.file("src/flask/__init__.py", bytes);
        served_repo.fixture.commit("A large __init__.py");
    }
    let daemon = common::git::GitDaemon::start(&served);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_codestudy"))
        .args(dirs.args())
        .args(["--mirror", &daemon.mirror(), "clone", "pallets/flask"])
        .env("HOME", dirs.tmp.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An editor that records its arguments, the file's mode and its
/// directory's mode, then exits.
fn fake_editor(dir: &Path) -> (PathBuf, PathBuf) {
    let log = dir.join("editor.log");
    let script = dir.join("editor.sh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\nf=\"$2\"\necho \"args $1 $f\" >> {log}\necho \"modes $(stat -c %a \"$f\") $(stat -c %a \"$(dirname \"$f\")\")\" >> {log}\n",
            log = log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script, log)
}

#[test]
fn the_editor_gets_a_private_read_only_copy_removed_afterwards() {
    let dirs = Dirs::new();
    cloned_flask(&dirs, None);
    let (editor, log) = fake_editor(dirs.tmp.path());
    let tmpdir = dirs.tmp.path().join("tmp");
    let victim = dirs.tmp.path().join("victim");
    std::fs::create_dir_all(&tmpdir).unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    let mut s = spawn(
        &dirs.args(),
        &[
            ("VISUAL", editor.to_str().unwrap()),
            ("TMPDIR", tmpdir.to_str().unwrap()),
            ("HOME", dirs.tmp.path().to_str().unwrap()),
        ],
    );
    // Where the copy used to go, planted by someone else beforehand: a
    // directory anyone may write, with a symlink to elsewhere.
    let planted = tmpdir.join(format!("codestudy-{}", s.pid()));
    std::fs::create_dir_all(&planted).unwrap();
    std::os::unix::fs::symlink(&victim, planted.join("flask")).unwrap();
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    s.wait_for("from .app import Flask", WAIT);
    s.send("e");
    wait_until("the editor ran", || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("modes"))
    });
    s.wait_for("from .app import Flask", WAIT);
    let log = std::fs::read_to_string(&log).unwrap();
    let mut lines = log.lines();
    let args = lines.next().unwrap();
    let (line_arg, file) = args.strip_prefix("args ").unwrap().split_once(' ').unwrap();
    assert_eq!(line_arg, "+1");
    let file = PathBuf::from(file);
    assert!(
        file.to_str().unwrap().ends_with("-__init__.py"),
        "{}",
        file.display()
    );
    let dir = file.parent().unwrap();
    assert_eq!(dir.parent().unwrap(), tmpdir, "in $TMPDIR");
    let dir_name = dir.file_name().unwrap().to_str().unwrap();
    assert!(dir_name.starts_with("codestudy-"), "{dir_name}");
    assert_ne!(dir, planted, "not the predictable path");
    assert_eq!(lines.next().unwrap(), "modes 400 700");
    wait_until("the copy removed", || !dir.exists());
    assert_eq!(
        std::fs::read_dir(&victim).unwrap().count(),
        0,
        "nothing written through the symlink"
    );
    // Left as it was planted; nothing else is left in $TMPDIR.
    let left: Vec<_> = std::fs::read_dir(&tmpdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(left, [planted]);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
    assert!(s.terminal_is_cooked());
}

#[test]
fn a_file_over_the_editor_cap_is_refused_with_its_size() {
    let dirs = Dirs::new();
    let big = vec![b'#'; 51 * 1024 * 1024];
    cloned_flask(&dirs, Some(&big));
    drop(big);
    let (editor, log) = fake_editor(dirs.tmp.path());
    let tmpdir = dirs.tmp.path().join("tmp");
    std::fs::create_dir_all(&tmpdir).unwrap();
    let mut s = spawn(
        &dirs.args(),
        &[
            ("VISUAL", editor.to_str().unwrap()),
            ("TMPDIR", tmpdir.to_str().unwrap()),
            ("HOME", dirs.tmp.path().to_str().unwrap()),
        ],
    );
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    s.wait_for("★ Key files", WAIT);
    s.send("e");
    s.wait_for("over the 50.0 MiB the editor is given", WAIT);
    s.wait_for("51.0 MiB", WAIT);
    assert!(!log.exists(), "the editor did not run");
    assert_eq!(
        std::fs::read_dir(&tmpdir).unwrap().count(),
        0,
        "no copy made"
    );
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

/// Ctrl-z while the editor runs stops the editor (the terminal does) and
/// codestudy with it, at once, so that the shell gets the terminal back;
/// continued, both carry on and codestudy takes the terminal back when the
/// editor ends. (Here the pty's session has no shell, so the kernel does
/// not stop the script standing in for the editor; codestudy must stop
/// all the same, before the editor is done.)
#[test]
fn ctrl_z_in_the_editor_stops_codestudy_too() {
    let dirs = Dirs::new();
    cloned_flask(&dirs, None);
    let log = dirs.tmp.path().join("editor.log");
    let editor = dirs.tmp.path().join("editor.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\necho started >> {log}\nsleep 5\necho done >> {log}\n",
            log = log.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    let mut s = spawn(
        &dirs.args(),
        &[
            ("VISUAL", editor.to_str().unwrap()),
            ("HOME", dirs.tmp.path().to_str().unwrap()),
        ],
    );
    s.send("j");
    s.wait_for("▶ pallets/flask", WAIT);
    s.send("\r");
    s.wait_for("from .app import Flask", WAIT);
    s.send("e");
    wait_until("the editor started", || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("started"))
    });
    // The terminal is the editor's (cooked): Ctrl-z is SIGTSTP to the
    // foreground process group.
    wait_until("the terminal handed over", || s.terminal_is_cooked());
    s.send("\x1a");
    wait_until("codestudy stopped", || stopped(s.pid()));
    // At once, with the editor: not once the editor is done.
    assert!(
        !std::fs::read_to_string(&log).unwrap().contains("done"),
        "stopped only after the editor ended"
    );
    // The shell's `fg`: SIGCONT to the whole group.
    let status = std::process::Command::new("kill")
        .args(["-CONT", "--", &format!("-{}", s.pid())])
        .status()
        .unwrap();
    assert!(status.success());
    wait_until("the editor finished", || {
        std::fs::read_to_string(&log).is_ok_and(|l| l.contains("done"))
    });
    wait_until("the terminal taken back", || raw(&s));
    s.wait_for("from .app import Flask", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}
