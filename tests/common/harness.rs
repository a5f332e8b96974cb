//! Drive the app as the terminal does, without one: keys go through the
//! real keymap and `update`, the effects they ask for wait here until a
//! test answers them (the right request ids are found here, not in the
//! tests), and the screen is drawn by `ui::render` into a `TestBackend`.
//!
//! ```ignore
//! let mut h = Harness::home(120, 40);
//! h.keys("j<ret>");                      // select flask, Enter
//! assert_eq!(h.effects(), ["StartClone pallets/flask"]);
//! h.clone_done("pallets/flask", Depth::Commits(1));
//! h.open_repo(flask::overview());
//! assert!(h.screen().contains("src/flask/app.py"));
//! ```
//!
//! What the app's types hold is read here and nowhere else: when a field
//! or an effect changes, this file changes, not the tests.

use std::sync::atomic::AtomicBool;

use codestudy::app::explorer::{LoadedFile, RepoOverview, TreeRow};
use codestudy::app::{
    Effect, FileState, FinderKind, JobResult, Mode, Overlay, Pane, RepoStatus, Screen, State,
    keymap, on_job, update,
};
use codestudy::catalog::Catalog;
use codestudy::outline::index::IndexEntry;
use codestudy::outline::{Lang, highlight, outline};
use codestudy::repo::{CloneOutcome, Content, Depth, Entry, EntryKind, Progress, RepoPath};
use codestudy::study::views::{Target, View};
use codestudy::study::{self, Change, NoteTarget, StepKind, StepState};
use codestudy::ui;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use git2::Oid;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// The app with the effects it asked for and no one answered yet.
pub struct Harness {
    state: State,
    /// Asked for and not answered, oldest first.
    pending: Vec<Effect>,
    /// Every effect asked for, answered or not: a late answer can name
    /// one that is not wanted any more.
    seen: Vec<Effect>,
    /// What the last input or answer asked for.
    last: Vec<Effect>,
}

impl Harness {
    pub fn new(catalog: Catalog, width: u16, height: u16) -> Harness {
        Harness {
            state: State::new(catalog, Rect::new(0, 0, width, height)),
            pending: Vec::new(),
            seen: Vec::new(),
            last: Vec::new(),
        }
    }

    /// The home screen of the embedded catalog.
    pub fn home(width: u16, height: u16) -> Harness {
        Harness::new(Catalog::embedded().unwrap(), width, height)
    }

    // ---- input, through the keymap as the event loop does ----

    /// Press keys, helix style: `"jjl"`, `"<ret>"`, `"<esc>"`, `"<tab>"`,
    /// `"<S-tab>"`, `"<bs>"`, `"<del>"`, `"<up>"` `"<down>"` `"<left>"`
    /// `"<right>"`, `"<home>"` `"<end>"`, `"<pgup>"` `"<pgdn>"`,
    /// `"<space>"`, `"<C-d>"`, `"<lt>"` for `<`. The effects asked for
    /// are in [`Harness::effects`].
    pub fn keys(&mut self, keys: &str) -> &mut Harness {
        let events = parse_keys(keys);
        self.input(events.into_iter().map(Event::Key).collect())
    }

    /// One key press.
    pub fn key(&mut self, code: KeyCode) -> &mut Harness {
        self.press(KeyEvent::new(code, KeyModifiers::NONE))
    }

    /// Ctrl and a letter.
    pub fn ctrl(&mut self, c: char) -> &mut Harness {
        self.press(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
    }

    pub fn press(&mut self, key: KeyEvent) -> &mut Harness {
        self.input(vec![Event::Key(key)])
    }

    /// Type text as key presses, a new line as Enter.
    pub fn type_text(&mut self, text: &str) -> &mut Harness {
        let events = text
            .chars()
            .map(|c| match c {
                '\n' => KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE),
                c => char_key(c),
            })
            .map(Event::Key)
            .collect();
        self.input(events)
    }

    pub fn click(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::Down(MouseButton::Left), column, row)
    }

    pub fn scroll_down(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::ScrollDown, column, row)
    }

    pub fn scroll_up(&mut self, column: u16, row: u16) -> &mut Harness {
        self.mouse(MouseEventKind::ScrollUp, column, row)
    }

    pub fn resize(&mut self, width: u16, height: u16) -> &mut Harness {
        self.input(vec![Event::Resize(width, height)])
    }

    fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> &mut Harness {
        self.input(vec![Event::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })])
    }

    fn input(&mut self, events: Vec<Event>) -> &mut Harness {
        let mut asked = Vec::new();
        for event in events {
            if let Some(action) = keymap::action_for_event(&event, self.state.mode()) {
                asked.extend(update(&mut self.state, action));
            }
        }
        self.record(asked);
        self
    }

    fn record(&mut self, effects: Vec<Effect>) {
        self.pending.extend(effects.iter().cloned());
        self.seen.extend(effects.iter().cloned());
        self.last = effects;
    }

    // ---- what the app asked for ----

    /// The effects of the last input or answer, one line each (see
    /// [`summary`]).
    pub fn effects(&self) -> Vec<String> {
        self.last.iter().map(summary).collect()
    }

    /// The effects of the last input or answer, as they are.
    pub fn raw_effects(&self) -> &[Effect] {
        &self.last
    }

    /// What is waiting for an answer, one line each.
    pub fn pending(&self) -> Vec<String> {
        self.pending.iter().map(summary).collect()
    }

    /// The changes the last input asked to save, in order (all those not
    /// saved yet), with their numbers.
    pub fn saves(&self) -> Vec<(u64, Change)> {
        self.last
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::SaveProgress(changes) => Some(changes.clone()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The change the last input made, if it made one (the last of the
    /// save it asked for, when it asked for exactly that).
    pub fn last_change(&self) -> Option<Change> {
        match self.last.as_slice() {
            [Effect::SaveProgress(v)] => v.last().map(|x| x.1.clone()),
            _ => None,
        }
    }

    // ---- answers: the jobs' results, with the request ids asked for ----

    /// Answer each pending effect `answer` has a result for.
    pub fn complete(
        &mut self,
        mut answer: impl FnMut(&Effect) -> Option<JobResult>,
    ) -> &mut Harness {
        let mut asked = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match answer(&self.pending[i]) {
                Some(result) => {
                    self.pending.remove(i);
                    asked.extend(on_job(&mut self.state, result));
                }
                None => i += 1,
            }
        }
        self.record(asked);
        self
    }

    /// A result that answers nothing pending (progress, a late result).
    pub fn job(&mut self, result: JobResult) -> &mut Harness {
        let asked = on_job(&mut self.state, result);
        self.record(asked);
        self
    }

    /// Answer the one pending effect `pick` chooses (the newest if
    /// several), failing the test if there is none.
    fn answer(
        &mut self,
        what: &str,
        mut pick: impl FnMut(&Effect) -> bool,
        result: impl FnOnce(&Effect) -> JobResult,
    ) -> &mut Harness {
        let Some(i) = self.pending.iter().rposition(&mut pick) else {
            panic!("no {what} is waiting; pending: {:?}", self.pending());
        };
        let effect = self.pending.remove(i);
        let asked = on_job(&mut self.state, result(&effect));
        self.record(asked);
        self
    }

    /// The repository asked for is open: `overview` is what it holds.
    pub fn open_repo(&mut self, overview: RepoOverview) -> &mut Harness {
        self.answer(
            "repository to open",
            |e| matches!(e, Effect::OpenRepo { .. }),
            |e| match e {
                Effect::OpenRepo { request, .. } => JobResult::RepoOpened {
                    request: *request,
                    result: Ok(overview),
                },
                _ => unreachable!(),
            },
        )
    }

    /// The file asked for at `path` holds `text`.
    pub fn load_file(&mut self, path: &str, text: &str) -> &mut Harness {
        let file = loaded(text, path);
        self.answer(
            &format!("load of {path}"),
            |e| matches!(e, Effect::LoadFile { path: p, .. } if p.to_string_lossy() == path),
            |e| match e {
                Effect::LoadFile { request, .. } => JobResult::FileLoaded {
                    request: *request,
                    result: Ok(file),
                },
                _ => unreachable!(),
            },
        )
    }

    /// The load of `path` asked for last, answered with `text` after
    /// all (whether a newer load replaced it or it was answered before).
    pub fn load_file_late(&mut self, path: &str, text: &str) -> &mut Harness {
        let request = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::LoadFile {
                    path: p, request, ..
                } if p.to_string_lossy() == path => Some(*request),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{path} was never asked for"));
        self.pending
            .retain(|e| !matches!(e, Effect::LoadFile { request: r, .. } if *r == request));
        self.job(JobResult::FileLoaded {
            request,
            result: Ok(loaded(text, path)),
        })
    }

    /// The file shown (the load asked for last) holds `text` after all.
    pub fn reload_open_file(&mut self, text: &str) -> &mut Harness {
        let path = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::LoadFile { path, .. } => Some(path.to_string_lossy()),
                _ => None,
            })
            .expect("no file was loaded");
        self.load_file_late(&path, text)
    }

    /// The directory `dir` holds `entries` (asked for or not).
    pub fn list_dir(&mut self, repo: &str, dir: &str, entries: Vec<Entry>) -> &mut Harness {
        let dir = path(dir);
        self.pending
            .retain(|e| !matches!(e, Effect::ListDir { dir: d, .. } if *d == dir));
        self.job(JobResult::DirListed {
            repo: repo.into(),
            dir,
            result: Ok(entries),
        })
    }

    /// The repository's files, for the file finder.
    pub fn file_list(&mut self, repo: &str, paths: &[&str]) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::LoadFileList { repo: r, .. } if r == repo));
        self.job(JobResult::FileList {
            repo: repo.into(),
            result: Ok(paths.iter().map(|p| path(p)).collect()),
        })
    }

    /// The repository's symbols, for the symbol finder.
    pub fn symbol_index(&mut self, repo: &str, index: Vec<IndexEntry>) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::LoadIndex { repo: r, .. } if r == repo));
        self.job(JobResult::IndexLoaded {
            repo: repo.into(),
            result: Ok(index),
        })
    }

    /// Step `step`'s view, built.
    pub fn step_view(&mut self, repo: &str, step: StepKind, view: View) -> &mut Harness {
        self.pending.retain(
            |e| !matches!(e, Effect::OpenStepView { repo: r, step: s, .. } if r == repo && *s == step),
        );
        self.job(JobResult::StepView {
            repo: repo.into(),
            step,
            result: Ok(view),
        })
    }

    /// What the newest pending request for `target` opens.
    pub fn open_target(&mut self, target: &Target, view: View) -> &mut Harness {
        self.answer(
            &format!("view of {target:?}"),
            |e| matches!(e, Effect::OpenTarget { target: t, .. } if t == target),
            |e| match e {
                Effect::OpenTarget {
                    repo,
                    target,
                    request,
                    ..
                } => JobResult::TargetOpened {
                    repo: repo.clone(),
                    target: target.clone(),
                    request: *request,
                    result: Ok(view),
                },
                _ => unreachable!(),
            },
        )
    }

    /// Answer every pending request for `target`, oldest first, each with
    /// a view `view` makes.
    pub fn open_every_target(
        &mut self,
        target: &Target,
        mut view: impl FnMut() -> View,
    ) -> &mut Harness {
        let mut asked = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match &self.pending[i] {
                Effect::OpenTarget {
                    repo,
                    target: t,
                    request,
                    ..
                } if t == target => {
                    let result = JobResult::TargetOpened {
                        repo: repo.clone(),
                        target: t.clone(),
                        request: *request,
                        result: Ok(view()),
                    };
                    self.pending.remove(i);
                    asked.extend(on_job(&mut self.state, result));
                }
                _ => i += 1,
            }
        }
        self.record(asked);
        self
    }

    /// The view asked for last for `target` comes, though the person has
    /// gone elsewhere since.
    pub fn open_target_late(&mut self, target: &Target, view: View) -> &mut Harness {
        let (repo, request) = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::OpenTarget {
                    repo,
                    target: t,
                    request,
                    ..
                } if t == target => Some((repo.clone(), *request)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{target:?} was never asked for"));
        self.pending
            .retain(|e| !matches!(e, Effect::OpenTarget { request: r, .. } if *r == request));
        self.job(JobResult::TargetOpened {
            repo,
            target: target.clone(),
            request,
            result: Ok(view),
        })
    }

    pub fn clone_progress(&mut self, repo: &str, progress: Progress) -> &mut Harness {
        self.job(JobResult::CloneProgress {
            repo: repo.into(),
            progress,
        })
    }

    /// The clone (or the fetch of more history) of `repo` ended as
    /// `outcome`, the clone holding `depth`.
    pub fn clone_finished(
        &mut self,
        repo: &str,
        outcome: CloneOutcome,
        depth: Depth,
    ) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Ok((outcome, depth)),
        })
    }

    /// A fresh clone of `repo` with `depth`.
    pub fn clone_done(&mut self, repo: &str, depth: Depth) -> &mut Harness {
        let outcome = CloneOutcome::Cloned {
            head: Oid::ZERO_SHA1,
            depth,
            repaired: None,
        };
        self.clone_finished(repo, outcome, depth)
    }

    pub fn clone_failed(&mut self, repo: &str, why: &str) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Err(why.into()),
        })
    }

    /// The clone of `repo` stopped because it was cancelled.
    pub fn clone_cancelled(&mut self, repo: &str) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Err("cancelled".into()),
        })
    }

    fn forget_clone(&mut self, repo: &str) {
        self.pending.retain(|e| {
            !matches!(e,
                Effect::StartClone { repo: r, .. }
                | Effect::CancelClone { repo: r, .. }
                | Effect::Deepen { repo: r, .. } if r == repo)
        });
    }

    /// The save of changes `numbers` ended with `result` (the progress
    /// file as saved, or why not).
    pub fn progress_saved(
        &mut self,
        numbers: &[u64],
        result: Result<study::Progress, &str>,
    ) -> &mut Harness {
        self.pending.retain(
            |e| !matches!(e, Effect::SaveProgress(v) if v.iter().all(|(n, _)| numbers.contains(n))),
        );
        self.job(JobResult::ProgressSaved {
            saved: numbers.to_vec(),
            result: result.map_err(|e| e.into()),
        })
    }

    /// The working copy asked for was made, in `dest` as expanded.
    pub fn working_copy_made(&mut self, repo: &str, dest: &str) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::MakeWorkingCopy { repo: r, .. } if r == repo));
        self.job(JobResult::WorkingCopyMade {
            repo: repo.into(),
            dest: dest.into(),
            result: Ok(()),
        })
    }

    // ---- what the runtime tells the app ----

    /// The cache holds a clone of `repo` with `depth` (as the runtime
    /// finds at start-up).
    pub fn cloned(&mut self, repo: &str, depth: Depth) -> &mut Harness {
        self.set_repo_status(repo, RepoStatus::Cloned(Some(depth)))
    }

    pub fn set_repo_status(&mut self, repo: &str, status: RepoStatus) -> &mut Harness {
        self.state.repos.insert(repo.into(), status);
        self
    }

    /// Today (YYYY-MM-DD) and now (YYYY-MM-DD HH:MM), as the clock says.
    pub fn clock(&mut self, today: &str, now: &str) -> &mut Harness {
        self.state.today = today.into();
        self.state.now = now.into();
        self
    }

    /// The person's home folder.
    pub fn home_dir(&mut self, dir: &str) -> &mut Harness {
        self.state.home_dir = Some(dir.into());
        self
    }

    /// A message in the status line, as if something had said it.
    pub fn say(&mut self, message: &str) -> &mut Harness {
        self.state.status = Some(message.into());
        self
    }

    // ---- what the person sees ----

    pub fn mode(&self) -> Mode {
        self.state.mode()
    }

    /// Whether a window (help, checklist, view, prompt, note) is drawn
    /// over the screen.
    pub fn overlay_shown(&self) -> bool {
        self.state.overlay.is_some()
    }

    /// The status line's message, if there is one.
    pub fn status_line(&self) -> Option<&str> {
        self.state.status.as_deref()
    }

    pub fn repo_status(&self, repo: &str) -> &RepoStatus {
        self.state.status_of(repo)
    }

    pub fn quit_requested(&self) -> bool {
        self.state.should_quit
    }

    /// The repository selected on the home screen.
    pub fn selected_repo(&self) -> String {
        self.state
            .home
            .selected_repo(&self.state.catalog)
            .expect("a repository is selected")
            .id
            .clone()
    }

    fn explorer(&self) -> &codestudy::app::ExplorerState {
        match &self.state.screen {
            Screen::Explorer(e) => e,
            Screen::Home => panic!("not in the explorer (mode {:?})", self.mode()),
        }
    }

    /// The explorer's focused pane.
    pub fn focus(&self) -> Pane {
        self.explorer().focus
    }

    /// The tree's rows, one line each: `★ Key files`, `key <path>` for a
    /// key file, `Files`, and each entry as its path indented two spaces
    /// a level, after `▾ ` (open directory), `▸ ` (closed), `… `
    /// (listing) or nothing (a file), and ` ★` if it is a key file.
    pub fn tree_rows(&self) -> Vec<String> {
        let e = self.explorer();
        let keys = e
            .overview
            .as_ref()
            .map(|o| o.key_files.as_slice())
            .unwrap_or_default();
        e.rows
            .iter()
            .map(|row| match row {
                TreeRow::KeyHeader => "★ Key files".to_string(),
                TreeRow::FilesHeader => "Files".to_string(),
                TreeRow::Key(k) => format!("key {}", keys.get(*k).map_or("?", |f| &f.path)),
                TreeRow::Entry { path, depth } => {
                    let kind = e.entry(path).map_or(EntryKind::File, |x| x.kind);
                    let marker = match kind {
                        EntryKind::Directory if e.listing.contains(path) => "… ",
                        EntryKind::Directory if e.expanded.contains(path) => "▾ ",
                        EntryKind::Directory => "▸ ",
                        _ => "",
                    };
                    let star = if e.key_paths.contains(path) {
                        " ★"
                    } else {
                        ""
                    };
                    format!(
                        "{}{marker}{}{star}",
                        "  ".repeat(*depth),
                        path.to_string_lossy()
                    )
                }
            })
            .collect()
    }

    /// The selected tree row, as [`Harness::tree_rows`] writes it.
    pub fn selected_tree_row(&self) -> Option<String> {
        self.tree_rows().get(self.explorer().tree.selected).cloned()
    }

    /// Move down the tree until the row `row` (as
    /// [`Harness::tree_rows`] writes it) is selected.
    pub fn select_tree_row(&mut self, row: &str) -> &mut Harness {
        assert!(
            self.tree_rows().iter().any(|r| r == row),
            "no row {row:?} in {:#?}",
            self.tree_rows()
        );
        for _ in 0..self.tree_rows().len() {
            if self.selected_tree_row().as_deref() == Some(row) {
                return self;
            }
            self.keys("j");
        }
        panic!("{row:?} could not be reached from above")
    }

    /// The outline's symbols (their names), in order.
    pub fn outline_names(&self) -> Vec<String> {
        self.explorer()
            .outline_rows
            .iter()
            .map(|r| r.name.clone())
            .collect()
    }

    /// The name of the outline's selected symbol.
    pub fn selected_symbol(&self) -> Option<String> {
        let e = self.explorer();
        e.outline_rows
            .get(e.outline.selected)
            .map(|r| r.name.clone())
    }

    /// The source's cursor line, from 1 as the gutter numbers it.
    pub fn cursor_line(&self) -> usize {
        self.explorer().source.selected + 1
    }

    /// Whether the open file is still loading.
    pub fn file_loading(&self) -> bool {
        matches!(
            self.explorer().file.as_ref().map(|f| &f.state),
            Some(FileState::Loading)
        )
    }

    /// The open finder's kind, if one is open.
    pub fn finder(&self) -> Option<FinderKind> {
        self.explorer().finder.as_ref().map(|f| f.kind)
    }

    /// What is typed into the open finder.
    pub fn finder_query(&self) -> Option<String> {
        self.explorer().finder.as_ref().map(|f| f.query.clone())
    }

    /// The file finder's matches, best first.
    pub fn finder_files(&self) -> Vec<String> {
        let e = self.explorer();
        e.finder
            .iter()
            .flat_map(|f| &f.results)
            .map(|hit| e.all_files_text[hit.index].clone())
            .collect()
    }

    /// The index of the checklist's selected step, from 0, when the
    /// checklist is open.
    pub fn checklist_selected(&self) -> Option<usize> {
        match &self.state.overlay {
            Some(Overlay::Study { selected, .. }) => Some(*selected),
            _ => None,
        }
    }

    /// The title of the document or list shown.
    pub fn view_title(&self) -> Option<String> {
        match &self.state.overlay {
            Some(Overlay::List { view, .. }) => Some(view.title.clone()),
            Some(Overlay::Document { title, .. }) => Some(title.clone()),
            _ => None,
        }
    }

    /// The entries of the list shown.
    pub fn list_items(&self) -> Vec<String> {
        match &self.state.overlay {
            Some(Overlay::List { view, .. }) => view.items.iter().map(|i| i.text.clone()).collect(),
            _ => Vec::new(),
        }
    }

    /// The index of the list's selected entry.
    pub fn list_selected(&self) -> Option<usize> {
        match &self.state.overlay {
            Some(Overlay::List { cursor, .. }) => Some(cursor.selected),
            _ => None,
        }
    }

    /// How many changes are not saved yet.
    pub fn unsaved_changes(&self) -> usize {
        self.state.pending.len()
    }

    /// Step `number` of `repo` as the checklist shows it.
    pub fn step_state(&self, repo: &str, number: u8) -> StepState {
        self.state
            .progress
            .repo(repo)
            .map_or(StepState::Todo, |p| p.step(number))
    }

    /// Whether `symbol` of `path` is marked read.
    pub fn is_read(&self, repo: &str, path: &str, symbol: &str) -> bool {
        self.state
            .progress
            .repo(repo)
            .is_some_and(|p| p.is_read(path, symbol))
    }

    /// The note on `target`, if there is one.
    pub fn note(&self, repo: &str, target: &NoteTarget) -> Option<String> {
        self.state
            .progress
            .repo(repo)
            .and_then(|p| p.note(target))
            .map(|n| n.text.clone())
    }

    /// Where the explorer draws `pane` at this size and focus, if it
    /// draws it.
    pub fn pane_area(&self, pane: Pane) -> Option<Rect> {
        let l = codestudy::app::layout::explorer(self.state.viewport, self.focus());
        match pane {
            Pane::Tree => l.tree,
            Pane::Outline => l.outline,
            Pane::Source => l.source,
        }
    }

    /// The screen drawn at the terminal's size.
    pub fn draw(&self) -> Terminal<TestBackend> {
        let v = self.state.viewport;
        let mut t = Terminal::new(TestBackend::new(v.width, v.height)).unwrap();
        t.draw(|f| ui::render(&self.state, f)).unwrap();
        t
    }

    /// The screen's text, a line per row.
    pub fn screen(&self) -> String {
        screen_text(self.draw().backend().buffer())
    }

    /// The state itself, for what no accessor says yet.
    pub fn state(&self) -> &State {
        &self.state
    }
}

/// An effect in one line: its kind and what it is for, without request
/// ids (the harness matches those).
pub fn summary(effect: &Effect) -> String {
    match effect {
        Effect::StartClone { repo, .. } => format!("StartClone {repo}"),
        Effect::CancelClone { repo, .. } => format!("CancelClone {repo}"),
        Effect::OpenRepo { repo, .. } => format!("OpenRepo {repo}"),
        Effect::ListDir { repo, dir, .. } => format!("ListDir {repo} {}", dir.to_string_lossy()),
        Effect::LoadFile { repo, path, .. } => {
            format!("LoadFile {repo} {}", path.to_string_lossy())
        }
        Effect::LoadFileList { repo, .. } => format!("LoadFileList {repo}"),
        Effect::LoadIndex { repo, .. } => format!("LoadIndex {repo}"),
        Effect::OpenEditor {
            repo, path, line, ..
        } => format!("OpenEditor {repo} {}:{line}", path.to_string_lossy()),
        Effect::OpenStepView { repo, step, .. } => format!("OpenStepView {repo} {step:?}"),
        Effect::OpenTarget { repo, target, .. } => format!("OpenTarget {repo} {target:?}"),
        Effect::MakeWorkingCopy { repo, dest, .. } => format!("MakeWorkingCopy {repo} {dest}"),
        Effect::Deepen { repo, depth, .. } => format!("Deepen {repo} {depth:?}"),
        Effect::SaveProgress(changes) => format!(
            "SaveProgress {}",
            changes
                .iter()
                .map(|(n, _)| n.to_string())
                .collect::<Vec<_>>()
                .join(",")
        ),
    }
}

/// The text of a drawn screen, a line per row; the cell a wide character
/// covers is skipped.
pub fn screen_text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push_str(&row_text(buf, y));
        out.push('\n');
    }
    out
}

/// One row of a drawn screen as a person reads it.
pub fn row_text(buf: &Buffer, y: u16) -> String {
    let mut out = String::new();
    let mut skip = 0;
    for x in 0..buf.area.width {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        let sym = buf[(x, y)].symbol();
        skip = codestudy::text::width(sym).saturating_sub(1);
        out.push_str(sym);
    }
    out
}

pub fn path(s: &str) -> RepoPath {
    RepoPath::parse(s).unwrap()
}

/// A file of the repository as the load job brings it: outlined and
/// highlighted for its language (which `path` tells).
pub fn loaded(text: &str, path: &str) -> LoadedFile {
    let never = AtomicBool::new(false);
    let lang = Lang::detect(path, text.as_bytes());
    LoadedFile {
        content: Content::Text {
            text: text.into(),
            lossy: false,
        },
        lines: text.split('\n').map(String::from).collect(),
        outline: outline(lang, text.as_bytes(), usize::MAX, &never).unwrap(),
        highlights: lang
            .map(|l| highlight::highlight(l, text.as_bytes(), &never).unwrap())
            .unwrap_or_default(),
    }
}

fn char_key(c: char) -> KeyEvent {
    // Terminals report capitals with Shift.
    let modifiers = if c.is_uppercase() {
        KeyModifiers::SHIFT
    } else {
        KeyModifiers::NONE
    };
    KeyEvent::new(KeyCode::Char(c), modifiers)
}

/// Keys in the notation of [`Harness::keys`].
pub fn parse_keys(keys: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = keys;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
        {
            let name = &rest[1..end];
            rest = &rest[end + 1..];
            out.push(named_key(name));
            continue;
        }
        rest = &rest[c.len_utf8()..];
        out.push(char_key(c));
    }
    out
}

fn named_key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    if let Some(c) = name.strip_prefix("C-") {
        let mut chars = c.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            panic!("unknown key <{name}>");
        };
        return KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    }
    plain(match name {
        "ret" | "enter" => KeyCode::Enter,
        "esc" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "S-tab" | "backtab" => KeyCode::BackTab,
        "bs" | "backspace" => KeyCode::Backspace,
        "del" => KeyCode::Delete,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pgup" => KeyCode::PageUp,
        "pgdn" => KeyCode::PageDown,
        "space" => KeyCode::Char(' '),
        "lt" => KeyCode::Char('<'),
        _ => panic!("unknown key <{name}>"),
    })
}

/// An entry of a listing.
pub fn entry(path_: &str, kind: EntryKind) -> Entry {
    Entry {
        path: path(path_),
        kind,
        size: Some(10),
        id: Oid::from_str("0123456789012345678901234567890123456789").unwrap(),
        executable: false,
    }
}
