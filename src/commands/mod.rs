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

/// Set up a process that only reads clones: it connects nowhere and
/// writes no object (`grep`, `log`, `step`). Called first, while the
/// process has no other thread.
pub(super) fn reading_only() {
    skip_certificate_bundle();
    skip_rehashing_objects();
}

/// libgit2 parses the whole CA bundle when it starts (measured: 25 ms, a
/// quarter of a cold grep of a 20 MB tree), for HTTPS that this command
/// never uses: it reads the cache and connects nowhere. So this process
/// names an empty bundle instead, whatever the environment named (git2's
/// probe keeps an existing path as it is). Called before the first git2
/// call, while the process has no other thread.
fn skip_certificate_bundle() {
    // SAFETY: no other thread exists yet that could read the environment
    // at the same time (the search starts after this).
    unsafe { std::env::set_var("SSL_CERT_FILE", "/dev/null") };
}

/// libgit2 hashes every object again each time it reads one (with SHA1DC,
/// the collision-detecting SHA-1): 42% of a cold grep of a 20 MB tree and
/// two thirds of one of 96 MB, a check `git grep` does not make. The
/// objects of a codestudy clone were hashed when they arrived: libgit2's
/// indexer computes each object's id from its content (with the same
/// SHA1DC) to write the pack's index, and a pack that fails it is never
/// kept. A re-check on read only guards against later damage to our own
/// cache (which `codestudy clone` repairs when it finds it). So this
/// process, which only reads one clone and writes nothing, skips it; the
/// terminal UI and every command that fetches keep libgit2's default. The
/// switch is process-wide in libgit2, hence only in such commands.
fn skip_rehashing_objects() {
    git2::opts::strict_hash_verification(false);
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
