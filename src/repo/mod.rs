//! The repository engine: shallow clones into a safe cache, reading trees,
//! files and history from the object database (never a working tree), and
//! resolving the catalog's key files. No terminal code.

pub mod cache;
pub mod clone;
pub mod depth;
pub mod error;
pub mod git_cli;
pub mod gone;
pub mod lazy;
pub mod log;
pub mod mirror;
pub mod net;
pub mod parallel;
pub mod read;
pub mod refs;
pub mod resolve;
pub mod working_copy;

pub use cache::Cache;
pub use clone::{
    CloneEvent, CloneOutcome, CloneRequest, Phase, Progress, clone_or_update, clone_or_update_with,
    spawn_clone,
};
pub use depth::{Depth, cached_depth};
pub use error::{RepoError, Result};
pub use git_cli::{Engine, GitCli};
pub use lazy::Blobs;
pub use mirror::{Mirror, fetch_url};
pub use net::NetLimits;
pub use read::{
    Blob, CommitInfo, Content, DEFAULT_SIZE_CAP, DIFF_SIZE_CAP, Entry, EntryKind, FileChange,
    HistoryPage, RepoPath, Snapshot, parse_commit_id,
};
pub use refs::head_from_ref_files;
pub use resolve::{Became, PathIndex, Resolution, resolve_key_file};
pub use working_copy::{make_working_copy, make_working_copy_at};
