//! Syntax highlighting: tree-sitter-highlight with each grammar's own
//! highlights query, mapped to a small theme and cut into per-line spans.
//! A file is highlighted once (in the background); drawing any window of
//! its lines then costs nothing but a lookup.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use tree_sitter_highlight::{HighlightConfiguration, HighlightEvent, Highlighter};

use super::{Lang, OutlineError};

/// What a span of source is, for choosing its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HighlightKind {
    Keyword,
    String,
    Escape,
    Comment,
    Function,
    /// Classes, types, constructors.
    Type,
    Number,
    Decorator,
    Constant,
    Builtin,
    Property,
    Operator,
    Punctuation,
}

/// Capture names the theme knows, most specific last; tree-sitter-highlight
/// matches a capture to the longest prefix listed.
const NAMES: &[&str] = &[
    "attribute",
    "comment",
    "constant",
    "constant.builtin",
    "constructor",
    "decorator",
    "delimiter",
    "embedded",
    "escape",
    "function",
    "function.builtin",
    "function.method",
    "function.special",
    "keyword",
    "label",
    "number",
    "operator",
    "property",
    "punctuation",
    "string",
    "type",
    "type.builtin",
    "variable.builtin",
];

fn kind_of(name: &str) -> Option<HighlightKind> {
    use HighlightKind::*;
    Some(match name {
        "comment" => Comment,
        "constant" => Constant,
        "constant.builtin" | "variable.builtin" | "type.builtin" | "function.builtin" => Builtin,
        "constructor" | "type" => Type,
        "decorator" | "attribute" => Decorator,
        "delimiter" | "punctuation" => Punctuation,
        "escape" => Escape,
        "function" | "function.method" | "function.special" => Function,
        "keyword" | "label" => Keyword,
        "number" => Number,
        "operator" => Operator,
        "property" => Property,
        "string" | "embedded" => String,
        _ => return None,
    })
}

/// Patterns put after tree-sitter-python's own: in tree-sitter-highlight
/// 0.27 the last pattern that matches a node wins, and the grammar's query
/// colours decorators as plain functions and attributes as properties.
const PYTHON_EXTRA: &str = r#"
(decorator) @decorator
(decorator (identifier) @decorator)
(decorator (attribute object: (identifier) @decorator attribute: (identifier) @decorator))
(decorator (call function: (identifier) @decorator))
(decorator (call function: (attribute object: (identifier) @decorator attribute: (identifier) @decorator)))
(class_definition name: (identifier) @type)
(function_definition name: (identifier) @function)
"#;

/// Cython's words, which Python's grammar reads as names: after Python's
/// patterns, so that they win.
const CYTHON_EXTRA: &str = r#"
((identifier) @keyword
 (#any-of? @keyword
  "cdef" "cpdef" "ctypedef" "cimport" "cppclass" "struct" "union" "enum" "extern"
  "fused" "nogil" "gil" "inline" "public" "readonly" "api" "include" "packed"
  "noexcept" "namespace" "property" "DEF" "IF" "ELIF" "ELSE" "const" "sizeof"))
((identifier) @type.builtin
 (#any-of? @type.builtin
  "bint" "char" "short" "long" "double" "unsigned" "signed" "size_t" "Py_ssize_t"
  "void" "object" "int8_t" "int16_t" "int32_t" "int64_t" "uint8_t" "uint16_t"
  "uint32_t" "uint64_t" "intp_t" "float32_t" "float64_t" "complex"))
((identifier) @constant.builtin (#eq? @constant.builtin "NULL"))
"#;

fn config(lang: Lang) -> Option<&'static HighlightConfiguration> {
    static PYTHON: OnceLock<Option<HighlightConfiguration>> = OnceLock::new();
    static CYTHON: OnceLock<Option<HighlightConfiguration>> = OnceLock::new();
    static C: OnceLock<Option<HighlightConfiguration>> = OnceLock::new();
    static CPP: OnceLock<Option<HighlightConfiguration>> = OnceLock::new();
    let (cell, query) = match lang {
        Lang::Python => (
            &PYTHON,
            format!("{}\n{PYTHON_EXTRA}", tree_sitter_python::HIGHLIGHTS_QUERY),
        ),
        Lang::Cython => (
            &CYTHON,
            format!(
                "{}\n{PYTHON_EXTRA}\n{CYTHON_EXTRA}",
                tree_sitter_python::HIGHLIGHTS_QUERY
            ),
        ),
        Lang::C => (&C, tree_sitter_c::HIGHLIGHT_QUERY.to_string()),
        // The C++ query refines C's, so it comes last (last match wins).
        Lang::Cpp => (
            &CPP,
            format!(
                "{}\n{}",
                tree_sitter_c::HIGHLIGHT_QUERY,
                tree_sitter_cpp::HIGHLIGHT_QUERY
            ),
        ),
    };
    cell.get_or_init(|| {
        let mut c =
            HighlightConfiguration::new(lang.grammar(), lang.name(), &query, "", "").ok()?;
        c.configure(NAMES);
        Some(c)
    })
    .as_ref()
}

/// A highlighted stretch of one line: byte offsets within the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: HighlightKind,
}

/// Spans for every line of a file (lines split at `\n`; a `\r` before it
/// belongs to no span). Unhighlighted text has no span.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Highlights {
    pub lines: Vec<Vec<Span>>,
}

impl Highlights {
    pub fn line(&self, index: usize) -> &[Span] {
        self.lines.get(index).map_or(&[], Vec::as_slice)
    }
}

/// Highlight a whole file. Setting `cancel` stops it.
pub fn highlight(
    lang: Lang,
    source: &[u8],
    cancel: &AtomicBool,
) -> Result<Highlights, OutlineError> {
    let line_count = source.iter().filter(|b| **b == b'\n').count() + 1;
    let mut out = Highlights {
        lines: vec![Vec::new(); line_count],
    };
    let Some(config) = config(lang) else {
        return Ok(out);
    };
    let mut highlighter = Highlighter::new();
    let Ok(events) = highlighter.highlight(config, source, None, None, |_| None) else {
        return Ok(out);
    };
    let mut stack: Vec<Option<HighlightKind>> = Vec::new();
    // Where each line starts: sources come in order, but one source can
    // span many lines and a minified file has one huge line, so lines are
    // found by binary search, never by rescanning.
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(
            source
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i + 1),
        )
        .collect();
    for (n, event) in events.enumerate() {
        if n % 1024 == 0 && cancel.load(Ordering::Relaxed) {
            return Err(OutlineError::Cancelled);
        }
        let Ok(event) = event else { break };
        match event {
            HighlightEvent::HighlightStart(h) => {
                stack.push(NAMES.get(h.0).and_then(|n| kind_of(n)))
            }
            HighlightEvent::HighlightEnd => {
                stack.pop();
            }
            HighlightEvent::Source { start, end } => {
                let Some(kind) = stack.iter().rev().find_map(|k| *k) else {
                    continue;
                };
                let mut line = line_starts
                    .partition_point(|&s| s <= start)
                    .saturating_sub(1);
                let mut pos = start;
                while pos < end && line < line_starts.len() {
                    let line_start = line_starts[line];
                    // The line's end: the next line's start less its '\n'.
                    let line_end = line_starts.get(line + 1).map_or(source.len(), |n| n - 1);
                    let seg_end = end.min(line_end);
                    if seg_end > pos
                        && let Some(spans) = out.lines.get_mut(line)
                    {
                        spans.push(Span {
                            start: pos - line_start,
                            end: seg_end - line_start,
                            kind,
                        });
                    }
                    line += 1;
                    pos = line_starts.get(line).copied().unwrap_or(end);
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_on(h: &Highlights, line: usize, src_line: &str) -> Vec<(String, HighlightKind)> {
        h.line(line)
            .iter()
            .map(|s| (src_line[s.start..s.end].to_string(), s.kind))
            .collect()
    }

    #[test]
    fn python_spans_per_line() {
        let src = "@app.route(\"/\")\ndef index(x=1):\n    # note\n    return 'hi'\n";
        let h = highlight(Lang::Python, src.as_bytes(), &AtomicBool::new(false)).unwrap();
        let lines: Vec<&str> = src.split('\n').collect();
        assert_eq!(h.lines.len(), 5);
        let l0 = kinds_on(&h, 0, lines[0]);
        assert!(
            l0.contains(&("@".into(), HighlightKind::Decorator)),
            "{l0:?}"
        );
        assert!(
            l0.iter()
                .any(|(t, k)| t.contains("route") && *k == HighlightKind::Decorator),
            "{l0:?}"
        );
        assert!(
            l0.contains(&("\"/\"".into(), HighlightKind::String)),
            "{l0:?}"
        );
        let l1 = kinds_on(&h, 1, lines[1]);
        assert!(
            l1.contains(&("def".into(), HighlightKind::Keyword)),
            "{l1:?}"
        );
        assert!(
            l1.contains(&("index".into(), HighlightKind::Function)),
            "{l1:?}"
        );
        assert!(l1.contains(&("1".into(), HighlightKind::Number)), "{l1:?}");
        assert_eq!(
            kinds_on(&h, 2, lines[2]),
            [("# note".to_string(), HighlightKind::Comment)]
        );
        let l3 = kinds_on(&h, 3, lines[3]);
        assert!(
            l3.contains(&("return".into(), HighlightKind::Keyword)),
            "{l3:?}"
        );
        assert!(
            l3.contains(&("'hi'".into(), HighlightKind::String)),
            "{l3:?}"
        );
    }

    #[test]
    fn a_multi_line_string_is_cut_at_each_line() {
        let src = "x = \"\"\"one\ntwo\nthree\"\"\"\n";
        let h = highlight(Lang::Python, src.as_bytes(), &AtomicBool::new(false)).unwrap();
        let lines: Vec<&str> = src.split('\n').collect();
        assert_eq!(
            kinds_on(&h, 1, lines[1]),
            [("two".to_string(), HighlightKind::String)]
        );
        assert_eq!(
            kinds_on(&h, 2, lines[2]),
            [("three\"\"\"".to_string(), HighlightKind::String)]
        );
    }

    #[test]
    fn cpp_and_c() {
        let src = "int main() { return 0; }\n";
        for lang in [Lang::C, Lang::Cpp] {
            let h = highlight(lang, src.as_bytes(), &AtomicBool::new(false)).unwrap();
            let spans = kinds_on(&h, 0, src.trim_end());
            assert!(
                spans.contains(&("return".into(), HighlightKind::Keyword)),
                "{lang:?} {spans:?}"
            );
            assert!(
                spans.contains(&("0".into(), HighlightKind::Number)),
                "{lang:?} {spans:?}"
            );
        }
    }

    #[test]
    fn cython_gets_python_colours_and_its_own_keywords() {
        let src = "cdef class Tree:\n    cdef public double[:, ::1] value  # weights\n    cpdef int build(self, object X) nogil:\n        return 'done'\n";
        let h = highlight(Lang::Cython, src.as_bytes(), &AtomicBool::new(false)).unwrap();
        let lines: Vec<&str> = src.split('\n').collect();
        let l0 = kinds_on(&h, 0, lines[0]);
        assert!(
            l0.contains(&("cdef".into(), HighlightKind::Keyword)),
            "{l0:?}"
        );
        assert!(
            l0.contains(&("class".into(), HighlightKind::Keyword)),
            "{l0:?}"
        );
        let l1 = kinds_on(&h, 1, lines[1]);
        assert!(
            l1.contains(&("public".into(), HighlightKind::Keyword)),
            "{l1:?}"
        );
        assert!(
            l1.contains(&("double".into(), HighlightKind::Builtin)),
            "{l1:?}"
        );
        assert!(
            l1.contains(&("# weights".into(), HighlightKind::Comment)),
            "{l1:?}"
        );
        let l2 = kinds_on(&h, 2, lines[2]);
        assert!(
            l2.contains(&("cpdef".into(), HighlightKind::Keyword)),
            "{l2:?}"
        );
        assert!(
            l2.contains(&("nogil".into(), HighlightKind::Keyword)),
            "{l2:?}"
        );
        let l3 = kinds_on(&h, 3, lines[3]);
        assert!(
            l3.contains(&("return".into(), HighlightKind::Keyword)),
            "{l3:?}"
        );
        assert!(
            l3.contains(&("'done'".into(), HighlightKind::String)),
            "{l3:?}"
        );
    }

    #[test]
    fn spans_stay_inside_their_line_on_hostile_input() {
        let src = b"x = '\xff\xfe\r\n'\n\0\0def (\n\"\"\"unterminated\n";
        let h = highlight(Lang::Python, src, &AtomicBool::new(false)).unwrap();
        let lines: Vec<&[u8]> = src.split(|b| *b == b'\n').collect();
        for (i, spans) in h.lines.iter().enumerate() {
            for s in spans {
                assert!(
                    s.start < s.end && s.end <= lines[i].len(),
                    "line {i}: {s:?}"
                );
            }
        }
    }

    #[test]
    fn a_two_megabyte_single_line_is_linear() {
        // A minified file: one huge line of many tokens.
        let src = "x=1;".repeat(500_000);
        let h = highlight(Lang::Python, src.as_bytes(), &AtomicBool::new(false)).unwrap();
        assert_eq!(h.lines.len(), 1);
        assert!(h.lines[0].len() > 100_000);
    }

    #[test]
    fn cancelled() {
        let src = "x = 1\n".repeat(10_000);
        assert_eq!(
            highlight(Lang::Python, src.as_bytes(), &AtomicBool::new(true)),
            Err(OutlineError::Cancelled)
        );
    }
}
