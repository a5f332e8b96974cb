//! Answers to the live grep's jobs.

use codestudy::app::{Effect, JobResult, Overlay};
use codestudy::repo::RepoPath;
use codestudy::search::{FileHit, LineHit, SearchStats};

use super::Harness;

/// A matching line of a grep result, the match at `ranges`.
pub fn hit(line: u64, text: &str, ranges: &[(usize, usize)]) -> LineHit {
    LineHit {
        line,
        column: ranges.first().map_or(1, |r| r.0 + 1),
        columns: ranges.iter().map(|r| r.0 + 1).collect(),
        text: text.into(),
        ranges: ranges.to_vec(),
        cut_before: false,
        cut_after: false,
    }
}

pub fn file(index: usize, path: &str, lines: Vec<LineHit>) -> FileHit {
    FileHit {
        index,
        path: RepoPath::parse(path).unwrap(),
        lines,
    }
}

impl Harness {
    /// The request of the newest grep asked for.
    fn newest_grep(&self) -> u64 {
        self.seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::Grep { request, .. } => Some(*request),
                _ => None,
            })
            .expect("no grep was asked for")
    }

    /// Files found by the newest grep (it goes on).
    pub fn grep_found(&mut self, files: Vec<FileHit>) -> &mut Harness {
        let request = self.newest_grep();
        self.job(JobResult::GrepFound { request, files })
    }

    /// Files found by a grep that a newer one replaced.
    pub fn grep_found_stale(&mut self, files: Vec<FileHit>) -> &mut Harness {
        let request = self.newest_grep() - 1;
        self.job(JobResult::GrepFound { request, files })
    }

    /// The newest grep finished with `stats` (or failed with `error`).
    pub fn grep_done(&mut self, result: Result<SearchStats, &str>) -> &mut Harness {
        let request = self.newest_grep();
        self.pending.retain(|e| !matches!(e, Effect::Grep { .. }));
        self.job(JobResult::GrepDone {
            request,
            result: result.map_err(|e| e.to_string().into()),
        })
    }

    /// The preview asked for last: `lines` from line `first`.
    pub fn grep_preview(&mut self, first: u64, lines: &[&str]) -> &mut Harness {
        let Some(i) = self
            .pending
            .iter()
            .rposition(|e| matches!(e, Effect::GrepPreview { .. }))
        else {
            panic!("no preview is waiting; pending: {:?}", self.pending());
        };
        let Effect::GrepPreview {
            request,
            path,
            line,
            ..
        } = self.pending.remove(i)
        else {
            unreachable!()
        };
        self.pending
            .retain(|e| !matches!(e, Effect::GrepPreview { .. }));
        self.job(JobResult::GrepPreview {
            request,
            path,
            line,
            result: Ok((first, lines.iter().map(|l| l.to_string()).collect())),
        })
    }

    /// The grep's pattern, globs and selected match, when it is open.
    pub fn grep_view(&self) -> Option<&codestudy::app::GrepView> {
        match &self.state.overlay {
            Some(Overlay::Grep(v)) => Some(v),
            _ => None,
        }
    }
}
