//! Cloning through the real binary against a real `git daemon` on
//! loopback: shallow single-branch clones, updates, deepening, failures,
//! kills, damage and concurrency.

mod common;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::git::{GitDaemon, build_large_fixture, serve_study_fixture};
use git2::Repository;

use common::cli::{Env, codestudy, env};

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn cached(env: &Env, id: &str) -> PathBuf {
    env.cache.join("repos").join(format!("{id}.git"))
}

fn commit_count(repo: &Repository) -> usize {
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    walk.count()
}

fn temporaries(env: &Env, owner: &str) -> Vec<String> {
    std::fs::read_dir(env.cache.join("repos").join(owner))
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".tmp-"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn shallow_clone_is_bare_single_branch_without_tags() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&env.base);
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("pallets/flask: cloned (depth 1) at "),
        "{}",
        stdout(&out)
    );

    let dir = cached(&env, "pallets/flask");
    let repo = Repository::open_bare(&dir).unwrap();
    assert!(repo.is_bare());
    assert!(repo.is_shallow());
    assert_eq!(commit_count(&repo), 1);
    let refs: Vec<String> = repo
        .references()
        .unwrap()
        .map(|r| r.unwrap().name().unwrap().to_string())
        .collect();
    assert_eq!(refs, ["refs/heads/main"], "one branch, no tags");
    assert_eq!(repo.head().unwrap().name().unwrap(), "refs/heads/main");
    // Bare: no working files; no hooks copied from templates.
    assert!(!dir.join("src").exists());
    assert!(
        !dir.join("hooks").exists() || std::fs::read_dir(dir.join("hooks")).unwrap().count() == 0
    );
    assert!(temporaries(&env, "pallets").is_empty());
}

#[test]
fn cloning_again_fetches_and_says_whether_head_moved() {
    let env = env();
    let mut served = serve_study_fixture(&env.base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&env.base);
    codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .assert()
        .success();

    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "pallets/flask"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("up to date at"), "{}", stdout(&out));

    served.fixture.file("NEWS.md", "news\n");
    let new = served.fixture.commit("News");
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("..{} (depth 1)", &new.to_string()[..10])),
        "{text}"
    );
    assert!(text.contains("updated "), "{text}");
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert_eq!(repo.head().unwrap().target(), Some(new));
    assert!(repo.is_shallow(), "an update keeps the depth");
}

#[test]
fn depth_and_full_deepen_an_existing_clone() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&env.base);
    codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .assert()
        .success();

    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask", "--depth", "3"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("deepened from depth 1 to depth 3"),
        "{}",
        stdout(&out)
    );
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert_eq!(commit_count(&repo), 3);
    assert!(repo.is_shallow());

    // Shallower than what is there: a plain update at the existing depth.
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask", "--depth", "2"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("up to date") && stdout(&out).contains("(depth 3)"),
        "{}",
        stdout(&out)
    );

    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask", "--full"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("deepened from depth 3 to full history"),
        "{}",
        stdout(&out)
    );
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert!(!repo.is_shallow());
    assert_eq!(commit_count(&repo), 5);
}

/// Issue 15, point 25: the configuration's mirror and clone mode, under
/// `--mirror` and `--depth`.
#[test]
fn the_configuration_names_the_mirror_and_how_new_clones_are_made() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask", "psf/requests"]);
    let daemon = GitDaemon::start(&env.base);
    let config = env.home.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[clone]\nmirror = \"{}\"\nmode = \"shallow\"\ndepth = 2\n",
            daemon.mirror()
        ),
    )
    .unwrap();
    // No --mirror, no CODESTUDY_MIRROR: the file's.
    let out = codestudy(&env, "")
        .env_remove("CODESTUDY_MIRROR")
        .env("CODESTUDY_CONFIG", &config)
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("(depth 2)"), "{}", stdout(&out));
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert_eq!(commit_count(&repo), 2);
    // Cloned again without --depth: an update at its own depth.
    let out = codestudy(&env, "")
        .env_remove("CODESTUDY_MIRROR")
        .env("CODESTUDY_CONFIG", &config)
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("up to date"), "{}", stdout(&out));
    // --depth wins over the file, and --mirror does: a mirror that does
    // not exist fails where the file's would have worked.
    let out = codestudy(&env, "git://127.0.0.1:1/{owner}/{name}.git")
        .env("CODESTUDY_CONFIG", &config)
        .args(["clone", "requests", "--depth", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", stdout(&out));
    let out = codestudy(&env, "")
        .env_remove("CODESTUDY_MIRROR")
        .env("CODESTUDY_CONFIG", &config)
        .args(["clone", "requests", "--depth", "1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let repo = Repository::open_bare(cached(&env, "psf/requests")).unwrap();
    assert_eq!(commit_count(&repo), 1);
    // mode = "full": the whole history.
    std::fs::write(
        &config,
        format!(
            "[clone]\nmirror = \"{}\"\nmode = \"full\"\n",
            daemon.mirror()
        ),
    )
    .unwrap();
    std::fs::remove_dir_all(cached(&env, "psf/requests")).unwrap();
    let out = codestudy(&env, "")
        .env_remove("CODESTUDY_MIRROR")
        .env("CODESTUDY_CONFIG", &config)
        .args(["clone", "requests"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("(full history)"), "{}", stdout(&out));
    let repo = Repository::open_bare(cached(&env, "psf/requests")).unwrap();
    assert!(!repo.is_shallow());
}

#[test]
fn deepening_past_the_first_commit_is_the_full_history() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&env.base);
    codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .assert()
        .success();
    // Five commits, 500 asked for: what is there is everything.
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask", "--depth", "500"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("deepened from depth 1 to full history"),
        "{}",
        stdout(&out)
    );
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(stdout(&out).contains("(full history)"), "{}", stdout(&out));
}

#[test]
fn all_goes_on_after_failures_and_exits_non_zero() {
    let env = env();
    // Only three of the twelve are served.
    serve_study_fixture(
        &env.base,
        &["pallets/flask", "psf/requests", "django/django"],
    );
    let daemon = GitDaemon::start(&env.base);
    let out = codestudy(&env, &daemon.mirror())
        .args(["clone", "--all"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let (o, e) = (stdout(&out), stderr(&out));
    for id in ["pallets/flask", "psf/requests", "django/django"] {
        assert!(
            o.contains(&format!("{id}: cloned (depth 1)")),
            "{id}: {o}\n{e}"
        );
        assert!(cached(&env, id).join("HEAD").exists());
    }
    assert!(
        e.contains("fastapi/fastapi: failed: repository not found at git://127.0.0.1:"),
        "{e}"
    );
    assert!(e.contains("9 of 12 failed"), "{e}");
}

#[test]
fn unreachable_server_is_a_clear_per_repository_error() {
    let env = env();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mirror = format!("git://127.0.0.1:{port}/{{owner}}/{{name}}.git");
    let out = codestudy(&env, &mirror)
        .args(["clone", "requests"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let e = stderr(&out);
    assert!(
        e.contains(&format!(
            "psf/requests: failed: could not reach 127.0.0.1:{port} (connection refused)"
        )),
        "{e}"
    );
    assert!(!cached(&env, "psf/requests").exists());
    assert!(
        temporaries(&env, "psf").is_empty(),
        "a failed clone leaves no temporary"
    );
}

#[test]
fn offline_the_catalog_url_fails_with_could_not_reach_github() {
    // A network namespace of our own has no route anywhere: the lookup of
    // github.com fails at once, and nothing leaves this machine.
    if !common::unshare_or_skip("-rn", "network namespaces") {
        return;
    }
    let env = env();
    let out = std::process::Command::new("unshare")
        .args([
            "-rn",
            env!("CARGO_BIN_EXE_codestudy"),
            "--cache-dir",
            &env.cache.display().to_string(),
            "clone",
            "flask",
        ])
        .env("HOME", &env.home)
        .env_remove("CODESTUDY_MIRROR")
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let e = stderr(&out);
    assert!(
        e.contains("pallets/flask: failed: could not reach github.com ("),
        "{e}"
    );
    assert!(e.contains("(offline?)"), "{e}");
}

#[test]
fn a_server_that_refuses_shallow_clones_says_so() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask"]);
    // libgit2's local transport cannot serve shallow fetches (the git
    // command can: this is libgit2's answer).
    let mirror = format!("file://{}/{{owner}}/{{name}}.git", env.base.display());
    let out = codestudy(&env, &mirror)
        .env("CODESTUDY_GIT", "libgit2")
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("refused a shallow clone (depth 1); try again with --full"),
        "{}",
        stderr(&out)
    );
    // And the advice works.
    let out = codestudy(&env, &mirror)
        .env("CODESTUDY_GIT", "libgit2")
        .args(["clone", "flask", "--full"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("cloned (full history)"));
}

#[test]
fn bad_mirror_template_and_unknown_repository() {
    let env = env();
    codestudy(&env, "git://127.0.0.1/one.git")
        .args(["clone", "flask"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("has no {name}"));
    codestudy(&env, "git://127.0.0.1/{owner}/{name}.git")
        .args(["clone", "flaskk"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "no repository \"flaskk\" in the catalog",
        ));
    codestudy(&env, "git://127.0.0.1/{owner}/{name}.git")
        .args(["clone"])
        .assert()
        .code(2);
}

#[test]
fn disk_full_is_reported_as_such() {
    // A 256 KiB tmpfs as the cache, in a private mount namespace.
    if !common::unshare_or_skip("-rm", "user and mount namespaces") {
        return;
    }
    let env = env();
    let base = env.base.join("pallets/flask.git");
    build_large_fixture(&base, 200, 4096);
    let daemon = GitDaemon::start(&env.base);
    std::fs::create_dir_all(&env.cache).unwrap();
    let script = format!(
        "mount -t tmpfs -o size=256k tmpfs '{cache}' && exec '{bin}' --cache-dir '{cache}' --mirror '{mirror}' clone flask",
        cache = env.cache.display(),
        bin = env!("CARGO_BIN_EXE_codestudy"),
        mirror = daemon.mirror(),
    );
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .env("HOME", &env.home)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no space left on the device holding"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("choose another --cache-dir"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn stale_temporaries_are_removed_at_the_next_start() {
    let env = env();
    serve_study_fixture(&env.base, &["pallets/flask", "psf/requests"]);
    let daemon = GitDaemon::start(&env.base);
    let stale = env.cache.join("repos/pallets/.flask.git.tmp-99999-0");
    std::fs::create_dir_all(stale.join("objects/pack")).unwrap();
    std::fs::write(stale.join("objects/pack/half.pack"), b"PACK...").unwrap();
    // Cloning another repository cleans the whole cache first.
    codestudy(&env, &daemon.mirror())
        .args(["clone", "requests"])
        .assert()
        .success();
    assert!(!stale.exists());
}

/// Spawn a clone, kill it (SIGKILL) after `after`, return whether it had
/// already finished.
fn clone_and_kill(env: &Env, mirror: &str, after: Duration) -> bool {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_codestudy"))
        .args([
            "--cache-dir",
            &env.cache.display().to_string(),
            "--mirror",
            mirror,
            "clone",
            "flask",
        ])
        .env("HOME", &env.home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let finished = child.try_wait().unwrap().is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

#[test]
fn a_clone_killed_at_any_moment_leaves_nothing_that_is_used_later() {
    let env = env();
    build_large_fixture(&env.base.join("pallets/flask.git"), 3000, 2048);
    let daemon = GitDaemon::start(&env.base);
    // How long a whole clone takes here, to spread the kills across it.
    let start = Instant::now();
    codestudy(&env, &daemon.mirror())
        .args(["clone", "flask"])
        .assert()
        .success();
    let full = start.elapsed();
    std::fs::remove_dir_all(&env.cache).unwrap();

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    eprintln!("kill schedule seed {seed}, full clone {full:?}");
    for run in 0..10 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.2);
        let finished = clone_and_kill(&env, &daemon.mirror(), at);
        let dir = cached(&env, "pallets/flask");
        if dir.exists() {
            // Whatever is in place is whole.
            let repo = Repository::open_bare(&dir).unwrap();
            assert_eq!(commit_count(&repo), 1, "run {run} killed at {at:?}");
        } else {
            assert!(!finished, "run {run}: finished but nothing in place");
        }
        // The next run is clean and succeeds.
        let out = codestudy(&env, &daemon.mirror())
            .args(["clone", "flask"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "run {run} after kill at {at:?}: {}",
            stderr(&out)
        );
        assert!(
            temporaries(&env, "pallets").is_empty(),
            "run {run}: temporaries left"
        );
        let repo = Repository::open_bare(&dir).unwrap();
        assert_eq!(commit_count(&repo), 1);
        std::fs::remove_dir_all(&env.cache).unwrap();
    }
}

#[test]
fn ctrl_c_cancels_and_cleans_up() {
    let env = env();
    build_large_fixture(&env.base.join("pallets/flask.git"), 3000, 2048);
    let daemon = GitDaemon::start(&env.base);
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_codestudy"))
        .args([
            "--cache-dir",
            &env.cache.display().to_string(),
            "--mirror",
            &daemon.mirror(),
            "clone",
            "flask",
        ])
        .env("HOME", &env.home)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Wait until the clone is under way (its temporary exists).
    let start = Instant::now();
    while temporaries(&env, "pallets").is_empty() && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(5));
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    if out.status.success() {
        eprintln!("the clone finished before the signal arrived; nothing to check");
        return;
    }
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("pallets/flask: failed: cancelled"),
        "{}",
        stderr(&out)
    );
    assert!(temporaries(&env, "pallets").is_empty());
    assert!(!cached(&env, "pallets/flask").exists());
}

/// Three ways a cached clone gets damaged.
fn truncate_pack(dir: &Path) {
    for e in std::fs::read_dir(dir.join("objects/pack"))
        .unwrap()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "pack") {
            let len = e.metadata().unwrap().len();
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(e.path())
                .unwrap();
            f.set_len(len / 2).unwrap();
        }
    }
}

fn garbage_head(dir: &Path) {
    std::fs::write(dir.join("HEAD"), b"\x00\xffnot a ref at all\n").unwrap();
}

/// Rewrite the pack as loose objects, leaving one blob out.
fn delete_one_object(dir: &Path) {
    let repo = Repository::open_bare(dir).unwrap();
    let odb = repo.odb().unwrap();
    let mut ids = Vec::new();
    odb.foreach(|id| {
        ids.push(*id);
        true
    })
    .unwrap();
    let objects: Vec<_> = ids
        .iter()
        .map(|id| {
            let o = odb.read(*id).unwrap();
            (*id, o.kind(), o.data().to_vec())
        })
        .collect();
    let victim = objects
        .iter()
        .find(|o| o.1 == git2::ObjectType::Blob)
        .unwrap()
        .0;
    drop(odb);
    drop(repo);
    std::fs::remove_dir_all(dir.join("objects/pack")).unwrap();
    std::fs::create_dir_all(dir.join("objects/pack")).unwrap();
    let repo = Repository::open_bare(dir).unwrap();
    let odb = repo.odb().unwrap();
    for (id, kind, data) in &objects {
        if *id != victim {
            assert_eq!(odb.write(*kind, data).unwrap(), *id);
        }
    }
}

#[test]
fn a_damaged_clone_is_moved_aside_and_cloned_again_once() {
    for (name, damage) in [
        ("truncated pack", truncate_pack as fn(&Path)),
        ("garbage HEAD", garbage_head),
        ("missing object", delete_one_object),
    ] {
        let env = env();
        serve_study_fixture(&env.base, &["pallets/flask", "psf/requests"]);
        let daemon = GitDaemon::start(&env.base);
        codestudy(&env, &daemon.mirror())
            .args(["clone", "flask", "requests"])
            .assert()
            .success();
        let requests_head =
            std::fs::read(cached(&env, "psf/requests").join("refs/heads/main")).ok();
        // Study progress lives elsewhere and is never touched by a repair.
        let progress = env.home.join(".local/share/codestudy/progress.toml");
        std::fs::create_dir_all(progress.parent().unwrap()).unwrap();
        let progress_text = "version = 1\n\n[[repo]]\nid = \"pallets/flask\"\n\n[[repo.step]]\nnumber = 1\nstate = \"done\"\ndone_on = \"2026-11-24\"\n";
        std::fs::write(&progress, progress_text).unwrap();
        damage(&cached(&env, "pallets/flask"));

        let out = codestudy(&env, &daemon.mirror())
            .args(["clone", "flask"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        let text = stdout(&out);
        assert!(
            text.contains("pallets/flask: cloned (depth 1)"),
            "{name}: {text}"
        );
        assert!(
            text.contains("the damaged clone found in the cache was moved to"),
            "{name}: {text}"
        );
        let moved: Vec<_> = std::fs::read_dir(env.cache.join("repos/.damaged/pallets"))
            .unwrap()
            .collect();
        assert_eq!(moved.len(), 1, "{name}: kept for inspection");
        let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
        assert_eq!(commit_count(&repo), 1, "{name}");
        // The other repository was not touched.
        assert_eq!(
            std::fs::read(cached(&env, "psf/requests").join("refs/heads/main")).ok(),
            requests_head,
            "{name}"
        );
        assert_eq!(
            std::fs::read_to_string(&progress).unwrap(),
            progress_text,
            "{name}: progress untouched"
        );
        // And the repaired clone is used as it is next time.
        let out = codestudy(&env, &daemon.mirror())
            .args(["clone", "flask"])
            .output()
            .unwrap();
        assert!(
            stdout(&out).contains("up to date"),
            "{name}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn two_concurrent_clones_of_one_repository_both_succeed() {
    let env = env();
    build_large_fixture(&env.base.join("pallets/flask.git"), 1500, 2048);
    let daemon = GitDaemon::start(&env.base);
    let spawn = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_codestudy"))
            .args([
                "--cache-dir",
                &env.cache.display().to_string(),
                "--mirror",
                &daemon.mirror(),
                "clone",
                "flask",
            ])
            .env("HOME", &env.home)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    let outs = format!("{}{}", stdout(&a), stdout(&b));
    assert_eq!(outs.matches("cloned (depth 1)").count(), 1, "{outs}");
    assert_eq!(outs.matches("up to date").count(), 1, "{outs}");
    assert!(temporaries(&env, "pallets").is_empty());
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert_eq!(commit_count(&repo), 1);
}

/// A TCP relay in front of `git daemon` that cuts every connection once
/// the server has sent `cut_after` bytes: the server going away in the
/// middle of a transfer.
struct CuttingProxy {
    port: u16,
    cut_after: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl CuttingProxy {
    fn start(upstream: u16) -> CuttingProxy {
        use std::io::{Read, Write};
        use std::net::{Shutdown, TcpListener, TcpStream};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut_after = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
        let limit = cut_after.clone();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                let Ok(client) = client else { return };
                let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                let limit = limit.load(Ordering::SeqCst);
                let (mut c_in, mut s_out) =
                    (client.try_clone().unwrap(), server.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c_in, &mut s_out);
                    let _ = s_out.shutdown(Shutdown::Write);
                });
                let (mut s_in, mut c_out) = (server, client);
                std::thread::spawn(move || {
                    let mut sent = 0u64;
                    let mut buf = [0u8; 16 * 1024];
                    loop {
                        let n = match s_in.read(&mut buf) {
                            Ok(0) | Err(_) => break,
                            Ok(n) => n,
                        };
                        let n = n.min((limit - sent) as usize);
                        if c_out.write_all(&buf[..n]).is_err() {
                            break;
                        }
                        sent += n as u64;
                        if sent >= limit {
                            break;
                        }
                    }
                    // The server is gone: both directions close at once.
                    let _ = c_out.shutdown(Shutdown::Both);
                    let _ = s_in.shutdown(Shutdown::Both);
                });
            }
        });
        CuttingProxy { port, cut_after }
    }

    fn mirror(&self) -> String {
        format!("git://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port)
    }
}

#[test]
fn the_server_going_away_mid_transfer_is_a_clear_error_and_a_retry_works() {
    let env = env();
    build_large_fixture(&env.base.join("pallets/flask.git"), 3000, 2048);
    let daemon = GitDaemon::start(&env.base);
    let proxy = CuttingProxy::start(daemon.port);
    // Cut after 256 KiB of a pack of several megabytes.
    proxy
        .cut_after
        .store(256 * 1024, std::sync::atomic::Ordering::SeqCst);
    let out = codestudy(&env, &proxy.mirror())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.contains("pallets/flask"), "{err}");
    assert!(err.contains("run the same command again"), "{err}");
    assert!(
        !cached(&env, "pallets/flask").exists(),
        "nothing half-made in place"
    );
    assert!(temporaries(&env, "pallets").is_empty(), "temporaries left");
    // The server is back: the same command succeeds.
    proxy
        .cut_after
        .store(u64::MAX, std::sync::atomic::Ordering::SeqCst);
    let out = codestudy(&env, &proxy.mirror())
        .args(["clone", "flask"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let repo = Repository::open_bare(cached(&env, "pallets/flask")).unwrap();
    assert_eq!(commit_count(&repo), 1);
}
