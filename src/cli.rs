//! The command line. Every global option can also come from a
//! `CODESTUDY_*` environment variable.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "codestudy",
    about = "Study great Python codebases from the terminal",
    long_about = "Study great Python codebases from the terminal.\n\nWithout a command, opens the terminal UI on the catalog of repositories.",
    disable_version_flag = true
)]
pub struct Cli {
    /// Catalog file to use instead of the embedded one
    #[arg(long, global = true, env = "CODESTUDY_CATALOG", value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Where clones and indexes are kept [default: the XDG cache dir, codestudy/]
    #[arg(long, global = true, env = "CODESTUDY_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Where study progress and notes are kept [default: the XDG data dir, codestudy/]
    #[arg(long, global = true, env = "CODESTUDY_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Print the version and the paths in use
    #[arg(short = 'V', long)]
    pub version: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the catalog as tables grouped by category
    List {
        /// Print JSON instead of tables
        #[arg(long)]
        json: bool,
        /// Order of repositories within each category
        #[arg(long, value_enum, default_value_t = ListSort::Catalog)]
        sort: ListSort,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListSort {
    /// As the catalog lists them
    Catalog,
    /// Most stars first
    Stars,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
