//! Issue forms in the shapes real projects write them (GitHub's own
//! documented example, pydantic's and urllib3's styles), the chooser, and
//! what a hostile file gets.

use super::*;
use crate::study::markdown::Rendered;

fn shown(md: &str) -> String {
    Rendered::new(md, 200)
        .lines
        .iter()
        .map(|l| l.iter().map(|(t, _)| t.as_str()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

const BUG: &str = r#"name: Bug Report
description: File a bug report.
title: "[Bug]: "
labels: ["bug", "triage"]
projects: ["octo-org/1"]
assignees:
  - octocat
type: bug
body:
  - type: markdown
    attributes:
      value: |
        Thanks for taking the time to fill out this **bug report**!
  - type: input
    id: contact
    attributes:
      label: Contact Details
      description: How can we get in touch with you if we need more info?
      placeholder: ex. email@example.com
    validations:
      required: false
  - type: textarea
    id: what-happened
    attributes:
      label: What happened?
      description: Also tell us, what did you expect to happen?
      placeholder: Tell us what you see!
      value: "A bug happened!"
    validations:
      required: true
  - type: dropdown
    id: version
    attributes:
      label: Version
      description: What version of our software are you running?
      options:
        - 1.0.2 (Default)
        - 1.0.3 (Edge)
      default: 0
    validations:
      required: true
  - type: dropdown
    id: browsers
    attributes:
      label: What browsers are you seeing the problem on?
      multiple: true
      options:
        - Firefox
        - Chrome
  - type: textarea
    id: logs
    attributes:
      label: Relevant log output
      description: Please copy and paste any relevant log output.
      render: shell
  - type: checkboxes
    id: terms
    attributes:
      label: Code of Conduct
      description: By submitting this issue, you agree to follow our [Code of Conduct](https://example.com).
      options:
        - label: I agree to follow this project's Code of Conduct
          required: true
        - label: I searched the existing issues
"#;

#[test]
fn a_form_is_shown_as_the_form_a_contributor_sees() {
    let md = to_markdown(".github/ISSUE_TEMPLATE/bug.yml", BUG);
    let text = shown(&md);
    for want in [
        "Issue form: Bug Report — File a bug report.",
        "New issues start with the title [Bug]:",
        "Labels: bug, triage",
        "Assigned to: octocat",
        "Projects: octo-org/1",
        "Issue type: bug",
        "Thanks for taking the time to fill out this bug report!",
        "Contact Details",
        "How can we get in touch with you if we need more info?",
        "ex. email@example.com",
        "What happened? (required)",
        "A bug happened!",
        "Version (required)",
        "Choose one of:",
        "1.0.2 (Default) (the default)",
        "1.0.3 (Edge)",
        "Choose any of:",
        "Firefox",
        "Relevant log output",
        "(empty; what is pasted is shown as shell)",
        "I agree to follow this project's Code of Conduct (required)",
        "I searched the existing issues",
        "Code of Conduct <https://example.com>",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    // No YAML is shown: no keys, no ids.
    for raw in [
        "type: t",
        "type: d",
        "attributes",
        "validations",
        "id: ",
        "what-happened",
    ] {
        assert!(!text.contains(raw), "{raw:?} in:\n{text}");
    }
    // The fields in the file's order.
    let at = |s: &str| text.find(s).unwrap();
    assert!(at("Contact Details") < at("What happened?"));
    assert!(at("What happened?") < at("Version"));
    assert!(
        at("Relevant log output") < at("Code of Conduct (required)")
            || at("Relevant log output") < at("I agree")
    );
    // The value wins over the placeholder, and the shell box says so.
    assert!(!text.contains("Tell us what you see!"), "{text}");
    assert!(md.contains("```shell\n"), "{md}");
}

#[test]
fn labels_written_as_one_string_and_checkboxes_as_strings() {
    let md = to_markdown(
        "f.yaml",
        "name: Feature\ndescription: Ask\nlabels: enhancement, needs triage\nbody:\n- type: checkboxes\n  attributes:\n    label: Checks\n    options:\n    - plain string option\n- type: input\n  attributes:\n    label: '**not bold**'\n",
    );
    let text = shown(&md);
    assert!(text.contains("Labels: enhancement, needs triage"), "{text}");
    assert!(text.contains("plain string option"), "{text}");
    assert!(text.contains("**not bold**"), "a label is text: {text}");
}

#[test]
fn the_chooser_says_whether_blank_issues_are_allowed_and_where_it_points() {
    let md = to_markdown(
        ".github/ISSUE_TEMPLATE/config.yml",
        "blank_issues_enabled: false\ncontact_links:\n  - name: Questions on Discussions\n    url: https://github.com/pallets/flask/discussions/\n    about: Ask questions about your own code on the Discussions tab.\n  - name: Evil\n    url: javascript:alert(1)\n",
    );
    let text = shown(&md);
    assert!(text.contains("A blank issue cannot be opened"), "{text}");
    assert!(
        text.contains("Questions on Discussions <https://github.com/pallets/flask/discussions/>: Ask questions about your own code on the Discussions tab."),
        "{text}"
    );
    assert!(text.contains("- Evil") || text.contains("• Evil"), "{text}");
    assert!(!text.contains("javascript"), "not a link: {text}");
    let open = to_markdown("config.yml", "contact_links: []\n");
    assert!(shown(&open).contains("A blank issue can be opened"));
}

#[test]
fn what_is_not_a_form_or_is_hostile_is_shown_as_written() {
    // A billion laughs: aliases are never expanded.
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let prev = (b'a' + i - 1) as char;
        let this = (b'a' + i) as char;
        bomb.push_str(&format!(
            "{this}: &{this} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
    }
    bomb.push_str("body: [*j]\n");
    let md = to_markdown("bomb.yml", &bomb);
    assert!(
        md.starts_with("Shown as written: it uses a YAML alias"),
        "{md}"
    );
    assert!(md.len() < bomb.len() + 200);
    // Deep nesting: past 32 levels, and far past the parser's own limit.
    let deep = format!("body: {}{}\n", "[".repeat(40), "]".repeat(40));
    let md = to_markdown("deep.yml", &deep);
    assert!(
        md.starts_with("Shown as written: it nests deeper than 32 levels"),
        "{}",
        &md[..80]
    );
    let deeper = format!("body: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let md = to_markdown("deep.yml", &deeper);
    assert!(md.starts_with("Shown as written: it "), "{}", &md[..80]);
    // Not YAML, not a form, too large.
    let md = to_markdown("x.yml", "name: [unclosed\n");
    assert!(
        md.starts_with("Shown as written: it is not valid YAML"),
        "{md}"
    );
    let md = to_markdown("x.yml", "name: Just a name\n");
    assert!(
        md.starts_with("Shown as written: it is not an issue form"),
        "{md}"
    );
    assert!(md.contains("```yaml\nname: Just a name\n"), "{md}");
    let big = format!("name: x\nbody: []\n#{}\n", "x".repeat(300 * 1024));
    assert!(to_markdown("x.yml", &big).starts_with("Shown as written: it is over 256 KiB"));
    // A field type GitHub does not know, and a body entry that is no map.
    let md = to_markdown(
        "x.yml",
        "name: n\nbody:\n- type: slider\n  attributes: {label: L}\n- 42\n",
    );
    let text = shown(&md);
    assert!(
        text.contains("A field of type slider GitHub does not know"),
        "{text}"
    );
    assert!(
        text.contains("A field of type (none) GitHub does not know"),
        "{text}"
    );
}
