//! The help overlay: every key of the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::theme;
use crate::app::Mode;
use crate::app::bindings::{self, Bindings, ShownLine};

/// The keys of `mode`, with the configuration's `keys` in.
pub fn render(frame: &mut Frame, mode: Mode, keys: &Bindings) {
    let help = bindings::help_lines(mode, keys);
    let title = match mode {
        Mode::Home | Mode::Help => " Keys: home ",
        Mode::Explorer => " Keys: explorer ",
        Mode::Finder => " Keys: finder ",
        Mode::Search => " Keys: search prompt ",
        Mode::Study => " Keys: study checklist ",
        Mode::Document => " Keys: step view ",
        Mode::Prompt => " Keys: prompt ",
        Mode::Confirm => " Keys: question ",
        Mode::Note => " Keys: note ",
        Mode::List => " Keys: list ",
        Mode::Grep => " Keys: grep ",
        Mode::Picker | Mode::PickerFilter => " Keys: picker ",
    };
    let area = frame.area();
    let key_w = help
        .iter()
        .map(|l| crate::text::width(&l.keys))
        .max()
        .unwrap_or(0);
    let text_w = help
        .iter()
        .map(|l| crate::text::width(&l.what))
        .max()
        .unwrap_or(0);
    // Too many lines for the height: two columns, the descriptions cut
    // to fit across when they must (every key stays in view).
    let columns = if help.len() + 2 > area.height as usize
        && 2 * (key_w + 5 + 16) + 3 <= area.width as usize
    {
        2
    } else {
        1
    };
    let text_w = if columns == 2 {
        text_w.min((area.width as usize - 3) / 2 - key_w - 5)
    } else {
        text_w
    };
    let one_w = key_w + text_w + 5;
    let rows = help.len().div_ceil(columns);
    let want_w = (one_w * columns + 2 + (columns - 1)) as u16;
    let want_h = rows as u16 + 2;
    let w = want_w.min(area.width);
    let h = want_h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let cell = |l: &ShownLine| {
        let pad = key_w.saturating_sub(crate::text::width(&l.keys));
        let what = crate::text::truncate(&l.what, text_w);
        let rest = text_w.saturating_sub(crate::text::width(&what));
        vec![
            Span::raw(" ".repeat(pad + 1)),
            Span::styled(l.keys.to_string(), theme::key()),
            Span::raw("  "),
            Span::raw(what),
            Span::raw(" ".repeat(rest + 2)),
        ]
    };
    let lines: Vec<Line> = (0..rows)
        .map(|r| {
            let mut spans = Vec::new();
            for c in 0..columns {
                if let Some(l) = help.get(c * rows + r) {
                    if c > 0 {
                        spans.push(Span::styled("│", theme::dim()));
                    }
                    spans.extend(cell(l));
                }
            }
            Line::from(spans)
        })
        .collect();
    let block = Block::bordered()
        .title(Line::from(title).style(theme::title()))
        .title_bottom(
            Line::from(" any key closes ")
                .style(theme::dim())
                .right_aligned(),
        )
        .border_style(theme::border_focused());
    super::clear_popup(frame, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
