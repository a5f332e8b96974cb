//! The help overlay: every key of the current screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme;
use crate::app::{Mode, keymap};

pub fn render(frame: &mut Frame, mode: Mode) {
    let help = keymap::help_for(mode);
    let title = match mode {
        Mode::Home | Mode::Help => " Keys: home ",
        Mode::Explorer => " Keys: explorer ",
        Mode::Finder => " Keys: finder ",
        Mode::Study => " Keys: study checklist ",
        Mode::Document => " Keys: step view ",
        Mode::Prompt => " Keys: prompt ",
        Mode::Note => " Keys: note ",
        Mode::List => " Keys: list ",
        Mode::Grep => " Keys: grep ",
    };
    let area = frame.area();
    let key_w = help
        .iter()
        .map(|l| crate::text::width(l.keys))
        .max()
        .unwrap_or(0);
    let text_w = help
        .iter()
        .map(|l| crate::text::width(l.what))
        .max()
        .unwrap_or(0);
    let want_w = (key_w + text_w + 7) as u16;
    let want_h = help.len() as u16 + 2;
    let w = want_w.min(area.width);
    let h = want_h.min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let lines: Vec<Line> = help
        .iter()
        .map(|l| {
            let pad = key_w.saturating_sub(crate::text::width(l.keys));
            Line::from(vec![
                Span::raw(" ".repeat(pad + 1)),
                Span::styled(l.keys, theme::key()),
                Span::raw("  "),
                Span::raw(l.what),
            ])
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
    frame.render_widget(Clear, popup);
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
