//! The study method, with no terminal code: what a person records (each
//! step's state and date, the symbols read, notes) and where it is saved,
//! and what each step of the method shows, built from the clone.
//!
//! - `progress`: the records and the [`Change`]s that edit them.
//! - `store`: `progress.toml` on disk, read-modify-write under a lock.
//! - `docs`, `tests_map`, `commands`, `views`: what the steps show.
//! - `markdown`: Markdown to styled lines; `export`: progress to Markdown.
//! - `dates`: the clock and commit times as text.

pub mod commands;
pub mod dates;
pub mod docs;
pub mod export;
pub mod markdown;
pub mod progress;
pub mod store;
pub mod tests_map;
pub mod views;

pub use dates::{format_date, today_and_now};
pub use export::export_markdown;
pub use progress::{
    Change, Note, NoteTarget, Progress, ReadSymbols, RepoProgress, StepRecord, StepState,
};
pub use store::{Store, StudyError};

/// The six steps of the study method.
pub const STEPS: usize = 6;
