#![warn(clippy::unwrap_used, clippy::expect_used)]

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = codestudy::cli::Cli::parse();
    match codestudy::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Errors can carry text from a repository or a server (file
            // names, remote messages): sanitized like everything shown.
            let text = codestudy::sanitize::sanitize_multiline(&format!("{err:#}")).join("\n");
            eprintln!("codestudy: error: {text}");
            ExitCode::FAILURE
        }
    }
}
