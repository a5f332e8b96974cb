//! The event loop: draws the state, feeds terminal input to `app::update`
//! and job results to `app::on_job`, and hands the effects to the runner
//! (or, for the editor, takes care of them itself).

use std::io;
use std::sync::atomic::AtomicBool;
use std::sync::mpsc;

use anyhow::{Context, Result};

use super::Exit;
use super::editor::edit;
use super::terminal::Term;
use crate::app::{self, Action, Effect, JobError, JobResult, State, keymap};
use crate::jobs::Runner;
use crate::repo::CloneEvent;
use crate::study::Store;
use crate::ui;

/// What wakes the event loop.
pub(super) enum Event {
    Terminal(crossterm::event::Event),
    /// The input thread stopped: the terminal is gone.
    InputClosed(io::Error),
    Signal(i32),
    Job(JobResult),
    Tick,
}

impl From<JobResult> for Event {
    fn from(result: JobResult) -> Event {
        Event::Job(result)
    }
}

impl From<CloneEvent> for Event {
    fn from(event: CloneEvent) -> Event {
        Event::Job(JobResult::from(event))
    }
}

/// Run until the person quits, a signal comes or the terminal is lost;
/// what is not saved yet is saved on every way out.
pub(super) fn run(
    terminal: &mut Term,
    mut state: State,
    rx: &mpsc::Receiver<Event>,
    mut jobs: Runner<Event>,
    input_paused: &AtomicBool,
    final_store: &Store,
) -> Result<Exit> {
    let mut dirty = true;
    // Ticks seen, for reading the clock every ten seconds.
    let mut ticks: u64 = 0;
    loop {
        if dirty {
            if let Err(e) = terminal.draw(|frame| ui::render(&state, frame)) {
                // The terminal is gone (a hangup): save before leaving.
                save_before_exit(&mut state, final_store)?;
                return Err(e).context("could not draw the screen");
            }
            dirty = false;
        }
        let Ok(first) = rx.recv() else {
            save_before_exit(&mut state, final_store)?;
            return Ok(Exit::Quit);
        };
        // Take everything already queued before drawing again: a burst of
        // progress reports or key repeats costs one frame.
        let mut events = vec![first];
        events.extend(rx.try_iter());
        for event in events {
            let effects = match event {
                Event::Terminal(ev) => match keymap::action_for(&ev, &state) {
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
                    ticks += 1;
                    let mut effects = Vec::new();
                    if ticks.is_multiple_of(100) {
                        effects = app::on_job(&mut state, crate::jobs::surroundings());
                    }
                    effects.extend(app::retry_progress(&mut state));
                    if state.busy() {
                        dirty = true;
                        effects.extend(app::update(&mut state, Action::Tick));
                    }
                    effects
                }
                Event::InputClosed(e) => {
                    save_before_exit(&mut state, final_store)?;
                    return Err(e).context("lost the terminal's input");
                }
                Event::Signal(sig) => {
                    jobs.cancel_all();
                    save_before_exit(&mut state, final_store)?;
                    return Ok(Exit::Signal(sig));
                }
            };
            for effect in effects {
                if let Effect::CopyToClipboard(text) = &effect {
                    // Not being able to write to the terminal shows soon
                    // enough in the next draw.
                    let _ = super::clipboard::copy(&mut io::stdout(), text);
                    continue;
                }
                if let Effect::OpenEditor { repo, path, line } = effect {
                    let result = edit(
                        terminal,
                        input_paused,
                        jobs.cache(),
                        &state.catalog,
                        &repo,
                        &path,
                        line,
                    );
                    let result = result.map_err(JobError::from);
                    let more = app::on_job(&mut state, JobResult::EditorClosed { result });
                    for e in more {
                        jobs.start(e);
                    }
                    dirty = true;
                } else {
                    jobs.start(effect);
                }
            }
            if state.should_quit {
                jobs.cancel_all();
                save_before_exit(&mut state, final_store)?;
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
fn save_before_exit(state: &mut app::State, store: &Store) -> Result<()> {
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
