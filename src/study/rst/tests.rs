//! Fixtures after the reStructuredText specification's own examples
//! (docutils' "reStructuredText Markup Specification") and the READMEs
//! of the catalog's rST projects.

use super::to_markdown;
use crate::study::markdown::{MdStyle, render};

/// The text a reader sees, a line each.
fn seen(rst: &str) -> Vec<String> {
    render(&to_markdown(rst), 80)
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
        .filter(|l| !l.trim().is_empty())
        .collect()
}

fn has(lines: &[String], want: &str) -> bool {
    lines.iter().any(|l| l == want)
}

#[test]
fn titles_take_levels_in_the_order_their_adornments_appear() {
    let rst = "=================\n Document Title\n=================\n\nIntro.\n\nSection\n=======\n\nText.\n\nSubsection\n----------\n\nMore.\n\nAnother section\n===============\n";
    let lines = seen(rst);
    assert_eq!(
        lines,
        [
            "# Document Title",
            "Intro.",
            "## Section",
            "Text.",
            "### Subsection",
            "More.",
            "## Another section"
        ]
    );
}

#[test]
fn paragraphs_join_their_lines_and_escape_markdown() {
    let lines = seen(
        "This is a paragraph.  It's quite\nshort, with *emphasis*, **strong** and ``literal`` text.\n\n# not a heading, 1. not a list, [not](a link)\n",
    );
    assert_eq!(
        lines[0],
        "This is a paragraph.  It's quite short, with emphasis, strong and literal text."
    );
    assert_eq!(lines[1], "# not a heading, 1. not a list, [not](a link)");
    let styled = render(&to_markdown("*a* **b** ``c``\n"), 80);
    let styles: Vec<MdStyle> = styled[0]
        .iter()
        .filter(|(t, _)| !t.trim().is_empty())
        .map(|(_, s)| *s)
        .collect();
    assert_eq!(styles, [MdStyle::Emphasis, MdStyle::Strong, MdStyle::Code]);
}

#[test]
fn bullet_and_enumerated_lists_nest() {
    let rst = "- This is the first bullet list item.  The blank line above the\n  first list item is required.\n\n- This is the second item.\n\n  - A nested item.\n\n1. One\n2. Two\n\n#. auto\n#. numbered\n\nA. Upper\nB. letters\n";
    let lines = seen(rst);
    assert!(
        lines[0].starts_with("• This is the first bullet list item."),
        "{lines:?}"
    );
    // Wrapped, the item hangs under its text.
    assert_eq!(lines[1], "  is required.");
    assert!(has(&lines, "• This is the second item."), "{lines:?}");
    assert!(has(&lines, "  • A nested item."), "{lines:?}");
    assert!(has(&lines, "1. One") && has(&lines, "2. Two"), "{lines:?}");
    assert!(
        has(&lines, "1. auto") && has(&lines, "2. numbered"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "1. Upper") && has(&lines, "2. letters"),
        "{lines:?}"
    );
}

#[test]
fn literal_blocks_after_double_colons_and_code_block_directives() {
    let rst = "Paragraph::\n\n    Literal *block*\n      indented more\n\nExpanded form: ::\n\n    second\n\n::\n\n    third\n\n.. code-block:: python\n   :linenos:\n\n   import requests\n   r = requests.get('https://x')\n\n>>> print('doctest')\ndoctest\n";
    let lines = seen(rst);
    assert!(has(&lines, "Paragraph:"), "{lines:?}");
    assert!(has(&lines, "    Literal *block*"), "{lines:?}");
    assert!(has(&lines, "      indented more"), "{lines:?}");
    assert!(has(&lines, "Expanded form:"), "{lines:?}");
    assert!(
        has(&lines, "    second") && has(&lines, "    third"),
        "{lines:?}"
    );
    assert!(has(&lines, "    import requests"), "{lines:?}");
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("linenos") || l.contains("code-block")),
        "{lines:?}"
    );
    assert!(has(&lines, "    >>> print('doctest')"), "{lines:?}");
}

#[test]
fn admonitions_are_alerts_and_comments_and_targets_are_hidden() {
    let rst = ".. note:: This is a note\n   on two lines.\n\n.. warning::\n\n   Be careful.\n\n.. This is a comment\n   that goes on.\n\n.. _target: https://example.com\n\n.. versionadded:: 2.0\n   The ``json`` argument.\n\nAfter.\n";
    let lines = seen(rst);
    assert_eq!(
        lines,
        [
            "│ Note",
            "│ This is a note on two lines.",
            "│ Warning",
            "│ Be careful.",
            "New in version 2.0: The json argument.",
            "After."
        ]
    );
}

#[test]
fn references_roles_and_substitutions() {
    let rst = ".. |fetch| replace:: ``fetch()``\n.. |loop| replace:: |loop| again\n\nCalls |fetch| and |loop|.\n\n.. |pypi| image:: https://img.shields.io/pypi/v/x.svg\n   :alt: PyPI version\n.. |logo| image:: logo.png\n\n|pypi| |logo| See `the docs <https://docs.example.com/>`_, the\n`guide`_, :func:`~requests.api.get`, :class:`Session`, :ref:`Quickstart <quickstart>`,\n:pep:`8`, `default role`, a note [1]_ and Requests_.\n";
    let lines = seen(rst);
    assert_eq!(lines[0], "Calls fetch() and loop again.");
    let lines = &lines[1..];
    assert_eq!(
        lines[0],
        "PyPI version See the docs <https://docs.example.com/>, the guide, get, Session,"
    );
    assert_eq!(
        lines[1],
        "Quickstart, PEP 8, default role, a note [1] and Requests."
    );
    let md = to_markdown(rst);
    assert!(md.contains("[the docs](https://docs.example.com/)"), "{md}");
    assert!(md.contains("`get`") && md.contains("`Session`"), "{md}");
    assert!(md.contains("Calls `fetch()` and"), "{md}");
}

#[test]
fn field_and_definition_lists() {
    let rst = ":Author: David Goodger\n:Version: 1.0 of\n   2001/08/08\n\nterm 1\n    Definition 1.\n\nterm 2 : classifier\n    Definition 2.\n";
    let lines = seen(rst);
    assert!(has(&lines, "Author: David Goodger"), "{lines:?}");
    assert!(has(&lines, "Version: 1.0 of 2001/08/08"), "{lines:?}");
    assert!(has(&lines, "term 1"), "{lines:?}");
    assert!(has(&lines, "│ Definition 1."), "{lines:?}");
    assert!(has(&lines, "term 2 classifier"), "{lines:?}");
}

#[test]
fn grid_and_simple_tables_are_tables() {
    let grid = "+------------+------------+\n| Header 1   | Header 2   |\n+============+============+\n| body row 1 | column 2   |\n+------------+------------+\n| row 2      | more       |\n| continued  |            |\n+------------+------------+\n";
    let lines = seen(grid);
    assert_eq!(lines[0], "Header 1        │ Header 2", "{lines:?}");
    assert!(lines[1].starts_with("─────"), "{lines:?}");
    assert_eq!(lines[2], "body row 1      │ column 2");
    assert_eq!(lines[3], "row 2 continued │ more");
    let simple = "=====  =====  ======\n  A      B    A or B\n=====  =====  ======\nFalse  False  False\nTrue   False  True\n=====  =====  ======\n\nAfter.\n";
    let lines = seen(simple);
    assert_eq!(lines[0], "A     │ B     │ A or B", "{lines:?}");
    assert_eq!(lines[2], "False │ False │ False");
    assert_eq!(lines[3], "True  │ False │ True");
    assert!(has(&lines, "After."), "{lines:?}");
}

#[test]
fn block_quotes_transitions_and_line_blocks() {
    let rst =
        "Para.\n\n    Quoted text.\n\n    -- Attribution\n\n----------\n\n| Line one\n| Line two\n";
    let lines = seen(rst);
    assert!(has(&lines, "│ Quoted text."), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("────")), "{lines:?}");
    assert!(
        has(&lines, "Line one") && has(&lines, "Line two"),
        "{lines:?}"
    );
}

#[test]
fn a_readme_like_requests_reads_as_text() {
    let rst = "Requests\n========\n\n**Requests** is a simple, yet elegant, HTTP library.\n\n.. code-block:: python\n\n    >>> import requests\n    >>> r = requests.get('https://httpbin.org/basic-auth/user/pass', auth=('user', 'pass'))\n\nInstalling Requests and Supported Versions\n------------------------------------------\n\nRequests is available on PyPI:\n\n.. code-block:: console\n\n    $ python -m pip install requests\n\nSupported Features & Best–Practices\n-----------------------------------\n\n- Keep-Alive & Connection Pooling\n- International Domains and URLs\n\n.. image:: https://raw.githubusercontent.com/psf/requests/main/ext/kr.png\n   :alt: Kenneth Reitz\n";
    let lines = seen(rst);
    assert_eq!(lines[0], "# Requests");
    assert!(
        has(&lines, "Requests is a simple, yet elegant, HTTP library."),
        "{lines:?}"
    );
    assert!(
        has(&lines, "## Installing Requests and Supported Versions"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "    $ python -m pip install requests"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "## Supported Features & Best–Practices"),
        "{lines:?}"
    );
    assert!(
        has(&lines, "• Keep-Alive & Connection Pooling"),
        "{lines:?}"
    );
    assert!(has(&lines, "Kenneth Reitz"), "{lines:?}");
    // No rST source shows through.
    for l in &lines {
        assert!(
            !l.contains(".. ") && !l.contains("::") && !l.contains("``"),
            "{l}"
        );
    }
    // The shell line is a command to copy.
    let targets = crate::study::markdown::targets(&to_markdown(rst), None);
    assert!(
        targets
            .iter()
            .any(|t| t.text() == "python -m pip install requests"),
        "{targets:?}"
    );
}

#[test]
fn hostile_input_neither_panics_nor_recurses_without_end() {
    let deep: String = (0..200)
        .map(|d| format!("{}- item\n\n", "  ".repeat(d)))
        .collect();
    let _ = seen(&deep);
    let quotes: String = (0..200)
        .map(|d| format!("{}text\n\n", " ".repeat(d * 4)))
        .collect();
    let _ = seen(&quotes);
    for s in [
        "``",
        "`",
        "*",
        "**",
        ":role:`",
        "|",
        "[",
        "..",
        ".. ::",
        "+-",
        "+-+\n|",
        "====  ==\n",
        ":a:",
        "(",
        "#.",
        "\\",
        "é`x`é",
        "`a <`_",
    ] {
        let _ = seen(s);
        let _ = seen(&format!("{s}\n{s}\n\n  {s}"));
    }
}

#[test]
fn a_text_file_written_in_rst_is_told_from_plain_text() {
    use crate::study::rst::looks_like_rst;
    // Django's docs/intro/overview.txt begins like this.
    assert!(looks_like_rst(
        "==================\nDjango at a glance\n==================\n\nBecause Django was developed...\n"
    ));
    assert!(looks_like_rst("Intro\n-----\n\nText.\n"));
    assert!(looks_like_rst(
        "Some text.\n\n.. code-block:: python\n\n    x = 1\n"
    ));
    assert!(looks_like_rst(".. _topics-http:\n\nText\n"));
    // Requirements files, licences and notes are not.
    assert!(!looks_like_rst("pytest>=7\nflask==3.0\n"));
    assert!(!looks_like_rst(
        "Copyright (c) 2010 Pallets\n\nRedistribution and use...\n"
    ));
    assert!(!looks_like_rst(
        "a\n--\nshort rule under a longer line? no: too short\n"
    ));
    assert!(!looks_like_rst("Long title here\n---\n"));
    assert!(!looks_like_rst(".. this is a comment\n"));
}

#[test]
fn doc_references_are_links_and_from_the_root_only_when_the_root_is_known() {
    use crate::study::rst::to_markdown_in;
    let rst = "See :doc:`the models </topics/db/models>` and :doc:`install`.\n";
    let alone = to_markdown(rst);
    assert!(alone.contains("[install](install)"), "{alone}");
    assert!(
        alone.contains("the models") && !alone.contains("](topics"),
        "{alone}"
    );
    let in_tree = to_markdown_in(rst, Some("../"));
    assert!(
        in_tree.contains("[the models](../topics/db/models)"),
        "{in_tree}"
    );
    // A hostile target stays one link to a path: nothing Markdown reads.
    let odd = to_markdown(":doc:`x <a) [b](https://evil.example/>`\n");
    let targets = crate::study::markdown::targets(&odd, Some(""));
    assert_eq!(targets.len(), 1, "{odd} {targets:?}");
}
