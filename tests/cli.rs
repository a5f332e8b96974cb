//! The real binary's command line: `list`, `--version`, catalog errors and
//! the refusal to start the UI without a terminal.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn codestudy() -> Command {
    let mut cmd = Command::cargo_bin("codestudy").unwrap();
    // Tests must not depend on the developer's own settings.
    for var in [
        "CODESTUDY_CATALOG",
        "CODESTUDY_CACHE_DIR",
        "CODESTUDY_DATA_DIR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("CODESTUDY_CONFIG", "/dev/null");
    cmd
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// One repository row of the seed's Markdown tables.
#[derive(Debug, PartialEq)]
struct SeedRepo {
    id: String,
    url: String,
    stars: String,
    focus: String,
    learn: Vec<String>,
    key_files: Vec<String>,
}

/// Categories (title, rows), steps (title, detail), resources (title, url).
type Seed = (
    Vec<(String, Vec<SeedRepo>)>,
    Vec<(String, String)>,
    Vec<(String, String)>,
);

/// Read the seed document (kept verbatim under tests/fixtures/seed) the
/// way a person reads it: category headings, table rows, numbered steps,
/// resource bullets.
fn parse_seed() -> Seed {
    let text = std::fs::read_to_string(fixture("seed/python-codebases-to-study.md")).unwrap();
    let mut categories: Vec<(String, Vec<SeedRepo>)> = Vec::new();
    let mut steps = Vec::new();
    let mut resources = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            // Headings start with a (mis-encoded) icon, then the title.
            let title = h.split_once(' ').unwrap().1.to_string();
            categories.push((title, Vec::new()));
        } else if line.starts_with("| [**") {
            let cells: Vec<&str> = line.trim_matches('|').split(" | ").map(str::trim).collect();
            let (id, url) = cells[0]
                .strip_prefix("[**")
                .unwrap()
                .split_once("**](")
                .unwrap();
            categories.last_mut().unwrap().1.push(SeedRepo {
                id: id.to_string(),
                url: url.trim_end_matches(')').to_string(),
                stars: cells[1].to_string(),
                focus: cells[2].to_string(),
                learn: cells[3].split(", ").map(String::from).collect(),
                key_files: cells[4]
                    .split(", ")
                    .map(|k| k.trim_matches('`').to_string())
                    .collect(),
            });
        } else if let Some((n, rest)) = line.split_once(".  **") {
            if n.parse::<u32>().is_ok() {
                let (title, detail) = rest.split_once("** - ").unwrap();
                steps.push((title.to_string(), detail.to_string()));
            }
        } else if let Some(rest) = line.strip_prefix("- [**") {
            let (title, rest) = rest.split_once("**](").unwrap();
            let url = rest.split_once(')').unwrap().0;
            resources.push((title.to_string(), url.to_string()));
        }
    }
    categories.retain(|(_, repos)| !repos.is_empty());
    (categories, steps, resources)
}

#[test]
fn list_json_matches_the_seed() {
    let out = codestudy().args(["list", "--json"]).assert().success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let (seed_categories, seed_steps, seed_resources) = parse_seed();
    assert_eq!(seed_categories.len(), 3);

    let categories = json["categories"].as_array().unwrap();
    assert_eq!(categories.len(), 3);
    let mut total = 0;
    for (cat, (seed_title, seed_repos)) in categories.iter().zip(&seed_categories) {
        assert_eq!(cat["title"], seed_title.as_str());
        let repos = cat["repos"].as_array().unwrap();
        assert_eq!(repos.len(), 4);
        for (r, s) in repos.iter().zip(seed_repos) {
            total += 1;
            assert_eq!(r["id"], s.id.as_str());
            assert_eq!(r["name"], s.id.split('/').nth(1).unwrap());
            assert_eq!(r["url"], s.url.as_str());
            assert_eq!(r["stars"], s.stars.as_str());
            let count = r["stars_count"].as_u64().unwrap();
            assert_eq!(format!("{}k+", count / 1000), s.stars);
            assert_eq!(r["focus"], s.focus.as_str());
            let learn: Vec<&str> = r["learn"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(learn, s.learn);
            let keys: Vec<&str> = r["key_files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(
                keys, s.key_files,
                "{}: key files exactly as in the seed",
                s.id
            );
            let recommended = r["recommended_first"].as_bool().unwrap();
            assert_eq!(
                recommended,
                ["psf/requests", "pallets/flask"].contains(&s.id.as_str())
            );
        }
    }
    assert_eq!(total, 12);
    let icons: Vec<&str> = categories
        .iter()
        .map(|c| c["icon"].as_str().unwrap())
        .collect();
    assert_eq!(icons, ["🐍", "🔧", "🤖"]);

    let steps = json["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 6);
    for (s, (title, detail)) in steps.iter().zip(&seed_steps) {
        assert_eq!(s["title"], title.as_str());
        assert_eq!(s["detail"], detail.as_str());
    }
    let resources = json["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 3);
    for (r, (title, url)) in resources.iter().zip(&seed_resources) {
        assert_eq!(r["title"], title.as_str());
        assert_eq!(r["url"], url.as_str());
    }
    assert_eq!(json["title"], "Python Codebases to Study");
    assert!(
        json["tip"]
            .as_str()
            .unwrap()
            .starts_with("Start with smaller")
    );
}

#[test]
fn list_prints_aligned_tables_by_category() {
    let out = codestudy().arg("list").assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for heading in [
        "🐍 Web Frameworks",
        "🔧 Utilities & Libraries",
        "🤖 Machine Learning & AI",
    ] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    // Every table's columns start at the same offsets.
    let header_lines: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("REPOSITORY"))
        .collect();
    assert_eq!(header_lines.len(), 3);
    let col = |l: &str, name: &str| l.find(name).unwrap();
    let stars_col = col(header_lines[0], "STARS");
    let flask = text
        .lines()
        .find(|l| l.starts_with("pallets/flask"))
        .unwrap();
    assert_eq!(flask.find("66k+").unwrap(), stars_col);
    assert!(
        flask.starts_with("pallets/flask *"),
        "recommended mark: {flask}"
    );
}

#[test]
fn list_sorted_by_stars() {
    let out = codestudy()
        .args(["list", "--json", "--sort", "stars"])
        .assert()
        .success();
    let json: Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let ml: Vec<&str> = json["categories"][2]["repos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        ml,
        ["tensorflow", "transformers", "pytorch", "scikit-learn"]
    );
}

#[test]
fn catalog_option_and_env_load_another_file() {
    let minimal = fixture("catalog/valid/minimal.toml");
    codestudy()
        .args(["--catalog", &minimal, "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Two Codebases"));
    codestudy()
        .env("CODESTUDY_CATALOG", &minimal)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Two Codebases"));
}

#[test]
fn bad_catalog_fails_before_anything_else_with_its_location() {
    let bad = fixture("catalog/invalid/url-not-https.toml");
    // With no command this would start the UI: the catalog error must come
    // first, with no terminal escape sequences written anywhere.
    let out = codestudy()
        .args(["--catalog", &bad])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains(&format!("{bad}:14:7: repository URL")),
        "{stderr}"
    );
    assert!(stderr.contains("= help:"), "{stderr}");
    assert!(out.get_output().stdout.is_empty());
    assert!(!stderr.contains('\x1b'), "no escape sequences: {stderr:?}");
}

#[test]
fn missing_catalog_file_is_a_clear_error() {
    codestudy()
        .args(["--catalog", "/nonexistent/c.toml", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "could not read catalog /nonexistent/c.toml",
        ));
}

#[test]
fn ui_refuses_to_start_without_a_terminal() {
    let out = codestudy().assert().failure().code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(stderr.contains("needs an interactive terminal"), "{stderr}");
    assert!(stderr.contains("codestudy list"), "{stderr}");
    assert!(
        out.get_output().stdout.is_empty(),
        "nothing written to stdout"
    );
}

#[test]
fn version_prints_the_paths_in_use() {
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", "/tmp/cs-cache")
        .args(["--data-dir", "/tmp/cs-data", "--version"])
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.starts_with(&format!("codestudy {}", env!("CARGO_PKG_VERSION"))));
    assert!(text.contains("cache dir: /tmp/cs-cache"), "{text}");
    assert!(text.contains("data dir:  /tmp/cs-data"), "{text}");
    assert!(text.contains("catalog:   <embedded catalog>"), "{text}");
}

#[test]
fn default_paths_follow_xdg() {
    let out = codestudy()
        .env("HOME", "/home/someone")
        .env("XDG_CACHE_HOME", "/xdg/cache")
        .env("XDG_DATA_HOME", "/xdg/data")
        .arg("--version")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(text.contains("cache dir: /xdg/cache/codestudy"), "{text}");
    assert!(text.contains("data dir:  /xdg/data/codestudy"), "{text}");
}

/// Issue 15, point 25: `--version` names the configuration file and says
/// whether it is there and sound; a broken one stops every command but
/// `--version`, located as a catalog error is.
#[test]
fn version_names_the_configuration_and_a_broken_one_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().join("xdg");
    let out = codestudy()
        .env_remove("CODESTUDY_CONFIG")
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("--version")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(&format!(
            "config:    {}/codestudy/config.toml (not there: the defaults)",
            xdg.display()
        )),
        "{text}"
    );
    std::fs::create_dir_all(xdg.join("codestudy")).unwrap();
    let file = xdg.join("codestudy/config.toml");
    std::fs::write(&file, "theme = \"dark\"\n\n[keys.home]\nx = \"grepp\"\n").unwrap();
    let out = codestudy()
        .env_remove("CODESTUDY_CONFIG")
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("--version")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains("config.toml (invalid: any command shows why)"),
        "{text}"
    );
    let out = codestudy()
        .env_remove("CODESTUDY_CONFIG")
        .env("XDG_CONFIG_HOME", &xdg)
        .arg("list")
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains(&format!(
            "{}:4:5: [keys.home] has no action `grepp`",
            file.display()
        )),
        "{err}"
    );
    assert!(err.contains("4 | x = \"grepp\""), "{err}");
    assert!(out.get_output().stdout.is_empty());
    // --config names another file, which must exist.
    let out = codestudy()
        .args(["--config", "/nonexistent/codestudy.toml", "list"])
        .assert()
        .failure();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("could not read the configuration /nonexistent/codestudy.toml"),
        "{err}"
    );
    assert!(err.contains("--config or CODESTUDY_CONFIG"), "{err}");
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "theme = \"light\"\n").unwrap();
    let out = codestudy()
        .arg("--config")
        .arg(&good)
        .arg("--version")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        text.contains(&format!("config:    {}\n", good.display())),
        "{text}"
    );
    codestudy()
        .arg("--config")
        .arg(&good)
        .arg("list")
        .assert()
        .success();
}

#[test]
fn unknown_command_is_a_usage_error() {
    codestudy().arg("frobnicate").assert().failure().code(2);
}

/// Issue 15, point 28: options set from `CODESTUDY_*` still apply, and a
/// usage error does not list them as if they were required; `clone`'s
/// usage shows `--all`.
#[test]
fn environment_options_apply_but_stay_out_of_usage_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("c"))
        .env("CODESTUDY_DATA_DIR", tmp.path().join("d"))
        .env("CODESTUDY_MIRROR", "git://127.0.0.1:1/{owner}/{name}.git")
        .arg("clone")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "Usage: codestudy clone [OPTIONS] <REPO>...\n       codestudy clone [OPTIONS] --all\n"
        ),
        "{err}"
    );
    assert!(!err.contains("--cache-dir"), "{err}");
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("c"))
        .env("CODESTUDY_DATA_DIR", "")
        .arg("--version")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("cache dir: {}", tmp.path().join("c").display())),
        "{text}"
    );
    // An empty variable is unset: the default data dir.
    assert!(text.contains("codestudy"), "{text}");
    // The flag wins over the variable.
    let out = codestudy()
        .env("CODESTUDY_CACHE_DIR", tmp.path().join("c"))
        .args([
            "--cache-dir",
            &tmp.path().join("flag").display().to_string(),
            "--version",
        ])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains(&format!("cache dir: {}", tmp.path().join("flag").display()))
    );
    // The help still names the variables.
    let out = codestudy().arg("--help").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("[env: CODESTUDY_MIRROR]"));
}

/// Issue 15, point 26: completions and the man page come from the clap
/// definitions, so every command is in them; no catalog is read.
#[test]
fn completions_and_the_man_page_cover_every_command() {
    for shell in ["bash", "zsh", "fish"] {
        let out = codestudy()
            .env("CODESTUDY_CATALOG", "/nonexistent/catalog.toml")
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{shell}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        for word in [
            "clone",
            "grep",
            "def",
            "refs",
            "imports",
            "cache-dir",
            "completions",
        ] {
            assert!(text.contains(word), "{shell} completion lacks {word}");
        }
    }
    let out = codestudy().arg("man").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(".TH codestudy 1"), "{text}");
    for word in ["clone", "refs", "imports", "CODESTUDY_MIRROR"] {
        assert!(text.contains(word), "man page lacks {word}");
    }
    let out = codestudy().args(["completions", "nosh"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("possible values: bash, elvish, fish, powershell, zsh")
    );
}
