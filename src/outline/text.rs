//! Turning syntax nodes back into short text: names, collapsed
//! signatures, positions.

use tree_sitter::Node;

use super::Symbol;

/// Python's and C/C++'s grammars both name their comment nodes `comment`.
pub fn is_comment(kind: &str) -> bool {
    kind == "comment"
}

pub fn node_text(node: Node<'_>, src: &[u8]) -> String {
    String::from_utf8_lossy(&src[node.byte_range()]).into_owned()
}

/// An identifier as Python knows it: NFKC-normalized (PEP 3131), so `µ`
/// (micro sign) and `μ` (Greek mu) are one name, as in `ast`.
pub fn identifier(node: Node<'_>, src: &[u8]) -> String {
    normalize_identifier(&src[node.byte_range()])
}

/// Identifier bytes as Python names them: lossy UTF-8, NFKC-normalized.
pub fn normalize_identifier(bytes: &[u8]) -> String {
    use unicode_normalization::UnicodeNormalization;
    let text = String::from_utf8_lossy(bytes);
    if text.is_ascii() {
        text.into_owned()
    } else {
        text.nfkc().collect()
    }
}

/// 1-based line where `node` starts.
pub fn start_line(node: Node<'_>) -> u32 {
    node.start_position().row as u32 + 1
}

/// 1-based character column of the byte at `start`, counted from its
/// line's start (lossily for invalid UTF-8).
fn column_at(src: &[u8], start: usize) -> u32 {
    let line_start = src[..start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    String::from_utf8_lossy(&src[line_start..start])
        .chars()
        .count() as u32
        + 1
}

/// Every symbol's `column`, set to its start byte while the outline is
/// built, made its 1-based character column (as [`column_at`] counts it), in one
/// sweep over the file for all of them: counting from the line's start
/// for each symbol is quadratic when thousands start on one long line.
pub fn byte_offsets_to_columns(symbols: &mut [Symbol], src: &[u8]) {
    // The symbols in one order (depth first), read then written.
    let mut offsets: Vec<usize> = Vec::new();
    let mut stack: Vec<&Symbol> = symbols.iter().collect();
    while let Some(s) = stack.pop() {
        offsets.push((s.column as usize).min(src.len()));
        stack.extend(s.children.iter());
    }
    let columns: Vec<u32> = if std::str::from_utf8(src).is_ok() {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut columns = vec![0; offsets.len()];
        // Sweep: `pos` and the characters from its line's start to it.
        let (mut pos, mut chars) = (0usize, 0u32);
        for i in order {
            let off = offsets[i];
            let seg = &src[pos..off];
            match seg.iter().rposition(|b| *b == b'\n') {
                Some(nl) => chars = count_chars(&seg[nl + 1..]),
                None => chars += count_chars(seg),
            }
            pos = off;
            columns[i] = chars + 1;
        }
        columns
    } else {
        // Not UTF-8: counted as before, lossily, symbol by symbol.
        offsets.iter().map(|&o| column_at(src, o)).collect()
    };
    let mut k = 0;
    let mut stack: Vec<&mut Symbol> = symbols.iter_mut().collect();
    while let Some(s) = stack.pop() {
        s.column = columns[k];
        k += 1;
        stack.extend(s.children.iter_mut());
    }
}

/// Characters in valid UTF-8: the bytes that start one.
fn count_chars(bytes: &[u8]) -> u32 {
    bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count() as u32
}

/// 1-based last line of `node`'s code: the end of its last token that is
/// not a comment. tree-sitter puts comments that follow a block's last
/// statement inside the block; Python's `ast` ends the block at the
/// statement. Walks down the right edge only, so it is iterative and cheap.
pub fn code_end_line(node: Node<'_>, is_comment: impl Fn(&str) -> bool) -> u32 {
    let mut n = node;
    loop {
        let last = (0..n.child_count())
            .rev()
            .filter_map(|i| n.child(i))
            .find(|c| !is_comment(c.kind()) && c.end_byte() > c.start_byte());
        match last {
            Some(child) if child.child_count() > 0 => n = child,
            Some(child) => return end_line_of(child),
            None => return end_line_of(n),
        }
    }
}

fn end_line_of(node: Node<'_>) -> u32 {
    let end = node.end_position();
    // A node that ends at column 0 ends on the line before.
    if end.column == 0 && end.row > node.start_position().row {
        end.row as u32
    } else {
        end.row as u32 + 1
    }
}

/// The text of `node` as written, with comments left out and whitespace
/// collapsed: runs of whitespace become one space, and none is kept just
/// inside brackets (a call split over lines reads as one line).
pub fn collapsed(
    node: Node<'_>,
    src: &[u8],
    atomic: &[&str],
    is_comment: impl Fn(&str) -> bool,
) -> String {
    let mut out = String::new();
    let mut prev_end: Option<usize> = None;
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if is_comment(n.kind()) {
            continue;
        }
        if n.child_count() == 0 || atomic.contains(&n.kind()) {
            let text = String::from_utf8_lossy(&src[n.byte_range()]);
            let text = collapse_whitespace(&text);
            if text.is_empty() {
                continue;
            }
            if let Some(pe) = prev_end {
                let gap = n.start_byte() > pe;
                let after_open = out.ends_with(['(', '[', '{']);
                let before_close = text.starts_with([')', ']', '}']);
                if gap && !after_open && !before_close {
                    out.push(' ');
                }
            }
            out.push_str(&text);
            prev_end = Some(n.end_byte());
            continue;
        }
        for i in (0..n.child_count()).rev() {
            if let Some(c) = n.child(i) {
                stack.push(c);
            }
        }
    }
    out
}

fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A node's named children, in order (both ends, for pushing in reverse).
pub fn named_children<'t>(node: Node<'t>) -> impl DoubleEndedIterator<Item = Node<'t>> {
    (0..node.named_child_count() as u32).filter_map(move |i| node.named_child(i))
}
