//! The grep contract: on fixture repositories and on real trees committed
//! at test time (CPython's standard library of this machine, and the
//! PyPI distributions installed beside it), the set of matching
//! `(path, line, column)` that `codestudy::search` finds equals what
//! `git grep -n --column -I -E` reports in the same bare repository, for a
//! dozen patterns: literals, classes, anchors, alternations, repetition,
//! Unicode, `-i`, `-w`, `-F`.
//!
//! Where the two dialects differ, the difference is listed in
//! `DIALECT_DIFFERENCES` with its reason, and `listed_differences_are_real`
//! shows each one on a small fixture: the list cannot go stale silently.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use codestudy::search::{
    CaseMode, Query, QueryError, QueryOptions, SearchOptions, SearchStats, TextCache, search,
};
use common::git::{Fixture, Node};

type Hit = (Vec<u8>, u64, usize);

/// What differs between Rust's regex dialect (ripgrep's) and POSIX ERE as
/// git grep runs it (glibc, in a UTF-8 locale), and between what each
/// searches. Each is shown by `listed_differences_are_real`.
pub const DIALECT_DIFFERENCES: &[(&str, &str)] = &[
    (
        "backreferences `(a)\\1`",
        "POSIX ERE (glibc) supports them; Rust's regex has none, by design (linear-time \
         matching): codestudy reports an invalid regex with the column",
    ),
    (
        "`\\d`, `\\D`",
        "a digit class in Rust's regex; glibc's ERE reads `\\d` as the letter `d`",
    ),
    (
        "POSIX classes on non-ASCII text, `[[:alpha:]]` against `é`",
        "ASCII-only in Rust's regex (as in ripgrep); glibc follows the locale, so in a UTF-8 \
         locale `é` is alphabetic",
    ),
    (
        "files over 8 MiB",
        "skipped and counted by codestudy (the text cache's cap); git grep searches them",
    ),
];

fn git(repo: &Path) -> Command {
    let mut c = Command::new("git");
    c.arg("--git-dir")
        .arg(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("LC_ALL", "C.UTF-8");
    c
}

/// `git grep -n --column -I` with `flags`, parsed from its `-z` output.
fn git_grep(repo: &Path, flags: &[&str], pattern: &str) -> BTreeSet<Hit> {
    let out = git(repo)
        .args(["grep", "--no-color", "-n", "--column", "-I", "-z"])
        .args(flags)
        .arg("-e")
        .arg(pattern)
        .args(["HEAD", "--"])
        .output()
        .expect("git is needed for the grep contract");
    let code = out.status.code();
    assert!(
        code == Some(0) || code == Some(1),
        "git grep {flags:?} {pattern:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut hits = BTreeSet::new();
    for record in out.stdout.split(|b| *b == b'\n').filter(|r| !r.is_empty()) {
        let mut parts = record.splitn(4, |b| *b == 0);
        let path = parts.next().unwrap_or_default();
        let path = path.strip_prefix(b"HEAD:").unwrap_or(path).to_vec();
        let num = |p: Option<&[u8]>| -> usize {
            std::str::from_utf8(p.unwrap_or_default())
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("bad git grep record {record:?}"))
        };
        let line = num(parts.next()) as u64;
        let column = num(parts.next());
        hits.insert((path, line, column));
    }
    hits
}

fn ours(repo: &Path, cache: &TextCache, options: &QueryOptions) -> (BTreeSet<Hit>, SearchStats) {
    let query = Query::new(options).unwrap_or_else(|e| panic!("{options:?}: {e}"));
    let hits = Mutex::new(BTreeSet::new());
    let stats = search(
        repo,
        cache,
        &query,
        &SearchOptions::default(),
        &AtomicBool::new(false),
        &|file| {
            let mut h = hits.lock().unwrap();
            for l in &file.lines {
                h.insert((file.path.as_bytes().to_vec(), l.line, l.column));
            }
        },
    )
    .unwrap();
    (hits.into_inner().unwrap(), stats)
}

/// A pattern, the flags git grep gets for it, and how codestudy runs it.
struct Case {
    pattern: &'static str,
    git_flags: &'static [&'static str],
    case: CaseMode,
    word: bool,
    literal: bool,
}

const fn case(pattern: &'static str, git_flags: &'static [&'static str]) -> Case {
    Case {
        pattern,
        git_flags,
        case: CaseMode::Sensitive,
        word: false,
        literal: false,
    }
}

/// The dozen-odd patterns, in the dialect both share.
const CASES: &[Case] = &[
    // Literals.
    case("import os", &["-E"]),
    Case {
        literal: true,
        ..case("self.assertEqual(x, [", &["-F"])
    },
    // Classes and repetition.
    case("[0-9]{4}-[0-9]{2}-[0-9]{2}", &["-E"]),
    case("0x[0-9a-fA-F]{8}", &["-E"]),
    case("[[:upper:]][[:lower:]]+Error", &["-E"]),
    // Anchors.
    case("^def [a-z_]+\\(", &["-E"]),
    case("pass$", &["-E"]),
    case("^class [A-Z][A-Za-z0-9_]*\\(.*\\):$", &["-E"]),
    // Alternation and groups.
    case("raise (ValueError|TypeError|KeyError)\\(", &["-E"]),
    case("(foo|bar)+baz", &["-E"]),
    // Unicode: literals, a bracket of non-ASCII letters, `.` over a
    // multi-byte character.
    case("é", &["-E"]),
    case("[αβγδλπ]", &["-E"]),
    case("Pyth.n", &["-E"]),
    case("na.ve", &["-E"]),
    // Case, words.
    Case {
        case: CaseMode::Insensitive,
        ..case("copyright [0-9]+", &["-E", "-i"])
    },
    Case {
        word: true,
        ..case("os", &["-E", "-w"])
    },
];

fn run_cases(repo: &Path, what: &str) {
    let cache = TextCache::new(512 * 1024 * 1024, 8 * 1024 * 1024);
    // A cache far smaller than the tree: it fills, then the rest is read
    // in place; the answers are the same and nothing is evicted.
    let small = TextCache::new(256 * 1024, 8 * 1024 * 1024);
    let mut report = Vec::new();
    for c in CASES {
        let options = QueryOptions {
            pattern: c.pattern.into(),
            case: c.case,
            word: c.word,
            literal: c.literal,
            globs: Vec::new(),
        };
        let theirs = git_grep(repo, c.git_flags, c.pattern);
        let (mine, stats) = ours(repo, &cache, &options);
        let (through_small, _) = ours(repo, &small, &options);
        assert!(
            through_small == mine,
            "{what}: {:?}: a full cache changed the answer",
            c.pattern
        );
        let s = small.stats();
        assert!(s.bytes <= 256 * 1024, "{s:?}");
        assert_eq!(s.evicted, 0, "a search evicted from a full cache: {s:?}");
        let missing: Vec<_> = theirs.difference(&mine).take(5).collect();
        let extra: Vec<_> = mine.difference(&theirs).take(5).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{what}: {:?} {:?}: git grep found {}, codestudy {}; only git grep: {:?}; only \
             codestudy: {:?}",
            c.pattern,
            c.git_flags,
            theirs.len(),
            mine.len(),
            show(&missing),
            show(&extra)
        );
        assert_eq!(
            stats.too_large, 0,
            "{what}: the contract tree must have no file over the cap"
        );
        report.push(format!(
            "{:>7}  {} {:?}",
            mine.len(),
            c.pattern,
            c.git_flags
        ));
    }
    eprintln!(
        "{what}: matching lines per pattern, equal to git grep's\n{}",
        report.join("\n")
    );
}

fn show(hits: &[&Hit]) -> Vec<String> {
    hits.iter()
        .map(|(p, l, c)| format!("{}:{l}:{c}", String::from_utf8_lossy(p)))
        .collect()
}

/// Every regular file under `dir` (links not followed), skipping
/// directories named in `skip`.
fn tree_files(dir: &Path, skip: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let Ok(ft) = e.file_type() else { continue };
            if ft.is_dir() && !skip.iter().any(|s| name == *s || name.starts_with(s)) {
                stack.push(e.path());
            } else if ft.is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// Commit the files under `root` (as `prefix/...`) into `f`.
fn add_tree(f: &mut Fixture, root: &Path, prefix: &str, skip: &[&str]) -> usize {
    let files = tree_files(root, skip);
    for p in &files {
        let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(p).unwrap();
        f.file(format!("{prefix}{rel}"), bytes);
    }
    files.len()
}

fn stdlib_dir() -> PathBuf {
    let out = Command::new("python3")
        .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
        .output()
        .expect("python3 is needed for the grep contract test");
    PathBuf::from(String::from_utf8(out.stdout).unwrap().trim())
}

#[test]
fn cpython_standard_library_matches_git_grep() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("cpython-lib.git");
    let mut f = Fixture::create(&repo);
    // Everything of the standard library as installed (binary extension
    // modules included: both sides skip them), but not the third-party
    // packages, the bytecode caches or the static library of the build.
    let n = add_tree(
        &mut f,
        &stdlib_dir(),
        "Lib/",
        &["site-packages", "__pycache__", "config-3"],
    );
    assert!(n > 1000, "the standard library has only {n} files here");
    f.commit("The standard library");
    run_cases(&repo, "CPython's standard library");
}

#[test]
fn installed_pypi_distributions_match_git_grep() {
    let site = stdlib_dir().join("site-packages");
    // Pure-Python distributions from PyPI, as pip installed them; those
    // present on this machine are used (the network is not).
    let wanted = [
        "click",
        "blinker",
        "attr",
        "dateutil",
        "jinja2",
        "werkzeug",
        "flask",
        "requests",
        "idna",
        "IPython",
        "yaml",
        "packaging",
        "pip",
    ];
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("pypi.git");
    let mut f = Fixture::create(&repo);
    let mut used = Vec::new();
    for name in wanted {
        let dir = site.join(name);
        if dir.is_dir() {
            add_tree(&mut f, &dir, &format!("{name}/"), &["__pycache__"]);
            used.push(name);
        }
    }
    if used.len() < 2 {
        eprintln!("SKIPPED: fewer than two of {wanted:?} are installed in {site:?}");
        return;
    }
    eprintln!("PyPI distributions: {used:?}");
    f.commit("Some PyPI distributions");
    run_cases(&repo, "PyPI distributions");
}

/// Hand-made edge cases that both must treat alike.
#[test]
fn edge_case_fixture_matches_git_grep() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("edges.git");
    let mut f = Fixture::create(&repo);
    let mut late_nul = "import os\n".repeat(900).into_bytes();
    late_nul.extend_from_slice(b"\0after the sniff window, import os\n");
    f.file("crlf.py", "import os\r\nx = 1\r\npass\r\n")
        .file("no_newline.py", "import os")
        .file("empty.py", "")
        .file("binary.dat", b"import os\0\x01\x02 import os\n")
        .file("late_nul.txt", late_nul)
        .file("latin1.py", b"caf\xe9 = 'na\xefve'\nimport os\n".as_slice())
        .file("deep/a/b/c/d.py", "def deep():\n    pass\n")
        .put(
            b"odd \xff name.py".as_slice(),
            Node::File(b"import os\n".to_vec()),
        )
        .file(
            "unicode.py",
            "caf\u{e9} = 'na\u{ef}ve' # \u{3b1}\u{3b2}\nPython Pyth\u{f6}n\n",
        )
        .file("long.py", format!("{}import os\n", "x".repeat(200_000)))
        // Neither searches a link's target text (git grep on a tree skips
        // links too) nor a submodule.
        .put("link.py", Node::Symlink(b"import os".to_vec()))
        .put(
            "sub",
            Node::Submodule(git2::Oid::from_bytes(&[7; 20]).unwrap()),
        );
    f.commit("Edge cases");
    let cache = TextCache::new(64 * 1024 * 1024, 8 * 1024 * 1024);
    // What `codestudy grep` uses: a cache that keeps no text, each blob
    // searched in libgit2's buffer.
    let in_place = TextCache::new(0, 8 * 1024 * 1024);
    for c in CASES {
        let options = QueryOptions {
            pattern: c.pattern.into(),
            case: c.case,
            word: c.word,
            literal: c.literal,
            globs: Vec::new(),
        };
        let theirs = git_grep(&repo, c.git_flags, c.pattern);
        let (mine, _) = ours(&repo, &cache, &options);
        assert_eq!(mine, theirs, "{:?}", c.pattern);
        let (read_in_place, _) = ours(&repo, &in_place, &options);
        assert_eq!(read_in_place, theirs, "{:?} read in place", c.pattern);
    }
    assert_eq!(in_place.stats().texts, 0, "a budget of 0 keeps no text");
    for cache in [&cache, &in_place] {
        let (hits, stats) = ours(
            &repo,
            cache,
            &QueryOptions {
                pattern: "import os".into(),
                ..QueryOptions::default()
            },
        );
        assert_eq!(stats.binary, 1, "binary.dat is skipped and counted");
        assert!(
            hits.iter().any(|h| h.0 == b"late_nul.txt"),
            "NUL after 8000 bytes is text"
        );
    }
}

/// Each listed difference, shown on a small fixture.
#[test]
fn listed_differences_are_real() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("dialect.git");
    let mut f = Fixture::create(&repo);
    f.file("a.py", "aa\nd1\nx = 7\n\u{e9}t\u{e9}\n")
        .file("big.txt", "needle\n".repeat(1_300_000));
    f.commit("Dialect");
    let cache = TextCache::new(64 * 1024 * 1024, 8 * 1024 * 1024);
    let q = |pattern: &str| QueryOptions {
        pattern: pattern.into(),
        case: CaseMode::Sensitive,
        ..QueryOptions::default()
    };
    let lines = |set: &BTreeSet<Hit>| -> BTreeSet<(Vec<u8>, u64)> {
        set.iter().map(|(p, l, _)| (p.clone(), *l)).collect()
    };
    assert_eq!(
        DIALECT_DIFFERENCES.len(),
        4,
        "each listed difference is shown here"
    );

    // Backreferences: git matches `aa`, codestudy refuses the pattern.
    assert!(!git_grep(&repo, &["-E"], "(a)\\1").is_empty());
    assert!(matches!(
        Query::new(&q("(a)\\1")),
        Err(QueryError::InvalidRegex { column: 4, .. })
    ));

    // `\d`: a digit for us (line 2 `d1` and line 3 `7`), the letter d for
    // git (line 2 only).
    let (mine, _) = ours(&repo, &cache, &q("\\d"));
    let theirs = git_grep(&repo, &["-E"], "\\d");
    assert!(lines(&mine).contains(&(b"a.py".to_vec(), 3)));
    assert!(!lines(&theirs).contains(&(b"a.py".to_vec(), 3)));

    // [[:alpha:]] at the start of `été`.
    let (mine, _) = ours(&repo, &cache, &q("^[[:alpha:]]t"));
    let theirs = git_grep(&repo, &["-E"], "^[[:alpha:]]t");
    assert!(mine.is_empty());
    assert_eq!(lines(&theirs), BTreeSet::from([(b"a.py".to_vec(), 4)]));

    // A file over the cap (9 MB of `needle`).
    let (mine, stats) = ours(&repo, &cache, &q("needle"));
    let theirs = git_grep(&repo, &["-E"], "needle");
    assert!(mine.is_empty());
    assert_eq!(stats.too_large, 1);
    assert_eq!(theirs.len(), 1_300_000);
}

/// The symbol index reads blobs through the same process-wide text cache
/// as the grep: after the index is built, a grep reads nothing from the
/// pack again.
#[test]
fn the_index_fills_the_cache_the_grep_reads() {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("shared.git");
    let mut f = Fixture::create(&repo);
    for i in 0..20 {
        f.file(
            format!("pkg/m{i}.py"),
            format!("def f{i}():\n    return {i}\n"),
        );
    }
    f.commit("Modules");
    codestudy::outline::index::build(
        &repo,
        &tmp.path().join("index.bin"),
        2,
        &AtomicBool::new(false),
    )
    .unwrap();
    let (hits, stats) = ours(
        &repo,
        &TextCache::global(),
        &QueryOptions {
            pattern: "return 1[0-9]".into(),
            ..QueryOptions::default()
        },
    );
    assert_eq!(hits.len(), 10);
    assert_eq!((stats.searched, stats.cached), (20, 20), "{stats:?}");
}
