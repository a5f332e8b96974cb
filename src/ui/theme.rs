//! The styles the screens use, in one place, in three palettes: the
//! terminal's own colours (the default: the 16 named colours the terminal
//! maps to its theme, and text attributes), and a dark and a light one with
//! exact colours. The palette is chosen once, by the configuration
//! ([`set`]); each style function reads it.

use std::cell::Cell;

use ratatui::style::{Color, Modifier, Style};

/// A palette, as the configuration names it (`theme = "dark"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// The terminal's own palette: named colours and attributes only, so
    /// the terminal's theme decides what they look like.
    #[default]
    Terminal,
    /// Exact colours for a dark background.
    Dark,
    /// Exact colours for a light background.
    Light,
}

impl Theme {
    pub const ALL: [(&'static str, Theme); 3] = [
        ("terminal", Theme::Terminal),
        ("dark", Theme::Dark),
        ("light", Theme::Light),
    ];

    pub fn name(self) -> &'static str {
        Theme::ALL
            .iter()
            .find(|(_, t)| *t == self)
            .map_or("terminal", |(n, _)| n)
    }

    pub fn named(name: &str) -> Option<Theme> {
        Theme::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    fn palette(self) -> &'static Palette {
        match self {
            Theme::Terminal => &TERMINAL,
            Theme::Dark => &DARK,
            Theme::Light => &LIGHT,
        }
    }
}

thread_local! {
    // Drawing happens on the thread that runs the terminal; each test
    // thread starts with the default.
    static THEME: Cell<Theme> = const { Cell::new(Theme::Terminal) };
}

/// Draw with `theme` from now on (on this thread).
pub fn set(theme: Theme) {
    THEME.with(|t| t.set(theme));
}

/// The palette in use.
pub fn current() -> Theme {
    THEME.with(Cell::get)
}

fn p() -> &'static Palette {
    current().palette()
}

/// Every style of one palette.
struct Palette {
    dim: Style,
    heading: Style,
    column_header: Style,
    selected_row: Style,
    active_tab: Style,
    recommended: Style,
    label: Style,
    link: Style,
    key: Style,
    border_focused: Style,
    status_line: Style,
    border_unfocused: Style,
    cursor_line: Style,
    symbol_range: Style,
    matched: Style,
    found: Style,
    moved: Style,
    missing: Style,
    search_hit: Style,
    search_current: Style,
    word_under_cursor: Style,
    cut_marker: Style,
    sticky_scope: Style,
    /// Class/struct, method, function, variable, namespace.
    kinds: [Color; 5],
    keyword: Color,
    string: Color,
    escape: Color,
    comment: Color,
    function: Color,
    types: Color,
    number: Color,
    decorator: Color,
    builtin: Color,
    property: Color,
    punctuation: Color,
}

const fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

const fn bg(c: Color) -> Style {
    Style::new().bg(c)
}

const B: Modifier = Modifier::BOLD;
const U: Modifier = Modifier::UNDERLINED;

const TERMINAL: Palette = Palette {
    dim: fg(Color::DarkGray),
    heading: fg(Color::Yellow).add_modifier(B),
    column_header: fg(Color::Gray).add_modifier(B.union(U)),
    selected_row: bg(Color::Blue).fg(Color::White).add_modifier(B),
    active_tab: bg(Color::Cyan).fg(Color::Black).add_modifier(B),
    recommended: fg(Color::Green).add_modifier(B),
    label: fg(Color::Cyan),
    link: fg(Color::Blue).add_modifier(U),
    key: fg(Color::Cyan).add_modifier(B),
    border_focused: fg(Color::Cyan),
    status_line: fg(Color::Yellow),
    border_unfocused: fg(Color::DarkGray),
    // No shade the terminal's theme is sure to keep readable: the cursor
    // line is underlined, as vim's is in a 16-colour terminal.
    cursor_line: Style::new().add_modifier(U),
    symbol_range: Style::new(),
    matched: fg(Color::Yellow).add_modifier(B),
    found: fg(Color::Green),
    moved: fg(Color::Yellow),
    missing: fg(Color::Red),
    search_hit: bg(Color::Yellow).fg(Color::Black),
    search_current: bg(Color::LightRed).fg(Color::Black).add_modifier(B),
    word_under_cursor: bg(Color::DarkGray).add_modifier(B),
    cut_marker: fg(Color::Cyan).add_modifier(B),
    // Dimmed, not underlined: the underline is the cursor line's.
    sticky_scope: Style::new().add_modifier(Modifier::DIM),
    kinds: [
        Color::Yellow,
        Color::Cyan,
        Color::Blue,
        Color::Magenta,
        Color::Green,
    ],
    keyword: Color::Magenta,
    string: Color::Green,
    escape: Color::Cyan,
    comment: Color::DarkGray,
    function: Color::Blue,
    types: Color::Yellow,
    number: Color::LightRed,
    decorator: Color::Cyan,
    builtin: Color::LightCyan,
    property: Color::LightBlue,
    punctuation: Color::Gray,
};

const DARK: Palette = Palette {
    dim: fg(Color::Rgb(128, 132, 142)),
    heading: fg(Color::Rgb(229, 192, 123)).add_modifier(B),
    column_header: fg(Color::Rgb(171, 178, 191)).add_modifier(B.union(U)),
    selected_row: bg(Color::Rgb(62, 88, 140))
        .fg(Color::Rgb(240, 240, 240))
        .add_modifier(B),
    active_tab: bg(Color::Rgb(86, 182, 194))
        .fg(Color::Rgb(20, 22, 28))
        .add_modifier(B),
    recommended: fg(Color::Rgb(152, 195, 121)).add_modifier(B),
    label: fg(Color::Rgb(86, 182, 194)),
    link: fg(Color::Rgb(97, 175, 239)).add_modifier(U),
    key: fg(Color::Rgb(86, 182, 194)).add_modifier(B),
    border_focused: fg(Color::Rgb(86, 182, 194)),
    status_line: fg(Color::Rgb(229, 192, 123)),
    border_unfocused: fg(Color::Rgb(92, 99, 112)),
    cursor_line: bg(Color::Rgb(45, 50, 62)),
    symbol_range: bg(Color::Rgb(30, 34, 44)),
    matched: fg(Color::Rgb(229, 192, 123)).add_modifier(B),
    found: fg(Color::Rgb(152, 195, 121)),
    moved: fg(Color::Rgb(229, 192, 123)),
    missing: fg(Color::Rgb(224, 108, 117)),
    search_hit: bg(Color::Rgb(90, 75, 20)),
    search_current: bg(Color::Rgb(229, 192, 123))
        .fg(Color::Rgb(20, 22, 28))
        .add_modifier(B),
    word_under_cursor: bg(Color::Rgb(60, 66, 82)).add_modifier(U),
    cut_marker: fg(Color::Rgb(86, 182, 194)).add_modifier(B),
    sticky_scope: bg(Color::Rgb(36, 40, 56)).add_modifier(U),
    kinds: [
        Color::Rgb(229, 192, 123),
        Color::Rgb(86, 182, 194),
        Color::Rgb(97, 175, 239),
        Color::Rgb(198, 120, 221),
        Color::Rgb(152, 195, 121),
    ],
    keyword: Color::Rgb(198, 120, 221),
    string: Color::Rgb(152, 195, 121),
    escape: Color::Rgb(86, 182, 194),
    comment: Color::Rgb(110, 116, 128),
    function: Color::Rgb(97, 175, 239),
    types: Color::Rgb(229, 192, 123),
    number: Color::Rgb(209, 154, 102),
    decorator: Color::Rgb(86, 182, 194),
    builtin: Color::Rgb(136, 206, 214),
    property: Color::Rgb(160, 196, 240),
    punctuation: Color::Rgb(171, 178, 191),
};

const LIGHT: Palette = Palette {
    dim: fg(Color::Rgb(110, 110, 118)),
    heading: fg(Color::Rgb(152, 104, 1)).add_modifier(B),
    column_header: fg(Color::Rgb(56, 58, 66)).add_modifier(B.union(U)),
    selected_row: bg(Color::Rgb(190, 210, 245))
        .fg(Color::Rgb(20, 20, 30))
        .add_modifier(B),
    active_tab: bg(Color::Rgb(1, 132, 188))
        .fg(Color::Rgb(250, 250, 250))
        .add_modifier(B),
    recommended: fg(Color::Rgb(56, 130, 40)).add_modifier(B),
    label: fg(Color::Rgb(1, 120, 170)),
    link: fg(Color::Rgb(30, 90, 200)).add_modifier(U),
    key: fg(Color::Rgb(1, 120, 170)).add_modifier(B),
    border_focused: fg(Color::Rgb(1, 132, 188)),
    status_line: fg(Color::Rgb(152, 104, 1)),
    border_unfocused: fg(Color::Rgb(170, 170, 178)),
    cursor_line: bg(Color::Rgb(232, 234, 240)),
    symbol_range: bg(Color::Rgb(244, 245, 248)),
    matched: fg(Color::Rgb(180, 90, 0)).add_modifier(B),
    found: fg(Color::Rgb(56, 130, 40)),
    moved: fg(Color::Rgb(152, 104, 1)),
    missing: fg(Color::Rgb(200, 40, 50)),
    search_hit: bg(Color::Rgb(250, 230, 150)),
    search_current: bg(Color::Rgb(240, 160, 40))
        .fg(Color::Rgb(20, 20, 30))
        .add_modifier(B),
    word_under_cursor: bg(Color::Rgb(220, 226, 240)).add_modifier(U),
    cut_marker: fg(Color::Rgb(1, 120, 170)).add_modifier(B),
    sticky_scope: bg(Color::Rgb(238, 240, 246)).add_modifier(U),
    kinds: [
        Color::Rgb(152, 104, 1),
        Color::Rgb(1, 120, 170),
        Color::Rgb(30, 90, 200),
        Color::Rgb(150, 50, 160),
        Color::Rgb(56, 130, 40),
    ],
    keyword: Color::Rgb(150, 50, 160),
    string: Color::Rgb(56, 130, 40),
    escape: Color::Rgb(1, 120, 170),
    comment: Color::Rgb(130, 130, 138),
    function: Color::Rgb(30, 90, 200),
    types: Color::Rgb(152, 104, 1),
    number: Color::Rgb(180, 80, 20),
    decorator: Color::Rgb(1, 120, 170),
    builtin: Color::Rgb(0, 110, 120),
    property: Color::Rgb(60, 90, 160),
    punctuation: Color::Rgb(80, 82, 90),
};

pub fn title() -> Style {
    Style::new().add_modifier(Modifier::BOLD)
}

pub fn dim() -> Style {
    p().dim
}

pub fn heading() -> Style {
    p().heading
}

pub fn column_header() -> Style {
    p().column_header
}

pub fn selected_row() -> Style {
    p().selected_row
}

pub fn active_tab() -> Style {
    p().active_tab
}

pub fn recommended() -> Style {
    p().recommended
}

pub fn label() -> Style {
    p().label
}

pub fn link() -> Style {
    p().link
}

pub fn key() -> Style {
    p().key
}

pub fn border_focused() -> Style {
    p().border_focused
}

pub fn status_line() -> Style {
    p().status_line
}

pub fn border_unfocused() -> Style {
    p().border_unfocused
}

pub fn cursor_line() -> Style {
    p().cursor_line
}

pub fn symbol_range() -> Style {
    p().symbol_range
}

pub fn matched() -> Style {
    p().matched
}

pub fn found() -> Style {
    p().found
}

pub fn moved() -> Style {
    p().moved
}

pub fn missing() -> Style {
    p().missing
}

pub fn failed() -> Style {
    p().missing
}

/// Colour of a symbol kind's marker in the outline.
pub fn kind(kind: crate::outline::SymbolKind) -> Style {
    use crate::outline::SymbolKind::*;
    let i = match kind {
        Class | Struct => 0,
        Method => 1,
        Function | Macro => 2,
        Variable => 3,
        Namespace => 4,
    };
    fg(p().kinds[i]).add_modifier(B)
}

/// Syntax colours.
pub fn syntax(kind: crate::outline::highlight::HighlightKind) -> Style {
    use crate::outline::highlight::HighlightKind::*;
    let p = p();
    match kind {
        Keyword => fg(p.keyword),
        String => fg(p.string),
        Escape => fg(p.escape),
        Comment => fg(p.comment).add_modifier(Modifier::ITALIC),
        Function => fg(p.function),
        Type => fg(p.types),
        Number | Constant => fg(p.number),
        Decorator => fg(p.decorator),
        Builtin => fg(p.builtin),
        Property => fg(p.property),
        Operator | Punctuation => fg(p.punctuation),
    }
}

/// A match of the search in the source.
pub fn search_hit() -> Style {
    p().search_hit
}

/// The match the cursor is on.
pub fn search_current() -> Style {
    p().search_current
}

/// The word under the source cursor.
pub fn word_under_cursor() -> Style {
    p().word_under_cursor
}

/// The source cursor's cell.
pub fn cursor_cell() -> Style {
    Style::new().add_modifier(Modifier::REVERSED)
}

/// A line cut at the pane's edge, or scrolled past its start.
pub fn cut_marker() -> Style {
    p().cut_marker
}

/// The sticky scope lines at the top of the source pane.
pub fn sticky_scope() -> Style {
    p().sticky_scope
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styles() -> Vec<Style> {
        vec![
            dim(),
            heading(),
            column_header(),
            selected_row(),
            active_tab(),
            recommended(),
            label(),
            link(),
            key(),
            border_focused(),
            status_line(),
            border_unfocused(),
            cursor_line(),
            symbol_range(),
            matched(),
            found(),
            moved(),
            missing(),
            search_hit(),
            search_current(),
            word_under_cursor(),
            cut_marker(),
            sticky_scope(),
            kind(crate::outline::SymbolKind::Class),
            syntax(crate::outline::highlight::HighlightKind::Keyword),
            syntax(crate::outline::highlight::HighlightKind::Comment),
        ]
    }

    #[test]
    fn the_terminal_palette_uses_only_the_terminals_own_colours() {
        set(Theme::Terminal);
        for s in styles() {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(
                    !matches!(c, Color::Rgb(..) | Color::Indexed(_)),
                    "{s:?} names an exact colour"
                );
            }
        }
    }

    #[test]
    fn dark_and_light_use_exact_colours_and_differ() {
        set(Theme::Dark);
        let dark = styles();
        set(Theme::Light);
        let light = styles();
        set(Theme::Terminal);
        for (d, l) in dark.iter().zip(&light) {
            if d.fg.is_some() || d.bg.is_some() {
                assert_ne!(d, l);
            }
        }
        assert!(matches!(dark[12].bg, Some(Color::Rgb(..))));
        assert!(matches!(light[12].bg, Some(Color::Rgb(r, ..)) if r > 200));
    }

    #[test]
    fn a_search_hit_stands_apart_from_the_current_match_in_every_palette() {
        for (_, t) in Theme::ALL {
            set(t);
            assert_ne!(search_hit(), search_current(), "{t:?}");
            assert_ne!(cursor_line(), Style::new(), "{t:?}");
            set(Theme::Terminal);
        }
    }
}
