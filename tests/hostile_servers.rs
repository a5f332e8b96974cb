//! Servers that misbehave (tests/common/server.rs): one that accepts and
//! never answers, one whose list of refs never ends, one that says `ERR`,
//! one that floods progress messages, one that announces billions of
//! objects, a port whose connections are never accepted. Each must end a
//! clone, an update or a deepening with a message that says what happened
//! and names the host, within a bound; a cancel (the library's flag, one
//! SIGINT on the command line, `c` in the interface) must stop it at any
//! phase, before the first byte too. How long each took is printed
//! (`--nocapture`), not asserted: the bounds only catch a hang.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use codestudy::repo::{
    Cache, CloneRequest, Depth, Engine, NetLimits, RepoError, clone_or_update_with,
};

/// These servers test libgit2's network layer (the engine without a git
/// command); `lazy_clone.rs` tests the git command's.
fn libgit2() -> Engine {
    Engine::Libgit2 {
        why: "the test chose libgit2".into(),
    }
}
use common::git::{GitDaemon, serve_study_fixture};
use common::pty::PtySession;
use common::server::{BadServer, BlackHole, Misbehaviour, Protocol};

/// Against a hang, not a measure of speed.
const BOUND: Duration = Duration::from_secs(90);

struct Env {
    _tmp: tempfile::TempDir,
    cache: PathBuf,
    home: PathBuf,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let home = tmp.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    Env {
        cache,
        home,
        _tmp: tmp,
    }
}

/// `codestudy --mirror MIRROR clone ARGS`, with the network timeout given
/// (`None`: the defaults).
fn clone_cmd(env: &Env, mirror: &str, timeout: Option<u64>, args: &[&str]) -> Command {
    clone_cmd_on("libgit2", env, mirror, timeout, args)
}

/// The engines a hostile-server test runs against: libgit2 with
/// codestudy's own network stream, and the git command (lazy clones).
const ENGINES: [&str; 2] = ["libgit2", "cli"];

/// [`clone_cmd`] through `engine` (`CODESTUDY_GIT`).
fn clone_cmd_on(
    engine: &str,
    env: &Env,
    mirror: &str,
    timeout: Option<u64>,
    args: &[&str],
) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_codestudy"));
    cmd.args(["--cache-dir", &env.cache.display().to_string()])
        .args(["--mirror", mirror, "clone"])
        .args(args)
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env_remove("CODESTUDY_DATA_DIR")
        .env_remove("CODESTUDY_MIRROR")
        .env_remove("CODESTUDY_NET_TIMEOUT_SECS")
        .env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", &env.home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CODESTUDY_GIT", engine)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(t) = timeout {
        cmd.env("CODESTUDY_NET_TIMEOUT_SECS", t.to_string());
    }
    cmd
}

/// A run of the binary: exit code, output, how long, the most memory seen.
struct Run {
    code: Option<i32>,
    stderr: String,
    elapsed: Duration,
    max_rss_kb: u64,
}

fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Run `cmd`; `during(pid, started)` is called every few milliseconds
/// while it runs. Panics if it is still running after [`BOUND`].
fn run(mut cmd: Command, during: impl Fn(u32, Duration)) -> Run {
    let started = Instant::now();
    let mut child = cmd.spawn().unwrap();
    let pid = child.id();
    let mut err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let mut max_rss_kb = 0;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let Some(kb) = rss_kb(pid) {
            max_rss_kb = max_rss_kb.max(kb);
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "still running after {BOUND:?} (RSS {max_rss_kb} kB): {}",
                reader.join().unwrap()
            );
        }
        during(pid, started.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stderr: reader.join().unwrap(),
        elapsed: started.elapsed(),
        max_rss_kb,
    }
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

fn nothing_left(env: &Env) {
    assert!(temporaries(env, "pallets").is_empty(), "temporaries left");
    assert!(
        !env.cache.join("repos/pallets/flask.git").exists(),
        "a clone was installed"
    );
}

fn sigint(pid: u32) {
    let ok = Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn a_server_that_never_answers_times_out_naming_the_host() {
    for (engine, protocol) in ENGINES
        .iter()
        .flat_map(|e| [(*e, Protocol::Git), (*e, Protocol::Http)])
    {
        let env = env();
        let server = BadServer::start(protocol, Misbehaviour::Stall);
        let r = run(
            clone_cmd_on(engine, &env, &server.mirror(), Some(2), &["flask"]),
            |_, _| {},
        );
        eprintln!(
            "{engine} {protocol:?} stalled server, 2 s timeout: failed after {:?}",
            r.elapsed
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        // libgit2 runs on codestudy's own stream, which knows the
        // connection was made; the git command does not say.
        let says = match engine {
            "libgit2" => format!(
                "{} stopped answering: nothing arrived for 2 s",
                server.host()
            ),
            _ => format!(
                "{} did not answer within 2 s (no connection, or a connection and no reply)",
                server.host()
            ),
        };
        assert!(
            r.stderr.contains(&says),
            "{engine} {protocol:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("offline"), "{}", r.stderr);
        nothing_left(&env);
    }
}

#[test]
fn a_connection_never_accepted_times_out_naming_the_host() {
    let env = env();
    let hole = BlackHole::start().expect("could not fill a loopback accept queue");
    let r = run(
        clone_cmd(&env, &hole.mirror(), Some(2), &["flask"]),
        |_, _| {},
    );
    eprintln!(
        "connect never accepted, 2 s timeout: failed after {:?}",
        r.elapsed
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    let says = format!(
        "could not reach 127.0.0.1:{} (no connection within 2 s)",
        hole.port
    );
    assert!(r.stderr.contains(&says), "{}", r.stderr);
    nothing_left(&env);
}

/// One SIGINT while the server has not sent a byte (the default timeouts
/// would wait a minute): the clone stops, its temporary goes, exit 130.
#[test]
fn one_sigint_stops_a_clone_before_the_first_byte() {
    let env = env();
    let server = BadServer::start(Protocol::Git, Misbehaviour::Stall);
    let hole = BlackHole::start().expect("could not fill a loopback accept queue");
    for (engine, what, mirror) in ENGINES.iter().flat_map(|e| {
        [
            (*e, "waiting for an answer", server.mirror()),
            (*e, "connecting", hole.mirror()),
        ]
    }) {
        let sent = std::sync::Mutex::new(None);
        let cmd = clone_cmd_on(engine, &env, &mirror, None, &["flask"]);
        let r = run(cmd, |pid, t| {
            let mut sent = sent.lock().unwrap();
            if sent.is_none() && t > Duration::from_millis(1500) {
                sigint(pid);
                *sent = Some(t);
            }
        });
        let at = sent
            .lock()
            .unwrap()
            .expect("the clone ended before the signal");
        eprintln!(
            "{engine}: SIGINT while {what}: exited {:?} after the signal",
            r.elapsed - at
        );
        assert_eq!(r.code, Some(130), "{engine} {what}: {}", r.stderr);
        assert!(
            r.stderr.contains("pallets/flask: failed: cancelled"),
            "{}",
            r.stderr
        );
        nothing_left(&env);
    }
}

fn request(url: String) -> CloneRequest {
    CloneRequest {
        owner: "pallets".into(),
        name: "flask".into(),
        url,
        depth: None,
    }
}

/// The library's cancel flag, set while the clone waits for a first byte
/// or for a connection: the call returns `Cancelled` and leaves nothing.
#[test]
fn the_cancel_flag_stops_a_clone_at_connect_and_before_the_first_byte() {
    let server = BadServer::start(Protocol::Git, Misbehaviour::Stall);
    let hole = BlackHole::start().expect("could not fill a loopback accept queue");
    for (what, url) in [
        (
            "waiting for an answer",
            format!("git://127.0.0.1:{}/pallets/flask.git", server.port),
        ),
        (
            "connecting",
            format!("git://127.0.0.1:{}/pallets/flask.git", hole.port),
        ),
    ] {
        let env = env();
        let cache = Cache::new(&env.cache);
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel();
        let flag = cancel.clone();
        std::thread::spawn(move || {
            let r = clone_or_update_with(
                &cache,
                &request(url),
                &NetLimits::default(),
                &libgit2(),
                &|_| {},
                &flag,
            );
            let _ = tx.send(r);
        });
        std::thread::sleep(Duration::from_millis(700));
        let at = Instant::now();
        cancel.store(true, Ordering::Relaxed);
        let result = rx.recv_timeout(BOUND).expect("the clone did not stop");
        eprintln!("cancel while {what}: returned after {:?}", at.elapsed());
        assert!(
            matches!(result, Err(RepoError::Cancelled)),
            "{what}: {result:?}"
        );
        nothing_left(&env);
    }
}

/// A list of refs without end: the clone fails at the bound on what comes
/// before a pack, with memory well below what it would take unbounded
/// (about 60 MB more each second).
#[test]
fn an_endless_ref_advertisement_stops_at_a_bound_with_bounded_memory() {
    for protocol in [Protocol::Git, Protocol::Http] {
        let env = env();
        let server = BadServer::start(protocol, Misbehaviour::EndlessRefs);
        let r = run(
            clone_cmd(&env, &server.mirror(), None, &["flask"]),
            |_, _| {},
        );
        eprintln!(
            "{protocol:?} endless refs: failed after {:?}, at most {} MB resident",
            r.elapsed,
            r.max_rss_kb / 1024
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let says = format!(
            "{} sent more than 64 MiB before starting the pack",
            server.host()
        );
        assert!(r.stderr.contains(&says), "{protocol:?}: {}", r.stderr);
        assert!(r.max_rss_kb < 300 * 1024, "{} kB", r.max_rss_kb);
        nothing_left(&env);
    }
}

#[test]
fn a_servers_err_line_is_quoted_not_blamed_on_the_network() {
    for (engine, protocol) in ENGINES
        .iter()
        .flat_map(|e| [(*e, Protocol::Git), (*e, Protocol::Http)])
    {
        let env = env();
        let said = "maintenance until 10:00, come back later";
        let server = BadServer::start(protocol, Misbehaviour::Err(said.into()));
        let r = run(
            clone_cmd_on(engine, &env, &server.mirror(), Some(10), &["flask"]),
            |_, _| {},
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let says = format!(
            "the server at {} refused the fetch; it said: {said}",
            server.host()
        );
        assert!(
            r.stderr.contains(&says),
            "{engine} {protocol:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("offline"), "{}", r.stderr);
        nothing_left(&env);
    }
}

/// What a server says reaches the person as text: terminal escapes (a
/// title change, OSC 52 writing the clipboard, a screen clear) are shown
/// as visible text, never passed to the terminal, by either engine.
#[test]
fn a_servers_escape_sequences_are_shown_not_obeyed() {
    for (engine, protocol) in ENGINES
        .iter()
        .flat_map(|e| [(*e, Protocol::Git), (*e, Protocol::Http)])
    {
        let env = env();
        let said = "go away\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b]0;owned\x07 now";
        let server = BadServer::start(protocol, Misbehaviour::Err(said.into()));
        let r = run(
            clone_cmd_on(engine, &env, &server.mirror(), Some(10), &["flask"]),
            |_, _| {},
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        assert!(
            !r.stderr.contains('\x1b') && !r.stderr.contains('\x07'),
            "{engine} {protocol:?}: {:?}",
            r.stderr
        );
        assert!(
            r.stderr.contains("go away"),
            "{engine} {protocol:?}: {}",
            r.stderr
        );
        assert!(
            r.stderr.contains("now"),
            "{engine} {protocol:?}: {}",
            r.stderr
        );
        nothing_left(&env);
    }
}

/// Issue 15, point 19: a server that fails mid-pack (git's upload-pack on
/// a damaged repository) is quoted, and retrying is not advised.
#[test]
fn a_server_failing_mid_pack_is_quoted_and_not_blamed_on_the_network() {
    for engine in ENGINES {
        let env = env();
        let server = BadServer::start(Protocol::Git, Misbehaviour::DiesMidPack);
        let r = run(
            clone_cmd_on(engine, &env, &server.mirror(), Some(1), &["flask"]),
            |_, _| {},
        );
        assert_eq!(r.code, Some(1), "{engine}: {}", r.stderr);
        let says = format!(
            "the server at {} failed while sending the repository; it said: error: inflate: data stream error (incorrect header check) / fatal: loose object 0123abcd is corrupt. Retrying will not help",
            server.host()
        );
        assert!(r.stderr.contains(&says), "{engine}: {}", r.stderr);
        assert!(!r.stderr.contains("check the network"), "{}", r.stderr);
        nothing_left(&env);
    }
}

#[test]
fn unsupported_transports_are_named_not_blamed_on_the_network() {
    let env = env();
    let marker = env.home.join("ran");
    for mirror in [
        format!("ext::sh -c touch% {} {{owner}}/{{name}}", marker.display()),
        "fd::3 {owner}/{name}".to_string(),
    ] {
        let r = run(clone_cmd(&env, &mirror, Some(5), &["flask"]), |_, _| {});
        assert_ne!(r.code, Some(0), "{}", r.stderr);
        assert!(
            r.stderr.contains("is not supported"),
            "{mirror}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("offline"), "{mirror}: {}", r.stderr);
        assert!(!marker.exists(), "the ext:: command ran");
    }
}

/// Progress messages without end and never a pack: stopped at the bound
/// on progress text (8 MiB).
#[test]
fn endless_progress_messages_stop_at_a_bound() {
    for engine in ENGINES {
        let env = env();
        let server = BadServer::start(Protocol::Git, Misbehaviour::EndlessProgress);
        let r = run(
            clone_cmd_on(engine, &env, &server.mirror(), None, &["flask"]),
            |_, _| {},
        );
        eprintln!(
            "{engine}: endless progress: failed after {:?}, at most {} MB resident",
            r.elapsed,
            r.max_rss_kb / 1024
        );
        assert_eq!(r.code, Some(1), "{engine}: {}", r.stderr);
        let says = format!(
            "{} sent more than 8 MiB of progress messages",
            server.host()
        );
        assert!(r.stderr.contains(&says), "{engine}: {}", r.stderr);
        nothing_left(&env);
    }
}

/// A pack that announces more objects than any real repository has: the
/// clone fails before sizing anything for them.
#[test]
fn a_pack_announcing_billions_of_objects_is_refused() {
    let env = env();
    let server = BadServer::start(Protocol::Git, Misbehaviour::PackOf(u32::MAX));
    let r = run(
        clone_cmd(&env, &server.mirror(), Some(10), &["flask"]),
        |_, _| {},
    );
    eprintln!(
        "pack of 2^32-1 objects: failed after {:?}, at most {} MB resident",
        r.elapsed,
        r.max_rss_kb / 1024
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains(&server.host()), "{}", r.stderr);
    assert!(
        r.stderr.contains("more objects than the 50000000 accepted"),
        "{}",
        r.stderr
    );
    nothing_left(&env);
}

/// The limit on objects is the session's too: a lower one stops a pack
/// libgit2 itself would take.
#[test]
fn the_object_limit_of_a_fetch_applies() {
    let env = env();
    let server = BadServer::start(Protocol::Git, Misbehaviour::PackOf(1000));
    let limits = NetLimits {
        max_objects: 999,
        idle_timeout: Duration::from_secs(10),
        ..NetLimits::default()
    };
    let url = format!("git://127.0.0.1:{}/pallets/flask.git", server.port);
    let result = clone_or_update_with(
        &Cache::new(&env.cache),
        &request(url),
        &limits,
        &libgit2(),
        &|_| {},
        &AtomicBool::new(false),
    );
    let e = result.unwrap_err().to_string();
    assert!(
        e.contains("sent a pack of 1000 objects, more than the 999 accepted"),
        "{e}"
    );
    nothing_left(&env);
}

fn head_and_shallow(dir: &Path) -> (git2::Oid, bool) {
    let repo = git2::Repository::open_bare(dir).unwrap();
    let head = repo.head().unwrap().target().unwrap();
    (head, repo.is_shallow())
}

/// `--depth` on an existing clone (the interface's `d`/`D`) from a server
/// that stalls or never ends its refs: the same messages, and the clone
/// is as it was.
#[test]
fn deepening_from_a_bad_server_fails_the_same_way_and_keeps_the_clone() {
    let env = env();
    let base = env.home.join("served");
    serve_study_fixture(&base, &["pallets/flask"]);
    let daemon = GitDaemon::start(&base);
    let r = run(
        clone_cmd(&env, &daemon.mirror(), None, &["flask"]),
        |_, _| {},
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let dir = env.cache.join("repos/pallets/flask.git");
    let before = head_and_shallow(&dir);
    assert!(before.1, "a shallow clone to deepen");
    for (behaviour, says) in [
        (
            Misbehaviour::Stall,
            "stopped answering: nothing arrived for 2 s",
        ),
        (
            Misbehaviour::EndlessRefs,
            "sent more than 64 MiB before starting the pack",
        ),
    ] {
        let server = BadServer::start(Protocol::Git, behaviour);
        let r = run(
            clone_cmd(&env, &server.mirror(), Some(2), &["flask", "--depth", "3"]),
            |_, _| {},
        );
        assert_eq!(r.code, Some(1), "{}", r.stderr);
        let says = format!("{} {says}", server.host());
        assert!(r.stderr.contains(&says), "{}", r.stderr);
        assert_eq!(head_and_shallow(&dir), before, "the clone changed");
    }
    // The library's flag stops a deepening before the first byte too.
    let server = BadServer::start(Protocol::Git, Misbehaviour::Stall);
    let cache = Cache::new(&env.cache);
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let url = format!("git://127.0.0.1:{}/pallets/flask.git", server.port);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut req = request(url);
        req.depth = Some(Depth::Full);
        let _ = tx.send(clone_or_update_with(
            &cache,
            &req,
            &NetLimits::default(),
            &libgit2(),
            &|_| {},
            &flag,
        ));
    });
    std::thread::sleep(Duration::from_millis(700));
    cancel.store(true, Ordering::Relaxed);
    let result = rx.recv_timeout(BOUND).expect("the deepening did not stop");
    assert!(matches!(result, Err(RepoError::Cancelled)), "{result:?}");
    assert_eq!(head_and_shallow(&dir), before, "the clone changed");
}

/// `c` in the interface while the server has sent nothing: the row goes
/// back to "not cloned" and the footer says the clone was cancelled.
#[test]
fn c_in_the_interface_cancels_a_clone_before_the_first_byte() {
    let env = env();
    let server = BadServer::start(Protocol::Git, Misbehaviour::Stall);
    let cache = env.cache.display().to_string();
    let home = env.home.display().to_string();
    let mirror = server.mirror();
    let mut s = PtySession::spawn(
        &["--cache-dir", &cache, "--mirror", &mirror],
        &[("HOME", &home), ("CODESTUDY_NET_TIMEOUT_SECS", "600")],
        120,
        40,
    );
    s.wait_for("▶ django/django", BOUND);
    s.send("j");
    s.wait_for("▶ pallets/flask", BOUND);
    s.send("\r");
    s.wait_for("cloning", BOUND);
    // Connected, waiting for the server's first byte.
    std::thread::sleep(Duration::from_millis(1000));
    let at = Instant::now();
    s.send("c");
    s.wait_for("clone of pallets/flask cancelled", BOUND);
    eprintln!(
        "c while waiting for a first byte: cancelled after {:?}",
        at.elapsed()
    );
    s.wait_for("not cloned", BOUND);
    s.send("q");
    assert_eq!(s.wait_exit(BOUND), 0);
    nothing_left(&env);
}

#[test]
fn a_bad_timeout_setting_is_refused_by_name() {
    let env = env();
    let server = BadServer::start(Protocol::Git, Misbehaviour::Stall);
    let mut cmd = clone_cmd(&env, &server.mirror(), None, &["flask"]);
    cmd.env("CODESTUDY_NET_TIMEOUT_SECS", "soon");
    let r = run(cmd, |_, _| {});
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("CODESTUDY_NET_TIMEOUT_SECS=\"soon\" is not a number of seconds"),
        "{}",
        r.stderr
    );
    nothing_left(&env);
}
