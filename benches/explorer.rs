//! The explorer's costs (issue 5), on a Python tree cloned into a cache:
//! - opening it when already cached, with a cached index (target: under
//!   100 ms): the tree, key files, directory listings and the index;
//! - loading the largest file: read, outline and highlight;
//! - a key in the source pane of that file, from action to finished frame
//!   at 160x45 (target: under 16 ms), while an index is rebuilt in the
//!   background over and over;
//! - memory with that file open (target: under 150 MB RSS).
//!
//! `CODESTUDY_BENCH_TREE=/tmp/pd/wheel/pandas cargo bench --bench explorer`
//! (pandas' `core/frame.py` is its largest file; see
//! benches/index_vs_ctags.py for how to get the tree).

use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use codestudy::app::{Action, Effect, JobResult, RepoStatus, State, on_job, update};
use codestudy::catalog::Catalog;
use codestudy::outline::index;
use codestudy::repo::{Depth, Snapshot};
use codestudy::{jobs, ui};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;

#[path = "support.rs"]
mod support;

fn bench(c: &mut Criterion) {
    let cloned = support::cloned_tree();
    let repo_dir = cloned.cache.repo_dir("pandas-dev", "pandas");
    let cache_file = cloned.tmp.path().join("index.idx");
    let never = AtomicBool::new(false);
    let catalog = Catalog::embedded().unwrap();
    let key_files = catalog.find_repo("pandas").unwrap().key_files.clone();
    let snap = Snapshot::open(&repo_dir).unwrap();
    let largest = snap
        .list_all(true)
        .unwrap()
        .into_iter()
        .filter(|e| e.path.to_string_lossy().ends_with(".py"))
        .max_by_key(|e| e.size)
        .unwrap();
    drop(snap);
    eprintln!(
        "{}: {} files, {:.1} MB; largest: {} ({} KB)",
        cloned.tree.display(),
        cloned.files,
        cloned.bytes as f64 / 1e6,
        largest.path,
        largest.size.unwrap_or(0) / 1000
    );
    index::build(&repo_dir, &cache_file, 2, &never).unwrap();

    let mut group = c.benchmark_group("explorer");
    group.sample_size(20);
    group.bench_function("open a cached repository with a cached index", |b| {
        b.iter(|| {
            let o = jobs::open_repo(&repo_dir, &key_files).unwrap();
            let i = index::build(&repo_dir, &cache_file, 2, &never).unwrap();
            black_box((o.listings.len(), i.entries.len()))
        })
    });
    group.bench_function("load the largest file (read, outline, highlight)", |b| {
        b.iter(|| {
            black_box(
                jobs::load_file(&repo_dir, &largest.path, &never)
                    .unwrap()
                    .lines
                    .len(),
            )
        })
    });

    // The explorer on that file, as the runtime would have it.
    let mut state = State::new(catalog.clone(), Rect::new(0, 0, 160, 45));
    state.repos.insert(
        "pandas-dev/pandas".into(),
        RepoStatus::Cloned(Some(Depth::Full)),
    );
    while state.home.selected_repo(&state.catalog).unwrap().name != "pandas" {
        update(&mut state, Action::Down);
    }
    let Some(Effect::OpenRepo { request, .. }) =
        update(&mut state, Action::Open).into_iter().next()
    else {
        panic!("no open effect")
    };
    on_job(
        &mut state,
        JobResult::RepoOpened {
            request,
            result: jobs::open_repo(&repo_dir, &key_files),
        },
    );
    update(&mut state, Action::FindFiles);
    on_job(
        &mut state,
        JobResult::FileList {
            repo: "pandas-dev/pandas".into(),
            result: Ok(vec![largest.path.clone()]),
        },
    );
    let effects = update(&mut state, Action::Open);
    let request = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadFile { request, .. } => Some(*request),
            _ => None,
        })
        .expect("a file load");
    on_job(
        &mut state,
        JobResult::FileLoaded {
            request,
            result: jobs::load_file(&repo_dir, &largest.path, &never),
        },
    );
    update(&mut state, Action::FocusNext); // the source pane
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
    terminal.draw(|f| ui::render(&state, f)).unwrap();
    let (rss, _) = support::memory_mib();
    eprintln!("resident memory with {} open: {rss} MiB", largest.path);

    // Background load: an index rebuilt from scratch again and again.
    let stop = Arc::new(AtomicBool::new(false));
    let background = {
        let (stop, repo_dir, file) = (
            stop.clone(),
            repo_dir.clone(),
            cloned.tmp.path().join("bg.idx"),
        );
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let _ = std::fs::remove_file(&file);
                let _ = index::build(&repo_dir, &file, 1, &AtomicBool::new(false));
            }
        })
    };
    let mut down = true;
    group.bench_function(
        "key to frame in the source of the largest file, 160x45, index rebuilding",
        |b| {
            b.iter(|| {
                // Down to the end and back up: every frame shows other lines.
                if state_cursor(&state) + 1 >= line_count(&state) {
                    down = false;
                } else if state_cursor(&state) == 0 {
                    down = true;
                }
                update(
                    &mut state,
                    if down {
                        Action::PageDown
                    } else {
                        Action::PageUp
                    },
                );
                terminal.draw(|f| ui::render(&state, f)).unwrap();
            })
        },
    );
    stop.store(true, Ordering::Relaxed);
    let _ = background.join();
    group.finish();
    let (rss, hwm) = support::memory_mib();
    eprintln!("resident memory after the benchmarks: {rss} MiB (peak {hwm} MiB)");
}

fn state_cursor(s: &State) -> usize {
    match &s.screen {
        codestudy::app::Screen::Explorer(e) => e.source.selected,
        _ => 0,
    }
}

fn line_count(s: &State) -> usize {
    match &s.screen {
        codestudy::app::Screen::Explorer(e) => e.line_count(),
        _ => 0,
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
