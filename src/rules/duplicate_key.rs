//! `duplicate-key`: see `docs/rules/duplicate-key.md`.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::finding::Finding;
use crate::rule::Rule;
use crate::yaml::{Document, Node, Resolved, Value};
use crate::{Card, Yaml};

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Yaml::Parsed(doc) = card.yaml else {
        return;
    };
    if let Some(root) = &doc.root {
        walk(doc, card.bytes, root, out);
    }
}

fn walk(doc: &Document, bytes: &[u8], node: &Node, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Map(entries) => {
            let mut seen: HashMap<Cow<str>, &Node> = HashMap::with_capacity(entries.len());
            for entry in entries {
                walk(doc, bytes, &entry.key, out);
                walk(doc, bytes, &entry.value, out);
                if entry.key.resolved() == Some(Resolved::Merge) {
                    continue;
                }
                let key = key_string(doc, &entry.key);
                match seen.get(&key) {
                    Some(first) => {
                        let written =
                            |n: &Node| String::from_utf8_lossy(n.span.slice(bytes)).into_owned();
                        let (a, b) = (written(first), written(&entry.key));
                        let same = if a.trim() == b.trim() {
                            String::new()
                        } else {
                            format!(
                                " (`{}` and `{}` are the same key to the Hub)",
                                a.trim(),
                                b.trim()
                            )
                        };
                        out.push(
                            Finding::new(Rule::DuplicateKey, entry.key.span, message(&key, &same))
                                .label("duplicate key")
                                .related(first.span, "first given here")
                                .help("remove one of the two, or rename one; the Hub rejects the push, while Python tools silently keep the last value"),
                        );
                    }
                    None => {
                        seen.insert(key, &entry.key);
                    }
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| walk(doc, bytes, n, out)),
        _ => {}
    }
}

fn message(key: &str, same: &str) -> String {
    format!("duplicated mapping key `{key}`{same}: the Hub rejects the push")
}

/// The key as a JavaScript object property, as js-yaml compares keys.
fn key_string<'a>(doc: &'a Document, node: &'a Node) -> Cow<'a, str> {
    let node = doc.resolve(node);
    match &node.value {
        Value::Scalar { text, .. } => match node.resolved() {
            Some(Resolved::Null) => "null".into(),
            Some(Resolved::Bool(b)) => if b { "true" } else { "false" }.into(),
            Some(Resolved::Int) => int_string(text).map_or(Cow::Borrowed(&**text), Cow::Owned),
            Some(Resolved::Float) => float_string(text).map_or(Cow::Borrowed(&**text), Cow::Owned),
            _ => Cow::Borrowed(text),
        },
        Value::Map(_) => "[object Object]".into(),
        Value::Seq(items) => items
            .iter()
            .map(|n| key_string(doc, n).into_owned())
            .collect::<Vec<_>>()
            .join(",")
            .into(),
        Value::Alias(_) => "".into(),
    }
}

fn int_string(text: &str) -> Option<String> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    let (neg, body) = match clean.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, clean.strip_prefix('+').unwrap_or(&clean)),
    };
    let value = if let Some(hex) = body.strip_prefix("0x") {
        i128::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = body.strip_prefix("0o") {
        i128::from_str_radix(oct, 8).ok()?
    } else if let Some(bin) = body.strip_prefix("0b") {
        i128::from_str_radix(bin, 2).ok()?
    } else {
        body.parse::<i128>().ok()?
    };
    Some(if neg { -value } else { value }.to_string())
}

fn float_string(text: &str) -> Option<String> {
    let value: f64 = text.replace('_', "").parse().ok()?;
    if value.fract() == 0.0 && value.abs() < 1e21 {
        Some(format!("{value:.0}"))
    } else {
        Some(value.to_string())
    }
}
