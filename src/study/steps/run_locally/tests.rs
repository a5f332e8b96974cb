//! What step 5 finds in the files of the usual Python project layouts.

use super::*;

fn cmds(files: &[(&str, &str)]) -> Vec<(Purpose, String)> {
    let files: ProjectFiles = files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect();
    discover(&files)
        .into_iter()
        .map(|c| (c.purpose, c.command))
        .collect()
}

#[test]
fn pyproject_shapes() {
    // flask-like: PEP 621, dependency groups, pytest config.
    let c = cmds(&[(
        "pyproject.toml",
        "[project]\nname = \"Flask\"\n[project.optional-dependencies]\nasync = [\"asgiref\"]\ndotenv = [\"python-dotenv\"]\n[dependency-groups]\ndev = [\"ruff\"]\ntests = [\"pytest\"]\n[build-system]\nrequires = [\"flit_core\"]\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\n",
    )]);
    assert!(
        c.contains(&(Purpose::Setup, "pip install -e .".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&(Purpose::Setup, "pip install --group tests".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&(Purpose::Setup, "pip install --group dev".into())),
        "{c:?}"
    );
    assert!(
        !c.iter().any(|(_, x)| x.contains("[async]")),
        "only test/dev extras: {c:?}"
    );
    assert!(c.contains(&(Purpose::Test, "pytest".into())), "{c:?}");
    // poetry and hatch.
    let c = cmds(&[(
        "pyproject.toml",
        "[tool.poetry]\nname = \"x\"\n[tool.hatch.envs.default.scripts]\ntest = \"pytest {args}\"\n[tool.hatch.envs.docs.scripts]\nbuild = \"mkdocs build\"\n",
    )]);
    assert!(
        c.contains(&(Purpose::Setup, "poetry install".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&(Purpose::Test, "hatch run test".into())),
        "{c:?}"
    );
    assert!(
        c.contains(&(Purpose::Other, "hatch run docs:build".into())),
        "{c:?}"
    );
    // Not TOML: nothing, and no panic.
    assert!(cmds(&[("pyproject.toml", "[[[ nope")]).is_empty());
}

#[test]
fn setup_cfg_tox_nox_make_requirements_contributing() {
    let c = cmds(&[
        (
            "setup.cfg",
            "[metadata]\nname = requests\n[options.extras_require]\nsecurity =\nsocks = PySocks\ntests =\n    pytest\n[tool:pytest]\naddopts = -q\n",
        ),
        (
            "tox.ini",
            "[tox]\nenvlist = py38,py39, lint\n  {py310}-x\n[testenv]\ncommands = pytest\n",
        ),
        (
            "noxfile.py",
            "import nox\n\n@nox.session(python=[\"3.11\"])\ndef tests(session):\n    pass\n\n@nox.session(name=\"docs-build\")\n@nox.parametrize(\"x\", [1])\ndef docs(session, x):\n    pass\n",
        ),
        (
            "Makefile",
            ".PHONY: test\nVERSION := 1\ninit:\n\tpip install -r requirements.txt\ntest: init\n\tpytest\n%.o: %.c\n\tcc\nlint:\n\truff .\n",
        ),
        ("requirements-dev.txt", "pytest\n"),
        (
            "CONTRIBUTING.md",
            "Set up:\n\n```sh\n$ python -m venv .venv\n$ pip install -e .\npytest tests/\n```\n\nNot a command: pip is great.\n",
        ),
    ]);
    for expected in [
        (Purpose::Setup, "pip install -e \".[tests]\""),
        (Purpose::Test, "pytest"),
        (Purpose::Test, "tox -e py38"),
        (Purpose::Test, "tox -e lint"),
        (Purpose::Test, "tox -e py310-x"),
        (Purpose::Test, "nox -s tests-3.11"),
        (Purpose::Test, "nox -s \"docs-build(x=1)\""),
        (Purpose::Setup, "make init"),
        (Purpose::Test, "make test"),
        (Purpose::Other, "make lint"),
        (Purpose::Setup, "pip install -r requirements-dev.txt"),
        (Purpose::Setup, "python -m venv .venv"),
        (Purpose::Test, "pytest tests/"),
        (Purpose::Test, "tox -e lint"),
    ] {
        assert!(
            c.contains(&(expected.0, expected.1.to_string())),
            "{expected:?} missing from {c:?}"
        );
    }
    assert!(
        !c.iter()
            .any(|(_, x)| x.contains("VERSION") || x.contains("%") || x.contains("pip is great")),
        "{c:?}"
    );
    // As a person runs them: the environment, then installs, then the
    // plain test run, then the matrices.
    let at = |cmd: &str| c.iter().position(|(_, x)| x == cmd).unwrap();
    assert_eq!(c[0], (Purpose::Setup, "python -m venv .venv".into()));
    assert!(at("pip install -e .") < at("pip install -r requirements-dev.txt"));
    assert!(at("pytest") < at("tox") && at("tox") < at("tox -e py38"));
    assert!(at("tox -e py38") < at("tox -e py39") && at("tox -e lint") < at("tox -e py310-x"));
}

#[test]
fn markdown_has_copyable_blocks() {
    let files: ProjectFiles = vec![("tox.ini".into(), "[tox]\nenvlist = py\n".into())];
    let md = to_markdown("psf/requests", &discover(&files), "~/codestudy/requests");
    assert!(
        md.contains("## Run the tests\n\n```sh\ntox    # tox.ini\ntox -e py    # tox.ini\n```"),
        "{md}"
    );
    assert!(md.contains("`~/codestudy/requests`"), "{md}");
}

#[test]
fn names_from_the_repository_are_refused_or_quoted_never_run_together() {
    let files: ProjectFiles = vec![
        (
            "tox.ini".into(),
            "[tox]\nenvlist = py*, py[!3], py?, py311, docs\n".into(),
        ),
        (
            "pyproject.toml".into(),
            "[project]\nname = \"x\"\n[tool.hatch.envs.default.scripts]\n\"t; rm -rf ~\" = \"pytest\"\n\"a\\nrm -rf ~\" = \"x\"\ntest = \"pytest\"\n[tool.hatch.envs.\"$(id)\".scripts]\ncov = \"x\"\n[tool.hatch.envs.lint.scripts]\nstyle = \"ruff\"\n".into(),
        ),
        (
            "noxfile.py".into(),
            "import nox\n@nox.session(name=\"$(id)\")\ndef b(session): pass\n@nox.session(name='`id`')\ndef c(session): pass\n@nox.session(name=\"-x\")\ndef d(session): pass\n@nox.session\ndef tests(session): pass\n".into(),
        ),
        ("requirements/requirements-dev $(id).txt".into(), "pytest\n".into()),
        ("requirements-it's.txt".into(), "pytest\n".into()),
    ];
    let Discovery {
        commands: found,
        left_out,
        ..
    } = discover_all(&files);
    let commands: Vec<&str> = found.iter().map(|c| c.command.as_str()).collect();
    for expected in [
        "tox -e py311",
        "tox -e docs",
        "hatch run test",
        "hatch run lint:style",
        "nox -s tests",
        "pip install -r 'requirements/requirements-dev $(id).txt'",
        "pip install -r 'requirements-it'\\''s.txt'",
    ] {
        assert!(commands.contains(&expected), "{expected:?} in {commands:?}");
    }
    for c in &commands {
        let unquoted: String = c.split('\'').step_by(2).collect();
        assert!(
            !unquoted.contains([';', '$', '`', '\n', '~']),
            "a shell would act on {c:?}"
        );
    }
    let count = |what: &str, source: &str| {
        left_out
            .iter()
            .filter(|l| l.what == what && l.source == source)
            .count()
    };
    assert_eq!(count("tox env", "tox.ini"), 3, "{left_out:?}");
    assert_eq!(count("hatch script", "pyproject.toml"), 2, "{left_out:?}");
    assert_eq!(count("hatch env", "pyproject.toml"), 1, "{left_out:?}");
    assert_eq!(count("nox session", "noxfile.py"), 3, "{left_out:?}");
    let note = left_out_note(&left_out);
    assert!(note.contains("3 tox env names in tox.ini"), "{note}");
    assert!(
        note.contains("1 hatch env name in pyproject.toml"),
        "{note}"
    );
}

#[test]
fn shell_quoting() {
    assert_eq!(shell_quote("py311"), "py311");
    assert_eq!(
        shell_quote("docs/requirements-dev.txt"),
        "docs/requirements-dev.txt"
    );
    assert_eq!(shell_quote("a b"), "'a b'");
    assert_eq!(shell_quote("$(id)"), "'$(id)'");
    assert_eq!(shell_quote("it's"), "'it'\\''s'");
    assert_eq!(shell_quote("~"), "'~'");
    assert_eq!(shell_quote(""), "''");
}

#[test]
fn a_file_name_with_a_line_break_cannot_start_a_line_in_the_block() {
    let commands = vec![FoundCommand {
        purpose: Purpose::Test,
        command: "pytest".into(),
        source: "docs/contributing\nrm -rf ~ #.md".into(),
    }];
    let md = to_markdown("o/r", &commands, "~/codestudy/r");
    assert!(!md.lines().any(|l| l.starts_with("rm")), "{md}");
    assert!(
        md.contains("pytest    # as written in docs/contributing␊rm -rf ~ #.md\n"),
        "{md}"
    );
    assert!(md.contains("come from the repository's own files"), "{md}");
}

#[test]
fn tox_environments_outside_the_env_list_are_named_not_shown_as_commands() {
    let files = vec![(
        "tox.ini".to_string(),
        "[tox]\nenvlist = py{38,39}-{default,chardet}\n[testenv:default]\n[testenv:{docs,lint}]\n[testenv:.pkg]\n[testenv:py38-default]\n[testenv:$(id)]\n".to_string(),
    )];
    let found = discover_all(&files);
    assert_eq!(
        found.tox_additional,
        Some(("tox.ini".to_string(), vec!["docs".into(), "lint".into()]))
    );
    let tox: Vec<&str> = found
        .commands
        .iter()
        .map(|c| c.command.as_str())
        .filter(|c| c.starts_with("tox"))
        .collect();
    assert_eq!(
        tox,
        [
            "tox",
            "tox -e py38-default",
            "tox -e py38-chardet",
            "tox -e py39-default",
            "tox -e py39-chardet"
        ]
    );
    let note = found.tool_notes();
    assert!(
        note.contains("tox.ini also defines `docs`, `lint`, which plain `tox` does not run"),
        "{note}"
    );
}

#[test]
fn prose_is_never_a_command_and_a_list_tox_refuses_gives_no_tox_command() {
    let note = discover_all(&vec![(
        "tox.ini".to_string(),
        "[tox]\nenvlist = py38, a b\n".to_string(),
    )])
    .tool_notes();
    assert!(note.contains("tox would refuse tox.ini"), "{note}");
    assert!(note.contains("`a b`"), "{note}");
    let c = cmds(&[
        (
            "CONTRIBUTING.md",
            "Run `pytest -x` before you push, or pip install the world.\n\n$ pytest tests\n",
        ),
        ("tox.ini", "[tox]\nenvlist = py38, a b\n"),
        ("docs/Makefile", "html:\n\tsphinx-build\n"),
        ("uv.lock", "version = 1\n"),
        ("setup.py", "from setuptools import setup\nsetup()\n"),
    ]);
    let commands: Vec<&str> = c.iter().map(|(_, x)| x.as_str()).collect();
    assert!(commands.contains(&"pytest tests"), "{commands:?}");
    assert!(commands.contains(&"make -C docs html"), "{commands:?}");
    assert!(commands.contains(&"uv sync") && commands.contains(&"uv run pytest"));
    assert_eq!(commands[0], "python -m venv .venv && . .venv/bin/activate");
    assert!(commands.contains(&"pip install -e ."), "{commands:?}");
    assert!(
        !commands
            .iter()
            .any(|x| x.starts_with("tox") || *x == "pytest -x" || x.contains("world")),
        "{commands:?}"
    );
}
