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
        html_comment: false,
        html_pending: String::new(),
        html_links: Vec::new(),
        html_hidden: 0,
        metadata: None,
        table: None,
        hangs: Vec::new(),
        item_fresh: false,
    };
    for event in Parser::new_ext(text, options()) {
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

/// GitHub's flavour: tables, strikethrough, task lists, alerts
/// (`> [!NOTE]`) and YAML front matter.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
}

/// Something in a document to copy or open: `Tab` selects one, `y`
/// copies it, `o` opens an address in the browser, Enter (or `o`) opens
/// a file of the repository in the same viewer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocTarget {
    /// A link's `http`, `https` or `mailto` address.
    Address(String),
    /// A line of a shell code block (its `$ ` prompt left out).
    Command(String),
    /// A relative link: `path` is the repository path it leads to, `link`
    /// the address as the document writes it.
    File { path: String, link: String },
}

impl DocTarget {
    /// What `y` copies and the status line names.
    pub fn text(&self) -> &str {
        match self {
            DocTarget::Address(t) | DocTarget::Command(t) => t,
            DocTarget::File { path, .. } => path,
        }
    }

    /// What the document shows of it, to find where it is.
    pub fn shown(&self) -> &str {
        match self {
            DocTarget::File { link, .. } => link,
            other => other.text(),
        }
    }
}

/// The repository path a relative link leads to from the folder `from`
/// (`""` the root), as GitHub reads it: `#…` and `?…` dropped, `/x`
/// from the root, `.` and `..` followed. `None` for an address with a
/// scheme, an anchor in the same document, or a path that leaves the
/// repository.
pub fn resolve_link(from: &str, link: &str) -> Option<String> {
    let link = link.trim();
    let bare = link.split(['#', '?']).next().unwrap_or("");
    if bare.is_empty() || bare.starts_with("//") {
        return None;
    }
    // A scheme (`https:`, `mailto:`, `javascript:`): not a path.
    if let Some(colon) = bare.find(':')
        && !bare[..colon].contains('/')
    {
        return None;
    }
    let decoded = percent_decode(bare);
    let mut parts: Vec<&str> = if decoded.starts_with('/') {
        Vec::new()
    } else {
        from.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// `%20` and the like as the characters they stand for; a `%` that
/// starts no escape, or escapes that are not UTF-8, left as written.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The addresses, commands and (when `links_from` is a folder) relative
/// links of a Markdown text, in order, each once; at most 1,000.
pub fn targets(text: &str, links_from: Option<&str>) -> Vec<DocTarget> {
    const MAX: usize = 1_000;
    let mut out: Vec<DocTarget> = Vec::new();
    let mut shell: Option<bool> = None;
    for event in Parser::new_ext(text, options()) {
        let found = match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.trim();
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("https://")
                    || lower.starts_with("http://")
                    || lower.starts_with("mailto:")
                {
                    Some(vec![DocTarget::Address(url.to_string())])
                } else {
                    links_from
                        .and_then(|from| resolve_link(from, url))
                        .map(|path| {
                            vec![DocTarget::File {
                                path,
                                link: url.to_string(),
                            }]
                        })
                }
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
    /// Each open link: its address (`None` for an image, whose address is
    /// not shown) and where its text starts in `runs`.
    link_targets: Vec<(Option<String>, usize)>,
    /// Inside an HTML comment that has not ended yet.
    html_comment: bool,
    /// A tag cut by a line end of an HTML block, waiting for the rest.
    html_pending: String,
    /// Each open `<a>`: its address.
    html_links: Vec<Option<String>>,
    /// Inside this many `<script>`/`<style>` elements, whose text is not
    /// for reading.
    html_hidden: usize,
    /// Inside YAML front matter: its text so far.
    metadata: Option<String>,
    /// Inside a table: its rows so far.
    table: Option<Table>,
    /// Each open list item: the width of its marker, by which its wrapped
    /// lines and later paragraphs are indented.
    hangs: Vec<usize>,
    /// The item's marker is in `runs`, not yet flushed.
    item_fresh: bool,
}

/// A table being read: every cell's runs, laid out when it ends.
struct Table {
    aligns: Vec<pulldown_cmark::Alignment>,
    rows: Vec<Vec<Vec<(String, MdStyle)>>>,
    /// Rows of the head (drawn strong, with a rule under them).
    head: usize,
    in_head: bool,
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
            Event::Text(t) if self.metadata.is_some() => {
                if let Some(m) = self.metadata.as_mut() {
                    m.push_str(&t);
                }
            }
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
            Event::Rule => self.rule(),
            Event::TaskListMarker(done) => self
                .runs
                .push((if done { "[x] " } else { "[ ] " }.into(), MdStyle::Marker)),
            // Raw HTML is reduced to its text: tags dropped, an image to
            // its alt text, a link to its text and address, comments
            // hidden, a block wrapper a paragraph break.
            Event::Html(t) | Event::InlineHtml(t) => self.html(&t),
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
            Tag::BlockQuote(kind) => {
                self.flush();
                self.prefix.push_str("│ ");
                // A GitHub alert: its kind is the quote's first line.
                if let Some(kind) = kind {
                    use pulldown_cmark::BlockQuoteKind as K;
                    let label = match kind {
                        K::Note => "Note",
                        K::Tip => "Tip",
                        K::Important => "Important",
                        K::Warning => "Warning",
                        K::Caution => "Caution",
                    };
                    self.runs.push((label.into(), MdStyle::Strong));
                    self.flush();
                }
            }
            Tag::MetadataBlock(_) => {
                self.flush();
                self.metadata = Some(String::new());
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
                let marker = format!("{}{marker}", "  ".repeat(depth));
                self.hangs.push(crate::text::width(&marker));
                self.item_fresh = true;
                self.runs.push((marker, MdStyle::Marker));
            }
            Tag::Emphasis => self.styles.push(MdStyle::Emphasis),
            Tag::Strong => self.styles.push(MdStyle::Strong),
            Tag::Strikethrough => self.styles.push(self.style()),
            Tag::Link { dest_url, .. } => {
                self.styles.push(MdStyle::Link);
                self.link_targets
                    .push((Some(dest_url.into_string()), self.runs.len()));
            }
            // An image is its alt text, as a reader without it sees it.
            Tag::Image { .. } => {
                self.styles.push(MdStyle::Link);
                self.link_targets.push((None, self.runs.len()));
            }
            Tag::Table(aligns) => {
                self.flush();
                self.table = Some(Table {
                    aligns,
                    rows: Vec::new(),
                    head: 0,
                    in_head: false,
                });
            }
            Tag::TableHead | Tag::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    t.rows.push(Vec::new());
                    t.in_head = matches!(tag, Tag::TableHead);
                }
            }
            Tag::TableCell => self.runs.clear(),
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
            TagEnd::Item => {
                self.flush();
                self.hangs.pop();
            }
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough => {
                self.styles.pop();
            }
            TagEnd::Link | TagEnd::Image => {
                self.styles.pop();
                if let Some((Some(url), start)) = self.link_targets.pop()
                    && !url.starts_with('#')
                {
                    // A link whose text is its address is shown once.
                    let text = self.text_since(start);
                    let bare = |u: &str| {
                        u.trim_start_matches("mailto:")
                            .trim_end_matches('/')
                            .to_string()
                    };
                    if bare(text.trim()) != bare(&url)
                        && bare(text.trim()) != bare(&percent_decode(&url))
                    {
                        self.runs.push((format!(" <{url}>"), MdStyle::Url));
                    }
                }
            }
            TagEnd::HtmlBlock => {
                self.html_end();
                self.flush();
                self.paragraph_gap();
            }
            TagEnd::TableCell => {
                let runs = std::mem::take(&mut self.runs);
                if let Some(row) = self.table.as_mut().and_then(|t| t.rows.last_mut()) {
                    row.push(runs);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.head = t.rows.len();
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.draw_table(t);
                }
                self.blank();
            }
            TagEnd::MetadataBlock(_) => {
                if let Some(text) = self.metadata.take() {
                    self.front_matter(&text);
                }
            }
            _ => {}
        }
    }

    /// A horizontal rule on a line of its own.
    fn rule(&mut self) {
        self.flush();
        self.lines
            .push(vec![("─".repeat(self.width.min(60)), MdStyle::Rule)]);
    }

    /// The paragraph's text from run `start` on (a link's text).
    fn text_since(&self, start: usize) -> String {
        self.runs
            .get(start.min(self.runs.len())..)
            .unwrap_or_default()
            .iter()
            .map(|(t, _)| t.as_str())
            .collect()
    }

    /// A blank line after a block, unless there is one already.
    fn paragraph_gap(&mut self) {
        if self.lists.is_empty() && self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.blank();
        }
    }

    /// A piece of raw HTML: its text goes into the paragraph, its tags
    /// act as described at [`Event::Html`]'s arm.
    fn html(&mut self, chunk: &str) {
        let mut source = std::mem::take(&mut self.html_pending);
        source.push_str(chunk);
        let mut rest = source.as_str();
        let mut text = String::new();
        loop {
            if self.html_comment {
                match rest.find("-->") {
                    Some(i) => {
                        rest = &rest[i + 3..];
                        self.html_comment = false;
                        continue;
                    }
                    None => break,
                }
            }
            let Some(i) = rest.find('<') else {
                text.push_str(rest);
                break;
            };
            text.push_str(&rest[..i]);
            let tag = &rest[i..];
            if let Some(after) = tag.strip_prefix("<!--") {
                self.html_comment = true;
                rest = after;
                continue;
            }
            let opens_tag = tag[1..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
            if !opens_tag {
                text.push('<');
                rest = &tag[1..];
                continue;
            }
            let Some(j) = tag.find('>') else {
                // Cut by the end of the line: the rest comes next.
                self.html_pending = tag.to_string();
                break;
            };
            self.html_text(&text);
            text.clear();
            self.html_tag(&tag[1..j]);
            rest = &tag[j + 1..];
        }
        self.html_text(&text);
    }

    /// The end of an HTML block: a tag left open is dropped.
    fn html_end(&mut self) {
        self.html_pending.clear();
        self.html_comment = false;
        self.html_hidden = 0;
    }

    fn html_text(&mut self, text: &str) {
        if self.html_hidden > 0 {
            return;
        }
        let decoded = decode_entities(text);
        let mut collapsed = String::new();
        for (k, word) in decoded.split(char::is_whitespace).enumerate() {
            if k > 0 && !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
            collapsed.push_str(word);
        }
        if collapsed.trim().is_empty() {
            if !collapsed.is_empty() && self.runs.last().is_some_and(|(t, _)| !t.ends_with(' ')) {
                self.runs.push((" ".into(), self.style()));
            }
            return;
        }
        if self.runs.is_empty() {
            collapsed = collapsed.trim_start().to_string();
        }
        let style = self.style();
        self.runs.push((collapsed, style));
    }

    fn html_tag(&mut self, inner: &str) {
        let closing = inner.starts_with('/');
        let body = inner.trim_start_matches('/');
        let name: String = body
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "img" => {
                if let Some(alt) = attribute(body, "alt").filter(|a| !a.trim().is_empty()) {
                    let style = self.style();
                    self.runs.push((decode_entities(&alt), style));
                }
            }
            "a" if !closing => {
                let href = attribute(body, "href").filter(|h| !h.starts_with('#'));
                let start = self.runs.len();
                self.html_links.push(href);
                self.link_targets.push((None, start));
                self.styles.push(MdStyle::Link);
            }
            "a" => {
                self.styles.pop();
                let start = self.link_targets.pop().map_or(self.runs.len(), |(_, s)| s);
                if let Some(Some(href)) = self.html_links.pop() {
                    let text = self.text_since(start);
                    if text.trim() != href {
                        self.runs.push((format!(" <{href}>"), MdStyle::Url));
                    }
                }
            }
            "script" | "style" if !body.ends_with('/') => {
                self.html_hidden = if closing {
                    self.html_hidden.saturating_sub(1)
                } else {
                    self.html_hidden + 1
                };
            }
            "br" => self.flush(),
            "hr" => self.rule(),
            "p" | "div" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "table" | "tr" | "ul"
            | "ol" | "li" | "details" | "summary" | "blockquote" | "center" | "picture"
            | "section" | "pre" => {
                self.flush();
                if closing && matches!(name.as_str(), "p" | "div" | "h1" | "h2" | "h3" | "table") {
                    self.paragraph_gap();
                }
            }
            _ => {}
        }
    }

    /// YAML front matter as a small header: `key: value` lines, a list's
    /// items joined by commas, then a rule. Not a YAML parser: what is not
    /// `key: value` (a nested mapping, a block scalar) is shown as written.
    fn front_matter(&mut self, text: &str) {
        let mut fields: Vec<(String, String)> = Vec::new();
        for line in text.lines() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            if let Some(item) = trimmed.strip_prefix("- ")
                && line.starts_with([' ', '-'])
                && let Some((_, v)) = fields.last_mut()
            {
                if !v.is_empty() {
                    v.push_str(", ");
                }
                v.push_str(unquote(item.trim()));
                continue;
            }
            match trimmed.split_once(':') {
                Some((k, v)) if !line.starts_with([' ', '\t']) && !k.contains(' ') => {
                    let v = v.trim();
                    let v = v
                        .strip_prefix('[')
                        .and_then(|v| v.strip_suffix(']'))
                        .map(|list| {
                            list.split(',')
                                .map(|i| unquote(i.trim()))
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_else(|| unquote(v).to_string());
                    fields.push((k.trim().to_string(), v));
                }
                _ => match fields.last_mut() {
                    Some((_, v)) => {
                        if !v.is_empty() {
                            v.push(' ');
                        }
                        v.push_str(trimmed);
                    }
                    None => fields.push((String::new(), trimmed.to_string())),
                },
            }
        }
        if fields.is_empty() {
            return;
        }
        for (k, v) in fields {
            if !k.is_empty() {
                self.runs.push((format!("{k}:"), MdStyle::Marker));
            }
            self.runs.push((format!(" {v}"), MdStyle::Plain));
            self.flush();
        }
        self.rule();
        self.blank();
    }

    /// A table with its columns lined up: cells padded to their column's
    /// width (aligned as the table says), columns split by `│`, a rule
    /// under the head. When the table is wider than the page, the widest
    /// columns give up room and their cells are cut with `…`.
    fn draw_table(&mut self, table: Table) {
        use pulldown_cmark::Alignment;
        let cols = table.rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 {
            return;
        }
        let text_of = |cell: &[(String, MdStyle)]| -> String {
            let joined: String = cell.iter().map(|(t, _)| t.as_str()).collect();
            crate::sanitize::sanitize_line(joined.trim()).into_owned()
        };
        let mut widths = vec![1usize; cols];
        for row in &table.rows {
            for (c, cell) in row.iter().enumerate() {
                widths[c] = widths[c].max(crate::text::width(&text_of(cell)));
            }
        }
        let base = crate::text::width(&self.prefix);
        let room = self.width.saturating_sub(base + 3 * (cols - 1)).max(cols);
        while widths.iter().sum::<usize>() > room {
            let (i, w) = widths
                .iter()
                .copied()
                .enumerate()
                .max_by_key(|(_, w)| *w)
                .unwrap_or((0, 1));
            if w <= 3 {
                break;
            }
            widths[i] = w - 1;
        }
        // A head with nothing in it (an rST table without one) is not drawn.
        let empty_head = table.rows[..table.head]
            .iter()
            .all(|row| row.iter().all(|cell| text_of(cell).is_empty()));
        for (r, row) in table.rows.iter().enumerate() {
            if r < table.head && empty_head {
                continue;
            }
            let mut line: MdLine = vec![(self.prefix.clone(), MdStyle::Quote)];
            for (c, &w) in widths.iter().enumerate() {
                if c > 0 {
                    line.push((" │ ".into(), MdStyle::Marker));
                }
                let cell = row.get(c).map(Vec::as_slice).unwrap_or_default();
                let style = if r < table.head {
                    MdStyle::Strong
                } else {
                    cell.iter()
                        .map(|(_, s)| *s)
                        .find(|s| *s != MdStyle::Plain)
                        .unwrap_or(MdStyle::Plain)
                };
                let shown = crate::text::truncate(&text_of(cell), w);
                let gap = w.saturating_sub(crate::text::width(&shown));
                let (before, after) = match table.aligns.get(c) {
                    Some(Alignment::Right) => (gap, 0),
                    Some(Alignment::Center) => (gap / 2, gap - gap / 2),
                    _ => (0, gap),
                };
                let last = c + 1 == cols;
                line.push((
                    format!(
                        "{}{shown}{}",
                        " ".repeat(before),
                        if last {
                            String::new()
                        } else {
                            " ".repeat(after)
                        }
                    ),
                    style,
                ));
            }
            self.lines.push(line);
            if r + 1 == table.head && !empty_head {
                let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
                self.lines.push(vec![
                    (self.prefix.clone(), MdStyle::Quote),
                    (rule.join("─┼─"), MdStyle::Rule),
                ]);
            }
        }
    }

    /// Wrap the paragraph being built into lines.
    fn flush(&mut self) {
        if self.runs.is_empty() {
            return;
        }
        let mut runs = std::mem::take(&mut self.runs);
        // What ends a paragraph is not shown: no trailing blanks.
        while let Some((t, _)) = runs.last_mut() {
            let kept = t.trim_end().len();
            t.truncate(kept);
            if !t.is_empty() {
                break;
            }
            runs.pop();
        }
        if runs.is_empty() {
            return;
        }
        // Words are cut at spaces only: a word may be made of runs of
        // several styles (`code`, or an escaped `\-`), and is never broken
        // where one run meets the next.
        struct Word {
            space: bool,
            parts: Vec<(String, MdStyle)>,
        }
        let mut words: Vec<Word> = Vec::new();
        for (text, style) in runs {
            let text = crate::sanitize::sanitize_line(&text).into_owned();
            for (k, piece) in text.split(' ').enumerate() {
                match words.last_mut() {
                    Some(w) if k == 0 => w.parts.push((piece.to_string(), style)),
                    _ => words.push(Word {
                        space: k > 0,
                        parts: vec![(piece.to_string(), style)],
                    }),
                }
            }
        }
        // In a list item, every line but the marker's is indented under
        // the item's text.
        let hang = " ".repeat(self.hangs.last().copied().unwrap_or(0));
        let rest_prefix = format!("{}{hang}", self.prefix);
        let first_prefix = if std::mem::take(&mut self.item_fresh) {
            self.prefix.clone()
        } else {
            rest_prefix.clone()
        };
        let base = crate::text::width(&rest_prefix);
        let mut line: MdLine = vec![(first_prefix.clone(), MdStyle::Quote)];
        let mut used = crate::text::width(&first_prefix);
        for word in words {
            let style = word.parts.first().map_or(MdStyle::Plain, |p| p.1);
            let w: usize = word.parts.iter().map(|(t, _)| crate::text::width(t)).sum();
            let lead = usize::from(word.space);
            if used + lead + w <= self.width {
                if word.space {
                    line.push((" ".into(), style));
                }
                used += lead + w;
                line.extend(word.parts.into_iter().filter(|(t, _)| !t.is_empty()));
                continue;
            }
            if used > base {
                self.lines.push(std::mem::take(&mut line));
                line.push((rest_prefix.clone(), MdStyle::Quote));
                used = base;
            }
            if used + w <= self.width {
                used += w;
                line.extend(word.parts.into_iter().filter(|(t, _)| !t.is_empty()));
                continue;
            }
            // Alone on its line and still too wide (a long URL): cut into
            // pieces that fit, in one pass over its characters (a 400 KB
            // word costs its length, not its square).
            for (text, style) in word.parts {
                let mut head = String::new();
                for c in text.chars() {
                    let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    if used + cw > self.width && used > base {
                        if !head.is_empty() {
                            line.push((std::mem::take(&mut head), style));
                        }
                        self.lines.push(std::mem::take(&mut line));
                        line.push((rest_prefix.clone(), MdStyle::Quote));
                        used = base;
                    }
                    head.push(c);
                    used += cw;
                }
                if !head.is_empty() {
                    line.push((head, style));
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

/// A YAML scalar without its quotes.
fn unquote(v: &str) -> &str {
    for q in ['"', '\''] {
        if let Some(inner) = v.strip_prefix(q).and_then(|v| v.strip_suffix(q)) {
            return inner;
        }
    }
    v
}

/// The value of attribute `name` in a tag's text (`img src="a" alt=b`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name) {
        let at = from + k;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value = rest[1..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
                .next()
                .unwrap_or("")
                .to_string(),
        });
    }
    None
}

/// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&#39;`, `&apos;`, `&nbsp;` and
/// numeric references decoded; anything else left as written.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => ' ',
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(&n[2..], 16).ok()?)?
                }
                n if n.starts_with('#') => char::from_u32(n[1..].parse().ok()?)?,
                _ => return None,
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
    fn relative_links_lead_to_repository_paths_as_github_reads_them() {
        for (from, link, want) in [
            ("", "CONTRIBUTING.rst", Some("CONTRIBUTING.rst")),
            ("", "./docs/index.md#install", Some("docs/index.md")),
            (
                "docs/api",
                "../guide/start.md?plain=1",
                Some("docs/guide/start.md"),
            ),
            ("docs/api", "/README.md", Some("README.md")),
            ("docs", "a%20b.md", Some("docs/a b.md")),
            ("docs", "100%.md", Some("docs/100%.md")),
            ("docs", "sub/", Some("docs/sub")),
            ("", "../outside.md", None),
            ("docs", "../../etc/passwd", None),
            ("", "#usage", None),
            ("", "https://x.org/a.md", None),
            ("", "javascript:alert(1)", None),
            ("", "//evil.example/x", None),
            ("", "", None),
            ("", "/", None),
        ] {
            assert_eq!(
                resolve_link(from, link).as_deref(),
                want,
                "{link:?} from {from:?}"
            );
        }
    }

    #[test]
    fn a_documents_targets_include_its_relative_links_when_they_can_open() {
        let md = "[a](https://x.org/) [b](docs/b.md) [c](#here) [b again](./docs/b.md#x)\n\n```sh\n$ make\n```\n";
        assert_eq!(
            targets(md, Some("")),
            [
                DocTarget::Address("https://x.org/".into()),
                DocTarget::File {
                    path: "docs/b.md".into(),
                    link: "docs/b.md".into()
                },
                DocTarget::File {
                    path: "docs/b.md".into(),
                    link: "./docs/b.md#x".into()
                },
                DocTarget::Command("make".into()),
            ]
        );
        // A commit message's links lead nowhere in the repository.
        assert_eq!(targets(md, None).len(), 2);
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
    fn a_word_made_of_several_runs_is_never_cut_where_they_meet() {
        // `sub\-millisecond` is three text events; `code`, is two runs.
        let md = "aaaa bbbb cccc sub\\-millisecond `code`, end\n";
        for width in 20..40 {
            for line in plain(&render(md, width)) {
                assert!(
                    !line.starts_with('-') && !line.starts_with(','),
                    "{width}: {line:?}"
                );
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
    fn raw_html_is_reduced_to_its_text() {
        // Flask's README opens with a centred logo in a <p align=center>.
        let md = "<p align=\"center\">\n  <img src=\"logo.png\" alt=\"Flask &amp; friends\" width=\"200\">\n</p>\n\n<!-- a note\nfor maintainers -->\n\nRead <a href=\"https://example.com/guide\">the guide</a> and\n<b>this</b>.<br>Next line, see <https://example.com>.\n\n<script>alert(1)</script>\n\nEnd.\n";
        let text = plain(&render(md, 80));
        assert_eq!(text[0], "Flask & friends", "{text:?}");
        let joined = text.join("\n");
        assert!(
            !joined.contains('<') || joined.contains("<https://example.com/guide>"),
            "{text:?}"
        );
        assert!(!joined.contains("maintainers"), "{text:?}");
        assert!(!joined.contains("alert"), "{text:?}");
        assert!(
            text.contains(&"Read the guide <https://example.com/guide> and this.".to_string()),
            "{text:?}"
        );
        // An autolink's text is its address: shown once.
        assert!(
            text.contains(&"Next line, see https://example.com.".to_string()),
            "{text:?}"
        );
        assert!(text.contains(&"End.".to_string()), "{text:?}");
    }

    #[test]
    fn soft_breaks_are_spaces_in_markdown_and_in_html() {
        let md = "Open the\nPR once it\naddresses the issue.\n\n<p>use\nGitHub</p>\n";
        let text = plain(&render(md, 80));
        assert!(
            text.contains(&"Open the PR once it addresses the issue.".to_string()),
            "{text:?}"
        );
        assert!(text.contains(&"use GitHub".to_string()), "{text:?}");
    }

    #[test]
    fn an_image_is_its_alt_text_without_its_address() {
        let text = plain(&render("![Build status](https://ci/badge.svg) text\n", 80));
        assert_eq!(text[0], "Build status text", "{text:?}");
    }

    #[test]
    fn front_matter_is_a_header_not_a_heading() {
        let md = "---\nname: Bug report\nabout: 'Report a bug'\nlabels: [bug, triage]\nassignees:\n  - alice\n  - bob\n---\n\n# Describe the bug\n";
        let lines = render(md, 60);
        let text = plain(&lines);
        assert_eq!(text[0], "name: Bug report", "{text:?}");
        assert_eq!(text[1], "about: Report a bug");
        assert_eq!(text[2], "labels: bug, triage");
        assert_eq!(text[3], "assignees: alice, bob");
        assert!(text[4].starts_with('─'));
        assert!(text.contains(&"# Describe the bug".to_string()), "{text:?}");
        assert!(!text.iter().any(|l| l.starts_with("## name")), "{text:?}");
        assert_eq!(lines[0][1], ("name:".to_string(), MdStyle::Marker));
    }

    #[test]
    fn github_alerts_name_their_kind() {
        let text = plain(&render("> [!WARNING]\n> Do not run this as root.\n", 60));
        assert_eq!(text[0], "│ Warning", "{text:?}");
        assert_eq!(text[1], "│ Do not run this as root.");
        assert!(!text.join("\n").contains("[!"), "{text:?}");
    }

    #[test]
    fn tables_line_up_their_columns() {
        let md = "| Name | Size |\n|:-----|-----:|\n| `flask` | 1 |\n| requests | 200 |\n";
        let text = plain(&render(md, 60));
        assert_eq!(text[0], "Name     │ Size", "{text:?}");
        assert_eq!(text[1], "─────────┼─────");
        assert_eq!(text[2], "flask    │    1");
        assert_eq!(text[3], "requests │  200");
        // Too wide for the page: the widest column gives up room.
        let wide = format!("| a | b |\n|---|---|\n| {} | short |\n", "x".repeat(100));
        for l in render(&wide, 30) {
            let w: usize = l.iter().map(|(t, _)| crate::text::width(t)).sum();
            assert!(w <= 30, "{w}: {l:?}");
        }
        let text = plain(&render(&wide, 30));
        assert!(text[2].ends_with("… │ short"), "{text:?}");
    }

    #[test]
    fn the_fence_outruns_any_backticks_in_the_text() {
        assert_eq!(super::fence_for("plain"), "```");
        assert_eq!(super::fence_for("a ``` b"), "````");
        assert_eq!(super::fence_for("`````"), "``````");
    }
}
