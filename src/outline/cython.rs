//! Cython outlines (`.pyx`, `.pxd`, `.pxi`), by a line scanner: there is
//! no tree-sitter grammar for Cython. The file is cut into logical lines
//! as Python does (comments, strings with their prefixes and triple
//! quotes, brackets and `\` continuations), and each line is read by its
//! first words, nesting by indentation:
//!
//! - `def` (and `async def`), `cdef`/`cpdef` functions, `cdef inline`:
//!   `function`, or `method` in a class (the nearest enclosing definition
//!   is a class, as for Python). The signature is the parameters, what
//!   follows them (`except -1`, `nogil`, `noexcept`) and the C return type
//!   after `->`, as Python writes an annotation: `cdef int f(int x) nogil`
//!   is `f(int x) nogil -> int`. Declarations without a body (a `.pxd`,
//!   an `extern` block) are listed too: in Cython they are the interface.
//! - `class`, `cdef class X(Base)`, `cdef public class X [object ...]`,
//!   `cdef cppclass vector[T]` (and `ctypedef class`): `class`, with its
//!   bases as the signature, its methods and attributes nested.
//! - `cdef struct`/`cdef union` (`packed` too), `ctypedef struct X:`:
//!   `struct`, fields as variables (an opaque `ctypedef struct X` too); `cdef enum X:`, `cpdef enum`,
//!   `ctypedef enum`: `class`, members as variables (an unnamed
//!   `cdef enum:` gives its members to the scope it is in).
//! - `cdef extern from "x.h":` (with `namespace "std"`, `nogil`): a
//!   `namespace` named `extern`, its signature `from "x.h"`, holding the
//!   declarations inside, written with or without `cdef`.
//! - `ctypedef` of a type, and `ctypedef fused X:`: `variable`, the
//!   signature what it names (`= double`, `= fused (float, double)`).
//! - `cdef int x`, `cdef public double[:, ::1] w`, `cdef:` blocks, `DEF X
//!   = 1` and Python assignments, in a module or class body: `variable`,
//!   each name once per scope at its first binding (locals of functions
//!   are not listed, as for Python).
//! - `@cython.boundscheck(False)` and other decorators are kept on the
//!   definition after them; `line` is the line of `def`/`cdef`/`class`.
//! - `property x:` (the old syntax in a `cdef class`): a `method` holding
//!   its `__get__`/`__set__`.
//! - `IF`/`ELIF`/`ELSE`, `if`, `try`, `with` and other blocks are looked
//!   through, as for Python.
//!
//! Never panics, on any input; linear in the input; deep nesting is capped
//! as for Python ([`super::python::MAX_NESTING`]).

use std::collections::HashSet;

use super::python::{Item, assemble, attach_point};
use super::text::normalize_identifier;
use super::{Symbol, SymbolKind};

/// Changes whenever the scanner's output can change: the index cache is
/// keyed on it.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tk {
    Name,
    Number,
    Str,
    /// `(`, `[`, `{`.
    Open,
    /// `)`, `]`, `}`.
    Close,
    /// Any operator or other punctuation, multi-byte ones whole (`->`,
    /// `==`, `+=`, `**`).
    Op,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Tk,
    start: usize,
    end: usize,
    /// 1-based line of its first byte.
    line: u32,
    /// Bracket depth within its logical line: before the token, and for a
    /// closing bracket after it (the depth of its opener).
    depth: u32,
}

/// A logical line: its tokens (at least one), the indentation of its first
/// line, and the line its last token ends on.
struct Logical {
    toks: Vec<Tok>,
    indent: u32,
    end_line: u32,
}

/// What a block's lines are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A class body (`class`, `cdef class`): methods and attributes.
    Class,
    /// A C++ class body (`cppclass`): C declarations, methods and fields.
    CppClass,
    /// A function or property body: only nested `def`/`class` count.
    Function,
    /// Struct or union fields.
    Struct,
    /// Enum members.
    Enum,
    /// `cdef extern from`: C declarations.
    Extern,
    /// `cdef:` — each line a `cdef` declaration of the enclosing scope.
    CdefBlock,
    /// `ctypedef fused X:` — the types it stands for.
    Fused,
}

struct Scope {
    /// Indentation of the block's header line.
    indent: u32,
    item: Option<usize>,
    mode: Mode,
    /// A `ctypedef fused` block's member types.
    members: Vec<String>,
}

pub fn symbols(src: &[u8]) -> Vec<Symbol> {
    let mut s = Scanner {
        src,
        items: Vec::new(),
        stack: Vec::new(),
        seen: HashSet::new(),
        decorators: Vec::new(),
        doc_for: None,
        last_end: 1,
        suite_after: None,
    };
    for line in logical_lines(src) {
        s.line(line);
    }
    s.close_to(0, true);
    assemble(s.items)
}

struct Scanner<'a> {
    src: &'a [u8],
    items: Vec<Item>,
    stack: Vec<Scope>,
    /// (scope item, name) of variables already listed.
    seen: HashSet<(Option<usize>, String)>,
    /// Decorators waiting for their definition.
    decorators: Vec<String>,
    /// The definition whose docstring may come next, and its indentation.
    doc_for: Option<(usize, u32)>,
    /// End line of the last logical line.
    last_end: u32,
    /// Where the header of the block just opened ends (its `:`).
    suite_after: Option<usize>,
}

/// Words that make a statement something other than an assignment.
const STATEMENT_WORDS: &[&[u8]] = &[
    b"return",
    b"del",
    b"pass",
    b"raise",
    b"import",
    b"from",
    b"global",
    b"nonlocal",
    b"assert",
    b"yield",
    b"await",
    b"cimport",
    b"include",
    b"print",
    b"break",
    b"continue",
    b"exec",
    b"lambda",
    b"not",
];

/// Blocks looked through.
const COMPOUND: &[&[u8]] = &[
    b"if", b"elif", b"else", b"for", b"while", b"try", b"except", b"finally", b"with", b"match",
    b"case", b"IF", b"ELIF", b"ELSE", b"async",
];

/// Words before a C declaration's type that are not part of it.
const MODIFIERS: &[&[u8]] = &[
    b"public",
    b"api",
    b"readonly",
    b"inline",
    b"static",
    b"extern",
    b"packed",
    b"noexcept",
];

impl Scanner<'_> {
    fn text(&self, t: &Tok) -> &[u8] {
        &self.src[t.start..t.end]
    }

    fn is(&self, t: Option<&Tok>, word: &[u8]) -> bool {
        t.is_some_and(|t| t.kind == Tk::Name && self.text(t) == word)
    }

    fn name(&self, t: &Tok) -> String {
        normalize_identifier(self.text(t))
    }

    /// Close the blocks whose header is indented `indent` or more (all of
    /// them at the end).
    fn close_to(&mut self, indent: u32, all: bool) {
        while let Some(top) = self.stack.last() {
            if !all && top.indent < indent {
                break;
            }
            let Some(top) = self.stack.pop() else {
                break;
            };
            if let Some(i) = top.item {
                let sym = &mut self.items[i].symbol;
                sym.end_line = sym.end_line.max(self.last_end);
                if top.mode == Mode::Fused {
                    sym.signature = Some(format!("= fused ({})", top.members.join(", ")));
                }
            }
        }
    }

    /// The innermost block's mode, `None` at module level.
    fn mode(&self) -> Option<Mode> {
        self.stack.last().map(|s| s.mode)
    }

    /// The innermost definition holding what comes now.
    fn owner(&self) -> Option<usize> {
        self.stack.iter().rev().find_map(|s| s.item)
    }

    /// The nearest enclosing definition is a class.
    fn in_class(&self) -> bool {
        self.owner()
            .is_some_and(|i| self.items[i].symbol.kind == SymbolKind::Class)
    }

    /// Variables are listed in module and class bodies (and struct, enum
    /// and extern blocks), not in functions: the nearest enclosing
    /// definition is not a function, as for Python.
    fn variables_here(&self) -> bool {
        self.owner().is_none_or(|i| {
            !matches!(
                self.items[i].symbol.kind,
                SymbolKind::Function | SymbolKind::Method
            )
        })
    }

    fn line(&mut self, line: Logical) {
        let Logical {
            toks,
            indent,
            end_line,
        } = line;
        self.close_to(indent, false);
        // A docstring: the first statement of a definition's body.
        if let Some((item, header_indent)) = self.doc_for.take()
            && indent > header_indent
            && toks.iter().all(|t| t.kind == Tk::Str)
        {
            self.items[item].symbol.doc = docstring(self.src, &toks);
        }
        let first = toks[0];
        if first.kind == Tk::Op && self.text(&first) == b"@" {
            self.decorators.push(collapse(self.src, &toks[1..]));
            self.last_end = end_line;
            return;
        }
        // Statements separated by `;` at depth 0; a compound header is
        // always the first.
        let mut rest: &[Tok] = &toks;
        while !rest.is_empty() {
            let end = rest
                .iter()
                .position(|t| t.depth == 0 && t.kind == Tk::Op && self.text(t) == b";")
                .unwrap_or(rest.len());
            let stmt = &rest[..end];
            rest = rest.get(end + 1..).unwrap_or(&[]);
            if stmt.is_empty() {
                continue;
            }
            if self.statement(stmt, indent, end_line) {
                // The rest of the line is the block's body (`enum: A`,
                // `class A: x = 1`).
                let after = self.suite_after.take();
                match after.and_then(|pos| toks.iter().position(|t| t.start == pos)) {
                    Some(i) => rest = &toks[i + 1..],
                    None => break,
                }
            }
        }
        self.decorators.clear();
        self.last_end = end_line;
    }

    /// One statement; whether it opened a block.
    fn statement(&mut self, stmt: &[Tok], indent: u32, end_line: u32) -> bool {
        let mode = self.mode();
        let w0 = self.text(&stmt[0]);
        let kw = stmt[0].kind == Tk::Name;
        // In a function body only nested definitions count.
        if mode == Some(Mode::Function) {
            return match (kw, w0) {
                (true, b"def") => self.def(stmt, 0, indent, end_line, false),
                (true, b"async") if self.is(stmt.get(1), b"def") => {
                    self.def(stmt, 1, indent, end_line, true)
                }
                (true, b"class") => self.python_class(stmt, indent, end_line),
                _ => false,
            };
        }
        match mode {
            Some(Mode::Struct) => return self.fields(stmt, end_line),
            Some(Mode::Enum) => return self.enum_members(stmt, end_line),
            Some(Mode::Fused) => {
                let text = collapse(self.src, stmt);
                if let Some(top) = self.stack.last_mut() {
                    top.members.push(text);
                }
                return false;
            }
            _ => {}
        }
        if !kw {
            return self.python_statement(stmt, end_line);
        }
        match w0 {
            b"def" => self.def(stmt, 0, indent, end_line, false),
            b"async" if self.is(stmt.get(1), b"def") => self.def(stmt, 1, indent, end_line, true),
            b"class" => self.python_class(stmt, indent, end_line),
            b"cdef" | b"cpdef" => self.cdef(stmt, 1, indent, end_line),
            b"ctypedef" => self.ctypedef(stmt, indent, end_line),
            b"property" if stmt.len() >= 2 && stmt[1].kind == Tk::Name => {
                self.property(stmt, indent, end_line)
            }
            b"DEF" if stmt.len() >= 2 && stmt[1].kind == Tk::Name => {
                if self.variables_here() {
                    self.variable(&stmt[1], end_line);
                }
                false
            }
            _ if COMPOUND.contains(&w0) || STATEMENT_WORDS.contains(&w0) => false,
            // In extern blocks, C++ classes and `cdef:` blocks a line is a
            // declaration without `cdef`.
            _ if matches!(mode, Some(Mode::Extern | Mode::CppClass | Mode::CdefBlock)) => {
                self.cdef(stmt, 0, indent, end_line)
            }
            _ => self.python_statement(stmt, end_line),
        }
    }

    fn push_item(&mut self, symbol: Symbol) -> usize {
        let (parent, depth) = attach_point(&self.items, self.owner());
        self.items.push(Item {
            symbol,
            parent,
            depth,
        });
        self.items.len() - 1
    }

    /// A definition's symbol, at `at` (its first keyword), with the
    /// decorators waiting.
    fn definition(
        &mut self,
        kind: SymbolKind,
        name: String,
        at: &Tok,
        end_line: u32,
        signature: Option<String>,
    ) -> Symbol {
        Symbol {
            kind,
            name,
            line: at.line,
            end_line,
            column: at.start as u32,
            is_async: false,
            decorators: std::mem::take(&mut self.decorators),
            signature,
            doc: None,
            children: Vec::new(),
        }
    }

    /// Push a block for the definition `item` if the statement's header
    /// ends with the `:` `colon`; whether it did.
    fn open(&mut self, item: Option<usize>, mode: Mode, indent: u32, colon: Option<Tok>) -> bool {
        let Some(colon) = colon else {
            return false;
        };
        // What follows the colon on its line is the block's first lines.
        self.suite_after = Some(colon.start);
        self.stack.push(Scope {
            indent,
            item,
            mode,
            members: Vec::new(),
        });
        if let Some(i) = item
            && matches!(mode, Mode::Class | Mode::Function | Mode::CppClass)
        {
            self.doc_for = Some((i, indent));
        }
        true
    }

    /// The first `:` at depth 0 from `from` on (a block's header ends
    /// there).
    fn header_colon(&self, stmt: &[Tok], from: usize) -> Option<usize> {
        (from..stmt.len())
            .find(|&k| stmt[k].depth == 0 && stmt[k].kind == Tk::Op && self.text(&stmt[k]) == b":")
    }

    /// The bracket group opening at `open`: the index of its closer (the
    /// statement's end if unclosed).
    fn group_end(&self, stmt: &[Tok], open: usize) -> usize {
        let depth = stmt[open].depth;
        (open + 1..stmt.len())
            .find(|&k| stmt[k].kind == Tk::Close && stmt[k].depth == depth)
            .unwrap_or(stmt.len() - 1)
    }

    /// `def name(params) -> ret:`, `def` at `at`.
    fn def(&mut self, stmt: &[Tok], at: usize, indent: u32, end_line: u32, is_async: bool) -> bool {
        let Some(name_tok) = stmt.get(at + 1).filter(|t| t.kind == Tk::Name) else {
            return false;
        };
        let name = self.name(name_tok);
        let mut sig = String::new();
        let mut k = at + 2;
        if stmt
            .get(k)
            .is_some_and(|t| t.kind == Tk::Open && self.text(t) == b"(")
        {
            let close = self.group_end(stmt, k);
            sig.push_str(&collapse(self.src, &stmt[k..=close]));
            k = close + 1;
        }
        let colon = self.header_colon(stmt, k);
        let tail_end = colon.unwrap_or(stmt.len());
        if k < tail_end {
            let tail = collapse(self.src, &stmt[k..tail_end]);
            if !tail.is_empty() {
                sig.push(' ');
                sig.push_str(&tail);
            }
        }
        let kind = if self.in_class() {
            SymbolKind::Method
        } else {
            SymbolKind::Function
        };
        let mut symbol = self.definition(kind, name, &stmt[0], end_line, Some(sig));
        symbol.is_async = is_async;
        let item = self.push_item(symbol);
        self.open(Some(item), Mode::Function, indent, colon.map(|c| stmt[c]))
    }

    /// `class Name(bases):`.
    fn python_class(&mut self, stmt: &[Tok], indent: u32, end_line: u32) -> bool {
        self.class_at(stmt, 0, 1, indent, end_line, Mode::Class)
    }

    /// A class whose name is at `name_at` (dotted names keep their last
    /// part: `ctypedef class numpy.dtype`), keyword at `at`.
    fn class_at(
        &mut self,
        stmt: &[Tok],
        at: usize,
        name_at: usize,
        indent: u32,
        end_line: u32,
        mode: Mode,
    ) -> bool {
        let mut k = name_at;
        let mut name_tok = None;
        while let Some(t) = stmt.get(k) {
            if t.kind != Tk::Name {
                break;
            }
            name_tok = Some(*t);
            k += 1;
            if stmt
                .get(k)
                .is_some_and(|d| d.kind == Tk::Op && self.text(d) == b".")
            {
                k += 1;
            } else {
                break;
            }
        }
        let Some(name_tok) = name_tok else {
            return false;
        };
        let name = self.name(&name_tok);
        let mut signature = None;
        // `(bases)`; a C++ class's template parameters `[T]`.
        while let Some(t) = stmt.get(k) {
            if t.kind != Tk::Open {
                break;
            }
            let close = self.group_end(stmt, k);
            let text = collapse(self.src, &stmt[k..=close]);
            let brackets = self.text(t) == b"[";
            if !brackets || mode == Mode::CppClass {
                signature = Some(match signature {
                    Some(s) => format!("{s}{text}"),
                    None => text,
                });
            }
            k = close + 1;
        }
        let colon = self.header_colon(stmt, k);
        let symbol = self.definition(SymbolKind::Class, name, &stmt[at], end_line, signature);
        let item = self.push_item(symbol);
        self.open(Some(item), mode, indent, colon.map(|c| stmt[c]))
    }

    /// `property name:` in a `cdef class`.
    fn property(&mut self, stmt: &[Tok], indent: u32, end_line: u32) -> bool {
        let Some(colon) = self.header_colon(stmt, 2) else {
            return self.python_statement(stmt, end_line);
        };
        let name = self.name(&stmt[1]);
        let symbol = self.definition(SymbolKind::Method, name, &stmt[0], end_line, None);
        let item = self.push_item(symbol);
        self.open(Some(item), Mode::Function, indent, Some(stmt[colon]))
    }

    /// `cdef`/`cpdef` and what follows from `from` on (0 where a line
    /// declares without the keyword: extern blocks, C++ classes).
    fn cdef(&mut self, stmt: &[Tok], from: usize, indent: u32, end_line: u32) -> bool {
        let at = &stmt[0];
        let mut k = from;
        while stmt
            .get(k)
            .is_some_and(|t| t.kind == Tk::Name && MODIFIERS.contains(&self.text(t)))
        {
            k += 1;
        }
        let Some(word) = stmt.get(k) else {
            // `cdef public` alone: nothing.
            return false;
        };
        // `cdef:`, `cdef public:` — a block of declarations.
        if word.kind == Tk::Op && self.text(word) == b":" && word.depth == 0 {
            if self.mode() == Some(Mode::Function) || !self.variables_here() {
                return false;
            }
            return self.open(None, Mode::CdefBlock, indent, Some(*word));
        }
        if word.kind == Tk::Name {
            match self.text(word) {
                b"class" => return self.class_at(stmt, 0, k + 1, indent, end_line, Mode::Class),
                b"cppclass" => {
                    return self.class_at(stmt, 0, k + 1, indent, end_line, Mode::CppClass);
                }
                b"struct" | b"union" => return self.aggregate(stmt, k, indent, end_line),
                b"enum" => return self.enumeration(stmt, k, indent, end_line),
                b"from" if from > 0 && self.is(stmt.get(k - 1), b"extern") => {
                    return self.extern_block(stmt, k, indent, end_line);
                }
                b"fused" => return false,
                _ => {}
            }
        }
        // `cdef extern:` (rare) and the like: a block of declarations.
        self.declaration(stmt, k, at, indent, end_line)
    }

    /// `cdef extern from "x.h" [namespace "n"] [nogil]:`, `from` at `k`.
    fn extern_block(&mut self, stmt: &[Tok], k: usize, indent: u32, end_line: u32) -> bool {
        let colon = self.header_colon(stmt, k);
        let sig_end = colon.unwrap_or(stmt.len());
        let signature = collapse(self.src, &stmt[k..sig_end]);
        if colon.is_none() {
            return false;
        }
        let symbol = self.definition(
            SymbolKind::Namespace,
            "extern".to_string(),
            &stmt[0],
            end_line,
            Some(signature),
        );
        let item = self.push_item(symbol);
        self.open(Some(item), Mode::Extern, indent, colon.map(|c| stmt[c]))
    }

    /// `struct X:`/`union X:` at `k` (the keyword).
    fn aggregate(&mut self, stmt: &[Tok], k: usize, indent: u32, end_line: u32) -> bool {
        let Some(name_tok) = stmt.get(k + 1).filter(|t| t.kind == Tk::Name) else {
            return false;
        };
        let colon = self.header_colon(stmt, k + 2);
        if colon.is_none() {
            // `ctypedef struct PyObject`, `cdef struct X`: how a `.pxd`
            // declares an opaque type; a struct without fields.
            if stmt.len() == k + 2 {
                let name = self.name(name_tok);
                let symbol = self.definition(SymbolKind::Struct, name, &stmt[0], end_line, None);
                self.push_item(symbol);
            }
            return false;
        }
        let name = self.name(name_tok);
        let symbol = self.definition(SymbolKind::Struct, name, &stmt[0], end_line, None);
        let item = self.push_item(symbol);
        self.open(Some(item), Mode::Struct, indent, colon.map(|c| stmt[c]))
    }

    /// `enum X:`, `enum:`, `enum class X:` at `k`.
    fn enumeration(&mut self, stmt: &[Tok], k: usize, indent: u32, end_line: u32) -> bool {
        let mut n = k + 1;
        if self.is(stmt.get(n), b"class") || self.is(stmt.get(n), b"struct") {
            n += 1;
        }
        let colon = self.header_colon(stmt, n);
        match stmt.get(n) {
            Some(t) if t.kind == Tk::Name => {
                let name = self.name(t);
                let symbol = self.definition(SymbolKind::Class, name, &stmt[0], end_line, None);
                let item = self.push_item(symbol);
                self.open(Some(item), Mode::Enum, indent, colon.map(|c| stmt[c]))
            }
            // Unnamed: the members belong to the scope around.
            _ => self.open(None, Mode::Enum, indent, colon.map(|c| stmt[c])),
        }
    }

    /// `ctypedef ...`.
    fn ctypedef(&mut self, stmt: &[Tok], indent: u32, end_line: u32) -> bool {
        let mut k = 1;
        while stmt
            .get(k)
            .is_some_and(|t| t.kind == Tk::Name && MODIFIERS.contains(&self.text(t)))
        {
            k += 1;
        }
        let Some(word) = stmt.get(k) else {
            return false;
        };
        if word.kind == Tk::Name {
            match self.text(word) {
                // `ctypedef struct X:` a struct; `ctypedef struct a X` a
                // name for one.
                b"struct" | b"union"
                    if self.header_colon(stmt, k + 1).is_some() || stmt.len() <= k + 2 =>
                {
                    return self.aggregate(stmt, k, indent, end_line);
                }
                b"enum" if self.header_colon(stmt, k + 1).is_some() => {
                    return self.enumeration(stmt, k, indent, end_line);
                }
                b"class" => return self.class_at(stmt, 0, k + 1, indent, end_line, Mode::Class),
                b"fused" => {
                    let Some(name_tok) = stmt.get(k + 1).filter(|t| t.kind == Tk::Name) else {
                        return false;
                    };
                    let name = self.name(name_tok);
                    let colon = self.header_colon(stmt, k + 2);
                    let symbol =
                        self.definition(SymbolKind::Variable, name, name_tok, end_line, None);
                    let item = self.push_item(symbol);
                    return self.open(Some(item), Mode::Fused, indent, colon.map(|c| stmt[c]));
                }
                _ => {}
            }
        }
        // A type's new name: the declarator's name, and the rest as what
        // it names.
        if !self.variables_here() {
            return false;
        }
        let body = &stmt[k..];
        if let Some(pos) = declarator_name(self.src, body, 0) {
            let name_tok = body[pos];
            let mut ty: Vec<Tok> = body.to_vec();
            ty.remove(pos);
            let signature = format!("= {}", collapse(self.src, &ty));
            let name = self.name(&name_tok);
            if self.seen.insert((self.owner(), name.clone())) {
                let symbol = Symbol {
                    signature: Some(signature),
                    ..self.definition(SymbolKind::Variable, name, &name_tok, end_line, None)
                };
                self.push_item(symbol);
            }
        }
        false
    }

    /// A C declaration from `k` on: a function (with or without a body) or
    /// variables.
    fn declaration(
        &mut self,
        stmt: &[Tok],
        k: usize,
        at: &Tok,
        indent: u32,
        end_line: u32,
    ) -> bool {
        let decl = &stmt[k..];
        if let Some((name_pos, open)) = function_shape(self.src, decl) {
            let close = self.group_end(decl, open);
            let mut params = collapse(self.src, &decl[open..=close]);
            // Template parameters in front, as Python writes its own:
            // `[InputIt](InputIt, InputIt)`.
            let after_brackets =
                open >= 1 && decl[open - 1].kind == Tk::Close && self.text(&decl[open - 1]) == b"]";
            if after_brackets
                && let Some(o) = (name_pos + 1..open - 1)
                    .find(|&o| {
                        decl[o].kind == Tk::Open
                            && decl[o].depth == 0
                            && self.text(&decl[o]) == b"["
                    })
                    // Not `operator[]`'s own brackets.
                    .filter(|&o| o + 1 < open - 1 && self.group_end(decl, o) == open - 1)
            {
                params = format!("{}{params}", collapse(self.src, &decl[o..open]));
            }
            let colon = self.header_colon(decl, close + 1);
            let tail_end = colon.unwrap_or(decl.len());
            let tail = collapse(self.src, &decl[close + 1..tail_end]);
            let ret = collapse(self.src, &decl[..name_pos]);
            let mut sig = params;
            if !tail.is_empty() {
                sig.push(' ');
                sig.push_str(&tail);
            }
            if !ret.is_empty() {
                sig.push_str(" -> ");
                sig.push_str(&ret);
            }
            let name = function_name(self.src, decl, name_pos, open);
            let kind = if self.in_class() {
                SymbolKind::Method
            } else {
                SymbolKind::Function
            };
            // `at`: `cdef`, or the declaration's first word where it has
            // none (an extern block, a C++ class).
            let symbol = self.definition(kind, name, at, end_line, Some(sig));
            let item = self.push_item(symbol);
            return self.open(Some(item), Mode::Function, indent, colon.map(|c| decl[c]));
        }
        if self.variables_here() {
            self.fields(decl, end_line);
        }
        false
    }

    /// Variables declared C-style (`int a, *b, c[10] = ...`), or struct
    /// fields.
    fn fields(&mut self, decl: &[Tok], end_line: u32) -> bool {
        // Skip `cdef` in a struct body, and modifiers.
        let mut k = 0;
        while decl.get(k).is_some_and(|t| {
            t.kind == Tk::Name
                && (MODIFIERS.contains(&self.text(t))
                    || self.text(t) == b"cdef"
                    || self.text(t) == b"const")
        }) {
            k += 1;
        }
        let decl = &decl[k..];
        if decl.is_empty() || self.is(decl.first(), b"pass") {
            return false;
        }
        // Each declarator: split at commas at depth 0, values dropped.
        let mut start = 0;
        let mut index = 0;
        while start < decl.len() {
            let end = (start..decl.len())
                .find(|&j| {
                    decl[j].depth == 0 && decl[j].kind == Tk::Op && self.text(&decl[j]) == b","
                })
                .unwrap_or(decl.len());
            let seg = &decl[start..end];
            let value = seg
                .iter()
                .position(|t| t.depth == 0 && t.kind == Tk::Op && self.text(t) == b"=")
                .unwrap_or(seg.len());
            let seg = &seg[..value];
            // The first declarator has the type before its name; the
            // others are a name with `*` or `[n]`.
            let pos = if index == 0 {
                declarator_name(self.src, seg, 0)
            } else {
                seg.iter().position(|t| t.kind == Tk::Name && t.depth == 0)
            };
            if let Some(pos) = pos {
                let t = seg[pos];
                self.variable(&t, end_line);
            }
            start = end + 1;
            index += 1;
        }
        false
    }

    /// Enum members: `A`, `B = 2`, `A, B, C`.
    fn enum_members(&mut self, stmt: &[Tok], end_line: u32) -> bool {
        let mut expect_name = true;
        for t in stmt {
            if t.depth != 0 {
                continue;
            }
            match t.kind {
                Tk::Name if expect_name => {
                    if self.text(t) != b"pass" {
                        self.variable(t, end_line);
                    }
                    expect_name = false;
                }
                Tk::Op if self.text(t) == b"," => expect_name = true,
                _ => {}
            }
        }
        false
    }

    fn variable(&mut self, name_tok: &Tok, end_line: u32) {
        let name = self.name(name_tok);
        if !self.seen.insert((self.owner(), name.clone())) {
            return;
        }
        let symbol = Symbol {
            kind: SymbolKind::Variable,
            name,
            line: name_tok.line,
            end_line,
            column: name_tok.start as u32,
            is_async: false,
            decorators: Vec::new(),
            signature: None,
            doc: None,
            children: Vec::new(),
        };
        self.push_item(symbol);
    }

    /// A Python statement: assignments bind variables in module and class
    /// bodies.
    fn python_statement(&mut self, stmt: &[Tok], end_line: u32) -> bool {
        if !self.variables_here() || !matches!(self.mode(), None | Some(Mode::Class)) {
            return false;
        }
        if stmt[0].kind == Tk::Name && STATEMENT_WORDS.contains(&self.text(&stmt[0])) {
            return false;
        }
        // Segments between `=` at depth 0; all but the last are targets.
        let eqs: Vec<usize> = (0..stmt.len())
            .filter(|&j| {
                stmt[j].depth == 0 && stmt[j].kind == Tk::Op && self.text(&stmt[j]) == b"="
            })
            .collect();
        let annotated = self.header_colon(stmt, 0);
        let mut targets: Vec<&[Tok]> = Vec::new();
        let mut start = 0;
        for &e in &eqs {
            targets.push(&stmt[start..e]);
            start = e + 1;
        }
        if eqs.is_empty() {
            // `x: int` alone.
            match annotated {
                Some(c) if c == 1 && stmt[0].kind == Tk::Name => targets.push(&stmt[..1]),
                _ => return false,
            }
        }
        for (n, target) in targets.into_iter().enumerate() {
            // `x: int = 3`: the name before the annotation.
            let target = match annotated {
                Some(c) if n == 0 && c < target.len() => &target[..c],
                _ => target,
            };
            for j in 0..target.len() {
                let t = target[j];
                if t.kind != Tk::Name {
                    continue;
                }
                let before_ok =
                    j == 0 || matches!(self.text(&target[j - 1]), b"," | b"(" | b"[" | b"*");
                let after_ok = j + 1 == target.len()
                    || matches!(self.text(&target[j + 1]), b"," | b")" | b"]");
                if before_ok && after_ok {
                    self.variable(&t, end_line);
                }
            }
        }
        false
    }
}

/// Where a C declaration is a function: the name's index and its
/// parameters' `(`. A `(` right after a name at depth 0, before any `=`,
/// that is not a declarator in parentheses (`(*fp)(int)`).
fn function_shape(src: &[u8], decl: &[Tok]) -> Option<(usize, usize)> {
    let text = |t: &Tok| &src[t.start..t.end];
    for j in 1..decl.len() {
        let t = &decl[j];
        if t.depth != 0 {
            continue;
        }
        // A value: not a function (but `operator=(...)` is one).
        if t.kind == Tk::Op
            && text(t) == b"="
            && !(decl[j - 1].kind == Tk::Name && text(&decl[j - 1]) == b"operator")
        {
            return None;
        }
        if t.kind == Tk::Open && text(t) == b"(" {
            let prev = &decl[j - 1];
            if pointer_group(src, decl, j) {
                return None;
            }
            // `int f "c_f"(int x)`: a C name between name and parameters.
            if prev.kind == Tk::Str
                && j >= 2
                && decl[j - 2].kind == Tk::Name
                && decl[j - 2].depth == 0
            {
                return Some((j - 2, j));
            }
            if prev.kind == Tk::Name {
                if text(prev) == b"operator" && decl.get(j + 1).is_some_and(|n| n.kind == Tk::Close)
                {
                    // `operator()(int)`: the second group is the
                    // parameters; `operator()[G](G&)`: after the template's.
                    match decl.get(j + 2) {
                        Some(n) if n.kind == Tk::Open && text(n) == b"(" => {
                            return Some((j - 1, j + 2));
                        }
                        Some(n) if n.kind == Tk::Open && text(n) == b"[" => continue,
                        _ => return Some((j - 1, j)),
                    }
                }
                // `operator bool()`: a conversion.
                if j >= 2 && decl[j - 2].kind == Tk::Name && text(&decl[j - 2]) == b"operator" {
                    return Some((j - 2, j));
                }
                return Some((j - 1, j));
            }
            // `void insert[InputIt](InputIt, InputIt)`: a template's
            // parameters before its parameters.
            if prev.kind == Tk::Close
                && text(prev) == b"]"
                && let Some(o) = (0..j - 1)
                    .rev()
                    .find(|&o| decl[o].kind == Tk::Open && decl[o].depth == 0)
                    .filter(|&o| text(&decl[o]) == b"[")
            {
                if o >= 1 && decl[o - 1].kind == Tk::Name && text(&decl[o - 1]) != b"operator" {
                    return Some((o - 1, j));
                }
                if let Some(op) = operator_start(src, decl, o) {
                    return Some((op, j));
                }
            }
            // `operator==(...)`, `operator[](...)`: the operator's name.
            if let Some(op) = operator_start(src, decl, j) {
                return Some((op, j));
            }
        }
    }
    None
}

/// Calling conventions a pointer declarator may name: `(__stdcall *f)`.
const CALLING_CONVENTIONS: &[&[u8]] = &[b"__cdecl", b"__stdcall", b"__fastcall"];

/// The `(` at `open` starts a declarator in parentheses, `(*fp)`, `(&r)`,
/// `(__stdcall *fp)`, not parameters.
fn pointer_group(src: &[u8], decl: &[Tok], open: usize) -> bool {
    let text = |t: &Tok| &src[t.start..t.end];
    let pointer = |t: Option<&Tok>| {
        t.is_some_and(|n| n.kind == Tk::Op && matches!(text(n), b"*" | b"&" | b"^" | b"**"))
    };
    match decl.get(open + 1) {
        Some(n) if n.kind == Tk::Name && CALLING_CONVENTIONS.contains(&text(n)) => {
            pointer(decl.get(open + 2))
        }
        n => pointer(n),
    }
}

/// For a `(` at `open` after `operator` and its symbol (`operator==(`,
/// `operator()(`, `operator[](`): the index of `operator`.
fn operator_start(src: &[u8], decl: &[Tok], open: usize) -> Option<usize> {
    let text = |t: &Tok| &src[t.start..t.end];
    let mut j = open;
    while j > 0 {
        j -= 1;
        let t = &decl[j];
        if t.kind == Tk::Name {
            return (text(t) == b"operator").then_some(j);
        }
        if open - j > 3 {
            return None;
        }
    }
    None
}

/// The name of a function whose name token is at `pos`: the identifier,
/// or `operator==` with its symbol.
fn function_name(src: &[u8], decl: &[Tok], pos: usize, open: usize) -> String {
    let t = &decl[pos];
    if &src[t.start..t.end] == b"operator" {
        // The symbol: `==`, `()`, `[]`; template parameters after it
        // (`operator()[Generator]`) are not part of the name.
        let mut name = String::from("operator");
        let mut k = pos + 1;
        while k < open {
            let s = &decl[k];
            let next_closes = decl.get(k + 1).is_some_and(|n| n.kind == Tk::Close);
            if s.kind == Tk::Open {
                if !next_closes {
                    break;
                }
                name.push_str(&String::from_utf8_lossy(&src[s.start..decl[k + 1].end]));
                k += 2;
                continue;
            }
            if s.kind == Tk::Name {
                name.push(' ');
            }
            name.push_str(&String::from_utf8_lossy(&src[s.start..s.end]));
            k += 1;
        }
        return name;
    }
    normalize_identifier(&src[t.start..t.end])
}

/// The declared name in a C declarator: inside a `(*name)` group when
/// there is one, else the last name at depth 0 (`double[:, ::1] w`,
/// `unsigned long long n`, `int *p`).
fn declarator_name(src: &[u8], decl: &[Tok], depth: u32) -> Option<usize> {
    let text = |t: &Tok| &src[t.start..t.end];
    for j in 0..decl.len() {
        let t = &decl[j];
        if t.depth == depth && t.kind == Tk::Open && text(t) == b"(" && pointer_group(src, decl, j)
        {
            return (j + 1..decl.len()).find(|&k| {
                decl[k].kind == Tk::Name && !CALLING_CONVENTIONS.contains(&text(&decl[k]))
            });
        }
    }
    (0..decl.len())
        .rev()
        .find(|&j| decl[j].depth == depth && decl[j].kind == Tk::Name)
}

/// The first non-empty line of a docstring made of `toks` (all strings):
/// not for f-strings or bytes, as Python does not take those.
fn docstring(src: &[u8], toks: &[Tok]) -> Option<String> {
    let mut content = String::new();
    for t in toks {
        let text = &src[t.start..t.end];
        let quote = text.iter().position(|b| *b == b'"' || *b == b'\'')?;
        let prefix = text[..quote].to_ascii_lowercase();
        if prefix.contains(&b'f') || prefix.contains(&b'b') {
            return None;
        }
        let body = &text[quote..];
        let q = body[0];
        let triple = body.len() >= 6 && body[1] == q && body[2] == q;
        let n = if triple { 3 } else { 1 };
        let inner_end = if body.len() >= 2 * n && body.ends_with(&body[..n]) {
            body.len() - n
        } else {
            body.len()
        };
        content.push_str(&String::from_utf8_lossy(&body[n.min(inner_end)..inner_end]));
    }
    content
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

/// Tokens as one line of text: whitespace between them one space, none
/// just inside brackets; strings with their whitespace collapsed.
fn collapse(src: &[u8], toks: &[Tok]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Tok> = None;
    for t in toks {
        let text = String::from_utf8_lossy(&src[t.start..t.end]);
        let text = if t.kind == Tk::Str {
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        } else {
            text.into_owned()
        };
        if let Some(p) = prev {
            let gap = t.start > p.end;
            if gap && p.kind != Tk::Open && t.kind != Tk::Close {
                out.push(' ');
            }
        }
        out.push_str(&text);
        prev = Some(t);
    }
    out
}

/// The file's logical lines, as Python cuts them.
fn logical_lines(src: &[u8]) -> Vec<Logical> {
    let mut out: Vec<Logical> = Vec::new();
    let n = src.len();
    let mut i = 0;
    let mut line: u32 = 1;
    let mut toks: Vec<Tok> = Vec::new();
    let mut depth: u32 = 0;
    let mut indent: u32 = 0;
    // At the start of a physical line that begins a logical line: count
    // its indentation.
    let mut at_line_start = true;
    let mut col: u32 = 0;
    let mut end_line: u32 = 1;
    let finish = |toks: &mut Vec<Tok>, out: &mut Vec<Logical>, indent: u32, end_line: u32| {
        if !toks.is_empty() {
            out.push(Logical {
                toks: std::mem::take(toks),
                indent,
                end_line,
            });
        }
    };
    while i < n {
        let c = src[i];
        if at_line_start {
            match c {
                b' ' => {
                    col += 1;
                    i += 1;
                    continue;
                }
                b'\t' => {
                    col = (col / 8 + 1) * 8;
                    i += 1;
                    continue;
                }
                b'\x0c' => {
                    col = 0;
                    i += 1;
                    continue;
                }
                _ => {
                    at_line_start = false;
                    if toks.is_empty() {
                        indent = col;
                    }
                }
            }
        }
        match c {
            b'\n' => {
                line += 1;
                i += 1;
                if depth == 0 {
                    finish(&mut toks, &mut out, indent, end_line);
                    at_line_start = true;
                    col = 0;
                }
            }
            b'\r' | b' ' | b'\t' | b'\x0c' => i += 1,
            b'#' => {
                while i < n && src[i] != b'\n' {
                    i += 1;
                }
            }
            b'\\' if matches!(src.get(i + 1), Some(b'\n')) => {
                i += 2;
                line += 1;
            }
            b'\\' if src.get(i + 1) == Some(&b'\r') && src.get(i + 2) == Some(&b'\n') => {
                i += 3;
                line += 1;
            }
            b'"' | b'\'' => {
                let (end, lines) = string_end(src, i);
                toks.push(Tok {
                    kind: Tk::Str,
                    start: i,
                    end,
                    line,
                    depth,
                });
                line += lines;
                end_line = line;
                i = end;
            }
            b'(' | b'[' | b'{' => {
                toks.push(Tok {
                    kind: Tk::Open,
                    start: i,
                    end: i + 1,
                    line,
                    depth,
                });
                depth += 1;
                end_line = line;
                i += 1;
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                toks.push(Tok {
                    kind: Tk::Close,
                    start: i,
                    end: i + 1,
                    line,
                    depth,
                });
                end_line = line;
                i += 1;
            }
            c if c.is_ascii_digit()
                || (c == b'.' && src.get(i + 1).is_some_and(u8::is_ascii_digit)) =>
            {
                let start = i;
                while i < n
                    && (src[i].is_ascii_alphanumeric()
                        || src[i] == b'_'
                        || src[i] == b'.'
                        || ((src[i] == b'+' || src[i] == b'-')
                            && matches!(src[i - 1], b'e' | b'E')
                            && !src[start..i].starts_with(b"0x")))
                {
                    i += 1;
                }
                toks.push(Tok {
                    kind: Tk::Number,
                    start,
                    end: i,
                    line,
                    depth,
                });
                end_line = line;
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                let start = i;
                while i < n && (src[i].is_ascii_alphanumeric() || src[i] == b'_' || src[i] >= 0x80)
                {
                    i += 1;
                }
                // A string's prefix: `r"..."`, `b'...'`, `f"""..."""`,
                // Cython's `c'x'`.
                let word = &src[start..i];
                if word.len() <= 3
                    && matches!(src.get(i), Some(b'"' | b'\''))
                    && word
                        .iter()
                        .all(|b| matches!(b.to_ascii_lowercase(), b'r' | b'b' | b'u' | b'f' | b'c'))
                {
                    let (end, lines) = string_end(src, i);
                    toks.push(Tok {
                        kind: Tk::Str,
                        start,
                        end,
                        line,
                        depth,
                    });
                    line += lines;
                    end_line = line;
                    i = end;
                } else {
                    toks.push(Tok {
                        kind: Tk::Name,
                        start,
                        end: i,
                        line,
                        depth,
                    });
                    end_line = line;
                }
            }
            _ => {
                let len = operator_len(&src[i..]);
                toks.push(Tok {
                    kind: Tk::Op,
                    start: i,
                    end: i + len,
                    line,
                    depth,
                });
                end_line = line;
                i += len;
            }
        }
    }
    finish(&mut toks, &mut out, indent, end_line);
    out
}

/// The length of the operator at the start of `s` (at least 1).
fn operator_len(s: &[u8]) -> usize {
    const THREE: &[&[u8]] = &[b"**=", b"//=", b">>=", b"<<=", b"..."];
    const TWO: &[&[u8]] = &[
        b"==", b"!=", b"<=", b">=", b"->", b"+=", b"-=", b"*=", b"/=", b"%=", b"&=", b"|=", b"^=",
        b"@=", b":=", b"**", b"//", b"<<", b">>",
    ];
    if THREE.iter().any(|o| s.starts_with(o)) {
        return 3;
    }
    if TWO.iter().any(|o| s.starts_with(o)) {
        return 2;
    }
    // One character, whole (a multi-byte one is a name's, not here).
    1
}

/// The end of the string whose quote is at `q`, and the line breaks in it.
/// A single-quoted string ends at its line's end when unterminated; a
/// triple-quoted one at the file's end.
fn string_end(src: &[u8], q: usize) -> (usize, u32) {
    let quote = src[q];
    let triple = src.get(q + 1) == Some(&quote) && src.get(q + 2) == Some(&quote);
    let mut i = if triple { q + 3 } else { q + 1 };
    let mut lines = 0;
    while i < src.len() {
        let c = src[i];
        if c == b'\\' {
            if src.get(i + 1) == Some(&b'\n') {
                lines += 1;
            }
            i += 2;
            continue;
        }
        if c == b'\n' {
            if !triple {
                return (i, lines);
            }
            lines += 1;
        }
        if c == quote {
            if !triple {
                return (i + 1, lines);
            }
            if src.get(i + 1) == Some(&quote) && src.get(i + 2) == Some(&quote) {
                return (i + 3, lines);
            }
        }
        i += 1;
    }
    (src.len(), lines)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::outline::{Lang, Outline, outline};

    fn run(src: &str) -> Outline {
        outline(
            Some(Lang::Cython),
            src.as_bytes(),
            usize::MAX,
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    /// `kind path Lline-end signature` for every symbol.
    fn rows(src: &str) -> Vec<String> {
        run(src)
            .dotted()
            .into_iter()
            .map(|(d, s)| {
                let sig = s
                    .signature
                    .as_deref()
                    .map(|s| format!(" {s}"))
                    .unwrap_or_default();
                format!("{} {d} L{}-{}{sig}", s.kind.as_str(), s.line, s.end_line)
            })
            .collect()
    }

    #[test]
    fn a_tree_module_in_the_style_of_scikit_learn() {
        let src = r#"# cython: boundscheck=False
"""Tree building."""
from libc.stdlib cimport free, malloc
cimport numpy as cnp
import numpy as np

cdef extern from "numpy/arrayobject.h":
    ctypedef struct PyArrayObject:
        int nd
    object PyArray_NewFromDescr(object subtype, cnp.dtype descr,
                                int nd, cnp.npy_intp* dims) nogil
    int PyArray_SetBaseObject(cnp.ndarray arr, PyObject* obj)

ctypedef cnp.npy_intp SIZE_t
cdef double INFINITY = np.inf
cdef SIZE_t _TREE_LEAF = -1, _TREE_UNDEFINED = -2

cdef struct Node:
    SIZE_t left_child     # id of the left child
    double threshold
    double* values

cdef class TreeBuilder:
    """Interface for different tree building strategies."""

    cdef public SIZE_t max_depth
    cdef readonly object splitter

    cpdef build(self, Tree tree, object X, const double[:, ::1] y,
                const double[:] sample_weight=None):
        """Build a decision tree from the training set (X, y)."""
        pass

    cdef inline _check_input(self, object X) except *:
        cdef int i = 0
        return X

cdef class DepthFirstTreeBuilder(TreeBuilder):
    def __cinit__(self, Splitter splitter, SIZE_t min_samples_split):
        self.splitter = splitter

    @cython.boundscheck(False)
    @cython.wraparound(False)
    cdef int _add_split_node(self, Splitter splitter, SIZE_t start,
                             SIZE_t end) except -1 nogil:
        cdef SIZE_t n_node_samples = end - start
        return 0

cdef inline double _log(double x) noexcept nogil:
    return log(x) / log(2.0)

def _apply_dense(X, tree):
    """Finds the terminal region for each sample."""
    def inner(a):
        return a
    return inner(X)
"#;
        assert_eq!(
            rows(src),
            [
                "namespace extern L7-12 from \"numpy/arrayobject.h\"",
                "struct extern.PyArrayObject L8-9",
                "variable extern.PyArrayObject.nd L9-9",
                "function extern.PyArray_NewFromDescr L10-11 (object subtype, cnp.dtype descr, int nd, cnp.npy_intp* dims) nogil -> object",
                "function extern.PyArray_SetBaseObject L12-12 (cnp.ndarray arr, PyObject* obj) -> int",
                "variable SIZE_t L14-14 = cnp.npy_intp",
                "variable INFINITY L15-15",
                "variable _TREE_LEAF L16-16",
                "variable _TREE_UNDEFINED L16-16",
                "struct Node L18-21",
                "variable Node.left_child L19-19",
                "variable Node.threshold L20-20",
                "variable Node.values L21-21",
                "class TreeBuilder L23-36",
                "variable TreeBuilder.max_depth L26-26",
                "variable TreeBuilder.splitter L27-27",
                "method TreeBuilder.build L29-32 (self, Tree tree, object X, const double[:, ::1] y, const double[:] sample_weight=None)",
                "method TreeBuilder._check_input L34-36 (self, object X) except *",
                "class DepthFirstTreeBuilder L38-47 (TreeBuilder)",
                "method DepthFirstTreeBuilder.__cinit__ L39-40 (self, Splitter splitter, SIZE_t min_samples_split)",
                "method DepthFirstTreeBuilder._add_split_node L44-47 (self, Splitter splitter, SIZE_t start, SIZE_t end) except -1 nogil -> int",
                "function _log L49-50 (double x) noexcept nogil -> double",
                "function _apply_dense L52-56 (X, tree)",
                "function _apply_dense.inner L54-55 (a)",
            ]
        );
        let o = run(src);
        let builder = &o.symbols[6];
        assert_eq!(builder.name, "TreeBuilder");
        assert_eq!(
            builder.doc.as_deref(),
            Some("Interface for different tree building strategies.")
        );
        assert_eq!(
            builder.children[2].doc.as_deref(),
            Some("Build a decision tree from the training set (X, y).")
        );
        let split = &o.symbols[7].children[1];
        assert_eq!(
            split.decorators,
            ["cython.boundscheck(False)", "cython.wraparound(False)"]
        );
        assert_eq!((split.line, split.column), (44, 5));
    }

    #[test]
    fn pandas_libs_style_declarations() {
        let src = "\
ctypedef fused numeric_t:
    int64_t
    float64_t

ctypedef int (*compare_t)(const void*, const void*) nogil

cdef enum InterpolationType:
    LINEAR = 0
    LOWER, HIGHER

cdef enum:
    MAX_DEPTH = 32

cpdef enum class Side:
    left
    right

cdef packed struct Pair:
    int a
    double b

cdef union Number:
    long i
    double f

cdef:
    float64_t NaN = <float64_t>np.nan
    int64_t NPY_NAT

DEF CHUNK = 4096
x: int = 3
a, (b, c) = 1, (2, 3)
obj.attr = 4
d[0] = 5

cdef public class Timestamp(datetime) [object TimestampObject, type TimestampType]:
    cdef readonly int64_t value
    property freq:
        def __get__(self):
            return self._freq

cdef extern from \"<vector>\" namespace \"std\" nogil:
    cdef cppclass vector[T]:
        vector() except +
        T& operator[](size_t)
        bint operator==(vector&, vector&)
        void push_back(T&) except +
        size_t size()
        void assign[InputIt](InputIt, InputIt) except +
        result_type operator()[Generator](Generator&) except +
        iterator& operator=(iterator&) except +
        operator bool()
ctypedef struct PyObject
";
        assert_eq!(
            rows(src),
            [
                "variable numeric_t L1-3 = fused (int64_t, float64_t)",
                "variable compare_t L5-5 = int (*)(const void*, const void*) nogil",
                "class InterpolationType L7-9",
                "variable InterpolationType.LINEAR L8-8",
                "variable InterpolationType.LOWER L9-9",
                "variable InterpolationType.HIGHER L9-9",
                "variable MAX_DEPTH L12-12",
                "class Side L14-16",
                "variable Side.left L15-15",
                "variable Side.right L16-16",
                "struct Pair L18-20",
                "variable Pair.a L19-19",
                "variable Pair.b L20-20",
                "struct Number L22-24",
                "variable Number.i L23-23",
                "variable Number.f L24-24",
                "variable NaN L27-27",
                "variable NPY_NAT L28-28",
                "variable CHUNK L30-30",
                "variable x L31-31",
                "variable a L32-32",
                "variable b L32-32",
                "variable c L32-32",
                "class Timestamp L36-40 (datetime)",
                "variable Timestamp.value L37-37",
                "method Timestamp.freq L38-40",
                "function Timestamp.freq.__get__ L39-40 (self)",
                "namespace extern L42-52 from \"<vector>\" namespace \"std\" nogil",
                "class extern.vector L43-52 [T]",
                "method extern.vector.vector L44-44 () except +",
                "method extern.vector.operator[] L45-45 (size_t) -> T&",
                "method extern.vector.operator== L46-46 (vector&, vector&) -> bint",
                "method extern.vector.push_back L47-47 (T&) except + -> void",
                "method extern.vector.size L48-48 () -> size_t",
                "method extern.vector.assign L49-49 [InputIt](InputIt, InputIt) except + -> void",
                "method extern.vector.operator() L50-50 [Generator](Generator&) except + -> result_type",
                "method extern.vector.operator= L51-51 (iterator&) except + -> iterator&",
                "method extern.vector.operator bool L52-52 ()",
                "struct PyObject L53-53",
            ]
        );
    }

    #[test]
    fn strings_comments_and_continuations_hide_structure() {
        let src = "\
s = '''
def not_a_function():
    cdef int x
'''
t = \"# not a comment\"  # cdef class NotAClass:
u = (1,
def_not = 2)
v = \\
    3
cdef int w = 1 ; cdef int z = 2
def f(x,
      y=\"):\"):  # a colon in a string
    \"\"\"Doc
    more\"\"\"
    return x
";
        assert_eq!(
            rows(src),
            [
                "variable s L1-4",
                "variable t L5-5",
                "variable u L6-7",
                "variable v L8-9",
                "variable w L10-10",
                "variable z L10-10",
                "function f L11-15 (x, y=\"):\")",
            ]
        );
        assert_eq!(run(src).symbols[6].doc.as_deref(), Some("Doc"));
    }

    #[test]
    fn one_line_blocks_and_c_names() {
        let src = "\
cdef extern from \"<time.h>\" nogil:
    enum: CLOCK_REALTIME
    enum: TIMER_ABSTIME
    int _import \"__pyx_import\"() except -1
class A: x = 1; y = 2
def f(): return 1
";
        assert_eq!(
            rows(src),
            [
                "namespace extern L1-4 from \"<time.h>\" nogil",
                "variable extern.CLOCK_REALTIME L2-2",
                "variable extern.TIMER_ABSTIME L3-3",
                "function extern._import L4-4 () except -1 -> int",
                "class A L5-5",
                "variable A.x L5-5",
                "variable A.y L5-5",
                "function f L6-6 ()",
            ]
        );
    }

    #[test]
    fn pointer_declarators_with_calling_conventions() {
        let src = "ctypedef void (__stdcall *Callback)(int)\ncdef int (__cdecl *fp)(int) = NULL\nint f(int *x)\n";
        assert_eq!(
            rows(src),
            [
                "variable Callback L1-1 = void (__stdcall *)(int)",
                "variable fp L2-2",
            ]
        );
    }

    #[test]
    fn end_lines_skip_trailing_comments_and_blank_lines() {
        let src = "cdef class A:\n    def f(self):\n        return 1\n\n    # a comment\n\nx = 1\n";
        assert_eq!(
            rows(src),
            ["class A L1-3", "method A.f L2-3 (self)", "variable x L7-7"]
        );
    }

    #[test]
    fn hostile_input_never_panics() {
        let cases: &[&[u8]] = &[
            b"",
            b"\n\n\n",
            b"cdef",
            b"cdef class",
            b"cdef class (:",
            b"def",
            b"def (",
            b"def f(",
            b"ctypedef",
            b"ctypedef fused",
            b"ctypedef struct",
            b"cdef extern from",
            b"cdef extern from \"x.h\"",
            b"cdef int (*",
            b"cdef int f(((((",
            b")))) ]]] }}}",
            b"'''",
            b"\"\\",
            b"r'\\",
            b"@",
            b"@\n@\n",
            b"cdef enum",
            b"cdef enum class",
            b"x = = =",
            b"\xff\xfe\x00cdef \xff(\xff):\n\t\t\x0c  def \xff():",
            b"cdef:\n    cdef:\n        cdef:\n",
            b"property",
            b"property x",
            b"cdef cppclass",
            b"cdef int operator(",
            b"cdef int operator",
            b"\\",
            b"\\\n",
            b"\r\r\r",
            b"def f(): pass; def g(): pass",
        ];
        for src in cases {
            let o = outline(Some(Lang::Cython), src, usize::MAX, &AtomicBool::new(false)).unwrap();
            let lines = src.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            for (_, s) in o.flatten() {
                assert!(
                    s.line >= 1 && s.line <= s.end_line && s.end_line <= lines,
                    "{s:?}"
                );
            }
        }
    }

    #[test]
    fn ten_thousand_nested_blocks_do_not_overflow() {
        let mut src = String::new();
        for i in 0..10_000 {
            src.push_str(&" ".repeat(i));
            src.push_str("def f():\n");
        }
        let o = run(&src);
        let depth = o.flatten().iter().map(|(p, _)| p.len()).max().unwrap();
        assert!(depth < crate::outline::python::MAX_NESTING, "{depth}");
        let brackets = "(".repeat(100_000);
        let _ = run(&format!("x = {brackets}\ncdef class A:\n    pass\n"));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any text of Cython's words: symbols nest by lines, in order.
        #[test]
        fn symbols_always_nest(lines in proptest::collection::vec(
            (0usize..4, proptest::sample::select(vec![
                "cdef class A(B):", "def f(self, int x):", "cdef int x = 1",
                "cdef extern from \"x.h\":", "ctypedef struct S:", "ctypedef fused F:",
                "int y", "double (*fp)(int)", "cdef:", "cpdef enum E:", "RED, GREEN",
                "\"\"\"doc", "'''", ")", "(", "@cython.final", "property p:",
                "cdef inline double g(double x) nogil:", "pass", "x = y = 2", "# c", "",
                "\\", "cdef cppclass V[T]:", "T& operator[](size_t)",
            ])), 0..40)) {
            let src: String = lines
                .into_iter()
                .map(|(indent, l)| format!("{}{l}\n", "    ".repeat(indent)))
                .collect();
            let o = run(&src);
            let total = src.matches('\n').count() as u32 + 1;
            let mut stack: Vec<(Option<&Symbol>, &Vec<Symbol>)> = vec![(None, &o.symbols)];
            while let Some((parent, list)) = stack.pop() {
                let mut last = 0;
                for s in list {
                    proptest::prop_assert!(s.line >= 1 && s.line <= s.end_line && s.end_line <= total);
                    proptest::prop_assert!(s.line >= last);
                    last = s.line;
                    if let Some(p) = parent {
                        proptest::prop_assert!(s.line >= p.line && s.end_line <= p.end_line, "{s:?} in {p:?}");
                    }
                    stack.push((Some(s), &s.children));
                }
            }
        }
    }
}
