//! Shared by the benches: a Python tree committed into a git repository and
//! cloned (full, over file://) into a cache, as codestudy would have it.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use codestudy::repo::{Cache, CloneRequest, Depth, clone_or_update};

pub struct Cloned {
    pub tmp: tempfile::TempDir,
    pub cache: Cache,
    pub files: usize,
    pub bytes: u64,
    pub tree: PathBuf,
}

/// The tree in `CODESTUDY_BENCH_TREE`, or the local CPython standard
/// library, cloned as pandas-dev/pandas.
pub fn cloned_tree() -> Cloned {
    let tree = std::env::var_os("CODESTUDY_BENCH_TREE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let out = std::process::Command::new("python3")
                .args(["-c", "import os; print(os.path.dirname(os.__file__))"])
                .output()
                .unwrap();
            PathBuf::from(String::from_utf8_lossy(&out.stdout).trim())
        });
    let tmp = tempfile::tempdir().unwrap();
    let src = tmp.path().join("src");
    let (files, bytes) = copy_python_files(&tree, &src);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args(args)
            .current_dir(&src)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", tmp.path())
            .env("GIT_AUTHOR_NAME", "b")
            .env("GIT_AUTHOR_EMAIL", "b@e")
            .env("GIT_COMMITTER_NAME", "b")
            .env("GIT_COMMITTER_EMAIL", "b@e")
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "tree"]);
    let cache = Cache::new(&tmp.path().join("cache"));
    let req = CloneRequest {
        owner: "pandas-dev".into(),
        name: "pandas".into(),
        url: format!("file://{}", src.display()),
        depth: Some(Depth::Full),
    };
    clone_or_update(&cache, &req, &|_| {}, &AtomicBool::new(false)).unwrap();
    Cloned {
        tmp,
        cache,
        files,
        bytes,
        tree,
    }
}

fn copy_python_files(from: &Path, to: &Path) -> (usize, u64) {
    let (mut files, mut bytes) = (0, 0);
    let mut stack = vec![from.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() {
                if name != "site-packages" && name != "__pycache__" {
                    stack.push(p);
                }
            } else if name.ends_with(".py") {
                let dest = to.join(p.strip_prefix(from).unwrap());
                std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                bytes += std::fs::copy(&p, &dest).unwrap();
                files += 1;
            }
        }
    }
    (files, bytes)
}

/// This process's resident memory now and at its peak, in MiB.
pub fn memory_mib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
            / 1024
    };
    (kb("VmRSS:"), kb("VmHWM:"))
}
