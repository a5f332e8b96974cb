//! A working copy: a normal checkout of a cached clone, made for the person
//! to run the project in (study step 5).

use std::path::{Component, Path, PathBuf};

/// The working copy asked for in the prompt: the folder as typed, resolved
/// by [`resolve_destination`], then made by [`make_working_copy`]. Returns
/// the folder as resolved (the typed text when it could not be), for the
/// message, and what happened.
pub fn make_working_copy_at(
    cached: &Path,
    typed: &str,
    home: Option<&Path>,
    keep_out: &[(&str, &Path)],
    url: &str,
) -> (String, Result<String, String>) {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            return (
                typed.to_string(),
                Err(format!(
                    "could not tell where {typed} is: the current folder is unreadable ({e}); write the full path"
                )),
            );
        }
    };
    match resolve_destination(typed, home, &cwd, keep_out) {
        Ok(dest) => {
            let result = make_working_copy(cached, &dest, url);
            (dest.display().to_string(), result)
        }
        Err(e) => (typed.to_string(), Err(e)),
    }
}

/// Where a working copy typed as `typed` goes: `~` and `~/…` are the home
/// folder, a relative path is under `cwd`, symlinks of the folders that
/// exist are resolved. Refused: `~user` (not expanded: it would make a
/// folder literally named so), and anything inside one of `keep_out`
/// (codestudy's cache and data dir, by name).
pub fn resolve_destination(
    typed: &str,
    home: Option<&Path>,
    cwd: &Path,
    keep_out: &[(&str, &Path)],
) -> Result<PathBuf, String> {
    let typed = typed.trim();
    let no_home =
        || format!("{typed}: the home folder is not known (HOME is not set); write the full path");
    let path = if typed.is_empty() {
        return Err("no folder was given for the working copy".into());
    } else if typed == "~" {
        home.ok_or_else(no_home)?.to_path_buf()
    } else if let Some(rest) = typed.strip_prefix("~/") {
        home.ok_or_else(no_home)?.join(rest)
    } else if typed.starts_with('~') {
        return Err(format!(
            "{typed}: only ~ and ~/ are expanded (to your home folder); write the full path"
        ));
    } else {
        cwd.join(typed)
    };
    let dest = real_path(&path);
    for (what, dir) in keep_out {
        let dir = real_path(dir);
        if dest.starts_with(&dir) {
            return Err(format!(
                "{} is inside codestudy's {what} ({}): choose a folder outside it, e.g. ~/codestudy",
                dest.display(),
                dir.display()
            ));
        }
    }
    Ok(dest)
}

/// `path` (absolute) as the file system sees it: walked from the root,
/// each component that exists resolved (symlinks followed, so `..` after
/// it is its real parent), each one that does not taken by name (nothing
/// there to follow; a `..` after it drops it).
fn real_path(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => out.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(name) => {
                out.push(name);
                if let Ok(real) = std::fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

/// A working copy: the cached clone copied to `dest` as a normal
/// repository and checked out at HEAD, with `origin` set to the project's
/// URL. A copy rather than a clone: libgit2's local transport cannot clone
/// from a shallow repository. Nothing from the repository is run (no
/// hooks exist in codestudy's clones, and checkout runs none).
///
/// Refused inside a git repository (the cached clone itself included: the
/// copy would copy itself until the path is too long). Made in a hidden
/// sibling folder and renamed into place, so a failure (a tree entry that
/// checkout refuses, a full disk) leaves nothing behind and a retry finds
/// the folder as it was.
///
/// The copy's `origin` is `url` (the catalog's address) with the usual
/// fetch refspec, and its branch tracks `origin/<branch>`, so `git pull`
/// and `git status` work. Returns a note for the person: what the branch
/// tracks, and for a shallow copy how to fetch the rest of the history.
pub fn make_working_copy(cached: &Path, dest: &Path, url: &str) -> Result<String, String> {
    let dest = real_path(&std::path::absolute(dest).map_err(|e| {
        format!(
            "could not tell where {} is ({e}); write the full path",
            dest.display()
        )
    })?);
    if dest.exists()
        && std::fs::read_dir(&dest)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} already exists and is not empty; choose another folder",
            dest.display()
        ));
    }
    if dest.starts_with(real_path(cached)) {
        return Err(format!(
            "{} is inside the cached clone: choose a folder outside it",
            dest.display()
        ));
    }
    if let Some(outer) = enclosing_repository(&dest) {
        return Err(format!(
            "{} is inside the git repository at {}: a working copy there would be a repository inside another; choose a folder outside it",
            dest.display(),
            outer.display()
        ));
    }
    let (Some(parent), Some(name)) = (dest.parent(), dest.file_name()) else {
        return Err(format!(
            "{} cannot hold a working copy: choose a folder inside it",
            dest.display()
        ));
    };
    let made_parents = create_parents(parent)
        .map_err(|e| format!("could not create {}: {e}", parent.display()))?;
    let result = Staging::create(parent, &name.to_string_lossy())
        .map_err(|e| format!("could not create a folder in {}: {e}", parent.display()))
        .and_then(|staging| {
            let note = fill(cached, &staging.path, &dest, url)?;
            staging.rename_to(&dest)?;
            Ok(note)
        });
    if result.is_err() {
        // Folders made for this copy go with it; `remove_dir` leaves any
        // that something else has put a file in meanwhile.
        for dir in made_parents.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

/// The repository (its work tree, or the git dir of a bare one) that
/// holds `path` or its nearest existing ancestor, if any.
fn enclosing_repository(path: &Path) -> Option<PathBuf> {
    let existing = path.ancestors().find(|p| p.exists())?;
    let repo = git2::Repository::discover(existing).ok()?;
    Some(repo.workdir().unwrap_or(repo.path()).to_path_buf())
}

/// Create `dir` and its missing ancestors; the ones made, outermost first.
fn create_parents(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|p| !p.exists())
        .map(Path::to_path_buf)
        .collect();
    std::fs::create_dir_all(dir)?;
    Ok(missing.into_iter().rev().collect())
}

/// The copy and checkout, in the staging folder `work`. Messages name
/// `dest`, the folder the person asked for.
fn fill(cached: &Path, work: &Path, dest: &Path, url: &str) -> Result<String, String> {
    let git_dir = work.join(".git");
    copy_dir(cached, &git_dir)
        .map_err(|e| format!("could not copy the clone to {}: {e}", dest.display()))?;
    let fail = |e: git2::Error| {
        format!(
            "could not make the working copy in {}: {}",
            dest.display(),
            e.message()
        )
    };
    let mut config = git2::Config::open(&git_dir.join("config")).map_err(fail)?;
    config.set_bool("core.bare", false).map_err(fail)?;
    drop(config);
    let repo = git2::Repository::open(work).map_err(fail)?;
    // origin: the catalog's address (the cache may have fetched from a
    // mirror), fetching every branch into refs/remotes/origin as a normal
    // clone does.
    if repo.find_remote("origin").is_ok() {
        repo.remote_delete("origin").map_err(fail)?;
    }
    repo.remote("origin", url).map_err(fail)?;
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).map_err(fail)?;
    // The branch tracks origin's: `git pull` knows what to pull.
    let head = repo.head().map_err(fail)?;
    let mut note = Vec::new();
    if let (Some(branch), Some(id)) = (
        head.shorthand().ok().filter(|_| head.is_branch()),
        head.target(),
    ) {
        let branch = branch.to_string();
        repo.reference(
            &format!("refs/remotes/origin/{branch}"),
            id,
            true,
            "codestudy: the cached clone's branch",
        )
        .map_err(fail)?;
        let mut local = repo
            .find_branch(&branch, git2::BranchType::Local)
            .map_err(fail)?;
        local
            .set_upstream(Some(&format!("origin/{branch}")))
            .map_err(fail)?;
        note.push(format!("{branch} tracks origin/{branch}"));
    }
    if repo.is_shallow() {
        note.push("shallow: `git fetch --unshallow` fetches the whole history".to_string());
    }
    Ok(note.join("; "))
}

/// A hidden folder beside the destination, removed when dropped unless
/// renamed into place.
struct Staging {
    path: PathBuf,
    kept: bool,
}

impl Staging {
    fn create(parent: &Path, name: &str) -> std::io::Result<Staging> {
        let mut attempt = 0u32;
        loop {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let path = parent.join(format!(
                ".{name}.codestudy-tmp-{}-{nanos:08x}",
                std::process::id()
            ));
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(Staging { path, kept: false }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 16 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    /// Rename into place. `dest` may exist as an empty folder (rename
    /// replaces an empty directory); one that filled up meanwhile is an
    /// error, and the staging folder is removed.
    fn rename_to(mut self, dest: &Path) -> Result<(), String> {
        std::fs::rename(&self.path, dest).map_err(|e| {
            format!(
                "could not move the working copy into {}: {e}; choose another folder",
                dest.display()
            )
        })?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Copy a directory of plain files and directories (a cached clone holds
/// nothing else); anything else is skipped, symlinks included.
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    let mut stack = vec![(from.to_path_buf(), to.to_path_buf())];
    while let Some((src, dst)) = stack.pop() {
        for entry in std::fs::read_dir(&src)? {
            let entry = entry?;
            let ft = entry.file_type()?;
            let target = dst.join(entry.file_name());
            if ft.is_dir() {
                std::fs::create_dir_all(&target)?;
                stack.push((entry.path(), target));
            } else if ft.is_file() {
                std::fs::copy(entry.path(), &target)?;
            }
        }
    }
    Ok(())
}
