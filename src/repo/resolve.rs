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
    /// Not there, but it clearly moved: exactly one path ends with it, or
    /// the module became a package (`x/y.py` -> `x/y/__init__.py`).
    Moved { to: String, kind: EntryKind },
    /// Neither; up to three similar paths, best first.
    Missing { suggestions: Vec<String> },
}

impl Resolution {
    /// Where the key file `key` is in the tree, and what it is; `None`
    /// when it is missing.
    pub fn located(&self, key: &str) -> Option<(String, EntryKind)> {
        match self {
            Resolution::Found { kind } => Some((key.trim_end_matches('/').to_string(), *kind)),
            Resolution::Moved { to, kind } => Some((to.clone(), *kind)),
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
        };
    }
    let mut candidates = index.ending_with(key);
    if let Some(pkg) = &package {
        candidates.extend(index.ending_with(pkg));
    }
    if let [only] = candidates.as_slice() {
        return Resolution::Moved {
            to: only.to_string(),
            kind: index.kind(only).unwrap_or(EntryKind::File),
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
                kind: F
            }
        );
    }

    #[test]
    fn module_became_package() {
        let ix = index(&[
            ("django/db/models", D),
            ("django/db/models/__init__.py", F),
            ("django/db/models/base.py", F),
        ]);
        assert_eq!(
            resolve_key_file("django/db/models.py", &ix),
            Resolution::Moved {
                to: "django/db/models/__init__.py".into(),
                kind: F
            }
        );
    }

    #[test]
    fn package_that_also_moved() {
        let ix = index(&[("lib/x/y/__init__.py", F)]);
        assert_eq!(
            resolve_key_file("x/y.py", &ix),
            Resolution::Moved {
                to: "lib/x/y/__init__.py".into(),
                kind: F
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
    fn missing_with_ranked_suggestions() {
        let ix = index(&[
            ("src/transformers", D),
            ("src/transformers/tokenization_utils_base.py", F),
            ("src/transformers/tokenization_utils.py", F),
            ("src/transformers/models", D),
            ("docs/tokenizer.md", F),
            ("setup.py", F),
        ]);
        let Resolution::Missing { suggestions } =
            resolve_key_file("src/transformers/tokenization", &ix)
        else {
            panic!("not missing");
        };
        assert_eq!(
            suggestions,
            [
                "src/transformers/tokenization_utils.py",
                "src/transformers/tokenization_utils_base.py",
                "src/transformers/models"
            ]
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
