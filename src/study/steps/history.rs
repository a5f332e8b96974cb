//! Step 6: the history of the whole repository, newest first; its commits
//! open as every history does (see `views::history_list`).

use crate::catalog::Repo;
use crate::repo::Snapshot;

use super::{StepInfo, StepKind};
use crate::study::progress::RepoProgress;
use crate::study::views::{View, history_list};

pub(super) static STEP: StepInfo = StepInfo {
    title: "History",
    hint: "log, diffs",
    keys: &[],
    uses_intel: false,
    view,
};

fn view(
    snap: &Snapshot,
    repo: &Repo,
    _: Option<&RepoProgress>,
    _: Option<&crate::intel::Index>,
) -> View {
    let mut list = history_list(snap, &repo.id, None, 0);
    list.title = StepKind::History.title(&repo.id);
    View::List(list)
}
