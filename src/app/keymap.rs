//! Keys and mouse events to actions. Each mode has one table, a
//! [`Keymap`]: the help overlay shows its lines and [`action_for_key`]
//! looks keys up in the same lines, so the help cannot name a key that
//! does something else (or nothing).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::{Action, HomeTab, Mode};

/// A key as a table names it. Shift is part of the character (`G`, `@`);
/// other modifiers than Ctrl are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Pressed without Ctrl.
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
}

/// One line of help: the keys as shown, what they do, and each key with
/// the action it gives. A line about the mouse or about typing text names
/// no key.
#[derive(Debug)]
pub struct HelpLine {
    pub keys: &'static str,
    pub what: &'static str,
    pub binds: &'static [(Key, Action)],
}

/// The keys of one mode.
#[derive(Debug)]
pub struct Keymap {
    /// What the help shows, in order.
    pub lines: &'static [HelpLine],
    /// Aliases that work without a help line, to keep the help short.
    pub unlisted: &'static [(Key, Action)],
    /// Whether other printable characters are typed text
    /// ([`Action::Char`]).
    pub text: bool,
}

const fn ch(c: char) -> Key {
    Key::Code(KeyCode::Char(c))
}

const fn code(c: KeyCode) -> Key {
    Key::Code(c)
}

const fn ctrl(c: char) -> Key {
    Key::Ctrl(c)
}

const fn line(keys: &'static str, what: &'static str, binds: &'static [(Key, Action)]) -> HelpLine {
    HelpLine { keys, what, binds }
}

use Action as A;
use KeyCode as K;

const DOWN: &[(Key, Action)] = &[(ch('j'), A::Down), (code(K::Down), A::Down)];
const UP: &[(Key, Action)] = &[(ch('k'), A::Up), (code(K::Up), A::Up)];
const FIRST: &[(Key, Action)] = &[(ch('g'), A::First), (code(K::Home), A::First)];
const LAST: &[(Key, Action)] = &[(ch('G'), A::Last), (code(K::End), A::Last)];
const PAGE_DOWN: &[(Key, Action)] = &[(code(K::PageDown), A::PageDown), (ctrl('d'), A::PageDown)];
const PAGE_UP: &[(Key, Action)] = &[(code(K::PageUp), A::PageUp), (ctrl('u'), A::PageUp)];
const QUIT: HelpLine = line(
    "q / Ctrl-c",
    "quit",
    &[(ch('q'), A::Quit), (ctrl('c'), A::Quit)],
);

/// The home screen (and the help over it).
pub const HOME: Keymap = Keymap {
    lines: &[
        line("j / ↓", "select the next repository", DOWN),
        line("k / ↑", "select the previous repository", UP),
        line("g / Home", "first repository", FIRST),
        line("G / End", "last repository", LAST),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line(
            "] / [",
            "next / previous category",
            &[(ch(']'), A::NextCategory), (ch('['), A::PrevCategory)],
        ),
        line(
            "Enter",
            "open the repository (cloning it first)",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "c",
            "cancel the selected clone",
            &[(ch('c'), A::CancelClone)],
        ),
        line(
            "s",
            "study checklist of the selected repository",
            &[(ch('s'), A::Study)],
        ),
        line(
            "n",
            "note on the selected repository",
            &[(ch('n'), A::Note)],
        ),
        line("r", "retry a failed clone", &[(ch('r'), A::RetryClone)]),
        line(
            "o",
            "sort by catalog order or by stars",
            &[(ch('o'), A::ToggleSort)],
        ),
        line(
            "Tab",
            "switch between Repositories and Study guide",
            &[(code(K::Tab), A::NextTab)],
        ),
        line(
            "1 / 2",
            "show Repositories / Study guide",
            &[
                (ch('1'), A::ShowTab(HomeTab::Repositories)),
                (ch('2'), A::ShowTab(HomeTab::Guide)),
            ],
        ),
        line("mouse", "wheel scrolls, click selects a row or a tab", &[]),
        line("?", "show or hide this help", &[(ch('?'), A::ToggleHelp)]),
        line(
            "Esc",
            "close this help; on the home screen, quit",
            &[(code(K::Esc), A::Back)],
        ),
        QUIT,
    ],
    unlisted: &[(code(K::BackTab), A::NextTab)],
    text: false,
};

/// The explorer.
pub const EXPLORER: Keymap = Keymap {
    lines: &[
        line(
            "Tab / l / →",
            "focus the next pane",
            &[
                (code(K::Tab), A::FocusNext),
                (ch('l'), A::FocusNext),
                (code(K::Right), A::FocusNext),
            ],
        ),
        line(
            "S-Tab / h / ←",
            "focus the previous pane",
            &[
                (code(K::BackTab), A::FocusPrev),
                (ch('h'), A::FocusPrev),
                (code(K::Left), A::FocusPrev),
            ],
        ),
        line("j / ↓", "down (tree, outline, source line)", DOWN),
        line("k / ↑", "up", UP),
        line("g / Home", "first", FIRST),
        line("G / End", "last", LAST),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line(
            "Enter",
            "open a file, expand a directory, go to a key file",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "/ / Ctrl-p",
            "find a file",
            &[(ch('/'), A::FindFiles), (ctrl('p'), A::FindFiles)],
        ),
        line(
            "@ / Ctrl-t",
            "find a symbol",
            &[(ch('@'), A::FindSymbols), (ctrl('t'), A::FindSymbols)],
        ),
        line(
            "Ctrl-f",
            "grep the whole repository (live)",
            &[(ctrl('f'), A::Grep)],
        ),
        line(
            "f",
            "outline filter: all, no variables, classes",
            &[(ch('f'), A::CycleFilter)],
        ),
        line(
            "m",
            "mark the selected symbol read (or not)",
            &[(ch('m'), A::MarkRead)],
        ),
        line(
            "L",
            "history of the selected file or directory",
            &[(ch('L'), A::History)],
        ),
        line(
            "n",
            "note on the selected symbol (outline) or the open file",
            &[(ch('n'), A::Note)],
        ),
        line(
            "s",
            "study checklist of this repository",
            &[(ch('s'), A::Study)],
        ),
        line(
            "e",
            "open the file in $VISUAL / $EDITOR at the line",
            &[(ch('e'), A::Edit)],
        ),
        line("mouse", "click focuses and selects, wheel scrolls", &[]),
        line("?", "show or hide this help", &[(ch('?'), A::ToggleHelp)]),
        line(
            "Esc / Backspace",
            "back to the home screen",
            &[(code(K::Esc), A::Back), (code(K::Backspace), A::Back)],
        ),
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// The study checklist.
pub const STUDY: Keymap = Keymap {
    lines: &[
        line("j / ↓", "next step", DOWN),
        line("k / ↑", "previous step", UP),
        line(
            "Enter",
            "open the step: README, tests, community, modules, commands, history",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "Space",
            "mark the step done (or not)",
            &[(ch(' '), A::ToggleDone)],
        ),
        line(
            "i",
            "mark the step in progress (or not)",
            &[(ch('i'), A::MarkInProgress)],
        ),
        line("n", "note on the repository", &[(ch('n'), A::Note)]),
        line(
            "Esc / s",
            "close the checklist",
            &[(code(K::Esc), A::Back), (ch('s'), A::Study)],
        ),
        QUIT,
    ],
    unlisted: &[
        (ch('?'), A::ToggleHelp),
        (ch('g'), A::First),
        (code(K::Home), A::First),
        (ch('G'), A::Last),
        (code(K::End), A::Last),
    ],
    text: false,
};

/// A step's document.
pub const DOCUMENT: Keymap = Keymap {
    lines: &[
        line("j / ↓", "scroll down", DOWN),
        line("k / ↑", "scroll up", UP),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line("g / Home", "top", FIRST),
        line("G / End", "bottom", LAST),
        line(
            "w",
            "step 5: make a working copy (asks where)",
            &[(ch('w'), A::WorkingCopy)],
        ),
        line("n", "note on the repository", &[(ch('n'), A::Note)]),
        line("Esc", "back to the checklist", &[(code(K::Esc), A::Back)]),
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// A list (tests, modules, history, a commit).
pub const LIST: Keymap = Keymap {
    lines: &[
        line("j / ↓", "next entry", DOWN),
        line("k / ↑", "previous entry", UP),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line("g / Home", "first entry", FIRST),
        line("G / End", "last entry", LAST),
        line(
            "Enter",
            "open: a file in the explorer, a commit, a file's diff, older commits",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "d",
            "history of a shallow clone: fetch 500 more commits",
            &[(ch('d'), A::Deepen(false))],
        ),
        line(
            "D",
            "history of a shallow clone: fetch the whole history",
            &[(ch('D'), A::Deepen(true))],
        ),
        line("n", "note on the repository", &[(ch('n'), A::Note)]),
        line("Esc", "back", &[(code(K::Esc), A::Back)]),
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// The working-copy prompt.
pub const PROMPT: Keymap = Keymap {
    lines: &[
        line("text", "edit the folder", &[]),
        line(
            "Backspace",
            "delete a character",
            &[(code(K::Backspace), A::DeleteChar)],
        ),
        line(
            "Enter",
            "make the working copy there",
            &[(code(K::Enter), A::Open)],
        ),
        line("Esc", "cancel", &[(code(K::Esc), A::Back)]),
    ],
    unlisted: &[(ctrl('c'), A::Quit)],
    text: true,
};

/// The note box.
pub const NOTE: Keymap = Keymap {
    lines: &[
        line("text", "write; Enter starts a new line", &[]),
        line(
            "← → ↑ ↓",
            "move the cursor",
            &[
                (code(K::Left), A::Left),
                (code(K::Right), A::Right),
                (code(K::Up), A::Up),
                (code(K::Down), A::Down),
            ],
        ),
        line(
            "Home / End",
            "start / end of the line",
            &[(code(K::Home), A::First), (code(K::End), A::Last)],
        ),
        line(
            "Backspace / Del",
            "delete before / under the cursor",
            &[
                (code(K::Backspace), A::DeleteChar),
                (code(K::Delete), A::DeleteForward),
            ],
        ),
        line(
            "Esc / Ctrl-s",
            "save and close (an empty note is removed)",
            &[(code(K::Esc), A::SaveNote), (ctrl('s'), A::SaveNote)],
        ),
        line("Ctrl-c", "save and quit", &[(ctrl('c'), A::Quit)]),
    ],
    // The text line says what Enter does.
    unlisted: &[(code(K::Enter), A::Open)],
    text: true,
};

/// A finder.
pub const FINDER: Keymap = Keymap {
    lines: &[
        line("text", "narrow the list (fuzzy, smart case)", &[]),
        line(
            "↑ / ↓",
            "move",
            &[(code(K::Up), A::Up), (code(K::Down), A::Down)],
        ),
        line("Enter", "go there", &[(code(K::Enter), A::Open)]),
        line(
            "Backspace",
            "delete a character",
            &[(code(K::Backspace), A::DeleteChar)],
        ),
        line("Esc", "close the finder", &[(code(K::Esc), A::Back)]),
    ],
    unlisted: &[
        (ctrl('c'), A::Quit),
        (ctrl('p'), A::Up),
        (ctrl('k'), A::Up),
        (ctrl('n'), A::Down),
        (ctrl('j'), A::Down),
        (code(K::PageUp), A::PageUp),
        (code(K::PageDown), A::PageDown),
    ],
    text: true,
};

/// The live grep.
pub const GREP: Keymap = Keymap {
    lines: &[
        line(
            "text",
            "the pattern (regex, smart case), searched as you type",
            &[],
        ),
        line(
            "Tab",
            "type into the pattern or the glob filter (src/**/*.py !tests)",
            &[(code(K::Tab), A::SwitchField)],
        ),
        line(
            "Ctrl-w",
            "whole words only, or not",
            &[(ctrl('w'), A::ToggleWord)],
        ),
        line(
            "Ctrl-l",
            "literal string, or regex",
            &[(ctrl('l'), A::ToggleLiteral)],
        ),
        line(
            "↑ / ↓",
            "previous / next match",
            &[(code(K::Up), A::Up), (code(K::Down), A::Down)],
        ),
        line(
            "PgUp / PgDn",
            "up / down a page of matches",
            &[
                (code(K::PageUp), A::PageUp),
                (code(K::PageDown), A::PageDown),
            ],
        ),
        line(
            "Enter",
            "open the file at the match",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "Backspace",
            "delete a character",
            &[(code(K::Backspace), A::DeleteChar)],
        ),
        line("Esc", "close the grep", &[(code(K::Esc), A::Back)]),
    ],
    unlisted: &[
        (ctrl('c'), A::Quit),
        (ctrl('p'), A::Up),
        (ctrl('k'), A::Up),
        (ctrl('n'), A::Down),
        (ctrl('j'), A::Down),
        (code(K::BackTab), A::SwitchField),
        (code(K::Home), A::First),
        (code(K::End), A::Last),
    ],
    text: true,
};

/// The keys of `mode`. The help, drawn over the home screen or the
/// explorer, takes the home screen's keys: any of them closes it.
pub fn keymap(mode: Mode) -> &'static Keymap {
    match mode {
        Mode::Home | Mode::Help => &HOME,
        Mode::Explorer => &EXPLORER,
        Mode::Finder => &FINDER,
        Mode::Study => &STUDY,
        Mode::Document => &DOCUMENT,
        Mode::Prompt => &PROMPT,
        Mode::Note => &NOTE,
        Mode::List => &LIST,
        Mode::Grep => &GREP,
    }
}

/// The help lines of `mode`.
pub fn help_for(mode: Mode) -> &'static [HelpLine] {
    keymap(mode).lines
}

/// The action for a key press in `mode`, if it has one. Key releases are
/// ignored (Windows and kitty report them).
pub fn action_for_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let map = keymap(mode);
    let pressed = if key.modifiers.contains(KeyModifiers::CONTROL) {
        match key.code {
            KeyCode::Char(c) => Key::Ctrl(c),
            _ => return None,
        }
    } else {
        Key::Code(key.code)
    };
    let bound = map
        .lines
        .iter()
        .flat_map(|l| l.binds)
        .chain(map.unlisted)
        .find(|(k, _)| *k == pressed)
        .map(|(_, a)| *a);
    match (bound, pressed) {
        (Some(a), _) => Some(a),
        (None, Key::Code(KeyCode::Char(c))) if map.text && !c.is_control() => Some(Action::Char(c)),
        _ => None,
    }
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
#[path = "keymap_tests.rs"]
mod tests;
