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

mod characters;
mod keys;
mod markers;
mod quiet;
mod resolver;

use characters::*;
use keys::*;
use markers::*;
use quiet::*;
use resolver::*;

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
    dedented_entry(doc, out);
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
        dedented_entry(doc, out);
        check_text(&text, doc, out);
    }
}

/// A list entry less indented than the empty entry above it (`s:\n  -\n- a`): js-yaml reads it
/// as the same list's next entry, PyYAML throws (`expected <block end>, but found '-'`). The
/// YAML reading marks it.
fn dedented_entry(doc: &Document, out: &mut Vec<Finding>) {
    let Some(at) = doc.dedented_entry else {
        return;
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            Span::new(at, at + 1),
            format!(
                "{WHO}: a list entry is less indented than the empty entry above it: js-yaml \
                 reads it as the same list's next entry, PyYAML throws (`expected <block end>, \
                 but found '-'`)"
            ),
        )
        .label("an entry less indented than the list")
        .help("indent the entry as the list's other entries, or remove the empty entry"),
    );
}

/// An entry right after a quoted value's closing quote or a flow collection's closing bracket,
/// on the line where the multi-line value closes (`t: 'a\n b'c: 1`, `s: {\n}c: 1`): js-yaml reads
/// it as the next entry, PyYAML throws (`expected <block end>, but found '<scalar>'`). The YAML
/// reading marks it.
fn key_after_quote(doc: &Document, out: &mut Vec<Finding>) {
    let Some(at) = doc.key_after_quote else {
        return;
    };
    let mut before = at;
    while before > 0 && doc.source.get(before - 1) == Some(b' ') {
        before -= 1;
    }
    let bracket = matches!(
        before.checked_sub(1).and_then(|i| doc.source.get(i)),
        Some(b']' | b'}')
    );
    let (what, label) = if bracket {
        (
            "the closing bracket of a `[…]` or `{…}` value that spans lines",
            "an entry glued to the closing bracket",
        )
    } else {
        (
            "the closing quote of a quoted value that spans lines",
            "an entry glued to the closing quote",
        )
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            Span::new(at, at + 1),
            format!(
                "{WHO}: an entry starts right after {what}: js-yaml reads it as the next entry, \
                 PyYAML throws (`expected <block end>, but found '<scalar>'`)"
            ),
        )
        .label(label)
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
    tree.empty_flow_keys
        .retain(|key| implicit_empty_key(text, key, &tree.scalars));
    non_printable(text, out);
    let anchors = gaps(text, &tree, out);
    duplicate_anchors(&anchors, out);
    line_breaks(text, doc, &tree, out);
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
    for &span in &tree.glued_tags {
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: a verbatim tag (`!<…>`) with no space after it: js-yaml reads the \
                     value right after the `>`, PyYAML throws (`expected ' ', but found …`)"
                ),
            )
            .label("no space after the tag")
            .help("put a space after the `>`, or drop the tag: plain YAML needs none"),
        );
    }
    for &(span, what, tagged) in &tree.bad_merges {
        let finding = if tagged {
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: PyYAML reads a `<<` key tagged `!` as a merge (the tag makes it read \
                     the key as if unquoted; js-yaml reads the text `<<`), merges only a mapping \
                     or a list of mappings, and finds {what} here"
                ),
            )
            .label(format!("a merge of {what} to PyYAML"))
            .help("for a key named `<<`, drop the `!` and quote the key (`'<<':`)")
        } else {
            Finding::new(
                Rule::PythonYamlIncompatible,
                span,
                format!(
                    "{WHO}: PyYAML merges (`<<`) only a mapping or a list of mappings, and finds \
                     {what} here"
                ),
            )
            .label(format!("{what} to merge"))
            .help("merge a mapping (`<<: *anchor`) or a list of them (`<<: [*a, *b]`), or write the keys out")
        };
        out.push(finding);
    }
    for scalar in &tree.scalars {
        scalar_value(text, scalar, out);
    }
    for (span, value, place) in &tree.bang_scalars {
        bang_scalar_value(*span, value, *place, out);
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
    /// Merge keys (`<<`) whose value PyYAML cannot merge, what it found there, and whether
    /// only PyYAML reads the key as a merge (`! '<<'`).
    bad_merges: Vec<(Span, &'static str, bool)>,
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
    /// Verbatim tags with no blank after their `>` (`!<tag:yaml.org,2002:str>text`): js-yaml reads
    /// the node right after it, PyYAML throws (`expected ' ', but found …`).
    glued_tags: Vec<Span>,
    /// Where each anchored implicit key starts, and where the implicit key of each anchored
    /// value ends (file offsets): an anchor name that PyYAML ends at a `:` (`&siz:`) makes it
    /// throw there (`characters::early_colon`).
    anchored_keys: Vec<usize>,
    anchored_values: Vec<usize>,
    /// Scalars tagged `!` (`! '<<'`), which PyYAML resolves as if they were plain: from the
    /// tag to the scalar's end, the scalar's value, its place.
    bang_scalars: Vec<(Span, String, Place)>,
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
        if let Some(tag) = node.tag.as_deref() {
            let next = text
                .text
                .get(text.local(tag.span.end)..)
                .unwrap_or_default();
            let glued = !(next.is_empty() || next.starts_with([' ', '\t', '\n', '\r']));
            let written = text.at(tag.span);
            if glued && written.starts_with("!<") && written.ends_with('>') {
                self.glued_tags.push(tag.span);
            }
        }
        match &node.value {
            Value::Scalar { style, text: value } => {
                if let Some(tag) = node.tag.as_deref().filter(|t| t.non_specific) {
                    self.bang(tag.span.to(node.span), value, place);
                }
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
                    } else if flow && entry.key.tag.is_none() && entry.key.anchor == 0 {
                        // Told apart from `? : 1` once the scalars are sorted.
                        self.empty_flow_keys.push(entry.key.span);
                    }
                    if inline_map(text, entry) {
                        self.inline_maps.push(entry.value.span);
                    }
                    if entry.key.anchor != 0 || entry.value.anchor != 0 {
                        self.anchored(text, entry);
                    }
                    if let Some(merge) = pyyaml_merge(&entry.key) {
                        if let Some(what) = bad_merge(doc, &entry.value) {
                            let start = match merge {
                                Merge::Both => entry.key.span,
                                Merge::Tagged(tag) => tag,
                            };
                            self.bad_merges.push((
                                start.to(entry.value.span),
                                what,
                                merge != Merge::Both,
                            ));
                        }
                    }
                }
            }
        }
    }
}

impl Tree<'_> {
    /// Notes a scalar tagged `!` (`bang_scalars`).
    #[cold]
    fn bang(&mut self, span: Span, value: &str, place: Place) {
        self.bang_scalars.push((span, value.to_owned(), place));
    }

    /// Notes an entry whose implicit key or value is anchored (`anchored_keys`, `anchored_values`).
    #[cold]
    fn anchored(&mut self, text: &Text, entry: &yaml::Entry) {
        let key = &entry.key;
        if key.span.is_empty()
            || explicit(
                text.text.as_bytes(),
                key_start(text.text, text.local(key.span.start)),
            )
        {
            return;
        }
        // A key of a flow mapping may have no `:` (`{&siz: e}` is {e: null}): PyYAML reads
        // only one `:` then, and loads.
        let colon = text
            .text
            .get(text.local(key.span.end)..)
            .is_some_and(|after| after.trim_start_matches([' ', '\t']).starts_with(':'));
        if key.anchor != 0 && colon {
            self.anchored_keys.push(key.span.start);
        }
        if entry.value.anchor != 0 {
            self.anchored_values.push(key.span.end);
        }
    }
}

/// How PyYAML reads a mapping key as a merge (`<<`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// An unquoted, untagged `<<`: a merge to js-yaml too.
    Both,
    /// A `<<` tagged `!` (`! '<<'`, the tag's span): PyYAML resolves a scalar tagged with the
    /// non-specific `!` as if it were plain, quoted or not, so it merges; js-yaml reads the
    /// text `<<`.
    Tagged(Span),
}

/// Whether PyYAML reads `key` as a merge key, and how.
#[inline]
fn pyyaml_merge(key: &Node) -> Option<Merge> {
    if key.resolved() == Some(yaml::Resolved::Merge) {
        return Some(Merge::Both);
    }
    let tag = key.tag.as_deref().filter(|t| t.non_specific)?;
    (key.scalar() == Some("<<")).then_some(Merge::Tagged(tag.span))
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
    // The `:` of an explicit key's value line (`? # note` then `: a: b`, the key empty), which
    // both parsers let a compact mapping follow.
    let value_line = between.find(':').is_some_and(|colon| {
        let at = key_end + colon;
        text.text
            .get(line_of(text.text, at)..at)
            .is_some_and(|before| before.bytes().all(|b| b == b' '))
    });
    !text.at(entry.value.span).starts_with('{')
        && value_start > key_end
        && !between.contains(['\n', '\r'])
        && !value_line
        && !explicit(text.text.as_bytes(), text.local(entry.key.span.start))
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
/// the byte before it, blanks, line breaks and comments skipped, opens the collection or ends an
/// entry. After `?` (an explicit key) PyYAML reads the empty key too. `scalars`: sorted, to tell
/// a comment's `#` from one inside a scalar.
fn implicit_empty_key(text: &Text, key: &Span, scalars: &[Scalar]) -> bool {
    let mut before = text
        .text
        .get(..text.local(key.start))
        .unwrap_or_default()
        .trim_end_matches([' ', '\t', '\n', '\r']);
    // A comment on the last line: both parsers start one at a `#` after a blank, or right
    // after a `,`, `[` or `{` (`[a,# note`).
    while let Some(hash) = comment_start(text, before, scalars) {
        before = before
            .get(..hash)
            .unwrap_or_default()
            .trim_end_matches([' ', '\t', '\n', '\r']);
    }
    matches!(before.as_bytes().last(), Some(b'{' | b'[' | b','))
}

/// Where a comment starts on the last line of `before` (a prefix of the text), outside the
/// scalars.
fn comment_start(text: &Text, before: &str, scalars: &[Scalar]) -> Option<usize> {
    let line = line_of(before, before.len());
    let bytes = before.as_bytes();
    memchr::memchr_iter(b'#', bytes.get(line..)?)
        .map(|i| line + i)
        .find(|&at| {
            let after_blank =
                at == line || matches!(bytes.get(at - 1), Some(b' ' | b'\t' | b',' | b'[' | b'{'));
            let file_at = text.base + at;
            let in_scalar = scalars
                .partition_point(|s| s.span.start <= file_at)
                .checked_sub(1)
                .and_then(|i| scalars.get(i))
                .is_some_and(|s| file_at < s.span.end);
            after_blank && !in_scalar
        })
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

/// The start of the line holding `at` (a local offset).
fn line_of(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|before| before.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
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

/// `ModelCard.load` passes the top-level mapping to `ModelCardData(**data)`: a key that PyYAML
/// reads as anything but a string (`yes:`, `1:`, `null:`, `2024-01-01:`) makes it throw
/// `TypeError: keywords must be strings` (`metadata_load` still loads the card). A key that is
/// an alias (`*year :`) is the anchored scalar, reported at the alias.
fn top_level_keys(doc: &Document, entries: &[yaml::Entry], out: &mut Vec<Finding>) {
    top_level_keys_merged(doc, entries, 0, out);
}

/// [`top_level_keys`] over `entries`, which a top-level `<<` merged in when `depth` > 0: PyYAML
/// copies a merged mapping's keys into the top level, so they must be strings too.
fn top_level_keys_merged(
    doc: &Document,
    entries: &[yaml::Entry],
    depth: usize,
    out: &mut Vec<Finding>,
) {
    for entry in entries {
        let key = &entry.key;
        if key.resolved() == Some(yaml::Resolved::Merge)
            || (key.tag.is_some() && pyyaml_merge(key).is_some())
        {
            // A merge of a merge is followed a few levels down; deeper ones are never written.
            if depth < 4 {
                let value = doc.resolve(&entry.value);
                let mappings: Vec<&[yaml::Entry]> = match &value.value {
                    Value::Seq(items) => items
                        .iter()
                        .filter_map(|item| doc.resolve(item).entries())
                        .collect(),
                    _ => value.entries().into_iter().collect(),
                };
                for merged in mappings {
                    top_level_keys_merged(doc, merged, depth + 1, out);
                }
            }
            continue;
        }
        let node = doc.resolve(key);
        // PyYAML resolves a scalar tagged `!` as if it were plain, quoted or not (`! "2024"`,
        // `!` alone: an empty one, `None`); js-yaml keeps it a string.
        let non_specific = node.tag.as_ref().is_some_and(|t| t.non_specific);
        if !non_specific && (node.tag.is_some() || node.style() != Some(Style::Plain)) {
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
        } else if depth > 0 {
            (
                key.span,
                format!(
                    "the key `{}`, merged into the top level by `<<`,",
                    clip(written)
                ),
            )
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

    /// `quiet` looks at 64 bytes at a time: every kind of byte it stops at, and pieces it looks
    /// around, at every place near the ends of the first two blocks.
    #[test]
    fn quiet_answers_as_its_reference_around_block_ends() {
        let pieces = [
            "&a", "*a", "!t", "=", "? k", "<<", "[a]: 1", "{a", "}:", "%YAML", "2024-01", "a:b",
            "k: v", "\t", "\u{85}", "\u{2028}", "\u{1}", "\u{7f}", "x-y",
        ];
        for piece in pieces {
            for at in (56..72).chain(120..136) {
                let text = format!("{}{piece}\n{}", " ".repeat(at), "k: v\n".repeat(30));
                assert_eq!(
                    quiet(text.as_bytes()),
                    quiet_reference(text.as_bytes()),
                    "{text:?}"
                );
            }
        }
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
            "a: &siz: e".into(),
            "&siz: e: 1".into(),
            "a: &a0? x".into(),
            "a: &r{b: 1}".into(),
            "a:\n! '<<': 1".into(),
            "a: ! '2024-02-30'".into(),
            "a: [b,# c\n: d]".into(),
            "a: {x: 1,\u{a0}? }".into(),
            "a: x\u{2028}? ".into(),
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
        // A `?` sends the card to the walk only inside a flow collection.
        let question = |text: &str| {
            let bytes = text.as_bytes();
            assert_eq!(quiet(bytes), quiet_reference(bytes), "{text:?}");
            quiet(bytes)
        };
        assert!(question("tags: [a, b]\nq: Why?\n"));
        assert!(question("tags: [a, b]\nq: see [1]. Why?\n"));
        assert!(question("tags: [a, 'b?']\n"));
        assert!(question("tags: [a, b]\nq: x # why?\n"));
        assert!(!question("tags: [a, b?]\n"));
        assert!(!question("tags: [a,\n  'c]', \"d}\",\n  b?]\n"));
        assert!(!question("tags: [a, [b, c], d?]\n"));
        assert!(!question("tags: [a, # c]\n  d?]\n"));
        assert!(!question("s: {a: 'x?', b: y?}\n"));
        for text in [
            "tags: [a, b?]\n",
            "s: {a: 'x?', b: y?}\n",
            "tags: [a,\n  'c]', \"d}\",\n  b?]\n",
        ] {
            assert!(!findings(text).is_empty(), "{text:?}");
        }
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
        // Anchor names PyYAML ends at `?` or `:`, or before a glued `[` or `{`.
        expect("a: &siz: e", 1);
        expect("a: &siz:\n  b: 1", 1);
        expect("&siz: e: 1", 1);
        expect("a:\n  &siz: e", 0);
        expect("a:\n  - &siz: e", 0);
        expect("a: {&siz: e}", 0);
        expect("? k\n: &siz: e", 0);
        expect("a: &a0? x", 1);
        expect("a: [&a0? x]", 1);
        expect("a: &a0?x y", 0);
        expect("a: &r{b: 1}", 1);
        expect("a: &r {b: 1}", 0);
        // The non-specific tag `!`: PyYAML resolves the scalar as if it were plain.
        expect("a:\n! '<<': 1", 1);
        expect("! <<: {a: 1}", 0);
        expect("a: ! '<<'", 1);
        expect("a: ! \"2024-02-30\"", 1);
        expect("a: ! '2024-02-29'", 0);
        expect("! '=': 1", 0);
        // A comment before an empty flow key; one inside a quoted scalar is no comment.
        expect("a: [b,# c\n: d]", 1);
        expect("a: ['b #c'\n, : d]", 1);
        // A `?` after a first character of several bytes.
        expect("a: {x: 1,\u{a0}? }", 1);
        // A Unicode line break that starts a top-level key PyYAML reads as no string.
        expect("a: x\u{2028}? ", 1);
        expect("a: x\u{2028}? b", 0);
    }
}
