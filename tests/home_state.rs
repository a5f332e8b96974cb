//! Key sequences driven through `update`, asserting on state: no terminal.

use codestudy::app::{Action, HomeTab, Overlay, State, update};
use codestudy::catalog::Catalog;
use ratatui::layout::Rect;

fn state(w: u16, h: u16) -> State {
    State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, w, h))
}

fn selected_id(s: &State) -> String {
    s.home.selected_repo(&s.catalog).unwrap().id.clone()
}

fn run(s: &mut State, actions: &[Action]) {
    for a in actions {
        update(s, *a);
    }
}

#[test]
fn selection_moves_across_category_boundaries() {
    let mut s = state(120, 40);
    assert_eq!(selected_id(&s), "django/django");
    run(&mut s, &[Action::Down; 4]);
    assert_eq!(
        selected_id(&s),
        "psf/requests",
        "down from the last web row enters utilities"
    );
    update(&mut s, Action::Up);
    assert_eq!(selected_id(&s), "fastapi/fastapi", "and back up");
    run(&mut s, &[Action::Down; 5]);
    assert_eq!(selected_id(&s), "tensorflow/tensorflow");
}

#[test]
fn selection_stops_at_both_ends() {
    let mut s = state(120, 40);
    update(&mut s, Action::Up);
    assert_eq!(selected_id(&s), "django/django");
    update(&mut s, Action::Last);
    assert_eq!(selected_id(&s), "pytorch/pytorch");
    update(&mut s, Action::Down);
    assert_eq!(selected_id(&s), "pytorch/pytorch");
    update(&mut s, Action::First);
    assert_eq!(selected_id(&s), "django/django");
}

#[test]
fn category_jumps() {
    let mut s = state(120, 40);
    update(&mut s, Action::Down);
    update(&mut s, Action::NextCategory);
    assert_eq!(selected_id(&s), "psf/requests");
    update(&mut s, Action::NextCategory);
    assert_eq!(selected_id(&s), "tensorflow/tensorflow");
    update(&mut s, Action::NextCategory);
    assert_eq!(
        selected_id(&s),
        "pytorch/pytorch",
        "past the last category: last row"
    );
    update(&mut s, Action::PrevCategory);
    assert_eq!(
        selected_id(&s),
        "tensorflow/tensorflow",
        "first: start of this category"
    );
    update(&mut s, Action::PrevCategory);
    assert_eq!(
        selected_id(&s),
        "psf/requests",
        "already at the start: previous category"
    );
}

#[test]
fn pages_move_by_the_visible_rows_and_scroll_follows() {
    let mut s = state(80, 24);
    update(&mut s, Action::PageDown);
    let after_one_page = s.home.selected;
    assert!(after_one_page > 1, "a page is more than one row");
    update(&mut s, Action::Last);
    // 80x24 cannot show all 20 table lines; the last row must be in view.
    assert!(s.home.table_scroll > 0);
    update(&mut s, Action::PageUp);
    assert_eq!(s.home.selected, 11 - after_one_page);
    update(&mut s, Action::First);
    assert_eq!(s.home.table_scroll, 0, "first row shows its heading again");
}

#[test]
fn first_row_of_a_category_brings_its_heading_into_view() {
    let mut s = state(80, 24);
    update(&mut s, Action::Last);
    update(&mut s, Action::PrevCategory); // tensorflow, first ML row
    use codestudy::app::home::TableLine;
    let lines = s.home.table_lines(&s.catalog);
    let heading = lines
        .iter()
        .position(|l| *l == TableLine::Heading(2))
        .unwrap();
    let height = codestudy::app::layout::home(s.viewport, &s.catalog)
        .tables_inner
        .height as usize;
    assert!(
        (s.home.table_scroll..s.home.table_scroll + height).contains(&heading),
        "heading at line {heading} not within scroll {} + {height}",
        s.home.table_scroll
    );
    // From the top, jumping down to it scrolls just enough to show it too.
    update(&mut s, Action::First);
    update(&mut s, Action::NextCategory);
    update(&mut s, Action::NextCategory);
    assert_eq!(selected_id(&s), "tensorflow/tensorflow");
    assert!(s.home.table_scroll <= heading);
}

#[test]
fn mouse_click_selects_the_row_under_it_and_wheel_moves() {
    let mut s = state(120, 40);
    // At 120x40: header 3 rows, tab bar, table border; the first table's
    // heading is row 5, its column titles row 6, django row 7; a blank at
    // 11, then the utilities heading at 12, titles 13, requests 14.
    update(&mut s, Action::Click { column: 10, row: 8 });
    assert_eq!(selected_id(&s), "pallets/flask");
    update(
        &mut s,
        Action::Click {
            column: 10,
            row: 15,
        },
    );
    assert_eq!(selected_id(&s), "celery/celery");
    update(
        &mut s,
        Action::Click {
            column: 10,
            row: 12,
        },
    ); // a heading: no change
    assert_eq!(selected_id(&s), "celery/celery");
    update(
        &mut s,
        Action::Click {
            column: 10,
            row: 30,
        },
    ); // details pane: no change
    assert_eq!(selected_id(&s), "celery/celery");
    update(
        &mut s,
        Action::ScrollDown {
            column: 10,
            row: 14,
        },
    );
    assert_eq!(selected_id(&s), "pandas-dev/pandas");
    update(
        &mut s,
        Action::ScrollUp {
            column: 10,
            row: 14,
        },
    );
    assert_eq!(selected_id(&s), "celery/celery");
}

#[test]
fn tabs_by_key_and_by_click() {
    let mut s = state(120, 40);
    update(&mut s, Action::NextTab);
    assert_eq!(s.home.tab, HomeTab::Guide);
    // Movement keys scroll the guide there and leave the selection alone.
    update(&mut s, Action::Down);
    assert_eq!(selected_id(&s), "django/django");
    update(&mut s, Action::ShowTab(HomeTab::Repositories));
    assert_eq!(s.home.tab, HomeTab::Repositories);
    update(&mut s, Action::Click { column: 20, row: 3 });
    assert_eq!(s.home.tab, HomeTab::Guide);
}

#[test]
fn guide_scroll_is_clamped_to_its_content() {
    let mut s = state(80, 24);
    update(&mut s, Action::ShowTab(HomeTab::Guide));
    for _ in 0..100 {
        update(&mut s, Action::Down);
    }
    let bottom = s.home.guide_scroll;
    assert!(bottom > 0 && bottom < 30, "{bottom}");
    update(&mut s, Action::Up);
    assert_eq!(
        s.home.guide_scroll,
        bottom - 1,
        "one key back up, not a hundred"
    );
    update(&mut s, Action::Last);
    assert_eq!(s.home.guide_scroll, bottom);
    update(&mut s, Action::First);
    assert_eq!(s.home.guide_scroll, 0);
}

#[test]
fn sort_by_stars_keeps_the_selection() {
    let mut s = state(120, 40);
    run(&mut s, &[Action::Down; 9]); // scikit-learn
    assert_eq!(selected_id(&s), "scikit-learn/scikit-learn");
    update(&mut s, Action::ToggleSort);
    assert_eq!(selected_id(&s), "scikit-learn/scikit-learn");
    update(&mut s, Action::First);
    update(&mut s, Action::NextCategory);
    update(&mut s, Action::NextCategory);
    assert_eq!(selected_id(&s), "tensorflow/tensorflow");
    update(&mut s, Action::Down);
    assert_eq!(
        selected_id(&s),
        "huggingface/transformers",
        "120k after 180k"
    );
}

#[test]
fn help_opens_closes_and_esc_quits_only_without_it() {
    let mut s = state(120, 40);
    update(&mut s, Action::ToggleHelp);
    assert_eq!(s.overlay, Some(Overlay::Help));
    update(&mut s, Action::Back);
    assert_eq!(s.overlay, None);
    assert!(!s.should_quit);
    update(&mut s, Action::ToggleHelp);
    update(&mut s, Action::Down); // any key closes the help, and does nothing else
    assert_eq!(s.overlay, None);
    assert_eq!(selected_id(&s), "django/django");
    update(&mut s, Action::Back);
    assert!(s.should_quit);
}

#[test]
fn q_quits_even_with_help_open() {
    let mut s = state(120, 40);
    update(&mut s, Action::ToggleHelp);
    update(&mut s, Action::Quit);
    assert!(s.should_quit);
}

#[test]
fn resizing_to_nothing_and_back_keeps_a_valid_state() {
    let mut s = state(120, 40);
    update(&mut s, Action::Last);
    for (w, h) in [(1, 1), (0, 0), (59, 17), (60, 18), (80, 24), (300, 90)] {
        update(
            &mut s,
            Action::Resize {
                width: w,
                height: h,
            },
        );
        update(&mut s, Action::Up);
        update(&mut s, Action::Click { column: 0, row: 0 });
    }
    // Six steps up from the last row, the clicks at (0, 0) hit nothing.
    assert_eq!(selected_id(&s), "celery/celery");
}
