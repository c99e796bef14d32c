//! `yaml11-ambiguous-scalar`: see `docs/rules/yaml11-ambiguous-scalar.md`.

use std::collections::HashSet;

use super::anchored::{through, through_via};
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{yaml11_reading, Gate, Reading, Sites};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Node, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let doc = gate.doc;
    // A node reached twice from the same place is reported once; an anchored node used in
    // several places, at each (each alias its own finding; the fix quotes the anchor only when
    // every use needs it).
    let mut seen = HashSet::new();
    let mut report = |sites: &Sites, via: Option<&Node>, node: &Node, place: Place| {
        if let Some(finding) = finding(doc, node, place) {
            let finding = match via {
                Some(via) => through_via(sites, via, finding),
                None => through(sites, finding),
            };
            if seen.insert((finding.span, node.span)) {
                out.push(finding);
            }
        }
    };
    for field in &gate.fields {
        report(
            &field.sites,
            Some(field.label),
            field.label_value,
            Place::Label,
        );
        // Also the options of a field whose `type` is misspelt or missing (`tpye: select`):
        // they still reach Python tools as booleans. A misspelt type's value (`type: Select`)
        // keeps them a select's.
        for item in field.any_option_items(doc).unwrap_or_default() {
            report(&field.sites, Some(item.written), item.node, Place::Option);
            for key in ["label", "value"] {
                if let Some(entry) = item.node.get(key) {
                    // Inside an aliased option, the option's alias is where this use is edited.
                    let via = if std::ptr::eq(item.written, item.node) {
                        &entry.value
                    } else {
                        item.written
                    };
                    report(
                        &field.sites,
                        Some(via),
                        doc.resolve(&entry.value),
                        Place::Option,
                    );
                }
            }
        }
    }
    for entry in &gate.texts {
        let key = entry.key.scalar().unwrap_or_default();
        report(
            &gate.sites_of(entry),
            None,
            doc.resolve(&entry.value),
            Place::Text(key),
        );
    }
}

/// Where the scalar sits, for the message.
#[derive(Clone, Copy)]
enum Place<'k> {
    Label,
    Option,
    Text(&'k str),
}

fn finding(doc: &Document, node: &Node, place: Place) -> Option<Finding> {
    // A scalar tagged `!`, the non-specific tag, quoted or not (`! "No"`): PyYAML resolves it as
    // if it were plain (its parser marks it implicit), js-yaml keeps the string.
    let bang = match node.tag.as_deref() {
        None if node.style() == Some(Style::Plain) => None,
        Some(tag) if tag.non_specific => Some(tag),
        _ => return None,
    };
    let text = node.as_str()?;
    // `y` and `n` are booleans to strict YAML 1.1 parsers, not to PyYAML; whether those read
    // them tagged `!` so is not known here.
    if bang.is_some() && matches!(text, "y" | "Y" | "n" | "N") {
        return None;
    }
    let reading = yaml11_reading(text)?;
    Some(build(
        doc,
        node,
        bang.map(|t| t.span),
        text,
        &reading,
        place,
    ))
}

/// The finding for `node`, whose `text` YAML 1.1 reads so; `tag`: the `!` it is tagged with.
#[cold]
fn build(
    doc: &Document,
    node: &Node,
    tag: Option<Span>,
    text: &str,
    reading: &Reading,
    place: Place,
) -> Finding {
    let quoted = format!("'{text}'");
    let help = match tag {
        Some(_) => format!(
            "drop the `!` (it makes PyYAML read the value as if it were unquoted) and quote it, \
             {}, so every parser reads the same string",
            super::code(&quoted)
        ),
        None => format!(
            "quote it, {}, so every parser reads the same string",
            super::code(&quoted)
        ),
    };
    let finding = Finding::new(
        Rule::Yaml11AmbiguousScalar,
        node.span,
        message(text, reading, place),
    )
    .label(format!("`{}` in YAML 1.1", reading.python))
    .help(help);
    // A block scalar (`! >-` and its lines) is left to the author.
    match node.style() {
        Some(Style::Literal | Style::Folded) => finding,
        _ => finding.fix(quote(doc, node, tag, quoted)),
    }
}

/// The fix: the scalar quoted, and its `!` tag dropped, with the blanks after it when only
/// blanks stand between (an anchor or a comment between stays).
fn quote(doc: &Document, node: &Node, tag: Option<Span>, quoted: String) -> Fix {
    let blanks = |tag: Span| {
        doc.source
            .slice(Span::new(tag.end, node.span.start))
            .iter()
            .all(|&c| c == b' ' || c == b'\t')
    };
    let edits = match tag {
        Some(tag) if blanks(tag) => vec![Edit {
            span: tag.to(node.span),
            replacement: quoted.clone(),
        }],
        Some(tag) => vec![
            Edit {
                span: tag,
                replacement: String::new(),
            },
            Edit {
                span: node.span,
                replacement: quoted.clone(),
            },
        ],
        None => vec![Edit {
            span: node.span,
            replacement: quoted.clone(),
        }],
    };
    Fix {
        description: format!("quote it as {quoted}"),
        edits,
    }
}

fn message(text: &str, reading: &Reading, place: Place) -> String {
    let what = match place {
        Place::Label => format!("field label {}", super::code(text)),
        Place::Option => format!("select option {}", super::code(text)),
        Place::Text(key) => format!("{} value {}", super::code(key), super::code(text)),
    };
    let collide = match place {
        Place::Label => ", where it collides with every other label read the same way",
        _ => "",
    };
    format!(
        "{what} is a string to the Hub but `{}` to {}{collide}",
        reading.python, reading.who
    )
}
