//! The live grep (Ctrl-f in the explorer): a prompt searched as you type
//! over the repository's text at HEAD, results grouped by file, a preview
//! of the lines around the selected match, Enter to go there.
//!
//! Every keystroke that changes the search asks for a new `Effect::Grep`
//! under a new request id; the runner cancels the one in flight, and
//! results of any other request are dropped here. The last search of each
//! repository is remembered for the session (`State::grep_memory`).

use crate::app::explorer;
use crate::app::messages::{Action, Effect, JobResult};
use crate::app::state::{Screen, State};
use crate::repo::RepoPath;
use crate::search::{CaseMode, FileHit, LineHit, QueryOptions, SearchStats};

use super::Overlay;

/// Matching lines kept at most: the count goes on, the list stops.
pub const MAX_LINES: usize = 5000;

/// Bytes of a matching line kept for display, around its first match.
pub const MAX_LINE_BYTES: usize = 400;

/// Lines shown above and below a match in the preview.
pub const PREVIEW_CONTEXT: u64 = 6;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GrepField {
    #[default]
    Pattern,
    Glob,
}

/// What is typed: kept per repository when the grep closes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct GrepInput {
    pub pattern: String,
    /// Globs separated by spaces (`src/**/*.py !tests`).
    pub globs: String,
    pub word: bool,
    pub literal: bool,
}

impl GrepInput {
    pub fn options(&self) -> QueryOptions {
        QueryOptions {
            pattern: self.pattern.clone(),
            case: CaseMode::Smart,
            word: self.word,
            literal: self.literal,
            globs: self.globs.split_whitespace().map(str::to_string).collect(),
        }
    }
}

/// The preview of the selected match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    pub path: RepoPath,
    pub line: u64,
    /// The number of the first line of `lines`.
    pub first: u64,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrepView {
    pub repo: String,
    pub input: GrepInput,
    pub field: GrepField,
    /// The search on view (results of others are dropped).
    pub request: u64,
    /// Files with matches, in path order.
    pub files: Vec<FileHit>,
    /// Index into the matches, counted over all files in order.
    pub selected: usize,
    pub running: bool,
    pub stats: Option<SearchStats>,
    /// The pattern or a glob is wrong: said under the prompt.
    pub error: Option<String>,
    /// More matches than [`MAX_LINES`]: the list is cut.
    pub cut: bool,
    pub preview: Option<Preview>,
    /// The preview asked for last.
    pub preview_request: u64,
    /// What the search on view was asked with: a key that changes
    /// nothing (a space between globs) does not search again.
    pub searched: Option<QueryOptions>,
}

impl GrepView {
    /// The number of matching lines listed.
    pub fn match_count(&self) -> usize {
        self.files.iter().map(|f| f.lines.len()).sum()
    }

    /// The selected match: its file and line.
    pub fn selected_hit(&self) -> Option<(&FileHit, &LineHit)> {
        let mut n = self.selected;
        for f in &self.files {
            if n < f.lines.len() {
                return Some((f, &f.lines[n]));
            }
            n -= f.lines.len();
        }
        None
    }
}

/// Ctrl-f: open the grep over the open repository, with its last search.
pub(in crate::app) fn open(state: &mut State) -> Vec<Effect> {
    let Screen::Explorer(e) = &state.screen else {
        return Vec::new();
    };
    let repo = e.repo.clone();
    let input = state.grep_memory.get(&repo).cloned().unwrap_or_default();
    state.overlay = Some(Overlay::Grep(Box::new(GrepView {
        repo,
        input,
        field: GrepField::Pattern,
        request: 0,
        files: Vec::new(),
        selected: 0,
        running: false,
        stats: None,
        error: None,
        cut: false,
        preview: None,
        preview_request: 0,
        searched: None,
    })));
    restart(state)
}

fn view(state: &mut State) -> Option<&mut GrepView> {
    match &mut state.overlay {
        Some(Overlay::Grep(v)) => Some(v.as_mut()),
        _ => None,
    }
}

/// Start the search for what is typed now (nothing for an empty pattern).
fn restart(state: &mut State) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let options = v.input.options();
    if v.searched.as_ref() == Some(&options) {
        return Vec::new();
    }
    v.searched = Some(options.clone());
    let request = state.requests.new_id();
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let repo = v.repo.clone();
    v.request = request;
    v.files.clear();
    v.selected = 0;
    v.stats = None;
    v.error = None;
    v.cut = false;
    v.preview = None;
    v.running = !v.input.pattern.is_empty();
    let input = v.input.clone();
    state.grep_memory.insert(repo.clone(), input.clone());
    if input.pattern.is_empty() {
        return Vec::new();
    }
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    vec![Effect::Grep {
        repo,
        request,
        options,
        catalog_entry,
    }]
}

/// A key while the grep is open.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let text = match v.field {
        GrepField::Pattern => &mut v.input.pattern,
        GrepField::Glob => &mut v.input.globs,
    };
    match action {
        Action::Back => {
            state.overlay = None;
            return Vec::new();
        }
        Action::Char(c) => {
            text.push(c);
            return restart(state);
        }
        // A paste, or typed text that arrived in a burst: its first line,
        // searched once.
        Action::Paste(pasted) => {
            text.push_str(&crate::app::textarea::first_line(&pasted));
            return restart(state);
        }
        Action::DeleteChar if text.pop().is_some() => return restart(state),
        Action::SwitchField => {
            v.field = match v.field {
                GrepField::Pattern => GrepField::Glob,
                GrepField::Glob => GrepField::Pattern,
            };
        }
        Action::ToggleWord => {
            v.input.word = !v.input.word;
            return restart(state);
        }
        Action::ToggleLiteral => {
            v.input.literal = !v.input.literal;
            return restart(state);
        }
        Action::Up => return select(state, |s, _| s.saturating_sub(1)),
        Action::Down => return select(state, |s, n| (s + 1).min(n.saturating_sub(1))),
        Action::PageUp => return select(state, |s, _| s.saturating_sub(10)),
        Action::PageDown => return select(state, |s, n| (s + 10).min(n.saturating_sub(1))),
        Action::First => return select(state, |_, _| 0),
        Action::Last => return select(state, |_, n| n.saturating_sub(1)),
        Action::Open => return go_there(state),
        _ => {}
    }
    Vec::new()
}

fn select(state: &mut State, to: impl Fn(usize, usize) -> usize) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let n = v.match_count();
    let before = v.selected;
    v.selected = to(v.selected, n);
    if v.selected == before && v.preview.is_some() {
        return Vec::new();
    }
    ask_preview(state)
}

/// Ask for the lines around the selected match.
fn ask_preview(state: &mut State) -> Vec<Effect> {
    let request = state.requests.new_id();
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let Some((file, hit)) = v.selected_hit() else {
        return Vec::new();
    };
    let (path, line) = (file.path.clone(), hit.line);
    if v.preview
        .as_ref()
        .is_some_and(|p| p.path == path && p.line == line)
    {
        return Vec::new();
    }
    v.preview_request = request;
    let repo = v.repo.clone();
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    vec![Effect::GrepPreview {
        request,
        path,
        line,
        catalog_entry,
    }]
}

/// Enter: close the grep and open the file at the match's line.
fn go_there(state: &mut State) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let Some((file, hit)) = v.selected_hit() else {
        return Vec::new();
    };
    let (path, line) = (file.path.clone(), hit.line as usize);
    state.overlay = None;
    let requests = &mut state.requests;
    match &mut state.screen {
        Screen::Explorer(e) => {
            // A jump like any other: Ctrl-o comes back to where the grep
            // started.
            e.record_jump();
            explorer::go_to(e, path, Some(line.saturating_sub(1)), requests)
        }
        Screen::Home => Vec::new(),
    }
}

/// A grep job's result; those of another request are dropped.
pub(in crate::app) fn on_result(state: &mut State, result: JobResult) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    match result {
        JobResult::GrepFound { request, files } if request == v.request => {
            let first = v.files.is_empty();
            for f in files {
                let room = MAX_LINES.saturating_sub(v.match_count());
                if room == 0 {
                    v.cut = true;
                    break;
                }
                let mut f = f;
                if f.lines.len() > room {
                    f.lines.truncate(room);
                    v.cut = true;
                }
                // Keep path order: threads finish out of order.
                let at = v.files.partition_point(|g| g.index < f.index);
                v.files.insert(at, f);
            }
            if first && !v.files.is_empty() {
                return ask_preview(state);
            }
        }
        JobResult::GrepDone { request, result } if request == v.request => {
            v.running = false;
            match result {
                Ok(stats) => {
                    v.cut |= stats.truncated;
                    v.stats = Some(stats);
                }
                Err(e) => v.error = Some(e.to_string()),
            }
        }
        JobResult::GrepPreview {
            request,
            path,
            line,
            result,
        } if request == v.preview_request => match result {
            Ok((first, lines)) => {
                v.preview = Some(Preview {
                    path,
                    line,
                    first,
                    lines,
                })
            }
            Err(e) => v.error = Some(e.to_string()),
        },
        _ => {}
    }
    Vec::new()
}
