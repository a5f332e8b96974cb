//! Reading a clone made by the engine from a fixture served by a real
//! `git daemon`: the tree, files, symlinks, submodules, odd names, history
//! and key-file resolution (the `check` command).

mod common;

use codestudy::study::StepKind;
use codestudy::study::views::Target;
use std::sync::atomic::AtomicBool;

use codestudy::repo::{
    Cache, CloneOutcome, CloneRequest, Content, Depth, EntryKind, RepoError, RepoPath, Snapshot,
    clone_or_update,
};
use common::git::{GitDaemon, serve_study_fixture};

struct Cloned {
    _tmp: tempfile::TempDir,
    snap: Snapshot,
    cache_dir: std::path::PathBuf,
    _daemon: GitDaemon,
}

fn clone_fixture(depth: Depth) -> Cloned {
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("served");
    serve_study_fixture(&base, &["pallets/flask", "psf/requests", "django/django"]);
    let daemon = GitDaemon::start(&base);
    let cache_dir = tmp.path().join("cache");
    let cache = Cache::new(&cache_dir);
    for (owner, name) in [
        ("pallets", "flask"),
        ("psf", "requests"),
        ("django", "django"),
    ] {
        let req = CloneRequest {
            owner: owner.into(),
            name: name.into(),
            url: format!("git://127.0.0.1:{}/{owner}/{name}.git", daemon.port),
            depth: Some(depth),
        };
        let outcome = clone_or_update(&cache, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
        assert!(matches!(outcome, CloneOutcome::Cloned { .. }));
    }
    let snap = Snapshot::open(&cache.repo_dir("pallets", "flask")).unwrap();
    Cloned {
        _tmp: tmp,
        snap,
        cache_dir,
        _daemon: daemon,
    }
}

fn p(s: &str) -> RepoPath {
    RepoPath::parse(s).unwrap()
}

#[test]
fn root_listing_puts_directories_first_and_knows_every_kind() {
    let c = clone_fixture(Depth::Commits(1));
    let root = c.snap.list_dir(None).unwrap();
    let names: Vec<String> = root.iter().map(|e| e.path.to_string_lossy()).collect();
    let first_file = root
        .iter()
        .position(|e| e.kind != EntryKind::Directory)
        .unwrap();
    assert!(
        root[..first_file]
            .iter()
            .all(|e| e.kind == EntryKind::Directory)
    );
    assert_eq!(
        &names[..first_file],
        [
            ".github",
            "django",
            "docs",
            "d\u{FFFD}p",
            "src",
            "tools",
            "vendor"
        ]
    );
    let kind = |n: &str| {
        root.iter()
            .find(|e| e.path.to_string_lossy() == n)
            .unwrap()
            .kind
    };
    assert_eq!(kind("link_passwd"), EntryKind::Symlink);
    assert_eq!(kind("README.md"), EntryKind::File);
    // The non-UTF-8 name is listed, shown lossily.
    assert!(names.contains(&"caf\u{FFFD}.txt".to_string()), "{names:?}");

    let vendor = c.snap.list_dir(Some(&p("vendor"))).unwrap();
    assert_eq!(vendor.len(), 1);
    assert_eq!(vendor[0].kind, EntryKind::Submodule);
    assert_eq!(vendor[0].size, None);

    let readme = root
        .iter()
        .find(|e| e.path.to_string_lossy() == "README.md")
        .unwrap();
    assert_eq!(readme.size, Some(35));
    let tools = c.snap.list_dir(Some(&p("tools"))).unwrap();
    assert!(tools[0].executable);
}

#[test]
fn flat_listing_has_every_entry_once() {
    let c = clone_fixture(Depth::Commits(1));
    let all = c.snap.list_all(true).unwrap();
    let paths: Vec<String> = all.iter().map(|e| e.path.to_string_lossy()).collect();
    for expected in [
        "src",
        "src/flask",
        "src/flask/app.py",
        "src/requests/models.py",
        "django/db/models/__init__.py",
        "vendor/lib",
        "link_outside",
    ] {
        assert_eq!(
            paths.iter().filter(|p| *p == expected).count(),
            1,
            "{expected}"
        );
    }
    assert!(
        !paths.iter().any(|p| p.starts_with("requests/")),
        "moved away at HEAD"
    );
    assert!(
        !paths.contains(&"feature.txt".to_string()),
        "other branch not fetched"
    );
    let app = all
        .iter()
        .find(|e| e.path.to_string_lossy() == "src/flask/app.py")
        .unwrap();
    assert_eq!(app.size, Some(60));
    // Parents come before their children.
    let pos = |s: &str| paths.iter().position(|p| p == s).unwrap();
    assert!(pos("src") < pos("src/flask") && pos("src/flask") < pos("src/flask/app.py"));
}

#[test]
fn reading_files_of_every_kind() {
    let c = clone_fixture(Depth::Commits(1));
    let cap = codestudy::repo::DEFAULT_SIZE_CAP;
    assert_eq!(
        c.snap.read(&p("src/flask/app.py"), cap).unwrap(),
        Content::Text {
            text: "class Flask:\n    def route(self, rule):\n        return rule\n".into(),
            lossy: false
        }
    );
    assert_eq!(
        c.snap.read(&p("data.bin"), cap).unwrap(),
        Content::Binary { size: 16 }
    );
    assert_eq!(
        c.snap.read(&p("src/flask/app.py"), 10).unwrap(),
        Content::TooLarge { size: 60, cap: 10 }
    );
    // A symlink's target is shown as text, never followed.
    assert_eq!(
        c.snap.read(&p("link_passwd"), cap).unwrap(),
        Content::Symlink {
            target: "/etc/passwd".into()
        }
    );
    assert_eq!(
        c.snap.read(&p("link_outside"), cap).unwrap(),
        Content::Symlink {
            target: "../../outside".into()
        }
    );
    assert!(matches!(
        c.snap.read(&p("vendor/lib"), cap).unwrap(),
        Content::Submodule { .. }
    ));
    assert_eq!(c.snap.read(&p("src"), cap).unwrap(), Content::Directory);
    // Paths through a symlink do not exist.
    assert!(matches!(
        c.snap.read(&p("link_outside/secret"), cap),
        Err(RepoError::PathNotFound { .. })
    ));
    assert!(matches!(
        c.snap.read(&p("nope.py"), cap),
        Err(RepoError::PathNotFound { .. })
    ));
    // Raw bytes for parsers: only regular files.
    let blob = c
        .snap
        .read_blob(&p("src/flask/ctx.py"), cap)
        .unwrap()
        .unwrap();
    assert_eq!(blob.bytes, b"class AppContext:\n    pass\n");
    assert!(c.snap.read_blob(&p("link_passwd"), cap).unwrap().is_err());
}

#[test]
fn nothing_outside_the_repository_can_be_named() {
    for bad in [
        "../outside",
        "/etc/passwd",
        "src/../../x",
        ".git/config",
        "a/.GIT/HEAD",
        "a\\b",
        "",
    ] {
        let err = RepoPath::parse(bad).unwrap_err();
        assert!(matches!(err, RepoError::InvalidPath { .. }), "{bad}");
        assert!(
            err.to_string()
                .starts_with(&format!("invalid path {bad:?}")),
            "{err}"
        );
    }
}

#[test]
fn history_of_a_path_on_a_full_clone() {
    let c = clone_fixture(Depth::Full);
    let page = c.snap.history(Some(&p("src/flask/app.py")), 0, 10).unwrap();
    let summaries: Vec<&str> = page.commits.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(summaries, ["Return the rule from route", "Initial import"]);
    assert!(!page.truncated && !page.has_more);
    assert_eq!(page.commits[0].author, "Fixture Author");
    assert_eq!(page.commits[0].email, "author@example.com");

    let all = c.snap.history(None, 0, 2).unwrap();
    assert_eq!(all.commits.len(), 2);
    assert!(all.has_more);
    let rest = c.snap.history(None, 2, 10).unwrap();
    assert_eq!(rest.commits.len(), 3);
    assert!(!rest.has_more);
    assert_eq!(rest.commits[2].summary, "Initial import");

    let dir = c.snap.history(Some(&p("src/requests")), 0, 10).unwrap();
    assert_eq!(dir.commits.len(), 1, "created by the move");
    assert_eq!(dir.commits[0].summary, "Move requests under src/");
}

#[test]
fn history_on_a_shallow_clone_says_it_is_truncated() {
    // Depth 2 holds "Add docs" and its parent "Return the rule from route",
    // whose own parent is missing: what that commit changed is unknown.
    let c = clone_fixture(Depth::Commits(2));
    let page = c.snap.history(Some(&p("src/flask/app.py")), 0, 10).unwrap();
    assert!(page.commits.is_empty());
    assert!(page.truncated);
    let docs = c.snap.history(Some(&p("docs")), 0, 10).unwrap();
    let summaries: Vec<&str> = docs.commits.iter().map(|c| c.summary.as_str()).collect();
    assert_eq!(summaries, ["Add docs"]);
    assert!(docs.truncated, "older commits may have touched docs too");
    let all = c.snap.history(None, 0, 10).unwrap();
    assert_eq!(all.commits.len(), 2);
    assert!(all.truncated);
    assert_eq!(c.snap.depth(), Depth::Commits(2));
}

#[test]
fn check_resolves_key_files_found_moved_and_missing() {
    let c = clone_fixture(Depth::Commits(1));
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &c.cache_dir.display().to_string(),
            "check",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |path: &str| {
        json.as_array()
            .unwrap()
            .iter()
            .find(|r| r["path"] == path)
            .unwrap_or_else(|| panic!("{path} missing from {json}"))
            .clone()
    };
    assert_eq!(
        json.as_array().unwrap().len(),
        9,
        "three repositories, three key files each"
    );
    let app = row("src/flask/app.py");
    assert_eq!(
        (
            app["repo"].as_str(),
            app["status"].as_str(),
            app["kind"].as_str()
        ),
        (Some("pallets/flask"), Some("found"), Some("file"))
    );
    let models = row("requests/models.py");
    assert_eq!(models["status"], "moved");
    assert_eq!(models["resolved"], "src/requests/models.py");
    let adapters = row("requests/adapters.py");
    assert_eq!(adapters["status"], "missing");
    assert_eq!(adapters["suggestions"][0], "src/requests/adapter.py");
    let dj = row("django/db/models.py");
    assert_eq!(dj["status"], "moved");
    assert_eq!(dj["resolved"], "django/db/models/__init__.py");
    // A module that became a package says so, with its modules.
    assert_eq!(dj["became"], "package");
    assert!(
        dj["parts"].as_array().is_some_and(|p| !p.is_empty()),
        "{dj}"
    );
    assert_eq!(models["became"], "moved");
    assert!(models.get("parts").is_none(), "{models}");
    assert_eq!(row("django/http/response.py")["status"], "found");
    assert_eq!(row("django/urls/resolvers.py")["status"], "missing");

    let text = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &c.cache_dir.display().to_string(),
            "check",
            "requests",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout).into_owned();
    assert!(text.starts_with("psf/requests (HEAD "), "{text}");
    assert!(
        text.contains("moved    requests/models.py    -> src/requests/models.py (file)"),
        "{text}"
    );
    assert!(
        text.contains("missing  requests/adapters.py  did you mean: src/requests/adapter.py"),
        "{text}"
    );

    // Issue 15, point 30: `outline` follows a moved path, with a note, and
    // suggests near names for a missing one.
    let outline = |target: &str| {
        assert_cmd::Command::cargo_bin("codestudy")
            .unwrap()
            .env_remove("CODESTUDY_CATALOG")
            .env("CODESTUDY_CONFIG", "/dev/null")
            .args([
                "--cache-dir",
                &c.cache_dir.display().to_string(),
                "outline",
                target,
            ])
            .output()
            .unwrap()
    };
    let out = outline("requests:requests/models.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "requests/models.py is not at HEAD of psf/requests; it moved to src/requests/models.py"
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("requests:src/requests/models.py ("));
    let out = outline("requests:requests/adapters.py");
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains(
            "no such path in psf/requests: requests/adapters.py; did you mean requests:src/requests/adapter.py, "
        ),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_of_a_repository_not_cloned_says_how_to_clone_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &tmp.path().display().to_string(),
            "check",
            "flask",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = String::from_utf8_lossy(&out.stderr);
    assert!(
        e.contains("pallets/flask is not cloned yet; run `codestudy clone flask`"),
        "{e}"
    );
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &tmp.path().display().to_string(),
            "check",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    // Issue 15, point 29: `check flask --json` of a repository not cloned
    // prints no result, and its error as JSON on stderr, exit 1.
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &tmp.path().display().to_string(),
            "check",
            "flask",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(
        err["error"],
        "pallets/flask is not cloned yet; run `codestudy clone flask`"
    );
    // Any command's error under --json: `{"error": ...}` on stderr.
    let out = assert_cmd::Command::cargo_bin("codestudy")
        .unwrap()
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .args([
            "--cache-dir",
            &tmp.path().display().to_string(),
            "symbols",
            "nosuch",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    let err: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    assert!(
        err["error"]
            .as_str()
            .unwrap()
            .contains("no repository \"nosuch\""),
        "{err}"
    );
}

#[test]
fn a_background_clone_reports_on_its_channel_and_can_be_cancelled() {
    use codestudy::repo::{CloneEvent, Phase, spawn_clone};
    use std::sync::{Arc, mpsc};
    let tmp = tempfile::tempdir().unwrap();
    let base = tmp.path().join("served");
    common::git::build_large_fixture(&base.join("psf/requests.git"), 2000, 2048);
    serve_study_fixture(&base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&base);
    let cache = Cache::new(&tmp.path().join("cache"));
    let req = |owner: &str, name: &str| CloneRequest {
        owner: owner.into(),
        name: name.into(),
        url: format!("git://127.0.0.1:{}/{owner}/{name}.git", daemon.port),
        depth: None,
    };

    let (tx, rx) = mpsc::channel();
    let handle = spawn_clone(
        cache.clone(),
        req("pallets", "flask"),
        tx,
        Arc::new(AtomicBool::new(false)),
    )
    .unwrap();
    let events: Vec<CloneEvent> = rx.iter().collect();
    handle.join().unwrap();
    let phases: Vec<Phase> = events
        .iter()
        .filter_map(|e| match e {
            CloneEvent::Progress { progress, .. } => Some(progress.phase),
            _ => None,
        })
        .collect();
    assert_eq!(phases.first(), Some(&Phase::Connecting));
    assert!(phases.contains(&Phase::Receiving), "{phases:?}");
    assert_eq!(phases.last(), Some(&Phase::Verifying));
    match events.last().unwrap() {
        CloneEvent::Finished { id, result } => {
            assert_eq!(id, "pallets/flask");
            assert!(matches!(result, Ok(CloneOutcome::Cloned { .. })));
        }
        other => panic!("last event {other:?}"),
    }

    // Cancelled as soon as objects arrive: the result says so and nothing
    // is left in the cache.
    let (tx, rx) = mpsc::channel();
    let cancel = Arc::new(AtomicBool::new(false));
    let handle = spawn_clone(cache.clone(), req("psf", "requests"), tx, cancel.clone()).unwrap();
    let mut finished = None;
    for e in rx.iter() {
        match e {
            CloneEvent::Progress { progress, .. } if progress.phase == Phase::Receiving => {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed)
            }
            CloneEvent::Finished { result, .. } => finished = Some(result),
            _ => {}
        }
    }
    handle.join().unwrap();
    assert!(
        matches!(finished, Some(Err(RepoError::Cancelled))),
        "{finished:?}"
    );
    assert!(!cache.is_cloned("psf", "requests"));
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path().join("cache/repos/psf"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn the_study_steps_views_read_the_clone() {
    use codestudy::study::steps::{community, documentation};
    let c = clone_fixture(Depth::Commits(1));
    let catalog = codestudy::catalog::Catalog::embedded().unwrap();
    let flask = catalog.find_repo("flask").unwrap();
    let doc = documentation::markdown(&c.snap, flask);
    assert!(
        doc.starts_with("# Fixture\n"),
        "the README comes first: {doc}"
    );
    assert!(doc.contains("## docs/"), "then the docs tree: {doc}");
    assert!(doc.contains("- [`docs/index.md`](docs/index.md)"), "{doc}");
    let files: Vec<String> = community::files(&c.snap)
        .iter()
        .map(|p| p.to_string_lossy())
        .collect();
    assert_eq!(files, ["CONTRIBUTING.md", ".github/ISSUE_TEMPLATE/bug.md"]);
    let community = community::markdown(&c.snap, flask);
    assert!(
        community.contains("- Issues: https://github.com/pallets/flask/issues"),
        "{community}"
    );
    assert!(
        community.contains("- Pull requests: https://github.com/pallets/flask/pulls"),
        "{community}"
    );
    assert!(community.contains("## CONTRIBUTING.md"), "{community}");
    assert!(
        community.contains("Run the tests with `pytest`."),
        "{community}"
    );
    assert!(community.contains("What happened?"), "{community}");
}

#[test]
fn step_five_finds_commands_and_makes_a_working_copy() {
    use codestudy::study::steps::run_locally;
    let c = clone_fixture(Depth::Commits(1));
    let files = run_locally::project_files(&c.snap);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(names, ["CONTRIBUTING.md"]);
    let found = run_locally::discover(&files);
    // "Run the tests with `pytest`." is prose: its inline code is no
    // command to copy (only code blocks and `$ ` lines are).
    assert!(found.is_empty(), "from CONTRIBUTING's prose: {found:?}");

    let dest = c.cache_dir.parent().unwrap().join("work/flask");
    let cached = Cache::new(&c.cache_dir).repo_dir("pallets", "flask");
    codestudy::repo::make_working_copy(&cached, &dest, "https://github.com/pallets/flask").unwrap();
    assert_eq!(
        std::fs::read_to_string(dest.join("src/flask/app.py")).unwrap(),
        "class Flask:\n    def route(self, rule):\n        return rule\n"
    );
    let repo = git2::Repository::open(&dest).unwrap();
    assert!(!repo.is_bare());
    assert_eq!(
        repo.find_remote("origin").unwrap().url().unwrap(),
        "https://github.com/pallets/flask"
    );
    assert!(repo.statuses(None).unwrap().is_empty(), "a clean checkout");
    // Never over an existing folder with something in it.
    let err = codestudy::repo::make_working_copy(&cached, &dest, "x").unwrap_err();
    assert!(err.contains("already exists and is not empty"), "{err}");
}

/// The text of a view, for asserting on: a document's Markdown, or a
/// list's title, intro and entries (`text | detail`, headings as `## `).
fn view_text(view: &codestudy::study::views::View) -> String {
    use codestudy::study::views::{ItemStyle, View};
    match view {
        View::Document {
            title, markdown, ..
        } => format!("{title}\n{markdown}"),
        View::List(l) => {
            let mut out = format!("{}\n{}\n", l.title, l.intro.join("\n"));
            for it in &l.items {
                let mark = match it.style {
                    ItemStyle::Heading => "## ",
                    ItemStyle::Plain => "- ",
                    ItemStyle::Dim => "  ",
                };
                out.push_str(&format!("{mark}{} | {}\n", it.text, it.detail));
            }
            out
        }
    }
}

fn list(view: codestudy::study::views::View) -> codestudy::study::views::ListView {
    match view {
        codestudy::study::views::View::List(l) => l,
        other => panic!("not a list: {other:?}"),
    }
}

#[test]
fn step_two_lists_test_folders_and_the_tests_of_each_key_file() {
    let c = clone_fixture(Depth::Commits(1));
    let catalog = codestudy::catalog::Catalog::embedded().unwrap();
    let view =
        codestudy::study::steps::test_files::list(&c.snap, catalog.find_repo("flask").unwrap());
    let text = view_text(&codestudy::study::views::View::List(view));
    assert!(text.contains("## src/flask/app.py"), "{text}");
    assert!(text.contains("## src/flask/ctx.py"), "{text}");
    // The study fixture has no tests folder: said plainly.
    assert!(
        text.contains("No folder named test, tests or testing."),
        "{text}"
    );
    assert!(
        text.contains("no test file imports it or is named after it"),
        "{text}"
    );
}

#[test]
fn every_step_opens_its_own_view() {
    let c = clone_fixture(Depth::Full);
    let catalog = codestudy::catalog::Catalog::embedded().unwrap();
    let flask = catalog.find_repo("flask").unwrap();
    let mut progress = codestudy::study::Progress::default();
    progress.apply(&codestudy::study::Change::MarkRead {
        repo: "pallets/flask".into(),
        path: "src/flask/app.py".into(),
        symbol: "Flask.route".into(),
        read: true,
    });
    let expect = [
        (1, "1. Documentation: pallets/flask", "# Fixture"),
        (2, "2. Tests: pallets/flask", "## src/flask/app.py"),
        (
            3,
            "3. Issues and pull requests: pallets/flask",
            "- Issues: https://github.com/pallets/flask/issues",
        ),
        (
            4,
            "4. One module at a time: pallets/flask",
            "- src/flask/app.py | 1/2 read",
        ),
        (
            5,
            "5. Run the code locally: pallets/flask",
            "`~/codestudy/flask`",
        ),
        (6, "6. History: pallets/flask", "Add docs | Fixture Author"),
    ];
    for (step, title, want) in expect {
        let kind = StepKind::at(step - 1).unwrap();
        let view =
            codestudy::jobs::step_view(&c.snap, flask, kind, progress.repo("pallets/flask"), None);
        let text = view_text(&view);
        assert!(
            text.starts_with(&format!("{title}\n")),
            "step {step}: {text}"
        );
        assert!(text.contains(want), "step {step}: {want:?} not in\n{text}");
    }
    let history = list(codestudy::jobs::step_view(
        &c.snap,
        flask,
        StepKind::History,
        None,
        None,
    ));
    assert!(!history.deepen, "a full clone offers no deepening");
    assert_eq!(history.items.len(), 5, "five commits on main");
    // Enter on the newest commit: its message and files; on a file, its diff.
    let Some(Target::Commit { id }) = history.items[0].target.clone() else {
        panic!("{:?}", history.items[0]);
    };
    let commit = list(
        codestudy::jobs::open_target(&c.snap, "pallets/flask", &Target::Commit { id: id.clone() })
            .unwrap(),
    );
    let text = view_text(&codestudy::study::views::View::List(commit.clone()));
    assert!(
        text.contains("Fixture Author <author@example.com>"),
        "{text}"
    );
    assert!(text.contains("## 1 file changed, +1 -0"), "{text}");
    assert!(text.contains("- docs/index.md | +1 -0"), "{text}");
    let diff = codestudy::jobs::open_target(
        &c.snap,
        "pallets/flask",
        commit.items[1].target.as_ref().unwrap(),
    )
    .unwrap();
    let text = view_text(&diff);
    assert!(text.contains("+# Docs"), "{text}");
    assert!(text.contains("```diff"), "{text}");
    // The history of one file: only the commits that changed it.
    let app = list(
        codestudy::jobs::open_target(
            &c.snap,
            "pallets/flask",
            &Target::History {
                path: Some("src/flask/app.py".into()),
                skip: 0,
            },
        )
        .unwrap(),
    );
    let summaries: Vec<&str> = app.items.iter().map(|i| &i.text[11..]).collect();
    assert_eq!(summaries, ["Return the rule from route", "Initial import"]);
    // A directory's history, and a diff that edits a line.
    let second = codestudy::jobs::open_target(
        &c.snap,
        "pallets/flask",
        &Target::Diff {
            commit: match &app.items[0].target {
                Some(Target::Commit { id }) => id.clone(),
                other => panic!("{other:?}"),
            },
            path: "src/flask/app.py".into(),
        },
    )
    .unwrap();
    let text = view_text(&second);
    assert!(text.contains("-        pass"), "{text}");
    assert!(text.contains("+        return rule"), "{text}");
    let dir = list(
        codestudy::jobs::open_target(
            &c.snap,
            "pallets/flask",
            &Target::History {
                path: Some("django".into()),
                skip: 0,
            },
        )
        .unwrap(),
    );
    assert_eq!(dir.items.len(), 2, "{dir:?}");
}

#[test]
fn the_history_of_a_shallow_clone_says_so() {
    let c = clone_fixture(Depth::Commits(2));
    let catalog = codestudy::catalog::Catalog::embedded().unwrap();
    let history = list(codestudy::jobs::step_view(
        &c.snap,
        catalog.find_repo("flask").unwrap(),
        StepKind::History,
        None,
        None,
    ));
    assert!(history.deepen);
    let text = view_text(&codestudy::study::views::View::List(history.clone()));
    assert!(text.contains("This clone is shallow (depth 2)"), "{text}");
    assert!(text.contains("d fetches 500 more"), "{text}");
    assert!(
        text.contains("the clone starts here: older commits are not in it"),
        "{text}"
    );
    // The oldest commit in the clone: what it changed is unknown.
    let Some(Target::Commit { id }) = history.items[1].target.clone() else {
        panic!("{history:?}");
    };
    let commit = view_text(
        &codestudy::jobs::open_target(&c.snap, "pallets/flask", &Target::Commit { id }).unwrap(),
    );
    assert!(
        commit.contains("what this commit changed is not in it"),
        "{commit}"
    );
}
