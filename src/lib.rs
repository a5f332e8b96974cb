//! codestudy: study great Python codebases from the terminal.
//!
//! Pure core modules (`catalog`, `sanitize`, `text`) hold no terminal code;
//! `app` is the state machine, `ui` draws it, `tui` runs it in a terminal.

#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod fuzzing;
pub mod fuzzy;
pub mod jobs;
pub mod outline;
pub mod paths;
pub mod repo;
pub mod safe_path;
pub mod sanitize;
pub mod study;
pub mod text;
pub mod tui;
pub mod ui;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Result;

use catalog::{Catalog, EMBEDDED_ORIGIN};
use cli::{Cli, Command};
use paths::Paths;
use repo::{Cache, Depth, Mirror};
use signal_hook::consts::signal::{SIGINT, SIGTERM};

/// Write a command's output to stdout. A reader that went away (`| head`)
/// is not an error: the output is simply no longer wanted.
fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Run the command line: everything `main` does but printing the error.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.cache_dir.clone(), cli.data_dir.clone())?;
    if cli.version {
        let catalog = cli
            .catalog
            .as_ref()
            .map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
        emit(&format!(
            "codestudy {}\ncatalog:   {catalog}\ncache dir: {}\ndata dir:  {}\n",
            env!("CARGO_PKG_VERSION"),
            paths.cache_dir.display(),
            paths.data_dir.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    // The catalog is checked before anything else, so a bad one is reported
    // on a terminal that is still in its normal mode.
    let catalog = match &cli.catalog {
        Some(path) => Catalog::load(path)?,
        None => Catalog::embedded()?,
    };
    match cli.command {
        None => match tui::run(
            catalog,
            &paths.cache_dir,
            &paths.data_dir,
            cli.mirror.as_deref().map(Mirror::parse).transpose()?,
        )? {
            tui::Exit::Quit => Ok(ExitCode::SUCCESS),
            tui::Exit::Signal(sig) => Ok(ExitCode::from(128u8.saturating_add(sig as u8))),
        },
        Some(Command::List { json, sort }) => {
            if json {
                emit(&format!("{}\n", commands::list::to_json(&catalog, sort)))?;
            } else {
                emit(&commands::list::to_text(&catalog, sort))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Clone {
            repos,
            all,
            depth,
            full,
        }) => {
            let mirror = cli.mirror.as_deref().map(Mirror::parse).transpose()?;
            let selected: Vec<&catalog::Repo> = if all {
                catalog.repos().collect()
            } else {
                repos
                    .iter()
                    .map(|q| catalog.find_repo(q))
                    .collect::<Result<_, _>>()?
            };
            let depth = if full {
                Some(Depth::Full)
            } else {
                depth.map(Depth::Commits)
            };
            let cache = Cache::new(&paths.cache_dir);
            cache.remove_all_stale_temporaries()?;
            // Ctrl-C and SIGTERM cancel the clones (the temporaries are
            // removed) instead of killing the process mid-write.
            let cancel = Arc::new(AtomicBool::new(false));
            for sig in [SIGINT, SIGTERM] {
                // A second signal while the first is still being honoured
                // (a connect that hangs never reaches a progress callback)
                // ends the process; the leftovers are removed next time.
                signal_hook::flag::register_conditional_shutdown(sig, 130, cancel.clone())?;
                signal_hook::flag::register(sig, cancel.clone())?;
            }
            let reports =
                commands::clone::run(&cache, &selected, depth, mirror.as_ref(), cancel.clone());
            commands::clone::print_reports(&reports);
            if cancel.load(Ordering::Relaxed) {
                return Ok(ExitCode::from(130));
            }
            let failed = reports.iter().filter(|r| r.result.is_err()).count();
            if failed > 0 {
                eprintln!("{failed} of {} failed", reports.len());
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Outline { target, json }) => {
            let cache = Cache::new(&paths.cache_dir);
            let text = commands::outline::run(&target, json, &catalog, &cache)?;
            emit(&format!("{}\n", text.trim_end()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Symbols { repo, json }) => {
            let cache = Cache::new(&paths.cache_dir);
            let repo = catalog.find_repo(&repo)?;
            let idx = commands::symbols::index_repo(&paths.cache_dir, &cache, repo)?;
            let text = commands::symbols::symbols(repo, &idx, json)?;
            emit(&format!("{}\n", text.trim_end()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Find {
            query,
            repo,
            limit,
            json,
        }) => {
            let cache = Cache::new(&paths.cache_dir);
            let targets = commands::symbols::find_targets(&catalog, &cache, repo.as_deref())?;
            if targets.is_empty() {
                anyhow::bail!(
                    "no repository is cloned yet; clone one first, e.g. `codestudy clone flask`"
                );
            }
            let mut indexes = Vec::new();
            for r in targets {
                indexes.push((
                    r,
                    commands::symbols::index_repo(&paths.cache_dir, &cache, r)?,
                ));
            }
            let text = commands::symbols::find(&query, &indexes, limit, json)?;
            emit(&format!("{}\n", text.trim_end()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Progress {
            repo,
            done,
            doing,
            todo,
            json,
        }) => {
            let store = study::Store::new(&paths.data_dir);
            let repo = repo.as_deref().map(|q| catalog.find_repo(q)).transpose()?;
            let (today, _) = study::today_and_now();
            let changes: Vec<study::Change> = [
                (&done, study::StepState::Done),
                (&doing, study::StepState::InProgress),
                (&todo, study::StepState::Todo),
            ]
            .into_iter()
            .flat_map(|(numbers, state)| numbers.iter().map(move |n| (*n, state)))
            .filter_map(|(number, state)| {
                repo.map(|r| study::Change::SetStep {
                    repo: r.id.clone(),
                    number,
                    state,
                    today: today.clone(),
                })
            })
            .collect();
            let progress = if changes.is_empty() {
                store.load()?
            } else {
                store.apply(&changes)?
            };
            let text = if json {
                commands::progress::to_json(&catalog, &progress, repo)?
            } else {
                commands::progress::to_text(&catalog, &progress, repo)
            };
            emit(&format!("{}\n", text.trim_end()))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Notes {
            command: cli::NotesCommand::Export { repo, output },
        }) => {
            let repo = catalog.find_repo(&repo)?;
            let progress = study::Store::new(&paths.data_dir).load()?;
            let md = study::export_markdown(repo, &catalog.study.steps, progress.repo(&repo.id));
            match output {
                Some(path) => std::fs::write(&path, md)
                    .map_err(|e| anyhow::anyhow!("could not write {}: {e}", path.display()))?,
                None => emit(&md)?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Check { repos, json }) => {
            let cache = Cache::new(&paths.cache_dir);
            let named = !repos.is_empty();
            let selected: Vec<&catalog::Repo> = if named {
                repos
                    .iter()
                    .map(|q| catalog.find_repo(q))
                    .collect::<Result<_, _>>()?
            } else {
                catalog
                    .repos()
                    .filter(|r| cache.is_cloned(&r.owner, &r.name))
                    .collect()
            };
            let mut all = Vec::new();
            let mut failed = 0;
            for repo in &selected {
                if !cache.is_cloned(&repo.owner, &repo.name) {
                    eprintln!(
                        "codestudy: error: {}",
                        repo::RepoError::NotCloned {
                            repo: repo.id.clone(),
                            name: repo.name.clone()
                        }
                    );
                    failed += 1;
                    continue;
                }
                match commands::check::check_repo(&cache, repo) {
                    Ok((snap, reports)) => {
                        if !json {
                            emit(&commands::check::format_text(repo, &snap, &reports))?;
                        }
                        all.extend(reports);
                    }
                    Err(e) => {
                        eprintln!(
                            "codestudy: error: {}: {}",
                            repo.id,
                            sanitize::sanitize_multiline(&e.to_string()).join(" ")
                        );
                        failed += 1;
                    }
                }
            }
            if json {
                emit(&format!("{}\n", serde_json::to_string_pretty(&all)?))?;
            } else if selected.is_empty() {
                emit(&format!(
                    "No repository is cloned yet (cache: {}); clone one with `codestudy clone flask`.\n",
                    paths.cache_dir.display()
                ))?;
            }
            Ok(if failed > 0 {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
    }
}
