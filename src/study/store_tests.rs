//! Unit tests of `store`.
use super::*;
use crate::study::StepState;
use crate::study::lock_holder::find_lock_holder;

fn step(repo: &str, number: u8, state: StepState) -> Change {
    Change::SetStep {
        repo: repo.into(),
        number,
        state,
        today: "2026-11-24".into(),
    }
}

#[test]
fn store_saves_reloads_and_moves_a_corrupt_file_aside() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    assert_eq!(store.load().unwrap(), Progress::default());
    store
        .apply(&[step("psf/requests", 3, StepState::Done)])
        .unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .repo("psf/requests")
            .unwrap()
            .steps_done(),
        1
    );

    fs::write(store.path(), "this is [not toml").unwrap();
    let err = store.load().unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("does not parse"), "{msg}");
    assert!(msg.contains("progress.toml.corrupt-"), "{msg}");
    let moved: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("progress.toml.corrupt-")
        })
        .collect();
    assert_eq!(moved.len(), 1);
    assert_eq!(
        fs::read_to_string(moved[0].path()).unwrap(),
        "this is [not toml",
        "kept as it was"
    );
    // The next save starts afresh, and the corrupt copy stays.
    store
        .apply(&[step("psf/requests", 1, StepState::Done)])
        .unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .repo("psf/requests")
            .unwrap()
            .steps_done(),
        1
    );
}

#[test]
fn a_failed_write_is_a_clear_error_and_the_old_file_stays() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path());
    store
        .apply(&[step("psf/requests", 1, StepState::Done)])
        .unwrap();
    let before = fs::read_to_string(store.path()).unwrap();
    // A directory where the temporary file must go: the write fails,
    // even for root (who ignores permissions).
    fs::create_dir(
        dir.path()
            .join(format!(".progress.toml.tmp-{}", std::process::id())),
    )
    .unwrap();
    let err = store
        .apply(&[step("psf/requests", 2, StepState::Done)])
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("could not write"), "{msg}");
    assert!(msg.contains("nothing on disk was changed"), "{msg}");
    assert_eq!(
        fs::read_to_string(store.path()).unwrap(),
        before,
        "the old file is untouched"
    );
    fs::remove_dir(
        dir.path()
            .join(format!(".progress.toml.tmp-{}", std::process::id())),
    )
    .unwrap();
    store
        .apply(&[step("psf/requests", 2, StepState::Done)])
        .unwrap();
    assert_eq!(
        store
            .load()
            .unwrap()
            .repo("psf/requests")
            .unwrap()
            .steps_done(),
        2,
        "saved on retry"
    );
}

#[test]
fn a_held_lock_is_waited_for_a_bounded_time_and_names_its_holder() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::new(dir.path()).with_lock_wait(Duration::from_millis(200));
    let held = store.lock().unwrap();
    let written = fs::read_to_string(dir.path().join("progress.lock.pid")).unwrap();
    assert!(
        written.starts_with(&format!("{} ", std::process::id())),
        "{written}"
    );
    let err = store
        .apply(&[step("psf/requests", 1, StepState::Done)])
        .unwrap_err();
    let StudyError::Locked { busy, .. } = &err else {
        panic!("{err}");
    };
    let holder = busy.holder.as_ref().expect("the holder is known");
    assert_eq!(holder.pid, std::process::id());
    assert!(!holder.stopped);
    let msg = err.to_string();
    assert!(
        msg.contains(&format!(
            "progress.lock is held by pid {}",
            std::process::id()
        )),
        "{msg}"
    );
    assert!(
        msg.contains("waited 0.2 s, nothing was read or changed"),
        "{msg}"
    );
    assert!(msg.contains("if no such process runs"), "{msg}");
    assert!(!store.path().exists(), "nothing written");
    // Let go: the holder file goes with the lock, and the save works.
    drop(held);
    assert!(!dir.path().join("progress.lock.pid").exists());
    store
        .apply(&[step("psf/requests", 1, StepState::Done)])
        .unwrap();
}

#[test]
fn holder_lines_and_the_kernel_lock_table_are_read_strictly() {
    assert_eq!(
        parse_holder_line("1234 codestudy progress flask\n"),
        Some((1234, "codestudy progress flask".into()))
    );
    assert_eq!(parse_holder_line("1234"), Some((1234, "unknown".into())));
    assert_eq!(
        parse_holder_line("7 evil\x1b]0;title\x07"),
        Some((7, "evil␛]0;title␇".into()))
    );
    assert_eq!(parse_holder_line("x 1"), None);
    assert_eq!(parse_holder_line(""), None);
    // 08:01 is major 8, minor 1; a waiter (`->`) is not the holder.
    let dev = (8 << 8) | 1;
    let table = "1: POSIX  ADVISORY  WRITE 99 08:01:555 0 EOF\n\
                 2: FLOCK  ADVISORY  WRITE 4321 08:01:555 0 EOF\n\
                 2: -> FLOCK  ADVISORY  WRITE 77 08:01:555 0 EOF\n\
                 3: FLOCK  ADVISORY  WRITE 11 08:02:555 0 EOF\n";
    assert_eq!(find_lock_holder(table, dev, 555), Some(4321));
    assert_eq!(find_lock_holder(table, dev, 556), None);
    assert_eq!(find_lock_holder(table, (8 << 8) | 2, 555), Some(11));
    assert_eq!(temp_pid(".progress.toml.tmp-42", "progress.toml"), Some(42));
    assert_eq!(temp_pid(".progress.toml.tmp-", "progress.toml"), None);
    assert_eq!(temp_pid(".progress.toml.tmp-4x", "progress.toml"), None);
    assert_eq!(temp_pid(".other.toml.tmp-4", "progress.toml"), None);
}
