//! `progress.toml` on disk. Everything a person records is precious, so
//! changes are *operations* ([`Change`]) applied by [`Store::apply`] as a
//! read-modify-write of the file under a lock file: two running instances
//! each re-read the file before writing, and neither loses the other's
//! updates. Writes are atomic (temporary file, fsync, rename, fsync of the
//! directory), so a process killed while saving leaves either the old file
//! or the new one. A file that does not parse is moved aside, never
//! overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::progress::{Change, Progress};

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
}

/// `progress.toml` and its lock in the data dir.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(data_dir: &Path) -> Store {
        Store {
            dir: data_dir.to_path_buf(),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join("progress.toml")
    }

    fn lock(&self) -> Result<File, StudyError> {
        let io = |action, cause| StudyError::Io {
            action,
            path: self.dir.clone(),
            cause,
        };
        fs::create_dir_all(&self.dir).map_err(|e| io("create", e))?;
        let path = self.dir.join("progress.lock");
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("open the lock file in", e))?;
        file.lock().map_err(|e| io("lock the progress in", e))?;
        Ok(file)
    }

    /// Read the progress. A missing file is an empty progress; one that
    /// does not parse is moved aside (and the error says where).
    pub fn load(&self) -> Result<Progress, StudyError> {
        let _lock = self.lock()?;
        self.read_locked()
    }

    fn read_locked(&self) -> Result<Progress, StudyError> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
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

    fn move_aside(&self, path: &Path, detail: String) -> StudyError {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut to = self.dir.join(format!("progress.toml.corrupt-{secs}"));
        let mut n = 1;
        while to.exists() {
            to = self.dir.join(format!("progress.toml.corrupt-{secs}-{n}"));
            n += 1;
        }
        match fs::rename(path, &to) {
            Ok(()) => StudyError::Corrupt {
                path: path.to_path_buf(),
                detail,
                moved_to: to,
            },
            Err(cause) => StudyError::Io {
                action: "move aside the unreadable",
                path: path.to_path_buf(),
                cause,
            },
        }
    }

    /// Apply changes to what is on disk now, under the lock, and save
    /// atomically; returns the progress as saved. On error nothing on disk
    /// changed and the caller keeps the changes to try again.
    pub fn apply(&self, changes: &[Change]) -> Result<Progress, StudyError> {
        let _lock = self.lock()?;
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
        let path = self.path();
        let io = |action, cause| StudyError::Io {
            action,
            path: path.clone(),
            cause,
        };
        let text = format!(
            "# codestudy study progress and notes (see \"Where files go\" in the README).\n# Written atomically by codestudy; safe to edit while codestudy is not running.\n\n{}",
            toml::to_string_pretty(progress).unwrap_or_default()
        );
        let tmp = self
            .dir
            .join(format!(".progress.toml.tmp-{}", std::process::id()));
        let result = (|| -> Result<(), StudyError> {
            let mut f = File::create(&tmp).map_err(|e| io("write", e))?;
            f.write_all(text.as_bytes()).map_err(|e| io("write", e))?;
            f.sync_all().map_err(|e| io("write", e))?;
            fs::rename(&tmp, &path).map_err(|e| io("replace", e))?;
            if let Ok(d) = File::open(&self.dir) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::study::StepState;

    fn step(repo: &str, number: u8, state: StepState) -> Change {
        Change::SetStep {
            repo: repo.into(),
            number,
            state,
            today: "2026-11-24".into(),
        }
    }

    #[test]
    fn store_saves_reloads_and_moves_a_corrupt_file_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        assert_eq!(store.load().unwrap(), Progress::default());
        store
            .apply(&[step("psf/requests", 3, StepState::Done)])
            .unwrap();
        assert_eq!(
            store
                .load()
                .unwrap()
                .repo("psf/requests")
                .unwrap()
                .steps_done(),
            1
        );

        fs::write(store.path(), "this is [not toml").unwrap();
        let err = store.load().unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("does not parse"), "{msg}");
        assert!(msg.contains("progress.toml.corrupt-"), "{msg}");
        let moved: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .filter(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("progress.toml.corrupt-")
            })
            .collect();
        assert_eq!(moved.len(), 1);
        assert_eq!(
            fs::read_to_string(moved[0].path()).unwrap(),
            "this is [not toml",
            "kept as it was"
        );
        // The next save starts afresh, and the corrupt copy stays.
        store
            .apply(&[step("psf/requests", 1, StepState::Done)])
            .unwrap();
        assert_eq!(
            store
                .load()
                .unwrap()
                .repo("psf/requests")
                .unwrap()
                .steps_done(),
            1
        );
    }

    #[test]
    fn a_failed_write_is_a_clear_error_and_the_old_file_stays() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        store
            .apply(&[step("psf/requests", 1, StepState::Done)])
            .unwrap();
        let before = fs::read_to_string(store.path()).unwrap();
        // A directory where the temporary file must go: the write fails,
        // even for root (who ignores permissions).
        fs::create_dir(
            dir.path()
                .join(format!(".progress.toml.tmp-{}", std::process::id())),
        )
        .unwrap();
        let err = store
            .apply(&[step("psf/requests", 2, StepState::Done)])
            .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("could not write"), "{msg}");
        assert!(msg.contains("nothing on disk was changed"), "{msg}");
        assert_eq!(
            fs::read_to_string(store.path()).unwrap(),
            before,
            "the old file is untouched"
        );
        fs::remove_dir(
            dir.path()
                .join(format!(".progress.toml.tmp-{}", std::process::id())),
        )
        .unwrap();
        store
            .apply(&[step("psf/requests", 2, StepState::Done)])
            .unwrap();
        assert_eq!(
            store
                .load()
                .unwrap()
                .repo("psf/requests")
                .unwrap()
                .steps_done(),
            2,
            "saved on retry"
        );
    }
}
