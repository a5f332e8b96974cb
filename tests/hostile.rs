//! A hostile repository, served for real: built at test time, served by
//! `git daemon` on loopback, cloned by the real binary in a pseudo-terminal
//! and opened in every view. Pass criteria: no panic; no escape sequence in
//! the terminal stream that codestudy did not make itself (no OSC, no title
//! change, no clipboard write, only the control sequences a ratatui screen
//! uses); no file outside the cache read (the symlinks' targets never
//! show); memory under 500 MB. How long each key took to show its answer
//! is measured and printed (`--nocapture`), not asserted: see
//! "Reliability" in the README for the figures of a release run.

mod common;

use std::time::{Duration, Instant};

use common::git::{Fixture, GitDaemon, Node};
use common::pty::PtySession;
use git2::Oid;

const WAIT: Duration = Duration::from_secs(60);

/// Everything a terminal acts on, in one string.
const NASTY: &str = "title\u{1b}]0;pwned-title\u{7} link\u{1b}]8;;http://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\ clip\u{1b}]52;c;cHduZWQ=\u{7} clear\u{1b}[2J home\u{1b}[H report\u{1b}[6n cr\rover bs\u{8}x c1\u{9b}31m\u{9d}0;c1-title\u{9c} bidi\u{202e}gnp.exe zw\u{200b}\u{2060}\u{feff}end";

fn build(path: &std::path::Path) {
    let mut f = Fixture::create(path);
    f.file("README.md", format!("# Read me {NASTY}\n\n[link {NASTY}](http://x/{NASTY})\n\n```\n{NASTY}\n```\n"))
        .file("CONTRIBUTING.md", format!("# Contributing\n\nRun `pytest {NASTY}`.\n"))
        .file(
            "pyproject.toml",
            format!("[project]\nname = \"hostile\"\n\n[project.optional-dependencies]\ntest = [\"pytest{NASTY}\"]\n\n[tool.pytest.ini_options]\naddopts = \"-q {NASTY}\"\n"),
        )
        .file(format!("osc{}name.txt", NASTY.replace('/', "_")), NASTY)
        .file(
            "src/flask/app.py",
            format!("\"\"\"{NASTY}\"\"\"\n\nclass Flask:\n    \"\"\"{NASTY}\"\"\"\n\n    def route(self, rule=\"{NASTY}\"):\n        return rule\n"),
        )
        .put("link_passwd", Node::Symlink(b"/etc/passwd".to_vec()))
        .put("link_outside", Node::Symlink(b"../../outside".to_vec()))
        .file(
            ".gitmodules",
            "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n",
        )
        .put(
            "vendor/lib",
            Node::Submodule(Oid::from_str("1234567890123456789012345678901234567890").unwrap()),
        )
        .file("big.txt", "0123456789abcdef\n".repeat(50 * 1024 * 1024 / 17))
        .file("long_line.py", format!("x = '{}'\n", "y".repeat(5 * 1024 * 1024)))
        // Just under the 2 MB display cap: shown, highlighted, one line.
        .file(
            "wide_line.py",
            format!("x = '{}'\ny = 1\n", "w".repeat(2_000_000)),
        )
        .file("brackets.py", format!("x = {}\n", "(".repeat(100_000)))
        .file(
            "nul.py",
            b"def before_nul():\n    pass\n\0\0\0\ndef after_nul():\n    pass\n".as_slice(),
        )
        .file(b"caf\xe9_latin1.py".as_slice(), "def latin():\n    pass\n")
        .file(b"bad\xff\xfe_name.txt".as_slice(), "not UTF-8 name\n")
        .file(format!("{}bottom.py", "d/".repeat(500)), "def deepest():\n    pass\n");
    for i in 0..60_000 {
        f.file(format!("many/f{i:05}.txt"), "one of many\n");
    }
    f.commit_as(
        "Evil \u{1b}]0;author-title\u{7} Author",
        "evil@example.com",
        &format!("Hostile import {NASTY}\n\nBody {NASTY}\n"),
    );
    f.file(
        "src/flask/app.py",
        format!("\"\"\"{NASTY}\"\"\"\n\nclass Flask:\n    def route(self, rule):\n        return \"{NASTY}\"\n"),
    );
    f.commit_as(
        "Mallory\u{202e}\u{200b}",
        "m@example.com",
        &format!("Change {NASTY}\n"),
    );
}

/// Every escape sequence in the stream, and any control character that
/// is not part of one (besides CR and LF).
fn escapes(stream: &[u8]) -> (Vec<String>, Vec<char>) {
    let text = String::from_utf8_lossy(stream);
    let chars: Vec<char> = text.chars().collect();
    let mut seqs = Vec::new();
    let mut stray = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\u{1b}' {
            let start = i;
            i += 1;
            match chars.get(i) {
                Some('[') => {
                    i += 1;
                    while i < chars.len() && !('\u{40}'..='\u{7e}').contains(&chars[i]) {
                        i += 1;
                    }
                }
                Some(']' | 'P' | '_' | '^' | 'X') => {
                    // A string sequence: up to BEL or ST.
                    while i < chars.len() && chars[i] != '\u{7}' && chars[i] != '\u{9c}' {
                        if chars[i] == '\u{1b}' && chars.get(i + 1) == Some(&'\\') {
                            i += 1;
                            break;
                        }
                        i += 1;
                    }
                }
                _ => {}
            }
            seqs.push(chars[start..(i + 1).min(chars.len())].iter().collect());
        } else if (c.is_control() && c != '\r' && c != '\n') || ('\u{80}'..='\u{9f}').contains(&c) {
            stray.push(c);
        }
        i += 1;
    }
    (seqs, stray)
}

/// The sequences a ratatui/crossterm screen is made of: SGR, cursor
/// position and visibility, erase, the alternate screen, mouse and paste
/// modes. Anything else came from somewhere else.
fn ours(seq: &str) -> bool {
    let Some(body) = seq.strip_prefix("\u{1b}[") else {
        return false;
    };
    let (params, last) = body.split_at(body.len().saturating_sub(1));
    let digits = |p: &str| p.chars().all(|c| c.is_ascii_digit() || c == ';');
    match last {
        "m" | "H" => digits(params),
        "J" => matches!(params, "" | "2" | "3"),
        "K" => matches!(params, "" | "2"),
        "h" | "l" => params.strip_prefix('?').is_some_and(|p| {
            p.split(';').all(|n| {
                matches!(
                    n,
                    "25" | "1049" | "1000" | "1002" | "1003" | "1006" | "1015" | "2004"
                )
            })
        }),
        _ => false,
    }
}

struct Keys {
    s: PtySession,
    /// (what, how long it took to show).
    timings: Vec<(String, Duration)>,
}

impl Keys {
    /// Type `keys` and wait until the screen shows `expect`, timing it.
    fn press(&mut self, keys: &str, expect: &str) {
        let t = Instant::now();
        self.s.send(keys);
        self.s.wait_for(expect, WAIT);
        self.timings
            .push((format!("{keys:?} -> {expect:?}"), t.elapsed()));
    }

    fn press_until(&mut self, keys: &str, what: &str, pred: impl Fn(&vt100::Screen) -> bool) {
        let t = Instant::now();
        self.s.send(keys);
        self.s.wait_until(what, WAIT, pred);
        self.timings
            .push((format!("{keys:?} -> {what}"), t.elapsed()));
    }

    /// Open a file with the file finder: type `query`, wait for the best
    /// match (`▶ row`), Enter, wait for `shown`.
    fn open(&mut self, query: &str, row: &str, shown: &str) {
        self.press("\x10", "Find a file");
        let t = Instant::now();
        for c in query.chars() {
            self.s.send(&c.to_string());
        }
        self.s.wait_for(&format!("▶ {row}"), WAIT);
        self.timings
            .push((format!("typing {query:?} in the file finder"), t.elapsed()));
        self.press("\r", shown);
    }
}

fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

#[test]
fn a_hostile_repository_is_cloned_and_shown_in_every_view_safely() {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    build(&served.join("pallets/flask.git"));
    std::fs::write(tmp.path().join("outside"), "OUTSIDE-SECRET-CONTENT\n").unwrap();
    let daemon = GitDaemon::start(&served);
    let cache = tmp.path().join("cache");
    let data = tmp.path().join("data");
    let mirror = daemon.mirror();
    let args = [
        "--cache-dir",
        cache.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "--mirror",
        &mirror,
    ];
    let s = PtySession::spawn(&args, &[("HOME", tmp.path().to_str().unwrap())], 120, 40);
    let mut k = Keys {
        s,
        timings: Vec::new(),
    };
    let mut memory = Vec::new();
    k.s.wait_for("▶ django/django", WAIT);
    k.press("j", "▶ pallets/flask");
    // Clone and open: the explorer comes up on its own.
    k.press("\r", "(depth 1)");
    k.s.wait_for("Key files", WAIT);
    memory.push(("after the clone", peak_memory_kib(k.s.pid())));

    // Each hostile file, by the file finder.
    // (U+FFFD, the stand-in for invalid bytes and invisible characters, is
    // dropped by the vt100 model the test reads the screen with, so the
    // waits avoid text next to it; a real terminal shows it.)
    k.open(
        "osc",
        "osctitle␛]0;pwned-title␇",
        "title␛]0;pwned-title␇ link␛]8;;",
    );
    k.open("src/flask/app", "src/flask/app.py", "class Flask");
    k.open("link_passwd", "link_passwd", "/etc/passwd");
    k.open("link_outside", "link_outside", "../../outside");
    k.open("big.txt", "big.txt", " big.txt ");
    k.open(
        "long_line",
        "long_line.py",
        "too large to show: 5242887 bytes",
    );
    // A 2 MB line under the cap: shown, and keys in its source move the
    // cursor (compared with styles, since the cursor line is a colour).
    k.open("wide_line", "wide_line.py", "x = 'wwwww");
    k.press("\t", " wide_line.py ");
    for key in ["j", "k", "G", "gg"] {
        let before = k.s.with_screen(|sc| sc.contents_formatted());
        k.press_until(key, "the 2 MB line's source answered", |sc| {
            sc.contents_formatted() != before
        });
    }
    k.open("brackets", "brackets.py", " brackets.py ");
    k.open("nul.py", "nul.py", "binary file, 57 bytes");
    k.open("latin1", "caf", "def latin");
    k.open("_name", "bad", "not UTF-8 name");
    k.open("bottom", "d/d/d/", "def deepest");
    // The 60,000-file directory: revealed in the tree, then moved through.
    k.open("f59999", "many/f59999.txt", "one of many");
    memory.push(("after opening every file", peak_memory_kib(k.s.pid())));
    k.press("\u{1b}[Z", "Files");
    for _ in 0..3 {
        let before = k.s.screen_text();
        k.press_until("k", "the tree moved", |sc| sc.contents() != before);
    }
    k.press("G", "f59999.txt");
    k.press("gg", "Key files");
    // The symbol finder over the whole repository.
    k.press("@", "Find a symbol");
    let t = Instant::now();
    k.s.send("deepest");
    k.s.wait_for("▶ f deepest", WAIT);
    k.timings
        .push(("indexing, then finding a symbol".into(), t.elapsed()));
    k.press("\r", "def deepest");
    memory.push(("after indexing", peak_memory_kib(k.s.pid())));
    // History of a path, then of the repository: a commit, its diff.
    k.press("L", "History: ");
    k.press_until("\u{1b}", "the history closed", |sc| {
        !sc.contents().contains("History: ")
    });
    k.s.wait_for("500› ", WAIT);
    // From the source (where the symbol finder left the focus) to the tree.
    k.s.send("\u{1b}[Z");
    k.s.send("\u{1b}[Z");
    k.press("gg", "Key files");
    k.press("s", "Study: pallets/flask");
    for (step, title) in [
        (1, "1. Documentation"),
        (2, "2. Tests"),
        (3, "3. Issues and pull requests"),
        (4, "4. One module at a time"),
        (5, "5. Run the code locally"),
    ] {
        k.press("g", "Study: pallets/flask");
        for _ in 1..step {
            k.s.send("j");
        }
        // The view's own title (the checklist names the steps too).
        let title = format!("{title}: pallets/flask");
        k.press("\r", &title);
        k.press("G", &title);
        k.press("\u{1b}", "Study: pallets/flask");
    }
    k.press("G", "6. Read the commit history");
    k.press("\r", "6. History: pallets/flask");
    // A depth-1 clone: fetch more, then the history again.
    k.press("d", "fetching 500 more commits");
    k.s.wait_for("now has full history", WAIT);
    k.press("\r", "6. History: pallets/flask");
    k.s.wait_for("Hostile import", WAIT);
    k.press("\r", "Commit ");
    k.s.wait_for(" changed, +", WAIT);
    k.press("\r", "@@ ");
    k.press("\u{1b}", " changed, +");
    k.press("\u{1b}", "6. History");
    k.press("j", "Hostile import");
    k.press("\r", "Evil ␛]0;author-title␇ Author <evil@example.com>");
    k.s.wait_for("60017 files changed", WAIT);
    memory.push(("after the 60,017-file commit", peak_memory_kib(k.s.pid())));
    k.press("\u{1b}", "6. History");
    k.press("\u{1b}", "Study: pallets/flask");
    // (The tree's "Key files" shows beside the checklist: wait for the
    // checklist to go, so that two Esc never arrive as one Alt-Esc.)
    k.press_until("\u{1b}", "the checklist closed", |sc| {
        !sc.contents().contains("Study: pallets/flask")
    });
    k.press("\u{1b}", "Python Codebases to Study");

    let peak = peak_memory_kib(k.s.pid());
    k.s.send("q");
    assert_eq!(k.s.wait_exit(WAIT), 0, "clean exit, no panic");

    let stream = k.s.output();
    let (seqs, stray) = escapes(&stream);
    let foreign: Vec<&String> = seqs.iter().filter(|s| !ours(s)).collect();
    assert!(
        foreign.is_empty(),
        "escape sequences codestudy did not make: {foreign:?}"
    );
    assert!(stray.is_empty(), "raw control characters: {stray:?}");
    let text = String::from_utf8_lossy(&stream);
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    if let Some(first) = passwd.lines().next().filter(|l| l.len() > 8) {
        assert!(!text.contains(first), "a symlink's target was read");
    }
    assert!(
        !text.contains("OUTSIDE-SECRET"),
        "a symlink's target was read"
    );
    assert!(peak < 500 * 1024, "peak memory {} MiB", peak / 1024);
    let slowest = k.timings.iter().max_by_key(|t| t.1).unwrap();
    println!(
        "hostile repository: {} keys, {} escape sequences checked, peak memory {} MiB, slowest key {:?} ({})",
        k.timings.len(),
        seqs.len(),
        peak / 1024,
        slowest.1,
        slowest.0
    );
    println!("peak memory so far: {memory:?} (KiB)");
    let mut sorted = k.timings.clone();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.1));
    for (what, t) in sorted.iter().take(8) {
        println!("  {t:?}  {what}");
    }
}
