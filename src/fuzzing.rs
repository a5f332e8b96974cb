//! The bodies of the fuzz targets: each takes arbitrary bytes, runs one
//! parser or renderer on them, and panics if an invariant breaks. The
//! cargo-fuzz targets under `fuzz/` call these (coverage-guided, nightly),
//! and `tests/fuzz_smoke.rs` runs them on stable over the regression
//! corpus and a budget of generated inputs, so `cargo test` covers them
//! too.

// Panicking on a broken invariant is what a fuzz target is for.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::sync::atomic::AtomicBool;

use crate::outline::{self, Lang, Symbol};
use crate::sanitize::{is_unsafe, sanitize_line};

/// The names of the targets, as `fuzz/fuzz_targets/<name>.rs`.
pub const TARGETS: [&str; 5] = ["catalog", "progress", "outline", "markdown", "sanitize"];

/// Run target `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "catalog" => catalog(data),
        "progress" => progress(data),
        "outline" => outline(data),
        "markdown" => markdown(data),
        "sanitize" => sanitize(data),
        other => panic!("no fuzz target {other}"),
    }
}

/// The catalog loader: any text is a catalog or located errors.
pub fn catalog(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::catalog::Catalog::parse(text, "fuzz.toml") {
        Ok(c) => {
            // A valid catalog has what the screens rely on.
            assert!(c.repos().count() > 0);
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
        }
    }
}

/// The progress file loader: whatever parses writes back the same.
pub fn progress(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = crate::study::Progress::parse(text, "progress.toml") {
        let again = toml::to_string_pretty(&p).expect("a parsed progress serializes");
        let back = crate::study::Progress::parse(&again, "progress.toml")
            .expect("what was written parses");
        assert_eq!(back, p);
    }
}

/// The outlines (Python's, and C, C++ and Cython's on the same bytes),
/// the highlighter and the index scanner: symbols always
/// nest, lines are in the file, highlight spans are on existing lines.
pub fn outline(data: &[u8]) {
    let cancel = AtomicBool::new(false);
    // Line breaks as Python counts them: LF, CRLF and a lone CR.
    let breaks = data
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && data.get(i + 1) != Some(&b'\n')))
        .count();
    let lines = breaks as u32 + 1;
    let o = outline::outline(Some(Lang::Python), data, 1 << 20, &cancel)
        .expect("an outline never fails uncancelled");
    check_nesting(&o.symbols, None, lines);
    let h = outline::highlight::highlight(Lang::Python, data, &cancel)
        .expect("highlighting never fails uncancelled");
    assert!(h.lines.len() <= lines as usize);
    // The other languages' outlines nest and stay in the file too (their
    // parsers count fewer line breaks than Python: a lone CR is none).
    for lang in [Lang::C, Lang::Cpp, Lang::Cython] {
        let o = outline::outline(Some(lang), data, 1 << 20, &cancel)
            .expect("an outline never fails uncancelled");
        check_nesting(&o.symbols, None, lines);
    }
    // The index's scanner: every symbol on lines of the file.
    for sym in outline::scan::python(data) {
        assert!(
            sym.line >= 1 && sym.line <= sym.end_line && sym.end_line <= lines,
            "{sym:?}"
        );
    }
}

fn check_nesting(symbols: &[Symbol], parent: Option<&Symbol>, lines: u32) {
    for s in symbols {
        assert!(
            s.line >= 1 && s.line <= s.end_line && s.end_line <= lines,
            "{s:?}"
        );
        if let Some(p) = parent {
            assert!(
                s.line >= p.line && s.end_line <= p.end_line,
                "{s:?} in {p:?}"
            );
        }
        check_nesting(&s.children, Some(s), lines);
    }
}

/// The Markdown renderer: nothing unsafe reaches a line, at any width.
pub fn markdown(data: &[u8]) {
    let Some((&w, rest)) = data.split_first() else {
        return;
    };
    let width = usize::from(w % 120) + 1;
    let text = String::from_utf8_lossy(rest);
    for line in crate::study::markdown::render(&text, width) {
        for (run, _) in line {
            assert!(!run.chars().any(is_unsafe), "{run:?}");
        }
    }
}

/// The sanitizer: no unsafe character out, and stable.
pub fn sanitize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let once = sanitize_line(&text).into_owned();
    assert!(!once.chars().any(is_unsafe), "{once:?}");
    assert_eq!(sanitize_line(&once), once.as_str());
}
