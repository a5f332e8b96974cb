//! The code index's jobs: building it, and answering the explorer's
//! questions with the lines of code its pickers show (read from the
//! clone, one read per file).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use crate::app::JobError;
use crate::app::explorer::intel::{IntelAnswer, IntelIndex, IntelQuery, WithCode};
use crate::intel::{self, Index};
use crate::repo::{Content, RepoPath, Snapshot};
use crate::search::TextCache;

/// References listed at most (the title says `+` past it).
pub const MAX_REFERENCES: usize = 5000;

/// Characters of a line of code kept for a row.
const MAX_CODE_CHARS: usize = 300;

/// Build (or load from its cache) the semantic index of the clone at
/// `dir`.
pub fn build(dir: &Path, cache_file: &Path, cancel: &AtomicBool) -> Result<IntelIndex, JobError> {
    let (index, _stats) = intel::build(
        dir,
        cache_file,
        crate::outline::index::default_threads(),
        cancel,
    )?;
    Ok(IntelIndex(Arc::new(index)))
}

/// Lines of code of the clone's files, each file read once.
struct CodeLines<'a> {
    dir: &'a Path,
    snap: Option<Snapshot>,
    files: HashMap<String, Vec<String>>,
}

impl<'a> CodeLines<'a> {
    fn new(dir: &'a Path) -> CodeLines<'a> {
        CodeLines {
            dir,
            snap: None,
            files: HashMap::new(),
        }
    }

    /// Line `line` (1-based) of `path`, cut to a row's length; empty when
    /// it cannot be read.
    fn line(&mut self, path: &str, line: u32) -> String {
        if !self.files.contains_key(path) {
            if self.snap.is_none() {
                self.snap = Snapshot::open(self.dir).ok();
            }
            let lines = self
                .snap
                .as_ref()
                .and_then(|s| {
                    let p = RepoPath::parse(path).ok()?;
                    match s.read(&p, TextCache::global().file_cap()).ok()? {
                        Content::Text { text, .. } => Some(
                            text.split('\n')
                                .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
                                .collect(),
                        ),
                        _ => None,
                    }
                })
                .unwrap_or_default();
            self.files.insert(path.to_string(), lines);
        }
        self.files
            .get(path)
            .and_then(|l| l.get(line.saturating_sub(1) as usize))
            .map(|l| l.chars().take(MAX_CODE_CHARS).collect())
            .unwrap_or_default()
    }
}

/// Answer `query` from `index`, reading lines of code from the clone at
/// `dir`.
pub fn answer(dir: &Path, index: &Index, query: &IntelQuery) -> Result<IntelAnswer, JobError> {
    let mut code = CodeLines::new(dir);
    Ok(match query {
        IntelQuery::Definition {
            path, line, column, ..
        } => {
            let found = index
                .definition(path, *line, *column)
                .into_iter()
                .map(|d| {
                    let text = match crate::app::explorer::intel::place_of(&d) {
                        Some((p, l, _)) => code.line(p, l),
                        None => String::new(),
                    };
                    WithCode {
                        item: d,
                        code: text,
                    }
                })
                .collect();
            IntelAnswer::Definitions {
                query: query.clone(),
                found,
            }
        }
        IntelQuery::References {
            path,
            line,
            column,
            name,
        } => {
            let mut refs = index.references(path, *line, *column);
            let cut = refs.len() > MAX_REFERENCES;
            refs.truncate(MAX_REFERENCES);
            let found = refs
                .into_iter()
                .map(|r| {
                    let text = code.line(&r.path, r.line);
                    WithCode {
                        item: r,
                        code: text,
                    }
                })
                .collect();
            IntelAnswer::References {
                name: name.clone(),
                found,
                cut,
            }
        }
        IntelQuery::Usage { path, line, column } => {
            let refs = index.references(path, *line, *column);
            let mut files: Vec<&str> = refs.iter().map(|r| r.path.as_str()).collect();
            files.sort_unstable();
            files.dedup();
            IntelAnswer::Usage {
                path: path.clone(),
                line: *line,
                refs: refs.len(),
                files: files.len(),
            }
        }
        IntelQuery::Exports { path } => IntelAnswer::Exports {
            path: path.clone(),
            exports: index.exports(path),
        },
        IntelQuery::Modules { path } => {
            let (out, incoming) = index.imports_of(path);
            let mut imports: Vec<WithCode<crate::intel::ImportEdge>> = Vec::new();
            for e in out {
                if imports.iter().any(|i| i.item.to == e.to) {
                    continue;
                }
                let module = index.module_name(&e.to).unwrap_or(&e.to).to_string();
                imports.push(WithCode {
                    item: e,
                    code: module,
                });
            }
            let mut importers: Vec<WithCode<crate::intel::ImportEdge>> = Vec::new();
            for e in incoming {
                if importers.iter().any(|i| i.item.from == e.from) {
                    continue;
                }
                let text = code.line(&e.from, e.line);
                importers.push(WithCode {
                    item: e,
                    code: text,
                });
            }
            IntelAnswer::Modules {
                path: path.clone(),
                imports,
                importers,
            }
        }
    })
}
