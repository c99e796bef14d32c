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
/// text alike; where they do not, granit reads a patched copy (see [`Patched`]), in which what
/// js-yaml skips is blanked or moved:
/// - a `---` glued to or tab-indented before the first line's content (`---a: 1`, `\t---`,
///   `--- a: 1`), which js-yaml takes as the document start and granit as text or an error; after
///   directives, where granit needs the `---`, tabs before it or before a directive are removed and
///   a glued `---` gets its space;
/// - from granit's error, one at a time: a comment right after a quoted scalar, a flow indicator
///   or a comma (`"x"#c`, `[a,#c`), a lone surrogate escape, a blank line starting with a tab after
///   a block scalar's header, a mapping after properties on a key's line (`k: &a x: 1`), and tabs
///   before the line after an explicit key (`? k\n\t: v`), a verbatim tag glued to its node
///   (`!<tag:yaml.org,2002:str>p`) (see [`repair`]);
/// - a BOM at the start of a line but the first, which js-yaml reads as content, and the line
///   break js-yaml appends to a text whose last line is spaces (see [`js_input`]).
pub fn parse_granit(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
    let Some((copy, placeholder)) = js_input(text) else {
        return parse_names(text, base);
    };
    let end = base + text.len();
    let mut doc = parse_names(&copy, base).map_err(|mut error| {
        error.at = error.at.min(end);
        if let Some(placeholder) = placeholder {
            error.message = error.message.replace(placeholder, "\u{feff}");
        }
        error
    })?;
    let mut root = doc.root.take().map(Node::into_owned);
    if let Some(root) = &mut root {
        restore_input(root, placeholder, end);
    }
    Ok(read_from_copy(doc, root, text, base))
}

/// A document read from a copy of `text` (same offsets) as the document of `text` itself: its
/// root (owned, as the copy is dropped) and the rest of what the reading found.
fn read_from_copy<'t>(
    doc: Document<'_>,
    root: Option<Node<'static>>,
    text: &'t str,
    base: usize,
) -> Document<'t> {
    Document {
        root,
        anchors: doc.anchors,
        merge_budget: doc.merge_budget,
        tagged: doc.tagged,
        source: Source::new(text, base),
        key_after_quote: doc.key_after_quote,
        dedented_entry: doc.dedented_entry,
    }
}

/// The text as js-yaml reads it, where granit would read it otherwise, and the character that
/// stands for a BOM in it; `None` when granit reads the text as it is (nearly always):
/// - js-yaml drops a BOM only at the very start of the text and reads any other as content;
///   granit skips a BOM at the start of a line before the document's content (`\n\u{feff} P`
///   is `"\u{feff} P"` to js-yaml, `"P"` to granit, and `\n\u{feff}gated: true` has no key
///   `gated`). Each BOM at the start of a line (after other BOMs only), but one at offset 0,
///   becomes a character of the same length that granit reads as content and the text does
///   not hold, given back in the scalars by [`restore_input`];
/// - js-yaml appends a line break to a text that does not end in one, so a last line of
///   spaces is an empty line to it (which a keep-chomped block scalar keeps: `t: |+\n  x\n  `
///   is `"x\n\n"`), where granit reads no line: the copy ends in that line break.
fn js_input(text: &str) -> Option<(String, Option<char>)> {
    let last = text.rsplit(['\n', '\r']).next().unwrap_or_default();
    let spaces_last = !last.is_empty() && last.bytes().all(|c| c == b' ');
    let boms: Vec<usize> = if text.contains('\u{feff}') {
        let mut boms = Vec::new();
        let mut line_start = true;
        for (i, c) in text.char_indices() {
            if c == '\u{feff}' && line_start && i > 0 {
                boms.push(i);
            }
            line_start = matches!(c, '\n' | '\r') || (line_start && c == '\u{feff}');
        }
        boms
    } else {
        Vec::new()
    };
    if !spaces_last && boms.is_empty() {
        return None;
    }
    let placeholder = if boms.is_empty() {
        None
    } else {
        Some(('\u{e000}'..='\u{f8ff}').find(|&c| !text.contains(c))?)
    };
    let mut copy = text.as_bytes().to_vec();
    if let Some(placeholder) = placeholder {
        let mut buf = [0; 3];
        let with = placeholder.encode_utf8(&mut buf).as_bytes();
        for at in boms {
            copy.get_mut(at..at + 3)?.copy_from_slice(with);
        }
    }
    if spaces_last {
        copy.push(b'\n');
    }
    String::from_utf8(copy).ok().map(|copy| (copy, placeholder))
}

/// `node`'s tree, read from [`js_input`]'s copy, as the text's: BOMs back in the scalars, and
/// no span past the text's end `end` (the copy's appended line break).
fn restore_input(node: &mut Node, placeholder: Option<char>, end: usize) {
    node.span = Span::new(node.span.start.min(end), node.span.end.min(end));
    if let Some(tag) = &mut node.tag {
        tag.span = Span::new(tag.span.start.min(end), tag.span.end.min(end));
    }
    match &mut node.value {
        Value::Scalar { text, .. } => {
            if let Some(placeholder) = placeholder.filter(|&p| text.contains(p)) {
                *text = text.replace(placeholder, "\u{feff}").into();
            }
        }
        Value::Seq(items) => items
            .iter_mut()
            .for_each(|item| restore_input(item, placeholder, end)),
        Value::Map(entries) => {
            for entry in entries {
                restore_input(&mut entry.key, placeholder, end);
                restore_input(&mut entry.value, placeholder, end);
            }
        }
        Value::Alias(_) => {}
    }
}

/// [`parse_granit`] on the text as js-yaml reads it (see [`js_input`]).
fn parse_names(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
    if let Some((named, spots)) = js_names(text) {
        // The copy's error stands (`*uses` naming no anchor): a name or comment changed as
        // js-yaml reads it, or a character inside a scalar changed for one granit reads alike.
        let mut doc = parse_text(&named, base)?;
        if !in_scalar(doc.root.as_ref(), base, &spots) {
            let root = doc.root.take().map(Node::into_owned);
            return Ok(read_from_copy(doc, root, text, base));
        }
    }
    parse_text(text, base)
}

/// The characters js-yaml takes in an anchor or alias name (which runs up to a blank, a line
/// break or a flow indicator) and in a comment (up to the line break), and granit does not: a
/// control character but tab, LF and CR (C0, DEL, C1 but NEL), a BOM, U+FFFE and U+FFFF.
fn js_only(c: char) -> bool {
    matches!(
        c,
        '\u{1}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{84}'
            | '\u{86}'..='\u{9f}'
            | '\u{feff}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// js-yaml keeps a BOM or a control character in an anchor or alias name (`&uses\u{feff}` is
/// not `*uses`; `&0\u{feff} :` is an anchored empty key) and in a comment (`# note\u{1}`);
/// granit ends a name at a BOM and refuses a control character in either. The copy granit reads
/// instead, and the offsets it changed: in a name, each such character becomes one granit takes
/// in names, of the same length in bytes, one for each character and found in no name of the
/// text (so that names are equal or distinct as js-yaml reads them); in a comment, spaces.
/// Names and comments are found by their look (`&`, `*` or `#` after a blank, a line break or,
/// for a name, `[`, `{` or `,`); [`parse_granit`] keeps the copy's reading only when no offset
/// changed lies inside a scalar (a `&` or ` #` inside quotes or a block scalar), and its error
/// (the replacements are characters granit reads as it reads the ones replaced, but in names
/// and comments). `None` when
/// there is nothing to change (most texts hold no such character at all).
fn js_names(text: &str) -> Option<(String, Vec<usize>)> {
    let maybe = text.bytes().any(|b| {
        (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7f | 0xc2 | 0xef)
    });
    if !maybe || !text.chars().any(js_only) {
        return None;
    }
    // The names' and comments' ranges.
    let mut names = Vec::new();
    let mut comments = Vec::new();
    let mut prev = '\n';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let before = prev;
        prev = c;
        let after_blank = matches!(before, ' ' | '\t' | '\n' | '\r');
        let (name, end_at) = match c {
            '&' | '*' if after_blank || matches!(before, '[' | '{' | ',') => (true, "\n\r \t,[]{}"),
            '#' if after_blank => (false, "\n\r"),
            _ => continue,
        };
        let mut end = i + 1;
        while let Some(&(j, d)) = chars.peek() {
            if end_at.contains(d) {
                break;
            }
            prev = d;
            end = j + d.len_utf8();
            chars.next();
        }
        if name {
            names.push(i + 1..end);
        } else {
            comments.push(i + 1..end);
        }
    }
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or_default();
    // A replacement for each character to change in a name: one of its length, in no name.
    let mut used: Vec<char> = names.iter().flat_map(|r| slice(r).chars()).collect();
    let mut swaps: Vec<(char, char)> = Vec::new();
    for c in names
        .iter()
        .flat_map(|r| slice(r).chars())
        .filter(|&c| js_only(c))
    {
        if swaps.iter().any(|&(from, _)| from == c) {
            continue;
        }
        let mut candidates: Box<dyn Iterator<Item = char>> = match c.len_utf8() {
            1 => Box::new(('a'..='z').chain('A'..='Z').chain('0'..='9')),
            2 => Box::new('\u{c0}'..='\u{ff}'),
            _ => Box::new('\u{e000}'..='\u{f8ff}'),
        };
        let to = candidates.find(|d| !used.contains(d))?;
        used.push(to);
        swaps.push((c, to));
    }
    let mut out = text.as_bytes().to_vec();
    let mut spots = Vec::new();
    for range in &names {
        for (k, c) in slice(range).char_indices() {
            if let Some(&(_, to)) = swaps.iter().find(|&&(from, _)| from == c) {
                let at = range.start + k;
                let mut buf = [0; 4];
                out.get_mut(at..at + c.len_utf8())?
                    .copy_from_slice(to.encode_utf8(&mut buf).as_bytes());
                spots.push(at);
            }
        }
    }
    for range in &comments {
        for (k, c) in slice(range).char_indices().filter(|&(_, c)| js_only(c)) {
            let at = range.start + k;
            out.get_mut(at..at + c.len_utf8())?.fill(b' ');
            spots.push(at);
        }
    }
    if spots.is_empty() {
        return None;
    }
    String::from_utf8(out).ok().map(|named| (named, spots))
}

/// Whether any of the text offsets `spots` lies inside a scalar of the tree under `node`.
fn in_scalar(node: Option<&Node>, base: usize, spots: &[usize]) -> bool {
    let mut stack: Vec<&Node> = node.into_iter().collect();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Scalar { .. } => {
                let start = node.span.start.saturating_sub(base);
                let end = node.span.end.saturating_sub(base);
                if spots.iter().any(|&at| start <= at && at < end) {
                    return true;
                }
            }
            Value::Map(entries) => stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
            Value::Seq(items) => stack.extend(items),
            Value::Alias(_) => {}
        }
    }
    false
}

/// [`parse_granit`] on a text whose anchor names and comments granit reads as js-yaml does.
fn parse_text(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
    directive_after_start(text, base)?;
    let start = js_document_start(text);
    // Where the `---` granit does not read as the document start was blanked, when it was.
    // A list entry less indented than an empty entry above it, which granit may read as an
    // entry of another list (or refuse: then a repair below moves it too).
    if entry_after_empty_line(text).is_some() && start.is_none() && directives(text).is_none() {
        if let Some(doc) = entry_after_empty_read(text, base) {
            return Ok(doc);
        }
    }
    let mut blanked = None;
    // granit's error where a list entry moved to the empty entry above it (see
    // [`entry_after_empty_entry`]), which stands unless the copy reads it as that list's entry.
    let mut dedented_error = None;
    let mut patched = match (
        directives(text),
        start.clone(),
        root_block_indentation(text, None),
    ) {
        (Some(patched), _, _) => patched,
        (None, Some((range, true)), _) => {
            blanked = Some(range.end);
            let patched = Patched::new(text).blank(range);
            root_block_indentation(text, Some(&patched)).unwrap_or(patched)
        }
        (None, _, Some(reindented)) => reindented,
        _ => match build(text, base) {
            Ok((root, anchors, tagged)) => match escaped_breaks_joined(text, base, root.as_ref()) {
                // Read by the loop below (the same length: no offset moves); when the joined
                // text fails (it cannot, but a patch must never turn a reading into an error),
                // the text as written.
                Some(joined) if build(&joined, base).is_ok() => Patched::new(&joined),
                _ => return finish(root, anchors, tagged, text, base),
            },
            Err(failure) => match (repair(&Patched::new(text), &failure, base), start.clone()) {
                (Some(patched), _) => {
                    if patched.dedented_entry.is_some() {
                        dedented_error = Some(failure.error.clone());
                    }
                    patched
                }
                // `--- a: 1`: granit refuses a block collection on the `---` line, js-yaml
                // reads it; when the patched text fails too, granit's first error stands.
                (None, Some((range, false))) => {
                    blanked = Some(range.end);
                    let patched = Patched::new(text).blank(range);
                    if build(&patched.text, base).is_err() {
                        return Err(failure.error);
                    }
                    patched
                }
                (None, _) => return Err(failure.error),
            },
        },
    };
    let mut repaired = 0;
    let mut joined = false;
    loop {
        match build(&patched.text, base) {
            Ok((root, anchors, tagged)) => {
                // Blank lines after an escaped line break, in a copy granit reads only once
                // repaired (`"\ud800\`, an empty line, ` x"`): joined as in the text as written.
                let rejoined = (!joined)
                    .then(|| escaped_breaks_joined(&patched.text, base, root.as_ref()))
                    .flatten()
                    .filter(|rejoined| build(rejoined, base).is_ok());
                if let Some(rejoined) = rejoined {
                    joined = true;
                    patched.text = rejoined;
                    continue;
                }
                let mut root = root.map(Node::into_owned);
                if let Some(root) = &mut root {
                    patched.restore(root, base);
                }
                if let (Some((range, _)), Some(root)) = (&start, &root) {
                    collection_after_tabbed_start(text, base, range, root)?;
                }
                if let Some(end) = blanked {
                    start_then_marker(text, base, end)?;
                }
                if let (Some(error), Some(dash)) = (dedented_error, patched.dedented_entry) {
                    if !next_entry_at(root.as_ref(), base + dash, text, base) {
                        return Err(error);
                    }
                }
                if let Some((_, error)) = patched
                    .flow_tabs
                    .iter()
                    .find(|(at, _)| !in_flow(root.as_ref(), base + at, text, base))
                {
                    return Err(error.clone());
                }
                let mut doc = finish(root, anchors, tagged, text, base)?;
                doc.key_after_quote = patched.key_after_quote.map(|at| base + at);
                doc.dedented_entry = patched.dedented_entry.map(|at| base + at);
                return Ok(doc);
            }
            Err(failure) => match repair(&patched, &failure, base) {
                Some(next) if repaired < REPAIR_LIMIT => {
                    repaired += 1;
                    if next.dedented_entry.is_some() && patched.dedented_entry.is_none() {
                        let mut error = failure.error.clone();
                        error.at = base + patched.original(error.at - base);
                        dedented_error = Some(error);
                    }
                    patched = next;
                }
                _ => {
                    let mut error = failure.error;
                    error.at = base + patched.original(error.at - base);
                    return Err(error);
                }
            },
        }
    }
}

/// The reading of a text granit reads, in which a list entry less indented than an empty entry
/// right above it (see [`entry_after_empty_line`]) belongs to a list around the empty entry's:
/// the copy with the entry moved to the empty entry's column, when granit reads the copy and
/// the moved entry as the empty entry's next one; `None` otherwise (granit's reading stands).
fn entry_after_empty_read(text: &str, base: usize) -> Option<Document<'_>> {
    if text.contains("\\\n") || text.contains("\\\r") {
        return None;
    }
    let line = entry_after_empty_line(text)?;
    let (lines, dash, spaces) = entry_after_empty_entry(text, line)?;
    let mut patched = Patched::new(text);
    for line in lines {
        patched = patched.edit(line..line, &" ".repeat(spaces))?;
    }
    let (root, anchors, tagged) = build(&patched.text, base).ok()?;
    let mut root = root.map(Node::into_owned);
    if let Some(root) = &mut root {
        patched.restore(root, base);
    }
    if !next_entry_at(root.as_ref(), base + dash, text, base) {
        return None;
    }
    let mut doc = finish(root, anchors, tagged, text, base).ok()?;
    // Where granit reads the text as written, so does PyYAML (with the entry in another list).
    if build(text, base).is_err() {
        doc.dedented_entry = Some(base + dash);
    }
    Some(doc)
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

/// The copy of the text that granit reads, and the edits that changed its length (most keep
/// it, so that every span is an offset of the text), to map its offsets back.
#[derive(Clone)]
struct Patched {
    text: String,
    /// Each edit that changed the length, in order: where it was made (in the copy as it was
    /// then), how many bytes it removed, how many it inserted.
    moves: Vec<(usize, usize, usize)>,
    /// Offset in the text of the first entry moved off a quoted value's closing line (see
    /// [`key_after_quoted`]).
    key_after_quote: Option<usize>,
    /// Offset in the text of the first entry moved to the column of the empty entry above it
    /// (see [`entry_after_empty_entry`]).
    dedented_entry: Option<usize>,
    /// Offsets in the text of the first token of each line whose leading tabs were blanked as
    /// inside a flow collection (see [`flow_tab_line`]), which the reading must confirm, each
    /// with granit's error at those tabs (file offsets), which stands where it does not.
    flow_tabs: Vec<(usize, SyntaxError)>,
}

impl Patched {
    fn new(text: &str) -> Self {
        Patched {
            text: text.to_owned(),
            moves: Vec::new(),
            key_after_quote: None,
            dedented_entry: None,
            flow_tabs: Vec::new(),
        }
    }

    /// The copy with `range` replaced by `with`.
    fn edit(&self, range: std::ops::Range<usize>, with: &str) -> Option<Self> {
        let mut next = self.clone();
        if !(next.text.is_char_boundary(range.start) && next.text.is_char_boundary(range.end)) {
            return None;
        }
        if range.len() != with.len() {
            next.moves.push((range.start, range.len(), with.len()));
        }
        next.text.replace_range(range, with);
        Some(next)
    }

    /// The copy with the bytes of `range` replaced by spaces (it holds no line break).
    fn blank(self, range: std::ops::Range<usize>) -> Self {
        let spaces = " ".repeat(range.len());
        self.edit(range, &spaces).unwrap_or(self)
    }

    /// The offset in the text of offset `at` of the copy (an inserted byte maps to where the
    /// insertion was made).
    fn original(&self, mut at: usize) -> usize {
        for &(start, removed, inserted) in self.moves.iter().rev() {
            if at >= start + inserted {
                at = at - inserted + removed;
            } else if at > start {
                at = start + (at - start).min(removed);
            }
        }
        at
    }

    /// `node`'s spans (read from the copy) as file offsets of the text.
    fn restore(&self, node: &mut Node, base: usize) {
        if self.moves.is_empty() {
            return;
        }
        let map = |span: Span| {
            Span::new(
                base + self.original(span.start - base),
                base + self.original(span.end - base),
            )
        };
        node.span = map(node.span);
        if let Some(tag) = &mut node.tag {
            tag.span = map(tag.span);
        }
        match &mut node.value {
            Value::Seq(items) => items.iter_mut().for_each(|n| self.restore(n, base)),
            Value::Map(entries) => {
                for entry in entries {
                    self.restore(&mut entry.key, base);
                    self.restore(&mut entry.value, base);
                }
            }
            Value::Scalar { .. } | Value::Alias(_) => {}
        }
    }
}

/// Most repairs (see [`repair`]) of one text: each costs a parse.
const REPAIR_LIMIT: usize = 64;

/// A failed parse: the error, and where granit found a comment glued to the text before it.
struct Failure {
    error: SyntaxError,
    /// Offset in the parsed text of a `#` granit refused as not separated.
    comment_at: Option<usize>,
    /// Offset in the parsed text of a double-quoted scalar granit refused for an escape.
    escape_at: Option<usize>,
    /// Offset in the parsed text of a tab granit refused at the start of a block scalar.
    block_tab_at: Option<usize>,
    /// Offset in the parsed text of a `:` in a flow collection that granit refused right
    /// before a `[` or `{` (`{a:{}}`).
    adjacent_at: Option<usize>,
}

impl From<SyntaxError> for Failure {
    fn from(error: SyntaxError) -> Self {
        Failure {
            error,
            comment_at: None,
            escape_at: None,
            block_tab_at: None,
            adjacent_at: None,
        }
    }
}

/// granit's reading of `parsed` (the text, or a patched copy of it).
fn build(parsed: &str, base: usize) -> Result<(Option<Node<'_>>, Anchors, bool), Failure> {
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
                let block_tab_at =
                    matches!(err.kind(), ErrorKind::TabAtBlockScalarStart).then_some(at);
                let adjacent_at =
                    matches!(err.kind(), ErrorKind::FlowMappingValueAdjacentCollection)
                        .then_some(at);
                return Err(Failure {
                    error,
                    comment_at,
                    escape_at,
                    block_tab_at,
                    adjacent_at,
                });
            }
        }
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
        key_after_quote: None,
        dedented_entry: None,
    };
    if let Some(root) = &doc.root {
        top_level_scalar(text, base, root)?;
        top_level_block_scalar(text, base, root)?;
        indented_root(text, base)?;
        check_merges(&doc, root)?;
    }
    document_end_then_more(text, base, doc.root.as_ref())?;
    directive_arguments(text, base)?;
    Ok(doc)
}

/// js-yaml checks the arguments of a `%YAML` and a `%TAG` directive, which granit reads more
/// loosely or not at all: `%YAML` takes exactly one, `MAJOR.MINOR` with major 1, once; `%TAG`
/// exactly two, a handle (`!`, `!!`, `!name!`) not declared before and a prefix of URI
/// characters (`%TAG !:` throws "TAG directive accepts exactly two arguments"). js-yaml throws
/// once it has read the directive's line: the error is at the start of the next line, as its
/// is. Directives are the lines before the first other content that start with `%` after tabs
/// (after spaces too on the line right after a directive's).
fn directive_arguments(text: &str, base: usize) -> Result<(), SyntaxError> {
    let mut at = 0;
    // Spaces before a first-line `%` count too (js-yaml throws there): never a directive.
    let mut indent_counts = true;
    let mut version = false;
    let mut handles: Vec<&str> = Vec::new();
    while at < text.len() {
        let line = line_at(text, at);
        let content = line.trim_start_matches([' ', '\t']);
        let mut next = at + line.len();
        next += if text.get(next..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
        if content.is_empty() || content.starts_with('#') {
            indent_counts = true;
            at = next;
            continue;
        }
        // js-yaml counts the spaces (not tabs) that start a line after a line break it skipped
        // itself: not on the first line, nor on the line right after a directive's.
        if !content.starts_with('%') || (indent_counts && line.starts_with(' ')) {
            return Ok(());
        }
        indent_counts = false;
        let mut words = content.get(1..).unwrap_or_default().split([' ', '\t']);
        let name = words.next().unwrap_or_default();
        let args: Vec<&str> = words
            .filter(|w| !w.is_empty())
            .take_while(|w| !w.starts_with('#'))
            .collect();
        let error = |message: &str| SyntaxError {
            kind: SyntaxKind::Other,
            message: format!("{message} (`%{name}` directive)"),
            at: base + next.min(text.len()),
        };
        match name {
            "YAML" => {
                if version {
                    return Err(error("duplication of %YAML directive"));
                }
                version = true;
                let [arg] = args.as_slice() else {
                    return Err(error("YAML directive accepts exactly one argument"));
                };
                let Some((major, minor)) = arg.split_once('.') else {
                    return Err(error("ill-formed argument of the YAML directive"));
                };
                let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
                if !(digits(major) && digits(minor)) {
                    return Err(error("ill-formed argument of the YAML directive"));
                }
                if major.trim_start_matches('0') != "1" {
                    return Err(error("unacceptable YAML version of the document"));
                }
            }
            "TAG" => {
                let [handle, prefix] = args.as_slice() else {
                    return Err(error("TAG directive accepts exactly two arguments"));
                };
                let named = handle
                    .strip_prefix('!')
                    .and_then(|h| h.strip_suffix('!'))
                    .is_some_and(|h| h.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-'));
                if !(*handle == "!" || named) {
                    return Err(error(
                        "ill-formed tag handle (first argument) of the TAG directive",
                    ));
                }
                if handles.contains(handle) {
                    return Err(error(&format!(
                        "there is a previously declared suffix for \"{handle}\" tag handle"
                    )));
                }
                handles.push(handle);
                if !tag_uri(prefix) {
                    return Err(error(
                        "ill-formed tag prefix (second argument) of the TAG directive",
                    ));
                }
            }
            _ => {}
        }
        at = next;
    }
    Ok(())
}

/// js-yaml's `PATTERN_TAG_URI` (`!` or any character but a flow indicator first, then `%XX`
/// escapes and URI characters), and `decodeURIComponent` succeeding: every `%` starts an escape
/// of two hex digits, and the escaped bytes are UTF-8.
fn tag_uri(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if matches!(first, ',' | '[' | ']' | '{' | '}') {
        return false;
    }
    let b = text.as_bytes();
    let escape = |i: usize| {
        let digit = |k: usize| b.get(k).copied().filter(u8::is_ascii_hexdigit);
        Some(
            ((digit(i + 1)? as char).to_digit(16)? * 16 + (digit(i + 2)? as char).to_digit(16)?)
                as u8,
        )
    };
    let mut i = first.len_utf8();
    while let Some(&c) = b.get(i) {
        if c == b'%' && escape(i).is_some() {
            i += 3;
        } else if c.is_ascii_alphanumeric() || b"-#;/?:@&=+$,_.!~*'()[]".contains(&c) {
            i += 1;
        } else {
            return false;
        }
    }
    let mut decoded = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let Some(byte) = escape(i) else {
                return false;
            };
            decoded.push(byte);
            i += 3;
        } else {
            decoded.push(c);
            i += 1;
        }
    }
    std::str::from_utf8(&decoded).is_ok()
}

/// The line of `text` that starts at `at`, without its line break.
fn line_at(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or_default();
    rest.find(['\n', '\r'])
        .map_or(rest, |end| rest.get(..end).unwrap_or_default())
}

/// After directives, which granit reads only at the start of a line and before a `---` followed
/// by a blank: js-yaml reads a directive after tabs (`\t%YAML 1.2`) and a `---` after tabs or
/// glued to what follows (`---#`, `---a`). The copy with those tabs removed and a space after a
/// glued `---`; `None` when the text starts with no directive or needs neither.
fn directives(text: &str) -> Option<Patched> {
    let mut patched = Patched::new(text);
    let mut at = 0;
    let mut seen = false;
    // Whether the line at `at` directly follows a directive's line: js-yaml does not count its
    // indentation then (it counts spaces only after a line break it skips itself).
    let mut after_directive = false;
    while at < patched.text.len() {
        let line = line_at(&patched.text, at);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
        // The blanks before a `%` or `---` that js-yaml reads there: tabs only, or any blanks
        // right after a directive's line (`%YAML 1.2\n ---`).
        let tabs = if after_directive || spaces == 0 {
            blanks
        } else {
            0
        };
        let content = line.get(tabs..)?;
        after_directive = false;
        if content.starts_with('%') {
            seen = true;
            after_directive = true;
            // js-yaml reads a BOM in a directive as any other character (an unknown
            // directive's name or arguments are ignored; `%YAML` and `%TAG` arguments are
            // checked on the text, see [`directive_arguments`]); granit refuses it.
            let boms: Vec<usize> = content.match_indices('\u{feff}').map(|(i, _)| i).collect();
            if let Some(range) = tag_prefix_start(content) {
                let len = range.len();
                let from = at + tabs + range.start;
                patched = patched.edit(from..from + len, &"x".repeat(len))?;
            }
            for i in boms {
                let from = at + tabs + i;
                patched = patched.edit(from..from + 3, "xxx")?;
            }
            if tabs > 0 {
                patched = patched.edit(at..at + tabs, "")?;
            }
        } else if !(content.trim_start_matches([' ', '\t']).is_empty()
            || content.trim_start_matches([' ', '\t']).starts_with('#'))
        {
            if !seen {
                return None;
            }
            let marker = content.starts_with("---");
            let rest = content.get(3..).unwrap_or_default();
            let gap = rest.len() - rest.trim_start_matches([' ', '\t']).len();
            let after = rest.get(gap..).unwrap_or_default();
            let glued = marker && gap == 0 && !after.is_empty();
            let scalar_or_flow = ['#', '|', '>', '[', '{', '"', '\'', '!', '&', '*'];
            // After tabs, js-yaml counts them as the line's indentation: a block collection on
            // the line throws ("end of the stream or a document separator is expected"), as
            // granit's reading of the glued line does.
            if marker && tabs == 0 && !(after.is_empty() || after.starts_with(scalar_or_flow)) {
                // Content on the `---` line, which js-yaml reads at its column (`---a: 1`,
                // `--- a: 1`) and granit refuses as a block collection there: moved to the next
                // line, at that column.
                let column = line.get(..tabs + 3 + gap)?.encode_utf16().count();
                let from = at + tabs + 3;
                patched = patched.edit(from..from + gap, &format!("\n{}", " ".repeat(column)))?;
            } else if glued {
                patched = patched.edit(at + tabs + 3..at + tabs + 3, " ")?;
            }
            if tabs > 0 && marker {
                patched = patched.edit(at..at + tabs, "")?;
            }
            return (patched.text != text).then_some(patched);
        }
        at += line_at(&patched.text, at).len();
        at += if patched
            .text
            .get(at..)
            .is_some_and(|r| r.starts_with("\r\n"))
        {
            2
        } else {
            1
        };
    }
    None
}

/// js-yaml takes a `%TAG` prefix whose first character is any but a flow indicator (`%TAG !
/// |`), the rest being URI characters; granit needs a URI character first, and refuses the
/// directive. In the directive `line` (from its `%`): the range of the prefix's first
/// character when granit refuses it, to be replaced by as many `x` (a prefix that starts so
/// names no tag js-yaml knows, as the original does not).
fn tag_prefix_start(line: &str) -> Option<std::ops::Range<usize>> {
    let mut words = line.split([' ', '\t']).filter(|w| !w.is_empty());
    if words.next() != Some("%TAG") {
        return None;
    }
    let prefix = words.nth(1)?;
    let first = prefix.chars().next()?;
    let granit_takes = first.is_ascii_alphanumeric() || "-#;/?:@&=+$_.~*'()%!".contains(first);
    if granit_takes || first == '#' || matches!(first, ',' | '[' | ']' | '{' | '}') {
        return None;
    }
    let start = prefix.as_ptr() as usize - line.as_ptr() as usize;
    Some(start..start + first.len_utf8())
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
            // A `%` line after it is content to js-yaml (an error), a directive to granit once
            // the `---` is blanked: left to granit, which refuses the `---` as it is.
            if !on_line && directive_follows(text, at + line.len()) {
                return None;
            }
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

/// js-yaml reads the `---` that [`js_document_start`] finds (blanked for granit, which then
/// takes a later `---` line for the start of its first document) as the document start, so a
/// later `---` line starts a second document (`\t---\n--- x`: "expected a single document in
/// the stream, but found more"). `end` is where the blanked `---` ends. A `---` at column 0
/// followed by a blank or the line's end is a marker wherever it stands, to both parsers.
fn start_then_marker(text: &str, base: usize, end: usize) -> Result<(), SyntaxError> {
    let mut at = end + line_at(text, end).len();
    while at < text.len() {
        at += if text.get(at..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
        let line = line_at(text, at);
        if line
            .strip_prefix("---")
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        {
            return Err(SyntaxError {
                kind: SyntaxKind::SecondDocument,
                message: "expected a single document in the front matter, but found more (a \
                          `---` line inside it starts a second one)"
                    .into(),
                at: base + at,
            });
        }
        at += line.len();
    }
    Ok(())
}

/// js-yaml reads a `%` line after its document start as content no node starts with, and throws
/// "end of the stream or a document separator is expected" there. After a `---` that granit
/// reads as text (glued to a comment, `---#`, or after tabs, `\t---`), granit reads the `%` line
/// as that text's continuation, and [`js_document_start`] leaves such a text to granit: the
/// error at the `%`.
fn directive_after_start(text: &str, base: usize) -> Result<(), SyntaxError> {
    let mut at = 0;
    while at < text.len() {
        let line = line_at(text, at);
        let content = line.trim_start_matches([' ', '\t']);
        if !(content.is_empty() || content.starts_with('#')) {
            let lead = line.len() - line.trim_start_matches('\t').len();
            let Some(after) = line.get(lead..).and_then(|l| l.strip_prefix("---")) else {
                return Ok(());
            };
            let glued = !after.is_empty() && !after.starts_with([' ', '\t']);
            let rest = after.trim_start_matches([' ', '\t']);
            if !(glued || lead > 0) || !(rest.is_empty() || rest.starts_with('#')) {
                return Ok(());
            }
            let mut next = at + line.len();
            while next < text.len() {
                next += if text.get(next..).is_some_and(|r| r.starts_with("\r\n")) {
                    2
                } else {
                    1
                };
                let line = line_at(text, next);
                let content = line.trim_start_matches([' ', '\t']);
                if line.starts_with('%') {
                    return Err(SyntaxError {
                        kind: SyntaxKind::Other,
                        message: "end of the stream or a document separator is expected (a `%` \
                                  line after the document start)"
                            .into(),
                        at: base + next,
                    });
                }
                if !(content.is_empty() || content.starts_with('#')) {
                    return Ok(());
                }
                next += line.len();
            }
            return Ok(());
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

/// Whether the first line from `at` on that is not blank or a comment starts with `%`.
fn directive_follows(text: &str, mut at: usize) -> bool {
    while at < text.len() {
        let line = line_at(text, at);
        let content = line.trim_start_matches([' ', '\t']);
        if !(content.is_empty() || content.starts_with('#')) {
            return line.starts_with('%');
        }
        at += line.len().max(1);
    }
    false
}

/// The copy repaired where `failure` is granit refusing what js-yaml reads: a glued comment
/// (blanked), a lone surrogate escape (written as U+FFFD, see [`lone_surrogates`]), a blank line
/// that starts with a tab right after a block scalar's header (see [`block_scalar_tab`]), a
/// mapping after properties on a key's line (see [`property_mapping`]), tabs before the line
/// after an explicit key (see [`explicit_key_tab`]), or a verbatim tag glued to its node (see
/// [`verbatim_tag_glued`]).
fn repair(patched: &Patched, failure: &Failure, base: usize) -> Option<Patched> {
    let text = patched.text.as_str();
    if let Some(range) = glued_comment(text, failure) {
        return Some(patched.clone().blank(range));
    }
    if let Some(at) = failure
        .block_tab_at
        .filter(|&at| block_scalar_tab(text, at))
    {
        return patched.edit(at..at + 1, "#");
    }
    // Inside `[…]` or `{…}`, js-yaml takes a `:` right after a key as the value indicator
    // whatever follows it (`{a:{}}`, `[a:[b]]`, `{:{}}`); granit refuses a `[` or `{` right after
    // it (YAML allows that only after a quoted key): a space after the `:`.
    if let Some(at) = failure
        .adjacent_at
        .filter(|&at| text.get(at..).is_some_and(|t| t.starts_with(':')))
    {
        return patched.edit(at + 1..at + 1, " ");
    }
    if let Some(from) = failure.escape_at {
        return lone_surrogates(text, from).map(|text| Patched {
            text,
            moves: patched.moves.clone(),
            key_after_quote: patched.key_after_quote,
            dedented_entry: patched.dedented_entry,
            flow_tabs: patched.flow_tabs.clone(),
        });
    }
    let at = failure.error.at.checked_sub(base)?;
    match failure.error.kind {
        SyntaxKind::Indicator => {
            let end = verbatim_tag_glued(text, at)?;
            patched.edit(end..end, " ")
        }
        SyntaxKind::ColonInValue => {
            let (range, with) = property_mapping(text, at)?;
            patched.edit(range, &with)
        }
        SyntaxKind::Tab => match explicit_key_tab(text, at) {
            Some(range) => patched.edit(range, ""),
            None => {
                let range = flow_tab_line(text, at)?;
                let spaces = " ".repeat(range.len());
                let mut next = patched.edit(range.clone(), &spaces)?;
                let mut error = failure.error.clone();
                error.at = base + patched.original(at);
                next.flow_tabs.push((patched.original(range.end), error));
                Some(next)
            }
        },
        SyntaxKind::TextAfterQuote | SyntaxKind::Indentation | SyntaxKind::BlockCollection => {
            if let Some((range, with)) = key_after_quoted(text, at, base) {
                let mut next = patched.edit(range, &with)?;
                next.key_after_quote = next.key_after_quote.or(Some(patched.original(at)));
                return Some(next);
            }
            // Tabs before the line after an explicit key whose line ends in a comment or an
            // alias (`? k # c\n\t: v`, `? *a\n\t: v`), which granit words so.
            if failure.error.kind != SyntaxKind::BlockCollection {
                return None;
            }
            if let Some((lines, dash, spaces)) = entry_after_empty_entry(text, at) {
                let mut next = patched.clone();
                for line in lines {
                    next = next.edit(line..line, &" ".repeat(spaces))?;
                }
                next.dedented_entry = next.dedented_entry.or(Some(patched.original(dash)));
                return Some(next);
            }
            patched.edit(explicit_key_tab(text, at)?, "")
        }
        // `? k #\n\tnext:`: granit reads the tab-led line as the key's continuation, which
        // the comment interrupts; the tabs go as in [`explicit_key_tab`].
        SyntaxKind::Other if text.get(at..).is_some_and(|t| t.starts_with('#')) => {
            let end = at + line_at(text, at).len();
            let next = end
                + if text.get(end..)?.starts_with("\r\n") {
                    2
                } else {
                    1
                };
            let range = explicit_key_tab(text, next)?;
            patched.edit(range, "")
        }
        _ => None,
    }
}

/// js-yaml reads a verbatim tag (`!<tag:yaml.org,2002:str>`) up to its `>` and the node right
/// after it, blank or not (`e: !<tag:yaml.org,2002:str>p` is `{e: "p"}`); granit needs a blank
/// after the tag. Where granit refused the tag at `at`: the offset after its `>`, where a space
/// goes, when something other than a blank or a line break follows it there.
fn verbatim_tag_glued(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?.strip_prefix("!<")?;
    let end = at + 2 + rest.find('>')? + 1;
    let next = text.get(end..)?.chars().next()?;
    (!matches!(next, ' ' | '\t' | '\n' | '\r')).then_some(end)
}

/// js-yaml ends a block scalar at a line that starts with a tab (a tab is no indentation), and
/// reads a line of tabs and spaces after it as a blank line of the mapping or list around it:
/// `t: >\n\t\nu: 1` is `{t: "", u: 1}`. granit refuses a tab at the start of a block scalar.
/// Whether the tab at `at` is first on such a blank line: then it becomes `#`, a comment line
/// less indented than the scalar, which ends it for granit too.
fn block_scalar_tab(parsed: &str, at: usize) -> bool {
    let line_start = at == 0 || matches!(parsed.as_bytes().get(at - 1), Some(b'\n' | b'\r'));
    let line = line_at(parsed, at);
    line_start && line.starts_with('\t') && line.bytes().all(|c| matches!(c, b' ' | b'\t'))
}

/// js-yaml (4.3) reads properties on a key's line followed by an implicit key (`k: &a x: 1`,
/// `t: !!str : v`) as a mapping at the properties' column whose first key carries them:
/// `{k: {x: 1}}`, as if the properties started the next line there; granit refuses a mapping on
/// a key's line. Where granit refused the `:` at `at`: the blanks between the key's `:` and the
/// properties, to replace with a line break and the properties' column in spaces (UTF-16 units,
/// as js-yaml counts). `None` unless the line is a simple key (plain or quoted, after any `- `),
/// `: `, properties, then a plain or quoted key or the `:` refused.
fn property_mapping(text: &str, at: usize) -> Option<(std::ops::Range<usize>, String)> {
    let line_start = text.get(..at)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    let local = at - line_start;
    let b = line.as_bytes();
    let mut key = line.trim_start_matches(' ');
    while let Some(rest) = key.strip_prefix('-').filter(|r| r.starts_with([' ', '\t'])) {
        key = rest.trim_start_matches([' ', '\t']);
    }
    // The key's own properties (a line an earlier repair made: `&a x: &b y: 1`).
    while key.starts_with(['&', '!']) {
        let word = key.split([' ', '\t']).next().unwrap_or_default();
        key = key.get(word.len()..)?.trim_start_matches([' ', '\t']);
    }
    let key_start = line.len() - key.len();
    // The key's `:`: after a quoted key's closing quote, or the first `: ` of a plain key.
    let colon = match key.as_bytes().first()? {
        q @ (b'\'' | b'"') => {
            let close = quoted_end(key.as_bytes(), *q)?;
            let after = key.get(close + 1..)?;
            close + 1 + (after.len() - after.trim_start_matches([' ', '\t']).len())
        }
        c if b"&!*|>%@`#,[]{}".contains(c) => return None,
        _ => key
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| matches!(key.as_bytes().get(i + 1), Some(b' ' | b'\t')))?,
    };
    let colon = key_start + colon;
    if b.get(colon) != Some(&b':') || !matches!(b.get(colon + 1), Some(b' ' | b'\t')) {
        return None;
    }
    if line.get(key_start..colon)?.contains(" #") {
        return None;
    }
    let props = colon
        + 1
        + (line.len() - colon - 1 - line.get(colon + 1..)?.trim_start_matches([' ', '\t']).len());
    // A tab before the properties: js-yaml throws ("bad indentation of a mapping entry").
    if line.get(colon + 1..props)?.contains('\t') {
        return None;
    }
    let mut next = props;
    while matches!(b.get(next), Some(b'&' | b'!')) {
        let word = line.get(next..)?.split([' ', '\t']).next()?;
        next += word.len();
        next += line.get(next..)?.len() - line.get(next..)?.trim_start_matches([' ', '\t']).len();
    }
    let ok_start = match b.get(next) {
        // The `:` refused, or a plain key that starts with `:` (`t: !!str ::` is
        // `{t: {":": null}}`): a `:` followed by no blank starts a plain scalar.
        Some(b':') => {
            next == local
                || (next < local && b.get(next + 1).is_some_and(|c| *c != b' ' && *c != b'\t'))
        }
        Some(c) => !b"|>[]{}*#,".contains(c) && next < local,
        None => false,
    };
    if next == props || !ok_start {
        return None;
    }
    let column = line.get(..props)?.encode_utf16().count();
    let range = line_start + colon + 1..line_start + props;
    Some((range, format!("\n{}", " ".repeat(column))))
}

/// js-yaml reads a block mapping's (or list's) next entry right after a quoted value or a flow
/// collection that closes on a later line than it opens, when that line is indented as the
/// mapping (`t: '…\n'a: 1` is `{t: "… ", a: 1}`, `s: {\n}y: 1` is `{s: {}, y: 1}`; less
/// indented, the entry belongs to the collection around it); granit refuses text after the
/// closing quote or bracket. Where granit refused the text at `at`: the spaces between the quote
/// or bracket and it, to replace with a line break and the closing line's indentation. `None`
/// unless granit reads the text up to the quote or bracket, the node that ends there is a quoted
/// scalar or a flow collection, a block mapping value or list entry that opens on an earlier
/// line, and the closing line is not indented more than the collection holding it (js-yaml:
/// "bad indentation").
fn key_after_quoted(
    text: &str,
    at: usize,
    base: usize,
) -> Option<(std::ops::Range<usize>, String)> {
    let before = text.get(..at)?;
    let close = before.trim_end_matches(' ').len().checked_sub(1)?;
    if !matches!(text.as_bytes().get(close), Some(b'\'' | b'"' | b']' | b'}')) {
        return None;
    }
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    let indent = line.len() - line.trim_start_matches(' ').len();
    let (root, _, _) = build(text.get(..=close)?, base).ok()?;
    // The last node of each collection, from the root down, to the one ending at the quote or
    // the flow collection ending at the bracket.
    let ends_here = |node: &Node| node.span.end == base + close + 1;
    let mut parent: Option<&Node> = None;
    let mut node = root.as_ref()?;
    loop {
        if ends_here(node) && flow_collection(text, base, node) {
            break;
        }
        let next = match &node.value {
            Value::Map(entries) => &entries.last()?.value,
            Value::Seq(items) => items.last()?,
            _ => break,
        };
        parent = Some(node);
        node = next;
    }
    let quoted = ends_here(node)
        && (matches!(
            node.style(),
            Some(Style::SingleQuoted | Style::DoubleQuoted)
        ) || flow_collection(text, base, node));
    let parent = parent?;
    // A block list's first `-` (granit starts a list that is a mapping's value in the key's
    // column, `s:\n- [`, at its first entry's node).
    let parent_start = match &parent.value {
        Value::Seq(_) => {
            let before = text
                .get(..parent.span.start - base)?
                .trim_end_matches([' ', '\t']);
            match before.strip_suffix('-') {
                Some(dash) if dash.is_empty() || dash.ends_with(['\n', '\r', ' ']) => {
                    base + dash.len()
                }
                _ => parent.span.start,
            }
        }
        _ => parent.span.start,
    };
    let first = match &parent.value {
        Value::Map(entries) => entries.first()?.key.span.start,
        Value::Seq(_) => parent_start,
        _ => return None,
    };
    let block = !text.get(first - base..)?.starts_with(['[', '{'])
        && !text.get(parent_start - base..)?.starts_with(['[', '{']);
    let opens_before = node.span.start < base + line_start;
    if !(quoted && block && opens_before && indent <= block_column(text, first - base)) {
        return None;
    }
    // A list entry (`]- a: 1`): its node keeps its column, as js-yaml reads it where it stands.
    let rest = text.get(at..)?;
    let after = rest
        .strip_prefix('-')
        .filter(|r| r.starts_with([' ', '\t']));
    if let Some(after) = after {
        let blanks = after.len() - after.trim_start_matches([' ', '\t']).len();
        let content = at + 1 + blanks;
        let column = text.get(line_start..content)?.encode_utf16().count();
        if column > indent + 1 && !after.trim_start_matches([' ', '\t']).is_empty() {
            let pad = " ".repeat(column - indent - 1);
            return Some((
                close + 1..content,
                format!("\n{}-{pad}", " ".repeat(indent)),
            ));
        }
    }
    Some((close + 1..at, format!("\n{}", " ".repeat(indent))))
}

/// Whether file offset `at` lies inside a flow collection (`[…]`, `{…}`) of the tree at `node`.
fn in_flow(node: Option<&Node>, at: usize, text: &str, base: usize) -> bool {
    let Some(node) = node else {
        return false;
    };
    match &node.value {
        _ if flow_collection(text, base, node) => node.span.start < at && at < node.span.end,
        Value::Seq(items) => items.iter().any(|n| in_flow(Some(n), at, text, base)),
        Value::Map(entries) => entries.iter().any(|e| {
            in_flow(Some(&e.key), at, text, base) || in_flow(Some(&e.value), at, text, base)
        }),
        _ => false,
    }
}

/// Whether `node` is a flow collection (`[…]`, `{…}`) as written: its text opens with the
/// bracket, and no entry of it starts where it does (a block collection may start at its first
/// entry, itself a flow collection).
fn flow_collection(text: &str, base: usize, node: &Node) -> bool {
    let start = node.span.start;
    let first = match &node.value {
        Value::Map(entries) => entries.first().map(|e| e.key.span.start),
        Value::Seq(items) => items.first().map(|n| n.span.start),
        _ => return false,
    };
    text.get(start.saturating_sub(base)..)
        .is_some_and(|t| t.starts_with(['[', '{']))
        && first.is_none_or(|first| first > start)
}

/// The offset of the quote that closes the quoted scalar `text` starts with (`quote`): `''` is
/// a quote inside single quotes, `\` escapes inside double ones.
pub fn quoted_end(text: &[u8], quote: u8) -> Option<usize> {
    let b = text;
    let mut i = 1;
    while let Some(&c) = b.get(i) {
        if c == b'\\' && quote == b'"' {
            i += 2;
            continue;
        }
        if c == quote {
            if quote == b'\'' && b.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// js-yaml does not look for tabs in the indentation of the line after an explicit key (`? k`)
/// up to the `:` (`? k\n\t: v`, `? a\n\t? b`, `? k\n\tnext: v` all load); granit refuses them.
/// Where granit refused the tab at `at`: the blanks after the line's spaces, to remove, when the
/// last line above it that is not blank, a comment or indented more is `?` in that column.
fn explicit_key_tab(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let line_start = text.get(..at)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    let spaces = line.len() - line.trim_start_matches(' ').len();
    let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
    if !line.get(spaces..blanks)?.starts_with('\t') || blanks == line.len() {
        return None;
    }
    // A document marker after the tabs (`? k\n\t...`): js-yaml throws ("can not read a block
    // mapping entry"), which granit, once the tabs go, would read as the document's end.
    let rest = line.get(blanks..)?;
    if ["...", "---"].iter().any(|m| {
        rest.strip_prefix(m)
            .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
    }) {
        return None;
    }
    let mut above = text.get(..line_start)?;
    loop {
        above = above.trim_end_matches(['\n', '\r']);
        let start = above.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let prev = above.get(start..)?;
        let indent = prev.len() - prev.trim_start_matches(' ').len();
        let content = prev.trim_start_matches([' ', '\t']);
        if !(content.is_empty() || content.starts_with('#') || indent > spaces) {
            let explicit = indent == spaces
                && prev
                    .get(indent..)?
                    .strip_prefix('?')
                    .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']));
            return explicit.then_some(line_start + spaces..line_start + blanks);
        }
        if start == 0 {
            return None;
        }
        above = above.get(..start)?;
    }
}

/// js-yaml reads the line after an empty list entry (`-` alone on its line) as the same list's
/// next entry when it starts with `- ` at any smaller indentation (`s:\n -\n-` is
/// `{s: [null, null]}`): after the empty entry it goes on to the next `-` without comparing
/// indentation, reads the entry's node where it stands (a mapping or list opened on the line
/// keeps its column: `s:\n  -\n- a: 1\n  b: 2` is `{s: [null, {a: 1, b: 2}]}`), then goes on
/// with the lines in the list's column. granit refuses the dedented `-`. Where granit refused
/// the line of `at` (at the entry after the `-`, or the end), a `-` after spaces: the starts of
/// the lines to indent, last first, the `-`, and by how many spaces, so that the `-` stands in
/// the empty entry's column. The lines are the `-` line and, when a block mapping or list opens
/// on it (a plain key then `:`, or `-`), the lines of that collection: those after it indented
/// at least as much as the collection, up to the first one less indented (blank and comment
/// lines aside); in a mapping in the list's own column, a `-` line in that column is the list's
/// next entry, unless the line above is a key of the mapping with nothing after its `:` (then
/// the `-` starts that key's value, a list in the same column). `None` unless the last line
/// above that is not blank or a comment is that empty entry, indented more, and the entry is
/// empty, a plain scalar, a flow collection or such a collection (quoted scalars, block
/// scalars, properties and `?` are left to granit's error). [`parse_text`] keeps the reading
/// only when the moved entry is read as the list's next entry.
fn entry_after_empty_entry(text: &str, at: usize) -> Option<(Vec<usize>, usize, usize)> {
    let line_start = text.get(..at)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    let column = line.len() - line.trim_start_matches(' ').len();
    let after = line.get(column..)?.strip_prefix('-')?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = after.trim_start_matches([' ', '\t']);
    let content = line.len() - rest.len();
    let is_blank = |l: &str| {
        let c = l.trim_start_matches([' ', '\t']);
        c.is_empty() || c.starts_with('#')
    };
    let above = text
        .get(..line_start)?
        .split(['\n', '\r'])
        .rev()
        .find(|l| !is_blank(l))?;
    let indent = above.len() - above.trim_start_matches(' ').len();
    let dash = above.get(indent..)?.strip_prefix('-')?;
    if indent <= column || !is_blank(dash) || !(dash.is_empty() || dash.starts_with([' ', '\t'])) {
        return None;
    }
    let entry_dash = |r: &str| {
        r.strip_prefix('-')
            .is_some_and(|a| a.is_empty() || a.starts_with([' ', '\t']))
    };
    // The block collection opened on the line: a list, or a mapping (a plain key).
    let seq = entry_dash(rest);
    let map = !seq
        && !rest.starts_with(['-', '?', '|', '>', '&', '!', '*', '"', '\'', '[', '{', '#'])
        && (rest.contains(": ") || rest.contains(":\t") || code_of(rest).ends_with(':'));
    if !seq && rest.starts_with(['-', '?', '|', '>', '&', '!', '*', '"', '\'']) {
        return None;
    }
    let mut lines = vec![line_start];
    if seq || map {
        let mut at = line_start + line.len();
        // The last line of the collection: a key with nothing after its `:`.
        let mut empty_value = map && code_of(rest).ends_with(':');
        while at < text.len() {
            at += if text.get(at..)?.starts_with("\r\n") {
                2
            } else {
                1
            };
            let next = line_at(text, at);
            let start = at;
            at += next.len();
            let spaces = next.len() - next.trim_start_matches(' ').len();
            if next.trim_start_matches([' ', '\t']).is_empty() {
                continue;
            }
            let code = next.get(spaces..)?;
            if spaces < content {
                if code.starts_with('#') {
                    continue;
                }
                break;
            }
            if map && spaces == content && !code.starts_with('#') {
                if entry_dash(code) {
                    // The list value of the key above (which ends at the next key), or in the
                    // list's own column its next entry.
                    if spaces == indent && !empty_value {
                        break;
                    }
                } else {
                    empty_value = code_of(code).ends_with(':');
                }
            }
            lines.push(start);
        }
    }
    lines.reverse();
    Some((lines, line_start + column, indent - column))
}

/// The start of the first line that starts (after spaces) with a list entry's `-` less indented
/// than an empty entry (`-` alone, or before a comment) on the last line above it that is not
/// blank or a comment: js-yaml reads it as the next entry of the empty entry's list (see
/// [`entry_after_empty_entry`]), also where granit reads it as an entry of a list around that
/// one (`s:\n  - - x\n    -\n  - c` is `{s: [[x, null, c]]}`). `None` for nearly every text.
pub(super) fn entry_after_empty_line(text: &str) -> Option<usize> {
    // The fast path asks this of every card: most hold no empty entry at all, found by a search.
    if !has_empty_entry(text.as_bytes()) {
        return None;
    }
    let mut empty_at: Option<usize> = None;
    let mut at = 0;
    for line in text.split('\n') {
        let start = at;
        at += line.len() + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.contains('\r') {
            return None;
        }
        let code = line.trim_start_matches(' ');
        if code.trim_start_matches([' ', '\t']).is_empty() || code.starts_with('#') {
            continue;
        }
        let column = line.len() - code.len();
        let dash = code
            .strip_prefix('-')
            .filter(|a| a.is_empty() || a.starts_with([' ', '\t']));
        if let (Some(_), Some(empty)) = (dash, empty_at) {
            if column < empty {
                return Some(start);
            }
        }
        empty_at = dash
            .filter(|a| {
                let a = a.trim_start_matches([' ', '\t']);
                a.is_empty() || a.starts_with('#')
            })
            .map(|_| column);
    }
    None
}

/// Whether some line holds, after blanks, a `-` with nothing after it but blanks and perhaps a
/// comment (an empty list entry): what [`entry_after_empty_line`] needs before it reads lines.
fn has_empty_entry(bytes: &[u8]) -> bool {
    memchr::memchr_iter(b'-', bytes).any(|at| {
        let after = bytes.get(at + 1..).unwrap_or_default();
        let next = after.iter().position(|&c| c != b' ' && c != b'\t');
        let empty = match next {
            None => true,
            Some(i) => {
                matches!(after.get(i), Some(b'\n' | b'\r'))
                    || (i > 0 && after.get(i) == Some(&b'#'))
            }
        };
        empty
            && bytes
                .get(..at)
                .unwrap_or_default()
                .iter()
                .rev()
                .take_while(|&&c| c != b'\n' && c != b'\r')
                .all(|&c| c == b' ' || c == b'\t')
    })
}

/// Whether the list entry whose `-` is at file offset `dash` is read as the entry right after an
/// empty one of the same list: some list of the tree under `root` holds an item starting on the
/// `-`'s line, at or after it, right after a scalar item starting before it. Not so when the
/// "empty entry" above was text of a plain scalar (`a: 1\n -\n-`).
fn next_entry_at(root: Option<&Node>, dash: usize, text: &str, base: usize) -> bool {
    let end = dash + line_at(text, dash.saturating_sub(base)).len();
    let mut stack: Vec<&Node> = root.into_iter().collect();
    while let Some(node) = stack.pop() {
        match &node.value {
            Value::Seq(items) => {
                let found = items.iter().zip(items.iter().skip(1)).any(|(a, b)| {
                    matches!(a.value, Value::Scalar { .. })
                        && a.span.start < dash
                        && (dash..=end).contains(&b.span.start)
                });
                if found {
                    return true;
                }
                stack.extend(items);
            }
            Value::Map(entries) => stack.extend(entries.iter().flat_map(|e| [&e.key, &e.value])),
            _ => {}
        }
    }
    false
}

/// A line's text before its comment (a `#` after a blank, roughly: quotes are not looked at),
/// its trailing blanks removed.
fn code_of(line: &str) -> &str {
    let code = line
        .match_indices('#')
        .find(|&(i, _)| i == 0 || matches!(line.as_bytes().get(i - 1), Some(b' ' | b'\t')))
        .map_or(line, |(i, _)| line.get(..i).unwrap_or_default());
    code.trim_end_matches([' ', '\t'])
}

/// Inside `[…]` and `{…}`, js-yaml skips tabs at the start of a line as any other blank (`a: {\n\t}`,
/// `{? k\n\t: v}`, `[a,\n\t{b: c}]` load); granit refuses some of them as indentation. Where
/// granit refused the tab at `at`: the line's blanks, to make spaces, when the text after them
/// cannot continue a plain scalar, whose continuation js-yaml measures in spaces alone: it starts
/// a new token (a flow indicator, `: `, `? `, or a comment), or the last line above that holds
/// more than blanks and a comment ends with `,`, `[` or `{` (`[{},\n\t'']`, `[a,\n\tb]`); and
/// a `[` or `{` stands before the line: [`parse_text`] keeps the copy's reading only when the
/// line's first token is inside a flow collection of it (see `Patched::flow_tabs`), which a
/// bracket inside a plain value is not (`s{: t\n\t}`).
fn flow_tab_line(text: &str, at: usize) -> Option<std::ops::Range<usize>> {
    let line_start = text.get(..at)?.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line = line_at(text, line_start);
    let blanks = line.len() - line.trim_start_matches([' ', '\t']).len();
    let rest = line.get(blanks..)?;
    let token = rest.starts_with([']', '}', '[', '{', ',', '#'])
        || ((rest.starts_with(':') || rest.starts_with('?'))
            && rest
                .get(1..)
                .is_none_or(|r| r.is_empty() || r.starts_with([' ', '\t'])))
        || entry_ended_above(text.get(..line_start)?);
    // Inside a flow collection, which the reading confirms: a `[` or `{` before the line (a
    // count of brackets would be fooled by one in a plain scalar: `t]:\n s: [a,\n\t'']`).
    let opened = text.get(..line_start)?.contains(['[', '{']);
    (token && opened && line.get(..blanks)?.contains('\t'))
        .then_some(line_start..line_start + blanks)
}

/// Whether the last line of `above` that holds more than blanks and a comment ends with `,`, `[`
/// or `{` once its comment (from a `#` after a blank, roughly: quotes are not looked at, which
/// only leaves more lines alone) is cut off.
fn entry_ended_above(above: &str) -> bool {
    for line in above.rsplit(['\n', '\r']) {
        let code = line
            .match_indices('#')
            .find(|&(i, _)| i == 0 || matches!(line.as_bytes().get(i - 1), Some(b' ' | b'\t')))
            .map_or(line, |(i, _)| line.get(..i).unwrap_or_default());
        let code = code.trim_end_matches([' ', '\t']);
        if let Some(last) = code.chars().next_back() {
            return matches!(last, ',' | '[' | '{');
        }
    }
    false
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
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // js-yaml reads the document's node with its first line's indentation, whatever line the
    // scalar starts on (` !\n  a\n b` is "a b").
    let first = js_root_start(text).map_or(0, |(n, _)| n);
    for (here, line) in continuation_lines(text, start..end) {
        if line.trim_start_matches([' ', '\t']).is_empty() {
            continue;
        }
        if indent(line) < first {
            return Err(SyntaxError {
                kind: SyntaxKind::Indentation,
                message: "end of the stream or a document separator is expected (a top-level \
                          value continued on a line indented less than its first)"
                    .into(),
                at: base + here + indent(line),
            });
        }
    }
    Ok(())
}

/// The lines of the plain scalar at `span` (offsets of `text`) after its first: where each
/// starts in `text`, and the line without its line break (a `\r\n` gives an empty line more).
fn continuation_lines(
    text: &str,
    span: std::ops::Range<usize>,
) -> impl Iterator<Item = (usize, &str)> {
    let start = span.start;
    text.get(span)
        .unwrap_or_default()
        .split_inclusive(['\n', '\r'])
        .scan(start, |offset, line| {
            let here = *offset;
            *offset += line.len();
            Some((here, line.trim_end_matches(['\n', '\r'])))
        })
        .skip(1)
}

/// js-yaml indents a top-level block scalar with an indentation indicator (`|2`) by the
/// document's first line's indentation `n` (see [`js_root_start`]) plus the indicator minus one;
/// granit by the indicator alone (`|1\nx` is `"x\n"` to js-yaml, granit's error; `  |1\n   x`
/// is `" x\n"` to js-yaml, `"  x\n"` to granit). The copy granit reads with js-yaml's
/// indentation: the digit replaced, or for an indentation of 0 (`|1`, `>1-` on an unindented
/// line), where js-yaml reads every line after the header as the scalar's, a space inserted at
/// the start of each of those lines. Made on `copy` (a copy of `text` of the same length, its
/// `---` blanked) when given, else on the text. `None` when the document's node is no such
/// scalar (nearly always: this reads the text up to the node's first line), or js-yaml's
/// indentation is granit's, or over 9.
fn root_block_indentation(text: &str, copy: Option<&Patched>) -> Option<Patched> {
    let (n, mut at) = js_root_start(text)?;
    let b = text.as_bytes();
    // Past the node's properties (`&a !!str |2`, or on lines of their own).
    while matches!(b.get(at), Some(b'!' | b'&')) {
        let rest = text.get(at..)?;
        let len = rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len());
        at = separation(text, at + len).0;
    }
    if !matches!(b.get(at), Some(b'|' | b'>')) {
        return None;
    }
    let indicators = text
        .get(at + 1..)?
        .split([' ', '\t', '\n', '\r', '#'])
        .next()?;
    if !indicators
        .bytes()
        .all(|c| c.is_ascii_digit() || c == b'+' || c == b'-')
    {
        return None;
    }
    let digit_at = at + 1 + indicators.find(|c: char| c.is_ascii_digit())?;
    let d = usize::from(b.get(digit_at)? - b'0');
    let js = (n + d).checked_sub(1)?;
    match js {
        _ if js == d || js > 9 => None,
        0 => {
            // A space after each line break after the header's line, in one pass.
            let text = copy.map_or(text, |copy| copy.text.as_str());
            let from = at + line_at(text, at).len();
            let mut patched = Patched::new(text.get(..from)?);
            let mut inserted = 0;
            let mut rest = text.get(from..)?;
            while !rest.is_empty() {
                let len = if rest.starts_with("\r\n") { 2 } else { 1 };
                patched.text.push_str(rest.get(..len)?);
                rest = rest.get(len..)?;
                let at = patched.text.len();
                patched.moves.push((at, 0, 1));
                patched.text.push(' ');
                inserted += 1;
                let line = line_at(rest, 0);
                patched.text.push_str(line);
                rest = rest.get(line.len()..)?;
            }
            (inserted > 0).then_some(patched)
        }
        _ => copy
            .cloned()
            .unwrap_or_else(|| Patched::new(text))
            .edit(digit_at..digit_at + 1, &js.to_string()),
    }
}

/// js-yaml reads a top-level block scalar (`>`, `|`) whose line is not indented (`>`, `--- |`,
/// `&a >`) as indented by 0, and throws "missing indentation for block scalar" at the first line
/// after its header that is not empty (the end of the text counts as one), unless the header
/// gives an indentation (`|2`) or a line of spaces comes first (it sets the indentation). granit
/// reads an empty scalar, or the text below it. Counts spaces of `text`, the original.
fn top_level_block_scalar(text: &str, base: usize, root: &Node) -> Result<(), SyntaxError> {
    if !matches!(root.style(), Some(Style::Literal | Style::Folded)) {
        return Ok(());
    }
    // An indentation indicator (`|1`, whose text may start with `>`: `|1\n>`).
    if root_block_indentation(text, None).is_some() {
        return Ok(());
    }
    let empty = root.scalar().is_some_and(str::is_empty);
    let start = root.span.start.saturating_sub(base);
    let Some(header) = block_scalar_header(text, start, empty) else {
        return Ok(());
    };
    let indicators = text
        .get(header..)
        .unwrap_or_default()
        .split([' ', '\t', '\n', '\r'])
        .next()
        .unwrap_or_default();
    if indicators.contains(|c: char| c.is_ascii_digit()) {
        return Ok(());
    }
    if js_root_start(text).is_some_and(|(n, _)| n != 0) {
        return Ok(());
    }
    let mut at = header + line_at(text, header).len();
    loop {
        at += if text.get(at..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
        if at >= text.len() {
            at = text.len();
            break;
        }
        let line = line_at(text, at);
        if line.starts_with(' ') {
            return Ok(());
        }
        if !line.is_empty() {
            break;
        }
    }
    Err(SyntaxError {
        kind: SyntaxKind::UnindentedBlockScalar,
        message: "missing indentation for block scalar".into(),
        at: base + at,
    })
}

/// The offset of the `|` or `>` of the block scalar whose span starts at `start`: there, when
/// the scalar is `empty` (else its text may start with one: `>\n>`), else on the last line
/// before `start` that is not blank (the header
/// line), as its first word that is an indicator with only chomping and indentation after it.
/// A `---` glued to the header (`--->`, the document start to js-yaml, after tabs too:
/// `\t--->`) is no part of the word.
fn block_scalar_header(text: &str, start: usize, empty: bool) -> Option<usize> {
    if empty && text.get(start..)?.starts_with(['|', '>']) {
        return Some(start);
    }
    let before = text.get(..start)?.trim_end_matches([' ', '\t', '\n', '\r']);
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let mut line = before.get(line_start..)?;
    let mut at = line_start;
    // Spaces may follow the tabs (`\t --->`), as in [`js_document_start`].
    let tabbed = if line.starts_with('\t') {
        line.trim_start_matches([' ', '\t'])
    } else {
        line
    };
    if let Some(rest) = tabbed
        .strip_prefix("---")
        .filter(|r| r.starts_with(['|', '>']))
    {
        at += line.len() - rest.len();
        line = rest;
    }
    for word in line.split([' ', '\t']) {
        if word.starts_with('#') {
            return None;
        }
        let mut chars = word.chars();
        if matches!(chars.next(), Some('|' | '>'))
            && chars.all(|c| c.is_ascii_digit() || c == '+' || c == '-')
        {
            return Some(at);
        }
        at += word.len() + 1;
    }
    None
}

/// Where js-yaml reads the document's node from, and the indentation it reads it with: the
/// spaces before the first line that holds more than blanks, a comment, a directive or a
/// `---` alone (0 when the node is on the `---` line), and the offset of that line's first
/// text (or the node's on the `---` line). A BOM at the start of the text is no indentation
/// (js-yaml drops it first); a `---` may follow tabs (tabs are no indentation to js-yaml).
/// `None` when the text holds no node.
fn js_root_start(text: &str) -> Option<(usize, usize)> {
    let mut at = usize::from(text.starts_with('\u{feff}')) * 3;
    while at < text.len() {
        let line = line_at(text, at);
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let content = line.trim_start_matches([' ', '\t']);
        let lead = line.len() - content.len();
        if spaces == 0 && content.starts_with("---") {
            let rest = content.get(3..).unwrap_or_default();
            let after = rest.trim_start_matches([' ', '\t']);
            if after.is_empty() || after.starts_with('#') {
                at += line.len();
                at += if text.get(at..).is_some_and(|r| r.starts_with("\r\n")) {
                    2
                } else {
                    1
                };
                continue;
            }
            return Some((0, at + line.len() - after.len()));
        }
        if !(content.is_empty() || content.starts_with('#') || line.starts_with('%')) {
            return Some((spaces, at + lead));
        }
        at += line.len();
        at += if text.get(at..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
    }
    None
}

/// From `at`, past blanks, a comment and line breaks (and the blank and comment lines after
/// them), as js-yaml's `skipSeparationSpace`: where the next text is, and the spaces before it
/// on its line when a line break was passed (`None` when none was).
fn separation(text: &str, mut at: usize) -> (usize, Option<usize>) {
    let b = text.as_bytes();
    let mut indent = None;
    loop {
        while matches!(b.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        if b.get(at) == Some(&b'#') {
            at += line_at(text, at).len();
        }
        match b.get(at) {
            Some(b'\n' | b'\r') => {
                at += if b.get(at..at + 2) == Some(b"\r\n") {
                    2
                } else {
                    1
                };
                let spaces = b
                    .get(at..)
                    .map_or(0, |r| r.iter().take_while(|&&c| c == b' ').count());
                at += spaces;
                indent = Some(spaces);
            }
            _ => return (at, indent),
        }
    }
}

/// js-yaml reads the document's node with the indentation `n` of its first line (see
/// [`js_root_start`]) as the least a line of it may have; YAML 1.2 (granit) reads a
/// top-level node from any column. Where they differ on whether the text loads:
/// - properties alone on an indented first line (` !`, ` &x`, ` !!str # c`), then the node
///   on a line indented less than `n` (` !\na`, ` &x\na: 1`): js-yaml reads an empty node (a
///   line indented `n - 1` may still start a block list: ` !\n- a`) and throws "end of the
///   stream or a document separator is expected" at that line's text;
/// - a block scalar header there (` >`, ` !\n  |2+`), then a line of text indented less than
///   the scalar's indentation (`n`, raised by lines of spaces before the first line of text,
///   or `n + d - 1` with an indentation indicator `d`): js-yaml ends the scalar there, and
///   throws the same at the first text after it that is not a comment or a document marker
///   (` >\n-`, `  >\n -`; granit read the line as the scalar's text).
fn indented_root(text: &str, base: usize) -> Result<(), SyntaxError> {
    let Some((n, mut at)) = js_root_start(text) else {
        return Ok(());
    };
    if n == 0 {
        return Ok(());
    }
    let b = text.as_bytes();
    // The spaces before the last line the properties passed into, and whether the last
    // property was followed by a line break (a block list may start only then).
    let (mut tag, mut anchor, mut indent, mut broke) = (false, false, None, false);
    loop {
        let c = b.get(at).copied();
        if indent.is_some() && ((c == Some(b'!') && tag) || (c == Some(b'&') && anchor)) {
            break;
        }
        let rest = text.get(at..).unwrap_or_default();
        let len = match c {
            // A verbatim tag runs to its `>`, any other property to the next blank.
            Some(b'!') if rest.starts_with("!<") => rest.find('>').map_or(rest.len(), |i| i + 1),
            Some(b'!' | b'&') => rest.find([' ', '\t', '\n', '\r']).unwrap_or(rest.len()),
            _ => break,
        };
        tag |= c == Some(b'!');
        anchor |= c == Some(b'&');
        let (next, lines) = separation(text, at + len);
        at = next;
        broke = lines.is_some();
        indent = lines.or(indent);
    }
    let ended = |at: usize| -> Result<(), SyntaxError> {
        let (at, _) = separation(text, at);
        let line_start = at == 0 || matches!(b.get(at - 1), Some(b'\n' | b'\r'));
        let rest = text.get(at..).unwrap_or_default();
        let marker = (rest.starts_with("---") || rest.starts_with("..."))
            && rest
                .get(3..)
                .is_none_or(|r| r.is_empty() || r.starts_with([' ', '\t', '\n', '\r']));
        if at >= text.len() || (line_start && marker) {
            return Ok(());
        }
        Err(SyntaxError {
            kind: SyntaxKind::Indentation,
            message: "end of the stream or a document separator is expected (the document's \
                      first line is indented, and this line is indented less)"
                .into(),
            at: base + at,
        })
    };
    if let Some(indent) = indent.filter(|&indent| indent < n) {
        // Properties, then a line break: the node's line is less indented than the first.
        let rest = text.get(at..).unwrap_or_default();
        let tab_before = line_before_at(text, at).contains('\t');
        let dash = rest.starts_with('-')
            && rest
                .get(1..)
                .is_none_or(|r| r.is_empty() || r.starts_with([' ', '\t', '\n', '\r']));
        if indent + 1 == n && broke && dash && !tab_before {
            return Ok(());
        }
        return ended(at);
    }
    let Some(header) = text.get(at..).filter(|r| r.starts_with(['|', '>'])) else {
        return Ok(());
    };
    let indicators = header
        .get(1..)
        .unwrap_or_default()
        .split([' ', '\t', '\n', '\r', '#'])
        .next()
        .unwrap_or_default();
    let explicit = indicators
        .bytes()
        .find(u8::is_ascii_digit)
        .map(|d| usize::from(d - b'0'));
    let mut text_indent = explicit.map_or(n, |d| (n + d).saturating_sub(1));
    let mut line = at + line_at(text, at).len();
    while line < text.len() {
        line += if text.get(line..).is_some_and(|r| r.starts_with("\r\n")) {
            2
        } else {
            1
        };
        let here = line_at(text, line);
        let spaces = here.len() - here.trim_start_matches(' ').len();
        let spaces = if explicit.is_some() {
            spaces.min(text_indent)
        } else {
            spaces
        };
        if here.len() == spaces {
            // An empty line, or spaces only (which, before the first text, set the indentation).
            if explicit.is_none() {
                text_indent = text_indent.max(spaces);
            }
            line += here.len();
            continue;
        }
        if spaces < text_indent {
            return ended(line + spaces);
        }
        if explicit.is_none() {
            // The indentation is found: granit reads the lines below as js-yaml does.
            return Ok(());
        }
        line += here.len();
    }
    Ok(())
}

/// The column of the `-` whose entry starts on the line at `line_start` (offsets of `text`): the
/// last text above it, past blank and comment lines, is that `-`. `None` when it is not.
fn entry_dash_column(text: &str, line_start: usize) -> Option<usize> {
    let mut end = line_start;
    loop {
        let before = text.get(..end)?;
        let before = match before.strip_suffix('\n') {
            Some(b) => b.strip_suffix('\r').unwrap_or(b),
            None => before.strip_suffix('\r')?,
        };
        let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let code = code_of(before.get(start..)?);
        if code.trim_start_matches([' ', '\t']).is_empty() {
            end = start;
            continue;
        }
        let indent = code.strip_suffix('-')?;
        return (indent.is_empty() || indent.ends_with([' ', '\t'])).then_some(indent.len());
    }
}

/// `line` without the node properties (`&anchor`, `!tag`) at its end: `\t&a !!map ` is `\t`.
fn before_properties(line: &str) -> &str {
    let mut rest = line;
    loop {
        let trimmed = rest.trim_end_matches([' ', '\t']);
        let word_start = trimmed.rfind([' ', '\t']).map_or(0, |i| i + 1);
        match trimmed.get(word_start..) {
            Some(word) if word.starts_with(['&', '!']) => {
                rest = trimmed.get(..word_start).unwrap_or_default();
            }
            _ => return rest,
        }
    }
}

/// The part of the line holding `at` before it.
fn line_before_at(text: &str, at: usize) -> &str {
    let before = text.get(..at).unwrap_or_default();
    before
        .rfind(['\n', '\r'])
        .map_or(before, |i| before.get(i + 1..).unwrap_or_default())
}

/// js-yaml ends the document at a `...` line and reads whatever follows it but blank lines and
/// comments (another `...`, a `---`, content) as a second document, and throws "expected a
/// single document"; granit ignores a `...` with no document after it. In a text granit read,
/// any `...` line at column 0 ends the document (none can be inside a scalar), but inside the
/// document's block scalar of indentation 0 (`|1`, see [`root_block_indentation`]), which
/// js-yaml reads to the end of the text: `root`'s span, then, ends where the text does.
fn document_end_then_more(text: &str, base: usize, root: Option<&Node>) -> Result<(), SyntaxError> {
    let mut at = 0;
    if let Some(root) = root.filter(|r| matches!(r.style(), Some(Style::Literal | Style::Folded))) {
        at = root.span.end.saturating_sub(base);
    }
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
            kind: SyntaxKind::NestedListKey,
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
                self.tag_flow_indicator(tag.as_deref())?;
                let style = style_of(style);
                // `: value` in a block mapping: granit reads a null key, js-yaml throws
                // "incomplete explicit mapping pair; a key node is missed".
                let missing_key = at.is_empty()
                    && style == Style::Plain
                    && tag.is_none()
                    && matches!(self.stack.last(), Some(Open::Map(_, None, true)))
                    && self.source.as_bytes().get(at.start - self.base) == Some(&b':')
                    && !explicit_value(self.source, at.start - self.base);
                if missing_key {
                    return Err(Failure::from(SyntaxError {
                        kind: SyntaxKind::MissingKey,
                        message: "a `:` with no key before it".into(),
                        at: at.start,
                    }));
                }
                self.tab_before(at.start, false)?;
                if style == Style::Plain {
                    self.comment_inside_plain(at)?;
                    self.flow_plain_continuation(at)?;
                    self.flow_question_mark(at.start)?;
                }
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
                    self.push(node)?;
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
                self.push(node)?;
            }
            Event::Alias(id) => {
                self.tab_before(at.start, false)?;
                self.push(Node {
                    span: at,
                    tag: None,
                    anchor: 0,
                    value: Value::Alias(id),
                    resolved: None,
                })?;
            }
            Event::SequenceStart(style, anchor, tag) => {
                // A flow collection may follow a tab after a `-`, as a scalar may.
                self.tab_before(at.start, style == granit_parser::StructureStyle::Block)?;
                if style == granit_parser::StructureStyle::Block {
                    self.tab_before_dash(at.start)?;
                }
                let tag = self.tag(tag.as_deref(), &span);
                self.tag_flow_indicator(tag.as_deref())?;
                let node = Node {
                    span: at,
                    tag,
                    anchor,
                    value: Value::Seq(Vec::new()),
                    resolved: None,
                };
                let block = style == granit_parser::StructureStyle::Block;
                self.open(Open::Seq(node, block), anchor);
            }
            Event::MappingStart(style, anchor, tag) => {
                self.tab_before(at.start, style == granit_parser::StructureStyle::Block)?;
                if style == granit_parser::StructureStyle::Block {
                    self.tab_before_mapping(at.start)?;
                }
                let tag = self.tag(tag.as_deref(), &span);
                self.tag_flow_indicator(tag.as_deref())?;
                let node = Node {
                    span: at,
                    tag,
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
                    self.push(node)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// js-yaml reads a tag other than a verbatim one (`!<…>`) up to the next blank or line
    /// break, and throws "tag suffix cannot contain flow indicator characters" when that holds
    /// `,`, `[`, `]`, `{` or `}` (`{!}`, `[a, !!str]`, `[2,!]`); granit ends the tag at the
    /// indicator inside a flow collection. The error points at the indicator.
    fn tag_flow_indicator(&self, tag: Option<&Tag>) -> Result<(), SyntaxError> {
        let Some(tag) = tag else {
            return Ok(());
        };
        let at = tag.span.start.saturating_sub(self.base);
        let rest = self.source.get(at..).unwrap_or_default();
        if !rest.starts_with('!') || rest.starts_with("!<") {
            return Ok(());
        }
        let word = rest
            .split([' ', '\t', '\n', '\r'])
            .next()
            .unwrap_or_default();
        match word.find([',', '[', ']', '{', '}']) {
            Some(i) => Err(SyntaxError {
                kind: SyntaxKind::Indicator,
                message: "tag suffix cannot contain flow indicator characters (a tag runs up to \
                          the next blank)"
                    .into(),
                at: self.base + at + i,
            }),
            None => Ok(()),
        }
    }

    /// The offset `at` (of the whole text) in the source, and the text of its line before it.
    fn line_before(&self, at: usize) -> Option<(usize, &str)> {
        let at = at.saturating_sub(self.base);
        let before = self.source.get(..at)?;
        let line = before
            .rfind(['\n', '\r'])
            .map_or(before, |i| before.get(i + 1..).unwrap_or_default());
        Some((at, line))
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
        let Some((at, line)) = self.line_before(at) else {
            return Ok(());
        };
        // Only indentation and entry indicators before the node: it is the line's first key
        // or entry. After an explicit `?`, js-yaml allows the tab.
        if !line.bytes().all(|c| matches!(c, b' ' | b'\t' | b'-')) {
            // An explicit key whose `?` has a tab before it on its line (`\t? k`, ` \t? k`):
            // js-yaml throws ("bad indentation of a mapping entry"); only indentation before it.
            let before_q = line
                .trim_end_matches([' ', '\t'])
                .strip_suffix('?')
                .filter(|b| key && b.bytes().all(|c| matches!(c, b' ' | b'\t')));
            if let Some(tab) = before_q.and_then(|b| b.find('\t')) {
                return Err(SyntaxError {
                    kind: SyntaxKind::Tab,
                    message: "tab characters must not be used in indentation (before an \
                              explicit key's `?`)"
                        .into(),
                    at: self.base + (at - line.len()) + tab,
                });
            }
            return Ok(());
        }
        let scope = if seq && !collection {
            match line.find('-') {
                // Only the indentation before the first `-`.
                Some(dash) => line.get(..dash).unwrap_or_default(),
                // A scalar entry on a line below its `-` (`-\n \t1`): js-yaml skips the tab
                // when the spaces before it indent the line more than the list's column.
                None => {
                    let spaces = line.len() - line.trim_start_matches(' ').len();
                    let column = entry_dash_column(self.source, at - line.len());
                    if column.is_some_and(|column| spaces > column) {
                        ""
                    } else {
                        line
                    }
                }
            }
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

    /// js-yaml throws ("bad indentation of a mapping entry", "tab characters must not be used in
    /// indentation") where a block sequence's first `-` has a tab before it on its line, wherever
    /// the sequence stands (`s:\n \t-\n   - a`); [`Self::tab_before`] sees the tab only through
    /// the first entry, which may start on a later line. `at` is where the sequence starts.
    fn tab_before_dash(&self, at: usize) -> Result<(), SyntaxError> {
        let Some((at, line)) = self.line_before(at) else {
            return Ok(());
        };
        if !line.bytes().all(|c| matches!(c, b' ' | b'\t' | b'-')) {
            return Ok(());
        }
        // Only the indentation before the first `-` (granit may start the sequence at its first
        // entry, after `- \t`).
        let indent = line
            .find('-')
            .map_or(line, |dash| line.get(..dash).unwrap_or_default());
        match indent.find('\t') {
            Some(tab) => Err(SyntaxError {
                kind: SyntaxKind::Tab,
                message: "tab characters must not be used in indentation (before a list's `-`)"
                    .into(),
                at: self.base + (at - line.len()) + tab,
            }),
            None => Ok(()),
        }
    }

    /// js-yaml starts no block mapping on a line where it skipped a tab before the mapping's first
    /// token (its first key, the key's properties or a `?`): the document's (`\t&a x: 1`,
    /// `\t? k`) or a value's on the line below its key (`a:\n \t&x b: 2`) throws ("end of the
    /// stream or a document separator is expected", "bad indentation of a mapping entry");
    /// [`Self::tab_before`] sees the tab before a key only where nothing stands between them.
    /// `at` is where the mapping starts; the error points at the tab.
    fn tab_before_mapping(&self, at: usize) -> Result<(), SyntaxError> {
        let Some((at, line)) = self.line_before(at) else {
            return Ok(());
        };
        let indent = before_properties(line);
        if !indent.bytes().all(|c| matches!(c, b' ' | b'\t')) {
            return Ok(());
        }
        match indent.find('\t') {
            Some(tab) => Err(SyntaxError {
                kind: SyntaxKind::Tab,
                message: "tab characters must not be used in indentation (before a mapping's \
                          first key)"
                    .into(),
                at: self.base + (at - line.len()) + tab,
            }),
            None => Ok(()),
        }
    }

    /// js-yaml ends a plain scalar at a line whose first text is `#` (a comment), whatever
    /// indents it, so a line of the scalar after that comment is js-yaml's error ("bad
    /// indentation of a sequence entry" or "of a mapping entry", "missed comma", …) at its text
    /// (`- a\n\t#\n b`); granit reads a comment line that starts with a tab as part of the
    /// scalar (`"a b"`). `at` is the plain scalar's span.
    fn comment_inside_plain(&self, at: Span) -> Result<(), SyntaxError> {
        let (start, end) = (at.start - self.base, at.end - self.base);
        let Some(body) = self.source.get(start..end) else {
            return Ok(());
        };
        if !body.contains('#') || !body.contains(['\n', '\r']) {
            return Ok(());
        }
        let mut commented = false;
        for (here, line) in continuation_lines(self.source, start..end) {
            let text = line.trim_start_matches([' ', '\t']);
            let lead = line.len() - text.len();
            if text.starts_with('#') {
                commented = true;
            } else if commented && !text.is_empty() {
                return Err(SyntaxError {
                    kind: SyntaxKind::Indentation,
                    message: "bad indentation: a comment line ends the plain value above it, \
                              and this line goes on after the comment"
                        .into(),
                    at: self.base + here + lead,
                });
            }
        }
        Ok(())
    }

    /// js-yaml reads a plain scalar inside a flow collection on to a next line only when that
    /// line is indented (in spaces) at least as the flow collection's own indentation: one more
    /// than the block collection holding it (the first line's for a top-level one). Otherwise
    /// the scalar ends at the line break and js-yaml throws "missed comma between flow collection
    /// entries" at the next line's text (`e: [e\nl]`, ` {c\nh}`); YAML 1.2 (granit) reads one
    /// scalar. Only a plain scalar holding a line break, inside a flow collection, is looked at.
    fn flow_plain_continuation(&self, at: Span) -> Result<(), SyntaxError> {
        let flow = matches!(
            self.stack.last(),
            Some(Open::Seq(_, false) | Open::Map(_, _, false))
        );
        let b = self.source.as_bytes();
        let (start, end) = (at.start - self.base, at.end - self.base);
        let Some(span) = b.get(start..end) else {
            return Ok(());
        };
        if !flow || !span.iter().any(|&c| matches!(c, b'\n' | b'\r')) {
            return Ok(());
        }
        let outermost = self
            .stack
            .iter()
            .position(|open| matches!(open, Open::Seq(_, false) | Open::Map(_, _, false)));
        let indent = match outermost.and_then(|i| i.checked_sub(1)) {
            None => js_root_start(self.source).map_or(0, |(n, _)| n),
            Some(i) => {
                let first = match self.stack.get(i) {
                    None => None,
                    Some(Open::Seq(node, _)) => Some(node.span.start),
                    Some(Open::Map(node, pending, _)) => node
                        .entries()
                        .and_then(|e| e.first())
                        .map(|e| &e.key)
                        .or(pending.as_ref())
                        .map(|key| {
                            key.tag
                                .as_ref()
                                .map_or(key.span.start, |t| t.span.start.min(key.span.start))
                        })
                        .or(Some(node.span.start)),
                };
                let Some(first) = first else {
                    return Ok(());
                };
                block_column(self.source, first - self.base) + 1
            }
        };
        // The first line inside the scalar after a line break that holds text.
        // Every index below is inside `start..end`, which `span` proved in bounds.
        let byte = |i: usize| b.get(i).copied().unwrap_or(b'\n');
        let mut i = start;
        while i < end {
            if !matches!(byte(i), b'\n' | b'\r') {
                i += 1;
                continue;
            }
            i += 1;
            let mut spaces = 0;
            while i < end && byte(i) == b' ' {
                spaces += 1;
                i += 1;
            }
            let mut text = i;
            while text < end && matches!(byte(text), b' ' | b'\t') {
                text += 1;
            }
            if text >= end || matches!(byte(text), b'\n' | b'\r') {
                i = text;
                continue;
            }
            if spaces < indent {
                return Err(SyntaxError {
                    kind: SyntaxKind::FlowIndent,
                    message: "missed comma between flow collection entries (a plain value in \
                              `[…]` or `{…}` continued on a line indented less than the \
                              collection)"
                        .into(),
                    at: self.base + text,
                });
            }
            break;
        }
        Ok(())
    }

    /// js-yaml takes a `?` inside `[…]` or `{…}` as an explicit key only when a blank or a line
    /// break follows it, and as a plain scalar's start only when no flow indicator does: `[?]`,
    /// `[a, ?]` throw "missed comma between flow collection entries" at the `?`, where granit
    /// reads the plain scalar `?`. `at` is where a plain scalar starts.
    fn flow_question_mark(&self, at: usize) -> Result<(), SyntaxError> {
        let b = self.source.as_bytes();
        let at = at - self.base;
        if b.get(at) != Some(&b'?')
            || !matches!(b.get(at + 1), Some(b',' | b'[' | b']' | b'{' | b'}'))
            || !matches!(
                self.stack.last(),
                Some(Open::Seq(_, false) | Open::Map(_, _, false))
            )
        {
            return Ok(());
        }
        Err(SyntaxError {
            kind: SyntaxKind::Flow,
            message: "missed comma between flow collection entries (a `?` inside `[…]` or `{…}` \
                      followed by a flow indicator is no key and no value)"
                .into(),
            at: self.base + at,
        })
    }

    fn push(&mut self, node: Node<'a>) -> Result<(), SyntaxError> {
        if let Some(Open::Map(_, Some(key), false)) = self.stack.last() {
            self.flow_key_on_one_line(key)?;
        }
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
        Ok(())
    }

    /// js-yaml reads an implicit key inside `{…}` or `[…]` as a key only when its `:` is on the
    /// line the key starts on (`{x\n: 1}`, `[a\n b: 1]` throw "missed comma between flow
    /// collection entries", at the `:`); YAML 1.2 (granit) reads the pair. An explicit `? x`
    /// may put its `:` on any line.
    fn flow_key_on_one_line(&self, key: &Node) -> Result<(), SyntaxError> {
        let text = self.source.as_bytes();
        let mut start = key.span.start - self.base;
        if let Some(tag) = &key.tag {
            start = start.min(tag.span.start.saturating_sub(self.base));
        }
        // The `:` after the key, past blanks, line breaks and comments.
        let mut at = key.span.end - self.base;
        let mut broken = false;
        loop {
            match text.get(at) {
                Some(b' ' | b'\t') => at += 1,
                Some(b'\n' | b'\r') => {
                    broken = true;
                    at += 1;
                }
                Some(b'#') => {
                    at += line_at(self.source, at).len();
                }
                Some(b':') => break,
                _ => return Ok(()),
            }
        }
        let inside = text
            .get(start..key.span.end - self.base)
            .unwrap_or_default();
        if !(broken || inside.contains(&b'\n') || inside.contains(&b'\r'))
            || after_explicit_key_indicator(self.source, start)
        {
            return Ok(());
        }
        Err(SyntaxError {
            kind: SyntaxKind::FlowKeyLine,
            message: "missed comma between flow collection entries".into(),
            at: self.base + at,
        })
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

/// The column (in UTF-16 units, as js-yaml counts) at which js-yaml takes a block collection
/// whose first key or entry starts at `at` to be indented: that of the properties before it on
/// its line, if any (`&a k: v` is indented by 0).
fn block_column(text: &str, at: usize) -> usize {
    let line_start = text
        .get(..at)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    let mut before = text.get(line_start..at).unwrap_or_default();
    loop {
        let trimmed = before.trim_end_matches([' ', '\t']);
        let word = trimmed
            .rfind([' ', '\t'])
            .map_or(trimmed, |i| trimmed.get(i + 1..).unwrap_or_default());
        if trimmed.len() == before.len() || !word.starts_with(['&', '!']) {
            break;
        }
        before = trimmed
            .get(..trimmed.len() - word.len())
            .unwrap_or_default();
    }
    before.encode_utf16().count()
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
/// `?` (then an empty key is legal: `?`, or `? # note`, followed by `: value`): a `?` at the start
/// of a line or after a blank or a flow indicator, not the end of an anchor, tag or plain scalar
/// (`&?`, `a?`).
fn after_explicit_key_indicator(text: &str, at: usize) -> bool {
    explicit_key_indicator(text, at).is_some()
}

/// Where the `?` of [`after_explicit_key_indicator`] is.
fn explicit_key_indicator(text: &str, at: usize) -> Option<usize> {
    let before = text.get(..at)?;
    // The lines before `at`, the last first, each without its comment (`? # note`), blank ones
    // skipped.
    let mut end = before.len();
    loop {
        let line_start = before
            .get(..end)
            .unwrap_or_default()
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let line = before.get(line_start..end).unwrap_or_default();
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
            let rest = code.strip_suffix('?')?;
            let indicator = rest
                .chars()
                .next_back()
                .is_none_or(|c| matches!(c, ' ' | '\t' | '{' | '[' | ','));
            return indicator.then_some(line_start + rest.len());
        }
        if line_start == 0 {
            return None;
        }
        end = line_start - 1;
    }
}

/// Whether the `:` at `at` is the value indicator of an empty explicit key: the first thing on
/// its line, in the column of a `?` that ends an earlier line (`?` then `: value`). js-yaml
/// throws "incomplete explicit mapping pair" for a `:` on the `?` line (`? : v`) or indented
/// more (`?\n  : v`), where granit reads a mapping as the key.
fn explicit_value(text: &str, at: usize) -> bool {
    let Some(before) = text.get(..at) else {
        return false;
    };
    let line_start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let indent = before.get(line_start..).unwrap_or_default();
    if line_start == 0 || !indent.bytes().all(|c| c == b' ') {
        return false;
    }
    let above = before.get(..line_start).unwrap_or_default();
    let above = above.trim_end_matches([' ', '\t', '\n', '\r']);
    let Some(question) = explicit_key_indicator(text, above.len()) else {
        return false;
    };
    let its_line = text
        .get(..question)
        .unwrap_or_default()
        .rfind(['\n', '\r'])
        .map_or(0, |i| i + 1);
    let column = |from: usize, to: usize| text.get(from..to).map_or(0, |s| s.chars().count());
    column(its_line, question) == column(line_start, at)
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
