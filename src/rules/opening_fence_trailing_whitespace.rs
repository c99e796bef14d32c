//! `opening-fence-trailing-whitespace`: see `docs/rules/opening-fence-trailing-whitespace.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::Rule;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    if let Fence::Missing {
        open_trailing: Some(open),
        ..
    } = front_matter.fence
    {
        out.push(
            Finding::new(
                Rule::OpeningFenceTrailingWhitespace,
                open.trailing,
                "the opening `---` has trailing whitespace, so it never opens: the Hub sees no metadata at all",
            )
            .label("trailing whitespace")
            .help("remove the spaces or tabs after the opening `---`"),
        );
    }
}
