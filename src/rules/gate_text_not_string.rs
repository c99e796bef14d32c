//! `gate-text-not-string`: see `docs/rules/gate-text-not-string.md`.

use super::anchored::through;
use super::{clip, code, quote};
use crate::finding::Finding;
use crate::gate::{placeholder, Gate};
use crate::rule::Rule;
use crate::yaml::{Node, Resolved};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for entry in &gate.texts {
        let value = gate.doc.resolve(&entry.value);
        if value.is_string() {
            continue;
        }
        let key = entry.key.scalar().unwrap_or_default();
        let span = entry.value_span();
        let finding = match placeholder(gate.doc, value) {
            Some(written) => Finding::new(Rule::GateTextNotString, span, left_in(key, written))
                .label("a placeholder, read as a mapping")
                .help(format!(
                    "a template placeholder was left in: write the text it stands for, or quote \
                     it to keep it as text: {}",
                    code(&quote(written))
                )),
            None => Finding::new(Rule::GateTextNotString, span, message(key, value))
                .label(format!("{} here", value.describe()))
                .help(help(value)),
        };
        out.push(through(&gate.sites_of(entry), finding));
    }
}

fn message(key: &str, value: &Node) -> String {
    match value.scalar() {
        Some(text) if !is_null(value) => format!(
            "{} is {} ({}), not a string; the Hub expects text here",
            code(key),
            value.describe(),
            code(text)
        ),
        _ => format!(
            "{} is {}, not a string; the Hub expects text here",
            code(key),
            value.describe()
        ),
    }
}

/// A template placeholder (`{{ name }}`) left in, which YAML reads as a mapping.
fn left_in(key: &str, written: &str) -> String {
    format!(
        "{} is the template placeholder {}, which YAML reads as a mapping, not a string; \
         the Hub expects text here",
        code(key),
        code(&clip(written))
    )
}

fn help(value: &Node) -> String {
    match value.scalar() {
        Some(_) if is_null(value) => "write the text after the key (a `>-` block scalar suits long prompts), or remove the key to keep the Hub's default".into(),
        Some(text) => format!(
            "quote it to keep it as text: {}",
            code(&format!("\"{text}\""))
        ),
        None => "write the text as one string: a quoted scalar, or a `>-` or `|` block scalar for long Markdown".into(),
    }
}

fn is_null(value: &Node) -> bool {
    value.resolved() == Some(Resolved::Null)
}
