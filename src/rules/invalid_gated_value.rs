//! `invalid-gated-value`: see `docs/rules/invalid-gated-value.md`.

use super::anchored::through;
use super::code;
use crate::finding::Finding;
use crate::gate::{word, yaml11_reading, Gate};
use crate::rule::Rule;
use crate::yaml::{Node, Resolved, Style};

const ALLOWED: [&str; 4] = ["true", "false", "auto", "manual"];

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let Some(entry) = gate.gated else {
        return;
    };
    let value = gate.doc.resolve(&entry.value);
    match (value.resolved(), value.as_str()) {
        (Some(Resolved::Bool(_)), _) | (_, Some("auto" | "manual")) => return,
        _ => {}
    }
    let span = entry.value_span();
    let help = match nearest(value) {
        Some(near) if ["true", "false"].contains(&near) => {
            format!("did you mean `{near}`? write it unquoted, as a boolean")
        }
        Some(near) => format!("did you mean `{near}`?"),
        None => {
            "write `true`, `false`, `auto` or `manual`; gating itself is set in the repo's settings"
                .into()
        }
    };
    out.push(through(
        &gate.sites_of(entry),
        Finding::new(Rule::InvalidGatedValue, span, message(value))
            .label(format!("{} here", value.describe()))
            .help(help),
    ));
}

fn message(value: &Node) -> String {
    // A value compared exactly: shown as written, what it hides included.
    let shown = |text: &str| code(&word(text));
    let allowed = "expected `true`, `false`, `auto` or `manual`";
    let reading = match value.style() {
        Some(Style::Plain) if value.tag.is_none() => value.as_str().and_then(yaml11_reading),
        _ => None,
    };
    match (value.as_str(), reading) {
        (Some(text), Some(reading)) => format!(
            "`gated` is the string {} to the Hub, though {} read `{}`; {allowed}",
            shown(text),
            reading.who,
            reading.python
        ),
        (Some(text), None) => format!("`gated` is the string {}; {allowed}", shown(text)),
        _ => match value.scalar() {
            Some(text) if value.resolved() != Some(Resolved::Null) => {
                format!(
                    "`gated` is {} ({}); {allowed}",
                    value.describe(),
                    shown(text)
                )
            }
            _ => format!("`gated` is {}; {allowed}", value.describe()),
        },
    }
}

/// The allowed value the author most likely meant.
fn nearest(value: &Node) -> Option<&'static str> {
    let text = value.as_str()?;
    if let Some(reading) = yaml11_reading(text) {
        return match reading.python.as_str() {
            "True" => Some("true"),
            "False" => Some("false"),
            _ => None,
        };
    }
    crate::suggest::nearest(text.trim(), ALLOWED)
}
