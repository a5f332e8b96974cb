//! The few styles the screens use, in one place.

use ratatui::style::{Color, Modifier, Style};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn heading() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn column_header() -> Style {
    Style::new()
        .fg(Color::Gray)
        .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
}

pub fn selected_row() -> Style {
    Style::new()
        .bg(Color::Blue)
        .fg(Color::White)
        .add_modifier(Modifier::BOLD)
}

pub fn active_tab() -> Style {
    Style::new()
        .bg(Color::Cyan)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD)
}

pub fn recommended() -> Style {
    Style::new().fg(Color::Green).add_modifier(Modifier::BOLD)
}

pub fn label() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn link() -> Style {
    Style::new()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED)
}

pub fn key() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn border_focused() -> Style {
    Style::new().fg(Color::Cyan)
}

pub fn status_line() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn border_unfocused() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn cursor_line() -> Style {
    Style::new().bg(Color::Rgb(45, 50, 62))
}

pub fn symbol_range() -> Style {
    Style::new().bg(Color::Rgb(30, 34, 44))
}

pub fn matched() -> Style {
    Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD)
}

pub fn found() -> Style {
    Style::new().fg(Color::Green)
}

pub fn moved() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn missing() -> Style {
    Style::new().fg(Color::Red)
}

pub fn failed() -> Style {
    Style::new().fg(Color::Red)
}

/// Colour of a symbol kind's marker in the outline.
pub fn kind(kind: crate::outline::SymbolKind) -> Style {
    use crate::outline::SymbolKind::*;
    let c = match kind {
        Class | Struct => Color::Yellow,
        Method => Color::Cyan,
        Function => Color::Blue,
        Variable => Color::Magenta,
        Namespace => Color::Green,
    };
    Style::new().fg(c).add_modifier(Modifier::BOLD)
}

/// Syntax colours.
pub fn syntax(kind: crate::outline::highlight::HighlightKind) -> Style {
    use crate::outline::highlight::HighlightKind::*;
    match kind {
        Keyword => Style::new().fg(Color::Magenta),
        String => Style::new().fg(Color::Green),
        Escape => Style::new().fg(Color::Cyan),
        Comment => Style::new()
            .fg(Color::DarkGray)
            .add_modifier(Modifier::ITALIC),
        Function => Style::new().fg(Color::Blue),
        Type => Style::new().fg(Color::Yellow),
        Number | Constant => Style::new().fg(Color::LightRed),
        Decorator => Style::new().fg(Color::Cyan),
        Builtin => Style::new().fg(Color::LightCyan),
        Property => Style::new().fg(Color::LightBlue),
        Operator | Punctuation => Style::new().fg(Color::Gray),
    }
}

/// A match of the search in the source.
pub fn search_hit() -> Style {
    Style::new().bg(Color::Rgb(90, 75, 20))
}

/// The match the cursor is on.
pub fn search_current() -> Style {
    Style::new()
        .bg(Color::Yellow)
        .fg(Color::Black)
        .add_modifier(Modifier::BOLD)
}

/// The word under the source cursor.
pub fn word_under_cursor() -> Style {
    Style::new()
        .bg(Color::Rgb(60, 66, 82))
        .add_modifier(Modifier::UNDERLINED)
}

/// The source cursor's cell.
pub fn cursor_cell() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// A line cut at the pane's edge, or scrolled past its start.
pub fn cut_marker() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// The sticky scope lines at the top of the source pane.
pub fn sticky_scope() -> Style {
    Style::new()
        .bg(Color::Rgb(36, 40, 56))
        .add_modifier(Modifier::UNDERLINED)
}
