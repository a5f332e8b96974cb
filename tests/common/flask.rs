//! A synthetic pallets/flask for the app's tests: what its jobs bring
//! back (the overview, `app.py`, history pages), made up, no git.

use codestudy::app::Mode;
use codestudy::app::explorer::{KeyFile, RepoOverview};
use codestudy::repo::{CommitInfo, Depth, EntryKind, RepoPath, Resolution};
use codestudy::study::StepKind;
use codestudy::study::views::{ItemStyle, ListItem, ListView, Target, View};
use git2::Oid;

use super::harness::{Harness, entry, path};

pub const FLASK: &str = "pallets/flask";

pub const APP_PY: &str = r#""""The Flask application."""
import os


class Flask(App):
    """The central object."""

    default_config = {}

    def __init__(self, import_name):
        self.import_name = import_name

    @setupmethod
    def route(self, rule: str, **options):
        """Decorate a view function."""
        def decorator(f):
            return f
        return decorator


def create_app():
    return Flask(__name__)
"#;

/// What opening the clone brings: three key files (one missing), the root
/// listing and those down to the key files.
pub fn overview() -> RepoOverview {
    use EntryKind::{Directory as D, File as F};
    RepoOverview {
        head: CommitInfo {
            id: Oid::from_str("1e7ab2e0b3a1e7ab2e0b3a1e7ab2e0b3a1e7ab2e").unwrap(),
            author: "A".into(),
            email: "a@example.com".into(),
            time: 0,
            offset_minutes: 0,
            summary: "Release".into(),
        },
        depth: Depth::Commits(1),
        key_files: vec![
            KeyFile {
                path: "src/flask/__init__.py".into(),
                resolution: Resolution::Found { kind: F },
            },
            KeyFile {
                path: "src/flask/app.py".into(),
                resolution: Resolution::Found { kind: F },
            },
            KeyFile {
                path: "src/flask/ctx.py".into(),
                resolution: Resolution::Missing {
                    suggestions: vec!["src/flask/context.py".into()],
                },
            },
        ],
        listings: vec![
            (
                RepoPath::root(),
                vec![
                    entry("docs", D),
                    entry("src", D),
                    entry("tests", D),
                    entry("README.md", F),
                ],
            ),
            (path("src"), vec![entry("src/flask", D)]),
            (
                path("src/flask"),
                vec![
                    entry("src/flask/__init__.py", F),
                    entry("src/flask/app.py", F),
                    entry("src/flask/context.py", F),
                ],
            ),
        ],
        lazy: false,
    }
}

/// The home screen with flask (the second row) selected.
pub fn home_on_flask(width: u16, height: u16) -> Harness {
    let mut h = Harness::home(width, height);
    h.keys("j");
    assert_eq!(h.selected_repo(), FLASK);
    h
}

/// The explorer on a shallow clone of flask, the overview in and
/// `src/flask/app.py` (the second key file) loaded.
pub fn explorer_on_app_py(width: u16, height: u16) -> Harness {
    let mut h = home_on_flask(width, height);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
    // The first key file is selected and previewed; the code index is
    // built meanwhile (never answered here: these tests are about the
    // rest).
    h.open_repo(overview());
    assert_eq!(
        h.effects(),
        [
            "LoadFile pallets/flask src/flask/__init__.py",
            "BuildIntel pallets/flask"
        ]
    );
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("j").rest(); // the app.py key file
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/app.py"]);
    h.load_file("src/flask/app.py", APP_PY);
    h
}

/// A list entry; without a target it is a heading.
pub fn item(text: &str, detail: &str, target: Option<Target>) -> ListItem {
    ListItem {
        text: text.into(),
        detail: detail.into(),
        style: if target.is_some() {
            ItemStyle::Plain
        } else {
            ItemStyle::Heading
        },
        target,
    }
}

/// `n` commits from the `skip`th, newest first, and an "older" entry.
pub fn history_page(skip: usize, n: usize, shallow: bool) -> ListView {
    let mut items: Vec<ListItem> = (skip..skip + n)
        .map(|i| {
            item(
                &format!("{:010x} Commit number {i}", i),
                "Fixture Author, 2026-11-0{i} 10:00",
                Some(commit(i)),
            )
        })
        .collect();
    items.push(item(
        "older commits…",
        "the next 200",
        Some(Target::History {
            path: None,
            skip: skip + n,
        }),
    ));
    ListView {
        title: "6. History: pallets/flask".into(),
        intro: if shallow {
            vec!["This clone is shallow (depth 1): d fetches 500 more.".into()]
        } else {
            Vec::new()
        },
        items,
        deepen: shallow,
    }
}

/// The `i`th commit of the history pages.
pub fn commit(i: usize) -> Target {
    Target::Commit {
        id: format!("{:040x}", i),
    }
}

/// From the home screen on flask, cloned with `depth`: the checklist,
/// then step 6's history (`page`).
pub fn open_history(h: &mut Harness, depth: Depth, page: ListView) {
    h.cloned(FLASK, depth);
    h.keys("sG<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask History"]);
    h.step_view(FLASK, StepKind::History, View::List(page));
    assert_eq!(h.mode(), Mode::List);
}
