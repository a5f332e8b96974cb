//! Step 4: one module at a time. The key files (and the files of key
//! directories), with how many of their symbols have been read; each opens
//! in the explorer.

use std::sync::atomic::AtomicBool;

use crate::catalog::Repo;
use crate::outline::{self, Lang};
use crate::repo::{EntryKind, PathIndex, RepoPath, Snapshot, resolve_key_file};

use super::{StepInfo, StepKind};
use crate::study::progress::RepoProgress;
use crate::study::views::{ListItem, ListView, Target, View};

pub(super) static STEP: StepInfo = StepInfo {
    title: "One module at a time",
    hint: "key modules",
    keys: &[],
    view,
};

fn view(snap: &Snapshot, repo: &Repo, progress: Option<&RepoProgress>) -> View {
    View::List(list(snap, repo, progress))
}

/// The key files with their read counts.
pub fn list(snap: &Snapshot, repo: &Repo, progress: Option<&RepoProgress>) -> ListView {
    let all = snap.list_all(false).unwrap_or_default();
    let index = PathIndex::new(&all);
    let never = AtomicBool::new(false);
    let count = |path: &str| -> Option<(usize, usize)> {
        let rp = RepoPath::parse(path).ok()?;
        let lang = Lang::from_path(path)?;
        let blob = snap
            .read_blob(&rp, outline::DEFAULT_SIZE_CAP as u64)
            .ok()?
            .ok()?;
        let outline =
            outline::outline(Some(lang), &blob.bytes, outline::DEFAULT_SIZE_CAP, &never).ok()?;
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
        let Some((path, kind)) = resolve_key_file(key, &index).located(key) else {
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
            .filter(|p| p.starts_with(&prefix) && Lang::from_path(p).is_some())
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
        title: StepKind::Modules.title(&repo.id),
        intro: vec![
            "Read one key file at a time: Enter opens it in the explorer, where m marks the outline's symbol read.".into(),
        ],
        items,
        deepen: false,
    }
}
