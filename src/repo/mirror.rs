//! Where to fetch a repository from: the catalog's URL, or the user's
//! mirror template with `{owner}` and `{name}` filled in.

use crate::catalog::Repo;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MirrorError {
    #[error(
        "mirror template {template:?} has no {{name}}; write it like git://127.0.0.1:9418/{{owner}}/{{name}}.git"
    )]
    NoName { template: String },
    #[error(
        "mirror template {template:?}: {why}; codestudy fetches over git://, http://, https:// and file:// URLs or from a local path"
    )]
    Unsupported { template: String, why: String },
}

/// A checked mirror template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror(String);

impl Mirror {
    /// The template must name `{name}`, or every repository would map to
    /// one URL. Any transport this build of libgit2 has is allowed (the
    /// template comes from the user's own command line or environment, not
    /// from a catalog); the others are refused here, by name, rather than
    /// failing each clone later with a message about the network.
    pub fn parse(template: &str) -> Result<Mirror, MirrorError> {
        if !template.contains("{name}") {
            return Err(MirrorError::NoName {
                template: template.to_string(),
            });
        }
        if let Some(why) = unsupported_url(template) {
            return Err(MirrorError::Unsupported {
                template: template.to_string(),
                why,
            });
        }
        Ok(Mirror(template.to_string()))
    }

    pub fn url_for(&self, owner: &str, name: &str) -> String {
        self.0.replace("{owner}", owner).replace("{name}", name)
    }
}

/// Why libgit2 (built with https and no ssh) cannot fetch from `url`, or
/// `None` when it can: git's `<transport>::<address>` helpers (`ext::`
/// runs a command, `fd::` reads a file descriptor) and schemes other than
/// git, http, https and file.
pub fn unsupported_url(url: &str) -> Option<String> {
    let scheme_end = url.find("://");
    let helper_end = url.find("::");
    if let Some(i) = helper_end
        && scheme_end.is_none_or(|j| i < j)
        && !url[..i].is_empty()
        && url[..i]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return Some(format!(
            "the {}:: transport (a git remote helper) is not supported",
            &url[..i]
        ));
    }
    let i = scheme_end?;
    let scheme = &url[..i];
    if !scheme
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"+.-".contains(&b))
    {
        return None;
    }
    match scheme.to_ascii_lowercase().as_str() {
        "git" | "http" | "https" | "file" => None,
        "ssh" | "git+ssh" | "ssh+git" => Some(format!(
            "{scheme}:// is not supported (this build of codestudy has no SSH); use the https:// URL"
        )),
        _ => Some(format!("the URL scheme {scheme}:// is not supported")),
    }
}

/// The URL to fetch `repo` from.
pub fn fetch_url(repo: &Repo, mirror: Option<&Mirror>) -> String {
    match mirror {
        Some(m) => m.url_for(&repo.owner, &repo.name),
        None => repo.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let m = Mirror::parse("git://127.0.0.1:9418/{owner}/{name}.git").unwrap();
        assert_eq!(
            m.url_for("psf", "requests"),
            "git://127.0.0.1:9418/psf/requests.git"
        );
        let m = Mirror::parse("https://git.example.com/mirrors/{owner}/{name}").unwrap();
        assert_eq!(
            m.url_for("pallets", "flask"),
            "https://git.example.com/mirrors/pallets/flask"
        );
        assert!(Mirror::parse("https://example.com/one.git").is_err());
    }

    #[test]
    fn transports_libgit2_lacks_are_refused_by_name() {
        for (t, says) in [
            ("ext::sh -c touch% /tmp/x {name}", "ext:: transport"),
            ("fd::3 {name}", "fd:: transport"),
            ("ssh://host/{owner}/{name}.git", "no SSH"),
            ("gopher://host/{name}", "gopher:// is not supported"),
        ] {
            let e = Mirror::parse(t).unwrap_err().to_string();
            assert!(e.contains(says), "{t}: {e}");
            assert!(!e.contains("network"), "{t}: {e}");
        }
        for ok in [
            "git://127.0.0.1:9418/{owner}/{name}.git",
            "HTTPS://h/{name}",
            "file:///srv/{owner}/{name}.git",
            "/srv/git/{owner}/{name}.git",
            "relative/{name}.git",
            "/srv/a::b/{name}",
        ] {
            assert!(Mirror::parse(ok).is_ok(), "{ok}");
        }
    }
}
