//! One glob test over every fixture: snapshot its input, its human output (no colour, width 100)
//! and its JSON, and check the file name's promise.
//!
//! - `fixtures/<rule>/valid-*.md`: no finding at all.
//! - `fixtures/<rule>/invalid-*.md`: at least one finding, every one from `<rule>` (or from a
//!   rule that always comes with it: see [`COMPANIONS`]).
//! - `fixtures/cards/ok-*.md`: no error (warnings and infos are allowed); `bad-*.md`: an error.

use std::path::Path;

use gatelint::render::{self, Format, RenderOptions};
use gatelint::{read, Checked, Rule, Settings, Severity};

/// Rules whose findings may come with another rule's: a label that YAML reads as a mapping or a
/// list is one PyYAML cannot hash, so `collection-label` never fires without
/// `python-yaml-incompatible`; nor does a template placeholder left in a gate text, an option or
/// a field's type (`{{ name }}`, a mapping whose key is a mapping). A gate key in a file with no
/// front matter is reported with `missing-front-matter` (the file is a card without its fences).
const COMPANIONS: &[(Rule, Rule)] = &[
    (Rule::StrandedGateKey, Rule::MissingFrontMatter),
    (Rule::CollectionLabel, Rule::PythonYamlIncompatible),
    (Rule::GateTextNotString, Rule::PythonYamlIncompatible),
    (Rule::InvalidSelectOption, Rule::PythonYamlIncompatible),
    (Rule::InvalidFieldSpec, Rule::PythonYamlIncompatible),
];

fn checked(path: &Path) -> Checked {
    let bytes = std::fs::read(path).unwrap();
    let name = path
        .strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    Checked::new(name, &read::prefix_of(&bytes), &Settings::default())
}

/// The snapshot: the input (line-numbered, CR and tabs made visible), then both renderings.
fn snapshot(path: &Path, checked: &Checked) -> String {
    let bytes = std::fs::read(path).unwrap();
    let input = String::from_utf8_lossy(&bytes);
    let mut out = String::from("----- input -----\n");
    for (i, line) in input.split_inclusive('\n').enumerate() {
        let shown = line
            .trim_end_matches('\n')
            .replace('\r', "␍")
            .replace('\t', "␉")
            .replace('\u{FEFF}', "<BOM>");
        out.push_str(&format!("{:>3} | {shown}\n", i + 1));
        if i >= 80 {
            out.push_str("    | …\n");
            break;
        }
    }
    let options = RenderOptions {
        color: false,
        width: 100,
    };
    out.push_str("----- human -----\n");
    out.push_str(&render::file(Format::Human, checked, &options));
    out.push_str("----- json -----\n");
    let mut json = Vec::new();
    let chunks = if checked.findings.is_empty() {
        vec![]
    } else {
        vec![render::file(Format::Json, checked, &options)]
    };
    render::write(Format::Json, &chunks, &mut json).unwrap();
    out.push_str(&String::from_utf8(json).unwrap());
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "**/*.md", |path| {
        let checked = checked(path);
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let dir = path
            .parent()
            .and_then(|p| p.file_name())
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let rules: Vec<&str> = checked.findings.iter().map(|f| f.rule.name()).collect();
        if dir == "cards" {
            let errors = checked.count(Severity::Error);
            if file.starts_with("ok-") {
                assert_eq!(errors, 0, "{dir}/{file} must have no error, got {rules:?}");
            } else if file.starts_with("bad-") {
                assert!(errors > 0, "{dir}/{file} must have an error, got {rules:?}");
            } else {
                panic!("cards/{file}: name it ok-* or bad-*");
            }
        } else {
            let rule =
                Rule::from_name(&dir).unwrap_or_else(|| panic!("fixtures/{dir}: not a rule name"));
            if file.starts_with("valid-") {
                assert!(
                    rules.is_empty(),
                    "{dir}/{file} must be clean, got {rules:?}"
                );
            } else if file.starts_with("invalid-") {
                assert!(!rules.is_empty(), "{dir}/{file} must trigger {rule}");
                assert!(
                    checked
                        .findings
                        .iter()
                        .all(|f| f.rule == rule || COMPANIONS.contains(&(rule, f.rule))),
                    "{dir}/{file} must trigger only {rule}, got {rules:?}"
                );
            } else if !file.ends_with(".fixed.md") {
                panic!("{dir}/{file}: name it valid-* or invalid-*");
            }
        }
        insta::assert_snapshot!(snapshot(path, &checked));
    });
}
