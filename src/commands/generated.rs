//! `codestudy completions SHELL` and `codestudy man`: shell completion
//! scripts and the manual page, generated from the clap definitions so they
//! cannot drift from the real command line.

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use super::emit;
use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "codestudy", &mut out);
    emit(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}

pub fn man() -> Result<ExitCode> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    emit(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::SUCCESS)
}
