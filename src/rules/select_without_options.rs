//! `select-without-options`: see `docs/rules/select-without-options.md`.

use super::anchored::through;
use super::code;
use crate::finding::Finding;
use crate::gate::{short, Field, FieldKind, Gate};
use crate::rule::Rule;
use crate::yaml::{Resolved, Value};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        let FieldKind::Full {
            ty,
            name: Some("select"),
            options,
            ..
        } = field.kind
        else {
            continue;
        };
        let Some(options) = options else {
            out.push(through(&field.sites,
                Finding::new(
                    Rule::SelectWithoutOptions,
                    ty.key.span.to(ty.value.span),
                    message(field, "no `options`"),
                )
                .label("a select with nothing to choose")
                .help(if field.sites.locate(ty.key.span).is_some() {
                    // `type: select` comes from a mapping other fields merge too.
                    "add `options:` to this field's own mapping, e.g. `options: ['Yes', 'No']`: the merged `type: select` is shared"
                } else {
                    "add the choices under `type: select`, e.g. `options: ['Yes', 'No']`"
                }),
            ));
            continue;
        };
        let value = gate.doc.resolve(&options.value);
        let (what, help) = match &value.value {
            Value::Seq(items) if items.is_empty() => (
                "an empty `options` list".to_string(),
                "list at least one choice, e.g. `options: ['Yes', 'No']`".to_string(),
            ),
            Value::Seq(_) => continue,
            Value::Scalar { text, .. }
                if value.resolved() == Some(Resolved::Str) && text.contains(',') =>
            {
                (
                    "`options` that is a string, not a list".to_string(),
                    format!(
                        "split it into a list: {}",
                        code(&format!("options: [{}]", short(&split(text))))
                    ),
                )
            }
            Value::Scalar { .. } if value.resolved() == Some(Resolved::Null) => (
                "`options` that is null".to_string(),
                "list the choices under `options:`, one `- choice` per line".to_string(),
            ),
            _ => (
                format!("`options` that is {}, not a list", value.describe()),
                "make `options` a list of choices, e.g. `options: ['Yes', 'No']`".to_string(),
            ),
        };
        let span = if value.span.is_empty() {
            options.key.span
        } else {
            value.span
        };
        out.push(through(
            &field.sites,
            Finding::new(Rule::SelectWithoutOptions, span, message(field, &what))
                .label("not a list of choices")
                .help(help),
        ));
    }
}

fn message(field: &Field, what: &str) -> String {
    format!(
        "select {} has {what}; expected a non-empty list of choices",
        code(&short(field.label_text))
    )
}

fn split(text: &str) -> String {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}
