//! Work over many items of a clone on several threads, each with its own
//! [`Snapshot`] (git2 repositories are not `Sync`): how the symbol index
//! and the semantic index read and parse their blobs.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::{RepoError, Snapshot};

/// What `work` says of one item.
pub enum Step<T> {
    /// A result to keep.
    Done(T),
    /// Stop every worker (a cancel seen inside the work).
    Stop,
}

/// Run `work` on each of `items` on up to `threads` workers; results in
/// no particular order. The first error stops the others and is returned;
/// a set `cancel` (or [`Step::Stop`]) ends the work early with what was
/// done, for the caller to tell from `cancel`. No worker starts, and no
/// repository is opened, when there is nothing to do.
pub fn for_each<I: Sync, T: Send>(
    repo_dir: &Path,
    threads: usize,
    items: &[I],
    cancel: &AtomicBool,
    work: impl Fn(&Snapshot, &I) -> Result<Step<T>, RepoError> + Sync,
) -> Result<Vec<T>, RepoError> {
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let results: Mutex<Vec<T>> = Mutex::new(Vec::new());
    let failure: Mutex<Option<RepoError>> = Mutex::new(None);
    let fail = |e: RepoError| {
        stop.store(true, Ordering::Relaxed);
        if let Ok(mut f) = failure.lock() {
            f.get_or_insert(e);
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.max(1).min(items.len()) {
            scope.spawn(|| {
                let snap = match Snapshot::open(repo_dir) {
                    Ok(s) => s,
                    Err(e) => return fail(e),
                };
                let mut local = Vec::new();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= items.len()
                        || cancel.load(Ordering::Relaxed)
                        || stop.load(Ordering::Relaxed)
                    {
                        break;
                    }
                    match work(&snap, &items[i]) {
                        Ok(Step::Done(t)) => local.push(t),
                        Ok(Step::Stop) => {
                            stop.store(true, Ordering::Relaxed);
                            break;
                        }
                        Err(e) => {
                            fail(e);
                            break;
                        }
                    }
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(local);
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e);
    }
    Ok(results.into_inner().unwrap_or_default())
}
