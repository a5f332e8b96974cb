use super::*;

fn lines(text: &str) -> Vec<String> {
    text.split('\n').map(String::from).collect()
}

#[test]
fn smart_case_ignores_case_until_a_capital_is_typed() {
    let ls = lines("Flask\nflask\nFLASK");
    let s = Search::new("flask", compile("flask").unwrap(), &ls);
    assert_eq!(s.hits.len(), 3);
    let s = Search::new("Flask", compile("Flask").unwrap(), &ls);
    assert_eq!(s.hits.len(), 1);
    // An escape's capital asks for no case.
    let s = Search::new(r"\Sask", compile(r"\Sask").unwrap(), &ls);
    assert_eq!(s.hits.len(), 3);
}

#[test]
fn an_invalid_regex_says_where() {
    let err = compile("def (foo").unwrap_err();
    assert!(err.starts_with("invalid regex at column 5:"), "{err}");
    assert!(err.contains("unclosed group"), "{err}");
    let err = compile("a{99999}{99999}").unwrap_err();
    assert!(
        err.contains("too large") || err.contains("invalid"),
        "{err}"
    );
}

#[test]
fn a_pathological_pattern_is_refused_by_the_size_limit() {
    let err = compile(r"\w{1000}\w{1000}\w{1000}").unwrap_err();
    assert!(err.contains("too large once compiled"), "{err}");
}

#[test]
fn next_and_previous_wrap() {
    let ls = lines("a x a\nb\na");
    let s = Search::new("a", compile("a").unwrap(), &ls);
    assert_eq!(s.hits.len(), 3);
    assert_eq!(s.next_from(0, 0, false), Some((1, false)));
    assert_eq!(s.next_from(2, 0, false), Some((0, true)));
    assert_eq!(s.next_from(0, 0, true), Some((2, true)));
    assert_eq!(s.next_from(1, 0, true), Some((1, false)));
    assert_eq!(s.on_line(0).len(), 2);
    assert_eq!(s.on_line(1).len(), 0);
}

#[test]
fn matches_are_capped() {
    let ls = vec!["a".repeat(MAX_MATCHES + 5)];
    let s = Search::new("a", compile("a").unwrap(), &ls);
    assert!(s.capped);
    assert_eq!(s.hits.len(), MAX_MATCHES);
    assert_eq!(s.count(), format!("{MAX_MATCHES}+"));
}

#[test]
fn filters_are_smart_case_substrings() {
    assert!(filter_keeps("app", "App.py"));
    assert!(!filter_keeps("App", "app.py"));
    assert!(filter_keeps("", "x"));
}
