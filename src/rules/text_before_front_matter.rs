//! `text-before-front-matter`: see `docs/rules/text-before-front-matter.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::Rule;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    let Fence::Missing {
        later_block: Some(block),
        ..
    } = front_matter.fence
    else {
        return;
    };
    let key = String::from_utf8_lossy(block.gate_key.slice(front_matter.bytes));
    out.push(
        Finding::new(
            Rule::TextBeforeFrontMatter,
            block.open,
            format!(
                "this `---` block holds {} but follows other text, so it is not front matter: \
                 the Hub sees no metadata",
                super::code(&key)
            ),
        )
        .label("not front matter")
        .related(block.text_before, "text before the fence")
        .help("move the `---` block to the very top of the file; only blank lines may precede it"),
    );
}
