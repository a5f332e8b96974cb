//! The configuration file (issue 15, point 25): what each setting does in
//! the app, and what a wrong one gets (`file:line:column`, the line, a
//! caret, what to do), as the catalog's errors.

mod common;

use codestudy::app::bindings::{self, SECTIONS};
use codestudy::app::keymap::Key;
use codestudy::app::{Action, Mode};
use codestudy::config::{self, Config, ConfigError, ConfigPath};
use codestudy::repo::Depth;
use codestudy::study::StepKind;
use codestudy::study::views::View;
use codestudy::ui::theme::Theme;
use common::flask::{FLASK, home_on_flask};
use crossterm::event::KeyCode;

fn parse(text: &str) -> Config {
    config::parse(text, "config.toml").unwrap_or_else(|e| panic!("{e}"))
}

/// Every problem of `text`, as printed.
fn problems(text: &str) -> Vec<String> {
    match config::parse(text, "config.toml") {
        Ok(c) => panic!("accepted: {c:?}"),
        Err(e) => e.diagnostics().iter().map(|d| d.to_string()).collect(),
    }
}

#[test]
fn a_full_configuration_sets_every_field() {
    let c = parse(
        r#"
theme = "light"

[clone]
mirror = "git://127.0.0.1:9418/{owner}/{name}.git"
mode = "shallow"
depth = 50

[working_copy]
folder = "~/src/{owner}-{name}"

[keys.explorer]
"Ctrl-g" = "grep"
"Ctrl-f" = "none"
"Space m" = "module_map"

[keys.home]
"x" = "study"
"#,
    );
    assert_eq!(c.theme, Theme::Light);
    assert_eq!(
        c.mirror.as_deref(),
        Some("git://127.0.0.1:9418/{owner}/{name}.git")
    );
    assert_eq!(c.clone_depth, Some(Depth::Commits(50)));
    assert_eq!(c.working_copy.as_deref(), Some("~/src/{owner}-{name}"));
    let explorer = c.keys.of(Mode::Explorer);
    assert!(explorer.contains(&(Key::Ctrl('g'), Some(Action::Grep))));
    assert!(explorer.contains(&(Key::Ctrl('f'), None)));
    assert!(explorer.contains(&(Key::Then(' ', 'm'), Some(Action::ModuleMap))));
    assert_eq!(
        c.keys.of(Mode::Home),
        [(Key::Code(KeyCode::Char('x')), Some(Action::Study))]
    );
    // The help over the home screen takes the home screen's bindings.
    assert_eq!(c.keys.of(Mode::Help), c.keys.of(Mode::Home));
    assert_eq!(
        parse("[clone]\nmode = \"full\"").clone_depth,
        Some(Depth::Full)
    );
    assert_eq!(parse(""), Config::default());
    assert_eq!(Config::default().theme, Theme::Terminal);
}

#[test]
fn each_wrong_setting_is_located_and_says_what_to_do() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "theme = \"solarized\"",
            "config.toml:1:9: no theme `solarized`",
            "\"dark\" or \"light\"",
        ),
        (
            "colour = 1",
            "config.toml:1:1: unknown field `colour`",
            "README",
        ),
        (
            "[clone]\nmode = \"deep\"",
            "config.toml:2:8: no clone mode `deep`",
            "\"full\"",
        ),
        (
            "[clone]\ndepth = 0",
            "config.toml:2:9: depth 0 is not a number of commits",
            "1 or more",
        ),
        (
            "[clone]\nmode = \"full\"\ndepth = 5",
            "config.toml:3:9: a depth with mode = \"full\"",
            "remove depth",
        ),
        (
            "[clone]\nmirror = \"https://example.com/x.git\"",
            "config.toml:2:10:",
            "{name}",
        ),
        (
            "[clone]\nmirror = \"ext::sh -c touch% /tmp/x/{name}\"",
            "config.toml:2:10:",
            "e.g.",
        ),
        (
            "[working_copy]\nfolder = \"~/src/{repo}\"",
            "config.toml:2:10: `{repo}` is no placeholder",
            "{owner} and {name}",
        ),
        (
            "[working_copy]\nfolder = \"~/src/all\"",
            "config.toml:2:10: the working-copy folder does not name {name}",
            "e.g.",
        ),
        (
            "[keys.editor]\nx = \"quit\"",
            "config.toml:1:7: no key table `editor`",
            "explorer",
        ),
        (
            "[keys.home]\n\"Hyper-x\" = \"quit\"",
            "config.toml:2:1: `Hyper-x` is no key",
            "Key names",
        ),
        (
            "[keys.home]\nx = \"grep\"",
            "config.toml:2:5: [keys.home] has no action `grep`",
            "Key bindings",
        ),
        (
            "[keys.grep]\nx = \"toggle_word\"",
            "config.toml:2:1: `x` is typed text in [keys.grep]",
            "Key bindings",
        ),
        (
            "[keys.home]\nx = \"none\"",
            "config.toml:2:1: `x` is not bound in [keys.home]",
            "remove the line",
        ),
        (
            "[keys.home]\n\"Ctrl-f\" = \"study\"\n\"C-f\" = \"quit\"",
            "`C-f` is bound twice in [keys.home] (first on line 2)",
            "keep one",
        ),
        (
            "[keys.explorer]\ng = \"grep\"",
            "config.toml:2:1: `g` alone (grep) and the sequences",
            "\"g\" = \"none\"",
        ),
        (
            "[keys.home]\ngx = \"study\"",
            "config.toml:2:1: `g` alone (first) and the sequences gx",
            "unbind",
        ),
        ("theme = ", "config.toml:1:", "README"),
    ];
    for (text, located, help) in cases {
        let found = problems(text);
        assert!(
            found
                .iter()
                .any(|p| p.contains(located) && p.contains(help)),
            "{text:?}: wanted {located:?} and {help:?} in {found:#?}"
        );
        // A caret under the offending text, and help.
        assert!(
            found[0].contains('^') && found[0].contains("= help:"),
            "{}",
            found[0]
        );
    }
}

#[test]
fn every_problem_is_reported_at_once() {
    let found = problems("theme = \"x\"\n[clone]\ndepth = -1\n[keys.home]\nx = \"nope\"\n");
    assert_eq!(found.len(), 3, "{found:#?}");
    let e = config::parse("theme = \"x\"\n[clone]\ndepth = -1\n", "c.toml").unwrap_err();
    assert!(e.to_string().ends_with("2 problems found"), "{e}");
}

#[test]
fn a_missing_default_file_is_the_defaults_and_a_missing_named_one_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let default = ConfigPath {
        path: path.clone(),
        explicit: false,
    };
    assert_eq!(config::load(&default).unwrap(), Config::default());
    let named = ConfigPath {
        path: path.clone(),
        explicit: true,
    };
    let e = config::load(&named).unwrap_err();
    assert!(matches!(e, ConfigError::Read { .. }));
    assert!(
        e.to_string().contains("--config or CODESTUDY_CONFIG"),
        "{e}"
    );
    std::fs::write(&path, "theme = \"dark\"\n").unwrap();
    let c = config::load(&named).unwrap();
    assert_eq!(c.theme, Theme::Dark);
    assert_eq!(c.origin.as_deref(), Some(path.as_path()));
    std::fs::write(&path, b"theme = \"\xff\"\n").unwrap();
    let e = config::load(&named).unwrap_err();
    assert!(e.to_string().contains("not UTF-8"), "{e}");
}

#[test]
fn a_binding_from_the_file_acts_and_one_it_removes_does_nothing() {
    let c = parse("[keys.home]\nx = \"study\"\ns = \"none\"\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.keys("s");
    assert_eq!(h.mode(), Mode::Home, "s is unbound");
    h.keys("x");
    assert_eq!(h.mode(), Mode::Study, "x opens the checklist");
    // The checklist's own keys are as they were: s closes it.
    h.keys("s");
    assert_eq!(h.mode(), Mode::Home);
}

#[test]
fn a_sequence_from_the_file_waits_for_its_second_key() {
    let c = parse("[keys.home]\ng = \"none\"\ngs = \"study\"\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.keys("G");
    let last = h.state().home.selected;
    h.keys("g");
    assert_eq!(h.mode(), Mode::Home);
    assert_eq!(
        h.state().home.selected,
        last,
        "g alone no longer goes first"
    );
    h.keys("s");
    assert_eq!(h.mode(), Mode::Study);
}

#[test]
fn the_help_shows_the_bindings_of_the_file() {
    let c = parse("[keys.home]\nx = \"study\"\n\"Ctrl-c\" = \"none\"\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.keys("?");
    let screen = h.screen();
    assert!(
        screen.contains("x  (yours) study checklist of the selected repository"),
        "{screen}"
    );
    // Ctrl-c is gone from the quit line; q is left.
    assert!(!screen.contains("Ctrl-c"), "{screen}");
    assert!(screen.contains("q  quit"), "{screen}");
}

#[test]
fn a_new_clone_gets_the_configured_depth_and_an_update_keeps_its_own() {
    let c = parse("[clone]\nmode = \"full\"\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.keys("<ret>");
    assert_eq!(h.effects(), ["StartClone pallets/flask (full history)"]);
    let c = parse("[clone]\ndepth = 20\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("u");
    assert_eq!(h.effects(), ["StartClone pallets/flask"]);
}

#[test]
fn step_5_offers_the_configured_working_copy_folder() {
    let c = parse("[working_copy]\nfolder = \"~/src/{owner}-{name}\"\n");
    let mut h = home_on_flask(120, 40).with_settings(c.settings());
    h.home_dir("/home/someone");
    h.cloned(FLASK, Depth::Commits(1));
    h.keys("s").keys("jjjj").keys("<ret>");
    h.step_view(
        FLASK,
        StepKind::RunLocally,
        View::Document {
            title: "5. Run the code locally: pallets/flask".into(),
            markdown: "# Run\n".into(),
            links_from: None,
        },
    );
    h.keys("w");
    assert_eq!(h.mode(), Mode::Prompt);
    let text = h.screen();
    assert!(text.contains("> ~/src/pallets-flask"), "{text}");
}

#[test]
fn every_section_names_a_mode_with_keys() {
    for (name, mode) in SECTIONS {
        assert_eq!(bindings::section(mode), name);
        assert!(!bindings::actions_of(mode).is_empty(), "{name}");
    }
}
