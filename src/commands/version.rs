//! `codestudy --version`: the version, and the catalog and dirs in use.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::emit;
use crate::catalog::EMBEDDED_ORIGIN;
use crate::paths::Paths;

/// Runs before the catalog is loaded, so it names the catalog file given
/// rather than loading it: `--version` works even with a broken catalog.
pub fn run(catalog: Option<&Path>, paths: &Paths) -> Result<ExitCode> {
    let catalog = catalog.map_or(EMBEDDED_ORIGIN.to_string(), |p| p.display().to_string());
    emit(&format!(
        "codestudy {}\ncatalog:   {catalog}\ncache dir: {}\ndata dir:  {}\n",
        env!("CARGO_PKG_VERSION"),
        paths.cache_dir.display(),
        paths.data_dir.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
