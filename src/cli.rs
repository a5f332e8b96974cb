//! The command line. Every global option can also come from a
//! `CODESTUDY_*` environment variable.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "codestudy",
    about = "Study great Python codebases from the terminal",
    long_about = "Study great Python codebases from the terminal.\n\nWithout a command, opens the terminal UI on the catalog of repositories.",
    disable_version_flag = true
)]
pub struct Cli {
    // The `CODESTUDY_*` variables are read by `with_env`, not by clap's
    // `env`: clap writes an option set from the environment into every
    // usage line, as if it were required.
    /// Catalog file to use instead of the embedded one [env: CODESTUDY_CATALOG]
    #[arg(long, global = true, value_name = "FILE")]
    pub catalog: Option<PathBuf>,

    /// Where clones and indexes are kept [default: the XDG cache dir, codestudy/]
    /// [env: CODESTUDY_CACHE_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,

    /// Where study progress and notes are kept [default: the XDG data dir, codestudy/]
    /// [env: CODESTUDY_DATA_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Fetch every repository from this URL template instead of its catalog
    /// URL; {owner} and {name} are filled in (e.g. git://127.0.0.1:9418/{owner}/{name}.git)
    /// [env: CODESTUDY_MIRROR]
    #[arg(long, global = true, value_name = "TEMPLATE")]
    pub mirror: Option<String>,

    /// Configuration file [default: the XDG config dir, codestudy/config.toml]
    /// [env: CODESTUDY_CONFIG]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print the version and the paths in use
    #[arg(short = 'V', long)]
    pub version: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

impl Cli {
    /// Each global option not given on the command line from its
    /// `CODESTUDY_*` variable (an empty variable counts as unset).
    pub fn with_env(mut self) -> Cli {
        let var = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        self.catalog = self
            .catalog
            .or_else(|| var("CODESTUDY_CATALOG").map(PathBuf::from));
        self.cache_dir = self
            .cache_dir
            .or_else(|| var("CODESTUDY_CACHE_DIR").map(PathBuf::from));
        self.data_dir = self
            .data_dir
            .or_else(|| var("CODESTUDY_DATA_DIR").map(PathBuf::from));
        self.config = self
            .config
            .or_else(|| var("CODESTUDY_CONFIG").map(PathBuf::from));
        self.mirror = self
            .mirror
            .or_else(|| var("CODESTUDY_MIRROR").map(|v| v.to_string_lossy().into_owned()));
        self
    }
}

// The doc comment of each variant is the command's help; the args structs
// carry none, so they do not replace it.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the catalog as tables grouped by category
    List(ListArgs),
    /// Clone repositories into the cache (shallow), or update those already there
    #[command(
        override_usage = "codestudy clone [OPTIONS] <REPO>...\n       codestudy clone [OPTIONS] --all"
    )]
    Clone(CloneArgs),
    /// Print the symbol outline of a file: PATH on disk, or REPO:PATH of a cloned repository
    Outline(OutlineArgs),
    /// Build (or load) the symbol index of a cloned repository and print it
    Symbols(SymbolsArgs),
    /// Fuzzy-search the symbols of the cloned repositories
    Find(FindArgs),
    /// Print study progress (every repository, or one), or set a step's state
    Progress(ProgressArgs),
    /// Study notes
    Notes {
        #[command(subcommand)]
        command: NotesCommand,
    },
    /// Print what step N (1-6) of the study method shows for a cloned repository: the rendered
    /// document, or the list with what each entry opens
    Step(StepArgs),
    /// Show where each key file of the cloned repositories is: found, moved or missing
    Check(CheckArgs),
    /// The history of a cloned repository, of one path (as `git log -- PATH` lists it), or of
    /// one function, method or class (REPO:PATH::SYMBOL), newest first
    Log(LogArgs),
    /// Search the text of a cloned repository at HEAD, printed as `git grep -n --column` does;
    /// exit 0 when something matched, 1 when nothing did, 2 on error
    Grep(GrepArgs),
    /// Where the name at REPO:PATH:LINE:COL is defined, best first
    Def(LocationArgs),
    /// Every reference in the repository to what the name at REPO:PATH:LINE:COL stands for
    Refs(LocationArgs),
    /// The in-repository import graph, or one module's imports and importers
    Imports(ImportsArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `codestudy man > codestudy.1`
    Man,
}

impl Command {
    /// Whether the command was asked for JSON: its errors are JSON too.
    pub fn json(&self) -> bool {
        match self {
            Command::List(a) => a.json,
            Command::Outline(a) => a.json,
            Command::Symbols(a) => a.json,
            Command::Find(a) => a.json,
            Command::Progress(a) => a.json,
            Command::Step(a) => a.json,
            Command::Check(a) => a.json,
            Command::Log(a) => a.json,
            Command::Grep(a) => a.json,
            Command::Def(a) | Command::Refs(a) => a.json,
            Command::Imports(a) => a.json,
            Command::Clone(_)
            | Command::Notes { .. }
            | Command::Completions { .. }
            | Command::Man => false,
        }
    }
}

#[derive(Debug, Args)]
pub struct LocationArgs {
    /// REPO:PATH:LINE:COL, LINE and COL 1-based, COL counted in characters,
    /// e.g. flask:src/flask/app.py:109:7
    #[arg(value_name = "REPO:PATH:LINE:COL")]
    pub location: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ImportsArgs {
    /// The repository, as owner/name or name
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// One file: its imports and the files importing it
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON instead of tables
    #[arg(long)]
    pub json: bool,
    /// Order of repositories within each category
    #[arg(long, value_enum, default_value_t = ListSort::Catalog)]
    pub sort: ListSort,
}

#[derive(Debug, Args)]
pub struct CloneArgs {
    /// Repositories, as owner/name or just name (e.g. flask)
    #[arg(value_name = "REPO", required_unless_present = "all")]
    pub repos: Vec<String>,
    /// Every repository of the catalog
    #[arg(long, conflicts_with = "repos")]
    pub all: bool,
    /// Commits of history to fetch [default: 1]; deeper than an existing clone deepens it
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub depth: Option<u32>,
    /// Fetch the whole history (deepens an existing shallow clone)
    #[arg(long, conflicts_with = "depth")]
    pub full: bool,
    /// Fetch every file's contents now: a lazy clone (made with the git command) otherwise fetches files when they are read
    #[arg(long)]
    pub full_blobs: bool,
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// A file on disk, or REPO:PATH (e.g. flask:src/flask/app.py)
    #[arg(value_name = "PATH | REPO:PATH")]
    pub target: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SymbolsArgs {
    /// The repository, as owner/name or name
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// [REPO] QUERY: what to look for, e.g. "Flask.route" or "flroute"; a first word that
    /// names a repository searches that one only (`find requests Session`)
    #[arg(value_name = "[REPO] QUERY", required = true, num_args = 1..=2)]
    pub words: Vec<String>,
    /// Search this repository only
    #[arg(long, value_name = "REPO")]
    pub repo: Option<String>,
    /// Print what indexing each repository cost, on stderr
    #[arg(short, long)]
    pub verbose: bool,
    /// How many matches to print
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// One repository, as owner/name or name
    #[arg(value_name = "REPO")]
    pub repo: Option<String>,
    /// Mark these steps (1-6) done
    #[arg(long, value_name = "N", requires = "repo", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub done: Vec<u8>,
    /// Mark these steps in progress
    #[arg(long, value_name = "N", requires = "repo", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub doing: Vec<u8>,
    /// Mark these steps to do
    #[arg(long, value_name = "N", requires = "repo", value_parser = clap::value_parser!(u8).range(1..=6))]
    pub todo: Vec<u8>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StepArgs {
    /// The repository, as owner/name or name
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// The step, 1 to 6
    #[arg(value_name = "N")]
    pub number: u8,
    /// Wrap a document at this many columns [default: the terminal's width, or 100]
    #[arg(long, value_name = "COLUMNS", value_parser = clap::value_parser!(u16).range(20..))]
    pub width: Option<u16>,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// REPO, REPO:PATH or REPO:PATH::SYMBOL (a dotted name, e.g.
    /// flask:src/flask/app.py::Flask.route)
    #[arg(value_name = "REPO[:PATH[::SYMBOL]]")]
    pub target: String,
    /// Follow the file's renames, as `git log --follow` does (a symbol's
    /// history always follows them)
    #[arg(long)]
    pub follow: bool,
    /// Commits printed at most
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = clap::value_parser!(u32).range(1..))]
    pub limit: u32,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Repositories to check [default: every cloned one]
    #[arg(value_name = "REPO")]
    pub repos: Vec<String>,
    /// For each missing key file, the commit that removed it (a shallow clone fetches its history as commits only, no files, to find it; needs git)
    #[arg(long)]
    pub why: bool,
    /// Print JSON instead of text
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GrepArgs {
    /// The repository, as owner/name or name
    #[arg(value_name = "REPO")]
    pub repo: String,
    /// A regular expression (Rust regex syntax; smart case), or a literal string with -F;
    /// write `--` before a pattern that starts with `-`
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Search only paths matching GLOB (repeatable; `!GLOB` excludes): '*.py', 'src/**', '!tests'
    #[arg(long, short = 'g', value_name = "GLOB")]
    pub glob: Vec<String>,
    /// Ignore case
    #[arg(short = 'i', long = "ignore-case", overrides_with = "case_sensitive")]
    pub ignore_case: bool,
    /// Match case exactly (instead of smart case)
    #[arg(short = 's', long = "case-sensitive", overrides_with = "ignore_case")]
    pub case_sensitive: bool,
    /// Match whole words only
    #[arg(short = 'w', long = "word-regexp")]
    pub word: bool,
    /// The pattern is a literal string, not a regex
    #[arg(short = 'F', long = "fixed-strings")]
    pub fixed_strings: bool,
    /// One JSON object per match (path, line, column, text), a line a match
    #[arg(long)]
    pub json: bool,
    /// Print what was searched and skipped, and the time taken, to stderr
    #[arg(long)]
    pub stats: bool,
}

#[derive(Debug, Subcommand)]
pub enum NotesCommand {
    /// Write a repository's notes and progress as Markdown
    Export {
        /// The repository, as owner/name or name
        #[arg(value_name = "REPO")]
        repo: String,
        /// Write to this file instead of stdout
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists
        #[arg(long, requires = "output")]
        force: bool,
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
