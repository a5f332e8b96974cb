//! Who holds `progress.lock`: the line a holder writes beside it, and the
//! kernel's lock table (`/proc/locks`) for holders that write nothing.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// What the holder writes beside the lock: its pid and command line.
pub(super) fn holder_line() -> String {
    let mut args = std::env::args();
    let program = args
        .next()
        .map(|a| {
            Path::new(&a)
                .file_name()
                .map_or(a.clone(), |n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "codestudy".into());
    let words: Vec<String> = std::iter::once(program).chain(args).collect();
    format!("{} {}\n", std::process::id(), words.join(" "))
}

/// `pid what` from a holder file; `what` made printable and short (the
/// file may be damaged or written by anyone who can write the data dir).
pub(super) fn parse_holder_line(text: &str) -> Option<(u32, String)> {
    let line = text.lines().next()?;
    let (pid, what) = line.split_once(' ').unwrap_or((line, ""));
    let pid: u32 = pid.parse().ok()?;
    let what: String = crate::sanitize::sanitize_line(what.trim())
        .chars()
        .take(120)
        .collect();
    Some((
        pid,
        if what.is_empty() {
            "unknown".into()
        } else {
            what
        },
    ))
}

#[cfg(target_os = "linux")]
pub(super) fn pid_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
pub(super) fn pid_alive(pid: u32) -> bool {
    // `kill -0` checks for the process without signalling it.
    std::process::Command::new("kill")
        .args(["-0", &pid.to_string()])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The pid holding a `flock` on the file with this metadata, from the
/// kernel's table (`/proc/locks`).
#[cfg(target_os = "linux")]
pub(super) fn lock_holder_pid(meta: &fs::Metadata) -> Option<u32> {
    let table = fs::read_to_string("/proc/locks").ok()?;
    find_lock_holder(&table, meta.dev(), meta.ino())
}

#[cfg(not(target_os = "linux"))]
pub(super) fn lock_holder_pid(_meta: &fs::Metadata) -> Option<u32> {
    None
}

/// In `/proc/locks` lines such as `1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF`
/// (waiters are marked `->` and skipped), the holder of device `dev`,
/// inode `ino`.
pub(super) fn find_lock_holder(table: &str, dev: u64, ino: u64) -> Option<u32> {
    // The kernel prints the device as major:minor in hex.
    let major = ((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff);
    let minor = (dev & 0xff) | ((dev >> 12) & !0xff);
    table.lines().find_map(|line| {
        let fields: Vec<&str> = line.split_whitespace().collect();
        if fields.get(1) != Some(&"FLOCK") {
            return None;
        }
        let pid: u32 = fields.get(4)?.parse().ok()?;
        let mut id = fields.get(5)?.split(':');
        let (ma, mi, i) = (id.next()?, id.next()?, id.next()?);
        let same = u64::from_str_radix(ma, 16).ok()? == major
            && u64::from_str_radix(mi, 16).ok()? == minor
            && i.parse::<u64>().ok()? == ino;
        same.then_some(pid)
    })
}

/// The program name of a running process (`/proc/<pid>/comm`).
pub(super) fn program_name(pid: u32) -> Option<String> {
    let name = fs::read_to_string(format!("/proc/{pid}/comm")).ok()?;
    let name = name.trim();
    (!name.is_empty()).then(|| crate::sanitize::sanitize_line(name).into_owned())
}

/// Whether the process is stopped (state `T` or `t` in `/proc/<pid>/stat`).
pub(super) fn is_stopped(pid: u32) -> bool {
    let Ok(stat) = fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return false;
    };
    // The state follows the command name, which is in parentheses and may
    // itself hold spaces or parentheses.
    stat.rsplit_once(')')
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .is_some_and(|s| s == "T" || s == "t")
}
