//! A working copy: a normal checkout of a cached clone, made for the person
//! to run the project in (study step 5).

use std::path::Path;

/// A working copy: the cached clone copied to `dest` as a normal
/// repository and checked out at HEAD, with `origin` set to the project's
/// URL. A copy rather than a clone: libgit2's local transport cannot clone
/// from a shallow repository. Nothing from the repository is run (no
/// hooks exist in codestudy's clones, and checkout runs none).
pub fn make_working_copy(cached: &Path, dest: &Path, url: &str) -> Result<(), String> {
    if dest.exists()
        && std::fs::read_dir(dest)
            .map(|mut d| d.next().is_some())
            .unwrap_or(true)
    {
        return Err(format!(
            "{} already exists and is not empty; choose another folder",
            dest.display()
        ));
    }
    let git_dir = dest.join(".git");
    copy_dir(cached, &git_dir)
        .map_err(|e| format!("could not copy the clone to {}: {e}", git_dir.display()))?;
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
    let repo = git2::Repository::open(dest).map_err(fail)?;
    if repo.find_remote("origin").is_err() {
        repo.remote("origin", url).map_err(fail)?;
    }
    let mut checkout = git2::build::CheckoutBuilder::new();
    checkout.force();
    repo.checkout_head(Some(&mut checkout)).map_err(fail)?;
    Ok(())
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
