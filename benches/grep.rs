//! Repository-wide grep of a Python tree, side by side in one run:
//!
//! - `rg -n --column -s PATTERN` on a checkout of the tree (all cores)
//! - `git grep -n --column -I -E PATTERN HEAD` in the bare clone
//! - `codestudy grep -s REPO PATTERN`: cold, the first query of a process
//!   (the release binary; the text is read from the pack)
//! - warm: the same query through `codestudy::search` again in this
//!   process, the text cached, and the time to the first file with a
//!   match (what a keystroke in the live grep waits for)
//! - the text cache's bytes and this process's memory
//!
//! The tree is `CODESTUDY_BENCH_TREE` (its `.py` files) or CPython's
//! standard library. The README's numbers use pandas 2.2.3's package from
//! its wheel, about 20 MB of Python:
//!   pip download --no-deps --only-binary :all: pandas==2.2.3 -d /tmp/pd
//!   python3 -c "import zipfile,glob; zipfile.ZipFile(glob.glob('/tmp/pd/pandas-*.whl')[0]).extractall('/tmp/pd/wheel')"
//!   CODESTUDY_BENCH_TREE=/tmp/pd/wheel/pandas cargo bench --bench grep
//! `CODESTUDY_BENCH_BEFORE=/path/to/an/older/codestudy` times that binary's
//! cold run too, interleaved with the others, for before/after ratios.
//! Targets (issue 13): warm at or below rg, cold at or below git grep,
//! first results of a keystroke under 50 ms. Nothing is asserted.

#[path = "support.rs"]
#[allow(dead_code)]
mod support;

use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use codestudy::search::{CaseMode, Query, QueryOptions, SearchOptions, TextCache, search};

const PATTERNS: &[&str] = &[
    "import numpy",
    "def __init__\\(self",
    "[A-Z][a-z]+Error",
    "zqxjkv",
];

const RUNS: usize = 11;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time_cmd(cmd: &mut Command) -> Duration {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    let took = start.elapsed();
    // grep's convention: 1 is "no match", not a failure.
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{cmd:?} exited with {status}"
    );
    took
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let cloned = support::cloned_tree();
    let checkout = cloned.tmp.path().join("src");
    let repo = cloned.cache.repo_dir("pandas-dev", "pandas");
    let cache_dir = cloned.tmp.path().join("cache");
    let bin = env!("CARGO_BIN_EXE_codestudy");
    let before = std::env::var_os("CODESTUDY_BENCH_BEFORE").map(std::path::PathBuf::from);
    let rg = Command::new("rg")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    println!(
        "grep over {} .py files, {:.1} MB, from {}",
        cloned.files,
        cloned.bytes as f64 / 1e6,
        cloned.tree.display()
    );
    if !rg {
        println!("rg is not installed (apt-get install -y ripgrep): its column is empty");
    }
    if let Some(b) = &before {
        println!("before: {} (its cold run follows each row)", b.display());
    }
    println!(
        "{:<22} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12} {:>13}",
        "pattern",
        "lines",
        "rg ms",
        "git ms",
        "cold ms",
        "warm ms",
        "first ms",
        "warm/rg",
        "cold/git"
    );
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    for pattern in PATTERNS {
        // Interleaved, one run of each in turn, so that load from other
        // processes on the machine falls on all three alike.
        let (mut rg_runs, mut git_runs, mut cold_runs) = (Vec::new(), Vec::new(), Vec::new());
        let mut before_runs = Vec::new();
        for _ in 0..RUNS {
            if rg {
                rg_runs.push(time_cmd(
                    Command::new("rg")
                        .args(["-n", "--column", "-s", "--no-config", "-e", pattern])
                        .arg(&checkout),
                ));
            }
            git_runs.push(time_cmd(
                Command::new("git")
                    .arg("--git-dir")
                    .arg(&repo)
                    .args(["grep", "-n", "--column", "-I", "-E", "-e", pattern])
                    .args(["HEAD", "--"])
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .env("GIT_CONFIG_GLOBAL", "/dev/null"),
            ));
            cold_runs.push(time_cmd(
                Command::new(bin)
                    .arg("--cache-dir")
                    .arg(&cache_dir)
                    .args(["grep", "-s", "pandas-dev/pandas", "--", pattern])
                    .env_remove("CODESTUDY_CATALOG"),
            ));
            if let Some(b) = &before {
                before_runs.push(time_cmd(
                    Command::new(b)
                        .arg("--cache-dir")
                        .arg(&cache_dir)
                        .args(["grep", "-s", "pandas-dev/pandas", "--", pattern])
                        .env_remove("CODESTUDY_CATALOG"),
                ));
            }
        }
        let rg_t = rg.then(|| median(rg_runs));
        let git_t = median(git_runs);
        let cold_t = median(cold_runs);
        // Warm: one process, its cache filled by a first query.
        let cache = TextCache::new(512 * 1024 * 1024, 8 * 1024 * 1024);
        let query = Query::new(&QueryOptions {
            pattern: pattern.to_string(),
            case: CaseMode::Sensitive,
            ..QueryOptions::default()
        })
        .unwrap();
        let opts = SearchOptions {
            threads,
            max_line_bytes: Some(512),
            max_lines: None,
        };
        let mut lines = 0;
        let mut warm = Vec::new();
        let mut first = Vec::new();
        for run in 0..=RUNS {
            let start = Instant::now();
            let first_hit: Mutex<Option<Duration>> = Mutex::new(None);
            let stats = search(
                &repo,
                &cache,
                &query,
                &opts,
                &AtomicBool::new(false),
                &|f| {
                    if !f.lines.is_empty() {
                        let mut g = first_hit.lock().unwrap();
                        g.get_or_insert_with(|| start.elapsed());
                    }
                },
            )
            .unwrap();
            let took = start.elapsed();
            lines = stats.matched_lines;
            if run > 0 {
                warm.push(took);
                first.push(first_hit.into_inner().unwrap().unwrap_or(took));
            }
        }
        let warm_t = median(warm);
        let first_t = median(first);
        println!(
            "{:<22} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>12} {:>13}",
            pattern,
            lines,
            rg_t.map(ms).unwrap_or_default(),
            ms(git_t),
            ms(cold_t),
            ms(warm_t),
            ms(first_t),
            rg_t.map(|r| format!("{:.2}", warm_t.as_secs_f64() / r.as_secs_f64()))
                .unwrap_or_default(),
            format!("{:.2}", cold_t.as_secs_f64() / git_t.as_secs_f64()),
        );
        if before.is_some() {
            let before_t = median(before_runs);
            println!(
                "{:<22} before: cold {} ms, {:.2}x git grep; now {:.2}x of before",
                "",
                ms(before_t),
                before_t.as_secs_f64() / git_t.as_secs_f64(),
                cold_t.as_secs_f64() / before_t.as_secs_f64()
            );
        }
        if pattern == PATTERNS.last().unwrap_or(&"") {
            let s = cache.stats();
            let (rss, hwm) = support::memory_mib();
            println!(
                "text cache: {} texts, {:.1} MB held ({} binary/too-large markers); \
                 bound {} MiB; this process: {rss} MiB resident, {hwm} MiB peak",
                s.texts,
                s.bytes as f64 / 1e6,
                s.markers,
                cache.budget() / (1024 * 1024)
            );
        }
    }
    println!(
        "median of {RUNS} runs each; {threads} threads; rg and git grep print to /dev/null, \
         as codestudy's cold run does"
    );

    // What the cold query spends reading the pack, in this process (no
    // start-up): with libgit2's SHA-1 check of every object (as codestudy
    // runs), then without it, which git grep does not do either. The
    // check is switched off only here, last, for the measurement.
    let cold = |pattern: &str, runs: usize| -> (Duration, Duration) {
        let query = Query::new(&QueryOptions {
            pattern: pattern.into(),
            case: CaseMode::Sensitive,
            ..QueryOptions::default()
        })
        .unwrap();
        let (mut all, mut first) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let cache = TextCache::new(512 * 1024 * 1024, 8 * 1024 * 1024);
            let start = Instant::now();
            let first_hit: Mutex<Option<Duration>> = Mutex::new(None);
            let stats = search(
                &repo,
                &cache,
                &query,
                &SearchOptions::default(),
                &AtomicBool::new(false),
                &|f| {
                    if !f.lines.is_empty() {
                        let mut g = first_hit.lock().unwrap();
                        g.get_or_insert_with(|| start.elapsed());
                    }
                },
            )
            .unwrap();
            all.push(stats.elapsed);
            first.push(first_hit.into_inner().unwrap().unwrap_or(stats.elapsed));
        }
        (median(all), median(first))
    };
    let (verified, _) = cold("zqxjkv", RUNS);
    let (_, first_cold) = cold(PATTERNS[0], RUNS);
    git2::opts::strict_hash_verification(false);
    let (unverified, _) = cold("zqxjkv", RUNS);
    println!(
        "cold in-process (fresh cache): no match {} ms with libgit2's SHA-1 check of each \
         object (SHA1DC, as the terminal UI reads), {} ms without it (as `codestudy grep` reads); \
         first results of {:?} after {} ms (checked)",
        ms(verified),
        ms(unverified),
        PATTERNS[0],
        ms(first_cold)
    );
}
