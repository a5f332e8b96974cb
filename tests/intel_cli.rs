//! `codestudy def`, `refs` and `imports` as a script sees them: JSON
//! fields, text lines, exit codes 0/1/2 and the errors bad locations get.

mod common;

use std::path::Path;

use common::git::Fixture;
use serde_json::Value;

struct Setup {
    _tmp: tempfile::TempDir,
    cache_dir: std::path::PathBuf,
}

/// A clone of "pallets/flask" in a fresh cache, made in place.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path().join("cache");
    let cache = codestudy::repo::Cache::new(&cache_dir);
    let mut f = Fixture::create(&cache.repo_dir("pallets", "flask"));
    f.file(
        "src/flask/__init__.py",
        "from .app import Flask as Flask\nfrom .ctx import app_context\n",
    )
    .file(
        "src/flask/app.py",
        "import os\nfrom .ctx import app_context\n\nclass Flask:\n    def route(self, rule):\n        return os.path.join(rule)\n    def run(self):\n        return self.route(\"/\")\n",
    )
    .file("src/flask/ctx.py", "def app_context():\n    pass\n")
    .file(
        "tests/test_app.py",
        "from flask import Flask, app_context\n\u{e9}t\u{e9} = Flask()\n\u{e9}t\u{e9}.route(\"x\")\napp_context()\n",
    )
    .file("README.md", "# flask\n");
    f.commit("Fixture");
    Setup {
        _tmp: tmp,
        cache_dir,
    }
}

fn run(s: &Setup, args: &[&str]) -> (i32, String, String) {
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("CODESTUDY_CACHE_DIR", &s.cache_dir)
        .env("CODESTUDY_DATA_DIR", s.cache_dir.join("data"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn def_prints_candidates_as_json_and_text() {
    let s = setup();
    // `été.route` on line 3: column 5 is `r` (characters, not bytes).
    let (code, out, err) = run(&s, &["def", "flask:tests/test_app.py:3:5", "--json"]);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v[0]["path"], "src/flask/app.py");
    assert_eq!(
        (v[0]["line"].as_u64(), v[0]["column"].as_u64()),
        (Some(5), Some(9))
    );
    assert_eq!(v[0]["name"], "route");
    assert_eq!(v[0]["kind"], "method");
    assert_eq!(v[0]["confidence"], "likely");
    let (code, out, _) = run(&s, &["def", "pallets/flask:src/flask/app.py:8:21"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "src/flask/app.py:5:9  method route  [exact]  def route(self, rule):\n"
    );
    // A name from outside the repository: its module and its import.
    let (code, out, _) = run(&s, &["def", "flask:src/flask/app.py:6:24", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v[0]["path"], Value::Null);
    assert_eq!(v[0]["module"], "os.path");
    assert_eq!(v[0]["name"], "join");
    let (_, out, _) = run(&s, &["def", "flask:src/flask/app.py:6:21"]);
    assert_eq!(
        out,
        "path  from module os (outside the repository)  imported at src/flask/app.py:1  [exact]\n"
    );
}

#[test]
fn nothing_resolving_is_exit_1_with_an_empty_list() {
    let s = setup();
    let (code, out, err) = run(&s, &["def", "flask:src/flask/app.py:3:1", "--json"]);
    assert_eq!((code, out.as_str()), (1, "[]\n"), "{err}");
    assert!(
        err.contains("nothing resolves at src/flask/app.py:3:1"),
        "{err}"
    );
}

#[test]
fn refs_lists_source_then_tests_with_confidence() {
    let s = setup();
    let (code, out, err) = run(&s, &["refs", "flask:src/flask/ctx.py:1:5"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "src/flask/__init__.py:2:18  [exact]  from .ctx import app_context\n\
         src/flask/app.py:2:18  [exact]  from .ctx import app_context\n\
         tests/test_app.py:1:26  [exact]  from flask import Flask, app_context\n\
         tests/test_app.py:4:1  [exact]  app_context()\n"
    );
    assert!(err.contains("4 references in 3 files"), "{err}");
    let (code, out, _) = run(&s, &["refs", "flask:src/flask/ctx.py:1:5", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v.as_array().unwrap().len(), 4);
    assert_eq!(v[3]["path"], "tests/test_app.py");
    assert_eq!(v[3]["confidence"], "exact");
}

#[test]
fn imports_shows_the_graph_and_one_module() {
    let s = setup();
    let (code, out, _) = run(&s, &["imports", "flask"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("src/flask/app.py:2 -> src/flask/ctx.py\n"),
        "{out}"
    );
    assert!(
        out.contains("tests/test_app.py:1 -> src/flask/__init__.py\n"),
        "{out}"
    );
    let (code, out, _) = run(&s, &["imports", "flask", "src/flask/ctx.py", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["module"], "flask.ctx");
    assert_eq!(v["imports"].as_array().unwrap().len(), 0);
    let from: Vec<&str> = v["imported_by"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["from"].as_str().unwrap())
        .collect();
    assert_eq!(from, ["src/flask/__init__.py", "src/flask/app.py"]);
}

#[test]
fn bad_locations_get_exit_2_and_say_what_to_do() {
    let s = setup();
    for (args, says) in [
        (
            vec!["def", "flask:src/flask/app.py:0:1"],
            "LINE \"0\" is not a number from 1 up",
        ),
        (
            vec!["def", "flask:src/flask/app.py:1"],
            "expected REPO:PATH:LINE:COL",
        ),
        (
            vec!["refs", "flask:src/flask/nope.py:1:1"],
            "no file src/flask/nope.py at HEAD of pallets/flask",
        ),
        (
            vec!["def", "flask:README.md:1:1"],
            "README.md in pallets/flask is not a Python file",
        ),
        (
            vec!["def", "flask:src/flask/app.py:99:1"],
            "line 99 is past the end of src/flask/app.py in pallets/flask (8 lines)",
        ),
        (vec!["def", "django:x.py:1:1"], "not cloned"),
        (vec!["def", "nosuch:x.py:1:1"], "no repository \"nosuch\""),
        (
            vec!["imports", "flask", "nope.py"],
            "no file nope.py at HEAD",
        ),
    ] {
        let (code, out, err) = run(&s, &args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_second_run_reads_the_cache_and_a_damaged_cache_is_rebuilt() {
    let s = setup();
    let (_, _, err) = run(&s, &["def", "flask:src/flask/app.py:8:21"]);
    assert!(
        err.contains("semantic index of 4 Python files (4 parsed"),
        "{err}"
    );
    let (code, _, err) = run(&s, &["def", "flask:src/flask/app.py:8:21"]);
    assert_eq!(code, 0);
    assert!(!err.contains("parsed"), "{err}");
    let file = s.cache_dir.join("intel/pallets/flask.intel");
    let mut bytes = std::fs::read(&file).unwrap();
    let n = bytes.len();
    for b in &mut bytes[n / 2..] {
        *b = 0xff;
    }
    std::fs::write(&file, &bytes).unwrap();
    let (code, out, err) = run(&s, &["def", "flask:src/flask/app.py:8:21"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("src/flask/app.py:5:9"), "{out}");
    // The damaged file was dropped: the next run writes it whole.
    let (_, _, err) = run(&s, &["def", "flask:src/flask/app.py:8:21"]);
    assert!(err.contains("(4 parsed, 0 from the cache)"), "{err}");
    std::fs::write(&file, b"CSINTEL\0\xff\xff\xff\xff\xff\xff\xff\x7f").unwrap();
    let (code, _, err) = run(&s, &["def", "flask:src/flask/app.py:8:21"]);
    assert_eq!(code, 0, "{err}");
    assert!(Path::new(&file).exists());
}
