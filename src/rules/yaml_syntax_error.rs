//! `yaml-syntax-error`: see `docs/rules/yaml-syntax-error.md`.

use crate::finding::Finding;
use crate::rule::Rule;
use crate::span::Span;
use crate::{Card, Yaml};

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Yaml::SyntaxError(err) = card.yaml else {
        return;
    };
    let (reason, help) = explain(&err.message, card.bytes, err.at);
    // One character at the parser's position (the line break, if it stopped at the end of a line).
    let len = card
        .bytes
        .get(err.at..)
        .and_then(|rest| std::str::from_utf8(rest.get(..rest.len().min(4))?).ok().or_else(|| {
            rest.get(..1).and_then(|b| std::str::from_utf8(b).ok())
        }))
        .and_then(|s| s.chars().next())
        .map_or(0, char::len_utf8);
    out.push(
        Finding::new(
            Rule::YamlSyntaxError,
            Span::new(err.at, err.at + len),
            format!("invalid YAML: {reason}; the Hub rejects the push"),
        )
        .label(err.message.clone())
        .help(help),
    );
}

/// The parser's reason in words a card author understands, and what to do.
fn explain(message: &str, bytes: &[u8], at: usize) -> (String, String) {
    let line_start = bytes
        .get(..at)
        .and_then(|b| b.iter().rposition(|&c| c == b'\n' || c == b'\r'))
        .map_or(0, |i| i + 1);
    let line = bytes.get(line_start..).unwrap_or_default();
    let line = line
        .get(..line.iter().position(|&c| c == b'\n' || c == b'\r').unwrap_or(line.len()))
        .unwrap_or_default();
    let has_tab_indent = line.iter().take_while(|&&c| c == b' ' || c == b'\t').any(|&c| c == b'\t');
    let m = message.to_lowercase();
    if has_tab_indent || m.contains("tab") {
        return (
            "a tab in the indentation".into(),
            "indent with spaces only; YAML does not allow tabs for indentation".into(),
        );
    }
    if m.contains("mapping values are not allowed") || m.contains("':'") {
        return (
            "a `: ` inside an unquoted value or key".into(),
            "quote the text that contains `: `, e.g. `'Affiliation: company'`".into(),
        );
    }
    if m.contains("single document") {
        return (
            "a `---` line inside the front matter starts a second YAML document".into(),
            "remove the extra `---` line, or move the Markdown that follows it below the closing fence".into(),
        );
    }
    if m.contains("quoted") || m.contains("quote") {
        return (
            "a quoted string that is never closed".into(),
            "close the quote on the same value, or use a block scalar (`|`) for long text".into(),
        );
    }
    if m.contains("flow sequence") || m.contains("flow mapping") {
        return (
            "an unclosed `[` or `{`, or a missing comma between items".into(),
            "close every `[` with `]` and every `{` with `}`, with commas between items".into(),
        );
    }
    if m.contains("indent") || m.contains("block") || m.contains("expected") {
        return (
            format!("{message} (usually wrong indentation)"),
            "check the indentation of this line against the lines above it: keys of one mapping \
             must start in the same column"
                .into(),
        );
    }
    if m.contains("nesting") || m.contains("limit") {
        return (
            format!("{message}: collections nested more than 255 deep"),
            "flatten the structure; the Hub's parser runs out of stack on deep nesting".into(),
        );
    }
    if m.contains("anchor") || m.contains("alias") {
        return (
            format!("{message} (an alias `*name` without a matching `&name` before it)"),
            "define the anchor `&name` before using `*name`, or quote a value that starts with `*`".into(),
        );
    }
    (
        message.to_owned(),
        "fix the YAML at this position; quoting the value often helps".into(),
    )
}
