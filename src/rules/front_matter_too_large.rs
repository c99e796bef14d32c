//! `front-matter-too-large`: see `docs/rules/front-matter-too-large.md`.

use crate::finding::Finding;
use crate::frontmatter::FRONT_MATTER_CAP;
use crate::frontmatter::{Fence, FrontMatter, Unclosed};
use crate::rule::Rule;

pub fn check(front_matter: &FrontMatter, out: &mut Vec<Finding>) {
    if let Fence::Unclosed {
        open,
        why: Unclosed::TooLarge,
    } = front_matter.fence
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

#[cfg(test)]
mod tests {
    use crate::frontmatter::FRONT_MATTER_CAP;
    use crate::rule::Rule;
    use crate::rules::lint;

    /// A card whose front matter (`closed` or not) holds more than the cap.
    fn card(closed: bool) -> Vec<u8> {
        let mut bytes = b"---\nlicense: mit\nextra_gated_prompt: >-\n".to_vec();
        while bytes.len() <= FRONT_MATTER_CAP {
            bytes.extend_from_slice(b"  You agree to share your contact information.\n");
        }
        if closed {
            bytes.extend_from_slice(b"---\n");
        }
        bytes.extend_from_slice(b"# Model\n");
        bytes
    }

    fn rules(bytes: &[u8]) -> Vec<Rule> {
        lint(bytes).iter().map(|f| f.rule).collect()
    }

    #[test]
    fn an_unclosed_block_past_the_cap_is_reported_at_the_opening_fence() {
        let bytes = card(false);
        let findings = lint(&bytes);
        assert_eq!(rules(&bytes), [Rule::FrontMatterTooLarge]);
        assert_eq!(
            findings.first().map(|f| (f.span.start, f.span.end)),
            Some((0, 3))
        );
    }

    #[test]
    fn a_block_closed_only_past_the_cap_is_not_read_either() {
        assert_eq!(rules(&card(true)), [Rule::FrontMatterTooLarge]);
    }

    #[test]
    fn a_block_just_under_the_cap_is_checked() {
        let mut bytes = b"---\nlicense: mit\nextra_gated_prompt: >-\n".to_vec();
        while bytes.len() < FRONT_MATTER_CAP - 200 {
            bytes.extend_from_slice(b"  You agree to share your contact information.\n");
        }
        bytes.extend_from_slice(b"---\n# Model\n");
        assert!(rules(&bytes).is_empty(), "{:?}", rules(&bytes));
    }
}
