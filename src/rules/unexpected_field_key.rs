//! `unexpected-field-key`: see `docs/rules/unexpected-field-key.md`.

use super::anchored::{through, through_via};
use super::code;
use crate::finding::Finding;
use crate::gate::{hidden, merged_entries, short, word, Field, FieldKind, Gate, Item, FIELD_TYPES};
use crate::rule::Rule;
use crate::yaml::{Document, Entry, Value};

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
                        "only a select has options: make it `type: select`, or remove `options` from this {} field",
                        code(name)
                    )),
                ));
            }
        }
    }
    for (field, options) in gate.selects() {
        for item in options {
            if matches!(item.node.value, Value::Map(_)) {
                check_option(gate.doc, field, item, out);
            }
        }
    }
}

/// Keys other than `label` and `value` in a `{label, value}` option. An option missing one of
/// the two is `invalid-select-option`'s, whose help names the other keys.
fn check_option(doc: &Document, field: &Field, item: Item, out: &mut Vec<Finding>) {
    let option = item.node;
    let entries = merged_entries(doc, option);
    let has = |key: &str| entries.iter().any(|e| e.key.scalar() == Some(key));
    if !has("label") || !has("value") {
        return;
    }
    for entry in entries {
        let key = entry.key.scalar().unwrap_or("");
        if matches!(key, "label" | "value") {
            continue;
        }
        let hides = hidden(key);
        let help = match &hides {
            Some(h) => format!(
                "remove it: the key {} has {}, and the option has `label` and `value` already",
                code(&word(key)),
                h.what
            ),
            None => {
                "remove it: an option mapping holds only `label` (shown) and `value` (recorded)"
                    .to_string()
            }
        };
        out.push(through_via(
            &field.sites,
            item.written,
            Finding::new(
                Rule::UnexpectedFieldKey,
                entry.key.span,
                format!(
                    "select {} has an option with key {}{}, which the Hub ignores; an option \
                     mapping holds only `label` and `value`",
                    code(&short(field.label_text)),
                    code(&word(key)),
                    which_has(key),
                ),
            )
            .label("ignored by the Hub")
            .help(help),
        ));
    }
}

/// ` (with a trailing space)` when the key hides something, else nothing.
fn which_has(key: &str) -> String {
    hidden(key).map_or_else(String::new, |h| format!(" (with {})", h.what))
}

fn message(field: &Field, key: &str, allowed: &str) -> String {
    format!(
        "field {} has key {}{}, which the Hub ignores; a field mapping holds only {allowed}",
        code(&short(field.label_text)),
        code(&word(key)),
        which_has(key),
    )
}

fn mis_indented_message(field: &Field, key: &str) -> String {
    format!(
        "key {} under field {} looks like a field indented too far: it is not on the form",
        code(&short(key)),
        code(&short(field.label_text))
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
            "dedent {} to the level of {} to make it a field",
            code(&short(key)),
            code(&short(field.label_text))
        ));
    }
    // The key as it shows, for the did-you-mean: `options` for `'options '`.
    let hides = hidden(key);
    let shows = hides.as_ref().map_or(key, |h| h.clean.as_str());
    let help = match shows {
        "type" | "options" if hides.is_some() => format!(
            "did you mean `{shows}`? remove {} from the key",
            hides.as_ref().map_or("", |h| h.what.as_str())
        ),
        "required" | "optional" => {
            "remove it: the Hub has no per-field `required` setting".to_string()
        }
        "label" | "name" | "description" | "placeholder" | "help" | "title" => format!(
            "remove it: the form shows the field's label ({}) and nothing else",
            code(&short(field.label_text))
        ),
        _ if strsim::damerau_levenshtein(shows, "options") <= 2 && shows != "options" => {
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
