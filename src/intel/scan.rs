//! A hand-written front end for [`facts`](super::facts): the same facts as
//! the tree-sitter walker, about twenty times faster, or `None` ("bail")
//! for anything it does not handle with certainty, when the caller falls
//! back to tree-sitter.
//!
//! Three passes over one file:
//!
//! 1. a tokenizer with Python's layout tokens (NEWLINE, INDENT, DEDENT),
//!    placed where tree-sitter-python's external scanner places them: a
//!    block ends after the comments that follow it at its own indentation;
//!    f-strings are split into their replacement fields;
//! 2. a recursive-descent parser (bounded depth) building a small tree
//!    whose node kinds, fields, named children and extents are those of
//!    tree-sitter-python 0.25 wherever the walker looks at them (other
//!    nodes are a generic kind, with their children in source order);
//! 3. the walker of `facts.rs`, ported node for node to that tree, so that
//!    the facts come out identical, numbering included.
//!
//! It bails on what tree-sitter would parse differently or flag as an
//! error: invalid syntax, Python 2 statements, `match` statements, PEP 695
//! type parameters, lines inside brackets indented less than their block
//! (tree-sitter ends the block there), backslashes, comments or line
//! breaks inside f-string replacement fields, nesting deeper than
//! [`MAX_DEPTH`], files that are not UTF-8, lone carriage returns...
//! `tests/intel_scan.rs` holds it to the walker on the standard library
//! and real packages.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::facts::{
    AttrDef, BindKind, Binding, Expr, Facts, Import, ImportKind, MAX_TYPE_DEPTH, MethodKind, Name,
    Pos, Scope, ScopeKind, Site, Target,
};

/// Brackets, blocks and operator operands nested deeper than this bail:
/// the parser recurses, and must not overflow a thread's stack.
pub const MAX_DEPTH: u32 = 60;

/// Why the scanner gave up on a file (for measuring what is left).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bail(pub &'static str);

type R<T> = Result<T, Bail>;

fn bail<T>(why: &'static str) -> R<T> {
    Err(Bail(why))
}

/// The facts of a Python source, as the tree-sitter walker gives them, or
/// `None` when the scanner cannot be sure of them.
pub fn facts(source: &[u8]) -> Option<Facts> {
    facts_or_bail(source).ok()
}

/// Like [`facts`], saying why it bails.
pub fn facts_or_bail(source: &[u8]) -> Result<Facts, Bail> {
    if u32::try_from(source.len()).is_err() {
        return bail("file too large");
    }
    let ascii = source.is_ascii();
    if !ascii && std::str::from_utf8(source).is_err() {
        return bail("not UTF-8");
    }
    BUFFERS.with(|b| {
        let Ok(mut b) = b.try_borrow_mut() else {
            return run(source, ascii, &mut Buffers::default());
        };
        let r = run(source, ascii, &mut b);
        if b.bytes() > MAX_KEPT {
            *b = Buffers::default();
        }
        r
    })
}

fn run(source: &[u8], ascii: bool, b: &mut Buffers) -> Result<Facts, Bail> {
    Lexer::run(source, &mut b.lexed)?;
    Parser::run(source, &b.lexed, &mut b.tree, &mut b.scratch)?;
    Walker::run(source, ascii, &b.lexed, &b.tree, &mut b.walk)
}

/// Vectors of one file's scan, kept by each thread for the next file: a
/// fresh allocation is page faults, which threads take turns at.
#[derive(Default)]
struct Buffers {
    lexed: Lexed,
    tree: Tree,
    scratch: Vec<u32>,
    walk: WalkBuffers,
}

#[derive(Default)]
struct WalkBuffers {
    stack: Vec<Task>,
    tok_names: Vec<Name>,
}

/// Buffers larger than this (bytes) are not kept.
const MAX_KEPT: usize = 64 << 20;

impl Buffers {
    fn bytes(&self) -> usize {
        use std::mem::size_of;
        self.lexed.toks.capacity() * size_of::<Tok>()
            + self.lexed.line_starts.capacity() * 4
            + self.tree.nodes.capacity() * size_of::<Node>()
            + self.tree.kids.capacity() * 5
            + self.walk.tok_names.capacity() * 4
            + self.walk.stack.capacity() * size_of::<Task>()
    }
}

thread_local! {
    static BUFFERS: std::cell::RefCell<Buffers> = std::cell::RefCell::default();
}

// ---------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum T {
    Name,
    Number,
    /// A string that is not an f-string, whole.
    Str,
    /// An f-string's prefix and opening quote(s).
    FStart,
    /// An f-string's closing quote(s).
    FEnd,
    /// `{` opening a replacement field.
    IOpen,
    /// A replacement field's `=`, `!r`, `:spec` and `}`.
    IClose,
    Newline,
    Indent,
    Dedent,
    Eof,
    // Keywords.
    False,
    None,
    True,
    And,
    As,
    Assert,
    Async,
    Await,
    Break,
    Class,
    Continue,
    Def,
    Del,
    Elif,
    Else,
    Except,
    Finally,
    For,
    From,
    Global,
    If,
    Import,
    In,
    Is,
    Lambda,
    Nonlocal,
    Not,
    Or,
    Pass,
    Raise,
    Return,
    Try,
    While,
    With,
    Yield,
    // Operators.
    LPar,
    RPar,
    LSqb,
    RSqb,
    LBrace,
    RBrace,
    Comma,
    Colon,
    Semi,
    Dot,
    Ellipsis,
    Assign,
    AugAssign,
    Arrow,
    Walrus,
    Plus,
    Minus,
    Star,
    DoubleStar,
    Slash,
    DoubleSlash,
    Percent,
    At,
    LShift,
    RShift,
    Amp,
    Pipe,
    Caret,
    Tilde,
    Less,
    Greater,
    LessEq,
    GreaterEq,
    EqEq,
    NotEq,
}

fn keyword(word: &[u8]) -> T {
    match word {
        b"False" => T::False,
        b"None" => T::None,
        b"True" => T::True,
        b"and" => T::And,
        b"as" => T::As,
        b"assert" => T::Assert,
        b"async" => T::Async,
        b"await" => T::Await,
        b"break" => T::Break,
        b"class" => T::Class,
        b"continue" => T::Continue,
        b"def" => T::Def,
        b"del" => T::Del,
        b"elif" => T::Elif,
        b"else" => T::Else,
        b"except" => T::Except,
        b"finally" => T::Finally,
        b"for" => T::For,
        b"from" => T::From,
        b"global" => T::Global,
        b"if" => T::If,
        b"import" => T::Import,
        b"in" => T::In,
        b"is" => T::Is,
        b"lambda" => T::Lambda,
        b"nonlocal" => T::Nonlocal,
        b"not" => T::Not,
        b"or" => T::Or,
        b"pass" => T::Pass,
        b"raise" => T::Raise,
        b"return" => T::Return,
        b"try" => T::Try,
        b"while" => T::While,
        b"with" => T::With,
        b"yield" => T::Yield,
        _ => T::Name,
    }
}

/// A comment lies between the previous token and this one.
const COMMENT_BEFORE: u8 = 1;
/// A `[` that opens a subscript (a `]` cannot follow it at once).
const SUBSCRIPT: u8 = 2;

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: T,
    flags: u8,
    /// Byte offsets; layout tokens are empty, at the end of what precedes
    /// them (where tree-sitter puts them).
    start: u32,
    end: u32,
    /// 0-based row of `start`, and how many rows on `end` is.
    line: u32,
    lines: u16,
}

impl Tok {
    fn end_line(&self) -> u32 {
        self.line + u32::from(self.lines)
    }
}

#[derive(Default)]
struct Lexed {
    toks: Vec<Tok>,
    /// Byte offset of each line's start.
    line_starts: Vec<u32>,
    /// Name tokens.
    names: u32,
}

/// A comment alone on its line, between two logical lines.
#[derive(Clone, Copy)]
struct LoneComment {
    /// Its indentation, counted as tree-sitter does (a tab is 8).
    indent: u32,
    end: u32,
    line: u32,
}

struct Lexer<'s, 'b> {
    src: &'s [u8],
    i: usize,
    line: u32,
    out: &'b mut Lexed,
    /// Bracket depth outside f-strings.
    depth: u32,
    indents: Vec<u32>,
    lone: Vec<LoneComment>,
    /// End of the last token or trailing comment: where a NEWLINE goes.
    last_end: (u32, u32),
    comment_before: bool,
    line_has_tokens: bool,
    /// f-strings nested in replacement fields.
    fnest: u32,
}

/// ASCII letters, digits and `_`.
static NAME_CHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = b == b'_' || b.is_ascii_alphanumeric();
        c += 1;
    }
    t
};

fn is_name_start(c: u8) -> bool {
    c == b'_' || c.is_ascii_alphabetic() || c >= 0x80
}

impl<'s, 'b> Lexer<'s, 'b> {
    fn run(src: &'s [u8], out: &'b mut Lexed) -> R<()> {
        out.toks.clear();
        out.toks.reserve(src.len() / 6 + 16);
        out.line_starts.clear();
        out.line_starts.reserve(src.len() / 30 + 2);
        out.names = 0;
        let mut lx = Lexer {
            src,
            i: 0,
            line: 0,
            out,
            depth: 0,
            indents: vec![0],
            lone: Vec::new(),
            last_end: (0, 0),
            comment_before: false,
            line_has_tokens: false,
            fnest: 0,
        };
        lx.out.line_starts.push(0);
        if src.starts_with(b"\xef\xbb\xbf") {
            return bail("byte order mark");
        }
        lx.lines()
    }

    fn newline_at(&mut self, i: usize) {
        self.line += 1;
        self.out.line_starts.push(i as u32 + 1);
    }

    fn push(&mut self, kind: T, start: usize, end: usize, line: u32, end_line: u32) -> R<()> {
        let Ok(lines) = u16::try_from(end_line - line) else {
            return bail("token over too many lines");
        };
        let mut flags = 0;
        if self.comment_before {
            flags |= COMMENT_BEFORE;
            self.comment_before = false;
        }
        self.out.toks.push(Tok {
            kind,
            flags,
            start: start as u32,
            end: end as u32,
            line,
            lines,
        });
        self.last_end = (end as u32, end_line);
        self.line_has_tokens = true;
        Ok(())
    }

    /// A layout token, empty, at `(byte, line)`.
    fn layout(&mut self, kind: T, at: (u32, u32)) {
        self.out.toks.push(Tok {
            kind,
            flags: 0,
            start: at.0,
            end: at.0,
            line: at.1,
            lines: 0,
        });
    }

    /// Indentation at `self.i`, moving past it: spaces count 1, tabs 8,
    /// a form feed starts again from 0 (tree-sitter's count).
    fn indentation(&mut self) -> u32 {
        let mut col = 0u32;
        while let Some(&c) = self.src.get(self.i) {
            match c {
                b' ' => col += 1,
                b'\t' => col += 8,
                b'\x0c' => col = 0,
                _ => break,
            }
            self.i += 1;
        }
        col
    }

    fn skip_comment(&mut self) {
        while self.i < self.src.len() && self.src[self.i] != b'\n' && self.src[self.i] != b'\r' {
            self.i += 1;
        }
    }

    /// A line break at `self.i` (LF or CRLF), consumed; a lone CR bails.
    fn line_break(&mut self) -> R<()> {
        if self.src[self.i] == b'\r' {
            if self.src.get(self.i + 1) != Some(&b'\n') {
                return bail("lone carriage return");
            }
            self.i += 1;
        }
        let i = self.i;
        self.newline_at(i);
        self.i += 1;
        Ok(())
    }

    /// The whole file: logical lines, with their layout tokens.
    fn lines(&mut self) -> R<()> {
        let n = self.src.len();
        let mut at_line_start = true;
        loop {
            if at_line_start {
                let indent = self.indentation();
                if self.i >= n {
                    break;
                }
                match self.src[self.i] {
                    b'#' => {
                        let line = self.line;
                        self.skip_comment();
                        self.lone.push(LoneComment {
                            indent,
                            end: self.i as u32,
                            line,
                        });
                        if self.i < n {
                            self.line_break()?;
                        }
                        continue;
                    }
                    b'\n' | b'\r' => {
                        self.line_break()?;
                        continue;
                    }
                    b'\\' => return bail("backslash at a line's start"),
                    _ => {}
                }
                self.indent_to(indent)?;
                at_line_start = false;
            }
            if self.i >= n {
                break;
            }
            let c = self.src[self.i];
            match c {
                b' ' | b'\t' | b'\x0c' => self.i += 1,
                b'#' => {
                    self.skip_comment();
                    self.comment_before = true;
                    if self.depth == 0 {
                        // A trailing comment: the NEWLINE comes after it.
                        self.last_end = (self.i as u32, self.line);
                    }
                }
                b'\\' => {
                    self.i += 1;
                    match self.src.get(self.i) {
                        Some(b'\n' | b'\r') => self.line_break()?,
                        _ => return bail("backslash outside a string"),
                    }
                }
                b'\n' | b'\r' => {
                    self.line_break()?;
                    if self.depth == 0 {
                        if self.line_has_tokens {
                            self.layout(T::Newline, self.last_end);
                            self.line_has_tokens = false;
                        }
                        at_line_start = true;
                    } else {
                        self.continuation()?;
                    }
                }
                _ => self.token(false)?,
            }
        }
        if self.depth > 0 {
            return bail("unclosed bracket");
        }
        if self.line_has_tokens {
            self.layout(T::Newline, self.last_end);
        }
        self.indent_to(0)?;
        let end = (n as u32, self.line);
        self.layout(T::Eof, end);
        Ok(())
    }

    /// INDENT or DEDENTs before a logical line indented `indent`. A block
    /// ends (its DEDENT is placed) after the comments that follow it at
    /// its own indentation or deeper, as tree-sitter-python's scanner does.
    fn indent_to(&mut self, indent: u32) -> R<()> {
        let top = *self.indents.last().unwrap_or(&0);
        if indent > top {
            if self.out.toks.is_empty() {
                return bail("indented first line");
            }
            self.layout(T::Indent, self.last_end);
            self.indents.push(indent);
        } else if indent < top {
            let mut at = self.last_end;
            let lone = std::mem::take(&mut self.lone);
            for c in &lone {
                while let Some(&t) = self.indents.last()
                    && c.indent < t
                    && indent < t
                {
                    self.layout(T::Dedent, at);
                    self.indents.pop();
                }
                at = (c.end, c.line);
            }
            while let Some(&t) = self.indents.last()
                && indent < t
            {
                self.layout(T::Dedent, at);
                self.indents.pop();
            }
            if self.indents.last() != Some(&indent) {
                return bail("dedent to no enclosing level");
            }
        }
        self.lone.clear();
        Ok(())
    }

    /// A line break inside brackets: tree-sitter ends the block when the
    /// next line is indented less than it and no closing bracket may
    /// follow the last token. Bail then.
    fn continuation(&mut self) -> R<()> {
        let top = *self.indents.last().unwrap_or(&0);
        let save = self.i;
        let mut k = self.i;
        let mut col = 0u32;
        while let Some(&c) = self.src.get(k) {
            match c {
                b' ' => col += 1,
                b'\t' => col += 8,
                b'\x0c' | b'\r' => col = 0,
                b'\n' => col = 0,
                _ => break,
            }
            k += 1;
        }
        self.i = save;
        if col >= top || k >= self.src.len() {
            return Ok(());
        }
        let next = self.src[k];
        if matches!(next, b')' | b']' | b'}' | b'"' | b'\'') {
            return Ok(());
        }
        let safe = self.out.toks.last().is_some_and(|t| match t.kind {
            T::Comma | T::LPar | T::LBrace => true,
            T::LSqb => t.flags & SUBSCRIPT == 0,
            _ => false,
        });
        if safe {
            Ok(())
        } else {
            bail("bracketed line indented less than its block")
        }
    }

    /// One token at `self.i` (not whitespace, not a line break).
    fn token(&mut self, in_field: bool) -> R<()> {
        let src = self.src;
        let n = src.len();
        let start = self.i;
        let c = src[start];
        match c {
            b'"' | b'\'' => return self.string(start, start, false, false),
            b'0'..=b'9' => return self.number(),
            b'.' if src.get(start + 1).is_some_and(u8::is_ascii_digit) => return self.number(),
            c if is_name_start(c) => {
                let mut i = start;
                while i < n {
                    let b = src[i];
                    if NAME_CHAR[b as usize] {
                        i += 1;
                    } else if b >= 0x80 {
                        // Validated UTF-8: decode one character.
                        let len = match b {
                            0xc0..=0xdf => 2,
                            0xe0..=0xef => 3,
                            _ => 4,
                        };
                        let ch = std::str::from_utf8(&src[i..(i + len).min(n)])
                            .ok()
                            .and_then(|s| s.chars().next());
                        let ok = ch.is_some_and(|ch| {
                            if i == start {
                                ch.is_alphabetic()
                            } else {
                                ch.is_alphanumeric()
                            }
                        });
                        if !ok {
                            return bail("non-ASCII character in code");
                        }
                        i += len;
                    } else {
                        break;
                    }
                }
                let word = &src[start..i];
                if i < n && (src[i] == b'"' || src[i] == b'\'') {
                    let lower: Vec<u8> = word.iter().map(u8::to_ascii_lowercase).collect();
                    let (raw, fmt) = match lower.as_slice() {
                        b"r" => (true, false),
                        b"u" | b"b" => (false, false),
                        b"f" => (false, true),
                        b"br" | b"rb" => (true, false),
                        b"fr" | b"rf" => (true, true),
                        _ => return bail("unknown string prefix"),
                    };
                    self.i = i;
                    return self.string(start, i, raw, fmt);
                }
                let kind = if matches!(word[0], b'a'..=b'z' | b'F' | b'N' | b'T') {
                    keyword(word)
                } else {
                    T::Name
                };
                self.out.names += u32::from(kind == T::Name);
                self.i = i;
                self.push(kind, start, i, self.line, self.line)?;
                return Ok(());
            }
            _ => {}
        }
        let at = |k: usize| src.get(start + k).copied().unwrap_or(0);
        let (kind, len) = match (c, at(1), at(2)) {
            (b'(', _, _) => (T::LPar, 1),
            (b')', _, _) => (T::RPar, 1),
            (b'[', _, _) => (T::LSqb, 1),
            (b']', _, _) => (T::RSqb, 1),
            (b'{', _, _) => (T::LBrace, 1),
            (b'}', _, _) => (T::RBrace, 1),
            (b',', _, _) => (T::Comma, 1),
            (b';', _, _) => (T::Semi, 1),
            (b'.', b'.', b'.') => (T::Ellipsis, 3),
            (b'.', _, _) => (T::Dot, 1),
            (b':', b'=', _) => (T::Walrus, 2),
            (b':', _, _) => (T::Colon, 1),
            (b'=', b'=', _) => (T::EqEq, 2),
            (b'=', _, _) => (T::Assign, 1),
            (b'-', b'>', _) => (T::Arrow, 2),
            (b'*', b'*', b'=') | (b'/', b'/', b'=') | (b'<', b'<', b'=') | (b'>', b'>', b'=') => {
                (T::AugAssign, 3)
            }
            (b'*', b'*', _) => (T::DoubleStar, 2),
            (b'/', b'/', _) => (T::DoubleSlash, 2),
            (b'<', b'<', _) => (T::LShift, 2),
            (b'>', b'>', _) => (T::RShift, 2),
            (b'<', b'=', _) => (T::LessEq, 2),
            (b'>', b'=', _) => (T::GreaterEq, 2),
            (b'!', b'=', _) => (T::NotEq, 2),
            (b'<', b'>', _) => return bail("<> operator"),
            (b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'@', b'=', _) => {
                (T::AugAssign, 2)
            }
            (b'+', _, _) => (T::Plus, 1),
            (b'-', _, _) => (T::Minus, 1),
            (b'*', _, _) => (T::Star, 1),
            (b'/', _, _) => (T::Slash, 1),
            (b'%', _, _) => (T::Percent, 1),
            (b'@', _, _) => (T::At, 1),
            (b'&', _, _) => (T::Amp, 1),
            (b'|', _, _) => (T::Pipe, 1),
            (b'^', _, _) => (T::Caret, 1),
            (b'~', _, _) => (T::Tilde, 1),
            (b'<', _, _) => (T::Less, 1),
            (b'>', _, _) => (T::Greater, 1),
            _ => return bail("unexpected character"),
        };
        if !in_field {
            match kind {
                T::LPar | T::LSqb | T::LBrace => self.depth += 1,
                T::RPar | T::RSqb | T::RBrace => {
                    if self.depth == 0 {
                        return bail("unbalanced bracket");
                    }
                    self.depth -= 1;
                }
                _ => {}
            }
        }
        let subscript = kind == T::LSqb
            && self.out.toks.last().is_some_and(|t| {
                matches!(
                    t.kind,
                    T::Name
                        | T::Number
                        | T::Str
                        | T::FEnd
                        | T::RPar
                        | T::RSqb
                        | T::RBrace
                        | T::None
                        | T::True
                        | T::False
                        | T::Ellipsis
                )
            });
        self.i = start + len;
        self.push(kind, start, start + len, self.line, self.line)?;
        if subscript && let Some(t) = self.out.toks.last_mut() {
            t.flags |= SUBSCRIPT;
        }
        Ok(())
    }

    /// A number, as Python spells them; anything tree-sitter might read
    /// otherwise (`0777`, `1L`, `1_`, `1if`) bails.
    fn number(&mut self) -> R<()> {
        let src = self.src;
        let start = self.i;
        let mut i = start;
        let n = src.len();
        let digits = |i: &mut usize, ok: fn(u8) -> bool| -> R<bool> {
            let from = *i;
            while *i < n && (ok(src[*i]) || src[*i] == b'_') {
                if src[*i] == b'_'
                    && !(*i > from && ok(src[*i - 1]) && *i + 1 < n && ok(src[*i + 1]))
                {
                    return bail("misplaced underscore in a number");
                }
                *i += 1;
            }
            Ok(*i > from)
        };
        let dec = |b: u8| b.is_ascii_digit();
        if src[i] == b'0'
            && matches!(
                src.get(i + 1),
                Some(b'x' | b'X' | b'o' | b'O' | b'b' | b'B')
            )
        {
            let ok: fn(u8) -> bool = match src[i + 1] {
                b'x' | b'X' => |b: u8| b.is_ascii_hexdigit(),
                b'o' | b'O' => |b: u8| (b'0'..=b'7').contains(&b),
                _ => |b: u8| b == b'0' || b == b'1',
            };
            i += 2;
            if i < n && src[i] == b'_' {
                i += 1;
            }
            if !digits(&mut i, ok)? {
                return bail("empty number");
            }
        } else {
            let int_start = i;
            let has_int = digits(&mut i, dec)?;
            let mut float = false;
            if i < n && src[i] == b'.' {
                float = true;
                i += 1;
                digits(&mut i, dec)?;
            }
            if i < n && matches!(src[i], b'e' | b'E') {
                float = true;
                i += 1;
                if i < n && matches!(src[i], b'+' | b'-') {
                    i += 1;
                }
                if !digits(&mut i, dec)? {
                    return bail("bad exponent");
                }
            }
            if i < n && matches!(src[i], b'j' | b'J') {
                i += 1;
                float = true;
            }
            if has_int && !float {
                let int = &src[int_start..i];
                if int.len() > 1 && int[0] == b'0' && int.iter().any(|b| !matches!(b, b'0' | b'_'))
                {
                    return bail("leading zero");
                }
            }
        }
        let float = src[start..i]
            .iter()
            .any(|b| matches!(b, b'.' | b'e' | b'E' | b'j' | b'J'))
            && !matches!(src.get(start + 1), Some(b'x' | b'X'));
        // `1.5.hex()` reads the float's attribute; `1.real` would not.
        let attribute =
            float && i < n && src[i] == b'.' && src.get(i + 1).is_some_and(|&b| is_name_start(b));
        if i < n
            && !attribute
            && (src[i] == b'_'
                || src[i] == b'.'
                || src[i].is_ascii_alphanumeric()
                || src[i] >= 0x80)
        {
            return bail("number followed by a name");
        }
        self.i = i;
        self.push(T::Number, start, i, self.line, self.line)?;
        Ok(())
    }

    /// A string starting at `start` (its prefix) whose first quote is at
    /// `quote`.
    fn string(&mut self, start: usize, quote: usize, raw: bool, fmt: bool) -> R<()> {
        let src = self.src;
        let q = src[quote];
        let triple = src.get(quote + 1) == Some(&q) && src.get(quote + 2) == Some(&q);
        let qlen = if triple { 3 } else { 1 };
        let line = self.line;
        if fmt {
            return self.fstring(start, quote + qlen, q, triple, raw);
        }
        let mut i = quote + qlen;
        loop {
            let Some(&c) = src.get(i) else {
                return bail("unterminated string");
            };
            match c {
                b'\\' => {
                    match src.get(i + 1) {
                        Some(b'\n') => self.newline_at(i + 1),
                        Some(b'\r') => {
                            if src.get(i + 2) != Some(&b'\n') {
                                return bail("lone carriage return");
                            }
                            i += 1;
                            self.newline_at(i + 1);
                        }
                        None => return bail("unterminated string"),
                        _ => {}
                    }
                    i += 2;
                    continue;
                }
                b'\n' => {
                    if !triple {
                        return bail("unterminated string");
                    }
                    self.newline_at(i);
                }
                b'\r' if !triple || src.get(i + 1) != Some(&b'\n') => {
                    return bail("carriage return in a string");
                }
                c if c == q => {
                    if !triple {
                        i += 1;
                        break;
                    }
                    if src.get(i + 1) == Some(&q) && src.get(i + 2) == Some(&q) {
                        i += 3;
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        self.i = i;
        self.push(T::Str, start, i, line, self.line)?;
        Ok(())
    }

    /// An f-string: FSTART, then each replacement field as IOPEN, the
    /// tokens of its expression and ICLOSE, then FEND.
    fn fstring(&mut self, start: usize, body: usize, q: u8, triple: bool, raw: bool) -> R<()> {
        let src = self.src;
        self.fnest += 1;
        if self.fnest > 4 {
            return bail("f-strings nested deeply");
        }
        let line = self.line;
        self.push(T::FStart, start, body, line, line)?;
        let mut i = body;
        let end;
        loop {
            let Some(&c) = src.get(i) else {
                return bail("unterminated f-string");
            };
            if c == q && (!triple || (src.get(i + 1) == Some(&q) && src.get(i + 2) == Some(&q))) {
                end = i + if triple { 3 } else { 1 };
                break;
            }
            if c == b'{' && src.get(i + 1) != Some(&b'{') {
                self.i = i + 1;
                let l = self.line;
                self.push(T::IOpen, i, i + 1, l, l)?;
                self.field(triple)?;
                i = self.i;
                continue;
            }
            match c {
                b'{' | b'}' => {
                    if src.get(i + 1) != Some(&c) {
                        return bail("single } in an f-string");
                    }
                    i += 2;
                }
                b'\\' => {
                    let next = src.get(i + 1).copied();
                    match next {
                        None => return bail("unterminated f-string"),
                        Some(b'\n') => {
                            self.newline_at(i + 1);
                            i += 2;
                        }
                        Some(b'\r') => return bail("carriage return in a string"),
                        Some(b'N') if !raw && src.get(i + 2) == Some(&b'{') => {
                            let Some(k) = src[i..].iter().position(|&b| b == b'}') else {
                                return bail("unterminated \\N escape");
                            };
                            if src[i..i + k].contains(&b'\n') {
                                return bail("line break in \\N escape");
                            }
                            i += k + 1;
                        }
                        // `\{` leaves the brace to open a field.
                        Some(b'{') => i += 1,
                        _ => i += 2,
                    }
                }
                b'\n' => {
                    if !triple {
                        return bail("unterminated f-string");
                    }
                    self.newline_at(i);
                    i += 1;
                }
                b'\r' => {
                    if !triple || src.get(i + 1) != Some(&b'\n') {
                        return bail("carriage return in a string");
                    }
                    i += 1;
                }
                _ => i += 1,
            }
        }
        self.i = end;
        let l = self.line;
        self.push(T::FEnd, end - if triple { 3 } else { 1 }, end, l, l)?;
        self.fnest -= 1;
        Ok(())
    }

    /// A replacement field after its `{`: the expression's tokens, then
    /// its `=`, `!x` and format spec, skipped, as one ICLOSE.
    fn field(&mut self, triple: bool) -> R<()> {
        let src = self.src;
        let mut depth = 0u32;
        let tail_start;
        loop {
            let Some(&c) = src.get(self.i) else {
                return bail("unterminated f-string");
            };
            match c {
                b' ' | b'\t' => {
                    self.i += 1;
                    continue;
                }
                b'\n' | b'\r' => {
                    // Only a triple-quoted f-string's fields may span lines
                    // (Python 3.12 allows more; tree-sitter too). A line
                    // indented less than the block might end it, as in
                    // brackets.
                    if !triple {
                        return bail("line break in a replacement field");
                    }
                    self.line_break()?;
                    let top = *self.indents.last().unwrap_or(&0);
                    let save = self.i;
                    let indent = self.indentation();
                    self.i = save;
                    if indent < top {
                        return bail("replacement field line indented less than its block");
                    }
                    continue;
                }
                b'#' => return bail("comment in a replacement field"),
                b'\\' => return bail("backslash in a replacement field"),
                _ => {}
            }
            if depth == 0 {
                let next = src.get(self.i + 1).copied().unwrap_or(0);
                let end = match c {
                    b'}' | b':' => true,
                    b'!' => next != b'=',
                    b'=' => next != b'=',
                    _ => false,
                };
                if end {
                    if c == b':' && next == b'=' {
                        return bail("walrus in a replacement field");
                    }
                    tail_start = self.i;
                    break;
                }
            }
            let before = self.out.toks.len();
            self.token(true)?;
            if let Some(t) = self.out.toks.get(before) {
                match t.kind {
                    T::LPar | T::LSqb | T::LBrace => depth += 1,
                    T::RPar | T::RSqb | T::RBrace => {
                        if depth == 0 {
                            return bail("unbalanced bracket in a replacement field");
                        }
                        depth -= 1;
                    }
                    T::Lambda if depth == 0 => return bail("lambda in a replacement field"),
                    _ => {}
                }
            }
        }
        // `=`, then `!r`, then `:spec`, then `}`.
        let mut i = tail_start;
        if src[i] == b'=' {
            i += 1;
            while matches!(src.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        if src.get(i) == Some(&b'!') {
            i += 1;
            let from = i;
            while src.get(i).is_some_and(u8::is_ascii_lowercase) {
                i += 1;
            }
            if i != from + 1 {
                return bail("odd conversion in a replacement field");
            }
        }
        if src.get(i) == Some(&b':') {
            i += 1;
            loop {
                match src.get(i) {
                    None => return bail("unterminated format spec"),
                    Some(b'}') => break,
                    Some(b'{') => i = skip_spec_field(src, i)?,
                    Some(b'\n' | b'\r' | b'\\' | b'"' | b'\'') => {
                        return bail("odd character in a format spec");
                    }
                    Some(_) => i += 1,
                }
            }
        }
        if src.get(i) != Some(&b'}') {
            return bail("replacement field not closed");
        }
        let l = self.line;
        self.push(T::IClose, tail_start, i + 1, l, l)?;
        self.i = i + 1;
        Ok(())
    }
}

/// Past a `{...}` nested in a format spec (the walker does not read it).
fn skip_spec_field(src: &[u8], open: usize) -> R<usize> {
    let mut depth = 0u32;
    let mut i = open + 1;
    while let Some(&c) = src.get(i) {
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' => depth = depth.saturating_sub(1),
            b'}' if depth == 0 => {
                if i == open + 1 {
                    return bail("empty field in a format spec");
                }
                return Ok(i + 1);
            }
            b'}' => depth -= 1,
            b'\n' | b'\r' | b'\\' | b'"' | b'\'' | b'#' => {
                return bail("odd character in a format spec field");
            }
            _ => {}
        }
        i += 1;
    }
    bail("unterminated format spec")
}

// ---------------------------------------------------------------------------
// The tree: tree-sitter-python's node kinds where the walker tells them
// apart, `Other` for the rest.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum K {
    Module,
    Block,
    Identifier,
    Attribute,
    Call,
    Subscript,
    ArgumentList,
    KeywordArgument,
    GeneratorExpression,
    ListComprehension,
    SetComprehension,
    DictionaryComprehension,
    ForInClause,
    DecoratedDefinition,
    Decorator,
    FunctionDefinition,
    ClassDefinition,
    Parameters,
    LambdaParameters,
    Lambda,
    Assignment,
    AugmentedAssignment,
    NamedExpression,
    ForStatement,
    AsPattern,
    AsPatternTarget,
    ExceptClause,
    ImportStatement,
    ImportFromStatement,
    GlobalStatement,
    NonlocalStatement,
    TypeAliasStatement,
    DottedName,
    String,
    ConcatenatedString,
    Interpolation,
    None,
    IfStatement,
    ElifClause,
    ElseClause,
    ParenthesizedExpression,
    Type,
    BinaryOperator,
    GenericType,
    TypeParameter,
    PatternList,
    /// `expression_list` (not a target).
    ExpressionList,
    Tuple,
    List,
    /// `list_splat` and `list_splat_pattern` outside parameters.
    ListSplat,
    TypedParameter,
    DefaultParameter,
    TypedDefaultParameter,
    /// `list_splat_pattern` in parameters.
    ParamListSplat,
    /// `dictionary_splat_pattern` in parameters.
    ParamDictSplat,
    KeywordSeparator,
    PositionalSeparator,
    RelativeImport,
    ImportPrefix,
    AliasedImport,
    WildcardImport,
    /// A comment where the walker would see it (it reads nothing).
    Comment,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum F {
    None,
    Left,
    Right,
    Type,
    Value,
    Name,
    Alias,
    Object,
    Attribute,
    Function,
    Arguments,
    Subscript,
    Body,
    Parameters,
    Definition,
    Consequence,
    Alternative,
    Expression,
    ModuleName,
    ReturnType,
    Superclasses,
}

/// A parenthesized expression holding a comment besides its expression.
const PAREN_COMMENT: u8 = 1;
/// A `string` that is an f-string.
const FSTRING: u8 = 2;
/// An `as_pattern` whose parent is an `except_clause`.
const IN_EXCEPT: u8 = 4;

#[derive(Debug, Clone, Copy)]
struct Node {
    kind: K,
    field: F,
    flags: u8,
    /// First and last token (inclusive).
    start: u32,
    end: u32,
    kids: u32,
    nkids: u32,
}

#[derive(Default)]
struct Tree {
    nodes: Vec<Node>,
    kids: Vec<u32>,
    /// The field of each of `kids`.
    kid_fields: Vec<F>,
    root: u32,
}

impl Tree {
    fn kind(&self, n: u32) -> K {
        self.nodes[n as usize].kind
    }

    fn kids(&self, n: u32) -> &[u32] {
        let x = &self.nodes[n as usize];
        &self.kids[x.kids as usize..(x.kids + x.nkids) as usize]
    }

    fn field(&self, n: u32, f: F) -> Option<u32> {
        let x = &self.nodes[n as usize];
        let (a, b) = (x.kids as usize, (x.kids + x.nkids) as usize);
        let k = self.kid_fields[a..b].iter().position(|&g| g == f)?;
        Some(self.kids[a + k])
    }
}

struct Parser<'a> {
    src: &'a [u8],
    toks: &'a [Tok],
    i: usize,
    nodes: Vec<Node>,
    kids: Vec<u32>,
    kid_fields: Vec<F>,
    scratch: Vec<u32>,
    depth: u32,
    /// A `*` to bind to the next name (see [`Parser::star_item`]).
    pending_star: Option<u32>,
    /// The kind of `toks[i]`.
    cur: T,
}

fn starts_expression(t: T) -> bool {
    matches!(
        t,
        T::Name
            | T::Number
            | T::Str
            | T::FStart
            | T::LPar
            | T::LSqb
            | T::LBrace
            | T::Minus
            | T::Plus
            | T::Tilde
            | T::Not
            | T::Lambda
            | T::Await
            | T::None
            | T::True
            | T::False
            | T::Ellipsis
            | T::Star
    )
}

impl<'a> Parser<'a> {
    fn run(src: &'a [u8], lexed: &'a Lexed, tree: &mut Tree, scratch: &mut Vec<u32>) -> R<()> {
        let n = lexed.toks.len();
        let take = |v: &mut Vec<u32>| {
            let mut v = std::mem::take(v);
            v.clear();
            v.reserve(n);
            v
        };
        let kids = take(&mut tree.kids);
        let scratch_v = take(scratch);
        let mut nodes = std::mem::take(&mut tree.nodes);
        nodes.clear();
        nodes.reserve(n);
        let mut kid_fields = std::mem::take(&mut tree.kid_fields);
        kid_fields.clear();
        kid_fields.reserve(n);
        let mut p = Parser {
            src,
            toks: &lexed.toks,
            i: 0,
            nodes,
            kids,
            kid_fields,
            scratch: scratch_v,
            depth: 0,
            pending_star: None,
            cur: lexed.toks.first().map_or(T::Eof, |t| t.kind),
        };
        let r = p.module();
        tree.nodes = p.nodes;
        tree.kids = p.kids;
        tree.kid_fields = p.kid_fields;
        *scratch = p.scratch;
        tree.root = r?;
        Ok(())
    }

    fn module(&mut self) -> R<u32> {
        let mark = self.scratch.len();
        while self.peek() != T::Eof {
            self.statement()?;
        }
        let eof = self.i as u32;
        Ok(self.close(mark, K::Module, 0, eof))
    }

    fn peek(&self) -> T {
        self.cur
    }

    fn peek_at(&self, k: usize) -> T {
        self.toks.get(self.i + k).map_or(T::Eof, |t| t.kind)
    }

    fn text_of(&self, tok: usize) -> &'a [u8] {
        let t = &self.toks[tok];
        &self.src[t.start as usize..t.end as usize]
    }

    fn bump(&mut self) -> u32 {
        let i = self.i;
        if self.cur != T::Eof {
            self.i += 1;
            self.cur = self.toks[self.i].kind;
        }
        i as u32
    }

    fn eat(&mut self, t: T) -> bool {
        if self.peek() == t {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect(&mut self, t: T) -> R<u32> {
        if self.peek() == t {
            Ok(self.bump())
        } else {
            bail("unexpected token")
        }
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return bail("nested too deeply");
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    fn add(&mut self, id: u32, f: F) {
        self.nodes[id as usize].field = f;
        self.scratch.push(id);
    }

    fn close(&mut self, mark: usize, kind: K, start: u32, end: u32) -> u32 {
        let id = self.nodes.len() as u32;
        let first = self.kids.len() as u32;
        for k in mark..self.scratch.len() {
            let c = self.scratch[k];
            self.kid_fields.push(self.nodes[c as usize].field);
        }
        self.kids.extend_from_slice(&self.scratch[mark..]);
        let nkids = (self.scratch.len() - mark) as u32;
        self.scratch.truncate(mark);
        self.nodes.push(Node {
            kind,
            field: F::None,
            flags: 0,
            start,
            end,
            kids: first,
            nkids,
        });
        id
    }

    fn leaf(&mut self, kind: K, tok: u32) -> u32 {
        let id = self.nodes.len() as u32;
        self.nodes.push(Node {
            kind,
            field: F::None,
            flags: 0,
            start: tok,
            end: tok,
            kids: 0,
            nkids: 0,
        });
        id
    }

    fn start_of(&self, n: u32) -> u32 {
        self.nodes[n as usize].start
    }

    fn end_of(&self, n: u32) -> u32 {
        self.nodes[n as usize].end
    }

    fn name(&mut self) -> R<u32> {
        let t = self.expect(T::Name)?;
        Ok(self.leaf(K::Identifier, t))
    }

    // -- statements ---------------------------------------------------------

    /// One statement, its nodes added to the scratch list of the block.
    fn statement(&mut self) -> R<()> {
        self.enter()?;
        let r = match self.peek() {
            T::If => self.if_statement(),
            T::While => self.while_statement(),
            T::For => self.for_statement(),
            T::Try => self.try_statement(),
            T::With => self.with_statement(),
            T::Def => self.function(),
            T::Class => self.class(),
            T::At => self.decorated(),
            T::Async => match self.peek_at(1) {
                T::Def => self.function(),
                T::For => self.for_statement(),
                T::With => self.with_statement(),
                _ => bail("async without def, for or with"),
            },
            T::Indent | T::Dedent => bail("unexpected indent"),
            T::Name if self.text_of(self.i) == b"match" && self.is_match_statement() => {
                bail("match statement")
            }
            _ => self.simple_statements(),
        };
        self.leave();
        r
    }

    /// `match x:` as a statement: the logical line ends in a colon.
    fn is_match_statement(&self) -> bool {
        let mut k = self.i;
        while k + 1 < self.toks.len() && !matches!(self.toks[k + 1].kind, T::Newline | T::Eof) {
            k += 1;
        }
        self.toks[k].kind == T::Colon
    }

    fn simple_statements(&mut self) -> R<()> {
        loop {
            self.simple()?;
            if self.eat(T::Semi) {
                if self.peek() == T::Newline {
                    break;
                }
                continue;
            }
            break;
        }
        self.expect(T::Newline)?;
        Ok(())
    }

    fn at_statement_end(&self) -> bool {
        matches!(self.peek(), T::Newline | T::Semi)
    }

    fn simple(&mut self) -> R<()> {
        match self.peek() {
            T::Pass | T::Break | T::Continue => {
                self.bump();
            }
            T::Return => {
                self.bump();
                if !self.at_statement_end() {
                    let e = self.star_expressions()?;
                    self.add(e, F::None);
                }
            }
            T::Del => {
                self.bump();
                let e = self.star_expressions()?;
                self.add(e, F::None);
            }
            T::Raise => {
                self.bump();
                if !self.at_statement_end() {
                    let e = self.expression()?;
                    self.add(e, F::None);
                    if self.eat(T::From) {
                        let c = self.expression()?;
                        self.add(c, F::None);
                    }
                }
            }
            T::Global | T::Nonlocal => {
                let kind = if self.peek() == T::Global {
                    K::GlobalStatement
                } else {
                    K::NonlocalStatement
                };
                let start = self.bump();
                let mark = self.scratch.len();
                loop {
                    let n = self.name()?;
                    self.add(n, F::None);
                    if !self.eat(T::Comma) {
                        break;
                    }
                }
                let end = self.i as u32 - 1;
                let g = self.close(mark, kind, start, end);
                self.add(g, F::None);
            }
            T::Assert => {
                self.bump();
                let e = self.expression()?;
                self.add(e, F::None);
                if self.eat(T::Comma) {
                    let m = self.expression()?;
                    self.add(m, F::None);
                }
            }
            T::Import => self.import()?,
            T::From => self.import_from()?,
            T::Name if matches!(self.text_of(self.i), b"print" | b"exec") => {
                if self.peek_at(1) == T::LPar && self.print_star() {
                    // tree-sitter's print statement reads these oddly.
                    return bail("starred argument of print");
                }
                if !matches!(
                    self.peek_at(1),
                    T::LPar | T::Dot | T::Assign | T::AugAssign | T::Newline | T::Semi | T::Colon
                ) {
                    return bail("print or exec statement");
                }
                self.expression_statement()?;
            }
            T::Name if self.text_of(self.i) == b"type" && self.is_type_alias() => {
                self.type_alias()?;
            }
            _ => self.expression_statement()?,
        }
        Ok(())
    }

    /// `type X = ...`, and to tree-sitter also `type(x).y = ...`: `type`
    /// then anything it reads as a type, then `=`.
    fn is_type_alias(&self) -> bool {
        match self.peek_at(1) {
            T::Name => matches!(self.peek_at(2), T::Assign | T::LSqb),
            T::LPar | T::LSqb => {
                let mut depth = 0u32;
                for t in &self.toks[self.i + 1..] {
                    match t.kind {
                        T::LPar | T::LSqb | T::LBrace => depth += 1,
                        T::RPar | T::RSqb | T::RBrace => depth = depth.saturating_sub(1),
                        T::Assign if depth == 0 => return true,
                        T::Newline | T::Semi | T::Eof if depth == 0 => return false,
                        _ => {}
                    }
                }
                false
            }
            _ => false,
        }
    }

    /// Whether `print(...)` holds a starred argument other than `*name`
    /// with attributes and subscripts (tree-sitter's print statement reads
    /// `*a.b()` after another argument as `(*a.b)()`).
    fn print_star(&self) -> bool {
        let toks = &self.toks[self.i + 1..];
        let mut depth = 0u32;
        let mut k = 0;
        while k < toks.len() {
            match toks[k].kind {
                T::LPar | T::LSqb | T::LBrace => depth += 1,
                T::RPar | T::RSqb | T::RBrace => {
                    depth -= 1;
                    if depth == 0 {
                        return false;
                    }
                }
                T::Star | T::DoubleStar
                    if depth == 1 && matches!(toks[k - 1].kind, T::LPar | T::Comma) =>
                {
                    // `*name`, then `.name` and `[...]` only.
                    let mut j = k + 1;
                    if toks.get(j).map(|t| t.kind) != Some(T::Name) {
                        return true;
                    }
                    j += 1;
                    loop {
                        match toks.get(j).map(|t| t.kind) {
                            Some(T::Dot) if toks.get(j + 1).map(|t| t.kind) == Some(T::Name) => {
                                j += 2
                            }
                            Some(T::LSqb) => {
                                let mut d = 0u32;
                                while let Some(t) = toks.get(j) {
                                    match t.kind {
                                        T::LPar | T::LSqb | T::LBrace => d += 1,
                                        T::RPar | T::RSqb | T::RBrace => {
                                            d -= 1;
                                            if d == 0 {
                                                break;
                                            }
                                        }
                                        T::Eof => return true,
                                        _ => {}
                                    }
                                    j += 1;
                                }
                                j += 1;
                            }
                            Some(T::Comma | T::RPar) => break,
                            _ => return true,
                        }
                    }
                }
                T::Eof => return true,
                _ => {}
            }
            k += 1;
        }
        true
    }

    fn type_alias(&mut self) -> R<()> {
        let start = self.bump();
        if self.peek() == T::Name && self.peek_at(1) == T::LSqb {
            return bail("generic type alias");
        }
        let left = self.type_()?;
        self.expect(T::Assign)?;
        let right = self.type_()?;
        let mark = self.scratch.len();
        self.add(left, F::Left);
        self.add(right, F::Right);
        let end = self.end_of(right);
        let n = self.close(mark, K::TypeAliasStatement, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn expression_statement(&mut self) -> R<()> {
        let first = self.star_expressions_or_yield()?;
        match self.peek() {
            T::Assign => {
                let mut items = vec![first];
                while self.eat(T::Assign) {
                    items.push(self.star_expressions_or_yield()?);
                }
                let mut right = items.pop().unwrap_or(first);
                while let Some(left) = items.pop() {
                    self.as_target(left)?;
                    let mark = self.scratch.len();
                    self.add(left, F::Left);
                    self.add(right, F::Right);
                    let (s, e) = (self.start_of(left), self.end_of(right));
                    right = self.close(mark, K::Assignment, s, e);
                }
                self.add(right, F::None);
            }
            T::AugAssign => {
                if !matches!(
                    self.nodes[first as usize].kind,
                    K::Identifier | K::Attribute | K::Subscript
                ) {
                    return bail("augmented assignment to a non-name");
                }
                self.bump();
                let right = self.star_expressions_or_yield()?;
                let mark = self.scratch.len();
                self.add(first, F::Left);
                self.add(right, F::Right);
                let (s, e) = (self.start_of(first), self.end_of(right));
                let n = self.close(mark, K::AugmentedAssignment, s, e);
                self.add(n, F::None);
            }
            T::Colon => {
                let single = match self.nodes[first as usize].kind {
                    K::Identifier | K::Attribute | K::Subscript => true,
                    K::ParenthesizedExpression => {
                        let inner = self.kids_of(first).first().copied();
                        inner.is_some_and(|k| self.nodes[k as usize].kind == K::Identifier)
                    }
                    _ => false,
                };
                if !single {
                    return bail("annotation of a non-name");
                }
                self.as_target(first)?;
                self.bump();
                let ty = self.type_()?;
                let mark = self.scratch.len();
                self.add(first, F::Left);
                self.add(ty, F::Type);
                let mut end = self.end_of(ty);
                if self.eat(T::Assign) {
                    let right = self.star_expressions_or_yield()?;
                    end = self.end_of(right);
                    self.add(right, F::Right);
                }
                let s = self.start_of(first);
                let n = self.close(mark, K::Assignment, s, end);
                self.add(n, F::None);
            }
            _ => {
                if self.nodes[first as usize].kind == K::ListSplat {
                    return bail("starred expression statement");
                }
                self.add(first, F::None);
            }
        }
        Ok(())
    }

    fn kids_of(&self, n: u32) -> &[u32] {
        let x = &self.nodes[n as usize];
        &self.kids[x.kids as usize..(x.kids + x.nkids) as usize]
    }

    /// An expression used as an assignment target: check it is one, and
    /// name it as tree-sitter's patterns do where the walker tells them
    /// apart.
    fn as_target(&mut self, n: u32) -> R<()> {
        let mut stack = vec![(n, false)];
        while let Some((n, in_seq)) = stack.pop() {
            match self.nodes[n as usize].kind {
                K::Identifier => {}
                K::Attribute | K::Subscript => {
                    let mut base = n;
                    while matches!(
                        self.nodes[base as usize].kind,
                        K::Attribute | K::Subscript | K::Call
                    ) {
                        base = self.kids_of(base)[0];
                    }
                    if self.nodes[base as usize].kind == K::ListSplat {
                        return bail("starred name in a target chain");
                    }
                }
                K::ExpressionList => {
                    self.nodes[n as usize].kind = K::PatternList;
                    for &k in self.kids_of(n) {
                        stack.push((k, true));
                    }
                }
                K::Tuple | K::List => {
                    for &k in self.kids_of(n) {
                        stack.push((k, true));
                    }
                }
                K::ParenthesizedExpression => {
                    // A comment in it is one more target, which binds
                    // nothing: tree-sitter's tuple_pattern is the same.
                    for &k in self.kids_of(n) {
                        stack.push((k, false));
                    }
                }
                K::ListSplat if in_seq => {
                    let inner = self.kids_of(n).first().copied();
                    match inner.map(|k| self.nodes[k as usize].kind) {
                        Some(K::Identifier | K::Attribute | K::Subscript) => {}
                        _ => return bail("odd starred target"),
                    }
                }
                _ => return bail("not a target"),
            }
        }
        Ok(())
    }

    fn import(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        loop {
            let d = self.dotted_name()?;
            if self.eat(T::As) {
                let alias = self.name()?;
                let m = self.scratch.len();
                self.add(d, F::Name);
                self.add(alias, F::Alias);
                let s = self.start_of(d);
                let e = self.end_of(alias);
                let a = self.close(m, K::AliasedImport, s, e);
                self.add(a, F::Name);
            } else {
                self.add(d, F::Name);
            }
            if !self.eat(T::Comma) {
                break;
            }
        }
        let end = self.i as u32 - 1;
        let n = self.close(mark, K::ImportStatement, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn dotted_name(&mut self) -> R<u32> {
        let mark = self.scratch.len();
        let start = self.i as u32;
        loop {
            let n = self.name()?;
            self.add(n, F::None);
            if !self.eat(T::Dot) {
                break;
            }
        }
        let end = self.i as u32 - 1;
        Ok(self.close(mark, K::DottedName, start, end))
    }

    fn import_from(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        let module = if matches!(self.peek(), T::Dot | T::Ellipsis) {
            let first = self.i as u32;
            while matches!(self.peek(), T::Dot | T::Ellipsis) {
                self.bump();
            }
            let last = self.i as u32 - 1;
            let m = self.scratch.len();
            let prefix = self.leaf(K::ImportPrefix, first);
            self.nodes[prefix as usize].end = last;
            self.add(prefix, F::None);
            let mut end = last;
            if self.peek() == T::Name {
                let d = self.dotted_name()?;
                end = self.end_of(d);
                self.add(d, F::None);
            }
            self.close(m, K::RelativeImport, first, end)
        } else {
            self.dotted_name()?
        };
        let future = self.nodes[module as usize].kind == K::DottedName
            && self.kids_of(module).len() == 1
            && self.text_of(self.start_of(module) as usize) == b"__future__";
        self.add(module, F::ModuleName);
        self.expect(T::Import)?;
        if future && self.peek() == T::Star {
            return bail("star import from __future__");
        }
        if self.peek() == T::Star {
            let t = self.bump();
            let w = self.leaf(K::WildcardImport, t);
            self.add(w, F::None);
        } else {
            let paren = self.eat(T::LPar);
            loop {
                let d = self.dotted_name()?;
                if self.kids_of(d).len() != 1 {
                    return bail("dotted name imported from a module");
                }
                if self.eat(T::As) {
                    let alias = self.name()?;
                    let m = self.scratch.len();
                    self.add(d, F::Name);
                    self.add(alias, F::Alias);
                    let s = self.start_of(d);
                    let e = self.end_of(alias);
                    let a = self.close(m, K::AliasedImport, s, e);
                    self.add(a, F::Name);
                } else {
                    self.add(d, F::Name);
                }
                if !self.eat(T::Comma) {
                    break;
                }
                if paren && self.peek() == T::RPar {
                    break;
                }
            }
            if paren {
                self.expect(T::RPar)?;
            }
        }
        let end = self.i as u32 - 1;
        let n = self.close(mark, K::ImportFromStatement, start, end);
        if !future {
            // `from __future__ import x` is a statement the walker skips.
            self.add(n, F::None);
        }
        Ok(())
    }

    /// A block after `:`: an indented one, or simple statements on the
    /// same line.
    fn suite(&mut self) -> R<u32> {
        let mark = self.scratch.len();
        if self.eat(T::Newline) {
            self.expect(T::Indent)?;
            let start = self.i as u32;
            while self.peek() != T::Dedent {
                if self.peek() == T::Eof {
                    return bail("unterminated block");
                }
                self.statement()?;
            }
            let end = self.bump();
            Ok(self.close(mark, K::Block, start, end))
        } else {
            let start = self.i as u32;
            if matches!(
                self.peek(),
                T::If | T::While | T::For | T::Try | T::With | T::Def | T::Class | T::At | T::Async
            ) {
                return bail("compound statement after a colon");
            }
            self.simple_statements()?;
            let end = self.i as u32 - 1;
            Ok(self.close(mark, K::Block, start, end))
        }
    }

    fn if_statement(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        let cond = self.named_expression()?;
        self.add(cond, F::None);
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Consequence);
        let mut end = self.end_of(body);
        while self.peek() == T::Elif {
            let s = self.bump();
            let m = self.scratch.len();
            let c = self.named_expression()?;
            self.add(c, F::None);
            self.expect(T::Colon)?;
            let b = self.suite()?;
            self.add(b, F::Consequence);
            end = self.end_of(b);
            let n = self.close(m, K::ElifClause, s, end);
            self.add(n, F::Alternative);
        }
        if self.peek() == T::Else {
            let e = self.else_clause()?;
            end = self.end_of(e);
            self.add(e, F::Alternative);
        }
        let n = self.close(mark, K::IfStatement, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn else_clause(&mut self) -> R<u32> {
        let s = self.bump();
        self.expect(T::Colon)?;
        let m = self.scratch.len();
        let b = self.suite()?;
        self.add(b, F::Body);
        let end = self.end_of(b);
        Ok(self.close(m, K::ElseClause, s, end))
    }

    fn while_statement(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        let cond = self.named_expression()?;
        self.add(cond, F::None);
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Body);
        let mut end = self.end_of(body);
        if self.peek() == T::Else {
            let e = self.else_clause()?;
            end = self.end_of(e);
            self.add(e, F::Alternative);
        }
        let n = self.close(mark, K::Other, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn for_statement(&mut self) -> R<()> {
        let start = self.bump();
        if self.toks[start as usize].kind == T::Async {
            self.expect(T::For)?;
        }
        let mark = self.scratch.len();
        let left = self.targets()?;
        self.expect(T::In)?;
        let right = self.star_expressions()?;
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(left, F::Left);
        self.add(right, F::Right);
        self.add(body, F::Body);
        let mut end = self.end_of(body);
        if self.peek() == T::Else {
            let e = self.else_clause()?;
            end = self.end_of(e);
            self.add(e, F::Alternative);
        }
        let n = self.close(mark, K::ForStatement, start, end);
        self.add(n, F::None);
        Ok(())
    }

    /// Targets of `for` (up to `in`): `bitwise_or`s, maybe starred,
    /// separated by commas.
    fn targets(&mut self) -> R<u32> {
        let first = self.target_item()?;
        let n = if self.peek() == T::Comma {
            let mark = self.scratch.len();
            self.add(first, F::None);
            let mut last = self.end_of(first);
            while self.peek() == T::Comma {
                last = self.bump();
                if self.peek() == T::In {
                    break;
                }
                let k = self.target_item()?;
                last = self.end_of(k);
                self.add(k, F::None);
            }
            let s = self.start_of(first);
            self.close(mark, K::ExpressionList, s, last)
        } else {
            first
        };
        if self.nodes[n as usize].kind == K::ListSplat {
            return bail("lone starred target");
        }
        self.as_target(n)?;
        Ok(n)
    }

    fn target_item(&mut self) -> R<u32> {
        if self.peek() == T::Star {
            let s = self.bump();
            let e = self.binary(0)?;
            let mark = self.scratch.len();
            self.add(e, F::None);
            let end = self.end_of(e);
            Ok(self.close(mark, K::ListSplat, s, end))
        } else {
            self.binary(0)
        }
    }

    fn try_statement(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Body);
        let mut end = self.end_of(body);
        let mut handlers = 0;
        while self.peek() == T::Except {
            handlers += 1;
            let s = self.bump();
            self.eat(T::Star);
            let m = self.scratch.len();
            if self.peek() != T::Colon {
                let value = self.expression()?;
                if self.peek() == T::As {
                    self.bump();
                    let target = self.name()?;
                    let p = self.as_pattern(value, target);
                    self.nodes[p as usize].flags |= IN_EXCEPT;
                    self.add(p, F::Value);
                } else {
                    if self.peek() == T::Comma {
                        return bail("except with a comma");
                    }
                    self.add(value, F::Value);
                }
            }
            self.expect(T::Colon)?;
            let b = self.suite()?;
            self.add(b, F::None);
            end = self.end_of(b);
            let n = self.close(m, K::ExceptClause, s, end);
            self.add(n, F::None);
        }
        if self.peek() == T::Else {
            if handlers == 0 {
                return bail("try/else without except");
            }
            let e = self.else_clause()?;
            end = self.end_of(e);
            self.add(e, F::None);
        }
        if self.peek() == T::Finally {
            let s = self.bump();
            self.expect(T::Colon)?;
            let m = self.scratch.len();
            let b = self.suite()?;
            self.add(b, F::None);
            end = self.end_of(b);
            let n = self.close(m, K::Other, s, end);
            self.add(n, F::None);
        } else if handlers == 0 {
            return bail("try without except or finally");
        }
        let n = self.close(mark, K::Other, start, end);
        self.add(n, F::None);
        Ok(())
    }

    /// `value as target`, the target wrapped as tree-sitter does.
    fn as_pattern(&mut self, value: u32, target: u32) -> u32 {
        let m = self.scratch.len();
        self.add(target, F::None);
        let (ts, te) = (self.start_of(target), self.end_of(target));
        let t = self.close(m, K::AsPatternTarget, ts, te);
        let m = self.scratch.len();
        self.add(value, F::None);
        self.add(t, F::Alias);
        let s = self.start_of(value);
        self.close(m, K::AsPattern, s, te)
    }

    fn with_statement(&mut self) -> R<()> {
        let start = self.bump();
        if self.toks[start as usize].kind == T::Async {
            self.expect(T::With)?;
        }
        let mark = self.scratch.len();
        // `with (a as b, c):` holds its items in brackets.
        let parenthesized = self.peek() == T::LPar && {
            let mut depth = 0u32;
            let mut k = self.i;
            let mut has_as = false;
            loop {
                match self.toks[k].kind {
                    T::LPar | T::LSqb | T::LBrace => depth += 1,
                    T::RPar | T::RSqb | T::RBrace => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    T::As if depth == 1 => has_as = true,
                    T::Eof | T::Newline => break,
                    _ => {}
                }
                k += 1;
            }
            has_as && self.toks.get(k + 1).is_some_and(|t| t.kind == T::Colon)
        };
        if parenthesized {
            self.bump();
        }
        loop {
            let value = self.expression()?;
            if self.eat(T::As) {
                let target = self.binary(0)?;
                self.as_target(target)?;
                let p = self.as_pattern(value, target);
                self.add(p, F::None);
            } else {
                self.add(value, F::None);
            }
            if !self.eat(T::Comma) {
                break;
            }
            if parenthesized && self.peek() == T::RPar {
                break;
            }
        }
        if parenthesized {
            self.expect(T::RPar)?;
        }
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Body);
        let end = self.end_of(body);
        let n = self.close(mark, K::Other, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn decorated(&mut self) -> R<()> {
        let start = self.i as u32;
        let mark = self.scratch.len();
        while self.peek() == T::At {
            let s = self.bump();
            let m = self.scratch.len();
            let e = self.named_expression()?;
            self.add(e, F::None);
            let nl = self.expect(T::Newline)?;
            let d = self.close(m, K::Decorator, s, nl);
            self.add(d, F::None);
        }
        let def = match self.peek() {
            T::Def | T::Async => {
                if self.peek() == T::Async && self.peek_at(1) != T::Def {
                    return bail("decorated async statement");
                }
                self.function()?;
                self.scratch.pop().unwrap_or(0)
            }
            T::Class => {
                self.class()?;
                self.scratch.pop().unwrap_or(0)
            }
            _ => return bail("decorator without a definition"),
        };
        self.add(def, F::Definition);
        let end = self.end_of(def);
        let n = self.close(mark, K::DecoratedDefinition, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn function(&mut self) -> R<()> {
        let start = self.bump();
        if self.toks[start as usize].kind == T::Async {
            self.expect(T::Def)?;
        }
        let mark = self.scratch.len();
        let name = self.name()?;
        self.add(name, F::Name);
        if self.peek() == T::LSqb {
            return bail("type parameters");
        }
        let params = self.parameters()?;
        self.add(params, F::Parameters);
        if self.eat(T::Arrow) {
            let r = self.type_()?;
            self.add(r, F::ReturnType);
        }
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Body);
        let end = self.end_of(body);
        let n = self.close(mark, K::FunctionDefinition, start, end);
        self.add(n, F::None);
        Ok(())
    }

    fn class(&mut self) -> R<()> {
        let start = self.bump();
        let mark = self.scratch.len();
        let name = self.name()?;
        self.add(name, F::Name);
        if self.peek() == T::LSqb {
            return bail("type parameters");
        }
        if self.peek() == T::LPar {
            let args = self.arguments()?;
            if self.nodes[args as usize].kind != K::ArgumentList {
                return bail("generator as class bases");
            }
            self.add(args, F::Superclasses);
        }
        self.expect(T::Colon)?;
        let body = self.suite()?;
        self.add(body, F::Body);
        let end = self.end_of(body);
        let n = self.close(mark, K::ClassDefinition, start, end);
        self.add(n, F::None);
        Ok(())
    }

    /// `(a, b: T = 1, *args, **kw)` of a def.
    fn parameters(&mut self) -> R<u32> {
        let open = self.expect(T::LPar)?;
        let mark = self.scratch.len();
        while self.peek() != T::RPar {
            let p = self.parameter(true)?;
            self.add(p, F::None);
            if !self.eat(T::Comma) {
                break;
            }
        }
        let close = self.expect(T::RPar)?;
        Ok(self.close(mark, K::Parameters, open, close))
    }

    /// Parameters of a lambda, up to its `:`.
    fn lambda_parameters(&mut self) -> R<u32> {
        let start = self.i as u32;
        let mark = self.scratch.len();
        let mut end = start;
        while self.peek() != T::Colon {
            let p = self.parameter(false)?;
            end = self.end_of(p);
            self.add(p, F::None);
            if self.peek() == T::Comma {
                end = self.bump();
            } else {
                break;
            }
        }
        Ok(self.close(mark, K::LambdaParameters, start, end))
    }

    fn parameter(&mut self, typed: bool) -> R<u32> {
        match self.peek() {
            T::Slash => {
                let t = self.bump();
                Ok(self.leaf(K::PositionalSeparator, t))
            }
            T::Star | T::DoubleStar => {
                let star = self.bump();
                let double = self.toks[star as usize].kind == T::DoubleStar;
                if !double && matches!(self.peek(), T::Comma | T::RPar | T::Colon) {
                    return Ok(self.leaf(K::KeywordSeparator, star));
                }
                let name = self.name()?;
                let m = self.scratch.len();
                self.add(name, F::None);
                let kind = if double {
                    K::ParamDictSplat
                } else {
                    K::ParamListSplat
                };
                let end = self.end_of(name);
                let splat = self.close(m, kind, star, end);
                if typed && self.eat(T::Colon) {
                    let ty = if self.peek() == T::Star {
                        // `*args: *Ts`: a `splat_type`.
                        let s = self.bump();
                        let name = self.name()?;
                        let m = self.scratch.len();
                        self.add(name, F::None);
                        let end = self.end_of(name);
                        let splat = self.close(m, K::Other, s, end);
                        self.wrap_type(splat)
                    } else {
                        self.type_()?
                    };
                    let m = self.scratch.len();
                    self.add(splat, F::None);
                    self.add(ty, F::Type);
                    let end = self.end_of(ty);
                    return Ok(self.close(m, K::TypedParameter, star, end));
                }
                if self.peek() == T::Assign {
                    return bail("default of a starred parameter");
                }
                Ok(splat)
            }
            _ => {
                let name = self.name()?;
                let start = self.start_of(name);
                let ty = if typed && self.eat(T::Colon) {
                    Some(self.type_()?)
                } else {
                    None
                };
                let default = if self.eat(T::Assign) {
                    Some(self.expression()?)
                } else {
                    None
                };
                let m = self.scratch.len();
                match (ty, default) {
                    (None, None) => Ok(name),
                    (Some(t), None) => {
                        self.add(name, F::None);
                        self.add(t, F::Type);
                        let end = self.end_of(t);
                        Ok(self.close(m, K::TypedParameter, start, end))
                    }
                    (None, Some(d)) => {
                        self.add(name, F::Name);
                        self.add(d, F::Value);
                        let end = self.end_of(d);
                        Ok(self.close(m, K::DefaultParameter, start, end))
                    }
                    (Some(t), Some(d)) => {
                        self.add(name, F::Name);
                        self.add(t, F::Type);
                        self.add(d, F::Value);
                        let end = self.end_of(d);
                        Ok(self.close(m, K::TypedDefaultParameter, start, end))
                    }
                }
            }
        }
    }

    // -- types ----------------------------------------------------------------

    /// A `type` node: `Name[...]` is a `generic_type` (and what follows it
    /// a `member_type` or `union_type`), anything else an expression.
    fn type_(&mut self) -> R<u32> {
        self.enter()?;
        let inner = self.type_inner()?;
        self.leave();
        Ok(self.wrap_type(inner))
    }

    fn wrap_type(&mut self, inner: u32) -> u32 {
        let m = self.scratch.len();
        self.add(inner, F::None);
        let (s, e) = (self.start_of(inner), self.end_of(inner));
        self.close(m, K::Type, s, e)
    }

    fn generic_start(&self) -> bool {
        self.peek() == T::Name && self.peek_at(1) == T::LSqb
    }

    fn type_inner(&mut self) -> R<u32> {
        if !self.generic_start() {
            return self.expression();
        }
        let mut left = self.generic()?;
        while self.peek() == T::Pipe {
            self.bump();
            let right = if self.generic_start() {
                self.generic()?
            } else {
                self.expression()?
            };
            let m = self.scratch.len();
            let l = self.wrap_type(left);
            let r = self.wrap_type(right);
            self.add(l, F::None);
            self.add(r, F::None);
            let (s, e) = (self.start_of(l), self.end_of(r));
            left = self.close(m, K::Other, s, e);
        }
        if matches!(self.peek(), T::LSqb | T::LPar | T::Dot) || starts_expression(self.peek()) {
            return bail("odd type");
        }
        if !matches!(
            self.peek(),
            T::Assign | T::Comma | T::RPar | T::RSqb | T::Colon | T::Newline | T::Semi
        ) {
            return bail("operator after a generic type");
        }
        Ok(left)
    }

    /// `Name[T, ...]` and any `.name` after it.
    fn generic(&mut self) -> R<u32> {
        if matches!(self.text_of(self.i), b"match" | b"print" | b"exec") {
            return bail("soft keyword as a generic type");
        }
        let head = self.name()?;
        let open = self.expect(T::LSqb)?;
        let m = self.scratch.len();
        if self.toks[self.i].flags & COMMENT_BEFORE != 0 {
            // `Optional[  # note`: the comment is the first named child of
            // the type parameters, which the walker looks at.
            let c = self.leaf(K::Comment, open);
            self.add(c, F::None);
        }
        loop {
            let t = if matches!(self.peek(), T::Star | T::DoubleStar) {
                // `*Ts`: a `splat_type`.
                let star = self.bump();
                let name = self.name()?;
                let m = self.scratch.len();
                self.add(name, F::None);
                let end = self.end_of(name);
                let splat = self.close(m, K::Other, star, end);
                self.wrap_type(splat)
            } else {
                self.type_()?
            };
            if self.peek() == T::Colon {
                return bail("constrained type");
            }
            self.add(t, F::None);
            if !self.eat(T::Comma) {
                break;
            }
            if self.peek() == T::RSqb {
                break;
            }
        }
        let close = self.expect(T::RSqb)?;
        let params = self.close(m, K::TypeParameter, open, close);
        let m = self.scratch.len();
        self.add(head, F::None);
        self.add(params, F::None);
        let s = self.start_of(head);
        let mut g = self.close(m, K::GenericType, s, close);
        while self.peek() == T::Dot {
            self.bump();
            let name = self.name()?;
            let m = self.scratch.len();
            let t = self.wrap_type(g);
            self.add(t, F::None);
            self.add(name, F::None);
            let e = self.end_of(name);
            g = self.close(m, K::Other, s, e);
        }
        Ok(g)
    }

    // -- expressions ----------------------------------------------------------

    fn star_expressions_or_yield(&mut self) -> R<u32> {
        if self.peek() == T::Yield {
            self.yield_expression()
        } else {
            self.star_expressions()
        }
    }

    fn yield_expression(&mut self) -> R<u32> {
        let start = self.bump();
        let m = self.scratch.len();
        let mut end = start;
        if self.eat(T::From) {
            let e = self.expression()?;
            end = self.end_of(e);
            self.add(e, F::None);
        } else if starts_expression(self.peek()) {
            let e = self.star_expressions()?;
            end = self.end_of(e);
            self.add(e, F::None);
        }
        Ok(self.close(m, K::Other, start, end))
    }

    /// Expressions (some starred) separated by commas: an expression list
    /// when there is a comma.
    fn star_expressions(&mut self) -> R<u32> {
        let first = self.star_item_tight()?;
        if self.peek() != T::Comma {
            return Ok(first);
        }
        let mark = self.scratch.len();
        self.add(first, F::None);
        let mut last = self.end_of(first);
        while self.peek() == T::Comma {
            last = self.bump();
            if !starts_expression(self.peek()) {
                break;
            }
            let k = self.star_item_tight()?;
            last = self.end_of(k);
            self.add(k, F::None);
        }
        let s = self.start_of(first);
        Ok(self.close(mark, K::ExpressionList, s, last))
    }

    /// An item of an expression list, maybe starred. tree-sitter reads
    /// `*name...` two ways: in argument lists and bracketed collections
    /// with a comma, the star takes the whole expression (`*(f(x))`);
    /// in bare expression lists and a collection's only item, it takes the
    /// name alone, which the rest applies to (`(*f)(x)`).
    fn star_item_tight(&mut self) -> R<u32> {
        if self.peek() != T::Star {
            return self.expression();
        }
        if self.peek_at(1) != T::Name {
            return bail("starred non-name");
        }
        let star = self.bump();
        self.pending_star = Some(star);
        let e = self.expression()?;
        if self.pending_star.take().is_some() {
            return bail("star not taken");
        }
        Ok(e)
    }

    /// The first item of a list or set: the star binds tightly when it is
    /// the only item.
    fn first_item(&mut self) -> R<u32> {
        if self.peek() != T::Star {
            return self.expression();
        }
        let (i, n, k) = (self.i, self.nodes.len(), self.kids.len());
        let e = self.star_item_tight()?;
        if self.peek() != T::Comma {
            return Ok(e);
        }
        self.i = i;
        self.cur = self.toks[i].kind;
        self.nodes.truncate(n);
        self.kids.truncate(k);
        self.kid_fields.truncate(k);
        self.star_item()
    }

    fn star_item(&mut self) -> R<u32> {
        if self.peek() == T::Star {
            let s = self.bump();
            let e = self.expression()?;
            let m = self.scratch.len();
            self.add(e, F::None);
            let end = self.end_of(e);
            Ok(self.close(m, K::ListSplat, s, end))
        } else {
            self.expression()
        }
    }

    /// An expression where a walrus may stand unparenthesized.
    fn named_expression(&mut self) -> R<u32> {
        self.expression()
    }

    fn expression(&mut self) -> R<u32> {
        self.enter()?;
        let r = match self.peek() {
            T::Lambda => self.lambda(),
            T::Name if self.peek_at(1) == T::Walrus => {
                let name = self.name()?;
                self.bump();
                let value = self.expression()?;
                let m = self.scratch.len();
                self.add(name, F::Name);
                self.add(value, F::Value);
                let (s, e) = (self.start_of(name), self.end_of(value));
                Ok(self.close(m, K::NamedExpression, s, e))
            }
            T::Not | T::Minus | T::Plus | T::Tilde | T::Await => self.conditional(),
            _ => {
                let p = self.primary()?;
                self.operators_from_primary(p)
            }
        };
        self.leave();
        r
    }

    fn lambda(&mut self) -> R<u32> {
        let start = self.bump();
        let params = if self.peek() != T::Colon {
            Some(self.lambda_parameters()?)
        } else {
            None
        };
        self.expect(T::Colon)?;
        let body = self.expression()?;
        let m = self.scratch.len();
        if let Some(p) = params {
            self.add(p, F::Parameters);
        }
        self.add(body, F::Body);
        let end = self.end_of(body);
        Ok(self.close(m, K::Lambda, start, end))
    }

    fn conditional(&mut self) -> R<u32> {
        let a = self.or_test()?;
        self.conditional_from(a)
    }

    /// A primary whose operators (if any) are parsed from here: the common
    /// case, without a call per precedence level.
    fn operators_from_primary(&mut self, p: u32) -> R<u32> {
        let p = self.power_from(p)?;
        let b = self.binary_from(p, 0)?;
        let c = self.comparison_from(b)?;
        let a = self.and_from(c)?;
        let o = self.or_from(a)?;
        self.conditional_from(o)
    }

    fn conditional_from(&mut self, a: u32) -> R<u32> {
        if self.peek() != T::If {
            return Ok(a);
        }
        self.bump();
        let cond = self.or_test()?;
        self.expect(T::Else)?;
        let b = self.expression()?;
        let m = self.scratch.len();
        self.add(a, F::None);
        self.add(cond, F::None);
        self.add(b, F::None);
        let (s, e) = (self.start_of(a), self.end_of(b));
        Ok(self.close(m, K::Other, s, e))
    }

    fn or_test(&mut self) -> R<u32> {
        let left = self.and_test()?;
        self.or_from(left)
    }

    fn or_from(&mut self, mut left: u32) -> R<u32> {
        while self.peek() == T::Or {
            self.bump();
            let right = self.and_test()?;
            left = self.pair(left, right, K::Other);
        }
        Ok(left)
    }

    fn and_test(&mut self) -> R<u32> {
        let left = self.not_test()?;
        self.and_from(left)
    }

    fn and_from(&mut self, mut left: u32) -> R<u32> {
        while self.peek() == T::And {
            self.bump();
            let right = self.not_test()?;
            left = self.pair(left, right, K::Other);
        }
        Ok(left)
    }

    fn pair(&mut self, left: u32, right: u32, kind: K) -> u32 {
        let m = self.scratch.len();
        self.add(left, F::Left);
        self.add(right, F::Right);
        let (s, e) = (self.start_of(left), self.end_of(right));
        self.close(m, kind, s, e)
    }

    fn not_test(&mut self) -> R<u32> {
        if self.peek() != T::Not {
            return self.comparison();
        }
        self.enter()?;
        let start = self.bump();
        let arg = self.not_test()?;
        self.leave();
        let m = self.scratch.len();
        self.add(arg, F::None);
        let end = self.end_of(arg);
        Ok(self.close(m, K::Other, start, end))
    }

    fn comparison(&mut self) -> R<u32> {
        let first = self.binary(0)?;
        self.comparison_from(first)
    }

    fn comparison_from(&mut self, first: u32) -> R<u32> {
        let mut mark = None;
        loop {
            match self.peek() {
                T::Less | T::Greater | T::EqEq | T::GreaterEq | T::LessEq | T::NotEq | T::In => {
                    self.bump();
                }
                T::Not if self.peek_at(1) == T::In => {
                    self.bump();
                    self.bump();
                }
                T::Is => {
                    self.bump();
                    self.eat(T::Not);
                }
                _ => break,
            }
            if mark.is_none() {
                mark = Some(self.scratch.len());
                self.add(first, F::None);
            }
            let k = self.binary(0)?;
            self.add(k, F::None);
        }
        match mark {
            None => Ok(first),
            Some(m) => {
                let s = self.start_of(first);
                let e = self.end_of(*self.scratch.last().unwrap_or(&first));
                Ok(self.close(m, K::Other, s, e))
            }
        }
    }

    /// Binary operators by tree-sitter's precedences (`|` 14, `&` 15,
    /// `^` 16, shifts 17, `+ -` 18, `* / // % @` 19).
    fn binary(&mut self, min: u8) -> R<u32> {
        let left = self.unary()?;
        self.binary_from(left, min)
    }

    fn binary_from(&mut self, mut left: u32, min: u8) -> R<u32> {
        loop {
            let prec = match self.peek() {
                T::Pipe => 14,
                T::Amp => 15,
                T::Caret => 16,
                T::LShift | T::RShift => 17,
                T::Plus | T::Minus => 18,
                T::Star | T::Slash | T::DoubleSlash | T::Percent | T::At => 19,
                _ => break,
            };
            if prec < min {
                break;
            }
            self.bump();
            self.enter()?;
            let right = self.binary(prec + 1)?;
            self.leave();
            left = self.pair(left, right, K::BinaryOperator);
        }
        Ok(left)
    }

    fn unary(&mut self) -> R<u32> {
        if !matches!(self.peek(), T::Minus | T::Plus | T::Tilde) {
            return self.power();
        }
        self.enter()?;
        let start = self.bump();
        let arg = self.unary()?;
        self.leave();
        let m = self.scratch.len();
        self.add(arg, F::None);
        let end = self.end_of(arg);
        Ok(self.close(m, K::Other, start, end))
    }

    fn power(&mut self) -> R<u32> {
        let base = if self.peek() == T::Await {
            let start = self.bump();
            let p = self.primary()?;
            let m = self.scratch.len();
            self.add(p, F::None);
            let end = self.end_of(p);
            self.close(m, K::Other, start, end)
        } else {
            self.primary()?
        };
        self.power_from(base)
    }

    fn power_from(&mut self, base: u32) -> R<u32> {
        if self.peek() != T::DoubleStar {
            return Ok(base);
        }
        self.bump();
        self.enter()?;
        let exp = self.unary()?;
        self.leave();
        Ok(self.pair(base, exp, K::BinaryOperator))
    }

    fn primary(&mut self) -> R<u32> {
        let mut e = self.atom()?;
        loop {
            match self.peek() {
                T::Dot => {
                    self.bump();
                    let name = self.name()?;
                    let m = self.scratch.len();
                    self.add(e, F::Object);
                    self.add(name, F::Attribute);
                    let (s, end) = (self.start_of(e), self.end_of(name));
                    e = self.close(m, K::Attribute, s, end);
                }
                T::LPar => {
                    let args = self.arguments()?;
                    let m = self.scratch.len();
                    self.add(e, F::Function);
                    self.add(args, F::Arguments);
                    let (s, end) = (self.start_of(e), self.end_of(args));
                    e = self.close(m, K::Call, s, end);
                }
                T::LSqb => {
                    self.bump();
                    let m = self.scratch.len();
                    self.add(e, F::Value);
                    loop {
                        let item = self.subscript_item()?;
                        self.add(item, F::Subscript);
                        if !self.eat(T::Comma) || self.peek() == T::RSqb {
                            break;
                        }
                    }
                    let close = self.expect(T::RSqb)?;
                    let s = self.start_of(e);
                    e = self.close(m, K::Subscript, s, close);
                }
                _ => break,
            }
        }
        Ok(e)
    }

    fn subscript_item(&mut self) -> R<u32> {
        if self.peek() == T::Star {
            return self.star_item_tight();
        }
        let lower = if self.peek() == T::Colon {
            None
        } else {
            let e = self.expression()?;
            if self.peek() != T::Colon {
                return Ok(e);
            }
            Some(e)
        };
        // A slice.
        let m = self.scratch.len();
        let start = lower.map_or(self.i as u32, |l| self.start_of(l));
        if let Some(l) = lower {
            self.add(l, F::None);
        }
        let mut end = self.bump();
        if !matches!(self.peek(), T::Colon | T::Comma | T::RSqb) {
            let u = self.expression()?;
            end = self.end_of(u);
            self.add(u, F::None);
        }
        if self.peek() == T::Colon {
            end = self.bump();
            if !matches!(self.peek(), T::Comma | T::RSqb) {
                let s = self.expression()?;
                end = self.end_of(s);
                self.add(s, F::None);
            }
        }
        Ok(self.close(m, K::Other, start, end))
    }

    /// `(...)` after a callee (or class name): an argument list, or a
    /// generator expression that is the only argument.
    fn arguments(&mut self) -> R<u32> {
        let open = self.expect(T::LPar)?;
        let mark = self.scratch.len();
        while self.peek() != T::RPar {
            let arg = match self.peek() {
                T::Star | T::DoubleStar => {
                    let s = self.bump();
                    let double = self.toks[s as usize].kind == T::DoubleStar;
                    let e = self.expression()?;
                    let m = self.scratch.len();
                    self.add(e, F::None);
                    let end = self.end_of(e);
                    self.close(m, if double { K::Other } else { K::ListSplat }, s, end)
                }
                T::Name if self.peek_at(1) == T::Assign => {
                    let name = self.name()?;
                    self.bump();
                    let value = self.expression()?;
                    let m = self.scratch.len();
                    self.add(name, F::Name);
                    self.add(value, F::Value);
                    let (s, e) = (self.start_of(name), self.end_of(value));
                    self.close(m, K::KeywordArgument, s, e)
                }
                _ => {
                    let e = self.expression()?;
                    if matches!(self.peek(), T::For | T::Async) {
                        if self.scratch.len() != mark {
                            return bail("generator among arguments");
                        }
                        let g = self.comprehension(K::GeneratorExpression, e, open)?;
                        return Ok(g);
                    }
                    e
                }
            };
            self.add(arg, F::None);
            if !self.eat(T::Comma) {
                break;
            }
        }
        let close = self.expect(T::RPar)?;
        Ok(self.close(mark, K::ArgumentList, open, close))
    }

    /// The clauses of a comprehension whose body is parsed, up to and
    /// including its closing bracket.
    fn comprehension(&mut self, kind: K, body: u32, open: u32) -> R<u32> {
        let mark = self.scratch.len();
        self.add(body, F::Body);
        loop {
            match self.peek() {
                T::For | T::Async => {
                    let s = self.bump();
                    if self.toks[s as usize].kind == T::Async {
                        self.expect(T::For)?;
                    }
                    let m = self.scratch.len();
                    let left = self.targets()?;
                    self.expect(T::In)?;
                    let right = self.or_test()?;
                    if self.peek() == T::Comma {
                        return bail("comma after a comprehension's iterable");
                    }
                    self.add(left, F::Left);
                    self.add(right, F::Right);
                    let end = self.end_of(right);
                    let c = self.close(m, K::ForInClause, s, end);
                    self.add(c, F::None);
                }
                T::If => {
                    let s = self.bump();
                    let cond = self.or_test()?;
                    let m = self.scratch.len();
                    self.add(cond, F::None);
                    let end = self.end_of(cond);
                    let c = self.close(m, K::Other, s, end);
                    self.add(c, F::None);
                }
                T::RPar | T::RSqb | T::RBrace => break,
                _ => return bail("odd comprehension"),
            }
        }
        let close_kind = match self.toks[open as usize].kind {
            T::LPar => T::RPar,
            T::LSqb => T::RSqb,
            _ => T::RBrace,
        };
        let close = self.expect(close_kind)?;
        Ok(self.close(mark, kind, open, close))
    }

    fn atom(&mut self) -> R<u32> {
        match self.peek() {
            T::Name => {
                let id = self.name()?;
                match self.pending_star.take() {
                    Some(star) => {
                        let m = self.scratch.len();
                        self.add(id, F::None);
                        let end = self.end_of(id);
                        Ok(self.close(m, K::ListSplat, star, end))
                    }
                    None => Ok(id),
                }
            }
            T::Number | T::True | T::False | T::Ellipsis => {
                let t = self.bump();
                Ok(self.leaf(K::Other, t))
            }
            T::None => {
                let t = self.bump();
                Ok(self.leaf(K::None, t))
            }
            T::Str | T::FStart => self.strings(),
            T::LPar => self.paren(),
            T::LSqb => self.list(),
            T::LBrace => self.brace(),
            _ => bail("expected an expression"),
        }
    }

    fn strings(&mut self) -> R<u32> {
        let first = self.string()?;
        if !matches!(self.peek(), T::Str | T::FStart) {
            return Ok(first);
        }
        let m = self.scratch.len();
        self.add(first, F::None);
        let mut end = self.end_of(first);
        while matches!(self.peek(), T::Str | T::FStart) {
            let s = self.string()?;
            end = self.end_of(s);
            self.add(s, F::None);
        }
        let s = self.start_of(first);
        Ok(self.close(m, K::ConcatenatedString, s, end))
    }

    fn string(&mut self) -> R<u32> {
        if self.peek() == T::Str {
            let t = self.bump();
            return Ok(self.leaf(K::String, t));
        }
        let start = self.bump();
        let m = self.scratch.len();
        while self.peek() == T::IOpen {
            let open = self.bump();
            let e = self.star_expressions()?;
            if self.nodes[e as usize].kind == K::ListSplat
                || (self.nodes[e as usize].kind == K::ExpressionList
                    && self
                        .kids_of(e)
                        .iter()
                        .any(|&k| self.nodes[k as usize].kind == K::ListSplat))
            {
                return bail("starred replacement field");
            }
            let close = self.expect(T::IClose)?;
            let mi = self.scratch.len();
            self.add(e, F::Expression);
            let i = self.close(mi, K::Interpolation, open, close);
            self.add(i, F::None);
        }
        let end = self.expect(T::FEnd)?;
        let s = self.close(m, K::String, start, end);
        self.nodes[s as usize].flags |= FSTRING;
        Ok(s)
    }

    /// `(`: a tuple, a parenthesized expression or a generator.
    fn paren(&mut self) -> R<u32> {
        let open = self.bump();
        if self.peek() == T::RPar {
            let close = self.bump();
            let m = self.scratch.len();
            return Ok(self.close(m, K::Tuple, open, close));
        }
        if self.peek() == T::Yield {
            let y = self.yield_expression()?;
            let close = self.expect(T::RPar)?;
            let m = self.scratch.len();
            self.add(y, F::None);
            return Ok(self.close(m, K::ParenthesizedExpression, open, close));
        }
        let first = self.star_item()?;
        match self.peek() {
            T::For | T::Async if self.nodes[first as usize].kind != K::ListSplat => {
                self.comprehension(K::GeneratorExpression, first, open)
            }
            T::RPar => {
                if self.nodes[first as usize].kind == K::ListSplat {
                    return bail("parenthesized starred expression");
                }
                let close = self.bump();
                let comment = self.toks[self.start_of(first) as usize].flags & COMMENT_BEFORE != 0
                    || self.toks[close as usize].flags & COMMENT_BEFORE != 0;
                let m = self.scratch.len();
                self.add(first, F::None);
                let p = self.close(m, K::ParenthesizedExpression, open, close);
                if comment {
                    self.nodes[p as usize].flags |= PAREN_COMMENT;
                }
                Ok(p)
            }
            T::Comma => self.collection(K::Tuple, first, open, T::RPar),
            _ => bail("unexpected token in parentheses"),
        }
    }

    /// Items after the first, up to the closing bracket.
    fn collection(&mut self, kind: K, first: u32, open: u32, close: T) -> R<u32> {
        let m = self.scratch.len();
        self.add(first, F::None);
        while self.eat(T::Comma) {
            if self.peek() == close {
                break;
            }
            let k = self.star_item()?;
            self.add(k, F::None);
        }
        let c = self.expect(close)?;
        Ok(self.close(m, kind, open, c))
    }

    fn list(&mut self) -> R<u32> {
        let open = self.bump();
        if self.peek() == T::RSqb {
            let close = self.bump();
            let m = self.scratch.len();
            return Ok(self.close(m, K::List, open, close));
        }
        let first = self.first_item()?;
        if matches!(self.peek(), T::For | T::Async)
            && self.nodes[first as usize].kind != K::ListSplat
        {
            return self.comprehension(K::ListComprehension, first, open);
        }
        self.collection(K::List, first, open, T::RSqb)
    }

    fn brace(&mut self) -> R<u32> {
        let open = self.bump();
        if self.peek() == T::RBrace {
            let close = self.bump();
            let m = self.scratch.len();
            return Ok(self.close(m, K::Other, open, close));
        }
        let first = if self.peek() == T::DoubleStar {
            None
        } else {
            Some(self.first_item()?)
        };
        if let Some(f) = first
            && self.peek() != T::Colon
        {
            // A set.
            if matches!(self.peek(), T::For | T::Async)
                && self.nodes[f as usize].kind != K::ListSplat
            {
                return self.comprehension(K::SetComprehension, f, open);
            }
            return self.collection(K::Other, f, open, T::RBrace);
        }
        // A dictionary.
        let m = self.scratch.len();
        let mut first_item = true;
        loop {
            let item = if first_item && first.is_some() {
                let key = first.unwrap_or(0);
                if self.nodes[key as usize].kind == K::ListSplat {
                    return bail("starred dictionary key");
                }
                self.dict_value(key)?
            } else if self.peek() == T::DoubleStar {
                let s = self.bump();
                let e = self.binary(0)?;
                let mi = self.scratch.len();
                self.add(e, F::None);
                let end = self.end_of(e);
                self.close(mi, K::Other, s, end)
            } else {
                let key = self.expression()?;
                self.dict_value(key)?
            };
            if first_item && matches!(self.peek(), T::For | T::Async) {
                if self.nodes[item as usize].nkids != 2 {
                    return bail("comprehension of a dictionary splat");
                }
                self.scratch.truncate(m);
                return self.comprehension(K::DictionaryComprehension, item, open);
            }
            first_item = false;
            self.add(item, F::None);
            if !self.eat(T::Comma) || self.peek() == T::RBrace {
                break;
            }
        }
        let close = self.expect(T::RBrace)?;
        Ok(self.close(m, K::Other, open, close))
    }

    /// `key: value`, the key parsed.
    fn dict_value(&mut self, key: u32) -> R<u32> {
        self.expect(T::Colon)?;
        let value = self.expression()?;
        Ok(self.pair(key, value, K::Other))
    }
}

/// `sort_by_key(pos)` then `dedup_by_key(pos)`, as the walker does, by
/// sorting packed (line, column, index) keys.
fn sort_sites(sites: &mut Vec<Site>) {
    let fits = sites.len() < 1 << 22
        && sites
            .iter()
            .all(|s| s.pos.line < 1 << 22 && s.pos.col < 1 << 20);
    if !fits {
        sites.sort_by_key(|s| s.pos);
        sites.dedup_by_key(|s| s.pos);
        return;
    }
    let mut keys: Vec<u64> = sites
        .iter()
        .enumerate()
        .map(|(i, s)| (s.pos.line as u64) << 42 | (s.pos.col as u64) << 22 | i as u64)
        .collect();
    keys.sort_unstable();
    let mut out = Vec::with_capacity(sites.len());
    let mut last = u64::MAX;
    for k in keys {
        if k >> 22 != last {
            last = k >> 22;
            out.push(sites[(k & ((1 << 22) - 1)) as usize]);
        }
    }
    *sites = out;
}

// ---------------------------------------------------------------------------
// The walker of `facts.rs`, over the tree above. Keep the two in step: the
// order in which tasks are pushed decides the numbering of names,
// expressions and bindings, which the differential test compares.

/// FxHash: identifiers are short, and SipHash is most of interning.
#[derive(Default)]
struct Fx(u64);

const FX_K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut v = [0u8; 8];
            v.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(FX_K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = [0u8; 8];
            v[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(v)).wrapping_mul(FX_K);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(FX_K);
    }
}

enum Task {
    Node(u32, u32),
    Target {
        node: u32,
        scope: u32,
        live: Pos,
        value: Option<u32>,
        annotation: Option<u32>,
    },
}

struct Walker<'s, 't> {
    src: &'s [u8],
    ascii: bool,
    toks: &'t [Tok],
    line_starts: &'t [u32],
    t: &'t Tree,
    interned: HashMap<&'s [u8], Name, BuildHasherDefault<Fx>>,
    facts: Facts,
    stack: Vec<Task>,
    links: Vec<u32>,
    /// The name of each identifier token, once interned.
    tok_names: Vec<Name>,
    bail: Option<Bail>,
}

impl<'s, 't> Walker<'s, 't> {
    fn run(
        src: &'s [u8],
        ascii: bool,
        lexed: &'t Lexed,
        t: &'t Tree,
        bufs: &mut WalkBuffers,
    ) -> R<Facts> {
        let mut stack = std::mem::take(&mut bufs.stack);
        stack.clear();
        let mut tok_names = std::mem::take(&mut bufs.tok_names);
        tok_names.clear();
        tok_names.resize(lexed.toks.len(), u32::MAX);
        let mut w = Walker {
            src,
            ascii,
            toks: &lexed.toks,
            line_starts: &lexed.line_starts,
            t,
            interned: HashMap::with_capacity_and_hasher(256, Default::default()),
            facts: Facts::default(),
            stack,
            links: Vec::new(),
            tok_names,
            bail: None,
        };
        let names = lexed.names as usize;
        w.facts.sites.reserve(names);
        w.facts.exprs.reserve(names + names / 2);
        w.facts.bindings.reserve(names / 3);
        w.facts.syntax_errors = false;
        w.facts.lines = (lexed.line_starts.len() - usize::from(src.ends_with(b"\n"))).max(1) as u32;
        let end = w.pos_end(t.root);
        w.facts.scopes.push(Scope {
            kind: ScopeKind::Module,
            parent: 0,
            binding: None,
            start: Pos::START,
            end,
            bases: Vec::new(),
            returns: None,
            method: MethodKind::None,
            first_param: None,
            globals: Vec::new(),
            nonlocals: Vec::new(),
            stars: Vec::new(),
        });
        w.stack.push(Task::Node(t.root, 0));
        w.walk();
        bufs.stack = std::mem::take(&mut w.stack);
        bufs.tok_names = std::mem::take(&mut w.tok_names);
        if let Some(b) = w.bail {
            return Err(b);
        }
        let mut f = w.facts;
        sort_sites(&mut f.sites);
        Ok(f)
    }

    fn pos_at(&self, byte: u32, line: u32) -> Pos {
        let start = self.line_starts.get(line as usize).copied().unwrap_or(0);
        let col = if self.ascii {
            byte.saturating_sub(start)
        } else {
            let s = (start as usize).min(self.src.len());
            let e = (byte as usize).clamp(s, self.src.len());
            self.src[s..e]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count() as u32
        };
        Pos {
            line: line + 1,
            col,
        }
    }

    fn pos(&self, n: u32) -> Pos {
        let t = &self.toks[self.t.nodes[n as usize].start as usize];
        self.pos_at(t.start, t.line)
    }

    fn pos_end(&self, n: u32) -> Pos {
        let t = &self.toks[self.t.nodes[n as usize].end as usize];
        self.pos_at(t.end, t.end_line())
    }

    fn text(&self, n: u32) -> &'s [u8] {
        let x = &self.t.nodes[n as usize];
        let (s, e) = (
            self.toks[x.start as usize].start as usize,
            self.toks[x.end as usize].end as usize,
        );
        &self.src[s.min(e)..e]
    }

    /// `intern` of a node's text, remembered for an identifier's token.
    fn intern_node(&mut self, n: u32) -> Name {
        let x = &self.t.nodes[n as usize];
        if x.start == x.end {
            let cached = self.tok_names[x.start as usize];
            if cached != u32::MAX {
                return cached;
            }
            let tok = x.start as usize;
            let name = self.intern(self.text(n));
            self.tok_names[tok] = name;
            return name;
        }
        self.intern(self.text(n))
    }

    fn intern(&mut self, bytes: &'s [u8]) -> Name {
        if let Some(&n) = self.interned.get(bytes) {
            return n;
        }
        let n = self.facts.names.len() as Name;
        self.facts
            .names
            .push(String::from_utf8_lossy(bytes).into_owned());
        self.interned.insert(bytes, n);
        n
    }

    fn expr(&mut self, e: Expr) -> u32 {
        self.facts.exprs.push(e);
        self.facts.exprs.len() as u32 - 1
    }

    fn site(&mut self, node: u32, name: Name, target: Target) {
        let pos = self.pos(node);
        let len = self.pos_end(node).col.saturating_sub(pos.col).max(1);
        self.facts.sites.push(Site {
            pos,
            len,
            name,
            target,
        });
    }

    fn bind(
        &mut self,
        node: u32,
        scope: u32,
        live: Pos,
        kind: BindKind,
        value: Option<u32>,
        annotation: Option<u32>,
    ) -> u32 {
        let name = self.intern_node(node);
        let mut target = scope;
        let mut redirected = false;
        if let Some(s) = self.facts.scopes.get(scope as usize) {
            if s.globals.contains(&name) {
                target = 0;
                redirected = true;
            } else if s.nonlocals.contains(&name) {
                let mut up = s.parent;
                while let Some(u) = self.facts.scopes.get(up as usize) {
                    if matches!(u.kind, ScopeKind::Function | ScopeKind::Lambda) || up == 0 {
                        break;
                    }
                    up = u.parent;
                }
                target = up;
                redirected = true;
            }
        }
        let b = self.facts.bindings.len() as u32;
        let pos = self.pos(node);
        self.facts.bindings.push(Binding {
            scope: target,
            name,
            pos,
            live,
            kind,
            value,
            annotation,
            redirected,
        });
        self.site(node, name, Target::Def(b));
        b
    }

    fn rebind(&mut self, name_node: u32, stmt: u32, scope: u32, live: Pos) {
        let name = self.intern_node(name_node);
        let before = self.expr(Expr::Name {
            name,
            scope,
            pos: self.pos(stmt),
        });
        let pos = self.pos(name_node);
        self.facts.bindings.push(Binding {
            scope,
            name,
            pos,
            live,
            kind: BindKind::Variable,
            value: Some(before),
            annotation: None,
            redirected: false,
        });
        let e = self.expr(Expr::Name { name, scope, pos });
        self.site(name_node, name, Target::Use(e));
    }

    fn new_scope(&mut self, kind: ScopeKind, parent: u32, node: u32) -> u32 {
        let s = Scope {
            kind,
            parent,
            binding: None,
            start: self.pos(node),
            end: self.pos_end(node),
            bases: Vec::new(),
            returns: None,
            method: MethodKind::None,
            first_param: None,
            globals: Vec::new(),
            nonlocals: Vec::new(),
            stars: Vec::new(),
        };
        self.facts.scopes.push(s);
        self.facts.scopes.len() as u32 - 1
    }

    fn walk(&mut self) {
        while let Some(task) = self.stack.pop() {
            match task {
                Task::Node(node, scope) => self.node(node, scope),
                Task::Target {
                    node,
                    scope,
                    live,
                    value,
                    annotation,
                } => self.target(node, scope, live, value, annotation),
            }
        }
    }

    fn push_children(&mut self, node: u32, scope: u32) {
        let t = self.t;
        for &k in t.kids(node).iter().rev() {
            // A literal, or a string with no replacement field: its task
            // would do nothing.
            let x = &t.nodes[k as usize];
            if x.nkids == 0 && matches!(x.kind, K::Other | K::None | K::String | K::Comment) {
                continue;
            }
            self.stack.push(Task::Node(k, scope));
        }
    }

    fn node(&mut self, node: u32, scope: u32) {
        let t = self.t;
        match t.kind(node) {
            K::Identifier | K::Attribute | K::Call | K::Subscript => {
                self.chain(node, scope);
            }
            K::DecoratedDefinition => {
                let mut method = MethodKind::Instance;
                for &k in t.kids(node) {
                    if t.kind(k) == K::Decorator {
                        let expr = t.kids(k).first().map(|&e| self.text(e));
                        match expr {
                            Some(b"staticmethod") => method = MethodKind::Static,
                            Some(b"classmethod") => method = MethodKind::Class,
                            Some(b"property")
                            | Some(b"cached_property")
                            | Some(b"functools.cached_property") => method = MethodKind::Property,
                            _ => {}
                        }
                        self.push_children(k, scope);
                    }
                }
                if let Some(def) = t.field(node, F::Definition) {
                    match t.kind(def) {
                        K::FunctionDefinition => self.function(def, scope, method),
                        K::ClassDefinition => self.class(def, scope),
                        _ => self.stack.push(Task::Node(def, scope)),
                    }
                }
            }
            K::FunctionDefinition => self.function(node, scope, MethodKind::Instance),
            K::ClassDefinition => self.class(node, scope),
            K::Lambda => {
                let inner = self.new_scope(ScopeKind::Lambda, scope, node);
                if let Some(b) = t.field(node, F::Body) {
                    self.stack.push(Task::Node(b, inner));
                }
                if let Some(p) = t.field(node, F::Parameters) {
                    self.parameters(p, scope, inner);
                }
            }
            K::ListComprehension
            | K::SetComprehension
            | K::DictionaryComprehension
            | K::GeneratorExpression => self.comprehension(node, scope),
            K::Assignment => self.assignment(node, scope),
            K::AugmentedAssignment => {
                if let (Some(l), Some(r)) = (t.field(node, F::Left), t.field(node, F::Right)) {
                    if scope == 0 && self.text(l) == b"__all__" {
                        self.extend_all(r);
                    }
                    self.stack.push(Task::Node(r, scope));
                    let live = self.pos_end(node);
                    match t.kind(l) {
                        K::Identifier => self.rebind(l, node, scope, live),
                        K::Attribute => self.stack.push(Task::Target {
                            node: l,
                            scope,
                            live,
                            value: None,
                            annotation: None,
                        }),
                        _ => self.stack.push(Task::Node(l, scope)),
                    }
                }
            }
            K::NamedExpression => {
                let mut target = scope;
                while self.facts.scopes[target as usize].kind == ScopeKind::Comprehension {
                    target = self.facts.scopes[target as usize].parent;
                }
                let value = t.field(node, F::Value);
                let v = value.map(|v| self.chain(v, scope));
                if let Some(n) = t.field(node, F::Name) {
                    let live = self.pos_end(node);
                    self.bind(n, target, live, BindKind::Variable, v, None);
                }
            }
            K::ForStatement => {
                let live = t
                    .field(node, F::Right)
                    .map_or_else(|| self.pos(node), |r| self.pos_end(r));
                for field in [F::Alternative, F::Body] {
                    if let Some(b) = t.field(node, field) {
                        self.stack.push(Task::Node(b, scope));
                    }
                }
                if let Some(l) = t.field(node, F::Left) {
                    self.stack.push(Task::Target {
                        node: l,
                        scope,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
                if let Some(r) = t.field(node, F::Right) {
                    self.stack.push(Task::Node(r, scope));
                }
            }
            K::AsPattern => {
                let live = self.pos_end(node);
                let alias = t.field(node, F::Alias);
                let mut value = None;
                for &k in t.kids(node) {
                    if Some(k) == alias {
                        continue;
                    }
                    if value.is_none() {
                        value = Some(self.chain(k, scope));
                    } else {
                        self.stack.push(Task::Node(k, scope));
                    }
                }
                if let Some(a) = alias {
                    let in_except = t.nodes[node as usize].flags & IN_EXCEPT != 0;
                    let (annotation, value) = if in_except {
                        (value, None)
                    } else {
                        (None, value)
                    };
                    let targets = t.kids(a);
                    let single = targets.len() == 1;
                    for &x in targets {
                        self.stack.push(Task::Target {
                            node: x,
                            scope,
                            live,
                            value: if single { value } else { None },
                            annotation,
                        });
                    }
                }
            }
            K::ImportStatement => self.import(node, scope),
            K::ImportFromStatement => self.import_from(node, scope),
            K::GlobalStatement | K::NonlocalStatement => {
                let global = t.kind(node) == K::GlobalStatement;
                for &k in t.kids(node) {
                    if t.kind(k) == K::Identifier {
                        let n = self.intern_node(k);
                        let s = &mut self.facts.scopes[scope as usize];
                        if global {
                            s.globals.push(n);
                        } else {
                            s.nonlocals.push(n);
                        }
                        let e = self.expr(Expr::Name {
                            name: n,
                            scope,
                            pos: Pos::START,
                        });
                        self.site(k, n, Target::Use(e));
                    }
                }
            }
            K::KeywordArgument => {
                if let Some(v) = t.field(node, F::Value) {
                    self.stack.push(Task::Node(v, scope));
                }
            }
            K::TypeAliasStatement => {
                if let Some(r) = t.field(node, F::Right) {
                    self.stack.push(Task::Node(r, scope));
                }
                if let Some(l) = t.field(node, F::Left) {
                    let live = self.pos_end(node);
                    let name = t
                        .kids(l)
                        .iter()
                        .copied()
                        .find(|&k| t.kind(k) == K::Identifier);
                    if let Some(n) = name {
                        self.bind(n, scope, live, BindKind::Variable, None, None);
                    }
                }
            }
            K::DottedName => {
                let mut base = None;
                for &id in t.kids(node) {
                    if t.kind(id) != K::Identifier {
                        continue;
                    }
                    let n = self.intern_node(id);
                    let pos = self.pos(id);
                    let e = match base {
                        None => self.expr(Expr::Name {
                            name: n,
                            scope,
                            pos,
                        }),
                        Some(b) => self.expr(Expr::Attr {
                            base: b,
                            name: n,
                            pos,
                        }),
                    };
                    self.site(id, n, Target::Use(e));
                    base = Some(e);
                }
            }
            K::String => self.string_fields(node, scope),
            K::ConcatenatedString => {
                // The walker's stack of strings takes the last one first.
                for &s in t.kids(node).iter().rev() {
                    if t.kind(s) == K::String {
                        self.string_fields(s, scope);
                    }
                }
            }
            K::IfStatement => {
                let id = self.facts.arms.last().map_or(0, |a| a.0 + 1);
                let mut arms: Vec<u32> = Vec::new();
                if let Some(c) = t.field(node, F::Consequence) {
                    arms.push(c);
                }
                for &k in t.kids(node) {
                    match t.kind(k) {
                        K::ElifClause => {
                            if let Some(b) = t.field(k, F::Consequence) {
                                arms.push(b);
                            }
                        }
                        K::ElseClause => {
                            if let Some(b) = t.field(k, F::Body) {
                                arms.push(b);
                            }
                        }
                        _ => {}
                    }
                }
                for (i, a) in arms.into_iter().enumerate() {
                    let (start, end) = (self.pos(a), self.pos_end(a));
                    self.facts.arms.push((id, i as u32, start, end));
                }
                self.push_children(node, scope);
            }
            _ => self.push_children(node, scope),
        }
    }

    /// The replacement fields of one string, pushed in order.
    fn string_fields(&mut self, s: u32, scope: u32) {
        let t = self.t;
        for &k in t.kids(s) {
            if t.kind(k) == K::Interpolation
                && let Some(e) = t.field(k, F::Expression)
            {
                self.stack.push(Task::Node(e, scope));
            }
        }
    }

    fn chain(&mut self, node: u32, scope: u32) -> u32 {
        let t = self.t;
        let mut links = std::mem::take(&mut self.links);
        links.clear();
        let mut cur = node;
        loop {
            let f = match t.kind(cur) {
                K::Attribute => F::Object,
                K::Call => F::Function,
                K::Subscript => F::Value,
                K::ParenthesizedExpression => {
                    let x = &t.nodes[cur as usize];
                    if x.nkids == 1 && x.flags & PAREN_COMMENT == 0 {
                        cur = t.kids(cur)[0];
                        continue;
                    }
                    break;
                }
                _ => break,
            };
            match t.field(cur, f) {
                Some(o) => {
                    links.push(cur);
                    cur = o;
                }
                None => break,
            }
        }
        let mut e = if t.kind(cur) == K::Identifier {
            let n = self.intern_node(cur);
            let pos = self.pos(cur);
            let e = self.expr(Expr::Name {
                name: n,
                scope,
                pos,
            });
            self.site(cur, n, Target::Use(e));
            e
        } else {
            self.stack.push(Task::Node(cur, scope));
            self.expr(Expr::Other)
        };
        for &link in links.iter().rev() {
            match t.kind(link) {
                K::Attribute => {
                    let Some(a) = t.field(link, F::Attribute) else {
                        e = self.expr(Expr::Other);
                        continue;
                    };
                    let n = self.intern_node(a);
                    let pos = self.pos(a);
                    e = self.expr(Expr::Attr {
                        base: e,
                        name: n,
                        pos,
                    });
                    self.site(a, n, Target::Use(e));
                }
                K::Call => {
                    if let Some(args) = t.field(link, F::Arguments) {
                        if t.kind(args) == K::GeneratorExpression {
                            // `f(x for x in y)`: the generator is the
                            // argument, with its own scope.
                            self.stack.push(Task::Node(args, scope));
                        } else {
                            for &k in t.kids(args).iter().rev() {
                                if t.kind(k) == K::KeywordArgument
                                    && let Some(n) = t.field(k, F::Name)
                                {
                                    let name = self.intern_node(n);
                                    self.site(n, name, Target::Keyword { func: e });
                                    if let Some(v) = t.field(k, F::Value) {
                                        self.stack.push(Task::Node(v, scope));
                                    }
                                } else {
                                    self.stack.push(Task::Node(k, scope));
                                }
                            }
                        }
                    }
                    e = self.expr(Expr::Call { func: e });
                }
                _ => {
                    let value = t.field(link, F::Value);
                    for &k in t.kids(link).iter().rev() {
                        if Some(k) != value {
                            self.stack.push(Task::Node(k, scope));
                        }
                    }
                    e = self.expr(Expr::Subscript { base: e });
                }
            }
        }
        self.links = links;
        e
    }

    fn annotation(&mut self, node: u32, scope: u32) -> Option<u32> {
        let t = self.t;
        let mut cur = node;
        for _ in 0..MAX_TYPE_DEPTH {
            match t.kind(cur) {
                K::Type => match t.kids(cur).first() {
                    Some(&inner) => cur = inner,
                    None => return None,
                },
                K::BinaryOperator => {
                    let l = t.field(cur, F::Left);
                    let r = t.field(cur, F::Right);
                    match (l, r) {
                        (Some(l), Some(r)) => {
                            let (keep, other) = if t.kind(l) == K::None { (r, l) } else { (l, r) };
                            self.stack.push(Task::Node(other, scope));
                            cur = keep;
                        }
                        _ => break,
                    }
                }
                K::GenericType => {
                    let kids = t.kids(cur);
                    let head = kids.first().map(|&k| self.text(k));
                    if matches!(
                        head,
                        Some(b"Optional" | b"ClassVar" | b"Final" | b"Annotated" | b"Type")
                    ) && kids.len() > 1
                    {
                        self.stack.push(Task::Node(kids[0], scope));
                        let params = kids[1];
                        let first = t.kids(params).first().copied();
                        for &k in t.kids(params) {
                            if Some(k) != first {
                                self.stack.push(Task::Node(k, scope));
                            }
                        }
                        match first {
                            Some(f) => cur = f,
                            None => return None,
                        }
                    } else {
                        for &k in kids.iter().skip(1) {
                            self.stack.push(Task::Node(k, scope));
                        }
                        return kids.first().map(|&k| self.chain(k, scope));
                    }
                }
                K::Subscript => {
                    let base = t.field(cur, F::Value);
                    let head = base.map(|b| self.text(b));
                    if matches!(
                        head,
                        Some(
                            b"Optional"
                                | b"typing.Optional"
                                | b"ClassVar"
                                | b"Final"
                                | b"Annotated"
                                | b"t.Optional"
                        )
                    ) {
                        let sub = t.field(cur, F::Subscript);
                        if let Some(b) = base {
                            self.chain(b, scope);
                        }
                        for &k in t.kids(cur) {
                            if Some(k) != base && Some(k) != sub {
                                self.stack.push(Task::Node(k, scope));
                            }
                        }
                        match sub {
                            Some(s) => cur = s,
                            None => return None,
                        }
                    } else {
                        return Some(self.chain(cur, scope));
                    }
                }
                K::Identifier | K::Attribute => return Some(self.chain(cur, scope)),
                K::String => return self.string_annotation(cur, scope),
                _ => break,
            }
        }
        self.stack.push(Task::Node(cur, scope));
        None
    }

    /// The text of a string that is not an f-string, as (byte offset,
    /// bytes); `None` when it is empty (no `string_content`).
    fn string_content(&self, n: u32) -> Option<(u32, &'s [u8])> {
        let tok = &self.toks[self.t.nodes[n as usize].start as usize];
        let bytes = &self.src[tok.start as usize..tok.end as usize];
        let p = bytes.iter().position(|b| matches!(b, b'"' | b'\''))?;
        let q = bytes[p];
        let triple = bytes.len() >= p + 6 && bytes[p + 1] == q && bytes[p + 2] == q;
        let qlen = if triple { 3 } else { 1 };
        let (s, e) = (p + qlen, bytes.len() - qlen);
        (s < e).then(|| (tok.start + s as u32, &bytes[s..e]))
    }

    fn string_annotation(&mut self, node: u32, scope: u32) -> Option<u32> {
        if self.t.nodes[node as usize].flags & FSTRING != 0 {
            self.bail = Some(Bail("f-string annotation"));
            return None;
        }
        let (at, text) = self.string_content(node)?;
        let head_len = text
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'))
            .unwrap_or(text.len());
        let head = &text[..head_len];
        if head.is_empty() || head[0].is_ascii_digit() || text.contains(&b'\n') {
            return None;
        }
        let line = self.toks[self.t.nodes[node as usize].start as usize].line;
        let start = self.pos_at(at, line);
        let mut base: Option<u32> = None;
        let mut offset = 0u32;
        for part in head.split(|b| *b == b'.') {
            if part.is_empty() {
                return base;
            }
            let name = self.intern(part);
            let pos = Pos {
                line: start.line,
                col: start.col + offset,
            };
            let e = match base {
                None => self.expr(Expr::Name { name, scope, pos }),
                Some(b) => self.expr(Expr::Attr { base: b, name, pos }),
            };
            self.facts.sites.push(Site {
                pos,
                len: part.len() as u32,
                name,
                target: Target::Use(e),
            });
            base = Some(e);
            offset += part.len() as u32 + 1;
        }
        base
    }

    fn function(&mut self, node: u32, scope: u32, decorated: MethodKind) {
        let t = self.t;
        let in_class = self.facts.scopes[scope as usize].kind == ScopeKind::Class;
        let inner = self.new_scope(ScopeKind::Function, scope, node);
        let method = if in_class {
            decorated
        } else {
            MethodKind::None
        };
        self.facts.scopes[inner as usize].method = method;
        if let Some(n) = t.field(node, F::Name) {
            let live = self.pos(node);
            let b = self.bind(n, scope, live, BindKind::Function(inner), None, None);
            self.facts.scopes[inner as usize].binding = Some(b);
        }
        if let Some(body) = t.field(node, F::Body) {
            self.stack.push(Task::Node(body, inner));
        }
        if let Some(r) = t.field(node, F::ReturnType) {
            let ty = self.annotation(r, scope);
            self.facts.scopes[inner as usize].returns = ty;
        }
        if let Some(p) = t.field(node, F::Parameters) {
            self.parameters(p, scope, inner);
        }
    }

    fn class(&mut self, node: u32, scope: u32) {
        let t = self.t;
        let inner = self.new_scope(ScopeKind::Class, scope, node);
        if let Some(n) = t.field(node, F::Name) {
            let live = self.pos_end(node);
            let b = self.bind(n, scope, live, BindKind::Class(inner), None, None);
            self.facts.scopes[inner as usize].binding = Some(b);
        }
        if let Some(body) = t.field(node, F::Body) {
            self.stack.push(Task::Node(body, inner));
        }
        if let Some(sup) = t.field(node, F::Superclasses) {
            let mut bases = Vec::new();
            for &k in t.kids(sup) {
                match t.kind(k) {
                    K::Identifier | K::Attribute | K::Call | K::Subscript => {
                        bases.push(self.chain(k, scope));
                    }
                    _ => self.stack.push(Task::Node(k, scope)),
                }
            }
            self.facts.scopes[inner as usize].bases = bases;
        }
    }

    fn first_identifier(&self, n: u32) -> Option<u32> {
        let t = self.t;
        t.kids(n)
            .iter()
            .copied()
            .find(|&k| t.kind(k) == K::Identifier)
    }

    fn parameters(&mut self, params: u32, outer: u32, inner: u32) {
        let t = self.t;
        let start = self.pos(params);
        let mut first = true;
        for &p in t.kids(params) {
            let (name, ty, default) = match t.kind(p) {
                K::Identifier => (Some(p), None, None),
                K::TypedParameter => (
                    self.first_identifier(p).or_else(|| {
                        let splat =
                            t.kids(p).iter().copied().find(|&k| {
                                matches!(t.kind(k), K::ParamListSplat | K::ParamDictSplat)
                            });
                        splat.and_then(|s| self.first_identifier(s))
                    }),
                    t.field(p, F::Type),
                    None,
                ),
                K::DefaultParameter => (t.field(p, F::Name), None, t.field(p, F::Value)),
                K::TypedDefaultParameter => (
                    t.field(p, F::Name),
                    t.field(p, F::Type),
                    t.field(p, F::Value),
                ),
                K::ParamListSplat | K::ParamDictSplat => (self.first_identifier(p), None, None),
                _ => continue,
            };
            if let Some(d) = default {
                self.stack.push(Task::Node(d, outer));
            }
            let annotation = ty.and_then(|ty| self.annotation(ty, outer));
            if let Some(n) = name.filter(|&n| t.kind(n) == K::Identifier) {
                let b = self.bind(n, inner, start, BindKind::Parameter, None, annotation);
                if first && !matches!(t.kind(p), K::ParamListSplat | K::ParamDictSplat) {
                    let nm = self.facts.bindings[b as usize].name;
                    self.facts.scopes[inner as usize].first_param = Some(nm);
                }
            }
            first = false;
        }
    }

    fn comprehension(&mut self, node: u32, scope: u32) {
        let t = self.t;
        let inner = self.new_scope(ScopeKind::Comprehension, scope, node);
        let live = self.pos(node);
        let mut first_for = true;
        let mark = self.stack.len();
        for &k in t.kids(node) {
            if t.kind(k) == K::ForInClause {
                let left = t.field(k, F::Left);
                for &r in t.kids(k) {
                    if Some(r) != left {
                        self.stack
                            .push(Task::Node(r, if first_for { scope } else { inner }));
                    }
                }
                first_for = false;
                if let Some(l) = left {
                    self.stack.push(Task::Target {
                        node: l,
                        scope: inner,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
            } else {
                self.stack.push(Task::Node(k, inner));
            }
        }
        self.stack[mark..].reverse();
    }

    fn assignment(&mut self, node: u32, scope: u32) {
        let t = self.t;
        let live = self.pos_end(node);
        let left = t.field(node, F::Left);
        let right = t.field(node, F::Right);
        let ty = t.field(node, F::Type);
        if scope == 0
            && let (Some(l), Some(r)) = (left, right)
            && self.text(l) == b"__all__"
        {
            self.facts.all = Some(Vec::new());
            self.extend_all(r);
        }
        let annotation = ty.and_then(|ty| self.annotation(ty, scope));
        let value = match right {
            Some(r)
                if matches!(
                    t.kind(r),
                    K::Identifier | K::Attribute | K::Call | K::Subscript
                ) =>
            {
                Some(self.chain(r, scope))
            }
            Some(r) => {
                self.stack.push(Task::Node(r, scope));
                None
            }
            None => None,
        };
        if let Some(l) = left {
            self.stack.push(Task::Target {
                node: l,
                scope,
                live,
                value,
                annotation,
            });
        }
    }

    fn extend_all(&mut self, list: u32) {
        let t = self.t;
        let mut stack = vec![list];
        let mut lists = Vec::new();
        while let Some(n) = stack.pop() {
            match t.kind(n) {
                K::BinaryOperator => {
                    if let (Some(l), Some(r)) = (t.field(n, F::Left), t.field(n, F::Right)) {
                        stack.push(r);
                        stack.push(l);
                    }
                }
                K::Identifier => {
                    let name = self.intern_node(n);
                    self.facts.all.get_or_insert_with(Vec::new);
                    self.facts.all_parts.push(name);
                }
                K::List | K::Tuple => lists.push(n),
                _ => {}
            }
        }
        for l in lists {
            for &k in t.kids(l) {
                if t.kind(k) != K::String {
                    continue;
                }
                if t.nodes[k as usize].flags & FSTRING != 0 {
                    self.bail = Some(Bail("f-string in __all__"));
                    continue;
                }
                if let Some((_, text)) = self.string_content(k) {
                    let n = self.intern(text);
                    self.facts.all.get_or_insert_with(Vec::new).push(n);
                }
            }
        }
    }

    fn target(
        &mut self,
        node: u32,
        scope: u32,
        live: Pos,
        value: Option<u32>,
        annotation: Option<u32>,
    ) {
        let t = self.t;
        match t.kind(node) {
            K::Identifier => {
                self.bind(node, scope, live, BindKind::Variable, value, annotation);
            }
            K::Attribute => {
                let object = t.field(node, F::Object);
                let attr = t.field(node, F::Attribute);
                let class = self.method_class(scope);
                if let (Some(o), Some(a), Some((class, first))) = (object, attr, class)
                    && t.kind(o) == K::Identifier
                    && self.intern_node(o) == first
                {
                    let n = self.intern_node(o);
                    let pos = self.pos(o);
                    let e = self.expr(Expr::Name {
                        name: n,
                        scope,
                        pos,
                    });
                    self.site(o, n, Target::Use(e));
                    let name = self.intern_node(a);
                    let d = self.facts.attr_defs.len() as u32;
                    self.facts.attr_defs.push(AttrDef {
                        class,
                        name,
                        pos: self.pos(a),
                        value,
                        annotation,
                    });
                    self.site(a, name, Target::AttrDef(d));
                } else {
                    self.chain(node, scope);
                }
            }
            K::PatternList | K::Tuple | K::List | K::ParenthesizedExpression | K::ListSplat => {
                for &k in t.kids(node).iter().rev() {
                    self.stack.push(Task::Target {
                        node: k,
                        scope,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
            }
            K::Subscript => {
                let value = t.field(node, F::Value);
                if let Some(v) = value.filter(|&v| t.kind(v) == K::Identifier) {
                    self.rebind(v, node, scope, live);
                    for &k in t.kids(node).iter().rev() {
                        if Some(k) != value {
                            self.stack.push(Task::Node(k, scope));
                        }
                    }
                } else {
                    self.stack.push(Task::Node(node, scope));
                }
            }
            _ => self.stack.push(Task::Node(node, scope)),
        }
    }

    fn method_class(&self, scope: u32) -> Option<(u32, Name)> {
        let s = self.facts.scopes.get(scope as usize)?;
        if s.kind != ScopeKind::Function
            || !matches!(s.method, MethodKind::Instance | MethodKind::Class)
        {
            return None;
        }
        Some((s.parent, s.first_param?))
    }

    fn dotted(&mut self, node: u32) -> Vec<(u32, Name)> {
        let t = self.t;
        let mut out = Vec::new();
        for &id in t.kids(node) {
            if t.kind(id) == K::Identifier {
                let n = self.intern_node(id);
                out.push((id, n));
            }
        }
        out
    }

    fn push_import(&mut self, import: Import) -> u32 {
        self.facts.imports.push(import);
        self.facts.imports.len() as u32 - 1
    }

    fn module_sites(&mut self, import: u32, parts: &[(u32, Name)], skip: usize) {
        for (i, (id, n)) in parts.iter().enumerate().skip(skip) {
            self.site(
                *id,
                *n,
                Target::Module {
                    import,
                    upto: i as u32 + 1,
                },
            );
        }
    }

    fn import(&mut self, node: u32, scope: u32) {
        let t = self.t;
        let live = self.pos_end(node);
        for &k in t.kids(node) {
            let (dotted, alias) = match t.kind(k) {
                K::DottedName => (Some(k), None),
                K::AliasedImport => (t.field(k, F::Name), t.field(k, F::Alias)),
                _ => continue,
            };
            let Some(dotted) = dotted else { continue };
            let parts = self.dotted(dotted);
            if parts.is_empty() {
                continue;
            }
            let i = self.push_import(Import {
                kind: if alias.is_some() {
                    ImportKind::ModuleAs
                } else {
                    ImportKind::Module
                },
                level: 0,
                module: parts.iter().map(|p| p.1).collect(),
                member: None,
                pos: self.pos(k),
                scope,
            });
            match alias {
                Some(a) => {
                    self.module_sites(i, &parts, 0);
                    self.bind(a, scope, live, BindKind::Import(i), None, None);
                }
                None => {
                    self.module_sites(i, &parts, 1);
                    self.bind(parts[0].0, scope, live, BindKind::Import(i), None, None);
                }
            }
        }
    }

    fn import_from(&mut self, node: u32, scope: u32) {
        let t = self.t;
        let live = self.pos_end(node);
        let module_node = t.field(node, F::ModuleName);
        let (level, parts) = match module_node {
            Some(m) if t.kind(m) == K::RelativeImport => {
                let mut level = 0;
                let mut parts = Vec::new();
                for &k in t.kids(m) {
                    match t.kind(k) {
                        K::ImportPrefix => {
                            level = self.text(k).iter().filter(|b| **b == b'.').count() as u32
                        }
                        K::DottedName => parts = self.dotted(k),
                        _ => {}
                    }
                }
                (level, parts)
            }
            Some(m) => (0, self.dotted(m)),
            None => (0, Vec::new()),
        };
        let module: Vec<Name> = parts.iter().map(|p| p.1).collect();
        let pos = module_node.map_or_else(|| self.pos(node), |m| self.pos(m));
        let mut first: Option<u32> = None;
        for &k in t.kids(node) {
            if Some(k) == module_node {
                continue;
            }
            match t.kind(k) {
                K::WildcardImport => {
                    let i = self.push_import(Import {
                        kind: ImportKind::Star,
                        level,
                        module: module.clone(),
                        member: None,
                        pos,
                        scope,
                    });
                    first.get_or_insert(i);
                    self.facts.scopes[scope as usize].stars.push(i);
                }
                K::DottedName | K::AliasedImport => {
                    let (name, alias) = if t.kind(k) == K::DottedName {
                        (Some(k), None)
                    } else {
                        (t.field(k, F::Name), t.field(k, F::Alias))
                    };
                    let Some(name) = name else { continue };
                    let Some(&(id, member)) = self.dotted(name).first() else {
                        continue;
                    };
                    let i = self.push_import(Import {
                        kind: ImportKind::From,
                        level,
                        module: module.clone(),
                        member: Some(member),
                        pos,
                        scope,
                    });
                    first.get_or_insert(i);
                    match alias {
                        Some(a) => {
                            let b = self.bind(a, scope, live, BindKind::Import(i), None, None);
                            self.site(id, member, Target::Def(b));
                        }
                        None => {
                            self.bind(id, scope, live, BindKind::Import(i), None, None);
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(i) = first {
            self.module_sites(i, &parts, 0);
        } else if !parts.is_empty() || level > 0 {
            let i = self.push_import(Import {
                kind: ImportKind::Star,
                level,
                module,
                member: None,
                pos,
                scope,
            });
            self.module_sites(i, &parts, 0);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::intel::facts::facts_tree_sitter;

    fn walker(src: &str) -> Facts {
        facts_tree_sitter(src.as_bytes(), &AtomicBool::new(false)).unwrap()
    }

    /// The scanner does not bail, and its facts are the walker's.
    #[track_caller]
    fn same(src: &str) -> Facts {
        let ours =
            facts_or_bail(src.as_bytes()).unwrap_or_else(|b| panic!("bailed ({}) on {src:?}", b.0));
        assert_eq!(format!("{ours:#?}"), format!("{:#?}", walker(src)), "{src}");
        ours
    }

    /// The scanner's facts, when it gives any, are the walker's.
    fn same_or_bail(src: &[u8]) {
        if let Ok(ours) = facts_or_bail(src) {
            let theirs = facts_tree_sitter(src, &AtomicBool::new(false)).unwrap();
            assert_eq!(
                format!("{ours:?}"),
                format!("{theirs:?}"),
                "{}",
                String::from_utf8_lossy(src)
            );
        }
    }

    fn binding<'f>(f: &'f Facts, name: &str) -> &'f Binding {
        f.bindings
            .iter()
            .find(|b| f.name(b.name) == name)
            .unwrap_or_else(|| panic!("no binding of {name}"))
    }

    #[test]
    fn strings_holding_keywords_and_brackets() {
        same("x = 'def f(): class ('\ny = \"\"\"if x:\n  else: [\"\"\"\nz = r'\\\\' + b\"\\\"\"\n");
        same("s = 'a' \"b\" '''c''' rb'\\d'\nt = u'x'\n");
    }

    #[test]
    fn f_strings() {
        let f =
            same("a = f\"{d['k']} {x!r:>{w}} {y=} {{z}} {n:%Y}\"\nb = f'{f\"{q}\"}' f\"{r}\"\n");
        // Format specs are not read; the rest is.
        assert!(f.names.iter().any(|n| n == "d"));
        assert!(!f.names.iter().any(|n| n == "w"));
        same("c = f\"{d[\"k\"]}\"\n");
        same("def f(e):\n    return f\"\"\"x {\n        e.replace(\"'\", \"''\")\n    }'\"\"\"\n");
        same("x = f'\\N{DASH} {y}' rf'\\{z}'\n");
    }

    #[test]
    fn decorators_and_methods() {
        let f = same(
            "class C:\n    @property\n    def p(self): return self.x\n    @staticmethod  # note\n    def s(a): pass\n    @ classmethod\n    def c(cls): cls.y = 1\n    @functools.cached_property\n    def q(self): pass\n    @dec(1)\n    def m(self): self.z = 2\n",
        );
        let kinds: Vec<MethodKind> = f.scopes.iter().skip(2).map(|s| s.method).collect();
        assert_eq!(
            kinds,
            [
                MethodKind::Property,
                MethodKind::Static,
                MethodKind::Class,
                MethodKind::Property,
                MethodKind::Instance
            ]
        );
        assert_eq!(f.attr_defs.len(), 2);
    }

    #[test]
    fn lambdas_comprehensions_and_class_bodies() {
        let f = same("z = 1\nf = lambda x, y=z, *a, k=2, **kw: x + y\n");
        // The default is read in the module, the parameter bound in the
        // lambda.
        assert_eq!(binding(&f, "y").scope, 1);
        same(
            "r = [x for x in y if x for w in x]\ns = {k: v for k, v in d.items()}\nt = {a for a in b}\ng = (i for i in j)\n",
        );
        let f = same("n = sum(x for x in xs)\nm = max((y for y in ys), key=len)\n");
        assert_eq!(binding(&f, "x").scope, 1);
        same(
            "class A(B, metaclass=M):\n    v = 1\n    w = [v for _ in range(3)]\n    def m(self):\n        return v\n",
        );
    }

    #[test]
    fn walrus_in_a_comprehension_binds_in_the_function() {
        let f = same("def f(z):\n    return [y for x in z if (y := g(x))]\n");
        let y = binding(&f, "y");
        assert_eq!(f.scopes[y.scope as usize].kind, ScopeKind::Function);
    }

    #[test]
    fn global_nonlocal_and_rebinds() {
        let f = same(
            "g = 0\ndef f():\n    global g\n    g = 1\n    def h():\n        nonlocal q\n        q = 2\n    q = 3\n",
        );
        assert!(
            f.bindings
                .iter()
                .any(|b| f.name(b.name) == "g" && b.redirected && b.scope == 0)
        );
        same(
            "d = {}\nd[k] = v\nd.x = 1\nn = 0\nn += 1\nself.a.b += 2\n__all__ = ['a', \"b\"] + other\n__all__ += ('c',)\n",
        );
    }

    #[test]
    fn imports() {
        same(
            "import a.b.c, d as e\nfrom . import x\nfrom ..m.n import (p as q, r,)\nfrom s import *\nfrom __future__ import annotations\nimport t.u as v\n",
        );
    }

    #[test]
    fn annotations() {
        same(
            "x: List[int] = []\ny: Optional[Foo]\nz: Foo | None\nw: a.B[C] | None\nv: 'mod.Foo[int]'\nu: Dict[str, List[int]] | None\nt: Optional[  # note\n    Bar]\ndef f(*args: int, **kw: 'K', a: t.Optional[X] = 1, *, b) -> Dict[str, int]: pass\ns: List[int].x\n",
        );
        same("def g(*a: *Ts) -> Tuple[*Ts]: pass\n");
    }

    #[test]
    fn targets_and_stars() {
        same(
            "a, (b, *c) = d = 1, (2, 3)\n[e, f] = g\nfor h, in i: pass\nfor (j, k) in l: pass\nwith m as (n, o), p as q.r: pass\ntry:\n    pass\nexcept (E, F) as s:\n    pass\n",
        );
        // tree-sitter reads `*name` alone in some places: `(*f)(x)`.
        same("x = [*a.b]\ny = [*f(x), g]\nz = *f(x), y\nprint(a, *b.c)\nq = {*s.t}\nr[*u.v]\n");
        // And `type(...) ... =` as a type alias.
        same("type(mock).x = c\ntype X = int\ntype(y)\n");
    }

    #[test]
    fn layout_comments_tabs_continuations_crlf() {
        same(
            "if x:\n    y = 1\n    # same block\n  # not\nelif z:\n\tw = 2\nelse:\n    pass  # trailing\n# end\n",
        );
        same(
            "def f():\n    if a:\n        b\n        # eight\n    # four\n# zero\nc = 1 + \\\n    2\n",
        );
        same("x = 1\r\nif x:\r\n    y = (2,\r\n         3)\r\n    s = '''a\r\nb'''\r\n");
        same("x = (  # comment\n    a)\ny = (b  # comment\n)\nz = (\n    c\n)\n");
        same("def f(\n    a,\n):\n    return g(\n        a,\n)\n");
    }

    #[test]
    fn columns_count_characters() {
        let f = same("é = 'ü'; t = é\nclass Ä:\n    def ö(self): return self.é\n");
        let t = binding(&f, "t");
        assert_eq!(t.pos, Pos { line: 1, col: 9 });
    }

    #[test]
    fn what_it_bails_on() {
        for src in [
            "match x:\n    case 1:\n        pass\n",
            "print 'hello'\n",
            "exec 'code' in ns\n",
            "x = `y`\n",
            "if x:\n    y = (1 +\n2)\n",
            "def f[T](x: T): pass\n",
            "x = 0777\n",
            "x = 1 <> 2\n",
            "x = f'{a\n}'\n",
            "x = (\n",
            "  x = 1\n",
            "if x:\n        a\n    b\n",
            "x = 'abc\n",
            "a\rb\n",
            "\u{feff}x = 1\n",
        ] {
            assert!(facts(src.as_bytes()).is_none(), "{src:?}");
        }
        assert!(facts(b"x = '\xff'\n").is_none());
    }

    #[test]
    fn deep_nesting_bails_without_overflowing() {
        for (open, close) in [
            ("(", ")"),
            ("[", "]"),
            ("-", ""),
            ("not ", ""),
            ("lambda: ", ""),
        ] {
            let src = format!("x = {}1{}\n", open.repeat(50_000), close.repeat(50_000));
            assert!(facts(src.as_bytes()).is_none());
        }
        let src = format!("x = {}\n", "f'{".repeat(1000));
        assert!(facts(src.as_bytes()).is_none());
        let mut src = String::new();
        for i in 0..500 {
            src.push_str(&" ".repeat(i));
            src.push_str("if x:\n");
        }
        assert!(facts(src.as_bytes()).is_none());
        // Long chains are loops, not recursion.
        let src = format!("x = a{}\n", ".b(c)[d]".repeat(20_000));
        same_or_bail(src.as_bytes());
    }

    #[test]
    fn every_prefix_of_a_file_is_the_walkers_or_bails() {
        let src = "import os, a.b as c\nfrom . import (d,\n    e)\n\n@dec(1)\nclass K(Base, metaclass=M):\n    '''Doc.'''\n    x: List[int] = []  # note\n\n    def m(self, a: 'T', *args, b=f(1), **kw) -> Optional[K]:\n        self.y = [i for i in a if (j := i)]\n        with open(a) as fh, g() as (h, k):\n            for q, r in fh:\n                if q:\n                    continue\n                elif r:\n                    break\n                else:\n                    s = f\"{q!r:>{w}} {r=}\"\n        try:\n            t = lambda u, v=1: u + v\n        except (E, F) as err:\n            raise X from err\n        finally:\n            del t\n        return {k: v for k, v in kw.items()}\n\n__all__ = ['K'] + parts\n";
        for end in 0..=src.len() {
            if src.is_char_boundary(end) {
                same_or_bail(&src.as_bytes()[..end]);
            }
        }
    }
}
