//! `codestudy list`: the catalog as aligned tables, or as JSON.

use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::{Context, emit};
use crate::catalog::{Catalog, Repo};
use crate::cli::{ListArgs, ListSort};
use crate::sanitize::sanitize_line;
use crate::text::width;

pub fn run(args: &ListArgs, ctx: &Context) -> Result<ExitCode> {
    let status = Status::of(ctx);
    if args.json {
        emit(&format!("{}\n", to_json(&ctx.catalog, args.sort, &status)))?;
    } else {
        emit(&to_text(&ctx.catalog, args.sort, &status))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Where each repository stands here: cloned or not, steps done. A
/// progress file that cannot be read leaves the steps unknown (with a
/// warning on stderr): the catalog is still listed.
#[derive(Default)]
pub struct Status {
    cloned: std::collections::HashSet<String>,
    steps: Option<std::collections::HashMap<String, usize>>,
    total: usize,
}

impl Status {
    fn of(ctx: &Context) -> Status {
        let cache = ctx.cache();
        let cloned = ctx
            .catalog
            .repos()
            .filter(|r| cache.is_cloned(&r.owner, &r.name))
            .map(|r| r.id.clone())
            .collect();
        let steps = match crate::study::Store::new(&ctx.paths.data_dir).load() {
            Ok(p) => Some(
                ctx.catalog
                    .repos()
                    .map(|r| {
                        let done = p
                            .repo(&r.id)
                            .map_or(0, crate::study::RepoProgress::steps_done);
                        (r.id.clone(), done)
                    })
                    .collect(),
            ),
            Err(e) => {
                eprintln!("codestudy: warning: study progress not shown: {e:#}");
                None
            }
        };
        Status {
            cloned,
            steps,
            total: ctx.catalog.study.steps.len(),
        }
    }

    fn cloned(&self, r: &Repo) -> bool {
        self.cloned.contains(&r.id)
    }

    fn steps(&self, r: &Repo) -> Option<usize> {
        self.steps
            .as_ref()
            .map(|s| s.get(&r.id).copied().unwrap_or(0))
    }

    fn study_cell(&self, r: &Repo) -> String {
        match self.steps(r) {
            Some(0) | None if !self.cloned(r) => "-".to_string(),
            Some(n) => format!("{n}/{}", self.total),
            None => "?".to_string(),
        }
    }
}

#[derive(Serialize)]
struct JsonCatalog<'a> {
    title: &'a str,
    intro: &'a str,
    categories: Vec<JsonCategory<'a>>,
    steps: Vec<JsonStep<'a>>,
    resources: Vec<JsonResource<'a>>,
    tip: &'a str,
}

#[derive(Serialize)]
struct JsonCategory<'a> {
    id: &'a str,
    title: &'a str,
    icon: &'a str,
    repos: Vec<JsonRepo<'a>>,
}

#[derive(Serialize)]
struct JsonRepo<'a> {
    id: &'a str,
    name: &'a str,
    url: &'a str,
    stars: &'a str,
    stars_count: u64,
    focus: &'a str,
    learn: &'a [String],
    key_files: &'a [String],
    recommended_first: bool,
    /// Whether it is in the cache.
    cloned: bool,
    /// Study steps done; null when the progress file could not be read.
    steps_done: Option<usize>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    title: &'a str,
    detail: &'a str,
}

#[derive(Serialize)]
struct JsonResource<'a> {
    title: &'a str,
    url: &'a str,
    description: &'a str,
}

fn ordered(repos: &[Repo], sort: ListSort) -> Vec<&Repo> {
    let mut v: Vec<&Repo> = repos.iter().collect();
    if sort == ListSort::Stars {
        v.sort_by_key(|r| std::cmp::Reverse(r.stars_count));
    }
    v
}

pub fn to_json(catalog: &Catalog, sort: ListSort, status: &Status) -> String {
    let doc = JsonCatalog {
        title: &catalog.title,
        intro: &catalog.intro,
        categories: catalog
            .categories
            .iter()
            .map(|c| JsonCategory {
                id: &c.id,
                title: &c.title,
                icon: &c.icon,
                repos: ordered(&c.repos, sort)
                    .into_iter()
                    .map(|r| JsonRepo {
                        id: &r.id,
                        name: &r.name,
                        url: &r.url,
                        stars: &r.stars,
                        stars_count: r.stars_count,
                        focus: &r.focus,
                        learn: &r.learn,
                        key_files: &r.key_files,
                        recommended_first: r.recommended_first,
                        cloned: status.cloned(r),
                        steps_done: status.steps(r),
                    })
                    .collect(),
            })
            .collect(),
        steps: catalog
            .study
            .steps
            .iter()
            .map(|s| JsonStep {
                title: &s.title,
                detail: &s.detail,
            })
            .collect(),
        resources: catalog
            .resources
            .items
            .iter()
            .map(|r| JsonResource {
                title: &r.title,
                url: &r.url,
                description: &r.description,
            })
            .collect(),
        tip: &catalog.tip,
    };
    // Serializing plain strings and numbers cannot fail.
    crate::sanitize::json_pretty(&doc).unwrap_or_default()
}

/// Aligned tables, one per category, columns aligned across all of them.
/// Nothing is truncated: this output is for reading and for `grep`.
pub fn to_text(catalog: &Catalog, sort: ListSort, status: &Status) -> String {
    const HEAD: [&str; 7] = [
        "REPOSITORY",
        "STARS",
        "CLONED",
        "STUDY",
        "FOCUS",
        "WHAT TO LEARN",
        "KEY FILES",
    ];
    let row = |r: &Repo| -> [String; 7] {
        let star = if r.recommended_first { " *" } else { "" };
        [
            format!("{}{star}", r.id),
            r.stars.clone(),
            if status.cloned(r) { "yes" } else { "-" }.to_string(),
            status.study_cell(r),
            r.focus.clone(),
            r.learn.join(", "),
            r.key_files.join(", "),
        ]
        .map(|s| sanitize_line(&s).into_owned())
    };
    let mut widths = HEAD.map(width);
    for r in catalog.repos() {
        for (w, cell) in widths.iter_mut().zip(row(r)) {
            *w = (*w).max(width(&cell));
        }
    }
    let fmt_line = |cells: [String; 7]| -> String {
        let mut line = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            line.push_str(cell);
            if i < 6 {
                line.push_str(&" ".repeat(w - width(cell) + 2));
            }
        }
        line.trim_end().to_string()
    };
    let mut out = String::new();
    out.push_str(&sanitize_line(&catalog.title));
    out.push('\n');
    for c in &catalog.categories {
        out.push('\n');
        out.push_str(&sanitize_line(&format!("{} {}", c.icon, c.title)));
        out.push('\n');
        out.push_str(&fmt_line(HEAD.map(String::from)));
        out.push('\n');
        for r in ordered(&c.repos, sort) {
            out.push_str(&fmt_line(row(r)));
            out.push('\n');
        }
    }
    if catalog.repos().any(|r| r.recommended_first) {
        out.push_str("\n* recommended first\n");
    }
    out.push_str(&format!("Tip: {}\n", sanitize_line(&catalog.tip)));
    out
}
