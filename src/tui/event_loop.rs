//! The event loop: draws the state, feeds terminal input to `app::update`
//! and job results to `app::on_job`, and hands the effects to the runner
//! (or, for the editor, takes care of them itself).

use std::collections::VecDeque;
use std::io;
use std::sync::mpsc;
use std::thread;

use anyhow::{Context, Result};
use signal_hook::consts::signal::{SIGCONT, SIGSTOP, SIGTSTP};

use super::Exit;
use super::editor::{EditorCopy, copy_for_editor, edit, in_working_copy};
use super::terminal::{Term, reenter, restore};
use super::threads::InputControl;
use crate::app::{self, Action, Effect, JobError, JobResult, Mode, State, keymap};
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
    /// The copy of a file for the editor is made (or could not be).
    EditorReady(Result<EditorCopy, String>),
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
    (tx, rx): (mpsc::Sender<Event>, &mpsc::Receiver<Event>),
    mut jobs: Runner<Event>,
    input: &InputControl,
    final_store: &Store,
) -> Result<Exit> {
    let mut dirty = true;
    // Ticks seen, for reading the clock every ten seconds.
    let mut ticks: u64 = 0;
    // Resumed after stopping itself: the SIGCONT that follows needs
    // nothing more.
    let mut resumed = false;
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
        let mut events: VecDeque<Event> = VecDeque::from([first]);
        events.extend(rx.try_iter());
        while let Some(event) = events.pop_front() {
            let effects = match event {
                Event::Terminal(ev) => match keymap::action_for(&ev, &state) {
                    Some(Action::Suspend) => {
                        suspend(terminal, input).context("could not suspend")?;
                        resumed = true;
                        dirty = true;
                        Vec::new()
                    }
                    Some(Action::Char(c)) => {
                        dirty = true;
                        let action = typed_run(c, &mut events, state.mode());
                        app::update(&mut state, action)
                    }
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
                Event::EditorReady(copy) => {
                    dirty = true;
                    let result = copy.and_then(|copy| edit(terminal, input, copy));
                    let result = result.map_err(JobError::from);
                    app::on_job(&mut state, JobResult::EditorClosed { result })
                }
                Event::Tick => {
                    ticks += 1;
                    let mut effects = Vec::new();
                    if ticks.is_multiple_of(100) {
                        effects = app::on_job(&mut state, crate::jobs::surroundings());
                    }
                    effects.extend(app::retry_progress(&mut state));
                    effects.extend(app::check_outside(&mut state));
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
                Event::Signal(SIGTSTP) => {
                    suspend(terminal, input).context("could not suspend")?;
                    resumed = true;
                    dirty = true;
                    Vec::new()
                }
                Event::Signal(SIGCONT) => {
                    // Stopped by something else than SIGTSTP (SIGSTOP
                    // cannot be caught): the terminal may have been
                    // changed meanwhile.
                    if !std::mem::take(&mut resumed) {
                        reenter(terminal).context("could not take the terminal back")?;
                        dirty = true;
                    }
                    Vec::new()
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
                if let Effect::OpenEditor {
                    repo,
                    path,
                    line,
                    working_copy,
                } = effect
                {
                    let copying = match state.catalog.repo(&repo).cloned() {
                        Some(entry) => {
                            let (cache, tx) = (jobs.cache().clone(), tx.clone());
                            thread::Builder::new()
                                .name("editor-copy".into())
                                .spawn(move || {
                                    let copy = match working_copy
                                        .as_deref()
                                        .and_then(|w| in_working_copy(w, &path, line))
                                    {
                                        Some(file) => Ok(file),
                                        None => copy_for_editor(&cache, &entry, &path, line),
                                    };
                                    let _ = tx.send(Event::EditorReady(copy));
                                })
                                .map(|_| ())
                                .map_err(|e| format!("could not start copying the file: {e}"))
                        }
                        None => Err("unknown repository".to_string()),
                    };
                    if let Err(e) = copying {
                        let result = Err(JobError::from(e));
                        for e in app::on_job(&mut state, JobResult::EditorClosed { result }) {
                            jobs.start(e);
                        }
                        dirty = true;
                    }
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

/// Typed text that arrived in a burst (a paste without bracketed paste,
/// or a terminal faster than the screen): the characters queued right
/// behind `first` become one [`Action::Paste`], applied in one edit
/// instead of one per character. Characters change no mode, so each one
/// would have been typed text too.
fn typed_run(first: char, events: &mut VecDeque<Event>, mode: Mode) -> Action {
    let mut text = String::new();
    text.push(first);
    while let Some(Event::Terminal(next)) = events.front() {
        match keymap::action_for_event(next, mode) {
            Some(Action::Char(c)) => {
                text.push(c);
                events.pop_front();
            }
            _ => break,
        }
    }
    if text.len() == first.len_utf8() {
        Action::Char(first)
    } else {
        Action::Paste(text)
    }
}

/// Give the terminal back and stop, as a shell's job control expects
/// (Ctrl-z, or SIGTSTP); when continued (`fg`), take the terminal back and
/// draw everything again. The whole process group is stopped, as the
/// terminal would on Ctrl-z, so that a program that started codestudy
/// (`git` running it, say) gives the shell back too.
fn suspend(terminal: &mut Term, input: &InputControl) -> io::Result<()> {
    use std::sync::atomic::Ordering;
    input.paused.store(true, Ordering::SeqCst);
    // Let the input thread finish any poll in progress.
    thread::sleep(std::time::Duration::from_millis(60));
    restore();
    // SAFETY: kill(2) with pid 0 signals this process's group; no memory
    // is involved.
    let stopped = unsafe { libc::kill(0, SIGSTOP) };
    let result = if stopped == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    };
    // Here once continued (or if stopping failed: carry on).
    let reentered = reenter(terminal);
    input.paused.store(false, Ordering::SeqCst);
    reentered.and(result.or(Ok(())))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{Event as Term, KeyCode, KeyEvent, KeyModifiers};

    fn key(code: KeyCode) -> Event {
        Event::Terminal(Term::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    #[test]
    fn typed_characters_queued_together_are_one_paste_up_to_another_key() {
        let mut events: VecDeque<Event> = "bc€"
            .chars()
            .map(|c| key(KeyCode::Char(c)))
            .chain([key(KeyCode::Enter), key(KeyCode::Char('d'))])
            .collect();
        assert_eq!(
            typed_run('a', &mut events, Mode::Note),
            Action::Paste("abc€".into())
        );
        assert_eq!(events.len(), 2, "Enter and what follows it are left");
        assert!(matches!(
            events.front(),
            Some(Event::Terminal(Term::Key(k))) if k.code == KeyCode::Enter
        ));
        // Alone, a character stays a character.
        let mut events = VecDeque::from([Event::Tick]);
        assert_eq!(typed_run('x', &mut events, Mode::Finder), Action::Char('x'));
        assert_eq!(events.len(), 1);
    }
}
