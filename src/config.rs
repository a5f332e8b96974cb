//! The configuration file, `codestudy/config.toml` in the XDG config dir
//! (or `--config FILE`, or `CODESTUDY_CONFIG`): the colours, the mirror
//! template, how new clones are made, where working copies go, and key
//! bindings. Checked whole, with every problem reported as the catalog's
//! are (`file:line:column`, the line, a caret, what to do); a missing
//! default file is no error, a missing file asked for is.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use crate::app::Settings;
use crate::app::bindings::{self, Bindings, SECTIONS};
use crate::catalog::Diagnostic;
use crate::catalog::diagnostic::LineIndex;
use crate::repo::{Depth, Mirror};
use crate::ui::theme::Theme;

/// Where the configuration is read from, and whether the person named it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigPath {
    pub path: PathBuf,
    /// Given by `--config` or `CODESTUDY_CONFIG`: then it must exist.
    pub explicit: bool,
}

impl ConfigPath {
    /// `given`, else `config.toml` in the platform's config dir for
    /// codestudy (on Linux `$XDG_CONFIG_HOME/codestudy/config.toml`);
    /// `None` without a home directory to find that in.
    pub fn resolve(given: Option<PathBuf>) -> Option<ConfigPath> {
        match given {
            Some(path) => Some(ConfigPath {
                path,
                explicit: true,
            }),
            None => directories::ProjectDirs::from("", "", "codestudy").map(|d| ConfigPath {
                path: d.config_dir().join("config.toml"),
                explicit: false,
            }),
        }
    }
}

/// What the configuration sets; every field has its default when the file
/// leaves it out (or there is no file).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The file it was read from; `None` when there was none.
    pub origin: Option<PathBuf>,
    pub theme: Theme,
    /// `[clone] mirror`, checked as `--mirror` is.
    pub mirror: Option<String>,
    /// `[clone] mode` and `depth`: the depth of a new clone (`None`: 1).
    pub clone_depth: Option<Depth>,
    /// `[working_copy] folder`, `{owner}` and `{name}` to fill in.
    pub working_copy: Option<String>,
    pub keys: Bindings,
}

impl Config {
    /// The parts the terminal app's state takes.
    pub fn settings(&self) -> Settings {
        Settings {
            keys: self.keys.clone(),
            clone_depth: self.clone_depth,
            working_copy: self.working_copy.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "could not read the configuration {path}: {source}\n  = help: {}",
        if *explicit { "check the file named by --config or CODESTUDY_CONFIG" } else { "make it readable, or move it away to use the defaults" }
    )]
    Read {
        path: String,
        explicit: bool,
        #[source]
        source: std::io::Error,
    },
    /// Every problem found, first one first.
    #[error("invalid configuration: {}", crate::catalog::DisplayAll(.0))]
    Invalid(Vec<Diagnostic>),
}

impl ConfigError {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ConfigError::Read { .. } => &[],
            ConfigError::Invalid(ds) => ds,
        }
    }
}

/// Read and check the configuration at `at`; no file at a default path is
/// the defaults.
pub fn load(at: &ConfigPath) -> Result<Config, ConfigError> {
    let text = match std::fs::read(&at.path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !at.explicit => {
            return Ok(Config::default());
        }
        Err(source) => {
            return Err(ConfigError::Read {
                path: at.path.display().to_string(),
                explicit: at.explicit,
                source,
            });
        }
    };
    let origin = at.path.display().to_string();
    let text = String::from_utf8(text).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
        ConfigError::Invalid(vec![Diagnostic::at(
            &origin,
            &lossy,
            valid..valid + 1,
            "the file is not UTF-8 text",
            Some("save it as UTF-8".into()),
        )])
    })?;
    let mut config = parse(&text, &origin)?;
    config.origin = Some(at.path.clone());
    Ok(config)
}

const HELP: &str = "see \"Configuration\" in the README for the settings and their values";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    theme: Option<Spanned<String>>,
    clone: Option<RawClone>,
    working_copy: Option<RawWorkingCopy>,
    keys: Option<BTreeMap<Spanned<String>, RawKeys>>,
}

/// One `[keys.SECTION]` table: key name to action name.
type RawKeys = BTreeMap<Spanned<String>, Spanned<String>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClone {
    mirror: Option<Spanned<String>>,
    mode: Option<Spanned<String>>,
    depth: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkingCopy {
    folder: Option<Spanned<String>>,
}

/// Check the text of a configuration file; `origin` names it in errors.
pub fn parse(source: &str, origin: &str) -> Result<Config, ConfigError> {
    let raw: RawConfig = toml::from_str(source).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        ConfigError::Invalid(vec![Diagnostic::at(
            origin,
            source,
            span,
            e.message().trim_end().to_string(),
            Some(HELP.to_string()),
        )])
    })?;
    let mut c = Checker {
        origin,
        source,
        lines: LineIndex::new(source),
        problems: Vec::new(),
    };
    let config = c.check(raw);
    if c.problems.is_empty() {
        Ok(config)
    } else {
        Err(ConfigError::Invalid(c.problems))
    }
}

struct Checker<'a> {
    origin: &'a str,
    source: &'a str,
    lines: LineIndex,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn report(&mut self, span: Range<usize>, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(Diagnostic::indexed(
            self.origin,
            self.source,
            &self.lines,
            span,
            message,
            Some(help.into()),
        ));
    }

    fn check(&mut self, raw: RawConfig) -> Config {
        let mut config = Config::default();
        if let Some(theme) = raw.theme {
            match Theme::named(theme.get_ref()) {
                Some(t) => config.theme = t,
                None => self.report(
                    theme.span(),
                    format!("no theme `{}`", theme.get_ref()),
                    "theme is \"terminal\" (the terminal's own colours, the default), \"dark\" or \"light\"",
                ),
            }
        }
        if let Some(clone) = raw.clone {
            self.check_clone(clone, &mut config);
        }
        if let Some(folder) = raw.working_copy.and_then(|w| w.folder) {
            config.working_copy = self.check_folder(folder);
        }
        for (section, binds) in raw.keys.unwrap_or_default() {
            let Some(&(_, mode)) = SECTIONS.iter().find(|(s, _)| s == section.get_ref()) else {
                let names: Vec<&str> = SECTIONS.iter().map(|(s, _)| *s).collect();
                self.report(
                    section.span(),
                    format!("no key table `{}`", section.get_ref()),
                    format!("[keys] has the tables {}", names.join(", ")),
                );
                continue;
            };
            self.check_keys(mode, binds, &mut config.keys);
        }
        config
    }

    fn check_clone(&mut self, clone: RawClone, config: &mut Config) {
        if let Some(mirror) = clone.mirror {
            match Mirror::parse(mirror.get_ref()) {
                Ok(_) => config.mirror = Some(mirror.get_ref().clone()),
                Err(e) => self.report(
                    mirror.span(),
                    e.to_string(),
                    "a URL with {name} (and {owner}) in it, e.g. \"git://127.0.0.1:9418/{owner}/{name}.git\"",
                ),
            }
        }
        let full = match &clone.mode {
            None => false,
            Some(m) if m.get_ref() == "shallow" => false,
            Some(m) if m.get_ref() == "full" => true,
            Some(m) => {
                self.report(
                    m.span(),
                    format!("no clone mode `{}`", m.get_ref()),
                    "mode is \"shallow\" (the last commits: depth, 1 by default) or \"full\" (the whole history)",
                );
                false
            }
        };
        match (&clone.depth, full) {
            (Some(d), true) => self.report(
                d.span(),
                "a depth with mode = \"full\": a full clone has the whole history",
                "remove depth, or set mode = \"shallow\"",
            ),
            (Some(d), false) => match u32::try_from(*d.get_ref()) {
                Ok(n) if n >= 1 => config.clone_depth = Some(Depth::Commits(n)),
                _ => self.report(
                    d.span(),
                    format!("depth {} is not a number of commits", d.get_ref()),
                    "depth is 1 or more (commits of history a new clone fetches)",
                ),
            },
            (None, true) => config.clone_depth = Some(Depth::Full),
            (None, false) => {}
        }
    }

    fn check_folder(&mut self, folder: Spanned<String>) -> Option<String> {
        let text = folder.get_ref();
        let mut rest = text.as_str();
        while let Some(i) = rest.find('{') {
            let after = &rest[i + 1..];
            let Some(j) = after.find('}') else {
                break;
            };
            let placeholder = &after[..j];
            if placeholder != "owner" && placeholder != "name" {
                self.report(
                    folder.span(),
                    format!("`{{{placeholder}}}` is no placeholder of the working-copy folder"),
                    "folder may name {owner} and {name}, e.g. \"~/src/{name}\"",
                );
                return None;
            }
            rest = &after[j + 1..];
        }
        if text.trim().is_empty() {
            self.report(
                folder.span(),
                "an empty working-copy folder",
                "e.g. folder = \"~/codestudy/{name}\"",
            );
            return None;
        }
        if !text.contains("{name}") {
            self.report(
                folder.span(),
                "the working-copy folder does not name {name}: every repository would go to the same folder",
                "e.g. folder = \"~/src/{name}\"",
            );
            return None;
        }
        Some(text.clone())
    }

    fn check_keys(&mut self, mode: crate::app::Mode, binds: RawKeys, keys: &mut Bindings) {
        // The span each key came from, to blame the right line.
        let mut spans: Vec<(crate::app::keymap::Key, Range<usize>)> = Vec::new();
        // In the file's order (the map sorts them by name).
        let mut binds: Vec<_> = binds.into_iter().collect();
        binds.sort_by_key(|(name, _)| name.span().start);
        for (name, action) in binds {
            let key = match bindings::parse_key(name.get_ref()) {
                Ok(k) => k,
                Err(why) => {
                    self.report(name.span(), why, "see \"Key names\" in the README");
                    continue;
                }
            };
            if let Some((_, first)) = spans.iter().find(|(k, _)| *k == key) {
                let first_line = self.lines.line(first.start);
                self.report(
                    name.span(),
                    format!(
                        "`{}` is bound twice in [keys.{}] (first on line {first_line})",
                        name.get_ref(),
                        bindings::section(mode)
                    ),
                    "keep one of the two",
                );
                continue;
            }
            if let Err(why) = bindings::bindable(mode, key) {
                self.report(name.span(), why, "see \"Key bindings\" in the README");
                continue;
            }
            let action_value = match bindings::parse_action(mode, action.get_ref()) {
                Ok(a) => a,
                Err(why) => {
                    self.report(
                        action.span(),
                        why,
                        "see \"Key bindings\" in the README for what each action does",
                    );
                    continue;
                }
            };
            if action_value.is_none() && !keys.effective(mode).iter().any(|(k, _)| *k == key) {
                self.report(
                    name.span(),
                    format!(
                        "`{}` is not bound in [keys.{}]: there is nothing to unbind",
                        name.get_ref(),
                        bindings::section(mode)
                    ),
                    "remove the line, or check the key's name and the table",
                );
                continue;
            }
            spans.push((key, name.span()));
            keys.insert(mode, key, action_value);
        }
        for (key, message, help) in keys.check(mode) {
            let span = spans
                .iter()
                .find(|(k, _)| *k == key)
                .map_or(0..0, |(_, s)| s.clone());
            self.report(span, message, help);
        }
    }
}

/// How `--version` names the configuration: its path, and whether it is
/// there and sound (a broken one does not stop `--version`).
pub struct Described<'a>(pub Option<&'a ConfigPath>);

impl fmt::Display for Described<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Some(at) = self.0 else {
            return write!(
                f,
                "none (no home directory to find it in; --config names one)"
            );
        };
        let state = if at.path.exists() {
            match load(at) {
                Ok(_) => "",
                Err(_) => " (invalid: any command shows why)",
            }
        } else if at.explicit {
            " (missing)"
        } else {
            " (not there: the defaults)"
        };
        write!(
            f,
            "{}{state}",
            crate::sanitize::sanitize_line(&at.path.display().to_string())
        )
    }
}
