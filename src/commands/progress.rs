//! `codestudy progress` and `codestudy notes export`: study progress on the
//! command line.

use anyhow::Result;
use serde::Serialize;

use crate::catalog::{Catalog, Repo};
use crate::study::{Progress, RepoProgress, StepState};

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
    Ok(serde_json::to_string_pretty(&rows)?)
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
            let when = date.map(|d| format!("  done {d}")).unwrap_or_default();
            out.push_str(&format!("  [{mark}] {n}. {}{when}\n", s.title));
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
