//! When a path left the history: the commit that removed a key file the
//! catalog names and HEAD no longer has (tensorflow's `python/keras`).
//!
//! A shallow clone has no history to ask, and deepening tensorflow to its
//! whole history with trees is gigabytes. So the history is fetched as
//! commits only (`git clone --filter=tree:0`: about 0.5 KB a commit) into
//! a clone beside the repository's, `.<name>.history.git`, kept for the
//! next question; then the first-parent chain is searched for the newest
//! commit that has the path, probing with `git ls-tree`, which fetches the
//! few trees on the path it looks at (the search probes about
//! 2 log2(commits) times: 34 for 100,000 commits). A clone with its whole
//! history is searched in place, without fetching.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use git2::{Oid, Repository};

use super::clone::Progress;
use super::error::{RepoError, Result};
use super::git_cli::{GitCli, NetContext, Ran};
use super::net::NetLimits;
use super::read::{CommitInfo, commit_info};

/// What the history says of a path HEAD does not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Departure {
    /// `by` is the newest commit of the first-parent chain without the
    /// path whose parent has it (a merge, when it came in one);
    /// `last_seen` that parent.
    Removed { by: CommitInfo, last_seen: Oid },
    /// No commit of the first-parent chain (`commits` of them) has it.
    NeverThere { commits: usize },
}

impl Departure {
    /// One line for `check` and the explorer.
    pub fn describe(&self) -> String {
        match self {
            Departure::Removed { by, last_seen } => {
                let id = by.id.to_string();
                let seen = last_seen.to_string();
                format!(
                    "removed by {} ({}, {}): \"{}\"; last there in {}",
                    &id[..10],
                    crate::study::dates::format_date(by.time + i64::from(by.offset_minutes) * 60),
                    crate::sanitize::sanitize_line(&by.author),
                    crate::sanitize::sanitize_line(&by.summary),
                    &seen[..10]
                )
            }
            Departure::NeverThere { commits } => {
                format!("never in the {commits} commits of the default branch's history")
            }
        }
    }
}

/// Where the commits-only history of the clone at `clone_dir` is kept.
pub fn history_dir(clone_dir: &Path) -> PathBuf {
    let name = clone_dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".git").unwrap_or(&name);
    clone_dir.with_file_name(format!(".{stem}.history.git"))
}

/// When `path` left the history of the clone at `clone_dir` (whose HEAD
/// does not have it). A shallow clone fetches its history as commits only
/// first (`on_progress` sees that fetch). Needs the git command.
pub fn departure(
    clone_dir: &Path,
    path: &str,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<Departure> {
    let clone = Repository::open_bare(clone_dir)
        .map_err(|e| RepoError::git("could not open the clone", &e))?;
    let head = clone
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|e| RepoError::git("could not read HEAD", &e))?;
    let branch: String = clone
        .head()
        .ok()
        .and_then(|h| h.name().ok().map(str::to_string))
        .filter(|n| n.starts_with("refs/heads/"))
        .unwrap_or_else(|| "refs/heads/main".to_string());
    let url = clone
        .config()
        .and_then(|mut c| c.snapshot())
        .and_then(|c| {
            c.get_string("remote.origin.url")
                .or_else(|_| c.get_string("codestudy.url"))
        })
        .map_err(|e| RepoError::git("could not read where the clone came from", &e))?;
    let git = GitCli::find().map_err(|why| RepoError::Git {
        context: format!("could not look up when {path} left the history"),
        message: format!("that needs the git command, and {why}"),
    })?;
    let limits = NetLimits::from_env().map_err(RepoError::BadSetting)?;
    let cache_root = clone_dir.parent().unwrap_or(clone_dir);
    let net = NetContext {
        url: &url,
        limits,
        depth: None,
        cache_root,
        action: "fetch of the history",
    };
    let dir = if clone.is_shallow() {
        let dir = history_dir(clone_dir);
        commits_only(
            &git,
            &dir,
            &url,
            &branch,
            head.id(),
            &net,
            on_progress,
            cancel,
        )?;
        dir
    } else {
        clone_dir.to_path_buf()
    };
    let repo = Repository::open_bare(&dir)
        .map_err(|e| RepoError::git("could not open the history", &e))?;
    let mut walk = repo
        .revwalk()
        .map_err(|e| RepoError::git("could not walk the history", &e))?;
    walk.simplify_first_parent()
        .and_then(|()| walk.push(head.id()))
        .map_err(|e| RepoError::git("could not walk the history", &e))?;
    let commits: Vec<Oid> = walk
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| RepoError::git("could not walk the history", &e))?;
    let has = |i: usize| -> Result<bool> {
        if cancel.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(RepoError::Cancelled);
        }
        let args: Vec<OsString> = vec![
            "ls-tree".into(),
            commits[i].to_string().into(),
            "--".into(),
            path.into(),
        ];
        let Ran { stdout, .. } = git.run(Some(&dir), &args, None, &net, &|_| {}, cancel)?;
        Ok(!stdout.is_empty())
    };
    // Back from HEAD in doubling steps to a commit that has it, then
    // halving between that one and the newer one that does not.
    let (mut gone, mut there) = (0, None);
    let mut step = 1;
    while there.is_none() {
        let i = (gone + step).min(commits.len().saturating_sub(1));
        if i == gone {
            break;
        }
        if has(i)? {
            there = Some(i);
        } else {
            gone = i;
            step *= 2;
        }
    }
    let Some(mut there) = there else {
        return Ok(Departure::NeverThere {
            commits: commits.len(),
        });
    };
    while there - gone > 1 {
        let mid = gone + (there - gone) / 2;
        if has(mid)? {
            there = mid;
        } else {
            gone = mid;
        }
    }
    let by = repo
        .find_commit(commits[there - 1])
        .map_err(|e| RepoError::git("could not read the commit", &e))?;
    Ok(Departure::Removed {
        by: commit_info(&by),
        last_seen: commits[there],
    })
}

/// The commits-only clone at `dir`, made or brought up to `head`.
#[allow(clippy::too_many_arguments)]
fn commits_only(
    git: &GitCli,
    dir: &Path,
    url: &str,
    branch: &str,
    head: Oid,
    net: &NetContext<'_>,
    on_progress: &dyn Fn(&Progress),
    cancel: &AtomicBool,
) -> Result<()> {
    let has_head = |dir: &Path| {
        Repository::open_bare(dir)
            .and_then(|r| r.find_commit(head).map(drop))
            .is_ok()
    };
    if dir.join("HEAD").is_file() {
        if has_head(dir) {
            return Ok(());
        }
        let refspec = format!("+{branch}:{branch}");
        let args: Vec<OsString> = [
            "fetch",
            "--progress",
            "--no-tags",
            "--recurse-submodules=no",
            "--filter=tree:0",
            "origin",
            refspec.as_str(),
        ]
        .iter()
        .map(OsString::from)
        .collect();
        git.run(Some(dir), &args, None, net, on_progress, cancel)?;
        return Ok(());
    }
    // Made beside, then renamed into place: a killed fetch leaves no
    // half-made history that looks whole.
    let temp = dir.with_file_name(format!(
        "{}.tmp-{}",
        dir.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&temp);
    let args: Vec<OsString> = vec![
        "clone".into(),
        "--bare".into(),
        "--progress".into(),
        "--single-branch".into(),
        "--no-tags".into(),
        "--filter=tree:0".into(),
        "--template=".into(),
        "--".into(),
        url.into(),
        temp.clone().into(),
    ];
    if let Err(e) = git.run(None, &args, None, net, on_progress, cancel) {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&temp, dir) {
        let _ = std::fs::remove_dir_all(&temp);
        // Another question made it meanwhile: that one serves.
        if !dir.join("HEAD").is_file() {
            return Err(RepoError::io("rename", &temp, e));
        }
    }
    if !has_head(dir) {
        return Err(RepoError::Git {
            context: format!("the history fetched from {url}"),
            message: format!(
                "does not reach the clone's HEAD {head}; update the clone (u) and try again"
            ),
        });
    }
    Ok(())
}
