//! Resolving the catalog's key files against a clone. The seed list was
//! written against older trees: `requests/models.py` now lives at
//! `src/requests/models.py`, and `django/db/models.py` became a package.

use std::collections::HashMap;

use super::read::{Entry, EntryKind};

/// How a key file was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// The exact path exists.
    Found { kind: EntryKind },
    /// Not there, but it clearly moved: exactly one path ends with it,
    /// the module became a package (`x/y.py` -> `x/y/__init__.py`), or
    /// it was split into files named after it (`x/y` -> `x/y_*.py`).
    Moved {
        to: String,
        kind: EntryKind,
        became: Became,
    },
    /// Neither; up to three similar paths, best first.
    Missing { suggestions: Vec<String> },
}

/// What a moved key file became.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Became {
    /// The same thing at another path.
    #[default]
    Moved,
    /// A package (`to` is its `__init__.py`, which re-exports what its
    /// modules define): the package's modules, by file name, sorted.
    Package { modules: Vec<String> },
    /// Split into several files named after it (`tokenization` ->
    /// `tokenization_utils.py`, `tokenization_utils_base.py`, ...): every
    /// part's path, shortest name first (`to` is the first).
    Split { parts: Vec<String> },
}

impl Became {
    /// The word `check` and its JSON use: `moved`, `package`, `split`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Became::Moved => "moved",
            Became::Package { .. } => "package",
            Became::Split { .. } => "split",
        }
    }

    /// Every path it is now, when there are several (a split).
    pub fn parts(&self) -> &[String] {
        match self {
            Became::Split { parts } => parts,
            _ => &[],
        }
    }

    /// A few words on it after the new path, for one line: ` (a package
    /// of 14 modules)`, ` (split into 6 files)`; empty for a plain move.
    pub fn summary(&self) -> String {
        match self {
            Became::Moved => String::new(),
            Became::Package { modules } => format!(
                " (a package of {} module{})",
                modules.len(),
                if modules.len() == 1 { "" } else { "s" }
            ),
            Became::Split { parts } => format!(" (split into {} files)", parts.len()),
        }
    }

    /// The whole of it, for a footer or a report: which modules, which
    /// parts (names only, up to `max` of them).
    pub fn details(&self, max: usize) -> String {
        let list = |names: &mut dyn Iterator<Item = &str>, total: usize| {
            let shown: Vec<&str> = names.take(max).collect();
            let more = total.saturating_sub(shown.len());
            let mut s = shown.join(", ");
            if more > 0 {
                s.push_str(&format!(" and {more} more"));
            }
            s
        };
        match self {
            Became::Moved => String::new(),
            Became::Package { modules } => format!(
                "a package of {} module{}: {}",
                modules.len(),
                if modules.len() == 1 { "" } else { "s" },
                list(&mut modules.iter().map(String::as_str), modules.len())
            ),
            Became::Split { parts } => format!(
                "split into {}",
                list(
                    &mut parts.iter().map(|p| p.rsplit('/').next().unwrap_or(p)),
                    parts.len()
                )
            ),
        }
    }
}

impl Resolution {
    /// Where the key file `key` is in the tree, and what it is; `None`
    /// when it is missing.
    pub fn located(&self, key: &str) -> Option<(String, EntryKind)> {
        match self {
            Resolution::Found { kind } => Some((key.trim_end_matches('/').to_string(), *kind)),
            Resolution::Moved { to, kind, .. } => Some((to.clone(), *kind)),
            Resolution::Missing { .. } => None,
        }
    }

    pub fn status(&self) -> &'static str {
        match self {
            Resolution::Found { .. } => "found",
            Resolution::Moved { .. } => "moved",
            Resolution::Missing { .. } => "missing",
        }
    }
}

/// Every path of a tree with its kind, for resolving key files.
pub struct PathIndex {
    kinds: HashMap<String, EntryKind>,
    paths: Vec<String>,
}

impl PathIndex {
    /// From a flat listing. Paths that are not UTF-8 cannot match a
    /// catalog's key file, so they are left out.
    pub fn new(entries: &[Entry]) -> PathIndex {
        let mut kinds = HashMap::with_capacity(entries.len());
        let mut paths = Vec::with_capacity(entries.len());
        for e in entries {
            if let Ok(p) = std::str::from_utf8(e.path.as_bytes()) {
                kinds.insert(p.to_string(), e.kind);
                paths.push(p.to_string());
            }
        }
        PathIndex { kinds, paths }
    }

    pub fn kind(&self, path: &str) -> Option<EntryKind> {
        self.kinds.get(path).copied()
    }

    /// The paths directly in `dir` (not below it), sorted.
    fn children(&self, dir: &str) -> Vec<&str> {
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let mut out: Vec<&str> = self
            .paths
            .iter()
            .filter_map(|p| {
                let rest = p.strip_prefix(&prefix)?;
                (!rest.is_empty() && !rest.contains('/')).then_some(p.as_str())
            })
            .collect();
        out.sort_unstable();
        out
    }

    fn ending_with(&self, tail: &str) -> Vec<&str> {
        let suffix = format!("/{tail}");
        self.paths
            .iter()
            .filter(|p| p.ends_with(&suffix))
            .map(String::as_str)
            .collect()
    }
}

/// Resolve one key file (as the catalog writes it) against the tree.
pub fn resolve_key_file(key: &str, index: &PathIndex) -> Resolution {
    let key = key.trim_end_matches('/');
    if let Some(kind) = index.kind(key) {
        return Resolution::Found { kind };
    }
    let package = key
        .strip_suffix(".py")
        .map(|module| format!("{module}/__init__.py"));
    if let Some(pkg) = &package
        && let Some(kind) = index.kind(pkg)
    {
        return Resolution::Moved {
            to: pkg.clone(),
            kind,
            became: package_of(index, pkg),
        };
    }
    if let Some(split) = split_of(key, index) {
        return split;
    }
    let mut candidates = index.ending_with(key);
    if let Some(pkg) = &package {
        candidates.extend(index.ending_with(pkg));
    }
    if let [only] = candidates.as_slice() {
        return Resolution::Moved {
            to: only.to_string(),
            kind: index.kind(only).unwrap_or(EntryKind::File),
            became: if only.ends_with("/__init__.py") {
                package_of(index, only)
            } else {
                Became::Moved
            },
        };
    }
    let suggestions = if candidates.len() > 1 {
        // Several places end with it: those are the suggestions, the ones
        // closest to the original path first.
        rank(key, candidates.into_iter())
    } else {
        rank(key, index.paths.iter().map(String::as_str))
    };
    Resolution::Missing { suggestions }
}

/// The package whose `__init__.py` is at `init`: its modules (`.py` files
/// and subpackages beside it), by name.
fn package_of(index: &PathIndex, init: &str) -> Became {
    let dir = init.strip_suffix("/__init__.py").unwrap_or(init);
    let modules = index
        .children(dir)
        .into_iter()
        .filter_map(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            match index.kind(p) {
                Some(EntryKind::File) if name != "__init__.py" => {
                    name.strip_suffix(".py").map(str::to_string)
                }
                Some(EntryKind::Directory) if index.kind(&format!("{p}/__init__.py")).is_some() => {
                    Some(name.to_string())
                }
                _ => None,
            }
        })
        .collect();
    Became::Package { modules }
}

/// `x/y` (or `x/y.py`) that is now several Python files beside where it
/// was, named after it: `x/y_a.py`, `x/y_b.py` (`tokenization` ->
/// `tokenization_utils.py`, `tokenization_utils_base.py`). One such file
/// is a plain move; none, not a split.
fn split_of(key: &str, index: &PathIndex) -> Option<Resolution> {
    let (dir, name) = key.rsplit_once('/').unwrap_or(("", key));
    let stem = name.strip_suffix(".py").unwrap_or(name);
    if stem.is_empty() || (!dir.is_empty() && index.kind(dir) != Some(EntryKind::Directory)) {
        return None;
    }
    let mut parts: Vec<&str> = index
        .children(dir)
        .into_iter()
        .filter(|p| {
            let n = p.rsplit('/').next().unwrap_or(p);
            index.kind(p) == Some(EntryKind::File)
                && n.ends_with(".py")
                && n.strip_prefix(stem)
                    .is_some_and(|rest| rest.starts_with('_') && rest.len() > 4)
        })
        .collect();
    parts.sort_by_key(|p| (p.len(), *p));
    match parts.as_slice() {
        [] => None,
        [only] => Some(Resolution::Moved {
            to: only.to_string(),
            kind: EntryKind::File,
            became: Became::Moved,
        }),
        [first, ..] => Some(Resolution::Moved {
            to: first.to_string(),
            kind: EntryKind::File,
            became: Became::Split {
                parts: parts.iter().map(|p| p.to_string()).collect(),
            },
        }),
    }
}

/// The three paths most like `key`, best first.
fn rank<'a>(key: &str, paths: impl Iterator<Item = &'a str>) -> Vec<String> {
    let (key_dirs, key_stem) = split_for_similarity(key);
    let mut scored: Vec<(f64, &str)> = paths
        .map(|p| {
            let (dirs, stem) = split_for_similarity(p);
            (
                0.55 * name_similarity(key_stem, stem) + 0.45 * dir_similarity(&key_dirs, &dirs),
                p,
            )
        })
        .filter(|(s, _)| *s > 0.3)
        .collect();
    scored.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| a.1.len().cmp(&b.1.len()))
            .then_with(|| a.1.cmp(b.1))
    });
    scored
        .into_iter()
        .take(3)
        .map(|(_, p)| p.to_string())
        .collect()
}

/// Directory components and the last component without `.py`; an
/// `__init__.py` stands for its package.
fn split_for_similarity(path: &str) -> (Vec<&str>, &str) {
    let mut parts: Vec<&str> = path.split('/').collect();
    let mut last = parts.pop().unwrap_or("");
    if last == "__init__.py"
        && let Some(pkg) = parts.pop()
    {
        last = pkg;
    }
    (parts, last.strip_suffix(".py").unwrap_or(last))
}

fn name_similarity(a: &str, b: &str) -> f64 {
    if a == b {
        return 1.0;
    }
    let lev =
        1.0 - levenshtein(a, b) as f64 / a.chars().count().max(b.chars().count()).max(1) as f64;
    // `tokenization` for `tokenization_utils`: a name that contains the
    // other is closer than its edit distance says.
    let contains = a.len() >= 4 && b.len() >= 4 && (a.contains(b) || b.contains(a));
    if contains { lev.max(0.85) } else { lev }
}

fn dir_similarity(a: &[&str], b: &[&str]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let common = a.iter().filter(|d| b.contains(d)).count();
    common as f64 / a.len().max(b.len()) as f64
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(cur)
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repo::read::RepoPath;
    use git2::Oid;

    fn index(paths: &[(&str, EntryKind)]) -> PathIndex {
        let entries: Vec<Entry> = paths
            .iter()
            .map(|(p, k)| Entry {
                path: RepoPath::parse(p).unwrap(),
                kind: *k,
                size: None,
                id: Oid::ZERO_SHA1,
                executable: false,
            })
            .collect();
        PathIndex::new(&entries)
    }

    use EntryKind::{Directory as D, File as F};

    #[test]
    fn found_file_and_directory() {
        let ix = index(&[
            ("fastapi", D),
            ("fastapi/dependencies", D),
            ("fastapi/routing.py", F),
        ]);
        assert_eq!(
            resolve_key_file("fastapi/routing.py", &ix),
            Resolution::Found { kind: F }
        );
        assert_eq!(
            resolve_key_file("fastapi/dependencies", &ix),
            Resolution::Found { kind: D }
        );
        assert_eq!(
            resolve_key_file("fastapi/dependencies/", &ix),
            Resolution::Found { kind: D }
        );
    }

    #[test]
    fn moved_under_src() {
        let ix = index(&[
            ("src", D),
            ("src/requests", D),
            ("src/requests/models.py", F),
        ]);
        assert_eq!(
            resolve_key_file("requests/models.py", &ix),
            Resolution::Moved {
                to: "src/requests/models.py".into(),
                kind: F,
                became: Became::Moved,
            }
        );
    }

    #[test]
    fn module_became_package() {
        let ix = index(&[
            ("django/db/models", D),
            ("django/db/models/__init__.py", F),
            ("django/db/models/base.py", F),
            ("django/db/models/query.py", F),
            ("django/db/models/fields", D),
            ("django/db/models/fields/__init__.py", F),
            ("django/db/models/sql", D),
            ("django/db/models/README", F),
        ]);
        let r = resolve_key_file("django/db/models.py", &ix);
        assert_eq!(
            r,
            Resolution::Moved {
                to: "django/db/models/__init__.py".into(),
                kind: F,
                became: Became::Package {
                    modules: vec!["base".into(), "fields".into(), "query".into()]
                },
            }
        );
        let Resolution::Moved { became, .. } = r else {
            unreachable!()
        };
        assert_eq!(became.summary(), " (a package of 3 modules)");
        assert_eq!(
            became.details(2),
            "a package of 3 modules: base, fields and 1 more"
        );
    }

    #[test]
    fn package_that_also_moved() {
        let ix = index(&[("lib/x/y/__init__.py", F), ("lib/x/y/z.py", F)]);
        assert_eq!(
            resolve_key_file("x/y.py", &ix),
            Resolution::Moved {
                to: "lib/x/y/__init__.py".into(),
                kind: F,
                became: Became::Package {
                    modules: vec!["z".into()]
                },
            }
        );
    }

    #[test]
    fn a_suffix_matching_twice_is_missing_with_both_suggested() {
        let ix = index(&[("a/requests/models.py", F), ("b/requests/models.py", F)]);
        let Resolution::Missing { suggestions } = resolve_key_file("requests/models.py", &ix)
        else {
            panic!("ambiguous is not moved");
        };
        assert_eq!(suggestions.len(), 2);
    }

    #[test]
    fn suffixes_match_whole_components_only() {
        let ix = index(&[("src/myrequests/models.py", F)]);
        assert!(matches!(
            resolve_key_file("requests/models.py", &ix),
            Resolution::Missing { .. }
        ));
    }

    #[test]
    fn split_into_files_named_after_it() {
        let ix = index(&[
            ("src/transformers", D),
            ("src/transformers/tokenization_utils_base.py", F),
            ("src/transformers/tokenization_utils.py", F),
            ("src/transformers/tokenization_utils_fast.py", F),
            ("src/transformers/tokenizer_notes.py", F),
            ("src/transformers/models", D),
            ("src/transformers/models/tokenization_x.py", F),
            ("docs/tokenizer.md", F),
            ("setup.py", F),
        ]);
        let r = resolve_key_file("src/transformers/tokenization", &ix);
        assert_eq!(
            r,
            Resolution::Moved {
                to: "src/transformers/tokenization_utils.py".into(),
                kind: F,
                became: Became::Split {
                    parts: vec![
                        "src/transformers/tokenization_utils.py".into(),
                        "src/transformers/tokenization_utils_base.py".into(),
                        "src/transformers/tokenization_utils_fast.py".into(),
                    ]
                },
            }
        );
        let Resolution::Moved { became, .. } = r else {
            unreachable!()
        };
        assert_eq!(became.summary(), " (split into 3 files)");
        assert_eq!(
            became.details(5),
            "split into tokenization_utils.py, tokenization_utils_base.py, tokenization_utils_fast.py"
        );
        // One such file is a move.
        let ix = index(&[("a", D), ("a/b_impl.py", F)]);
        assert!(matches!(
            resolve_key_file("a/b", &ix),
            Resolution::Moved {
                became: Became::Moved,
                ..
            }
        ));
    }

    #[test]
    fn missing_with_ranked_suggestions() {
        let ix = index(&[
            ("src/transformers", D),
            ("src/transformers/tokenizer_utils_base.py", F),
            ("src/transformers/tokenizers.py", F),
            ("src/transformers/models", D),
            ("docs/tokenizer.md", F),
            ("setup.py", F),
        ]);
        let Resolution::Missing { suggestions } =
            resolve_key_file("src/transformers/tokenization", &ix)
        else {
            panic!("not missing");
        };
        assert_eq!(suggestions.len(), 3, "{suggestions:?}");
        assert!(
            suggestions.contains(&"src/transformers/tokenizers.py".to_string()),
            "{suggestions:?}"
        );
    }

    #[test]
    fn nothing_similar_gives_no_suggestions() {
        let ix = index(&[("zzz/qqq.txt", F)]);
        assert_eq!(
            resolve_key_file("requests/models.py", &ix),
            Resolution::Missing {
                suggestions: vec![]
            }
        );
    }

    #[test]
    fn edit_distance() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("same", "same"), 0);
    }
}
