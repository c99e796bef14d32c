//! `front-matter-not-mapping`: see `docs/rules/front-matter-not-mapping.md`.

use crate::finding::Finding;
use crate::frontmatter::FrontMatter;
use crate::rule::Rule;
use crate::yaml::{Document, Node, Resolved, Value};

pub fn check(front_matter: &FrontMatter, doc: &Document, out: &mut Vec<Finding>) {
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    let resolved = doc.resolve(root);
    if resolved.entries().is_some() || resolved.resolved() == Some(Resolved::Null) {
        return;
    }
    let finding = Finding::new(
        Rule::FrontMatterNotMapping,
        root.span,
        message(resolved.describe()),
    )
    .label(format!("{} at the top level", resolved.describe()));
    let finding = super::stray_fence_or(
        front_matter,
        finding,
        help(resolved, root.span.slice(front_matter.bytes)),
    );
    out.push(finding);
}

fn message(what: &str) -> String {
    format!(
        "the front matter is {what}, not a mapping of keys to values: `huggingface_hub` raises \
         \"repo card metadata block should be a dict\" and the Hub sees no gate"
    )
}

fn help(root: &Node, source: &[u8]) -> String {
    let first_line = String::from_utf8_lossy(
        source
            .split(|&b| b == b'\n' || b == b'\r')
            .next()
            .unwrap_or_default(),
    );
    match &root.value {
        Value::Seq(items) if items.iter().all(|i| i.entries().is_some()) => {
            "remove the `- ` before each key: the top level is `key: value` lines, e.g. \
             `license: mit`"
                .into()
        }
        // `license llama3`: a key and a value without the colon.
        Value::Scalar { style, .. } if style.is_plain() => match first_line.split_once(' ') {
            Some((key, value))
                if key.len() > 1
                    && !value.trim().is_empty()
                    && key.chars().all(|c| {
                        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-'
                    }) =>
            {
                format!(
                    "a key needs a colon and a space after it: write {}",
                    super::code(&format!("{key}: {}", value.trim()))
                )
            }
            _ => "write the metadata as `key: value` lines, e.g. `license: mit`".into(),
        },
        _ => "write the metadata as `key: value` lines, e.g. `license: mit`".into(),
    }
}
