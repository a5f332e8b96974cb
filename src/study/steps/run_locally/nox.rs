//! nox's sessions (what `nox -l` lists), read from a noxfile's syntax
//! tree, never by running it: every top-level function decorated with
//! `@nox.session` (or `@session`), with `name=`, `python=` lists (one
//! session per version, `tests-3.12`), `@nox.parametrize` stacks of
//! literal values (`tests(django='4.2')`, or the `ids=`), `default=False`,
//! and `nox.options.sessions`, which selects the defaults. A session whose
//! parameters are not literals is listed under its plain name, which
//! `nox -s` also accepts.
//!
//! The contract test (tests/run_locally_contract.rs) runs `nox -l` on the
//! same files.

use tree_sitter::{Node, Parser};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The name `nox -l` lists.
    pub name: String,
    /// Selected when `nox` runs with no `-s` (`*` in `nox -l`).
    pub default: bool,
}

/// What a noxfile defines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Noxfile {
    /// Its sessions, in `nox -l`'s order.
    pub sessions: Vec<Session>,
    /// The plain names of the sessions defined inside `if`, `for`,
    /// `while`, `try` or `with` blocks: which of them exist, and under
    /// which names, depends on how the file runs, so they are named and
    /// not listed.
    pub conditional: Vec<String>,
}

/// The sessions of a noxfile and those it defines in blocks.
pub fn read(source: &str) -> Noxfile {
    let mut parser = Parser::new();
    if parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .is_err()
    {
        return Noxfile::default();
    }
    let Some(tree) = parser.parse(source, None) else {
        return Noxfile::default();
    };
    let src = source.as_bytes();
    let text = |n: Node| n.utf8_text(src).unwrap_or("");
    let root = tree.root_node();
    let mut selected: Option<Vec<String>> = None;
    let mut found: Vec<(Vec<String>, String, bool)> = Vec::new();
    let mut conditional = Vec::new();
    let mut cursor = root.walk();
    for stmt in root.named_children(&mut cursor) {
        match stmt.kind() {
            "expression_statement" => {
                let Some(a) = stmt.named_child(0).filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                let (Some(left), Some(right)) = (
                    a.child_by_field_name("left"),
                    a.child_by_field_name("right"),
                ) else {
                    continue;
                };
                if text(left) == "nox.options.sessions" {
                    selected = strings(right, src);
                }
            }
            "decorated_definition" => {
                if let Some(s) = session_of(stmt, src) {
                    found.push(s);
                }
            }
            _ => in_blocks(stmt, src, &mut conditional),
        }
    }
    let mut out = Vec::new();
    for (names, plain, default) in found {
        let default = match &selected {
            Some(sel) => sel.iter().any(|s| *s == plain || names.contains(s)),
            None => default,
        };
        out.extend(names.into_iter().map(|name| Session { name, default }));
    }
    Noxfile {
        sessions: out,
        conditional,
    }
}

/// The sessions defined inside the blocks of a top-level `if`, `for`,
/// `while`, `try`, `with` or `match` statement (not in functions or
/// classes), by their plain names.
fn in_blocks(node: Node, src: &[u8], out: &mut Vec<String>) {
    // The statements whose blocks hold statements of the module (as the
    // outline reads them); a decorated definition is looked at below.
    let kind = node.kind();
    if kind == "decorated_definition" || !crate::outline::python::TRANSPARENT.contains(&kind) {
        return;
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        if child.kind() == "decorated_definition" {
            // A session whatever its arguments (`name=f"loop-{v}"`).
            let text = |n: Node| n.utf8_text(src).unwrap_or("");
            let mut decorators = child.walk();
            let session = child
                .named_children(&mut decorators)
                .filter(|d| d.kind() == "decorator")
                .filter_map(|d| d.named_child(0))
                .any(|e| {
                    let callee = match e.kind() {
                        "call" => e.child_by_field_name("function"),
                        _ => Some(e),
                    };
                    callee.is_some_and(|c| matches!(text(c), "nox.session" | "session"))
                });
            if let Some(name) = child
                .child_by_field_name("definition")
                .filter(|f| session && f.kind() == "function_definition")
                .and_then(|f| f.child_by_field_name("name"))
                .map(|n| text(n).to_string())
                && !out.contains(&name)
            {
                out.push(name);
            }
        } else {
            in_blocks(child, src, out);
        }
    }
}

/// One decorated function: its sessions' names, its plain name, and
/// whether it is a default session.
fn session_of(def: Node, src: &[u8]) -> Option<(Vec<String>, String, bool)> {
    let text = |n: Node| n.utf8_text(src).unwrap_or("");
    let function = def.child_by_field_name("definition")?;
    if function.kind() != "function_definition" {
        return None;
    }
    let mut name = text(function.child_by_field_name("name")?).to_string();
    let mut pythons: Option<Vec<String>> = None;
    let mut default = true;
    let mut is_session = false;
    // Parametrize decorators, top first; each a list of (label, repr args).
    let mut params: Vec<Vec<String>> = Vec::new();
    let mut literal = true;
    let mut cursor = def.walk();
    for decorator in def.named_children(&mut cursor) {
        if decorator.kind() != "decorator" {
            continue;
        }
        let expr = decorator.named_child(0)?;
        let (callee, args) = match expr.kind() {
            "call" => (
                text(expr.child_by_field_name("function")?),
                expr.child_by_field_name("arguments"),
            ),
            _ => (text(expr), None),
        };
        match callee {
            "nox.session" | "session" => {
                is_session = true;
                let Some(args) = args else { continue };
                for (key, value) in keywords(args, src) {
                    match key.as_str() {
                        "name" => name = string(value, src)?,
                        "python" | "py" => match value.kind() {
                            "list" | "tuple" => pythons = strings(value, src),
                            _ => {}
                        },
                        "default" => default = text(value) != "False",
                        _ => {}
                    }
                }
            }
            "nox.parametrize" | "parametrize" => match args.and_then(|a| parametrize(a, src)) {
                Some(labels) => params.push(labels),
                None => literal = false,
            },
            _ => {}
        }
    }
    if !is_session {
        return None;
    }
    let mut names: Vec<String> = match &pythons {
        Some(p) => p.iter().map(|v| format!("{name}-{v}")).collect(),
        None => vec![name.clone()],
    };
    // A hostile stack of parametrizations cannot make codestudy build
    // millions of names: past 10,000 the session is shown by its plain name.
    let count = params.iter().try_fold(names.len(), |n, l| {
        n.checked_mul(l.len()).filter(|n| *n <= 10_000)
    });
    if count.is_none() {
        literal = false;
    }
    if literal && !params.is_empty() {
        // The upper decorator varies slowest; a name lists the lower
        // decorator's arguments first.
        let mut combos: Vec<Vec<&str>> = vec![Vec::new()];
        for labels in &params {
            combos = combos
                .iter()
                .flat_map(|c| {
                    labels.iter().map(move |l| {
                        let mut c = c.clone();
                        c.insert(0, l.as_str());
                        c
                    })
                })
                .collect();
        }
        names = names
            .iter()
            .flat_map(|n| combos.iter().map(move |c| format!("{n}({})", c.join(", "))))
            .collect();
    } else if !params.is_empty() {
        names = vec![name.clone()];
    }
    Some((names, name, default))
}

/// A `@nox.parametrize(arg_names, values, ids=…)` call's labels, one per
/// value: the id when given, else `arg='value'` as Python's repr writes
/// it. None when the values are not literals codestudy can write.
fn parametrize(args: Node, src: &[u8]) -> Option<Vec<String>> {
    let mut cursor = args.walk();
    let positional: Vec<Node> = args
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "keyword_argument" && n.kind() != "comment")
        .collect();
    let kw = keywords(args, src);
    let find = |k: &str, pos: usize| {
        kw.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| *v)
            .or_else(|| positional.get(pos).copied())
    };
    let names_node = find("arg_names", 0)?;
    let arg_names: Vec<String> = match names_node.kind() {
        "string" => string(names_node, src)?
            .split(',')
            .map(|s| s.trim().to_string())
            .collect(),
        _ => strings(names_node, src)?,
    };
    let values = find("arg_values_list", 1)?;
    if !matches!(values.kind(), "list" | "tuple") {
        return None;
    }
    let mut cursor = values.walk();
    let items: Vec<Node> = values
        .named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .collect();
    if let Some(ids) = find("ids", 2) {
        let ids = strings(ids, src)?;
        return (ids.len() == items.len()).then_some(ids);
    }
    items
        .iter()
        .map(|item| {
            let reprs: Vec<String> = if arg_names.len() == 1 {
                vec![repr(*item, src)?]
            } else {
                let mut c = item.walk();
                item.named_children(&mut c)
                    .map(|v| repr(v, src))
                    .collect::<Option<_>>()?
            };
            (reprs.len() == arg_names.len()).then(|| {
                arg_names
                    .iter()
                    .zip(reprs)
                    .map(|(n, r)| format!("{n}={r}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            })
        })
        .collect()
}

/// A literal as Python's `repr` writes it: strings in single quotes,
/// numbers, True/False/None.
fn repr(node: Node, src: &[u8]) -> Option<String> {
    let text = node.utf8_text(src).ok()?;
    match node.kind() {
        "string" => {
            let s = string(node, src)?;
            if s.contains(['\\', '\n']) {
                return None;
            }
            Some(if s.contains('\'') && !s.contains('"') {
                format!("\"{s}\"")
            } else if s.contains('\'') {
                return None;
            } else {
                format!("'{s}'")
            })
        }
        "integer" if text.chars().all(|c| c.is_ascii_digit()) => {
            Some(text.trim_start_matches('0').to_string())
                .map(|t| if t.is_empty() { "0".into() } else { t })
        }
        "true" | "false" | "none" => Some(text.to_string()),
        _ => None,
    }
}

fn keywords<'t>(args: Node<'t>, src: &[u8]) -> Vec<(String, Node<'t>)> {
    let mut cursor = args.walk();
    args.named_children(&mut cursor)
        .filter(|n| n.kind() == "keyword_argument")
        .filter_map(|n| {
            let key = n.child_by_field_name("name")?.utf8_text(src).ok()?;
            Some((key.to_string(), n.child_by_field_name("value")?))
        })
        .collect()
}

/// A plain string literal's text (no prefix, no interpolation).
fn string(node: Node, src: &[u8]) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut content = String::new();
    let mut cursor = node.walk();
    for part in node.named_children(&mut cursor) {
        match part.kind() {
            "string_start" => {
                let start = part.utf8_text(src).ok()?;
                if !start.trim_start_matches(['\'', '"']).is_empty() {
                    return None;
                }
            }
            "string_content" => content.push_str(part.utf8_text(src).ok()?),
            "string_end" => {}
            _ => return None,
        }
    }
    Some(content)
}

/// A list or tuple of plain strings.
fn strings(node: Node, src: &[u8]) -> Option<Vec<String>> {
    if !matches!(node.kind(), "list" | "tuple") {
        return None;
    }
    let mut cursor = node.walk();
    node.named_children(&mut cursor)
        .filter(|n| n.kind() != "comment")
        .map(|n| string(n, src))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(src: &str) -> Vec<(String, bool)> {
        read(src)
            .sessions
            .into_iter()
            .map(|s| (s.name, s.default))
            .collect()
    }

    #[test]
    fn sessions_in_blocks_are_named_not_listed() {
        let src = r#"
import sys
import nox

@nox.session
def top(session):
    pass

if sys.platform != "win32":
    @nox.session
    def unix_only(session):
        pass
else:
    @nox.session
    def win_only(session):
        pass

for v in ["a", "b"]:
    @nox.session(name=f"loop-{v}")
    def looped(session):
        pass

try:
    import something
except ImportError:
    @nox.session
    def fallback(session):
        pass

def helper():
    @nox.session
    def inner(session):
        pass
"#;
        let file = read(src);
        assert_eq!(listed(src), [("top".to_string(), true)]);
        assert_eq!(
            file.conditional,
            ["unix_only", "win_only", "looped", "fallback"]
        );
    }

    #[test]
    fn decorator_stacks_names_pythons_and_defaults() {
        let src = r#"
import nox
nox.options.sessions = ["lint", "tests"]

@nox.session
def lint(session):
    """Lint."""

@nox.session(python=["3.10", "3.11"])
def tests(session):
    pass

@nox.session(
    name="docs-live",
    reuse_venv=True,
)
def docs_live(
    session,
):
    pass

def helper():
    pass
"#;
        assert_eq!(
            listed(src),
            [
                ("lint".into(), true),
                ("tests-3.10".into(), true),
                ("tests-3.11".into(), true),
                ("docs-live".into(), false),
            ]
        );
    }

    #[test]
    fn parametrized_sessions_as_nox_names_them() {
        let src = r#"
import nox
@nox.session(python=["3.12"])
@nox.parametrize("django", ["4.2", "5.0"])
@nox.parametrize("n", [1, 2])
def dj(session, django, n):
    pass

@nox.session(default=False)
@nox.parametrize("a", [1, 2], ids=["one", "two"])
def ids(session, a):
    pass
"#;
        let names: Vec<(String, bool)> = listed(src);
        let stack = format!(
            "import nox\n@nox.session\n{}def big(session): pass\n",
            "@nox.parametrize(\"a\", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10])\n".repeat(12)
        );
        assert_eq!(listed(&stack), [("big".to_string(), true)]);
        assert_eq!(
            names,
            [
                ("dj-3.12(n=1, django='4.2')".into(), true),
                ("dj-3.12(n=2, django='4.2')".into(), true),
                ("dj-3.12(n=1, django='5.0')".into(), true),
                ("dj-3.12(n=2, django='5.0')".into(), true),
                ("ids(one)".into(), false),
                ("ids(two)".into(), false),
            ]
        );
    }
}
