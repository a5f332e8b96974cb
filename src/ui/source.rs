//! The source pane: highlighted lines with the cursor's cell, the word
//! under it, the search's matches, lines cut at the pane's edge with a
//! marker (and scrolled sideways with the cursor), and the explorer's
//! line prompt (`/`, `:`) with its error under it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::explorer::{pane_block, spinner};
use super::{safe, theme};
use crate::app::explorer::search::PromptKind;
use crate::app::explorer::{ExplorerState, FileState, reader, view};
use crate::app::layout::{ExplorerLayout, inner};
use crate::app::{Pane, State};
use crate::outline::highlight::Span as HlSpan;
use crate::repo::Content;
use crate::sanitize::push_safe;

/// What is marked on one line beyond its syntax colours, as byte ranges
/// of the line.
#[derive(Debug, Default, Clone, Copy)]
pub struct Marks<'a> {
    /// The search's matches, in order.
    pub hits: &'a [(usize, usize)],
    /// The match the cursor is on.
    pub current: Option<(usize, usize)>,
    /// The word under the cursor.
    pub word: Option<(usize, usize)>,
    /// The cursor's character.
    pub cursor: Option<usize>,
}

fn within(r: Option<(usize, usize)>, b: usize) -> bool {
    r.is_some_and(|(s, e)| s <= b && b < e)
}

/// One line of source: highlight spans, tabs expanded, unsafe characters
/// replaced, the `marks` on top; `skip` columns scrolled past on the left
/// and `max` columns drawn. A line cut at the right ends in `›`, one
/// scrolled past starts with `‹`. Nothing past the columns shown is
/// processed (a 5 MB line costs no more than a short one).
pub fn source_spans(
    text: &str,
    spans: &[HlSpan],
    marks: Marks,
    skip: usize,
    max: usize,
    base: Style,
) -> Vec<Span<'static>> {
    line_chunk(text, spans, marks, skip, max, base, false).0
}

/// The `max` columns of `text` from column `skip` on, and whether the
/// line goes on past them. Wrapped (`wrap`), no marker is drawn: the next
/// row goes on.
fn line_chunk(
    text: &str,
    spans: &[HlSpan],
    marks: Marks,
    skip: usize,
    max: usize,
    base: Style,
    wrap: bool,
) -> (Vec<Span<'static>>, bool) {
    let mut out = Vec::new();
    let mut buf = String::new();
    let mut style = base;
    let mut col = 0usize;
    let mut si = 0usize;
    let mut hi = 0usize;
    let mut drawn = 0usize;
    let mut cut = false;
    // Scrolled sideways over an ASCII line without tabs: start at the
    // first column shown, without walking over those before it.
    let from = if skip > 0 && text.is_ascii() && !text[..skip.min(text.len())].contains('\t') {
        skip.min(text.len())
    } else {
        0
    };
    col += from;
    let mut chars = text[from..]
        .char_indices()
        .map(|(b, c)| (b + from, c))
        .peekable();
    let mut cell = String::new();
    while let Some((b, ch)) = chars.next() {
        while si < spans.len() && spans[si].end <= b {
            si += 1;
        }
        while hi < marks.hits.len() && marks.hits[hi].1 <= b {
            hi += 1;
        }
        cell.clear();
        let w = push_safe(&mut cell, ch, col);
        let start = col;
        col += w;
        if start < skip {
            continue;
        }
        // The last column is kept for the marker unless this character
        // is the line's last and fits.
        let room = max.saturating_sub(drawn);
        let last = chars.peek().is_none();
        if w > room || (w == room && !last && !wrap) {
            cut = true;
            break;
        }
        let mut s = match spans.get(si) {
            Some(sp) if sp.start <= b => base.patch(theme::syntax(sp.kind)),
            _ => base,
        };
        if marks.hits.get(hi).is_some_and(|h| h.0 <= b) {
            s = s.patch(theme::search_hit());
        }
        if within(marks.word, b) {
            s = s.patch(theme::word_under_cursor());
        }
        if within(marks.current, b) {
            s = s.patch(theme::search_current());
        }
        if marks.cursor == Some(b) {
            s = s.patch(theme::cursor_cell());
        }
        if s != style && !buf.is_empty() {
            out.push(Span::styled(std::mem::take(&mut buf), style));
        }
        style = s;
        buf.push_str(&cell);
        drawn += w;
    }
    if !buf.is_empty() {
        out.push(Span::styled(buf, style));
    }
    if wrap {
        return (out, cut);
    }
    if skip > 0
        && let Some(first) = out.first_mut()
    {
        let rest: String = first.content.chars().skip(1).collect();
        let style = first.style;
        *first = Span::styled(rest, style);
        out.insert(0, Span::styled("‹", base.patch(theme::cut_marker())));
    }
    if cut {
        // Pad to the last column, where the marker goes.
        let pad = max.saturating_sub(drawn + 1);
        if pad > 0 {
            out.push(Span::styled(" ".repeat(pad), base));
        }
        out.push(Span::styled("›", base.patch(theme::cut_marker())));
    }
    (out, cut)
}

pub fn render_source(state: &State, e: &ExplorerState, area: Rect, frame: &mut Frame) {
    let focused = e.focus == Pane::Source;
    let count = e
        .search
        .as_ref()
        .filter(|_| e.file.is_some())
        .map(|s| format!(" [/{} {}]", safe(&s.pattern, 24), s.count()))
        .unwrap_or_default();
    let title = match &e.file {
        Some(f) => {
            let path = f.path.to_string_lossy();
            let target = crate::study::NoteTarget {
                path: Some(path.clone()),
                symbol: None,
            };
            let noted = state
                .progress
                .repo(&e.repo)
                .is_some_and(|p| p.note(&target).is_some());
            let mark = if noted { " ✎ note" } else { "" };
            let room = (area.width as usize).saturating_sub(4 + mark.len() + count.len());
            format!(" {}{mark}{count} ", safe(&path, room))
        }
        None => " Source ".into(),
    };
    let block = pane_block(title, focused);
    let inner_area = inner(area);
    frame.render_widget(block, area);
    let Some(f) = &e.file else {
        let hint = " Enter on a file or a key file shows it here";
        frame.render_widget(Paragraph::new(hint).style(theme::dim()), inner_area);
        return;
    };
    let lf = match &f.state {
        FileState::Loading => {
            frame.render_widget(
                Paragraph::new(format!(" {} loading…", spinner(state))).style(theme::dim()),
                inner_area,
            );
            return;
        }
        FileState::Fetching => {
            frame.render_widget(
                Paragraph::new(format!(
                    " {} fetching… (this lazy clone's file is read for the first time)",
                    spinner(state)
                ))
                .style(theme::dim()),
                inner_area,
            );
            return;
        }
        FileState::Failed(err) => {
            frame.render_widget(
                Paragraph::new(format!(" {}", safe(err, 300))).style(theme::failed()),
                inner_area,
            );
            return;
        }
        FileState::Loaded(lf) => lf,
    };
    let marker = match &lf.content {
        Content::Text { .. } => None,
        Content::Binary { size } => Some(format!("binary file, {size} bytes: not shown")),
        Content::TooLarge { size, cap } => Some(format!(
            "too large to show: {size} bytes (the cap is {cap})"
        )),
        Content::Symlink { target } => Some(format!(
            "symbolic link to {} (links are not followed)",
            safe(target, 200)
        )),
        Content::Submodule { commit } => Some(format!(
            "submodule at commit {commit} (submodules are not fetched)"
        )),
        Content::Directory => Some("a directory".into()),
    };
    if let Some(m) = marker {
        frame.render_widget(
            Paragraph::new(format!(" {m}")).style(theme::dim()),
            inner_area,
        );
        return;
    }
    let gutter = view::gutter_width(lf.lines.len());
    let w = (inner_area.width as usize).saturating_sub(gutter);
    let range = e
        .outline_rows
        .get(e.outline.selected)
        .map(|r| (r.line as usize, r.end_line as usize));
    let current = e
        .search
        .as_ref()
        .and_then(|s| s.current.and_then(|i| s.hits.get(i)));
    let height = inner_area.height as usize;
    let mut lines: Vec<Line> = Vec::new();
    for i in e.source.scroll..lf.lines.len() {
        if lines.len() >= height {
            break;
        }
        let text = &lf.lines[i];
        let on_cursor = i == e.source.selected && focused;
        let base = if on_cursor {
            theme::cursor_line()
        } else if range.is_some_and(|(a, b)| a <= i + 1 && i < b) {
            theme::symbol_range()
        } else {
            Style::new()
        };
        let hits: Vec<(usize, usize)> = e
            .search
            .as_ref()
            .map(|s| s.on_line(i).iter().map(|h| (h.start, h.end)).collect())
            .unwrap_or_default();
        let mut marks = Marks {
            hits: &hits,
            current: current.filter(|h| h.line == i).map(|h| (h.start, h.end)),
            ..Marks::default()
        };
        if on_cursor {
            let col = reader::effective_col(text, e.col);
            marks.cursor = Some(reader::byte_of(text, col));
            marks.word = reader::word_at(text, col)
                .map(|(a, b)| (reader::byte_of(text, a), reader::byte_of(text, b)));
        }
        let number = format!("{:>width$} ", i + 1, width = gutter - 1);
        if !e.wrap {
            let mut spans = vec![Span::styled(number, theme::dim())];
            spans.extend(source_spans(
                text,
                lf.highlights.line(i),
                marks,
                e.hscroll,
                w,
                base,
            ));
            if on_cursor && text.is_empty() {
                spans.push(Span::styled(" ", base.patch(theme::cursor_cell())));
            }
            lines.push(Line::from(spans).style(base));
            continue;
        }
        // Wrapped: a row per `w` columns, the rows after the first marked.
        let mut skip = 0;
        loop {
            let gutter_text = if skip == 0 {
                Span::styled(number.clone(), theme::dim())
            } else {
                Span::styled(
                    format!("{:>width$} ", "↪", width = gutter - 1),
                    theme::cut_marker(),
                )
            };
            let (chunk, more) = line_chunk(text, lf.highlights.line(i), marks, skip, w, base, true);
            let mut spans = vec![gutter_text];
            spans.extend(chunk);
            if on_cursor && text.is_empty() {
                spans.push(Span::styled(" ", base.patch(theme::cursor_cell())));
            }
            lines.push(Line::from(spans).style(base));
            skip += w;
            if !more || lines.len() >= height || w == 0 {
                break;
            }
        }
    }
    // The scope lines: the headers of the definitions around the first
    // line shown, over the top rows (never over the cursor's).
    let cursor_row = e.source.selected.saturating_sub(e.source.scroll);
    let headers = view::scope_headers(e, e.source.scroll);
    let room = cursor_row.min(headers.len());
    for (row, &h) in headers[headers.len() - room..].iter().enumerate() {
        let Some(text) = lf.lines.get(h) else {
            continue;
        };
        let base = theme::sticky_scope();
        let mut spans = vec![Span::styled(
            format!("{:>width$} ", h + 1, width = gutter - 1),
            base.patch(theme::dim()),
        )];
        spans.extend(source_spans(
            text,
            lf.highlights.line(h),
            Marks::default(),
            0,
            w,
            base,
        ));
        if let Some(l) = lines.get_mut(row) {
            *l = Line::from(spans).style(base);
        }
    }
    frame.render_widget(Paragraph::new(lines), inner_area);
}

/// The line prompt, over the bottom of the pane it is for: the text on
/// its first line, an error (or the match count, or a hint) under it.
pub fn render_prompt(e: &ExplorerState, l: &ExplorerLayout, frame: &mut Frame) {
    let Some(p) = &e.prompt else { return };
    let pane = match p.kind {
        PromptKind::Search | PromptKind::Line => l.source,
        PromptKind::Filter(Pane::Tree) => l.tree,
        PromptKind::Filter(_) => l.outline,
    };
    let Some(area) = pane.or(l.source) else {
        return;
    };
    if area.height < 4 {
        return;
    }
    let popup = Rect::new(area.x, area.bottom() - 4, area.width, 4);
    let title = match p.kind {
        PromptKind::Search => " Search (regex, smart case) ",
        PromptKind::Filter(_) => " Filter by name ",
        PromptKind::Line => " Go to line ",
    };
    let block = Block::bordered()
        .title(Line::from(title).style(theme::title()))
        .border_style(theme::border_focused());
    let inner_area = block.inner(popup);
    let iw = inner_area.width as usize;
    let text = Line::from(vec![
        Span::styled(p.lead(), theme::key()),
        Span::raw(safe(&p.text, iw.saturating_sub(3))),
        Span::styled("▏", theme::key()),
    ]);
    let under = match (&p.error, p.kind) {
        (Some(err), _) => Line::from(Span::styled(safe(err, iw), theme::failed())),
        (None, PromptKind::Search) => match &e.search {
            Some(s) if s.hits.is_empty() => Line::from(Span::styled("no match", theme::dim())),
            Some(s) => Line::from(Span::styled(
                format!("{} matches · Enter keeps, Esc cancels", s.count()),
                theme::dim(),
            )),
            None => Line::from(Span::styled("type a pattern", theme::dim())),
        },
        (None, PromptKind::Filter(_)) => Line::from(Span::styled(
            format!("{} rows · Enter keeps, Esc clears", e.filter_rows(p.kind)),
            theme::dim(),
        )),
        (None, PromptKind::Line) => Line::from(Span::styled(
            format!("1 to {} · Enter goes there", e.lines().len()),
            theme::dim(),
        )),
    };
    super::clear_popup(frame, popup);
    frame.render_widget(block, popup);
    frame.render_widget(Paragraph::new(vec![text, under]), inner_area);
}
