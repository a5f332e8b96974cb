//! Step 1: the README, then what the docs folder holds, built as Markdown
//! from the clone.

use crate::catalog::Repo;
use crate::repo::{Content, EntryKind, RepoPath, Snapshot};
use crate::sanitize::sanitize_line;

use super::{StepInfo, StepKind, as_markdown, name_of, read_text_cut, root_files};
use crate::study::progress::RepoProgress;
use crate::study::views::View;

pub(super) static STEP: StepInfo = StepInfo {
    title: "Documentation",
    hint: "README, docs/",
    keys: &[],
    uses_intel: false,
    view,
};

fn view(
    snap: &Snapshot,
    repo: &Repo,
    _: Option<&RepoProgress>,
    _: Option<&crate::intel::Index>,
) -> View {
    View::Document {
        title: StepKind::Documentation.title(&repo.id),
        markdown: markdown(snap, repo),
        links_from: Some(String::new()),
    }
}

/// Which README of the root's is the one shown, lowest first: as GitHub
/// shows it, `README` with one extension (`README.rst` before sqlalchemy's
/// `README.dialects.rst` and `README.unittests.rst`), Markdown first, then
/// reStructuredText, then plain text; then by name.
fn readme_rank(name: &str) -> (bool, u8, String) {
    let lower = name.to_ascii_lowercase();
    let (stem, ext) = lower.split_once('.').unwrap_or((&lower, ""));
    let kind = match ext {
        "md" | "markdown" => 0,
        "rst" => 1,
        "" | "txt" => 2,
        _ => 3,
    };
    (stem != "readme", kind, name.to_string())
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
        .min_by_key(|e| readme_rank(&name_of(e)));
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
        out.push_str("\n\n---\n\n");
        out.push_str(&folder_listing(snap, &d.path));
    }
    out
}

/// A folder's entries as links (Tab selects one, Enter opens it here).
fn folder_listing(snap: &Snapshot, dir: &RepoPath) -> String {
    let mut out = format!(
        "## {}/\n\n",
        crate::study::rst::escape(&sanitize_line(&dir.to_string_lossy()))
    );
    let entries = snap.list_dir(Some(dir)).unwrap_or_default();
    if entries.is_empty() {
        out.push_str("This folder is empty.\n");
        return out;
    }
    for e in entries {
        let slash = if e.kind == EntryKind::Directory {
            "/"
        } else {
            ""
        };
        let path = format!("{}{slash}", e.path.to_string_lossy());
        out.push_str(&format!(
            "- [{}]({})\n",
            code_span(&path),
            crate::study::rst::link_address(&path)
        ));
    }
    out.push_str("\nTab selects a document or a folder, Enter opens it here, Esc comes back.\n");
    out
}

/// Text as a Markdown code span, whatever backticks it holds; control
/// characters shown as symbols.
fn code_span(text: &str) -> String {
    crate::study::rst::code_span(&sanitize_line(text))
}

/// A document as Markdown; an rST one in a Sphinx tree (a `conf.py` in
/// its folder or one above) with `:doc:` references from the tree's root.
fn document_markdown(snap: &Snapshot, path: &RepoPath, text: &str) -> String {
    let name = path.to_string_lossy();
    let lower = name.to_ascii_lowercase();
    let rst = lower.ends_with(".rst")
        || lower.ends_with(".rest")
        || (lower.ends_with(".txt") && crate::study::rst::looks_like_rst(text));
    if !rst {
        return as_markdown(&name, text);
    }
    let mut dir = path.parent();
    let mut up = String::new();
    let root = loop {
        let has_conf = snap
            .list_dir((!dir.is_root()).then_some(&dir))
            .unwrap_or_default()
            .iter()
            .any(|e| e.kind == EntryKind::File && e.path.file_name() == b"conf.py");
        if has_conf {
            break Some(up);
        }
        if dir.is_root() {
            break None;
        }
        dir = dir.parent();
        up.push_str("../");
    };
    crate::study::rst::to_markdown_in(text, root.as_deref())
}

/// A document of the repository rendered (Markdown, reStructuredText,
/// text), or a folder listed, for Enter on a link; its relative links
/// are read from its folder. A symbolic link is not followed.
pub fn document(snap: &Snapshot, path: &str) -> Result<View, String> {
    let trimmed = path.trim_end_matches('/');
    let shown = sanitize_line(trimmed).into_owned();
    let repo_path = RepoPath::parse(trimmed).map_err(|e| format!("cannot open {shown}: {e}"))?;
    // A Sphinx `:doc:` reference names a document without its suffix.
    let found = std::iter::once(repo_path).chain(
        [".txt", ".rst", ".md"]
            .iter()
            .filter_map(|suffix| RepoPath::parse(&format!("{trimmed}{suffix}")).ok()),
    );
    let (repo_path, content) = found
        .filter_map(|p| snap.read(&p, super::SHOW_CAP).ok().map(|c| (p, c)))
        .next()
        .ok_or_else(|| format!("{shown} is not in this clone: the link leads nowhere"))?;
    let shown = sanitize_line(&repo_path.to_string_lossy()).into_owned();
    let trimmed = &repo_path.to_string_lossy();
    let from = repo_path.parent().to_string_lossy();
    let (markdown, links_from) = match content {
        Content::Directory => (folder_listing(snap, &repo_path), String::new()),
        Content::Text { text, .. } => (document_markdown(snap, &repo_path, &text), from),
        Content::TooLarge { .. } => match read_text_cut(snap, &repo_path) {
            Some((text, note)) => {
                let note = note.map(|n| format!("> {n}\n\n")).unwrap_or_default();
                (
                    format!("{note}{}", document_markdown(snap, &repo_path, &text)),
                    from,
                )
            }
            None => (
                format!("{} is not text; it is not shown.\n", code_span(trimmed)),
                from,
            ),
        },
        Content::Binary { size } => (
            format!(
                "{} is not text ({}); it is not shown.\n",
                code_span(trimmed),
                crate::text::size(size)
            ),
            from,
        ),
        Content::Symlink { target } => (
            format!(
                "{} is a symbolic link to {}: codestudy does not follow links from a clone. Open the file it names from the explorer.\n",
                code_span(trimmed),
                code_span(&target)
            ),
            from,
        ),
        Content::Submodule { commit } => (
            format!(
                "{} is a submodule (commit {commit}): its files are not in this clone.\n",
                code_span(trimmed)
            ),
            from,
        ),
    };
    Ok(View::Document {
        title: shown,
        markdown,
        links_from: Some(links_from),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_readme_shown_is_readme_with_one_extension_markdown_first() {
        let pick = |names: &[&str]| {
            names
                .iter()
                .min_by_key(|n| super::readme_rank(n))
                .map(|n| n.to_string())
        };
        assert_eq!(
            pick(&["README.dialects.rst", "README.rst", "README.unittests.rst"]).as_deref(),
            Some("README.rst")
        );
        assert_eq!(
            pick(&["README.rst", "README.md"]).as_deref(),
            Some("README.md")
        );
        assert_eq!(
            pick(&["readme.txt", "README.rst"]).as_deref(),
            Some("README.rst")
        );
        assert_eq!(
            pick(&["README-dev.md", "README"]).as_deref(),
            Some("README")
        );
    }
}
