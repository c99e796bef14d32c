//! `duplicate-key`: see `docs/rules/duplicate-key.md`.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::finding::Finding;
use crate::rule::Rule;
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
                                " (`{}` and `{}` are the same key to the Hub)",
                                clip(a.trim()),
                                clip(b.trim())
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
    let key = clip(key);
    format!("duplicated mapping key `{key}`{same}: the Hub rejects the push")
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

/// How much key text is built to compare one key: an alias bomb used as a key (`? *lol9`) would
/// otherwise expand to gigabytes. A key over budget is compared as unique.
const KEY_BUDGET: usize = 64 * 1024;

/// How many lists (through aliases) a key may nest before it is compared as unique.
const KEY_DEPTH: usize = 64;

fn key_of<'a>(doc: &'a Document, node: &'a Node) -> Cow<'a, str> {
    let mut budget = KEY_BUDGET;
    let mut open = Vec::new();
    let key = key_string(doc, node, &mut budget, &mut open);
    if budget == 0 {
        // NUL cannot appear in a YAML key, so this equals no real key.
        Cow::Owned(format!("\0{}", node.span.start))
    } else {
        key
    }
}

/// The key as a JavaScript object property, as js-yaml compares keys.
/// `budget` is spent on the text built and drops to 0 when it runs out; `open` holds the lists
/// being joined, so that a list containing itself joins as `""`, as in JavaScript.
fn key_string<'a>(
    doc: &'a Document,
    node: &'a Node,
    budget: &mut usize,
    open: &mut Vec<*const Node<'a>>,
) -> Cow<'a, str> {
    let node = doc.resolve(node);
    if *budget == 0 || open.len() >= KEY_DEPTH {
        *budget = 0;
        return "".into();
    }
    let key: Cow<'a, str> = match &node.value {
        Value::Scalar { text, .. } => match node.resolved() {
            Some(Resolved::Null) => "null".into(),
            Some(Resolved::Bool(b)) => if b { "true" } else { "false" }.into(),
            Some(Resolved::Int) => int_string(text).map_or(Cow::Borrowed(&**text), Cow::Owned),
            Some(Resolved::Float) => float_string(text).map_or(Cow::Borrowed(&**text), Cow::Owned),
            _ => Cow::Borrowed(text),
        },
        Value::Map(_) => "[object Object]".into(),
        Value::Seq(_) if open.contains(&(node as *const Node)) => "".into(),
        Value::Seq(items) => {
            open.push(node);
            let mut joined = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    joined.push(',');
                }
                joined.push_str(&key_string(doc, item, budget, open));
                if *budget == 0 {
                    break;
                }
            }
            open.pop();
            joined.into()
        }
        Value::Alias(_) => "".into(),
    };
    *budget = budget.saturating_sub(key.len().max(1));
    key
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
    // `.inf`, `.Inf`, `-.INF`, `.nan`: JavaScript's `Infinity`, `-Infinity`, `NaN`.
    let body = text.trim_start_matches(['-', '+']);
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return Some(
            if text.starts_with('-') {
                "-Infinity"
            } else {
                "Infinity"
            }
            .into(),
        );
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some("NaN".into());
    }
    let value: f64 = text.replace('_', "").parse().ok()?;
    if value == 0.0 {
        // `-0.0` is `0` as a JavaScript property name.
        return Some("0".into());
    }
    if value.fract() == 0.0 && value.abs() < 1e21 {
        Some(format!("{value:.0}"))
    } else {
        Some(value.to_string())
    }
}
