//! The catalog as written: serde types that keep spans, and the semantic
//! checks that turn them into a [`Catalog`].

use std::collections::HashMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostic::LineIndex;
use super::{
    Catalog, CatalogError, Category, Diagnostic, Repo, Resource, Resources, Step, StudyGuide,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    title: String,
    intro: String,
    tip: String,
    categories: Vec<RawCategory>,
    repos: Vec<RawRepo>,
    study: RawStudy,
    resources: RawResources,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    title: String,
    icon: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRepo {
    id: Spanned<String>,
    category: Spanned<String>,
    url: Spanned<String>,
    stars: String,
    stars_count: u64,
    focus: String,
    learn: Vec<String>,
    key_files: Vec<Spanned<String>>,
    #[serde(default)]
    recommended_first: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStudy {
    title: String,
    icon: String,
    steps: Vec<RawStep>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    title: String,
    detail: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResources {
    title: String,
    icon: String,
    items: Vec<RawResource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResource {
    title: String,
    url: Spanned<String>,
    #[serde(default)]
    description: String,
}

pub(super) fn parse(source: &str, origin: &str) -> Result<Catalog, CatalogError> {
    let raw: RawCatalog = toml::from_str(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        CatalogError::Syntax(Diagnostic::at(
            origin,
            source,
            span,
            e.message().trim_end().to_string(),
            Some("see \"Catalog format\" in the README for the fields a catalog takes".to_string()),
        ))
    })?;
    let mut checker = Checker {
        origin,
        source,
        lines: LineIndex::new(source),
        problems: Vec::new(),
    };
    let catalog = checker.check(raw);
    if checker.problems.is_empty() {
        Ok(catalog)
    } else {
        Err(CatalogError::Invalid(checker.problems))
    }
}

struct Checker<'a> {
    origin: &'a str,
    source: &'a str,
    /// Lines found by binary search: a line number per repository counted
    /// from the file's start made loading quadratic.
    lines: LineIndex,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: String, help: &str) {
        self.problems.push(Diagnostic::indexed(
            self.origin,
            self.source,
            &self.lines,
            span,
            message,
            Some(help.to_string()),
        ));
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        self.lines.line(span.start.min(self.source.len()))
    }

    fn check(&mut self, raw: RawCatalog) -> Catalog {
        let mut categories: Vec<Category> = Vec::new();
        let mut category_spans: Vec<Range<usize>> = Vec::new();
        // Category id -> its index in `categories`.
        let mut category_at: HashMap<String, usize> = HashMap::new();
        for c in raw.categories {
            let span = c.id.span();
            let id = c.id.into_inner();
            if id.trim().is_empty() {
                self.report(
                    span.clone(),
                    "category id is empty".into(),
                    "give the category a short id such as \"web\"",
                );
            }
            if let Some(&first) = category_at.get(&id) {
                let first_line = self.line_of(&category_spans[first]);
                self.report(
                    span.clone(),
                    format!("duplicate category id \"{id}\" (first defined at line {first_line})"),
                    "give each [[categories]] entry a unique id",
                );
                continue;
            }
            category_at.insert(id.clone(), categories.len());
            categories.push(Category {
                id,
                title: c.title,
                icon: c.icon,
                repos: Vec::new(),
            });
            category_spans.push(span);
        }

        let mut seen_ids: HashMap<String, usize> = HashMap::new();
        // A repository rejected for its id or category leaves its category
        // looking empty; saying so too would only repeat the same problem.
        let mut rejected_repos = 0;
        for r in raw.repos {
            let id_span = r.id.span();
            let id = r.id.into_inner();
            let Some((owner, name)) = split_repo_id(&id) else {
                self.report(
                    id_span,
                    format!("repository id \"{id}\" is not of the form owner/name"),
                    "write the id as on GitHub, e.g. \"pallets/flask\" (letters, digits, '.', '-', '_')",
                );
                rejected_repos += 1;
                continue;
            };
            let key = id.to_ascii_lowercase();
            if let Some(&first_line) = seen_ids.get(&key) {
                self.report(
                    id_span,
                    format!(
                        "duplicate repository id \"{id}\" (first defined at line {first_line})"
                    ),
                    "give each [[repos]] entry a unique owner/name id",
                );
                continue;
            }
            seen_ids.insert(key, self.line_of(&id_span));

            let url_span = r.url.span();
            let url = r.url.into_inner();
            if !is_https_url(&url) {
                self.report(
                    url_span,
                    format!("repository URL \"{url}\" is not https"),
                    "catalog URLs must start with https://",
                );
            }

            let mut key_files = Vec::new();
            for k in r.key_files {
                let span = k.span();
                let path = k.into_inner();
                if let Err(why) = crate::safe_path::check_repo_path(&path) {
                    self.report(
                        span,
                        format!("key file path {path:?} {why}"),
                        "write key files relative to the repository root with '/' separators, e.g. \"src/flask/app.py\"",
                    );
                }
                key_files.push(path);
            }

            let cat_span = r.category.span();
            let category = r.category.into_inner();
            let Some(slot) = category_at
                .get(&category)
                .and_then(|&i| categories.get_mut(i))
            else {
                let known: Vec<String> =
                    categories.iter().map(|c| format!("\"{}\"", c.id)).collect();
                self.report(
                    cat_span,
                    format!("repository \"{id}\" is in unknown category \"{category}\""),
                    &format!("use one of the [[categories]] ids: {}", known.join(", ")),
                );
                rejected_repos += 1;
                continue;
            };
            slot.repos.push(Repo {
                owner: owner.to_string(),
                name: name.to_string(),
                id,
                category,
                url,
                stars: r.stars,
                stars_count: r.stars_count,
                focus: r.focus,
                learn: r.learn,
                key_files,
                recommended_first: r.recommended_first,
            });
        }

        for (c, span) in categories.iter().zip(&category_spans) {
            if c.repos.is_empty() && rejected_repos == 0 {
                self.problems.push(Diagnostic::indexed(
                    self.origin,
                    self.source,
                    &self.lines,
                    span.clone(),
                    format!("category \"{}\" has no repositories", c.id),
                    Some(format!(
                        "add a [[repos]] entry with category = \"{}\", or remove the category",
                        c.id
                    )),
                ));
            }
        }

        let mut items = Vec::new();
        for item in raw.resources.items {
            let span = item.url.span();
            let url = item.url.into_inner();
            if !is_https_url(&url) {
                self.report(
                    span,
                    format!("resource URL \"{url}\" is not https"),
                    "resource links must start with https://",
                );
            }
            items.push(Resource {
                title: item.title,
                url,
                description: item.description,
            });
        }

        for (what, empty) in [
            ("[[categories]]", categories.is_empty()),
            ("[[repos]]", seen_ids.is_empty() && rejected_repos == 0),
            ("[[study.steps]]", raw.study.steps.is_empty()),
        ] {
            if empty {
                self.report(
                    0..0,
                    format!("the catalog has no {what} entries"),
                    &format!("add at least one {what} entry; see \"Catalog format\" in the README"),
                );
            }
        }
        // Problems are reported in file order, whatever pass found them.
        self.problems.sort_by_key(|d| (d.line, d.column));

        Catalog {
            title: raw.title,
            intro: raw.intro,
            tip: raw.tip,
            categories,
            study: StudyGuide {
                title: raw.study.title,
                icon: raw.study.icon,
                steps: raw
                    .study
                    .steps
                    .into_iter()
                    .map(|s| Step {
                        title: s.title,
                        detail: s.detail,
                    })
                    .collect(),
            },
            resources: Resources {
                title: raw.resources.title,
                icon: raw.resources.icon,
                items,
            },
        }
    }
}

/// `owner/name` where both parts are forge-style names. They become cache
/// paths (`repos/<owner>/<name>.git`), so nothing else may pass.
fn split_repo_id(id: &str) -> Option<(&str, &str)> {
    let (owner, name) = id.split_once('/')?;
    let ok = |part: &str| {
        !part.is_empty()
            && !part.starts_with('.')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    };
    (ok(owner) && ok(name)).then_some((owner, name))
}

fn is_https_url(url: &str) -> bool {
    url.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_ids() {
        assert_eq!(split_repo_id("pallets/flask"), Some(("pallets", "flask")));
        assert_eq!(
            split_repo_id("scikit-learn/scikit-learn"),
            Some(("scikit-learn", "scikit-learn"))
        );
        for bad in [
            "flask", "/flask", "a/", "a/b/c", "../x", "a/..", "a b/c", "a/.git",
        ] {
            assert_eq!(split_repo_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn https_only() {
        assert!(is_https_url("https://github.com/psf/requests"));
        assert!(!is_https_url("http://github.com/psf/requests"));
        assert!(!is_https_url("https://"));
        assert!(!is_https_url("git://github.com/x/y"));
    }
}
