//! Keys and mouse events to actions. Each mode has one table, a
//! [`Keymap`]: the help overlay shows its lines and [`action_for_key`]
//! looks keys up in the same lines, so the help cannot name a key that
//! does something else (or nothing).

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::bindings::Bindings;
use super::{Action, HomeTab, Mode};

/// A key as a table names it. Shift is part of the character (`G`, `@`);
/// other modifiers than Ctrl are ignored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// Pressed without Ctrl.
    Code(KeyCode),
    /// Ctrl and a letter.
    Ctrl(char),
    /// Two characters one after the other (`gg`, `]]`, Space then `f`):
    /// the first waits for the second ([`Action::Prefix`]).
    Then(char, char),
    /// With Alt (Alt-Backspace); without a binding of its own, an Alt key
    /// is the key alone.
    Alt(KeyCode),
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

const fn then(first: char, second: char) -> Key {
    Key::Then(first, second)
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

/// Ctrl-z works in every mode (see [`action_for_key_after`]); the two
/// screens' help names it.
const SUSPEND: HelpLine = line(
    "Ctrl-z",
    "suspend to the shell (fg comes back)",
    &[(ctrl('z'), A::Suspend)],
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
            "u",
            "update the selected clone (default branch, same depth)",
            &[(ch('u'), A::UpdateClone)],
        ),
        line(
            "D",
            "remove the selected clone (asks; progress, notes kept)",
            &[(ch('D'), A::RemoveClone)],
        ),
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
            "clear the message (never quits: q does)",
            &[(code(K::Esc), A::Back)],
        ),
        SUSPEND,
        QUIT,
    ],
    unlisted: &[(code(K::BackTab), A::NextTab)],
    text: false,
};

/// The explorer. Its panes share one table: a key that means something
/// else in the source pane than in the tree and the outline says both.
pub const EXPLORER: Keymap = Keymap {
    lines: &[
        line(
            "Tab / Ctrl-l",
            "focus the next pane",
            &[(code(K::Tab), A::FocusNext), (ctrl('l'), A::FocusNext)],
        ),
        line(
            "S-Tab / Ctrl-h",
            "focus the previous pane",
            &[(code(K::BackTab), A::FocusPrev), (ctrl('h'), A::FocusPrev)],
        ),
        line(
            "h / ←",
            "source: cursor left; tree: close, parent; outline: previous pane",
            &[(ch('h'), A::Left), (code(K::Left), A::Left)],
        ),
        line(
            "l / →",
            "source: cursor right; tree: open, into; outline: next pane",
            &[(ch('l'), A::Right), (code(K::Right), A::Right)],
        ),
        line("j / ↓", "down (a count repeats: 5j)", DOWN),
        line("k / ↑", "up", UP),
        line(
            "w / b",
            "source: next / previous word",
            &[(ch('w'), A::WordNext), (ch('b'), A::WordPrev)],
        ),
        line(
            "0 / $",
            "source: start / end of the line",
            &[(ch('0'), A::LineStart), (ch('$'), A::LineEnd)],
        ),
        line(
            "gg / Home",
            "first row, top of the file",
            &[(then('g', 'g'), A::First), (code(K::Home), A::First)],
        ),
        line(
            "ge / End",
            "last row, end of the file",
            &[(then('g', 'e'), A::Last), (code(K::End), A::Last)],
        ),
        line(
            "G",
            "last row; after a count, that line (42G)",
            &[(ch('G'), A::Last)],
        ),
        line(
            "1 2 3 4 5 6 7 8 9",
            "a count for the next key (0 continues one)",
            &[
                (ch('1'), A::Digit(1)),
                (ch('2'), A::Digit(2)),
                (ch('3'), A::Digit(3)),
                (ch('4'), A::Digit(4)),
                (ch('5'), A::Digit(5)),
                (ch('6'), A::Digit(6)),
                (ch('7'), A::Digit(7)),
                (ch('8'), A::Digit(8)),
                (ch('9'), A::Digit(9)),
            ],
        ),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line(
            "Enter",
            "open a file, a directory, a key file; source: gd",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "gd / gr",
            "the name's definition / references (outline: symbol's)",
            &[
                (then('g', 'd'), A::GoToDefinition),
                (then('g', 'r'), A::FindReferences),
            ],
        ),
        line(
            "M",
            "module map: what the file imports, what imports it",
            &[(ch('M'), A::ModuleMap)],
        ),
        line(
            "/",
            "source: search (regex, smart case); tree, outline: filter",
            &[(ch('/'), A::Search)],
        ),
        line(
            "n / N",
            "next / previous match",
            &[(ch('n'), A::NextMatch), (ch('N'), A::PrevMatch)],
        ),
        line(
            "*",
            "search the word under the cursor",
            &[(ch('*'), A::SearchWord)],
        ),
        line(":", "go to a line", &[(ch(':'), A::GoToLine)]),
        line(
            "]] / [[",
            "next / previous symbol",
            &[
                (then(']', ']'), A::NextSymbol),
                (then('[', '['), A::PrevSymbol),
            ],
        ),
        line(
            "} / {",
            "next / previous blank line",
            &[(ch('}'), A::NextParagraph), (ch('{'), A::PrevParagraph)],
        ),
        line("%", "the matching bracket", &[(ch('%'), A::MatchBracket)]),
        line(
            "z",
            "zoom the focused pane to the whole width, and back",
            &[(ch('z'), A::Zoom)],
        ),
        line(
            "y",
            "copy path:line of the source cursor (OSC 52, and shown)",
            &[(ch('y'), A::CopyLocation)],
        ),
        line(
            "Y",
            "copy the line's web permalink at HEAD (OSC 52, and shown)",
            &[(ch('Y'), A::CopyPermalink)],
        ),
        line(
            "W",
            "soft-wrap long source lines, or cut them (›)",
            &[(ch('W'), A::ToggleWrap)],
        ),
        line(
            "Ctrl-o / Ctrl-n",
            "back / forward in the jump list",
            &[(ctrl('o'), A::JumpBack), (ctrl('n'), A::JumpForward)],
        ),
        line(
            "Space f / Ctrl-p",
            "find a file",
            &[(then(' ', 'f'), A::FindFiles), (ctrl('p'), A::FindFiles)],
        ),
        line(
            "@ / Ctrl-t",
            "find a symbol",
            &[(ch('@'), A::FindSymbols), (ctrl('t'), A::FindSymbols)],
        ),
        line(
            "Ctrl-f / Space /",
            "grep the whole repository (live)",
            &[(ctrl('f'), A::Grep), (then(' ', '/'), A::Grep)],
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
            "H",
            "history of the symbol (the commits that changed its text)",
            &[(ch('H'), A::SymbolHistory)],
        ),
        line(
            "u",
            "update the clone in the background (same depth)",
            &[(ch('u'), A::UpdateClone)],
        ),
        line(
            "F",
            "lazy clone: fetch every file now (F again stops)",
            &[(ch('F'), A::FetchAll)],
        ),
        line(
            "a",
            "note on the selected symbol (outline) or the open file",
            &[(ch('a'), A::Note)],
        ),
        line(
            "s",
            "study checklist of this repository",
            &[(ch('s'), A::Study)],
        ),
        line(
            "e",
            "open the file in $VISUAL / $EDITOR at the line (in the working copy if made)",
            &[(ch('e'), A::Edit)],
        ),
        line(
            "mouse",
            "click selects (on the cursor's name again: gd); wheel scrolls",
            &[],
        ),
        line("?", "show or hide this help", &[(ch('?'), A::ToggleHelp)]),
        line(
            "Esc / Backspace",
            "clear the search or filter, else back to the home screen",
            &[(code(K::Esc), A::Back), (code(K::Backspace), A::Back)],
        ),
        SUSPEND,
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// The line prompts of the explorer: `/` search or filter, `:` line.
pub const SEARCH: Keymap = Keymap {
    lines: &[
        line(
            "text",
            "the pattern (regex, smart case) or the line number",
            &[],
        ),
        line(
            "Backspace",
            "delete a character",
            &[(code(K::Backspace), A::DeleteChar)],
        ),
        line(
            "Enter",
            "go there (a search or a filter stays)",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "Esc",
            "cancel: back where the cursor was",
            &[(code(K::Esc), A::Back)],
        ),
    ],
    unlisted: &[(ctrl('c'), A::Quit)],
    text: true,
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
        line(
            "Tab / S-Tab",
            "select the next / previous address, command or link",
            &[
                (code(K::Tab), A::FocusNext),
                (code(K::BackTab), A::FocusPrev),
            ],
        ),
        line(
            "Enter",
            "open the selected link to a file or folder here",
            &[(code(K::Enter), A::Open)],
        ),
        line(
            "y",
            "copy the selected address, command or path (OSC 52)",
            &[(ch('y'), A::CopyLocation)],
        ),
        line(
            "o",
            "open the selected address in the browser (a link: here)",
            &[(ch('o'), A::OpenAddress)],
        ),
        line("n", "note on the repository", &[(ch('n'), A::Note)]),
        line(
            "Esc",
            "back to what it was opened from",
            &[(code(K::Esc), A::Back)],
        ),
        line("?", "these keys", &[(ch('?'), A::ToggleHelp)]),
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
        line(
            "y",
            "copy the selected entry's path (OSC 52)",
            &[(ch('y'), A::CopyLocation)],
        ),
        line(
            "m",
            "mark every symbol of the selected file read (again: none)",
            &[(ch('m'), A::MarkRead)],
        ),
        line("n", "note on the repository", &[(ch('n'), A::Note)]),
        line("Esc", "back", &[(code(K::Esc), A::Back)]),
        line("?", "these keys", &[(ch('?'), A::ToggleHelp)]),
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// A yes-or-no question.
pub const CONFIRM: Keymap = Keymap {
    lines: &[
        line(
            "y / Enter",
            "yes: do it",
            &[(ch('y'), A::Open), (code(K::Enter), A::Open)],
        ),
        line(
            "n / Esc",
            "no: leave it as it is",
            &[(ch('n'), A::Back), (code(K::Esc), A::Back)],
        ),
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
            "← →",
            "move the cursor",
            &[(code(K::Left), A::Left), (code(K::Right), A::Right)],
        ),
        line(
            "Home / End",
            "start / end of the line",
            &[(code(K::Home), A::First), (code(K::End), A::Last)],
        ),
        line(
            "Ctrl-a / Ctrl-e",
            "start / end of the line, as in a shell",
            &[(ctrl('a'), A::First), (ctrl('e'), A::Last)],
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
            "Ctrl-u / Ctrl-k",
            "delete to the start / the end",
            &[(ctrl('u'), A::KillToStart), (ctrl('k'), A::KillToEnd)],
        ),
        line(
            "Ctrl-w / Alt-Backspace",
            "delete the word before the cursor",
            &[
                (ctrl('w'), A::DeleteWordBack),
                (Key::Alt(K::Backspace), A::DeleteWordBack),
            ],
        ),
        line(
            "Tab",
            "complete the folder name",
            &[(code(K::Tab), A::Complete)],
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

/// A picker of the code index (definitions, references, the module map).
pub const PICKER: Keymap = Keymap {
    lines: &[
        line("j / ↓", "next place", DOWN),
        line("k / ↑", "previous place", UP),
        line("PgDn / Ctrl-d", "down one page", PAGE_DOWN),
        line("PgUp / Ctrl-u", "up one page", PAGE_UP),
        line("g / Home", "first place", FIRST),
        line("G / End", "last place", LAST),
        line(
            "Enter",
            "go there (a jump: Ctrl-o comes back)",
            &[(code(K::Enter), A::Open)],
        ),
        line("/", "filter the rows", &[(ch('/'), A::Search)]),
        line("?", "show these keys", &[(ch('?'), A::ToggleHelp)]),
        line("Esc", "close", &[(code(K::Esc), A::Back)]),
        QUIT,
    ],
    unlisted: &[],
    text: false,
};

/// Typing into a picker's filter.
pub const PICKER_FILTER: Keymap = Keymap {
    lines: &[
        line("text", "the filter (smart case)", &[]),
        line(
            "↑ / ↓",
            "previous / next place",
            &[(code(K::Up), A::Up), (code(K::Down), A::Down)],
        ),
        line(
            "Backspace",
            "delete a character",
            &[(code(K::Backspace), A::DeleteChar)],
        ),
        line(
            "Enter",
            "keep the filter, move with j/k",
            &[(code(K::Enter), A::Open)],
        ),
        line("Esc", "clear the filter", &[(code(K::Esc), A::Back)]),
    ],
    unlisted: &[(ctrl('c'), A::Quit)],
    text: true,
};

/// The keys of `mode`. The help, drawn over the home screen or the
/// explorer, takes the home screen's keys: any of them closes it.
pub fn keymap(mode: Mode) -> &'static Keymap {
    match mode {
        Mode::Home | Mode::Help => &HOME,
        Mode::Explorer => &EXPLORER,
        Mode::Finder => &FINDER,
        Mode::Search => &SEARCH,
        Mode::Study => &STUDY,
        Mode::Document => &DOCUMENT,
        Mode::Prompt => &PROMPT,
        Mode::Confirm => &CONFIRM,
        Mode::Note => &NOTE,
        Mode::List => &LIST,
        Mode::Grep => &GREP,
        Mode::Picker => &PICKER,
        Mode::PickerFilter => &PICKER_FILTER,
    }
}

/// The help lines of `mode`.
pub fn help_for(mode: Mode) -> &'static [HelpLine] {
    keymap(mode).lines
}

/// The action for a key press in `mode`, if it has one. Key releases are
/// ignored (Windows and kitty report them).
pub fn action_for_key(key: KeyEvent, mode: Mode) -> Option<Action> {
    action_for_key_after(key, mode, None)
}

/// The action for a key press in `mode` after the first key of a
/// sequence, `pending` (see [`Key::Then`]). A key that starts a sequence
/// of the table waits for the next ([`Action::Prefix`]); one that ends no
/// sequence after a prefix drops it ([`Action::NoSequence`]).
pub fn action_for_key_after(key: KeyEvent, mode: Mode, pending: Option<char>) -> Option<Action> {
    action_for_key_with(key, mode, pending, &Bindings::default())
}

/// [`action_for_key_after`] with the configuration's `bindings` looked up
/// before the table: a key they bind gives their action, one they unbind
/// gives nothing.
pub fn action_for_key_with(
    key: KeyEvent,
    mode: Mode,
    pending: Option<char>,
    bindings: &Bindings,
) -> Option<Action> {
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
    let own = bindings.of(mode);
    let binds = || {
        own.iter()
            .filter_map(|(k, a)| a.as_ref().map(|a| (*k, a)))
            .chain(
                map.lines
                    .iter()
                    .flat_map(|l| l.binds)
                    .chain(map.unlisted)
                    .filter(move |(k, _)| !own.iter().any(|(o, _)| o == k))
                    .map(|(k, a)| (*k, a)),
            )
    };
    if let Some(first) = pending {
        let ends = match pressed {
            Key::Code(KeyCode::Char(c)) => binds()
                .find(|(k, _)| *k == Key::Then(first, c))
                .map(|(_, a)| a.clone()),
            _ => None,
        };
        return Some(ends.unwrap_or(Action::NoSequence));
    }
    if let Key::Code(KeyCode::Char(c)) = pressed
        && !map.text
        && binds().any(|(k, _)| matches!(k, Key::Then(f, _) if f == c))
    {
        return Some(Action::Prefix(c));
    }
    let alt =
        key.modifiers.contains(KeyModifiers::ALT) && !key.modifiers.contains(KeyModifiers::CONTROL);
    let bound = alt
        .then(|| binds().find(|(k, _)| *k == Key::Alt(key.code)))
        .flatten()
        .or_else(|| binds().find(|(k, _)| *k == pressed))
        .map(|(_, a)| a.clone());
    let unbound =
        bindings.unbinds(mode, pressed) || (alt && bindings.unbinds(mode, Key::Alt(key.code)));
    match (bound, pressed) {
        (Some(a), _) => Some(a),
        // Over the help, any key closes it (and does nothing else), bound
        // or not: `x`, `z` or Space too.
        (None, _) if mode == Mode::Help => Some(Action::ToggleHelp),
        (None, _) if unbound => None,
        // Job control works everywhere, as in a shell.
        (None, Key::Ctrl('z')) => Some(Action::Suspend),
        (None, Key::Code(KeyCode::Char(c))) if map.text && !c.is_control() => Some(Action::Char(c)),
        _ => None,
    }
}

/// The action for a terminal event in the state's mode, after the key
/// it waits on the second key of a sequence for, if any, with the
/// configuration's bindings.
pub fn action_for(event: &Event, state: &super::State) -> Option<Action> {
    match event {
        Event::Key(key) => {
            action_for_key_with(*key, state.mode(), state.pending_key, &state.settings.keys)
        }
        _ => action_for_event(event, state.mode()),
    }
}

/// The action for any terminal event in `mode`.
pub fn action_for_event(event: &Event, mode: Mode) -> Option<Action> {
    match event {
        Event::Key(key) => action_for_key(*key, mode),
        Event::Paste(text) if keymap(mode).text => Some(Action::Paste(text.clone())),
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        Event::Mouse(m) => {
            let (column, row) = (m.column, m.row);
            match m.kind {
                MouseEventKind::Down(_) => Some(Action::Click { column, row }),
                // Shift and the wheel scroll sideways, as a sideways wheel does.
                MouseEventKind::ScrollUp if m.modifiers.contains(KeyModifiers::SHIFT) => {
                    Some(Action::ScrollLeft { column, row })
                }
                MouseEventKind::ScrollDown if m.modifiers.contains(KeyModifiers::SHIFT) => {
                    Some(Action::ScrollRight { column, row })
                }
                MouseEventKind::ScrollUp => Some(Action::ScrollUp { column, row }),
                MouseEventKind::ScrollDown => Some(Action::ScrollDown { column, row }),
                MouseEventKind::ScrollLeft => Some(Action::ScrollLeft { column, row }),
                MouseEventKind::ScrollRight => Some(Action::ScrollRight { column, row }),
                _ => None,
            }
        }
        _ => None,
    }
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
