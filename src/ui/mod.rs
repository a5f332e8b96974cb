//! Drawing: functions of the state, nothing else. One file per screen.

pub mod explorer;
mod grep;
mod help;
mod home;
mod picker;
pub mod source;
mod study;
pub mod theme;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{Overlay, Screen, State, layout};

/// Draw the whole screen for this state.
pub fn render(state: &State, frame: &mut Frame) {
    let area = frame.area();
    if layout::too_small(area) {
        render_too_small(area, frame);
        return;
    }
    match &state.screen {
        Screen::Home => home::render(state, frame),
        Screen::Explorer(e) => explorer::render(state, e, frame),
    }
    if let Some(o) = &state.overlay {
        render_overlay(state, o, frame);
    }
}

fn render_overlay(state: &State, overlay: &Overlay, frame: &mut Frame) {
    match Some(overlay) {
        Some(Overlay::Help { under }) => {
            // The box under the help is drawn, and its keys are shown.
            if let Some(u) = under {
                render_overlay(state, u, frame);
            }
            help::render(
                frame,
                under.as_ref().map_or(state.screen_mode(), |u| u.mode()),
                &state.settings.keys,
            )
        }
        Some(Overlay::Study { repo, selected }) => study::render(state, repo, *selected, frame),
        Some(Overlay::Document {
            title,
            markdown,
            rendered,
            scroll,
            ..
        }) => study::render_document(title, markdown, rendered, *scroll, frame),
        Some(Overlay::List {
            view,
            intro,
            cursor,
            ..
        }) => study::render_list(view, intro, *cursor, frame),
        Some(Overlay::WorkingCopyPrompt { repo, edit }) => study::render_prompt(repo, edit, frame),
        Some(Overlay::Confirm { question, .. }) => render_confirm(question, frame),
        Some(Overlay::Grep(v)) => grep::render(v, frame),
        Some(Overlay::Picker(v)) => picker::render(v, &state.settings.keys, frame),
        Some(Overlay::Note {
            repo,
            target,
            area,
            back,
            ..
        }) => {
            // The note box floats over what it was opened from.
            if let Some(b) = back {
                render_overlay(state, b, frame);
            }
            study::render_note(repo, target, area, frame);
        }
        None => {}
    }
}

fn render_too_small(area: Rect, frame: &mut Frame) {
    let lines = vec![
        Line::from(format!(
            "terminal too small (need {}x{})",
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
        Line::from(format!("now {}x{}", area.width, area.height)).style(theme::dim()),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let inner = Rect::new(area.x, area.y + top, area.width, area.height - top);
    frame.render_widget(Paragraph::new(lines).alignment(Alignment::Center), inner);
}

/// The footer's key hints: `key what  key what ...`.
pub(crate) fn key_hints(keys: &[(&str, &str)]) -> Line<'static> {
    let mut spans = vec![ratatui::text::Span::raw(" ")];
    for (k, what) in keys {
        spans.push(ratatui::text::Span::styled(k.to_string(), theme::key()));
        spans.push(ratatui::text::Span::styled(
            format!(" {what}  "),
            theme::dim(),
        ));
    }
    Line::from(spans)
}

/// A line of text from outside the program (catalog, repository), made safe
/// and cut to fit.
pub(crate) fn safe(text: &str, max: usize) -> String {
    crate::text::truncate(&crate::sanitize::sanitize_line(text), max)
}

/// Most rows a status message takes: more is cut with `…`.
pub const STATUS_ROWS: usize = 4;

/// The status message over the footer row `footer`: wrapped, never cut
/// while it fits in [`STATUS_ROWS`] rows, the rows past the first drawn
/// upward over the bottom of the screen.
pub fn render_status(frame: &mut Frame, footer: Rect, message: &str) {
    let width = footer.width.saturating_sub(1) as usize;
    let text = crate::sanitize::sanitize_line(message);
    // One that fits is shown as it is (its spacing kept).
    let mut lines = if crate::text::width(&text) <= width {
        vec![text.into_owned()]
    } else {
        crate::text::wrap(&text, width.max(1))
    };
    if lines.len() > STATUS_ROWS {
        lines.truncate(STATUS_ROWS);
        if let Some(last) = lines.last_mut() {
            *last = crate::text::truncate(&format!("{last} …"), width);
        }
    }
    let rows = (lines.len().max(1) as u16).min(footer.y + 1);
    let area = Rect::new(footer.x, footer.y + 1 - rows, footer.width, rows);
    frame.render_widget(ratatui::widgets::Clear, area);
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    frame.render_widget(Paragraph::new(lines).style(theme::status_line()), area);
}

/// A yes-or-no question in a small box in the middle of the screen.
fn render_confirm(question: &str, frame: &mut Frame) {
    use ratatui::widgets::Block;
    let area = frame.area();
    let w = area.width.saturating_sub(4).clamp(20, 70);
    let lines = crate::text::wrap(
        &crate::sanitize::sanitize_line(question),
        w.saturating_sub(4) as usize,
    );
    let h = (lines.len() as u16 + 4).min(area.height);
    let popup = Rect::new(
        area.x + area.width.saturating_sub(w) / 2,
        area.y + area.height.saturating_sub(h) / 2,
        w.min(area.width),
        h,
    );
    clear_popup(frame, popup);
    let mut text: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    text.push(Line::default());
    text.push(key_hints(&[("y/Enter", "yes"), ("n/Esc", "no")]));
    let block = Block::bordered()
        .title(Line::from(" Remove? ").style(theme::title()))
        .border_style(theme::border_focused());
    frame.render_widget(Paragraph::new(text).block(block), popup);
}

/// Clear the cells an overlay covers, and the halves of wide characters
/// cut by its edges: an emoji of the screen below that starts just left
/// of the overlay would otherwise be drawn over its left border, and the
/// second half of one starting under its right edge would be left blank.
pub fn clear_popup(frame: &mut Frame, area: ratatui::layout::Rect) {
    frame.render_widget(ratatui::widgets::Clear, area);
    let full = frame.area();
    let buf = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if area.left() > full.left() {
            let cell = &mut buf[(area.left() - 1, y)];
            if unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1 {
                cell.set_symbol(" ");
            }
        }
        if area.right() < full.right() {
            let cell = &mut buf[(area.right(), y)];
            if cell.symbol().is_empty() {
                cell.set_symbol(" ");
            }
        }
    }
}

/// The footer's keys while an overlay is open: the overlay's own, not
/// those of the screen under it (whose keys do nothing meanwhile).
pub(crate) fn overlay_footer(
    mode: crate::app::Mode,
) -> Option<&'static [(&'static str, &'static str)]> {
    use crate::app::Mode;
    Some(match mode {
        Mode::Help => &[("any key", "closes the help")],
        Mode::Study => &[
            ("j/k", "move"),
            ("Enter", "open"),
            ("Space", "done"),
            ("i", "in progress"),
            ("n", "note"),
            ("Esc", "close"),
            ("?", "help"),
        ],
        Mode::Document => &[
            ("j/k", "scroll"),
            ("PgDn/PgUp", "page"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        Mode::List => &[
            ("j/k", "move"),
            ("Enter", "open"),
            ("Esc", "back"),
            ("?", "help"),
        ],
        Mode::Prompt => &[
            ("Enter", "make it"),
            ("Tab", "complete"),
            ("Ctrl-u", "clear"),
            ("Esc", "cancel"),
        ],
        Mode::Note => &[("Esc", "save and close")],
        Mode::Confirm => &[("y/Enter", "yes"), ("n/Esc", "no")],
        Mode::Grep => &[
            ("↑/↓", "move"),
            ("Enter", "open"),
            ("Tab", "glob"),
            ("Esc", "close"),
        ],
        Mode::Picker => &[
            ("j/k", "move"),
            ("Enter", "go"),
            ("/", "filter"),
            ("?", "keys"),
            ("Esc", "close"),
        ],
        Mode::PickerFilter => &[("Enter", "keep"), ("Esc", "clear")],
        _ => return None,
    })
}
