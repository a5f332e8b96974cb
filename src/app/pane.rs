//! A pane's cursor: its selected row and the first row it shows, moved and
//! kept in view the same way by the explorer's panes and the list views;
//! [`scroll_into_view`] is the one scrolling rule, also used by the home
//! screen's tables.

use super::messages::Action;

/// The selected row of a pane and the first row it shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PaneCursor {
    pub selected: usize,
    pub scroll: usize,
}

impl PaneCursor {
    /// On `selected`, scrolled to the top.
    pub fn at(selected: usize) -> PaneCursor {
        PaneCursor {
            selected,
            scroll: 0,
        }
    }

    /// A movement key among `len` rows, `page` of them for PgUp and PgDn.
    /// True if the selection moved.
    pub fn move_by(&mut self, action: Action, len: usize, page: usize) -> bool {
        let last = len.saturating_sub(1);
        let before = self.selected;
        self.selected = match action {
            Action::Up => before.saturating_sub(1),
            Action::Down => (before + 1).min(last),
            Action::PageUp => before.saturating_sub(page),
            Action::PageDown => (before + page).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => before,
        };
        self.selected != before
    }

    /// Select the row shown `offset` lines below the pane's top (a click),
    /// if there is one among `len`: then whether it was selected already.
    pub fn select_shown(&mut self, offset: usize, len: usize) -> Option<bool> {
        let target = self.scroll + offset;
        if target >= len {
            return None;
        }
        let again = self.selected == target;
        self.selected = target;
        Some(again)
    }

    /// The selection back on one of `len` rows after they changed.
    pub fn keep_within(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }

    /// Scroll just enough for the selection to be among the `height` rows
    /// shown.
    pub fn scroll_to(&mut self, height: usize) {
        scroll_into_view(&mut self.scroll, self.selected, self.selected, height);
    }

    /// The cursor as a list of `len` rows is drawn with `height` of them
    /// shown: never scrolled past the end, the selection in view (after a
    /// resize too).
    pub fn clamp(self, len: usize, height: usize) -> PaneCursor {
        let mut shown = PaneCursor {
            selected: self.selected,
            scroll: self.scroll.min(len.saturating_sub(height)),
        };
        shown.scroll_to(height);
        shown
    }
}

/// Scroll `scroll` just enough for lines `top` to `line` to be among the
/// `height` lines shown: up to `top` when it is above, down to `line` when
/// that is below (`top` is `line`, or a heading above it to show along).
pub fn scroll_into_view(scroll: &mut usize, top: usize, line: usize, height: usize) {
    if top < *scroll {
        *scroll = top;
    } else if line >= *scroll + height {
        *scroll = line + 1 - height;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_stop_at_the_ends() {
        let mut c = PaneCursor::at(0);
        assert!(!c.move_by(Action::Up, 5, 2));
        assert!(c.move_by(Action::PageDown, 5, 3));
        assert_eq!(c.selected, 3);
        assert!(c.move_by(Action::PageDown, 5, 3));
        assert_eq!(c.selected, 4);
        assert!(!c.move_by(Action::Down, 5, 3));
        assert!(c.move_by(Action::First, 5, 3));
        assert_eq!(c.selected, 0);
        assert!(!c.move_by(Action::Down, 0, 3), "nothing to move over");
    }

    #[test]
    fn scrolling_follows_the_selection_both_ways() {
        let mut c = PaneCursor::at(7);
        c.scroll_to(5);
        assert_eq!(c.scroll, 3, "just enough to show row 7 at the bottom");
        c.selected = 1;
        c.scroll_to(5);
        assert_eq!(c.scroll, 1);
    }

    #[test]
    fn a_click_below_the_last_row_selects_nothing() {
        let mut c = PaneCursor {
            selected: 2,
            scroll: 2,
        };
        assert_eq!(c.select_shown(0, 4), Some(true));
        assert_eq!(c.select_shown(1, 4), Some(false));
        assert_eq!(c.selected, 3);
        assert_eq!(c.select_shown(2, 4), None);
        assert_eq!(c.selected, 3);
    }

    #[test]
    fn a_drawn_list_is_not_scrolled_past_its_end() {
        let c = PaneCursor {
            selected: 9,
            scroll: 8,
        };
        assert_eq!(c.clamp(10, 4).scroll, 6);
        let c = PaneCursor {
            selected: 0,
            scroll: 3,
        };
        assert_eq!(c.clamp(10, 4).scroll, 0);
    }
}
