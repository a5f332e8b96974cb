//! Two contracts for the outlines of "their languages", on real sources
//! assembled at test time from source distributions (`.ci/run` downloads
//! them into `CODESTUDY_CONTRACT_CPP_SDISTS`, by default
//! `target/contract-sdists-cpp`; missing, the tests fail and say how to
//! get them):
//!
//! 1. C and C++ against universal-ctags' C and C++ parsers
//!    (`outlines_agree_with_universal_ctags_on_real_c_and_cpp`), on
//!    - pybind11 2.13.6: `pybind11/include/pybind11`, header-only C++
//!      (templates, nested classes, operators, conversions, attribute
//!      macros such as `PYBIND11_NOINLINE`, `PYBIND11_OBJECT(...)`);
//!    - numpy 1.24.4: `numpy/core/src`, C and some C++ (`npysort`,
//!      `umath`), macro-heavy (`NPY_NO_EXPORT`, `NPY_INLINE`);
//!    - greenlet 3.1.1: `src/greenlet`, C++ whose classes' methods are
//!      defined out of line (`void Greenlet::g_switch()`).
//! 2. Cython against Cython's own parser
//!    (`cython_outlines_agree_with_cythons_own_parser`), on Cython 3.0.11's
//!    sdist and numpy's `.pyx`/`.pxd` files.
//!
//! (numpy 1.24 rather than 2.x: numpy 2's sdist builds with meson-python,
//! which has no metadata hook, so `pip download` of it builds all of
//! numpy; 1.24's setuptools build gives its metadata at once.)
//!
//! For ctags, both sides are made comparable:
//!
//! - ctags' kinds `class`, `struct`, `union`, `function` and `namespace`
//!   (`--kinds-C=fsu --kinds-C++=cfnsu`: definitions; prototypes, members,
//!   variables, enums, typedefs and macros are off, as the outline lists
//!   none of them); ours: class, struct (unions are structs), function and
//!   method (ctags calls both `function`), namespace. Kinds are compared as
//!   type / function / namespace.
//! - A row is (kind, scope, name, line). The scope is the enclosing names
//!   joined with `::`: ctags' `scope` field; ours the parents' names, so an
//!   out-of-line `void Foo::Compute()`, grouped under our `Foo` entry, has
//!   the scope `Foo` on both sides. Template arguments are dropped from
//!   names and scopes (`hash<Foo>` is ctags' `hash`), whitespace is dropped
//!   (ctags writes `operator ==`), and ctags' anonymous namespaces
//!   (`__anon7775bcce0111`) are our `(anonymous)`.
//! - Lines: ctags gives the line of the name, the outline the line where
//!   the definition starts (`static int` on the line above `foo(void)` in
//!   numpy's style). A ctags row is found when one of ours with its kind,
//!   scope and name holds its line; each of ours answers one ctags row. How
//!   many of them are on the very same line is printed too.
//! - Left out of ctags' rows: lambdas and unnamed structs and unions
//!   (`__anon...`; the outline lists neither), functions named after the
//!   block macros that are our macro entries (`TORCH_LIBRARY(aten, m)
//!   {...}`, `PYBIND11_MODULE`), and other macro calls ctags reads as
//!   functions (`PYBIND11_OBJECT_CVT(str, object, ...)` in a class body,
//!   `PYBIND11_NAMESPACE_BEGIN(detail)` before a definition): a row ctags
//!   has alone whose name is written as macros are. Left out of ours: our
//!   macro entries (ctags does not see statement macros such as
//!   `REGISTER_KERNEL_BUILDER(...);` at all) and our groups of out-of-line
//!   definitions (not definitions themselves).
//! - A `friend` function defined in a class body is ctags' at namespace
//!   level and ours inside the class (where its lines are): its scope is
//!   compared as the class's scope.
//!
//! What remains different is printed (`CODESTUDY_CONTRACT_SHOW=N` rows each
//! way per corpus), with the figures; the test asserts them at what they
//! reach less a small margin, so that a regression fails it. What remains:
//! ctags lists types defined inside function bodies (the outline does not
//! enter them); tree-sitter's error recovery still loses a few classes
//! around macros neither side expands; and ctags misses definitions the
//! outline finds (templates with defaulted non-type parameters, `#else`
//! branches, which ctags skips, numpy's SIMD functions behind
//! `NPY_FINLINE`), which count against "of codestudy's, ... are ctags'".

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use codestudy::outline::cpp::OUT_OF_LINE;
use codestudy::outline::{Lang, Symbol, SymbolKind, outline};
use serde_json::Value;

#[path = "common/nesting.rs"]
mod nesting;
use nesting::check_nesting;

/// The sdists this contract needs, unpacked.
const SDISTS: &[&str] = &[
    "pybind11-2.13.6",
    "numpy-1.24.4",
    "greenlet-3.1.1",
    "cython-3.0.11",
];

/// (sdist directory, the part of it compared with ctags).
const CORPORA: &[(&str, &str)] = &[
    ("pybind11-2.13.6", "pybind11/include/pybind11"),
    ("numpy-1.24.4", "numpy/core/src"),
    ("greenlet-3.1.1", "src/greenlet"),
];

/// What each corpus reaches, less a margin: (of ctags' rows found, of ours
/// that are ctags').
/// Measured with universal-ctags 5.9: pybind11 97.0% / 94.3%, numpy 99.7%
/// / 97.8%, greenlet 98.0% / 97.4%, all 98.7% / 96.6%.
const THRESHOLDS: &[(&str, f64, f64)] = &[
    ("pybind11-2.13.6", 0.955, 0.93),
    ("numpy-1.24.4", 0.985, 0.965),
    ("greenlet-3.1.1", 0.965, 0.96),
    ("all", 0.975, 0.955),
];

/// (kind, scope, name, line): ctags' rows.
type Row = (&'static str, String, String, u32);

/// Ours: (kind, scope, name, line, end line).
type Span = (&'static str, String, String, u32, u32);

fn sdists() -> PathBuf {
    let dir = std::env::var_os("CODESTUDY_CONTRACT_CPP_SDISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("target/contract-sdists-cpp")
        });
    let missing: Vec<&str> = SDISTS
        .iter()
        .copied()
        .filter(|d| !dir.join(d).is_dir())
        .collect();
    assert!(
        missing.is_empty(),
        "the C/C++ and Cython outline contracts need the sdists {missing:?} unpacked in {}: run \
         .ci/run, or\n  python3 -m pip download --no-deps --no-binary :all: -d {0}/download \
         pybind11==2.13.6 numpy==1.24.4 greenlet==3.1.1 Cython==3.0.11\n  for f in \
         {0}/download/*.tar.gz; do tar -xzf \"$f\" -C {0}; done\n(or set \
         CODESTUDY_CONTRACT_CPP_SDISTS to a directory holding them)",
        dir.display()
    );
    dir
}

fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(p);
            } else if ft.is_file()
                && matches!(
                    Lang::from_path(&p.to_string_lossy()),
                    Some(Lang::C | Lang::Cpp)
                )
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A name as compared: no whitespace, no template arguments.
fn norm(name: &str) -> String {
    let name: String = name.split_whitespace().collect();
    if name.starts_with("operator") || name.starts_with("~operator") {
        return name;
    }
    match name.find('<') {
        Some(i) if i > 0 => name[..i].to_string(),
        _ => name,
    }
}

fn norm_scope(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            if p.starts_with("__anon") {
                "(anonymous)".to_string()
            } else {
                norm(p)
            }
        })
        .collect::<Vec<_>>()
        .join("::")
}

/// Written as a macro is (as `cpp.rs` tells registration macros): a
/// capital first, a first part (to the first `_`) of capitals and digits,
/// the whole name capitals when it has no `_`.
fn macro_like(name: &str) -> bool {
    let b = name.as_bytes();
    if b.len() < 2 || !b[0].is_ascii_uppercase() {
        return false;
    }
    if !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return false;
    }
    let caps = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    };
    match name.split_once('_') {
        Some((first, _)) => !first.is_empty() && caps(first),
        None => caps(name),
    }
}

fn class_of(kind: SymbolKind) -> Option<&'static str> {
    match kind {
        SymbolKind::Class | SymbolKind::Struct => Some("type"),
        SymbolKind::Function | SymbolKind::Method => Some("function"),
        SymbolKind::Namespace => Some("namespace"),
        SymbolKind::Variable | SymbolKind::Macro => None,
    }
}

/// Our rows of one file, and the (name, line) of its macro entries.
fn ours(path: &Path) -> (BTreeSet<Span>, BTreeSet<(String, u32)>) {
    let bytes = std::fs::read(path).unwrap();
    let lang = Lang::from_path(&path.to_string_lossy());
    let o = outline(lang, &bytes, usize::MAX, &AtomicBool::new(false)).unwrap();
    check_nesting(path, &o.symbols);
    let mut rows = BTreeSet::new();
    let mut macros = BTreeSet::new();
    // (symbol, its parents' names, the parents' kinds)
    let mut stack: Vec<(&Symbol, Vec<&str>, Vec<SymbolKind>)> = o
        .symbols
        .iter()
        .rev()
        .map(|s| (s, Vec::new(), Vec::new()))
        .collect();
    while let Some((s, parents, kinds)) = stack.pop() {
        let mut inner = parents.clone();
        inner.push(s.name.as_str());
        let mut inner_kinds = kinds.clone();
        inner_kinds.push(s.kind);
        for c in s.children.iter().rev() {
            stack.push((c, inner.clone(), inner_kinds.clone()));
        }
        if s.kind == SymbolKind::Macro {
            let bare = s.name.split(' ').next().unwrap_or("").to_string();
            macros.insert((bare, s.line));
            continue;
        }
        if s.doc.as_deref() == Some(OUT_OF_LINE) {
            continue;
        }
        let Some(class) = class_of(s.kind) else {
            continue;
        };
        let mut scope: &[&str] = &parents;
        // A friend defined in a class: ctags' scope is the class's.
        if s.kind == SymbolKind::Function
            && matches!(kinds.last(), Some(SymbolKind::Class | SymbolKind::Struct))
        {
            scope = &parents[..parents.len() - 1];
        }
        rows.insert((class, norm_scope(scope), norm(&s.name), s.line, s.end_line));
    }
    (rows, macros)
}

/// ctags' rows by file.
fn ctags(files: &[PathBuf]) -> BTreeMap<PathBuf, BTreeSet<Row>> {
    let mut list = tempfile::NamedTempFile::new().unwrap();
    for f in files {
        writeln!(list, "{}", f.display()).unwrap();
    }
    let out = Command::new("ctags")
        .args([
            "--options=NONE",
            "--kinds-C=fsu",
            "--kinds-C++=cfnsu",
            "--fields=+neZp",
            "--output-format=json",
            "-f",
            "-",
            "-L",
        ])
        .arg(list.path())
        .output()
        .expect("universal-ctags (`ctags`, with JSON output) is needed for this contract");
    assert!(
        out.status.success(),
        "ctags failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut by_file: BTreeMap<PathBuf, BTreeSet<Row>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if v["_type"] != "tag" {
            continue;
        }
        let name = v["name"].as_str().unwrap_or_default();
        let class = match v["kind"].as_str().unwrap_or_default() {
            "class" | "struct" | "union" => "type",
            "function" => "function",
            "namespace" => "namespace",
            _ => continue,
        };
        // Unnamed types, and lambdas (ctags' unnamed functions): the
        // outline lists neither.
        let anonymous = name.starts_with("__anon");
        if anonymous && class != "namespace" {
            continue;
        }
        let scope = v["scope"].as_str().unwrap_or_default();
        let parts: Vec<&str> = if scope.is_empty() {
            Vec::new()
        } else {
            scope.split("::").collect()
        };
        let name = if anonymous {
            "(anonymous)".to_string()
        } else {
            norm(name)
        };
        let line = v["line"].as_u64().unwrap_or(0) as u32;
        by_file
            .entry(PathBuf::from(v["path"].as_str().unwrap_or_default()))
            .or_default()
            .insert((class, norm_scope(&parts), name, line));
    }
    by_file
}

#[derive(Default)]
struct Tally {
    files: usize,
    theirs: usize,
    ours: usize,
    both: usize,
    /// Of `both`, on the same line.
    same_line: usize,
    /// Agreeing on name and line, whatever the scope.
    both_unscoped: usize,
    macros: usize,
    macros_ctags_calls_functions: usize,
    /// Other macro calls ctags takes for functions, left out.
    ctags_macro_functions: usize,
    only_theirs: Vec<String>,
    only_ours: Vec<String>,
}

impl Tally {
    fn recall(&self) -> f64 {
        self.both as f64 / self.theirs.max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.both as f64 / self.ours.max(1) as f64
    }
    fn add(&mut self, other: &Tally) {
        self.files += other.files;
        self.theirs += other.theirs;
        self.ours += other.ours;
        self.both += other.both;
        self.same_line += other.same_line;
        self.both_unscoped += other.both_unscoped;
        self.macros += other.macros;
        self.macros_ctags_calls_functions += other.macros_ctags_calls_functions;
        self.ctags_macro_functions += other.ctags_macro_functions;
    }
}

/// A ctags row is found when one of ours has its kind, scope and name and
/// its lines hold ctags' line: ctags gives the line of the name, ours the
/// line where the definition starts (`static int` above `foo(void)` in
/// numpy's style, a constructor's `template <...>` line is not part of
/// it). Each of ours answers for one ctags row.
fn compare(root: &Path, files: &[PathBuf]) -> Tally {
    let theirs_by_file = ctags(files);
    let mut t = Tally {
        files: files.len(),
        ..Tally::default()
    };
    for f in files {
        let (mine, macros) = ours(f);
        let mut theirs = theirs_by_file.get(f).cloned().unwrap_or_default();
        t.macros += macros.len();
        // Block macros that ctags takes for functions of the macro's name.
        let before = theirs.len();
        theirs.retain(|(class, _, name, line)| {
            !(*class == "function" && macros.contains(&(name.clone(), *line)))
        });
        t.macros_ctags_calls_functions += before - theirs.len();
        t.theirs += theirs.len();
        t.ours += mine.len();
        // (kind, scope, name) → our spans (line, end line, answered).
        type Spans = Vec<(u32, u32, bool)>;
        let mut by_key: BTreeMap<(&str, &str, &str), Spans> = BTreeMap::new();
        for (c, scope, name, line, end) in &mine {
            by_key
                .entry((c, scope.as_str(), name.as_str()))
                .or_default()
                .push((*line, *end, false));
        }
        let mut by_name: BTreeMap<(&str, &str), Vec<(u32, u32)>> = BTreeMap::new();
        for (c, _, name, line, end) in &mine {
            by_name
                .entry((c, name.as_str()))
                .or_default()
                .push((*line, *end));
        }
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        for (c, scope, name, line) in &theirs {
            let spans = by_key.get_mut(&(*c, scope.as_str(), name.as_str()));
            // The innermost unused span holding the line.
            let found = spans.and_then(|spans| {
                spans
                    .iter_mut()
                    .filter(|(a, b, used)| !used && a <= line && line <= b)
                    .min_by_key(|(a, b, _)| b - a)
            });
            match found {
                Some(span) => {
                    span.2 = true;
                    t.both += 1;
                    if span.0 == *line {
                        t.same_line += 1;
                    }
                }
                // A macro call ctags reads as a function
                // (`PYBIND11_OBJECT_CVT(str, object, ...)` in a class body,
                // `PYBIND11_NAMESPACE_BEGIN(detail)` before a definition):
                // left out (ours are not entries in classes, and are
                // macros at file level).
                None if *c == "function" && macro_like(name) => {
                    t.theirs -= 1;
                    t.ctags_macro_functions += 1;
                }
                None => t
                    .only_theirs
                    .push(format!("{rel}:{line} {c} {scope}::{name}")),
            }
            if by_name
                .get(&(*c, name.as_str()))
                .is_some_and(|v| v.iter().any(|(a, b)| a <= line && line <= b))
            {
                t.both_unscoped += 1;
            }
        }
        for ((c, scope, name), spans) in &by_key {
            for (line, _, used) in spans {
                if !used {
                    t.only_ours
                        .push(format!("{rel}:{line} {c} {scope}::{name}"));
                }
            }
        }
    }
    t.only_theirs.sort();
    t.only_ours.sort();
    t
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

#[test]
fn outlines_agree_with_universal_ctags_on_real_c_and_cpp() {
    let dir = sdists();
    let mut total = Tally::default();
    let mut results: Vec<(&str, f64, f64)> = Vec::new();
    for (sdist, part) in CORPORA {
        let root = dir.join(sdist).join(part);
        let files = source_files(&root);
        assert!(
            !files.is_empty(),
            "no C or C++ files under {}",
            root.display()
        );
        let t = compare(&root, &files);
        eprintln!(
            "{sdist} ({part}, {} files): of ctags' {} definitions, codestudy finds {} ({}; {} \
             of them on ctags' line; {} on name and lines alone, whatever the scope); of \
             codestudy's {}, {} are ctags'. Macro entries: {} ({} of them ctags takes for \
             functions); other macro calls ctags takes for functions, left out: {}",
            t.files,
            t.theirs,
            t.both,
            pct(t.recall()),
            t.same_line,
            pct(t.both_unscoped as f64 / t.theirs.max(1) as f64),
            t.ours,
            pct(t.precision()),
            t.macros,
            t.macros_ctags_calls_functions,
            t.ctags_macro_functions,
        );
        for r in t.only_theirs.iter().take(show()) {
            eprintln!("    ctags only: {r}");
        }
        for r in t.only_ours.iter().take(show()) {
            eprintln!("    ours only:  {r}");
        }
        results.push((sdist, t.recall(), t.precision()));
        total.add(&t);
    }
    eprintln!(
        "all ({} files): of ctags' {} definitions, codestudy finds {}; of codestudy's {}, {} are \
         ctags'",
        total.files,
        total.theirs,
        pct(total.recall()),
        total.ours,
        pct(total.precision())
    );
    results.push(("all", total.recall(), total.precision()));
    for (name, recall, precision) in results {
        let (_, want_recall, want_precision) = THRESHOLDS
            .iter()
            .find(|(n, _, _)| *n == name)
            .copied()
            .unwrap_or((name, 1.0, 1.0));
        assert!(
            recall >= want_recall && precision >= want_precision,
            "{name}: found {} of ctags' definitions (at least {} expected), {} of ours are \
             ctags' (at least {} expected)",
            pct(recall),
            pct(want_recall),
            pct(precision),
            pct(want_precision)
        );
    }
}

/// Differences printed each way per corpus: `CODESTUDY_CONTRACT_SHOW=N`
/// (default 15).
fn show() -> usize {
    std::env::var("CODESTUDY_CONTRACT_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15)
}

/// Cython files where the outline knowingly differs from Cython's parser,
/// and why. The test fails if this list is wrong in either direction.
const KNOWN_CYTHON_DIFFERENCES: &[(&str, &str)] = &[(
    "cython-3.0.11/tests/run/test_fstring.pyx",
    "Cython 3.0.11's scanner reads the raw string r\"'\\N{'\" (line 717) as running on to \
     line 730, so its tree has no test_no_backslashes_in_expression_part (line 727); the \
     outline, like Python, ends the string on its line",
)];

/// Cython's own `.pyx`/`.pxd`/`.pxi` (its compiler, `Cython/Includes`, its
/// test suite, demos and documentation) and numpy's; not `Cython/Utility`
/// (templates with `{{...}}`) nor `tests/errors` (code Cython must
/// reject).
fn cython_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.join("cython-3.0.11"), dir.join("numpy-1.24.4")];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            let skip = p.ends_with("Cython/Utility") || p.ends_with("tests/errors");
            if ft.is_dir() && !skip {
                stack.push(p);
            } else if ft.is_file() && Lang::from_path(&p.to_string_lossy()) == Some(Lang::Cython) {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

type CyRow = (String, String, String, u32);

/// The contract for Cython: for every file Cython's own parser reads, the
/// set of (kind, parent path, name, line) equals what
/// `tests/outline_contract/cython_outline.py` computes from Cython's tree
/// under the same rules (Cython's compiler is pure Python: the script runs
/// it from the unpacked sdist). Files it cannot read (features its parser
/// does not take outside a full compile, `include`s) are skipped, and are
/// still outlined here with their nesting checked.
#[test]
fn cython_outlines_agree_with_cythons_own_parser() {
    let dir = sdists();
    let files = cython_files(&dir);
    assert!(
        files.len() > 1000,
        "{} Cython files under {}",
        files.len(),
        dir.display()
    );
    let mut list = tempfile::NamedTempFile::new().unwrap();
    for f in &files {
        writeln!(list, "{}", f.display()).unwrap();
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/outline_contract/cython_outline.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("--cython")
        .arg(dir.join("cython-3.0.11"))
        .arg("--files-from")
        .arg(list.path())
        .output()
        .expect("python3 is needed for the Cython outline contract");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (mut compared, mut agreeing, mut skipped, mut symbols) = (0, 0, 0, 0);
    let mut differences = Vec::new();
    let mut known = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let path = PathBuf::from(v["path"].as_str().unwrap());
        let bytes = std::fs::read(&path).unwrap();
        let o = outline(
            Some(Lang::Cython),
            &bytes,
            usize::MAX,
            &AtomicBool::new(false),
        )
        .unwrap();
        check_nesting(&path, &o.symbols);
        if !v["ok"].as_bool().unwrap() {
            skipped += 1;
            continue;
        }
        let theirs: BTreeSet<CyRow> = v["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s[0].as_str().unwrap().to_string(),
                    s[1].as_str().unwrap().to_string(),
                    s[2].as_str().unwrap().to_string(),
                    s[3].as_u64().unwrap() as u32,
                )
            })
            .collect();
        let mine: BTreeSet<CyRow> = o
            .flatten()
            .into_iter()
            .map(|(parents, s)| {
                (
                    s.kind.as_str().to_string(),
                    parents.join("."),
                    s.name.clone(),
                    s.line,
                )
            })
            .collect();
        compared += 1;
        symbols += theirs.len();
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        if mine == theirs {
            agreeing += 1;
        } else if KNOWN_CYTHON_DIFFERENCES.iter().any(|(f, _)| *f == rel) {
            known.push(rel);
        } else {
            let missing: Vec<&CyRow> = theirs.difference(&mine).take(4).collect();
            let extra: Vec<&CyRow> = mine.difference(&theirs).take(4).collect();
            differences.push(format!(
                "{rel}\n    Cython only: {missing:?}\n    ours only: {extra:?}"
            ));
        }
    }
    eprintln!(
        "Cython contract: {compared} files compared ({skipped} that Cython's parser cannot read \
         alone skipped), {agreeing} agree, {} known differences, {symbols} symbols",
        known.len()
    );
    let listed: Vec<&str> = KNOWN_CYTHON_DIFFERENCES.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        known, listed,
        "the known differences changed: update KNOWN_CYTHON_DIFFERENCES and the README"
    );
    assert!(
        differences.is_empty(),
        "{} of {compared} files differ:\n{}",
        differences.len(),
        differences
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
