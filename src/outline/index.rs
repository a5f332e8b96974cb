//! The symbol index of a cached repository: every symbol of every Python,
//! Cython, C and C++ file at HEAD (whatever `Lang::from_path` takes), as
//! (path, symbol path, kind, line).
//!
//! Files are read from the object database and outlined on all cores. The
//! outlines are cached on disk keyed by blob id, so reopening a repository,
//! or re-indexing after an update, parses only blobs never seen before.
//! A cache file that cannot be read is ignored and rebuilt: it is only a
//! cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::{DEFAULT_SIZE_CAP, Lang, SymbolKind, outline, scan};
use crate::repo::parallel::Step;
use crate::repo::{EntryKind, RepoError, Snapshot, head_from_ref_files};
use crate::search::{Slot, TextCache};

/// Bump when what is cached changes.
const FORMAT: u32 = 3;

/// What the cached outlines were made by: a new grammar or a new codestudy
/// may outline differently, so either invalidates the cache.
fn engine_id() -> String {
    format!(
        "codestudy {} / scanner {} / c++ outline {} / cython scanner {} / tree-sitter-python 0.25 / tree-sitter-c 0.24 / tree-sitter-cpp 0.23",
        env!("CARGO_PKG_VERSION"),
        scan::VERSION,
        super::cpp::VERSION,
        super::cython::VERSION
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    /// Shared by all the symbols of one file.
    pub path: Arc<str>,
    /// Dotted from the outermost definition: `Flask.route`.
    pub symbol: String,
    pub kind: SymbolKind,
    pub line: u32,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IndexStats {
    /// Supported files at HEAD.
    pub files: usize,
    /// Blobs outlined now.
    pub parsed: usize,
    /// Files whose outline came from the cache.
    pub reused: usize,
    /// Files over the size cap, not outlined.
    pub too_large: usize,
    pub bytes_parsed: u64,
    pub elapsed: Duration,
}

#[derive(Debug, Clone)]
pub struct RepoIndex {
    /// The HEAD commit indexed, as hex.
    pub head: String,
    pub entries: Vec<IndexEntry>,
    pub stats: IndexStats,
}

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Repo(#[from] RepoError),
    #[error("indexing was cancelled")]
    Cancelled,
}

#[derive(Serialize, Deserialize)]
struct CachedSymbol {
    symbol: String,
    kind: SymbolKind,
    line: u32,
}

#[derive(Serialize, Deserialize, Default)]
struct CacheFile {
    format: u32,
    engine: String,
    /// The HEAD commit the file list below is for.
    head: [u8; 20],
    /// Every supported file at that HEAD, with its blob.
    files: Vec<(String, [u8; 20])>,
    blobs: Vec<([u8; 20], Vec<CachedSymbol>)>,
}

/// One blob's result: its symbols, bytes outlined, and whether it was over
/// the size cap.
type Outlined = (Oid, Vec<CachedSymbol>, u64, bool);

/// Extensionless executables over this size are not read for a shebang:
/// scripts are small, binaries are not.
const SCRIPT_CAP: u64 = 1024 * 1024;

/// Where the index cache of `owner/name` lives under the cache dir.
pub fn cache_path(cache_dir: &Path, owner: &str, name: &str) -> PathBuf {
    cache_dir
        .join("index")
        .join(owner)
        .join(format!("{name}.idx"))
}

fn load_cache(path: &Path) -> CacheFile {
    let Ok(bytes) = std::fs::read(path) else {
        return CacheFile::default();
    };
    match postcard::from_bytes::<CacheFile>(&bytes) {
        Ok(file) if file.format == FORMAT && file.engine == engine_id() => file,
        _ => CacheFile::default(),
    }
}

fn hex(bytes: &[u8; 20]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn raw(oid: Oid) -> [u8; 20] {
    oid.as_bytes().try_into().unwrap_or([0; 20])
}

/// Write the cache atomically (temporary file, then rename); failing to
/// write a cache is not worth failing the index for.
fn save_cache(path: &Path, file: &CacheFile) {
    let Ok(bytes) = postcard::to_stdvec(file) else {
        return;
    };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    if std::fs::write(&tmp, &bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

/// Build (or refresh) the index of the clone at `repo_dir`, keeping its
/// cache at `cache_file`. `threads` workers outline in parallel.
pub fn build(
    repo_dir: &Path,
    cache_file: &Path,
    threads: usize,
    cancel: &AtomicBool,
) -> Result<RepoIndex, IndexError> {
    let started = Instant::now();
    let cache = load_cache(cache_file);
    // Nothing changed since the cache was written: answer from it alone.
    if !cache.files.is_empty() && head_from_ref_files(repo_dir) == Some(cache.head) {
        let blobs: HashMap<[u8; 20], Vec<CachedSymbol>> = cache.blobs.into_iter().collect();
        let files: Vec<(Arc<str>, [u8; 20])> = cache
            .files
            .into_iter()
            .map(|(p, id)| (Arc::from(p), id))
            .collect();
        let entries = entries_of(&files, |id| blobs.get(id).map(Vec::as_slice));
        return Ok(RepoIndex {
            head: hex(&cache.head),
            entries,
            stats: IndexStats {
                files: files.len(),
                reused: files.len(),
                elapsed: started.elapsed(),
                ..IndexStats::default()
            },
        });
    }

    let snap = Snapshot::open(repo_dir)?;
    let head = snap.head();
    let files: Vec<(Arc<str>, Oid, Lang)> = snap
        .list_all(false)?
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let path = e.path.to_string_lossy();
            let lang = Lang::from_path(&path).or_else(|| {
                // An executable without an extension is a script: its
                // shebang says whether it is Python (`bin/django-admin`).
                let bare = !e.path.file_name().contains(&b'.');
                (e.executable && bare)
                    .then(|| snap.blob_by_id(e.id, SCRIPT_CAP).ok().flatten())
                    .flatten()
                    .and_then(|bytes| Lang::from_shebang(&bytes))
            });
            lang.map(|lang| (Arc::from(path), e.id, lang))
        })
        .collect();

    let mut cached: HashMap<Oid, Vec<CachedSymbol>> = cache
        .blobs
        .into_iter()
        .filter_map(|(id, syms)| Oid::from_bytes(&id).ok().map(|oid| (oid, syms)))
        .collect();
    let reused = files.iter().filter(|f| cached.contains_key(&f.1)).count();
    // Each blob once, however many paths hold it.
    let mut todo: Vec<(Oid, Lang)> = Vec::new();
    let mut queued = std::collections::HashSet::new();
    for (_, id, lang) in &files {
        if !cached.contains_key(id) && queued.insert(*id) {
            todo.push((*id, *lang));
        }
    }
    // A lazy clone fetches the files to outline in batches first, not one
    // round trip each.
    snap.prefetch(todo.iter().map(|t| t.0), &|_| {}, &|_, _| {}, cancel)
        .map_err(|e| match e {
            RepoError::Cancelled => IndexError::Cancelled,
            e => IndexError::Repo(e),
        })?;
    drop(snap);

    let text = TextCache::global();
    // No worker (and no repository to open) when nothing is new.
    let done =
        crate::repo::parallel::for_each(repo_dir, threads, &todo, cancel, |snap, &(id, lang)| {
            // Through the text cache the grep searches, so that a repository
            // is read from its pack once.
            let bytes = match text.load(snap, id)? {
                Slot::Text(t) if t.len() <= DEFAULT_SIZE_CAP => t,
                Slot::Text(_) | Slot::TooLarge { .. } => {
                    return Ok(Step::Done((id, Vec::new(), 0, true)));
                }
                // The cache keeps no bytes of a binary blob; the outline
                // parses whatever it is, as before.
                Slot::Binary => match snap.blob_by_id(id, DEFAULT_SIZE_CAP as u64)? {
                    Some(b) => Arc::new(b),
                    None => return Ok(Step::Done((id, Vec::new(), 0, true))),
                },
            };
            Ok(match symbols_of(lang, &bytes, cancel) {
                Some(symbols) => Step::Done((id, symbols, bytes.len() as u64, false)),
                None => Step::Stop,
            })
        });
    if cancel.load(Ordering::Relaxed) {
        return Err(IndexError::Cancelled);
    }
    let done: Vec<Outlined> = done?;
    let mut stats = IndexStats {
        files: files.len(),
        reused,
        ..IndexStats::default()
    };
    for (id, symbols, bytes, too_large) in done {
        if too_large {
            stats.too_large += 1;
        } else {
            stats.parsed += 1;
            stats.bytes_parsed += bytes;
        }
        cached.insert(id, symbols);
    }
    // Keep only what this tree uses: the cache does not grow forever.
    let live: std::collections::HashSet<Oid> = files.iter().map(|f| f.1).collect();
    cached.retain(|id, _| live.contains(id));

    let files: Vec<(Arc<str>, [u8; 20])> =
        files.into_iter().map(|(p, id, _)| (p, raw(id))).collect();
    let blobs: HashMap<[u8; 20], Vec<CachedSymbol>> = cached
        .into_iter()
        .map(|(id, syms)| (raw(id), syms))
        .collect();
    let entries = entries_of(&files, |id| blobs.get(id).map(Vec::as_slice));
    save_cache(
        cache_file,
        &CacheFile {
            format: FORMAT,
            engine: engine_id(),
            head: raw(head),
            files: files.iter().map(|(p, id)| (p.to_string(), *id)).collect(),
            blobs: blobs.into_iter().collect(),
        },
    );
    stats.elapsed = started.elapsed();
    Ok(RepoIndex {
        head: head.to_string(),
        entries,
        stats,
    })
}

/// The entries of `files`, in file order, from each blob's symbols.
fn entries_of<'c>(
    files: &[(Arc<str>, [u8; 20])],
    symbols: impl Fn(&[u8; 20]) -> Option<&'c [CachedSymbol]>,
) -> Vec<IndexEntry> {
    let mut entries = Vec::new();
    for (path, id) in files {
        for s in symbols(id).unwrap_or_default() {
            entries.push(IndexEntry {
                path: path.clone(),
                symbol: s.symbol.clone(),
                kind: s.kind,
                line: s.line,
            });
        }
    }
    entries
}

/// The symbols of one file for the index. Python goes through the fast
/// scanner (held to `ast` like the outline, see `scan.rs`); Cython, C and
/// C++ through their outlines. `None` when cancelled.
fn symbols_of(lang: Lang, bytes: &[u8], cancel: &AtomicBool) -> Option<Vec<CachedSymbol>> {
    let dotted = |parent: String, name: &str| {
        if parent.is_empty() {
            name.to_string()
        } else {
            format!("{parent}.{name}")
        }
    };
    if lang == Lang::Python {
        let mut syms: Vec<CachedSymbol> = scan::python(bytes)
            .into_iter()
            .map(|s| CachedSymbol {
                symbol: dotted(s.parent, &s.name),
                kind: s.kind,
                line: s.line,
            })
            .collect();
        syms.sort_by_key(|s| s.line);
        return Some(syms);
    }
    let o = outline(Some(lang), bytes, DEFAULT_SIZE_CAP, cancel).ok()?;
    Some(
        o.flatten()
            .into_iter()
            .map(|(parents, s)| CachedSymbol {
                symbol: dotted(parents.join("."), &s.name),
                kind: s.kind,
                line: s.line,
            })
            .collect(),
    )
}

/// The number of workers to use: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
