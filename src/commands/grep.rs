//! `codestudy grep`: a regex over the text of a cloned repository at HEAD,
//! read from the object database, printed as `git grep -n --column` does
//! (`path:line:column:text`) or as JSON lines. Exit 0 when something
//! matched, 1 when nothing did, 2 on error (`main` maps errors to 2).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::Context;
use crate::cli::GrepArgs;
use crate::repo::RepoError;
use crate::sanitize::{is_unsafe, stand_in};
use crate::search::{
    CaseMode, FileHit, Query, QueryOptions, SearchOptions, SearchStats, TextCache,
    cache::DEFAULT_FILE_CAP, search,
};

pub fn run(args: &GrepArgs, ctx: &Context) -> Result<ExitCode> {
    let repo = ctx.catalog.find_repo(&args.repo)?;
    let cache = ctx.cache();
    if !cache.is_cloned(&repo.owner, &repo.name) {
        return Err(RepoError::NotCloned {
            repo: repo.id.clone(),
            name: repo.name.clone(),
        }
        .into());
    }
    let query = Query::new(&query_options(args))?;
    super::reading_only();
    // One query and the process ends: keep no text (each blob is searched
    // in libgit2's buffer and dropped, so memory stays flat).
    let text = TextCache::new(0, DEFAULT_FILE_CAP);
    let cancel = AtomicBool::new(false);
    let printer = Mutex::new(Printer::new(args.json));
    let stats = search(
        &cache.repo_dir(&repo.owner, &repo.name),
        &text,
        &query,
        &SearchOptions::default(),
        &cancel,
        &|hit| {
            if let Ok(mut p) = printer.lock()
                && !p.push(hit)
            {
                // The reader went away or stdout failed: nothing more
                // is wanted.
                cancel.store(true, Ordering::Relaxed);
            }
        },
    )?;
    let mut printer = printer.into_inner().map_err(|_| anyhow!("output failed"))?;
    printer.finish();
    if let Some(e) = printer.error {
        return Err(anyhow!("could not write the output: {e}"));
    }
    if args.stats {
        eprintln!("{}", summary(&stats, text.file_cap()));
    }
    Ok(if stats.matched_lines > 0 || printer.closed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn query_options(args: &GrepArgs) -> QueryOptions {
    QueryOptions {
        pattern: args.pattern.clone(),
        case: if args.ignore_case {
            CaseMode::Insensitive
        } else if args.case_sensitive {
            CaseMode::Sensitive
        } else {
            CaseMode::Smart
        },
        word: args.word,
        literal: args.fixed_strings,
        globs: args.glob.clone(),
    }
}

/// `--stats`: what was searched and skipped.
pub fn summary(s: &SearchStats, cap: u64) -> String {
    format!(
        "{} matching lines in {} files; {} of {} files searched ({:.1} MB, {} from the cache), \
         {} left out by globs, {} binary and {} over {} MiB skipped; {} ms",
        s.matched_lines,
        s.matched_files,
        s.searched,
        s.files,
        s.bytes as f64 / 1e6,
        s.cached,
        s.filtered,
        s.binary,
        s.too_large,
        cap / (1024 * 1024),
        s.elapsed.as_millis()
    )
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    path: &'a str,
    line: u64,
    column: usize,
    text: &'a str,
}

/// Prints results in path order as they come from the threads: a file is
/// printed once every file before it has been reported.
struct Printer {
    json: bool,
    out: BufWriter<std::io::Stdout>,
    next: usize,
    pending: BTreeMap<usize, FileHit>,
    /// The reader closed the pipe (`| head`): not an error.
    closed: bool,
    error: Option<std::io::Error>,
}

impl Printer {
    fn new(json: bool) -> Printer {
        Printer {
            json,
            out: BufWriter::with_capacity(64 * 1024, std::io::stdout()),
            next: 0,
            pending: BTreeMap::new(),
            closed: false,
            error: None,
        }
    }

    /// Take one file's result; false once output has failed.
    fn push(&mut self, hit: FileHit) -> bool {
        if self.closed || self.error.is_some() {
            return false;
        }
        self.pending.insert(hit.index, hit);
        while let Some(hit) = self.pending.remove(&self.next) {
            self.next += 1;
            if let Err(e) = self.write(&hit) {
                if e.kind() == std::io::ErrorKind::BrokenPipe {
                    self.closed = true;
                } else {
                    self.error = Some(e);
                }
                return false;
            }
        }
        true
    }

    fn write(&mut self, hit: &FileHit) -> std::io::Result<()> {
        if hit.lines.is_empty() {
            return Ok(());
        }
        let path = hit.path.to_string_lossy();
        if self.json {
            // One object per match: a line with two matches gives two,
            // each with its own column.
            for l in &hit.lines {
                for column in &l.columns {
                    let row = JsonMatch {
                        path: &path,
                        line: l.line,
                        column: *column,
                        text: &l.text,
                    };
                    writeln!(self.out, "{}", json_line(&row))?;
                }
            }
        } else {
            let path = safe(&path, false);
            for l in &hit.lines {
                writeln!(
                    self.out,
                    "{path}:{}:{}:{}",
                    l.line,
                    l.column,
                    safe(&l.text, true)
                )?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) {
        if self.closed || self.error.is_some() {
            return;
        }
        // Files reported after a gap (a cancelled search) still print.
        let rest: Vec<FileHit> = std::mem::take(&mut self.pending).into_values().collect();
        for hit in rest {
            if self.write(&hit).is_err() {
                break;
            }
        }
        if let Err(e) = self.out.flush() {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                self.closed = true;
            } else {
                self.error = Some(e);
            }
        }
    }
}

/// Untrusted text for the terminal: every control, bidi or invisible
/// character becomes its visible stand-in. Tabs stay tabs in matched text,
/// as `git grep` prints them (so the byte column still counts from the
/// line as printed); in a path a tab is shown as ␉.
fn safe(text: &str, keep_tabs: bool) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| is_unsafe(c) && !(keep_tabs && c == '\t');
    if !text.chars().any(bad) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(
        text.chars()
            .map(|c| if bad(c) { stand_in(c) } else { c })
            .collect(),
    )
}

/// One compact JSON object, with every unsafe character written as a `\u`
/// escape (serde_json escapes only C0 controls; DEL, C1 and bidi controls
/// would otherwise reach the terminal). Outside strings compact JSON is
/// ASCII punctuation, so every such character is inside a string.
fn json_line<T: Serialize>(value: &T) -> String {
    let raw = serde_json::to_string(value).unwrap_or_default();
    if !raw.chars().any(is_unsafe) {
        return raw;
    }
    let mut out = String::with_capacity(raw.len() + 16);
    for c in raw.chars() {
        if is_unsafe(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_escape_every_unsafe_character() {
        let row = JsonMatch {
            path: "a\u{202E}b.py",
            line: 3,
            column: 1,
            text: "x\x1b[31m\u{9B}y\x7f\tz",
        };
        let line = json_line(&row);
        assert!(!line.chars().any(is_unsafe), "{line:?}");
        let back: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
        assert_eq!(back["text"], "x\x1b[31m\u{9B}y\x7f\tz");
        assert_eq!(back["path"], "a\u{202E}b.py");
    }

    #[test]
    fn text_keeps_tabs_but_no_control() {
        assert_eq!(safe("a\tb\x1b", true), "a\tb␛");
        assert_eq!(safe("a\tb", false), "a␉b");
    }
}
