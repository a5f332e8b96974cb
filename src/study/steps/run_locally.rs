//! Step 5: how to set a project up and run its tests, found in its own
//! files (pyproject.toml, setup.cfg, tox.ini, noxfile.py, Makefile,
//! requirements files, CONTRIBUTING), to be copied by the person; `w`
//! makes a working copy to run them in. codestudy never runs any of them.

use crate::catalog::Repo;
use crate::repo::{Entry, EntryKind, RepoPath, Snapshot};
use crate::sanitize::sanitize_line;

use super::{StepInfo, StepKey, StepKind, name_of, read_text, root_files};
use crate::study::progress::RepoProgress;
use crate::study::views::View;

pub(super) static STEP: StepInfo = StepInfo {
    title: "Run the code locally",
    hint: "commands, w copy",
    keys: &[StepKey::WorkingCopy],
    uses_intel: false,
    view,
};

fn view(
    snap: &Snapshot,
    repo: &Repo,
    _: Option<&RepoProgress>,
    _: Option<&crate::intel::Index>,
) -> View {
    let found = discover_all(&project_files(snap));
    let dest = format!("~/codestudy/{}", repo.name);
    let mut markdown = to_markdown(&repo.id, &found.commands, &dest);
    markdown.push_str(&left_out_note(&found.left_out));
    markdown.push_str(&found.tool_notes());
    View::Document {
        title: StepKind::RunLocally.title(&repo.id),
        markdown,
        links_from: None,
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
            "pyproject.toml"
                | "setup.py"
                | "setup.cfg"
                | "tox.ini"
                | "tox.toml"
                | "pytest.ini"
                | "uv.lock"
                | "noxfile.py"
                | "makefile"
                | "gnumakefile"
        ) || (n.starts_with("requirements") && n.ends_with(".txt"))
            || (e.path.to_string_lossy().starts_with("requirements/") && n.ends_with(".txt"))
            || (e.path.to_string_lossy().starts_with("scripts/")
                && n.contains("test")
                && n.ends_with(".sh"))
            || n.starts_with("contributing");
        if e.kind == EntryKind::File
            && wanted
            && let Some(text) = read_text(snap, &e.path)
        {
            let path = e.path.to_string_lossy();
            let text = if matches!(n.as_str(), "makefile" | "gnumakefile") {
                with_includes(snap, &path, text)
            } else {
                text
            };
            out.push((path, text));
        }
    };
    for e in root_files(snap) {
        consider(&e);
    }
    for d in ["requirements", ".github", "docs", "scripts"] {
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
    discover_all(files).commands
}

/// A name in the repository's files that cannot be what it stands for
/// (`py;rm -rf ~` as a tox env), left out of the commands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// What it was meant to be: "tox env", "hatch script", ...
    pub what: &'static str,
    /// The file it was found in.
    pub source: String,
}

/// What step 5 found in a checkout's files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// The commands, setup first, without duplicates.
    pub commands: Vec<FoundCommand>,
    /// The names left out of them.
    pub left_out: Vec<LeftOut>,
    /// When tox would refuse the configuration: its file and why.
    pub tox_refused: Option<(String, String)>,
    /// The environments tox's configuration defines besides its env list
    /// (docs, lint, ...), which plain `tox` does not run: its file and
    /// their names, as `tox list` shows them under "additional
    /// environments" (not its packaging env `.pkg`, nor a section that
    /// only sets a factor of the default ones, `[testenv:default]` beside
    /// `py38-default`). They are named in a note, not as commands: the
    /// commands shown are those `tox -l` lists.
    pub tox_additional: Option<(String, Vec<String>)>,
    /// The sessions a noxfile defines inside `if`, `for`, `try` ... blocks
    /// (its file and their function names): which exist depends on how
    /// it runs, so they are named in a note, not given as commands.
    pub nox_conditional: Option<(String, Vec<String>)>,
}

impl Discovery {
    /// The lines under the commands about what tox and nox have besides
    /// them: why no tox command is shown when tox would refuse the
    /// configuration, tox's additional environments, a noxfile's sessions
    /// in blocks; empty when there is none.
    pub fn tool_notes(&self) -> String {
        let mut out = String::new();
        if let Some((source, reason)) = &self.tox_refused {
            out.push_str(&format!(
                "\nNo tox command is shown: tox would refuse {} ({}), and stop there.\n",
                sanitize_line(source),
                sanitize_line(reason)
            ));
        }
        if let Some((source, envs)) = &self.tox_additional {
            let names: Vec<String> = envs.iter().map(|e| format!("`{e}`")).collect();
            out.push_str(&format!(
                "\n{} also defines {}, which plain `tox` does not run: `tox list` shows them, `tox -e NAME` runs one.\n",
                sanitize_line(source),
                names.join(", ")
            ));
        }
        if let Some((source, sessions)) = &self.nox_conditional {
            let names: Vec<String> = sessions
                .iter()
                .map(|e| format!("`{}`", sanitize_line(e)))
                .collect();
            out.push_str(&format!(
                "\n{} defines sessions inside `if`, `for` or `try` blocks ({}): which exist, and their names, depends on how it runs; `nox -l` lists them.\n",
                sanitize_line(source),
                names.join(", ")
            ));
        }
        out
    }
}

/// [`discover`], the names it left out, and tox's refusal.
pub fn discover_all(files: &ProjectFiles) -> Discovery {
    let mut out: Vec<FoundCommand> = Vec::new();
    let mut left_out = Vec::new();
    let mut nox_conditional = None;
    let mut add = |purpose, command: String, source: &str| {
        if !out.iter().any(|c| c.command == command) {
            out.push(FoundCommand {
                purpose,
                command,
                source: source.to_string(),
            });
        }
    };
    // A name from the repository, as one shell word of a command, or
    // left out when it cannot be what it stands for.
    let mut word = |what: &'static str, value: &str, source: &str| -> Option<String> {
        if plausible_name(value) {
            Some(shell_quote(value).into_owned())
        } else {
            left_out.push(LeftOut {
                what,
                source: source.to_string(),
            });
            None
        }
    };
    for (path, text) in files {
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        match name.as_str() {
            "pyproject.toml" => pyproject(text, path, &mut add, &mut word),
            "setup.cfg" => setup_cfg(text, path, &mut add),
            "tox.ini" if ini_section(text, "pytest").is_some() => {
                add(Purpose::Test, "pytest".into(), path);
            }
            "pytest.ini" => add(Purpose::Test, "pytest".into(), path),
            // A setup.py project installs like a pyproject one (its text
            // is never run, nor read further).
            "setup.py" if !path.contains('/') => {
                add(
                    Purpose::Setup,
                    "python -m venv .venv && . .venv/bin/activate".into(),
                    path,
                );
                add(Purpose::Setup, "pip install -e .".into(), path);
            }
            "uv.lock" if !path.contains('/') => {
                add(Purpose::Setup, "uv sync".into(), path);
                add(Purpose::Test, "uv run pytest".into(), path);
            }
            "noxfile.py" if !path.contains('/') => {
                let file = nox::read(text);
                if !file.conditional.is_empty() {
                    nox_conditional = Some((path.to_string(), file.conditional));
                }
                for session in file.sessions {
                    let Some(name) = nox_word(&session.name)
                        .or_else(|| word("nox session", &session.name, path))
                    else {
                        continue;
                    };
                    let source = if session.default {
                        format!("{path} (a default session)")
                    } else {
                        path.to_string()
                    };
                    add(Purpose::Test, format!("nox -s {name}"), &source);
                }
            }
            "makefile" | "gnumakefile" => {
                for target in make_targets(text)
                    .into_iter()
                    .filter_map(|t| word("make target", &t, path))
                {
                    let purpose = if ["install", "develop", "dev", "setup", "deps", "init"]
                        .contains(&target.as_str())
                    {
                        Purpose::Setup
                    } else if target.contains("test") || target == "check" {
                        Purpose::Test
                    } else {
                        Purpose::Other
                    };
                    // A Makefile in a folder (docs/Makefile) runs there.
                    let make = match path.rsplit_once('/') {
                        Some((dir, _)) => format!("make -C {}", shell_quote(dir)),
                        None => "make".to_string(),
                    };
                    add(purpose, format!("{make} {target}"), path);
                }
            }
            n if (n.starts_with("requirements") || path.starts_with("requirements/"))
                && n.ends_with(".txt") =>
            {
                let purpose = if TESTISH.iter().any(|t| n.contains(t)) || n == "requirements.txt" {
                    Purpose::Setup
                } else {
                    Purpose::Other
                };
                add(
                    purpose,
                    format!("pip install -r {}", shell_quote(path)),
                    path,
                );
            }
            n if n.ends_with(".sh") => {
                add(Purpose::Test, shell_quote(path).into_owned(), path);
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
    // tox reads one file of the root's; its default environments, in
    // `tox -l`'s order.
    let root: Vec<(String, String)> = files
        .iter()
        .filter(|(p, _)| !p.contains('/'))
        .cloned()
        .collect();
    let mut tox_refused = None;
    let mut tox_additional = None;
    match tox::env_list(&root) {
        tox::EnvList::Envs {
            source,
            envs,
            additional,
        } => {
            add(Purpose::Test, "tox".into(), &source);
            for env in &envs {
                if let Some(env) = word("tox env", env, &source) {
                    add(Purpose::Test, format!("tox -e {env}"), &source);
                }
            }
            let others: Vec<String> = additional
                .into_iter()
                .filter(|env| {
                    let factor = envs.iter().any(|e| e.split('-').any(|f| f == env));
                    !env.starts_with('.') && !factor && plausible_name(env)
                })
                .collect();
            if !others.is_empty() {
                tox_additional = Some((source.clone(), others));
            }
        }
        tox::EnvList::Invalid { source, reason } => tox_refused = Some((source, reason)),
        tox::EnvList::NoConfig => {}
    }
    // As a person runs them: the environment, the installs, the tests,
    // the rest; within a rank, in the files' order.
    out.sort_by_key(|c| (c.purpose, rank(&c.command)));
    Discovery {
        commands: out,
        left_out,
        tox_refused,
        tox_additional,
        nox_conditional,
    }
}

/// Where a command goes within its group: creating the environment before
/// installing into it, the plain test run before the test matrix.
fn rank(command: &str) -> u8 {
    let c = command;
    if c.contains("venv") {
        0
    } else if c == "uv sync" || c == "poetry install" {
        1
    } else if c == "pip install -e ." {
        2
    } else if c.starts_with("pip install -e") || c.starts_with("pip install --group") {
        3
    } else if c.starts_with("pip install -r") {
        4
    } else if c == "pytest" || c.ends_with(" run pytest") {
        0
    } else if c == "tox" {
        5
    } else if c.starts_with("tox ") {
        6
    } else if c.starts_with("nox") {
        7
    } else {
        8
    }
}

/// A nox session's name as one shell word: as it is when it is a plain
/// name, in double quotes when it is a parametrized one nox wrote
/// (`tests(django='4.2')`) of plain parts; None otherwise.
fn nox_word(name: &str) -> Option<String> {
    if plausible_name(name) {
        return Some(name.to_string());
    }
    let (head, args) = name.strip_suffix(')')?.split_once('(')?;
    let plain = args.chars().all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-' | '=' | ',' | ' ' | '\'')
    });
    (plausible_name(head) && plain && name.len() <= 200).then(|| format!("\"{name}\""))
}

/// Whether a name from the repository's files can be a tox env, a hatch
/// env or script, a nox session or a make target as people write them:
/// letters, digits and `.`, `_`, `+`, `-`, not starting with `-` (it would
/// be read as an option), at most 100 characters. Anything else (`;`, `$`,
/// quotes, spaces, line breaks) is no real name, and left out rather than
/// shown as part of a command to copy.
pub fn plausible_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '+' | '-'))
}

/// `value` as one word of a POSIX shell command: as it is when it holds
/// only characters no shell treats specially, else in single quotes
/// (a `'` inside written as `'\''`).
pub fn shell_quote(value: &str) -> std::borrow::Cow<'_, str> {
    let plain = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, '@' | '%' | '+' | ':' | ',' | '.' | '/' | '_' | '-')
    };
    if !value.is_empty() && value.chars().all(plain) {
        return std::borrow::Cow::Borrowed(value);
    }
    std::borrow::Cow::Owned(format!("'{}'", value.replace('\'', "'\\''")))
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

fn pyproject(
    text: &str,
    path: &str,
    add: &mut impl FnMut(Purpose, String, &str),
    word: &mut impl FnMut(&'static str, &str, &str) -> Option<String>,
) {
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
                let Some(env_word) = word("hatch env", env, path) else {
                    continue;
                };
                for script in scripts.keys() {
                    let Some(script_word) = word("hatch script", script, path) else {
                        continue;
                    };
                    let purpose = if script.contains("test") || script == "cov" {
                        Purpose::Test
                    } else {
                        Purpose::Other
                    };
                    let target = if env == "default" {
                        script_word
                    } else {
                        format!("{env_word}:{script_word}")
                    };
                    add(purpose, format!("hatch run {target}"), path);
                }
            }
        }
    }
    // pytest 9 reads its native [tool.pytest] table as well.
    if table(&["tool", "pytest"]).is_some() {
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

/// A Makefile's plain targets (not special `.TARGETS`, not patterns, not
/// variables).
/// Files a Makefile includes, read at most.
const MAKE_INCLUDES: usize = 16;

/// A Makefile's text and, after it, the text of the files it includes
/// (`include a.mk`, `-include`, `sinclude`), whose targets `make X` runs
/// too. make reads them from the folder it runs in, the Makefile's. A path
/// with a variable, a pattern or a wildcard, an absolute one, one leaving
/// the repository and one that is not a text file of the clone (a
/// symbolic link is never followed) are skipped; at most
/// [`MAKE_INCLUDES`] files, three levels deep, each once.
fn with_includes(snap: &Snapshot, path: &str, text: String) -> String {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let mut seen = vec![path.to_string()];
    let mut out = text;
    let mut level: Vec<String> = vec![out.clone()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for text in &level {
            for line in text.lines() {
                let Some(rest) = ["include ", "-include ", "sinclude "]
                    .iter()
                    .find_map(|k| line.strip_prefix(k))
                else {
                    continue;
                };
                for name in rest.split('#').next().unwrap_or("").split_whitespace() {
                    if seen.len() > MAKE_INCLUDES
                        || name.starts_with('/')
                        || name.contains(['$', '%', '*', '?', '[', '#'])
                    {
                        continue;
                    }
                    let Some(file) = crate::study::markdown::resolve_link(dir, name) else {
                        continue;
                    };
                    if seen.contains(&file) {
                        continue;
                    }
                    seen.push(file.clone());
                    if let Some(included) = RepoPath::parse(&file)
                        .ok()
                        .and_then(|p| read_text(snap, &p))
                    {
                        next.push(included);
                    }
                }
            }
        }
        for t in &next {
            out.push('\n');
            out.push_str(t);
        }
        level = next;
    }
    out
}

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
        // Prose is never taken for a command, not even its inline code:
        // only code blocks (fenced or indented) and shell-prompt lines.
        if !(in_block || indented || t.starts_with("$ ")) {
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
    if !commands.is_empty() {
        out.push_str("\nThese commands come from the repository's own files (each names its file after the `#`), which anyone could have written: read a command before you run it. The names codestudy takes from those files are shell-quoted, names that cannot be real ones are left out, and a line \"as written in\" a document is that document's text as it is.\n");
    }
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
            // A file name may hold a line break: shown as a stand-in, it
            // cannot start a line of its own in the block.
            // A document's commands are its own text, not built from names.
            let from = if is_document(&c.source) {
                "as written in "
            } else {
                ""
            };
            out.push_str(&format!(
                "{}    # {from}{}\n",
                sanitize_line(&c.command),
                sanitize_line(&c.source)
            ));
        }
        out.push_str("```\n");
    }
    out
}

/// Whether commands from `source` are a document's text (CONTRIBUTING),
/// copied as they are written.
fn is_document(source: &str) -> bool {
    source
        .rsplit('/')
        .next()
        .unwrap_or(source)
        .to_ascii_lowercase()
        .starts_with("contributing")
}

/// A line on the names left out, by file and kind; empty when none was.
pub fn left_out_note(left_out: &[LeftOut]) -> String {
    if left_out.is_empty() {
        return String::new();
    }
    let mut counts: Vec<(&str, &str, usize)> = Vec::new();
    for l in left_out {
        match counts
            .iter_mut()
            .find(|(w, s, _)| *w == l.what && *s == l.source)
        {
            Some(entry) => entry.2 += 1,
            None => counts.push((l.what, &l.source, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(what, source, n)| {
            let plural = if *n == 1 { "" } else { "s" };
            format!("{n} {what} name{plural} in {}", sanitize_line(source))
        })
        .collect();
    format!(
        "\nLeft out, as they hold characters no real name does (such as `;`, `$`, quotes or spaces): {}.\n",
        parts.join(", ")
    )
}

mod nox;
mod tox;

#[cfg(test)]
mod tests;
