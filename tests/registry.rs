//! Every rule has its file, its line in `rules::check`, its docs page with tested examples, and
//! its fixtures; every fixture directory names a rule.

use std::path::Path;

use gatelint::{lint_bytes, Rule, Settings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

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
        if count("valid-") == 0 || count("invalid-") == 0 {
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
            name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
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
        if invalid.is_empty() || valid.is_empty() {
            problems.push(format!("{rule}: needs a ```md invalid and a ```md valid example"));
        }
        for (bad, card) in &examples {
            let fired = lint_bytes(card.as_bytes(), &Settings::default())
                .iter()
                .any(|f| f.rule == *rule);
            if fired != *bad {
                problems.push(format!(
                    "{rule}: the {} example {}:\n{card}",
                    if *bad { "invalid" } else { "valid" },
                    if *bad { "does not trigger it" } else { "triggers it" }
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Fenced blocks tagged `md invalid` or `md valid`, with their text.
fn examples(docs: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in docs.split_inclusive('\n') {
        let trimmed = line.trim_end();
        match &mut current {
            None => {
                if let Some(kind) = trimmed.strip_prefix("````md ").or(trimmed.strip_prefix("```md ")) {
                    current = Some((kind.trim() == "invalid", String::new()));
                }
            }
            Some((bad, text)) => {
                if trimmed == "```" || trimmed == "````" {
                    out.push((*bad, std::mem::take(text)));
                    current = None;
                } else {
                    text.push_str(line);
                }
            }
        }
    }
    out
}
