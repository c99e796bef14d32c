//! `integer-like-label`: see `docs/rules/integer-like-label.md`.

use super::anchored::through_via;
use crate::finding::Finding;
use crate::gate::{short, Gate};
use crate::rule::Rule;
use crate::yaml::{Node, Resolved};

/// JavaScript's largest array index, 2^32 - 2: keys up to it are ordered first, as numbers.
const MAX_INDEX: u64 = 4_294_967_294;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        let Some(key) = js_index(field.label_value) else {
            continue;
        };
        let written = field.label_text;
        out.push(through_via(&field.sites, field.label,
            Finding::new(
                Rule::IntegerLikeLabel,
                field.label_value.span,
                message(written, &key),
            )
            .label("moved to the front of the form")
            .help(format!(
                "put a word in the label (`Question {key}`, or what the number stands for), so the form keeps the order written"
            )),
        ));
    }
}

fn message(written: &str, key: &str) -> String {
    let shown = if written == key {
        String::new()
    } else {
        format!(" (read as `{key}`)")
    };
    format!(
        "field label `{}`{shown} is integer-like: JavaScript objects put such keys before all others, in numeric order, so the form is reordered",
        short(written)
    )
}

/// The label as a JavaScript property name, when that name is an array index.
fn js_index(label: &Node) -> Option<String> {
    let text = label.scalar()?;
    let number = match label.resolved()? {
        Resolved::Str => {
            let canonical = text.bytes().all(|b| b.is_ascii_digit())
                && !text.is_empty()
                && (text == "0" || !text.starts_with('0'));
            if !canonical {
                return None;
            }
            text.parse::<u64>().ok()?
        }
        Resolved::Int => int_value(text)?,
        Resolved::Float => {
            let value: f64 = text.replace('_', "").parse().ok()?;
            if value.fract() != 0.0 || !(0.0..=MAX_INDEX as f64).contains(&value) {
                return None;
            }
            value as u64
        }
        _ => return None,
    };
    (number <= MAX_INDEX).then(|| number.to_string())
}

fn int_value(text: &str) -> Option<u64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let body = clean.strip_prefix('+').unwrap_or(&clean);
    if body.starts_with('-') {
        // `-0` is the property `0`; other negatives are not indexes.
        return (body.trim_start_matches(['-', '0']).is_empty()).then_some(0);
    }
    if let Some(hex) = body.strip_prefix("0x") {
        u64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = body.strip_prefix("0o") {
        u64::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = body.strip_prefix("0b") {
        u64::from_str_radix(bin, 2).ok()
    } else {
        body.parse().ok()
    }
}
