//! Properties checked on generated inputs (proptest): the sanitizer, the
//! outline's nesting, and the progress file's round trip. `PROPTEST_CASES`
//! raises the number of cases (the default here is kept short for
//! `cargo test`; see "Reliability" in the README).

use std::sync::atomic::AtomicBool;

use codestudy::outline::{Lang, Symbol, outline};
use codestudy::sanitize::{is_unsafe, sanitize_line, sanitize_multiline};
use codestudy::study::{Change, NoteTarget, Progress, StepState, Store};
use proptest::prelude::*;

/// Strings rich in what the sanitizer must catch: controls (C0, C1, DEL),
/// escapes with OSC and CSI payloads, bidi overrides, zero-width and tag
/// characters, tabs, wide characters, plus any char at all.
fn hostile_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(|c| c.to_string()),
        Just("\u{1b}]0;title\u{7}".to_string()),
        Just("\u{1b}]52;c;aGk=\u{1b}\\".to_string()),
        Just("\u{1b}]8;;http://x\u{1b}\\link\u{1b}]8;;\u{1b}\\".to_string()),
        Just("\u{1b}[2J".to_string()),
        Just("\u{9b}31m".to_string()),
        Just("\r\u{8}\u{7f}".to_string()),
        Just("\u{202e}\u{2066}\u{200b}\u{feff}\u{e0041}".to_string()),
        Just("\t".to_string()),
        Just("日本".to_string()),
        "[a-z ]{0,8}",
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn sanitized_text_holds_no_unsafe_character_and_is_stable(text in hostile_text()) {
        let once = sanitize_line(&text).into_owned();
        prop_assert!(!once.chars().any(is_unsafe), "{once:?}");
        prop_assert!(!once.contains('\x1b'), "an escape survived");
        let twice = sanitize_line(&once).into_owned();
        prop_assert_eq!(&once, &twice);
        for line in sanitize_multiline(&text) {
            prop_assert!(!line.chars().any(is_unsafe), "{line:?}");
        }
    }
}

/// Python-shaped source: lines of definitions, statements, brackets and
/// noise at random indentation, so that the parser sees both valid nesting
/// and every kind of error recovery.
fn pythonish() -> impl Strategy<Value = String> {
    let stmt = prop_oneof![
        Just("class C(Base):".to_string()),
        Just("def f(a, b=1, *args, **kw) -> int:".to_string()),
        Just("async def g():".to_string()),
        Just("@decorator(1)".to_string()),
        Just("x: int = 1".to_string()),
        Just("A, B = 1, 2".to_string()),
        Just("pass".to_string()),
        Just("return (".to_string()),
        Just(")".to_string()),
        Just("if x:".to_string()),
        Just("else:".to_string()),
        Just("\"\"\"doc".to_string()),
        Just("lambda: [".to_string()),
        Just(String::new()),
        "[ -~]{0,20}",
    ];
    prop::collection::vec((0usize..5, stmt), 0..60).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(indent, s)| format!("{}{s}\n", "    ".repeat(indent)))
            .collect()
    })
}

fn check_nesting(symbols: &[Symbol], parent: Option<&Symbol>) -> Result<(), TestCaseError> {
    let mut last_line = 0;
    for s in symbols {
        prop_assert!(s.line >= 1 && s.line <= s.end_line, "{s:?}");
        prop_assert!(s.line >= last_line, "siblings out of order at {}", s.line);
        last_line = s.line;
        if let Some(p) = parent {
            prop_assert!(
                s.line >= p.line && s.end_line <= p.end_line,
                "{} ({}-{}) outside {} ({}-{})",
                s.name,
                s.line,
                s.end_line,
                p.name,
                p.line,
                p.end_line
            );
        }
        check_nesting(&s.children, Some(s))?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn outline_symbols_are_always_properly_nested(src in pythonish()) {
        let o = outline(Some(Lang::Python), src.as_bytes(), 1 << 20, &AtomicBool::new(false))
            .unwrap();
        check_nesting(&o.symbols, None)?;
    }
}

fn change() -> impl Strategy<Value = Change> {
    let repo = prop_oneof![Just("pallets/flask"), Just("psf/requests"), Just("a/b")]
        .prop_map(str::to_string);
    let state = prop_oneof![
        Just(StepState::Todo),
        Just(StepState::InProgress),
        Just(StepState::Done)
    ];
    let path = prop_oneof![Just(None), "[a-z/._ ]{1,12}".prop_map(Some)];
    prop_oneof![
        (repo.clone(), 1u8..=6, state).prop_map(|(repo, number, state)| Change::SetStep {
            repo,
            number,
            state,
            today: "2026-11-24".into(),
        }),
        (
            repo.clone(),
            "[a-z/]{1,10}",
            "[A-Za-z_.]{1,10}",
            any::<bool>()
        )
            .prop_map(|(repo, path, symbol, read)| Change::MarkRead {
                repo,
                path,
                symbol,
                read,
            }),
        (
            repo,
            path,
            prop::option::of("[A-Za-z_.]{1,8}"),
            hostile_text()
        )
            .prop_map(|(repo, path, symbol, text)| Change::SetNote {
                repo,
                target: NoteTarget {
                    symbol: path.as_ref().and(symbol),
                    path,
                },
                text,
                now: "2026-11-24 10:00".into(),
            }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Whatever was recorded, notes with any characters included, the
    /// progress file gives it back exactly.
    #[test]
    fn progress_round_trips_through_the_file(changes in prop::collection::vec(change(), 0..30)) {
        let mut expected = Progress::default();
        for c in &changes {
            expected.apply(c);
        }
        let text = toml::to_string_pretty(&expected).unwrap();
        let back: Progress = toml::from_str(&text).unwrap();
        prop_assert_eq!(&back, &expected);

        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path());
        let saved = store.apply(&changes).unwrap();
        prop_assert_eq!(&saved, &expected);
        prop_assert_eq!(&store.load().unwrap(), &expected);
    }
}
