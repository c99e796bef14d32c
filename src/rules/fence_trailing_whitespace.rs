//! `fence-trailing-whitespace`: see `docs/rules/fence-trailing-whitespace.md`.

use crate::finding::{Edit, Finding, Fix};
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::{Rule, Severity};

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    match front_matter.fence {
        Fence::Closed {
            close_trailing: Some(trailing),
            ..
        } => out.push(
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
        ),
        Fence::Missing {
            open_trailing: Some(open),
            ..
        } => out.push(
            Finding::new(
                Rule::FenceTrailingWhitespace,
                open.trailing,
                "the opening `---` has trailing whitespace, so it never opens: the Hub sees no metadata at all",
            )
            .severity(Severity::Error)
            .label("trailing whitespace")
            .help("remove the spaces or tabs after the opening `---`"),
        ),
        _ => {}
    }
}
