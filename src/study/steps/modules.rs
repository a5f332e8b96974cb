//! Step 4: one module at a time. The key modules and what they import in
//! the repository, in a reading order from the import graph (without a
//! code index, the key files as the catalog lists them), each with how
//! many of its symbols have been read; each opens in the explorer at its
//! next unread symbol.

use std::sync::atomic::AtomicBool;

use crate::catalog::Repo;
use crate::intel::{ImportEdge, Index, is_test_path};
use crate::outline::{self, Lang};
use crate::repo::{EntryKind, PathIndex, RepoPath, Snapshot, resolve_key_file};

use super::{StepInfo, StepKind};
use crate::study::progress::RepoProgress;
use crate::study::views::{ListItem, ListView, Target, View};

pub(super) static STEP: StepInfo = StepInfo {
    title: "One module at a time",
    hint: "key modules",
    keys: &[],
    uses_intel: true,
    view,
};

fn view(
    snap: &Snapshot,
    repo: &Repo,
    progress: Option<&RepoProgress>,
    intel: Option<&crate::intel::Index>,
) -> View {
    View::List(match intel {
        Some(index) => reading_order(snap, repo, progress, index),
        None => list(snap, repo, progress),
    })
}

/// How much of a file has been read: its symbols read out of all, and
/// the first one not read yet (dotted name, line from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadState {
    pub read: usize,
    pub total: usize,
    pub next: Option<(String, u32)>,
}

impl ReadState {
    /// `12/52 read, next Flask.route`.
    fn detail(&self) -> String {
        match &self.next {
            Some((name, _)) => format!("{}/{} read, next {name}", self.read, self.total),
            None => format!("{}/{} read", self.read, self.total),
        }
    }
}

/// The outline of `path` at HEAD against what the progress marks read.
pub fn read_state(
    snap: &Snapshot,
    path: &str,
    progress: Option<&RepoProgress>,
) -> Option<ReadState> {
    let never = AtomicBool::new(false);
    let rp = RepoPath::parse(path).ok()?;
    let lang = Lang::from_path(path)?;
    let blob = snap
        .read_blob(&rp, outline::DEFAULT_SIZE_CAP as u64)
        .ok()?
        .ok()?;
    let outline =
        outline::outline(Some(lang), &blob.bytes, outline::DEFAULT_SIZE_CAP, &never).ok()?;
    let symbols = outline.dotted();
    let mut state = ReadState {
        read: 0,
        total: symbols.len(),
        next: None,
    };
    for (dotted, s) in symbols {
        if progress.is_some_and(|p| p.is_read(path, &dotted)) {
            state.read += 1;
        } else if state.next.is_none() {
            state.next = Some((dotted, s.line));
        }
    }
    Some(state)
}

/// An entry opening `path` at its next unread symbol (or at its top).
fn entry(path: String, state: Option<&ReadState>, why: &str) -> ListItem {
    let mut detail = state.map_or_else(|| "no outline".to_string(), ReadState::detail);
    if !why.is_empty() {
        detail.push_str(" · ");
        detail.push_str(why);
    }
    let target = match state.and_then(|s| s.next.as_ref()) {
        Some((_, line)) => Target::FileAt {
            path: path.clone(),
            line: *line,
        },
        None => Target::File { path: path.clone() },
    };
    ListItem::open(path, detail, target)
}

/// The key files with their read counts.
pub fn list(snap: &Snapshot, repo: &Repo, progress: Option<&RepoProgress>) -> ListView {
    let all = snap.list_all(false).unwrap_or_default();
    let index = PathIndex::new(&all);
    let counted = |path: String| -> ListItem {
        let state = read_state(snap, &path, progress);
        entry(path, state.as_ref(), "")
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

/// Modules in a reading order at most: the key files' own, then what they
/// import nearest first.
const ORDER_MAX: usize = 60;
/// Python files of one key directory taken into the order at most.
const DIR_MAX: usize = 50;

/// The key modules and the modules of the repository they import
/// (directly or not, nearest first, at most [`ORDER_MAX`]), in an order to
/// read them: each after the modules it imports, modules that import each
/// other together, from the code index's import graph. Key files that
/// are not Python, or not in the clone, follow.
pub fn reading_order(
    snap: &Snapshot,
    repo: &Repo,
    progress: Option<&RepoProgress>,
    index: &Index,
) -> ListView {
    let all = snap.list_all(false).unwrap_or_default();
    let paths = PathIndex::new(&all);
    let mut keys: Vec<String> = Vec::new();
    let mut others: Vec<ListItem> = Vec::new();
    for key in &repo.key_files {
        match resolve_key_file(key, &paths).located(key) {
            None => others.push(ListItem::dim(format!("{key}: not in this clone"))),
            Some((path, EntryKind::Directory)) => {
                let prefix = format!("{path}/");
                let mut files: Vec<String> = index
                    .paths()
                    .iter()
                    .filter(|p| p.starts_with(&prefix) && !is_test_path(p))
                    .map(|p| p.to_string())
                    .collect();
                files.sort();
                if files.len() > DIR_MAX {
                    others.push(ListItem::dim(format!(
                        "{prefix}: {} of its {} Python files taken, the first by name",
                        DIR_MAX,
                        files.len()
                    )));
                    files.truncate(DIR_MAX);
                }
                keys.extend(files);
            }
            Some((path, _)) if index.has(&path) => keys.push(path),
            Some((path, _)) => {
                let state = read_state(snap, &path, progress);
                others.push(entry(path, state.as_ref(), "a key file, not Python"));
            }
        }
    }
    keys.dedup();
    if keys.is_empty() {
        return list(snap, repo, progress);
    }
    // What a module needs when it loads: its top-level imports, without
    // those only a type checker runs (`if TYPE_CHECKING:`). Read for the
    // modules the key files reach only.
    let order = order_modules_by(&keys, |from| {
        let edges = index.load_time_imports_of(from);
        if edges.is_empty() {
            return Vec::new();
        }
        let blocks = RepoPath::parse(from)
            .ok()
            .and_then(|p| {
                snap.read_blob(&p, outline::DEFAULT_SIZE_CAP as u64)
                    .ok()?
                    .ok()
            })
            .map(|b| type_checking_blocks(&String::from_utf8_lossy(&b.bytes)))
            .unwrap_or_default();
        edges
            .into_iter()
            .filter(|e| !blocks.iter().any(|&(a, b)| (a..=b).contains(&e.line)))
            .map(|e| e.to)
            .collect()
    });
    let mut items = vec![ListItem::heading(format!(
        "Reading order: {} modules, each after what it imports",
        order.entries.len()
    ))];
    for e in &order.entries {
        let state = read_state(snap, &e.path, progress);
        items.push(entry(e.path.clone(), state.as_ref(), &e.why));
    }
    if order.left_out > 0 {
        items.push(ListItem::dim(format!(
            "and {} more modules the key files reach, further away, left out",
            order.left_out
        )));
    }
    if !others.is_empty() {
        items.push(ListItem::heading("Other key files"));
        items.extend(others);
    }
    ListView {
        title: StepKind::Modules.title(&repo.id),
        intro: vec![
            "Read one module at a time, in this order: each comes after the modules it imports (from the repository's import graph), modules that import each other together.".into(),
            "Enter opens a module at its next unread symbol; in the explorer, m marks a symbol read.".into(),
        ],
        items,
        deepen: false,
    }
}

/// The lines (from 1, inclusive) of each `if TYPE_CHECKING:` block (also
/// `typing.TYPE_CHECKING`, `t.TYPE_CHECKING`): imports a type checker
/// reads and the program never runs.
pub fn type_checking_blocks(text: &str) -> Vec<(u32, u32)> {
    let indent = |l: &str| l.len() - l.trim_start().len();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim_start();
        let cond = t
            .strip_prefix("if ")
            .and_then(|rest| rest.split('#').next())
            .map(str::trim)
            .and_then(|c| c.strip_suffix(':'))
            .map(str::trim);
        let is_tc = cond.is_some_and(|c| {
            c == "TYPE_CHECKING"
                || c.strip_suffix(".TYPE_CHECKING")
                    .is_some_and(|m| m.chars().all(|ch| ch.is_alphanumeric() || ch == '_'))
        });
        if !is_tc {
            i += 1;
            continue;
        }
        let at = indent(line);
        let mut end = i;
        let mut j = i + 1;
        while j < lines.len() {
            let l = lines[j];
            let body = l.trim_start();
            if !body.is_empty() && !body.starts_with('#') {
                if indent(l) <= at {
                    break;
                }
                end = j;
            }
            j += 1;
        }
        out.push((i as u32 + 1, end as u32 + 1));
        i = j;
    }
    out
}

/// One module of a reading order and why it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderEntry {
    pub path: String,
    /// "key file, imported by app.py, ctx.py", "imports each other with
    /// sessions.py", ...
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub entries: Vec<OrderEntry>,
    /// Modules the key files reach that were left out (past
    /// [`ORDER_MAX`]).
    pub left_out: usize,
}

/// The reading order of `keys` and the modules they reach along `edges`
/// (`from` imports `to`): dependencies before dependents, each strongly
/// connected group of modules together, ties broken by how many of the
/// chosen modules import it (most first), then by path. Test files are
/// never taken in unless they are keys.
pub fn order_modules(keys: &[String], edges: &[ImportEdge]) -> Order {
    let mut out_of: std::collections::HashMap<&str, Vec<String>> = Default::default();
    for e in edges {
        out_of
            .entry(e.from.as_str())
            .or_default()
            .push(e.to.clone());
    }
    order_modules_by(keys, |p| out_of.get(p).cloned().unwrap_or_default())
}

/// [`order_modules`] with the imports of a module asked of `imports_of`,
/// once for each module the keys reach and for no other.
pub fn order_modules_by(keys: &[String], mut imports_of: impl FnMut(&str) -> Vec<String>) -> Order {
    use std::collections::{HashMap, HashSet, VecDeque};
    let key_set: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let mut out_of: HashMap<String, Vec<String>> = HashMap::new();
    // Nearest first, from every key at once.
    let mut chosen: Vec<String> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = VecDeque::new();
    for k in keys {
        if seen.insert(k.clone()) {
            chosen.push(k.clone());
            queue.push_back(k.clone());
        }
    }
    let mut left_out = 0;
    while let Some(n) = queue.pop_front() {
        let mut outs = imports_of(&n);
        outs.sort_unstable();
        outs.dedup();
        for m in &outs {
            if is_test_path(m) && !key_set.contains(m.as_str()) || !seen.insert(m.clone()) {
                continue;
            }
            if chosen.len() >= ORDER_MAX.max(keys.len()) {
                left_out += 1;
            } else {
                chosen.push(m.clone());
            }
            queue.push_back(m.clone());
        }
        out_of.insert(n, outs);
    }
    let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
    let id: HashMap<&str, usize> = chosen.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let n = chosen.len();
    let adj: Vec<Vec<usize>> = chosen
        .iter()
        .map(|p| {
            out_of
                .get(*p)
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .filter_map(|m| id.get(m.as_str()).copied())
                .collect()
        })
        .collect();
    let mut importers: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (a, outs) in adj.iter().enumerate() {
        for &b in outs {
            importers[b].push(a);
        }
    }
    let comp = strongly_connected(&adj);
    let comps = comp.iter().copied().max().map_or(0, |c| c + 1);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); comps];
    for (v, &c) in comp.iter().enumerate() {
        members[c].push(v);
    }
    // A group is ready once every group it imports is placed.
    let mut waiting: Vec<usize> = vec![0; comps];
    let mut dependents: Vec<Vec<usize>> = vec![Vec::new(); comps];
    for (a, outs) in adj.iter().enumerate() {
        let mut deps: Vec<usize> = outs
            .iter()
            .map(|&b| comp[b])
            .filter(|&cb| cb != comp[a])
            .collect();
        deps.sort_unstable();
        deps.dedup();
        for cb in deps {
            waiting[comp[a]] += 1;
            dependents[cb].push(comp[a]);
        }
    }
    let weight = |c: usize| -> (std::cmp::Reverse<usize>, &str) {
        let imported: usize = members[c].iter().map(|&v| importers[v].len()).sum();
        let first = members[c].iter().map(|&v| chosen[v]).min().unwrap_or("");
        (std::cmp::Reverse(imported), first)
    };
    let mut ready: Vec<usize> = (0..comps).filter(|&c| waiting[c] == 0).collect();
    let mut placed: Vec<usize> = Vec::new();
    while let Some((at, _)) = ready.iter().enumerate().min_by_key(|(_, c)| weight(**c)) {
        let c = ready.swap_remove(at);
        placed.push(c);
        for &d in &dependents[c] {
            waiting[d] -= 1;
            if waiting[d] == 0 {
                ready.push(d);
            }
        }
    }
    let short = short_names(&chosen);
    let mut entries = Vec::with_capacity(n);
    for c in placed {
        let mut group = members[c].clone();
        group.sort_by_key(|&v| chosen[v]);
        for &v in &group {
            let mut why = Vec::new();
            if key_set.contains(chosen[v]) {
                why.push("key file".to_string());
            }
            let with: Vec<&str> = group
                .iter()
                .filter(|&&w| w != v)
                .map(|&w| chosen[w])
                .collect();
            if !with.is_empty() {
                why.push(format!("imports each other with {}", names(&with, &short)));
            }
            let mut by: Vec<&str> = importers[v]
                .iter()
                .filter(|&&w| comp[w] != c)
                .map(|&w| chosen[w])
                .collect();
            by.sort_unstable();
            if !by.is_empty() {
                why.push(format!("imported by {}", names(&by, &short)));
            }
            entries.push(OrderEntry {
                path: chosen[v].to_string(),
                why: why.join(", "),
            });
        }
    }
    Order { entries, left_out }
}

/// Each module's short name among `paths`: its file name, or with its
/// folder when another has the same file name (`sansio/app.py`), or its
/// whole path when that is not enough; `pkg/__init__.py` always.
fn short_names<'a>(paths: &[&'a str]) -> std::collections::HashMap<&'a str, String> {
    let tail = |p: &str, n: usize| -> String {
        let parts: Vec<&str> = p.rsplit('/').take(n).collect();
        parts.into_iter().rev().collect::<Vec<_>>().join("/")
    };
    let mut out = std::collections::HashMap::new();
    for n in 1..=3 {
        let mut count: std::collections::HashMap<String, usize> = Default::default();
        for p in paths {
            *count.entry(tail(p, n)).or_default() += 1;
        }
        for p in paths {
            let t = tail(p, n);
            let init = n == 1 && t == "__init__.py" && p.contains('/');
            if !out.contains_key(p) && count[&t] == 1 && !init {
                out.insert(*p, t);
            }
        }
    }
    for p in paths {
        out.entry(*p).or_insert_with(|| {
            if p.ends_with("/__init__.py") && p.matches('/').count() >= 1 {
                let t = tail(p, 2);
                if paths.iter().filter(|q| tail(q, 2) == t).count() == 1 {
                    return t;
                }
            }
            p.to_string()
        });
    }
    out
}

/// Up to three modules by short name, then how many more.
fn names(paths: &[&str], short: &std::collections::HashMap<&str, String>) -> String {
    let mut out: Vec<String> = paths
        .iter()
        .take(3)
        .map(|p| short.get(p).cloned().unwrap_or_else(|| p.to_string()))
        .collect();
    if paths.len() > 3 {
        out.push(format!("{} more", paths.len() - 3));
    }
    match out.len() {
        0 => String::new(),
        1 => out.remove(0),
        _ => {
            let last = out.pop().unwrap_or_default();
            format!("{} and {last}", out.join(", "))
        }
    }
}

/// Each vertex's strongly connected component (Tarjan's, iterative so a
/// long import chain cannot overflow the stack). Components are numbered
/// as Tarjan finds them.
fn strongly_connected(adj: &[Vec<usize>]) -> Vec<usize> {
    const NONE: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![NONE; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut comp = vec![NONE; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != NONE {
            continue;
        }
        // (vertex, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut i)) = work.last_mut() {
            if let Some(&w) = adj[v].get(*i) {
                *i += 1;
                if index[w] == NONE {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests;
