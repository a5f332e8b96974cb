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

    /// The best `limit` candidates for `query`, best first; ties go to the
    /// shorter candidate, then to the earlier one. An empty query keeps
    /// the first `limit` in their order.
    pub fn rank<'a>(
        &mut self,
        query: &str,
        candidates: impl IntoIterator<Item = &'a str>,
        limit: usize,
    ) -> Vec<Ranked> {
        let pattern = Pattern::parse(query, CaseMatching::Smart, Normalization::Smart);
        let mut buf = Vec::new();
        let mut scored: Vec<(u32, usize, usize)> = Vec::new();
        let texts: Vec<&str> = candidates.into_iter().collect();
        for (i, text) in texts.iter().enumerate() {
            if let Some(score) = pattern.score(Utf32Str::new(text, &mut buf), &mut self.matcher) {
                scored.push((score, text.len(), i));
            }
        }
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        scored.truncate(limit);
        scored
            .into_iter()
            .map(|(score, _, index)| {
                let mut positions = Vec::new();
                pattern.indices(
                    Utf32Str::new(texts[index], &mut buf),
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
