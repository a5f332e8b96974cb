//! HEAD read straight from a clone's ref files, without libgit2, for
//! callers that only need to know whether HEAD moved.

use std::path::Path;

/// HEAD's commit read from the ref files alone, without libgit2 (whose
/// first use in a process costs more than a warm index). Only the plain
/// layout codestudy's own clones have is understood; anything else is
/// `None` and the caller asks libgit2.
pub fn head_from_ref_files(repo_dir: &Path) -> Option<[u8; 20]> {
    let head = std::fs::read_to_string(repo_dir.join("HEAD")).ok()?;
    let refname = head.trim().strip_prefix("ref: ")?;
    if !refname.starts_with("refs/heads/") || crate::safe_path::check_repo_path(refname).is_err() {
        return None;
    }
    let hex = match std::fs::read_to_string(repo_dir.join(refname)) {
        Ok(text) => text.trim().to_string(),
        Err(_) => std::fs::read_to_string(repo_dir.join("packed-refs"))
            .ok()?
            .lines()
            .find_map(|l| {
                l.strip_suffix(refname)?
                    .strip_suffix(' ')
                    .map(str::to_string)
            })?,
    };
    parse_hex(&hex)
}

/// 40 hex digits to bytes, without git2 (see above).
fn parse_hex(hex: &str) -> Option<[u8; 20]> {
    let hex = hex.as_bytes();
    if hex.len() != 40 {
        return None;
    }
    let mut out = [0u8; 20];
    for (i, pair) in hex.chunks(2).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}
