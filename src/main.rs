#![warn(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = codestudy::cli::Cli::parse();
    match codestudy::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("codestudy: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
