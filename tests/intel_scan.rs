//! The scanner (`intel::scan`) against the tree-sitter walker
//! (`intel::facts::facts_tree_sitter`): for every `.py` file of CPython's
//! standard library on this machine, and of the unpacked sdists in
//! `CODESTUDY_CONTRACT_SDISTS` (or `/tmp/sd`) when there are any, the
//! scanner either bails or gives exactly the walker's facts, numbering
//! included. And it bails on little of the standard library: a scanner
//! that stopped covering the common case would pass the first check alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use codestudy::intel::facts::{Facts, facts_tree_sitter};
use codestudy::intel::scan;

/// At most this share of the standard library's bytes may bail (measured:
/// 2.3% on CPython 3.11, mostly `match` statements, `print(a, *b.c())`
/// and test files that are not valid Python).
const MAX_BAIL_SHARE: f64 = 0.03;

fn stdlib_dir() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .expect("python3 is needed for the scanner's differential test");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() && name != "site-packages" && name != "__pycache__" {
                stack.push(p);
            } else if ft.is_file() && name.ends_with(".py") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Each part of the facts, serialized: equal bytes, equal facts.
fn parts(f: &Facts) -> Vec<(&'static str, Vec<u8>)> {
    let b = |x: &dyn erased::Ser| x.bytes();
    vec![
        ("names", b(&f.names)),
        ("scopes", b(&f.scopes)),
        ("bindings", b(&f.bindings)),
        ("attr_defs", b(&f.attr_defs)),
        ("imports", b(&f.imports)),
        ("exprs", b(&f.exprs)),
        ("sites", b(&f.sites)),
        ("all", b(&f.all)),
        ("all_parts", b(&f.all_parts)),
        ("arms", b(&f.arms)),
        ("syntax_errors", b(&f.syntax_errors)),
        ("lines", b(&f.lines)),
    ]
}

mod erased {
    pub trait Ser {
        fn bytes(&self) -> Vec<u8>;
    }
    impl<T: serde::Serialize> Ser for T {
        fn bytes(&self) -> Vec<u8> {
            postcard::to_allocvec(self).unwrap()
        }
    }
}

/// The first differing item of two facts, both sides spelled out.
fn first_difference(ours: &Facts, theirs: &Facts) -> Option<String> {
    let (a, b) = (parts(ours), parts(theirs));
    let (name, _) = a.iter().zip(&b).find(|(x, y)| x.1 != y.1)?.0;
    let show = |f: &Facts| -> Vec<String> {
        let items: Vec<String> = match *name {
            "names" => f.names.iter().map(|x| format!("{x:?}")).collect(),
            "scopes" => f.scopes.iter().map(|x| format!("{x:?}")).collect(),
            "bindings" => f.bindings.iter().map(|x| format!("{x:?}")).collect(),
            "attr_defs" => f.attr_defs.iter().map(|x| format!("{x:?}")).collect(),
            "imports" => f.imports.iter().map(|x| format!("{x:?}")).collect(),
            "exprs" => f.exprs.iter().map(|x| format!("{x:?}")).collect(),
            "sites" => f.sites.iter().map(|x| format!("{x:?}")).collect(),
            "arms" => f.arms.iter().map(|x| format!("{x:?}")).collect(),
            _ => vec![format!(
                "all {:?} all_parts {:?} syntax_errors {} lines {}",
                f.all, f.all_parts, f.syntax_errors, f.lines
            )],
        };
        items
    };
    let (x, y) = (show(ours), show(theirs));
    let k = x
        .iter()
        .zip(&y)
        .position(|(p, q)| p != q)
        .unwrap_or(x.len().min(y.len()));
    let near = |v: &[String]| v[k.saturating_sub(3)..(k + 3).min(v.len())].join("\n    ");
    Some(format!(
        "{name}[{k}] differs\n  scanner:\n    {}\n  tree-sitter:\n    {}",
        near(&x),
        near(&y)
    ))
}

#[derive(Default)]
struct Tally {
    files: usize,
    bytes: usize,
    bailed_bytes: usize,
    bailed_files: usize,
    reasons: BTreeMap<&'static str, (usize, usize)>,
    mismatches: Vec<String>,
}

fn check(files: &[PathBuf]) -> Tally {
    let never = AtomicBool::new(false);
    let mut t = Tally::default();
    for p in files {
        let Ok(src) = std::fs::read(p) else { continue };
        t.files += 1;
        t.bytes += src.len();
        match scan::facts_or_bail(&src) {
            Err(why) => {
                t.bailed_files += 1;
                t.bailed_bytes += src.len();
                let r = t.reasons.entry(why.0).or_default();
                r.0 += 1;
                r.1 += src.len();
            }
            Ok(ours) => {
                let theirs = facts_tree_sitter(&src, &never).unwrap();
                if let Some(d) = first_difference(&ours, &theirs) {
                    t.mismatches.push(format!("{}: {d}", p.display()));
                }
            }
        }
    }
    t
}

fn report(what: &str, t: &Tally) -> f64 {
    let share = t.bailed_bytes as f64 / t.bytes.max(1) as f64;
    eprintln!(
        "{what}: {} files, {:.1} MB; the scanner bailed on {} files, {:.2}% of the bytes",
        t.files,
        t.bytes as f64 / 1e6,
        t.bailed_files,
        share * 100.0
    );
    let mut reasons: Vec<_> = t.reasons.iter().collect();
    reasons.sort_by_key(|(_, (_, bytes))| std::cmp::Reverse(*bytes));
    for (why, (files, bytes)) in reasons {
        eprintln!(
            "  {why}: {files} files, {:.2}%",
            *bytes as f64 * 100.0 / t.bytes.max(1) as f64
        );
    }
    share
}

fn assert_same(t: &Tally) {
    assert!(
        t.mismatches.is_empty(),
        "{} files where the scanner's facts differ from the walker's; the first:\n{}",
        t.mismatches.len(),
        t.mismatches[..t.mismatches.len().min(5)].join("\n\n")
    );
}

#[test]
fn scanner_equals_walker_on_the_standard_library() {
    let dir = stdlib_dir();
    let files = python_files(&dir);
    assert!(
        files.len() > 500,
        "no standard library at {}",
        dir.display()
    );
    let t = check(&files);
    let share = report("standard library", &t);
    assert_same(&t);
    assert!(
        share < MAX_BAIL_SHARE,
        "the scanner bailed on {:.2}% of the standard library's bytes",
        share * 100.0
    );
}

#[test]
fn scanner_equals_walker_on_sdists() {
    let dir = std::env::var_os("CODESTUDY_CONTRACT_SDISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/sd"));
    if !dir.is_dir() {
        eprintln!("no sdists at {}: skipped", dir.display());
        return;
    }
    let mut files = python_files(&dir);
    files.retain(|p| !p.to_string_lossy().contains("/site-packages/"));
    let t = check(&files);
    report(&format!("sdists in {}", dir.display()), &t);
    assert_same(&t);
}
