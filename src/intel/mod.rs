//! Code intelligence for Python, offline and from the bare clone: go to
//! definition, find references, the import graph and a package's public
//! API.
//!
//! - `facts`: what one file says (scopes, bindings, uses, imports), from
//!   its tree-sitter parse; a function of the blob, cached by blob id.
//! - `scan`: the same facts from a hand-written scanner, many times faster;
//!   it gives up (and tree-sitter is used) on what it is not sure of.
//! - `modules`: which file is which module, knowing the source roots.
//! - `resolve`: the linking pass, done per question: Python's scoping
//!   rules (LEGB, `global`/`nonlocal`, class bodies not enclosing their
//!   methods), imports followed through `__init__.py` re-exports and
//!   `import *`, attributes through classes and their bases.
//! - `store`: building the index of a clone on all cores, and its cache.
//!
//! Every answer carries a [`Confidence`]. Nothing here draws or prints.

pub mod facts;
pub mod modules;
pub mod resolve;
pub mod scan;
pub mod store;

use serde::Serialize;

pub use resolve::Index;
pub use store::{IntelStats, build, cache_path};

/// How an answer was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Resolved by scopes and imports (and `self`/`cls`).
    Exact,
    /// A type was inferred (a constructor call, an annotation), or the
    /// attribute name has one definition in the repository.
    Likely,
    /// Only the name matches.
    Name,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Exact => "exact",
            Confidence::Likely => "likely",
            Confidence::Name => "name",
        }
    }

    /// The weaker of two.
    pub fn and(self, other: Confidence) -> Confidence {
        self.max(other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DefKind {
    Module,
    Class,
    Function,
    Method,
    Parameter,
    Variable,
    Attribute,
    /// A name that leaves the repository through an import.
    Import,
    Builtin,
}

impl DefKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DefKind::Module => "module",
            DefKind::Class => "class",
            DefKind::Function => "function",
            DefKind::Method => "method",
            DefKind::Parameter => "parameter",
            DefKind::Variable => "variable",
            DefKind::Attribute => "attribute",
            DefKind::Import => "import",
            DefKind::Builtin => "builtin",
        }
    }
}

/// One answer to "where is this defined". Line and column are 1-based,
/// the column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Definition {
    /// The file, or `None` for a name that leaves the repository.
    pub path: Option<String>,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub name: String,
    pub kind: DefKind,
    pub confidence: Confidence,
    /// For a name that leaves the repository: the module it comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// For a name that leaves the repository: the import statement that
    /// brings it in (`line` and `column` are in this file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub import_path: Option<String>,
}

impl Definition {
    /// Where to jump for it: the definition, or the import statement of a
    /// name from outside.
    pub fn place(&self) -> Option<(&str, u32, u32)> {
        let path = self.path.as_deref().or(self.import_path.as_deref())?;
        Some((path, self.line?, self.column.unwrap_or(1)))
    }
}

/// One use of a definition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Reference {
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub confidence: Confidence,
}

/// An import between two files of the repository.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ImportEdge {
    pub from: String,
    pub to: String,
    /// The importing line.
    pub line: u32,
}

/// A name a package's `__init__.py` exports, and where it really lives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Export {
    pub name: String,
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub kind: DefKind,
}

/// Whether a path looks like a test file: tests are listed apart.
pub fn is_test_path(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.starts_with("test_")
        || file.ends_with("_test.py")
        || file == "conftest.py"
        || path
            .split('/')
            .any(|c| matches!(c, "test" | "tests" | "testing"))
}
