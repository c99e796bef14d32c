//! `unknown-tag`: see `docs/rules/unknown-tag.md`.

use crate::finding::Finding;
use crate::rule::Rule;
use crate::yaml::{Node, Resolved, Style, Tag, Value};
use crate::{Card, Yaml};

/// The tags js-yaml 4's default schema knows, under `tag:yaml.org,2002:`.
const KNOWN: [&str; 13] = [
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "binary", "omap",
    "pairs", "set",
];

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Yaml::Parsed(doc) = card.yaml else {
        return;
    };
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
                    "unknown tag `{written}`: the Hub's parser knows only the YAML core tags \
                     (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`, …) and rejects the push"
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
                format!("tag `{written}` is for a {wants}, not a {kind}: the Hub rejects the push"),
            )
            .label(format!("on a {kind}"))
            .help("remove the tag; plain YAML needs none"),
        );
    }
    let fits = match (suffix, &node.value) {
        ("int" | "float" | "bool" | "null" | "timestamp", Value::Scalar { text, .. }) => {
            let as_plain = crate::yaml::resolve(text, Style::Plain, None);
            match suffix {
                "int" => as_plain == Resolved::Int,
                "float" => matches!(as_plain, Resolved::Float | Resolved::Int),
                "bool" => matches!(as_plain, Resolved::Bool(_)),
                "null" => as_plain == Resolved::Null,
                _ => as_plain == Resolved::Timestamp,
            }
        }
        _ => true,
    };
    (!fits).then(|| {
        Finding::new(
            Rule::UnknownTag,
            tag.span,
            format!("tag `{written}` does not fit the value `{}`: the Hub rejects the push", node.scalar().unwrap_or_default()),
        )
        .label("tag and value disagree")
        .help("remove the tag, or write a value of that type")
    })
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
