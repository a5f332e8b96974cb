//! A fast Python symbol scanner for the repository index.
//!
//! The index needs each symbol's path, kind and line, not a syntax tree.
//! tree-sitter parses about 10 MB/s per core; this single pass over the
//! bytes (strings, brackets, line continuations, indentation) is several
//! times faster, which is what lets a cold index keep up with
//! universal-ctags. It follows the same rules as the tree-sitter outline
//! (`python.rs`), and the contract test holds both to Python's `ast` on the
//! whole standard library. Outlines shown to a person (signatures,
//! docstrings, syntax errors) still come from tree-sitter.

use super::SymbolKind;

/// Changes whenever the scanner's output can change: the index cache is
/// keyed on it, so cached results from an older scanner are not reused.
pub const VERSION: u32 = 3;

/// One symbol found by the scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scanned {
    pub kind: SymbolKind,
    /// Dotted names of the enclosing definitions.
    pub parent: String,
    pub name: String,
    pub line: u32,
    pub end_line: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Name,
    Number,
    Str,
    Open,
    Close,
    Assign,
    Colon,
    Comma,
    Semi,
    Dot,
    Star,
    At,
    /// Any other operator (`==`, `+=`, `:=`, `->`, ...).
    Op,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Tk,
    start: usize,
    end: usize,
    line: u32,
    end_line: u32,
    /// Bracket depth before this token.
    depth: u32,
}

struct Scope {
    indent: u32,
    index: usize,
    is_class: bool,
    /// Names of variables already bound in this body.
    vars: std::collections::HashSet<String>,
}

struct Scanner<'a> {
    src: &'a [u8],
    out: Vec<Scanned>,
    stack: Vec<Scope>,
    module_vars: std::collections::HashSet<String>,
    /// End line of the last logical line seen.
    last_end: u32,
}

const COMPOUND: &[&[u8]] = &[
    b"if", b"elif", b"else", b"for", b"while", b"try", b"except", b"finally", b"with",
];

const SIMPLE_KEYWORDS: &[&[u8]] = &[
    b"return",
    b"del",
    b"pass",
    b"break",
    b"continue",
    b"import",
    b"from",
    b"global",
    b"nonlocal",
    b"assert",
    b"raise",
    b"yield",
    b"await",
    b"lambda",
    b"not",
];

/// Every symbol of a Python source, in source order of their lines.
pub fn python(src: &[u8]) -> Vec<Scanned> {
    let mut s = Scanner {
        src,
        out: Vec::new(),
        stack: Vec::new(),
        module_vars: Default::default(),
        last_end: 1,
    };
    let mut toks: Vec<Tok> = Vec::with_capacity(64);
    let mut i = 0usize;
    let mut line = 1u32;
    let mut depth = 0u32;
    let mut at_line_start = true;
    let mut indent = 0u32;
    let n = src.len();
    while i < n {
        if at_line_start && depth == 0 {
            // Measure indentation (tabs to the next multiple of 8, as
            // Python does); blank and comment-only lines are not lines.
            let mut col = 0u32;
            while i < n {
                match src[i] {
                    b' ' => col += 1,
                    b'\t' => col = (col / 8 + 1) * 8,
                    b'\x0c' => col = 0,
                    _ => break,
                }
                i += 1;
            }
            if i >= n {
                break;
            }
            match src[i] {
                b'#' => {
                    while i < n && src[i] != b'\n' && src[i] != b'\r' {
                        i += 1;
                    }
                    continue;
                }
                b'\n' => {
                    i += 1;
                    line += 1;
                    continue;
                }
                b'\r' => {
                    i += 1;
                    if i < n && src[i] == b'\n' {
                        i += 1;
                    }
                    line += 1;
                    continue;
                }
                b'\\' if matches!(src.get(i + 1), Some(b'\n' | b'\r')) => {}
                _ => {}
            }
            indent = col;
            at_line_start = false;
        }
        let c = src[i];
        match c {
            b' ' | b'\t' | b'\x0c' => i += 1,
            b'#' => {
                while i < n && src[i] != b'\n' && src[i] != b'\r' {
                    i += 1;
                }
            }
            b'\\' if matches!(src.get(i + 1), Some(b'\n' | b'\r')) => {
                i += 1;
                if src[i] == b'\r' && src.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
                line += 1;
            }
            b'\n' | b'\r' => {
                if c == b'\r' && src.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                i += 1;
                if depth == 0 {
                    if !toks.is_empty() {
                        s.logical_line(indent, &toks);
                        toks.clear();
                    }
                    at_line_start = true;
                }
                line += 1;
            }
            b'"' | b'\'' => {
                let (end, lines) = string_end(src, i);
                toks.push(Tok {
                    kind: Tk::Str,
                    start: i,
                    end,
                    line,
                    end_line: line + lines,
                    depth,
                });
                line += lines;
                i = end;
            }
            b'0'..=b'9' => {
                let start = i;
                while i < n
                    && (src[i].is_ascii_alphanumeric()
                        || src[i] == b'_'
                        || src[i] == b'.'
                        || ((src[i] == b'+' || src[i] == b'-')
                            && matches!(src[i - 1], b'e' | b'E')
                            && !src[start..i].starts_with(b"0x")
                            && !src[start..i].starts_with(b"0X")))
                {
                    i += 1;
                }
                toks.push(Tok {
                    kind: Tk::Number,
                    start,
                    end: i,
                    line,
                    end_line: line,
                    depth,
                });
            }
            b'.' if src.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                let start = i;
                i += 1;
                while i < n && (src[i].is_ascii_alphanumeric() || src[i] == b'_') {
                    i += 1;
                }
                toks.push(Tok {
                    kind: Tk::Number,
                    start,
                    end: i,
                    line,
                    end_line: line,
                    depth,
                });
            }
            c if c == b'_' || c.is_ascii_alphabetic() || c >= 0x80 => {
                let start = i;
                while i < n && (src[i] == b'_' || src[i].is_ascii_alphanumeric() || src[i] >= 0x80)
                {
                    i += 1;
                }
                // A string prefix: r"", b'', f"""...""", Rb'' ...
                if i < n
                    && (src[i] == b'"' || src[i] == b'\'')
                    && i - start <= 2
                    && src[start..i].iter().all(|b| b"rRbBuUfF".contains(b))
                {
                    let (end, lines) = if src[start..i].iter().any(|b| matches!(b, b'f' | b'F')) {
                        fstring_end(src, i, 0)
                    } else {
                        string_end(src, i)
                    };
                    toks.push(Tok {
                        kind: Tk::Str,
                        start,
                        end,
                        line,
                        end_line: line + lines,
                        depth,
                    });
                    line += lines;
                    i = end;
                } else {
                    toks.push(Tok {
                        kind: Tk::Name,
                        start,
                        end: i,
                        line,
                        end_line: line,
                        depth,
                    });
                }
            }
            b'(' | b'[' | b'{' => {
                toks.push(Tok {
                    kind: Tk::Open,
                    start: i,
                    end: i + 1,
                    line,
                    end_line: line,
                    depth,
                });
                depth += 1;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                toks.push(Tok {
                    kind: Tk::Close,
                    start: i,
                    end: i + 1,
                    line,
                    end_line: line,
                    depth,
                });
                i += 1;
            }
            _ => {
                let (kind, len) = operator(&src[i..]);
                toks.push(Tok {
                    kind,
                    start: i,
                    end: i + len,
                    line,
                    end_line: line,
                    depth,
                });
                i += len;
            }
        }
    }
    if !toks.is_empty() {
        s.logical_line(indent, &toks);
    }
    s.pop_to(0, true);
    s.out
}

/// The end of the string starting at `start` whose quote is at `quote`,
/// and how many newlines it holds. An unterminated one ends at the end of
/// its line (single quotes) or of the file (triple quotes).
fn string_end(src: &[u8], quote: usize) -> (usize, u32) {
    quoted_end(src, quote, None)
}

/// How deep f-strings nest inside each other's replacement fields before
/// the inner ones are read as plain strings (Python itself allows a few).
const FSTRING_NESTING: u32 = 16;

/// Like [`string_end`], for an f-string: a replacement field `{...}` holds
/// an expression, which may contain strings with the same quote (PEP 701);
/// `{{` and `}}` are literal braces.
fn fstring_end(src: &[u8], quote: usize, level: u32) -> (usize, u32) {
    quoted_end(src, quote, Some(level))
}

/// A string's end; `fstring`: the nesting level of an f-string, whose
/// replacement fields are skipped as expressions.
fn quoted_end(src: &[u8], quote: usize, fstring: Option<u32>) -> (usize, u32) {
    let q = src[quote];
    let triple = src.get(quote + 1) == Some(&q) && src.get(quote + 2) == Some(&q);
    let mut i = quote + if triple { 3 } else { 1 };
    let mut lines = 0;
    while i < src.len() {
        match src[i] {
            b'\\' => {
                // An escaped line end (LF, CRLF or CR) continues the string.
                match (src.get(i + 1), src.get(i + 2)) {
                    (Some(b'\r'), Some(b'\n')) => {
                        lines += 1;
                        i += 3;
                    }
                    (Some(b'\n' | b'\r'), _) => {
                        lines += 1;
                        i += 2;
                    }
                    _ => i += 2,
                }
                continue;
            }
            b'{' if fstring.is_some() && src.get(i + 1) == Some(&b'{') => {
                i += 2;
                continue;
            }
            b'{' if fstring.is_some() => {
                match field_end(src, i, triple, fstring.unwrap_or(0)) {
                    Some((end, l)) => {
                        lines += l;
                        i = end;
                    }
                    // Left open at a line's end (single quotes): the
                    // string ends there, as an unterminated one does.
                    None => {
                        let end = src[i..]
                            .iter()
                            .position(|b| matches!(b, b'\n' | b'\r'))
                            .map_or(src.len(), |k| i + k);
                        return (end, lines);
                    }
                }
                continue;
            }
            b'\n' | b'\r' => {
                if !triple {
                    return (i, lines);
                }
                if !(src[i] == b'\r' && src.get(i + 1) == Some(&b'\n')) {
                    lines += 1;
                }
            }
            c if c == q => {
                if !triple {
                    return (i + 1, lines);
                }
                if src.get(i + 1) == Some(&q) && src.get(i + 2) == Some(&q) {
                    return (i + 3, lines);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (src.len(), lines)
}

/// The end (past its `}`) of the replacement field opening at `open`, and
/// the newlines in it; `None` when a single-quoted f-string's field is
/// still open, outside brackets, at a line's end.
fn field_end(src: &[u8], open: usize, triple: bool, level: u32) -> Option<(usize, u32)> {
    let mut depth = 0usize;
    let mut i = open + 1;
    let mut lines = 0;
    while i < src.len() {
        match src[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' if depth == 0 => return Some((i + 1, lines)),
            b'}' => depth -= 1,
            b'\'' | b'"' => {
                // A string in the expression, with its own prefix.
                let mut p = i;
                while p > open + 1 && i - p < 2 && b"rRbBuUfF".contains(&src[p - 1]) {
                    p -= 1;
                }
                let f = src[p..i].iter().any(|b| matches!(b, b'f' | b'F'));
                let (end, l) = if f && level < FSTRING_NESTING {
                    fstring_end(src, i, level + 1)
                } else {
                    string_end(src, i)
                };
                lines += l;
                i = end;
                continue;
            }
            b'\n' | b'\r' => {
                if !triple && depth == 0 {
                    return None;
                }
                if !(src[i] == b'\r' && src.get(i + 1) == Some(&b'\n')) {
                    lines += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    Some((src.len(), lines))
}

fn operator(s: &[u8]) -> (Tk, usize) {
    let at = |k: usize| s.get(k).copied().unwrap_or(0);
    match (s[0], at(1), at(2)) {
        (b'=', b'=', _) => (Tk::Op, 2),
        (b'=', _, _) => (Tk::Assign, 1),
        (b':', b'=', _) => (Tk::Op, 2),
        (b':', _, _) => (Tk::Colon, 1),
        (b',', _, _) => (Tk::Comma, 1),
        (b';', _, _) => (Tk::Semi, 1),
        (b'.', _, _) => (Tk::Dot, 1),
        (b'*', b'*', b'=') | (b'/', b'/', b'=') | (b'<', b'<', b'=') | (b'>', b'>', b'=') => {
            (Tk::Op, 3)
        }
        (b'*', b'*', _) => (Tk::Op, 2),
        (b'*', b'=', _) => (Tk::Op, 2),
        (b'*', _, _) => (Tk::Star, 1),
        (b'@', b'=', _) => (Tk::Op, 2),
        (b'@', _, _) => (Tk::At, 1),
        (b'-', b'>', _) => (Tk::Op, 2),
        (b'!' | b'<' | b'>' | b'+' | b'-' | b'/' | b'%' | b'&' | b'|' | b'^', b'=', _) => {
            (Tk::Op, 2)
        }
        (b'/', b'/', _) | (b'<', b'<', _) | (b'>', b'>', _) => (Tk::Op, 2),
        _ => (Tk::Op, 1),
    }
}

impl Scanner<'_> {
    fn text(&self, t: &Tok) -> &[u8] {
        &self.src[t.start..t.end]
    }

    fn is_name(&self, t: Option<&Tok>, word: &[u8]) -> bool {
        t.is_some_and(|t| t.kind == Tk::Name && self.text(t) == word)
    }

    /// Close the definitions whose bodies end before a line at `indent`.
    fn pop_to(&mut self, indent: u32, all: bool) {
        while let Some(top) = self.stack.last() {
            if !all && top.indent < indent {
                break;
            }
            let index = top.index;
            self.stack.pop();
            self.out[index].end_line = self.last_end;
        }
    }

    fn logical_line(&mut self, indent: u32, toks: &[Tok]) {
        self.pop_to(indent, false);
        self.statements(indent, toks);
        self.last_end = toks.last().map_or(self.last_end, |t| t.end_line);
    }

    /// Simple statements separated by `;`, or one compound header with a
    /// body on the same line.
    fn statements(&mut self, indent: u32, mut toks: &[Tok]) {
        while !toks.is_empty() {
            let first = &toks[0];
            let word = if first.kind == Tk::Name {
                self.text(first)
            } else {
                b""
            };
            let is_def = word == b"def" || (word == b"async" && self.is_name(toks.get(1), b"def"));
            if is_def || word == b"class" {
                let name_at = if word == b"async" { 2 } else { 1 };
                let Some(name_tok) = toks.get(name_at).filter(|t| t.kind == Tk::Name).copied()
                else {
                    return;
                };
                let kind = if word == b"class" {
                    SymbolKind::Class
                } else if self.stack.last().is_some_and(|s| s.is_class) {
                    SymbolKind::Method
                } else {
                    SymbolKind::Function
                };
                self.out.push(Scanned {
                    kind,
                    parent: self.parent_path(),
                    name: identifier(self.text(&name_tok)),
                    line: first.line,
                    end_line: first.line,
                });
                self.stack.push(Scope {
                    indent,
                    index: self.out.len() - 1,
                    is_class: kind == SymbolKind::Class,
                    vars: Default::default(),
                });
                match header_colon(self, &toks[name_at..]) {
                    // The body on the same line belongs to the new scope.
                    Some(c) => toks = &toks[name_at + c + 1..],
                    None => return,
                }
                continue;
            }
            // `match`/`case` are statements only when a header colon comes
            // before the first `;` (`match(x); y = 1` is a call).
            let upto_semi = toks
                .iter()
                .position(|t| t.kind == Tk::Semi && t.depth == 0)
                .map_or(toks, |k| &toks[..k]);
            let soft = (word == b"match" || word == b"case")
                && toks.get(1).is_some_and(|t| {
                    !matches!(
                        t.kind,
                        Tk::Assign | Tk::Colon | Tk::Dot | Tk::Comma | Tk::Op | Tk::Semi
                    )
                })
                && header_colon(self, upto_semi).is_some();
            let compound = COMPOUND.contains(&word)
                || (word == b"async"
                    && (self.is_name(toks.get(1), b"with") || self.is_name(toks.get(1), b"for")))
                || soft;
            if compound {
                match header_colon(self, toks) {
                    Some(c) => toks = &toks[c + 1..],
                    None => return,
                }
                continue;
            }
            // A simple statement, up to the next `;`.
            let end = toks
                .iter()
                .position(|t| t.kind == Tk::Semi && t.depth == 0)
                .unwrap_or(toks.len());
            let stmt = &toks[..end];
            toks = if end < toks.len() {
                &toks[end + 1..]
            } else {
                &[]
            };
            if stmt.is_empty() || first.kind == Tk::At || SIMPLE_KEYWORDS.contains(&word) {
                continue;
            }
            if word == b"type" && toks_is_type_alias(self, stmt) {
                continue;
            }
            if self.stack.last().is_some_and(|s| !s.is_class) {
                continue; // locals of a function
            }
            self.assignment(stmt);
        }
    }

    fn parent_path(&self) -> String {
        let mut p = String::new();
        for s in &self.stack {
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(&self.out[s.index].name);
        }
        p
    }

    /// Bind the names an assignment or annotated assignment targets.
    fn assignment(&mut self, stmt: &[Tok]) {
        let end_line = stmt.last().map_or(0, |t| t.end_line);
        let mut targets: Vec<&[Tok]> = Vec::new();
        let mut seg_start = 0;
        for (k, t) in stmt.iter().enumerate() {
            if t.depth != 0 {
                continue;
            }
            if t.kind == Tk::Name && self.text(t) == b"lambda" {
                break; // defaults of a lambda are not targets
            }
            if t.kind == Tk::Colon {
                // `x: T` or `x: T = v`: only the annotated target binds.
                if targets.is_empty() {
                    targets.push(&stmt[..k]);
                }
                break;
            }
            if t.kind == Tk::Assign {
                targets.push(&stmt[seg_start..k]);
                seg_start = k + 1;
            }
        }
        let mut names = Vec::new();
        for target in targets {
            self.target_names(target, &mut names);
        }
        for (tok, name) in names {
            let vars = match self.stack.last_mut() {
                Some(s) => &mut s.vars,
                None => &mut self.module_vars,
            };
            if vars.insert(name.clone()) {
                let parent = self.parent_path();
                self.out.push(Scanned {
                    kind: SymbolKind::Variable,
                    parent,
                    name,
                    line: tok.line,
                    end_line,
                });
            }
        }
    }

    /// Names bound by one target: a name; tuples and lists of targets
    /// (with or without brackets); a starred name. Attributes, subscripts
    /// and calls bind nothing. Iterative: a target nested 20,000 brackets
    /// deep must not overflow the stack.
    fn target_names(&self, target: &[Tok], out: &mut Vec<(Tok, String)>) {
        // Python itself refuses more than 200 nested brackets; going no
        // deeper than that also keeps this linear.
        const MAX_DEPTH: u32 = 200;
        let mut stack: Vec<&[Tok]> = vec![target];
        let mut found: Vec<(Tok, String)> = Vec::new();
        while let Some(target) = stack.pop() {
            if target.first().is_some_and(|t| t.depth > MAX_DEPTH) {
                continue;
            }
            let Some(base) = target.first().map(|t| t.depth) else {
                continue;
            };
            let mut start = 0;
            for k in 0..=target.len() {
                let at_comma =
                    k < target.len() && target[k].kind == Tk::Comma && target[k].depth == base;
                if k < target.len() && !at_comma {
                    continue;
                }
                let mut elem = &target[start..k];
                start = k + 1;
                if elem.first().is_some_and(|t| t.kind == Tk::Star) {
                    elem = &elem[1..];
                }
                match elem {
                    [t] if t.kind == Tk::Name => found.push((*t, identifier(self.text(t)))),
                    [open, inner @ .., close]
                        if open.kind == Tk::Open
                            && close.kind == Tk::Close
                            && self.text(open) != b"{"
                            && inner.iter().all(|t| t.depth > open.depth) =>
                    {
                        stack.push(inner)
                    }
                    _ => {}
                }
            }
        }
        // Source order, as the names appear.
        found.sort_by_key(|(t, _)| t.start);
        out.extend(found);
    }
}

/// The index in `toks` of the `:` ending a compound or def/class header:
/// the first colon at bracket depth 0 that no `lambda` claims.
fn header_colon(s: &Scanner<'_>, toks: &[Tok]) -> Option<usize> {
    let mut lambdas = 0;
    for (k, t) in toks.iter().enumerate() {
        if t.depth != 0 {
            continue;
        }
        if t.kind == Tk::Name && s.text(t) == b"lambda" {
            lambdas += 1;
        } else if t.kind == Tk::Colon {
            if lambdas == 0 {
                return Some(k);
            }
            lambdas -= 1;
        }
    }
    None
}

/// `type X = ...` and `type X[T] = ...` (PEP 695) bind no variable.
fn toks_is_type_alias(s: &Scanner<'_>, stmt: &[Tok]) -> bool {
    stmt.get(1).is_some_and(|t| t.kind == Tk::Name)
        && stmt
            .get(2)
            .is_some_and(|t| t.kind == Tk::Assign || (t.kind == Tk::Open && s.text(t) == b"["))
}

fn identifier(bytes: &[u8]) -> String {
    super::text::normalize_identifier(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(src: &str) -> Vec<(SymbolKind, String, String, u32, u32)> {
        let mut v: Vec<_> = python(src.as_bytes())
            .into_iter()
            .map(|s| (s.kind, s.parent, s.name, s.line, s.end_line))
            .collect();
        v.sort_by_key(|r| (r.3, r.2.clone()));
        v
    }

    use SymbolKind::*;

    #[test]
    fn definitions_and_scopes() {
        let src = "@dec(\n  x=1)\ndef f(a, b=':'):\n    def g(): pass\n    y = 1\n\nclass C(B):\n    z: int = 2\n    if X:\n        def m(self): ...\n    # trailing\n\nq = 3\n";
        assert_eq!(
            rows(src),
            vec![
                (Function, "".into(), "f".into(), 3, 5),
                (Function, "f".into(), "g".into(), 4, 4),
                (Class, "".into(), "C".into(), 7, 10),
                (Variable, "C".into(), "z".into(), 8, 8),
                (Method, "C".into(), "m".into(), 10, 10),
                (Variable, "".into(), "q".into(), 13, 13),
            ]
        );
    }

    #[test]
    fn targets() {
        let src = "a, (b, *c) = d = 1, (2, 3)\nx.y = 1\nk[0] = 2\nn += 1\nf = lambda p=1: p\n(h): int = 2\nw: str\nif (v := 3): pass\n";
        let names: Vec<String> = rows(src).into_iter().map(|r| r.2).collect();
        assert_eq!(names, ["a", "b", "c", "d", "f", "h", "w"]);
    }

    #[test]
    fn strings_brackets_and_continuations_hide_colons_and_newlines() {
        let src = "x = '''\ndef not_a_def():\n'''\ny = (1,\n     2)\nz = 1 + \\\n    2\nclass A: v = 1; u = 2\n";
        assert_eq!(
            rows(src),
            vec![
                (Variable, "".into(), "x".into(), 1, 3),
                (Variable, "".into(), "y".into(), 4, 5),
                (Variable, "".into(), "z".into(), 6, 7),
                (Class, "".into(), "A".into(), 8, 8),
                (Variable, "A".into(), "u".into(), 8, 8),
                (Variable, "A".into(), "v".into(), 8, 8),
            ]
        );
    }

    #[test]
    fn pep_701_f_strings_may_reuse_their_quotes() {
        // Python 3.12: the same quote inside a replacement field does not
        // end the string, nor does a nested f-string or `}}`.
        let src = "a = f\"{d[\"k\"]} and {f\"{x!r:>{w}}\"}\"\nb = f'{{literal}} {e['#']}'\nc = f'''{\n  g(\"'''\")\n}'''\ndef after(): pass\n";
        let names: Vec<String> = rows(src).into_iter().map(|r| r.2).collect();
        assert_eq!(names, ["a", "b", "c", "after"]);
        // An f-string left open at a line's end still ends there, so that
        // a file being edited keeps the rest of its outline.
        let src = "a = f\"{x\ndef after(): pass\n";
        let names: Vec<String> = rows(src).into_iter().map(|r| r.2).collect();
        assert_eq!(names, ["a", "after"]);
        // 10,000 f-strings nested in each other: no stack overflow.
        let deep = format!("a = {}\nb = 1\n", "f'{".repeat(10_000));
        let names: Vec<String> = rows(&deep).into_iter().map(|r| r.2).collect();
        assert_eq!(names[0], "a");
    }

    #[test]
    fn review_findings() {
        // 20,000 nested brackets in a target: no stack overflow, no
        // quadratic time (Python refuses over 200 levels; so does this).
        let deep = format!("{}a{} = 1\nb = 2\n", "(".repeat(20_000), ")".repeat(20_000));
        let names: Vec<String> = rows(&deep).into_iter().map(|r| r.2).collect();
        assert_eq!(names, ["b"]);
        let ok = format!("{}a{} = 1\n", "(".repeat(150), ")".repeat(150));
        assert_eq!(rows(&ok)[0].2, "a");
        // `;` ends a would-be match statement.
        let names: Vec<String> = rows("match(x); y: int = 1\n")
            .into_iter()
            .map(|r| r.2)
            .collect();
        assert_eq!(names, ["y"]);
        // CR-only line ends.
        let names: Vec<String> = rows("# c\rx = 1\rdef f(): pass\r")
            .into_iter()
            .map(|r| r.2)
            .collect();
        assert_eq!(names, ["x", "f"]);
        // CRLF after a backslash inside a single-quoted string.
        let r = rows("class C:\r\n    s = 'a\\\r\nb'\r\n    def m(self): pass\r\n");
        assert!(r.contains(&(Method, "C".into(), "m".into(), 4, 4)), "{r:?}");
    }

    #[test]
    fn match_as_a_name_and_as_a_statement() {
        let src = "match = 1\nmatch x:\n    case 1:\n        def f(): pass\nmatch(y)\n";
        let names: Vec<String> = rows(src).into_iter().map(|r| r.2).collect();
        assert_eq!(names, ["match", "f"]);
    }
}
