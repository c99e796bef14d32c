//! `empty-gate-text`: see `docs/rules/empty-gate-text.md`.

use super::anchored::through;
use super::code;
use crate::finding::Finding;
use crate::gate::Gate;
use crate::rule::Rule;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for entry in &gate.texts {
        let Some(text) = gate.doc.resolve(&entry.value).as_str() else {
            continue;
        };
        if !text.trim().is_empty() {
            continue;
        }
        let key = entry.key.scalar().unwrap_or_default();
        let span = entry.value_span();
        out.push(through(
            &gate.sites_of(entry),
            Finding::new(Rule::EmptyGateText, span, message(key, text))
                .label("no text")
                .help(format!(
                    "write the text, or remove {} to keep the Hub's default",
                    code(key)
                )),
        ));
    }
}

fn message(key: &str, text: &str) -> String {
    if text.is_empty() {
        format!(
            "{} is an empty string: the form shows nothing in its place",
            code(key)
        )
    } else {
        format!(
            "{} holds only whitespace: the form shows nothing in its place",
            code(key)
        )
    }
}
