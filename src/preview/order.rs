//! The fields of the form in the Hub's order and with the Hub's labels.
//!
//! The Hub reads `extra_gated_fields` with js-yaml 4 into a JavaScript object, and the form lists
//! that object's keys. Two things follow, both checked against js-yaml's own `Object.keys` in
//! `tests/preview.rs`:
//!
//! - **Labels.** js-yaml turns every key into a string with `String(value)`: `0x1F` is the number
//!   31, so the label is `31`; `007` is `7`, `+5` is `5`, `1e3` is `1000`, `1e21` is `1e+21`,
//!   `.inf` is `Infinity`, `null` and `~` are `null`, a mapping is `[object Object]` (the one
//!   conversion, shared with the rules, is `yaml::key`).
//! - **Order.** A JavaScript object lists its array-index keys first (canonical decimal integers
//!   from 0 to 2^32 − 2), in ascending numeric order, then the other keys in insertion order.
//!   The gate model already holds the fields in insertion order, with the entry whose value the
//!   object keeps (`gate::merged_entries`: a key where it is first written, merged keys where
//!   the merge key stands, a key written after a merge in the merged key's place, a mapping
//!   merged from inside itself bringing only the keys stored by then), so the preview only reads
//!   each field's label as js-yaml writes it and moves the array indexes first.

use crate::gate::Field;
use crate::yaml::key::{array_index, property_name};
use crate::yaml::Document;

/// The fields as the Hub's object lists them: `(label, field)` with the label the Hub shows, in
/// the order the Hub lists them.
pub fn hub_order<'f, 'd, 'a>(
    doc: &Document<'a>,
    fields: &'f [Field<'d, 'a>],
) -> Vec<(String, &'f Field<'d, 'a>)> {
    let mut keys: Vec<(String, &'f Field<'d, 'a>)> = fields
        .iter()
        .map(|field| (property_name(doc, field.label).into_owned(), field))
        .collect();
    // A stable sort: array indexes first, ascending; the rest keep their insertion order.
    keys.sort_by_key(|(label, _)| array_index(label).map_or((1, 0), |i| (0, i)));
    keys
}
