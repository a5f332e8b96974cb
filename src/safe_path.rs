//! The one rule for paths that name something inside a repository, whether
//! they come from a catalog's key files or from the command line: relative,
//! `/`-separated, and unable to reach outside the repository or into `.git`.

/// Why `path` is not a safe repository path, or `Ok`.
pub fn check_repo_path(path: &str) -> Result<(), &'static str> {
    if path.is_empty() {
        return Err("is empty");
    }
    if path.contains('\0') {
        return Err("contains a NUL character");
    }
    if path.contains('\\') {
        return Err("contains a backslash");
    }
    if path.starts_with('/') {
        return Err("is absolute");
    }
    for part in path.split('/') {
        if part == ".." {
            return Err("contains a '..' component");
        }
        if part.eq_ignore_ascii_case(".git") {
            return Err("contains a '.git' component");
        }
    }
    Ok(())
}

/// A checked path with `.` and empty components (from `a//b` or a trailing
/// `/`) removed.
pub fn normalize_repo_path(path: &str) -> Result<String, &'static str> {
    check_repo_path(path)?;
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.is_empty() {
        return Err("names the repository root, not a path in it");
    }
    Ok(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_and_refused() {
        assert!(check_repo_path("src/flask/app.py").is_ok());
        assert!(check_repo_path("fastapi/dependencies").is_ok());
        assert!(check_repo_path(".github/workflows").is_ok());
        assert!(check_repo_path("a/.gitignore").is_ok());
        assert_eq!(check_repo_path(""), Err("is empty"));
        assert_eq!(check_repo_path("/etc/passwd"), Err("is absolute"));
        assert_eq!(check_repo_path("a/../b"), Err("contains a '..' component"));
        assert_eq!(check_repo_path(".."), Err("contains a '..' component"));
        assert_eq!(check_repo_path("a\\b"), Err("contains a backslash"));
        assert_eq!(check_repo_path("a\0b"), Err("contains a NUL character"));
        assert_eq!(
            check_repo_path("x/.GiT/config"),
            Err("contains a '.git' component")
        );
        assert_eq!(check_repo_path(".git"), Err("contains a '.git' component"));
    }

    #[test]
    fn normalizing() {
        assert_eq!(
            normalize_repo_path("src//flask/./app.py/").unwrap(),
            "src/flask/app.py"
        );
        assert!(normalize_repo_path("./").is_err());
        assert!(normalize_repo_path("a/../b").is_err());
    }
}
