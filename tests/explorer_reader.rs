//! Reading one file in the source pane: the search (its prompt, errors,
//! highlights, count, wrap), the jump list across files, sequences and
//! counts as the footer shows them, long lines scrolled sideways, and the
//! help listing the keys.

mod common;

use codestudy::app::{Mode, Pane};
use codestudy::outline::SymbolKind;
use codestudy::outline::index::IndexEntry;
use common::flask::{FLASK, explorer_on_app_py};
use common::harness::{Harness, row_text};
use ratatui::style::Modifier;

/// The explorer on app.py with the source focused, cursor on line 1.
fn in_source() -> Harness {
    let mut h = explorer_on_app_py(120, 40);
    h.keys("<S-tab>");
    assert_eq!(h.focus(), Pane::Source);
    h
}

/// The screen row showing source line `line` (from 1), at its scroll.
fn screen_row(h: &Harness, line: usize) -> u16 {
    let area = h.pane_area(Pane::Source).unwrap();
    let first = h.state().screen_explorer_scroll();
    area.y + 1 + (line - 1 - first) as u16
}

/// The column where `needle` starts on screen row `row`, from column
/// `from` on (cells, not bytes: the borders are wide in UTF-8).
fn find_on_row(buf: &ratatui::buffer::Buffer, row: u16, from: u16, needle: &str) -> u16 {
    let cells: Vec<char> = row_text(buf, row).chars().collect();
    let n: Vec<char> = needle.chars().collect();
    (from as usize..cells.len())
        .find(|&i| cells[i..].starts_with(&n))
        .unwrap_or_else(|| panic!("{needle:?} not on row {row}: {}", row_text(buf, row))) as u16
}

trait Scroll {
    fn screen_explorer_scroll(&self) -> usize;
}

impl Scroll for codestudy::app::State {
    fn screen_explorer_scroll(&self) -> usize {
        match &self.screen {
            codestudy::app::Screen::Explorer(e) => e.source.scroll,
            _ => panic!("not in the explorer"),
        }
    }
}

#[test]
fn an_invalid_regex_is_shown_under_the_prompt_with_its_column() {
    let mut h = in_source();
    h.keys("/").type_text("def (foo");
    let (text, error) = h.prompt().expect("the prompt stays open");
    assert_eq!(text, "def (foo");
    let error = error.expect("an error");
    assert!(error.starts_with("invalid regex at column 5"), "{error}");
    let screen = h.screen();
    assert!(
        screen.contains("invalid regex at column 5: unclosed group"),
        "{screen}"
    );
    // Enter does not take it; fixing it does.
    h.keys("<ret>");
    assert_eq!(h.mode(), Mode::Search);
    h.type_text(")").keys("<ret>");
    assert_eq!(h.mode(), Mode::Explorer);
    assert_eq!(h.status_line(), Some("no match for /def (foo)"));
    assert_eq!(h.cursor_line(), 1, "no match: the cursor stays");
}

#[test]
fn esc_in_the_prompt_puts_back_the_cursor_and_the_search_before() {
    let mut h = in_source();
    h.keys("/route<ret>");
    assert_eq!(h.cursor_line(), 14);
    assert_eq!(h.search_count().as_deref(), Some("1/1"));
    h.keys("/decorator");
    assert_eq!(h.cursor_line(), 16, "moved as typed");
    h.keys("<esc>");
    assert_eq!(h.cursor_line(), 14);
    assert_eq!(h.search_count().as_deref(), Some("1/1"));
    assert!(h.screen().contains("[/route 1/1]"));
    // Esc in the pane clears the search, a second goes home.
    h.keys("<esc>");
    assert_eq!(h.search_count(), None);
    assert_eq!(h.mode(), Mode::Explorer);
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Home);
}

#[test]
fn a_paste_or_a_burst_of_typing_in_the_search_prompt_is_searched_as_typed() {
    // The runtime turns typed text that arrives at once into one paste.
    let mut h = in_source();
    h.keys("/");
    h.paste("rou");
    h.keys("te");
    assert_eq!(h.cursor_line(), 14, "moved to the match as typed");
    // Only the first line of a paste is a pattern.
    h.keys("<ret>/");
    h.paste("decorator\nsecond line");
    h.keys("<ret>");
    assert_eq!(h.cursor_line(), 16);
    assert!(h.screen().contains("[/decorator 1/2]"), "{}", h.screen());
}

#[test]
fn n_wraps_to_the_top_with_a_message() {
    let mut h = in_source();
    h.keys("/return<ret>");
    assert_eq!(h.search_count().as_deref(), Some("1/3"));
    h.keys("nn");
    assert_eq!(h.cursor_line(), 22);
    assert_eq!(h.status_line(), None);
    h.keys("n");
    assert_eq!(h.cursor_line(), 17);
    assert_eq!(h.status_line(), Some("search wrapped to top"));
    assert_eq!(h.search_count().as_deref(), Some("1/3"));
    // A count repeats n.
    h.keys("2n");
    assert_eq!(h.search_count().as_deref(), Some("3/3"));
}

#[test]
fn search_highlights_every_match_and_the_current_one_apart() {
    let mut h = in_source();
    h.keys("/self<ret>");
    assert_eq!(h.search_count().as_deref(), Some("1/3"));
    let term = h.draw();
    insta::assert_snapshot!("search_highlights", term.backend());
    let buf = term.backend().buffer().clone();
    let area = h.pane_area(Pane::Source).unwrap();
    // Line 10 (`def __init__(self, ...)`): the current match, on its own
    // background; line 11 (`self.import_name = ...`): a match, on the
    // other.
    let row10 = screen_row(&h, 10);
    let x10 = find_on_row(&buf, row10, area.x, "self");
    let hit = codestudy::ui::theme::search_hit().bg.unwrap();
    let current = codestudy::ui::theme::search_current().bg.unwrap();
    assert_ne!(hit, current);
    assert_eq!(buf[(x10 + 1, row10)].bg, current);
    let row11 = screen_row(&h, 11);
    let x11 = find_on_row(&buf, row11, area.x, "self");
    assert_eq!(buf[(x11 + 1, row11)].bg, hit);
    assert_ne!(buf[(x11 + 6, row11)].bg, hit);
    // The cursor's cell is drawn reversed.
    assert!(buf[(x10, row10)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_word_under_the_cursor_is_shaded() {
    let mut h = in_source();
    h.keys("4jw"); // on `Flask` of `class Flask(App):`
    let buf = h.draw().backend().buffer().clone();
    let row = screen_row(&h, 5);
    let area = h.pane_area(Pane::Source).unwrap();
    let x = find_on_row(&buf, row, area.x, "Flask");
    let word = codestudy::ui::theme::word_under_cursor();
    let shaded = |cell: &ratatui::buffer::Cell| {
        word.bg.is_none_or(|bg| cell.bg == bg) && cell.modifier.contains(word.add_modifier)
    };
    for dx in 0..5 {
        assert!(shaded(&buf[(x + dx, row)]), "{dx}");
    }
    assert!(!shaded(&buf[(x + 5, row)]));
}

#[test]
fn the_jump_list_goes_back_and_forward_across_files() {
    let mut h = in_source();
    h.keys(":16<ret>ww"); // `def decorator`: on `decorator`
    assert_eq!((h.cursor_line(), h.cursor_col()), (16, 13));
    h.keys("@");
    h.symbol_index(
        FLASK,
        vec![IndexEntry {
            path: "src/flask/ctx.py".into(),
            symbol: "AppContext".into(),
            kind: SymbolKind::Class,
            line: 3,
        }],
    );
    h.keys("AppContext<ret>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/ctx.py"]);
    h.load_file(
        "src/flask/ctx.py",
        "import x\n\nclass AppContext:\n    pass\n",
    );
    assert_eq!(h.cursor_line(), 3);
    // Back: app.py again, where the finder was opened.
    h.keys("<C-o>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/app.py"]);
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    assert_eq!((h.cursor_line(), h.cursor_col()), (16, 13));
    // Back again: line 1, before `:16`.
    h.keys("<C-o>");
    assert_eq!((h.cursor_line(), h.cursor_col()), (1, 1));
    // Forward twice: line 16, then ctx.py.
    h.keys("<C-n>");
    assert_eq!(h.cursor_line(), 16);
    h.keys("<C-n>");
    assert_eq!(h.effects(), ["LoadFile pallets/flask src/flask/ctx.py"]);
    h.load_file(
        "src/flask/ctx.py",
        "import x\n\nclass AppContext:\n    pass\n",
    );
    assert_eq!(h.open_path().as_deref(), Some("src/flask/ctx.py"));
    assert_eq!(h.cursor_line(), 3);
    h.keys("<C-n>");
    assert!(h.status_line().unwrap().starts_with("no newer place"));
}

#[test]
fn a_search_is_found_again_in_the_next_file_opened() {
    let mut h = in_source();
    h.keys("/^import<ret>");
    assert_eq!(h.search_count().as_deref(), Some("1/1"));
    h.keys("<C-p>");
    h.file_list(FLASK, &["src/flask/ctx.py"]);
    h.keys("ctx<ret>");
    h.load_file("src/flask/ctx.py", "import x\nimport y\nimport z\n");
    assert_eq!(h.search_count().as_deref(), Some("3"));
    h.keys("n");
    assert_eq!(h.search_count().as_deref(), Some("2/3"));
}

#[test]
fn sequences_and_counts_wait_in_the_footer() {
    let mut h = in_source();
    h.keys("g");
    assert!(h.screen().contains(" g… "), "{}", h.screen());
    // A key that ends no sequence drops the prefix, and does nothing.
    h.keys("x");
    assert!(!h.screen().contains(" g… "));
    assert_eq!(h.cursor_line(), 1);
    h.keys("j");
    assert_eq!(h.cursor_line(), 2, "keys work again after it");
    h.keys("12");
    assert!(h.screen().contains(" 12… "), "{}", h.screen());
    h.keys("G");
    assert_eq!(h.cursor_line(), 12);
    assert!(!h.screen().contains(" 12… "));
    // 0 after a count is a digit; alone it goes to the line start.
    h.keys("w");
    assert!(h.cursor_col() > 1);
    h.keys("0");
    assert_eq!(h.cursor_col(), 1);
    h.keys("10G");
    assert_eq!(h.cursor_line(), 10);
    // A count larger than the file stops at its last line.
    h.keys("99999G");
    assert_eq!(h.cursor_line(), common::flask::APP_PY.lines().count());
    // In Space f the Space waits too.
    h.keys("<space>");
    assert!(h.screen().contains(" Space… "));
    h.keys("f");
    assert_eq!(h.finder(), Some(codestudy::app::FinderKind::Files));
}

#[test]
fn go_to_line_refuses_what_is_not_a_number() {
    let mut h = in_source();
    h.keys(":1x");
    let (_, error) = h.prompt().unwrap();
    assert_eq!(error.as_deref(), Some("type a line number, then Enter"));
    assert!(h.screen().contains("type a line number, then Enter"));
    h.keys("<ret>");
    assert_eq!(h.mode(), Mode::Search, "not taken");
    h.keys("<bs>5<ret>");
    assert_eq!(h.cursor_line(), 15);
    h.keys(":500<ret>");
    assert_eq!(h.cursor_line(), 22);
    assert_eq!(h.status_line(), Some("the file has 22 lines: at the last"));
}

#[test]
fn long_lines_end_in_a_marker_and_scroll_with_the_cursor() {
    let mut h = explorer_on_app_py(120, 40);
    let long = format!("x = \"{}\"\ny = 1\n{}\n", "a".repeat(300), "b".repeat(200));
    h.keys("<C-p>");
    h.file_list(FLASK, &["long.py"]);
    h.keys("long<ret>");
    h.load_file("long.py", &long);
    h.keys("<tab>");
    let area = h.pane_area(Pane::Source).unwrap();
    let right = (area.right() - 2) as usize;
    let screen = h.draw().backend().buffer().clone();
    let row = area.y + 1;
    let text = row_text(&screen, row);
    assert_eq!(text.chars().nth(right), Some('›'), "{text}");
    assert_eq!(h.source_hscroll(), 0);
    // To the end of the line: scrolled, the start marked.
    h.keys("$");
    assert!(h.source_hscroll() > 200, "{}", h.source_hscroll());
    let screen = h.draw().backend().buffer().clone();
    let text = row_text(&screen, row);
    assert!(text.contains("‹"), "{text}");
    assert!(text.contains("a\""), "the end shown: {text}");
    // Back to the start: unscrolled.
    h.keys("0");
    assert_eq!(h.source_hscroll(), 0);
    // Shift and the wheel move along the line, the pane following; a
    // sideways wheel back.
    let (x, y) = (area.x + 10, area.y + 1);
    for _ in 0..10 {
        h.shift_scroll_down(x, y);
    }
    assert_eq!(h.cursor_col(), 81);
    assert!(h.source_hscroll() > 0);
    h.scroll_left(x, y);
    assert_eq!(h.cursor_col(), 73);
}

#[test]
fn a_five_megabyte_line_is_searched_and_drawn() {
    let mut h = explorer_on_app_py(120, 40);
    let mut big = "z".repeat(5 << 20);
    big.push_str("needle\nend\n");
    h.keys("<C-p>");
    h.file_list(FLASK, &["big.py"]);
    h.keys("big<ret>");
    h.load_file("big.py", &big);
    h.keys("<tab>/needle<ret>");
    assert_eq!(h.search_count().as_deref(), Some("1/1"));
    assert_eq!(h.cursor_col(), (5 << 20) + 1);
    let screen = h.screen();
    assert!(screen.contains("needle"), "the match scrolled into view");
}

#[test]
fn the_help_lists_the_reading_keys() {
    // Tall enough for one column (at 45 rows it takes two, cut to fit).
    let mut h = explorer_on_app_py(160, 50);
    h.keys("?");
    let screen = h.screen();
    for line in [
        "h / ←",
        "w / b",
        "0 / $",
        "gg / Home",
        "ge / End",
        "source: search (regex, smart case); tree, outline: filter",
        "n / N",
        "]] / [[",
        "} / {",
        "Ctrl-o / Ctrl-n",
        "Space f / Ctrl-p",
        "note on the selected symbol",
    ] {
        assert!(screen.contains(line), "{line:?} missing:\n{screen}");
    }
}

#[test]
fn a_help_too_long_for_the_terminal_takes_two_columns() {
    let mut h = explorer_on_app_py(100, 30);
    h.keys("?");
    let screen = h.screen();
    for keys in [
        "Tab / Ctrl-l",
        "Ctrl-o / Ctrl-n",
        "Esc / Backspace",
        "q / Ctrl-c",
    ] {
        assert!(screen.contains(keys), "{keys:?} missing:\n{screen}");
    }
}

/// A file whose lines are longer than the source pane at 120x40.
fn long_file() -> Harness {
    let mut h = explorer_on_app_py(120, 40);
    let text = format!(
        "class Config:\n    def load(self, path):\n        return open(path).read()  # {}\n    x = 1\n",
        "the rest of a long comment that goes on and on ".repeat(3)
    );
    h.keys("<C-p>").file_list(FLASK, &["config.py"]);
    h.keys("config<ret>").load_file("config.py", &text);
    h.keys("<tab>");
    assert_eq!(h.focus(), Pane::Source);
    h
}

#[test]
fn a_cut_line_and_the_same_wrapped_snapshots() {
    let mut h = long_file();
    h.keys("jj");
    insta::assert_snapshot!("source_cut", h.draw().backend());
    h.keys("W");
    insta::assert_snapshot!("source_wrapped", h.draw().backend());
    // The cursor moves over the wrapped line as over any.
    h.keys("j");
    assert_eq!(h.cursor_line(), 4);
}

#[test]
fn zoomed_source_snapshot() {
    let mut h = long_file();
    h.keys("jjz");
    assert!(h.pane_area(Pane::Tree).is_none());
    insta::assert_snapshot!("source_zoomed", h.draw().backend());
    h.keys("z");
    assert!(h.pane_area(Pane::Tree).is_some());
}

#[test]
fn the_scope_of_the_first_line_shown_sticks_at_the_top() {
    // A class whose method runs past the pane: scrolled down into it, its
    // `class` and `def` lines stay in view.
    let mut text = String::from("import os\n\nclass Big:\n    def run(self):\n");
    for i in 0..80 {
        text.push_str(&format!("        step_{i}()\n"));
    }
    let mut h = explorer_on_app_py(120, 30);
    h.keys("<C-p>").file_list(FLASK, &["big.py"]);
    h.keys("big<ret>").load_file("big.py", &text);
    h.keys("<tab>60G");
    let area = h.pane_area(Pane::Source).unwrap();
    let term = h.draw();
    let buf = term.backend().buffer();
    let top = row_text(buf, area.y + 1);
    let second = row_text(buf, area.y + 2);
    assert!(top.contains("3 class Big:"), "{top}");
    assert!(second.contains("4     def run(self):"), "{second}");
    insta::assert_snapshot!("sticky_scope", term.backend());
    // At the top of the file nothing sticks.
    h.keys("gg");
    let top = row_text(h.draw().backend().buffer(), area.y + 1);
    assert!(top.contains("1 import os"), "{top}");
}

#[test]
fn a_click_in_the_source_puts_the_cursor_on_the_character() {
    let mut h = explorer_on_app_py(120, 40);
    let area = h.pane_area(Pane::Source).unwrap();
    // Line 5, `class Flask(App):`: the gutter takes 4 columns, F is the
    // seventh character.
    h.click(area.x + 1 + 4 + 6, area.y + 1 + 4);
    assert_eq!(h.focus(), Pane::Source);
    assert_eq!((h.cursor_line(), h.cursor_col()), (5, 7));
    assert_eq!(h.selected_symbol().as_deref(), Some("Flask"));
    // Past the end of the line: its last character.
    h.click(area.right() - 3, area.y + 1 + 1);
    assert_eq!((h.cursor_line(), h.cursor_col()), (2, 9));
    // Wrapped, a click on a continuation row is in the line above.
    let mut h = long_file();
    h.keys("W");
    let area = h.pane_area(Pane::Source).unwrap();
    h.click(area.x + 1 + 4, area.y + 1 + 3);
    assert_eq!(h.cursor_line(), 3);
    assert!(h.cursor_col() > 40, "{}", h.cursor_col());
}

/// Timings for the README (not asserted): `cargo test --test
/// explorer_reader timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings() {
    use std::time::Instant;
    let mut h = explorer_on_app_py(120, 40);
    let mut text = String::new();
    for i in 0..50_000 {
        text.push_str(&format!(
            "    def method_{i}(self, app_context, *args):  # line {i}\n"
        ));
    }
    h.keys("<C-p>").file_list(FLASK, &["big.py"]);
    h.keys("big<ret>").load_file("big.py", &text);
    h.keys("<tab>");
    let t = Instant::now();
    h.keys("/app_contex");
    let typed = t.elapsed();
    let t = Instant::now();
    h.keys("t");
    let key = t.elapsed();
    h.keys("<ret>");
    let t = Instant::now();
    h.keys("n");
    let next = t.elapsed();
    let t = Instant::now();
    let _ = h.draw();
    let draw = t.elapsed();
    println!(
        "50,000 lines (3.3 MB): typing /app_contex {typed:?} (11 keys), one more key {key:?}, n {next:?}, a frame with 40 lines of matches {draw:?}"
    );
    let mut big = "z".repeat(5 << 20);
    big.push_str("needle\n");
    h.keys("<C-p>").file_list(FLASK, &["line.py"]);
    h.keys("line<ret>").load_file("line.py", &big);
    h.keys("<tab>");
    let t = Instant::now();
    h.keys("$");
    let end = t.elapsed();
    let t = Instant::now();
    let _ = h.draw();
    let draw = t.elapsed();
    let t = Instant::now();
    h.keys("/needle<ret>");
    let search = t.elapsed();
    println!("one 5 MB line: $ {end:?}, a frame at its end {draw:?}, /needle {search:?}");
    let t = Instant::now();
    h.keys(r"/\w{1000}\w{1000}\w{1000}");
    println!(
        "a pathological pattern refused in {:?}: {:?}",
        t.elapsed(),
        h.prompt().and_then(|p| p.1)
    );
}

#[test]
fn reopening_the_repository_returns_where_it_was_left() {
    use codestudy::study::{Change, LastPlace};
    let mut h = explorer_on_app_py(120, 20);
    h.keys("<S-tab>:22<ret>w");
    assert_eq!((h.cursor_line(), h.cursor_col()), (22, 5));
    assert_eq!(h.state().screen_explorer_scroll(), 18);
    // Esc home: the place is recorded with the progress.
    h.keys("<esc>");
    assert_eq!(h.mode(), Mode::Home);
    let place = LastPlace {
        path: "src/flask/app.py".into(),
        line: 22,
        column: 4,
        top: 19,
    };
    assert_eq!(
        h.last_change(),
        Some(Change::SetPlace {
            repo: FLASK.into(),
            place: place.clone()
        })
    );
    // Opened again: app.py, not the first key file, at the line, column
    // and scroll left.
    h.keys("<ret>");
    assert_eq!(h.effects(), ["OpenRepo pallets/flask"]);
    h.open_repo(common::flask::overview());
    assert_eq!(
        h.effects(),
        [
            "LoadFile pallets/flask src/flask/app.py",
            "BuildIntel pallets/flask"
        ]
    );
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    assert_eq!((h.cursor_line(), h.cursor_col()), (22, 5));
    assert_eq!(h.focus(), Pane::Source);
    assert_eq!(h.state().screen_explorer_scroll(), 18);
    // Left unmoved: nothing new to save; q records it too when moved.
    h.keys("<esc>");
    assert_eq!(h.effects(), Vec::<String>::new());
    h.keys("<ret>");
    h.open_repo(common::flask::overview());
    h.load_file("src/flask/app.py", common::flask::APP_PY);
    h.keys("k");
    h.keys("q");
    assert!(h.quit_requested());
    assert!(matches!(
        h.last_change(),
        Some(Change::SetPlace {
            place: LastPlace { line: 21, .. },
            ..
        })
    ));
}

#[test]
fn a_file_gone_to_is_shown_in_the_tree_through_its_filter() {
    let mut h = explorer_on_app_py(120, 40);
    h.keys("/init<ret>");
    assert!(!h.tree_rows().contains(&"README.md".to_string()));
    assert!(h.screen().contains("Files /init"));
    h.keys("<C-p>").file_list(FLASK, &["src/flask/context.py"]);
    h.keys("context<ret>");
    assert!(!h.screen().contains("Files /init"), "the filter is dropped");
    assert_eq!(
        h.selected_tree_row().as_deref(),
        Some("    src/flask/context.py")
    );
}

/// Issue 15, point 13: no empty row after the last line, and `m` in the
/// source marks the symbol the cursor is in, not the outline's selection.
#[test]
fn no_phantom_last_line_and_m_marks_what_the_cursor_is_in() {
    let mut h = in_source();
    let last = codestudy::jobs::split_lines(common::flask::APP_PY).len();
    assert_eq!(common::flask::APP_PY.lines().count(), last);
    h.keys("G");
    assert_eq!(h.cursor_line(), last, "G goes to the last line of code");
    h.keys("j");
    assert_eq!(h.cursor_line(), last, "nothing below it");
    // Line 2, `import os`, is in no symbol.
    h.keys("gg").keys("j");
    assert_eq!(h.cursor_line(), 2);
    h.keys("m");
    assert!(h.last_change().is_none());
    assert!(
        h.status_line()
            .unwrap()
            .contains("the cursor is in no symbol"),
        "{:?}",
        h.status_line()
    );
    // In `__init__`'s body: that method, whatever the outline had.
    h.keys(":11<ret>").keys("m");
    match h.last_change() {
        Some(codestudy::study::Change::MarkRead { symbol, read, .. }) => {
            assert_eq!((symbol.as_str(), read), ("Flask.__init__", true));
        }
        other => panic!("{other:?}"),
    }
}

/// Issue 15, point 21: `e` opens the file in the working copy when step 5
/// made one (the runtime checks the file is there, see tui/editor.rs).
#[test]
fn e_asks_for_the_working_copy_when_there_is_one() {
    let mut h = in_source();
    h.keys("e");
    assert_eq!(h.effects(), ["OpenEditor pallets/flask src/flask/app.py:1"]);
    h.state_mut()
        .progress
        .apply(&codestudy::study::Change::SetWorkingCopy {
            repo: FLASK.into(),
            folder: "/home/someone/codestudy/flask".into(),
        });
    h.keys("j").keys("e");
    assert_eq!(
        h.effects(),
        ["OpenEditor pallets/flask src/flask/app.py:2 in /home/someone/codestudy/flask"]
    );
}
