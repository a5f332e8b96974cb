//! What one Python file says about names: its scopes, what each scope
//! binds, every name and attribute it uses, its imports and `__all__`.
//!
//! Facts are a function of the file's bytes alone (cached by blob id); the
//! linking across files happens in `resolve.rs`. The walk over the
//! tree-sitter tree is iterative: no Python nesting, however deep, can
//! overflow the stack, and attribute chains are unrolled in a loop.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use crate::outline::{Lang, parse};

/// A place in a file: line 1-based, column 0-based in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl Pos {
    pub const START: Pos = Pos { line: 1, col: 0 };
}

/// An interned identifier of one file (`Facts::names`).
pub type Name = u32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
    Comprehension,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MethodKind {
    /// Not a def directly in a class body.
    None,
    Instance,
    Class,
    Static,
    Property,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Scope {
    pub kind: ScopeKind,
    /// The enclosing scope; the module's is itself (0).
    pub parent: u32,
    /// The `def`/`class` binding in the parent scope.
    pub binding: Option<u32>,
    pub start: Pos,
    pub end: Pos,
    /// Class bases, as expressions evaluated in the parent scope.
    pub bases: Vec<u32>,
    /// A def's return annotation, as the type it names.
    pub returns: Option<u32>,
    pub method: MethodKind,
    /// The first parameter of a method (`self`, `cls`).
    pub first_param: Option<Name>,
    pub globals: Vec<Name>,
    pub nonlocals: Vec<Name>,
    /// `from m import *` statements of this scope (indexes in `imports`).
    pub stars: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BindKind {
    /// `def`: the scope it opens.
    Function(u32),
    /// `class`: the scope it opens.
    Class(u32),
    Parameter,
    /// Assignments, `for`/`with`/`except` targets, walrus, `match` captures.
    Variable,
    /// An import: the statement in `imports`.
    Import(u32),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Binding {
    pub scope: u32,
    pub name: Name,
    /// Where the bound name is written.
    pub pos: Pos,
    /// From where on it is bound (the end of its statement).
    pub live: Pos,
    pub kind: BindKind,
    /// The assigned value, for inferring a type.
    pub value: Option<u32>,
    /// The annotated type.
    pub annotation: Option<u32>,
    /// Bound from a nested function through `global` or `nonlocal`.
    #[serde(default)]
    pub redirected: bool,
}

/// `self.x = ...` (or `cls.x = ...`) in a method: an attribute of the class.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AttrDef {
    pub class: u32,
    pub name: Name,
    pub pos: Pos,
    pub value: Option<u32>,
    pub annotation: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    /// `import a.b.c`: binds `a` (the module `a`).
    Module,
    /// `import a.b.c as d`: binds `d` (the module `a.b.c`).
    ModuleAs,
    /// `from m import x [as y]`.
    From,
    /// `from m import *`.
    Star,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Import {
    pub kind: ImportKind,
    /// Leading dots of a relative import.
    pub level: u32,
    pub module: Vec<Name>,
    /// The imported name of a `from` import.
    pub member: Option<Name>,
    pub pos: Pos,
    pub scope: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    /// A name, looked up in `scope` as seen from `pos`.
    Name { name: Name, scope: u32, pos: Pos },
    /// `base.name`.
    Attr { base: u32, name: Name, pos: Pos },
    /// A call of `func`.
    Call { func: u32 },
    /// `base[...]`.
    Subscript { base: u32 },
    /// Anything else (a literal, an operator...).
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Target {
    /// A name or attribute read: an expression.
    Use(u32),
    /// A bound name: a binding.
    Def(u32),
    /// `self.x` assigned in a method.
    AttrDef(u32),
    /// A component of an import's module path: the first `upto` of them.
    Module { import: u32, upto: u32 },
    /// A keyword argument's name in a call of the expression `func`.
    Keyword { func: u32 },
}

/// An identifier of the file and what it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    pub pos: Pos,
    /// Its length in characters.
    pub len: u32,
    pub name: Name,
    pub target: Target,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Facts {
    pub names: Vec<String>,
    pub scopes: Vec<Scope>,
    pub bindings: Vec<Binding>,
    pub attr_defs: Vec<AttrDef>,
    pub imports: Vec<Import>,
    pub exprs: Vec<Expr>,
    /// In position order.
    pub sites: Vec<Site>,
    /// The literal `__all__`, if the module has one.
    pub all: Option<Vec<Name>>,
    /// Names whose own `__all__` it adds (`__all__ = aggregates_all +
    /// [...]` after `from .aggregates import __all__ as aggregates_all`).
    #[serde(default)]
    pub all_parts: Vec<Name>,
    /// The arms of every `if` statement: (statement, arm, start, end). A
    /// name bound in one arm is not what a use in another arm reads.
    pub arms: Vec<(u32, u32, Pos, Pos)>,
    pub syntax_errors: bool,
    /// Lines of the file.
    pub lines: u32,
}

impl Facts {
    /// Whether every index the facts hold is in range: facts read from a
    /// cache file that is damaged are dropped instead of trusted.
    pub fn is_consistent(&self) -> bool {
        let (n, sc, b, e, i, a) = (
            self.names.len() as u32,
            self.scopes.len() as u32,
            self.bindings.len() as u32,
            self.exprs.len() as u32,
            self.imports.len() as u32,
            self.attr_defs.len() as u32,
        );
        let opt = |x: Option<u32>, len: u32| x.is_none_or(|x| x < len);
        sc > 0
            && self.scopes.iter().all(|s| {
                s.parent < sc
                    && opt(s.binding, b)
                    && s.bases.iter().all(|&x| x < e)
                    && opt(s.returns, e)
                    && opt(s.first_param, n)
                    && s.globals.iter().chain(&s.nonlocals).all(|&x| x < n)
                    && s.stars.iter().all(|&x| x < i)
            })
            && self.bindings.iter().all(|x| {
                x.scope < sc
                    && x.name < n
                    && opt(x.value, e)
                    && opt(x.annotation, e)
                    && match x.kind {
                        BindKind::Function(s) | BindKind::Class(s) => s < sc,
                        BindKind::Import(m) => m < i,
                        BindKind::Parameter | BindKind::Variable => true,
                    }
            })
            && self
                .attr_defs
                .iter()
                .all(|x| x.class < sc && x.name < n && opt(x.value, e) && opt(x.annotation, e))
            && self
                .imports
                .iter()
                .all(|x| x.scope < sc && x.module.iter().all(|&m| m < n) && opt(x.member, n))
            && self.exprs.iter().enumerate().all(|(k, x)| match *x {
                Expr::Name { name, scope, .. } => name < n && scope < sc,
                // An expression only refers to earlier ones: no cycles.
                Expr::Attr { base, name, .. } => (base as usize) < k && name < n,
                Expr::Call { func: x } | Expr::Subscript { base: x } => (x as usize) < k,
                Expr::Other => true,
            })
            && self.sites.iter().all(|x| {
                x.name < n
                    && match x.target {
                        Target::Use(u) => u < e,
                        Target::Def(d) => d < b,
                        Target::AttrDef(d) => d < a,
                        Target::Module { import, .. } => import < i,
                        Target::Keyword { func } => func < e,
                    }
            })
            && self.all.iter().flatten().all(|&x| x < n)
            && self.all_parts.iter().all(|&x| x < n)
    }

    /// Whether `a` and `b` lie in different arms of one `if` statement.
    pub fn exclusive(&self, a: Pos, b: Pos) -> bool {
        let arm_of = |p: Pos| {
            self.arms
                .iter()
                .filter(move |(_, _, s, e)| *s <= p && p <= *e)
                .map(|(i, arm, _, _)| (*i, *arm))
        };
        arm_of(a).any(|(i, arm)| arm_of(b).any(|(j, other)| i == j && arm != other))
    }

    pub fn name(&self, n: Name) -> &str {
        self.names.get(n as usize).map_or("", String::as_str)
    }

    /// The site under (line 1-based, column 0-based in characters).
    pub fn site_at(&self, pos: Pos) -> Option<usize> {
        let i = self.sites.partition_point(|s| s.pos <= pos);
        let s = self.sites.get(i.checked_sub(1)?)?;
        (s.pos.line == pos.line && pos.col < s.pos.col + s.len.max(1)).then_some(i - 1)
    }

    /// Names defined in class bodies and as `self.x`: what an attribute of
    /// unknown type may be.
    pub fn members(&self) -> Vec<Name> {
        let mut out: Vec<Name> = self
            .bindings
            .iter()
            .filter(|b| {
                self.scopes
                    .get(b.scope as usize)
                    .is_some_and(|s| s.kind == ScopeKind::Class)
            })
            .map(|b| b.name)
            .chain(self.attr_defs.iter().map(|a| a.name))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Attribute chains and annotations are unrolled this deep at most; deeper
/// parts are walked but not linked into one expression.
pub(crate) const MAX_TYPE_DEPTH: usize = 16;

/// The facts of a Python source. `None` when cancelled.
///
/// The hand-written scanner (`scan.rs`) gives them for most files; what it
/// is not sure of goes to tree-sitter.
pub fn facts(source: &[u8], cancel: &AtomicBool) -> Option<Facts> {
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    if let Some(f) = super::scan::facts(source) {
        return Some(f);
    }
    facts_tree_sitter(source, cancel)
}

/// The facts of a Python source from its tree-sitter parse (what the
/// scanner is held to). `None` when cancelled.
pub fn facts_tree_sitter(source: &[u8], cancel: &AtomicBool) -> Option<Facts> {
    let tree = parse(Lang::Python, source, cancel).ok()?;
    let root = tree.root_node();
    let mut w = Walker::new(source);
    w.facts.syntax_errors = root.has_error();
    w.facts.lines = (w.lines.len() - usize::from(source.ends_with(b"\n"))).max(1) as u32;
    w.facts.scopes.push(Scope {
        kind: ScopeKind::Module,
        parent: 0,
        binding: None,
        start: Pos::START,
        end: w.pos_end(root),
        bases: Vec::new(),
        returns: None,
        method: MethodKind::None,
        first_param: None,
        globals: Vec::new(),
        nonlocals: Vec::new(),
        stars: Vec::new(),
    });
    w.stack.push(Task::Node(root, 0));
    w.run();
    let mut f = w.facts;
    f.sites.sort_by_key(|s| s.pos);
    f.sites.dedup_by_key(|s| s.pos);
    Some(f)
}

enum Task<'t> {
    Node(Node<'t>, u32),
    /// An assignment target, bound in the scope from `live` on.
    Target {
        node: Node<'t>,
        scope: u32,
        live: Pos,
        value: Option<u32>,
        annotation: Option<u32>,
    },
}

struct Walker<'s, 't> {
    src: &'s [u8],
    /// Byte offset of each line start.
    lines: Vec<usize>,
    /// Whether each line is ASCII (byte column = character column).
    ascii: Vec<bool>,
    interned: HashMap<&'s [u8], Name>,
    facts: Facts,
    stack: Vec<Task<'t>>,
}

impl<'s, 't> Walker<'s, 't>
where
    's: 't,
{
    fn new(src: &'s [u8]) -> Self {
        let mut lines = vec![0];
        let mut ascii = Vec::new();
        let mut all_ascii = true;
        for (i, &b) in src.iter().enumerate() {
            if b == b'\n' {
                lines.push(i + 1);
                ascii.push(all_ascii);
                all_ascii = true;
            } else if b >= 0x80 {
                all_ascii = false;
            }
        }
        ascii.push(all_ascii);
        Walker {
            src,
            lines,
            ascii,
            interned: HashMap::new(),
            facts: Facts::default(),
            stack: Vec::new(),
        }
    }

    fn pos_of(&self, row: usize, byte_col: usize) -> Pos {
        let col = if self.ascii.get(row).copied().unwrap_or(true) {
            byte_col
        } else {
            let start = self.lines.get(row).copied().unwrap_or(0);
            let end = (start + byte_col).min(self.src.len());
            String::from_utf8_lossy(&self.src[start.min(end)..end])
                .chars()
                .count()
        };
        Pos {
            line: row as u32 + 1,
            col: col as u32,
        }
    }

    fn pos(&self, n: Node<'_>) -> Pos {
        let p = n.start_position();
        self.pos_of(p.row, p.column)
    }

    fn pos_end(&self, n: Node<'_>) -> Pos {
        let p = n.end_position();
        self.pos_of(p.row, p.column)
    }

    fn text(&self, n: Node<'_>) -> &'s [u8] {
        &self.src[n.start_byte().min(self.src.len())..n.end_byte().min(self.src.len())]
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

    fn site(&mut self, node: Node<'_>, name: Name, target: Target) {
        let pos = self.pos(node);
        let len = self.pos_end(node).col.saturating_sub(pos.col).max(1);
        self.facts.sites.push(Site {
            pos,
            len,
            name,
            target,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn bind(
        &mut self,
        node: Node<'_>,
        scope: u32,
        live: Pos,
        kind: BindKind,
        value: Option<u32>,
        annotation: Option<u32>,
    ) -> u32 {
        let name = self.intern(self.text(node));
        // `global x` / `nonlocal x` earlier in this scope: x is bound in
        // the module / the nearest enclosing function.
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
        self.facts.bindings.push(Binding {
            scope: target,
            name,
            pos: self.pos(node),
            live,
            kind,
            value,
            annotation,
            redirected,
        });
        self.site(node, name, Target::Def(b));
        b
    }

    /// `x += 1` and `x[k] = v`: a use of `x` that jedi also counts as a
    /// binding of it, from `live` on; its value stays what `x` was before
    /// the statement `stmt`.
    fn rebind(&mut self, name_node: Node<'_>, stmt: Node<'_>, scope: u32, live: Pos) {
        let name = self.intern(self.text(name_node));
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
        // The site reads the name: it stays a use.
        let e = self.expr(Expr::Name { name, scope, pos });
        self.site(name_node, name, Target::Use(e));
    }

    fn new_scope(&mut self, kind: ScopeKind, parent: u32, node: Node<'_>) -> u32 {
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

    fn run(&mut self) {
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

    fn push_children(&mut self, node: Node<'t>, scope: u32) {
        let mut c = node.walk();
        let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
        for k in kids.into_iter().rev() {
            self.stack.push(Task::Node(k, scope));
        }
    }

    fn node(&mut self, node: Node<'t>, scope: u32) {
        match node.kind() {
            "identifier" | "attribute" | "call" | "subscript" => {
                self.chain(node, scope);
            }
            "decorated_definition" => {
                let mut method = MethodKind::Instance;
                let mut c = node.walk();
                let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                for k in &kids {
                    if k.kind() == "decorator" {
                        // The decorator's expression: not `@`, spaces or a
                        // comment after it.
                        let mut c = k.walk();
                        let expr = k.named_children(&mut c).find(|e| e.kind() != "comment");
                        match expr.map(|e| self.text(e)) {
                            Some(b"staticmethod") => method = MethodKind::Static,
                            Some(b"classmethod") => method = MethodKind::Class,
                            Some(b"property")
                            | Some(b"cached_property")
                            | Some(b"functools.cached_property") => method = MethodKind::Property,
                            _ => {}
                        }
                        self.push_children(*k, scope);
                    }
                }
                if let Some(def) = node.child_by_field_name("definition") {
                    match def.kind() {
                        "function_definition" => self.function(def, scope, method),
                        "class_definition" => self.class(def, scope),
                        _ => self.stack.push(Task::Node(def, scope)),
                    }
                }
            }
            "function_definition" => self.function(node, scope, MethodKind::Instance),
            "class_definition" => self.class(node, scope),
            "lambda" => {
                let inner = self.new_scope(ScopeKind::Lambda, scope, node);
                if let Some(b) = node.child_by_field_name("body") {
                    self.stack.push(Task::Node(b, inner));
                }
                if let Some(p) = node.child_by_field_name("parameters") {
                    self.parameters(p, scope, inner);
                }
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.comprehension(node, scope),
            "assignment" => self.assignment(node, scope),
            "augmented_assignment" => {
                // `x += 1` reads x and binds it again (jedi counts it as a
                // definition); its value stays what x was. The
                // `__all__ += [...]` form extends the literal.
                if let (Some(l), Some(r)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) {
                    if scope == 0 && self.text(l) == b"__all__" {
                        self.extend_all(r);
                    }
                    self.stack.push(Task::Node(r, scope));
                    let live = self.pos_end(node);
                    match l.kind() {
                        "identifier" => self.rebind(l, node, scope, live),
                        "attribute" => self.stack.push(Task::Target {
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
            "named_expression" => {
                // A walrus in a comprehension binds in the enclosing
                // function or module.
                let mut target = scope;
                while self.facts.scopes[target as usize].kind == ScopeKind::Comprehension {
                    target = self.facts.scopes[target as usize].parent;
                }
                let value = node.child_by_field_name("value");
                let v = value.map(|v| self.chain(v, scope));
                if let Some(n) = node.child_by_field_name("name") {
                    let live = self.pos_end(node);
                    self.bind(n, target, live, BindKind::Variable, v, None);
                }
            }
            "for_statement" => {
                let live = node
                    .child_by_field_name("right")
                    .map_or_else(|| self.pos(node), |r| self.pos_end(r));
                for field in ["alternative", "body"] {
                    if let Some(b) = node.child_by_field_name(field) {
                        self.stack.push(Task::Node(b, scope));
                    }
                }
                if let Some(l) = node.child_by_field_name("left") {
                    self.stack.push(Task::Target {
                        node: l,
                        scope,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
                if let Some(r) = node.child_by_field_name("right") {
                    self.stack.push(Task::Node(r, scope));
                }
            }
            "as_pattern" => {
                // `with x as y`, `except E as e`, `case p as y`.
                let live = self.pos_end(node);
                let mut c = node.walk();
                let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                let alias = node.child_by_field_name("alias");
                let mut value = None;
                for k in &kids {
                    if Some(*k) == alias {
                        continue;
                    }
                    if k.kind() == "case_pattern" {
                        self.stack.push(Task::Node(*k, scope));
                    } else if value.is_none() {
                        value = Some(self.chain(*k, scope));
                    } else {
                        self.stack.push(Task::Node(*k, scope));
                    }
                }
                if let Some(a) = alias {
                    // `except E as e`: e is an E. `with x as y`: y is what
                    // `x.__enter__()` returns, most often x itself.
                    let in_except = node.parent().is_some_and(|p| p.kind() == "except_clause");
                    let (annotation, value) = if in_except {
                        (value, None)
                    } else {
                        (None, value)
                    };
                    let mut c = a.walk();
                    let targets: Vec<Node<'t>> = a.named_children(&mut c).collect();
                    let single = targets.len() == 1;
                    for t in targets {
                        self.stack.push(Task::Target {
                            node: t,
                            scope,
                            live,
                            value: if single { value } else { None },
                            annotation,
                        });
                    }
                }
            }
            "except_clause" => {
                // Older grammars: `except E as e` as value + alias fields.
                if let Some(a) = node.child_by_field_name("alias") {
                    let live = self.pos_end(a);
                    let v = node
                        .child_by_field_name("value")
                        .map(|v| self.chain(v, scope));
                    self.stack.push(Task::Target {
                        node: a,
                        scope,
                        live,
                        value: None,
                        annotation: v,
                    });
                    let mut c = node.walk();
                    let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                    for k in kids.into_iter().rev() {
                        if Some(k) != node.child_by_field_name("value") && Some(k) != Some(a) {
                            self.stack.push(Task::Node(k, scope));
                        }
                    }
                } else {
                    self.push_children(node, scope);
                }
            }
            "import_statement" => self.import(node, scope),
            "import_from_statement" => self.import_from(node, scope),
            "future_import_statement" => {}
            "global_statement" | "nonlocal_statement" => {
                let global = node.kind() == "global_statement";
                let mut c = node.walk();
                let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                for k in kids {
                    if k.kind() == "identifier" {
                        let n = self.intern(self.text(k));
                        let s = &mut self.facts.scopes[scope as usize];
                        if global {
                            s.globals.push(n);
                        } else {
                            s.nonlocals.push(n);
                        }
                        // The name here stands for the outer binding.
                        let e = self.expr(Expr::Name {
                            name: n,
                            scope,
                            pos: Pos::START,
                        });
                        self.site(k, n, Target::Use(e));
                    }
                }
            }
            "keyword_argument" => {
                if let Some(v) = node.child_by_field_name("value") {
                    self.stack.push(Task::Node(v, scope));
                }
            }
            "case_clause" => {
                let mut c = node.walk();
                let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                for k in kids.into_iter().rev() {
                    if k.kind() == "case_pattern" {
                        self.pattern(k, scope);
                    } else {
                        self.stack.push(Task::Node(k, scope));
                    }
                }
            }
            "type_alias_statement" => {
                if let Some(r) = node.child_by_field_name("right") {
                    self.stack.push(Task::Node(r, scope));
                }
                if let Some(l) = node.child_by_field_name("left") {
                    let live = self.pos_end(node);
                    let name = first_identifier(l);
                    if let Some(n) = name {
                        self.bind(n, scope, live, BindKind::Variable, None, None);
                    }
                }
            }
            "dotted_name" => {
                // Outside imports (which are handled whole): `a.b` in a
                // pattern reads a, then b of it.
                let mut c = node.walk();
                let ids: Vec<Node<'t>> = node
                    .named_children(&mut c)
                    .filter(|k| k.kind() == "identifier")
                    .collect();
                let mut base = None;
                for id in ids {
                    let n = self.intern(self.text(id));
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
            "string" | "concatenated_string" => {
                // Only interpolations hold code.
                let mut stack = vec![node];
                while let Some(n) = stack.pop() {
                    let mut c = n.walk();
                    for k in n.named_children(&mut c) {
                        if k.kind() == "interpolation" {
                            if let Some(e) = k.child_by_field_name("expression") {
                                self.stack.push(Task::Node(e, scope));
                            }
                        } else if matches!(k.kind(), "string" | "format_specifier") {
                            stack.push(k);
                        }
                    }
                }
            }
            "comment" | "integer" | "float" | "true" | "false" | "none" | "ellipsis" => {}
            "if_statement" => {
                let id = self.facts.arms.last().map_or(0, |a| a.0 + 1);
                let mut arms = Vec::new();
                if let Some(c) = node.child_by_field_name("consequence") {
                    arms.push(c);
                }
                let mut c = node.walk();
                for k in node.named_children(&mut c) {
                    match k.kind() {
                        "elif_clause" => {
                            if let Some(b) = k.child_by_field_name("consequence") {
                                arms.push(b);
                            }
                        }
                        "else_clause" => {
                            if let Some(b) = k.child_by_field_name("body") {
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

    /// An attribute/call/subscript chain, unrolled; its other parts are
    /// queued. Returns the expression of the whole chain.
    fn chain(&mut self, node: Node<'t>, scope: u32) -> u32 {
        let mut links: Vec<Node<'t>> = Vec::new();
        let mut cur = node;
        loop {
            match cur.kind() {
                "attribute" => match cur.child_by_field_name("object") {
                    Some(o) => {
                        links.push(cur);
                        cur = o;
                    }
                    None => break,
                },
                "call" => match cur.child_by_field_name("function") {
                    Some(f) => {
                        links.push(cur);
                        cur = f;
                    }
                    None => break,
                },
                "subscript" => match cur.child_by_field_name("value") {
                    Some(v) => {
                        links.push(cur);
                        cur = v;
                    }
                    None => break,
                },
                "parenthesized_expression" if cur.named_child_count() == 1 => {
                    match cur.named_child(0) {
                        Some(inner) if inner.kind() != "comment" => cur = inner,
                        _ => break,
                    }
                }
                _ => break,
            }
        }
        let mut e = if cur.kind() == "identifier" {
            let n = self.intern(self.text(cur));
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
        for link in links.into_iter().rev() {
            match link.kind() {
                "attribute" => {
                    let Some(a) = link.child_by_field_name("attribute") else {
                        e = self.expr(Expr::Other);
                        continue;
                    };
                    let n = self.intern(self.text(a));
                    let pos = self.pos(a);
                    e = self.expr(Expr::Attr {
                        base: e,
                        name: n,
                        pos,
                    });
                    self.site(a, n, Target::Use(e));
                }
                "call" => {
                    if let Some(args) = link.child_by_field_name("arguments")
                        && args.kind() == "generator_expression"
                    {
                        // `f(x for x in y)`: the generator is the argument,
                        // with its own scope.
                        self.stack.push(Task::Node(args, scope));
                    } else if let Some(args) = link.child_by_field_name("arguments") {
                        // `f(a=1)`: each keyword names a parameter of f.
                        let mut c = args.walk();
                        let kids: Vec<Node<'t>> = args.named_children(&mut c).collect();
                        for k in kids.into_iter().rev() {
                            if k.kind() == "keyword_argument"
                                && let Some(n) = k.child_by_field_name("name")
                            {
                                let name = self.intern(self.text(n));
                                self.site(n, name, Target::Keyword { func: e });
                                if let Some(v) = k.child_by_field_name("value") {
                                    self.stack.push(Task::Node(v, scope));
                                }
                            } else {
                                self.stack.push(Task::Node(k, scope));
                            }
                        }
                    }
                    e = self.expr(Expr::Call { func: e });
                }
                _ => {
                    let mut c = link.walk();
                    let value = link.child_by_field_name("value");
                    let kids: Vec<Node<'t>> = link
                        .named_children(&mut c)
                        .filter(|k| Some(*k) != value)
                        .collect();
                    for k in kids.into_iter().rev() {
                        self.stack.push(Task::Node(k, scope));
                    }
                    e = self.expr(Expr::Subscript { base: e });
                }
            }
        }
        e
    }

    /// An annotation: its names are read like any expression, and the
    /// type it names (`Foo`, `Optional[Foo]`, `Foo | None`, `"Foo"` is
    /// not followed) is returned.
    fn annotation(&mut self, node: Node<'t>, scope: u32) -> Option<u32> {
        let mut cur = node;
        for _ in 0..MAX_TYPE_DEPTH {
            match cur.kind() {
                "type" => match cur.named_child(0) {
                    Some(inner) => cur = inner,
                    None => return None,
                },
                "binary_operator" => {
                    // `Foo | None`: the side that is not None.
                    let l = cur.child_by_field_name("left");
                    let r = cur.child_by_field_name("right");
                    match (l, r) {
                        (Some(l), Some(r)) => {
                            let (keep, other) = if l.kind() == "none" { (r, l) } else { (l, r) };
                            self.stack.push(Task::Node(other, scope));
                            cur = keep;
                        }
                        _ => break,
                    }
                }
                "generic_type" => {
                    // `Optional[Foo]` in the 0.25 grammar.
                    let mut c = cur.walk();
                    let kids: Vec<Node<'t>> = cur.named_children(&mut c).collect();
                    let head = kids.first().map(|k| self.text(*k));
                    if matches!(
                        head,
                        Some(b"Optional" | b"ClassVar" | b"Final" | b"Annotated" | b"Type")
                    ) && kids.len() > 1
                    {
                        self.stack.push(Task::Node(kids[0], scope));
                        let params = kids[1];
                        let first = params.named_child(0);
                        let mut c = params.walk();
                        let rest: Vec<Node<'t>> = params
                            .named_children(&mut c)
                            .filter(|k| Some(*k) != first)
                            .collect();
                        for k in rest {
                            self.stack.push(Task::Node(k, scope));
                        }
                        match first {
                            Some(f) => cur = f,
                            None => return None,
                        }
                    } else {
                        for k in kids.iter().skip(1) {
                            self.stack.push(Task::Node(*k, scope));
                        }
                        return kids.first().map(|k| self.chain(*k, scope));
                    }
                }
                "subscript" => {
                    let base = cur.child_by_field_name("value");
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
                        let sub = cur.child_by_field_name("subscript");
                        if let Some(b) = base {
                            self.chain(b, scope);
                        }
                        let mut c = cur.walk();
                        let rest: Vec<Node<'t>> = cur
                            .named_children(&mut c)
                            .filter(|k| Some(*k) != base && Some(*k) != sub)
                            .collect();
                        for k in rest {
                            self.stack.push(Task::Node(k, scope));
                        }
                        match sub {
                            Some(s) => cur = s,
                            None => return None,
                        }
                    } else {
                        return Some(self.chain(cur, scope));
                    }
                }
                "identifier" | "attribute" => return Some(self.chain(cur, scope)),
                "string" => return self.string_annotation(cur, scope),
                _ => break,
            }
        }
        self.stack.push(Task::Node(cur, scope));
        None
    }

    /// A forward reference, `"Foo"` or `"mod.Foo[int]"`: the dotted name
    /// at its start is read like code.
    fn string_annotation(&mut self, node: Node<'t>, scope: u32) -> Option<u32> {
        let mut c = node.walk();
        let content: Vec<Node<'t>> = node
            .named_children(&mut c)
            .filter(|k| k.kind() == "string_content")
            .collect();
        let [content] = content.as_slice() else {
            return None;
        };
        let text = self.text(*content);
        let head_len = text
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'.'))
            .unwrap_or(text.len());
        let head = &text[..head_len];
        if head.is_empty()
            || head[0].is_ascii_digit()
            || content.start_position().row != content.end_position().row
        {
            return None;
        }
        let start = self.pos(*content);
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

    fn function(&mut self, node: Node<'t>, scope: u32, decorated: MethodKind) {
        let in_class = self.facts.scopes[scope as usize].kind == ScopeKind::Class;
        let inner = self.new_scope(ScopeKind::Function, scope, node);
        let method = if in_class {
            decorated
        } else {
            MethodKind::None
        };
        self.facts.scopes[inner as usize].method = method;
        if let Some(n) = node.child_by_field_name("name") {
            let live = self.pos(node);
            let b = self.bind(n, scope, live, BindKind::Function(inner), None, None);
            self.facts.scopes[inner as usize].binding = Some(b);
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.stack.push(Task::Node(body, inner));
        }
        if let Some(r) = node.child_by_field_name("return_type") {
            let t = self.annotation(r, scope);
            self.facts.scopes[inner as usize].returns = t;
        }
        if let Some(p) = node.child_by_field_name("parameters") {
            self.parameters(p, scope, inner);
        }
        if let Some(tp) = node.child_by_field_name("type_parameters") {
            self.stack.push(Task::Node(tp, inner));
        }
    }

    fn class(&mut self, node: Node<'t>, scope: u32) {
        let inner = self.new_scope(ScopeKind::Class, scope, node);
        if let Some(n) = node.child_by_field_name("name") {
            let live = self.pos_end(node);
            let b = self.bind(n, scope, live, BindKind::Class(inner), None, None);
            self.facts.scopes[inner as usize].binding = Some(b);
        }
        if let Some(body) = node.child_by_field_name("body") {
            self.stack.push(Task::Node(body, inner));
        }
        if let Some(sup) = node.child_by_field_name("superclasses") {
            let mut c = sup.walk();
            let kids: Vec<Node<'t>> = sup.named_children(&mut c).collect();
            let mut bases = Vec::new();
            for k in kids {
                match k.kind() {
                    "identifier" | "attribute" | "call" | "subscript" => {
                        bases.push(self.chain(k, scope));
                    }
                    _ => self.stack.push(Task::Node(k, scope)),
                }
            }
            self.facts.scopes[inner as usize].bases = bases;
        }
    }

    /// Parameters: names bound in `inner`, defaults and annotations read
    /// in `outer`.
    fn parameters(&mut self, params: Node<'t>, outer: u32, inner: u32) {
        let start = self.pos(params);
        let mut c = params.walk();
        let kids: Vec<Node<'t>> = params.named_children(&mut c).collect();
        let mut first = true;
        for p in kids {
            let (name, ty, default) = match p.kind() {
                "identifier" => (Some(p), None, None),
                "typed_parameter" => (
                    first_identifier(p).or_else(|| {
                        let mut c = p.walk();
                        let splat = p.named_children(&mut c).find(|k| {
                            matches!(k.kind(), "list_splat_pattern" | "dictionary_splat_pattern")
                        });
                        splat.and_then(first_identifier)
                    }),
                    p.child_by_field_name("type"),
                    None,
                ),
                "default_parameter" => (
                    p.child_by_field_name("name"),
                    None,
                    p.child_by_field_name("value"),
                ),
                "typed_default_parameter" => (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("type"),
                    p.child_by_field_name("value"),
                ),
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    (first_identifier(p), None, None)
                }
                _ => continue,
            };
            if let Some(d) = default {
                self.stack.push(Task::Node(d, outer));
            }
            let annotation = ty.and_then(|t| self.annotation(t, outer));
            if let Some(n) = name.filter(|n| n.kind() == "identifier") {
                let b = self.bind(n, inner, start, BindKind::Parameter, None, annotation);
                if first && !matches!(p.kind(), "list_splat_pattern" | "dictionary_splat_pattern") {
                    let nm = self.facts.bindings[b as usize].name;
                    self.facts.scopes[inner as usize].first_param = Some(nm);
                }
            }
            first = false;
        }
    }

    fn comprehension(&mut self, node: Node<'t>, scope: u32) {
        let inner = self.new_scope(ScopeKind::Comprehension, scope, node);
        let live = self.pos(node);
        let mut first_for = true;
        // In source order: the first iterable is read outside; every other
        // part inside.
        let mut c = node.walk();
        let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
        let mut tasks: Vec<Task<'t>> = Vec::new();
        for k in kids {
            if k.kind() == "for_in_clause" {
                let mut c2 = k.walk();
                let rights: Vec<Node<'t>> = k
                    .named_children(&mut c2)
                    .filter(|x| Some(*x) != k.child_by_field_name("left"))
                    .collect();
                for r in rights {
                    tasks.push(Task::Node(r, if first_for { scope } else { inner }));
                }
                first_for = false;
                if let Some(l) = k.child_by_field_name("left") {
                    tasks.push(Task::Target {
                        node: l,
                        scope: inner,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
            } else {
                tasks.push(Task::Node(k, inner));
            }
        }
        for t in tasks.into_iter().rev() {
            self.stack.push(t);
        }
    }

    fn assignment(&mut self, node: Node<'t>, scope: u32) {
        let live = self.pos_end(node);
        let left = node.child_by_field_name("left");
        let right = node.child_by_field_name("right");
        let ty = node.child_by_field_name("type");
        if scope == 0
            && let (Some(l), Some(r)) = (left, right)
            && self.text(l) == b"__all__"
        {
            self.facts.all = Some(Vec::new());
            self.extend_all(r);
        }
        let annotation = ty.and_then(|t| self.annotation(t, scope));
        let value = match right {
            Some(r) if matches!(r.kind(), "identifier" | "attribute" | "call" | "subscript") => {
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

    /// Strings of a list or tuple literal, added to `__all__`; names in a
    /// `+` of them (`aggregates_all + [...]`) are kept as parts to expand.
    fn extend_all(&mut self, list: Node<'t>) {
        let mut stack = vec![list];
        let mut lists = Vec::new();
        while let Some(n) = stack.pop() {
            match n.kind() {
                "binary_operator" => {
                    if let (Some(l), Some(r)) = (
                        n.child_by_field_name("left"),
                        n.child_by_field_name("right"),
                    ) {
                        stack.push(r);
                        stack.push(l);
                    }
                }
                "identifier" => {
                    let name = self.intern(self.text(n));
                    self.facts.all.get_or_insert_with(Vec::new);
                    self.facts.all_parts.push(name);
                }
                "list" | "tuple" => lists.push(n),
                _ => {}
            }
        }
        for l in lists {
            self.extend_all_literal(l);
        }
    }

    fn extend_all_literal(&mut self, list: Node<'t>) {
        let mut c = list.walk();
        let kids: Vec<Node<'t>> = list.named_children(&mut c).collect();
        for k in kids {
            if k.kind() != "string" {
                continue;
            }
            let mut c2 = k.walk();
            let content: Vec<Node<'t>> = k
                .named_children(&mut c2)
                .filter(|x| x.kind() == "string_content")
                .collect();
            if let [one] = content.as_slice() {
                let n = self.intern(self.text(*one));
                self.facts.all.get_or_insert_with(Vec::new).push(n);
            }
        }
    }

    fn target(
        &mut self,
        node: Node<'t>,
        scope: u32,
        live: Pos,
        value: Option<u32>,
        annotation: Option<u32>,
    ) {
        match node.kind() {
            "identifier" => {
                self.bind(node, scope, live, BindKind::Variable, value, annotation);
            }
            "attribute" => {
                let object = node.child_by_field_name("object");
                let attr = node.child_by_field_name("attribute");
                let class = self.method_class(scope);
                if let (Some(o), Some(a), Some((class, first))) = (object, attr, class)
                    && o.kind() == "identifier"
                    && self.intern(self.text(o)) == first
                {
                    let n = self.intern(self.text(o));
                    let pos = self.pos(o);
                    let e = self.expr(Expr::Name {
                        name: n,
                        scope,
                        pos,
                    });
                    self.site(o, n, Target::Use(e));
                    let name = self.intern(self.text(a));
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
            "pattern_list"
            | "tuple_pattern"
            | "list_pattern"
            | "tuple"
            | "list"
            | "parenthesized_expression"
            | "list_splat_pattern"
            | "list_splat" => {
                let mut c = node.walk();
                let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
                for k in kids.into_iter().rev() {
                    self.stack.push(Task::Target {
                        node: k,
                        scope,
                        live,
                        value: None,
                        annotation: None,
                    });
                }
            }
            "subscript" => {
                // `d[k] = v` rebinds nothing in Python, but jedi (parso's
                // include_setitem) counts it as a definition of d; its value
                // stays what d was before.
                let value = node.child_by_field_name("value");
                if let Some(v) = value.filter(|v| v.kind() == "identifier") {
                    self.rebind(v, node, scope, live);
                    let mut c = node.walk();
                    let kids: Vec<Node<'t>> = node
                        .named_children(&mut c)
                        .filter(|k| Some(*k) != value)
                        .collect();
                    for k in kids.into_iter().rev() {
                        self.stack.push(Task::Node(k, scope));
                    }
                } else {
                    self.stack.push(Task::Node(node, scope));
                }
            }
            _ => self.stack.push(Task::Node(node, scope)),
        }
    }

    /// The class a method in `scope` belongs to, and its first parameter,
    /// when `scope` is an instance or class method.
    fn method_class(&self, scope: u32) -> Option<(u32, Name)> {
        let s = self.facts.scopes.get(scope as usize)?;
        if s.kind != ScopeKind::Function
            || !matches!(s.method, MethodKind::Instance | MethodKind::Class)
        {
            return None;
        }
        Some((s.parent, s.first_param?))
    }

    /// `case` patterns: bare names capture, dotted names are read.
    fn pattern(&mut self, node: Node<'t>, scope: u32) {
        let live = self.pos_end(node);
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "dotted_name" => {
                    let parent_is_class = n.parent().is_some_and(|p| p.kind() == "class_pattern");
                    if n.named_child_count() == 1 && !parent_is_class {
                        if let Some(id) = n.named_child(0)
                            && self.text(id) != b"_"
                        {
                            self.bind(id, scope, live, BindKind::Variable, None, None);
                        }
                    } else {
                        self.stack.push(Task::Node(n, scope));
                    }
                }
                "identifier" => {
                    // In `splat_pattern`, `keyword_pattern` (its first is
                    // the keyword), `as_pattern` aliases.
                    let keyword = n.parent().is_some_and(|p| {
                        p.kind() == "keyword_pattern" && p.named_child(0) == Some(n)
                    });
                    if !keyword && self.text(n) != b"_" {
                        self.bind(n, scope, live, BindKind::Variable, None, None);
                    }
                }
                "string" | "integer" | "float" | "true" | "false" | "none" => {}
                _ => {
                    let mut c = n.walk();
                    for k in n.named_children(&mut c) {
                        stack.push(k);
                    }
                }
            }
        }
    }

    fn dotted(&mut self, node: Node<'t>) -> Vec<(Node<'t>, Name)> {
        let mut c = node.walk();
        let ids: Vec<Node<'t>> = node
            .named_children(&mut c)
            .filter(|k| k.kind() == "identifier")
            .collect();
        ids.into_iter()
            .map(|id| (id, self.intern(self.text(id))))
            .collect()
    }

    fn push_import(&mut self, import: Import) -> u32 {
        self.facts.imports.push(import);
        self.facts.imports.len() as u32 - 1
    }

    /// Sites for module path components; `skip` leading ones are not
    /// sites (they are bound names instead).
    fn module_sites(&mut self, import: u32, parts: &[(Node<'t>, Name)], skip: usize) {
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

    fn import(&mut self, node: Node<'t>, scope: u32) {
        let live = self.pos_end(node);
        let mut c = node.walk();
        let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
        for k in kids {
            let (dotted, alias) = match k.kind() {
                "dotted_name" => (Some(k), None),
                "aliased_import" => (
                    k.child_by_field_name("name"),
                    k.child_by_field_name("alias"),
                ),
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
                    // `import a.b`: `a` is bound; b is a module path.
                    self.module_sites(i, &parts, 1);
                    self.bind(parts[0].0, scope, live, BindKind::Import(i), None, None);
                }
            }
        }
    }

    fn import_from(&mut self, node: Node<'t>, scope: u32) {
        let live = self.pos_end(node);
        let module_node = node.child_by_field_name("module_name");
        let (level, parts) = match module_node {
            Some(m) if m.kind() == "relative_import" => {
                let mut level = 0;
                let mut parts = Vec::new();
                let mut c = m.walk();
                let kids: Vec<Node<'t>> = m.named_children(&mut c).collect();
                for k in kids {
                    match k.kind() {
                        "import_prefix" => {
                            level = self.text(k).iter().filter(|b| **b == b'.').count() as u32
                        }
                        "dotted_name" => parts = self.dotted(k),
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
        // The module path's own sites point at the first import.
        let mut first: Option<u32> = None;
        let mut c = node.walk();
        let kids: Vec<Node<'t>> = node.named_children(&mut c).collect();
        for k in kids {
            if Some(k) == module_node {
                continue;
            }
            match k.kind() {
                "wildcard_import" => {
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
                "dotted_name" | "aliased_import" => {
                    let (name, alias) = if k.kind() == "dotted_name" {
                        (Some(k), None)
                    } else {
                        (
                            k.child_by_field_name("name"),
                            k.child_by_field_name("alias"),
                        )
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
            // `from . import` with nothing after it (a syntax error).
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

fn first_identifier(n: Node<'_>) -> Option<Node<'_>> {
    let mut c = n.walk();
    n.named_children(&mut c).find(|k| k.kind() == "identifier")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(src: &str) -> Facts {
        facts_tree_sitter(src.as_bytes(), &AtomicBool::new(false)).unwrap()
    }

    #[test]
    fn a_generator_that_is_the_only_argument_has_its_scope() {
        let f = walk("n = sum(x for x in xs)\n");
        assert_eq!(f.scopes.len(), 2);
        assert_eq!(f.scopes[1].kind, ScopeKind::Comprehension);
        let x = f.bindings.iter().find(|b| f.name(b.name) == "x").unwrap();
        assert_eq!(x.scope, 1);
    }

    #[test]
    fn decorators_are_known_by_their_expression() {
        let f = walk(
            "class C:\n    @property  # note\n    def p(self): pass\n    @ staticmethod\n    def s(): pass\n",
        );
        assert_eq!(f.scopes[2].method, MethodKind::Property);
        assert_eq!(f.scopes[3].method, MethodKind::Static);
    }
}
