//! What a person records while studying a repository: each step's state
//! and the date it was done, the symbols marked read, and free-text notes
//! on the repository, a file or a symbol; and the [`Change`]s that edit it.

use serde::{Deserialize, Serialize};

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
    /// Where the explorer was left: reopening the repository returns there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<LastPlace>,
    /// The working copy made in step 5, as its folder: `e` opens files
    /// there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub working_copy: Option<String>,
}

/// The file, the source cursor (1-based line, 0-based column) and the
/// first line shown (1-based) when the explorer was left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastPlace {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub top: u32,
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
            Change::SetPlace { repo, place } => self.repo_mut(repo).place = Some(place.clone()),
            Change::SetWorkingCopy { repo, folder } => {
                self.repo_mut(repo).working_copy = Some(folder.clone());
            }
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
    /// Where the explorer was left in `repo`.
    SetPlace { repo: String, place: LastPlace },
    /// The working copy of `repo` was made in `folder`.
    SetWorkingCopy { repo: String, folder: String },
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
            Change::SetPlace { repo, place } => {
                format!("{repo}: left at {}:{}", place.path, place.line)
            }
            Change::SetWorkingCopy { repo, folder } => {
                format!("{repo}: working copy in {folder}")
            }
        }
    }
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
        // The place left round-trips too.
        p.apply(&Change::SetPlace {
            repo: "pallets/flask".into(),
            place: LastPlace {
                path: "src/flask/app.py".into(),
                line: 1415,
                column: 8,
                top: 1400,
            },
        });
        let text = toml::to_string_pretty(&p).unwrap();
        assert_eq!(toml::from_str::<Progress>(&text).unwrap(), p, "{text}");
        // Undone steps lose their date.
        p.apply(&step("pallets/flask", 1, StepState::Todo));
        assert_eq!(p.repo("pallets/flask").unwrap().done_on(1), None);
    }
}
