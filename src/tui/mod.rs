//! The terminal UI's runtime: `run` sets up the terminal (`terminal`), the
//! input, signal and tick threads (`threads`) and the job runner
//! (`jobs::Runner`), then hands over to the event loop (`event_loop`),
//! which lends the terminal to the editor when asked (`editor`).
//!
//! The terminal is restored on every way out: normal exit and errors (the
//! guard's `Drop`), panics (a panic hook), and SIGTERM/SIGHUP/SIGINT (a
//! signal thread that asks the loop to stop; a hangup first lets the input
//! already received be applied). SIGTSTP and Ctrl-z restore it and stop;
//! SIGCONT takes it back and redraws.

mod clipboard;
mod editor;
mod event_loop;
mod terminal;
mod threads;

use std::io::{self, IsTerminal};
use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use ratatui::layout::Rect;
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGINT, SIGTERM, SIGTSTP};
use signal_hook::iterator::Signals;

pub use terminal::restore;

use crate::app::{self, JobResult, State};
use crate::catalog::Catalog;
use crate::jobs::{self, Runner};
use crate::repo::{Cache, Mirror};
use crate::study::Store;

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
    cache_dir: &Path,
    data_dir: &Path,
    mirror: Option<Mirror>,
    config: &crate::config::Config,
) -> Result<Exit> {
    check_interactive()?;
    crate::ui::theme::set(config.theme);
    let cache = Cache::new(cache_dir);
    // Leftovers of clones killed earlier; a repository another instance is
    // cloning right now stays locked and is left alone.
    let _ = cache.remove_all_stale_temporaries();
    // Signals are caught before the terminal changes mode, and the guard
    // exists before anything that could fail after it changed.
    let signals = Signals::new([SIGTERM, SIGHUP, SIGINT, SIGTSTP, SIGCONT])
        .context("could not install signal handlers")?;
    let _guard = terminal::RestoreOnDrop;
    // Never dropped: ratatui's `Drop` shows the cursor and, if the
    // terminal hung up, prints the failure to stderr, which panics there.
    // `restore` (the guard) shows the cursor instead.
    let mut terminal =
        std::mem::ManuallyDrop::new(terminal::enter().context("could not set up the terminal")?);
    let size = terminal
        .size()
        .context("could not read the terminal size")?;
    // Jobs wait briefly for the progress file's lock and are tried again
    // while it is held (`app::retry_progress`); the last save, on the way
    // out, waits longer, then says what it could not save.
    let store = Store::new(data_dir).with_lock_wait(JOB_LOCK_WAIT);
    let final_store = Store::new(data_dir).with_lock_wait(EXIT_LOCK_WAIT);
    let mut state = initial_state(catalog, Rect::new(0, 0, size.width, size.height), &cache);
    state.settings = Arc::new(config.settings());
    // Lets the end-to-end tests prove that a panic restores the terminal.
    #[cfg(debug_assertions)]
    if std::env::var_os("CODESTUDY_TEST_PANIC").is_some() {
        panic!("deliberate panic for testing (CODESTUDY_TEST_PANIC is set)");
    }

    let (tx, rx) = mpsc::channel();
    let input = Arc::new(threads::InputControl::default());
    threads::spawn_signals(signals, tx.clone(), input.clone())?;
    threads::spawn_input(tx.clone(), input.clone())?;
    threads::spawn_tick(tx.clone())?;
    let mut jobs = Runner::new(tx.clone(), cache, cache_dir, mirror, store)
        .context("could not start the saving thread")?;
    // Read off the event loop: the home screen is drawn, and answers keys,
    // whatever holds the lock.
    let load = crate::app::load_progress(&mut state);
    jobs.start(load);
    event_loop::run(&mut terminal, state, (tx, &rx), jobs, &input, &final_store)
}

/// How long a load or save job waits for the progress file's lock before
/// reporting who holds it.
const JOB_LOCK_WAIT: Duration = Duration::from_secs(1);
/// How long quitting waits for it to save what is not saved yet.
const EXIT_LOCK_WAIT: Duration = Duration::from_secs(3);

/// The state at start-up: which repositories are cloned (and how deep),
/// the date and the home folder, each read here and handed to the app as
/// a job's result would be (the progress comes from a job).
fn initial_state(catalog: Catalog, viewport: Rect, cache: &Cache) -> State {
    let found = jobs::cloned_repos(cache, &catalog);
    let mut state = State::new(catalog, viewport);
    app::on_job(&mut state, JobResult::ClonesFound(found));
    app::on_job(&mut state, jobs::surroundings());
    state
}
