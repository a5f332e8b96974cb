//! Unit tests of `keymap`.
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
    assert_eq!(ctrl('l', m), Some(Action::FocusNext));
    assert_eq!(press(KeyCode::BackTab, m), Some(Action::FocusPrev));
    assert_eq!(ctrl('h', m), Some(Action::FocusPrev));
    // h and l move the source cursor (and the focus elsewhere).
    assert_eq!(press(KeyCode::Char('l'), m), Some(Action::Right));
    assert_eq!(press(KeyCode::Char('h'), m), Some(Action::Left));
    assert_eq!(press(KeyCode::Char('/'), m), Some(Action::Search));
    assert_eq!(press(KeyCode::Char('n'), m), Some(Action::NextMatch));
    assert_eq!(press(KeyCode::Char('a'), m), Some(Action::Note));
    assert_eq!(ctrl('p', m), Some(Action::FindFiles));
    assert_eq!(ctrl('o', m), Some(Action::JumpBack));
    assert_eq!(ctrl('n', m), Some(Action::JumpForward));
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

fn after(c: char, pending: char, mode: Mode) -> Option<Action> {
    action_for_key_after(
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE),
        mode,
        Some(pending),
    )
}

#[test]
fn sequences_wait_for_their_second_key() {
    let m = Mode::Explorer;
    assert_eq!(press(KeyCode::Char('g'), m), Some(Action::Prefix('g')));
    assert_eq!(after('g', 'g', m), Some(Action::First));
    assert_eq!(after('e', 'g', m), Some(Action::Last));
    assert_eq!(after('x', 'g', m), Some(Action::NoSequence));
    assert_eq!(press(KeyCode::Char(']'), m), Some(Action::Prefix(']')));
    assert_eq!(after(']', ']', m), Some(Action::NextSymbol));
    assert_eq!(after('[', '[', m), Some(Action::PrevSymbol));
    assert_eq!(press(KeyCode::Char(' '), m), Some(Action::Prefix(' ')));
    assert_eq!(after('f', ' ', m), Some(Action::FindFiles));
    // Where no sequence starts with it, a key is itself.
    assert_eq!(press(KeyCode::Char('g'), Mode::Home), Some(Action::First));
    assert_eq!(
        press(KeyCode::Char('g'), Mode::Search),
        Some(Action::Char('g'))
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

const MODES: [Mode; 13] = [
    Mode::Home,
    Mode::Help,
    Mode::Explorer,
    Mode::Finder,
    Mode::Search,
    Mode::Study,
    Mode::Document,
    Mode::List,
    Mode::Prompt,
    Mode::Confirm,
    Mode::Note,
    Mode::Picker,
    Mode::PickerFilter,
];

/// The key a help label names: "j", "↓", "PgDn", "Ctrl-d", "Space",
/// "gg" and "Space f" (sequences).
fn parse_key(k: &str) -> Key {
    if let Some(second) = k.strip_prefix("Space ") {
        let c: Vec<char> = second.chars().collect();
        assert_eq!(c.len(), 1, "unparsed key {k:?}");
        return Key::Then(' ', c[0]);
    }
    if let [a, b] = k.chars().collect::<Vec<_>>()[..]
        && a.is_ascii_graphic()
        && b.is_ascii_graphic()
    {
        return Key::Then(a, b);
    }
    let named = match k {
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
        "Del" => KeyCode::Delete,
        "Space" => KeyCode::Char(' '),
        k if k.starts_with("Alt-") => {
            let Key::Code(code) = parse_key(&k["Alt-".len()..]) else {
                panic!("unparsed key {k:?}");
            };
            return Key::Alt(code);
        }
        k if k.starts_with("Ctrl-") => {
            let c: Vec<char> = k["Ctrl-".len()..].chars().collect();
            assert_eq!(c.len(), 1, "unparsed key {k:?}");
            return Key::Ctrl(c[0]);
        }
        k => {
            let c: Vec<char> = k.chars().collect();
            assert_eq!(c.len(), 1, "unparsed key {k:?}");
            KeyCode::Char(c[0])
        }
    };
    Key::Code(named)
}

/// The action `key` gives in `mode`, its two presses for a sequence:
/// the first waits for the second.
fn pressed(key: Key, mode: Mode) -> Option<Action> {
    let plain = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    match key {
        Key::Code(code) => action_for_key(KeyEvent::new(code, KeyModifiers::NONE), mode),
        Key::Ctrl(c) => {
            action_for_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), mode)
        }
        Key::Then(a, b) => {
            assert_eq!(action_for_key(plain(a), mode), Some(Action::Prefix(a)));
            action_for_key_after(plain(b), mode, Some(a))
        }
        Key::Alt(code) => action_for_key(KeyEvent::new(code, KeyModifiers::ALT), mode),
    }
}

/// Every mode's help names exactly the keys its line binds, and each
/// of those keys, pressed, gives the line's action. (What the actions
/// then do on screen is checked line by line in tests/help_keys_*.rs.)
#[test]
fn help_lists_only_bound_keys() {
    for mode in MODES {
        let map = keymap(mode);
        for l in map.lines {
            let named: Vec<Key> = match l.keys {
                "mouse" => Vec::new(),
                "text" => {
                    assert!(map.text, "{mode:?}: a text line in a mode without text");
                    Vec::new()
                }
                keys if keys.contains(" / ") => keys.split(" / ").map(parse_key).collect(),
                keys => keys.split(' ').map(parse_key).collect(),
            };
            let bound: Vec<Key> = l.binds.iter().map(|(k, _)| *k).collect();
            assert_eq!(
                named, bound,
                "{mode:?}: the line {:?} ({}) names other keys than it binds",
                l.keys, l.what
            );
            for (key, action) in l.binds {
                assert_eq!(
                    pressed(*key, mode),
                    Some(action.clone()),
                    "{mode:?}: {key:?} of the line {:?} ({})",
                    l.keys,
                    l.what
                );
            }
        }
        for (key, action) in map.unlisted {
            assert_eq!(pressed(*key, mode), Some(action.clone()));
        }
    }
}

/// A key means one thing in a mode: no key is in two lines, or listed
/// and unlisted both.
#[test]
fn no_key_is_bound_twice() {
    for mode in MODES {
        let map = keymap(mode);
        let keys: Vec<Key> = map
            .lines
            .iter()
            .flat_map(|l| l.binds)
            .chain(map.unlisted)
            .map(|(k, _)| *k)
            .collect();
        for (i, k) in keys.iter().enumerate() {
            assert!(!keys[..i].contains(k), "{mode:?}: {k:?} is bound twice");
            // A key that starts a sequence is only that: bound alone too,
            // it could never be pressed.
            if let Key::Code(KeyCode::Char(c)) = k {
                assert!(
                    !keys.iter().any(|s| matches!(s, Key::Then(f, _) if f == c)),
                    "{mode:?}: {k:?} is bound and starts a sequence"
                );
            }
        }
    }
}

#[test]
fn text_modes_type_what_is_not_bound_and_the_others_ignore_it() {
    for mode in MODES {
        let typed = press(KeyCode::Char('x'), mode);
        if keymap(mode).text {
            assert_eq!(typed, Some(Action::Char('x')), "{mode:?}");
            assert_eq!(ctrl('x', mode), None, "{mode:?}: Ctrl-x is no text");
        } else if mode == Mode::Help {
            // Over the help, an unbound key closes it.
            assert_eq!(typed, Some(Action::ToggleHelp));
        } else {
            assert_eq!(typed, None, "{mode:?}");
        }
    }
}
