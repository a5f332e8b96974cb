//! Which file is which module.
//!
//! A file's module name is its path below its *source root*: the nearest
//! directory above it that is not a package (has no `__init__.py`). So
//! `src/flask/app.py` is `flask.app` (root `src/`), `lib/sqlalchemy/orm/
//! session.py` is `sqlalchemy.orm.session` (root `lib/`), and
//! `tests/test_basic.py` is `test_basic` (root `tests/`), as pytest's
//! rootdir insertion makes it. Roots named by `pyproject.toml`
//! (`[tool.setuptools] package-dir`, `packages.find.where`) or `setup.cfg`
//! (`package_dir`) are preferred when one module name has several files.

use std::collections::{HashMap, HashSet};

/// The module map of a tree.
#[derive(Debug, Default, Clone)]
pub struct Modules {
    /// Per file (same order as given): its module name and its root.
    pub names: Vec<(String, String)>,
    by_name: HashMap<String, Vec<u32>>,
    /// Roots the packaging files name, best first.
    declared: Vec<String>,
}

fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

fn base(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

impl Modules {
    /// `paths`: every Python file of the tree. `packaging`: the text of
    /// the root's `pyproject.toml` and `setup.cfg`, when there.
    pub fn new(paths: &[&str], packaging: &[&str]) -> Modules {
        let packages: HashSet<&str> = paths
            .iter()
            .filter(|p| base(p) == "__init__.py")
            .map(|p| parent(p))
            .collect();
        let mut names = Vec::with_capacity(paths.len());
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, p) in paths.iter().enumerate() {
            let file = base(p);
            let stem = file.strip_suffix(".py").unwrap_or(file);
            let mut parts: Vec<&str> = Vec::new();
            if stem != "__init__" {
                parts.push(stem);
            }
            let mut dir = parent(p);
            while !dir.is_empty() && packages.contains(dir) {
                parts.push(base(dir));
                dir = parent(dir);
            }
            parts.reverse();
            let name = parts.join(".");
            if !name.is_empty() {
                by_name.entry(name.clone()).or_default().push(i as u32);
            }
            names.push((name, dir.to_string()));
        }
        Modules {
            names,
            by_name,
            declared: declared_roots(packaging),
        }
    }

    pub fn name(&self, file: u32) -> &str {
        self.names.get(file as usize).map_or("", |n| n.0.as_str())
    }

    /// The file of module `name` as imported from `from` (a file index):
    /// one in the importer's own root first, then a declared root, then
    /// the shortest path.
    pub fn file(&self, name: &str, from: Option<u32>, paths: &[impl AsRef<str>]) -> Option<u32> {
        let found = self.by_name.get(name)?;
        if found.len() == 1 {
            return found.first().copied();
        }
        let own_root = from.and_then(|f| self.names.get(f as usize)).map(|n| &n.1);
        found.iter().copied().min_by_key(|&f| {
            let root = &self.names[f as usize].1;
            let own = own_root != Some(root);
            let declared = self
                .declared
                .iter()
                .position(|d| d == root)
                .unwrap_or(usize::MAX);
            let len = paths
                .get(f as usize)
                .map_or(usize::MAX, |p| p.as_ref().len());
            (own, declared, len)
        })
    }

    /// Whether a module of that name is in the tree.
    pub fn has(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// The package a file's relative imports start from: the module itself
    /// for `__init__.py`, its parent otherwise.
    pub fn package_of(&self, file: u32, is_init: bool) -> String {
        let name = self.name(file);
        if is_init {
            name.to_string()
        } else {
            name.rfind('.').map_or("", |i| &name[..i]).to_string()
        }
    }
}

/// Source roots named by packaging files, in the order found.
fn declared_roots(texts: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for t in texts {
        if let Ok(v) = t.parse::<toml::Table>() {
            let setuptools = v.get("tool").and_then(|t| t.get("setuptools"));
            if let Some(dirs) = setuptools
                .and_then(|s| s.get("package-dir"))
                .and_then(|d| d.as_table())
                && let Some(root) = dirs.get("").and_then(|r| r.as_str())
            {
                out.push(root.trim_matches('/').to_string());
            }
            if let Some(wheres) = setuptools
                .and_then(|s| s.get("packages"))
                .and_then(|p| p.get("find"))
                .and_then(|f| f.get("where"))
                .and_then(|w| w.as_array())
            {
                for w in wheres.iter().filter_map(|w| w.as_str()) {
                    out.push(w.trim_matches('/').trim_start_matches("./").to_string());
                }
            }
            continue;
        }
        // setup.cfg: `package_dir =\n    = src` or `package_dir = =src`.
        let mut in_dir = false;
        for line in t.lines() {
            let l = line.trim();
            if let Some(rest) = l.strip_prefix("package_dir") {
                let rest = rest.trim_start().trim_start_matches('=').trim();
                in_dir = rest.is_empty();
                if let Some(root) = rest.strip_prefix('=') {
                    out.push(root.trim().trim_matches('/').to_string());
                }
            } else if in_dir {
                if let Some(root) = l.strip_prefix('=') {
                    out.push(root.trim().trim_matches('/').to_string());
                    in_dir = false;
                } else if !line.starts_with(char::is_whitespace) || l.is_empty() {
                    in_dir = false;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_follow_packages_and_roots() {
        let paths = [
            "src/flask/__init__.py",
            "src/flask/app.py",
            "src/flask/json/__init__.py",
            "src/flask/json/tag.py",
            "tests/test_basic.py",
            "tests/conftest.py",
            "setup.py",
            "lib/sqlalchemy/__init__.py",
            "lib/sqlalchemy/orm/__init__.py",
            "lib/sqlalchemy/orm/session.py",
        ];
        let m = Modules::new(&paths, &[]);
        let names: Vec<&str> = (0..paths.len() as u32).map(|i| m.name(i)).collect();
        assert_eq!(
            names,
            [
                "flask",
                "flask.app",
                "flask.json",
                "flask.json.tag",
                "test_basic",
                "conftest",
                "setup",
                "sqlalchemy",
                "sqlalchemy.orm",
                "sqlalchemy.orm.session"
            ]
        );
        assert_eq!(m.file("flask.json.tag", None, &paths), Some(3));
        assert_eq!(m.file("flask.nope", None, &paths), None);
        assert_eq!(m.package_of(1, false), "flask");
        assert_eq!(m.package_of(2, true), "flask.json");
    }

    #[test]
    fn a_module_in_two_roots_prefers_the_importers_then_the_declared_root() {
        let paths = ["a/util.py", "b/util.py", "a/main.py", "b/main.py"];
        let m = Modules::new(
            &paths,
            &["[tool.setuptools]\npackage-dir = {\"\" = \"b\"}\n"],
        );
        assert_eq!(m.file("util", Some(2), &paths), Some(0));
        assert_eq!(m.file("util", Some(3), &paths), Some(1));
        assert_eq!(m.file("util", None, &paths), Some(1));
        let cfg = Modules::new(&paths, &["[options]\npackage_dir =\n    = a\n"]);
        assert_eq!(cfg.file("util", None, &paths), Some(0));
    }
}
