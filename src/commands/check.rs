//! `codestudy check`: where each key file of the cloned repositories is at
//! HEAD: found, moved, or missing with suggestions.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Context, emit};
use crate::catalog::Repo;
use crate::cli::CheckArgs;
use crate::repo::{Cache, PathIndex, RepoError, Resolution, Snapshot, resolve_key_file};
use crate::sanitize::{sanitize_line, sanitize_multiline};

/// Check the repositories named, or every cloned one. Each that cannot be
/// checked is an error on stderr and makes the exit code 1; the others are
/// still checked.
pub fn run(args: &CheckArgs, ctx: &Context) -> Result<ExitCode> {
    let cache = ctx.cache();
    let selected: Vec<&Repo> = if args.repos.is_empty() {
        ctx.catalog
            .repos()
            .filter(|r| cache.is_cloned(&r.owner, &r.name))
            .collect()
    } else {
        args.repos
            .iter()
            .map(|q| ctx.catalog.find_repo(q))
            .collect::<Result<_, _>>()?
    };
    let mut all = Vec::new();
    let mut failed = 0;
    // With --json an error is a JSON line on stderr, `{"error": ...}`, as
    // every command's; the result is printed only when nothing failed.
    let report = |text: String| {
        if args.json {
            eprintln!("{}", serde_json::json!({ "error": text }));
        } else {
            eprintln!("codestudy: error: {text}");
        }
    };
    for repo in &selected {
        if !cache.is_cloned(&repo.owner, &repo.name) {
            report(
                RepoError::NotCloned {
                    repo: repo.id.clone(),
                    name: repo.name.clone(),
                }
                .to_string(),
            );
            failed += 1;
            continue;
        }
        match check_repo(&cache, repo) {
            Ok((snap, mut reports)) => {
                if args.why {
                    let dir = cache.repo_dir(&repo.owner, &repo.name);
                    for r in reports.iter_mut().filter(|r| r.status == "missing") {
                        if !args.json {
                            eprintln!(
                                "{}: looking up when {} left the history…",
                                repo.id,
                                sanitize_line(&r.path)
                            );
                        }
                        match crate::repo::gone::departure(
                            &dir,
                            &r.path,
                            &|_| {},
                            &std::sync::atomic::AtomicBool::new(false),
                        ) {
                            Ok(d) => r.set_departure(&d),
                            Err(e) => {
                                report(format!(
                                    "{}: when {} left the history: {}",
                                    repo.id,
                                    r.path,
                                    sanitize_multiline(&e.to_string()).join(" ")
                                ));
                                failed += 1;
                            }
                        }
                    }
                }
                if !args.json {
                    emit(&format_text(repo, &snap, &reports))?;
                }
                all.extend(reports);
            }
            Err(e) => {
                report(format!(
                    "{}: {}",
                    repo.id,
                    sanitize_multiline(&e.to_string()).join(" ")
                ));
                failed += 1;
            }
        }
    }
    if args.json && failed == 0 {
        emit(&format!("{}\n", crate::sanitize::json_pretty(&all)?))?;
    } else if selected.is_empty() {
        emit(&format!(
            "No repository is cloned yet (cache: {}); clone one with `codestudy clone flask`.\n",
            ctx.paths.cache_dir.display()
        ))?;
    }
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Debug, Serialize)]
pub struct KeyFileReport {
    pub repo: String,
    pub path: String,
    pub status: &'static str,
    /// Where it is: the path itself when found, the new path when moved.
    pub resolved: Option<String>,
    /// "file" or "directory" (or "symlink", "submodule") when resolved.
    pub kind: Option<&'static str>,
    pub suggestions: Vec<String>,
    /// For a moved one: `moved`, `package` (a module that became a
    /// package) or `split` (a module split into several files).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub became: Option<&'static str>,
    /// A package's modules, or a split's parts (paths).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<String>,
    /// What `became` means, in words (the text form shows it).
    #[serde(skip)]
    pub detail: String,
    /// With `--why`, for a missing one: when it left the history, in
    /// words; and the commit that removed it and the last that had it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_seen: Option<String>,
}

impl KeyFileReport {
    fn set_departure(&mut self, d: &crate::repo::gone::Departure) {
        self.history = Some(d.describe());
        if let crate::repo::gone::Departure::Removed { by, last_seen } = d {
            self.removed_by = Some(by.id.to_string());
            self.last_seen = Some(last_seen.to_string());
        }
    }
}

/// The reports for one cloned repository.
pub fn check_repo(cache: &Cache, repo: &Repo) -> Result<(Snapshot, Vec<KeyFileReport>), RepoError> {
    let snap = Snapshot::open(&cache.repo_dir(&repo.owner, &repo.name))?;
    let index = PathIndex::new(&snap.list_all(false)?);
    let reports = repo
        .key_files
        .iter()
        .map(|key| {
            let resolution = resolve_key_file(key, &index);
            let (resolved, kind) = match resolution.located(key) {
                Some((path, kind)) => (Some(path), Some(kind.as_str())),
                None => (None, None),
            };
            let suggestions = match &resolution {
                Resolution::Missing { suggestions } => suggestions.clone(),
                _ => Vec::new(),
            };
            let (became, parts) = match &resolution {
                Resolution::Moved { became, .. } => (
                    Some(became.as_str()),
                    match became {
                        crate::repo::Became::Package { modules } => modules.clone(),
                        crate::repo::Became::Split { parts } => parts.clone(),
                        crate::repo::Became::Moved => Vec::new(),
                    },
                ),
                _ => (None, Vec::new()),
            };
            let detail = match &resolution {
                Resolution::Moved { became, .. } => became.details(6),
                _ => String::new(),
            };
            KeyFileReport {
                repo: repo.id.clone(),
                path: key.clone(),
                status: resolution.status(),
                resolved,
                kind,
                suggestions,
                became,
                parts,
                detail,
                history: None,
                removed_by: None,
                last_seen: None,
            }
        })
        .collect();
    Ok((snap, reports))
}

/// The text form: one block per repository.
pub fn format_text(repo: &Repo, snap: &Snapshot, reports: &[KeyFileReport]) -> String {
    let head = snap.head().to_string();
    let mut out = format!("{} (HEAD {}, {})\n", repo.id, &head[..10], snap.depth());
    let width = reports.iter().map(|r| r.path.len()).max().unwrap_or(0);
    for r in reports {
        let path = sanitize_line(&r.path);
        let line = match (r.status, &r.resolved) {
            ("moved", Some(to)) if r.detail.is_empty() => format!(
                "  moved    {path:<width$}  -> {} ({})",
                sanitize_line(to),
                r.kind.unwrap_or("")
            ),
            ("moved", Some(to)) => format!(
                "  moved    {path:<width$}  -> {} ({}; {})",
                sanitize_line(to),
                r.kind.unwrap_or(""),
                sanitize_line(&r.detail)
            ),
            ("found", _) => format!("  found    {path:<width$}  {}", r.kind.unwrap_or("")),
            _ if r.suggestions.is_empty() => {
                format!("  missing  {path:<width$}  (nothing similar)")
            }
            _ => format!(
                "  missing  {path:<width$}  did you mean: {}",
                r.suggestions
                    .iter()
                    .map(|s| sanitize_line(s).into_owned())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        out.push_str(&line);
        out.push('\n');
        if let Some(h) = &r.history {
            out.push_str(&format!(
                "           {:<width$}  {}\n",
                "",
                sanitize_line(h)
            ));
        }
    }
    out
}
