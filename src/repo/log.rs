//! History as `git log` tells it: every commit reachable from HEAD, newest
//! first by commit date, and for a path the commits that changed it, with
//! git's default history simplification (a merge that left the path as
//! one of its parents had it follows that parent only and is not shown).
//! With `follow`, a file's renames are followed as `git log --follow`
//! follows them: one path, renamed as the walk meets the rename; as in
//! git, nothing is pruned then (every parent is walked) and merges are
//! not shown, having no diff of their own.

use std::collections::{BinaryHeap, HashMap, HashSet};

use git2::{DiffFindOptions, Oid};

use super::read::{CommitInfo, HistoryPage, RepoPath, Snapshot, commit_info};
use super::{RepoError, Result};

/// A commit of a path's history, with the path as it was named there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEntry {
    pub info: CommitInfo,
    /// The path at that commit (with `follow`, an older name after a
    /// rename); `None` for the repository's history.
    pub path: Option<String>,
}

/// A page of [`Snapshot::log`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPage {
    pub entries: Vec<LogEntry>,
    pub has_more: bool,
    /// The walk reached the start of a shallow clone: older commits exist
    /// upstream but are not in the clone.
    pub truncated: bool,
}

impl From<LogPage> for HistoryPage {
    fn from(p: LogPage) -> HistoryPage {
        HistoryPage {
            commits: p.entries.into_iter().map(|e| e.info).collect(),
            has_more: p.has_more,
            truncated: p.truncated,
        }
    }
}

/// The commits a walk has read and not yet walked, and what the walk's
/// path is in those it compared as parents (each walked commit is then
/// compared with its own parents: looked up once, not twice).
struct Commits<'r> {
    repo: &'r git2::Repository,
    read: HashMap<Oid, git2::Commit<'r>>,
    at: HashMap<Oid, Option<Oid>>,
}

impl<'r> Commits<'r> {
    fn get(&mut self, id: Oid) -> std::result::Result<&git2::Commit<'r>, git2::Error> {
        if !self.read.contains_key(&id) {
            let c = self.repo.find_commit(id)?;
            self.read.insert(id, c);
        }
        Ok(&self.read[&id])
    }

    /// The id of `path` in commit `id`, `None` where it is not.
    fn entry(
        &mut self,
        snap: &Snapshot,
        id: Oid,
        path: &RepoPath,
    ) -> std::result::Result<Option<Oid>, git2::Error> {
        if let Some(&e) = self.at.get(&id) {
            return Ok(e);
        }
        let e = snap.entry_id(self.get(id)?.tree_id(), path);
        self.at.insert(id, e);
        Ok(e)
    }

    fn take(&mut self, id: Oid) -> std::result::Result<git2::Commit<'r>, git2::Error> {
        match self.read.remove(&id) {
            Some(c) => Ok(c),
            None => self.repo.find_commit(id),
        }
    }
}

/// A commit waiting in the walk: newest commit date first, then the one
/// queued first (as git's own queue breaks ties).
#[derive(PartialEq, Eq)]
struct Queued {
    time: i64,
    seq: std::cmp::Reverse<u64>,
    id: Oid,
}

impl Ord for Queued {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.time, self.seq).cmp(&(other.time, other.seq))
    }
}

impl PartialOrd for Queued {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Snapshot {
    /// The history of `path` (or of the repository, for `None`), newest
    /// first, `limit` commits after skipping `skip`, as `git log [--follow]
    /// -- path` lists them.
    pub fn log(
        &self,
        path: Option<&RepoPath>,
        follow: bool,
        skip: usize,
        limit: usize,
    ) -> Result<LogPage> {
        self.walk(path, !follow, follow, skip, limit)
    }

    /// The walk behind [`Snapshot::log`]: with `simplify`, git's default
    /// history simplification on the path; with `follow`, the path renamed
    /// as the walk meets a rename. `git log --follow` is (no simplify,
    /// follow); `git log -L` walks as (simplify, follow).
    fn walk(
        &self,
        path: Option<&RepoPath>,
        simplify: bool,
        follow: bool,
        skip: usize,
        limit: usize,
    ) -> Result<LogPage> {
        let err = |e: git2::Error| RepoError::git("could not read the history", &e);
        let repo = self.git();
        let boundary = self.shallow_boundary();
        let mut path: Option<RepoPath> = path.cloned();
        let mut queue = BinaryHeap::new();
        let mut seen: HashSet<Oid> = HashSet::new();
        let mut seq = 0u64;
        // Each commit is read once: when it is queued (for its time) or
        // compared as a parent, and taken from here when it is walked.
        let mut commits = Commits {
            repo,
            read: HashMap::new(),
            at: HashMap::new(),
        };
        let mut push = |queue: &mut BinaryHeap<Queued>,
                        id: Oid,
                        seen: &mut HashSet<Oid>,
                        commits: &mut Commits<'_>|
         -> Result<()> {
            if seen.insert(id) {
                let time = commits.get(id).map_err(err)?.time().seconds();
                queue.push(Queued {
                    time,
                    seq: std::cmp::Reverse(seq),
                    id,
                });
                seq += 1;
            }
            Ok(())
        };
        push(&mut queue, self.head(), &mut seen, &mut commits)?;
        let mut entries = Vec::new();
        let mut matched = 0usize;
        let (mut has_more, mut truncated) = (false, false);
        while let Some(Queued { id, .. }) = queue.pop() {
            let commit = commits.take(id).map_err(err)?;
            let at_boundary = boundary.contains(&id);
            let parents: Vec<Oid> = if at_boundary {
                truncated = true;
                Vec::new()
            } else {
                commit.parent_ids().collect()
            };
            let (shown, follow_parents) = match &path {
                None => (true, parents.clone()),
                Some(p) => {
                    let here = match commits.at.remove(&id) {
                        Some(e) => e,
                        None => self.entry_id(commit.tree_id(), p),
                    };
                    if at_boundary {
                        // Its parents are not in the clone: whether it
                        // changed the path cannot be known.
                        (false, Vec::new())
                    } else if parents.is_empty() {
                        (here.is_some(), Vec::new())
                    } else if !simplify {
                        // As git: with renames followed nothing is pruned
                        // (the path changes on the way), every parent is
                        // walked, and a commit is shown when its diff
                        // touches the path: a merge, which has no diff of
                        // its own, never is.
                        let shown = parents.len() == 1
                            && commits.entry(self, parents[0], p).map_err(err)? != here;
                        (shown, parents.clone())
                    } else {
                        let mut same = None;
                        for &pid in &parents {
                            if commits.entry(self, pid, p).map_err(err)? == here {
                                same = Some(pid);
                                break;
                            }
                        }
                        match same {
                            // As one parent had it: that parent's history
                            // is the path's, and this commit is not in it.
                            Some(pid) => (false, vec![pid]),
                            None => (true, parents.clone()),
                        }
                    }
                }
            };
            let named = path.as_ref().map(RepoPath::to_string_lossy);
            if shown {
                if matched >= skip {
                    if entries.len() == limit {
                        has_more = true;
                        break;
                    }
                    entries.push(LogEntry {
                        info: commit_info(&commit),
                        path: named,
                    });
                }
                matched += 1;
                // Created here: under another name before?
                if follow
                    && parents.len() == 1
                    && let Some(p) = &path
                    && commits.entry(self, parents[0], p).map_err(err)?.is_none()
                    && let Some(old) = self.renamed_from(
                        &commits.get(parents[0]).map_err(err)?.tree().map_err(err)?,
                        &commit.tree().map_err(err)?,
                        p,
                    )?
                {
                    path = Some(old);
                    commits.at.clear();
                }
            }
            for pid in follow_parents {
                push(&mut queue, pid, &mut seen, &mut commits)?;
            }
        }
        Ok(LogPage {
            entries,
            has_more,
            truncated: truncated && !has_more,
        })
    }

    /// The path `path` had in `before`, when the change from `before` to
    /// `after` renamed it (git's rename detection: 50% similar or more).
    fn renamed_from(
        &self,
        before: &git2::Tree<'_>,
        after: &git2::Tree<'_>,
        path: &RepoPath,
    ) -> Result<Option<RepoPath>> {
        let err = |e: git2::Error| RepoError::git("could not follow a rename", &e);
        let mut diff = self
            .git()
            .diff_tree_to_tree(Some(before), Some(after), None)
            .map_err(err)?;
        // Rename detection compares the added and deleted files' texts.
        self.prefetch_diff(&diff, Some(&[git2::Delta::Added, git2::Delta::Deleted]))?;
        diff.find_similar(Some(DiffFindOptions::new().renames(true)))
            .map_err(err)?;
        for delta in diff.deltas() {
            if delta.status() == git2::Delta::Renamed
                && delta.new_file().path_bytes() == Some(path.as_bytes())
                && let Some(old) = delta.old_file().path_bytes()
            {
                return Ok(Some(RepoPath::from_bytes(old.to_vec())));
            }
        }
        Ok(None)
    }
}

/// A commit of a symbol's history: the commit, the file's path there, and
/// the symbol's lines there (from 1; `None` when the commit removed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolEntry {
    pub info: CommitInfo,
    pub path: String,
    pub lines: Option<(u32, u32)>,
}

/// The history of one function, method or class of a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolLog {
    pub entries: Vec<SymbolEntry>,
    /// The file's history reached the start of a shallow clone.
    pub truncated: bool,
}

/// A symbol's text and lines in one version of a file.
type Version = Option<(String, (u32, u32))>;

impl Snapshot {
    /// The commits that changed the symbol `symbol` (a dotted name:
    /// `Flask.route`) of `path`, newest first: each version of the file
    /// in its history (renames followed) is outlined, and a commit counts
    /// when the symbol's text differs from its parent's (added, edited or
    /// removed), as `git log -L :symbol:path` would by structure instead
    /// of a regex. At most `limit` entries.
    pub fn symbol_log(&self, path: &RepoPath, symbol: &str, limit: usize) -> Result<SymbolLog> {
        let err = |e: git2::Error| RepoError::git("could not read the history", &e);
        // As `git log -L` walks: simplified, renames followed.
        let page = self.walk(Some(path), true, true, 0, usize::MAX)?;
        let repo = self.git();
        if self.is_lazy() {
            // Every version of the file, in one fetch rather than one each.
            let ids: Vec<Oid> = page
                .entries
                .iter()
                .filter_map(|e| {
                    let at = RepoPath::parse(e.path.as_deref()?).ok()?;
                    let commit = repo.find_commit(e.info.id).ok()?;
                    let mut ids = vec![self.entry_id(commit.tree_id(), &at)?];
                    ids.extend(
                        commit
                            .parents()
                            .filter_map(|p| self.entry_id(p.tree_id(), &at)),
                    );
                    Some(ids)
                })
                .flatten()
                .collect();
            let never = std::sync::atomic::AtomicBool::new(false);
            self.prefetch(ids, &|_| {}, &|_, _| {}, &never)?;
        }
        let mut versions: std::collections::HashMap<Oid, Version> = Default::default();
        let mut version_at = |commit: &git2::Commit<'_>, at: &str| -> Result<Version> {
            let Ok(rp) = RepoPath::parse(at) else {
                return Ok(None);
            };
            let Some(blob) = self.entry_id(commit.tree_id(), &rp) else {
                return Ok(None);
            };
            if let Some(v) = versions.get(&blob) {
                return Ok(v.clone());
            }
            let v = self.symbol_in_blob(blob, at, symbol);
            versions.insert(blob, v.clone());
            Ok(v)
        };
        let mut entries = Vec::new();
        for (i, e) in page.entries.iter().enumerate() {
            if entries.len() >= limit {
                break;
            }
            let at = e.path.clone().unwrap_or_default();
            let commit = repo.find_commit(e.info.id).map_err(err)?;
            let now = version_at(&commit, &at)?;
            // The parent's name for the file: the same, or the name the
            // next older entry has (this commit renamed it).
            let older = page
                .entries
                .get(i + 1)
                .and_then(|o| o.path.clone())
                .unwrap_or_else(|| at.clone());
            // Changed: added by a root commit, or different from every
            // parent's version.
            let parents: Vec<git2::Commit<'_>> = commit.parents().collect();
            let mut changed = !parents.is_empty() || now.is_some();
            for p in &parents {
                let mut before = version_at(p, &at)?;
                if before.is_none() && older != at {
                    before = version_at(p, &older)?;
                }
                let same = match (&now, &before) {
                    (Some((a, _)), Some((b, _))) => a == b,
                    (None, None) => true,
                    _ => false,
                };
                if same {
                    changed = false;
                    break;
                }
            }
            if changed {
                entries.push(SymbolEntry {
                    info: e.info.clone(),
                    path: at,
                    lines: now.map(|(_, l)| l),
                });
            }
        }
        Ok(SymbolLog {
            entries,
            truncated: page.truncated,
        })
    }

    /// The text and lines of `symbol` in the blob `id` (a version of
    /// `path`), from its outline.
    fn symbol_in_blob(&self, id: Oid, path: &str, symbol: &str) -> Version {
        let cap = crate::outline::DEFAULT_SIZE_CAP;
        let bytes = self.blob_by_id(id, cap as u64).ok()??;
        let lang = crate::outline::Lang::from_path(path)?;
        let never = std::sync::atomic::AtomicBool::new(false);
        let outline = crate::outline::outline(Some(lang), &bytes, cap, &never).ok()?;
        let (_, s) = outline
            .dotted()
            .into_iter()
            .find(|(dotted, _)| dotted == symbol)?;
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text
            .lines()
            .skip(s.line.saturating_sub(1) as usize)
            .take((s.end_line.saturating_sub(s.line) + 1) as usize)
            .collect();
        Some((lines.join("\n"), (s.line, s.end_line)))
    }
}

impl Snapshot {
    /// The diff of the symbol `symbol` of `path` made by commit `id`: its
    /// text in the commit's first parent (under the file's older name when
    /// the commit renamed it) against its text in the commit, as unified
    /// diff lines; at most `max_lines`.
    pub fn symbol_diff(
        &self,
        id: Oid,
        path: &RepoPath,
        symbol: &str,
        max_lines: usize,
    ) -> Result<Vec<String>> {
        let err = |e: git2::Error| RepoError::git(format!("could not read commit {id}"), &e);
        let repo = self.git();
        let commit = repo.find_commit(id).map_err(err)?;
        let tree = commit.tree().map_err(err)?;
        let name = path.to_string_lossy();
        let version = |tree: &git2::Tree<'_>, at: &RepoPath| -> Option<String> {
            let blob = self.entry_id(tree.id(), at)?;
            self.symbol_in_blob(blob, &at.to_string_lossy(), symbol)
                .map(|(text, _)| text)
        };
        let now = version(&tree, path).unwrap_or_default();
        let (before, old_name) = match commit.parents().next() {
            Some(parent) if !self.shallow_boundary().contains(&id) => {
                let parent_tree = parent.tree().map_err(err)?;
                let old = match self.entry_id(parent_tree.id(), path) {
                    Some(_) => Some(path.clone()),
                    None => self.renamed_from(&parent_tree, &tree, path)?,
                };
                let text = old.as_ref().and_then(|o| version(&parent_tree, o));
                (text.unwrap_or_default(), old.map(|o| o.to_string_lossy()))
            }
            _ => (String::new(), None),
        };
        let with_end = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("{s}\n")
            }
        };
        let (before, now) = (with_end(&before), with_end(&now));
        let old_name = old_name.unwrap_or_else(|| name.clone());
        let mut patch = git2::Patch::from_buffers(
            before.as_bytes(),
            Some(std::path::Path::new(&old_name)),
            now.as_bytes(),
            Some(std::path::Path::new(&name)),
            None,
        )
        .map_err(err)?;
        let text = patch.to_buf().map_err(err)?;
        let text = String::from_utf8_lossy(&text);
        Ok(text
            .lines()
            .skip_while(|l| !l.starts_with("@@"))
            .take(max_lines)
            .map(str::to_string)
            .collect())
    }
}
