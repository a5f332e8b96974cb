//! Handing the terminal to the person's `$VISUAL`/`$EDITOR` on a file of a
//! clone, and taking it back afterwards.
//!
//! Clones are bare, so the editor gets a read-only copy. The copy is made
//! on a thread of its own ([`copy_for_editor`]), never on the event loop:
//! a blob over [`EDITOR_CAP`] is refused before it is read. It goes into a
//! private directory with a random name (mode 0700, made by `tempfile`),
//! as a file created anew (`O_EXCL`, so nothing planted there, a symlink
//! included, is followed) with mode 0400; the directory is removed when
//! the editor returns, or on any error ([`EditorCopy`]'s `Drop`).

use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::thread;
use std::time::Duration;

use super::terminal::{Term, reenter, restore};
use super::threads::InputControl;
use crate::catalog;
use crate::repo::{Cache, RepoPath, Snapshot};

/// The largest file handed to the editor: reading it is reading it into
/// memory, and a file this large is not read in an editor anyway.
pub(super) const EDITOR_CAP: u64 = 50 * 1024 * 1024;

/// A file's copy for the editor, in a private directory that goes away
/// with this value.
#[derive(Debug)]
pub(super) struct EditorCopy {
    /// The private directory of a read-only copy; `None` for the file of
    /// a working copy, edited where it is.
    dir: Option<tempfile::TempDir>,
    pub file: PathBuf,
    pub line: usize,
}

impl EditorCopy {
    /// Whether this is the working copy's own file, writable.
    pub fn in_working_copy(&self) -> bool {
        self.dir.is_none()
    }
}

/// `path` in the working copy at `folder`, when it is a regular file
/// there reached through no symbolic link (the copy is a checkout of the
/// repository: a link in it may point anywhere). `None` otherwise: the
/// read-only copy is used instead.
pub(crate) fn in_working_copy(folder: &str, path: &RepoPath, line: usize) -> Option<EditorCopy> {
    let root = std::path::Path::new(folder);
    if !root.join(".git").is_dir() {
        return None;
    }
    let mut at = root.to_path_buf();
    let parts: Vec<&[u8]> = path.as_bytes().split(|b| *b == b'/').collect();
    for (i, part) in parts.iter().enumerate() {
        let name = std::str::from_utf8(part).ok()?;
        if name.is_empty() || name == "." || name == ".." {
            return None;
        }
        at.push(name);
        let meta = std::fs::symlink_metadata(&at).ok()?;
        let last = i + 1 == parts.len();
        if meta.file_type().is_symlink() || (last && !meta.is_file()) || (!last && !meta.is_dir()) {
            return None;
        }
    }
    Some(EditorCopy {
        dir: None,
        file: at,
        line,
    })
}

/// Copy `path` of the clone of `repo` for the editor. Runs off the event
/// loop.
pub(super) fn copy_for_editor(
    cache: &Cache,
    repo: &catalog::Repo,
    path: &RepoPath,
    line: usize,
) -> Result<EditorCopy, String> {
    let snap =
        Snapshot::open(&cache.repo_dir(&repo.owner, &repo.name)).map_err(|e| e.to_string())?;
    let blob = match snap
        .read_blob(path, EDITOR_CAP)
        .map_err(|e| e.to_string())?
    {
        Ok(b) => b,
        Err(crate::repo::Content::TooLarge { size, cap }) => {
            return Err(format!(
                "{path} is {} ({size} bytes), over the {} the editor is given; not opened",
                human(size),
                human(cap)
            ));
        }
        Err(_) => return Err(format!("{path} is not a regular file; nothing to edit")),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix("codestudy-");
    // Without this, the umask decides (0755, usually).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir().map_err(|e| {
        format!(
            "could not make a private directory in {}: {e}",
            std::env::temp_dir().display()
        )
    })?;
    let mut name = crate::sanitize::sanitize_line(&String::from_utf8_lossy(path.file_name()))
        .replace(['/', '\\'], "_");
    if name.is_empty() || name == "." || name == ".." {
        name = "file".into();
    }
    let file = dir
        .path()
        .join(format!("{}-{name}", &blob.id.to_string()[..8]));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o400);
    }
    options
        .open(&file)
        .and_then(|mut f| f.write_all(&blob.bytes))
        .map_err(|e| format!("could not write {}: {e}", file.display()))?;
    Ok(EditorCopy {
        dir: Some(dir),
        file,
        line,
    })
}

fn human(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MiB", bytes as f64 / MIB as f64)
    } else {
        format!("{bytes} bytes")
    }
}

/// Hand the terminal to the person's editor on `copy`, at its line; take
/// it back afterwards. The copy is removed when this returns.
pub(super) fn edit(
    terminal: &mut Term,
    input: &InputControl,
    copy: EditorCopy,
) -> Result<String, String> {
    let note = if copy.in_working_copy() {
        format!(
            "opened {} in the working copy: your edits are saved there",
            crate::sanitize::sanitize_line(&copy.file.display().to_string())
        )
    } else {
        String::new()
    };
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .or_else(|| {
            std::env::var("EDITOR")
                .ok()
                .filter(|v| !v.trim().is_empty())
        })
        .unwrap_or_else(|| "vi".into());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi").to_string();

    input.paused.store(true, Ordering::SeqCst);
    // Let the input thread finish any poll in progress.
    thread::sleep(Duration::from_millis(60));
    restore();
    input.editing.store(true, Ordering::SeqCst);
    let status = std::process::Command::new(&program)
        .args(words)
        .arg(format!("+{}", copy.line))
        .arg(&copy.file)
        .status();
    input.editing.store(false, Ordering::SeqCst);
    let reentered = reenter(terminal);
    input.paused.store(false, Ordering::SeqCst);
    let removed = copy.dir.map_or(Ok(()), tempfile::TempDir::close);
    reentered.map_err(|e| format!("could not take the terminal back: {e}"))?;
    let result = match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!(
            "could not run {program} ({e}); set $VISUAL or $EDITOR"
        )),
    };
    result?;
    removed.map_err(|e| format!("could not remove the editor's copy: {e}"))?;
    Ok(note)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_working_copy_file_is_used_only_when_reached_without_links() {
        let tmp = tempfile::tempdir().unwrap();
        let wc = tmp.path().join("wc");
        std::fs::create_dir_all(wc.join(".git")).unwrap();
        std::fs::create_dir_all(wc.join("src")).unwrap();
        std::fs::write(wc.join("src/app.py"), "x = 1\n").unwrap();
        std::fs::write(tmp.path().join("secret"), "s\n").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), wc.join("src/link.py")).unwrap();
        std::os::unix::fs::symlink(wc.join("src"), wc.join("lnk")).unwrap();
        let w = wc.to_str().unwrap();
        let p = |s: &str| RepoPath::parse(s).unwrap();
        let got = in_working_copy(w, &p("src/app.py"), 3).unwrap();
        assert_eq!((got.file.clone(), got.line), (wc.join("src/app.py"), 3));
        assert!(got.in_working_copy());
        assert!(
            in_working_copy(w, &p("src/link.py"), 1).is_none(),
            "a link to a file"
        );
        assert!(
            in_working_copy(w, &p("lnk/app.py"), 1).is_none(),
            "through a linked folder"
        );
        assert!(in_working_copy(w, &p("src/gone.py"), 1).is_none());
        assert!(in_working_copy(w, &p("src"), 1).is_none(), "a folder");
        let plain = tmp.path().join("plain");
        std::fs::create_dir_all(&plain).unwrap();
        std::fs::write(plain.join("a.py"), "").unwrap();
        assert!(
            in_working_copy(plain.to_str().unwrap(), &p("a.py"), 1).is_none(),
            "not a git work tree"
        );
    }
}
