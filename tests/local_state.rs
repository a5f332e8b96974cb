//! Hostile local state: the progress file's lock held by another process
//! (running or stopped), temporary files left by saves and fetches killed
//! midway, a `progress.toml` that is a symbolic link, and repositories
//! whose names make one's temporaries look like another's.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::pty::PtySession;

const WAIT: Duration = Duration::from_secs(30);

fn codestudy(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codestudy"));
    c.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env_remove("CODESTUDY_CACHE_DIR")
        .arg("--data-dir")
        .arg(data);
    c
}

/// Run to the end, or fail the test (instead of hanging it) if it is
/// still running after `WAIT`.
fn run_bounded(mut cmd: Command) -> (Output, Duration) {
    let start = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > WAIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still waiting after {WAIT:?}: it never gives up on the lock");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), start.elapsed())
}

/// `flock FILE` holding the lock in a process group of its own, so that
/// the shell it runs goes with it.
struct LockHolder {
    child: Child,
}

impl LockHolder {
    fn hold(file: &Path) -> LockHolder {
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let mut child = Command::new("flock")
            .arg(file)
            .args(["sh", "-c", "echo locked; exec sleep 600"])
            .process_group(0)
            .stdout(Stdio::piped())
            .spawn()
            .expect("flock (util-linux) must be installed");
        // The command runs once the lock is taken.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "locked");
        LockHolder { child }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .args([sig, "--", &format!("-{}", self.pid())])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn release(mut self) {
        self.signal("-KILL");
        let _ = self.child.wait();
    }
}

impl Drop for LockHolder {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.wait();
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_held_lock_fails_the_command_line_in_bounded_time_and_names_the_holder() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let lock = data.join("progress.lock");
    let holder = LockHolder::hold(&lock);
    let pid = holder.pid();

    let mut cmd = codestudy(&data);
    cmd.args(["progress", "flask", "--done", "1"]);
    let (out, took) = run_bounded(cmd);
    eprintln!("`progress --done` gave up after {took:?}");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{} is held by pid {pid} (flock)", lock.display())),
        "{err}"
    );
    assert!(
        err.contains("waited 3 s, nothing was read or changed"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "remove {} if no such process runs",
            lock.display()
        )),
        "{err}"
    );
    assert!(!data.join("progress.toml").exists(), "nothing written");

    // Reading waits as long, and says the same; so does the export.
    for args in [&["progress"][..], &["notes", "export", "requests"]] {
        let mut cmd = codestudy(&data);
        cmd.args(args);
        let (out, took) = run_bounded(cmd);
        eprintln!("{args:?} gave up after {took:?}");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains(&format!("is held by pid {pid} (flock)")),
            "{args:?}: {}",
            stderr(&out)
        );
    }

    // A stopped holder will not let go by itself: the message says how to
    // resume it.
    holder.signal("-STOP");
    let mut cmd = codestudy(&data);
    cmd.arg("progress");
    let (out, _) = run_bounded(cmd);
    let err = stderr(&out);
    assert!(err.contains("which is stopped"), "{err}");
    assert!(err.contains(&format!("kill -CONT {pid}")), "{err}");
    holder.signal("-CONT");

    // What a codestudy holding the lock writes beside it names it, when
    // it is the pid the kernel knows as the holder.
    std::fs::write(
        data.join("progress.lock.pid"),
        format!("{pid} codestudy progress flask --done 2\n"),
    )
    .unwrap();
    let mut cmd = codestudy(&data);
    cmd.arg("progress");
    let (out, _) = run_bounded(cmd);
    assert!(
        stderr(&out).contains(&format!(
            "is held by pid {pid} (codestudy progress flask --done 2)"
        )),
        "{}",
        stderr(&out)
    );

    // Let go: the same command saves.
    holder.release();
    let (out, _) = run_bounded({
        let mut c = codestudy(&data);
        c.args(["progress", "flask", "--done", "1"]);
        c
    });
    assert!(out.status.success(), "{}", stderr(&out));
    let saved = std::fs::read_to_string(data.join("progress.toml")).unwrap();
    assert!(saved.contains("state = \"done\""), "{saved}");
    assert!(
        !data.join("progress.lock.pid").exists(),
        "the holder file goes with the lock"
    );
}

/// The pid of a process that has ended (and been reaped).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn temporaries_of_killed_saves_are_removed_and_live_ones_kept() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    // A save killed with SIGKILL while writing leaves exactly this: its
    // temporary, named by its pid.
    let mut saver = codestudy(&data)
        .args(["progress", "flask", "--done", "1"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let killed_pid = saver.id();
    saver.kill().unwrap();
    saver.wait().unwrap();
    let killed = data.join(format!(".progress.toml.tmp-{killed_pid}"));
    std::fs::write(&killed, "version = 1\n# half written").unwrap();
    let other_dead = data.join(format!(".progress.toml.tmp-{}", dead_pid()));
    std::fs::write(&other_dead, "x".repeat(100_000)).unwrap();
    // One of a process still running (another data dir may link to the
    // same file) and files that only look alike stay.
    let mut live = Command::new("sleep").arg("600").spawn().unwrap();
    let live_tmp = data.join(format!(".progress.toml.tmp-{}", live.id()));
    std::fs::write(&live_tmp, "in progress").unwrap();
    let lookalikes = [
        data.join(".progress.toml.tmp-12x"),
        data.join("progress.toml.tmp-1"),
        data.join(".notes.toml.tmp-1"),
    ];
    for f in &lookalikes {
        std::fs::write(f, "keep").unwrap();
    }

    let (out, _) = run_bounded({
        let mut c = codestudy(&data);
        c.arg("progress");
        c
    });
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!killed.exists(), "the killed save's temporary is removed");
    assert!(
        !other_dead.exists(),
        "a dead process's temporary is removed"
    );
    assert!(live_tmp.exists(), "a live process's temporary is kept");
    for f in &lookalikes {
        assert!(f.exists(), "{} is not a temporary", f.display());
    }
    let _ = live.kill();
    let _ = live.wait();
}

fn temporaries_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect()
}

#[test]
fn a_linked_progress_file_stays_a_link_and_its_target_is_replaced_atomically() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let dotfiles = dir.path().join("dotfiles/codestudy");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::create_dir_all(&dotfiles).unwrap();
    let link = data.join("progress.toml");
    let target = dotfiles.join("study.toml");
    // Relative, as dotfile managers make them.
    std::os::unix::fs::symlink("../dotfiles/codestudy/study.toml", &link).unwrap();
    let save = |step: &str| {
        let (out, _) = run_bounded({
            let mut c = codestudy(&data);
            c.args(["progress", "flask", "--done", step]);
            c
        });
        assert!(out.status.success(), "{}", stderr(&out));
    };
    let is_link = |p: &Path| {
        std::fs::symlink_metadata(p)
            .unwrap()
            .file_type()
            .is_symlink()
    };

    // The link points at nothing yet: the first save makes the file.
    save("1");
    assert!(is_link(&link), "still a link");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("number = 1")
    );
    let first = std::fs::metadata(&target).unwrap().ino();

    save("2");
    assert!(is_link(&link), "still a link");
    assert_eq!(
        std::fs::read_link(&link).unwrap(),
        PathBuf::from("../dotfiles/codestudy/study.toml"),
        "the link is untouched"
    );
    let text = std::fs::read_to_string(&target).unwrap();
    assert!(
        text.contains("number = 1") && text.contains("number = 2"),
        "{text}"
    );
    // Replaced by a rename (a new file), not rewritten in place, and no
    // temporary is left on either side.
    assert_ne!(std::fs::metadata(&target).unwrap().ino(), first);
    assert!(
        temporaries_in(&data).is_empty(),
        "{:?}",
        temporaries_in(&data)
    );
    assert!(
        temporaries_in(&dotfiles).is_empty(),
        "{:?}",
        temporaries_in(&dotfiles)
    );

    // A target that does not parse is moved aside where it is kept, and
    // the link survives that too.
    std::fs::write(&target, "this is [not toml").unwrap();
    let (out, _) = run_bounded({
        let mut c = codestudy(&data);
        c.arg("progress");
        c
    });
    assert!(!out.status.success());
    assert!(stderr(&out).contains("does not parse"), "{}", stderr(&out));
    let aside: Vec<_> = std::fs::read_dir(&dotfiles)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("study.toml.corrupt-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).unwrap(),
        "this is [not toml"
    );
    assert!(is_link(&link), "still a link");
    save("3");
    assert!(is_link(&link), "still a link");
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("number = 3")
    );
}

/// With the lock held, the interface starts, shows the home screen, says
/// who holds the lock, keeps a change made meanwhile and saves it once
/// the lock is free; `q` quits at once.
#[test]
fn with_the_lock_held_the_interface_works_and_saves_once_it_is_free() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let cache = dir.path().join("cache");
    let args = [
        "--data-dir",
        data.to_str().unwrap(),
        "--cache-dir",
        cache.to_str().unwrap(),
    ];
    let lock = data.join("progress.lock");
    let holder = LockHolder::hold(&lock);
    let pid = holder.pid();

    let mut s = PtySession::spawn(&args, &[], 200, 40);
    s.wait_for("▶ django/django", WAIT);
    s.wait_for(&format!("is held by pid {pid} (flock)"), WAIT);
    s.send("q");
    let start = Instant::now();
    assert_eq!(s.wait_exit(WAIT), 0);
    eprintln!("q with the lock held: exited after {:?}", start.elapsed());

    let mut s = PtySession::spawn(&args, &[], 200, 40);
    s.wait_for("▶ django/django", WAIT);
    s.send("s");
    s.wait_for("Study: django/django  0/6", WAIT);
    s.send(" ");
    s.wait_for("Study: django/django  1/6", WAIT);
    s.wait_for("not saved yet, kept here", WAIT);
    assert!(!data.join("progress.toml").exists());
    let freed = Instant::now();
    holder.release();
    loop {
        let text = std::fs::read_to_string(data.join("progress.toml")).unwrap_or_default();
        if text.contains("state = \"done\"") {
            break;
        }
        assert!(
            freed.elapsed() < WAIT,
            "never saved after the lock was freed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("saved {:?} after the lock was freed", freed.elapsed());
    s.wait_for("progress.lock was freed: your changes are saved", WAIT);
    s.send("q");
    assert_eq!(s.wait_exit(WAIT), 0);
}

fn clone_cmd(cache: &Path, home: &Path, mirror: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codestudy"));
    c.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env_remove("CODESTUDY_DATA_DIR")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CODESTUDY_CACHE_DIR", cache)
        .env("CODESTUDY_MIRROR", mirror);
    c
}

/// A catalog of these repositories (the minimal one's other tables).
fn catalog_of(path: &Path, ids: &[&str]) {
    let minimal = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/catalog/valid/minimal.toml"),
    )
    .unwrap();
    let (head, rest) = minimal.split_once("[[repos]]").unwrap();
    let (_, tail) = rest.split_once("[study]").unwrap();
    let mut text = head.to_string();
    for id in ids {
        text.push_str(&format!(
            "[[repos]]\nid = \"{id}\"\ncategory = \"web\"\nurl = \"https://github.com/{id}\"\n\
             stars = \"1\"\nstars_count = 1\nfocus = \"f\"\nlearn = [\"l\"]\nkey_files = [\"README.md\"]\n\n"
        ));
    }
    text.push_str("[study]");
    text.push_str(tail);
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_repository_named_like_anothers_temporary_keeps_its_live_clone() {
    let dir = tempfile::tempdir().unwrap();
    let (cache, home) = (dir.path().join("cache"), dir.path().join("home"));
    std::fs::create_dir_all(&home).unwrap();
    let catalog = dir.path().join("catalog.toml");
    // `x.git.tmp-1` is a valid name; its clone's temporaries start with
    // `.x.git.tmp-`, as `x`'s do.
    catalog_of(&catalog, &["o/x.git.tmp-1", "o/x"]);
    let owner = cache.join("repos/o");
    std::fs::create_dir_all(&owner).unwrap();
    // A clone of o/x.git.tmp-1 in progress: its lock held, its temporary
    // being written.
    let holder = LockHolder::hold(&owner.join("x.git.tmp-1.lock"));
    let live = owner.join(".x.git.tmp-1.git.tmp-4242-0");
    std::fs::create_dir_all(live.join("objects/pack")).unwrap();
    // And a leftover of a killed clone of o/x.
    let stale = owner.join(".x.git.tmp-4243-0");
    std::fs::create_dir_all(stale.join("objects")).unwrap();

    // A clone of o/x (the server is unreachable: it fails after its
    // start-up cleanup and its own).
    let clone = |id: &str| {
        let mut c = clone_cmd(&cache, &home, "git://127.0.0.1:1/{owner}/{name}.git");
        c.arg("--catalog").arg(&catalog).args(["clone", id]);
        run_bounded(c).0
    };
    let out = clone("o/x");
    assert!(!out.status.success());
    assert!(live.exists(), "o/x.git.tmp-1's live temporary was removed");
    assert!(!stale.exists(), "o/x's own leftover stays");

    // Once that clone is gone, its temporary is a leftover like any other.
    holder.release();
    clone("o/x");
    assert!(!live.exists(), "a dead clone's temporary stays");
}

/// A TCP relay in front of `git daemon` that stops passing the server's
/// bytes on after `stall_after` of them, holding the connection open: a
/// transfer stuck midway, to be killed there.
struct StallingProxy {
    port: u16,
    stall_after: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl StallingProxy {
    fn start(upstream: u16) -> StallingProxy {
        use std::io::{Read, Write};
        use std::net::{TcpListener, TcpStream};
        use std::sync::atomic::Ordering;
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stall_after = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(u64::MAX));
        let limit = stall_after.clone();
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
                });
                let (mut s_in, mut c_out) = (server, client);
                std::thread::spawn(move || {
                    let mut sent = 0u64;
                    let mut buf = [0u8; 16 * 1024];
                    while sent < limit {
                        let n = match s_in.read(&mut buf) {
                            Ok(0) | Err(_) => return,
                            Ok(n) => n,
                        };
                        let n = n.min((limit - sent) as usize);
                        if c_out.write_all(&buf[..n]).is_err() {
                            return;
                        }
                        sent += n as u64;
                    }
                    // Stuck: nothing more, and nothing closed.
                    std::thread::sleep(Duration::from_secs(300));
                    drop((s_in, c_out));
                });
            }
        });
        StallingProxy { port, stall_after }
    }

    fn mirror(&self) -> String {
        format!("git://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port)
    }
}

/// The packs being received in a clone: libgit2's and git's.
fn pack_temporaries(clone: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(clone.join("objects/pack"))
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.starts_with("pack_git2_") || n.starts_with("tmp_pack_")
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

#[test]
fn a_deepen_killed_midway_leaves_nothing_after_the_next_start() {
    deepen_killed_midway("libgit2");
}

/// The same through the git command: the killed codestudy's git dies
/// with it (the parent-death signal, and the broken pipe of its progress)
/// instead of writing on after the lock is free, and leaves `tmp_pack_*`,
/// which the next start removes.
#[test]
fn a_deepen_by_git_killed_midway_leaves_nothing_after_the_next_start() {
    deepen_killed_midway("cli");
}

fn deepen_killed_midway(engine: &str) {
    let dir = tempfile::tempdir().unwrap();
    let (cache, home, base) = (
        dir.path().join("cache"),
        dir.path().join("home"),
        dir.path().join("served"),
    );
    std::fs::create_dir_all(&home).unwrap();
    // Several megabytes in the first commit, almost nothing in the
    // second: a depth-1 clone is small, deepening it is a big pack.
    let mut f = common::git::build_large_fixture(&base.join("pallets/flask.git"), 3000, 2048);
    f.files.clear();
    f.file("README.md", "# Small now\n");
    f.commit("Keep only a README");
    common::git::build_study_fixture(&base.join("psf/requests.git"));
    let daemon = common::git::GitDaemon::start(&base);
    let proxy = StallingProxy::start(daemon.port);
    let clone = |mirror: &str, args: &[&str]| {
        let mut c = clone_cmd(&cache, &home, mirror);
        c.env("CODESTUDY_GIT", engine).arg("clone").args(args);
        c
    };
    let (out, _) = run_bounded(clone(&daemon.mirror(), &["flask"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let flask = cache.join("repos/pallets/flask.git");

    // Deepen to the whole history, stuck after 512 KiB of the pack, and
    // killed there (SIGKILL: nothing of ours runs).
    proxy
        .stall_after
        .store(512 * 1024, std::sync::atomic::Ordering::SeqCst);
    let mut deepen = clone(&proxy.mirror(), &["flask", "--full"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while pack_temporaries(&flask)
        .iter()
        .all(|p| std::fs::metadata(p).map_or(0, |m| m.len()) < 64 * 1024)
    {
        assert!(
            start.elapsed() < WAIT,
            "the deepen never started writing its pack"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    deepen.kill().unwrap();
    deepen.wait().unwrap();
    // Nothing goes on writing into the clone once its lock is free.
    let start = Instant::now();
    while !processes_naming(&flask).is_empty() {
        assert!(
            start.elapsed() < WAIT,
            "still running after codestudy was killed: {:?}",
            processes_naming(&flask)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let left = pack_temporaries(&flask);
    assert!(!left.is_empty());
    let bytes: u64 = left
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    eprintln!(
        "the killed deepen left {} pack_git2_* ({bytes} bytes)",
        left.len()
    );

    // Another codestudy fetching into flask holds its lock: the start-up
    // of a clone of another repository leaves flask's alone.
    let holder = LockHolder::hold(&cache.join("repos/pallets/flask.lock"));
    let (out, _) = run_bounded(clone(&daemon.mirror(), &["requests"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(pack_temporaries(&flask), left, "removed while locked");
    holder.release();

    // The next start removes them; the clone is intact and deepens.
    let (out, _) = run_bounded(clone(&daemon.mirror(), &["requests"]));
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        pack_temporaries(&flask).is_empty(),
        "{:?}",
        pack_temporaries(&flask)
    );
    let (out, _) = run_bounded(clone(&daemon.mirror(), &["flask", "--full"]));
    assert!(out.status.success(), "{}", stderr(&out));
    let repo = git2::Repository::open_bare(&flask).unwrap();
    let mut walk = repo.revwalk().unwrap();
    walk.push_head().unwrap();
    assert_eq!(walk.count(), 2, "deepened to the whole history");
    assert!(pack_temporaries(&flask).is_empty());
    let locks: Vec<_> = std::fs::read_dir(&flask)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".lock"))
        .map(|e| e.file_name())
        .collect();
    assert!(locks.is_empty(), "{locks:?}");
}

/// The command lines of the live processes that name `path`.
fn processes_naming(path: &Path) -> Vec<String> {
    let needle = path.to_string_lossy().into_owned();
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
        .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
        .filter(|c| c.contains(&needle))
        .collect()
}

/// Issue 15, point 7: removing a clone removes it and its indexes, and
/// is refused while its lock is held (a clone or fetch runs).
#[test]
fn removing_a_clone_frees_it_and_its_indexes() {
    let tmp = tempfile::tempdir().unwrap();
    let cache_dir = tmp.path();
    let cache = codestudy::repo::Cache::new(cache_dir);
    let repo = cache.repo_dir("pallets", "flask");
    std::fs::create_dir_all(repo.join("objects/pack")).unwrap();
    std::fs::write(repo.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    std::fs::write(repo.join("objects/pack/p.pack"), vec![0u8; 10_000]).unwrap();
    // A symlink inside is removed, never followed.
    let outside = tmp.path().join("outside.txt");
    std::fs::write(&outside, "keep me").unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("link")).unwrap();
    let index = codestudy::outline::index::cache_path(cache_dir, "pallets", "flask");
    let intel = codestudy::intel::store::cache_path(cache_dir, "pallets", "flask");
    for f in [&index, &intel] {
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, vec![1u8; 500]).unwrap();
    }
    let entry = codestudy::catalog::Catalog::embedded()
        .unwrap()
        .repo("pallets/flask")
        .unwrap()
        .clone();
    let held = cache.try_lock("pallets", "flask").unwrap().unwrap();
    let busy = codestudy::jobs::remove_clone(&cache, cache_dir, &entry).unwrap_err();
    assert!(busy.to_string().contains("is running"), "{busy}");
    assert!(repo.join("HEAD").is_file(), "kept while locked");
    drop(held);
    let freed = codestudy::jobs::remove_clone(&cache, cache_dir, &entry).unwrap();
    assert!(freed >= 10_000 + 1_000, "{freed}");
    assert!(!repo.exists());
    assert!(!index.exists() && !intel.exists());
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    assert!(!cache.is_cloned("pallets", "flask"));
    // Nothing left that looks like a clone or a temporary of it.
    let left: Vec<_> = std::fs::read_dir(cache_dir.join("repos/pallets"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// Issue 15, point 24: `o` opens only web and mail addresses, never a
/// file, a script or anything a shell would read twice.
#[test]
fn only_web_and_mail_addresses_are_opened() {
    for bad in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://example.com/a b",
        "https://example.com/\u{1b}]52;c;x\u{7}",
        "docs/index.md",
    ] {
        let e = codestudy::jobs::open_address(bad).unwrap_err();
        assert!(
            e.to_string()
                .contains("is not an http(s) or mailto address"),
            "{bad}: {e}"
        );
    }
}
