//! The located tree: every key and value with its byte span (counted from the start of the file),
//! raw style and tag. Anchors and aliases are kept as nodes and never expanded;
//! [`Document::resolve`] follows one alias one step.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;

use crate::span::Span;

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
    pub(super) resolved: Option<Resolved>,
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
    /// `!!binary`: bytes (a `Uint8Array`) to js-yaml, not a string.
    Binary,
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
            Resolved::Binary => "binary data",
        }
    }
}

impl<'a> Node<'a> {
    /// The node with every text owned, for a tree read from a patched copy of the source (see
    /// `granit.rs`), which must not borrow from that copy.
    pub(super) fn into_owned(self) -> Node<'static> {
        let value = match self.value {
            Value::Scalar { text, style } => Value::Scalar {
                text: Cow::Owned(text.into_owned()),
                style,
            },
            Value::Seq(items) => Value::Seq(items.into_iter().map(Node::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|e| Entry {
                        key: e.key.into_owned(),
                        value: e.value.into_owned(),
                    })
                    .collect(),
            ),
            Value::Alias(id) => Value::Alias(id),
        };
        Node {
            span: self.span,
            tag: self.tag,
            anchor: self.anchor,
            value,
            resolved: self.resolved,
        }
    }

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

/// One parsed front matter.
#[derive(Debug)]
pub struct Document<'a> {
    /// `None` for an empty document (nothing but comments or blank lines).
    pub root: Option<Node<'a>>,
    /// Where each anchored node is, so that [`Document::resolve`] costs the alias's depth.
    pub(super) anchors: Anchors,
    /// Work left for applying merge keys (`<<`) over the whole document: see
    /// `gate::merged_entries`. Merges of merges of aliases grow exponentially, and every field
    /// merging one big mapping grows quadratically; past this budget, merges are not applied.
    pub merge_budget: Cell<usize>,
    /// Whether any node carries a tag (the fast path reads no tagged document).
    pub(super) tagged: bool,
    /// The YAML text, by file offsets: what the nodes' spans slice.
    pub source: Source<'a>,
    /// The file offset of the first entry js-yaml reads right after a quoted value's closing
    /// quote (`t: '…\n'a: 1`), which PyYAML refuses (`expected <block end>`); `None` mostly.
    pub key_after_quote: Option<usize>,
    /// The file offset of the first list entry js-yaml reads as the next entry of the list
    /// above although it is less indented, after an empty entry (`s:\n  -\n- a`), which PyYAML
    /// refuses (`expected <block end>`); `None` mostly.
    pub dedented_entry: Option<usize>,
}

/// The merge work allowed per document (entries copied and mappings visited).
pub const MERGE_BUDGET: usize = 100_000;

/// The paths from the root to the anchored nodes, as a trie of child steps: in a sequence the
/// item's index, in a mapping `2 × entry` for its key and `2 × entry + 1` for its value.
/// Searching the tree for every alias instead made 50 000 aliases take a minute.
#[derive(Debug, Default)]
pub(super) struct Anchors {
    /// `(parent, step)`; the root's parent is [`NO_PARENT`].
    pub(super) steps: Vec<(u32, u32)>,
    /// Anchor id → its node's entry in `steps`.
    pub(super) by_id: HashMap<usize, u32>,
}

pub(super) const NO_PARENT: u32 = u32::MAX;

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

    /// The node that defines anchor `id`, if any.
    pub fn anchor_node(&self, id: usize) -> Option<&Node<'a>> {
        self.anchored(id)
    }

    /// Every alias of the document (merge values `<<: *x` included) as anchor id → the aliases'
    /// spans, in document order: the places that share each anchored node. One walk over the
    /// tree, never following an alias.
    pub fn aliases(&self) -> HashMap<usize, Vec<Span>> {
        let mut out: HashMap<usize, Vec<Span>> = HashMap::new();
        let mut stack: Vec<&Node<'a>> = self.root.iter().collect();
        while let Some(node) = stack.pop() {
            match &node.value {
                Value::Alias(id) => out.entry(*id).or_default().push(node.span),
                Value::Seq(items) => stack.extend(items.iter().rev()),
                Value::Map(entries) => {
                    for entry in entries.iter().rev() {
                        stack.push(&entry.value);
                        stack.push(&entry.key);
                    }
                }
                Value::Scalar { .. } => {}
            }
        }
        out
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

/// The YAML text of a document and the file offset it starts at, so that a span (which counts
/// from the start of the file) slices it. Outside the YAML there is nothing: the byte before it
/// is always the opening fence's line break.
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    text: &'a [u8],
    base: usize,
}

impl<'a> Source<'a> {
    pub fn new(text: &'a str, base: usize) -> Self {
        Source {
            text: text.as_bytes(),
            base,
        }
    }

    /// The text under `span`; empty where it leaves the YAML.
    pub fn slice(&self, span: Span) -> &'a [u8] {
        self.text
            .get(span.start.saturating_sub(self.base)..span.end.saturating_sub(self.base))
            .filter(|_| span.start >= self.base)
            .unwrap_or_default()
    }

    /// The byte at file offset `at`.
    pub fn get(&self, at: usize) -> Option<u8> {
        self.text.get(at.checked_sub(self.base)?).copied()
    }

    /// Where the line holding file offset `at` starts (the YAML's first line starts at the YAML).
    pub fn line_start(&self, at: usize) -> usize {
        let before = self
            .text
            .get(..at.saturating_sub(self.base))
            .unwrap_or_default();
        before
            .iter()
            .rposition(|&c| c == b'\n' || c == b'\r')
            .map_or(self.base, |i| self.base + i + 1)
    }
}
