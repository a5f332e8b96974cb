//! Step 1: the README, then what the docs folder holds, built as Markdown
//! from the clone.

use crate::catalog::Repo;
use crate::repo::{EntryKind, Snapshot};

use super::{StepInfo, StepKind, as_markdown, name_of, read_text_cut, root_files};
use crate::study::progress::RepoProgress;
use crate::study::views::View;

pub(super) static STEP: StepInfo = StepInfo {
    title: "Documentation",
    hint: "README, docs/",
    keys: &[],
    view,
};

fn view(snap: &Snapshot, repo: &Repo, _: Option<&RepoProgress>) -> View {
    View::Document {
        title: StepKind::Documentation.title(&repo.id),
        markdown: markdown(snap, repo),
    }
}

/// The README, then what `docs/` holds.
pub fn markdown(snap: &Snapshot, repo: &Repo) -> String {
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
    // A README over the size shown is cut, and says so first; it is not
    // "no README".
    match readme.and_then(|e| read_text_cut(snap, &e.path).map(|t| (e, t))) {
        Some((e, (text, note))) => {
            if let Some(note) = note {
                out.push_str(&format!("> {note}\n\n"));
            }
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
