//! `yaml-syntax-error`: see `docs/rules/yaml-syntax-error.md`.

use crate::finding::Finding;
use crate::frontmatter::FrontMatter;
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{SyntaxError, SyntaxKind};

pub fn check(front_matter: &FrontMatter, err: &SyntaxError, out: &mut Vec<Finding>) {
    let bytes = front_matter.bytes;
    let (mut reason, help) = explain(err, bytes);
    // An unknown escape: point at it rather than at the opening quote, and name it.
    let escape = (err.kind == SyntaxKind::Escape)
        .then(|| bad_escape(bytes, err.at))
        .flatten();
    if let Some(i) = escape {
        let shown = String::from_utf8_lossy(bytes.get(i..i + 2).unwrap_or_default());
        reason = format!("an unknown escape `{shown}` inside a double-quoted string");
    }
    let at = escape.unwrap_or(err.at);
    // One character at the parser's position (the line break, if it stopped at the end of a
    // line); two for an escape.
    let len = match bytes.get(at) {
        None => 0,
        Some(b'\\') => 1 + bytes.get(at + 1).map_or(0, |&b| utf8_len(b)),
        Some(&b) => utf8_len(b),
    };
    let finding = Finding::new(
        Rule::YamlSyntaxError,
        Span::new(at, at + len),
        format!("invalid YAML: {reason}; the Hub rejects the push"),
    )
    .label(err.message.clone());
    let finding = super::stray_fence_or(front_matter, finding, help);
    out.push(finding);
}

/// The length of the UTF-8 character that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The first backslash in the double-quoted scalar at `from` that starts no YAML escape.
fn bad_escape(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from + usize::from(bytes.get(from) == Some(&b'"'));
    loop {
        match bytes.get(i)? {
            b'"' => return None,
            b'\\' => {
                let next = *bytes.get(i + 1)?;
                if !b"0abt\tnvfre \"/\\N_LPxuU\n\r".contains(&next) {
                    return Some(i);
                }
                i += 2;
            }
            _ => i += 1,
        }
    }
}

/// The parser's reason in words a card author understands, and what to do.
fn explain(err: &SyntaxError, bytes: &[u8]) -> (String, String) {
    let at = err.at;
    let line_start = bytes
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n' || c == b'\r'))
        .map_or(0, |i| i + 1);
    let line = bytes.get(line_start..).unwrap_or_default();
    let line = line
        .get(
            ..line
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .unwrap_or(line.len()),
        )
        .unwrap_or_default();
    let indent = line
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    let has_tab_indent = line.get(..indent).unwrap_or_default().contains(&b'\t');
    let list_item = line
        .get(indent..)
        .is_some_and(|rest| rest == b"-" || rest.starts_with(b"- "));
    // A tab in this line's indentation is the cause, whatever the parser stumbled on.
    let kind = if has_tab_indent {
        SyntaxKind::Tab
    } else {
        err.kind
    };
    let (reason, help) = match kind {
        SyntaxKind::Tab => (
            "a tab in the indentation",
            "indent with spaces only; YAML does not allow tabs for indentation",
        ),
        SyntaxKind::MissingKey => (
            "a `:` with no key before it",
            "write the key before the `:`, or quote the whole line if it is text that belongs to the value above",
        ),
        SyntaxKind::ColonInValue => (
            "a `: ` inside an unquoted value or key",
            "quote the text that contains `: `, e.g. `'Affiliation: company'`",
        ),
        SyntaxKind::SecondDocument => (
            "a `---` line inside the front matter starts a second YAML document",
            "remove the extra `---` line, or move the Markdown that follows it below the closing fence",
        ),
        SyntaxKind::UnclosedQuote => (
            "a quoted string that is never closed",
            "close the quote on the same value, or use a block scalar (`|`) for long text",
        ),
        SyntaxKind::Escape | SyntaxKind::HexEscape => (
            "an unknown `\\` escape inside a double-quoted string",
            "inside double quotes a backslash starts an escape: use single quotes, or write `\\\\` for a backslash",
        ),
        SyntaxKind::TextAfterQuote => (
            "text after the closing quote of a quoted value",
            "a quoted value ends at its closing quote: quote the whole text, e.g. `'\"Name\" of the company'`",
        ),
        SyntaxKind::QuotedContinuation => (
            "a quoted string continues on a line indented less than its key",
            "indent the continuation lines more than the key, or use a block scalar (`>-`)",
        ),
        SyntaxKind::Flow => (
            "an unclosed `[` or `{`, or a missing comma between items",
            "close every `[` with `]` and every `{` with `}`, with commas between items",
        ),
        SyntaxKind::UnknownAnchor => (
            "an alias `*name` without a matching `&name` before it",
            "define the anchor `&name` before using `*name`, or quote a value that starts with `*`",
        ),
        SyntaxKind::Indicator => (
            "a value that starts with a YAML indicator (`*`, `&`, `!`, `@`, `%` or a backtick)",
            "quote the value, e.g. `'*required'`",
        ),
        SyntaxKind::TooDeep => (
            "collections nested too deep",
            "flatten the structure; the Hub's parser runs out of stack on deep nesting",
        ),
        SyntaxKind::BlockCollection if list_item => (
            "a list item `- ` where a `key: value` line was expected",
            "a mapping cannot hold list items directly: put the list under a key, indented, or write `key: value`",
        ),
        SyntaxKind::BlockCollection | SyntaxKind::Indentation => (
            "a line that does not line up with the lines above it",
            "check the indentation of this line against the lines above it: keys of one mapping \
             must start in the same column, and a value must be indented more than its key",
        ),
        SyntaxKind::Other => (
            err.message.as_str(),
            "fix the YAML at this position; quoting the value often helps",
        ),
    };
    (reason.to_owned(), help.to_owned())
}
