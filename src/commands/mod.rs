//! The command-line subcommands, one file each with its `run`, printing for
//! people or, with `--json`, for scripts. `Context` is what they share.

pub mod check;
pub mod clone;
pub mod find;
pub mod generated;
pub mod grep;
pub mod intel;
pub mod list;
pub mod log;
pub mod notes;
pub mod outline;
pub mod progress;
pub mod step;
pub mod symbols;
pub mod version;

use anyhow::Result;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::paths::Paths;
use crate::repo::{Cache, Mirror};

/// What the global options resolve to, handed to every command.
pub struct Context {
    pub catalog: Catalog,
    pub paths: Paths,
    /// The `--mirror` template as given. Only what fetches parses it, so a
    /// bad template is no error for the commands that never fetch.
    mirror: Option<String>,
    /// The configuration file's settings (the defaults without one).
    pub config: Config,
}

impl Context {
    pub fn new(catalog: Catalog, paths: Paths, mirror: Option<String>, config: Config) -> Context {
        Context {
            catalog,
            paths,
            mirror,
            config,
        }
    }

    pub fn mirror(&self) -> Result<Option<Mirror>> {
        Ok(self.mirror.as_deref().map(Mirror::parse).transpose()?)
    }

    pub fn cache(&self) -> Cache {
        Cache::new(&self.paths.cache_dir)
    }

    /// The clone of `repo`, opened for reading; not cloned: the error
    /// that says how to clone it.
    pub fn snapshot(&self, repo: &crate::catalog::Repo) -> Result<crate::repo::Snapshot> {
        let cache = self.cache();
        if !cache.is_cloned(&repo.owner, &repo.name) {
            return Err(crate::repo::RepoError::NotCloned {
                repo: repo.id.clone(),
                name: repo.name.clone(),
            }
            .into());
        }
        Ok(crate::repo::Snapshot::open(
            &cache.repo_dir(&repo.owner, &repo.name),
        )?)
    }
}

/// Write a command's output to stdout. A reader that went away (`| head`)
/// is not an error: the output is simply no longer wanted.
pub fn emit(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `emit` with exactly one newline at the end, as the commands whose text
/// may or may not end in one print it.
fn emit_line(text: &str) -> Result<()> {
    emit(&format!("{}\n", text.trim_end()))
}
