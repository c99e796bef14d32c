//! `collection-label`: see `docs/rules/collection-label.md`.

use super::anchored::through;
use super::{clip, code};
use crate::finding::Finding;
use crate::gate::{placeholder, Gate};
use crate::rule::Rule;
use crate::yaml::Value;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let doc = gate.doc;
    for field in &gate.fields {
        let label = doc.resolve(field.label);
        let what = match label.value {
            Value::Map(_) => "a mapping",
            Value::Seq(_) => "a list",
            _ => continue,
        };
        let written = String::from_utf8_lossy(doc.source.slice(field.label.span));
        let written = written.trim();
        let shown = crate::yaml::key::property_name(doc, field.label);
        // A template placeholder as the other rules name one (`gate::placeholder`).
        let placeholder = placeholder(doc, field.label).is_some();
        let flow = written.starts_with(['[', '{']);
        let message = if placeholder {
            format!(
                "the label {} is a template placeholder, which YAML reads as {what}: the Hub \
                 shows the field as {}",
                code(&clip(written)),
                code(&clip(&shown))
            )
        } else if flow {
            format!(
                "the label {} is {what}, not a string: the Hub shows the field as {}",
                code(&clip(written)),
                code(&clip(&shown))
            )
        } else {
            // A block collection (`? - a`) or an alias: its text spans lines or names another
            // node, so the message names what the Hub shows, not what was written.
            format!(
                "the label is {what}, not a string: the Hub shows the field as {}",
                code(&clip(&shown))
            )
        };
        let help = if placeholder {
            format!(
                "fill the placeholder in with the question the user answers (`Affiliation: text`); \
                 if the braces are meant as text, quote the label: {}",
                code(&format!("'{}'", written.replace('\'', "''")))
            )
        } else if flow {
            format!(
                "write the label as text; to keep the brackets, quote it: {}",
                code(&format!("'{}'", written.replace('\'', "''")))
            )
        } else {
            "write the label as text on the key's line (quote it if it starts with `-`, `[`, `{` \
             or `*`)"
                .to_owned()
        };
        out.push(through(
            &field.sites,
            Finding::new(Rule::CollectionLabel, field.label.span, message)
                .label(format!("read as {what}"))
                .help(help),
        ));
    }
}
