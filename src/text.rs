//! Text measuring for the screen: display widths (wide characters count
//! two columns), truncation with an ellipsis, and word wrapping.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub const ELLIPSIS: char = '…';

/// Columns the text takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Cut `text` to at most `max` columns from its start, beginning with `…`
/// when anything was cut: for paths, whose end (the file name) matters most.
pub fn truncate_start(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let room = max - 1;
    let mut kept: Vec<char> = Vec::new();
    let mut w = 0;
    for c in text.chars().rev() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        kept.push(c);
        w += cw;
    }
    let mut out = String::with_capacity(kept.len() + 3);
    out.push(ELLIPSIS);
    out.extend(kept.into_iter().rev());
    out
}

/// Cut `text` to at most `max` columns, ending in `…` when anything was cut.
pub fn truncate(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    // Characters are added while their own widths fit; the string is then
    // measured as a whole (some sequences, an emoji with a variation
    // selector, are wider together than their parts) and shortened if it
    // is over. Linear: a megabyte of zero-width characters is looked at
    // once, not once per character.
    let room = max - 1;
    let mut out = String::new();
    let mut w = 0;
    for c in text.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > room {
            break;
        }
        out.push(c);
        w += cw;
    }
    let mut whole = width(&out);
    while whole > room {
        // Rare (a sequence wider than its parts at the end); each pop
        // shortens by a character, and the sequences are short.
        out.pop();
        whole = width(&out);
    }
    out.push(ELLIPSIS);
    out
}

/// The longest start of `text` of at most `max` bytes that ends on a
/// character boundary.
pub fn head_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A one-line field from outside (an author, a summary) kept to `max`
/// bytes, ending in `…` when cut: it is shown on a line, never whole.
pub fn cap_field(text: String, max: usize) -> String {
    if text.len() <= max {
        return text;
    }
    let mut out = head_bytes(&text, max).to_string();
    out.push(ELLIPSIS);
    out
}

/// A size for people: "512 KiB", "10.0 MiB".
pub fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * 1024;
    if bytes < KIB {
        format!("{bytes} bytes")
    } else if bytes < MIB {
        format!("{} KiB", bytes.div_ceil(KIB))
    } else {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    }
}

/// Wrap at spaces to lines of at most `max` columns; a word longer than a
/// line is cut into pieces. Always returns at least one line. One pass over
/// the text: the work grows with its length, whatever its shape.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_at_most(text, max, usize::MAX)
}

/// [`wrap`], stopping after `limit` lines (at least one line is returned):
/// a caller that shows a few lines of a long text pays for those only.
pub fn wrap_at_most(text: &str, max: usize, limit: usize) -> Vec<String> {
    let max = max.max(1);
    let limit = limit.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_w = 0;
    for word in text.split_whitespace() {
        if lines.len() >= limit {
            break;
        }
        let ww = width(word);
        let sep = usize::from(line_w > 0);
        if line_w + sep + ww <= max {
            if sep == 1 {
                line.push(' ');
            }
            line.push_str(word);
            line_w += sep + ww;
            continue;
        }
        if line_w > 0 {
            lines.push(std::mem::take(&mut line));
            line_w = 0;
            if lines.len() >= limit {
                break;
            }
        }
        if ww <= max {
            line.push_str(word);
            line_w = ww;
            continue;
        }
        // A word wider than the line: cut it into pieces that fit, in the
        // same pass (each character is looked at once).
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if line_w + w > max && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0;
                if lines.len() >= limit {
                    break;
                }
            }
            line.push(c);
            line_w += w;
        }
    }
    if lines.len() < limit && (!line.is_empty() || lines.is_empty()) {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncating_from_the_start_keeps_the_end() {
        assert_eq!(
            truncate_start("src/flask/sansio/app.py:42", 12),
            "…o/app.py:42"
        );
        assert_eq!(truncate_start("short", 12), "short");
        assert_eq!(truncate_start("🐍🐍🐍", 4), "…🐍");
        assert_eq!(truncate_start("abc", 0), "");
        assert!(width(&truncate_start(&"x".repeat(1000), 7)) <= 7);
    }

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
    fn long_words_wrap_in_one_pass_and_keep_every_character() {
        // 1 MB without a space: linear, so this returns at once.
        let word = "x".repeat(1 << 20);
        let lines = wrap(&word, 80);
        assert_eq!(lines.len(), (1 << 20) / 80 + 1);
        assert!(lines.iter().all(|l| width(l) <= 80));
        assert_eq!(lines.concat(), word);
        // Wide characters are not split across the edge.
        assert_eq!(wrap("🐍🐍🐍 ab", 5), vec!["🐍🐍", "🐍 ab"]);
        // A long word after a short one starts its own line.
        assert_eq!(wrap("ab cdefgh ij", 4), vec!["ab", "cdef", "gh", "ij"]);
    }

    #[test]
    fn wrapping_can_stop_early() {
        let text = "word ".repeat(1 << 18);
        assert_eq!(
            wrap_at_most(&text, 10, 3),
            vec!["word word", "word word", "word word"]
        );
        assert_eq!(
            wrap_at_most(&"y".repeat(1 << 20), 10, 2),
            vec!["y".repeat(10), "y".repeat(10)]
        );
        assert_eq!(wrap_at_most("", 10, 2), vec![""]);
        assert_eq!(wrap_at_most("a b", 10, 5), wrap("a b", 10));
    }

    #[test]
    fn truncating_a_megabyte_is_linear_and_exact() {
        let name = "é".repeat(1 << 20);
        assert_eq!(truncate(&name, 5), "éééé…");
        // Zero-width characters by the megabyte, then text.
        let flood = format!("a{}bcdef", "\u{301}".repeat(1 << 20));
        let t = truncate(&flood, 3);
        assert!(
            width(&t) <= 3 && t.ends_with('…') && t.starts_with('a'),
            "{}",
            t.len()
        );
    }

    #[test]
    fn fields_and_sizes() {
        assert_eq!(cap_field("abc".into(), 5), "abc");
        assert_eq!(cap_field("ééé".into(), 3), "é…");
        assert_eq!(head_bytes("ééé", 5), "éé");
        assert_eq!(size(650 * 1024), "650 KiB");
        assert_eq!(size(10 << 20), "10.0 MiB");
        assert_eq!(size(12), "12 bytes");
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
