//! The code index's pickers: definitions, references grouped by file,
//! the module map. Their texts were sanitized when the rows were made;
//! `safe` cuts them to fit (and sanitizes again, which changes nothing).

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, theme};
use crate::app::{PickerRow, PickerView, RowStyle, picker_box, visible_rows};
use crate::text::width;

pub fn render(v: &PickerView, keys: &crate::app::bindings::Bindings, frame: &mut Frame) {
    let area = frame.area();
    let popup = picker_box(area, v.rows.len());
    let visible = visible_rows(area, v.rows.len());
    let cursor = v.cursor.clamp(v.shown.len(), visible);
    let more = v.shown.len().saturating_sub(cursor.scroll + visible);
    let mut hints = String::from(" Enter go  / filter  ? keys  Esc close ");
    if more > 0 {
        hints = format!(" ↓ {more} more {hints}");
    }
    let inner = super::study::framed(frame, popup, &format!(" {} ", v.title), &hints);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    let w = inner.width as usize;
    // The places' left column is as wide as the widest (up to half the
    // box), so their code lines up.
    let left_w = v
        .rows
        .iter()
        .filter(|r| r.style == RowStyle::Item)
        .map(|r| width(&r.left))
        .max()
        .unwrap_or(0)
        .min((w / 2).max(8));
    let mut lines = vec![filter_line(v, w)];
    for (k, &i) in v.shown.iter().enumerate().skip(cursor.scroll).take(visible) {
        let Some(row) = v.rows.get(i) else { continue };
        let selected = k == cursor.selected && row.place.is_some();
        let line = match row.style {
            RowStyle::Section => Line::from(Span::styled(
                format!(" {}", safe(&row.left, w.saturating_sub(2))),
                theme::heading(),
            )),
            RowStyle::File => {
                let right = safe(&row.right, 12);
                let left = crate::text::truncate_start(
                    &safe(&row.left, usize::MAX),
                    w.saturating_sub(width(&right) + 4),
                );
                let pad = w.saturating_sub(width(&left) + width(&right) + 3);
                Line::from(vec![
                    Span::styled(format!(" {left}"), theme::label()),
                    Span::raw(" ".repeat(pad)),
                    Span::styled(right, theme::dim()),
                    Span::raw(" "),
                ])
            }
            RowStyle::Note => Line::from(Span::styled(
                format!("   {}", safe(&row.left, w.saturating_sub(4))),
                theme::dim(),
            )),
            RowStyle::Item => item_line(row, w, left_w, selected),
        };
        lines.push(if selected {
            line.style(theme::selected_row())
        } else {
            line
        });
    }
    if v.shown.is_empty() {
        lines.push(Line::from(Span::styled("   no match", theme::dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if v.help {
        let mode = if v.typing {
            crate::app::Mode::PickerFilter
        } else {
            crate::app::Mode::Picker
        };
        super::help::render(frame, mode, keys);
    }
}

fn filter_line(v: &PickerView, w: usize) -> Line<'static> {
    if v.typing || !v.filter.is_empty() {
        let mut spans = vec![
            Span::styled(" / ", theme::key()),
            Span::raw(safe(&v.filter, w.saturating_sub(5))),
        ];
        if v.typing {
            spans.push(Span::styled("▏", theme::key()));
        }
        Line::from(spans)
    } else {
        Line::from(Span::styled(" / filters the rows", theme::dim()))
    }
}

/// A place: `left` (a path:line or line:column), the line of code, and
/// on the right what it is and how sure the index is.
fn item_line(row: &PickerRow, w: usize, left_w: usize, selected: bool) -> Line<'static> {
    let right = safe(&row.right, w / 3);
    let left = crate::text::truncate_start(&safe(&row.left, usize::MAX), left_w);
    let left = format!("{left}{}", " ".repeat(left_w.saturating_sub(width(&left))));
    let fixed = 3 + width(&left) + 2 + width(&right) + 1;
    let text = safe(&row.text, w.saturating_sub(fixed));
    let pad = w.saturating_sub(fixed + width(&text));
    let base = if row.place.is_some() {
        Style::new()
    } else {
        theme::dim()
    };
    Line::from(vec![
        Span::raw(if selected { " ▶ " } else { "   " }),
        Span::styled(left, base.patch(theme::label())),
        Span::raw("  "),
        Span::styled(text, base),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, theme::dim()),
        Span::raw(" "),
    ])
}
