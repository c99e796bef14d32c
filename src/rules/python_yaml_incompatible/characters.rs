//! Characters PyYAML refuses or reads otherwise: non-printable ones, tabs where it allows none,
//! anchor and alias names, duplicate anchors, Unicode line breaks.

use super::*;

/// Characters PyYAML's reader refuses anywhere in the stream, even inside quotes or a comment:
/// everything but tab, line feed, carriage return, printable ASCII, NEL, and U+00A0 up (less
/// the surrogates and U+FFFE, U+FFFF). js-yaml refuses most of them only outside quotes.
pub(super) fn pyyaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

pub(super) fn non_printable(text: &Text, out: &mut Vec<Finding>) {
    // Most front matter is printable ASCII: one pass over the bytes settles it.
    if text
        .text
        .bytes()
        .all(|b| matches!(b, b'\t' | b'\n' | b'\r' | b' '..=b'~'))
    {
        return;
    }
    let mut last_line = None;
    for (at, c) in text.text.char_indices() {
        if pyyaml_printable(c) {
            continue;
        }
        let line = line_of(text.text, at);
        if last_line == Some(line) {
            continue;
        }
        last_line = Some(line);
        let code = format!("U+{:04X}", u32::from(c));
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                text.span(at, at + c.len_utf8()),
                format!(
                    "{WHO}: PyYAML refuses the control character {code} anywhere, even inside \
                     quotes or a comment"
                ),
            )
            .label(format!("{code} here"))
            .help(format!(
                "remove it; to keep it in a value, write it as the escape `\\u{:04x}` inside \
                 double quotes",
                u32::from(c)
            )),
        );
    }
}

/// An anchor `&name` found between the scalars.
pub(super) struct Anchor<'t> {
    name: &'t str,
    span: Span,
}

/// Reads the text outside the scalars (and inside the plain and block ones, for tabs): tabs
/// where PyYAML allows none, and anchor and alias names it cannot read. Returns the anchors.
pub(super) fn gaps<'t>(text: &Text<'t>, tree: &Tree, out: &mut Vec<Finding>) -> Vec<Anchor<'t>> {
    let bytes = text.text.as_bytes();
    let mut anchors = Vec::new();
    // Without a tab, an `&` or a `*` anywhere, there is nothing to find (most cards).
    if !bytes.iter().any(|&b| matches!(b, b'\t' | b'&' | b'*')) {
        return anchors;
    }
    let mut tab_lines = Vec::new();
    // Tabs between tokens, outside every scalar: the ones a fix may rewrite.
    let mut gap_tabs = Vec::new();
    let mut scalars = tree.scalars.iter().peekable();
    // A BOM that starts the text is no character to either parser (PyYAML's scanner and
    // js-yaml skip it): what follows it starts a token.
    let bom = if text.text.starts_with('\u{feff}') {
        3
    } else {
        0
    };
    let mut at = bom;
    while at < bytes.len() {
        if let Some(scalar) = scalars.peek() {
            let start = text.local(scalar.span.start);
            if at >= start {
                let end = text.local(scalar.span.end).max(at);
                scalar_tabs(text, scalar, &mut tab_lines);
                scalars.next();
                at = end;
                continue;
            }
        }
        let Some(&b) = bytes.get(at) else { break };
        let previous = at
            .checked_sub(1)
            .filter(|_| at > bom)
            .and_then(|i| bytes.get(i))
            .copied();
        let token_start = matches!(
            previous,
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',')
        );
        match b {
            b'#' if token_start => {
                // A comment: to the end of the line.
                at = bytes
                    .get(at..)
                    .unwrap_or_default()
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r')
                    .map_or(bytes.len(), |i| at + i);
                continue;
            }
            b'\t' => gap_tabs.push(at),
            // A directive other than `YAML` and `TAG` whose name ends in a space: PyYAML skips
            // the rest of its line (`scan_directive`), tabs and all.
            b'%' if matches!(previous, None | Some(b'\n' | b'\r')) => {
                let line = bytes.get(at + 1..).unwrap_or_default();
                let line = line
                    .get(..memchr::memchr2(b'\n', b'\r', line).unwrap_or(line.len()))
                    .unwrap_or_default();
                let name = line
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
                    .count();
                let skipped = name > 0
                    && line.get(name) == Some(&b' ')
                    && !matches!(line.get(..name), Some(b"YAML" | b"TAG"));
                if skipped {
                    at += 1 + line.len();
                    continue;
                }
            }
            b'&' | b'*' if token_start => {
                let len = bytes
                    .get(at + 1..)
                    .unwrap_or_default()
                    .iter()
                    .position(|c| {
                        matches!(
                            c,
                            b' ' | b'\t' | b'\n' | b'\r' | b',' | b'[' | b']' | b'{' | b'}'
                        )
                    })
                    .unwrap_or(bytes.len() - at - 1);
                let name = text.text.get(at + 1..at + 1 + len).unwrap_or_default();
                let span = text.span(at, at + 1 + len);
                let reported = out.len();
                anchor_name(b, name, span, out);
                if out.len() == reported {
                    match bytes.get(at + 1 + len) {
                        Some(&next @ (b'[' | b'{')) if pyyaml_name(name) => {
                            glued_collection(b, name, next, span, out);
                        }
                        _ if b == b'&' => early_end(text, tree, name, span, out),
                        _ => {}
                    }
                }
                if b == b'&' {
                    anchors.push(Anchor { name, span });
                }
                at += 1 + len;
                continue;
            }
            _ => {}
        }
        at += 1;
    }
    // Scalars are visited in order, but a scalar's tabs come after the gap before it: sort.
    tab_lines.extend(gap_tabs.iter().copied());
    tab_lines.sort_unstable();
    let mut last_line = None;
    for at in tab_lines {
        let line = line_of(text.text, at);
        if last_line != Some(line) {
            last_line = Some(line);
            out.push(tab(text, at, gap_tabs.binary_search(&at).is_ok()));
        }
    }
    anchors
}

/// Tabs inside a scalar that PyYAML refuses: any in a plain scalar; in a block scalar, one in
/// the indentation of its lines (`Scanner.scan_block_scalar_indentation` takes spaces only).
/// Quoted scalars may hold tabs.
pub(super) fn scalar_tabs(text: &Text, scalar: &Scalar, tabs: &mut Vec<usize>) {
    let start = text.local(scalar.span.start);
    let body = text.at(scalar.span);
    match scalar.style {
        Style::Plain => tabs.extend(body.match_indices('\t').map(|(i, _)| start + i)),
        Style::Literal | Style::Folded => {
            let (first, rest) = body.split_once('\n').unwrap_or((body, ""));
            let before = text
                .text
                .get(line_of(text.text, start)..start)
                .unwrap_or_default();
            if first.starts_with(['|', '>']) && rest.trim().is_empty() && !before.trim().is_empty()
            {
                // An empty block scalar at the end of the text, whose span is its header
                // (`k: |<tab>`): PyYAML refuses a tab there before any comment.
                let header = first.split('#').next().unwrap_or_default();
                tabs.extend(header.match_indices('\t').map(|(i, _)| start + i));
                return;
            }
            // The block's indentation is that of its first line, where the span starts.
            let indent = start - line_of(text.text, start);
            let mut offset = 0;
            for line in body.split_inclusive('\n') {
                if offset > 0 {
                    let lead = line.as_bytes().get(..indent).unwrap_or(line.as_bytes());
                    if let Some(i) = lead.iter().position(|&c| c != b' ') {
                        if lead.get(i) == Some(&b'\t') {
                            tabs.push(start + offset + i);
                        }
                    }
                }
                offset += line.len();
            }
        }
        Style::SingleQuoted | Style::DoubleQuoted => {}
    }
}

/// The finding for a tab at local offset `at`, named for where it stands.
/// `between_tokens`: the tab is outside every scalar, so that a fix may rewrite it.
pub(super) fn tab(text: &Text, at: usize, between_tokens: bool) -> Finding {
    let bytes = text.text.as_bytes();
    let line = line_of(text.text, at);
    let before = bytes.get(line..at).unwrap_or_default();
    let after = bytes.get(at + 1..).unwrap_or_default();
    let previous = before.iter().rev().find(|c| !matches!(c, b' ' | b'\t'));
    let next = after.iter().find(|c| !matches!(c, b' ' | b'\t'));
    let (place, help) = match (previous, next) {
        (_, None | Some(b'\n' | b'\r')) => (
            "a tab at the end of a line",
            "remove the tab at the end of the line",
        ),
        (_, Some(b'#')) => (
            "a tab before a comment",
            "put spaces before the `#`, not a tab",
        ),
        (Some(b':'), _) => ("a tab after `:`", "put a space after the `:`, not a tab"),
        (Some(b'-'), _) if before.last() != Some(&b'-') || before.len() > 1 => {
            ("a tab after `-`", "put a space after the `-`, not a tab")
        }
        (Some(b','), _) => ("a tab after `,`", "put a space after the `,`, not a tab"),
        (Some(b'|' | b'>'), _) => (
            "a tab after a block scalar's `|` or `>`",
            "remove the tab after the `|` or `>`",
        ),
        (None, _) => ("a tab in the indentation", "indent with spaces only"),
        (_, Some(b':')) if separator_follows(after) => {
            ("a tab before a key's `:`", "remove the tab before the `:`")
        }
        _ if inside_word(before, after) => (
            "a tab inside an unquoted value",
            "quote the value (PyYAML accepts a tab inside quotes), or write a space",
        ),
        _ => (
            "a tab between two parts of a line",
            "write a space instead of the tab",
        ),
    };
    let finding = Finding::new(
        Rule::PythonYamlIncompatible,
        text.span(at, at + 1),
        format!("{WHO}: PyYAML refuses {place} (js-yaml, the Hub's parser, accepts it)"),
    )
    .label("tab")
    .help(help);
    // After a `:` separator, the blanks up to the value become one space: what js-yaml reads
    // stays the same, and PyYAML reads it too.
    let value_follows = !matches!(next, None | Some(b'\n' | b'\r' | b'#'));
    if between_tokens && previous == Some(&b':') && value_follows {
        let start = line + before.iter().rposition(|&c| c == b':').map_or(0, |i| i + 1);
        let end = at
            + 1
            + after
                .iter()
                .take_while(|c| matches!(c, b' ' | b'\t'))
                .count();
        return finding.fix(Fix {
            description: "replace the tab after `:` with a space".into(),
            edits: vec![Edit {
                span: text.span(start, end),
                replacement: " ".into(),
            }],
        });
    }
    finding
}

/// Whether the first non-blank byte of `after` is a `:` that separates a key from its value
/// (followed by a blank, a line break or the end), as in `Name<tab>: text`.
fn separator_follows(after: &[u8]) -> bool {
    let rest = after.iter().skip_while(|c| matches!(c, b' ' | b'\t'));
    let mut rest = rest.skip(1);
    matches!(rest.next(), None | Some(b' ' | b'\t' | b'\n' | b'\r'))
}

/// Whether the tab sits between two characters of one plain value (`He<tab>llo`).
pub(super) fn inside_word(before: &[u8], after: &[u8]) -> bool {
    let prev = before.last().copied();
    let next = after.first().copied();
    matches!(prev, Some(c) if !matches!(c, b' ' | b'\t'))
        && matches!(next, Some(c) if !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

/// PyYAML reads an anchor or alias name as letters, digits, `-` and `_` only, and throws when
/// another character follows but for a few that end it (`Scanner.scan_anchor`).
pub(super) fn anchor_name(indicator: u8, name: &str, span: Span, out: &mut Vec<Finding>) {
    let bad = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'));
    let throws = match bad {
        None => name.is_empty(),
        Some((0, _)) => true,
        // These end PyYAML's name (NEL, U+2028 and U+2029 are line breaks to it), and the rest
        // is read as something else: no error there. `%`, `@` and a backtick end it too, but
        // then start the next token, which none of them can ("found character '%' that cannot
        // start any token"): an error.
        Some((_, c)) => !matches!(c, '?' | ':' | '\u{85}' | '\u{2028}' | '\u{2029}'),
    };
    if !throws {
        return;
    }
    let what = if indicator == b'&' { "anchor" } else { "alias" };
    let sigil = char::from(indicator);
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            span,
            format!(
                "{WHO}: PyYAML refuses the {what} name `{sigil}{name}`: it allows only letters, \
                 digits, `-` and `_`"
            ),
        )
        .label(format!("{what} name"))
        .help(format!(
            "rename the anchor and each of its aliases with letters, digits, `-` and `_` only \
             (`{sigil}{}`)",
            suggest_anchor(name)
        )),
    );
}

/// Whether PyYAML reads all of `name` as an anchor or alias name.
fn pyyaml_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
}

/// An anchor or alias name with a `[` or `{` right after it (`&research{label: …}`): js-yaml
/// ends the name there and reads the collection, PyYAML throws (`Scanner.scan_anchor` lets only
/// a blank or one of `?:,]}%@` and a backtick end a name).
fn glued_collection(indicator: u8, name: &str, next: u8, span: Span, out: &mut Vec<Finding>) {
    let what = if indicator == b'&' { "anchor" } else { "alias" };
    let (sigil, next) = (char::from(indicator), char::from(next));
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            span,
            format!(
                "{WHO}: PyYAML needs a space between the {what} `{sigil}{name}` and the `{next}` \
                 right after it (`expected alphabetic or numeric character, but found \
                 '{next}'`); js-yaml ends the name at the `{next}`"
            ),
        )
        .label(format!("`{next}` glued to the {what}"))
        .help(format!(
            "put a space after the {what}: `{sigil}{name} {next}`"
        )),
    );
}

/// An anchor name that PyYAML ends early, at a `?` or `:` (which it lets end a name), where the
/// rest of the name is then an indicator PyYAML refuses; js-yaml reads the whole name up to a
/// blank. Two shapes:
///
/// - a name ending in `?` (`&a0? text`): PyYAML reads an explicit key's `?` right after the
///   anchor, which it refuses in a block (`mapping keys are not allowed here`) and in a flow
///   collection (`expected ',' or ']', but got '?'`);
/// - a name ending in `:` (`size: &siz: e`, `&siz: e: 1`), PyYAML's name ending at a `:` or `?`
///   before it: PyYAML reads a key's `:` right after the anchor, which it refuses where no key
///   may start, after an implicit key's `:` on the same line, and when the anchor's node is
///   itself a key, whose own `:` then comes second (`mapping values are not allowed here`).
///   Elsewhere (`- &siz: e`, an anchor at the start of a line) PyYAML loads a mapping with an
///   empty key, another value than js-yaml's but no error.
fn early_end(text: &Text, tree: &Tree, name: &str, span: Span, out: &mut Vec<Finding>) {
    let Some((end, c)) = name
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    else {
        return;
    };
    if end == 0 || !matches!(c, '?' | ':') {
        return;
    }
    let (indicator, error) = if name.ends_with('?') && end + 1 == name.len() {
        (
            "the explicit key's `?`",
            "mapping keys are not allowed here",
        )
    } else if name.ends_with(':') && colon_refused(text, tree, span) {
        ("the key's `:`", "mapping values are not allowed here")
    } else {
        return;
    };
    let (kept, rest) = name.split_at(end);
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            span,
            format!(
                "{WHO}: PyYAML reads the anchor `&{name}` as `&{kept}` followed by `{rest}`, \
                 and refuses {indicator} there (`{error}`); js-yaml reads the anchor name \
                 `{name}`"
            ),
        )
        .label("anchor name")
        .help(format!(
            "rename the anchor and each of its aliases with letters, digits, `-` and `_` only \
             (`&{}`)",
            suggest_anchor(name.trim_end_matches(['?', ':']))
        )),
    );
}

/// Whether the anchor at `span`, whose name ends in `:`, stands where PyYAML refuses a key's
/// `:`: on the line of an implicit key, after its `:` (the anchor's node is that key's value),
/// or on an implicit key itself.
fn colon_refused(text: &Text, tree: &Tree, span: Span) -> bool {
    let bytes = text.text.as_bytes();
    // Only blanks and other properties (`!tag`, `&name`) between, on one line.
    let props = |from: usize, to: usize| {
        bytes
            .get(text.local(from)..text.local(to))
            .is_some_and(|between| {
                !between.contains(&b'\n')
                    && !between.contains(&b'\n')
                    && between
                        .split(|&c| c == b' ' || c == b'\t')
                        .all(|word| word.is_empty() || matches!(word.first(), Some(b'!' | b'&')))
            })
    };
    tree.anchored_keys
        .iter()
        .any(|&key| key >= span.end && props(span.end, key))
        || tree.anchored_values.iter().any(|&key_end| {
            key_end <= span.start
                && bytes
                    .get(text.local(key_end)..text.local(span.start))
                    .is_some_and(|between| {
                        between.first() == Some(&b':') && props(key_end + 1, span.start)
                    })
        })
}

pub(super) fn suggest_anchor(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() {
        "name".into()
    } else {
        s
    }
}

pub(super) fn duplicate_anchors(anchors: &[Anchor], out: &mut Vec<Finding>) {
    let mut first: HashMap<&str, Span> = HashMap::new();
    for anchor in anchors {
        match first.get(anchor.name) {
            Some(&earlier) => out.push(
                Finding::new(
                    Rule::PythonYamlIncompatible,
                    anchor.span,
                    format!(
                        "{WHO}: PyYAML refuses a second anchor `&{}` (js-yaml lets the later one \
                         win)",
                        anchor.name
                    ),
                )
                .label("defined again")
                .related(earlier, "first defined here")
                .help("give this anchor a name of its own, and its aliases with it"),
            ),
            None => {
                first.insert(anchor.name, anchor.span);
            }
        }
    }
}

/// The characters PyYAML takes for line breaks and js-yaml (YAML 1.2) does not.
pub(super) fn unicode_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// NEL, U+2028 and U+2029 outside quotes end a line for PyYAML. The text is read again with
/// each of them as a line feed: when that no longer parses, PyYAML throws.
pub(super) fn line_breaks(text: &Text, doc: &Document, tree: &Tree, out: &mut Vec<Finding>) {
    if text.text.is_ascii() || !text.text.contains(unicode_break) {
        return;
    }
    let quoted: Vec<(usize, usize)> = tree
        .scalars
        .iter()
        .filter(|s| matches!(s.style, Style::SingleQuoted | Style::DoubleQuoted))
        .map(|s| (text.local(s.span.start), text.local(s.span.end)))
        .collect();
    let inside_quotes = |at: usize| quoted.iter().any(|&(s, e)| s <= at && at < e);
    let mut rewritten = String::with_capacity(text.text.len());
    // (offset in the rewritten text, offset in the original, the character)
    let mut breaks = Vec::new();
    for (at, c) in text.text.char_indices() {
        if unicode_break(c) && !inside_quotes(at) {
            breaks.push((rewritten.len(), at, c));
            rewritten.push('\n');
        } else {
            rewritten.push(c);
        }
    }
    if breaks.is_empty() {
        return;
    }
    // js-yaml's own rule for a plain value continued inside `[…]` on a line indented too
    // little (`FlowIndent`), which PyYAML does not have: the break that made the line is read
    // as the space PyYAML folds it into, and the text read again.
    let mut parsed = yaml::parse(&rewritten, 0).map(|_| ());
    while let Err(err) = &parsed {
        if err.kind != yaml::SyntaxKind::FlowIndent {
            break;
        }
        let Some(i) = breaks.iter().rposition(|(new, _, _)| *new < err.at) else {
            return;
        };
        let (new, _, _) = breaks.remove(i);
        rewritten.replace_range(new..new + 1, " ");
        parsed = yaml::parse(&rewritten, 0).map(|_| ());
    }
    if breaks.is_empty() {
        return;
    }
    let (failed_at, what) = match yaml::parse(&rewritten, 0) {
        // A `---` line that the break makes: whether PyYAML sees a second document or the
        // first one's start cannot be told from gatelint's parser; say nothing.
        Err(err) if err.kind == yaml::SyntaxKind::SecondDocument => return,
        Err(err) => (err.at, "the text after it no longer parses"),
        // Parsed: a root mapping (or nothing) must stay one, or Python gets no dict, and its
        // keys strings (`a: x<U+2028>? ` gives a `None` key).
        Ok(new) => match new.root.as_ref().map(|root| new.resolve(root)) {
            None => return,
            Some(root) => match root.entries() {
                Some(entries) => {
                    let mut keys = Vec::new();
                    top_level_keys(&new, entries, &mut keys);
                    let Some(first) = keys.first() else { return };
                    // Keys that are no strings without the breaks are reported as they are.
                    let mut before = Vec::new();
                    if let Some(entries) = doc.root.as_ref().and_then(|r| doc.resolve(r).entries())
                    {
                        top_level_keys(doc, entries, &mut before);
                    }
                    if !before.is_empty() {
                        return;
                    }
                    (
                        first.span.start,
                        "a top-level key starts that PyYAML reads as no string \
                         (`ModelCard.load`: `TypeError: keywords must be strings`)",
                    )
                }
                None if root.resolved() == Some(yaml::Resolved::Null) => return,
                None => (rewritten.len(), "the front matter is no longer a mapping"),
            },
        },
    };
    // The break that PyYAML's reading trips over: the last one before the error.
    let Some(&(_, at, c)) = breaks
        .iter()
        .rev()
        .find(|(new, _, _)| *new <= failed_at)
        .or(breaks.first())
    else {
        return;
    };
    let (name, escape) = match c {
        '\u{85}' => ("NEL (U+0085)", "\\N"),
        '\u{2028}' => ("the line separator U+2028", "\\L"),
        _ => ("the paragraph separator U+2029", "\\P"),
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            text.span(at, at + c.len_utf8()),
            format!("{WHO}: PyYAML (YAML 1.1) reads {name} as a line break, and then {what}"),
        )
        .label("a line break to PyYAML")
        .help(format!(
            "remove it, or put the value in double quotes and write it as `{escape}`"
        )),
    );
}
