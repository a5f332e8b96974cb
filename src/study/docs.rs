//! What steps 1 and 3 show, built as Markdown from the clone (read from
//! the object database, like everything else): the README and the docs
//! tree; the community files (issue and pull-request templates,
//! contributing guide, security policy, code of conduct) and where the live
//! issues and pull requests are.

use crate::catalog::Repo;
use crate::repo::{Content, Entry, EntryKind, RepoPath, Snapshot};

/// Text files up to this size are shown whole.
const SHOW_CAP: u64 = 512 * 1024;

pub(crate) fn read_text(snap: &Snapshot, path: &RepoPath) -> Option<String> {
    match snap.read(path, SHOW_CAP).ok()? {
        Content::Text { text, .. } => Some(text),
        _ => None,
    }
}

/// Markdown as it is; anything else (reStructuredText, plain text) as a
/// preformatted block, so nothing in it is taken for markup.
fn as_markdown(path: &str, text: &str) -> String {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".md") || lower.ends_with(".markdown") {
        text.to_string()
    } else {
        let fence = super::views::fence_for(text);
        format!("{fence}\n{text}\n{fence}\n")
    }
}

fn root_files(snap: &Snapshot) -> Vec<Entry> {
    snap.list_dir(None).unwrap_or_default()
}

fn name_of(e: &Entry) -> String {
    String::from_utf8_lossy(e.path.file_name()).into_owned()
}

/// Step 1: the README, then what `docs/` holds.
pub fn documentation(snap: &Snapshot, repo: &Repo) -> String {
    let root = root_files(snap);
    let mut out = String::new();
    let readme = root
        .iter()
        .filter(|e| {
            e.kind == EntryKind::File && name_of(e).to_ascii_lowercase().starts_with("readme")
        })
        .min_by_key(|e| {
            (
                !name_of(e).to_ascii_lowercase().ends_with(".md"),
                name_of(e),
            )
        });
    match readme.and_then(|e| read_text(snap, &e.path).map(|t| (e, t))) {
        Some((e, text)) => {
            out.push_str(&as_markdown(&e.path.to_string_lossy(), &text));
        }
        None => out.push_str(&format!(
            "# {}\n\nThis clone has no README at its root.\n",
            repo.id
        )),
    }
    let docs = root.iter().find(|e| {
        e.kind == EntryKind::Directory && {
            let n = name_of(e).to_ascii_lowercase();
            n == "docs" || n == "doc" || n == "documentation"
        }
    });
    if let Some(d) = docs {
        out.push_str(&format!("\n\n---\n\n## {}/\n\n", d.path));
        for e in snap.list_dir(Some(&d.path)).unwrap_or_default() {
            let slash = if e.kind == EntryKind::Directory {
                "/"
            } else {
                ""
            };
            out.push_str(&format!("- `{}{slash}`\n", e.path));
        }
        out.push_str("\nOpen them from the explorer's tree (or `/` to find one).\n");
    }
    out
}

/// The community files of a clone, in the order a contributor meets them.
pub fn community_files(snap: &Snapshot) -> Vec<RepoPath> {
    let mut found = Vec::new();
    let wanted = |name: &str| {
        let n = name.to_ascii_lowercase();
        [
            "contributing",
            "security",
            "code_of_conduct",
            "pull_request_template",
            "support",
        ]
        .iter()
        .any(|w| n.starts_with(w))
    };
    let mut dirs = vec![None];
    for d in [".github", "docs"] {
        if let Ok(p) = RepoPath::parse(d) {
            dirs.push(Some(p));
        }
    }
    for dir in &dirs {
        for e in snap.list_dir(dir.as_ref()).unwrap_or_default() {
            if e.kind == EntryKind::File && wanted(&name_of(&e)) {
                found.push(e.path);
            }
        }
    }
    for d in [".github/ISSUE_TEMPLATE", ".github/PULL_REQUEST_TEMPLATE"] {
        if let Ok(p) = RepoPath::parse(d) {
            for e in snap.list_dir(Some(&p)).unwrap_or_default() {
                if e.kind == EntryKind::File {
                    found.push(e.path);
                }
            }
        }
    }
    found
}

/// Step 3: how the community contributes.
pub fn community(snap: &Snapshot, repo: &Repo) -> String {
    let base = repo.url.trim_end_matches('/');
    let mut out = format!(
        "# How {} works with contributors\n\nThe live pages (not opened by codestudy; copy them into a browser):\n\n- Issues: {base}/issues\n- Pull requests: {base}/pulls\n",
        repo.id
    );
    let files = community_files(snap);
    if files.is_empty() {
        out.push_str("\nThis clone has no issue templates, pull-request template, contributing guide, security policy or code of conduct.\n");
    }
    for path in files {
        let shown = path.to_string_lossy();
        out.push_str(&format!("\n---\n\n## {shown}\n\n"));
        match read_text(snap, &path) {
            Some(text) => out.push_str(&as_markdown(&shown, &text)),
            None => out.push_str("(not a text file, or too large to show)\n"),
        }
    }
    out
}

/// The files that say how to set the project up and test it.
pub fn project_files(snap: &Snapshot) -> super::commands::ProjectFiles {
    let mut out = Vec::new();
    let mut consider = |e: &Entry| {
        let n = name_of(e).to_ascii_lowercase();
        let wanted = matches!(
            n.as_str(),
            "pyproject.toml" | "setup.cfg" | "tox.ini" | "noxfile.py" | "makefile" | "gnumakefile"
        ) || (n.starts_with("requirements") && n.ends_with(".txt"))
            || n.starts_with("contributing");
        if e.kind == EntryKind::File
            && wanted
            && let Some(text) = read_text(snap, &e.path)
        {
            out.push((e.path.to_string_lossy(), text));
        }
    };
    for e in root_files(snap) {
        consider(&e);
    }
    for d in ["requirements", ".github", "docs"] {
        if let Ok(p) = RepoPath::parse(d) {
            for e in snap.list_dir(Some(&p)).unwrap_or_default() {
                consider(&e);
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
pub fn make_working_copy(
    cached: &std::path::Path,
    dest: &std::path::Path,
    url: &str,
) -> Result<(), String> {
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
fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
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
