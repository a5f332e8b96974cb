//! Study progress through the real binary, under faults: killed while
//! saving, two processes at once, a corrupt file, a data dir that cannot be
//! written.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

fn codestudy(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_codestudy"));
    c.env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .arg("--data-dir")
        .arg(data);
    c
}

/// The steps marked done for `repo`, from the file as it is on disk; the
/// file must always parse.
fn done_steps(data: &Path, repo: &str) -> Vec<u64> {
    let text = std::fs::read_to_string(data.join("progress.toml")).unwrap_or_default();
    let v: toml::Table = toml::from_str(&text)
        .unwrap_or_else(|e| panic!("progress.toml does not parse: {e}\n{text}"));
    let Some(repos) = v.get("repo").and_then(|r| r.as_array()) else {
        return vec![];
    };
    let Some(r) = repos.iter().find(|r| r["id"].as_str() == Some(repo)) else {
        return vec![];
    };
    let mut done: Vec<u64> = r
        .get("step")
        .and_then(|s| s.as_array())
        .map(|steps| {
            steps
                .iter()
                .filter(|s| s["state"].as_str() == Some("done"))
                .map(|s| s["number"].as_integer().unwrap() as u64)
                .collect()
        })
        .unwrap_or_default();
    done.sort();
    done
}

/// Kill `runs` saves at pseudo-random moments: the file always parses and
/// holds the state before or after the interrupted save.
fn kill_while_saving(runs: u32) {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64
        | 1;
    eprintln!("seed {seed}");
    let mut expected: Vec<u64> = vec![];
    let (mut killed, mut finished) = (0, 0);
    for run in 0..runs {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let step = seed % 6 + 1;
        let mark_done = !expected.contains(&step);
        let mut after = expected.clone();
        if mark_done {
            after.push(step);
            after.sort();
        } else {
            after.retain(|s| *s != step);
        }
        let flag = if mark_done { "--done" } else { "--todo" };
        let mut child = codestudy(data)
            .args(["progress", "flask", flag, &step.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(seed % 6000));
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            finished += 1;
        } else {
            killed += 1;
        }
        let now = done_steps(data, "pallets/flask");
        assert!(
            now == expected || now == after,
            "run {run}: {now:?} is neither {expected:?} nor {after:?}"
        );
        expected = now;
        // No temporary is left that a later save could trip over for long.
    }
    eprintln!("{runs} runs: {killed} killed while running, {finished} finished first");
}

#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_state() {
    kill_while_saving(150);
}

/// The long run of the reliability report: `cargo test --test study -- --ignored`.
#[test]
#[ignore]
fn a_save_killed_at_any_moment_1000_runs() {
    kill_while_saving(1000);
}

#[test]
fn two_processes_updating_different_repositories_both_survive() {
    for round in 0..15 {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path();
        let spawn = |repo: &str, steps: &[&str]| {
            let mut c = codestudy(data);
            c.args(["progress", repo]);
            for s in steps {
                c.args(["--done", s]);
            }
            c.stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        };
        let a = spawn("flask", &["1", "2"]);
        let b = spawn("requests", &["3", "4", "5"]);
        let (a, b) = (a.wait_with_output().unwrap(), b.wait_with_output().unwrap());
        assert!(
            a.status.success() && b.status.success(),
            "round {round}: {a:?} {b:?}"
        );
        assert_eq!(done_steps(data, "pallets/flask"), [1, 2], "round {round}");
        assert_eq!(done_steps(data, "psf/requests"), [3, 4, 5], "round {round}");
    }
}

#[test]
fn a_corrupt_file_is_moved_aside_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    std::fs::write(
        data.join("progress.toml"),
        "[[repo]]\nid = \"x\"\nstep = 7\n",
    )
    .unwrap();
    let out = codestudy(data).arg("progress").output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("progress.toml does not parse"), "{err}");
    assert!(err.contains("it was moved to"), "{err}");
    assert!(err.contains("nothing in it is lost"), "{err}");
    let moved: Vec<_> = std::fs::read_dir(data)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.toml.corrupt-")
        })
        .collect();
    assert_eq!(moved.len(), 1);
    // After that, progress starts afresh and saves.
    assert!(
        codestudy(data)
            .args(["progress", "flask", "--done", "1"])
            .output()
            .unwrap()
            .status
            .success()
    );
    assert_eq!(done_steps(data, "pallets/flask"), [1]);
}

#[test]
fn a_data_dir_that_cannot_be_written_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    // A file where the data dir should be: nothing can be created under it,
    // even by root.
    let data = dir.path().join("not-a-dir");
    std::fs::write(&data, "").unwrap();
    let out = codestudy(&data)
        .args(["progress", "flask", "--done", "1"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("could not create"), "{err}");
    assert!(err.contains("permissions of --data-dir"), "{err}");
}

#[test]
fn notes_export_writes_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    assert!(
        codestudy(data)
            .args(["progress", "requests", "--done", "1", "--doing", "2"])
            .output()
            .unwrap()
            .status
            .success()
    );
    let file = dir.path().join("notes.md");
    assert!(
        codestudy(data)
            .args(["notes", "export", "requests", "--output"])
            .arg(&file)
            .status()
            .unwrap()
            .success()
    );
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.starts_with("# Study notes: psf/requests\n"), "{md}");
    assert!(
        md.contains("- [x] 1. Start with the documentation (done "),
        "{md}"
    );
    assert!(
        md.contains("- [ ] 2. Look at the tests (in progress)"),
        "{md}"
    );
    // Issue 15, point 30: an existing file is replaced only with --force.
    std::fs::write(&file, "mine\n").unwrap();
    let out = codestudy(data)
        .args(["notes", "export", "requests", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("exists; give --force to replace it"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine\n");
    let out = codestudy(data)
        .args(["notes", "export", "requests", "--force", "--output"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("# Study notes: psf/requests\n")
    );
}

#[test]
fn a_full_disk_is_a_clear_error_and_nothing_is_lost() {
    // A 64 KiB tmpfs as the data dir, filled up, in a private mount
    // namespace.
    if !common::unshare_or_skip("-rm", "user and mount namespaces") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let bin = env!("CARGO_BIN_EXE_codestudy");
    let script = format!(
        "mount -t tmpfs -o size=64k tmpfs '{d}' \
         && '{bin}' --data-dir '{d}' progress flask --done 1 \
         && (dd if=/dev/zero of='{d}/filler' bs=1k count=1024 2>/dev/null; true) \
         && (echo first; '{bin}' --data-dir '{d}' progress flask --done 2; echo status=$?) \
         && rm '{d}/filler' \
         && '{bin}' --data-dir '{d}' progress flask --done 2 \
         && cat '{d}/progress.toml'",
        d = data.display(),
    );
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", &script])
        .env_remove("CODESTUDY_CATALOG")
        .env("CODESTUDY_CONFIG", "/dev/null")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    // The save on the full disk failed, said why, and changed nothing.
    assert!(stdout.contains("status=1"), "{stdout}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    assert!(stderr.contains("check the disk space"), "{stderr}");
    // Once there is room again, the same change is saved, and step 1 from
    // before is still there.
    let file = stdout.rsplit("status=1").next().unwrap();
    assert!(file.contains("number = 1"), "{file}");
    assert!(file.contains("number = 2"), "{file}");
}
