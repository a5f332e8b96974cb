//! `codestudy progress`: study progress on the command line, and setting a
//! step's state.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Context, emit_line};
use crate::catalog::{Catalog, Repo};
use crate::cli::ProgressArgs;
use crate::sanitize::sanitize_line;
use crate::study::{self, Progress, RepoProgress, StepState};

/// Print the progress of every repository, or of the one named after
/// saving the step changes asked for.
pub fn run(args: &ProgressArgs, ctx: &Context) -> Result<ExitCode> {
    let store = study::Store::new(&ctx.paths.data_dir);
    let repo = args
        .repo
        .as_deref()
        .map(|q| ctx.catalog.find_repo(q))
        .transpose()?;
    let (today, _) = study::today_and_now();
    let changes: Vec<study::Change> = [
        (&args.done, StepState::Done),
        (&args.doing, StepState::InProgress),
        (&args.todo, StepState::Todo),
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
    let text = if args.json {
        to_json(&ctx.catalog, &progress, repo)?
    } else {
        to_text(&ctx.catalog, &progress, repo)
    };
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct JsonStep<'a> {
    number: u8,
    title: &'a str,
    state: &'static str,
    done_on: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonRepo<'a> {
    repo: &'a str,
    steps_done: usize,
    steps: Vec<JsonStep<'a>>,
    symbols_read: usize,
    notes: usize,
}

fn state_of(p: Option<&RepoProgress>, n: u8) -> (StepState, Option<&str>) {
    p.map_or((StepState::Todo, None), |r| (r.step(n), r.done_on(n)))
}

/// Every repository of the catalog (or the one named).
pub fn to_json(catalog: &Catalog, progress: &Progress, only: Option<&Repo>) -> Result<String> {
    let rows: Vec<JsonRepo> = catalog
        .repos()
        .filter(|r| only.is_none_or(|o| o.id == r.id))
        .map(|r| {
            let p = progress.repo(&r.id);
            JsonRepo {
                repo: &r.id,
                steps_done: p.map_or(0, RepoProgress::steps_done),
                steps: catalog
                    .study
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| {
                        let (state, done_on) = state_of(p, (i + 1) as u8);
                        JsonStep {
                            number: (i + 1) as u8,
                            title: &s.title,
                            state: state.as_str(),
                            done_on,
                        }
                    })
                    .collect(),
                symbols_read: p.map_or(0, RepoProgress::read_count),
                notes: p.map_or(0, |x| x.notes.len()),
            }
        })
        .collect();
    Ok(crate::sanitize::json_pretty(&rows)?)
}

pub fn to_text(catalog: &Catalog, progress: &Progress, only: Option<&Repo>) -> String {
    if let Some(repo) = only {
        let p = progress.repo(&repo.id);
        let mut out = format!("{}\n", repo.id);
        for (i, s) in catalog.study.steps.iter().enumerate() {
            let n = (i + 1) as u8;
            let (state, date) = state_of(p, n);
            let mark = match state {
                StepState::Done => "x",
                StepState::InProgress => "~",
                StepState::Todo => " ",
            };
            let when = date
                .map(|d| format!("  done {}", sanitize_line(d)))
                .unwrap_or_default();
            out.push_str(&format!(
                "  [{mark}] {n}. {}{when}\n",
                sanitize_line(&s.title)
            ));
        }
        let (read, notes) = p.map_or((0, 0), |r| (r.read_count(), r.notes.len()));
        out.push_str(&format!("  {read} symbols read, {notes} notes\n"));
        return out;
    }
    let width = catalog.repos().map(|r| r.id.len()).max().unwrap_or(10);
    let mut out = format!("{:<width$}  STEPS  READ  NOTES\n", "REPOSITORY");
    for r in catalog.repos() {
        let p = progress.repo(&r.id);
        out.push_str(&format!(
            "{:<width$}  {}/{}    {:<4}  {}\n",
            r.id,
            p.map_or(0, RepoProgress::steps_done),
            catalog.study.steps.len(),
            p.map_or(0, RepoProgress::read_count),
            p.map_or(0, |x| x.notes.len())
        ));
    }
    out
}
