//! The command-line subcommands, each printing for people or, with
//! `--json`, for scripts.

pub mod check;
pub mod clone;
pub mod list;
pub mod outline;
pub mod progress;
pub mod symbols;
