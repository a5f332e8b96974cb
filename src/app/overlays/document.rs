//! A view read as Markdown (a step's document, a commit): scroll it, and in
//! step 5's view ask for a working copy.

use super::{Overlay, go_back, wheel_as_keys};
use crate::app::layout;
use crate::app::messages::{Action, Effect};
use crate::app::state::State;
use crate::study::{self, StepKey};

/// Keys in a step's document: scroll, back to the checklist.
pub(super) fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    let action = wheel_as_keys(action);
    let (width, visible) = layout::document_text_size(state.viewport);
    let page = visible.saturating_sub(1).max(1);
    let Some(Overlay::Document {
        repo,
        step,
        scroll,
        markdown,
        rendered,
        ..
    }) = &mut state.overlay
    else {
        return Vec::new();
    };
    // The lines were laid out when the document opened (or the terminal
    // was resized): a key does not lay them out again.
    if rendered.width != width {
        *rendered = study::markdown::Rendered::new(markdown, width);
    }
    let max_scroll = rendered.lines.len().saturating_sub(visible);
    match action {
        Action::Down => *scroll += 1,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll += page,
        Action::PageUp => *scroll = scroll.saturating_sub(page),
        Action::First => *scroll = 0,
        Action::Last => *scroll = max_scroll,
        Action::WorkingCopy if step.is_some_and(|s| s.takes(StepKey::WorkingCopy)) => {
            let name = repo.rsplit('/').next().unwrap_or(repo).to_string();
            let text = match &state.home_dir {
                Some(_) => format!("~/codestudy/{name}"),
                None => format!("codestudy/{name}"),
            };
            let repo = repo.clone();
            state.overlay = Some(Overlay::WorkingCopyPrompt {
                repo,
                edit: crate::app::line_edit::LineEdit::new(text),
            });
            return Vec::new();
        }
        Action::Back => {
            go_back(state);
            return Vec::new();
        }
        _ => {}
    }
    *scroll = (*scroll).min(max_scroll);
    Vec::new()
}
