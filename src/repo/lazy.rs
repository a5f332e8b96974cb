//! Lazy clones: a blobless partial clone made by the git command holds
//! every commit and tree it was asked for and no file contents; blobs are
//! fetched from the promisor remote (`origin`) when they are needed, in
//! batches.
//!
//! libgit2 reads such a clone as it is (a missing blob is `NotFound`);
//! fetching is the git command's (`git fetch --stdin` of the ids, the
//! request git itself makes for a lazy object).

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::Duration;

use git2::{Oid, Repository};

use super::clone::Progress;
use super::error::{RepoError, Result};
use super::git_cli::{GitCli, NetContext};
use super::net::NetLimits;

/// Where a clone's file contents are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Blobs {
    /// A blobless clone: files are fetched when read.
    Lazy,
    /// Every file of the clone's commits is here; `why` says why the
    /// clone is not lazy, when it could have been.
    All { why: Option<String> },
}

impl Blobs {
    pub fn is_lazy(&self) -> bool {
        matches!(self, Blobs::Lazy)
    }

    /// One line for the details pane and `clone`'s report.
    pub fn describe(&self) -> String {
        match self {
            Blobs::Lazy => "lazy clone: the tree is here, files are fetched when read".into(),
            Blobs::All { why: None } => "every file is here".into(),
            Blobs::All { why: Some(why) } => format!("every file is here (not lazy: {why})"),
        }
    }
}

const BLOBS_KEY: &str = "codestudy.blobs";
const WHY_KEY: &str = "codestudy.notlazy";

/// Record how a clone holds its blobs.
pub(super) fn record_blobs(
    repo: &Repository,
    blobs: &Blobs,
) -> std::result::Result<(), git2::Error> {
    let mut config = repo.config()?;
    match blobs {
        Blobs::Lazy => {
            config.set_str(BLOBS_KEY, "lazy")?;
            let _ = config.remove(WHY_KEY);
        }
        Blobs::All { why } => {
            config.set_str(BLOBS_KEY, "all")?;
            match why {
                Some(why) => config.set_str(WHY_KEY, why)?,
                None => {
                    let _ = config.remove(WHY_KEY);
                }
            }
        }
    }
    Ok(())
}

/// Whether a clone is a partial clone: git's own record, its promisor
/// remote.
pub fn is_lazy(repo: &Repository) -> bool {
    repo.config()
        .and_then(|mut c| c.snapshot())
        .and_then(|c| c.get_bool("remote.origin.promisor"))
        .unwrap_or(false)
}

/// How a clone holds its blobs, as recorded (clones made before lazy
/// clones existed hold every blob).
pub fn blobs_of(repo: &Repository) -> Blobs {
    if is_lazy(repo) {
        return Blobs::Lazy;
    }
    let why = repo
        .config()
        .and_then(|mut c| c.snapshot())
        .and_then(|c| c.get_string(WHY_KEY))
        .ok();
    Blobs::All { why }
}

/// Make a clone whose server ignored the filter an ordinary clone: it
/// has every blob, and git must never ask a promisor for one.
pub(super) fn not_a_promisor(repo: &Repository) -> std::result::Result<(), git2::Error> {
    let mut config = repo.config()?;
    for key in ["remote.origin.promisor", "remote.origin.partialclonefilter"] {
        match config.remove(key) {
            Ok(()) => {}
            Err(e) if e.code() == git2::ErrorCode::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The ids of `ids` that are not in the object database.
pub fn missing(repo: &Repository, ids: impl IntoIterator<Item = Oid>) -> Vec<Oid> {
    let Ok(odb) = repo.odb() else {
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    ids.into_iter()
        .filter(|id| seen.insert(*id) && !odb.exists(*id))
        .collect()
}

/// How many ids one `git fetch` asks for: small enough that a cancel or
/// a failure loses little, large enough that round trips do not matter.
const BATCH: usize = 4000;

/// The blobs being fetched by this process, by clone: a pass that wants
/// one of them waits for its fetch instead of fetching it again (the
/// background prefetch, the symbol index and the grep each want most of
/// a repository's files at once).
struct InFlight {
    ids: Mutex<HashSet<(PathBuf, Oid)>>,
    done: Condvar,
}

fn in_flight() -> &'static InFlight {
    static IN_FLIGHT: OnceLock<InFlight> = OnceLock::new();
    IN_FLIGHT.get_or_init(|| InFlight {
        ids: Mutex::new(HashSet::new()),
        done: Condvar::new(),
    })
}

/// Takes `ids` of `dir` off the in-flight set when their fetch ends,
/// however it ends, and wakes whoever waits for them.
struct Flying<'a> {
    dir: &'a Path,
    ids: Vec<Oid>,
}

impl Drop for Flying<'_> {
    fn drop(&mut self) {
        let flight = in_flight();
        let mut set = flight.ids.lock().unwrap_or_else(|p| p.into_inner());
        for id in &self.ids {
            set.remove(&(self.dir.to_path_buf(), *id));
        }
        flight.done.notify_all();
    }
}

/// Fetch the blobs `ids` of the lazy clone at `dir` from its promisor
/// remote, in batches of [`BATCH`]; `on_batch(done, total)` after each.
/// Blobs another pass of this process is fetching are waited for, not
/// fetched twice; blobs that arrived meanwhile are skipped. Returns how
/// many were asked for.
pub fn fetch_blobs(
    dir: &Path,
    ids: &[Oid],
    on_progress: &dyn Fn(&Progress),
    on_batch: &dyn Fn(usize, usize),
    cancel: &AtomicBool,
) -> Result<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    enum Event {
        Progress(Progress),
        Batch(usize),
        Theirs(Vec<Oid>),
        Failed(RepoError),
    }
    let batches: Vec<&[Oid]> = ids.chunks(BATCH).collect();
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel::<Event>();
    let (mut done, mut theirs, mut failure) = (0, Vec::new(), None);
    std::thread::scope(|scope| {
        let (batches, next, stop) = (&batches, &next, &stop);
        for _ in 0..FETCHERS.min(batches.len()) {
            let tx = tx.clone();
            scope.spawn(move || {
                let fetched = (|| -> Result<()> {
                    let unopened = |e: git2::Error| RepoError::NotFetched {
                        what: format!("{} files", ids.len()),
                        detail: format!(
                            "the clone at {} cannot be opened ({})",
                            dir.display(),
                            e.message()
                        ),
                    };
                    let repo = Repository::open_bare(dir).map_err(unopened)?;
                    let odb = repo.odb().map_err(unopened)?;
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(batch) = batches.get(i) else {
                            return Ok(());
                        };
                        if stop.load(Ordering::Relaxed) {
                            return Err(RepoError::Cancelled);
                        }
                        let (mine, others) = claim(dir, &odb, batch);
                        let _ = tx.send(Event::Theirs(others));
                        fetch_now(
                            dir,
                            &mine.ids,
                            &|p| {
                                let _ = tx.send(Event::Progress(p.clone()));
                            },
                            stop,
                        )?;
                        drop(mine);
                        let _ = tx.send(Event::Batch(batch.len()));
                    }
                })();
                if let Err(e) = fetched {
                    let _ = tx.send(Event::Failed(e));
                }
            });
        }
        drop(tx);
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(Event::Progress(p)) => on_progress(&p),
                Ok(Event::Batch(n)) => {
                    done += n;
                    on_batch(done, ids.len());
                }
                Ok(Event::Theirs(t)) => theirs.extend(t),
                Ok(Event::Failed(e)) => {
                    // The first failure is the one to tell; the other
                    // fetch stops with it.
                    if failure.is_none() && !matches!(e, RepoError::Cancelled) {
                        failure = Some(e);
                    }
                    stop.store(true, Ordering::Relaxed);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if cancel.load(Ordering::Relaxed) {
                        stop.store(true, Ordering::Relaxed);
                    }
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
    if cancel.load(Ordering::Relaxed) {
        return Err(RepoError::Cancelled);
    }
    if let Some(e) = failure {
        return Err(e);
    }
    // What the other passes fetch arrives with theirs.
    let flight = in_flight();
    let mut set = flight.ids.lock().unwrap_or_else(|p| p.into_inner());
    while theirs
        .iter()
        .any(|id| set.contains(&(dir.to_path_buf(), *id)))
    {
        if cancel.load(Ordering::Relaxed) {
            return Err(RepoError::Cancelled);
        }
        set = flight
            .done
            .wait_timeout(set, Duration::from_millis(100))
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
    Ok(done)
}

/// How many `git fetch`es one pass runs at once: while the server packs
/// one batch, the other's pack is arriving (one at a time left a
/// 50 Mbit/s link a third idle).
const FETCHERS: usize = 2;

/// Take the blobs of `batch` that are neither here nor being fetched by
/// another pass (they are this one's to fetch, until the guard drops);
/// the others' are returned to wait for.
fn claim<'a>(dir: &'a Path, odb: &git2::Odb<'_>, batch: &[Oid]) -> (Flying<'a>, Vec<Oid>) {
    let mut set = in_flight().ids.lock().unwrap_or_else(|p| p.into_inner());
    let (mut mine, mut theirs) = (Vec::with_capacity(batch.len()), Vec::new());
    for id in batch {
        let key = (dir.to_path_buf(), *id);
        if set.contains(&key) {
            theirs.push(*id);
        } else if !odb.exists(*id) {
            set.insert(key);
            mine.push(*id);
        }
    }
    (Flying { dir, ids: mine }, theirs)
}

/// Fetch `ids` (one `git fetch`, whoever else is fetching them: a file
/// being opened does not wait behind a batch of thousands).
pub fn fetch_now(
    dir: &Path,
    ids: &[Oid],
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let not_fetched = |detail: String| RepoError::NotFetched {
        what: if ids.len() == 1 {
            format!("blob {}", ids[0])
        } else {
            format!("{} files", ids.len())
        },
        detail,
    };
    let git = GitCli::find().map_err(|why| {
        not_fetched(format!(
            "a lazy clone fetches files with the git command, and {why}; install git, or run `codestudy clone --full-blobs` where git is installed"
        ))
    })?;
    let url = Repository::open_bare(dir)
        .and_then(|r| r.config()?.snapshot()?.get_string("remote.origin.url"))
        .map_err(|e| not_fetched(format!("its remote is unknown ({})", e.message())))?;
    let limits = NetLimits::from_env().map_err(RepoError::BadSetting)?;
    let cache_root = dir.parent().unwrap_or(dir);
    let net = NetContext {
        url: &url,
        limits,
        depth: None,
        cache_root,
        action: "fetch of files",
    };
    let args: Vec<OsString> = [
        "-c",
        "fetch.negotiationAlgorithm=noop",
        "fetch",
        "--progress",
        "--no-tags",
        "--recurse-submodules=no",
        "--filter=blob:none",
        "--stdin",
        "origin",
    ]
    .iter()
    .map(OsString::from)
    .collect();
    let _shared = super::cache::hold_shared(dir, Duration::from_secs(10));
    let mut stdin = String::with_capacity(ids.len() * 41);
    for id in ids {
        stdin.push_str(&id.to_string());
        stdin.push('\n');
    }
    git.run(
        Some(dir),
        &args,
        Some(stdin.into_bytes()),
        &net,
        on_progress,
        cancel,
    )?;
    Ok(())
}

/// Which files a background prefetch fetches after the key files: the
/// sources the symbol index, grep and code intelligence read, and the
/// text the study steps show.
pub fn worth_prefetching(path: &[u8]) -> bool {
    let name = path.rsplit(|&b| b == b'/').next().unwrap_or(path);
    let ext = name
        .iter()
        .rposition(|&b| b == b'.')
        .map(|i| &name[i + 1..])
        .unwrap_or(b"");
    const SOURCES: &[&[u8]] = &[
        b"py", b"pyi", b"pyx", b"pxd", b"pxi", b"c", b"h", b"cc", b"cpp", b"cxx", b"hpp", b"hh",
        b"cu", b"cuh", b"md", b"rst", b"txt", b"toml", b"cfg", b"ini", b"yml", b"yaml",
    ];
    SOURCES.iter().any(|s| ext.eq_ignore_ascii_case(s))
        || [&b"Makefile"[..], b"LICENSE", b"CODEOWNERS", b"noxfile.py"].contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_study_text_are_prefetched() {
        for yes in [
            &b"src/flask/app.py"[..],
            b"tensorflow/core/kernels/conv_ops.cc",
            b"aten/src/ATen/native/cuda/Loss.cu",
            b"sklearn/tree/_tree.pyx",
            b"README.rst",
            b"Makefile",
            b"typeshed/stubs/x.pyi",
        ] {
            assert!(worth_prefetching(yes), "{}", String::from_utf8_lossy(yes));
        }
        for no in [&b"docs/logo.png"[..], b"data/model.bin", b"a.py/blob.so"] {
            assert!(!worth_prefetching(no), "{}", String::from_utf8_lossy(no));
        }
    }
}
