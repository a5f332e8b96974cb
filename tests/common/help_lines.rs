//! Trying the lines of a mode's help (`tests/help_keys_*.rs`): every key
//! a line binds, with the action the key map gives it.

use codestudy::app::keymap::{Key, help_for};
use codestudy::app::{Action, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::harness::Harness;

pub fn event(key: Key) -> KeyEvent {
    match key {
        Key::Code(code @ KeyCode::Char(c)) if c.is_uppercase() => {
            KeyEvent::new(code, KeyModifiers::SHIFT)
        }
        Key::Code(code) => KeyEvent::new(code, KeyModifiers::NONE),
        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
        Key::Then(first, _) => event(Key::Code(KeyCode::Char(first))),
        Key::Alt(code) => KeyEvent::new(code, KeyModifiers::ALT),
    }
}

/// The presses of a key: two for a sequence (`gg`).
#[derive(Debug, Clone, Copy)]
pub struct Presses(pub [Option<KeyEvent>; 2]);

impl Presses {
    pub fn of(key: Key) -> Presses {
        match key {
            Key::Then(a, b) => Presses([
                Some(event(Key::Code(KeyCode::Char(a)))),
                Some(event(Key::Code(KeyCode::Char(b)))),
            ]),
            k => Presses([Some(event(k)), None]),
        }
    }

    pub fn events(self) -> impl Iterator<Item = KeyEvent> {
        self.0.into_iter().flatten()
    }
}

/// A key of a help line (its presses) and the action the table gives it;
/// `None` for a line about the mouse or typed text.
pub type Pressed = Option<(Presses, &'static Action)>;

/// Run `check(line's keys, key)` for every key of every line of `mode`'s
/// help (once with `None` for a line that binds no key); `check` says
/// whether it knows the line.
pub fn try_every_line(mode: Mode, check: impl Fn(&str, Pressed) -> bool) {
    for line in help_for(mode) {
        let keys: Vec<Pressed> = if line.binds.is_empty() {
            vec![None]
        } else {
            line.binds
                .iter()
                .map(|(k, a)| Some((Presses::of(*k), a)))
                .collect()
        };
        for key in keys {
            assert!(
                check(line.keys, key),
                "{mode:?}: no check for the help line {:?} ({})",
                line.keys,
                line.what
            );
        }
    }
}

pub fn press(h: &mut Harness, key: Pressed) -> &mut Harness {
    for k in key.expect("a line that binds keys").0.events() {
        h.press(k);
    }
    h
}

pub fn action(key: Pressed) -> Action {
    key.expect("a line that binds keys").1.clone()
}
