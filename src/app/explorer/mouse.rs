//! The mouse in the explorer: a click focuses a pane and selects its row
//! (a second click on a tree row opens it), the wheel scrolls the pane
//! under it without taking the focus.

use ratatui::layout::Rect;

use super::update::{move_in, moved, open_row};
use super::{ExplorerState, Pane, reader, view};
use crate::app::layout::{contains, inner};
use crate::app::messages::{Action, Effect};
use crate::app::state::RequestIds;

/// A click: focus the pane under it and select the row clicked; a second
/// click on a tree row opens it. In the source the cursor goes to the
/// character clicked; `true` when it was already on that name (a second
/// click on a name: its definition is wanted).
pub(super) fn click(
    e: &mut ExplorerState,
    viewport: Rect,
    column: u16,
    row: u16,
    requests: &mut RequestIds,
) -> (Vec<Effect>, bool) {
    if let Some((pane, rect)) = pane_at(e, viewport, column, row) {
        let was_focused = e.focus == pane;
        e.focus = pane;
        let inner = inner(rect);
        if !contains(inner, column, row) {
            return (Vec::new(), false);
        }
        let offset = (row - inner.y) as usize;
        if pane == Pane::Source {
            let gutter = view::gutter_width(e.line_count());
            let width = (inner.width as usize).saturating_sub(gutter).max(2);
            let at = (column - inner.x) as usize;
            if let Some((line, col)) = view::place_at(e, offset, at.saturating_sub(gutter), width) {
                let word = |e: &ExplorerState, col: usize| {
                    e.lines()
                        .get(line)
                        .and_then(|l| reader::word_at(l, reader::effective_col(l, col)))
                };
                let on_name = was_focused
                    && e.source.selected == line
                    && word(e, col).is_some()
                    && word(e, col) == word(e, e.cursor_col());
                e.source.selected = line;
                e.col = col;
                return (moved(e, pane), on_name);
            }
            return (Vec::new(), false);
        }
        let (cursor, len) = e.pane_cursor(pane);
        let Some(again) = cursor.select_shown(offset, len) else {
            return (Vec::new(), false);
        };
        if pane == Pane::Tree && again {
            return (open_row(e, requests).0, false);
        }
        return (moved(e, pane), false);
    }
    (Vec::new(), false)
}

/// The pane (shown at this size and focus) under a mouse position.
fn pane_at(e: &ExplorerState, viewport: Rect, column: u16, row: u16) -> Option<(Pane, Rect)> {
    let l = e.layout(viewport);
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

/// The wheel: three rows up or down in the pane under the mouse, which
/// keeps the focus where it was.
pub(super) fn wheel(
    e: &mut ExplorerState,
    viewport: Rect,
    column: u16,
    row: u16,
    down: bool,
) -> Vec<Effect> {
    let Some((pane, _)) = pane_at(e, viewport, column, row) else {
        return Vec::new();
    };
    let action = if down { Action::Down } else { Action::Up };
    let mut changed = false;
    for _ in 0..3 {
        changed |= move_in(e, pane, action.clone(), 1);
    }
    if changed { moved(e, pane) } else { Vec::new() }
}

/// Columns the cursor moves for a sideways turn of the wheel.
const SIDEWAYS: usize = 8;

/// The wheel sideways (or Shift and the wheel) over the source: the
/// cursor eight columns along its line, the pane scrolling with it.
pub(super) fn sideways(e: &mut ExplorerState, viewport: Rect, column: u16, row: u16, right: bool) {
    if !matches!(pane_at(e, viewport, column, row), Some((Pane::Source, _))) {
        return;
    }
    let len = e
        .lines()
        .get(e.source.selected)
        .map_or(0, |l| l.chars().count());
    let col = e.cursor_col();
    e.col = if right {
        (col + SIDEWAYS).min(len.saturating_sub(1))
    } else {
        col.saturating_sub(SIDEWAYS)
    };
}
