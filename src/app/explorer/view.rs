//! What the source pane shows of the file: the columns scrolled past on
//! long lines (with the cursor kept in view), the rows a line takes when
//! wrapped, and the sticky scope lines (the headers of the classes and
//! functions around the first line shown, once scrolled away).

use super::ExplorerState;
use super::reader::effective_col;
use crate::outline::SymbolKind;

/// The most scope lines kept at the top of the source pane.
pub const STICKY_MAX: usize = 3;

/// The display column (tabs expanded, wide characters counted) where
/// character `col` of `line` starts.
pub fn display_col(line: &str, col: usize) -> usize {
    let prefix = &line[..super::reader::byte_of(line, col)];
    if prefix.is_ascii() && !prefix.contains('\t') {
        // One column a character (a control one becomes one stand-in).
        return prefix.len();
    }
    let mut scratch = String::new();
    let mut at = 0;
    for c in line.chars().take(col) {
        scratch.clear();
        at += crate::sanitize::push_safe(&mut scratch, c, at);
    }
    at
}

/// The columns before the source text: the line numbers and a space.
pub fn gutter_width(lines: usize) -> usize {
    lines.to_string().len().max(3) + 1
}

/// Scroll the source sideways just enough for the cursor to be among
/// the `width` columns of text shown (the last holds the cut marker).
pub fn keep_cursor_in_view(e: &mut ExplorerState, width: usize) {
    if e.wrap {
        e.hscroll = 0;
        return;
    }
    let at = e
        .lines()
        .get(e.source.selected)
        .map_or(0, |l| display_col(l, effective_col(l, e.col)));
    if e.hscroll > 0 && at <= e.hscroll {
        e.hscroll = at.saturating_sub(1);
    }
    if at + 2 > e.hscroll + width {
        e.hscroll = (at + 2).saturating_sub(width);
    }
}

/// The rows `line` takes wrapped at `width` columns, counted up to `cap`
/// (a 5 MB line costs no more than the rows it can show).
pub fn wrapped_rows(line: &str, width: usize, cap: usize) -> usize {
    let width = width.max(1);
    let mut scratch = String::new();
    let (mut at, mut rows, mut used) = (0usize, 1usize, 0usize);
    for c in line.chars() {
        scratch.clear();
        let w = crate::sanitize::push_safe(&mut scratch, c, at);
        at += w;
        if used + w > width {
            rows += 1;
            used = 0;
            if rows >= cap {
                return cap;
            }
        }
        used += w;
    }
    rows
}

/// Wrapped: scroll down just enough for the cursor's line to fit, whole,
/// among `height` rows of `width` columns.
pub fn keep_wrapped_in_view(e: &mut ExplorerState, width: usize, height: usize) {
    if !e.wrap {
        return;
    }
    loop {
        let lines = e.lines();
        let used: usize = (e.source.scroll..=e.source.selected)
            .filter_map(|i| lines.get(i))
            .map(|l| wrapped_rows(l, width, height + 1))
            .sum();
        if used <= height || e.source.scroll >= e.source.selected {
            return;
        }
        e.source.scroll += 1;
    }
}

/// The 0-based lines of the headers (`class …`, `def …`) of the
/// definitions around 0-based line `first` that start above it,
/// outermost first, the innermost [`STICKY_MAX`] of them.
pub fn scope_headers(e: &ExplorerState, first: usize) -> Vec<usize> {
    let Some(super::OpenFile {
        state: super::FileState::Loaded(f),
        ..
    }) = &e.file
    else {
        return Vec::new();
    };
    let l = first as u32 + 1;
    let mut headers: Vec<usize> = f
        .outline
        .flatten()
        .into_iter()
        .map(|(_, s)| s)
        .filter(|s| s.kind != SymbolKind::Variable && s.line < l && l <= s.end_line)
        .map(|s| s.line as usize - 1)
        .collect();
    headers.sort_unstable();
    headers.dedup();
    let skip = headers.len().saturating_sub(STICKY_MAX);
    headers.split_off(skip)
}

/// The character of `line` drawn at display column `at` (the last one
/// when `at` is past the end).
pub fn char_at_display(line: &str, at: usize) -> usize {
    let mut scratch = String::new();
    let mut col = 0;
    for (i, c) in line.chars().enumerate() {
        scratch.clear();
        let w = crate::sanitize::push_safe(&mut scratch, c, col);
        if at < col + w.max(1) {
            return i;
        }
        col += w;
    }
    line.chars().count().saturating_sub(1)
}

/// The line and column drawn at `row` of the source pane and text column
/// `at` (after the gutter), `width` columns of text wide: a click.
pub fn place_at(e: &ExplorerState, row: usize, at: usize, width: usize) -> Option<(usize, usize)> {
    let lines = e.lines();
    if !e.wrap {
        let line = e.source.scroll + row;
        let text = lines.get(line)?;
        return Some((line, char_at_display(text, at + e.hscroll)));
    }
    let mut first = 0;
    for (i, text) in lines.iter().enumerate().skip(e.source.scroll) {
        let rows = wrapped_rows(text, width, row + 2);
        if row < first + rows {
            let chunk = row - first;
            return Some((i, char_at_display(text, chunk * width + at)));
        }
        first += rows;
    }
    None
}

/// The repository's web page for `line` of `path` at commit `sha`, for
/// the hosts whose form is known (GitHub, GitLab, Codeberg); `None` for
/// another host. The path is percent-encoded.
pub fn permalink(url: &str, sha: &str, path: &[u8], line: usize) -> Option<String> {
    let base = url.trim_end_matches('/').trim_end_matches(".git");
    let blob = if base.starts_with("https://github.com/") {
        "blob"
    } else if base.starts_with("https://gitlab.com/") {
        "-/blob"
    } else if base.starts_with("https://codeberg.org/") {
        "src/commit"
    } else {
        return None;
    };
    let mut encoded = String::new();
    for &b in path {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    Some(format!("{base}/{blob}/{sha}/{encoded}#L{line}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permalinks_for_known_hosts_with_the_path_encoded() {
        assert_eq!(
            permalink(
                "https://github.com/pallets/flask",
                "abc",
                b"src/flask/app.py",
                1415
            )
            .as_deref(),
            Some("https://github.com/pallets/flask/blob/abc/src/flask/app.py#L1415")
        );
        assert_eq!(
            permalink("https://gitlab.com/a/b.git", "abc", b"caf\xe9 x.py", 2).as_deref(),
            Some("https://gitlab.com/a/b/-/blob/abc/caf%E9%20x.py#L2")
        );
        assert_eq!(permalink("https://example.com/a/b", "abc", b"x", 1), None);
    }

    #[test]
    fn wrapped_rows_and_clicks_agree() {
        assert_eq!(wrapped_rows("", 10, 5), 1);
        assert_eq!(wrapped_rows(&"a".repeat(25), 10, 50), 3);
        assert_eq!(wrapped_rows(&"a".repeat(1000), 10, 5), 5, "capped");
        assert_eq!(char_at_display("\tab", 5), 2, "after the tab's 4 columns");
        assert_eq!(char_at_display("ab", 9), 1);
        assert_eq!(display_col("\tab", 1), 4);
        assert_eq!(display_col("ab", 5), 2);
    }
}
