//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod git;
pub mod pty;

/// Whether `unshare` with these flags (`-rm`: user and mount namespaces,
/// `-rn`: user and network) works on this machine; the tests that need it
/// say they are skipped where it does not.
pub fn unshare_works(flags: &str) -> bool {
    std::process::Command::new("unshare")
        .args([flags, "true"])
        .status()
        .is_ok_and(|s| s.success())
}
