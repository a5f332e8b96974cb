//! Repository-wide text search: ripgrep's own crates (`grep-regex`,
//! `grep-searcher`, `globset`) run over blob contents read from the object
//! database, never a checkout. No terminal code.
//!
//! - [`cache`]: the text of blobs, keyed by blob id, bounded in bytes and
//!   shared by every search of the process (and by whatever else reads
//!   blobs), so a repository is read from its pack once.
//! - [`query`]: a pattern and its options turned into a matcher, and path
//!   globs (with `!` negation) into a filter. Every error says where.
//! - [`engine`]: the walk over the tree at HEAD, in parallel, one callback
//!   per file, cancellable between files and between matches.

pub mod cache;
pub mod engine;
pub mod query;

pub use cache::{CacheStats, Slot, TextCache};
pub use engine::{FileHit, LineHit, SearchError, SearchOptions, SearchStats, search};
pub use query::{CaseMode, Query, QueryError, QueryOptions};
