//! A search as typed (pattern, case, word, literal, globs) turned into a
//! matcher and a path filter. Errors say what is wrong and where, so they
//! can be shown under a prompt or on stderr.

use std::path::Path;

use globset::{Glob, GlobBuilder, GlobSet, GlobSetBuilder};
use grep_regex::{RegexMatcher, RegexMatcherBuilder};

/// The compiled program may take this many bytes at most: a pattern like
/// `(a{1000}){1000}` is refused at once instead of eating memory (the
/// regex crate's own default, which ripgrep also uses).
pub const REGEX_SIZE_LIMIT: usize = 10 * 1024 * 1024;

/// The lazy DFA's cache per search thread; past it the engine slows down
/// instead of growing.
pub const DFA_SIZE_LIMIT: usize = 64 * 1024 * 1024;

/// Patterns longer than this are refused before they are parsed.
pub const MAX_PATTERN_LEN: usize = 64 * 1024;

/// How letter case is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseMode {
    /// Case-insensitive unless the pattern has an upper-case letter (rg's
    /// `--smart-case`).
    #[default]
    Smart,
    Insensitive,
    Sensitive,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryOptions {
    pub pattern: String,
    pub case: CaseMode,
    /// Match whole words only (rg's `-w`).
    pub word: bool,
    /// The pattern is a literal string, not a regex (`-F`).
    pub literal: bool,
    /// Path globs; `!` in front excludes. See [`PathFilter`].
    pub globs: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("invalid regex at column {column}: {message}\n    {pattern}\n    {caret}")]
    InvalidRegex {
        pattern: String,
        /// 1-based, in characters.
        column: usize,
        message: String,
        /// `^` under the offending part, for display under the pattern.
        caret: String,
    },
    #[error("the regex {detail} (simplify it, or use -F for a literal string)")]
    TooComplex { detail: String },
    #[error("the pattern is {len} bytes long; at most {MAX_PATTERN_LEN} are accepted")]
    TooLong { len: usize },
    #[error("invalid glob {glob:?}: {message}")]
    InvalidGlob { glob: String, message: String },
}

/// A compiled search: the matcher and the path filter. `Sync`: every
/// search thread borrows the same one.
#[derive(Debug, Clone)]
pub struct Query {
    pub options: QueryOptions,
    pub matcher: RegexMatcher,
    pub filter: PathFilter,
}

impl Query {
    pub fn new(options: &QueryOptions) -> Result<Query, QueryError> {
        let pattern = &options.pattern;
        if pattern.len() > MAX_PATTERN_LEN {
            return Err(QueryError::TooLong { len: pattern.len() });
        }
        let filter = PathFilter::new(&options.globs)?;
        let mut b = RegexMatcherBuilder::new();
        b.line_terminator(Some(b'\n'))
            .size_limit(REGEX_SIZE_LIMIT)
            .dfa_size_limit(DFA_SIZE_LIMIT)
            .word(options.word)
            .fixed_strings(options.literal);
        match options.case {
            CaseMode::Smart => b.case_smart(true),
            CaseMode::Insensitive => b.case_insensitive(true),
            CaseMode::Sensitive => b.case_insensitive(false),
        };
        let matcher = b.build(pattern).map_err(|e| explain(options, &e))?;
        Ok(Query {
            options: options.clone(),
            matcher,
            filter,
        })
    }
}

/// Turn grep-regex's error into one that points at the column: the pattern
/// is parsed again with regex-syntax, which gives the span.
fn explain(options: &QueryOptions, err: &grep_regex::Error) -> QueryError {
    let text = err.to_string();
    if text.contains("size limit") {
        return QueryError::TooComplex {
            detail: "is too large once compiled (over 10 MiB)".into(),
        };
    }
    if !options.literal {
        let pattern = &options.pattern;
        let mut parser = regex_syntax::ast::parse::ParserBuilder::new().build();
        let located = match parser.parse(pattern) {
            Err(e) => Some((
                e.span().start.offset,
                e.span().end.offset,
                e.kind().to_string(),
            )),
            Ok(ast) => {
                let ci = options.case == CaseMode::Insensitive;
                regex_syntax::hir::translate::TranslatorBuilder::new()
                    .case_insensitive(ci)
                    .utf8(false)
                    .build()
                    .translate(pattern, &ast)
                    .err()
                    .map(|e| {
                        (
                            e.span().start.offset,
                            e.span().end.offset,
                            e.kind().to_string(),
                        )
                    })
            }
        };
        if let Some((start, end, message)) = located {
            let shown = crate::sanitize::sanitize_line(pattern).into_owned();
            let column = pattern[..start.min(pattern.len())].chars().count() + 1;
            let width = pattern
                .get(start..end.max(start))
                .map_or(1, |s| s.chars().count().max(1));
            let caret = format!("{}{}", " ".repeat(column - 1), "^".repeat(width));
            return QueryError::InvalidRegex {
                pattern: shown,
                column,
                message,
                caret,
            };
        }
    }
    // No span to show: grep-regex's own words, on one line.
    QueryError::TooComplex {
        detail: format!(
            "could not be compiled: {}",
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
    }
}

/// Which paths are searched, from globs as ripgrep's `--glob` reads them:
/// a glob without `/` matches a name at any depth (`*.py`), one with `/`
/// is anchored at the root (`src/**/*.py`, a leading `/` allowed); `*` does
/// not cross `/`, `**` does. `!` in front excludes. A glob that matches a
/// directory matches everything under it (`!tests`, `docs/`). When any
/// glob includes, a path must match one of those; an exclusion always wins.
#[derive(Debug, Clone, Default)]
pub struct PathFilter {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// Patterns ending in `/`: they match directories only.
    include_dirs: Option<GlobSet>,
    exclude_dirs: Option<GlobSet>,
}

impl PathFilter {
    pub fn new(globs: &[String]) -> Result<PathFilter, QueryError> {
        let mut sets: [Vec<Glob>; 4] = Default::default();
        for raw in globs {
            let (negated, body) = match raw.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, raw.as_str()),
            };
            let (dir_only, body) = match body.strip_suffix('/') {
                Some(rest) => (true, rest),
                None => (false, body),
            };
            let anchored = body.contains('/');
            let body = body.strip_prefix('/').unwrap_or(body);
            if body.is_empty() {
                return Err(QueryError::InvalidGlob {
                    glob: raw.clone(),
                    message: "it names no path".into(),
                });
            }
            let full = if anchored {
                body.to_string()
            } else {
                format!("**/{body}")
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
                .map_err(|e| QueryError::InvalidGlob {
                    glob: raw.clone(),
                    message: e.kind().to_string(),
                })?;
            sets[usize::from(negated) * 2 + usize::from(dir_only)].push(glob);
        }
        let build = |globs: &[Glob]| -> Result<Option<GlobSet>, QueryError> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(g.clone());
            }
            b.build().map(Some).map_err(|e| QueryError::InvalidGlob {
                glob: globs.iter().map(|g| g.glob()).collect::<Vec<_>>().join(" "),
                message: e.to_string(),
            })
        };
        Ok(PathFilter {
            include: build(&sets[0])?,
            include_dirs: build(&sets[1])?,
            exclude: build(&sets[2])?,
            exclude_dirs: build(&sets[3])?,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.include.is_none()
            && self.exclude.is_none()
            && self.include_dirs.is_none()
            && self.exclude_dirs.is_none()
    }

    /// Whether the file at `path` (bytes as git stores them) is searched.
    pub fn allows(&self, path: &[u8]) -> bool {
        if self.is_empty() {
            return true;
        }
        let hit = |file: &Option<GlobSet>, dirs: &Option<GlobSet>| -> bool {
            let file_hit = file.as_ref().is_some_and(|set| set.is_match(as_path(path)));
            file_hit
                || ancestors(path).any(|dir| {
                    file.as_ref().is_some_and(|s| s.is_match(as_path(dir)))
                        || dirs.as_ref().is_some_and(|s| s.is_match(as_path(dir)))
                })
        };
        if hit(&self.exclude, &self.exclude_dirs) {
            return false;
        }
        if self.include.is_none() && self.include_dirs.is_none() {
            return true;
        }
        hit(&self.include, &self.include_dirs)
    }
}

/// Every directory above `path`, as a prefix of it (`a`, `a/b` for `a/b/c`).
fn ancestors(path: &[u8]) -> impl Iterator<Item = &[u8]> {
    path.iter()
        .enumerate()
        .filter(|(_, b)| **b == b'/')
        .map(move |(i, _)| &path[..i])
}

fn as_path(bytes: &[u8]) -> &Path {
    use std::os::unix::ffi::OsStrExt;
    Path::new(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(globs: &[&str]) -> PathFilter {
        PathFilter::new(&globs.iter().map(|g| g.to_string()).collect::<Vec<_>>())
            .unwrap_or_default()
    }

    #[test]
    fn globs_read_as_ripgrep_reads_them() {
        let f = filter(&["*.py"]);
        assert!(f.allows(b"a.py"));
        assert!(f.allows(b"src/pkg/a.py"));
        assert!(!f.allows(b"a.pyc"));

        let f = filter(&["src/**/*.py", "!tests/**"]);
        assert!(f.allows(b"src/a.py"));
        assert!(f.allows(b"src/x/y/a.py"));
        assert!(!f.allows(b"lib/src/a.py"), "a glob with / is anchored");
        assert!(!f.allows(b"tests/a.py"));

        let f = filter(&["!tests"]);
        assert!(
            !f.allows(b"tests/unit/a.py"),
            "a directory excludes its files"
        );
        assert!(!f.allows(b"pkg/tests/a.py"));
        assert!(f.allows(b"pkg/testsuite.py"));

        let f = filter(&["src/*.py"]);
        assert!(f.allows(b"src/a.py"));
        assert!(!f.allows(b"src/x/a.py"), "* does not cross /");

        let f = filter(&["docs/"]);
        assert!(f.allows(b"docs/index.md"));
        assert!(!f.allows(b"docs"), "a trailing / matches directories only");

        assert!(filter(&[]).allows(b"anything"));
    }

    #[test]
    fn bad_globs_and_regexes_say_where() {
        let err = PathFilter::new(&["src/[a".to_string()]).unwrap_err();
        assert!(err.to_string().contains("src/[a"), "{err}");

        let q = |p: &str| {
            Query::new(&QueryOptions {
                pattern: p.into(),
                ..QueryOptions::default()
            })
        };
        match q("def (foo") {
            Err(QueryError::InvalidRegex { column, .. }) => assert_eq!(column, 5),
            other => panic!("{other:?}"),
        }
        match q("ab[z-a]") {
            Err(QueryError::InvalidRegex { column, caret, .. }) => {
                assert_eq!(column, 4);
                assert!(caret.starts_with("   ^"), "{caret:?}");
            }
            other => panic!("{other:?}"),
        }
        let big = q("(a{1000}){1000}").unwrap_err();
        assert!(matches!(big, QueryError::TooComplex { .. }), "{big:?}");
        assert!(matches!(
            q(&"a".repeat(MAX_PATTERN_LEN + 1)),
            Err(QueryError::TooLong { .. })
        ));
        // A literal is never a regex error.
        assert!(
            Query::new(&QueryOptions {
                pattern: "def (foo".into(),
                literal: true,
                ..QueryOptions::default()
            })
            .is_ok()
        );
    }
}
