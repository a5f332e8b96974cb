//! Application state and its transitions, Elm style: keys and mouse events
//! become [`Action`]s (see [`keymap`]), [`update`] applies an action to the
//! [`State`] without doing any IO, and `ui::render` draws the state.

pub mod home;
pub mod keymap;
pub mod layout;

use ratatui::layout::Rect;

use crate::catalog::Catalog;
pub use home::{HomeState, HomeTab, SortOrder};

/// Everything the screen shows, and nothing it does not.
#[derive(Debug, Clone)]
pub struct State {
    pub catalog: Catalog,
    pub home: HomeState,
    pub overlay: Option<Overlay>,
    /// The terminal's size, kept so that scrolling and mouse hit-testing
    /// can be computed in `update` from the same layout `render` uses.
    pub viewport: Rect,
    pub should_quit: bool,
}

/// A window drawn over the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
}

/// Something the person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    /// Esc: close what is open, or quit from the home screen.
    Back,
    ToggleHelp,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    NextCategory,
    PrevCategory,
    NextTab,
    ShowTab(HomeTab),
    ToggleSort,
    Resize {
        width: u16,
        height: u16,
    },
    Click {
        column: u16,
        row: u16,
    },
    ScrollUp {
        column: u16,
        row: u16,
    },
    ScrollDown {
        column: u16,
        row: u16,
    },
}

impl State {
    pub fn new(catalog: Catalog, viewport: Rect) -> State {
        let home = HomeState::new(&catalog);
        State {
            catalog,
            home,
            overlay: None,
            viewport,
            should_quit: false,
        }
    }
}

/// Apply one action. Pure: no IO, no clock.
pub fn update(state: &mut State, action: Action) {
    match action {
        Action::Quit => state.should_quit = true,
        Action::Back => {
            if state.overlay.take().is_none() {
                state.should_quit = true;
            }
        }
        Action::ToggleHelp => {
            state.overlay = match state.overlay {
                Some(Overlay::Help) => None,
                None => Some(Overlay::Help),
            }
        }
        Action::Resize { width, height } => {
            state.viewport = Rect::new(0, 0, width, height);
            state
                .home
                .keep_selection_visible(&state.catalog, state.viewport);
        }
        // While the help is open, every other key closes it first: a person
        // pressing keys at an overlay they did not mean to open expects that.
        _ if state.overlay.is_some() => {
            if !matches!(
                action,
                Action::ScrollUp { .. } | Action::ScrollDown { .. } | Action::Click { .. }
            ) {
                state.overlay = None;
            }
        }
        other => state.home.apply(&state.catalog, state.viewport, other),
    }
}
