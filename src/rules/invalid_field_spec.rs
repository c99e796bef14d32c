//! `invalid-field-spec`: see `docs/rules/invalid-field-spec.md`.

use crate::finding::Finding;
use crate::gate::{merged_entries, short, Field, FieldKind};
use crate::rule::Rule;
use crate::yaml::{Document, Resolved, Value};
use crate::Card;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Some(gate) = card.gate else {
        return;
    };
    for field in &gate.fields {
        if !matches!(field.kind, FieldKind::Invalid) {
            continue;
        }
        let spec = field.spec;
        let empty = spec.span.is_empty();
        let span = if empty { field.label.span } else { spec.span };
        let what = if empty {
            "null (nothing after the colon)"
        } else {
            spec.describe()
        };
        let what = if spec.entries().is_some() {
            "a mapping without `type`"
        } else {
            what
        };
        out.push(
            Finding::new(Rule::InvalidFieldSpec, span, message(field, what))
                .label(if empty {
                    "no type given"
                } else {
                    "not a field type"
                })
                .help(help(gate.doc, field)),
        );
    }
}

fn message(field: &Field, what: &str) -> String {
    format!(
        "field `{}` is {what}; expected a type (`text`, `checkbox`, `date_picker`, `country`, \
         `ip_location`) or a mapping with `type`",
        short(field.label_text)
    )
}

fn help(doc: &Document, field: &Field) -> String {
    let label = short(field.label_text);
    let spec = field.spec;
    match &spec.value {
        Value::Map(_) => {
            let entries = merged_entries(doc, spec);
            let near = entries.iter().filter_map(|e| e.key.scalar()).find(|k| {
                let lower = k.trim().to_lowercase();
                lower == "type" || strsim::damerau_levenshtein(&lower, "type") == 1
            });
            match near {
                Some(key) => {
                    format!("did you mean `type`? keys are exact and lower-case, not `{key}`")
                }
                None if entries.iter().any(|e| e.key.scalar() == Some("options")) => {
                    "a field with `options` is a select: add `type: select`".into()
                }
                None => format!(
                    "add a `type`, e.g. `{label}: {{type: text}}`, or write `{label}: text`"
                ),
            }
        }
        Value::Seq(_) => {
            format!("a choice list is a select: `{label}: {{type: select, options: [...]}}`")
        }
        Value::Scalar { .. } if spec.resolved() == Some(Resolved::Bool(true)) => {
            format!("a box to tick is written `{label}: checkbox`")
        }
        _ => format!("give the field a type, e.g. `{label}: text`"),
    }
}
