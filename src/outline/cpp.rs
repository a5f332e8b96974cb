//! C and C++ outlines: namespaces, classes, structs (and unions),
//! functions, methods and registration macros.
//!
//! - A function defined in a class body is a method (a `friend` defined
//!   there is a function, still shown in the class it is written in).
//! - A function defined out of line under a qualified name (`void
//!   Foo::Compute(...) {}`) is shown under an entry for its class: each run
//!   of such definitions, one after the other in one scope, is grouped
//!   under a `Foo` entry (kind class, or struct or namespace when the file
//!   defines `Foo` as one; its `doc` says [`OUT_OF_LINE`]) holding
//!   `Compute` (a method; a function when `Foo` is a namespace). The group
//!   spans its definitions only, so symbols still nest by lines; the class
//!   body, when the file has it, is an entry of its own.
//! - `namespace a::b {}` is two namespaces, `a` holding `b`, as in C++ (and
//!   universal-ctags).
//! - Operators keep their name as written: `operator==`, `operator()`,
//!   `operator bool` (conversions).
//! - Registration macros are entries of kind `macro` (see [`macro_name`]):
//!   a macro written as a statement at file or namespace level
//!   (`REGISTER_KERNEL_BUILDER(Name("Conv2D").Device(DEVICE_CPU), ...);`,
//!   `REGISTER_OP("Conv2D").Input(...)`), or as a block that tree-sitter
//!   reads as a function without a return type (`TORCH_LIBRARY(aten, m)
//!   {...}`, `PYBIND11_MODULE(example, m) {...}`, `TEST_F(Suite, Case)
//!   {...}`), when its name is written as macros are (`REGISTER_OP`,
//!   `TF_CALL_float`).
//! - Templates, `extern "C"` blocks and preprocessor conditionals are
//!   looked through. Declarations without a body (prototypes, forward
//!   declarations) are not definitions and are left out, as
//!   universal-ctags does by default.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::python::{Item, MAX_NESTING, assemble, attach_point};
use super::text::{collapsed, is_comment, named_children, node_text};
use super::{Symbol, SymbolKind};

/// Changes whenever the C and C++ outlines can change: the index cache is
/// keyed on it.
pub const VERSION: u32 = 2;

/// The `doc` of the entry that groups a class's out-of-line definitions:
/// it is not the class's definition, and the footer says so.
pub const OUT_OF_LINE: &str = "defined out of line";

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

/// Out-of-line definitions are grouped under at most this many levels of
/// qualifier (`a::b::Foo::f` is three); longer ones keep their qualified
/// name.
const MAX_QUALIFIER: usize = 4;

/// What the walk knows of a scope besides its item.
#[derive(Clone, Copy)]
struct Scope {
    item: Option<usize>,
    /// Inside a class or struct body: macros there are not registrations.
    in_type: bool,
}

pub fn symbols(root: Node<'_>, src: &[u8]) -> Vec<Symbol> {
    let mut items: Vec<Item> = Vec::new();
    // Out-of-line definitions: their start byte (the symbol's `column`
    // until columns are counted) and the qualifier they were written with.
    let mut qualifiers: HashMap<u32, Vec<String>> = HashMap::new();
    // Names the file defines, to tell what a qualifier names.
    let mut defined = Defined::default();
    let top = Scope {
        item: None,
        in_type: false,
    };
    let mut stack: Vec<(Node<'_>, Scope, bool)> = vec![(root, top, false)];
    while let Some((node, scope, friend)) = stack.pop() {
        let kind = node.kind();
        let mut made: Vec<(Symbol, Option<Node<'_>>)> = Vec::new();
        let mut body_in_type = false;
        match kind {
            "namespace_definition" => {
                let body = node.child_by_field_name("body");
                match node.child_by_field_name("name") {
                    // `namespace a::b {}`: `a` holding `b`.
                    Some(n) if n.kind() == "nested_namespace_specifier" => {
                        for part in named_children(n) {
                            let name = node_text(part, src);
                            defined.namespaces.insert(name.clone());
                            made.push((symbol(node, SymbolKind::Namespace, name, None, src), None));
                        }
                        if let Some(last) = made.last_mut() {
                            last.1 = body;
                        }
                    }
                    Some(n) => {
                        let name = node_text(n, src);
                        defined.namespaces.insert(name.clone());
                        made.push((symbol(node, SymbolKind::Namespace, name, None, src), body));
                    }
                    None => made.push((
                        symbol(
                            node,
                            SymbolKind::Namespace,
                            "(anonymous)".to_string(),
                            None,
                            src,
                        ),
                        body,
                    )),
                }
            }
            "class_specifier" | "struct_specifier" | "union_specifier" => {
                if let (Some(name), Some(body)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("body"),
                ) {
                    let k = if kind == "class_specifier" {
                        SymbolKind::Class
                    } else {
                        SymbolKind::Struct
                    };
                    let bases = named_children(node)
                        .find(|c| c.kind() == "base_class_clause")
                        .map(|b| collapsed(b, src, ATOMIC, is_comment));
                    let name = node_text(name, src);
                    let set = if k == SymbolKind::Class {
                        &mut defined.classes
                    } else {
                        &mut defined.structs
                    };
                    set.insert(without_template_args(&name).to_string());
                    made.push((symbol(node, k, name, bases, src), Some(body)));
                    body_in_type = true;
                }
            }
            // `Foo() = default;`, `= delete;`: declarations, not definitions
            // (universal-ctags does not list them either).
            "function_definition" if node.child_by_field_name("body").is_none() => {}
            "function_definition" => {
                if let Some(m) = block_macro(node, scope, src) {
                    made.push((m, None));
                } else if let Some((mut s, qualifier)) = function(node, src) {
                    let in_type = scope.item.is_some_and(|i| {
                        matches!(items[i].symbol.kind, SymbolKind::Class | SymbolKind::Struct)
                    });
                    // A method from `function`: a deep qualifier kept in the name.
                    let qualified = !qualifier.is_empty() || s.kind == SymbolKind::Method;
                    s.kind = if friend {
                        SymbolKind::Function
                    } else if in_type || qualified {
                        SymbolKind::Method
                    } else {
                        SymbolKind::Function
                    };
                    if !qualifier.is_empty() {
                        qualifiers.insert(s.column, qualifier);
                    }
                    made.push((s, None));
                }
            }
            "friend_declaration" => {
                for c in named_children(node).rev() {
                    stack.push((c, scope, true));
                }
            }
            "expression_statement" => {
                if let Some(m) = statement_macro(node, scope, src) {
                    made.push((m, None));
                }
            }
            // A type defined inside a declaration: `struct X {...} x;`,
            // `typedef struct Y {...} Y;`, a nested class in a class body.
            "declaration" | "type_definition" | "field_declaration" => {
                if kind == "declaration"
                    && let Some(m) = declaration_macro(node, scope, src)
                {
                    made.push((m, None));
                } else if let Some(t) = node.child_by_field_name("type") {
                    stack.push((t, scope, false));
                }
            }
            k if TRANSPARENT.contains(&k) => {
                for c in named_children(node).rev() {
                    stack.push((c, scope, false));
                }
            }
            _ => {}
        }
        let mut parent_scope = scope.item;
        let count = made.len();
        for (i, (symbol, body)) in made.into_iter().enumerate() {
            let (parent, depth) = attach_point(&items, parent_scope);
            items.push(Item {
                symbol,
                parent,
                depth,
            });
            let me = items.len() - 1;
            // A nested namespace's parts hold each other.
            if i + 1 < count {
                parent_scope = Some(me);
            }
            if let Some(body) = body {
                stack.push((
                    body,
                    Scope {
                        item: Some(me),
                        in_type: body_in_type,
                    },
                    false,
                ));
            }
        }
    }
    let mut symbols = assemble(items);
    group_out_of_line(&mut symbols, &qualifiers, &defined);
    symbols
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

/// Names defined in the file, without template arguments.
#[derive(Default)]
struct Defined {
    classes: HashSet<String>,
    structs: HashSet<String>,
    namespaces: HashSet<String>,
}

impl Defined {
    /// What a qualifier part most likely names: a namespace or struct the
    /// file defines under that name, else a class (what an out-of-line
    /// definition nearly always belongs to).
    fn kind_of(&self, name: &str) -> SymbolKind {
        if self.classes.contains(name) {
            SymbolKind::Class
        } else if self.structs.contains(name) {
            SymbolKind::Struct
        } else if self.namespaces.contains(name) {
            SymbolKind::Namespace
        } else {
            SymbolKind::Class
        }
    }
}

/// `Foo<T>` → `Foo`; names without template arguments as they are.
fn without_template_args(name: &str) -> &str {
    match name.find('<') {
        Some(i) if i > 0 && !name.starts_with("operator") => name[..i].trim_end(),
        _ => name,
    }
}

/// A function definition: its symbol (kind set by the caller) and the
/// qualifier it was written with (`["Foo"]` for `Foo::Compute`, empty for
/// an unqualified name).
fn function(node: Node<'_>, src: &[u8]) -> Option<(Symbol, Vec<String>)> {
    // The declarator may be wrapped: `int *f()`, `T &f()`, `(f)()`.
    let mut decl = node.child_by_field_name("declarator")?;
    loop {
        decl = match decl.kind() {
            "function_declarator" | "qualified_identifier" | "operator_cast" => break,
            "pointer_declarator"
            | "reference_declarator"
            | "parenthesized_declarator"
            | "attributed_declarator" => decl
                .child_by_field_name("declarator")
                .or_else(|| named_children(decl).next_back())?,
            _ => return None,
        };
    }
    // The node holding the parameters, and the name (maybe qualified).
    let (params_holder, name_node) = if decl.kind() == "function_declarator" {
        (decl, decl.child_by_field_name("declarator")?)
    } else {
        // `Foo::operator bool() const {}`, `operator bool() const {}`:
        // the conversion's declarator holds the parameters.
        let (_, base) = split_qualified(decl, src);
        if base.kind() != "operator_cast" {
            return None;
        }
        let mut holder = base.child_by_field_name("declarator")?;
        while holder.kind() != "abstract_function_declarator" {
            holder = holder
                .child_by_field_name("declarator")
                .or_else(|| named_children(holder).next_back())?;
        }
        (holder, decl)
    };
    let name_node = unwrap_macro_name(name_node, src);
    let (qualifier, base) = split_qualified(name_node, src);
    let name = match base.kind() {
        // `operator bool`, `operator const T&`: the text up to the
        // parameters.
        "operator_cast" => {
            let end = params_holder.start_byte().max(base.start_byte());
            String::from_utf8_lossy(&src[base.start_byte()..end])
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        }
        _ => collapsed(base, src, ATOMIC, is_comment),
    };
    let skip = (params_holder.id() == decl.id()).then_some(name_node.id());
    let signature = Some(parameters_and_after(params_holder, skip, src));
    if qualifier.len() > MAX_QUALIFIER {
        // Not grouped: the name as written.
        let name = collapsed(name_node, src, ATOMIC, is_comment);
        return Some((
            symbol(node, SymbolKind::Method, name, signature, src),
            vec![],
        ));
    }
    Some((
        symbol(node, SymbolKind::Function, name, signature, src),
        qualifier,
    ))
}

/// A function's name wrapped in a macro, `void
/// GREENLET_NOINLINE(Greenlet::expose_frames)() {}`: the name inside.
fn unwrap_macro_name<'t>(name: Node<'t>, src: &[u8]) -> Node<'t> {
    if name.kind() != "function_declarator" {
        return name;
    }
    let inner = || {
        let m = name.child_by_field_name("declarator")?;
        if m.kind() != "identifier" || !macro_like(&node_text(m, src)) {
            return None;
        }
        let params = name.child_by_field_name("parameters")?;
        let mut args = named_children(params).filter(|c| !is_comment(c.kind()));
        let only = args.next()?;
        if args.next().is_some()
            || only.kind() != "parameter_declaration"
            || only.child_by_field_name("declarator").is_some()
        {
            return None;
        }
        let t = only.child_by_field_name("type")?;
        matches!(t.kind(), "qualified_identifier" | "type_identifier").then_some(t)
    };
    inner().unwrap_or(name)
}

/// The parameters and what follows them (`const`, `override`, `noexcept`,
/// a trailing return type): the children of `holder` but `skip` (the name)
/// and comments, collapsed.
fn parameters_and_after(holder: Node<'_>, skip: Option<usize>, src: &[u8]) -> String {
    let mut signature = String::new();
    let mut started = skip.is_none();
    for i in 0..holder.child_count() {
        let Some(c) = holder.child(i) else { continue };
        if Some(c.id()) == skip {
            started = true;
            continue;
        }
        if started && !is_comment(c.kind()) {
            if !signature.is_empty() {
                signature.push(' ');
            }
            signature.push_str(&collapsed(c, src, ATOMIC, is_comment));
        }
    }
    signature
}

/// A possibly qualified name split into its qualifier's parts (template
/// arguments dropped: `Foo<T>::bar` is `Foo`'s) and the last part's node.
fn split_qualified<'t>(mut node: Node<'t>, src: &[u8]) -> (Vec<String>, Node<'t>) {
    let mut parts = Vec::new();
    while node.kind() == "qualified_identifier" {
        // Error recovery can make `type name` a qualified name with a
        // missing `::` (`NPY_INLINE npy_extint128_t\nadd_128(...)`): the
        // "scope" is the return type.
        let missing = (0..node.child_count())
            .filter_map(|i| node.child(i))
            .any(|c| c.is_missing());
        if missing {
            parts.clear();
        } else if let Some(scope) = node.child_by_field_name("scope") {
            let text = match scope.kind() {
                "template_type" => scope
                    .child_by_field_name("name")
                    .map_or_else(|| node_text(scope, src), |n| node_text(n, src)),
                _ => node_text(scope, src),
            };
            parts.push(without_template_args(text.trim()).to_string());
        }
        match node.child_by_field_name("name") {
            Some(n) => node = n,
            None => break,
        }
    }
    (parts, node)
}

/// Written as a macro is: `REGISTER_OP`, `TORCH_LIBRARY_IMPL`,
/// `TF_CALL_float`, `C10_REGISTER_CLASS`: a capital letter first, and a
/// first part (to the first `_`) of capitals and digits, the whole name
/// capitals when it has no `_`.
pub(super) fn macro_like(name: &str) -> bool {
    let b = name.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_uppercase() {
        return false;
    }
    if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return false;
    }
    let first = name.split('_').next().unwrap_or("");
    let caps = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    if name.contains('_') {
        !first.is_empty() && caps(first)
    } else {
        caps(name)
    }
}

/// Macros are entries at file or namespace level (and in `extern "C"`
/// blocks and preprocessor conditionals there), not in a class or a body.
fn macro_scope(scope: Scope) -> bool {
    !scope.in_type
}

/// `TORCH_LIBRARY(aten, m) {...}`: tree-sitter reads it as the definition
/// of a function without a return type.
fn block_macro(node: Node<'_>, scope: Scope, src: &[u8]) -> Option<Symbol> {
    let (macro_name, params) = untyped_macro_call(node, scope, src)?;
    let args: Vec<String> = named_children(params)
        .filter(|c| !is_comment(c.kind()))
        .map(|c| collapsed(c, src, ATOMIC, is_comment))
        .collect();
    // No signature: the name holds what the arguments say but the
    // block's variable.
    Some(symbol(
        node,
        SymbolKind::Macro,
        macro_name_with(&macro_name, &block_key(&macro_name, &args)),
        None,
        src,
    ))
}

/// A definition or declaration that is a macro call as tree-sitter reads
/// it, a function declarator named like a macro with no return type (in
/// a scope where macros register things): the macro's name and its
/// parameter list.
fn untyped_macro_call<'t>(node: Node<'t>, scope: Scope, src: &[u8]) -> Option<(String, Node<'t>)> {
    if !macro_scope(scope) || node.child_by_field_name("type").is_some() {
        return None;
    }
    let decl = node.child_by_field_name("declarator")?;
    if decl.kind() != "function_declarator" {
        return None;
    }
    let name_node = decl.child_by_field_name("declarator")?;
    if name_node.kind() != "identifier" {
        return None;
    }
    let macro_name = node_text(name_node, src);
    if !macro_like(&macro_name) {
        return None;
    }
    Some((macro_name, decl.child_by_field_name("parameters")?))
}

/// What names a block macro: its arguments but the last, which is the
/// variable the block uses (`m` of `TORCH_LIBRARY(aten, m)`), except for
/// tests, whose arguments are all names (`TEST_F(Suite, Case)`).
fn block_key(macro_name: &str, args: &[String]) -> String {
    let is_test = macro_name.starts_with("TEST") || macro_name.starts_with("TYPED_TEST");
    let keep = if is_test || args.len() < 2 {
        args.len()
    } else {
        args.len() - 1
    };
    args[..keep].join(" ")
}

/// `REGISTER_KERNEL_BUILDER(...);` written as a statement, maybe chained
/// (`REGISTER_OP("Conv2D").Input("x: T")...;`): the innermost call.
fn statement_macro(node: Node<'_>, scope: Scope, src: &[u8]) -> Option<Symbol> {
    if !macro_scope(scope) {
        return None;
    }
    let mut call = named_children(node).find(|c| !is_comment(c.kind()))?;
    // Down the chain to the first call: `A(...).B(...).C(...)`.
    let (macro_name, args) = loop {
        if call.kind() != "call_expression" {
            return None;
        }
        let f = call.child_by_field_name("function")?;
        match f.kind() {
            "identifier" => break (node_text(f, src), call.child_by_field_name("arguments")?),
            "field_expression" => call = f.child_by_field_name("argument")?,
            _ => return None,
        }
    };
    if !macro_like(&macro_name) {
        return None;
    }
    let key = statement_key(args, src);
    let args = collapsed(args, src, ATOMIC, is_comment);
    Some(symbol(
        node,
        SymbolKind::Macro,
        macro_name_with(&macro_name, &key),
        says_more(&args, &key).then_some(args),
        src,
    ))
}

/// `TF_CALL_float(REGISTER_CPU);` may also read as a declaration of a
/// function without a return type.
fn declaration_macro(node: Node<'_>, scope: Scope, src: &[u8]) -> Option<Symbol> {
    let (macro_name, params) = untyped_macro_call(node, scope, src)?;
    let first = named_children(params)
        .find(|c| !is_comment(c.kind()))
        .map(|c| collapsed(c, src, ATOMIC, is_comment))
        .unwrap_or_default();
    let args = collapsed(params, src, ATOMIC, is_comment);
    Some(symbol(
        node,
        SymbolKind::Macro,
        macro_name_with(&macro_name, &first),
        says_more(&args, &first).then_some(args),
        src,
    ))
}

/// What names a statement macro: the first string among its arguments
/// (`Conv2D` of `Name("Conv2D")`, of `REGISTER_OP("Conv2D")`), else its
/// first argument (`add_stub` of `REGISTER_DISPATCH(add_stub, &kernel)`).
fn statement_key(args: Node<'_>, src: &[u8]) -> String {
    let mut stack: Vec<Node<'_>> = named_children(args).rev().collect();
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        if n.kind() == "string_literal" {
            let content: String = named_children(n)
                .filter(|c| c.kind() == "string_content")
                .map(|c| node_text(c, src))
                .collect();
            if !content.is_empty() {
                return content;
            }
        }
        stack.extend(named_children(n).rev());
    }
    named_children(args)
        .find(|c| !is_comment(c.kind()))
        .map(|c| collapsed(c, src, ATOMIC, is_comment))
        .unwrap_or_default()
}

/// Whether a statement macro's arguments say more than its name's key:
/// `(Name("Conv2D").Device(DEVICE_CPU), Conv2DOp<CPUDevice, float>)` does,
/// `("Conv2D")` and `(REGISTER_CPU)` do not.
fn says_more(args: &str, key: &str) -> bool {
    let inner = args
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .unwrap_or(args)
        .trim();
    let inner = inner
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .unwrap_or(inner);
    inner != key && !inner.is_empty()
}

/// `REGISTER_KERNEL_BUILDER Conv2D`: the macro and what it registers, cut
/// to a readable length.
fn macro_name_with(macro_name: &str, key: &str) -> String {
    const MAX_KEY: usize = 60;
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    if key.is_empty() {
        return macro_name.to_string();
    }
    let mut cut: String = key.chars().take(MAX_KEY).collect();
    if cut.len() < key.len() {
        cut.push('…');
    }
    format!("{macro_name} {cut}")
}

/// Group each run of out-of-line definitions with the same qualifier,
/// one after the other among their siblings, under an entry named for it
/// (nested for `a::Foo::f`). Iterative over the tree's lists.
fn group_out_of_line(
    symbols: &mut Vec<Symbol>,
    qualifiers: &HashMap<u32, Vec<String>>,
    defined: &Defined,
) {
    if qualifiers.is_empty() {
        return;
    }
    let taken = std::mem::take(symbols);
    *symbols = regroup_tree(taken, qualifiers, defined);
}

fn regroup_tree(
    roots: Vec<Symbol>,
    qualifiers: &HashMap<u32, Vec<String>>,
    defined: &Defined,
) -> Vec<Symbol> {
    // Work list of (symbol list, depth, slot to put the result in).
    // Regrouping a list never changes its children's lists, so lists are
    // regrouped top-down: a list is regrouped, then each member's children.
    struct Frame {
        list: Vec<Symbol>,
        done: Vec<Symbol>,
        depth: usize,
    }
    let mut stack = vec![Frame {
        list: regroup(roots, qualifiers, defined, 1),
        done: Vec::new(),
        depth: 1,
    }];
    stack[0].list.reverse();
    loop {
        let top = stack.len() - 1;
        match stack[top].list.pop() {
            Some(mut s) => {
                let kids = std::mem::take(&mut s.children);
                let depth = stack[top].depth + 1;
                // A group made here holds what is grouped already.
                let made_here = s.doc.as_deref() == Some(OUT_OF_LINE);
                stack[top].done.push(s);
                let mut list = if made_here {
                    kids
                } else {
                    regroup(kids, qualifiers, defined, depth)
                };
                list.reverse();
                stack.push(Frame {
                    list,
                    done: Vec::new(),
                    depth,
                });
            }
            None => {
                let Some(frame) = stack.pop() else {
                    return Vec::new();
                };
                match stack.last_mut() {
                    Some(parent) => {
                        if let Some(owner) = parent.done.last_mut() {
                            owner.children = frame.done;
                        }
                    }
                    None => return frame.done,
                }
            }
        }
    }
}

/// One list of siblings with its runs of out-of-line definitions grouped.
/// Groups are not made deeper than [`MAX_NESTING`] and a few levels of
/// qualifier.
fn regroup(
    list: Vec<Symbol>,
    qualifiers: &HashMap<u32, Vec<String>>,
    defined: &Defined,
    depth: usize,
) -> Vec<Symbol> {
    if !list.iter().any(|s| qualifiers.contains_key(&s.column)) {
        return list;
    }
    let mut out: Vec<Symbol> = Vec::new();
    // The open group chain of the last symbol added: its qualifier.
    let mut open: Vec<String> = Vec::new();
    for mut s in list {
        let q = qualifiers.get(&s.column).filter(|q| {
            s.kind == SymbolKind::Method && depth + q.len() <= MAX_NESTING + MAX_QUALIFIER
        });
        let Some(q) = q else {
            out.push(s);
            open.clear();
            continue;
        };
        // How much of the open chain this one shares.
        let shared = open.iter().zip(q).take_while(|(a, b)| a == b).count();
        // Walk down the shared part of the chain from `out`'s last entry.
        let mut list: &mut Vec<Symbol> = &mut out;
        for _ in 0..shared {
            let Some(n) = list.len().checked_sub(1) else {
                break;
            };
            list[n].end_line = list[n].end_line.max(s.end_line);
            list = &mut list[n].children;
        }
        for name in &q[shared..] {
            let kind = defined.kind_of(name);
            list.push(Symbol {
                kind,
                name: name.clone(),
                line: s.line,
                end_line: s.end_line,
                column: s.column,
                is_async: false,
                decorators: Vec::new(),
                signature: None,
                doc: Some(OUT_OF_LINE.to_string()),
                children: Vec::new(),
            });
            let n = list.len() - 1;
            list = &mut list[n].children;
        }
        let owner_kind = q.last().map(|n| defined.kind_of(n));
        if owner_kind == Some(SymbolKind::Namespace) {
            s.kind = SymbolKind::Function;
        }
        list.push(s);
        open = q.clone();
    }
    out
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::outline::{Lang, Outline, outline};

    fn run(src: &str) -> Outline {
        outline(
            Some(Lang::Cpp),
            src.as_bytes(),
            usize::MAX,
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    /// `kind path Lline` for every symbol.
    fn rows(src: &str) -> Vec<String> {
        run(src)
            .dotted()
            .into_iter()
            .map(|(d, s)| format!("{} {d} L{}", s.kind.as_str(), s.line))
            .collect()
    }

    #[test]
    fn out_of_line_methods_are_grouped_under_their_class() {
        let src = "\
class ConvOp : public OpKernel {
 public:
  void Compute(OpKernelContext* ctx) override;
  int size() const { return 0; }
};

ConvOp::ConvOp() : x_(1) {}
ConvOp::~ConvOp() {}
void ConvOp::Compute(OpKernelContext* ctx) {
}
int free_function() { return 1; }
template <typename T>
T* Pool<T>::Get(int i) { return nullptr; }
Pool<int>::operator bool() const { return true; }
namespace detail { int helper(); }
int detail::helper() { return 2; }
";
        assert_eq!(
            rows(src),
            [
                "class ConvOp L1",
                "method ConvOp.size L4",
                "class ConvOp L7",
                "method ConvOp.ConvOp L7",
                "method ConvOp.~ConvOp L8",
                "method ConvOp.Compute L9",
                "function free_function L11",
                "class Pool L13",
                "method Pool.Get L13",
                "method Pool.operator bool L14",
                "namespace detail L15",
                "namespace detail L16",
                "function detail.helper L16",
            ]
        );
        let o = run(src);
        let group = &o.symbols[1];
        assert_eq!((group.line, group.end_line), (7, 10));
        assert_eq!(group.doc.as_deref(), Some(OUT_OF_LINE));
        assert_eq!(
            group.children[2].signature.as_deref(),
            Some("(OpKernelContext* ctx)")
        );
        assert_eq!(
            o.symbols[3].children[1].signature.as_deref(),
            Some("() const")
        );
    }

    #[test]
    fn nested_qualifiers_nest_and_runs_share_groups() {
        let src = "\
void a::Foo::f() {}
void a::Foo::g() {}
void a::Bar::h() {}
void Foo::k() {}
";
        assert_eq!(
            rows(src),
            [
                "class a L1",
                "class a.Foo L1",
                "method a.Foo.f L1",
                "method a.Foo.g L2",
                "class a.Bar L3",
                "method a.Bar.h L3",
                "class Foo L4",
                "method Foo.k L4",
            ]
        );
        let o = run(src);
        assert_eq!((o.symbols[0].line, o.symbols[0].end_line), (1, 3));
    }

    #[test]
    fn operators_templates_namespaces_and_extern_c() {
        let src = "\
namespace a::b {
template <typename T>
struct Vec {
  bool operator==(const Vec& o) const { return true; }
  T& operator[](int i) { return data[i]; }
  void operator()(int x) {}
  explicit operator bool() const { return true; }
  friend void swap(Vec& x, Vec& y) {}
};
namespace {
inline int hidden() { return 0; }
}
}  // namespace a::b
extern \"C\" {
int c_entry(void) { return 0; }
}
extern \"C\" int one_line(void) { return 1; }
bool operator<(const A& x, const A& y) { return false; }
";
        assert_eq!(
            rows(src),
            [
                "namespace a L1",
                "namespace a.b L1",
                "struct a.b.Vec L3",
                "method a.b.Vec.operator== L4",
                "method a.b.Vec.operator[] L5",
                "method a.b.Vec.operator() L6",
                "method a.b.Vec.operator bool L7",
                "function a.b.Vec.swap L8",
                "namespace a.b.(anonymous) L10",
                "function a.b.(anonymous).hidden L11",
                "function c_entry L15",
                "function one_line L17",
                "function operator< L18",
            ]
        );
    }

    #[test]
    fn registration_macros_are_entries() {
        let src = "\
namespace tensorflow {
class Conv2DOp : public OpKernel {
  TF_DISALLOW_COPY_AND_ASSIGN(Conv2DOp);
};
REGISTER_KERNEL_BUILDER(Name(\"Conv2D\").Device(DEVICE_CPU), Conv2DOp<CPUDevice, float>);
REGISTER_OP(\"Conv2D\")
    .Input(\"input: T\")
    .Output(\"output: T\");
TF_CALL_float(REGISTER_CPU);
}  // namespace tensorflow
TORCH_LIBRARY(aten, m) {
  m.def(\"add(Tensor a) -> Tensor\");
}
TORCH_LIBRARY_IMPL(aten, CPU, m) {
  m.impl(\"add\", add_cpu);
}
PYBIND11_MODULE(example, m) { m.def(\"f\", &f); }
TEST_F(ConvTest, Simple) {}
REGISTER_DISPATCH(add_stub, &add_kernel);
int main() { return 0; }
";
        assert_eq!(
            rows(src),
            [
                "namespace tensorflow L1",
                "class tensorflow.Conv2DOp L2",
                "macro tensorflow.REGISTER_KERNEL_BUILDER Conv2D L5",
                "macro tensorflow.REGISTER_OP Conv2D L6",
                "macro tensorflow.TF_CALL_float REGISTER_CPU L9",
                "macro TORCH_LIBRARY aten L11",
                "macro TORCH_LIBRARY_IMPL aten CPU L14",
                "macro PYBIND11_MODULE example L17",
                "macro TEST_F ConvTest Simple L18",
                "macro REGISTER_DISPATCH add_stub L19",
                "function main L20",
            ]
        );
        let o = run(src);
        let reg = &o.symbols[0].children[1];
        assert_eq!(
            reg.signature.as_deref(),
            Some("(Name(\"Conv2D\").Device(DEVICE_CPU), Conv2DOp<CPUDevice, float>)")
        );
        assert_eq!((reg.line, reg.end_line), (5, 5));
        let op = &o.symbols[0].children[2];
        assert_eq!((op.line, op.end_line), (6, 8));
        assert_eq!(o.symbols[2].signature, None);
        assert_eq!(op.signature, None, "REGISTER_OP(\"Conv2D\") says no more");
    }

    #[test]
    fn macro_names() {
        for yes in [
            "REGISTER_OP",
            "TORCH_LIBRARY_IMPL",
            "TF_CALL_float",
            "C10_REGISTER_CLASS",
            "TEST",
        ] {
            assert!(macro_like(yes), "{yes}");
        }
        for no in [
            "main",
            "Foo",
            "PyInit_foo",
            "Tensor",
            "_FOO",
            "A",
            "Py_BuildValue",
        ] {
            assert!(!macro_like(no), "{no}");
        }
    }

    #[test]
    fn c_files_get_functions_and_macros() {
        let src = "\
struct list { struct list *next; };
static int *find(struct list *head) { return 0; }
NPY_NO_EXPORT int PyArray_Foo(int x) { return 0; }
";
        let o = outline(
            Some(Lang::C),
            src.as_bytes(),
            usize::MAX,
            &AtomicBool::new(false),
        )
        .unwrap();
        let names: Vec<String> = o
            .dotted()
            .into_iter()
            .map(|(d, s)| format!("{} {d}", s.kind.as_str()))
            .collect();
        assert_eq!(
            names,
            ["struct list", "function find", "function PyArray_Foo"]
        );
    }

    #[test]
    fn recovered_shapes_of_macro_heavy_code() {
        let src = "\
static NPY_INLINE npy_extint128_t
add_128(npy_extint128_t x, char *overflow)
{
    return x;
}
namespace greenlet {
void GREENLET_NOINLINE(Greenlet::expose_frames)()
{
}
}
";
        assert_eq!(
            rows(src),
            [
                "function add_128 L1",
                "namespace greenlet L6",
                "class greenlet.Greenlet L7",
                "method greenlet.Greenlet.expose_frames L7",
            ]
        );
    }

    #[test]
    fn a_deep_qualifier_keeps_its_name() {
        let src = "void a::b::c::d::e::f() {}\n";
        assert_eq!(rows(src), ["method a::b::c::d::e::f L1"]);
    }
}
