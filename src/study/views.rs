//! What a study view is (Markdown to read, or a list where each entry opens
//! something), and the views every list can open: the history of the
//! repository or of one path, a commit's files, and a file's diff. Built
//! from the clone's object database; nothing is checked out or run. The
//! steps' own views are in `steps/`.

use crate::repo::{RepoPath, Snapshot, parse_commit_id};

use super::dates::format_date;
use super::markdown::fence_for;

/// What an entry opens; in `codestudy step --json` an entry's `opens`,
/// tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// A file of the repository, in the explorer.
    File { path: String },
    /// A file of the repository, in the explorer at a line (from 1): a
    /// symbol to read next.
    FileAt { path: String, line: u32 },
    /// A commit: its message and the files it changed.
    Commit { id: String },
    /// One file's diff in a commit.
    Diff { commit: String, path: String },
    /// A document of the repository (Markdown, reStructuredText, text),
    /// rendered, or a folder's documents listed.
    Document { path: String },
    /// Step 2's list with every test of the key file `path` shown.
    TestsOf { path: String },
    /// The commits that changed one symbol (a dotted name) of a file.
    SymbolHistory { path: String, symbol: String },
    /// One symbol's diff in a commit (`path` the file's name there).
    SymbolDiff {
        commit: String,
        path: String,
        symbol: String,
    },
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
    pub fn heading(text: impl Into<String>) -> ListItem {
        ListItem {
            text: text.into(),
            detail: String::new(),
            style: ItemStyle::Heading,
            target: None,
        }
    }

    pub fn dim(text: impl Into<String>) -> ListItem {
        ListItem {
            text: text.into(),
            detail: String::new(),
            style: ItemStyle::Dim,
            target: None,
        }
    }

    pub fn open(text: impl Into<String>, detail: impl Into<String>, target: Target) -> ListItem {
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
    /// Markdown to read; `links_from` is the repository folder its
    /// relative links are read from (`""` the root), `None` when they
    /// open nothing (a commit message, a diff).
    Document {
        title: String,
        markdown: String,
        links_from: Option<String>,
    },
    List(ListView),
}

/// Commits per page of history.
pub const HISTORY_PAGE: usize = 200;
/// Bytes and lines of a commit message shown at most; a marker says what
/// was cut.
pub const MESSAGE_CAP: usize = 64 * 1024;
pub const MESSAGE_LINES: usize = 2000;
/// Bytes of a commit's author name and of its email shown at most.
pub const AUTHOR_SHOWN: usize = 80;
/// Lines of a diff shown at most.
pub const DIFF_LINES: usize = 5000;

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
    let page = match snap.history_entries(rp.as_ref(), skip, HISTORY_PAGE) {
        Ok(p) => p,
        Err(e) => {
            view.items
                .push(ListItem::dim(format!("could not read the history: {e}")));
            return view;
        }
    };
    if page.entries.is_empty() && skip == 0 {
        view.items.push(ListItem::dim(match path {
            Some(_) => "no commit in this clone changed it",
            None => "no commits",
        }));
    }
    for e in &page.entries {
        let c = &e.info;
        let id = c.id.to_string();
        let date = format_date(c.time.saturating_add(i64::from(c.offset_minutes) * 60));
        let mut detail = format!("{}, {date}", c.author);
        // Before a rename, the name the file had there.
        if let (Some(was), Some(asked)) = (&e.path, path)
            && was != asked
        {
            detail.push_str(&format!(" · as {was}"));
        }
        view.items.push(ListItem::open(
            format!("{} {}", &id[..10], c.summary),
            detail,
            Target::Commit { id },
        ));
    }
    if page.has_more {
        view.items.push(ListItem::open(
            "older commits…",
            format!("the next {HISTORY_PAGE}"),
            Target::History {
                path: path.map(str::to_string),
                skip: skip + page.entries.len(),
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

/// The commits that changed the symbol `symbol` of `path`, newest first
/// (see [`Snapshot::symbol_log`]); each opens the diff of the symbol.
pub fn symbol_history_list(snap: &Snapshot, path: &str, symbol: &str) -> ListView {
    let mut view = ListView {
        title: format!("History: {symbol} in {path}"),
        intro: vec![
            "The commits that changed it: each version of the file outlined (renames followed), and a commit listed when the symbol's text differs from its parent's. Enter shows its diff.".into(),
        ],
        items: Vec::new(),
        deepen: snap.is_shallow(),
    };
    let rp = match RepoPath::parse(path) {
        Ok(p) => p,
        Err(e) => {
            view.items.push(ListItem::dim(e.to_string()));
            return view;
        }
    };
    let log = match snap.symbol_log(&rp, symbol, HISTORY_PAGE) {
        Ok(l) => l,
        Err(e) => {
            view.items
                .push(ListItem::dim(format!("could not read the history: {e}")));
            return view;
        }
    };
    if log.entries.is_empty() {
        view.items
            .push(ListItem::dim("no commit in this clone changed it"));
    }
    for e in &log.entries {
        let id = e.info.id.to_string();
        let date = format_date(
            e.info
                .time
                .saturating_add(i64::from(e.info.offset_minutes) * 60),
        );
        let mut detail = format!("{}, {date}", e.info.author);
        match e.lines {
            Some((a, b)) => detail.push_str(&format!(" · lines {a}-{b}")),
            None => detail.push_str(" · removed it"),
        }
        if e.path != path {
            detail.push_str(&format!(" · in {}", e.path));
        }
        view.items.push(ListItem::open(
            format!("{} {}", &id[..10], e.info.summary),
            detail,
            Target::SymbolDiff {
                commit: id,
                path: e.path.clone(),
                symbol: symbol.to_string(),
            },
        ));
    }
    if log.entries.len() >= HISTORY_PAGE {
        view.items.push(ListItem::dim(format!(
            "only the newest {HISTORY_PAGE} are listed"
        )));
    }
    if log.truncated {
        view.items.push(ListItem::dim(
            "the clone starts here: older commits are not in it",
        ));
    }
    view
}

/// The diff of one symbol in a commit.
pub fn symbol_diff_document(
    snap: &Snapshot,
    id: &str,
    path: &str,
    symbol: &str,
) -> Result<View, String> {
    let oid = parse_commit_id(id).map_err(|e| e.to_string())?;
    let rp = RepoPath::parse(path).map_err(|e| e.to_string())?;
    let short = &id[..id.len().min(10)];
    let lines = snap
        .symbol_diff(oid, &rp, symbol, DIFF_LINES)
        .map_err(|e| e.to_string())?;
    let markdown = if lines.is_empty() {
        "Its text is the same as in the parent commit.\n".to_string()
    } else {
        let body = lines.join("\n");
        let fence = fence_for(&body);
        format!("{fence}diff\n{body}\n{fence}\n")
    };
    Ok(View::Document {
        title: format!("{symbol} in {path} at {short}"),
        markdown,
        links_from: None,
    })
}

/// A commit: author, date and message, then the files it changed with
/// lines added and removed; each opens its diff.
pub fn commit_list(snap: &Snapshot, id: &str) -> Result<ListView, String> {
    let oid = parse_commit_id(id).map_err(|e| e.to_string())?;
    let (info, message) = snap.commit_message(oid).map_err(|e| e.to_string())?;
    let date = format_date(
        info.time
            .saturating_add(i64::from(info.offset_minutes) * 60),
    );
    // A long message is cut here, in the job, and says so on its second
    // line, where it is seen even when the box shows a few lines of it.
    let message = message.trim_end();
    let shown = crate::text::head_bytes(message, MESSAGE_CAP);
    // The author line is one line or two, however long the name.
    let mut intro = vec![format!(
        "{} <{}>, {date}",
        crate::text::cap_field(info.author, AUTHOR_SHOWN),
        crate::text::cap_field(info.email, AUTHOR_SHOWN)
    )];
    if shown.len() < message.len() {
        intro.push(format!(
            "… (message cut at {} of {})",
            crate::text::size(MESSAGE_CAP as u64),
            crate::text::size(message.len() as u64)
        ));
    } else if shown.lines().nth(MESSAGE_LINES).is_some() {
        intro.push(format!(
            "… (message cut at {MESSAGE_LINES} of {} lines)",
            shown.lines().count()
        ));
    }
    intro.push(String::new());
    intro.extend(shown.lines().take(MESSAGE_LINES).map(str::to_string));
    let mut items = Vec::new();
    match snap.commit_changes(oid).map_err(|e| e.to_string())? {
        Some(files) => {
            let (a, r) = files
                .iter()
                .fold((0, 0), |acc, f| (acc.0 + f.added, acc.1 + f.removed));
            items.push(ListItem::heading(format!(
                "{} {} changed, +{a} -{r}",
                files.len(),
                if files.len() == 1 { "file" } else { "files" }
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
    let oid = parse_commit_id(id).map_err(|e| e.to_string())?;
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
        links_from: None,
    })
}
