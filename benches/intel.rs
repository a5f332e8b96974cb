//! The semantic index (issue 14), in-process, on a Python tree: cold (no
//! cache, all cores) side by side with the symbol index cold and with
//! `ctags -R --languages=Python` on the same files, for scale; then warm
//! questions: `def` of an attribute and `refs` of a common method name.
//! Targets: `def` under 10 ms warm, `refs` under 100 ms, the whole index
//! cold within 2x of the symbol index cold.
//!
//! `CODESTUDY_BENCH_TREE=/path/to/sqlalchemy-2.0.36 cargo bench --bench intel`
//! (the unpacked sdist: `pip download --no-deps --no-binary :all:
//! sqlalchemy==2.0.36`); without the variable, the local CPython standard
//! library. `CODESTUDY_BENCH_AT=PATH:LINE:COL` picks the name for `refs`
//! (default: the first `def execute(` of the tree, else `def __init__(`).

use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use codestudy::intel;
use codestudy::outline::index;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support.rs"]
#[allow(dead_code)] // each bench uses part of it
mod support;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Where `def NAME(` is first written in the tree, as (path, line, column
/// of NAME).
fn first_def(root: &Path, paths: &[std::sync::Arc<str>], name: &str) -> Option<(String, u32, u32)> {
    let needle = format!("def {name}(");
    for p in paths {
        let Ok(text) = std::fs::read_to_string(root.join(&**p)) else {
            continue;
        };
        for (i, line) in text.lines().enumerate() {
            if let Some(c) = line.find(&needle) {
                return Some((p.to_string(), i as u32 + 1, c as u32 + 5));
            }
        }
    }
    None
}

fn bench(c: &mut Criterion) {
    let support::Cloned {
        tmp,
        cache,
        files,
        bytes,
        tree: _,
    } = support::cloned_tree();
    let src = tmp.path().join("src");
    let repo_dir = cache.repo_dir("pandas-dev", "pandas");
    let never = AtomicBool::new(false);
    let threads = index::default_threads();
    let sym_cache = tmp.path().join("index.idx");
    let intel_cache = tmp.path().join("cache.intel");
    eprintln!(
        "{files} Python files, {:.1} MB, {threads} threads",
        bytes as f64 / 1e6
    );

    // Cold, side by side: each round runs all three, alternating.
    let (mut sym, mut sem, mut ctags) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..7 {
        let _ = std::fs::remove_file(&sym_cache);
        let t = Instant::now();
        black_box(index::build(&repo_dir, &sym_cache, threads, &never).unwrap());
        sym.push(t.elapsed());
        let _ = std::fs::remove_file(&intel_cache);
        let t = Instant::now();
        black_box(intel::build(&repo_dir, &intel_cache, threads, &never).unwrap());
        sem.push(t.elapsed());
        let t = Instant::now();
        let ran = std::process::Command::new("ctags")
            .args(["-R", "--languages=Python", "-f", "/dev/null"])
            .arg(&src)
            .status()
            .is_ok_and(|s| s.success());
        if ran {
            ctags.push(t.elapsed());
        }
    }
    let (sym, sem) = (median(sym), median(sem));
    eprintln!(
        "cold: semantic index {:.0} ms, symbol index {:.0} ms ({:.2}x){}",
        sem.as_secs_f64() * 1e3,
        sym.as_secs_f64() * 1e3,
        sem.as_secs_f64() / sym.as_secs_f64(),
        if ctags.is_empty() {
            String::from(", ctags not installed")
        } else {
            let ct = median(ctags);
            format!(
                ", ctags {:.0} ms (semantic index {:.2}x ctags)",
                ct.as_secs_f64() * 1e3,
                sem.as_secs_f64() / ct.as_secs_f64()
            )
        }
    );

    let (idx, _) = intel::build(&repo_dir, &intel_cache, threads, &never).unwrap();
    let at = std::env::var("CODESTUDY_BENCH_AT")
        .ok()
        .and_then(|s| {
            let mut it = s.rsplitn(3, ':');
            let col = it.next()?.parse().ok()?;
            let line = it.next()?.parse().ok()?;
            Some((it.next()?.to_string(), line, col))
        })
        .or_else(|| first_def(&src, idx.paths(), "execute"))
        .or_else(|| first_def(&src, idx.paths(), "__init__"))
        .expect("a def to ask about");
    let refs = idx.references(&at.0, at.1, at.2);
    let files_with: std::collections::HashSet<&str> =
        refs.iter().map(|r| r.path.as_str()).collect();
    eprintln!(
        "refs of {}:{}:{}: {} references in {} files",
        at.0,
        at.1,
        at.2,
        refs.len(),
        files_with.len()
    );
    // `def` of the first attribute use of that name that resolves.
    let use_at = refs
        .iter()
        .find(|r| r.confidence != intel::Confidence::Name)
        .map(|r| (r.path.clone(), r.line, r.column))
        .unwrap_or(at.clone());

    let mut group = c.benchmark_group(format!("semantic index of {files} Python files"));
    group.sample_size(10);
    group.bench_function("def, warm (open the cache, answer)", |b| {
        b.iter(|| {
            let (idx, _) = intel::build(&repo_dir, &intel_cache, threads, &never).unwrap();
            black_box(idx.definition(&use_at.0, use_at.1, use_at.2))
        })
    });
    group.bench_function("refs, warm (open the cache, answer)", |b| {
        b.iter(|| {
            let (idx, _) = intel::build(&repo_dir, &intel_cache, threads, &never).unwrap();
            black_box(idx.references(&at.0, at.1, at.2).len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
