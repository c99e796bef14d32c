//! `eu-disallowed-not-boolean`: see `docs/rules/eu-disallowed-not-boolean.md`.

use crate::finding::Finding;
use crate::gate::EU_KEY;
use crate::rule::Rule;
use crate::yaml::{Node, Resolved, Style, Value};
use crate::{Card, Edit, Fix};

use super::yaml11_ambiguous_scalar::yaml11_reading;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Some(gate) = card.gate else {
        return;
    };
    let Some(entry) = gate.eu_disallowed else {
        return;
    };
    let value = gate.doc.resolve(&entry.value);
    if matches!(value.resolved(), Some(Resolved::Bool(_))) {
        return;
    }
    let span = if entry.value.span.is_empty() {
        entry.key.span
    } else {
        entry.value.span
    };
    let meant = intended(value);
    let mut finding = Finding::new(Rule::EuDisallowedNotBoolean, span, message(value))
        .label(format!("{} here", value.describe()));
    finding = match meant {
        Some(meant) => finding.help(format!("write `{meant}`, a boolean")),
        None => finding.help(format!(
            "write `{EU_KEY}: true` to block users in the EU, or remove the key"
        )),
    };
    // Fix only a scalar written here (not an alias or a merged entry's source shared elsewhere).
    if let (Some(meant), Value::Scalar { .. }) = (meant, &entry.value.value) {
        finding = finding.fix(Fix {
            description: format!("replace with `{meant}`"),
            edits: vec![Edit {
                span: entry.value.span,
                replacement: meant.to_string(),
            }],
        });
    }
    out.push(finding);
}

fn message(value: &Node) -> String {
    let reading = match value.style() {
        Some(Style::Plain) => value.as_str().and_then(yaml11_reading),
        _ => None,
    };
    match (value.as_str(), reading) {
        (Some(text), Some(reading)) => format!(
            "`{EU_KEY}` is the string `{text}` to the Hub, not a boolean (only {} read `{}`); expected `true` or `false`",
            reading.who, reading.python
        ),
        (Some(text), None) => format!(
            "`{EU_KEY}` is the string `{text}`, not a boolean; expected `true` or `false`"
        ),
        _ => match value.scalar() {
            Some(text) if value.resolved() != Some(Resolved::Null) => format!(
                "`{EU_KEY}` is {} (`{text}`), not a boolean; expected `true` or `false`",
                value.describe()
            ),
            _ => format!(
                "`{EU_KEY}` is {}, not a boolean; expected `true` or `false`",
                value.describe()
            ),
        },
    }
}

/// The boolean meant by a word the Hub reads as a string: `yes`, `no`, `on`, `off`, `y`, `n`,
/// or a quoted `"true"` / `'False'`.
fn intended(value: &Node) -> Option<bool> {
    let text = value.as_str()?;
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "on" | "true" => Some(true),
        "no" | "n" | "off" | "false" => Some(false),
        _ => None,
    }
}
