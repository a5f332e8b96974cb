//! Step 3: how the community contributes: the community files of the clone
//! (issue and pull-request templates, contributing guide, security policy,
//! code of conduct) as Markdown, and where the live issues and pull
//! requests are.

use crate::catalog::Repo;
use crate::repo::{EntryKind, RepoPath, Snapshot};

use super::{StepInfo, StepKind, as_markdown, name_of, read_text};
use crate::study::progress::RepoProgress;
use crate::study::views::View;

pub(super) static STEP: StepInfo = StepInfo {
    title: "Issues and pull requests",
    hint: "templates, guides",
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
        title: StepKind::Community.title(&repo.id),
        markdown: markdown(snap, repo),
        links_from: None,
    }
}

/// The community files of a clone, in the order a contributor meets them.
pub fn files(snap: &Snapshot) -> Vec<RepoPath> {
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

/// Where the live pages are, then each community file.
pub fn markdown(snap: &Snapshot, repo: &Repo) -> String {
    let base = repo.url.trim_end_matches('/');
    let mut out = format!(
        "# How {} works with contributors\n\nThe live pages (not opened by codestudy; copy them into a browser):\n\n- Issues: {base}/issues\n- Pull requests: {base}/pulls\n",
        repo.id
    );
    let files = files(snap);
    if files.is_empty() {
        out.push_str("\nThis clone has no issue templates, pull-request template, contributing guide, security policy or code of conduct.\n");
    }
    for path in files {
        let shown = path.to_string_lossy();
        out.push_str(&format!("\n---\n\n## {shown}\n\n"));
        let lower = shown.to_ascii_lowercase();
        let form = lower.starts_with(".github/issue_template/")
            && (lower.ends_with(".yml") || lower.ends_with(".yaml"));
        match read_text(snap, &path) {
            Some(text) if form => out.push_str(&forms::to_markdown(&shown, &text)),
            Some(text) => out.push_str(&as_markdown(&shown, &text)),
            None => out.push_str("(not a text file, or too large to show)\n"),
        }
    }
    out
}

mod forms;
