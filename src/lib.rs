//! codestudy: study great Python codebases from the terminal.
//!
//! Pure core modules (`catalog`, `sanitize`, `text`) hold no terminal code;
//! `app` is the state machine, `ui` draws it, `tui` runs it in a terminal.
//! `run` dispatches the command line: each subcommand is a file of
//! `commands` with its own `run`.

#![warn(clippy::unwrap_used, clippy::expect_used)]

pub mod app;
pub mod catalog;
pub mod cli;
pub mod commands;
pub mod config;
pub mod fuzzing;
pub mod fuzzy;
pub mod intel;
pub mod jobs;
pub mod outline;
pub mod paths;
pub mod repo;
pub mod safe_path;
pub mod sanitize;
pub mod search;
pub mod study;
pub mod text;
pub mod tui;
pub mod ui;

use std::process::ExitCode;

use anyhow::Result;

use catalog::Catalog;
use cli::{Cli, Command};
use commands::Context;
use paths::Paths;

/// Run the command line: everything `main` does but printing the error.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let paths = Paths::resolve(cli.cache_dir.clone(), cli.data_dir.clone())?;
    let config_path = config::ConfigPath::resolve(cli.config.clone());
    if cli.version {
        return commands::version::run(cli.catalog.as_deref(), &paths, config_path.as_ref());
    }
    // Generated from the command line's own definition: no catalog needed.
    match &cli.command {
        Some(Command::Completions { shell }) => return commands::generated::completions(*shell),
        Some(Command::Man) => return commands::generated::man(),
        _ => {}
    }
    // The configuration and the catalog are checked before anything else,
    // so a bad one is reported on a terminal that is still in its normal
    // mode.
    let config = match &config_path {
        Some(at) => config::load(at)?,
        None => config::Config::default(),
    };
    let catalog = match &cli.catalog {
        Some(path) => Catalog::load(path)?,
        None => Catalog::embedded()?,
    };
    // --mirror (or CODESTUDY_MIRROR) over the configuration's.
    let mirror = cli.mirror.or_else(|| config.mirror.clone());
    let ctx = Context::new(catalog, paths, mirror, config);
    match cli.command {
        None => run_ui(ctx),
        Some(Command::List(args)) => commands::list::run(&args, &ctx),
        Some(Command::Clone(args)) => commands::clone::run(&args, &ctx),
        Some(Command::Outline(args)) => commands::outline::run(&args, &ctx),
        Some(Command::Symbols(args)) => commands::symbols::run(&args, &ctx),
        Some(Command::Find(args)) => commands::find::run(&args, &ctx),
        Some(Command::Progress(args)) => commands::progress::run(&args, &ctx),
        Some(Command::Step(args)) => commands::step::run(&args, &ctx),
        Some(Command::Notes { command }) => commands::notes::run(&command, &ctx),
        Some(Command::Check(args)) => commands::check::run(&args, &ctx),
        Some(Command::Log(args)) => commands::log::run(&args, &ctx),
        Some(Command::Grep(args)) => commands::grep::run(&args, &ctx),
        Some(Command::Def(args)) => commands::intel::def(&args, &ctx),
        Some(Command::Refs(args)) => commands::intel::refs(&args, &ctx),
        Some(Command::Imports(args)) => commands::intel::imports(&args, &ctx),
        Some(Command::Completions { .. } | Command::Man) => Ok(ExitCode::SUCCESS),
    }
}

/// No command: the terminal UI. The exit code after a signal is the
/// shell's, 128 plus the signal's number.
fn run_ui(ctx: Context) -> Result<ExitCode> {
    let mirror = ctx.mirror()?;
    match tui::run(
        ctx.catalog,
        &ctx.paths.cache_dir,
        &ctx.paths.data_dir,
        mirror,
        &ctx.config,
    )? {
        tui::Exit::Quit => Ok(ExitCode::SUCCESS),
        tui::Exit::Signal(sig) => Ok(ExitCode::from(128u8.saturating_add(sig as u8))),
    }
}
