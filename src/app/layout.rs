//! Screen geometry, computed from the terminal size alone. `ui::render`
//! draws into these rectangles and `update` hit-tests mouse clicks against
//! the same ones, so the two can never disagree.

use ratatui::layout::Rect;

use super::HomeTab;
use crate::catalog::Catalog;

/// Below this size the screen shows "terminal too small" instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 18;

/// The tab bar's labels, in order; `update` and `render` share them.
pub const TABS: [(HomeTab, &str); 2] = [
    (HomeTab::Repositories, " 1 Repositories "),
    (HomeTab::Guide, " 2 Study guide "),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HomeLayout {
    /// Title and intro.
    pub header: Rect,
    pub tab_bar: Rect,
    /// Everything between the tab bar and the footer.
    pub body: Rect,
    /// The bordered tables box, and the lines inside it.
    pub tables: Rect,
    pub tables_inner: Rect,
    /// The bordered details box.
    pub details: Rect,
    pub footer: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Geometry of the home screen; all empty when the terminal is too small.
/// The catalog decides how many rows the tables and the details want.
pub fn home(area: Rect, catalog: &Catalog) -> HomeLayout {
    if too_small(area) {
        return HomeLayout::default();
    }
    let header_h = if area.height >= 30 { 3 } else { 2 };
    let header = Rect::new(area.x, area.y, area.width, header_h);
    let tab_bar = Rect::new(area.x, area.y + header_h, area.width, 1);
    let footer = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let body_y = tab_bar.bottom();
    let body = Rect::new(area.x, body_y, area.width, footer.y - body_y);

    // The tables want every line (per category: heading, column titles,
    // rows; a blank between categories) plus borders. The details pane
    // wants borders, the stars/URL, focus and topics lines and a line per
    // key file; it gets that first, the tables get the rest.
    let n_cat = catalog.categories.len();
    let tables_want = (3 * n_cat + catalog.repos().count() + 1) as u16;
    let details_want = 6 + catalog
        .repos()
        .map(|r| r.key_files.len())
        .max()
        .unwrap_or(1)
        .max(1) as u16;
    let tables_h = tables_want.min(body.height.saturating_sub(details_want).max(5));
    let tables = Rect::new(body.x, body.y, body.width, tables_h);
    let tables_inner = Rect::new(
        tables.x + 1,
        tables.y + 1,
        tables.width.saturating_sub(2),
        tables.height.saturating_sub(2),
    );
    let details = Rect::new(
        body.x,
        tables.bottom(),
        body.width,
        body.bottom() - tables.bottom(),
    );
    HomeLayout {
        header,
        tab_bar,
        body,
        tables,
        tables_inner,
        details,
        footer,
    }
}

/// Columns available to the study guide's text: the body less its borders
/// and a column of padding on each side.
pub fn guide_text_width(l: &HomeLayout) -> usize {
    l.body.width.saturating_sub(4) as usize
}

impl HomeLayout {
    /// Which tab label, if any, is at this cell.
    pub fn tab_at(&self, column: u16, row: u16) -> Option<HomeTab> {
        if row != self.tab_bar.y || self.tab_bar.height == 0 {
            return None;
        }
        let mut x = self.tab_bar.x + 1;
        for (tab, label) in TABS {
            let w = label.len() as u16;
            if column >= x && column < x + w {
                return Some(tab);
            }
            x += w + 1;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalog() -> Catalog {
        Catalog::embedded().unwrap()
    }

    #[test]
    fn standard_sizes_fit_everything_in() {
        for (w, h) in [(120, 40), (80, 24), (60, 18), (300, 100)] {
            let l = home(Rect::new(0, 0, w, h), &catalog());
            assert!(l.tables.height >= 5, "{w}x{h}");
            assert!(l.details.height >= 3, "{w}x{h}");
            assert_eq!(l.footer.bottom(), h);
            assert_eq!(l.details.bottom(), l.footer.y);
        }
        // At 120x40 all three tables fit without scrolling: 20 lines.
        let l = home(Rect::new(0, 0, 120, 40), &catalog());
        assert_eq!(l.tables_inner.height, 20);
        // At 80x24 the details pane keeps the 9 rows it needs.
        let l = home(Rect::new(0, 0, 80, 24), &catalog());
        assert_eq!(l.details.height, 9);
    }

    #[test]
    fn tiny_sizes_are_empty() {
        for (w, h) in [(1, 1), (0, 0), (59, 40), (120, 17)] {
            assert_eq!(
                home(Rect::new(0, 0, w, h), &catalog()),
                HomeLayout::default()
            );
        }
    }

    #[test]
    fn tab_hit_testing() {
        let l = home(Rect::new(0, 0, 120, 40), &catalog());
        assert_eq!(l.tab_at(2, l.tab_bar.y), Some(HomeTab::Repositories));
        assert_eq!(l.tab_at(20, l.tab_bar.y), Some(HomeTab::Guide));
        assert_eq!(l.tab_at(60, l.tab_bar.y), None);
        assert_eq!(l.tab_at(2, l.tab_bar.y + 1), None);
    }
}

/// Geometry of the explorer: a breadcrumb line, the panes, a footer line.
/// Wide terminals show three panes; narrower ones two, then one, always
/// including the focused pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExplorerLayout {
    pub breadcrumb: Rect,
    pub tree: Option<Rect>,
    pub outline: Option<Rect>,
    pub source: Option<Rect>,
    pub footer: Rect,
}

/// Three panes from this width, two from [`TWO_PANES`].
pub const THREE_PANES: u16 = 120;
pub const TWO_PANES: u16 = 80;

pub fn explorer(area: Rect, focus: crate::app::Pane) -> ExplorerLayout {
    explorer_zoomed(area, focus, false)
}

/// The explorer's geometry; `zoomed`: the focused pane alone, across the
/// whole width (`z`).
pub fn explorer_zoomed(area: Rect, focus: crate::app::Pane, zoomed: bool) -> ExplorerLayout {
    use crate::app::Pane;
    if too_small(area) {
        return ExplorerLayout::default();
    }
    let breadcrumb = Rect::new(area.x, area.y, area.width, 1);
    let footer = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let split = |parts: &[u16]| -> Vec<Rect> {
        // `parts` are percentages; the last pane takes the rest.
        let mut x = body.x;
        let mut out = Vec::new();
        for (i, p) in parts.iter().enumerate() {
            let w = if i + 1 == parts.len() {
                body.right() - x
            } else {
                body.width * p / 100
            };
            out.push(Rect::new(x, body.y, w, body.height));
            x += w;
        }
        out
    };
    let mut l = ExplorerLayout {
        breadcrumb,
        footer,
        ..ExplorerLayout::default()
    };
    if zoomed || area.width < TWO_PANES {
        match focus {
            Pane::Tree => l.tree = Some(body),
            Pane::Outline => l.outline = Some(body),
            Pane::Source => l.source = Some(body),
        }
    } else if area.width >= THREE_PANES {
        let r = split(&[25, 27, 48]);
        (l.tree, l.outline, l.source) = (Some(r[0]), Some(r[1]), Some(r[2]));
    } else {
        let r = split(&[40, 60]);
        match focus {
            Pane::Tree => (l.tree, l.source) = (Some(r[0]), Some(r[1])),
            Pane::Outline | Pane::Source => (l.outline, l.source) = (Some(r[0]), Some(r[1])),
        }
    }
    l
}

/// The box a step's document is drawn in: 90% of the width, all but a
/// line above and below.
pub fn document(area: Rect) -> Rect {
    let w = (area.width * 9 / 10).max(20).min(area.width);
    let h = area.height.saturating_sub(2).max(3).min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Columns for the document's text and the lines shown.
pub fn document_text_size(area: Rect) -> (usize, usize) {
    let r = inner(document(area));
    (r.width.saturating_sub(2) as usize, r.height as usize)
}

/// The lines inside a bordered pane.
pub fn inner(r: Rect) -> Rect {
    Rect::new(
        r.x + 1,
        r.y + 1,
        r.width.saturating_sub(2),
        r.height.saturating_sub(2),
    )
}

pub fn contains(r: Rect, column: u16, row: u16) -> bool {
    column >= r.x && column < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// A list view's intro lines, wrapped to the document box, at most half
/// of it (a long commit message is cut, the list keeps its room). Wrapping
/// stops once the box is full: the cost is the lines shown.
pub fn list_intro(area: Rect, intro: &[String]) -> Vec<String> {
    let (width, height) = document_text_size(area);
    let max = height / 2;
    let mut lines: Vec<String> = Vec::new();
    for l in intro {
        // One line more than fits tells that some were cut.
        let room = (max + 1).saturating_sub(lines.len());
        if room == 0 {
            break;
        }
        if l.trim().is_empty() {
            lines.push(String::new());
        } else {
            lines.extend(crate::text::wrap_at_most(
                &crate::sanitize::sanitize_line(l),
                width,
                room,
            ));
        }
    }
    if lines.len() > max {
        lines.truncate(max.saturating_sub(1));
        lines.push("…".into());
    }
    lines
}

/// Rows of a list view's entries: the box less its intro and a blank line.
pub fn list_rows(area: Rect, intro_lines: usize) -> usize {
    let (_, height) = document_text_size(area);
    let used = if intro_lines > 0 { intro_lines + 1 } else { 0 };
    height.saturating_sub(used).max(1)
}
