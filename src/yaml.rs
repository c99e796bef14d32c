//! The located YAML tree: every key and value with its byte span, raw style and tag.
//!
//! granit-parser is used here and nowhere else, so it can be swapped. The tree keeps anchors and
//! aliases as nodes and never expands them; [`Document::resolve`] follows one alias one step.
//! Scalars are resolved with [`resolve`] as js-yaml 4 (the Hub's parser) resolves them: the YAML
//! 1.2 core schema, where `yes`, `no`, `on` and `off` are strings.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;

use granit_parser::{Event, Options, Parser, ScalarStyle, ScanError, Span as GSpan};

use crate::span::Span;

mod fast;

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Style {
    pub fn is_plain(self) -> bool {
        self == Style::Plain
    }
}

/// An explicit tag on a node, as written (`!!python/tuple`, `!custom`) and as resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    /// The tag as written in the source, e.g. `!!python/tuple`.
    pub written: String,
    /// The suffix under `tag:yaml.org,2002:` when the tag is in that namespace (`str`, `map`, …).
    pub core_suffix: Option<String>,
    /// True for the non-specific tag `!`.
    pub non_specific: bool,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct Node<'a> {
    pub span: Span,
    /// Boxed: tags are rare, and a small node is cheap to move.
    pub tag: Option<Box<Tag>>,
    /// The anchor id defined on this node, 0 for none.
    pub anchor: usize,
    pub value: Value<'a>,
    /// What js-yaml makes of this scalar, computed once: resolving is linear in the text, and an
    /// alias to a megabyte scalar may be resolved thousands of times.
    resolved: Option<Resolved>,
}

#[derive(Clone, Debug)]
pub enum Value<'a> {
    Scalar {
        text: Cow<'a, str>,
        style: Style,
    },
    Seq(Vec<Node<'a>>),
    Map(Vec<Entry<'a>>),
    /// `*name`: refers to the node whose `anchor` is this id.
    Alias(usize),
}

#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub key: Node<'a>,
    pub value: Node<'a>,
}

/// What a scalar means to js-yaml 4 (default schema).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Null,
    Bool(bool),
    Int,
    Float,
    Timestamp,
    Merge,
    Str,
}

impl Resolved {
    /// The word a message uses for it.
    pub fn describe(self) -> &'static str {
        match self {
            Resolved::Null => "null",
            Resolved::Bool(_) => "a boolean",
            Resolved::Int => "a number",
            Resolved::Float => "a number",
            Resolved::Timestamp => "a date",
            Resolved::Merge => "a merge key",
            Resolved::Str => "a string",
        }
    }
}

impl<'a> Node<'a> {
    /// The scalar's text, if this is a scalar.
    pub fn scalar(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn style(&self) -> Option<Style> {
        match &self.value {
            Value::Scalar { style, .. } => Some(*style),
            _ => None,
        }
    }

    pub fn entries(&self) -> Option<&[Entry<'a>]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node<'a>]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// What js-yaml makes of this node, for scalars; `None` for collections and aliases.
    pub fn resolved(&self) -> Option<Resolved> {
        match &self.value {
            Value::Scalar { .. } => self.resolved,
            _ => None,
        }
    }

    /// True when this scalar is a string to the Hub.
    pub fn is_string(&self) -> bool {
        self.resolved() == Some(Resolved::Str)
    }

    /// The string value, when the Hub reads a string here.
    pub fn as_str(&self) -> Option<&str> {
        if self.is_string() {
            self.scalar()
        } else {
            None
        }
    }

    /// A short description of the node's kind, for messages: "a list", "a mapping", "null", …
    pub fn describe(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => self.resolved().map_or("a scalar", Resolved::describe),
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
            Value::Alias(_) => "an alias",
        }
    }

    /// The value of `key` in this mapping (the first, if repeated).
    pub fn get(&self, key: &str) -> Option<&Entry<'a>> {
        self.entries()?.iter().find(|e| e.key.scalar() == Some(key))
    }
}

/// One parsed front matter.
#[derive(Debug)]
pub struct Document<'a> {
    /// `None` for an empty document (nothing but comments or blank lines).
    pub root: Option<Node<'a>>,
    /// Where each anchored node is, so that [`Document::resolve`] costs the alias's depth.
    anchors: Anchors,
    /// Work left for applying merge keys (`<<`) over the whole document: see
    /// `gate::merged_entries`. Merges of merges of aliases grow exponentially, and every field
    /// merging one big mapping grows quadratically; past this budget, merges are not applied.
    pub merge_budget: Cell<usize>,
    /// Whether any node carries a tag (the fast path reads no tagged document).
    tagged: bool,
}

/// The merge work allowed per document (entries copied and mappings visited).
pub const MERGE_BUDGET: usize = 100_000;

/// The paths from the root to the anchored nodes, as a trie of child steps: in a sequence the
/// item's index, in a mapping `2 × entry` for its key and `2 × entry + 1` for its value.
/// Searching the tree for every alias instead made 50 000 aliases take a minute.
#[derive(Debug, Default)]
struct Anchors {
    /// `(parent, step)`; the root's parent is [`NO_PARENT`].
    steps: Vec<(u32, u32)>,
    /// Anchor id → its node's entry in `steps`.
    by_id: HashMap<usize, u32>,
}

const NO_PARENT: u32 = u32::MAX;

impl<'a> Document<'a> {
    /// Whether any node of the document carries a tag.
    pub fn has_tags(&self) -> bool {
        self.tagged
    }

    /// The node an alias refers to, or the node itself when it is not an alias.
    pub fn resolve<'n>(&'n self, node: &'n Node<'a>) -> &'n Node<'a> {
        match node.value {
            Value::Alias(id) => self.anchored(id).unwrap_or(node),
            _ => node,
        }
    }

    /// The node that defines anchor `id`.
    fn anchored(&self, id: usize) -> Option<&Node<'a>> {
        let mut at = *self.anchors.by_id.get(&id)?;
        let mut path = Vec::new();
        while let Some(&(parent, step)) = self.anchors.steps.get(at as usize) {
            if parent == NO_PARENT {
                break;
            }
            path.push(step as usize);
            at = parent;
        }
        let mut node = self.root.as_ref()?;
        for step in path.into_iter().rev() {
            node = match &node.value {
                Value::Seq(items) => items.get(step)?,
                Value::Map(entries) => {
                    let entry = entries.get(step / 2)?;
                    if step % 2 == 0 {
                        &entry.key
                    } else {
                        &entry.value
                    }
                }
                _ => return None,
            };
        }
        (node.anchor == id).then_some(node)
    }
}

/// A YAML syntax error at a byte offset of the whole file.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    pub message: String,
    pub at: usize,
}

/// Most collections nested in one another that gatelint accepts; granit-parser's own limit. The
/// Hub's js-yaml has no limit of its own but runs out of stack far below 100 000.
pub const NESTING_LIMIT: usize = 255;

/// The longest implicit key gatelint accepts: 64 KiB (YAML says 1024 characters; js-yaml has no
/// limit). Bounded so that a pathological line cannot make the scanner look ahead without end.
pub const SIMPLE_KEY_LIMIT: usize = 64 * 1024;

/// Parses `text`, which starts at byte `base` of the file: with the fast path when it can read
/// the text (see `yaml/fast.rs`), else with granit-parser. Both give the same tree.
pub fn parse(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
    match fast::parse(text, base) {
        Some(doc) => Ok(doc),
        None => parse_granit(text, base),
    }
}

/// The fast path alone: `None` when it leaves the text to granit-parser. For tests and the
/// `fastpath` fuzz target, which check that it agrees with [`parse_granit`].
pub fn parse_fast(text: &str, base: usize) -> Option<Document<'_>> {
    fast::parse(text, base)
}

/// Parses `text` with granit-parser, which reads all of YAML.
pub fn parse_granit(text: &str, base: usize) -> Result<Document<'_>, SyntaxError> {
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
        source: text,
        base,
        stack: Vec::new(),
        levels: Vec::new(),
        anchors: Anchors::default(),
        root: None,
        documents: 0,
        tagged: false,
    };
    for event in Parser::new_from_str_with_options(text, options) {
        match event {
            Ok((event, span)) => builder.event(event, span)?,
            Err(err) => return Err(builder.scan_error(&err, text)),
        }
    }
    let doc = Document {
        root: builder.root,
        anchors: builder.anchors,
        merge_budget: Cell::new(MERGE_BUDGET),
        tagged: builder.tagged,
    };
    if let Some(root) = &doc.root {
        check_merges(&doc, root)?;
    }
    Ok(doc)
}

/// js-yaml throws when a merge key (`<<`) is given something it cannot merge: null, a string, a
/// number or a boolean, alone or in a list (a date, a list or a mapping is accepted).
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
                check_merges(doc, &entry.key)?;
                check_merges(doc, &entry.value)?;
            }
            Ok(())
        }
        Value::Seq(items) => items.iter().try_for_each(|n| check_merges(doc, n)),
        _ => Ok(()),
    }
}

/// A collection being built.
enum Open<'a> {
    Seq(Node<'a>),
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
            Some(Open::Seq(node)) => node.items().map_or(0, <[_]>::len),
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

    fn event(&mut self, event: Event<'a>, span: GSpan) -> Result<(), SyntaxError> {
        let at = self.span(&span);
        match event {
            Event::DocumentStart(..) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(SyntaxError {
                        message: "expected a single document in the front matter, but found more \
                                  (a `---` line inside it starts a second one)"
                            .into(),
                        at: at.start,
                    });
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
                    return Err(SyntaxError {
                        message: "a `:` with no key before it".into(),
                        at: at.start,
                    });
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
            Event::Alias(id) => self.push(Node {
                span: at,
                tag: None,
                anchor: 0,
                value: Value::Alias(id),
                resolved: None,
            }),
            Event::SequenceStart(_, anchor, tag) => {
                let node = Node {
                    span: at,
                    tag: self.tag(tag.as_deref(), &span),
                    anchor,
                    value: Value::Seq(Vec::new()),
                    resolved: None,
                };
                self.open(Open::Seq(node), anchor);
            }
            Event::MappingStart(style, anchor, tag) => {
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
                if let Some(Open::Seq(mut node) | Open::Map(mut node, _, _)) = self.stack.pop() {
                    node.span = node.span.to(at);
                    self.push(node);
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn push(&mut self, node: Node<'a>) {
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::Seq(seq)) => {
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
        let message = err.kind().to_string();
        // granit reports a tab in the next line's indentation at the end of the plain scalar
        // before it; js-yaml (and the author) look at the tab itself.
        let offset = if message.contains("tab") {
            indentation_tab(text, offset).unwrap_or(offset)
        } else {
            offset
        };
        SyntaxError {
            message,
            at: self.base + offset,
        }
    }
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

/// Whether the last non-blank character before `at` is the explicit key indicator `?` (then an
/// empty key is legal: `?` followed by `: value`).
fn after_explicit_key_indicator(text: &str, at: usize) -> bool {
    text.get(..at).and_then(|before| {
        before
            .trim_end_matches([' ', '\t', '\n', '\r'])
            .chars()
            .last()
    }) == Some('?')
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

impl Entry<'_> {
    /// Where to point at the value: its span, or the key's when the value is empty (`key:` with
    /// nothing after it has a zero-width null).
    pub fn value_span(&self) -> Span {
        if self.value.span.is_empty() {
            self.key.span
        } else {
            self.value.span
        }
    }
}

/// What js-yaml 4's default schema makes of a scalar.
pub fn resolve(text: &str, style: Style, tag: Option<&Tag>) -> Resolved {
    if let Some(tag) = tag {
        if tag.non_specific {
            return Resolved::Str;
        }
        return match tag.core_suffix.as_deref() {
            Some("null") => Resolved::Null,
            Some("bool") => Resolved::Bool(matches!(text, "true" | "True" | "TRUE")),
            Some("int") => Resolved::Int,
            Some("float") => Resolved::Float,
            Some("timestamp") => Resolved::Timestamp,
            _ => Resolved::Str,
        };
    }
    if !style.is_plain() {
        return Resolved::Str;
    }
    resolve_plain(text)
}

fn resolve_plain(text: &str) -> Resolved {
    // Most plain scalars are words; only these first characters can start anything but a string.
    match text.as_bytes().first() {
        None => return Resolved::Null,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'<' | b't' | b'T' | b'f' | b'F')
        | Some(b'n' | b'N') => {}
        Some(_) => return Resolved::Str,
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    // No number or date starts with a letter, `~` or `<` (`type`, `text`, `name`, … are common).
    if !matches!(
        text.as_bytes().first(),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.')
    ) {
        return Resolved::Str;
    }
    if is_int(text) {
        Resolved::Int
    } else if is_float(text) {
        Resolved::Float
    } else if is_timestamp(text) {
        Resolved::Timestamp
    } else {
        Resolved::Str
    }
}

/// js-yaml 4's int (4.3, what `npm install js-yaml@4` gives): decimal, `0b`, `0o`, `0x`, an
/// optional sign, no `_` separators (4.1 allowed them; `1_000` is a string to 4.3).
pub fn is_int(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(rest) = body.strip_prefix("0b") {
        return digits(rest, 2);
    }
    if let Some(rest) = body.strip_prefix("0o") {
        return digits(rest, 8);
    }
    if let Some(rest) = body.strip_prefix("0x") {
        return digits(rest, 16);
    }
    digits(body, 10)
}

/// js-yaml 4.3's float: `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`, `\.[0-9]+([eE][-+]?[0-9]+)?`
/// (no sign), `[-+]?.inf`, `.nan`; integers are matched first.
fn is_float(text: &str) -> bool {
    if matches!(
        text.strip_prefix(['-', '+']).unwrap_or(text),
        ".inf" | ".Inf" | ".INF"
    ) || matches!(text, ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (
            text.get(..i).unwrap_or(""),
            Some(text.get(i + 1..).unwrap_or("")),
        ),
        None => (text, None),
    };
    if let Some(exp) = exponent {
        if !all_digits(exp.strip_prefix(['-', '+']).unwrap_or(exp)) {
            return false;
        }
    }
    if let Some(frac) = mantissa.strip_prefix('.') {
        return all_digits(frac);
    }
    let unsigned = mantissa.strip_prefix(['-', '+']).unwrap_or(mantissa);
    match unsigned.split_once('.') {
        Some((int, frac)) => all_digits(int) && (frac.is_empty() || all_digits(frac)),
        None => all_digits(unsigned) && exponent.is_some(),
    }
}

/// js-yaml's timestamp: `YYYY-MM-DD`, or with a time part.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let date = b.len() >= 8
        && (0..4).all(digit)
        && b.get(4) == Some(&b'-')
        && digit(5)
        && (b.get(6) == Some(&b'-') || (digit(6) && b.get(7) == Some(&b'-')));
    if !date {
        return false;
    }
    // A date alone, or a date with a time after `T`, `t` or spaces.
    let date_end = b
        .iter()
        .skip(5)
        .position(|&c| c == b'-')
        .map_or(0, |i| i + 6);
    let rest = text.get(date_end..).unwrap_or("");
    let day_len = rest.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return false;
    }
    let after = rest.get(day_len..).unwrap_or("");
    after.is_empty()
        || (after.starts_with(['T', 't', ' ', '\t'])
            && after
                .trim_start_matches(['T', 't', ' ', '\t'])
                .contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_js_yaml_core() {
        for (text, want) in [
            ("yes", Resolved::Str),
            ("No", Resolved::Str),
            ("on", Resolved::Str),
            ("~", Resolved::Null),
            ("", Resolved::Null),
            ("True", Resolved::Bool(true)),
            ("2024", Resolved::Int),
            ("0x1F", Resolved::Int),
            ("1_000", Resolved::Str),
            ("1e3", Resolved::Float),
            ("1.", Resolved::Float),
            ("-.5", Resolved::Str),
            ("+.inf", Resolved::Float),
            ("0xG", Resolved::Str),
            ("1.5", Resolved::Float),
            (".5", Resolved::Float),
            ("1e5", Resolved::Float),
            ("1.0e5", Resolved::Float),
            ("2024-01-01", Resolved::Timestamp),
            ("2024-1-1", Resolved::Timestamp),
            ("2024-01-01 10:00:00", Resolved::Timestamp),
            ("2024-01-01x", Resolved::Str),
            ("Country", Resolved::Str),
            ("1.2.3", Resolved::Str),
        ] {
            assert_eq!(resolve(text, Style::Plain, None), want, "{text}");
        }
        assert_eq!(resolve("true", Style::SingleQuoted, None), Resolved::Str);
    }

    #[test]
    fn spans_are_file_offsets() {
        let text = "a: 1\nb: [x, 'y']\n";
        let doc = parse(text, 10).unwrap();
        let root = doc.root.unwrap();
        let entries = root.entries().unwrap();
        assert_eq!(entries[1].key.span, Span::new(15, 16));
        let items = entries[1].value.items().unwrap();
        assert_eq!(items[1].span, Span::new(22, 25));
        assert_eq!(items[1].style(), Some(Style::SingleQuoted));
    }

    #[test]
    fn aliases_are_kept_and_resolve_one_step() {
        let doc = parse("a: &x {t: y}\nb: *x\n", 0).unwrap();
        let root = doc.root.as_ref().unwrap();
        let b = &root.entries().unwrap()[1].value;
        assert!(matches!(b.value, Value::Alias(_)));
        assert!(doc.resolve(b).entries().is_some());
    }

    #[test]
    fn errors_carry_file_offsets() {
        let err = parse("a: 1\nb: c: d\n", 100).unwrap_err();
        assert!(err.at >= 105, "{err:?}");
    }
}
