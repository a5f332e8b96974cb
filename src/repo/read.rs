//! Reading a cached clone: the tree at HEAD, files, and history, all from
//! the object database. Nothing is checked out, so nothing in the
//! repository can make codestudy follow a symlink or run a hook.

use std::collections::HashSet;
use std::fmt;
use std::path::Path;

use git2::{ObjectType, Oid, Repository, Tree};

use super::depth::{Depth, recorded_depth};
use super::error::{RepoError, Result};

/// Files larger than this are not read unless the caller asks for more.
pub const DEFAULT_SIZE_CAP: u64 = 2 * 1024 * 1024;

/// How far into a file binary detection looks (git's own heuristic: a NUL
/// byte within the first 8000 bytes).
const BINARY_SNIFF: usize = 8000;

/// A path inside a repository, as the bytes git stores. Git allows any
/// byte but `/` and NUL in a name, so names need not be UTF-8; they are
/// shown lossily and looked up exactly.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepoPath(Vec<u8>);

impl RepoPath {
    /// A path typed by a person or written in a catalog: checked against
    /// the safe-path rule (relative, no `..`, no `.git`, ...).
    pub fn parse(path: &str) -> Result<RepoPath> {
        let normal =
            crate::safe_path::normalize_repo_path(path).map_err(|why| RepoError::InvalidPath {
                path: path.to_string(),
                why,
            })?;
        Ok(RepoPath(normal.into_bytes()))
    }

    pub fn from_bytes(bytes: Vec<u8>) -> RepoPath {
        RepoPath(bytes)
    }

    /// The repository root (an empty path).
    pub fn root() -> RepoPath {
        RepoPath(Vec::new())
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The directory holding this path (the root for a top-level name).
    pub fn parent(&self) -> RepoPath {
        match self.0.iter().rposition(|b| *b == b'/') {
            Some(i) => RepoPath(self.0[..i].to_vec()),
            None => RepoPath::root(),
        }
    }

    /// Every directory above this path, outermost first (not the root).
    pub fn ancestors(&self) -> Vec<RepoPath> {
        let mut out = Vec::new();
        let mut p = self.parent();
        while !p.is_root() {
            out.push(p.clone());
            p = p.parent();
        }
        out.reverse();
        out
    }

    /// How many directories deep (0 for a top-level name).
    pub fn depth(&self) -> usize {
        self.0.iter().filter(|b| **b == b'/').count()
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The path as text, with invalid UTF-8 replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> String {
        String::from_utf8_lossy(&self.0).into_owned()
    }

    /// The last component.
    pub fn file_name(&self) -> &[u8] {
        self.0.rsplit(|b| *b == b'/').next().unwrap_or(&self.0)
    }

    pub fn join(&self, name: &[u8]) -> RepoPath {
        if self.0.is_empty() {
            return RepoPath(name.to_vec());
        }
        let mut v = self.0.clone();
        v.push(b'/');
        v.extend_from_slice(name);
        RepoPath(v)
    }

    fn components(&self) -> impl Iterator<Item = &[u8]> {
        self.0.split(|b| *b == b'/').filter(|c| !c.is_empty())
    }
}

impl fmt::Display for RepoPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    File,
    Directory,
    Symlink,
    /// A gitlink: a commit of another repository, never fetched.
    Submodule,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::File => "file",
            EntryKind::Directory => "directory",
            EntryKind::Symlink => "symlink",
            EntryKind::Submodule => "submodule",
        }
    }

    fn of(filemode: i32, kind: Option<ObjectType>) -> EntryKind {
        match (filemode, kind) {
            (0o120000, _) => EntryKind::Symlink,
            (0o160000, _) | (_, Some(ObjectType::Commit)) => EntryKind::Submodule,
            (_, Some(ObjectType::Tree)) => EntryKind::Directory,
            _ => EntryKind::File,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: RepoPath,
    pub kind: EntryKind,
    /// Bytes, for files and symlinks (a symlink's size is its target's
    /// length); `None` for directories and submodules.
    pub size: Option<u64>,
    /// The blob, tree or (for a submodule) commit id.
    pub id: Oid,
    /// Executable file mode.
    pub executable: bool,
}

/// What reading a path gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Text; `lossy` when invalid UTF-8 was replaced by U+FFFD.
    Text {
        text: String,
        lossy: bool,
    },
    Binary {
        size: u64,
    },
    TooLarge {
        size: u64,
        cap: u64,
    },
    /// The link's target as text; never followed.
    Symlink {
        target: String,
    },
    Submodule {
        commit: Oid,
    },
    Directory,
}

/// A file's bytes, for parsers (the outline engine).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub id: Oid,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: Oid,
    pub author: String,
    pub email: String,
    /// Seconds since the epoch, and the author's UTC offset in minutes.
    pub time: i64,
    pub offset_minutes: i32,
    pub summary: String,
}

/// One file of a commit's changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub path: String,
    pub added: usize,
    pub removed: usize,
    /// Lines were not counted: one side is over [`DIFF_SIZE_CAP`].
    pub too_large: bool,
}

/// Files bigger than this (either side) are not diffed: a 50 MB file's
/// diff would take hundreds of megabytes to build.
pub const DIFF_SIZE_CAP: u64 = 2 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    pub commits: Vec<CommitInfo>,
    /// More commits match beyond this page.
    pub has_more: bool,
    /// The walk reached the end of a shallow clone's history: older
    /// commits exist upstream but are not in the clone.
    pub truncated: bool,
}

/// A cached clone opened for reading, pinned at the HEAD it had when
/// opened. `git2::Repository` is `Send` but not `Sync`: open one per thread.
pub struct Snapshot {
    repo: Repository,
    head: Oid,
    tree: Oid,
    dir: std::path::PathBuf,
    /// A blobless clone: a missing blob is fetched when read.
    lazy: bool,
}

impl Snapshot {
    /// Open the clone at `dir` (a bare repository in the cache).
    pub fn open(dir: &Path) -> Result<Snapshot> {
        let corrupt = |detail: String| RepoError::Corrupt {
            path: dir.to_path_buf(),
            detail,
        };
        let repo = Repository::open_bare(dir).map_err(|e| corrupt(e.message().to_string()))?;
        let commit = repo
            .head()
            .and_then(|h| h.peel_to_commit())
            .map_err(|e| corrupt(format!("HEAD: {}", e.message())))?;
        let tree = commit.tree_id();
        let head = commit.id();
        drop(commit);
        let lazy = super::lazy::is_lazy(&repo);
        Ok(Snapshot {
            repo,
            head,
            tree,
            dir: dir.to_path_buf(),
            lazy,
        })
    }

    /// A lazy (blobless) clone: file contents are fetched when read.
    pub fn is_lazy(&self) -> bool {
        self.lazy
    }

    /// How the clone holds its blobs, and why.
    pub fn blobs(&self) -> super::lazy::Blobs {
        super::lazy::blobs_of(&self.repo)
    }

    /// The ids among `ids` whose blobs are not here yet (none for a clone
    /// that is not lazy).
    pub fn missing_blobs(&self, ids: impl IntoIterator<Item = Oid>) -> Vec<Oid> {
        if !self.lazy {
            return Vec::new();
        }
        super::lazy::missing(&self.repo, ids)
    }

    /// Fetch the blobs among `ids` that are not here, in batches, before a
    /// pass that reads them all; returns how many were fetched.
    pub fn prefetch(
        &self,
        ids: impl IntoIterator<Item = Oid>,
        on_progress: &dyn Fn(&super::clone::Progress),
        on_batch: &dyn Fn(usize, usize),
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<usize> {
        let missing = self.missing_blobs(ids);
        super::lazy::fetch_blobs(&self.dir, &missing, on_progress, on_batch, cancel)
    }

    /// The blobs of HEAD a lazy clone does not have yet, in the order a
    /// background fetch takes them: the files under `first` (key files and
    /// key directories), then the sources and study text
    /// ([`super::lazy::worth_prefetching`]), or with `everything` every
    /// file: the blobs under `first`, then the rest. Empty for a clone
    /// that has every file.
    pub fn prefetch_plan(
        &self,
        first: &[RepoPath],
        everything: bool,
    ) -> Result<(Vec<Oid>, Vec<Oid>)> {
        if !self.lazy {
            return Ok((Vec::new(), Vec::new()));
        }
        let files: Vec<Entry> = self
            .list_all(false)?
            .into_iter()
            .filter(|e| matches!(e.kind, EntryKind::File | EntryKind::Symlink))
            .collect();
        let under_first = |p: &RepoPath| {
            first.iter().any(|f| {
                let (f, p) = (f.as_bytes(), p.as_bytes());
                p == f || (p.starts_with(f) && p.get(f.len()) == Some(&b'/'))
            })
        };
        let (mut key, mut rest): (Vec<&Entry>, Vec<&Entry>) =
            files.iter().partition(|e| under_first(&e.path));
        key.retain(|e| everything || super::lazy::worth_prefetching(e.path.as_bytes()));
        rest.retain(|e| everything || super::lazy::worth_prefetching(e.path.as_bytes()));
        let key = self.missing_blobs(key.into_iter().map(|e| e.id));
        let taken: std::collections::HashSet<Oid> = key.iter().copied().collect();
        let rest = self.missing_blobs(
            rest.into_iter()
                .map(|e| e.id)
                .filter(|id| !taken.contains(id)),
        );
        Ok((key, rest))
    }

    /// Fetch (in one batch) the blobs a diff's deltas name that a lazy
    /// clone does not have yet, before the diff reads them; `only`
    /// restricts it to deltas of those kinds.
    pub(super) fn prefetch_diff(
        &self,
        diff: &git2::Diff<'_>,
        only: Option<&[git2::Delta]>,
    ) -> Result<()> {
        if !self.lazy {
            return Ok(());
        }
        let ids = diff
            .deltas()
            .filter(|d| only.is_none_or(|kinds| kinds.contains(&d.status())))
            .flat_map(|d| [d.old_file(), d.new_file()])
            .filter(|f| !f.id().is_zero() && f.mode() != git2::FileMode::Commit)
            .map(|f| f.id())
            .collect::<Vec<_>>();
        let never = std::sync::atomic::AtomicBool::new(false);
        self.prefetch(ids, &|_| {}, &|_, _| {}, &never)
            .map(drop)
            .map_err(|e| match e {
                e @ RepoError::NotFetched { .. } => e,
                other => RepoError::NotFetched {
                    what: "the files of this change".into(),
                    detail: other.to_string(),
                },
            })
    }

    /// Whether reading `path` needs a fetch first (a lazy clone's file
    /// not read before).
    pub fn needs_fetch(&self, path: &RepoPath) -> Result<bool> {
        if !self.lazy {
            return Ok(false);
        }
        let (kind, id, _) = self.lookup(path)?;
        Ok(matches!(kind, EntryKind::File | EntryKind::Symlink)
            && !self.repo.odb().is_ok_and(|odb| odb.exists(id)))
    }

    /// Fetch `path`'s blob now, stopping if `cancel` is set (a file that
    /// is here fetches nothing).
    pub fn fetch_path(
        &self,
        path: &RepoPath,
        cancel: &std::sync::atomic::AtomicBool,
    ) -> Result<()> {
        if !self.needs_fetch(path)? {
            return Ok(());
        }
        let (_, id, _) = self.lookup(path)?;
        super::lazy::fetch_now(&self.dir, &[id], &|_| {}, cancel).map_err(|e| match e {
            RepoError::Cancelled => RepoError::Cancelled,
            RepoError::NotFetched { detail, .. } => RepoError::NotFetched {
                what: path.to_string(),
                detail,
            },
            other => RepoError::NotFetched {
                what: path.to_string(),
                detail: other.to_string(),
            },
        })
    }

    /// Make sure one blob is here, fetching it when the clone is lazy.
    fn ensure_blob(&self, what: &dyn fmt::Display, id: Oid) -> Result<()> {
        if !self.lazy || self.repo.odb().is_ok_and(|odb| odb.exists(id)) {
            return Ok(());
        }
        let never = std::sync::atomic::AtomicBool::new(false);
        super::lazy::fetch_now(&self.dir, &[id], &|_| {}, &never).map_err(|e| match e {
            RepoError::NotFetched { detail, .. } => RepoError::NotFetched {
                what: what.to_string(),
                detail,
            },
            other => RepoError::NotFetched {
                what: what.to_string(),
                detail: other.to_string(),
            },
        })
    }

    pub fn head(&self) -> Oid {
        self.head
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    pub fn depth(&self) -> Depth {
        recorded_depth(&self.repo)
    }

    /// The HEAD commit.
    pub fn head_commit(&self) -> Result<CommitInfo> {
        let c = self
            .repo
            .find_commit(self.head)
            .map_err(|e| RepoError::git("could not read the HEAD commit", &e))?;
        Ok(commit_info(&c))
    }

    fn root(&self) -> Result<Tree<'_>> {
        self.repo
            .find_tree(self.tree)
            .map_err(|e| RepoError::git("could not read the tree at HEAD", &e))
    }

    fn not_found(path: &RepoPath) -> RepoError {
        RepoError::PathNotFound {
            path: path.to_string_lossy(),
        }
    }

    /// The entry at `path`, found component by component on raw bytes.
    fn lookup(&self, path: &RepoPath) -> Result<(EntryKind, Oid, i32)> {
        let mut tree_id = self.tree;
        let mut parts = path.components().peekable();
        while let Some(part) = parts.next() {
            let tree = self
                .repo
                .find_tree(tree_id)
                .map_err(|e| RepoError::git(format!("could not read {path}"), &e))?;
            let entry = tree
                .get_name_bytes(part)
                .ok_or_else(|| Self::not_found(path))?;
            let kind = EntryKind::of(entry.filemode(), entry.kind());
            if parts.peek().is_none() {
                return Ok((kind, entry.id(), entry.filemode()));
            }
            if kind != EntryKind::Directory {
                // A symlink or file in the middle of a path is never
                // followed: the path does not exist in the tree.
                return Err(Self::not_found(path));
            }
            tree_id = entry.id();
        }
        Err(Self::not_found(path))
    }

    /// A blob's size from its object header, without inflating it.
    pub fn blob_size(&self, id: Oid) -> Option<u64> {
        let odb = self.repo.odb().ok()?;
        odb.read_header(id).ok().map(|(size, _)| size as u64)
    }

    fn entry_of(&self, path: RepoPath, kind: EntryKind, id: Oid, mode: i32) -> Entry {
        let size = matches!(kind, EntryKind::File | EntryKind::Symlink)
            .then(|| self.blob_size(id))
            .flatten();
        Entry {
            path,
            kind,
            size,
            id,
            executable: mode == 0o100755,
        }
    }

    /// The entries of one directory (`None`: the root), directories first,
    /// then by name ignoring case. For the file tree, expanded lazily.
    pub fn list_dir(&self, dir: Option<&RepoPath>) -> Result<Vec<Entry>> {
        let (tree, base) = match dir {
            None => (self.root()?, RepoPath::from_bytes(Vec::new())),
            Some(d) => {
                let (kind, id, _) = self.lookup(d)?;
                if kind != EntryKind::Directory {
                    return Err(RepoError::Git {
                        context: format!("could not list {d}"),
                        message: format!("it is a {}, not a directory", kind.as_str()),
                    });
                }
                let tree = self
                    .repo
                    .find_tree(id)
                    .map_err(|e| RepoError::git(format!("could not read {d}"), &e))?;
                (tree, d.clone())
            }
        };
        let mut entries: Vec<Entry> = tree
            .iter()
            .map(|e| {
                let kind = EntryKind::of(e.filemode(), e.kind());
                self.entry_of(base.join(e.name_bytes()), kind, e.id(), e.filemode())
            })
            .collect();
        sort_entries(&mut entries);
        Ok(entries)
    }

    /// Every entry of the tree at HEAD (directories too), parents before
    /// children, each directory's entries in git's order. Sizes are
    /// included when `with_sizes` (one object-header read per file).
    pub fn list_all(&self, with_sizes: bool) -> Result<Vec<Entry>> {
        let odb = self
            .repo
            .odb()
            .map_err(|e| RepoError::git("could not open the object database", &e))?;
        let mut out = Vec::new();
        walk_tree(&self.repo, self.tree, |path, e| {
            let kind = EntryKind::of(e.filemode(), e.kind());
            let size = if with_sizes && matches!(kind, EntryKind::File | EntryKind::Symlink) {
                odb.read_header(e.id()).ok().map(|(s, _)| s as u64)
            } else {
                None
            };
            out.push(Entry {
                path: RepoPath::from_bytes(path),
                kind,
                size,
                id: e.id(),
                executable: e.filemode() == 0o100755,
            });
            true
        })
        .map_err(|e| RepoError::git("could not walk the tree at HEAD", &e))?;
        Ok(out)
    }

    /// What is at `path`: text (lossy for invalid UTF-8), or a marker for
    /// binary, too large, symlink (its target, not followed), submodule or
    /// directory. Files over `cap` bytes are not read.
    pub fn read(&self, path: &RepoPath, cap: u64) -> Result<Content> {
        let (kind, id, _) = self.lookup(path)?;
        match kind {
            EntryKind::Directory => return Ok(Content::Directory),
            EntryKind::Submodule => return Ok(Content::Submodule { commit: id }),
            EntryKind::Symlink => {
                self.ensure_blob(path, id)?;
                let blob = self.find_blob(path, id)?;
                return Ok(Content::Symlink {
                    target: String::from_utf8_lossy(&blob).into_owned(),
                });
            }
            EntryKind::File => {}
        }
        self.ensure_blob(path, id)?;
        let size = self.blob_size(id).unwrap_or(0);
        if size > cap {
            return Ok(Content::TooLarge { size, cap });
        }
        let bytes = self.find_blob(path, id)?;
        if is_binary(&bytes) {
            return Ok(Content::Binary { size });
        }
        Ok(match String::from_utf8(bytes) {
            Ok(text) => Content::Text { text, lossy: false },
            Err(e) => Content::Text {
                text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
                lossy: true,
            },
        })
    }

    /// A file's bytes, at most `cap` of them (for parsers). Symlinks,
    /// directories and submodules are not files.
    pub fn read_blob(
        &self,
        path: &RepoPath,
        cap: u64,
    ) -> Result<std::result::Result<Blob, Content>> {
        let (kind, id, _) = self.lookup(path)?;
        if kind != EntryKind::File {
            return self.read(path, cap).map(Err);
        }
        self.ensure_blob(path, id)?;
        let size = self.blob_size(id).unwrap_or(0);
        if size > cap {
            return Ok(Err(Content::TooLarge { size, cap }));
        }
        Ok(Ok(Blob {
            id,
            bytes: self.find_blob(path, id)?,
        }))
    }

    /// Bytes of a blob by id, at most `cap` (for indexing by blob id).
    pub fn blob_by_id(&self, id: Oid, cap: u64) -> Result<Option<Vec<u8>>> {
        self.ensure_blob(&format_args!("blob {id}"), id)?;
        if self.blob_size(id).unwrap_or(0) > cap {
            return Ok(None);
        }
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|e| RepoError::git(format!("could not read blob {id}"), &e))?;
        Ok(Some(blob.content().to_vec()))
    }

    /// The blob `id` as libgit2 read it, for a caller that reads its
    /// `content()` once and keeps nothing: no copy is made. Files over
    /// `cap` bytes (from the object header) give `None` and are not read.
    pub fn blob_in_place(&self, id: Oid, cap: u64) -> Result<Option<git2::Blob<'_>>> {
        self.ensure_blob(&format_args!("blob {id}"), id)?;
        if self.blob_size(id).unwrap_or(0) > cap {
            return Ok(None);
        }
        self.repo
            .find_blob(id)
            .map(Some)
            .map_err(|e| RepoError::git(format!("could not read blob {id}"), &e))
    }

    fn find_blob(&self, path: &RepoPath, id: Oid) -> Result<Vec<u8>> {
        let blob = self
            .repo
            .find_blob(id)
            .map_err(|e| RepoError::git(format!("could not read {path}"), &e))?;
        Ok(blob.content().to_vec())
    }

    /// Commits that changed `path` (or every commit, for `None`), newest
    /// first, `limit` of them after skipping `skip`, as `git log -- path`
    /// lists them; a file's renames followed as `git log --follow` does
    /// (see [`Snapshot::log`]).
    pub fn history(
        &self,
        path: Option<&RepoPath>,
        skip: usize,
        limit: usize,
    ) -> Result<HistoryPage> {
        self.history_entries(path, skip, limit).map(Into::into)
    }

    /// [`Snapshot::history`], each commit with the path's name there.
    pub fn history_entries(
        &self,
        path: Option<&RepoPath>,
        skip: usize,
        limit: usize,
    ) -> Result<super::log::LogPage> {
        // `--follow` is for one file, as in git.
        let follow = path.is_some_and(|p| {
            let tree = self.repo.find_tree(self.tree).ok();
            tree.and_then(|t| self.entry_kind(&t, p)) == Some(git2::ObjectType::Blob)
        });
        self.log(path, follow, skip, limit)
    }

    /// The repository, for the history walk.
    pub(super) fn git(&self) -> &Repository {
        &self.repo
    }

    /// What `path` is in `tree`: a blob, a tree, a commit (a submodule).
    fn entry_kind(&self, tree: &Tree<'_>, path: &RepoPath) -> Option<git2::ObjectType> {
        let entry = tree
            .get_path(std::path::Path::new(&path.to_string_lossy()))
            .ok()?;
        entry.kind()
    }

    /// The files a commit changed against its first parent, with lines
    /// added and removed (binary files count 0/0). `None` for a commit
    /// whose parent is not in a shallow clone: what it changed is unknown.
    pub fn commit_changes(&self, id: Oid) -> Result<Option<Vec<FileChange>>> {
        let err = |e: git2::Error| RepoError::git(format!("could not read commit {id}"), &e);
        if self.shallow_boundary().contains(&id) {
            return Ok(None);
        }
        let (tree, parent_tree) = self.commit_trees(id).map_err(err)?;
        let diff = self
            .repo
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), None)
            .map_err(err)?;
        self.prefetch_diff(&diff, None)?;
        let mut out = Vec::new();
        for i in 0..diff.deltas().len() {
            let Some(delta) = diff.get_delta(i) else {
                continue;
            };
            let path = delta
                .new_file()
                .path_bytes()
                .or(delta.old_file().path_bytes())
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default();
            let too_large = self.too_large_to_diff(&delta);
            let (added, removed) = if too_large {
                (0, 0)
            } else {
                match git2::Patch::from_diff(&diff, i) {
                    Ok(Some(patch)) => patch.line_stats().map(|(_, a, d)| (a, d)).unwrap_or((0, 0)),
                    _ => (0, 0),
                }
            };
            out.push(FileChange {
                path,
                added,
                removed,
                too_large,
            });
        }
        Ok(Some(out))
    }

    /// A commit's tree and its first parent's (none for a root commit).
    fn commit_trees(
        &self,
        id: Oid,
    ) -> std::result::Result<(Tree<'_>, Option<Tree<'_>>), git2::Error> {
        let commit = self.repo.find_commit(id)?;
        let tree = commit.tree()?;
        let parent_tree = match commit.parent(0) {
            Ok(p) => Some(p.tree()?),
            Err(_) => None,
        };
        Ok((tree, parent_tree))
    }

    /// A commit's information and its whole message.
    pub fn commit_message(&self, id: Oid) -> Result<(CommitInfo, String)> {
        let c = self
            .repo
            .find_commit(id)
            .map_err(|e| RepoError::git(format!("could not read commit {id}"), &e))?;
        let message = String::from_utf8_lossy(c.message_bytes()).into_owned();
        Ok((commit_info(&c), message))
    }

    /// The unified diff of one file in a commit, against its first parent,
    /// cut after `max_lines` lines (the flag says so). `None` when the
    /// parent is not in a shallow clone. Binary files give git's one-line
    /// notice. Nothing is checked out or run: the diff is made in memory.
    pub fn file_diff(
        &self,
        id: Oid,
        path: &str,
        max_lines: usize,
    ) -> Result<Option<(Vec<String>, bool)>> {
        let err = |e: git2::Error| RepoError::git(format!("could not diff {path} in {id}"), &e);
        if self.shallow_boundary().contains(&id) {
            return Ok(None);
        }
        let (tree, parent_tree) = self.commit_trees(id).map_err(err)?;
        let mut opts = git2::DiffOptions::new();
        // A literal path, not a pattern: `*` or `[` in a name means itself.
        opts.pathspec(path).disable_pathspec_match(true);
        let diff = self
            .repo
            .diff_tree_to_tree(parent_tree.as_ref(), Some(&tree), Some(&mut opts))
            .map_err(err)?;
        self.prefetch_diff(&diff, None)?;
        if diff.deltas().any(|d| self.too_large_to_diff(&d)) {
            return Ok(Some((
                vec![format!(
                    "{path} is over {} MB on one side: not diffed",
                    DIFF_SIZE_CAP / (1024 * 1024)
                )],
                false,
            )));
        }
        let mut lines = Vec::new();
        let mut cut = false;
        let printed = diff.print(git2::DiffFormat::Patch, |_, _, line| {
            if lines.len() >= max_lines {
                cut = true;
                return false;
            }
            let text = String::from_utf8_lossy(line.content());
            let text = text.trim_end_matches(['\n', '\r']);
            match line.origin() {
                o @ ('+' | '-' | ' ') => lines.push(format!("{o}{text}")),
                // File and hunk headers may hold several lines.
                _ => lines.extend(text.lines().map(str::to_string)),
            }
            true
        });
        match printed {
            Err(e) if !cut => Err(err(e)),
            _ => Ok(Some((lines, cut))),
        }
    }

    fn too_large_to_diff(&self, delta: &git2::DiffDelta<'_>) -> bool {
        [delta.old_file().id(), delta.new_file().id()]
            .into_iter()
            .filter(|id| !id.is_zero())
            .any(|id| self.blob_size(id).is_some_and(|n| n > DIFF_SIZE_CAP))
    }

    /// The id of what `path` names in `tree`, if anything.
    pub(super) fn entry_id(&self, tree: Oid, path: &RepoPath) -> Option<Oid> {
        // Read as the raw object and scanned for the one name: a history
        // looks a path up in every commit, and parsing each whole tree
        // (every entry's mode and name, allocated) was most of its time.
        let odb = self.repo.odb().ok()?;
        let mut tree_id = tree;
        let mut parts = path.components().peekable();
        while let Some(part) = parts.next() {
            let obj = odb.read(tree_id).ok()?;
            if obj.kind() != ObjectType::Tree {
                // Not a tree: the path does not exist (links are never
                // followed).
                return None;
            }
            let (is_tree, id) = raw_tree_entry(obj.data(), part)?;
            if parts.peek().is_none() {
                return Some(id);
            }
            if !is_tree {
                return None;
            }
            tree_id = id;
        }
        None
    }

    /// The commits whose parents a shallow clone does not have.
    pub(super) fn shallow_boundary(&self) -> HashSet<Oid> {
        std::fs::read_to_string(self.repo.path().join("shallow"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| Oid::from_str(l.trim()).ok())
            .collect()
    }
}

/// The entry named `name` in a tree object's raw data (`MODE SP NAME NUL`
/// and a 20-byte id, entry after entry): whether it is a tree, and its
/// id. `None` when it is not there or the data is cut short.
fn raw_tree_entry(mut data: &[u8], name: &[u8]) -> Option<(bool, Oid)> {
    while !data.is_empty() {
        let sp = data.iter().position(|&b| b == b' ')?;
        let nul = sp + 1 + data[sp + 1..].iter().position(|&b| b == 0)?;
        let id = data.get(nul + 1..nul + 21)?;
        let is_tree = matches!(&data[..sp], b"40000" | b"040000");
        let entry = &data[sp + 1..nul];
        if entry == name {
            return Some((is_tree, Oid::from_bytes(id).ok()?));
        }
        // Entries are sorted as git sorts them (a tree's name as if it
        // ended in `/`; libgit2's own lookup relies on it too): past both
        // places `name` could be, it is not there.
        let key = entry.iter().chain(if is_tree { &b"/"[..] } else { &[] });
        if key.cmp(name.iter().chain(b"/")) == std::cmp::Ordering::Greater {
            return None;
        }
        data = &data[nul + 21..];
    }
    None
}

/// A commit id written as 40 hex digits (a list entry's target), for
/// [`Snapshot::commit_message`] and the diffs.
pub fn parse_commit_id(id: &str) -> Result<Oid> {
    Oid::from_str(id).map_err(|e| RepoError::InvalidCommitId {
        id: id.to_string(),
        detail: e.to_string(),
    })
}

/// Every entry under the tree `root`, parents before children, with its
/// path as raw bytes; `visit` returns `false` to stop. Done by hand:
/// git2's `Tree::walk` gives up on a directory whose name is not UTF-8.
pub(crate) fn walk_tree(
    repo: &Repository,
    root: Oid,
    mut visit: impl FnMut(Vec<u8>, &git2::TreeEntry<'_>) -> bool,
) -> std::result::Result<(), git2::Error> {
    let mut stack: Vec<(Oid, Vec<u8>)> = vec![(root, Vec::new())];
    while let Some((id, prefix)) = stack.pop() {
        let tree = repo.find_tree(id)?;
        let mut subtrees = Vec::new();
        for e in tree.iter() {
            let mut path = prefix.clone();
            if !path.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(e.name_bytes());
            if e.kind() == Some(ObjectType::Tree) {
                subtrees.push((e.id(), path.clone()));
            }
            if !visit(path, &e) {
                return Ok(());
            }
        }
        // Children in order after their parent's siblings; deeper first
        // is not needed, only parents before children.
        stack.extend(subtrees.into_iter().rev());
    }
    Ok(())
}

/// Bytes kept of a commit's author, email and summary: they are shown on
/// one line, and a megabyte of author name would cost every frame.
pub const COMMIT_FIELD_CAP: usize = 1024;

pub(super) fn commit_info(c: &git2::Commit<'_>) -> CommitInfo {
    let author = c.author();
    // Cut as bytes before decoding: a 10 MB one-line message is not
    // copied whole into every history entry.
    let field = |b: &[u8]| {
        let cut = b.len() > COMMIT_FIELD_CAP;
        let mut s = String::from_utf8_lossy(&b[..b.len().min(COMMIT_FIELD_CAP)]).into_owned();
        if cut {
            // A character cut in two decodes as U+FFFD: dropped.
            if s.ends_with('\u{fffd}') {
                s.pop();
            }
            s.push(crate::text::ELLIPSIS);
        }
        s
    };
    CommitInfo {
        id: c.id(),
        author: field(author.name_bytes()),
        email: field(author.email_bytes()),
        time: author.when().seconds(),
        offset_minutes: author.when().offset_minutes(),
        summary: c.summary_bytes().map(field).unwrap_or_default(),
    }
}

/// git's heuristic: a NUL in the first 8000 bytes means binary.
pub fn is_binary(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0)
}

fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(|a, b| {
        let dir = |e: &Entry| e.kind != EntryKind::Directory;
        dir(a)
            .cmp(&dir(b))
            .then_with(|| {
                a.path
                    .file_name()
                    .to_ascii_lowercase()
                    .cmp(&b.path.file_name().to_ascii_lowercase())
            })
            .then_with(|| a.path.cmp(&b.path))
    });
}

#[cfg(test)]
mod tests {
    use super::raw_tree_entry;
    use git2::Oid;

    fn raw(entries: &[(&str, &str, u8)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (mode, name, id) in entries {
            out.extend_from_slice(mode.as_bytes());
            out.push(b' ');
            out.extend_from_slice(name.as_bytes());
            out.push(0);
            out.extend_from_slice(&[*id; 20]);
        }
        out
    }

    #[test]
    fn a_raw_tree_entry_is_found_by_its_name_as_git_sorts_them() {
        // git's order: `a.py` before the tree `a` (read as `a/`), `a0`
        // after it.
        let tree = raw(&[
            ("100644", "a.py", 1),
            ("40000", "a", 2),
            ("100644", "a0", 3),
            ("120000", "link", 4),
        ]);
        let id = |n: u8| Oid::from_bytes(&[n; 20]).unwrap();
        assert_eq!(raw_tree_entry(&tree, b"a.py"), Some((false, id(1))));
        assert_eq!(raw_tree_entry(&tree, b"a"), Some((true, id(2))));
        assert_eq!(raw_tree_entry(&tree, b"a0"), Some((false, id(3))));
        assert_eq!(raw_tree_entry(&tree, b"link"), Some((false, id(4))));
        assert_eq!(raw_tree_entry(&tree, b"b"), None);
        assert_eq!(raw_tree_entry(&tree, b""), None);
        // Past the place it would be: not looked for further.
        assert_eq!(raw_tree_entry(&tree, b"Z"), None);
        // The old zero-padded mode of a tree.
        let old = raw(&[("040000", "d", 5)]);
        assert_eq!(raw_tree_entry(&old, b"d"), Some((true, id(5))));
    }

    #[test]
    fn a_cut_or_garbled_tree_finds_nothing_and_never_panics() {
        let tree = raw(&[("100644", "a.py", 1), ("100644", "b.py", 2)]);
        for end in 0..tree.len() {
            let found = raw_tree_entry(&tree[..end], b"b.py");
            assert!(found.is_none() || end == tree.len(), "{end}");
        }
        assert_eq!(raw_tree_entry(b"no space or nul", b"x"), None);
        assert_eq!(raw_tree_entry(b"100644 x", b"x"), None);
    }
}
