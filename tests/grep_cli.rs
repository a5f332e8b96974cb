//! `codestudy grep`: output as `git grep -n --column` prints it, JSON
//! lines, exit codes 0/1/2, smart case and its switches, globs, invalid
//! and pathological patterns, binary and oversized files skipped and
//! counted, hostile names and lines sanitized.

mod common;

use std::path::Path;

use common::git::{Fixture, Node};
use serde_json::Value;

struct Setup {
    _tmp: tempfile::TempDir,
    cache_dir: std::path::PathBuf,
}

/// A clone of "pallets/flask" in a fresh cache, made directly in place
/// (the cache holds bare repositories; no server is needed to read one).
fn setup(build: impl FnOnce(&mut Fixture)) -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let cache = codestudy::repo::Cache::new(&cache_dir);
    let mut f = Fixture::create(&cache.repo_dir("pallets", "flask"));
    build(&mut f);
    f.commit("Fixture");
    Setup {
        _tmp: tmp,
        cache_dir,
    }
}

fn flaskish(f: &mut Fixture) {
    f.file(
        "src/flask/app.py",
        "import os\n\nclass Flask:\n    def route(self, rule):\n        return rule\n\tapp_context = 1\n",
    )
    .file(
        "src/flask/ctx.py",
        "def app_context():\n    pass\nAPP_CONTEXT = None\n",
    )
    .file("tests/test_app.py", "from flask import app_context\n")
    .file("docs/index.rst", "Flask is a micro framework.\n");
}

fn codestudy(cache_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("codestudy").unwrap();
    cmd.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("CODESTUDY_CACHE_DIR", cache_dir)
        .env("CODESTUDY_DATA_DIR", cache_dir.join("data"));
    cmd
}

fn run(s: &Setup, args: &[&str]) -> (i32, String, String) {
    let out = codestudy(&s.cache_dir)
        .arg("grep")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn prints_path_line_column_text_in_path_order() {
    let s = setup(flaskish);
    let (code, out, err) = run(&s, &["flask", "app_context"]);
    assert_eq!(code, 0, "{err}");
    // Smart case: all lower-case, so APP_CONTEXT matches too. A tab stays
    // a tab, as git grep prints it.
    assert_eq!(
        out,
        "src/flask/app.py:6:2:\tapp_context = 1\n\
         src/flask/ctx.py:1:5:def app_context():\n\
         src/flask/ctx.py:3:1:APP_CONTEXT = None\n\
         tests/test_app.py:1:19:from flask import app_context\n"
    );
}

#[test]
fn case_switches_words_literals_and_globs() {
    let s = setup(flaskish);
    let lines = |args: &[&str]| -> Vec<String> {
        let (code, out, err) = run(&s, args);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
        out.lines().map(|l| l.to_string()).collect()
    };
    // An upper-case letter makes smart case sensitive.
    assert_eq!(
        lines(&["flask", "APP_"]),
        ["src/flask/ctx.py:3:1:APP_CONTEXT = None"]
    );
    // -s: sensitive even when all lower-case; -i: insensitive always.
    assert_eq!(lines(&["flask", "-s", "app_context"]).len(), 3);
    assert_eq!(lines(&["flask", "-i", "FLASK"]).len(), 3);
    // The last of -i / -s wins.
    assert_eq!(lines(&["flask", "-i", "-s", "Flask"]).len(), 2);
    assert_eq!(lines(&["flask", "-s", "-i", "FLASK"]).len(), 3);
    // -w: `app` alone is no word in `app_context`.
    assert_eq!(
        lines(&["flask", "-w", "app"]),
        Vec::<String>::new(),
        "no whole word `app`"
    );
    assert_eq!(lines(&["flask", "-w", "rule"]).len(), 2);
    // -F: `(` is literal.
    assert_eq!(
        lines(&["flask", "-F", "route(self"]),
        ["src/flask/app.py:4:9:    def route(self, rule):"]
    );
    // Globs: anchored with a /, any depth without; ! excludes.
    assert_eq!(lines(&["flask", "app_context", "-g", "src/**"]).len(), 3);
    assert_eq!(lines(&["flask", "app_context", "-g", "!tests"]).len(), 3);
    assert_eq!(lines(&["flask", "app_context", "-g", "ctx.py"]).len(), 2);
    assert_eq!(
        lines(&[
            "flask",
            "-i",
            "flask",
            "-g",
            "*.py",
            "-g",
            "!src/flask/ctx.py"
        ])
        .len(),
        2
    );
}

#[test]
fn json_is_one_object_per_match() {
    let s = setup(flaskish);
    let (code, out, err) = run(&s, &["flask", "--json", "def "]);
    assert_eq!(code, 0, "{err}");
    let rows: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["path"], "src/flask/app.py");
    assert_eq!(rows[0]["line"], 4);
    assert_eq!(rows[0]["column"], 5);
    assert_eq!(rows[0]["text"], "    def route(self, rule):");
    assert_eq!(rows[1]["path"], "src/flask/ctx.py");
    assert_eq!(rows[1].as_object().unwrap().len(), 4);

    // `rule` on two lines: an object each.
    let (_, out, _) = run(&s, &["flask", "--json", "-g", "app.py", "rule"]);
    let cols: Vec<(u64, u64)> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .map(|v| (v["line"].as_u64().unwrap(), v["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(cols, [(4, 21), (5, 16)]);
    let (_, out, _) = run(&s, &["flask", "-g", "app.py", "r[a-z]le"]);
    assert_eq!(out.lines().count(), 2);
    // `r` twice on one line: two objects, each its own column; the text
    // form prints the line once, at the first.
    let (_, out, _) = run(&s, &["flask", "-g", "app.py", "r"]);
    assert!(out.contains("src/flask/app.py:4:9:    def route(self, rule):\n"));
    let (_, out, _) = run(&s, &["flask", "--json", "-g", "app.py", "r"]);
    let line4: Vec<u64> = out
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|v| v["line"] == 4)
        .map(|v| v["column"].as_u64().unwrap())
        .collect();
    assert_eq!(line4, [9, 21], "    def route(self, rule):");
}

#[test]
fn exit_codes_are_greps() {
    let s = setup(flaskish);
    let (code, out, _) = run(&s, &["flask", "no such thing anywhere"]);
    assert_eq!((code, out.as_str()), (1, ""));

    // Unknown repository, not cloned, bad catalog, bad glob: 2, with words.
    let (code, _, err) = run(&s, &["nosuchrepo", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("nosuchrepo"), "{err}");
    let (code, _, err) = run(&s, &["requests", "x"]);
    assert_eq!(code, 2);
    assert!(err.contains("not cloned") || err.contains("clone"), "{err}");
    let out = codestudy(&s.cache_dir)
        .args([
            "--catalog",
            "/nonexistent/catalog.toml",
            "grep",
            "flask",
            "x",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/catalog.toml"));
    let (code, _, err) = run(&s, &["flask", "x", "-g", "src/[a"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid glob"), "{err}");
    // A usage error is clap's 2.
    let (code, _, _) = run(&s, &["flask"]);
    assert_eq!(code, 2);
}

#[test]
fn invalid_and_pathological_patterns_are_clear_errors() {
    let s = setup(flaskish);
    let (code, out, err) = run(&s, &["flask", "def (route"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("invalid regex at column 5"), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
    assert!(err.contains("^"), "a caret under the pattern: {err}");

    let (code, _, err) = run(&s, &["flask", "(a{1000}){1000}"]);
    assert_eq!(code, 2);
    assert!(err.contains("too large"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn binary_and_oversized_files_are_skipped_and_counted() {
    let s = setup(|f| {
        f.file("a.py", "needle\n")
            .file("blob.bin", b"needle\0needle\n".as_slice())
            .file("huge.txt", "needle\n".repeat(1_300_000))
            .file(
                "long_line.txt",
                format!("{}needle\n", "y".repeat(5_000_000)),
            );
    });
    let (code, out, err) = run(&s, &["flask", "--stats", "needle"]);
    assert_eq!(code, 0, "{err}");
    let paths: Vec<&str> = out.lines().map(|l| l.split(':').next().unwrap()).collect();
    assert_eq!(paths, ["a.py", "long_line.txt"]);
    assert!(out.contains(":1:5000001:"), "the column after a 5 MB run");
    assert!(err.contains("1 binary and 1 over 8 MiB skipped"), "{err}");
}

#[test]
fn hostile_names_and_lines_are_sanitized() {
    let s = setup(|f| {
        f.put(
            b"evil\x1b]0;pwned\x07\xff.py".as_slice(),
            Node::File(b"x = '\x1b[2J\xc2\x9b31m\xe2\x80\xaeneedle'\n".to_vec()),
        );
    });
    let (code, out, err) = run(&s, &["flask", "needle"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.chars()
            .any(|c| codestudy::sanitize::is_unsafe(c) && c != '\n'),
        "{out:?}"
    );
    assert!(out.starts_with("evil␛]0;pwned␇\u{FFFD}.py:1:"), "{out:?}");

    let (code, out, _) = run(&s, &["flask", "--json", "needle"]);
    assert_eq!(code, 0);
    assert!(
        !out.trim_end().chars().any(codestudy::sanitize::is_unsafe),
        "{out:?}"
    );
    let row: Value = serde_json::from_str(out.trim()).unwrap();
    assert_eq!(row["text"], "x = '\x1b[2J\u{9b}31m\u{202e}needle'");
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let s = setup(|f| {
        for i in 0..200 {
            f.file(format!("f{i:03}.py"), "needle\n".repeat(500));
        }
    });
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("codestudy"))
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("CODESTUDY_CACHE_DIR", &s.cache_dir)
        .args(["grep", "flask", "needle"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe.
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line, "f000.py:1:1:needle\n");
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
