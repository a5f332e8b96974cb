//! The home screen: title, tab bar, the category tables with the selected
//! repository's details, or the study guide; a footer of keys.

use ratatui::Frame;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::{safe, theme};
use crate::app::home::{GuideLine, TableLine, guide_lines};
use crate::app::layout::{self, HomeLayout, TABS};
use crate::app::{Fetching, HomeTab, RepoStatus, SortOrder, State};
use crate::catalog::{Catalog, Repo};
use crate::repo::Depth;
use crate::text::{truncate, width, wrap};

pub fn render(state: &State, frame: &mut Frame) {
    let l = layout::home(frame.area(), &state.catalog);
    render_header(&state.catalog, &l, frame);
    render_tab_bar(state, &l, frame);
    match state.home.tab {
        HomeTab::Repositories => {
            render_tables(state, &l, frame);
            render_details(state, &l, frame);
        }
        HomeTab::Guide => render_guide(state, &l, frame),
    }
    render_footer(state, &l, frame);
}

fn render_header(catalog: &Catalog, l: &HomeLayout, frame: &mut Frame) {
    let w = l.header.width as usize;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(" {}", safe(&catalog.title, w.saturating_sub(14))),
            theme::title(),
        ),
        Span::styled(" · codestudy", theme::dim()),
    ])];
    let intro_rows = l.header.height.saturating_sub(1) as usize;
    let mut intro = wrap(
        &crate::sanitize::sanitize_line(&catalog.intro),
        w.saturating_sub(2),
    );
    if intro.len() > intro_rows {
        intro.truncate(intro_rows);
        if let Some(last) = intro.last_mut() {
            *last = truncate(&format!("{last} …"), w.saturating_sub(2));
        }
    }
    lines.extend(
        intro
            .into_iter()
            .map(|t| Line::from(format!(" {t}")).style(theme::dim())),
    );
    frame.render_widget(Paragraph::new(lines), l.header);
}

fn render_tab_bar(state: &State, l: &HomeLayout, frame: &mut Frame) {
    let mut spans = vec![Span::raw(" ")];
    for (tab, label) in TABS {
        let style = if tab == state.home.tab {
            theme::active_tab()
        } else {
            theme::dim()
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    if state.home.tab == HomeTab::Repositories {
        let sort = match state.home.sort {
            SortOrder::Catalog => "catalog order",
            SortOrder::Stars => "stars",
        };
        spans.push(Span::styled(
            format!("   sorted by {sort} (o)"),
            theme::dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), l.tab_bar);
}

/// Column widths for the tables, shared by all three categories so that
/// they line up. Columns that do not fit are hidden (their content is in
/// the details pane); the rest shrink widest-first and end in `…`.
struct Columns {
    /// Repository, Status, Study, Stars, Focus, What to Learn, Key Files;
    /// 0 = hidden.
    widths: [usize; 7],
}

const TITLES: [&str; 7] = [
    "Repository",
    "Status",
    "Study",
    "Stars",
    "Focus",
    "What to Learn",
    "Key Files",
];
const MARKER_W: usize = 2;
const START_HERE: &str = " (start here)";
const GAP: usize = 2;
/// Wide enough for every status: "cloning 100%", "cloned (full)".
const STATUS_W: usize = 13;

impl Columns {
    fn new(catalog: &Catalog, total: usize) -> Columns {
        let max_w = |f: &dyn Fn(&Repo) -> usize, title: usize| {
            catalog.repos().map(f).max().unwrap_or(0).max(title)
        };
        let pref = [
            max_w(
                &|r| {
                    width(&r.id)
                        + if r.recommended_first {
                            START_HERE.len()
                        } else {
                            0
                        }
                },
                TITLES[0].len(),
            ),
            STATUS_W,
            TITLES[2].len(),
            max_w(&|r| width(&r.stars), TITLES[3].len()),
            max_w(&|r| width(&r.focus), TITLES[4].len()),
            max_w(&|r| width(&r.learn.join(", ")), TITLES[5].len()),
            max_w(&|r| width(&r.key_files.join(", ")), TITLES[6].len()),
        ];
        // Narrow terminals drop Key Files, then Focus.
        let shown = match total {
            t if t >= 116 => [true; 7],
            t if t >= 96 => [true, true, true, true, true, true, false],
            _ => [true, true, true, true, false, true, false],
        };
        let n_shown = shown.iter().filter(|s| **s).count();
        let mut avail = total.saturating_sub(MARKER_W + GAP * (n_shown - 1));
        let mut widths = [0; 7];
        for i in [1, 2, 3] {
            widths[i] = pref[i].min(avail);
            avail -= widths[i];
        }
        widths[0] = pref[0]
            .min(avail / 2)
            .max(pref[0].min(avail.saturating_sub(12)));
        avail -= widths[0];
        // Water-fill the flexible columns: the widest give way first.
        let flex: Vec<usize> = (4..7).filter(|&i| shown[i]).collect();
        let mut cap = avail;
        while cap > 0 && flex.iter().map(|&i| pref[i].min(cap)).sum::<usize>() > avail {
            cap -= 1;
        }
        for &i in &flex {
            widths[i] = pref[i].min(cap);
        }
        // Hand what rounding left to the last flexible column.
        let used: usize = flex.iter().map(|&i| widths[i]).sum();
        if let Some(&last) = flex.last() {
            widths[last] += avail
                .saturating_sub(used)
                .min(pref[last].saturating_sub(widths[last]));
        }
        Columns { widths }
    }

    fn line(&self, cells: [Span<'static>; 7], marker: Span<'static>, base: Style) -> Line<'static> {
        let mut spans = vec![marker];
        let mut first = true;
        for (cell, &w) in cells.into_iter().zip(&self.widths) {
            if w == 0 {
                continue;
            }
            if !first {
                spans.push(Span::raw(" ".repeat(GAP)));
            }
            first = false;
            let text = truncate(&cell.content, w);
            let pad = w.saturating_sub(width(&text));
            spans.push(Span::styled(text, cell.style));
            spans.push(Span::raw(" ".repeat(pad)));
        }
        Line::from(spans).style(base)
    }
}

fn render_tables(state: &State, l: &HomeLayout, frame: &mut Frame) {
    let catalog = &state.catalog;
    let home = &state.home;
    let inner = l.tables_inner;
    let cols = Columns::new(catalog, inner.width as usize);
    let total = home.order.len();
    let block = Block::bordered()
        .title(Line::from(" Repositories ").style(theme::title()))
        .title_bottom(Line::from(format!(" {}/{} ", home.selected + 1, total)).right_aligned())
        .border_style(theme::border_focused());
    frame.render_widget(block, l.tables);

    let lines: Vec<Line> = home
        .table_lines(catalog)
        .into_iter()
        .skip(home.table_scroll)
        .take(inner.height as usize)
        .map(|line| match line {
            TableLine::Heading(ci) => {
                let cat = &catalog.categories[ci];
                Line::from(Span::styled(
                    safe(&format!("{} {}", cat.icon, cat.title), inner.width as usize),
                    theme::heading(),
                ))
            }
            TableLine::Header => cols.line(
                TITLES.map(|t| Span::styled(t, theme::column_header())),
                Span::raw("  "),
                Style::new(),
            ),
            TableLine::Row(i) => {
                let (ci, ri) = home.order[i];
                let repo = &catalog.categories[ci].repos[ri];
                let selected = i == home.selected;
                let name_style = if repo.recommended_first && !selected {
                    theme::recommended()
                } else {
                    Style::new()
                };
                let star = if repo.recommended_first {
                    START_HERE
                } else {
                    ""
                };
                let (status_text, status_style) =
                    status_cell(state.status_of(&repo.id), state.fetching(&repo.id));
                let cells = [
                    Span::styled(format!("{}{star}", safe(&repo.id, 200)), name_style),
                    Span::styled(
                        status_text,
                        if selected { Style::new() } else { status_style },
                    ),
                    Span::raw(study_cell(state, &repo.id)),
                    Span::raw(safe(&repo.stars, 20)),
                    Span::raw(safe(&repo.focus, 200)),
                    Span::raw(safe(&repo.learn.join(", "), 500)),
                    Span::raw(safe(&repo.key_files.join(", "), 500)),
                ];
                let (marker, base) = if selected {
                    (Span::raw("▶ "), theme::selected_row())
                } else {
                    (Span::raw("  "), Style::new())
                };
                cols.line(cells, marker, base)
            }
            TableLine::Blank => Line::default(),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The Study cell: steps done, once any step has a state.
fn study_cell(state: &State, repo: &str) -> String {
    match state.progress.repo(repo) {
        Some(p) if !p.steps.is_empty() => {
            format!("{}/{}", p.steps_done(), state.catalog.study.steps.len())
        }
        _ => "-".into(),
    }
}

/// The Status cell of a repository row.
/// `fetching`: the clone is there and is being fetched into (more history
/// with `d`/`D`, an update with `u`), which is not a clone.
fn status_cell(status: &RepoStatus, fetching: Option<Fetching>) -> (String, Style) {
    match status {
        RepoStatus::NotCloned => ("not cloned".into(), theme::dim()),
        RepoStatus::Cloning(p) => (
            format!(
                "{} {:>3.0}%",
                match fetching {
                    Some(Fetching::History) => "history",
                    Some(Fetching::Update) => "updating",
                    None => "cloning",
                },
                p.fraction() * 100.0
            ),
            theme::moved(),
        ),
        RepoStatus::Cloned(Some(Depth::Full)) => ("cloned (full)".into(), theme::found()),
        RepoStatus::Cloned(Some(Depth::Commits(n))) => (format!("cloned (d{n})"), theme::found()),
        RepoStatus::Cloned(None) => ("cloned".into(), theme::found()),
        RepoStatus::Failed(_) => ("failed".into(), theme::failed()),
    }
}

/// The clone lines of the details pane: what is happening and what to
/// do. A failure is wrapped whole, never cut: it says what to do.
fn clone_lines(status: &RepoStatus, fetching: Option<Fetching>, w: usize) -> Vec<Line<'static>> {
    if let RepoStatus::Failed(reason) = status {
        let value_w = w.saturating_sub(16).max(10);
        let text = format!("failed: {}  r retries", safe(reason, 4000));
        return wrap(&text, value_w)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let lab = if i == 0 { "Clone" } else { "" };
                Line::from(vec![
                    Span::styled(format!(" {lab:<14} "), theme::label()),
                    Span::styled(part, theme::failed()),
                ])
            })
            .collect();
    }
    vec![clone_line(status, fetching, w)]
}

/// The clone line of the details pane: what is happening and what to do.
fn clone_line(status: &RepoStatus, fetching: Option<Fetching>, w: usize) -> Line<'static> {
    let label = Span::styled(format!(" {:<14} ", "Clone"), theme::label());
    match status {
        RepoStatus::NotCloned => Line::from(vec![
            label,
            Span::styled(
                "not cloned: Enter clones it (shallow) and opens it",
                theme::dim(),
            ),
        ]),
        RepoStatus::Cloning(p) => {
            let bar_w = 20usize;
            let filled = ((p.fraction() * bar_w as f64) as usize).min(bar_w);
            let what = match p.phase {
                crate::repo::Phase::Waiting => "waiting for another codestudy".to_string(),
                _ => crate::commands::clone::describe(p),
            };
            let what = match fetching {
                Some(Fetching::History) => format!("fetching history: {what}"),
                Some(Fetching::Update) => format!("updating: {what}"),
                None => what,
            };
            Line::from(vec![
                label,
                Span::styled("█".repeat(filled), theme::moved()),
                Span::styled("░".repeat(bar_w - filled), theme::dim()),
                Span::raw(format!(" {:>3.0}% ", p.fraction() * 100.0)),
                Span::styled(safe(&what, w.saturating_sub(45)), theme::dim()),
                Span::styled("  c cancels", theme::dim()),
            ])
        }
        RepoStatus::Cloned(depth) => {
            let d = depth.map(|d| format!(" ({d})")).unwrap_or_default();
            Line::from(vec![
                label,
                Span::styled(
                    format!("cloned{d}: Enter opens the explorer"),
                    theme::found(),
                ),
            ])
        }
        RepoStatus::Failed(reason) => Line::from(vec![
            label,
            Span::styled(
                format!("failed: {}", safe(reason, w.saturating_sub(40))),
                theme::failed(),
            ),
            Span::styled("  r retries", theme::dim()),
        ]),
    }
}

fn render_details(state: &State, l: &HomeLayout, frame: &mut Frame) {
    let area = l.details;
    let Some(repo) = state.home.selected_repo(&state.catalog) else {
        return;
    };
    let block = Block::bordered()
        .title(Line::from(format!(" {} ", safe(&repo.id, 80))).style(theme::title()))
        .border_style(theme::dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width as usize;
    const LABEL_W: usize = 15;
    let value_w = w.saturating_sub(LABEL_W + 1).max(1);

    let mut lines = Vec::new();
    let mut first = vec![
        Span::styled(format!(" {} stars", safe(&repo.stars, 20)), Style::new()),
        Span::styled("   ", Style::new()),
        Span::styled(safe(&repo.url, w.saturating_sub(20)), theme::link()),
    ];
    if repo.recommended_first {
        first.push(Span::styled(
            "   start here: recommended first",
            theme::recommended(),
        ));
    }
    lines.push(Line::from(first));
    lines.extend(clone_lines(
        state.status_of(&repo.id),
        state.fetching(&repo.id),
        w,
    ));
    let mut field = |label: &str, values: Vec<String>| {
        for (i, v) in values.into_iter().enumerate() {
            let lab = if i == 0 { label } else { "" };
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" {lab:<width$}", width = LABEL_W - 1),
                    theme::label(),
                ),
                Span::raw(" "),
                Span::raw(v),
            ]));
        }
    };
    field("Focus", wrap(&safe(&repo.focus, 1000), value_w));
    field(
        "What to learn",
        wrap(&safe(&repo.learn.join(", "), 1000), value_w),
    );
    // The study so far, the clone's size, and where its key files are
    // (read from the clone when its row is selected).
    let facts = match state.home.facts.get(&repo.id) {
        Some(Ok(f)) => Some(f),
        _ => None,
    };
    let p = state.progress.repo(&repo.id);
    if p.is_some() || matches!(state.status_of(&repo.id), RepoStatus::Cloned(_)) {
        let notes = p.map_or(0, |p| p.notes.len());
        field(
            "Study",
            vec![format!(
                "{}/{} steps done · {} symbols read · {notes} note{}",
                p.map_or(0, |p| p.steps_done()),
                state.catalog.study.steps.len(),
                p.map_or(0, |p| p.read_count()),
                if notes == 1 { "" } else { "s" }
            )],
        );
    }
    if let Some(f) = facts {
        field("On disk", vec![crate::text::size(f.disk_bytes)]);
        field("Files", wrap(&safe(&f.blobs, 1000), value_w));
    }
    if let Some(Err(e)) = state.home.facts.get(&repo.id) {
        field(
            "Clone",
            wrap(
                &safe(&format!("could not read the clone: {e}"), 1000),
                value_w,
            ),
        );
    }
    let key_lines: Vec<Line<'static>> = match facts {
        Some(f) => f
            .key_files
            .iter()
            .map(|k| key_file_detail(k, value_w))
            .collect(),
        None => repo
            .key_files
            .iter()
            .map(|k| Line::from(safe(k, value_w)))
            .collect(),
    };
    for (i, l) in key_lines.into_iter().enumerate() {
        let lab = if i == 0 { "Key files" } else { "" };
        let mut spans = vec![
            Span::styled(
                format!(" {lab:<width$}", width = LABEL_W - 1),
                theme::label(),
            ),
            Span::raw(" "),
        ];
        spans.extend(l.spans);
        lines.push(Line::from(spans));
    }
    let hidden = lines.len().saturating_sub(inner.height as usize);
    if hidden > 0 {
        lines.truncate(inner.height as usize);
        if let Some(last) = lines.last_mut() {
            last.push_span(Span::styled(format!("  (+{hidden} more)"), theme::dim()));
        }
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A key file in the details pane: found (`✓`), moved (`→` with where
/// to), missing (`✗` with what is similar), wrapped to the pane.
fn key_file_detail(k: &crate::app::explorer::KeyFile, w: usize) -> Line<'static> {
    use crate::repo::Resolution;
    let (mark, style, text) = match &k.resolution {
        Resolution::Found { .. } => ("✓", theme::found(), k.path.clone()),
        Resolution::Moved { to, became, .. } => (
            "→",
            theme::moved(),
            match became {
                crate::repo::Became::Moved => format!("{} → {to}", k.path),
                split @ crate::repo::Became::Split { .. } => {
                    format!("{} → {}", k.path, split.details(4))
                }
                other => format!("{} → {to} ({})", k.path, other.details(4)),
            },
        ),
        Resolution::Missing { suggestions } if suggestions.is_empty() => {
            ("✗", theme::missing(), format!("{} (missing)", k.path))
        }
        Resolution::Missing { suggestions } => (
            "✗",
            theme::missing(),
            format!("{} (missing; similar: {})", k.path, suggestions.join(", ")),
        ),
    };
    Line::from(vec![
        Span::styled(format!("{mark} "), style),
        Span::raw(safe(&text, w.saturating_sub(2))),
    ])
}

fn render_guide(state: &State, l: &HomeLayout, frame: &mut Frame) {
    let catalog = &state.catalog;
    let text_w = layout::guide_text_width(l);
    let all = guide_lines(catalog, text_w);
    let block = Block::bordered()
        .title(Line::from(" Study guide ").style(theme::title()))
        .border_style(theme::border_focused());
    let inner = block.inner(l.body);
    let visible = inner.height as usize;
    let scroll = state
        .home
        .guide_scroll
        .min(all.len().saturating_sub(visible));
    let more = all.len().saturating_sub(scroll + visible);
    let block = if more > 0 {
        block.title_bottom(Line::from(format!(" ↓ {more} more (j) ")).right_aligned())
    } else {
        block
    };
    frame.render_widget(block, l.body);
    let lines: Vec<Line> = all
        .into_iter()
        .skip(scroll)
        .take(visible)
        .map(|g| match g {
            GuideLine::Heading { icon, title } => Line::from(Span::styled(
                format!(" {}", safe(&format!("{icon} {title}"), text_w)),
                theme::heading(),
            )),
            GuideLine::Step { number, title } => Line::from(vec![
                Span::styled(format!(" {number:>2}. "), theme::key()),
                Span::styled(safe(&title, text_w.saturating_sub(4)), theme::title()),
            ]),
            GuideLine::Detail(t) => Line::from(format!("     {}", safe(&t, text_w))),
            GuideLine::Resource { title, description } => Line::from(vec![
                Span::styled("   • ", theme::dim()),
                Span::styled(safe(&title, text_w), theme::title()),
                Span::styled(
                    format!(
                        " - {}",
                        safe(&description, text_w.saturating_sub(width(&title) + 3))
                    ),
                    theme::dim(),
                ),
            ]),
            GuideLine::Link(url) => Line::from(vec![
                Span::raw("     "),
                Span::styled(safe(&url, text_w), theme::link()),
            ]),
            GuideLine::TipLabel => Line::from(Span::styled(" 💡 Tip", theme::heading())),
            GuideLine::Blank => Line::default(),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_footer(state: &State, l: &HomeLayout, frame: &mut Frame) {
    if let Some(s) = &state.status {
        super::render_status(frame, l.footer, s);
        return;
    }
    if let Some(keys) = super::overlay_footer(state.mode()) {
        frame.render_widget(Paragraph::new(super::key_hints(keys)), l.footer);
        return;
    }
    let keys: &[(&str, &str)] = match state.home.tab {
        HomeTab::Repositories => &[
            ("j/k", "move"),
            ("Enter", "open"),
            ("]/[", "category"),
            ("s", "study"),
            ("o", "sort"),
            ("Tab", "guide"),
            ("?", "help"),
            ("q", "quit"),
        ],
        HomeTab::Guide => &[
            ("j/k", "scroll"),
            ("Tab", "repositories"),
            ("?", "help"),
            ("q", "quit"),
        ],
    };
    frame.render_widget(Paragraph::new(super::key_hints(keys)), l.footer);
}
