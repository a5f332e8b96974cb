//! Study progress and notes: per repository, the six steps' states and
//! dates, the symbols marked read, and free-text notes on the repository, a
//! file or a symbol. No terminal code.
//!
//! Everything a person records is precious, so changes are *operations*
//! ([`Change`]) applied by [`Store::apply`] as a read-modify-write of
//! `progress.toml` under a lock file: two running instances each re-read
//! the file before writing, and neither loses the other's updates. Writes
//! are atomic (temporary file, fsync, rename, fsync of the directory), so
//! a process killed while saving leaves either the old file or the new one.
//! A file that does not parse is moved aside, never overwritten.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

pub mod commands;
pub mod docs;
pub mod markdown;
pub mod tests_map;
pub mod views;

use serde::{Deserialize, Serialize};

/// The six steps of the study method.
pub const STEPS: usize = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    #[default]
    Todo,
    InProgress,
    Done,
}

impl StepState {
    pub fn as_str(self) -> &'static str {
        match self {
            StepState::Todo => "todo",
            StepState::InProgress => "in progress",
            StepState::Done => "done",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// 1 to 6.
    pub number: u8,
    pub state: StepState,
    /// When it was marked done (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_on: Option<String>,
}

/// What a note is attached to.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteTarget {
    /// A file of the repository; none for the repository itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A symbol of that file (`Flask.route`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub symbol: Option<String>,
}

impl NoteTarget {
    pub fn repo() -> NoteTarget {
        NoteTarget {
            path: None,
            symbol: None,
        }
    }

    pub fn describe(&self) -> String {
        match (&self.path, &self.symbol) {
            (None, _) => "the repository".into(),
            (Some(p), None) => p.clone(),
            (Some(p), Some(s)) => format!("{p} > {s}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    #[serde(flatten)]
    pub target: NoteTarget,
    pub text: String,
    /// When it was last written (YYYY-MM-DD HH:MM, UTC).
    pub updated: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadSymbols {
    pub path: String,
    pub symbols: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RepoProgress {
    pub id: String,
    #[serde(default, rename = "step", skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepRecord>,
    #[serde(default, rename = "read", skip_serializing_if = "Vec::is_empty")]
    pub read: Vec<ReadSymbols>,
    #[serde(default, rename = "note", skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

impl RepoProgress {
    pub fn step(&self, number: u8) -> StepState {
        self.steps
            .iter()
            .find(|s| s.number == number)
            .map_or(StepState::Todo, |s| s.state)
    }

    pub fn done_on(&self, number: u8) -> Option<&str> {
        self.steps
            .iter()
            .find(|s| s.number == number)
            .and_then(|s| s.done_on.as_deref())
    }

    pub fn steps_done(&self) -> usize {
        (1..=STEPS as u8)
            .filter(|n| self.step(*n) == StepState::Done)
            .count()
    }

    pub fn read_count(&self) -> usize {
        self.read.iter().map(|r| r.symbols.len()).sum()
    }

    pub fn note(&self, target: &NoteTarget) -> Option<&Note> {
        self.notes.iter().find(|n| n.target == *target)
    }

    /// Whether a note is attached to this file (or one of its symbols:
    /// `symbol` none) or to this symbol.
    pub fn has_note(&self, path: &str, symbol: Option<&str>) -> bool {
        self.notes.iter().any(|n| {
            n.target.path.as_deref() == Some(path)
                && (symbol.is_none() || n.target.symbol.as_deref() == symbol)
        })
    }

    pub fn is_read(&self, path: &str, symbol: &str) -> bool {
        self.read
            .iter()
            .any(|r| r.path == path && r.symbols.iter().any(|s| s == symbol))
    }
}

/// Everything recorded, for every repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    #[serde(default = "format_version")]
    pub version: u32,
    #[serde(default, rename = "repo")]
    pub repos: Vec<RepoProgress>,
}

fn format_version() -> u32 {
    1
}

impl Default for Progress {
    fn default() -> Progress {
        Progress {
            version: format_version(),
            repos: Vec::new(),
        }
    }
}

impl Progress {
    pub fn repo(&self, id: &str) -> Option<&RepoProgress> {
        self.repos.iter().find(|r| r.id == id)
    }

    fn repo_mut(&mut self, id: &str) -> &mut RepoProgress {
        if let Some(i) = self.repos.iter().position(|r| r.id == id) {
            return &mut self.repos[i];
        }
        self.repos.push(RepoProgress {
            id: id.to_string(),
            ..RepoProgress::default()
        });
        self.repos.sort_by(|a, b| a.id.cmp(&b.id));
        let i = self.repos.iter().position(|r| r.id == id).unwrap_or(0);
        &mut self.repos[i]
    }

    /// Apply one change. Idempotent where it can be: setting a state twice
    /// is the same as once.
    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::SetStep {
                repo,
                number,
                state,
                today,
            } => {
                let r = self.repo_mut(repo);
                match r.steps.iter_mut().find(|s| s.number == *number) {
                    Some(s) => {
                        s.state = *state;
                        s.done_on = (*state == StepState::Done).then(|| today.clone());
                    }
                    None => r.steps.push(StepRecord {
                        number: *number,
                        state: *state,
                        done_on: (*state == StepState::Done).then(|| today.clone()),
                    }),
                }
                r.steps.sort_by_key(|s| s.number);
            }
            Change::MarkRead {
                repo,
                path,
                symbol,
                read,
            } => {
                let r = self.repo_mut(repo);
                let idx = match r.read.iter().position(|x| x.path == *path) {
                    Some(i) => i,
                    None => {
                        r.read.push(ReadSymbols {
                            path: path.clone(),
                            symbols: Vec::new(),
                        });
                        r.read.len() - 1
                    }
                };
                let syms = &mut r.read[idx].symbols;
                syms.retain(|s| s != symbol);
                if *read {
                    syms.push(symbol.clone());
                    syms.sort();
                }
                r.read.retain(|x| !x.symbols.is_empty());
                r.read.sort_by(|a, b| a.path.cmp(&b.path));
            }
            Change::SetNote {
                repo,
                target,
                text,
                now,
            } => {
                let r = self.repo_mut(repo);
                r.notes.retain(|n| n.target != *target);
                if !text.trim().is_empty() {
                    r.notes.push(Note {
                        target: target.clone(),
                        text: text.clone(),
                        updated: now.clone(),
                    });
                    r.notes.sort_by(|a, b| a.target.cmp(&b.target));
                }
            }
        }
    }
}

/// One thing a person did, to be saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    SetStep {
        repo: String,
        number: u8,
        state: StepState,
        /// YYYY-MM-DD, for a step marked done.
        today: String,
    },
    MarkRead {
        repo: String,
        path: String,
        symbol: String,
        read: bool,
    },
    /// An empty text removes the note.
    SetNote {
        repo: String,
        target: NoteTarget,
        text: String,
        now: String,
    },
}

impl Progress {
    /// Read a progress file's text; the error says at which line what is
    /// wrong (`origin` names the file).
    pub fn parse(text: &str, origin: &str) -> Result<Progress, String> {
        toml::from_str::<Progress>(text).map_err(|e| {
            let d = crate::catalog::Diagnostic::at(
                origin,
                text,
                e.span().unwrap_or(0..0),
                e.message().trim().to_string(),
                None,
            );
            format!("line {}: {}", d.line, d.message)
        })
    }
}

impl Change {
    /// The change in words, with a note's whole text: what to copy back by
    /// hand if it could not be saved.
    pub fn describe(&self) -> String {
        match self {
            Change::SetStep {
                repo,
                number,
                state,
                ..
            } => format!("{repo}: step {number} {}", state.as_str()),
            Change::MarkRead {
                repo,
                path,
                symbol,
                read,
            } => format!(
                "{repo}: {path} > {symbol} {}",
                if *read { "read" } else { "not read" }
            ),
            Change::SetNote {
                repo, target, text, ..
            } => format!("{repo}: note on {}:\n{text}", target.describe()),
        }
    }
}

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

/// The repository's notes and progress as Markdown.
pub fn export_markdown(
    repo: &crate::catalog::Repo,
    steps: &[crate::catalog::Step],
    progress: Option<&RepoProgress>,
) -> String {
    let mut out = format!(
        "# Study notes: {}\n\n{}\n\n## Progress\n\n",
        repo.id, repo.url
    );
    for (i, step) in steps.iter().enumerate() {
        let n = (i + 1) as u8;
        let (state, date) = progress.map_or((StepState::Todo, None), |p| (p.step(n), p.done_on(n)));
        let mark = if state == StepState::Done { "x" } else { " " };
        let when = date.map(|d| format!(" (done {d})")).unwrap_or_default();
        let extra = if state == StepState::InProgress {
            " (in progress)"
        } else {
            ""
        };
        out.push_str(&format!("- [{mark}] {n}. {}{when}{extra}\n", step.title));
    }
    if let Some(p) = progress {
        if !p.read.is_empty() {
            out.push_str("\n## Symbols read\n\n");
            for r in &p.read {
                out.push_str(&format!(
                    "- `{}`: {}\n",
                    r.path,
                    r.symbols
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if !p.notes.is_empty() {
            out.push_str("\n## Notes\n");
            for note in &p.notes {
                out.push_str(&format!(
                    "\n### {}\n\n_{}_\n\n{}\n",
                    note.target.describe(),
                    note.updated,
                    note.text.trim_end()
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(repo: &str, number: u8, state: StepState) -> Change {
        Change::SetStep {
            repo: repo.into(),
            number,
            state,
            today: "2026-11-24".into(),
        }
    }

    #[test]
    fn changes_apply_and_round_trip_through_toml() {
        let mut p = Progress::default();
        p.apply(&step("pallets/flask", 1, StepState::Done));
        p.apply(&step("pallets/flask", 2, StepState::InProgress));
        p.apply(&Change::MarkRead {
            repo: "pallets/flask".into(),
            path: "src/flask/app.py".into(),
            symbol: "Flask.route".into(),
            read: true,
        });
        p.apply(&Change::SetNote {
            repo: "pallets/flask".into(),
            target: NoteTarget {
                path: Some("src/flask/app.py".into()),
                symbol: Some("Flask".into()),
            },
            text: "The app object.\nSecond line with \"quotes\" and ''' and a \\ backslash.".into(),
            now: "2026-11-24 08:00".into(),
        });
        let r = p.repo("pallets/flask").unwrap();
        assert_eq!(r.steps_done(), 1);
        assert_eq!(r.done_on(1), Some("2026-11-24"));
        assert_eq!(r.step(2), StepState::InProgress);
        assert!(r.is_read("src/flask/app.py", "Flask.route"));
        let text = toml::to_string_pretty(&p).unwrap();
        let back: Progress = toml::from_str(&text).unwrap();
        assert_eq!(back, p);
        // Unmarking and an empty note remove them.
        p.apply(&Change::MarkRead {
            repo: "pallets/flask".into(),
            path: "src/flask/app.py".into(),
            symbol: "Flask.route".into(),
            read: false,
        });
        p.apply(&Change::SetNote {
            repo: "pallets/flask".into(),
            target: NoteTarget {
                path: Some("src/flask/app.py".into()),
                symbol: Some("Flask".into()),
            },
            text: " ".into(),
            now: "x".into(),
        });
        let r = p.repo("pallets/flask").unwrap();
        assert_eq!(r.read_count(), 0);
        assert!(r.notes.is_empty());
        // Undone steps lose their date.
        p.apply(&step("pallets/flask", 1, StepState::Todo));
        assert_eq!(p.repo("pallets/flask").unwrap().done_on(1), None);
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

/// Today's date (UTC) as YYYY-MM-DD, and the time as YYYY-MM-DD HH:MM.
pub fn today_and_now() -> (String, String) {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let now = format!("{date} {:02}:{:02}", rem / 3600, rem % 3600 / 60);
    (date, now)
}

/// Seconds since the epoch (already shifted to local time) as
/// YYYY-MM-DD HH:MM.
pub fn format_date(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian
/// (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod date_tests {
    #[test]
    fn civil_dates() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_416), (2025, 11, 24));
        assert_eq!(super::civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(super::civil_from_days(-1), (1969, 12, 31));
        // Any date a commit can carry, however absurd, formats.
        for secs in [i64::MAX, i64::MIN, i64::MAX - 1] {
            assert!(!super::format_date(secs).is_empty());
        }
    }
}
