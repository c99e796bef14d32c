//! `cr-line-endings`: see `docs/rules/cr-line-endings.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, FrontMatter, Unclosed};
use crate::rule::Rule;
use crate::span::Span;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    let (open, message) = match front_matter.fence {
        Fence::Unclosed {
            open,
            why: Unclosed::CrOnly,
        } => (open, unclosed()),
        Fence::Closed {
            open,
            cr_only: true,
            ..
        } => (open, closed_by_chance()),
        _ => return,
    };
    out.push(
        Finding::new(
            Rule::CrLineEndings,
            Span::new(open.start, open.end + 1),
            message,
        )
        .label("`---` followed by a lone CR")
        .help("convert the file to LF (or CRLF) line endings"),
    );
}

fn unclosed() -> String {
    "the card uses CR-only line endings (old Mac style), and the Hub's closing fence needs `---` \
     followed by LF, CRLF or the end of the file: the Hub sees no metadata"
        .into()
}

fn closed_by_chance() -> String {
    "the front matter uses CR-only line endings (old Mac style): the Hub finds it only because \
     the closing `---` happens to end the file or its line in LF, and text added after it may hide \
     the metadata"
        .into()
}
