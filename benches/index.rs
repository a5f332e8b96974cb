//! The symbol index of a Python tree, in-process: cold (no cache, all
//! cores) and warm (nothing changed). Targets (issue 4), against
//! `ctags -R --languages=Python` on the same files (benches/index_vs_ctags.py
//! runs that side by side): cold within 2.5x, warm at least 20x faster.
//!
//! `CODESTUDY_BENCH_TREE=/tmp/pd/wheel/pandas cargo bench --bench index`
//! (see benches/index_vs_ctags.py for how to get that tree); without the
//! variable, the Python files of the local CPython standard library.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use codestudy::outline::index;
use codestudy::repo::{Cache, CloneRequest, Depth, clone_or_update};
use criterion::{Criterion, criterion_group, criterion_main};

fn copy_python_files(from: &Path, to: &Path) -> (usize, u64) {
    let (mut files, mut bytes) = (0, 0);
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                if name != "site-packages" && name != "__pycache__" {
                    stack.push(p);
                }
            } else if name.ends_with(".py") {
                let dest = to.join(p.strip_prefix(from).unwrap());
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                bytes += std::fs::copy(&p, &dest).unwrap();
                files += 1;
            }
        }
    }
    (files, bytes)
}

fn bench(c: &mut Criterion) {
    let tree = std::env::var_os("CODESTUDY_BENCH_TREE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let out = std::process::Command::new("python3")
                .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
                .output()
                .unwrap();
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        });
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let (files, bytes) = copy_python_files(&tree, &src);
    let git = |args: &[&str], dir: &Path| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", tmp.path())
            .env("GIT_AUTHOR_NAME", "b")
            .env("GIT_AUTHOR_EMAIL", "b@e")
            .env("GIT_COMMITTER_NAME", "b")
            .env("GIT_COMMITTER_EMAIL", "b@e")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"], &src);
    git(&["add", "-A"], &src);
    git(&["commit", "-q", "-m", "tree"], &src);
    let cache = Cache::new(&tmp.path().join("cache"));
    let req = CloneRequest {
        owner: "pandas-dev".into(),
        name: "pandas".into(),
        url: format!("file://{}", src.display()),
        depth: Some(Depth::Full),
    };
    clone_or_update(&cache, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
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
