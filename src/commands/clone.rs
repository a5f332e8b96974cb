//! `codestudy clone`: clone, update or deepen repositories of the catalog,
//! several at once, with a progress bar each on a terminal and a few plain
//! lines otherwise.

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use signal_hook::consts::signal::{SIGINT, SIGTERM};

use super::Context;
use crate::catalog::Repo;
use crate::cli::CloneArgs;
use crate::repo::{
    Cache, CloneOutcome, CloneRequest, Depth, Mirror, Phase, Progress, RepoError, clone_or_update,
};

/// Clones running at once: the work is network- and disk-bound, and more
/// than a few at a time only slows each of them.
const PARALLEL: usize = 3;

/// What happened to one repository.
pub struct CloneReport {
    pub repo: String,
    pub result: Result<CloneOutcome, RepoError>,
    pub elapsed: Duration,
    /// Already printed while the clones ran.
    pub shown: bool,
}

impl CloneReport {
    pub fn line(&self) -> String {
        let text = match &self.result {
            Ok(o) => format!("{}: {}", self.repo, summary(o, self.elapsed)),
            Err(e) => format!("{}: failed: {e}", self.repo),
        };
        // Server messages and repository names in errors are not ours.
        crate::sanitize::sanitize_multiline(&text).join(" ")
    }
}

/// Clone the repositories named (or all): exit code 1 when any failed, 130
/// when cancelled by a signal.
pub fn run(args: &CloneArgs, ctx: &Context) -> Result<ExitCode> {
    let mirror = ctx.mirror()?;
    let selected: Vec<&Repo> = if args.all {
        ctx.catalog.repos().collect()
    } else {
        args.repos
            .iter()
            .map(|q| ctx.catalog.find_repo(q))
            .collect::<Result<_, _>>()?
    };
    let depth = if args.full {
        Some(Depth::Full)
    } else {
        args.depth.map(Depth::Commits)
    };
    let cache = ctx.cache();
    // Without --depth or --full, a new clone is made as the configuration
    // says ([clone] mode, depth); one already there is updated at its own.
    let depths: Vec<Option<Depth>> = selected
        .iter()
        .map(|r| {
            depth.or_else(|| {
                ctx.config
                    .clone_depth
                    .filter(|_| !cache.is_cloned(&r.owner, &r.name))
            })
        })
        .collect();
    cache.remove_all_stale_temporaries()?;
    // Ctrl-C and SIGTERM cancel the clones (the temporaries are removed)
    // instead of killing the process mid-write.
    let cancel = Arc::new(AtomicBool::new(false));
    for sig in [SIGINT, SIGTERM] {
        // The first signal stops every fetch within a tenth of a second,
        // whatever its phase (the network polls the flag); a second one,
        // should anything else still hold on, ends the process, and the
        // leftovers are removed next time.
        signal_hook::flag::register_conditional_shutdown(sig, 130, cancel.clone())?;
        signal_hook::flag::register(sig, cancel.clone())?;
    }
    let reports = clone_all(
        &cache,
        &selected,
        &depths,
        mirror.as_ref(),
        args.full_blobs,
        cancel.clone(),
    );
    print_reports(&reports);
    if cancel.load(Ordering::Relaxed) {
        return Ok(ExitCode::from(130));
    }
    let failed = reports.iter().filter(|r| r.result.is_err()).count();
    if failed > 0 {
        eprintln!("{failed} of {} failed", reports.len());
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

/// Clone each repository at its depth (`depths`, one per repository;
/// `None`: the default, or the depth an existing clone has); every one is
/// tried, whatever happens to the others. Reports come back in the order
/// given. `full_blobs`: a lazy clone then fetches every file too.
pub fn clone_all(
    cache: &Cache,
    repos: &[&Repo],
    depths: &[Option<Depth>],
    mirror: Option<&Mirror>,
    full_blobs: bool,
    cancel: Arc<AtomicBool>,
) -> Vec<CloneReport> {
    let interactive = std::io::stderr().is_terminal();
    // Results are shown as they come when both streams are this terminal;
    // otherwise they are printed on stdout at the end, for scripts.
    let live = interactive && std::io::stdout().is_terminal();
    let multi = MultiProgress::with_draw_target(if interactive {
        ProgressDrawTarget::stderr_with_hz(10)
    } else {
        ProgressDrawTarget::hidden()
    });
    let width = repos.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let queue: Mutex<VecDeque<(usize, CloneRequest)>> = Mutex::new(
        repos
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let depth = depths.get(i).copied().flatten();
                (i, CloneRequest::for_repo(r, mirror, depth))
            })
            .collect(),
    );
    let reports: Mutex<Vec<Option<CloneReport>>> =
        Mutex::new((0..repos.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL.min(repos.len()) {
            scope.spawn(|| {
                loop {
                    let Some((i, req)) = queue.lock().map(|mut q| q.pop_front()).ok().flatten()
                    else {
                        return;
                    };
                    let report = clone_one(
                        cache,
                        &req,
                        &multi,
                        (interactive, live, full_blobs),
                        width,
                        &cancel,
                    );
                    if let Ok(mut r) = reports.lock() {
                        r[i] = Some(report);
                    }
                }
            });
        }
    });
    reports
        .into_inner()
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .collect()
}

/// `(interactive, live, full_blobs)`: stderr is a terminal, results are
/// shown as they come, every file is fetched.
fn clone_one(
    cache: &Cache,
    req: &CloneRequest,
    multi: &MultiProgress,
    (interactive, live, full_blobs): (bool, bool, bool),
    width: usize,
    cancel: &AtomicBool,
) -> CloneReport {
    let id = req.id();
    let bar = multi.add(ProgressBar::new(1000));
    bar.set_style(
        ProgressStyle::with_template("{prefix} {bar:30.cyan/blue} {percent:>3}% {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▉▊▋▌▍▎▏ "),
    );
    bar.set_prefix(format!("{id:<width$}"));
    let started = Instant::now();
    // Plain output: one line per phase and per quarter received or
    // resolved.
    let last_plain: Mutex<(Option<Phase>, usize)> = Mutex::new((None, 0));
    let on_progress = |p: &Progress| {
        bar.set_position((p.fraction() * 1000.0) as u64);
        bar.set_message(describe(p));
        if !interactive {
            let quarter = match p.phase {
                Phase::Resolving => (p.indexed_deltas * 4).checked_div(p.total_deltas),
                _ => (p.received_objects * 4).checked_div(p.total_objects),
            }
            .unwrap_or(0);
            let counted = matches!(p.phase, Phase::Receiving | Phase::Resolving);
            if let Ok(mut last) = last_plain.lock()
                && (last.0 != Some(p.phase) || (counted && quarter > last.1))
            {
                *last = (Some(p.phase), quarter);
                eprintln!("{id}: {}", describe(p));
            }
        }
    };
    let mut result = clone_or_update(cache, req, &on_progress, cancel);
    if full_blobs && result.is_ok() {
        let fetched = fetch_every_blob(&cache.repo_dir(&req.owner, &req.name), &bar, cancel);
        if let Err(e) = fetched {
            result = Err(e);
        }
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    let report = CloneReport {
        repo: id,
        result,
        elapsed,
        shown: live,
    };
    if live {
        let _ = multi.println(report.line());
    }
    report
}

/// Fetch the contents of every file of a lazy clone's HEAD (nothing for
/// a clone that has them all).
fn fetch_every_blob(
    dir: &std::path::Path,
    bar: &ProgressBar,
    cancel: &AtomicBool,
) -> Result<usize, RepoError> {
    let snap = crate::repo::Snapshot::open(dir)?;
    if !snap.is_lazy() {
        return Ok(0);
    }
    let ids = snap
        .list_all(false)?
        .into_iter()
        .filter(|e| {
            matches!(
                e.kind,
                crate::repo::EntryKind::File | crate::repo::EntryKind::Symlink
            )
        })
        .map(|e| e.id);
    // Two fetches run at once: the bar follows the batches done, the
    // words the fetch that spoke last.
    snap.prefetch(
        ids,
        &|p| bar.set_message(format!("fetching files: {}", describe(p))),
        &|done, total| bar.set_position((done * 1000 / total.max(1)) as u64),
        cancel,
    )
}

/// What a clone is doing, in a few words, for its progress line.
pub fn describe(p: &Progress) -> String {
    match p.phase {
        Phase::Waiting => "waiting for another codestudy to finish with this repository".into(),
        Phase::Connecting => "connecting".into(),
        Phase::Preparing => match &p.server_message {
            Some(m) => format!("server: {m}"),
            None => "waiting for the server".into(),
        },
        // git tells the bytes only once a transfer lasts: none yet is
        // not "0 B".
        Phase::Receiving if p.received_bytes == 0 => format!(
            "receiving objects {}/{}",
            p.received_objects, p.total_objects
        ),
        Phase::Receiving => format!(
            "receiving objects {}/{}, {}",
            p.received_objects,
            p.total_objects,
            human_bytes(p.received_bytes)
        ),
        // The count is known once the whole pack is in.
        Phase::Resolving if p.total_deltas == 0 => "resolving deltas".into(),
        Phase::Resolving => format!("resolving deltas {}/{}", p.indexed_deltas, p.total_deltas),
        Phase::Verifying => "verifying".into(),
    }
}

fn short(oid: &git2::Oid) -> String {
    oid.to_string()[..10].to_string()
}

/// One line on what a clone did.
pub fn summary(outcome: &CloneOutcome, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    match outcome {
        CloneOutcome::Cloned {
            head,
            depth,
            repaired,
            blobs,
        } => {
            let mut s = format!(
                "cloned ({depth}) at {} in {secs:.1}s; {}",
                short(head),
                blobs.describe()
            );
            if let Some(p) = repaired {
                s.push_str(&format!(
                    "; the damaged clone found in the cache was moved to {}",
                    p.display()
                ));
            }
            s
        }
        CloneOutcome::Updated { old, new, depth } => format!(
            "updated {}..{} ({depth}) in {secs:.1}s",
            short(old),
            short(new)
        ),
        CloneOutcome::UpToDate { head, depth } => {
            format!("up to date at {} ({depth})", short(head))
        }
        CloneOutcome::Deepened { head, from, to } => {
            format!(
                "deepened from {from} to {to} at {} in {secs:.1}s",
                short(head)
            )
        }
    }
}

pub fn human_bytes(n: usize) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// Print the reports not yet shown: successes on stdout, failures on
/// stderr.
pub fn print_reports(reports: &[CloneReport]) {
    let mut out = std::io::stdout().lock();
    for r in reports.iter().filter(|r| !r.shown) {
        if r.result.is_ok() {
            let _ = writeln!(out, "{}", r.line());
        } else {
            eprintln!("{}", r.line());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes() {
        assert_eq!(human_bytes(10), "10 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }
}
