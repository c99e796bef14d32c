//! `empty-label`: see `docs/rules/empty-label.md`.

use std::collections::HashMap;

use super::anchored::through_via;
use super::code;
use crate::finding::Finding;
use crate::gate::{word, Gate};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::Resolved;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    // Normalised label → (label as written, span).
    let mut seen: HashMap<String, (&str, Span)> = HashMap::new();
    for field in &gate.fields {
        // A finding at this field's label, pointed where the author edits it (the alias or merge
        // entry that brings the label in).
        let report = |message: String, label: &str, help: &str| {
            through_via(
                &field.sites,
                field.label,
                Finding::new(Rule::EmptyLabel, field.label_value.span, message)
                    .label(label)
                    .help(help),
            )
        };
        if field.label_value.resolved() == Some(Resolved::Null) {
            // js-yaml names a null key `null` (`~:`, `null:`, an explicit `?` with no key).
            let written = if field.label_value.span.is_empty() {
                ""
            } else {
                field.label_text
            };
            out.push(report(
                null_message(written),
                "`null` to the Hub",
                "write the question the user answers, e.g. `Affiliation: text`; quote a word \
                 meant as written (`'null': text`)",
            ));
            continue;
        }
        if !field.label_value.is_string() {
            continue;
        }
        let label = field.label_text;
        let normal = label.trim().to_lowercase();
        if normal.is_empty() {
            out.push(report(
                empty_message(label),
                "empty label",
                "write the question the user answers, e.g. `Affiliation: text`",
            ));
            continue;
        }
        match seen.get(&normal) {
            // Identical labels are `duplicate-key`'s.
            Some((first, _)) if *first == label => {}
            Some((first, first_span)) => out.push(
                report(
                    near_message(label, first),
                    "same label as an earlier field",
                    "remove one of the two fields, or make the labels clearly different",
                )
                .related(*first_span, "first given here"),
            ),
            None => {
                seen.insert(normal, (label, field.label.span));
            }
        }
    }
}

fn null_message(label: &str) -> String {
    if label.is_empty() {
        "field label is an empty key (`?` with nothing after it), YAML's null: the form shows the \
         question `null`"
            .into()
    } else {
        format!(
            "field label {} is YAML's null: the form shows the question `null`",
            code(label)
        )
    }
}

fn empty_message(label: &str) -> String {
    if label.is_empty() {
        "field label is empty: the form shows a field with no question".into()
    } else {
        format!(
            "field label {} is only blanks: the form shows a field with no question",
            code(&word(label))
        )
    }
}

fn near_message(label: &str, first: &str) -> String {
    format!(
        "field label {} differs from {} only in case or surrounding blanks: the form shows two \
         look-alike fields",
        code(&word(label)),
        code(&word(first))
    )
}
