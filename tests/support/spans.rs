//! The span invariants every finding must keep, shared by the hostile-input and property tests.

use gatelint::span::Span;
use gatelint::Checked;

/// The first broken invariant among `checked`'s findings, when `read` bytes were read: every
/// span (primary and related) lies within the bytes read and on character boundaries of the
/// display text.
pub fn span_problem(checked: &Checked, read: usize) -> Option<String> {
    let bad = |span: &Span| {
        !(span.start <= span.end
            && span.end <= read
            && checked.text.is_char_boundary(span.start)
            && checked.text.is_char_boundary(span.end))
    };
    checked.findings.iter().find_map(|f| {
        let spans = std::iter::once(&f.span).chain(f.related.iter().map(|(s, _)| s));
        spans
            .filter(|s| bad(s))
            .map(|s| {
                format!(
                    "span {s:?} of {} outside the {read} bytes read or off a character boundary",
                    f.rule.name()
                )
            })
            .next()
    })
}
