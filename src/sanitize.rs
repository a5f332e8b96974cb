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

/// Like [`sanitize_multiline`] for text written to a file (an export):
/// line breaks and tabs are kept as they are, a CR before a line break is
/// dropped, every other unsafe character (a bare CR included) becomes its
/// stand-in, so that printing the file later cannot drive the terminal.
pub fn sanitize_text(text: &str) -> Cow<'_, str> {
    let keep = |c: char| c == '\n' || c == '\t';
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        out.push(if is_unsafe(c) && !keep(c) {
            stand_in(c)
        } else {
            c
        });
    }
    Cow::Owned(out)
}

/// Pretty JSON in which every unsafe character of a string is written as a
/// `\u` escape. serde_json escapes only C0 controls, so DEL, C1 controls
/// (U+009B is CSI) and bidi overrides would otherwise reach a terminal
/// that shows the output; a JSON reader decodes the escapes back to the
/// same text, so nothing is lost.
pub fn json_pretty<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let mut out = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut out,
        SafeJson(serde_json::ser::PrettyFormatter::new()),
    );
    value.serialize(&mut ser)?;
    // The serializer writes only what it was given as `str`, and escapes.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// serde_json's pretty layout, with [`is_unsafe`] characters escaped.
struct SafeJson<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeJson<'_> {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(is_unsafe) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
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

    #[test]
    fn text_for_files_keeps_line_breaks_and_tabs_only() {
        let s = sanitize_text("a\tb\r\nc\x1b]0;t\x07d\re\u{9b}f\u{202e}g\n");
        assert_eq!(s, "a\tb\nc␛]0;t␇d␍e\u{FFFD}f\u{FFFD}g\n");
        assert!(matches!(sanitize_text("plain\n\ttext"), Cow::Borrowed(_)));
    }

    #[test]
    fn json_escapes_every_unsafe_character_and_reads_back_the_same() {
        let nasty = "a\x1b]52;c;x\x07\u{7f}\u{9b}2J\u{202e}\u{200b}\u{e0041}é";
        let json = json_pretty(&serde_json::json!({ nasty: [nasty] })).unwrap();
        assert!(!json.chars().any(|c| is_unsafe(c) && c != '\n'), "{json:?}");
        assert!(json.contains("\\u001b]52"), "{json}");
        assert!(
            json.contains("\\u009b") && json.contains("\\u202e"),
            "{json}"
        );
        assert!(json.contains("\\udb40\\udc41"), "a surrogate pair: {json}");
        // Same layout as serde_json's own pretty printer.
        assert_eq!(
            json_pretty(&serde_json::json!({"a": [1, {"b": null}]})).unwrap(),
            serde_json::to_string_pretty(&serde_json::json!({"a": [1, {"b": null}]})).unwrap()
        );
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back[nasty][0], nasty);
    }
}
