//! Document markers and directives: a `...` before any content, a `---` glued to what follows
//! it, a directive PyYAML cannot scan.

use super::*;

/// A `---` glued to what follows it (`---#`, `---a`) after directives: the document start to
/// js-yaml, a plain scalar to PyYAML, which then throws "expected '<document start>', but found
/// '<scalar>'". Without directives both read the document (gatelint's YAML reading patches it
/// so for granit), and PyYAML then reads the `---…` line as text: another matter. And a `...`
/// before any content: an empty document to js-yaml, "expected the node content, but found
/// '<document end>'" to PyYAML.
pub(super) fn document_markers(text: &Text, out: &mut Vec<Finding>) {
    let mut directives = false;
    let mut rest = lines(text.text);
    while let Some((start, line)) = rest.next() {
        let content = line.trim_start_matches([' ', '\t']);
        if content.starts_with('%') && !line.starts_with(' ') {
            directives = true;
            let at = start + (line.len() - content.len());
            // A tab there is reported as any other tab PyYAML refuses (`gaps`).
            if let Some((offset, error)) = directive_error(content.get(1..).unwrap_or_default())
                .filter(|(offset, _)| content.as_bytes().get(1 + offset) != Some(&b'\t'))
            {
                let at = at + 1 + offset;
                let end = at
                    + content
                        .get(1 + offset..)
                        .and_then(|c| c.chars().next())
                        .map_or(0, char::len_utf8);
                out.push(
                    Finding::new(
                        Rule::PythonYamlIncompatible,
                        text.span(at, end),
                        format!(
                            "{WHO}: js-yaml (the Hub) reads this directive, PyYAML throws \
                             (`{error}`)"
                        ),
                    )
                    .label("PyYAML stops here")
                    .help("remove the directive line: a card needs none"),
                );
            }
            continue;
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let glued = content
            .strip_prefix("---")
            .is_some_and(|rest| !rest.is_empty() && !rest.starts_with([' ', '\t']));
        let end = content
            .strip_prefix("...")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if end && line.len() == content.len() {
            out.push(
                Finding::new(
                    Rule::PythonYamlIncompatible,
                    text.span(start, start + 3),
                    format!(
                        "{WHO}: a `...` before any content ends an empty document to js-yaml; \
                         PyYAML throws (`expected the node content, but found '<document end>'`)"
                    ),
                )
                .label("`...` before any content")
                .help("remove the `...` line"),
            );
        }
        if directives && glued {
            let at = start + (line.len() - content.len());
            out.push(
                Finding::new(
                    Rule::PythonYamlIncompatible,
                    text.span(at, at + 3),
                    format!(
                        "{WHO}: after a directive, PyYAML reads a `---` glued to the text after \
                         it as text, not as the document start, and throws (`expected '<document \
                         start>', but found '<scalar>'`)"
                    ),
                )
                .label("`---` glued to what follows")
                .help("write a space or a line break after `---`"),
            );
        }
        if directives && content.starts_with("---") && line.starts_with(' ') {
            let at = start + (line.len() - content.len());
            out.push(
                Finding::new(
                    Rule::PythonYamlIncompatible,
                    text.span(at, at + 3),
                    format!(
                        "{WHO}: after a directive, js-yaml takes an indented `---` right below \
                         it as the document start, PyYAML as text, and throws (`expected \
                         '<document start>', but found '<scalar>'`)"
                    ),
                )
                .label("`---` indented")
                .help("start the `---` line at its first column"),
            );
        }
        let key_after = content
            .strip_prefix("---")
            .is_some_and(|key| key.contains(": ") || key.ends_with(':'));
        // An indented `---key:` is a plain key to both parsers (`  ---extra_gated_prompt: x`).
        if !directives && glued && key_after && !line.starts_with(' ') {
            glued_key_then_indented(text, rest, out);
            return;
        }
        let comment = content
            .strip_prefix("---")
            .is_some_and(|rest| rest.starts_with('#'));
        if !directives && comment && !line.starts_with(' ') {
            glued_comment(text, start + (line.len() - content.len()), rest, out);
        }
        return;
    }
}

/// Where PyYAML's scanner throws on a directive that js-yaml reads (`directive`: the line after
/// its `%`, without its line break), and its message: the offset in `directive` of the character
/// it stops at. PyYAML (`scan_directive`) reads a name of ASCII letters, digits, `-` and `_`
/// followed by a space or the line's end; for `YAML`, spaces, digits, `.`, digits, then a space
/// or the end; for `TAG`, spaces, a handle (`!`, `!!` or `!name!`), a space, a URI of the
/// characters `scan_tag_uri` takes; then spaces and a comment at most. js-yaml separates the parts
/// at any blank, takes any name, and allows `#` in a tag prefix; where js-yaml itself throws
/// (a bad version or handle), `yaml-syntax-error` says so and this does not matter.
pub(super) fn directive_error(directive: &str) -> Option<(usize, String)> {
    let bytes = directive.as_bytes();
    let found = |at: usize| match directive.get(at..).and_then(|c| c.chars().next()) {
        Some(c) => format!("{c:?}"),
        None => "'\\0'".to_owned(),
    };
    let name_ok = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_');
    let name = bytes.iter().take_while(|b| name_ok(b)).count();
    if name == 0 || bytes.get(name).is_some_and(|&b| b != b' ') {
        return Some((
            name,
            format!(
                "expected alphabetic or numeric character, but found {}",
                found(name)
            ),
        ));
    }
    let spaces = |at: usize| {
        at + bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    };
    let digits = |at: usize| {
        at + bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let mut at = name;
    match directive.get(..name) {
        Some("YAML") => {
            at = spaces(at);
            let major = digits(at);
            if major == at {
                return Some((at, format!("expected a digit, but found {}", found(at))));
            }
            if bytes.get(major) != Some(&b'.') {
                return Some((
                    major,
                    format!("expected a digit or '.', but found {}", found(major)),
                ));
            }
            let minor = digits(major + 1);
            if minor == major + 1 {
                return Some((
                    minor,
                    format!("expected a digit, but found {}", found(minor)),
                ));
            }
            if bytes.get(minor).is_some_and(|&b| b != b' ') {
                return Some((
                    minor,
                    format!("expected a digit or ' ', but found {}", found(minor)),
                ));
            }
            at = minor;
        }
        Some("TAG") => {
            at = spaces(at);
            if bytes.get(at) != Some(&b'!') {
                return Some((at, format!("expected '!', but found {}", found(at))));
            }
            let word = at
                + 1
                + bytes
                    .get(at + 1..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| name_ok(b))
                    .count();
            let handle_end = if bytes.get(at + 1) == Some(&b' ') {
                at + 1
            } else if bytes.get(word) == Some(&b'!') {
                word + 1
            } else {
                return Some((word, format!("expected '!', but found {}", found(word))));
            };
            if bytes.get(handle_end) != Some(&b' ') {
                return Some((
                    handle_end,
                    format!("expected ' ', but found {}", found(handle_end)),
                ));
            }
            let uri = spaces(handle_end);
            let uri_end = uri
                + bytes
                    .get(uri..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|&&b| {
                        b.is_ascii_alphanumeric() || b"-;/?:@&=+$,_.!~*'()[]%".contains(&b)
                    })
                    .count();
            if uri_end == uri {
                return Some((uri, format!("expected URI, but found {}", found(uri))));
            }
            if bytes.get(uri_end).is_some_and(|&b| b != b' ') {
                return Some((
                    uri_end,
                    format!("expected ' ', but found {}", found(uri_end)),
                ));
            }
            at = uri_end;
        }
        // Any other name: PyYAML skips the rest of the line.
        _ => return None,
    }
    at = spaces(at);
    match bytes.get(at) {
        None | Some(b'#') => None,
        Some(_) => Some((
            at,
            format!(
                "expected a comment or a line break, but found {}",
                found(at)
            ),
        )),
    }
}

/// A comment glued to a `---` on the first line (`---# gate metadata`), then content: js-yaml
/// starts the document at the `---` and skips the comment; PyYAML reads `---# gate metadata` as
/// a plain scalar that the next lines continue, and throws at the first key's `: ` (`mapping
/// values are not allowed here`), or builds a string, not the mapping a card needs.
pub(super) fn glued_comment<'t>(
    text: &Text,
    at: usize,
    mut rest: impl Iterator<Item = (usize, &'t str)>,
    out: &mut Vec<Finding>,
) {
    let Some((start, line)) = rest.find(|(_, line)| {
        let content = line.trim_start_matches([' ', '\t']);
        !(content.is_empty() || content.starts_with('#'))
    }) else {
        return;
    };
    // Where PyYAML throws: the first `: ` of the text its plain scalar takes in.
    let colon = line
        .find(": ")
        .or_else(|| line.ends_with(':').then(|| line.len() - 1));
    let finding = Finding::new(
        Rule::PythonYamlIncompatible,
        text.span(at, at + 3),
        format!(
            "{WHO}: js-yaml (the Hub) reads a `---` glued to a comment as the document start, \
             PyYAML as text that the next lines continue, and throws (`mapping values are not \
             allowed here`)"
        ),
    )
    .label("`---` glued to a comment")
    .help(
        "remove this `---` (the front matter's own fence opens the YAML), or write a space \
         after it",
    );
    out.push(match colon {
        Some(colon) => finding.related(
            text.span(start + colon, start + colon + 1),
            "PyYAML throws here",
        ),
        None => finding,
    });
}

/// After `---key: value` on the first line (no directive before it), js-yaml reads the mapping
/// at the key's column, so an indented `other: value` below is its next key; PyYAML reads
/// `---key` as a key at column 0 and the indented lines as more of its value, which then holds
/// a `: ` and throws (`mapping values are not allowed here`), at the first such line.
pub(super) fn glued_key_then_indented<'t>(
    text: &Text,
    rest: impl Iterator<Item = (usize, &'t str)>,
    out: &mut Vec<Finding>,
) {
    for (start, line) in rest {
        let content = line.trim_start_matches([' ', '\t']);
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if !line.starts_with(' ') {
            return;
        }
        let Some(colon) = content
            .find(": ")
            .or_else(|| content.ends_with(':').then(|| content.len() - 1))
        else {
            continue;
        };
        if content.starts_with(['"', '\'', '[', '{', '-', '?', '&', '*', '!', '|', '>']) {
            return;
        }
        let at = start + (line.len() - content.len()) + colon;
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                text.span(at, at + 1),
                format!(
                    "{WHO}: PyYAML reads the `---` glued to the first key as part of that key, and \
                     this indented line as more of its value, where a `: ` is an error (`mapping \
                     values are not allowed here`); js-yaml reads the line as the next key"
                ),
            )
            .label("a `: ` inside the first key's value, to PyYAML")
            .help("remove the `---` before the first key, and indent every top-level key alike"),
        );
        return;
    }
}
