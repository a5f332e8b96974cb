//! The one gate for untrusted text on its way to the screen.
//!
//! Terminals act on control characters, and bidi overrides or zero-width
//! characters make text read differently from what it is. Everything shown
//! from a catalog or a repository passes through [`sanitize_line`], which
//! expands tabs and replaces each such character with a visible stand-in, so
//! that no cell of the screen ever holds one.

use std::borrow::Cow;

/// Tab stops every this many columns when expanding tabs.
pub const TAB_WIDTH: usize = 4;

/// Stand-in for C1 controls, bidi controls and invisible format characters.
pub const INVISIBLE_STAND_IN: char = '\u{FFFD}';

/// True for characters that must never reach the terminal as they are.
pub fn is_unsafe(c: char) -> bool {
    let u = c as u32;
    c.is_control() // C0, DEL, C1
        || matches!(u,
            0x00AD                  // soft hyphen
            | 0x061C                // Arabic letter mark
            | 0x180E                // Mongolian vowel separator
            | 0x200B..=0x200F       // zero-width space/joiners, LRM, RLM
            | 0x2028..=0x2029       // line and paragraph separators
            | 0x202A..=0x202E       // bidi embeddings and overrides
            | 0x2060..=0x206F       // word joiner, invisible operators, bidi isolates
            | 0xFEFF                // zero-width no-break space (BOM)
            | 0xFFF9..=0xFFFB       // interlinear annotations
            | 0xE0000..=0xE007F     // tag characters
        )
}

/// The visible stand-in for an unsafe character.
pub fn stand_in(c: char) -> char {
    match c as u32 {
        // C0 controls have Unicode "control pictures": ESC shows as ␛.
        u @ 0x00..=0x1F => char::from_u32(0x2400 + u).unwrap_or(INVISIBLE_STAND_IN),
        0x7F => '\u{2421}', // ␡
        _ => INVISIBLE_STAND_IN,
    }
}

/// Make one line of untrusted text safe to draw: tabs expanded to
/// [`TAB_WIDTH`] stops, every other unsafe character replaced by a visible
/// stand-in. Borrowed when nothing needed changing.
pub fn sanitize_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut column = 0usize;
    for c in text.chars() {
        column += push_safe(&mut out, c, column);
    }
    Cow::Owned(out)
}

/// Append `c`, met at `column` of its line, as it is drawn: a tab as spaces
/// to the next [`TAB_WIDTH`] stop, an unsafe character as its stand-in.
/// Returns the columns it took. The one place tab stops are computed, for
/// [`sanitize_line`] and for callers that style a line as they expand it.
pub fn push_safe(out: &mut String, c: char, column: usize) -> usize {
    if c == '\t' {
        let n = TAB_WIDTH - column % TAB_WIDTH;
        out.extend(std::iter::repeat_n(' ', n));
        n
    } else if is_unsafe(c) {
        out.push(stand_in(c));
        1
    } else {
        out.push(c);
        unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
    }
}

/// Like [`sanitize_line`] for text that may span lines: line breaks are kept
/// (a bare CR is not, it becomes ␍), each line is sanitized.
pub fn sanitize_multiline(text: &str) -> Vec<String> {
    text.split('\n')
        .map(|l| sanitize_line(l.strip_suffix('\r').unwrap_or(l)).into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        assert!(matches!(sanitize_line("def f(x): pass"), Cow::Borrowed(_)));
    }

    #[test]
    fn escapes_and_bidi_become_visible() {
        let s = sanitize_line("a\x1b]52;c;ZXZpbA==\x07b\u{202E}c\u{200B}d\u{9B}e\x7f");
        assert_eq!(s, "a␛]52;c;ZXZpbA==␇b\u{FFFD}c\u{FFFD}d\u{FFFD}e␡");
        assert!(!s.chars().any(is_unsafe));
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(sanitize_line("\tx"), "    x");
        assert_eq!(sanitize_line("ab\tx"), "ab  x");
        assert_eq!(sanitize_line("abcd\tx"), "abcd    x");
    }

    #[test]
    fn bare_cr_is_shown_crlf_is_a_line_end() {
        assert_eq!(sanitize_multiline("a\rb\r\nc"), vec!["a␍b", "c"]);
    }

    #[test]
    fn idempotent() {
        let once = sanitize_line("x\u{1b}[2J\u{202e}\t\u{feff}");
        assert_eq!(sanitize_line(&once), once);
    }
}
