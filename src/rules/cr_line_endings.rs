//! `cr-line-endings`: see `docs/rules/cr-line-endings.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, Unclosed};
use crate::rule::Rule;
use crate::span::Span;
use crate::Card;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let open = match card.front_matter.fence {
        Fence::Unclosed {
            open,
            why: Unclosed::CrOnly,
        } => open,
        Fence::Closed {
            open,
            cr_only: true,
            ..
        } => open,
        _ => return,
    };
    out.push(
        Finding::new(
            Rule::CrLineEndings,
            Span::new(open.start, open.end + 1),
            "the card uses CR-only line endings (old Mac style), which the Hub's closing fence never \
             matches: the Hub sees no metadata",
        )
        .label("line ends with a lone CR")
        .help("convert the file to LF (or CRLF) line endings"),
    );
}
