//! Lazy (blobless) clones made by the git command, against a real
//! `git daemon` on loopback with filters allowed: the tree first, a file
//! fetched when it is read, batches for whole-repository passes, and the
//! fallbacks (a server without filters, no git on PATH), through the real
//! binary.

mod common;

use std::path::{Path, PathBuf};

use codestudy::repo::{EntryKind, Snapshot};
use common::git::{GitDaemon, serve_study_fixture};

use common::cli::{Env, codestudy, env};

/// Serve the study fixture as pallets/flask, with partial clones allowed
/// (`uploadpack.allowFilter`) or not.
fn serve(env: &Env, filters: bool) -> GitDaemon {
    let served = serve_study_fixture(&env.base, &["pallets/flask"]);
    let repo = git2::Repository::open(served.base.join("pallets/flask.git")).unwrap();
    let mut config = repo.config().unwrap();
    config.set_bool("uploadpack.allowFilter", filters).unwrap();
    config
        .set_bool("uploadpack.allowAnySHA1InWant", filters)
        .unwrap();
    GitDaemon::start(&env.base)
}

/// `codestudy ARGS` against `daemon`, which must succeed.
fn run_ok(env: &Env, daemon: &GitDaemon, args: &[&str]) -> std::process::Output {
    let out = codestudy(env, &daemon.mirror())
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "codestudy {}: {}",
        args.join(" "),
        text(&out.stderr)
    );
    out
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn clone_dir(env: &Env) -> PathBuf {
    env.cache.join("repos/pallets/flask.git")
}

/// The files (and symlinks) of HEAD whose blobs are not in the clone.
fn missing_files(dir: &Path) -> Vec<String> {
    let snap = Snapshot::open(dir).unwrap();
    let files: Vec<_> = snap
        .list_all(false)
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.kind, EntryKind::File | EntryKind::Symlink))
        .collect();
    let missing = snap.missing_blobs(files.iter().map(|e| e.id));
    files
        .into_iter()
        .filter(|e| missing.contains(&e.id))
        .map(|e| e.path.to_string_lossy())
        .collect()
}

#[test]
fn the_tree_comes_first_and_a_file_when_it_is_read() {
    let env = env();
    let daemon = serve(&env, true);
    let out = run_ok(&env, &daemon, &["clone", "flask"]);
    assert!(
        text(&out.stdout).contains("lazy clone: the tree is here"),
        "{}",
        text(&out.stdout)
    );
    let dir = clone_dir(&env);
    // Every path is listed; no file's contents came with the clone.
    let snap = Snapshot::open(&dir).unwrap();
    assert!(snap.is_lazy());
    let paths: Vec<String> = snap
        .list_all(false)
        .unwrap()
        .iter()
        .map(|e| e.path.to_string_lossy())
        .collect();
    assert!(paths.contains(&"src/flask/ctx.py".to_string()), "{paths:?}");
    assert!(paths.contains(&"docs/index.md".to_string()), "{paths:?}");
    let missing = missing_files(&dir);
    assert!(
        missing.contains(&"src/flask/app.py".to_string()),
        "{missing:?}"
    );
    assert!(missing.len() >= 10, "{missing:?}");
    // No hooks, no sample files: only what was fetched.
    assert!(!dir.join("hooks").exists());

    // Reading one file fetches that file alone.
    let out = run_ok(&env, &daemon, &["outline", "flask:src/flask/app.py"]);
    assert!(
        text(&out.stdout).contains("method route(self, rule)"),
        "{}",
        text(&out.stdout)
    );
    let after = missing_files(&dir);
    assert!(!after.contains(&"src/flask/app.py".to_string()));
    assert_eq!(after.len(), missing.len() - 1, "{after:?}");

    // Updating keeps it lazy and says it is up to date.
    let out = run_ok(&env, &daemon, &["clone", "flask"]);
    assert!(
        text(&out.stdout).contains("up to date"),
        "{}",
        text(&out.stdout)
    );
    assert!(Snapshot::open(&dir).unwrap().is_lazy());
}

#[test]
fn whole_repository_passes_fetch_in_batches_and_full_blobs_fetches_everything() {
    let env = env();
    let daemon = serve(&env, true);
    run_ok(&env, &daemon, &["clone", "flask"]);
    let dir = clone_dir(&env);
    let packs_before = packs(&dir);

    // The symbol index reads every Python file: one fetch for all of them.
    let out = run_ok(&env, &daemon, &["symbols", "flask"]);
    assert!(
        text(&out.stdout).contains("AppContext"),
        "{}",
        text(&out.stdout)
    );
    let missing = missing_files(&dir);
    assert!(
        missing.iter().all(|p| !p.ends_with(".py")),
        "Python files still missing: {missing:?}"
    );
    assert_eq!(packs(&dir), packs_before + 1, "one fetch, one pack");

    // grep answers on the whole tree, as `git grep` would.
    let out = run_ok(&env, &daemon, &["grep", "flask", "tests"]);
    assert!(
        text(&out.stdout).contains("CONTRIBUTING.md"),
        "{}",
        text(&out.stdout)
    );

    run_ok(&env, &daemon, &["clone", "--full-blobs", "flask"]);
    assert_eq!(missing_files(&dir), Vec::<String>::new());
}

fn packs(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("objects/pack"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".pack"))
        .count()
}

#[test]
fn a_server_without_filters_gives_a_whole_clone_and_says_why() {
    let env = env();
    let daemon = serve(&env, false);
    let out = run_ok(&env, &daemon, &["clone", "flask"]);
    assert!(
        text(&out.stdout).contains("not lazy: the server at 127.0.0.1")
            && text(&out.stdout).contains("does not allow filtered fetches"),
        "{}",
        text(&out.stdout)
    );
    let dir = clone_dir(&env);
    assert!(!Snapshot::open(&dir).unwrap().is_lazy());
    assert_eq!(missing_files(&dir), Vec::<String>::new());
}

#[test]
fn without_git_on_path_libgit2_clones_and_says_why() {
    let env = env();
    let daemon = serve(&env, true);
    let empty = tempfile::tempdir().unwrap();
    let out = codestudy(&env, &daemon.mirror())
        .env("PATH", empty.path())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("not lazy: no git command is on PATH"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(missing_files(&clone_dir(&env)), Vec::<String>::new());

    // Asking for the git command without one is a clear error.
    let out = codestudy(&env, &daemon.mirror())
        .env("PATH", empty.path())
        .env("CODESTUDY_GIT", "cli")
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out.stderr)
            .contains("CODESTUDY_GIT=cli asks for the git command, but no git command is on PATH"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_file_that_cannot_be_fetched_says_so_plainly() {
    let env = env();
    let mut daemon = serve(&env, true);
    let mirror = daemon.mirror();
    let ok = codestudy(&env, &mirror)
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", text(&ok.stderr));
    daemon.stop();
    let out = codestudy(&env, &mirror)
        .args(["outline", "flask:src/flask/ctx.py"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = text(&out.stderr);
    assert!(
        err.contains("src/flask/ctx.py is not fetched yet") && err.contains("could not reach"),
        "{err}"
    );
    assert!(
        !err.contains("damaged") && !err.contains("panicked"),
        "{err}"
    );
    // The clone is still whole: it opens and verifies.
    assert!(codestudy::repo::clone::open_verified(&clone_dir(&env)).is_ok());
}

#[test]
fn deepening_a_lazy_clone_fetches_commits_not_files() {
    let env = env();
    let daemon = serve(&env, true);
    run_ok(&env, &daemon, &["clone", "flask"]);
    let dir = clone_dir(&env);
    let missing = missing_files(&dir).len();
    let out = run_ok(&env, &daemon, &["clone", "--full", "flask"]);
    assert!(
        text(&out.stdout).contains("deepened from depth 1 to full history"),
        "{}",
        text(&out.stdout)
    );
    let repo = git2::Repository::open_bare(&dir).unwrap();
    assert!(!repo.is_shallow());
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    assert_eq!(walk.count(), 5, "the default branch's five commits");
    assert_eq!(missing_files(&dir).len(), missing, "no file fetched");
    // The history of a file reads old versions: fetched on demand.
    let out = run_ok(
        &env,
        &daemon,
        &["log", "flask:src/flask/app.py::Flask.route"],
    );
    assert!(
        text(&out.stdout).contains("Return the rule from route"),
        "{}",
        text(&out.stdout)
    );
}

/// The explorer's background fetch (the job behind it): nothing when
/// stopped before it starts; the key files first, in one request, then
/// the sources and text; with `everything`, the rest. A file load says
/// when it must fetch, and only then.
#[test]
fn the_background_fetch_takes_the_key_files_first_then_the_sources() {
    use codestudy::jobs;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicBool;

    let env = env();
    let daemon = serve(&env, true);
    run_ok(&env, &daemon, &["clone", "flask"]);
    let dir = clone_dir(&env);
    let catalog = codestudy::catalog::Catalog::embedded().unwrap();
    let key_files = catalog.repo("pallets/flask").unwrap().key_files.clone();
    let before = missing_files(&dir);

    let stopped =
        jobs::prefetch(&dir, &key_files, false, &|_, _| {}, &AtomicBool::new(true)).unwrap();
    assert!(stopped.cancelled);
    assert_eq!(stopped.fetched, 0);
    assert_eq!(missing_files(&dir), before);

    let steps = Mutex::new(Vec::new());
    let done = jobs::prefetch(
        &dir,
        &key_files,
        false,
        &|d, t| steps.lock().unwrap().push((d, t)),
        &AtomicBool::new(false),
    )
    .unwrap();
    let steps = steps.into_inner().unwrap();
    let keys_here = key_files.iter().filter(|k| before.contains(k)).count();
    assert!(keys_here >= 2, "{key_files:?} {before:?}");
    assert_eq!(steps[0], (0, done.total));
    assert_eq!(steps[1], (keys_here, done.total), "{steps:?}");
    assert_eq!(steps.last(), Some(&(done.total, done.total)));
    assert!(!done.cancelled);
    let after = missing_files(&dir);
    assert!(
        after
            .iter()
            .all(|p| !p.ends_with(".py") && !p.ends_with(".md")),
        "{after:?}"
    );
    assert!(after.contains(&"data.bin".to_string()), "{after:?}");

    // Every file, then nothing left to fetch.
    let all = jobs::prefetch(&dir, &key_files, true, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(all.fetched, after.len());
    assert!(missing_files(&dir).is_empty());
    let again =
        jobs::prefetch(&dir, &key_files, true, &|_, _| {}, &AtomicBool::new(false)).unwrap();
    assert_eq!(again.total, 0);

    // A file that is here is loaded without fetching.
    let asked = AtomicBool::new(false);
    let path = codestudy::repo::RepoPath::parse("src/flask/app.py").unwrap();
    let loaded = jobs::load_file_with(&dir, &path, &AtomicBool::new(false), &|| {
        asked.store(true, std::sync::atomic::Ordering::Relaxed)
    })
    .unwrap();
    assert!(!loaded.lines.is_empty());
    assert!(!asked.load(std::sync::atomic::Ordering::Relaxed));
}

/// A file that is not here is fetched by its load, which says so first.
#[test]
fn a_file_load_says_it_fetches_then_shows_the_file() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let env = env();
    let daemon = serve(&env, true);
    run_ok(&env, &daemon, &["clone", "flask"]);
    let dir = clone_dir(&env);
    let path = codestudy::repo::RepoPath::parse("src/flask/ctx.py").unwrap();
    let asked = AtomicBool::new(false);
    let loaded = codestudy::jobs::load_file_with(&dir, &path, &AtomicBool::new(false), &|| {
        asked.store(true, Ordering::Relaxed)
    })
    .unwrap();
    assert!(asked.load(Ordering::Relaxed));
    assert_eq!(loaded.lines, ["class AppContext:", "    pass"]);
    assert!(!missing_files(&dir).contains(&"src/flask/ctx.py".to_string()));
}

/// A tensorflow-shaped history: `tensorflow/python/keras` removed in the
/// 31st of 80 commits (counting from HEAD, the 50th from the start).
fn serve_tensorflow(env: &Env) -> (GitDaemon, git2::Oid, git2::Oid) {
    let mut f = common::git::Fixture::create(&env.base.join("tensorflow/tensorflow.git"));
    f.file(
        "tensorflow/python/ops/math_ops.py",
        "def add():\n    pass\n",
    )
    .file("tensorflow/core/kernels/conv.cc", "int x;\n")
    .file(
        "tensorflow/python/keras/layers.py",
        "class Layer:\n    pass\n",
    );
    let mut last_seen = f.commit("Start");
    for i in 1..50 {
        f.file("tensorflow/python/ops/math_ops.py", format!("# {i}\n"));
        last_seen = f.commit(&format!("Change {i}"));
    }
    f.remove("tensorflow/python/keras/layers.py");
    let removed = f.commit_as(
        "Keras Mover",
        "k@example.com",
        "Remove tf.keras: it lives in keras-team/keras now",
    );
    for i in 50..80 {
        f.file("tensorflow/python/ops/math_ops.py", format!("# {i}\n"));
        f.commit(&format!("Change {i}"));
    }
    let mut config = f.repo.config().unwrap();
    config.set_bool("uploadpack.allowFilter", true).unwrap();
    config
        .set_bool("uploadpack.allowAnySHA1InWant", true)
        .unwrap();
    (GitDaemon::start(&env.base), removed, last_seen)
}

/// `check --why` on a depth-1 lazy clone: the commit that removed a key
/// file, found from the history fetched as commits only, into a clone
/// beside (the clone itself stays depth 1 and fetches no file); again, it
/// asks the network nothing new; `--json` carries the ids.
#[test]
fn check_why_names_the_commit_that_removed_a_key_file() {
    let env = env();
    let (daemon, removed, last_seen) = serve_tensorflow(&env);
    run_ok(&env, &daemon, &["clone", "tensorflow"]);
    let dir = env.cache.join("repos/tensorflow/tensorflow.git");
    let before = missing_files(&dir);

    let out = run_ok(&env, &daemon, &["check", "tensorflow", "--why"]);
    let said = text(&out.stdout);
    let id = removed.to_string();
    // The fixture's clock: an hour a commit from 2023-11-14 22:13 UTC.
    let expected = format!("removed by {} (2023-11-17 01:13, ", &id[..10]);
    assert!(said.contains(&expected), "{said}");
    assert!(
        said.contains(
            "Keras Mover): \"Remove tf.keras: it lives in keras-team/keras now\"; last there in "
        ),
        "{said}"
    );
    assert!(said.contains(&last_seen.to_string()[..10]), "{said}");
    // The clone is as it was: depth 1, its files still not fetched.
    let snap = Snapshot::open(&dir).unwrap();
    assert!(snap.is_shallow());
    assert_eq!(missing_files(&dir), before);
    assert!(
        env.cache
            .join("repos/tensorflow/.tensorflow.history.git/HEAD")
            .is_file()
    );

    // Asked again with the server gone: the history kept answers.
    drop(daemon);
    let out = codestudy(&env, "git://127.0.0.1:9/{owner}/{name}.git")
        .args(["check", "tensorflow", "--why", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keras = json
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "tensorflow/python/keras")
        .unwrap();
    assert_eq!(keras["status"], "missing");
    assert_eq!(keras["removed_by"], id.as_str());
    assert_eq!(keras["last_seen"], last_seen.to_string().as_str());
}

/// A clone with its whole history answers in place, fetching nothing; a
/// path the history never had says so.
#[test]
fn a_full_clone_answers_from_its_own_history() {
    let env = env();
    let (daemon, removed, _) = serve_tensorflow(&env);
    run_ok(&env, &daemon, &["clone", "tensorflow", "--full"]);
    let dir = env.cache.join("repos/tensorflow/tensorflow.git");
    let never = std::sync::atomic::AtomicBool::new(false);
    let d =
        codestudy::repo::gone::departure(&dir, "tensorflow/python/keras", &|_| {}, &never).unwrap();
    let codestudy::repo::gone::Departure::Removed { by, .. } = &d else {
        panic!("{d:?}");
    };
    assert_eq!(by.id, removed);
    assert!(
        !env.cache
            .join("repos/tensorflow/.tensorflow.history.git")
            .exists()
    );
    let d = codestudy::repo::gone::departure(&dir, "tensorflow/lite", &|_| {}, &never).unwrap();
    assert_eq!(
        d.describe(),
        "never in the 81 commits of the default branch's history"
    );
}

/// A pass over more files than one batch: the batches are fetched two at
/// a time, every file arrives, and each batch is one pack.
#[test]
fn a_pass_of_several_batches_fetches_every_file() {
    let env = env();
    let mut f = common::git::build_large_fixture(&env.base.join("pallets/flask.git"), 9_000, 64);
    let mut config = f.repo.config().unwrap();
    config.set_bool("uploadpack.allowFilter", true).unwrap();
    config
        .set_bool("uploadpack.allowAnySHA1InWant", true)
        .unwrap();
    f.file("README.md", "# Large\n");
    f.commit("A readme");
    let daemon = GitDaemon::start(&env.base);
    run_ok(&env, &daemon, &["clone", "flask"]);
    let dir = clone_dir(&env);
    assert!(missing_files(&dir).len() > 9_000);
    let packs_before = packs(&dir);
    let out = run_ok(&env, &daemon, &["symbols", "flask"]);
    assert!(
        text(&out.stdout).contains("value_"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(missing_files(&dir), ["README.md"]);
    // 9,000 Python files in batches of 4,000: three fetches.
    assert_eq!(packs(&dir) - packs_before, 3);
}

/// `clone --full-blobs` (the clone, then every file in batches, two at a
/// time) killed at random moments: whatever is in place verifies, the
/// next run finishes the job, and nothing half-received is left.
#[test]
fn a_lazy_clone_and_its_fetches_killed_at_any_moment_leave_a_usable_clone() {
    let env = env();
    let f = common::git::build_large_fixture(&env.base.join("pallets/flask.git"), 9_000, 256);
    let mut config = f.repo.config().unwrap();
    config.set_bool("uploadpack.allowFilter", true).unwrap();
    config
        .set_bool("uploadpack.allowAnySHA1InWant", true)
        .unwrap();
    let daemon = GitDaemon::start(&env.base);
    let start = std::time::Instant::now();
    run_ok(&env, &daemon, &["clone", "--full-blobs", "flask"]);
    let whole = start.elapsed();
    std::fs::remove_dir_all(&env.cache).unwrap();
    let dir = clone_dir(&env);

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    eprintln!("kill schedule seed {seed}, whole run {whole:?}");
    for run in 0..8 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = whole.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.1);
        let mut child = common::cli::codestudy_std(&env, &daemon.mirror());
        let mut child = child
            .args(["clone", "--full-blobs", "flask"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(at);
        let _ = child.kill();
        let _ = child.wait();
        if dir.exists() {
            assert!(
                codestudy::repo::clone::open_verified(&dir).is_ok(),
                "run {run}, killed at {at:?}: the clone in place does not verify"
            );
        }
        // The next run finishes: every file is there, nothing left over.
        run_ok(&env, &daemon, &["clone", "--full-blobs", "flask"]);
        assert!(missing_files(&dir).is_empty(), "run {run} after {at:?}");
        let leftovers: Vec<_> = std::fs::read_dir(dir.join("objects/pack"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("tmp_"))
            .collect();
        assert!(leftovers.is_empty(), "run {run}: {leftovers:?}");
        std::fs::remove_dir_all(&env.cache).unwrap();
    }
}
