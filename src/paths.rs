//! Where codestudy keeps its files: a cache dir for clones and indexes (safe
//! to delete) and a data dir for study progress and notes (not).

use std::path::PathBuf;

use directories::ProjectDirs;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub cache_dir: PathBuf,
    pub data_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "could not find a home directory for the default {which} dir; set --{which}-dir (or CODESTUDY_{upper}_DIR)"
)]
pub struct NoHomeError {
    which: &'static str,
    upper: &'static str,
}

impl Paths {
    /// The given dirs, or the platform's defaults (on Linux
    /// `$XDG_CACHE_HOME/codestudy` and `$XDG_DATA_HOME/codestudy`).
    pub fn resolve(
        cache_dir: Option<PathBuf>,
        data_dir: Option<PathBuf>,
    ) -> Result<Paths, NoHomeError> {
        let dirs = || ProjectDirs::from("", "", "codestudy");
        let cache_dir = match cache_dir {
            Some(p) => p,
            None => dirs()
                .map(|d| d.cache_dir().to_path_buf())
                .ok_or(NoHomeError {
                    which: "cache",
                    upper: "CACHE",
                })?,
        };
        let data_dir = match data_dir {
            Some(p) => p,
            None => dirs()
                .map(|d| d.data_dir().to_path_buf())
                .ok_or(NoHomeError {
                    which: "data",
                    upper: "DATA",
                })?,
        };
        Ok(Paths {
            cache_dir,
            data_dir,
        })
    }
}
