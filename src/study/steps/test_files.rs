//! Step 2: the test folders of a tree, and for each key file the test
//! files that exercise it: those that import its module, or whose name
//! follows it (`src/flask/app.py` -> `tests/test_app.py`), best first, each
//! openable in the explorer.

use crate::catalog::Repo;
use crate::repo::{EntryKind, PathIndex, Snapshot, resolve_key_file};

use super::{StepInfo, StepKind, read_text};
use crate::study::progress::RepoProgress;
use crate::study::views::{ListItem, ListView, Target, View};

pub(super) static STEP: StepInfo = StepInfo {
    title: "Tests",
    hint: "test files",
    keys: &[],
    uses_intel: true,
    view,
};

fn view(
    snap: &Snapshot,
    repo: &Repo,
    _: Option<&RepoProgress>,
    _intel: Option<&crate::intel::Index>,
) -> View {
    View::List(list(snap, repo))
}

/// The test folders, and for each key file the tests that exercise it,
/// ranked, each openable.
pub fn list(snap: &Snapshot, repo: &Repo) -> ListView {
    let all = snap.list_all(false).unwrap_or_default();
    let files: Vec<String> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.path.to_string_lossy())
        .collect();
    let dirs = test_dirs(&files);
    let intro = if dirs.is_empty() {
        vec!["No folder named test, tests or testing.".to_string()]
    } else {
        let shown: Vec<String> = dirs
            .iter()
            .map(|(d, n)| format!("{d}/ ({n} test files)"))
            .collect();
        vec![format!("Test folders: {}", shown.join(", "))]
    };
    let tests: Vec<(String, String)> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File && is_test_file(&e.path.to_string_lossy()))
        .filter_map(|e| read_text(snap, &e.path).map(|t| (e.path.to_string_lossy(), t)))
        .collect();
    let index = PathIndex::new(&all);
    let mut items = Vec::new();
    for key in &repo.key_files {
        let Some((resolved, _)) = resolve_key_file(key, &index).located(key) else {
            items.push(ListItem::heading(key.clone()));
            items.push(ListItem::dim("not in this clone"));
            continue;
        };
        items.push(ListItem::heading(resolved.clone()));
        let found = tests_for(&resolved, &tests);
        if found.is_empty() {
            items.push(ListItem::dim(
                "no test file imports it or is named after it",
            ));
        }
        for t in found.iter().take(10) {
            items.push(ListItem::open(
                t.path.clone(),
                t.reasons.join(", "),
                Target::File {
                    path: t.path.clone(),
                },
            ));
        }
        if found.len() > 10 {
            items.push(ListItem::dim(format!("and {} more", found.len() - 10)));
        }
    }
    ListView {
        title: StepKind::Tests.title(&repo.id),
        intro,
        items,
        deepen: false,
    }
}

/// Whether a path is a test file: a Python file under a `test`, `tests` or
/// `testing` folder, or named `test_*.py` / `*_test.py`.
pub fn is_test_file(path: &str) -> bool {
    if !path.ends_with(".py") {
        return false;
    }
    let mut parts = path.split('/').collect::<Vec<_>>();
    let name = parts.pop().unwrap_or("");
    parts
        .iter()
        .any(|p| matches!(*p, "test" | "tests" | "testing"))
        || name.starts_with("test_")
        || name.ends_with("_test.py")
}

/// The test folders: directories named test, tests or testing, outermost
/// first, with how many test files each holds.
pub fn test_dirs(files: &[String]) -> Vec<(String, usize)> {
    let mut dirs: Vec<(String, usize)> = Vec::new();
    for f in files.iter().filter(|f| is_test_file(f)) {
        let parts: Vec<&str> = f.split('/').collect();
        if let Some(i) = parts[..parts.len() - 1]
            .iter()
            .position(|p| matches!(*p, "test" | "tests" | "testing"))
        {
            let dir = parts[..=i].join("/");
            match dirs.iter_mut().find(|(d, _)| *d == dir) {
                Some(d) => d.1 += 1,
                None => dirs.push((dir, 1)),
            }
        }
    }
    dirs.sort_by(|a, b| {
        a.0.matches('/')
            .count()
            .cmp(&b.0.matches('/').count())
            .then(a.0.cmp(&b.0))
    });
    dirs
}

/// The dotted module of a source path: `src/flask/app.py` -> `flask.app`,
/// `flask/__init__.py` -> `flask`, `fastapi/dependencies` -> the package.
pub fn module_of(path: &str) -> String {
    let p = path.trim_end_matches('/');
    let p = p
        .strip_prefix("src/")
        .or_else(|| p.strip_prefix("lib/"))
        .unwrap_or(p);
    let p = p
        .strip_suffix("/__init__.py")
        .or_else(|| p.strip_suffix(".py"))
        .unwrap_or(p);
    p.replace('/', ".")
}

/// Why a test file is listed for a key file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestMatch {
    pub path: String,
    pub score: u32,
    pub reasons: Vec<&'static str>,
}

/// The test files (path, content) that exercise `key_file`, best first.
pub fn tests_for(key_file: &str, tests: &[(String, String)]) -> Vec<TestMatch> {
    let module = module_of(key_file);
    let stem = module.rsplit('.').next().unwrap_or(&module).to_string();
    let (package, _) = module.rsplit_once('.').unwrap_or(("", &module));
    let mut out = Vec::new();
    for (path, text) in tests {
        let name = path.rsplit('/').next().unwrap_or(path);
        let name = name.strip_suffix(".py").unwrap_or(name);
        let mut score = 0;
        let mut reasons = Vec::new();
        if name == format!("test_{stem}")
            || name == format!("{stem}_test")
            || name == format!("test_{stem}s")
        {
            score += 10;
            reasons.push("named after it");
        } else if name.starts_with(&format!("test_{stem}_")) {
            score += 6;
            reasons.push("named after it");
        }
        let imports = text.lines().any(|l| {
            let l = l.trim();
            l == format!("import {module}")
                || l.starts_with(&format!("import {module} "))
                || l.starts_with(&format!("import {module}."))
                || l.starts_with(&format!("from {module} import"))
                || l.starts_with(&format!("from {module}."))
                || (!package.is_empty()
                    && l.starts_with(&format!("from {package} import"))
                    && import_names(l).contains(&stem.as_str()))
        });
        if imports {
            score += 8;
            reasons.push("imports it");
        }
        if score > 0 {
            out.push(TestMatch {
                path: path.clone(),
                score,
                reasons,
            });
        }
    }
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.path.cmp(&b.path)));
    out
}

/// The names a `from x import a, b as c` line imports.
fn import_names(line: &str) -> Vec<&str> {
    line.split_once(" import ")
        .map(|(_, names)| {
            names
                .trim_matches(|c| c == '(' || c == ')')
                .split(',')
                .map(|n| n.split(" as ").next().unwrap_or("").trim())
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_files_and_folders() {
        assert!(is_test_file("tests/test_app.py"));
        assert!(is_test_file("src/pkg/tests/conftest.py"));
        assert!(is_test_file("pkg/test_x.py"));
        assert!(is_test_file("pkg/x_test.py"));
        assert!(!is_test_file("src/flask/testing.py"));
        assert!(!is_test_file("tests/data.json"));
        let files: Vec<String> = [
            "tests/test_a.py",
            "tests/b/test_b.py",
            "pandas/tests/io/test_x.py",
            "pandas/core/frame.py",
            "docs/tests.md",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            test_dirs(&files),
            [("tests".to_string(), 2), ("pandas/tests".to_string(), 1)]
        );
    }

    #[test]
    fn modules() {
        assert_eq!(module_of("src/flask/app.py"), "flask.app");
        assert_eq!(module_of("src/flask/__init__.py"), "flask");
        assert_eq!(module_of("fastapi/dependencies"), "fastapi.dependencies");
        assert_eq!(
            module_of("lib/sqlalchemy/orm/query.py"),
            "sqlalchemy.orm.query"
        );
    }

    #[test]
    fn ranking_by_name_and_imports() {
        let tests = vec![
            (
                "tests/test_app.py".to_string(),
                "import flask\n".to_string(),
            ),
            (
                "tests/test_basic.py".to_string(),
                "from flask.app import Flask\n".to_string(),
            ),
            (
                "tests/test_ctx.py".to_string(),
                "from flask import app, ctx\n".to_string(),
            ),
            (
                "tests/test_views.py".to_string(),
                "import flask\n".to_string(),
            ),
            ("tests/test_app_factory.py".to_string(), "".to_string()),
        ];
        let m = tests_for("src/flask/app.py", &tests);
        let paths: Vec<&str> = m.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tests/test_app.py",
                "tests/test_basic.py",
                "tests/test_ctx.py",
                "tests/test_app_factory.py"
            ]
        );
        assert_eq!(m[0].reasons, ["named after it"]);
        assert_eq!(m[1].reasons, ["imports it"]);
    }
}
