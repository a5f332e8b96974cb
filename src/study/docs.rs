//! What steps 1 and 3 show, built as Markdown from the clone (read from
//! the object database, like everything else): the README and the docs
//! tree; the community files (issue and pull-request templates,
//! contributing guide, security policy, code of conduct) and where the live
//! issues and pull requests are.

use crate::catalog::Repo;
use crate::repo::{Content, Entry, EntryKind, RepoPath, Snapshot};

/// Text files up to this size are shown whole.
const SHOW_CAP: u64 = 512 * 1024;

fn read_text(snap: &Snapshot, path: &RepoPath) -> Option<String> {
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
        let fence = if text.contains("```") { "~~~~" } else { "```" };
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

/// Step 2: the test folders, and for each key file the tests that
/// exercise it.
pub fn tests_view(snap: &Snapshot, repo: &Repo) -> String {
    use super::tests_map::{is_test_file, test_dirs, tests_for};
    let all = snap.list_all(false).unwrap_or_default();
    let files: Vec<String> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.path.to_string_lossy())
        .collect();
    let mut out = format!("# The tests of {}\n\n## Test folders\n\n", repo.id);
    let dirs = test_dirs(&files);
    if dirs.is_empty() {
        out.push_str("No folder named test, tests or testing.\n");
    }
    for (d, n) in &dirs {
        out.push_str(&format!("- `{d}/` ({n} test files)\n"));
    }
    let tests: Vec<(String, String)> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File && is_test_file(&e.path.to_string_lossy()))
        .filter_map(|e| read_text(snap, &e.path).map(|t| (e.path.to_string_lossy(), t)))
        .collect();
    let index = crate::repo::PathIndex::new(&all);
    out.push_str("\n## Tests of each key file\n");
    for key in &repo.key_files {
        let resolved = match crate::repo::resolve_key_file(key, &index) {
            crate::repo::Resolution::Found { .. } => key.trim_end_matches('/').to_string(),
            crate::repo::Resolution::Moved { to, .. } => to,
            crate::repo::Resolution::Missing { .. } => {
                out.push_str(&format!("\n### {key}\n\nNot in this clone.\n"));
                continue;
            }
        };
        out.push_str(&format!("\n### {resolved}\n\n"));
        let found = tests_for(&resolved, &tests);
        if found.is_empty() {
            out.push_str("No test file imports it or is named after it.\n");
        }
        for (i, t) in found.iter().take(10).enumerate() {
            out.push_str(&format!(
                "{}. `{}`: {}\n",
                i + 1,
                t.path,
                t.reasons.join(", ")
            ));
        }
        if found.len() > 10 {
            out.push_str(&format!("\nand {} more.\n", found.len() - 10));
        }
    }
    out.push_str("\nOpen any of them in the explorer: `/` finds a file by name.\n");
    out
}

/// Step 4: the key files, with how much of each has been read.
pub fn modules_view(
    snap: &Snapshot,
    repo: &Repo,
    progress: Option<&super::RepoProgress>,
) -> String {
    use std::sync::atomic::AtomicBool;
    let all = snap.list_all(false).unwrap_or_default();
    let index = crate::repo::PathIndex::new(&all);
    let never = AtomicBool::new(false);
    let count = |path: &str| -> Option<(usize, usize)> {
        let rp = RepoPath::parse(path).ok()?;
        let lang = crate::outline::Lang::from_path(path)?;
        let blob = snap
            .read_blob(&rp, crate::outline::DEFAULT_SIZE_CAP as u64)
            .ok()?
            .ok()?;
        let outline = crate::outline::outline(
            Some(lang),
            &blob.bytes,
            crate::outline::DEFAULT_SIZE_CAP,
            &never,
        )
        .ok()?;
        let symbols = outline.flatten();
        let read = symbols
            .iter()
            .filter(|(parents, s)| {
                let mut dotted = parents.join(".");
                if !dotted.is_empty() {
                    dotted.push('.');
                }
                dotted.push_str(&s.name);
                progress.is_some_and(|p| p.is_read(path, &dotted))
            })
            .count();
        Some((read, symbols.len()))
    };
    let mut out = format!(
        "# One module at a time: {}\n\nRead a key file in the explorer (Enter on it in the Key files group); in its outline, `m` marks a symbol read. Here is how far each has been read:\n",
        repo.id
    );
    for key in &repo.key_files {
        let (path, kind) = match crate::repo::resolve_key_file(key, &index) {
            crate::repo::Resolution::Found { kind } => {
                (key.trim_end_matches('/').to_string(), kind)
            }
            crate::repo::Resolution::Moved { to, kind } => (to, kind),
            crate::repo::Resolution::Missing { .. } => {
                out.push_str(&format!("\n- `{key}`: not in this clone\n"));
                continue;
            }
        };
        if kind != EntryKind::Directory {
            match count(&path) {
                Some((read, total)) => {
                    out.push_str(&format!("\n- `{path}`: {read}/{total} read\n"))
                }
                None => out.push_str(&format!("\n- `{path}`: no outline\n")),
            }
            continue;
        }
        let prefix = format!("{path}/");
        let files: Vec<String> = all
            .iter()
            .map(|e| e.path.to_string_lossy())
            .filter(|p| p.starts_with(&prefix) && crate::outline::Lang::from_path(p).is_some())
            .collect();
        out.push_str(&format!("\n- `{path}/`: {} files\n", files.len()));
        for f in files.iter().take(50) {
            if let Some((read, total)) = count(f) {
                out.push_str(&format!(
                    "  - `{}`: {read}/{total} read\n",
                    &f[prefix.len()..]
                ));
            }
        }
        if files.len() > 50 {
            out.push_str(&format!("  - and {} more\n", files.len() - 50));
        }
    }
    out
}

/// Step 6: the history, newest first, with each commit's changes.
pub fn history_view(snap: &Snapshot, repo: &Repo) -> String {
    const SHOWN: usize = 100;
    let mut out = format!("# The history of {}\n\n", repo.id);
    let page = match snap.history(None, 0, SHOWN) {
        Ok(p) => p,
        Err(e) => return format!("{out}Could not read the history: {e}\n"),
    };
    if snap.is_shallow() {
        out.push_str(&format!(
            "This clone is shallow ({}): only its latest commits are here. Press `d` to fetch 500 more, or `D` for the whole history (in the background).\n",
            snap.depth()
        ));
    }
    for c in &page.commits {
        let id = c.id.to_string();
        let date = super::format_date(c.time + i64::from(c.offset_minutes) * 60);
        out.push_str(&format!(
            "\n## `{}` {}\n\n{} <{}>, {date}\n\n",
            &id[..10],
            c.summary,
            c.author,
            c.email
        ));
        match snap.commit_changes(c.id) {
            Ok(Some(files)) => {
                let (a, r): (usize, usize) = files
                    .iter()
                    .fold((0, 0), |acc, f| (acc.0 + f.added, acc.1 + f.removed));
                out.push_str(&format!("{} files changed, +{a} -{r}\n\n", files.len()));
                for f in files.iter().take(30) {
                    out.push_str(&format!("- `{}` +{} -{}\n", f.path, f.added, f.removed));
                }
                if files.len() > 30 {
                    out.push_str(&format!("- and {} more\n", files.len() - 30));
                }
            }
            Ok(None) => {
                out.push_str("(the clone starts here: what this commit changed is not in it)\n")
            }
            Err(e) => out.push_str(&format!("({e})\n")),
        }
    }
    if page.has_more {
        out.push_str(&format!(
            "\nOlder commits follow; the {SHOWN} latest are shown.\n"
        ));
    }
    out
}
