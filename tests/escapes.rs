//! Nothing a repository or the progress file holds drives the terminal a
//! command line command prints to: a fixture whose file names, source
//! text, catalog entries and notes hold OSC, CSI, C1, bidi and zero-width
//! characters, served by `git daemon` on loopback and cloned by the real
//! binary; then every command, run in a pseudo-terminal, must write no
//! such character, JSON must carry them as `\u` escapes that read back to
//! the same text, and an export written to a file must hold none either.

mod common;

use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use common::git::{Fixture, GitDaemon};
use common::pty::PtySession;

const WAIT: Duration = Duration::from_secs(60);

/// OSC 0 (title), OSC 52 (clipboard), CSI, 8-bit CSI and OSC, bidi
/// override, zero-width space, BOM.
const NASTY: &str = "\u{1b}]0;PWNED-title\u{7}\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}[2J\u{9b}31m\u{9d}0;c1\u{9c}\u{202e}gnp\u{200b}\u{feff}";

fn hostile_path() -> String {
    format!("src/a{NASTY}.py")
}

/// The same characters as TOML escapes, for the catalog.
fn toml_escaped(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || !c.is_ascii() {
                format!("\\u{:04X}", c as u32)
            } else if c == '"' || c == '\\' {
                format!("\\{c}")
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn write_catalog(path: &Path) {
    let nasty = toml_escaped(NASTY);
    let key = toml_escaped(&hostile_path());
    let steps: String = ["Docs", "Tests", "Templates", "Modules", "Run", "History"]
        .iter()
        .map(|t| format!("[[study.steps]]\ntitle = \"{t} {nasty}\"\ndetail = \"d\"\n"))
        .collect();
    let text = format!(
        "title = \"t\"\nintro = \"i\"\ntip = \"t\"\n\
         [[categories]]\nid = \"c\"\ntitle = \"C\"\nicon = \"C\"\n\
         [[repos]]\nid = \"o/r\"\ncategory = \"c\"\nurl = \"https://example.com/o/r\"\nstars = \"1\"\nstars_count = 1\n\
         focus = \"focus {nasty}\"\nlearn = [\"learn {nasty}\"]\nkey_files = [\"README.md\", \"{key}\", \"src/b.py\"]\n\
         [study]\ntitle = \"S\"\nicon = \"S\"\n{steps}\
         [resources]\ntitle = \"R\"\nicon = \"R\"\n[[resources.items]]\ntitle = \"x\"\nurl = \"https://example.com/\"\n"
    );
    std::fs::write(path, text).unwrap();
}

/// The progress file as a hostile local state could hold it: notes and
/// read symbols on the hostile file, a date that is no date.
fn write_progress(data: &Path) {
    use codestudy::study::{Change, NoteTarget, Progress, StepState};
    let mut p = Progress::default();
    let path = hostile_path();
    for change in [
        Change::SetStep {
            repo: "o/r".into(),
            number: 1,
            state: StepState::Done,
            today: format!("2026-01-01{NASTY}"),
        },
        Change::MarkRead {
            repo: "o/r".into(),
            path: path.clone(),
            symbol: format!("f{NASTY}"),
            read: true,
        },
        Change::SetNote {
            repo: "o/r".into(),
            target: NoteTarget {
                path: Some(path.clone()),
                symbol: Some(format!("K`m{NASTY}")),
            },
            text: format!("hello {NASTY}\n\tindented\r\nlast\rline"),
            now: format!("2026-01-01 10:00{NASTY}"),
        },
    ] {
        p.apply(&change);
    }
    std::fs::create_dir_all(data).unwrap();
    std::fs::write(data.join("progress.toml"), toml::to_string(&p).unwrap()).unwrap();
}

struct Setup {
    _tmp: tempfile::TempDir,
    _daemon: GitDaemon,
    args: Vec<String>,
    home: String,
    export: std::path::PathBuf,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    let mut f = Fixture::create(&served.join("o/r.git"));
    f.file("README.md", format!("# r {NASTY}\n"))
        .file(
            hostile_path(),
            format!(
                "def f(x=\"{NASTY}\"):\n    pass\n\nclass K:\n    @deco(\"{NASTY}\")\n    def m(self):\n        pass\n"
            ),
        )
        .file(format!("src/b{NASTY}.py"), "def g():\n    pass\n");
    f.commit(&format!("m {NASTY}"));
    let daemon = GitDaemon::start(&served);
    let catalog = tmp.path().join("catalog.toml");
    write_catalog(&catalog);
    let data = tmp.path().join("data");
    write_progress(&data);
    let args: Vec<String> = [
        "--catalog",
        catalog.to_str().unwrap(),
        "--cache-dir",
        tmp.path().join("cache").to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "--mirror",
        &daemon.mirror(),
    ]
    .map(String::from)
    .into();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let out = cli(&args, &home.display().to_string())
        .args(["clone", "o/r"])
        .output()
        .unwrap();
    assert!(out.status.success(), "clone: {out:?}");
    Setup {
        export: tmp.path().join("export.md"),
        home: home.display().to_string(),
        _tmp: tmp,
        _daemon: daemon,
        args,
    }
}

fn cli(args: &[String], home: &str) -> Command {
    let mut cmd = Command::cargo_bin("codestudy").unwrap();
    for var in [
        "CODESTUDY_CATALOG",
        "CODESTUDY_CACHE_DIR",
        "CODESTUDY_DATA_DIR",
        "CODESTUDY_MIRROR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CODESTUDY_CONFIG", "/dev/null");
    cmd.env("HOME", home).args(args);
    cmd
}

/// Every character of `text` a terminal could act on or that reads as
/// something else, besides the line ends a pty writes (and the tabs a
/// file may keep, when `tabs`).
fn unsafe_chars(text: &str, tabs: bool) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            codestudy::sanitize::is_unsafe(c) && c != '\n' && c != '\r' && !(tabs && c == '\t')
        })
        .collect()
}

#[test]
fn every_command_prints_a_hostile_repository_safely_to_a_terminal() {
    let s = setup();
    let target = format!("o/r:{}", hostile_path());
    let export = s.export.display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["list", "--json"],
        vec!["check"],
        vec!["check", "o/r", "--json"],
        vec!["outline", &target],
        vec!["outline", &target, "--json"],
        vec!["symbols", "o/r"],
        vec!["symbols", "o/r", "--json"],
        vec!["find", "f"],
        vec!["find", "m", "--json"],
        vec!["progress"],
        vec!["progress", "o/r"],
        vec!["progress", "o/r", "--json"],
        vec!["notes", "export", "o/r"],
        vec!["notes", "export", "o/r", "--output", &export],
    ];
    for command in &commands {
        let mut args: Vec<&str> = s.args.iter().map(String::as_str).collect();
        args.extend(command);
        let mut pty = PtySession::spawn(&args, &[("HOME", &s.home)], 200, 50);
        let code = pty.wait_exit(WAIT);
        let out = String::from_utf8_lossy(&pty.output()).into_owned();
        assert_eq!(code, 0, "{command:?} failed:\n{out}");
        // The export is the same Markdown as its file: a note's tabs stay
        // (a tab moves the cursor, it commands nothing).
        let bad = unsafe_chars(&out, command.contains(&"export"));
        assert!(
            bad.is_empty(),
            "{command:?} wrote {bad:?} to the terminal:\n{out}"
        );
        // Not vacuous: the hostile text is there, as stand-ins or escapes
        // (the progress table and a written export print none of it).
        if !command.contains(&"--output") && command != &["progress"] {
            assert!(
                out.contains("␛]0;PWNED-title␇") || out.contains("\\u001b]0;PWNED-title\\u0007"),
                "{command:?} did not show the hostile text:\n{out}"
            );
        }
    }

    let file = std::fs::read_to_string(&s.export).unwrap();
    let bad = unsafe_chars(&file, true);
    assert!(bad.is_empty(), "the export file holds {bad:?}:\n{file}");
    assert!(!file.contains('\r'), "{file:?}");
    // The note's own line breaks and tab are kept; the names are code
    // spans that their backtick cannot end.
    assert!(file.contains("\n\tindented\nlast␍line"), "{file}");
    assert!(
        file.contains("### `src/a␛]0;PWNED-title␇"),
        "the note's file as a code span: {file}"
    );
    assert!(file.contains("``K`m␛]0;"), "{file}");
}

#[test]
fn json_output_escapes_hostile_text_and_reads_back_the_same() {
    let s = setup();
    let path = hostile_path();
    for (command, pointer) in [
        (vec!["symbols", "o/r", "--json"], "/0/path"),
        (vec!["find", "f", "--json"], "/0/path"),
        (vec!["check", "o/r", "--json"], "/1/path"),
    ] {
        let out = cli(&s.args, &s.home).args(&command).output().unwrap();
        assert!(out.status.success(), "{command:?}: {out:?}");
        let text = String::from_utf8(out.stdout).unwrap();
        let bad = unsafe_chars(&text, false);
        assert!(bad.is_empty(), "{command:?} wrote {bad:?}:\n{text}");
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value.pointer(pointer).and_then(|v| v.as_str()),
            Some(path.as_str()),
            "{command:?}: {text}"
        );
    }
    let out = cli(&s.args, &s.home)
        .args(["progress", "o/r", "--json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        value.pointer("/0/steps/0/done_on").and_then(|v| v.as_str()),
        Some(format!("2026-01-01{NASTY}").as_str())
    );
}

#[test]
fn find_with_limit_zero_is_refused_and_never_claims_no_match() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args(["--cache-dir", tmp.path().to_str().unwrap()])
        .args(["find", "Flask", "--limit", "0"])
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(!out.status.success(), "{stdout}{stderr}");
    assert!(stderr.contains("--limit 0"), "{stderr}");
    assert!(stderr.contains("--limit 1 or more"), "{stderr}");
    assert!(!stdout.contains("no symbol matches"), "{stdout}");
}
