//! The explorer and the clone flow driven through `update` and `on_job`
//! with synthetic job results: no terminal, no git. Snapshots of the
//! screens, and hostile text that must never reach a cell.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use codestudy::app::explorer::{KeyFile, LoadedFile, RepoOverview, TreeRow};
use codestudy::app::{
    Action, Effect, FileState, FinderKind, JobError, JobResult, Mode, Overlay, Pane, RepoStatus,
    Screen, State, on_job, update,
};
use codestudy::catalog::Catalog;
use codestudy::outline::{Lang, highlight, outline};
use codestudy::repo::{
    CloneOutcome, CommitInfo, Content, Depth, Entry, EntryKind, Phase, Progress, RepoPath,
    Resolution,
};
use codestudy::sanitize::is_unsafe;
use codestudy::study::StepKind;
use codestudy::study::views::{ItemStyle, ListItem, ListView, Target, View};
use codestudy::ui;
use git2::Oid;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

const APP_PY: &str = r#""""The Flask application."""
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

fn p(s: &str) -> RepoPath {
    RepoPath::parse(s).unwrap()
}

fn entry(path: &str, kind: EntryKind) -> Entry {
    Entry {
        path: p(path),
        kind,
        size: Some(10),
        id: Oid::from_str("0123456789012345678901234567890123456789").unwrap(),
        executable: false,
    }
}

fn overview() -> RepoOverview {
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
            (p("src"), vec![entry("src/flask", D)]),
            (
                p("src/flask"),
                vec![
                    entry("src/flask/__init__.py", F),
                    entry("src/flask/app.py", F),
                    entry("src/flask/context.py", F),
                ],
            ),
        ],
    }
}

fn loaded(text: &str, path: &str) -> LoadedFile {
    let never = AtomicBool::new(false);
    let lang = Lang::detect(path, text.as_bytes());
    LoadedFile {
        content: Content::Text {
            text: text.into(),
            lossy: false,
        },
        lines: text.split('\n').map(String::from).collect(),
        outline: outline(lang, text.as_bytes(), usize::MAX, &never).unwrap(),
        highlights: lang
            .map(|l| highlight::highlight(l, text.as_bytes(), &never).unwrap())
            .unwrap_or_default(),
    }
}

fn state(w: u16, h: u16) -> State {
    State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, w, h))
}

/// A repository's catalog entry, as its effects carry it.
fn catalog_entry(id: &str) -> Arc<codestudy::catalog::Repo> {
    Arc::new(Catalog::embedded().unwrap().repo(id).unwrap().clone())
}

fn select_flask(s: &mut State) {
    update(s, Action::Down);
    assert_eq!(
        s.home.selected_repo(&s.catalog).unwrap().id,
        "pallets/flask"
    );
}

/// A state in the explorer on flask with the overview in and app.py
/// loaded.
fn explorer_on_app_py(w: u16, h: u16) -> State {
    let mut s = state(w, h);
    select_flask(&mut s);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Commits(1))),
    );
    let fx = update(&mut s, Action::Open);
    let Some(Effect::OpenRepo { request, .. }) = fx.first().cloned() else {
        panic!("{fx:?}")
    };
    let fx = on_job(
        &mut s,
        JobResult::RepoOpened {
            request,
            result: Ok(overview()),
        },
    );
    // The first key file is selected and previewed.
    let Some(Effect::LoadFile { request, path, .. }) = fx.first().cloned() else {
        panic!("{fx:?}")
    };
    assert_eq!(path, p("src/flask/__init__.py"));
    on_job(
        &mut s,
        JobResult::FileLoaded {
            request,
            result: Ok(loaded("from .app import Flask\n", "src/flask/__init__.py")),
        },
    );
    let fx = update(&mut s, Action::Down); // app.py key file
    let Some(Effect::LoadFile { request, path, .. }) = fx.first().cloned() else {
        panic!("{fx:?}")
    };
    assert_eq!(path, p("src/flask/app.py"));
    on_job(
        &mut s,
        JobResult::FileLoaded {
            request,
            result: Ok(loaded(APP_PY, "src/flask/app.py")),
        },
    );
    s
}

fn ex(s: &State) -> &codestudy::app::ExplorerState {
    match &s.screen {
        Screen::Explorer(e) => e,
        Screen::Home => panic!("not in the explorer"),
    }
}

fn draw(s: &State) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(s.viewport.width, s.viewport.height)).unwrap();
    t.draw(|f| ui::render(s, f)).unwrap();
    t
}

fn screen_text(t: &Terminal<TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = codestudy::text::width(sym).saturating_sub(1);
            out.push_str(sym);
        }
        out.push('\n');
    }
    out
}

#[test]
fn enter_clones_shows_progress_and_opens_the_explorer() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::StartClone {
            repo: "pallets/flask".into(),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    assert!(matches!(
        s.status_of("pallets/flask"),
        RepoStatus::Cloning(_)
    ));
    let progress = Progress {
        phase: Phase::Receiving,
        received_objects: 50,
        total_objects: 100,
        ..Progress::default()
    };
    on_job(
        &mut s,
        JobResult::CloneProgress {
            repo: "pallets/flask".into(),
            progress,
        },
    );
    let text = screen_text(&draw(&s));
    assert!(text.contains("cloning  45%"), "{text}");
    assert!(text.contains("receiving objects 50/100"), "{text}");
    // Other repositories can be browsed meanwhile.
    update(&mut s, Action::Down);
    update(&mut s, Action::Up);
    let outcome = CloneOutcome::Cloned {
        head: Oid::ZERO_SHA1,
        depth: Depth::Commits(1),
        repaired: None,
    };
    let fx = on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Ok((outcome, Depth::Commits(1))),
        },
    );
    assert!(matches!(fx.as_slice(), [Effect::OpenRepo { repo, .. }] if repo == "pallets/flask"));
    assert!(matches!(s.screen, Screen::Explorer(_)));
}

#[test]
fn a_clone_finishing_after_the_person_moved_on_only_marks_the_row_ready() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    update(&mut s, Action::Open);
    update(&mut s, Action::Down); // now on django-rest-framework
    let outcome = CloneOutcome::Cloned {
        head: Oid::ZERO_SHA1,
        depth: Depth::Commits(1),
        repaired: None,
    };
    let fx = on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Ok((outcome, Depth::Commits(1))),
        },
    );
    assert!(fx.is_empty());
    assert!(matches!(s.screen, Screen::Home));
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(1)))
    );
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("pallets/flask is ready")
    );
}

#[test]
fn several_clones_run_at_once_and_c_cancels_the_selected_one() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    update(&mut s, Action::Open);
    update(&mut s, Action::Down);
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::StartClone {
            repo: "encode/django-rest-framework".into(),
            catalog_entry: catalog_entry("encode/django-rest-framework"),
        }]
    );
    assert_eq!(
        update(&mut s, Action::CancelClone),
        [Effect::CancelClone {
            repo: "encode/django-rest-framework".into()
        }]
    );
    on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "encode/django-rest-framework".into(),
            result: Err(JobError::Cancelled),
        },
    );
    assert_eq!(
        s.status_of("encode/django-rest-framework"),
        &RepoStatus::NotCloned
    );
    assert!(
        matches!(s.status_of("pallets/flask"), RepoStatus::Cloning(_)),
        "the other clone goes on"
    );
}

#[test]
fn a_failed_clone_shows_why_and_r_retries() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    update(&mut s, Action::Open);
    on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Err("could not reach github.com (the host name could not be resolved)".into()),
        },
    );
    assert!(matches!(
        s.status_of("pallets/flask"),
        RepoStatus::Failed(_)
    ));
    let text = screen_text(&draw(&s));
    assert!(text.contains("failed"), "{text}");
    assert!(text.contains("could not reach github.com"), "{text}");
    assert!(text.contains("r retries"), "{text}");
    assert_eq!(
        update(&mut s, Action::RetryClone),
        [Effect::StartClone {
            repo: "pallets/flask".into(),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
}

#[test]
fn the_tree_shows_key_files_first_with_their_directories_open() {
    let s = explorer_on_app_py(160, 45);
    let e = ex(&s);
    assert_eq!(e.rows[0], TreeRow::KeyHeader);
    assert!(matches!(
        e.rows[1..4],
        [TreeRow::Key(0), TreeRow::Key(1), TreeRow::Key(2)]
    ));
    assert!(e.expanded.contains(&p("src")) && e.expanded.contains(&p("src/flask")));
    assert!(e.key_paths.contains(&p("src/flask/app.py")));
    let text = screen_text(&draw(&s));
    assert!(text.contains("✗ src/flask/ctx.py (missing; sim"), "{text}");
    assert!(text.contains("app.py ★"), "{text}");
}

#[test]
fn outline_and_source_move_together() {
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::FocusNext); // outline
    assert_eq!(ex(&s).focus, Pane::Outline);
    update(&mut s, Action::Last);
    let e = ex(&s);
    assert_eq!(e.outline_rows[e.outline.selected].name, "create_app");
    assert_eq!(e.source.selected, 20, "the source jumped to line 21");
    // Up to `route`: the source follows.
    while ex(&s).outline_rows[ex(&s).outline.selected].name != "route" {
        update(&mut s, Action::Up);
    }
    assert_eq!(ex(&s).source.selected, 13);
    // In the source, moving into `decorator` selects it.
    update(&mut s, Action::FocusNext);
    for _ in 0..3 {
        update(&mut s, Action::Down);
    }
    let e = ex(&s);
    assert_eq!(e.outline_rows[e.outline.selected].name, "decorator");
    let text = screen_text(&draw(&s));
    assert!(
        text.contains("src/flask/app.py › Flask › route › decorator"),
        "{text}"
    );
}

#[test]
fn enter_on_a_directory_lists_it_lazily() {
    let mut s = explorer_on_app_py(160, 45);
    let docs = ex(&s)
        .rows
        .iter()
        .position(|r| matches!(r, TreeRow::Entry { path, .. } if *path == p("docs")))
        .unwrap();
    while ex(&s).tree.selected < docs {
        update(&mut s, Action::Down);
    }
    let fx = update(&mut s, Action::Open);
    assert_eq!(
        fx,
        [Effect::ListDir {
            repo: "pallets/flask".into(),
            dir: p("docs"),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    on_job(
        &mut s,
        JobResult::DirListed {
            repo: "pallets/flask".into(),
            dir: p("docs"),
            result: Ok(vec![entry("docs/index.rst", EntryKind::File)]),
        },
    );
    assert!(
        ex(&s).rows.iter().any(
            |r| matches!(r, TreeRow::Entry { path, depth: 1 } if *path == p("docs/index.rst"))
        )
    );
    // Enter again collapses it.
    update(&mut s, Action::Open);
    assert!(
        !ex(&s)
            .rows
            .iter()
            .any(|r| matches!(r, TreeRow::Entry { path, .. } if *path == p("docs/index.rst")))
    );
}

#[test]
fn a_stale_file_result_is_dropped() {
    let mut s = explorer_on_app_py(160, 45);
    let fx = update(&mut s, Action::Up); // back to __init__.py: a new request
    let Some(Effect::LoadFile { request, .. }) = fx.first().cloned() else {
        panic!("{fx:?}")
    };
    // The old request's result arrives late: ignored.
    on_job(
        &mut s,
        JobResult::FileLoaded {
            request: request - 1,
            result: Ok(loaded("x = 1\n", "x.py")),
        },
    );
    assert!(matches!(
        ex(&s).file.as_ref().unwrap().state,
        FileState::Loading
    ));
    on_job(
        &mut s,
        JobResult::FileLoaded {
            request,
            result: Ok(loaded("y = 2\n", "y.py")),
        },
    );
    assert_eq!(ex(&s).outline_rows[0].name, "y");
}

#[test]
fn the_file_finder_narrows_and_jumps() {
    let mut s = explorer_on_app_py(160, 45);
    let fx = update(&mut s, Action::FindFiles);
    assert_eq!(
        fx,
        [Effect::LoadFileList {
            repo: "pallets/flask".into(),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    on_job(
        &mut s,
        JobResult::FileList {
            repo: "pallets/flask".into(),
            result: Ok(vec![
                p("README.md"),
                p("src/flask/app.py"),
                p("src/flask/context.py"),
                p("tests/test_basic.py"),
            ]),
        },
    );
    for c in "ctx".chars() {
        update(&mut s, Action::Char(c));
    }
    // q is text in a finder, not quit.
    update(&mut s, Action::Char('q'));
    assert!(!s.should_quit);
    update(&mut s, Action::DeleteChar);
    let f = ex(&s).finder.as_ref().unwrap();
    assert_eq!(f.query, "ctx");
    assert_eq!(
        ex(&s).all_files_text[f.results[0].index],
        "src/flask/context.py"
    );
    insta::assert_snapshot!("finder_files", draw(&s).backend());
    let fx = update(&mut s, Action::Open);
    assert!(
        matches!(fx.as_slice(), [Effect::LoadFile { path, .. }] if *path == p("src/flask/context.py")),
        "{fx:?}"
    );
    assert!(ex(&s).finder.is_none());
}

#[test]
fn the_symbol_finder_jumps_to_the_line() {
    use codestudy::outline::SymbolKind;
    use codestudy::outline::index::IndexEntry;
    let mut s = explorer_on_app_py(160, 45);
    assert_eq!(
        update(&mut s, Action::FindSymbols),
        [Effect::LoadIndex {
            repo: "pallets/flask".into(),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    assert_eq!(ex(&s).finder.as_ref().unwrap().kind, FinderKind::Symbols);
    let idx = vec![
        IndexEntry {
            path: "src/flask/app.py".into(),
            symbol: "Flask.route".into(),
            kind: SymbolKind::Method,
            line: 14,
        },
        IndexEntry {
            path: "src/flask/app.py".into(),
            symbol: "create_app".into(),
            kind: SymbolKind::Function,
            line: 21,
        },
    ];
    on_job(
        &mut s,
        JobResult::IndexLoaded {
            repo: "pallets/flask".into(),
            result: Ok(idx),
        },
    );
    for c in "flroute".chars() {
        update(&mut s, Action::Char(c));
    }
    insta::assert_snapshot!("finder_symbols", draw(&s).backend());
    let fx = update(&mut s, Action::Open);
    assert!(fx.is_empty(), "app.py is open already: {fx:?}");
    assert_eq!(ex(&s).source.selected, 13);
    assert_eq!(ex(&s).focus, Pane::Source);
}

#[test]
fn back_goes_home_and_q_quits() {
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::Back);
    assert!(matches!(s.screen, Screen::Home));
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::Quit);
    assert!(s.should_quit);
}

#[test]
fn explorer_snapshots_at_three_widths() {
    for (w, h) in [(160, 45), (100, 30), (60, 20)] {
        let mut s = explorer_on_app_py(w, h);
        update(&mut s, Action::FocusNext);
        update(&mut s, Action::Down);
        update(&mut s, Action::Down);
        insta::assert_snapshot!(format!("explorer_{w}x{h}"), draw(&s).backend());
    }
}

#[test]
fn clone_states_snapshots() {
    let mut s = state(100, 30);
    select_flask(&mut s);
    update(&mut s, Action::Open);
    let progress = Progress {
        phase: Phase::Receiving,
        received_objects: 1200,
        total_objects: 4000,
        received_bytes: 3 << 20,
        ..Progress::default()
    };
    on_job(
        &mut s,
        JobResult::CloneProgress {
            repo: "pallets/flask".into(),
            progress,
        },
    );
    s.repos.insert(
        "psf/requests".into(),
        RepoStatus::Failed("repository not found at git://127.0.0.1:9418/psf/requests.git".into()),
    );
    s.repos.insert(
        "django/django".into(),
        RepoStatus::Cloned(Some(Depth::Full)),
    );
    insta::assert_snapshot!("home_clone_in_progress", draw(&s).backend());
    update(&mut s, Action::NextCategory);
    insta::assert_snapshot!("home_clone_failed", draw(&s).backend());
}

#[test]
fn hostile_names_and_contents_never_reach_a_cell() {
    let hostile = "\x1b]52;c;ZXZpbA==\x07\x1b[2J\r\x08\u{9b}\u{202e}\u{200b}";
    let mut s = explorer_on_app_py(160, 45);
    let source = format!(
        "class E{hostile}:\n    '''{hostile}'''\n    x = '{hostile}'\n\tdef m(self): pass  # {hostile}\n"
    );
    let fx = update(&mut s, Action::Down);
    let request = match fx.first() {
        Some(Effect::LoadFile { request, .. }) => *request,
        _ => ex(&s).file.as_ref().unwrap().request,
    };
    on_job(
        &mut s,
        JobResult::FileLoaded {
            request,
            result: Ok(loaded(&source, "evil.py")),
        },
    );
    on_job(
        &mut s,
        JobResult::DirListed {
            repo: "pallets/flask".into(),
            dir: p("docs"),
            result: Ok(vec![Entry {
                path: RepoPath::from_bytes(format!("docs/{hostile}.py").into_bytes()),
                ..entry("docs/x", EntryKind::File)
            }]),
        },
    );
    s.status = Some(format!("could not open {hostile}"));
    for focus_moves in 0..3 {
        for _ in 0..focus_moves {
            update(&mut s, Action::FocusNext);
        }
        for size in [(160, 45), (60, 20)] {
            update(
                &mut s,
                Action::Resize {
                    width: size.0,
                    height: size.1,
                },
            );
            let t = draw(&s);
            for cell in t.backend().buffer().content() {
                assert!(
                    !cell.symbol().chars().any(is_unsafe),
                    "unsafe character in a cell: {:?}",
                    cell.symbol()
                );
            }
        }
    }
}

#[test]
fn resizing_the_explorer_to_nothing_never_panics() {
    let mut s = explorer_on_app_py(160, 45);
    for (w, h) in [
        (1, 1),
        (0, 0),
        (59, 17),
        (79, 24),
        (80, 24),
        (119, 30),
        (120, 30),
        (300, 100),
    ] {
        update(
            &mut s,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        for a in [
            Action::Down,
            Action::FocusNext,
            Action::Click { column: 5, row: 5 },
            Action::ScrollDown {
                column: 70,
                row: 10,
            },
        ] {
            update(&mut s, a);
        }
        draw(&s);
    }
}

#[test]
fn mouse_clicks_focus_and_select() {
    let mut s = explorer_on_app_py(160, 45);
    let l = codestudy::app::layout::explorer(s.viewport, ex(&s).focus);
    let outline = l.outline.unwrap();
    // The third outline row.
    update(
        &mut s,
        Action::Click {
            column: outline.x + 3,
            row: outline.y + 3,
        },
    );
    assert_eq!(ex(&s).focus, Pane::Outline);
    assert_eq!(ex(&s).outline.selected, 2);
    let source = l.source.unwrap();
    update(
        &mut s,
        Action::ScrollDown {
            column: source.x + 5,
            row: source.y + 5,
        },
    );
    assert_eq!(
        ex(&s).focus,
        Pane::Outline,
        "the wheel scrolls without taking focus"
    );
}

#[test]
fn the_study_checklist_toggles_steps_and_saves_them_in_order() {
    use codestudy::study::{Change, StepState};
    let mut s = state(120, 40);
    s.today = "2026-11-24".into();
    select_flask(&mut s);
    update(&mut s, Action::Study);
    assert_eq!(s.mode(), codestudy::app::Mode::Study);
    let fx = update(&mut s, Action::ToggleDone);
    let done = Change::SetStep {
        repo: "pallets/flask".into(),
        number: 1,
        state: StepState::Done,
        today: "2026-11-24".into(),
    };
    assert_eq!(fx, [Effect::SaveProgress(vec![(1, done.clone())])]);
    update(&mut s, Action::Down);
    let fx = update(&mut s, Action::MarkInProgress);
    let doing = Change::SetStep {
        repo: "pallets/flask".into(),
        number: 2,
        state: StepState::InProgress,
        today: "2026-11-24".into(),
    };
    // Not saved yet: both go, in order.
    assert_eq!(
        fx,
        [Effect::SaveProgress(vec![
            (1, done.clone()),
            (2, doing.clone())
        ])]
    );
    insta::assert_snapshot!("study_checklist", draw(&s).backend());
    // The first save lands; the second change stays pending on top.
    let mut saved = codestudy::study::Progress::default();
    saved.apply(&done);
    on_job(
        &mut s,
        JobResult::ProgressSaved {
            saved: vec![1],
            result: Ok(saved),
        },
    );
    assert_eq!(s.pending.len(), 1);
    assert_eq!(
        s.progress.repo("pallets/flask").unwrap().step(2),
        StepState::InProgress,
        "still shown"
    );
    // A failed save keeps the change and says why.
    on_job(
        &mut s,
        JobResult::ProgressSaved {
            saved: vec![2],
            result: Err("could not write progress.toml: disk full".into()),
        },
    );
    assert_eq!(s.pending.len(), 1);
    assert!(s.status.as_deref().unwrap().contains("disk full"));
    // Toggling done twice is todo again.
    update(&mut s, Action::Up);
    update(&mut s, Action::ToggleDone);
    assert_eq!(
        s.progress.repo("pallets/flask").unwrap().step(1),
        StepState::Todo
    );
    update(&mut s, Action::Back);
    assert!(s.overlay.is_none());
    let text = screen_text(&draw(&s));
    assert!(
        text.contains("0/6"),
        "the home row shows the study progress: {text}"
    );
}

#[test]
fn m_marks_the_selected_symbol_read() {
    use codestudy::study::Change;
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::FocusNext);
    update(&mut s, Action::Down); // Flask.default_config
    let fx = update(&mut s, Action::MarkRead);
    let change = Change::MarkRead {
        repo: "pallets/flask".into(),
        path: "src/flask/app.py".into(),
        symbol: "Flask.default_config".into(),
        read: true,
    };
    assert!(
        matches!(fx.as_slice(), [Effect::SaveProgress(v)] if v.last().map(|x| &x.1) == Some(&change)),
        "{fx:?}"
    );
    let text = screen_text(&draw(&s));
    assert!(text.contains("1/6 read"), "{text}");
    assert!(text.contains("✓    v default_config"), "{text}");
    // Again: not read any more.
    update(&mut s, Action::MarkRead);
    assert!(
        !s.progress
            .repo("pallets/flask")
            .unwrap()
            .is_read("src/flask/app.py", "Flask.default_config")
    );
}

#[test]
fn step_views_open_from_the_checklist_and_w_asks_where_to_make_a_working_copy() {
    let mut s = state(120, 40);
    s.home_dir = Some("/home/someone".into());
    select_flask(&mut s);
    update(&mut s, Action::Study);
    // Not cloned: Enter says so.
    assert!(update(&mut s, Action::Open).is_empty());
    assert!(s.status.as_deref().unwrap().contains("not cloned yet"));
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Commits(1))),
    );
    for _ in 0..4 {
        update(&mut s, Action::Down);
    }
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::OpenStepView {
            repo: "pallets/flask".into(),
            step: StepKind::RunLocally,
            catalog_entry: catalog_entry("pallets/flask"),
            progress: None,
        }]
    );
    // Every step has a view: step 4 (one module at a time) opens too.
    update(&mut s, Action::Up);
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::OpenStepView {
            repo: "pallets/flask".into(),
            step: StepKind::Modules,
            catalog_entry: catalog_entry("pallets/flask"),
            progress: None,
        }]
    );
    update(&mut s, Action::Down);
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::RunLocally,
            result: Ok(View::Document {
                title: "5. Run the code locally: pallets/flask".into(),
                markdown: "# Run\n\n```sh\npytest    # pyproject.toml\n```\n".into(),
            }),
        },
    );
    assert_eq!(s.mode(), codestudy::app::Mode::Document);
    let text = screen_text(&draw(&s));
    assert!(text.contains("pytest    # pyproject.toml"), "{text}");
    insta::assert_debug_snapshot!("command_list", draw(&s).backend());
    update(&mut s, Action::WorkingCopy);
    assert_eq!(s.mode(), codestudy::app::Mode::Prompt);
    let text = screen_text(&draw(&s));
    assert!(text.contains("> ~/codestudy/flask"), "{text}");
    for _ in 0.."flask".len() {
        update(&mut s, Action::DeleteChar);
    }
    for c in "study-flask".chars() {
        update(&mut s, Action::Char(c));
    }
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::MakeWorkingCopy {
            repo: "pallets/flask".into(),
            dest: "~/codestudy/study-flask".into(),
            catalog_entry: catalog_entry("pallets/flask"),
            home: Some("/home/someone".into()),
        }]
    );
    on_job(
        &mut s,
        JobResult::WorkingCopyMade {
            repo: "pallets/flask".into(),
            dest: "/home/someone/codestudy/study-flask".into(),
            result: Ok(()),
        },
    );
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("working copy of pallets/flask made in /home/someone/codestudy/study-flask")
    );
}

#[test]
fn d_in_the_history_deepens_the_clone_in_the_background() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Commits(1))),
    );
    update(&mut s, Action::Study);
    for _ in 0..5 {
        update(&mut s, Action::Down);
    }
    assert_eq!(
        update(&mut s, Action::Open),
        [Effect::OpenStepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            catalog_entry: catalog_entry("pallets/flask"),
            progress: None,
        }]
    );
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            result: Ok(View::List(history_page(0, 3, true))),
        },
    );
    // d only means something in the history of a shallow clone.
    assert_eq!(
        update(&mut s, Action::Deepen(false)),
        [Effect::Deepen {
            repo: "pallets/flask".into(),
            depth: Depth::Commits(501),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    assert!(
        matches!(s.status_of("pallets/flask"), RepoStatus::Cloning(_)),
        "the row shows the fetch"
    );
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("fetching 500 more commits of pallets/flask")
    );
    let outcome = CloneOutcome::Deepened {
        head: Oid::ZERO_SHA1,
        from: Depth::Commits(1),
        to: Depth::Commits(500),
    };
    on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Ok((outcome, Depth::Commits(500))),
        },
    );
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(500)))
    );
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        if c == '\n' {
            update(s, Action::Open);
        } else {
            update(s, Action::Char(c));
        }
    }
}

fn last_change(fx: &[Effect]) -> Option<codestudy::study::Change> {
    match fx {
        [Effect::SaveProgress(v)] => v.last().map(|x| x.1.clone()),
        _ => None,
    }
}

#[test]
fn n_writes_a_multi_line_note_on_the_selected_symbol_and_esc_saves_it() {
    use codestudy::study::{Change, NoteTarget};
    let mut s = explorer_on_app_py(120, 40);
    s.now = "2026-11-24 10:00".into();
    update(&mut s, Action::FocusNext);
    update(&mut s, Action::Down); // Flask.default_config
    assert!(update(&mut s, Action::Note).is_empty());
    assert_eq!(s.mode(), Mode::Note);
    // Letters are text in the box, not commands: q does not quit.
    type_text(&mut s, "defaults live here\nsee config.py q");
    assert!(!s.should_quit);
    let text = screen_text(&draw(&s));
    assert!(
        text.contains("Note on src/flask/app.py > Flask.default_config"),
        "{text}"
    );
    assert!(text.contains("see config.py q"), "{text}");
    let fx = update(&mut s, Action::SaveNote);
    let target = NoteTarget {
        path: Some("src/flask/app.py".into()),
        symbol: Some("Flask.default_config".into()),
    };
    assert_eq!(
        last_change(&fx),
        Some(Change::SetNote {
            repo: "pallets/flask".into(),
            target: target.clone(),
            text: "defaults live here\nsee config.py q".into(),
            now: "2026-11-24 10:00".into(),
        })
    );
    assert_eq!(s.overlay, None);
    assert_eq!(s.mode(), Mode::Explorer);
    // The outline marks the symbol.
    let text = screen_text(&draw(&s));
    assert!(text.contains(" ✎   v default_config"), "{text}");
    // n again shows the note to edit; closing unchanged saves nothing.
    update(&mut s, Action::Note);
    assert!(screen_text(&draw(&s)).contains("defaults live here"));
    assert!(update(&mut s, Action::Back).is_empty());
    // Emptied, it is removed.
    update(&mut s, Action::Note);
    for _ in 0.."defaults live here\nsee config.py q".chars().count() {
        update(&mut s, Action::DeleteChar);
    }
    let fx = update(&mut s, Action::Back);
    assert!(matches!(last_change(&fx), Some(Change::SetNote { text, .. }) if text.is_empty()));
    assert!(
        s.progress
            .repo("pallets/flask")
            .unwrap()
            .note(&target)
            .is_none()
    );
}

#[test]
fn a_note_on_the_file_when_the_outline_is_not_focused_and_on_the_repository_from_the_checklist() {
    use codestudy::study::{Change, NoteTarget};
    let mut s = explorer_on_app_py(120, 40);
    update(&mut s, Action::Note);
    type_text(&mut s, "the WSGI app");
    let fx = update(&mut s, Action::SaveNote);
    assert!(matches!(
        last_change(&fx),
        Some(Change::SetNote { target, .. }) if target == NoteTarget { path: Some("src/flask/app.py".into()), symbol: None }
    ));
    assert!(screen_text(&draw(&s)).contains("src/flask/app.py ✎ note"));
    // From the checklist: the repository; Esc goes back to the checklist.
    update(&mut s, Action::Study);
    update(&mut s, Action::Note);
    type_text(&mut s, "start with app.py");
    let fx = update(&mut s, Action::Back);
    assert!(matches!(
        last_change(&fx),
        Some(Change::SetNote { target, .. }) if target == NoteTarget::repo()
    ));
    assert!(matches!(s.overlay, Some(Overlay::Study { .. })));
    let text = screen_text(&draw(&s));
    assert!(text.contains("✎ 2 notes: start with app.py"), "{text}");
}

#[test]
fn quitting_while_writing_a_note_saves_it() {
    use codestudy::study::Change;
    let mut s = state(100, 30);
    select_flask(&mut s);
    update(&mut s, Action::Note);
    type_text(&mut s, "read later");
    let fx = update(&mut s, Action::Quit);
    assert!(s.should_quit);
    assert!(matches!(last_change(&fx), Some(Change::SetNote { text, .. }) if text == "read later"));
}

#[test]
fn note_box_snapshot() {
    let mut s = explorer_on_app_py(100, 30);
    update(&mut s, Action::FocusNext);
    update(&mut s, Action::Note);
    type_text(
        &mut s,
        "The application object: routing, config and the request cycle all hang off it.\n\n- read __init__ first\n- then wsgi_app",
    );
    insta::assert_debug_snapshot!("note_box", draw(&s).backend());
}

fn item(text: &str, detail: &str, target: Option<Target>) -> ListItem {
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
fn history_page(skip: usize, n: usize, shallow: bool) -> ListView {
    let mut items: Vec<ListItem> = (skip..skip + n)
        .map(|i| {
            item(
                &format!("{:010x} Commit number {i}", i),
                "Fixture Author, 2026-11-0{i} 10:00",
                Some(Target::Commit {
                    id: format!("{:040x}", i),
                }),
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

fn open_history(s: &mut State) {
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Full)),
    );
    update(s, Action::Study);
    update(s, Action::Last);
    assert_eq!(
        update(s, Action::Open),
        [Effect::OpenStepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            catalog_entry: catalog_entry("pallets/flask"),
            progress: None,
        }]
    );
    on_job(
        s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            result: Ok(View::List(history_page(0, 3, false))),
        },
    );
    assert_eq!(s.mode(), Mode::List);
}

#[test]
fn the_history_opens_a_commit_then_a_file_diff_and_esc_walks_back() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    open_history(&mut s);
    let text = screen_text(&draw(&s));
    assert!(text.contains("0000000000 Commit number 0"), "{text}");
    insta::assert_debug_snapshot!("history_list", draw(&s).backend());
    // Without a shallow clone, d does nothing.
    assert!(update(&mut s, Action::Deepen(false)).is_empty());
    update(&mut s, Action::Down);
    let commit = Target::Commit {
        id: format!("{:040x}", 1),
    };
    let request = expect_target(update(&mut s, Action::Open), &commit.clone());
    let diff = Target::Diff {
        commit: format!("{:040x}", 1),
        path: "src/flask/app.py".into(),
    };
    on_job(
        &mut s,
        JobResult::TargetOpened {
            repo: "pallets/flask".into(),
            request,
            target: commit,
            result: Ok(View::List(ListView {
                title: "Commit 0000000001: Commit number 1".into(),
                intro: vec![
                    "Fixture Author <author@example.com>, 2026-11-01 10:00".into(),
                    String::new(),
                    "Commit number 1".into(),
                    String::new(),
                    "A longer explanation.".into(),
                ],
                items: vec![
                    item("1 files changed, +1 -1", "", None),
                    item("src/flask/app.py", "+1 -1", Some(diff.clone())),
                ],
                deepen: false,
            })),
        },
    );
    let text = screen_text(&draw(&s));
    assert!(text.contains("A longer explanation."), "{text}");
    assert!(text.contains("src/flask/app.py"), "{text}");
    // The heading cannot be selected: Enter opens the file's diff.
    let request = expect_target(update(&mut s, Action::Open), &diff.clone());
    on_job(
        &mut s,
        JobResult::TargetOpened {
            repo: "pallets/flask".into(),
            request,
            target: diff,
            result: Ok(View::Document {
                title: "src/flask/app.py in 0000000001".into(),
                markdown: "```diff\n@@ -1,3 +1,3 @@\n-        pass\n+        return rule\n```\n"
                    .into(),
            }),
        },
    );
    assert_eq!(s.mode(), Mode::Document);
    insta::assert_debug_snapshot!("history_diff", draw(&s).backend());
    // Esc: the commit, the history, the checklist, nothing.
    update(&mut s, Action::Back);
    assert!(
        matches!(&s.overlay, Some(Overlay::List { view, .. }) if view.title.starts_with("Commit"))
    );
    update(&mut s, Action::Back);
    assert!(
        matches!(&s.overlay, Some(Overlay::List { view, .. }) if view.title.starts_with("6. History"))
    );
    update(&mut s, Action::Back);
    assert!(matches!(
        &s.overlay,
        Some(Overlay::Study { selected: 5, .. })
    ));
    update(&mut s, Action::Back);
    assert_eq!(s.overlay, None);
}

#[test]
fn older_commits_are_appended_to_the_history_in_place() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    open_history(&mut s);
    update(&mut s, Action::Last);
    let more = Target::History {
        path: None,
        skip: 3,
    };
    let request = expect_target(update(&mut s, Action::Open), &more.clone());
    let mut page = history_page(3, 2, false);
    page.items.pop(); // the end of the history
    on_job(
        &mut s,
        JobResult::TargetOpened {
            repo: "pallets/flask".into(),
            request,
            target: more,
            result: Ok(View::List(page)),
        },
    );
    let Some(Overlay::List { view, cursor, .. }) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    let texts: Vec<&str> = view.items.iter().map(|i| &i.text[11..]).collect();
    assert_eq!(
        texts,
        [
            "Commit number 0",
            "Commit number 1",
            "Commit number 2",
            "Commit number 3",
            "Commit number 4"
        ]
    );
    assert_eq!(
        cursor.selected, 3,
        "the selection stays where the older entry was"
    );
}

#[test]
fn enter_on_a_test_file_opens_it_in_the_explorer() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Full)),
    );
    update(&mut s, Action::Study);
    update(&mut s, Action::Down);
    update(&mut s, Action::Open);
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::Tests,
            result: Ok(View::List(ListView {
                title: "2. Tests: pallets/flask".into(),
                intro: vec!["Test folders: tests/ (2 test files)".into()],
                items: vec![
                    item("src/flask/app.py", "", None),
                    item(
                        "tests/test_app.py",
                        "named after it",
                        Some(Target::File {
                            path: "tests/test_app.py".into(),
                        }),
                    ),
                ],
                deepen: false,
            })),
        },
    );
    insta::assert_debug_snapshot!("tests_list", draw(&s).backend());
    let fx = update(&mut s, Action::Open);
    assert_eq!(s.overlay, None);
    assert!(matches!(fx.as_slice(), [Effect::OpenRepo { repo, .. }] if repo == "pallets/flask"));
    let Effect::OpenRepo { request, .. } = fx[0].clone() else {
        unreachable!()
    };
    // Once the repository is open, the file is revealed and loaded.
    let fx = on_job(
        &mut s,
        JobResult::RepoOpened {
            request,
            result: Ok(overview()),
        },
    );
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadFile { path, .. } if path.to_string_lossy() == "tests/test_app.py")),
        "{fx:?}"
    );
}

#[test]
fn l_in_the_explorer_shows_the_history_of_the_selected_path() {
    let mut s = explorer_on_app_py(120, 40);
    let fx = update(&mut s, Action::History);
    let [
        Effect::OpenTarget {
            repo,
            target,
            request,
            ..
        },
    ] = fx.as_slice()
    else {
        panic!("{fx:?}");
    };
    assert_eq!(repo, "pallets/flask");
    let Target::History {
        path: Some(path),
        skip: 0,
    } = target
    else {
        panic!("{target:?}");
    };
    let mut page = history_page(0, 1, false);
    page.title = format!("History: {path}");
    on_job(
        &mut s,
        JobResult::TargetOpened {
            repo: "pallets/flask".into(),
            target: target.clone(),
            request: *request,
            result: Ok(View::List(page)),
        },
    );
    assert_eq!(s.mode(), Mode::List);
    update(&mut s, Action::Back);
    assert_eq!(s.mode(), Mode::Explorer);
}

#[test]
fn the_readme_is_rendered_as_markdown() {
    let mut s = state(100, 30);
    select_flask(&mut s);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Full)),
    );
    update(&mut s, Action::Study);
    update(&mut s, Action::Open);
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::Documentation,
            result: Ok(View::Document {
                title: "1. Documentation: pallets/flask".into(),
                markdown: "# Flask\n\nFlask is a *lightweight* [WSGI](https://wsgi.readthedocs.io/) web application framework. It is designed to make getting started **quick and easy**.\n\n## A Simple Example\n\n```python\nfrom flask import Flask\n\napp = Flask(__name__)\n```\n\n- item one\n- item `two`\n  1. nested\n\n> A quote.\n\n---\n".into(),
            }),
        },
    );
    assert_eq!(s.mode(), Mode::Document);
    insta::assert_debug_snapshot!("markdown_view", draw(&s).backend());
}

/// The one effect is a view request for `target`: its request number.
fn expect_target(fx: Vec<Effect>, target: &Target) -> u64 {
    match fx.as_slice() {
        [
            Effect::OpenTarget {
                repo,
                target: t,
                request,
                ..
            },
        ] if repo == "pallets/flask" && t == target => *request,
        other => panic!("expected a request for {target:?}, got {other:?}"),
    }
}

#[test]
fn a_view_that_comes_after_the_person_went_back_is_dropped() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    open_history(&mut s);
    let commit = Target::Commit {
        id: format!("{:040x}", 0),
    };
    let first = expect_target(update(&mut s, Action::Open), &commit);
    // Esc before it came: back at the checklist, and it stays so.
    update(&mut s, Action::Back);
    on_job(
        &mut s,
        JobResult::TargetOpened {
            repo: "pallets/flask".into(),
            target: commit.clone(),
            request: first,
            result: Ok(View::List(history_page(9, 1, false))),
        },
    );
    assert!(
        matches!(s.overlay, Some(Overlay::Study { .. })),
        "{:?}",
        s.overlay
    );
    // Two Enters on "older commits": only the last answer is appended,
    // once.
    update(&mut s, Action::Open);
    on_job(
        &mut s,
        JobResult::StepView {
            repo: "pallets/flask".into(),
            step: StepKind::History,
            result: Ok(View::List(history_page(0, 3, false))),
        },
    );
    update(&mut s, Action::Last);
    let more = Target::History {
        path: None,
        skip: 3,
    };
    let a = expect_target(update(&mut s, Action::Open), &more);
    let b = expect_target(update(&mut s, Action::Open), &more);
    for request in [a, b] {
        let mut page = history_page(3, 1, false);
        page.items.pop();
        on_job(
            &mut s,
            JobResult::TargetOpened {
                repo: "pallets/flask".into(),
                target: more.clone(),
                request,
                result: Ok(View::List(page)),
            },
        );
    }
    let Some(Overlay::List { view, .. }) = &s.overlay else {
        panic!("{:?}", s.overlay);
    };
    assert_eq!(view.items.len(), 4, "{:?}", view.items);
}

#[test]
fn fetching_more_history_keeps_the_clone_usable_and_gives_it_back_on_failure() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    open_history(&mut s);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Commits(500))),
    );
    if let Some(Overlay::List { view, .. }) = &mut s.overlay {
        view.deepen = true;
    }
    // d asks for 500 more than the clone has.
    assert_eq!(
        update(&mut s, Action::Deepen(false)),
        [Effect::Deepen {
            repo: "pallets/flask".into(),
            depth: Depth::Commits(1000),
            catalog_entry: catalog_entry("pallets/flask"),
        }]
    );
    // Meanwhile the steps still open.
    update(&mut s, Action::Up);
    assert!(matches!(
        update(&mut s, Action::Open).as_slice(),
        [Effect::OpenStepView {
            step: StepKind::RunLocally,
            ..
        }]
    ));
    on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Err("the network is unreachable".into()),
        },
    );
    assert_eq!(
        s.status_of("pallets/flask"),
        &RepoStatus::Cloned(Some(Depth::Commits(500)))
    );
    assert!(
        s.status
            .as_deref()
            .unwrap()
            .contains("the clone is as it was"),
        "{:?}",
        s.status
    );
    // Once it works, the explorer's header says so.
    let mut s = explorer_on_app_py(120, 40);
    s.repos.insert(
        "pallets/flask".into(),
        RepoStatus::Cloned(Some(Depth::Commits(1))),
    );
    s.deepening
        .insert("pallets/flask".into(), Some(Depth::Commits(1)));
    let outcome = CloneOutcome::Deepened {
        head: Oid::ZERO_SHA1,
        from: Depth::Commits(1),
        to: Depth::Full,
    };
    on_job(
        &mut s,
        JobResult::CloneFinished {
            repo: "pallets/flask".into(),
            result: Ok((outcome, Depth::Full)),
        },
    );
    let text = screen_text(&draw(&s));
    assert!(text.contains("(full history)"), "{text}");
    assert!(
        text.contains("pallets/flask now has full history"),
        "{text}"
    );
}

#[test]
fn a_file_found_in_an_unlisted_directory_is_selected_once_the_listing_arrives() {
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::FindFiles);
    on_job(
        &mut s,
        JobResult::FileList {
            repo: "pallets/flask".into(),
            result: Ok(vec![p("src/flask/app.py"), p("tests/test_zeta.py")]),
        },
    );
    for c in "zeta".chars() {
        update(&mut s, Action::Char(c));
    }
    let fx = update(&mut s, Action::Open);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::ListDir { dir, .. } if *dir == p("tests"))),
        "{fx:?}"
    );
    // The listing comes later, with many entries before the file.
    let mut entries: Vec<Entry> = (0..50)
        .map(|i| entry(&format!("tests/test_a{i:02}.py"), EntryKind::File))
        .collect();
    entries.push(entry("tests/test_zeta.py", EntryKind::File));
    on_job(
        &mut s,
        JobResult::DirListed {
            repo: "pallets/flask".into(),
            dir: p("tests"),
            result: Ok(entries),
        },
    );
    assert!(
        matches!(ex(&s).selected_row(), Some(TreeRow::Entry { path, .. }) if *path == p("tests/test_zeta.py")),
        "{:?}",
        ex(&s).selected_row()
    );
}

#[test]
fn enter_while_the_file_list_loads_goes_to_the_best_match_once_it_is_there() {
    let mut s = explorer_on_app_py(160, 45);
    update(&mut s, Action::FindFiles);
    for c in "ctx".chars() {
        update(&mut s, Action::Char(c));
    }
    // Typed faster than the list loaded: Enter waits for it.
    assert!(update(&mut s, Action::Open).is_empty());
    assert!(ex(&s).finder.is_some());
    let fx = on_job(
        &mut s,
        JobResult::FileList {
            repo: "pallets/flask".into(),
            result: Ok(vec![p("README.md"), p("src/flask/context.py")]),
        },
    );
    assert!(
        fx.iter().any(
            |e| matches!(e, Effect::LoadFile { path, .. } if *path == p("src/flask/context.py"))
        ),
        "{fx:?}"
    );
    assert!(ex(&s).finder.is_none());
}

#[test]
fn the_mouse_wheel_scrolls_the_overlays() {
    let mut s = state(120, 40);
    select_flask(&mut s);
    update(&mut s, Action::Study);
    update(
        &mut s,
        Action::ScrollDown {
            column: 60,
            row: 20,
        },
    );
    update(
        &mut s,
        Action::ScrollDown {
            column: 60,
            row: 20,
        },
    );
    assert!(
        matches!(s.overlay, Some(Overlay::Study { selected: 2, .. })),
        "{:?}",
        s.overlay
    );
    update(
        &mut s,
        Action::ScrollUp {
            column: 60,
            row: 20,
        },
    );
    assert!(
        matches!(s.overlay, Some(Overlay::Study { selected: 1, .. })),
        "{:?}",
        s.overlay
    );
}
