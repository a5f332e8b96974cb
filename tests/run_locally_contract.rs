//! Step 5's tox and nox commands against tox and nox themselves: for
//! configurations in the shapes real projects write (requests', flask's,
//! sqlalchemy's, celery's tox.ini; pyproject's `[tool.tox]`, `tox.toml`,
//! `setup.cfg`; noxfiles like urllib3's and pip's), every `tox -e NAME`
//! shown is what `tox -l` lists, in its order, and every `nox -s NAME` is
//! what `nox -l` lists, the defaults marked alike; the other tox
//! environments step 5 names (in a note) are the "additional
//! environments" of `tox list`. `.ci/run` installs both
//! (pinned); without them the test fails in CI and is skipped locally.

use std::path::Path;
use std::process::Command;

use codestudy::study::steps::run_locally::{discover_all, plausible_name};

fn tool(module: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-m", module, "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "python3 -m {module} is not installed: .ci/run installs it"
    );
    if !ok {
        eprintln!("python3 -m {module} missing: skipped");
    }
    ok
}

fn run(dir: &Path, module: &str) -> String {
    run_with(dir, module, &["-l"])
}

fn run_with(dir: &Path, module: &str, args: &[&str]) -> String {
    let out = Command::new("python3")
        .args(["-m", module])
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("python3 runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

/// The "additional environments" `tox list` shows (those not in the env
/// list), without their descriptions.
fn tox_additional(dir: &Path) -> Vec<String> {
    let out = run_with(dir, "tox", &["list"]);
    out.lines()
        .skip_while(|l| !l.starts_with("additional environments:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split(" -> ").next().unwrap_or(l).trim().to_string())
        .collect()
}

/// The additional environments step 5 names (in a note, not as commands).
fn shown_additional(files: &Vec<(String, String)>) -> Vec<String> {
    discover_all(files)
        .tox_additional
        .map(|(_, envs)| envs)
        .unwrap_or_default()
}

/// Of tox's additional environments, those step 5 names: not tox's
/// packaging env (`.pkg`) nor a section that only sets a factor of the
/// default ones (`[testenv:default]` beside `py38-default`), each a plain
/// name.
fn worth_showing(additional: Vec<String>, defaults: &[String]) -> Vec<String> {
    additional
        .into_iter()
        .filter(|env| {
            !env.starts_with('.')
                && plausible_name(env)
                && !defaults.iter().any(|d| d.split('-').any(|f| f == env))
        })
        .collect()
}

/// The additional environments step 5 names are those of `tox list`'s
/// that a section defines, in its order: tox also makes one of each
/// factor a conditional setting names (`c: true` gives `c`), which step 5
/// does not name.
fn named_in(ours: &[String], theirs: &[String], what: &str) {
    let kept: Vec<&String> = theirs.iter().filter(|t| ours.contains(t)).collect();
    assert_eq!(
        kept,
        ours.iter().collect::<Vec<_>>(),
        "additional environments of {what}: tox list has {theirs:?}"
    );
}

/// The commands step 5 shows with `prefix`, without it.
fn shown(files: &[(&str, &str)], prefix: &str) -> Vec<(String, String)> {
    let owned: Vec<(String, String)> = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    discover_all(&owned)
        .commands
        .into_iter()
        .filter_map(|c| {
            let name = c.command.strip_prefix(prefix)?.to_string();
            Some((name, c.source))
        })
        .collect()
}

const TOX_SHAPES: &[&[(&str, &str)]] = &[
    // requests
    &[(
        "tox.ini",
        "[tox]\nenvlist = py{38,39,310,311,312}-{default, use_chardet_on_py3}\n\n[testenv]\ndeps = -rrequirements-dev.txt\nextras =\n    security\n    socks\ncommands =\n    pytest {posargs:tests}\n\n[testenv:default]\n[testenv:use_chardet_on_py3]\nextras =\n    security\n    socks\n    use_chardet_on_py3\n",
    )],
    // flask
    &[(
        "tox.ini",
        "[tox]\nenvlist =\n    py3{13,12,11,10,9}\n    pypy310\n    py313-min\n    py39-min-werkzeug\n    style\n    typing\n    docs\nskip_missing_interpreters = true\n\n[testenv]\npackage = wheel\nwheel_build_env = .pkg\nconstrain_package_deps = true\nuse_frozen_constraints = true\ndeps =\n    -r requirements/tests.txt\n    min: -r requirements-skip/tests-min.txt\ncommands = pytest -v --tb=short --basetemp={envtmpdir} {posargs}\n",
    )],
    // sqlalchemy
    &[(
        "tox.ini",
        "[tox]\nenvlist = py\n\n[testenv]\n# note that we have a .coveragerc file that points coverage specifically\n# at ./lib/sqlalchemy, and *not* at the build that tox might create under .tox.\nusedevelop=\n     c: true\n\ncov_args=--cov=sqlalchemy --cov-report term --cov-append --cov-report xml --exclude-tag memory-intensive --exclude-tag timing-intensive -k \"not aaa_profiling\"\n\n[testenv:pep484]\ndeps=\n     mypy >= 1.2.0\ncommands =\n    mypy {env:MYPY_COLOR} ./lib/sqlalchemy\n",
    )],
    // celery (without its `requires = tox-gh-actions`: tox would install
    // that plugin first, which needs the network)
    &[(
        "tox.ini",
        "[tox]\nenvlist =\n    {3.8,3.9,3.10,3.11,3.12,pypy3}-unit\n    {3.8,3.9,3.10,3.11,3.12,pypy3}-integration-{rabbitmq_redis,rabbitmq,redis,dynamodb,azureblockblob,cache,cassandra,elasticsearch,docker}\n    {3.8,3.9,3.10,3.11,3.12,pypy3}-smoke\n\n    flake8\n    apicheck\n    configcheck\n    bandit\n\n\n[gh-actions]\npython =\n    3.8: 3.8-unit\n",
    )],
    // ranges, empty alternatives, comments, continuations, factor lines
    &[(
        "tox.ini",
        "[tox]\nenv_list =\n    py3{10-13}-django{42,50}{,-cov} # the matrix\n    ; a comment line\n    # another\n    lint, type\n    d{5-3}, x{11-}\n    linux: only-on-linux\n    win32: only-on-windows\n    doc\\\n    s\n",
    )],
    // pyproject's native table
    &[(
        "pyproject.toml",
        "[project]\nname = \"x\"\n\n[tool.tox]\nrequires = [\"tox>=4.21\"]\nenv_list = [\"3.13\", \"3.12\", \"type\", { product = [[\"py312\", \"py313\"], [\"django42\", \"django50\"]], exclude = [\"py313-django42\"] }]\n\n[tool.tox.env_run_base]\ncommands = [[\"pytest\"]]\n",
    )],
    // pyproject's legacy string
    &[(
        "pyproject.toml",
        "[tool.tox]\nlegacy_tox_ini = \"\"\"\n[tox]\nenvlist = py{39,310}-{a,b}, lint\n\"\"\"\n",
    )],
    // tox.toml
    &[(
        "tox.toml",
        "env_list = [\"lint\", \"3.13\"]\n\n[env.lint]\ncommands = [[\"ruff\", \"check\"]]\n",
    )],
    // setup.cfg
    &[(
        "setup.cfg",
        "[metadata]\nname = x\n\n[tox:tox]\nenvlist = py{39,310}\n",
    )],
    // tox.ini wins over the others
    &[
        ("tox.ini", "[tox]\nenvlist = from-ini\n"),
        ("tox.toml", "env_list = [\"from-toml\"]\n"),
    ],
    // refused by tox: no env shown
    &[("tox.ini", "[tox]\nenvlist = py{38,39}, a b\n")],
    // Additional environments: generative section names, tox's packaging
    // env, factor sections, one also in the env list.
    &[(
        "tox.ini",
        "[tox]\nenvlist = py{38,39}-{default,chardet}\n[testenv]\ncommands = pytest\n[testenv:default]\n[testenv:chardet]\n[testenv:{docs,lint}]\ncommands = x\n[testenv:py3{10,11}-cov]\n[testenv:.pkg]\n[testenv:py38-default]\n[testenv:style]\n",
    )],
    &[(
        "tox.toml",
        "env_list = [\"3.13\"]\n\n[env_run_base]\ncommands = [[\"pytest\"]]\n\n[env.lint]\ncommands = [[\"ruff\"]]\n\n[env.docs]\ncommands = [[\"sphinx-build\"]]\n\n[env.\"3.13\"]\n",
    )],
    &[(
        "pyproject.toml",
        "[tool.tox]\nenv_list = [\"py312\"]\n\n[tool.tox.env.type]\ncommands = [[\"mypy\"]]\n",
    )],
];

#[test]
fn tox_envs_are_what_tox_lists() {
    if !tool("tox") {
        return;
    }
    let mut named = 0;
    for files in TOX_SHAPES {
        let dir = write(files);
        let out = run(dir.path(), "tox");
        let listed: Vec<String> = out
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with("ROOT:"))
            .map(str::to_string)
            .collect();
        // Only the fixture tox refuses lists nothing.
        assert!(
            !listed.is_empty() || files[0].1.contains("a b"),
            "tox listed nothing for {files:?}"
        );
        let owned: Vec<(String, String)> = files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect();
        let additional = shown_additional(&owned);
        let ours: Vec<String> = shown(files, "tox -e ")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let expected: Vec<String> = listed
            .iter()
            .filter(|n| plausible_name(n))
            .cloned()
            .collect();
        assert_eq!(ours, expected, "for {files:?}");
        // The others, as `tox list` shows them (in their order for an INI
        // file; a TOML table's keys are read sorted).
        let mut theirs = worth_showing(tox_additional(dir.path()), &listed);
        let mut additional = additional;
        if !files[0].0.ends_with(".ini") {
            theirs.sort();
            additional.sort();
        }
        named_in(&additional, &theirs, &format!("{files:?}"));
        named += additional.len();
        for name in ours.iter().chain(&additional) {
            assert!(!name.contains(['{', '}']), "{name}");
        }
    }
    // pep484; docs, lint, py310-cov, py311-cov, style; docs, lint; type.
    assert_eq!(named, 9, "the additional environments named in all");
}

const NOX_SHAPES: &[&str] = &[
    // urllib3-like
    "import nox\n\nnox.options.sessions = [\"format\", \"test\"]\n\n@nox.session(python=[\"3.9\", \"3.10\", \"3.11\", \"3.12\", \"pypy3.10\"])\ndef test(session: nox.Session) -> None:\n    session.run(\"pytest\")\n\n@nox.session()\ndef format(session):\n    \"\"\"Run code formatters.\"\"\"\n\n@nox.session\ndef lint(session):\n    pass\n\n@nox.session(python=\"3.12\")\n@nox.parametrize(\"pyopenssl\", [\"22.0\", \"23.0\"])\ndef downstream_requests(session, pyopenssl):\n    pass\n",
    // pip-like: names, multi-line decorators and defs, default=False, ids
    "from __future__ import annotations\nimport nox\n\n@nox.session(\n    python=[\"3.8\", \"3.13\"],\n    name=\"test\",\n)\ndef run_tests(\n    session: nox.Session,\n) -> None:\n    pass\n\n@nox.session(name=\"docs-live\", default=False)\ndef docs_live(session):\n    pass\n\n@nox.session\n@nox.parametrize(\"n\", [1, 2], ids=[\"one\", \"two\"])\n@nox.parametrize(\"flag\", [True, False])\ndef matrix(session, n, flag):\n    pass\n\ndef not_a_session():\n    pass\n",
];

#[test]
fn nox_sessions_are_what_nox_lists() {
    if !tool("nox") {
        return;
    }
    for noxfile in NOX_SHAPES {
        let files = [("noxfile.py", *noxfile)];
        let dir = write(&files);
        let listed: Vec<(String, bool)> = run(dir.path(), "nox")
            .lines()
            .filter_map(|l| {
                let default = l.starts_with("* ");
                let rest = l.strip_prefix("* ").or_else(|| l.strip_prefix("- "))?;
                let name = rest.split(" -> ").next().unwrap_or(rest).trim();
                Some((name.to_string(), default))
            })
            .collect();
        assert!(!listed.is_empty(), "nox listed nothing for {noxfile}");
        let ours: Vec<(String, bool)> = shown(&files, "nox -s ")
            .into_iter()
            .map(|(n, source)| {
                let n = n.trim_matches('"').to_string();
                (n, source.contains("default"))
            })
            .collect();
        assert_eq!(ours, listed, "for {noxfile}");
    }
}

/// The tox configurations of real projects (the sdists `.ci/run` unpacks
/// into `CODESTUDY_CONTRACT_SDISTS`, flask's among them; locally `/tmp/sd`
/// when it is there): what step 5 shows is what `tox -l` lists there.
#[test]
fn tox_envs_of_real_projects_are_what_tox_lists() {
    if !tool("tox") {
        return;
    }
    let dir = std::env::var_os("CODESTUDY_CONTRACT_SDISTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "/tmp/sd".into());
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(std::env::var_os("CI").is_none(), "no sdists at {dir:?}");
        return;
    };
    let mut compared = 0;
    for project in entries.flatten().map(|e| e.path()) {
        let files: Vec<(String, String)> = ["tox.ini", "setup.cfg", "pyproject.toml", "tox.toml"]
            .iter()
            .filter_map(|n| {
                Some((
                    n.to_string(),
                    std::fs::read_to_string(project.join(n)).ok()?,
                ))
            })
            .collect();
        if !files.iter().any(|(n, _)| n == "tox.ini") {
            continue;
        }
        let out = run(&project, "tox");
        let listed: Vec<String> = out
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && plausible_name(l))
            .map(str::to_string)
            .collect();
        let additional = shown_additional(&files);
        let ours: Vec<String> = discover_all(&files)
            .commands
            .into_iter()
            .filter_map(|c| c.command.strip_prefix("tox -e ").map(str::to_string))
            .collect();
        assert_eq!(ours, listed, "in {project:?}: tox -l said {out}");
        let theirs = worth_showing(tox_additional(&project), &listed);
        named_in(&additional, &theirs, &format!("{project:?}"));
        compared += 1;
    }
    assert!(compared > 0, "no sdist in {dir:?} has a tox.ini");
}
