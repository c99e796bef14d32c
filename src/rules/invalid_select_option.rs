//! `invalid-select-option`: see `docs/rules/invalid-select-option.md`.

use super::anchored::through_via;
use super::{clip, code, quote};
use crate::finding::Finding;
use crate::gate::{hidden, merged_entries, placeholder, short, word, Field, Gate, Item};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node, Value};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for (field, options) in gate.selects() {
        for item in options {
            let option = item.node;
            match &option.value {
                Value::Scalar { .. } if option.is_string() => {}
                Value::Scalar { text, .. } => {
                    let what = option.describe();
                    let help = if option.span.is_empty() {
                        "write the choice after the `-`, or remove the empty item".to_string()
                    } else {
                        format!(
                            "quote it to make it a string: {}",
                            code(&format!("'{}'", short(text)))
                        )
                    };
                    out.push(through_via(
                        &field.sites,
                        item.written,
                        Finding::new(
                            Rule::InvalidSelectOption,
                            at(option),
                            message(field, &format!("an option that is {what}")),
                        )
                        .label(format!("{what}, not a string"))
                        .help(help),
                    ));
                }
                Value::Seq(_) => out.push(through_via(
                    &field.sites,
                    item.written,
                    Finding::new(
                        Rule::InvalidSelectOption,
                        option.span,
                        message(field, "an option that is a list"),
                    )
                    .label("a list, not a choice")
                    .help("write each choice as its own item of `options`"),
                )),
                Value::Map(_) => match placeholder(gate.doc, option) {
                    Some(written) => out.push(through_via(
                        &field.sites,
                        item.written,
                        Finding::new(
                            Rule::InvalidSelectOption,
                            option.span,
                            message(field, &format!("an option that is {}", left_in(written))),
                        )
                        .label("a placeholder, read as a mapping")
                        .help(format!(
                            "a template placeholder was left in: write the choice it stands for, \
                             or quote it to keep it as text: {}",
                            code(&quote(written))
                        )),
                    )),
                    None => check_mapping(gate.doc, field, item, out),
                },
                Value::Alias(_) => {}
            }
        }
    }
}

fn message(field: &Field, what: &str) -> String {
    format!(
        "select {} has {what}; expected a string or a mapping with string `label` and `value`",
        code(&short(field.label_text))
    )
}

/// A `{label, value}` option: both keys, and strings.
fn check_mapping(doc: &Document, field: &Field, item: Item, out: &mut Vec<Finding>) {
    let option = item.node;
    let entries = merged_entries(doc, option);
    let get = |key: &str| entries.iter().find(|e| e.key.scalar() == Some(key));
    let others: Vec<&str> = entries
        .iter()
        .map(|e| e.key.scalar().unwrap_or(""))
        .filter(|k| !matches!(*k, "label" | "value"))
        .collect();
    let missing: Vec<&str> = ["label", "value"]
        .into_iter()
        .filter(|k| get(k).is_none())
        .collect();
    if !missing.is_empty() {
        let what = missing
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        let instead = match others.first() {
            Some(other) => match hidden(other) {
                Some(h) => format!(" instead of {}, which has {}", code(&word(other)), h.what),
                None => format!(" instead of {}", code(&word(other))),
            },
            None => String::new(),
        };
        // A block mapping's span runs on to the next item: point at a key of it instead.
        let span = entries
            .iter()
            .find(|e| !matches!(e.key.scalar(), Some("label" | "value")))
            .or(entries.first())
            .map_or(option.span, |e| e.key.span);
        out.push(through_via(&field.sites, item.written,
            Finding::new(
                Rule::InvalidSelectOption,
                span,
                message(field, &format!("an option without {what}")),
            )
            .label(format!("no {what}"))
            .help(format!(
                "write {what}{instead}: `label` is shown, `value` is recorded; with one text for both, write the option as a plain string"
            )),
        ));
        return;
    }
    for key in ["label", "value"] {
        let Some(entry) = get(key) else {
            continue;
        };
        let value = doc.resolve(&entry.value);
        if value.is_string() {
            continue;
        }
        let name = placeholder(doc, value);
        let what = match name {
            Some(name) => left_in(name),
            None => value.describe().to_string(),
        };
        let span = if value.span.is_empty() {
            entry.key.span
        } else {
            value.span
        };
        // Inside an aliased option, the option's alias is where this use is edited.
        let via = if std::ptr::eq(item.written, option) {
            &entry.value
        } else {
            item.written
        };
        out.push(through_via(
            &field.sites,
            via,
            Finding::new(
                Rule::InvalidSelectOption,
                span,
                message(field, &format!("an option whose `{key}` is {what}")),
            )
            .label(match name {
                Some(_) => "a placeholder, read as a mapping".to_string(),
                None => format!("{what}, not a string"),
            })
            .help(match (name, value.scalar()) {
                (Some(written), _) => format!(
                    "a template placeholder was left in: write the text it stands for, or quote \
                     it to keep it as text: {}",
                    code(&format!("{key}: {}", quote(written)))
                ),
                (None, Some(text)) if !text.is_empty() => {
                    format!("quote it: {}", code(&format!("{key}: '{}'", short(text))))
                }
                _ => format!("give `{key}` a text"),
            }),
        ));
    }
    // Other keys beside `label` and `value`: `unexpected-field-key`'s, a warning as in a field
    // mapping (see both rules' pages).
}

/// A template placeholder (`{{ name }}`) left in, as messages name it.
fn left_in(written: &str) -> String {
    format!(
        "the template placeholder {}, read as a mapping",
        code(&clip(written))
    )
}

/// The node's span; for an empty one (a `-` with nothing after it), the one byte before it.
fn at(node: &Node) -> Span {
    if node.span.is_empty() {
        Span::new(node.span.start.saturating_sub(1), node.span.start)
    } else {
        node.span
    }
}
