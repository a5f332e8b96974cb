//! `codestudy step REPO N` (issue 16): each step's view on the command
//! line, as text and as JSON, from a clone made over a real `git daemon`
//! on loopback.

mod common;

use std::path::PathBuf;

use assert_cmd::Command;
use common::git::{GitDaemon, serve_study_fixture};
use serde_json::Value;
use tempfile::TempDir;

struct Env {
    _tmp: TempDir,
    cache: PathBuf,
    data: PathBuf,
    home: PathBuf,
}

fn codestudy(env: &Env) -> Command {
    let mut cmd = Command::cargo_bin("codestudy").unwrap();
    cmd.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", &env.home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CODESTUDY_CACHE_DIR", &env.cache)
        .env("CODESTUDY_DATA_DIR", &env.data);
    cmd
}

/// flask cloned from the study fixture.
fn cloned() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let env = Env {
        cache: tmp.path().join("cache"),
        data: tmp.path().join("data"),
        home: tmp.path().join("home"),
        _tmp: tmp,
    };
    std::fs::create_dir_all(&env.home).unwrap();
    let base = env.home.join("served");
    serve_study_fixture(&base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&base);
    codestudy(&env)
        .env("CODESTUDY_MIRROR", daemon.mirror())
        .args(["clone", "flask", "--full"])
        .assert()
        .success();
    env
}

fn text(env: &Env, args: &[&str]) -> String {
    let out = codestudy(env).args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

fn json(env: &Env, args: &[&str]) -> Value {
    serde_json::from_str(&text(env, args)).unwrap()
}

#[test]
fn every_step_prints_what_its_view_shows() {
    let env = cloned();
    // 1: the README, rendered as the viewer shows it (no blank line
    // left under the heading), then the docs/ tree.
    let one = text(&env, &["step", "flask", "1"]);
    assert!(
        one.starts_with("1. Documentation: pallets/flask\n"),
        "{one}"
    );
    assert!(one.contains("# Fixture\nA repository for tests."), "{one}");
    assert!(one.contains("## docs/\n• docs/index.md"), "{one}");
    // 2: a list, each entry with what it opens.
    let two = text(&env, &["step", "flask", "2"]);
    assert!(two.starts_with("2. Tests: pallets/flask\n"), "{two}");
    // 3: the community files, the issue template among them.
    let three = text(&env, &["step", "flask", "3"]);
    assert!(three.contains("CONTRIBUTING.md"), "{three}");
    // 4: the key files with their read counts.
    let four = text(&env, &["step", "pallets/flask", "4"]);
    assert!(four.contains("src/flask/app.py  0/2 read"), "{four}");
    // 6: the history, newest first, each commit opening.
    let six = text(&env, &["step", "flask", "6"]);
    let first = six.lines().nth(1).unwrap();
    assert!(
        first.contains("Add docs") && first.contains("→ commit "),
        "{six}"
    );
    assert_eq!(
        six.lines().filter(|l| l.contains("→ commit ")).count(),
        5,
        "{six}"
    );
}

#[test]
fn the_json_is_the_view_with_its_targets() {
    let env = cloned();
    let doc = json(&env, &["step", "flask", "1", "--json"]);
    assert_eq!(doc["kind"], "document");
    assert_eq!(doc["repo"], "pallets/flask");
    assert_eq!(doc["step"], 1);
    assert_eq!(doc["title"], "1. Documentation: pallets/flask");
    assert!(doc["markdown"].as_str().unwrap().contains("# Fixture"));
    let list = json(&env, &["step", "flask", "4", "--json"]);
    assert_eq!(list["kind"], "list");
    assert_eq!(list["deepen"], false);
    let items = list["items"].as_array().unwrap();
    let app = items
        .iter()
        .find(|i| i["text"] == "src/flask/app.py")
        .expect("app.py listed");
    assert_eq!(app["style"], "entry");
    // The reading order (from the code index): app.py after nothing it
    // imports, before the __init__.py that imports it; Enter opens it at
    // its first unread symbol.
    assert_eq!(
        app["detail"],
        "0/2 read, next Flask · key file, imported by flask/__init__.py"
    );
    assert_eq!(app["opens"]["kind"], "file_at");
    assert_eq!(app["opens"]["path"], "src/flask/app.py");
    assert_eq!(app["opens"]["line"], 1);
    let history = json(&env, &["step", "flask", "6", "--json"]);
    let commits: Vec<&Value> = history["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["opens"]["kind"] == "commit")
        .collect();
    assert_eq!(commits.len(), 5);
    assert_eq!(commits[0]["opens"]["id"].as_str().unwrap().len(), 40);
}

#[test]
fn the_width_wraps_a_document() {
    let env = cloned();
    let narrow = text(&env, &["step", "flask", "5", "--width", "40"]);
    assert!(
        narrow
            .lines()
            .all(|l| l.chars().count() <= 40 || l.starts_with("    ")),
        "{narrow}"
    );
    let wide = text(&env, &["step", "flask", "5", "--width", "200"]);
    assert!(wide.lines().count() < narrow.lines().count());
}

#[test]
fn bad_input_says_what_and_what_to_do() {
    let env = cloned();
    let out = codestudy(&env)
        .args(["step", "flask", "7"])
        .assert()
        .failure()
        .code(1);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("there is no step 7") && err.contains("1 to 6"),
        "{err}"
    );
    let out = codestudy(&env)
        .args(["step", "requests", "1"])
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(err.contains("not cloned"), "{err}");
    assert!(out.get_output().stdout.is_empty());
    let out = codestudy(&env)
        .args(["step", "requests", "1", "--json"])
        .assert()
        .failure();
    let err: Value = serde_json::from_slice(&out.get_output().stderr).unwrap();
    assert!(
        err["error"].as_str().unwrap().contains("not cloned"),
        "{err}"
    );
    codestudy(&env)
        .args(["step", "nosuchrepo", "1"])
        .assert()
        .failure();
    codestudy(&env)
        .args(["step", "flask", "x"])
        .assert()
        .failure()
        .code(2);
}

#[test]
fn log_prints_a_paths_and_a_symbols_history() {
    let env = cloned();
    // A file moved into src/: renames followed with --follow only.
    let plain = text(&env, &["log", "flask:src/requests/models.py"]);
    assert_eq!(plain.lines().count(), 1, "{plain}");
    assert!(plain.contains("Move requests under src/"), "{plain}");
    let followed = json(
        &env,
        &["log", "flask:src/requests/models.py", "--follow", "--json"],
    );
    let commits = followed["commits"].as_array().unwrap();
    let summaries: Vec<&str> = commits
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["Move requests under src/", "Initial import"]);
    assert_eq!(commits[1]["path"], "requests/models.py");
    assert_eq!(commits[0]["id"].as_str().unwrap().len(), 40);
    // ISO 8601, as git's --date=iso-strict writes it.
    let date = commits[0]["date"].as_str().unwrap();
    assert!(
        date.len() == 25 && date.as_bytes()[10] == b'T' && date[19..].starts_with(['+', '-']),
        "{date}"
    );
    assert_eq!(followed["follow"], true);
    // One method: the commits that changed its text.
    let route = json(
        &env,
        &["log", "flask:src/flask/app.py::Flask.route", "--json"],
    );
    let summaries: Vec<&str> = route["commits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["Return the rule from route", "Initial import"]);
    assert_eq!(route["commits"][0]["lines"], serde_json::json!([2, 3]));
    // The repository's history, limited.
    let all = text(&env, &["log", "flask", "--limit", "2"]);
    assert_eq!(all.lines().count(), 3, "{all}");
    assert!(all.lines().last().unwrap().contains("--limit 4"), "{all}");
    // Bad input says what and what to do.
    for (args, says) in [
        (
            vec!["log", "flask:src/flask/app.py::Nope"],
            "no commit in this clone changed a symbol `Nope`",
        ),
        (vec!["log", "flask:"], "no path after the `:`"),
        (
            vec!["log", "flask:src/flask/app.py::"],
            "no symbol after the `::`",
        ),
        (vec!["log", "flask:../etc/passwd"], "passwd"),
        (vec!["log", "requests"], "not cloned"),
    ] {
        let out = codestudy(&env).args(&args).assert().failure();
        let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.get_output().stdout.is_empty());
    }
}
