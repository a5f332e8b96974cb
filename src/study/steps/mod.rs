//! The steps of the study method, one file each: what Enter on a step
//! shows, its hint in the checklist and the keys its view adds. A new step
//! is a file here, a variant of [`StepKind`] (in [`StepKind::ALL`] and
//! [`StepKind::info`]), and a `[[study.steps]]` in the catalog.

use crate::catalog::Repo;
use crate::intel::Index;
use crate::repo::{Content, Entry, RepoPath, Snapshot};

use super::markdown::fence_for;
use super::progress::{RepoProgress, StepState};
use super::views::View;

pub mod community;
pub mod documentation;
pub mod history;
pub mod modules;
pub mod run_locally;
pub mod test_files;

/// A step of the method. The catalog lists the steps in this order: its
/// first `[[study.steps]]` is `Documentation`, and so on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StepKind {
    Documentation,
    Tests,
    Community,
    Modules,
    RunLocally,
    History,
}

/// A key a step's view takes besides scrolling and Esc.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKey {
    /// `w`: make a working copy of the clone.
    WorkingCopy,
}

/// What a step is, written once, in the step's own file.
pub struct StepInfo {
    /// The view's title, after the step's number: "2. Tests: psf/requests".
    pub title: &'static str,
    /// What Enter opens, as the checklist says it.
    pub hint: &'static str,
    /// The keys its view adds.
    pub keys: &'static [StepKey],
    /// Whether its view reads the code index (built, or loaded from its
    /// cache, before the view is).
    pub uses_intel: bool,
    /// Builds the view from the clone (the repository's progress, and the
    /// code index when it uses one and one could be built).
    pub view: fn(&Snapshot, &Repo, Option<&RepoProgress>, Option<&Index>) -> View,
}

impl StepKind {
    /// Every step, in the catalog's order.
    pub const ALL: [StepKind; 6] = [
        StepKind::Documentation,
        StepKind::Tests,
        StepKind::Community,
        StepKind::Modules,
        StepKind::RunLocally,
        StepKind::History,
    ];

    pub fn info(self) -> &'static StepInfo {
        match self {
            StepKind::Documentation => &documentation::STEP,
            StepKind::Tests => &test_files::STEP,
            StepKind::Community => &community::STEP,
            StepKind::Modules => &modules::STEP,
            StepKind::RunLocally => &run_locally::STEP,
            StepKind::History => &history::STEP,
        }
    }

    /// The step at `index` (from 0) of the catalog's list; `None` past the
    /// method's steps: a catalog with more has nothing to open for those.
    pub fn at(index: usize) -> Option<StepKind> {
        StepKind::ALL.get(index).copied()
    }

    /// Its place in the catalog's list, from 0.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its number, as shown and as saved in the progress file, from 1.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// What Enter opens, for the checklist.
    pub fn hint(self) -> &'static str {
        self.info().hint
    }

    /// Whether its view takes `key`.
    pub fn takes(self, key: StepKey) -> bool {
        self.info().keys.contains(&key)
    }

    /// Its view's title: "2. Tests: psf/requests".
    pub fn title(self, repo_id: &str) -> String {
        format!("{}. {}: {repo_id}", self.number(), self.info().title)
    }

    /// What Enter on the step shows: Markdown to read, or a list to open
    /// things from.
    pub fn view(
        self,
        snap: &Snapshot,
        repo: &Repo,
        progress: Option<&RepoProgress>,
        intel: Option<&Index>,
    ) -> View {
        (self.info().view)(snap, repo, progress, intel)
    }

    /// Whether its view reads the code index.
    pub fn uses_intel(self) -> bool {
        self.info().uses_intel
    }
}

// Beside the steps rather than in progress.rs, so that the records need
// not know the method: only the method's own steps count.
impl RepoProgress {
    pub fn steps_done(&self) -> usize {
        StepKind::ALL
            .iter()
            .filter(|s| self.step(s.number()) == StepState::Done)
            .count()
    }
}

/// Text files up to this size are shown whole.
const SHOW_CAP: u64 = 512 * 1024;

/// A text file of the clone, if it is one and not too large to show.
/// A file larger than this is not read even to show its start: the note
/// says how large it is.
const READ_AT_MOST: u64 = 64 * 1024 * 1024;

/// A text file to show, the first [`SHOW_CAP`] bytes of a larger one cut
/// at a line's end, with a note saying so; `None` when it is not text.
fn read_text_cut(snap: &Snapshot, path: &RepoPath) -> Option<(String, Option<String>)> {
    match snap.read(path, SHOW_CAP).ok()? {
        Content::Text { text, .. } => Some((text, None)),
        Content::TooLarge { size, .. } => {
            let name = crate::sanitize::sanitize_line(&path.to_string()).into_owned();
            let note =
                |shown: &str| format!("{name} is {}; showing {shown}.", crate::text::size(size),);
            if size > READ_AT_MOST {
                return Some((
                    String::new(),
                    Some(note("none of it: it is too large to read")),
                ));
            }
            let bytes = snap.read_blob(path, READ_AT_MOST).ok()?.ok()?.bytes;
            if crate::repo::read::is_binary(&bytes) {
                return None;
            }
            let mut head = &bytes[..bytes.len().min(SHOW_CAP as usize)];
            // On a line boundary: the last line is not shown half.
            if let Some(nl) = head.iter().rposition(|b| *b == b'\n') {
                head = &head[..=nl];
            }
            let text = String::from_utf8_lossy(head).into_owned();
            let shown = format!("the first {}", crate::text::size(SHOW_CAP));
            Some((text, Some(note(&shown))))
        }
        _ => None,
    }
}

fn read_text(snap: &Snapshot, path: &RepoPath) -> Option<String> {
    match snap.read(path, SHOW_CAP).ok()? {
        Content::Text { text, .. } => Some(text),
        _ => None,
    }
}

/// Markdown as it is, reStructuredText lowered to Markdown (a `.txt` too
/// when it is written in it, as Django's docs are), anything else (plain
/// text) as a preformatted block, so nothing in it is taken for markup.
pub fn as_markdown(path: &str, text: &str) -> String {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        text.to_string()
    } else if lower.ends_with(".rst")
        || lower.ends_with(".rest")
        || (lower.ends_with(".txt") && crate::study::rst::looks_like_rst(text))
    {
        crate::study::rst::to_markdown(text)
    } else {
        let fence = fence_for(text);
        format!("{fence}\n{text}\n{fence}\n")
    }
}

fn root_files(snap: &Snapshot) -> Vec<Entry> {
    snap.list_dir(None).unwrap_or_default()
}

fn name_of(e: &Entry) -> String {
    String::from_utf8_lossy(e.path.file_name()).into_owned()
}

#[cfg(test)]
mod tests {
    use super::StepKind;

    #[test]
    fn each_step_knows_its_place_and_the_checklist_order() {
        for (i, step) in StepKind::ALL.iter().enumerate() {
            assert_eq!(step.index(), i);
            assert_eq!(usize::from(step.number()), i + 1);
            assert_eq!(StepKind::at(i), Some(*step));
        }
        assert_eq!(StepKind::at(StepKind::ALL.len()), None);
    }
}
