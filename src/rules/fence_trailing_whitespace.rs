//! `fence-trailing-whitespace`: see `docs/rules/fence-trailing-whitespace.md`.

use crate::finding::{Edit, Finding, Fix};
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::Rule;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    if let Fence::Closed {
        close_trailing: Some(trailing),
        ..
    } = front_matter.fence
    {
        out.push(
            Finding::new(
                Rule::FenceTrailingWhitespace,
                trailing,
                "the closing `---` has trailing whitespace: `huggingface_hub` before 1.25 sees no metadata",
            )
            .label("trailing whitespace")
            .help("remove the spaces or tabs after the closing `---`")
            .fix(Fix {
                description: "remove the trailing whitespace".into(),
                edits: vec![Edit {
                    span: trailing,
                    replacement: String::new(),
                }],
            }),
        );
    }
}
