//! `front-matter-not-mapping`: see `docs/rules/front-matter-not-mapping.md`.

use crate::finding::Finding;
use crate::rule::Rule;
use crate::yaml::Resolved;
use crate::{Card, Yaml};

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Yaml::Parsed(doc) = card.yaml else {
        return;
    };
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    let resolved = doc.resolve(root);
    if resolved.entries().is_some() || resolved.resolved() == Some(Resolved::Null) {
        return;
    }
    out.push(
        Finding::new(
            Rule::FrontMatterNotMapping,
            root.span,
            format!(
                "the front matter is {}, not a mapping of keys to values: `huggingface_hub` raises \
                 \"repo card metadata block should be a dict\" and the Hub sees no gate",
                resolved.describe()
            ),
        )
        .label(format!("{} at the top level", resolved.describe()))
        .help("write the metadata as `key: value` lines, e.g. `license: mit`"),
    );
}
