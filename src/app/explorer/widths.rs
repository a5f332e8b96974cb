//! What the tree and the outline need to show their rows whole: the
//! display width of their widest row, drawn as `ui::explorer` draws it
//! (sanitized; markers, indentation and line numbers counted). Measured
//! when the rows are rebuilt, over at most [`MEASURED_ROWS`] rows, and
//! kept in `ExplorerState::wants` for the layout.

use super::KeyFile;
use crate::outline::Symbol;
use crate::repo::{Entry, EntryKind, Resolution};
use crate::sanitize::sanitize_line;
use crate::text::width;

/// Rows measured at most: a directory of 60,000 files costs no more than
/// its first rows (the pane's width is clamped long before).
pub const MEASURED_ROWS: usize = 4000;

/// The key-files block: its heading, and per file its mark, path and
/// where it moved to or the similar paths when it is missing.
pub fn key_files_width(key_files: &[KeyFile]) -> usize {
    let heading = width("★ Key files");
    key_files
        .iter()
        .take(MEASURED_ROWS)
        // What the row needs: the path it opens (and "missing"); the
        // catalog's path of a moved one is shown only when there is room.
        .map(|k| match &k.resolution {
            Resolution::Found { .. } => 3 + width(&sanitize_line(&k.path)),
            Resolution::Moved { to, .. } => 3 + width(&sanitize_line(to)),
            Resolution::Missing { .. } => 3 + width(&sanitize_line(&k.path)) + width(" (missing)"),
        })
        .max()
        .unwrap_or(0)
        .max(heading)
}

/// A tree entry's row: indentation, marker, name, `[submodule]`, `★`.
pub fn entry_width(entry: &Entry, depth: usize, key: bool) -> usize {
    let name = String::from_utf8_lossy(entry.path.file_name());
    let mut w = 2 * depth + 2 + width(&sanitize_line(&name));
    if entry.kind == EntryKind::Submodule {
        w += width(" [submodule]");
    }
    if key {
        w += 2;
    }
    w
}

/// The widest outline row (read and note marks, indentation, kind, name,
/// signature, a space and the line number; decorators are cut, not
/// counted) over the file's first symbols (`Outline::flatten`'s order),
/// or the pane's title if wider, and the digits of the largest line number.
pub fn outline_width(symbols: &[(Vec<&str>, &Symbol)]) -> (usize, usize) {
    let (mut widest, mut digits) = (0, 0);
    for (parents, s) in symbols.iter().take(MEASURED_ROWS) {
        let line_digits = s.line.to_string().len();
        digits = digits.max(line_digits);
        let sig = s
            .signature
            .as_deref()
            .map_or(0, |g| width(&sanitize_line(g)));
        let depth = parents.len();
        let w = 3 + 2 * depth.min(12) + 2 + width(&sanitize_line(&s.name)) + sig + 1 + line_digits;
        widest = widest.max(w);
    }
    let seen = symbols.len();
    if seen > 0 {
        // The pane's title whole, with the counts of read symbols.
        widest = widest.max(width(&format!(" Outline (all) {seen}/{seen} read ")));
    }
    (widest, digits)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;
    use crate::outline::Lang;
    use crate::repo::RepoPath;

    fn entry(path: &str, kind: EntryKind) -> Entry {
        Entry {
            path: RepoPath::parse(path).unwrap(),
            kind,
            size: None,
            id: git2::Oid::ZERO_SHA1,
            executable: false,
        }
    }

    fn outline(src: &str) -> crate::outline::Outline {
        crate::outline::outline(
            Some(Lang::Python),
            src.as_bytes(),
            1 << 20,
            &AtomicBool::new(false),
        )
        .unwrap()
    }

    #[test]
    fn tree_rows_count_indentation_markers_and_stars() {
        // "    " + "  " + "app.py"
        assert_eq!(
            entry_width(&entry("src/flask/app.py", EntryKind::File), 2, false),
            12
        );
        assert_eq!(
            entry_width(&entry("src/flask/app.py", EntryKind::File), 2, true),
            14
        );
        assert_eq!(
            entry_width(&entry("vendor/lib", EntryKind::Submodule), 1, false),
            2 + 2 + 3 + 12
        );
        // A control character is drawn as one stand-in, a wide one as two.
        assert_eq!(entry_width(&entry("a\u{7}b", EntryKind::File), 0, false), 5);
        assert_eq!(entry_width(&entry("日本", EntryKind::File), 0, false), 6);
    }

    #[test]
    fn key_files_count_what_they_show() {
        let k = |path: &str, resolution| KeyFile {
            path: path.into(),
            resolution,
        };
        let found = k(
            "src/flask/app.py",
            Resolution::Found {
                kind: EntryKind::File,
            },
        );
        assert_eq!(key_files_width(std::slice::from_ref(&found)), 3 + 16);
        let moved = k(
            "a.py",
            Resolution::Moved {
                to: "pkg/a/__init__.py".into(),
                kind: EntryKind::File,
                became: crate::repo::Became::Moved,
            },
        );
        // Only the path it opens: the catalog's is shown when there is room.
        assert_eq!(key_files_width(&[moved]), 3 + 17);
        let missing = k(
            "ctx.py",
            Resolution::Missing {
                suggestions: vec!["context.py".into(), "c.py".into()],
            },
        );
        assert_eq!(
            key_files_width(&[missing]),
            // The suggestions are in the footer, not the row.
            width(" ✗ ctx.py (missing)")
        );
        let alone = k(
            "ctx.py",
            Resolution::Missing {
                suggestions: Vec::new(),
            },
        );
        assert_eq!(key_files_width(&[alone]), 3 + 6 + 10);
        // Short names: the heading is the widest.
        let short = k(
            "a",
            Resolution::Found {
                kind: EntryKind::File,
            },
        );
        assert_eq!(key_files_width(&[short]), width("★ Key files"));
    }

    #[test]
    fn outline_rows_count_name_signature_and_line_number() {
        let o = outline("class A:\n    def run_everything(self, x, y):\n        pass\n");
        // Marks (3), indentation, kind and space (2), name, signature,
        // a space and the line number.
        let (w, digits) = outline_width(&o.flatten());
        assert_eq!(w, 3 + 2 + 2 + 14 + width("(self, x, y)") + 1 + 1);
        assert!(w > width(" Outline (all) 2/2 read "));
        assert_eq!(digits, 1);
        let far = format!("{}def f(): pass\n", "\n".repeat(12_344));
        // A short row: the title " Outline (all) 1/1 read " is wider.
        assert_eq!(outline_width(&outline(&far).flatten()), (24, 5));
        assert_eq!(outline_width(&outline("").flatten()), (0, 0));
    }

    #[test]
    fn measuring_stops_after_the_first_rows() {
        let mut src = String::new();
        for i in 0..MEASURED_ROWS {
            src.push_str(&format!("x{i} = 1\n"));
        }
        src.push_str(&format!("{} = 1\n", "y".repeat(300)));
        let (w, _) = outline_width(&outline(&src).flatten());
        let title = width(&format!(" Outline (all) {0}/{0} read ", MEASURED_ROWS + 1));
        assert_eq!(w, title, "the long name past the measured rows");
    }
}
