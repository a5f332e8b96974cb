//! `progress.toml` on disk. Everything a person records is precious, so
//! changes are *operations* ([`Change`]) applied by [`Store::apply`] as a
//! read-modify-write of the file under a lock file: two running instances
//! each re-read the file before writing, and neither loses the other's
//! updates. Writes are atomic (temporary file, fsync, rename, fsync of the
//! directory), so a process killed while saving leaves either the old file
//! or the new one. A file that does not parse is moved aside, never
//! overwritten.
//!
//! The lock is waited for a bounded time ([`Store::with_lock_wait`]): a
//! holder that is stopped or hung must not freeze every other instance, so
//! past the wait the error names the holder (its pid, which it writes
//! beside the lock, `progress.lock.pid`) and what to do.
//!
//! A `progress.toml` that is a symbolic link (a dotfile manager keeps it in
//! its own repository) stays one: saves replace the file it points to,
//! atomically, with the temporary file beside that file.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::lock_holder::{
    holder_line, is_stopped, lock_holder_pid, parse_holder_line, pid_alive, program_name,
};
use super::progress::{Change, Progress};

/// How long the command line waits for the lock before giving up: far
/// longer than any save holds it (milliseconds, tens for a huge file),
/// short enough that a script notices.
pub const DEFAULT_LOCK_WAIT: Duration = Duration::from_secs(3);

#[derive(Debug, thiserror::Error)]
pub enum StudyError {
    #[error(
        "{path} does not parse ({detail}); it was moved to {moved_to} and a new one is started: nothing in it is lost, copy back what you need"
    )]
    Corrupt {
        path: PathBuf,
        detail: String,
        moved_to: PathBuf,
    },
    #[error(
        "could not {action} {path}: {cause}; nothing on disk was changed (check the disk space and the permissions of --data-dir)"
    )]
    Io {
        action: &'static str,
        path: PathBuf,
        /// Shown in the message, not chained: printed once.
        cause: std::io::Error,
    },
    #[error(
        "{busy}; waited {}, nothing was read or changed: run this again when it ends, or {}",
        seconds(*waited),
        busy.remedy()
    )]
    Locked { busy: LockBusy, waited: Duration },
}

/// The lock is held by someone else: who, as far as can be told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LockBusy {
    pub lock: PathBuf,
    pub holder: Option<Holder>,
}

/// The process holding the lock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holder {
    pub pid: u32,
    /// Its command line as it wrote it, or its program name.
    pub what: String,
    /// Stopped by job control (Ctrl-z) or a debugger: it will not let go
    /// until resumed.
    pub stopped: bool,
}

impl std::fmt::Display for LockBusy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let lock = self.lock.display();
        match &self.holder {
            Some(h) => {
                write!(f, "{lock} is held by pid {} ({})", h.pid, h.what)?;
                if h.stopped {
                    write!(
                        f,
                        ", which is stopped (resume it with `fg` in its terminal or `kill -CONT {}`)",
                        h.pid
                    )?;
                }
                Ok(())
            }
            None => write!(
                f,
                "{lock} is held by another process (it did not say which)"
            ),
        }
    }
}

impl LockBusy {
    /// What to do if the holder is not going to let go.
    pub fn remedy(&self) -> String {
        let lock = self.lock.display();
        match &self.holder {
            Some(_) => format!("remove {lock} if no such process runs"),
            None => format!("remove {lock} if no codestudy is running"),
        }
    }
}

/// `progress.toml` and its lock in the data dir.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    lock_wait: Duration,
}

/// The lock, held until dropped; the holder file goes first, so that a
/// holder file seen by another process names a live holder (unless the
/// holder was killed, which the reader checks).
struct Locked {
    _file: File,
    holder_file: PathBuf,
}

impl Drop for Locked {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.holder_file);
    }
}

impl Store {
    /// The store in `data_dir`, waiting [`DEFAULT_LOCK_WAIT`] for the lock.
    pub fn new(data_dir: &Path) -> Store {
        Store {
            dir: data_dir.to_path_buf(),
            lock_wait: DEFAULT_LOCK_WAIT,
        }
    }

    /// Wait at most `wait` for the lock before failing with
    /// [`StudyError::Locked`].
    pub fn with_lock_wait(mut self, wait: Duration) -> Store {
        self.lock_wait = wait;
        self
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("progress.toml")
    }

    pub fn lock_path(&self) -> PathBuf {
        self.dir.join("progress.lock")
    }

    fn holder_path(&self) -> PathBuf {
        self.dir.join("progress.lock.pid")
    }

    fn lock(&self) -> Result<Locked, StudyError> {
        let io = |action, cause| StudyError::Io {
            action,
            path: self.dir.clone(),
            cause,
        };
        fs::create_dir_all(&self.dir).map_err(|e| io("create", e))?;
        let path = self.lock_path();
        let start = Instant::now();
        let mut pause = Duration::from_millis(5);
        loop {
            let file = OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .open(&path)
                .map_err(|e| io("open the lock file in", e))?;
            match file.try_lock() {
                Ok(()) => {
                    // Removed (as a stale lock may be) and made again by
                    // another process between our open and our lock: this
                    // lock guards nothing, take the new file's.
                    if !same_file(&file, &path) {
                        continue;
                    }
                    let _ = fs::write(self.holder_path(), holder_line());
                    return Ok(Locked {
                        _file: file,
                        holder_file: self.holder_path(),
                    });
                }
                Err(fs::TryLockError::WouldBlock) => {
                    let waited = start.elapsed();
                    if waited >= self.lock_wait {
                        return Err(StudyError::Locked {
                            busy: self.who_holds(&file),
                            waited: self.lock_wait,
                        });
                    }
                    std::thread::sleep(pause.min(self.lock_wait - waited));
                    pause = (pause * 2).min(Duration::from_millis(100));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io("lock the progress in", e)),
            }
        }
    }

    /// Who holds the lock: the kernel's lock table where there is one
    /// (it also knows holders that wrote no pid, such as `flock`), else
    /// the pid the holder wrote, if that process still runs.
    fn who_holds(&self, lock: &File) -> LockBusy {
        let written = fs::read_to_string(self.holder_path())
            .ok()
            .and_then(|t| parse_holder_line(&t));
        // A holder that handed the lock to a child and exited is listed
        // under its own, dead, pid.
        let kernel = lock
            .metadata()
            .ok()
            .and_then(|m| lock_holder_pid(&m))
            .filter(|pid| pid_alive(*pid));
        let holder = match (kernel, written) {
            (Some(pid), Some((p, what))) if p == pid => Some((pid, what)),
            (Some(pid), _) => Some((pid, program_name(pid).unwrap_or_else(|| "unknown".into()))),
            (None, Some((pid, what))) if pid_alive(pid) => Some((pid, what)),
            (None, _) => None,
        };
        LockBusy {
            lock: self.lock_path(),
            holder: holder.map(|(pid, what)| Holder {
                pid,
                what,
                stopped: is_stopped(pid),
            }),
        }
    }

    /// Read the progress. A missing file is an empty progress; one that
    /// does not parse is moved aside (and the error says where).
    pub fn load(&self) -> Result<Progress, StudyError> {
        let _lock = self.lock()?;
        self.remove_stale_temporaries();
        self.read_locked()
    }

    fn read_locked(&self) -> Result<Progress, StudyError> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            // Also a symbolic link to a file not made yet.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Progress::default()),
            Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                return Err(self.move_aside(&path, "it is not UTF-8".into()));
            }
            Err(cause) => {
                return Err(StudyError::Io {
                    action: "read",
                    path,
                    cause,
                });
            }
        };
        Progress::parse(&text, &path.display().to_string())
            .map_err(|detail| self.move_aside(&path, detail))
    }

    /// Move the unreadable file aside: the file itself, so that behind a
    /// symbolic link the copy stays where the person keeps the file and
    /// the link is kept (the next save makes the file again).
    fn move_aside(&self, path: &Path, detail: String) -> StudyError {
        let from = match resolve_links(path) {
            Ok(p) => p,
            Err(cause) => {
                return StudyError::Io {
                    action: "follow the link",
                    path: path.to_path_buf(),
                    cause,
                };
            }
        };
        let (dir, name) = dir_and_name(&from);
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut to = dir.join(format!("{name}.corrupt-{secs}"));
        let mut n = 1;
        while to.exists() {
            to = dir.join(format!("{name}.corrupt-{secs}-{n}"));
            n += 1;
        }
        match fs::rename(&from, &to) {
            Ok(()) => StudyError::Corrupt {
                path: path.to_path_buf(),
                detail,
                moved_to: to,
            },
            Err(cause) => StudyError::Io {
                action: "move aside the unreadable",
                path: from,
                cause,
            },
        }
    }

    /// Apply changes to what is on disk now, under the lock, and save
    /// atomically; returns the progress as saved. On error nothing on disk
    /// changed and the caller keeps the changes to try again.
    pub fn apply(&self, changes: &[Change]) -> Result<Progress, StudyError> {
        let _lock = self.lock()?;
        self.remove_stale_temporaries();
        let mut progress = match self.read_locked() {
            Ok(p) => p,
            // The unreadable file was moved aside: start from empty.
            Err(StudyError::Corrupt { .. }) => Progress::default(),
            Err(e) => return Err(e),
        };
        for c in changes {
            progress.apply(c);
        }
        self.write_locked(&progress)?;
        Ok(progress)
    }

    fn write_locked(&self, progress: &Progress) -> Result<(), StudyError> {
        let link = self.path();
        let path = resolve_links(&link).map_err(|cause| StudyError::Io {
            action: "follow the link",
            path: link.clone(),
            cause,
        })?;
        let io = |action, cause| StudyError::Io {
            action,
            path: path.clone(),
            cause,
        };
        let text = format!(
            "# codestudy study progress and notes (see \"Where files go\" in the README).\n# Written atomically by codestudy; safe to edit while codestudy is not running.\n\n{}",
            toml::to_string_pretty(progress).unwrap_or_default()
        );
        let (dir, name) = dir_and_name(&path);
        let tmp = dir.join(temp_name(&name, std::process::id()));
        // The file keeps its permissions (a person may have made it
        // private).
        let permissions = fs::metadata(&path).ok().map(|m| m.permissions());
        let result = (|| -> Result<(), StudyError> {
            let mut f = File::create(&tmp).map_err(|e| io("write", e))?;
            if let Some(p) = permissions {
                let _ = f.set_permissions(p);
            }
            f.write_all(text.as_bytes()).map_err(|e| io("write", e))?;
            f.sync_all().map_err(|e| io("write", e))?;
            fs::rename(&tmp, &path).map_err(|e| io("replace", e))?;
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    /// Remove the temporary files of saves killed midway (in the data dir,
    /// and beside the file `progress.toml` links to). Called under the
    /// lock, so no save of this data dir is writing one; the pid in the
    /// name must also be dead, in case another data dir links to the same
    /// file.
    fn remove_stale_temporaries(&self) {
        let mut places = vec![(self.dir.clone(), "progress.toml".to_string())];
        if let Ok(target) = resolve_links(&self.path()) {
            let (dir, name) = dir_and_name(&target);
            if (dir.as_path(), name.as_str()) != (self.dir.as_path(), "progress.toml") {
                places.push((dir, name));
            }
        }
        let me = std::process::id();
        for (dir, name) in places {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let file = entry.file_name();
                let Some(pid) = file.to_str().and_then(|f| temp_pid(f, &name)) else {
                    continue;
                };
                let is_file = entry.file_type().is_ok_and(|t| t.is_file());
                if is_file && pid != me && !pid_alive(pid) {
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// `5 s`, `0.2 s`.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// The temporary file a save by `pid` writes before renaming it to `name`.
fn temp_name(name: &str, pid: u32) -> String {
    format!(".{name}.tmp-{pid}")
}

/// The pid in a temporary file's name, if `file` is one for `name`.
fn temp_pid(file: &str, name: &str) -> Option<u32> {
    let pid = file
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix(".tmp-")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

fn dir_and_name(path: &Path) -> (PathBuf, String) {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map_or_else(
        || "progress.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    (dir, name)
}

/// Follow `path` while it is a symbolic link; the file it ends at may not
/// exist yet. The data dir is the person's own: following links there is
/// what they asked for.
fn resolve_links(path: &Path) -> std::io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As the kernel's limit on links in one lookup.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(std::io::Error::other("too many levels of symbolic links"))
}

fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
