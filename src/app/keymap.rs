//! Keys and mouse events to actions: one pure mapping per mode, so every
//! binding is listed (and tested) in one place. The help overlay is made
//! from [`help_for`], which the tests check against [`action_for_key`].

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::{Action, HomeTab, Mode};

/// What a key does on the home screen: (keys, description).
pub const HOME_HELP: &[(&str, &str)] = &[
    ("j / ↓", "select the next repository"),
    ("k / ↑", "select the previous repository"),
    ("g / Home", "first repository"),
    ("G / End", "last repository"),
    ("PgDn / Ctrl-d", "down one page"),
    ("PgUp / Ctrl-u", "up one page"),
    ("] / [", "next / previous category"),
    ("Enter", "open the repository (cloning it first)"),
    ("c", "cancel the selected clone"),
    ("s", "study checklist of the selected repository"),
    ("n", "note on the selected repository"),
    ("r", "retry a failed clone"),
    ("o", "sort by catalog order or by stars"),
    ("Tab", "switch between Repositories and Study guide"),
    ("1 / 2", "show Repositories / Study guide"),
    ("mouse", "wheel scrolls, click selects a row or a tab"),
    ("?", "show or hide this help"),
    ("Esc", "close this help; on the home screen, quit"),
    ("q / Ctrl-c", "quit"),
];

/// What a key does in the explorer.
pub const EXPLORER_HELP: &[(&str, &str)] = &[
    ("Tab / l / →", "focus the next pane"),
    ("S-Tab / h / ←", "focus the previous pane"),
    ("j / ↓", "down (tree, outline, source line)"),
    ("k / ↑", "up"),
    ("g / Home", "first"),
    ("G / End", "last"),
    ("PgDn / Ctrl-d", "down one page"),
    ("PgUp / Ctrl-u", "up one page"),
    ("Enter", "open a file, expand a directory, go to a key file"),
    ("/ / Ctrl-p", "find a file"),
    ("@ / Ctrl-t", "find a symbol"),
    ("f", "outline filter: all, no variables, classes"),
    ("m", "mark the selected symbol read (or not)"),
    ("L", "history of the selected file or directory"),
    (
        "n",
        "note on the selected symbol (outline) or the open file",
    ),
    ("s", "study checklist of this repository"),
    ("e", "open the file in $VISUAL / $EDITOR at the line"),
    ("mouse", "click focuses and selects, wheel scrolls"),
    ("?", "show or hide this help"),
    ("Esc / Backspace", "back to the home screen"),
    ("q / Ctrl-c", "quit"),
];

/// What a key does in the study panel.
pub const STUDY_HELP: &[(&str, &str)] = &[
    ("j / ↓", "next step"),
    ("k / ↑", "previous step"),
    (
        "Enter",
        "open the step: README, tests, community, modules, commands, history",
    ),
    ("Space", "mark the step done (or not)"),
    ("i", "mark the step in progress (or not)"),
    ("n", "note on the repository"),
    ("Esc / s", "close the checklist"),
    ("q / Ctrl-c", "quit"),
];

/// What a key does in a step's document.
pub const DOCUMENT_HELP: &[(&str, &str)] = &[
    ("j / ↓", "scroll down"),
    ("k / ↑", "scroll up"),
    ("PgDn / Ctrl-d", "down one page"),
    ("PgUp / Ctrl-u", "up one page"),
    ("g / Home", "top"),
    ("G / End", "bottom"),
    ("w", "step 5: make a working copy (asks where)"),
    ("n", "note on the repository"),
    ("Esc", "back to the checklist"),
    ("q / Ctrl-c", "quit"),
];

/// What a key does in a list (tests, modules, history, a commit).
pub const LIST_HELP: &[(&str, &str)] = &[
    ("j / ↓", "next entry"),
    ("k / ↑", "previous entry"),
    ("PgDn / Ctrl-d", "down one page"),
    ("PgUp / Ctrl-u", "up one page"),
    ("g / Home", "first entry"),
    ("G / End", "last entry"),
    (
        "Enter",
        "open: a file in the explorer, a commit, a file's diff, older commits",
    ),
    ("d", "history of a shallow clone: fetch 500 more commits"),
    ("D", "history of a shallow clone: fetch the whole history"),
    ("n", "note on the repository"),
    ("Esc", "back"),
    ("q / Ctrl-c", "quit"),
];

/// What a key does in a prompt.
pub const PROMPT_HELP: &[(&str, &str)] = &[
    ("text", "edit the folder"),
    ("Backspace", "delete a character"),
    ("Enter", "make the working copy there"),
    ("Esc", "cancel"),
];

/// What a key does in the note box.
pub const NOTE_HELP: &[(&str, &str)] = &[
    ("text", "write; Enter starts a new line"),
    ("← → ↑ ↓", "move the cursor"),
    ("Home / End", "start / end of the line"),
    ("Backspace / Del", "delete before / under the cursor"),
    ("Esc / Ctrl-s", "save and close (an empty note is removed)"),
    ("Ctrl-c", "save and quit"),
];

/// What a key does in a finder.
pub const FINDER_HELP: &[(&str, &str)] = &[
    ("text", "narrow the list (fuzzy, smart case)"),
    ("↑ / ↓", "move"),
    ("Enter", "go there"),
    ("Backspace", "delete a character"),
    ("Esc", "close the finder"),
];

pub fn help_for(mode: Mode) -> &'static [(&'static str, &'static str)] {
    match mode {
        Mode::Home | Mode::Help => HOME_HELP,
        Mode::Explorer => EXPLORER_HELP,
        Mode::Finder => FINDER_HELP,
        Mode::Study => STUDY_HELP,
        Mode::Document => DOCUMENT_HELP,
        Mode::Prompt => PROMPT_HELP,
        Mode::Note => NOTE_HELP,
        Mode::List => LIST_HELP,
    }
}

/// The action for a key press in `mode`, if it has one. Key releases are
/// ignored (Windows and kitty report them).
pub fn action_for_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if mode == Mode::Finder {
        return Some(match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('p' | 'k') if ctrl => Action::Up,
            KeyCode::Char('n' | 'j') if ctrl => Action::Down,
            _ if ctrl => return None,
            KeyCode::Esc => Action::Back,
            KeyCode::Enter => Action::Open,
            KeyCode::Backspace => Action::DeleteChar,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::PageDown => Action::PageDown,
            KeyCode::Char(c) if !c.is_control() => Action::Char(c),
            _ => return None,
        });
    }
    if mode == Mode::Note {
        return Some(match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('s') if ctrl => Action::SaveNote,
            _ if ctrl => return None,
            KeyCode::Esc => Action::SaveNote,
            KeyCode::Enter => Action::Open,
            KeyCode::Backspace => Action::DeleteChar,
            KeyCode::Delete => Action::DeleteForward,
            KeyCode::Left => Action::Left,
            KeyCode::Right => Action::Right,
            KeyCode::Up => Action::Up,
            KeyCode::Down => Action::Down,
            KeyCode::Home => Action::First,
            KeyCode::End => Action::Last,
            KeyCode::Char(c) if !c.is_control() => Action::Char(c),
            _ => return None,
        });
    }
    if mode == Mode::Study {
        return Some(match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            _ if ctrl => return None,
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Esc => Action::Back,
            KeyCode::Char('s') => Action::Study,
            KeyCode::Char('?') => Action::ToggleHelp,
            KeyCode::Char('j') | KeyCode::Down => Action::Down,
            KeyCode::Char('k') | KeyCode::Up => Action::Up,
            KeyCode::Char('g') | KeyCode::Home => Action::First,
            KeyCode::Char('G') | KeyCode::End => Action::Last,
            KeyCode::Char(' ') => Action::ToggleDone,
            KeyCode::Char('i') => Action::MarkInProgress,
            KeyCode::Char('n') => Action::Note,
            KeyCode::Enter => Action::Open,
            _ => return None,
        });
    }
    // Documents scroll, lists move a selection: the same keys, plus
    // `w` in a document and Enter, `d`, `D` in a list.
    if matches!(mode, Mode::Document | Mode::List) {
        let list = mode == Mode::List;
        return Some(match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            KeyCode::Char('d') if ctrl => Action::PageDown,
            KeyCode::Char('u') if ctrl => Action::PageUp,
            _ if ctrl => return None,
            KeyCode::Char('q') => Action::Quit,
            KeyCode::Esc => Action::Back,
            KeyCode::Char('j') | KeyCode::Down => Action::Down,
            KeyCode::Char('k') | KeyCode::Up => Action::Up,
            KeyCode::PageDown => Action::PageDown,
            KeyCode::PageUp => Action::PageUp,
            KeyCode::Char('g') | KeyCode::Home => Action::First,
            KeyCode::Char('G') | KeyCode::End => Action::Last,
            KeyCode::Char('n') => Action::Note,
            KeyCode::Char('w') if !list => Action::WorkingCopy,
            KeyCode::Enter if list => Action::Open,
            KeyCode::Char('d') if list => Action::Deepen(false),
            KeyCode::Char('D') if list => Action::Deepen(true),
            _ => return None,
        });
    }
    if mode == Mode::Prompt {
        return Some(match key.code {
            KeyCode::Char('c') if ctrl => Action::Quit,
            _ if ctrl => return None,
            KeyCode::Esc => Action::Back,
            KeyCode::Enter => Action::Open,
            KeyCode::Backspace => Action::DeleteChar,
            KeyCode::Char(c) if !c.is_control() => Action::Char(c),
            _ => return None,
        });
    }
    let explorer = mode == Mode::Explorer;
    let action = match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
        KeyCode::Char('p') if ctrl && explorer => Action::FindFiles,
        KeyCode::Char('t') if ctrl && explorer => Action::FindSymbols,
        _ if ctrl => return None,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Esc => Action::Back,
        KeyCode::Char('?') => Action::ToggleHelp,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::Char('g') | KeyCode::Home => Action::First,
        KeyCode::Char('G') | KeyCode::End => Action::Last,
        KeyCode::PageDown => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Enter => Action::Open,
        KeyCode::Char('n') => Action::Note,
        _ if explorer => match key.code {
            KeyCode::Tab | KeyCode::Char('l') | KeyCode::Right => Action::FocusNext,
            KeyCode::BackTab | KeyCode::Char('h') | KeyCode::Left => Action::FocusPrev,
            KeyCode::Backspace => Action::Back,
            KeyCode::Char('/') => Action::FindFiles,
            KeyCode::Char('@') => Action::FindSymbols,
            KeyCode::Char('f') => Action::CycleFilter,
            KeyCode::Char('e') => Action::Edit,
            KeyCode::Char('m') => Action::MarkRead,
            KeyCode::Char('L') => Action::History,
            KeyCode::Char('s') => Action::Study,
            _ => return None,
        },
        KeyCode::Char(']') => Action::NextCategory,
        KeyCode::Char('[') => Action::PrevCategory,
        KeyCode::Char('c') => Action::CancelClone,
        KeyCode::Char('r') => Action::RetryClone,
        KeyCode::Char('o') => Action::ToggleSort,
        KeyCode::Char('s') => Action::Study,
        KeyCode::Tab | KeyCode::BackTab => Action::NextTab,
        KeyCode::Char('1') => Action::ShowTab(HomeTab::Repositories),
        KeyCode::Char('2') => Action::ShowTab(HomeTab::Guide),
        _ => return None,
    };
    Some(action)
}

/// The action for any terminal event in `mode`.
pub fn action_for_event(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => action_for_key(*key, mode),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(_) => Some(Action::Click { column, row }),
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mode: Mode) -> Option<Action> {
        action_for_key(KeyEvent::new(code, KeyModifiers::NONE), mode)
    }

    fn ctrl(c: char, mode: Mode) -> Option<Action> {
        action_for_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), mode)
    }

    #[test]
    fn home_keys() {
        let m = Mode::Home;
        assert_eq!(press(KeyCode::Char('j'), m), Some(Action::Down));
        assert_eq!(press(KeyCode::Down, m), Some(Action::Down));
        assert_eq!(press(KeyCode::Char('k'), m), Some(Action::Up));
        assert_eq!(press(KeyCode::Char('g'), m), Some(Action::First));
        assert_eq!(press(KeyCode::Char('G'), m), Some(Action::Last));
        assert_eq!(ctrl('d', m), Some(Action::PageDown));
        assert_eq!(press(KeyCode::Char(']'), m), Some(Action::NextCategory));
        assert_eq!(press(KeyCode::Enter, m), Some(Action::Open));
        assert_eq!(press(KeyCode::Char('c'), m), Some(Action::CancelClone));
        assert_eq!(press(KeyCode::Char('r'), m), Some(Action::RetryClone));
        assert_eq!(press(KeyCode::Tab, m), Some(Action::NextTab));
        assert_eq!(
            press(KeyCode::Char('2'), m),
            Some(Action::ShowTab(HomeTab::Guide))
        );
        assert_eq!(press(KeyCode::Char('q'), m), Some(Action::Quit));
        assert_eq!(ctrl('c', m), Some(Action::Quit));
        assert_eq!(press(KeyCode::Esc, m), Some(Action::Back));
        assert_eq!(
            press(KeyCode::Char('/'), m),
            None,
            "finders belong to the explorer"
        );
    }

    #[test]
    fn explorer_keys() {
        let m = Mode::Explorer;
        assert_eq!(press(KeyCode::Tab, m), Some(Action::FocusNext));
        assert_eq!(press(KeyCode::Char('l'), m), Some(Action::FocusNext));
        assert_eq!(press(KeyCode::BackTab, m), Some(Action::FocusPrev));
        assert_eq!(press(KeyCode::Char('h'), m), Some(Action::FocusPrev));
        assert_eq!(press(KeyCode::Char('/'), m), Some(Action::FindFiles));
        assert_eq!(ctrl('p', m), Some(Action::FindFiles));
        assert_eq!(press(KeyCode::Char('@'), m), Some(Action::FindSymbols));
        assert_eq!(ctrl('t', m), Some(Action::FindSymbols));
        assert_eq!(press(KeyCode::Char('e'), m), Some(Action::Edit));
        assert_eq!(press(KeyCode::Char('f'), m), Some(Action::CycleFilter));
        assert_eq!(press(KeyCode::Backspace, m), Some(Action::Back));
        assert_eq!(press(KeyCode::Char('q'), m), Some(Action::Quit));
        assert_eq!(
            press(KeyCode::Char('c'), m),
            None,
            "cancel belongs to the home screen"
        );
    }

    #[test]
    fn a_finder_takes_letters_as_text() {
        let m = Mode::Finder;
        assert_eq!(press(KeyCode::Char('q'), m), Some(Action::Char('q')));
        assert_eq!(press(KeyCode::Char('j'), m), Some(Action::Char('j')));
        assert_eq!(press(KeyCode::Char('/'), m), Some(Action::Char('/')));
        assert_eq!(press(KeyCode::Backspace, m), Some(Action::DeleteChar));
        assert_eq!(press(KeyCode::Esc, m), Some(Action::Back));
        assert_eq!(press(KeyCode::Enter, m), Some(Action::Open));
        assert_eq!(ctrl('c', m), Some(Action::Quit), "Ctrl-c still quits");
        assert_eq!(ctrl('n', m), Some(Action::Down));
    }

    #[test]
    fn releases_do_nothing() {
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for_key(release, Mode::Home), None);
    }

    /// Every key a help table names must be bound in that mode.
    #[test]
    fn help_lists_only_bound_keys() {
        for mode in [
            Mode::Home,
            Mode::Explorer,
            Mode::Finder,
            Mode::Study,
            Mode::Document,
        ] {
            for (keys, what) in help_for(mode) {
                for k in keys.split(" / ") {
                    let code = match k {
                        "mouse" | "text" => continue,
                        "↓" => KeyCode::Down,
                        "↑" => KeyCode::Up,
                        "→" => KeyCode::Right,
                        "←" => KeyCode::Left,
                        "Home" => KeyCode::Home,
                        "End" => KeyCode::End,
                        "PgDn" => KeyCode::PageDown,
                        "PgUp" => KeyCode::PageUp,
                        "Tab" => KeyCode::Tab,
                        "S-Tab" => KeyCode::BackTab,
                        "Esc" => KeyCode::Esc,
                        "Enter" => KeyCode::Enter,
                        "Backspace" => KeyCode::Backspace,
                        "Space" => KeyCode::Char(' '),
                        k if k.starts_with("Ctrl-") => {
                            let c = k.chars().last().unwrap();
                            assert!(
                                ctrl(c, mode).is_some(),
                                "{mode:?}: {k} ({what}) is not bound"
                            );
                            continue;
                        }
                        k => {
                            assert_eq!(k.chars().count(), 1, "unparsed key {k:?}");
                            KeyCode::Char(k.chars().next().unwrap())
                        }
                    };
                    assert!(
                        press(code, mode).is_some(),
                        "{mode:?}: {k} ({what}) is not bound"
                    );
                }
            }
        }
    }
}
