//! The outline engine: symbol outlines of source files with tree-sitter,
//! syntax highlighting, and a symbol index of a whole repository. No
//! terminal code.
//!
//! Python outlines follow Python's own `ast` (see `python.rs` for the
//! rules); C and C++ get namespaces, classes, structs, functions, methods
//! and registration macros (`cpp.rs`); Cython, which has no tree-sitter
//! grammar, is read by a line scanner (`cython.rs`). Every walk over a syntax tree is iterative: a file of 100,000
//! nested brackets must not overflow the stack.

pub mod cpp;
mod cpp_prepare;
pub mod cython;
pub mod highlight;
pub mod index;
pub mod lang;
pub mod python;
pub mod scan;
mod text;

use std::ops::ControlFlow;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use tree_sitter::{Node, Parser, Tree};

pub use lang::Lang;

/// Files larger than this are not parsed unless asked.
pub const DEFAULT_SIZE_CAP: usize = 2 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SymbolKind {
    Class,
    Method,
    Function,
    Variable,
    Namespace,
    Struct,
    /// A registration macro of C and C++ (`REGISTER_KERNEL_BUILDER(...)`,
    /// `TORCH_LIBRARY(aten, m) {...}`): see `cpp.rs`.
    Macro,
}

impl SymbolKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SymbolKind::Class => "class",
            SymbolKind::Method => "method",
            SymbolKind::Function => "function",
            SymbolKind::Variable => "variable",
            SymbolKind::Namespace => "namespace",
            SymbolKind::Struct => "struct",
            SymbolKind::Macro => "macro",
        }
    }
}

/// One symbol of an outline. Lines are 1-based; `column` is the 1-based
/// character column where the definition starts (the `def`/`class`
/// keyword, or a variable's name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbol {
    pub kind: SymbolKind,
    pub name: String,
    pub line: u32,
    pub end_line: u32,
    pub column: u32,
    #[serde(rename = "async")]
    pub is_async: bool,
    /// Each decorator's expression as written, without `@`, whitespace
    /// collapsed.
    pub decorators: Vec<String>,
    /// Parameters and return annotation (functions), bases (classes).
    pub signature: Option<String>,
    /// The first non-empty line of the docstring.
    pub doc: Option<String>,
    pub children: Vec<Symbol>,
}

impl Symbol {
    /// A symbol placed where `starts_at` starts and ending on the last line
    /// of code of `ends_with`; each language then fills in what it knows
    /// (async, decorators, signature, doc).
    fn spanning(
        kind: SymbolKind,
        name: String,
        starts_at: Node<'_>,
        ends_with: Node<'_>,
        src: &[u8],
    ) -> Symbol {
        Symbol {
            kind,
            name,
            line: text::start_line(starts_at),
            end_line: text::code_end_line(ends_with, text::is_comment),
            // The start byte for now: `outline` turns every symbol's into
            // a character column in one pass over the file
            // (`text::byte_offsets_to_columns`), as a column per symbol
            // counted from its line's start is quadratic on a long line.
            column: starts_at.start_byte().min(src.len()) as u32,
            is_async: false,
            decorators: Vec::new(),
            signature: None,
            doc: None,
            children: Vec::new(),
        }
    }
}

/// The outline of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outline {
    /// `None`: no grammar for this file (not an error).
    pub language: Option<&'static str>,
    pub has_errors: bool,
    /// Line ranges (first, last) with syntax errors.
    pub error_lines: Vec<(u32, u32)>,
    pub symbols: Vec<Symbol>,
    /// Set when the file was over the size cap and not parsed.
    pub too_large: Option<usize>,
}

impl Outline {
    fn empty(language: Option<&'static str>) -> Outline {
        Outline {
            language,
            has_errors: false,
            error_lines: Vec::new(),
            symbols: Vec::new(),
            too_large: None,
        }
    }

    /// Every symbol, depth first, with its parents' names.
    pub fn flatten(&self) -> Vec<(Vec<&str>, &Symbol)> {
        let mut out = Vec::new();
        let mut stack: Vec<(Vec<&str>, &Symbol)> =
            self.symbols.iter().rev().map(|s| (Vec::new(), s)).collect();
        while let Some((parents, sym)) = stack.pop() {
            let mut inner = parents.clone();
            inner.push(sym.name.as_str());
            for child in sym.children.iter().rev() {
                stack.push((inner.clone(), child));
            }
            out.push((parents, sym));
        }
        out
    }

    /// Every symbol, depth first, with its dotted name (`Flask.route`): the
    /// name progress and histories know it by.
    pub fn dotted(&self) -> Vec<(String, &Symbol)> {
        self.flatten()
            .into_iter()
            .map(|(parents, s)| (dotted_name(&parents, &s.name), s))
            .collect()
    }
}

/// `Class.method` from the names of the enclosing symbols and the name.
pub fn dotted_name(parents: &[impl AsRef<str>], name: &str) -> String {
    let mut s = String::new();
    for p in parents {
        s.push_str(p.as_ref());
        s.push('.');
    }
    s.push_str(name);
    s
}

/// Why no outline came back.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutlineError {
    #[error("cancelled")]
    Cancelled,
}

/// Outline `source` as `lang`. Files over `cap` bytes are not parsed (the
/// outline says so). Setting `cancel` stops a parse in progress: a newer
/// request replaces an older one.
pub fn outline(
    lang: Option<Lang>,
    source: &[u8],
    cap: usize,
    cancel: &AtomicBool,
) -> Result<Outline, OutlineError> {
    let Some(lang) = lang else {
        return Ok(Outline::empty(None));
    };
    if source.len() > cap {
        let mut o = Outline::empty(Some(lang.name()));
        o.too_large = Some(source.len());
        return Ok(o);
    }
    if lang == Lang::Cython {
        // No grammar: the line scanner, which finds no syntax errors.
        if cancel.load(Ordering::Relaxed) {
            return Err(OutlineError::Cancelled);
        }
        let mut symbols = cython::symbols(source);
        text::byte_offsets_to_columns(&mut symbols, source);
        return Ok(Outline {
            symbols,
            ..Outline::empty(Some(lang.name()))
        });
    }
    // C and C++: macros tree-sitter cannot read blanked first (bytes and
    // lines stay in place).
    let prepared = match lang {
        Lang::C | Lang::Cpp => cpp_prepare::prepare(source),
        Lang::Python | Lang::Cython => std::borrow::Cow::Borrowed(source),
    };
    let tree = parse(lang, &prepared, cancel)?;
    let root = tree.root_node();
    let mut symbols = match lang {
        Lang::Python | Lang::Cython => python::symbols(root, source),
        Lang::C | Lang::Cpp => cpp::symbols(root, &prepared),
    };
    text::byte_offsets_to_columns(&mut symbols, source);
    let (has_errors, error_lines) = errors(root);
    Ok(Outline {
        language: Some(lang.name()),
        has_errors,
        error_lines,
        symbols,
        too_large: None,
    })
}

/// Parse with a progress callback that checks `cancel`.
pub fn parse(lang: Lang, source: &[u8], cancel: &AtomicBool) -> Result<Tree, OutlineError> {
    // tree-sitter calls the progress callback only now and then: a small
    // file can be parsed whole without one call, so look before and after.
    if cancel.load(Ordering::Relaxed) {
        return Err(OutlineError::Cancelled);
    }
    let mut parser = Parser::new();
    parser
        .set_language(&lang.grammar())
        // The grammars are compiled in; a version mismatch is a build bug
        // that every test would show.
        .map_err(|_| OutlineError::Cancelled)?;
    let mut read = |offset: usize, _| &source[offset.min(source.len())..];
    let mut check = |_: &tree_sitter::ParseState| {
        if cancel.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let options = tree_sitter::ParseOptions::new().progress_callback(&mut check);
    let tree = parser
        .parse_with_options(&mut read, None, Some(options))
        .ok_or(OutlineError::Cancelled)?;
    if cancel.load(Ordering::Relaxed) {
        return Err(OutlineError::Cancelled);
    }
    Ok(tree)
}

/// Whether the tree has syntax errors, and their line ranges (merged when
/// they touch). Iterative: only subtrees that contain errors are entered.
fn errors(root: Node<'_>) -> (bool, Vec<(u32, u32)>) {
    if !root.has_error() {
        return (false, Vec::new());
    }
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            let first = node.start_position().row as u32 + 1;
            let last = (node.end_position().row as u32 + 1).max(first);
            ranges.push((first, last));
            continue;
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            if child.has_error() {
                stack.push(child);
            }
        }
    }
    ranges.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (a, b) in ranges {
        match merged.last_mut() {
            Some(last) if a <= last.1 + 1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    (true, merged)
}
