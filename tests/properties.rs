//! Property tests (issue 5): random bytes, YAML-shaped token soup and mutated fixtures never
//! panic; every finding's span lies within the bytes read and on character boundaries of the
//! display text; the JSON output always parses and holds every finding.

#[path = "support/spans.rs"]
mod spans;

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use clap::ValueEnum;
use gatelint::render::{self, Format, RenderOptions};
use gatelint::{read, Checked, Settings};
use proptest::prelude::*;

/// Lints `bytes` through the whole pipeline and every renderer, checking the properties.
fn check_all(bytes: &[u8]) -> Result<(), TestCaseError> {
    let prefix = read::prefix_of(bytes);
    prop_assert!(prefix.bytes.len() <= bytes.len());
    prop_assert!(bytes.starts_with(&prefix.bytes));
    let checked = Checked::new("README.md".into(), &prefix, &Settings::default());
    if !checked.findings.is_empty() {
        // The display text keeps offsets: a prefix of the bytes read (cut after the last line a
        // finding needs), covering every byte a finding, related label or fix edit points at.
        prop_assert!(checked.text.len() <= prefix.bytes.len());
        let ends = checked.findings.iter().flat_map(gatelint::Finding::ends);
        for end in ends {
            prop_assert!(
                end <= checked.text.len(),
                "a span ends at {end}, past the display text ({} bytes)",
                checked.text.len()
            );
        }
    }
    let problem = spans::span_problem(&checked, prefix.bytes.len());
    prop_assert!(problem.is_none(), "{}", problem.unwrap_or_default());
    for f in &checked.findings {
        if let Some(fix) = &f.fix {
            for edit in &fix.edits {
                prop_assert!(
                    edit.span.start <= edit.span.end && edit.span.end <= prefix.bytes.len(),
                    "fix edit {:?} of {} outside the bytes read",
                    edit.span,
                    f.rule.name()
                );
            }
        }
        prop_assert!(
            !f.message.is_empty(),
            "{} has an empty message",
            f.rule.name()
        );
    }
    let formats = Format::value_variants().iter().chain([&Format::Statistics]);
    for format in formats {
        let chunk = render::file(*format, &checked, &RenderOptions::default());
        let mut out = Vec::new();
        render::write(*format, &[chunk], &mut out).expect("render to memory");
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            let parsed: serde_json::Value = serde_json::from_slice(&out)
                .map_err(|e| TestCaseError::fail(format!("{format:?} output is not JSON: {e}")))?;
            if *format == Format::Json {
                let items = parsed.as_array().cloned().unwrap_or_default();
                prop_assert_eq!(items.len(), checked.findings.len());
                for item in items {
                    for end in ["start", "end"] {
                        prop_assert!(item[end]["line"].as_u64().is_some_and(|l| l >= 1));
                        prop_assert!(item[end]["column"].as_u64().is_some_and(|c| c >= 1));
                    }
                }
            }
        }
    }
    // The library's own entry point agrees.
    let direct = gatelint::lint_bytes(bytes, &Settings::default());
    prop_assert_eq!(direct, checked.findings);
    Ok(())
}

/// Every fixture, read once.
static FIXTURES: LazyLock<Vec<(PathBuf, Vec<u8>)>> = LazyLock::new(|| {
    let mut out = Vec::new();
    collect(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        &mut out,
    );
    out.sort();
    out
});

fn collect(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            if let Ok(bytes) = std::fs::read(&path) {
                out.push((path, bytes));
            }
        }
    }
}

/// Tokens that steer random input into the parser's and the rules' corners.
const TOKENS: &[&str] = &[
    "---",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "\u{FEFF}",
    "extra_gated_fields:",
    "extra_gated_prompt:",
    "extra_gated_eu_disallowed:",
    "extra_gated_heading:",
    "gated:",
    "type:",
    "options:",
    "label:",
    "value:",
    "select",
    "checkbox",
    "text",
    "country",
    "date_picker",
    "ip_location",
    "Yes",
    "no",
    "null",
    "~",
    "true",
    "2024-01-01",
    "0x1F",
    "1e3",
    ".inf",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<:",
    "!!python/tuple",
    "!!str",
    "!!map",
    "!!seq",
    "!!binary",
    "!custom",
    "! ",
    "%YAML 1.2",
    "%TAG !e! tag:e,2000:",
    "? ",
    ": ",
    "- ",
    "|",
    "|-",
    ">+",
    "|2",
    "'",
    "\"",
    "\\u00e9",
    "[",
    "]",
    "{",
    "}",
    ", ",
    "# ",
    "...",
    "<!-- x -->",
    "```",
    "é",
    "€",
    "😀",
    "\u{2028}",
    "\0",
    "\u{85}",
    "Country",
    "Name",
    "France",
    "Germany",
];

fn token_soup() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        8 => proptest::sample::select(TOKENS).prop_map(|t| t.as_bytes().to_vec()),
        1 => proptest::collection::vec(any::<u8>(), 1..4),
        1 => "[a-zA-Z0-9_]{1,8}".prop_map(String::into_bytes),
    ];
    (any::<bool>(), proptest::collection::vec(piece, 0..120)).prop_map(|(fenced, pieces)| {
        let mut out = if fenced {
            b"---\n".to_vec()
        } else {
            Vec::new()
        };
        for p in pieces {
            out.extend(p);
        }
        if fenced {
            out.extend(b"\n---\nbody\n");
        }
        out
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    DeleteBytes { at: usize, len: usize },
    InsertBytes { at: usize, bytes: Vec<u8> },
    InsertToken { at: usize, token: &'static str },
    SwapBytes { a: usize, b: usize },
    DeleteLine { line: usize },
    DuplicateLine { line: usize },
    SwapLines { a: usize, b: usize },
    Indent { line: usize, by: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = any::<usize>();
    prop_oneof![
        (pos, 1..8usize).prop_map(|(at, len)| Mutation::DeleteBytes { at, len }),
        (pos, proptest::collection::vec(any::<u8>(), 1..6))
            .prop_map(|(at, bytes)| Mutation::InsertBytes { at, bytes }),
        (pos, proptest::sample::select(TOKENS))
            .prop_map(|(at, token)| Mutation::InsertToken { at, token }),
        (pos, pos).prop_map(|(a, b)| Mutation::SwapBytes { a, b }),
        pos.prop_map(|line| Mutation::DeleteLine { line }),
        pos.prop_map(|line| Mutation::DuplicateLine { line }),
        (pos, pos).prop_map(|(a, b)| Mutation::SwapLines { a, b }),
        (pos, 1..4usize).prop_map(|(line, by)| Mutation::Indent { line, by }),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    let at = |i: usize| if n == 0 { 0 } else { i % (n + 1) };
    match m {
        Mutation::DeleteBytes { at: i, len } => {
            let start = at(*i).min(n);
            let end = (start + len).min(n);
            bytes.drain(start..end);
        }
        Mutation::InsertBytes { at: i, bytes: b } => {
            let i = at(*i);
            bytes.splice(i..i, b.iter().copied());
        }
        Mutation::InsertToken { at: i, token } => {
            let i = at(*i);
            bytes.splice(i..i, token.bytes());
        }
        Mutation::SwapBytes { a, b } if n > 0 => bytes.swap(a % n, b % n),
        Mutation::SwapBytes { .. } => {}
        Mutation::DeleteLine { line }
        | Mutation::DuplicateLine { line }
        | Mutation::SwapLines { a: line, .. }
        | Mutation::Indent { line, .. } => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|&b| b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            if lines.is_empty() {
                return;
            }
            let k = lines.len();
            let i = line % k;
            match m {
                Mutation::DeleteLine { .. } => {
                    lines.remove(i);
                }
                Mutation::DuplicateLine { .. } => {
                    let copy = lines[i].clone();
                    lines.insert(i, copy);
                }
                Mutation::SwapLines { b, .. } => lines.swap(i, b % k),
                Mutation::Indent { by, .. } => {
                    lines[i].splice(0..0, std::iter::repeat_n(b' ', *by));
                }
                _ => {}
            }
            *bytes = lines.concat();
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 384,
        // Failures are printed with their minimal input; no regression file next to the test.
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check_all(&bytes)?;
    }

    #[test]
    fn random_bytes_in_a_fence(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut card = b"---\n".to_vec();
        card.extend(&bytes);
        card.extend(b"\n---\n");
        check_all(&card)?;
    }

    #[test]
    fn yaml_shaped_token_soup(bytes in token_soup()) {
        check_all(&bytes)?;
    }

    #[test]
    fn mutated_fixtures(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        prop_assume!(!FIXTURES.is_empty());
        let (path, original) = &FIXTURES[pick % FIXTURES.len()];
        let mut bytes = original.clone();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        check_all(&bytes).map_err(|e| {
            TestCaseError::fail(format!("{} mutated by {mutations:?}: {e}", path.display()))
        })?;
    }
}

/// Pieces an attacker strings together: terminal controls, line breaks, workflow-command
/// prefixes, bidi controls, and plain text between them.
fn hostile_string() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\u{1b}",
        "\u{1b}]52;c;eA==\u{7}",
        "\u{7}",
        "\r",
        "\n",
        "\r\n",
        "\u{0}",
        "\u{7f}",
        "\u{85}",
        "\u{9b}",
        "\u{202e}",
        "\u{2066}",
        "\u{200f}",
        "\u{61c}",
        "::",
        "::error::",
        "::stop-commands::",
        "##[",
        "##[error]",
        "#",
        "[",
        ":",
        ",",
        "%",
        " ",
        "  ",
        "\t",
        "a",
        "Name",
        "é",
        "\"",
        "\\",
    ]);
    proptest::collection::vec(pieces, 1..24).prop_map(|p| p.concat())
}

/// The text outputs of one card under one path: human (at a narrow width, to wrap), concise,
/// github, and the terminal preview.
fn text_outputs(path: &str, bytes: &[u8]) -> Vec<(String, String)> {
    let prefix = read::prefix_of(bytes);
    let checked = Checked::new(path.into(), &prefix, &Settings::default());
    let mut all = Vec::new();
    for format in [Format::Human, Format::Concise, Format::Github] {
        let options = RenderOptions {
            color: false,
            width: 40,
        };
        let chunk = render::file(format, &checked, &options);
        all.push((format!("{format:?}"), chunk));
    }
    let form = gatelint::preview::Form::build(path, &prefix, None);
    let preview = gatelint::preview::render(&form, gatelint::preview::PreviewFormat::Terminal);
    all.push(("preview".into(), preview));
    all
}

fn assert_printable(outputs: &[(String, String)]) -> Result<(), TestCaseError> {
    use gatelint::render::escape::{forges_command, has_raw_control};
    for (what, text) in outputs {
        prop_assert!(
            !has_raw_control(text),
            "{}: raw control character in {:?}",
            what,
            text
        );
        if what == "Github" {
            prop_assert!(
                text.lines()
                    .all(|l| l.starts_with("::") && !l.contains("##[")),
                "{}: {:?}",
                what,
                text
            );
            prop_assert!(!text.contains('\r'), "{}: {:?}", what, text);
        } else {
            prop_assert!(
                !forges_command(text),
                "{}: a workflow command in {:?}",
                what,
                text
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A hostile label (raw, and through YAML escapes), value and path: every text output escapes
    /// it (issue 11).
    #[test]
    fn hostile_strings_never_reach_the_terminal_raw(
        label in hostile_string(),
        value in hostile_string(),
        path in hostile_string(),
    ) {
        let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let cards = [
            // Through YAML escapes (JSON strings are YAML double-quoted scalars).
            format!(
                "---\nextra_gated_fields:\n  {}: textt\n  B:\n    type: select\n    options: [{}]\nextra_gated_prompt: {}\n---\n",
                quoted(&label), quoted(&value), quoted(&value)
            ),
            // Raw, where the YAML parser may refuse it (a syntax error's snippet shows the line).
            format!("---\nextra_gated_fields:\n  {label}: textt\nextra_gated_heading: {value}\n---\n{value}\n"),
        ];
        for card in &cards {
            assert_printable(&text_outputs(&path, card.as_bytes()))?;
        }
    }
}

#[test]
fn there_are_fixtures_to_mutate() {
    assert!(
        FIXTURES.len() >= 20,
        "expected the fixtures under fixtures/, found {}",
        FIXTURES.len()
    );
}

#[test]
fn every_fixture_unmutated() {
    for (path, bytes) in FIXTURES.iter() {
        check_all(bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}
