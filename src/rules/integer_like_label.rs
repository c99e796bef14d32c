//! `integer-like-label`: see `docs/rules/integer-like-label.md`.

use super::anchored::through_via;
use super::code;
use crate::finding::Finding;
use crate::gate::{short, Gate};
use crate::rule::Rule;
use crate::yaml::key::{array_index, property_name};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        let key = property_name(gate.doc, field.label_value);
        if array_index(&key).is_none() {
            continue;
        }
        let written = field.label_text;
        out.push(through_via(&field.sites, field.label,
            Finding::new(
                Rule::IntegerLikeLabel,
                field.label_value.span,
                message(written, &key),
            )
            .label("moved to the front of the form")
            .help(format!(
                "put a word in the label ({}, or what the number stands for), so the form keeps the order written",
                code(&format!("Question {key}"))
            )),
        ));
    }
}

fn message(written: &str, key: &str) -> String {
    let shown = if written == key {
        String::new()
    } else {
        format!(" (read as {})", code(key))
    };
    format!(
        "field label {}{shown} is integer-like: JavaScript objects put such keys before all others, in numeric order, so the form is reordered",
        code(&short(written))
    )
}
