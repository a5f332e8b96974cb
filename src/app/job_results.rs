//! What the background jobs bring back, applied to the state: views built,
//! working copies made, progress loaded and saved (in `persist`), the clock
//! and home folder read; clone results go to `clones`, the explorer's to
//! `explorer::on_job`.

use super::clones;
use super::explorer;
use super::messages::{Effect, JobResult};
use super::overlays::{Overlay, show_view};
use super::persist;
use super::state::{Screen, State};
use crate::study::views::{Target, View};

/// Apply a background job's result. Pure; stale results are dropped.
pub fn on_job(state: &mut State, result: JobResult) -> Vec<Effect> {
    let mut effects = apply(state, result);
    effects.extend(super::clone_facts_wanted(state));
    effects
}

fn apply(state: &mut State, result: JobResult) -> Vec<Effect> {
    match result {
        JobResult::Outside {
            progress_modified,
            clones,
        } => persist::on_outside(state, progress_modified, clones),
        JobResult::AddressOpened { result } => {
            if let Err(e) = result {
                state.status = Some(format!(
                    "could not open the browser: {e}; y copies the address instead"
                ));
            }
            Vec::new()
        }
        JobResult::CloneRemoved { repo, result } => {
            clones::on_removed(state, repo, result);
            Vec::new()
        }
        JobResult::CloneFacts { repo, result } => {
            // Kept only when still wanted: not forgotten since (a clone
            // made or updated meanwhile asks again).
            if state.home.facts_asked.remove(&repo) {
                state
                    .home
                    .facts
                    .insert(repo, result.map_err(|e| e.to_string()));
            }
            Vec::new()
        }
        JobResult::StepView { repo, step, result } => {
            match result {
                // Shown only if the checklist it came from is still open.
                Ok(view) if matches!(&state.overlay, Some(Overlay::Study { repo: r, .. }) if *r == repo) =>
                {
                    show_view(state, repo, Some(step), view);
                }
                Ok(_) => {}
                Err(e) => state.status = Some(e.to_string()),
            }
            Vec::new()
        }
        JobResult::TargetOpened {
            repo,
            target,
            request,
            result,
        } => {
            if state.awaiting_view != Some(request) {
                return Vec::new();
            }
            state.awaiting_view = None;
            // "reading the history of …" and the like are done with: the
            // view is here (or its failure says so below).
            state.status = None;
            let here = match &state.overlay {
                Some(Overlay::List { repo: r, .. } | Overlay::Document { repo: r, .. }) => {
                    *r == repo
                }
                None => matches!(&state.screen, Screen::Explorer(e) if e.repo == repo),
                _ => false,
            };
            match result {
                Ok(View::List(more))
                    if here && matches!(target, Target::History { skip, .. } if skip > 0) =>
                {
                    // The next page of the history on view: appended in
                    // place of its "older commits" entry.
                    if let Some(Overlay::List { view, .. }) = &mut state.overlay {
                        view.items.retain(|it| it.target.as_ref() != Some(&target));
                        view.items.extend(more.items);
                    }
                }
                Ok(view) if here => {
                    show_view(state, repo, None, view);
                    if let Some(Overlay::List { origin, .. }) = &mut state.overlay {
                        *origin = Some(target);
                    }
                }
                Ok(_) => {}
                Err(e) => state.status = Some(e.to_string()),
            }
            Vec::new()
        }
        JobResult::FileSymbols { repo, path, result } => {
            super::overlays::on_file_symbols(state, repo, path, result)
        }
        JobResult::FolderNames { typed, names } => {
            super::overlays::prompt::on_folder_names(state, &typed, &names);
            Vec::new()
        }
        JobResult::WorkingCopyMade { repo, dest, result } => {
            let mut effects = Vec::new();
            if result.is_ok() {
                effects = state.change(crate::study::Change::SetWorkingCopy {
                    repo: repo.clone(),
                    folder: dest.clone(),
                });
            }
            state.status = Some(match result {
                Ok(note) if note.is_empty() => format!(
                    "working copy of {repo} made in {dest}: cd there and run the commands of step 5"
                ),
                Ok(note) => format!(
                    "working copy of {repo} made in {dest} ({note}): cd there and run the commands of step 5"
                ),
                Err(e) => e.to_string(),
            });
            effects
        }
        JobResult::ProgressSaved { saved, result } => {
            persist::on_saved(state, &saved, result);
            Vec::new()
        }
        JobResult::ProgressLoaded { result } => {
            persist::on_loaded(state, result);
            Vec::new()
        }
        JobResult::CloneProgress { repo, progress } => {
            clones::on_progress(state, repo, progress);
            Vec::new()
        }
        JobResult::CloneFinished { repo, result } => clones::on_finished(state, repo, result),
        JobResult::ClonesFound(found) => {
            clones::on_found(state, found);
            Vec::new()
        }
        JobResult::Surroundings {
            today,
            now,
            home_dir,
        } => {
            state.today = today;
            state.now = now;
            state.home_dir = home_dir;
            Vec::new()
        }
        grep @ (JobResult::GrepFound { .. }
        | JobResult::GrepDone { .. }
        | JobResult::GrepPreview { .. }) => super::overlays::grep::on_result(state, grep),
        other => match state.explorer_and_context() {
            Some((e, ctx)) => {
                let outcome = explorer::on_job(e, ctx, other);
                super::carry_out(state, outcome)
            }
            None => Vec::new(),
        },
    }
}
