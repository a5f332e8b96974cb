//! Application state and its transitions, Elm style: keys and mouse events
//! become [`Action`]s (see [`keymap`]); [`update`] applies an action and
//! [`on_job`] a background job's result, neither doing any IO: both return
//! [`Effect`]s, jobs for the runtime (`tui/`, `jobs/runner.rs`) to start. `ui::render`
//! draws the state.
//!
//! Where things live: the state types in `state.rs`, the messages in
//! `messages.rs`, each overlay's keys under `overlays/`, the note box in
//! `notes.rs`, the clone flow in `clones.rs`, job results in
//! `job_results.rs` (the progress file's in `persist.rs`) and their one
//! error type in `job_error.rs`; the home screen and the explorer keep
//! their own state and keys in `home.rs` and `explorer/`.

pub mod bindings;
mod clones;
pub mod explorer;
pub mod home;
mod job_error;
mod job_results;
pub mod keymap;
pub mod layout;
pub mod line_edit;
mod messages;
mod notes;
mod overlays;
pub mod pane;
mod persist;
mod state;
pub mod textarea;

use std::sync::Arc;

use ratatui::layout::Rect;

pub use clones::DEEPEN_BY;
pub use explorer::{
    ExplorerState, FileState, FinderKind, LoadedFile, PREVIEW_TICKS, Pane, RepoOverview, TreeRow,
};
pub use home::{CloneFacts, HomeState, HomeTab, SortOrder};
pub use job_error::JobError;
pub use job_results::on_job;
pub use messages::{Action, Effect, JobResult, ProgressFailure};
pub use overlays::grep::{
    GrepField, GrepInput, GrepView, MAX_LINE_BYTES as GREP_MAX_LINE_BYTES,
    MAX_LINES as GREP_MAX_LINES, PREVIEW_CONTEXT as GREP_PREVIEW_CONTEXT, Preview as GrepPreview,
};
pub use overlays::picker::{PickerKind, PickerRow, PickerView, RowStyle, picker_box, visible_rows};
pub use overlays::{IntroLines, Overlay};
pub use pane::PaneCursor;
pub use persist::{
    OUTSIDE_TICKS, RETRY_TICKS, check_outside, retry as retry_progress,
    start_loading as load_progress,
};
pub use state::{Fetching, Mode, RepoStatus, RequestIds, Screen, Settings, State};
pub use textarea::TextArea;

/// Apply one action. Pure: no IO, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let mut effects = dispatch(state, action);
    effects.extend(clone_facts_wanted(state));
    effects
}

/// What the home screen's details pane needs read of the selected clone
/// (its key files, its size), once.
pub(crate) fn clone_facts_wanted(state: &mut State) -> Vec<Effect> {
    if !matches!(state.screen, Screen::Home) {
        return Vec::new();
    }
    let Some(repo) = state.home.selected_repo(&state.catalog) else {
        return Vec::new();
    };
    let id = repo.id.clone();
    if !matches!(state.status_of(&id), RepoStatus::Cloned(_))
        || state.deepening.contains_key(&id)
        || state.home.facts.contains_key(&id)
        || !state.home.facts_asked.insert(id.clone())
    {
        return Vec::new();
    }
    vec![Effect::ReadCloneFacts {
        repo: id,
        catalog_entry: Arc::new(repo.clone()),
    }]
}

fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    // A message stays until the next key or click: it has been seen.
    if !matches!(action, Action::Tick | Action::Resize { .. }) {
        state.status = None;
        // A prefix waits for one key: the next ends it, whatever it is.
        state.pending_key = match action {
            Action::Prefix(c) => Some(c),
            _ => None,
        };
    }
    if matches!(action, Action::Prefix(_) | Action::NoSequence) {
        return Vec::new();
    }
    if let Some(effects) = everywhere(state, action.clone()) {
        return effects;
    }
    if matches!(state.overlay, Some(Overlay::Note { .. })) {
        return notes::note_box(state, action);
    }
    if action == Action::Note
        && !matches!(
            state.mode(),
            Mode::Finder | Mode::Search | Mode::Prompt | Mode::Help
        )
    {
        return notes::open_note(state);
    }
    if state.overlay.is_some() {
        return overlays::apply(state, action);
    }
    if action == Action::UpdateClone
        && state.mode() == Mode::Explorer
        && let Screen::Explorer(e) = &state.screen
    {
        let repo = e.repo.clone();
        return clones::update(state, repo);
    }
    if action == Action::Grep && state.mode() == Mode::Explorer {
        return overlays::grep::open(state);
    }
    match state.explorer_and_context() {
        Some((e, ctx)) => {
            let outcome = explorer::apply(e, ctx, action);
            carry_out(state, outcome)
        }
        None => clones::home_action(state, action),
    }
}

/// Leaving the explorer stops its background fetch of a lazy clone's
/// files (what came stays; the next open goes on from there).
fn stop_prefetch(state: &mut State) -> Option<Effect> {
    let Screen::Explorer(e) = &mut state.screen else {
        return None;
    };
    e.prefetch.take().map(|_| Effect::CancelPrefetch {
        repo: e.repo.clone(),
    })
}

/// Do what the explorer asked for beyond its own state.
fn carry_out(state: &mut State, outcome: explorer::Outcome) -> Vec<Effect> {
    let mut effects = outcome.effects;
    // `e` opens the file in the repository's working copy when there is
    // one: the progress knows where step 5 made it.
    for e in &mut effects {
        if let Effect::OpenEditor {
            repo, working_copy, ..
        } = e
        {
            *working_copy = state
                .progress
                .repo(repo)
                .and_then(|p| p.working_copy.clone());
        }
    }
    if let Some(s) = outcome.status {
        state.status = Some(s);
    }
    match outcome.then {
        // Back where the person came from: the list that opened the
        // file, else the home screen.
        Some(explorer::Then::GoHome) => match state.return_to.take() {
            Some(back) => {
                if back.close_explorer {
                    effects.extend(state.record_place());
                    effects.extend(stop_prefetch(state));
                    state.screen = Screen::Home;
                }
                state.overlay = Some(*back.overlay);
                overlays::refresh(state);
            }
            None => {
                effects.extend(state.record_place());
                effects.extend(stop_prefetch(state));
                state.screen = Screen::Home;
            }
        },
        Some(explorer::Then::OpenView { repo, target }) => {
            effects.extend(overlays::request_view(state, repo, target));
        }
        Some(explorer::Then::Record(change)) => effects.extend(state.change(change)),
        // An answer that comes while another window is open waits for
        // nothing: it is not shown over it.
        Some(explorer::Then::OpenPicker(view)) if state.overlay.is_none() => {
            state.overlay = Some(Overlay::Picker(view));
        }
        Some(explorer::Then::OpenPicker(_)) => {}
        None => {}
    }
    effects
}

/// The actions that mean the same whatever is showing: quit, the clock,
/// a resize, the help and the study panel (the last two not while typing
/// into a finder). `None` for the others.
fn everywhere(state: &mut State, action: Action) -> Option<Vec<Effect>> {
    match action {
        Action::Quit => {
            state.should_quit = true;
            let mut effects = state.record_place();
            // A note being written is saved, not dropped.
            if matches!(state.overlay, Some(Overlay::Note { .. })) {
                effects.extend(notes::close_note(state));
            }
            return Some(effects);
        }
        Action::Tick => {
            state.tick = state.tick.wrapping_add(1);
            if let Screen::Explorer(e) = &mut state.screen {
                let effects = explorer::on_tick(e, &mut state.requests);
                if !effects.is_empty() {
                    return Some(effects);
                }
            }
        }
        Action::Resize { width, height } => {
            state.viewport = Rect::new(0, 0, width, height);
            state
                .home
                .keep_selection_visible(&state.catalog, state.viewport);
            if let Screen::Explorer(e) = &mut state.screen {
                explorer::keep_visible(e, state.viewport);
            }
            overlays::refresh(state);
        }
        // A picker shows its own keys over itself (see overlays/picker.rs).
        Action::ToggleHelp
            if !matches!(state.mode(), Mode::Finder | Mode::Search | Mode::Picker) =>
        {
            // Over a box, the box's own keys; closed, back to the box.
            if matches!(state.overlay, Some(Overlay::Help { .. })) {
                overlays::close_help(state);
            } else {
                let under = state.overlay.take().map(Box::new);
                state.overlay = Some(Overlay::Help { under });
            }
        }
        Action::Study if !matches!(state.mode(), Mode::Finder | Mode::Search) => {
            state.awaiting_view = None;
            state.overlay = match (&state.overlay, state.study_repo()) {
                (Some(Overlay::Study { .. }), _) | (_, None) => None,
                (_, Some(repo)) => Some(Overlay::Study { repo, selected: 0 }),
            };
        }
        _ => return None,
    }
    Some(Vec::new())
}
