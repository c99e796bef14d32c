//! `duplicate-select-option`: see `docs/rules/duplicate-select-option.md`.

use std::collections::HashMap;

use super::anchored::through;
use crate::finding::Finding;
use crate::gate::{short, Field, Gate};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for (field, options) in gate.selects() {
        let mut values: HashMap<&str, Span> = HashMap::new();
        let mut labels: HashMap<&str, Span> = HashMap::new();
        for option in options {
            let Some((label, value)) = label_and_value(gate.doc, option) else {
                continue;
            };
            if let Some(first) = values.get(value.0) {
                out.push(through(&field.sites,
                    Finding::new(
                        Rule::DuplicateSelectOption,
                        value.1,
                        message(field, "value", value.0),
                    )
                    .label("given again")
                    .related(*first, "first given here")
                    .help("remove one: a user cannot tell the two apart, and their answers are recorded alike"),
                ));
            } else if let Some(first) = labels.get(label.0) {
                out.push(through(
                    &field.sites,
                    Finding::new(
                        Rule::DuplicateSelectOption,
                        label.1,
                        message(field, "label", label.0),
                    )
                    .label("shown again")
                    .related(*first, "first shown here")
                    .help("give each option its own label: users see two identical choices"),
                ));
            }
            values.entry(value.0).or_insert(value.1);
            labels.entry(label.0).or_insert(label.1);
        }
    }
}

fn message(field: &Field, what: &str, text: &str) -> String {
    format!(
        "select `{}` has the option {what} `{}` twice",
        short(field.label_text),
        short(text)
    )
}

/// A text and where it is written.
type Located<'n> = (&'n str, Span);

/// What the form shows and what it records, with where each is written: a string option is both.
fn label_and_value<'n>(doc: &'n Document, option: &'n Node) -> Option<(Located<'n>, Located<'n>)> {
    if let Some(text) = option.as_str() {
        return Some(((text, option.span), (text, option.span)));
    }
    option.entries()?;
    let get = |key: &str| {
        let node = doc.resolve(&option.get(key)?.value);
        Some((node.as_str()?, node.span))
    };
    Some((get("label")?, get("value")?))
}
