use super::*;

fn lines(text: &str) -> Vec<String> {
    text.split('\n').map(String::from).collect()
}

fn place(line: usize) -> Place {
    Place {
        path: RepoPath::parse("a.py").unwrap(),
        line,
        col: 0,
    }
}

#[test]
fn words_forward_stop_at_words_punctuation_and_empty_lines() {
    let ls = lines("def foo(bar):\n\n    return 1");
    assert_eq!(word_next(&ls, 0, 0), (0, 4)); // foo
    assert_eq!(word_next(&ls, 0, 4), (0, 7)); // (
    assert_eq!(word_next(&ls, 0, 7), (0, 8)); // bar
    assert_eq!(word_next(&ls, 0, 8), (0, 11)); // ):
    assert_eq!(word_next(&ls, 0, 11), (1, 0), "an empty line stops");
    assert_eq!(word_next(&ls, 1, 0), (2, 4), "the first word below");
    assert_eq!(word_next(&ls, 2, 11), (2, 11), "the last word stays");
}

#[test]
fn words_backward_go_to_word_starts_across_lines() {
    let ls = lines("def foo(bar):\n    return 1");
    assert_eq!(word_prev(&ls, 0, 6), (0, 4), "inside foo: its start");
    assert_eq!(word_prev(&ls, 0, 4), (0, 0));
    assert_eq!(word_prev(&ls, 1, 4), (0, 11), "to the line above");
    assert_eq!(word_prev(&ls, 0, 0), (0, 0));
}

#[test]
fn the_word_under_the_cursor() {
    assert_eq!(word_at("x = app_context()", 6), Some((4, 15)));
    assert_eq!(word_at("x = app_context()", 2), None);
    assert_eq!(
        word_at("héllo wörld", 8),
        Some((6, 11)),
        "columns are characters"
    );
}

#[test]
fn paragraphs_are_separated_by_blank_lines() {
    let ls = lines("a\nb\n\n\nc\nd\n  \ne");
    assert_eq!(paragraph_next(&ls, 0), 2);
    assert_eq!(paragraph_next(&ls, 2), 6, "over blanks, then to the next");
    assert_eq!(paragraph_next(&ls, 6), 7, "the last line at the end");
    assert_eq!(paragraph_prev(&ls, 7), 6);
    assert_eq!(paragraph_prev(&ls, 5), 3);
    assert_eq!(paragraph_prev(&ls, 1), 0);
}

#[test]
fn brackets_match_across_lines_and_nesting() {
    let ls = lines("f(a, [b,\n  (c)],\n d)");
    assert_eq!(matching_bracket(&ls, 0, 0), Some((2, 2)), "from ( at 1");
    assert_eq!(matching_bracket(&ls, 2, 2), Some((0, 1)), "and back");
    assert_eq!(
        matching_bracket(&ls, 0, 3),
        Some((1, 5)),
        "the [ after the cursor"
    );
    assert_eq!(matching_bracket(&ls, 1, 2), Some((1, 4)));
    assert_eq!(matching_bracket(&lines("f(("), 0, 0), None, "unbalanced");
    assert_eq!(matching_bracket(&lines("abc"), 0, 0), None);
}

#[test]
fn the_jump_list_goes_back_and_forward() {
    let mut j = JumpList::default();
    assert_eq!(j.back(place(0)), None, "nothing recorded");
    j.record(place(1));
    j.record(place(2));
    // At line 9 now: back to 2, then 1, then no further.
    assert_eq!(j.back(place(9)), Some(place(2)));
    assert_eq!(j.back(place(2)), Some(place(1)));
    assert_eq!(j.back(place(1)), None);
    assert_eq!(j.forward(), Some(place(2)));
    assert_eq!(j.forward(), Some(place(9)), "where the first Ctrl-o left");
    assert_eq!(j.forward(), None);
    // A jump from an older place forgets those ahead of it.
    j.back(place(9));
    j.record(place(2));
    assert_eq!(j.forward(), None);
    assert_eq!(j.len(), 2);
}

#[test]
fn the_jump_list_is_bounded() {
    let mut j = JumpList::default();
    for i in 0..JUMPS_KEPT + 50 {
        j.record(place(i));
    }
    assert_eq!(j.len(), JUMPS_KEPT);
    let mut back = 0;
    let mut here = place(10_000);
    while let Some(p) = j.back(here.clone()) {
        here = p;
        back += 1;
    }
    assert_eq!(here, place(50), "the oldest kept");
    assert_eq!(back, JUMPS_KEPT);
}

#[test]
fn columns_and_bytes() {
    assert_eq!(byte_of("héllo", 2), 3);
    assert_eq!(byte_of("ab", 5), 2);
    assert_eq!(col_of("héllo", 3), 2);
    assert_eq!(effective_col("abc", usize::MAX), 2);
    assert_eq!(effective_col("", 4), 0);
}

#[test]
fn an_unbalanced_bracket_search_gives_up() {
    let ls = vec!["(".repeat(BRACKET_SCAN + 10)];
    assert_eq!(matching_bracket(&ls, 0, 0), None);
}
