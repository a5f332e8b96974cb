//! C and C++ outlines: namespaces, classes, structs (and unions),
//! functions and methods. A function defined in a class body is a method;
//! so is one defined out of line under a qualified name (`void
//! Foo::bar() {}`), which is nearly always a member in real code. Templates,
//! `extern "C"` blocks and preprocessor conditionals are looked through.
//! Declarations without a body (prototypes, forward declarations) are not
//! definitions and are left out, as universal-ctags does by default.

use tree_sitter::Node;

use super::python::{Item, assemble, attach_point};
use super::text::{collapsed, is_comment, named_children, node_text};
use super::{Symbol, SymbolKind};

const TRANSPARENT: &[&str] = &[
    "translation_unit",
    "declaration_list",
    "field_declaration_list",
    "template_declaration",
    "linkage_specification",
    "preproc_if",
    "preproc_ifdef",
    "preproc_else",
    "preproc_elif",
    "preproc_elifdef",
    "ERROR",
];

const ATOMIC: &[&str] = &["string_literal", "raw_string_literal"];

pub fn symbols(root: Node<'_>, src: &[u8]) -> Vec<Symbol> {
    let mut items: Vec<Item> = Vec::new();
    let mut stack: Vec<(Node<'_>, Option<usize>)> = vec![(root, None)];
    while let Some((node, scope)) = stack.pop() {
        let kind = node.kind();
        let made = match kind {
            "namespace_definition" => {
                let name = node
                    .child_by_field_name("name")
                    .map_or_else(|| "(anonymous)".to_string(), |n| node_text(n, src));
                Some((
                    symbol(node, SymbolKind::Namespace, name, None, src),
                    node.child_by_field_name("body"),
                ))
            }
            "class_specifier" | "struct_specifier" | "union_specifier" => {
                match (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("body"),
                ) {
                    (Some(name), Some(body)) => {
                        let k = if kind == "class_specifier" {
                            SymbolKind::Class
                        } else {
                            SymbolKind::Struct
                        };
                        let bases = named_children(node)
                            .find(|c| c.kind() == "base_class_clause")
                            .map(|b| collapsed(b, src, ATOMIC, is_comment));
                        Some((
                            symbol(node, k, node_text(name, src), bases, src),
                            Some(body),
                        ))
                    }
                    _ => None,
                }
            }
            "function_definition" => function(node, scope, &items, src).map(|s| (s, None)),
            // A type defined inside a declaration: `struct X {...} x;`,
            // `typedef struct Y {...} Y;`, a nested class in a class body.
            "declaration" | "type_definition" | "field_declaration" => {
                if let Some(t) = node.child_by_field_name("type") {
                    stack.push((t, scope));
                }
                None
            }
            k if TRANSPARENT.contains(&k) => {
                for c in named_children(node).rev() {
                    stack.push((c, scope));
                }
                None
            }
            _ => None,
        };
        if let Some((symbol, body)) = made {
            let (parent, depth) = attach_point(&items, scope);
            items.push(Item {
                symbol,
                parent,
                depth,
            });
            if let Some(body) = body {
                stack.push((body, Some(items.len() - 1)));
            }
        }
    }
    assemble(items)
}

fn symbol(
    node: Node<'_>,
    kind: SymbolKind,
    name: String,
    signature: Option<String>,
    src: &[u8],
) -> Symbol {
    Symbol {
        signature,
        ..Symbol::spanning(kind, name, node, node, src)
    }
}

fn function(node: Node<'_>, scope: Option<usize>, items: &[Item], src: &[u8]) -> Option<Symbol> {
    // The declarator may be wrapped: `int *f()`, `T &f()`, `(f)()`.
    let mut decl = node.child_by_field_name("declarator")?;
    while decl.kind() != "function_declarator" {
        decl = match decl.kind() {
            "pointer_declarator"
            | "reference_declarator"
            | "parenthesized_declarator"
            | "attributed_declarator" => decl
                .child_by_field_name("declarator")
                .or_else(|| named_children(decl).next_back())?,
            _ => return None,
        };
    }
    let name_node = decl.child_by_field_name("declarator")?;
    let name = node_text(name_node, src);
    let mut signature = String::new();
    let mut after_name = false;
    for i in 0..decl.child_count() {
        let Some(c) = decl.child(i) else { continue };
        if c.id() == name_node.id() {
            after_name = true;
            continue;
        }
        if after_name && !is_comment(c.kind()) {
            if !signature.is_empty() {
                signature.push(' ');
            }
            signature.push_str(&collapsed(c, src, ATOMIC, is_comment));
        }
    }
    let in_type = scope
        .is_some_and(|i| matches!(items[i].symbol.kind, SymbolKind::Class | SymbolKind::Struct));
    let qualified = name_node.kind() == "qualified_identifier";
    let kind = if in_type || qualified {
        SymbolKind::Method
    } else {
        SymbolKind::Function
    };
    Some(symbol(node, kind, name, Some(signature), src))
}
