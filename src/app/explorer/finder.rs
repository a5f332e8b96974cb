//! The fuzzy finders over the files (`/`) and the symbols (`@`): their
//! state, ranking, keys, and Enter pressed while the list still loads.

use super::{ExplorerState, go_to};
use crate::app::messages::{Action, Effect};
use crate::app::state::RequestIds;
use std::collections::HashSet;

use crate::fuzzy::{Fuzzy, Ranked, Standing, path_area, symbol_standing};
use crate::repo::RepoPath;

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

impl ExplorerState {
    /// Rank the finder's candidates for its query.
    pub fn refresh_finder(&mut self) {
        let Some(finder) = self.finder.as_mut() else {
            return;
        };
        let mut fuzzy = Fuzzy::new(finder.kind == FinderKind::Files);
        finder.results = match finder.kind {
            // Key files first, then source, then tests and examples; Python
            // before the rest.
            FinderKind::Files => {
                let keys: HashSet<String> = self
                    .key_paths
                    .iter()
                    .map(|p| crate::sanitize::sanitize_line(&p.to_string_lossy()).into_owned())
                    .collect();
                fuzzy.rank_with(
                    &finder.query,
                    self.all_files_text.iter().map(|p| {
                        let area = if keys.contains(p) { 0 } else { path_area(p) };
                        let kind = u8::from(!p.ends_with(".py"));
                        (p.as_str(), Standing { area, kind })
                    }),
                    FINDER_LIMIT,
                )
            }
            FinderKind::Symbols => match &self.index {
                Some(idx) => fuzzy.rank_with(
                    &finder.query,
                    idx.iter().map(|e| {
                        (
                            e.symbol.as_str(),
                            symbol_standing(&e.path, &e.symbol, e.kind),
                        )
                    }),
                    FINDER_LIMIT,
                ),
                None => Vec::new(),
            },
        };
        finder.selected = 0;
    }
}

pub(super) fn open_finder(e: &mut ExplorerState, action: Action) -> Vec<Effect> {
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
                catalog_entry: e.catalog_entry.clone(),
            });
        }
        FinderKind::Symbols if e.index.is_none() && !e.index_loading => {
            e.index_loading = true;
            effects.push(Effect::LoadIndex {
                repo: e.repo.clone(),
                catalog_entry: e.catalog_entry.clone(),
            });
        }
        _ => {}
    }
    e.refresh_finder();
    effects
}

/// A key while a finder is open: type, move, go to the selected match.
pub(super) fn on_key(
    e: &mut ExplorerState,
    action: Action,
    requests: &mut RequestIds,
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
        Action::Paste(text) => {
            f.query.push_str(&crate::app::textarea::first_line(&text));
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
            e.record_jump();
            return go_to(e, path, line, requests);
        }
        _ => {}
    }
    Vec::new()
}

/// The finder's list just loaded: an Enter pressed while it loaded goes
/// to the best match now (and does nothing if nothing matches).
pub(super) fn open_if_asked(e: &mut ExplorerState, requests: &mut RequestIds) -> Vec<Effect> {
    match &mut e.finder {
        Some(f) if f.open_when_loaded => {
            f.open_when_loaded = false;
            if f.results.is_empty() {
                return Vec::new();
            }
            on_key(e, Action::Open, requests)
        }
        _ => Vec::new(),
    }
}
