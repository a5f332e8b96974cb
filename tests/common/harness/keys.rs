//! Keys written as text, helix style.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) fn char_key(c: char) -> KeyEvent {
    // Terminals report capitals with Shift.
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

/// Keys in the notation of [`Harness::keys`].
pub fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            out.push(named_key(name));
            continue;
        }
        rest = &rest[c.len_utf8()..];
        out.push(char_key(c));
    }
    out
}

fn named_key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(c) = name.strip_prefix("C-") {
        let mut chars = c.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            panic!("unknown key <{name}>");
        };
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    plain(match name {
        "ret" | "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "S-tab" | "backtab" => KeyCode::BackTab,
        "bs" | "backspace" => KeyCode::Backspace,
        "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        "lt" => KeyCode::Char('<'),
        _ => panic!("unknown key <{name}>"),
    })
}
