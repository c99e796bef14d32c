//! Every rule has its file, its line in `rules::check`, its docs page with tested examples, and
//! its fixtures; every fixture directory names a rule.

use std::path::Path;

use gatelint::{lint_bytes, Rule, Settings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Rules whose invalid case cannot be a fixture or a docs example: `front-matter-too-large` needs
/// more than 4 MiB of front matter. Its unit tests build that card in memory instead
/// (`src/rules/front_matter_too_large.rs`).
const UNWRITABLE_INVALID: &[Rule] = &[Rule::FrontMatterTooLarge];

#[test]
fn every_rule_has_a_file_a_call_docs_and_fixtures() {
    let registry = std::fs::read_to_string(root().join("src/rules/mod.rs")).unwrap();
    let mut missing = Vec::new();
    for rule in Rule::ALL {
        let name = rule.name();
        let snake = name.replace('-', "_");
        if !root().join(format!("src/rules/{snake}.rs")).is_file() {
            missing.push(format!("src/rules/{snake}.rs"));
        }
        if !registry.contains(&format!("    {snake}::check(card, out);")) {
            missing.push(format!("`{snake}::check(card, out);` in src/rules/mod.rs"));
        }
        let docs = rule.docs();
        if !docs.starts_with(&format!("# {name}\n")) || docs.contains("TODO") {
            missing.push(format!("docs/rules/{name}.md (titled `# {name}`, no TODO)"));
        }
        let dir = root().join("fixtures").join(name);
        let count = |prefix: &str| {
            std::fs::read_dir(&dir)
                .map(|d| {
                    d.filter_map(Result::ok)
                        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
                        .count()
                })
                .unwrap_or(0)
        };
        let invalid_needed = !UNWRITABLE_INVALID.contains(rule);
        if count("valid-") == 0 || (invalid_needed && count("invalid-") == 0) {
            missing.push(format!("fixtures/{name}/valid-*.md and invalid-*.md"));
        }
    }
    assert!(missing.is_empty(), "missing:\n{}", missing.join("\n"));
}

#[test]
fn every_fixture_directory_is_a_rule() {
    for entry in std::fs::read_dir(root().join("fixtures")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            name == "cards" || Rule::from_name(&name).is_some(),
            "fixtures/{name} names no rule"
        );
    }
}

#[test]
fn rule_names_are_kebab_case_and_unique() {
    let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    for name in &names {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{name}"
        );
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), Rule::ALL.len());
}

/// The examples in each docs page: a ```` ```md invalid ```` block is a whole card that must
/// trigger the rule, a ```` ```md valid ```` block one that must not.
#[test]
fn docs_examples_do_what_they_say() {
    let mut problems = Vec::new();
    for rule in Rule::ALL {
        let examples = examples(rule.docs());
        let (invalid, valid): (Vec<_>, Vec<_>) = examples.iter().partition(|(bad, _)| *bad);
        if (invalid.is_empty() && !UNWRITABLE_INVALID.contains(rule)) || valid.is_empty() {
            problems.push(format!(
                "{rule}: needs a ```md invalid and a ```md valid example"
            ));
        }
        for (bad, card) in &examples {
            let fired = lint_bytes(card, &Settings::default())
                .iter()
                .any(|f| f.rule == *rule);
            if fired != *bad {
                problems.push(format!(
                    "{rule}: the {} example {}:\n{}",
                    if *bad { "invalid" } else { "valid" },
                    if *bad {
                        "does not trigger it"
                    } else {
                        "triggers it"
                    },
                    String::from_utf8_lossy(card)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Fenced blocks tagged `md invalid` or `md valid`, with their bytes.
///
/// A block tagged `escaped` as well (```` ```md invalid escaped ````) holds bytes that Markdown
/// text cannot show, written as escapes: `\r` a carriage return, `\u{FEFF}` a character, `\xNN`
/// a raw byte (for invalid UTF-8), `\\` a backslash. Pages that use it say so to the reader.
fn examples(docs: &str) -> Vec<(bool, Vec<u8>)> {
    let mut out = Vec::new();
    let mut current: Option<(bool, bool, String)> = None;
    for line in docs.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match &mut current {
            None => {
                if let Some(tags) = trimmed
                    .strip_prefix("````md ")
                    .or(trimmed.strip_prefix("```md "))
                {
                    let mut words = tags.split_whitespace();
                    let bad = words.next() == Some("invalid");
                    current = Some((bad, words.any(|w| w == "escaped"), String::new()));
                }
            }
            Some((bad, escaped, text)) => {
                if trimmed == "```" || trimmed == "````" {
                    let bytes = if *escaped {
                        unescape(text)
                    } else {
                        text.clone().into_bytes()
                    };
                    out.push((*bad, bytes));
                    current = None;
                } else {
                    text.push_str(line);
                }
            }
        }
    }
    out
}

/// Decodes the escapes of an `escaped` example (see [`examples`]).
fn unescape(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('\\') {
        out.extend_from_slice(rest[..i].as_bytes());
        let after = &rest[i + 1..];
        rest = if let Some(r) = after.strip_prefix('r') {
            out.push(b'\r');
            r
        } else if let Some(r) = after.strip_prefix('\\') {
            out.push(b'\\');
            r
        } else if let Some(r) = after.strip_prefix('x') {
            let byte = u8::from_str_radix(&r[..2], 16).expect("\\xNN: two hex digits");
            out.push(byte);
            &r[2..]
        } else if let Some(r) = after.strip_prefix("u{") {
            let end = r.find('}').expect("\\u{...}: a closing brace");
            let c = u32::from_str_radix(&r[..end], 16)
                .ok()
                .and_then(char::from_u32)
                .expect("\\u{...}: a hex code point");
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            &r[end + 1..]
        } else {
            panic!(
                "unknown escape in an escaped example: \\{}",
                &after[..after.len().min(8)]
            );
        };
    }
    out.extend_from_slice(rest.as_bytes());
    out
}

#[test]
fn escaped_examples_decode() {
    assert_eq!(
        unescape(r"\u{FEFF}---\ra: 1\xE9 \\ x"),
        b"\xEF\xBB\xBF---\ra: 1\xE9 \\ x"
    );
}
