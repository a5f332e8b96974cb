//! The explorer's panes at several sizes: snapshots, the mouse, and
//! resizing down to nothing and back.

mod common;

use codestudy::app::Pane;
use codestudy::app::layout::{MIN_HEIGHT, MIN_WIDTH};
use codestudy::repo::Depth;
use common::flask::explorer_on_app_py;
use common::harness::{Harness, row_text};

#[test]
fn explorer_snapshots_at_three_widths() {
    for (w, h) in [(160, 45), (100, 30), (60, 20)] {
        let mut x = explorer_on_app_py(w, h);
        x.keys("<tab>jj");
        insta::assert_snapshot!(format!("explorer_{w}x{h}"), x.draw().backend());
    }
}

#[test]
fn mouse_clicks_focus_and_select() {
    let mut h = explorer_on_app_py(160, 45);
    let outline = h.pane_area(Pane::Outline).unwrap();
    let source = h.pane_area(Pane::Source).unwrap();
    // The third outline row.
    h.click(outline.x + 3, outline.y + 3);
    assert_eq!(h.focus(), Pane::Outline);
    assert_eq!(h.outline_names()[2], "__init__");
    assert_eq!(h.selected_symbol().as_deref(), Some("__init__"));
    h.scroll_down(source.x + 5, source.y + 5);
    assert_eq!(
        h.focus(),
        Pane::Outline,
        "the wheel scrolls without taking focus"
    );
}

/// The rows of the focused pane drawn as selected: on the selection's
/// background (a blue bar in the tree and the outline, the cursor line's
/// shade in the source).
fn selected_rows(h: &Harness) -> Vec<String> {
    let pane = h.focus();
    let area = h.pane_area(pane).expect("the focused pane is drawn");
    // The terminal's own palette (the default) marks the source's cursor
    // line by underlining it, the tree's and the outline's selection by a
    // blue bar.
    let style = match pane {
        Pane::Tree | Pane::Outline => codestudy::ui::theme::selected_row(),
        Pane::Source => codestudy::ui::theme::cursor_line(),
    };
    let shows = |cell: &ratatui::buffer::Cell| {
        style.bg.is_none_or(|bg| cell.bg == bg) && cell.modifier.contains(style.add_modifier)
    };
    let t = h.draw();
    let buf = t.backend().buffer();
    (area.y + 1..area.bottom().saturating_sub(1))
        .filter(|&y| (area.x + 1..area.right() - 1).any(|x| shows(&buf[(x, y)])))
        .map(|y| {
            let row = row_text(buf, y);
            row.chars()
                .skip(area.x as usize + 1)
                .take(area.width.saturating_sub(2) as usize)
                .collect()
        })
        .collect()
}

/// At a usable size the focused pane shows its selection, once; below
/// it the screen says it is too small and what size it needs.
fn assert_selection_shown(h: &Harness, after: &str) {
    let too_small = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    let screen = h.screen();
    let v = h.state().viewport;
    let (w, ht) = (v.width, v.height);
    if w < MIN_WIDTH || ht < MIN_HEIGHT {
        if w as usize >= too_small.len() && ht >= 2 {
            assert!(screen.contains(&too_small), "{w}x{ht}:\n{screen}");
            assert!(screen.contains(&format!("now {w}x{ht}")), "{screen}");
        } else {
            assert!(!screen.contains("Outline"), "{w}x{ht}:\n{screen}");
        }
        return;
    }
    let expected = match h.focus() {
        Pane::Tree => {
            let row = h.selected_tree_row().unwrap();
            let row = row.trim_start_matches("key ").trim_end_matches(" ★");
            row.rsplit(['/', ' ']).next().unwrap().to_string()
        }
        Pane::Outline => h.selected_symbol().unwrap(),
        Pane::Source => format!("{} ", h.cursor_line()),
    };
    let rows = selected_rows(h);
    let focus = h.focus();
    assert_eq!(
        rows.len(),
        1,
        "{w}x{ht} {focus:?} after {after}: {rows:?}\n{screen}"
    );
    assert!(
        rows[0].contains(&expected),
        "{w}x{ht} {focus:?} after {after}: {expected:?} not in {:?}\n{screen}",
        rows[0]
    );
    assert!(screen.contains(" pallets/flask "), "{screen}");
}

#[test]
fn resizing_the_explorer_to_nothing_and_back_keeps_the_selection_in_view() {
    let mut h = explorer_on_app_py(160, 45);
    for (w, ht) in [
        (1, 1),
        (0, 0),
        (59, 17),
        (79, 24),
        (80, 24),
        (119, 30),
        (120, 30),
        (300, 100),
    ] {
        h.resize(w, ht);
        assert_selection_shown(&h, "the resize");
        h.keys("j<tab>").click(5, 5).scroll_down(70, 10);
        assert_selection_shown(&h, "keys, a click and the wheel");
    }
    // The source's last line selected on a tall screen stays in view when
    // the screen shrinks to the smallest usable size.
    let mut h = explorer_on_app_py(160, 45);
    h.keys("<tab><tab>G");
    assert_eq!(h.focus(), Pane::Source);
    for (w, ht) in [(60, 18), (160, 45), (100, 20)] {
        h.resize(w, ht);
        assert_selection_shown(&h, "the resize");
    }
}

/// Where `needle` is drawn (its first cell), the leftmost at or right of
/// column `from`: read cell by cell from the screen, not from the layout.
fn drawn_at(h: &Harness, needle: &str, from: u16) -> Option<(u16, u16)> {
    let t = h.draw();
    let buf = t.backend().buffer();
    let chars: Vec<char> = needle.chars().collect();
    for y in 0..buf.area.height {
        for x in from..buf.area.width {
            let fits = chars.iter().enumerate().all(|(i, c)| {
                let cx = x as usize + i;
                cx < buf.area.width as usize
                    && buf[(cx as u16, y)].symbol() == c.to_string().as_str()
            });
            if fits {
                return Some((x, y));
            }
        }
    }
    None
}

/// The split before the widths adapted: 25% tree, 27% outline, the rest
/// (58 columns at 120) for the source.
const FIXED_SOURCE_AT_120: u16 = 120 - 120 * 25 / 100 - 120 * 27 / 100;

#[test]
fn at_120x40_the_source_gets_what_the_tree_and_outline_leave() {
    let mut h = explorer_on_app_py(120, 40);
    let (tree, outline, source) = (
        h.pane_area(Pane::Tree).unwrap(),
        h.pane_area(Pane::Outline).unwrap(),
        h.pane_area(Pane::Source).unwrap(),
    );
    assert!(
        source.width > FIXED_SOURCE_AT_120,
        "{source:?} not wider than {FIXED_SOURCE_AT_120}"
    );
    // Drawn where the layout says: the source's title on its border.
    assert_eq!(
        drawn_at(&h, "┌ src/flask/app.py", 0),
        Some((source.x, source.y))
    );
    assert_eq!(drawn_at(&h, "┌ Outline", 0), Some((outline.x, outline.y)));
    // The tree's rows fit whole: the widest key file and entries.
    let screen = h.screen();
    assert!(screen.contains("│ ✓ src/flask/__init__.py "), "{screen}");
    assert!(screen.contains("      __init__.py ★ "), "{screen}");

    // Moving within the file keeps every pane where it was.
    h.keys("<tab><tab>jjjjG");
    assert_eq!(h.focus(), Pane::Source);
    assert_eq!(h.pane_area(Pane::Tree), Some(tree));
    assert_eq!(h.pane_area(Pane::Outline), Some(outline));
    assert_eq!(h.pane_area(Pane::Source), Some(source));
    // Filtering the outline by name does not move it either.
    h.keys("<backtab>/rou<ret>");
    assert_eq!(h.outline_names(), ["route"]);
    assert_eq!(h.pane_area(Pane::Outline), Some(outline));

    // A file without an outline: the outline pane narrows to its least,
    // the source takes the room; the tree no longer gives way to the
    // outline and has what its rows need.
    h.keys("<esc><backtab>");
    assert_eq!(h.focus(), Pane::Tree);
    h.select_tree_row("README.md");
    assert_eq!(h.effects(), ["LoadFile pallets/flask README.md"]);
    h.load_file("README.md", "# Flask\n\nA web framework.\n");
    let readme_source = h.pane_area(Pane::Source).unwrap();
    assert!(readme_source.width > source.width, "{readme_source:?}");
    let readme_outline = h.pane_area(Pane::Outline).unwrap();
    assert!(readme_outline.width < outline.width, "{readme_outline:?}");
    let readme_tree = h.pane_area(Pane::Tree).unwrap();
    assert!(readme_tree.width >= tree.width, "{readme_tree:?}");
    let screen = h.screen();
    assert!(
        screen.contains("│ ✗ src/flask/ctx.py (missing)"),
        "{screen}"
    );
    assert!(screen.contains("│ no outline "), "{screen}");
}

#[test]
fn clicks_hit_the_pane_and_row_drawn_there_after_the_widths_adapt() {
    let mut h = explorer_on_app_py(120, 40);
    let source = h.pane_area(Pane::Source).unwrap();
    let outline = h.pane_area(Pane::Outline).unwrap();
    // An outline row, found on the screen (left of the source, where
    // `def create_app` is drawn too).
    let (x, y) = drawn_at(&h, "f create_app()", 0).unwrap();
    assert!(x < source.x, "{x} {source:?}");
    h.click(x + 2, y);
    assert_eq!(h.focus(), Pane::Outline);
    assert_eq!(h.selected_symbol().as_deref(), Some("create_app"));
    // A source line, to the right of the outline.
    let (x, y) = drawn_at(&h, "return Flask(__name__)", outline.right()).unwrap();
    h.click(x + 3, y);
    assert_eq!(h.focus(), Pane::Source);
    assert_eq!(h.cursor_line(), 22);
    // The columns either side of the outline's right edge.
    let row = outline.y + 2;
    h.click(outline.right() - 1, row);
    assert_eq!(h.focus(), Pane::Outline);
    h.click(outline.right(), row);
    assert_eq!(h.focus(), Pane::Source);
    // A tree row.
    let (x, y) = drawn_at(&h, "README.md", 0).unwrap();
    assert!(x < outline.x);
    h.click(x + 1, y);
    assert_eq!(h.focus(), Pane::Tree);
    assert_eq!(h.selected_tree_row().as_deref(), Some("README.md"));
}

/// A directory of 60,000 files: the tree's width comes from its first
/// rows (a long name among them widens the pane to its bound, one far
/// down does not), and moving down the tree does not change it.
#[test]
fn the_tree_width_is_measured_on_the_first_rows_of_a_huge_directory() {
    use codestudy::repo::EntryKind;
    for (long_at, widened) in [(100, true), (50_000, false)] {
        let mut h = explorer_on_app_py(300, 40);
        let before = h.pane_area(Pane::Tree).unwrap();
        h.select_tree_row("▸ docs").keys("<ret>");
        assert!(
            h.effects()
                .contains(&"ListDir pallets/flask docs".to_string())
        );
        let entries = (0..60_000)
            .map(|i| {
                let name = if i == long_at {
                    "x".repeat(200)
                } else {
                    format!("f{i:05}")
                };
                common::harness::entry(&format!("docs/{name}.py"), EntryKind::File)
            })
            .collect();
        h.list_dir(common::flask::FLASK, "docs", entries);
        assert!(h.screen().contains("│▾ docs "), "{}", h.screen());
        let after = h.pane_area(Pane::Tree).unwrap();
        if widened {
            assert_eq!(after.width, 300 * 30 / 100, "{before:?} {after:?}");
        } else {
            assert_eq!(after, before);
        }
        h.keys("jjjjj");
        assert_eq!(h.pane_area(Pane::Tree), Some(after));
        let screen = h.screen();
        assert!(screen.contains("  f00003.py "), "{screen}");
    }
}

/// Issue 15, point 8: a long name in a narrow outline used to run over the
/// line-number column and leave a wrong number (`get_send_file_max_age 3`
/// for line 365). The name is cut; the number stays whole.
#[test]
fn a_long_outline_name_is_cut_and_its_line_number_kept_whole() {
    let mut h = explorer_on_app_py(120, 40);
    let text = format!(
        "{}class Flask:\n    def get_send_file_max_age_of_a_name_far_too_long_for_the_pane(self, filename):\n        return None\n",
        "\n".repeat(363)
    );
    h.keys("<C-p>")
        .file_list(common::flask::FLASK, &["long.py"]);
    h.keys("long<ret>").load_file("long.py", &text);
    let outline = h.pane_area(Pane::Outline).expect("an outline pane");
    let t = h.draw();
    let buf = t.backend().buffer();
    let row = (outline.y..outline.bottom())
        .map(|y| row_text(buf, y))
        .find(|r| r.contains("get_send_file"))
        .expect("the method's outline row");
    // The outline's part of the row: up to its right border.
    let cells: String = row
        .chars()
        .skip(outline.x as usize)
        .take(outline.width as usize)
        .collect();
    assert!(
        cells.trim_end_matches('│').trim_end().ends_with(" 365"),
        "{cells:?}"
    );
    assert!(
        cells.contains('…'),
        "the name is cut with a mark: {cells:?}"
    );
}

/// Issue 15, point 17: opening a repository never shows the tree or the
/// source scrolled, at any step of the opening (the overview in, the file
/// in, the clone's progress ticking meanwhile), at any size, whether the
/// explorer opened at once or when the clone finished.
#[test]
fn opening_shows_the_tree_and_the_source_from_their_first_row() {
    use codestudy::app::Action;
    for (w, hh) in [(60, 18), (80, 24), (100, 30), (120, 40), (160, 45)] {
        for after_clone in [false, true] {
            let mut h = common::flask::home_on_flask(w, hh);
            if after_clone {
                h.keys("<ret>");
                assert_eq!(h.effects(), ["StartClone pallets/flask"]);
                h.job(codestudy::app::JobResult::CloneFinished {
                    repo: common::flask::FLASK.into(),
                    result: Ok((
                        codestudy::repo::CloneOutcome::UpToDate {
                            head: git2::Oid::ZERO_SHA1,
                            depth: Depth::Commits(1),
                        },
                        Depth::Commits(1),
                    )),
                });
            } else {
                h.cloned(common::flask::FLASK, Depth::Commits(1));
                h.keys("<ret>");
            }
            let check = |h: &common::harness::Harness, when: &str| {
                let e = h.explorer();
                assert_eq!(e.tree.scroll, 0, "{w}x{hh} {when}: tree");
                assert_eq!(e.source.scroll, 0, "{w}x{hh} {when}: source");
                let screen = h.screen();
                assert!(screen.contains("Key files"), "{w}x{hh} {when}:\n{screen}");
            };
            h.open_repo(common::flask::overview());
            check(&h, "overview in");
            codestudy::app::update(h.state_mut(), Action::Tick);
            check(&h, "a tick");
            h.load_file("src/flask/__init__.py", "from .app import Flask\n");
            check(&h, "file in");
        }
    }
}
