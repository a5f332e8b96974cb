//! The catalog loader against the shipped fixtures: every invalid catalog
//! is refused with the right message at the right line and column.

use std::path::{Path, PathBuf};

use codestudy::catalog::{Catalog, CatalogError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/catalog")
        .join(name)
}

/// (fixture, line, column, message fragment, offending line fragment)
const INVALID: &[(&str, usize, usize, &str, &str)] = &[
    (
        "syntax-error",
        16,
        15,
        "string values must be quoted",
        "stars_count = 66000 000",
    ),
    (
        "unknown-field",
        18,
        1,
        "unknown field `focuss`, expected one of `id`",
        "focuss = \"typo\"",
    ),
    ("missing-field", 11, 1, "missing field `url`", "[[repos]]"),
    (
        "wrong-type",
        16,
        15,
        "invalid type: string \"66k\", expected u64",
        "stars_count = \"66k\"",
    ),
    (
        "duplicate-id",
        23,
        6,
        "duplicate repository id \"pallets/flask\" (first defined at line 12)",
        "id = \"pallets/flask\"",
    ),
    (
        "unknown-category",
        13,
        12,
        "repository \"pallets/flask\" is in unknown category \"webb\"",
        "category = \"webb\"",
    ),
    (
        "empty-category",
        12,
        6,
        "category \"ml\" has no repositories",
        "id = \"ml\"",
    ),
    (
        "url-not-https",
        14,
        7,
        "repository URL \"http://github.com/pallets/flask\" is not https",
        "url = \"http://",
    ),
    (
        "key-file-empty",
        19,
        34,
        "key file path \"\" is empty",
        "key_files = ",
    ),
    (
        "key-file-absolute",
        19,
        14,
        "key file path \"/etc/passwd\" is absolute",
        "key_files = ",
    ),
    (
        "key-file-dotdot",
        19,
        34,
        "key file path \"src/../../outside\" contains a '..' component",
        "key_files = ",
    ),
    (
        "key-file-backslash",
        19,
        14,
        "contains a backslash",
        "key_files = ",
    ),
    (
        "key-file-nul",
        19,
        14,
        "contains a NUL character",
        "key_files = ",
    ),
    (
        "key-file-dot-git",
        19,
        34,
        "key file path \".Git/hooks/pre-commit\" contains a '.git' component",
        "key_files = ",
    ),
    (
        "repo-id-not-owner-name",
        12,
        6,
        "repository id \"../flask\" is not of the form owner/name",
        "id = \"../flask\"",
    ),
];

#[test]
fn every_invalid_fixture_is_refused_at_its_line() {
    for &(name, line, column, message, text) in INVALID {
        let path = fixture(&format!("invalid/{name}.toml"));
        let err = Catalog::load(&path).expect_err(name);
        let diags = err.diagnostics();
        assert_eq!(
            diags.len(),
            1,
            "{name}: exactly one problem expected, got {err}"
        );
        let d = &diags[0];
        assert_eq!((d.line, d.column), (line, column), "{name}: {err}");
        assert!(
            d.message.contains(message),
            "{name}: message was {:?}",
            d.message
        );
        assert!(
            d.line_text.contains(text),
            "{name}: line was {:?}",
            d.line_text
        );
        assert!(d.help.is_some(), "{name}: says what to do");
        let shown = err.to_string();
        assert!(
            shown.contains(&format!("{}:{line}:{column}: ", path.display())),
            "{name}: location missing from {shown}"
        );
        assert!(shown.contains("^"), "{name}: caret missing from {shown}");
    }
}

#[test]
fn every_fixture_in_the_folder_is_checked() {
    let mut on_disk: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            p.file_stem().unwrap().to_string_lossy().into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = INVALID.iter().map(|t| t.0.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn several_problems_are_all_reported_in_file_order() {
    let src = std::fs::read_to_string(fixture("valid/minimal.toml"))
        .unwrap()
        .replace(
            "https://github.com/pallets/flask",
            "git://github.com/pallets/flask",
        )
        .replace("\"src/flask\"]", "\"../x\"]");
    let err = Catalog::parse(&src, "mine.toml").unwrap_err();
    let lines: Vec<usize> = err.diagnostics().iter().map(|d| d.line).collect();
    assert_eq!(lines, [14, 19]);
    assert!(err.to_string().ends_with("2 problems found"));
}

#[test]
fn minimal_valid_catalog_loads() {
    let c = Catalog::load(&fixture("valid/minimal.toml")).unwrap();
    assert_eq!(c.repos().count(), 1);
    assert_eq!(
        c.categories[0].repos[0].key_files,
        ["src/flask/app.py", "src/flask"]
    );
}

#[test]
fn the_catalog_file_loads_the_same_as_the_embedded_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("catalog/python-codebases.toml");
    assert_eq!(Catalog::load(&path).unwrap(), Catalog::embedded().unwrap());
}

#[test]
fn unreadable_catalog_says_which_file_and_what_to_do() {
    let err = Catalog::load(Path::new("/nonexistent/catalog.toml")).unwrap_err();
    assert!(matches!(err, CatalogError::Read { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains("could not read catalog /nonexistent/catalog.toml"),
        "{msg}"
    );
    assert!(msg.contains("--catalog"), "{msg}");
}

#[test]
fn not_utf8_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, b"title = \"\xff\xfe\"\n").unwrap();
    assert!(Catalog::load(&path).is_err());
}
