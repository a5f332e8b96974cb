//! The explorer: a cloned repository's file tree (with the catalog's key
//! files on top), the outline of the selected file and its highlighted
//! source. This file holds its state; `update.rs` its keys, as a narrow
//! [`apply`] that returns an [`Outcome`] for the app to carry out;
//! `finder.rs`, `mouse.rs` and `jobs.rs` the finders, the mouse and the
//! job results; `intel.rs` what the code index answers (definitions,
//! references, the module map, the outline's counts and public API).
//! Loading happens in jobs.

mod finder;
pub mod intel;
mod jobs;
mod mouse;
pub mod reader;
pub mod search;
mod update;
pub mod view;
mod widths;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::catalog;
use crate::outline::highlight::Highlights;
use crate::outline::index::IndexEntry;
use crate::outline::{Outline, SymbolKind};
use crate::repo::{CommitInfo, Content, Depth, Entry, EntryKind, RepoPath, Resolution};
use crate::study::NoteTarget;

use super::pane::PaneCursor;

pub use finder::{FINDER_LIMIT, Finder, FinderKind};
pub use jobs::on_job;
pub use update::{Context, Outcome, PREVIEW_TICKS, Then, apply, go_to, keep_visible, on_tick};

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
    /// A lazy clone: its files are fetched when read (and in the
    /// background while it is open).
    pub lazy: bool,
}

/// The background fetch of a lazy clone's files, as the header shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PrefetchView {
    pub done: usize,
    pub total: usize,
    /// Every file (`F`), not only the sources and study text.
    pub everything: bool,
}

/// One row of the tree pane.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TreeRow {
    KeyHeader,
    Key(usize),
    FilesHeader,
    Entry { path: RepoPath, depth: usize },
}

impl TreeRow {
    /// "Key files" and "Files": no row to stop on.
    pub fn is_heading(&self) -> bool {
        matches!(self, TreeRow::KeyHeader | TreeRow::FilesHeader)
    }
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
    /// A lazy clone's file being fetched before it is loaded.
    Fetching,
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
        crate::outline::dotted_name(&self.parents, &self.name)
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

#[derive(Debug, Clone)]
pub struct ExplorerState {
    pub repo: String,
    /// The repository's catalog entry, sent with the effects of its jobs.
    pub catalog_entry: Arc<catalog::Repo>,
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
    pub tree: PaneCursor,
    pub file: Option<OpenFile>,
    pub outline_rows: Vec<OutlineRow>,
    /// Every symbol of the open file (dotted names), whatever the filters
    /// keep: what the read count counts.
    pub outline_all: Vec<String>,
    pub filter: KindFilter,
    pub outline: PaneCursor,
    /// The source cursor's 0-based line (the selected line), and the first
    /// line shown.
    pub source: PaneCursor,
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
    pub open_after: Option<(RepoPath, Option<usize>)>,
    /// A path revealed before its directories were listed: selected when
    /// their listings arrive.
    pub reveal_pending: Option<RepoPath>,
    /// The source cursor's wanted column (in characters; `usize::MAX`
    /// after `$`): kept while moving up and down over shorter lines.
    pub col: usize,
    /// The column to put the cursor on once the file being loaded
    /// arrives (a jump back to another file).
    pub pending_col: Option<usize>,
    /// The lines the source pane showed last (to tell whether a jump
    /// stays in view).
    pub source_rows: usize,
    /// Display columns of the source scrolled past on the left (the
    /// cursor kept in view on long lines).
    pub hscroll: usize,
    /// A count being typed (`12` of `12G`).
    pub count: Option<usize>,
    /// The line prompt (`/`, `:`), while it is open.
    pub prompt: Option<search::LinePrompt>,
    /// The search of the source, kept across files.
    pub search: Option<search::Search>,
    /// The filters of the tree and the outline (`/` there); empty: none.
    pub tree_filter: String,
    pub outline_filter: String,
    pub jumps: reader::JumpList,
    /// `z`: the focused pane alone, across the whole width.
    pub zoomed: bool,
    /// `W`: long source lines wrapped instead of cut.
    pub wrap: bool,
    /// Where the explorer was left last time: opened there (unless
    /// `open_after` asks for another file).
    pub resume: Option<crate::study::LastPlace>,
    /// The first line to show once the file being loaded arrives.
    pub pending_top: Option<usize>,
    /// Ticks left before the tree's selected file is shown: moving
    /// through the tree does not replace the open file at every row.
    pub preview_due: Option<u8>,
    /// Where each file left this session was (cursor line, column, first
    /// line shown): coming back to it, by the tree or a jump, is there.
    pub places: HashMap<RepoPath, (usize, usize, usize)>,
    /// What the tree and the outline need to show their rows whole:
    /// measured when their rows are rebuilt, read by every layout.
    pub wants: crate::app::layout::PaneWants,
    /// The semantic index and its questions in flight.
    pub intel: intel::IntelState,
    /// The open `__init__.py`'s public API as the outline lists it (after
    /// the symbols), under the outline filter.
    pub api_rows: Vec<intel::ApiRow>,
    /// The background fetch of a lazy clone's files, while it runs.
    pub prefetch: Option<PrefetchView>,
    /// Missing key files asked about (Enter): when they left the
    /// history, in words (`None` while it is being looked up).
    pub departures: HashMap<String, Option<String>>,
}

impl ExplorerState {
    pub fn new(catalog_entry: Arc<catalog::Repo>, open_request: u64) -> ExplorerState {
        ExplorerState {
            repo: catalog_entry.id.clone(),
            catalog_entry,
            overview: None,
            open_request,
            focus: Pane::Tree,
            listings: HashMap::new(),
            expanded: HashSet::new(),
            listing: HashSet::new(),
            key_paths: HashSet::new(),
            rows: Vec::new(),
            tree: PaneCursor::default(),
            file: None,
            outline_rows: Vec::new(),
            outline_all: Vec::new(),
            filter: KindFilter::All,
            outline: PaneCursor::default(),
            source: PaneCursor::default(),
            finder: None,
            all_files: None,
            all_files_text: Vec::new(),
            index: None,
            index_loading: false,
            files_loading: false,
            pending_line: None,
            open_after: None,
            reveal_pending: None,
            col: 0,
            pending_col: None,
            source_rows: 0,
            count: None,
            hscroll: 0,
            prompt: None,
            search: None,
            tree_filter: String::new(),
            outline_filter: String::new(),
            jumps: reader::JumpList::default(),
            zoomed: false,
            wrap: false,
            resume: None,
            pending_top: None,
            preview_due: None,
            places: HashMap::new(),
            wants: crate::app::layout::PaneWants::default(),
            intel: intel::IntelState::default(),
            api_rows: Vec::new(),
            prefetch: None,
            departures: HashMap::new(),
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
            // A key file split into several: each part is a key file.
            if let Resolution::Moved { became, .. } = &k.resolution {
                self.key_paths.extend(
                    became
                        .parts()
                        .iter()
                        .filter_map(|p| RepoPath::parse(p).ok()),
                );
            }
        }
        self.overview = Some(overview);
        self.rebuild_rows();
        // Start on the first key file, or the first entry.
        self.tree.selected = self
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
        let selected = self.rows.get(self.tree.selected).cloned();
        let mut rows = Vec::new();
        // The widest row, over the first rows (of all, not only those the
        // filter keeps: the pane keeps its width while a filter is typed).
        let mut widest = 0;
        if let Some(o) = &self.overview
            && !o.key_files.is_empty()
        {
            rows.push(TreeRow::KeyHeader);
            rows.extend((0..o.key_files.len()).map(TreeRow::Key));
            rows.push(TreeRow::FilesHeader);
            widest = widths::key_files_width(&o.key_files);
        }
        // Depth-first over expanded directories, iteratively.
        let mut stack: Vec<(&Entry, usize)> = Vec::new();
        if let Some(root) = self.listings.get(&RepoPath::root()) {
            for e in root.iter().rev() {
                stack.push((e, 0));
            }
        }
        while let Some((entry, depth)) = stack.pop() {
            if self.expanded.contains(&entry.path)
                && let Some(children) = self.listings.get(&entry.path)
            {
                for c in children.iter().rev() {
                    stack.push((c, depth + 1));
                }
            }
            if rows.len() < widths::MEASURED_ROWS {
                let key = self.key_paths.contains(&entry.path);
                widest = widest.max(widths::entry_width(entry, depth, key));
            }
            rows.push(TreeRow::Entry {
                path: entry.path.clone(),
                depth,
            });
        }
        self.wants.tree = widest.min(u16::MAX as usize) as u16;
        if !self.tree_filter.is_empty() {
            rows = self.filtered(rows);
        }
        self.rows = rows;
        if let Some(sel) = selected
            && let Some(i) = self.rows.iter().position(|r| *r == sel)
        {
            self.tree.selected = i;
        }
        self.tree.keep_within(self.rows.len());
    }

    /// After the source cursor moved: the outline on its symbol.
    pub fn follow_source(&mut self) {
        if let Some(i) = self.symbol_at(self.source.selected) {
            self.outline.selected = i;
        }
    }

    /// The entry a tree row shows.
    pub fn entry(&self, path: &RepoPath) -> Option<&Entry> {
        self.listings
            .get(&path.parent())
            .and_then(|es| es.iter().find(|e| &e.path == path))
    }

    pub fn selected_row(&self) -> Option<&TreeRow> {
        self.rows.get(self.tree.selected)
    }

    /// Select the tree row of `path`, expanding its directories. Returns
    /// the directories whose listings are still needed.
    pub fn reveal(&mut self, path: &RepoPath) -> Vec<RepoPath> {
        // A file gone to is shown in the tree, whatever the filter kept.
        if !self.tree_filter.is_empty()
            && !search::filter_keeps(
                &self.tree_filter,
                &String::from_utf8_lossy(path.file_name()),
            )
        {
            self.tree_filter.clear();
        }
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
            self.tree.selected = i;
            self.reveal_pending = None;
        }
    }

    /// The symbols of the open file as rows, under the current filter.
    pub fn rebuild_outline(&mut self) {
        self.outline_rows.clear();
        self.outline_all.clear();
        let f = match &self.file {
            Some(OpenFile {
                state: FileState::Loaded(f),
                ..
            }) => f,
            // While a file loads the outline keeps its width: no jump
            // between the file left and the one coming.
            Some(OpenFile {
                state: FileState::Loading,
                ..
            }) => return,
            _ => {
                self.wants.outline = 0;
                self.wants.line_digits = 0;
                self.api_rows.clear();
                return;
            }
        };
        let filter = self.filter;
        let by_name = &self.outline_filter;
        // Measured over all the file's symbols, whatever the filters keep,
        // so the pane keeps its width while they change.
        let symbols = f.outline.flatten();
        let (widest, digits) = widths::outline_width(&symbols);
        self.wants.outline = widest.min(u16::MAX as usize) as u16;
        self.wants.line_digits = digits as u16;
        for (parents, s) in symbols {
            self.outline_all
                .push(crate::outline::dotted_name(&parents, &s.name));
            if filter.keeps(s.kind) && search::filter_keeps(by_name, &s.name) {
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
        self.rebuild_api_rows();
        self.outline.keep_within(self.outline_len());
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
                    .then(|| {
                        self.outline_rows
                            .get(self.outline.selected)
                            .map(|r| r.dotted())
                    })
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

    /// Where the panes are at this size, focus and zoom.
    pub fn layout(&self, viewport: ratatui::layout::Rect) -> crate::app::layout::ExplorerLayout {
        crate::app::layout::explorer_zoomed(viewport, self.focus, self.zoomed, self.wants)
    }

    /// A pane's cursor, and how many rows it moves over.
    pub fn pane_cursor(&mut self, pane: Pane) -> (&mut PaneCursor, usize) {
        let len = match pane {
            Pane::Tree => self.rows.len(),
            Pane::Outline => self.outline_len(),
            Pane::Source => self.line_count(),
        };
        let cursor = match pane {
            Pane::Tree => &mut self.tree,
            Pane::Outline => &mut self.outline,
            Pane::Source => &mut self.source,
        };
        (cursor, len)
    }
}
