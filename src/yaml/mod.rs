//! The located YAML tree over the chosen parser, one concern per file:
//!
//! - `tree.rs`: the tree, every key and value with its byte span, raw style and tag; anchors and
//!   aliases kept as nodes, never expanded ([`Document::resolve`] follows one alias one step);
//! - `granit.rs`: the adapter over granit-parser (used here and nowhere else, so it can be
//!   swapped), which also classifies its errors into a [`SyntaxKind`];
//! - `resolve.rs`: what a scalar means, as js-yaml 4 (the Hub's parser) resolves it: the YAML 1.2
//!   core schema, where `yes`, `no`, `on` and `off` are strings;
//! - `key.rs`: how js-yaml turns a mapping key into a JavaScript property name (`0x1F` is `31`);
//! - `fast.rs`: a fast path for plain block YAML, beside the granit reference it must agree with.

mod fast;
mod granit;
pub mod key;
mod resolve;
mod tree;

pub use granit::{parse_granit, quoted_end};
pub use resolve::{is_float, is_int, resolve, timestamp, Timestamp};
pub use tree::{Document, Entry, Node, Resolved, Source, Style, Tag, Value, MERGE_BUDGET};

/// A YAML syntax error at a byte offset of the whole file.
#[derive(Debug, Clone)]
pub struct SyntaxError {
    /// What went wrong, for rules to explain.
    pub kind: SyntaxKind,
    /// The parser's own words, shown as they are.
    pub message: String,
    pub at: usize,
}

/// What kind of mistake a [`SyntaxError`] is, in the terms a card author fixes it in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxKind {
    /// A tab where YAML allows none (in indentation, at the start of a block scalar, …).
    Tab,
    /// `: value` with no key before it.
    MissingKey,
    /// A `: ` inside a plain value or key.
    ColonInValue,
    /// A `---` line inside the front matter starts a second document.
    SecondDocument,
    /// A quoted scalar that is never closed.
    UnclosedQuote,
    /// A backslash escape YAML does not know, at or after the error's position.
    Escape,
    /// A `\x`, `\u` or `\U` escape with bad digits, or a broken surrogate pair.
    HexEscape,
    /// Text after a quoted scalar's closing quote.
    TextAfterQuote,
    /// A quoted scalar's continuation line indented too little.
    QuotedContinuation,
    /// An unclosed or mismatched `[` or `{`, or a missing comma in one.
    Flow,
    /// A key inside `{…}` or `[…]` whose `:` is on a later line than the key's start, which
    /// js-yaml reads as two entries with no comma between them.
    FlowKeyLine,
    /// A plain value inside `{…}` or `[…]` continued on a line indented no more than the block
    /// collection holding the braces, which js-yaml ends at the line break and then reads as a
    /// missing comma (`options: [a, b\nc]`); PyYAML and the YAML spec read one value.
    FlowIndent,
    /// An alias `*name` with no anchor `&name` before it.
    UnknownAnchor,
    /// A value that starts with an indicator (`*`, `&`, `!`, `@`, `%`, a backtick) or a bad tag.
    Indicator,
    /// Nesting or another parser limit exceeded.
    TooDeep,
    /// A block mapping or list that breaks off (a list item where a key was expected, …).
    BlockCollection,
    /// A line that does not line up with the lines above it, or content cut short.
    Indentation,
    /// A top-level block scalar (`|`, `>`) on an unindented line with no indented text under it.
    UnindentedBlockScalar,
    /// A list used as a key that holds a list (`[[a], b]: 1`, `? - - a`), aliases followed:
    /// js-yaml's "nested arrays are not supported inside keys".
    NestedListKey,
    /// Anything else: the parser's message says what.
    Other,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

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
    fn an_explicit_key_with_only_a_comment_is_empty() {
        // js-yaml 4: `{x: {null: text, Name: text}}` (the parked parity case
        // explicit-key-comment-only.yaml); the comment may stand on the `?` line or below it.
        for text in [
            "x:\n  ? # the label is empty\n  : text\n  Name: text\n",
            "x:\n  ?\n  # the label is empty\n  : text\n  Name: text\n",
        ] {
            let doc = parse(text, 0).unwrap_or_else(|e| panic!("{text:?}: {e:?}"));
            let root = doc.root.as_ref().unwrap();
            let x = root.entries().unwrap()[0].value.entries().unwrap();
            assert_eq!(x.len(), 2, "{text:?}");
        }
        // A `:` indented past the `?`'s column stays js-yaml's error.
        assert!(parse("x:\n  ? # note\n    : text\n", 0).is_err());
    }

    #[test]
    fn errors_carry_file_offsets() {
        let err = parse("a: 1\nb: c: d\n", 100).unwrap_err();
        assert!(err.at >= 105, "{err:?}");
    }

    #[test]
    fn errors_are_classified_once() {
        let kind = |text: &str| parse(text, 0).unwrap_err().kind;
        assert_eq!(kind("a:\n\tb: 1\n"), SyntaxKind::Tab);
        assert_eq!(kind("a: \"x\\qy\"\n"), SyntaxKind::Escape);
        assert_eq!(kind("a: 'x\n"), SyntaxKind::UnclosedQuote);
        assert_eq!(kind("a: 1\n---\nb: 2\n"), SyntaxKind::SecondDocument);
        assert_eq!(kind("a: [1, 2\n"), SyntaxKind::Flow);
        assert_eq!(kind("a: *nope\n"), SyntaxKind::UnknownAnchor);
        assert_eq!(kind("a: b: c\n"), SyntaxKind::ColonInValue);
        assert_eq!(kind("<<: 1\n"), SyntaxKind::Other);
    }

    #[test]
    fn tabs_before_block_entries_are_errors_at_the_tab() {
        // js-yaml throws "tab characters must not be used in indentation" there.
        for (text, at) in [
            ("\textra_gated_fields:\n  Name: text\n", 0),
            ("a:\n \tb: 1\n", 4),
            ("a:\n\t- x\n", 3),
            ("- \ta: 1\n", 2),
        ] {
            let err = parse(text, 0).unwrap_err();
            assert_eq!((err.kind, err.at), (SyntaxKind::Tab, at), "{text:?}");
        }
        // A scalar entry may follow a tab after its `-`; a value may follow a tab after `:`.
        for text in ["- \tx\n", "a: \tb\n", "? \ta\n: b\n"] {
            assert!(parse(text, 0).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn a_flow_key_takes_its_colon_on_its_own_line() {
        // js-yaml throws "missed comma between flow collection entries" at the `:`.
        for (text, at) in [("a: {x\n  : 1}\n", 8), ("a: {x\n y: 1}\n", 8)] {
            let err = parse(text, 0).unwrap_err();
            assert_eq!(
                (err.kind, err.at),
                (SyntaxKind::FlowKeyLine, at),
                "{text:?}"
            );
        }
        // granit refuses these itself (a single pair in `[…]`: YAML says so too), at the same `:`.
        assert_eq!(parse("a: [x\n: 1]\n", 0).unwrap_err().at, 6);
        assert_eq!(parse("a: {\"x\"\n: 1}\n", 0).unwrap_err().at, 8);
        assert_eq!(parse("a: {!!str x # c\n: 1}\n", 0).unwrap_err().at, 16);
        // An explicit key may put its `:` on a later line; a key with no `:` is a null entry.
        for text in [
            "a: {? x\n : 1}\n",
            "a: {x\n}\n",
            "a: [x\n , y: 1]\n",
            "a: {x,\n: 1}\n",
        ] {
            assert!(parse(text, 0).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn an_empty_explicit_key_takes_its_colon_in_its_column() {
        // js-yaml: "incomplete explicit mapping pair; a key node is missed".
        for (text, at) in [
            ("k: &?\n:\n", 6),
            ("a: 1\n# why?\n: v\n", 12),
            ("?\n  : v\n", 4),
            ("a:\n  ?\n   : v\n", 10),
        ] {
            let err = parse(text, 0).unwrap_err();
            assert_eq!((err.kind, err.at), (SyntaxKind::MissingKey, at), "{text:?}");
        }
        for text in ["?\n: v\n", "a:\n  ?\n  : v\n", "- ?\n  : v\n", "?\n\n: v\n"] {
            assert!(parse(text, 0).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn a_tab_line_after_a_block_scalar_header_ends_the_scalar() {
        let entries = |text: &str| -> Vec<(String, String)> {
            let doc = parse(text, 0).unwrap();
            let root = doc.root.as_ref().unwrap();
            root.entries()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e.key.as_str().unwrap().into(),
                        e.value.as_str().unwrap().into(),
                    )
                })
                .collect()
        };
        let pair = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        assert_eq!(entries("t: >\n\t\nu: x\n"), [pair("t", ""), pair("u", "x")]);
        assert_eq!(
            entries("a: |+\n\t \nb: x\n"),
            [pair("a", ""), pair("b", "x")]
        );
        assert_eq!(
            entries("l: >1-\n\t\n   # c\nb: x\n"),
            [pair("l", ""), pair("b", "x")]
        );
        // A tab before text is still an error.
        assert!(parse("t: >\n\tx\n", 0).is_err());
        // A flow collection may follow a tab after `-`, as a scalar may.
        assert!(parse("- \t{a: 1}\n- \t[b]\n", 0).is_ok());
    }

    #[test]
    fn a_top_level_block_scalar_needs_indented_text() {
        // js-yaml: "missing indentation for block scalar", at the line after the header that is
        // not empty, or at the end.
        for (text, at) in [
            (">", 1),
            ("|-\n", 3),
            ("|\n: value\n", 2),
            ("--- >\n\nx: 1\n", 7),
            ("&a\n >\n", 6),
            ("# c\n>\n", 6),
        ] {
            let err = parse(text, 0).unwrap_err();
            assert_eq!(
                (err.kind, err.at),
                (SyntaxKind::UnindentedBlockScalar, at),
                "{text:?}"
            );
        }
        for text in [" >\n", ">2\n", ">\n  \n", "--- >\n  x\n", "x: |\n", "- >\n"] {
            assert!(parse(text, 0).is_ok(), "{text:?}");
        }
    }

    /// The tree as text: `{k: v}`, `[a]`, `~` for null, `*` for an alias.
    fn show(node: &Node) -> String {
        match &node.value {
            Value::Scalar { .. } if node.resolved() == Some(Resolved::Null) => "~".into(),
            Value::Scalar { text, .. } => text.to_string(),
            Value::Alias(_) => "*".into(),
            Value::Seq(items) => format!(
                "[{}]",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            ),
            Value::Map(entries) => format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|e| format!("{}: {}", show(&e.key), show(&e.value)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn read(text: &str) -> String {
        show(parse(text, 0).unwrap().root.as_ref().unwrap())
    }

    #[test]
    fn properties_then_a_key_on_a_keys_line_start_a_mapping() {
        // js-yaml 4.3 reads the mapping at the properties' column, its first key carrying them.
        assert_eq!(read("b: &x :\n"), "{b: {~: ~}}");
        assert_eq!(read("t: !!str :\n"), "{t: {: ~}}");
        assert_eq!(
            read("k: &a x: 1\n   y: 2\nz: *a\n"),
            "{k: {x: 1, y: 2}, z: *}"
        );
        assert_eq!(read("- k: &a \"x\": 1\n"), "[{k: {x: 1}}]");
        assert_eq!(read("k: &a x: &b y: 1\n"), "{k: {x: {y: 1}}}");
        assert_eq!(
            read("'k' : !!str I accept: the licence\n"),
            "{k: {I accept: the licence}}"
        );
        // The spans are the text's.
        let text = "k: &a x: 1\nz: 2\n";
        let doc = parse(text, 10).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        let inner = entries[0].value.entries().unwrap();
        assert_eq!(inner[0].key.span, Span::new(16, 17));
        assert_eq!(inner[0].value.span, Span::new(19, 20));
        assert_eq!(entries[1].key.span, Span::new(21, 22));
        // Indented otherwise than the properties, a next line is an error, at its place.
        let err = parse("é: &a x: 1\n    y: 2\n", 0).unwrap_err();
        assert_eq!(err.at, 17, "{err:?}");
        for text in [
            "k: &a [x]: 1\n",
            "k: x: 1\n",
            "g:\t&0 :\n",
            "g: \t&0 x: 1\n",
        ] {
            assert!(parse(text, 0).is_err(), "{text:?}");
        }
    }

    #[test]
    fn tabs_may_start_the_line_after_an_explicit_key() {
        assert_eq!(read("? k\n\t: v\n"), "{k: v}");
        assert_eq!(read("? a\n\t ? b\nx: 1\n"), "{a: ~, b: ~, x: 1}");
        assert_eq!(read("? key\n\tnext: v\n"), "{key: ~, next: v}");
        for text in ["x: 1\n\t? a\n: b\n", "a:\n  ? b\n\t: c\n"] {
            assert_eq!(
                parse(text, 0).unwrap_err().kind,
                SyntaxKind::Tab,
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_top_level_block_scalar_is_indented_by_its_indicator_as_js_yaml_indents_it() {
        // The first line's indentation plus the indicator less one (granit: the indicator).
        assert_eq!(read("|2\n  x\n"), " x\n");
        assert_eq!(
            read("  >1\n   Please fill in\n  the form\n"),
            " Please fill in\nthe form\n"
        );
        assert_eq!(read("&a\n|3\n   x\n"), " x\n");
        // Indentation 0: every line after the header is the scalar's, a `...` line too.
        assert_eq!(read("|1\nx\n...\ny\n"), "x\n...\ny\n");
        assert_eq!(read("|1\n>\n"), ">\n");
        // (With `-`, js-yaml keeps the last line break at indentation 0; gatelint strips it:
        // the value of a top-level scalar, which nothing reads.)
        assert_eq!(
            read("\t--- >1\nPlease fill in\n  the form\n"),
            "Please fill in\n  the form\n"
        );
        let doc = parse("--- |1\nx\ny\n", 10).unwrap();
        assert_eq!(doc.root.as_ref().unwrap().span, Span::new(17, 21));
    }

    #[test]
    fn a_document_start_after_directives_is_read_as_js_yaml_reads_it() {
        assert_eq!(read("%2\n---a\n"), "a");
        assert_eq!(read("\t%1\n---#\n"), "~");
        assert_eq!(read("%YAML 1.2\n\t---\na: 1\n"), "{a: 1}");
    }

    #[test]
    fn content_after_a_leading_document_end_is_a_second_document() {
        let kind = parse("...\na: 1\n", 0).unwrap_err().kind;
        assert_eq!(kind, SyntaxKind::SecondDocument);
        assert!(parse("a: 1\n...\n# c\n", 0).is_ok());
    }

    #[test]
    fn a_document_start_is_read_as_js_yaml_reads_it() {
        let keys = |text: &str| -> Vec<String> {
            let doc = parse(text, 0).unwrap();
            let root = doc.root.as_ref().unwrap();
            let entries = root.entries().unwrap();
            entries
                .iter()
                .map(|e| e.key.as_str().unwrap_or("?").to_owned())
                .collect()
        };
        assert_eq!(keys("---a: 1\n   b: 2\n"), ["a", "b"]);
        assert_eq!(keys("\t---\na: 1\n"), ["a"]);
        assert_eq!(keys("# c\n--- a: 1\n    b: 2\n"), ["a", "b"]);
        assert_eq!(keys("a: \"x\"# c\nb: [1,# c\n 2]# c\n"), ["a", "b"]);
        // The spans are the text's: the patched copy has the same length.
        let doc = parse("---a: 1\n", 10).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        assert_eq!(entries[0].key.span, Span::new(13, 14));
        for text in [
            "---a: 1\nb: 2\n",
            " 3\na\n",
            "a: 1\n...\n...\n",
            "...\n---\n",
        ] {
            assert!(parse(text, 0).is_err(), "{text:?}");
        }
        assert!(parse("--- x\ny\n", 0).is_ok());
        assert!(parse("a: 1\n...\n# c\n", 0).is_ok());
    }

    #[test]
    fn a_lone_surrogate_escape_reads_as_the_replacement_character() {
        let text = "a: \"x\\ud800y\"\nb: \"\\U0000DC00 \\ud83d\\ude00 \\\\ud800\"\n";
        let doc = parse(text, 0).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        assert_eq!(entries[0].value.as_str(), Some("x\u{fffd}y"));
        assert_eq!(
            entries[1].value.as_str(),
            Some("\u{fffd} \u{1f600} \\ud800")
        );
        assert_eq!(entries[1].value.span.end, text.len() - 1);
        assert!(parse("a: \"\\qd800\"\n", 0).is_err());
        // Blank lines after an escaped line break are skipped in a scalar read once repaired too.
        let doc = parse("a: \"\\ud800\\\n\n  \n x\"\n", 0).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        assert_eq!(entries[0].value.as_str(), Some("\u{fffd}x"));
    }

    #[test]
    fn tags_on_empty_nodes_build_what_js_yaml_builds() {
        let doc = parse("a: !!map\nb: !!seq\nc: !\nd: !!str\n", 0).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        assert!(entries[0].value.entries().is_some_and(<[_]>::is_empty));
        assert!(entries[1].value.items().is_some_and(<[_]>::is_empty));
        assert_eq!(entries[2].value.resolved(), Some(Resolved::Null));
        assert_eq!(entries[3].value.as_str(), Some(""));
    }

    #[test]
    fn anchor_names_and_comments_hold_what_js_yaml_takes() {
        // js-yaml 4.3: a control character or a BOM belongs to the name or the comment.
        let doc = parse("a: &u\u{1} x\nb: *u\u{1}\n", 0).unwrap();
        let entries = doc.root.as_ref().unwrap().entries().unwrap();
        assert_eq!(doc.resolve(&entries[1].value).as_str(), Some("x"));
        assert!(parse("a: 1 # note\u{7}\n", 0).is_ok());
        let err = parse("a: &uses\u{feff} x\nb: *uses\n", 0).unwrap_err();
        assert_eq!(err.kind, SyntaxKind::UnknownAnchor);
        let doc = parse("&0\u{feff} :\n", 0).unwrap();
        let key = &doc.root.as_ref().unwrap().entries().unwrap()[0].key;
        assert_eq!(key.resolved(), Some(Resolved::Null));
        // Inside quotes or a block scalar, js-yaml refuses the character too.
        assert!(parse("a: \"x # \u{1}\"\n", 0).is_err());
        assert!(parse("a: |\n  # \u{1}\n", 0).is_err());
    }

    #[test]
    fn a_bom_in_a_directive_is_any_character() {
        // js-yaml 4.3 ignores an unknown directive's name and arguments, a BOM among them
        // (`%\u{feff}` then `---h` is "h"), and checks `%YAML` and `%TAG` arguments on the text.
        // No parity case: PyYAML refuses a BOM in a directive name, which python-yaml-incompatible
        // does not say.
        for text in [
            "%\u{feff}\n---h\n",
            "%a\u{feff}\n--- h\n",
            "%x \u{feff}\n--- h\n",
        ] {
            let doc = parse(text, 0).unwrap();
            assert_eq!(
                doc.root.as_ref().and_then(Node::as_str),
                Some("h"),
                "{text:?}"
            );
        }
        assert!(parse("%TAG ! a\u{feff}\n--- h\n", 0).is_err());
        assert!(parse("%YAML 1.2\u{feff}\n--- h\n", 0).is_err());
    }

    #[test]
    fn the_source_is_sliced_by_file_offsets() {
        let doc = parse("a: x\nb: y\n", 10).unwrap();
        assert_eq!(doc.source.slice(Span::new(13, 14)), b"x");
        assert_eq!(doc.source.slice(Span::new(5, 11)), b"");
        assert_eq!(doc.source.get(10), Some(b'a'));
        assert_eq!(doc.source.get(9), None);
        assert_eq!(doc.source.line_start(12), 10);
        assert_eq!(doc.source.line_start(17), 15);
    }
}
