//! `comment-after-gate-text`: see `docs/rules/comment-after-gate-text.md`.

use super::{clip, code, quote};
use crate::finding::Finding;
use crate::gate::Gate;
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let doc = gate.doc;
    // Every scalar the form shows: the gate texts, the labels, the options (and an option
    // mapping's `label` and `value`), each once even when an alias repeats it.
    let mut shown: Vec<(&Node, &str)> = Vec::new();
    for entry in &gate.texts {
        shown.push((doc.resolve(&entry.value), "text"));
    }
    for field in &gate.fields {
        shown.push((field.label, "label"));
        for option in field.options(doc).unwrap_or_default() {
            match option.entries() {
                Some(_) => {
                    for key in ["label", "value"] {
                        if let Some(entry) = option.get(key) {
                            shown.push((doc.resolve(&entry.value), "option"));
                        }
                    }
                }
                None => shown.push((option, "option")),
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for (node, what) in shown {
        if seen.insert(node.span) {
            if let Some(finding) = finding(doc, node, what) {
                out.push(finding);
            }
        }
    }
}

/// A finding when a YAML comment follows the plain string scalar `node` on its last line.
fn finding(doc: &Document, node: &Node, what: &str) -> Option<Finding> {
    if node.style() != Some(Style::Plain) || node.span.is_empty() {
        return None;
    }
    let text = node.as_str()?;
    let source = &doc.source;
    let mut at = node.span.end;
    while matches!(source.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    if source.get(at) != Some(b'#') {
        return None;
    }
    let mut end = at;
    while !matches!(source.get(end), None | Some(b'\n' | b'\r')) {
        end += 1;
    }
    let comment = std::str::from_utf8(source.slice(Span::new(at, end))).ok()?;
    let comment = comment.trim_end();
    let gap = std::str::from_utf8(source.slice(Span::new(node.span.end, at))).ok()?;
    let meant = format!("{text}{gap}{comment}");
    let one_line = !source.slice(node.span).contains(&b'\n');
    let help = if one_line {
        // The line as it is written, with the scalar and the comment quoted as one text.
        let start = source.line_start(node.span.start);
        let before = std::str::from_utf8(source.slice(Span::new(start, node.span.start))).ok()?;
        format!(
            "if the `#` belongs to the {what}, quote it: {}; if it is a note for maintainers, \
             move it to a line of its own",
            code(format!("{}{}", before.trim_start(), quote(&meant)).as_str())
        )
    } else {
        format!(
            "if the `#` belongs to the {what}, quote the whole {what}; if it is a note for \
             maintainers, move it to a line of its own"
        )
    };
    Some(
        Finding::new(
            Rule::CommentAfterGateText,
            Span::new(at, at + comment.len()),
            format!(
                "{} after the {what} {} is a YAML comment: the Hub reads only {}",
                code(&clip(comment)),
                code(&clip(text)),
                code(&clip(text)),
            ),
        )
        .label("read as a comment")
        .help(help),
    )
}
