//! `unterminated-front-matter`: see `docs/rules/unterminated-front-matter.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, Unclosed};
use crate::rule::Rule;
use crate::Card;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Fence::Unclosed { open, why } = card.front_matter.fence else {
        return;
    };
    let finding = match why {
        Unclosed::NoClosingLine => Finding::new(Rule::UnterminatedFrontMatter, open, message())
            .label("opened here, never closed")
            .help("add a line `---` after the last line of metadata"),
        Unclosed::EmptyLf => Finding::new(
            Rule::UnterminatedFrontMatter,
            open,
            "the front matter `---` is closed on the very next line, which the Hub's fence does \
             not match: the Hub sees no metadata at all",
        )
        .label("opened here; the next line does not close it")
        .help("put the metadata between the two `---` lines, or remove both"),
        // Reported by `cr-line-endings` and `front-matter-too-large`.
        Unclosed::CrOnly | Unclosed::TooLarge => return,
    };
    out.push(finding);
}

fn message() -> String {
    "the front matter opened by `---` is never closed: the Hub sees no metadata at all".into()
}
