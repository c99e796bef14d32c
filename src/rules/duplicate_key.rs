//! `duplicate-key`: see `docs/rules/duplicate-key.md`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::code;
use crate::finding::Finding;
use crate::rule::Rule;
use crate::yaml::key::{property_name_within, KEY_BUDGET};
use crate::yaml::{Document, Node, Resolved, Value};

pub fn check(doc: &Document, out: &mut Vec<Finding>) {
    if let Some(root) = &doc.root {
        walk(doc, root, out);
    }
}

fn walk(doc: &Document, node: &Node, out: &mut Vec<Finding>) {
    match &node.value {
        Value::Map(entries) => {
            let mut seen = Seen::default();
            for entry in entries {
                walk(doc, &entry.key, out);
                walk(doc, &entry.value, out);
                if entry.key.resolved() == Some(Resolved::Merge) {
                    continue;
                }
                let key = key_of(doc, &entry.key);
                match seen.get(&key) {
                    Some(first) => {
                        // Borrowed, not copied: the first key may be long and repeated often.
                        let written = |n: &Node| String::from_utf8_lossy(doc.source.slice(n.span));
                        let (a, b) = (written(first), written(&entry.key));
                        let same = if a.trim() == b.trim() {
                            String::new()
                        } else {
                            format!(
                                " ({} and {} are the same key to the Hub)",
                                written_as(a.trim()),
                                written_as(b.trim())
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
        Value::Seq(items) => items.iter().for_each(|n| walk(doc, n, out)),
        _ => {}
    }
}

/// The keys seen in one mapping. Most mappings hold a handful of keys, which a short list finds
/// faster than hashing them; past [`Seen::LIST_MAX`] keys they move into a hash map, so 50 000
/// keys stay linear.
#[derive(Default)]
struct Seen<'k, 'n> {
    list: Vec<(Cow<'k, str>, &'n Node<'n>)>,
    map: HashMap<Cow<'k, str>, &'n Node<'n>>,
}

impl<'k, 'n> Seen<'k, 'n> {
    const LIST_MAX: usize = 16;

    fn get(&self, key: &str) -> Option<&'n Node<'n>> {
        if self.map.is_empty() {
            self.list.iter().find(|(k, _)| k == key).map(|(_, n)| *n)
        } else {
            self.map.get(key).copied()
        }
    }

    fn insert(&mut self, key: Cow<'k, str>, node: &'n Node<'n>) {
        if !self.map.is_empty() {
            self.map.insert(key, node);
        } else if self.list.len() < Self::LIST_MAX {
            self.list.push((key, node));
        } else {
            self.map.extend(self.list.drain(..));
            self.map.insert(key, node);
        }
    }
}

fn message(key: &str, same: &str) -> String {
    // The empty string as YAML writes it: an empty pair of backticks reads as nothing.
    let key = if key.is_empty() {
        code("\"\"")
    } else {
        code(&clip(key))
    };
    format!("duplicated mapping key {key}{same}: the Hub rejects the push")
}

/// A key as written, for the message: in backticks, or in words when nothing is written (`?`
/// with nothing after it, a `:` with no key before it in `{ }`, a tag alone).
fn written_as(text: &str) -> String {
    if text.is_empty() {
        "an empty key".into()
    } else {
        code(&clip(text))
    }
}

/// The key as the message shows it: whole, unless it is very long (an alias to a megabyte
/// scalar, repeated 50 000 times, must not make 50 000 megabyte messages).
fn clip(text: &str) -> Cow<'_, str> {
    const MAX: usize = 200;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or_default()).into(),
        None => text.into(),
    }
}

/// The key as a JavaScript object property, as js-yaml compares keys (`yaml::key`). A key with
/// no name there (over budget: an alias bomb used as a key, `? *lol9`) is compared as unique.
fn key_of<'a>(doc: &'a Document, node: &'a Node) -> Cow<'a, str> {
    match property_name_within(doc, node, KEY_BUDGET) {
        Some(key) => key,
        // NUL cannot appear in a YAML key, so this equals no real key.
        None => Cow::Owned(format!("\0{}", node.span.start)),
    }
}
