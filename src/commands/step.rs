//! `codestudy step REPO N`: what step N's view shows in the terminal app,
//! the rendered document or the list with its entries, for reading in a
//! shell or for scripts (`--json`).

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Context, emit_line};
use crate::cli::StepArgs;
use crate::sanitize::sanitize_line;
use crate::study::markdown::Rendered;
use crate::study::views::{ItemStyle, ListItem, ListView, Target, View};
use crate::study::{self, StepKind};

/// The width a document is wrapped at when stdout is no terminal.
pub const DEFAULT_WIDTH: usize = 100;

pub fn run(args: &StepArgs, ctx: &Context) -> Result<ExitCode> {
    super::reading_only();
    let repo = ctx.catalog.find_repo(&args.repo)?;
    let Some(step) = StepKind::at(usize::from(args.number).saturating_sub(1)) else {
        bail!(
            "there is no step {} of the study method: the steps are 1 to {}\n  = help: `codestudy progress {}` lists them",
            args.number,
            StepKind::ALL.len(),
            repo.name
        );
    };
    let snap = ctx.snapshot(repo)?;
    // The read counts of step 4 come from the progress; without it (an
    // unreadable file) the step is still shown, with a warning.
    let progress = match study::Store::new(&ctx.paths.data_dir).load() {
        Ok(p) => Some(p),
        Err(e) => {
            eprintln!(
                "warning: {}; read counts are left out",
                sanitize_line(&e.to_string())
            );
            None
        }
    };
    // Steps 2 and 4 read the code index, built (or loaded from its cache)
    // as `codestudy imports` builds it; without one they are still shown.
    let intel = if step.uses_intel() {
        match super::intel::index_repo(&ctx.paths.cache_dir, ctx, repo) {
            Ok(index) => Some(index),
            Err(e) => {
                eprintln!(
                    "warning: the code index could not be built ({}); the step shows what file names tell",
                    sanitize_line(&e.to_string())
                );
                None
            }
        }
    } else {
        None
    };
    let view = step.view(
        &snap,
        repo,
        progress.as_ref().and_then(|p| p.repo(&repo.id)),
        intel.as_ref(),
    );
    let text = if args.json {
        serde_json::to_string_pretty(&json(&repo.id, step, &view))?
    } else {
        let width = args.width.map_or_else(terminal_width, usize::from);
        to_text(&view, width)
    };
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}

fn terminal_width() -> usize {
    if std::io::stdout().is_terminal()
        && let Ok((w, _)) = crossterm::terminal::size()
        && w >= 20
    {
        return usize::from(w);
    }
    DEFAULT_WIDTH
}

/// The view as the terminal shows it, without colours: a document
/// rendered and wrapped at `width`, a list with what each entry opens.
pub fn to_text(view: &View, width: usize) -> String {
    match view {
        View::Document {
            title, markdown, ..
        } => {
            let mut out = vec![sanitize_line(title).into_owned(), String::new()];
            for line in Rendered::new(markdown, width).lines {
                let text: String = line.iter().map(|(t, _)| t.as_str()).collect();
                out.push(sanitize_line(text.trim_end()).into_owned());
            }
            out.join("\n")
        }
        View::List(list) => list_text(list),
    }
}

fn list_text(list: &ListView) -> String {
    let mut out = vec![sanitize_line(&list.title).into_owned()];
    out.extend(list.intro.iter().map(|l| sanitize_line(l).into_owned()));
    for item in &list.items {
        match item.style {
            ItemStyle::Heading => {
                out.push(String::new());
                out.push(sanitize_line(&item.text).into_owned());
            }
            ItemStyle::Dim => out.push(format!("  {}", sanitize_line(&item.text))),
            ItemStyle::Plain => {
                let mut line = format!("  {}", sanitize_line(&item.text));
                if !item.detail.is_empty() {
                    line.push_str("  ");
                    line.push_str(&sanitize_line(&item.detail));
                }
                // A file entry named by its path opens that path: said once.
                if let Some(t) = &item.target
                    && !matches!(t, Target::File { path } if *path == item.text)
                {
                    line.push_str("  → ");
                    line.push_str(&sanitize_line(&target_text(t)));
                }
                out.push(line);
            }
        }
    }
    if list.deepen {
        out.push(String::new());
        out.push(
            "a shallow clone: `codestudy clone REPO --depth N` or `--full` fetches more history"
                .into(),
        );
    }
    out.join("\n")
}

fn target_text(t: &Target) -> String {
    match t {
        Target::File { path } => path.clone(),
        Target::FileAt { path, line } => format!("{path}:{line}"),
        Target::Commit { id } => format!("commit {id}"),
        Target::Diff { commit, path } => format!("{path} at {commit}"),
        Target::Document { path } => format!("document {path}"),
        Target::TestsOf { path } => format!("every test of {path}"),
        Target::SymbolHistory { path, symbol } => format!("history of {symbol} in {path}"),
        Target::SymbolDiff {
            commit,
            path,
            symbol,
        } => format!("{symbol} in {path} at {commit}"),
        Target::History {
            path: Some(p),
            skip,
        } => format!("history of {p} from {skip}"),
        Target::History { path: None, skip } => format!("history from {skip}"),
    }
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum JsonView<'a> {
    Document {
        repo: &'a str,
        step: u8,
        title: &'a str,
        markdown: &'a str,
    },
    List {
        repo: &'a str,
        step: u8,
        title: &'a str,
        intro: &'a [String],
        items: Vec<JsonItem<'a>>,
        /// A history of a shallow clone: more can be fetched.
        deepen: bool,
    },
}

#[derive(Serialize)]
struct JsonItem<'a> {
    text: &'a str,
    detail: &'a str,
    style: &'static str,
    opens: Option<&'a Target>,
}

fn json<'a>(repo: &'a str, step: StepKind, view: &'a View) -> JsonView<'a> {
    let step = step.number();
    match view {
        View::Document {
            title, markdown, ..
        } => JsonView::Document {
            repo,
            step,
            title,
            markdown,
        },
        View::List(list) => JsonView::List {
            repo,
            step,
            title: &list.title,
            intro: &list.intro,
            items: list.items.iter().map(json_item).collect(),
            deepen: list.deepen,
        },
    }
}

fn json_item(item: &ListItem) -> JsonItem<'_> {
    JsonItem {
        text: &item.text,
        detail: &item.detail,
        style: match item.style {
            ItemStyle::Heading => "heading",
            ItemStyle::Plain => "entry",
            ItemStyle::Dim => "remark",
        },
        opens: item.target.as_ref(),
    }
}
