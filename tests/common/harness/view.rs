//! What the person sees: the mode, the status line, the rows and
//! selections of the panes and overlays, and the screen drawn.

use codestudy::app::explorer::TreeRow;
use codestudy::app::{
    FileState, FinderKind, HomeTab, Mode, Overlay, Pane, RepoStatus, Screen, State,
};
use codestudy::repo::EntryKind;
use codestudy::study::{NoteTarget, StepState};
use codestudy::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::Harness;

impl Harness {
    // ---- what the person sees ----

    pub fn mode(&self) -> Mode {
        self.state.mode()
    }

    /// Whether a window (help, checklist, view, prompt, note) is drawn
    /// over the screen.
    pub fn overlay_shown(&self) -> bool {
        self.state.overlay.is_some()
    }

    /// Whether the explorer is the screen (under any overlay).
    pub fn explorer_open(&self) -> bool {
        matches!(self.state.screen, codestudy::app::Screen::Explorer(_))
    }

    /// The status line's message, if there is one.
    pub fn status_line(&self) -> Option<&str> {
        self.state.status.as_deref()
    }

    pub fn repo_status(&self, repo: &str) -> &RepoStatus {
        self.state.status_of(repo)
    }

    pub fn quit_requested(&self) -> bool {
        self.state.should_quit
    }

    /// The repository selected on the home screen.
    pub fn selected_repo(&self) -> String {
        self.state
            .home
            .selected_repo(&self.state.catalog)
            .expect("a repository is selected")
            .id
            .clone()
    }

    /// The selected row of the home screen's tables, from 0, in the
    /// order shown.
    pub fn selected_row(&self) -> usize {
        self.state.home.selected
    }

    /// The first line of the home screen's tables shown (their scroll).
    pub fn tables_scroll(&self) -> usize {
        self.state.home.table_scroll
    }

    /// The first line of the study guide shown (its scroll).
    pub fn guide_scroll(&self) -> usize {
        self.state.home.guide_scroll
    }

    /// The home screen's tab.
    pub fn home_tab(&self) -> HomeTab {
        self.state.home.tab
    }

    /// The index of the finder's selected match.
    pub fn finder_selected(&self) -> Option<usize> {
        self.explorer().finder.as_ref().map(|f| f.selected)
    }

    pub fn explorer(&self) -> &codestudy::app::ExplorerState {
        match &self.state.screen {
            Screen::Explorer(e) => e,
            Screen::Home => panic!("not in the explorer (mode {:?})", self.mode()),
        }
    }

    /// The explorer's focused pane.
    pub fn focus(&self) -> Pane {
        self.explorer().focus
    }

    /// The tree's rows, one line each: `★ Key files`, `key <path>` for a
    /// key file, `Files`, and each entry as its path indented two spaces
    /// a level, after `▾ ` (open directory), `▸ ` (closed), `… `
    /// (listing) or nothing (a file), and ` ★` if it is a key file.
    pub fn tree_rows(&self) -> Vec<String> {
        let e = self.explorer();
        let keys = e
            .overview
            .as_ref()
            .map(|o| o.key_files.as_slice())
            .unwrap_or_default();
        e.rows
            .iter()
            .map(|row| match row {
                TreeRow::KeyHeader => "★ Key files".to_string(),
                TreeRow::FilesHeader => "Files".to_string(),
                TreeRow::Key(k) => format!("key {}", keys.get(*k).map_or("?", |f| &f.path)),
                TreeRow::Entry { path, depth } => {
                    let kind = e.entry(path).map_or(EntryKind::File, |x| x.kind);
                    let marker = match kind {
                        EntryKind::Directory if e.listing.contains(path) => "… ",
                        EntryKind::Directory if e.expanded.contains(path) => "▾ ",
                        EntryKind::Directory => "▸ ",
                        _ => "",
                    };
                    let star = if e.key_paths.contains(path) {
                        " ★"
                    } else {
                        ""
                    };
                    format!(
                        "{}{marker}{}{star}",
                        "  ".repeat(*depth),
                        path.to_string_lossy()
                    )
                }
            })
            .collect()
    }

    /// The selected tree row, as [`Harness::tree_rows`] writes it.
    pub fn selected_tree_row(&self) -> Option<String> {
        self.tree_rows().get(self.explorer().tree.selected).cloned()
    }

    /// Move down the tree until the row `row` (as
    /// [`Harness::tree_rows`] writes it) is selected.
    pub fn select_tree_row(&mut self, row: &str) -> &mut Harness {
        assert!(
            self.tree_rows().iter().any(|r| r == row),
            "no row {row:?} in {:#?}",
            self.tree_rows()
        );
        for _ in 0..self.tree_rows().len() {
            if self.selected_tree_row().as_deref() == Some(row) {
                // Resting there shows its file.
                return self.rest();
            }
            self.keys("j");
        }
        panic!("{row:?} could not be reached from above")
    }

    /// The outline's symbols (their names), in order.
    pub fn outline_names(&self) -> Vec<String> {
        self.explorer()
            .outline_rows
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    /// The name of the outline's selected symbol.
    pub fn selected_symbol(&self) -> Option<String> {
        let e = self.explorer();
        e.outline_rows
            .get(e.outline.selected)
            .map(|r| r.name.clone())
    }

    /// The source's cursor line, from 1 as the gutter numbers it.
    pub fn cursor_line(&self) -> usize {
        self.explorer().source.selected + 1
    }

    /// The source cursor's column, from 1 (in characters, within its line).
    pub fn cursor_col(&self) -> usize {
        self.explorer().cursor_col() + 1
    }

    /// The open file's path, if one is open.
    pub fn open_path(&self) -> Option<String> {
        self.explorer()
            .file
            .as_ref()
            .map(|f| f.path.to_string_lossy())
    }

    /// The search's count as the title shows it ("3/17"), if there is a
    /// search.
    pub fn search_count(&self) -> Option<String> {
        self.explorer().search.as_ref().map(|s| s.count())
    }

    /// The line prompt's text and error, while it is open.
    pub fn prompt(&self) -> Option<(String, Option<String>)> {
        self.explorer()
            .prompt
            .as_ref()
            .map(|p| (p.text.clone(), p.error.clone()))
    }

    /// Display columns of the source scrolled past on the left.
    pub fn source_hscroll(&self) -> usize {
        self.explorer().hscroll
    }

    /// Whether the open file is still loading.
    pub fn file_loading(&self) -> bool {
        matches!(
            self.explorer().file.as_ref().map(|f| &f.state),
            Some(FileState::Loading)
        )
    }

    /// The open finder's kind, if one is open.
    pub fn finder(&self) -> Option<FinderKind> {
        self.explorer().finder.as_ref().map(|f| f.kind)
    }

    /// What is typed into the open finder.
    pub fn finder_query(&self) -> Option<String> {
        self.explorer().finder.as_ref().map(|f| f.query.clone())
    }

    /// The file finder's matches, best first.
    pub fn finder_files(&self) -> Vec<String> {
        let e = self.explorer();
        e.finder
            .iter()
            .flat_map(|f| &f.results)
            .map(|hit| e.all_files_text[hit.index].clone())
            .collect()
    }

    /// The index of the checklist's selected step, from 0, when the
    /// checklist is open.
    pub fn checklist_selected(&self) -> Option<usize> {
        match &self.state.overlay {
            Some(Overlay::Study { selected, .. }) => Some(*selected),
            _ => None,
        }
    }

    /// The title of the document or list shown.
    pub fn view_title(&self) -> Option<String> {
        match &self.state.overlay {
            Some(Overlay::List { view, .. }) => Some(view.title.clone()),
            Some(Overlay::Document { title, .. }) => Some(title.clone()),
            _ => None,
        }
    }

    /// The entries of the list shown.
    pub fn list_items(&self) -> Vec<String> {
        match &self.state.overlay {
            Some(Overlay::List { view, .. }) => view.items.iter().map(|i| i.text.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// The index of the list's selected entry.
    pub fn list_selected(&self) -> Option<usize> {
        match &self.state.overlay {
            Some(Overlay::List { cursor, .. }) => Some(cursor.selected),
            _ => None,
        }
    }

    /// How many changes are not saved yet.
    pub fn unsaved_changes(&self) -> usize {
        self.state.pending.len()
    }

    /// Step `number` of `repo` as the checklist shows it.
    pub fn step_state(&self, repo: &str, number: u8) -> StepState {
        self.state
            .progress
            .repo(repo)
            .map_or(StepState::Todo, |p| p.step(number))
    }

    /// Whether `symbol` of `path` is marked read.
    pub fn is_read(&self, repo: &str, path: &str, symbol: &str) -> bool {
        self.state
            .progress
            .repo(repo)
            .is_some_and(|p| p.is_read(path, symbol))
    }

    /// The note on `target`, if there is one.
    pub fn note(&self, repo: &str, target: &NoteTarget) -> Option<String> {
        self.state
            .progress
            .repo(repo)
            .and_then(|p| p.note(target))
            .map(|n| n.text.clone())
    }

    /// Where the explorer draws `pane` at this size and focus, if it
    /// draws it.
    pub fn pane_area(&self, pane: Pane) -> Option<Rect> {
        let l = self.explorer().layout(self.state.viewport);
        match pane {
            Pane::Tree => l.tree,
            Pane::Outline => l.outline,
            Pane::Source => l.source,
        }
    }

    /// The screen drawn at the terminal's size.
    pub fn draw(&self) -> Terminal<TestBackend> {
        let v = self.state.viewport;
        let mut t = Terminal::new(TestBackend::new(v.width, v.height)).unwrap();
        t.draw(|f| ui::render(&self.state, f)).unwrap();
        t
    }

    /// The screen's text, a line per row.
    pub fn screen(&self) -> String {
        screen_text(self.draw().backend().buffer())
    }

    /// The state itself, for what no accessor says yet.
    /// For setting up what a test starts from (progress recorded before).
    pub fn state_mut(&mut self) -> &mut State {
        &mut self.state
    }

    pub fn state(&self) -> &State {
        &self.state
    }
}

/// The text of a drawn screen, a line per row; the cell a wide character
/// covers is skipped.
pub fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push_str(&row_text(buf, y));
        out.push('\n');
    }
    out
}

/// One row of a drawn screen as a person reads it.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = codestudy::text::width(sym).saturating_sub(1);
        out.push_str(sym);
    }
    out
}
