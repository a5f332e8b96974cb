//! The explorer's job results: the repository opened, a directory listed,
//! a file loaded, the finders' lists loaded, the editor closed.

use super::update::{Context, Outcome, Then, go_to, jump_to_line, keep_visible, preview};
use super::{ExplorerState, FileState, TreeRow, finder};
use crate::app::messages::{Effect, JobResult};
use crate::repo::RepoPath;
use crate::sanitize::sanitize_line;

/// What the status line says when a background fetch ends (nothing when
/// there was nothing to fetch and nobody asked).
fn prefetched_status(
    repo: &str,
    everything: bool,
    result: Result<crate::jobs::Prefetched, crate::app::JobError>,
) -> Option<String> {
    let what = if everything {
        "every file"
    } else {
        "the sources and text"
    };
    Some(match result {
        Ok(p) if p.cancelled => format!(
            "stopped fetching: {} of {} files of {repo} fetched; the others are fetched when read",
            p.fetched, p.total
        ),
        Ok(p) if p.total == 0 && !everything => return None,
        Ok(p) if p.total == 0 => format!("every file of {repo} is here"),
        Ok(p) => format!("fetched {what} of {repo}: {} files", p.fetched),
        Err(err) => format!(
            "could not fetch {what} of {repo}: {err}; files are fetched when read (F tries again)"
        ),
    })
}

/// A job's result, on the explorer screen.
pub fn on_job(e: &mut ExplorerState, ctx: Context, result: JobResult) -> Outcome {
    let requests = ctx.requests;
    let mut status = None;
    let mut effects = Vec::new();
    let mut then = None;
    match result {
        JobResult::RepoOpened { request, result } if request == e.open_request => match result {
            Ok(overview) => {
                let lazy = overview.lazy;
                e.opened(overview);
                let resume = e
                    .resume
                    .take()
                    .and_then(|p| RepoPath::parse(&p.path).ok().map(|path| (path, p)));
                effects = match (e.open_after.take(), resume) {
                    (Some((path, line)), _) => go_to(e, path, line, requests),
                    (None, Some((path, p))) => {
                        let effects = go_to(e, path, Some(p.line.max(1) as usize - 1), requests);
                        e.pending_col = Some(p.column as usize);
                        e.pending_top = Some(p.top.max(1) as usize - 1);
                        effects
                    }
                    (None, None) => preview(e, requests),
                };
                // A lazy clone's key files, sources and text come in the
                // background, so that the index, grep and gd see them all.
                if lazy && e.prefetch.is_none() {
                    e.prefetch = Some(super::PrefetchView::default());
                    effects.push(Effect::Prefetch {
                        repo: e.repo.clone(),
                        everything: false,
                        catalog_entry: e.catalog_entry.clone(),
                    });
                }
                // The semantic index, for gd, gr, M and the outline's
                // counts: built while the person looks around.
                if e.intel.index.is_none() && !e.intel.building {
                    e.intel.building = true;
                    effects.push(Effect::BuildIntel {
                        repo: e.repo.clone(),
                        catalog_entry: e.catalog_entry.clone(),
                    });
                }
            }
            // Nothing to show: back to the home screen, not a spinner
            // waiting for an overview that will not come.
            Err(err) => {
                status = Some(format!("could not open {}: {err}", e.repo));
                then = Some(Then::GoHome);
            }
        },
        JobResult::DirListed { repo, dir, result } if repo == e.repo => {
            e.listing.remove(&dir);
            match result {
                Ok(entries) => {
                    e.listings.insert(dir, entries);
                    // Rows were added above the selection: it follows its
                    // entry, not its index.
                    let selected = match e.selected_row() {
                        Some(TreeRow::Entry { path, .. }) => Some(path.clone()),
                        _ => None,
                    };
                    e.rebuild_rows();
                    if e.reveal_pending.is_some() {
                        e.select_pending();
                    } else if let Some(i) = selected.and_then(|p| {
                        e.rows
                            .iter()
                            .position(|r| matches!(r, TreeRow::Entry { path, .. } if *path == p))
                    }) {
                        e.tree.selected = i;
                    }
                }
                Err(err) => status = Some(format!("could not list {dir}: {err}")),
            }
        }
        JobResult::FileLoaded { request, result } => {
            if let Some(f) = e.file.as_mut().filter(|f| f.request == request) {
                match result {
                    Ok(loaded) => {
                        f.state = FileState::Loaded(Box::new(loaded));
                        e.rebuild_outline();
                        let line = e.pending_line.take().unwrap_or(0);
                        jump_to_line(e, line);
                        e.col = e.pending_col.take().unwrap_or(0);
                        if let Some(top) = e.pending_top.take() {
                            e.source.scroll = top.min(e.source.selected);
                        }
                        if let Some(mut s) = e.search.take() {
                            s.run(e.lines());
                            e.search = Some(s);
                        }
                    }
                    Err(err) => {
                        status = Some(format!("could not open {}: {err}", f.path));
                        f.state = FileState::Failed(err.to_string());
                    }
                }
            }
        }
        JobResult::FileFetching { request } => {
            if let Some(f) = e
                .file
                .as_mut()
                .filter(|f| f.request == request && matches!(f.state, FileState::Loading))
            {
                f.state = FileState::Fetching;
            }
        }
        JobResult::Departure { repo, path, result } if repo == e.repo => {
            let said = match result {
                Ok(said) => {
                    status = Some(format!("{path}: {said}"));
                    said
                }
                Err(err) => {
                    status = Some(format!(
                        "could not tell when {path} left the history: {err}"
                    ));
                    format!("when it left the history is unknown ({err})")
                }
            };
            e.departures.insert(path, Some(said));
        }
        JobResult::PrefetchProgress { repo, done, total } if repo == e.repo => {
            if let Some(p) = e.prefetch.as_mut() {
                p.done = done;
                p.total = total;
            }
        }
        // A fetch replaced by `F` ends too: only the one shown counts.
        JobResult::Prefetched {
            repo,
            everything,
            result,
        } if repo == e.repo && e.prefetch.is_some_and(|p| p.everything == everything) => {
            e.prefetch = None;
            status = prefetched_status(&repo, everything, result);
        }
        JobResult::FileList { repo, result } if repo == e.repo => {
            e.files_loading = false;
            match result {
                Ok(files) => {
                    e.all_files_text = files
                        .iter()
                        .map(|p| sanitize_line(&p.to_string_lossy()).into_owned())
                        .collect();
                    e.all_files = Some(files);
                    e.refresh_finder();
                    effects = finder::open_if_asked(e, requests);
                }
                Err(err) => status = Some(format!("could not list the files: {err}")),
            }
        }
        JobResult::IndexLoaded { repo, result } if repo == e.repo => {
            e.index_loading = false;
            match result {
                Ok(index) => {
                    e.index = Some(index);
                    e.refresh_finder();
                    effects = finder::open_if_asked(e, requests);
                }
                Err(err) => status = Some(format!("could not index the symbols: {err}")),
            }
        }
        JobResult::EditorClosed { result: Err(err) } => status = Some(err.to_string()),
        JobResult::EditorClosed { result: Ok(note) } if !note.is_empty() => status = Some(note),
        intel_result @ (JobResult::IntelBuilt { .. } | JobResult::IntelAnswered { .. }) => {
            let outcome = super::intel::on_job(e, intel_result, requests);
            effects = outcome.effects;
            status = outcome.status;
            then = outcome.then;
        }
        _ => {}
    }
    effects.extend(super::intel::wanted(e, requests));
    keep_visible(e, ctx.viewport);
    Outcome {
        effects,
        status,
        then,
    }
}
