//! `yaml11-ambiguous-scalar`: see `docs/rules/yaml11-ambiguous-scalar.md`.

use std::collections::HashSet;

use crate::card::Card;
use crate::finding::Finding;
use crate::finding::{Edit, Fix};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Node, Style};

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Some(gate) = card.gate else {
        return;
    };
    let doc = gate.doc;
    // An anchored node reached through several aliases is reported once.
    let mut seen = HashSet::new();
    let mut report = |node: &Node, place: Place| {
        if let Some(finding) = finding(node, place) {
            if seen.insert(node.span) {
                out.push(finding);
            }
        }
    };
    for field in &gate.fields {
        report(field.label, Place::Label);
        for option in field.options(doc).unwrap_or_default() {
            report(option, Place::Option);
            for key in ["label", "value"] {
                if let Some(entry) = option.get(key) {
                    report(doc.resolve(&entry.value), Place::Option);
                }
            }
        }
    }
    for entry in &gate.texts {
        let key = entry.key.scalar().unwrap_or_default();
        report(doc.resolve(&entry.value), Place::Text(key));
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
            "quote it, `{quoted}`, so every parser reads the same string"
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
        Place::Label => format!("field label `{text}`"),
        Place::Option => format!("select option `{text}`"),
        Place::Text(key) => format!("`{key}` value `{text}`"),
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

/// What a YAML 1.1 parser makes of a plain scalar that js-yaml (YAML 1.2) reads as a string.
pub(super) struct Reading {
    /// The value as Python prints it: `True`, `False`, `90`.
    pub python: String,
    /// Who reads it so.
    pub who: &'static str,
}

const PYYAML: &str = "Python clients (PyYAML)";

pub(super) fn yaml11_reading(text: &str) -> Option<Reading> {
    let (python, who) = match text {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => ("True".to_string(), PYYAML),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => ("False".to_string(), PYYAML),
        "y" | "Y" => (
            "True".to_string(),
            "strict YAML 1.1 parsers such as Go's yaml.v2 (PyYAML keeps it a string)",
        ),
        "n" | "N" => (
            "False".to_string(),
            "strict YAML 1.1 parsers such as Go's yaml.v2 (PyYAML keeps it a string)",
        ),
        _ => (sexagesimal(text)?.to_string(), PYYAML),
    };
    Some(Reading { python, who })
}

/// PyYAML's base-60 integers: `1:30` is 90. js-yaml 4 reads them as strings.
fn sexagesimal(text: &str) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut parts = body.split(':');
    let raw = parts.next()?;
    let head = raw.replace('_', "");
    if !raw.starts_with(|c: char| ('1'..='9').contains(&c))
        || !head.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut value: i64 = head.parse().ok()?;
    let mut count = 0;
    for part in parts {
        count += 1;
        let digit_ok = (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit());
        let n: i64 = part.parse().ok().filter(|n| digit_ok && *n < 60)?;
        value = value.checked_mul(60)?.checked_add(n)?;
    }
    if count == 0 {
        return None;
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_pyyaml() {
        assert_eq!(yaml11_reading("Yes").map(|r| r.python), Some("True".into()));
        assert_eq!(
            yaml11_reading("OFF").map(|r| r.python),
            Some("False".into())
        );
        assert_eq!(yaml11_reading("1:30").map(|r| r.python), Some("90".into()));
        assert_eq!(
            yaml11_reading("190:20:30").map(|r| r.python),
            Some("685230".into())
        );
        assert!(yaml11_reading("yES").is_none());
        assert!(yaml11_reading("01:30").is_none());
        assert!(yaml11_reading("1:60").is_none());
        assert!(yaml11_reading("1:").is_none());
        assert!(yaml11_reading("Country").is_none());
    }
}
