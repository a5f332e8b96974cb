//! Search in the open file (`/`, `n`, `N`, `*`), the filters of the tree
//! and the outline (`/` there), and the go-to-line prompt (`:`): the line
//! prompt they share, the regex they compile (smart case, size limits, an
//! error with its column) and the matches they find.

use regex::{Regex, RegexBuilder};

use std::collections::HashSet;

use super::{ExplorerState, Pane, TreeRow, reader};
use crate::app::messages::{Action, Effect};
use crate::repo::RepoPath;

/// The most matches kept for one search: past that the count says so.
pub const MAX_MATCHES: usize = 100_000;

/// The compiled size a pattern may take (regex's own limits, as ripgrep
/// sets them): a pathological pattern is refused, not run.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const DFA_SIZE_LIMIT: usize = 1 << 21;

/// One match: its 0-based line and its bytes there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub line: usize,
    pub start: usize,
    pub end: usize,
}

/// The search of the source: its pattern, where it matches in the open
/// file, and the match the cursor is on.
#[derive(Debug, Clone)]
pub struct Search {
    pub pattern: String,
    pub regex: Regex,
    pub hits: Vec<Hit>,
    /// More than [`MAX_MATCHES`] matched: `hits` holds the first.
    pub capped: bool,
    pub current: Option<usize>,
}

impl Search {
    /// The pattern compiled and run over `lines`.
    pub fn new(pattern: &str, regex: Regex, lines: &[String]) -> Search {
        let mut s = Search {
            pattern: pattern.to_string(),
            regex,
            hits: Vec::new(),
            capped: false,
            current: None,
        };
        s.run(lines);
        s
    }

    /// Find every match again (another file was opened).
    pub fn run(&mut self, lines: &[String]) {
        self.hits.clear();
        self.capped = false;
        self.current = None;
        'lines: for (i, l) in lines.iter().enumerate() {
            for m in self.regex.find_iter(l) {
                if m.start() == m.end() {
                    continue;
                }
                if self.hits.len() == MAX_MATCHES {
                    self.capped = true;
                    break 'lines;
                }
                self.hits.push(Hit {
                    line: i,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
    }

    /// The matches on line `line`.
    pub fn on_line(&self, line: usize) -> &[Hit] {
        let a = self.hits.partition_point(|h| h.line < line);
        let b = self.hits.partition_point(|h| h.line <= line);
        &self.hits[a..b]
    }

    /// "3/17", or "17" when the cursor is on none; "100000+" when capped.
    pub fn count(&self) -> String {
        let total = if self.capped {
            format!("{MAX_MATCHES}+")
        } else {
            self.hits.len().to_string()
        };
        match self.current {
            Some(i) => format!("{}/{total}", i + 1),
            None => total,
        }
    }

    /// The first match after (or, `back`, before) byte `byte` of `line`,
    /// wrapping around: its index and whether it wrapped.
    fn next_from(&self, line: usize, byte: usize, back: bool) -> Option<(usize, bool)> {
        if self.hits.is_empty() {
            return None;
        }
        let key = |h: &Hit| (h.line, h.start);
        if back {
            let i = self.hits.partition_point(|h| key(h) < (line, byte));
            match i.checked_sub(1) {
                Some(i) => Some((i, false)),
                None => Some((self.hits.len() - 1, true)),
            }
        } else {
            let i = self.hits.partition_point(|h| key(h) <= (line, byte));
            if i < self.hits.len() {
                Some((i, false))
            } else {
                Some((0, true))
            }
        }
    }
}

/// Whether a pattern asks for case: an upper-case letter that is not an
/// escape's (`\S`, `\W`, `\D`, `\B`, `\A`, `\P{..}`).
fn has_upper(pattern: &str) -> bool {
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        if c == '\\' {
            escaped = true;
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

/// Compile `pattern` (smart case: case-insensitive unless it has an
/// upper-case letter), or say what is wrong with it and where.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
        let (kind, column) = match &e {
            regex_syntax::Error::Parse(e) => (e.kind().to_string(), e.span().start.column),
            regex_syntax::Error::Translate(e) => (e.kind().to_string(), e.span().start.column),
            other => (other.to_string(), 1),
        };
        return Err(format!("invalid regex at column {column}: {kind}"));
    }
    RegexBuilder::new(pattern)
        .case_insensitive(!has_upper(pattern))
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(DFA_SIZE_LIMIT)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => format!(
                "the pattern is too large once compiled (over {} KiB): make it simpler",
                limit / 1024
            ),
            other => format!("invalid regex: {other}"),
        })
}

/// What the line prompt is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `/` in the source.
    Search,
    /// `/` in the tree or the outline.
    Filter(Pane),
    /// `:`.
    Line,
}

/// The explorer's line prompt, and what to go back to on Esc.
#[derive(Debug, Clone)]
pub struct LinePrompt {
    pub kind: PromptKind,
    pub text: String,
    /// What is wrong with the text (shown under it).
    pub error: Option<String>,
    /// The cursor and the search before the prompt opened.
    origin: (usize, usize, usize),
    previous: Option<Search>,
}

impl LinePrompt {
    /// What the prompt line starts with.
    pub fn lead(&self) -> &'static str {
        match self.kind {
            PromptKind::Search | PromptKind::Filter(_) => "/",
            PromptKind::Line => ":",
        }
    }
}

fn prompt(e: &ExplorerState, kind: PromptKind) -> LinePrompt {
    LinePrompt {
        kind,
        text: String::new(),
        error: None,
        origin: (e.source.selected, e.col, e.source.scroll),
        previous: e.search.clone(),
    }
}

/// The keys of the explorer that search or go to a line (the prompt
/// opening, `n`, `N`, `*`): effects and a message.
pub(super) fn on_key(
    e: &mut ExplorerState,
    action: Action,
    count: Option<usize>,
) -> (Vec<Effect>, Option<String>) {
    let source = e.focus == Pane::Source;
    let message = match action {
        Action::Search if source => {
            e.prompt = Some(prompt(e, PromptKind::Search));
            None
        }
        Action::Search => {
            let mut p = prompt(e, PromptKind::Filter(e.focus));
            p.text = e.filter_text(e.focus).to_string();
            e.prompt = Some(p);
            None
        }
        Action::GoToLine => {
            e.prompt = Some(prompt(e, PromptKind::Line));
            None
        }
        Action::NextMatch | Action::PrevMatch => {
            let mut message = None;
            for _ in 0..count.unwrap_or(1).min(10_000) {
                message = step(e, action == Action::PrevMatch, true);
            }
            message
        }
        Action::SearchWord => search_word(e),
        _ => None,
    };
    (Vec::new(), message)
}

/// `n` (`back`: `N`): the cursor on the next match, recording the jump
/// when `jump`; the message to show (wrapped, none).
fn step(e: &mut ExplorerState, back: bool, jump: bool) -> Option<String> {
    let Some(s) = &e.search else {
        return Some("no search yet: / in the source pane searches".into());
    };
    let line = e.source.selected;
    let byte = e
        .lines()
        .get(line)
        .map_or(0, |l| reader::byte_of(l, e.cursor_col()));
    let Some((i, wrapped)) = s.next_from(line, byte, back) else {
        return Some(format!("no match for /{}", s.pattern));
    };
    let hit = s.hits[i];
    if jump {
        e.record_jump();
    }
    let col = e
        .lines()
        .get(hit.line)
        .map_or(0, |l| reader::col_of(l, hit.start));
    e.focus = Pane::Source;
    e.set_cursor(hit.line, col);
    if let Some(s) = &mut e.search {
        s.current = Some(i);
    }
    wrapped.then(|| {
        if back {
            "search wrapped to bottom".to_string()
        } else {
            "search wrapped to top".to_string()
        }
    })
}

/// `*`: search the word under the cursor, as a whole word and as typed.
fn search_word(e: &mut ExplorerState) -> Option<String> {
    if e.focus != Pane::Source {
        return Some("* searches the word under the source cursor (Tab to it)".into());
    }
    let line = e.lines().get(e.source.selected)?;
    let Some((a, b)) = reader::word_at(line, e.cursor_col()) else {
        return Some("no word under the cursor".into());
    };
    let word: String = line.chars().skip(a).take(b - a).collect();
    let pattern = format!(r"\b{}\b", regex::escape(&word));
    // As typed: `*` on `Flask` does not find `flask`.
    let regex = RegexBuilder::new(&pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .ok()?;
    e.search = Some(Search::new(&pattern, regex, e.lines()));
    // From the word's start, so that `n` semantics find the next one.
    e.col = a;
    step(e, false, true)
}

/// A key while the line prompt is open.
pub(super) fn on_prompt_key(e: &mut ExplorerState, action: Action) -> Option<String> {
    let p = e.prompt.as_mut()?;
    match action {
        Action::Char(c) => p.text.push(c),
        // A paste, or typed text that arrived in a burst: its first line.
        Action::Paste(pasted) => p.text.push_str(&crate::app::textarea::first_line(&pasted)),
        Action::DeleteChar => {
            p.text.pop();
        }
        Action::Back => {
            let p = e.prompt.take()?;
            match p.kind {
                PromptKind::Search => {
                    e.search = p.previous;
                    (e.source.selected, e.col, e.source.scroll) = p.origin;
                    e.follow_source();
                }
                PromptKind::Filter(pane) => e.set_filter(pane, String::new()),
                PromptKind::Line => {}
            }
            return None;
        }
        Action::Open => return submit(e),
        _ => return None,
    }
    preview(e);
    None
}

/// The prompt's text changed: search as it is typed (from where the
/// cursor was), or filter.
fn preview(e: &mut ExplorerState) {
    let Some(p) = &e.prompt else { return };
    let (kind, text, origin) = (p.kind, p.text.clone(), p.origin);
    match kind {
        PromptKind::Search => {
            (e.source.selected, e.col, e.source.scroll) = origin;
            if text.is_empty() {
                e.search = None;
                set_error(e, None);
                return;
            }
            match compile(&text) {
                Ok(regex) => {
                    e.search = Some(Search::new(&text, regex, e.lines()));
                    set_error(e, None);
                    step(e, false, false);
                }
                Err(err) => {
                    e.search = None;
                    set_error(e, Some(err));
                }
            }
        }
        PromptKind::Filter(pane) => e.set_filter(pane, text),
        PromptKind::Line => {
            let err = (!text.is_empty() && text.parse::<usize>().is_err())
                .then(|| "type a line number, then Enter".to_string());
            set_error(e, err);
        }
    }
}

fn set_error(e: &mut ExplorerState, error: Option<String>) {
    if let Some(p) = &mut e.prompt {
        p.error = error;
    }
}

/// Enter in the prompt: the search, filter or line taken (the prompt
/// stays open, with its error, when the text is not one).
fn submit(e: &mut ExplorerState) -> Option<String> {
    let p = e.prompt.as_ref()?;
    if p.error.is_some() {
        return None;
    }
    let (kind, text, origin) = (p.kind, p.text.clone(), p.origin);
    let origin_place = e.file.as_ref().map(|f| reader::Place {
        path: f.path.clone(),
        line: origin.0,
        col: origin.1,
    });
    match kind {
        PromptKind::Search => {
            e.prompt = None;
            let s = e.search.as_ref()?;
            if s.hits.is_empty() {
                return Some(format!("no match for /{}", s.pattern));
            }
            if let Some(place) = origin_place
                && (place.line, place.col) != (e.source.selected, e.cursor_col())
            {
                e.jumps.record(place);
            }
            Some(format!("/{}  [{}]", s.pattern, s.count()))
        }
        PromptKind::Filter(_) => {
            e.prompt = None;
            None
        }
        PromptKind::Line => {
            e.prompt = None;
            let n: usize = text.parse().ok()?;
            let last = e.lines().len();
            if last == 0 {
                return Some("no file open to go to a line in".into());
            }
            e.record_jump();
            e.focus = Pane::Source;
            e.set_cursor(n.clamp(1, last) - 1, 0);
            (n > last).then(|| format!("the file has {last} lines: at the last"))
        }
    }
}

/// Whether `name` passes the filter `filter` (smart case: a filter with
/// an upper-case letter matches case).
pub fn filter_keeps(filter: &str, name: &str) -> bool {
    if filter.is_empty() {
        return true;
    }
    if filter.chars().any(char::is_uppercase) {
        name.contains(filter)
    } else {
        name.to_lowercase().contains(&filter.to_lowercase())
    }
}

impl ExplorerState {
    /// The tree rows the filter keeps: the entries whose name passes it,
    /// and the directories above them.
    pub(super) fn filtered(&self, rows: Vec<TreeRow>) -> Vec<TreeRow> {
        let f = &self.tree_filter;
        let name_keeps = |p: &RepoPath| filter_keeps(f, &String::from_utf8_lossy(p.file_name()));
        let mut above = HashSet::new();
        for r in &rows {
            if let TreeRow::Entry { path, .. } = r
                && name_keeps(path)
            {
                above.extend(path.ancestors());
            }
        }
        let key_files = self.overview.as_ref().map(|o| o.key_files.as_slice());
        rows.into_iter()
            .filter(|r| match r {
                TreeRow::Entry { path, .. } => name_keeps(path) || above.contains(path),
                TreeRow::Key(i) => key_files
                    .and_then(|k| k.get(*i))
                    .is_some_and(|k| filter_keeps(f, &k.path)),
                TreeRow::KeyHeader | TreeRow::FilesHeader => true,
            })
            .collect()
    }

    /// The rows the prompt's filter leaves.
    pub fn filter_rows(&self, kind: PromptKind) -> usize {
        match kind {
            PromptKind::Filter(Pane::Tree) => self
                .rows
                .iter()
                .filter(|r| matches!(r, TreeRow::Entry { .. } | TreeRow::Key(_)))
                .count(),
            _ => self.outline_rows.len(),
        }
    }

    /// The filter of the tree or the outline.
    pub fn filter_text(&self, pane: Pane) -> &str {
        match pane {
            Pane::Tree => &self.tree_filter,
            _ => &self.outline_filter,
        }
    }

    /// Filter the tree or the outline by name (empty: no filter).
    pub fn set_filter(&mut self, pane: Pane, text: String) {
        match pane {
            Pane::Tree => {
                self.tree_filter = text;
                self.rebuild_rows();
            }
            _ => {
                self.outline_filter = text;
                self.rebuild_outline();
            }
        }
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
