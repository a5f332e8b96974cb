//! Step 1's documents are openable (issue 16): the `docs/` tree and the
//! README's relative links lead to the repository's own documents,
//! rendered in the same viewer — Markdown, reStructuredText, Django's
//! rST `.txt` — and folders listed; what is not a document says so, and a
//! symbolic link is never followed.

mod common;

use codestudy::catalog::Catalog;
use codestudy::jobs::open_target;
use codestudy::repo::Snapshot;
use codestudy::study::markdown::{DocTarget, Rendered, targets};
use codestudy::study::steps::documentation;
use codestudy::study::views::{Target, View};
use common::git::{Fixture, Node};

fn docs_fixture(dir: &std::path::Path) -> Snapshot {
    let mut f = Fixture::create(dir);
    f.file(
        "README.md",
        "# Project\n\nRead [the overview](docs/intro/overview.txt) and [contributing](CONTRIBUTING.rst#setup).\n",
    )
    .file("CONTRIBUTING.rst", "Contributing\n============\n\nRun ``pytest``.\n")
    .file(
        "docs/index.md",
        "# Docs\n\nStart with [the overview](intro/overview.txt), or go [up](../README.md).\n",
    )
    .file(
        "docs/contents.txt",
        "Contents\n========\n\nSee :doc:`the overview <intro/overview>`, :doc:`intro/overview` and :doc:`/from/the/root`.\n",
    )
    .file(
        "docs/intro/overview.txt",
        "==================\nDjango at a glance\n==================\n\nBecause Django was developed in a *fast-paced* newsroom.\n\n.. code-block:: python\n\n    class Reporter(models.Model):\n        pass\n",
    )
    .file("docs/conf.py", "project = 'Django'\n")
    .file(
        "docs/intro/tutorial.txt",
        "Tutorial\n========\n\nFirst read :doc:`/intro/overview` (from the root).\n",
    )
    .file("docs/_static/logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice())
    .file("docs/a b`x.md", "# Odd name\n")
    .put("docs/passwd.md", Node::Symlink(b"/etc/passwd".to_vec()));
    f.commit("docs");
    Snapshot::open(dir).unwrap()
}

fn markdown_of(view: &View) -> (&str, &str, Option<&str>) {
    match view {
        View::Document {
            title,
            markdown,
            links_from,
        } => (title, markdown, links_from.as_deref()),
        View::List(_) => panic!("a document opens as a document"),
    }
}

fn text(markdown: &str) -> String {
    Rendered::new(markdown, 100)
        .lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn files(markdown: &str, from: Option<&str>) -> Vec<String> {
    targets(markdown, from)
        .into_iter()
        .filter_map(|t| match t {
            DocTarget::File { path, .. } => Some(path),
            _ => None,
        })
        .collect()
}

#[test]
fn the_docs_tree_and_the_readme_links_open_the_documents_they_name() {
    let tmp = tempfile::tempdir().unwrap();
    let snap = docs_fixture(tmp.path());
    let catalog = Catalog::embedded().unwrap();
    let repo = catalog.find_repo("django").unwrap();
    let step = documentation::markdown(&snap, repo);
    // The README's relative links, then the docs folder's entries, each a
    // link read from the root.
    assert_eq!(
        files(&step, Some("")),
        [
            "docs/intro/overview.txt",
            "CONTRIBUTING.rst",
            "docs/_static",
            "docs/intro",
            "docs/a b`x.md",
            "docs/conf.py",
            "docs/contents.txt",
            "docs/index.md",
            "docs/passwd.md",
        ]
    );
    let shown = text(&step);
    assert!(shown.contains("docs/intro/"), "{shown}");
    assert!(shown.contains("Enter opens it here"), "{shown}");
    // Each entry's path is shown once, not as text and again as address.
    assert_eq!(shown.matches("docs/index.md").count(), 1, "{shown}");

    let open = |path: &str| {
        open_target(
            &snap,
            "django/django",
            &Target::Document { path: path.into() },
        )
    };
    // Django's docs are reStructuredText in `.txt`: rendered, not raw.
    let view = open("docs/intro/overview.txt").unwrap();
    let (title, md, from) = markdown_of(&view);
    assert_eq!(title, "docs/intro/overview.txt");
    assert_eq!(from, Some("docs/intro"));
    let shown = text(md);
    assert!(shown.contains("Django at a glance"), "{shown}");
    assert!(
        !shown.contains("=========="),
        "the adornment is a title: {shown}"
    );
    assert!(!shown.contains(".. code-block"), "{shown}");
    assert!(shown.contains("class Reporter(models.Model):"), "{shown}");

    // A Markdown document's relative links are read from its own folder.
    let view = open("docs/index.md").unwrap();
    let (_, md, from) = markdown_of(&view);
    assert_eq!(files(md, from), ["docs/intro/overview.txt", "README.md"]);

    // Sphinx's `:doc:` references are links, read from the document's
    // folder or (`/x`) from the Sphinx tree's root, the folder of
    // `conf.py`; the suffix is found when one opens.
    let view = open("docs/contents.txt").unwrap();
    let (_, md, from) = markdown_of(&view);
    assert_eq!(
        files(md, from),
        ["docs/intro/overview", "docs/from/the/root"]
    );
    let view = open("docs/intro/tutorial.txt").unwrap();
    let (_, md, from) = markdown_of(&view);
    assert_eq!(files(md, from), ["docs/intro/overview"]);
    let view = open("docs/intro/overview").unwrap();
    let (title, md, _) = markdown_of(&view);
    assert_eq!(title, "docs/intro/overview.txt");
    assert!(text(md).contains("Django at a glance"));

    // A folder is listed, its entries openable in turn.
    let view = open("docs/intro/").unwrap();
    let (title, md, from) = markdown_of(&view);
    assert_eq!(title, "docs/intro");
    assert_eq!(
        files(md, from),
        ["docs/intro/overview.txt", "docs/intro/tutorial.txt"]
    );

    // An odd name is one link, to itself.
    let view = open("docs/a b`x.md").unwrap();
    assert!(text(markdown_of(&view).1).contains("Odd name"));

    // What is not a document says what it is.
    let view = open("docs/_static/logo.png").unwrap();
    assert!(
        text(markdown_of(&view).1).contains("is not text"),
        "{view:?}"
    );
    let view = open("docs/passwd.md").unwrap();
    let shown = text(markdown_of(&view).1);
    assert!(shown.contains("symbolic link to /etc/passwd"), "{shown}");
    assert!(!shown.contains("root:"), "never followed: {shown}");
    let err = open("docs/missing.md").unwrap_err().to_string();
    assert!(
        err.contains("docs/missing.md is not in this clone"),
        "{err}"
    );
    let err = open("../outside.md").unwrap_err().to_string();
    assert!(err.contains("cannot open ../outside.md"), "{err}");
}

/// Step 5 (issue 16): a Makefile's targets include those of the files it
/// includes, as `make X` runs them; what make would not read, or what is
/// not a file of the clone, is not read.
#[test]
fn a_makefiles_includes_give_their_targets() {
    use codestudy::study::steps::run_locally;
    let dir = tempfile::tempdir().unwrap();
    let mut f = Fixture::create(dir.path());
    f.file(
        "Makefile",
        "include tools/common.mk linked.mk\n-include missing.mk $(VARS).mk\nsinclude ../outside.mk\ninclude /etc/make.mk\n\nall:\n\techo\n",
    )
    .file("tools/common.mk", "include tools/more.mk\ntest:\n\tpytest\n")
    .file("tools/more.mk", "include tools/common.mk\nlint:\n\truff\n")
    .file("docs/Makefile", "include sphinx.mk\n")
    .file("docs/sphinx.mk", "html:\n\tsphinx-build\n")
    .put("linked.mk", Node::Symlink(b"/etc/passwd".to_vec()))
    .file("Other.mk", "x:\n");
    f.commit("make");
    let snap = Snapshot::open(dir.path()).unwrap();
    let files = run_locally::project_files(&snap);
    let make: Vec<String> = run_locally::discover(&files)
        .into_iter()
        .map(|c| c.command)
        .filter(|c| c.starts_with("make"))
        .collect();
    assert_eq!(
        make,
        ["make test", "make all", "make lint", "make -C docs html"],
        "{files:?}"
    );
}
