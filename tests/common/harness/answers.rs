//! Answers to the effects the app asked for, with the request ids it
//! gave them, and what the runtime tells the app besides.

use codestudy::app::explorer::RepoOverview;
use codestudy::app::{Effect, JobError, JobResult, RepoStatus, on_job};
use codestudy::outline::index::IndexEntry;
use codestudy::repo::{CloneOutcome, Depth, Entry, Progress};
use codestudy::study::views::{Target, View};
use codestudy::study::{self, StepKind};
use git2::Oid;

use super::{Harness, loaded, path};

impl Harness {
    // ---- answers: the jobs' results, with the request ids asked for ----

    /// Answer each pending effect `answer` has a result for.
    pub fn complete(
        &mut self,
        mut answer: impl FnMut(&Effect) -> Option<JobResult>,
    ) -> &mut Harness {
        let mut asked = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match answer(&self.pending[i]) {
                Some(result) => {
                    self.pending.remove(i);
                    asked.extend(on_job(&mut self.state, result));
                }
                None => i += 1,
            }
        }
        self.record(asked);
        self
    }

    /// A result that answers nothing pending (progress, a late result).
    pub fn job(&mut self, result: JobResult) -> &mut Harness {
        let asked = on_job(&mut self.state, result);
        self.record(asked);
        self
    }

    /// Answer the one pending effect `pick` chooses (the newest if
    /// several), failing the test if there is none.
    fn answer(
        &mut self,
        what: &str,
        mut pick: impl FnMut(&Effect) -> bool,
        result: impl FnOnce(&Effect) -> JobResult,
    ) -> &mut Harness {
        let Some(i) = self.pending.iter().rposition(&mut pick) else {
            panic!("no {what} is waiting; pending: {:?}", self.pending());
        };
        let effect = self.pending.remove(i);
        let asked = on_job(&mut self.state, result(&effect));
        self.record(asked);
        self
    }

    /// The repository asked for is open: `overview` is what it holds.
    pub fn open_repo(&mut self, overview: RepoOverview) -> &mut Harness {
        self.answer(
            "repository to open",
            |e| matches!(e, Effect::OpenRepo { .. }),
            |e| match e {
                Effect::OpenRepo { request, .. } => JobResult::RepoOpened {
                    request: *request,
                    result: Ok(overview),
                },
                _ => unreachable!(),
            },
        )
    }

    /// The file asked for at `path` holds `text`.
    pub fn load_file(&mut self, path: &str, text: &str) -> &mut Harness {
        let file = loaded(text, path);
        self.answer(
            &format!("load of {path}"),
            |e| matches!(e, Effect::LoadFile { path: p, .. } if p.to_string_lossy() == path),
            |e| match e {
                Effect::LoadFile { request, .. } => JobResult::FileLoaded {
                    request: *request,
                    result: Ok(file),
                },
                _ => unreachable!(),
            },
        )
    }

    /// The load of `path` asked for last, answered with `text` after
    /// all (whether a newer load replaced it or it was answered before).
    pub fn load_file_late(&mut self, path: &str, text: &str) -> &mut Harness {
        let request = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::LoadFile {
                    path: p, request, ..
                } if p.to_string_lossy() == path => Some(*request),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{path} was never asked for"));
        self.pending
            .retain(|e| !matches!(e, Effect::LoadFile { request: r, .. } if *r == request));
        self.job(JobResult::FileLoaded {
            request,
            result: Ok(loaded(text, path)),
        })
    }

    /// The file shown (the load asked for last) holds `text` after all.
    pub fn reload_open_file(&mut self, text: &str) -> &mut Harness {
        let path = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::LoadFile { path, .. } => Some(path.to_string_lossy()),
                _ => None,
            })
            .expect("no file was loaded");
        self.load_file_late(&path, text)
    }

    /// The directory `dir` holds `entries` (asked for or not).
    pub fn list_dir(&mut self, repo: &str, dir: &str, entries: Vec<Entry>) -> &mut Harness {
        let dir = path(dir);
        self.pending
            .retain(|e| !matches!(e, Effect::ListDir { dir: d, .. } if *d == dir));
        self.job(JobResult::DirListed {
            repo: repo.into(),
            dir,
            result: Ok(entries),
        })
    }

    /// The repository's files, for the file finder.
    pub fn file_list(&mut self, repo: &str, paths: &[&str]) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::LoadFileList { repo: r, .. } if r == repo));
        self.job(JobResult::FileList {
            repo: repo.into(),
            result: Ok(paths.iter().map(|p| path(p)).collect()),
        })
    }

    /// The repository's symbols, for the symbol finder.
    pub fn symbol_index(&mut self, repo: &str, index: Vec<IndexEntry>) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::LoadIndex { repo: r, .. } if r == repo));
        self.job(JobResult::IndexLoaded {
            repo: repo.into(),
            result: Ok(index),
        })
    }

    /// Step `step`'s view, built.
    pub fn step_view(&mut self, repo: &str, step: StepKind, view: View) -> &mut Harness {
        self.pending.retain(
            |e| !matches!(e, Effect::OpenStepView { repo: r, step: s, .. } if r == repo && *s == step),
        );
        self.job(JobResult::StepView {
            repo: repo.into(),
            step,
            result: Ok(view),
        })
    }

    /// What the newest pending request for `target` opens.
    pub fn open_target(&mut self, target: &Target, view: View) -> &mut Harness {
        self.answer(
            &format!("view of {target:?}"),
            |e| matches!(e, Effect::OpenTarget { target: t, .. } if t == target),
            |e| match e {
                Effect::OpenTarget {
                    repo,
                    target,
                    request,
                    ..
                } => JobResult::TargetOpened {
                    repo: repo.clone(),
                    target: target.clone(),
                    request: *request,
                    result: Ok(view),
                },
                _ => unreachable!(),
            },
        )
    }

    /// Answer every pending request for `target`, oldest first, each with
    /// a view `view` makes.
    pub fn open_every_target(
        &mut self,
        target: &Target,
        mut view: impl FnMut() -> View,
    ) -> &mut Harness {
        let mut asked = Vec::new();
        let mut i = 0;
        while i < self.pending.len() {
            match &self.pending[i] {
                Effect::OpenTarget {
                    repo,
                    target: t,
                    request,
                    ..
                } if t == target => {
                    let result = JobResult::TargetOpened {
                        repo: repo.clone(),
                        target: t.clone(),
                        request: *request,
                        result: Ok(view()),
                    };
                    self.pending.remove(i);
                    asked.extend(on_job(&mut self.state, result));
                }
                _ => i += 1,
            }
        }
        self.record(asked);
        self
    }

    /// The view asked for last for `target` comes, though the person has
    /// gone elsewhere since.
    pub fn open_target_late(&mut self, target: &Target, view: View) -> &mut Harness {
        let (repo, request) = self
            .seen
            .iter()
            .rev()
            .find_map(|e| match e {
                Effect::OpenTarget {
                    repo,
                    target: t,
                    request,
                    ..
                } if t == target => Some((repo.clone(), *request)),
                _ => None,
            })
            .unwrap_or_else(|| panic!("{target:?} was never asked for"));
        self.pending
            .retain(|e| !matches!(e, Effect::OpenTarget { request: r, .. } if *r == request));
        self.job(JobResult::TargetOpened {
            repo,
            target: target.clone(),
            request,
            result: Ok(view),
        })
    }

    pub fn clone_progress(&mut self, repo: &str, progress: Progress) -> &mut Harness {
        self.job(JobResult::CloneProgress {
            repo: repo.into(),
            progress,
        })
    }

    /// The clone (or the fetch of more history) of `repo` ended as
    /// `outcome`, the clone holding `depth`.
    pub fn clone_finished(
        &mut self,
        repo: &str,
        outcome: CloneOutcome,
        depth: Depth,
    ) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Ok((outcome, depth)),
        })
    }

    /// A fresh clone of `repo` with `depth`.
    pub fn clone_done(&mut self, repo: &str, depth: Depth) -> &mut Harness {
        let outcome = CloneOutcome::Cloned {
            head: Oid::ZERO_SHA1,
            depth,
            repaired: None,
            blobs: codestudy::repo::Blobs::Lazy,
        };
        self.clone_finished(repo, outcome, depth)
    }

    pub fn clone_failed(&mut self, repo: &str, why: &str) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Err(why.into()),
        })
    }

    /// The clone of `repo` stopped because it was cancelled.
    pub fn clone_cancelled(&mut self, repo: &str) -> &mut Harness {
        self.forget_clone(repo);
        self.job(JobResult::CloneFinished {
            repo: repo.into(),
            result: Err(JobError::Cancelled),
        })
    }

    fn forget_clone(&mut self, repo: &str) {
        self.pending.retain(|e| {
            !matches!(e,
                Effect::StartClone { repo: r, .. }
                | Effect::CancelClone { repo: r, .. }
                | Effect::Deepen { repo: r, .. } if r == repo)
        });
    }

    /// The save of changes `numbers` ended with `result` (the progress
    /// file as saved, or why not).
    pub fn progress_saved(
        &mut self,
        numbers: &[u64],
        result: Result<study::Progress, &str>,
    ) -> &mut Harness {
        self.pending.retain(
            |e| !matches!(e, Effect::SaveProgress(v) if v.iter().all(|(n, _)| numbers.contains(n))),
        );
        self.job(JobResult::ProgressSaved {
            saved: numbers.to_vec(),
            result: result.map_err(|e| e.into()),
        })
    }

    /// The working copy asked for was made, in `dest` as expanded.
    pub fn working_copy_made(&mut self, repo: &str, dest: &str) -> &mut Harness {
        self.pending
            .retain(|e| !matches!(e, Effect::MakeWorkingCopy { repo: r, .. } if r == repo));
        self.job(JobResult::WorkingCopyMade {
            repo: repo.into(),
            dest: dest.into(),
            result: Ok("main tracks origin/main".into()),
        })
    }

    // ---- what the runtime tells the app ----

    /// The cache holds a clone of `repo` with `depth` (as the runtime
    /// finds at start-up).
    pub fn cloned(&mut self, repo: &str, depth: Depth) -> &mut Harness {
        // As the runtime says it at start-up: the clones found in the cache.
        self.job(JobResult::ClonesFound(vec![(repo.into(), Some(depth))]))
    }

    pub fn set_repo_status(&mut self, repo: &str, status: RepoStatus) -> &mut Harness {
        self.state.repos.insert(repo.into(), status);
        self
    }

    /// Today (YYYY-MM-DD) and now (YYYY-MM-DD HH:MM), as the clock says.
    pub fn clock(&mut self, today: &str, now: &str) -> &mut Harness {
        let home_dir = self.state.home_dir.clone();
        self.job(JobResult::Surroundings {
            today: today.into(),
            now: now.into(),
            home_dir,
        })
    }

    /// The person's home folder.
    pub fn home_dir(&mut self, dir: &str) -> &mut Harness {
        let (today, now) = (self.state.today.clone(), self.state.now.clone());
        self.job(JobResult::Surroundings {
            today,
            now,
            home_dir: Some(dir.into()),
        })
    }

    /// A message in the status line, as if something had said it.
    pub fn say(&mut self, message: &str) -> &mut Harness {
        self.state.status = Some(message.into());
        self
    }
}
