//! Step 4's reading order (issue 16) on a fixture shaped like flask: from
//! the code index's import graph, dependencies first, `if TYPE_CHECKING:`
//! and function-level imports not counted as load-time dependencies, each
//! entry with its read count and opening at its next unread symbol.

mod common;

use codestudy::catalog::Catalog;
use codestudy::intel::Index;
use codestudy::repo::Snapshot;
use codestudy::study::views::{ListView, Target, View};
use codestudy::study::{Change, Progress, StepKind};
use common::git::Fixture;

const FILES: &[(&str, &str)] = &[
    (
        "src/flask/__init__.py",
        "from .app import Flask as Flask\nfrom .ctx import AppContext as AppContext\nfrom .globals import current_app as current_app\n",
    ),
    (
        "src/flask/app.py",
        "from .ctx import AppContext\nfrom .globals import _cv_app\nfrom . import helpers\n\nclass Flask:\n    def app_context(self):\n        return AppContext(self)\n\n    def run(self):\n        from .cli import main\n        main()\n",
    ),
    (
        "src/flask/ctx.py",
        "import typing as t\n\nfrom .globals import _cv_app\n\nif t.TYPE_CHECKING:  # pragma: no cover\n    from .app import Flask\n\nclass AppContext:\n    def __init__(self, app):\n        self.app = app\n\n    def push(self):\n        _cv_app.set(self)\n",
    ),
    (
        "src/flask/globals.py",
        "from contextvars import ContextVar\n\n_cv_app = ContextVar('flask.app_ctx')\ncurrent_app = None\n",
    ),
    (
        "src/flask/helpers.py",
        "from .globals import current_app\n\ndef get_debug_flag():\n    return False\n",
    ),
    (
        "src/flask/cli.py",
        "from .app import Flask\n\ndef main():\n    Flask().run()\n",
    ),
    (
        "tests/test_basic.py",
        "import flask\n\ndef test_app():\n    app = flask.Flask()\n    app.app_context()\n",
    ),
    (
        "tests/test_appctx.py",
        "from flask.ctx import AppContext\n\ndef test_push():\n    AppContext(None).push()\n",
    ),
    (
        "tests/test_apps/helloworld/hello.py",
        "from flask import Flask\n\napp = Flask(__name__)\n",
    ),
    (
        "tests/conftest.py",
        "import flask\n\ndef test_apps():\n    return flask.Flask()\n",
    ),
];

fn view(snap: &Snapshot, progress: Option<&Progress>, index: Option<&Index>) -> ListView {
    step(snap, StepKind::Modules, progress, index)
}

fn step(
    snap: &Snapshot,
    kind: StepKind,
    progress: Option<&Progress>,
    index: Option<&Index>,
) -> ListView {
    let catalog = Catalog::embedded().unwrap();
    let flask = catalog.find_repo("flask").unwrap();
    match codestudy::jobs::step_view(
        snap,
        flask,
        kind,
        progress.and_then(|p| p.repo("pallets/flask")),
        index,
    ) {
        View::List(list) => list,
        View::Document { .. } => panic!("steps 2 and 4 are lists"),
    }
}

fn fixture(dir: &std::path::Path) -> (Snapshot, Index) {
    let mut f = Fixture::create(dir);
    for (path, text) in FILES {
        f.file(*path, *text);
    }
    f.commit("flask");
    let snap = Snapshot::open(dir).unwrap();
    let index = Index::from_sources(
        FILES
            .iter()
            .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
            .collect(),
    );
    (snap, index)
}

#[test]
fn step_two_finds_the_tests_by_what_they_use_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let (snap, index) = fixture(tmp.path());
    let list = step(&snap, StepKind::Tests, None, Some(&index));
    let under = |key: &str| -> Vec<(String, String)> {
        let at = list.items.iter().position(|i| i.text == key).unwrap();
        list.items[at + 1..]
            .iter()
            .take_while(|i| i.target.is_some())
            .map(|i| (i.text.clone(), i.detail.clone()))
            .collect()
    };
    // `import flask`, then `flask.Flask()`: through the re-export.
    assert_eq!(
        under("src/flask/app.py"),
        [(
            "tests/test_basic.py".to_string(),
            "2 uses of Flask, Flask.app_context".to_string()
        )],
        "{list:#?}"
    );
    let ctx = under("src/flask/ctx.py");
    assert_eq!(ctx[0].0, "tests/test_appctx.py", "{ctx:?}");
    assert!(
        ctx[0].1.starts_with("named after it, imports flask.ctx, "),
        "{ctx:?}"
    );
    // The fixture app and conftest.py are not tests.
    for item in &list.items {
        assert!(
            !item.text.contains("helloworld") && !item.text.contains("conftest"),
            "{item:?}"
        );
    }
    // Without the index: only names and imports.
    let plain = step(&snap, StepKind::Tests, None, None);
    let at = plain
        .items
        .iter()
        .position(|i| i.text == "src/flask/app.py")
        .unwrap();
    assert!(plain.items[at + 1].target.is_none(), "{plain:#?}");
}

#[test]
fn the_key_modules_come_in_the_order_their_imports_ask_for() {
    let tmp = tempfile::tempdir().unwrap();
    let (snap, index) = fixture(tmp.path());
    let mut progress = Progress::default();
    progress.apply(&Change::MarkRead {
        repo: "pallets/flask".into(),
        path: "src/flask/ctx.py".into(),
        symbol: "AppContext".into(),
        read: true,
    });
    let list = view(&snap, Some(&progress), Some(&index));
    let entries: Vec<(&str, &str, Option<&Target>)> = list
        .items
        .iter()
        .filter(|i| i.target.is_some())
        .map(|i| (i.text.as_str(), i.detail.as_str(), i.target.as_ref()))
        .collect();
    let order: Vec<&str> = entries.iter().map(|e| e.0).collect();
    // globals before everything that imports it; ctx before app, since
    // ctx's import of app is only for the type checker; cli is imported
    // only inside a function, and tests are never taken in.
    assert_eq!(
        order,
        [
            "src/flask/globals.py",
            "src/flask/ctx.py",
            "src/flask/helpers.py",
            "src/flask/app.py",
            "src/flask/__init__.py",
        ],
        "{list:#?}"
    );
    let detail = |path: &str| entries.iter().find(|e| e.0 == path).unwrap().1;
    assert_eq!(
        detail("src/flask/globals.py"),
        "0/2 read, next _cv_app · imported by flask/__init__.py, app.py, ctx.py and 1 more"
    );
    assert_eq!(
        detail("src/flask/ctx.py"),
        "1/3 read, next AppContext.__init__ · key file, imported by flask/__init__.py and app.py"
    );
    assert_eq!(detail("src/flask/__init__.py"), "0/0 read · key file");
    // Enter opens at the next unread symbol; a file with nothing left
    // opens at its top.
    let target = |path: &str| entries.iter().find(|e| e.0 == path).unwrap().2.unwrap();
    assert_eq!(
        target("src/flask/ctx.py"),
        &Target::FileAt {
            path: "src/flask/ctx.py".into(),
            line: 9
        }
    );
    assert_eq!(
        target("src/flask/__init__.py"),
        &Target::File {
            path: "src/flask/__init__.py".into()
        }
    );
    assert!(list.intro[0].contains("each comes after the modules it imports"));

    // Without a code index, the key files as the catalog lists them.
    let plain = view(&snap, None, None);
    let order: Vec<&str> = plain
        .items
        .iter()
        .filter(|i| i.target.is_some())
        .map(|i| i.text.as_str())
        .collect();
    assert_eq!(
        order,
        [
            "src/flask/__init__.py",
            "src/flask/app.py",
            "src/flask/ctx.py"
        ]
    );
}
