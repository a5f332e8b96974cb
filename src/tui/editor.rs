//! Handing the terminal to the person's `$VISUAL`/`$EDITOR` on a file of a
//! clone, and taking it back afterwards.

use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use super::terminal::{Term, reenter, restore};
use crate::catalog::Catalog;
use crate::repo::{Cache, RepoPath, Snapshot};

/// Hand the terminal to the person's editor on a read-only copy of the
/// file, at the line; take it back afterwards.
pub(super) fn edit(
    terminal: &mut Term,
    input_paused: &AtomicBool,
    cache: &Cache,
    catalog: &Catalog,
    repo: &str,
    path: &RepoPath,
    line: usize,
) -> Result<(), String> {
    let r = catalog.repo(repo).ok_or("unknown repository")?;
    let snap = Snapshot::open(&cache.repo_dir(&r.owner, &r.name)).map_err(|e| e.to_string())?;
    let blob = match snap.read_blob(path, u64::MAX).map_err(|e| e.to_string())? {
        Ok(b) => b,
        Err(_) => return Err(format!("{path} is not a regular file; nothing to edit")),
    };
    // A copy, since clones are bare; read-only, since edits would be lost.
    let dir = std::env::temp_dir()
        .join(format!("codestudy-{}", std::process::id()))
        .join(&r.name);
    let name = String::from_utf8_lossy(path.file_name()).replace(['/', '\\'], "_");
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("could not create {}: {e}", dir.display()))?;
    let file = dir.join(format!("{}-{}", &blob.id.to_string()[..8], name));
    let _ = std::fs::remove_file(&file);
    std::fs::write(&file, &blob.bytes)
        .map_err(|e| format!("could not write {}: {e}", file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444));
    }
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

    input_paused.store(true, Ordering::SeqCst);
    // Let the input thread finish any poll in progress.
    thread::sleep(Duration::from_millis(60));
    restore();
    let status = std::process::Command::new(&program)
        .args(words)
        .arg(format!("+{line}"))
        .arg(&file)
        .status();
    let reentered = reenter(terminal);
    input_paused.store(false, Ordering::SeqCst);
    reentered.map_err(|e| format!("could not take the terminal back: {e}"))?;
    match status {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("{program} exited with {s}")),
        Err(e) => Err(format!(
            "could not run {program} ({e}); set $VISUAL or $EDITOR"
        )),
    }
}
