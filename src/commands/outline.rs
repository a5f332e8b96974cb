//! `codestudy outline`: the symbol outline of one file, from disk or from
//! a cached repository (`REPO:PATH`).

use std::process::ExitCode;
use std::sync::atomic::AtomicBool;

use anyhow::{Context as _, Result, bail};
use serde::Serialize;

use super::{Context, emit_line};
use crate::catalog::Catalog;
use crate::cli::OutlineArgs;
use crate::outline::{DEFAULT_SIZE_CAP, Lang, Outline, Symbol, outline};
use crate::repo::{Cache, Content, RepoError, RepoPath, Snapshot};
use crate::sanitize::sanitize_line;

#[derive(Serialize)]
struct JsonOutline<'a> {
    path: &'a str,
    #[serde(flatten)]
    outline: &'a Outline,
}

/// What kind of thing a path that is neither a file nor a directory is.
fn special_kind(ft: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if ft.is_char_device() {
            return "a character device";
        }
        if ft.is_block_device() {
            return "a block device";
        }
        if ft.is_socket() {
            return "a socket";
        }
    }
    let _ = ft;
    "not a regular file"
}

/// Bytes read of a file over the cap, to tell its language.
const SNIFF_BYTES: u64 = 4096;

/// Read a file from disk for its outline: its type and size are looked at
/// before anything is read, so a FIFO or a device is refused without
/// opening it (which could block) and of a file over `cap` only the start
/// is read; at most `cap` + 1 bytes are ever read. Links are followed, as before.
/// Returns the bytes and the file's size.
fn read_disk_file(target: &str, cap: usize) -> Result<(Vec<u8>, u64)> {
    use std::io::Read as _;
    let refuse = |ft: std::fs::FileType| {
        anyhow::anyhow!(
            "{target} is {}; outline takes a regular file",
            special_kind(ft)
        )
    };
    let meta = std::fs::metadata(target).with_context(|| format!("could not read {target}"))?;
    if !meta.is_file() {
        return Err(refuse(meta.file_type()));
    }
    let file = std::fs::File::open(target).with_context(|| format!("could not read {target}"))?;
    // Looked at again on the open file: it may have been replaced.
    let meta = file
        .metadata()
        .with_context(|| format!("could not read {target}"))?;
    if !meta.is_file() {
        return Err(refuse(meta.file_type()));
    }
    // Over the cap only its start is read, to tell its language by a
    // `#!` line.
    let want = if meta.len() > cap as u64 {
        SNIFF_BYTES
    } else {
        cap as u64 + 1
    };
    let mut bytes = Vec::new();
    file.take(want)
        .read_to_end(&mut bytes)
        .with_context(|| format!("could not read {target}"))?;
    // Grown since it was looked at: too large, whatever fstat said.
    let size = meta.len().max(bytes.len() as u64);
    if size > cap as u64 {
        bytes.truncate(SNIFF_BYTES as usize);
    }
    Ok((bytes, size))
}

/// Where the file comes from: a file on disk, or `REPO:PATH` of a clone.
/// A path that exists on disk wins. Returns the name shown, the bytes and
/// the file's size: over `DEFAULT_SIZE_CAP` the bytes are not read.
pub fn load(target: &str, catalog: &Catalog, cache: &Cache) -> Result<(String, Vec<u8>, u64)> {
    let disk = std::path::Path::new(target);
    match std::fs::metadata(disk) {
        Ok(m) if m.is_file() => {
            let (bytes, size) = read_disk_file(target, DEFAULT_SIZE_CAP)?;
            return Ok((target.to_string(), bytes, size));
        }
        // A FIFO, a device or a socket is refused by its type, unopened.
        Ok(m) if !m.is_dir() => {
            bail!(
                "{target} is {}; outline takes a regular file",
                special_kind(m.file_type())
            )
        }
        _ => {}
    }
    let Some((repo_q, path)) = target.split_once(':') else {
        if disk.exists() {
            bail!("{target} is a directory; outline takes a file");
        }
        bail!(
            "no such file: {target} (for a file of a cloned repository write REPO:PATH, e.g. flask:src/flask/app.py)"
        );
    };
    let repo = catalog.find_repo(repo_q)?;
    if !cache.is_cloned(&repo.owner, &repo.name) {
        return Err(RepoError::NotCloned {
            repo: repo.id.clone(),
            name: repo.name.clone(),
        }
        .into());
    }
    let snap = Snapshot::open(&cache.repo_dir(&repo.owner, &repo.name))?;
    let mut rp = RepoPath::parse(path)?;
    let mut read = snap.read_blob(&rp, crate::outline::DEFAULT_SIZE_CAP as u64);
    if let Err(RepoError::PathNotFound { .. }) = &read {
        // Not there: where it went, as `check` resolves a key file.
        let index = crate::repo::PathIndex::new(&snap.list_all(false)?);
        match crate::repo::resolve_key_file(path, &index) {
            crate::repo::Resolution::Moved { to, .. } => {
                eprintln!(
                    "{} is not at HEAD of {}; it moved to {}: the outline of that",
                    sanitize_line(path),
                    repo.id,
                    sanitize_line(&to)
                );
                rp = RepoPath::parse(&to)?;
                read = snap.read_blob(&rp, crate::outline::DEFAULT_SIZE_CAP as u64);
            }
            crate::repo::Resolution::Missing { suggestions } if !suggestions.is_empty() => {
                let names: Vec<String> = suggestions
                    .iter()
                    .map(|s| format!("{}:{}", repo.name, sanitize_line(s)))
                    .collect();
                bail!(
                    "no such path in {}: {}; did you mean {}?",
                    repo.id,
                    sanitize_line(path),
                    names.join(", ")
                );
            }
            _ => {}
        }
    }
    match read? {
        Ok(blob) => {
            let size = blob.bytes.len() as u64;
            Ok((format!("{}:{}", repo.name, rp), blob.bytes, size))
        }
        Err(Content::Directory) => bail!("{target} is a directory; outline takes a file"),
        Err(Content::Symlink { target: t }) => bail!(
            "{target} is a symbolic link to {}; links are not followed",
            sanitize_line(&t)
        ),
        Err(Content::Submodule { .. }) => bail!("{target} is a submodule, which is not fetched"),
        Err(Content::TooLarge { size, cap }) => {
            bail!("{target} is too large to outline ({size} bytes; the cap is {cap})")
        }
        Err(_) => bail!("{target} cannot be outlined: it is not a text file"),
    }
}

pub fn run(args: &OutlineArgs, ctx: &Context) -> Result<ExitCode> {
    let text = render(&args.target, args.json, &ctx.catalog, &ctx.cache())?;
    emit_line(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The outline of `target`, as JSON or as indented text.
pub fn render(target: &str, json: bool, catalog: &Catalog, cache: &Cache) -> Result<String> {
    let (name, bytes, size) = load(target, catalog, cache)?;
    let lang = Lang::detect(&name, &bytes);
    let outline = if size > DEFAULT_SIZE_CAP as u64 {
        // Not read: said as the outline of a file over the cap says it.
        Outline {
            language: lang.map(Lang::name),
            has_errors: false,
            error_lines: Vec::new(),
            symbols: Vec::new(),
            too_large: Some(usize::try_from(size).unwrap_or(usize::MAX)),
        }
    } else {
        outline(lang, &bytes, DEFAULT_SIZE_CAP, &AtomicBool::new(false))
            .context("the outline was cancelled")?
    };
    if json {
        return Ok(crate::sanitize::json_pretty(&JsonOutline {
            path: &name,
            outline: &outline,
        })?);
    }
    Ok(format_text(&name, &outline))
}

/// The indented text form: `class Flask(App)  L109-1520`.
pub fn format_text(name: &str, outline: &Outline) -> String {
    let mut out = String::new();
    let count = outline.flatten().len();
    match (outline.language, outline.too_large) {
        (None, _) => {
            out.push_str(&format!(
                "{}: no outline (not Python, Cython, C or C++)\n",
                sanitize_line(name)
            ));
            return out;
        }
        (Some(_), Some(size)) => {
            out.push_str(&format!(
                "{}: too large to outline ({size} bytes; the cap is {DEFAULT_SIZE_CAP})\n",
                sanitize_line(name)
            ));
            return out;
        }
        (Some(lang), None) => {
            out.push_str(&format!(
                "{} ({lang}, {count} symbols)\n",
                sanitize_line(name)
            ));
        }
    }
    if outline.has_errors {
        let ranges: Vec<String> = outline
            .error_lines
            .iter()
            .map(|(a, b)| {
                if a == b {
                    format!("{a}")
                } else {
                    format!("{a}-{b}")
                }
            })
            .collect();
        out.push_str(&format!("syntax errors at lines {}\n", ranges.join(", ")));
    }
    let mut stack: Vec<(usize, &Symbol)> = outline.symbols.iter().rev().map(|s| (0, s)).collect();
    while let Some((depth, s)) = stack.pop() {
        out.push_str(&"  ".repeat(depth));
        out.push_str(&symbol_line(s));
        out.push('\n');
        stack.extend(s.children.iter().rev().map(|c| (depth + 1, c)));
    }
    out
}

fn symbol_line(s: &Symbol) -> String {
    let mut line = String::new();
    if s.is_async {
        line.push_str("async ");
    }
    line.push_str(s.kind.as_str());
    line.push(' ');
    line.push_str(&sanitize_line(&s.name));
    if let Some(sig) = &s.signature {
        // `(self, x)` and `[T](...)` follow the name; C++ bases do not,
        // nor a macro's arguments (its name ends with what it registers).
        if !sig.starts_with(['(', '[']) || s.kind == crate::outline::SymbolKind::Macro {
            line.push(' ');
        }
        line.push_str(&sanitize_line(sig));
    }
    for d in &s.decorators {
        line.push_str("  @");
        line.push_str(&sanitize_line(d));
    }
    if s.line == s.end_line {
        line.push_str(&format!("  L{}", s.line));
    } else {
        line.push_str(&format!("  L{}-{}", s.line, s.end_line));
    }
    line
}
