//! Turning syntax nodes back into short text: names, collapsed
//! signatures, positions.

use tree_sitter::Node;

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

/// 1-based character column where `node` starts.
pub fn start_column(node: Node<'_>, src: &[u8]) -> u32 {
    let start = node.start_byte().min(src.len());
    let line_start = src[..start]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    String::from_utf8_lossy(&src[line_start..start])
        .chars()
        .count() as u32
        + 1
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
