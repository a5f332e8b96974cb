//! The text cache: what each blob holds, keyed by blob id, so the pack is
//! inflated (and each object's hash checked) once per process however many
//! queries follow.
//!
//! A blob id names its content, so one cache serves every repository of
//! the process (two clones sharing a file share its entry). The bound is
//! on the bytes of text held: when an insert would pass
//! [`TextCache::budget`], the least recently used quarter is dropped. A
//! search stops adding to a full cache (it reads the rest in place,
//! [`TextCache::has_room`]): a tree larger than the budget would otherwise
//! evict what it just read, file after file, and leave the allocator
//! holding the churn.
//! Binary and too-large blobs are remembered as markers, without their
//! bytes. The file list of a HEAD is kept too (a few hundred bytes a file),
//! so a second query does not walk the trees again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use git2::Oid;

use crate::repo::{RepoError, RepoPath, Snapshot, read::is_binary};

/// Files larger than this are not searched (and counted as skipped).
pub const DEFAULT_FILE_CAP: u64 = 8 * 1024 * 1024;

/// How many bytes of text the process-wide cache keeps at most: the
/// Python of every catalog repository but tensorflow's and pytorch's fits
/// (sqlalchemy's 19 MB, pandas' 20 MB), and the explorer on a
/// tensorflow-size tree (300 MiB of text) stays near 200 MB resident.
pub const DEFAULT_BUDGET: usize = 128 * 1024 * 1024;

/// What a blob holds, for searching.
#[derive(Debug, Clone)]
pub enum Slot {
    /// The blob's bytes (not necessarily UTF-8).
    Text(Arc<Vec<u8>>),
    /// A NUL byte in the first 8000 bytes: skipped, as `git grep -I` does.
    Binary,
    /// Over the file cap: not read.
    TooLarge { size: u64 },
}

/// One file of a tree: where it is and which blob it holds.
#[derive(Debug, Clone)]
pub struct FileRef {
    pub path: RepoPath,
    pub id: Oid,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Blobs whose text is held.
    pub texts: usize,
    /// Bytes of text held (the bounded quantity).
    pub bytes: usize,
    /// Binary and too-large markers.
    pub markers: usize,
    /// Entries dropped to stay within the budget, since the start.
    pub evicted: usize,
}

struct Entry {
    slot: Slot,
    last_used: u64,
}

#[derive(Default)]
struct Inner {
    blobs: HashMap<Oid, Entry>,
    /// File lists by HEAD commit, newest last; a few are kept.
    trees: Vec<(Oid, Arc<Vec<FileRef>>)>,
    bytes: usize,
    clock: u64,
    evicted: usize,
}

/// The cache. Cheap to share: wrap it in an `Arc` (or use
/// [`TextCache::global`]); every method takes `&self`.
pub struct TextCache {
    inner: Mutex<Inner>,
    budget: usize,
    file_cap: u64,
}

/// How many HEADs' file lists are kept.
const TREES_KEPT: usize = 8;

impl TextCache {
    pub fn new(budget: usize, file_cap: u64) -> TextCache {
        TextCache {
            inner: Mutex::new(Inner::default()),
            budget,
            file_cap,
        }
    }

    /// The process-wide cache (128 MiB of text, files up to 8 MiB), which
    /// the live grep and the CLI use.
    pub fn global() -> Arc<TextCache> {
        static GLOBAL: OnceLock<Arc<TextCache>> = OnceLock::new();
        GLOBAL
            .get_or_init(|| Arc::new(TextCache::new(DEFAULT_BUDGET, DEFAULT_FILE_CAP)))
            .clone()
    }

    pub fn budget(&self) -> usize {
        self.budget
    }

    /// A cache with a budget of 0 keeps no text: a search through it reads
    /// each blob in place and drops it when the file is searched (one
    /// query, as `codestudy grep` makes: no copy, and memory is reused
    /// from file to file instead of growing to the tree's size).
    pub fn keeps_text(&self) -> bool {
        self.budget > 0
    }

    pub fn file_cap(&self) -> u64 {
        self.file_cap
    }

    /// Whether texts can be added without dropping others (a search adds
    /// only then, and reads the rest in place).
    pub fn has_room(&self) -> bool {
        self.keeps_text() && self.lock().bytes < self.budget
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves consistent data (every
        // update is a single insert or remove): keep using it.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn stats(&self) -> CacheStats {
        let inner = self.lock();
        let texts = inner
            .blobs
            .values()
            .filter(|e| matches!(e.slot, Slot::Text(_)))
            .count();
        CacheStats {
            texts,
            bytes: inner.bytes,
            markers: inner.blobs.len() - texts,
            evicted: inner.evicted,
        }
    }

    /// The blob's slot if it is cached.
    pub fn get(&self, id: Oid) -> Option<Slot> {
        let mut inner = self.lock();
        inner.clock += 1;
        let now = inner.clock;
        let entry = inner.blobs.get_mut(&id)?;
        entry.last_used = now;
        Some(entry.slot.clone())
    }

    /// Keep `slot` for `id`, dropping the least recently used texts first
    /// if the budget would be passed. A text larger than the whole budget
    /// is not kept.
    pub fn insert(&self, id: Oid, slot: Slot) {
        let size = match &slot {
            Slot::Text(t) => t.len(),
            _ => 0,
        };
        if size > self.budget {
            return;
        }
        let mut inner = self.lock();
        if inner.bytes + size > self.budget {
            evict(&mut inner, self.budget - size);
        }
        put(&mut inner, id, slot, size);
    }

    /// Keep `slot` for `id` only if it fits without dropping anything.
    fn insert_if_room(&self, id: Oid, slot: Slot) {
        let size = match &slot {
            Slot::Text(t) => t.len(),
            _ => 0,
        };
        let mut inner = self.lock();
        if inner.bytes + size <= self.budget {
            put(&mut inner, id, slot, size);
        }
    }

    /// [`TextCache::load`] for a search: what is read is kept only if it
    /// fits without dropping what is there.
    pub fn load_if_room(&self, snap: &Snapshot, id: Oid) -> Result<Slot, RepoError> {
        if let Some(slot) = self.get(id) {
            return Ok(slot);
        }
        let slot = self.read(snap, id)?;
        self.insert_if_room(id, slot.clone());
        Ok(slot)
    }

    fn read(&self, snap: &Snapshot, id: Oid) -> Result<Slot, RepoError> {
        Ok(match snap.blob_by_id(id, self.file_cap)? {
            None => Slot::TooLarge {
                size: snap.blob_size(id).unwrap_or(0),
            },
            Some(bytes) if is_binary(&bytes) => Slot::Binary,
            Some(bytes) => Slot::Text(Arc::new(bytes)),
        })
    }

    /// The blob `id` as a slot: from the cache, or read through `snap`
    /// (hash checked by libgit2) and kept.
    pub fn load(&self, snap: &Snapshot, id: Oid) -> Result<Slot, RepoError> {
        if let Some(slot) = self.get(id) {
            return Ok(slot);
        }
        let slot = self.read(snap, id)?;
        self.insert(id, slot.clone());
        Ok(slot)
    }

    /// Every file of the tree at `snap`'s HEAD (not symlinks, directories
    /// or submodules), sorted by path as `git grep` prints them.
    pub fn files(&self, snap: &Snapshot) -> Result<Arc<Vec<FileRef>>, RepoError> {
        let head = snap.head();
        if let Some((_, files)) = self.lock().trees.iter().find(|(h, _)| *h == head) {
            return Ok(files.clone());
        }
        let mut files: Vec<FileRef> = snap
            .list_all(false)?
            .into_iter()
            .filter(|e| e.kind == crate::repo::EntryKind::File)
            .map(|e| FileRef {
                path: e.path,
                id: e.id,
            })
            .collect();
        // Whole paths compared as bytes give git's tree order: a
        // directory `d` sorts as `d/`, and every path under it starts so.
        files.sort_by(|a, b| a.path.cmp(&b.path));
        let files = Arc::new(files);
        let mut inner = self.lock();
        inner.trees.retain(|(h, _)| *h != head);
        if inner.trees.len() >= TREES_KEPT {
            inner.trees.remove(0);
        }
        inner.trees.push((head, files.clone()));
        Ok(files)
    }

    /// Forget everything (for tests and benchmarks of a cold start).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.blobs.clear();
        inner.trees.clear();
        inner.bytes = 0;
    }
}

/// Drop the least recently used texts until at most `target` bytes are
/// held, and at least a quarter of the texts, so that a stream of new
/// blobs does not evict one entry per insert.
fn put(inner: &mut Inner, id: Oid, slot: Slot, size: usize) {
    inner.clock += 1;
    let last_used = inner.clock;
    if let Some(Entry {
        slot: Slot::Text(t),
        ..
    }) = inner.blobs.insert(id, Entry { slot, last_used })
    {
        inner.bytes -= t.len();
    }
    inner.bytes += size;
}

fn evict(inner: &mut Inner, target: usize) {
    let mut texts: Vec<(u64, Oid, usize)> = inner
        .blobs
        .iter()
        .filter_map(|(id, e)| match &e.slot {
            Slot::Text(t) => Some((e.last_used, *id, t.len())),
            _ => None,
        })
        .collect();
    texts.sort_unstable_by_key(|t| t.0);
    let quarter = texts.len().div_ceil(4);
    for (n, (_, id, len)) in texts.into_iter().enumerate() {
        if inner.bytes <= target && n >= quarter {
            break;
        }
        inner.blobs.remove(&id);
        inner.bytes -= len;
        inner.evicted += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    fn text(n: usize) -> Slot {
        Slot::Text(Arc::new(vec![b'x'; n]))
    }

    #[test]
    fn room_is_left_until_the_budget_is_reached() {
        let cache = TextCache::new(100, 50);
        assert!(cache.has_room());
        cache.insert(oid(1), text(60));
        assert!(cache.has_room(), "60 of 100");
        cache.insert(oid(2), text(40));
        assert!(!cache.has_room(), "100 of 100");
        assert!(!TextCache::new(0, 50).has_room(), "keeps nothing");
    }

    #[test]
    fn stays_within_its_budget_and_drops_the_oldest() {
        let cache = TextCache::new(100, 50);
        for n in 0..10 {
            cache.insert(oid(n), text(30));
            assert!(cache.stats().bytes <= 100);
        }
        // The newest is there, the first ones went.
        assert!(cache.get(oid(9)).is_some());
        assert!(cache.get(oid(0)).is_none());
        assert!(cache.stats().evicted >= 6);
    }

    #[test]
    fn a_recently_used_text_survives_eviction() {
        let cache = TextCache::new(100, 50);
        cache.insert(oid(1), text(30));
        cache.insert(oid(2), text(30));
        cache.insert(oid(3), text(30));
        assert!(cache.get(oid(1)).is_some());
        cache.insert(oid(4), text(30));
        assert!(cache.get(oid(1)).is_some(), "used last, so kept");
        assert!(cache.get(oid(2)).is_none());
    }

    #[test]
    fn markers_cost_no_budget_and_oversized_texts_are_not_kept() {
        let cache = TextCache::new(100, 50);
        cache.insert(oid(1), Slot::Binary);
        cache.insert(oid(2), Slot::TooLarge { size: 1 << 30 });
        cache.insert(oid(3), text(101));
        let s = cache.stats();
        assert_eq!((s.texts, s.bytes, s.markers), (0, 0, 2));
        // Replacing an entry does not count its bytes twice.
        cache.insert(oid(4), text(40));
        cache.insert(oid(4), text(40));
        assert_eq!(cache.stats().bytes, 40);
    }
}
