//! What can go wrong with a repository, each said so that a person knows
//! what happened, to which repository, and what to do.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum RepoError {
    #[error(
        "could not reach {host} ({detail}); check the network connection (offline?) and try again"
    )]
    Unreachable { host: String, detail: String },

    #[error(
        "the connection to {host} was lost during the transfer ({detail}); nothing half-made was kept: check the network and run the same command again"
    )]
    Interrupted { host: String, detail: String },

    /// The server failed while sending (its own messages say so): not the
    /// network, and not something a retry fixes.
    #[error(
        "the server at {host} failed while sending the repository; it said: {message}. Retrying will not help: the repository on the server is damaged or the server is broken; tell its maintainers, or fetch from another --mirror"
    )]
    ServerFailed { host: String, message: String },

    #[error(
        "{host} stopped answering: nothing arrived for {secs} s; nothing half-made was kept: try again later (CODESTUDY_NET_TIMEOUT_SECS sets how long to wait)"
    )]
    Stalled { host: String, secs: u64 },

    /// Nothing at all within the connect timeout, from a fetch that
    /// cannot tell a connection never made from a server that never
    /// answers (the git command's).
    #[error(
        "{host} did not answer within {secs} s (no connection, or a connection and no reply); nothing half-made was kept: check the network and the catalog URL or --mirror template, and try again later (CODESTUDY_NET_TIMEOUT_SECS sets how long to wait)"
    )]
    NoAnswer { host: String, secs: u64 },

    #[error(
        "{host} sent {what}; the fetch was stopped and nothing half-made was kept: is the catalog URL or the --mirror template right?"
    )]
    TooMuch { host: String, what: String },

    /// The server's own words (an `ERR` line), sanitized and cut short.
    #[error("the server at {host} refused the fetch; it said: {message}")]
    ServerSaid { host: String, message: String },

    #[error(
        "cannot fetch {url}: {why}; use an https://, http://, git:// or file:// URL, or a local path"
    )]
    UnsupportedUrl { url: String, why: String },

    #[error("{0}")]
    BadSetting(String),

    #[error("repository not found at {url}; check the catalog URL or the --mirror template")]
    NotFound { url: String },

    #[error(
        "{url} asks for credentials, and codestudy sends none; is the repository private or the URL wrong?"
    )]
    AuthRequired { url: String },

    #[error("the server at {url} refused a shallow clone (depth {depth}); try again with --full")]
    ShallowRefused { url: String, depth: u32 },

    #[error(
        "no space left on the device holding {path}; free some space or choose another --cache-dir"
    )]
    DiskFull { path: PathBuf },

    #[error("the repository at {url} is empty (no default branch)")]
    Empty { url: String },

    #[error("cancelled")]
    Cancelled,

    #[error("{repo} is not cloned yet; run `codestudy clone {name}`")]
    NotCloned { repo: String, name: String },

    #[error("cached repository {path} is damaged ({detail})")]
    Corrupt { path: PathBuf, detail: String },

    /// A lazy clone's file that could not be fetched.
    #[error("{what} is not fetched yet (a lazy clone fetches files when they are read): {detail}")]
    NotFetched { what: String, detail: String },

    #[error("no such path in the repository: {path}")]
    PathNotFound { path: String },

    #[error(
        "invalid path {path:?}: it {why}; paths are relative to the repository root, with '/' separators"
    )]
    InvalidPath { path: String, why: &'static str },

    #[error("not a commit id: {id}: {detail}")]
    InvalidCommitId { id: String, detail: String },

    #[error("could not {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{context}: {message}")]
    Git { context: String, message: String },
}

pub type Result<T, E = RepoError> = std::result::Result<T, E>;

impl RepoError {
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        let path = path.into();
        if is_disk_full(&source) {
            return RepoError::DiskFull { path };
        }
        RepoError::Io {
            action,
            path,
            source,
        }
    }

    /// Wrap a libgit2 error that needs no classification.
    pub fn git(context: impl Into<String>, err: &git2::Error) -> Self {
        RepoError::Git {
            context: context.into(),
            message: err.message().to_string(),
        }
    }
}

fn is_disk_full(e: &std::io::Error) -> bool {
    // ENOSPC, and EDQUOT: a quota is as full as a disk.
    e.kind() == std::io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(28 | 122))
}

/// Turn a libgit2 failure during a network operation into the error a
/// person can act on. libgit2 reports most of these only as text, so this
/// reads its messages (libgit2 1.9; the fallback keeps the text).
pub fn classify_network_error(
    err: &git2::Error,
    url: &str,
    depth: Option<u32>,
    cache_dir: &std::path::Path,
) -> RepoError {
    let msg = err.message();
    let lower = msg.to_ascii_lowercase();
    let host = host_of(url);
    if lower.contains("unsupported url protocol") {
        return RepoError::UnsupportedUrl {
            url: url.to_string(),
            why: super::mirror::unsupported_url(url)
                .unwrap_or_else(|| "libgit2 has no transport for it".into()),
        };
    }
    if let Some(e) = classify_message(msg, url, depth, cache_dir) {
        return e;
    }
    // The indexer refuses a pack header announcing more objects than the
    // process-wide limit (set by `net`), before sizing anything for them.
    if lower.contains("too many objects") {
        return RepoError::TooMuch {
            host,
            what: format!(
                "a pack of more objects than the {} accepted",
                super::net::NetLimits::default().max_objects
            ),
        };
    }
    if err.class() == git2::ErrorClass::Http && (lower.contains("401") || lower.contains("403"))
        || lower.contains("authentication required")
        || lower.contains("credential")
    {
        return RepoError::AuthRequired {
            url: url.to_string(),
        };
    }
    if matches!(
        err.class(),
        git2::ErrorClass::Net | git2::ErrorClass::Os | git2::ErrorClass::Ssl
    ) {
        return RepoError::Unreachable {
            host,
            detail: msg.trim().to_string(),
        };
    }
    RepoError::git(format!("could not fetch {url}"), err)
}

/// The failures a network message names in words, whoever wrote it
/// (libgit2, or the git command's stderr): a full disk, a refused shallow
/// fetch, a host that cannot be reached, a missing repository, the
/// server's own `ERR` reason. `None` when the text names none of them.
pub fn classify_message(
    msg: &str,
    url: &str,
    depth: Option<u32>,
    cache_dir: &std::path::Path,
) -> Option<RepoError> {
    let lower = msg.to_ascii_lowercase();
    let host = host_of(url);
    if lower.contains("no space left")
        || lower.contains("disk full")
        || lower.contains("quota exceeded")
    {
        return Some(RepoError::DiskFull {
            path: cache_dir.to_path_buf(),
        });
    }
    if lower.contains("shallow")
        && (lower.contains("not supported") || lower.contains("does not support"))
    {
        return Some(RepoError::ShallowRefused {
            url: url.to_string(),
            depth: depth.unwrap_or(1),
        });
    }
    if lower.contains("failed to resolve address")
        || lower.contains("could not resolve")
        || lower.contains("name or service not known")
        || lower.contains("temporary failure in name resolution")
        || lower.contains("unable to look up")
    {
        return Some(RepoError::Unreachable {
            host,
            detail: "the host name could not be resolved".into(),
        });
    }
    if lower.contains("connection refused")
        || lower.contains("couldn't connect to server")
        || lower.contains("could not connect to server")
    {
        return Some(RepoError::Unreachable {
            host,
            detail: "connection refused".into(),
        });
    }
    if lower.contains("timed out")
        || lower.contains("network is unreachable")
        || lower.contains("no route to host")
    {
        return Some(RepoError::Unreachable {
            host,
            detail: crate::text::truncate(&crate::sanitize::sanitize_line(msg.trim()), 200),
        });
    }
    // Only messages about the repository itself: "object not found" or
    // "reference not found" are not a missing repository.
    if lower.contains("status code: 404")
        || lower.contains("repository not found")
        || lower.contains("repository not exported")
        || lower.contains("no such repository")
        || lower.contains("access denied or repository not exported")
        || lower.contains("does not appear to be a git repository")
        || lower.contains("could not find repository")
    {
        return Some(RepoError::NotFound {
            url: url.to_string(),
        });
    }
    // libgit2's text for a server's `ERR` line (git's is the same):
    // the server's own reason.
    if let Some(i) = lower.find("remote error: ") {
        let said = msg[i + "remote error: ".len()..].trim();
        return Some(RepoError::ServerSaid {
            host,
            message: crate::text::truncate(&crate::sanitize::sanitize_line(said), 200),
        });
    }
    None
}

/// The host (and port) part of a URL, for messages.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    // The authority ends at the first '/', '?' or '#'; user info before '@'.
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.is_empty() {
        url.to_string()
    } else {
        host.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use git2::{ErrorClass, ErrorCode};
    use std::path::Path;

    fn classify(class: ErrorClass, msg: &str) -> RepoError {
        let e = git2::Error::new(ErrorCode::GenericError, class, msg);
        classify_network_error(
            &e,
            "https://github.com/psf/requests",
            Some(1),
            Path::new("/c"),
        )
    }

    #[test]
    fn dns_failure_says_could_not_reach_the_host() {
        let e = classify(
            ErrorClass::Net,
            "failed to resolve address for github.com: Name or service not known",
        );
        assert_eq!(
            e.to_string(),
            "could not reach github.com (the host name could not be resolved); check the network connection (offline?) and try again"
        );
    }

    #[test]
    fn other_classes() {
        assert!(matches!(
            classify(
                ErrorClass::Net,
                "failed to connect to 127.0.0.1: Connection refused"
            ),
            RepoError::Unreachable { .. }
        ));
        assert!(matches!(
            classify(ErrorClass::Http, "unexpected http status code: 404"),
            RepoError::NotFound { .. }
        ));
        assert!(matches!(
            classify(
                ErrorClass::Net,
                "remote: access denied or repository not exported: /x.git"
            ),
            RepoError::NotFound { .. }
        ));
        assert!(matches!(
            classify(
                ErrorClass::Http,
                "authentication required but no callback set"
            ),
            RepoError::AuthRequired { .. }
        ));
        assert!(matches!(
            classify(ErrorClass::Os, "failed to write: No space left on device"),
            RepoError::DiskFull { .. }
        ));
        assert!(matches!(
            classify(
                ErrorClass::Net,
                "shallow fetch is not supported by the local transport"
            ),
            RepoError::ShallowRefused { depth: 1, .. }
        ));
        assert!(matches!(
            classify(ErrorClass::Odb, "something odd"),
            RepoError::Git { .. }
        ));
    }

    #[test]
    fn a_servers_err_line_is_quoted_not_called_a_network_problem() {
        let e = classify(
            ErrorClass::Net,
            "remote error: maintenance until 10:00 \u{1b}]0;x\u{7}",
        )
        .to_string();
        assert!(
            e.starts_with(
                "the server at github.com refused the fetch; it said: maintenance until 10:00"
            ),
            "{e}"
        );
        assert!(!e.contains('\u{1b}'), "{e}");
        assert!(!e.contains("offline"), "{e}");
    }

    #[test]
    fn an_unsupported_scheme_says_so() {
        let e = git2::Error::new(
            ErrorCode::GenericError,
            ErrorClass::Net,
            "unsupported URL protocol",
        );
        let e = classify_network_error(&e, "ext::sh -c true", None, Path::new("/c")).to_string();
        assert!(
            e.contains("the ext:: transport (a git remote helper) is not supported"),
            "{e}"
        );
        assert!(!e.contains("offline"), "{e}");
    }

    #[test]
    fn hosts() {
        assert_eq!(host_of("https://github.com/psf/requests"), "github.com");
        assert_eq!(
            host_of("git://127.0.0.1:9418/psf/requests.git"),
            "127.0.0.1:9418"
        );
        assert_eq!(host_of("https://user@example.com/x"), "example.com");
        assert_eq!(host_of("file:///srv/x.git"), "file:///srv/x.git");
        assert_eq!(host_of("https://h.example/x@y"), "h.example");
    }
}
