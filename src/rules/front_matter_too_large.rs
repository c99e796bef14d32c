//! `front-matter-too-large`: see `docs/rules/front-matter-too-large.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, Unclosed};
use crate::read::FRONT_MATTER_CAP;
use crate::rule::Rule;
use crate::Card;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    if let Fence::Unclosed {
        open,
        why: Unclosed::TooLarge,
    } = card.front_matter.fence
    {
        out.push(
            Finding::new(
                Rule::FrontMatterTooLarge,
                open,
                format!(
                    "the front matter is still open after {} MiB, gatelint's limit: it was not checked",
                    FRONT_MATTER_CAP / (1024 * 1024)
                ),
            )
            .label("opened here")
            .help("close the front matter with a `---` line; metadata this large is almost always a missing fence"),
        );
    }
}
