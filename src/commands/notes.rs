//! `codestudy notes export`: a repository's notes and progress as Markdown.

use std::process::ExitCode;

use anyhow::Result;

use super::{Context, emit};
use crate::cli::NotesCommand;
use crate::study;

pub fn run(command: &NotesCommand, ctx: &Context) -> Result<ExitCode> {
    match command {
        NotesCommand::Export {
            repo,
            output,
            force,
        } => {
            let repo = ctx.catalog.find_repo(repo)?;
            if let Some(path) = output
                && !force
                && std::fs::symlink_metadata(path).is_ok()
            {
                anyhow::bail!(
                    "{} exists; give --force to replace it, or another --output",
                    path.display()
                );
            }
            let progress = study::Store::new(&ctx.paths.data_dir).load()?;
            let md =
                study::export_markdown(repo, &ctx.catalog.study.steps, progress.repo(&repo.id));
            match output {
                Some(path) => std::fs::write(path, md)
                    .map_err(|e| anyhow::anyhow!("could not write {}: {e}", path.display()))?,
                None => emit(&md)?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
