//! `unexpected-field-key`: see `docs/rules/unexpected-field-key.md`.

use super::anchored::through;
use crate::finding::Finding;
use crate::gate::{merged_entries, short, Field, FieldKind, Gate, FIELD_TYPES};
use crate::rule::Rule;
use crate::yaml::{Document, Entry};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        let FieldKind::Full {
            name,
            options,
            ref extra,
            ..
        } = field.kind
        else {
            continue;
        };
        let allowed = if name == Some("select") {
            "`type` and `options`"
        } else {
            "`type`"
        };
        for entry in extra {
            out.push(through(
                &field.sites,
                finding(gate.doc, field, entry, allowed),
            ));
        }
        // `options` on a known type other than select; an unknown type is reported elsewhere.
        if let (Some(options), Some(name)) = (options, name) {
            if name != "select" && FIELD_TYPES.contains(&name) {
                out.push(through(&field.sites,
                    Finding::new(
                        Rule::UnexpectedFieldKey,
                        options.key.span,
                        message(field, "options", allowed),
                    )
                    .label("ignored by the Hub")
                    .help(format!(
                        "only a select has options: make it `type: select`, or remove `options` from this `{name}` field"
                    )),
                ));
            }
        }
    }
}

fn message(field: &Field, key: &str, allowed: &str) -> String {
    format!(
        "field `{}` has key `{}`, which the Hub ignores; a field mapping holds only {allowed}",
        short(field.label_text),
        short(key)
    )
}

fn mis_indented_message(field: &Field, key: &str) -> String {
    format!(
        "key `{}` under field `{}` looks like a field indented too far: it is not on the form",
        short(key),
        short(field.label_text)
    )
}

fn finding(doc: &Document, field: &Field, entry: &Entry, allowed: &str) -> Finding {
    let key = entry.key.scalar().unwrap_or("");
    let value = doc.resolve(&entry.value);
    let looks_like_field = value.as_str().is_some_and(|v| FIELD_TYPES.contains(&v))
        || merged_entries(doc, value)
            .iter()
            .any(|e| e.key.scalar() == Some("type"));
    if looks_like_field {
        return Finding::new(
            Rule::UnexpectedFieldKey,
            entry.key.span,
            mis_indented_message(field, key),
        )
        .label("a field of its own?")
        .help(format!(
            "dedent `{}` to the level of `{}` to make it a field",
            short(key),
            short(field.label_text)
        ));
    }
    let help = match key {
        "required" | "optional" => {
            "remove it: the Hub has no per-field `required` setting".to_string()
        }
        "label" | "name" | "description" | "placeholder" | "help" | "title" => format!(
            "remove it: the form shows the field's label (`{}`) and nothing else",
            short(field.label_text)
        ),
        _ if strsim::damerau_levenshtein(key, "options") <= 2 && key != "options" => {
            "did you mean `options`?".to_string()
        }
        _ => "remove it, or move it where it belongs".to_string(),
    };
    Finding::new(
        Rule::UnexpectedFieldKey,
        entry.key.span,
        message(field, key, allowed),
    )
    .label("ignored by the Hub")
    .help(help)
}
