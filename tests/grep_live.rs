//! The live grep (Ctrl-f in the explorer) through the real keymap and
//! `update`: a search per keystroke, stale results dropped, results in
//! path order, the preview, toggles and the glob field, Enter to the line,
//! the last search remembered, errors under the prompt, and a snapshot.

mod common;

use std::time::Duration;

use codestudy::app::{GrepField, Mode};
use codestudy::sanitize::is_unsafe;
use codestudy::search::SearchStats;
use common::flask::explorer_on_app_py;
use common::harness::Harness;
use common::harness::grep::{file, hit};
use common::help_lines::{action, press, try_every_line};

fn stats(lines: usize, files: usize) -> SearchStats {
    SearchStats {
        files: 120,
        searched: 118,
        matched_files: files,
        matched_lines: lines,
        binary: 2,
        elapsed: Duration::from_millis(7),
        ..SearchStats::default()
    }
}

#[test]
fn typing_searches_and_enter_goes_to_the_line() {
    let mut h = explorer_on_app_py(120, 40);
    h.ctrl('f');
    assert_eq!(h.mode(), Mode::Grep);
    assert!(h.effects().is_empty(), "nothing to search yet");
    assert!(h.screen().contains("type a pattern"));

    // Every keystroke searches again; `q` and `?` are text here.
    h.keys("app_c");
    assert_eq!(h.effects().len(), 5, "one search per keystroke");
    assert_eq!(h.effects()[4], r#"Grep pallets/flask "app_c""#);
    h.keys("q<bs>");
    assert!(!h.quit_requested());
    assert_eq!(h.effects().last().unwrap(), r#"Grep pallets/flask "app_c""#);
    // A paste (or a burst of typing) is one search, of its first line.
    h.paste("on\nnext line");
    assert_eq!(
        h.effects().last().unwrap(),
        r#"Grep pallets/flask "app_con""#
    );
    h.keys("<bs><bs>");

    // A result of a search replaced meanwhile is dropped.
    h.grep_found_stale(vec![file(0, "stale.py", vec![hit(1, "app_c", &[(0, 5)])])]);
    assert_eq!(h.grep_view().unwrap().files.len(), 0);

    // Results come in any order and are kept in path order; the first
    // asks for the preview of the first match.
    h.grep_found(vec![file(
        7,
        "tests/test_basic.py",
        vec![hit(3, "    with app.app_context():", &[(13, 18)])],
    )]);
    assert_eq!(h.effects(), ["GrepPreview tests/test_basic.py:3"]);
    h.grep_found(vec![file(
        2,
        "src/flask/app.py",
        vec![
            hit(14, "    def app_context(self):", &[(8, 13)]),
            hit(30, "        ctx = self.app_context()", &[(19, 24)]),
        ],
    )]);
    h.grep_done(Ok(stats(3, 2)));
    let v = h.grep_view().unwrap();
    let order: Vec<String> = v.files.iter().map(|f| f.path.to_string_lossy()).collect();
    assert_eq!(order, ["src/flask/app.py", "tests/test_basic.py"]);
    assert!(!v.running);
    let screen = h.screen();
    assert!(screen.contains("3 matches in 2 files"), "{screen}");
    assert!(screen.contains("skipped 2 binary"), "{screen}");

    // Moving asks for the preview of the match now selected.
    h.keys("<down>");
    assert_eq!(h.effects(), ["GrepPreview src/flask/app.py:30"]);
    h.grep_preview(
        27,
        &[
            "    def wsgi_app(self, environ, start_response):",
            "        \"\"\"The actual WSGI application.\"\"\"",
            "",
            "        ctx = self.app_context()",
            "        error = None",
        ],
    );
    insta::assert_snapshot!("grep_live", h.draw().backend());
    // Snapshots hold text: the selected match's row is shaded, and the
    // match itself is styled apart from the rest of its line.
    let t = h.draw();
    let buf = t.backend().buffer();
    let row = (0..buf.area.height)
        .find(|y| common::harness::row_text(buf, *y).contains("    30      "))
        .unwrap();
    let shaded = codestudy::ui::theme::selected_row().bg;
    let x = (0..buf.area.width)
        .find(|x| buf[(*x, row)].symbol() == "c" && buf[(*x + 1, row)].symbol() == "t")
        .unwrap();
    assert_eq!(buf[(x, row)].bg, shaded.unwrap());
    let m = x + "ctx = self.".len() as u16;
    assert_eq!(buf[(m, row)].symbol(), "a");
    assert_eq!(
        buf[(m, row)].fg,
        codestudy::ui::theme::matched().fg.unwrap()
    );
    assert_ne!(buf[(x, row)].fg, buf[(m, row)].fg);

    // Enter opens the file at the line and closes the grep.
    h.keys("<down>");
    assert_eq!(h.effects(), ["GrepPreview tests/test_basic.py:3"]);
    h.keys("<ret>");
    // The tree reveals the file (listing its directory) as a finder does.
    assert_eq!(
        h.effects(),
        [
            "ListDir pallets/flask tests",
            "LoadFile pallets/flask tests/test_basic.py"
        ]
    );
    assert_eq!(h.mode(), Mode::Explorer);
    h.load_file(
        "tests/test_basic.py",
        "import flask\n\n    with app.app_context():\n",
    );
    assert_eq!(h.cursor_line(), 3, "on the match's line");

    // The grep's Enter was a jump: Ctrl-o comes back to app.py, where the
    // grep started, and Ctrl-n forward to the match again.
    h.keys("<C-o>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/app.py"]);
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    assert_eq!(h.open_path().as_deref(), Some("src/flask/app.py"));
    h.keys("<C-n>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask tests/test_basic.py"]);
}

#[test]
fn toggles_globs_and_memory() {
    let mut h = explorer_on_app_py(120, 40);
    h.ctrl('f').keys("route");
    h.ctrl('w');
    assert_eq!(h.effects(), [r#"Grep pallets/flask "route" -w"#]);
    h.ctrl('l');
    assert_eq!(h.effects(), [r#"Grep pallets/flask "route" -w -F"#]);
    h.ctrl('w');
    // Tab: typing goes to the glob filter, edited while the query stands.
    h.keys("<tab>");
    assert_eq!(h.grep_view().unwrap().field, GrepField::Glob);
    h.keys("src/**");
    assert_eq!(
        h.effects().last().unwrap(),
        r#"Grep pallets/flask "route" -F -g src/**"#
    );
    // A space between globs changes nothing: no new search.
    h.keys("<space>");
    assert!(h.effects().is_empty());
    h.keys("!tests");
    assert_eq!(
        h.effects().last().unwrap(),
        r#"Grep pallets/flask "route" -F -g src/** -g !tests"#
    );
    // Esc closes; Ctrl-f brings the same search back, and runs it.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Explorer);
    h.ctrl('f');
    assert_eq!(
        h.effects(),
        [r#"Grep pallets/flask "route" -F -g src/** -g !tests"#]
    );
}

#[test]
fn a_bad_pattern_is_shown_under_the_prompt_and_lines_are_sanitized() {
    let mut h = explorer_on_app_py(120, 40);
    h.ctrl('f').keys("def (x");
    h.grep_done(Err(
        "invalid regex at column 5: unclosed group\n    def (x\n        ^",
    ));
    let screen = h.screen();
    assert!(
        screen.contains("invalid regex at column 5: unclosed group"),
        "{screen}"
    );
    assert_eq!(h.mode(), Mode::Grep, "still typing");

    h.keys("<bs><bs>");
    let text = "x = '\u{1b}[2J\u{9b}31m\u{202e}def\t(\u{200b}'";
    let at = text.find("def").unwrap();
    h.grep_found(vec![file(
        0,
        "evil\u{1b}]0;x\u{7}.py",
        vec![hit(1, text, &[(at, at + 4)])],
    )]);
    h.grep_preview(1, &[text]);
    let t = h.draw();
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert!(
            !cell.symbol().chars().any(is_unsafe),
            "unsafe character drawn: {:?}",
            cell.symbol()
        );
    }
    assert!(h.screen().contains("evil␛]0;x␇.py"));
}

/// The grep with "route" typed and two matches found.
fn grep_with_matches() -> Harness {
    let mut h = explorer_on_app_py(120, 40);
    h.ctrl('f').keys("route");
    let lines = (1..=30)
        .map(|n| hit(n, "    def route(self):", &[(8, 13)]))
        .collect();
    h.grep_found(vec![file(0, "src/flask/app.py", lines)]);
    h.grep_done(Ok(stats(30, 1)));
    h
}

#[test]
fn grep_lines_do_what_they_say() {
    try_every_line(Mode::Grep, |keys, key| {
        let mut h = grep_with_matches();
        let selected = |h: &Harness| h.grep_view().unwrap().selected;
        match keys {
            "text" => {
                h.keys("s");
                assert_eq!(h.grep_view().unwrap().input.pattern, "routes");
            }
            "Tab" => {
                press(&mut h, key);
                assert_eq!(h.grep_view().unwrap().field, GrepField::Glob);
                h.keys("*.py");
                assert_eq!(h.grep_view().unwrap().input.globs, "*.py");
            }
            "Ctrl-w" => {
                press(&mut h, key);
                assert_eq!(h.effects(), [r#"Grep pallets/flask "route" -w"#]);
            }
            "Ctrl-l" => {
                press(&mut h, key);
                assert_eq!(h.effects(), [r#"Grep pallets/flask "route" -F"#]);
            }
            "↑ / ↓" => {
                h.keys("<down><down>");
                press(&mut h, key);
                let want = if action(key) == codestudy::app::Action::Up {
                    1
                } else {
                    3
                };
                assert_eq!(selected(&h), want);
            }
            "PgUp / PgDn" => {
                h.keys("<pgdn><pgdn>");
                press(&mut h, key);
                let want = if action(key) == codestudy::app::Action::PageUp {
                    10
                } else {
                    29
                };
                assert_eq!(selected(&h), want);
            }
            "Enter" => {
                h.keys("<down>");
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Explorer);
                assert_eq!(h.cursor_line(), 2);
            }
            "Backspace" => {
                press(&mut h, key);
                assert_eq!(h.effects(), [r#"Grep pallets/flask "rout""#]);
            }
            "Esc" => {
                press(&mut h, key);
                assert_eq!(h.mode(), Mode::Explorer);
            }
            _ => return false,
        }
        true
    });
}

/// The jobs behind the overlay, on a real repository: the search streams
/// its files back and ends with the stats; a cancelled search stops; a bad
/// pattern comes back as the error the prompt shows; the preview brings
/// the lines around a match.
#[test]
fn the_grep_job_streams_cancels_and_previews() {
    use codestudy::app::JobResult;
    use codestudy::jobs::grep::{grep, preview};
    use codestudy::search::QueryOptions;
    use std::sync::Mutex;
    use std::sync::atomic::AtomicBool;

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("r.git");
    let mut f = common::git::Fixture::create(&dir);
    for i in 0..300 {
        f.file(
            format!("pkg/m{i:03}.py"),
            format!("import os\n\ndef f{i}():\n    return os.sep\n"),
        );
    }
    f.commit("Modules");
    let options = QueryOptions {
        pattern: "os\\.sep".into(),
        ..QueryOptions::default()
    };
    let sent = Mutex::new(Vec::new());
    let done = grep(
        &dir,
        9,
        &options,
        5000,
        400,
        &AtomicBool::new(false),
        &|r| sent.lock().unwrap().push(r),
    );
    let sent = sent.into_inner().unwrap();
    let mut files = 0;
    for r in &sent {
        match r {
            JobResult::GrepFound {
                request: 9,
                files: f,
            } => files += f.len(),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(files, 300, "every file with a match, once");
    match done {
        JobResult::GrepDone {
            request: 9,
            result: Ok(stats),
        } => assert_eq!((stats.matched_lines, stats.searched), (300, 300)),
        other => panic!("{other:?}"),
    }

    // Cancelled before it starts: nothing is searched.
    let done = grep(
        &dir,
        10,
        &options,
        5000,
        400,
        &AtomicBool::new(true),
        &|_| {},
    );
    match done {
        JobResult::GrepDone {
            result: Ok(stats), ..
        } => assert!(stats.cancelled && stats.searched == 0, "{stats:?}"),
        other => panic!("{other:?}"),
    }

    // The list's cap: the search stops once it has enough.
    let done = grep(
        &dir,
        11,
        &options,
        50,
        400,
        &AtomicBool::new(false),
        &|_| {},
    );
    match done {
        JobResult::GrepDone {
            result: Ok(stats), ..
        } => assert!(stats.truncated && stats.matched_lines < 300, "{stats:?}"),
        other => panic!("{other:?}"),
    }

    let bad = QueryOptions {
        pattern: "f(".into(),
        ..QueryOptions::default()
    };
    match grep(&dir, 12, &bad, 5000, 400, &AtomicBool::new(false), &|_| {}) {
        JobResult::GrepDone { result: Err(e), .. } => {
            assert!(e.to_string().contains("invalid regex at column 2"), "{e}")
        }
        other => panic!("{other:?}"),
    }

    let path = codestudy::repo::RepoPath::parse("pkg/m007.py").unwrap();
    let (first, lines) = preview(&dir, &path, 4, 2).unwrap();
    assert_eq!(first, 2);
    assert_eq!(lines, ["", "def f7():", "    return os.sep", ""]);
}
