//! The symbol index of a cached repository: every symbol of every Python,
//! C and C++ file at HEAD, as (path, symbol path, kind, line).
//!
//! Files are read from the object database and outlined on all cores. The
//! outlines are cached on disk keyed by blob id, so reopening a repository,
//! or re-indexing after an update, parses only blobs never seen before.
//! A cache file that cannot be read is ignored and rebuilt: it is only a
//! cache.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::{DEFAULT_SIZE_CAP, Lang, SymbolKind, outline};
use crate::repo::{EntryKind, RepoError, Snapshot};

/// Bump when what is cached per blob changes.
const FORMAT: u32 = 1;

/// What the cached outlines were made by: a new grammar or a new codestudy
/// may outline differently, so either invalidates the cache.
fn engine_id() -> String {
    format!(
        "codestudy {} / tree-sitter-python 0.25 / tree-sitter-c 0.24 / tree-sitter-cpp 0.23",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndexEntry {
    pub path: String,
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
    pub head: Oid,
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

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    engine: String,
    blobs: Vec<([u8; 20], Vec<CachedSymbol>)>,
}

/// One blob's result: its symbols, bytes outlined, and whether it was over
/// the size cap.
type Outlined = (Oid, Vec<CachedSymbol>, u64, bool);

/// Where the index cache of `owner/name` lives under the cache dir.
pub fn cache_path(cache_dir: &Path, owner: &str, name: &str) -> PathBuf {
    cache_dir
        .join("index")
        .join(owner)
        .join(format!("{name}.idx"))
}

fn load_cache(path: &Path) -> HashMap<Oid, Vec<CachedSymbol>> {
    let Ok(bytes) = std::fs::read(path) else {
        return HashMap::new();
    };
    match postcard::from_bytes::<CacheFile>(&bytes) {
        Ok(file) if file.format == FORMAT && file.engine == engine_id() => file
            .blobs
            .into_iter()
            .filter_map(|(id, syms)| Oid::from_bytes(&id).ok().map(|oid| (oid, syms)))
            .collect(),
        _ => HashMap::new(),
    }
}

/// Write the cache atomically (temporary file, then rename); failing to
/// write a cache is not worth failing the index for.
fn save_cache(path: &Path, blobs: &HashMap<Oid, Vec<CachedSymbol>>) {
    let file = CacheFile {
        format: FORMAT,
        engine: engine_id(),
        blobs: blobs
            .iter()
            .filter_map(|(oid, syms)| {
                let id: [u8; 20] = oid.as_bytes().try_into().ok()?;
                Some((
                    id,
                    syms.iter()
                        .map(|s| CachedSymbol {
                            symbol: s.symbol.clone(),
                            kind: s.kind,
                            line: s.line,
                        })
                        .collect(),
                ))
            })
            .collect(),
    };
    let Ok(bytes) = postcard::to_stdvec(&file) else {
        return;
    };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
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
    let snap = Snapshot::open(repo_dir)?;
    let head = snap.head();
    let files: Vec<(String, Oid, Lang)> = snap
        .list_all(false)?
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let path = e.path.to_string_lossy();
            Lang::from_path(&path).map(|lang| (path, e.id, lang))
        })
        .collect();
    drop(snap);

    let mut cached = load_cache(cache_file);
    let reused = files.iter().filter(|f| cached.contains_key(&f.1)).count();
    // Each blob once, however many paths hold it.
    let mut todo: Vec<(Oid, Lang)> = Vec::new();
    let mut queued = std::collections::HashSet::new();
    for (_, id, lang) in &files {
        if !cached.contains_key(id) && queued.insert(*id) {
            todo.push((*id, *lang));
        }
    }

    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Outlined>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<RepoError>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1).min(todo.len().max(1)) {
            scope.spawn(|| {
                // git2 repositories are not Sync: one per worker.
                let snap = match Snapshot::open(repo_dir) {
                    Ok(s) => s,
                    Err(e) => {
                        if let Ok(mut f) = failure.lock() {
                            f.get_or_insert(e);
                        }
                        return;
                    }
                };
                let mut local = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= todo.len() || cancel.load(Ordering::Relaxed) {
                        break;
                    }
                    let (id, lang) = todo[i];
                    let bytes = match snap.blob_by_id(id, DEFAULT_SIZE_CAP as u64) {
                        Ok(Some(b)) => b,
                        Ok(None) => {
                            local.push((id, Vec::new(), 0, true));
                            continue;
                        }
                        Err(e) => {
                            if let Ok(mut f) = failure.lock() {
                                f.get_or_insert(e);
                            }
                            break;
                        }
                    };
                    let Ok(o) = outline(Some(lang), &bytes, DEFAULT_SIZE_CAP, cancel) else {
                        break;
                    };
                    let symbols = o
                        .flatten()
                        .into_iter()
                        .map(|(parents, s)| {
                            let mut symbol = parents.join(".");
                            if !symbol.is_empty() {
                                symbol.push('.');
                            }
                            symbol.push_str(&s.name);
                            CachedSymbol {
                                symbol,
                                kind: s.kind,
                                line: s.line,
                            }
                        })
                        .collect();
                    local.push((id, symbols, bytes.len() as u64, false));
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(local);
                }
            });
        }
    });
    if cancel.load(Ordering::Relaxed) {
        return Err(IndexError::Cancelled);
    }
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e.into());
    }
    let mut stats = IndexStats {
        files: files.len(),
        reused,
        ..IndexStats::default()
    };
    for (id, symbols, bytes, too_large) in results.into_inner().unwrap_or_default() {
        if too_large {
            stats.too_large += 1;
        } else {
            stats.parsed += 1;
            stats.bytes_parsed += bytes;
        }
        cached.insert(id, symbols);
    }

    let mut entries = Vec::new();
    for (path, id, _) in &files {
        for s in cached.get(id).map(Vec::as_slice).unwrap_or_default() {
            entries.push(IndexEntry {
                path: path.clone(),
                symbol: s.symbol.clone(),
                kind: s.kind,
                line: s.line,
            });
        }
    }
    // Keep only what this tree uses: the cache does not grow forever.
    let live: std::collections::HashSet<Oid> = files.iter().map(|f| f.1).collect();
    cached.retain(|id, _| live.contains(id));
    if stats.parsed > 0 || cached.len() != live.len() || !cache_file.exists() {
        save_cache(cache_file, &cached);
    }
    stats.elapsed = started.elapsed();
    Ok(RepoIndex {
        head,
        entries,
        stats,
    })
}

/// The number of workers to use: every core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
