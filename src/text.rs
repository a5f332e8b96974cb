//! Text measuring for the screen: display widths (wide characters count
//! two columns), truncation with an ellipsis, and word wrapping.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub const ELLIPSIS: char = '…';

/// Columns the text takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cut `text` to at most `max` columns, ending in `…` when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // Measured as a string, not char by char: some sequences (an emoji
    // with a variation selector) are wider together than their parts.
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&out) > max - 1 {
            out.pop();
            break;
        }
    }
    while width(&out) > max - 1 {
        out.pop();
    }
    out.push(ELLIPSIS);
    out
}

/// Wrap at spaces to lines of at most `max` columns; a word longer than a
/// line is cut into pieces. Always returns at least one line.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    for word in text.split_whitespace() {
        let mut word = word.to_string();
        loop {
            let ww = width(&word);
            let sep = usize::from(line_w > 0);
            if line_w + sep + ww <= max {
                if sep == 1 {
                    line.push(' ');
                }
                line.push_str(&word);
                line_w += sep + ww;
                break;
            }
            if line_w > 0 {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
                continue;
            }
            // A word wider than the line: take what fits, carry the rest.
            let mut head = String::new();
            let mut hw = 0;
            let mut split_at = word.len();
            for (i, c) in word.char_indices() {
                let w = c.width().unwrap_or(0);
                if hw + w > max && !head.is_empty() {
                    split_at = i;
                    break;
                }
                head.push(c);
                hw += w;
            }
            let rest = word[split_at..].to_string();
            lines.push(head);
            if rest.is_empty() {
                break;
            }
            word = rest;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_count_double() {
        assert_eq!(width("🐍 Web"), 6);
        assert_eq!(truncate("🐍🐍🐍", 4), "🐍…");
        assert_eq!(truncate("🐍🐍🐍", 6), "🐍🐍🐍");
    }

    #[test]
    fn truncation_never_overshoots_on_combining_sequences() {
        for max in 0..8 {
            let t = truncate("a❤️b❤️c", max);
            assert!(width(&t) <= max, "{max}: {t:?} is {} wide", width(&t));
        }
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("request handling", 7), "reques…");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("abc", 1), "…");
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("a bb ccc dddd", 6), vec!["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("", 5), vec![""]);
        for line in wrap(
            "Start with smaller, well-documented projects like requests",
            10,
        ) {
            assert!(width(&line) <= 10, "{line}");
        }
    }
}
