//! The binary run in a scratch home and cache, against a mirror: what the
//! clone tests share.

use std::path::PathBuf;

use assert_cmd::Command;
use tempfile::TempDir;

/// A scratch home, cache, and directory of served repositories.
pub struct Env {
    _tmp: TempDir,
    pub cache: PathBuf,
    pub home: PathBuf,
    pub base: PathBuf,
}

pub fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let cache = tmp.path().join("cache");
    let home = tmp.path().join("home");
    let base = tmp.path().join("served");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::create_dir_all(&base).unwrap();
    Env {
        cache,
        home,
        base,
        _tmp: tmp,
    }
}

/// `codestudy` with `env`'s home and cache, fetching from `mirror`; none
/// of the developer's own settings (catalog, config, engine, user or
/// system git configuration) reaches it.
pub fn codestudy(env: &Env, mirror: &str) -> Command {
    Command::from_std(codestudy_std(env, mirror))
}

/// [`codestudy`] as a `std` command, to spawn and kill.
pub fn codestudy_std(env: &Env, mirror: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_codestudy"));
    cmd.env_remove("CODESTUDY_CATALOG")
        .env_remove("CODESTUDY_GIT")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .env_remove("CODESTUDY_DATA_DIR")
        .env("HOME", &env.home)
        .env("XDG_CONFIG_HOME", &env.home)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("CODESTUDY_CACHE_DIR", &env.cache)
        .env("CODESTUDY_MIRROR", mirror);
    cmd
}
