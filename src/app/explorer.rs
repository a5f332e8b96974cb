//! The explorer: a cloned repository's file tree (with the catalog's key
//! files on top), the outline of the selected file and its highlighted
//! source. Pure state and transitions; loading happens in jobs.

use std::collections::{HashMap, HashSet};

use crate::fuzzy::{Fuzzy, Ranked};
use crate::outline::highlight::Highlights;
use crate::outline::index::IndexEntry;
use crate::outline::{Outline, SymbolKind};
use crate::repo::{CommitInfo, Content, Depth, Entry, EntryKind, RepoPath, Resolution};
use crate::study::NoteTarget;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Outline,
    Source,
}

impl Pane {
    pub fn next(self) -> Pane {
        match self {
            Pane::Tree => Pane::Outline,
            Pane::Outline => Pane::Source,
            Pane::Source => Pane::Tree,
        }
    }

    pub fn prev(self) -> Pane {
        match self {
            Pane::Tree => Pane::Source,
            Pane::Outline => Pane::Tree,
            Pane::Source => Pane::Outline,
        }
    }
}

/// A catalog key file and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    pub path: String,
    pub resolution: Resolution,
}

impl KeyFile {
    /// The path to open for it, when it was found or moved.
    pub fn target(&self) -> Option<(RepoPath, EntryKind)> {
        let (p, kind) = self.resolution.located(&self.path)?;
        RepoPath::parse(&p).ok().map(|rp| (rp, kind))
    }
}

/// What a freshly opened repository brings.
#[derive(Debug, Clone)]
pub struct RepoOverview {
    pub head: CommitInfo,
    pub depth: Depth,
    pub key_files: Vec<KeyFile>,
    /// The root listing and those of the key files' directories.
    pub listings: Vec<(RepoPath, Vec<Entry>)>,
}

/// One row of the tree pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeRow {
    KeyHeader,
    Key(usize),
    FilesHeader,
    Entry { path: RepoPath, depth: usize },
}

/// A file opened in the outline and source panes.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub content: Content,
    /// The text's lines (for `Content::Text`), without line ends.
    pub lines: Vec<String>,
    pub outline: Outline,
    pub highlights: Highlights,
}

#[derive(Debug, Clone)]
pub enum FileState {
    Loading,
    Loaded(Box<LoadedFile>),
    Failed(String),
}

#[derive(Debug, Clone)]
pub struct OpenFile {
    pub path: RepoPath,
    pub request: u64,
    pub state: FileState,
}

/// A symbol of the outline as a row: its depth and the names above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutlineRow {
    pub depth: usize,
    pub kind: SymbolKind,
    pub name: String,
    pub signature: Option<String>,
    pub decorators: Vec<String>,
    pub doc: Option<String>,
    pub line: u32,
    pub end_line: u32,
    pub parents: Vec<String>,
}

impl OutlineRow {
    /// `Class.method`: how the symbol is named in progress and the index.
    pub fn dotted(&self) -> String {
        let mut s = self.parents.join(".");
        if !s.is_empty() {
            s.push('.');
        }
        s.push_str(&self.name);
        s
    }
}

/// Which kinds the outline shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindFilter {
    All,
    /// Classes, functions and methods: no variables.
    Definitions,
    Classes,
}

impl KindFilter {
    pub fn next(self) -> KindFilter {
        match self {
            KindFilter::All => KindFilter::Definitions,
            KindFilter::Definitions => KindFilter::Classes,
            KindFilter::Classes => KindFilter::All,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            KindFilter::All => "all",
            KindFilter::Definitions => "no variables",
            KindFilter::Classes => "classes",
        }
    }

    fn keeps(self, kind: SymbolKind) -> bool {
        match self {
            KindFilter::All => true,
            KindFilter::Definitions => kind != SymbolKind::Variable,
            KindFilter::Classes => matches!(
                kind,
                SymbolKind::Class | SymbolKind::Struct | SymbolKind::Namespace
            ),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FinderKind {
    Files,
    Symbols,
}

#[derive(Debug, Clone)]
pub struct Finder {
    pub kind: FinderKind,
    pub query: String,
    pub results: Vec<Ranked>,
    pub selected: usize,
    /// Enter was pressed while the list was still loading: go to the best
    /// match as soon as it is there.
    pub open_when_loaded: bool,
}

/// How many finder results are kept.
pub const FINDER_LIMIT: usize = 200;

#[derive(Debug, Clone)]
pub struct ExplorerState {
    pub repo: String,
    pub overview: Option<RepoOverview>,
    pub open_request: u64,
    pub focus: Pane,
    /// Directory listings loaded so far, by directory (root: empty path).
    pub listings: HashMap<RepoPath, Vec<Entry>>,
    pub expanded: HashSet<RepoPath>,
    /// Directories whose listing was asked for and has not come.
    pub listing: HashSet<RepoPath>,
    pub key_paths: HashSet<RepoPath>,
    pub rows: Vec<TreeRow>,
    pub tree_sel: usize,
    pub tree_scroll: usize,
    pub file: Option<OpenFile>,
    pub outline_rows: Vec<OutlineRow>,
    pub filter: KindFilter,
    pub outline_sel: usize,
    pub outline_scroll: usize,
    /// 0-based line of the source cursor, and the first line shown.
    pub cursor: usize,
    pub source_scroll: usize,
    pub finder: Option<Finder>,
    /// Every file of the tree, for the file finder (loaded on first use).
    pub all_files: Option<Vec<RepoPath>>,
    pub all_files_text: Vec<String>,
    pub index: Option<Vec<IndexEntry>>,
    pub index_loading: bool,
    pub files_loading: bool,
    /// The 0-based line to show once the file being loaded arrives.
    pub pending_line: Option<usize>,
    /// A file to open once the repository is (opened from a study list).
    pub open_after: Option<RepoPath>,
    /// A path revealed before its directories were listed: selected when
    /// their listings arrive.
    pub reveal_pending: Option<RepoPath>,
}

impl ExplorerState {
    pub fn new(repo: String, open_request: u64) -> ExplorerState {
        ExplorerState {
            repo,
            overview: None,
            open_request,
            focus: Pane::Tree,
            listings: HashMap::new(),
            expanded: HashSet::new(),
            listing: HashSet::new(),
            key_paths: HashSet::new(),
            rows: Vec::new(),
            tree_sel: 0,
            tree_scroll: 0,
            file: None,
            outline_rows: Vec::new(),
            filter: KindFilter::All,
            outline_sel: 0,
            outline_scroll: 0,
            cursor: 0,
            source_scroll: 0,
            finder: None,
            all_files: None,
            all_files_text: Vec::new(),
            index: None,
            index_loading: false,
            files_loading: false,
            pending_line: None,
            open_after: None,
            reveal_pending: None,
        }
    }

    /// Take in a freshly opened repository: key files marked, and their
    /// directories expanded.
    pub fn opened(&mut self, overview: RepoOverview) {
        for (dir, entries) in &overview.listings {
            self.listings.insert(dir.clone(), entries.clone());
        }
        self.key_paths.clear();
        for k in &overview.key_files {
            if let Some((path, kind)) = k.target() {
                for a in path.ancestors() {
                    self.expanded.insert(a);
                }
                if kind == EntryKind::Directory {
                    self.expanded.insert(path.clone());
                }
                self.key_paths.insert(path);
            }
        }
        self.overview = Some(overview);
        self.rebuild_rows();
        // Start on the first key file, or the first entry.
        self.tree_sel = self
            .rows
            .iter()
            .position(|r| matches!(r, TreeRow::Key(_)))
            .or_else(|| {
                self.rows
                    .iter()
                    .position(|r| matches!(r, TreeRow::Entry { .. }))
            })
            .unwrap_or(0);
    }

    /// Recompute the visible tree rows: key files, then every entry of the
    /// expanded directories, directories first.
    pub fn rebuild_rows(&mut self) {
        let selected = self.rows.get(self.tree_sel).cloned();
        let mut rows = Vec::new();
        if let Some(o) = &self.overview
            && !o.key_files.is_empty()
        {
            rows.push(TreeRow::KeyHeader);
            rows.extend((0..o.key_files.len()).map(TreeRow::Key));
            rows.push(TreeRow::FilesHeader);
        }
        // Depth-first over expanded directories, iteratively.
        let mut stack: Vec<(RepoPath, usize)> = Vec::new();
        if let Some(root) = self.listings.get(&RepoPath::root()) {
            for e in root.iter().rev() {
                stack.push((e.path.clone(), 0));
            }
        }
        while let Some((path, depth)) = stack.pop() {
            if self.expanded.contains(&path)
                && let Some(children) = self.listings.get(&path)
            {
                for c in children.iter().rev() {
                    stack.push((c.path.clone(), depth + 1));
                }
            }
            rows.push(TreeRow::Entry { path, depth });
        }
        self.rows = rows;
        if let Some(sel) = selected
            && let Some(i) = self.rows.iter().position(|r| *r == sel)
        {
            self.tree_sel = i;
        }
        self.tree_sel = self.tree_sel.min(self.rows.len().saturating_sub(1));
    }

    /// The entry a tree row shows.
    pub fn entry(&self, path: &RepoPath) -> Option<&Entry> {
        self.listings
            .get(&path.parent())
            .and_then(|es| es.iter().find(|e| &e.path == path))
    }

    pub fn selected_row(&self) -> Option<&TreeRow> {
        self.rows.get(self.tree_sel)
    }

    /// Select the tree row of `path`, expanding its directories. Returns
    /// the directories whose listings are still needed.
    pub fn reveal(&mut self, path: &RepoPath) -> Vec<RepoPath> {
        let mut missing = Vec::new();
        for a in path.ancestors() {
            self.expanded.insert(a.clone());
            if !self.listings.contains_key(&a) && !self.listing.contains(&a) {
                self.listing.insert(a.clone());
                missing.push(a);
            }
        }
        self.rebuild_rows();
        self.reveal_pending = Some(path.clone());
        self.select_pending();
        missing
    }

    /// Select the path waiting to be revealed, if its row is there now.
    fn select_pending(&mut self) {
        let Some(path) = &self.reveal_pending else {
            return;
        };
        if let Some(i) = self
            .rows
            .iter()
            .position(|r| matches!(r, TreeRow::Entry { path: p, .. } if p == path))
        {
            self.tree_sel = i;
            self.reveal_pending = None;
        }
    }

    /// The symbols of the open file as rows, under the current filter.
    pub fn rebuild_outline(&mut self) {
        self.outline_rows.clear();
        let Some(OpenFile {
            state: FileState::Loaded(f),
            ..
        }) = &self.file
        else {
            return;
        };
        let filter = self.filter;
        for (parents, s) in f.outline.flatten() {
            if filter.keeps(s.kind) {
                self.outline_rows.push(OutlineRow {
                    depth: parents.len(),
                    kind: s.kind,
                    name: s.name.clone(),
                    signature: s.signature.clone(),
                    decorators: s.decorators.clone(),
                    doc: s.doc.clone(),
                    line: s.line,
                    end_line: s.end_line,
                    parents: parents.iter().map(|p| p.to_string()).collect(),
                });
            }
        }
        self.outline_sel = self
            .outline_sel
            .min(self.outline_rows.len().saturating_sub(1));
    }

    /// The innermost symbol (among the rows shown) around 0-based `line`.
    pub fn symbol_at(&self, line: usize) -> Option<usize> {
        let l = line as u32 + 1;
        self.outline_rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.line <= l && l <= r.end_line)
            .max_by_key(|(_, r)| (r.depth, r.line))
            .map(|(i, _)| i)
    }

    /// What `n` writes a note on: the outline's symbol when the outline
    /// has the focus, else the open file, else the repository.
    pub fn note_target(&self) -> NoteTarget {
        match &self.file {
            Some(f) => NoteTarget {
                path: Some(f.path.to_string_lossy()),
                symbol: (self.focus == Pane::Outline)
                    .then(|| self.outline_rows.get(self.outline_sel).map(|r| r.dotted()))
                    .flatten(),
            },
            None => NoteTarget::repo(),
        }
    }

    pub fn line_count(&self) -> usize {
        match &self.file {
            Some(OpenFile {
                state: FileState::Loaded(f),
                ..
            }) => f.lines.len(),
            _ => 0,
        }
    }

    /// Rank the finder's candidates for its query.
    pub fn refresh_finder(&mut self) {
        let Some(finder) = self.finder.as_mut() else {
            return;
        };
        let mut fuzzy = Fuzzy::new(finder.kind == FinderKind::Files);
        finder.results = match finder.kind {
            FinderKind::Files => fuzzy.rank(
                &finder.query,
                self.all_files_text.iter().map(String::as_str),
                FINDER_LIMIT,
            ),
            FinderKind::Symbols => match &self.index {
                Some(idx) => fuzzy.rank(
                    &finder.query,
                    idx.iter().map(|e| e.symbol.as_str()),
                    FINDER_LIMIT,
                ),
                None => Vec::new(),
            },
        };
        finder.selected = 0;
    }
}

use super::layout::{self, contains, inner};
use super::{Action, Effect, JobResult, RequestIds, Screen, State};

/// Lines of context kept above a symbol jumped to.
const CONTEXT: usize = 3;

fn pane_height(viewport: ratatui::layout::Rect, focus: Pane, pane: Pane) -> usize {
    let l = layout::explorer(viewport, focus);
    let r = match pane {
        Pane::Tree => l.tree,
        Pane::Outline => l.outline,
        Pane::Source => l.source,
    };
    r.map_or(1, |r| inner(r).height.max(1) as usize)
}

fn scroll_to(scroll: &mut usize, sel: usize, height: usize) {
    if sel < *scroll {
        *scroll = sel;
    } else if sel >= *scroll + height {
        *scroll = sel + 1 - height;
    }
}

/// Keep every pane's selection in view after a resize or a move.
pub fn keep_visible(e: &mut ExplorerState, viewport: ratatui::layout::Rect) {
    let h = |p| pane_height(viewport, e.focus, p);
    let (ht, ho, hs) = (h(Pane::Tree), h(Pane::Outline), h(Pane::Source));
    scroll_to(&mut e.tree_scroll, e.tree_sel, ht);
    scroll_to(&mut e.outline_scroll, e.outline_sel, ho);
    scroll_to(&mut e.source_scroll, e.cursor, hs);
}

/// What selecting the current tree row should load (a file preview).
fn preview(e: &mut ExplorerState, next_request: &mut RequestIds) -> Vec<Effect> {
    let path = match e.selected_row() {
        Some(TreeRow::Entry { path, .. }) => match e.entry(path) {
            Some(entry) if entry.kind != crate::repo::EntryKind::Directory => path.clone(),
            _ => return Vec::new(),
        },
        Some(TreeRow::Key(i)) => match e
            .overview
            .as_ref()
            .and_then(|o| o.key_files.get(*i))
            .and_then(|k| k.target())
        {
            Some((path, kind)) if kind != crate::repo::EntryKind::Directory => path,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    load_file(e, path, None, next_request)
}

fn load_file(
    e: &mut ExplorerState,
    path: RepoPath,
    line: Option<usize>,
    next_request: &mut RequestIds,
) -> Vec<Effect> {
    if e.file.as_ref().is_some_and(|f| f.path == path) {
        if let Some(l) = line {
            jump_to_line(e, l);
        }
        return Vec::new();
    }
    let request = next_request.new_id();
    e.file = Some(OpenFile {
        path: path.clone(),
        request,
        state: FileState::Loading,
    });
    e.pending_line = line;
    e.outline_rows.clear();
    e.outline_sel = 0;
    e.outline_scroll = 0;
    e.cursor = 0;
    e.source_scroll = 0;
    vec![Effect::LoadFile {
        repo: e.repo.clone(),
        path,
        request,
    }]
}

fn jump_to_line(e: &mut ExplorerState, line: usize) {
    e.cursor = line.min(e.line_count().saturating_sub(1));
    e.source_scroll = e.cursor.saturating_sub(CONTEXT);
    if let Some(i) = e.symbol_at(e.cursor) {
        e.outline_sel = i;
    }
}

/// Enter on the tree's selected row.
fn open_row(e: &mut ExplorerState, next_request: &mut RequestIds) -> (Vec<Effect>, Option<String>) {
    match e.selected_row().cloned() {
        Some(TreeRow::Entry { path, .. }) => {
            let is_dir = e
                .entry(&path)
                .is_some_and(|x| x.kind == crate::repo::EntryKind::Directory);
            if !is_dir {
                e.focus = Pane::Outline;
                return (preview(e, next_request), None);
            }
            if !e.expanded.remove(&path) {
                e.expanded.insert(path.clone());
                if !e.listings.contains_key(&path) && e.listing.insert(path.clone()) {
                    e.rebuild_rows();
                    return (
                        vec![Effect::ListDir {
                            repo: e.repo.clone(),
                            dir: path,
                        }],
                        None,
                    );
                }
            }
            e.rebuild_rows();
            (Vec::new(), None)
        }
        Some(TreeRow::Key(i)) => {
            let Some(k) = e
                .overview
                .as_ref()
                .and_then(|o| o.key_files.get(i))
                .cloned()
            else {
                return (Vec::new(), None);
            };
            match k.target() {
                Some((path, kind)) => {
                    let mut effects = reveal(e, &path);
                    if kind == crate::repo::EntryKind::Directory {
                        e.expanded.insert(path.clone());
                        if !e.listings.contains_key(&path) && e.listing.insert(path.clone()) {
                            effects.push(Effect::ListDir {
                                repo: e.repo.clone(),
                                dir: path,
                            });
                        }
                        e.rebuild_rows();
                    } else {
                        effects.extend(load_file(e, path, None, next_request));
                        e.focus = Pane::Outline;
                    }
                    (effects, None)
                }
                None => {
                    let hint = match &k.resolution {
                        Resolution::Missing { suggestions } if !suggestions.is_empty() => {
                            format!("; similar: {}", suggestions.join(", "))
                        }
                        _ => String::new(),
                    };
                    (
                        Vec::new(),
                        Some(format!("key file {} is not in this clone{hint}", k.path)),
                    )
                }
            }
        }
        _ => (Vec::new(), None),
    }
}

fn move_in(e: &mut ExplorerState, pane: Pane, action: Action, page: usize) -> bool {
    let lines = e.line_count();
    let (sel, len) = match pane {
        Pane::Tree => (&mut e.tree_sel, e.rows.len()),
        Pane::Outline => (&mut e.outline_sel, e.outline_rows.len()),
        Pane::Source => (&mut e.cursor, lines),
    };
    let last = len.saturating_sub(1);
    let before = *sel;
    *sel = match action {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (*sel + 1).min(last),
        Action::PageUp => sel.saturating_sub(page),
        Action::PageDown => (*sel + page).min(last),
        Action::First => 0,
        Action::Last => last,
        _ => *sel,
    };
    *sel != before
}

/// An action on the explorer screen.
pub fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    if action == Action::MarkRead {
        return mark_read(state);
    }
    if action == Action::History {
        return history_of_selection(state);
    }
    let viewport = state.viewport;
    let mut next_request = state.requests.clone();
    let Screen::Explorer(e) = &mut state.screen else {
        return Vec::new();
    };
    let mut status = None;
    let mut go_home = false;
    let effects = if e.finder.is_some() {
        finder_action(e, action, &mut next_request)
    } else {
        match action {
            Action::Back => {
                go_home = true;
                Vec::new()
            }
            Action::FocusNext => {
                e.focus = e.focus.next();
                Vec::new()
            }
            Action::FocusPrev => {
                e.focus = e.focus.prev();
                Vec::new()
            }
            Action::FindFiles | Action::FindSymbols => open_finder(e, action),
            Action::Edit => match &e.file {
                Some(f) => vec![Effect::OpenEditor {
                    repo: e.repo.clone(),
                    path: f.path.clone(),
                    line: e.cursor + 1,
                }],
                None => {
                    status = Some("open a file first (Enter in the tree)".to_string());
                    Vec::new()
                }
            },
            Action::CycleFilter => {
                e.filter = e.filter.next();
                e.rebuild_outline();
                if let Some(i) = e.symbol_at(e.cursor) {
                    e.outline_sel = i;
                }
                Vec::new()
            }
            Action::Open => match e.focus {
                Pane::Tree => {
                    let (fx, s) = open_row(e, &mut next_request);
                    status = s;
                    fx
                }
                Pane::Outline => {
                    e.focus = Pane::Source;
                    Vec::new()
                }
                Pane::Source => Vec::new(),
            },
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                let page = pane_height(viewport, e.focus, e.focus)
                    .saturating_sub(1)
                    .max(1);
                let focus = e.focus;
                if move_in(e, focus, action, page) {
                    moved(e, focus, &mut next_request)
                } else {
                    Vec::new()
                }
            }
            Action::Click { column, row } => click(e, viewport, column, row, &mut next_request),
            Action::ScrollUp { column, row } | Action::ScrollDown { column, row } => {
                let down = matches!(action, Action::ScrollDown { .. });
                wheel(e, viewport, column, row, down, &mut next_request)
            }
            _ => Vec::new(),
        }
    };
    keep_visible(e, viewport);
    state.requests = next_request;
    if let Some(s) = status {
        state.status = Some(s);
    }
    if go_home {
        state.screen = Screen::Home;
    }
    effects
}

/// `L`: the history of the tree's selected file or directory (the open
/// file when the tree has no entry selected).
fn history_of_selection(state: &mut State) -> Vec<Effect> {
    let Screen::Explorer(e) = &state.screen else {
        return Vec::new();
    };
    let path = match e.selected_row() {
        Some(TreeRow::Entry { path, .. }) => Some(path.clone()),
        Some(TreeRow::Key(i)) => e
            .overview
            .as_ref()
            .and_then(|o| o.key_files.get(*i))
            .and_then(|k| k.target().map(|(p, _)| p)),
        _ => None,
    }
    .or_else(|| e.file.as_ref().map(|f| f.path.clone()));
    let Some(path) = path else {
        state.status = Some("select a file or directory in the tree first".into());
        return Vec::new();
    };
    state.status = Some(format!("reading the history of {path}…"));
    let repo = e.repo.clone();
    super::overlays::request_view(
        state,
        repo,
        crate::study::views::Target::History {
            path: Some(path.to_string_lossy()),
            skip: 0,
        },
    )
}

/// `m`: the selected symbol read, or not any more.
fn mark_read(state: &mut State) -> Vec<Effect> {
    let Screen::Explorer(e) = &state.screen else {
        return Vec::new();
    };
    let (Some(file), Some(row)) = (&e.file, e.outline_rows.get(e.outline_sel)) else {
        state.status = Some("select a symbol in the outline to mark it read".into());
        return Vec::new();
    };
    let repo = e.repo.clone();
    let path = file.path.to_string_lossy();
    let symbol = row.dotted();
    let read = !state
        .progress
        .repo(&repo)
        .is_some_and(|p| p.is_read(&path, &symbol));
    state.change(crate::study::Change::MarkRead {
        repo,
        path,
        symbol,
        read,
    })
}

/// After the selection of `pane` moved: keep the other panes in step.
fn moved(e: &mut ExplorerState, pane: Pane, next_request: &mut RequestIds) -> Vec<Effect> {
    match pane {
        Pane::Tree => preview(e, next_request),
        Pane::Outline => {
            if let Some(r) = e.outline_rows.get(e.outline_sel) {
                e.cursor = (r.line as usize).saturating_sub(1);
                e.source_scroll = e.cursor.saturating_sub(CONTEXT);
            }
            Vec::new()
        }
        Pane::Source => {
            if let Some(i) = e.symbol_at(e.cursor) {
                e.outline_sel = i;
            }
            Vec::new()
        }
    }
}

fn open_finder(e: &mut ExplorerState, action: Action) -> Vec<Effect> {
    let kind = if action == Action::FindFiles {
        FinderKind::Files
    } else {
        FinderKind::Symbols
    };
    e.finder = Some(Finder {
        kind,
        query: String::new(),
        results: Vec::new(),
        selected: 0,
        open_when_loaded: false,
    });
    let mut effects = Vec::new();
    match kind {
        FinderKind::Files if e.all_files.is_none() && !e.files_loading => {
            e.files_loading = true;
            effects.push(Effect::LoadFileList {
                repo: e.repo.clone(),
            });
        }
        FinderKind::Symbols if e.index.is_none() && !e.index_loading => {
            e.index_loading = true;
            effects.push(Effect::LoadIndex {
                repo: e.repo.clone(),
            });
        }
        _ => {}
    }
    e.refresh_finder();
    effects
}

fn finder_action(
    e: &mut ExplorerState,
    action: Action,
    next_request: &mut RequestIds,
) -> Vec<Effect> {
    let Some(f) = e.finder.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Back => e.finder = None,
        Action::Char(c) => {
            f.query.push(c);
            e.refresh_finder();
        }
        Action::DeleteChar => {
            f.query.pop();
            e.refresh_finder();
        }
        Action::Up => f.selected = f.selected.saturating_sub(1),
        Action::Down => f.selected = (f.selected + 1).min(f.results.len().saturating_sub(1)),
        Action::PageUp => f.selected = f.selected.saturating_sub(10),
        Action::PageDown => f.selected = (f.selected + 10).min(f.results.len().saturating_sub(1)),
        Action::Open => {
            let Some(hit) = f.results.get(f.selected).cloned() else {
                let loading = match f.kind {
                    FinderKind::Files => e.all_files.is_none(),
                    FinderKind::Symbols => e.index.is_none(),
                };
                f.open_when_loaded = loading;
                return Vec::new();
            };
            let kind = f.kind;
            e.finder = None;
            let target = match kind {
                FinderKind::Files => e
                    .all_files
                    .as_ref()
                    .and_then(|fs| fs.get(hit.index))
                    .cloned()
                    .map(|p| (p, None)),
                FinderKind::Symbols => {
                    e.index
                        .as_ref()
                        .and_then(|ix| ix.get(hit.index))
                        .and_then(|entry| {
                            RepoPath::parse(&entry.path)
                                .ok()
                                .map(|p| (p, Some((entry.line as usize).saturating_sub(1))))
                        })
                }
            };
            let Some((path, line)) = target else {
                return Vec::new();
            };
            return go_to(e, path, line, next_request);
        }
        _ => {}
    }
    Vec::new()
}

/// Select `path` in the tree; the listings of its directories still
/// needed, as effects.
fn reveal(e: &mut ExplorerState, path: &RepoPath) -> Vec<Effect> {
    e.reveal(path)
        .into_iter()
        .map(|dir| Effect::ListDir {
            repo: e.repo.clone(),
            dir,
        })
        .collect()
}

/// Show `path` in the tree (listing its directories as needed) and open
/// it, at `line` if given: the source then has the focus, else the outline.
pub fn go_to(
    e: &mut ExplorerState,
    path: RepoPath,
    line: Option<usize>,
    next_request: &mut RequestIds,
) -> Vec<Effect> {
    let mut effects = reveal(e, &path);
    effects.extend(load_file(e, path, line, next_request));
    e.focus = if line.is_some() {
        Pane::Source
    } else {
        Pane::Outline
    };
    effects
}

/// The finder's list just loaded: an Enter pressed while it loaded goes
/// to the best match now (and does nothing if nothing matches).
fn open_if_asked(e: &mut ExplorerState, next_request: &mut RequestIds) -> Vec<Effect> {
    match &mut e.finder {
        Some(f) if f.open_when_loaded => {
            f.open_when_loaded = false;
            if f.results.is_empty() {
                return Vec::new();
            }
            finder_action(e, Action::Open, next_request)
        }
        _ => Vec::new(),
    }
}

fn click(
    e: &mut ExplorerState,
    viewport: ratatui::layout::Rect,
    column: u16,
    row: u16,
    next_request: &mut RequestIds,
) -> Vec<Effect> {
    if let Some((pane, rect)) = pane_at(viewport, e.focus, column, row) {
        e.focus = pane;
        let inner = inner(rect);
        if !contains(inner, column, row) {
            return Vec::new();
        }
        let offset = (row - inner.y) as usize;
        let lines = e.line_count();
        let (sel, scroll, len) = match pane {
            Pane::Tree => (&mut e.tree_sel, e.tree_scroll, e.rows.len()),
            Pane::Outline => (&mut e.outline_sel, e.outline_scroll, e.outline_rows.len()),
            Pane::Source => (&mut e.cursor, e.source_scroll, lines),
        };
        let target = scroll + offset;
        if target >= len {
            return Vec::new();
        }
        let again = *sel == target;
        *sel = target;
        if pane == Pane::Tree && again {
            return open_row(e, next_request).0;
        }
        return moved(e, pane, next_request);
    }
    Vec::new()
}

/// The pane (shown at this size and focus) under a mouse position.
fn pane_at(
    viewport: ratatui::layout::Rect,
    focus: Pane,
    column: u16,
    row: u16,
) -> Option<(Pane, ratatui::layout::Rect)> {
    let l = layout::explorer(viewport, focus);
    [
        (Pane::Tree, l.tree),
        (Pane::Outline, l.outline),
        (Pane::Source, l.source),
    ]
    .into_iter()
    .find_map(|(pane, rect)| {
        rect.filter(|r| contains(*r, column, row))
            .map(|r| (pane, r))
    })
}

fn wheel(
    e: &mut ExplorerState,
    viewport: ratatui::layout::Rect,
    column: u16,
    row: u16,
    down: bool,
    next_request: &mut RequestIds,
) -> Vec<Effect> {
    let Some((pane, _)) = pane_at(viewport, e.focus, column, row) else {
        return Vec::new();
    };
    let action = if down { Action::Down } else { Action::Up };
    let mut changed = false;
    for _ in 0..3 {
        changed |= move_in(e, pane, action, 1);
    }
    if changed {
        moved(e, pane, next_request)
    } else {
        Vec::new()
    }
}

/// A job's result, on the explorer screen.
pub fn on_job(state: &mut State, result: JobResult) -> Vec<Effect> {
    let viewport = state.viewport;
    let mut next_request = state.requests.clone();
    let Screen::Explorer(e) = &mut state.screen else {
        return Vec::new();
    };
    let mut status = None;
    let mut effects = Vec::new();
    match result {
        JobResult::RepoOpened { request, result } if request == e.open_request => match result {
            Ok(overview) => {
                e.opened(overview);
                effects = match e.open_after.take() {
                    Some(path) => go_to(e, path, None, &mut next_request),
                    None => preview(e, &mut next_request),
                };
            }
            Err(err) => status = Some(format!("could not open {}: {err}", e.repo)),
        },
        JobResult::DirListed { repo, dir, result } if repo == e.repo => {
            e.listing.remove(&dir);
            match result {
                Ok(entries) => {
                    e.listings.insert(dir, entries);
                    // Rows were added above the selection: it follows its
                    // entry, not its index.
                    let selected = match e.selected_row() {
                        Some(TreeRow::Entry { path, .. }) => Some(path.clone()),
                        _ => None,
                    };
                    e.rebuild_rows();
                    if e.reveal_pending.is_some() {
                        e.select_pending();
                    } else if let Some(i) = selected.and_then(|p| {
                        e.rows
                            .iter()
                            .position(|r| matches!(r, TreeRow::Entry { path, .. } if *path == p))
                    }) {
                        e.tree_sel = i;
                    }
                }
                Err(err) => status = Some(format!("could not list {dir}: {err}")),
            }
        }
        JobResult::FileLoaded { request, result } => {
            if let Some(f) = e.file.as_mut().filter(|f| f.request == request) {
                match result {
                    Ok(loaded) => {
                        f.state = FileState::Loaded(Box::new(loaded));
                        e.rebuild_outline();
                        let line = e.pending_line.take().unwrap_or(0);
                        jump_to_line(e, line);
                    }
                    Err(err) => {
                        status = Some(format!("could not open {}: {err}", f.path));
                        f.state = FileState::Failed(err);
                    }
                }
            }
        }
        JobResult::FileList { repo, result } if repo == e.repo => {
            e.files_loading = false;
            match result {
                Ok(files) => {
                    e.all_files_text = files
                        .iter()
                        .map(|p| crate::sanitize::sanitize_line(&p.to_string_lossy()).into_owned())
                        .collect();
                    e.all_files = Some(files);
                    e.refresh_finder();
                    effects = open_if_asked(e, &mut next_request);
                }
                Err(err) => status = Some(format!("could not list the files: {err}")),
            }
        }
        JobResult::IndexLoaded { repo, result } if repo == e.repo => {
            e.index_loading = false;
            match result {
                Ok(index) => {
                    e.index = Some(index);
                    e.refresh_finder();
                    effects = open_if_asked(e, &mut next_request);
                }
                Err(err) => status = Some(format!("could not index the symbols: {err}")),
            }
        }
        JobResult::EditorClosed { result: Err(err) } => status = Some(err),
        _ => {}
    }
    keep_visible(e, viewport);
    state.requests = next_request;
    if status.is_some() {
        state.status = status;
    }
    effects
}
