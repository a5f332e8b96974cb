//! The repository symbol index: what it holds, its cache keyed by blob id,
//! and the `symbols` and `find` commands.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use codestudy::outline::SymbolKind;
use codestudy::outline::index::{self, IndexError};
use codestudy::repo::{Cache, CloneRequest, Depth, clone_or_update};
use common::git::{Fixture, Node, build_study_fixture};

struct Setup {
    tmp: tempfile::TempDir,
    fixture: Fixture,
    cache: Cache,
}

impl Setup {
    fn new() -> Setup {
        let tmp = tempfile::tempdir().unwrap();
        let fixture = build_study_fixture(&tmp.path().join("served/pallets/flask.git"));
        let cache = Cache::new(&tmp.path().join("cache"));
        let s = Setup {
            tmp,
            fixture,
            cache,
        };
        s.fetch();
        s
    }

    /// Clone or update over the local transport (full history).
    fn fetch(&self) {
        let req = CloneRequest {
            owner: "pallets".into(),
            name: "flask".into(),
            url: format!(
                "file://{}/served/pallets/flask.git",
                self.tmp.path().display()
            ),
            depth: Some(Depth::Full),
        };
        clone_or_update(&self.cache, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
    }

    fn cache_dir(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    fn build(&self) -> index::RepoIndex {
        index::build(
            &self.cache.repo_dir("pallets", "flask"),
            &self.cache_file(),
            2,
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    fn cache_file(&self) -> PathBuf {
        index::cache_path(&self.cache_dir(), "pallets", "flask")
    }
}

#[test]
fn the_index_holds_every_symbol_of_every_supported_file() {
    let s = Setup::new();
    let idx = s.build();
    let has = |path: &str, symbol: &str, kind: SymbolKind, line: u32| {
        idx.entries
            .iter()
            .any(|e| &*e.path == path && e.symbol == symbol && e.kind == kind && e.line == line)
    };
    assert!(has("src/flask/app.py", "Flask", SymbolKind::Class, 1));
    assert!(has(
        "src/flask/app.py",
        "Flask.route",
        SymbolKind::Method,
        2
    ));
    assert!(has("src/flask/ctx.py", "AppContext", SymbolKind::Class, 1));
    assert!(has(
        "django/db/models/__init__.py",
        "Model",
        SymbolKind::Class,
        1
    ));
    assert!(has(
        "src/requests/adapter.py",
        "HTTPAdapter",
        SymbolKind::Class,
        1
    ));
    assert!(
        idx.entries.iter().all(|e| e.path.ends_with(".py")),
        "only supported files"
    );
    // tools/run.sh is Python-free shell; README.md and data.bin have no grammar.
    assert!(!idx.entries.iter().any(|e| e.path.starts_with("tools/")));
    // Including the one in a directory whose name is not UTF-8.
    assert!(idx.entries.iter().any(|e| e.symbol == "in_latin1_dir"));
    assert_eq!(idx.stats.files, 10);
    assert_eq!(idx.stats.parsed + idx.stats.reused, 10);
}

#[test]
fn a_second_build_parses_nothing_and_an_update_parses_only_new_blobs() {
    let mut s = Setup::new();
    let first = s.build();
    assert_eq!(first.stats.reused, 0);
    assert!(s.cache_file().exists());

    let again = s.build();
    assert_eq!(again.stats.parsed, 0, "warm: nothing outlined");
    assert_eq!(again.stats.reused, again.stats.files);
    assert_eq!(again.entries, first.entries);

    s.fixture.file("src/flask/app.py", "class Flask:\n    def route(self, rule):\n        return rule\n\n    def run(self):\n        pass\n");
    s.fixture
        .file("src/flask/new.py", "def added():\n    pass\n");
    s.fixture.commit("Add run and new.py");
    s.fetch();
    let updated = s.build();
    assert_eq!(updated.stats.parsed, 2, "only the changed and the new file");
    assert!(updated.entries.iter().any(|e| e.symbol == "Flask.run"));
    assert!(updated.entries.iter().any(|e| e.symbol == "added"));
}

#[test]
fn a_damaged_cache_file_is_ignored_and_rewritten() {
    let s = Setup::new();
    let first = s.build();
    std::fs::write(s.cache_file(), b"\x00garbage, not an index\xff").unwrap();
    let rebuilt = s.build();
    assert_eq!(rebuilt.stats.reused, 0);
    assert_eq!(rebuilt.entries, first.entries);
    assert_eq!(
        s.build().stats.parsed,
        0,
        "and the rewritten cache is used next time"
    );
}

#[test]
fn indexing_can_be_cancelled() {
    let s = Setup::new();
    let r = index::build(
        &s.cache.repo_dir("pallets", "flask"),
        &s.cache_file(),
        2,
        &AtomicBool::new(true),
    );
    assert!(matches!(r, Err(IndexError::Cancelled)));
}

fn codestudy(cache_dir: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("codestudy").unwrap();
    cmd.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env("CODESTUDY_CACHE_DIR", cache_dir);
    cmd
}

#[test]
fn symbols_and_find_commands() {
    let s = Setup::new();
    let out = codestudy(&s.cache_dir())
        .args(["symbols", "flask", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["symbol"] == "Flask.route")
        .unwrap();
    assert_eq!(row["repo"], "pallets/flask");
    assert_eq!(row["path"], "src/flask/app.py");
    assert_eq!(row["kind"], "method");
    assert_eq!(row["line"], 2);
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbols in 10 files"));

    let out = codestudy(&s.cache_dir())
        .args(["find", "flroute", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["symbol"], "Flask.route");
    assert!(rows[0]["score"].as_u64().unwrap() > 0);

    let out = codestudy(&s.cache_dir())
        .args(["find", "AppCtx", "--repo", "flask"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("AppContext  class  flask:src/flask/ctx.py  1"),
        "{text}"
    );

    let out = codestudy(&s.cache_dir())
        .args(["find", "zzzzqqq"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("no symbol matches \"zzzzqqq\""));

    // `find REPO QUERY` (issue 15, point 27): the first word scopes the
    // search; the statistics line only with -v.
    let out = codestudy(&s.cache_dir())
        .args(["find", "flask", "AppCtx"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("AppContext  class  flask:src/flask/ctx.py  1"),
        "{text}"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = codestudy(&s.cache_dir())
        .args(["find", "-v", "AppCtx"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("symbols in 10 files"));
    let out = codestudy(&s.cache_dir())
        .args(["find", "flaskk", "AppCtx"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("\"flaskk\" is not a repository of the catalog"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = codestudy(&s.cache_dir())
        .args(["find", "flask", "AppCtx", "--repo", "flask"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("the repository is given twice"));
}

#[test]
fn find_with_nothing_cloned_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    codestudy(tmp.path())
        .args(["find", "route"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no repository is cloned yet; clone one first",
        ));
    codestudy(tmp.path())
        .args(["symbols", "flask"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "pallets/flask is not cloned yet; run `codestudy clone flask`",
        ));
}

#[test]
fn outline_of_a_file_in_a_cached_repository() {
    let s = Setup::new();
    let out = codestudy(&s.cache_dir())
        .args(["outline", "flask:src/flask/app.py"])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "flask:src/flask/app.py (python, 2 symbols)\nclass Flask  L1-3\n  method route(self, rule)  L2-3\n"
    );
    let out = codestudy(&s.cache_dir())
        .args(["outline", "flask:link_passwd"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("is a symbolic link to /etc/passwd; links are not followed")
    );
    let out = codestudy(&s.cache_dir())
        .args(["outline", "flask:../../etc/passwd"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid path"));
    let out = codestudy(&s.cache_dir())
        .args(["outline", "nonexistent.py"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("no such file: nonexistent.py"));
}

#[test]
fn an_executable_script_without_an_extension_is_indexed_by_its_shebang() {
    let mut s = Setup::new();
    s.fixture.put(
        "bin/flask-admin",
        Node::Executable(b"#!/usr/bin/env python3\ndef main():\n    pass\n".to_vec()),
    );
    // A shell script, and a Python one that is not executable: not scripts
    // to index (the second still outlines when opened in the explorer).
    s.fixture.put(
        "bin/deploy",
        Node::Executable(b"#!/bin/sh\nmain() { :; }\n".to_vec()),
    );
    s.fixture.put(
        "bin/notes",
        Node::File(b"#!/usr/bin/env python3\ndef not_a_script():\n    pass\n".to_vec()),
    );
    s.fixture.commit("Add scripts");
    s.fetch();
    let idx = s.build();
    assert!(
        idx.entries
            .iter()
            .any(|e| &*e.path == "bin/flask-admin" && e.symbol == "main" && e.line == 2),
        "{:?}",
        idx.entries
    );
    assert!(!idx.entries.iter().any(|e| e.path.starts_with("bin/deploy")));
    assert!(!idx.entries.iter().any(|e| e.symbol == "not_a_script"));
    // Warm: the same answer from the cache.
    let again = s.build();
    assert_eq!(again.stats.parsed, 0);
    assert_eq!(again.entries, idx.entries);
}

/// Issue 15, point 30: `list` says which repositories are cloned and how
/// far their study is, as text and as JSON.
#[test]
fn list_shows_clone_status_and_study_progress() {
    let s = Setup::new();
    let data = s.tmp.path().join("data");
    let run = |args: &[&str]| {
        codestudy(&s.cache_dir())
            .env("CODESTUDY_DATA_DIR", &data)
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&["progress", "flask", "--done", "1", "--done", "2"])
            .status
            .success()
    );
    let out = run(&["list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let flask = text
        .lines()
        .find(|l| l.starts_with("pallets/flask"))
        .unwrap();
    let cells: Vec<&str> = flask
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(
        &cells[..4],
        ["pallets/flask *", "66k+", "yes", "2/6"],
        "{flask}"
    );
    let django = text
        .lines()
        .find(|l| l.starts_with("django/django"))
        .unwrap();
    let cells: Vec<&str> = django
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    assert_eq!(&cells[..4], ["django/django", "76k+", "-", "-"], "{django}");
    let out = run(&["list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let repos: Vec<&serde_json::Value> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["repos"].as_array().unwrap())
        .collect();
    let flask = repos.iter().find(|r| r["id"] == "pallets/flask").unwrap();
    assert_eq!(
        (flask["cloned"].as_bool(), flask["steps_done"].as_u64()),
        (Some(true), Some(2))
    );
    let django = repos.iter().find(|r| r["id"] == "django/django").unwrap();
    assert_eq!(
        (django["cloned"].as_bool(), django["steps_done"].as_u64()),
        (Some(false), Some(0))
    );
    // A progress file that cannot be read: the catalog is still listed.
    std::fs::write(data.join("progress.toml"), "version = [").unwrap();
    let out = run(&["list"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("warning: study progress not shown"));
    let text = String::from_utf8_lossy(&out.stdout);
    let flask = text
        .lines()
        .find(|l| l.starts_with("pallets/flask"))
        .unwrap();
    assert!(flask.contains("  yes     ?  "), "{flask}");
}
