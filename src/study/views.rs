//! The study views that are lists, where each entry opens something: the
//! tests of the key files (step 2), the key modules with how much of each
//! has been read (step 4), the history of the repository or of one path
//! (step 6), a commit's files, and a file's diff. Built from the clone's
//! object database; nothing is checked out or run.

use crate::catalog::Repo;
use crate::repo::{EntryKind, RepoPath, Snapshot};

use super::docs::read_text;

/// What an entry opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the repository, in the explorer.
    File { path: String },
    /// A commit: its message and the files it changed.
    Commit { id: String },
    /// One file's diff in a commit.
    Diff { commit: String, path: String },
    /// History, newest first, from the `skip`th matching commit; `path`
    /// none for the whole repository.
    History { path: Option<String>, skip: usize },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemStyle {
    Heading,
    Plain,
    /// A remark, not something to open.
    Dim,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListItem {
    pub text: String,
    /// Shown after the text, dimmed (reasons, counts, author and date).
    pub detail: String,
    pub style: ItemStyle,
    pub target: Option<Target>,
}

impl ListItem {
    fn heading(text: impl Into<String>) -> ListItem {
        ListItem {
            text: text.into(),
            detail: String::new(),
            style: ItemStyle::Heading,
            target: None,
        }
    }

    fn dim(text: impl Into<String>) -> ListItem {
        ListItem {
            text: text.into(),
            detail: String::new(),
            style: ItemStyle::Dim,
            target: None,
        }
    }

    fn open(text: impl Into<String>, detail: impl Into<String>, target: Target) -> ListItem {
        ListItem {
            text: text.into(),
            detail: detail.into(),
            style: ItemStyle::Plain,
            target: Some(target),
        }
    }
}

/// A list to pick from, with a few lines of introduction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    pub title: String,
    pub intro: Vec<String>,
    pub items: Vec<ListItem>,
    /// A history of a shallow clone: `d` / `D` fetch more.
    pub deepen: bool,
}

/// What a study view is: Markdown to read, or a list to open things from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View {
    Document { title: String, markdown: String },
    List(ListView),
}

/// Commits per page of history.
pub const HISTORY_PAGE: usize = 200;
/// Lines of a diff shown at most.
pub const DIFF_LINES: usize = 5000;

/// Step 2: the test folders, and for each key file the tests that
/// exercise it, ranked, each openable.
pub fn tests_list(snap: &Snapshot, repo: &Repo) -> ListView {
    use super::tests_map::{is_test_file, test_dirs, tests_for};
    let all = snap.list_all(false).unwrap_or_default();
    let files: Vec<String> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.path.to_string_lossy())
        .collect();
    let dirs = test_dirs(&files);
    let intro = if dirs.is_empty() {
        vec!["No folder named test, tests or testing.".to_string()]
    } else {
        let shown: Vec<String> = dirs
            .iter()
            .map(|(d, n)| format!("{d}/ ({n} test files)"))
            .collect();
        vec![format!("Test folders: {}", shown.join(", "))]
    };
    let tests: Vec<(String, String)> = all
        .iter()
        .filter(|e| e.kind == EntryKind::File && is_test_file(&e.path.to_string_lossy()))
        .filter_map(|e| read_text(snap, &e.path).map(|t| (e.path.to_string_lossy(), t)))
        .collect();
    let index = crate::repo::PathIndex::new(&all);
    let mut items = Vec::new();
    for key in &repo.key_files {
        let Some((resolved, _)) = crate::repo::resolve_key_file(key, &index).located(key) else {
            items.push(ListItem::heading(key.clone()));
            items.push(ListItem::dim("not in this clone"));
            continue;
        };
        items.push(ListItem::heading(resolved.clone()));
        let found = tests_for(&resolved, &tests);
        if found.is_empty() {
            items.push(ListItem::dim(
                "no test file imports it or is named after it",
            ));
        }
        for t in found.iter().take(10) {
            items.push(ListItem::open(
                t.path.clone(),
                t.reasons.join(", "),
                Target::File {
                    path: t.path.clone(),
                },
            ));
        }
        if found.len() > 10 {
            items.push(ListItem::dim(format!("and {} more", found.len() - 10)));
        }
    }
    ListView {
        title: format!("2. Tests: {}", repo.id),
        intro,
        items,
        deepen: false,
    }
}

/// Step 4: the key files (and the files of key directories), with how
/// many of their symbols have been read; each opens in the explorer.
pub fn modules_list(
    snap: &Snapshot,
    repo: &Repo,
    progress: Option<&super::RepoProgress>,
) -> ListView {
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
    let counted = |path: String| -> ListItem {
        let detail = match count(&path) {
            Some((read, total)) => format!("{read}/{total} read"),
            None => "no outline".into(),
        };
        ListItem::open(path.clone(), detail, Target::File { path })
    };
    let mut items = Vec::new();
    for key in &repo.key_files {
        let Some((path, kind)) = crate::repo::resolve_key_file(key, &index).located(key) else {
            items.push(ListItem::dim(format!("{key}: not in this clone")));
            continue;
        };
        if kind != EntryKind::Directory {
            items.push(counted(path));
            continue;
        }
        let prefix = format!("{path}/");
        let files: Vec<String> = all
            .iter()
            .map(|e| e.path.to_string_lossy())
            .filter(|p| p.starts_with(&prefix) && crate::outline::Lang::from_path(p).is_some())
            .collect();
        items.push(ListItem::heading(format!(
            "{prefix} ({} files)",
            files.len()
        )));
        for f in files.iter().take(50) {
            items.push(counted(f.clone()));
        }
        if files.len() > 50 {
            items.push(ListItem::dim(format!("and {} more", files.len() - 50)));
        }
    }
    ListView {
        title: format!("4. One module at a time: {}", repo.id),
        intro: vec![
            "Read one key file at a time: Enter opens it in the explorer, where m marks the outline's symbol read.".into(),
        ],
        items,
        deepen: false,
    }
}

/// A page of history, newest first, of the repository or of one file or
/// directory. On a shallow clone it says so and offers `d` / `D`.
pub fn history_list(snap: &Snapshot, repo_id: &str, path: Option<&str>, skip: usize) -> ListView {
    let what = path.unwrap_or(repo_id);
    let mut view = ListView {
        title: format!("History: {what}"),
        intro: Vec::new(),
        items: Vec::new(),
        deepen: snap.is_shallow(),
    };
    if snap.is_shallow() {
        view.intro.push(format!(
            "This clone is shallow ({}): only its latest commits are here. d fetches 500 more, D the whole history (in the background).",
            snap.depth()
        ));
    }
    let rp = match path.map(RepoPath::parse).transpose() {
        Ok(p) => p,
        Err(e) => {
            view.items.push(ListItem::dim(e.to_string()));
            return view;
        }
    };
    let page = match snap.history(rp.as_ref(), skip, HISTORY_PAGE) {
        Ok(p) => p,
        Err(e) => {
            view.items
                .push(ListItem::dim(format!("could not read the history: {e}")));
            return view;
        }
    };
    if page.commits.is_empty() && skip == 0 {
        view.items.push(ListItem::dim(match path {
            Some(_) => "no commit in this clone changed it",
            None => "no commits",
        }));
    }
    for c in &page.commits {
        let id = c.id.to_string();
        let date = super::format_date(c.time.saturating_add(i64::from(c.offset_minutes) * 60));
        view.items.push(ListItem::open(
            format!("{} {}", &id[..10], c.summary),
            format!("{}, {date}", c.author),
            Target::Commit { id },
        ));
    }
    if page.has_more {
        view.items.push(ListItem::open(
            "older commits…",
            format!("the next {HISTORY_PAGE}"),
            Target::History {
                path: path.map(str::to_string),
                skip: skip + page.commits.len(),
            },
        ));
    }
    if page.truncated {
        view.items.push(ListItem::dim(
            "the clone starts here: older commits are not in it",
        ));
    }
    view
}

/// A commit: author, date and message, then the files it changed with
/// lines added and removed; each opens its diff.
pub fn commit_list(snap: &Snapshot, id: &str) -> Result<ListView, String> {
    let oid = crate::repo::parse_commit_id(id).map_err(|e| e.to_string())?;
    let (info, message) = snap.commit_message(oid).map_err(|e| e.to_string())?;
    let date = super::format_date(
        info.time
            .saturating_add(i64::from(info.offset_minutes) * 60),
    );
    let mut intro = vec![
        format!("{} <{}>, {date}", info.author, info.email),
        String::new(),
    ];
    intro.extend(message.trim_end().lines().map(str::to_string));
    let mut items = Vec::new();
    match snap.commit_changes(oid).map_err(|e| e.to_string())? {
        Some(files) => {
            let (a, r) = files
                .iter()
                .fold((0, 0), |acc, f| (acc.0 + f.added, acc.1 + f.removed));
            items.push(ListItem::heading(format!(
                "{} files changed, +{a} -{r}",
                files.len()
            )));
            for f in files {
                items.push(ListItem::open(
                    f.path.clone(),
                    if f.too_large {
                        "too large to count".to_string()
                    } else {
                        format!("+{} -{}", f.added, f.removed)
                    },
                    Target::Diff {
                        commit: id.to_string(),
                        path: f.path,
                    },
                ));
            }
        }
        None => items.push(ListItem::dim(
            "the clone starts here: what this commit changed is not in it (d in the history fetches more)",
        )),
    }
    Ok(ListView {
        title: format!("Commit {}: {}", &id[..id.len().min(10)], info.summary),
        intro,
        items,
        deepen: false,
    })
}

/// One file's diff in a commit, as Markdown (a `diff` block, colored).
pub fn diff_document(snap: &Snapshot, id: &str, path: &str) -> Result<View, String> {
    let oid = crate::repo::parse_commit_id(id).map_err(|e| e.to_string())?;
    let short = &id[..id.len().min(10)];
    let markdown = match snap
        .file_diff(oid, path, DIFF_LINES)
        .map_err(|e| e.to_string())?
    {
        None => {
            "The clone starts at this commit: its parent is not here, so its diff is unknown.\n"
                .to_string()
        }
        Some((lines, cut)) => {
            let body = lines.join("\n");
            let fence = fence_for(&body);
            let mut md = format!("{fence}diff\n{body}\n{fence}\n");
            if cut {
                md.push_str(&format!("\nCut after {DIFF_LINES} lines.\n"));
            }
            md
        }
    };
    Ok(View::Document {
        title: format!("{path} in {short}"),
        markdown,
    })
}

/// A code fence longer than any run of backticks in `text`, so that no
/// line of it can end the block.
pub fn fence_for(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    "`".repeat((longest + 1).max(3))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_fence_outruns_any_backticks_in_the_text() {
        assert_eq!(super::fence_for("plain"), "```");
        assert_eq!(super::fence_for("a ``` b"), "````");
        assert_eq!(super::fence_for("`````"), "``````");
    }
}
