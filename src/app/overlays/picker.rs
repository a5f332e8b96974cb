//! The code index's pickers over the explorer: the candidate definitions
//! of a name (`gd`), its references grouped by file (`gr`), the module
//! map of a file (`M`). Rows are headings (a section, a file) or places;
//! `j`/`k` move over the places, Enter goes there (a jump, so Ctrl-o
//! comes back), `/` filters, Esc closes.

use ratatui::layout::Rect;

use super::{Overlay, wheel_as_keys};
use crate::app::explorer::{self, search::filter_keeps};
use crate::app::messages::{Action, Effect};
use crate::app::pane::PaneCursor;
use crate::app::state::{Screen, State};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Definitions,
    References,
    Modules,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowStyle {
    /// A section heading ("tests", "imports 7 modules").
    Section,
    /// A file heading, above its places.
    File,
    /// A place to go to (or, without one, something that cannot be
    /// opened, such as a builtin).
    Item,
    /// A remark ("nothing from this repository").
    Note,
}

/// One row; its texts are sanitized when the row is made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerRow {
    pub style: RowStyle,
    pub left: String,
    pub text: String,
    pub right: String,
    /// Where Enter goes: path, 1-based line and column.
    pub place: Option<(String, u32, u32)>,
}

impl PickerRow {
    pub fn item(
        left: String,
        text: String,
        right: String,
        place: Option<(String, u32, u32)>,
    ) -> PickerRow {
        PickerRow {
            style: RowStyle::Item,
            left,
            text,
            right,
            place,
        }
    }

    pub fn file(path: String, right: String) -> PickerRow {
        PickerRow {
            style: RowStyle::File,
            left: path,
            text: String::new(),
            right,
            place: None,
        }
    }

    pub fn section(text: String) -> PickerRow {
        PickerRow {
            style: RowStyle::Section,
            left: text,
            text: String::new(),
            right: String::new(),
            place: None,
        }
    }

    pub fn note(text: &str) -> PickerRow {
        PickerRow {
            style: RowStyle::Note,
            left: text.to_string(),
            text: String::new(),
            right: String::new(),
            place: None,
        }
    }

    fn heading_level(&self) -> Option<u8> {
        match self.style {
            RowStyle::Section => Some(0),
            RowStyle::File => Some(1),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickerView {
    pub repo: String,
    pub kind: PickerKind,
    pub title: String,
    pub rows: Vec<PickerRow>,
    /// The filter (`/`): rows whose text contains it (smart case), with
    /// their headings.
    pub filter: String,
    /// Typing into the filter.
    pub typing: bool,
    /// The rows the filter keeps, as indices into `rows`.
    pub shown: Vec<usize>,
    /// Over `shown`: always on a place when there is one.
    pub cursor: PaneCursor,
    /// `?`: the picker's keys shown over it; any key hides them.
    pub help: bool,
}

impl PickerView {
    pub fn new(repo: String, kind: PickerKind, title: String, rows: Vec<PickerRow>) -> PickerView {
        let mut v = PickerView {
            repo,
            kind,
            title,
            rows,
            filter: String::new(),
            typing: false,
            shown: Vec::new(),
            cursor: PaneCursor::default(),
            help: false,
        };
        v.refilter();
        v
    }

    /// The selected row, if it is a place.
    pub fn selected(&self) -> Option<&PickerRow> {
        self.shown
            .get(self.cursor.selected)
            .and_then(|i| self.rows.get(*i))
            .filter(|r| r.place.is_some())
    }

    /// The places among the rows shown (indices into `shown`).
    fn openable(&self) -> Vec<usize> {
        (0..self.shown.len())
            .filter(|k| self.rows[self.shown[*k]].place.is_some())
            .collect()
    }

    /// Recompute the rows shown after the filter changed; the cursor on
    /// the first place.
    fn refilter(&mut self) {
        let f = self.filter.as_str();
        let mut keep = vec![f.is_empty(); self.rows.len()];
        if !f.is_empty() {
            // Each place matched with the file it is in.
            let mut file = String::new();
            for (i, r) in self.rows.iter().enumerate() {
                match r.style {
                    RowStyle::File => file = r.left.clone(),
                    RowStyle::Section => file.clear(),
                    RowStyle::Item => {
                        let text = format!("{} {} {} {file}", r.left, r.text, r.right);
                        keep[i] = filter_keeps(f, &text);
                    }
                    RowStyle::Note => {}
                }
            }
            // A heading stays when something under it does.
            for i in (0..self.rows.len()).rev() {
                if let Some(level) = self.rows[i].heading_level() {
                    keep[i] = self.rows[i + 1..]
                        .iter()
                        .zip(&keep[i + 1..])
                        .take_while(|(r, _)| r.heading_level().is_none_or(|l| l > level))
                        .any(|(r, k)| *k && r.style == RowStyle::Item);
                }
            }
        }
        self.shown = (0..self.rows.len()).filter(|i| keep[*i]).collect();
        let first = self.openable().first().copied().unwrap_or(0);
        self.cursor = PaneCursor::at(first);
    }
}

/// The box the picker is drawn in: wide, and as tall as its rows need
/// (at most most of the screen).
pub fn picker_box(area: Rect, rows: usize) -> Rect {
    let w = (area.width.saturating_sub(4))
        .min(120)
        .max(area.width.min(40));
    let want = rows as u16 + 3;
    let h = want
        .max(6)
        .min(area.height.saturating_sub(2).max(6))
        .min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The rows the picker's box has room for (below its filter line).
pub fn visible_rows(area: Rect, rows: usize) -> usize {
    (picker_box(area, rows).height as usize)
        .saturating_sub(3)
        .max(1)
}

fn view(state: &mut State) -> Option<&mut PickerView> {
    match &mut state.overlay {
        Some(Overlay::Picker(v)) => Some(v.as_mut()),
        _ => None,
    }
}

/// A key while a picker is open.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    // Over the keys, a key hides them and does nothing else (the mouse is
    // no key).
    if let Some(v) = view(state)
        && v.help
    {
        if !matches!(
            action,
            Action::ScrollUp { .. }
                | Action::ScrollDown { .. }
                | Action::ScrollLeft { .. }
                | Action::ScrollRight { .. }
                | Action::Click { .. }
        ) {
            v.help = false;
        }
        return Vec::new();
    }
    let action = wheel_as_keys(action);
    let area = state.viewport;
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let visible = visible_rows(area, v.rows.len());
    if v.typing {
        match action {
            Action::Char(c) => {
                v.filter.push(c);
                v.refilter();
            }
            Action::Paste(text) => {
                v.filter.push_str(&crate::app::textarea::first_line(&text));
                v.refilter();
            }
            Action::DeleteChar => {
                v.filter.pop();
                v.refilter();
            }
            Action::Open => v.typing = false,
            Action::Back => {
                v.typing = false;
                v.filter.clear();
                v.refilter();
            }
            Action::Up | Action::Down => move_cursor(v, &action, visible),
            _ => {}
        }
        v.cursor.scroll_to(visible);
        return Vec::new();
    }
    match action {
        Action::Back => {
            state.overlay = None;
            Vec::new()
        }
        // A click selects the place clicked; a click on the selected one
        // goes there.
        Action::Click { column, row } => {
            let b = picker_box(area, v.rows.len());
            let first = b.y + 2;
            let inside = column > b.x && column + 1 < b.x + b.width;
            if !inside || row < first || row >= first + visible as u16 {
                return Vec::new();
            }
            let k = v.cursor.scroll + (row - first) as usize;
            let is_place = v.shown.get(k).is_some_and(|i| v.rows[*i].place.is_some());
            if !is_place {
                return Vec::new();
            }
            if k == v.cursor.selected {
                return go_there(state);
            }
            v.cursor.selected = k;
            Vec::new()
        }
        Action::Search => {
            v.typing = true;
            Vec::new()
        }
        Action::ToggleHelp => {
            v.help = true;
            Vec::new()
        }
        Action::Open => go_there(state),
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::First
        | Action::Last => {
            move_cursor(v, &action, visible);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Move over the places shown, headings kept in view above the first.
fn move_cursor(v: &mut PickerView, action: &Action, visible: usize) {
    let openable = v.openable();
    let at = openable.iter().position(|k| *k == v.cursor.selected);
    let page = visible.saturating_sub(1).max(1);
    let last = openable.len().saturating_sub(1);
    let to = match (action, at) {
        (Action::Down, Some(k)) => openable.get((k + 1).min(last)),
        (Action::Up, Some(k)) => openable.get(k.saturating_sub(1)),
        (Action::PageDown, Some(k)) => openable.get((k + page).min(last)),
        (Action::PageUp, Some(k)) => openable.get(k.saturating_sub(page)),
        (Action::First, _) | (_, None) => openable.first(),
        (Action::Last, _) => openable.last(),
        _ => None,
    };
    if let Some(&k) = to {
        v.cursor.selected = k;
        if openable.first() == Some(&k) {
            v.cursor.scroll = 0;
        }
        v.cursor.scroll_to(visible);
    }
}

/// Enter: close the picker and go to the selected place (a jump).
fn go_there(state: &mut State) -> Vec<Effect> {
    let Some(v) = view(state) else {
        return Vec::new();
    };
    let Some((path, line, column)) = v.selected().and_then(|r| r.place.clone()) else {
        return Vec::new();
    };
    state.overlay = None;
    let requests = &mut state.requests;
    match &mut state.screen {
        Screen::Explorer(e) => {
            let mut effects = explorer::intel::jump(e, &path, line, column, requests);
            effects.extend(explorer::intel::wanted(e, requests));
            effects
        }
        Screen::Home => Vec::new(),
    }
}
