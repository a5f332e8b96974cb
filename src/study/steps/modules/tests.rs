//! The reading order: dependencies first, cycles together, trimmed to
//! what the key files reach, with why each module is there.

use super::*;

fn edges(pairs: &[(&str, &str)]) -> Vec<ImportEdge> {
    pairs
        .iter()
        .map(|(from, to)| ImportEdge {
            from: from.to_string(),
            to: to.to_string(),
            line: 1,
        })
        .collect()
}

fn paths(order: &Order) -> Vec<&str> {
    order.entries.iter().map(|e| e.path.as_str()).collect()
}

fn why<'a>(order: &'a Order, path: &str) -> &'a str {
    &order.entries.iter().find(|e| e.path == path).unwrap().why
}

#[test]
fn dependencies_come_before_what_imports_them() {
    // requests' shape: sessions imports models and adapters; adapters
    // imports models; models imports exceptions; api imports sessions.
    let g = edges(&[
        ("r/api.py", "r/sessions.py"),
        ("r/sessions.py", "r/models.py"),
        ("r/sessions.py", "r/adapters.py"),
        ("r/adapters.py", "r/models.py"),
        ("r/models.py", "r/exceptions.py"),
        ("r/adapters.py", "r/exceptions.py"),
        ("r/unrelated.py", "r/models.py"),
        ("tests/test_models.py", "r/models.py"),
        ("r/models.py", "tests/conftest.py"),
    ]);
    let keys = vec!["r/sessions.py".to_string(), "r/models.py".to_string()];
    let order = order_modules(&keys, &g);
    assert_eq!(
        paths(&order),
        [
            "r/exceptions.py",
            "r/models.py",
            "r/adapters.py",
            "r/sessions.py"
        ],
        "{order:?}"
    );
    assert_eq!(
        why(&order, "r/exceptions.py"),
        "imported by adapters.py and models.py"
    );
    assert_eq!(
        why(&order, "r/models.py"),
        "key file, imported by adapters.py and sessions.py"
    );
    assert_eq!(why(&order, "r/sessions.py"), "key file");
    assert_eq!(order.left_out, 0);
    // What imports a key file, and tests, are not taken in.
    assert!(!paths(&order).contains(&"r/api.py"));
    assert!(!paths(&order).contains(&"tests/conftest.py"));
}

#[test]
fn modules_that_import_each_other_are_read_together() {
    // flask's shape: app and ctx import each other (one through the
    // other); both import globals; __init__ imports app.
    let g = edges(&[
        ("flask/__init__.py", "flask/app.py"),
        ("flask/app.py", "flask/ctx.py"),
        ("flask/ctx.py", "flask/app.py"),
        ("flask/app.py", "flask/globals.py"),
        ("flask/ctx.py", "flask/globals.py"),
        ("flask/ctx.py", "flask/helpers.py"),
        ("flask/helpers.py", "flask/globals.py"),
    ]);
    let keys = vec!["flask/__init__.py".to_string(), "flask/app.py".to_string()];
    let order = order_modules(&keys, &g);
    assert_eq!(
        paths(&order),
        [
            "flask/globals.py",
            "flask/helpers.py",
            "flask/app.py",
            "flask/ctx.py",
            "flask/__init__.py"
        ]
    );
    assert_eq!(
        why(&order, "flask/app.py"),
        "key file, imports each other with ctx.py, imported by flask/__init__.py"
    );
    assert_eq!(
        why(&order, "flask/ctx.py"),
        "imports each other with app.py"
    );
    assert_eq!(
        why(&order, "flask/globals.py"),
        "imported by app.py, ctx.py and helpers.py"
    );
}

#[test]
fn the_order_is_trimmed_to_the_nearest_and_a_long_chain_is_no_trouble() {
    // A chain of 100,000 modules: the order keeps the nearest 60 and
    // says how many more there are; Tarjan's walk is iterative.
    let chain: Vec<(String, String)> = (0..100_000)
        .map(|i| (format!("m{i}.py"), format!("m{}.py", i + 1)))
        .collect();
    let g: Vec<ImportEdge> = chain
        .iter()
        .map(|(a, b)| ImportEdge {
            from: a.clone(),
            to: b.clone(),
            line: 1,
        })
        .collect();
    let order = order_modules(&["m0.py".to_string()], &g);
    assert_eq!(order.entries.len(), ORDER_MAX);
    assert_eq!(order.left_out, 100_001 - ORDER_MAX);
    assert_eq!(order.entries.last().unwrap().path, "m0.py");
    assert_eq!(order.entries[0].path, format!("m{}.py", ORDER_MAX - 1));
    // One cycle of 100,000: one group.
    let mut ring = g.clone();
    ring.push(ImportEdge {
        from: "m100000.py".into(),
        to: "m0.py".into(),
        line: 1,
    });
    let adj: Vec<Vec<usize>> = (0..100_001).map(|i| vec![(i + 1) % 100_001]).collect();
    let comp = strongly_connected(&adj);
    assert!(comp.iter().all(|&c| c == comp[0]));
    let order = order_modules(&["m0.py".to_string()], &ring);
    assert_eq!(order.entries.len(), ORDER_MAX);
}

#[test]
fn names_are_short_unambiguous_and_counted() {
    let all = [
        "src/flask/app.py",
        "src/flask/sansio/app.py",
        "src/flask/ctx.py",
        "src/flask/__init__.py",
        "src/flask/json/__init__.py",
        "a/x/m.py",
        "b/x/m.py",
    ];
    let short = short_names(&all);
    assert_eq!(short["src/flask/ctx.py"], "ctx.py");
    assert_eq!(short["src/flask/app.py"], "flask/app.py");
    assert_eq!(short["src/flask/sansio/app.py"], "sansio/app.py");
    assert_eq!(short["src/flask/__init__.py"], "flask/__init__.py");
    assert_eq!(short["src/flask/json/__init__.py"], "json/__init__.py");
    assert_eq!(short["a/x/m.py"], "a/x/m.py");
    assert_eq!(
        names(&["src/flask/app.py", "src/flask/sansio/app.py"], &short),
        "flask/app.py and sansio/app.py"
    );
    let five = ["a.py", "b.py", "c.py", "d.py", "e.py"];
    assert_eq!(
        names(&five, &short_names(&five)),
        "a.py, b.py, c.py and 2 more"
    );
}

#[test]
fn type_checking_blocks_are_found_as_python_reads_them() {
    let src = "from __future__ import annotations\nimport typing as t\n\nfrom .globals import _cv_app\n\nif t.TYPE_CHECKING:  # pragma: no cover\n    from .app import Flask\n\n    # a comment\n    from .sessions import SessionMixin\nelse:\n    from .runtime import Flask\n\nif TYPE_CHECKING:\n    import x\nif not TYPE_CHECKING:\n    import y\nif typing.TYPE_CHECKING or DEBUG:\n    import z\n";
    assert_eq!(type_checking_blocks(src), [(6, 10), (14, 15)]);
}
