//! Asking where to make a working copy: a line edited as in a shell, Tab
//! completes a folder name, Enter makes it, Esc goes back to the
//! checklist.

use super::Overlay;
use crate::app::messages::{Action, Effect};
use crate::app::state::State;
use crate::study::StepKind;

/// Keys in the working-copy prompt.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::WorkingCopyPrompt { repo, edit }) = &mut state.overlay else {
        return Vec::new();
    };
    if edit.apply(&action) {
        return Vec::new();
    }
    match action {
        Action::Complete => {
            return vec![Effect::CompleteFolder {
                typed: edit.text.clone(),
                home: state.home_dir.clone(),
            }];
        }
        Action::Open => {
            let (repo, dest) = (repo.clone(), edit.text.trim().to_string());
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

/// The folder names for Tab came back: complete the text if it is still
/// what was typed, and say what matched when several did.
pub(crate) fn on_folder_names(state: &mut State, typed: &str, names: &[String]) {
    let Some(Overlay::WorkingCopyPrompt { edit, .. }) = &mut state.overlay else {
        return;
    };
    if edit.text != typed {
        return;
    }
    let (completed, matched) = crate::app::line_edit::complete_folder(typed, names);
    edit.set(completed);
    state.status = match matched.len() {
        0 => Some(format!(
            "no folder there starts with {:?}",
            crate::sanitize::sanitize_line(typed.rsplit('/').next().unwrap_or(typed))
        )),
        1 => None,
        n => {
            let shown: Vec<String> = matched
                .iter()
                .take(8)
                .map(|m| format!("{}/", crate::sanitize::sanitize_line(m)))
                .collect();
            let more = if n > 8 {
                format!(" and {} more", n - 8)
            } else {
                String::new()
            };
            Some(format!("{n} folders: {}{more}", shown.join("  ")))
        }
    };
}
