//! The study checklist of a repository: move over the steps, mark them
//! done or in progress, open a step's view.

use super::{Overlay, wheel_as_keys};
use crate::app::messages::{Action, Effect};
use crate::app::state::{RepoStatus, State};
use crate::study::{Change, StepKind, StepState};

/// Keys in the study panel: move, toggle done, mark in progress, close.
pub(super) fn apply(
    state: &mut State,
    repo: String,
    selected: usize,
    action: Action,
) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let steps = state.catalog.study.steps.len();
    let mut sel = selected;
    let effects = match action {
        Action::Up => {
            sel = sel.saturating_sub(1);
            Vec::new()
        }
        Action::Down => {
            sel = (sel + 1).min(steps.saturating_sub(1));
            Vec::new()
        }
        Action::First => {
            sel = 0;
            Vec::new()
        }
        Action::Last => {
            sel = steps.saturating_sub(1);
            Vec::new()
        }
        Action::ToggleDone | Action::MarkInProgress => {
            let number = (sel + 1) as u8;
            let current = state
                .progress
                .repo(&repo)
                .map_or(StepState::Todo, |r| r.step(number));
            let target = match (action, current) {
                (Action::ToggleDone, StepState::Done) => StepState::Todo,
                (Action::ToggleDone, _) => StepState::Done,
                (_, StepState::InProgress) => StepState::Todo,
                _ => StepState::InProgress,
            };
            state.change(Change::SetStep {
                repo: repo.clone(),
                number,
                state: target,
                today: state.today.clone(),
            })
        }
        Action::Open => {
            // Each step of the method has a view; a catalog with more
            // steps has nothing to open for the others.
            let Some(step) = StepKind::at(sel) else {
                return Vec::new();
            };
            let cloned = matches!(state.status_of(&repo), RepoStatus::Cloned(_))
                || state.deepening.contains_key(&repo);
            if let Some(catalog_entry) = state.catalog_entry(&repo).filter(|_| cloned) {
                vec![Effect::OpenStepView {
                    repo: repo.clone(),
                    step,
                    catalog_entry,
                    progress: state.progress.repo(&repo).cloned(),
                }]
            } else {
                state.status = Some(format!(
                    "{repo} is not cloned yet: Enter on the home screen clones it"
                ));
                Vec::new()
            }
        }
        Action::Back => {
            state.overlay = None;
            return Vec::new();
        }
        _ => Vec::new(),
    };
    if matches!(state.overlay, Some(Overlay::Study { .. })) {
        state.overlay = Some(Overlay::Study {
            repo,
            selected: sel,
        });
    }
    effects
}
