//! Why a background job brought back no result: the one error type that
//! crosses the job boundary, so that the app tells a cancel from a
//! failure by its variant and never by its text.

use crate::outline::OutlineError;
use crate::outline::index::IndexError;
use crate::repo::RepoError;
use crate::study::StudyError;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JobError {
    /// Stopped because it was asked to (`c` on a clone, a newer file
    /// replacing the one loading): nothing went wrong.
    #[error("cancelled")]
    Cancelled,
    /// The job's thread could not be started (the system is out of
    /// threads or memory), so it never ran.
    #[error(
        "could not start a background thread for this ({0}); the system may be short of memory or processes: close something and try again"
    )]
    NotStarted(String),
    /// It ran and failed: the message says what, where and what to do.
    #[error("{0}")]
    Failed(String),
}

impl From<String> for JobError {
    fn from(message: String) -> JobError {
        JobError::Failed(message)
    }
}

impl From<&str> for JobError {
    fn from(message: &str) -> JobError {
        JobError::Failed(message.to_string())
    }
}

impl From<RepoError> for JobError {
    fn from(e: RepoError) -> JobError {
        match e {
            RepoError::Cancelled => JobError::Cancelled,
            other => JobError::Failed(other.to_string()),
        }
    }
}

impl From<OutlineError> for JobError {
    fn from(e: OutlineError) -> JobError {
        match e {
            OutlineError::Cancelled => JobError::Cancelled,
        }
    }
}

impl From<IndexError> for JobError {
    fn from(e: IndexError) -> JobError {
        match e {
            IndexError::Cancelled => JobError::Cancelled,
            IndexError::Repo(e) => e.into(),
        }
    }
}

impl From<StudyError> for JobError {
    fn from(e: StudyError) -> JobError {
        JobError::Failed(e.to_string())
    }
}

impl JobError {
    /// A thread that would not start.
    pub fn not_started(e: &std::io::Error) -> JobError {
        JobError::NotStarted(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancels_are_told_apart_by_type_not_text() {
        assert_eq!(JobError::from(RepoError::Cancelled), JobError::Cancelled);
        assert_eq!(JobError::from(OutlineError::Cancelled), JobError::Cancelled);
        assert_eq!(JobError::from(IndexError::Cancelled), JobError::Cancelled);
        assert_eq!(
            JobError::from(IndexError::Repo(RepoError::Cancelled)),
            JobError::Cancelled
        );
        // A failure that says "cancelled" is still a failure.
        assert_eq!(
            JobError::from("cancelled"),
            JobError::Failed("cancelled".into())
        );
        let unreachable = RepoError::Unreachable {
            host: "github.com".into(),
            detail: "connection refused".into(),
        };
        let text = unreachable.to_string();
        assert_eq!(JobError::from(unreachable), JobError::Failed(text));
    }
}
