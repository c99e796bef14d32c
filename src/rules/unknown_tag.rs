//! `unknown-tag`: see `docs/rules/unknown-tag.md`.

use super::code;
use crate::finding::Finding;
use crate::rule::Rule;
use crate::yaml::{Document, Node, Resolved, Style, Tag, Value};

/// The tags js-yaml 4's default schema knows, under `tag:yaml.org,2002:`.
const KNOWN: [&str; 13] = [
    "str",
    "int",
    "float",
    "bool",
    "null",
    "map",
    "seq",
    "timestamp",
    "merge",
    "binary",
    "omap",
    "pairs",
    "set",
];

pub fn check(doc: &Document, out: &mut Vec<Finding>) {
    if !doc.has_tags() {
        return; // most documents: no need to visit every node
    }
    if let Some(root) = &doc.root {
        walk(root, out);
    }
}

fn walk(node: &Node, out: &mut Vec<Finding>) {
    if let Some(tag) = &node.tag {
        if let Some(finding) = check_tag(node, tag) {
            out.push(finding);
        }
    }
    match &node.value {
        Value::Map(entries) => entries.iter().for_each(|e| {
            walk(&e.key, out);
            walk(&e.value, out);
        }),
        Value::Seq(items) => items.iter().for_each(|n| walk(n, out)),
        _ => {}
    }
}

fn check_tag(node: &Node, tag: &Tag) -> Option<Finding> {
    if tag.non_specific {
        return None;
    }
    let written = &tag.written;
    let Some(suffix) = tag.core_suffix.as_deref().filter(|s| KNOWN.contains(s)) else {
        return Some(
            Finding::new(
                Rule::UnknownTag,
                tag.span,
                format!(
                    "unknown tag {}: the Hub's parser knows only the YAML core tags \
                     (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`, …) and rejects the push",
                    code(written)
                ),
            )
            .label("unknown tag")
            .help(help_for(written)),
        );
    };
    let kind = match &node.value {
        Value::Map(_) => "mapping",
        Value::Seq(_) => "sequence",
        _ => "scalar",
    };
    let wants = match suffix {
        "map" => "mapping",
        "seq" | "omap" | "pairs" => "sequence",
        "set" => "mapping",
        _ => "scalar",
    };
    if kind != wants {
        return Some(
            Finding::new(
                Rule::UnknownTag,
                tag.span,
                format!(
                    "tag {} is for a {wants}, not a {kind}: the Hub rejects the push",
                    code(written)
                ),
            )
            .label(format!("on a {kind}"))
            .help("remove the tag; plain YAML needs none"),
        );
    }
    let fits = match &node.value {
        Value::Scalar { text, style } => scalar_fits(suffix, text, *style),
        Value::Map(entries) if suffix == "set" => entries
            .iter()
            .all(|e| e.value.resolved() == Some(Resolved::Null)),
        Value::Seq(items) if suffix == "omap" || suffix == "pairs" => {
            let mut keys = Vec::with_capacity(items.len());
            items.iter().all(|item| match item.entries() {
                Some([only]) => {
                    let fresh = suffix == "pairs" || !keys.contains(&only.key.scalar());
                    keys.push(only.key.scalar());
                    fresh
                }
                _ => false,
            })
        }
        _ => true,
    };
    (!fits).then(|| {
        let value = node.scalar().map_or(String::new(), |text| match text {
            "" => ", not an empty value".to_owned(),
            _ => format!(", not {}", code(text)),
        });
        Finding::new(
            Rule::UnknownTag,
            tag.span,
            format!(
                "tag {} needs {}{value}: the Hub rejects the push",
                code(written),
                needs(suffix)
            ),
        )
        .label("tag and value disagree")
        .help("remove the tag, or write a value of that type")
    })
}

/// Whether js-yaml 4 constructs a scalar written as `text` under the core tag `suffix`.
fn scalar_fits(suffix: &str, text: &str, style: Style) -> bool {
    let as_plain = crate::yaml::resolve(text, Style::Plain, None);
    match suffix {
        "int" => as_plain == Resolved::Int,
        // js-yaml's float pattern, which takes a decimal integer but no `0x`, `0o` or `0b` one.
        "float" => crate::yaml::is_float(text),
        "bool" => matches!(as_plain, Resolved::Bool(_)),
        // An empty plain scalar is null; an empty quoted one is the string "".
        "null" => as_plain == Resolved::Null && (style.is_plain() || !text.is_empty()),
        "timestamp" => as_plain == Resolved::Timestamp,
        "merge" => text == "<<",
        // No text at all is null, which js-yaml's binary type refuses (`""` or an empty `|` is
        // three zero bytes).
        "binary" => !(text.is_empty() && style.is_plain()) && is_base64(text),
        _ => true,
    }
}

/// js-yaml's binary check: base64 characters (line breaks skipped), a whole number of bytes.
fn is_base64(text: &str) -> bool {
    let mut bits = 0usize;
    for c in text.chars() {
        match c {
            '\n' | '\r' => {}
            'A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '/' | '=' => bits += 6,
            _ => return false,
        }
    }
    bits.is_multiple_of(8)
}

/// What a core tag needs, for the message.
fn needs(suffix: &str) -> &'static str {
    match suffix {
        "int" => "an integer",
        "float" => "a number",
        "bool" => "`true` or `false`",
        "null" => "`null` or `~`",
        "timestamp" => "a date such as `2024-01-31`",
        "merge" => "`<<`",
        "binary" => "base64 text",
        "set" => "a mapping whose values are all null",
        "omap" => "a list of one-key mappings with distinct keys",
        "pairs" => "a list of one-key mappings",
        _ => "a value of its type",
    }
}

fn help_for(written: &str) -> String {
    if written.contains("python/") {
        "write a plain YAML list or mapping instead; PyYAML's `yaml.dump` writes `!!python/…` \
         tags for tuples and objects, use `yaml.safe_dump`"
            .into()
    } else {
        "remove the tag; the Hub accepts only plain YAML".into()
    }
}
