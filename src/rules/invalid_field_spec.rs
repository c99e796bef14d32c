//! `invalid-field-spec`: see `docs/rules/invalid-field-spec.md`.

use super::anchored::through;
use super::{clip, code};
use crate::finding::Finding;
use crate::gate::{
    field_type_list, hidden, merged_entries, placeholder, short, word, Field, FieldKind, Gate,
};
use crate::rule::Rule;
use crate::yaml::{Document, Node, Resolved, Value};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        if !matches!(field.kind, FieldKind::Invalid) {
            continue;
        }
        let spec = field.spec;
        let empty = spec.span.is_empty();
        // A mapping spans lines: point at its near-miss `type` key, or else at the label.
        let placeholder = placeholder(gate.doc, spec).map(|written| {
            format!(
                "the template placeholder {}, read as a mapping",
                code(&clip(written))
            )
        });
        let (span, what, label) = match near_type_key(gate.doc, field) {
            _ if empty => (
                field.label.span,
                "null (nothing after the colon)",
                "no type given",
            ),
            _ if placeholder.is_some() => (
                spec.span,
                placeholder.as_deref().unwrap_or_default(),
                "a placeholder, read as a mapping",
            ),
            Some(key) => (key.span, "a mapping without `type`", "not `type`"),
            None if spec.entries().is_some() => (
                field.label.span,
                "a mapping without `type`",
                "no `type` key",
            ),
            None => (spec.span, spec.describe(), "not a field type"),
        };
        out.push(through(
            &field.sites,
            Finding::new(Rule::InvalidFieldSpec, span, message(field, what))
                .label(label)
                .help(help(gate.doc, field)),
        ));
    }
}

fn message(field: &Field, what: &str) -> String {
    format!(
        "field {} is {what}; expected a type ({}) or a mapping with `type`",
        code(&short(field.label_text)),
        field_type_list(true)
    )
}

fn help(doc: &Document, field: &Field) -> String {
    let label = short(field.label_text);
    let spec = field.spec;
    if placeholder(doc, spec).is_some() {
        return format!(
            "a template placeholder was left in: write the field type it stands for, e.g. {}",
            code(&format!("{label}: text"))
        );
    }
    match &spec.value {
        Value::Map(_) => {
            let entries = merged_entries(doc, spec);
            match near_type_key(doc, field).and_then(Node::scalar) {
                Some(key) => match hidden(key) {
                    Some(h) => format!(
                        "did you mean `type`? the key {} has {}: remove it",
                        code(&word(key)),
                        h.what
                    ),
                    None => format!(
                        "did you mean `type`? keys are exact and lower-case, not {}",
                        code(&word(key))
                    ),
                },
                None if entries.iter().any(|e| e.key.scalar() == Some("options")) => {
                    "a field with `options` is a select: add `type: select`".into()
                }
                None => format!(
                    "add a `type`, e.g. {}, or write {}",
                    code(&format!("{label}: {{type: text}}")),
                    code(&format!("{label}: text"))
                ),
            }
        }
        Value::Seq(_) => {
            format!(
                "a choice list is a select: {}",
                code(&format!("{label}: {{type: select, options: [...]}}"))
            )
        }
        Value::Scalar { .. } if spec.resolved() == Some(Resolved::Timestamp) => {
            format!(
                "a date is asked with {}",
                code(&format!("{label}: date_picker"))
            )
        }
        Value::Scalar { .. } if spec.resolved() == Some(Resolved::Bool(true)) => {
            format!(
                "a box to tick is written {}",
                code(&format!("{label}: checkbox"))
            )
        }
        _ => format!(
            "give the field a type, e.g. {}",
            code(&format!("{label}: text"))
        ),
    }
}

/// A key of the field's mapping that is `type` but for case or one typo (`Type`, `typ`).
fn near_type_key<'d, 'a>(doc: &'d Document<'a>, field: &Field<'d, 'a>) -> Option<&'d Node<'a>> {
    merged_entries(doc, field.spec)
        .into_iter()
        .map(|e| &e.key)
        .find(|key| {
            key.scalar().is_some_and(|k| {
                let shows = hidden(k).map_or_else(|| k.to_owned(), |h| h.clean);
                let lower = shows.to_lowercase();
                lower == "type" || strsim::damerau_levenshtein(&lower, "type") == 1
            })
        })
}
