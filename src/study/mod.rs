//! The study method, with no terminal code: what a person records (each
//! step's state and date, the symbols read, notes) and where it is saved,
//! and what each step of the method shows, built from the clone.
//!
//! - `progress`: the records and the [`Change`]s that edit them.
//! - `store`: `progress.toml` on disk, read-modify-write under a lock
//!   waited for a bounded time.
//! - `steps/`: one file per step ([`StepKind`]); a new step goes there.
//! - `views`: the view types, and the history, commit and diff views.
//! - `markdown`: Markdown to styled lines; `rst`: reStructuredText lowered
//!   to Markdown for it; `export`: progress to Markdown.
//! - `dates`: the clock and commit times as text.

pub mod dates;
pub mod export;
mod lock_holder;
pub mod markdown;
pub mod progress;
pub mod rst;
pub mod steps;
pub mod store;
pub mod views;

pub use dates::{format_date, today_and_now};
pub use export::export_markdown;
pub use progress::{
    Change, LastPlace, Note, NoteTarget, Progress, ReadSymbols, RepoProgress, StepRecord, StepState,
};
pub use steps::{StepKey, StepKind};
pub use store::{DEFAULT_LOCK_WAIT, Holder, LockBusy, Store, StudyError};
