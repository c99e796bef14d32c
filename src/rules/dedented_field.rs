//! `dedented-field`: see `docs/rules/dedented-field.md`.
//!
//! The top-level keys right after `extra_gated_fields` whose value is what a field holds (a
//! field type, or a mapping with a `type` that is one): fields dedented out of the mapping, which
//! the Hub reads as card metadata of their own and leaves off the form. Only the run of such keys
//! that directly follows `extra_gated_fields` is flagged, so `license: text`-like keys elsewhere
//! in the card are left alone, and so are the card's own keys that may hold such a word
//! (`modality: text`), even there.

use super::code;
use crate::finding::Finding;
use crate::gate::{merged_entries, short, Gate, FIELDS_KEY, FIELD_TYPES, GATE_KEYS};
use crate::rule::Rule;
use crate::yaml::Entry;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let Some(fields) = gate.fields_entry else {
        return;
    };
    let after = gate
        .top
        .iter()
        .skip_while(|e| !std::ptr::eq(**e, fields))
        .skip(1);
    for entry in after {
        let Some(ty) = field_type(gate, entry) else {
            break;
        };
        let label = entry.key.scalar().unwrap_or_default();
        out.push(
            Finding::new(
                Rule::DedentedField,
                entry.key.span,
                format!(
                    "top-level key {} holds the field type {}: it looks like a field \
                     dedented out of `{FIELDS_KEY}`, and the Hub does not show it on the form",
                    code(&short(label)),
                    code(ty)
                ),
            )
            .label("not under `extra_gated_fields`")
            .related(fields.key.span, "the form's fields are here")
            .help(format!(
                "indent {} (and what belongs to it) under `{FIELDS_KEY}`, at the level of the \
                 other fields",
                code(&short(label))
            )),
        );
    }
}

/// Keys of a card's own metadata whose value may be a word such as `text` (`modality: text`):
/// never a dedented field.
const CARD_KEYS: [&str; 12] = [
    "gated",
    "license",
    "language",
    "library_name",
    "pipeline_tag",
    "modality",
    "modalities",
    "task",
    "task_categories",
    "inference",
    "pretty_name",
    "type",
];

/// The field type that `entry` holds, when it is one: `Label: text`, or a mapping whose `type` is
/// a field type. Keys the Hub reads elsewhere (`license`, gate keys) are never fields.
fn field_type<'d>(gate: &Gate<'d, '_>, entry: &'d Entry) -> Option<&'d str> {
    let key = entry.key.as_str()?;
    if GATE_KEYS.contains(&key) || CARD_KEYS.contains(&key) {
        return None;
    }
    let value = gate.doc.resolve(&entry.value);
    let ty = match value.as_str() {
        Some(ty) => ty,
        None => {
            let ty = merged_entries(gate.doc, value)
                .into_iter()
                .find(|e| e.key.scalar() == Some("type"))?;
            gate.doc.resolve(&ty.value).as_str()?
        }
    };
    FIELD_TYPES.contains(&ty).then_some(ty)
}
