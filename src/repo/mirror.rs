//! Where to fetch a repository from: the catalog's URL, or the user's
//! mirror template with `{owner}` and `{name}` filled in.

use crate::catalog::Repo;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "mirror template {template:?} has no {{name}}; write it like git://127.0.0.1:9418/{{owner}}/{{name}}.git"
)]
pub struct MirrorError {
    template: String,
}

/// A checked mirror template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror(String);

impl Mirror {
    /// The template must name `{name}`, or every repository would map to
    /// one URL. Any transport git2 supports is allowed: the template comes
    /// from the user's own command line or environment, not from a catalog.
    pub fn parse(template: &str) -> Result<Mirror, MirrorError> {
        if !template.contains("{name}") {
            return Err(MirrorError {
                template: template.to_string(),
            });
        }
        Ok(Mirror(template.to_string()))
    }

    pub fn url_for(&self, owner: &str, name: &str) -> String {
        self.0.replace("{owner}", owner).replace("{name}", name)
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
}
