#![warn(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = codestudy::cli::Cli::parse().with_env();
    // grep's exit codes are grep's: 1 means "nothing matched", so an
    // error is 2; def and refs say "nothing resolved" with 1 too.
    use codestudy::cli::Command;
    let grep = matches!(
        cli.command,
        Some(Command::Grep(_) | Command::Def(_) | Command::Refs(_) | Command::Imports(_))
    );
    let json = cli.command.as_ref().is_some_and(Command::json);
    match codestudy::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // Errors can carry text from a repository or a server (file
            // names, remote messages): sanitized like everything shown.
            let text = codestudy::sanitize::sanitize_multiline(&format!("{err:#}")).join("\n");
            // Not `eprintln!`: after a hangup stderr cannot be written,
            // and that would be a panic.
            if json {
                // Asked for JSON: the error is JSON too, `{"error": ...}`.
                // `text` is sanitized already: serde_json's escapes suffice.
                let line = serde_json::json!({ "error": text }).to_string();
                let _ = writeln!(std::io::stderr(), "{line}");
            } else {
                let _ = writeln!(std::io::stderr(), "codestudy: error: {text}");
            }
            if grep {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
