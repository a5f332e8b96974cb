//! How much history a clone holds: the `Depth` type, and its record in the
//! clone's config (`codestudy.depth`), written by a clone and read by
//! everything that opens one.

use std::path::Path;

use git2::Repository;

/// The config key the depth is recorded under, in section `[codestudy]`.
const KEY: &str = "codestudy.depth";

/// How much history to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The last N commits of the default branch (N >= 1).
    Commits(u32),
    /// The whole history.
    Full,
}

impl Depth {
    /// As recorded in the config: 0 means full.
    fn to_config(self) -> i64 {
        match self {
            Depth::Commits(n) => i64::from(n.max(1)),
            Depth::Full => 0,
        }
    }

    fn from_config(v: i64) -> Depth {
        if v <= 0 {
            Depth::Full
        } else {
            Depth::Commits(u32::try_from(v).unwrap_or(u32::MAX))
        }
    }

    /// Whether `self` reaches further back than `other`.
    pub(super) fn deeper_than(self, other: Depth) -> bool {
        match (self, other) {
            (Depth::Full, Depth::Commits(_)) => true,
            (Depth::Commits(a), Depth::Commits(b)) => a > b,
            _ => false,
        }
    }
}

impl std::fmt::Display for Depth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Depth::Commits(n) => write!(f, "depth {n}"),
            Depth::Full => write!(f, "full history"),
        }
    }
}

/// Record the depth a clone was made (or deepened) with.
pub(super) fn record_depth(
    config: &mut git2::Config,
    depth: Depth,
) -> std::result::Result<(), git2::Error> {
    config.set_i64(KEY, depth.to_config())
}

/// The depth recorded in a cached clone's config, read as text: cheap, and
/// without starting libgit2 (for the home screen at start-up).
pub fn cached_depth(dir: &Path) -> Option<Depth> {
    let config = std::fs::read_to_string(dir.join("config")).ok()?;
    let mut in_section = false;
    for line in config.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line.eq_ignore_ascii_case("[codestudy]");
        } else if in_section
            && let Some((k, v)) = line.split_once('=')
            && k.trim().eq_ignore_ascii_case("depth")
        {
            return v.trim().parse::<i64>().ok().map(Depth::from_config);
        }
    }
    if dir.join("shallow").exists() {
        Some(Depth::Commits(1))
    } else {
        None
    }
}

/// The depth a cached clone was made with. A clone without the record
/// (made by hand, or by an older codestudy): shallow means depth 1 as far
/// as we know.
pub fn recorded_depth(repo: &Repository) -> Depth {
    repo.config()
        .and_then(|c| c.get_i64(KEY))
        .map(Depth::from_config)
        .unwrap_or(if repo.is_shallow() {
            Depth::Commits(1)
        } else {
            Depth::Full
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_ordering() {
        assert!(Depth::Full.deeper_than(Depth::Commits(500)));
        assert!(Depth::Commits(500).deeper_than(Depth::Commits(1)));
        assert!(!Depth::Commits(1).deeper_than(Depth::Commits(1)));
        assert!(!Depth::Commits(5).deeper_than(Depth::Full));
        assert_eq!(Depth::from_config(Depth::Full.to_config()), Depth::Full);
        assert_eq!(
            Depth::from_config(Depth::Commits(7).to_config()),
            Depth::Commits(7)
        );
    }
}
