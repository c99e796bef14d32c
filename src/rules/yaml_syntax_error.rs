//! `yaml-syntax-error`: see `docs/rules/yaml-syntax-error.md`.

use super::{clip, code, quote};
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
    .label(label(err, escape.is_some()));
    let finding = super::stray_fence_or(front_matter, finding, help);
    out.push(finding);
}

/// The label at the parser's position: what is there, in the author's terms, for the kinds whose
/// position says it; the parser's own words where they name the problem better (an unclosed
/// bracket, a missed comma, js-yaml's messages that gatelint reproduces); else where the Hub's
/// parser stops, since the message and help already name the cause.
fn label(err: &SyntaxError, escape: bool) -> String {
    match err.kind {
        SyntaxKind::Tab => "a tab".into(),
        SyntaxKind::MissingKey => "no key before this `:`".into(),
        SyntaxKind::ColonInValue => "a `: ` where the Hub's parser allows none".into(),
        SyntaxKind::SecondDocument => "a second document starts here".into(),
        SyntaxKind::UnclosedQuote => "never closed".into(),
        SyntaxKind::Escape if escape => "unknown escape".into(),
        SyntaxKind::HexEscape => "bad escape".into(),
        SyntaxKind::TextAfterQuote => "text after the closing quote".into(),
        SyntaxKind::QuotedContinuation => "indented too little".into(),
        SyntaxKind::FlowKeyLine => "the `:` is on a later line than its key".into(),
        SyntaxKind::UnknownAnchor => "no anchor of this name above".into(),
        SyntaxKind::Indicator => "a character YAML reserves".into(),
        SyntaxKind::TooDeep => "nested too deep".into(),
        SyntaxKind::UnindentedBlockScalar => "not indented under the block scalar".into(),
        SyntaxKind::NestedListKey => "a list inside a list used as a key".into(),
        SyntaxKind::Flow | SyntaxKind::FlowIndent | SyntaxKind::Other => err.message.clone(),
        SyntaxKind::Escape | SyntaxKind::BlockCollection | SyntaxKind::Indentation => {
            "the Hub's parser stops here".into()
        }
    }
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

/// Whether the last line of `before` that holds more than blanks and a comment is a `...`
/// document end marker.
fn after_document_end(before: &[u8]) -> bool {
    for line in before.split(|&c| c == b'\n' || c == b'\r').rev() {
        let text = line.trim_ascii_start();
        if text.is_empty() || text.starts_with(b"#") {
            continue;
        }
        return line.starts_with(b"...")
            && line
                .get(3..)
                .is_none_or(|rest| rest.trim_ascii().is_empty() || rest.starts_with(b" #"));
    }
    false
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
    if let Some(found) = std::str::from_utf8(line)
        .ok()
        .and_then(|line| nested_list_key(err, line_start, line))
    {
        return found;
    }
    // Text after a `...` line, which ends the YAML document (on that line, or on a later one):
    // named so, rather than as a `---` line that is not there.
    let on_end_line = line.starts_with(b"...")
        && matches!(line.get(3), Some(b' ' | b'\t'))
        && at > line_start + 3;
    let second = err.kind == SyntaxKind::SecondDocument
        || err.message.starts_with("expected a single document");
    if (second && after_document_end(bytes.get(..line_start).unwrap_or_default())) || on_end_line {
        return (
            "a `...` marker ends the YAML document, and text follows it".into(),
            "remove the `...` (the front matter is one YAML document), or move the text after it below the closing fence".into(),
        );
    }
    // A tab in this line's indentation is the cause, whatever the parser stumbled on.
    let kind = if has_tab_indent {
        SyntaxKind::Tab
    } else {
        err.kind
    };
    // A common author mistake on this line, named with the line as it should be written.
    let explainable = matches!(
        kind,
        SyntaxKind::Indentation
            | SyntaxKind::BlockCollection
            | SyntaxKind::Flow
            | SyntaxKind::Indicator
            | SyntaxKind::ColonInValue
            | SyntaxKind::TextAfterQuote
            | SyntaxKind::Other
    ) || (kind == SyntaxKind::UnknownAnchor && !defines_anchor(bytes));
    // A line that does not line up is explained as such, whatever it holds: `*x`, `&x` or `!!str`
    // on a mis-indented line are YAML, not the mistake.
    let misaligned = matches!(kind, SyntaxKind::Indentation | SyntaxKind::BlockCollection)
        && !lines_up(bytes.get(..line_start).unwrap_or_default(), indent);
    if let Some(found) = (explainable && !misaligned)
        .then(|| std::str::from_utf8(line).ok().and_then(mistake))
        .flatten()
    {
        return found;
    }
    if kind == SyntaxKind::UnknownAnchor {
        if let Some(found) = unknown_alias(bytes, at) {
            return found;
        }
    }
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
        SyntaxKind::FlowKeyLine => (
            "a key inside `{…}` or `[…]` with its `:` on a later line; the Hub's parser reads a missing comma there",
            "put the `:` on the line where the key starts, e.g. `{Name: text}`",
        ),
        SyntaxKind::FlowIndent => (
            "a value inside `[…]` or `{…}` continued on a line indented no more than its key; the Hub's parser reads a missing comma there",
            "indent the continued line more than the key, or keep the value on one line",
        ),
        SyntaxKind::UnindentedBlockScalar => (
            "the text under a top-level `|` or `>` is not indented",
            "indent every line under `|` or `>` by at least one space; front matter is usually a mapping of `key: value` lines",
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
        SyntaxKind::NestedListKey => (
            "a list used as a key holds a list, which the Hub's parser cannot read",
            "quote the inner list, so that the key holds text",
        ),
        SyntaxKind::Other => (
            err.message.as_str(),
            "fix the YAML at this position; quoting the value often helps",
        ),
    };
    (reason.to_owned(), help.to_owned())
}

/// A list used as a key that holds a list (`SyntaxKind::NestedListKey`, js-yaml's "nested arrays
/// are not supported inside keys"), at `at`. Named, with the line written so that the key holds
/// text: a label written as a flow list on its line (`[[a], b]: text`) quoted whole, else the
/// inner list quoted where it stands (`? - [Research, Education]`, `? - - a`).
fn nested_list_key(err: &SyntaxError, line_start: usize, line: &str) -> Option<(String, String)> {
    if err.kind != SyntaxKind::NestedListKey {
        return None;
    }
    let col = err.at.checked_sub(line_start)?;
    let indent = line.len() - line.trim_start_matches(' ').len();
    let content = line.get(indent..)?.trim_end();
    // A flow list as the key, on its line: `[[a], b]: text`.
    if content.starts_with('[') {
        if let Some(end) = flow_end(content) {
            if let Some(value) = content.get(end..).and_then(|r| r.strip_prefix(':')) {
                let key = content.get(..end)?;
                let fixed = format!("{}{}:{value}", line.get(..indent)?, quote(key));
                // A top-level key, or a label (or a field's key) below it.
                let noun = if indent == 0 { "key" } else { "label" };
                return Some((
                    format!(
                        "the {noun} {} is a list holding a list, which the Hub's parser cannot \
                         read as a key",
                        code(&clip(key))
                    ),
                    format!("quote the {noun}: {}", code(fixed.trim_start())),
                ));
            }
        }
    }
    let rest = line.get(col..)?.trim_end();
    let inner = if rest.starts_with('[') {
        rest.get(..flow_end(rest)?)?
    } else {
        rest
    };
    let fixed = format!(
        "{}{}{}",
        line.get(..col)?,
        quote(inner),
        rest.get(inner.len()..)?
    );
    Some((
        format!(
            "a list used as a key holds the list {}, which the Hub's parser cannot read",
            code(&clip(inner))
        ),
        format!(
            "quote the inner list, so that the key holds text: {}",
            code(fixed.trim_start())
        ),
    ))
}

/// The end of the flow collection `text` starts with (just past its closing bracket), brackets
/// inside quotes skipped; `None` when it does not close on this line.
fn flow_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// A common author mistake on the line where the parser stopped, in words, with the line as it
/// should be written: a label or value that starts with a YAML indicator, an apostrophe inside a
/// single-quoted string, a ` #` that starts a comment inside a label, a `: ` inside a plain label
/// or value, a template placeholder `{{ var }}`. `None` when the line shows none of them.
fn mistake(line: &str) -> Option<(String, String)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = line.get(indent..)?.trim_end();
    let (dash, content) = match rest.strip_prefix("- ") {
        Some(after) => ("- ", after.trim_start()),
        None => ("", rest),
    };
    if content.is_empty() || content.starts_with('#') {
        return None;
    }
    let fixed = |text: String| code(&format!("{dash}{text}"));
    // The value after the first `: ` of a plain key.
    let plain_key = !content.starts_with(['\'', '"']);
    let first_colon = content.find(": ").filter(|_| plain_key);
    // 1. An apostrophe ends a single-quoted string early.
    let starts = std::iter::once(0).chain(first_colon.map(|c| c + 2));
    for start in starts {
        let Some(token) = content.get(start..) else {
            continue;
        };
        if !token.starts_with('\'') {
            continue;
        }
        let Some(close) = single_quote_end(token) else {
            continue;
        };
        let after = token.get(close + 1..).unwrap_or_default();
        if !after.starts_with(|c: char| c.is_alphanumeric()) {
            continue;
        }
        let word_end = after
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(after.len());
        let shown = format!(
            "{}'{}",
            token
                .get(..close)
                .unwrap_or_default()
                .rsplit(' ')
                .next()
                .unwrap_or_default()
                .trim_start_matches('\''),
            after.get(..word_end).unwrap_or_default()
        );
        let reason = format!(
            "an apostrophe inside a single-quoted string (`{shown}`) ends the string early"
        );
        let line = if start == 0 {
            // A quoted label: it runs to the last `':`.
            let end = content.rfind("':")?;
            let label = content.get(1..end)?;
            format!("{}{}", quote(label), content.get(end + 1..)?)
        } else {
            let value = token.strip_prefix('\'')?;
            let value = value.strip_suffix('\'').unwrap_or(value);
            format!("{}{}", content.get(..start)?, quote(value))
        };
        return Some((
            reason,
            format!(
                "inside single quotes an apostrophe is written twice (`''`); or use double quotes: {}",
                fixed(line)
            ),
        ));
    }
    if !plain_key {
        return None;
    }
    // The label is what comes before the last `: ` when the value after it is one word (a field
    // type), else what comes before the first.
    let last_colon = content.rfind(": ");
    let (label_end, value_start) = match (first_colon, last_colon) {
        (Some(first), Some(last)) => {
            let tail = content.get(last + 2..).unwrap_or_default();
            let head = content.get(..first).unwrap_or_default();
            if head.starts_with("extra_gated_") || tail.contains(' ') || first == last {
                (first, first + 2)
            } else {
                (last, last + 2)
            }
        }
        _ => match content.strip_suffix(':') {
            Some(label) => (label.len(), content.len()),
            None => (content.len(), content.len()),
        },
    };
    let label = content.get(..label_end)?;
    let value = content.get(value_start..).unwrap_or_default();
    let with_label = |label: &str| {
        if value.is_empty() && label_end == content.len() {
            label.to_owned()
        } else if value.is_empty() {
            format!("{label}:")
        } else {
            format!("{label}: {value}")
        }
    };
    let with_value = |v: &str| format!("{}: {v}", label);
    // What the text before the `:` is to the author: a top-level key, a label (or a field's
    // key) below it, or a list item when there is no `:` at all.
    let noun = if !dash.is_empty() && label_end == content.len() {
        "list item"
    } else if indent == 0 && dash.is_empty() {
        "key"
    } else {
        "label"
    };
    let named_label = format!("the {noun} {}", code(&clip(label)));
    let named_value = format!("the value {}", code(&clip(value)));
    // 2. A template placeholder: `{{ var }}` is a mapping in YAML.
    for (text, named, what) in [(label, &named_label, noun), (value, &named_value, "value")] {
        let Some(open) = text.find("{{") else {
            continue;
        };
        let placeholder = text.get(open..).unwrap_or_default();
        let placeholder = placeholder
            .find("}}")
            .and_then(|close| placeholder.get(..close + 2))
            .unwrap_or(placeholder);
        let line = if what == "value" {
            with_value(&quote(value))
        } else {
            with_label(&quote(label))
        };
        return Some((
            format!(
                "a template placeholder {} in {named}: YAML reads `{{` as the start of a mapping",
                code(&clip(placeholder))
            ),
            format!(
                "fill the placeholder in, or quote the {what}: {}",
                fixed(line)
            ),
        ));
    }
    // 3. A label or value that starts with an indicator.
    if let Some(what) = label.chars().next().and_then(|c| indicator(c, label)) {
        return Some((
            format!("{named_label} starts with {what}"),
            format!("quote the {noun}: {}", fixed(with_label(&quote(label)))),
        ));
    }
    if let Some(what) = value.chars().next().and_then(|c| indicator(c, value)) {
        return Some((
            format!("{named_value} starts with {what}"),
            format!("quote the value: {}", fixed(with_value(&quote(value)))),
        ));
    }
    // 4. A ` #` inside a plain label starts a comment: the rest of the line is dropped.
    if let Some(hash) = label.find(" #") {
        let shown = label.get(hash + 1..).unwrap_or_default();
        return Some((
            format!(
                "a ` #` inside {named_label} starts a comment, so {} and the rest of the line are dropped",
                code(&clip(shown))
            ),
            format!("quote the {noun}: {}", fixed(with_label(&quote(label)))),
        ));
    }
    // 5. A `: ` inside a plain label or value.
    if label.contains(": ") || label.starts_with(':') {
        return Some((
            format!("a `: ` inside the unquoted {noun} {}", code(&clip(label))),
            format!("quote the {noun}: {}", fixed(with_label(&quote(label)))),
        ));
    }
    if value.contains(": ") {
        return Some((
            format!("a `: ` inside the unquoted value {}", code(&clip(value))),
            format!("quote the value: {}", fixed(with_value(&quote(value)))),
        ));
    }
    None
}

/// Whether a line indented `indent` spaces lines up with the text `before` it: it is indented at
/// least as much as the last line with content, or as much as some earlier one (a sibling of an
/// ancestor). A line that does not is mis-indented, whatever it holds.
fn lines_up(before: &[u8], indent: usize) -> bool {
    let indents: Vec<usize> = before
        .split(|&c| c == b'\n' || c == b'\r')
        .filter_map(|line| {
            let spaces = line.iter().take_while(|&&c| c == b' ').count();
            let rest = line.get(spaces..).unwrap_or_default();
            (!rest.is_empty() && !rest.starts_with(b"#")).then_some(spaces)
        })
        .collect();
    indents.last().is_none_or(|&last| indent >= last) || indents.contains(&indent)
}

/// An alias whose name matches no anchor while others exist: a misspelt alias, named with the
/// anchors defined before it and the nearest of them.
fn unknown_alias(bytes: &[u8], at: usize) -> Option<(String, String)> {
    let rest = bytes.get(at..)?.strip_prefix(b"*")?;
    let end = rest
        .iter()
        .position(|c| c.is_ascii_whitespace() || b",[]{}".contains(c))
        .unwrap_or(rest.len());
    let name = std::str::from_utf8(rest.get(..end)?).ok()?;
    let before = bytes.get(..at)?;
    let mut anchors: Vec<&str> = Vec::new();
    for (i, w) in before.windows(2).enumerate() {
        if matches!(w, [b' ' | b'\n' | b'\t' | b'[' | b',', b'&']) {
            let from = before.get(i + 2..)?;
            let len = from
                .iter()
                .position(|c| c.is_ascii_whitespace() || b",[]{}".contains(c))
                .unwrap_or(from.len());
            if let Some(anchor) = from
                .get(..len)
                .and_then(|a| std::str::from_utf8(a).ok())
                .filter(|a| !a.is_empty() && !anchors.contains(a))
            {
                anchors.push(anchor);
            }
        }
    }
    if anchors.is_empty() {
        return None;
    }
    let listed: Vec<String> = anchors
        .iter()
        .take(5)
        .map(|a| code(&format!("&{a}")))
        .collect();
    let more = if anchors.len() > 5 { ", …" } else { "" };
    let reason = format!(
        "the alias {} names no anchor defined before it; anchors defined: {}{more}",
        code(&clip(&format!("*{name}"))),
        listed.join(", ")
    );
    let help = match crate::suggest::nearest(name, anchors.iter().copied()) {
        Some(near) => format!(
            "did you mean {}? an alias repeats the node of the anchor `&name` defined above it; \
             quote a value that starts with `*` as text",
            code(&format!("*{near}"))
        ),
        None => "name an anchor `&name` defined above the alias, or quote a value that starts \
                 with `*` as text"
            .to_owned(),
    };
    Some((reason, help))
}

/// What a plain scalar starting with `c` is read as, when `c` is an indicator that breaks it.
fn indicator(c: char, text: &str) -> Option<&'static str> {
    Some(match c {
        '[' if !closes_at_end(text, '[', ']') => "`[`, which YAML reads as the start of a list",
        '{' if !closes_at_end(text, '{', '}') => "`{`, which YAML reads as the start of a mapping",
        '*' => "`*`, which YAML reads as an alias to an anchor",
        '&' => "`&`, which YAML reads as an anchor",
        '!' => "`!`, which YAML reads as a tag",
        '|' | '>' if !is_block_header(text) => {
            if c == '|' {
                "`|`, which YAML reads as the start of a block of text on the next lines"
            } else {
                "`>`, which YAML reads as the start of a block of text on the next lines"
            }
        }
        '%' => "`%`, which YAML reserves for directives",
        '@' => "`@`, which YAML reserves",
        '`' => "a backtick, which YAML reserves",
        _ => return None,
    })
}

/// Whether the flow collection that `text` opens is no plain text mistaken for one: it is left
/// open on the line (an unclosed list, `Flow`'s to explain), or it closes at the very end.
fn closes_at_end(text: &str, open: char, close: char) -> bool {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return text.get(i + 1..).is_some_and(|t| t.trim().is_empty());
            }
        }
    }
    true
}

/// Whether `text` is a block scalar header: `|` or `>`, indicators, then nothing or a comment.
fn is_block_header(text: &str) -> bool {
    let rest = text
        .get(1..)
        .unwrap_or_default()
        .trim_start_matches(|c: char| c == '+' || c == '-' || c.is_ascii_digit());
    rest.is_empty() || rest.trim_start().starts_with('#') && rest.starts_with([' ', '\t'])
}

/// The byte index of the quote that closes the single-quoted scalar `token` opens (`''` is an
/// escaped quote).
fn single_quote_end(token: &str) -> Option<usize> {
    let bytes = token.as_bytes();
    let mut i = 1;
    while let Some(&b) = bytes.get(i) {
        if b == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Whether the text defines any anchor (`&name` after a blank, a `-`, a `:` or at a line's start):
/// then an alias nobody defined is more likely a misspelt alias than text that starts with `*`.
fn defines_anchor(bytes: &[u8]) -> bool {
    bytes.windows(3).any(
        |w| matches!(w, [b' ' | b'\n' | b'\t' | b'[' | b',', b'&', c] if !c.is_ascii_whitespace()),
    )
}
