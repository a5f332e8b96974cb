//! Fixture repositories built at test time with git2, and a real
//! `git daemon` on 127.0.0.1 serving them, stopped when the test ends.

use std::collections::BTreeMap;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use git2::{Oid, Repository, Signature, Time};

/// What a path holds in a fixture commit.
#[derive(Clone, Debug)]
pub enum Node {
    File(Vec<u8>),
    Executable(Vec<u8>),
    Symlink(Vec<u8>),
    Submodule(Oid),
}

/// A bare repository built commit by commit from a map of paths (raw
/// bytes, so names need not be UTF-8).
pub struct Fixture {
    pub repo: Repository,
    pub files: BTreeMap<Vec<u8>, Node>,
    clock: i64,
}

impl Fixture {
    pub fn create(path: &Path) -> Fixture {
        let mut opts = git2::RepositoryInitOptions::new();
        opts.bare(true)
            .external_template(false)
            .mkpath(true)
            .initial_head("main");
        Fixture {
            repo: Repository::init_opts(path, &opts).unwrap(),
            files: BTreeMap::new(),
            clock: 1_700_000_000,
        }
    }

    pub fn put(&mut self, path: impl AsRef<[u8]>, node: Node) -> &mut Self {
        self.files.insert(path.as_ref().to_vec(), node);
        self
    }

    pub fn file(&mut self, path: impl AsRef<[u8]>, text: impl AsRef<[u8]>) -> &mut Self {
        self.put(path, Node::File(text.as_ref().to_vec()))
    }

    pub fn remove(&mut self, path: impl AsRef<[u8]>) -> &mut Self {
        self.files.remove(path.as_ref());
        self
    }

    /// Commit the current map on `branch` (its parent: the branch's tip).
    pub fn commit_on(&mut self, branch: &str, message: &str) -> Oid {
        let tree = self.write_tree(b"");
        let tree = self.repo.find_tree(tree).unwrap();
        self.clock += 3600;
        let sig = Signature::new(
            "Fixture Author",
            "author@example.com",
            &Time::new(self.clock, 0),
        )
        .unwrap();
        let refname = format!("refs/heads/{branch}");
        let parent = self
            .repo
            .refname_to_id(&refname)
            .ok()
            .map(|id| self.repo.find_commit(id).unwrap());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        self.repo
            .commit(Some(&refname), &sig, &sig, message, &tree, &parents)
            .unwrap()
    }

    /// Commit on main as this author (any bytes git accepts in a name).
    pub fn commit_as(&mut self, name: &str, email: &str, message: &str) -> Oid {
        let tree = self.write_tree(b"");
        let tree = self.repo.find_tree(tree).unwrap();
        self.clock += 3600;
        let sig = Signature::new(name, email, &Time::new(self.clock, 0)).unwrap();
        let parent = self
            .repo
            .refname_to_id("refs/heads/main")
            .ok()
            .map(|id| self.repo.find_commit(id).unwrap());
        let parents: Vec<&git2::Commit> = parent.iter().collect();
        self.repo
            .commit(
                Some("refs/heads/main"),
                &sig,
                &sig,
                message,
                &tree,
                &parents,
            )
            .unwrap()
    }

    pub fn commit(&mut self, message: &str) -> Oid {
        self.commit_on("main", message)
    }

    fn write_tree(&self, prefix: &[u8]) -> Oid {
        let mut builder = self.repo.treebuilder(None).unwrap();
        let mut subdirs: BTreeMap<Vec<u8>, ()> = BTreeMap::new();
        for (path, node) in &self.files {
            let Some(rest) = path.strip_prefix(prefix) else {
                continue;
            };
            match rest.iter().position(|b| *b == b'/') {
                Some(i) => {
                    subdirs.insert(rest[..i].to_vec(), ());
                }
                None => {
                    let (id, mode) = match node {
                        Node::File(b) => (self.repo.blob(b).unwrap(), 0o100644),
                        Node::Executable(b) => (self.repo.blob(b).unwrap(), 0o100755),
                        Node::Symlink(t) => (self.repo.blob(t).unwrap(), 0o120000),
                        Node::Submodule(c) => (*c, 0o160000),
                    };
                    builder.insert(rest, id, mode).unwrap();
                }
            }
        }
        for name in subdirs.keys() {
            let mut sub = prefix.to_vec();
            sub.extend_from_slice(name);
            sub.push(b'/');
            let id = self.write_tree(&sub);
            builder.insert(name, id, 0o040000).unwrap();
        }
        builder.write().unwrap()
    }

    pub fn tag(&self, name: &str) {
        let head = self.repo.refname_to_id("refs/heads/main").unwrap();
        let obj = self.repo.find_object(head, None).unwrap();
        self.repo.tag_lightweight(name, &obj, false).unwrap();
    }
}

/// The repository most tests clone: it has every shape the engine must
/// handle, in five commits on main plus a second branch and a tag.
///
/// Commits on main, oldest first:
/// 1. flask files, requests/ at the top, django/db/models.py as a module,
///    a binary, a non-UTF-8 name, symlinks out of the tree, a submodule
/// 2. requests/ moved under src/
/// 3. django/db/models.py became a package
/// 4. src/flask/app.py edited
/// 5. docs added
pub fn build_study_fixture(path: &Path) -> Fixture {
    let mut f = Fixture::create(path);
    f.file("README.md", "# Fixture\n\nA repository for tests.\n")
        .file("src/flask/__init__.py", "from .app import Flask\n")
        .file("src/flask/app.py", "class Flask:\n    def route(self, rule):\n        pass\n")
        .file("src/flask/ctx.py", "class AppContext:\n    pass\n")
        .file("requests/models.py", "class Request:\n    pass\n")
        .file("requests/sessions.py", "class Session:\n    pass\n")
        .file("requests/adapter.py", "class HTTPAdapter:\n    pass\n")
        .file("django/db/models.py", "class Model:\n    pass\n")
        .file("django/http/response.py", "class HttpResponse:\n    pass\n")
        .file("data.bin", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice())
        .file(b"caf\xe9.txt".as_slice(), "latin-1 name\n")
        .file(b"d\xe9p/mod.py".as_slice(), "def in_latin1_dir():\n    pass\n")
        .file("CONTRIBUTING.md", "# Contributing\n\nRun the tests with `pytest`.\n")
        .file(".github/ISSUE_TEMPLATE/bug.md", "---\nname: Bug\n---\n\nWhat happened?\n")
        .put("tools/run.sh", Node::Executable(b"#!/bin/sh\necho hi\n".to_vec()))
        .put("link_passwd", Node::Symlink(b"/etc/passwd".to_vec()))
        .put("link_outside", Node::Symlink(b"../../outside".to_vec()))
        .file(".gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = https://example.com/lib.git\n")
        .put("vendor/lib", Node::Submodule(Oid::from_str("1234567890123456789012345678901234567890").unwrap()));
    f.commit("Initial import");
    for name in ["models.py", "sessions.py", "adapter.py"] {
        let node = f
            .files
            .remove(format!("requests/{name}").as_bytes())
            .unwrap();
        f.put(format!("src/requests/{name}"), node);
    }
    f.commit("Move requests under src/");
    let node = f.files.remove(b"django/db/models.py".as_slice()).unwrap();
    f.put("django/db/models/__init__.py", node).file(
        "django/db/models/base.py",
        "class ModelBase(type):\n    pass\n",
    );
    f.commit("Make django.db.models a package");
    f.file(
        "src/flask/app.py",
        "class Flask:\n    def route(self, rule):\n        return rule\n",
    );
    f.commit("Return the rule from route");
    f.file("docs/index.md", "# Docs\n");
    f.commit("Add docs");
    f.tag("v1.0");
    f.file("feature.txt", "only on the feature branch\n");
    f.commit_on("feature", "Feature work");
    f.remove("feature.txt");
    f
}

/// A repository of `files` files of pseudo-random text in nested
/// directories, in one commit: big enough that a clone takes a while.
pub fn build_large_fixture(path: &Path, files: usize, bytes_per_file: usize) -> Fixture {
    let mut f = Fixture::create(path);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..files {
        let mut text = Vec::with_capacity(bytes_per_file);
        while text.len() < bytes_per_file {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            text.extend_from_slice(format!("value_{:016x} = {}\n", seed, i).as_bytes());
        }
        f.file(format!("pkg{}/mod{}/file_{i}.py", i % 17, i % 5), text);
    }
    f.commit("Large import");
    f
}

/// The `git-daemon` program of the machine's git.
fn daemon_program() -> PathBuf {
    let out = Command::new("git")
        .arg("--exec-path")
        .output()
        .expect("git must be installed");
    PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()).join("git-daemon")
}

/// `git daemon` serving `base` on a free loopback port; killed on drop.
pub struct GitDaemon {
    child: Child,
    pub port: u16,
}

impl GitDaemon {
    pub fn start(base: &Path) -> GitDaemon {
        for _ in 0..20 {
            let port = TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            // `git daemon` would run `git-daemon` as its own child, which
            // killing `git` leaves running: start the daemon itself.
            let mut child = Command::new(daemon_program())
                .args([
                    "--listen=127.0.0.1",
                    &format!("--port={port}"),
                    &format!("--base-path={}", base.display()),
                    "--export-all",
                    "--reuseaddr",
                    "--informative-errors",
                ])
                .arg(base)
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("git daemon (git must be installed)");
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(10) {
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return GitDaemon { child, port };
                }
                if child.try_wait().unwrap().is_some() {
                    break; // the port was taken meanwhile: try another
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("could not start git daemon");
    }

    /// The `--mirror` template that points every catalog repository here.
    pub fn mirror(&self) -> String {
        format!("git://127.0.0.1:{}/{{owner}}/{{name}}.git", self.port)
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for GitDaemon {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A served tree: `base/<owner>/<name>.git` for each name given, all the
/// same fixture (symlinks on the server side).
pub struct Served {
    pub base: PathBuf,
    pub fixture: Fixture,
}

pub fn serve_study_fixture(base: &Path, as_names: &[&str]) -> Served {
    let (first, rest) = as_names.split_first().unwrap();
    let first_path = base.join(format!("{first}.git"));
    let fixture = build_study_fixture(&first_path);
    for name in rest {
        let link = base.join(format!("{name}.git"));
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&first_path, &link).unwrap();
    }
    Served {
        base: base.to_path_buf(),
        fixture,
    }
}
