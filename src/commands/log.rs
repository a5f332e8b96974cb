//! `codestudy log REPO[:PATH[::SYMBOL]]`: the history of a cloned
//! repository, of one path as `git log [--follow] -- PATH` lists it, or of
//! one symbol (its commits found by outlining each version of the file).

use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, emit_line};
use crate::cli::LogArgs;
use crate::repo::RepoPath;
use crate::repo::read::CommitInfo;
use crate::sanitize::sanitize_line;
use crate::study::dates::iso_8601;

/// A commit, the path there, and a symbol's lines there.
type Row = (CommitInfo, Option<String>, Option<(u32, u32)>);

#[derive(Serialize)]
struct Entry<'a> {
    id: String,
    author: &'a str,
    date: String,
    summary: &'a str,
    /// The path at that commit (a path's or a symbol's history).
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<&'a str>,
    /// The symbol's lines there, from 1 (a symbol's history); absent when
    /// the commit removed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    lines: Option<[u32; 2]>,
}

#[derive(Serialize)]
struct Log<'a> {
    repo: &'a str,
    path: Option<&'a str>,
    symbol: Option<&'a str>,
    follow: bool,
    /// The clone is shallow and the history reached its start.
    truncated: bool,
    /// More commits than `--limit` match.
    more: bool,
    commits: Vec<Entry<'a>>,
}

pub fn run(args: &LogArgs, ctx: &Context) -> Result<ExitCode> {
    super::reading_only();
    let (repo_name, rest) = match args.target.split_once(':') {
        Some((r, rest)) => (r, Some(rest)),
        None => (args.target.as_str(), None),
    };
    let (path, symbol) = match rest {
        None => (None, None),
        Some(rest) => match rest.split_once("::") {
            Some((p, s)) => (Some(p), Some(s)),
            None => (Some(rest), None),
        },
    };
    if path == Some("") {
        bail!(
            "{}: no path after the `:`\n  = help: `codestudy log {repo_name}:src/x.py` for a file's history, `codestudy log {repo_name}` for the repository's",
            sanitize_line(&args.target)
        );
    }
    if symbol == Some("") {
        bail!(
            "{}: no symbol after the `::`\n  = help: name it as the outline does, e.g. `::Flask.route`",
            sanitize_line(&args.target)
        );
    }
    let repo = ctx.catalog.find_repo(repo_name)?;
    let snap = ctx.snapshot(repo)?;
    let rp = path.map(RepoPath::parse).transpose()?;
    let limit = args.limit as usize;
    // (commit, path there, symbol lines), truncated, more
    let (rows, truncated, more): (Vec<Row>, bool, bool) = match (&rp, symbol) {
        (Some(p), Some(sym)) => {
            let log = snap.symbol_log(p, sym, limit + 1)?;
            if log.entries.is_empty() && log.truncated {
                bail!(
                    "{}: no commit in this shallow clone changed a symbol `{}` of {}: older commits are not in it\n  = help: `codestudy clone {} --full` fetches the whole history",
                    repo.id,
                    sanitize_line(sym),
                    sanitize_line(&p.to_string_lossy()),
                    repo.name
                );
            }
            if log.entries.is_empty() {
                bail!(
                    "{}: no commit in this clone changed a symbol `{}` of {}\n  = help: name it as `codestudy outline {}:{}` shows it, with its class: `Class.method`",
                    repo.id,
                    sanitize_line(sym),
                    sanitize_line(&p.to_string_lossy()),
                    repo.name,
                    sanitize_line(&p.to_string_lossy())
                );
            }
            let more = log.entries.len() > limit;
            (
                log.entries
                    .into_iter()
                    .take(limit)
                    .map(|e| (e.info, Some(e.path), e.lines))
                    .collect(),
                log.truncated,
                more,
            )
        }
        (p, _) => {
            let page = snap.log(p.as_ref(), args.follow && p.is_some(), 0, limit)?;
            (
                page.entries
                    .into_iter()
                    .map(|e| (e.info, e.path, None))
                    .collect(),
                page.truncated,
                page.has_more,
            )
        }
    };
    let log = Log {
        repo: &repo.id,
        path,
        symbol,
        follow: args.follow || symbol.is_some(),
        truncated,
        more,
        commits: rows
            .iter()
            .map(|(c, p, lines)| Entry {
                id: c.id.to_string(),
                author: &c.author,
                date: iso_8601(c.time, c.offset_minutes),
                summary: &c.summary,
                path: p.as_deref(),
                lines: lines.map(|(a, b)| [a, b]),
            })
            .collect(),
    };
    let text = if args.json {
        serde_json::to_string_pretty(&log)?
    } else {
        let mut out: Vec<String> = log
            .commits
            .iter()
            .map(|e| {
                let mut line = format!(
                    "{} {} {}  {}",
                    &e.id[..10],
                    e.date,
                    sanitize_line(e.author),
                    sanitize_line(e.summary)
                );
                // The path, when it is not the one asked for (renamed).
                if let Some(p) = e.path
                    && Some(p) != path
                {
                    line.push_str(&format!("  ({})", sanitize_line(p)));
                }
                if symbol.is_some() && e.lines.is_none() {
                    line.push_str("  (removed it)");
                }
                line
            })
            .collect();
        if log.commits.is_empty() {
            out.push(match path {
                Some(p) => format!("no commit in this clone changed {}", sanitize_line(p)),
                None => "no commits".into(),
            });
        }
        if more {
            out.push(format!("… more: --limit {} shows more", limit * 2));
        }
        if truncated {
            out.push(
                "the clone is shallow and starts here: `codestudy clone REPO --full` fetches the rest"
                    .into(),
            );
        }
        out.join("\n")
    };
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}
