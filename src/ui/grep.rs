//! The live grep overlay: the prompt and the glob filter, the count and
//! time, the matches grouped by file with the match highlighted, and a
//! preview of the lines around the selected one. Every text from the
//! repository is sanitized here as it is drawn.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{safe, theme};
use crate::app::{GrepField, GrepView};
use crate::sanitize::push_safe;
use crate::search::LineHit;

pub fn render(v: &GrepView, frame: &mut Frame) {
    let area = frame.area();
    let popup = crate::app::layout::document(area);
    let inner = super::study::framed(
        frame,
        popup,
        &format!(" grep {} ", safe(&v.repo, 40)),
        " Enter open  Tab glob  ^W word  ^L literal  Esc close ",
    );
    if inner.height < 6 || inner.width < 20 {
        return;
    }
    let w = inner.width as usize;
    let mut head = vec![
        prompt_line(
            "grep",
            &v.input.pattern,
            v.field == GrepField::Pattern,
            w,
            flags(v),
        ),
        prompt_line(
            "glob",
            &v.input.globs,
            v.field == GrepField::Glob,
            w,
            Vec::new(),
        ),
        status_line(v, w),
    ];
    head.push(Line::default());
    let head_h = head.len() as u16;
    frame.render_widget(
        Paragraph::new(head),
        Rect::new(inner.x, inner.y, inner.width, head_h),
    );
    let body = inner.height - head_h;
    let preview_h = if body >= 12 { body * 2 / 5 } else { 0 };
    let list = Rect::new(inner.x, inner.y + head_h, inner.width, body - preview_h);
    frame.render_widget(Paragraph::new(result_lines(v, list)), list);
    if preview_h > 0 {
        let p = Rect::new(inner.x, list.y + list.height, inner.width, preview_h);
        frame.render_widget(Paragraph::new(preview_lines(v, p)), p);
    }
}

fn flags(v: &GrepView) -> Vec<Span<'static>> {
    let flag = |on: bool, text: &'static str| {
        Span::styled(
            text,
            if on {
                theme::active_tab()
            } else {
                theme::dim()
            },
        )
    };
    vec![
        flag(v.input.word, " word "),
        Span::raw(" "),
        flag(v.input.literal, " literal "),
    ]
}

fn prompt_line(
    label: &str,
    text: &str,
    active: bool,
    w: usize,
    right: Vec<Span<'static>>,
) -> Line<'static> {
    let right_w: usize = right.iter().map(|s| crate::text::width(&s.content)).sum();
    let room = w.saturating_sub(label.len() + 5 + right_w);
    // The end of a long pattern is what is being typed: keep it in view.
    let shown = crate::sanitize::sanitize_line(text);
    let chars: Vec<char> = shown.chars().collect();
    let skip = chars.len().saturating_sub(room);
    let shown: String = chars[skip..].iter().collect();
    let mut spans = vec![
        Span::styled(
            format!(" {label} "),
            if active { theme::key() } else { theme::dim() },
        ),
        Span::raw("› "),
        Span::raw(shown.clone()),
    ];
    if active {
        spans.push(Span::styled("▏", theme::key()));
    }
    let used = label.len() + 4 + crate::text::width(&shown) + usize::from(active);
    spans.push(Span::raw(" ".repeat(w.saturating_sub(used + right_w))));
    spans.extend(right);
    Line::from(spans)
}

fn status_line(v: &GrepView, w: usize) -> Line<'static> {
    if let Some(e) = &v.error {
        // The pattern's error: the first line says what and where.
        let text = e.lines().next().unwrap_or_default();
        return Line::from(Span::styled(
            format!(" {}", safe(text, w - 1)),
            theme::failed(),
        ));
    }
    if v.input.pattern.is_empty() {
        return Line::from(Span::styled(
            " type a pattern: a regex (smart case), or a literal with ^L",
            theme::dim(),
        ));
    }
    let n = v.match_count();
    let files = v.files.len();
    let text = match (&v.stats, v.running) {
        (_, true) => format!(
            " searching… {n} {} in {files} {} so far",
            plural(n, "match", "matches"),
            plural(files, "file", "files")
        ),
        (Some(s), false) => {
            let mut t = format!(
                " {}{} {} in {} {} · {} files searched in {} ms",
                s.matched_lines,
                if v.cut { "+" } else { "" },
                plural(s.matched_lines, "match", "matches"),
                s.matched_files,
                plural(s.matched_files, "file", "files"),
                s.searched,
                s.elapsed.as_millis()
            );
            if s.binary + s.too_large > 0 {
                t.push_str(&format!(
                    " · skipped {} binary, {} over 8 MiB",
                    s.binary, s.too_large
                ));
            }
            if v.cut {
                t.push_str(&format!(" · first {n} listed"));
            }
            t
        }
        (None, false) => String::from(" stopped"),
    };
    Line::from(Span::styled(safe(&text, w), theme::dim()))
}

/// Rows of the result list: a header per file, a row per matching line.
fn result_lines(v: &GrepView, area: Rect) -> Vec<Line<'static>> {
    let rows = area.height as usize;
    let w = area.width as usize;
    // Where the selected match is among the rows, to keep it in view.
    let mut sel_row: usize = 0;
    let mut n = 0;
    let mut row = 0;
    for f in &v.files {
        row += 1;
        for _ in &f.lines {
            if n == v.selected {
                sel_row = row;
            }
            n += 1;
            row += 1;
        }
    }
    let scroll = (sel_row + 1).saturating_sub(rows);
    let mut out = Vec::new();
    let mut n = 0;
    let mut row = 0;
    'files: for f in &v.files {
        if row >= scroll {
            let path = f.path.to_string_lossy();
            out.push(Line::from(vec![
                Span::styled(
                    format!(" {}", safe(&path, w.saturating_sub(8))),
                    theme::heading(),
                ),
                Span::styled(format!("  {}", f.lines.len()), theme::dim()),
            ]));
        }
        row += 1;
        for l in &f.lines {
            if out.len() >= rows {
                break 'files;
            }
            if row >= scroll {
                let selected = n == v.selected;
                out.push(match_row(l, w, selected));
            }
            n += 1;
            row += 1;
        }
        if out.len() >= rows {
            break;
        }
    }
    out
}

fn match_row(l: &LineHit, w: usize, selected: bool) -> Line<'static> {
    let number = format!("{:>6}  ", l.line);
    let room = w.saturating_sub(number.len() + 1);
    let mut spans = vec![Span::styled(number, theme::dim())];
    spans.extend(highlighted(l, room));
    let mut line = Line::from(spans);
    if selected {
        line = line.style(theme::selected_row());
    }
    line
}

/// The line's text, sanitized, with its matches styled, cut to `room`
/// columns; a first match beyond the width scrolls the text left.
fn highlighted(l: &LineHit, room: usize) -> Vec<Span<'static>> {
    let first = l.ranges.first().map_or(0, |r| r.0);
    let mut start = 0;
    if l.text[..first.min(l.text.len())].chars().count() > room * 2 / 3 {
        start = first.saturating_sub(room / 3);
        while start > 0 && !l.text.is_char_boundary(start) {
            start -= 1;
        }
    }
    let mut spans = Vec::new();
    let mut column = 0;
    if l.cut_before || start > 0 {
        spans.push(Span::styled("…", theme::dim()));
        column += 1;
    }
    let mut run = String::new();
    let mut run_matched = false;
    for (i, c) in l.text[start..].char_indices() {
        let at = start + i;
        let matched = l.ranges.iter().any(|(a, b)| at >= *a && at < *b);
        if matched != run_matched && !run.is_empty() {
            spans.push(styled_run(std::mem::take(&mut run), run_matched));
        }
        run_matched = matched;
        let mut piece = String::new();
        let cols = push_safe(&mut piece, c, column);
        if column + cols > room {
            run.push('…');
            break;
        }
        column += cols;
        run.push_str(&piece);
    }
    if !run.is_empty() {
        spans.push(styled_run(run, run_matched));
    }
    spans
}

fn styled_run(text: String, matched: bool) -> Span<'static> {
    if matched {
        Span::styled(text, theme::matched())
    } else {
        Span::raw(text)
    }
}

fn preview_lines(v: &GrepView, area: Rect) -> Vec<Line<'static>> {
    let w = area.width as usize;
    let mut out = vec![Line::from(Span::styled("─".repeat(w), theme::dim()))];
    let Some(p) = &v.preview else {
        return out;
    };
    let path = p.path.to_string_lossy();
    out[0] = Line::from(vec![
        Span::styled("── ", theme::dim()),
        Span::styled(
            format!("{}:{}", safe(&path, w.saturating_sub(12)), p.line),
            theme::heading(),
        ),
        Span::styled(format!(" {}", "─".repeat(w)), theme::dim()),
    ]);
    let rows = (area.height as usize).saturating_sub(1);
    // Keep the match in the middle when the preview is short.
    let at = (p.line - p.first) as usize;
    let skip = at
        .saturating_sub(rows / 2)
        .min(p.lines.len().saturating_sub(rows));
    for (i, text) in p.lines.iter().enumerate().skip(skip).take(rows) {
        let number = p.first + i as u64;
        let style = if number == p.line {
            theme::cursor_line()
        } else {
            Style::new()
        };
        out.push(
            Line::from(vec![
                Span::styled(format!("{number:>6}  "), theme::dim()),
                Span::raw(safe(text, w.saturating_sub(9))),
            ])
            .style(style),
        );
    }
    out
}

/// `one` for 1, else `many`.
fn plural<N: TryInto<u64>>(n: N, one: &'static str, many: &'static str) -> &'static str {
    if n.try_into().ok() == Some(1) {
        one
    } else {
        many
    }
}
