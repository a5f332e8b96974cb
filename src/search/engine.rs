//! The search itself: every file of the tree at HEAD, its text from the
//! [`TextCache`] (read from the pack on a miss), searched with
//! grep-searcher on several threads. Results come back per file through a
//! callback, in whatever order the threads finish; each carries its index
//! in path order so a caller can print them as `git grep` does.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use grep_matcher::Matcher;
use grep_regex::RegexMatcher;
use grep_searcher::{BinaryDetection, Searcher, SearcherBuilder, Sink, SinkMatch};

use super::cache::{FileRef, Slot, TextCache};
use super::query::Query;
use crate::repo::{RepoError, RepoPath, Snapshot, read::is_binary};

/// Highlight ranges kept per line at most (a pattern like `a` on a line of
/// a million `a`s would otherwise make a million).
pub const MAX_RANGES_PER_LINE: usize = 64;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchOptions {
    /// Worker threads (at least one).
    pub threads: usize,
    /// Keep at most this many bytes of a matching line, around its first
    /// match (for display); `None` keeps whole lines (the CLI).
    pub max_line_bytes: Option<usize>,
    /// Stop after this many matching lines (`None`: no limit).
    pub max_lines: Option<usize>,
}

impl Default for SearchOptions {
    fn default() -> SearchOptions {
        SearchOptions {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_line_bytes: None,
            max_lines: None,
        }
    }
}

/// One matching line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHit {
    /// 1-based.
    pub line: u64,
    /// 1-based byte column of the first match in the line, as
    /// `git grep --column` counts.
    pub column: usize,
    /// The 1-based byte column of every match in the line (empty matches
    /// after the first left out); at most [`MAX_RANGES_PER_LINE`] when
    /// lines are cut for display.
    pub columns: Vec<usize>,
    /// The line without its `\n` (invalid UTF-8 replaced), possibly cut to
    /// a window around the first match: raw, not yet sanitized.
    pub text: String,
    /// Byte ranges of the matches within `text`.
    pub ranges: Vec<(usize, usize)>,
    /// Text was cut before / after the window.
    pub cut_before: bool,
    pub cut_after: bool,
}

/// One file's result: `lines` is empty for a file that did not match (or
/// was skipped); every file of the tree is reported once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHit {
    /// Position of the file in path order.
    pub index: usize,
    pub path: RepoPath,
    pub lines: Vec<LineHit>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SearchStats {
    /// Files in the tree at HEAD.
    pub files: usize,
    /// Left out by the globs.
    pub filtered: usize,
    /// Files whose text was searched.
    pub searched: usize,
    /// Of those, read from the cache (not the pack).
    pub cached: usize,
    pub bytes: u64,
    pub matched_files: usize,
    pub matched_lines: usize,
    /// Skipped: a NUL in the first 8000 bytes.
    pub binary: usize,
    /// Skipped: over the cache's file cap.
    pub too_large: usize,
    pub elapsed: Duration,
    pub cancelled: bool,
    /// `max_lines` was reached: more matches may exist.
    pub truncated: bool,
}

impl SearchStats {
    fn add(&mut self, o: &SearchStats) {
        self.filtered += o.filtered;
        self.searched += o.searched;
        self.cached += o.cached;
        self.bytes += o.bytes;
        self.matched_files += o.matched_files;
        self.matched_lines += o.matched_lines;
        self.binary += o.binary;
        self.too_large += o.too_large;
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Repo(#[from] RepoError),
}

/// Search the tree at HEAD of the clone at `repo_dir`. `on_file` is called
/// once for every file, from the worker threads. `cancel` stops the search
/// between files (and between matches of a file); the stats then say so.
pub fn search(
    repo_dir: &std::path::Path,
    cache: &TextCache,
    query: &Query,
    options: &SearchOptions,
    cancel: &AtomicBool,
    on_file: &(dyn Fn(FileHit) + Sync),
) -> Result<SearchStats, SearchError> {
    let started = Instant::now();
    let snap = Snapshot::open(repo_dir)?;
    let files = cache.files(&snap)?;
    // A lazy clone fetches the files to search in batches first (as
    // `git grep` would one by one): the answer is the whole tree's.
    match snap.prefetch(
        files
            .iter()
            .filter(|f| query.filter.allows(f.path.as_bytes()))
            .map(|f| f.id),
        &|_| {},
        &|_, _| {},
        cancel,
    ) {
        Ok(_) => {}
        Err(RepoError::Cancelled) => {
            return Ok(SearchStats {
                files: files.len(),
                cancelled: true,
                elapsed: started.elapsed(),
                ..SearchStats::default()
            });
        }
        Err(e) => return Err(e.into()),
    }
    let first_reader = Mutex::new(Some(snap));
    let next = AtomicUsize::new(0);
    let lines_found = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let total = Mutex::new(SearchStats {
        files: files.len(),
        ..SearchStats::default()
    });
    let failure: Mutex<Option<RepoError>> = Mutex::new(None);
    let shared = Shared {
        files: &files,
        cache,
        query,
        options,
        cancel,
        stop: &stop,
        next: &next,
        lines_found: &lines_found,
        on_file,
    };
    let workers = options.threads.max(1).min(files.len().max(1));
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                // The first worker takes the snapshot already open; the
                // others open their own on their first cache miss
                // (git2 repositories are not Sync).
                let reader = first_reader.lock().ok().and_then(|mut s| s.take());
                let mut worker = Worker {
                    shared: &shared,
                    repo_dir,
                    snap: reader,
                    searcher: SearcherBuilder::new()
                        .line_number(true)
                        .binary_detection(BinaryDetection::none())
                        .build(),
                    stats: SearchStats::default(),
                };
                let result = worker.run();
                if let Ok(mut t) = total.lock() {
                    t.add(&worker.stats);
                }
                if let Err(e) = result {
                    stop.store(true, Ordering::Relaxed);
                    if let Ok(mut f) = failure.lock() {
                        f.get_or_insert(e);
                    }
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().ok().flatten() {
        return Err(e.into());
    }
    let mut stats = total.into_inner().unwrap_or_default();
    stats.cancelled = cancel.load(Ordering::Relaxed);
    stats.truncated = options
        .max_lines
        .is_some_and(|max| lines_found.load(Ordering::Relaxed) >= max);
    stats.elapsed = started.elapsed();
    Ok(stats)
}

struct Shared<'a> {
    files: &'a Arc<Vec<FileRef>>,
    cache: &'a TextCache,
    query: &'a Query,
    options: &'a SearchOptions,
    cancel: &'a AtomicBool,
    /// Set on a failure or when `max_lines` is reached.
    stop: &'a AtomicBool,
    next: &'a AtomicUsize,
    lines_found: &'a AtomicUsize,
    on_file: &'a (dyn Fn(FileHit) + Sync),
}

impl Shared<'_> {
    fn stopped(&self) -> bool {
        self.cancel.load(Ordering::Relaxed) || self.stop.load(Ordering::Relaxed)
    }
}

struct Worker<'a> {
    shared: &'a Shared<'a>,
    repo_dir: &'a std::path::Path,
    snap: Option<Snapshot>,
    searcher: Searcher,
    stats: SearchStats,
}

impl Worker<'_> {
    fn run(&mut self) -> Result<(), RepoError> {
        let sh = self.shared;
        loop {
            if sh.stopped() {
                return Ok(());
            }
            let index = sh.next.fetch_add(1, Ordering::Relaxed);
            let Some(file) = sh.files.get(index) else {
                return Ok(());
            };
            let lines = self.search_file(file)?;
            (sh.on_file)(FileHit {
                index,
                path: file.path.clone(),
                lines,
            });
        }
    }

    fn search_file(&mut self, file: &FileRef) -> Result<Vec<LineHit>, RepoError> {
        let sh = self.shared;
        if !sh.query.filter.allows(file.path.as_bytes()) {
            self.stats.filtered += 1;
            return Ok(Vec::new());
        }
        let slot = match sh.cache.get(file.id) {
            Some(slot) => {
                if matches!(slot, Slot::Text(_)) {
                    self.stats.cached += 1;
                }
                slot
            }
            None => {
                if self.snap.is_none() {
                    self.snap = Some(Snapshot::open(self.repo_dir)?);
                }
                let Some(snap) = self.snap.take() else {
                    return Ok(Vec::new());
                };
                let found = if sh.cache.has_room() {
                    sh.cache.load_if_room(&snap, file.id).map(Ok)
                } else {
                    // Nothing is kept (or no more: the cache is full and
                    // what it holds stays): search libgit2's buffer itself.
                    self.search_in_place(&snap, file.id).map(Err)
                };
                self.snap = Some(snap);
                match found? {
                    Ok(slot) => slot,
                    Err(lines) => return Ok(lines),
                }
            }
        };
        let text = match slot {
            Slot::Text(t) => t,
            Slot::Binary => {
                self.stats.binary += 1;
                return Ok(Vec::new());
            }
            Slot::TooLarge { .. } => {
                self.stats.too_large += 1;
                return Ok(Vec::new());
            }
        };
        Ok(self.search_text(&text))
    }

    /// The blob read and searched without a copy, for a cache that keeps
    /// no text; binary and too-large blobs are counted as skipped.
    fn search_in_place(
        &mut self,
        snap: &Snapshot,
        id: git2::Oid,
    ) -> Result<Vec<LineHit>, RepoError> {
        let Some(blob) = snap.blob_in_place(id, self.shared.cache.file_cap())? else {
            self.stats.too_large += 1;
            return Ok(Vec::new());
        };
        let bytes = blob.content();
        if is_binary(bytes) {
            self.stats.binary += 1;
            return Ok(Vec::new());
        }
        Ok(self.search_text(bytes))
    }

    fn search_text(&mut self, text: &[u8]) -> Vec<LineHit> {
        let sh = self.shared;
        self.stats.searched += 1;
        self.stats.bytes += text.len() as u64;
        let mut sink = Collect {
            matcher: &sh.query.matcher,
            options: sh.options,
            shared: sh,
            lines: Vec::new(),
        };
        // The sink never fails; a searcher error would be an I/O error,
        // which a slice cannot have.
        let _ = self
            .searcher
            .search_slice(&sh.query.matcher, text, &mut sink);
        let lines = sink.lines;
        if !lines.is_empty() {
            self.stats.matched_files += 1;
            self.stats.matched_lines += lines.len();
        }
        lines
    }
}

struct Collect<'a> {
    matcher: &'a RegexMatcher,
    options: &'a SearchOptions,
    shared: &'a Shared<'a>,
    lines: Vec<LineHit>,
}

impl Sink for Collect<'_> {
    type Error = std::io::Error;

    fn matched(&mut self, _: &Searcher, m: &SinkMatch<'_>) -> Result<bool, std::io::Error> {
        let first = m.line_number().unwrap_or(0);
        for (number, line) in (first..).zip(m.lines()) {
            let line = line.strip_suffix(b"\n").unwrap_or(line);
            if let Some(hit) = line_hit(self.matcher, line, number, self.options.max_line_bytes) {
                self.lines.push(hit);
                let found = self.shared.lines_found.fetch_add(1, Ordering::Relaxed) + 1;
                if self.options.max_lines.is_some_and(|max| found >= max) {
                    self.shared.stop.store(true, Ordering::Relaxed);
                    return Ok(false);
                }
            }
        }
        Ok(!self.shared.stopped())
    }
}

/// The hit for one matching line: its first match's column, the matches'
/// ranges, and the text (cut to a window around the first match when it is
/// longer than `max_bytes`).
fn line_hit(
    matcher: &RegexMatcher,
    line: &[u8],
    number: u64,
    max_bytes: Option<usize>,
) -> Option<LineHit> {
    let mut ranges = Vec::new();
    let most = if max_bytes.is_some() {
        MAX_RANGES_PER_LINE
    } else {
        usize::MAX
    };
    let _ = matcher.find_iter(line, |m| {
        if m.start() < m.end() || ranges.is_empty() {
            ranges.push((m.start(), m.end()));
        }
        ranges.len() < most
    });
    let columns = ranges.iter().map(|r| r.0 + 1).collect();
    // The searcher found this line, so the matcher does too; an empty
    // match (`^`) still names column 1.
    let first = *ranges.first()?;
    let column = first.0 + 1;
    let (start, end) = match max_bytes {
        Some(max) if line.len() > max => {
            let start = first.0.saturating_sub(max / 4);
            let start = char_start(line, start);
            let end = char_start(line, (start + max).min(line.len()));
            (start, end)
        }
        _ => (0, line.len()),
    };
    let window = &line[start..end];
    let (text, ranges) = match std::str::from_utf8(window) {
        Ok(t) => (
            t.to_string(),
            ranges
                .into_iter()
                .filter(|(a, b)| *a >= start && *b <= end)
                .take(MAX_RANGES_PER_LINE)
                .map(|(a, b)| (a - start, b - start))
                .collect(),
        ),
        Err(_) => {
            // Replacing invalid bytes moves offsets: match the text as it
            // will be shown instead.
            let t = String::from_utf8_lossy(window).into_owned();
            let mut r = Vec::new();
            let _ = matcher.find_iter(t.as_bytes(), |m| {
                r.push((m.start(), m.end()));
                r.len() < MAX_RANGES_PER_LINE
            });
            (t, r)
        }
    };
    Some(LineHit {
        line: number,
        column,
        columns,
        text,
        ranges,
        cut_before: start > 0,
        cut_after: end < line.len(),
    })
}

/// The start of the UTF-8 character holding byte `i` (or `i` itself when
/// the bytes there are not UTF-8).
fn char_start(bytes: &[u8], mut i: usize) -> usize {
    let floor = i.saturating_sub(3);
    while i > floor && i < bytes.len() && (bytes[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}
