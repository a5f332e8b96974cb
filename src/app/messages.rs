//! The app's messages: [`Action`]s in (what the person asked for),
//! [`Effect`]s out (jobs for the runtime), and the [`JobResult`]s the jobs
//! bring back.

use std::sync::Arc;

use crate::catalog;
use crate::outline::index::IndexEntry;
use crate::repo::{CloneOutcome, Depth, Entry, Progress, RepoPath};
use crate::search::{FileHit, QueryOptions, SearchStats};
use crate::study::views::{Target, View};
use crate::study::{self, Change, RepoProgress, StepKind};

use super::explorer::intel::{IntelAnswer, IntelIndex, IntelQuery};
use super::explorer::{LoadedFile, RepoOverview};
use super::home::HomeTab;
use super::job_error::JobError;

/// Something the person asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// `u`: fetch the clone's default branch at its depth.
    UpdateClone,
    /// `D` on the home screen: remove the clone (after asking).
    RemoveClone,
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
    /// `H` in the explorer: the history of the symbol the cursor is in
    /// (or the outline's selected one).
    SymbolHistory,
    /// `n`: a note on the repository, the open file or the selected
    /// symbol.
    Note,
    /// Esc or Ctrl-s in the note box: save and close.
    SaveNote,
    Left,
    Right,
    /// Delete: the character under the cursor.
    DeleteForward,
    /// Ctrl-u / Ctrl-k in a one-line prompt: delete to its start / end.
    KillToStart,
    KillToEnd,
    /// Ctrl-w or Alt-Backspace in a one-line prompt: the word before the
    /// cursor.
    DeleteWordBack,
    /// Tab in the working-copy prompt: complete the folder name.
    Complete,
    /// Ctrl-f in the explorer: the live grep over the repository.
    Grep,
    /// In the live grep: whole words only, or not.
    ToggleWord,
    /// In the live grep: the pattern is a literal string, or a regex.
    ToggleLiteral,
    /// In the live grep: type into the pattern or into the glob filter.
    SwitchField,
    /// Typed into a finder.
    Char(char),
    /// Pasted (a bracketed paste), or typed text that arrived in a burst:
    /// the whole text at once, so that a long paste costs one edit. The
    /// note box keeps its lines; one-line prompts take the first line.
    Paste(String),
    /// Ctrl-z: give the terminal back to the shell until `fg`. The runtime
    /// carries it out; the app never sees it.
    Suspend,
    /// The first key of a sequence (`g` of `gg`): waits for the next.
    Prefix(char),
    /// A key that ends no sequence after a prefix: the prefix is dropped.
    NoSequence,
    /// A digit of a count (`12G`); `0` alone is [`Action::LineStart`].
    Digit(u8),
    /// `0` / `$` in the source: start / end of the line.
    LineStart,
    LineEnd,
    /// `w` / `b` in the source: next / previous word.
    WordNext,
    WordPrev,
    /// `/`: search the source, or filter the tree or the outline.
    Search,
    /// `n` / `N`: next / previous match.
    NextMatch,
    PrevMatch,
    /// `*`: search the word under the cursor.
    SearchWord,
    /// `:`: the go-to-line prompt.
    GoToLine,
    /// `]]` / `[[`: next / previous symbol of the outline.
    NextSymbol,
    PrevSymbol,
    /// `}` / `{`: next / previous blank line.
    NextParagraph,
    PrevParagraph,
    /// `%`: the bracket matching the one at (or after) the cursor.
    MatchBracket,
    /// `z`: the focused pane across the whole width, or back.
    Zoom,
    /// `y`: copy `path:line` of the source cursor.
    CopyLocation,
    /// `Y`: copy the web permalink of the cursor's line at HEAD.
    CopyPermalink,
    /// `o` in a document: open the selected address in the browser.
    OpenAddress,
    /// `W`: soft wrap of long source lines, or not.
    ToggleWrap,
    /// `F` in a lazy clone: fetch every file now (again: stop).
    FetchAll,
    /// Ctrl-o / Ctrl-n: back / forward in the jump list.
    JumpBack,
    JumpForward,
    /// `gd` (and Enter in the source): the definition of the name under
    /// the cursor.
    GoToDefinition,
    /// `gr`: the references of the name under the cursor (or of the
    /// outline's symbol).
    FindReferences,
    /// `M`: the module map of the open file (its imports and importers).
    ModuleMap,
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
    /// The wheel sideways (or with Shift).
    ScrollLeft {
        column: u16,
        row: u16,
    },
    ScrollRight {
        column: u16,
        row: u16,
    },
}

/// Work for the runtime: each becomes a background job (or, for the
/// editor, a pause of the terminal) whose result comes back as a
/// [`JobResult`]. Each carries what its job needs, so that the runner reads
/// nothing of the state: `repo` is the id the result comes back under,
/// `catalog_entry` the repository's entry in the catalog (where its clone
/// is kept, where it is fetched from, its key files).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    StartClone {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
        /// The depth of a new clone (the configuration's); `None` for the
        /// default, or for an update (the depth the clone has).
        depth: Option<crate::repo::Depth>,
    },
    CancelClone {
        repo: String,
    },
    OpenRepo {
        repo: String,
        request: u64,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Look at what another codestudy (or the command line) may have
    /// changed: the progress file's modification time and the clones of
    /// these repositories with their depth.
    CheckOutside {
        repos: Arc<Vec<catalog::Repo>>,
    },
    /// Remove a clone from the cache, with its indexes; brings back the
    /// bytes freed.
    RemoveClone {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// What the home screen's details pane says of a clone: where its key
    /// files are, its size on disk.
    ReadCloneFacts {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    ListDir {
        repo: String,
        dir: RepoPath,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Load, outline and highlight one file; a newer request of this kind
    /// makes older ones stop.
    LoadFile {
        repo: String,
        path: RepoPath,
        request: u64,
        catalog_entry: Arc<catalog::Repo>,
    },
    LoadFileList {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    LoadIndex {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    OpenEditor {
        repo: String,
        path: RepoPath,
        line: usize,
        /// The repository's working copy, if step 5 made one: the file is
        /// opened there, writable, when it is there.
        working_copy: Option<String>,
    },
    /// Build step `step`'s view (see `jobs::step_view`) from the
    /// repository's progress as it stands.
    OpenStepView {
        repo: String,
        step: StepKind,
        catalog_entry: Arc<catalog::Repo>,
        progress: Option<RepoProgress>,
    },
    /// Build what a list entry opens (a history page, a commit, a diff).
    /// `request` comes back with the result: only the view last asked
    /// for, while nothing else was opened or closed since, is shown.
    OpenTarget {
        repo: String,
        target: Target,
        request: u64,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// `m` on a file in a list: the symbols of `path` at HEAD (from its
    /// outline), to mark every one read, or none.
    FileSymbols {
        repo: String,
        path: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Make a working copy of the clone in `dest`, where a leading `~/`
    /// is `home` (when known).
    MakeWorkingCopy {
        repo: String,
        dest: String,
        catalog_entry: Arc<catalog::Repo>,
        home: Option<String>,
    },
    /// Tab in the working-copy prompt: list the folders of the folder
    /// `typed` names so far (`~` is `home`).
    CompleteFolder {
        typed: String,
        home: Option<String>,
    },
    /// Fetch more history into the clone (a clone whose result comes back
    /// as `CloneFinished`).
    Deepen {
        repo: String,
        depth: Depth,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Apply these changes, in order, to the progress file
    /// (read-modify-write); the numbers come back in `ProgressSaved`.
    SaveProgress(Vec<(u64, Change)>),
    /// Read the progress file (at start-up, off the event loop: its lock
    /// may be held); the result comes back in `ProgressLoaded`.
    LoadProgress,
    /// Open an `http(s)`/`mailto` address with the desktop's opener
    /// (`xdg-open`, `open`), asked for with `o`.
    OpenAddress(String),
    /// Put this text on the terminal's clipboard (OSC 52), by the event
    /// loop itself; nothing comes back.
    CopyToClipboard(String),
    /// Search the repository's text at HEAD; results stream back as
    /// `GrepFound` then `GrepDone`, under `request`. A newer grep cancels
    /// the one in flight.
    Grep {
        repo: String,
        request: u64,
        options: QueryOptions,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// The lines around a match, for the live grep's preview.
    GrepPreview {
        request: u64,
        path: RepoPath,
        line: u64,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Build (or load from its cache) the semantic index of the
    /// repository; it comes back as `IntelBuilt`.
    BuildIntel {
        repo: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Fetch the files of a lazy clone in the background: the key files
    /// first, then the sources and study text, or with `everything` every
    /// file. Progress comes back as `PrefetchProgress`, the end as
    /// `Prefetched`; a newer one for the repository replaces it.
    Prefetch {
        repo: String,
        everything: bool,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// When the missing key file `path` left the history (the commit that
    /// removed it); a shallow clone fetches its commits only, no files.
    /// The answer comes back as `Departure`.
    FindDeparture {
        repo: String,
        path: String,
        catalog_entry: Arc<catalog::Repo>,
    },
    /// Stop the repository's background fetch (what it fetched stays).
    CancelPrefetch {
        repo: String,
    },
    /// Ask the semantic index a question; the answer comes back as
    /// `IntelAnswered` under `request`. A newer usage count replaces one
    /// not started yet.
    Intel {
        repo: String,
        request: u64,
        query: IntelQuery,
        index: IntelIndex,
        catalog_entry: Arc<catalog::Repo>,
    },
}

/// Why the progress could not be read or saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressFailure {
    /// Another process holds the lock: tried again until it lets go.
    Locked(study::LockBusy),
    Failed(String),
}

impl std::fmt::Display for ProgressFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ProgressFailure::Locked(busy) => write!(f, "{busy}"),
            ProgressFailure::Failed(e) => f.write_str(e),
        }
    }
}

impl From<study::StudyError> for ProgressFailure {
    fn from(e: study::StudyError) -> ProgressFailure {
        match e {
            study::StudyError::Locked { busy, .. } => ProgressFailure::Locked(busy),
            other => ProgressFailure::Failed(other.to_string()),
        }
    }
}

impl From<JobError> for ProgressFailure {
    fn from(e: JobError) -> ProgressFailure {
        ProgressFailure::Failed(e.to_string())
    }
}

impl From<String> for ProgressFailure {
    fn from(e: String) -> ProgressFailure {
        ProgressFailure::Failed(e)
    }
}

impl From<&str> for ProgressFailure {
    fn from(e: &str) -> ProgressFailure {
        ProgressFailure::Failed(e.to_string())
    }
}

/// What the status line says after text went to the clipboard through
/// OSC 52 (a terminal may ignore it: the selection is the way then).
pub fn copied_status(text: &str) -> String {
    format!(
        "copied {text} (through the terminal, OSC 52; if it does not take it, Shift-drag selects it)"
    )
}

impl Effect {
    /// The result this effect's job brings back when it fails before doing
    /// anything (its thread would not start): what was waiting for it then
    /// stops waiting. `None` for a cancel, which brings nothing back.
    pub fn failed(&self, error: JobError) -> Option<JobResult> {
        let result = match self {
            Effect::StartClone { repo, .. } | Effect::Deepen { repo, .. } => {
                JobResult::CloneFinished {
                    repo: repo.clone(),
                    result: Err(error),
                }
            }
            Effect::OpenAddress(_) => JobResult::AddressOpened { result: Err(error) },
            Effect::CancelClone { .. }
            | Effect::CancelPrefetch { .. }
            | Effect::CopyToClipboard(_) => return None,
            Effect::FindDeparture { repo, path, .. } => JobResult::Departure {
                repo: repo.clone(),
                path: path.clone(),
                result: Err(error),
            },
            Effect::Prefetch {
                repo, everything, ..
            } => JobResult::Prefetched {
                repo: repo.clone(),
                everything: *everything,
                result: Err(error),
            },
            Effect::OpenRepo { request, .. } => JobResult::RepoOpened {
                request: *request,
                result: Err(error),
            },
            Effect::CheckOutside { .. } => JobResult::Outside {
                progress_modified: None,
                clones: None,
            },
            Effect::RemoveClone { repo, .. } => JobResult::CloneRemoved {
                repo: repo.clone(),
                result: Err(error),
            },
            Effect::ReadCloneFacts { repo, .. } => JobResult::CloneFacts {
                repo: repo.clone(),
                result: Err(error),
            },
            Effect::ListDir { repo, dir, .. } => JobResult::DirListed {
                repo: repo.clone(),
                dir: dir.clone(),
                result: Err(error),
            },
            Effect::LoadFile { request, .. } => JobResult::FileLoaded {
                request: *request,
                result: Err(error),
            },
            Effect::LoadFileList { repo, .. } => JobResult::FileList {
                repo: repo.clone(),
                result: Err(error),
            },
            Effect::LoadIndex { repo, .. } => JobResult::IndexLoaded {
                repo: repo.clone(),
                result: Err(error),
            },
            Effect::OpenEditor { .. } => JobResult::EditorClosed { result: Err(error) },
            Effect::OpenStepView { repo, step, .. } => JobResult::StepView {
                repo: repo.clone(),
                step: *step,
                result: Err(error),
            },
            Effect::OpenTarget {
                repo,
                target,
                request,
                ..
            } => JobResult::TargetOpened {
                repo: repo.clone(),
                target: target.clone(),
                request: *request,
                result: Err(error),
            },
            Effect::FileSymbols { repo, path, .. } => JobResult::FileSymbols {
                repo: repo.clone(),
                path: path.clone(),
                result: Err(error),
            },
            Effect::MakeWorkingCopy { repo, dest, .. } => JobResult::WorkingCopyMade {
                repo: repo.clone(),
                dest: dest.clone(),
                result: Err(error),
            },
            Effect::CompleteFolder { typed, .. } => JobResult::FolderNames {
                typed: typed.clone(),
                names: Vec::new(),
            },
            // Nothing was written: every change stays pending.
            Effect::SaveProgress(_) => JobResult::ProgressSaved {
                saved: Vec::new(),
                result: Err(error.into()),
            },
            Effect::LoadProgress => JobResult::ProgressLoaded {
                result: Err(error.into()),
            },
            Effect::Grep { request, .. } => JobResult::GrepDone {
                request: *request,
                result: Err(error),
            },
            Effect::GrepPreview {
                request,
                path,
                line,
                ..
            } => JobResult::GrepPreview {
                request: *request,
                path: path.clone(),
                line: *line,
                result: Err(error),
            },
            Effect::BuildIntel { repo, .. } => JobResult::IntelBuilt {
                repo: repo.clone(),
                result: Err(error),
            },
            Effect::Intel { repo, request, .. } => JobResult::IntelAnswered {
                repo: repo.clone(),
                request: *request,
                result: Err(error),
            },
        };
        Some(result)
    }
}

/// What a background job brings back; a job that failed brings back why,
/// as a [`JobError`].
#[derive(Debug, Clone)]
pub enum JobResult {
    CloneProgress {
        repo: String,
        progress: Progress,
    },
    /// The file of load `request` is not here yet (a lazy clone): it is
    /// being fetched.
    FileFetching {
        request: u64,
    },
    /// When a missing key file left the history, in words.
    Departure {
        repo: String,
        path: String,
        result: Result<String, JobError>,
    },
    /// `done` of `total` files of a background fetch are here.
    PrefetchProgress {
        repo: String,
        done: usize,
        total: usize,
    },
    /// A background fetch ended: how many files it fetched, and whether it
    /// was stopped before the end.
    Prefetched {
        repo: String,
        everything: bool,
        result: Result<crate::jobs::Prefetched, JobError>,
    },
    CloneFinished {
        repo: String,
        result: Result<(CloneOutcome, Depth), JobError>,
    },
    RepoOpened {
        request: u64,
        result: Result<RepoOverview, JobError>,
    },
    /// The browser was started for an address (or why not).
    AddressOpened {
        result: Result<(), JobError>,
    },
    /// What [`Effect::CheckOutside`] saw; `None` for what it could not
    /// read.
    Outside {
        progress_modified: Option<std::time::SystemTime>,
        clones: Option<Vec<(String, Option<Depth>)>>,
    },
    CloneRemoved {
        repo: String,
        result: Result<u64, JobError>,
    },
    CloneFacts {
        repo: String,
        result: Result<super::home::CloneFacts, JobError>,
    },
    DirListed {
        repo: String,
        dir: RepoPath,
        result: Result<Vec<Entry>, JobError>,
    },
    FileLoaded {
        request: u64,
        result: Result<LoadedFile, JobError>,
    },
    FileList {
        repo: String,
        result: Result<Vec<RepoPath>, JobError>,
    },
    IndexLoaded {
        repo: String,
        result: Result<Vec<IndexEntry>, JobError>,
    },
    /// The editor returned; `Ok` says where the file was edited when it
    /// was the working copy's (empty for the read-only copy).
    EditorClosed {
        result: Result<String, JobError>,
    },
    /// The folder names under what was typed in the working-copy prompt.
    FolderNames {
        typed: String,
        names: Vec<String>,
    },
    WorkingCopyMade {
        repo: String,
        dest: String,
        result: Result<String, JobError>,
    },
    /// A step's view.
    StepView {
        repo: String,
        step: StepKind,
        result: Result<View, JobError>,
    },
    /// What a list entry opens.
    TargetOpened {
        repo: String,
        target: Target,
        request: u64,
        result: Result<View, JobError>,
    },
    /// A file's symbols (dotted names, lines from 1), in outline order.
    FileSymbols {
        repo: String,
        path: String,
        result: Result<Vec<(String, u32)>, JobError>,
    },
    /// The progress as saved (with other instances' updates), or why not.
    ProgressSaved {
        saved: Vec<u64>,
        result: Result<study::Progress, ProgressFailure>,
    },
    /// The progress as read at start-up, or why not.
    ProgressLoaded {
        result: Result<study::Progress, ProgressFailure>,
    },
    /// The repositories found in the cache at start-up, with their depth
    /// when known.
    ClonesFound(Vec<(String, Option<Depth>)>),
    /// Files with matches of grep `request`, in the order found.
    GrepFound {
        request: u64,
        files: Vec<FileHit>,
    },
    /// Grep `request` finished (or was refused: a bad pattern or glob,
    /// said in words with the column).
    GrepDone {
        request: u64,
        result: Result<SearchStats, JobError>,
    },
    /// Lines around `line` of `path` (the first of them is line
    /// `first`), for the preview of grep `request`.
    GrepPreview {
        request: u64,
        path: RepoPath,
        line: u64,
        result: Result<(u64, Vec<String>), JobError>,
    },
    /// The semantic index of `repo`, built or loaded.
    IntelBuilt {
        repo: String,
        result: Result<IntelIndex, JobError>,
    },
    /// The answer to the semantic index's question `request`.
    IntelAnswered {
        repo: String,
        request: u64,
        result: Result<IntelAnswer, JobError>,
    },
    /// The date, the time and the home folder as the runtime read them:
    /// `update` reads no clock and no environment.
    Surroundings {
        today: String,
        now: String,
        home_dir: Option<String>,
    },
}
