//! The terminal: entering and leaving raw mode, the input, signal and tick
//! threads, the event loop that feeds actions to `app::update` and job
//! results to `app::on_job`, and the job runner that carries out their
//! effects on background threads.
//!
//! The terminal is restored on every way out: normal exit and errors (the
//! guard's `Drop`), panics (a panic hook), and SIGTERM/SIGHUP/SIGINT (a
//! signal thread that asks the loop to stop).

use std::collections::HashMap;
use std::io::{self, IsTerminal, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use crate::app::{self, Action, Effect, FileState, JobResult, RepoStatus, Screen, State, keymap};
use crate::catalog::Catalog;
use crate::outline::index;
use crate::repo::{
    Cache, CloneOutcome, CloneRequest, EntryKind, Mirror, RepoPath, Snapshot, clone_or_update,
    fetch_url,
};
use crate::ui;

type Term = Terminal<CrosstermBackend<Stdout>>;

/// What wakes the event loop.
enum Event {
    Terminal(crossterm::event::Event),
    /// The input thread stopped: the terminal is gone.
    InputClosed(io::Error),
    Signal(i32),
    Job(JobResult),
    Tick,
}

/// How the terminal UI ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    /// Ended by this signal; the process should exit with 128 + signal.
    Signal(i32),
}

/// Refuse to start the UI anywhere but an interactive terminal, before any
/// terminal mode is changed.
pub fn check_interactive() -> Result<()> {
    let stdin = io::stdin().is_terminal();
    let stdout = io::stdout().is_terminal();
    if !(stdin && stdout) {
        let which = match (stdin, stdout) {
            (false, false) => "stdin and stdout are not terminals",
            (false, true) => "stdin is not a terminal",
            _ => "stdout is not a terminal",
        };
        bail!(
            "the terminal UI needs an interactive terminal ({which}); run codestudy in a terminal, or use `codestudy list` (or `codestudy --help`) for plain output"
        );
    }
    Ok(())
}

pub fn run(
    catalog: Catalog,
    cache_dir: &std::path::Path,
    data_dir: &std::path::Path,
    mirror: Option<Mirror>,
) -> Result<Exit> {
    check_interactive()?;
    let cache = Cache::new(cache_dir);
    // Leftovers of clones killed earlier; a repository another instance is
    // cloning right now stays locked and is left alone.
    let _ = cache.remove_all_stale_temporaries();
    // Signals are caught before the terminal changes mode, and the guard
    // exists before anything that could fail after it changed.
    let mut signals =
        Signals::new([SIGTERM, SIGHUP, SIGINT]).context("could not install signal handlers")?;
    let _guard = RestoreOnDrop;
    let mut terminal = enter().context("could not set up the terminal")?;
    let size = terminal
        .size()
        .context("could not read the terminal size")?;
    let mut state = State::new(catalog, Rect::new(0, 0, size.width, size.height));
    for repo in state.catalog.repos() {
        if cache.is_cloned(&repo.owner, &repo.name) {
            let depth = crate::repo::clone::cached_depth(&cache.repo_dir(&repo.owner, &repo.name));
            state
                .repos
                .insert(repo.id.clone(), RepoStatus::Cloned(depth));
        }
    }
    let store = crate::study::Store::new(data_dir);
    let final_store = store.clone();
    match store.load() {
        Ok(p) => state.progress = p,
        Err(e) => state.status = Some(e.to_string()),
    }
    (state.today, state.now) = crate::study::today_and_now();
    state.home_dir = std::env::var("HOME").ok().filter(|h| !h.is_empty());
    // Lets the end-to-end tests prove that a panic restores the terminal.
    #[cfg(debug_assertions)]
    if std::env::var_os("CODESTUDY_TEST_PANIC").is_some() {
        panic!("deliberate panic for testing (CODESTUDY_TEST_PANIC is set)");
    }

    let (tx, rx) = mpsc::channel();
    let signal_tx = tx.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = signal_tx.send(Event::Signal(sig));
            }
        })
        .context("could not start the signal thread")?;
    let input_paused = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), input_paused.clone())?;
    let tick_tx = tx.clone();
    thread::Builder::new()
        .name("tick".into())
        .spawn(move || {
            while tick_tx.send(Event::Tick).is_ok() {
                thread::sleep(Duration::from_millis(100));
            }
        })
        .context("could not start the tick thread")?;
    // Saves go through one thread, in the order made: two in flight at
    // once could land out of order.
    let (save_tx, save_rx) = mpsc::channel::<Vec<(u64, crate::study::Change)>>();
    let saver_tx = tx.clone();
    thread::Builder::new()
        .name("save".into())
        .spawn(move || {
            for batch in save_rx {
                let saved = batch.iter().map(|(n, _)| *n).collect();
                let changes: Vec<_> = batch.into_iter().map(|(_, c)| c).collect();
                let result = store.apply(&changes).map_err(|e| e.to_string());
                if saver_tx
                    .send(Event::Job(JobResult::ProgressSaved { saved, result }))
                    .is_err()
                {
                    return;
                }
            }
        })
        .context("could not start the saving thread")?;
    let mut jobs = Jobs {
        save_tx,
        tx,
        cache,
        cache_dir: cache_dir.to_path_buf(),
        mirror,
        clones: HashMap::new(),
        file_cancel: None,
    };

    let mut dirty = true;
    loop {
        if dirty {
            if let Err(e) = terminal.draw(|frame| ui::render(&state, frame)) {
                // The terminal is gone (a hangup): save before leaving.
                save_before_exit(&mut state, &final_store)?;
                return Err(e).context("could not draw the screen");
            }
            dirty = false;
        }
        let Ok(first) = rx.recv() else {
            save_before_exit(&mut state, &final_store)?;
            return Ok(Exit::Quit);
        };
        // Take everything already queued before drawing again: a burst of
        // progress reports or key repeats costs one frame.
        let mut events = vec![first];
        events.extend(rx.try_iter());
        for event in events {
            let effects = match event {
                Event::Terminal(ev) => match keymap::action_for_event(&ev, state.mode()) {
                    Some(action) => {
                        dirty = true;
                        app::update(&mut state, action)
                    }
                    None => Vec::new(),
                },
                Event::Job(result) => {
                    dirty = true;
                    app::on_job(&mut state, result)
                }
                Event::Tick => {
                    state.tick_clock += 1;
                    if state.tick_clock.is_multiple_of(100) {
                        (state.today, state.now) = crate::study::today_and_now();
                        state.home_dir = std::env::var("HOME").ok().filter(|h| !h.is_empty());
                    }
                    if busy(&state) {
                        dirty = true;
                        app::update(&mut state, Action::Tick)
                    } else {
                        Vec::new()
                    }
                }
                Event::InputClosed(e) => {
                    save_before_exit(&mut state, &final_store)?;
                    return Err(e).context("lost the terminal's input");
                }
                Event::Signal(sig) => {
                    jobs.cancel_all();
                    save_before_exit(&mut state, &final_store)?;
                    return Ok(Exit::Signal(sig));
                }
            };
            for effect in effects {
                if let Effect::OpenEditor { repo, path, line } = effect {
                    let result = edit(
                        &mut terminal,
                        &input_paused,
                        &jobs.cache,
                        &state,
                        &repo,
                        &path,
                        line,
                    );
                    let more = app::on_job(&mut state, JobResult::EditorClosed { result });
                    for e in more {
                        jobs.start(e, &state);
                    }
                    dirty = true;
                } else {
                    jobs.start(effect, &state);
                }
            }
            if state.should_quit {
                jobs.cancel_all();
                save_before_exit(&mut state, &final_store)?;
                return Ok(Exit::Quit);
            }
        }
    }
}

/// Save what is not saved yet (a note being written, changes whose save
/// is still in flight) before the process ends: the saving thread dies
/// with it. Changes are idempotent, so one the thread also applies is
/// harmless. If it cannot be saved, the error carries the changes' text
/// so that nothing is lost.
fn save_before_exit(state: &mut app::State, store: &crate::study::Store) -> Result<()> {
    if matches!(state.overlay, Some(app::Overlay::Note { .. })) {
        app::update(state, Action::Quit);
    }
    if state.pending.is_empty() {
        return Ok(());
    }
    let changes: Vec<_> = state.pending.iter().map(|(_, c)| c.clone()).collect();
    store.apply(&changes).map(|_| ()).map_err(|e| {
        let lost: Vec<String> = changes.iter().map(crate::study::Change::describe).collect();
        anyhow::anyhow!("{e}\nnot saved:\n{}", lost.join("\n"))
    })
}

/// Whether something on screen animates (a clone gauge, a spinner).
fn busy(state: &State) -> bool {
    if state
        .repos
        .values()
        .any(|s| matches!(s, RepoStatus::Cloning(_)))
    {
        return true;
    }
    match &state.screen {
        Screen::Explorer(e) => {
            e.overview.is_none()
                || e.files_loading
                || e.index_loading
                || e.file
                    .as_ref()
                    .is_some_and(|f| matches!(f.state, FileState::Loading))
        }
        Screen::Home => false,
    }
}

/// Reads terminal input on its own thread. While `paused` (an editor owns
/// the terminal) it reads nothing.
fn spawn_input(tx: mpsc::Sender<Event>, paused: Arc<AtomicBool>) -> Result<()> {
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                if paused.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                match crossterm::event::poll(Duration::from_millis(50)) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(e) => {
                        let _ = tx.send(Event::InputClosed(e));
                        return;
                    }
                }
                // The editor may have taken over between poll and here.
                if paused.load(Ordering::SeqCst) {
                    continue;
                }
                let event = match crossterm::event::read() {
                    Ok(e) => Event::Terminal(e),
                    Err(e) => {
                        let _ = tx.send(Event::InputClosed(e));
                        return;
                    }
                };
                if tx.send(event).is_err() {
                    return;
                }
            }
        })
        .context("could not start the input thread")?;
    Ok(())
}

/// Carries out effects on background threads; results come back on `tx`.
struct Jobs {
    save_tx: mpsc::Sender<Vec<(u64, crate::study::Change)>>,
    tx: mpsc::Sender<Event>,
    cache: Cache,
    cache_dir: std::path::PathBuf,
    mirror: Option<Mirror>,
    clones: HashMap<String, Arc<AtomicBool>>,
    /// Cancels the file load in progress when a newer one starts.
    file_cancel: Option<Arc<AtomicBool>>,
}

impl Jobs {
    fn cancel_all(&mut self) {
        for flag in self.clones.values() {
            flag.store(true, Ordering::Relaxed);
        }
    }

    fn spawn(&self, name: &str, work: impl FnOnce() -> JobResult + Send + 'static) {
        let tx = self.tx.clone();
        let _ = thread::Builder::new().name(name.into()).spawn(move || {
            let _ = tx.send(Event::Job(work()));
        });
    }

    fn repo_dir(&self, state: &State, id: &str) -> Option<std::path::PathBuf> {
        let r = state.catalog.repos().find(|r| r.id == id)?;
        Some(self.cache.repo_dir(&r.owner, &r.name))
    }

    fn start(&mut self, effect: Effect, state: &State) {
        match effect {
            // A deepening is a clone of an existing repository with more
            // depth: the same job, the same progress and result.
            Effect::StartClone { .. } | Effect::Deepen { .. } => {
                let (repo, depth) = match effect {
                    Effect::Deepen { repo, depth } => (repo, Some(depth)),
                    Effect::StartClone { repo } => (repo, None),
                    _ => return,
                };
                let Some(r) = state.catalog.repos().find(|r| r.id == repo) else {
                    return;
                };
                let req = CloneRequest {
                    owner: r.owner.clone(),
                    name: r.name.clone(),
                    url: fetch_url(r, self.mirror.as_ref()),
                    depth,
                };
                let cancel = Arc::new(AtomicBool::new(false));
                self.clones.insert(repo.clone(), cancel.clone());
                let (cache, tx) = (self.cache.clone(), self.tx.clone());
                let _ = thread::Builder::new()
                    .name(format!("clone {repo}"))
                    .spawn(move || {
                        let on_progress = |p: &crate::repo::Progress| {
                            let _ = tx.send(Event::Job(JobResult::CloneProgress {
                                repo: repo.clone(),
                                progress: p.clone(),
                            }));
                        };
                        let result = clone_or_update(&cache, &req, &on_progress, &cancel)
                            .map(|o| {
                                let depth = match &o {
                                    CloneOutcome::Cloned { depth, .. }
                                    | CloneOutcome::Updated { depth, .. }
                                    | CloneOutcome::UpToDate { depth, .. } => *depth,
                                    CloneOutcome::Deepened { to, .. } => *to,
                                };
                                (o, depth)
                            })
                            .map_err(|e| e.to_string());
                        let _ = tx.send(Event::Job(JobResult::CloneFinished { repo, result }));
                    });
            }
            Effect::CancelClone { repo } => {
                if let Some(flag) = self.clones.get(&repo) {
                    flag.store(true, Ordering::Relaxed);
                }
            }
            Effect::OpenRepo { repo, request } => {
                let Some(dir) = self.repo_dir(state, &repo) else {
                    return;
                };
                let key_files: Vec<String> = state
                    .catalog
                    .repos()
                    .find(|r| r.id == repo)
                    .map(|r| r.key_files.clone())
                    .unwrap_or_default();
                self.spawn("open", move || JobResult::RepoOpened {
                    request,
                    result: crate::jobs::open_repo(&dir, &key_files),
                });
            }
            Effect::ListDir { repo, dir } => {
                let Some(rdir) = self.repo_dir(state, &repo) else {
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
                let Some(rdir) = self.repo_dir(state, &repo) else {
                    return;
                };
                if let Some(old) = self.file_cancel.take() {
                    old.store(true, Ordering::Relaxed);
                }
                let cancel = Arc::new(AtomicBool::new(false));
                self.file_cancel = Some(cancel.clone());
                self.spawn("file", move || JobResult::FileLoaded {
                    request,
                    result: crate::jobs::load_file(&rdir, &path, &cancel),
                });
            }
            Effect::LoadFileList { repo } => {
                let Some(rdir) = self.repo_dir(state, &repo) else {
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
                let Some(r) = state.catalog.repos().find(|r| r.id == repo) else {
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
                let Some(r) = state.catalog.repos().find(|r| r.id == repo).cloned() else {
                    return;
                };
                let progress = state.progress.repo(&repo).cloned();
                let dir = self.cache.repo_dir(&r.owner, &r.name);
                self.spawn("step", move || {
                    let result = Snapshot::open(&dir)
                        .map_err(|e| e.to_string())
                        .map(|snap| crate::jobs::step_view(&snap, &r, step, progress.as_ref()));
                    JobResult::StepView { repo, step, result }
                });
            }
            Effect::OpenTarget {
                repo,
                target,
                request,
            } => {
                let Some(dir) = self.repo_dir(state, &repo) else {
                    return;
                };
                self.spawn("view", move || {
                    let result = Snapshot::open(&dir)
                        .map_err(|e| e.to_string())
                        .and_then(|snap| crate::jobs::open_target(&snap, &repo, &target));
                    JobResult::TargetOpened {
                        repo,
                        target,
                        request,
                        result,
                    }
                });
            }
            Effect::MakeWorkingCopy { repo, dest } => {
                let Some(r) = state.catalog.repos().find(|r| r.id == repo).cloned() else {
                    return;
                };
                let cached = self.cache.repo_dir(&r.owner, &r.name);
                let home = state.home_dir.clone();
                self.spawn("workcopy", move || {
                    let path = match (dest.strip_prefix("~/"), &home) {
                        (Some(rest), Some(h)) => std::path::Path::new(h).join(rest),
                        _ => std::path::PathBuf::from(&dest),
                    };
                    let result = crate::study::docs::make_working_copy(&cached, &path, &r.url);
                    JobResult::WorkingCopyMade {
                        repo,
                        dest: path.display().to_string(),
                        result,
                    }
                });
            }
            Effect::SaveProgress(changes) => {
                let _ = self.save_tx.send(changes);
            }
            // Handled by the loop: it needs the terminal.
            Effect::OpenEditor { .. } => {}
        }
    }
}

/// Hand the terminal to the person's editor on a read-only copy of the
/// file, at the line; take it back afterwards.
fn edit(
    terminal: &mut Term,
    input_paused: &AtomicBool,
    cache: &Cache,
    state: &State,
    repo: &str,
    path: &RepoPath,
    line: usize,
) -> Result<(), String> {
    let r = state
        .catalog
        .repos()
        .find(|r| r.id == repo)
        .ok_or("unknown repository")?;
    let snap = Snapshot::open(&cache.repo_dir(&r.owner, &r.name)).map_err(|e| e.to_string())?;
    let blob = match snap.read_blob(path, u64::MAX).map_err(|e| e.to_string())? {
        Ok(b) => b,
        Err(_) => return Err(format!("{path} is not a regular file; nothing to edit")),
    };
    // A copy, since clones are bare; read-only, since edits would be lost.
    let dir = std::env::temp_dir()
        .join(format!("codestudy-{}", std::process::id()))
        .join(&r.name);
    let name = String::from_utf8_lossy(path.file_name()).replace(['/', '\\'], "_");
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let file = dir.join(format!("{}-{}", &blob.id.to_string()[..8], name));
    let _ = std::fs::remove_file(&file);
    std::fs::write(&file, &blob.bytes)
        .map_err(|e| format!("could not write {}: {e}", file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444));
    }
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();

    input_paused.store(true, Ordering::SeqCst);
    // Let the input thread finish any poll in progress.
    thread::sleep(Duration::from_millis(60));
    restore();
    let status = std::process::Command::new(&program)
        .args(words)
        .arg(format!("+{line}"))
        .arg(&file)
        .status();
    let reentered = reenter(terminal);
    input_paused.store(false, Ordering::SeqCst);
    reentered.map_err(|e| format!("could not take the terminal back: {e}"))?;
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!(
            "could not run {program} ({e}); set $VISUAL or $EDITOR"
        )),
    }
}

fn reenter(terminal: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    execute!(io::stdout(), EnterAlternateScreen, EnableMouseCapture)?;
    terminal.clear()
}

/// Whether the terminal is in codestudy's mode; restoring happens once.
static TERMINAL_ACTIVE: AtomicBool = AtomicBool::new(false);

fn enter() -> io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Put the terminal back as it was. Only the first call after `enter`
/// writes anything, so the panic hook, the guard and a signal can all call
/// it without printing escape sequences over what came after.
pub fn restore() {
    if !TERMINAL_ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

struct RestoreOnDrop;

impl Drop for RestoreOnDrop {
    fn drop(&mut self) {
        restore();
    }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
