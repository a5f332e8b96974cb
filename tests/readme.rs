//! The README's screenshots are drawn by the app itself: each block after
//! a `<!-- screenshot: NAME -->` marker must be what this test draws, and
//! the block after `<!-- generated: key actions -->` the action names the
//! key map has, so they cannot drift from the program. `CODESTUDY_UPDATE_README=1 cargo
//! test --test readme` writes them (review the diff); otherwise a block
//! that differs fails the test.

mod common;

use codestudy::app::{CloneFacts, JobResult};
use codestudy::repo::Depth;
use codestudy::study::{Change, StepState};
use common::flask::{FLASK, home_on_flask, overview};
use common::harness::Harness;

/// The home screen of the README: 120x40, flask cloned, one step done.
fn home() -> Harness {
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Commits(1));
    h.state_mut().progress.apply(&Change::SetStep {
        repo: FLASK.into(),
        number: 1,
        state: StepState::Done,
        today: "2026-12-01".into(),
    });
    h.job(JobResult::CloneFacts {
        repo: FLASK.into(),
        result: Ok(CloneFacts {
            key_files: overview().key_files,
            disk_bytes: 724 * 1024,
            blobs: "lazy clone: the tree is here, files are fetched when read".into(),
        }),
    });
    h
}

/// The explorer of the README: flask's key files found, app.py open, the
/// outline on `route`.
fn explorer() -> Harness {
    use codestudy::repo::{EntryKind, Resolution};
    let mut o = overview();
    o.key_files[2].resolution = Resolution::Found {
        kind: EntryKind::File,
    };
    let mut h = home_on_flask(140, 20);
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("<ret>");
    h.open_repo(o);
    h.load_file("src/flask/__init__.py", "from .app import Flask\n");
    h.keys("j").rest();
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    h.keys("<tab>jjj");
    h
}

/// The actions each `[keys.SECTION]` of the configuration may name, as the
/// README lists them, wrapped at 78 columns.
fn key_actions() -> String {
    use codestudy::app::bindings::{SECTIONS, actions_of};
    let mut out = Vec::new();
    for (section, mode) in SECTIONS {
        let mut line = format!("[keys.{section}]");
        for (name, _) in actions_of(mode) {
            if line.len() + 1 + name.len() > 78 {
                out.push(std::mem::replace(&mut line, "   ".to_string()));
            }
            line.push(' ');
            line.push_str(&name);
        }
        out.push(line);
    }
    out.join("\n")
}

fn trimmed(screen: &str) -> String {
    screen
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_readme_screenshots_are_what_the_app_draws() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let shots = [
        ("screenshot: home", trimmed(&home().screen())),
        ("screenshot: explorer", trimmed(&explorer().screen())),
        ("generated: key actions", key_actions()),
    ];
    let mut out = readme.clone();
    for (name, drawn) in &shots {
        let marker = format!("<!-- {name} -->\n```text\n");
        let start = out
            .find(&marker)
            .unwrap_or_else(|| panic!("README.md has no {marker:?}"))
            + marker.len();
        let end = start + out[start..].find("\n```").expect("the block ends");
        out.replace_range(start..end, drawn);
    }
    if out == readme {
        return;
    }
    if std::env::var_os("CODESTUDY_UPDATE_README").is_some() {
        std::fs::write(&path, out).unwrap();
        return;
    }
    panic!(
        "README.md's screenshots (or the action names) differ from what the app draws; run `CODESTUDY_UPDATE_README=1 cargo test --test readme` and review the diff"
    );
}
