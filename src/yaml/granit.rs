//! The adapter over granit-parser, used here and nowhere else so that it can be swapped: its
//! events become the located tree, and its errors become a [`SyntaxError`] with a [`SyntaxKind`],
//! classified here once so that no rule reads granit's messages.

use std::cell::Cell;

use granit_parser::{ErrorKind, Event, Options, Parser, ScalarStyle, ScanError, Span as GSpan};

use super::resolve::resolve;
use super::tree::{
    Anchors, Document, Entry, Node, Resolved, Source, Style, Tag, Value, MERGE_BUDGET, NO_PARENT,
};
use super::{SyntaxError, SyntaxKind, NESTING_LIMIT, SIMPLE_KEY_LIMIT};
use crate::span::Span;

/// Parses `text` with granit-parser, which reads all of YAML, where granit and js-yaml read the
/// text alike; where they do not, granit reads a patched copy of the same length (so every span
/// is still an offset of `text`), in which what js-yaml skips is blanked:
/// - a `---` glued to or tab-indented before the first line's content (`---a: 1`, `\t---`,
///   `--- a: 1`), which js-yaml takes as the document start and granit as text or an error;
/// - a comment right after a quoted scalar, a flow indicator or a comma (`"x"#c`, `[a,#c`), a
///   comment to js-yaml and an error to granit; found from granit's error, one at a time.
pub fn parse_granit(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
    let start = js_document_start(text);
    let mut patched = match start.clone() {
        Some((range, true)) => blank(text.to_owned(), range),
        _ => match build(text, text, base) {
            Ok((root, anchors, tagged)) => {
                let joined = escaped_breaks_joined(text, base, root.as_ref());
                match joined.map(|joined| (build(&joined, text, base).is_ok(), joined)) {
                    // Read by the loop below; when the joined text fails (it cannot, but a
                    // patch must never turn a reading into an error), the text as written.
                    Some((true, joined)) => joined,
                    _ => return finish(root, anchors, tagged, text, base),
                }
            }
            Err(failure) => match (un_glue(text, &failure), start.clone()) {
                (Some(patched), _) => patched,
                // `--- a: 1`: granit refuses a block collection on the `---` line, js-yaml
                // reads it; when the patched text fails too, granit's first error stands.
                (None, Some((range, false))) => {
                    let patched = blank(text.to_owned(), range);
                    if build(&patched, text, base).is_err() {
                        return Err(failure.error);
                    }
                    patched
                }
                (None, _) => return Err(failure.error),
            },
        },
    };
    let mut glued = 0;
    loop {
        match build(&patched, text, base) {
            Ok((root, anchors, tagged)) => {
                let root = root.map(Node::into_owned);
                if let (Some((range, _)), Some(root)) = (&start, &root) {
                    collection_after_tabbed_start(text, base, range, root)?;
                }
                return finish(root, anchors, tagged, text, base);
            }
            Err(failure) => match un_glue(&patched, &failure) {
                Some(next) if glued < GLUED_COMMENT_LIMIT => {
                    glued += 1;
                    patched = next;
                }
                _ => return Err(failure.error),
            },
        }
    }
}

/// `parsed` with the blank lines after each escaped line break of a double-quoted scalar of
/// `root` (`"a\`, then an empty line, then ` b"`) joined to the line after them, their line
/// breaks blanked; `None` when there is none. js-yaml skips every blank line after the escape
/// (`"ab"`); the YAML spec, and granit, keep each as a line feed (`"a\nb"`).
fn escaped_breaks_joined(parsed: &str, base: usize, root: Option<&Node>) -> Option<String> {
    if !(parsed.contains("\\\n") || parsed.contains("\\\r")) {
        return None;
    }
    let mut quoted = Vec::new();
    let mut stack: Vec<&Node> = root.into_iter().collect();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Scalar {
                style: Style::DoubleQuoted,
                ..
            } => quoted
                .push(node.span.start.saturating_sub(base)..node.span.end.saturating_sub(base)),
            Value::Map(entries) => stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
            Value::Seq(items) => stack.extend(items),
            _ => {}
        }
    }
    let b = parsed.as_bytes();
    let byte = |i: usize| b.get(i).copied();
    let after_break = |i: usize| {
        i + if b.get(i..i + 2) == Some(b"\r\n") {
            2
        } else {
            1
        }
    };
    let mut breaks = Vec::new();
    for range in quoted {
        let mut i = range.start;
        while i < range.end {
            if byte(i) != Some(b'\\') {
                i += 1;
                continue;
            }
            if !matches!(byte(i + 1), Some(b'\n' | b'\r')) {
                // An escape: the escaped character is no escape itself.
                i += 2;
                continue;
            }
            i = after_break(i + 1);
            loop {
                let mut end = i;
                while matches!(byte(end), Some(b' ' | b'\t')) {
                    end += 1;
                }
                if end >= range.end || !matches!(byte(end), Some(b'\n' | b'\r')) {
                    break;
                }
                let next = after_break(end);
                breaks.push(end..next);
                i = next;
            }
        }
    }
    if breaks.is_empty() {
        return None;
    }
    let mut joined = parsed.as_bytes().to_vec();
    for at in breaks.into_iter().flatten() {
        if let Some(c) = joined.get_mut(at) {
            *c = b' ';
        }
    }
    // Only ASCII line breaks became spaces.
    String::from_utf8(joined).ok()
}

/// Most comments glued to a quoted scalar or flow indicator that one parse un-glues: each costs
/// a parse.
const GLUED_COMMENT_LIMIT: usize = 64;

/// A failed parse: the error, and where granit found a comment glued to the text before it.
struct Failure {
    error: SyntaxError,
    /// Offset in the parsed text of a `#` granit refused as not separated.
    comment_at: Option<usize>,
    /// Offset in the parsed text of a double-quoted scalar granit refused for an escape.
    escape_at: Option<usize>,
}

impl From<SyntaxError> for Failure {
    fn from(error: SyntaxError) -> Self {
        Failure {
            error,
            comment_at: None,
            escape_at: None,
        }
    }
}

/// granit's reading of `parsed` (`text`, or a patched copy of it of the same length).
fn build<'p>(
    parsed: &'p str,
    text: &str,
    base: usize,
) -> Result<(Option<Node<'p>>, Anchors, bool), Failure> {
    let mut options = Options::default();
    options.emit_comments = false;
    options.flow_nesting_limit = NESTING_LIMIT;
    options.block_nesting_limit = NESTING_LIMIT;
    // js-yaml reads implicit keys of any length (YAML's 1024-character limit is not enforced, and
    // real cards have consent checkboxes with paragraph-long labels) and a U+FEFF inside the text
    // as content.
    options.simple_key_max_lookahead = SIMPLE_KEY_LIMIT;
    options.bom_inside_document_as_content = true;
    let mut builder = Builder {
        source: parsed,
        base,
        stack: Vec::new(),
        levels: Vec::new(),
        anchors: Anchors::default(),
        root: None,
        documents: 0,
        tagged: false,
    };
    for event in Parser::new_from_str_with_options(parsed, options) {
        match event {
            Ok((event, span)) => builder.event(event, span)?,
            Err(err) => {
                let error = builder.scan_error(&err, parsed);
                let at = error.at - base;
                let comment_at = matches!(err.kind(), ErrorKind::CommentNotSeparated).then_some(at);
                let escape_at =
                    matches!(error.kind, SyntaxKind::Escape | SyntaxKind::HexEscape).then_some(at);
                return Err(Failure {
                    error,
                    comment_at,
                    escape_at,
                });
            }
        }
    }
    if let Some(root) = &builder.root {
        top_level_scalar(text, base, root)?;
    }
    Ok((builder.root, builder.anchors, builder.tagged))
}

fn finish<'a>(
    root: Option<Node<'a>>,
    anchors: Anchors,
    tagged: bool,
    text: &'a str,
    base: usize,
) -> Result<Document<'a>, SyntaxError> {
    let doc = Document {
        root,
        anchors,
        merge_budget: Cell::new(MERGE_BUDGET),
        tagged,
        source: Source::new(text, base),
    };
    if let Some(root) = &doc.root {
        check_merges(&doc, root)?;
    }
    document_end_then_more(text, base)?;
    Ok(doc)
}

/// `text` with the bytes of `range` replaced by spaces (it holds no line break).
fn blank(mut text: String, range: std::ops::Range<usize>) -> String {
    let spaces = " ".repeat(range.len());
    if text.is_char_boundary(range.start) && text.is_char_boundary(range.end) {
        text.replace_range(range, &spaces);
    }
    text
}

/// The line of `text` that starts at `at`, without its line break.
fn line_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or_default();
    rest.find(['\n', '\r'])
        .map_or(rest, |end| rest.get(..end).unwrap_or_default())
}

/// The first line js-yaml reads content from, when it opens with a `---` that js-yaml takes as
/// the document start and granit may not read alike: the range of its indentation and `---`,
/// to blank, and whether granit always reads it otherwise (glued or tab-indented; else content
/// follows on the line, which granit reads alike unless it is a block collection). js-yaml skips blank lines, comments and directives, then takes `---` as the start
/// when no space indents it (a tab may: tabs are no indentation to js-yaml), whatever follows
/// (`---a: 1` is the mapping `{a: 1}`, read at its column). granit needs a space or a line
/// break after `---`, no indentation before it, and no block collection on its line.
pub(super) fn js_document_start(text: &str) -> Option<(std::ops::Range<usize>, bool)> {
    let mut at = 0;
    loop {
        let line = line_at(text, at);
        let content = line.trim_start_matches([' ', '\t']);
        if line.starts_with('%') {
            // Directives need granit's `---`: not patched.
            return None;
        }
        if !(content.is_empty() || content.starts_with('#')) {
            let lead = line.len() - content.len();
            let after = content.strip_prefix("---")?;
            if line.starts_with(' ') {
                return None;
            }
            let rest = after.trim_start_matches([' ', '\t']);
            let glued = !after.is_empty() && !after.starts_with([' ', '\t']);
            let on_line = !(rest.is_empty() || rest.starts_with('#'));
            return (glued || lead > 0 || on_line).then(|| (at..at + lead + 3, glued || lead > 0));
        }
        at += line.len();
        // The line break: `\r\n`, `\n` or `\r`.
        let rest = text.get(at..)?;
        at += if rest.starts_with("\r\n") { 2 } else { 1 };
        if at > text.len() {
            return None;
        }
    }
}

/// `parsed` patched where `failure` is granit refusing what js-yaml reads: a glued comment
/// (blanked), or a lone surrogate escape (written as U+FFFD, see [`lone_surrogates`]).
fn un_glue(parsed: &str, failure: &Failure) -> Option<String> {
    if let Some(range) = glued_comment(parsed, failure) {
        return Some(blank(parsed.to_owned(), range));
    }
    lone_surrogates(parsed, failure.escape_at?)
}

/// js-yaml builds a JavaScript string from a lone surrogate escape (`"\ud800"`, `"\U0000DC00"`);
/// granit refuses it, and a Rust string cannot hold it. gatelint reads it as U+FFFD, the
/// replacement character (what the string becomes once encoded as UTF-8 for JSON or a
/// terminal): the double-quoted scalar starting at or after `from` with every lone surrogate
/// escape rewritten as `\uFFFD` (`\U0000FFFD`), the same length. `None` when it holds none.
fn lone_surrogates(parsed: &str, from: usize) -> Option<String> {
    let b = parsed.as_bytes();
    let open = from + parsed.get(from..)?.find('"')?;
    let hex = |at: usize, n: usize| -> Option<u32> {
        let digits = parsed.get(at..at + n)?;
        digits
            .bytes()
            .all(|c| c.is_ascii_hexdigit())
            .then_some(())?;
        u32::from_str_radix(digits, 16).ok()
    };
    // The escapes `\u` / `\U` of the scalar: (offset of the backslash, digits, value).
    let mut escapes = Vec::new();
    let mut i = open + 1;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => break,
            b'\\' => {
                let n = match b.get(i + 1) {
                    Some(b'u') => 4,
                    Some(b'U') => 8,
                    _ => {
                        i += 2;
                        continue;
                    }
                };
                if let Some(v) = hex(i + 2, n) {
                    escapes.push((i, n, v));
                }
                i += 2 + n;
            }
            _ => i += 1,
        }
    }
    let surrogate = |v: u32| (0xD800..=0xDFFF).contains(&v);
    let mut lone = Vec::new();
    let mut k = 0;
    while let Some(&(at, n, v)) = escapes.get(k) {
        let next = escapes.get(k + 1);
        let paired = (0xD800..0xDC00).contains(&v)
            && next
                .is_some_and(|&(at2, _, v2)| at2 == at + 2 + n && (0xDC00..=0xDFFF).contains(&v2));
        if paired {
            k += 2;
            continue;
        }
        if surrogate(v) {
            lone.push((at, n));
        }
        k += 1;
    }
    if lone.is_empty() {
        return None;
    }
    let mut out = parsed.to_owned();
    for (at, n) in lone {
        let with = if n == 4 { "uFFFD" } else { "U0000FFFD" };
        out.replace_range(at + 1..at + 2 + n, with);
    }
    Some(out)
}

/// Where `failure` is granit refusing a comment that js-yaml reads as one (a `#` right after a
/// quoted scalar's closing quote, a flow indicator or a comma): the comment's range, to blank.
fn glued_comment(parsed: &str, failure: &Failure) -> Option<std::ops::Range<usize>> {
    let at = failure.comment_at?;
    let before = parsed.get(..at)?.chars().next_back()?;
    if !parsed.get(at..)?.starts_with('#')
        || !matches!(before, '"' | '\'' | '[' | ']' | '{' | '}' | ',')
    {
        return None;
    }
    Some(at..at + line_at(parsed, at).len())
}

/// js-yaml reads a top-level plain scalar's continuation lines only where they are indented at
/// least as its first line (` 3\na` throws "end of the stream or a document separator is
/// expected"); YAML 1.2 (granit) takes any indentation. Counts spaces of `text`, the original.
fn top_level_scalar(text: &str, base: usize, root: &Node) -> Result<(), SyntaxError> {
    if root.style() != Some(Style::Plain) {
        return Ok(());
    }
    let start = root.span.start.saturating_sub(base);
    let end = root.span.end.saturating_sub(base);
    let line_start = text
        .get(..start)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    let first = indent(line_at(text, line_start));
    let Some(body) = text.get(start..end) else {
        return Ok(());
    };
    let mut offset = start;
    for (i, line) in body.split_inclusive(['\n', '\r']).enumerate() {
        let here = offset;
        offset += line.len();
        if i == 0 {
            continue;
        }
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare.trim_start_matches([' ', '\t']).is_empty() {
            continue;
        }
        if indent(bare) < first {
            return Err(SyntaxError {
                kind: SyntaxKind::Indentation,
                message: "end of the stream or a document separator is expected (a top-level \
                          value continued on a line indented less than its first)"
                    .into(),
                at: base + here + indent(bare),
            });
        }
    }
    Ok(())
}

/// js-yaml ends the document at a `...` line and reads whatever follows it but blank lines and
/// comments (another `...`, a `---`, content) as a second document, and throws "expected a
/// single document"; granit ignores a `...` with no document after it. In a text granit read,
/// any `...` line at column 0 ends the document (none can be inside a scalar).
fn document_end_then_more(text: &str, base: usize) -> Result<(), SyntaxError> {
    let mut at = 0;
    let mut ended = false;
    while at < text.len() {
        let line = line_at(text, at);
        if ended {
            let content = line.trim_start_matches([' ', '\t']);
            if !(content.is_empty() || content.starts_with('#')) {
                return Err(SyntaxError {
                    kind: SyntaxKind::Other,
                    message: "expected a single document in the front matter, but found more: \
                              a `...` line ends the document, and text follows it"
                        .into(),
                    at: base + at + (line.len() - content.len()),
                });
            }
        } else if document_end_line(line) {
            ended = true;
        }
        at += line.len();
        at += if text.get(at..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
    }
    Ok(())
}

/// js-yaml takes a tab-indented `---` as the document start, but the tab stays the line's
/// indentation: a block collection on that line (`\t--- a: 1`, `\t---- a`) throws "end of the
/// stream or a document separator is expected"; granit reads the patched line.
fn collection_after_tabbed_start(
    text: &str,
    base: usize,
    range: &std::ops::Range<usize>,
    root: &Node,
) -> Result<(), SyntaxError> {
    let Some(tab) = text.get(range.clone()).and_then(|lead| lead.find('\t')) else {
        return Ok(());
    };
    let line_end = range.start + line_at(text, range.start).len();
    let start = root.span.start.saturating_sub(base);
    let block = matches!(root.value, Value::Seq(_) | Value::Map(_))
        && !text.get(start..).is_some_and(|t| t.starts_with(['[', '{']));
    if block && start < line_end {
        return Err(SyntaxError {
            kind: SyntaxKind::Tab,
            message: "end of the stream or a document separator is expected (a block collection \
                      on a `---` line indented with a tab)"
                .into(),
            at: base + range.start + tab,
        });
    }
    Ok(())
}

/// js-yaml throws when a merge key (`<<`) is given something it cannot merge: null, a string, a
/// number or a boolean, alone or in a list (a date, a list or a mapping is accepted); and, on the
/// same walk, at a list key holding a list ([`nested_array_key`]).
fn check_merges(doc: &Document, node: &Node) -> Result<(), SyntaxError> {
    match &node.value {
        Value::Map(entries) => {
            for entry in entries {
                if entry.key.resolved() == Some(Resolved::Merge) {
                    let value = doc.resolve(&entry.value);
                    let items = match &value.value {
                        Value::Seq(items) => items.iter().map(|n| doc.resolve(n)).collect(),
                        _ => vec![value],
                    };
                    for item in items {
                        if !matches!(item.resolved(), None | Some(Resolved::Timestamp)) {
                            let at = if entry.value.span.is_empty() {
                                entry.key.span.start
                            } else {
                                item.span.start.max(entry.value.span.start)
                            };
                            return Err(SyntaxError {
                                kind: SyntaxKind::Other,
                                message: format!(
                                    "cannot merge mappings; the provided source object is \
                                     unacceptable: `<<` takes a mapping or a list of mappings, \
                                     not {}",
                                    item.describe()
                                ),
                                at,
                            });
                        }
                    }
                }
                nested_array_key(doc, &entry.key)?;
                check_merges(doc, &entry.key)?;
                check_merges(doc, &entry.value)?;
            }
            Ok(())
        }
        Value::Seq(items) => items.iter().try_for_each(|n| check_merges(doc, n)),
        _ => Ok(()),
    }
}

/// js-yaml throws "nested arrays are not supported inside keys" for a list key holding a list
/// (`[[a], b]: 1`, `? - - a`), aliases followed; a mapping inside a list key is
/// `"[object Object]"` to it, and fine.
fn nested_array_key(doc: &Document, key: &Node) -> Result<(), SyntaxError> {
    let Value::Seq(items) = &doc.resolve(key).value else {
        return Ok(());
    };
    match items
        .iter()
        .find(|item| matches!(doc.resolve(item).value, Value::Seq(_)))
    {
        Some(item) => Err(SyntaxError {
            kind: SyntaxKind::Other,
            message: "nested arrays are not supported inside keys: a list used as a key holds a \
                      list"
                .into(),
            at: item.span.start,
        }),
        None => Ok(()),
    }
}

/// A collection being built.
enum Open<'a> {
    /// A sequence, and whether it is a block sequence.
    Seq(Node<'a>, bool),
    /// A mapping, its pending key, and whether it is a block mapping.
    Map(Node<'a>, Option<Node<'a>>, bool),
}

/// Where an open collection sits in its parent, for [`Anchors`].
struct Level {
    step: u32,
    /// Its entry in `Anchors::steps`, once an anchor below it needed one.
    trie: Option<u32>,
}

struct Builder<'a> {
    /// The YAML text, which starts at byte `base` of the file.
    source: &'a str,
    base: usize,
    stack: Vec<Open<'a>>,
    /// One per entry of `stack`.
    levels: Vec<Level>,
    anchors: Anchors,
    root: Option<Node<'a>>,
    documents: usize,
    tagged: bool,
}

impl<'a> Builder<'a> {
    /// The step from the innermost open collection to the node that comes next.
    fn next_step(&self) -> u32 {
        let step = match self.stack.last() {
            Some(Open::Seq(node, _)) => node.items().map_or(0, <[_]>::len),
            Some(Open::Map(node, pending, _)) => {
                node.entries().map_or(0, <[_]>::len) * 2 + usize::from(pending.is_some())
            }
            None => 0,
        };
        u32::try_from(step).unwrap_or(u32::MAX)
    }

    /// The trie entry of the innermost open collection (created, with its ancestors', on demand).
    fn open_trie(&mut self) -> u32 {
        let mut parent = NO_PARENT;
        for level in &mut self.levels {
            parent = match level.trie {
                Some(at) => at,
                None => {
                    let at = u32::try_from(self.anchors.steps.len()).unwrap_or(NO_PARENT);
                    self.anchors.steps.push((parent, level.step));
                    level.trie = Some(at);
                    at
                }
            };
        }
        parent
    }

    /// Records that the node about to be pushed (not a collection) defines `anchor`.
    fn anchor_next(&mut self, anchor: usize) {
        if anchor == 0 {
            return;
        }
        let step = self.next_step();
        let parent = if self.levels.is_empty() {
            NO_PARENT
        } else {
            self.open_trie()
        };
        let at = u32::try_from(self.anchors.steps.len()).unwrap_or(NO_PARENT);
        self.anchors.steps.push((parent, step));
        self.anchors.by_id.entry(anchor).or_insert(at);
    }

    /// Opens a collection, recording its anchor.
    fn open(&mut self, open: Open<'a>, anchor: usize) {
        let step = self.next_step();
        self.stack.push(open);
        self.levels.push(Level { step, trie: None });
        if anchor != 0 {
            let at = self.open_trie();
            self.anchors.by_id.entry(anchor).or_insert(at);
        }
    }

    fn span(&self, span: &GSpan) -> Span {
        let start = span.start.byte_offset().unwrap_or(0);
        let end = span.end.byte_offset().unwrap_or(start).max(start);
        Span::new(self.base + start, self.base + end)
    }

    fn tag(&mut self, tag: Option<&granit_parser::Tag>, span: &GSpan) -> Option<Box<Tag>> {
        let tag = tag?;
        self.tagged = true;
        let tag_span = span.tag_span().map_or_else(
            || {
                let at = span
                    .tag_start()
                    .and_then(|m| m.byte_offset())
                    .map_or(self.span(span).start, |b| self.base + b);
                Span::new(at, at + 1)
            },
            |s| self.span(&s),
        );
        Some(Box::new(Tag {
            written: tag.original(),
            // Every name under `tag:yaml.org,2002:` (`timestamp`, `binary`, `set`, … too, which
            // js-yaml knows); granit's `core_suffix` knows only the seven core types.
            core_suffix: tag
                .suffix_in_namespace("tag:yaml.org,2002:")
                .map(std::borrow::Cow::into_owned),
            // The bare `!` scans as handle "" and suffix "!".
            non_specific: tag.original() == "!",
            span: tag_span,
        }))
    }

    fn event(&mut self, event: Event<'a>, span: GSpan) -> Result<(), Failure> {
        let at = self.span(&span);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                // A `...` before the first document ends an empty one to js-yaml, which then
                // finds the content a second document; granit drops the empty one.
                let ended_before = self.documents == 1
                    && self
                        .source
                        .get(..at.start - self.base)
                        .is_some_and(|before| before.lines().any(document_end_line));
                if self.documents > 1 || ended_before {
                    return Err(Failure::from(SyntaxError {
                        kind: SyntaxKind::SecondDocument,
                        message: "expected a single document in the front matter, but found more \
                                  (a `---` line inside it starts a second one)"
                            .into(),
                        at: at.start,
                    }));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let tag = self.tag(tag.as_deref(), &span);
                let style = style_of(style);
                // `: value` in a block mapping: granit reads a null key, js-yaml throws
                // "incomplete explicit mapping pair; a key node is missed".
                let missing_key = at.is_empty()
                    && style == Style::Plain
                    && tag.is_none()
                    && matches!(self.stack.last(), Some(Open::Map(_, None, true)))
                    && self.source.as_bytes().get(at.start - self.base) == Some(&b':')
                    && !after_explicit_key_indicator(self.source, at.start - self.base);
                if missing_key {
                    return Err(Failure::from(SyntaxError {
                        kind: SyntaxKind::MissingKey,
                        message: "a `:` with no key before it".into(),
                        at: at.start,
                    }));
                }
                self.tab_before(at.start, false)?;
                // A tag on an empty node: js-yaml builds the tag's empty value (`!!map`: `{}`,
                // `!!seq`: `[]`), and `!` alone leaves it null; granit gives an empty string.
                let empty = match &tag {
                    Some(tag) if text.is_empty() && at.is_empty() && style == Style::Plain => {
                        match tag.core_suffix.as_deref() {
                            Some("map" | "set") => Some(Value::Map(Vec::new())),
                            Some("seq" | "omap" | "pairs") => Some(Value::Seq(Vec::new())),
                            _ if tag.non_specific => Some(Value::Scalar {
                                text: "~".into(),
                                style,
                            }),
                            _ => None,
                        }
                    }
                    _ => None,
                };
                if let Some(value) = empty {
                    let resolved = match value {
                        Value::Scalar { .. } => Some(Resolved::Null),
                        _ => None,
                    };
                    let node = Node {
                        span: at,
                        resolved,
                        tag,
                        anchor,
                        value,
                    };
                    self.anchor_next(anchor);
                    self.push(node);
                    return Ok(());
                }
                let node = Node {
                    span: at,
                    resolved: Some(resolve(&text, style, tag.as_deref())),
                    tag,
                    anchor,
                    value: Value::Scalar { text, style },
                };
                self.anchor_next(anchor);
                self.push(node);
            }
            Event::Alias(id) => {
                self.tab_before(at.start, false)?;
                self.push(Node {
                    span: at,
                    tag: None,
                    anchor: 0,
                    value: Value::Alias(id),
                    resolved: None,
                });
            }
            Event::SequenceStart(style, anchor, tag) => {
                self.tab_before(at.start, true)?;
                let node = Node {
                    span: at,
                    tag: self.tag(tag.as_deref(), &span),
                    anchor,
                    value: Value::Seq(Vec::new()),
                    resolved: None,
                };
                let block = style == granit_parser::StructureStyle::Block;
                self.open(Open::Seq(node, block), anchor);
            }
            Event::MappingStart(style, anchor, tag) => {
                self.tab_before(at.start, true)?;
                let node = Node {
                    span: at,
                    tag: self.tag(tag.as_deref(), &span),
                    anchor,
                    value: Value::Map(Vec::new()),
                    resolved: None,
                };
                let block = style == granit_parser::StructureStyle::Block;
                self.open(Open::Map(node, None, block), anchor);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                self.levels.pop();
                if let Some(Open::Seq(mut node, _) | Open::Map(mut node, _, _)) = self.stack.pop() {
                    node.span = node.span.to(at);
                    self.push(node);
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// js-yaml throws "tab characters must not be used in indentation" where a block mapping's
    /// implicit key or a block sequence's entry has a tab before it on its line (`\tkey: x`,
    /// `  \t- item`, `- \tkey: x`); YAML 1.2 (granit) reads such a tab as separation. `at` is
    /// the start of the node about to be added, `collection` whether it opens a collection (a
    /// scalar entry may follow a tab after its `-`: `- \tx` is a list of `x`); the error points
    /// at the tab, as js-yaml's does.
    fn tab_before(&self, at: usize, collection: bool) -> Result<(), SyntaxError> {
        let (key, seq) = match self.stack.last() {
            Some(Open::Map(_, None, true)) => (true, false),
            Some(Open::Seq(_, true)) => (false, true),
            _ => (false, false),
        };
        if !key && !seq {
            return Ok(());
        }
        let at = at.saturating_sub(self.base);
        let Some(before) = self.source.get(..at) else {
            return Ok(());
        };
        let line = before
            .rfind(['\n', '\r'])
            .map_or(before, |i| before.get(i + 1..).unwrap_or_default());
        // Only indentation and entry indicators before the node: it is the line's first key
        // or entry. After an explicit `?`, js-yaml allows the tab.
        if !line.bytes().all(|c| matches!(c, b' ' | b'\t' | b'-')) {
            return Ok(());
        }
        let scope = if seq && !collection {
            // Only the indentation before the first `-`.
            line.find('-')
                .map_or(line, |dash| line.get(..dash).unwrap_or_default())
        } else {
            line
        };
        match scope.find('\t') {
            Some(tab) => Err(SyntaxError {
                kind: SyntaxKind::Tab,
                message: "tab characters must not be used in indentation".into(),
                at: self.base + (at - line.len()) + tab,
            }),
            None => Ok(()),
        }
    }

    fn push(&mut self, node: Node<'a>) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(seq, _)) => {
                seq.span = seq.span.to(node.span);
                if let Value::Seq(items) = &mut seq.value {
                    items.push(node);
                }
            }
            Some(Open::Map(map, pending, _)) => {
                map.span = map.span.to(node.span);
                match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => {
                        if let Value::Map(entries) = &mut map.value {
                            entries.push(Entry { key, value: node });
                        }
                    }
                }
            }
        }
    }

    fn scan_error(&self, err: &ScanError, text: &str) -> SyntaxError {
        let marker = err.marker();
        let offset = marker
            .byte_offset()
            .or_else(|| text.char_indices().nth(marker.index()).map(|(i, _)| i))
            .unwrap_or(text.len())
            .min(text.len());
        let kind = kind_of(err.kind());
        // granit reports a tab in the next line's indentation at the end of the plain scalar
        // before it; js-yaml (and the author) look at the tab itself.
        let offset = if kind == SyntaxKind::Tab {
            indentation_tab(text, offset).unwrap_or(offset)
        } else {
            offset
        };
        SyntaxError {
            kind,
            message: err.kind().to_string(),
            at: self.base + offset,
        }
    }
}

/// Whether `line` is a document end marker: `...` alone or followed by blanks or a comment.
fn document_end_line(line: &str) -> bool {
    line.strip_prefix("...")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
}

/// The first tab in a line's leading whitespace, from the line holding `from` on.
fn indentation_tab(text: &str, from: usize) -> Option<usize> {
    let line_start = text.get(..from)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut at = line_start;
    for line in text.get(line_start..)?.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        if let Some(tab) = line.get(..indent).and_then(|lead| lead.find('\t')) {
            return Some(at + tab);
        }
        at += line.len();
    }
    None
}

/// Whether the last non-blank character before `at`, comments aside, is the explicit key indicator
/// `?` (then an empty key is legal: `?`, or `? # note`, followed by `: value`).
fn after_explicit_key_indicator(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    // The lines before `at`, the last first, each without its comment (`? # note`), blank ones
    // skipped.
    for line in before.split(['\n', '\r']).rev() {
        let comment = line
            .char_indices()
            .find(|&(i, c)| {
                c == '#' && (i == 0 || line.get(..i).is_some_and(|b| b.ends_with([' ', '\t'])))
            })
            .map_or(line.len(), |(i, _)| i);
        let code = line
            .get(..comment)
            .unwrap_or(line)
            .trim_end_matches([' ', '\t']);
        if !code.trim_start_matches([' ', '\t']).is_empty() {
            return code.ends_with('?');
        }
    }
    false
}

fn style_of(style: ScalarStyle) -> Style {
    match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        _ => Style::Folded,
    }
}

/// The kind of one of granit's errors.
fn kind_of(kind: &ErrorKind) -> SyntaxKind {
    use ErrorKind as E;
    match kind {
        E::TabNotAllowed
        | E::TabInBlockIndentation
        | E::TabAtBlockScalarStart
        | E::TabInIndentation
        | E::TabInPlainScalar => SyntaxKind::Tab,
        E::MappingValueNotAllowed => SyntaxKind::ColonInValue,
        E::UnclosedQuotedScalar => SyntaxKind::UnclosedQuote,
        E::UnknownQuotedScalarEscape | E::InvalidUnicodeEscape | E::InvalidTagEscape => {
            SyntaxKind::Escape
        }
        E::InvalidQuotedScalarHexEscape
        | E::InvalidLowSurrogateHexEscape
        | E::InvalidLowSurrogate
        | E::MissingLowSurrogate
        | E::UnpairedLowSurrogate => SyntaxKind::HexEscape,
        E::InvalidTrailingSingleQuotedScalar | E::InvalidTrailingDoubleQuotedScalar => {
            SyntaxKind::TextAfterQuote
        }
        E::InvalidQuotedScalarIndent => SyntaxKind::QuotedContinuation,
        E::UnexpectedEofFlowSequence
        | E::UnexpectedEofFlowMapping
        | E::UnexpectedEofImplicitFlowMapping
        | E::ExpectedFlowMappingSeparator
        | E::ExpectedFlowSequenceSeparator
        | E::MisplacedFlowCollectionEnd
        | E::MismatchedFlowCollectionEnd { .. }
        | E::UnclosedFlowCollection { .. }
        | E::InvalidFlowScalarIndent
        | E::FlowMappingValueAdjacentCollection => SyntaxKind::Flow,
        E::UnknownAnchor => SyntaxKind::UnknownAnchor,
        E::DuplicateTagDirective
        | E::ExpectedTagBang
        | E::ExpectedTagDirectiveBang
        | E::InvalidGlobalTagCharacter
        | E::UnexpectedCharacter { .. }
        | E::InvalidTagDirectiveTerminator
        | E::InvalidTagTerminator
        | E::MissingTagUri
        | E::UnclosedVerbatimTag
        | E::InvalidTagUtf8LeadingByte
        | E::InvalidTagUtf8TrailingByte
        | E::InvalidTagUtf8
        | E::MissingAnchorOrAliasName => SyntaxKind::Indicator,
        E::InputByteLimitExceeded { .. }
        | E::AnchorCountOverflow
        | E::DirectiveByteLimitExceeded { .. }
        | E::TooManyReservedDirectiveParams { .. }
        | E::RecursionLimitExceeded => SyntaxKind::TooDeep,
        E::UnexpectedEofBlockMapping
        | E::ExpectedBlockMappingKey
        | E::ExpectedBlockSequenceEntry => SyntaxKind::BlockCollection,
        E::UnexpectedEofBlockSequence
        | E::UnexpectedEof
        | E::ExpectedStreamStart
        | E::ExpectedDocumentStart
        | E::ExpectedNodeContent
        | E::SimpleKeyExpected
        | E::InvalidIndentation
        | E::ExpectedWhitespace
        | E::InvalidDirectiveTerminator
        | E::MissingYamlVersionSeparator
        | E::MissingDirectiveName
        | E::InvalidDirectiveName
        | E::MissingYamlVersion
        | E::BlockEntryInFlowCollection
        | E::BlockSequenceEntryNotAllowed
        | E::ZeroBlockScalarIndent
        | E::InvalidBlockScalarHeader
        | E::InvalidBlockScalarIndent
        | E::DocumentIndicatorInQuotedScalar
        | E::UnexpectedEndOfPlainScalar => SyntaxKind::Indentation,
        _ => SyntaxKind::Other,
    }
}
