//! The note box: `n` opens it on what is selected, keys edit the text, Esc
//! or Ctrl-s saves what changed and goes back.

use super::messages::{Action, Effect};
use super::overlays::Overlay;
use super::state::{Screen, State};
use super::textarea::TextArea;
use crate::study::{Change, NoteTarget};

/// `n`: open the note box on what is selected: in the explorer the
/// outline's symbol (outline focused) or the open file, elsewhere the
/// repository.
pub(super) fn open_note(state: &mut State) -> Vec<Effect> {
    let target = match (&state.screen, &state.overlay) {
        (Screen::Explorer(e), None) => e.note_target(),
        _ => NoteTarget::repo(),
    };
    let Some(repo) = (match &state.overlay {
        Some(
            Overlay::Study { repo, .. }
            | Overlay::Document { repo, .. }
            | Overlay::List { repo, .. },
        ) => Some(repo.clone()),
        _ => state.study_repo(),
    }) else {
        return Vec::new();
    };
    let original = state
        .progress
        .repo(&repo)
        .and_then(|p| p.note(&target))
        .map(|n| n.text.clone())
        .unwrap_or_default();
    let back = state.overlay.take().map(Box::new);
    state.overlay = Some(Overlay::Note {
        repo,
        target,
        area: TextArea::new(&original),
        original,
        back,
    });
    Vec::new()
}

/// Keys in the note box: edit; Esc or Ctrl-s saves and closes.
pub(super) fn note_box(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(Overlay::Note { area, .. }) = &mut state.overlay else {
        return Vec::new();
    };
    match action {
        Action::Char(c) => area.insert(c),
        Action::Paste(text) => area.insert_str(&text),
        Action::Open => area.newline(),
        Action::DeleteChar => area.backspace(),
        Action::DeleteForward => area.delete(),
        Action::Left => area.left(),
        Action::Right => area.right(),
        Action::Up => area.up(),
        Action::Down => area.down(),
        Action::First => area.home(),
        Action::Last => area.end(),
        Action::Back | Action::SaveNote => return close_note(state),
        _ => {}
    }
    Vec::new()
}

/// Close the note box, saving what changed (an empty note is removed).
pub(super) fn close_note(state: &mut State) -> Vec<Effect> {
    let Some(Overlay::Note {
        repo,
        target,
        area,
        original,
        back,
    }) = state.overlay.take()
    else {
        return Vec::new();
    };
    state.overlay = back.map(|b| *b);
    let text = area.text().trim_end().to_string();
    if text == original.trim_end() {
        return Vec::new();
    }
    state.status = Some(if text.is_empty() {
        format!("note on {} removed", target.describe())
    } else {
        format!("note on {} saved", target.describe())
    });
    state.change(Change::SetNote {
        repo,
        target,
        text,
        now: state.now.clone(),
    })
}
