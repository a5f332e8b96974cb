//! The semantic index on small trees written here: scopes, imports,
//! attributes, confidence, references, the import graph and exports, and
//! inputs built to hurt (cycles, deep chains, huge modules).

use codestudy::intel::{Confidence, DefKind, Index};

fn index(files: &[(&str, &str)]) -> Index {
    Index::from_sources(
        files
            .iter()
            .map(|(p, s)| (p.to_string(), s.as_bytes().to_vec()))
            .collect(),
    )
}

/// The (line, column) of the `nth` (0-based) occurrence of `needle` in
/// `path`'s source, 1-based, column in characters.
fn at(files: &[(&str, &str)], path: &str, needle: &str, nth: usize) -> (u32, u32) {
    let src = files.iter().find(|f| f.0 == path).unwrap().1;
    let mut seen = 0;
    for (i, line) in src.lines().enumerate() {
        let mut from = 0;
        while let Some(b) = line[from..].find(needle) {
            let byte = from + b;
            if seen == nth {
                return (i as u32 + 1, line[..byte].chars().count() as u32 + 1);
            }
            seen += 1;
            from = byte + needle.len();
        }
    }
    panic!("{needle:?} #{nth} not in {path}");
}

/// First answer of `def` at the nth `needle`, as (path, line, column).
fn def(files: &[(&str, &str)], path: &str, needle: &str, nth: usize) -> Option<(String, u32, u32)> {
    let idx = index(files);
    let (l, c) = at(files, path, needle, nth);
    idx.definition(path, l, c)
        .into_iter()
        .next()
        .and_then(|d| Some((d.path?, d.line?, d.column?)))
}

fn place(files: &[(&str, &str)], path: &str, needle: &str, nth: usize) -> (String, u32, u32) {
    let (l, c) = at(files, path, needle, nth);
    (path.to_string(), l, c)
}

const PKG: &[(&str, &str)] = &[
    (
        "pkg/__init__.py",
        "from .mod import Foo, helper as h\n__all__ = [\"Foo\", \"h\"]\n",
    ),
    (
        "pkg/mod.py",
        r#"import os
x = 1
x = 2
def helper(a, b=3):
    return a + x

class Base:
    def run(self):
        return 1

class Foo(Base):
    attr = 5
    def __init__(self):
        self.val = 1
        if x:
            self.val = 2
    def go(self):
        y = self.val
        y = self.run()
        return self.attr + os.path.join("a")
def use():
    f = Foo()
    f.go()
    for i in range(3):
        print(i)
    return x
"#,
    ),
    (
        "main.py",
        r#"import pkg
from pkg import Foo, h
from pkg.mod import helper
pkg.Foo
Foo().go
h(1)
helper
import pkg.mod as m
m.x
"#,
    ),
];

#[test]
fn names_follow_scopes_and_the_last_binding() {
    // A global read in a function: the module's last assignment.
    assert_eq!(
        def(PKG, "pkg/mod.py", "x", 2),
        Some(place(PKG, "pkg/mod.py", "x = 2", 0))
    );
    // A for target; a parameter.
    assert_eq!(
        def(PKG, "pkg/mod.py", "i)", 0),
        Some(place(PKG, "pkg/mod.py", "i in", 0))
    );
    assert_eq!(
        def(PKG, "pkg/mod.py", "a + x", 0),
        Some(place(PKG, "pkg/mod.py", "a, b", 0))
    );
}

#[test]
fn attributes_follow_self_bases_and_constructors() {
    let mod_ = "pkg/mod.py";
    assert_eq!(
        def(PKG, mod_, "val", 2),
        Some(place(PKG, mod_, "val = 2", 0))
    );
    assert_eq!(
        def(PKG, mod_, "run()", 0),
        Some(place(PKG, mod_, "run(self)", 0))
    );
    assert_eq!(
        def(PKG, mod_, "attr +", 0),
        Some(place(PKG, mod_, "attr = 5", 0))
    );
    assert_eq!(
        def(PKG, mod_, "go()", 0),
        Some(place(PKG, mod_, "go(self)", 0))
    );
    let idx = index(PKG);
    let (l, c) = at(PKG, mod_, "go()", 0);
    assert_eq!(idx.definition(mod_, l, c)[0].confidence, Confidence::Likely);
    let (l, c) = at(PKG, mod_, "run()", 0);
    assert_eq!(idx.definition(mod_, l, c)[0].confidence, Confidence::Exact);
}

#[test]
fn imports_follow_reexports_aliases_and_modules() {
    let m = "main.py";
    assert_eq!(
        def(PKG, m, "Foo", 1),
        Some(place(PKG, "pkg/mod.py", "Foo(Base)", 0))
    );
    assert_eq!(
        def(PKG, m, "h(1)", 0),
        Some(place(PKG, "pkg/mod.py", "helper(a", 0))
    );
    assert_eq!(
        def(PKG, m, "helper", 1),
        Some(place(PKG, "pkg/mod.py", "helper(a", 0))
    );
    assert_eq!(
        def(PKG, m, "pkg.Foo", 0),
        Some(("pkg/__init__.py".into(), 1, 1))
    );
    assert_eq!(
        def(PKG, m, "x", 0),
        Some(place(PKG, "pkg/mod.py", "x = 2", 0))
    );
    assert_eq!(def(PKG, m, "m.x", 0), Some(("pkg/mod.py".into(), 1, 1)));
    assert_eq!(
        def(PKG, m, "go", 0),
        Some(place(PKG, "pkg/mod.py", "go(self)", 0))
    );
}

#[test]
fn names_from_outside_say_their_module() {
    let idx = index(PKG);
    let (l, c) = at(PKG, "pkg/mod.py", "join", 0);
    let d = &idx.definition("pkg/mod.py", l, c)[0];
    assert_eq!(d.path, None);
    assert_eq!(d.module.as_deref(), Some("os.path"));
    assert_eq!(d.kind, DefKind::Import);
    let (l, c) = at(PKG, "pkg/mod.py", "print", 0);
    let d = &idx.definition("pkg/mod.py", l, c)[0];
    assert_eq!(
        (d.module.as_deref(), d.kind),
        (Some("builtins"), DefKind::Builtin)
    );
}

#[test]
fn references_cover_imports_and_uses_but_not_definitions() {
    let idx = index(PKG);
    let (l, c) = at(PKG, "pkg/mod.py", "helper", 0);
    let refs: Vec<(String, u32, u32)> = idx
        .references("pkg/mod.py", l, c)
        .into_iter()
        .map(|r| (r.path, r.line, r.column))
        .collect();
    assert_eq!(
        refs,
        vec![
            place(PKG, "main.py", "h", 0),
            place(PKG, "main.py", "helper", 0),
            place(PKG, "main.py", "helper", 1),
            place(PKG, "main.py", "h(1)", 0),
            place(PKG, "pkg/__init__.py", "helper", 0),
            ("pkg/__init__.py".to_string(), 1, 33),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
}

#[test]
fn exports_of_an_init_say_where_names_live() {
    let idx = index(PKG);
    let e: Vec<(String, String, u32)> = idx
        .exports("pkg/__init__.py")
        .into_iter()
        .map(|e| (e.name, e.path, e.line))
        .collect();
    assert_eq!(
        e,
        vec![
            ("Foo".to_string(), "pkg/mod.py".to_string(), 11),
            ("h".to_string(), "pkg/mod.py".to_string(), 4)
        ]
    );
}

/// First answer at an explicit (line, column).
fn def_at(idx: &Index, path: &str, line: u32, column: u32) -> Option<(String, u32, u32)> {
    idx.definition(path, line, column)
        .into_iter()
        .next()
        .and_then(|d| Some((d.path?, d.line?, d.column?)))
}

fn p(path: &str, line: u32, column: u32) -> Option<(String, u32, u32)> {
    Some((path.to_string(), line, column))
}

#[test]
fn scoping_rules_python_has() {
    let src = r#"G = 0
def setg():
    global G
    G = 3
def outer():
    n = 0
    def inner():
        nonlocal n
        n = n + 1
        return n
    return n
class C:
    cattr = 1
    def meth(self):
        return cattr
    other = cattr
lam = lambda q: q + G
squares = [v * 2 for v in range(3)]
if (w := 5):
    print(w)
try:
    pass
except ValueError as err:
    print(err)
with open("f") as fh:
    fh.read()
match squares:
    case [first, *rest]:
        print(first, rest)
"#;
    let idx = index(&[("m.py", src)]);
    let m = "m.py";
    // `global G` then `G = 3` binds the module's G; `lam` reads the last.
    assert_eq!(def_at(&idx, m, 4, 5), p(m, 4, 5));
    assert_eq!(def_at(&idx, m, 17, 21), p(m, 4, 5));
    // nonlocal: the right-hand n is the outer one; `return n` in inner is
    // the inner assignment, in outer the outer one.
    assert_eq!(def_at(&idx, m, 9, 13), p(m, 6, 5));
    assert_eq!(def_at(&idx, m, 10, 16), p(m, 9, 9));
    assert_eq!(def_at(&idx, m, 11, 12), p(m, 6, 5));
    // Class bodies do not enclose their methods, but the body sees itself.
    assert_eq!(def_at(&idx, m, 15, 16), None);
    assert_eq!(def_at(&idx, m, 16, 13), p(m, 13, 5));
    // Lambda parameter, comprehension variable, walrus, except, with, match.
    assert_eq!(def_at(&idx, m, 17, 17), p(m, 17, 14));
    assert_eq!(def_at(&idx, m, 18, 12), p(m, 18, 22));
    assert_eq!(def_at(&idx, m, 20, 11), p(m, 19, 5));
    assert_eq!(def_at(&idx, m, 24, 11), p(m, 23, 22));
    assert_eq!(def_at(&idx, m, 26, 5), p(m, 25, 19));
    assert_eq!(def_at(&idx, m, 29, 15), p(m, 28, 11));
    assert_eq!(def_at(&idx, m, 29, 22), p(m, 28, 19));
}

#[test]
fn star_imports_honour_all_and_relative_imports_climb() {
    let files: &[(&str, &str)] = &[
        (
            "src/app/__init__.py",
            "from .core import *\nfrom .util import *\n",
        ),
        (
            "src/app/core.py",
            "__all__ = ['public']\ndef public(): pass\ndef hidden(): pass\n",
        ),
        (
            "src/app/util.py",
            "def helper(): pass\ndef _private(): pass\n",
        ),
        ("src/app/sub/__init__.py", ""),
        (
            "src/app/sub/deep.py",
            "from ..core import public\nfrom .. import helper\n",
        ),
        (
            "tests/test_app.py",
            "from app import public, hidden, helper\npublic(); hidden(); helper()\n",
        ),
    ];
    let idx = index(files);
    let t = "tests/test_app.py";
    assert_eq!(def_at(&idx, t, 2, 1), p("src/app/core.py", 2, 5));
    assert_eq!(def_at(&idx, t, 2, 11), None, "hidden is not in __all__");
    assert_eq!(def_at(&idx, t, 2, 21), p("src/app/util.py", 1, 5));
    let d = "src/app/sub/deep.py";
    assert_eq!(def_at(&idx, d, 1, 20), p("src/app/core.py", 2, 5));
    assert_eq!(def_at(&idx, d, 2, 16), p("src/app/util.py", 1, 5));
    assert_eq!(
        def_at(&idx, d, 1, 8),
        p("src/app/core.py", 1, 1),
        "the module path"
    );
}

#[test]
fn super_and_annotations_type_attributes() {
    let src = r#"from typing import Optional
class Base:
    def hello(self): pass
class Child(Base):
    def hello(self):
        super().hello()
def make() -> Child:
    return Child()
def use(c: Optional["Child"], b: Base | None):
    c.hello()
    b.hello()
    make().hello()
"#;
    let idx = index(&[("m.py", src)]);
    let m = "m.py";
    assert_eq!(def_at(&idx, m, 6, 17), p(m, 3, 9), "super()");
    assert_eq!(
        def_at(&idx, m, 10, 7),
        p(m, 5, 9),
        "a string annotation in Optional"
    );
    assert_eq!(def_at(&idx, m, 11, 7), p(m, 3, 9), "X | None");
    assert_eq!(def_at(&idx, m, 12, 12), p(m, 5, 9), "a return annotation");
    let (l, c) = (12, 12);
    assert_eq!(idx.definition(m, l, c)[0].confidence, Confidence::Likely);
}

#[test]
fn unknown_types_give_ranked_name_candidates() {
    let files: &[(&str, &str)] = &[
        ("a/one.py", "class A:\n    def run(self): pass\n"),
        ("b/two.py", "class B:\n    def run(self): pass\n"),
        ("b/use.py", "def f(x):\n    x.run()\n"),
    ];
    let idx = index(files);
    let defs = idx.definition("b/use.py", 2, 7);
    let got: Vec<(&str, Confidence)> = defs
        .iter()
        .map(|d| (d.path.as_deref().unwrap(), d.confidence))
        .collect();
    assert_eq!(
        got,
        vec![
            ("b/two.py", Confidence::Name),
            ("a/one.py", Confidence::Name)
        ]
    );
}

#[test]
fn import_graph_edges_and_importers() {
    let idx = index(PKG);
    let (out, incoming) = idx.imports_of("pkg/mod.py");
    assert!(out.is_empty(), "{out:?}");
    let from: Vec<(&str, u32)> = incoming.iter().map(|e| (e.from.as_str(), e.line)).collect();
    assert_eq!(
        from,
        vec![("main.py", 3), ("main.py", 8), ("pkg/__init__.py", 1)]
    );
    let graph = idx.import_graph();
    assert!(
        graph
            .iter()
            .any(|e| e.from == "main.py" && e.to == "pkg/__init__.py" && e.line == 1)
    );
}

/// Inputs built to hurt stay bounded: every question comes back.
#[test]
fn cycles_deep_chains_and_huge_modules_stay_bounded() {
    let chain = format!("import b\nx = b{}\n", ".y".repeat(10_000));
    let many: String = (0..100_000).map(|i| format!("n{i} = {i}\n")).collect();
    let files: Vec<(&str, &str)> = vec![
        ("a.py", "from b import *\nfrom b import thing\nthing\n"),
        ("b.py", "from a import *\nfrom a import thing\nthing\n"),
        (
            "c.py",
            "class C(C):\n    pass\nclass D(E):\n    pass\nclass E(D):\n    pass\nD().missing\nC().missing\n",
        ),
        ("d.py", &chain),
        ("e.py", &many),
        ("f.py", "def f():\n    pass\nx = = 1\nh = f\nclass (:\n"),
        ("g.py", "import g\nfrom g import g as g\ng.g.g.g\n"),
    ];
    let idx = index(&files);
    // An import cycle resolves to nothing, and says so.
    assert_eq!(def_at(&idx, "a.py", 3, 1), None);
    assert_eq!(def_at(&idx, "c.py", 7, 5), None);
    assert_eq!(def_at(&idx, "c.py", 3, 9), p("c.py", 5, 7));
    let last = chain.lines().nth(1).unwrap().chars().count() as u32;
    let _ = idx.definition("d.py", 2, last);
    let _ = idx.references("d.py", 2, last);
    assert_eq!(def_at(&idx, "e.py", 100_000, 1), p("e.py", 100_000, 1));
    // A syntax error degrades to what parses.
    assert_eq!(def_at(&idx, "f.py", 4, 5), p("f.py", 1, 5));
    let _ = idx.definition("g.py", 3, 7);
    let _ = idx.references("g.py", 1, 8);
    let _ = idx.exports("a.py");
    let _ = idx.import_graph();
}

#[test]
fn keyword_arguments_go_to_the_parameter() {
    let src = "class Box:\n    def __init__(self, size=1):\n        self.size = size\ndef make(width, *, depth=0):\n    return Box(size=width)\nmake(width=2, depth=3)\n";
    let idx = index(&[("m.py", src)]);
    assert_eq!(
        def_at(&idx, "m.py", 5, 16),
        p("m.py", 2, 24),
        "a class: its __init__"
    );
    assert_eq!(def_at(&idx, "m.py", 6, 6), p("m.py", 4, 10));
    assert_eq!(def_at(&idx, "m.py", 6, 15), p("m.py", 4, 20));
    let refs: Vec<(u32, u32)> = idx
        .references("m.py", 4, 10)
        .into_iter()
        .map(|r| (r.line, r.column))
        .collect();
    assert_eq!(refs, vec![(5, 21), (6, 6)]);
}

/// django's `db/models/__init__.py` builds `__all__` from its modules'
/// own: `__all__ = aggregates_all + [...]`.
#[test]
fn all_built_from_other_modules_all_is_expanded() {
    let files: &[(&str, &str)] = &[
        (
            "pkg/__init__.py",
            "from pkg.aggregates import *\nfrom pkg.aggregates import __all__ as aggregates_all\nfrom pkg.base import Model\n__all__ = aggregates_all + [\"Model\"]\n__all__ += [\"extra\"]\nextra = 1\n",
        ),
        (
            "pkg/aggregates.py",
            "__all__ = [\"Count\", \"Sum\"]\nclass Count: pass\nclass Sum: pass\nclass Hidden: pass\n",
        ),
        ("pkg/base.py", "class Model: pass\n"),
        ("use.py", "from pkg import *\nCount\nHidden\n"),
    ];
    let idx = index(files);
    let e: Vec<(String, String, u32)> = idx
        .exports("pkg/__init__.py")
        .into_iter()
        .map(|e| (e.name, e.path, e.line))
        .collect();
    let want = [
        ("Count", "pkg/aggregates.py", 2),
        ("Sum", "pkg/aggregates.py", 3),
        ("Model", "pkg/base.py", 1),
        ("extra", "pkg/__init__.py", 6),
    ];
    assert_eq!(
        e,
        want.iter()
            .map(|(n, p, l)| (n.to_string(), p.to_string(), *l))
            .collect::<Vec<_>>()
    );
    assert_eq!(def_at(&idx, "use.py", 2, 1), p("pkg/aggregates.py", 2, 7));
    assert_eq!(def_at(&idx, "use.py", 3, 1), None);
}

/// Issue 16 (step 2 maps tests through what they use): a test's parameter
/// that names a pytest fixture holds what the fixture makes, found in the
/// test's module or a `conftest.py` above it; elsewhere a parameter named
/// the same is not typed.
#[test]
fn a_fixture_parameter_holds_what_the_fixture_makes() {
    let files: &[(&str, &str)] = &[
        ("pkg/__init__.py", ""),
        (
            "pkg/app.py",
            "class App:\n    def register(self):\n        pass\n",
        ),
        (
            "pkg/bp.py",
            "class Blueprint:\n    def register(self):\n        pass\n",
        ),
        (
            "tests/conftest.py",
            "import pytest\nfrom pkg.app import App\nfrom pkg.bp import Blueprint\n\n\n@pytest.fixture\ndef app():\n    app = App()\n    return app\n\n\n@pytest.fixture\ndef bp() -> Blueprint:\n    return make()\n",
        ),
        (
            "tests/unit/test_x.py",
            "def test_a(app):\n    app.register()\n\n\ndef test_b(bp):\n    bp.register()\n",
        ),
        ("helpers/util.py", "def f(app):\n    app.register()\n"),
    ];
    let idx = index(files);
    let answers = |path: &str, needle: &str| {
        let (l, c) = at(files, path, needle, 0);
        idx.definition(path, l, c)
            .into_iter()
            .map(|d| (d.path.unwrap_or_default(), d.confidence))
            .collect::<Vec<_>>()
    };
    use codestudy::intel::Confidence::Likely;
    // From the local the fixture names as itself, two folders up.
    assert_eq!(
        answers("tests/unit/test_x.py", "register()"),
        [("pkg/app.py".to_string(), Likely)]
    );
    // From the fixture's return annotation.
    let (l, c) = at(files, "tests/unit/test_x.py", "register()", 1);
    let got: Vec<String> = idx
        .definition("tests/unit/test_x.py", l, c)
        .into_iter()
        .filter_map(|d| d.path)
        .collect();
    assert_eq!(got, ["pkg/bp.py"]);
    // Not a test module: `app` is any parameter, both are candidates.
    let got = answers("helpers/util.py", "register()");
    assert_eq!(got.len(), 2, "{got:?}");
}
