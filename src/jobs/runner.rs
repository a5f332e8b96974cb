//! The job runner: carries out the app's effects on background threads and
//! sends their results back on the runtime's event channel.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;

use crate::app::{Effect, JobError, JobResult, ProgressFailure};
use crate::catalog;
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
                    .map_err(JobError::from),
            },
        }
    }
}

/// Starts a job's thread: `thread::Builder::spawn` in use, one that fails
/// in tests.
type StartThread = fn(&str, Box<dyn FnOnce() + Send>) -> std::io::Result<()>;

/// Starts a clone's thread: `repo::spawn_clone` in use, one that fails in
/// tests.
type StartClone<E> = fn(
    Cache,
    CloneRequest,
    mpsc::Sender<E>,
    Arc<AtomicBool>,
) -> std::io::Result<thread::JoinHandle<()>>;

fn start_thread(name: &str, work: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
    thread::Builder::new()
        .name(name.into())
        .spawn(work)
        .map(|_| ())
}

/// A job of a kind where only the newest matters: the one waiting, and
/// whether a thread is working through them.
#[derive(Default)]
struct LatestJob {
    next: Option<Box<dyn FnOnce() + Send>>,
    running: bool,
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
    /// The background fetches of lazy clones' files, by repository.
    prefetches: HashMap<String, Arc<AtomicBool>>,
    /// Cancels the file load in progress when a newer one starts.
    file_cancel: Option<Arc<AtomicBool>>,
    /// Cancels the grep in flight when a newer one starts.
    grep_cancel: Option<Arc<AtomicBool>>,
    /// The usage count waiting for the thread that computes them: a newer
    /// one replaces it (moving through an outline asks for many).
    usage: Arc<Mutex<LatestJob>>,
    start_thread: StartThread,
    start_clone: StartClone<E>,
    store: Store,
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
        let saver_store = store.clone();
        thread::Builder::new().name("save".into()).spawn(move || {
            let store = saver_store;
            for batch in save_rx {
                let saved = batch.iter().map(|(n, _)| *n).collect();
                let changes: Vec<_> = batch.into_iter().map(|(_, c)| c).collect();
                let result = store.apply(&changes).map_err(ProgressFailure::from);
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
            prefetches: HashMap::new(),
            file_cancel: None,
            grep_cancel: None,
            usage: Arc::new(Mutex::new(LatestJob::default())),
            start_thread,
            start_clone: spawn_clone::<E>,
            store,
        })
    }

    /// The cache the jobs read clones from.
    pub fn cache(&self) -> &Cache {
        &self.cache
    }

    /// Stop every clone in progress (their temporaries are removed).
    pub fn cancel_all(&mut self) {
        for flag in self.clones.values().chain(self.prefetches.values()) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Run `work` on a thread of its own; if no thread can be started, the
    /// job's failure comes back instead, so nothing waits for it forever.
    fn spawn(
        &self,
        name: &str,
        effect: &Effect,
        work: impl FnOnce() -> JobResult + Send + 'static,
    ) {
        let tx = self.tx.clone();
        let started = (self.start_thread)(
            name,
            Box::new(move || {
                let _ = tx.send(E::from(work()));
            }),
        );
        if let Err(e) = started {
            self.not_started(effect, &e);
        }
    }

    fn not_started(&self, effect: &Effect, e: &std::io::Error) {
        if let Some(result) = effect.failed(JobError::not_started(e)) {
            let _ = self.tx.send(E::from(result));
        }
    }

    fn clone_dir(&self, r: &catalog::Repo) -> PathBuf {
        self.cache.repo_dir(&r.owner, &r.name)
    }

    /// Start carrying out `effect`, with what it carries. `OpenEditor` is
    /// not a job: the runtime hands it the terminal itself.
    pub fn start(&mut self, effect: Effect) {
        match &effect {
            // A deepening is a clone of an existing repository with more
            // depth: the same job, the same progress and result.
            Effect::StartClone {
                repo,
                catalog_entry,
                ..
            }
            | Effect::Deepen {
                repo,
                catalog_entry,
                ..
            } => {
                let depth = match &effect {
                    Effect::Deepen { depth, .. } => Some(*depth),
                    Effect::StartClone { depth, .. } => *depth,
                    _ => None,
                };
                let req = CloneRequest::for_repo(catalog_entry, self.mirror.as_ref(), depth);
                let cancel = Arc::new(AtomicBool::new(false));
                self.clones.insert(repo.clone(), cancel.clone());
                if let Err(e) = (self.start_clone)(self.cache.clone(), req, self.tx.clone(), cancel)
                {
                    self.clones.remove(repo);
                    self.not_started(&effect, &e);
                }
            }
            Effect::CancelClone { repo } => {
                if let Some(flag) = self.clones.get(repo) {
                    flag.store(true, Ordering::Relaxed);
                }
            }
            Effect::Prefetch {
                repo,
                everything,
                catalog_entry,
            } => {
                let cancel = Arc::new(AtomicBool::new(false));
                if let Some(old) = self.prefetches.insert(repo.clone(), cancel.clone()) {
                    old.store(true, Ordering::Relaxed);
                }
                let (dir, key_files, repo, everything) = (
                    self.clone_dir(catalog_entry),
                    catalog_entry.key_files.clone(),
                    repo.clone(),
                    *everything,
                );
                let tx = Mutex::new(self.tx.clone());
                self.spawn("prefetch", &effect, move || {
                    let step = |done, total| {
                        if let Ok(tx) = tx.lock() {
                            let _ = tx.send(E::from(JobResult::PrefetchProgress {
                                repo: repo.clone(),
                                done,
                                total,
                            }));
                        }
                    };
                    let result = super::prefetch(&dir, &key_files, everything, &step, &cancel);
                    JobResult::Prefetched {
                        repo,
                        everything,
                        result,
                    }
                });
            }
            Effect::FindDeparture {
                repo,
                path,
                catalog_entry,
            } => {
                let (dir, repo, path) = (self.clone_dir(catalog_entry), repo.clone(), path.clone());
                self.spawn("history", &effect, move || {
                    let result =
                        crate::repo::gone::departure(&dir, &path, &|_| {}, &AtomicBool::new(false))
                            .map(|d| d.describe())
                            .map_err(JobError::from);
                    JobResult::Departure { repo, path, result }
                });
            }
            Effect::CancelPrefetch { repo } => {
                if let Some(flag) = self.prefetches.remove(repo) {
                    flag.store(true, Ordering::Relaxed);
                }
            }
            Effect::OpenRepo {
                request,
                catalog_entry,
                ..
            } => {
                let (dir, key_files, request) = (
                    self.clone_dir(catalog_entry),
                    catalog_entry.key_files.clone(),
                    *request,
                );
                self.spawn("open", &effect, move || JobResult::RepoOpened {
                    request,
                    result: super::open_repo(&dir, &key_files),
                });
            }
            Effect::OpenAddress(url) => {
                let url = url.clone();
                self.spawn("browser", &effect, move || JobResult::AddressOpened {
                    result: super::open_address(&url),
                });
            }
            Effect::CheckOutside { repos } => {
                let (cache, progress, repos) =
                    (self.cache.clone(), self.store.path(), repos.clone());
                self.spawn("check", &effect, move || JobResult::Outside {
                    progress_modified: std::fs::metadata(&progress).and_then(|m| m.modified()).ok(),
                    clones: Some(super::cloned_of(&cache, &repos)),
                });
            }
            Effect::RemoveClone {
                repo,
                catalog_entry,
            } => {
                let (cache, cache_dir, entry, repo) = (
                    self.cache.clone(),
                    self.cache_dir.clone(),
                    catalog_entry.clone(),
                    repo.clone(),
                );
                self.spawn("remove", &effect, move || JobResult::CloneRemoved {
                    result: super::remove_clone(&cache, &cache_dir, &entry),
                    repo,
                });
            }
            Effect::ReadCloneFacts {
                repo,
                catalog_entry,
            } => {
                let (dir, key_files, repo) = (
                    self.clone_dir(catalog_entry),
                    catalog_entry.key_files.clone(),
                    repo.clone(),
                );
                self.spawn("facts", &effect, move || JobResult::CloneFacts {
                    result: super::clone_facts(&dir, &key_files),
                    repo,
                });
            }
            Effect::ListDir {
                repo,
                dir,
                catalog_entry,
            } => {
                let (rdir, repo, dir) = (self.clone_dir(catalog_entry), repo.clone(), dir.clone());
                self.spawn("list", &effect, move || {
                    let result = Snapshot::open(&rdir)
                        .and_then(|s| s.list_dir(Some(&dir)))
                        .map_err(JobError::from);
                    JobResult::DirListed { repo, dir, result }
                });
            }
            Effect::LoadFile {
                path,
                request,
                catalog_entry,
                ..
            } => {
                if let Some(old) = self.file_cancel.take() {
                    old.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.file_cancel = Some(cancel.clone());
                let (rdir, path, request) = (self.clone_dir(catalog_entry), path.clone(), *request);
                let tx = Mutex::new(self.tx.clone());
                self.spawn("file", &effect, move || {
                    let fetching = || {
                        if let Ok(tx) = tx.lock() {
                            let _ = tx.send(E::from(JobResult::FileFetching { request }));
                        }
                    };
                    JobResult::FileLoaded {
                        request,
                        result: super::load_file_with(&rdir, &path, &cancel, &fetching),
                    }
                });
            }
            Effect::LoadFileList {
                repo,
                catalog_entry,
            } => {
                let (rdir, repo) = (self.clone_dir(catalog_entry), repo.clone());
                self.spawn("files", &effect, move || {
                    let result = Snapshot::open(&rdir)
                        .and_then(|s| s.list_all(false))
                        .map(|all| {
                            all.into_iter()
                                .filter(|e| e.kind != EntryKind::Directory)
                                .map(|e| e.path)
                                .collect()
                        })
                        .map_err(JobError::from);
                    JobResult::FileList { repo, result }
                });
            }
            Effect::LoadIndex {
                repo,
                catalog_entry,
            } => {
                let rdir = self.clone_dir(catalog_entry);
                let cache_file =
                    index::cache_path(&self.cache_dir, &catalog_entry.owner, &catalog_entry.name);
                let repo = repo.clone();
                self.spawn("index", &effect, move || {
                    let result = index::build(
                        &rdir,
                        &cache_file,
                        index::default_threads(),
                        &AtomicBool::new(false),
                    )
                    .map(|i| i.entries)
                    .map_err(JobError::from);
                    super::give_back_memory();
                    JobResult::IndexLoaded { repo, result }
                });
            }
            Effect::OpenStepView {
                repo,
                step,
                catalog_entry,
                progress,
            } => {
                let dir = self.clone_dir(catalog_entry);
                let cache_file = crate::intel::cache_path(
                    &self.cache_dir,
                    &catalog_entry.owner,
                    &catalog_entry.name,
                );
                let (repo, step, catalog_entry, progress) =
                    (repo.clone(), *step, catalog_entry.clone(), progress.clone());
                self.spawn("step", &effect, move || {
                    // Steps 2 and 4 read the code index (its cache makes
                    // this quick after the first time); without one they
                    // show what the names of files tell.
                    let intel = step
                        .uses_intel()
                        .then(|| {
                            super::intel::build(&dir, &cache_file, &AtomicBool::new(false)).ok()
                        })
                        .flatten();
                    let result = Snapshot::open(&dir).map_err(JobError::from).map(|snap| {
                        super::step_view(
                            &snap,
                            &catalog_entry,
                            step,
                            progress.as_ref(),
                            intel.as_ref().map(|i| &*i.0),
                        )
                    });
                    JobResult::StepView { repo, step, result }
                });
            }
            Effect::FileSymbols {
                repo,
                path,
                catalog_entry,
            } => {
                let dir = self.clone_dir(catalog_entry);
                let (repo, path) = (repo.clone(), path.clone());
                self.spawn("symbols", &effect, move || {
                    let result = Snapshot::open(&dir)
                        .map_err(JobError::from)
                        .and_then(|snap| super::file_symbols(&snap, &path));
                    JobResult::FileSymbols { repo, path, result }
                });
            }
            Effect::OpenTarget {
                repo,
                target,
                request,
                catalog_entry,
            } => {
                let dir = self.clone_dir(catalog_entry);
                let cache_file = crate::intel::cache_path(
                    &self.cache_dir,
                    &catalog_entry.owner,
                    &catalog_entry.name,
                );
                let (repo, target, request, catalog_entry) = (
                    repo.clone(),
                    target.clone(),
                    *request,
                    catalog_entry.clone(),
                );
                self.spawn("view", &effect, move || {
                    let result = Snapshot::open(&dir)
                        .map_err(JobError::from)
                        .and_then(|snap| match &target {
                            crate::study::views::Target::TestsOf { path } => {
                                let intel =
                                    super::intel::build(&dir, &cache_file, &AtomicBool::new(false))
                                        .ok();
                                Ok(super::tests_of(
                                    &snap,
                                    &catalog_entry,
                                    path,
                                    intel.as_ref().map(|i| &*i.0),
                                ))
                            }
                            _ => super::open_target(&snap, &repo, &target),
                        });
                    JobResult::TargetOpened {
                        repo,
                        target,
                        request,
                        result,
                    }
                });
            }
            Effect::MakeWorkingCopy {
                repo,
                dest,
                catalog_entry,
                home,
            } => {
                let cached = self.clone_dir(catalog_entry);
                let (repo, dest, home, url) = (
                    repo.clone(),
                    dest.clone(),
                    home.clone(),
                    catalog_entry.url.clone(),
                );
                let (cache_dir, data_dir) = (self.cache_dir.clone(), self.data_dir.clone());
                self.spawn("workcopy", &effect, move || {
                    let keep_out = [("cache", &*cache_dir), ("data dir", &*data_dir)];
                    let home = home.as_deref().map(Path::new);
                    let (dest, result) =
                        crate::repo::make_working_copy_at(&cached, &dest, home, &keep_out, &url);
                    JobResult::WorkingCopyMade {
                        repo,
                        dest,
                        result: result.map_err(JobError::from),
                    }
                });
            }
            Effect::CompleteFolder { typed, home } => {
                let (typed, home) = (typed.clone(), home.clone());
                let cwd = std::env::current_dir().ok();
                self.spawn("complete", &effect, move || {
                    let names = crate::jobs::folder_names(&typed, home.as_deref(), cwd.as_deref());
                    JobResult::FolderNames { typed, names }
                });
            }
            Effect::SaveProgress(changes) => {
                // The saving thread is gone: the changes stay pending and
                // the person is told.
                if self.save_tx.send(changes.clone()).is_err() {
                    let e = std::io::Error::other("the saving thread has stopped");
                    self.not_started(&effect, &e);
                }
            }
            Effect::LoadProgress => {
                let store = self.store.clone();
                self.spawn("load", &effect, move || JobResult::ProgressLoaded {
                    result: store.load().map_err(ProgressFailure::from),
                });
            }
            Effect::Grep {
                request,
                options,
                catalog_entry,
                ..
            } => {
                if let Some(old) = self.grep_cancel.take() {
                    old.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.grep_cancel = Some(cancel.clone());
                let (dir, request, options) =
                    (self.clone_dir(catalog_entry), *request, options.clone());
                let tx = Mutex::new(self.tx.clone());
                self.spawn("grep", &effect, move || {
                    let send = |r: JobResult| {
                        if let Ok(tx) = tx.lock() {
                            let _ = tx.send(E::from(r));
                        }
                    };
                    super::grep::grep(
                        &dir,
                        request,
                        &options,
                        crate::app::GREP_MAX_LINES,
                        crate::app::GREP_MAX_LINE_BYTES,
                        &cancel,
                        &send,
                    )
                });
            }
            Effect::GrepPreview {
                request,
                path,
                line,
                catalog_entry,
            } => {
                let (dir, request, path, line) =
                    (self.clone_dir(catalog_entry), *request, path.clone(), *line);
                self.spawn("preview", &effect, move || {
                    let result =
                        super::grep::preview(&dir, &path, line, crate::app::GREP_PREVIEW_CONTEXT);
                    JobResult::GrepPreview {
                        request,
                        path,
                        line,
                        result,
                    }
                });
            }
            Effect::BuildIntel {
                repo,
                catalog_entry,
            } => {
                let rdir = self.clone_dir(catalog_entry);
                let cache_file = crate::intel::cache_path(
                    &self.cache_dir,
                    &catalog_entry.owner,
                    &catalog_entry.name,
                );
                let repo = repo.clone();
                self.spawn("intel", &effect, move || {
                    let result = super::intel::build(&rdir, &cache_file, &AtomicBool::new(false));
                    super::give_back_memory();
                    JobResult::IntelBuilt { repo, result }
                });
            }
            Effect::Intel {
                repo,
                request,
                query,
                index,
                catalog_entry,
            } => {
                let rdir = self.clone_dir(catalog_entry);
                let (repo, request, query, index) =
                    (repo.clone(), *request, query.clone(), index.clone());
                let usage = matches!(query, crate::app::explorer::intel::IntelQuery::Usage { .. });
                let work = move || JobResult::IntelAnswered {
                    repo,
                    request,
                    result: super::intel::answer(&rdir, &index.0, &query),
                };
                if usage {
                    self.latest(&effect, work);
                } else {
                    self.spawn("intel-ask", &effect, work);
                }
            }
            Effect::OpenEditor { .. } | Effect::CopyToClipboard(_) => {}
        }
    }

    /// Run `work` on the usage thread once the job before it is done; a
    /// job still waiting is dropped for it (nothing waits for its result:
    /// the app asks for the newest only).
    fn latest(&self, effect: &Effect, work: impl FnOnce() -> JobResult + Send + 'static) {
        let tx = self.tx.clone();
        let job: Box<dyn FnOnce() + Send> = Box::new(move || {
            let _ = tx.send(E::from(work()));
        });
        let Ok(mut slot) = self.usage.lock() else {
            return;
        };
        slot.next = Some(job);
        if slot.running {
            return;
        }
        slot.running = true;
        drop(slot);
        let shared = self.usage.clone();
        let started = (self.start_thread)(
            "intel-usage",
            Box::new(move || {
                loop {
                    let next = match shared.lock() {
                        Ok(mut slot) => match slot.next.take() {
                            Some(job) => job,
                            None => {
                                slot.running = false;
                                return;
                            }
                        },
                        Err(_) => return,
                    };
                    next();
                }
            }),
        );
        if let Err(e) = started {
            if let Ok(mut slot) = self.usage.lock() {
                slot.running = false;
                slot.next = None;
            }
            self.not_started(effect, &e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::explorer::intel::{IntelIndex, IntelQuery};
    use crate::app::{RepoStatus, State, on_job, update};
    use crate::catalog::Catalog;
    use crate::repo::RepoPath;
    use ratatui::layout::Rect;
    use std::time::Duration;

    fn no_thread(_: &str, _: Box<dyn FnOnce() + Send>) -> std::io::Result<()> {
        Err(std::io::Error::from_raw_os_error(11))
    }

    fn no_clone_thread(
        _: Cache,
        _: CloneRequest,
        _: mpsc::Sender<JobResult>,
        _: Arc<AtomicBool>,
    ) -> std::io::Result<thread::JoinHandle<()>> {
        Err(std::io::Error::from_raw_os_error(11))
    }

    /// A runner whose job threads never start, as on a system out of
    /// threads (EAGAIN).
    fn starved(dir: &Path) -> (Runner<JobResult>, mpsc::Receiver<JobResult>) {
        let (tx, rx) = mpsc::channel();
        let mut runner = Runner::new(
            tx,
            Cache::new(&dir.join("cache")),
            &dir.join("cache"),
            None,
            Store::new(&dir.join("data")),
        )
        .unwrap();
        runner.start_thread = no_thread;
        runner.start_clone = no_clone_thread;
        (runner, rx)
    }

    fn error_of(r: &JobResult) -> Option<&JobError> {
        match r {
            JobResult::CloneFinished { result, .. } => result.as_ref().err(),
            JobResult::RepoOpened { result, .. } => result.as_ref().err(),
            JobResult::DirListed { result, .. } => result.as_ref().err(),
            JobResult::FileLoaded { result, .. } => result.as_ref().err(),
            JobResult::FileList { result, .. } => result.as_ref().err(),
            JobResult::IndexLoaded { result, .. } => result.as_ref().err(),
            JobResult::StepView { result, .. } => result.as_ref().err(),
            JobResult::TargetOpened { result, .. } => result.as_ref().err(),
            JobResult::WorkingCopyMade { result, .. } => result.as_ref().err(),
            JobResult::EditorClosed { result } => result.as_ref().err(),
            JobResult::GrepDone { result, .. } => result.as_ref().err(),
            JobResult::GrepPreview { result, .. } => result.as_ref().err(),
            JobResult::IntelBuilt { result, .. } => result.as_ref().err(),
            JobResult::IntelAnswered { result, .. } => result.as_ref().err(),
            _ => None,
        }
    }

    fn empty_index() -> IntelIndex {
        IntelIndex(Arc::new(crate::intel::Index::from_sources(Vec::new())))
    }

    /// Usage counts asked for faster than they are answered: the one
    /// waiting is replaced by the newer, so the last asked always comes
    /// back, answers come in the order asked, and no queue builds up.
    #[test]
    fn a_newer_usage_count_replaces_the_one_waiting() {
        let tmp = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let mut runner: Runner<JobResult> = Runner::new(
            tx,
            Cache::new(&tmp.path().join("cache")),
            &tmp.path().join("cache"),
            None,
            Store::new(&tmp.path().join("data")),
        )
        .unwrap();
        let catalog_entry = Arc::new(
            Catalog::embedded()
                .unwrap()
                .repo("pallets/flask")
                .unwrap()
                .clone(),
        );
        let index = IntelIndex(Arc::new(crate::intel::Index::from_sources(vec![(
            "a.py".into(),
            b"def f():\n    pass\nf()\n".to_vec(),
        )])));
        for request in 1..=50 {
            runner.start(Effect::Intel {
                repo: "pallets/flask".into(),
                request,
                query: IntelQuery::Usage {
                    path: "a.py".into(),
                    line: 1,
                    column: 5,
                },
                index: index.clone(),
                catalog_entry: catalog_entry.clone(),
            });
        }
        let mut got = Vec::new();
        while let Ok(r) = rx.recv_timeout(Duration::from_secs(5)) {
            let JobResult::IntelAnswered {
                request, result, ..
            } = r
            else {
                continue;
            };
            assert!(
                matches!(
                    result,
                    Ok(crate::app::explorer::intel::IntelAnswer::Usage {
                        refs: 1,
                        files: 1,
                        ..
                    })
                ),
                "{result:?}"
            );
            got.push(request);
            if request == 50 {
                break;
            }
        }
        assert_eq!(got.last(), Some(&50), "the last asked is answered");
        assert!(got.windows(2).all(|w| w[0] < w[1]), "in order: {got:?}");
    }

    fn flask(state: &mut State) {
        update(state, crate::app::Action::Down);
        on_job(
            state,
            JobResult::ClonesFound(vec![(
                "pallets/flask".into(),
                Some(crate::repo::Depth::Commits(1)),
            )]),
        );
    }

    #[test]
    fn a_repository_whose_thread_cannot_start_is_not_left_opening() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut runner, rx) = starved(tmp.path());
        let mut s = State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40));
        flask(&mut s);
        for effect in update(&mut s, crate::app::Action::Open) {
            runner.start(effect);
        }
        assert!(s.busy(), "the explorer waits for its overview");
        let result = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(
            matches!(
                &result,
                JobResult::RepoOpened {
                    result: Err(JobError::NotStarted(_)),
                    ..
                }
            ),
            "{result:?}"
        );
        on_job(&mut s, result);
        let status = s.status.clone().unwrap();
        assert!(
            status.starts_with("could not open pallets/flask: could not start a background thread"),
            "{status}"
        );
        assert!(matches!(s.screen, crate::app::Screen::Home));
        assert!(!s.busy(), "nothing spins for a job that never ran");
    }

    #[test]
    fn every_job_whose_thread_cannot_start_brings_back_a_failure() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut runner, rx) = starved(tmp.path());
        let catalog_entry = Arc::new(
            Catalog::embedded()
                .unwrap()
                .repo("pallets/flask")
                .unwrap()
                .clone(),
        );
        let repo = "pallets/flask".to_string();
        let path = RepoPath::parse("README.md").unwrap();
        let effects = vec![
            Effect::StartClone {
                repo: repo.clone(),
                catalog_entry: catalog_entry.clone(),
                depth: None,
            },
            Effect::Deepen {
                repo: repo.clone(),
                depth: crate::repo::Depth::Full,
                catalog_entry: catalog_entry.clone(),
            },
            Effect::OpenRepo {
                repo: repo.clone(),
                request: 1,
                catalog_entry: catalog_entry.clone(),
            },
            Effect::ListDir {
                repo: repo.clone(),
                dir: RepoPath::parse("docs").unwrap(),
                catalog_entry: catalog_entry.clone(),
            },
            Effect::LoadFile {
                repo: repo.clone(),
                path: path.clone(),
                request: 2,
                catalog_entry: catalog_entry.clone(),
            },
            Effect::LoadFileList {
                repo: repo.clone(),
                catalog_entry: catalog_entry.clone(),
            },
            Effect::LoadIndex {
                repo: repo.clone(),
                catalog_entry: catalog_entry.clone(),
            },
            Effect::OpenStepView {
                repo: repo.clone(),
                step: crate::study::StepKind::History,
                catalog_entry: catalog_entry.clone(),
                progress: None,
            },
            Effect::OpenTarget {
                repo: repo.clone(),
                target: crate::study::views::Target::History {
                    path: None,
                    skip: 0,
                },
                request: 3,
                catalog_entry: catalog_entry.clone(),
            },
            Effect::MakeWorkingCopy {
                repo: repo.clone(),
                dest: "~/w".into(),
                catalog_entry: catalog_entry.clone(),
                home: None,
            },
            Effect::Grep {
                repo: repo.clone(),
                request: 4,
                options: crate::search::QueryOptions::default(),
                catalog_entry: catalog_entry.clone(),
            },
            Effect::GrepPreview {
                request: 5,
                path: path.clone(),
                line: 1,
                catalog_entry: catalog_entry.clone(),
            },
            Effect::BuildIntel {
                repo: repo.clone(),
                catalog_entry: catalog_entry.clone(),
            },
            Effect::Intel {
                repo: repo.clone(),
                request: 6,
                query: IntelQuery::Modules {
                    path: "a.py".into(),
                },
                index: empty_index(),
                catalog_entry: catalog_entry.clone(),
            },
            // The usage counts' own thread, which cannot start either.
            Effect::Intel {
                repo: repo.clone(),
                request: 7,
                query: IntelQuery::Usage {
                    path: "a.py".into(),
                    line: 1,
                    column: 1,
                },
                index: empty_index(),
                catalog_entry: catalog_entry.clone(),
            },
        ];
        let n = effects.len();
        for effect in effects {
            let Some(expected) = effect.failed(JobError::Cancelled) else {
                panic!("{effect:?} brings nothing back")
            };
            runner.start(effect);
            let got = rx.recv_timeout(Duration::from_secs(5)).unwrap();
            assert_eq!(
                std::mem::discriminant(&got),
                std::mem::discriminant(&expected),
                "{got:?}"
            );
            assert!(
                matches!(error_of(&got), Some(JobError::NotStarted(_))),
                "{got:?}"
            );
        }
        assert!(
            rx.try_recv().is_err(),
            "one result for each of the {n} jobs"
        );
    }

    #[test]
    fn a_clone_whose_thread_cannot_start_fails_and_can_be_retried() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut runner, rx) = starved(tmp.path());
        let mut s = State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40));
        update(&mut s, crate::app::Action::Down);
        for effect in update(&mut s, crate::app::Action::Open) {
            runner.start(effect);
        }
        assert!(matches!(
            s.status_of("pallets/flask"),
            RepoStatus::Cloning(_)
        ));
        on_job(&mut s, rx.recv_timeout(Duration::from_secs(5)).unwrap());
        assert!(
            matches!(s.status_of("pallets/flask"), RepoStatus::Failed(e) if e.contains("could not start")),
            "{:?}",
            s.status_of("pallets/flask")
        );
        assert!(!s.busy());
        assert!(s.status.as_deref().unwrap().contains("press r to retry"));
    }

    #[test]
    fn a_save_that_cannot_reach_the_saving_thread_keeps_the_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let (tx, rx) = mpsc::channel();
        let mut runner: Runner<JobResult> = Runner::new(
            tx,
            Cache::new(&tmp.path().join("cache")),
            &tmp.path().join("cache"),
            None,
            Store::new(&tmp.path().join("data")),
        )
        .unwrap();
        // The saving thread gone, as if it had panicked.
        let (dead_tx, _) = mpsc::channel();
        runner.save_tx = dead_tx;
        let mut s = State::new(Catalog::embedded().unwrap(), Rect::new(0, 0, 120, 40));
        let change = crate::study::Change::SetStep {
            repo: "pallets/flask".into(),
            number: 1,
            state: crate::study::StepState::Done,
            today: "2026-01-01".into(),
        };
        for effect in s.change(change) {
            runner.start(effect);
        }
        on_job(&mut s, rx.recv_timeout(Duration::from_secs(5)).unwrap());
        assert_eq!(s.pending.len(), 1, "the change is still to be saved");
        assert!(s.status.as_deref().unwrap().starts_with("not saved"));
    }
}
