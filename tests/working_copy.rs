//! Where step 5's working copy may go, and that a failed one leaves
//! nothing behind: `~` and `~/` are the home folder, the cache, the data
//! dir and git repositories are refused, and a tree that checkout refuses
//! (a `..` entry) fails without a half-made folder, so a retry works.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use codestudy::repo::working_copy::{make_working_copy, make_working_copy_at, resolve_destination};
use common::git::{Fixture, GitDaemon};
use common::pty::PtySession;

fn good_repo(path: &Path) -> PathBuf {
    let mut f = Fixture::create(path);
    f.file("README.md", "# r\n").file("src/app.py", "x = 1\n");
    f.commit("m");
    path.to_path_buf()
}

/// A repository whose tree has a `..` entry: git2's tree builder refuses
/// the name, so the tree is written raw.
fn dotdot_repo(path: &Path) -> PathBuf {
    let f = Fixture::create(path);
    let repo = &f.repo;
    let blob = repo.blob(b"# r\n").unwrap();
    let mut sub = repo.treebuilder(None).unwrap();
    sub.insert("x", blob, 0o100644).unwrap();
    let sub = sub.write().unwrap();
    let mut raw = Vec::new();
    for (mode, name, id) in [("40000", "..", sub), ("100644", "README.md", blob)] {
        raw.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        raw.extend_from_slice(id.as_bytes());
    }
    let tree = repo
        .odb()
        .unwrap()
        .write(git2::ObjectType::Tree, &raw)
        .unwrap();
    let tree = repo.find_tree(tree).unwrap();
    let sig = git2::Signature::now("a", "a@x").unwrap();
    repo.commit(Some("refs/heads/main"), &sig, &sig, "m", &tree, &[])
        .unwrap();
    path.to_path_buf()
}

fn real(p: &Path) -> PathBuf {
    std::fs::canonicalize(p).unwrap()
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn tilde_is_the_home_folder_and_other_tildes_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (home, cwd) = (tmp.path().join("home"), tmp.path().join("cwd"));
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let resolve = |typed: &str| resolve_destination(typed, Some(&home), &cwd, &[]);
    assert_eq!(resolve("~").unwrap(), real(&home));
    assert_eq!(resolve(" ~ ").unwrap(), real(&home));
    assert_eq!(resolve("~/").unwrap(), real(&home));
    assert_eq!(resolve("~/a/b").unwrap(), real(&home).join("a/b"));
    assert_eq!(resolve("rel/x").unwrap(), real(&cwd).join("rel/x"));
    assert_eq!(resolve("rel/../y").unwrap(), real(&cwd).join("y"));
    let err = resolve("~bob/x").unwrap_err();
    assert!(err.contains("only ~ and ~/ are expanded"), "{err}");
    let err = resolve_destination("~/x", None, &cwd, &[]).unwrap_err();
    assert!(err.contains("HOME is not set"), "{err}");
    assert!(resolve("  ").is_err());

    // Made: in the home folder itself, not in a folder named "~".
    let cached = good_repo(&tmp.path().join("served/o/r.git"));
    let (dest, result) = make_working_copy_at(&cached, "~", Some(&home), &[], "https://x/o/r");
    assert_eq!(result.as_deref(), Ok("main tracks origin/main"));
    assert_eq!(dest, real(&home).display().to_string());
    assert!(home.join("src/app.py").is_file());
    // Now a git work tree: nothing goes inside it.
    let (_, result) = make_working_copy_at(&cached, "~/work/r", Some(&home), &[], "u");
    assert!(result.unwrap_err().contains("inside the git repository"));
    let other = tmp.path().join("other-home");
    std::fs::create_dir_all(&other).unwrap();
    let (dest, result) =
        make_working_copy_at(&cached, "~/work/r", Some(&other), &[], "https://x/o/r");
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(dest, real(&other).join("work/r").display().to_string());
    assert!(other.join("work/r/README.md").is_file());
}

#[test]
fn the_cache_the_data_dir_and_git_repositories_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let (cache, data) = (tmp.path().join("cache"), tmp.path().join("data"));
    let cached = good_repo(&cache.join("repos/o/r.git"));
    std::fs::create_dir_all(&data).unwrap();
    let keep_out = [("cache", cache.as_path()), ("data dir", data.as_path())];
    let cwd = tmp.path();
    let refused = |typed: &str, why: &str| {
        let err = resolve_destination(typed, None, cwd, &keep_out).unwrap_err();
        assert!(err.contains(why), "{typed}: {err}");
    };
    let inner = cached.join("inner");
    refused(inner.to_str().unwrap(), "inside codestudy's cache");
    refused("cache", "inside codestudy's cache");
    refused("data/wc", "inside codestudy's data dir");
    refused("nothing/../data/wc", "inside codestudy's data dir");
    std::os::unix::fs::symlink(&data, tmp.path().join("link")).unwrap();
    refused("link/wc", "inside codestudy's data dir");
    assert!(resolve_destination("elsewhere", None, cwd, &keep_out).is_ok());

    // Given straight to the copy: the clone is not copied into itself.
    let before = entries(&cached);
    let err = make_working_copy(&cached, &inner, "u").unwrap_err();
    assert!(err.contains("inside the cached clone"), "{err}");
    assert_eq!(entries(&cached), before);

    // A git work tree, and a bare repository elsewhere.
    let project = tmp.path().join("project");
    git2::Repository::init(&project).unwrap();
    let err = make_working_copy(&cached, &project.join("sub/wc"), "u").unwrap_err();
    assert!(err.contains("inside the git repository at"), "{err}");
    assert!(!project.join("sub").exists(), "nothing made");
    let bare = good_repo(&tmp.path().join("other.git"));
    let err = make_working_copy(&cached, &bare.join("refs/wc"), "u").unwrap_err();
    assert!(err.contains("inside the git repository at"), "{err}");
}

#[test]
fn a_failed_checkout_leaves_nothing_and_a_retry_works() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = dotdot_repo(&tmp.path().join("served/o/bad.git"));
    let good = good_repo(&tmp.path().join("served/o/good.git"));
    let work = tmp.path().join("work");
    std::fs::create_dir_all(&work).unwrap();
    let dest = work.join("new/deeper/bad");
    for attempt in 1..=2 {
        let err = make_working_copy(&bad, &dest, "u").unwrap_err();
        assert!(err.contains("invalid path"), "attempt {attempt}: {err}");
        assert!(!err.contains("already exists"), "attempt {attempt}: {err}");
        assert!(
            entries(&work).is_empty(),
            "attempt {attempt} left {:?}",
            entries(&work)
        );
    }
    // An empty folder that was there before stays, and can be used.
    std::fs::create_dir_all(&dest).unwrap();
    assert!(make_working_copy(&bad, &dest, "u").is_err());
    assert!(entries(&dest).is_empty());
    assert_eq!(entries(dest.parent().unwrap()), ["bad"]);
    make_working_copy(&good, &dest, "u").unwrap();
    assert_eq!(entries(&dest), [".git", "README.md", "src"]);
    assert_eq!(entries(dest.parent().unwrap()), ["bad"], "no staging left");
}

/// The interface's `w`: what the person types reaches the same checks,
/// the cache and data dir named by the options.
#[test]
fn the_prompt_expands_tilde_and_refuses_the_cache_and_data_dir() {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    good_repo(&served.join("pallets/flask.git"));
    let daemon = GitDaemon::start(&served);
    let (cache, data, home) = (
        tmp.path().join("cache"),
        tmp.path().join("data"),
        tmp.path().join("home"),
    );
    std::fs::create_dir_all(&home).unwrap();
    let mirror = daemon.mirror();
    let args = [
        "--cache-dir",
        cache.to_str().unwrap(),
        "--data-dir",
        data.to_str().unwrap(),
        "--mirror",
        &mirror,
    ];
    let mut s = PtySession::spawn(&args, &[("HOME", home.to_str().unwrap())], 250, 40);
    let wait = Duration::from_secs(60);
    s.wait_for("▶ django/django", wait);
    s.send("j");
    s.wait_for("▶ pallets/flask", wait);
    s.send("\r");
    s.wait_for("(depth 1)", wait);
    s.wait_until("the clone finished", wait, |sc| {
        !sc.contents().contains("cloning")
    });
    s.send("s");
    s.wait_for("Study: pallets/flask", wait);
    s.send("jjjj\r");
    s.wait_for("5. Run the code locally: pallets/flask", wait);
    let mut make = |typed: &str, expect: &str| {
        s.send("w");
        s.wait_for(" Working copy of pallets/flask ", wait);
        s.send(&"\x7f".repeat(60));
        s.send(typed);
        s.send("\r");
        s.wait_for(expect, wait);
        // Back on the checklist, step 5 selected: open it again.
        s.send("\r");
        s.wait_for("5. Run the code locally: pallets/flask", wait);
    };
    make(
        "~/wc",
        &format!("made in {}", real(&home).join("wc").display()),
    );
    // `~` alone is the home folder (which now holds `wc`), not a folder
    // named "~" in the current one.
    make(
        "~",
        &format!("{} already exists and is not empty", real(&home).display()),
    );
    make(
        &format!("{}/repos/pallets/flask.git/inner", cache.display()),
        "inside codestudy's cache",
    );
    make(
        &format!("{}/wc", data.display()),
        "inside codestudy's data dir",
    );
    drop(s);
    assert!(home.join("wc/README.md").is_file());
    assert!(!Path::new(env!("CARGO_MANIFEST_DIR")).join("~").exists());
    assert!(!cache.join("repos/pallets/flask.git/inner").exists());
    assert!(!data.join("wc").exists());
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Issue 15, point 23: the copy's origin is the catalog's address, its
/// branch tracks origin's, and a shallow copy says how to deepen it.
#[test]
fn a_working_copy_tracks_origin_and_says_when_it_is_shallow() {
    let tmp = tempfile::tempdir().unwrap();
    let src = good_repo(&tmp.path().join("src"));
    let mut f = Fixture::create(&src);
    f.file("second.py", "y = 2\n");
    f.commit("second");
    // A shallow bare clone, as the cache holds one (git's own, over file://).
    let shallow = tmp.path().join("cache/o/r.git");
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--bare", "--depth", "1"])
        .arg(format!("file://{}", src.display()))
        .arg(&shallow)
        .status()
        .unwrap();
    assert!(st.success());
    let dest = tmp.path().join("wc");
    let note = make_working_copy(&shallow, &dest, "https://github.com/o/r").unwrap();
    assert_eq!(
        note,
        "main tracks origin/main; shallow: `git fetch --unshallow` fetches the whole history"
    );
    assert_eq!(
        git(&dest, &["remote", "get-url", "origin"]),
        "https://github.com/o/r"
    );
    assert_eq!(
        git(&dest, &["rev-parse", "--abbrev-ref", "@{u}"]),
        "origin/main"
    );
    assert_eq!(git(&dest, &["status", "-sb"]), "## main...origin/main");
    assert_eq!(
        git(&dest, &["config", "remote.origin.fetch"]),
        "+refs/heads/*:refs/remotes/origin/*"
    );
    // A full clone: no shallow note.
    let full = tmp.path().join("cache/o/full.git");
    let st = std::process::Command::new("git")
        .args(["clone", "-q", "--bare"])
        .arg(&src)
        .arg(&full)
        .status()
        .unwrap();
    assert!(st.success());
    let note = make_working_copy(&full, &tmp.path().join("wc2"), "u").unwrap();
    assert_eq!(note, "main tracks origin/main");
}

/// Tab in the working-copy prompt lists folders (not files) of the folder
/// typed so far; `~` is the home folder.
#[test]
fn tab_lists_the_folders_of_the_folder_typed_so_far() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("home");
    std::fs::create_dir_all(home.join("code/flask")).unwrap();
    std::fs::create_dir_all(home.join("codestudy")).unwrap();
    std::fs::write(home.join("codefile"), "x").unwrap();
    let h = home.to_str().unwrap();
    let mut names = codestudy::jobs::folder_names("~/co", Some(h), None);
    names.sort();
    assert_eq!(names, ["code", "codestudy"]);
    let names = codestudy::jobs::folder_names("~/code/f", Some(h), None);
    assert_eq!(names, ["flask"]);
    let names = codestudy::jobs::folder_names("code/", None, Some(&home));
    assert_eq!(names, ["flask"]);
    assert!(codestudy::jobs::folder_names("~/x", None, None).is_empty());
    assert!(codestudy::jobs::folder_names("/nonexistent/dir/x", None, None).is_empty());
}
