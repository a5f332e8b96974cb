//! The code index in the harness: effects answered by the real jobs over
//! a fixture clone on disk (open, list, load, build the index, ask it),
//! and what its pickers and the outline show.

use std::path::Path;
use std::sync::atomic::AtomicBool;

use codestudy::app::explorer::intel::OutlineEntry;
use codestudy::app::{Effect, JobError, JobResult, Overlay, RowStyle, Screen};
use codestudy::jobs;
use codestudy::repo::Snapshot;

use super::Harness;

impl Harness {
    /// Answer every effect a clone on disk can answer (opening the
    /// repository, listings, files, the code index and its questions)
    /// with the real jobs over the bare repository at `dir`, until none is
    /// left; the index's cache goes to `cache_file`.
    pub fn run_jobs_on(&mut self, dir: &Path, cache_file: &Path) -> &mut Harness {
        let never = AtomicBool::new(false);
        for _ in 0..50 {
            let answerable = |e: &Effect| {
                matches!(
                    e,
                    Effect::OpenRepo { .. }
                        | Effect::ListDir { .. }
                        | Effect::LoadFile { .. }
                        | Effect::BuildIntel { .. }
                        | Effect::Intel { .. }
                )
            };
            if !self.pending.iter().any(answerable) {
                return self;
            }
            self.complete(|effect| {
                Some(match effect {
                    Effect::OpenRepo {
                        request,
                        catalog_entry,
                        ..
                    } => JobResult::RepoOpened {
                        request: *request,
                        result: jobs::open_repo(dir, &catalog_entry.key_files),
                    },
                    Effect::ListDir { repo, dir: d, .. } => JobResult::DirListed {
                        repo: repo.clone(),
                        dir: d.clone(),
                        result: Snapshot::open(dir)
                            .and_then(|s| s.list_dir(Some(d)))
                            .map_err(JobError::from),
                    },
                    Effect::LoadFile { request, path, .. } => JobResult::FileLoaded {
                        request: *request,
                        result: jobs::load_file(dir, path, &never),
                    },
                    Effect::BuildIntel { repo, .. } => JobResult::IntelBuilt {
                        repo: repo.clone(),
                        result: jobs::intel::build(dir, cache_file, &never),
                    },
                    Effect::Intel {
                        repo,
                        request,
                        query,
                        index,
                        ..
                    } => JobResult::IntelAnswered {
                        repo: repo.clone(),
                        request: *request,
                        result: jobs::intel::answer(dir, &index.0, query),
                    },
                    _ => return None,
                })
            });
        }
        panic!("jobs kept asking for more: {:?}", self.pending());
    }

    /// The picker shown: its title, and its rows as shown (`# section`,
    /// `## file`, `left | text | right` for a place, `- note`), the
    /// selected one marked `▶ `.
    pub fn picker(&self) -> Option<(String, Vec<String>)> {
        let Some(Overlay::Picker(v)) = &self.state.overlay else {
            return None;
        };
        let rows = v
            .shown
            .iter()
            .enumerate()
            .map(|(k, &i)| {
                let r = &v.rows[i];
                let mark = if k == v.cursor.selected && r.place.is_some() {
                    "▶ "
                } else {
                    ""
                };
                match r.style {
                    RowStyle::Section => format!("# {}", r.left),
                    RowStyle::File => format!("## {}", r.left),
                    RowStyle::Note => format!("- {}", r.left),
                    RowStyle::Item => format!("{mark}{} | {} | {}", r.left, r.text, r.right),
                }
            })
            .collect();
        Some((v.title.clone(), rows))
    }

    /// The outline's entries after the symbols: the public API's heading
    /// and names (`Flask → src/flask/app.py:7`).
    pub fn api_rows(&self) -> Vec<String> {
        let Screen::Explorer(e) = &self.state.screen else {
            return Vec::new();
        };
        (0..e.outline_len())
            .filter_map(|i| match e.outline_entry(i) {
                Some(OutlineEntry::ApiHeading) => Some("Public API".to_string()),
                Some(OutlineEntry::Api(r)) => Some(r.text()),
                _ => None,
            })
            .collect()
    }

    /// The count line of the outline's selected symbol.
    pub fn usage_line(&self) -> Option<String> {
        match &self.state.screen {
            Screen::Explorer(e) => codestudy::app::explorer::intel::usage_line(e),
            Screen::Home => None,
        }
    }
}
