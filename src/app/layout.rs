//! Screen geometry, computed from the terminal size (and for the
//! explorer, from what its tree and outline need: [`PaneWants`], measured
//! in the state). `ui::render` draws into these rectangles and `update`
//! hit-tests mouse clicks against the same ones, so the two can never
//! disagree.

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

/// What the tree and the outline need to show their widest rows whole,
/// in columns inside their borders, and the digits of the outline's
/// largest line number. Measured when their rows change (not per frame)
/// and kept in `ExplorerState`; [`explorer_zoomed`] turns them into pane
/// widths within bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PaneWants {
    pub tree: u16,
    pub outline: u16,
    pub line_digits: u16,
}

/// The columns of a percentage of `width`, rounded down.
fn pct(width: u16, p: u32) -> u16 {
    (width as u32 * p / 100) as u16
}

/// The least an outline pane is given, borders included: the read and
/// note marks, the kind, a few characters of the name and the line
/// number whole; and room for its messages (` too large to outline`).
fn outline_floor(wants: PaneWants) -> u16 {
    (3 + 2 + 8 + 1 + wants.line_digits.max(3) + 2).max(23)
}

/// Widths of the tree and the outline side by side with the source
/// (three panes, `width` columns in all): each what its content needs,
/// the tree within 15..=30% of the width, the outline within 18..=30%
/// (never below [`outline_floor`]); the source gets the rest and never
/// less than half: past that the wider of the two gives way first.
pub fn three_pane_widths(width: u16, wants: PaneWants) -> (u16, u16) {
    let tree_lo = pct(width, 15).max(16);
    let tree_hi = pct(width, 30).max(tree_lo);
    let out_lo = pct(width, 18).max(outline_floor(wants));
    let out_hi = pct(width, 30).max(out_lo);
    let mut tree = wants.tree.saturating_add(2).clamp(tree_lo, tree_hi);
    let mut outline = wants.outline.saturating_add(2).clamp(out_lo, out_hi);
    let most = width / 2;
    while tree + outline > most {
        if tree >= outline && tree > tree_lo {
            tree -= 1;
        } else if outline > out_lo {
            outline -= 1;
        } else if tree > tree_lo {
            tree -= 1;
        } else {
            break;
        }
    }
    (tree, outline)
}

/// Width of the one pane beside the source (two panes): what it needs,
/// within 25..=40% of the width; the source gets the rest (never less
/// than the 60% it had with a fixed split).
pub fn two_pane_width(width: u16, want: u16, floor: u16) -> u16 {
    let lo = pct(width, 25).max(20).max(floor);
    let hi = pct(width, 40).max(lo);
    want.saturating_add(2).clamp(lo, hi)
}

pub fn explorer(area: Rect, focus: crate::app::Pane) -> ExplorerLayout {
    explorer_zoomed(area, focus, false, PaneWants::default())
}

/// The explorer's geometry; `zoomed`: the focused pane alone, across the
/// whole width (`z`); `wants`: what the tree and the outline need (the
/// same for drawing and for the mouse, so the two never disagree).
pub fn explorer_zoomed(
    area: Rect,
    focus: crate::app::Pane,
    zoomed: bool,
    wants: PaneWants,
) -> ExplorerLayout {
    use crate::app::Pane;
    if too_small(area) {
        return ExplorerLayout::default();
    }
    let breadcrumb = Rect::new(area.x, area.y, area.width, 1);
    let footer = Rect::new(area.x, area.bottom() - 1, area.width, 1);
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 2);
    let split = |widths: &[u16]| -> Vec<Rect> {
        // The last pane takes the rest.
        let mut x = body.x;
        let mut out = Vec::new();
        for (i, w) in widths.iter().enumerate() {
            let w = if i + 1 == widths.len() {
                body.right() - x
            } else {
                (*w).min(body.right() - x)
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
        let (t, o) = three_pane_widths(body.width, wants);
        let r = split(&[t, o, 0]);
        (l.tree, l.outline, l.source) = (Some(r[0]), Some(r[1]), Some(r[2]));
    } else {
        match focus {
            Pane::Tree => {
                let r = split(&[two_pane_width(body.width, wants.tree, 0), 0]);
                (l.tree, l.source) = (Some(r[0]), Some(r[1]));
            }
            Pane::Outline | Pane::Source => {
                let w = two_pane_width(body.width, wants.outline, outline_floor(wants));
                let r = split(&[w, 0]);
                (l.outline, l.source) = (Some(r[0]), Some(r[1]));
            }
        }
    }
    l
}

#[cfg(test)]
mod width_tests {
    use super::*;
    use crate::app::Pane;

    fn wants(tree: u16, outline: u16) -> PaneWants {
        PaneWants {
            tree,
            outline,
            line_digits: 3,
        }
    }

    #[test]
    fn narrow_content_leaves_the_source_more() {
        // Before: 25/27/48% at 120 columns, a 58-column source.
        let (t, o) = three_pane_widths(120, wants(20, 22));
        assert_eq!((t, o), (22, 24));
        assert_eq!(120 - t - o, 74);
        // Nothing to show: the lower bounds.
        assert_eq!(three_pane_widths(120, wants(0, 0)), (18, 23));
        // Two panes: the one beside the source as narrow as it may be.
        assert_eq!(two_pane_width(100, 10, 0), 25);
        assert_eq!(two_pane_width(100, 30, 0), 32);
    }

    #[test]
    fn very_long_names_are_clamped_and_the_source_keeps_half() {
        for w in [120u16, 160, 200, 300, 1000, u16::MAX] {
            let (t, o) = three_pane_widths(w, wants(u16::MAX, u16::MAX));
            assert!(t <= pct(w, 30) && o <= pct(w, 30), "{w}: {t} {o}");
            assert!(w - t - o >= w - w / 2, "{w}: the source keeps half");
            assert!(t >= pct(w, 15) && o >= pct(w, 18), "{w}: {t} {o}");
        }
        assert_eq!(two_pane_width(100, u16::MAX, 0), 40);
        // One pane very wide, the other narrow: the wide one gives way.
        let (t, o) = three_pane_widths(120, wants(200, 10));
        assert_eq!((t, o), (36, 23));
        let (t, o) = three_pane_widths(120, wants(10, 200));
        assert_eq!((t, o), (18, 36));
    }

    #[test]
    fn the_line_numbers_stay_readable() {
        let big = PaneWants {
            tree: 0,
            outline: 0,
            line_digits: 7,
        };
        let (_, o) = three_pane_widths(120, big);
        assert!(o >= 3 + 2 + 8 + 1 + 7 + 2, "{o}");
        assert!(two_pane_width(80, 0, outline_floor(big)) >= outline_floor(big));
    }

    #[test]
    fn panes_tile_the_body_at_every_width() {
        for w in MIN_WIDTH..=400 {
            for ws in [wants(0, 0), wants(30, 40), wants(u16::MAX, u16::MAX)] {
                for focus in [Pane::Tree, Pane::Outline, Pane::Source] {
                    let l = explorer_zoomed(Rect::new(0, 0, w, 40), focus, false, ws);
                    let panes: Vec<Rect> = [l.tree, l.outline, l.source]
                        .into_iter()
                        .flatten()
                        .collect();
                    let mut x = 0;
                    for p in &panes {
                        assert_eq!(p.x, x, "{w} {ws:?} {focus:?}");
                        assert!(p.width >= 16, "{w} {ws:?} {focus:?}: {p:?}");
                        x += p.width;
                    }
                    assert_eq!(x, w, "{w} {ws:?} {focus:?}");
                }
            }
        }
    }
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

/// Lines under a list view's entries for the selected entry's detail.
pub const LIST_DETAIL_LINES: usize = 2;

/// Rows of a list view's entries: the box less its intro and a blank line,
/// and the last two lines (the selected entry's whole detail when its row
/// cuts it).
pub fn list_rows(area: Rect, intro_lines: usize) -> usize {
    let (_, height) = document_text_size(area);
    let used = if intro_lines > 0 { intro_lines + 1 } else { 0 };
    height.saturating_sub(used + LIST_DETAIL_LINES).max(1)
}
