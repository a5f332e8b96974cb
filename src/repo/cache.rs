//! The on-disk cache of bare clones.
//!
//! ```text
//! <cache>/repos/<owner>/<name>.git                 a finished, verified clone
//! <cache>/repos/<owner>/<name>.lock                held while a clone or fetch runs
//! <cache>/repos/<owner>/.<name>.git.tmp-<pid>-<n>  a clone in progress
//! <cache>/repos/.damaged/<owner>/<name>.git-<unix seconds>  a clone found damaged
//! ```
//!
//! A clone is written to a temporary directory and renamed into place only
//! after it is verified, so a clone killed at any moment never leaves a
//! repository that is used later. Temporaries are removed by the next
//! process that holds the repository's lock: the lock is an OS file lock,
//! released when its holder dies, so a live clone's temporary is never
//! taken for a stale one. A temporary's repository is read from its name
//! exactly (the `-<pid>-<n>` end, then `.git.tmp`), never by prefix:
//! `x.git.tmp-1` is a valid repository name, and its temporaries start with
//! the same characters as those of `x`.
//!
//! The same lock covers the temporaries inside a clone left by a fetch
//! killed midway: libgit2's pack being received (`objects/pack/pack_git2_*`),
//! git's (`objects/pack/tmp_pack_*`, `tmp_idx_*`, ...) and git's lock files
//! (`shallow.lock`, `packed-refs.lock`, `refs/**/*.lock`, ...). Every fetch
//! into the cache holds the repository's lock, and a git we run dies with
//! us, so whoever holds the lock next knows that none of them is in use.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::error::{RepoError, Result};

#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// An exclusive hold on one repository's cache entry; released on drop.
#[derive(Debug)]
pub struct RepoLock {
    _file: File,
}

impl Cache {
    /// The cache under `cache_dir` (created on first write, not here).
    pub fn new(cache_dir: &Path) -> Cache {
        Cache {
            root: cache_dir.join("repos"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the finished clone of `owner/name` lives.
    pub fn repo_dir(&self, owner: &str, name: &str) -> PathBuf {
        self.root.join(owner).join(format!("{name}.git"))
    }

    fn lock_path(&self, owner: &str, name: &str) -> PathBuf {
        self.root.join(owner).join(format!("{name}.lock"))
    }

    fn temp_name(name: &str, pid: u32, n: u64) -> String {
        format!(".{name}.git.tmp-{pid}-{n}")
    }

    /// Remove a finished clone, holding its lock: renamed to a temporary
    /// first (one step), so a removal killed midway leaves nothing that
    /// looks like a clone, only a temporary the next lock holder removes.
    /// Brings back the bytes its files took.
    pub fn remove_clone(&self, owner: &str, name: &str, lock: &RepoLock) -> Result<u64> {
        let dir = self.repo_dir(owner, name);
        if fs::symlink_metadata(&dir).is_err() {
            return Ok(0);
        }
        let mut size = crate::jobs::disk_usage(&dir);
        let temp = self.temp_dir(owner, name, lock);
        fs::rename(&dir, &temp).map_err(|e| RepoError::io("rename", &dir, e))?;
        self.remove_temporaries(owner, name, lock)?;
        // Its commits-only history (`check --why`), if it was asked for.
        let history = super::gone::history_dir(&dir);
        if fs::symlink_metadata(&history).is_ok() {
            size += crate::jobs::disk_usage(&history);
            remove_tree(&history)?;
        }
        Ok(size)
    }

    /// Whether a finished clone exists (it may still be damaged).
    pub fn is_cloned(&self, owner: &str, name: &str) -> bool {
        self.repo_dir(owner, name).join("HEAD").is_file()
    }

    fn ensure_owner_dir(&self, owner: &str) -> Result<PathBuf> {
        let dir = self.root.join(owner);
        fs::create_dir_all(&dir).map_err(|e| RepoError::io("create", &dir, e))?;
        Ok(dir)
    }

    /// Take the repository's lock, waiting for another process that holds
    /// it. `on_wait` is called once if the lock is busy.
    pub fn lock(&self, owner: &str, name: &str, on_wait: impl FnOnce()) -> Result<RepoLock> {
        self.ensure_owner_dir(owner)?;
        let path = self.lock_path(owner, name);
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                on_wait();
                file.lock().map_err(|e| RepoError::io("lock", &path, e))?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(RepoError::io("lock", &path, e)),
        }
        Ok(RepoLock { _file: file })
    }

    /// A fresh temporary directory path for cloning `owner/name`; the
    /// caller must hold the repository's lock.
    pub fn temp_dir(&self, owner: &str, name: &str, _lock: &RepoLock) -> PathBuf {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        self.root
            .join(owner)
            .join(Self::temp_name(name, std::process::id(), n))
    }

    /// Remove the temporaries of `owner/name` left by killed clones and
    /// fetches (clone directories beside it; packs being received and
    /// git's lock files inside it); the caller holds the lock, so none of
    /// them belongs to a live clone. Returns how many were removed.
    pub fn remove_temporaries(&self, owner: &str, name: &str, _lock: &RepoLock) -> Result<usize> {
        let dir = self.root.join(owner);
        let mut removed = 0;
        if let Ok(entries) = fs::read_dir(&dir) {
            for entry in entries.flatten() {
                let file = entry.file_name();
                if file.to_str().and_then(temp_repo_name) == Some(name) {
                    remove_tree(&entry.path())?;
                    removed += 1;
                }
            }
        }
        let repo = self.repo_dir(owner, name);
        let pack = repo.join("objects").join("pack");
        removed += remove_files_where(&pack, is_pack_temporary)?;
        // git's lock files, left by a git killed midway: every git run
        // in the cache holds this repository's lock, so none is live.
        removed += remove_files_where(&repo, |n| STALE_GIT_LOCKS.contains(&n))?;
        removed += remove_ref_locks(&repo.join("refs"), 0)?;
        Ok(removed)
    }

    /// At start-up: remove every stale temporary in the cache (see
    /// [`Cache::remove_temporaries`]). A repository whose lock is held by
    /// a running clone or fetch is left alone.
    pub fn remove_all_stale_temporaries(&self) -> Result<usize> {
        let mut removed = 0;
        let Ok(owners) = fs::read_dir(&self.root) else {
            return Ok(0);
        };
        for owner in owners.flatten() {
            let owner_name = owner.file_name().to_string_lossy().into_owned();
            if owner_name.starts_with('.') || !owner.path().is_dir() {
                continue;
            }
            let Ok(entries) = fs::read_dir(owner.path()) else {
                continue;
            };
            // The repositories with a temporary beside them, and every
            // clone (which may hold libgit2's).
            let mut names: Vec<String> = entries
                .flatten()
                .filter_map(|e| {
                    let f = e.file_name().into_string().ok()?;
                    temp_repo_name(&f)
                        .or_else(|| f.strip_suffix(".git").filter(|n| !n.starts_with('.')))
                        .map(str::to_string)
                })
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                if let Some(lock) = self.try_lock(&owner_name, &name)? {
                    removed += self.remove_temporaries(&owner_name, &name, &lock)?;
                }
            }
        }
        Ok(removed)
    }

    /// The lock of one repository if nobody holds it: `None` while a
    /// clone or fetch of it runs.
    pub fn try_lock(&self, owner: &str, name: &str) -> Result<Option<RepoLock>> {
        let path = self.lock_path(owner, name);
        let file = open_lock_file(&path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(RepoLock { _file: file })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(RepoError::io("lock", &path, e)),
        }
    }

    /// Move a damaged clone out of the way (kept for inspection, never
    /// used again); returns where it went.
    pub fn quarantine(&self, owner: &str, name: &str, _lock: &RepoLock) -> Result<PathBuf> {
        let from = self.repo_dir(owner, name);
        let dir = self.root.join(".damaged").join(owner);
        fs::create_dir_all(&dir).map_err(|e| RepoError::io("create", &dir, e))?;
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut to = dir.join(format!("{name}.git-{secs}"));
        let mut n = 1;
        while to.exists() {
            to = dir.join(format!("{name}.git-{secs}-{n}"));
            n += 1;
        }
        fs::rename(&from, &to).map_err(|e| RepoError::io("move aside", &from, e))?;
        Ok(to)
    }

    /// Put a verified clone in place.
    pub fn install(
        &self,
        temp: &Path,
        owner: &str,
        name: &str,
        _lock: &RepoLock,
    ) -> Result<PathBuf> {
        let to = self.repo_dir(owner, name);
        fs::rename(temp, &to).map_err(|e| RepoError::io("move into place", temp, e))?;
        // Make the rename durable before anyone relies on it.
        if let Ok(dir) = File::open(self.root.join(owner)) {
            let _ = dir.sync_all();
        }
        Ok(to)
    }
}

/// The repository name a clone temporary (`.<name>.git.tmp-<pid>-<n>`)
/// belongs to, read from the end: the pid and counter are digits, so the
/// split is unambiguous whatever the name holds.
fn temp_repo_name(file: &str) -> Option<&str> {
    let rest = file.strip_prefix('.')?;
    let (rest, n) = rest.rsplit_once('-')?;
    let (rest, pid) = rest.rsplit_once('-')?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(n) || !digits(pid) {
        return None;
    }
    rest.strip_suffix(".git.tmp")
        .filter(|name| !name.is_empty())
}

/// Open (creating if needed) a lock file; it is never truncated or
/// removed, so every process locks the same inode.
/// Files in `objects/pack` that a fetch writes before it renames them
/// into a finished pack: libgit2's and git's.
fn is_pack_temporary(name: &str) -> bool {
    name.starts_with("pack_git2_")
        || [
            "tmp_pack_",
            "tmp_idx_",
            "tmp_rev_",
            "tmp_mtimes_",
            "tmp_bitmap_",
        ]
        .iter()
        .any(|p| name.starts_with(p))
}

/// The lock files git takes in a bare repository's top directory.
const STALE_GIT_LOCKS: &[&str] = &[
    "shallow.lock",
    "packed-refs.lock",
    "config.lock",
    "HEAD.lock",
    "FETCH_HEAD.lock",
    "ORIG_HEAD.lock",
];

/// Remove the plain files (never symlinks, never directories) of `dir`
/// whose name `stale` picks; a missing `dir` has none.
fn remove_files_where(dir: &Path, stale: impl Fn(&str) -> bool) -> Result<usize> {
    let mut removed = 0;
    let Ok(entries) = fs::read_dir(dir) else {
        return Ok(0);
    };
    for entry in entries.flatten() {
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if is_file && entry.file_name().to_str().is_some_and(&stale) {
            let path = entry.path();
            fs::remove_file(&path).map_err(|e| RepoError::io("remove", &path, e))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// git's `refs/**/<ref>.lock` files (a ref being updated), depth-bounded.
fn remove_ref_locks(dir: &Path, depth: usize) -> Result<usize> {
    if depth > 16 {
        return Ok(0);
    }
    let mut removed = remove_files_where(dir, |n| n.ends_with(".lock"))?;
    if let Ok(entries) = fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                removed += remove_ref_locks(&entry.path(), depth + 1)?;
            }
        }
    }
    Ok(removed)
}

/// A shared hold on the lock of the clone at `dir` (`<name>.git` beside
/// `<name>.lock`), for fetching files into a lazy clone: many such
/// fetches run at once, and none while a clone, an update or the
/// start-up sweep (which removes packs being received) holds the lock.
/// Waits at most `patience` for the exclusive holder (this process may be
/// it), then goes on without: `None`.
pub fn hold_shared(dir: &Path, patience: std::time::Duration) -> Option<File> {
    let file = OpenOptions::new()
        .write(true)
        .open(dir.with_extension("lock"))
        .ok()?;
    let start = std::time::Instant::now();
    loop {
        match file.try_lock_shared() {
            Ok(()) => return Some(file),
            Err(fs::TryLockError::WouldBlock) if start.elapsed() < patience => {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(_) => return None,
        }
    }
}

fn open_lock_file(path: &Path) -> Result<File> {
    OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| RepoError::io("open the lock file", path, e))
}

/// Remove a directory tree without following symlinks out of it
/// (`remove_dir_all` removes links, not their targets).
fn remove_tree(path: &Path) -> Result<()> {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => {
            fs::remove_dir_all(path).map_err(|e| RepoError::io("remove", path, e))
        }
        Ok(_) => fs::remove_file(path).map_err(|e| RepoError::io("remove", path, e)),
        Err(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        let c = Cache::new(Path::new("/c"));
        assert_eq!(
            c.repo_dir("psf", "requests"),
            Path::new("/c/repos/psf/requests.git")
        );
    }

    #[test]
    fn stale_temporaries_are_removed_but_not_while_locked() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path());
        let lock = c.lock("psf", "requests", || {}).unwrap();
        let t1 = c.temp_dir("psf", "requests", &lock);
        fs::create_dir_all(t1.join("objects")).unwrap();
        // Locked: start-up cleanup leaves it alone.
        assert_eq!(c.remove_all_stale_temporaries().unwrap(), 0);
        assert!(t1.exists());
        drop(lock);
        assert_eq!(c.remove_all_stale_temporaries().unwrap(), 1);
        assert!(!t1.exists());
    }

    #[test]
    fn a_temporary_names_exactly_one_repository() {
        assert_eq!(temp_repo_name(".x.git.tmp-12-0"), Some("x"));
        assert_eq!(
            temp_repo_name(".x.git.tmp-1.git.tmp-12-0"),
            Some("x.git.tmp-1")
        );
        assert_eq!(
            temp_repo_name(".x.git.tmp-1-2.git.tmp-3-4"),
            Some("x.git.tmp-1-2")
        );
        for not_one in [
            ".x.git.tmp-1",
            ".x.git.tmp-1-",
            "x.git.tmp-1-2",
            ".git.tmp-1-2",
            ".x.git-1-2",
            ".x.git.tmp-a-2",
        ] {
            assert_eq!(temp_repo_name(not_one), None, "{not_one}");
        }
        let c = Cache::new(Path::new("/c"));
        let dir = tempfile::tempdir().unwrap();
        let c2 = Cache::new(dir.path());
        let lock = c2.lock("o", "x.git.tmp-1", || {}).unwrap();
        let t = c2.temp_dir("o", "x.git.tmp-1", &lock);
        let name = t.file_name().unwrap().to_str().unwrap().to_string();
        assert_eq!(temp_repo_name(&name), Some("x.git.tmp-1"));
        assert!(c.repo_dir("o", "x").ends_with("o/x.git"));
    }

    #[test]
    fn quarantine_keeps_the_damaged_copy() {
        let dir = tempfile::tempdir().unwrap();
        let c = Cache::new(dir.path());
        let lock = c.lock("a", "b", || {}).unwrap();
        fs::create_dir_all(c.repo_dir("a", "b")).unwrap();
        fs::write(c.repo_dir("a", "b").join("HEAD"), "garbage").unwrap();
        let to = c.quarantine("a", "b", &lock).unwrap();
        assert!(to.starts_with(dir.path().join("repos/.damaged/a")));
        assert_eq!(fs::read_to_string(to.join("HEAD")).unwrap(), "garbage");
        assert!(!c.is_cloned("a", "b"));
    }
}
