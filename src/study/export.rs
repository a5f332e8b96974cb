//! A repository's progress, symbols read and notes as one Markdown
//! document (`codestudy export`).

use super::progress::{RepoProgress, StepState};

/// The repository's notes and progress as Markdown.
pub fn export_markdown(
    repo: &crate::catalog::Repo,
    steps: &[crate::catalog::Step],
    progress: Option<&RepoProgress>,
) -> String {
    let mut out = format!(
        "# Study notes: {}\n\n{}\n\n## Progress\n\n",
        repo.id, repo.url
    );
    for (i, step) in steps.iter().enumerate() {
        let n = (i + 1) as u8;
        let (state, date) = progress.map_or((StepState::Todo, None), |p| (p.step(n), p.done_on(n)));
        let mark = if state == StepState::Done { "x" } else { " " };
        let when = date.map(|d| format!(" (done {d})")).unwrap_or_default();
        let extra = if state == StepState::InProgress {
            " (in progress)"
        } else {
            ""
        };
        out.push_str(&format!("- [{mark}] {n}. {}{when}{extra}\n", step.title));
    }
    if let Some(p) = progress {
        if !p.read.is_empty() {
            out.push_str("\n## Symbols read\n\n");
            for r in &p.read {
                out.push_str(&format!(
                    "- `{}`: {}\n",
                    r.path,
                    r.symbols
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if !p.notes.is_empty() {
            out.push_str("\n## Notes\n");
            for note in &p.notes {
                out.push_str(&format!(
                    "\n### {}\n\n_{}_\n\n{}\n",
                    note.target.describe(),
                    note.updated,
                    note.text.trim_end()
                ));
            }
        }
    }
    out
}
