//! Keys on the explorer screen: focus, move and open in the three panes,
//! the outline filter, the editor, read marks and a path's history. Works
//! on the explorer's own state and says what else it needs in an
//! [`Outcome`].

use ratatui::layout::Rect;

use super::{
    ExplorerState, FileState, OpenFile, Pane, TreeRow, finder, intel, mouse, reader, search, view,
};
use crate::app::layout::inner;
use crate::app::messages::{Action, Effect};
use crate::app::pane::PaneCursor;
use crate::app::state::RequestIds;
use crate::repo::{EntryKind, RepoPath, Resolution};
use crate::study::views::Target;
use crate::study::{self, Change};

/// Lines of context kept above a symbol jumped to.
const CONTEXT: usize = 3;

/// What an explorer action needs from the rest of the app.
pub struct Context<'a> {
    /// The terminal's size: the panes' heights for paging and scrolling,
    /// and where the mouse is.
    pub viewport: Rect,
    /// For the files loaded: a result for a file no longer open is dropped.
    pub requests: &'a mut RequestIds,
    /// Whether the selected symbol is read already (for `m`).
    pub progress: &'a study::Progress,
}

/// What an explorer action asks of the rest of the app: jobs to start, a
/// message for the status line, and something the explorer cannot do on
/// its own state.
#[derive(Debug, Default)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub status: Option<String>,
    pub then: Option<Then>,
}

/// The part of an [`Outcome`] that changes more than the explorer.
#[derive(Debug)]
pub enum Then {
    /// Esc: back to the home screen.
    GoHome,
    /// Build this view and open it over the explorer.
    OpenView { repo: String, target: Target },
    /// Record a change to the study progress.
    Record(Change),
    /// Open this picker over the explorer (definitions, references, the
    /// module map).
    OpenPicker(Box<crate::app::overlays::picker::PickerView>),
}

impl Outcome {
    pub(super) fn status(message: impl Into<String>) -> Outcome {
        Outcome {
            status: Some(message.into()),
            ..Outcome::default()
        }
    }
}

pub(super) fn pane_height(e: &ExplorerState, viewport: Rect, pane: Pane) -> usize {
    let l = e.layout(viewport);
    let r = match pane {
        Pane::Tree => l.tree,
        Pane::Outline => l.outline,
        Pane::Source => l.source,
    };
    r.map_or(1, |r| inner(r).height.max(1) as usize)
}

/// Keep every pane's selection in view after a resize or a move.
pub fn keep_visible(e: &mut ExplorerState, viewport: Rect) {
    let h = |p| pane_height(e, viewport, p);
    let (ht, ho, hs) = (h(Pane::Tree), h(Pane::Outline), h(Pane::Source));
    e.tree.scroll_to(ht);
    e.outline.scroll_to(ho);
    e.source.scroll_to(hs);
    e.source_rows = hs;
    let text_width = e
        .layout(viewport)
        .source
        .map_or(1, |r| inner(r).width as usize)
        .saturating_sub(view::gutter_width(e.line_count()));
    view::keep_cursor_in_view(e, text_width.max(2));
    view::keep_wrapped_in_view(e, text_width.max(2), hs);
}

/// Ticks (100 ms each) the tree's selection rests before its file is
/// shown.
pub const PREVIEW_TICKS: u8 = 3;

/// A tick on the explorer: the tree's selected file shown once the
/// selection has rested.
pub fn on_tick(e: &mut ExplorerState, requests: &mut RequestIds) -> Vec<Effect> {
    match e.preview_due {
        Some(n) if n > 1 => {
            e.preview_due = Some(n - 1);
            Vec::new()
        }
        Some(_) => preview(e, requests),
        None => Vec::new(),
    }
}

/// What selecting the current tree row should load (a file preview).
pub(super) fn preview(e: &mut ExplorerState, requests: &mut RequestIds) -> Vec<Effect> {
    e.preview_due = None;
    let path = match e.selected_row() {
        Some(TreeRow::Entry { path, .. }) => match e.entry(path) {
            Some(entry) if entry.kind != EntryKind::Directory => path.clone(),
            _ => return Vec::new(),
        },
        Some(TreeRow::Key(i)) => match e
            .overview
            .as_ref()
            .and_then(|o| o.key_files.get(*i))
            .and_then(|k| k.target())
        {
            Some((path, kind)) if kind != EntryKind::Directory => path,
            _ => return Vec::new(),
        },
        _ => return Vec::new(),
    };
    load_file(e, path, None, requests)
}

pub(super) fn load_file(
    e: &mut ExplorerState,
    path: RepoPath,
    line: Option<usize>,
    requests: &mut RequestIds,
) -> Vec<Effect> {
    if e.file.as_ref().is_some_and(|f| f.path == path) {
        if let Some(l) = line {
            jump_to_line(e, l);
        }
        return Vec::new();
    }
    // The file left keeps its place, for coming back to it.
    if let Some(f) = &e.file
        && matches!(f.state, FileState::Loaded(_))
    {
        let place = (e.source.selected, e.cursor_col(), e.source.scroll);
        e.places.insert(f.path.clone(), place);
    }
    let back = if line.is_none() {
        e.places.get(&path).copied()
    } else {
        None
    };
    let request = requests.new_id();
    e.file = Some(OpenFile {
        path: path.clone(),
        request,
        state: FileState::Loading,
    });
    e.pending_line = line;
    e.pending_col = None;
    e.pending_top = None;
    if let Some((line, col, top)) = back {
        e.pending_line = Some(line);
        e.pending_col = Some(col);
        e.pending_top = Some(top);
    }
    e.col = 0;
    e.outline_rows.clear();
    // The public API of the file left is no row of the one coming.
    e.api_rows.clear();
    e.outline = PaneCursor::default();
    e.source = PaneCursor::default();
    vec![Effect::LoadFile {
        repo: e.repo.clone(),
        path,
        request,
        catalog_entry: e.catalog_entry.clone(),
    }]
}

pub(super) fn jump_to_line(e: &mut ExplorerState, line: usize) {
    e.source.selected = line.min(e.line_count().saturating_sub(1));
    e.source.scroll = e.source.selected.saturating_sub(CONTEXT);
    if let Some(i) = e.symbol_at(e.source.selected) {
        e.outline.selected = i;
    }
}

/// `h` in the tree: collapse the selected directory, else select the
/// directory it is in.
fn tree_left(e: &mut ExplorerState) -> Outcome {
    let Some(TreeRow::Entry { path, depth }) = e.selected_row().cloned() else {
        return Outcome::default();
    };
    if e.expanded.contains(&path)
        && e.entry(&path)
            .is_some_and(|x| x.kind == EntryKind::Directory)
    {
        e.expanded.remove(&path);
        e.rebuild_rows();
        return Outcome::default();
    }
    if depth > 0 {
        let parent = path.parent();
        if let Some(i) = e
            .rows
            .iter()
            .position(|r| matches!(r, TreeRow::Entry { path: p, .. } if *p == parent))
        {
            e.tree.selected = i;
        }
    }
    Outcome::default()
}

/// `l` in the tree: expand the selected directory (into its first entry
/// when it is open already), open the selected file.
fn tree_right(e: &mut ExplorerState, requests: &mut RequestIds) -> Outcome {
    if let Some(TreeRow::Entry { path, .. }) = e.selected_row().cloned()
        && e.expanded.contains(&path)
        && e.entry(&path)
            .is_some_and(|x| x.kind == EntryKind::Directory)
    {
        let next = e.tree.selected + 1;
        if let Some(TreeRow::Entry { path: child, .. }) = e.rows.get(next)
            && child.parent() == path
        {
            e.tree.selected = next;
        }
        return Outcome::default();
    }
    let (effects, status) = open_row(e, requests);
    Outcome {
        effects,
        status,
        then: None,
    }
}

/// Enter on the tree's selected row.
pub(super) fn open_row(
    e: &mut ExplorerState,
    requests: &mut RequestIds,
) -> (Vec<Effect>, Option<String>) {
    match e.selected_row().cloned() {
        Some(TreeRow::Entry { path, .. }) => {
            let is_dir = e
                .entry(&path)
                .is_some_and(|x| x.kind == EntryKind::Directory);
            if !is_dir {
                e.focus = Pane::Outline;
                return (preview(e, requests), None);
            }
            if !e.expanded.remove(&path) {
                e.expanded.insert(path.clone());
                if !e.listings.contains_key(&path) && e.listing.insert(path.clone()) {
                    e.rebuild_rows();
                    return (
                        vec![Effect::ListDir {
                            repo: e.repo.clone(),
                            dir: path,
                            catalog_entry: e.catalog_entry.clone(),
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
                    if kind != EntryKind::Directory {
                        e.record_jump();
                    }
                    let mut effects = reveal(e, &path);
                    if kind == EntryKind::Directory {
                        e.expanded.insert(path.clone());
                        if !e.listings.contains_key(&path) && e.listing.insert(path.clone()) {
                            effects.push(Effect::ListDir {
                                repo: e.repo.clone(),
                                dir: path,
                                catalog_entry: e.catalog_entry.clone(),
                            });
                        }
                        e.rebuild_rows();
                    } else {
                        effects.extend(load_file(e, path, None, requests));
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
                    let path = k.path.clone();
                    match e.departures.get(&path) {
                        // Asked before: the answer (or that it is coming).
                        Some(Some(said)) => (
                            Vec::new(),
                            Some(format!(
                                "key file {path} is not in this clone: {said}{hint}"
                            )),
                        ),
                        Some(None) => (
                            Vec::new(),
                            Some(format!(
                                "looking up when {path} left the history (its commits only, no files)…"
                            )),
                        ),
                        None => {
                            e.departures.insert(path.clone(), None);
                            (
                                vec![Effect::FindDeparture {
                                    repo: e.repo.clone(),
                                    path: path.clone(),
                                    catalog_entry: e.catalog_entry.clone(),
                                }],
                                Some(format!(
                                    "key file {path} is not in this clone{hint}; looking up when it left the history (its commits only, no files)…"
                                )),
                            )
                        }
                    }
                }
            }
        }
        _ => (Vec::new(), None),
    }
}

pub(super) fn move_in(e: &mut ExplorerState, pane: Pane, action: Action, page: usize) -> bool {
    let before = e.pane_cursor(pane).0.selected;
    let (cursor, len) = e.pane_cursor(pane);
    let moved = cursor.move_by(action.clone(), len, page);
    // The heading of the public API is no place to stop on: past it in
    // the direction moved (back where it was at either end).
    if pane == Pane::Outline
        && matches!(
            e.outline_entry(e.outline.selected),
            Some(intel::OutlineEntry::ApiHeading)
        )
    {
        let down = e.outline.selected > before;
        let heading = e.outline.selected;
        let next = if down {
            Some(heading + 1).filter(|i| *i < e.outline_len())
        } else {
            heading.checked_sub(1)
        };
        e.outline.selected = next.unwrap_or(before);
        return e.outline.selected != before;
    }
    // Nor are the tree's headings ("Key files", "Files"): the row past
    // them in the direction moved, the nearest one at either end.
    if pane == Pane::Tree && e.selected_row().is_some_and(TreeRow::is_heading) {
        let at = e.tree.selected;
        let down = at > before || (at == before && at == 0);
        let is_row = |i: &usize| e.rows.get(*i).is_some_and(|r| !r.is_heading());
        let next = if down {
            (at + 1..e.rows.len()).find(is_row)
        } else {
            (0..at).rev().find(is_row)
        };
        let fallback = (0..e.rows.len()).find(is_row).unwrap_or(before);
        e.tree.selected = next.unwrap_or(if down { before } else { fallback });
        if e.rows.get(e.tree.selected).is_some_and(TreeRow::is_heading) {
            e.tree.selected = fallback;
        }
        show_headings_above(e);
        return e.tree.selected != before;
    }
    if pane == Pane::Tree {
        show_headings_above(e);
    }
    moved
}

/// On the tree's first entry, the headings above it stay in view.
fn show_headings_above(e: &mut ExplorerState) {
    if e.rows[..e.tree.selected.min(e.rows.len())]
        .iter()
        .all(TreeRow::is_heading)
    {
        e.tree.scroll = 0;
    }
}

/// An action on the explorer screen.
pub fn apply(e: &mut ExplorerState, ctx: Context, action: Action) -> Outcome {
    if action == Action::MarkRead {
        return mark_read(e, ctx.progress);
    }
    if action == Action::History {
        return history_of_selection(e);
    }
    if action == Action::SymbolHistory {
        return match selected_symbol(e) {
            Ok((path, symbol)) => Outcome {
                status: Some(format!("reading the history of {symbol} in {path}…")),
                then: Some(Then::OpenView {
                    repo: e.repo.clone(),
                    target: Target::SymbolHistory { path, symbol },
                }),
                ..Outcome::default()
            },
            Err(why) => Outcome::status(format!("{why} to see its history")),
        };
    }
    let viewport = ctx.viewport;
    let requests = ctx.requests;
    let mut outcome = apply_key(e, viewport, requests, action);
    outcome.effects.extend(intel::wanted(e, requests));
    outcome
}

/// A key on the explorer's own state (the code index's questions first:
/// `gd`, Enter in the source, `gr`, `M`).
fn apply_key(
    e: &mut ExplorerState,
    viewport: Rect,
    requests: &mut RequestIds,
    action: Action,
) -> Outcome {
    if e.finder.is_none() && e.prompt.is_none() {
        let asked = match action {
            Action::GoToDefinition => Some(intel::go_to_definition(e, requests)),
            Action::Open if e.focus == Pane::Source => Some(intel::go_to_definition(e, requests)),
            Action::FindReferences => Some(intel::find_references(e, requests)),
            Action::ModuleMap => Some(intel::module_map(e, requests)),
            // In the tree, as in yazi and ranger: `h` collapses or goes to
            // the parent, `l` expands or opens.
            Action::Left if e.focus == Pane::Tree => Some(tree_left(e)),
            Action::Right if e.focus == Pane::Tree => Some(tree_right(e, requests)),
            _ => None,
        };
        if let Some(outcome) = asked {
            // A count typed before does not carry over.
            e.count = None;
            keep_visible(e, viewport);
            return outcome;
        }
    }
    let mut status = None;
    let mut then = None;
    let effects = if e.finder.is_some() {
        finder::on_key(e, action, requests)
    } else if e.prompt.is_some() {
        status = search::on_prompt_key(e, action);
        Vec::new()
    } else if let Some((fx, s)) = reader::apply(e, action.clone(), viewport, requests) {
        status = s;
        fx
    } else {
        match action {
            Action::Back => {
                match e.focus {
                    Pane::Source if e.search.is_some() => {
                        e.search = None;
                        status = Some("search cleared (Esc again: back)".into());
                    }
                    Pane::Tree | Pane::Outline if !e.filter_text(e.focus).is_empty() => {
                        e.set_filter(e.focus, String::new());
                        status = Some("filter cleared (Esc again: back)".into());
                    }
                    _ => then = Some(Then::GoHome),
                }
                Vec::new()
            }
            Action::CopyLocation => match &e.file {
                Some(f) => {
                    let text = format!("{}:{}", f.path.to_string_lossy(), e.source.selected + 1);
                    status = Some(format!(
                        "copied {text} (through the terminal, OSC 52; if it does not take it, copy it from here)"
                    ));
                    vec![Effect::CopyToClipboard(text)]
                }
                None => {
                    status = Some("open a file first (Enter in the tree)".to_string());
                    Vec::new()
                }
            },
            Action::CopyPermalink => {
                let link = match (&e.file, &e.overview) {
                    (Some(f), Some(o)) => view::permalink(
                        &e.catalog_entry.url,
                        &o.head.id.to_string(),
                        f.path.as_bytes(),
                        e.source.selected + 1,
                    )
                    .ok_or_else(|| {
                        format!(
                            "no permalink form known for {} (y copies path:line)",
                            e.catalog_entry.url
                        )
                    }),
                    _ => Err("open a file first (Enter in the tree)".to_string()),
                };
                match link {
                    Ok(link) => {
                        status = Some(format!("copied {link}"));
                        vec![Effect::CopyToClipboard(link)]
                    }
                    Err(why) => {
                        status = Some(why);
                        Vec::new()
                    }
                }
            }
            Action::FetchAll => {
                let (effects, said) = fetch_all(e);
                status = Some(said);
                effects
            }
            Action::ToggleWrap => {
                e.wrap = !e.wrap;
                e.hscroll = 0;
                status = Some(if e.wrap {
                    "long lines wrapped (↪ marks a wrapped row); W cuts them again".into()
                } else {
                    "long lines cut at the edge (›), scrolled with the cursor".into()
                });
                Vec::new()
            }
            Action::Zoom => {
                e.zoomed = !e.zoomed;
                status = Some(if e.zoomed {
                    "zoomed: z again for every pane".into()
                } else {
                    "every pane shown".into()
                });
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
            Action::FindFiles | Action::FindSymbols => finder::open_finder(e, action),
            Action::Edit => match &e.file {
                Some(f) => vec![Effect::OpenEditor {
                    repo: e.repo.clone(),
                    path: f.path.clone(),
                    line: e.source.selected + 1,
                    working_copy: None,
                }],
                None => {
                    status = Some("open a file first (Enter in the tree)".to_string());
                    Vec::new()
                }
            },
            Action::CycleFilter => {
                e.filter = e.filter.next();
                e.rebuild_outline();
                if let Some(i) = e.symbol_at(e.source.selected) {
                    e.outline.selected = i;
                }
                Vec::new()
            }
            Action::Open => match e.focus {
                Pane::Tree => {
                    let (fx, s) = open_row(e, requests);
                    status = s;
                    fx
                }
                Pane::Outline => match e.outline_entry(e.outline.selected) {
                    Some(intel::OutlineEntry::Api(_)) => intel::open_api_row(e, requests),
                    Some(intel::OutlineEntry::ApiHeading) => Vec::new(),
                    _ => {
                        e.focus = Pane::Source;
                        Vec::new()
                    }
                },
                Pane::Source => Vec::new(),
            },
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => {
                let page = pane_height(e, viewport, e.focus).saturating_sub(1).max(1);
                let focus = e.focus;
                if move_in(e, focus, action, page) {
                    moved(e, focus)
                } else {
                    Vec::new()
                }
            }
            Action::Click { column, row } => {
                let (effects, on_name) = mouse::click(e, viewport, column, row, requests);
                if on_name {
                    let outcome = intel::go_to_definition(e, requests);
                    keep_visible(e, viewport);
                    return outcome;
                }
                effects
            }
            Action::ScrollLeft { column, row } | Action::ScrollRight { column, row } => {
                let right = matches!(action, Action::ScrollRight { .. });
                mouse::sideways(e, viewport, column, row, right);
                Vec::new()
            }
            Action::ScrollUp { column, row } | Action::ScrollDown { column, row } => {
                let down = matches!(action, Action::ScrollDown { .. });
                mouse::wheel(e, viewport, column, row, down)
            }
            _ => Vec::new(),
        }
    };
    keep_visible(e, viewport);
    Outcome {
        effects,
        status,
        then,
    }
}

/// `L`: the history of the tree's selected file or directory (the open
/// file when the tree has no entry selected).
fn history_of_selection(e: &ExplorerState) -> Outcome {
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
        return Outcome::status("select a file or directory in the tree first");
    };
    Outcome {
        status: Some(format!("reading the history of {path}…")),
        then: Some(Then::OpenView {
            repo: e.repo.clone(),
            target: Target::History {
                path: Some(path.to_string_lossy()),
                skip: 0,
            },
        }),
        ..Outcome::default()
    }
}

/// The symbol `m` and `H` act on: in the source, the one the cursor is in
/// (never the outline's older selection); else the outline's selected
/// one. Its file's path and dotted name, or what to do instead.
fn selected_symbol(e: &ExplorerState) -> Result<(String, String), &'static str> {
    let index = if e.focus == Pane::Source && e.file.is_some() {
        e.symbol_at(e.source.selected)
            .ok_or("the cursor is in no symbol: move into a def or a class")?
    } else {
        e.outline.selected
    };
    match (&e.file, e.outline_rows.get(index)) {
        (Some(file), Some(row)) => Ok((file.path.to_string_lossy(), row.dotted())),
        _ => Err("select a symbol in the outline"),
    }
}

/// `m`: the selected symbol read, or not any more.
fn mark_read(e: &ExplorerState, progress: &study::Progress) -> Outcome {
    let (path, symbol) = match selected_symbol(e) {
        Ok(s) => s,
        Err(why) => return Outcome::status(format!("{why} to mark it read")),
    };
    let repo = e.repo.clone();
    let read = !progress
        .repo(&repo)
        .is_some_and(|p| p.is_read(&path, &symbol));
    Outcome {
        then: Some(Then::Record(Change::MarkRead {
            repo,
            path,
            symbol,
            read,
        })),
        ..Outcome::default()
    }
}

/// After the selection of `pane` moved: keep the other panes in step.
pub(super) fn moved(e: &mut ExplorerState, pane: Pane) -> Vec<Effect> {
    match pane {
        // Shown after a short pause: holding `j` through a directory
        // loads no file on the way.
        Pane::Tree => {
            e.preview_due = Some(PREVIEW_TICKS);
            Vec::new()
        }
        Pane::Outline => {
            if let Some(r) = e.outline_rows.get(e.outline.selected) {
                e.source.selected = (r.line as usize).saturating_sub(1);
                e.source.scroll = e.source.selected.saturating_sub(CONTEXT);
            }
            Vec::new()
        }
        Pane::Source => {
            if let Some(i) = e.symbol_at(e.source.selected) {
                e.outline.selected = i;
            }
            Vec::new()
        }
    }
}

/// Select `path` in the tree; the listings of its directories still
/// needed, as effects.
fn reveal(e: &mut ExplorerState, path: &RepoPath) -> Vec<Effect> {
    e.reveal(path)
        .into_iter()
        .map(|dir| Effect::ListDir {
            repo: e.repo.clone(),
            dir,
            catalog_entry: e.catalog_entry.clone(),
        })
        .collect()
}

/// Show `path` in the tree (listing its directories as needed) and open
/// it, at `line` if given: the source then has the focus, else the outline.
pub fn go_to(
    e: &mut ExplorerState,
    path: RepoPath,
    line: Option<usize>,
    requests: &mut RequestIds,
) -> Vec<Effect> {
    let mut effects = reveal(e, &path);
    effects.extend(load_file(e, path, line, requests));
    e.focus = if line.is_some() {
        Pane::Source
    } else {
        Pane::Outline
    };
    effects
}

/// `F`: a lazy clone's every file fetched in the background, or that
/// fetch stopped; what to do and what the status line says.
fn fetch_all(e: &mut ExplorerState) -> (Vec<Effect>, String) {
    let repo = e.repo.clone();
    match (&e.overview, e.prefetch) {
        (None, _) => (Vec::new(), format!("{repo} is still opening")),
        (Some(o), _) if !o.lazy => (
            Vec::new(),
            format!("every file of {repo} is here: it is not a lazy clone"),
        ),
        (
            Some(_),
            Some(super::PrefetchView {
                everything: true, ..
            }),
        ) => {
            e.prefetch = None;
            (
                vec![Effect::CancelPrefetch { repo: repo.clone() }],
                format!("stopped fetching the files of {repo}; the others are fetched when read"),
            )
        }
        (Some(_), _) => {
            e.prefetch = Some(super::PrefetchView {
                everything: true,
                ..super::PrefetchView::default()
            });
            (
                vec![Effect::Prefetch {
                    repo: repo.clone(),
                    everything: true,
                    catalog_entry: e.catalog_entry.clone(),
                }],
                format!("fetching every file of {repo} in the background (F again stops)"),
            )
        }
    }
}
