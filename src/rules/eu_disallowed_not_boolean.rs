//! `eu-disallowed-not-boolean`: see `docs/rules/eu-disallowed-not-boolean.md`.

use super::anchored::through;
use super::code;
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{word, yaml11_reading, Gate, EU_KEY};
use crate::rule::Rule;
use crate::yaml::{Node, Resolved, Style, Value};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let Some(entry) = gate.eu_disallowed else {
        return;
    };
    let value = gate.doc.resolve(&entry.value);
    if matches!(value.resolved(), Some(Resolved::Bool(_))) {
        return;
    }
    let span = entry.value_span();
    let meant = intended(value);
    let finding = Finding::new(Rule::EuDisallowedNotBoolean, span, message(value))
        .label(format!("{} here", value.describe()))
        .help(help(value, meant));
    // Fix only an untagged, one-line scalar; one reached through an alias is fixed in place
    // only when no other place shares it, else at the alias (`rules::anchored`).
    let fixable = value.tag.is_none()
        && matches!(
            &value.value,
            Value::Scalar {
                style: Style::Plain | Style::SingleQuoted | Style::DoubleQuoted,
                ..
            }
        );
    let finding = match meant.filter(|_| fixable) {
        Some(meant) => finding.fix(Fix {
            description: format!("replace {} with `{meant}`", code(&written(value))),
            edits: vec![Edit {
                span: value.span,
                replacement: meant.to_string(),
            }],
        }),
        _ => finding,
    };
    out.push(through(&gate.sites_of(entry), finding));
}

fn message(value: &Node) -> String {
    // A value compared exactly: shown as written, what it hides included.
    let shown = |text: &str| code(&word(text));
    match value.scalar() {
        Some(text) if value.is_string() => format!(
            "`{EU_KEY}` is the string {} to the Hub, not a boolean; expected `true` or `false`",
            shown(text)
        ),
        Some(text) if value.resolved() != Some(Resolved::Null) => format!(
            "`{EU_KEY}` is {} ({}), not a boolean; expected `true` or `false`",
            value.describe(),
            shown(text)
        ),
        _ => format!(
            "`{EU_KEY}` is {}, not a boolean; expected `true` or `false`",
            value.describe()
        ),
    }
}

fn help(value: &Node, meant: Option<bool>) -> String {
    let reading = match value.style() {
        Some(Style::Plain) if value.tag.is_none() => value.as_str().and_then(yaml11_reading),
        _ => None,
    };
    match (meant, reading) {
        (Some(meant), Some(reading)) => format!(
            "write `{meant}`: only {} read {} as `{}`",
            reading.who,
            code(value.scalar().unwrap_or_default()),
            reading.python
        ),
        (Some(meant), None) => format!("write `{meant}` without quotes: quoted, it is text"),
        (None, _) => format!("write `{EU_KEY}: true` to block users in the EU, or remove the key"),
    }
}

/// The scalar as written, quotes included (`"true"`, `'no'`, `yes`), for the fix's description;
/// it is one of the words `intended` knows, so it holds nothing to escape.
fn written(value: &Node) -> String {
    let text = value.as_str().unwrap_or_default();
    match value.style() {
        Some(Style::DoubleQuoted) => format!("\"{text}\""),
        Some(Style::SingleQuoted) => format!("'{text}'"),
        _ => text.to_string(),
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
