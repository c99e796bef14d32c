//! `front-matter-bom`: see `docs/rules/front-matter-bom.md`.

use crate::finding::{Edit, Finding, Fix};
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::Rule;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    let Some(bom) = front_matter.bom else {
        return;
    };
    if matches!(front_matter.fence, Fence::Missing { .. }) {
        return;
    }
    out.push(
        Finding::new(
            Rule::FrontMatterBom,
            bom,
            "the card starts with a UTF-8 byte order mark: the Hub reads the metadata, but \
             `huggingface_hub` before 2.3 sees none",
        )
        .label("byte order mark (U+FEFF)")
        .help("save the file as UTF-8 without BOM")
        .fix(Fix {
            description: "remove the byte order mark".into(),
            edits: vec![Edit {
                span: bom,
                replacement: String::new(),
            }],
        }),
    );
}
