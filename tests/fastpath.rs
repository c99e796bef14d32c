//! The fast YAML path (`src/yaml/fast.rs`) against granit-parser: whenever the fast path reads a
//! text, granit-parser must read it too and build the same tree, span for span, style for style.
//!
//! Inputs: the front matter of every fixture, every parity case, a list of shapes written for
//! the fast path, generated documents (proptest), and, when `GATELINT_FASTPATH_CORPUS` names a
//! directory (a corpus from `../shared/bench/gen_corpus.py`, say), every `README.md` under it.

use std::path::{Path, PathBuf};

use gatelint::yaml;
use proptest::prelude::*;

#[path = "support/files.rs"]
mod files;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Checks one YAML text; true when the fast path read it.
fn agrees(text: &str, base: usize, name: &str) -> bool {
    let Some(fast) = yaml::parse_fast(text, base) else {
        return false;
    };
    let slow = match yaml::parse_granit(text, base) {
        Ok(doc) => doc,
        Err(err) => panic!("{name}: the fast path read a text granit rejects ({err:?}):\n{text:?}"),
    };
    let (fast, slow) = (format!("{:#?}", fast.root), format!("{:#?}", slow.root));
    if fast != slow {
        let diff = similar::TextDiff::from_lines(&slow, &fast);
        panic!(
            "{name}: the fast path's tree differs from granit's (- granit, + fast):\n{}\n{text:?}",
            diff.unified_diff().context_radius(4)
        );
    }
    true
}

/// Checks a card file's front matter; `None` when it has no UTF-8 front matter.
fn card_agrees(path: &Path) -> Option<bool> {
    let bytes = std::fs::read(path).ok()?;
    let (start, text) = files::front_matter(&bytes)?;
    Some(agrees(&text, start, &path.display().to_string()))
}

#[test]
fn fixtures_and_parity_cases() {
    let cards = files::with_extension(&root().join("fixtures"), "md");
    assert!(cards.len() > 100, "fixtures not found");
    let mut read = 0;
    for card in &cards {
        read += usize::from(card_agrees(card) == Some(true));
    }
    let cases = files::with_extension(&root().join("tests/parity/cases"), "yaml");
    assert!(cases.len() > 100, "parity cases not found");
    for case in &cases {
        let text = std::fs::read_to_string(case).unwrap_or_default();
        read += usize::from(agrees(&text, 4, &case.display().to_string()));
    }
    // The fast path must not be dead: most fixtures are the plain block YAML it is for.
    assert!(
        read * 2 > cards.len(),
        "the fast path read only {read} of {} fixtures and cases",
        cards.len() + cases.len()
    );
}

/// Every realistic valid card is plain block YAML: the fast path must read it.
#[test]
fn reads_every_ok_card() {
    let cards = files::files(&root().join("fixtures/cards"), &|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("ok-"))
    });
    assert!(!cards.is_empty());
    for card in cards {
        // `None`: no front matter where the Hub looks (text before it, say).
        assert_ne!(card_agrees(&card), Some(false), "{}", card.display());
    }
}

/// Shapes written for the fast path: each is read by it (`true`) or left to granit (`false`).
#[test]
fn shapes() {
    let cases: &[(&str, bool)] = &[
        ("a: 1\nb: x\n", true),
        ("a:\n- x\n- y\nc: 2\n", true),
        ("a:\n  - x\n  - \"y\"\n", true),
        ("a:\n  b:\n    c: d\n  e: f\ng: h\n", true),
        ("a: |\n  line1\n  line2\n\nb: >-\n  folded\n  text\n", true),
        ("a:\nb: 1\nc:\n", true),
        ("a: [x, 'y', {k: v}]\nb: {x: 1, y: [2]}\n", true),
        (
            "a: plain\n  continued here\nb: x # comment\n# full comment\nc: y\n",
            true,
        ),
        ("- a: 1\n  b: 2\n- c\n- - d\n  - e\n", true),
        ("a:\n  b: c\n  # comment\nd: e\n", true),
        ("a: |\n  x\n\n  y\n\n\nb: 1\n", true),
        ("a:\n  b: |\n    x\n\n  c: 1\n", true),
        ("a: |\n\n  x\n", true),
        ("a: \"multi\n  line\"\n", true),
        ("a: 'multi\n\n  line'\n", true),
        ("a:\n  value\n  more\nb: 1\n", true),
        ("a: x   \nb: y  # c\n", true),
        ("a:   \nb: # c\nc:\n  # c\n  d: 1\n", true),
        ("-   \n- # c\n-\n- y\n", true),
        ("a:\n-\n- y\n", true),
        ("a:\n-\r\n   one\n   two\n", true),
        ("a:\n-   \n  b: 1\n", true),
        ("a: 1\r\nb:\r\n  - x\r\n  - |\r\n    t\r\n", true),
        ("a: |+\n  x\n\n\nb: 1\n", true),
        ("a: >\n  x\n  y\n\n  z\n", true),
        ("a: 'it''s'\nb: \"q\\\"x\\u00e9\\t\"\n", true),
        ("\"quoted key\": 1\n'k2' : 2\n", true),
        ("a:\n- x\n-\n- y\n", true),
        ("a:\n  -\n    b: 1\n", true),
        ("", true),
        ("# only\n", true),
        ("a: [ ]\nb: {}\n", true),
        ("x:\n  - a: 1\n    b: 2\n  - c: 3\ny: 1\n", true),
        ("a: |\n  x\n# c\nb: 1\n", true),
        ("a:\n  b: c\n  d:\ne: 1\n", true),
        ("a: x\n\n  y\n", true),
        ("a: |\n  x", true),
        ("a: |+\n  x", true),
        ("a: >-\n  x\n  y", true),
        ("a: >\n  x\n\n", true),
        ("a: |\n  x\n\n  ", false),
        (
            "a: x\n  [link](y), {z} 'q' \"r\" !s &t *u |v >w %x @y `z\n",
            true,
        ),
        ("a: x\n  - y\n", false),
        ("a: x", true),
        ("k: \"tab\there\"\n", true),
        ("url: https://example.org/x?a=b#frag\n", true),
        ("t: see [the license](LICENSE), and {this}\n", true),
        ("- x\n- y\n", true),
        // Left to granit-parser.
        ("a: &x 1\nb: *x\n", false),
        ("a: !!str 1\n", false),
        ("? a\n: b\n", true),
        (
            "x:\n  ? By clicking\n    more text\n  : checkbox\n  b: 1\n",
            true,
        ),
        ("x:\n  ? k\n  b: 1\n", false),
        ("? [a]\n: b\n", false),
        ("<<: {a: 1}\n", false),
        ("a: [{x: 1, <<: 2}]\n", false),
        ("a:\tb\n", false),
        ("a: [x,\n  y]\n", false),
        ("a: |2\n   x\n", false),
        ("a: >\n  x\n    more\n  y\n", false),
        ("just a scalar\n", false),
        ("a: 1\n---\nb: 2\n", false),
        ("a: b: c\n", false),
        ("a: [x, -]\n", false),
        ("a: -[x]\n", false),
        ("a: [-x, -1]\n", true),
        ("a:\n  b: 1\n c: 2\n", false),
        ("a: 'unclosed\n", false),
        ("a: \"x\\\n  y\"\n", false),
        ("a: \u{feff}x\n", false),
        ("a: x\rb: y\n", false),
    ];
    for (i, (text, read)) in cases.iter().enumerate() {
        assert_eq!(
            agrees(text, 4, &format!("shape {i}")),
            *read,
            "shape {i}: {text:?}"
        );
    }
}

/// `GATELINT_FASTPATH_CORPUS=DIR cargo test --test fastpath corpus -- --nocapture`: every card
/// under DIR; prints how many the fast path read.
#[test]
fn corpus() {
    let Some(dir) = std::env::var_os("GATELINT_FASTPATH_CORPUS") else {
        return;
    };
    let cards = files::files(Path::new(&dir), &|p| {
        p.file_name().is_some_and(|n| n == "README.md")
    });
    assert!(!cards.is_empty(), "no README.md under {dir:?}");
    let (mut read, mut yaml) = (0, 0);
    let mut left = Vec::new();
    for card in &cards {
        match card_agrees(card) {
            Some(true) => {
                read += 1;
                yaml += 1;
            }
            Some(false) => {
                yaml += 1;
                left.push(card);
            }
            None => {}
        }
    }
    for card in left.iter().take(20) {
        println!("left to granit: {}", card.display());
    }
    println!(
        "fast path: {read} of {yaml} front matters ({} cards)",
        cards.len()
    );
}

/// `GATELINT_FASTPATH_YAML=FILE cargo test --test fastpath one_text`: one YAML text (a fuzz
/// artifact, say), with the difference shown.
#[test]
fn one_text() {
    let Some(file) = std::env::var_os("GATELINT_FASTPATH_YAML") else {
        return;
    };
    let bytes = std::fs::read(&file).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    println!("fast path: {}", agrees(&text, 3, "the file"));
}

/// Pieces of lines that the generated documents are made of.
fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "", " ", "  ", "  ", "    ", "      "]);
    let lead = prop::sample::select(vec![
        "",
        "",
        "- ",
        "- ",
        "-",
        "key: ",
        "key:",
        "Name: ",
        "\"q k\": ",
        "'s': ",
        "- k: ",
        "? ",
        "- - ",
        "a b: ",
    ]);
    let value = prop::sample::select(vec![
        "",
        "x",
        "text",
        "two words",
        "1",
        "true",
        "null",
        "~",
        "2024-01-01",
        "\"dq\"",
        "\"d\\\"q\\u00e9\"",
        "'it''s'",
        "'open",
        "\"open",
        "close'",
        "close\"",
        "|",
        "|-",
        "|+",
        ">",
        ">-",
        "[a, b]",
        "[ ]",
        "{k: v, n: 1}",
        "{}",
        "[a, [b, c]]",
        "[a,",
        "b]",
        "# comment",
        "x # c",
        "a: b",
        "a:b",
        "http://x.y/z",
        "&anchor x",
        "*alias",
        "!!str x",
        "  ",
        "\t",
        "é ü 日本",
        "---",
        "...",
        ":",
        "-",
        "select",
        "checkbox",
    ]);
    let end = prop::sample::select(vec!["\n", "\n", "\n", "\r\n", "  \n", "\n\n"]);
    (indent, lead, value, end).prop_map(|(i, l, v, e)| format!("{i}{l}{v}{e}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_agree(lines in prop::collection::vec(line(), 1..14)) {
        let text: String = lines.concat();
        agrees(&text, 4, "generated");
    }
}
