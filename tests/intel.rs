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
