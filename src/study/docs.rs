//! What steps 1 and 3 show, built as Markdown from the clone (read from
//! the object database, like everything else): the README and the docs
//! tree; the community files (issue and pull-request templates,
//! contributing guide, security policy, code of conduct) and where the live
//! issues and pull requests are.

// The runtime still makes working copies through this path.
pub use crate::repo::make_working_copy;

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
