//! The help overlay: every key of the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::app::keymap::HELP;

pub fn render(frame: &mut Frame) {
    let area = frame.area();
    let key_w = HELP
        .iter()
        .map(|(k, _)| crate::text::width(k))
        .max()
        .unwrap_or(0);
    let text_w = HELP
        .iter()
        .map(|(_, d)| crate::text::width(d))
        .max()
        .unwrap_or(0);
    let want_w = (key_w + text_w + 7) as u16;
    let want_h = HELP.len() as u16 + 2;
    let w = want_w.min(area.width);
    let h = want_h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let lines: Vec<Line> = HELP
        .iter()
        .map(|(keys, what)| {
            Line::from(vec![
                Span::raw(" "),
                Span::styled(format!("{keys:>key_w$}"), theme::key()),
                Span::raw("  "),
                Span::raw(*what),
            ])
        })
        .collect();
    let block = Block::bordered()
        .title(Line::from(" Keys: home ").style(theme::title()))
        .title_bottom(
            Line::from(" any key closes ")
                .style(theme::dim())
                .right_aligned(),
        )
        .border_style(theme::border_focused());
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
