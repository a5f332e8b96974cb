//! A repository's progress, symbols read and notes as one Markdown
//! document (`codestudy notes export`).
//!
//! The document holds text from the repository (file and symbol names) and
//! from the progress file, and is printed to terminals or written to files
//! that get printed later: every field goes through the sanitizer, so no
//! control character reaches the output as it is, and names are code spans
//! that their own backticks cannot end.

use super::progress::{NoteTarget, RepoProgress, StepState};
use crate::sanitize::{sanitize_line, sanitize_text};

/// The repository's notes and progress as Markdown.
pub fn export_markdown(
    repo: &crate::catalog::Repo,
    steps: &[crate::catalog::Step],
    progress: Option<&RepoProgress>,
) -> String {
    let mut out = format!(
        "# Study notes: {}\n\n{}\n\n## Progress\n\n",
        sanitize_line(&repo.id),
        sanitize_line(&repo.url)
    );
    for (i, step) in steps.iter().enumerate() {
        let n = (i + 1) as u8;
        let (state, date) = progress.map_or((StepState::Todo, None), |p| (p.step(n), p.done_on(n)));
        let mark = if state == StepState::Done { "x" } else { " " };
        let when = date
            .map(|d| format!(" (done {})", sanitize_line(d)))
            .unwrap_or_default();
        let extra = if state == StepState::InProgress {
            " (in progress)"
        } else {
            ""
        };
        out.push_str(&format!(
            "- [{mark}] {n}. {}{when}{extra}\n",
            sanitize_line(&step.title)
        ));
    }
    if let Some(p) = progress {
        if !p.read.is_empty() {
            out.push_str("\n## Symbols read\n\n");
            for r in &p.read {
                out.push_str(&format!(
                    "- {}: {}\n",
                    code_span(&r.path),
                    r.symbols
                        .iter()
                        .map(|s| code_span(s))
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
                    heading(&note.target),
                    sanitize_line(&note.updated),
                    sanitize_text(note.text.trim_end())
                ));
            }
        }
    }
    out
}

/// What a note is on, as a heading: `path` or `path` > `symbol`.
fn heading(target: &NoteTarget) -> String {
    match (&target.path, &target.symbol) {
        (None, _) => "the repository".into(),
        (Some(p), None) => code_span(p),
        (Some(p), Some(s)) => format!("{} > {}", code_span(p), code_span(s)),
    }
}

/// `text` as one Markdown code span, sanitized: fenced by one backtick
/// more than its longest run of them (CommonMark), padded with a space
/// where it starts or ends with a backtick or a space, which the reader
/// strips again.
fn code_span(text: &str) -> String {
    let text = sanitize_line(text);
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = text.starts_with(['`', ' ']) || text.ends_with(['`', ' ']) || text.is_empty();
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_their_own_backticks() {
        assert_eq!(code_span("app.py"), "`app.py`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x``"), "``` `x`` ```");
        assert_eq!(code_span("a\u{1b}]0;t\u{7}.py"), "`a␛]0;t␇.py`");
    }
}
