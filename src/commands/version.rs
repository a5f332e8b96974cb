//! `codestudy --version`: the version, and the catalog and dirs in use.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::emit;
use crate::catalog::EMBEDDED_ORIGIN;
use crate::config::{ConfigPath, Described};
use crate::paths::Paths;

/// Runs before the catalog and the configuration are loaded, so it names
/// the catalog file given rather than loading it, and says of the
/// configuration whether it is there and sound: `--version` works even
/// with a broken catalog or configuration.
pub fn run(catalog: Option<&Path>, paths: &Paths, config: Option<&ConfigPath>) -> Result<ExitCode> {
    let catalog = catalog.map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
    emit(&format!(
        "codestudy {}\ncatalog:   {catalog}\nconfig:    {}\ncache dir: {}\ndata dir:  {}\n",
        env!("CARGO_PKG_VERSION"),
        Described(config),
        paths.cache_dir.display(),
        paths.data_dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
