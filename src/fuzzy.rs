//! Fuzzy matching for the finders and `codestudy find`, on nucleo-matcher
//! (the matcher of helix's pickers): smart case, Unicode-normalized, with
//! the positions of the matched characters for highlighting.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

/// One ranked candidate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Index into the candidates given.
    pub index: usize,
    pub score: u32,
    /// Positions (in characters, not bytes) of the matched characters.
    pub positions: Vec<u32>,
}

/// A reusable matcher: keep one and rank many times.
pub struct Fuzzy {
    matcher: Matcher,
}

impl Fuzzy {
    /// `paths`: tune bonuses for file paths (after `/` separators).
    pub fn new(paths: bool) -> Fuzzy {
        let config = if paths {
            Config::DEFAULT.match_paths()
        } else {
            Config::DEFAULT
        };
        Fuzzy {
            matcher: Matcher::new(config),
        }
    }

    /// The best `limit` candidates for `query`, best first (see
    /// [`Fuzzy::rank_with`]), all of one standing.
    pub fn rank<'a>(
        &mut self,
        query: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        limit: usize,
    ) -> Vec<Ranked> {
        self.rank_with(
            query,
            candidates.into_iter().map(|c| (c, Standing::default())),
            limit,
        )
    }

    /// The best `limit` candidates for `query`, best first: a match of the
    /// whole last component (`route` in `Scaffold.route`, `ctx` in
    /// `src/flask/ctx.py`) first, then one contiguous at a word boundary
    /// (`RouteCallable`), then contiguous anywhere (`test_appctx.py`),
    /// then scattered letters; within each, the candidate's area first
    /// (source before tests and examples), then nucleo's score, its kind,
    /// its length, its place. An empty query orders by area and kind.
    pub fn rank_with<'a>(
        &mut self,
        query: &str,
        candidates: impl IntoIterator<Item = (&'a str, Standing)>,
        limit: usize,
    ) -> Vec<Ranked> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut buf = Vec::new();
        let items: Vec<(&str, Standing)> = candidates.into_iter().collect();
        let needle = query.trim().to_lowercase();
        // (contiguity, area, score, kind, length, index): best first once
        // sorted.
        let mut scored: Vec<(u8, u8, u32, u8, usize, usize)> = Vec::new();
        for (i, (text, standing)) in items.iter().enumerate() {
            if needle.is_empty() {
                scored.push((0, standing.area, 0, standing.kind, 0, i));
                continue;
            }
            if let Some(score) = pattern.score(Utf32Str::new(text, &mut buf), &mut self.matcher) {
                let class = contiguity(text, &needle);
                scored.push((class, standing.area, score, standing.kind, text.len(), i));
            }
        }
        scored.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then(a.1.cmp(&b.1))
                .then(b.2.cmp(&a.2))
                .then(a.3.cmp(&b.3))
                .then(a.4.cmp(&b.4))
                .then(a.5.cmp(&b.5))
        });
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(_, _, score, _, _, index)| {
                let mut positions = Vec::new();
                pattern.indices(
                    Utf32Str::new(items[index].0, &mut buf),
                    &mut self.matcher,
                    &mut positions,
                );
                positions.sort_unstable();
                positions.dedup();
                Ranked {
                    index,
                    score,
                    positions,
                }
            })
            .collect()
    }
}

/// Where a candidate stands before any query: lower is better.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    /// 0 key files, 1 source, 2 tests, examples, docs, benchmarks.
    pub area: u8,
    /// Within an area: what a person looks for first (classes before
    /// functions before variables, Python files before the rest).
    pub kind: u8,
}

/// The standing of a symbol of the index: source before tests, then
/// top-level classes, functions, methods, nested definitions, variables,
/// one-letter names last.
pub fn symbol_standing(path: &str, symbol: &str, kind: crate::outline::SymbolKind) -> Standing {
    use crate::outline::SymbolKind as K;
    let nested = symbol.contains('.');
    let name = symbol.rsplit('.').next().unwrap_or(symbol);
    let kind = match (kind, nested) {
        (K::Class | K::Struct | K::Namespace, false) => 0,
        (K::Function | K::Macro, false) => 1,
        (K::Method, _) => 2,
        (K::Class | K::Struct | K::Namespace | K::Function | K::Macro, true) => 3,
        (K::Variable, _) if name.chars().count() > 1 => 4,
        (K::Variable, _) => 5,
    };
    Standing {
        area: path_area(path),
        kind,
    }
}

/// The area of a repository path: source (1), or tests, examples, docs and
/// benchmarks (2).
pub fn path_area(path: &str) -> u8 {
    let lower = path.to_ascii_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let aside = lower.split('/').rev().skip(1).any(|dir| {
        matches!(
            dir,
            "test"
                | "tests"
                | "testing"
                | "example"
                | "examples"
                | "docs"
                | "doc"
                | "benchmarks"
                | "bench"
                | "asv_bench"
        )
    }) || file.starts_with("test_")
        || file.ends_with("_test.py")
        || file == "conftest.py";
    if aside { 2 } else { 1 }
}

/// How `needle` (lower case) sits in `text`: 3 the whole last component
/// (after `/` or `.`, a file's extension left out), 2 contiguous at a word
/// boundary, 1 contiguous, 0 not contiguous.
fn contiguity(text: &str, needle: &str) -> u8 {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lower-casing changed byte offsets: only the plain tests.
        return u8::from(lower.contains(needle));
    }
    let last = lower
        .rsplit(['/', '.'])
        .find(|c| !c.is_empty())
        .unwrap_or(&lower);
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let stem = file.split('.').next().unwrap_or(file);
    if last == needle || stem == needle {
        return 3;
    }
    let bytes = text.as_bytes();
    let mut best = 0;
    for (at, _) in lower.match_indices(needle) {
        let boundary = at == 0 || {
            let before = bytes[at - 1];
            let here = bytes[at];
            matches!(before, b'/' | b'.' | b'_' | b'-' | b' ')
                || (before.is_ascii_lowercase() && here.is_ascii_uppercase())
        };
        best = best.max(if boundary { 2 } else { 1 });
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_and_marks_positions() {
        let mut f = Fuzzy::new(false);
        let items = [
            "Flask.route",
            "Blueprint.route",
            "Flask.run",
            "helpers.url_for",
        ];
        let r = f.rank("flroute", items, 10);
        assert_eq!(items[r[0].index], "Flask.route");
        assert_eq!(r[0].positions, [0, 1, 6, 7, 8, 9, 10]);
        assert!(r.iter().all(|m| items[m.index] != "helpers.url_for"));
    }

    #[test]
    fn smart_case() {
        let mut f = Fuzzy::new(false);
        let items = ["Session", "session_factory"];
        assert_eq!(f.rank("session", items, 10).len(), 2);
        let r = f.rank("Session", items, 10);
        assert_eq!(r.len(), 1);
        assert_eq!(items[r[0].index], "Session");
    }

    #[test]
    fn paths_prefer_file_names() {
        let mut f = Fuzzy::new(true);
        let items = [
            "src/flask/app.py",
            "docs/appendix/flask_apps.rst",
            "src/flask/ctx.py",
        ];
        let r = f.rank("app", items, 2);
        assert_eq!(items[r[0].index], "src/flask/app.py");
        assert_eq!(r.len(), 2);
    }

    /// Issue 15, point 11: what flask's finders ranked wrong.
    #[test]
    fn contiguous_and_boundary_matches_first_source_before_tests() {
        let mut f = Fuzzy::new(true);
        let files = [
            "src/flask/sansio/README.md",
            "examples/celery/requirements.txt",
            "LICENSE.txt",
            "tests/test_appctx.py",
            "src/flask/ctx.py",
            "docs/license.txt",
        ];
        let r = f.rank_with(
            "ctx",
            files.iter().map(|p| {
                (
                    *p,
                    Standing {
                        area: path_area(p),
                        kind: 0,
                    },
                )
            }),
            10,
        );
        let names: Vec<&str> = r.iter().map(|m| files[m.index]).collect();
        assert_eq!(
            names[..2],
            ["src/flask/ctx.py", "tests/test_appctx.py"],
            "{names:?}"
        );
        let mut f = Fuzzy::new(false);
        let symbols = [
            "RouteCallable",
            "routes_command",
            "T_route",
            "Scaffold.route",
        ];
        let r = f.rank("route", symbols, 10);
        assert_eq!(symbols[r[0].index], "Scaffold.route");
        assert_eq!(r.len(), 4, "every one matches, the exact one first");
    }

    #[test]
    fn an_empty_query_orders_by_standing() {
        let mut f = Fuzzy::new(false);
        let items = [
            ("x", Standing { area: 1, kind: 4 }),
            ("Flask", Standing { area: 1, kind: 0 }),
            ("test_x", Standing { area: 2, kind: 1 }),
            ("App", Standing { area: 0, kind: 0 }),
        ];
        let r = f.rank_with("", items, 10);
        let names: Vec<&str> = r.iter().map(|m| items[m.index].0).collect();
        assert_eq!(names, ["App", "Flask", "x", "test_x"]);
    }

    #[test]
    fn empty_query_keeps_order() {
        let mut f = Fuzzy::new(true);
        let r = f.rank("", ["b", "a", "c"], 2);
        assert_eq!(r.iter().map(|m| m.index).collect::<Vec<_>>(), [0, 1]);
    }

    #[test]
    fn non_ascii_positions_are_characters() {
        let mut f = Fuzzy::new(false);
        // "café_été" is 8 characters and 11 bytes; `t` is character 6.
        let r = f.rank("ét", ["café_été"], 1);
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].positions, [5, 6]);
    }
}
