//! A list to open things from (tests, modules, a history, a commit's
//! files): move over the entries that open something, open one, fetch more
//! history.

use super::{Overlay, go_back, request_view, wheel_as_keys};
use crate::app::messages::{Action, Effect};
use crate::app::state::{ReturnTo, Screen, State};
use crate::app::{clones, explorer, layout};
use crate::repo::RepoPath;
use crate::study::views::Target;

/// Keys in a list: move over the entries that open something, open one,
/// fetch more history, go back.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let viewport = state.viewport;
    let Some(Overlay::List {
        repo,
        view,
        intro,
        cursor,
        origin,
        ..
    }) = &mut state.overlay
    else {
        return Vec::new();
    };
    if intro.area != viewport {
        intro.area = viewport;
        intro.lines = layout::list_intro(viewport, &view.intro);
    }
    let visible = layout::list_rows(viewport, intro.lines.len());
    let openable: Vec<usize> = (0..view.items.len())
        .filter(|i| view.items[*i].target.is_some())
        .collect();
    let at = openable.iter().position(|i| *i == cursor.selected);
    let pick = |k: usize| openable.get(k).copied();
    let page = visible.saturating_sub(1).max(1);
    let moved = match (&action, at) {
        (Action::Down, Some(k)) => pick(k + 1),
        (Action::Up, Some(k)) => k.checked_sub(1).and_then(pick),
        (Action::PageDown, Some(k)) => pick((k + page).min(openable.len().saturating_sub(1))),
        (Action::PageUp, Some(k)) => pick(k.saturating_sub(page)),
        (Action::First, _) => pick(0),
        (Action::Last, _) => openable.last().copied(),
        (Action::Down | Action::Up | Action::PageDown | Action::PageUp, None) => pick(0),
        _ => None,
    };
    if let Some(i) = moved {
        cursor.selected = i;
        // Headings above the first entry stay in view.
        if openable.first() == Some(&i) {
            cursor.scroll = 0;
        }
        cursor.scroll_to(visible);
        return Vec::new();
    }
    match action {
        Action::Open => {
            let Some(target) = view
                .items
                .get(cursor.selected)
                .and_then(|it| it.target.clone())
            else {
                return Vec::new();
            };
            let repo = repo.clone();
            match target {
                Target::File { path } => open_file_in_explorer(state, repo, &path, None),
                Target::FileAt { path, line } => {
                    open_file_in_explorer(state, repo, &path, Some(line.max(1) as usize - 1))
                }
                target => request_view(state, repo, target),
            }
        }
        Action::MarkRead => {
            let path = match view
                .items
                .get(cursor.selected)
                .and_then(|it| it.target.as_ref())
            {
                Some(Target::File { path } | Target::FileAt { path, .. }) => path.clone(),
                _ => {
                    state.status = Some("m marks a file read: select a file".into());
                    return Vec::new();
                }
            };
            let repo = repo.clone();
            let Some(catalog_entry) = state.catalog_entry(&repo) else {
                return Vec::new();
            };
            state.status = Some(format!(
                "reading the symbols of {}…",
                crate::sanitize::sanitize_line(&path)
            ));
            vec![Effect::FileSymbols {
                repo,
                path,
                catalog_entry,
            }]
        }
        Action::Deepen(full) if view.deepen => {
            // The history stays open, and is built again when the fetch
            // ends.
            let refresh = history_refresh(&repo.clone(), view, origin.as_ref());
            let repo = repo.clone();
            let effects = clones::deepen(state, repo.clone(), full);
            if !effects.is_empty() {
                state.history_refresh = refresh.map(|r| (repo, r));
            }
            effects
        }
        Action::CopyLocation => {
            let text = match view
                .items
                .get(cursor.selected)
                .and_then(|it| it.target.as_ref())
            {
                Some(Target::File { path } | Target::FileAt { path, .. }) => path.clone(),
                Some(_) => view.items[cursor.selected].text.clone(),
                None => return Vec::new(),
            };
            let text = crate::sanitize::sanitize_line(&text).into_owned();
            state.status = Some(crate::app::messages::copied_status(&text));
            vec![Effect::CopyToClipboard(text)]
        }
        Action::Back => {
            go_back(state);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Which history a list is, to build it again after a deepening: the
/// path's or symbol's history it was opened as, or step 6's view.
fn history_refresh(
    repo: &str,
    view: &crate::study::views::ListView,
    origin: Option<&Target>,
) -> Option<crate::app::state::HistoryRefresh> {
    use crate::app::state::HistoryRefresh;
    match origin {
        Some(Target::History { path, .. }) => Some(HistoryRefresh::View(Target::History {
            path: path.clone(),
            skip: 0,
        })),
        Some(t @ Target::SymbolHistory { .. }) => Some(HistoryRefresh::View(t.clone())),
        Some(_) => None,
        None => (view.title == crate::study::StepKind::History.title(repo))
            .then_some(HistoryRefresh::Step),
    }
}

/// Enter on a file in a list: the explorer on it, opening the repository
/// first if another screen is showing.
fn open_file_in_explorer(
    state: &mut State,
    repo: String,
    path: &str,
    line: Option<usize>,
) -> Vec<Effect> {
    let Ok(path) = RepoPath::parse(path) else {
        state.status = Some(format!("cannot open {path}: not a path of the repository"));
        return Vec::new();
    };
    // Esc in the explorer comes back to this list.
    let list = state.overlay.take();
    let (effects, close_explorer) = match &mut state.screen {
        Screen::Explorer(e) if e.repo == repo => {
            (explorer::go_to(e, path, line, &mut state.requests), false)
        }
        _ => {
            let effects = state.open_explorer(repo);
            if let Screen::Explorer(e) = &mut state.screen {
                e.open_after = Some((path, line));
            }
            (effects, true)
        }
    };
    state.return_to = list.map(|overlay| ReturnTo {
        overlay: Box::new(overlay),
        close_explorer,
    });
    effects
}
