//! Contract (issue 16, step 6): the history of a path is what `git log`
//! lists, on a history built with git itself at test time: branches,
//! merges (one that changes the file, one that leaves it as a parent had
//! it, one made with `-s ours` that hides a side branch's edits), and a
//! file renamed into another folder and edited on. Compared: the
//! repository's history, a file's, a folder's, and `--follow` across the
//! rename.

mod common;

use std::path::Path;
use std::process::Command;

use codestudy::repo::{RepoPath, Snapshot};

/// Run git in `dir` with fixed names and a commit date `t` seconds after
/// a fixed start, so that the order by date is known.
fn git(dir: &Path, t: u32, args: &[&str]) -> String {
    let date = format!("{} +0000", 1_700_000_000 + u64::from(t) * 60);
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .env("GIT_AUTHOR_NAME", "A U Thor")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "C O Mitter")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", &date)
        .env("GIT_COMMITTER_DATE", &date)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn module(body: &str) -> String {
    // Enough shared lines that a rename with an edit is still a rename.
    let mut s = String::new();
    for i in 0..30 {
        s.push_str(&format!("def helper_{i}():\n    return {i}\n\n"));
    }
    s.push_str(body);
    s
}

/// The history the contract is checked on.
fn build(dir: &Path) {
    let mut t = 0;
    let mut step = |args: &[&str]| {
        t += 1;
        git(dir, t, args)
    };
    step(&["init", "-q", "-b", "main"]);
    write(dir, "a.py", &module("def f():\n    return 1\n"));
    write(dir, "b.py", "x = 1\n");
    step(&["add", "-A"]);
    step(&["commit", "-q", "-m", "start"]);
    // A branch that edits a.py, merged with a change of its own.
    step(&["checkout", "-q", "-b", "feature"]);
    write(dir, "a.py", &module("def f():\n    return 2\n"));
    step(&["commit", "-q", "-am", "feature: f returns 2"]);
    step(&["checkout", "-q", "main"]);
    write(dir, "b.py", "x = 2\n");
    step(&["commit", "-q", "-am", "main: b"]);
    write(
        dir,
        "a.py",
        &format!("# main\n{}", module("def f():\n    return 1\n")),
    );
    step(&["commit", "-q", "-am", "main: a header"]);
    step(&["merge", "-q", "--no-edit", "feature"]);
    // A branch that leaves a.py alone: its merge is as main had it.
    step(&["checkout", "-q", "-b", "docs"]);
    write(dir, "README.md", "# r\n");
    step(&["add", "-A"]);
    step(&["commit", "-q", "-m", "docs: readme"]);
    step(&["checkout", "-q", "main"]);
    write(dir, "b.py", "x = 3\n");
    step(&["commit", "-q", "-am", "main: b again"]);
    step(&["merge", "-q", "--no-edit", "docs"]);
    // A side branch's edit of a.py, hidden by a merge that keeps main's.
    step(&["checkout", "-q", "-b", "side"]);
    write(
        dir,
        "a.py",
        &format!("# side\n{}", module("def f():\n    return 9\n")),
    );
    step(&["commit", "-q", "-am", "side: f returns 9"]);
    step(&["checkout", "-q", "main"]);
    step(&["merge", "-q", "--no-edit", "-s", "ours", "side"]);
    // Renamed into a package, edited on the way, and after.
    std::fs::create_dir_all(dir.join("src/pkg")).unwrap();
    step(&["mv", "a.py", "src/pkg/a.py"]);
    let moved = std::fs::read_to_string(dir.join("src/pkg/a.py")).unwrap();
    write(
        dir,
        "src/pkg/a.py",
        &format!("{moved}\ndef g():\n    pass\n"),
    );
    step(&["commit", "-q", "-am", "move a.py into src/pkg"]);
    let now = std::fs::read_to_string(dir.join("src/pkg/a.py")).unwrap();
    write(dir, "src/pkg/a.py", &now.replace("return 2", "return 3"));
    step(&["commit", "-q", "-am", "f returns 3"]);
    write(dir, "b.py", "x = 4\n");
    step(&["commit", "-q", "-am", "main: b, last"]);
}

fn ours(snap: &Snapshot, path: Option<&str>, follow: bool) -> Vec<String> {
    let path = path.map(|p| RepoPath::parse(p).unwrap());
    snap.log(path.as_ref(), follow, 0, 10_000)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.info.id.to_string())
        .collect()
}

fn theirs(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["log", "--format=%H"];
    all.extend_from_slice(args);
    git(dir, 0, &all).lines().map(str::to_string).collect()
}

#[test]
fn a_paths_history_is_what_git_log_lists() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    build(dir);
    let snap = Snapshot::open(&dir.join(".git")).unwrap();
    // The whole history: every commit of every merged branch, by date.
    let all = theirs(dir, &[]);
    assert_eq!(all.len(), 13);
    assert_eq!(ours(&snap, None, false), all);
    // A file, a folder, a file with its rename followed.
    for (path, follow) in [
        ("b.py", false),
        ("src/pkg/a.py", false),
        ("src", false),
        ("src/pkg/a.py", true),
        ("README.md", false),
    ] {
        let mut args = Vec::new();
        if follow {
            args.push("--follow");
        }
        args.extend(["--", path]);
        let want = theirs(dir, &args);
        assert_eq!(
            ours(&snap, Some(path), follow),
            want,
            "git log {args:?}\n{}",
            git(dir, 0, &["log", "--graph", "--format=%H %s", "--all"])
        );
    }
    // With --follow, as git: nothing is pruned (the side branch's edit,
    // hidden by the `-s ours` merge from `git log -- a.py`, is listed),
    // merges are not, and a.py's history before the move is a.py's.
    let follow = snap
        .log(
            Some(&RepoPath::parse("src/pkg/a.py").unwrap()),
            true,
            0,
            100,
        )
        .unwrap();
    let summaries: Vec<(&str, &str)> = follow
        .entries
        .iter()
        .map(|e| (e.info.summary.as_str(), e.path.as_deref().unwrap()))
        .collect();
    assert_eq!(
        summaries,
        [
            ("f returns 3", "src/pkg/a.py"),
            ("move a.py into src/pkg", "src/pkg/a.py"),
            ("side: f returns 9", "a.py"),
            ("main: a header", "a.py"),
            ("feature: f returns 2", "a.py"),
            ("start", "a.py"),
        ]
    );
    // The history view says the name the file had before the move.
    let list = codestudy::study::views::history_list(&snap, "o/r", Some("src/pkg/a.py"), 0);
    let details: Vec<&str> = list.items.iter().map(|i| i.detail.as_str()).collect();
    assert_eq!(details.len(), 6, "{list:#?}");
    assert!(!details[1].contains(" · as "), "{details:?}");
    assert!(details[2].ends_with(" · as a.py"), "{details:?}");
    // Paged as the list pages it.
    let page = snap
        .log(Some(&RepoPath::parse("src/pkg/a.py").unwrap()), true, 2, 2)
        .unwrap();
    assert!(page.has_more);
    assert_eq!(page.entries[0].info.summary, "side: f returns 9");
    // Without --follow, the simplification at work on a.py's old name: the
    // side branch is pruned at the `-s ours` merge, and the feature merge,
    // which differs from both its parents, is shown.
    let before: Vec<String> = snap
        .log(Some(&RepoPath::parse("a.py").unwrap()), false, 0, 100)
        .unwrap()
        .entries
        .iter()
        .map(|e| e.info.summary.clone())
        .collect();
    assert_eq!(
        before,
        [
            "move a.py into src/pkg",
            "Merge branch 'feature'",
            "main: a header",
            "feature: f returns 2",
            "start"
        ]
    );
    assert_eq!(
        ours(&snap, Some("a.py"), false),
        theirs(dir, &["--", "a.py"])
    );
}

#[test]
fn a_symbols_history_is_what_git_log_l_lists_for_its_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    build(dir);
    let snap = Snapshot::open(&dir.join(".git")).unwrap();
    let path = RepoPath::parse("src/pkg/a.py").unwrap();
    let log = snap.symbol_log(&path, "f", 100).unwrap();
    let ours: Vec<String> = log.entries.iter().map(|e| e.info.id.to_string()).collect();
    let (start, end) = log.entries[0].lines.unwrap();
    let range = format!("{start},{end}:src/pkg/a.py");
    let theirs: Vec<String> = git(dir, 0, &["log", "--format=%H", "-s", "-L", &range])
        .lines()
        .filter(|l| l.len() == 40)
        .map(str::to_string)
        .collect();
    assert_eq!(
        ours,
        theirs,
        "{}",
        git(dir, 0, &["log", "--format=%H %s", "-s", "-L", &range])
    );
    let summaries: Vec<&str> = log
        .entries
        .iter()
        .map(|e| e.info.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        ["f returns 3", "feature: f returns 2", "start"],
        "{log:#?}"
    );
    // `g`, added with the move: one commit, under the new name.
    let g = snap.symbol_log(&path, "g", 100).unwrap();
    assert_eq!(g.entries.len(), 1);
    assert_eq!(g.entries[0].info.summary, "move a.py into src/pkg");
    assert_eq!(g.entries[0].path, "src/pkg/a.py");
    // Each entry opens the symbol's own diff, under the name the file had.
    let list = codestudy::study::views::symbol_history_list(&snap, "src/pkg/a.py", "f");
    let opens: Vec<_> = list.items.iter().filter_map(|i| i.target.clone()).collect();
    assert_eq!(opens.len(), 3, "{list:#?}");
    let feature = log.entries[1].info.id;
    let diff = snap
        .symbol_diff(feature, &RepoPath::parse("a.py").unwrap(), "f", 100)
        .unwrap();
    assert_eq!(
        diff,
        [
            "@@ -1,2 +1,2 @@",
            " def f():",
            "-    return 1",
            "+    return 2"
        ]
    );
    let first = snap
        .symbol_diff(
            log.entries[2].info.id,
            &RepoPath::parse("a.py").unwrap(),
            "f",
            100,
        )
        .unwrap();
    assert_eq!(first, ["@@ -0,0 +1,2 @@", "+def f():", "+    return 1"]);
    // A name the file never had: nothing.
    assert!(
        snap.symbol_log(&path, "nope", 100)
            .unwrap()
            .entries
            .is_empty()
    );
}
