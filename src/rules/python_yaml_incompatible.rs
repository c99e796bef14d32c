//! `python-yaml-incompatible`: see `docs/rules/python-yaml-incompatible.md`.
//!
//! The Hub reads front matter with js-yaml 4; Python tools (`huggingface_hub`'s `metadata_load`
//! and `RepoCard.load`, `datasets`) with PyYAML's `yaml.safe_load` (YAML 1.1, the pure-Python
//! `SafeLoader`). This rule finds, in front matter that the Hub's parser loads, each construct
//! that makes PyYAML throw, as `tests/pyyaml.rs` measured them against the real PyYAML: it reads
//! the front matter's text around the nodes of the YAML tree (the scalars' spans tell what is
//! inside a scalar; the rest is indicators, properties, comments and blanks).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::finding::{Edit, Finding, Fix};
use crate::frontmatter::FrontMatter;
use crate::gate::placeholder;
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{self, Document, Node, Style, Value};

/// The longest implicit key PyYAML accepts: from the key's first character (its anchor or tag,
/// when it has one) to its `:`, at most 1024 characters (`Scanner.stale_possible_simple_keys`).
const KEY_LIMIT: usize = 1024;

/// What PyYAML does with the front matter, said once at the start of every message.
const WHO: &str = "`huggingface_hub`'s `ModelCard.load` and `metadata_load` cannot load this \
                   front matter";

pub fn check(front_matter: &FrontMatter, doc: &Document, out: &mut Vec<Finding>) {
    let Some(text) = text_of(front_matter) else {
        return;
    };
    content_on_document_start(&text, doc, out);
    key_after_quote(doc, out);
    // Most front matter holds none of the bytes that every cause but a top-level key needs
    // (`quiet`): then the walk over every node is skipped. `check_all` is the reference, and the
    // tests hold that both find the same.
    if quiet(text.text.as_bytes()) {
        if let Some(entries) = doc
            .root
            .as_ref()
            .and_then(|root| doc.resolve(root).entries())
        {
            top_level_keys(doc, entries, out);
        }
        return;
    }
    check_text(&text, doc, out);
}

/// The rule without its shortcut: every cause looked for in every card.
#[cfg(test)]
fn check_all(front_matter: &FrontMatter, doc: &Document, out: &mut Vec<Finding>) {
    if let Some(text) = text_of(front_matter) {
        content_on_document_start(&text, doc, out);
        key_after_quote(doc, out);
        check_text(&text, doc, out);
    }
}

/// An entry right after a quoted value's closing quote, on the line where a multi-line quoted
/// value closes (`t: 'a\n b'c: 1`): js-yaml reads it as the next entry, PyYAML throws
/// (`expected <block end>, but found '<scalar>'`). The YAML reading marks it.
fn key_after_quote(doc: &Document, out: &mut Vec<Finding>) {
    let Some(at) = doc.key_after_quote else {
        return;
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            Span::new(at, at + 1),
            format!(
                "{WHO}: an entry starts right after the closing quote of a quoted value that \
                 spans lines: js-yaml reads it as the next entry, PyYAML throws (`expected \
                 <block end>, but found '<scalar>'`)"
            ),
        )
        .label("an entry glued to the closing quote")
        .help("start the entry on a line of its own"),
    );
}

/// A block mapping or list on a `---` line that starts the front matter's YAML (`--- a: 1`, a
/// fence written twice with the first key moved up): js-yaml starts the document there and reads
/// it, PyYAML throws (`mapping values are not allowed here`, `sequence entries are not allowed
/// here`). Only the first lines are read: blank lines and comments, then the `---` line. A
/// `---` glued to the key (`---a: 1`) is no error to PyYAML, which reads the key `---a`.
fn content_on_document_start(text: &Text, doc: &Document, out: &mut Vec<Finding>) {
    let Some(root) = doc.root.as_ref() else {
        return;
    };
    let (what, error) = match root.value {
        Value::Map(_) => ("a mapping", "mapping values are not allowed here"),
        Value::Seq(_) => ("a list", "sequence entries are not allowed here"),
        _ => return,
    };
    let mut at = 0;
    let line = loop {
        let rest = text.text.get(at..).unwrap_or_default();
        let line = rest.split(['\n', '\r']).next().unwrap_or_default();
        let content = line.trim_start_matches([' ', '\t']);
        if !(content.is_empty() || content.starts_with('#')) {
            break line;
        }
        if line.len() == rest.len() {
            return;
        }
        at += line.len() + 1;
    };
    let Some(after) = line.strip_prefix("---") else {
        return;
    };
    let root_at = text.local(root.span.start);
    let block = !text
        .text
        .get(root_at..)
        .is_some_and(|t| t.starts_with(['[', '{']));
    if !after.starts_with(' ') || !block || root_at >= at + line.len() {
        return;
    }
    let written = clip(after.trim());
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            text.span(at, at + 3),
            format!(
                "{WHO}: {what} on the `---` line that starts the YAML: js-yaml (the Hub) reads it, \
                 PyYAML throws (`{error}`)"
            ),
        )
        .label(format!("`{written}` on the `---` line"))
        .help(
            "remove this `---` (the front matter's own fence opens it) and keep its content on \
             a line of its own",
        ),
    );
}

/// The front matter's YAML text, when it is UTF-8.
fn text_of<'t>(front_matter: &FrontMatter<'t>) -> Option<Text<'t>> {
    let yaml = front_matter.yaml()?;
    let text = std::str::from_utf8(yaml.slice(front_matter.bytes)).ok()?;
    Some(Text {
        text,
        base: yaml.start,
    })
}

/// True when the text cannot hold any cause of this rule but a top-level key PyYAML reads as a
/// non-string, so that the walk over the tree can be skipped. Each cause, and the bytes it cannot
/// do without:
///
/// - a character PyYAML refuses or reads as a line break (`non_printable`, `line_breaks`): a
///   control byte but tab, LF and CR, or the UTF-8 of U+0080 to U+009F, U+2028, U+2029, U+FFFE
///   or U+FFFF;
/// - a tab, a bad anchor or alias name, a duplicate anchor (`gaps`): a tab, or `&` or `*` where
///   a token starts;
/// - a collection tag on an empty value, `!!timestamp`: `!` where a token starts;
/// - a merge (`<<`): the two bytes `<<`;
/// - a plain scalar that is `=`, that starts with `:` in a flow collection, or that PyYAML reads
///   as a date: `=`, `:`, or four digits and a `-`, where a token starts;
/// - an integer with no digits (`0x_`, `-0b__`): `0x_` or `0b_`;
/// - a directive, a document end marker before any content, or a `---` glued to the first key
///   (`document_markers`): `%` at the start of a line, after tabs at most, or `...` at the start
///   of a line, or `---` then no blank at the start of a line after blanks (both found by search);
/// - a key that is a collection (`unhashable`): `?` (an explicit key) or `*` (an alias) where a
///   token starts, a `]` or `}` with `:` or `#` next but for blanks and line breaks, or, in a
///   flow collection, a `[` or `{` right after a `{` or `,` but for them (a key with no `:`, as
///   in the template placeholder `{{ name }}`);
/// - a key over [`KEY_LIMIT`] characters to its `:` (`long_key`): in a block mapping a key and
///   its `:` stand on one line (the parsers refuse any other), so a line over [`KEY_LIMIT`]
///   bytes. In a flow collection (one opened by `[` or `{` where a token starts) a key may run
///   over lines: a flow collection as a key ends in `]` or `}` then `:` (above); a quoted one in
///   `"` or `'` then `:`, and its line holds no other quote that could open it (`quoted_here`);
///   a plain one (which holds none of `,[]{}` and no `:` before a blank, a line break or `,]}`)
///   runs more than [`KEY_LIMIT`] bytes from the last of these to a `:` that ends it.
///
/// "Where a token starts" is at the start of the text or after a blank, a line break, `[`, `{`,
/// `,` or `:` (the JSON-like `{"a":b}`): a plain scalar, a property and an indicator start only
/// there. Most bytes are none of these: they are skipped eight at a time. `0x_` and `0b_` are
/// found by search, and the common bytes that matter only next to others are not stops: a
/// quote matters only before a `:` (and is looked for from there), `_` only in `0x_` and `0b_`,
/// and `,` only to tell where a plain key in a flow collection starts, which is asked only of a
/// key that may be long. [`quiet_reference`] is the one-pass scan this replaced; the tests hold
/// that both answer the same.
fn quiet(bytes: &[u8]) -> bool {
    if has_long_line(bytes)
        || DIGITLESS_INTS.iter().any(|f| f.find(bytes).is_some())
        || document_end_line(bytes)
        || glued_document_start(bytes)
    {
        return false;
    }
    let mut scan = Scan {
        bytes,
        flow: None,
        value_end: 0,
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | stops(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                if stops(b) && scan.loud(at + i, b) {
                    return false;
                }
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if stops(b) && scan.loud(at + i, b) {
            return false;
        }
    }
    true
}

/// The integers that may have no digits (`0x_`, `-0b__`), found by search.
static DIGITLESS_INTS: LazyLock<[memchr::memmem::Finder<'static>; 2]> = LazyLock::new(|| {
    [
        memchr::memmem::Finder::new(b"0x_"),
        memchr::memmem::Finder::new(b"0b_"),
    ]
});

/// Whether a document end marker `...` starts a line, found by search: `.` is too common in
/// text to be one of [`quiet`]'s stops.
fn document_end_line(bytes: &[u8]) -> bool {
    static DOTS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"..."));
    DOTS.find_iter(bytes).any(|at| {
        at.checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_none_or(|&c| c == b'\n' || c == b'\r')
    })
}

/// Whether a line starts, after blanks, with a `---` glued to what follows (`---a: 1`, `---#`;
/// see `document_markers`), found by search.
fn glued_document_start(bytes: &[u8]) -> bool {
    static DASHES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"---"));
    DASHES.find_iter(bytes).any(|at| {
        let before = bytes.get(..at).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&c| c == b'\n' || c == b'\r')
            .map_or(0, |i| i + 1);
        before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .all(|&c| c == b' ' || c == b'\t')
            && bytes
                .get(at + 3)
                .is_some_and(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    })
}

/// The bytes that [`quiet`] looks at one by one: the rare ones a cause may start or end at, and
/// `:` and `-`.
fn stops(b: u8) -> bool {
    // Built at compile time, where an index out of bounds fails the build.
    #[allow(clippy::indexing_slicing)]
    const STOPS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(
                b as u8,
                0..=0x1f
                    | 0x7f
                    | 0xc2
                    | 0xe2
                    | 0xef
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'='
                    | b'?'
                    | b'<'
                    | b'['
                    | b'{'
                    | b']'
                    | b'}'
                    | b':'
                    | b'-'
                    | b'%'
            ) && !matches!(b as u8, b'\n' | b'\r');
            b += 1;
        }
        table
    };
    STOPS.get(usize::from(b)).copied().unwrap_or(true)
}

/// [`quiet`]'s state: where the first flow collection opens (a `[` or `{` where a token starts),
/// and one past the last `:` that is a value indicator.
struct Scan<'t> {
    bytes: &'t [u8],
    flow: Option<usize>,
    value_end: usize,
}

impl Scan<'_> {
    /// Whether the byte `b` at `at` may start or end a cause (see [`quiet`]). `:` and `-` are
    /// common: they are answered here, most after a look at the byte before.
    #[inline(always)]
    fn loud(&mut self, at: usize, b: u8) -> bool {
        match b {
            b':' => self.colon(at),
            b'-' => date_start(self.bytes, at),
            _ => rare_loud(self.bytes, at, b, &mut self.flow),
        }
    }

    /// The `:` at `at`: one where a token starts, or in a flow collection one that ends a long
    /// plain key or follows a quoted key from another line.
    #[inline(always)]
    fn colon(&mut self, at: usize) -> bool {
        let bytes = self.bytes;
        if token_start(bytes, at) {
            return true;
        }
        if let Some(open) = self.flow {
            if long_plain(bytes, open, self.value_end, at) || quoted_key(bytes, open, at) {
                return true;
            }
        }
        if value_indicator(bytes, at) {
            self.value_end = at + 1;
        }
        false
    }
}

/// Whether the rare byte `b` at `at` may start or end a cause; the first `[` or `{` that opens a
/// flow collection goes to `flow`.
#[inline(never)]
fn rare_loud(bytes: &[u8], at: usize, b: u8, flow: &mut Option<usize>) -> bool {
    match b {
        // U+0080 to U+009F (C1 controls and NEL), U+2028, U+2029, U+FFFE, U+FFFF: the only
        // characters past ASCII that PyYAML refuses or takes for a line break.
        0xc2 => bytes.get(at + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
        0xe2 => matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])),
        0xef => matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])),
        b'\t' | 0..=0x1f | 0x7f.. => true,
        b'&' | b'*' | b'!' | b'=' | b'?' => token_start(bytes, at),
        b'<' => bytes.get(at + 1) == Some(&b'<'),
        b'[' | b'{' => {
            // A collection as a flow mapping's key with no `:` after it (`{{ name }}`, a
            // template placeholder): after `{` or `,`, blanks and line breaks skipped.
            let loud = flow.is_some()
                && matches!(
                    bytes
                        .get(..at)
                        .unwrap_or_default()
                        .iter()
                        .rev()
                        .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')),
                    Some(b'{' | b',')
                );
            if flow.is_none() && token_start(bytes, at) {
                *flow = Some(at);
            }
            loud
        }
        b']' | b'}' => collection_key(bytes, at),
        // A directive: at the start of a line, after tabs at most.
        b'%' => bytes
            .get(..at)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|&&c| c != b'\t')
            .is_none_or(|&c| c == b'\n' || c == b'\r'),
        _ => false,
    }
}

/// Whether a plain scalar, a property or an indicator may start at `at`: at the start of the
/// text or after a blank, a line break, `[`, `{`, `,` or `:`.
#[inline(always)]
fn token_start(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':'))
}

/// Whether the `:` at `at` is a value indicator (so a plain key ends before it).
#[inline(always)]
fn value_indicator(bytes: &[u8], at: usize) -> bool {
    matches!(
        bytes.get(at + 1),
        None | Some(b' ' | b'\n' | b'\r' | b',' | b']' | b'}')
    )
}

/// Whether the `]` or `}` at `at` has `:` or `#` next but for blanks and line breaks.
fn collection_key(bytes: &[u8], at: usize) -> bool {
    let next = bytes
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .find(|c| !matches!(c, b' ' | b'\n' | b'\r'));
    matches!(next, Some(b':' | b'#'))
}

/// Whether the `:` at `at`, in the flow collection opened at `open`, is a value indicator that
/// ends a plain key over [`KEY_LIMIT`] bytes: more than that from the last of `,[]{}` and of
/// the value indicators before it (`value_end` is one past the last of these).
#[inline(always)]
fn long_plain(bytes: &[u8], open: usize, value_end: usize, at: usize) -> bool {
    let from = value_end.max(open + 1);
    at.saturating_sub(from) > KEY_LIMIT
        && value_indicator(bytes, at)
        && long_plain_from(bytes, from, at)
}

/// [`long_plain`] once the `:` at `at` is a value indicator more than [`KEY_LIMIT`] bytes from
/// `from`: whether `,[]{}` between them leave the plain key that long.
#[inline(never)]
fn long_plain_from(bytes: &[u8], from: usize, at: usize) -> bool {
    let between = bytes.get(from..at).unwrap_or_default();
    let last = [
        memchr::memrchr3(b',', b'[', b'{', between),
        memchr::memrchr2(b']', b'}', between),
    ]
    .into_iter()
    .flatten()
    .max();
    let plain_start = last.map_or(from, |i| from + i + 1);
    at - plain_start > KEY_LIMIT
}

/// Whether the `:` at `at`, in the flow collection opened at `open`, follows a quoted key (with
/// only spaces between) whose opening quote is not on the closing quote's line.
#[inline(always)]
fn quoted_key(bytes: &[u8], open: usize, at: usize) -> bool {
    matches!(
        at.checked_sub(1).and_then(|i| bytes.get(i)),
        Some(b' ' | b'"' | b'\'')
    ) && quoted_key_before(bytes, open, at)
}

/// [`quoted_key`] once the byte before the `:` is a space or a quote.
#[inline(never)]
fn quoted_key_before(bytes: &[u8], open: usize, at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    match before.iter().rposition(|&c| c != b' ') {
        Some(quote) if quote > open => match bytes.get(quote) {
            Some(&c @ (b'"' | b'\'')) => !quoted_here(bytes, quote, c),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the `-` at `at` ends four digits where a token starts (a date, to PyYAML).
#[inline(always)]
fn date_start(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(4).is_some_and(|start| {
        matches!(bytes.get(start..at), Some(&[a, b, c, d])
            if d.is_ascii_digit() && c.is_ascii_digit() && b.is_ascii_digit() && a.is_ascii_digit())
            && token_start(bytes, start)
    })
}

/// Whether a line of `bytes` is over [`KEY_LIMIT`] bytes. Such a line holds a whole aligned
/// block of `KEY_LIMIT / 2` bytes with no line break (a run of `2B - 1` bytes holds an aligned
/// block of `B`), so the lines are measured only when a block has none: one search per block, not
/// per line.
fn has_long_line(bytes: &[u8]) -> bool {
    let block = KEY_LIMIT / 2;
    if bytes.len() <= KEY_LIMIT
        || bytes
            .chunks_exact(block)
            .all(|b| memchr::memchr2(b'\n', b'\r', b).is_some())
    {
        return false;
    }
    let mut line_start = 0;
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .chain([bytes.len()])
        .any(|end| {
            let long = end - line_start > KEY_LIMIT;
            line_start = end + 1;
            long
        })
}

/// [`quiet`] as it was first written: one pass, every byte that a cause may start or end at
/// looked up in one table, the state (flow collection open, start of the plain key) carried
/// along. The tests hold that [`quiet`] answers as it does.
#[cfg(test)]
fn quiet_reference(bytes: &[u8]) -> bool {
    if has_long_line(bytes) || glued_document_start(bytes) {
        return false;
    }
    let mut scan = Quiet {
        bytes,
        flow: false,
        plain_start: 0,
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | reference_stops(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                if reference_stops(b) && scan.loud(at + i, b) {
                    return false;
                }
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if reference_stops(b) && scan.loud(at + i, b) {
            return false;
        }
    }
    true
}

/// The bytes at which [`quiet_reference`] looks closer: those a cause may start or end at.
#[cfg(test)]
fn reference_stops(b: u8) -> bool {
    // Built at compile time, where an index out of bounds fails the build.
    #[allow(clippy::indexing_slicing)]
    const STOPS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(
                b as u8,
                0..=0x1f
                    | 0x7f
                    | 0xc2
                    | 0xe2
                    | 0xef
                    | b':'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'='
                    | b'?'
                    | b'-'
                    | b'<'
                    | b'_'
                    | b'['
                    | b'{'
                    | b','
                    | b']'
                    | b'}'
                    | b'"'
                    | b'\''
                    | b'%'
                    | b'.'
            ) && !matches!(b as u8, b'\n' | b'\r');
            b += 1;
        }
        table
    };
    STOPS.get(usize::from(b)).copied().unwrap_or(true)
}

/// [`quiet_reference`]'s state: whether a flow collection may be open, and where the text after the last
/// of `,[]{}` starts.
#[cfg(test)]
struct Quiet<'t> {
    bytes: &'t [u8],
    flow: bool,
    plain_start: usize,
}

#[cfg(test)]
impl Quiet<'_> {
    /// Whether the byte `b` at `at` may start or end a cause (see [`quiet`]).
    fn loud(&mut self, at: usize, b: u8) -> bool {
        let bytes = self.bytes;
        let token_start = |at: usize| {
            at.checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_none_or(|b| {
                    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':')
                })
        };
        match b {
            // U+0080 to U+009F (C1 controls and NEL), U+2028, U+2029, U+FFFE, U+FFFF: the
            // only characters past ASCII that PyYAML refuses or takes for a line break.
            0xc2 => bytes.get(at + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
            0xe2 => matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])),
            0xef => matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])),
            b'\t' | 0..=0x1f | 0x7f.. => true,
            b':' => {
                let value_indicator = matches!(
                    bytes.get(at + 1),
                    None | Some(b' ' | b'\n' | b'\r' | b',' | b']' | b'}')
                );
                let loud = token_start(at)
                    || (self.flow && value_indicator && at - self.plain_start > KEY_LIMIT);
                // A plain key holds no value indicator: one starts after it.
                if value_indicator {
                    self.plain_start = at + 1;
                }
                loud
            }
            b'&' | b'*' | b'!' | b'=' | b'?' => token_start(at),
            b'-' => at.checked_sub(4).is_some_and(|start| {
                bytes
                    .get(start..at)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && token_start(start)
            }),
            b'<' => bytes.get(at + 1) == Some(&b'<'),
            // A document end marker `...` at the start of a line.
            b'.' => {
                bytes.get(at..at + 3) == Some(b"...")
                    && at
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_none_or(|&c| c == b'\n' || c == b'\r')
            }
            // A directive: at the start of a line, after tabs at most.
            b'%' => bytes
                .get(..at)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|&&c| c != b'\t')
                .is_none_or(|&c| c == b'\n' || c == b'\r'),
            b'_' => at
                .checked_sub(2)
                .and_then(|i| bytes.get(i..at))
                .is_some_and(|p| p == b"0x" || p == b"0b"),
            b'[' | b'{' | b',' => {
                // A collection as a flow mapping's key with no `:` after it (`{{ name }}`, a
                // template placeholder): after `{` or `,`, blanks and line breaks skipped.
                let loud = b != b','
                    && self.flow
                    && matches!(
                        bytes
                            .get(..at)
                            .unwrap_or_default()
                            .iter()
                            .rev()
                            .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')),
                        Some(b'{' | b',')
                    );
                self.flow = self.flow || (b != b',' && token_start(at));
                self.plain_start = at + 1;
                loud
            }
            b']' | b'}' => {
                self.plain_start = at + 1;
                let next = bytes
                    .get(at + 1..)
                    .unwrap_or_default()
                    .iter()
                    .find(|c| !matches!(c, b' ' | b'\n' | b'\r'));
                matches!(next, Some(b':' | b'#'))
            }
            b'"' | b'\'' => {
                self.flow
                    && bytes
                        .get(at + 1..)
                        .unwrap_or_default()
                        .iter()
                        .find(|&&c| c != b' ')
                        == Some(&b':')
                    && !quoted_here(bytes, at, b)
            }
            _ => false,
        }
    }
}

/// Whether the quoted scalar that the quote `quote` at `at` closes opened on the same line: a
/// line of a double-quoted scalar holds `"` only escaped (after an odd number of `\`), a line
/// of a single-quoted one holds `'` only in pairs, so such a quote before `at` on its line opens it.
fn quoted_here(bytes: &[u8], at: usize, quote: u8) -> bool {
    let line = bytes.get(..at).unwrap_or_default();
    let line = line
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .and_then(|i| line.get(i + 1..))
        .unwrap_or(line);
    if quote == b'"' {
        line.iter().enumerate().any(|(i, &c)| {
            c == b'"'
                && line
                    .get(..i)
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .take_while(|&&c| c == b'\\')
                    .count()
                    % 2
                    == 0
        })
    } else {
        line.split(|&c| c != b'\'').any(|run| run.len() % 2 == 1)
    }
}

/// Every cause, looked for in the front matter's text.
fn check_text(text: &Text, doc: &Document, out: &mut Vec<Finding>) {
    let mut tree = Tree::default();
    if let Some(root) = &doc.root {
        tree.walk(doc, text, root, false, Place::Root);
        if let Some(entries) = doc.resolve(root).entries() {
            top_level_keys(doc, entries, out);
        }
    }
    tree.scalars.sort_by_key(|s| s.span.start);
    non_printable(text, out);
    let anchors = gaps(text, &tree, out);
    duplicate_anchors(&anchors, out);
    line_breaks(text, &tree, out);
    for key in &tree.keys {
        long_key(text, key, out);
    }
    for &(span, what, name) in &tree.unhashable {
        let finding = Finding::new(
            Rule::PythonYamlIncompatible,
            span,
            format!("{WHO}: PyYAML cannot use {what} as a key (`found unhashable key`)"),
        )
        .label(format!("{what} as a key"));
        out.push(match name {
            Some(written) => finding.help(format!(
                "a template placeholder, `{}`, was left in: write the text it stands for, or \
                 quote it to keep it as text",
                clip(written)
            )),
            None => finding.help("write the key as a string: quote it, or use a plain label"),
        });
    }
    for &span in &tree.empty_flow_keys {
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                "{WHO}: inside `[ ]` or `{{ }}`, a `:` with no key before it is a `null` key to \
                 js-yaml and an error to PyYAML (`expected the node content, but found ':'`)"
            ),
            )
            .label("no key before this `:`")
            .help("write the key before the `:`, or `? ` before an empty key"),
        );
    }
    for &span in &tree.inline_maps {
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: an anchor or tag then `label: value` on a key's line is a nested \
                     mapping to js-yaml and an error to PyYAML (`mapping values are not allowed \
                     here`)"
                ),
            )
            .label("a mapping on its key's line")
            .help("quote the value if it is text (`key: 'I accept: the terms'`), or move the mapping to the next lines, indented under its key"),
        );
    }
    document_markers(text, out);
    for &(span, expects) in &tree.collection_tags {
        let tag = text.at(span);
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: `{tag}` on an empty value: js-yaml builds an empty \
                     collection, PyYAML expects {expects} node and throws (`expected {expects} \
                     node, but found scalar`)"
                ),
            )
            .label(format!("`{tag}` on an empty value"))
            .help(if expects == "a mapping" {
                "write an empty mapping, `{}`, and drop the tag"
            } else {
                "write an empty list, `[]`, and drop the tag"
            }),
        );
    }
    for &(span, what) in &tree.bad_merges {
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: PyYAML merges (`<<`) only a mapping or a list of mappings, and finds \
                     {what} here"
                ),
            )
            .label(format!("{what} to merge"))
            .help("merge a mapping (`<<: *anchor`) or a list of them (`<<: [*a, *b]`), or write the keys out"),
        );
    }
    for scalar in &tree.scalars {
        scalar_value(text, scalar, out);
    }
}

/// The front matter's text and the file offset it starts at.
struct Text<'t> {
    text: &'t str,
    base: usize,
}

impl Text<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.base + start, self.base + end)
    }

    /// The text under a file span.
    fn at(&self, span: Span) -> &str {
        self.text
            .get(span.start.saturating_sub(self.base)..span.end.saturating_sub(self.base))
            .unwrap_or_default()
    }

    /// The offset into the text of a file offset.
    fn local(&self, at: usize) -> usize {
        at.saturating_sub(self.base).min(self.text.len())
    }
}

/// Where a scalar stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Key,
    Value,
}

struct Scalar {
    span: Span,
    style: Style,
    tagged: bool,
    /// `!!timestamp`: PyYAML builds it as an untagged date.
    timestamp_tag: bool,
    place: Place,
    /// Inside a flow collection (`[…]`, `{…}`).
    flow: bool,
}

/// What the rule needs of the YAML tree, gathered in one walk.
#[derive(Default)]
struct Tree<'d> {
    scalars: Vec<Scalar>,
    /// The spans of every mapping key.
    keys: Vec<Span>,
    /// Merge keys (`<<`) whose value PyYAML cannot merge, and what it found there.
    bad_merges: Vec<(Span, &'static str)>,
    /// Keys that are collections, which a Python dict cannot hold, what they are, and the name
    /// inside when the mapping holding the key is a template placeholder (`{{ name }}`).
    unhashable: Vec<(Span, &'static str, Option<&'d str>)>,
    /// Empty implicit keys in a flow collection (`{x, : 1}`): js-yaml reads a null key, PyYAML's
    /// parser expects a node where the `:` stands.
    empty_flow_keys: Vec<Span>,
    /// Block mappings that start on their key's line after properties (`k: &a x: 1`): a nested
    /// mapping to js-yaml, "mapping values are not allowed here" to PyYAML. The mapping's span.
    inline_maps: Vec<Span>,
    /// Collection tags on scalars (`key: !!map`, empty): js-yaml builds `{}` or `[]`, PyYAML's
    /// constructor throws (`expected a mapping node, but found scalar`). The tag's span and the
    /// kind of node PyYAML expects.
    collection_tags: Vec<(Span, &'static str)>,
}

impl<'d> Tree<'d> {
    fn walk(&mut self, doc: &'d Document, text: &Text, node: &Node, flow: bool, place: Place) {
        // A collection tag on an empty node: js-yaml builds the empty collection (the tree holds
        // it so), PyYAML's `SafeConstructor` builds these from collection nodes only.
        if let Some(tag) = node.tag.as_deref().filter(|_| node.span.is_empty()) {
            let expects = match tag.core_suffix.as_deref() {
                Some("map" | "set") => Some("a mapping"),
                Some("seq" | "omap" | "pairs") => Some("a sequence"),
                _ => None,
            };
            if let Some(expects) = expects {
                self.collection_tags.push((tag.span, expects));
            }
        }
        match &node.value {
            Value::Scalar { style, .. } => {
                if !node.span.is_empty() {
                    self.scalars.push(Scalar {
                        span: node.span,
                        style: *style,
                        tagged: node.tag.is_some(),
                        timestamp_tag: node
                            .tag
                            .as_ref()
                            .is_some_and(|t| t.core_suffix.as_deref() == Some("timestamp")),
                        place,
                        flow,
                    });
                }
            }
            Value::Alias(_) => {}
            Value::Seq(items) => {
                let flow = flow || text.at(node.span).starts_with('[');
                for item in items {
                    self.walk(doc, text, item, flow, Place::Value);
                }
            }
            Value::Map(entries) => {
                let flow = flow || text.at(node.span).starts_with('{');
                for entry in entries {
                    let unhashable = self.unhashable.len();
                    self.walk(doc, text, &entry.key, flow, Place::Key);
                    let key = doc.resolve(&entry.key);
                    let what = match &key.value {
                        Value::Seq(_) => Some("a list"),
                        Value::Map(_) => Some("a mapping"),
                        _ => None,
                    };
                    if let Some(what) = what {
                        // A key inside this key is part of it (`{{ name }}: x`, a template
                        // placeholder as a key): PyYAML stops at one, reported once, here.
                        self.unhashable.truncate(unhashable);
                        self.unhashable.push((
                            entry.key.span,
                            what,
                            placeholder(doc, node).or(placeholder(doc, key)),
                        ));
                    }
                    self.walk(doc, text, &entry.value, flow, Place::Value);
                    if !entry.key.span.is_empty() {
                        self.keys.push(entry.key.span);
                    } else if flow && implicit_empty_key(text, &entry.key) {
                        self.empty_flow_keys.push(entry.key.span);
                    }
                    if inline_map(text, entry) {
                        self.inline_maps.push(entry.value.span);
                    }
                    if entry.key.resolved() == Some(yaml::Resolved::Merge) {
                        if let Some(what) = bad_merge(doc, &entry.value) {
                            self.bad_merges
                                .push((entry.key.span.to(entry.value.span), what));
                        }
                    }
                }
            }
        }
    }
}

/// Whether `entry`'s value is a block mapping that starts on the line of its implicit key (only
/// js-yaml reads one there, after properties: `k: &a x: 1`).
fn inline_map(text: &Text, entry: &yaml::Entry) -> bool {
    // Not an empty one (`key: !!map`, which js-yaml builds as `{}`).
    let Value::Map(entries) = &entry.value.value else {
        return false;
    };
    if entries.is_empty() {
        return false;
    }
    let (key_end, value_start) = (
        text.local(entry.key.span.end),
        text.local(entry.value.span.start),
    );
    let between = text.text.get(key_end..value_start).unwrap_or_default();
    !text.at(entry.value.span).starts_with('{')
        && value_start > key_end
        && !between.contains(['\n', '\r'])
        && !explicit(text.text.as_bytes(), text.local(entry.key.span.start))
}

/// A `---` glued to what follows it (`---#`, `---a`) after directives: the document start to
/// js-yaml, a plain scalar to PyYAML, which then throws "expected '<document start>', but found
/// '<scalar>'". Without directives both read the document (gatelint's YAML reading patches it
/// so for granit), and PyYAML then reads the `---…` line as text: another matter. And a `...`
/// before any content: an empty document to js-yaml, "expected the node content, but found
/// '<document end>'" to PyYAML.
fn document_markers(text: &Text, out: &mut Vec<Finding>) {
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
        if !directives && glued && key_after {
            glued_key_then_indented(text, rest, out);
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
fn directive_error(directive: &str) -> Option<(usize, String)> {
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

/// After `---key: value` on the first line (no directive before it), js-yaml reads the mapping
/// at the key's column, so an indented `other: value` below is its next key; PyYAML reads
/// `---key` as a key at column 0 and the indented lines as more of its value, which then holds
/// a `: ` and throws (`mapping values are not allowed here`), at the first such line.
fn glued_key_then_indented<'t>(
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

/// Each line of `text` with its offset, without its line break.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= text.len() {
            return None;
        }
        let rest = text.get(at..)?;
        let len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let start = at;
        at += len
            + if rest.get(len..)?.starts_with("\r\n") {
                2
            } else {
                1
            };
        Some((start, rest.get(..len)?))
    })
}

/// Whether `key`, an empty key in a flow collection, was left out before its `:` (`{x, : 1}`):
/// the byte before it, blanks and line breaks skipped, opens the collection or ends an entry.
/// After `?` (an explicit key) PyYAML reads the empty key too.
fn implicit_empty_key(text: &Text, key: &Node) -> bool {
    if key.tag.is_some() || key.anchor != 0 {
        return false;
    }
    let before = text
        .text
        .get(..text.local(key.span.start))
        .unwrap_or_default();
    matches!(
        before
            .trim_end_matches([' ', '\t', '\n', '\r'])
            .as_bytes()
            .last(),
        Some(b'{' | b'[' | b',')
    )
}

/// What PyYAML finds under a merge key that it cannot merge (`SafeConstructor.flatten_mapping`
/// takes a mapping or a list of mappings, aliases followed), when it cannot.
fn bad_merge(doc: &Document, value: &Node) -> Option<&'static str> {
    let kind = |node: &Node| match &doc.resolve(node).value {
        Value::Map(_) => None,
        Value::Seq(_) => Some("a list"),
        _ => Some("a scalar"),
    };
    match &doc.resolve(value).value {
        Value::Map(_) => None,
        Value::Seq(items) => items.iter().find_map(kind),
        _ => Some("a scalar"),
    }
}

/// Characters PyYAML's reader refuses anywhere in the stream, even inside quotes or a comment:
/// everything but tab, line feed, carriage return, printable ASCII, NEL, and U+00A0 up (less
/// the surrogates and U+FFFE, U+FFFF). js-yaml refuses most of them only outside quotes.
fn pyyaml_printable(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

fn non_printable(text: &Text, out: &mut Vec<Finding>) {
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

/// The start of the line holding `at` (a local offset).
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

/// An anchor `&name` found between the scalars.
struct Anchor<'t> {
    name: &'t str,
    span: Span,
}

/// Reads the text outside the scalars (and inside the plain and block ones, for tabs): tabs
/// where PyYAML allows none, and anchor and alias names it cannot read. Returns the anchors.
fn gaps<'t>(text: &Text<'t>, tree: &Tree, out: &mut Vec<Finding>) -> Vec<Anchor<'t>> {
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
    let mut at = 0;
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
        let previous = at.checked_sub(1).and_then(|i| bytes.get(i)).copied();
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
                anchor_name(b, name, span, out);
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
fn scalar_tabs(text: &Text, scalar: &Scalar, tabs: &mut Vec<usize>) {
    let start = text.local(scalar.span.start);
    let body = text.at(scalar.span);
    match scalar.style {
        Style::Plain => tabs.extend(body.match_indices('\t').map(|(i, _)| start + i)),
        Style::Literal | Style::Folded => {
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
fn tab(text: &Text, at: usize, between_tokens: bool) -> Finding {
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

/// Whether the tab sits between two characters of one plain value (`He<tab>llo`).
fn inside_word(before: &[u8], after: &[u8]) -> bool {
    let prev = before.last().copied();
    let next = after.first().copied();
    matches!(prev, Some(c) if !matches!(c, b' ' | b'\t'))
        && matches!(next, Some(c) if !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
}

/// PyYAML reads an anchor or alias name as letters, digits, `-` and `_` only, and throws when
/// another character follows but for a few that end it (`Scanner.scan_anchor`).
fn anchor_name(indicator: u8, name: &str, span: Span, out: &mut Vec<Finding>) {
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

fn suggest_anchor(name: &str) -> String {
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

fn duplicate_anchors(anchors: &[Anchor], out: &mut Vec<Finding>) {
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
fn unicode_break(c: char) -> bool {
    matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// NEL, U+2028 and U+2029 outside quotes end a line for PyYAML. The text is read again with
/// each of them as a line feed: when that no longer parses, PyYAML throws.
fn line_breaks(text: &Text, tree: &Tree, out: &mut Vec<Finding>) {
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
        // Parsed: a root mapping (or nothing) must stay one, or Python gets no dict.
        Ok(doc) => match doc.root.as_ref().map(|root| doc.resolve(root)) {
            None => return,
            Some(root) if root.entries().is_some() => return,
            Some(root) if root.resolved() == Some(yaml::Resolved::Null) => return,
            Some(_) => (rewritten.len(), "the front matter is no longer a mapping"),
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

fn long_key(text: &Text, key: &Span, out: &mut Vec<Finding>) {
    let bytes = text.text.as_bytes();
    let end = text.local(key.end);
    // The `:` after the key and its blanks; none for an explicit key (`? key`).
    let colon = bytes
        .get(end..)
        .unwrap_or_default()
        .iter()
        .position(|&c| c != b' ')
        .map(|i| end + i);
    if colon.and_then(|i| bytes.get(i)) != Some(&b':') {
        return;
    }
    let Some(colon) = colon else { return };
    let start = key_start(text.text, text.local(key.start));
    if explicit(bytes, start) {
        return;
    }
    let chars = text
        .text
        .get(start..colon)
        .unwrap_or_default()
        .chars()
        .count();
    if chars <= KEY_LIMIT {
        return;
    }
    let shown = clip(text.text.get(start..colon).unwrap_or_default().trim_end());
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            text.span(start, colon),
            format!(
                "{WHO}: the key `{shown}` runs {chars} characters to its `:`, and PyYAML reads \
                 a key without `?` only up to {KEY_LIMIT}"
            ),
        )
        .label(format!("{chars} characters"))
        .help(
            "write it as an explicit key: `? ` before the key, and its `: value` on the next line",
        ),
    );
}

/// Where PyYAML's key starts: at its anchor or tag when it has one (`&a key: …`).
fn key_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = start;
    loop {
        let before = bytes.get(..start).unwrap_or_default();
        let word_end = before.iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
        if word_end == start {
            return start;
        }
        let word_start = bytes
            .get(..word_end)
            .unwrap_or_default()
            .iter()
            .rposition(|&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','))
            .map_or(0, |i| i + 1);
        match bytes.get(word_start) {
            Some(b'&' | b'!') => start = word_start,
            _ => return start,
        }
    }
}

/// Whether the key at `start` follows a `?` (an explicit key), with only blanks between.
fn explicit(bytes: &[u8], start: usize) -> bool {
    let before = bytes.get(..start).unwrap_or_default();
    before
        .iter()
        .rev()
        .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b'?')
}

/// A long text shortened for a message.
fn clip(text: &str) -> String {
    const MAX: usize = 40;
    let shown: String = text.chars().take(MAX).collect();
    if shown.len() < text.len() {
        format!("{shown}…")
    } else {
        shown
    }
}

/// What PyYAML's `SafeLoader` resolves a plain scalar to, by its implicit resolvers (YAML 1.1),
/// in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Python {
    Bool,
    Float,
    Int,
    Merge,
    Null,
    Timestamp,
    Value,
    Str,
}

fn resolve(text: &str) -> Python {
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?",
            r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
            r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ))
    });
    static INT: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)",
            r"|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
        ))
    });
    // Every pattern below starts with one of these bytes (or matches the empty string).
    let first = text.as_bytes().first().copied();
    let first_in = |set: &[u8]| first.is_none_or(|b| set.contains(&b));
    // PyYAML's bool and null patterns, as plain matches (`^(?:yes|Yes|YES|…)$`, `^(?:~|null|…|)$`).
    if matches!(
        text,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) {
        return Python::Bool;
    }
    if first_in(b"-+0123456789.") && FLOAT.is_match(text) {
        return Python::Float;
    }
    if first_in(b"-+0123456789") && INT.is_match(text) {
        return Python::Int;
    }
    if text == "<<" {
        return Python::Merge;
    }
    if matches!(text, "~" | "null" | "Null" | "NULL" | "") {
        return Python::Null;
    }
    if timestamp(text).is_some() {
        return Python::Timestamp;
    }
    if text == "=" {
        return Python::Value;
    }
    Python::Str
}

fn pattern(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| unreachable!("PyYAML resolver pattern: {e}"))
}

/// PyYAML's timestamp, when `text` is one: its parts, as `construct_yaml_timestamp` reads them.
struct Stamp {
    year: u32,
    month: u32,
    day: u32,
    /// Hour, minute, second, and the time zone's offset in minutes.
    time: Option<(u32, u32, u32, u32)>,
}

fn timestamp(text: &str) -> Option<Stamp> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"));
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?)",
            r":([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?",
            r"(?:[ \t]*(?:Z|[-+]([0-9][0-9]?)(?::([0-9]{2}))?))?$"
        ))
    });
    // Both patterns start with four digits and a `-`: most scalars are not dates, and the
    // regexes cost far more than this look (this rule runs on every plain scalar).
    if !text.as_bytes().get(..5).is_some_and(|b| {
        b.get(..4).is_some_and(|d| d.iter().all(u8::is_ascii_digit)) && b.get(4) == Some(&b'-')
    }) {
        return None;
    }
    let number = |c: &regex::Captures, i: usize| -> Option<u32> {
        c.get(i).map_or(Some(0), |m| m.as_str().parse().ok())
    };
    if let Some(c) = DATE.captures(text) {
        return Some(Stamp {
            year: number(&c, 1)?,
            month: number(&c, 2)?,
            day: number(&c, 3)?,
            time: None,
        });
    }
    let c = STAMP.captures(text)?;
    Some(Stamp {
        year: number(&c, 1)?,
        month: number(&c, 2)?,
        day: number(&c, 3)?,
        time: Some((
            number(&c, 4)?,
            number(&c, 5)?,
            number(&c, 6)?,
            number(&c, 7)? * 60 + number(&c, 8)?,
        )),
    })
}

/// Why Python's `datetime` refuses the timestamp, as its `ValueError` says.
fn bad_timestamp(stamp: &Stamp) -> Option<&'static str> {
    let leap = stamp.year.is_multiple_of(4)
        && (!stamp.year.is_multiple_of(100) || stamp.year.is_multiple_of(400));
    let days = match stamp.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if stamp.year == 0 {
        return Some("year 0 is out of range");
    }
    if !(1..=12).contains(&stamp.month) {
        return Some("month must be in 1..12");
    }
    if !(1..=days).contains(&stamp.day) {
        return Some("day is out of range for month");
    }
    let (hour, minute, second, zone) = stamp.time?;
    if hour > 23 {
        return Some("hour must be in 0..23");
    }
    if minute > 59 {
        return Some("minute must be in 0..59");
    }
    if second > 59 {
        return Some("second must be in 0..59");
    }
    if zone >= 24 * 60 {
        return Some("the time zone offset must be under 24 hours");
    }
    None
}

/// A plain scalar PyYAML resolves to a type it then fails to build.
fn scalar_value(text: &Text, scalar: &Scalar, out: &mut Vec<Finding>) {
    if scalar.style != Style::Plain {
        return;
    }
    let written = text.at(scalar.span);
    if scalar.flow && written.starts_with(':') {
        let shown = clip(written);
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                scalar.span,
                format!(
                    "{WHO}: inside `[ ]` or `{{ }}`, PyYAML reads the `:` that starts `{shown}` \
                     as a key's colon"
                ),
            )
            .label("starts with `:`")
            .help(format!("quote it: `'{}'`", written.replace('\'', "''"))),
        );
        return;
    }
    if scalar.tagged && !scalar.timestamp_tag {
        return;
    }
    let python = if scalar.timestamp_tag {
        Python::Timestamp
    } else {
        resolve(written)
    };
    let why = match python {
        Python::Value if scalar.place != Place::Key => {
            "PyYAML resolves a lone unquoted `=` to YAML 1.1's `value` type, which it cannot build"
                .to_string()
        }
        Python::Merge if scalar.place != Place::Key => {
            "PyYAML resolves an unquoted `<<` outside a key to a merge, which it cannot build"
                .to_string()
        }
        Python::Int if no_digits(written) => format!(
            "PyYAML reads `{}` as an integer with no digits (`ValueError: invalid literal \
             for int()`)",
            clip(written)
        ),
        Python::Timestamp => match timestamp(written).as_ref().and_then(bad_timestamp) {
            Some(why) => format!(
                "PyYAML reads `{}` as a date and cannot build it (`ValueError: {why}`)",
                clip(written)
            ),
            None => return,
        },
        _ => return,
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            scalar.span,
            format!("{WHO}: {why}"),
        )
        .label("PyYAML cannot build this")
        .help(format!(
            "quote it, `'{}'`, so that every parser reads a string",
            written.replace('\'', "''")
        )),
    );
}

/// `0x_`, `-0b__`: PyYAML's integer pattern allows them, `int()` does not.
fn no_digits(written: &str) -> bool {
    let body = written.trim_start_matches(['-', '+']);
    let digits = body.strip_prefix("0x").or_else(|| body.strip_prefix("0b"));
    digits.is_some_and(|d| d.chars().all(|c| c == '_'))
}

/// `ModelCard.load` passes the top-level mapping to `ModelCardData(**data)`: a key that PyYAML
/// reads as anything but a string (`yes:`, `1:`, `null:`, `2024-01-01:`) makes it throw
/// `TypeError: keywords must be strings` (`metadata_load` still loads the card). A key that is
/// an alias (`*year :`) is the anchored scalar, reported at the alias.
fn top_level_keys(doc: &Document, entries: &[yaml::Entry], out: &mut Vec<Finding>) {
    for entry in entries {
        let key = &entry.key;
        let node = doc.resolve(key);
        if node.tag.is_some() || node.style() != Some(Style::Plain) {
            continue;
        }
        let Some(written) = node.scalar() else {
            continue;
        };
        let what = match resolve(written) {
            Python::Bool => "a boolean",
            Python::Int | Python::Float => "a number",
            Python::Null => "`None`",
            Python::Timestamp => "a date",
            _ => continue,
        };
        let (span, shown) = if key.span.is_empty() {
            (entry.value_span(), "an empty key".to_string())
        } else {
            (key.span, format!("the top-level key `{}`", clip(written)))
        };
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "`huggingface_hub`'s `ModelCard.load` cannot load this front matter: PyYAML \
                     reads {shown} as {what}, and card metadata keys must be strings \
                     (`TypeError: keywords must be strings`)"
                ),
            )
            .label(format!("{what} to PyYAML"))
            .help(if key.span.is_empty() {
                "give the key a name".to_string()
            } else {
                format!(
                    "quote the key, `'{}':`, or rename it",
                    written.replace('\'', "''")
                )
            }),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(yaml: &str) -> Vec<String> {
        let card = format!("---\n{yaml}\n---\n");
        crate::rules::lint(card.as_bytes())
            .into_iter()
            .filter(|f| f.rule == Rule::PythonYamlIncompatible)
            .map(|f| f.message)
            .collect()
    }

    #[track_caller]
    fn expect(yaml: &str, n: usize) {
        let found = findings(yaml);
        assert_eq!(found.len(), n, "{yaml:?}: {found:#?}");
    }

    #[test]
    fn glued_document_start_then_an_indented_key() {
        // PyYAML: `mapping values are not allowed here` at the second line's `:`.
        let found = findings("---extra_gated_prompt: x\n   extra_gated_heading: y");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("glued to the first key"), "{found:#?}");
        // Alone, or with the next key at column 0 (js-yaml throws: yaml-syntax-error), or a
        // list item below: not this cause.
        expect("---extra_gated_prompt: x", 0);
        expect("--- \nextra_gated_prompt: x\n", 0);
    }

    #[test]
    fn a_top_level_alias_key_is_its_anchored_scalar() {
        // PyYAML reads `*year` as the integer 2024: `keywords must be strings`.
        let found = findings("release: &year 2024\n*year : the year");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(found[0].contains("`2024` as a number"), "{found:#?}");
        expect("release: &name acme\n*name : the name", 0);
    }

    /// The rule with its shortcut and without, on one card: the findings of each, and whether
    /// the shortcut was taken; `None` when the front matter does not parse.
    fn both_ways(card: &[u8]) -> Option<(Vec<Finding>, Vec<Finding>, bool)> {
        let prefix = crate::read::prefix_of(card);
        crate::card::with(&prefix, |card| {
            let crate::card::Yaml::Parsed(doc) = card.yaml else {
                return None;
            };
            let (mut fast, mut full) = (Vec::new(), Vec::new());
            check(card.front_matter, doc, &mut fast);
            check_all(card.front_matter, doc, &mut full);
            let quiet = text_of(card.front_matter).is_some_and(|t| {
                let bytes = t.text.as_bytes();
                assert_eq!(quiet(bytes), quiet_reference(bytes), "{:?}", t.text);
                quiet(bytes)
            });
            Some((fast, full, quiet))
        })
    }

    fn texts_under(dir: &std::path::Path, out: &mut Vec<(String, Vec<u8>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                texts_under(&path, out);
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            match path.extension().and_then(|e| e.to_str()) {
                Some("md") => out.push((path.display().to_string(), bytes)),
                Some("yaml" | "yml") => {
                    let mut card = b"---\n".to_vec();
                    card.extend_from_slice(&bytes);
                    card.extend_from_slice(b"\n---\n");
                    out.push((path.display().to_string(), card));
                }
                _ => {}
            }
        }
    }

    /// The shortcut (`quiet`) never hides a finding: on every fixture, parity case and preview
    /// card, the rule finds with it what it finds without it.
    #[test]
    fn quiet_hides_nothing_in_the_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut cards = Vec::new();
        for dir in [
            "fixtures",
            "tests/parity/cases",
            "tests/preview-cards",
            "docs",
        ] {
            texts_under(&root.join(dir), &mut cards);
        }
        assert!(cards.len() > 300, "fixtures not found: {}", cards.len());
        let (mut parsed, mut quiet_ones, mut found) = (0, 0, 0);
        for (name, card) in &cards {
            let Some((fast, full, quiet)) = both_ways(card) else {
                continue;
            };
            assert_eq!(fast, full, "{name}");
            parsed += 1;
            quiet_ones += usize::from(quiet);
            found += usize::from(!full.is_empty());
        }
        // Both ways are exercised: cards the shortcut skips, and cards with findings.
        assert!(
            parsed > 200 && quiet_ones > 50 && found > 20,
            "{parsed} {quiet_ones} {found}"
        );
    }

    /// Each cause, written so that the shortcut would be tempted: the full rule finds it, and so
    /// does the rule with the shortcut.
    #[test]
    fn quiet_sees_each_cause() {
        let long = "k".repeat(1100);
        let cases = [
            "a:\tb".to_string(),
            "a: x\u{7f}".into(),
            "a: x\u{80}".into(),
            "a: x\u{2028}y".into(),
            "a: x\u{feff}".into(),
            "a: &x.y 1".into(),
            "a: *x.y".into(),
            "a: !!map".into(),
            "a:\n  b: !!seq".into(),
            "a: <<".into(),
            "a: =".into(),
            "a: [:b]".into(),
            "a: {b: :c}".into(),
            "a: 0x_".into(),
            "a: -0b__".into(),
            "a: 2024-02-30".into(),
            "a: [2024-02-30]".into(),
            "a: {b:2024-02-30}".into(),
            "[a]: 1".into(),
            "{a: 1}: 1".into(),
            "x: {[a]\n: 1}".into(),
            "? [a]\n: 1".into(),
            "? - a\n: 1".into(),
            "a: &x b: 1".into(),
            "a: !!str : 1".into(),
            "%YAML 1.2\n---#".into(),
            "...\n# c".into(),
            "---a: x\n   b: y".into(),
            format!("{long}: v"),
            format!("x: {{\"{long}\n  {long}\": v}}"),
            format!("x: {{'{long}\n  {long}': v}}"),
            format!("x: {{\"a\\\"\n  {long}\\\"\": v}}"),
            format!("x: {{'a\n  {long}''b': v}}"),
            format!("x: {{a\n  {long}: v}}"),
            format!("x: [a\n  {}: v]", "k ".repeat(600)),
            format!("x: {{y: z, {}\n  {}: v}}", "k".repeat(600), "k".repeat(600)),
        ];
        let mut found = 0;
        for case in &cases {
            let card = format!("---\n{case}\n---\n");
            let Some((fast, full, quiet)) = both_ways(card.as_bytes()) else {
                continue;
            };
            assert_eq!(fast, full, "{case:?}");
            assert!(!quiet || full.is_empty(), "{case:?}");
            found += usize::from(!full.is_empty());
        }
        assert!(found >= 20, "{found} of {} cases found", cases.len());
        assert!(quiet(
            b"license: mit\ntags:\n- a\n- b\nx: [a, b]\n\"k\": v\n"
        ));
    }

    proptest::proptest! {
        /// Generated front matter, built from the bytes each cause needs: the rule finds the
        /// same with the shortcut as without it.
        #[test]
        fn quiet_hides_nothing(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", "b c", "k", ": ", ":", "\n", "\n  ", "\n    ", "- ", "[", "]", "{", "}", ", ", ",",
            "\"", "'", "''", "\\\"", "? ", "*x", "&x", "&x.y", "!!map", "!!timestamp ", "<<",
            "=", "0x_", "-0b_", "2024-02-30", "2024-1-1 25:00:00", "\t", " # c", "\u{85}",
            "\u{2028}", "é", "\u{1}", "1024", "x", "yes", "~",
        ]), 0..40), long in 0usize..3) {
            let mut text: String = parts.concat();
            if long > 0 {
                let filler = if long == 1 { "k".repeat(520) } else { "k ".repeat(300) };
                text = text.replacen('k', &filler, 2);
            }
            let card = format!("---\n{text}\n---\n");
            if let Some((fast, full, _)) = both_ways(card.as_bytes()) {
                proptest::prop_assert_eq!(fast, full, "{:?}", text);
            }
        }
    }

    proptest::proptest! {
        /// The shortcut answers as its one-pass reference on any text built from the bytes it
        /// looks at, parsed or not.
        #[test]
        fn quiet_answers_as_its_reference(parts in proptest::collection::vec(proptest::sample::select(vec![
            "a", " ", "k", ":", ": ", "\n", "\r", "- ", "-", "_", "0x", "0b", "[", "]", "{", "}",
            ",", "\"", "'", "\\", "?", "*", "&", "!", "=", "<", "#", "\t", "2024", "1", "\u{85}", "{{",
            "\u{2028}", "\u{fffe}", "é", "\u{1}", "\u{7f}",
        ]), 0..60), long in 0usize..4) {
            let mut text: String = parts.concat();
            if long > 0 {
                let filler = match long {
                    1 => "k".repeat(520),
                    2 => "k ".repeat(300),
                    _ => "k\n".repeat(200),
                };
                text = text.replacen('k', &filler, 3);
            }
            proptest::prop_assert_eq!(quiet(text.as_bytes()), quiet_reference(text.as_bytes()), "{:?}", text);
        }
    }

    #[test]
    fn resolves_like_pyyaml() {
        assert_eq!(resolve("yes"), Python::Bool);
        assert_eq!(resolve("1_000"), Python::Int);
        assert_eq!(resolve("1e3"), Python::Str);
        assert_eq!(resolve("1.0e+3"), Python::Float);
        assert_eq!(resolve(""), Python::Null);
        assert_eq!(resolve("2024-1-1"), Python::Str);
        assert_eq!(resolve("2024-1-1 1:00:00"), Python::Timestamp);
        assert_eq!(resolve("="), Python::Value);
        assert_eq!(resolve("0x_"), Python::Int);
    }

    #[test]
    fn finds_each_cause() {
        expect("a:\tb", 1);
        expect("a: b\t", 1);
        expect("a: 'b\tc'", 0);
        expect("a: |\n  b\tc", 0);
        expect("a: 1 # c\td", 0);
        expect(&format!("{}: v", "k".repeat(1025)), 1);
        expect(&format!("{}: v", "k".repeat(1024)), 0);
        expect(&format!("? {}\n: v", "k".repeat(1025)), 0);
        expect("a: x\u{2028}y", 1);
        expect("a: x\u{85}", 0);
        expect("a: =", 1);
        for (len, long) in [(1024, false), (1025, true)] {
            for before in [0, 1, 511, 512, 513, 1000] {
                let text = format!("{}\n{}", "b".repeat(before), "c".repeat(len));
                assert_eq!(has_long_line(text.as_bytes()), long, "{before} {len}");
                let crlf = format!("{}\r{}\r\n", "b".repeat(before), "c".repeat(len));
                assert_eq!(has_long_line(crlf.as_bytes()), long, "{before} {len}");
            }
        }
        expect("a: {x\n ,: 1}", 1);
        expect("a: {x, : 1}", 1);
        expect("a: {: 1}", 1);
        expect("a: [x, : 1]", 1);
        expect("a: {? : 1}", 0);
        expect("a: {x: 1, y: }", 0);
        expect("a: {x, y}", 0);
        expect("=: a", 0);
        expect("a: 2024-02-30", 1);
        expect("a: 2024-02-29", 0);
        expect("a: &x.y 1", 1);
        expect("a: &x 1\nb: &x 2", 1);
        expect("[a]: 1", 1);
        expect("a: [:b]", 1);
        expect("yes: 1", 1);
        expect("a: &x b: 1", 1);
        expect("a: !!str : 1\nb: 2", 1);
        expect("- a: &x 'b': 1", 1);
        expect("a: &x\n  b: 1", 0);
        // Only the collection tag: an empty mapping is no mapping on its key's line.
        expect("a: !!map\nb: 1", 1);
        expect("? a\n: b: 1", 0);
        expect("%YAML 1.2\n---#", 1);
        expect("%YAML 1.2\n--- #", 0);
        expect("...\n# c", 1);
        expect("---\n...\n# c", 0);
    }
}
