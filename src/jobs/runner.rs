//! The job runner: carries out the app's effects on background threads and
//! sends their results back on the runtime's event channel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;

use crate::app::{Effect, JobResult, State};
use crate::catalog::Catalog;
use crate::outline::index;
use crate::repo::{
    Cache, CloneEvent, CloneOutcome, CloneRequest, EntryKind, Mirror, Snapshot, spawn_clone,
};
use crate::study::{Change, Store};

/// A clone thread's reports, as the app takes them.
impl From<CloneEvent> for JobResult {
    fn from(event: CloneEvent) -> JobResult {
        match event {
            CloneEvent::Progress { id, progress } => {
                JobResult::CloneProgress { repo: id, progress }
            }
            CloneEvent::Finished { id, result } => JobResult::CloneFinished {
                repo: id,
                result: result
                    .map(|outcome| {
                        let depth = match &outcome {
                            CloneOutcome::Cloned { depth, .. }
                            | CloneOutcome::Updated { depth, .. }
                            | CloneOutcome::UpToDate { depth, .. } => *depth,
                            CloneOutcome::Deepened { to, .. } => *to,
                        };
                        (outcome, depth)
                    })
                    .map_err(|e| e.to_string()),
            },
        }
    }
}

/// Carries out effects; results come back on `tx` as the runtime's event
/// type `E`, so they share one channel with the terminal's input.
pub struct Runner<E> {
    save_tx: mpsc::Sender<Vec<(u64, Change)>>,
    tx: mpsc::Sender<E>,
    cache: Cache,
    cache_dir: PathBuf,
    /// Where the progress is kept: no working copy goes in there.
    data_dir: PathBuf,
    mirror: Option<Mirror>,
    clones: HashMap<String, Arc<AtomicBool>>,
    /// Cancels the file load in progress when a newer one starts.
    file_cancel: Option<Arc<AtomicBool>>,
}

impl<E: From<JobResult> + From<CloneEvent> + Send + 'static> Runner<E> {
    /// Starts the thread that saves the progress to `store`.
    pub fn new(
        tx: mpsc::Sender<E>,
        cache: Cache,
        cache_dir: &Path,
        mirror: Option<Mirror>,
        store: Store,
    ) -> std::io::Result<Runner<E>> {
        // Saves go through one thread, in the order made: two in flight at
        // once could land out of order.
        let data_dir = store
            .path()
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let (save_tx, save_rx) = mpsc::channel::<Vec<(u64, Change)>>();
        let saver_tx = tx.clone();
        thread::Builder::new().name("save".into()).spawn(move || {
            for batch in save_rx {
                let saved = batch.iter().map(|(n, _)| *n).collect();
                let changes: Vec<_> = batch.into_iter().map(|(_, c)| c).collect();
                let result = store.apply(&changes).map_err(|e| e.to_string());
                if saver_tx
                    .send(E::from(JobResult::ProgressSaved { saved, result }))
                    .is_err()
                {
                    return;
                }
            }
        })?;
        Ok(Runner {
            save_tx,
            tx,
            cache,
            cache_dir: cache_dir.to_path_buf(),
            data_dir,
            mirror,
            clones: HashMap::new(),
            file_cancel: None,
        })
    }

    /// The cache the jobs read clones from.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Stop every clone in progress (their temporaries are removed).
    pub fn cancel_all(&mut self) {
        for flag in self.clones.values() {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn spawn(&self, name: &str, work: impl FnOnce() -> JobResult + Send + 'static) {
        let tx = self.tx.clone();
        let _ = thread::Builder::new().name(name.into()).spawn(move || {
            let _ = tx.send(E::from(work()));
        });
    }

    fn repo_dir(&self, catalog: &Catalog, id: &str) -> Option<PathBuf> {
        let r = catalog.repo(id)?;
        Some(self.cache.repo_dir(&r.owner, &r.name))
    }

    /// Start carrying out `effect`. `OpenEditor` is not a job: the runtime
    /// hands it the terminal itself.
    pub fn start(&mut self, effect: Effect, state: &State) {
        match effect {
            // A deepening is a clone of an existing repository with more
            // depth: the same job, the same progress and result.
            Effect::StartClone { .. } | Effect::Deepen { .. } => {
                let (repo, depth) = match effect {
                    Effect::Deepen { repo, depth } => (repo, Some(depth)),
                    Effect::StartClone { repo } => (repo, None),
                    _ => return,
                };
                let Some(r) = state.catalog.repo(&repo) else {
                    return;
                };
                let req = CloneRequest::for_repo(r, self.mirror.as_ref(), depth);
                let cancel = Arc::new(AtomicBool::new(false));
                self.clones.insert(repo, cancel.clone());
                let _ = spawn_clone(self.cache.clone(), req, self.tx.clone(), cancel);
            }
            Effect::CancelClone { repo } => {
                if let Some(flag) = self.clones.get(&repo) {
                    flag.store(true, Ordering::Relaxed);
                }
            }
            Effect::OpenRepo { repo, request } => {
                let Some(dir) = self.repo_dir(&state.catalog, &repo) else {
                    return;
                };
                let key_files: Vec<String> = state
                    .catalog
                    .repo(&repo)
                    .map(|r| r.key_files.clone())
                    .unwrap_or_default();
                self.spawn("open", move || JobResult::RepoOpened {
                    request,
                    result: super::open_repo(&dir, &key_files),
                });
            }
            Effect::ListDir { repo, dir } => {
                let Some(rdir) = self.repo_dir(&state.catalog, &repo) else {
                    return;
                };
                self.spawn("list", move || {
                    let result = Snapshot::open(&rdir)
                        .and_then(|s| s.list_dir(Some(&dir)))
                        .map_err(|e| e.to_string());
                    JobResult::DirListed { repo, dir, result }
                });
            }
            Effect::LoadFile {
                repo,
                path,
                request,
            } => {
                let Some(rdir) = self.repo_dir(&state.catalog, &repo) else {
                    return;
                };
                if let Some(old) = self.file_cancel.take() {
                    old.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.file_cancel = Some(cancel.clone());
                self.spawn("file", move || JobResult::FileLoaded {
                    request,
                    result: super::load_file(&rdir, &path, &cancel),
                });
            }
            Effect::LoadFileList { repo } => {
                let Some(rdir) = self.repo_dir(&state.catalog, &repo) else {
                    return;
                };
                self.spawn("files", move || {
                    let result = Snapshot::open(&rdir)
                        .and_then(|s| s.list_all(false))
                        .map(|all| {
                            all.into_iter()
                                .filter(|e| e.kind != EntryKind::Directory)
                                .map(|e| e.path)
                                .collect()
                        })
                        .map_err(|e| e.to_string());
                    JobResult::FileList { repo, result }
                });
            }
            Effect::LoadIndex { repo } => {
                let Some(r) = state.catalog.repo(&repo) else {
                    return;
                };
                let rdir = self.cache.repo_dir(&r.owner, &r.name);
                let cache_file = index::cache_path(&self.cache_dir, &r.owner, &r.name);
                self.spawn("index", move || {
                    let result = index::build(
                        &rdir,
                        &cache_file,
                        index::default_threads(),
                        &AtomicBool::new(false),
                    )
                    .map(|i| i.entries)
                    .map_err(|e| e.to_string());
                    JobResult::IndexLoaded { repo, result }
                });
            }
            Effect::OpenStepView { repo, step } => {
                let Some(r) = state.catalog.repo(&repo).cloned() else {
                    return;
                };
                let progress = state.progress.repo(&repo).cloned();
                let dir = self.cache.repo_dir(&r.owner, &r.name);
                self.spawn("step", move || {
                    let result = Snapshot::open(&dir)
                        .map_err(|e| e.to_string())
                        .map(|snap| super::step_view(&snap, &r, step, progress.as_ref()));
                    JobResult::StepView { repo, step, result }
                });
            }
            Effect::OpenTarget {
                repo,
                target,
                request,
            } => {
                let Some(dir) = self.repo_dir(&state.catalog, &repo) else {
                    return;
                };
                self.spawn("view", move || {
                    let result = Snapshot::open(&dir)
                        .map_err(|e| e.to_string())
                        .and_then(|snap| super::open_target(&snap, &repo, &target));
                    JobResult::TargetOpened {
                        repo,
                        target,
                        request,
                        result,
                    }
                });
            }
            Effect::MakeWorkingCopy { repo, dest } => {
                let Some(r) = state.catalog.repo(&repo).cloned() else {
                    return;
                };
                let cached = self.cache.repo_dir(&r.owner, &r.name);
                let home = state.home_dir.clone();
                let (cache_dir, data_dir) = (self.cache_dir.clone(), self.data_dir.clone());
                self.spawn("workcopy", move || {
                    let keep_out = [("cache", &*cache_dir), ("data dir", &*data_dir)];
                    let home = home.as_deref().map(Path::new);
                    let (dest, result) =
                        crate::repo::make_working_copy_at(&cached, &dest, home, &keep_out, &r.url);
                    JobResult::WorkingCopyMade { repo, dest, result }
                });
            }
            Effect::SaveProgress(changes) => {
                let _ = self.save_tx.send(changes);
            }
            Effect::OpenEditor { .. } => {}
        }
    }
}
