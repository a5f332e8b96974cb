//! Step 5: how to set a project up and run its tests, found in its own
//! files (pyproject.toml, setup.cfg, tox.ini, noxfile.py, Makefile,
//! requirements files, CONTRIBUTING), to be copied by the person; `w`
//! makes a working copy to run them in. codestudy never runs any of them.

use std::collections::BTreeSet;

use crate::catalog::Repo;
use crate::repo::{Entry, EntryKind, RepoPath, Snapshot};

use super::{StepInfo, StepKey, StepKind, name_of, read_text, root_files};
use crate::study::progress::RepoProgress;
use crate::study::views::View;

pub(super) static STEP: StepInfo = StepInfo {
    title: "Run the code locally",
    hint: "commands, w copy",
    keys: &[StepKey::WorkingCopy],
    view,
};

fn view(snap: &Snapshot, repo: &Repo, _: Option<&RepoProgress>) -> View {
    let found = discover(&project_files(snap));
    let dest = format!("~/codestudy/{}", repo.name);
    View::Document {
        title: StepKind::RunLocally.title(&repo.id),
        markdown: to_markdown(&repo.id, &found, &dest),
    }
}

/// What a command is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Purpose {
    Setup,
    Test,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FoundCommand {
    pub purpose: Purpose,
    pub command: String,
    /// The file it was found in.
    pub source: String,
}

/// The project's files that say how to work on it: (path, text).
pub type ProjectFiles = Vec<(String, String)>;

/// The files that say how to set the project up and test it.
pub fn project_files(snap: &Snapshot) -> ProjectFiles {
    let mut out = Vec::new();
    let mut consider = |e: &Entry| {
        let n = name_of(e).to_ascii_lowercase();
        let wanted = matches!(
            n.as_str(),
            "pyproject.toml" | "setup.cfg" | "tox.ini" | "noxfile.py" | "makefile" | "gnumakefile"
        ) || (n.starts_with("requirements") && n.ends_with(".txt"))
            || n.starts_with("contributing");
        if e.kind == EntryKind::File
            && wanted
            && let Some(text) = read_text(snap, &e.path)
        {
            out.push((e.path.to_string_lossy(), text));
        }
    };
    for e in root_files(snap) {
        consider(&e);
    }
    for d in ["requirements", ".github", "docs"] {
        if let Ok(p) = RepoPath::parse(d) {
            for e in snap.list_dir(Some(&p)).unwrap_or_default() {
                consider(&e);
            }
        }
    }
    out
}

const TESTISH: &[&str] = &["test", "tests", "testing", "dev", "develop", "all"];

/// Every command the files suggest, setup first, without duplicates.
pub fn discover(files: &ProjectFiles) -> Vec<FoundCommand> {
    let mut out: BTreeSet<FoundCommand> = BTreeSet::new();
    let mut add = |purpose, command: String, source: &str| {
        out.insert(FoundCommand {
            purpose,
            command,
            source: source.to_string(),
        });
    };
    for (path, text) in files {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        match name.as_str() {
            "pyproject.toml" => pyproject(text, path, &mut add),
            "setup.cfg" => setup_cfg(text, path, &mut add),
            "tox.ini" => {
                add(Purpose::Test, "tox".into(), path);
                for env in ini_value(text, "tox", "envlist")
                    .unwrap_or_default()
                    .split([',', '\n'])
                {
                    let env = env.trim();
                    if !env.is_empty() && !env.contains('{') {
                        add(Purpose::Test, format!("tox -e {env}"), path);
                    }
                }
            }
            "noxfile.py" => {
                for session in nox_sessions(text) {
                    add(Purpose::Test, format!("nox -s {session}"), path);
                }
            }
            "makefile" | "gnumakefile" => {
                for target in make_targets(text) {
                    let purpose = if ["install", "develop", "dev", "setup", "deps", "init"]
                        .contains(&target.as_str())
                    {
                        Purpose::Setup
                    } else if target.contains("test") || target == "check" {
                        Purpose::Test
                    } else {
                        Purpose::Other
                    };
                    add(purpose, format!("make {target}"), path);
                }
            }
            n if n.starts_with("requirements") && n.ends_with(".txt") => {
                let purpose = if TESTISH.iter().any(|t| n.contains(t)) || n == "requirements.txt" {
                    Purpose::Setup
                } else {
                    Purpose::Other
                };
                add(purpose, format!("pip install -r {path}"), path);
            }
            n if n.starts_with("contributing") => {
                for cmd in shell_lines(text) {
                    let purpose = classify(&cmd);
                    add(purpose, cmd, path);
                }
            }
            _ => {}
        }
    }
    let mut v: Vec<FoundCommand> = out.into_iter().collect();
    v.sort_by_key(|c| c.purpose);
    v
}

fn classify(cmd: &str) -> Purpose {
    let c = cmd.to_ascii_lowercase();
    if c.contains("pytest") || c.starts_with("tox") || c.starts_with("nox") || c.contains(" test") {
        Purpose::Test
    } else if c.contains("install") || c.contains("venv") || c.starts_with("git clone") {
        Purpose::Setup
    } else {
        Purpose::Other
    }
}

fn pyproject(text: &str, path: &str, add: &mut impl FnMut(Purpose, String, &str)) {
    let Ok(doc) = text.parse::<toml::Table>() else {
        return;
    };
    let table = |keys: &[&str]| -> Option<toml::Table> {
        let mut t = doc.clone();
        for k in keys {
            t = t.get(*k)?.as_table()?.clone();
        }
        Some(t)
    };
    if doc.get("project").is_some() || doc.get("build-system").is_some() {
        add(
            Purpose::Setup,
            "python -m venv .venv && . .venv/bin/activate".into(),
            path,
        );
        add(Purpose::Setup, "pip install -e .".into(), path);
    }
    if let Some(extras) = table(&["project", "optional-dependencies"]) {
        for k in extras.keys().filter(|k| TESTISH.contains(&k.as_str())) {
            add(Purpose::Setup, format!("pip install -e \".[{k}]\""), path);
        }
    }
    if let Some(groups) = table(&["dependency-groups"]) {
        for k in groups.keys().filter(|k| TESTISH.contains(&k.as_str())) {
            add(Purpose::Setup, format!("pip install --group {k}"), path);
        }
    }
    if table(&["tool", "poetry"]).is_some() {
        add(Purpose::Setup, "poetry install".into(), path);
        add(Purpose::Test, "poetry run pytest".into(), path);
    }
    if let Some(envs) = table(&["tool", "hatch", "envs"]) {
        for (env, cfg) in &envs {
            if let Some(scripts) = cfg.get("scripts").and_then(|s| s.as_table()) {
                for script in scripts.keys() {
                    let purpose = if script.contains("test") || script == "cov" {
                        Purpose::Test
                    } else {
                        Purpose::Other
                    };
                    let target = if env == "default" {
                        script.clone()
                    } else {
                        format!("{env}:{script}")
                    };
                    add(purpose, format!("hatch run {target}"), path);
                }
            }
        }
    }
    if table(&["tool", "pytest", "ini_options"]).is_some() {
        add(Purpose::Test, "pytest".into(), path);
    }
}

fn setup_cfg(text: &str, path: &str, add: &mut impl FnMut(Purpose, String, &str)) {
    if let Some(extras) = ini_section(text, "options.extras_require") {
        for key in extras.iter().map(|(k, _)| k) {
            if TESTISH.contains(&key.as_str()) {
                add(Purpose::Setup, format!("pip install -e \".[{key}]\""), path);
            }
        }
    }
    if ini_section(text, "tool:pytest").is_some() {
        add(Purpose::Test, "pytest".into(), path);
    }
}

/// The `key = value` pairs of one section of an INI file (values may
/// continue on indented lines).
fn ini_section(text: &str, section: &str) -> Option<Vec<(String, String)>> {
    let mut found = false;
    let mut pairs: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') && t.ends_with(']') {
            if found {
                break;
            }
            found = t[1..t.len() - 1].trim() == section;
            continue;
        }
        if !found || t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = pairs.last_mut() {
                last.1.push('\n');
                last.1.push_str(t);
            }
        } else if let Some((k, v)) = t.split_once('=') {
            pairs.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found.then_some(pairs)
}

fn ini_value(text: &str, section: &str, key: &str) -> Option<String> {
    ini_section(text, section)?
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Functions decorated with `@nox.session` (or `@session`).
fn nox_sessions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut pending: Option<Option<String>> = None;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("@nox.session") || t.starts_with("@session") {
            // `@nox.session(name="tests")` names the session.
            let named = t.split_once("name=").and_then(|(_, rest)| {
                let q = rest.chars().next()?;
                let rest = &rest[q.len_utf8()..];
                Some(rest[..rest.find(q)?].to_string())
            });
            pending = Some(named);
        } else if let Some(named) = pending.take() {
            if let Some(name) = t.strip_prefix("def ").and_then(|r| r.split('(').next()) {
                out.push(named.unwrap_or_else(|| name.trim().to_string()));
            } else if t.starts_with('@') {
                pending = Some(named);
            }
        }
    }
    out
}

/// A Makefile's plain targets (not special `.TARGETS`, not patterns, not
/// variables).
fn make_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.starts_with(['\t', ' ', '#', '.']) {
            continue;
        }
        let Some((head, rest)) = line.split_once(':') else {
            continue;
        };
        if rest.starts_with('=') || head.contains(['=', '%', '$', '(']) {
            continue;
        }
        for t in head.split_whitespace() {
            if t.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
                && !out.contains(&t.to_string())
            {
                out.push(t.to_string());
            }
        }
    }
    out
}

/// Shell commands in a document's code blocks: lines starting with `$ `,
/// or with a known tool.
fn shell_lines(text: &str) -> Vec<String> {
    const TOOLS: &[&str] = &[
        "pip ",
        "python ",
        "python3 ",
        "pytest",
        "tox",
        "nox ",
        "make ",
        "poetry ",
        "hatch ",
        "uv ",
        "pre-commit ",
        "git clone ",
    ];
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_block = !in_block;
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if !(in_block || indented) {
            // Prose: commands in inline code (`pytest`, `tox -e py`).
            for (k, span) in line.split('`').enumerate() {
                let cmd = span.trim();
                if k % 2 == 1
                    && (TOOLS.iter().any(|tool| cmd.starts_with(tool.trim_end()))
                        && cmd.len() < 200)
                {
                    out.push(cmd.to_string());
                }
            }
            continue;
        }
        let cmd = t.strip_prefix("$ ").unwrap_or(t);
        if (t.starts_with("$ ") || TOOLS.iter().any(|tool| cmd.starts_with(tool)))
            && cmd.len() < 200
        {
            out.push(cmd.to_string());
        }
    }
    out
}

/// The commands as Markdown, grouped, each in a block ready to copy.
pub fn to_markdown(repo: &str, commands: &[FoundCommand], workcopy: &str) -> String {
    let mut out = format!(
        "# Run {repo} locally\n\nPress `w` to make a working copy (a normal checkout of the cached clone) in `{workcopy}`. Then, in that folder, the project's own files suggest the commands below. codestudy never runs them: copy the ones you want.\n"
    );
    if commands.is_empty() {
        out.push_str("\nNo setup or test commands were found in pyproject.toml, setup.cfg, tox.ini, noxfile.py, a Makefile, requirements files or CONTRIBUTING.\n");
    }
    for (purpose, title) in [
        (Purpose::Setup, "Set up"),
        (Purpose::Test, "Run the tests"),
        (Purpose::Other, "Other"),
    ] {
        let group: Vec<&FoundCommand> = commands.iter().filter(|c| c.purpose == purpose).collect();
        if group.is_empty() {
            continue;
        }
        out.push_str(&format!("\n## {title}\n\n```sh\n"));
        for c in &group {
            out.push_str(&format!("{}    # {}\n", c.command, c.source));
        }
        out.push_str("```\n");
    }
    out
}

#[cfg(test)]
mod tests;
