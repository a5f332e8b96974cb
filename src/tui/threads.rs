//! The threads that feed the event loop besides the jobs: terminal input,
//! signals and the animation tick.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

use anyhow::{Context, Result};
use signal_hook::iterator::Signals;

use super::event_loop::Event;

/// Passes on the first signal caught; the loop then ends.
pub(super) fn spawn_signals(mut signals: Signals, tx: mpsc::Sender<Event>) -> Result<()> {
    thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(sig) = signals.forever().next() {
                let _ = tx.send(Event::Signal(sig));
            }
        })
        .context("could not start the signal thread")?;
    Ok(())
}

/// Reads terminal input on its own thread. While `paused` (an editor owns
/// the terminal) it reads nothing.
pub(super) fn spawn_input(tx: mpsc::Sender<Event>, paused: Arc<AtomicBool>) -> Result<()> {
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
