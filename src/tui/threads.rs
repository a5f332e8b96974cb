//! The threads that feed the event loop besides the jobs: terminal input,
//! signals and the animation tick.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use signal_hook::consts::signal::{SIGCONT, SIGHUP, SIGTSTP};
use signal_hook::iterator::Signals;

use super::event_loop::Event;

/// What the input thread and the others share.
#[derive(Default)]
pub(super) struct InputControl {
    /// An editor (or the shell, while codestudy is stopped) owns the
    /// terminal: read nothing.
    pub paused: AtomicBool,
    /// The terminal hung up: pass on what was already received, then the
    /// hangup.
    pub hangup: AtomicBool,
    /// An editor runs in the foreground.
    pub editing: AtomicBool,
}

/// How long the signal thread waits for the input thread to pass on the
/// input received before a hangup, before passing the hangup on itself.
const HANGUP_DRAIN_WAIT: Duration = Duration::from_secs(2);

/// Passes on signals. SIGTSTP (suspend) and SIGCONT (resumed) are passed
/// on as they come; the first other one ends the loop. A hangup goes
/// through the input thread, so that it comes after the input already
/// received (a paste, the Esc that saves it), which the loop applies
/// before saving.
pub(super) fn spawn_signals(
    mut signals: Signals,
    tx: mpsc::Sender<Event>,
    input: Arc<InputControl>,
) -> Result<()> {
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for sig in signals.forever() {
                match sig {
                    // Ctrl-z in the editor: the terminal stopped the editor,
                    // and codestudy must stop too, as it would without a
                    // handler, or the shell never gets the terminal back.
                    // The editor has it, so there is nothing to restore.
                    SIGTSTP if input.editing.load(Ordering::SeqCst) => {
                        // SAFETY: kill(2) on this process; no memory involved.
                        unsafe { libc::kill(libc::getpid(), libc::SIGSTOP) };
                    }
                    SIGTSTP | SIGCONT => {
                        if tx.send(Event::Signal(sig)).is_err() {
                            return;
                        }
                    }
                    SIGHUP => {
                        input.hangup.store(true, Ordering::SeqCst);
                        // In case the input thread is gone or stuck.
                        thread::sleep(HANGUP_DRAIN_WAIT);
                        let _ = tx.send(Event::Signal(sig));
                        return;
                    }
                    _ => {
                        let _ = tx.send(Event::Signal(sig));
                        return;
                    }
                }
            }
        })
        .context("could not start the signal thread")?;
    Ok(())
}

/// Reads terminal input on its own thread. While paused it reads nothing.
/// On a hangup it passes on the events already received (those crossterm
/// has read and those still waiting in the terminal), then the hangup.
pub(super) fn spawn_input(tx: mpsc::Sender<Event>, control: Arc<InputControl>) -> Result<()> {
    thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                if control.hangup.load(Ordering::SeqCst) {
                    // While an editor has the terminal its input is not
                    // ours to take.
                    if !control.paused.load(Ordering::SeqCst) {
                        drain(&tx);
                    }
                    let _ = tx.send(Event::Signal(SIGHUP));
                    return;
                }
                if control.paused.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                match crossterm::event::poll(Duration::from_millis(50)) {
                    // crossterm does not report a terminal that hung up: its
                    // reads just come back empty, at once, again and again.
                    // A hangup then, as SIGHUP would say (which may come
                    // later, or not at all).
                    Ok(false) if hung_up() => {
                        let _ = tx.send(Event::Signal(SIGHUP));
                        return;
                    }
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(e) => {
                        let _ = tx.send(Event::InputClosed(e));
                        return;
                    }
                }
                // The editor may have taken over between poll and here.
                if control.paused.load(Ordering::SeqCst) {
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

/// Pass on the input events already received: parsed by crossterm or
/// still waiting in the terminal, until none comes for 10 ms, for at most
/// a second (a terminal that did not really hang up could keep sending).
/// A zero timeout would not do: crossterm then reads nothing new.
fn drain(tx: &mpsc::Sender<Event>) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(1) {
        match crossterm::event::poll(Duration::from_millis(10)) {
            Ok(true) => match crossterm::event::read() {
                Ok(e) => {
                    if tx.send(Event::Terminal(e)).is_err() {
                        return;
                    }
                }
                Err(_) => return,
            },
            _ => return,
        }
    }
}

/// Whether the terminal (stdin, which the terminal UI requires to be
/// one) hung up: the other end closed.
fn hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, its length, no timeout.
    let n = unsafe { libc::poll(&mut fd, 1, 0) };
    n > 0 && fd.revents & (libc::POLLHUP | libc::POLLNVAL) != 0
}

/// Ticks every 100 ms, for the animations and the clock.
pub(super) fn spawn_tick(tx: mpsc::Sender<Event>) -> Result<()> {
    thread::Builder::new()
        .name("tick".into())
        .spawn(move || {
            while tx.send(Event::Tick).is_ok() {
                thread::sleep(Duration::from_millis(100));
            }
        })
        .context("could not start the tick thread")?;
    Ok(())
}
