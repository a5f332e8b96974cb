//! Error reports that point into a catalog file: `file:line:column`, the
//! offending line, a caret under the offending text, and what to do.

use std::fmt;
use std::ops::Range;

/// One problem found in a catalog file, located by byte span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the catalog came from: a path, or "<embedded catalog>".
    pub origin: String,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    pub column: usize,
    /// The text of that line, without its line ending.
    pub line_text: String,
    /// How many characters of `line_text` to underline (at least 1).
    pub underline: usize,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    /// Locate `span` (byte offsets into `source`) and build a diagnostic.
    pub fn at(
        origin: &str,
        source: &str,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        Self::indexed(origin, source, &LineIndex::new(source), span, message, help)
    }

    /// [`Diagnostic::at`] with the lines of `source` indexed once, for a
    /// caller that reports many problems in one file: each then costs its
    /// own line, not the file up to it.
    pub fn indexed(
        origin: &str,
        source: &str,
        lines: &LineIndex,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let line = lines.line(start);
        let line_start = lines.starts[line - 1];
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let column = source[line_start..start].chars().count() + 1;
        let underline = source[start..end.min(line_end)].chars().count().max(1);
        Diagnostic {
            origin: origin.to_string(),
            line,
            column,
            line_text: line_text.to_string(),
            underline,
            message: message.into(),
            help,
        }
    }

    /// `file:line:column`, the form editors and terminals turn into links.
    pub fn location(&self) -> String {
        format!("{}:{}:{}", self.origin, self.line, self.column)
    }
}

/// Where each line of a text starts, to find a byte offset's line by
/// binary search.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(source: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(
            source
                .bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex { starts }
    }

    /// 1-based line of the byte at `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let gutter = self.line.to_string().len();
        let pad = " ".repeat(gutter);
        writeln!(
            f,
            "{}: {}",
            crate::sanitize::sanitize_line(&self.location()),
            crate::sanitize::sanitize_line(&self.message)
        )?;
        writeln!(f, "{pad} |")?;
        // The offending line comes from a file the user chose; it goes
        // through the sanitizer like everything else shown. Tabs are
        // expanded there, so the caret is placed by display width.
        let prefix: String = self.line_text.chars().take(self.column - 1).collect();
        let shown = crate::sanitize::sanitize_line(&self.line_text);
        writeln!(f, "{} | {}", self.line, shown)?;
        let lead = " ".repeat(crate::text::width(&crate::sanitize::sanitize_line(&prefix)));
        write!(f, "{pad} | {lead}{}", "^".repeat(self.underline))?;
        if let Some(help) = &self.help {
            write!(
                f,
                "\n{pad} = help: {}",
                crate::sanitize::sanitize_line(help)
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_agrees_with_counting() {
        let src = "a\nbc\n\nd";
        let idx = LineIndex::new(src);
        for off in 0..=src.len() {
            assert_eq!(idx.line(off), src[..off].matches('\n').count() + 1, "{off}");
        }
    }

    #[test]
    fn locates_line_and_column_in_characters() {
        let src = "a = 1\ntitle = \"é🐍x\"\n";
        let at = src.find('x').unwrap();
        let d = Diagnostic::at("f.toml", src, at..at + 1, "bad", None);
        assert_eq!((d.line, d.column), (2, 12));
        assert_eq!(d.line_text, "title = \"é🐍x\"");
        assert_eq!(d.location(), "f.toml:2:12");
    }

    #[test]
    fn span_past_end_is_clamped() {
        let d = Diagnostic::at("f", "abc", 10..20, "eof", None);
        assert_eq!((d.line, d.column, d.underline), (1, 4, 1));
    }

    #[test]
    fn display_shows_line_and_caret() {
        let src = "x = 1\nurl = \"http://a\"\n";
        let start = src.find("\"http").unwrap();
        let d = Diagnostic::at(
            "c.toml",
            src,
            start..start + 10,
            "not https",
            Some("use https".into()),
        );
        assert_eq!(
            d.to_string(),
            "c.toml:2:7: not https\n  |\n2 | url = \"http://a\"\n  |       ^^^^^^^^^^\n  = help: use https"
        );
    }
}
