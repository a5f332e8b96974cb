//! The home screen: the catalog's category tables with one selection moving
//! through every repository, and the study guide on a second tab.

use std::collections::{HashMap, HashSet};

use ratatui::layout::Rect;

use super::layout::{self, contains};
use super::messages::Action;
use super::pane::scroll_into_view;
use crate::catalog::{Catalog, Repo};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HomeTab {
    Repositories,
    Guide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    /// As the catalog lists them.
    Catalog,
    /// Most stars first, within each category.
    Stars,
}

/// A repository's place in the catalog: category index, repository index.
pub type RepoRef = (usize, usize);

/// One line of the scrolling tables area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableLine {
    /// Category icon and title.
    Heading(usize),
    /// Column titles.
    Header,
    /// A repository row: index into [`HomeState::order`].
    Row(usize),
    Blank,
}

#[derive(Debug, Clone)]
pub struct HomeState {
    pub tab: HomeTab,
    pub sort: SortOrder,
    /// Every repository in display order (category by category).
    pub order: Vec<RepoRef>,
    /// Index into `order`.
    pub selected: usize,
    /// First visible line of the tables area.
    pub table_scroll: usize,
    /// First visible line of the study guide.
    pub guide_scroll: usize,
    /// What each clone's details say (key files, size), once read; asked
    /// for when its row is selected.
    pub facts: HashMap<String, Result<CloneFacts, String>>,
    /// Clones whose facts were asked for and have not come.
    pub facts_asked: HashSet<String>,
}

/// A clone as the details pane shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloneFacts {
    pub key_files: Vec<crate::app::explorer::KeyFile>,
    /// Bytes its files take (apparent size, symlinks not followed).
    pub disk_bytes: u64,
    /// Lazy or not, and why: [`crate::repo::Blobs::describe`].
    pub blobs: String,
}

impl HomeState {
    pub fn new(catalog: &Catalog) -> HomeState {
        HomeState {
            tab: HomeTab::Repositories,
            sort: SortOrder::Catalog,
            order: display_order(catalog, SortOrder::Catalog),
            selected: 0,
            table_scroll: 0,
            guide_scroll: 0,
            facts: HashMap::new(),
            facts_asked: HashSet::new(),
        }
    }

    /// Forget what was read of a clone (it was made, updated, removed):
    /// read again when shown.
    pub fn forget_facts(&mut self, repo: &str) {
        self.facts.remove(repo);
        self.facts_asked.remove(repo);
    }

    pub fn selected_repo<'c>(&self, catalog: &'c Catalog) -> Option<&'c Repo> {
        let &(c, r) = self.order.get(self.selected)?;
        catalog.categories.get(c)?.repos.get(r)
    }

    /// The lines of the tables area, top to bottom.
    pub fn table_lines(&self, catalog: &Catalog) -> Vec<TableLine> {
        let mut lines = Vec::new();
        let mut row = 0;
        for (ci, cat) in catalog.categories.iter().enumerate() {
            if ci > 0 {
                lines.push(TableLine::Blank);
            }
            lines.push(TableLine::Heading(ci));
            lines.push(TableLine::Header);
            for _ in &cat.repos {
                lines.push(TableLine::Row(row));
                row += 1;
            }
        }
        lines
    }

    pub(super) fn apply(&mut self, catalog: &Catalog, viewport: Rect, action: Action) {
        let last = self.order.len().saturating_sub(1);
        let page = layout::home(viewport, catalog)
            .tables_inner
            .height
            .saturating_sub(2)
            .max(1) as usize;
        match action {
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::Down => self.select((self.selected + 1).min(last)),
            Action::First => self.select(0),
            Action::Last => self.select(last),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::PageDown => self.select((self.selected + page).min(last)),
            Action::NextCategory => {
                let Some(&(cat, _)) = self.order.get(self.selected) else {
                    return;
                };
                let next = self.order.iter().position(|&(c, _)| c > cat);
                self.select(next.unwrap_or(last));
            }
            Action::PrevCategory => {
                let Some(&(cat, _)) = self.order.get(self.selected) else {
                    return;
                };
                let first_of = |c: usize| self.order.iter().position(|&(k, _)| k == c);
                let target = match first_of(cat) {
                    Some(start) if start < self.selected => start,
                    _ if cat > 0 => first_of(cat - 1).unwrap_or(0),
                    _ => 0,
                };
                self.select(target);
            }
            Action::NextTab => {
                self.tab = match self.tab {
                    HomeTab::Repositories => HomeTab::Guide,
                    HomeTab::Guide => HomeTab::Repositories,
                }
            }
            Action::ShowTab(tab) => self.tab = tab,
            Action::ToggleSort => {
                let current = self.order.get(self.selected).copied();
                self.sort = match self.sort {
                    SortOrder::Catalog => SortOrder::Stars,
                    SortOrder::Stars => SortOrder::Catalog,
                };
                self.order = display_order(catalog, self.sort);
                if let Some(cur) = current {
                    self.selected = self.order.iter().position(|&r| r == cur).unwrap_or(0);
                }
            }
            Action::Click { column, row } => self.click(catalog, viewport, column, row),
            Action::ScrollUp { column, row } | Action::ScrollDown { column, row } => {
                let down = matches!(action, Action::ScrollDown { .. });
                let l = layout::home(viewport, catalog);
                if self.tab == HomeTab::Guide && contains(l.body, column, row) {
                    self.guide_scroll = if down {
                        self.guide_scroll + 1
                    } else {
                        self.guide_scroll.saturating_sub(1)
                    };
                } else if down {
                    self.select((self.selected + 1).min(last));
                } else {
                    self.select(self.selected.saturating_sub(1));
                }
            }
            _ => {}
        }
        if self.tab == HomeTab::Guide {
            // j/k and friends scroll the guide on its tab; the selection
            // stays where it was.
            match action {
                Action::Up => self.guide_scroll = self.guide_scroll.saturating_sub(1),
                Action::Down => self.guide_scroll += 1,
                Action::First => self.guide_scroll = 0,
                Action::PageUp => self.guide_scroll = self.guide_scroll.saturating_sub(page),
                Action::PageDown => self.guide_scroll += page,
                Action::Last => self.guide_scroll = usize::MAX,
                _ => {}
            }
            let l = layout::home(viewport, catalog);
            let visible = l.body.height.saturating_sub(2) as usize;
            let total = guide_lines(catalog, layout::guide_text_width(&l)).len();
            self.guide_scroll = self.guide_scroll.min(total.saturating_sub(visible));
        }
        self.keep_selection_visible(catalog, viewport);
    }

    fn select(&mut self, index: usize) {
        if self.tab == HomeTab::Repositories {
            self.selected = index.min(self.order.len().saturating_sub(1));
        }
    }

    fn click(&mut self, catalog: &Catalog, viewport: Rect, column: u16, row: u16) {
        let l = layout::home(viewport, catalog);
        if let Some(tab) = l.tab_at(column, row) {
            self.tab = tab;
            return;
        }
        if self.tab != HomeTab::Repositories || !contains(l.tables_inner, column, row) {
            return;
        }
        let line = self.table_scroll + (row - l.tables_inner.y) as usize;
        if let Some(TableLine::Row(i)) = self.table_lines(catalog).get(line) {
            self.selected = *i;
        }
    }

    /// Scroll the tables so the selected row is visible, with its category
    /// heading when it is the category's first row.
    pub fn keep_selection_visible(&mut self, catalog: &Catalog, viewport: Rect) {
        let height = layout::home(viewport, catalog).tables_inner.height as usize;
        let lines = self.table_lines(catalog);
        let Some(sel_line) = lines
            .iter()
            .position(|l| *l == TableLine::Row(self.selected))
        else {
            return;
        };
        // The heading and column titles sit two lines above a category's
        // first row; show them along with it when they fit.
        let first_in_category =
            matches!(lines.get(sel_line.wrapping_sub(1)), Some(TableLine::Header));
        let top_wanted = if first_in_category && height > 2 {
            sel_line - 2
        } else {
            sel_line
        };
        if height == 0 {
            return;
        }
        scroll_into_view(&mut self.table_scroll, top_wanted, sel_line, height);
        let max_scroll = lines.len().saturating_sub(height);
        self.table_scroll = self.table_scroll.min(max_scroll);
    }
}

/// Every repository, category by category, in the given order.
pub fn display_order(catalog: &Catalog, sort: SortOrder) -> Vec<RepoRef> {
    let mut order = Vec::new();
    for (ci, cat) in catalog.categories.iter().enumerate() {
        let mut idx: Vec<usize> = (0..cat.repos.len()).collect();
        if sort == SortOrder::Stars {
            idx.sort_by_key(|&r| std::cmp::Reverse(cat.repos[r].stars_count));
        }
        order.extend(idx.into_iter().map(|r| (ci, r)));
    }
    order
}

/// One line of the study guide tab, before styling.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuideLine {
    Heading {
        icon: String,
        title: String,
    },
    /// A numbered step's title (1-based).
    Step {
        number: usize,
        title: String,
    },
    /// Text under a step, a resource or the tip, already wrapped.
    Detail(String),
    Resource {
        title: String,
        description: String,
    },
    Link(String),
    TipLabel,
    Blank,
}

/// The study guide laid out for a given width: the six steps, the
/// resources and the tip. `update` scrolls it and `render` draws it.
pub fn guide_lines(catalog: &Catalog, width: usize) -> Vec<GuideLine> {
    let indent = 5;
    let wrap_at = width.saturating_sub(indent).max(10);
    let mut out = vec![GuideLine::Heading {
        icon: catalog.study.icon.clone(),
        title: catalog.study.title.clone(),
    }];
    for (i, step) in catalog.study.steps.iter().enumerate() {
        out.push(GuideLine::Step {
            number: i + 1,
            title: step.title.clone(),
        });
        out.extend(
            crate::text::wrap(&step.detail, wrap_at)
                .into_iter()
                .map(GuideLine::Detail),
        );
    }
    out.push(GuideLine::Blank);
    out.push(GuideLine::Heading {
        icon: catalog.resources.icon.clone(),
        title: catalog.resources.title.clone(),
    });
    for r in &catalog.resources.items {
        out.push(GuideLine::Resource {
            title: r.title.clone(),
            description: r.description.clone(),
        });
        out.push(GuideLine::Link(r.url.clone()));
    }
    out.push(GuideLine::Blank);
    out.push(GuideLine::TipLabel);
    out.extend(
        crate::text::wrap(&catalog.tip, wrap_at)
            .into_iter()
            .map(GuideLine::Detail),
    );
    out
}
