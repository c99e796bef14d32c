//! `unterminated-front-matter`: see `docs/rules/unterminated-front-matter.md`.

use crate::finding::Finding;
use crate::frontmatter::{Fence, FrontMatter, Unclosed};
use crate::rule::Rule;
use crate::span::Span;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    let Fence::Unclosed { open, why } = front_matter.fence else {
        return;
    };
    let finding = match why {
        Unclosed::NoClosingLine => {
            let finding = Finding::new(Rule::UnterminatedFrontMatter, open, never_closed())
                .label("opened here, never closed");
            match front_matter.near_closing_fence(open) {
                Some(near) => {
                    let (label, help) = near_miss(front_matter.bytes, near);
                    finding.related(near, label).help(help)
                }
                None => finding.help("add a line `---` after the last line of metadata"),
            }
        }
        Unclosed::EmptyLf => Finding::new(Rule::UnterminatedFrontMatter, open, empty_lf())
            .label("opened here; the next line does not close it")
            .help("put the metadata between the two `---` lines, or remove both"),
        // Reported by `cr-line-endings` and `front-matter-too-large`.
        Unclosed::CrOnly | Unclosed::TooLarge => return,
    };
    out.push(finding);
}

fn never_closed() -> String {
    "the front matter opened by `---` is never closed: the Hub sees no metadata at all".into()
}

fn empty_lf() -> String {
    "the front matter `---` is closed on the very next line, which the Hub's fence does not \
     match: the Hub sees no metadata at all"
        .into()
}

/// Why a line that looks like a closing fence is not one, and what to do.
fn near_miss(bytes: &[u8], near: Span) -> (&'static str, &'static str) {
    let text = near.slice(bytes);
    let line_start = bytes
        .get(..near.start)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n' || c == b'\r'))
        .map_or(0, |i| i + 1);
    if text == b"..." {
        (
            "`...` ends a YAML document, not the front matter",
            "replace `...` with `---`",
        )
    } else if line_start < near.start {
        (
            "indented, so not a closing fence",
            "remove the blanks before this `---`: the closing fence starts at the beginning of its line",
        )
    } else if text != b"---" {
        (
            "not exactly `---`",
            "make this line exactly `---` (spaces may follow it, nothing else)",
        )
    } else {
        ("followed by a lone CR", "end this line with LF or CRLF")
    }
}
