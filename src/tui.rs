//! The terminal: entering and leaving raw mode, the input and signal
//! threads, and the event loop that feeds actions to `app::update` and
//! redraws when something changed.
//!
//! The terminal is restored on every way out: normal exit and errors (the
//! guard's `Drop`), panics (a panic hook), and SIGTERM/SIGHUP/SIGINT (a
//! signal thread that asks the loop to stop).

use std::io::{self, IsTerminal, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread;

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

use crate::app::{self, State, keymap};
use crate::catalog::Catalog;
use crate::ui;

/// What wakes the event loop.
enum Event {
    Terminal(crossterm::event::Event),
    /// The input thread stopped: the terminal is gone.
    InputClosed(io::Error),
    Signal(i32),
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

pub fn run(catalog: Catalog) -> Result<Exit> {
    check_interactive()?;
    let mut terminal = enter().context("could not set up the terminal")?;
    let _guard = RestoreOnDrop;
    let size = terminal
        .size()
        .context("could not read the terminal size")?;
    let mut state = State::new(catalog, Rect::new(0, 0, size.width, size.height));
    // Lets the end-to-end tests prove that a panic restores the terminal.
    #[cfg(debug_assertions)]
    if std::env::var_os("CODESTUDY_TEST_PANIC").is_some() {
        panic!("deliberate panic for testing (CODESTUDY_TEST_PANIC is set)");
    }

    let (tx, rx) = mpsc::channel();
    let mut signals =
        Signals::new([SIGTERM, SIGHUP, SIGINT]).context("could not install signal handlers")?;
    let signal_tx = tx.clone();
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = signal_tx.send(Event::Signal(sig));
            }
        })
        .context("could not start the signal thread")?;
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
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

    let mut dirty = true;
    loop {
        if dirty {
            terminal
                .draw(|frame| ui::render(&state, frame))
                .context("could not draw the screen")?;
            dirty = false;
        }
        let Ok(event) = rx.recv() else {
            return Ok(Exit::Quit);
        };
        match event {
            Event::Terminal(ev) => {
                if let Some(action) = keymap::action_for_event(&ev) {
                    app::update(&mut state, action);
                    dirty = true;
                }
            }
            Event::InputClosed(e) => {
                return Err(e).context("lost the terminal's input");
            }
            Event::Signal(sig) => return Ok(Exit::Signal(sig)),
        }
        if state.should_quit {
            return Ok(Exit::Quit);
        }
    }
}

/// Whether the terminal is in codestudy's mode; restoring happens once.
static TERMINAL_ACTIVE: AtomicBool = AtomicBool::new(false);

fn enter() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
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
