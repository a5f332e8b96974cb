//! Application state and its transitions, Elm style: keys and mouse events
//! become [`Action`]s (see [`keymap`]); [`update`] applies an action and
//! [`on_job`] a background job's result, neither doing any IO: both return
//! [`Effect`]s, jobs for the runtime (`tui.rs`) to start. `ui::render`
//! draws the state.

pub mod explorer;
pub mod home;
pub mod keymap;
pub mod layout;
pub mod textarea;

use std::collections::HashMap;

use ratatui::layout::Rect;

use crate::catalog::Catalog;
use crate::outline::index::IndexEntry;
use crate::repo::{CloneOutcome, Depth, Entry, Progress, RepoPath};
use crate::study::views::{ListView, Target, View};
use crate::study::{self, Change, NoteTarget, StepKey, StepKind, StepState};
pub use explorer::{ExplorerState, FileState, FinderKind, LoadedFile, Pane, RepoOverview, TreeRow};
pub use home::{HomeState, HomeTab, SortOrder};
pub use textarea::TextArea;

/// Everything the screen shows, and nothing it does not.
#[derive(Debug, Clone)]
pub struct State {
    pub catalog: Catalog,
    pub home: HomeState,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Clone state of each repository, by id.
    pub repos: HashMap<String, RepoStatus>,
    /// A repository to open when its clone finishes (Enter was pressed on
    /// it and it is still the one selected).
    pub open_when_cloned: Option<String>,
    /// A message for the status line: what failed and what to do.
    pub status: Option<String>,
    /// The terminal's size, kept so that scrolling and mouse hit-testing
    /// can be computed in `update` from the same layout `render` uses.
    pub viewport: Rect,
    pub next_request: u64,
    /// Animation frame for spinners; advanced by `Action::Tick`.
    pub tick: u64,
    /// Ticks seen by the runtime, for refreshing `today` and `now`.
    pub tick_clock: u64,
    /// Study progress as last saved, with unsaved changes applied on top.
    pub progress: study::Progress,
    /// Changes not saved yet, numbered in the order made: each save sends
    /// them all (so one that failed goes again), and a finished save
    /// removes the numbers it wrote.
    pub pending: Vec<(u64, Change)>,
    pub next_change: u64,
    /// Today (YYYY-MM-DD) and now (YYYY-MM-DD HH:MM), set by the runtime:
    /// `update` reads no clock.
    pub today: String,
    pub now: String,
    /// The person's home folder, for default paths (`~/codestudy/<name>`).
    pub home_dir: Option<String>,
    /// The request of the view being built (a commit, a diff, a page of
    /// history); going back or elsewhere forgets it, and a result that is
    /// not this one is dropped.
    pub awaiting_view: Option<u64>,
    /// Clones fetching more history, with the depth they had: still there
    /// to read meanwhile.
    pub deepening: HashMap<String, Option<Depth>>,
    pub should_quit: bool,
}

#[derive(Debug, Clone)]
pub enum Screen {
    Home,
    Explorer(Box<ExplorerState>),
}

/// Where a repository of the catalog stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepoStatus {
    NotCloned,
    Cloning(Progress),
    /// In the cache; its depth once known.
    Cloned(Option<Depth>),
    Failed(String),
}

/// A window drawn over the current screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help,
    /// The study checklist of a repository; `selected` is a step index.
    Study {
        repo: String,
        selected: usize,
    },
    /// A view to read (README, community files, commands, a diff) as
    /// Markdown, scrolled; `step` is its study step, if any. Esc goes
    /// back to `back`.
    Document {
        repo: String,
        step: Option<StepKind>,
        title: String,
        markdown: String,
        scroll: usize,
        back: Option<Box<Overlay>>,
    },
    /// A list to open things from (tests, modules, history, a commit's
    /// files); Esc goes back to `back`.
    List {
        repo: String,
        view: ListView,
        selected: usize,
        scroll: usize,
        back: Option<Box<Overlay>>,
    },
    /// Asking where to make a working copy; Enter makes it, Esc cancels.
    WorkingCopyPrompt {
        repo: String,
        text: String,
    },
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

/// Which key map applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    Explorer,
    /// Typing into a finder: letters are text.
    Finder,
    Help,
    Study,
    Document,
    List,
    /// Typing a line of text.
    Prompt,
    /// Writing a note: letters are text, Enter a new line.
    Note,
}

/// Something the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Esc: close what is open, go back, or quit from the home screen.
    Back,
    ToggleHelp,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    NextCategory,
    PrevCategory,
    NextTab,
    ShowTab(HomeTab),
    ToggleSort,
    /// Enter: open, expand, clone.
    Open,
    CancelClone,
    RetryClone,
    FocusNext,
    FocusPrev,
    FindFiles,
    FindSymbols,
    Edit,
    CycleFilter,
    /// `s`: the study panel of the selected (or open) repository.
    Study,
    /// Space in the study panel: done or not.
    ToggleDone,
    /// `i` in the study panel: in progress.
    MarkInProgress,
    /// `m` in the outline: the selected symbol read or not.
    MarkRead,
    /// `w` in step 5's view: make a working copy.
    WorkingCopy,
    /// `d` (500 more commits) or `D` (`true`: everything) in a history.
    Deepen(bool),
    /// `L` in the explorer: the history of the selected file or directory.
    History,
    /// `n`: a note on the repository, the open file or the selected
    /// symbol.
    Note,
    /// Esc or Ctrl-s in the note box: save and close.
    SaveNote,
    Left,
    Right,
    /// Delete: the character under the cursor.
    DeleteForward,
    /// Typed into a finder.
    Char(char),
    DeleteChar,
    Tick,
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}

/// Work for the runtime: each becomes a background job (or, for the
/// editor, a pause of the terminal) whose result comes back as a
/// [`JobResult`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    StartClone {
        repo: String,
    },
    CancelClone {
        repo: String,
    },
    OpenRepo {
        repo: String,
        request: u64,
    },
    ListDir {
        repo: String,
        dir: RepoPath,
    },
    /// Load, outline and highlight one file; a newer request of this kind
    /// makes older ones stop.
    LoadFile {
        repo: String,
        path: RepoPath,
        request: u64,
    },
    LoadFileList {
        repo: String,
    },
    LoadIndex {
        repo: String,
    },
    OpenEditor {
        repo: String,
        path: RepoPath,
        line: usize,
    },
    /// Build step `step`'s view (see `jobs::step_view`).
    OpenStepView {
        repo: String,
        step: StepKind,
    },
    /// Build what a list entry opens (a history page, a commit, a diff).
    /// `request` comes back with the result: only the view last asked
    /// for, while nothing else was opened or closed since, is shown.
    OpenTarget {
        repo: String,
        target: Target,
        request: u64,
    },
    /// Make a working copy of the clone in `dest` (`~` is the home folder).
    MakeWorkingCopy {
        repo: String,
        dest: String,
    },
    /// Fetch more history into the clone (a clone whose result comes back
    /// as `CloneFinished`).
    Deepen {
        repo: String,
        depth: Depth,
    },
    /// Apply these changes, in order, to the progress file
    /// (read-modify-write); the numbers come back in `ProgressSaved`.
    SaveProgress(Vec<(u64, Change)>),
}

/// What a background job brings back.
#[derive(Debug, Clone)]
pub enum JobResult {
    CloneProgress {
        repo: String,
        progress: Progress,
    },
    CloneFinished {
        repo: String,
        result: Result<(CloneOutcome, Depth), String>,
    },
    RepoOpened {
        request: u64,
        result: Result<RepoOverview, String>,
    },
    DirListed {
        repo: String,
        dir: RepoPath,
        result: Result<Vec<Entry>, String>,
    },
    FileLoaded {
        request: u64,
        result: Result<LoadedFile, String>,
    },
    FileList {
        repo: String,
        result: Result<Vec<RepoPath>, String>,
    },
    IndexLoaded {
        repo: String,
        result: Result<Vec<IndexEntry>, String>,
    },
    EditorClosed {
        result: Result<(), String>,
    },
    WorkingCopyMade {
        repo: String,
        dest: String,
        result: Result<(), String>,
    },
    /// A step's view.
    StepView {
        repo: String,
        step: StepKind,
        result: Result<View, String>,
    },
    /// What a list entry opens.
    TargetOpened {
        repo: String,
        target: Target,
        request: u64,
        result: Result<View, String>,
    },
    /// The progress as saved (with other instances' updates), or why not.
    ProgressSaved {
        saved: Vec<u64>,
        result: Result<study::Progress, String>,
    },
}

impl State {
    /// `cloned`: the repositories already in the cache.
    pub fn new(catalog: Catalog, viewport: Rect) -> State {
        let home = HomeState::new(&catalog);
        let repos = catalog
            .repos()
            .map(|r| (r.id.clone(), RepoStatus::NotCloned))
            .collect();
        State {
            catalog,
            home,
            screen: Screen::Home,
            overlay: None,
            repos,
            open_when_cloned: None,
            status: None,
            viewport,
            next_request: 1,
            tick: 0,
            tick_clock: 0,
            progress: study::Progress::default(),
            pending: Vec::new(),
            next_change: 1,
            today: String::new(),
            now: String::new(),
            home_dir: None,
            awaiting_view: None,
            deepening: HashMap::new(),
            should_quit: false,
        }
    }

    pub fn mode(&self) -> Mode {
        match self.overlay {
            Some(Overlay::Help) => return Mode::Help,
            Some(Overlay::Study { .. }) => return Mode::Study,
            Some(Overlay::Document { .. }) => return Mode::Document,
            Some(Overlay::List { .. }) => return Mode::List,
            Some(Overlay::WorkingCopyPrompt { .. }) => return Mode::Prompt,
            Some(Overlay::Note { .. }) => return Mode::Note,
            None => {}
        }
        match &self.screen {
            Screen::Home => Mode::Home,
            Screen::Explorer(e) if e.finder.is_some() => Mode::Finder,
            Screen::Explorer(_) => Mode::Explorer,
        }
    }

    /// The mode of the screen under any overlay: which help to show.
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Home => Mode::Home,
            Screen::Explorer(e) if e.finder.is_some() => Mode::Finder,
            Screen::Explorer(_) => Mode::Explorer,
        }
    }

    pub fn status_of(&self, repo: &str) -> &RepoStatus {
        self.repos.get(repo).unwrap_or(&RepoStatus::NotCloned)
    }

    /// Record a change: shown at once, saved by a job (with any changes a
    /// failed save left behind).
    pub fn change(&mut self, change: Change) -> Vec<Effect> {
        self.progress.apply(&change);
        self.pending.push((self.next_change, change));
        self.next_change += 1;
        vec![Effect::SaveProgress(self.pending.clone())]
    }

    /// The repository the study panel is for: the open one, else the
    /// selected row.
    fn study_repo(&self) -> Option<String> {
        match &self.screen {
            Screen::Explorer(e) => Some(e.repo.clone()),
            Screen::Home => self.home.selected_repo(&self.catalog).map(|r| r.id.clone()),
        }
    }

    fn request(&mut self) -> u64 {
        self.next_request += 1;
        self.next_request
    }

    /// Open the explorer on a cloned repository.
    fn open_explorer(&mut self, repo: String) -> Vec<Effect> {
        let request = self.request();
        self.screen = Screen::Explorer(Box::new(ExplorerState::new(repo.clone(), request)));
        self.status = None;
        vec![Effect::OpenRepo { repo, request }]
    }
}

/// Apply one action. Pure: no IO, no clock.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    // A message stays until the next key or click: it has been seen.
    if !matches!(action, Action::Tick | Action::Resize { .. }) {
        state.status = None;
    }
    match action {
        Action::Quit => {
            state.should_quit = true;
            // A note being written is saved, not dropped.
            if matches!(state.overlay, Some(Overlay::Note { .. })) {
                return close_note(state);
            }
            return Vec::new();
        }
        Action::Tick => {
            state.tick = state.tick.wrapping_add(1);
            return Vec::new();
        }
        Action::Resize { width, height } => {
            state.viewport = Rect::new(0, 0, width, height);
            state
                .home
                .keep_selection_visible(&state.catalog, state.viewport);
            if let Screen::Explorer(e) = &mut state.screen {
                explorer::keep_visible(e, state.viewport);
            }
            return Vec::new();
        }
        Action::ToggleHelp if state.mode() != Mode::Finder => {
            state.overlay = match state.overlay {
                Some(Overlay::Help) => None,
                _ => Some(Overlay::Help),
            };
            return Vec::new();
        }
        Action::Study if state.mode() != Mode::Finder => {
            state.awaiting_view = None;
            state.overlay = match (&state.overlay, state.study_repo()) {
                (Some(Overlay::Study { .. }), _) | (_, None) => None,
                (_, Some(repo)) => Some(Overlay::Study { repo, selected: 0 }),
            };
            return Vec::new();
        }
        _ => {}
    }
    if matches!(state.overlay, Some(Overlay::Note { .. })) {
        return note_box(state, action);
    }
    if action == Action::Note && !matches!(state.mode(), Mode::Finder | Mode::Prompt | Mode::Help) {
        return open_note(state);
    }
    if let Some(Overlay::Study { repo, selected }) = state.overlay.clone() {
        return study_panel(state, repo, selected, action);
    }
    if let Some(Overlay::Document { .. }) = state.overlay {
        return document_view(state, action);
    }
    if let Some(Overlay::List { .. }) = state.overlay {
        return list_view(state, action);
    }
    if let Some(Overlay::WorkingCopyPrompt { repo, text }) = &mut state.overlay {
        match action {
            Action::Char(c) => text.push(c),
            Action::DeleteChar => {
                text.pop();
            }
            Action::Open => {
                let (repo, dest) = (repo.clone(), text.trim().to_string());
                state.overlay = Some(Overlay::Study {
                    repo: repo.clone(),
                    selected: StepKind::RunLocally.index(),
                });
                if dest.is_empty() {
                    return Vec::new();
                }
                state.status = Some(format!("making a working copy of {repo} in {dest}…"));
                return vec![Effect::MakeWorkingCopy { repo, dest }];
            }
            Action::Back => {
                let repo = repo.clone();
                state.overlay = Some(Overlay::Study {
                    repo,
                    selected: StepKind::RunLocally.index(),
                });
            }
            _ => {}
        }
        return Vec::new();
    }
    // While the help is open, a key closes it and does nothing else: a
    // person pressing keys at an overlay expects that.
    if state.overlay.is_some() {
        if !matches!(
            action,
            Action::ScrollUp { .. } | Action::ScrollDown { .. } | Action::Click { .. }
        ) {
            state.overlay = None;
        }
        return Vec::new();
    }
    if matches!(state.screen, Screen::Explorer(_)) {
        return explorer::apply(state, action);
    }
    home_action(state, action)
}

fn home_action(state: &mut State, action: Action) -> Vec<Effect> {
    let selected = state
        .home
        .selected_repo(&state.catalog)
        .map(|r| r.id.clone());
    match action {
        Action::Back => {
            state.should_quit = true;
            Vec::new()
        }
        Action::Open => {
            let Some(repo) = selected else {
                return Vec::new();
            };
            if state.deepening.contains_key(&repo) {
                return state.open_explorer(repo);
            }
            match state.status_of(&repo).clone() {
                RepoStatus::Cloned(_) => state.open_explorer(repo),
                RepoStatus::Cloning(_) => {
                    state.open_when_cloned = Some(repo);
                    Vec::new()
                }
                RepoStatus::NotCloned | RepoStatus::Failed(_) => start_clone(state, repo, true),
            }
        }
        Action::RetryClone => match selected {
            Some(repo)
                if matches!(
                    state.status_of(&repo),
                    RepoStatus::Failed(_) | RepoStatus::NotCloned
                ) =>
            {
                start_clone(state, repo, false)
            }
            _ => Vec::new(),
        },
        Action::CancelClone => match selected {
            Some(repo) if matches!(state.status_of(&repo), RepoStatus::Cloning(_)) => {
                if state.open_when_cloned.as_deref() == Some(&repo) {
                    state.open_when_cloned = None;
                }
                vec![Effect::CancelClone { repo }]
            }
            _ => Vec::new(),
        },
        other => {
            state.home.apply(&state.catalog, state.viewport, other);
            Vec::new()
        }
    }
}

fn start_clone(state: &mut State, repo: String, open_after: bool) -> Vec<Effect> {
    state
        .repos
        .insert(repo.clone(), RepoStatus::Cloning(Progress::default()));
    if open_after {
        state.open_when_cloned = Some(repo.clone());
    }
    state.status = None;
    vec![Effect::StartClone { repo }]
}

/// Keys in the study panel: move, toggle done, mark in progress, close.
fn study_panel(state: &mut State, repo: String, selected: usize, action: Action) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let steps = state.catalog.study.steps.len();
    let mut sel = selected;
    let effects = match action {
        Action::Up => {
            sel = sel.saturating_sub(1);
            Vec::new()
        }
        Action::Down => {
            sel = (sel + 1).min(steps.saturating_sub(1));
            Vec::new()
        }
        Action::First => {
            sel = 0;
            Vec::new()
        }
        Action::Last => {
            sel = steps.saturating_sub(1);
            Vec::new()
        }
        Action::ToggleDone | Action::MarkInProgress => {
            let number = (sel + 1) as u8;
            let current = state
                .progress
                .repo(&repo)
                .map_or(StepState::Todo, |r| r.step(number));
            let target = match (action, current) {
                (Action::ToggleDone, StepState::Done) => StepState::Todo,
                (Action::ToggleDone, _) => StepState::Done,
                (_, StepState::InProgress) => StepState::Todo,
                _ => StepState::InProgress,
            };
            state.change(Change::SetStep {
                repo: repo.clone(),
                number,
                state: target,
                today: state.today.clone(),
            })
        }
        Action::Open => {
            // Each of the six steps of the method has a view; a catalog
            // with more steps has nothing to open for the others.
            let Some(step) = StepKind::at(sel) else {
                return Vec::new();
            };
            if matches!(state.status_of(&repo), RepoStatus::Cloned(_))
                || state.deepening.contains_key(&repo)
            {
                vec![Effect::OpenStepView {
                    repo: repo.clone(),
                    step,
                }]
            } else {
                state.status = Some(format!(
                    "{repo} is not cloned yet: Enter on the home screen clones it"
                ));
                Vec::new()
            }
        }
        Action::Back => {
            state.overlay = None;
            return Vec::new();
        }
        _ => Vec::new(),
    };
    if matches!(state.overlay, Some(Overlay::Study { .. })) {
        state.overlay = Some(Overlay::Study {
            repo,
            selected: sel,
        });
    }
    effects
}

/// Keys in a step's document: scroll, back to the checklist.
fn document_view(state: &mut State, action: Action) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let (width, visible) = layout::document_text_size(state.viewport);
    let page = visible.saturating_sub(1).max(1);
    let Some(Overlay::Document {
        repo,
        step,
        scroll,
        markdown,
        ..
    }) = &mut state.overlay
    else {
        return Vec::new();
    };
    let max_scroll = study::markdown::render(markdown, width)
        .len()
        .saturating_sub(visible);
    match action {
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += page,
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::First => *scroll = 0,
        Action::Last => *scroll = max_scroll,
        Action::WorkingCopy if step.is_some_and(|s| s.takes(StepKey::WorkingCopy)) => {
            let name = repo.rsplit('/').next().unwrap_or(repo).to_string();
            let text = match &state.home_dir {
                Some(_) => format!("~/codestudy/{name}"),
                None => format!("codestudy/{name}"),
            };
            let repo = repo.clone();
            state.overlay = Some(Overlay::WorkingCopyPrompt { repo, text });
            return Vec::new();
        }
        Action::Back => {
            go_back(state);
            return Vec::new();
        }
        _ => {}
    }
    *scroll = (*scroll).min(max_scroll);
    Vec::new()
}

/// Ask for a view to be built; it opens over what is showing when it
/// comes, unless the person went elsewhere meanwhile.
pub(crate) fn request_view(state: &mut State, repo: String, target: Target) -> Vec<Effect> {
    let request = state.request();
    state.awaiting_view = Some(request);
    vec![Effect::OpenTarget {
        repo,
        target,
        request,
    }]
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
fn go_back(state: &mut State) {
    state.awaiting_view = None;
    state.overlay = match state.overlay.take() {
        Some(Overlay::Document { back, .. } | Overlay::List { back, .. }) => back.map(|b| *b),
        _ => None,
    };
}

/// Keys in a list: move over the entries that open something, open one,
/// fetch more history, go back.
fn list_view(state: &mut State, action: Action) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let viewport = state.viewport;
    let Some(Overlay::List {
        repo,
        view,
        selected,
        scroll,
        ..
    }) = &mut state.overlay
    else {
        return Vec::new();
    };
    let visible = layout::list_rows(viewport, layout::list_intro(viewport, &view.intro).len());
    let openable: Vec<usize> = (0..view.items.len())
        .filter(|i| view.items[*i].target.is_some())
        .collect();
    let at = openable.iter().position(|i| i == selected);
    let pick = |k: usize| openable.get(k).copied();
    let page = visible.saturating_sub(1).max(1);
    let moved = match (action, at) {
        (Action::Down, Some(k)) => pick(k + 1),
        (Action::Up, Some(k)) => k.checked_sub(1).and_then(pick),
        (Action::PageDown, Some(k)) => pick((k + page).min(openable.len().saturating_sub(1))),
        (Action::PageUp, Some(k)) => pick(k.saturating_sub(page)),
        (Action::First, _) => pick(0),
        (Action::Last, _) => openable.last().copied(),
        (Action::Down | Action::Up | Action::PageDown | Action::PageUp, None) => pick(0),
        _ => None,
    };
    if let Some(i) = moved {
        *selected = i;
        // Headings above the first entry stay in view.
        if openable.first() == Some(&i) {
            *scroll = 0;
        }
        if i < *scroll {
            *scroll = i;
        } else if i >= *scroll + visible {
            *scroll = i + 1 - visible;
        }
        return Vec::new();
    }
    match action {
        Action::Open => {
            let Some(target) = view.items.get(*selected).and_then(|it| it.target.clone()) else {
                return Vec::new();
            };
            let repo = repo.clone();
            match target {
                Target::File { path } => open_file_in_explorer(state, repo, &path),
                target => request_view(state, repo, target),
            }
        }
        Action::Deepen(full) if view.deepen => {
            let repo = repo.clone();
            let what = if full {
                "the whole history"
            } else {
                "500 more commits"
            };
            state.status = Some(format!(
                "fetching {what} of {repo} in the background; open the history again when it is done"
            ));
            go_back(state);
            let before = match state.status_of(&repo) {
                RepoStatus::Cloned(d) => *d,
                _ => None,
            };
            // 500 more than the clone has now.
            let depth = match (full, before) {
                (true, _) => Depth::Full,
                (false, Some(Depth::Commits(n))) => Depth::Commits(n.saturating_add(DEEPEN_BY)),
                (false, _) => Depth::Commits(DEEPEN_BY),
            };
            // The clone stays usable meanwhile, and is given back as it was
            // if the fetch fails or is cancelled.
            state.deepening.insert(repo.clone(), before);
            state.repos.insert(
                repo.clone(),
                RepoStatus::Cloning(crate::repo::Progress::default()),
            );
            vec![Effect::Deepen { repo, depth }]
        }
        Action::Back => {
            go_back(state);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Enter on a file in a list: the explorer on it, opening the repository
/// first if another screen is showing.
fn open_file_in_explorer(state: &mut State, repo: String, path: &str) -> Vec<Effect> {
    let Ok(path) = crate::repo::RepoPath::parse(path) else {
        state.status = Some(format!("cannot open {path}: not a path of the repository"));
        return Vec::new();
    };
    state.overlay = None;
    let mut next_request = state.next_request;
    let effects = match &mut state.screen {
        Screen::Explorer(e) if e.repo == repo => explorer::go_to(e, path, None, &mut next_request),
        _ => {
            let effects = state.open_explorer(repo);
            if let Screen::Explorer(e) = &mut state.screen {
                e.open_after = Some(path);
            }
            return effects;
        }
    };
    state.next_request = next_request;
    effects
}

/// `n`: open the note box on what is selected: in the explorer the
/// outline's symbol (outline focused) or the open file, elsewhere the
/// repository.
fn open_note(state: &mut State) -> Vec<Effect> {
    let target = match (&state.screen, &state.overlay) {
        (Screen::Explorer(e), None) => match &e.file {
            Some(f) => NoteTarget {
                path: Some(f.path.to_string_lossy()),
                symbol: (e.focus == Pane::Outline)
                    .then(|| e.outline_rows.get(e.outline_sel).map(|r| r.dotted()))
                    .flatten(),
            },
            None => NoteTarget::repo(),
        },
        _ => NoteTarget::repo(),
    };
    let Some(repo) = (match &state.overlay {
        Some(
            Overlay::Study { repo, .. }
            | Overlay::Document { repo, .. }
            | Overlay::List { repo, .. },
        ) => Some(repo.clone()),
        _ => state.study_repo(),
    }) else {
        return Vec::new();
    };
    let original = state
        .progress
        .repo(&repo)
        .and_then(|p| p.note(&target))
        .map(|n| n.text.clone())
        .unwrap_or_default();
    let back = state.overlay.take().map(Box::new);
    state.overlay = Some(Overlay::Note {
        repo,
        target,
        area: TextArea::new(&original),
        original,
        back,
    });
    Vec::new()
}

/// Keys in the note box: edit; Esc or Ctrl-s saves and closes.
fn note_box(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Note { area, .. }) = &mut state.overlay else {
        return Vec::new();
    };
    match action {
        Action::Char(c) => area.insert(c),
        Action::Open => area.newline(),
        Action::DeleteChar => area.backspace(),
        Action::DeleteForward => area.delete(),
        Action::Left => area.left(),
        Action::Right => area.right(),
        Action::Up => area.up(),
        Action::Down => area.down(),
        Action::First => area.home(),
        Action::Last => area.end(),
        Action::Back | Action::SaveNote => return close_note(state),
        _ => {}
    }
    Vec::new()
}

/// Close the note box, saving what changed (an empty note is removed).
fn close_note(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Note {
        repo,
        target,
        area,
        original,
        back,
    }) = state.overlay.take()
    else {
        return Vec::new();
    };
    state.overlay = back.map(|b| *b);
    let text = area.text().trim_end().to_string();
    if text == original.trim_end() {
        return Vec::new();
    }
    state.status = Some(if text.is_empty() {
        format!("note on {} removed", target.describe())
    } else {
        format!("note on {} saved", target.describe())
    });
    state.change(Change::SetNote {
        repo,
        target,
        text,
        now: state.now.clone(),
    })
}

/// Open a view over what is showing; Esc comes back to it.
fn show_view(state: &mut State, repo: String, step: Option<StepKind>, view: View) {
    let back = state.overlay.take().map(Box::new);
    state.overlay = Some(match view {
        View::Document { title, markdown } => Overlay::Document {
            repo,
            step,
            title,
            markdown,
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
                selected,
                scroll: 0,
                back,
            }
        }
    });
}

/// How many commits `d` fetches more of a shallow clone.
pub const DEEPEN_BY: u32 = 500;

/// Apply a background job's result. Pure; stale results are dropped.
pub fn on_job(state: &mut State, result: JobResult) -> Vec<Effect> {
    match result {
        JobResult::StepView { repo, step, result } => {
            match result {
                // Shown only if the checklist it came from is still open.
                Ok(view) if matches!(&state.overlay, Some(Overlay::Study { repo: r, .. }) if *r == repo) =>
                {
                    show_view(state, repo, Some(step), view);
                }
                Ok(_) => {}
                Err(e) => state.status = Some(e),
            }
            Vec::new()
        }
        JobResult::TargetOpened {
            repo,
            target,
            request,
            result,
        } => {
            if state.awaiting_view != Some(request) {
                return Vec::new();
            }
            state.awaiting_view = None;
            let here = match &state.overlay {
                Some(Overlay::List { repo: r, .. }) => *r == repo,
                None => matches!(&state.screen, Screen::Explorer(e) if e.repo == repo),
                _ => false,
            };
            match result {
                Ok(View::List(more))
                    if here && matches!(target, Target::History { skip, .. } if skip > 0) =>
                {
                    // The next page of the history on view: appended in
                    // place of its "older commits" entry.
                    if let Some(Overlay::List { view, .. }) = &mut state.overlay {
                        view.items.retain(|it| it.target.as_ref() != Some(&target));
                        view.items.extend(more.items);
                    }
                }
                Ok(view) if here => show_view(state, repo, None, view),
                Ok(_) => {}
                Err(e) => state.status = Some(e),
            }
            Vec::new()
        }
        JobResult::WorkingCopyMade { repo, dest, result } => {
            state.status = Some(match result {
                Ok(()) => format!(
                    "working copy of {repo} made in {dest}: cd there and run the commands of step 5"
                ),
                Err(e) => e,
            });
            Vec::new()
        }
        JobResult::ProgressSaved { saved, result } => {
            match result {
                Ok(progress) => {
                    // What was saved is done; anything changed since is
                    // still pending and shown on top of the saved state.
                    state.pending.retain(|(n, _)| !saved.contains(n));
                    state.progress = progress;
                    for (_, c) in &state.pending {
                        state.progress.apply(c);
                    }
                }
                Err(e) => {
                    state.status = Some(format!(
                        "not saved, kept here and saved with your next change or when you quit: {e}"
                    ))
                }
            }
            Vec::new()
        }
        JobResult::CloneProgress { repo, progress } => {
            if matches!(state.status_of(&repo), RepoStatus::Cloning(_)) {
                state.repos.insert(repo, RepoStatus::Cloning(progress));
            }
            Vec::new()
        }
        JobResult::CloneFinished { repo, result } => {
            if let Some(before) = state.deepening.remove(&repo) {
                // More history, or the clone as it was.
                match result {
                    Ok((_, depth)) => {
                        state
                            .repos
                            .insert(repo.clone(), RepoStatus::Cloned(Some(depth)));
                        state.status = Some(format!(
                            "{repo} now has {depth}: open the history again to see it"
                        ));
                        // The explorer's header says what the clone holds.
                        if let Screen::Explorer(e) = &mut state.screen
                            && e.repo == repo
                            && let Some(o) = &mut e.overview
                        {
                            o.depth = depth;
                        }
                    }
                    Err(e) => {
                        state.repos.insert(repo.clone(), RepoStatus::Cloned(before));
                        state.status = Some(if e == "cancelled" {
                            format!(
                                "fetching more history of {repo} cancelled; the clone is as it was"
                            )
                        } else {
                            format!(
                                "could not fetch more history of {repo}: {e}; the clone is as it was"
                            )
                        });
                    }
                }
                return Vec::new();
            }
            let open = state.open_when_cloned.as_deref() == Some(repo.as_str());
            match result {
                Ok((_, depth)) => {
                    state
                        .repos
                        .insert(repo.clone(), RepoStatus::Cloned(Some(depth)));
                    state.open_when_cloned = None;
                    let still_selected = state
                        .home
                        .selected_repo(&state.catalog)
                        .is_some_and(|r| r.id == repo);
                    if open
                        && still_selected
                        && matches!(state.screen, Screen::Home)
                        && state.overlay.is_none()
                    {
                        return state.open_explorer(repo);
                    }
                    state.status = Some(format!("{repo} is ready: press Enter to open it"));
                }
                Err(e) if e == "cancelled" => {
                    state.repos.insert(repo.clone(), RepoStatus::NotCloned);
                    state.status = Some(format!("clone of {repo} cancelled"));
                    if open {
                        state.open_when_cloned = None;
                    }
                }
                Err(e) => {
                    state.status = Some(format!("could not clone {repo}: {e} - press r to retry"));
                    state.repos.insert(repo, RepoStatus::Failed(e));
                    if open {
                        state.open_when_cloned = None;
                    }
                }
            }
            Vec::new()
        }
        other => match &mut state.screen {
            Screen::Explorer(_) => explorer::on_job(state, other),
            Screen::Home => Vec::new(),
        },
    }
}
