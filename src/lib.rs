//! codestudy: study great Python codebases from the terminal.
//!
//! Pure core modules (`catalog`, `sanitize`, `text`) hold no terminal code;
//! `app` is the state machine, `ui` draws it, `tui` runs it in a terminal.

#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod catalog;
pub mod cli;
pub mod list;
pub mod paths;
pub mod sanitize;
pub mod text;
pub mod tui;
pub mod ui;

use std::process::ExitCode;

use anyhow::Result;

use catalog::{Catalog, EMBEDDED_ORIGIN};
use cli::{Cli, Command};
use paths::Paths;

/// Run the command line: everything `main` does but printing the error.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.cache_dir.clone(), cli.data_dir.clone())?;
    if cli.version {
        let catalog = cli
            .catalog
            .as_ref()
            .map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
        println!("codestudy {}", env!("CARGO_PKG_VERSION"));
        println!("catalog:   {catalog}");
        println!("cache dir: {}", paths.cache_dir.display());
        println!("data dir:  {}", paths.data_dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    // The catalog is checked before anything else, so a bad one is reported
    // on a terminal that is still in its normal mode.
    let catalog = match &cli.catalog {
        Some(path) => Catalog::load(path)?,
        None => Catalog::embedded()?,
    };
    match cli.command {
        None => match tui::run(catalog)? {
            tui::Exit::Quit => Ok(ExitCode::SUCCESS),
            tui::Exit::Signal(sig) => Ok(ExitCode::from(128u8.saturating_add(sig as u8))),
        },
        Some(Command::List { json, sort }) => {
            if json {
                println!("{}", list::to_json(&catalog, sort));
            } else {
                print!("{}", list::to_text(&catalog, sort));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
