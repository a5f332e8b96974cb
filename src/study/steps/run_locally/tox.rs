//! tox's default environments (what `tox -l` lists), read from the
//! checkout's files the way tox 4 reads them: the first of `tox.ini`,
//! `setup.cfg` (`[tox:tox]`), `pyproject.toml` (`[tool.tox]`, native or
//! `legacy_tox_ini`) and `tox.toml` that holds a tox configuration, and its
//! `env_list` (or `envlist`) expanded as tox expands it: generative
//! products `py{310,311}-{a,b}`, empty alternatives `{,-cov}`, ranges
//! `{10-13}`, `{10-}` and `{-13}`, comments, line continuations, factor
//! conditional lines, duplicates dropped in first-seen order. A value tox
//! refuses (`{}`, `py{a`, a space in a name) is refused here too, with the
//! text tox names.
//!
//! The model is tox 4.67's `tox/config/loader/ini/factor.py`; the contract
//! test (tests/run_locally_contract.rs) runs `tox -l` on the same files.

/// The lowest and highest Python 3 minor versions tox fills an open range
/// (`{10-}`, `{-13}`) with (tox 4.67's `LATEST_PYTHON_MINOR_MIN`/`MAX`).
const OPEN_MIN: u32 = 11;
const OPEN_MAX: u32 = 15;

/// Bounds on what a hostile file can make codestudy build: a range of
/// more numbers than this is left as text (which tox's name check then
/// refuses), and a list of more environments is refused.
const MAX_RANGE: u32 = 1000;
const MAX_ENVS: usize = 10_000;

/// What tox's configuration says about the default environments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvList {
    /// No file holds a tox configuration.
    NoConfig,
    /// The environments, in `tox -l`'s order, from `source`; and the
    /// others its configuration defines (`[testenv:docs]`, `[env.lint]`),
    /// which `tox list` shows as "additional environments" and plain
    /// `tox` does not run.
    Envs {
        source: String,
        envs: Vec<String>,
        additional: Vec<String>,
    },
    /// tox would refuse the file: `reason` says why.
    Invalid { source: String, reason: String },
}

/// The default environments of the checkout whose root files are `files`
/// (name, text), in the order tox looks for them.
pub fn env_list(files: &[(String, String)]) -> EnvList {
    let find = |name: &str| {
        files
            .iter()
            .find(|(p, _)| p.eq_ignore_ascii_case(name))
            .map(|(p, t)| (p.clone(), t.as_str()))
    };
    let invalid = |source: &str, reason: String| EnvList::Invalid {
        source: source.to_string(),
        reason,
    };
    if let Some((path, text)) = find("tox.ini") {
        return ini_env_list(&path, text, "tox");
    }
    if let Some((path, text)) = find("setup.cfg")
        && ini_sections(text).is_ok_and(|s| s.iter().any(|(name, _)| name == "tox:tox"))
    {
        return ini_env_list(&path, text, "tox:tox");
    }
    if let Some((path, text)) = find("pyproject.toml") {
        match text.parse::<toml::Table>() {
            Err(e) => return invalid(&path, format!("not TOML: {}", e.message())),
            Ok(doc) => {
                if let Some(tox) = doc
                    .get("tool")
                    .and_then(|t| t.as_table())
                    .and_then(|t| t.get("tox"))
                    .and_then(|t| t.as_table())
                {
                    if tox.keys().any(|k| k != "legacy_tox_ini") {
                        return toml_env_list(&path, tox);
                    }
                    if let Some(ini) = tox.get("legacy_tox_ini").and_then(|v| v.as_str()) {
                        return ini_env_list(&path, ini, "tox");
                    }
                }
            }
        }
    }
    if let Some((path, text)) = find("tox.toml") {
        return match text.parse::<toml::Table>() {
            Err(e) => invalid(&path, format!("not TOML: {}", e.message())),
            Ok(doc) => toml_env_list(&path, &doc),
        };
    }
    EnvList::NoConfig
}

fn ini_env_list(path: &str, text: &str, section: &str) -> EnvList {
    let sections = match ini_sections(text) {
        Ok(s) => s,
        Err(reason) => {
            return EnvList::Invalid {
                source: path.to_string(),
                reason,
            };
        }
    };
    let values = sections
        .iter()
        .find(|(name, _)| name == section)
        .map(|(_, pairs)| pairs.as_slice())
        .unwrap_or_default();
    let raw = ["env_list", "envlist"]
        .iter()
        .find_map(|key| values.iter().find(|(k, _)| k == key))
        .map(|(_, v)| v.as_str())
        .unwrap_or("");
    match expand_value(&process_raw(raw)) {
        Ok(envs) => {
            // Section names are generative too (`[testenv:{docs,lint}]`).
            let defined = sections
                .iter()
                .filter_map(|(name, _)| name.strip_prefix("testenv:"))
                .flat_map(|env| expand_line(env).unwrap_or_default());
            EnvList::Envs {
                source: path.to_string(),
                additional: additional(&envs, defined),
                envs,
            }
        }
        Err(reason) => EnvList::Invalid {
            source: path.to_string(),
            reason: format!("tox cannot read the env list: `{reason}`"),
        },
    }
}

fn toml_env_list(path: &str, table: &toml::Table) -> EnvList {
    let invalid = |reason: &str| EnvList::Invalid {
        source: path.to_string(),
        reason: reason.to_string(),
    };
    let defined: Vec<String> = table
        .get("env")
        .and_then(|e| e.as_table())
        .map(|e| e.keys().cloned().collect())
        .unwrap_or_default();
    let Some(value) = table.get("env_list").or_else(|| table.get("envlist")) else {
        return EnvList::Envs {
            source: path.to_string(),
            envs: Vec::new(),
            additional: additional(&[], defined),
        };
    };
    let Some(items) = value.as_array() else {
        return invalid("env_list is not a list");
    };
    let mut envs = Vec::new();
    for item in items {
        match item {
            toml::Value::String(s) => envs.push(s.clone()),
            toml::Value::Table(t) if t.contains_key("product") => {
                let Some(groups) = t.get("product").and_then(|g| g.as_array()) else {
                    return invalid("a product is not a list of factor groups");
                };
                let mut names = vec![String::new()];
                for (k, group) in groups.iter().enumerate() {
                    let Some(factors) = factor_group(group) else {
                        return invalid("a factor group is not a list, a range or a labeled group");
                    };
                    if names.len().saturating_mul(factors.len()) > MAX_ENVS {
                        return invalid("the product makes over 10000 environments");
                    }
                    names = names
                        .iter()
                        .flat_map(|n| {
                            factors.iter().map(move |f| {
                                if k == 0 {
                                    f.clone()
                                } else {
                                    format!("{n}-{f}")
                                }
                            })
                        })
                        .collect();
                }
                if groups.is_empty() {
                    names.clear();
                }
                let exclude: Vec<&str> = t
                    .get("exclude")
                    .and_then(|e| e.as_array())
                    .map(|e| e.iter().filter_map(|v| v.as_str()).collect())
                    .unwrap_or_default();
                envs.extend(names.into_iter().filter(|n| !exclude.contains(&n.as_str())));
            }
            other => match factor_group(other) {
                Some(factors) if other.is_table() => envs.extend(factors),
                _ => return invalid("an env_list item is not a name, a product or a range"),
            },
        }
    }
    let envs = dedup(envs);
    EnvList::Envs {
        source: path.to_string(),
        additional: additional(&envs, defined),
        envs,
    }
}

/// The environments `defined` that are not default ones, once each, in
/// their order (as `tox list` shows them), at most [`MAX_ENVS`] of the
/// first [`MAX_ENVS`] times 4 names.
fn additional(envs: &[String], defined: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen: std::collections::HashSet<String> = envs.iter().cloned().collect();
    let mut out: Vec<String> = Vec::new();
    for env in defined.into_iter().take(MAX_ENVS * 4) {
        if out.len() == MAX_ENVS {
            break;
        }
        if seen.insert(env.clone()) {
            out.push(env);
        }
    }
    out
}

/// A TOML factor group: a list of names, a range `{prefix, start, stop}`,
/// or a labeled group `{label = [...]}` / `{label = {values = [...]}}`.
fn factor_group(group: &toml::Value) -> Option<Vec<String>> {
    let range = |t: &toml::Table| -> Option<Vec<String>> {
        let prefix = t.get("prefix")?.as_str()?;
        let start = t
            .get("start")
            .map(|v| v.as_integer())
            .map(|v| v.map(|v| v as u32));
        let stop = t
            .get("stop")
            .map(|v| v.as_integer())
            .map(|v| v.map(|v| v as u32));
        let minors = match (start, stop) {
            (None, None) | (Some(None), _) | (_, Some(None)) => return None,
            (Some(Some(a)), Some(Some(b))) if b.saturating_sub(a) <= MAX_RANGE => (a..=b).collect(),
            (Some(Some(_)), Some(Some(_))) => return None,
            (a, b) => open_range(a.flatten(), b.flatten()),
        };
        Some(minors.iter().map(|m| format!("{prefix}{m}")).collect())
    };
    let strings = |v: &toml::Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|i| match i {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Integer(n) => Some(n.to_string()),
                _ => None,
            })
            .collect()
    };
    match group {
        toml::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        toml::Value::Table(t) if t.contains_key("prefix") => range(t),
        toml::Value::Table(t) if t.len() == 1 => {
            let (_, values) = t.iter().next()?;
            match values {
                toml::Value::Table(v) if v.contains_key("prefix") => range(v),
                toml::Value::Table(v) => strings(v.get("values")?),
                v => strings(v),
            }
        }
        _ => None,
    }
}

/// An INI section: its name and its `key = value` pairs.
type Section = (String, Vec<(String, String)>);

/// An INI file's sections as Python's `configparser` reads them (what tox
/// uses): keys lowercased, `=` or `:` between key and value, continuation
/// lines indented deeper than their key, full-line `#`/`;` comments
/// dropped, each value line stripped, trailing empty lines dropped.
fn ini_sections(text: &str) -> Result<Vec<Section>, String> {
    let mut sections: Vec<Section> = Vec::new();
    let mut key_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        let indent = line.len() - line.trim_start().len();
        if t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if t.is_empty() {
            if let (Some(_), Some((_, pairs))) = (key_indent, sections.last_mut())
                && let Some((_, v)) = pairs.last_mut()
            {
                v.push('\n');
            }
            continue;
        }
        if let (Some(ki), Some((_, pairs))) = (key_indent, sections.last_mut())
            && indent > ki
            && let Some((_, v)) = pairs.last_mut()
        {
            v.push('\n');
            v.push_str(t);
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') && indent == 0 {
            let name = t[1..t.len() - 1].to_string();
            if sections.iter().any(|(s, _)| *s == name) {
                return Err(format!("line {}: section '{name}' already exists", n + 1));
            }
            sections.push((name, Vec::new()));
            key_indent = None;
            continue;
        }
        let Some((_, pairs)) = sections.last_mut() else {
            return Err(format!("line {}: text before the first [section]", n + 1));
        };
        let Some(at) = t.find(['=', ':']) else {
            return Err(format!(
                "line {}: neither `key = value` nor a [section]",
                n + 1
            ));
        };
        pairs.push((
            t[..at].trim().to_lowercase(),
            t[at + 1..].trim().to_string(),
        ));
        key_indent = Some(indent);
    }
    for (_, pairs) in &mut sections {
        for (_, v) in pairs.iter_mut() {
            let trimmed = v.trim_end_matches('\n').len();
            v.truncate(trimmed);
        }
    }
    Ok(sections)
}

/// tox's `process_raw`: comments stripped (`#` not after `\`), `\#`
/// unescaped, lines of factors that do not hold dropped, `\` line
/// continuations joined.
fn process_raw(value: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in value.split('\n').filter(|l| !l.starts_with('#')) {
        let bytes = line.as_bytes();
        let cut = (0..bytes.len())
            .find(|&k| bytes[k] == b'#' && (k == 0 || bytes[k - 1] != b'\\'))
            .map(|k| line[..k].trim_end_matches(char::is_whitespace).len())
            .unwrap_or(line.len());
        lines.push(line[..cut].replace("\\#", "#").replace('\r', ""));
    }
    // filter_for_env with no environment name: a line `factors: content`
    // holds when its factors are the platform's or the machine's.
    let current = [platform(), std::env::consts::ARCH];
    let mut kept: Vec<&str> = Vec::new();
    let mut active_continuation = false;
    let mut pending_skip = false;
    for line in &lines {
        let (groups, content) = factor_prefix(line);
        match groups {
            None => {
                if pending_skip && !active_continuation && !content.ends_with('\\') {
                    pending_skip = false;
                    continue;
                }
                if !content.is_empty() {
                    kept.push(content);
                    active_continuation = content.ends_with('\\');
                }
                pending_skip = false;
            }
            Some(groups) => {
                let holds = groups.iter().any(|g| {
                    g.iter().all(|f| {
                        let (name, negate) = match f.strip_prefix('!') {
                            Some(n) => (n, true),
                            None => (f.as_str(), false),
                        };
                        current.contains(&name) ^ negate
                    })
                });
                if holds {
                    kept.push(content);
                    active_continuation = content.ends_with('\\');
                    pending_skip = false;
                } else {
                    pending_skip = content.ends_with('\\');
                }
            }
        }
    }
    kept.join("\n").replace("\\\n", "")
}

fn platform() -> &'static str {
    match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        os => os,
    }
}

/// A line's factor condition (`py38,lint: content`), as tox finds it: the
/// text before the first `:` followed by a space or the line's end, when it
/// reads as factors.
fn factor_prefix(line: &str) -> (Option<Vec<Vec<String>>>, &str) {
    let bytes = line.as_bytes();
    let marker = (0..bytes.len()).find(|&k| {
        bytes[k] == b':' && (k + 1 == bytes.len() || (bytes[k + 1] as char).is_whitespace())
    });
    let Some(at) = marker else {
        return (None, line);
    };
    match expand_line(line[..at].trim()) {
        Ok(envs) => (
            Some(
                envs.iter()
                    .map(|e| e.split('-').map(str::to_string).collect())
                    .collect(),
            ),
            line[at + 1..].trim(),
        ),
        Err(_) => (None, line),
    }
}

/// An env list value, each line expanded, duplicates dropped.
fn expand_value(value: &str) -> Result<Vec<String>, String> {
    let mut envs = Vec::new();
    for line in value.split('\n') {
        envs.extend(expand_line(line)?);
    }
    Ok(dedup(envs))
}

fn dedup(envs: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    envs.into_iter()
        .filter(|e| seen.insert(e.clone()))
        .collect()
}

/// One line of an env list: ranges expanded, then split at the commas
/// outside braces, each part the product of its brace groups. Err holds
/// the name tox refuses.
pub fn expand_line(line: &str) -> Result<Vec<String>, String> {
    let line = expand_ranges(line);
    let mut out = Vec::new();
    for part in split_outside_braces(&line) {
        let part = part.trim();
        // Literal text and `{…}` groups, alternately; a `{` with no `}`
        // (or `{}`) is literal text, which the factor check refuses.
        let mut elements: Vec<Vec<String>> = Vec::new();
        let mut rest = part;
        while !rest.is_empty() {
            match brace_group(rest) {
                Some((start, end)) => {
                    elements.push(vec![rest[..start].trim().to_string()]);
                    elements.push(
                        rest[start + 1..end]
                            .split(',')
                            .map(|s| s.trim().to_string())
                            .collect(),
                    );
                    rest = &rest[end + 1..];
                }
                None => {
                    elements.push(vec![rest.trim().to_string()]);
                    rest = "";
                }
            }
        }
        let count = elements.iter().try_fold(1usize, |n, a| {
            n.checked_mul(a.len()).filter(|n| *n <= MAX_ENVS)
        });
        if count.is_none() {
            return Err(format!("{part} (over {MAX_ENVS} environments)"));
        }
        let mut variants = vec![String::new()];
        for alternatives in &elements {
            variants = variants
                .iter()
                .flat_map(|v| alternatives.iter().map(move |a| format!("{v}{a}")))
                .collect();
        }
        for v in variants {
            if !v.split('-').all(factor_ok) {
                return Err(v);
            }
            out.push(v);
        }
    }
    Ok(out)
}

/// The first `{…}` with at least one character and no `}` inside.
fn brace_group(s: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(open) = s[from..].find('{').map(|k| k + from) {
        let close = s[open + 1..].find('}').map(|k| k + open + 1)?;
        if close > open + 1 {
            return Some((open, close));
        }
        from = open + 1;
    }
    None
}

/// The parts of a line between the commas that are not inside a brace
/// group (tox's `((?:\{[^}]+\})+)|,` split), empty parts dropped.
fn split_outside_braces(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut k = 0;
    let bytes = line.as_bytes();
    while k < bytes.len() {
        if bytes[k] == b'{'
            && let Some(close) = line[k + 1..].find('}')
            && close > 0
        {
            k += close + 2;
            continue;
        }
        if bytes[k] == b',' {
            parts.push(&line[start..k]);
            start = k + 1;
        }
        k += 1;
    }
    parts.push(&line[start..]);
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

/// A factor as tox allows it: empty, or an optional `!`, then word
/// characters, `.`, `*`, `?`, `[`, `]` (`!` only right after `[`).
fn factor_ok(f: &str) -> bool {
    let f = f.strip_prefix('!').unwrap_or(f);
    let mut prev = ' ';
    f.chars().all(|c| {
        let ok = c.is_alphanumeric()
            || matches!(c, '_' | '.' | '*' | '?' | '[' | ']')
            || (c == '!' && prev == '[');
        prev = c;
        ok
    })
}

fn open_range(start: Option<u32>, stop: Option<u32>) -> Vec<u32> {
    let first = start.unwrap_or(OPEN_MIN);
    let last = stop
        .unwrap_or(OPEN_MAX)
        .min(first.saturating_add(MAX_RANGE));
    let v: Vec<u32> = (first..=last).collect();
    if v.is_empty() {
        vec![if start.is_none() { last } else { first }]
    } else {
        v
    }
}

/// tox's `expand_ranges`: a number range followed by `,` or `}` becomes
/// its numbers, comma-separated: `10-13`, `10-` and (after `{` or `,`)
/// `-13`; a range is only opened where no word character, `.` or `-` comes
/// before it, so `py-django-4-2` stays one name.
fn expand_ranges(value: &str) -> String {
    let b = value.as_bytes();
    let digits = |from: usize| {
        let mut k = from;
        while k < b.len() && b[k].is_ascii_digit() {
            k += 1;
        }
        k
    };
    let delimiter = |k: usize| k < b.len() && (b[k] == b',' || b[k] == b'}');
    let word_before = |k: usize| {
        k > 0 && {
            let c = value[..k].chars().next_back().unwrap_or(' ');
            c.is_alphanumeric() || c == '_' || c == '.' || c == '-'
        }
    };
    let mut out = String::with_capacity(value.len());
    let mut k = 0;
    while k < b.len() {
        let num = |s: usize, e: usize| value[s..e].parse::<u32>().ok();
        if b[k].is_ascii_digit() && !word_before(k) {
            let e1 = digits(k);
            if e1 < b.len() && b[e1] == b'-' {
                let e2 = digits(e1 + 1);
                if e2 > e1 + 1
                    && delimiter(e2)
                    && let (Some(a), Some(z)) = (num(k, e1), num(e1 + 1, e2))
                    && a.abs_diff(z) <= MAX_RANGE
                {
                    let list: Vec<u32> = if a <= z {
                        (a..=z).collect()
                    } else {
                        (z..=a).rev().collect()
                    };
                    out.push_str(&join(&list));
                    out.push(b[e2] as char);
                    k = e2 + 1;
                    continue;
                }
                if delimiter(e1 + 1)
                    && let Some(a) = num(k, e1)
                {
                    out.push_str(&join(&open_range(Some(a), None)));
                    out.push(b[e1 + 1] as char);
                    k = e1 + 2;
                    continue;
                }
            }
        }
        if b[k] == b'-' && k > 0 && (b[k - 1] == b'{' || b[k - 1] == b',') {
            let e = digits(k + 1);
            if e > k + 1
                && delimiter(e)
                && let Some(z) = num(k + 1, e)
            {
                out.push_str(&join(&open_range(None, Some(z))));
                out.push(b[e] as char);
                k = e + 1;
                continue;
            }
        }
        if b[k].is_ascii_digit() {
            // A single number (with its delimiter) is left as it is, and
            // consumed: the next number's scan starts after it.
            let e = digits(k);
            if delimiter(e) {
                out.push_str(&value[k..=e]);
                k = e + 1;
                continue;
            }
            out.push_str(&value[k..e]);
            k = e;
            continue;
        }
        let c = value[k..].chars().next().unwrap_or(' ');
        out.push(c);
        k += c.len_utf8();
    }
    out
}

fn join(list: &[u32]) -> String {
    list.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envs(ini: &str) -> Vec<String> {
        match env_list(&[("tox.ini".into(), ini.into())]) {
            EnvList::Envs { envs, .. } => envs,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn products_ranges_empty_alternatives_and_duplicates() {
        assert_eq!(
            envs("[tox]\nenvlist = py{38,39}-{default, use_chardet_on_py3}, docs\n"),
            [
                "py38-default",
                "py38-use_chardet_on_py3",
                "py39-default",
                "py39-use_chardet_on_py3",
                "docs"
            ]
        );
        assert_eq!(
            envs("[tox]\nenv_list =\n  py3{11-12}{,-cov}\n  py311\n"),
            ["py311", "py311-cov", "py312", "py312-cov"]
        );
        assert_eq!(
            envs("[tox]\nenvlist = d{5-3}, x{-12}\n"),
            ["d5", "d4", "d3", "x11", "x12"]
        );
        assert_eq!(envs("[tox]\nenvlist = py-django-4-2\n"), ["py-django-4-2"]);
    }

    #[test]
    fn comments_continuations_and_factor_lines() {
        assert_eq!(
            envs("[tox]\nenvlist = a, # one\n  # whole line\n  b\\\n  c\n  lint, type: x\n"),
            ["a", "bc"]
        );
    }

    #[test]
    fn what_tox_refuses_is_refused() {
        for bad in ["{}", "py{a", "a b"] {
            let got = env_list(&[("tox.ini".into(), format!("[tox]\nenvlist = {bad}\n"))]);
            assert!(matches!(got, EnvList::Invalid { .. }), "{bad}: {got:?}");
        }
    }

    #[test]
    fn hostile_sizes_are_bounded() {
        let huge = "[tox]\nenvlist = py{1-4000000000}, {a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}\n";
        let got = env_list(&[("tox.ini".into(), huge.into())]);
        assert!(matches!(got, EnvList::Invalid { .. }), "{got:?}");
        let toml = "env_list = [{ product = [{ prefix = \"py3\", start = 0, stop = 4000000000 }] }, { prefix = \"x\", stop = 4000000000 }]\n";
        let got = env_list(&[("tox.toml".into(), toml.into())]);
        assert!(matches!(got, EnvList::Invalid { .. }), "{got:?}");
    }

    #[test]
    fn toml_lists_products_and_the_order_of_sources() {
        let pyproject = "[tool.tox]\nenv_list = [\"3.13\", { product = [[\"a\", \"b\"], { prefix = \"py3\", start = 12, stop = 13 }], exclude = [\"b-py313\"] }]\n";
        let got = env_list(&[("pyproject.toml".into(), pyproject.into())]);
        assert_eq!(
            got,
            EnvList::Envs {
                source: "pyproject.toml".into(),
                additional: Vec::new(),
                envs: vec![
                    "3.13".into(),
                    "a-py312".into(),
                    "a-py313".into(),
                    "b-py312".into()
                ]
            }
        );
        // tox.ini comes first; a setup.cfg without [tox:tox] is no source.
        let files = vec![
            (
                "setup.cfg".to_string(),
                "[metadata]\nname = x\n".to_string(),
            ),
            ("tox.toml".to_string(), "env_list = [\"t\"]\n".to_string()),
        ];
        assert!(matches!(env_list(&files), EnvList::Envs { envs, .. } if envs == ["t"]));
    }
}
