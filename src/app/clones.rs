//! Where each repository's clone stands: Enter, `r` and `c` on the home
//! screen start, retry and cancel clones, a history's `d`/`D` fetches more,
//! and the clone jobs' results land here.

use super::job_error::JobError;
use super::messages::{Action, Effect};
use super::overlays::Overlay;
use super::state::{RepoStatus, Screen, State};
use crate::repo::{CloneOutcome, Depth, Progress};

/// How many commits `d` fetches more of a shallow clone.
pub const DEEPEN_BY: u32 = 500;

/// Keys on the home screen: Enter, `r` and `c` open, clone, retry and
/// cancel; the others move through the tables.
pub(super) fn home_action(state: &mut State, action: Action) -> Vec<Effect> {
    let selected = state
        .home
        .selected_repo(&state.catalog)
        .map(|r| r.id.clone());
    match action {
        // Esc is "back one level" everywhere; on the home screen there is
        // nothing to go back to, so it clears the message and never quits
        // (a few Esc presses out of a view must not land in the shell).
        Action::Back => {
            state.status = None;
            Vec::new()
        }
        Action::Open => {
            let Some(repo) = selected else {
                return Vec::new();
            };
            if state.deepening.contains_key(&repo) {
                return state.open_explorer(repo);
            }
            match state.status_of(&repo).clone() {
                RepoStatus::Cloned(_) => state.open_explorer(repo),
                RepoStatus::Cloning(_) => {
                    state.open_when_cloned = Some(repo);
                    Vec::new()
                }
                RepoStatus::NotCloned | RepoStatus::Failed(_) => start_clone(state, repo, true),
            }
        }
        Action::RetryClone => match selected {
            Some(repo)
                if matches!(
                    state.status_of(&repo),
                    RepoStatus::Failed(_) | RepoStatus::NotCloned
                ) =>
            {
                start_clone(state, repo, false)
            }
            _ => Vec::new(),
        },
        Action::UpdateClone => match selected {
            Some(repo) => update(state, repo),
            None => Vec::new(),
        },
        Action::RemoveClone => match selected {
            Some(repo) => ask_remove(state, repo),
            None => Vec::new(),
        },
        Action::CancelClone => match selected {
            Some(repo) if matches!(state.status_of(&repo), RepoStatus::Cloning(_)) => {
                if state.open_when_cloned.as_deref() == Some(&repo) {
                    state.open_when_cloned = None;
                }
                vec![Effect::CancelClone { repo }]
            }
            _ => Vec::new(),
        },
        other => {
            state.home.apply(&state.catalog, state.viewport, other);
            Vec::new()
        }
    }
}

fn start_clone(state: &mut State, repo: String, open_after: bool) -> Vec<Effect> {
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    state
        .repos
        .insert(repo.clone(), RepoStatus::Cloning(Progress::default()));
    if open_after {
        state.open_when_cloned = Some(repo.clone());
    }
    state.status = None;
    vec![Effect::StartClone {
        repo,
        catalog_entry,
        depth: state.settings.clone_depth,
    }]
}

/// `u`: fetch the clone's default branch at the depth it has, in the
/// background; it stays readable meanwhile and is given back as it was if
/// the fetch fails or is cancelled.
pub(super) fn update(state: &mut State, repo: String) -> Vec<Effect> {
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    let before = match state.status_of(&repo) {
        RepoStatus::Cloned(d) => *d,
        RepoStatus::Cloning(_) => {
            state.status = Some(format!("{repo} is being fetched already (c cancels)"));
            return Vec::new();
        }
        RepoStatus::NotCloned | RepoStatus::Failed(_) => {
            state.status = Some(format!("{repo} is not cloned: Enter clones it"));
            return Vec::new();
        }
    };
    state.status = Some(format!(
        "updating {repo} in the background (its default branch, at the depth it has)"
    ));
    state.deepening.insert(repo.clone(), before);
    state.updating.insert(repo.clone());
    state
        .repos
        .insert(repo.clone(), RepoStatus::Cloning(Progress::default()));
    vec![Effect::StartClone {
        repo,
        catalog_entry,
        depth: None,
    }]
}

/// An update finished: what moved, or the clone as it was.
fn updated(
    state: &mut State,
    repo: String,
    before: Option<Depth>,
    result: Result<(CloneOutcome, Depth), JobError>,
) -> Vec<Effect> {
    let short = |o: &git2::Oid| o.to_string()[..10].to_string();
    match result {
        Ok((outcome, depth)) => {
            state
                .repos
                .insert(repo.clone(), RepoStatus::Cloned(Some(depth)));
            let open_here = matches!(&state.screen, Screen::Explorer(e) if e.repo == repo);
            let reopen = if open_here {
                " (Esc and Enter reopen it there)"
            } else {
                ""
            };
            state.status = Some(match outcome {
                CloneOutcome::Updated { old, new, .. } => {
                    format!("{repo} updated: {} → {}{reopen}", short(&old), short(&new))
                }
                CloneOutcome::UpToDate { head, .. } => {
                    format!("{repo} is up to date at {}", short(&head))
                }
                CloneOutcome::Cloned { head, .. } | CloneOutcome::Deepened { head, .. } => {
                    format!("{repo} is at {}{reopen}", short(&head))
                }
            });
        }
        Err(e) => {
            state.repos.insert(repo.clone(), RepoStatus::Cloned(before));
            state.status = Some(match e {
                JobError::Cancelled => {
                    format!("update of {repo} cancelled; the clone is as it was")
                }
                e => format!("could not update {repo}: {e}; the clone is as it was"),
            });
        }
    }
    Vec::new()
}

/// `D` on the home screen: ask before removing the selected clone.
pub(super) fn ask_remove(state: &mut State, repo: String) -> Vec<Effect> {
    match state.status_of(&repo) {
        RepoStatus::Cloned(_) if !state.deepening.contains_key(&repo) => {
            let size = match state.home.facts.get(&repo) {
                Some(Ok(f)) => format!(" ({})", crate::text::size(f.disk_bytes)),
                _ => String::new(),
            };
            state.overlay = Some(super::overlays::Overlay::Confirm {
                repo: repo.clone(),
                question: format!(
                    "Remove the clone of {repo}{size}? Its study progress and notes are kept; Enter clones it again."
                ),
            });
        }
        RepoStatus::Cloning(_) => {
            state.status = Some(format!("{repo} is being fetched: c cancels it first"));
        }
        _ => state.status = Some(format!("{repo} is not cloned: nothing to remove")),
    }
    Vec::new()
}

/// The person said yes: remove it, in the background.
pub(super) fn remove(state: &mut State, repo: String) -> Vec<Effect> {
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    state.status = Some(format!("removing the clone of {repo}…"));
    vec![Effect::RemoveClone {
        repo,
        catalog_entry,
    }]
}

/// The clone removed (or not, and why).
pub(super) fn on_removed(state: &mut State, repo: String, result: Result<u64, JobError>) {
    state.home.forget_facts(&repo);
    match result {
        Ok(freed) => {
            state.repos.insert(repo.clone(), RepoStatus::NotCloned);
            if state.open_when_cloned.as_deref() == Some(repo.as_str()) {
                state.open_when_cloned = None;
            }
            state.status = Some(format!(
                "removed the clone of {repo}, {} freed; its progress and notes are kept",
                crate::text::size(freed)
            ));
        }
        Err(e) => state.status = Some(format!("could not remove the clone of {repo}: {e}")),
    }
}

/// `d` or `D` in a history: fetch more of it in the background.
pub(super) fn deepen(state: &mut State, repo: String, full: bool) -> Vec<Effect> {
    let Some(catalog_entry) = state.catalog_entry(&repo) else {
        return Vec::new();
    };
    let what = if full {
        "the whole history"
    } else {
        "500 more commits"
    };
    state.status = Some(format!(
        "fetching {what} of {repo} in the background; the history is shown again when it is done"
    ));
    let before = match state.status_of(&repo) {
        RepoStatus::Cloned(d) => *d,
        _ => None,
    };
    // 500 more than the clone has now.
    let depth = match (full, before) {
        (true, _) => Depth::Full,
        (false, Some(Depth::Commits(n))) => Depth::Commits(n.saturating_add(DEEPEN_BY)),
        (false, _) => Depth::Commits(DEEPEN_BY),
    };
    // The clone stays usable meanwhile, and is given back as it was
    // if the fetch fails or is cancelled.
    state.deepening.insert(repo.clone(), before);
    state
        .repos
        .insert(repo.clone(), RepoStatus::Cloning(Progress::default()));
    vec![Effect::Deepen {
        repo,
        depth,
        catalog_entry,
    }]
}

/// The clones found in the cache at start-up. A repository whose clone
/// started meanwhile keeps its status: its result tells the rest.
pub(super) fn on_found(state: &mut State, found: Vec<(String, Option<Depth>)>) {
    for (repo, depth) in found {
        if matches!(state.status_of(&repo), RepoStatus::NotCloned) {
            state.repos.insert(repo, RepoStatus::Cloned(depth));
        }
    }
}

/// A clone's progress, while the clone is still wanted.
pub(super) fn on_progress(state: &mut State, repo: String, progress: Progress) {
    if matches!(state.status_of(&repo), RepoStatus::Cloning(_)) {
        state.repos.insert(repo, RepoStatus::Cloning(progress));
    }
}

/// After a deepening: the history it was asked from, built again, when it
/// is still showing.
fn refresh_history(state: &mut State, repo: String) -> Vec<Effect> {
    use crate::app::state::HistoryRefresh;
    let Some((r, refresh)) = state.history_refresh.take() else {
        return Vec::new();
    };
    let showing = matches!(&state.overlay, Some(Overlay::List { repo: l, view, .. }) if *l == repo && view.deepen);
    if r != repo || !showing {
        return Vec::new();
    }
    // In place of the list: the new one opens over what it was opened from.
    super::overlays::go_back(state);
    match refresh {
        HistoryRefresh::Step => match state.catalog_entry(&repo) {
            Some(catalog_entry) => vec![Effect::OpenStepView {
                repo: repo.clone(),
                step: crate::study::StepKind::History,
                catalog_entry,
                progress: state.progress.repo(&repo).cloned(),
            }],
            None => Vec::new(),
        },
        HistoryRefresh::View(target) => super::overlays::request_view(state, repo, target),
    }
}

/// A clone (or a fetch of more history) finished: ready, opened if Enter
/// was waiting for it, or failed with what to do.
pub(super) fn on_finished(
    state: &mut State,
    repo: String,
    result: Result<(CloneOutcome, Depth), JobError>,
) -> Vec<Effect> {
    // Its size and key files are read again when next shown.
    state.home.forget_facts(&repo);
    if state.updating.remove(&repo) {
        let before = state.deepening.remove(&repo).flatten();
        return updated(state, repo, before, result);
    }
    if let Some(before) = state.deepening.remove(&repo) {
        // More history, or the clone as it was.
        match result {
            Ok((_, depth)) => {
                state
                    .repos
                    .insert(repo.clone(), RepoStatus::Cloned(Some(depth)));
                state.status = Some(format!("{repo} now has {depth}"));
                // The explorer's header says what the clone holds.
                if let Screen::Explorer(e) = &mut state.screen
                    && e.repo == repo
                    && let Some(o) = &mut e.overview
                {
                    o.depth = depth;
                }
                return refresh_history(state, repo);
            }
            Err(e) => {
                state.repos.insert(repo.clone(), RepoStatus::Cloned(before));
                state.status = Some(match e {
                    JobError::Cancelled => {
                        format!("fetching more history of {repo} cancelled; the clone is as it was")
                    }
                    e => format!(
                        "could not fetch more history of {repo}: {e}; the clone is as it was"
                    ),
                });
            }
        }
        return Vec::new();
    }
    let open = state.open_when_cloned.as_deref() == Some(repo.as_str());
    match result {
        Ok((_, depth)) => {
            state
                .repos
                .insert(repo.clone(), RepoStatus::Cloned(Some(depth)));
            // Only this repository's wish is used up: another clone that
            // finishes first must not take the next one's away.
            if open {
                state.open_when_cloned = None;
            }
            let still_selected = state
                .home
                .selected_repo(&state.catalog)
                .is_some_and(|r| r.id == repo);
            if open
                && still_selected
                && matches!(state.screen, Screen::Home)
                && state.overlay.is_none()
            {
                return state.open_explorer(repo);
            }
            state.status = Some(format!("{repo} is ready: press Enter to open it"));
        }
        Err(JobError::Cancelled) => {
            state.repos.insert(repo.clone(), RepoStatus::NotCloned);
            state.status = Some(format!("clone of {repo} cancelled"));
            if open {
                state.open_when_cloned = None;
            }
        }
        Err(e) => {
            state.status = Some(format!("could not clone {repo}: {e} - press r to retry"));
            state.repos.insert(repo, RepoStatus::Failed(e.to_string()));
            if open {
                state.open_when_cloned = None;
            }
        }
    }
    Vec::new()
}
