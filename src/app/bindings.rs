//! The person's own key bindings, from the configuration file, laid over
//! the tables of [`super::keymap`]: key names as the file writes them
//! (`Ctrl-f`, `gd`, `Space f`), action names (`grep`, `find_files`), the
//! rules a binding must keep, and the help lines with the bindings in.

use std::borrow::Cow;
use std::collections::HashMap;

use crossterm::event::KeyCode;

use super::keymap::{Key, keymap};
use super::{Action, Mode};

/// The sections of `[keys]`, each naming the mode whose table it changes.
/// The help over the home screen takes the home screen's keys.
pub const SECTIONS: [(&str, Mode); 13] = [
    ("home", Mode::Home),
    ("explorer", Mode::Explorer),
    ("finder", Mode::Finder),
    ("search", Mode::Search),
    ("study", Mode::Study),
    ("document", Mode::Document),
    ("prompt", Mode::Prompt),
    ("confirm", Mode::Confirm),
    ("note", Mode::Note),
    ("list", Mode::List),
    ("grep", Mode::Grep),
    ("picker", Mode::Picker),
    ("picker_filter", Mode::PickerFilter),
];

/// The section of `[keys]` that changes `mode`'s keys.
pub fn section(mode: Mode) -> &'static str {
    let mode = if mode == Mode::Help { Mode::Home } else { mode };
    SECTIONS
        .iter()
        .find(|(_, m)| *m == mode)
        .map_or("home", |(s, _)| s)
}

/// The bindings the configuration adds (`Some`) or removes (`None`), by
/// section; looked up before the tables.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bindings {
    by_section: HashMap<&'static str, Vec<(Key, Option<Action>)>>,
}

impl Bindings {
    pub fn is_empty(&self) -> bool {
        self.by_section.values().all(Vec::is_empty)
    }

    /// The bindings of `mode`'s section, in the order added.
    pub fn of(&self, mode: Mode) -> &[(Key, Option<Action>)] {
        self.by_section
            .get(section(mode))
            .map_or(&[], Vec::as_slice)
    }

    /// Bind `key` to `action` in `mode` (`None`: to nothing), after
    /// [`Bindings::check`] said it may be.
    pub fn insert(&mut self, mode: Mode, key: Key, action: Option<Action>) {
        let list = self.by_section.entry(section(mode)).or_default();
        list.retain(|(k, _)| *k != key);
        list.push((key, action));
    }

    /// Every key bound in `mode` and its action, the configuration's
    /// first, then the table's that it leaves alone.
    pub fn effective(&self, mode: Mode) -> Vec<(Key, Action)> {
        let map = keymap(mode);
        let own = self.of(mode);
        own.iter()
            .filter_map(|(k, a)| a.clone().map(|a| (*k, a)))
            .chain(
                map.lines
                    .iter()
                    .flat_map(|l| l.binds)
                    .chain(map.unlisted)
                    .filter(|(k, _)| !own.iter().any(|(o, _)| o == k))
                    .cloned(),
            )
            .collect()
    }

    /// Whether the configuration unbinds `key` in `mode`.
    pub fn unbinds(&self, mode: Mode, key: Key) -> bool {
        self.of(mode).iter().any(|(k, a)| *k == key && a.is_none())
    }

    /// What is wrong with the bindings of `mode` as they stand, as
    /// (the key at fault, the problem, what to do): a key alone that also
    /// starts a sequence, which would never be reached.
    pub fn check(&self, mode: Mode) -> Vec<(Key, String, String)> {
        let all = self.effective(mode);
        let own = self.of(mode);
        let mut problems = Vec::new();
        for (key, action) in &all {
            let Key::Code(KeyCode::Char(c)) = key else {
                continue;
            };
            let sequences: Vec<&(Key, Action)> = all
                .iter()
                .filter(|(k, _)| matches!(k, Key::Then(f, _) if f == c))
                .collect();
            if sequences.is_empty() {
                continue;
            }
            let names: Vec<String> = sequences.iter().map(|(k, _)| key_name(*k)).collect();
            // Blame the binding the configuration made: the key alone if
            // it is the configuration's, else its first sequence.
            let culprit = if own.iter().any(|(k, _)| k == key) {
                *key
            } else {
                sequences
                    .iter()
                    .map(|(k, _)| *k)
                    .find(|k| own.iter().any(|(o, _)| o == k))
                    .unwrap_or(*key)
            };
            problems.push((
                culprit,
                format!(
                    "`{}` alone ({}) and the sequences {} start with the same key in [keys.{}]: the key alone would hide them",
                    key_name(*key),
                    action_name(action),
                    names.join(", "),
                    section(mode)
                ),
                format!(
                    "bind the sequences to other keys, or unbind the one not wanted (\"{}\" = \"none\")",
                    key_name(*key)
                ),
            ));
        }
        problems
    }
}

/// The key a name in the configuration stands for: one character (`G`,
/// `@`), a named key (`Enter`, `Esc`, `Tab`, `S-Tab`, `Backspace`, `Del`,
/// `Insert`, `Up`, `Down`, `Left`, `Right`, `Home`, `End`, `PgUp`, `PgDn`,
/// `F1` to `F12`, `Space`), `Ctrl-` and a character, `Alt-` and a
/// character or named key, or two characters one after the other (`gd`,
/// `Space f`).
pub fn parse_key(name: &str) -> Result<Key, String> {
    if name.is_empty() {
        return Err("an empty key name".into());
    }
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return if c.is_control() {
            Err("a control character: write it as Ctrl-x or by its name (Tab, Enter)".into())
        } else {
            // The arrows are named by one character too.
            Ok(Key::Code(named(name).unwrap_or(KeyCode::Char(c))))
        };
    }
    if let Some((modifier, rest)) = name.split_once('-')
        && !rest.is_empty()
    {
        match modifier.to_ascii_lowercase().as_str() {
            "ctrl" | "c" => {
                let mut cs = rest.chars();
                return match (cs.next(), cs.next()) {
                    (Some(c), None) if c.is_ascii_graphic() => {
                        Ok(Key::Ctrl(c.to_ascii_lowercase()))
                    }
                    _ if named(rest) == Some(KeyCode::Char(' ')) => Ok(Key::Ctrl(' ')),
                    _ => Err(format!(
                        "Ctrl- takes one letter, digit or sign (Ctrl-f), not `{rest}`"
                    )),
                };
            }
            "alt" | "a" | "m" | "meta" => {
                return single(rest).map(Key::Alt).ok_or_else(|| {
                    format!("Alt- takes one character or a named key (Alt-Backspace), not `{rest}`")
                });
            }
            "s" | "shift" if rest.eq_ignore_ascii_case("tab") => {
                return Ok(Key::Code(KeyCode::BackTab));
            }
            _ => {}
        }
    }
    if let Some(code) = named(name) {
        return Ok(Key::Code(code));
    }
    // A sequence: two characters, or two words of one character or Space.
    let parts: Vec<&str> = name.split_whitespace().collect();
    let pair = match parts.as_slice() {
        [a, b] => sequence_char(a).zip(sequence_char(b)),
        [word] => {
            let mut cs = word.chars();
            match (cs.next(), cs.next(), cs.next()) {
                (Some(a), Some(b), None) => Some((a, b)),
                _ => None,
            }
        }
        _ => None,
    };
    match pair {
        Some((a, b)) => Ok(Key::Then(a, b)),
        None => Err(format!(
            "`{name}` is no key: write one character (G), a named key (Enter, Esc, Tab, S-Tab, Backspace, Del, Up, PgDn, F5, Space), Ctrl-x, Alt-x, or a sequence of two (gd, \"Space f\")"
        )),
    }
}

/// One character, or a named key, as what follows `Alt-`.
fn single(s: &str) -> Option<KeyCode> {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) if !c.is_control() => Some(KeyCode::Char(c)),
        _ => named(s),
    }
}

fn sequence_char(s: &str) -> Option<char> {
    let mut cs = s.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) if !c.is_control() => Some(c),
        _ if s.eq_ignore_ascii_case("space") => Some(' '),
        _ => None,
    }
}

fn named(s: &str) -> Option<KeyCode> {
    let lower = s.to_ascii_lowercase();
    Some(match lower.as_str() {
        "space" => KeyCode::Char(' '),
        "enter" | "return" | "ret" | "cr" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" | "s-tab" | "shift-tab" => KeyCode::BackTab,
        "backspace" | "bs" => KeyCode::Backspace,
        "del" | "delete" => KeyCode::Delete,
        "ins" | "insert" => KeyCode::Insert,
        "up" | "↑" => KeyCode::Up,
        "down" | "↓" => KeyCode::Down,
        "left" | "←" => KeyCode::Left,
        "right" | "→" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" | "pageup" => KeyCode::PageUp,
        "pgdn" | "pgdown" | "pagedown" => KeyCode::PageDown,
        f if f.len() >= 2 && f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            if !(1..=12).contains(&n) {
                return None;
            }
            KeyCode::F(n)
        }
        _ => return None,
    })
}

/// How the help and the errors write `key`, as the tables' lines do.
pub fn key_name(key: Key) -> String {
    fn code_name(code: KeyCode) -> String {
        match code {
            KeyCode::Char(' ') => "Space".into(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "S-Tab".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Delete => "Del".into(),
            KeyCode::Insert => "Insert".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        }
    }
    match key {
        Key::Code(code) => code_name(code),
        Key::Ctrl(' ') => "Ctrl-Space".into(),
        Key::Ctrl(c) => format!("Ctrl-{c}"),
        Key::Then(' ', b) => format!("Space {}", code_name(KeyCode::Char(b))),
        Key::Then(a, ' ') => format!("{a} Space"),
        Key::Then(a, b) => format!("{a}{b}"),
        Key::Alt(code) => format!("Alt-{}", code_name(code)),
    }
}

/// An action's name in the configuration: its name in snake case
/// (`FindFiles` is `find_files`, `ShowTab(Guide)` is `show_tab_guide`,
/// `Digit(3)` is `digit_3`); the two deepenings are `deepen` (500 more
/// commits) and `deepen_all`.
pub fn action_name(action: &Action) -> String {
    match action {
        Action::Deepen(false) => return "deepen".into(),
        Action::Deepen(true) => return "deepen_all".into(),
        _ => {}
    }
    let debug = format!("{action:?}");
    let mut out = String::new();
    for c in debug.chars() {
        match c {
            'A'..='Z' => {
                if !out.is_empty() && !out.ends_with('_') {
                    out.push('_');
                }
                out.push(c.to_ascii_lowercase());
            }
            '(' | ' ' | ',' => {
                if !out.ends_with('_') {
                    out.push('_');
                }
            }
            ')' | '{' | '}' | ':' | '"' | '\'' => {}
            c => out.push(c),
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The actions `mode`'s keys can give, by name, in the order its table
/// has them: what a binding in its section may name.
pub fn actions_of(mode: Mode) -> Vec<(String, Action)> {
    let map = keymap(mode);
    let mut out: Vec<(String, Action)> = Vec::new();
    for (_, a) in map.lines.iter().flat_map(|l| l.binds).chain(map.unlisted) {
        let name = action_name(a);
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, a.clone()));
        }
    }
    out
}

/// The action a binding in `mode`'s section names (`"none"`: unbind).
pub fn parse_action(mode: Mode, name: &str) -> Result<Option<Action>, String> {
    if name == "none" {
        return Ok(None);
    }
    let actions = actions_of(mode);
    actions
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, a)| Some(a.clone()))
        .ok_or_else(|| {
            let names: Vec<&str> = actions.iter().map(|(n, _)| n.as_str()).collect();
            format!(
                "[keys.{}] has no action `{name}`; it has: {}, or none (to unbind)",
                section(mode),
                names.join(", ")
            )
        })
}

/// Whether `key` may be bound in `mode` at all: in a mode where text is
/// typed, a printable character or a sequence would stop it being typed.
pub fn bindable(mode: Mode, key: Key) -> Result<(), String> {
    if !keymap(mode).text {
        return Ok(());
    }
    match key {
        Key::Code(KeyCode::Char(c)) => Err(format!(
            "`{c}` is typed text in [keys.{}]: bind a Ctrl-, Alt- or named key there",
            section(mode)
        )),
        Key::Then(..) => Err(format!(
            "[keys.{}] takes no sequences: its characters are typed text",
            section(mode)
        )),
        _ => Ok(()),
    }
}

/// A line of the help as shown: with the configuration's bindings in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownLine {
    pub keys: Cow<'static, str>,
    pub what: Cow<'static, str>,
}

/// The help lines of `mode` with `bindings` applied: each key the
/// configuration binds first, with what its action does; then the table's
/// lines, each without the keys the configuration took or unbound (a line
/// left with none is dropped).
pub fn help_lines(mode: Mode, bindings: &Bindings) -> Vec<ShownLine> {
    let map = keymap(mode);
    let own = bindings.of(mode);
    let mut out: Vec<ShownLine> = own
        .iter()
        .filter_map(|(k, a)| a.as_ref().map(|a| (k, a)))
        .map(|(k, a)| {
            let what = map
                .lines
                .iter()
                .find(|l| l.binds.iter().any(|(_, b)| b == a))
                .map_or_else(|| action_name(a).replace('_', " "), |l| l.what.to_string());
            ShownLine {
                keys: key_name(*k).into(),
                what: format!("(yours) {what}").into(),
            }
        })
        .collect();
    for line in map.lines {
        let taken = line
            .binds
            .iter()
            .any(|(k, _)| own.iter().any(|(o, _)| o == k));
        if !taken {
            out.push(ShownLine {
                keys: line.keys.into(),
                what: line.what.into(),
            });
            continue;
        }
        let left: Vec<String> = line
            .binds
            .iter()
            .filter(|(k, _)| !own.iter().any(|(o, _)| o == k))
            .map(|(k, _)| key_name(*k))
            .collect();
        if !left.is_empty() {
            out.push(ShownLine {
                keys: left.join(" / ").into(),
                what: line.what.into(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_parse_to_the_keys_the_tables_use() {
        let cases = [
            ("G", Key::Code(KeyCode::Char('G'))),
            ("@", Key::Code(KeyCode::Char('@'))),
            ("-", Key::Code(KeyCode::Char('-'))),
            ("Space", Key::Code(KeyCode::Char(' '))),
            (" ", Key::Code(KeyCode::Char(' '))),
            ("Enter", Key::Code(KeyCode::Enter)),
            ("esc", Key::Code(KeyCode::Esc)),
            ("S-Tab", Key::Code(KeyCode::BackTab)),
            ("Shift-Tab", Key::Code(KeyCode::BackTab)),
            ("PgDn", Key::Code(KeyCode::PageDown)),
            ("F5", Key::Code(KeyCode::F(5))),
            ("↓", Key::Code(KeyCode::Down)),
            ("Ctrl-f", Key::Ctrl('f')),
            ("C-F", Key::Ctrl('f')),
            ("Alt-Backspace", Key::Alt(KeyCode::Backspace)),
            ("M-x", Key::Alt(KeyCode::Char('x'))),
            ("gd", Key::Then('g', 'd')),
            ("Space f", Key::Then(' ', 'f')),
            ("] ]", Key::Then(']', ']')),
        ];
        for (name, key) in cases {
            assert_eq!(parse_key(name), Ok(key), "{name:?}");
        }
        for bad in [
            "", "Ctrl-", "Ctrl-ff", "F13", "abc", "Hyper-x", "\t", "g d e",
        ] {
            assert!(parse_key(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn every_key_of_every_table_reads_back_from_its_name() {
        for (_, mode) in SECTIONS {
            let map = keymap(mode);
            for (k, _) in map.lines.iter().flat_map(|l| l.binds).chain(map.unlisted) {
                assert_eq!(parse_key(&key_name(*k)), Ok(*k), "{mode:?} {k:?}");
            }
        }
    }

    #[test]
    fn action_names_are_snake_case_and_name_one_action_per_mode() {
        assert_eq!(action_name(&Action::FindFiles), "find_files");
        assert_eq!(
            action_name(&Action::ShowTab(super::super::HomeTab::Guide)),
            "show_tab_guide"
        );
        assert_eq!(action_name(&Action::Digit(3)), "digit_3");
        assert_eq!(action_name(&Action::Deepen(true)), "deepen_all");
        for (_, mode) in SECTIONS {
            for (name, action) in actions_of(mode) {
                assert!(
                    name.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                    "{name}"
                );
                assert_eq!(parse_action(mode, &name), Ok(Some(action)));
            }
        }
        let err = parse_action(Mode::Explorer, "grepp").unwrap_err();
        assert!(
            err.contains("no action `grepp`") && err.contains("grep,"),
            "{err}"
        );
        assert_eq!(parse_action(Mode::Home, "none"), Ok(None));
    }

    #[test]
    fn a_key_alone_that_hides_sequences_is_found_and_blamed_on_the_configuration() {
        let mut b = Bindings::default();
        b.insert(
            Mode::Explorer,
            Key::Code(KeyCode::Char('g')),
            Some(Action::Grep),
        );
        let problems = b.check(Mode::Explorer);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, Key::Code(KeyCode::Char('g')));
        assert!(problems[0].1.contains("gg"), "{}", problems[0].1);
        let mut b = Bindings::default();
        b.insert(Mode::Home, Key::Then('g', 'x'), Some(Action::Study));
        let problems = b.check(Mode::Home);
        assert_eq!(problems[0].0, Key::Then('g', 'x'));
        // Unbinding the key alone makes room for the sequence.
        b.insert(Mode::Home, Key::Code(KeyCode::Char('g')), None);
        assert_eq!(b.check(Mode::Home), []);
        assert_eq!(Bindings::default().check(Mode::Explorer), []);
    }

    #[test]
    fn text_modes_keep_their_characters() {
        assert!(bindable(Mode::Grep, Key::Code(KeyCode::Char('x'))).is_err());
        assert!(bindable(Mode::Grep, Key::Then('a', 'b')).is_err());
        assert_eq!(bindable(Mode::Grep, Key::Ctrl('g')), Ok(()));
        assert_eq!(
            bindable(Mode::Explorer, Key::Code(KeyCode::Char('x'))),
            Ok(())
        );
    }

    #[test]
    fn the_help_shows_the_configurations_keys_and_drops_the_ones_it_took() {
        let mut b = Bindings::default();
        b.insert(Mode::Explorer, Key::Ctrl('g'), Some(Action::Grep));
        b.insert(Mode::Explorer, Key::Ctrl('f'), None);
        b.insert(Mode::Explorer, Key::Code(KeyCode::Char('M')), None);
        let lines = help_lines(Mode::Explorer, &b);
        assert_eq!(lines[0].keys, "Ctrl-g");
        assert_eq!(lines[0].what, "(yours) grep the whole repository (live)");
        assert!(
            lines
                .iter()
                .any(|l| l.keys == "Space /" && l.what == "grep the whole repository (live)")
        );
        assert!(!lines.iter().any(|l| l.what.starts_with("module map")));
        let plain = help_lines(Mode::Explorer, &Bindings::default());
        assert_eq!(plain.len(), keymap(Mode::Explorer).lines.len());
    }
}
