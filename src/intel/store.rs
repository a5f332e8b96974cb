//! Building the semantic index of a clone, and its cache on disk.
//!
//! Each Python blob's facts are computed once, on all cores, and kept in
//! a cache file keyed by blob id, like the symbol index. The file is laid
//! out so that a question reads only what it needs: a header (the files,
//! where each blob's record is), the records, and at the end each blob's
//! identifiers and member names as one `\n`-separated string; `def` reads
//! the header and a handful of records, `refs` also the lists. A cache that cannot be read is
//! rebuilt: it is only a cache.

use std::collections::HashMap;
use std::fs::File;
use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use git2::Oid;
use serde::{Deserialize, Serialize};

use super::facts::{Facts, facts};
use super::resolve::{FactsSource, Index, List};
use crate::outline::DEFAULT_SIZE_CAP;
use crate::outline::index::IndexError;
use crate::repo::parallel::Step;
use crate::repo::{EntryKind, RepoPath, Snapshot, head_from_ref_files};
use crate::search::{Slot, TextCache};

/// Bump when what is cached changes.
const FORMAT: u32 = 5;
const MAGIC: &[u8; 8] = b"CSINTEL\0";

fn engine_id() -> String {
    format!(
        "codestudy {} / intel {FORMAT} / tree-sitter-python 0.25",
        env!("CARGO_PKG_VERSION")
    )
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct IntelStats {
    /// Python files at HEAD.
    pub files: usize,
    /// Blobs parsed now.
    pub parsed: usize,
    /// Files whose facts came from the cache.
    pub reused: usize,
    pub too_large: usize,
    pub bytes_parsed: u64,
    pub elapsed: Duration,
}

/// Where the semantic cache of `owner/name` lives under the cache dir.
pub fn cache_path(cache_dir: &Path, owner: &str, name: &str) -> PathBuf {
    cache_dir
        .join("intel")
        .join(owner)
        .join(format!("{name}.intel"))
}

#[derive(Serialize, Deserialize, Default)]
struct Header {
    format: u32,
    engine: String,
    head: [u8; 20],
    /// Every Python file at that HEAD, with its blob (index in `blobs`).
    files: Vec<(String, u32)>,
    /// `pyproject.toml` and `setup.cfg` at the root.
    packaging: Vec<String>,
    blobs: Vec<BlobEntry>,
    /// Where the per-blob identifier and member lists are (after the
    /// records).
    names_at: u64,
    names_len: u64,
    /// Lines of each blob.
    lines: Vec<u32>,
}

#[derive(Serialize, Deserialize, Clone)]
struct BlobEntry {
    id: [u8; 20],
    at: u64,
    len: u64,
}

/// A blob's identifiers and member names, each list `\n`-separated with a
/// `\n` at both ends, so that a name is found with one substring search.
#[derive(Serialize, Deserialize, Clone, Default)]
struct Lists {
    names: String,
    members: String,
}

fn joined<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut s = String::from("\n");
    for n in names {
        s.push_str(n);
        s.push('\n');
    }
    s
}

/// The open cache file.
struct CacheReader {
    file: File,
    header: Header,
    /// File index → blob index.
    blob_of: Vec<u32>,
}

impl CacheReader {
    fn open(path: &Path) -> Option<CacheReader> {
        let file = File::open(path).ok()?;
        let mut head = [0u8; 16];
        file.read_exact_at(&mut head, 0).ok()?;
        if &head[..8] != MAGIC {
            return None;
        }
        let len = u64::from_le_bytes(head[8..16].try_into().ok()?);
        let file_len = file.metadata().ok()?.len();
        if len > file_len {
            return None;
        }
        let mut bytes = vec![0u8; usize::try_from(len).ok()?];
        file.read_exact_at(&mut bytes, 16).ok()?;
        let header: Header = postcard::from_bytes(&bytes).ok()?;
        if header.format != FORMAT || header.engine != engine_id() {
            return None;
        }
        let inside = |at: u64, n: u64| at.checked_add(n).is_some_and(|end| end <= file_len);
        let blobs = header.blobs.len() as u32;
        if !header.blobs.iter().all(|b| inside(b.at, b.len))
            || !inside(header.names_at, header.names_len)
            || header.files.iter().any(|f| f.1 >= blobs)
        {
            return None;
        }
        let blob_of = header.files.iter().map(|f| f.1).collect();
        Some(CacheReader {
            file,
            header,
            blob_of,
        })
    }

    fn record(&self, blob: usize) -> Option<Vec<u8>> {
        let e = self.header.blobs.get(blob)?;
        let mut bytes = vec![0u8; usize::try_from(e.len).ok()?];
        self.file.read_exact_at(&mut bytes, e.at).ok()?;
        Some(bytes)
    }

    /// Each blob's lists; `None` when that part of the file is damaged.
    fn blob_lists(&self) -> Option<Vec<Lists>> {
        let mut bytes = vec![0u8; usize::try_from(self.header.names_len).ok()?];
        self.file
            .read_exact_at(&mut bytes, self.header.names_at)
            .ok()?;
        let lists: Vec<Lists> = postcard::from_bytes(&bytes).ok()?;
        (lists.len() == self.header.blobs.len()).then_some(lists)
    }
}

struct CacheSource {
    reader: CacheReader,
    /// To parse a blob again when its record is damaged.
    repo_dir: PathBuf,
    cache_file: PathBuf,
    lists: std::sync::OnceLock<Vec<Lists>>,
    /// Blob index → the files holding it.
    files_of: Vec<Vec<u32>>,
}

impl FactsSource for CacheSource {
    fn load(&self, file: u32) -> Option<Facts> {
        let blob = *self.reader.blob_of.get(file as usize)? as usize;
        let read = self
            .reader
            .record(blob)
            .and_then(|bytes| postcard::from_bytes::<Facts>(&bytes).ok())
            .filter(Facts::is_consistent);
        match read {
            Some(f) => Some(f),
            None => {
                // A damaged record: parse the blob again, and drop the
                // cache so that the next build writes it whole.
                self.damaged();
                let id = Oid::from_bytes(&self.reader.header.blobs.get(blob)?.id).ok()?;
                let snap = Snapshot::open(&self.repo_dir).ok()?;
                let bytes = snap.blob_by_id(id, DEFAULT_SIZE_CAP as u64).ok()??;
                facts(&bytes, &AtomicBool::new(false))
            }
        }
    }

    fn files_with(&self, list: List, name: &str) -> Vec<u32> {
        let lists = self.lists.get_or_init(|| {
            self.reader.blob_lists().unwrap_or_else(|| {
                // Damaged: the lists again from every blob's facts.
                self.damaged();
                let mut per_blob = vec![Lists::default(); self.reader.header.blobs.len()];
                for (b, files) in self.files_of.iter().enumerate() {
                    if let Some(&f) = files.first()
                        && let Some(facts) = self.load(f)
                    {
                        per_blob[b] = lists_of(&facts);
                    }
                }
                per_blob
            })
        });
        let needle = format!("\n{name}\n");
        let mut out: Vec<u32> = Vec::new();
        for (b, l) in lists.iter().enumerate() {
            let hay = match list {
                List::Names => &l.names,
                List::Members => &l.members,
            };
            if hay.contains(&needle) {
                out.extend(self.files_of.get(b).into_iter().flatten());
            }
        }
        out.sort_unstable();
        out
    }

    fn lines(&self, file: u32) -> Option<u32> {
        let blob = *self.reader.blob_of.get(file as usize)? as usize;
        self.reader.header.lines.get(blob).copied()
    }
}

impl CacheSource {
    fn damaged(&self) {
        let _ = std::fs::remove_file(&self.cache_file);
    }

    fn new(reader: CacheReader, repo_dir: &Path, cache_file: &Path) -> CacheSource {
        let mut files_of = vec![Vec::new(); reader.header.blobs.len()];
        for (f, &b) in reader.blob_of.iter().enumerate() {
            if let Some(v) = files_of.get_mut(b as usize) {
                v.push(f as u32);
            }
        }
        CacheSource {
            reader,
            repo_dir: repo_dir.to_path_buf(),
            cache_file: cache_file.to_path_buf(),
            lists: Default::default(),
            files_of,
        }
    }

    fn into_index(self) -> Index {
        let paths = self
            .reader
            .header
            .files
            .iter()
            .map(|f| f.0.clone())
            .collect();
        let packaging: Vec<String> = self.reader.header.packaging.clone();
        let refs: Vec<&str> = packaging.iter().map(String::as_str).collect();
        Index::new(paths, &refs, Box::new(self))
    }
}

/// One blob's facts as a record, with its member and identifier lists.
struct Record {
    bytes: Vec<u8>,
    lists: Lists,
    lines: u32,
}

fn record_of(f: &Facts) -> Record {
    Record {
        bytes: postcard::to_stdvec(f).unwrap_or_default(),
        lists: lists_of(f),
        lines: f.lines,
    }
}

fn lists_of(f: &Facts) -> Lists {
    Lists {
        names: joined(f.names.iter().map(String::as_str)),
        members: joined(f.members().iter().map(|n| f.name(*n))),
    }
}

/// Build (or refresh) the semantic index of the clone at `repo_dir`,
/// keeping its cache at `cache_file`, with `threads` workers.
pub fn build(
    repo_dir: &Path,
    cache_file: &Path,
    threads: usize,
    cancel: &AtomicBool,
) -> Result<(Index, IntelStats), IndexError> {
    let started = Instant::now();
    let old = CacheReader::open(cache_file);
    if let Some(r) = &old
        && !r.header.files.is_empty()
        && head_from_ref_files(repo_dir) == Some(r.header.head)
    {
        let files = r.header.files.len();
        if let Some(r) = CacheReader::open(cache_file) {
            let index = CacheSource::new(r, repo_dir, cache_file).into_index();
            return Ok((
                index,
                IntelStats {
                    files,
                    reused: files,
                    elapsed: started.elapsed(),
                    ..IntelStats::default()
                },
            ));
        }
    }

    let snap = Snapshot::open(repo_dir)?;
    let head = snap.head();
    let files: Vec<(String, Oid)> = snap
        .list_all(false)?
        .into_iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            let p = e.path.to_string_lossy();
            p.ends_with(".py").then_some((p, e.id))
        })
        .collect();
    let mut packaging = Vec::new();
    for name in ["pyproject.toml", "setup.cfg"] {
        if let Ok(path) = RepoPath::parse(name)
            && let Ok(crate::repo::Content::Text { text: t, .. }) = snap.read(&path, 1024 * 1024)
        {
            packaging.push(t);
        }
    }
    // A lazy clone fetches the Python files in batches first.
    snap.prefetch(files.iter().map(|f| f.1), &|_| {}, &|_, _| {}, cancel)?;
    drop(snap);

    // What the old cache has, by blob id.
    let old_blobs: HashMap<[u8; 20], usize> = old
        .as_ref()
        .map(|r| {
            r.header
                .blobs
                .iter()
                .enumerate()
                .map(|(i, b)| (b.id, i))
                .collect()
        })
        .unwrap_or_default();
    let old_lists = old
        .as_ref()
        .and_then(CacheReader::blob_lists)
        .unwrap_or_default();
    let mut todo: Vec<Oid> = Vec::new();
    let mut queued = std::collections::HashSet::new();
    for (_, id) in &files {
        if !old_blobs.contains_key(&raw(*id)) && queued.insert(*id) {
            todo.push(*id);
        }
    }
    let reused = files
        .iter()
        .filter(|f| old_blobs.contains_key(&raw(f.1)))
        .count();

    let text = TextCache::global();
    let done = crate::repo::parallel::for_each(repo_dir, threads, &todo, cancel, |snap, &id| {
        let bytes = match text.load(snap, id)? {
            Slot::Text(t) if t.len() <= DEFAULT_SIZE_CAP => t,
            _ => return Ok(Step::Done((id, record_of(&Facts::default()), 0, true))),
        };
        Ok(match facts(&bytes, cancel) {
            Some(f) => Step::Done((id, record_of(&f), bytes.len() as u64, false)),
            None => Step::Stop,
        })
    });
    if cancel.load(Ordering::Relaxed) {
        return Err(IndexError::Cancelled);
    }
    let done = done?;
    let mut stats = IntelStats {
        files: files.len(),
        reused,
        ..IntelStats::default()
    };
    let mut fresh: HashMap<Oid, Record> = HashMap::new();
    for (id, rec, bytes, too_large) in done {
        if too_large {
            stats.too_large += 1;
        } else {
            stats.parsed += 1;
            stats.bytes_parsed += bytes;
        }
        fresh.insert(id, rec);
    }

    // Assemble: each live blob once, its record from now or the old cache.
    let mut blob_index: HashMap<Oid, u32> = HashMap::new();
    let mut records: Vec<(BlobEntry, Vec<u8>, Lists, u32)> = Vec::new();
    let mut file_rows = Vec::with_capacity(files.len());
    for (path, id) in &files {
        let b = match blob_index.get(id) {
            Some(&b) => b,
            None => {
                let rec = if let Some(r) = fresh.remove(id) {
                    Some((r.bytes, r.lists, r.lines))
                } else {
                    old_blobs.get(&raw(*id)).and_then(|&i| {
                        let r = old.as_ref()?;
                        let bytes = r.record(i)?;
                        let lists = old_lists.get(i).cloned().unwrap_or_default();
                        let lines = r.header.lines.get(i).copied().unwrap_or(0);
                        Some((bytes, lists, lines))
                    })
                };
                let (bytes, lists, lines) = rec.unwrap_or_else(|| {
                    let r = record_of(&Facts::default());
                    (r.bytes, r.lists, r.lines)
                });
                let b = records.len() as u32;
                records.push((
                    BlobEntry {
                        id: raw(*id),
                        at: 0,
                        len: bytes.len() as u64,
                    },
                    bytes,
                    lists,
                    lines,
                ));
                blob_index.insert(*id, b);
                b
            }
        };
        file_rows.push((path.clone(), b));
    }
    drop(old);
    let written = write_cache(
        cache_file,
        head,
        file_rows.clone(),
        packaging.clone(),
        records.clone(),
    );
    stats.elapsed = started.elapsed();
    let index = match written.then(|| CacheReader::open(cache_file)).flatten() {
        Some(reader) => CacheSource::new(reader, repo_dir, cache_file).into_index(),
        None => {
            // No cache (a read-only disk): answer from memory.
            let facts: Vec<Arc<Facts>> = records
                .iter()
                .map(|(_, bytes, _, _)| Arc::new(postcard::from_bytes(bytes).unwrap_or_default()))
                .collect();
            let per_file: Vec<Arc<Facts>> = file_rows
                .iter()
                .map(|(_, b)| facts[*b as usize].clone())
                .collect();
            let refs: Vec<&str> = packaging.iter().map(String::as_str).collect();
            Index::new(
                file_rows.into_iter().map(|f| f.0).collect(),
                &refs,
                Box::new(super::resolve::MemorySource(per_file)),
            )
        }
    };
    Ok((index, stats))
}

fn raw(oid: Oid) -> [u8; 20] {
    oid.as_bytes().try_into().unwrap_or([0; 20])
}

/// Write the cache atomically; false when it could not be written.
fn write_cache(
    path: &Path,
    head: Oid,
    files: Vec<(String, u32)>,
    packaging: Vec<String>,
    mut records: Vec<(BlobEntry, Vec<u8>, Lists, u32)>,
) -> bool {
    let Some(dir) = path.parent() else {
        return false;
    };
    if std::fs::create_dir_all(dir).is_err() {
        return false;
    }
    let names: Vec<Lists> = records
        .iter_mut()
        .map(|r| std::mem::take(&mut r.2))
        .collect();
    let lines: Vec<u32> = records.iter().map(|r| r.3).collect();
    let Ok(names_bytes) = postcard::to_stdvec(&names) else {
        return false;
    };
    // The header's size depends on the offsets it holds: lay the records
    // out after a header sized with placeholder offsets, then fix them.
    let mut header = Header {
        format: FORMAT,
        engine: engine_id(),
        head: raw(head),
        files,
        packaging,
        blobs: records.iter().map(|r| r.0.clone()).collect(),
        names_at: u64::MAX,
        names_len: names_bytes.len() as u64,
        lines,
    };
    for b in &mut header.blobs {
        b.at = u64::MAX;
    }
    let Ok(sized) = postcard::to_stdvec(&header) else {
        return false;
    };
    // Varints of u64::MAX are the longest, so real offsets fit in it.
    let base = 16 + sized.len() as u64;
    let mut at = base;
    for b in &mut header.blobs {
        b.at = at;
        at += b.len;
    }
    header.names_at = at;
    let Ok(mut head_bytes) = postcard::to_stdvec(&header) else {
        return false;
    };
    head_bytes.resize(sized.len(), 0);
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let ok = (|| -> std::io::Result<()> {
        let mut out = std::io::BufWriter::new(File::create(&tmp)?);
        out.write_all(MAGIC)?;
        out.write_all(&(head_bytes.len() as u64).to_le_bytes())?;
        out.write_all(&head_bytes)?;
        for (_, bytes, _, _) in &records {
            out.write_all(bytes)?;
        }
        out.write_all(&names_bytes)?;
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if ok.is_err() {
        let _ = std::fs::remove_file(&tmp);
        return false;
    }
    true
}
