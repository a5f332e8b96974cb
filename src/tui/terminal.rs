//! Entering and leaving the terminal's raw mode and alternate screen, and
//! the guard and panic hook that make every way out restore it.

use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

pub(super) type Term = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is in codestudy's mode; restoring happens once.
static TERMINAL_ACTIVE: AtomicBool = AtomicBool::new(false);

pub(super) fn enter() -> io::Result<Term> {
    install_panic_hook();
    enable_raw_mode()?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    let mut stdout = io::stdout();
    if let Err(e) = execute!(
        stdout,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout))
}

/// Take the terminal back after another program (the editor, or the
/// shell while codestudy was stopped) had it, and draw everything again.
/// Raw mode is set afresh: whoever had the terminal may have changed its
/// modes behind crossterm's back.
pub(super) fn reenter(terminal: &mut Term) -> io::Result<()> {
    let _ = disable_raw_mode();
    enable_raw_mode()?;
    TERMINAL_ACTIVE.store(true, Ordering::SeqCst);
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    redraw_all(terminal)
}

/// Clear the screen and make the next draw draw every cell. Not ratatui's
/// `clear`: it asks the terminal where the cursor is first, and one that
/// does not answer costs two seconds and then an error.
fn redraw_all(terminal: &mut Term) -> io::Result<()> {
    // Blank what ratatui last drew, then make the blank the "previous"
    // frame the next one is compared with.
    terminal.current_buffer_mut().reset();
    terminal.flush()?;
    terminal.swap_buffers();
    execute!(io::stdout(), Clear(ClearType::All))
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
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

pub(super) struct RestoreOnDrop;

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
