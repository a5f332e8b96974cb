//! The study checklist: the six steps of a repository, with their state
//! and the date each was done.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{safe, theme};
use crate::app::State;
use crate::study::{StepKind, StepState};

/// A step's view: Markdown rendered to the box's width, scrolled.
pub fn render_document(
    title: &str,
    markdown: &str,
    rendered: &crate::study::markdown::Rendered,
    scroll: usize,
    frame: &mut Frame,
) {
    use crate::study::markdown::{MdStyle, render as md};
    let (text_w, visible) = crate::app::layout::document_text_size(frame.area());
    // Laid out when the document opened or the terminal was resized; laid
    // out here only if the frame's size is not the one the state knows.
    let fresh;
    let lines: &[crate::study::markdown::MdLine] = if rendered.width == text_w {
        &rendered.lines
    } else {
        fresh = md(markdown, text_w);
        &fresh
    };
    let scroll = scroll.min(lines.len().saturating_sub(visible));
    let more = lines.len().saturating_sub(scroll + visible);
    let hints = if more > 0 {
        format!(" ↓ {more} more  Esc back ")
    } else {
        " Esc back ".into()
    };
    let popup = crate::app::layout::document(frame.area());
    let inner = framed(frame, popup, &format!(" {title} "), &hints);
    let style = |s: MdStyle| match s {
        MdStyle::Plain | MdStyle::Quote => ratatui::style::Style::new(),
        MdStyle::Heading(_) => theme::heading(),
        MdStyle::Emphasis => theme::label(),
        MdStyle::Strong => theme::title(),
        MdStyle::Code | MdStyle::CodeBlock => theme::found(),
        MdStyle::Added => theme::found(),
        MdStyle::Removed => theme::failed(),
        MdStyle::Link => theme::link(),
        MdStyle::Url | MdStyle::Marker | MdStyle::Rule => theme::dim(),
    };
    let shown: Vec<Line> = lines
        .iter()
        .skip(scroll)
        .take(visible)
        .map(|l| {
            let mut spans = vec![Span::raw(" ")];
            spans.extend(l.iter().map(|(t, s)| Span::styled(t.as_str(), style(*s))));
            Line::from(spans)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// Where to make a working copy.
pub fn render_prompt(repo: &str, edit: &crate::app::line_edit::LineEdit, frame: &mut Frame) {
    let inner = centered_box(
        frame,
        (76, 7),
        &format!(" Working copy of {repo} "),
        " Enter make it  Tab complete  Ctrl-u clear  Esc cancel ",
    );
    let w = inner.width.saturating_sub(1) as usize;
    let lines = vec![
        Line::from(Span::styled(
            " Folder (a normal checkout of the cached clone goes there):",
            theme::dim(),
        )),
        {
            // The text around the cursor; a long one keeps the cursor's
            // end in view.
            let room = inner.width.saturating_sub(5) as usize;
            let (before, after) = edit.split();
            let before = crate::text::truncate_start(&crate::sanitize::sanitize_line(before), room);
            let left = room.saturating_sub(crate::text::width(&before));
            Line::from(vec![
                Span::styled(" > ", theme::key()),
                Span::raw(before),
                Span::styled("▏", theme::key()),
                Span::raw(safe(after, left)),
            ])
        },
        Line::from(""),
        Line::from(Span::styled(
            safe(
                " Its branch tracks origin, the catalog's address (git pull works).",
                w,
            ),
            theme::dim(),
        )),
        Line::from(Span::styled(
            safe(
                " From a shallow clone: git fetch --unshallow there gets the history.",
                w,
            ),
            theme::dim(),
        )),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
}

pub fn render(state: &State, repo: &str, selected: usize, frame: &mut Frame) {
    let steps = &state.catalog.study.steps;
    let progress = state.progress.repo(repo);
    let done = progress.map_or(0, |p| p.steps_done());
    let title = format!(
        " {} Study: {repo}  {done}/{} ",
        state.catalog.study.icon,
        steps.len()
    );
    let inner = centered_box(
        frame,
        (76, steps.len() as u16 * 2 + 5),
        &title,
        " Enter open  Space done  i in progress  n note  Esc close ",
    );
    let iw = inner.width as usize;
    let mut lines = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let n = (i + 1) as u8;
        let (state_now, date) =
            progress.map_or((StepState::Todo, None), |p| (p.step(n), p.done_on(n)));
        let (mark, style) = match state_now {
            StepState::Done => ("[x]", theme::found()),
            StepState::InProgress => ("[~]", theme::moved()),
            StepState::Todo => ("[ ]", theme::dim()),
        };
        let when = match (state_now, date) {
            (StepState::Done, Some(d)) => format!("done {d}"),
            (StepState::InProgress, _) => "in progress".into(),
            _ => String::new(),
        };
        // What Enter opens.
        let opens = StepKind::at(i).map_or(String::new(), |k| format!("  ↵ {}", k.hint()));
        let room = iw.saturating_sub(when.len() + 6);
        let title = safe(&format!("{n}. {}", step.title), room);
        let opens = safe(&opens, room.saturating_sub(crate::text::width(&title)));
        let used = crate::text::width(&title) + crate::text::width(&opens);
        let pad = iw.saturating_sub(5 + used + when.len());
        let mut line = Line::from(vec![
            Span::styled(format!(" {mark} "), style),
            Span::styled(title, theme::title()),
            Span::styled(opens, theme::dim()),
            Span::raw(" ".repeat(pad)),
            Span::styled(when, style),
        ]);
        if i == selected {
            line = line.style(theme::selected_row());
        }
        lines.push(line);
        lines.push(Line::from(Span::styled(
            format!("       {}", safe(&step.detail, iw.saturating_sub(8))),
            theme::dim(),
        )));
    }
    let notes = progress.map_or(0, |p| p.notes.len());
    let repo_note = progress
        .and_then(|p| p.note(&crate::study::NoteTarget::repo()))
        .and_then(|n| n.text.lines().next().map(str::to_string));
    let summary = match (notes, repo_note) {
        (0, _) => " ✎ no notes yet: n writes one on the repository".to_string(),
        (n, Some(first)) => format!(" ✎ {n} note{}: {first}", if n == 1 { "" } else { "s" }),
        (n, None) => format!(
            " ✎ {n} note{} on files and symbols; n writes one on the repository",
            if n == 1 { "" } else { "s" }
        ),
    };
    lines.push(Line::from(Span::styled(safe(&summary, iw), theme::dim())));
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The note box: the text, wrapped, with the cursor.
pub fn render_note(
    repo: &str,
    target: &crate::study::NoteTarget,
    area: &crate::app::TextArea,
    frame: &mut Frame,
) {
    let title = format!(" Note on {} ({repo}) ", target.describe());
    let inner = centered_box(
        frame,
        (72, 14),
        &title,
        " Enter new line  Esc save and close ",
    );
    let text_w = inner.width.saturating_sub(2) as usize;
    let (rows, (crow, ccol)) = area.layout(text_w);
    let visible = inner.height as usize;
    let top = (crow + 1).saturating_sub(visible);
    let lines: Vec<Line> = rows
        .iter()
        .skip(top)
        .take(visible)
        .map(|r| Line::from(format!(" {}", safe(r, text_w))))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if visible > 0 && inner.width > 1 {
        frame.set_cursor_position((
            inner.x + 1 + ccol.min(text_w) as u16,
            inner.y + (crow - top) as u16,
        ));
    }
}

/// A list view: its intro, then the entries; the selected one marked.
pub fn render_list(
    view: &crate::study::views::ListView,
    intro: &crate::app::IntroLines,
    cursor: crate::app::PaneCursor,
    frame: &mut Frame,
) {
    use crate::study::views::ItemStyle;
    let area = frame.area();
    let popup = crate::app::layout::document(area);
    // Wrapped when the list opened or the terminal was resized.
    let fresh;
    let intro: &[String] = if intro.area == area {
        &intro.lines
    } else {
        fresh = crate::app::layout::list_intro(area, &view.intro);
        &fresh
    };
    let rows = crate::app::layout::list_rows(area, intro.len());
    let crate::app::PaneCursor { selected, scroll } = cursor.clamp(view.items.len(), rows);
    let more = view.items.len().saturating_sub(scroll + rows);
    let mut hints = String::from(" Enter open ");
    if view.deepen {
        hints.push_str(" d/D more history ");
    }
    hints.push_str(" Esc back ");
    if more > 0 {
        hints = format!(" ↓ {more} more {hints}");
    }
    let inner = framed(frame, popup, &format!(" {} ", view.title), &hints);
    let w = inner.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line> = intro
        .iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), theme::dim())))
        .collect();
    if !intro.is_empty() {
        lines.push(Line::default());
    }
    let column = view
        .items
        .iter()
        .skip(scroll)
        .take(rows)
        .filter(|item| !item.detail.is_empty())
        .map(|item| crate::text::width(&item.text))
        .max()
        .unwrap_or(0)
        .min(w / 2);
    // Whether the selected entry's row cut its detail.
    let mut selected_cut = false;
    for (i, item) in view.items.iter().enumerate().skip(scroll).take(rows) {
        let (indent, style) = match item.style {
            ItemStyle::Heading => ("", theme::heading()),
            ItemStyle::Plain => ("  ", ratatui::style::Style::new()),
            ItemStyle::Dim => ("  ", theme::dim()),
        };
        // The text first (at most half the row, padded to the column of
        // the details), the detail in the rest.
        let text = if item.detail.is_empty() {
            safe(&item.text, w.saturating_sub(indent.len()))
        } else {
            safe(&item.text, column)
        };
        let detail_room =
            w.saturating_sub(indent.len() + column.max(crate::text::width(&text)) + 2);
        let detail = safe(&item.detail, detail_room);
        if i == selected {
            selected_cut = crate::text::width(&item.detail) > detail_room;
        }
        // Details start at one column, as a table's second column.
        let pad = column.saturating_sub(crate::text::width(&text)) + 2;
        // To the row's end: the selection's colour spans it whole.
        let rest = w.saturating_sub(
            indent.len() + crate::text::width(&text) + pad + crate::text::width(&detail),
        );
        let mut line = Line::from(vec![
            Span::raw(format!(" {indent}")),
            Span::styled(text, style),
            Span::raw(" ".repeat(pad)),
            Span::styled(detail, theme::dim()),
            Span::raw(" ".repeat(rest)),
        ]);
        if i == selected && item.target.is_some() {
            line = line.style(theme::selected_row());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    // The selected entry's whole detail (why a module is where it is,
    // what a test uses) on the last lines when its row cut it.
    let below = crate::app::layout::LIST_DETAIL_LINES as u16;
    if let Some(item) = view.items.get(selected)
        && item.target.is_some()
        && selected_cut
        && inner.height > below
    {
        let last = Rect::new(inner.x, inner.y + inner.height - below, inner.width, below);
        let lines: Vec<Line> = crate::text::wrap_at_most(
            &crate::sanitize::sanitize_line(&item.detail),
            w.saturating_sub(3),
            below as usize,
        )
        .into_iter()
        .enumerate()
        .map(|(n, l)| {
            let mark = if n == 0 { " ↳ " } else { "   " };
            Line::from(vec![Span::styled(mark, theme::dim()), Span::raw(l)])
        })
        .collect();
        frame.render_widget(Paragraph::new(lines), last);
    }
}

/// A bordered box of at most `size` in the middle of the screen, cleared,
/// with a title and key hints; returns the area inside.
fn centered_box(frame: &mut Frame, size: (u16, u16), title: &str, hints: &str) -> Rect {
    let screen = frame.area();
    let w = size.0.min(screen.width);
    let h = size.1.min(screen.height);
    let popup = Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    );
    framed(frame, popup, title, hints)
}

/// Clear `popup` and draw a focused border with a title and key hints on
/// it; returns the area inside.
pub(super) fn framed(frame: &mut Frame, popup: Rect, title: &str, hints: &str) -> Rect {
    let block = Block::bordered()
        .title(
            Line::from(safe(title, popup.width.saturating_sub(2) as usize)).style(theme::title()),
        )
        .title_bottom(
            Line::from(hints.to_string())
                .style(theme::dim())
                .right_aligned(),
        )
        .border_style(theme::border_focused());
    let inner = block.inner(popup);
    super::clear_popup(frame, popup);
    frame.render_widget(block, popup);
    inner
}
