//! The symbol index of a Python tree, in-process: cold (no cache, all
//! cores) and warm (nothing changed). Targets (issue 4), against
//! `ctags -R --languages=Python` on the same files (benches/index_vs_ctags.py
//! runs that side by side): cold within 2.5x, warm at least 20x faster.
//!
//! `CODESTUDY_BENCH_TREE=/tmp/pd/wheel/pandas cargo bench --bench index`
//! (see benches/index_vs_ctags.py for how to get that tree); without the
//! variable, the Python files of the local CPython standard library.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;

use codestudy::outline::index;
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "support.rs"]
#[allow(dead_code)] // each bench uses part of it
mod support;

fn bench(c: &mut Criterion) {
    let support::Cloned {
        tmp,
        cache,
        files,
        bytes,
        tree,
    } = support::cloned_tree();
    let repo_dir = cache.repo_dir("pandas-dev", "pandas");
    let cache_file = tmp.path().join("index.idx");
    let never = AtomicBool::new(false);
    let threads = index::default_threads();
    eprintln!(
        "{}: {files} Python files, {:.1} MB, {threads} threads",
        tree.display(),
        bytes as f64 / 1e6
    );

    let mut group = c.benchmark_group(format!("index of {files} Python files"));
    group.sample_size(10);
    group.bench_function("cold", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&cache_file);
            black_box(
                index::build(&repo_dir, &cache_file, threads, &never)
                    .unwrap()
                    .entries
                    .len(),
            )
        })
    });
    index::build(&repo_dir, &cache_file, threads, &never).unwrap();
    group.bench_function("warm", |b| {
        b.iter(|| {
            black_box(
                index::build(&repo_dir, &cache_file, threads, &never)
                    .unwrap()
                    .entries
                    .len(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
