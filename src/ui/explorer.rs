//! The explorer: breadcrumb, file tree with key files, outline, highlighted
//! source, a footer; and the fuzzy finders over it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{safe, theme};
use crate::app::explorer::intel::OutlineEntry;
use crate::app::explorer::{ExplorerState, FileState, FinderKind, KeyFile, OutlineRow, TreeRow};
use crate::app::layout::inner;
use crate::app::{Pane, State};
use crate::outline::SymbolKind;
use crate::repo::{Content, EntryKind, Resolution};
use crate::sanitize::{is_unsafe, stand_in};
use crate::text::{truncate, width};

const SPINNER: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];

pub fn render(state: &State, e: &ExplorerState, frame: &mut Frame) {
    let l = e.layout(frame.area());
    render_breadcrumb(e, l.breadcrumb, frame);
    if let Some(r) = l.tree {
        render_tree(state, e, r, frame);
    }
    if let Some(r) = l.outline {
        render_outline(state, e, r, frame);
    }
    if let Some(r) = l.source {
        super::source::render_source(state, e, r, frame);
    }
    render_footer(state, e, l.footer, frame);
    if e.finder.is_some() {
        render_finder(state, e, frame);
    }
    super::source::render_prompt(e, &l, frame);
}

pub(super) fn pane_block(title: String, focused: bool) -> Block<'static> {
    Block::bordered()
        .title(Line::from(title).style(if focused {
            theme::title()
        } else {
            theme::dim()
        }))
        .border_style(if focused {
            theme::border_focused()
        } else {
            theme::border_unfocused()
        })
}

pub(super) fn spinner(state: &State) -> &'static str {
    SPINNER[(state.tick % SPINNER.len() as u64) as usize]
}

fn render_breadcrumb(e: &ExplorerState, area: Rect, frame: &mut Frame) {
    let w = area.width as usize;
    let mut spans = vec![Span::styled(format!(" {} ", e.repo), theme::title())];
    if let Some(f) = &e.file {
        spans.push(Span::styled(
            safe(&f.path.to_string_lossy(), w / 2),
            Style::new(),
        ));
        // The symbol around the cursor, not merely the one selected.
        if let Some(row) = e
            .symbol_at(e.source.selected)
            .and_then(|i| e.outline_rows.get(i))
            && matches!(f.state, FileState::Loaded(_))
        {
            for p in row.parents.iter().chain(std::iter::once(&row.name)) {
                spans.push(Span::styled(" › ", theme::dim()));
                spans.push(Span::styled(safe(p, 40), theme::label()));
            }
        }
    }
    if let Some(o) = &e.overview {
        let id = o.head.id.to_string();
        spans.push(Span::styled(
            format!("   @ {} ({})", &id[..id.len().min(10)], o.depth),
            theme::dim(),
        ));
    }
    if let Some(p) = &e.prefetch {
        spans.push(Span::styled(
            format!("   {}", prefetch_label(p)),
            theme::label(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The header's words for a background fetch of a lazy clone's files.
pub(super) fn prefetch_label(p: &crate::app::explorer::PrefetchView) -> String {
    let what = if p.everything { "every file" } else { "files" };
    match (p.done * 100).checked_div(p.total) {
        None => format!("fetching {what}…"),
        Some(pct) => format!("fetching {what} {}/{} ({pct}%)", p.done, p.total),
    }
}

fn render_tree(state: &State, e: &ExplorerState, area: Rect, frame: &mut Frame) {
    let focused = e.focus == Pane::Tree;
    let title = if e.tree_filter.is_empty() {
        " Files ".to_string()
    } else {
        format!(" Files /{} ", safe(&e.tree_filter, 30))
    };
    let block = pane_block(title, focused);
    let inner_area = inner(area);
    frame.render_widget(block, area);
    let w = inner_area.width as usize;
    if e.overview.is_none() {
        let text = format!(" {} opening {}…", spinner(state), e.repo);
        frame.render_widget(Paragraph::new(text).style(theme::dim()), inner_area);
        return;
    }
    let key_files = e
        .overview
        .as_ref()
        .map(|o| o.key_files.as_slice())
        .unwrap_or_default();
    let lines: Vec<Line> = e
        .rows
        .iter()
        .enumerate()
        .skip(e.tree.scroll)
        .take(inner_area.height as usize)
        .map(|(i, row)| {
            let mut line = match row {
                TreeRow::KeyHeader => Line::from(Span::styled("★ Key files", theme::heading())),
                TreeRow::FilesHeader => Line::from(Span::styled("Files", theme::heading())),
                TreeRow::Key(k) => {
                    let Some(kf) = key_files.get(*k) else {
                        return Line::default();
                    };
                    key_file_row(kf, w)
                }
                TreeRow::Entry { path, depth } => {
                    let entry = e.entry(path);
                    let kind = entry.map_or(EntryKind::File, |x| x.kind);
                    let name = String::from_utf8_lossy(path.file_name()).into_owned();
                    let marker = match kind {
                        EntryKind::Directory if e.listing.contains(path) => "… ",
                        EntryKind::Directory if e.expanded.contains(path) => "▾ ",
                        EntryKind::Directory => "▸ ",
                        EntryKind::Symlink => "↪ ",
                        EntryKind::Submodule => "⊞ ",
                        EntryKind::File => "  ",
                    };
                    // Indentation stops at half the pane: deeper rows say
                    // their depth instead, so names stay in view.
                    let cap = (w / 2).max(2);
                    let indent = if 2 * depth <= cap {
                        "  ".repeat(*depth)
                    } else {
                        format!("{:>cap$}", format!("{depth}›"))
                    };
                    let mut spans = vec![
                        Span::styled(indent, theme::dim()),
                        Span::styled(marker, theme::dim()),
                        Span::styled(
                            safe(&name, w),
                            if kind == EntryKind::Directory {
                                theme::label()
                            } else {
                                Style::new()
                            },
                        ),
                    ];
                    if kind == EntryKind::Submodule {
                        spans.push(Span::styled(" [submodule]", theme::dim()));
                    }
                    if e.key_paths.contains(path) {
                        spans.push(Span::styled(" ★", theme::heading()));
                    }
                    Line::from(spans)
                }
            };
            if i == e.tree.selected {
                line = line.style(if focused {
                    theme::selected_row()
                } else {
                    theme::cursor_line()
                });
            }
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner_area);
}

fn kind_marker(kind: SymbolKind) -> &'static str {
    match kind {
        SymbolKind::Class => "C",
        SymbolKind::Method => "m",
        SymbolKind::Function => "f",
        SymbolKind::Variable => "v",
        SymbolKind::Namespace => "N",
        SymbolKind::Struct => "S",
        SymbolKind::Macro => "M",
    }
}

fn outline_line(row: &OutlineRow, w: usize) -> Vec<Span<'static>> {
    let indent = "  ".repeat(row.depth.min(12));
    let line_no = format!(" {}", row.line);
    // The name gives way, never the line number: a cut number would name
    // another line.
    let fixed = indent.len() + 2 + line_no.len();
    let name = safe(&row.name, w.saturating_sub(fixed));
    let used = fixed + width(&name);
    let mut spans = vec![
        Span::raw(indent.clone()),
        Span::styled(kind_marker(row.kind), theme::kind(row.kind)),
        Span::raw(" "),
        Span::styled(name, theme::title()),
    ];
    let mut rest = String::new();
    if let Some(sig) = &row.signature {
        // A macro's name ends with what it registers, not a call's name.
        if row.kind == SymbolKind::Macro {
            rest.push(' ');
        }
        rest.push_str(&crate::sanitize::sanitize_line(sig));
    }
    let room = w.saturating_sub(used);
    // The decorators follow when there is room for them after the whole
    // signature (the pane is as wide as the signatures need, not more).
    if !row.decorators.is_empty() && width(&rest) + 3 < room {
        let decos: Vec<String> = row
            .decorators
            .iter()
            .map(|d| format!("@{}", crate::sanitize::sanitize_line(d)))
            .collect();
        rest.push_str("  ");
        rest.push_str(&decos.join(" "));
    }
    let rest = truncate(&rest, room);
    let pad = room.saturating_sub(width(&rest));
    spans.push(Span::styled(rest, theme::dim()));
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(line_no, theme::dim()));
    spans
}

/// The marker of a name of a package's public API, as the outline's.
fn def_kind_marker(kind: crate::intel::DefKind) -> &'static str {
    use crate::intel::DefKind as D;
    match kind {
        D::Class => "C",
        D::Function => "f",
        D::Method => "m",
        D::Module => "M",
        D::Variable | D::Attribute | D::Parameter => "v",
        D::Import | D::Builtin => "→",
    }
}

const NO_GRAMMAR: &str = "no outline for this kind of file";

fn render_outline(state: &State, e: &ExplorerState, area: Rect, frame: &mut Frame) {
    let focused = e.focus == Pane::Outline;
    let path = e
        .file
        .as_ref()
        .map(|f| f.path.to_string_lossy())
        .unwrap_or_default();
    let progress = state.progress.repo(&e.repo);
    let is_read = |row: &OutlineRow| progress.is_some_and(|p| p.is_read(&path, &row.dotted()));
    // The file's count, whatever the filters show.
    let read = e
        .outline_all
        .iter()
        .filter(|d| progress.is_some_and(|p| p.is_read(&path, d)))
        .count();
    let counts = if e.outline_all.is_empty() {
        String::new()
    } else {
        format!(" {read}/{} read", e.outline_all.len())
    };
    let by_name = if e.outline_filter.is_empty() {
        String::new()
    } else {
        format!(" /{}", safe(&e.outline_filter, 30))
    };
    let mut block = pane_block(
        format!(" Outline ({}){by_name}{counts} ", e.filter.label()),
        focused,
    );
    // The selected symbol's uses (from the code index), then its
    // docstring's first line.
    let usage = crate::app::explorer::intel::usage_line(e);
    let doc = match e.outline_entry(e.outline.selected) {
        Some(OutlineEntry::Symbol(r)) => r.doc.as_deref(),
        _ => None,
    };
    let bottom = match (usage, doc) {
        (Some(u), Some(d)) => Some(format!("{u} · {}", crate::sanitize::sanitize_line(d))),
        (Some(u), None) => Some(u),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    };
    if let Some(bottom) = bottom {
        block = block.title_bottom(
            Line::from(format!(
                " {} ",
                safe(&bottom, area.width.saturating_sub(4) as usize)
            ))
            .style(theme::dim()),
        );
    }
    let inner_area = inner(area);
    frame.render_widget(block, area);
    let w = inner_area.width as usize;
    let message = match &e.file {
        None => Some("select a file".to_string()),
        Some(f) => match &f.state {
            FileState::Loading => Some(format!("{} outlining…", spinner(state))),
            FileState::Fetching => Some(format!("{} fetching…", spinner(state))),
            FileState::Failed(err) => Some(safe(err, 200)),
            FileState::Loaded(lf) => match (&lf.content, lf.outline.language) {
                (Content::Text { .. }, None) => Some(NO_GRAMMAR.into()),
                (Content::Text { .. }, Some(_)) if e.outline_len() == 0 => {
                    Some(if lf.outline.too_large.is_some() {
                        "too large to outline".into()
                    } else {
                        "no symbols".into()
                    })
                }
                (Content::Text { .. }, Some(_)) => None,
                _ => Some("no outline".into()),
            },
        },
    };
    if let Some(mut m) = message {
        // The pane narrows when there is no outline: say so in short.
        if m == NO_GRAMMAR && width(&m) >= w {
            m = "no outline".into();
        }
        frame.render_widget(
            Paragraph::new(format!(" {m}")).style(theme::dim()),
            inner_area,
        );
        return;
    }
    let lines: Vec<Line> = (0..e.outline_len())
        .skip(e.outline.scroll)
        .take(inner_area.height as usize)
        .filter_map(|i| e.outline_entry(i).map(|entry| (i, entry)))
        .map(|(i, entry)| {
            let row = match entry {
                OutlineEntry::Symbol(row) => row,
                OutlineEntry::ApiHeading => {
                    let n = e.api_rows.len();
                    return Line::from(Span::styled(
                        safe(
                            &format!(
                                " Public API ({n} {})",
                                if n == 1 { "name" } else { "names" }
                            ),
                            w,
                        ),
                        theme::heading(),
                    ));
                }
                OutlineEntry::Api(api) => {
                    let line = Line::from(vec![
                        Span::raw("   "),
                        Span::styled(def_kind_marker(api.kind), theme::label()),
                        Span::raw(" "),
                        Span::raw(safe(&api.text(), w.saturating_sub(5))),
                    ]);
                    return if i == e.outline.selected {
                        line.style(if focused {
                            theme::selected_row()
                        } else {
                            theme::cursor_line()
                        })
                    } else {
                        line
                    };
                }
            };
            let mut spans = outline_line(row, w.saturating_sub(3));
            let noted = progress.is_some_and(|p| p.has_note(&path, Some(&row.dotted())));
            spans.insert(
                0,
                Span::styled(if noted { "✎ " } else { "  " }, theme::moved()),
            );
            spans.insert(
                0,
                if is_read(row) {
                    Span::styled("✓", theme::found())
                } else {
                    Span::raw(" ")
                },
            );
            let line = Line::from(spans);
            if i == e.outline.selected {
                line.style(if focused {
                    theme::selected_row()
                } else {
                    theme::cursor_line()
                })
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner_area);
}

/// A key file's row: its mark and the path to open (where it was found,
/// or moved to), cut from the start so the file name stays; the catalog's
/// path beside it only when both fit. What a missing one is like is in the
/// footer (see [`key_file_note`]).
fn key_file_row(kf: &KeyFile, w: usize) -> Line<'static> {
    let avail = w.saturating_sub(3);
    let cut =
        |p: &str, max: usize| crate::text::truncate_start(&crate::sanitize::sanitize_line(p), max);
    let (mark, style, path, rest) = match &kf.resolution {
        Resolution::Found { .. } => ("✓", theme::found(), cut(&kf.path, avail), String::new()),
        Resolution::Moved { to, became, .. } => {
            let was = match became {
                crate::repo::Became::Moved => {
                    format!(" (was {})", crate::sanitize::sanitize_line(&kf.path))
                }
                other => other.summary(),
            };
            let to = cut(to, avail);
            let fits = crate::text::width(&to) + crate::text::width(&was) <= avail;
            (
                "→",
                theme::moved(),
                to,
                if fits { was } else { String::new() },
            )
        }
        Resolution::Missing { .. } => {
            let path = cut(&kf.path, avail);
            let rest = " (missing)";
            let fits = crate::text::width(&path) + rest.len() <= avail;
            (
                "✗",
                theme::missing(),
                path,
                if fits { rest.into() } else { String::new() },
            )
        }
    };
    Line::from(vec![
        Span::styled(format!(" {mark} "), style),
        Span::raw(path),
        Span::styled(rest, theme::dim()),
    ])
}

/// The whole resolution of the selected key file, for the footer: what
/// its row may have had to cut.
pub(crate) fn key_file_note(kf: &KeyFile) -> String {
    match &kf.resolution {
        Resolution::Found { .. } => format!("✓ {}: found", kf.path),
        Resolution::Moved {
            to,
            became: crate::repo::Became::Moved,
            ..
        } => format!("→ {} moved to {to} (Enter opens it)", kf.path),
        Resolution::Moved {
            to,
            became: became @ crate::repo::Became::Package { .. },
            ..
        } => format!(
            "→ {} is now {}; Enter opens {to}, whose outline lists what it re-exports",
            kf.path,
            became.details(8)
        ),
        Resolution::Moved { to, became, .. } => format!(
            "→ {} is now {} (each one ★ in the tree); Enter opens {to}",
            kf.path,
            became.details(8)
        ),
        Resolution::Missing { suggestions } if suggestions.is_empty() => {
            format!("✗ {}: not in this checkout, nothing similar found", kf.path)
        }
        Resolution::Missing { suggestions } => format!(
            "✗ {}: not in this checkout; similar: {}",
            kf.path,
            suggestions.join(", ")
        ),
    }
}

fn render_footer(state: &State, e: &ExplorerState, area: Rect, frame: &mut Frame) {
    if let Some(s) = &state.status {
        super::render_status(frame, area, s);
        return;
    }
    // A key file selected in the tree: its whole resolution, which its row
    // may cut.
    if e.focus == Pane::Tree
        && e.finder.is_none()
        && e.prompt.is_none()
        && super::overlay_footer(state.mode()).is_none()
        && let Some(TreeRow::Key(k)) = e.selected_row()
        && let Some(kf) = e.overview.as_ref().and_then(|o| o.key_files.get(*k))
        && !matches!(kf.resolution, Resolution::Found { .. })
    {
        let note = match e.departures.get(&kf.path) {
            Some(Some(said)) => format!("{}; {said}", key_file_note(kf)),
            Some(None) => format!(
                "{}; looking up when it left the history…",
                key_file_note(kf)
            ),
            None => key_file_note(kf),
        };
        let text = format!(" {}", safe(&note, area.width.saturating_sub(1) as usize));
        frame.render_widget(Paragraph::new(text).style(theme::dim()), area);
        return;
    }
    let keys: &[(&str, &str)] = if let Some(keys) = super::overlay_footer(state.mode()) {
        keys
    } else if e.finder.is_some() {
        &[("↑/↓", "move"), ("Enter", "go"), ("Esc", "close")]
    } else if e.prompt.is_some() {
        &[("Enter", "go"), ("Esc", "cancel")]
    } else if e.focus == Pane::Source {
        &[
            ("Tab", "pane"),
            ("/", "search"),
            ("n/N", "next/prev"),
            (":", "line"),
            ("]]", "symbol"),
            ("gd/gr", "def/refs"),
            ("Ctrl-o", "back"),
            ("Space f", "files"),
            ("@", "symbols"),
            ("?", "help"),
        ]
    } else if e.focus == Pane::Outline {
        &[
            ("Tab", "pane"),
            ("Enter", "go"),
            ("/", "filter"),
            ("m", "read"),
            ("n", "note"),
            ("gr", "refs"),
            ("f", "kinds"),
            ("L", "history"),
            ("s", "study"),
            ("?", "help"),
        ]
    } else {
        &[
            ("Tab", "pane"),
            ("Enter", "open"),
            ("/", "filter"),
            ("Space f", "files"),
            ("@", "symbols"),
            ("L", "history"),
            ("n", "note"),
            ("s", "study"),
            ("e", "edit"),
            ("Esc", "back"),
            ("?", "help"),
        ]
    };
    let mut line = super::key_hints(keys);
    // Keys typed that wait for more: a count, the first of a sequence.
    let waiting = match (e.count, state.pending_key) {
        (Some(n), Some(c)) => format!("{n}{}", key_name(c)),
        (Some(n), None) => n.to_string(),
        (None, Some(c)) => key_name(c),
        (None, None) => String::new(),
    };
    if !waiting.is_empty() {
        line.spans
            .insert(0, Span::styled(format!(" {waiting}… "), theme::key()));
    }
    frame.render_widget(Paragraph::new(line), area);
}

fn key_name(c: char) -> String {
    if c == ' ' {
        "Space".into()
    } else {
        c.to_string()
    }
}

/// The text with the characters at `positions` (char indices) marked.
fn marked(text: &str, positions: &[u32], base: Style, max: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for (i, ch) in text.chars().enumerate() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        let style = if positions.binary_search(&(i as u32)).is_ok() {
            base.patch(theme::matched())
        } else {
            base
        };
        let ch = if is_unsafe(ch) { stand_in(ch) } else { ch };
        out.push(Span::styled(ch.to_string(), style));
    }
    out
}

fn render_finder(state: &State, e: &ExplorerState, frame: &mut Frame) {
    let Some(f) = &e.finder else { return };
    let area = frame.area();
    let w = (area.width * 4 / 5).max(40).min(area.width);
    let h = (area.height * 7 / 10).max(8).min(area.height);
    let popup = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    );
    let (title, loading, total) = match f.kind {
        FinderKind::Files => (
            " Find a file ",
            e.files_loading,
            e.all_files.as_ref().map_or(0, Vec::len),
        ),
        FinderKind::Symbols => (
            " Find a symbol ",
            e.index_loading,
            e.index.as_ref().map_or(0, Vec::len),
        ),
    };
    let block = Block::bordered()
        .title(Line::from(title).style(theme::title()))
        .title_bottom(Line::from(format!(" {} of {total} ", f.results.len())).right_aligned())
        .border_style(theme::border_focused());
    let inner_area = block.inner(popup);
    super::clear_popup(frame, popup);
    frame.render_widget(block, popup);
    let iw = inner_area.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", theme::key()),
        Span::raw(safe(&f.query, iw.saturating_sub(3))),
        Span::styled("▏", theme::key()),
    ])];
    if loading {
        lines.push(Line::from(Span::styled(
            format!(
                " {} {}",
                spinner(state),
                if f.kind == FinderKind::Files {
                    "listing files…"
                } else {
                    "indexing symbols…"
                }
            ),
            theme::dim(),
        )));
    }
    let visible = (inner_area.height as usize).saturating_sub(lines.len());
    let first = f.selected.saturating_sub(visible.saturating_sub(1));
    for (i, hit) in f.results.iter().enumerate().skip(first).take(visible) {
        let base = if i == f.selected {
            theme::selected_row()
        } else {
            Style::new()
        };
        let mut spans = vec![Span::styled(
            if i == f.selected { "▶ " } else { "  " },
            base,
        )];
        match f.kind {
            FinderKind::Files => {
                if let Some(text) = e.all_files_text.get(hit.index) {
                    spans.extend(marked(text, &hit.positions, base, iw.saturating_sub(2)));
                }
            }
            FinderKind::Symbols => {
                if let Some(entry) = e.index.as_ref().and_then(|ix| ix.get(hit.index)) {
                    spans.push(Span::styled(
                        format!("{} ", kind_marker(entry.kind)),
                        base.patch(theme::kind(entry.kind)),
                    ));
                    // The symbol takes what it needs (at most 3/5), the
                    // place the rest of the width; a path too long for it
                    // loses its start, never its file name and line.
                    let sym_max = iw.saturating_sub(4) * 3 / 5;
                    let sym_w = width(&crate::sanitize::sanitize_line(&entry.symbol)).min(sym_max);
                    spans.extend(marked(&entry.symbol, &hit.positions, base, sym_w));
                    let path = crate::sanitize::sanitize_line(&entry.path);
                    let loc = format!("{path}:{}", entry.line);
                    spans.push(Span::styled(
                        format!(
                            "  {}",
                            crate::text::truncate_start(&loc, iw.saturating_sub(sym_w + 6))
                        ),
                        base.patch(theme::dim()),
                    ));
                }
            }
        }
        lines.push(Line::from(spans).style(base));
    }
    if f.results.is_empty() && !loading {
        lines.push(Line::from(Span::styled("  no match", theme::dim())));
    }
    frame.render_widget(Paragraph::new(lines), inner_area);
}
