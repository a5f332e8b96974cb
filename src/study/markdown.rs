//! Markdown (a README, a contributing guide) as styled lines for the
//! terminal: headings, lists, emphasis, code, quotes and links shown as
//! text, wrapped to a width. No terminal code: the UI maps the styles.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// How a run of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MdStyle {
    Plain,
    Heading(u8),
    Emphasis,
    Strong,
    Code,
    CodeBlock,
    /// Lines of a `diff` block.
    Added,
    Removed,
    Link,
    /// A link's target, shown after its text.
    Url,
    Marker,
    Quote,
    Rule,
}

/// One line: runs of styled text.
pub type MdLine = Vec<(String, MdStyle)>;

/// Render `text` for a terminal `width` columns wide.
pub fn render(text: &str, width: usize) -> Vec<MdLine> {
    let width = width.max(20);
    let mut r = Renderer {
        width,
        lines: Vec::new(),
        runs: Vec::new(),
        styles: Vec::new(),
        prefix: String::new(),
        lists: Vec::new(),
        code_block: None,
        link_targets: Vec::new(),
    };
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(text, opts) {
        r.event(event);
    }
    r.flush();
    // No run of blank lines longer than one.
    let mut out: Vec<MdLine> = Vec::new();
    for line in r.lines {
        let blank = line.iter().all(|(t, _)| t.trim().is_empty());
        if blank
            && out
                .last()
                .is_none_or(|l| l.iter().all(|(t, _)| t.trim().is_empty()))
        {
            continue;
        }
        out.push(line);
    }
    out
}

/// Something in a document to copy or open: `Tab` selects one, `y`
/// copies it, `o` opens an address in the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocTarget {
    /// A link's `http`, `https` or `mailto` address.
    Address(String),
    /// A line of a shell code block (its `$ ` prompt left out).
    Command(String),
}

impl DocTarget {
    pub fn text(&self) -> &str {
        match self {
            DocTarget::Address(t) | DocTarget::Command(t) => t,
        }
    }
}

/// The addresses and commands of a Markdown text, in order, each once; at
/// most 1,000.
pub fn targets(text: &str) -> Vec<DocTarget> {
    const MAX: usize = 1_000;
    let mut out: Vec<DocTarget> = Vec::new();
    let mut shell: Option<bool> = None;
    let opts = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS;
    for event in Parser::new_ext(text, opts) {
        let found = match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.trim();
                let lower = url.to_ascii_lowercase();
                (lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:"))
                .then(|| vec![DocTarget::Address(url.to_string())])
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(l) => l
                        .split([',', ' '])
                        .next()
                        .unwrap_or("")
                        .to_ascii_lowercase(),
                    CodeBlockKind::Indented => String::new(),
                };
                shell = Some(matches!(
                    lang.as_str(),
                    "" | "sh" | "bash" | "shell" | "console" | "shell-session" | "zsh" | "text"
                ));
                None
            }
            Event::End(TagEnd::CodeBlock) => {
                shell = None;
                None
            }
            Event::Text(t) if shell == Some(true) => Some(
                t.lines()
                    .map(|l| l.trim())
                    .map(|l| l.strip_prefix("$ ").unwrap_or(l).trim())
                    .filter(|l| !l.is_empty() && !l.starts_with('#'))
                    .map(|l| DocTarget::Command(l.to_string()))
                    .collect(),
            ),
            _ => None,
        };
        for t in found.into_iter().flatten() {
            if !out.contains(&t) {
                out.push(t);
            }
            if out.len() >= MAX {
                return out;
            }
        }
    }
    out
}

/// A document rendered for one width. An overlay keeps it, made when it
/// opens and again when the width changes, so that a frame or a key costs
/// the lines shown, not the document's length.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Rendered {
    pub width: usize,
    pub lines: Vec<MdLine>,
}

impl Rendered {
    pub fn new(text: &str, width: usize) -> Rendered {
        Rendered {
            width,
            lines: render(text, width),
        }
    }
}

struct Renderer {
    width: usize,
    lines: Vec<MdLine>,
    /// The paragraph being built, before wrapping.
    runs: Vec<(String, MdStyle)>,
    styles: Vec<MdStyle>,
    /// Indentation and markers for nested lists and quotes.
    prefix: String,
    /// Each open list: its next number (None for bullets).
    lists: Vec<Option<u64>>,
    /// Inside a code block: its language (empty when none is given).
    code_block: Option<String>,
    link_targets: Vec<String>,
}

impl Renderer {
    fn style(&self) -> MdStyle {
        self.styles.last().copied().unwrap_or(MdStyle::Plain)
    }

    fn blank(&mut self) {
        self.lines.push(Vec::new());
    }

    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(lang) = &self.code_block {
                    for l in t.lines() {
                        let shown = crate::sanitize::sanitize_line(l);
                        let style = match (lang.as_str(), l.as_bytes().first()) {
                            ("diff", Some(b'+')) if !l.starts_with("+++ ") => MdStyle::Added,
                            ("diff", Some(b'-')) if !l.starts_with("--- ") => MdStyle::Removed,
                            ("diff", Some(b'@')) => MdStyle::Marker,
                            ("diff", _) => MdStyle::Plain,
                            _ => MdStyle::CodeBlock,
                        };
                        self.lines.push(vec![
                            (format!("{}    ", self.prefix), MdStyle::CodeBlock),
                            (
                                crate::text::truncate(
                                    &shown,
                                    self.width.saturating_sub(self.prefix.len() + 4),
                                ),
                                style,
                            ),
                        ]);
                    }
                } else {
                    let s = self.style();
                    self.runs.push((t.into_string(), s));
                }
            }
            Event::Code(t) => self.runs.push((t.into_string(), MdStyle::Code)),
            Event::SoftBreak => self.runs.push((" ".into(), self.style())),
            Event::HardBreak => self.flush(),
            Event::Rule => {
                self.flush();
                self.lines
                    .push(vec![("─".repeat(self.width.min(60)), MdStyle::Rule)]);
            }
            Event::TaskListMarker(done) => self
                .runs
                .push((if done { "[x] " } else { "[ ] " }.into(), MdStyle::Marker)),
            // Raw HTML is shown as text: nothing in it is rendered.
            Event::Html(t) | Event::InlineHtml(t) => {
                self.runs.push((t.trim_end().to_string(), MdStyle::Code))
            }
            Event::FootnoteReference(t) => self.runs.push((format!("[{t}]"), MdStyle::Marker)),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => {}
            Tag::Heading { level, .. } => {
                self.flush();
                self.blank();
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    _ => 4,
                };
                self.runs
                    .push((format!("{} ", "#".repeat(n as usize)), MdStyle::Heading(n)));
                self.styles.push(MdStyle::Heading(n));
            }
            Tag::BlockQuote(_) => {
                self.flush();
                self.prefix.push_str("│ ");
            }
            Tag::CodeBlock(kind) => {
                self.flush();
                self.code_block = Some(match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                });
                // No `(python)` label line: the block's indent and colour
                // set it apart, and the label read as part of the code.
            }
            Tag::List(start) => {
                self.flush();
                self.lists.push(start);
            }
            Tag::Item => {
                self.flush();
                let depth = self.lists.len().saturating_sub(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "• ".to_string(),
                };
                self.runs
                    .push((format!("{}{marker}", "  ".repeat(depth)), MdStyle::Marker));
            }
            Tag::Emphasis => self.styles.push(MdStyle::Emphasis),
            Tag::Strong => self.styles.push(MdStyle::Strong),
            Tag::Strikethrough => self.styles.push(self.style()),
            Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => {
                self.styles.push(MdStyle::Link);
                self.link_targets.push(dest_url.into_string());
            }
            Tag::Table(_) | Tag::TableHead | Tag::TableRow => self.flush(),
            Tag::TableCell => self.runs.push(("│ ".into(), MdStyle::Marker)),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => {
                self.flush();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Heading(_) => {
                self.styles.pop();
                self.flush();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                let keep = self.prefix.len().saturating_sub("│ ".len());
                self.prefix.truncate(keep);
            }
            TagEnd::CodeBlock => {
                self.code_block = None;
                self.blank();
            }
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
                if self.lists.is_empty() {
                    self.blank();
                }
            }
            TagEnd::Item => self.flush(),
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                self.styles.pop();
                if let Some(url) = self.link_targets.pop()
                    && !url.starts_with('#')
                {
                    self.runs.push((format!(" <{url}>"), MdStyle::Url));
                }
            }
            TagEnd::TableRow | TagEnd::TableHead => self.flush(),
            _ => {}
        }
    }

    /// Wrap the paragraph being built into lines.
    fn flush(&mut self) {
        if self.runs.is_empty() {
            return;
        }
        let runs = std::mem::take(&mut self.runs);
        let mut line: MdLine = vec![(self.prefix.clone(), MdStyle::Quote)];
        let mut used = crate::text::width(&self.prefix);
        let base = crate::text::width(&self.prefix);
        for (text, style) in runs {
            let text = crate::sanitize::sanitize_line(&text).into_owned();
            // Words keep their style; a word longer than a line (a long
            // URL) is cut into pieces across lines.
            for (k, word) in text.split(' ').enumerate() {
                let mut piece = if k == 0 {
                    word.to_string()
                } else {
                    format!(" {word}")
                };
                loop {
                    let w = crate::text::width(&piece);
                    if used + w <= self.width {
                        used += w;
                        line.push((piece, style));
                        break;
                    }
                    if used > base {
                        self.lines.push(std::mem::take(&mut line));
                        line.push((self.prefix.clone(), MdStyle::Quote));
                        used = base;
                        piece = piece.trim_start().to_string();
                        continue;
                    }
                    // Alone on its line and still too wide: cut it into
                    // pieces that fit, in one pass over its characters
                    // (a 400 KB word costs its length, not its square).
                    let room = self.width.saturating_sub(used).max(1);
                    let mut head = String::new();
                    let mut head_w = 0;
                    for c in piece.chars() {
                        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                        if head_w + cw > room && !head.is_empty() {
                            line.push((std::mem::take(&mut head), style));
                            self.lines.push(std::mem::take(&mut line));
                            line.push((self.prefix.clone(), MdStyle::Quote));
                            head_w = 0;
                        }
                        head.push(c);
                        head_w += cw;
                    }
                    // The last piece ends its line too, as every piece does.
                    line.push((head, style));
                    self.lines.push(std::mem::take(&mut line));
                    line.push((self.prefix.clone(), MdStyle::Quote));
                    used = base;
                    break;
                }
            }
        }
        self.lines.push(line);
    }
}

/// A code fence longer than any run of backticks in `text`, so that no
/// line of it can end the block.
pub fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(lines: &[MdLine]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
            .collect()
    }

    #[test]
    fn headings_lists_emphasis_code_and_links() {
        let md = "# Flask\n\nA *micro* **framework**.\n\n- one\n- two `code`\n  1. nested\n\n```python\nimport flask\n```\n\n> quoted\n\nSee [the docs](https://flask.palletsprojects.com).\n";
        let lines = render(md, 60);
        let text = plain(&lines);
        assert_eq!(text[0], "# Flask");
        assert!(text.contains(&"A micro framework.".to_string()), "{text:?}");
        assert!(text.contains(&"• one".to_string()), "{text:?}");
        assert!(text.contains(&"• two code".to_string()), "{text:?}");
        assert!(text.contains(&"  1. nested".to_string()), "{text:?}");
        // The fence's language is not written as a line of its own.
        assert!(!text.iter().any(|l| l.contains("(python)")), "{text:?}");
        assert!(text.contains(&"    import flask".to_string()), "{text:?}");
        assert!(text.contains(&"│ quoted".to_string()), "{text:?}");
        assert!(
            text.contains(&"See the docs <https://flask.palletsprojects.com>.".to_string()),
            "{text:?}"
        );
        assert!(
            lines[0]
                .iter()
                .filter(|(t, _)| !t.is_empty())
                .all(|(_, s)| *s == MdStyle::Heading(1))
        );
        let para = lines
            .iter()
            .find(|l| l.iter().any(|(t, _)| t.contains("micro")))
            .unwrap();
        assert!(
            para.iter()
                .any(|(t, s)| t.contains("micro") && *s == MdStyle::Emphasis)
        );
        assert!(
            para.iter()
                .any(|(t, s)| t.contains("framework") && *s == MdStyle::Strong)
        );
    }

    #[test]
    fn wraps_to_the_width_and_never_spills() {
        let md = format!("{}\n\n{}\n", "word ".repeat(100), "x".repeat(300));
        for width in [20, 37, 80] {
            for l in render(&md, width) {
                let w: usize = l.iter().map(|(t, _)| crate::text::width(t)).sum();
                assert!(w <= width, "{w} > {width}: {l:?}");
            }
        }
    }

    #[test]
    fn hostile_text_is_sanitized() {
        let lines = render(
            "# \x1b]0;title\x07 hi\n\n```\n\x1b[2J\n```\n<script>\u{202e}</script>\n",
            60,
        );
        for l in &lines {
            for (t, _) in l {
                assert!(!t.chars().any(crate::sanitize::is_unsafe), "{t:?}");
            }
        }
    }

    #[test]
    fn the_fence_outruns_any_backticks_in_the_text() {
        assert_eq!(super::fence_for("plain"), "```");
        assert_eq!(super::fence_for("a ``` b"), "````");
        assert_eq!(super::fence_for("`````"), "``````");
    }
}
