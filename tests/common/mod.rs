//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod flask;
pub mod git;
pub mod harness;
pub mod help_lines;
pub mod pty;
pub mod server;

/// Whether `unshare` with these flags (`-rm`: user and mount namespaces,
/// `-rn`: user and network) works on this machine.
pub fn unshare_works(flags: &str) -> bool {
    std::process::Command::new("unshare")
        .args([flags, "true"])
        .status()
        .is_ok_and(|s| s.success())
}

/// Whether the tests run in CI (`CI` set, and not to `false` or `0`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// Whether a test that needs `unshare FLAGS` (`what` says for what) can
/// run. CI provides `unshare`, so there a missing one fails the test
/// instead of letting it pass without testing anything; elsewhere the test
/// is skipped and says so.
#[track_caller]
pub fn unshare_or_skip(flags: &str, what: &str) -> bool {
    if unshare_works(flags) {
        return true;
    }
    assert!(
        !in_ci(),
        "`unshare {flags} true` failed: {what} are not available, and in CI (CI is set) \
         this test must run, not be skipped"
    );
    eprintln!("SKIPPED: {what} are not available here (`unshare {flags} true` failed)");
    false
}
