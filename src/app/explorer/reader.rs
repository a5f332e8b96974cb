//! Reading one file: the source cursor's column, its motions (words, line
//! ends, blank lines, brackets, symbols), counts, and the jump list that
//! remembers where each jump came from. The motions are pure functions
//! over the file's lines; [`apply`] runs a key on the explorer.

use super::update::{go_to, jump_to_line, pane_height};
use super::{ExplorerState, Pane, search};
use crate::app::messages::{Action, Effect};
use crate::app::state::RequestIds;
use crate::repo::RepoPath;

/// The most places the jump list keeps; the oldest go first.
pub const JUMPS_KEPT: usize = 100;

/// The largest count (`12G`) taken: more digits are ignored.
const COUNT_MAX: usize = 10_000_000;

/// How far `%` looks for the matching bracket, in characters: a file of
/// unbalanced brackets costs no more than this.
const BRACKET_SCAN: usize = 4_000_000;

/// How far the word under the cursor is looked for on each side: a run
/// of 5 MB of letters is shaded near the cursor only.
const WORD_MAX: usize = 1_000;

/// A place in a file: 0-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: RepoPath,
    pub line: usize,
    pub col: usize,
}

/// Where jumps came from, vim style: a jump records the place it left,
/// Ctrl-o goes back through them and Ctrl-n forward again.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    places: Vec<Place>,
    /// The place Ctrl-o went back to; `places.len()` when not going back.
    index: usize,
}

impl JumpList {
    /// A jump leaves `here`: it is recorded and the places ahead of it
    /// (gone back over) are forgotten.
    pub fn record(&mut self, here: Place) {
        self.places.truncate(self.index);
        if self.places.last() != Some(&here) {
            self.places.push(here);
        }
        if self.places.len() > JUMPS_KEPT {
            self.places.remove(0);
        }
        self.index = self.places.len();
    }

    /// Ctrl-o from `here`: the place before, if there is one. The first
    /// Ctrl-o keeps `here`, so that Ctrl-n can come back to it.
    pub fn back(&mut self, here: Place) -> Option<Place> {
        if self.index >= self.places.len() {
            if self.places.last() != Some(&here) {
                self.places.push(here);
            }
            self.index = self.places.len() - 1;
        }
        if self.index == 0 {
            return None;
        }
        self.index -= 1;
        self.places.get(self.index).cloned()
    }

    /// Ctrl-n: the place after the one gone back to, if any.
    pub fn forward(&mut self) -> Option<Place> {
        if self.index + 1 >= self.places.len() {
            return None;
        }
        self.index += 1;
        self.places.get(self.index).cloned()
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }
}

/// A word character: letters, digits, `_` (Python's identifiers).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Blank, word or punctuation: `w` and `b` stop where the class changes.
fn class(c: char) -> u8 {
    if c.is_whitespace() {
        0
    } else if is_word(c) {
        1
    } else {
        2
    }
}

fn chars(line: &str) -> Vec<char> {
    line.chars().collect()
}

/// The column the cursor is drawn on: the wanted one, within the line.
pub fn effective_col(line: &str, col: usize) -> usize {
    col.min(line.chars().count().saturating_sub(1))
}

/// The byte offset of character `col` of `line` (its length past the end).
pub fn byte_of(line: &str, col: usize) -> usize {
    // Most code is ASCII: no walk over a long line for each key.
    if line.is_ascii() {
        return col.min(line.len());
    }
    line.char_indices().nth(col).map_or(line.len(), |(b, _)| b)
}

/// The character column of byte offset `byte` of `line`.
pub fn col_of(line: &str, byte: usize) -> usize {
    if line.is_ascii() {
        return byte.min(line.len());
    }
    line.char_indices().take_while(|(b, _)| *b < byte).count()
}

/// The word under `col` of `line`, as a range of character columns.
pub fn word_at(line: &str, col: usize) -> Option<(usize, usize)> {
    // Only the word is walked over, not the line (it may be 5 MB).
    let b = byte_of(line, col);
    if !line[b..].chars().next().is_some_and(is_word) {
        return None;
    }
    let before = line[..b]
        .chars()
        .rev()
        .take(WORD_MAX)
        .take_while(|c| is_word(*c))
        .count();
    let after = line[b..]
        .chars()
        .take(WORD_MAX)
        .take_while(|c| is_word(*c))
        .count();
    Some((col - before, col + after))
}

/// `w`: the start of the next word (or run of punctuation), across lines;
/// an empty line is a stop, as in vim.
pub fn word_next(lines: &[String], line: usize, col: usize) -> (usize, usize) {
    let Some(text) = lines.get(line) else {
        return (line, col);
    };
    let cs = chars(text);
    let mut i = col.min(cs.len());
    if let Some(&c) = cs.get(i) {
        let k = class(c);
        while i < cs.len() && class(cs[i]) == k {
            i += 1;
        }
    }
    while i < cs.len() && cs[i].is_whitespace() {
        i += 1;
    }
    if i < cs.len() {
        return (line, i);
    }
    for (l, text) in lines.iter().enumerate().skip(line + 1) {
        match text.chars().position(|c| !c.is_whitespace()) {
            Some(i) => return (l, i),
            None if text.is_empty() => return (l, 0),
            None => {}
        }
    }
    (line, effective_col(text, col))
}

/// `b`: the start of this word if the cursor is inside it, else of the
/// previous one, across lines.
pub fn word_prev(lines: &[String], line: usize, col: usize) -> (usize, usize) {
    let mut l = line.min(lines.len().saturating_sub(1));
    let Some(text) = lines.get(l) else {
        return (line, col);
    };
    let mut cs = chars(text);
    let mut i = col.min(cs.len());
    // Back over blanks, to the line above when the start is reached.
    loop {
        while i > 0 && cs[i - 1].is_whitespace() {
            i -= 1;
        }
        if i > 0 {
            break;
        }
        if l == 0 || (cs.is_empty() && l != line) {
            return (l, 0);
        }
        l -= 1;
        cs = chars(&lines[l]);
        i = cs.len();
        if cs.is_empty() {
            return (l, 0);
        }
    }
    let k = class(cs[i - 1]);
    while i > 0 && class(cs[i - 1]) == k {
        i -= 1;
    }
    (l, i)
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// `}`: the next blank line after the paragraph below, or the last line.
pub fn paragraph_next(lines: &[String], line: usize) -> usize {
    let n = lines.len();
    let mut i = line;
    while i < n && blank(&lines[i]) {
        i += 1;
    }
    while i < n && !blank(&lines[i]) {
        i += 1;
    }
    i.min(n.saturating_sub(1))
}

/// `{`: the blank line before the paragraph above, or the first line.
pub fn paragraph_prev(lines: &[String], line: usize) -> usize {
    let mut i = line.min(lines.len().saturating_sub(1));
    while i > 0 && blank(&lines[i]) {
        i -= 1;
    }
    while i > 0 && !blank(&lines[i]) {
        i -= 1;
    }
    i
}

/// `%`: from the first bracket at or after `col` on `line`, the place of
/// the one that matches it (counting nesting, across lines), if any.
pub fn matching_bracket(lines: &[String], line: usize, col: usize) -> Option<(usize, usize)> {
    const PAIRS: [(char, char); 3] = [('(', ')'), ('[', ']'), ('{', '}')];
    let cs = chars(lines.get(line)?);
    let (start, c) = cs
        .iter()
        .enumerate()
        .skip(col)
        .find(|(_, c)| PAIRS.iter().any(|(o, e)| o == *c || e == *c))
        .map(|(i, c)| (i, *c))?;
    let (open, close, forward) = PAIRS.iter().find_map(|&(o, e)| {
        if c == o {
            Some((o, e, true))
        } else if c == e {
            Some((o, e, false))
        } else {
            None
        }
    })?;
    let mut depth = 0usize;
    let mut seen = 0usize;
    let mut l = line;
    let mut row = cs;
    let mut i = start as isize;
    loop {
        while i >= 0 && (i as usize) < row.len() {
            seen += 1;
            if seen > BRACKET_SCAN {
                return None;
            }
            let ch = row[i as usize];
            if ch == open || ch == close {
                let towards = if forward { ch == open } else { ch == close };
                if towards {
                    depth += 1;
                } else {
                    depth -= 1;
                    if depth == 0 {
                        return Some((l, i as usize));
                    }
                }
            }
            i += if forward { 1 } else { -1 };
        }
        if forward {
            l += 1;
            row = chars(lines.get(l)?);
            i = 0;
        } else {
            l = l.checked_sub(1)?;
            row = chars(&lines[l]);
            i = row.len() as isize - 1;
        }
    }
}

impl ExplorerState {
    /// The source cursor as a place, when a file is open.
    pub fn here(&self) -> Option<Place> {
        let f = self.file.as_ref()?;
        Some(Place {
            path: f.path.clone(),
            line: self.source.selected,
            col: self.cursor_col(),
        })
    }

    /// Where the source is, to come back to when the repository is opened
    /// again; `None` until a file is loaded.
    pub fn last_place(&self) -> Option<crate::study::LastPlace> {
        let f = self.file.as_ref()?;
        if !matches!(f.state, super::FileState::Loaded(_)) {
            return None;
        }
        Some(crate::study::LastPlace {
            path: f.path.to_string_lossy(),
            line: self.source.selected as u32 + 1,
            column: self.cursor_col() as u32,
            top: self.source.scroll as u32 + 1,
        })
    }

    /// The open file's lines (none while it loads or is not text).
    pub fn lines(&self) -> &[String] {
        match &self.file {
            Some(super::OpenFile {
                state: super::FileState::Loaded(f),
                ..
            }) => &f.lines,
            _ => &[],
        }
    }

    /// The cursor's column on its line (the wanted column, within it).
    pub fn cursor_col(&self) -> usize {
        self.lines()
            .get(self.source.selected)
            .map_or(0, |l| effective_col(l, self.col))
    }

    /// Record the cursor's place before a jump.
    pub fn record_jump(&mut self) {
        if let Some(here) = self.here() {
            self.jumps.record(here);
        }
    }

    /// Put the source cursor on `line`, `col` (a jump within the file): the
    /// line shown with some context, the outline on its symbol.
    pub fn set_cursor(&mut self, line: usize, col: usize) {
        let scroll = self.source.scroll;
        jump_to_line(self, line);
        let shown = line >= scroll && line < scroll + self.source_rows;
        if shown {
            self.source.scroll = scroll;
        }
        self.col = col;
    }

    /// Take the count typed so far (1 when none).
    pub fn take_count(&mut self) -> Option<usize> {
        self.count.take()
    }
}

/// Go to `place`: in the open file, or opening its file.
pub fn go_to_place(e: &mut ExplorerState, place: Place, requests: &mut RequestIds) -> Vec<Effect> {
    if e.file.as_ref().is_some_and(|f| f.path == place.path) {
        e.set_cursor(place.line, place.col);
        e.focus = Pane::Source;
        return Vec::new();
    }
    let effects = go_to(e, place.path, Some(place.line), requests);
    e.pending_col = Some(place.col);
    effects
}

/// A reading key on the explorer (motions, counts, search, jumps): the
/// effects it asks for, or `None` when `action` is not one of them.
pub fn apply(
    e: &mut ExplorerState,
    action: Action,
    viewport: ratatui::layout::Rect,
    requests: &mut RequestIds,
) -> Option<(Vec<Effect>, Option<String>)> {
    let source = e.focus == Pane::Source;
    let none = || Some((Vec::new(), None));
    match action {
        Action::Digit(d) => {
            let n = e.count.unwrap_or(0) * 10 + d as usize;
            e.count = Some(n.min(COUNT_MAX));
            return none();
        }
        Action::LineStart if e.count.is_some() => {
            let n = e.count.unwrap_or(0) * 10;
            e.count = Some(n.min(COUNT_MAX));
            return none();
        }
        _ => {}
    }
    let count = e.take_count();
    let lines_len = e.lines().len();
    match action {
        Action::Left | Action::Right if !source => {
            e.focus = if action == Action::Left {
                e.focus.prev()
            } else {
                e.focus.next()
            };
            none()
        }
        Action::Left => {
            let n = count.unwrap_or(1);
            e.col = e.cursor_col().saturating_sub(n);
            none()
        }
        Action::Right => {
            let n = count.unwrap_or(1);
            let len = e
                .lines()
                .get(e.source.selected)
                .map_or(0, |l| l.chars().count());
            e.col = (e.cursor_col() + n).min(len.saturating_sub(1));
            none()
        }
        Action::Up | Action::Down if count.is_some() => {
            let n = count.unwrap_or(1);
            let page = pane_height(e, viewport, e.focus);
            let focus = e.focus;
            let mut moved = false;
            for _ in 0..n.min(COUNT_MAX) {
                if !super::update::move_in(e, focus, action.clone(), page) {
                    break;
                }
                moved = true;
            }
            let effects = if moved {
                super::update::moved(e, focus)
            } else {
                Vec::new()
            };
            Some((effects, None))
        }
        Action::Last if source && count.is_some() => {
            let line = count.unwrap_or(1).saturating_sub(1);
            e.record_jump();
            e.set_cursor(line.min(lines_len.saturating_sub(1)), 0);
            none()
        }
        Action::First | Action::Last if source => {
            e.record_jump();
            let line = if action == Action::First {
                0
            } else {
                lines_len.saturating_sub(1)
            };
            e.set_cursor(line, 0);
            none()
        }
        Action::LineStart | Action::LineEnd | Action::WordNext | Action::WordPrev if !source => {
            Some((Vec::new(), Some("in the source pane (Tab to it)".into())))
        }
        Action::LineStart => {
            e.col = 0;
            none()
        }
        Action::LineEnd => {
            e.col = usize::MAX;
            none()
        }
        Action::WordNext | Action::WordPrev => {
            let (mut l, mut c) = (e.source.selected, e.cursor_col());
            for _ in 0..count.unwrap_or(1).min(10_000) {
                (l, c) = if action == Action::WordNext {
                    word_next(e.lines(), l, c)
                } else {
                    word_prev(e.lines(), l, c)
                };
            }
            move_cursor(e, l, c);
            none()
        }
        Action::NextParagraph | Action::PrevParagraph => {
            if lines_len == 0 {
                return none();
            }
            let mut l = e.source.selected;
            for _ in 0..count.unwrap_or(1).min(10_000) {
                l = if action == Action::NextParagraph {
                    paragraph_next(e.lines(), l)
                } else {
                    paragraph_prev(e.lines(), l)
                };
            }
            e.record_jump();
            e.focus = Pane::Source;
            e.set_cursor(l, 0);
            none()
        }
        Action::MatchBracket => {
            let (line, col) = (e.source.selected, e.cursor_col());
            match matching_bracket(e.lines(), line, col) {
                Some((l, c)) => {
                    e.record_jump();
                    e.set_cursor(l, c);
                    none()
                }
                None => Some((
                    Vec::new(),
                    Some("no bracket with a match on this line from the cursor".into()),
                )),
            }
        }
        Action::NextSymbol | Action::PrevSymbol => Some((Vec::new(), next_symbol(e, action))),
        Action::JumpBack | Action::JumpForward => {
            let target = if action == Action::JumpBack {
                match e.here() {
                    Some(here) => e.jumps.back(here),
                    None => None,
                }
            } else {
                e.jumps.forward()
            };
            match target {
                Some(place) => Some((go_to_place(e, place, requests), None)),
                None => Some((
                    Vec::new(),
                    Some(if action == Action::JumpBack {
                        "no older place in the jump list".into()
                    } else {
                        "no newer place in the jump list (Ctrl-o goes back)".into()
                    }),
                )),
            }
        }
        Action::Search
        | Action::GoToLine
        | Action::NextMatch
        | Action::PrevMatch
        | Action::SearchWord => Some(search::on_key(e, action, count)),
        _ => {
            // Any other key forgets the count.
            None
        }
    }
}

/// A motion within the line or across lines: the cursor there, the
/// outline following.
fn move_cursor(e: &mut ExplorerState, line: usize, col: usize) {
    e.source.selected = line;
    e.col = col;
    if let Some(i) = e.symbol_at(line) {
        e.outline.selected = i;
    }
}

/// `]]` / `[[`: the next (previous) symbol of the outline after (before)
/// the cursor's line; a message when there is none.
fn next_symbol(e: &mut ExplorerState, action: Action) -> Option<String> {
    let here = e.source.selected + 1;
    let next = action == Action::NextSymbol;
    let mut starts: Vec<u32> = e.outline_rows.iter().map(|r| r.line).collect();
    starts.sort_unstable();
    starts.dedup();
    let target = if next {
        starts.iter().find(|l| **l as usize > here)
    } else {
        starts.iter().rev().find(|l| (**l as usize) < here)
    };
    let Some(&line) = target else {
        return Some(if e.outline_rows.is_empty() {
            "no symbols in this file".into()
        } else if next {
            "no symbol below".into()
        } else {
            "no symbol above".into()
        });
    };
    e.record_jump();
    e.focus = Pane::Source;
    let line = (line as usize).saturating_sub(1);
    let col = e
        .lines()
        .get(line)
        .and_then(|l| l.chars().position(|c| !c.is_whitespace()))
        .unwrap_or(0);
    e.set_cursor(line, col);
    None
}

#[cfg(test)]
#[path = "reader_tests.rs"]
mod tests;
