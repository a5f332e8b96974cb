//! Drive the app as the terminal does, without one: keys go through the
//! real keymap and `update`, the effects they ask for wait here until a
//! test answers them (the right request ids are found here, not in the
//! tests), and the screen is drawn by `ui::render` into a `TestBackend`.
//!
//! ```ignore
//! let mut h = Harness::home(120, 40);
//! h.keys("j<ret>");                      // select flask, Enter
//! assert_eq!(h.effects(), ["StartClone pallets/flask"]);
//! h.clone_done("pallets/flask", Depth::Commits(1));
//! h.open_repo(flask::overview());
//! assert!(h.screen().contains("src/flask/app.py"));
//! ```
//!
//! What the app's types hold is read here and nowhere else: when a field
//! or an effect changes, this file changes, not the tests.

mod answers;
pub mod grep;
pub mod intel;
mod keys;
mod view;

use std::sync::atomic::AtomicBool;

use codestudy::app::explorer::LoadedFile;
use codestudy::app::{Effect, State, keymap, update};
use codestudy::catalog::Catalog;
use codestudy::outline::{Lang, highlight, outline};
use codestudy::repo::{Content, Entry, EntryKind, RepoPath};
use codestudy::study::Change;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use git2::Oid;
use ratatui::layout::Rect;

use keys::char_key;
pub use keys::parse_keys;
#[allow(unused_imports)] // not every test binary draws rows
pub use view::{row_text, screen_text};

/// The app with the effects it asked for and no one answered yet.
#[derive(Clone)]
pub struct Harness {
    state: State,
    /// Asked for and not answered, oldest first.
    pending: Vec<Effect>,
    /// Every effect asked for, answered or not: a late answer can name
    /// one that is not wanted any more.
    seen: Vec<Effect>,
    /// What the last input or answer asked for.
    last: Vec<Effect>,
}

impl Harness {
    pub fn new(catalog: Catalog, width: u16, height: u16) -> Harness {
        Harness {
            state: State::new(catalog, Rect::new(0, 0, width, height)),
            pending: Vec::new(),
            seen: Vec::new(),
            last: Vec::new(),
        }
    }

    /// The home screen of the embedded catalog.
    pub fn home(width: u16, height: u16) -> Harness {
        Harness::new(Catalog::embedded().unwrap(), width, height)
    }

    /// With what a configuration file sets (keys, clone depth, working
    /// copy folder), as the terminal app starts with it.
    #[allow(dead_code)] // not every test binary configures
    pub fn with_settings(mut self, settings: codestudy::app::Settings) -> Harness {
        self.state.settings = std::sync::Arc::new(settings);
        self
    }

    // ---- input, through the keymap as the event loop does ----

    /// Press keys, helix style: `"jjl"`, `"<ret>"`, `"<esc>"`, `"<tab>"`,
    /// `"<S-tab>"`, `"<bs>"`, `"<del>"`, `"<up>"` `"<down>"` `"<left>"`
    /// `"<right>"`, `"<home>"` `"<end>"`, `"<pgup>"` `"<pgdn>"`,
    /// `"<space>"`, `"<C-d>"`, `"<lt>"` for `<`. The effects asked for
    /// are in [`Harness::effects`].
    pub fn keys(&mut self, keys: &str) -> &mut Harness {
        let events = parse_keys(keys);
        self.input(events.into_iter().map(Event::Key).collect())
    }

    /// One key press.
    pub fn key(&mut self, code: KeyCode) -> &mut Harness {
        self.press(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// Ctrl and a letter.
    pub fn ctrl(&mut self, c: char) -> &mut Harness {
        self.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    pub fn press(&mut self, key: KeyEvent) -> &mut Harness {
        self.input(vec![Event::Key(key)])
    }

    /// Type text as key presses, a new line as Enter.
    pub fn type_text(&mut self, text: &str) -> &mut Harness {
        let events = text
            .chars()
            .map(|c| match c {
                '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                c => char_key(c),
            })
            .map(Event::Key)
            .collect();
        self.input(events)
    }

    /// A bracketed paste, as the terminal reports it: one event.
    pub fn paste(&mut self, text: &str) -> &mut Harness {
        self.input(vec![Event::Paste(text.to_string())])
    }

    pub fn click(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    pub fn scroll_down(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::ScrollDown, column, row)
    }

    pub fn scroll_up(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::ScrollUp, column, row)
    }

    /// Shift and the wheel down (sideways, to the right).
    pub fn shift_scroll_down(&mut self, column: u16, row: u16) -> &mut Harness {
        self.input(vec![Event::Mouse(MouseEvent {
            kind: MouseEventKind::ScrollDown,
            column,
            row,
            modifiers: KeyModifiers::SHIFT,
        })])
    }

    pub fn scroll_left(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::ScrollLeft, column, row)
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Harness {
        self.input(vec![Event::Resize(width, height)])
    }

    /// The explorer's tree selection rests: the ticks after which its
    /// file is shown go by (their effects are the last ones).
    pub fn rest(&mut self) -> &mut Harness {
        let mut asked = Vec::new();
        for _ in 0..codestudy::app::PREVIEW_TICKS {
            asked.extend(update(&mut self.state, codestudy::app::Action::Tick));
        }
        self.record(asked);
        self
    }

    fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> &mut Harness {
        self.input(vec![Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })])
    }

    fn input(&mut self, events: Vec<Event>) -> &mut Harness {
        let mut asked = Vec::new();
        for event in events {
            if let Some(action) = keymap::action_for(&event, &self.state) {
                asked.extend(update(&mut self.state, action));
            }
        }
        self.record(asked);
        self
    }

    fn record(&mut self, effects: Vec<Effect>) {
        self.pending.extend(effects.iter().cloned());
        self.seen.extend(effects.iter().cloned());
        self.last = effects;
    }

    // ---- what the app asked for ----

    /// The effects of the last input or answer, one line each (see
    /// [`summary`]).
    pub fn effects(&self) -> Vec<String> {
        self.last.iter().map(summary).collect()
    }

    /// The effects of the last input or answer, as they are.
    pub fn raw_effects(&self) -> &[Effect] {
        &self.last
    }

    /// What is waiting for an answer, one line each.
    pub fn pending(&self) -> Vec<String> {
        self.pending.iter().map(summary).collect()
    }

    /// The changes the last input asked to save, in order (all those not
    /// saved yet), with their numbers.
    pub fn saves(&self) -> Vec<(u64, Change)> {
        self.last
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::SaveProgress(changes) => Some(changes.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The change the last input made, if it made one (the last of the
    /// save it asked for, when it asked for exactly that).
    pub fn last_change(&self) -> Option<Change> {
        match self.last.as_slice() {
            [Effect::SaveProgress(v)] => v.last().map(|x| x.1.clone()),
            _ => None,
        }
    }
}

/// An effect in one line: its kind and what it is for, without request
/// ids (the harness matches those).
pub fn summary(effect: &Effect) -> String {
    match effect {
        Effect::StartClone {
            repo, depth: None, ..
        } => format!("StartClone {repo}"),
        Effect::StartClone {
            repo,
            depth: Some(d),
            ..
        } => format!("StartClone {repo} ({d})"),
        Effect::CancelClone { repo, .. } => format!("CancelClone {repo}"),
        Effect::Prefetch {
            repo, everything, ..
        } => format!(
            "Prefetch {repo}{}",
            if *everything { " (every file)" } else { "" }
        ),
        Effect::CancelPrefetch { repo } => format!("CancelPrefetch {repo}"),
        Effect::FindDeparture { repo, path, .. } => format!("FindDeparture {repo} {path}"),
        Effect::OpenRepo { repo, .. } => format!("OpenRepo {repo}"),
        Effect::ReadCloneFacts { repo, .. } => format!("ReadCloneFacts {repo}"),
        Effect::RemoveClone { repo, .. } => format!("RemoveClone {repo}"),
        Effect::CheckOutside { .. } => "CheckOutside".to_string(),
        Effect::OpenAddress(url) => format!("OpenAddress {url}"),
        Effect::ListDir { repo, dir, .. } => format!("ListDir {repo} {}", dir.to_string_lossy()),
        Effect::LoadFile { repo, path, .. } => {
            format!("LoadFile {repo} {}", path.to_string_lossy())
        }
        Effect::LoadFileList { repo, .. } => format!("LoadFileList {repo}"),
        Effect::LoadIndex { repo, .. } => format!("LoadIndex {repo}"),
        Effect::OpenEditor {
            repo,
            path,
            line,
            working_copy,
        } => format!(
            "OpenEditor {repo} {}:{line}{}",
            path.to_string_lossy(),
            working_copy
                .as_ref()
                .map(|w| format!(" in {w}"))
                .unwrap_or_default()
        ),
        Effect::OpenStepView { repo, step, .. } => format!("OpenStepView {repo} {step:?}"),
        Effect::OpenTarget { repo, target, .. } => format!("OpenTarget {repo} {target:?}"),
        Effect::FileSymbols { repo, path, .. } => format!("FileSymbols {repo} {path}"),
        Effect::MakeWorkingCopy { repo, dest, .. } => format!("MakeWorkingCopy {repo} {dest}"),
        Effect::CompleteFolder { typed, .. } => format!("CompleteFolder {typed}"),
        Effect::Deepen { repo, depth, .. } => format!("Deepen {repo} {depth:?}"),
        Effect::LoadProgress => "LoadProgress".into(),
        Effect::CopyToClipboard(text) => format!("CopyToClipboard {text}"),
        Effect::Grep { repo, options, .. } => format!(
            "Grep {repo} {:?}{}{}{}",
            options.pattern,
            if options.word { " -w" } else { "" },
            if options.literal { " -F" } else { "" },
            options
                .globs
                .iter()
                .map(|g| format!(" -g {g}"))
                .collect::<String>()
        ),
        Effect::GrepPreview { path, line, .. } => {
            format!("GrepPreview {}:{line}", path.to_string_lossy())
        }
        Effect::BuildIntel { repo, .. } => format!("BuildIntel {repo}"),
        Effect::Intel { query, .. } => format!("Intel {query:?}"),
        Effect::SaveProgress(changes) => format!(
            "SaveProgress {}",
            changes
                .iter()
                .map(|(n, _)| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

pub fn path(s: &str) -> RepoPath {
    RepoPath::parse(s).unwrap()
}

/// A file of the repository as the load job brings it: outlined and
/// highlighted for its language (which `path` tells).
pub fn loaded(text: &str, path: &str) -> LoadedFile {
    let never = AtomicBool::new(false);
    let lang = Lang::detect(path, text.as_bytes());
    LoadedFile {
        content: Content::Text {
            text: text.into(),
            lossy: false,
        },
        lines: codestudy::jobs::split_lines(text),
        outline: outline(lang, text.as_bytes(), usize::MAX, &never).unwrap(),
        highlights: lang
            .map(|l| highlight::highlight(l, text.as_bytes(), &never).unwrap())
            .unwrap_or_default(),
    }
}

/// An entry of a listing.
pub fn entry(path_: &str, kind: EntryKind) -> Entry {
    Entry {
        path: path(path_),
        kind,
        size: Some(10),
        id: Oid::from_str("0123456789012345678901234567890123456789").unwrap(),
        executable: false,
    }
}
