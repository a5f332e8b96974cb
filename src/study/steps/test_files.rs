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
    intel: Option<&crate::intel::Index>,
) -> View {
    View::List(list_with(snap, repo, intel, None))
}

/// Test files shown per key file before "and N more".
const SHOWN: usize = 10;

/// The test folders, and for each key file the tests that exercise it,
/// ranked, each openable (by their names and imports only).
pub fn list(snap: &Snapshot, repo: &Repo) -> ListView {
    list_with(snap, repo, None, None)
}

/// [`list`], ranked also by what each test uses of the key file's
/// definitions (from the code index), with every test of `expand` shown.
pub fn list_with(
    snap: &Snapshot,
    repo: &Repo,
    intel: Option<&crate::intel::Index>,
    expand: Option<&str>,
) -> ListView {
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
    // Test modules: files that define tests, not the fixture apps,
    // helpers and `conftest.py` kept beside them.
    let tests: Vec<(String, String)> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File && is_test_file(&e.path.to_string_lossy()))
        .filter_map(|e| read_text(snap, &e.path).map(|t| (e.path.to_string_lossy(), t)))
        .filter(|(p, t)| !p.ends_with("conftest.py") && defines_tests(t))
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
        let uses = intel
            .map(|i| uses_in_tests(i, &resolved))
            .unwrap_or_default();
        let found = tests_for_with(&resolved, &tests, &uses);
        if found.is_empty() {
            items.push(ListItem::dim(if intel.is_some() {
                "no test file uses what it defines, imports it or is named after it"
            } else {
                "no test file imports it or is named after it"
            }));
        }
        let shown = if expand == Some(resolved.as_str()) {
            found.len()
        } else {
            SHOWN
        };
        for t in found.iter().take(shown) {
            items.push(ListItem::open(
                t.path.clone(),
                t.reasons.join(", "),
                Target::File {
                    path: t.path.clone(),
                },
            ));
        }
        if found.len() > shown {
            items.push(ListItem::open(
                format!("and {} more", found.len() - shown),
                "Enter shows them all",
                Target::TestsOf {
                    path: resolved.clone(),
                },
            ));
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
    pub reasons: Vec<String>,
}

/// Whether a test file's text defines a test (`def test…`, `class
/// Test…`, a `TestCase`): fixture apps and helpers beside the tests do not.
pub fn defines_tests(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        let t = t.strip_prefix("async ").unwrap_or(t);
        t.starts_with("def test")
            || t.starts_with("class Test")
            || (t.starts_with("class ") && t.contains("TestCase"))
    })
}

/// What each test file uses of the definitions of `key_file`: per file,
/// each definition used, most used first.
pub type Uses = std::collections::HashMap<String, Vec<Used>>;

/// One definition of a key file, used by one test file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Used {
    /// Its qualified name (`Flask.app_context`).
    pub name: String,
    /// How many references to it the file makes.
    pub uses: usize,
    /// Of those, how many the index resolved exactly (through the file's
    /// imports and assignments, not by the attribute's name alone): these
    /// count twice in the ranking.
    pub exact: usize,
}

/// Methods of Python's own types (dict, list, set, str, files): a call of
/// one on a value of unknown type says nothing about the key file.
const BUILTIN_METHODS: &[&str] = &[
    "get",
    "pop",
    "setdefault",
    "update",
    "keys",
    "values",
    "items",
    "copy",
    "clear",
    "append",
    "extend",
    "insert",
    "remove",
    "index",
    "count",
    "sort",
    "reverse",
    "add",
    "discard",
    "join",
    "split",
    "strip",
    "replace",
    "format",
    "encode",
    "decode",
    "read",
    "write",
    "close",
    "open",
    "send",
    "startswith",
    "endswith",
    "lower",
    "upper",
    "seek",
    "flush",
    "readline",
    "readlines",
    "popitem",
    "fromkeys",
    "union",
    "difference",
];

/// From the code index: the references, file by file, to what `key_file`
/// defines, kept for test files.
pub fn uses_in_tests(index: &crate::intel::Index, key_file: &str) -> Uses {
    let mut out: Uses = Default::default();
    for (name, refs) in index.definitions_and_references(key_file, 400) {
        // `x.get(...)` is taken for `_AppCtxGlobals.get` when that is the
        // repository's only `get`: for a name every dict and list has,
        // only an exact answer counts.
        let method = name.rsplit('.').next().unwrap_or(&name);
        let common = name.contains('.') && BUILTIN_METHODS.contains(&method);
        let mut per_file: std::collections::HashMap<&str, (usize, usize)> = Default::default();
        for r in &refs {
            let exact = match r.confidence {
                crate::intel::Confidence::Exact => true,
                crate::intel::Confidence::Likely if !common => false,
                _ => continue,
            };
            if r.path != key_file && is_test_file(&r.path) {
                let n = per_file.entry(r.path.as_str()).or_default();
                n.0 += 1;
                n.1 += usize::from(exact);
            }
        }
        for (file, (uses, exact)) in per_file {
            out.entry(file.to_string()).or_default().push(Used {
                name: name.clone(),
                uses,
                exact,
            });
        }
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| b.uses.cmp(&a.uses).then(a.name.cmp(&b.name)));
    }
    out
}

/// The test files (path, content) that exercise `key_file`, best first,
/// by their names and imports.
pub fn tests_for(key_file: &str, tests: &[(String, String)]) -> Vec<TestMatch> {
    tests_for_with(key_file, tests, &Uses::default())
}

/// [`tests_for`], with what each uses of the key file's definitions:
/// a test named after the key file (`test_app.py`, `test_app_factory.py`,
/// and `test_appctx.py` for `ctx.py`: a name ending in it), in a folder named as the key file's (`test/orm/test_query.py`
/// for `orm/query.py`), importing its module, and using its definitions
/// (each name and each use counts, a use the index resolved exactly twice)
/// ranks higher.
pub fn tests_for_with(key_file: &str, tests: &[(String, String)], uses: &Uses) -> Vec<TestMatch> {
    let module = module_of(key_file);
    let stem = module.rsplit('.').next().unwrap_or(&module).to_string();
    let (package, _) = module.rsplit_once('.').unwrap_or(("", &module));
    let key_dirs: Vec<&str> = package.split('.').filter(|d| !d.is_empty()).collect();
    let mut out = Vec::new();
    for (path, text) in tests {
        let name = path.rsplit('/').next().unwrap_or(path);
        let name = name.strip_suffix(".py").unwrap_or(name);
        let bare = name
            .strip_prefix("test_")
            .or_else(|| name.strip_suffix("_test"))
            .unwrap_or(name);
        let mut score = 0;
        let mut reasons = Vec::new();
        let named = if bare == stem || bare == format!("{stem}s") {
            score += 10;
            true
        } else if stem.len() >= 3
            && bare != name
            && (bare.starts_with(&format!("{stem}_")) || bare.ends_with(stem.as_str()))
        {
            score += 6;
            true
        } else {
            false
        };
        if named {
            // The folders it sits in, named as the key file's.
            let dirs: Vec<&str> = path.split('/').collect();
            let shared = dirs[..dirs.len() - 1]
                .iter()
                .filter(|d| key_dirs.contains(d))
                .count() as u32;
            score += 3 * shared;
            reasons.push("named after it".to_string());
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
            reasons.push(format!("imports {module}"));
        }
        if let Some(used) = uses.get(path) {
            let total: usize = used.iter().map(|u| u.uses).sum();
            let weighted: usize = used.iter().map(|u| u.uses + u.exact).sum();
            score += (2 * used.len() as u32).min(40) + (weighted as u32).min(90);
            let mut names: Vec<&str> = used.iter().take(3).map(|u| u.name.as_str()).collect();
            if used.len() > 3 {
                names.push("…");
            }
            let plural = if total == 1 { "" } else { "s" };
            reasons.push(format!("{total} use{plural} of {}", names.join(", ")));
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
        assert_eq!(m[1].reasons, ["imports flask.app"]);
    }

    #[test]
    fn what_a_test_uses_ranks_it_and_says_why() {
        let tests: Vec<(String, String)> = [
            ("tests/test_basic.py", "import flask\n"),
            ("tests/test_appctx.py", "import flask\n"),
            ("tests/test_reqctx.py", "import flask\n"),
            ("tests/test_views.py", "import flask\n"),
        ]
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
        let mut uses = Uses::default();
        let used = |name: &str, uses, exact| Used {
            name: name.into(),
            uses,
            exact,
        };
        uses.insert(
            "tests/test_basic.py".into(),
            vec![used("Flask", 40, 0), used("Flask.route", 3, 0)],
        );
        uses.insert("tests/test_views.py".into(), vec![used("Flask", 1, 0)]);
        // As many uses, resolved exactly: ranked above those found by the
        // attribute's name.
        uses.insert(
            "tests/test_appctx.py".into(),
            vec![used("Flask", 20, 20), used("Flask.route", 3, 3)],
        );
        uses.insert(
            "tests/test_reqctx.py".into(),
            vec![used("Flask", 20, 0), used("Flask.route", 3, 0)],
        );
        let m = tests_for_with("src/flask/app.py", &tests, &uses);
        let paths: Vec<&str> = m.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "tests/test_appctx.py",
                "tests/test_basic.py",
                "tests/test_reqctx.py",
                "tests/test_views.py"
            ]
        );
        assert_eq!(m[1].reasons, ["43 uses of Flask, Flask.route"]);
        assert_eq!(m[3].reasons, ["1 use of Flask"]);
        // ctx.py: test_appctx.py and test_reqctx.py are named after it.
        let m = tests_for_with("src/flask/ctx.py", &tests, &Uses::default());
        let paths: Vec<&str> = m.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["tests/test_appctx.py", "tests/test_reqctx.py"]);
    }

    #[test]
    fn the_folders_a_test_is_in_rank_it_among_tests_of_the_same_name() {
        let tests: Vec<(String, String)> = [
            "test/dialect/mssql/test_query.py",
            "test/orm/test_query.py",
            "test/sql/test_query.py",
        ]
        .iter()
        .map(|p| (p.to_string(), String::new()))
        .collect();
        let m = tests_for("lib/sqlalchemy/orm/query.py", &tests);
        assert_eq!(m[0].path, "test/orm/test_query.py");
        assert!(m[0].score > m[1].score, "{m:?}");
    }

    #[test]
    fn fixture_apps_and_helpers_define_no_tests() {
        assert!(defines_tests("import flask\n\ndef test_x():\n    pass\n"));
        assert!(defines_tests("class TestApp:\n    pass\n"));
        assert!(defines_tests(
            "class AppTests(SimpleTestCase):\n    def test_a(self): pass\n"
        ));
        assert!(defines_tests("    async def test_x():\n        pass\n"));
        assert!(!defines_tests(
            "from flask import Flask\napp = Flask(__name__)\n"
        ));
    }
}
