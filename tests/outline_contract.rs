//! The contract: for every `.py` file of CPython's standard library on this
//! machine that Python itself parses, the outline's set of (kind, parent
//! path, name, line, end_line) equals what Python's `ast` module gives
//! under the same rules (`tests/outline_contract/ast_outline.py`). Both the
//! tree-sitter outline and the index's fast scanner are held to it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::AtomicBool;

use codestudy::outline::{Lang, outline, scan};

#[path = "common/nesting.rs"]
mod nesting;
use nesting::check_nesting;

type Row = (String, String, String, u32, u32);

/// Files where the outline knowingly differs from `ast`, and why. The test
/// fails if this list is wrong in either direction.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "test/test_compile.py",
    "test_weird_attribute_position_regressions indents a bracketed continuation less than \
     its block; Python ignores indentation inside brackets, tree-sitter-python's scanner \
     ends the block there (the outline reports a syntax error for the file)",
)];

fn stdlib_dir() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .expect("python3 is needed for the outline contract test");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

fn python_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            let ft = e.file_type().unwrap();
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

fn ours(path: &Path) -> BTreeSet<Row> {
    let bytes = std::fs::read(path).unwrap();
    let o = outline(
        Some(Lang::Python),
        &bytes,
        usize::MAX,
        &AtomicBool::new(false),
    )
    .unwrap();
    check_nesting(path, &o.symbols);
    o.flatten()
        .into_iter()
        .map(|(parents, s)| {
            (
                s.kind.as_str().to_string(),
                parents.join("."),
                s.name.clone(),
                s.line,
                s.end_line,
            )
        })
        .collect()
}

/// The index's scanner, as rows.
fn scanned(path: &Path) -> BTreeSet<Row> {
    let bytes = std::fs::read(path).unwrap();
    scan::python(&bytes)
        .into_iter()
        .map(|s| {
            (
                s.kind.as_str().to_string(),
                s.parent,
                s.name,
                s.line,
                s.end_line,
            )
        })
        .collect()
}

#[test]
fn outlines_agree_with_python_ast_on_the_standard_library() {
    let dir = stdlib_dir();
    let files = python_files(&dir);
    assert!(
        files.len() > 1000,
        "{} files under {}",
        files.len(),
        dir.display()
    );
    let mut list = tempfile::NamedTempFile::new().unwrap();
    for f in &files {
        writeln!(list, "{}", f.display()).unwrap();
    }
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/outline_contract/ast_outline.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg("--files-from")
        .arg(list.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let (mut compared, mut agreeing, mut skipped, mut symbols) = (0, 0, 0, 0);
    let mut differences = Vec::new();
    let mut known = Vec::new();
    let mut scanner_differences: Vec<String> = Vec::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let path = PathBuf::from(v["path"].as_str().unwrap());
        if !v["ok"].as_bool().unwrap() {
            skipped += 1;
            continue;
        }
        let theirs: BTreeSet<Row> = v["symbols"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s[0].as_str().unwrap().to_string(),
                    s[1].as_str().unwrap().to_string(),
                    s[2].as_str().unwrap().to_string(),
                    s[3].as_u64().unwrap() as u32,
                    s[4].as_u64().unwrap() as u32,
                )
            })
            .collect();
        let mine = ours(&path);
        let fast = scanned(&path);
        if fast != theirs {
            let rel = path
                .strip_prefix(&dir)
                .unwrap_or(&path)
                .display()
                .to_string();
            let missing: Vec<&Row> = theirs.difference(&fast).take(3).collect();
            let extra: Vec<&Row> = fast.difference(&theirs).take(3).collect();
            scanner_differences.push(format!(
                "{rel}\n    ast only: {missing:?}\n    scanner only: {extra:?}"
            ));
        }
        compared += 1;
        symbols += theirs.len();
        let rel = path
            .strip_prefix(&dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        if mine == theirs {
            agreeing += 1;
        } else if KNOWN_DIFFERENCES.iter().any(|(f, _)| *f == rel) {
            known.push(rel);
        } else {
            let missing: Vec<&Row> = theirs.difference(&mine).take(3).collect();
            let extra: Vec<&Row> = mine.difference(&theirs).take(3).collect();
            differences.push(format!(
                "{rel}\n    ast only: {missing:?}\n    ours only: {extra:?}"
            ));
        }
    }
    eprintln!(
        "outline contract: {compared} files compared ({skipped} that Python cannot parse skipped), {agreeing} agree, {} known differences, {symbols} symbols",
        known.len()
    );
    eprintln!(
        "index scanner: {} of {compared} files agree with ast",
        compared - scanner_differences.len()
    );
    assert!(
        scanner_differences.is_empty(),
        "the index scanner differs from ast on {} files:\n{}",
        scanner_differences.len(),
        scanner_differences
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
    let listed: Vec<&str> = KNOWN_DIFFERENCES.iter().map(|(f, _)| *f).collect();
    assert_eq!(
        known, listed,
        "the known differences changed: update KNOWN_DIFFERENCES and the README"
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
