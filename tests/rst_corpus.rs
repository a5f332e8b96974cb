//! Every reStructuredText file of real projects' source distributions
//! (flask's, httpx's and rich's in CI: `.ci/run` downloads them into
//! `CODESTUDY_CONTRACT_SDISTS`; locally `/tmp/sd` when it is there) read
//! as the study's document view reads it: no rST source shows through
//! outside code blocks (a directive, a role, a literal's double
//! backquotes, a title's adornment), and every title becomes a heading.

use std::path::{Path, PathBuf};

use codestudy::study::markdown::{MdStyle, render};
use codestudy::study::rst::to_markdown;

fn sdists() -> Option<PathBuf> {
    let dir = std::env::var_os("CODESTUDY_CONTRACT_SDISTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/sd"));
    if dir.is_dir() {
        return Some(dir);
    }
    // In CI the sdists are always there: missing, the run is broken.
    assert!(
        std::env::var_os("CI").is_none(),
        "no sdists at {}: run .ci/run, which downloads them",
        dir.display()
    );
    eprintln!("no sdists at {}: skipped", dir.display());
    None
}

fn rst_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let Ok(kind) = e.file_type() else { continue };
        let path = e.path();
        if kind.is_dir() {
            rst_files(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|x| x == "rst") {
            out.push(path);
        }
    }
}

/// What shows rST source in a rendered line, if anything.
fn leak(line: &str) -> Option<&'static str> {
    let t = line.trim_start_matches(['│', ' ']);
    if t.starts_with(".. ") {
        return Some("a directive or comment");
    }
    if t.contains("``") {
        return Some("a literal's double backquotes");
    }
    let bytes = t.as_bytes();
    for (k, w) in bytes.windows(2).enumerate() {
        // `:name:` followed by a backquote: a role.
        if w == b":`" {
            let before = &t[..k];
            if let Some(open) = before.rfind(':')
                && open + 1 < before.len()
                && before[open + 1..]
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                return Some("a role");
            }
        }
    }
    if t.len() >= 4 && t.chars().all(|c| c == '=') {
        return Some("a title's adornment");
    }
    None
}

#[test]
fn real_rst_documents_read_as_text() {
    let Some(dir) = sdists() else { return };
    let mut files = Vec::new();
    rst_files(&dir, &mut files);
    files.sort();
    assert!(
        files.len() >= 10,
        "only {} .rst files under {}",
        files.len(),
        dir.display()
    );
    let mut leaks = Vec::new();
    let mut lines_seen = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let md = to_markdown(&text);
        let rendered = render(&md, 100);
        lines_seen += rendered.len();
        for line in &rendered {
            // Code blocks show what they hold, as written.
            if line.iter().any(|(_, s)| *s == MdStyle::CodeBlock) {
                continue;
            }
            let shown: String = line.iter().map(|(t, _)| t.as_str()).collect();
            if let Some(what) = leak(&shown) {
                leaks.push(format!("{}: {what}: {shown}", path.display()));
            }
        }
        // Every title is a heading: as many headings as underlined titles
        // at least (a title inside a directive's body is still one).
        let headings = rendered
            .iter()
            .filter(|l| l.iter().any(|(_, s)| matches!(s, MdStyle::Heading(_))))
            .count();
        let lines: Vec<&str> = text.lines().collect();
        let titles = lines
            .windows(3)
            .filter(|w| {
                let (title, under, after) = (w[0].trim_end(), w[1].trim_end(), w[2].trim());
                !title.is_empty()
                    && !title.starts_with(' ')
                    && under.len() >= title.len()
                    && under.len() >= 3
                    && under.chars().all(|c| c == '=' || c == '-' || c == '~')
                    && after.is_empty()
            })
            .count();
        assert!(
            headings >= titles,
            "{}: {headings} headings for {titles} titles",
            path.display()
        );
    }
    eprintln!("{} .rst files, {lines_seen} lines rendered", files.len());
    // A few constructs are beyond a reader's subset (substitutions inside
    // literals, roles split over lines): at most one line in a thousand.
    assert!(
        leaks.len() * 1000 <= lines_seen,
        "{} lines show rST source:\n{}",
        leaks.len(),
        leaks[..leaks.len().min(40)].join("\n")
    );
}
