//! The state the screen is drawn from: [`State`], the screen under the
//! overlays, each repository's clone status, and which key map applies.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ratatui::layout::Rect;

use super::explorer::{self, ExplorerState, FileState};
use super::home::HomeState;
use super::messages::Effect;
use super::overlays::Overlay;
use crate::catalog::{self, Catalog};
use crate::repo::{Depth, Progress};
use crate::study::{self, Change};

/// Everything the screen shows, and nothing it does not.
/// Which history a deepening refreshes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryRefresh {
    /// Step 6's view.
    Step,
    /// A path's or a symbol's history.
    View(crate::study::views::Target),
}

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
    /// Ids for the requests whose results can go stale (a repository
    /// opened, a file loaded, a view built).
    pub requests: RequestIds,
    /// Animation frame for spinners; advanced by `Action::Tick`.
    pub tick: u64,
    /// Study progress as last saved, with unsaved changes applied on top.
    pub progress: study::Progress,
    /// Changes not saved yet, numbered in the order made: each save sends
    /// them all (so one that failed goes again), and a finished save
    /// removes the numbers it wrote.
    pub pending: Vec<(u64, Change)>,
    pub next_change: u64,
    /// Whether the saved progress has been read (by a job at start-up, or
    /// brought back by a save); until then `progress` holds only the
    /// changes made since.
    pub progress_loaded: bool,
    /// A load of the progress is running.
    pub loading_progress: bool,
    /// Saves sent and not answered yet.
    pub saves_in_flight: usize,
    /// Another process holds the progress file's lock: loading and saving
    /// are tried again every few seconds (`persist::retry`).
    pub progress_locked: Option<study::LockBusy>,
    /// Ticks seen by `persist::retry`, which tries again every few.
    pub retry_ticks: u64,
    /// Today (YYYY-MM-DD) and now (YYYY-MM-DD HH:MM), brought by the
    /// runtime in `JobResult::Surroundings`: `update` reads no clock.
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
    /// The history open when `d`/`D` asked for more: built again when the
    /// fetch ends, if it is still showing.
    pub history_refresh: Option<(String, HistoryRefresh)>,
    /// Of those, the ones being updated (`u`: the default branch fetched
    /// at the depth the clone has), not deepened.
    pub updating: HashSet<String>,
    /// The last live grep of each repository, for this session.
    pub grep_memory: HashMap<String, super::overlays::grep::GrepInput>,
    pub should_quit: bool,
    /// The first key of a sequence (`g` of `gg`), waiting for the second.
    pub pending_key: Option<char>,
    /// Where Esc in the explorer goes back to when a list (step 2's tests,
    /// step 4's modules, a history) opened the file: that list.
    pub return_to: Option<ReturnTo>,
    /// Ticks seen by `persist::check_outside`, which looks every few.
    pub outside_ticks: u64,
    /// A look at what others changed is running.
    pub outside_checking: bool,
    /// When the progress file was last seen modified.
    pub progress_modified: Option<std::time::SystemTime>,
    /// What the configuration file sets: keys, clone depth, working copy.
    pub settings: Arc<Settings>,
}

/// What the configuration file sets for the app (see `crate::config`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The person's key bindings over the tables.
    pub keys: super::bindings::Bindings,
    /// The depth a new clone gets (`None`: the default, 1 commit).
    pub clone_depth: Option<Depth>,
    /// Where step 5 offers to make a working copy, `{owner}` and `{name}`
    /// filled in (`None`: `~/codestudy/{name}`).
    pub working_copy: Option<String>,
}

/// A list the explorer was opened from, to go back to.
#[derive(Debug, Clone)]
pub struct ReturnTo {
    pub overlay: Box<Overlay>,
    /// The explorer was opened for it (from the home screen): going back
    /// closes it too.
    pub close_explorer: bool,
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

/// A fetch into a clone that stays readable meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fetching {
    /// More history (`d`/`D` in a history).
    History,
    /// The default branch at the clone's depth (`u`).
    Update,
}

/// Which key map applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Home,
    Explorer,
    /// Typing into a finder: letters are text.
    Finder,
    /// Typing into the explorer's line prompt (`/` search or filter, `:`
    /// line): letters are text.
    Search,
    Help,
    Study,
    Document,
    List,
    /// Typing a line of text.
    Prompt,
    /// A yes-or-no question.
    Confirm,
    /// Writing a note: letters are text, Enter a new line.
    Note,
    /// The live grep: letters are the pattern (or the glob filter).
    Grep,
    /// A picker of the code index (definitions, references, modules).
    Picker,
    /// Typing into a picker's filter.
    PickerFilter,
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
            requests: RequestIds::default(),
            tick: 0,
            retry_ticks: 0,
            progress: study::Progress::default(),
            pending: Vec::new(),
            next_change: 1,
            progress_loaded: false,
            loading_progress: false,
            saves_in_flight: 0,
            progress_locked: None,
            today: String::new(),
            now: String::new(),
            home_dir: None,
            awaiting_view: None,
            deepening: HashMap::new(),
            history_refresh: None,
            updating: HashSet::new(),
            grep_memory: HashMap::new(),
            should_quit: false,
            pending_key: None,
            return_to: None,
            outside_ticks: 0,
            outside_checking: false,
            progress_modified: None,
            settings: Arc::default(),
        }
    }

    pub fn mode(&self) -> Mode {
        if let Some(o) = &self.overlay {
            return o.mode();
        }
        match &self.screen {
            Screen::Home => Mode::Home,
            Screen::Explorer(e) if e.finder.is_some() => Mode::Finder,
            Screen::Explorer(e) if e.prompt.is_some() => Mode::Search,
            Screen::Explorer(_) => Mode::Explorer,
        }
    }

    /// The mode of the screen under any overlay: which help to show.
    pub fn screen_mode(&self) -> Mode {
        match &self.screen {
            Screen::Home => Mode::Home,
            Screen::Explorer(e) if e.finder.is_some() => Mode::Finder,
            Screen::Explorer(e) if e.prompt.is_some() => Mode::Search,
            Screen::Explorer(_) => Mode::Explorer,
        }
    }

    /// What is being fetched into an existing clone of `repo`, if anything.
    pub fn fetching(&self, repo: &str) -> Option<Fetching> {
        if self.updating.contains(repo) {
            Some(Fetching::Update)
        } else if self.deepening.contains_key(repo) {
            Some(Fetching::History)
        } else {
            None
        }
    }

    pub fn status_of(&self, repo: &str) -> &RepoStatus {
        self.repos.get(repo).unwrap_or(&RepoStatus::NotCloned)
    }

    /// The catalog entry of `repo`, to send with the effects of its jobs.
    pub(super) fn catalog_entry(&self, repo: &str) -> Option<Arc<catalog::Repo>> {
        self.catalog.repo(repo).cloned().map(Arc::new)
    }

    /// Whether something on screen animates (a clone gauge, a spinner):
    /// the runtime sends ticks only then.
    pub fn busy(&self) -> bool {
        if self
            .repos
            .values()
            .any(|s| matches!(s, RepoStatus::Cloning(_)))
        {
            return true;
        }
        match &self.screen {
            Screen::Explorer(e) => {
                e.overview.is_none()
                    || e.preview_due.is_some()
                    || e.files_loading
                    || e.index_loading
                    || e.file.as_ref().is_some_and(|f| {
                        matches!(f.state, FileState::Loading | FileState::Fetching)
                    })
            }
            Screen::Home => false,
        }
    }

    /// Record a change: shown at once, saved by a job (with any changes a
    /// failed save left behind).
    pub fn change(&mut self, change: Change) -> Vec<Effect> {
        self.progress.apply(&change);
        self.pending.push((self.next_change, change));
        self.next_change += 1;
        self.saves_in_flight += 1;
        vec![Effect::SaveProgress(self.pending.clone())]
    }

    /// The repository the study panel is for: the open one, else the
    /// selected row.
    pub(super) fn study_repo(&self) -> Option<String> {
        match &self.screen {
            Screen::Explorer(e) => Some(e.repo.clone()),
            Screen::Home => self.home.selected_repo(&self.catalog).map(|r| r.id.clone()),
        }
    }

    /// The open explorer, and what its keys and jobs need from the rest
    /// of the state, borrowed apart.
    pub(super) fn explorer_and_context(
        &mut self,
    ) -> Option<(&mut ExplorerState, explorer::Context<'_>)> {
        let Screen::Explorer(e) = &mut self.screen else {
            return None;
        };
        let ctx = explorer::Context {
            viewport: self.viewport,
            requests: &mut self.requests,
            progress: &self.progress,
        };
        Some((e, ctx))
    }

    /// Leaving the explorer (Esc home, quitting): where it was, recorded
    /// when it moved since.
    pub(super) fn record_place(&mut self) -> Vec<Effect> {
        let Screen::Explorer(e) = &self.screen else {
            return Vec::new();
        };
        let Some(place) = e.last_place() else {
            return Vec::new();
        };
        let repo = e.repo.clone();
        if self.progress.repo(&repo).and_then(|p| p.place.as_ref()) == Some(&place) {
            return Vec::new();
        }
        self.change(Change::SetPlace { repo, place })
    }

    /// Open the explorer on a cloned repository.
    pub(super) fn open_explorer(&mut self, repo: String) -> Vec<Effect> {
        let Some(catalog_entry) = self.catalog_entry(&repo) else {
            return Vec::new();
        };
        let request = self.requests.new_id();
        let mut e = ExplorerState::new(catalog_entry.clone(), request);
        // Back where it was left, unless something else is asked for.
        e.resume = self.progress.repo(&repo).and_then(|p| p.place.clone());
        self.screen = Screen::Explorer(Box::new(e));
        self.status = None;
        self.return_to = None;
        vec![Effect::OpenRepo {
            repo,
            request,
            catalog_entry,
        }]
    }
}

/// Numbers for requests, so that a result can be matched to the request
/// still wanted and a stale one dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestIds {
    last: u64,
}

impl RequestIds {
    /// A number not given out before.
    pub fn new_id(&mut self) -> u64 {
        self.last += 1;
        self.last
    }
}
