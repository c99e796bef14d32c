//! Parity with the Hub's parser (issue 2): gatelint reports a YAML-level error
//! (`yaml-syntax-error`, `duplicate-key`, `unknown-tag`) exactly when js-yaml 4 throws.
//!
//! Inputs: the front matter of every fixture under `fixtures/` (extracted with gatelint's own
//! front matter module), and every case under `tests/parity/cases/` (a bare YAML text, linted
//! between fences). All of them go to one node process (`tests/parity/check.js`) as JSON lines.
//! js-yaml comes from `JS_YAML` when set, else the test installs it with npm into
//! `target/test-tools/npm` on its first run (`tests/support/tools.rs`).

use std::path::PathBuf;
use std::process::Command;

use gatelint::Settings;

#[path = "support/driver.rs"]
mod driver;
#[path = "support/files.rs"]
mod files;
#[path = "support/tools.rs"]
mod tools;

/// The rules that say "the Hub's parser throws".
const YAML_RULES: [&str; 3] = ["yaml-syntax-error", "duplicate-key", "unknown-tag"];

struct Input {
    /// Where it came from, for the report.
    name: String,
    /// The YAML text js-yaml is given: the front matter as gatelint locates it.
    yaml: String,
    /// The YAML-level rules gatelint reported.
    gatelint: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The card's front matter as the Hub sees it and gatelint's YAML-level verdict; `None` when the
/// Hub sees no front matter, or it is not UTF-8 (another rule's business).
fn input(name: String, card: &[u8]) -> Option<Input> {
    let (_, yaml) = files::front_matter(card)?;
    let gatelint = gatelint::lint_bytes(card, &Settings::default())
        .into_iter()
        .map(|f| f.rule.name().to_owned())
        .filter(|r| YAML_RULES.contains(&r.as_str()))
        .collect();
    Some(Input {
        name,
        yaml,
        gatelint,
    })
}

fn inputs() -> Vec<Input> {
    let mut out = Vec::new();
    let mut cards = files::with_extension(&root().join("fixtures"), "md");
    cards.sort();
    for path in cards {
        let bytes = std::fs::read(&path).expect("read fixture");
        let name = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        out.extend(input(name, &bytes));
    }
    let mut cases = files::with_extension(&root().join("tests/parity/cases"), "yaml");
    cases.sort();
    assert!(cases.len() >= 50, "the parity corpus is missing");
    for path in cases {
        let text = std::fs::read_to_string(&path).expect("read case");
        let mut card = String::from("---\n");
        card.push_str(&text);
        if !text.ends_with('\n') || text.is_empty() {
            card.push('\n');
        }
        card.push_str("---\n");
        let name = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        let input = input(name.clone(), card.as_bytes())
            .unwrap_or_else(|| panic!("{name}: no front matter between the fences"));
        assert_eq!(
            input.yaml.trim_end_matches(['\r', '\n']),
            text.trim_end_matches(['\r', '\n']),
            "{name}: a case must not contain a fence line"
        );
        out.push(input);
    }
    out
}

/// js-yaml's verdict on each text: `None` when it loads, its message when it throws.
fn js_yaml(texts: &[&str]) -> Vec<Option<String>> {
    let mut node = Command::new("node");
    node.arg(root().join("tests/parity/check.js"))
        .env("JS_YAML", tools::js_yaml());
    driver::json_lines(&mut node, "node (needed for the parity test)", texts)
        .into_iter()
        .map(|v| {
            if v["ok"] == true {
                None
            } else {
                Some(v["error"].as_str().unwrap_or("?").to_owned())
            }
        })
        .collect()
}

/// Cases where gatelint knowingly differs from js-yaml, each with the reason.
/// Reported to the lead; granit-parser's scanner decides these, not gatelint's own code.
const KNOWN: &[(&str, &str)] = &[];

#[test]
fn gatelint_reports_a_yaml_error_exactly_when_js_yaml_throws() {
    let inputs = inputs();
    let texts: Vec<&str> = inputs.iter().map(|i| i.yaml.as_str()).collect();
    let verdicts = js_yaml(&texts);
    let mut disagreements = Vec::new();
    for (input, verdict) in inputs.iter().zip(&verdicts) {
        let ours = !input.gatelint.is_empty();
        let known = KNOWN.iter().any(|(name, _)| input.name.ends_with(name));
        if ours == verdict.is_some() {
            // A known disagreement that no longer disagrees must leave the list.
            if known {
                disagreements.push(format!("{}: agrees now; remove it from KNOWN", input.name));
            }
            continue;
        }
        if known {
            continue;
        }
        disagreements.push(format!(
            "{}\n    gatelint: {}\n    js-yaml:  {}",
            input.name,
            if ours {
                input.gatelint.join(", ")
            } else {
                "no YAML-level error".into()
            },
            verdict.as_deref().unwrap_or("loads")
        ));
    }
    eprintln!(
        "{} inputs, {} rejected by js-yaml",
        inputs.len(),
        verdicts.iter().filter(|v| v.is_some()).count()
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s) with js-yaml 4:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
