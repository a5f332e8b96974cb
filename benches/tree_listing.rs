//! Listing the tree of a 30,000-file repository from the object database.
//! Target (issue 3): the full flat listing in under 150 ms.
//!
//! `cargo bench --bench tree_listing`

use std::hint::black_box;
use std::sync::atomic::AtomicBool;

use codestudy::repo::{Cache, CloneRequest, Depth, Snapshot, clone_or_update};
use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../tests/common/git.rs"]
#[allow(dead_code)]
mod git;

const FILES: usize = 30_000;

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let served = tmp.path().join("served");
    git::build_large_fixture(&served.join("pallets/flask.git"), FILES, 64);
    // A full clone over the local transport: the same object database
    // layout (one pack) a real clone has.
    let cache = Cache::new(&tmp.path().join("cache"));
    let req = CloneRequest {
        owner: "pallets".into(),
        name: "flask".into(),
        url: format!("file://{}/pallets/flask.git", served.display()),
        depth: Some(Depth::Full),
    };
    clone_or_update(&cache, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
    let snap = Snapshot::open(&cache.repo_dir("pallets", "flask")).unwrap();
    let n = snap.list_all(false).unwrap().len();
    assert!(n > FILES, "{n} entries");

    let mut group = c.benchmark_group(format!("tree of {FILES} files"));
    group.sample_size(20);
    group.bench_function("list_all without sizes", |b| {
        b.iter(|| black_box(snap.list_all(false).unwrap().len()))
    });
    group.bench_function("list_all with sizes", |b| {
        b.iter(|| black_box(snap.list_all(true).unwrap().len()))
    });
    group.bench_function("list_dir root", |b| {
        b.iter(|| black_box(snap.list_dir(None).unwrap().len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
