//! GitHub issue forms (`.github/ISSUE_TEMPLATE/*.yml`) and the template
//! chooser (`config.yml`) as the form a contributor sees: its name and
//! description, the title and labels a new issue starts with, then each
//! field (its label, description, whether it is required, and its options
//! or an empty box), as Markdown.
//!
//! The YAML comes from an untrusted clone: it is read only when it is
//! small, holds no alias (a `*name` copies a whole subtree: ten nested
//! ones make a billion nodes) and nests at most [`MAX_DEPTH`] deep; other
//! files are shown as they are, as YAML.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::{Yaml, YamlLoader};

use crate::study::markdown::fence_for;
use crate::study::rst::{code_span, escape};

/// Bytes of a form read at most; GitHub's own forms are a few KiB.
const MAX_BYTES: usize = 256 * 1024;
/// Nesting of mappings and sequences read at most.
const MAX_DEPTH: usize = 32;
/// Fields and options shown at most; a note says how many more.
const MAX_ITEMS: usize = 200;

/// A `.yml` of `.github/ISSUE_TEMPLATE/` as Markdown: the form, the
/// chooser's configuration, or (not either, or not read) the YAML as
/// written, in a block.
pub fn to_markdown(path: &str, text: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let doc = load(text);
    let rendered = match &doc {
        Ok(doc) if name == "config.yml" || name == "config.yaml" => chooser(doc),
        Ok(doc) => form(doc),
        Err(_) => None,
    };
    match rendered {
        Some(md) => md,
        None => {
            let why = match doc {
                Err(why) => format!("Shown as written: {why}.\n\n"),
                Ok(_) => {
                    "Shown as written: it is not an issue form (no `body` list of fields).\n\n"
                        .to_string()
                }
            };
            let fence = fence_for(text);
            format!("{why}{fence}yaml\n{text}\n{fence}\n")
        }
    }
}

/// The one document of a small, alias-free, shallow YAML text.
fn load(text: &str) -> Result<Yaml, String> {
    if text.len() > MAX_BYTES {
        return Err(format!(
            "it is over {} KiB, more than a form holds",
            MAX_BYTES / 1024
        ));
    }
    let mut parser = Parser::new_from_str(text);
    let mut depth = 0usize;
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((Event::Alias(_), _)) => {
                return Err("it uses a YAML alias, which GitHub's forms never need".into());
            }
            Ok((Event::MappingStart(..) | Event::SequenceStart(..), _)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(format!("it nests deeper than {MAX_DEPTH} levels"));
                }
            }
            Ok((Event::MappingEnd | Event::SequenceEnd, _)) => depth = depth.saturating_sub(1),
            Ok(_) => {}
            Err(e) => return Err(format!("it is not valid YAML ({e})")),
        }
    }
    let mut docs =
        YamlLoader::load_from_str(text).map_err(|e| format!("it is not valid YAML ({e})"))?;
    match docs.len() {
        0 => Err("it is empty".into()),
        1 => Ok(docs.remove(0)),
        _ => Err("it holds more than one YAML document".into()),
    }
}

/// A scalar as text (GitHub reads `1.0` or `true` as the text written).
fn text(y: &Yaml) -> Option<String> {
    match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A key's value as text; empty when absent or not a scalar.
fn field(y: &Yaml, key: &str) -> String {
    text(&y[key]).unwrap_or_default().trim().to_string()
}

/// A list of scalars, or one scalar written as a comma-separated list
/// (`labels: bug, triage`), as GitHub accepts both.
fn names(y: &Yaml) -> Vec<String> {
    match y {
        Yaml::Array(items) => items.iter().filter_map(text).collect(),
        other => text(other)
            .map(|s| {
                s.split(',')
                    .map(|p| p.trim().to_string())
                    .filter(|p| !p.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }
}

/// Text that stays one line of plain text in Markdown.
fn plain(s: &str) -> String {
    escape(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

fn code_list(items: &[String]) -> String {
    items
        .iter()
        .map(|i| code_span(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The form: a header (its name, description, title, labels, assignees,
/// projects, type), then each field in order.
fn form(doc: &Yaml) -> Option<String> {
    let body = doc["body"].as_vec()?;
    let mut out = String::new();
    let name = field(doc, "name");
    out.push_str(&format!(
        "**Issue form: {}**",
        if name.is_empty() {
            "(no name)".to_string()
        } else {
            plain(&name)
        }
    ));
    let description = field(doc, "description");
    if !description.is_empty() {
        out.push_str(&format!(" — {}", plain(&description)));
    }
    out.push_str("\n\n");
    let mut header = Vec::new();
    let title = text(&doc["title"]).unwrap_or_default();
    if !title.is_empty() {
        header.push(format!(
            "- New issues start with the title {}",
            code_span(&title)
        ));
    }
    for (key, what) in [
        ("labels", "Labels"),
        ("assignees", "Assigned to"),
        ("projects", "Projects"),
    ] {
        let items = names(&doc[key]);
        if !items.is_empty() {
            header.push(format!("- {what}: {}", code_list(&items)));
        }
    }
    let kind = field(doc, "type");
    if !kind.is_empty() {
        header.push(format!("- Issue type: {}", code_span(&kind)));
    }
    if !header.is_empty() {
        out.push_str(&header.join("\n"));
        out.push_str("\n\n");
    }
    for (i, f) in body.iter().enumerate() {
        if i == MAX_ITEMS {
            out.push_str(&format!(
                "*And {} more fields, not shown.*\n\n",
                body.len() - MAX_ITEMS
            ));
            break;
        }
        field_markdown(f, &mut out);
    }
    Some(out)
}

/// One field of a form's body.
fn field_markdown(f: &Yaml, out: &mut String) {
    let kind = field(f, "type");
    let attrs = &f["attributes"];
    if kind == "markdown" {
        // GitHub renders it as Markdown; it is not sent with the issue.
        let value = text(&attrs["value"]).unwrap_or_default();
        out.push_str(value.trim_end());
        out.push_str("\n\n");
        return;
    }
    let label = field(attrs, "label");
    let required = matches!(f["validations"]["required"], Yaml::Boolean(true));
    out.push_str(&format!(
        "#### {}{}\n\n",
        if label.is_empty() {
            "(no label)".to_string()
        } else {
            plain(&label)
        },
        if required { " *(required)*" } else { "" }
    ));
    let description = text(&attrs["description"]).unwrap_or_default();
    if !description.trim().is_empty() {
        out.push_str(description.trim_end());
        out.push_str("\n\n");
    }
    match kind.as_str() {
        "textarea" | "input" => {
            let value = text(&attrs["value"]).unwrap_or_default();
            let placeholder = text(&attrs["placeholder"]).unwrap_or_default();
            let render = field(attrs, "render");
            // The box: what it holds at first, else its placeholder.
            let (inside, note) = if !value.trim().is_empty() {
                (value, "")
            } else if !placeholder.trim().is_empty() {
                (placeholder, "placeholder")
            } else {
                (String::new(), "")
            };
            let inside = match inside.trim_end() {
                "" if render.is_empty() => "(empty)".to_string(),
                "" => format!("(empty; what is pasted is shown as {render})"),
                text => text.to_string(),
            };
            let lang = if !render.is_empty() {
                render.split_whitespace().next().unwrap_or("").to_string()
            } else {
                note.to_string()
            };
            let fence = fence_for(&inside);
            let one_line = kind == "input";
            let body = if one_line {
                inside.lines().next().unwrap_or("").to_string()
            } else {
                inside
            };
            out.push_str(&format!("{fence}{lang}\n{body}\n{fence}\n\n"));
        }
        "dropdown" => {
            let options = names(&attrs["options"]);
            let multiple = matches!(attrs["multiple"], Yaml::Boolean(true));
            let default = attrs["default"].as_i64();
            out.push_str(if multiple {
                "Choose any of:\n\n"
            } else {
                "Choose one of:\n\n"
            });
            for (i, o) in options.iter().enumerate().take(MAX_ITEMS) {
                let mark = if default == Some(i as i64) {
                    " *(the default)*"
                } else {
                    ""
                };
                out.push_str(&format!("- {}{mark}\n", plain(o)));
            }
            more(options.len(), out);
            out.push('\n');
        }
        "checkboxes" => {
            let options = attrs["options"].as_vec().cloned().unwrap_or_default();
            for o in options.iter().take(MAX_ITEMS) {
                let label = match o {
                    Yaml::Hash(_) => field(o, "label"),
                    other => text(other).unwrap_or_default(),
                };
                let required = matches!(o["required"], Yaml::Boolean(true));
                out.push_str(&format!(
                    "- [ ] {}{}\n",
                    plain(&label),
                    if required { " *(required)*" } else { "" }
                ));
            }
            more(options.len(), out);
            out.push('\n');
        }
        other => {
            let other = if other.is_empty() { "(none)" } else { other };
            out.push_str(&format!(
                "*A field of type {} GitHub does not know.*\n\n",
                code_span(other)
            ));
        }
    }
}

fn more(n: usize, out: &mut String) {
    if n > MAX_ITEMS {
        out.push_str(&format!("- *and {} more, not shown*\n", n - MAX_ITEMS));
    }
}

/// The template chooser: whether a blank issue may be opened, and the
/// links it offers instead.
fn chooser(doc: &Yaml) -> Option<String> {
    doc.as_hash()?;
    let mut out = String::from("**The template chooser**\n\n");
    match &doc["blank_issues_enabled"] {
        Yaml::Boolean(false) => {
            out.push_str("- A blank issue cannot be opened: one of the templates must be chosen.\n")
        }
        _ => out.push_str("- A blank issue can be opened as well as the templates.\n"),
    }
    if let Some(links) = doc["contact_links"].as_vec() {
        out.push_str("\nInstead of an issue, it points to:\n\n");
        for l in links.iter().take(MAX_ITEMS) {
            let name = field(l, "name");
            let url = field(l, "url");
            let about = field(l, "about");
            let lower = url.to_ascii_lowercase();
            let name = if name.is_empty() { url.clone() } else { name };
            let link = if lower.starts_with("https://") || lower.starts_with("http://") {
                format!(
                    "[{}]({})",
                    plain(&name),
                    url.replace([' ', '(', ')', '<', '>'], "")
                )
            } else {
                plain(&name)
            };
            if about.is_empty() {
                out.push_str(&format!("- {link}\n"));
            } else {
                out.push_str(&format!("- {link}: {}\n", plain(&about)));
            }
        }
        more(links.len(), &mut out);
    }
    Some(out)
}

#[cfg(test)]
mod tests;
