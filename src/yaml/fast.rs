//! The fast path: the block YAML that nearly every card holds, read in one pass.
//!
//! granit-parser is a full YAML 1.2 scanner and parser; on a typical card most of gatelint's time
//! went into it (token queues, simple-key bookkeeping, events). This module reads the common
//! subset directly into the same located tree: block mappings and sequences, plain, quoted and
//! block scalars, one-line flow collections, comments, CRLF line breaks.
//!
//! It never decides anything granit-parser would decide differently. Whatever it is not sure of
//! (anchors, aliases, tags, explicit `?` keys, merge keys, tabs outside quotes, multi-line flow
//! collections, escaped line breaks, folded more-indented lines, document markers, anything that
//! might be a syntax error, …) makes it give up, returning `None`, and [`super::parse`] parses
//! the text again with granit-parser. The tree it returns is the one granit's events build, down
//! to every span: `tests/fastpath.rs` compares the two on every fixture and on generated cards,
//! and the `fastpath` fuzz target on arbitrary input.

use std::borrow::Cow;
use std::cell::Cell;

use super::resolve::resolve;
use super::tree::{Anchors, Document, Entry, Node, Resolved, Source, Style, Value, MERGE_BUDGET};
use crate::span::Span;

/// Deepest nesting the fast path reads; deeper documents go to granit-parser.
const MAX_DEPTH: usize = 64;

/// Longest implicit key the fast path reads (YAML's own limit).
const MAX_KEY: usize = 1024;

/// Parses `text` (at byte `base` of the file), or `None` when granit-parser must decide.
pub(super) fn parse(text: &str, base: usize) -> Option<Document<'_>> {
    // A `---` js-yaml reads as the document start and granit does not is granit's, patched.
    // A last line of spaces with no line break after it is an empty line to js-yaml, which a
    // keep-chomped block scalar keeps (see granit.rs).
    let last = text.rsplit(['\n', '\r']).next().unwrap_or_default();
    if !simple_chars(text.as_bytes())
        || super::granit::js_document_start(text).is_some_and(|(_, always)| always)
        || (!last.is_empty() && last.bytes().all(|c| c == b' '))
    {
        return None;
    }
    let mut p = Fast {
        text,
        b: text.as_bytes(),
        base,
        depth: 0,
    };
    let root = match p.next_token(0)? {
        None => None,
        Some(line) => {
            let at = line.content;
            if !p.is_entry(at) && p.key(at, line.start)?.is_none() {
                return None; // a scalar document: rare, and granit words its errors
            }
            let (node, next) = p.block_node(at, line.start, 0)?;
            if next.is_some() {
                return None;
            }
            Some(node)
        }
    };
    Some(Document {
        root,
        anchors: Anchors::default(),
        merge_budget: Cell::new(MERGE_BUDGET),
        tagged: false,
        source: Source::new(text, base),
        key_after_quote: None,
        dedented_entry: None,
    })
}

/// False when `b` holds a character granit-parser treats specially or rejects: a control
/// character other than tab and line breaks, C1 controls (NEL among them), the line and
/// paragraph separators, U+FEFF, U+FFFE and U+FFFF.
///
/// Nearly every byte of a card is printable ASCII, a tab or a line break: 32 bytes at a time are
/// tested for any other byte without a branch per byte (the compiler makes it a few vector
/// instructions), and only a block holding one is looked at byte by byte. Whether a byte starts
/// a special character depends on it and the two after it, never on the bytes before, so
/// looking at one block alone answers as [`simple_chars_reference`] does; the tests hold that.
fn simple_chars(b: &[u8]) -> bool {
    let (blocks, _) = b.as_chunks::<32>();
    let mut at = 0;
    for block in blocks {
        let unusual = block.iter().fold(false, |any, &c| {
            any | ((c < 0x20) & (c != b'\t') & (c != b'\n') & (c != b'\r')) | (c >= 0x7f)
        });
        if unusual && (at..at + 32).any(|i| special_at(b, i)) {
            return false;
        }
        at += 32;
    }
    !(at..b.len()).any(|i| special_at(b, i))
}

/// [`simple_chars`] as it was first written: every byte looked at.
#[cfg(test)]
fn simple_chars_reference(b: &[u8]) -> bool {
    !(0..b.len()).any(|i| special_at(b, i))
}

/// Whether the byte at `i` starts a character [`simple_chars`] turns away.
fn special_at(b: &[u8], i: usize) -> bool {
    let Some(&c) = b.get(i) else {
        return false;
    };
    if c < 0x20 {
        !matches!(c, b'\t' | b'\n' | b'\r')
    } else if c == 0x7f {
        true
    } else if c >= 0x80 {
        let next = b.get(i + 1).copied().unwrap_or(0);
        let third = b.get(i + 2).copied().unwrap_or(0);
        match c {
            0xC2 => (0x80..=0x9F).contains(&next),
            0xE2 => next == 0x80 && matches!(third, 0xA8 | 0xA9),
            0xEF => (next == 0xBB && third == 0xBF) || (next == 0xBF && third >= 0xBE),
            _ => false,
        }
    } else {
        false
    }
}

/// A line that holds a token: where it starts, its indentation, where its content starts.
#[derive(Clone, Copy, Debug)]
struct Line {
    start: usize,
    indent: usize,
    content: usize,
}

/// What follows a node: the next line holding a token, or `None` at the end of the text.
type Next = Option<Line>;

/// An implicit key and where its `:` is.
struct Key<'a> {
    node: Node<'a>,
    colon: usize,
}

struct Fast<'a> {
    text: &'a str,
    b: &'a [u8],
    base: usize,
    depth: usize,
}

fn blank_or_break(c: u8) -> bool {
    matches!(c, b' ' | b'\n' | b'\r' | 0)
}

fn is_break(c: u8) -> bool {
    matches!(c, b'\n' | b'\r' | 0)
}

/// Characters that may not start a plain scalar here (YAML's indicators).
fn is_indicator(c: u8) -> bool {
    matches!(
        c,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

impl<'a> Fast<'a> {
    /// The byte at `i`, 0 past the end (the text holds no NUL: see [`simple_chars`]).
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// The byte before `i`, 0 at the start.
    fn before(&self, i: usize) -> u8 {
        i.checked_sub(1).map_or(0, |j| self.at(j))
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    fn str(&self, start: usize, end: usize) -> Option<&'a str> {
        self.text.get(start..end)
    }

    /// Where the line holding `i` ends: its line break, or the end of the text.
    fn eol(&self, i: usize) -> usize {
        self.b
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
            .map_or(self.b.len(), |off| i + off)
    }

    /// The start of the line after the break at `i` (`i` at the end: the end). A lone `\r`
    /// gives up.
    fn after_break(&self, i: usize) -> Option<usize> {
        match self.at(i) {
            b'\n' => Some(i + 1),
            b'\r' if self.at(i + 1) == b'\n' => Some(i + 2),
            0 if i >= self.b.len() => Some(self.b.len()),
            _ => None,
        }
    }

    fn spaces(&self, mut i: usize) -> usize {
        while self.at(i) == b' ' {
            i += 1;
        }
        i
    }

    /// The next line from `pos` (a line start) that holds a token, past blank and comment
    /// lines; `Some(None)` at the end of the text.
    fn next_token(&self, mut pos: usize) -> Option<Next> {
        loop {
            if pos >= self.b.len() {
                return Some(None);
            }
            let i = self.spaces(pos);
            match self.at(i) {
                b'\t' => return None,
                b'\n' | b'\r' => pos = self.after_break(i)?,
                0 if i >= self.b.len() => return Some(None),
                b'#' => pos = self.after_break(self.eol(i))?,
                c => {
                    if i == pos
                        && matches!(c, b'-' | b'.')
                        && self.at(i + 1) == c
                        && self.at(i + 2) == c
                        && blank_or_break(self.at(i + 3))
                    {
                        return None; // a document marker
                    }
                    return Some(Some(Line {
                        start: pos,
                        indent: i - pos,
                        content: i,
                    }));
                }
            }
        }
    }

    /// The rest of a line after a value ends at `i`: spaces and a comment at most.
    fn end_of_line(&self, i: usize) -> Option<Next> {
        let j = self.spaces(i);
        let e = match self.at(j) {
            b'#' if j > i => self.eol(j),
            c if is_break(c) => j,
            _ => return None,
        };
        self.next_token(self.after_break(e)?)
    }

    /// Whether the `-` at `i` starts a plain scalar: not followed by a space, a line break or a
    /// flow indicator (granit rejects `-,` and `-]` as a scalar's start anywhere).
    fn plain_dash(&self, i: usize) -> bool {
        !blank_or_break(self.at(i + 1))
            && !matches!(self.at(i + 1), b',' | b'[' | b']' | b'{' | b'}')
    }

    /// Whether `i` holds a block sequence entry (`-` and a space or line break).
    fn is_entry(&self, i: usize) -> bool {
        self.at(i) == b'-' && blank_or_break(self.at(i + 1))
    }

    fn scalar(&self, start: usize, end: usize, text: Cow<'a, str>, style: Style) -> Node<'a> {
        Node {
            span: self.span(start, end),
            tag: None,
            anchor: 0,
            resolved: Some(resolve(&text, style, None)),
            value: Value::Scalar { text, style },
        }
    }

    fn null(&self, at: usize) -> Node<'a> {
        self.scalar(at, at, Cow::Borrowed("~"), Style::Plain)
    }

    /// A node in block context whose first token is at `at` on the line starting at
    /// `line_start`. Continuation lines of a scalar need at least `cont` spaces.
    fn block_node(
        &mut self,
        at: usize,
        line_start: usize,
        cont: usize,
    ) -> Option<(Node<'a>, Next)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let column = at - line_start;
        let result = if self.is_entry(at) {
            self.block_seq(at, column, false)
        } else if let Some(key) = self.key(at, line_start)? {
            self.block_map(at, column, key)
        } else {
            self.inline_value(at, cont)
        };
        self.depth -= 1;
        result
    }

    /// A key at `i` on the line starting at `line_start`, `Some(None)` when the line holds no
    /// key there.
    fn key(&self, i: usize, line_start: usize) -> Option<Option<Key<'a>>> {
        let c = self.at(i);
        let (node, after) = match c {
            b'?' if blank_or_break(self.at(i + 1)) => return self.explicit_key(i, line_start),
            b'"' | b'\'' => {
                let Some((node, after)) = self.quoted(i, None)? else {
                    return Some(None); // closed on a later line: not a key
                };
                (node, self.spaces(after))
            }
            b'[' | b'{' | b'|' | b'>' => return Some(None),
            b'-' if self.plain_dash(i) => self.plain_key(i)?,
            _ if is_indicator(c) => return None,
            _ => self.plain_key(i)?,
        };
        if after - i > MAX_KEY {
            return None; // granit bounds how far it looks for a key's `:`
        }
        if self.at(after) == b':' && blank_or_break(self.at(after + 1)) {
            Some(Some(Key { node, colon: after }))
        } else {
            Some(None)
        }
    }

    /// An explicit key (`? key` and `: value` on the next line, as PyYAML writes long keys):
    /// only a scalar key, and a `:` line at the `?`'s indentation.
    fn explicit_key(&self, i: usize, line_start: usize) -> Option<Option<Key<'a>>> {
        let column = i - line_start;
        let j = self.spaces(i + 1);
        let (node, next) = match self.at(j) {
            b'"' | b'\'' => {
                let (node, after) = self.quoted(j, Some(column + 1))??;
                (node, self.end_of_line(after)?)
            }
            b'-' if self.plain_dash(j) => self.plain(j, column + 1)?,
            c if is_indicator(c) || blank_or_break(c) || c == b'\t' => return None,
            _ => self.plain(j, column + 1)?,
        };
        let line = next?;
        if line.indent != column || self.at(line.content) != b':' {
            return None;
        }
        if !blank_or_break(self.at(line.content + 1)) {
            return None;
        }
        Some(Some(Key {
            node,
            colon: line.content,
        }))
    }

    /// A plain implicit key at `i`: the node and where its `:` is, or (with a position that
    /// holds no `:`) a line without a key.
    fn plain_key(&self, start: usize) -> Option<(Node<'a>, usize)> {
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b':' if blank_or_break(self.at(i + 1)) => break,
                b'\t' => return None,
                b' ' => i += 1,
                b'#' if self.before(i) == b' ' => return Some((self.null(start), i)),
                c if is_break(c) => return Some((self.null(start), i)),
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
        if end - start > MAX_KEY {
            return None;
        }
        let text = self.str(start, end)?;
        if text == "<<" {
            return None; // merge keys: granit's path applies and checks them
        }
        Some((
            self.scalar(start, end, Cow::Borrowed(text), Style::Plain),
            i,
        ))
    }

    /// A block mapping at `column` whose first key, at `at`, is `key`.
    fn block_map(&mut self, at: usize, column: usize, key: Key<'a>) -> Option<(Node<'a>, Next)> {
        let mut entries = Vec::new();
        let mut key = key;
        loop {
            let (value, next) = self.map_value(key.colon, column)?;
            entries.push(Entry {
                key: key.node,
                value,
            });
            match next {
                None => {
                    let node = self.collection(at, self.b.len(), Value::Map(entries));
                    return Some((node, None));
                }
                Some(line) if line.indent == column => {
                    key = self.key(line.content, line.start)??;
                }
                Some(line) if line.indent < column => {
                    let node = self.collection(at, line.content, Value::Map(entries));
                    return Some((node, next));
                }
                Some(_) => return None,
            }
        }
    }

    fn collection(&self, start: usize, end: usize, value: Value<'a>) -> Node<'a> {
        Node {
            span: self.span(start, end),
            tag: None,
            anchor: 0,
            resolved: None,
            value,
        }
    }

    /// The value after the `:` at `colon` of a mapping at `column`.
    fn map_value(&mut self, colon: usize, column: usize) -> Option<(Node<'a>, Next)> {
        let i = self.spaces(colon + 1);
        match self.at(i) {
            b'\t' => None,
            c if is_break(c) || c == b'#' => {
                let next = self.next_token(self.after_break(self.eol(i))?)?;
                match next {
                    Some(line) if line.indent > column => {
                        self.block_node(line.content, line.start, column + 1)
                    }
                    Some(line) if line.indent == column && self.is_entry(line.content) => {
                        self.block_seq(line.content, column, true)
                    }
                    // granit puts an empty value at the `:`, whatever follows it on the line.
                    _ => Some((self.null(colon), next)),
                }
            }
            _ => self.inline_value(i, column + 1),
        }
    }

    /// A block sequence at `column` whose first `-` is at `at`; `indentless` for one at its
    /// mapping's own indentation.
    fn block_seq(
        &mut self,
        at: usize,
        column: usize,
        indentless: bool,
    ) -> Option<(Node<'a>, Next)> {
        let mut items: Vec<Node<'a>> = Vec::new();
        let mut start = (!indentless).then_some(at);
        let mut dash = at;
        loop {
            let i = self.spaces(dash + 1);
            if start.is_none() {
                // granit starts an indentless sequence where its first item's line goes on
                // after the `-`, even when the item itself is on a later line.
                if self.at(i) == b'#' {
                    return None;
                }
                start = Some(i);
            }
            let (item, next) = match self.at(i) {
                b'\t' => return None,
                c if is_break(c) || c == b'#' => {
                    let next = self.next_token(self.after_break(self.eol(i))?)?;
                    match next {
                        Some(line) if line.indent > column => {
                            self.block_node(line.content, line.start, column + 1)?
                        }
                        // An entry less indented right below an empty one: js-yaml reads it
                        // into this list, granit does not (granit.rs repairs it: see
                        // `entry_after_empty_line`).
                        Some(line) if line.indent < column && self.is_entry(line.content) => {
                            return None;
                        }
                        // granit puts an empty item at the end of its line.
                        _ => (self.null(self.eol(i)), next),
                    }
                }
                _ => {
                    let line_start = dash - column;
                    self.block_node(i, line_start, column + 1)?
                }
            };
            items.push(item);
            let start = start.unwrap_or(at);
            match next {
                None => {
                    let node = self.collection(start, self.b.len(), Value::Seq(items));
                    return Some((node, None));
                }
                Some(line) if line.indent == column && self.is_entry(line.content) => {
                    dash = line.content;
                }
                Some(line) if line.indent < column || (indentless && line.indent == column) => {
                    let node = self.collection(start, line.content, Value::Seq(items));
                    return Some((node, next));
                }
                Some(_) => return None,
            }
        }
    }

    /// A value that starts at `i`, in the middle of a line or on a line of its own.
    fn inline_value(&mut self, i: usize, cont: usize) -> Option<(Node<'a>, Next)> {
        match self.at(i) {
            b'|' | b'>' => self.block_scalar(i, cont),
            b'"' | b'\'' => {
                let (node, after) = self.quoted(i, Some(cont))??;
                Some((node, self.end_of_line(after)?))
            }
            b'[' | b'{' => {
                let (node, after) = self.flow(i)?;
                Some((node, self.end_of_line(after)?))
            }
            b'-' if self.plain_dash(i) => self.plain(i, cont),
            c if is_indicator(c) => None,
            _ => self.plain(i, cont),
        }
    }

    /// One line of a plain scalar from `i`: where its text ends, and whether a comment follows.
    fn plain_line(&self, mut i: usize) -> Option<(usize, bool)> {
        let mut end = i;
        loop {
            match self.at(i) {
                b' ' => i += 1,
                b'\t' => return None,
                b'#' if self.before(i) == b' ' => return Some((end, true)),
                b':' if blank_or_break(self.at(i + 1)) => return None,
                c if is_break(c) => return Some((end, false)),
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
    }

    /// A plain scalar from `start`, continued on lines with at least `cont` spaces.
    fn plain(&self, start: usize, cont: usize) -> Option<(Node<'a>, Next)> {
        let (mut end, comment) = self.plain_line(start)?;
        let first_end = end;
        let mut owned: Option<String> = None;
        let mut pos = self.after_break(self.eol(end))?;
        if !comment {
            loop {
                // Blank lines, then the next line: a continuation when indented enough.
                let mut breaks = 0;
                let mut line = pos;
                let content = loop {
                    let i = self.spaces(line);
                    match self.at(i) {
                        b'\t' => return None,
                        b'\n' | b'\r' => {
                            breaks += 1;
                            line = self.after_break(i)?;
                        }
                        0 if i >= self.b.len() => break None,
                        _ => break Some((line, i)),
                    }
                };
                let Some((line, i)) = content else { break };
                let c = self.at(i);
                if i - line < cont || c == b'#' {
                    break;
                }
                if matches!(c, b'-' | b'?' | b':') && blank_or_break(self.at(i + 1)) {
                    return None;
                }
                let (line_end, comment) = self.plain_line(i)?;
                let text = owned.get_or_insert_with(|| {
                    self.str(start, first_end).unwrap_or_default().to_owned()
                });
                if breaks == 0 {
                    text.push(' ');
                } else {
                    text.extend(std::iter::repeat_n('\n', breaks));
                }
                text.push_str(self.str(i, line_end)?);
                end = line_end;
                pos = self.after_break(self.eol(line_end))?;
                if comment {
                    break;
                }
            }
        }
        let text = match owned {
            Some(text) => Cow::Owned(text),
            None => Cow::Borrowed(self.str(start, end)?),
        };
        let node = self.scalar(start, end, text, Style::Plain);
        Some((node, self.next_token(pos)?))
    }

    /// A quoted scalar at `q`: the node and the position after its closing quote. With
    /// `cont: None` (a key) it must close on its line, else `Some(None)`; with `Some(n)` its
    /// continuation lines need `n` spaces.
    fn quoted(&self, q: usize, cont: Option<usize>) -> Option<Option<(Node<'a>, usize)>> {
        let quote = self.at(q);
        let double = quote == b'"';
        let mut i = q + 1;
        let mut segment = i;
        let mut owned: Option<String> = None;
        loop {
            let c = self.at(i);
            if c == quote {
                if !double && self.at(i + 1) == b'\'' {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(self.str(segment, i + 1)?);
                    i += 2;
                    segment = i;
                    continue;
                }
                let text = match owned {
                    Some(mut text) => {
                        text.push_str(self.str(segment, i)?);
                        Cow::Owned(text)
                    }
                    None => Cow::Borrowed(self.str(segment, i)?),
                };
                let style = if double {
                    Style::DoubleQuoted
                } else {
                    Style::SingleQuoted
                };
                return Some(Some((self.scalar(q, i + 1, text, style), i + 1)));
            }
            match c {
                b'\\' if double => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(self.str(segment, i)?);
                    i = self.escape(i + 1, text)?;
                    segment = i;
                }
                b'\n' | b'\r' => {
                    let Some(cont) = cont else {
                        return Some(None);
                    };
                    let text = owned.get_or_insert_with(String::new);
                    let line = self.str(segment, i)?;
                    text.push_str(line.trim_end_matches([' ', '\t']));
                    let mut breaks = 0;
                    let mut at = i;
                    let content = loop {
                        at = self.after_break(at)?;
                        breaks += 1;
                        let j = self.spaces(at);
                        match self.at(j) {
                            b'\n' | b'\r' => at = j,
                            b'\t' => return None,
                            0 if j >= self.b.len() => return None,
                            _ => {
                                if j - at < cont.max(1) {
                                    return None;
                                }
                                break j;
                            }
                        }
                    };
                    if breaks == 1 {
                        text.push(' ');
                    } else {
                        text.extend(std::iter::repeat_n('\n', breaks - 1));
                    }
                    i = content;
                    segment = i;
                }
                0 if i >= self.b.len() => return None,
                _ => i += 1,
            }
        }
    }

    /// Decodes the escape after a backslash at `i - 1` into `out`; the position after it.
    fn escape(&self, i: usize, out: &mut String) -> Option<usize> {
        let c = self.at(i);
        let simple = match c {
            b'0' => '\0',
            b'a' => '\u{7}',
            b'b' => '\u{8}',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\u{b}',
            b'f' => '\u{c}',
            b'r' => '\r',
            b'e' => '\u{1b}',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'x' | b'u' | b'U' => {
                let len = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = self.str(i + 1, i + 1 + len)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                let code = u32::from_str_radix(hex, 16).ok()?;
                out.push(char::from_u32(code)?);
                return Some(i + 1 + len);
            }
            _ => return None,
        };
        out.push(simple);
        Some(i + 1)
    }

    /// A literal (`|`) or folded (`>`) scalar whose indicator is at `q`; its lines need more
    /// than `cont - 1` spaces.
    fn block_scalar(&mut self, q: usize, cont: usize) -> Option<(Node<'a>, Next)> {
        #[derive(PartialEq)]
        enum Chomp {
            Clip,
            Strip,
            Keep,
        }
        let literal = self.at(q) == b'|';
        let mut i = q + 1;
        let chomp = match self.at(i) {
            b'+' => Chomp::Keep,
            b'-' => Chomp::Strip,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            i += 1;
        }
        if self.at(i).is_ascii_digit() {
            return None; // an explicit indentation indicator
        }
        let j = self.spaces(i);
        let header_end = match self.at(j) {
            b'#' if j > i => self.eol(j),
            c if is_break(c) && j < self.b.len() => j,
            _ => return None,
        };
        let mut pos = self.after_break(header_end)?;
        // Leading blank lines, then the first line sets the indentation.
        let mut text = String::new();
        let indent = loop {
            let k = self.spaces(pos);
            match self.at(k) {
                b'\n' | b'\r' => {
                    if k - pos > 0 {
                        return None;
                    }
                    text.push('\n');
                    pos = self.after_break(k)?;
                }
                b'\t' => return None,
                0 if k >= self.b.len() => return None,
                _ => break k - pos,
            }
        };
        if indent < cont.max(1) {
            return None; // an empty block scalar
        }
        let start = pos + indent;
        let mut first = true;
        let mut breaks = 0;
        let mut line = pos;
        let end = loop {
            let content = line + indent;
            let e = self.eol(content);
            let segment = self.str(content, e)?;
            if !literal && segment.starts_with([' ', '\t']) {
                return None; // a more-indented line of a folded scalar
            }
            if !first {
                if literal || breaks > 1 {
                    text.extend(std::iter::repeat_n(
                        '\n',
                        if literal { breaks } else { breaks - 1 },
                    ));
                } else {
                    text.push(' ');
                }
            }
            text.push_str(segment);
            first = false;
            if e >= self.b.len() {
                // The end of the text ends the last line as a line break would (the front
                // matter's last line break belongs to the closing fence).
                breaks = 1;
                break e;
            }
            breaks = 1;
            pos = self.after_break(e)?;
            let stop = loop {
                let k = self.spaces(pos);
                match self.at(k) {
                    b'\n' | b'\r' => {
                        if k - pos > indent {
                            return None;
                        }
                        if k > pos {
                            return None; // spaces on a blank line: not pinned down
                        }
                        breaks += 1;
                        pos = self.after_break(k)?;
                    }
                    b'\t' => return None,
                    // Spaces at the very end: content or not, depending on their number.
                    0 if k >= self.b.len() && k > pos => return None,
                    0 if k >= self.b.len() => break Some(k),
                    _ if k - pos >= indent => {
                        line = pos;
                        break None;
                    }
                    _ => break Some(k),
                }
            };
            if let Some(stop) = stop {
                break stop;
            }
        };
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => {
                if breaks > 0 {
                    text.push('\n');
                }
            }
            Chomp::Keep => text.extend(std::iter::repeat_n('\n', breaks)),
        }
        let style = if literal {
            Style::Literal
        } else {
            Style::Folded
        };
        let node = self.scalar(start, end, Cow::Owned(text), style);
        let next = if end >= self.b.len() {
            None
        } else {
            self.next_token(self.line_start(end))?
        };
        Some((node, next))
    }

    /// The start of the line holding `i`.
    fn line_start(&self, i: usize) -> usize {
        self.b
            .get(..i)
            .and_then(|before| memchr::memrchr2(b'\n', b'\r', before))
            .map_or(0, |at| at + 1)
    }

    /// A flow collection that opens at `q` and closes on the same line: the node and the
    /// position after it.
    fn flow(&mut self, q: usize) -> Option<(Node<'a>, usize)> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let map = self.at(q) == b'{';
        let close = if map { b'}' } else { b']' };
        let mut i = self.flow_space(q + 1)?;
        let mut items = Vec::new();
        let mut entries = Vec::new();
        if self.at(i) != close {
            loop {
                let (node, after) = self.flow_item(i)?;
                let mut j = self.flow_space(after)?;
                if map {
                    node.scalar()?;
                    if j - i > MAX_KEY || node.resolved == Some(Resolved::Merge) {
                        return None;
                    }
                    if self.at(j) != b':' || self.at(j + 1) != b' ' {
                        return None;
                    }
                    let v = self.flow_space(j + 1)?;
                    let (value, after) = self.flow_item(v)?;
                    entries.push(Entry { key: node, value });
                    j = self.flow_space(after)?;
                } else {
                    items.push(node);
                }
                match self.at(j) {
                    b',' => {
                        i = self.flow_space(j + 1)?;
                        if self.at(i) == close {
                            return None;
                        }
                    }
                    c if c == close => {
                        i = j;
                        break;
                    }
                    _ => return None,
                }
            }
        }
        let value = if map {
            Value::Map(entries)
        } else {
            Value::Seq(items)
        };
        self.depth -= 1;
        Some((self.collection(q, i + 1, value), i + 1))
    }

    /// Spaces inside a flow collection; a tab, line break or comment gives up.
    fn flow_space(&self, i: usize) -> Option<usize> {
        let j = self.spaces(i);
        match self.at(j) {
            b'\t' | b'\n' | b'\r' | b'#' => None,
            _ => Some(j),
        }
    }

    /// One scalar or collection inside a flow collection.
    fn flow_item(&mut self, i: usize) -> Option<(Node<'a>, usize)> {
        match self.at(i) {
            b'[' | b'{' => self.flow(i),
            b'"' | b'\'' => self.quoted(i, None)?,
            b'-' if self.plain_dash(i) => self.flow_plain(i),
            c if is_indicator(c) => None,
            _ => self.flow_plain(i),
        }
    }

    fn flow_plain(&self, start: usize) -> Option<(Node<'a>, usize)> {
        let mut i = start;
        let mut end = start;
        loop {
            match self.at(i) {
                b' ' => i += 1,
                b',' | b']' | b'}' => break,
                b':' if self.at(i + 1) == b' ' => break,
                b'[' | b'{' | b':' | b'#' | b'\t' => return None,
                c if is_break(c) => return None,
                _ => {
                    i += 1;
                    end = i;
                }
            }
        }
        let text = self.str(start, end)?;
        Some((
            self.scalar(start, end, Cow::Borrowed(text), Style::Plain),
            end,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every special character and a few harmless ones, at every place around a block boundary
    /// (split across it too), in text of every length around one and two blocks.
    #[test]
    fn simple_chars_answers_as_its_reference() {
        let pieces: [&[u8]; 14] = [
            b"\x00",
            b"\x1f",
            b"\x7f",
            b"\t",
            b"\r\n",
            b"\xc2\x85",
            b"\xc2\xa0",
            b"\xe2\x80\xa8",
            b"\xe2\x80\xa9",
            b"\xe2\x80\x94",
            b"\xef\xbb\xbf",
            b"\xef\xbf\xbe",
            b"\xef\xbf\xbf",
            "\u{e9}".as_bytes(),
        ];
        let mut checked = 0;
        for piece in pieces {
            for len in [0, 1, 31, 32, 33, 63, 64, 65, 70] {
                for at in 0..=len {
                    let mut text = vec![b'a'; len];
                    text.splice(at..at, piece.iter().copied());
                    assert_eq!(
                        simple_chars(&text),
                        simple_chars_reference(&text),
                        "{text:?}"
                    );
                    checked += usize::from(!simple_chars(&text));
                }
            }
        }
        assert!(checked > 0);
        assert!(simple_chars(b"a: b\n\tc\r\n"));
    }
}
