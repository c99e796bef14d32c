//! `duplicate-select-option`: see `docs/rules/duplicate-select-option.md`.

use std::collections::HashMap;

use super::anchored::{point, through_via};
use super::code;
use crate::finding::Finding;
use crate::gate::{short, Field, Gate, Item};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for (field, options) in gate.selects() {
        // Text → where it was first given, as the author edits it (an aliased option at its
        // alias, see `anchored.rs`).
        let mut values: HashMap<&str, Span> = HashMap::new();
        let mut labels: HashMap<&str, Span> = HashMap::new();
        for item in options {
            let Some((label, value)) = label_and_value(gate.doc, item) else {
                continue;
            };
            let edited = |(_, span, via): Located| point(&field.sites, via, span);
            if let Some(first) = values.get(value.0) {
                out.push(through_via(&field.sites, value.2,
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
                out.push(through_via(
                    &field.sites,
                    label.2,
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
            values.entry(value.0).or_insert(edited(value));
            labels.entry(label.0).or_insert(edited(label));
        }
    }
}

fn message(field: &Field, what: &str, text: &str) -> String {
    format!(
        "select {} has the option {what} {} twice",
        code(&short(field.label_text)),
        code(&short(text))
    )
}

/// A text, where it is written, and the node as written at this use (see `anchored::point`).
type Located<'n> = (&'n str, Span, &'n Node<'n>);

/// What the form shows and what it records, with where each is written: a string option is both.
fn label_and_value<'n>(
    doc: &'n Document,
    item: Item<'n, 'n>,
) -> Option<(Located<'n>, Located<'n>)> {
    let option = item.node;
    if let Some(text) = option.as_str() {
        let located = (text, option.span, item.written);
        return Some((located, located));
    }
    option.entries()?;
    let aliased = !std::ptr::eq(item.written, option);
    let get = |key: &str| {
        let written = &option.get(key)?.value;
        let node = doc.resolve(written);
        let via = if aliased { item.written } else { written };
        Some((node.as_str()?, node.span, via))
    };
    Some((get("label")?, get("value")?))
}
