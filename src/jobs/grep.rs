//! The live grep's jobs: the search, its results streamed back in batches,
//! and the lines around a match for the preview.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use crate::app::{JobError, JobResult};
use crate::repo::{Content, RepoPath, Snapshot};
use crate::search::{FileHit, Query, QueryOptions, SearchOptions, TextCache, search};

/// Results are sent at most this often (the first file with a match at
/// once): a redraw per file would cost more than the search.
const BATCH_EVERY: Duration = Duration::from_millis(30);

/// Search the clone at `dir`, sending `GrepFound` batches through `send`;
/// returns the `GrepDone` result.
pub fn grep(
    dir: &Path,
    request: u64,
    options: &QueryOptions,
    max_lines: usize,
    max_line_bytes: usize,
    cancel: &AtomicBool,
    send: &(dyn Fn(JobResult) + Sync),
) -> JobResult {
    let query = match Query::new(options) {
        Ok(q) => q,
        Err(e) => {
            return JobResult::GrepDone {
                request,
                result: Err(e.to_string().into()),
            };
        }
    };
    let batch: Mutex<(Vec<FileHit>, Option<Instant>)> = Mutex::new((Vec::new(), None));
    let flush = |b: &mut (Vec<FileHit>, Option<Instant>)| {
        if !b.0.is_empty() {
            send(JobResult::GrepFound {
                request,
                files: std::mem::take(&mut b.0),
            });
        }
        b.1 = Some(Instant::now());
    };
    let result = search(
        dir,
        &TextCache::global(),
        &query,
        &SearchOptions {
            max_line_bytes: Some(max_line_bytes),
            max_lines: Some(max_lines),
            ..SearchOptions::default()
        },
        cancel,
        &|hit| {
            if hit.lines.is_empty() {
                return;
            }
            if let Ok(mut b) = batch.lock() {
                b.0.push(hit);
                if b.1.is_none_or(|t| t.elapsed() >= BATCH_EVERY) {
                    flush(&mut b);
                }
            }
        },
    );
    if let Ok(mut b) = batch.lock() {
        flush(&mut b);
    }
    super::give_back_memory();
    JobResult::GrepDone {
        request,
        result: result.map_err(|e| e.to_string().into()),
    }
}

/// The lines around `line` (1-based) of `path`: the first line's number
/// and the lines, raw (the preview sanitizes what it draws).
pub fn preview(
    dir: &Path,
    path: &RepoPath,
    line: u64,
    context: u64,
) -> Result<(u64, Vec<String>), JobError> {
    let snap = Snapshot::open(dir)?;
    let cap = TextCache::global().file_cap();
    match snap.read(path, cap)? {
        Content::Text { text, .. } => {
            let first = line.saturating_sub(context).max(1);
            let lines = text
                .split('\n')
                .skip((first - 1) as usize)
                .take((2 * context + 1) as usize)
                .map(|l| l.strip_suffix('\r').unwrap_or(l).to_string())
                .collect();
            Ok((first, lines))
        }
        _ => Err(format!("{path} is no longer a text file").into()),
    }
}
