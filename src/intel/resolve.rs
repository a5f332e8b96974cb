//! The linking pass, done per question over the facts of the files it
//! needs (loaded on first use): scopes, imports, attributes.
//!
//! Every walk is bounded: a step budget per question, a depth limit, and
//! a visited set, so cyclic imports, `import *` cycles, classes that
//! inherit from themselves and 10,000-deep attribute chains all end.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use super::facts::{BindKind, Expr, Facts, ImportKind, MethodKind, Name, Pos, ScopeKind, Target};
use super::modules::Modules;
use super::{Confidence, DefKind, Definition, Export, ImportEdge, Reference};

/// Which name list of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Every identifier of the file.
    Names,
    /// Names defined in class bodies and as `self.x`.
    Members,
}

/// Where facts come from: memory (tests, fresh builds) or the cache file.
pub trait FactsSource: Send + Sync {
    fn load(&self, file: u32) -> Option<Facts>;
    /// The files (in order) whose list has `name`.
    fn files_with(&self, list: List, name: &str) -> Vec<u32>;
    /// The number of lines of a file.
    fn lines(&self, file: u32) -> Option<u32>;
}

pub(super) struct MemorySource(pub(super) Vec<Arc<Facts>>);

impl FactsSource for MemorySource {
    fn load(&self, file: u32) -> Option<Facts> {
        self.0.get(file as usize).map(|f| (**f).clone())
    }
    fn files_with(&self, list: List, name: &str) -> Vec<u32> {
        let has = |f: &Facts| match list {
            List::Names => f.names.iter().any(|n| n == name),
            List::Members => f.members().iter().any(|n| f.name(*n) == name),
        };
        (0..self.0.len() as u32)
            .filter(|&i| has(&self.0[i as usize]))
            .collect()
    }
    fn lines(&self, file: u32) -> Option<u32> {
        self.0.get(file as usize).map(|f| f.lines)
    }
}

/// One file's facts with lookup tables.
pub struct Loaded {
    pub facts: Facts,
    /// (scope, name) → bindings, in position order.
    by_scope: HashMap<(u32, Name), Vec<u32>>,
    /// (class scope, name) → `self.x` definitions, in position order.
    attrs: HashMap<(u32, Name), Vec<u32>>,
    ids: HashMap<String, Name>,
}

impl Loaded {
    fn new(facts: Facts) -> Loaded {
        let mut by_scope: HashMap<(u32, Name), Vec<u32>> = HashMap::new();
        for (i, b) in facts.bindings.iter().enumerate() {
            by_scope
                .entry((b.scope, b.name))
                .or_default()
                .push(i as u32);
        }
        for v in by_scope.values_mut() {
            v.sort_by_key(|&b| facts.bindings[b as usize].pos);
        }
        let mut attrs: HashMap<(u32, Name), Vec<u32>> = HashMap::new();
        for (i, a) in facts.attr_defs.iter().enumerate() {
            attrs.entry((a.class, a.name)).or_default().push(i as u32);
        }
        for v in attrs.values_mut() {
            v.sort_by_key(|&a| facts.attr_defs[a as usize].pos);
        }
        let ids = facts
            .names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i as Name))
            .collect();
        Loaded {
            facts,
            by_scope,
            attrs,
            ids,
        }
    }

    fn id(&self, name: &str) -> Option<Name> {
        self.ids.get(name).copied()
    }
}

/// Every definition of one attribute name: (file, position, definition).
type Candidates = Arc<Vec<(u32, Pos, Def)>>;

/// A definition inside the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Def {
    Binding { file: u32, binding: u32 },
    Attr { file: u32, def: u32 },
    Module { file: u32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Answer {
    In(Def),
    /// Leaves the repository: module, name in it, and the import that
    /// brought it in.
    Out {
        module: String,
        name: Option<String>,
        via: Option<(u32, Pos)>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Found {
    answer: Answer,
    conf: Confidence,
}

/// What an expression evaluates to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Val {
    Module(u32),
    Class(u32, u32),
    Instance(u32, u32),
    /// `super()` in a method of this class.
    Super(u32, u32, bool),
    Func(u32, u32),
    /// A module outside the repository, by dotted name, and the import
    /// that brought it in.
    Out(String, Option<(u32, Pos)>),
}

/// Steps one question may take.
const BUDGET: u32 = 20_000;
/// How deep evaluation nests.
const MAX_DEPTH: u32 = 40;
/// Answers kept per question.
const MAX_ANSWERS: usize = 50;

struct Ctx {
    steps: Cell<u32>,
    depth: Cell<u32>,
    following: RefCell<HashSet<(u32, u32)>>,
    evaluating: RefCell<HashSet<(u32, u32)>>,
}

impl Ctx {
    fn new() -> Ctx {
        Ctx {
            steps: Cell::new(0),
            depth: Cell::new(0),
            following: RefCell::new(HashSet::new()),
            evaluating: RefCell::new(HashSet::new()),
        }
    }

    /// Take a step; false when the budget or the depth is spent.
    fn step(&self) -> bool {
        let s = self.steps.get() + 1;
        self.steps.set(s);
        s <= BUDGET && self.depth.get() <= MAX_DEPTH
    }

    fn enter(&self) -> Depth<'_> {
        self.depth.set(self.depth.get() + 1);
        Depth(self)
    }
}

struct Depth<'c>(&'c Ctx);

impl Drop for Depth<'_> {
    fn drop(&mut self) {
        self.0.depth.set(self.0.depth.get().saturating_sub(1));
    }
}

/// Python's builtins: a name found nowhere else is one of these, or
/// unresolved.
const BUILTINS: &[&str] = &[
    "abs",
    "aiter",
    "all",
    "anext",
    "any",
    "ascii",
    "bin",
    "bool",
    "breakpoint",
    "bytearray",
    "bytes",
    "callable",
    "chr",
    "classmethod",
    "compile",
    "complex",
    "delattr",
    "dict",
    "dir",
    "divmod",
    "enumerate",
    "eval",
    "exec",
    "filter",
    "float",
    "format",
    "frozenset",
    "getattr",
    "globals",
    "hasattr",
    "hash",
    "help",
    "hex",
    "id",
    "input",
    "int",
    "isinstance",
    "issubclass",
    "iter",
    "len",
    "list",
    "locals",
    "map",
    "max",
    "memoryview",
    "min",
    "next",
    "object",
    "oct",
    "open",
    "ord",
    "pow",
    "print",
    "property",
    "range",
    "repr",
    "reversed",
    "round",
    "set",
    "setattr",
    "slice",
    "sorted",
    "staticmethod",
    "str",
    "sum",
    "super",
    "tuple",
    "type",
    "vars",
    "zip",
    "__import__",
    "__name__",
    "__file__",
    "__doc__",
    "__spec__",
    "__package__",
    "__builtins__",
    "__debug__",
    "NotImplemented",
    "Ellipsis",
    "Exception",
    "BaseException",
    "ValueError",
    "TypeError",
    "KeyError",
    "IndexError",
    "AttributeError",
    "RuntimeError",
    "NotImplementedError",
    "OSError",
    "IOError",
    "ImportError",
    "StopIteration",
    "LookupError",
    "AssertionError",
    "ArithmeticError",
    "ZeroDivisionError",
    "FileNotFoundError",
    "PermissionError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "Warning",
    "DeprecationWarning",
    "UserWarning",
    "RuntimeWarning",
    "PendingDeprecationWarning",
    "FutureWarning",
    "SyntaxWarning",
    "ImportWarning",
    "ResourceWarning",
    "BytesWarning",
    "KeyboardInterrupt",
    "SystemExit",
    "GeneratorExit",
    "StopAsyncIteration",
    "MemoryError",
    "RecursionError",
    "TimeoutError",
    "ConnectionError",
    "BrokenPipeError",
    "EOFError",
    "FileExistsError",
    "IsADirectoryError",
    "NotADirectoryError",
    "InterruptedError",
    "ChildProcessError",
    "ProcessLookupError",
    "BlockingIOError",
    "ConnectionAbortedError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "OverflowError",
    "FloatingPointError",
    "BufferError",
    "EnvironmentError",
    "NameError",
    "UnboundLocalError",
    "SyntaxError",
    "IndentationError",
    "TabError",
    "SystemError",
    "ReferenceError",
    "ModuleNotFoundError",
    "ExceptionGroup",
    "BaseExceptionGroup",
    "EncodingWarning",
    "UnicodeTranslateError",
];

/// The semantic index of one tree.
pub struct Index {
    paths: Vec<Arc<str>>,
    by_path: HashMap<Arc<str>, u32>,
    modules: Modules,
    source: Box<dyn FactsSource>,
    loaded: Vec<OnceLock<Option<Arc<Loaded>>>>,
    /// Every definition of an attribute name in the repository, found once
    /// per name: what an attribute of unknown type may be.
    candidates: std::sync::Mutex<HashMap<String, Candidates>>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("files", &self.paths.len())
            .finish()
    }
}

impl Index {
    /// An index of sources held in memory: (path, bytes) pairs. Non-Python
    /// paths are kept out, `pyproject.toml`/`setup.cfg` at the root are
    /// read for source roots.
    pub fn from_sources(files: Vec<(String, Vec<u8>)>) -> Index {
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let packaging: Vec<String> = files
            .iter()
            .filter(|(p, _)| p == "pyproject.toml" || p == "setup.cfg")
            .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
            .collect();
        let mut paths = Vec::new();
        let mut facts = Vec::new();
        for (p, bytes) in files {
            if !p.ends_with(".py") {
                continue;
            }
            let f = super::facts::facts(&bytes, &cancel).unwrap_or_default();
            paths.push(p);
            facts.push(Arc::new(f));
        }
        let packaging: Vec<&str> = packaging.iter().map(String::as_str).collect();
        Index::new(paths, &packaging, Box::new(MemorySource(facts)))
    }

    pub fn new(paths: Vec<String>, packaging: &[&str], source: Box<dyn FactsSource>) -> Index {
        let path_refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let modules = Modules::new(&path_refs, packaging);
        let paths: Vec<Arc<str>> = paths.into_iter().map(Arc::from).collect();
        let by_path = paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i as u32))
            .collect();
        let loaded = (0..paths.len()).map(|_| OnceLock::new()).collect();
        Index {
            paths,
            by_path,
            modules,
            source,
            loaded,
            candidates: Default::default(),
        }
    }

    pub fn len(&self) -> usize {
        self.paths.len()
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    pub fn paths(&self) -> &[Arc<str>] {
        &self.paths
    }

    /// Whether the index has this file.
    pub fn has(&self, path: &str) -> bool {
        self.by_path.contains_key(path)
    }

    /// The module name of a file (`flask.app`).
    pub fn module_name(&self, path: &str) -> Option<&str> {
        self.by_path.get(path).map(|&f| self.modules.name(f))
    }

    fn file(&self, f: u32) -> Option<Arc<Loaded>> {
        self.loaded
            .get(f as usize)?
            .get_or_init(|| {
                self.source
                    .load(f)
                    .map(|facts| Arc::new(Loaded::new(facts)))
            })
            .clone()
    }

    fn path(&self, f: u32) -> &str {
        self.paths.get(f as usize).map_or("", |p| p)
    }

    fn is_init(&self, f: u32) -> bool {
        self.path(f).ends_with("__init__.py")
    }

    // ----- questions -----

    /// Where the name at (line, column), both 1-based, column in
    /// characters, is defined: best first. Empty when nothing there
    /// resolves (whitespace, a keyword, an unknown name).
    pub fn definition(&self, path: &str, line: u32, column: u32) -> Vec<Definition> {
        let Some(&f) = self.by_path.get(path) else {
            return Vec::new();
        };
        let ctx = Ctx::new();
        let found = self.resolve_at(f, line, column, &ctx);
        self.definitions(found)
    }

    /// Every reference of what the name at (line, column) stands for,
    /// across the repository, definitions excluded.
    pub fn references(&self, path: &str, line: u32, column: u32) -> Vec<Reference> {
        let Some(&f) = self.by_path.get(path) else {
            return Vec::new();
        };
        let ctx = Ctx::new();
        let targets: Vec<Found> = self
            .resolve_at(f, line, column, &ctx)
            .into_iter()
            .filter(|t| t.conf != Confidence::Name)
            .collect();
        let Some(first) = targets.first() else {
            return Vec::new();
        };
        let name = match &first.answer {
            Answer::In(d) => self.def_name(*d),
            Answer::Out { module, name, .. } => name
                .clone()
                .unwrap_or_else(|| module.rsplit('.').next().unwrap_or(module).to_string()),
        };
        // A variable assigned in several places, a function defined again
        // (a property's setter, `@overload`s): one symbol, as jedi has it.
        let mut targets: Vec<Answer> = targets.into_iter().map(|t| t.answer).collect();
        let mut more = Vec::new();
        for t in &targets {
            if let Answer::In(Def::Binding { file, binding }) = t
                && let Some(l) = self.file(*file)
                && let Some(b) = l.facts.bindings.get(*binding as usize)
                && matches!(b.kind, BindKind::Variable | BindKind::Function(_))
                && let Some(same) = l.by_scope.get(&(b.scope, b.name))
            {
                for &o in same {
                    let kind = l.facts.bindings[o as usize].kind;
                    if matches!(kind, BindKind::Variable | BindKind::Function(_)) {
                        more.push(Answer::In(Def::Binding {
                            file: *file,
                            binding: o,
                        }));
                    }
                }
            }
        }
        targets.extend(more);
        let wanted: HashSet<&Answer> = targets.iter().collect();
        self.references_to(&name, &wanted)
    }

    /// Every use, across the files that have the identifier, that resolves
    /// to one of `wanted`; import sites count, definitions do not.
    fn references_to(&self, name: &str, wanted: &HashSet<&Answer>) -> Vec<Reference> {
        // Names to look for: the definition's, then every alias an import
        // gives it (`from .mod import helper as h`).
        let mut names = vec![name.to_string()];
        let mut out = Vec::new();
        let mut i = 0;
        while i < names.len() && i < 16 {
            let name = names[i].clone();
            i += 1;
            for f in self.files_naming(&name) {
                let Some(l) = self.file(f) else { continue };
                let Some(id) = l.id(&name) else { continue };
                for site in l.facts.sites.iter().filter(|s| s.name == id) {
                    let alias = match site.target {
                        Target::Def(b) => {
                            let binding = &l.facts.bindings[b as usize];
                            if !matches!(binding.kind, BindKind::Import(_)) {
                                continue;
                            }
                            (binding.name != id).then(|| l.facts.name(binding.name).to_string())
                        }
                        Target::AttrDef(_) => continue,
                        _ => None,
                    };
                    let ctx = Ctx::new();
                    let found = self.resolve_target(f, site.target, site.name, &ctx);
                    if let Some(hit) = found.iter().find(|x| wanted.contains(&x.answer)) {
                        out.push(Reference {
                            path: self.path(f).to_string(),
                            line: site.pos.line,
                            column: site.pos.col + 1,
                            confidence: hit.conf,
                        });
                        if let Some(a) = alias
                            && !names.contains(&a)
                        {
                            names.push(a);
                        }
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The definitions of `path` a reader looks for (its module-level
    /// functions, classes and variables, and the methods and attributes of
    /// its module-level classes), at most `limit`, each with its qualified
    /// name (`Flask.app_context`) and every reference to it in the
    /// repository.
    pub fn definitions_and_references(
        &self,
        path: &str,
        limit: usize,
    ) -> Vec<(String, Vec<Reference>)> {
        let Some(&f) = self.by_path.get(path) else {
            return Vec::new();
        };
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let facts = &l.facts;
        let mut out: Vec<(String, Vec<Reference>)> = Vec::new();
        for b in &facts.bindings {
            if out.len() >= limit {
                break;
            }
            if b.redirected {
                continue;
            }
            let wanted = matches!(
                b.kind,
                BindKind::Function(_) | BindKind::Class(_) | BindKind::Variable
            );
            if !wanted {
                continue;
            }
            let name = facts.name(b.name);
            let qualified = if b.scope == 0 {
                name.to_string()
            } else {
                let Some(scope) = facts.scopes.get(b.scope as usize) else {
                    continue;
                };
                if scope.kind != ScopeKind::Class || scope.parent != 0 {
                    continue;
                }
                let Some(class) = scope
                    .binding
                    .and_then(|c| facts.bindings.get(c as usize))
                    .map(|c| facts.name(c.name))
                else {
                    continue;
                };
                format!("{class}.{name}")
            };
            if out.iter().any(|(q, _)| *q == qualified) {
                continue;
            }
            let refs = self.references(path, b.pos.line, b.pos.col + 1);
            out.push((qualified, refs));
        }
        out
    }

    /// The in-repository imports of one file, and the files importing it.
    pub fn imports_of(&self, path: &str) -> (Vec<ImportEdge>, Vec<ImportEdge>) {
        let Some(&f) = self.by_path.get(path) else {
            return (Vec::new(), Vec::new());
        };
        let out = self.edges_from(f);
        let mut incoming = Vec::new();
        let module = self.modules.name(f).to_string();
        let last = module.rsplit('.').next().unwrap_or(&module).to_string();
        for g in self.files_naming(&last) {
            if g != f {
                incoming.extend(self.edges_from(g).into_iter().filter(|e| e.to == path));
            }
        }
        incoming.sort();
        (out, incoming)
    }

    /// The whole in-repository import graph.
    pub fn import_graph(&self) -> Vec<ImportEdge> {
        let mut out = Vec::new();
        for f in 0..self.paths.len() as u32 {
            out.extend(self.edges_from(f));
        }
        out
    }

    /// The imports the module at `path` makes when it loads: those at the
    /// top level of its file, not inside a function or a class (an import
    /// inside a function runs when it is called, often to break a cycle).
    pub fn load_time_imports_of(&self, path: &str) -> Vec<ImportEdge> {
        self.by_path
            .get(path)
            .map(|&f| self.edges_where(f, true))
            .unwrap_or_default()
    }

    fn edges_from(&self, f: u32) -> Vec<ImportEdge> {
        self.edges_where(f, false)
    }

    fn edges_where(&self, f: u32, top_level_only: bool) -> Vec<ImportEdge> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for imp in &l.facts.imports {
            if top_level_only && imp.scope != 0 {
                continue;
            }
            let base = self.import_base(f, &l.facts, imp.level, &imp.module);
            let mut to = None;
            if imp.kind == ImportKind::From
                && let Some(m) = imp.member
            {
                let sub = join(&base, l.facts.name(m));
                to = self.modules.file(&sub, Some(f), &self.paths);
            }
            if to.is_none() {
                to = self.modules.file(&base, Some(f), &self.paths);
            }
            if let Some(t) = to.filter(|&t| t != f) {
                out.push(ImportEdge {
                    from: self.path(f).to_string(),
                    to: self.path(t).to_string(),
                    line: imp.pos.line,
                });
            }
        }
        out.sort();
        out.dedup();
        out
    }

    /// The public API of a package's `__init__.py` (or any module): the
    /// names in `__all__`, or else the public names it imports, each with
    /// where it is defined.
    pub fn exports(&self, path: &str) -> Vec<Export> {
        let Some(&f) = self.by_path.get(path) else {
            return Vec::new();
        };
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let names: Vec<String> = match &l.facts.all {
            Some(_) => self.all_names(f, 0),
            None => {
                let mut v: Vec<String> = l
                    .facts
                    .bindings
                    .iter()
                    .filter(|b| b.scope == 0 && matches!(b.kind, BindKind::Import(_)))
                    .map(|b| b.name)
                    .filter(|n| !l.facts.name(*n).starts_with('_'))
                    .map(|n| l.facts.name(n).to_string())
                    .collect();
                v.dedup();
                v
            }
        };
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for name in names {
            if !seen.insert(name.clone()) {
                continue;
            }
            let ctx = Ctx::new();
            let found = self.module_member(f, &name, &ctx, false);
            let Some(def) = self
                .definitions(found)
                .into_iter()
                .find(|d| d.path.is_some())
            else {
                continue;
            };
            if let (Some(p), Some(line), Some(column)) = (def.path, def.line, def.column) {
                out.push(Export {
                    name,
                    path: p,
                    line,
                    column,
                    kind: def.kind,
                });
            }
        }
        out
    }

    /// A module's `__all__`: its literal names, then those of each module
    /// whose `__all__` it adds (`from .aggregates import __all__ as
    /// aggregates_all`, `__all__ = aggregates_all + [...]`).
    fn all_names(&self, f: u32, depth: u32) -> Vec<String> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for &part in &l.facts.all_parts {
            if depth >= 8 {
                break;
            }
            let Some(bs) = l.by_scope.get(&(0, part)) else {
                continue;
            };
            for &b in bs {
                let binding = &l.facts.bindings[b as usize];
                if let BindKind::Import(i) = binding.kind
                    && let Some(imp) = l.facts.imports.get(i as usize)
                    && imp.member.is_some_and(|m| l.facts.name(m) == "__all__")
                {
                    let base = self.import_base(f, &l.facts, imp.level, &imp.module);
                    if let Some(m) = self.modules.file(&base, Some(f), &self.paths)
                        && m != f
                    {
                        out.extend(self.all_names(m, depth + 1));
                    }
                }
            }
        }
        out.extend(
            l.facts
                .all
                .iter()
                .flatten()
                .map(|n| l.facts.name(*n).to_string()),
        );
        out
    }

    // ----- resolution -----

    fn resolve_at(&self, f: u32, line: u32, column: u32, ctx: &Ctx) -> Vec<Found> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let pos = Pos {
            line,
            col: column.saturating_sub(1),
        };
        let Some(i) = l.facts.site_at(pos) else {
            return Vec::new();
        };
        let site = l.facts.sites[i];
        self.resolve_target(f, site.target, site.name, ctx)
    }

    fn resolve_target(&self, f: u32, target: Target, name: Name, ctx: &Ctx) -> Vec<Found> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let mut out = match target {
            Target::Use(e) => self.resolve_use(f, &l, e, ctx),
            Target::Def(b) => self.follow(f, b, ctx),
            Target::AttrDef(d) => vec![Found {
                answer: Answer::In(Def::Attr { file: f, def: d }),
                conf: Confidence::Exact,
            }],
            Target::Keyword { func } => {
                let name = l.facts.name(name).to_string();
                self.keyword(f, func, &name, ctx)
            }
            Target::Module { import, upto } => {
                let Some(imp) = l.facts.imports.get(import as usize) else {
                    return Vec::new();
                };
                let parts = &imp.module[..(upto as usize).min(imp.module.len())];
                let base = self.import_base(f, &l.facts, imp.level, parts);
                self.module_answer(f, &base, Some((f, imp.pos)))
            }
        };
        dedup(&mut out);
        out
    }

    /// The parameter `name` of what `func` calls: a function's, or a
    /// class's `__init__`'s.
    fn keyword(&self, f: u32, func: u32, name: &str, ctx: &Ctx) -> Vec<Found> {
        let mut out = Vec::new();
        for (v, c) in self.eval(f, func, ctx) {
            let (file, scope) = match v {
                Val::Func(ff, fs) => (ff, fs),
                Val::Class(cf, cs) => {
                    let init = self.member(&Val::Class(cf, cs), "__init__", ctx);
                    let Some(Found {
                        answer: Answer::In(Def::Binding { file, binding }),
                        ..
                    }) = init.first()
                    else {
                        continue;
                    };
                    let Some(bl) = self.file(*file) else { continue };
                    match bl.facts.bindings.get(*binding as usize).map(|b| b.kind) {
                        Some(BindKind::Function(s)) => (*file, s),
                        _ => continue,
                    }
                }
                _ => continue,
            };
            let Some(fl) = self.file(file) else { continue };
            if let Some(id) = fl.id(name)
                && let Some(bs) = fl.by_scope.get(&(scope, id))
                && let Some(&b) = bs
                    .iter()
                    .find(|&&b| fl.facts.bindings[b as usize].kind == BindKind::Parameter)
            {
                out.push(Found {
                    answer: Answer::In(Def::Binding { file, binding: b }),
                    conf: c,
                });
            }
        }
        out
    }

    fn resolve_use(&self, f: u32, l: &Loaded, e: u32, ctx: &Ctx) -> Vec<Found> {
        match l.facts.exprs.get(e as usize) {
            Some(&Expr::Name { name, scope, pos }) => {
                let n = l.facts.name(name).to_string();
                let p = (pos != Pos::START).then_some(pos);
                self.lookup(f, scope, &n, p, ctx)
            }
            Some(&Expr::Attr { base, name, .. }) => {
                let n = l.facts.name(name).to_string();
                let vals = self.eval(f, base, ctx);
                let mut out = Vec::new();
                for (v, c) in &vals {
                    for mut found in self.member(v, &n, ctx) {
                        found.conf = found.conf.and(*c);
                        out.push(found);
                    }
                }
                if out.is_empty() && !vals.iter().any(|(v, _)| matches!(v, Val::Out(..))) {
                    out = self.candidates(f, &n);
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// LEGB lookup of `name` used in `scope` at `pos` (`None`: anywhere in
    /// the scope, as for `global` names).
    fn lookup(&self, f: u32, scope: u32, name: &str, pos: Option<Pos>, ctx: &Ctx) -> Vec<Found> {
        if !ctx.step() {
            return Vec::new();
        }
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let Some(id) = l.id(name) else {
            return self.builtin(name);
        };
        let mut s = scope;
        let mut first = true;
        let mut skip_to_function = false;
        if let Some(sc) = l.facts.scopes.get(scope as usize) {
            if sc.globals.contains(&id) {
                s = 0;
                first = false;
            } else if sc.nonlocals.contains(&id) {
                skip_to_function = true;
            }
        }
        let mut guard = 0;
        loop {
            guard += 1;
            if guard > 256 {
                break;
            }
            let Some(sc) = l.facts.scopes.get(s as usize) else {
                break;
            };
            let visible = first || sc.kind != ScopeKind::Class;
            let skip = skip_to_function && first;
            if skip_to_function && !first && sc.kind != ScopeKind::Class {
                // `nonlocal n`: n as the enclosing function has it here.
                first = true;
                skip_to_function = false;
                if let Some(bs) = l.by_scope.get(&(s, id))
                    && let Some(p) = pos
                    && let Some(&b) = bs
                        .iter()
                        .rev()
                        .find(|&&b| l.facts.bindings[b as usize].live <= p)
                        .or(bs.first())
                {
                    let out = self.follow(f, b, ctx);
                    if !out.is_empty() {
                        return out;
                    }
                }
            }
            if visible
                && !skip
                && let Some(bs) = l.by_scope.get(&(s, id))
            {
                let chosen = if first && let Some(p) = pos {
                    // The last binding live before the use; else (a loop,
                    // a later definition) the first one.
                    // What a nested function binds through `nonlocal` or
                    // `global` comes after what this scope binds itself.
                    let live = |b: &u32| {
                        let b = &l.facts.bindings[*b as usize];
                        b.live <= p && !l.facts.exclusive(b.pos, p)
                    };
                    bs.iter()
                        .rev()
                        .copied()
                        .find(|b| live(b) && !l.facts.bindings[*b as usize].redirected)
                        .or_else(|| bs.iter().rev().copied().find(live))
                        .or_else(|| bs.first().copied())
                } else {
                    bs.last().copied()
                };
                if let Some(b) = chosen {
                    let mut out = self.follow(f, b, ctx);
                    // A name from outside (a C module, a try/except import
                    // fallback) comes after one bound here.
                    if out.iter().all(|x| matches!(x.answer, Answer::Out { .. })) {
                        for &other in bs.iter().rev().filter(|&&o| o != b) {
                            let inside: Vec<Found> = self
                                .follow(f, other, ctx)
                                .into_iter()
                                .filter(|x| matches!(x.answer, Answer::In(_)))
                                .collect();
                            if !inside.is_empty() {
                                out.splice(0..0, inside);
                                break;
                            }
                        }
                    }
                    if !out.is_empty() {
                        return out;
                    }
                }
            }
            if s == 0 {
                break;
            }
            first = false;
            s = sc.parent;
        }
        // `from m import *` of the module.
        for &star in l
            .facts
            .scopes
            .first()
            .map(|s| s.stars.as_slice())
            .unwrap_or(&[])
        {
            let out = self.star_member(f, &l.facts, star, name, ctx);
            if !out.is_empty() {
                return out;
            }
        }
        self.builtin(name)
    }

    fn builtin(&self, name: &str) -> Vec<Found> {
        if BUILTINS.contains(&name) {
            vec![Found {
                answer: Answer::Out {
                    module: "builtins".to_string(),
                    name: Some(name.to_string()),
                    via: None,
                },
                conf: Confidence::Exact,
            }]
        } else {
            Vec::new()
        }
    }

    fn star_member(&self, f: u32, facts: &Facts, star: u32, name: &str, ctx: &Ctx) -> Vec<Found> {
        let Some(imp) = facts.imports.get(star as usize) else {
            return Vec::new();
        };
        let base = self.import_base(f, facts, imp.level, &imp.module);
        let Some(m) = self.modules.file(&base, Some(f), &self.paths) else {
            return Vec::new();
        };
        if !ctx.following.borrow_mut().insert((m, u32::MAX - star)) {
            return Vec::new();
        }
        let Some(ml) = self.file(m) else {
            return Vec::new();
        };
        let exported = match &ml.facts.all {
            Some(_) => self.all_names(m, 0).iter().any(|n| n == name),
            None => !name.starts_with('_'),
        };
        if !exported {
            return Vec::new();
        }
        let _d = ctx.enter();
        self.module_member(m, name, ctx, true)
    }

    /// What binding `b` of file `f` stands for: itself, or for an import
    /// what it imports.
    fn follow(&self, f: u32, b: u32, ctx: &Ctx) -> Vec<Found> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let Some(binding) = l.facts.bindings.get(b as usize) else {
            return Vec::new();
        };
        let BindKind::Import(i) = binding.kind else {
            return vec![Found {
                answer: Answer::In(Def::Binding {
                    file: f,
                    binding: b,
                }),
                conf: Confidence::Exact,
            }];
        };
        if !ctx.step() || !ctx.following.borrow_mut().insert((f, b)) {
            return Vec::new();
        }
        let _d = ctx.enter();
        let Some(imp) = l.facts.imports.get(i as usize) else {
            return Vec::new();
        };
        let via = Some((f, imp.pos));
        let out = match imp.kind {
            ImportKind::Module => {
                let first = imp.module.first().map(|n| l.facts.name(*n)).unwrap_or("");
                let base = if imp.level > 0 {
                    self.import_base(f, &l.facts, imp.level, &imp.module[..1])
                } else {
                    first.to_string()
                };
                self.module_answer(f, &base, via)
            }
            ImportKind::ModuleAs => {
                let base = self.import_base(f, &l.facts, imp.level, &imp.module);
                self.module_answer(f, &base, via)
            }
            ImportKind::From => {
                let member = imp.member.map(|m| l.facts.name(m)).unwrap_or("");
                let base = self.import_base(f, &l.facts, imp.level, &imp.module);
                match self.modules.file(&base, Some(f), &self.paths) {
                    Some(m) => {
                        let mut out = if m == f {
                            Vec::new()
                        } else {
                            self.module_member(m, member, ctx, true)
                        };
                        if out.is_empty() {
                            let sub = join(&base, member);
                            if let Some(s) = self.modules.file(&sub, Some(f), &self.paths) {
                                out.push(Found {
                                    answer: Answer::In(Def::Module { file: s }),
                                    conf: Confidence::Exact,
                                });
                            }
                        }
                        out
                    }
                    None => {
                        let sub = join(&base, member);
                        match self.modules.file(&sub, Some(f), &self.paths) {
                            Some(s) => vec![Found {
                                answer: Answer::In(Def::Module { file: s }),
                                conf: Confidence::Exact,
                            }],
                            None if self.modules.has(&base) => Vec::new(),
                            None => vec![Found {
                                answer: Answer::Out {
                                    module: base,
                                    name: Some(member.to_string()),
                                    via,
                                },
                                conf: Confidence::Exact,
                            }],
                        }
                    }
                }
            }
            ImportKind::Star => Vec::new(),
        };
        ctx.following.borrow_mut().remove(&(f, b));
        out
    }

    fn module_answer(&self, f: u32, base: &str, via: Option<(u32, Pos)>) -> Vec<Found> {
        let answer = match self.modules.file(base, Some(f), &self.paths) {
            Some(m) => Answer::In(Def::Module { file: m }),
            None => Answer::Out {
                module: base.to_string(),
                name: None,
                via,
            },
        };
        vec![Found {
            answer,
            conf: Confidence::Exact,
        }]
    }

    /// `name` as an attribute of module file `m`: its module-level binding
    /// (the last), its `import *`s, or its submodule.
    fn module_member(&self, m: u32, name: &str, ctx: &Ctx, submodules: bool) -> Vec<Found> {
        if !ctx.step() {
            return Vec::new();
        }
        let Some(l) = self.file(m) else {
            return Vec::new();
        };
        if let Some(id) = l.id(name)
            && let Some(bs) = l.by_scope.get(&(0, id))
        {
            for &b in bs.iter().rev() {
                let out = self.follow(m, b, ctx);
                if !out.is_empty() {
                    return out;
                }
            }
        }
        for &star in l
            .facts
            .scopes
            .first()
            .map(|s| s.stars.as_slice())
            .unwrap_or(&[])
        {
            let out = self.star_member(m, &l.facts, star, name, ctx);
            if !out.is_empty() {
                return out;
            }
        }
        if submodules && self.is_init(m) {
            let sub = join(self.modules.name(m), name);
            if let Some(s) = self.modules.file(&sub, Some(m), &self.paths) {
                return vec![Found {
                    answer: Answer::In(Def::Module { file: s }),
                    conf: Confidence::Exact,
                }];
            }
        }
        Vec::new()
    }

    /// The absolute module a (relative) import names.
    fn import_base(&self, f: u32, facts: &Facts, level: u32, module: &[Name]) -> String {
        let dotted: Vec<&str> = module.iter().map(|n| facts.name(*n)).collect();
        let dotted = dotted.join(".");
        if level == 0 {
            return dotted;
        }
        let mut pkg = self.modules.package_of(f, self.is_init(f));
        for _ in 1..level {
            pkg = pkg
                .rfind('.')
                .map_or(String::new(), |i| pkg[..i].to_string());
        }
        join(&pkg, &dotted)
    }

    // ----- values -----

    fn eval(&self, f: u32, e: u32, ctx: &Ctx) -> Vec<(Val, Confidence)> {
        if !ctx.step() {
            return Vec::new();
        }
        let _d = ctx.enter();
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        match l.facts.exprs.get(e as usize).copied() {
            Some(Expr::Name { name, scope, pos }) => {
                let n = l.facts.name(name).to_string();
                let p = (pos != Pos::START).then_some(pos);
                let found = self.lookup(f, scope, &n, p, ctx);
                for x in &found {
                    for (v, c) in self.value_of(x, ctx) {
                        out.push((v, c.and(x.conf)));
                    }
                }
                // `try: import ssl / except ImportError: ssl = None`: when
                // the binding found says nothing, the others of its scope.
                if out.is_empty()
                    && let Some(Found {
                        answer: Answer::In(Def::Binding { file, binding }),
                        ..
                    }) = found.first()
                    && let Some(bl) = self.file(*file)
                    && let Some(b) = bl.facts.bindings.get(*binding as usize)
                    && let Some(same) = bl.by_scope.get(&(b.scope, b.name))
                {
                    for &o in same.iter().rev().filter(|&&o| o != *binding) {
                        for x in self.follow(*file, o, ctx) {
                            for (v, c) in self.value_of(&x, ctx) {
                                out.push((v, c.and(x.conf).and(Confidence::Likely)));
                            }
                        }
                        if !out.is_empty() {
                            break;
                        }
                    }
                }
            }
            Some(Expr::Attr { base, name, .. }) => {
                let n = l.facts.name(name).to_string();
                for (v, c) in self.eval(f, base, ctx) {
                    for found in self.member(&v, &n, ctx) {
                        for (v2, c2) in self.value_of(&found, ctx) {
                            out.push((v2, c2.and(c).and(found.conf)));
                        }
                    }
                }
            }
            Some(Expr::Call { func }) => {
                // `super()`: the class of the method it is in.
                if let Some(Expr::Name { name, scope, .. }) = l.facts.exprs.get(func as usize)
                    && l.facts.name(*name) == "super"
                    && l.id("super")
                        .is_some_and(|id| !l.by_scope.keys().any(|k| k.1 == id))
                {
                    if let Some((class, instance)) = self.method_class(&l.facts, *scope) {
                        out.push((Val::Super(f, class, instance), Confidence::Exact));
                    }
                    return out;
                }
                for (v, c) in self.eval(f, func, ctx) {
                    match v {
                        Val::Class(cf, cs) => {
                            out.push((Val::Instance(cf, cs), c.and(Confidence::Likely)))
                        }
                        Val::Func(ff, fs) => {
                            if let Some(ret) = self.file(ff).and_then(|fl| {
                                fl.facts.scopes.get(fs as usize).and_then(|s| s.returns)
                            }) {
                                for (rv, rc) in self.eval(ff, ret, ctx) {
                                    if let Val::Class(a, b) = rv {
                                        out.push((
                                            Val::Instance(a, b),
                                            rc.and(c).and(Confidence::Likely),
                                        ));
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        dedup_vals(&mut out);
        out
    }

    /// The class a method's scope belongs to (walking out of nested
    /// functions and comprehensions), and whether `self` is an instance.
    fn method_class(&self, facts: &Facts, mut scope: u32) -> Option<(u32, bool)> {
        for _ in 0..64 {
            let s = facts.scopes.get(scope as usize)?;
            match s.kind {
                ScopeKind::Function if s.method != MethodKind::None => {
                    return Some((s.parent, s.method != MethodKind::Class));
                }
                ScopeKind::Module | ScopeKind::Class => return None,
                _ => scope = s.parent,
            }
        }
        None
    }

    fn value_of(&self, found: &Found, ctx: &Ctx) -> Vec<(Val, Confidence)> {
        if !ctx.step() {
            return Vec::new();
        }
        let conf = found.conf;
        match &found.answer {
            Answer::Out { module, name, via } => match name {
                None => vec![(Val::Out(module.clone(), *via), conf)],
                Some(n) if module != "builtins" => vec![(Val::Out(join(module, n), *via), conf)],
                Some(_) => Vec::new(),
            },
            Answer::In(Def::Module { file }) => vec![(Val::Module(*file), conf)],
            Answer::In(Def::Binding { file, binding }) => {
                let Some(l) = self.file(*file) else {
                    return Vec::new();
                };
                let Some(b) = l.facts.bindings.get(*binding as usize) else {
                    return Vec::new();
                };
                match b.kind {
                    BindKind::Class(s) => vec![(Val::Class(*file, s), conf)],
                    BindKind::Function(s) => {
                        let prop = l
                            .facts
                            .scopes
                            .get(s as usize)
                            .is_some_and(|sc| sc.method == MethodKind::Property);
                        if prop {
                            // A property reads as what it returns.
                            self.returns_instance(*file, s, ctx)
                        } else {
                            vec![(Val::Func(*file, s), conf)]
                        }
                    }
                    BindKind::Parameter => {
                        let sc = l.facts.scopes.get(b.scope as usize);
                        if let Some(sc) = sc
                            && sc.first_param == Some(b.name)
                            && matches!(
                                sc.method,
                                MethodKind::Instance | MethodKind::Property | MethodKind::Class
                            )
                        {
                            let class = sc.parent;
                            return if sc.method == MethodKind::Class {
                                vec![(Val::Class(*file, class), conf)]
                            } else {
                                vec![(Val::Instance(*file, class), conf)]
                            };
                        }
                        match b.annotation {
                            Some(a) => self.instances(*file, a, ctx),
                            None => self.fixture_value(*file, l.facts.name(b.name), ctx),
                        }
                    }
                    BindKind::Variable | BindKind::Import(_) => {
                        self.value_from(*file, b.value, b.annotation, *binding, ctx)
                    }
                }
            }
            Answer::In(Def::Attr { file, def }) => {
                let Some(l) = self.file(*file) else {
                    return Vec::new();
                };
                let Some(a) = l.facts.attr_defs.get(*def as usize) else {
                    return Vec::new();
                };
                self.value_from(*file, a.value, a.annotation, u32::MAX - *def, ctx)
            }
        }
    }

    fn value_from(
        &self,
        f: u32,
        value: Option<u32>,
        annotation: Option<u32>,
        key: u32,
        ctx: &Ctx,
    ) -> Vec<(Val, Confidence)> {
        if let Some(a) = annotation {
            let out = self.instances(f, a, ctx);
            if !out.is_empty() {
                return out;
            }
        }
        let Some(v) = value else {
            return Vec::new();
        };
        if !ctx.evaluating.borrow_mut().insert((f, key)) {
            return Vec::new();
        }
        let out = self.eval(f, v, ctx);
        ctx.evaluating.borrow_mut().remove(&(f, key));
        out
    }

    /// What a test's parameter holds when it names a pytest fixture: the
    /// function of that name at the top of the test's own module or of a
    /// `conftest.py` in its folder or one above (where pytest finds
    /// fixtures), read as its return annotation says, or else as the
    /// local it names as itself (`app = Flask(...)` in `def app():`).
    /// Only in test modules and `conftest.py`; inferred, so `Likely`.
    fn fixture_value(&self, f: u32, name: &str, ctx: &Ctx) -> Vec<(Val, Confidence)> {
        let path = self.path(f);
        let (dir, file_name) = path.rsplit_once('/').unwrap_or(("", path));
        let is_test = file_name == "conftest.py"
            || (file_name.ends_with(".py")
                && (file_name.starts_with("test_") || file_name.ends_with("_test.py")));
        if !is_test || !ctx.step() {
            return Vec::new();
        }
        let mut modules = vec![f];
        let mut dir = dir;
        loop {
            let conftest = if dir.is_empty() {
                "conftest.py".to_string()
            } else {
                format!("{dir}/conftest.py")
            };
            if let Some(&c) = self.by_path.get(conftest.as_str())
                && c != f
            {
                modules.push(c);
            }
            if dir.is_empty() {
                break;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
        let likely = |out: Vec<(Val, Confidence)>| -> Vec<(Val, Confidence)> {
            out.into_iter()
                .map(|(v, c)| (v, c.and(Confidence::Likely)))
                .collect()
        };
        for m in modules {
            let Some(l) = self.file(m) else { continue };
            let Some(id) = l.id(name) else { continue };
            let Some(bs) = l.by_scope.get(&(0, id)) else {
                continue;
            };
            for &b in bs.iter().rev() {
                let Some(BindKind::Function(s)) = l.facts.bindings.get(b as usize).map(|b| b.kind)
                else {
                    continue;
                };
                let out = self.returns_instance(m, s, ctx);
                if !out.is_empty() {
                    return likely(out);
                }
                for &local in l
                    .by_scope
                    .get(&(s, id))
                    .map(Vec::as_slice)
                    .unwrap_or(&[])
                    .iter()
                    .rev()
                {
                    let Some(lb) = l.facts.bindings.get(local as usize) else {
                        continue;
                    };
                    if lb.kind == BindKind::Variable {
                        let out = self.value_from(m, lb.value, lb.annotation, local, ctx);
                        if !out.is_empty() {
                            return likely(out);
                        }
                    }
                }
            }
        }
        Vec::new()
    }

    fn returns_instance(&self, f: u32, s: u32, ctx: &Ctx) -> Vec<(Val, Confidence)> {
        let Some(ret) = self
            .file(f)
            .and_then(|l| l.facts.scopes.get(s as usize).and_then(|s| s.returns))
        else {
            return Vec::new();
        };
        self.instances(f, ret, ctx)
    }

    /// Instances of the class an annotation names.
    fn instances(&self, f: u32, ty: u32, ctx: &Ctx) -> Vec<(Val, Confidence)> {
        self.eval(f, ty, ctx)
            .into_iter()
            .filter_map(|(v, c)| match v {
                Val::Class(a, b) => Some((Val::Instance(a, b), c.and(Confidence::Likely))),
                _ => None,
            })
            .collect()
    }

    /// The method resolution order of a class: itself, then its bases
    /// depth-first, left to right, each once.
    fn mro(&self, f: u32, class: u32, ctx: &Ctx) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        let mut stack = vec![(f, class)];
        while let Some((cf, cs)) = stack.pop() {
            if out.contains(&(cf, cs)) || out.len() >= 64 || !ctx.step() {
                continue;
            }
            out.push((cf, cs));
            let Some(l) = self.file(cf) else { continue };
            let Some(sc) = l.facts.scopes.get(cs as usize) else {
                continue;
            };
            let mut bases = Vec::new();
            for &b in &sc.bases {
                for (v, _) in self.eval(cf, b, ctx) {
                    if let Val::Class(bf, bs) = v {
                        bases.push((bf, bs));
                    }
                }
            }
            for b in bases.into_iter().rev() {
                stack.push(b);
            }
        }
        out
    }

    fn member(&self, v: &Val, name: &str, ctx: &Ctx) -> Vec<Found> {
        if !ctx.step() {
            return Vec::new();
        }
        let _d = ctx.enter();
        match v {
            Val::Module(m) => self.module_member(*m, name, ctx, true),
            Val::Class(f, c) | Val::Instance(f, c) => {
                let instance = matches!(v, Val::Instance(..));
                for (cf, cs) in self.mro(*f, *c, ctx) {
                    let out = self.class_member(cf, cs, name, instance, ctx);
                    if !out.is_empty() {
                        return out;
                    }
                }
                Vec::new()
            }
            Val::Super(f, c, instance) => {
                for (cf, cs) in self.mro(*f, *c, ctx).into_iter().skip(1) {
                    let out = self.class_member(cf, cs, name, *instance, ctx);
                    if !out.is_empty() {
                        return out;
                    }
                }
                Vec::new()
            }
            Val::Func(..) => Vec::new(),
            Val::Out(module, via) => vec![Found {
                answer: Answer::Out {
                    module: module.clone(),
                    name: Some(name.to_string()),
                    via: *via,
                },
                conf: Confidence::Exact,
            }],
        }
    }

    /// `name` in one class: for an instance its `self.name = ...`
    /// assignments first (latest first), then its body's bindings (latest
    /// first); for the class itself the other way round.
    fn class_member(
        &self,
        f: u32,
        class: u32,
        name: &str,
        instance: bool,
        ctx: &Ctx,
    ) -> Vec<Found> {
        let Some(l) = self.file(f) else {
            return Vec::new();
        };
        let Some(id) = l.id(name) else {
            return Vec::new();
        };
        let mut body = Vec::new();
        if let Some(bs) = l.by_scope.get(&(class, id)) {
            for &b in bs.iter().rev() {
                body.extend(self.follow(f, b, ctx));
            }
        }
        let mut attrs = Vec::new();
        if let Some(ds) = l.attrs.get(&(class, id)) {
            for &d in ds.iter().rev() {
                attrs.push(Found {
                    answer: Answer::In(Def::Attr { file: f, def: d }),
                    conf: Confidence::Exact,
                });
            }
        }
        if instance {
            attrs.extend(body);
            attrs
        } else {
            body.extend(attrs);
            body
        }
    }

    /// Every definition of attribute `name` in the repository, nearest to
    /// file `f` first: for an attribute of unknown type.
    fn candidates(&self, f: u32, name: &str) -> Vec<Found> {
        let all = self.all_candidates(name);
        let here = self.path(f);
        let mut sorted: Vec<&(u32, Pos, Def)> = all.iter().collect();
        sorted.sort_by_key(|(g, pos, _)| {
            let p = self.path(*g);
            (*g != f, usize::MAX - common_dirs(here, p), p, *pos)
        });
        let mut out: Vec<Found> = sorted
            .into_iter()
            .take(MAX_ANSWERS)
            .map(|(_, _, d)| Found {
                answer: Answer::In(*d),
                conf: Confidence::Name,
            })
            .collect();
        if out.len() == 1 {
            out[0].conf = Confidence::Likely;
        }
        out
    }

    fn all_candidates(&self, name: &str) -> Arc<Vec<(u32, Pos, Def)>> {
        if let Ok(memo) = self.candidates.lock()
            && let Some(c) = memo.get(name)
        {
            return c.clone();
        }
        let mut out = Vec::new();
        for g in self.source.files_with(List::Members, name) {
            let Some(l) = self.file(g) else { continue };
            let Some(id) = l.id(name) else { continue };
            for (i, b) in l.facts.bindings.iter().enumerate() {
                if b.name == id
                    && l.facts
                        .scopes
                        .get(b.scope as usize)
                        .is_some_and(|s| s.kind == ScopeKind::Class)
                {
                    out.push((
                        g,
                        b.pos,
                        Def::Binding {
                            file: g,
                            binding: i as u32,
                        },
                    ));
                }
            }
            for (i, a) in l.facts.attr_defs.iter().enumerate() {
                if a.name == id {
                    out.push((
                        g,
                        a.pos,
                        Def::Attr {
                            file: g,
                            def: i as u32,
                        },
                    ));
                }
            }
        }
        let out = Arc::new(out);
        if let Ok(mut memo) = self.candidates.lock() {
            memo.insert(name.to_string(), out.clone());
        }
        out
    }

    /// Files that have the identifier `name`.
    fn files_naming(&self, name: &str) -> Vec<u32> {
        self.source.files_with(List::Names, name)
    }

    /// The number of lines of a file, without reading it.
    pub fn lines(&self, path: &str) -> Option<u32> {
        self.by_path.get(path).and_then(|&f| self.source.lines(f))
    }

    // ----- answers -----

    fn def_name(&self, d: Def) -> String {
        match d {
            Def::Module { file } => {
                let m = self.modules.name(file);
                m.rsplit('.').next().unwrap_or(m).to_string()
            }
            Def::Binding { file, binding } => self
                .file(file)
                .and_then(|l| {
                    l.facts
                        .bindings
                        .get(binding as usize)
                        .map(|b| l.facts.name(b.name).to_string())
                })
                .unwrap_or_default(),
            Def::Attr { file, def } => self
                .file(file)
                .and_then(|l| {
                    l.facts
                        .attr_defs
                        .get(def as usize)
                        .map(|a| l.facts.name(a.name).to_string())
                })
                .unwrap_or_default(),
        }
    }

    fn definitions(&self, found: Vec<Found>) -> Vec<Definition> {
        let mut out: Vec<Definition> = Vec::new();
        for x in found.into_iter().take(MAX_ANSWERS) {
            let d = match x.answer {
                Answer::Out { module, name, via } => Definition {
                    path: None,
                    line: via.map(|v| v.1.line),
                    column: via.map(|v| v.1.col + 1),
                    name: name.clone().unwrap_or_else(|| {
                        module.rsplit('.').next().unwrap_or(&module).to_string()
                    }),
                    kind: if module == "builtins" && via.is_none() {
                        DefKind::Builtin
                    } else {
                        DefKind::Import
                    },
                    confidence: x.conf,
                    import_path: via.map(|v| self.path(v.0).to_string()),
                    module: Some(module),
                },
                Answer::In(d) => {
                    let name = self.def_name(d);
                    let (file, pos, kind) = match d {
                        Def::Module { file } => (file, Pos::START, DefKind::Module),
                        Def::Binding { file, binding } => {
                            let Some(l) = self.file(file) else { continue };
                            let Some(b) = l.facts.bindings.get(binding as usize) else {
                                continue;
                            };
                            let in_class = l
                                .facts
                                .scopes
                                .get(b.scope as usize)
                                .is_some_and(|s| s.kind == ScopeKind::Class);
                            let kind = match b.kind {
                                BindKind::Class(_) => DefKind::Class,
                                BindKind::Function(_) if in_class => DefKind::Method,
                                BindKind::Function(_) => DefKind::Function,
                                BindKind::Parameter => DefKind::Parameter,
                                _ if in_class => DefKind::Attribute,
                                _ => DefKind::Variable,
                            };
                            (file, b.pos, kind)
                        }
                        Def::Attr { file, def } => {
                            let Some(l) = self.file(file) else { continue };
                            let Some(a) = l.facts.attr_defs.get(def as usize) else {
                                continue;
                            };
                            (file, a.pos, DefKind::Attribute)
                        }
                    };
                    Definition {
                        path: Some(self.path(file).to_string()),
                        line: Some(pos.line),
                        column: Some(pos.col + 1),
                        name,
                        kind,
                        confidence: x.conf,
                        module: None,
                        import_path: None,
                    }
                }
            };
            if !out.contains(&d) {
                out.push(d);
            }
        }
        out
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}.{b}"),
    }
}

fn common_dirs(a: &str, b: &str) -> usize {
    a.split('/')
        .zip(b.split('/'))
        .take_while(|(x, y)| x == y)
        .count()
}

fn dedup(v: &mut Vec<Found>) {
    let mut seen = HashSet::new();
    v.retain(|x| seen.insert(x.answer.clone()));
    v.truncate(MAX_ANSWERS);
}

fn dedup_vals(v: &mut Vec<(Val, Confidence)>) {
    let mut seen = HashSet::new();
    v.retain(|x| seen.insert(x.0.clone()));
    v.truncate(MAX_ANSWERS);
}
