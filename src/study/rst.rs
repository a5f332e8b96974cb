//! reStructuredText lowered to CommonMark, so that one renderer
//! ([`super::markdown`]) draws both: django's, requests', celery's and
//! sqlalchemy's READMEs and docs are rST.
//!
//! Not a docutils: a reader's subset, chosen from what the catalog's
//! repositories write. Titles (any adornment, levels in order of first
//! use), paragraphs, bullet, enumerated, field and definition lists,
//! literal blocks (`::`), doctest blocks, block quotes, line blocks, grid
//! and simple tables, transitions, the directives a README uses
//! (`code-block`, admonitions, `image`, `toctree`, Sphinx's object
//! descriptions, version notes), comments and link targets hidden, and
//! inline markup (``literal``, *emphasis*, **strong**, `text <url>`_,
//! :role:`text`, |substitutions|, footnote references). Text is escaped
//! for Markdown, so nothing in it is taken for Markdown markup.

use std::collections::HashMap;

/// `text`, written in reStructuredText, as Markdown.
pub fn to_markdown(text: &str) -> String {
    to_markdown_in(text, None)
}

/// [`to_markdown`] for a document of a Sphinx tree whose source root is
/// `sphinx_root` from the document's folder (`"../"`, `""`): a `:doc:`
/// reference from that root (`/topics/db/models`) becomes a link too.
pub fn to_markdown_in(text: &str, sphinx_root: Option<&str>) -> String {
    let text = text.replace("\r\n", "\n").replace('\t', "        ");
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end()).collect();
    let mut cx = Cx {
        levels: Vec::new(),
        subs: substitutions(&lines),
        depth: 0,
        sphinx_root: sphinx_root.map(str::to_string),
    };
    let mut out = String::new();
    cx.blocks(&lines, &mut out);
    out
}

struct Cx {
    /// Title adornments in the order first seen: (character, overlined).
    levels: Vec<(char, bool)>,
    /// `|name|` → what it shows (`None`: nothing, an image without alt).
    subs: HashMap<String, Option<String>>,
    /// Nesting of blocks, bounded so hostile input cannot overflow the stack.
    depth: usize,
    /// The Sphinx source root from this document's folder, if known.
    sphinx_root: Option<String>,
}

/// Deeper than this, nested blocks are shown as literal text.
const MAX_DEPTH: usize = 24;

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// Whether a text file (Django's `docs/*.txt`) is written in
/// reStructuredText: in its first 200 lines, a title underlined (an
/// adornment at least as long as the line above it) or an explicit
/// markup line (`.. directive::`, `.. _target:`).
pub fn looks_like_rst(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().take(200).map(str::trim_end).collect();
    lines.iter().any(|l| {
        l.strip_prefix(".. ").is_some_and(|rest| {
            rest.starts_with('_')
                || rest
                    .split_once("::")
                    .is_some_and(|(name, _)| !name.is_empty() && !name.contains(' '))
        })
    }) || lines.windows(2).any(|w| {
        let title = w[0].trim();
        !title.is_empty()
            && !w[0].starts_with(' ')
            && adornment(w[1]).is_some()
            && w[1].chars().count() >= title.chars().count()
            && w[1].chars().count() >= 3
    })
}

/// A line made of one punctuation character repeated (a title's
/// adornment or a transition).
fn adornment(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let c = chars.next()?;
    (c.is_ascii_punctuation() && line.len() >= 2 && chars.all(|d| d == c)).then_some(c)
}

/// The lines from `start` on that belong to an indented block: indented
/// ones and blank ones, up to the first line at the left margin. Trailing
/// blank lines are not part of it.
fn indented_end(lines: &[&str], start: usize) -> usize {
    let mut end = start;
    let mut last = start;
    while end < lines.len() && (blank(lines[end]) || indent(lines[end]) > 0) {
        end += 1;
        if !blank(lines[end - 1]) {
            last = end;
        }
    }
    last
}

/// `first` and the text of `lines` after it, joined by spaces (a field's,
/// a footnote's or a version note's text over several lines).
fn joined(first: &str, lines: &[&str]) -> String {
    let mut text = first.to_string();
    for l in lines.iter().filter(|l| !blank(l)) {
        text.push(' ');
        text.push_str(l.trim());
    }
    text
}

/// `lines` with their common indentation removed.
fn dedent<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let least = lines
        .iter()
        .filter(|l| !blank(l))
        .map(|l| indent(l))
        .min()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| if blank(l) { "" } else { &l[least..] })
        .collect()
}

/// `lines` with `by` columns removed where they have them.
fn dedent_by<'a>(lines: &[&'a str], by: usize) -> Vec<&'a str> {
    lines
        .iter()
        .map(|l| {
            if blank(l) {
                ""
            } else {
                &l[indent(l).min(by)..]
            }
        })
        .collect()
}

/// `.. |name| image:: …` and `.. |name| replace:: …` definitions.
fn substitutions(lines: &[&str]) -> HashMap<String, Option<String>> {
    let mut subs = HashMap::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.trim_start().strip_prefix(".. |") else {
            continue;
        };
        let Some((name, def)) = rest.split_once('|') else {
            continue;
        };
        let def = def.trim();
        let shown = if let Some(text) = def.strip_prefix("replace::") {
            Some(text.trim().to_string())
        } else if def.starts_with("image::") {
            lines[i + 1..]
                .iter()
                .take_while(|l| indent(l) > 0)
                .find_map(|l| l.trim().strip_prefix(":alt:").map(|a| a.trim().to_string()))
        } else {
            None
        };
        subs.insert(name.to_string(), shown);
    }
    subs
}

/// A bullet item's marker and its text column.
fn bullet(line: &str) -> Option<(char, usize)> {
    let mut chars = line.chars();
    let c = chars.next()?;
    if !matches!(c, '*' | '+' | '-' | '•' | '‣' | '⁃') {
        return None;
    }
    match chars.next() {
        None => Some((c, c.len_utf8() + 1)),
        Some(' ') => {
            let rest = &line[c.len_utf8()..];
            Some((c, c.len_utf8() + indent(rest)))
        }
        _ => None,
    }
}

/// An enumerated item: its number (letters and roman numerals count from
/// one; `#` is the next one) and its text column.
fn enumerator(line: &str) -> Option<(Option<u64>, usize)> {
    let (body, open) = match line.strip_prefix('(') {
        Some(b) => (b, 1),
        None => (line, 0),
    };
    let label_len = body
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '#')
        .unwrap_or(body.len());
    if label_len == 0 || label_len > 4 {
        return None;
    }
    let label = &body[..label_len];
    let close = body[label_len..].chars().next()?;
    let ok_close = if open == 1 {
        close == ')'
    } else {
        close == '.' || close == ')'
    };
    if !ok_close {
        return None;
    }
    let after = &body[label_len + 1..];
    if !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    let number = if label == "#" {
        None
    } else if let Ok(n) = label.parse::<u64>() {
        Some(n)
    } else if label.len() == 1 && label.chars().all(|c| c.is_ascii_alphabetic()) {
        Some(u64::from(
            label.to_ascii_lowercase().as_bytes()[0] - b'a' + 1,
        ))
    } else if label.chars().all(|c| "ivxlcdm".contains(c)) {
        Some(roman(label))
    } else {
        return None;
    };
    Some((number, open + label_len + 1 + indent(after).max(1)))
}

fn roman(s: &str) -> u64 {
    let value = |c| match c {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        'd' => 500,
        _ => 1000,
    };
    let digits: Vec<u64> = s.chars().map(value).collect();
    let mut total = 0;
    for (k, d) in digits.iter().enumerate() {
        if digits.get(k + 1).is_some_and(|n| n > d) {
            total -= *d as i64;
        } else {
            total += *d as i64;
        }
    }
    total.max(1) as u64
}

/// A field list's `:name: value` line.
fn field(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(':')?;
    let end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(str::len))?;
    let name = &rest[..end];
    if name.is_empty() || name.starts_with(' ') || name.contains('`') {
        return None;
    }
    Some((name, rest[end + 1..].trim()))
}

/// `=====  =====`: a simple table's border (two columns or more; a
/// single `=====` line is a title's adornment).
fn simple_table_border(line: &str) -> bool {
    line.starts_with('=') && line.contains(' ') && line.chars().all(|c| c == '=' || c == ' ')
}

impl Cx {
    fn blocks(&mut self, lines: &[&str], out: &mut String) {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            code_block(lines, "", out);
            return;
        }
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if blank(line) {
                i += 1;
                continue;
            }
            i = self.block(lines, i, out);
            out.push('\n');
        }
        self.depth -= 1;
    }

    /// One block starting at `i` (not blank): written to `out`; returns
    /// the line after it.
    fn block(&mut self, lines: &[&str], i: usize, out: &mut String) -> usize {
        let line = lines[i];
        let next = lines.get(i + 1).copied().unwrap_or("");
        // An indented block with nothing introducing it: a quote.
        if indent(line) > 0 {
            let end = indented_end(lines, i);
            let mut inner = String::new();
            self.blocks(&dedent(&lines[i..end]), &mut inner);
            quote(&inner, out);
            return end;
        }
        // A title with an overline.
        if let Some(c) = adornment(line)
            && !blank(next)
            && lines.get(i + 2).is_some_and(|u| adornment(u) == Some(c))
            && adornment(next).is_none()
        {
            self.title(next.trim(), c, true, out);
            return i + 3;
        }
        // A title underlined.
        if let Some(c) = adornment(next)
            && adornment(line).is_none()
            && next.chars().count() >= line.trim().chars().count().min(4)
            && lines.get(i + 2).is_none_or(|l| blank(l))
        {
            self.title(line.trim(), c, false, out);
            return i + 2;
        }
        // A transition.
        if adornment(line).is_some() && line.len() >= 4 && blank(next) {
            out.push_str("---\n");
            return i + 1;
        }
        if line.starts_with("..") && (line.len() == 2 || line.as_bytes()[2] == b' ') {
            return self.explicit(lines, i, out);
        }
        if line.starts_with("+-") && line.ends_with('+') {
            return self.grid_table(lines, i, out);
        }
        if simple_table_border(line) {
            return self.simple_table(lines, i, out);
        }
        if line.starts_with(">>>") {
            let end = (i..lines.len())
                .find(|&k| blank(lines[k]))
                .unwrap_or(lines.len());
            code_block(&lines[i..end], "pycon", out);
            return end;
        }
        if let Some((marker, _)) = bullet(line) {
            let item = |l: &str| {
                bullet(l)
                    .filter(|(m, _)| *m == marker)
                    .map(|(_, c)| (None, c))
            };
            return self.list(lines, i, out, true, item);
        }
        if enumerator(line).is_some()
            && (blank(next) || indent(next) > 0 || enumerator(next).is_some())
        {
            return self.list(lines, i, out, false, enumerator);
        }
        if field(line).is_some() {
            return self.fields(lines, i, out);
        }
        if line.starts_with("| ") || line == "|" {
            let end = (i..lines.len())
                .find(|&k| !(lines[k].starts_with("| ") || lines[k] == "|"))
                .unwrap_or(lines.len());
            let shown: Vec<String> = lines[i..end]
                .iter()
                .map(|l| self.inline(l.trim_start_matches('|').trim()))
                .collect();
            out.push_str(&shown.join("\\\n"));
            out.push('\n');
            return end;
        }
        // A definition list item: a term line and an indented definition.
        if !blank(next) && indent(next) > 0 {
            let end = indented_end(lines, i + 1);
            let (term, classifier) = match line.split_once(" : ") {
                Some((t, c)) => (t, Some(c)),
                None => (line, None),
            };
            out.push_str(&format!("**{}**", self.inline(term.trim())));
            if let Some(c) = classifier {
                out.push_str(&format!(" *{}*", self.inline(c.trim())));
            }
            out.push_str("\n\n");
            let mut inner = String::new();
            self.blocks(&dedent(&lines[i + 1..end]), &mut inner);
            quote(&inner, out);
            return end;
        }
        self.paragraph(lines, i, out)
    }

    fn title(&mut self, text: &str, c: char, over: bool, out: &mut String) {
        let key = (c, over);
        let level = match self.levels.iter().position(|k| *k == key) {
            Some(l) => l,
            None => {
                self.levels.push(key);
                self.levels.len() - 1
            }
        };
        out.push_str(&"#".repeat((level + 1).min(6)));
        out.push(' ');
        out.push_str(&self.inline(text));
        out.push('\n');
    }

    fn paragraph(&mut self, lines: &[&str], i: usize, out: &mut String) -> usize {
        let mut end = i;
        while end < lines.len() && !blank(lines[end]) && (end == i || indent(lines[end]) == 0) {
            end += 1;
        }
        let joined: Vec<&str> = lines[i..end].iter().map(|l| l.trim()).collect();
        let mut text = joined.join(" ");
        // `text::` introduces a literal block: `text:`, or nothing when
        // the colons stand alone.
        let literal_follows = text.ends_with("::");
        if literal_follows {
            text.truncate(text.len() - 2);
            if text.ends_with(' ') || text.is_empty() {
                text = text.trim_end().to_string();
            } else {
                text.push(':');
            }
        }
        if !text.is_empty() {
            out.push_str(&self.inline(&text));
            out.push('\n');
        }
        let mut next = end;
        if literal_follows {
            let mut k = end;
            while k < lines.len() && blank(lines[k]) {
                k += 1;
            }
            if k < lines.len() && indent(lines[k]) > 0 {
                let block_end = indented_end(lines, k);
                if !text.is_empty() {
                    out.push('\n');
                }
                code_block(&dedent(&lines[k..block_end]), "", out);
                next = block_end;
            }
        }
        next
    }

    /// A bullet or enumerated list: its items as long as they follow one
    /// another (blank lines between allowed).
    fn list(
        &mut self,
        lines: &[&str],
        mut i: usize,
        out: &mut String,
        bullets: bool,
        item: impl Fn(&str) -> Option<(Option<u64>, usize)>,
    ) -> usize {
        let mut number = None;
        let mut auto = 0;
        while i < lines.len() {
            let Some((n, column)) = item(lines[i]) else {
                break;
            };
            // An enumeration that does not go on (`1.` after `2.`, `#.`
            // after `2.`) starts a list of its own.
            if !bullets
                && let Some(expected) = number
                && n.is_some_and(|n| n != expected)
            {
                break;
            }
            if !bullets && auto > 0 && n.is_some() {
                break;
            }
            let mut end = i + 1;
            while end < lines.len() && (blank(lines[end]) || indent(lines[end]) >= column) {
                end += 1;
            }
            while end > i + 1 && blank(lines[end - 1]) {
                end -= 1;
            }
            let mut body: Vec<&str> = vec![lines[i].get(column..).unwrap_or("")];
            body.extend(dedent_by(&lines[i + 1..end], column));
            let mut inner = String::new();
            self.blocks(&body, &mut inner);
            let marker = match (n, number) {
                _ if bullets => "- ".to_string(),
                (Some(n), _) => {
                    number = Some(n + 1);
                    format!("{n}. ")
                }
                (None, Some(_)) => break,
                (None, None) => {
                    auto += 1;
                    format!("{auto}. ")
                }
            };
            let pad = " ".repeat(marker.len());
            for (k, l) in inner.trim_end().lines().enumerate() {
                if k == 0 {
                    out.push_str(&marker);
                } else if !l.is_empty() {
                    out.push_str(&pad);
                }
                out.push_str(l);
                out.push('\n');
            }
            if inner.trim().is_empty() {
                out.push_str(marker.trim_end());
                out.push('\n');
            }
            // The next item may follow after blank lines.
            let mut k = end;
            while k < lines.len() && blank(lines[k]) {
                k += 1;
            }
            if k < lines.len() && item(lines[k]).is_some() && indent(lines[k]) == 0 {
                i = k;
            } else {
                i = end;
                break;
            }
        }
        // Markdown would join it to a list that follows: a comment ends it.
        out.push_str("\n<!-- -->\n");
        i
    }

    fn fields(&mut self, lines: &[&str], mut i: usize, out: &mut String) -> usize {
        let mut shown = Vec::new();
        while i < lines.len() {
            let Some((name, value)) = field(lines[i]) else {
                break;
            };
            let end = indented_end(lines, i + 1).max(i + 1);
            let text = joined(value, &lines[i + 1..end]);
            shown.push(format!("**{}:** {}", self.inline(name), self.inline(&text)));
            i = end;
        }
        out.push_str(&shown.join("\\\n"));
        out.push('\n');
        i
    }

    /// `..`: a directive, a link target, a substitution definition, a
    /// footnote, or a comment.
    fn explicit(&mut self, lines: &[&str], i: usize, out: &mut String) -> usize {
        let first = lines[i][2..].trim();
        let end = indented_end(lines, i + 1).max(i + 1);
        let body = dedent(&lines[i + 1..end]);
        // Footnotes and citations: shown as `[label] text`.
        if let Some(rest) = first.strip_prefix('[')
            && let Some((label, text)) = rest.split_once(']')
        {
            let all = joined(text.trim(), &body);
            out.push_str(&format!("\\[{}\\] {}\n", escape(label), self.inline(&all)));
            return end;
        }
        // Link targets, substitution definitions and anonymous targets
        // say where, not what: hidden, as docutils hides them.
        if first.starts_with('_') || first.starts_with('|') || first.starts_with("__") {
            return end;
        }
        let Some((name, args)) = first.split_once("::") else {
            // A comment.
            return end;
        };
        let name = name.trim().to_ascii_lowercase();
        let name = name.rsplit(':').next().unwrap_or(&name).to_string();
        let args = args.trim();
        // Options (`:linenos:`) come first in the body, then the content.
        let mut options: Vec<(String, String)> = Vec::new();
        let mut content_at = 0;
        for (k, l) in body.iter().enumerate() {
            match field(l) {
                Some((o, v)) if content_at == k => {
                    options.push((o.to_string(), v.to_string()));
                    content_at = k + 1;
                }
                _ => break,
            }
        }
        let content: Vec<&str> = body[content_at..].to_vec();
        let option = |o: &str| options.iter().find(|(n, _)| n == o).map(|(_, v)| v.clone());
        match name.as_str() {
            "code-block" | "code" | "sourcecode" | "highlight-block" | "parsed-literal" => {
                let lang = args.split_whitespace().next().unwrap_or("");
                code_block(&dedent(&content), lang, out);
            }
            "literalinclude" | "include" => {
                out.push_str(&format!("*(included from {})*\n", code_span(args)));
            }
            "note" | "warning" | "tip" | "hint" | "important" | "attention" | "caution"
            | "danger" | "error" | "seealso" | "admonition" => {
                let kind = match name.as_str() {
                    "note" | "seealso" => Some("NOTE"),
                    "tip" | "hint" => Some("TIP"),
                    "important" => Some("IMPORTANT"),
                    "warning" | "attention" => Some("WARNING"),
                    "caution" | "danger" | "error" => Some("CAUTION"),
                    _ => None,
                };
                let mut inner = String::new();
                match kind {
                    Some(_) if !args.is_empty() => {
                        let mut all = vec![args];
                        all.extend(content.iter().copied());
                        self.blocks(&all, &mut inner);
                    }
                    Some(_) => self.blocks(&content, &mut inner),
                    None => {
                        inner.push_str(&format!("**{}**\n\n", self.inline(args)));
                        self.blocks(&content, &mut inner);
                    }
                }
                if let Some(kind) = kind {
                    out.push_str(&format!("> [!{kind}]\n"));
                }
                quote(&inner, out);
            }
            "versionadded" | "versionchanged" | "deprecated" | "versionremoved" => {
                let (version, text) = args.split_once(' ').unwrap_or((args, ""));
                let what = match name.as_str() {
                    "versionadded" => "New in version",
                    "versionchanged" => "Changed in version",
                    "versionremoved" => "Removed in version",
                    _ => "Deprecated since version",
                };
                let all = joined(text, &content);
                out.push_str(&format!(
                    "*{what} {}:* {}\n",
                    escape(version),
                    self.inline(all.trim())
                ));
            }
            "image" | "figure" => {
                if let Some(alt) = option("alt") {
                    out.push_str(&escape(&alt));
                    out.push('\n');
                }
                if name == "figure" && !content.is_empty() {
                    out.push('\n');
                    self.blocks(&content, out);
                }
            }
            "toctree" => {
                for l in content.iter().filter(|l| !blank(l)) {
                    let entry = l.trim();
                    // `Title <path>` shows its title.
                    let shown = match entry.rsplit_once('<') {
                        Some((title, _)) if !title.trim().is_empty() => title.trim(),
                        _ => entry.trim_matches(['<', '>']),
                    };
                    out.push_str(&format!("- {}\n", escape(shown)));
                }
            }
            "rubric" | "topic" | "sidebar" => {
                out.push_str(&format!("**{}**\n\n", self.inline(args)));
                self.blocks(&content, out);
            }
            "raw" | "contents" | "highlight" | "index" | "meta" | "currentmodule" | "module"
            | "default-role" | "role" | "sectionauthor" | "moduleauthor" | "tabularcolumns"
            | "autosummary" | "testsetup" | "testcleanup" => {}
            "function" | "class" | "method" | "attribute" | "data" | "exception" | "decorator"
            | "classmethod" | "staticmethod" | "property" | "autoclass" | "autofunction"
            | "automodule" | "automethod" | "autoattribute" | "autoexception" | "autodata"
            | "setting" | "envvar" | "option" | "describe" | "object" => {
                out.push_str(&format!("**{}**\n\n", code_span(args)));
                let mut inner = String::new();
                self.blocks(&content, &mut inner);
                quote(&inner, out);
            }
            // Anything else: its content, as text.
            _ => {
                if !args.is_empty() && content.is_empty() {
                    out.push_str(&self.inline(args));
                    out.push('\n');
                }
                self.blocks(&content, out);
            }
        }
        end
    }

    /// A grid table: `+---+---+` borders, `|` between cells, `+===+` under
    /// the head. Cells spanning columns are read as their first column.
    fn grid_table(&mut self, lines: &[&str], i: usize, out: &mut String) -> usize {
        let end = (i..lines.len())
            .find(|&k| !(lines[k].starts_with('+') || lines[k].starts_with('|')))
            .unwrap_or(lines.len());
        let border = lines[i];
        let cuts: Vec<usize> = border
            .char_indices()
            .filter(|(_, c)| *c == '+')
            .map(|(k, _)| k)
            .collect();
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut head = 0;
        let mut cell_lines: Vec<Vec<String>> = vec![Vec::new(); cuts.len().saturating_sub(1)];
        for l in &lines[i + 1..end] {
            if l.starts_with('+') {
                rows.push(
                    cell_lines
                        .iter_mut()
                        .map(|c| std::mem::take(c).join(" ").trim().to_string())
                        .collect(),
                );
                if l.contains('=') {
                    head = rows.len();
                }
                continue;
            }
            for (c, pair) in cuts.windows(2).enumerate() {
                let text = l.get(pair[0] + 1..pair[1]).unwrap_or("");
                cell_lines[c].push(text.trim().to_string());
            }
        }
        self.table(rows, head, out);
        end
    }

    /// A simple table: columns under `=====  =====` borders, a border
    /// under the head when there is one.
    fn simple_table(&mut self, lines: &[&str], i: usize, out: &mut String) -> usize {
        let border = lines[i];
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut start = None;
        for (k, c) in border.char_indices().chain([(border.len(), ' ')]) {
            match (c, start) {
                ('=', None) => start = Some(k),
                (' ', Some(s)) => {
                    spans.push((s, k));
                    start = None;
                }
                _ => {}
            }
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        let mut head = 0;
        let mut k = i + 1;
        while k < lines.len() {
            let l = lines[k];
            if simple_table_border(l) {
                k += 1;
                if lines.get(k).is_none_or(|n| blank(n)) {
                    break;
                }
                head = rows.len();
                continue;
            }
            if blank(l) {
                k += 1;
                continue;
            }
            let cells: Vec<String> = spans
                .iter()
                .enumerate()
                .map(|(c, &(s, e))| {
                    // The last column takes the rest of the line.
                    let e = if c + 1 == spans.len() { l.len() } else { e };
                    l.get(s.min(l.len())..e.min(l.len()))
                        .unwrap_or("")
                        .trim()
                        .to_string()
                })
                .collect();
            // A line with an empty first column continues the row above.
            match rows.last_mut() {
                Some(last) if cells[0].is_empty() && k > i + 1 && !blank(lines[k - 1]) => {
                    for (c, t) in cells.into_iter().enumerate() {
                        if !t.is_empty() {
                            last[c] = format!("{} {t}", last[c]).trim().to_string();
                        }
                    }
                }
                _ => rows.push(cells),
            }
            k += 1;
        }
        self.table(rows, head, out);
        k
    }

    fn table(&mut self, rows: Vec<Vec<String>>, head: usize, out: &mut String) {
        let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
        if cols == 0 || rows.is_empty() {
            return;
        }
        // `inline` escapes `|`, which keeps a cell's text in its cell.
        let cell = |cx: &mut Cx, t: &str| cx.inline(t);
        let write_row = |cx: &mut Cx, row: &[String], out: &mut String| {
            out.push('|');
            for c in 0..cols {
                out.push(' ');
                out.push_str(&cell(cx, row.get(c).map(String::as_str).unwrap_or("")));
                out.push_str(" |");
            }
            out.push('\n');
        };
        // Markdown tables have one head row; a table without one gets an
        // empty head.
        let (head_rows, body_rows) = if head > 0 {
            (rows[..head].to_vec(), rows[head..].to_vec())
        } else {
            (vec![vec![String::new(); cols]], rows)
        };
        let mut joined = vec![String::new(); cols];
        for r in &head_rows {
            for (c, t) in r.iter().enumerate() {
                if !t.is_empty() {
                    joined[c] = format!("{} {t}", joined[c]).trim().to_string();
                }
            }
        }
        write_row(self, &joined, out);
        out.push('|');
        for _ in 0..cols {
            out.push_str(" --- |");
        }
        out.push('\n');
        for r in &body_rows {
            write_row(self, r, out);
        }
    }

    /// Inline markup to Markdown; everything else escaped.
    fn inline(&self, text: &str) -> String {
        self.inline_at(text, true)
    }

    /// [`Cx::inline`]; `subs`: whether `|name|` is replaced (not inside a
    /// replacement, so that one naming itself ends).
    fn inline_at(&self, text: &str, subs: bool) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut k = 0;
        // Inline markup starts at the start, after a space or after
        // punctuation, and not before a space.
        let may_start = |k: usize| {
            k == 0
                || chars[k - 1].is_whitespace()
                || matches!(
                    chars[k - 1],
                    '(' | '[' | '{' | '<' | '"' | '\'' | '-' | '/' | ':'
                )
        };
        let find = |from: usize, end: &str| -> Option<usize> {
            let end: Vec<char> = end.chars().collect();
            let mut j = from;
            while j + end.len() <= chars.len() {
                if chars[j] == '\\' && end[0] != '`' {
                    j += 2;
                    continue;
                }
                if chars[j..j + end.len()] == end[..]
                    && j > from
                    && !chars[j - 1].is_whitespace()
                    && chars
                        .get(j + end.len())
                        .is_none_or(|c| !c.is_alphanumeric() || end[0] == '`')
                {
                    return Some(j);
                }
                j += 1;
            }
            None
        };
        let s = |a: usize, b: usize| chars[a..b].iter().collect::<String>();
        while k < chars.len() {
            let c = chars[k];
            let next = chars.get(k + 1).copied().unwrap_or(' ');
            if c == '\\' {
                if next != ' ' && k + 1 < chars.len() {
                    out.push_str(&escape(&next.to_string()));
                }
                k += 2;
                continue;
            }
            if may_start(k) && !next.is_whitespace() {
                if c == '`' && next == '`' {
                    if let Some(e) = find(k + 2, "``") {
                        out.push_str(&code_span(&s(k + 2, e)));
                        k = e + 2;
                        continue;
                    }
                } else if c == '`' {
                    if let Some(e) = find(k + 1, "`") {
                        let inner = s(k + 1, e);
                        k = e + 1;
                        // `text <url>`_ and `text`__: a reference.
                        let mut reference = false;
                        while chars.get(k) == Some(&'_') {
                            reference = true;
                            k += 1;
                        }
                        let mut role = None;
                        if chars.get(k) == Some(&':')
                            && let Some(r) = (k + 1..chars.len()).find(|&j| chars[j] == ':')
                            && chars[k + 1..r]
                                .iter()
                                .all(|c| c.is_alphanumeric() || *c == '-')
                        {
                            role = Some(s(k + 1, r));
                            k = r + 1;
                        }
                        out.push_str(&self.interpreted(&inner, role.as_deref(), reference));
                        continue;
                    }
                } else if c == '*' && next == '*' {
                    if let Some(e) = find(k + 2, "**") {
                        out.push_str(&format!("**{}**", escape(&s(k + 2, e))));
                        k = e + 2;
                        continue;
                    }
                } else if c == '*' {
                    if let Some(e) = find(k + 1, "*") {
                        out.push_str(&format!("*{}*", escape(&s(k + 1, e))));
                        k = e + 1;
                        continue;
                    }
                } else if c == ':'
                    && let Some(r) = (k + 1..chars.len()).find(|&j| chars[j] == ':')
                    && r > k + 1
                    && chars[k + 1..r]
                        .iter()
                        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+'))
                    && chars.get(r + 1) == Some(&'`')
                    && let Some(e) = find(r + 2, "`")
                {
                    let role = s(k + 1, r);
                    out.push_str(&self.interpreted(&s(r + 2, e), Some(&role), false));
                    k = e + 1;
                    continue;
                } else if c == '|'
                    && let Some(e) = find(k + 1, "|")
                {
                    let name = s(k + 1, e);
                    k = e + 1;
                    while chars.get(k) == Some(&'_') {
                        k += 1;
                    }
                    match self.subs.get(&name).filter(|_| subs) {
                        // A replacement is rST itself: ``fetch()`` is code.
                        Some(Some(shown)) => out.push_str(&self.inline_at(shown, false)),
                        // Nothing to show: nor the space after it.
                        Some(None) => {
                            if chars.get(k) == Some(&' ') && (out.is_empty() || out.ends_with(' '))
                            {
                                k += 1;
                            }
                        }
                        None => out.push_str(&escape(&name)),
                    }
                    continue;
                } else if c == '['
                    && let Some(e) = (k + 1..chars.len()).find(|&j| chars[j] == ']')
                    && chars.get(e + 1) == Some(&'_')
                    && chars.get(e + 2).is_none_or(|c| !c.is_alphanumeric())
                {
                    out.push_str(&format!("\\[{}\\]", escape(&s(k + 1, e))));
                    k = e + 2;
                    continue;
                }
            }
            // `name_`: a simple reference, shown as its name.
            if c == '_'
                && k > 0
                && chars[k - 1].is_alphanumeric()
                && chars
                    .get(k + 1)
                    .is_none_or(|c| c.is_whitespace() || ",.;:)!?".contains(*c))
                && chars[..k]
                    .iter()
                    .rev()
                    .take_while(|c| !c.is_whitespace())
                    .all(|c| c.is_alphanumeric() || *c == '-')
            {
                k += 1;
                continue;
            }
            out.push_str(&escape(&c.to_string()));
            k += 1;
        }
        out
    }

    /// Interpreted text: a role's text, or a reference.
    fn interpreted(&self, inner: &str, role: Option<&str>, reference: bool) -> String {
        // `Title <target>`: the title shows; a web address is kept.
        let (title, target) = match inner
            .trim_end()
            .strip_suffix('>')
            .and_then(|t| t.rsplit_once('<'))
        {
            Some((title, target)) => (title.trim().to_string(), Some(target.trim().to_string())),
            None => (inner.to_string(), None),
        };
        let role = role.map(|r| r.rsplit(':').next().unwrap_or(r).to_ascii_lowercase());
        if reference || role.is_none() && target.is_some() {
            let shown = if title.is_empty() {
                target.clone().unwrap_or_default()
            } else {
                title.clone()
            };
            return match target {
                Some(t)
                    if t.starts_with("http://")
                        || t.starts_with("https://")
                        || t.starts_with("mailto:") =>
                {
                    format!("[{}]({})", escape(&shown), t.replace(['(', ')', ' '], ""))
                }
                _ => escape(&shown),
            };
        }
        let doc_target = target.clone().unwrap_or_else(|| title.clone());
        let shown = if title.is_empty() {
            target.unwrap_or_default()
        } else {
            title
        };
        match role.as_deref() {
            // A Sphinx document reference, relative to this document or
            // (`/intro/x`) to the source root: a link the viewer opens (the
            // file's suffix found there). From the root when it is not
            // known, it is only text.
            Some("doc") if !doc_target.trim().is_empty() => {
                let target = doc_target.trim();
                match (target.strip_prefix('/'), &self.sphinx_root) {
                    (None, _) => format!("[{}]({})", escape(&shown), link_address(target)),
                    (Some(rest), Some(root)) => format!(
                        "[{}]({})",
                        escape(&shown),
                        link_address(&format!("{root}{rest}"))
                    ),
                    (Some(_), None) => escape(&shown),
                }
            }
            Some("emphasis" | "dfn" | "title-reference" | "t" | "title") => {
                format!("*{}*", escape(&shown))
            }
            Some("strong") => format!("**{}**", escape(&shown)),
            Some("pep") => format!("PEP {}", escape(&shown)),
            Some("rfc") => format!("RFC {}", escape(&shown)),
            Some(
                "ref" | "doc" | "term" | "abbr" | "sub" | "sup" | "menuselection" | "guilabel"
                | "numref" | "download",
            ) => escape(&shown),
            // Code: `~a.b.c` shows `c`, `!x` shows `x`.
            Some(_) => {
                let name = shown.trim_start_matches('!');
                let name = match name.strip_prefix('~') {
                    Some(n) => n.rsplit('.').next().unwrap_or(n),
                    None => name,
                };
                code_span(name)
            }
            // The default role: docutils shows a title reference, in italics.
            None => format!("*{}*", escape(&shown)),
        }
    }
}

/// A relative path as a Markdown link's address: anything Markdown or a
/// scheme would read (spaces, brackets, `<`, `>`, `%`, `:`) encoded.
pub(crate) fn link_address(path: &str) -> String {
    let mut out = String::new();
    for b in path.trim().bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Markdown's punctuation escaped, so text stays text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`'
                | '*'
                | '_'
                | '['
                | ']'
                | '<'
                | '>'
                | '#'
                | '!'
                | '|'
                | '&'
                | '~'
                | '-'
                | '+'
                | '='
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Markdown code span holding `text` as written.
pub(crate) fn code_span(text: &str) -> String {
    let text = text.replace('\n', " ");
    if text.is_empty() {
        return String::new();
    }
    let mut fence = String::from("`");
    while text.contains(fence.as_str()) {
        fence.push('`');
    }
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn code_block(lines: &[&str], lang: &str, out: &mut String) {
    let body = lines.join("\n");
    let fence = super::markdown::fence_for(&body);
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_'))
        .collect();
    out.push_str(&format!(
        "{fence}{lang}\n{}\n{fence}\n",
        body.trim_end_matches('\n')
    ));
}

/// Markdown `inner` as a block quote.
fn quote(inner: &str, out: &mut String) {
    for l in inner.trim_end().lines() {
        if l.is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(l);
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests;
