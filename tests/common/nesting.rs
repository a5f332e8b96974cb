//! The outline contracts' shared check (included by path, not through
//! `common`, which they do not need).

use std::path::Path;

use codestudy::outline::Symbol;

/// Children lie within their parent's lines, in source order.
pub fn check_nesting(path: &Path, symbols: &[Symbol]) {
    let mut stack: Vec<&Symbol> = symbols.iter().collect();
    while let Some(s) = stack.pop() {
        assert!(
            s.line <= s.end_line,
            "{}: {} ends before it starts",
            path.display(),
            s.name
        );
        for c in &s.children {
            assert!(
                s.line <= c.line && c.end_line <= s.end_line,
                "{}: {} (L{}-{}) is outside {} (L{}-{})",
                path.display(),
                c.name,
                c.line,
                c.end_line,
                s.name,
                s.line,
                s.end_line
            );
        }
        assert!(
            s.children
                .windows(2)
                .all(|w| (w[0].line, w[0].column) <= (w[1].line, w[1].column)),
            "{}: children of {} out of order",
            path.display(),
            s.name
        );
        stack.extend(&s.children);
    }
}
