//! The home screen rendered into ratatui's TestBackend: text snapshots
//! (insta) plus checks of the styles and safety snapshots cannot see.

use codestudy::app::{Action, HomeTab, State, update};
use codestudy::catalog::Catalog;
use codestudy::sanitize::is_unsafe;
use codestudy::ui;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::style::Color;

fn draw(state: &State) -> Terminal<TestBackend> {
    let v = state.viewport;
    let mut terminal = Terminal::new(TestBackend::new(v.width, v.height)).unwrap();
    terminal.draw(|f| ui::render(state, f)).unwrap();
    terminal
}

fn home(w: u16, h: u16) -> State {
    State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, w, h))
}

/// The text of one screen row as a person sees it: the cell that a wide
/// character covers is skipped.
fn row_text(t: &Terminal<TestBackend>, y: u16) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
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
    out
}

#[test]
fn home_120x40() {
    insta::assert_snapshot!(draw(&home(120, 40)).backend());
}

#[test]
fn home_80x24() {
    insta::assert_snapshot!(draw(&home(80, 24)).backend());
}

#[test]
fn home_80x24_scrolled_to_the_last_row() {
    let mut s = home(80, 24);
    update(&mut s, Action::Last);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn help_overlay() {
    let mut s = home(80, 24);
    update(&mut s, Action::ToggleHelp);
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn study_guide_tab() {
    let mut s = home(120, 40);
    update(&mut s, Action::ShowTab(HomeTab::Guide));
    insta::assert_snapshot!(draw(&s).backend());
}

#[test]
fn too_small() {
    insta::assert_snapshot!(draw(&home(40, 10)).backend());
}

/// Where the help box is drawn: its top-left corner and its size, found
/// on the screen by its title.
fn help_box(t: &Terminal<TestBackend>) -> Option<Rect> {
    let buf = t.backend().buffer();
    let area = buf.area;
    let (x, y) = (0..area.height).find_map(|y| {
        (0..area.width.saturating_sub(1)).find_map(|x| {
            let title: String = (x..area.width.min(x + 13))
                .map(|x| buf[(x, y)].symbol())
                .collect();
            (title == "┌ Keys: home ").then_some((x, y))
        })
    })?;
    let right = (x + 1..area.width).find(|&r| buf[(r, y)].symbol() == "┐")?;
    let bottom = (y + 1..area.height).find(|&b| buf[(x, b)].symbol() == "└")?;
    Some(Rect::new(x, y, right - x + 1, bottom - y + 1))
}

#[test]
fn any_size_shows_the_help_whole_or_says_the_terminal_is_too_small() {
    use codestudy::app::keymap::help_for;
    use codestudy::app::layout::{MIN_HEIGHT, MIN_WIDTH};
    let too_small = format!("terminal too small (need {MIN_WIDTH}x{MIN_HEIGHT})");
    let mut s = home(1, 1);
    update(&mut s, Action::ToggleHelp);
    let help = help_for(codestudy::app::Mode::Home);
    for w in [0, 1, 2, 10, 59, 60, 61, 79, 80, 200] {
        for h in [0, 1, 2, 5, 17, 18, 19, 24, 60] {
            s.viewport = Rect::new(0, 0, w, h);
            let t = draw(&s);
            let screen: Vec<String> = (0..h).map(|y| row_text(&t, y)).collect();
            let all = screen.join("\n");
            if w < MIN_WIDTH || h < MIN_HEIGHT {
                // Nothing is drawn but the notice, which names the size
                // needed wherever it fits.
                assert!(help_box(&t).is_none(), "{w}x{h}:\n{all}");
                if w as usize >= too_small.len() && h >= 2 {
                    assert!(all.contains(&too_small), "{w}x{h}:\n{all}");
                    assert!(all.contains(&format!("now {w}x{h}")), "{w}x{h}:\n{all}");
                }
                continue;
            }
            // The box is on the screen whole, centred, with its borders
            // closed, and shows the first lines of the help in order.
            let b = help_box(&t).unwrap_or_else(|| panic!("{w}x{h}: no help box\n{all}"));
            assert!(b.right() <= w && b.bottom() <= h, "{w}x{h}: {b:?}");
            assert!(
                b.x.abs_diff(w - b.right()) <= 1,
                "{w}x{h}: not centred: {b:?}"
            );
            assert!(
                b.y.abs_diff(h - b.bottom()) <= 1,
                "{w}x{h}: not centred: {b:?}"
            );
            let buf = t.backend().buffer();
            assert_eq!(buf[(b.right() - 1, b.bottom() - 1)].symbol(), "┘");
            for y in b.y + 1..b.bottom() - 1 {
                assert_eq!(buf[(b.x, y)].symbol(), "│", "{w}x{h} row {y}:\n{all}");
                assert_eq!(
                    buf[(b.right() - 1, y)].symbol(),
                    "│",
                    "{w}x{h} row {y}:\n{all}"
                );
            }
            let shown = (b.height - 2) as usize;
            let row_of = |i: usize| -> String {
                (b.x + 1..b.right() - 1)
                    .map(|x| buf[(x, b.y + 1 + i as u16)].symbol())
                    .collect()
            };
            // Too tall for the terminal and wide enough: two columns with
            // every line, the second column going on from the first.
            let two = help.len() > shown && row_of(0).contains(help[shown].keys);
            if two {
                assert_eq!(shown, help.len().div_ceil(2), "{w}x{h}");
            } else {
                assert_eq!(shown, help.len().min(h as usize - 2), "{w}x{h}");
            }
            for (i, line) in help.iter().enumerate() {
                if !two && i >= shown {
                    break;
                }
                let row = row_of(i % shown);
                assert!(
                    row.contains(line.keys),
                    "{w}x{h}: {:?} not in {row:?}",
                    line.keys
                );
            }
        }
    }
}

#[test]
fn selected_row_is_highlighted_and_recommended_rows_are_green() {
    let mut s = home(120, 40);
    update(&mut s, Action::Down); // flask
    let t = draw(&s);
    let buf = t.backend().buffer();
    let flask_y = (0..40)
        .find(|&y| row_text(&t, y).contains("▶ pallets/flask"))
        .unwrap();
    assert_eq!(
        buf[(3, flask_y)].bg,
        Color::Blue,
        "selected row has the highlight"
    );
    let req_y = (0..40)
        .find(|&y| row_text(&t, y).contains("psf/requests (start here)"))
        .unwrap();
    assert_eq!(
        buf[(3, req_y)].fg,
        Color::Green,
        "recommended and not selected: green"
    );
    let django_y = (0..40)
        .find(|&y| row_text(&t, y).contains("django/django "))
        .unwrap();
    assert_eq!(buf[(3, django_y)].bg, Color::Reset);
}

#[test]
fn details_list_every_key_file_one_per_line() {
    let mut s = home(120, 40);
    update(&mut s, Action::Last); // pytorch
    let t = draw(&s);
    let screen: Vec<String> = (0..40).map(|y| row_text(&t, y)).collect();
    for key in ["torch/nn/modules", "torch/optim", "torch/distributed"] {
        let lines = screen.iter().filter(|l| l.contains(key)).count();
        assert!(lines >= 1, "{key} shown");
    }
    assert!(
        screen
            .iter()
            .any(|l| l.contains("Key files      torch/nn/modules"))
    );
    assert!(screen.iter().any(|l| {
        l.trim_start_matches('│')
            .trim_start()
            .starts_with("torch/optim")
    }));
}

#[test]
fn long_cells_are_cut_with_an_ellipsis_and_never_spill() {
    let s = home(80, 24);
    let t = draw(&s);
    let buf = t.backend().buffer();
    // Every row inside the tables box and the details box keeps both
    // borders, whatever its content.
    let l = codestudy::app::layout::home(s.viewport, &s.catalog);
    let inside = |r: ratatui::layout::Rect| (r.y + 1)..(r.bottom() - 1);
    for y in inside(l.tables).chain(inside(l.details)) {
        let line = row_text(&t, y);
        assert_eq!(codestudy::text::width(&line), 80, "row {y}: {line}");
        assert_eq!(buf[(0, y)].symbol(), "│", "row {y}: {line}");
        assert_eq!(buf[(79, y)].symbol(), "│", "row {y}: {line}");
    }
    assert!(
        row_text(&t, 6).contains("ORM design, mid") && row_text(&t, 6).contains('…'),
        "{}",
        row_text(&t, 6)
    );
}

#[test]
fn hostile_catalog_text_never_reaches_a_cell() {
    let src = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/catalog/valid/minimal.toml"
    ))
    .unwrap()
    .replace(
        "Micro web framework",
        "evil \\u001b]52;c;ZXZpbA==\\u0007 \\u001b[2J bare\\rcr \\u202e \\u200b\\tz \\u009b",
    )
    .replace("A catalog of one's own.", "intro \\u001b]0;title\\u0007");
    let catalog = Catalog::parse(&src, "hostile.toml").unwrap();
    for tab in [HomeTab::Repositories, HomeTab::Guide] {
        let mut s = State::new(catalog.clone(), Rect::new(0, 0, 120, 40));
        update(&mut s, Action::ShowTab(tab));
        let t = draw(&s);
        let buf = t.backend().buffer();
        for cell in buf.content() {
            assert!(
                !cell.symbol().chars().any(is_unsafe),
                "unsafe character in cell: {:?}",
                cell.symbol()
            );
        }
    }
    let t = draw(&State::new(catalog, Rect::new(0, 0, 120, 40)));
    let screen: String = (0..40).map(|y| row_text(&t, y)).collect();
    assert!(
        screen.contains("evil ␛]52;c;ZXZpbA==␇"),
        "stand-ins are visible"
    );
}
