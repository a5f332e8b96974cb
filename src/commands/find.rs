//! `codestudy find`: fuzzy search over the symbol indexes of the cloned
//! repositories.

use std::process::ExitCode;

use anyhow::Result;

use super::symbols::{JsonEntry, index_repo, json_entry};
use super::{Context, emit_line};
use crate::catalog::{Catalog, Repo};
use crate::cli::FindArgs;
use crate::fuzzy::Fuzzy;
use crate::outline::index::{IndexEntry, RepoIndex};
use crate::repo::Cache;
use crate::sanitize::sanitize_line;

pub fn run(args: &FindArgs, ctx: &Context) -> Result<ExitCode> {
    // Before the indexes are built: that can take a while.
    refuse_zero_limit(args.limit)?;
    let cache = ctx.cache();
    let (repo, query) = scope_and_query(&ctx.catalog, args)?;
    let targets = find_targets(&ctx.catalog, &cache, repo)?;
    if targets.is_empty() {
        anyhow::bail!("no repository is cloned yet; clone one first, e.g. `codestudy clone flask`");
    }
    let mut indexes = Vec::new();
    for r in targets {
        indexes.push((
            r,
            index_repo(&ctx.paths.cache_dir, &cache, r, args.verbose)?,
        ));
    }
    let text = find(query, &indexes, args.limit, args.json)?;
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `find [REPO] QUERY`: two words are a repository and a query; one is a
/// query (scoped by `--repo` if given).
fn scope_and_query<'a>(
    catalog: &Catalog,
    args: &'a FindArgs,
) -> Result<(Option<&'a str>, &'a str)> {
    match args.words.as_slice() {
        [query] => Ok((args.repo.as_deref(), query)),
        [repo, query] => {
            if args.repo.is_some() {
                anyhow::bail!(
                    "the repository is given twice ({:?} and --repo {:?}); give one",
                    sanitize_line(repo),
                    sanitize_line(args.repo.as_deref().unwrap_or(""))
                );
            }
            if catalog.find_repo(repo).is_err() {
                anyhow::bail!(
                    "{:?} is not a repository of the catalog (`codestudy list` shows them); \
                     to search for words with a space, quote them: codestudy find \"{} {}\"",
                    sanitize_line(repo),
                    sanitize_line(repo),
                    sanitize_line(query)
                );
            }
            Ok((Some(repo), query))
        }
        _ => anyhow::bail!("find takes [REPO] QUERY"),
    }
}

/// `find QUERY`: the best matches over the given repositories' indexes.
pub fn find(
    query: &str,
    indexes: &[(&Repo, RepoIndex)],
    limit: usize,
    json: bool,
) -> Result<String> {
    refuse_zero_limit(limit)?;
    let all: Vec<(&Repo, &IndexEntry)> = indexes
        .iter()
        .flat_map(|(r, idx)| idx.entries.iter().map(move |e| (*r, e)))
        .collect();
    let mut fuzzy = Fuzzy::new(false);
    let ranked = fuzzy.rank_with(
        query,
        all.iter().map(|(_, e)| {
            (
                e.symbol.as_str(),
                crate::fuzzy::symbol_standing(&e.path, &e.symbol, e.kind),
            )
        }),
        limit,
    );
    if json {
        let rows: Vec<JsonEntry> = ranked
            .iter()
            .map(|m| {
                let (r, e) = all[m.index];
                json_entry(&r.id, e, Some(m.score))
            })
            .collect();
        return Ok(crate::sanitize::json_pretty(&rows)?);
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

/// `--limit 0` would print nothing even when symbols match, and "no
/// symbol matches" would then be untrue.
fn refuse_zero_limit(limit: usize) -> Result<()> {
    if limit == 0 {
        anyhow::bail!(
            "--limit 0 would show no match at all; give --limit 1 or more (the default is 20)"
        );
    }
    Ok(())
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
