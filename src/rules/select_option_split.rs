//! `select-option-split`: see `docs/rules/select-option-split.md`.
//!
//! Two ways a select's options are not the choices the author wrote:
//! - one option that holds several comma-separated choices (`options: ["Academia, Industry"]`,
//!   or `- Academia, Industry`), when it is the select's only option: a select of one choice is
//!   never meant. A single option that reads as a sentence (a part of more than four words) or
//!   an answer (`Yes, I agree`) is left alone;
//! - a plain item of a `[…]` flow list whose brackets close in a later item:
//!   `[Academia (university, lab), Industry]` is the three options `Academia (university`,
//!   `lab)` and `Industry`, as every comma of a flow list separates items.

use super::anchored::through_via;
use super::code;
use crate::finding::Finding;
use crate::gate::{short, Field, FieldKind, Gate, Item};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for (field, options) in gate.selects() {
        if let [only] = options.as_slice() {
            one_option(gate.doc, field, *only, out);
        }
        if is_flow_list(gate, field) {
            // An alias item is a whole node, never a piece of a cut choice.
            let written: Vec<Option<&Node>> = options
                .iter()
                .map(|item| std::ptr::eq(item.written, item.node).then_some(item.node))
                .collect();
            cut_brackets(field, &written, out);
        }
    }
}

/// The text an option shows: a string, or a `{label, value}` mapping's label; with where it is
/// written and the node as written at this use (see `anchored::through_via`).
fn shown<'n>(doc: &'n Document, item: Item<'n, 'n>) -> Option<(&'n str, Span, &'n Node<'n>)> {
    let option = item.node;
    match option.as_str() {
        Some(text) => Some((text, option.span, item.written)),
        None => {
            let written = &option.get("label")?.value;
            let label = doc.resolve(written);
            let via = if std::ptr::eq(item.written, option) {
                written
            } else {
                item.written
            };
            Some((label.as_str()?, label.span, via))
        }
    }
}

const ANSWERS: [&str; 6] = ["yes", "no", "ok", "okay", "i agree", "agree"];

fn one_option(doc: &Document, field: &Field, item: Item, out: &mut Vec<Finding>) {
    let Some((text, span, via)) = shown(doc, item) else {
        return;
    };
    // A `{label, value}` option whose value names one choice: the comma in its label is meant.
    if let Some(value) = item.node.get("value") {
        if doc
            .resolve(&value.value)
            .as_str()
            .is_some_and(|v| !v.contains(','))
        {
            return;
        }
    }
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || p.split_whitespace().count() > 4)
        || parts
            .first()
            .is_some_and(|p| ANSWERS.contains(&p.to_lowercase().as_str()))
    {
        return;
    }
    let listed: Vec<String> = parts
        .iter()
        .map(|p| code(&format!("- {}", short(p))))
        .collect();
    out.push(through_via(
        &field.sites,
        via,
        Finding::new(
            Rule::SelectOptionSplit,
            span,
            format!(
                "select {} has one option, {}, which reads as {} choices: the Hub shows it as \
                 one choice",
                code(&short(field.label_text)),
                code(&short(text)),
                parts.len()
            ),
        )
        .label("one option, several choices")
        .help(format!(
            "give each choice its own line under `options`: {}",
            listed.join(", ")
        )),
    ));
}

/// Whether the select's `options` is written as a `[…]` flow list.
fn is_flow_list(gate: &Gate, field: &Field) -> bool {
    let FieldKind::Full {
        options: Some(options),
        ..
    } = field.kind
    else {
        return false;
    };
    gate.doc.source.get(options.value.span.start) == Some(b'[')
}

/// How far a text opens brackets: `(`, `[` and `{` count one up, their closers one down.
fn depth(text: &str) -> i64 {
    text.chars()
        .map(|c| match c {
            '(' | '[' | '{' => 1,
            ')' | ']' | '}' => -1,
            _ => 0,
        })
        .sum()
}

fn cut_brackets(field: &Field, options: &[Option<&Node>], out: &mut Vec<Finding>) {
    let mut i = 0;
    while let Some(first) = options.get(i) {
        let Some(first) = first else {
            i += 1;
            continue;
        };
        let plain = |n: &Node| n.style() == Some(Style::Plain) && n.is_string();
        let open = first.as_str().map_or(0, depth);
        if !plain(first) || open <= 0 {
            i += 1;
            continue;
        }
        // The run of plain items that closes what `first` opened.
        let mut level = open;
        let mut end = i;
        for (j, item) in options.iter().enumerate().skip(i + 1) {
            let Some(text) = item.and_then(|n| n.as_str().filter(|_| plain(n))) else {
                break;
            };
            level += depth(text);
            if level <= 0 {
                end = j;
                break;
            }
        }
        if end == i {
            i += 1;
            continue;
        }
        let run: Vec<&Node> = options
            .get(i..=end)
            .unwrap_or_default()
            .iter()
            .flatten()
            .copied()
            .collect();
        let texts: Vec<&str> = run.iter().filter_map(|n| n.as_str()).collect();
        let pieces: Vec<String> = texts.iter().map(|t| code(&short(t))).collect();
        let whole = texts.join(", ");
        let last = run.last().map_or(first.span, |n| n.span);
        out.push(
            Finding::new(
                Rule::SelectOptionSplit,
                first.span.to(last),
                format!(
                    "select {} has the options {}, one choice cut at its commas: in a `[…]` \
                     list every comma separates options, even inside brackets",
                    code(&short(field.label_text)),
                    pieces.join(", ")
                ),
            )
            .label(format!("{} options on the form", run.len()))
            .help(format!(
                "quote the choice to keep it whole: {}",
                code(&format!("\"{}\"", short(&whole)))
            )),
        );
        i = end + 1;
    }
}
