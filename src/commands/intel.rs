//! `codestudy def`, `refs` and `imports`: the semantic index from the
//! command line. They exit 0 with answers, 1 when nothing resolves, 2 on
//! an error (as `grep` does).

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, emit};
use crate::catalog::Repo;
use crate::cli::{ImportsArgs, LocationArgs};
use crate::intel::{self, Definition, Index, is_test_path};
use crate::repo::{Content, RepoError, RepoPath, Snapshot};
use crate::sanitize::sanitize_line;

/// A parsed REPO:PATH:LINE:COL.
#[derive(Debug, PartialEq, Eq)]
pub struct Location {
    pub repo: String,
    pub path: String,
    pub line: u32,
    pub column: u32,
}

const LOCATION_HELP: &str = "expected REPO:PATH:LINE:COL, e.g. flask:src/flask/app.py:109:7 \
     (LINE and COL 1-based, COL in characters)";

impl Location {
    pub fn parse(s: &str) -> Result<Location> {
        let mut back = s.rsplitn(3, ':');
        let col = back.next().unwrap_or("");
        let line = back.next();
        let rest = back.next();
        let (Some(line), Some(rest)) = (line, rest) else {
            bail!("{:?}: {LOCATION_HELP}", sanitize_line(s));
        };
        let Some((repo, path)) = rest.split_once(':') else {
            bail!(
                "{:?}: no repository before the path; {LOCATION_HELP}",
                sanitize_line(s)
            );
        };
        let number = |what: &str, v: &str| -> Result<u32> {
            match v.parse::<u32>() {
                Ok(n) if n >= 1 => Ok(n),
                _ => bail!(
                    "{:?}: {what} {:?} is not a number from 1 up; {LOCATION_HELP}",
                    sanitize_line(s),
                    sanitize_line(v)
                ),
            }
        };
        if repo.is_empty() || path.is_empty() {
            bail!("{:?}: {LOCATION_HELP}", sanitize_line(s));
        }
        Ok(Location {
            repo: repo.to_string(),
            path: path.trim_start_matches("./").to_string(),
            line: number("LINE", line)?,
            column: number("COL", col)?,
        })
    }
}

/// Load (or build) the semantic index of a cloned repository; a line on
/// stderr says what it cost when anything was parsed.
pub fn index_repo(cache_dir: &Path, ctx: &Context, repo: &Repo) -> Result<Index> {
    let cache = ctx.cache();
    if !cache.is_cloned(&repo.owner, &repo.name) {
        return Err(RepoError::NotCloned {
            repo: repo.id.clone(),
            name: repo.name.clone(),
        }
        .into());
    }
    let (index, stats) = intel::build(
        &cache.repo_dir(&repo.owner, &repo.name),
        &intel::cache_path(cache_dir, &repo.owner, &repo.name),
        crate::outline::index::default_threads(),
        &AtomicBool::new(false),
    )?;
    if stats.parsed > 0 {
        eprintln!(
            "{}: semantic index of {} Python files ({} parsed, {} from the cache) in {} ms",
            repo.id,
            stats.files,
            stats.parsed,
            stats.reused,
            stats.elapsed.as_millis()
        );
    }
    Ok(index)
}

/// Check that the location is a Python file of the index with that line.
fn check_location(ctx: &Context, repo: &Repo, index: &Index, loc: &Location) -> Result<()> {
    if index.has(&loc.path) {
        let lines = index.lines(&loc.path).unwrap_or(u32::MAX);
        if loc.line > lines {
            bail!(
                "line {} is past the end of {} in {} ({} lines)",
                loc.line,
                sanitize_line(&loc.path),
                repo.id,
                lines
            );
        }
        return Ok(());
    }
    let exists = read_text(ctx, repo, &loc.path).is_some();
    if exists {
        bail!(
            "{} in {} is not a Python file: def and refs read .py files",
            sanitize_line(&loc.path),
            repo.id
        );
    }
    bail!(
        "no file {} at HEAD of {}; `codestudy symbols {}` lists its Python files",
        sanitize_line(&loc.path),
        repo.id,
        repo.name
    )
}

fn read_text(ctx: &Context, repo: &Repo, path: &str) -> Option<String> {
    text_at(&open_snapshot(ctx, repo)?, path)
}

fn open_snapshot(ctx: &Context, repo: &Repo) -> Option<Snapshot> {
    Snapshot::open(&ctx.cache().repo_dir(&repo.owner, &repo.name)).ok()
}

fn text_at(snap: &Snapshot, path: &str) -> Option<String> {
    match snap
        .read(&RepoPath::parse(path).ok()?, 16 * 1024 * 1024)
        .ok()?
    {
        Content::Text { text, .. } => Some(text),
        _ => None,
    }
}

/// Lines of code, each file read once, from one opened clone.
struct CodeLines {
    snap: Option<Snapshot>,
    files: std::collections::HashMap<String, Vec<String>>,
}

impl CodeLines {
    fn new(ctx: &Context, repo: &Repo) -> CodeLines {
        CodeLines {
            snap: open_snapshot(ctx, repo),
            files: Default::default(),
        }
    }

    fn line(&mut self, path: &str, line: u32) -> String {
        let snap = self.snap.as_ref();
        let lines = self.files.entry(path.to_string()).or_insert_with(|| {
            snap.and_then(|s| text_at(s, path))
                .map(|t| t.lines().map(str::to_string).collect())
                .unwrap_or_default()
        });
        lines
            .get(line.saturating_sub(1) as usize)
            .map(|l| sanitize_line(l.trim()).into_owned())
            .unwrap_or_default()
    }
}

#[derive(Serialize)]
struct JsonDef<'a> {
    path: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    name: &'a str,
    kind: &'static str,
    confidence: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    module: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    import_path: Option<&'a str>,
}

fn json_def(d: &Definition) -> JsonDef<'_> {
    JsonDef {
        path: d.path.as_deref(),
        line: d.line,
        column: d.column,
        name: &d.name,
        kind: d.kind.as_str(),
        confidence: d.confidence.as_str(),
        module: d.module.as_deref(),
        import_path: d.import_path.as_deref(),
    }
}

/// `def REPO:PATH:LINE:COL`.
pub fn def(args: &LocationArgs, ctx: &Context) -> Result<ExitCode> {
    let loc = Location::parse(&args.location)?;
    let repo = ctx.catalog.find_repo(&loc.repo)?;
    let index = index_repo(&ctx.paths.cache_dir, ctx, repo)?;
    check_location(ctx, repo, &index, &loc)?;
    let defs = index.definition(&loc.path, loc.line, loc.column);
    if args.json {
        let rows: Vec<JsonDef> = defs.iter().map(json_def).collect();
        emit(&format!("{}\n", crate::sanitize::json_pretty(&rows)?))?;
    } else {
        let mut code = CodeLines::new(ctx, repo);
        let mut out = String::new();
        for d in &defs {
            match (&d.path, &d.module) {
                (Some(p), _) => {
                    let (line, col) = (d.line.unwrap_or(1), d.column.unwrap_or(1));
                    out.push_str(&format!(
                        "{}:{}:{}  {} {}  [{}]  {}\n",
                        sanitize_line(p),
                        line,
                        col,
                        d.kind.as_str(),
                        sanitize_line(&d.name),
                        d.confidence.as_str(),
                        code.line(p, line)
                    ));
                }
                (None, Some(m)) => {
                    let via = match (&d.import_path, d.line) {
                        (Some(p), Some(l)) => {
                            format!("  imported at {}:{}", sanitize_line(p), l)
                        }
                        _ => String::new(),
                    };
                    out.push_str(&format!(
                        "{}  from module {} (outside the repository){}  [{}]\n",
                        sanitize_line(&d.name),
                        sanitize_line(m),
                        via,
                        d.confidence.as_str()
                    ));
                }
                _ => {}
            }
        }
        emit(&out)?;
    }
    if defs.is_empty() {
        eprintln!(
            "nothing resolves at {}:{}:{} in {}",
            sanitize_line(&loc.path),
            loc.line,
            loc.column,
            repo.id
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `refs REPO:PATH:LINE:COL`.
pub fn refs(args: &LocationArgs, ctx: &Context) -> Result<ExitCode> {
    let loc = Location::parse(&args.location)?;
    let repo = ctx.catalog.find_repo(&loc.repo)?;
    let index = index_repo(&ctx.paths.cache_dir, ctx, repo)?;
    check_location(ctx, repo, &index, &loc)?;
    let refs = index.references(&loc.path, loc.line, loc.column);
    if args.json {
        #[derive(Serialize)]
        struct Row<'a> {
            path: &'a str,
            line: u32,
            column: u32,
            confidence: &'static str,
        }
        let rows: Vec<Row> = refs
            .iter()
            .map(|r| Row {
                path: &r.path,
                line: r.line,
                column: r.column,
                confidence: r.confidence.as_str(),
            })
            .collect();
        emit(&format!("{}\n", crate::sanitize::json_pretty(&rows)?))?;
    } else {
        let mut code = CodeLines::new(ctx, repo);
        // Source first, then tests; grouped by file.
        let mut sorted: Vec<&intel::Reference> = refs.iter().collect();
        sorted.sort_by_key(|r| (is_test_path(&r.path), r.path.clone(), r.line, r.column));
        let mut out = String::new();
        for r in sorted {
            out.push_str(&format!(
                "{}:{}:{}  [{}]  {}\n",
                sanitize_line(&r.path),
                r.line,
                r.column,
                r.confidence.as_str(),
                code.line(&r.path, r.line)
            ));
        }
        emit(&out)?;
        let files: std::collections::HashSet<&str> = refs.iter().map(|r| r.path.as_str()).collect();
        eprintln!("{} references in {} files", refs.len(), files.len());
    }
    if refs.is_empty() {
        if !args.json {
            eprintln!(
                "no references to the name at {}:{}:{} in {}",
                sanitize_line(&loc.path),
                loc.line,
                loc.column,
                repo.id
            );
        }
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// `imports REPO [PATH]`.
pub fn imports(args: &ImportsArgs, ctx: &Context) -> Result<ExitCode> {
    let repo = ctx.catalog.find_repo(&args.repo)?;
    let index = index_repo(&ctx.paths.cache_dir, ctx, repo)?;
    match &args.path {
        None => {
            let edges = index.import_graph();
            if args.json {
                emit(&format!("{}\n", crate::sanitize::json_pretty(&edges)?))?;
            } else {
                let mut out = String::new();
                for e in &edges {
                    out.push_str(&format!(
                        "{}:{} -> {}\n",
                        sanitize_line(&e.from),
                        e.line,
                        sanitize_line(&e.to)
                    ));
                }
                emit(&out)?;
            }
        }
        Some(path) => {
            let path = path.trim_start_matches("./");
            if !index.has(path) {
                let loc = Location {
                    repo: args.repo.clone(),
                    path: path.to_string(),
                    line: 1,
                    column: 1,
                };
                check_location(ctx, repo, &index, &loc)?;
            }
            let (out_edges, in_edges) = index.imports_of(path);
            if args.json {
                #[derive(Serialize)]
                struct One<'a> {
                    path: &'a str,
                    module: Option<&'a str>,
                    imports: &'a [intel::ImportEdge],
                    imported_by: &'a [intel::ImportEdge],
                }
                emit(&format!(
                    "{}\n",
                    crate::sanitize::json_pretty(&One {
                        path,
                        module: index.module_name(path),
                        imports: &out_edges,
                        imported_by: &in_edges,
                    })?
                ))?;
            } else {
                let mut out = format!(
                    "{} (module {})\nimports {} modules of the repository:\n",
                    sanitize_line(path),
                    sanitize_line(index.module_name(path).unwrap_or("?")),
                    count_files(&out_edges, |e| &e.to)
                );
                for e in &out_edges {
                    out.push_str(&format!("  {}  (line {})\n", sanitize_line(&e.to), e.line));
                }
                out.push_str(&format!(
                    "imported by {} files:\n",
                    count_files(&in_edges, |e| &e.from)
                ));
                for e in &in_edges {
                    out.push_str(&format!("  {}:{}\n", sanitize_line(&e.from), e.line));
                }
                emit(&out)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn count_files(edges: &[intel::ImportEdge], key: impl Fn(&intel::ImportEdge) -> &String) -> usize {
    edges
        .iter()
        .map(key)
        .collect::<std::collections::HashSet<_>>()
        .len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_parse_with_clear_errors() {
        let l = Location::parse("flask:src/flask/app.py:109:7").unwrap();
        assert_eq!(
            l,
            Location {
                repo: "flask".into(),
                path: "src/flask/app.py".into(),
                line: 109,
                column: 7
            }
        );
        let l = Location::parse("pallets/flask:./a:b.py:1:1").unwrap();
        assert_eq!(
            (l.repo.as_str(), l.path.as_str()),
            ("pallets/flask", "a:b.py")
        );
        for (bad, says) in [
            ("flask:app.py:0:1", "LINE \"0\" is not a number from 1 up"),
            ("flask:app.py:3:x", "COL \"x\" is not a number"),
            ("app.py:3:4", "no repository before the path"),
            ("flask", "expected REPO:PATH:LINE:COL"),
        ] {
            let e = Location::parse(bad).unwrap_err().to_string();
            assert!(e.contains(says), "{bad}: {e}");
        }
    }
}
