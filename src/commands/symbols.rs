//! `codestudy symbols`: the symbol index of a cloned repository, built or
//! loaded; `find` searches the same indexes.

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::Result;
use serde::Serialize;

use super::{Context, emit_line};
use crate::catalog::Repo;
use crate::cli::SymbolsArgs;
use crate::outline::index::{self, IndexEntry, RepoIndex};
use crate::repo::{Cache, RepoError};
use crate::sanitize::sanitize_line;

pub fn run(args: &SymbolsArgs, ctx: &Context) -> Result<ExitCode> {
    let cache = ctx.cache();
    let repo = ctx.catalog.find_repo(&args.repo)?;
    let idx = index_repo(&ctx.paths.cache_dir, &cache, repo, true)?;
    let text = symbols(repo, &idx, args.json)?;
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// Build or load the index of one cloned repository; with `report`, a line
/// on stderr says what it cost.
pub fn index_repo(
    cache_dir: &std::path::Path,
    cache: &Cache,
    repo: &Repo,
    report: bool,
) -> Result<RepoIndex> {
    if !cache.is_cloned(&repo.owner, &repo.name) {
        return Err(RepoError::NotCloned {
            repo: repo.id.clone(),
            name: repo.name.clone(),
        }
        .into());
    }
    let idx = index::build(
        &cache.repo_dir(&repo.owner, &repo.name),
        &index::cache_path(cache_dir, &repo.owner, &repo.name),
        index::default_threads(),
        &AtomicBool::new(false),
    )?;
    let s = idx.stats;
    if !report {
        return Ok(idx);
    }
    eprintln!(
        "{}: {} symbols in {} files ({} outlined, {} from the cache{}) in {} ms",
        repo.id,
        idx.entries.len(),
        s.files,
        s.parsed,
        s.reused,
        if s.too_large > 0 {
            format!(", {} too large", s.too_large)
        } else {
            String::new()
        },
        s.elapsed.as_millis()
    );
    Ok(idx)
}

#[derive(Serialize)]
pub(super) struct JsonEntry<'a> {
    repo: &'a str,
    path: &'a str,
    symbol: &'a str,
    kind: &'static str,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u32>,
}

pub(super) fn json_entry<'a>(
    repo: &'a str,
    e: &'a IndexEntry,
    score: Option<u32>,
) -> JsonEntry<'a> {
    JsonEntry {
        repo,
        path: &e.path,
        symbol: &e.symbol,
        kind: e.kind.as_str(),
        line: e.line,
        score,
    }
}

/// `symbols REPO`: every entry, `path:line  kind  symbol`.
pub fn symbols(repo: &Repo, idx: &RepoIndex, json: bool) -> Result<String> {
    if json {
        let rows: Vec<JsonEntry> = idx
            .entries
            .iter()
            .map(|e| json_entry(&repo.id, e, None))
            .collect();
        return Ok(crate::sanitize::json_pretty(&rows)?);
    }
    let mut out = String::new();
    for e in &idx.entries {
        out.push_str(&format!(
            "{}:{}  {}  {}\n",
            sanitize_line(&e.path),
            e.line,
            e.kind.as_str(),
            sanitize_line(&e.symbol)
        ));
    }
    Ok(out)
}
