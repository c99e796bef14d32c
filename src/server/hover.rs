//! Hover: on a finding, its message, help and rule page; on a gate key, what the Hub does with it
//! (from the project's notes on the Hub, `HUB.md` §3).

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use crate::gate;

use super::document::Document;
use super::lint::{self, Lint};
use super::text::Encoding;

/// What the Hub does with each key: (key, type, meaning).
pub const KEYS: [(&str, &str, &str); 7] = [
    (
        gate::FIELDS_KEY,
        "mapping: label → field",
        "The extra inputs of the access form; the answers are keyed by label. A field is a type \
         (`text`, `checkbox`, `date_picker`, `country`, `ip_location`) or a mapping with `type` \
         (`select` needs `options`, a non-empty list). The Hub rejects a list here.",
    ),
    (
        "extra_gated_prompt",
        "string",
        "Text shown above the form (Markdown).",
    ),
    (
        "extra_gated_heading",
        "string",
        "Replaces the form's heading.",
    ),
    (
        "extra_gated_description",
        "string",
        "Replaces the text under the heading.",
    ),
    (
        "extra_gated_button_content",
        "string",
        "Replaces the submit button's label.",
    ),
    (
        gate::EU_KEY,
        "boolean",
        "Blocks users in the EU; has effect only on a gated repo. Write `true` or `false`: to the \
         Hub, `yes` is a string.",
    ),
    (
        gate::GATED_KEY,
        "not read from the card",
        "Gating is a repo setting (`auto`, `manual` or off), not card metadata; this key appears \
         only in a docs example, with `true`, `false`, `\"auto\"` or `\"manual\"`.",
    ),
];

pub fn hover(doc: &Document, lint: &Lint, position: Position, encoding: Encoding) -> Option<Hover> {
    if !lint.relevant {
        return None;
    }
    let offset = doc.lines.offset(&doc.text, position, encoding);
    let here: Vec<_> = lint
        .findings
        .iter()
        .filter(|f| f.span.start <= offset && offset <= f.span.end)
        .collect();
    let mut sections = Vec::new();
    let mut range = None;
    for f in &here {
        sections.push(format!(
            "**{}** [`{}`]({})\n\n{}",
            f.severity.as_str(),
            f.rule.name(),
            lint::rule_url(f.rule),
            literal(&lint::message(f))
        ));
        range.get_or_insert(
            doc.lines
                .range(&doc.text, f.span.start, f.span.end, encoding),
        );
    }
    if let Some((key, start, end)) = super::complete::top_level_key_at(doc, offset) {
        if let Some((name, kind, meaning)) = KEYS.iter().find(|(k, ..)| *k == key) {
            sections.push(format!("`{name}` ({kind})\n\n{meaning}"));
            range.get_or_insert(doc.lines.range(&doc.text, start, end, encoding));
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// Text from a card shown literally in Markdown: in a fenced block longer than any run of
/// backticks in it, so a key or value cannot inject a link, an image or HTML (control characters
/// are already made visible by [`lint::message`]).
pub fn literal(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat((longest + 1).max(3));
    format!("{fence}text\n{text}\n{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gate_key_is_explained() {
        for key in gate::GATE_KEYS {
            assert!(KEYS.iter().any(|(k, ..)| *k == key), "{key}");
        }
        assert_eq!(literal("a ``` b"), "````text\na ``` b\n````");
    }
}
