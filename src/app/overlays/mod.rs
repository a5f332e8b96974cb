//! Windows drawn over the screen: the help, the study checklist, a step's
//! document, a list to open things from, the live grep, the code index's
//! pickers, the working-copy prompt and the note box. Each has its keys in its own file (the note box in
//! `app/notes.rs`); the views they open come back through [`show_view`].

mod document;
pub mod grep;
mod list;
pub mod picker;
pub(crate) mod prompt;
mod study_panel;

use super::layout;
use super::messages::{Action, Effect};
use super::pane::PaneCursor;
use super::state::State;
use super::textarea::TextArea;
use crate::study::NoteTarget;
use crate::study::StepKind;
use crate::study::markdown::Rendered;
use crate::study::views::{ListView, Target, View};
use ratatui::layout::Rect;

/// A window drawn over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        /// The box the help was opened over: its keys are the ones shown,
        /// and closing the help comes back to it.
        under: Option<Box<Overlay>>,
    },
    /// The study checklist of a repository; `selected` is a step index.
    Study { repo: String, selected: usize },
    /// A view to read (README, community files, commands, a diff) as
    /// Markdown, scrolled; `step` is its study step, if any. Esc goes
    /// back to `back`.
    Document {
        repo: String,
        step: Option<StepKind>,
        title: String,
        markdown: String,
        /// `markdown` rendered for the document box's width (see
        /// [`refresh`]).
        rendered: Rendered,
        scroll: usize,
        /// Its addresses and commands, and the one selected (`Tab`): `y`
        /// copies it, `o` opens an address.
        targets: Vec<crate::study::markdown::DocTarget>,
        target: Option<usize>,
        back: Option<Box<Overlay>>,
    },
    /// A list to open things from (tests, modules, history, a commit's
    /// files); Esc goes back to `back`.
    List {
        repo: String,
        view: ListView,
        /// The intro's lines wrapped for the screen size (see [`refresh`]).
        intro: IntroLines,
        /// On an entry that opens something (or the first entry).
        cursor: PaneCursor,
        /// What it was opened as (a path's history, a commit...); `None`
        /// for a step's view.
        origin: Option<Target>,
        back: Option<Box<Overlay>>,
    },
    /// A yes-or-no question before something that cannot be undone (the
    /// removal of a clone): `y` or Enter does it, `n` or Esc does not.
    Confirm { repo: String, question: String },
    /// Asking where to make a working copy; Enter makes it, Esc cancels.
    WorkingCopyPrompt {
        repo: String,
        edit: crate::app::line_edit::LineEdit,
    },
    /// The live grep over the open repository.
    Grep(Box<grep::GrepView>),
    /// Definitions, references or the module map, from the code index.
    Picker(Box<picker::PickerView>),
    /// Writing a note; Esc (or Ctrl-s) saves it and goes back to `back`.
    Note {
        repo: String,
        target: NoteTarget,
        area: TextArea,
        /// The note's text when the box opened: unchanged text is not
        /// saved again.
        original: String,
        back: Option<Box<Overlay>>,
    },
}

/// A key or mouse event while an overlay is open.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    match &state.overlay {
        Some(Overlay::Study { repo, selected }) => {
            let (repo, selected) = (repo.clone(), *selected);
            study_panel::apply(state, repo, selected, action)
        }
        Some(Overlay::Document { .. }) => document::apply(state, action),
        Some(Overlay::List { .. }) => list::apply(state, action),
        Some(Overlay::WorkingCopyPrompt { .. }) => prompt::apply(state, action),
        Some(Overlay::Confirm { repo, .. }) => {
            let repo = repo.clone();
            match action {
                Action::Open => {
                    state.overlay = None;
                    crate::app::clones::remove(state, repo)
                }
                Action::Back => {
                    state.overlay = None;
                    state.status = Some(format!("the clone of {repo} is kept"));
                    Vec::new()
                }
                // Any other key: still asking.
                _ => Vec::new(),
            }
        }
        Some(Overlay::Note { .. }) => super::notes::note_box(state, action),
        Some(Overlay::Grep(_)) => grep::apply(state, action),
        Some(Overlay::Picker(_)) => picker::apply(state, action),
        Some(Overlay::Help { .. }) => {
            // While the help is open, a key closes it and does nothing else: a
            // person pressing keys at an overlay expects that.
            if !matches!(
                action,
                Action::ScrollUp { .. }
                    | Action::ScrollDown { .. }
                    | Action::ScrollLeft { .. }
                    | Action::ScrollRight { .. }
                    | Action::Click { .. }
            ) {
                close_help(state);
            }
            Vec::new()
        }
        None => Vec::new(),
    }
}

/// Close the help: back to the box it was opened over, if any.
pub(crate) fn close_help(state: &mut State) {
    if let Some(Overlay::Help { under }) = state.overlay.take() {
        state.overlay = under.map(|b| *b);
    }
}

impl Overlay {
    /// The mode of the keys this box takes.
    pub fn mode(&self) -> super::state::Mode {
        use super::state::Mode;
        match self {
            Overlay::Help { .. } => Mode::Help,
            Overlay::Study { .. } => Mode::Study,
            Overlay::Document { .. } => Mode::Document,
            Overlay::List { .. } => Mode::List,
            Overlay::WorkingCopyPrompt { .. } => Mode::Prompt,
            Overlay::Confirm { .. } => Mode::Confirm,
            Overlay::Note { .. } => Mode::Note,
            Overlay::Grep(_) => Mode::Grep,
            Overlay::Picker(v) if v.typing => Mode::PickerFilter,
            Overlay::Picker(_) => Mode::Picker,
        }
    }
}

/// Open a view over what is showing; Esc comes back to it.
pub(super) fn show_view(state: &mut State, repo: String, step: Option<StepKind>, view: View) {
    let back = state.overlay.take().map(Box::new);
    state.overlay = Some(match view {
        View::Document {
            title,
            markdown,
            links_from,
        } => Overlay::Document {
            repo,
            step,
            title,
            targets: crate::study::markdown::targets(&markdown, links_from.as_deref()),
            target: None,
            markdown,
            rendered: Rendered::default(),
            scroll: 0,
            back,
        },
        View::List(view) => {
            let selected = view
                .items
                .iter()
                .position(|it| it.target.is_some())
                .unwrap_or(0);
            Overlay::List {
                repo,
                view,
                intro: IntroLines::default(),
                cursor: PaneCursor::at(selected),
                origin: None,
                back,
            }
        }
    });
    refresh(state);
}

/// A list's intro lines as laid out for one screen size.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IntroLines {
    pub area: Rect,
    pub lines: Vec<String>,
}

/// Bring the showing overlay's laid-out text up to date with the screen
/// size: done when a view opens, comes back or the terminal is resized,
/// never per frame or per key, so that drawing and scrolling a long
/// document or commit message cost what is on the screen.
pub(crate) fn refresh(state: &mut State) {
    let area = state.viewport;
    let overlay = match &mut state.overlay {
        Some(Overlay::Note { back: Some(b), .. }) => Some(&mut **b),
        other => other.as_mut(),
    };
    let (width, _) = layout::document_text_size(area);
    match overlay {
        Some(Overlay::Document {
            markdown, rendered, ..
        }) if rendered.width != width || (rendered.lines.is_empty() && !markdown.is_empty()) => {
            *rendered = Rendered::new(markdown, width);
        }
        Some(Overlay::List { view, intro, .. })
            if intro.area != area || (intro.lines.is_empty() && !view.intro.is_empty()) =>
        {
            *intro = IntroLines {
                area,
                lines: layout::list_intro(area, &view.intro),
            };
        }
        _ => {}
    }
}

/// Ask for a view to be built; it opens over what is showing when it
/// comes, unless the person went elsewhere meanwhile.
pub(super) fn request_view(state: &mut State, repo: String, target: Target) -> Vec<Effect> {
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    let request = state.requests.new_id();
    state.awaiting_view = Some(request);
    vec![Effect::OpenTarget {
        repo,
        target,
        request,
        catalog_entry,
    }]
}

/// `m` on a file in a list, its symbols come: every one marked read, or
/// (when every one already was) none; the list's entry says so at once.
pub(crate) fn on_file_symbols(
    state: &mut State,
    repo: String,
    path: String,
    result: Result<Vec<(String, u32)>, crate::app::JobError>,
) -> Vec<Effect> {
    let shown = crate::sanitize::sanitize_line(&path).into_owned();
    let symbols = match result {
        Ok(s) if s.is_empty() => {
            state.status = Some(format!("{shown} has no symbols to mark read"));
            return Vec::new();
        }
        Ok(s) => s,
        Err(e) => {
            state.status = Some(e.to_string());
            return Vec::new();
        }
    };
    let is_read = |state: &State, name: &str| {
        state
            .progress
            .repo(&repo)
            .is_some_and(|p| p.is_read(&path, name))
    };
    let read = !symbols.iter().all(|(name, _)| is_read(state, name));
    let mut effects = Vec::new();
    for (name, _) in &symbols {
        if is_read(state, name) != read {
            // Each change is saved with those before it: the last save
            // holds them all.
            effects = state.change(crate::study::Change::MarkRead {
                repo: repo.clone(),
                path: path.clone(),
                symbol: name.clone(),
                read,
            });
        }
    }
    let n = symbols.len();
    state.status = Some(if read {
        format!("{shown}: all {n} symbols marked read (m again: none)")
    } else {
        format!("{shown}: its {n} symbols marked not read")
    });
    // The entry's count and where Enter opens, as they are now.
    if let Some(Overlay::List { repo: r, view, .. }) = &mut state.overlay
        && *r == repo
    {
        for item in view.items.iter_mut() {
            let same = matches!(
                &item.target,
                Some(Target::File { path: p } | Target::FileAt { path: p, .. }) if *p == path
            );
            if !same {
                continue;
            }
            if let Some(rest) = item.detail.split_once(" read").map(|(_, rest)| rest) {
                let why = rest.split_once(" · ").map(|(_, w)| w.to_string());
                let (count, target) = if read {
                    (format!("{n}/{n} read"), Target::File { path: path.clone() })
                } else {
                    (
                        format!("0/{n} read, next {}", symbols[0].0),
                        Target::FileAt {
                            path: path.clone(),
                            line: symbols[0].1,
                        },
                    )
                };
                item.detail = match why {
                    Some(w) => format!("{count} · {w}"),
                    None => count,
                };
                item.target = Some(target);
            }
        }
    }
    effects
}

/// In the overlays the mouse wheel moves as `j` and `k` do.
fn wheel_as_keys(action: Action) -> Action {
    match action {
        Action::ScrollDown { .. } => Action::Down,
        Action::ScrollUp { .. } => Action::Up,
        other => other,
    }
}

/// Esc in a view: back to what it was opened from.
pub(super) fn go_back(state: &mut State) {
    state.awaiting_view = None;
    state.overlay = match state.overlay.take() {
        Some(Overlay::Document { back, .. } | Overlay::List { back, .. }) => back.map(|b| *b),
        _ => None,
    };
    refresh(state);
}
