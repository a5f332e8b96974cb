//! The work behind the explorer's effects, without any terminal: opening a
//! repository (tree, key files), loading a file (read, outline,
//! highlight), the live grep (`grep.rs`) and the code index's questions
//! (`intel.rs`). The runner (`runner.rs`) runs these on background threads;
//! the benchmarks time them directly.

pub mod grep;
pub mod intel;
pub mod runner;

pub use runner::Runner;

use crate::app::JobResult;
use crate::study::views::{Target, View};
use std::path::Path;
use std::sync::atomic::AtomicBool;

use crate::app::JobError;
use crate::app::explorer::{KeyFile, LoadedFile, RepoOverview};
use crate::catalog::Catalog;
use crate::outline::{self, Lang, highlight};
use crate::repo::{
    Cache, Content, DEFAULT_SIZE_CAP, Depth, EntryKind, PathIndex, RepoPath, Snapshot,
    resolve_key_file,
};

/// The repositories of `catalog` already in the cache, with their depth.
pub fn cloned_repos(cache: &Cache, catalog: &Catalog) -> Vec<(String, Option<Depth>)> {
    let repos: Vec<crate::catalog::Repo> = catalog.repos().cloned().collect();
    cloned_of(cache, &repos)
}

/// Which of `repos` are cloned, with their depth when recorded.
pub fn cloned_of(cache: &Cache, repos: &[crate::catalog::Repo]) -> Vec<(String, Option<Depth>)> {
    repos
        .iter()
        .filter(|r| cache.is_cloned(&r.owner, &r.name))
        .map(|r| {
            let depth = crate::repo::cached_depth(&cache.repo_dir(&r.owner, &r.name));
            (r.id.clone(), depth)
        })
        .collect()
}

/// Today, now and the home folder, read for the app (which reads neither
/// a clock nor the environment).
pub fn surroundings() -> JobResult {
    let (today, now) = crate::study::today_and_now();
    JobResult::Surroundings {
        today,
        now,
        home_dir: std::env::var("HOME").ok().filter(|h| !h.is_empty()),
    }
}

/// What the home screen's details pane says of a clone: its key files
/// resolved at HEAD, the bytes its files take.
pub fn clone_facts(dir: &Path, key_files: &[String]) -> Result<crate::app::CloneFacts, JobError> {
    let snap = Snapshot::open(dir)?;
    Ok(crate::app::CloneFacts {
        key_files: key_files_at_head(&snap, key_files)?,
        disk_bytes: disk_usage(dir),
        blobs: snap.blobs().describe(),
    })
}

/// Open an address with the desktop's opener (`open` on macOS,
/// `xdg-open` elsewhere): only `http`, `https` and `mailto` addresses,
/// passed as one argument (no shell), the opener's output discarded.
pub fn open_address(url: &str) -> Result<(), JobError> {
    let lower = url.to_ascii_lowercase();
    let allowed = ["https://", "http://", "mailto:"]
        .iter()
        .any(|p| lower.starts_with(p));
    if !allowed || url.len() > 4096 || url.chars().any(|c| c.is_control() || c == ' ') {
        return Err(JobError::Failed(format!(
            "{} is not an http(s) or mailto address",
            crate::sanitize::sanitize_line(url)
        )));
    }
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let status = std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|e| JobError::Failed(format!("{opener} could not be run ({e})")))?;
    if status.success() {
        Ok(())
    } else {
        Err(JobError::Failed(format!("{opener} failed ({status})")))
    }
}

/// Remove a repository's clone and what was computed from it (its symbol
/// and semantic indexes): the bytes freed. Refused while a clone or fetch
/// of it runs (it holds the lock).
pub fn remove_clone(
    cache: &crate::repo::Cache,
    cache_dir: &Path,
    entry: &crate::catalog::Repo,
) -> Result<u64, JobError> {
    let (owner, name) = (entry.owner.as_str(), entry.name.as_str());
    let Some(lock) = cache.try_lock(owner, name)? else {
        return Err(JobError::Failed(format!(
            "a clone or fetch of {owner}/{name} is running (here or in another codestudy): cancel it or wait, then remove"
        )));
    };
    let mut freed = cache.remove_clone(owner, name, &lock)?;
    for derived in [
        outline::index::cache_path(cache_dir, owner, name),
        crate::intel::store::cache_path(cache_dir, owner, name),
    ] {
        if let Ok(meta) = derived.symlink_metadata()
            && meta.is_file()
            && std::fs::remove_file(&derived).is_ok()
        {
            freed += meta.len();
        }
    }
    Ok(freed)
}

/// The bytes the files under `dir` take, without following a symlink;
/// what cannot be read counts nothing.
pub fn disk_usage(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.path().symlink_metadata() else {
                continue;
            };
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

/// The catalog's key files resolved against the whole tree at HEAD.
fn key_files_at_head(snap: &Snapshot, key_files: &[String]) -> Result<Vec<KeyFile>, JobError> {
    let all = snap.list_all(false)?;
    let paths = PathIndex::new(&all);
    Ok(key_files
        .iter()
        .map(|k| KeyFile {
            path: k.clone(),
            resolution: resolve_key_file(k, &paths),
        })
        .collect())
}

/// Everything the explorer needs to show a repository.
pub fn open_repo(dir: &Path, key_files: &[String]) -> Result<RepoOverview, JobError> {
    let snap = Snapshot::open(dir)?;
    let head = snap.head_commit()?;
    let key_files = key_files_at_head(&snap, key_files)?;
    let mut dirs: Vec<RepoPath> = vec![RepoPath::root()];
    for k in &key_files {
        if let Some((path, kind)) = k.target() {
            dirs.extend(path.ancestors());
            if kind == EntryKind::Directory {
                dirs.push(path);
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    let mut listings = Vec::new();
    for d in dirs {
        let listing = if d.is_root() {
            snap.list_dir(None)
        } else {
            snap.list_dir(Some(&d))
        };
        if let Ok(entries) = listing {
            listings.push((d, entries));
        }
    }
    Ok(RepoOverview {
        head,
        depth: snap.depth(),
        key_files,
        listings,
        lazy: snap.is_lazy(),
    })
}

/// After a pass over a whole repository (a grep, the symbol index, the
/// code index): hand the memory its threads freed back to the system.
/// glibc keeps it in each thread's arena otherwise (measured on a
/// tensorflow-size tree: 357 MB resident after a grep, 202 MB after this).
pub fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns free heap pages to the system; it
    // takes no pointer and touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// What a background fetch of a lazy clone's files did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefetched {
    /// Files fetched (asked for and arrived).
    pub fetched: usize,
    /// Files that were missing when it started.
    pub total: usize,
    /// Stopped before the end.
    pub cancelled: bool,
}

/// How many files one step of a background fetch asks for: small enough
/// that a file opened meanwhile, a cancel or another pass waits little
/// behind it.
const PREFETCH_STEP: usize = 500;

/// Fetch the files of the lazy clone at `dir`: the key files (and what is
/// under the key directories) first, in one request, then the sources and
/// study text (every file with `everything`) in steps of
/// [`PREFETCH_STEP`]; `on_step(done, total)` after each. A clone that has
/// every file fetches nothing.
pub fn prefetch(
    dir: &Path,
    key_files: &[String],
    everything: bool,
    on_step: &dyn Fn(usize, usize),
    cancel: &AtomicBool,
) -> Result<Prefetched, JobError> {
    let snap = Snapshot::open(dir)?;
    if !snap.is_lazy() {
        return Ok(Prefetched::default());
    }
    let first: Vec<RepoPath> = key_files_at_head(&snap, key_files)?
        .iter()
        .filter_map(|k| k.target().map(|(path, _)| path))
        .collect();
    let (key, rest) = snap.prefetch_plan(&first, everything)?;
    let total = key.len() + rest.len();
    let mut done = Prefetched {
        total,
        ..Prefetched::default()
    };
    on_step(0, total);
    // The key files now, whoever else fetches them (a few, wanted first);
    // then the rest shared with the other passes.
    let steps = std::iter::once((true, &key[..]))
        .filter(|(_, k)| !k.is_empty())
        .chain(rest.chunks(PREFETCH_STEP).map(|c| (false, c)));
    for (first, step) in steps {
        let fetched = if first {
            crate::repo::lazy::fetch_now(dir, step, &|_| {}, cancel)
        } else {
            snap.prefetch(step.iter().copied(), &|_| {}, &|_, _| {}, cancel)
                .map(drop)
        };
        match fetched {
            Ok(_) => {}
            Err(crate::repo::RepoError::Cancelled) => {
                done.cancelled = true;
                return Ok(done);
            }
            Err(e) => return Err(e.into()),
        }
        done.fetched += step.len();
        on_step(done.fetched, total);
    }
    Ok(done)
}

/// Read, outline and highlight one file, stopping if `cancel` is set.
pub fn load_file(
    dir: &std::path::Path,
    path: &RepoPath,
    cancel: &AtomicBool,
) -> Result<LoadedFile, JobError> {
    load_file_with(dir, path, cancel, &|| {})
}

/// [`load_file`], calling `on_fetch` first when the file must be fetched
/// (a lazy clone's file not read before).
pub fn load_file_with(
    dir: &std::path::Path,
    path: &RepoPath,
    cancel: &AtomicBool,
    on_fetch: &dyn Fn(),
) -> Result<LoadedFile, JobError> {
    let snap = Snapshot::open(dir)?;
    if snap.needs_fetch(path)? {
        on_fetch();
        snap.fetch_path(path, cancel)?;
    }
    let content = snap.read(path, DEFAULT_SIZE_CAP)?;
    let Content::Text { text, .. } = &content else {
        return Ok(LoadedFile {
            content,
            lines: Vec::new(),
            outline: outline::Outline {
                language: None,
                has_errors: false,
                error_lines: Vec::new(),
                symbols: Vec::new(),
                too_large: None,
            },
            highlights: Default::default(),
        });
    };
    let lang = Lang::detect(&path.to_string_lossy(), text.as_bytes());
    let outline = outline::outline(lang, text.as_bytes(), outline::DEFAULT_SIZE_CAP, cancel)?;
    let highlights = match lang {
        Some(l) => highlight::highlight(l, text.as_bytes(), cancel)?,
        None => Default::default(),
    };
    let lines = split_lines(text);
    Ok(LoadedFile {
        content,
        lines,
        outline,
        highlights,
    })
}

/// A file's lines as the source pane shows them: a `\r` before a line
/// break dropped, and a last line break ending the last line (no empty
/// line after it for the cursor to land on).
pub fn split_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = text
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
        .collect();
    if text.ends_with('\n') && lines.len() > 1 {
        lines.pop();
    }
    lines
}

/// What a study step's Enter shows: Markdown to read or a list to open
/// things from, as the step's own file builds it.
pub fn step_view(
    snap: &Snapshot,
    repo: &crate::catalog::Repo,
    step: crate::study::StepKind,
    progress: Option<&crate::study::RepoProgress>,
    intel: Option<&crate::intel::Index>,
) -> View {
    step.view(snap, repo, progress, intel)
}

/// The symbols of a file at HEAD, in outline order: dotted names and
/// lines (from 1).
pub fn file_symbols(snap: &Snapshot, path: &str) -> Result<Vec<(String, u32)>, JobError> {
    let rp = crate::repo::RepoPath::parse(path).map_err(|e| e.to_string())?;
    let Some(lang) = crate::outline::Lang::from_path(path) else {
        return Err(format!(
            "{path} has no outline: only Python, Cython, C and C++ files have symbols"
        )
        .into());
    };
    let blob = snap
        .read_blob(&rp, crate::outline::DEFAULT_SIZE_CAP as u64)
        .map_err(|e| e.to_string())?
        .map_err(|_| {
            format!(
                "{path} is not a file whose symbols can be read (a link, a folder, or too large)"
            )
        })?;
    let never = std::sync::atomic::AtomicBool::new(false);
    let outline = crate::outline::outline(
        Some(lang),
        &blob.bytes,
        crate::outline::DEFAULT_SIZE_CAP,
        &never,
    )
    .map_err(|e| format!("{path}: {e}"))?;
    Ok(outline
        .dotted()
        .into_iter()
        .map(|(dotted, s)| (dotted, s.line))
        .collect())
}

/// Step 2's list with every test of the key file `path` shown, ranked
/// with the code index when there is one.
pub fn tests_of(
    snap: &Snapshot,
    repo: &crate::catalog::Repo,
    path: &str,
    intel: Option<&crate::intel::Index>,
) -> View {
    View::List(crate::study::steps::test_files::list_with(
        snap,
        repo,
        intel,
        Some(path),
    ))
}

/// What an entry of a list opens (a file opens in the explorer, not here).
pub fn open_target(snap: &Snapshot, repo: &str, target: &Target) -> Result<View, JobError> {
    use crate::study::views;
    match target {
        Target::History { path, skip } => Ok(View::List(views::history_list(
            snap,
            repo,
            path.as_deref(),
            *skip,
        ))),
        Target::Commit { id } => Ok(View::List(views::commit_list(snap, id)?)),
        Target::Diff { commit, path } => Ok(views::diff_document(snap, commit, path)?),
        Target::Document { path } => Ok(crate::study::steps::documentation::document(snap, path)?),
        Target::TestsOf { path } => {
            Err(format!("the tests of {path} are step 2's: open it").into())
        }
        Target::SymbolHistory { path, symbol } => {
            Ok(View::List(views::symbol_history_list(snap, path, symbol)))
        }
        Target::SymbolDiff {
            commit,
            path,
            symbol,
        } => Ok(views::symbol_diff_document(snap, commit, path, symbol)?),
        Target::File { path } | Target::FileAt { path, .. } => {
            Err(format!("{path} opens in the explorer").into())
        }
    }
}

/// The folders in the folder that `typed` names up to its last `/` (`~`
/// is `home`, a relative path is under `cwd`), for Tab in the working-copy
/// prompt. At most 10,000 names; an unreadable folder has none.
pub fn folder_names(typed: &str, home: Option<&str>, cwd: Option<&std::path::Path>) -> Vec<String> {
    let dir = match typed.rfind('/') {
        Some(i) => &typed[..=i],
        None => "",
    };
    let path = if dir == "~/" || (dir.is_empty() && typed == "~") {
        match home {
            Some(h) => std::path::PathBuf::from(h),
            None => return Vec::new(),
        }
    } else if let Some(rest) = dir.strip_prefix("~/") {
        match home {
            Some(h) => std::path::Path::new(h).join(rest),
            None => return Vec::new(),
        }
    } else if dir.starts_with('/') {
        std::path::PathBuf::from(dir)
    } else {
        match cwd {
            Some(c) => c.join(dir),
            None => return Vec::new(),
        }
    };
    let Ok(entries) = std::fs::read_dir(&path) else {
        return Vec::new();
    };
    entries
        .flatten()
        .take(10_000)
        .filter(|e| std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect()
}
