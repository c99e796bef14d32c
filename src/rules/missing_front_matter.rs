//! `missing-front-matter`: see `docs/rules/missing-front-matter.md`.

use crate::card::Origin;
use crate::finding::Finding;
use crate::frontmatter::{Fence, FrontMatter};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Document, Resolved};

/// `origin`: a file found by a directory walk, without front matter, is an ordinary README and
/// not a card unless gate keys appear elsewhere in it (`stranded-gate-key` reports them).
pub fn check(
    front_matter: &FrontMatter,
    doc: Option<&Document>,
    origin: Origin,
    out: &mut Vec<Finding>,
) {
    match &front_matter.fence {
        // Other rules explain why these have no front matter.
        Fence::Missing {
            open_trailing: None,
            later_block: None,
        } => {
            if origin == Origin::Walked && front_matter.body_gate_keys().is_empty() {
                return;
            }
            let at = crate::frontmatter::leading_whitespace_len(front_matter.bytes);
            let line_end = front_matter
                .bytes
                .iter()
                .skip(at)
                .position(|&b| b == b'\n' || b == b'\r')
                .map_or(front_matter.bytes.len(), |i| at + i);
            out.push(
                Finding::new(Rule::MissingFrontMatter, Span::new(at, line_end), missing())
                    .label("the card starts here, without `---`")
                    .help("start the card with a `---` line, the YAML metadata, and a closing `---` line"),
            );
        }
        Fence::Closed { open, close, .. } if doc.is_some_and(is_empty) => {
            let finding = Finding::new(Rule::MissingFrontMatter, open.to(*close), empty())
                .label("nothing between the fences");
            // `---\n---\n# Title\n---`: the block ran on to a later `---` rule.
            let finding = match front_matter.stray_second_fence() {
                Some(stray) => finding
                    .related(stray, "this `---` does not close the front matter")
                    .help(
                        "the Hub's fence needs a line between the two `---`, so the block runs \
                         on to the next `---` line: remove this `---` line, or put the metadata \
                         above it",
                    ),
                None => {
                    finding.help("add the card's metadata (at least `license:`) between the fences")
                }
            };
            out.push(finding);
        }
        _ => {}
    }
}

fn is_empty(doc: &Document) -> bool {
    match &doc.root {
        None => true,
        Some(node) => node.resolved() == Some(Resolved::Null),
    }
}

fn missing() -> String {
    "the card has no front matter: the Hub shows \"empty or missing yaml metadata in repo card\" \
     and no gate settings apply"
        .into()
}

fn empty() -> String {
    "the front matter is empty: the Hub shows \"empty or missing yaml metadata in repo card\""
        .into()
}

#[cfg(test)]
mod tests {
    use crate::card::Origin;
    use crate::read::prefix_of;
    use crate::rule::Rule;
    use crate::rules::lint_prefix_from;

    fn fires(text: &str, origin: Origin) -> bool {
        lint_prefix_from(&prefix_of(text.as_bytes()), origin)
            .iter()
            .any(|f| f.rule == Rule::MissingFrontMatter)
    }

    #[test]
    fn a_walk_is_quiet_on_a_readme_that_is_not_a_card() {
        let plain = "# Scripts\n\nRun `make`.\n";
        assert!(fires(plain, Origin::Named));
        assert!(!fires(plain, Origin::Walked));
        // Gate keys elsewhere in it: a card without its front matter, in a walk too.
        let keys = "# Model\n\n```yaml\nextra_gated_prompt: Agree\n```\n";
        assert!(fires(keys, Origin::Walked));
        // An empty block was meant as metadata.
        assert!(fires("---\n# license: mit\n---\n# T\n", Origin::Walked));
    }
}
