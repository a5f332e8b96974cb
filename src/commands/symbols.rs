//! `codestudy symbols` and `codestudy find`: the symbol index of cloned
//! repositories, and fuzzy search over it.

use std::sync::atomic::AtomicBool;

use anyhow::Result;
use serde::Serialize;

use crate::catalog::{Catalog, Repo};
use crate::fuzzy::Fuzzy;
use crate::outline::index::{self, IndexEntry, RepoIndex};
use crate::repo::{Cache, RepoError};
use crate::sanitize::sanitize_line;

/// Build or load the index of one cloned repository; a line on stderr says
/// what it cost.
pub fn index_repo(cache_dir: &std::path::Path, cache: &Cache, repo: &Repo) -> Result<RepoIndex> {
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
struct JsonEntry<'a> {
    repo: &'a str,
    path: &'a str,
    symbol: &'a str,
    kind: &'static str,
    line: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<u32>,
}

fn json_entry<'a>(repo: &'a str, e: &'a IndexEntry, score: Option<u32>) -> JsonEntry<'a> {
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
        return Ok(serde_json::to_string_pretty(&rows)?);
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

/// `find QUERY`: the best matches over the given repositories' indexes.
pub fn find(
    query: &str,
    indexes: &[(&Repo, RepoIndex)],
    limit: usize,
    json: bool,
) -> Result<String> {
    let all: Vec<(&Repo, &IndexEntry)> = indexes
        .iter()
        .flat_map(|(r, idx)| idx.entries.iter().map(move |e| (*r, e)))
        .collect();
    let mut fuzzy = Fuzzy::new(false);
    let ranked = fuzzy.rank(query, all.iter().map(|(_, e)| e.symbol.as_str()), limit);
    if json {
        let rows: Vec<JsonEntry> = ranked
            .iter()
            .map(|m| {
                let (r, e) = all[m.index];
                json_entry(&r.id, e, Some(m.score))
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&rows)?);
    }
    let mut out = String::new();
    for m in &ranked {
        let (r, e) = all[m.index];
        out.push_str(&format!(
            "{}  {}  {}:{}  {}\n",
            sanitize_line(&e.symbol),
            e.kind.as_str(),
            r.name,
            sanitize_line(&e.path),
            e.line
        ));
    }
    if ranked.is_empty() {
        out.push_str(&format!("no symbol matches {:?}\n", query));
    }
    Ok(out)
}

/// The repositories `find` searches: the one named, or every cloned one.
pub fn find_targets<'c>(
    catalog: &'c Catalog,
    cache: &Cache,
    repo: Option<&str>,
) -> Result<Vec<&'c Repo>> {
    Ok(match repo {
        Some(q) => vec![catalog.find_repo(q)?],
        None => catalog
            .repos()
            .filter(|r| cache.is_cloned(&r.owner, &r.name))
            .collect(),
    })
}
