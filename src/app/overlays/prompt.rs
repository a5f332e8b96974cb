//! Asking where to make a working copy: typed text, Enter makes it, Esc
//! goes back to the checklist.

use super::Overlay;
use crate::app::messages::{Action, Effect};
use crate::app::state::State;
use crate::study::StepKind;

/// Keys in the working-copy prompt.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::WorkingCopyPrompt { repo, text }) = &mut state.overlay else {
        return Vec::new();
    };
    match action {
        Action::Char(c) => text.push(c),
        Action::Paste(pasted) => text.push_str(&crate::app::textarea::first_line(&pasted)),
        Action::DeleteChar => {
            text.pop();
        }
        Action::Open => {
            let (repo, dest) = (repo.clone(), text.trim().to_string());
            state.overlay = Some(Overlay::Study {
                repo: repo.clone(),
                selected: StepKind::RunLocally.index(),
            });
            let Some(catalog_entry) = state.catalog_entry(&repo).filter(|_| !dest.is_empty())
            else {
                return Vec::new();
            };
            state.status = Some(format!("making a working copy of {repo} in {dest}…"));
            return vec![Effect::MakeWorkingCopy {
                repo,
                dest,
                catalog_entry,
                home: state.home_dir.clone(),
            }];
        }
        Action::Back => {
            let repo = repo.clone();
            state.overlay = Some(Overlay::Study {
                repo,
                selected: StepKind::RunLocally.index(),
            });
        }
        _ => {}
    }
    Vec::new()
}
