//! The catalog: the repositories to study, the study steps and resources.
//!
//! The source of truth is a TOML file (`catalog/python-codebases.toml`, embedded
//! in the binary). Loading is two passes: serde with spans (syntax, unknown and
//! missing fields), then semantic checks that point at the offending line.
//! This module has no terminal or git code.

pub mod diagnostic;
mod raw;

use std::fmt;
use std::path::Path;

pub use diagnostic::Diagnostic;

/// The catalog shipped inside the binary.
pub const EMBEDDED_SOURCE: &str = include_str!("../../catalog/python-codebases.toml");
/// How the embedded catalog is named in error messages.
pub const EMBEDDED_ORIGIN: &str = "<embedded catalog>";

/// A validated catalog. Every repository id is unique, every category has at
/// least one repository, and every key-file path is a safe relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    pub title: String,
    pub intro: String,
    pub tip: String,
    /// In file order; each holds its repositories in file order.
    pub categories: Vec<Category>,
    pub study: StudyGuide,
    pub resources: Resources,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: String,
    pub title: String,
    pub icon: String,
    pub repos: Vec<Repo>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repo {
    /// `owner/name`, as on the forge.
    pub id: String,
    pub owner: String,
    pub name: String,
    pub category: String,
    pub url: String,
    /// As the seed shows it ("76k+").
    pub stars: String,
    /// For sorting (76000).
    pub stars_count: u64,
    pub focus: String,
    pub learn: Vec<String>,
    /// Exactly as the seed lists them; resolved against a clone elsewhere.
    pub key_files: Vec<String>,
    pub recommended_first: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudyGuide {
    pub title: String,
    pub icon: String,
    pub steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub title: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resources {
    pub title: String,
    pub icon: String,
    pub items: Vec<Resource>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub title: String,
    pub url: String,
    pub description: String,
}

/// Why a catalog could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error(
        "could not read catalog {path}: {source}\n  = help: check the file named by --catalog or CODESTUDY_CATALOG, or leave both unset to use the embedded catalog"
    )]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// TOML syntax, unknown or missing fields, wrong types.
    #[error("invalid catalog: {0}")]
    Syntax(Diagnostic),
    /// Well-formed TOML that breaks the catalog's rules; every problem found.
    #[error("invalid catalog: {}", DisplayAll(.0))]
    Invalid(Vec<Diagnostic>),
}

impl CatalogError {
    /// The located problems, first one first (empty for read errors).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            CatalogError::Read { .. } => &[],
            CatalogError::Syntax(d) => std::slice::from_ref(d),
            CatalogError::Invalid(ds) => ds,
        }
    }
}

pub(crate) struct DisplayAll<'a>(pub(crate) &'a [Diagnostic]);

impl fmt::Display for DisplayAll<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                write!(f, "\n\n")?;
            }
            write!(f, "{d}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n\n{} problems found", self.0.len())?;
        }
        Ok(())
    }
}

impl Catalog {
    /// The catalog compiled into the binary.
    pub fn embedded() -> Result<Catalog, CatalogError> {
        Catalog::parse(EMBEDDED_SOURCE, EMBEDDED_ORIGIN)
    }

    /// Load and validate a catalog file.
    pub fn load(path: &Path) -> Result<Catalog, CatalogError> {
        let source = std::fs::read_to_string(path).map_err(|source| CatalogError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Catalog::parse(&source, &path.display().to_string())
    }

    /// Parse and validate catalog text; `origin` names it in error messages.
    pub fn parse(source: &str, origin: &str) -> Result<Catalog, CatalogError> {
        raw::parse(source, origin)
    }

    /// Every repository, category by category, in display order.
    pub fn repos(&self) -> impl Iterator<Item = &Repo> {
        self.categories.iter().flat_map(|c| c.repos.iter())
    }

    /// The repository with exactly this id, as the app and its effects name
    /// it (no case folding or bare names: that is `find_repo`, for people).
    pub fn repo(&self, id: &str) -> Option<&Repo> {
        self.repos().find(|r| r.id == id)
    }

    /// Find a repository by `owner/name` or by bare `name`
    /// (case-insensitive). A bare name shared by two owners is ambiguous.
    pub fn find_repo(&self, query: &str) -> Result<&Repo, LookupError> {
        let q = query.trim();
        if let Some(r) = self.repos().find(|r| r.id.eq_ignore_ascii_case(q)) {
            return Ok(r);
        }
        let by_name: Vec<&Repo> = self
            .repos()
            .filter(|r| r.name.eq_ignore_ascii_case(q))
            .collect();
        match by_name.as_slice() {
            [one] => Ok(one),
            [] => Err(LookupError::Unknown {
                query: q.to_string(),
                known: self.repos().map(|r| r.name.clone()).collect(),
            }),
            many => Err(LookupError::Ambiguous {
                query: q.to_string(),
                candidates: many.iter().map(|r| r.id.clone()).collect(),
            }),
        }
    }
}

/// A repository name on the command line that the catalog does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no repository \"{query}\" in the catalog; known: {}", known.join(", "))]
    Unknown { query: String, known: Vec<String> },
    #[error("\"{query}\" is ambiguous; use one of: {}", candidates.join(", "))]
    Ambiguous {
        query: String,
        candidates: Vec<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_catalog_loads() {
        let c = Catalog::embedded().expect("embedded catalog is valid");
        assert_eq!(c.categories.len(), 3);
        assert_eq!(c.repos().count(), 12);
        assert!(c.categories.iter().all(|cat| cat.repos.len() == 4));
        assert_eq!(c.study.steps.len(), 6);
        assert_eq!(c.resources.items.len(), 3);
    }

    #[test]
    fn recommended_first_are_requests_and_flask() {
        let c = Catalog::embedded().unwrap();
        let mut rec: Vec<&str> = c
            .repos()
            .filter(|r| r.recommended_first)
            .map(|r| r.name.as_str())
            .collect();
        rec.sort();
        assert_eq!(rec, ["flask", "requests"]);
    }

    #[test]
    fn find_repo_by_id_or_name() {
        let c = Catalog::embedded().unwrap();
        assert_eq!(c.find_repo("flask").unwrap().id, "pallets/flask");
        assert_eq!(c.find_repo("PSF/Requests").unwrap().name, "requests");
        let err = c.find_repo("flaskk").unwrap_err();
        assert!(err.to_string().contains("no repository \"flaskk\""));
    }
}
