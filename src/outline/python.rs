//! Python outlines that agree with Python's own `ast`.
//!
//! - `class`: every class definition.
//! - `method`: a def whose nearest enclosing definition is a class;
//!   `function`: every other def, nested ones included.
//! - `variable`: a name bound by a plain or annotated assignment in a module
//!   or class body; each name once per scope, at its first binding; tuple,
//!   list and starred targets bind each name; augmented assignments,
//!   attributes and subscripts bind nothing.
//! - Nesting follows definitions, not blocks: a def under `if`, `try`,
//!   `with`, `for`, `while` or `match` belongs to the enclosing definition.
//! - `line` is the `def`/`class` line (not the first decorator's);
//!   `end_line` is the last line of code of the body, as `ast` has it.
//!
//! The walk is iterative and enters statements only, never expressions.

use std::collections::HashSet;

use tree_sitter::Node;

use super::text::{collapsed, identifier, is_comment, named_children, node_text};
use super::{Symbol, SymbolKind};

/// Nodes whose statements belong to the definition around them.
pub(crate) const TRANSPARENT: &[&str] = &[
    "module",
    "block",
    "if_statement",
    "elif_clause",
    "else_clause",
    "for_statement",
    "while_statement",
    "try_statement",
    "except_clause",
    "except_group_clause",
    "finally_clause",
    "with_statement",
    "match_statement",
    "case_clause",
    "decorated_definition",
    // Error recovery can wrap good statements in an ERROR node; they are
    // still worth outlining.
    "ERROR",
];

/// Text kept whole when collapsing signatures.
const ATOMIC: &[&str] = &["string", "concatenated_string"];

/// A symbol found by a walk, before the tree is assembled.
pub(super) struct Item {
    pub symbol: Symbol,
    pub parent: Option<usize>,
    pub depth: usize,
}

/// Symbols nest at most this deep; deeper definitions are attached to
/// their ancestor at this depth. Real code never comes near it, and it
/// keeps dropping and serializing outlines free of deep recursion.
pub const MAX_NESTING: usize = 64;

/// The parent to attach a new symbol to under `scope`, and its depth.
pub(super) fn attach_point(items: &[Item], scope: Option<usize>) -> (Option<usize>, usize) {
    let mut parent = scope;
    while let Some(p) = parent {
        if items[p].depth < MAX_NESTING {
            return (Some(p), items[p].depth + 1);
        }
        parent = items[p].parent;
    }
    (None, 1)
}

pub fn symbols(root: Node<'_>, src: &[u8]) -> Vec<Symbol> {
    let mut items: Vec<Item> = Vec::new();
    let mut seen_vars: HashSet<(Option<usize>, String)> = HashSet::new();
    // (node, index of the enclosing definition in `items`, None = module)
    let mut stack: Vec<(Node<'_>, Option<usize>)> = vec![(root, None)];
    while let Some((node, scope)) = stack.pop() {
        match node.kind() {
            "function_definition" | "class_definition" => {
                let is_class = node.kind() == "class_definition";
                let in_class = scope.is_some_and(|i| items[i].symbol.kind == SymbolKind::Class);
                let kind = match (is_class, in_class) {
                    (true, _) => SymbolKind::Class,
                    (false, true) => SymbolKind::Method,
                    (false, false) => SymbolKind::Function,
                };
                let (parent, depth) = attach_point(&items, scope);
                items.push(Item {
                    symbol: definition(node, kind, src),
                    parent,
                    depth,
                });
                let me = Some(items.len() - 1);
                if let Some(body) = node.child_by_field_name("body") {
                    push_children(&mut stack, body, me);
                }
            }
            "expression_statement" => {
                let in_scope = scope.is_none_or(|i| items[i].symbol.kind == SymbolKind::Class);
                if in_scope {
                    for (name_node, name) in assigned_names(node, src) {
                        if seen_vars.insert((scope, name.clone())) {
                            let (parent, depth) = attach_point(&items, scope);
                            items.push(Item {
                                symbol: variable(node, name_node, name, src),
                                parent,
                                depth,
                            });
                        }
                    }
                }
            }
            kind if TRANSPARENT.contains(&kind) => push_children(&mut stack, node, scope),
            _ => {}
        }
    }
    assemble(items)
}

/// Push `node`'s children so that they pop in source order.
fn push_children<'t>(
    stack: &mut Vec<(Node<'t>, Option<usize>)>,
    node: Node<'t>,
    scope: Option<usize>,
) {
    for c in named_children(node).rev() {
        stack.push((c, scope));
    }
}

fn definition(node: Node<'_>, kind: SymbolKind, src: &[u8]) -> Symbol {
    let name = node
        .child_by_field_name("name")
        .map(|n| identifier(n, src))
        .unwrap_or_default();
    let is_async = node.child(0).is_some_and(|c| c.kind() == "async");
    let decorators = match node.parent() {
        Some(p) if p.kind() == "decorated_definition" => decorators(p, src),
        _ => Vec::new(),
    };
    let type_params = node
        .child_by_field_name("type_parameters")
        .map(|t| collapsed(t, src, ATOMIC, is_comment))
        .unwrap_or_default();
    let signature = if kind == SymbolKind::Class {
        node.child_by_field_name("superclasses")
            .map(|b| format!("{type_params}{}", collapsed(b, src, ATOMIC, is_comment)))
            .or((!type_params.is_empty()).then_some(type_params))
    } else {
        let params = node
            .child_by_field_name("parameters")
            .map(|p| collapsed(p, src, ATOMIC, is_comment))
            .unwrap_or_default();
        let ret = node
            .child_by_field_name("return_type")
            .map(|r| format!(" -> {}", collapsed(r, src, ATOMIC, is_comment)))
            .unwrap_or_default();
        Some(format!("{type_params}{params}{ret}"))
    };
    Symbol {
        is_async,
        decorators,
        signature,
        doc: node
            .child_by_field_name("body")
            .and_then(|b| docstring(b, src)),
        ..Symbol::spanning(kind, name, node, node, src)
    }
}

fn decorators(decorated: Node<'_>, src: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for d in named_children(decorated) {
        if d.kind() != "decorator" {
            continue;
        }
        let expr = named_children(d).find(|c| !is_comment(c.kind()));
        if let Some(e) = expr {
            out.push(collapsed(e, src, ATOMIC, is_comment));
        }
    }
    out
}

/// The first non-empty line of a body's docstring: its first statement, if
/// that is a plain string (not an f-string or bytes, which `ast` does not
/// take for docstrings).
fn docstring(body: Node<'_>, src: &[u8]) -> Option<String> {
    let first = named_children(body).find(|c| !is_comment(c.kind()))?;
    if first.kind() != "expression_statement" || first.named_child_count() != 1 {
        return None;
    }
    let string = first.named_child(0)?;
    if string.kind() != "string" {
        return None;
    }
    let start = string.child(0)?;
    let end = string.child(string.child_count().checked_sub(1)?)?;
    if start.kind() != "string_start" || end.kind() != "string_end" {
        return None;
    }
    let prefix = node_text(start, src).to_ascii_lowercase();
    if prefix.contains('f') || prefix.contains('b') {
        return None;
    }
    let content = String::from_utf8_lossy(&src[start.end_byte()..end.start_byte()]).into_owned();
    content
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

fn variable(statement: Node<'_>, name_node: Node<'_>, name: String, src: &[u8]) -> Symbol {
    Symbol::spanning(SymbolKind::Variable, name, name_node, statement, src)
}

/// The names an assignment statement binds, in source order: every target
/// of a chain (`a = b = 1`), each name of tuple, list and starred targets.
fn assigned_names<'t>(statement: Node<'t>, src: &[u8]) -> Vec<(Node<'t>, String)> {
    let mut names = Vec::new();
    let Some(mut assignment) = statement.named_child(0) else {
        return names;
    };
    if assignment.kind() != "assignment" {
        return names;
    }
    loop {
        if let Some(left) = assignment.child_by_field_name("left") {
            target_names(left, src, &mut names);
        }
        match assignment.child_by_field_name("right") {
            Some(right) if right.kind() == "assignment" => assignment = right,
            _ => break,
        }
    }
    names
}

fn target_names<'t>(target: Node<'t>, src: &[u8], out: &mut Vec<(Node<'t>, String)>) {
    let mut stack = vec![target];
    while let Some(t) = stack.pop() {
        match t.kind() {
            "identifier" | "keyword_identifier" => out.push((t, identifier(t, src))),
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "list_splat_pattern"
            | "tuple"
            | "list"
            | "expression_list"
            | "parenthesized_expression"
            | "list_splat" => {
                stack.extend(named_children(t).rev());
            }
            // Attributes and subscripts bind no name.
            _ => {}
        }
    }
}

/// Build the tree from the flat list: children in source order.
pub(super) fn assemble(items: Vec<Item>) -> Vec<Symbol> {
    let n = items.len();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match item.parent {
            Some(p) => children[p].push(i),
            None => roots.push(i),
        }
    }
    let mut slots: Vec<Option<Symbol>> = items.into_iter().map(|i| Some(i.symbol)).collect();
    // Children always come after their parent in `items`: fill from the
    // end, so each child is complete before it is moved into its parent.
    for i in (0..n).rev() {
        let mut kids: Vec<Symbol> = children[i]
            .iter()
            .filter_map(|&c| slots[c].take())
            .collect();
        kids.sort_by_key(|s| (s.line, s.column));
        if let Some(sym) = slots[i].as_mut() {
            sym.children = kids;
        }
    }
    let mut out: Vec<Symbol> = roots.into_iter().filter_map(|r| slots[r].take()).collect();
    out.sort_by_key(|s| (s.line, s.column));
    out
}
