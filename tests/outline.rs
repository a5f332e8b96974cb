//! The outline engine on fixtures that use every construct (golden files,
//! checked with insta), and on hostile input: syntax errors, deep nesting,
//! invalid UTF-8, size caps and cancellation.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use codestudy::commands::outline::format_text;
use codestudy::outline::{
    DEFAULT_SIZE_CAP, Lang, Outline, OutlineError, Symbol, SymbolKind, outline,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/outline")
            .join(name),
    )
    .unwrap()
}

fn run(lang: Lang, src: &[u8]) -> Outline {
    outline(Some(lang), src, usize::MAX, &AtomicBool::new(false)).unwrap()
}

fn find<'a>(o: &'a Outline, path: &str) -> &'a Symbol {
    o.flatten()
        .into_iter()
        .find(|(parents, s)| {
            let mut p = parents.join(".");
            if !p.is_empty() {
                p.push('.');
            }
            p.push_str(&s.name);
            p == path
        })
        .map(|(_, s)| s)
        .unwrap_or_else(|| panic!("{path} not in the outline"))
}

#[test]
fn golden_python_constructs() {
    let o = run(Lang::Python, &fixture("constructs.py"));
    insta::assert_snapshot!("constructs_py_text", format_text("constructs.py", &o));
    insta::assert_snapshot!(
        "constructs_py_json",
        serde_json::to_string_pretty(&o).unwrap()
    );
}

#[test]
fn golden_cpp_and_c() {
    let o = run(Lang::Cpp, &fixture("constructs.cc"));
    insta::assert_snapshot!("constructs_cc_text", format_text("constructs.cc", &o));
    let o = run(Lang::C, &fixture("constructs.c"));
    insta::assert_snapshot!("constructs_c_text", format_text("constructs.c", &o));
}

#[test]
fn every_field_of_a_symbol() {
    let o = run(Lang::Python, &fixture("constructs.py"));
    let d = find(&o, "decorated");
    assert_eq!(d.kind, SymbolKind::Function);
    assert_eq!(
        (d.line, d.end_line, d.column),
        (40, 50, 1),
        "def line, not the decorator's; trailing comment excluded"
    );
    assert_eq!(d.decorators, ["functools.lru_cache(maxsize=None)"]);
    assert_eq!(
        d.signature.as_deref(),
        Some("(a, b=2, *args, c: int = 3, **kwargs) -> int")
    );
    assert_eq!(d.doc.as_deref(), Some("Decorated with a call."));
    assert!(!d.is_async);

    let h = find(&o, "handler_async");
    assert!(h.is_async);
    assert_eq!(
        h.decorators,
        ["app.route(\"/path\", methods=[\"GET\"],)"],
        "comment left out, lines joined"
    );
    assert_eq!(
        h.doc.as_deref(),
        Some("Docstring whose first line is blank.")
    );
    assert_eq!(
        find(&o, "raw_doc").doc.as_deref(),
        Some("Raw docstring with \\n kept.")
    );
    assert_eq!(
        find(&o, "no_docs").doc,
        None,
        "f-strings are not docstrings"
    );
    assert_eq!(find(&o, "bytes_doc").doc, None, "bytes are not docstrings");

    let m = find(&o, "Model");
    assert_eq!(m.signature.as_deref(), Some("(Base, metaclass=type)"));
    assert_eq!(find(&o, "Base").signature, None);
    let value: Vec<&Symbol> = m.children.iter().filter(|c| c.name == "value").collect();
    assert_eq!(value.len(), 2, "getter and setter are both definitions");
    assert_eq!(value[1].decorators, ["value.setter"]);
    for blocked in [
        "only_for_checkers",
        "maybe",
        "under_with",
        "under_while",
        "under_match",
    ] {
        assert_eq!(
            find(&o, &format!("Model.{blocked}")).kind,
            SymbolKind::Method,
            "{blocked}"
        );
    }
    assert_eq!(
        find(&o, "Model.static.nested_in_method").kind,
        SymbolKind::Function
    );
    assert_eq!(find(&o, "factory.Local").kind, SymbolKind::Class);
    assert_eq!(
        find(&o, "factory.Local.local_method").kind,
        SymbolKind::Method
    );
    assert_eq!(
        find(&o, "factory.Local.local_attr").kind,
        SymbolKind::Variable
    );

    let var = |n: &str| {
        o.symbols
            .iter()
            .find(|s| s.name == n && s.kind == SymbolKind::Variable)
    };
    assert_eq!(var("PLAIN").unwrap().line, 8, "first binding");
    for bound in [
        "ANNOTATED",
        "DECLARED_ONLY",
        "first",
        "second",
        "rest",
        "listed",
        "chain_a",
        "chain_b",
        "CHECKED_ONLY",
        "OTHERWISE",
        "json_impl",
        "IN_LOOP",
        "handler",
    ] {
        assert!(var(bound).is_some(), "{bound}");
    }
    for unbound in [
        "attr",
        "registry",
        "walrus",
        "loop_var",
        "inner_var",
        "PathLike",
    ] {
        assert!(
            var(unbound).is_none(),
            "{unbound} binds no outline variable"
        );
    }
    assert!(!o.has_errors);
}

#[test]
fn pep_695_type_parameters() {
    let o = run(Lang::Python, &fixture("pep695.py"));
    assert_eq!(
        find(&o, "first").signature.as_deref(),
        Some("[T](items: list[T]) -> T")
    );
    assert_eq!(find(&o, "Box").signature.as_deref(), Some("[T](Base)"));
}

#[test]
fn syntax_errors_keep_every_recoverable_symbol() {
    let o = run(Lang::Python, &fixture("syntax_errors.py"));
    assert!(o.has_errors);
    assert_eq!(o.error_lines, [(5, 5), (11, 11)]);
    for path in ["fine", "Broken", "Broken.still_found", "also_fine", "LAST"] {
        find(&o, path);
    }
}

#[test]
fn ten_thousand_nested_brackets_blocks_and_defs_do_not_overflow() {
    let brackets = format!(
        "x = {}{}\ndef after(): pass\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let mut blocks = String::new();
    let mut defs = String::new();
    for i in 0..10_000 {
        blocks.push_str(&format!("{}if x:\n", " ".repeat(i)));
        defs.push_str(&format!("{}def f{i}():\n", " ".repeat(i)));
    }
    blocks.push_str(&format!("{}def deepest(): pass\n", " ".repeat(10_000)));
    defs.push_str(&format!("{}pass\n", " ".repeat(10_000)));
    // Run on a small stack, as a background job would.
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(move || {
            let o = run(Lang::Python, brackets.as_bytes());
            find(&o, "after");
            let o = run(Lang::Python, blocks.as_bytes());
            assert!(o.flatten().iter().any(|(_, s)| s.name == "deepest"));
            // Python refuses more than 100 levels of indentation, and
            // tree-sitter-python's scanner tracks about 512 (its indent
            // stack must fit tree-sitter's 1 KiB state buffer): what it
            // parses is outlined, with the nesting bounded.
            let o = run(Lang::Python, defs.as_bytes());
            let all = o.flatten();
            assert!(all.len() >= 500, "{} defs", all.len());
            let depth = all.iter().map(|(parents, _)| parents.len()).max().unwrap();
            assert_eq!(
                depth,
                codestudy::outline::python::MAX_NESTING - 1,
                "nesting is bounded"
            );
            let json = serde_json::to_string(&o).unwrap();
            assert!(
                json.contains("\"name\":\"f9999\""),
                "the deepest def serializes"
            );
            drop(o);
        })
        .unwrap()
        .join()
        .unwrap();
}

#[test]
fn invalid_utf8_does_not_stop_the_outline() {
    let src = b"def caf\xe9():\n    pass\n\nclass Ok:\n    name = '\xff\xfe'\n";
    let o = run(Lang::Python, src);
    find(&o, "Ok");
    find(&o, "Ok.name");
}

#[test]
fn files_over_the_cap_are_not_parsed() {
    let big = "x = 1\n".repeat(DEFAULT_SIZE_CAP / 6 + 10);
    let o = outline(
        Some(Lang::Python),
        big.as_bytes(),
        DEFAULT_SIZE_CAP,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(o.too_large, Some(big.len()));
    assert!(o.symbols.is_empty());
    assert!(format_text("big.py", &o).contains("too large to outline"));
}

#[test]
fn other_files_get_no_outline_not_an_error() {
    let o = outline(
        Lang::detect("README.md", b"# hi"),
        b"# hi",
        DEFAULT_SIZE_CAP,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(o.language, None);
    assert!(o.symbols.is_empty());
}

#[test]
fn a_parse_can_be_cancelled() {
    let cancelled = AtomicBool::new(true);
    assert_eq!(
        outline(
            Some(Lang::Python),
            b"def f(): pass\n",
            usize::MAX,
            &cancelled
        ),
        Err(OutlineError::Cancelled)
    );
    // Cancelled from another thread while a large parse runs.
    let big: Vec<u8> = "def f(a, b):\n    return [a + b for _ in range(10)]\n"
        .repeat(200_000)
        .into_bytes();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let worker = std::thread::spawn(move || outline(Some(Lang::Python), &big, usize::MAX, &flag));
    std::thread::sleep(Duration::from_millis(20));
    cancel.store(true, Ordering::Relaxed);
    assert_eq!(worker.join().unwrap(), Err(OutlineError::Cancelled));
}
