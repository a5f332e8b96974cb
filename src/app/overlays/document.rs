//! A view read as Markdown (a step's document, a commit): scroll it, open
//! the repository's documents it links to, and in step 5's view ask for a
//! working copy.

use super::{Overlay, go_back, request_view, wheel_as_keys};
use crate::app::layout;
use crate::app::messages::{Action, Effect};
use crate::app::state::State;
use crate::study::views::Target;
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
        targets,
        target,
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
            let (owner, name) = repo.split_once('/').unwrap_or(("", repo));
            let text = match (&state.settings.working_copy, &state.home_dir) {
                (Some(template), _) => template.replace("{owner}", owner).replace("{name}", name),
                (None, Some(_)) => format!("~/codestudy/{name}"),
                (None, None) => format!("codestudy/{name}"),
            };
            let repo = repo.clone();
            state.overlay = Some(Overlay::WorkingCopyPrompt {
                repo,
                edit: crate::app::line_edit::LineEdit::new(text),
            });
            return Vec::new();
        }
        Action::FocusNext | Action::FocusPrev if targets.is_empty() => {
            state.status = Some("no address, command or link in this document".into());
            return Vec::new();
        }
        Action::FocusNext | Action::FocusPrev => {
            let n = targets.len();
            let forward = action == Action::FocusNext;
            let lines = target_lines(rendered, targets);
            let shown = |i: usize| lines[i].is_some_and(|l| l >= *scroll && l < *scroll + visible);
            let next = match *target {
                // From the selected one while it is on the screen...
                Some(i) if shown(i) && forward => (i + 1) % n,
                Some(i) if shown(i) => (i + n - 1) % n,
                // ...else from what the screen shows: the first one at or
                // below its top, or (backwards) the last above its end.
                _ if forward => (0..n)
                    .find(|&i| lines[i].is_some_and(|l| l >= *scroll))
                    .unwrap_or(0),
                _ => (0..n)
                    .rev()
                    .find(|&i| lines[i].is_some_and(|l| l < *scroll + visible))
                    .unwrap_or(n - 1),
            };
            *target = Some(next);
            let t = &targets[next];
            // Scrolled to where it is shown.
            if let Some(line) = lines[next]
                && (line < *scroll || line >= *scroll + visible)
            {
                *scroll = line.saturating_sub(2);
            }
            let what = match t {
                study::markdown::DocTarget::Address(_) => "y copies, o opens in the browser",
                study::markdown::DocTarget::Command(_) => "y copies",
                study::markdown::DocTarget::File { .. } => "Enter opens it here, y copies",
            };
            state.status = Some(format!(
                "{}/{n} {}  ({what}; Tab next)",
                next + 1,
                crate::sanitize::sanitize_line(t.text())
            ));
        }
        Action::CopyLocation | Action::OpenAddress | Action::Open => {
            let Some(t) = target.and_then(|i| targets.get(i)).cloned() else {
                state.status = Some(if targets.is_empty() {
                    "no address, command or link in this document".into()
                } else {
                    "Tab selects an address, a command or a link first".into()
                });
                return Vec::new();
            };
            let text = crate::sanitize::sanitize_line(t.text()).into_owned();
            return match (action, t) {
                (
                    Action::Open | Action::OpenAddress,
                    study::markdown::DocTarget::File { path, .. },
                ) => {
                    let repo = repo.clone();
                    state.status = Some(format!("opening {text}…"));
                    request_view(state, repo, Target::Document { path })
                }
                (Action::Open, _) => {
                    state.status = Some("Enter opens a link to the repository's files; y copies, o opens an address".into());
                    Vec::new()
                }
                (Action::OpenAddress, study::markdown::DocTarget::Address(_)) => {
                    state.status = Some(format!("opening {text} in the browser…"));
                    vec![Effect::OpenAddress(text)]
                }
                (Action::OpenAddress, _) => {
                    state.status = Some("a command is not opened: y copies it".into());
                    Vec::new()
                }
                _ => {
                    state.status = Some(crate::app::messages::copied_status(&text));
                    vec![Effect::CopyToClipboard(text)]
                }
            };
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

/// The line each target is shown on (found by its first characters), in
/// one pass: targets come in the document's order, so each is looked for
/// from the line of the one before.
fn target_lines(
    rendered: &study::markdown::Rendered,
    targets: &[study::markdown::DocTarget],
) -> Vec<Option<usize>> {
    let text: Vec<String> = rendered
        .lines
        .iter()
        .map(|l| l.iter().map(|(s, _)| s.as_str()).collect())
        .collect();
    let mut from = 0;
    targets
        .iter()
        .map(|t| {
            let probe: String = t.shown().chars().take(24).collect();
            let found = (from..text.len()).find(|&l| text[l].contains(&probe));
            if let Some(l) = found {
                from = l;
            }
            found
        })
        .collect()
}
