//! Cloning into the cache, updating and deepening, with progress and
//! cancellation.
//!
//! With the git command on `PATH` (see [`Engine`]), a new clone is a
//! blobless partial clone made by `git clone --filter=blob:none` (the tree
//! first, files on demand, see `lazy`), and updates and deepening are
//! `git fetch`: git's own speed. Otherwise libgit2 does it all:
//!
//! One connection per fetch: the ref advertisement gives the remote's
//! default branch, and the download on the same connection asks for that
//! branch alone (`+refs/heads/B:refs/heads/B`), with no tags. libgit2
//! fetches every branch of a depth clone unless told so, which measured 5x
//! slower than `git clone --depth 1`.

use std::cell::Cell;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use git2::{
    AutotagOption, Direction, FetchOptions, Oid, RemoteCallbacks, RemoteUpdateFlags, Repository,
};

use super::cache::Cache;
use super::depth::{Depth, record_depth, recorded_depth};
use super::error::{RepoError, Result, classify_network_error, host_of};
use super::git_cli::{Engine, GitCli, NetContext, url_suits_cli};
use super::lazy::{Blobs, is_lazy, not_a_promisor, record_blobs};
use super::mirror::{Mirror, fetch_url};
use super::net::{NetFailure, NetLimits, Session, Shared};
use crate::catalog::Repo;

#[derive(Debug, Clone)]
pub struct CloneRequest {
    pub owner: String,
    pub name: String,
    pub url: String,
    /// `None`: depth 1 for a new clone; an existing clone keeps its depth.
    /// Deeper than the existing clone: deepen it.
    pub depth: Option<Depth>,
}

impl CloneRequest {
    /// Clone (or update) a catalog repository from its URL, or from the
    /// mirror when one is given.
    pub fn for_repo(repo: &Repo, mirror: Option<&Mirror>, depth: Option<Depth>) -> CloneRequest {
        CloneRequest {
            owner: repo.owner.clone(),
            name: repo.name.clone(),
            url: fetch_url(repo, mirror),
            depth,
        }
    }

    pub fn id(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Phase {
    /// Another process holds this repository's lock.
    Waiting,
    #[default]
    Connecting,
    /// Connected; the server is counting and compressing objects.
    Preparing,
    /// Objects arriving.
    Receiving,
    /// Deltas being resolved into the index.
    Resolving,
    /// Checking the new clone before it is used.
    Verifying,
}

/// A progress report; received, total and indexed counts are objects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Progress {
    /// While preparing: the server's own last progress line, sanitized
    /// (e.g. "Compressing objects:  45% (405/900)").
    pub server_message: Option<String>,
    pub phase: Phase,
    pub received_objects: usize,
    pub total_objects: usize,
    pub indexed_objects: usize,
    pub indexed_deltas: usize,
    pub total_deltas: usize,
    pub received_bytes: usize,
}

impl Progress {
    /// 0.0 to 1.0 over receiving (90%) and resolving (10%).
    pub fn fraction(&self) -> f64 {
        let recv = if self.total_objects == 0 {
            0.0
        } else {
            self.received_objects as f64 / self.total_objects as f64
        };
        let resolve = if self.total_deltas == 0 {
            if self.phase == Phase::Verifying {
                1.0
            } else {
                0.0
            }
        } else {
            self.indexed_deltas as f64 / self.total_deltas as f64
        };
        match self.phase {
            Phase::Waiting | Phase::Connecting | Phase::Preparing => 0.0,
            Phase::Receiving => 0.9 * recv,
            Phase::Resolving => 0.9 + 0.1 * resolve,
            Phase::Verifying => 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CloneOutcome {
    /// A new clone. `repaired`: a damaged clone was moved there first.
    Cloned {
        head: Oid,
        depth: Depth,
        repaired: Option<std::path::PathBuf>,
        /// Lazy, or why every file was fetched.
        blobs: Blobs,
    },
    /// Fetched; HEAD moved.
    Updated { old: Oid, new: Oid, depth: Depth },
    /// Fetched; HEAD did not move.
    UpToDate { head: Oid, depth: Depth },
    /// More history fetched.
    Deepened { head: Oid, from: Depth, to: Depth },
}

/// How often progress is reported at most, besides phase changes.
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Clone `req` into the cache, or update (or deepen) the existing clone.
/// A damaged existing clone is moved aside and cloned again, once. The
/// network limits are the defaults, with the timeouts of
/// `CODESTUDY_NET_TIMEOUT_SECS` when it is set; the engine is
/// [`Engine::from_env`]'s.
pub fn clone_or_update(
    cache: &Cache,
    req: &CloneRequest,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<CloneOutcome> {
    let limits = NetLimits::from_env().map_err(RepoError::BadSetting)?;
    let engine = Engine::from_env()?;
    clone_or_update_with(cache, req, &limits, &engine, on_progress, cancel)
}

/// [`clone_or_update`] within the given network limits, with the given
/// engine.
pub fn clone_or_update_with(
    cache: &Cache,
    req: &CloneRequest,
    limits: &NetLimits,
    engine: &Engine,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<CloneOutcome> {
    let lock = cache.lock(&req.owner, &req.name, || {
        on_progress(&Progress {
            phase: Phase::Waiting,
            ..Progress::default()
        })
    })?;
    cache.remove_temporaries(&req.owner, &req.name, &lock)?;
    let dir = cache.repo_dir(&req.owner, &req.name);
    let mut repaired = None;
    if dir.exists() {
        match open_verified(&dir) {
            Ok(repo) => return update(cache, &repo, req, limits, engine, on_progress, cancel),
            Err(_) => repaired = Some(cache.quarantine(&req.owner, &req.name, &lock)?),
        }
    }
    let temp = cache.temp_dir(&req.owner, &req.name, &lock);
    let depth = req.depth.unwrap_or(Depth::Commits(1));
    let result = match engine {
        Engine::Cli(git) if url_suits_cli(&req.url) => {
            clone_with_git(cache, git, &temp, req, depth, limits, on_progress, cancel)
        }
        Engine::Cli(_) => {
            clone_into(cache, &temp, req, depth, limits, on_progress, cancel).map(|head| {
                (
                    head,
                    Blobs::All {
                        why: Some("a local path is cloned whole, by libgit2".into()),
                    },
                )
            })
        }
        Engine::Libgit2 { why } => {
            clone_into(cache, &temp, req, depth, limits, on_progress, cancel).map(|head| {
                (
                    head,
                    Blobs::All {
                        why: Some(why.clone()),
                    },
                )
            })
        }
    };
    let result = result.and_then(|(head, blobs)| {
        let repo = Repository::open_bare(&temp)
            .map_err(|e| io_or_git(&e, &temp, "could not open the new clone in"))?;
        record_blobs(&repo, &blobs)
            .map_err(|e| io_or_git(&e, &temp, "could not write the config of"))?;
        Ok((head, blobs))
    });
    match result {
        Ok((head, blobs)) => {
            cache.install(&temp, &req.owner, &req.name, &lock)?;
            Ok(CloneOutcome::Cloned {
                head,
                depth,
                repaired,
                blobs,
            })
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            Err(e)
        }
    }
}

fn clone_into(
    cache: &Cache,
    temp: &Path,
    req: &CloneRequest,
    depth: Depth,
    limits: &NetLimits,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<Oid> {
    // No templates: a clone holds what was fetched and nothing else, not
    // the system's sample hooks nor libgit2's own (which never runs hooks
    // anyway). An empty template path makes libgit2 copy nothing.
    let mut init = git2::RepositoryInitOptions::new();
    init.bare(true)
        .external_template(true)
        .template_path(Path::new(""))
        .mkpath(true);
    let repo = Repository::init_opts(temp, &init)
        .map_err(|e| io_or_git(&e, temp, "could not create a repository in"))?;
    let fetch_depth = match depth {
        Depth::Commits(n) => i32::try_from(n.max(1)).unwrap_or(i32::MAX),
        Depth::Full => 0,
    };
    let branch = fetch(
        cache,
        &repo,
        &req.url,
        None,
        fetch_depth,
        limits,
        on_progress,
        cancel,
    )?;
    repo.set_head(&branch)
        .map_err(|e| RepoError::git(format!("could not set HEAD of {}", req.id()), &e))?;
    record(&repo, &req.url, depth)?;
    on_progress(&Progress {
        phase: Phase::Verifying,
        ..Progress::default()
    });
    verify(&repo).map_err(|detail| RepoError::Corrupt {
        path: temp.to_path_buf(),
        detail,
    })
}

/// A blobless clone by the git command: bare, one branch, no tags, the
/// depth asked for, no file contents (`--filter=blob:none`). A server that
/// does not allow filters sends every blob instead (git says so): the
/// clone is then an ordinary one, and says why.
#[allow(clippy::too_many_arguments)]
fn clone_with_git(
    cache: &Cache,
    git: &GitCli,
    temp: &Path,
    req: &CloneRequest,
    depth: Depth,
    limits: &NetLimits,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<(Oid, Blobs)> {
    on_progress(&Progress::default());
    let depth_arg = match depth {
        Depth::Commits(n) => Some(n.max(1)),
        Depth::Full => None,
    };
    let mut args: Vec<std::ffi::OsString> = [
        "clone",
        "--bare",
        "--progress",
        "--single-branch",
        "--no-tags",
        "--filter=blob:none",
        // No templates: no sample hooks, nothing but what was fetched.
        "--template=",
    ]
    .iter()
    .map(Into::into)
    .collect();
    if let Some(n) = depth_arg {
        args.push(format!("--depth={n}").into());
    }
    args.push("--".into());
    args.push(req.url.clone().into());
    args.push(temp.as_os_str().to_owned());
    let net = NetContext {
        url: &req.url,
        limits: *limits,
        depth: depth_arg,
        cache_root: cache.root(),
        action: "clone",
    };
    let ran = git.run(None, &args, None, &net, on_progress, cancel)?;
    let repo = Repository::open_bare(temp)
        .map_err(|e| io_or_git(&e, temp, "could not open the new clone in"))?;
    match repo.head() {
        Ok(_) => {}
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            return Err(RepoError::Empty {
                url: req.url.clone(),
            });
        }
        Err(e) => {
            return Err(RepoError::git(
                format!("could not read HEAD of {}", req.id()),
                &e,
            ));
        }
    }
    let blobs = if ran.filter_ignored() {
        not_a_promisor(&repo).map_err(|e| io_or_git(&e, temp, "could not write the config of"))?;
        Blobs::All {
            why: Some(format!(
                "the server at {} does not allow filtered fetches",
                host_of(&req.url)
            )),
        }
    } else {
        Blobs::Lazy
    };
    record(&repo, &req.url, depth)?;
    on_progress(&Progress {
        phase: Phase::Verifying,
        ..Progress::default()
    });
    let head = verify(&repo).map_err(|detail| RepoError::Corrupt {
        path: temp.to_path_buf(),
        detail,
    })?;
    Ok((head, blobs))
}

/// Update or deepen with `git fetch`: from the promisor remote of a lazy
/// clone (git then fetches commits and trees only, with the clone's
/// filter), from the URL otherwise.
#[allow(clippy::too_many_arguments)]
fn fetch_with_git(
    cache: &Cache,
    git: &GitCli,
    repo: &Repository,
    url: &str,
    branch: &str,
    depth: GitDepth,
    limits: &NetLimits,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<()> {
    on_progress(&Progress::default());
    let lazy = is_lazy(repo);
    if lazy {
        // The mirror may have changed since the clone: fetch from today's.
        repo.remote_set_url("origin", url)
            .map_err(|e| io_or_git(&e, repo.path(), "could not write the config of"))?;
    }
    let mut args: Vec<std::ffi::OsString> = [
        "fetch",
        "--progress",
        "--no-tags",
        "--recurse-submodules=no",
        "--update-head-ok",
    ]
    .iter()
    .map(Into::into)
    .collect();
    let depth_number = match depth {
        GitDepth::Keep => None,
        GitDepth::Commits(n) => {
            args.push(format!("--depth={n}").into());
            Some(n)
        }
        GitDepth::Unshallow => {
            args.push("--unshallow".into());
            None
        }
    };
    if lazy {
        args.push("origin".into());
    } else {
        args.push("--".into());
        args.push(url.into());
    }
    args.push(format!("+{branch}:{branch}").into());
    let net = NetContext {
        url,
        limits: *limits,
        depth: depth_number,
        cache_root: cache.root(),
        action: "fetch",
    };
    git.run(Some(repo.path()), &args, None, &net, on_progress, cancel)?;
    Ok(())
}

/// The history a `git fetch` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GitDepth {
    /// A full clone stays full.
    Keep,
    /// N commits from the new tip.
    Commits(u32),
    /// Everything (the clone is shallow).
    Unshallow,
}

fn update(
    cache: &Cache,
    repo: &Repository,
    req: &CloneRequest,
    limits: &NetLimits,
    engine: &Engine,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<CloneOutcome> {
    let recorded = recorded_depth(repo);
    let head_ref = repo
        .head()
        .map_err(|e| RepoError::git(format!("could not read HEAD of {}", req.id()), &e))?;
    let branch = head_ref.name().unwrap_or("HEAD").to_string();
    let old = head_ref.target().ok_or_else(|| RepoError::Git {
        context: format!("could not read HEAD of {}", req.id()),
        message: "HEAD is not a direct reference".into(),
    })?;
    drop(head_ref);

    let deepen_to = req.depth.filter(|d| d.deeper_than(recorded));
    match engine {
        Engine::Cli(git) if url_suits_cli(&req.url) => {
            let depth = match deepen_to.unwrap_or(recorded) {
                Depth::Full if repo.is_shallow() => GitDepth::Unshallow,
                Depth::Full => GitDepth::Keep,
                Depth::Commits(n) => GitDepth::Commits(n.max(1)),
            };
            fetch_with_git(
                cache,
                git,
                repo,
                &req.url,
                &branch,
                depth,
                limits,
                on_progress,
                cancel,
            )?;
        }
        _ => {
            let fetch_depth = match deepen_to.unwrap_or(recorded) {
                // Deepening to the whole history: libgit2 unshallows at i32::MAX.
                Depth::Full if deepen_to.is_some() => i32::MAX,
                Depth::Full => 0,
                Depth::Commits(n) => i32::try_from(n).unwrap_or(i32::MAX),
            };
            fetch(
                cache,
                repo,
                &req.url,
                Some(&branch),
                fetch_depth,
                limits,
                on_progress,
                cancel,
            )?;
        }
    }
    let new = repo
        .refname_to_id(&branch)
        .map_err(|e| RepoError::git(format!("could not read {branch} of {}", req.id()), &e))?;
    // Deepened past the first commit: the clone has the whole history,
    // whatever depth was asked for.
    let deepen_to = deepen_to.map(|to| if repo.is_shallow() { to } else { Depth::Full });
    let depth = deepen_to.unwrap_or(recorded);
    record(repo, &req.url, depth)?;
    Ok(match deepen_to {
        Some(to) => CloneOutcome::Deepened {
            head: new,
            from: recorded,
            to,
        },
        None if new != old => CloneOutcome::Updated { old, new, depth },
        None => CloneOutcome::UpToDate { head: new, depth },
    })
}

/// Sets a flag when dropped: a watcher ends even if the fetch panics.
struct SetOnDrop<'a>(&'a AtomicBool);

impl Drop for SetOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Fetch one branch (the remote's default when `branch` is `None`) into
/// the same-named local ref, within `limits`; returns the branch's ref
/// name.
#[allow(clippy::too_many_arguments)]
fn fetch(
    cache: &Cache,
    repo: &Repository,
    url: &str,
    branch: Option<&str>,
    depth: i32,
    limits: &NetLimits,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<String> {
    let session = Session::enter(*limits, &host_of(url)).map_err(|message| RepoError::Git {
        context: format!("could not fetch {url}"),
        message,
    })?;
    let shared = session.shared().clone();
    // The network polls the session's flag, which must outlive any
    // borrow; this watcher copies the caller's flag into it.
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if cancel.load(Ordering::Relaxed) {
                    shared.cancel();
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        let _done = SetOnDrop(&done);
        fetch_in_session(
            cache,
            repo,
            url,
            branch,
            depth,
            &shared,
            on_progress,
            cancel,
        )
    })
}

/// What stopped a fetch, from the session's record first: libgit2 wraps
/// the network's errors in texts of its own.
fn fetch_error(
    e: &git2::Error,
    shared: &Shared,
    cancel: &AtomicBool,
    url: &str,
    depth: i32,
    cache: &Cache,
) -> RepoError {
    if cancel.load(Ordering::Relaxed) {
        return RepoError::Cancelled;
    }
    match shared.failure() {
        Some(NetFailure::Cancelled) => RepoError::Cancelled,
        Some(NetFailure::ConnectTimeout { host, secs }) => RepoError::Unreachable {
            host,
            detail: format!("no connection within {secs} s"),
        },
        Some(NetFailure::Stalled { host, secs }) => RepoError::Stalled { host, secs },
        Some(NetFailure::TooMuch { host, what }) => RepoError::TooMuch { host, what },
        None => {
            let d = (depth > 0 && depth < i32::MAX).then_some(depth as u32);
            classify_network_error(e, url, d, cache.root())
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn fetch_in_session(
    cache: &Cache,
    repo: &Repository,
    url: &str,
    branch: Option<&str>,
    depth: i32,
    shared: &Shared,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<String> {
    let classify = |e: &git2::Error| fetch_error(e, shared, cancel, url, depth, cache);
    on_progress(&Progress::default());
    let mut remote = repo.remote_anonymous(url).map_err(|e| classify(&e))?;
    // No credentials callback: libgit2 then sends none, and a server that
    // asks for them fails the fetch instead.
    let mut conn = remote
        .connect_auth(Direction::Fetch, Some(RemoteCallbacks::new()), None)
        .map_err(|e| classify(&e))?;
    let branch = match branch {
        Some(b) => b.to_string(),
        None => {
            let buf = conn.default_branch().map_err(|e| {
                if e.code() == git2::ErrorCode::NotFound {
                    RepoError::Empty {
                        url: url.to_string(),
                    }
                } else {
                    classify(&e)
                }
            })?;
            let name = buf.as_str().unwrap_or_default().to_string();
            // The name comes from the server: a valid branch name, or no
            // clone (a glob or a ':' would make a different refspec).
            if !name.starts_with("refs/heads/")
                || !git2::Reference::is_valid_name(&name)
                || name.contains(['*', ':'])
            {
                return Err(RepoError::Git {
                    context: format!("could not clone {url}"),
                    message: format!("the server's default branch {name:?} is not a branch"),
                });
            }
            name
        }
    };
    if cancel.load(Ordering::Relaxed) {
        return Err(RepoError::Cancelled);
    }

    on_progress(&Progress {
        phase: Phase::Preparing,
        ..Progress::default()
    });
    let last_sent = Cell::new(None::<(Instant, Phase)>);
    let receiving = Cell::new(false);
    // The server's last complaints (`error:`/`fatal:` lines of its
    // progress channel), kept to say why a transfer broke off.
    let complaints: std::cell::RefCell<Vec<String>> = std::cell::RefCell::new(Vec::new());
    let mut callbacks = RemoteCallbacks::new();
    // What the server says while it prepares the pack. It is text from a
    // stranger: only the last line, sanitized and cut short, is kept.
    callbacks.sideband_progress(|bytes| {
        if shared.progress_text(bytes.len()).is_err() {
            return false;
        }
        note_complaints(&complaints, bytes);
        if receiving.get() {
            return !cancel.load(Ordering::Relaxed);
        }
        let text = String::from_utf8_lossy(bytes);
        let last = text
            .split(['\r', '\n'])
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("");
        let due = last_sent
            .get()
            .is_none_or(|(at, _)| at.elapsed() >= PROGRESS_INTERVAL);
        if !last.is_empty() && due {
            last_sent.set(Some((Instant::now(), Phase::Preparing)));
            let message = crate::text::truncate(&crate::sanitize::sanitize_line(last), 60);
            on_progress(&Progress {
                phase: Phase::Preparing,
                server_message: Some(message),
                ..Progress::default()
            });
        }
        !cancel.load(Ordering::Relaxed)
    });
    let pack_started = Cell::new(false);
    callbacks.transfer_progress(|stats| {
        receiving.set(true);
        // The pack's header is read: what it announces is checked once,
        // and the limit on what comes before a pack no longer applies.
        if stats.total_objects() > 0 && !pack_started.get() {
            pack_started.set(true);
            if shared.pack_started(stats.total_objects() as u64).is_err() {
                return false;
            }
        }
        let received_all = stats.received_objects() == stats.total_objects();
        let p = Progress {
            phase: if received_all && stats.total_objects() > 0 {
                Phase::Resolving
            } else {
                Phase::Receiving
            },
            received_objects: stats.received_objects(),
            total_objects: stats.total_objects(),
            indexed_objects: stats.indexed_objects(),
            indexed_deltas: stats.indexed_deltas(),
            total_deltas: stats.total_deltas(),
            received_bytes: stats.received_bytes(),
            server_message: None,
        };
        let due = match last_sent.get() {
            None => true,
            Some((at, phase)) => phase != p.phase || at.elapsed() >= PROGRESS_INTERVAL,
        };
        if due {
            last_sent.set(Some((Instant::now(), p.phase)));
            on_progress(&p);
        }
        !cancel.load(Ordering::Relaxed)
    });
    let mut options = FetchOptions::new();
    options
        .remote_callbacks(callbacks)
        .download_tags(AutotagOption::None)
        .update_fetchhead(false)
        .depth(depth);
    let refspec = format!("+{branch}:{branch}");
    conn.remote()
        .download(&[refspec.as_str()], Some(&mut options))
        .map_err(|e| match classify(&e) {
            // The server said why it stopped: its failure, in its words.
            RepoError::Unreachable { host, .. } | RepoError::Interrupted { host, .. }
                if !complaints.borrow().is_empty() =>
            {
                RepoError::ServerFailed {
                    host,
                    message: complaints.borrow().join(" / "),
                }
            }
            // Connected, then cut off: not a host that cannot be reached.
            RepoError::Unreachable { host, detail } => RepoError::Interrupted { host, detail },
            other => other,
        })?;
    drop(options);
    if cancel.load(Ordering::Relaxed) {
        return Err(RepoError::Cancelled);
    }
    conn.remote()
        .update_tips(
            None,
            RemoteUpdateFlags::empty(),
            AutotagOption::None,
            Some("codestudy: fetch"),
        )
        .map_err(|e| classify(&e))?;
    Ok(branch)
}

/// Keep the server's `error:`/`fatal:` lines from progress text: the
/// last three, sanitized and cut short (text from a stranger).
fn note_complaints(kept: &std::cell::RefCell<Vec<String>>, bytes: &[u8]) {
    // Progress text is mostly counters: look only where a complaint can be.
    if !bytes
        .windows(6)
        .any(|w| w.eq_ignore_ascii_case(b"fatal:") || w.eq_ignore_ascii_case(b"error:"))
        && !bytes
            .windows(8)
            .any(|w| w.eq_ignore_ascii_case(b"aborting"))
    {
        return;
    }
    let text = String::from_utf8_lossy(bytes);
    let mut kept = kept.borrow_mut();
    for line in text.split(['\r', '\n']).map(str::trim) {
        let lower = line.to_ascii_lowercase();
        let lower = lower.strip_prefix("remote: ").unwrap_or(&lower);
        if lower.starts_with("fatal:") || lower.starts_with("error:") || lower.contains("aborting")
        {
            kept.push(crate::text::truncate(
                &crate::sanitize::sanitize_line(line),
                160,
            ));
            if kept.len() > 3 {
                kept.remove(0);
            }
        }
    }
}

fn record(repo: &Repository, url: &str, depth: Depth) -> Result<()> {
    let write = || -> std::result::Result<(), git2::Error> {
        let mut config = repo.config()?;
        record_depth(&mut config, depth)?;
        config.set_str("codestudy.url", url)?;
        Ok(())
    };
    write().map_err(|e| io_or_git(&e, repo.path(), "could not write the config of"))
}

fn io_or_git(e: &git2::Error, path: &Path, context: &str) -> RepoError {
    if e.message().to_ascii_lowercase().contains("no space left") {
        return RepoError::DiskFull {
            path: path.to_path_buf(),
        };
    }
    RepoError::git(format!("{context} {}", path.display()), e)
}

/// Open a cached clone and check it is whole; used before every update.
pub fn open_verified(dir: &Path) -> std::result::Result<Repository, String> {
    let repo = Repository::open_bare(dir).map_err(|e| e.message().to_string())?;
    verify(&repo)?;
    Ok(repo)
}

/// A clone is whole when HEAD resolves to a commit, every tree under it
/// reads, and every blob it names is in the object database (a lazy
/// clone's blobs are fetched when read: only its trees must be here).
/// Truncated packs fail the first read (libgit2 checks the pack against
/// its index).
pub fn verify(repo: &Repository) -> std::result::Result<Oid, String> {
    let lazy = is_lazy(repo);
    let head = repo.head().map_err(|e| format!("HEAD: {}", e.message()))?;
    let commit = head
        .peel_to_commit()
        .map_err(|e| format!("HEAD commit: {}", e.message()))?;
    let tree = commit
        .tree()
        .map_err(|e| format!("tree of {}: {}", commit.id(), e.message()))?;
    let odb = repo.odb().map_err(|e| e.message().to_string())?;
    let mut missing = None;
    super::read::walk_tree(repo, tree.id(), |path, entry| {
        if !lazy && entry.kind() == Some(git2::ObjectType::Blob) && !odb.exists(entry.id()) {
            missing = Some(format!(
                "{} ({})",
                String::from_utf8_lossy(&path),
                entry.id()
            ));
            return false;
        }
        true
    })
    .map_err(|e| format!("tree walk: {}", e.message()))?;
    if let Some(m) = missing {
        return Err(format!("missing object {m}"));
    }
    Ok(commit.id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_fraction() {
        let mut p = Progress {
            phase: Phase::Receiving,
            received_objects: 50,
            total_objects: 100,
            ..Progress::default()
        };
        assert!((p.fraction() - 0.45).abs() < 1e-9);
        p.phase = Phase::Resolving;
        p.total_deltas = 10;
        p.indexed_deltas = 5;
        assert!((p.fraction() - 0.95).abs() < 1e-9);
    }
}

/// What a background clone reports on its channel.
#[derive(Debug)]
pub enum CloneEvent {
    Progress {
        id: String,
        progress: Progress,
    },
    Finished {
        id: String,
        result: Result<CloneOutcome>,
    },
}

/// Run [`clone_or_update`] on its own thread, reporting progress and the
/// result as [`CloneEvent`]s on `events`; setting `cancel` stops it. The
/// last event of every clone is `Finished`. The channel may carry any type
/// a `CloneEvent` converts into, so that a runtime's one event channel can
/// take them.
pub fn spawn_clone<E: From<CloneEvent> + Send + 'static>(
    cache: Cache,
    req: CloneRequest,
    events: std::sync::mpsc::Sender<E>,
    cancel: std::sync::Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name(format!("clone {}", req.id()))
        .spawn(move || {
            let id = req.id();
            let on_progress = |p: &Progress| {
                let _ = events.send(E::from(CloneEvent::Progress {
                    id: id.clone(),
                    progress: p.clone(),
                }));
            };
            let result = clone_or_update(&cache, &req, &on_progress, &cancel);
            let _ = events.send(E::from(CloneEvent::Finished { id, result }));
        })
}
