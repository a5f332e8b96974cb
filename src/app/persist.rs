//! The progress file as the app sees it: read by a job at start-up (the
//! screen is usable at once), saved by a job after every change, and, while
//! another process holds its lock, both tried again every few seconds with
//! the changes kept in the state meanwhile.

use super::messages::{Effect, ProgressFailure};
use super::state::State;
use crate::study::{self, LockBusy};

/// Ticks (of 100 ms) between two tries while the lock is held.
pub const RETRY_TICKS: u64 = 30;

/// The job that reads the progress at start-up.
pub fn start_loading(state: &mut State) -> Effect {
    state.loading_progress = true;
    Effect::LoadProgress
}

/// The progress read from disk: shown with the changes made since on top.
/// Dropped if a save already brought it back (a save returns everything on
/// disk, and may be newer than this read).
pub fn on_loaded(state: &mut State, result: Result<study::Progress, ProgressFailure>) {
    state.loading_progress = false;
    if state.progress_loaded {
        return;
    }
    match result {
        Ok(progress) => {
            state.progress_loaded = true;
            show_saved(state, progress);
            if state.progress_locked.take().is_some() {
                state.status = Some("progress.lock was freed: your saved progress is shown".into());
            }
        }
        Err(ProgressFailure::Locked(busy)) => locked(state, busy),
        Err(ProgressFailure::Failed(e)) => {
            // Unreadable (moved aside, or an IO error the message names):
            // work goes on from what is shown.
            state.progress_loaded = true;
            state.progress_locked = None;
            state.status = Some(e);
        }
    }
}

/// A save's result: what was saved leaves the pending list.
pub fn on_saved(
    state: &mut State,
    saved: &[u64],
    result: Result<study::Progress, ProgressFailure>,
) {
    state.saves_in_flight = state.saves_in_flight.saturating_sub(1);
    match result {
        Ok(progress) => {
            // What was saved is done; anything changed since is still
            // pending and shown on top of the saved state.
            state.pending.retain(|(n, _)| !saved.contains(n));
            state.progress_loaded = true;
            show_saved(state, progress);
            if state.progress_locked.take().is_some() {
                state.status = Some("progress.lock was freed: your changes are saved".into());
            }
        }
        Err(ProgressFailure::Locked(busy)) => locked(state, busy),
        Err(ProgressFailure::Failed(e)) => {
            state.status = Some(format!(
                "not saved, kept here and saved with your next change or when you quit: {e}"
            ));
        }
    }
}

/// Called on every tick: while the lock is held, try again every
/// [`RETRY_TICKS`], one job at a time. A save also brings back what is on
/// disk, so it stands in for the load when there are changes.
pub fn retry(state: &mut State) -> Vec<Effect> {
    // Counted here, on every tick: a try every `RETRY_TICKS`.
    state.retry_ticks = state.retry_ticks.wrapping_add(1);
    if state.progress_locked.is_none()
        || !state.retry_ticks.is_multiple_of(RETRY_TICKS)
        || state.saves_in_flight > 0
        || state.loading_progress
    {
        return Vec::new();
    }
    if !state.pending.is_empty() {
        state.saves_in_flight += 1;
        vec![Effect::SaveProgress(state.pending.clone())]
    } else if !state.progress_loaded {
        vec![start_loading(state)]
    } else {
        state.progress_locked = None;
        Vec::new()
    }
}

fn show_saved(state: &mut State, progress: study::Progress) {
    state.progress = progress;
    for (_, c) in &state.pending {
        state.progress.apply(c);
    }
}

const NOT_SAVED: &str = "not saved yet, kept here: ";
const NOT_LOADED: &str = "your saved progress is not shown yet: ";

/// Say who holds the lock, for the changes waiting if there are some,
/// else for the progress not read yet. A report after the first only
/// refills a status line that was cleared or showed the last one, never
/// replaces another message.
fn locked(state: &mut State, busy: LockBusy) {
    let notice = if state.pending.is_empty() {
        format!(
            "{NOT_LOADED}{busy}; it is loaded when that ends (what you change meanwhile is kept), or {}",
            busy.remedy()
        )
    } else {
        format!(
            "{NOT_SAVED}{busy}; it is saved when that ends, or {}",
            busy.remedy()
        )
    };
    let replace = match &state.status {
        None => true,
        Some(s) => {
            state.progress_locked.is_none() || s.starts_with(NOT_SAVED) || s.starts_with(NOT_LOADED)
        }
    };
    if replace {
        state.status = Some(notice);
    }
    state.progress_locked = Some(busy);
}

/// Ticks (100 ms each) between two looks at what another codestudy or the
/// command line changed.
pub const OUTSIDE_TICKS: u64 = 20;

/// Called on every tick: every [`OUTSIDE_TICKS`], look (in a job) at the
/// progress file's modification time and the clones in the cache.
pub fn check_outside(state: &mut State) -> Vec<Effect> {
    state.outside_ticks = state.outside_ticks.wrapping_add(1);
    if state.outside_checking || !state.outside_ticks.is_multiple_of(OUTSIDE_TICKS) {
        return Vec::new();
    }
    state.outside_checking = true;
    let repos = state.catalog.repos().cloned().collect();
    vec![Effect::CheckOutside {
        repos: std::sync::Arc::new(repos),
    }]
}

/// What the look saw: the progress read again when someone else wrote it
/// (`codestudy progress`, another window), clones made, deepened or
/// removed elsewhere shown as they are.
pub fn on_outside(
    state: &mut State,
    progress_modified: Option<std::time::SystemTime>,
    clones: Option<Vec<(String, Option<crate::repo::Depth>)>>,
) -> Vec<Effect> {
    use super::state::RepoStatus;
    state.outside_checking = false;
    let mut effects = Vec::new();
    let mut noticed = Vec::new();
    if let Some(m) = progress_modified {
        let quiet = state.saves_in_flight == 0
            && !state.loading_progress
            && state.progress_locked.is_none();
        if quiet {
            if state.progress_modified.is_some_and(|seen| seen != m) {
                state.progress_loaded = false;
                effects.push(start_loading(state));
            }
            state.progress_modified = Some(m);
        }
    }
    if let Some(found) = clones {
        let ids: Vec<String> = state.catalog.repos().map(|r| r.id.clone()).collect();
        for id in ids {
            if state.deepening.contains_key(&id) {
                continue;
            }
            let there = found.iter().find(|(r, _)| *r == id).map(|(_, d)| *d);
            let now = match (state.status_of(&id), there) {
                // Ours to tell: a clone running here.
                (RepoStatus::Cloning(_), _) => continue,
                (RepoStatus::Cloned(d), Some(depth)) if *d != depth && depth.is_some() => {
                    noticed.push(format!(
                        "{id} has {} now",
                        depth.unwrap_or(crate::repo::Depth::Full)
                    ));
                    RepoStatus::Cloned(depth)
                }
                (RepoStatus::Cloned(_), None) => {
                    noticed.push(format!("{id} was removed"));
                    RepoStatus::NotCloned
                }
                (RepoStatus::NotCloned | RepoStatus::Failed(_), Some(depth)) => {
                    noticed.push(format!("{id} was cloned"));
                    RepoStatus::Cloned(depth)
                }
                _ => continue,
            };
            state.home.forget_facts(&id);
            state.repos.insert(id, now);
        }
    }
    if !noticed.is_empty() && state.status.is_none() {
        state.status = Some(format!("elsewhere: {}", noticed.join(", ")));
    }
    effects
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::{JobResult, on_job};
    use crate::catalog::Catalog;
    use crate::study::{Change, Holder, StepState};
    use ratatui::layout::Rect;
    use std::path::PathBuf;

    fn busy() -> ProgressFailure {
        ProgressFailure::Locked(LockBusy {
            lock: PathBuf::from("/d/progress.lock"),
            holder: Some(Holder {
                pid: 1234,
                what: "codestudy progress".into(),
                stopped: false,
            }),
        })
    }

    fn step(n: u8) -> Change {
        Change::SetStep {
            repo: "pallets/flask".into(),
            number: n,
            state: StepState::Done,
            today: "2026-11-24".into(),
        }
    }

    #[test]
    fn while_locked_changes_wait_and_are_retried_until_the_lock_frees() {
        let mut s = State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40));
        assert_eq!(start_loading(&mut s), Effect::LoadProgress);
        on_job(
            &mut s,
            JobResult::ProgressLoaded {
                result: Err(busy()),
            },
        );
        let status = s.status.clone().unwrap();
        assert!(
            status.contains("progress.lock is held by pid 1234 (codestudy progress)"),
            "{status}"
        );
        assert!(status.contains("remove /d/progress.lock if no such process runs"));
        // Nothing is retried between two tries, nor twice at once.
        s.retry_ticks = RETRY_TICKS - 2;
        assert!(retry(&mut s).is_empty());
        s.retry_ticks = RETRY_TICKS - 1;
        assert_eq!(retry(&mut s), [Effect::LoadProgress]);
        assert!(retry(&mut s).is_empty(), "one try at a time");
        on_job(
            &mut s,
            JobResult::ProgressLoaded {
                result: Err(busy()),
            },
        );

        // A change meanwhile is shown, kept, and its save fails the same.
        let fx = s.change(step(1));
        assert_eq!(fx.len(), 1);
        s.status = None;
        on_job(
            &mut s,
            JobResult::ProgressSaved {
                saved: vec![1],
                result: Err(busy()),
            },
        );
        assert!(
            s.status
                .as_deref()
                .unwrap()
                .starts_with("not saved yet, kept here")
        );
        assert_eq!(s.pending.len(), 1);
        // The next try saves it (a save also reads what is on disk).
        s.retry_ticks = 2 * RETRY_TICKS - 1;
        assert_eq!(retry(&mut s), [Effect::SaveProgress(s.pending.clone())]);
        let mut on_disk = study::Progress::default();
        on_disk.apply(&step(2));
        on_disk.apply(&step(1));
        on_job(
            &mut s,
            JobResult::ProgressSaved {
                saved: vec![1],
                result: Ok(on_disk.clone()),
            },
        );
        assert!(s.pending.is_empty());
        assert!(s.progress_locked.is_none());
        assert_eq!(s.progress, on_disk);
        assert!(s.status.as_deref().unwrap().contains("was freed"));
        // A load read before that save is older: dropped.
        on_job(
            &mut s,
            JobResult::ProgressLoaded {
                result: Ok(study::Progress::default()),
            },
        );
        assert_eq!(s.progress, on_disk);
        s.retry_ticks = 3 * RETRY_TICKS - 1;
        assert!(retry(&mut s).is_empty(), "nothing left to retry");
    }

    #[test]
    fn another_message_is_not_replaced_by_the_next_try() {
        let mut s = State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40));
        on_job(
            &mut s,
            JobResult::ProgressLoaded {
                result: Err(busy()),
            },
        );
        s.status = Some("could not clone psf/requests".into());
        on_job(
            &mut s,
            JobResult::ProgressLoaded {
                result: Err(busy()),
            },
        );
        assert_eq!(s.status.as_deref(), Some("could not clone psf/requests"));
    }
}
