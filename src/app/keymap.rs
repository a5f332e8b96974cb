//! Keys and mouse events to actions: one pure mapping, so every binding is
//! listed (and tested) in one place. The help overlay is generated from
//! [`HELP`], which the tests check against [`action_for_key`].

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};

use super::{Action, HomeTab};

/// What a key does, for the help overlay: (keys, description).
pub const HELP: &[(&str, &str)] = &[
    ("j / ↓", "select the next repository"),
    ("k / ↑", "select the previous repository"),
    ("g / Home", "first repository"),
    ("G / End", "last repository"),
    ("PgDn / Ctrl-d", "down one page"),
    ("PgUp / Ctrl-u", "up one page"),
    ("] / [", "next / previous category"),
    ("o", "sort by catalog order or by stars"),
    ("Tab", "switch between Repositories and Study guide"),
    ("1 / 2", "show Repositories / Study guide"),
    ("mouse", "wheel scrolls, click selects a row or a tab"),
    ("?", "show or hide this help"),
    ("Esc", "close this help; on the home screen, quit"),
    ("q / Ctrl-c", "quit"),
];

/// The action for a key press, if it has one. Key releases and repeats of
/// non-movement keys are ignored (Windows and kitty report releases).
pub fn action_for_key(key: KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let action = match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('d') if ctrl => Action::PageDown,
        KeyCode::Char('u') if ctrl => Action::PageUp,
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
        KeyCode::Char(']') => Action::NextCategory,
        KeyCode::Char('[') => Action::PrevCategory,
        KeyCode::Char('o') => Action::ToggleSort,
        KeyCode::Tab | KeyCode::BackTab => Action::NextTab,
        KeyCode::Char('1') => Action::ShowTab(HomeTab::Repositories),
        KeyCode::Char('2') => Action::ShowTab(HomeTab::Guide),
        _ => return None,
    };
    Some(action)
}

/// The action for any terminal event.
pub fn action_for_event(event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) => action_for_key(*key),
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

    fn press(code: KeyCode) -> Option<Action> {
        action_for_key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    fn ctrl(c: char) -> Option<Action> {
        action_for_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    #[test]
    fn movement_keys() {
        assert_eq!(press(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(press(KeyCode::Down), Some(Action::Down));
        assert_eq!(press(KeyCode::Char('k')), Some(Action::Up));
        assert_eq!(press(KeyCode::Up), Some(Action::Up));
        assert_eq!(press(KeyCode::Char('g')), Some(Action::First));
        assert_eq!(press(KeyCode::Home), Some(Action::First));
        assert_eq!(press(KeyCode::Char('G')), Some(Action::Last));
        assert_eq!(press(KeyCode::End), Some(Action::Last));
        assert_eq!(press(KeyCode::PageDown), Some(Action::PageDown));
        assert_eq!(press(KeyCode::PageUp), Some(Action::PageUp));
        assert_eq!(ctrl('d'), Some(Action::PageDown));
        assert_eq!(ctrl('u'), Some(Action::PageUp));
        assert_eq!(press(KeyCode::Char(']')), Some(Action::NextCategory));
        assert_eq!(press(KeyCode::Char('[')), Some(Action::PrevCategory));
    }

    #[test]
    fn quitting_and_overlays() {
        assert_eq!(press(KeyCode::Char('q')), Some(Action::Quit));
        assert_eq!(ctrl('c'), Some(Action::Quit));
        assert_eq!(press(KeyCode::Esc), Some(Action::Back));
        assert_eq!(press(KeyCode::Char('?')), Some(Action::ToggleHelp));
    }

    #[test]
    fn tabs_and_sort() {
        assert_eq!(press(KeyCode::Tab), Some(Action::NextTab));
        assert_eq!(press(KeyCode::BackTab), Some(Action::NextTab));
        assert_eq!(
            press(KeyCode::Char('2')),
            Some(Action::ShowTab(HomeTab::Guide))
        );
        assert_eq!(press(KeyCode::Char('o')), Some(Action::ToggleSort));
    }

    #[test]
    fn unbound_keys_and_releases_do_nothing() {
        assert_eq!(press(KeyCode::Char('x')), None);
        assert_eq!(ctrl('x'), None);
        let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
        release.kind = KeyEventKind::Release;
        assert_eq!(action_for_key(release), None);
    }

    /// Every key the help names must be bound: parse the help's key column
    /// and map each single key.
    #[test]
    fn help_lists_only_bound_keys() {
        for (keys, what) in HELP {
            for k in keys.split(" / ") {
                let code = match k {
                    "mouse" => continue,
                    "↓" => KeyCode::Down,
                    "↑" => KeyCode::Up,
                    "Home" => KeyCode::Home,
                    "End" => KeyCode::End,
                    "PgDn" => KeyCode::PageDown,
                    "PgUp" => KeyCode::PageUp,
                    "Tab" => KeyCode::Tab,
                    "Esc" => KeyCode::Esc,
                    k if k.starts_with("Ctrl-") => {
                        let c = k.chars().last().unwrap();
                        assert!(ctrl(c).is_some(), "{k} ({what}) is not bound");
                        continue;
                    }
                    k => {
                        assert_eq!(k.chars().count(), 1, "unparsed key {k:?}");
                        KeyCode::Char(k.chars().next().unwrap())
                    }
                };
                assert!(press(code).is_some(), "{k} ({what}) is not bound");
            }
        }
    }
}
