//! The machine's `git` command, for what libgit2 cannot do: blobless
//! partial clones (the tree first, files on demand), fetching missing
//! blobs in batches, and deepening at git's own speed.
//!
//! It runs safely, whatever the server sends: no hooks (`core.hooksPath`
//! is an empty directory), the `ext` and `fd` transports refused, no
//! terminal prompts, no automatic gc, messages in the C locale so they can
//! be read, its own process group so that a cancel ends it and everything
//! it started. The user's own git configuration is otherwise respected
//! (credential helpers and `url.<base>.insteadOf` are what enterprise
//! users rely on). Its stderr is the server's text as much as git's: every
//! line is sanitized before it is shown or kept.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use super::clone::{Phase, Progress};
use super::error::{RepoError, classify_message, host_of};
use super::net::NetLimits;

/// The environment variable that chooses how clones are made.
pub const ENGINE_ENV: &str = "CODESTUDY_GIT";

/// The oldest git whose partial clones and `fetch --stdin` behave as
/// relied on here.
pub const MIN_VERSION: (u32, u32) = (2, 25);

/// A `git` command found on `PATH`, new enough.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GitCli {
    program: PathBuf,
    version: (u32, u32, u32),
}

/// What makes clones and fetches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// The git command: lazy (blobless) clones.
    Cli(GitCli),
    /// libgit2 alone: full depth clones; `why` says why not the git
    /// command, for the details pane.
    Libgit2 { why: String },
}

impl Engine {
    /// The engine chosen by [`ENGINE_ENV`] (`libgit2` or `cli`), or by
    /// what the machine has when it is unset: the git command when one
    /// (2.25 or newer) is on `PATH`.
    pub fn from_env() -> Result<Engine, RepoError> {
        let value = std::env::var_os(ENGINE_ENV).unwrap_or_default();
        match value.to_string_lossy().trim() {
            "" | "auto" => Ok(match GitCli::find() {
                Ok(git) => Engine::Cli(git),
                Err(why) => Engine::Libgit2 { why },
            }),
            "libgit2" => Ok(Engine::Libgit2 {
                why: format!("{ENGINE_ENV}=libgit2 chose libgit2"),
            }),
            "cli" => GitCli::find().map(Engine::Cli).map_err(|why| {
                RepoError::BadSetting(format!(
                    "{ENGINE_ENV}=cli asks for the git command, but {why}; install git {}.{} or newer, or unset {ENGINE_ENV}",
                    MIN_VERSION.0, MIN_VERSION.1
                ))
            }),
            other => Err(RepoError::BadSetting(format!(
                "{ENGINE_ENV}={other:?} is not an engine; use {ENGINE_ENV}=cli (the git command, lazy clones) or {ENGINE_ENV}=libgit2 (full depth clones), or unset it to choose by what is installed"
            ))),
        }
    }
}

impl GitCli {
    /// The `git` on `PATH` when it is 2.25 or newer; otherwise why not.
    /// Looked up once per `PATH`.
    pub fn find() -> Result<GitCli, String> {
        type Found = Vec<(OsString, Result<GitCli, String>)>;
        static FOUND: OnceLock<std::sync::Mutex<Found>> = OnceLock::new();
        let path = std::env::var_os("PATH").unwrap_or_default();
        let memo = FOUND.get_or_init(Default::default);
        let mut memo = memo.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((_, found)) = memo.iter().find(|(p, _)| *p == path) {
            return found.clone();
        }
        let found = Self::find_on(&path);
        memo.push((path, found.clone()));
        found
    }

    fn find_on(path: &std::ffi::OsStr) -> Result<GitCli, String> {
        let program = std::env::split_paths(path)
            .filter(|d| d.is_absolute())
            .map(|d| d.join("git"))
            .find(|p| is_executable(p))
            .ok_or_else(|| "no git command is on PATH".to_string())?;
        let out = Command::new(&program)
            .arg("--version")
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .map_err(|e| format!("{} could not be run ({e})", program.display()))?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version = parse_version(&text).ok_or_else(|| {
            format!(
                "{} --version said {:?}, not a git version",
                program.display(),
                crate::text::truncate(&crate::sanitize::sanitize_line(text.trim()), 60)
            )
        })?;
        if (version.0, version.1) < MIN_VERSION {
            return Err(format!(
                "the git on PATH is {}.{}.{}, older than {}.{}",
                version.0, version.1, version.2, MIN_VERSION.0, MIN_VERSION.1
            ));
        }
        Ok(GitCli { program, version })
    }

    pub fn version(&self) -> String {
        let (a, b, c) = self.version;
        format!("{a}.{b}.{c}")
    }

    /// The command with the safety settings, for the repository at
    /// `git_dir` when one is given. `hooks` is an empty directory.
    fn command(&self, git_dir: Option<&Path>, hooks: &Path) -> Command {
        let mut cmd = Command::new(&self.program);
        let mut hooks_setting = OsString::from("core.hooksPath=");
        hooks_setting.push(hooks);
        cmd.arg("-c").arg(hooks_setting);
        for setting in [
            "protocol.ext.allow=never",
            "protocol.fd.allow=never",
            "gc.auto=0",
            "maintenance.auto=false",
            "fetch.recurseSubmodules=false",
            "core.askPass=",
        ] {
            cmd.arg("-c").arg(setting);
        }
        if let Some(dir) = git_dir {
            let mut arg = OsString::from("--git-dir=");
            arg.push(dir);
            cmd.arg(arg);
        }
        // Where the repository is comes from the arguments alone.
        for var in [
            "GIT_DIR",
            "GIT_WORK_TREE",
            "GIT_INDEX_FILE",
            "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES",
            "GIT_COMMON_DIR",
            "GIT_NAMESPACE",
            "GIT_CEILING_DIRECTORIES",
            "GIT_QUARANTINE_PATH",
            "GIT_ASKPASS",
            "SSH_ASKPASS",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("GIT_PROGRESS_DELAY", "0")
            .process_group(0);
        die_with_parent(&mut cmd);
        cmd
    }

    /// Run git with `args` (network work: progress is read from stderr),
    /// within `net`'s limits, cancelled by `cancel`. Returns what it wrote
    /// to stdout and the lines of stderr that were not progress, sanitized.
    pub fn run(
        &self,
        git_dir: Option<&Path>,
        args: &[OsString],
        stdin: Option<Vec<u8>>,
        net: &NetContext<'_>,
        on_progress: &dyn Fn(&Progress),
        cancel: &AtomicBool,
    ) -> Result<Ran, RepoError> {
        let hooks = tempfile::Builder::new()
            .prefix("codestudy-no-hooks")
            .tempdir()
            .map_err(|e| {
                RepoError::io(
                    "create an empty hooks directory in",
                    std::env::temp_dir(),
                    e,
                )
            })?;
        let mut cmd = self.command(git_dir, hooks.path());
        cmd.args(args)
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().map_err(|e| RepoError::Git {
            context: format!("could not run {}", self.program.display()),
            message: e.to_string(),
        })?;
        let pgid = child.id() as i32;
        // Ends the process group on every way out, panics included.
        struct Group(i32, bool);
        impl Drop for Group {
            fn drop(&mut self) {
                if self.1 {
                    // SAFETY: kill(2) with a negative pid signals a process
                    // group this process made; it touches no memory.
                    unsafe {
                        libc::kill(-self.0, libc::SIGKILL);
                    }
                }
            }
        }
        let mut group = Group(pgid, true);

        if let (Some(bytes), Some(mut pipe)) = (stdin, child.stdin.take()) {
            std::thread::spawn(move || {
                let _ = pipe.write_all(&bytes);
            });
        }
        let (Some(mut out_pipe), Some(mut err_pipe)) = (child.stdout.take(), child.stderr.take())
        else {
            return Err(RepoError::Git {
                context: format!("could not run {}", self.program.display()),
                message: "its output could not be read".into(),
            });
        };
        let stdout = std::thread::spawn(move || {
            let mut out = Vec::new();
            let _ = out_pipe.read_to_end(&mut out);
            out
        });
        let (lines_tx, lines) = mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            let mut line = Vec::new();
            loop {
                match err_pipe.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        for &b in &buf[..n] {
                            if b == b'\r' || b == b'\n' {
                                if !line.is_empty()
                                    && lines_tx.send(std::mem::take(&mut line)).is_err()
                                {
                                    return;
                                }
                            } else if line.len() < 4096 {
                                line.push(b);
                            }
                        }
                    }
                }
            }
            if !line.is_empty() {
                let _ = lines_tx.send(line);
            }
        });

        let mut watch = Watch::new(net);
        let stop = loop {
            match lines.recv_timeout(Duration::from_millis(50)) {
                Ok(line) => {
                    if let Some(stop) = watch.line(&line, on_progress) {
                        break Some(stop);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break None,
            }
            if cancel.load(Ordering::Relaxed) {
                break Some(RepoError::Cancelled);
            }
            if let Some(stop) = watch.timed_out() {
                break Some(stop);
            }
        };
        if let Some(stop) = stop {
            drop(group);
            let _ = child.wait();
            return Err(stop);
        }
        let status = child.wait().map_err(|e| RepoError::Git {
            context: format!("could not wait for {}", self.program.display()),
            message: e.to_string(),
        })?;
        // git has exited; what it started (a remote helper) ends with it.
        group.1 = !status.success();
        drop(group);
        let stdout = stdout.join().unwrap_or_default();
        if cancel.load(Ordering::Relaxed) {
            return Err(RepoError::Cancelled);
        }
        if !status.success() {
            return Err(watch.failure(status.code()));
        }
        Ok(Ran {
            stdout,
            messages: watch.messages,
        })
    }
}

/// A git we run dies with the thread that runs it (Linux: the parent-death
/// signal), so a codestudy killed with SIGKILL leaves no git writing into
/// the cache after its repository lock is released; elsewhere the lock
/// and the start-up sweep are what there is.
fn die_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: between fork and exec only async-signal-safe calls are
        // made (prctl, getppid, _exit); nothing allocates or locks.
        let parent = std::process::id() as libc::pid_t;
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // The parent died before the signal was asked for.
                if libc::getppid() != parent {
                    libc::_exit(1);
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// What a finished git command left.
#[derive(Debug, Clone, Default)]
pub struct Ran {
    pub stdout: Vec<u8>,
    /// Its stderr lines that were not progress, sanitized (the last 20).
    pub messages: Vec<String>,
}

impl Ran {
    /// Whether git said the server ignored the object filter.
    pub fn filter_ignored(&self) -> bool {
        self.messages.iter().any(|m| {
            m.to_ascii_lowercase()
                .contains("filtering not recognized by server")
        })
    }
}

/// The network side of a git run: for limits and for errors.
#[derive(Debug, Clone)]
pub struct NetContext<'a> {
    pub url: &'a str,
    pub limits: NetLimits,
    /// The depth asked for, for a server that refuses shallow fetches.
    pub depth: Option<u32>,
    /// For a full disk: the cache directory.
    pub cache_root: &'a Path,
    /// What the run does, for errors ("clone", "fetch").
    pub action: &'static str,
}

/// Reads git's stderr as it comes: progress, limits, complaints.
struct Watch<'a> {
    net: &'a NetContext<'a>,
    started: Instant,
    last_activity: Instant,
    /// A line from the server (or a transfer counter) was seen.
    connected: bool,
    progress: Progress,
    last_sent: Option<(Instant, Phase)>,
    stderr_bytes: u64,
    messages: Vec<String>,
}

impl<'a> Watch<'a> {
    fn new(net: &'a NetContext<'a>) -> Watch<'a> {
        let now = Instant::now();
        Watch {
            net,
            started: now,
            last_activity: now,
            connected: false,
            progress: Progress::default(),
            last_sent: None,
            stderr_bytes: 0,
            messages: Vec::new(),
        }
    }

    fn host(&self) -> String {
        host_of(self.net.url)
    }

    /// One stderr line; `Some` stops the run.
    fn line(&mut self, raw: &[u8], on_progress: &dyn Fn(&Progress)) -> Option<RepoError> {
        self.stderr_bytes += raw.len() as u64 + 1;
        if self.stderr_bytes > self.net.limits.max_progress {
            return Some(RepoError::TooMuch {
                host: self.host(),
                what: format!(
                    "more than {} of progress messages",
                    super::net::mib(self.net.limits.max_progress)
                ),
            });
        }
        let text = String::from_utf8_lossy(raw);
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        if text.starts_with("Cloning into") {
            return None;
        }
        self.connected = true;
        self.last_activity = Instant::now();
        let before = self.progress.clone();
        if !apply_progress(&mut self.progress, text) {
            self.messages.push(crate::text::truncate(
                &crate::sanitize::sanitize_line(text),
                200,
            ));
            if self.messages.len() > 20 {
                self.messages.remove(0);
            }
            return None;
        }
        let limits = &self.net.limits;
        if self.progress.total_objects as u64 > limits.max_objects {
            return Some(RepoError::TooMuch {
                host: self.host(),
                what: format!(
                    "a pack of {} objects, more than the {} accepted",
                    self.progress.total_objects, limits.max_objects
                ),
            });
        }
        if self.progress.received_bytes as u64 > limits.max_total {
            return Some(RepoError::TooMuch {
                host: self.host(),
                what: format!("more than {} in all", super::net::mib(limits.max_total)),
            });
        }
        let due = match self.last_sent {
            None => true,
            Some((at, phase)) => {
                phase != self.progress.phase || at.elapsed() >= Duration::from_millis(50)
            }
        };
        if due && self.progress != before {
            self.last_sent = Some((Instant::now(), self.progress.phase));
            on_progress(&self.progress);
        }
        None
    }

    fn timed_out(&self) -> Option<RepoError> {
        let limits = &self.net.limits;
        if !self.connected {
            // git says nothing until the server does: a connection never
            // made and a server that never answers look the same here.
            if self.started.elapsed() > limits.connect_timeout {
                return Some(RepoError::NoAnswer {
                    host: self.host(),
                    secs: limits.connect_timeout.as_secs(),
                });
            }
        } else if self.last_activity.elapsed() > limits.idle_timeout {
            return Some(RepoError::Stalled {
                host: self.host(),
                secs: limits.idle_timeout.as_secs(),
            });
        }
        None
    }

    /// Why git failed, from what it said.
    fn failure(&self, code: Option<i32>) -> RepoError {
        let said = self.messages.join(" / ");
        if let Some(e) = classify_message(&said, self.net.url, self.net.depth, self.net.cache_root)
        {
            return e;
        }
        let lower = said.to_ascii_lowercase();
        // The server's own error lines, in its words (git's "remote: "
        // taken off); its closing "aborting …" only when it said nothing
        // else.
        let remote = |starts: &[&str]| -> Vec<&str> {
            self.messages
                .iter()
                .filter_map(|m| m.strip_prefix("remote: "))
                .filter(|m| {
                    let l = m.to_ascii_lowercase();
                    starts.iter().any(|s| l.starts_with(s))
                })
                .map(|m| m.trim_end_matches('.'))
                .collect()
        };
        let mut complaints = remote(&["fatal:", "error:"]);
        if complaints.is_empty() {
            complaints = remote(&["aborting"]);
        }
        if !complaints.is_empty() {
            return RepoError::ServerFailed {
                host: self.host(),
                message: complaints.join(" / "),
            };
        }
        if lower.contains("early eof")
            || lower.contains("hung up unexpectedly")
            || lower.contains("unexpected disconnect")
            || lower.contains("connection reset")
            || lower.contains("invalid index-pack output")
        {
            return RepoError::Interrupted {
                host: self.host(),
                detail: crate::text::truncate(&said, 200),
            };
        }
        if lower.contains("could not read username")
            || lower.contains("terminal prompts disabled")
            || lower.contains("authentication failed")
        {
            return RepoError::AuthRequired {
                url: self.net.url.to_string(),
            };
        }
        RepoError::Git {
            context: format!("git {} of {} failed", self.net.action, self.net.url),
            message: if said.is_empty() {
                format!(
                    "it exited with status {}",
                    code.map_or("?".into(), |c| c.to_string())
                )
            } else {
                crate::text::truncate(&said, 400)
            },
        }
    }
}

/// Fold one of git's progress lines into `p`; false when the line is
/// not progress.
fn apply_progress(p: &mut Progress, line: &str) -> bool {
    if let Some(server) = line.strip_prefix("remote: ") {
        let lower = server.to_ascii_lowercase();
        if lower.starts_with("fatal:") || lower.starts_with("error:") || lower.contains("aborting")
        {
            return false;
        }
        // The server's counters while it prepares the pack.
        if p.phase <= Phase::Preparing {
            p.phase = Phase::Preparing;
            p.server_message = Some(crate::text::truncate(
                &crate::sanitize::sanitize_line(server.trim()),
                60,
            ));
        }
        return true;
    }
    if let Some(rest) = line.strip_prefix("Receiving objects:") {
        let Some((done, total)) = counts(rest) else {
            return false;
        };
        p.phase = Phase::Receiving;
        p.server_message = None;
        p.received_objects = done;
        p.total_objects = total;
        p.indexed_objects = done;
        if let Some(bytes) = received_bytes(rest) {
            p.received_bytes = bytes;
        }
        return true;
    }
    if let Some(rest) = line.strip_prefix("Resolving deltas:") {
        let Some((done, total)) = counts(rest) else {
            return false;
        };
        p.phase = Phase::Resolving;
        p.server_message = None;
        p.received_objects = p.total_objects;
        p.indexed_deltas = done;
        p.total_deltas = total;
        return true;
    }
    line.starts_with("Checking connectivity")
        || line.starts_with("Checking objects")
        || line.starts_with("Unpacking objects")
}

/// `(done/total)` in a progress line.
fn counts(rest: &str) -> Option<(usize, usize)> {
    let open = rest.find('(')?;
    let close = open + rest[open..].find(')')?;
    let (done, total) = rest[open + 1..close].split_once('/')?;
    Some((done.trim().parse().ok()?, total.trim().parse().ok()?))
}

/// The size in "…, 1.20 MiB | 800.00 KiB/s".
fn received_bytes(rest: &str) -> Option<usize> {
    let after = rest.split_once("), ")?.1;
    let size = after.split(['|', ',']).next()?.trim();
    let (number, unit) = size.split_once(' ')?;
    let number: f64 = number.parse().ok()?;
    let scale = match unit.trim() {
        "bytes" | "byte" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((number * scale) as usize)
}

fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let rest = text.trim().strip_prefix("git version ")?;
    let mut parts = rest
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<u32>().ok());
    let major = parts.next()??;
    let minor = parts.next()??;
    let patch = parts.next().flatten().unwrap_or(0);
    Some((major, minor, patch))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Whether the git command can fetch from `url`: a network or `file://`
/// URL. A local path is cloned by libgit2 (git would ignore the depth and
/// the filter of a local clone).
pub fn url_suits_cli(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["git://", "http://", "https://", "file://"]
        .iter()
        .any(|s| lower.starts_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("git version 2.47.3\n"), Some((2, 47, 3)));
        assert_eq!(
            parse_version("git version 2.39.2 (Apple Git-143)"),
            Some((2, 39, 2))
        );
        assert_eq!(parse_version("git version 2.25"), Some((2, 25, 0)));
        assert_eq!(parse_version("hg version 6"), None);
    }

    #[test]
    fn progress_lines_fill_the_gauge() {
        let mut p = Progress::default();
        assert!(apply_progress(
            &mut p,
            "remote: Counting objects:  33% (1/3)"
        ));
        assert_eq!(p.phase, Phase::Preparing);
        assert_eq!(
            p.server_message.as_deref(),
            Some("Counting objects:  33% (1/3)")
        );
        assert!(apply_progress(
            &mut p,
            "Receiving objects:  45% (405/900), 1.50 MiB | 1.00 MiB/s"
        ));
        assert_eq!(
            (
                p.phase,
                p.received_objects,
                p.total_objects,
                p.received_bytes
            ),
            (Phase::Receiving, 405, 900, 1024 * 1024 * 3 / 2)
        );
        // A server line after the pack started does not move the phase back.
        assert!(apply_progress(&mut p, "remote: Total 900 (delta 10)"));
        assert_eq!(p.phase, Phase::Receiving);
        assert!(apply_progress(&mut p, "Resolving deltas:  10% (1/10)"));
        assert_eq!(
            (p.phase, p.indexed_deltas, p.total_deltas),
            (Phase::Resolving, 1, 10)
        );
        assert!((p.fraction() - 0.91).abs() < 1e-9);
        assert!(!apply_progress(&mut p, "fatal: early EOF"));
        assert!(!apply_progress(&mut p, "remote: fatal: the disk broke"));
        assert!(!apply_progress(&mut p, "Receiving objects: (garbage"));
    }

    #[test]
    fn server_text_is_sanitized() {
        let mut p = Progress::default();
        assert!(apply_progress(&mut p, "remote: \x1b[2Jwiped\x07 Counting"));
        let shown = p.server_message.unwrap();
        assert!(
            !shown.contains('\x1b') && !shown.contains('\x07'),
            "{shown:?}"
        );
    }

    #[test]
    fn only_remote_urls_go_to_the_git_command() {
        assert!(url_suits_cli("git://127.0.0.1:9418/a/b.git"));
        assert!(url_suits_cli("https://github.com/pallets/flask.git"));
        assert!(url_suits_cli("file:///srv/a.git"));
        assert!(!url_suits_cli("/srv/a.git"));
        assert!(!url_suits_cli("-uhoh"));
    }
}
