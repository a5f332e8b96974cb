//! Inputs whose size once cost the interface or a command its
//! responsiveness: a 10 MB commit message and a 1 MB author name in step 6,
//! a README over the size shown and one with a 400 KB word in step 1, C
//! nested 60,000 deep, `outline` on a FIFO, a device and a 2 GiB sparse
//! file, and a catalog of 20,000 repositories. Each asserts what is shown;
//! a quadratic path would make the test hang rather than fail an assert
//! (the timings are in the README's Reliability table).

mod common;

use std::sync::atomic::AtomicBool;

use assert_cmd::Command;
use codestudy::app::Mode;
use codestudy::catalog::Catalog;
use codestudy::outline::{Lang, Symbol, outline};
use codestudy::repo::{Depth, Snapshot};
use codestudy::study::StepKind;
use codestudy::study::views::{Target, View};
use common::flask::{FLASK, home_on_flask, open_history};
use common::git::Fixture;

/// A bare repository with a README and, on top, one commit by `author`
/// with `message`.
fn repo_with_commit(dir: &std::path::Path, author: &str, message: &str) -> Snapshot {
    let mut f = Fixture::create(dir);
    f.file("README.md", "# m\n").commit("base");
    f.file("README.md", "# m2\n");
    f.commit_as(author, "a@example.com", message);
    Snapshot::open(dir).unwrap()
}

fn flask() -> codestudy::catalog::Repo {
    Catalog::embedded()
        .unwrap()
        .find_repo("flask")
        .unwrap()
        .clone()
}

#[test]
fn a_ten_megabyte_one_line_message_and_a_megabyte_author_open_in_step_6_cut_and_marked() {
    let tmp = tempfile::tempdir().unwrap();
    let author = "N".repeat(1 << 20);
    let message = "x".repeat(10 << 20);
    let snap = repo_with_commit(tmp.path(), &author, &message);
    let history = codestudy::jobs::step_view(&snap, &flask(), StepKind::History, None, None);
    let View::List(page) = &history else {
        panic!("{history:?}")
    };
    // The history entry keeps a line's worth of the summary and author.
    assert!(
        page.items[0].text.len() < 2048,
        "{}",
        page.items[0].text.len()
    );
    assert!(page.items[0].detail.len() < 2048);
    let Some(Target::Commit { id }) = page.items[0].target.clone() else {
        panic!("{:?}", page.items[0])
    };
    let commit =
        codestudy::jobs::open_target(&snap, FLASK, &Target::Commit { id: id.clone() }).unwrap();
    let View::List(list) = &commit else {
        panic!("{commit:?}")
    };
    let kept: usize = list.intro.iter().map(String::len).sum();
    assert!(kept < 70 * 1024, "{kept} bytes of intro kept");

    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Full, page.clone());
    assert!(
        h.screen().contains("History: pallets/flask"),
        "{}",
        h.screen()
    );
    h.keys("<ret>");
    h.open_target(&Target::Commit { id }, commit.clone());
    assert_eq!(h.mode(), Mode::List);
    let screen = h.screen();
    assert!(screen.contains("Commit "), "{screen}");
    assert!(
        screen.contains("… (message cut at 64 KiB of 10.0 MiB)"),
        "{screen}"
    );
    assert!(
        screen.contains("NNNN"),
        "the author line is drawn: {screen}"
    );
    assert!(screen.contains("xxxx"), "the message is drawn: {screen}");
    // Keys and a resize draw it again; Esc goes back to the history.
    h.keys("jkjk").resize(80, 24);
    assert!(h.screen().contains("message cut at"), "{}", h.screen());
    h.keys("<esc>");
    assert!(
        h.screen().contains("History: pallets/flask"),
        "{}",
        h.screen()
    );
}

#[test]
fn a_long_multi_line_message_is_cut_at_its_size_or_its_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let big = "a line of the message\n".repeat(500_000);
    let snap = repo_with_commit(tmp.path(), "A", &big);
    let head = snap.head_commit().unwrap().id.to_string();
    let View::List(list) =
        codestudy::jobs::open_target(&snap, FLASK, &Target::Commit { id: head }).unwrap()
    else {
        panic!()
    };
    assert_eq!(list.intro[1], "… (message cut at 64 KiB of 10.5 MiB)");

    let tmp = tempfile::tempdir().unwrap();
    let many = format!("\n{}", "l\n".repeat(3000));
    let snap = repo_with_commit(tmp.path(), "A", &format!("s{many}"));
    let head = snap.head_commit().unwrap().id.to_string();
    let View::List(list) =
        codestudy::jobs::open_target(&snap, FLASK, &Target::Commit { id: head }).unwrap()
    else {
        panic!()
    };
    assert!(
        list.intro[1].starts_with("… (message cut at 2000 of "),
        "{:?}",
        list.intro[1]
    );
    assert!(list.intro.len() <= 2003, "{}", list.intro.len());
}

/// Step 1's document for a repository whose README.md is `readme`, shown
/// in the harness.
fn step_1_with_readme(readme: &[u8]) -> common::harness::Harness {
    let tmp = tempfile::tempdir().unwrap();
    let mut f = Fixture::create(tmp.path());
    f.file("README.md", readme).commit("m");
    let snap = Snapshot::open(tmp.path()).unwrap();
    let view = codestudy::jobs::step_view(&snap, &flask(), StepKind::Documentation, None, None);
    let mut h = home_on_flask(120, 40);
    h.cloned(FLASK, Depth::Full);
    h.keys("s<ret>");
    assert_eq!(h.effects(), ["OpenStepView pallets/flask Documentation"]);
    h.step_view(FLASK, StepKind::Documentation, view);
    assert_eq!(h.mode(), Mode::Document);
    h
}

#[test]
fn a_readme_over_512_kib_is_shown_cut_with_a_note_not_called_missing() {
    let mut readme = b"# Big readme\n\n".to_vec();
    for _ in 0..6500 {
        readme.extend_from_slice(&b"word ".repeat(20));
        readme.push(b'\n');
    }
    assert_eq!(readme.len(), 656_514, "642 KiB");
    let mut h = step_1_with_readme(&readme);
    let screen = h.screen();
    assert!(!screen.contains("no README"), "{screen}");
    assert!(
        screen.contains("README.md is 642 KiB; showing the first 512 KiB."),
        "{screen}"
    );
    assert!(screen.contains("# Big readme"), "{screen}");
    // The end is reachable and is a whole line of words.
    h.keys("G");
    assert!(h.screen().contains("word word"), "{}", h.screen());
}

#[test]
fn a_400_kb_word_in_a_readme_wraps_and_scrolls() {
    let mut readme = b"# Long word\n\n".to_vec();
    readme.extend(std::iter::repeat_n(b'w', 400_000));
    readme.extend_from_slice(b"\n\nThe end.\n");
    let mut h = step_1_with_readme(&readme);
    assert!(h.screen().contains("# Long word"), "{}", h.screen());
    assert!(h.screen().contains("wwwwwwww"), "{}", h.screen());
    for _ in 0..20 {
        h.keys("<pgdn>");
    }
    h.keys("G");
    assert!(h.screen().contains("The end."), "{}", h.screen());
    h.resize(80, 24).keys("G");
    assert!(h.screen().contains("The end."), "{}", h.screen());
}

fn max_depth(symbols: &[Symbol]) -> usize {
    let mut deepest = 0;
    let mut stack: Vec<(usize, &Symbol)> = symbols.iter().map(|s| (1, s)).collect();
    while let Some((d, s)) = stack.pop() {
        deepest = deepest.max(d);
        stack.extend(s.children.iter().map(|c| (d + 1, c)));
    }
    deepest
}

#[test]
fn c_nested_sixty_thousand_deep_is_outlined_with_the_depth_cap() {
    let n = 60_000;
    let mut src = String::from("struct s0 {");
    for i in 1..n {
        src.push_str(&format!("struct s{i} {{"));
    }
    src.push_str("int x;");
    src.push_str(&"};".repeat(n));
    src.push('\n');
    let o = outline(
        Some(Lang::C),
        src.as_bytes(),
        usize::MAX,
        &AtomicBool::new(false),
    )
    .unwrap();
    let all = o.flatten();
    assert_eq!(all.len(), n, "every struct is in the outline");
    assert_eq!(max_depth(&o.symbols), 64);
    // Columns are characters on the one line: s{i} starts after i
    // `struct sK {` openers.
    let col_of = |name: &str| all.iter().find(|(_, s)| s.name == name).unwrap().1.column;
    assert_eq!(col_of("s0"), 1);
    let before: usize = (0..59_999).map(|i| format!("struct s{i} {{").len()).sum();
    assert_eq!(col_of("s59999") as usize, before + 1);
}

#[test]
fn columns_count_characters_after_multibyte_text_on_the_line() {
    let src = "/* ééé */ struct a { int x; }; /* 🐍 */ struct b { int y; };\nstruct c {};\n";
    let o = outline(
        Some(Lang::C),
        src.as_bytes(),
        usize::MAX,
        &AtomicBool::new(false),
    )
    .unwrap();
    let cols: Vec<(String, u32, u32)> = o
        .flatten()
        .into_iter()
        .map(|(_, s)| (s.name.clone(), s.line, s.column))
        .collect();
    assert_eq!(
        cols,
        [
            ("a".to_string(), 1, 11),
            ("b".to_string(), 1, 40),
            ("c".to_string(), 2, 1)
        ]
    );
    let py = "x = 'é'\nclass K:\n    def é(self): pass\n";
    let o = outline(
        Some(Lang::Python),
        py.as_bytes(),
        usize::MAX,
        &AtomicBool::new(false),
    )
    .unwrap();
    let k = &o.symbols.iter().find(|s| s.name == "K").unwrap();
    assert_eq!((k.line, k.column), (2, 1));
    assert_eq!((k.children[0].line, k.children[0].column), (3, 5));
}

fn codestudy() -> Command {
    let mut cmd = Command::cargo_bin("codestudy").unwrap();
    for var in [
        "CODESTUDY_CATALOG",
        "CODESTUDY_CACHE_DIR",
        "CODESTUDY_DATA_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CODESTUDY_CONFIG", "/dev/null");
    cmd.timeout(std::time::Duration::from_secs(120));
    cmd
}

#[test]
fn outline_refuses_a_fifo_and_a_device_by_type_without_blocking() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("fifo.py");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Opening the FIFO would block with no writer: the timeout would fail
    // the test.
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("cache"))
        .args(["outline", fifo.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("is a named pipe (FIFO); outline takes a regular file"),
        "{err}"
    );
    assert!(!err.contains("directory"), "{err}");
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("cache"))
        .args(["outline", "/dev/zero"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("/dev/zero is a character device; outline takes a regular file"),
        "{err}"
    );
}

#[test]
fn outline_of_a_2_gib_sparse_file_says_too_large_without_reading_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("sparse.py");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("cache"))
        .args(["outline", path.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("sparse.py: too large to outline (2147483648 bytes; the cap is 2097152)"),
        "{text}"
    );
    // A file at the cap is still outlined.
    let at_cap = tmp.path().join("at_cap.py");
    let mut src = b"def f(): pass\n".to_vec();
    src.resize(2 * 1024 * 1024, b'\n');
    std::fs::write(&at_cap, &src).unwrap();
    let out = codestudy()
        .args(["outline", at_cap.to_str().unwrap()])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("function f()  L1"), "{text}");
}

/// A catalog of `n` repositories in one category, the format of
/// `tests/fixtures/catalog`.
fn catalog_source(n: usize, duplicate_last: bool) -> String {
    let mut s = String::from(
        "title = \"t\"\nintro = \"i\"\ntip = \"t\"\n[[categories]]\nid = \"c\"\ntitle = \"C\"\nicon = \"C\"\n",
    );
    for i in 0..n {
        let id = if duplicate_last && i == n - 1 {
            "o0/n0".to_string()
        } else {
            format!("o{i}/n{i}")
        };
        s.push_str(&format!(
            "[[repos]]\nid = \"{id}\"\ncategory = \"c\"\nurl = \"https://example.com/{i}\"\nstars = \"1\"\nstars_count = 1\nfocus = \"f\"\nlearn = [\"l\"]\nkey_files = [\"README.md\"]\n"
        ));
    }
    s.push_str("[study]\ntitle = \"S\"\nicon = \"S\"\n");
    for t in ["Docs", "Tests", "Templates", "Modules", "Run", "History"] {
        s.push_str(&format!(
            "[[study.steps]]\ntitle = \"{t}\"\ndetail = \"d\"\n"
        ));
    }
    s.push_str("[resources]\ntitle = \"R\"\nicon = \"R\"\n[[resources.items]]\ntitle = \"x\"\nurl = \"https://example.com/\"\n");
    s
}

#[test]
fn a_catalog_of_20000_repositories_loads_and_a_late_duplicate_points_at_both_lines() {
    let c = Catalog::parse(&catalog_source(20_000, false), "big.toml").unwrap();
    assert_eq!(c.repos().count(), 20_000);
    assert_eq!(
        c.find_repo("o19999/n19999").unwrap().url,
        "https://example.com/19999"
    );
    assert_eq!(c.find_repo("n12345").unwrap().id, "o12345/n12345");
    let err = Catalog::parse(&catalog_source(20_000, true), "big.toml").unwrap_err();
    let d = &err.diagnostics()[0];
    // Each repository takes 9 lines after the 7 of the header.
    assert_eq!(d.line, 7 + 19_999 * 9 + 2);
    assert!(
        d.message
            .contains("duplicate repository id \"o0/n0\" (first defined at line 9)"),
        "{}",
        d.message
    );
}

#[test]
fn progress_with_a_catalog_of_20000_repositories_lists_them_all() {
    let tmp = tempfile::tempdir().unwrap();
    let cat = tmp.path().join("big.toml");
    std::fs::write(&cat, catalog_source(20_000, false)).unwrap();
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("cache"))
        .env("CODESTUDY_DATA_DIR", tmp.path().join("data"))
        .env("HOME", tmp.path())
        .args(["--catalog", cat.to_str().unwrap(), "progress"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("o19999/n19999"),
        "{}",
        &text[..text.len().min(2000)]
    );
}

/// Timings for the README's Reliability table (not asserted):
/// `cargo test --test big_inputs timings -- --ignored --nocapture`.
#[test]
#[ignore]
fn timings() {
    use std::time::Instant;
    let mut big = b"# Big readme\n\n".to_vec();
    for _ in 0..6500 {
        big.extend_from_slice(&b"word ".repeat(20));
        big.push(b'\n');
    }
    let mut word = b"# Long word\n\n".to_vec();
    word.extend(std::iter::repeat_n(b'w', 400_000));
    for (what, readme) in [("642 KiB README", big), ("400 KB word", word)] {
        let t = Instant::now();
        let mut h = step_1_with_readme(&readme);
        let open = t.elapsed();
        let t = Instant::now();
        for _ in 0..20 {
            h.keys("j");
            h.draw();
        }
        let key = t.elapsed() / 20;
        println!(
            "{what}: opened (view built and laid out, drawn) in {open:?}; a key and a frame {key:?}"
        );
    }
    let tmp = tempfile::tempdir().unwrap();
    let snap = repo_with_commit(tmp.path(), &"N".repeat(1 << 20), &"x".repeat(10 << 20));
    let head = snap.head_commit().unwrap().id.to_string();
    let t = Instant::now();
    let commit =
        codestudy::jobs::open_target(&snap, FLASK, &Target::Commit { id: head.clone() }).unwrap();
    let build = t.elapsed();
    let View::List(page) =
        codestudy::jobs::step_view(&snap, &flask(), StepKind::History, None, None)
    else {
        panic!()
    };
    let mut h = home_on_flask(120, 40);
    open_history(&mut h, Depth::Full, page);
    h.keys("<ret>");
    let t = Instant::now();
    h.open_target(&Target::Commit { id: head }, commit);
    h.draw();
    let open = t.elapsed();
    let t = Instant::now();
    for _ in 0..20 {
        h.keys("j");
        h.draw();
    }
    let key = t.elapsed() / 20;
    println!(
        "10 MB commit: built in the job in {build:?}; opened and drawn in {open:?}; a key and a frame {key:?}"
    );
}
