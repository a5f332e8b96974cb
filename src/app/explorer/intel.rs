//! Code intelligence in the explorer: the semantic index built in the
//! background once a repository opens, and what it answers: `gd` (and
//! Enter, and a second click on a name) goes to a definition, `gr` lists
//! references, `M` maps the open file's imports, the outline counts the
//! selected symbol's uses and shows a package's public API.
//!
//! Every question is a job (the index may read its cache from disk, and
//! references of a common name take a while): `update` asks, the answer
//! comes back as `JobResult::IntelAnswered` under a request id, and only
//! the answer asked for last is used.

use std::collections::HashMap;
use std::sync::Arc;

use super::reader::{self, Place};
use super::update::Outcome;
use super::{ExplorerState, FileState, Pane, Then};
use crate::app::messages::{Effect, JobResult};
use crate::app::overlays::picker::{PickerKind, PickerRow, PickerView};
use crate::app::state::RequestIds;
use crate::intel::{Confidence, DefKind, Definition, Export, ImportEdge, Index, Reference};
use crate::repo::RepoPath;
use crate::sanitize::sanitize_line;

/// What the status line says while the index is being built.
pub const BUILDING: &str = "building the code index…";

/// The semantic index, shared with the jobs that ask it questions. Two
/// handles are equal when they are the same index.
#[derive(Clone)]
pub struct IntelIndex(pub Arc<Index>);

impl PartialEq for IntelIndex {
    fn eq(&self, other: &IntelIndex) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for IntelIndex {}

impl std::fmt::Debug for IntelIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A question for the index. Lines and columns are 1-based, columns in
/// characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntelQuery {
    Definition {
        path: String,
        line: u32,
        column: u32,
        name: String,
    },
    References {
        path: String,
        line: u32,
        column: u32,
        name: String,
    },
    /// How many references, in how many files (the outline's count).
    Usage {
        path: String,
        line: u32,
        column: u32,
    },
    /// A package's public API.
    Exports { path: String },
    /// The file's imports and importers.
    Modules { path: String },
}

/// A place found with its line of code, as read from the repository
/// (sanitized where it is shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithCode<T> {
    pub item: T,
    pub code: String,
}

/// What the index answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntelAnswer {
    Definitions {
        query: IntelQuery,
        found: Vec<WithCode<Definition>>,
    },
    References {
        name: String,
        found: Vec<WithCode<Reference>>,
        /// More references than were kept.
        cut: bool,
    },
    Usage {
        path: String,
        line: u32,
        refs: usize,
        files: usize,
    },
    Exports {
        path: String,
        exports: Vec<Export>,
    },
    Modules {
        path: String,
        /// Each module imported once (its first importing line); `code`
        /// holds its module name, not a line.
        imports: Vec<WithCode<ImportEdge>>,
        /// Each file importing this one once, with the importing line.
        importers: Vec<WithCode<ImportEdge>>,
    },
}

/// How often the outline's selected symbol is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    pub refs: usize,
    pub files: usize,
}

impl Usage {
    /// "used 14 times in 6 files".
    pub fn describe(self) -> String {
        if self.refs == 0 {
            return "no references found".into();
        }
        format!(
            "used {} {} in {} {}",
            self.refs,
            if self.refs == 1 { "time" } else { "times" },
            self.files,
            if self.files == 1 { "file" } else { "files" }
        )
    }
}

/// The index and the questions in flight.
#[derive(Debug, Clone, Default)]
pub struct IntelState {
    pub index: Option<IntelIndex>,
    pub building: bool,
    /// Why the index could not be built.
    pub failed: Option<String>,
    /// The question of `gd`, `gr` or `M` waiting for its answer.
    pub asked: Option<u64>,
    /// The usage count being computed, and for which symbol.
    pub usage: Option<(u64, (String, u32))>,
    /// Usage counts by (path, line) of the symbol.
    pub counts: HashMap<(String, u32), Usage>,
    /// The public API of the open `__init__.py`.
    pub exports: Option<(String, Vec<Export>)>,
    pub exports_request: Option<(u64, String)>,
}

/// An export as the outline shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRow {
    pub name: String,
    pub kind: DefKind,
    pub path: String,
    pub line: u32,
    pub column: u32,
}

impl ApiRow {
    /// `Flask → src/flask/app.py:109`, sanitized.
    pub fn text(&self) -> String {
        format!(
            "{} → {}:{}",
            sanitize_line(&self.name),
            sanitize_line(&self.path),
            self.line
        )
    }
}

/// One entry of the outline pane: a symbol, the heading of the public
/// API, or a name of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutlineEntry<'a> {
    Symbol(&'a super::OutlineRow),
    ApiHeading,
    Api(&'a ApiRow),
}

impl ExplorerState {
    /// The outline's entries: the symbols, then the public API (its
    /// heading first) when there is one.
    pub fn outline_len(&self) -> usize {
        self.outline_rows.len()
            + if self.api_rows.is_empty() {
                0
            } else {
                1 + self.api_rows.len()
            }
    }

    pub fn outline_entry(&self, i: usize) -> Option<OutlineEntry<'_>> {
        let n = self.outline_rows.len();
        if i < n {
            return self.outline_rows.get(i).map(OutlineEntry::Symbol);
        }
        if self.api_rows.is_empty() {
            return None;
        }
        if i == n {
            return Some(OutlineEntry::ApiHeading);
        }
        self.api_rows.get(i - n - 1).map(OutlineEntry::Api)
    }

    /// The public API rows the outline filter keeps, for the open file.
    pub(super) fn rebuild_api_rows(&mut self) {
        self.api_rows.clear();
        let Some(f) = &self.file else { return };
        let path = f.path.to_string_lossy();
        let Some((p, exports)) = &self.intel.exports else {
            return;
        };
        if *p != path {
            return;
        }
        for x in exports {
            if super::search::filter_keeps(&self.outline_filter, &x.name) {
                self.api_rows.push(ApiRow {
                    name: x.name.clone(),
                    kind: x.kind,
                    path: x.path.clone(),
                    line: x.line,
                    column: x.column,
                });
            }
        }
        let widest = self
            .api_rows
            .iter()
            .map(|r| crate::text::width(&r.text()) + 6)
            .max()
            .unwrap_or(0);
        self.wants.outline = self.wants.outline.max(widest.min(u16::MAX as usize) as u16);
    }
}

/// The word under the source cursor: its name and 1-based line and
/// column (of its first character).
fn name_under_cursor(e: &ExplorerState) -> Option<(String, u32, u32)> {
    let line = e.lines().get(e.source.selected)?;
    let col = e.cursor_col();
    let (start, end) = reader::word_at(line, col)?;
    let name: String = line.chars().skip(start).take(end - start).collect();
    if name.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((name, e.source.selected as u32 + 1, start as u32 + 1))
}

/// Python's keywords: never a name to look up.
const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Where the name of outline symbol `row` is written: 1-based line and
/// column (the first whole-word occurrence on its line; the line start if
/// none).
fn symbol_name_place(e: &ExplorerState, row: &super::OutlineRow) -> (u32, u32) {
    let line = row.line.max(1);
    let text = e.lines().get(line as usize - 1).map_or("", String::as_str);
    let mut from = 0;
    while let Some(b) = text[from..].find(&row.name) {
        let at = from + b;
        let end = at + row.name.len();
        let before = text[..at].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(reader::is_word) && !after.is_some_and(reader::is_word) {
            return (line, reader::col_of(text, at) as u32 + 1);
        }
        from = end;
    }
    (line, 1)
}

/// Whether the index can be asked: `Err` is what the status line says.
fn ready(e: &ExplorerState) -> Result<IntelIndex, String> {
    if let Some(i) = &e.intel.index {
        return Ok(i.clone());
    }
    if let Some(why) = &e.intel.failed {
        return Err(format!("the code index could not be built: {why}"));
    }
    Err(BUILDING.into())
}

fn ask(e: &mut ExplorerState, requests: &mut RequestIds, query: IntelQuery) -> Outcome {
    let index = match ready(e) {
        Ok(i) => i,
        Err(why) => return Outcome::status(why),
    };
    let request = requests.new_id();
    e.intel.asked = Some(request);
    Outcome {
        effects: vec![Effect::Intel {
            repo: e.repo.clone(),
            request,
            query,
            index,
            catalog_entry: e.catalog_entry.clone(),
        }],
        ..Outcome::default()
    }
}

/// The open file, when it is Python and the index is there to ask.
fn open_python_file(e: &ExplorerState) -> Result<String, String> {
    ready(e)?;
    let Some(f) = &e.file else {
        return Err("open a file first (Enter in the tree)".into());
    };
    if !matches!(f.state, FileState::Loaded(_)) {
        return Err("the file is still loading".into());
    }
    let path = f.path.to_string_lossy();
    if !path.ends_with(".py") {
        return Err(format!(
            "the code index reads Python files; {} is not one",
            sanitize_line(&path)
        ));
    }
    Ok(path)
}

/// `gd`, Enter in the source: the definition of the name under the cursor.
pub(super) fn go_to_definition(e: &mut ExplorerState, requests: &mut RequestIds) -> Outcome {
    if e.focus != Pane::Source {
        return Outcome::status(
            "gd goes to the definition of the name under the source cursor (Tab to the source)",
        );
    }
    let path = match open_python_file(e) {
        Ok(p) => p,
        Err(why) => return Outcome::status(why),
    };
    let Some((name, line, column)) = name_under_cursor(e) else {
        return Outcome::status("no name under the cursor");
    };
    if KEYWORDS.contains(&name.as_str()) {
        return Outcome::status(format!("{name} is a Python keyword"));
    }
    let column = column.max(e.cursor_col() as u32 + 1);
    ask(
        e,
        requests,
        IntelQuery::Definition {
            path,
            line,
            column,
            name,
        },
    )
}

/// `gr`: the references of the name under the source cursor, or of the
/// outline's selected symbol.
pub(super) fn find_references(e: &mut ExplorerState, requests: &mut RequestIds) -> Outcome {
    let path = match open_python_file(e) {
        Ok(p) => p,
        Err(why) => return Outcome::status(why),
    };
    let (name, line, column) = match e.focus {
        Pane::Outline => match e.outline_entry(e.outline.selected) {
            Some(OutlineEntry::Symbol(row)) => {
                let row = row.clone();
                let (l, c) = symbol_name_place(e, &row);
                (row.name.clone(), l, c)
            }
            _ => return Outcome::status("select a symbol in the outline first"),
        },
        _ => match name_under_cursor(e) {
            Some((name, l, c)) if !KEYWORDS.contains(&name.as_str()) => (name, l, c),
            Some((name, _, _)) => {
                return Outcome::status(format!("{name} is a Python keyword"));
            }
            None => return Outcome::status("no name under the cursor"),
        },
    };
    ask(
        e,
        requests,
        IntelQuery::References {
            path,
            line,
            column,
            name,
        },
    )
}

/// `M`: the module map of the open file.
pub(super) fn module_map(e: &mut ExplorerState, requests: &mut RequestIds) -> Outcome {
    let path = match open_python_file(e) {
        Ok(p) => p,
        Err(why) => return Outcome::status(why),
    };
    ask(e, requests, IntelQuery::Modules { path })
}

/// Enter on a name of the public API in the outline: go to where it is
/// defined (a jump).
pub(super) fn open_api_row(e: &mut ExplorerState, requests: &mut RequestIds) -> Vec<Effect> {
    let Some(OutlineEntry::Api(row)) = e.outline_entry(e.outline.selected) else {
        return Vec::new();
    };
    let (path, line, column) = (row.path.clone(), row.line, row.column);
    jump(e, &path, line, column, requests)
}

/// A jump to `path` at 1-based `line` and `column`, recorded.
pub(crate) fn jump(
    e: &mut ExplorerState,
    path: &str,
    line: u32,
    column: u32,
    requests: &mut RequestIds,
) -> Vec<Effect> {
    let Ok(path) = RepoPath::parse(path) else {
        return Vec::new();
    };
    e.record_jump();
    reader::go_to_place(
        e,
        Place {
            path,
            line: line.saturating_sub(1) as usize,
            col: column.saturating_sub(1) as usize,
        },
        requests,
    )
}

/// The questions the explorer's state asks by itself: the usage count of
/// the outline's selected symbol, and the public API of an open
/// `__init__.py`. Called after every key and job result; asks only for
/// what is neither known nor in flight.
pub(crate) fn wanted(e: &mut ExplorerState, requests: &mut RequestIds) -> Vec<Effect> {
    let Some(index) = e.intel.index.clone() else {
        return Vec::new();
    };
    let Some(f) = &e.file else {
        return Vec::new();
    };
    if !matches!(f.state, FileState::Loaded(_)) {
        return Vec::new();
    }
    let path = f.path.to_string_lossy();
    if !path.ends_with(".py") {
        return Vec::new();
    }
    let mut effects = Vec::new();
    let ask_exports = path.ends_with("__init__.py")
        && e.intel.exports.as_ref().is_none_or(|(p, _)| *p != path)
        && e.intel
            .exports_request
            .as_ref()
            .is_none_or(|(_, p)| *p != path);
    if ask_exports {
        let request = requests.new_id();
        e.intel.exports_request = Some((request, path.clone()));
        effects.push(Effect::Intel {
            repo: e.repo.clone(),
            request,
            query: IntelQuery::Exports { path: path.clone() },
            index: index.clone(),
            catalog_entry: e.catalog_entry.clone(),
        });
    }
    if let Some(OutlineEntry::Symbol(row)) = e.outline_entry(e.outline.selected) {
        let key = (path.clone(), row.line);
        let known = e.intel.counts.contains_key(&key)
            || e.intel.usage.as_ref().is_some_and(|(_, k)| *k == key);
        if !known {
            let row = row.clone();
            let (line, column) = symbol_name_place(e, &row);
            let request = requests.new_id();
            e.intel.usage = Some((request, key));
            effects.push(Effect::Intel {
                repo: e.repo.clone(),
                request,
                query: IntelQuery::Usage { path, line, column },
                index,
                catalog_entry: e.catalog_entry.clone(),
            });
        }
    }
    effects
}

/// What the outline's count line says for the selected symbol, if
/// anything.
pub fn usage_line(e: &ExplorerState) -> Option<String> {
    let Some(OutlineEntry::Symbol(row)) = e.outline_entry(e.outline.selected) else {
        return None;
    };
    let path = e.file.as_ref()?.path.to_string_lossy();
    if !path.ends_with(".py") {
        return None;
    }
    // Nothing while the index is built: the count comes with it.
    e.intel.index.as_ref()?;
    match e.intel.counts.get(&(path, row.line)) {
        Some(u) => Some(u.describe()),
        None => Some("counting uses…".into()),
    }
}

fn confidence_label(c: Confidence) -> &'static str {
    match c {
        Confidence::Exact => "exact",
        Confidence::Likely => "likely",
        Confidence::Name => "name match",
    }
}

/// A line of code for a row: trimmed, sanitized.
fn code_text(code: &str) -> String {
    sanitize_line(code.trim()).into_owned()
}

/// The index's jobs' results, on the explorer.
pub(super) fn on_job(
    e: &mut ExplorerState,
    result: JobResult,
    requests: &mut RequestIds,
) -> Outcome {
    match result {
        JobResult::IntelBuilt { repo, result } if repo == e.repo => {
            e.intel.building = false;
            match result {
                Ok(index) => {
                    e.intel.index = Some(index);
                    Outcome::default()
                }
                Err(err) => {
                    e.intel.failed = Some(err.to_string());
                    Outcome::status(format!("could not build the code index: {err}"))
                }
            }
        }
        JobResult::IntelAnswered {
            repo,
            request,
            result,
        } if repo == e.repo => {
            if e.intel.usage.as_ref().is_some_and(|(r, _)| *r == request) {
                let (_, key) = e.intel.usage.take().unwrap_or_default();
                if let Ok(IntelAnswer::Usage { refs, files, .. }) = result {
                    e.intel.counts.insert(key, Usage { refs, files });
                }
                return Outcome::default();
            }
            if e.intel
                .exports_request
                .as_ref()
                .is_some_and(|(r, _)| *r == request)
            {
                e.intel.exports_request = None;
                if let Ok(IntelAnswer::Exports { path, exports }) = result {
                    e.intel.exports = Some((path, exports));
                    e.rebuild_api_rows();
                }
                return Outcome::default();
            }
            if e.intel.asked != Some(request) {
                return Outcome::default();
            }
            e.intel.asked = None;
            match result {
                Ok(IntelAnswer::Definitions { query, found }) => {
                    on_definitions(e, query, found, requests)
                }
                Ok(IntelAnswer::References { name, found, cut }) => {
                    on_references(e, name, found, cut)
                }
                Ok(IntelAnswer::Modules {
                    path,
                    imports,
                    importers,
                }) => on_modules(e, path, imports, importers),
                Ok(_) => Outcome::default(),
                Err(err) => Outcome::status(format!("the code index could not answer: {err}")),
            }
        }
        _ => Outcome::default(),
    }
}

/// Where to go for a definition: its place, or the top of its file (a
/// module, which has no line).
pub fn place_of(d: &Definition) -> Option<(&str, u32, u32)> {
    d.place().or_else(|| d.path.as_deref().map(|p| (p, 1, 1)))
}

fn on_definitions(
    e: &mut ExplorerState,
    query: IntelQuery,
    found: Vec<WithCode<Definition>>,
    requests: &mut RequestIds,
) -> Outcome {
    let IntelQuery::Definition {
        path: from,
        line: from_line,
        name,
        ..
    } = query
    else {
        return Outcome::default();
    };
    let shown = sanitize_line(&name).into_owned();
    if found.is_empty() {
        return Outcome::status(format!("no definition found for {shown}"));
    }
    if found.iter().all(|d| d.item.kind == DefKind::Builtin) {
        return Outcome::status(format!("{shown} is a Python builtin"));
    }
    if let [one] = found.as_slice()
        && one.item.confidence == Confidence::Exact
        && let Some((path, line, column)) = place_of(&one.item)
    {
        let outside = one.item.path.is_none();
        if !outside && path == from && line == from_line {
            let (word_start, word_end) = e
                .lines()
                .get((line as usize).saturating_sub(1))
                .and_then(|l| reader::word_at(l, e.cursor_col()))
                .unwrap_or((0, 0));
            if (column as usize) > word_start && (column as usize) <= word_end + 1 {
                return Outcome::status(format!(
                    "{shown} is defined here (gr lists its references)"
                ));
            }
        }
        let (path, module) = (path.to_string(), one.item.module.clone());
        let effects = jump(e, &path, line, column, requests);
        let status = outside.then(|| match module {
            Some(m) => format!(
                "{shown} comes from {}, outside the repository",
                sanitize_line(&m)
            ),
            None => format!("{shown} comes from outside the repository"),
        });
        return Outcome {
            effects,
            status,
            then: None,
        };
    }
    let mut rows = Vec::new();
    for d in &found {
        let label = confidence_label(d.item.confidence);
        match place_of(&d.item) {
            Some((path, line, column)) => {
                let right = if d.item.path.is_none() {
                    match &d.item.module {
                        Some(m) => format!("import from {} · {label}", sanitize_line(m)),
                        None => format!("import · {label}"),
                    }
                } else {
                    format!("{} · {label}", d.item.kind.as_str())
                };
                rows.push(PickerRow::item(
                    format!("{}:{line}", sanitize_line(path)),
                    code_text(&d.code),
                    right,
                    Some((path.to_string(), line, column)),
                ));
            }
            None => rows.push(PickerRow::item(
                sanitize_line(&d.item.name).into_owned(),
                match d.item.kind {
                    DefKind::Builtin => "a Python builtin".to_string(),
                    _ => "outside the repository".to_string(),
                },
                label.to_string(),
                None,
            )),
        }
    }
    let n = found.len();
    let title = if n == 1 {
        format!(
            "1 {} definition of {shown}",
            confidence_label(found[0].item.confidence)
        )
    } else {
        format!("{n} candidate definitions of {shown}")
    };
    Outcome {
        then: Some(Then::OpenPicker(Box::new(PickerView::new(
            e.repo.clone(),
            PickerKind::Definitions,
            title,
            rows,
        )))),
        ..Outcome::default()
    }
}

fn on_references(
    e: &mut ExplorerState,
    name: String,
    found: Vec<WithCode<Reference>>,
    cut: bool,
) -> Outcome {
    let shown = sanitize_line(&name).into_owned();
    if found.is_empty() {
        return Outcome::status(format!("no references found for {shown}"));
    }
    let file_count = found
        .iter()
        .map(|r| r.item.path.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let (tests, sources): (Vec<&WithCode<Reference>>, Vec<&WithCode<Reference>>) = found
        .iter()
        .partition(|r| crate::intel::is_test_path(&r.item.path));
    let mut rows = Vec::new();
    let group = |rows: &mut Vec<PickerRow>, refs: &[&WithCode<Reference>]| {
        let mut last: Option<&str> = None;
        for r in refs {
            if last != Some(r.item.path.as_str()) {
                let in_file = refs.iter().filter(|x| x.item.path == r.item.path).count();
                rows.push(PickerRow::file(
                    sanitize_line(&r.item.path).into_owned(),
                    format!("{in_file}"),
                ));
                last = Some(r.item.path.as_str());
            }
            let right = match r.item.confidence {
                Confidence::Exact => String::new(),
                c => confidence_label(c).to_string(),
            };
            rows.push(PickerRow::item(
                format!("{}:{}", r.item.line, r.item.column),
                code_text(&r.code),
                right,
                Some((r.item.path.clone(), r.item.line, r.item.column)),
            ));
        }
    };
    group(&mut rows, &sources);
    if !tests.is_empty() {
        rows.push(PickerRow::section(format!(
            "tests ({} {})",
            tests.len(),
            if tests.len() == 1 {
                "reference"
            } else {
                "references"
            }
        )));
        group(&mut rows, &tests);
    }
    let n = found.len();
    let title = format!(
        "{n}{} {} of {shown} in {file_count} {}",
        if cut { "+" } else { "" },
        if n == 1 { "reference" } else { "references" },
        if file_count == 1 { "file" } else { "files" }
    );
    Outcome {
        then: Some(Then::OpenPicker(Box::new(PickerView::new(
            e.repo.clone(),
            PickerKind::References,
            title,
            rows,
        )))),
        ..Outcome::default()
    }
}

fn on_modules(
    e: &mut ExplorerState,
    path: String,
    imports: Vec<WithCode<ImportEdge>>,
    importers: Vec<WithCode<ImportEdge>>,
) -> Outcome {
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let imports_head = format!("imports {}", plural(imports.len(), "module", "modules"));
    let importers_head = format!("imported by {}", plural(importers.len(), "file", "files"));
    let mut rows = vec![PickerRow::section(imports_head.clone())];
    if imports.is_empty() {
        rows.push(PickerRow::note("nothing from this repository"));
    }
    for i in &imports {
        rows.push(PickerRow::item(
            sanitize_line(&i.code).into_owned(),
            sanitize_line(&i.item.to).into_owned(),
            format!("line {}", i.item.line),
            Some((i.item.to.clone(), 1, 1)),
        ));
    }
    rows.push(PickerRow::section(importers_head.clone()));
    if importers.is_empty() {
        rows.push(PickerRow::note("no file of this repository"));
    }
    for i in &importers {
        rows.push(PickerRow::item(
            sanitize_line(&i.item.from).into_owned(),
            code_text(&i.code),
            format!("line {}", i.item.line),
            Some((i.item.from.clone(), i.item.line, 1)),
        ));
    }
    let title = format!(
        "Modules of {}: {imports_head} · {importers_head}",
        sanitize_line(&path)
    );
    Outcome {
        then: Some(Then::OpenPicker(Box::new(PickerView::new(
            e.repo.clone(),
            PickerKind::Modules,
            title,
            rows,
        )))),
        ..Outcome::default()
    }
}
