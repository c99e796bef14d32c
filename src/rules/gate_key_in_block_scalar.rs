//! `gate-key-in-block-scalar`: see `docs/rules/gate-key-in-block-scalar.md`.
//!
//! A line of a top-level block scalar (`extra_gated_prompt: |`) that reads `extra_gated_fields:`
//! or another gate key followed by `:`, while the card has no such top-level key: the author
//! meant it as a key, but it is indented into the text. A prompt that mentions a key in a
//! sentence, or a key the card also has at the top level, is not flagged.

use super::code;
use crate::finding::Finding;
use crate::gate::{short, Gate, GATE_KEYS};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Entry, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for entry in &gate.top {
        if !matches!(entry.value.style(), Some(Style::Literal | Style::Folded)) {
            continue;
        }
        let text = gate.doc.source.slice(entry.value.span);
        if crate::frontmatter::gate_prefix().find(text).is_none() {
            continue;
        }
        for (at, key) in key_lines(text, entry.value.span.start) {
            if gate.get(key).is_some() {
                continue;
            }
            out.push(finding(entry, at, key));
        }
    }
}

/// The gate keys that start a line of `text` (after its indentation), followed by `:` and a
/// blank or the end of the line, with their file spans (`base`: where `text` starts).
fn key_lines(text: &[u8], base: usize) -> Vec<(Span, &'static str)> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split(|&b| b == b'\n') {
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = line.get(indent..).unwrap_or_default();
        for key in GATE_KEYS {
            let Some(after) = rest.strip_prefix(key.as_bytes()) else {
                continue;
            };
            let after = after.trim_ascii_start();
            let colon = after.first() == Some(&b':')
                && after
                    .get(1)
                    .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'));
            if colon {
                let start = base + at + indent;
                out.push((Span::new(start, start + key.len()), key));
            }
        }
        at += line.len() + 1;
    }
    out
}

fn finding(entry: &Entry, at: Span, key: &str) -> Finding {
    let owner = short(entry.key.scalar().unwrap_or_default());
    Finding::new(
        Rule::GateKeyInBlockScalar,
        at,
        format!(
            "{} is a line of the text of {}, not a key: the Hub shows it as part of that text \
             and the card has no {}",
            code(&format!("{key}:")),
            code(&owner),
            code(key)
        ),
    )
    .label("text of the block scalar above")
    .related(entry.key.span, "the block scalar starts here")
    .help(format!(
        "dedent {} to the start of its line (and what belongs to it to the levels it needs), \
         so it ends the {} text and becomes a top-level key",
        code(key),
        code(&owner)
    ))
}
