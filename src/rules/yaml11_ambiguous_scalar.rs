//! `yaml11-ambiguous-scalar`: see `docs/rules/yaml11-ambiguous-scalar.md`.

use std::collections::HashSet;

use super::anchored::{through, through_via};
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{yaml11_reading, Gate, Reading, Sites};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Node, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let doc = gate.doc;
    // A node reached twice from the same place is reported once; an anchored node used in
    // several places, at each (each alias its own finding; the fix quotes the anchor only when
    // every use needs it).
    let mut seen = HashSet::new();
    let mut report = |sites: &Sites, via: Option<&Node>, node: &Node, place: Place| {
        if let Some(finding) = finding(node, place) {
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

fn finding(node: &Node, place: Place) -> Option<Finding> {
    if node.style() != Some(Style::Plain) || node.tag.is_some() {
        return None;
    }
    let text = node.as_str()?;
    let reading = yaml11_reading(text)?;
    let quoted = format!("'{text}'");
    Some(
        Finding::new(
            Rule::Yaml11AmbiguousScalar,
            node.span,
            message(text, &reading, place),
        )
        .label(format!("`{}` in YAML 1.1", reading.python))
        .help(format!(
            "quote it, {}, so every parser reads the same string",
            super::code(&quoted)
        ))
        .fix(quote(node.span, quoted)),
    )
}

fn quote(span: Span, quoted: String) -> Fix {
    Fix {
        description: format!("quote it as {quoted}"),
        edits: vec![Edit {
            span,
            replacement: quoted,
        }],
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
