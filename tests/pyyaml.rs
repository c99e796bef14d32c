//! PyYAML against js-yaml (issue 12 §3): the Hub loads front matter with js-yaml 4, Python tools
//! (`huggingface_hub`'s `metadata_load` and `ModelCard.load`, `datasets`) with PyYAML's
//! `yaml.safe_load`. This test loads the same texts with both and measures
//! `python-yaml-incompatible` against the real PyYAML:
//!
//! - recall: every text that js-yaml loads and Python cannot (PyYAML throws, or `ModelCard.load`
//!   throws on a non-string top-level key) gets a finding from the rule;
//! - precision: no text that Python loads gets one.
//!
//! It also classifies the texts that both load to different values of the gate keys (the
//! `extra_gated_*` keys and `gated`), which is `yaml11-ambiguous-scalar`'s ground, and prints
//! the counts.
//!
//! The texts: the front matter of every fixture, every parity case (`tests/parity/cases`), a
//! targeted list below, and mutations of the fixtures' front matter (tabs, long keys, Unicode
//! line breaks, control characters, dates, anchors, keys that are collections, …), and a fixed
//! sample of the differential run's generated and mutated documents (`generated_cases`). One Python
//! process (`tests/pyyaml/load.py`, in the test virtual environment, with the PyYAML of
//! `tests/support/requirements.txt`) and one node process (`tests/pyyaml/load.js`, with the
//! js-yaml 4 that `tests/support/tools.rs` installs) read them all as JSON lines.
//! `GATELINT_PYYAML_VERBOSE=1` prints every disagreement and every value difference;
//! `GATELINT_PYYAML_SEED=S GATELINT_PYYAML_COUNT=N` draws N generated documents from seed S
//! instead of the fixed sample (the long run).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use gatelint::Settings;

#[path = "support/driver.rs"]
mod driver;
#[path = "support/files.rs"]
mod files;
#[path = "support/tools.rs"]
mod tools;
#[path = "support/yamlgen.rs"]
mod yamlgen;

const RULE: &str = "python-yaml-incompatible";

/// The rules that say "the Hub's parser throws" (as in tests/parity.rs).
const YAML_RULES: [&str; 3] = ["yaml-syntax-error", "duplicate-key", "unknown-tag"];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One text, as both parsers and gatelint read it.
struct Case {
    name: String,
    /// The front matter as the Hub's fence finds it in the card.
    yaml: String,
    /// Every rule gatelint reported, with the 1-based line of each finding.
    findings: Vec<(String, usize)>,
}

impl Case {
    /// The card's front matter and gatelint's findings; `None` when the Hub sees no front
    /// matter or it is not UTF-8.
    fn from_card(name: String, card: &[u8]) -> Option<Case> {
        let (_, yaml) = files::front_matter(card)?;
        let line = |at: usize| {
            card.get(..at)
                .map_or(0, |b| b.iter().filter(|&&c| c == b'\n').count())
                + 1
        };
        // A finding's line, and those of the places its related labels mark.
        let findings = gatelint::lint_bytes(card, &Settings::default())
            .into_iter()
            .flat_map(|f| {
                let name = f.rule.name().to_owned();
                std::iter::once(f.span)
                    .chain(f.related.iter().map(|(span, _)| *span))
                    .map(|span| (name.clone(), line(span.start)))
                    .collect::<Vec<_>>()
            })
            .collect();
        Some(Case {
            name,
            yaml,
            findings,
        })
    }

    /// A bare YAML text, linted between fences (it must hold no fence line).
    fn from_yaml(name: String, yaml: &str) -> Option<Case> {
        let card = format!("---\n{yaml}\n---\n");
        Case::from_card(name, card.as_bytes())
    }

    fn has(&self, rule: &str) -> bool {
        self.findings.iter().any(|(r, _)| r == rule)
    }

    fn yaml_error(&self) -> bool {
        self.findings
            .iter()
            .any(|(r, _)| YAML_RULES.contains(&r.as_str()))
    }

    /// Lines of the front matter counted from the card's first line (the fence is line 1).
    fn rule_lines(&self) -> Vec<usize> {
        self.findings
            .iter()
            .filter(|(r, _)| r == RULE)
            .map(|(_, l)| *l)
            .collect()
    }
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

fn fixture_cases() -> Vec<Case> {
    let mut cards = files::with_extension(&root().join("fixtures"), "md");
    cards.sort();
    assert!(cards.len() >= 50, "the fixtures are missing");
    cards
        .iter()
        .filter_map(|path| {
            let bytes = std::fs::read(path).expect("read fixture");
            Case::from_card(relative(path), &bytes)
        })
        .collect()
}

fn parity_cases() -> Vec<Case> {
    let mut cases = files::with_extension(&root().join("tests/parity/cases"), "yaml");
    cases.sort();
    assert!(cases.len() >= 50, "the parity corpus is missing");
    cases
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).expect("read case");
            Case::from_yaml(relative(path), text.trim_end_matches(['\r', '\n']))
        })
        .collect()
}

/// Texts written for this test: each construct where PyYAML and js-yaml were seen to differ,
/// and its neighbours that both read alike.
const TARGETED: &[&str] = &[
    // Tabs: PyYAML takes only spaces between tokens and inside plain scalars.
    "extra_gated_prompt:\tHello",
    "extra_gated_prompt: Hello\t",
    "extra_gated_prompt: Hello \t ",
    "extra_gated_prompt: \tHello",
    "extra_gated_prompt: He\tllo",
    "extra_gated_prompt: 'He\tllo'",
    "extra_gated_prompt: \"He\tllo\"",
    "extra_gated_prompt: 'Hello'\t",
    "extra_gated_prompt: Hello\t# c",
    "extra_gated_prompt: Hello # c\td",
    "extra_gated_fields:\n  Name:\ttext",
    "extra_gated_fields:\n  Name: text\t",
    "extra_gated_fields:\n  Name: text\n\t\n  Email: text",
    "extra_gated_fields:\n  - \tName",
    "a:\n-\tx",
    "a:\t\n  b: 1",
    "a: [x,\ty]",
    "a: {b:\tc}",
    "a: |\n  x\n\ty",
    "a: |\t\n  x",
    "a: |\n  x\n  \ty",
    "a: >\n  x\n  \ty",
    "a: |\n  x\n\t\n  y",
    "a: |\n  x\n \t\n  y",
    "\t\na: 1",
    "a: 1\n\t\nb: 2",
    "a: 1\n  \t\nb: 2",
    "a: 1 \t# x",
    "# x\t\na: 1",
    "a\t: 1",
    "'a'\t: 1",
    "a: x\n\t# c",
    "a: \"x\n\ty\"",
    "a: x\n  \ty",
    "a: x\n\n\t\n  y",
    "a: 'x\n\ty'",
    // Implicit keys over 1024 characters (written as `{k1025}`: see `expand`).
    "{k1024}: v",
    "{k1025}: v",
    "{k1023} : v",
    "{k1023}  : v",
    "extra_gated_fields:\n  {k1100}: checkbox",
    "extra_gated_fields:\n  '{k1100}': checkbox",
    "extra_gated_fields:\n  \"{k1100}\": checkbox",
    "extra_gated_fields:\n  ? {k1100}\n  : checkbox",
    "a: {{k1100}: v}",
    "a: [{k1100}: v]",
    "- {k1100}: v",
    "&anchor {k1020}: v",
    "{é1025}: v",
    "{é1024}: v",
    "{😀1025}: v",
    "extra_gated_prompt: {k2000}",
    // Unicode line breaks: NEL, U+2028 and U+2029 end a line for PyYAML only.
    "a: x\u{2028}y",
    "extra_gated_prompt: x\u{2028}y",
    "extra_gated_prompt: x\u{85}y",
    "extra_gated_prompt: x\u{2029}y",
    "extra_gated_prompt: 'x\u{2028}y'",
    "extra_gated_prompt: \"x\u{85}y\"",
    "extra_gated_prompt: x\u{2028}  y",
    "a: 1\n# c\u{2028}d\nb: 2",
    "a: 1 # c\u{2028}d: 5\nb: 2",
    "a: |\n  x\u{2028}y",
    "a: x\u{85}",
    "a: \u{85}x",
    "a: x\u{2028}? ",
    "a: x\u{2028}? b",
    "a: x\u{2028}? 1\n: y",
    // Characters PyYAML's reader refuses anywhere.
    "a: x\u{7f}",
    "a: 'x\u{7f}'",
    "a: x # \u{7f}",
    "a: \"x\u{80}\"",
    "a: x\u{9f}",
    "a: 'x\u{ffff}'",
    "a: x\u{feff}",
    "a: \u{feff}x",
    "a: 1\n\u{feff}b: x",
    "a: \"\\ud800\"",
    "a: \"\\ud83d\\ude00\"",
    "a: x\u{a0}",
    "a: x\u{200b}",
    "a: \"\\x7f\\x1b\"",
    // Scalars PyYAML resolves to a type it cannot build.
    "a: =",
    "extra_gated_prompt: =",
    "a: [=]",
    "=: 1",
    "a: '='",
    "a: <<",
    "a: [<<]",
    "a: 0x_",
    "a: -0b__",
    "a: ._",
    "a: 0x",
    "a: 0o17",
    "a: 2024-02-30",
    "a: 2024-02-29",
    "a: 2023-02-29",
    "a: 2024-13-01",
    "a: 2024-1-32",
    "a: 0000-01-01",
    "a: 2024-01-01 25:00:00",
    "a: 2024-01-01T10:00:00+25:00",
    "a: 2024-01-01T10:00:00+23:59",
    "a: 2024-01-01t10:00:00",
    "a: 2024-01-01 10:61:00",
    "a: 2024-01-01 10:00:60",
    "a: 2024-1-1",
    "a: 2024-1-1 1:00:00",
    "2024-02-30: x",
    "a: !!timestamp 2024-02-30",
    "a: '2024-02-30'",
    // Anchors and aliases.
    "a: &x.y 1\nb: *x.y",
    "a: &x:y 1",
    "a: &é 1\nb: *é",
    "a: &a 1\nb: &a 2\nc: *a",
    "a: &a-b_1 1\nb: *a-b_1",
    "a: &x\u{2028}\n  b: 1\nc: *x\u{2028}",
    "a: &x {p: 1}\nb:\n  <<: *x\n  q: 2",
    // Anchor names PyYAML ends at `?` or `:` (js-yaml reads them to a blank), or before a
    // glued `[` or `{`.
    "size: &siz: e",
    "size: &siz:\n  b: 1",
    "size: &a:b: e",
    "&siz: e: 1",
    "a:\n  &siz: e",
    "a:\n  - &siz: e",
    "a: {&siz: e}",
    "a: {b: &siz: e}",
    "? k\n: &siz: e",
    "a: &a0? By clicking Submit you agree",
    "a: [&a0? x]",
    "a: &a0?x y",
    "a: &research{label: Research}",
    "a: &research {label: Research}",
    "a: &r[x]\nb: *r",
    // The non-specific tag `!`: PyYAML resolves the scalar as if it were plain.
    "a:\n!  '<<': 1",
    "! <<: {a: 1}",
    "! '<<': [{a: 1}]",
    "a: ! '<<'",
    "a: ! =",
    "a: ! \"2024-02-30\"",
    "a: ! '2024-02-29'",
    "a: ! 0x_",
    "! 'yes': 1",
    "extra_gated_fields:\n  Role:\n    type: select\n    options: [! \"No\", ! 'Yes', ! y]",
    "extra_gated_button_content: ! '1:30'",
    // Keys Python cannot hash or pass as keywords.
    "? [a, b]\n: x",
    "{a: 1}: x",
    "[a]: x",
    "a: {[b]: c}",
    "? {a: 1}\n: x",
    "? - a\n: x",
    "a: &s [1]\n*s : x",
    "yes: 1",
    "1: 1",
    "null: 1",
    "~: x",
    "2024-01-01: x",
    "'yes': 1",
    "a:\n  yes: 1",
    // Flow collections.
    "a: {\"b\":1}",
    "a: [a: b]",
    "a: {:b}",
    "a: [:b]",
    "a: [a, :b]",
    "a: {b: :c}",
    "a: [b:c]",
    "a: [?x]",
    "a: [-x]",
    "a: [a,# note\n: value\n  b]",
    "a: {x: 1, # c\n: v}",
    "a: ['a #b'\n, : 1]",
    "a: [a,# c\n  b]",
    "b: {x: 1,\u{a0}? }",
    "b: [\u{a0}?x]",
    // YAML 1.1 against 1.2 readings that do not throw (values differ).
    "extra_gated_eu_disallowed: yes",
    "extra_gated_fields:\n  Yes: checkbox\n  On: text",
    "extra_gated_fields:\n  Role:\n    type: select\n    options: [Yes, No, 1:30, 0o17, 1e3, 2024-01-01, ~]",
    "extra_gated_prompt: 0o17",
    "extra_gated_prompt: 1e3",
    "extra_gated_prompt: 2024-1-1 1:00:00",
    "extra_gated_prompt: 012",
    "extra_gated_heading: .NaN",
    "extra_gated_button_content: 1_000",
    "%YAML 1.1\n--- !!map\na: 1",
    "%\u{feff}\n--- # c\na: 1",
    "gated: auto",
    "gated: On",
];

/// Expands `{c<count>}` into `count` copies of the character `c`.
fn expand(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let mut chars = after.chars();
        let c = chars.next();
        let digits: String = chars.clone().take_while(|d| d.is_ascii_digit()).collect();
        let close = c.map_or(0, char::len_utf8) + digits.len();
        match (c, digits.parse::<usize>(), after[close..].starts_with('}')) {
            (Some(c), Ok(n), true) if !digits.is_empty() => {
                out.push_str(&rest[..open]);
                out.extend(std::iter::repeat_n(c, n));
                rest = &after[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn targeted_cases() -> Vec<Case> {
    TARGETED
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            Case::from_yaml(format!("targeted #{i}: {text:.60?}"), &expand(text))
        })
        .collect()
}

/// Where a line's first `: ` is.
fn separator(line: &str) -> Option<usize> {
    line.find(": ")
}

/// Mutations of one front matter, each named.
fn mutations(yaml: &str) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    let lines: Vec<&str> = yaml.split('\n').collect();
    let join = |lines: &[String]| lines.join("\n");
    let mut each_line = |name: &'static str, f: &dyn Fn(&str) -> Option<String>| {
        // The first line it applies to, and then every line.
        let mut first: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        if let Some(i) = lines.iter().position(|l| f(l).is_some()) {
            first[i] = f(lines[i]).unwrap_or_default();
            out.push((name, join(&first)));
            let all: Vec<String> = lines
                .iter()
                .map(|l| f(l).unwrap_or_else(|| l.to_string()))
                .collect();
            if all != first {
                out.push((name, join(&all)));
            }
        }
    };
    each_line("tab after `:`", &|l| {
        separator(l).map(|i| format!("{}:\t{}", &l[..i], &l[i + 2..]))
    });
    each_line("tab after `: `", &|l| {
        separator(l).map(|i| format!("{}: \t{}", &l[..i], &l[i + 2..]))
    });
    each_line("trailing tab", &|l| {
        (!l.trim().is_empty()).then(|| format!("{l}\t"))
    });
    each_line("trailing space and tab", &|l| {
        (!l.trim().is_empty()).then(|| format!("{l} \t"))
    });
    each_line("tab before a comment", &|l| {
        (!l.trim().is_empty() && !l.contains('#')).then(|| format!("{l}\t# note"))
    });
    each_line("tab inside a comment", &|l| {
        (!l.trim().is_empty() && !l.contains('#')).then(|| format!("{l} # a\tnote"))
    });
    each_line("tab after `- `", &|l| {
        let t = l.trim_start();
        t.starts_with("- ")
            .then(|| format!("{}-\t{}", &l[..l.len() - t.len()], &t[2..]))
    });
    each_line("space then tab in the indentation", &|l| {
        l.starts_with("  ").then(|| format!(" \t{}", &l[2..]))
    });
    each_line("tab inside a plain value", &|l| {
        separator(l).and_then(|i| {
            let value = &l[i + 2..];
            let space = value.find(' ')?;
            (!value.starts_with(['\'', '"', '|', '>', '[', '{', '&', '*', '!']))
                .then(|| format!("{}: {}\t{}", &l[..i], &value[..space], &value[space + 1..]))
        })
    });
    each_line("tab-only line", &|l| {
        l.trim().is_empty().then(|| "\t".to_string())
    });
    each_line("long key", &|l| {
        let t = l.trim_start();
        let i = separator(l)?;
        let key = &l[l.len() - t.len()..i];
        (!key.is_empty() && !key.starts_with(['-', '?', '\'', '"', '#', '&', '*', '!', '[', '{']))
            .then(|| {
                format!(
                    "{}{}{}",
                    &l[..i],
                    "x".repeat(1030 - key.len().min(1000)),
                    &l[i..]
                )
            })
    });
    each_line("long quoted key", &|l| {
        let t = l.trim_start();
        let i = separator(l)?;
        let key = &l[l.len() - t.len()..i];
        (!key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ' '))
        .then(|| {
            format!(
                "{}'{key}{}'{}",
                &l[..l.len() - t.len()],
                "y".repeat(1025),
                &l[i..]
            )
        })
    });
    for (name, c) in [
        ("U+2028 in a value", '\u{2028}'),
        ("U+2029 in a value", '\u{2029}'),
        ("NEL in a value", '\u{85}'),
        ("DEL in a value", '\u{7f}'),
        ("a C1 control in a value", '\u{9b}'),
        ("U+FFFE in a value", '\u{fffe}'),
        ("ESC in a value", '\u{1b}'),
        ("a BOM in a value", '\u{feff}'),
    ] {
        each_line(name, &move |l| {
            separator(l).and_then(|i| {
                let value = &l[i + 2..];
                let space = value.rfind(' ')?;
                Some(format!(
                    "{}: {}{c}{}",
                    &l[..i],
                    &value[..space],
                    &value[space + 1..]
                ))
            })
        });
    }
    for (name, c) in [
        ("U+2028 in a comment", '\u{2028}'),
        ("NEL in a comment", '\u{85}'),
        ("DEL in a comment", '\u{7f}'),
    ] {
        each_line(name, &move |l| {
            (!l.trim().is_empty() && !l.contains('#')).then(|| format!("{l} # a{c}b"))
        });
    }
    each_line("U+2028 ending a line", &|l| {
        (!l.trim().is_empty()).then(|| format!("{l}\u{2028}"))
    });
    for (name, value) in [
        ("value `=`", "="),
        ("value `<<`", "<<"),
        ("value `0x_`", "0x_"),
        ("date 2024-02-30", "2024-02-30"),
        ("date 2023-02-29", "2023-02-29"),
        ("date 2024-02-29", "2024-02-29"),
        ("time 24:00:00", "2024-05-01 24:00:00"),
        ("flow `[:b]`", "[:b]"),
        ("flow `{a: :b}`", "{a: :b}"),
    ] {
        out.push((name, format!("{yaml}\nadded: {value}")));
    }
    for (name, extra) in [
        ("anchor with a dot", "added: &a.b 1\nother: *a.b"),
        ("anchor twice", "added: &dup 1\nother: &dup 2"),
        ("a list as a key", "? [a, b]\n: x"),
        ("top-level key `yes`", "yes: 1"),
        ("top-level key `1`", "1: one"),
        ("top-level key `2024-01-01`", "2024-01-01: day"),
    ] {
        out.push((name, format!("{yaml}\n{extra}")));
    }
    out
}

fn mutated_cases(bases: &[Case]) -> Vec<Case> {
    let mut out = Vec::new();
    for base in bases {
        // Mutate front matter that is YAML to both parsers, with no odd line endings.
        if base.yaml_error() || base.yaml.contains('\r') || base.yaml.trim().is_empty() {
            continue;
        }
        for (what, yaml) in mutations(&base.yaml) {
            out.extend(Case::from_yaml(format!("{} + {what}", base.name), &yaml));
        }
    }
    out
}

/// A fixed sample of the differential run's documents (`tests/support/yamlgen.rs`: generated
/// from a grammar over gate metadata, or mutations of the fixtures and of generated documents):
/// the same seed every run, so a failure is reproducible.
const GENERATED_SEED: u64 = 12;
const GENERATED_COUNT: u64 = 3000;

/// The long run: `GATELINT_PYYAML_SEED` and `GATELINT_PYYAML_COUNT` replace the sample's seed
/// and size (README, Development).
fn generated_cases() -> Vec<Case> {
    let number = |name: &str, default: u64| {
        std::env::var(name).map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name}={v:?} is not a number"))
        })
    };
    let seed = number("GATELINT_PYYAML_SEED", GENERATED_SEED);
    let count = number("GATELINT_PYYAML_COUNT", GENERATED_COUNT);
    let seeds = yamlgen::seeds(&root());
    (0..count)
        .filter_map(|i| {
            let yaml = yamlgen::document(seed, i, &seeds);
            Case::from_yaml(format!("generated {seed}/{i}"), &yaml)
        })
        .collect()
}

/// One parser's verdict on one text.
#[derive(Debug)]
struct Verdict {
    ok: bool,
    error: String,
    /// The gate keys' values, normalised alike by both drivers.
    gate: serde_json::Value,
    /// Why `ModelCard.load` throws on what PyYAML loaded (PyYAML only).
    kwargs: Option<String>,
    /// Where PyYAML says the problem is (1-based line of the YAML text, 0 when unknown).
    line: usize,
}

/// Runs a driver over the texts: one JSON string per line in, one verdict per line out.
fn run_driver(command: &mut Command, what: &str, texts: &[&str]) -> Vec<Verdict> {
    driver::json_lines(command, what, texts)
        .into_iter()
        .map(|v| Verdict {
            ok: v["ok"] == true,
            // PyYAML's `problem` names the cause; its first line names only the context.
            error: v["problem"]
                .as_str()
                .filter(|p| !p.is_empty())
                .or(v["error"].as_str())
                .unwrap_or_default()
                .to_owned(),
            gate: v["gate"].clone(),
            kwargs: v["kwargs"].as_str().map(str::to_owned),
            line: v["line"].as_u64().unwrap_or(0) as usize,
        })
        .collect()
}

fn pyyaml(texts: &[&str]) -> Vec<Verdict> {
    let python = tools::venv_python();
    run_driver(
        Command::new(python).arg(root().join("tests/pyyaml/load.py")),
        "PyYAML (tests/pyyaml/load.py)",
        texts,
    )
}

fn js_yaml(texts: &[&str]) -> Vec<Verdict> {
    let js_yaml = tools::js_yaml();
    run_driver(
        Command::new("node")
            .arg(root().join("tests/pyyaml/load.js"))
            .env("JS_YAML", js_yaml),
        "node with js-yaml (tests/pyyaml/load.js; the test needs node)",
        texts,
    )
}

/// Why the two parsers' gate values differ, in yaml11-ambiguous-scalar's terms or others.
fn classify(case: &Case, py: &serde_json::Value, js: &serde_json::Value) -> &'static str {
    if case.yaml.contains(['\u{85}', '\u{2028}', '\u{2029}']) {
        return "a Unicode line break (NEL, U+2028, U+2029), a line break to PyYAML only";
    }
    let first = case
        .yaml
        .lines()
        .map(|l| l.trim_start_matches([' ', '\t']))
        .find(|l| !(l.is_empty() || l.starts_with('#')));
    if first.is_some_and(|l| {
        l.strip_prefix("---")
            .is_some_and(|r| !r.is_empty() && !r.starts_with([' ', '\t']))
    }) {
        return "a `---` glued to the first key (`---extra_gated_prompt: x`): js-yaml starts the \
                document there and reads `extra_gated_prompt`, PyYAML the key \
                `---extra_gated_prompt` (see python-yaml-incompatible's page)";
    }
    if case.has("yaml11-ambiguous-scalar")
        || case.has("eu-disallowed-not-boolean")
        || case.has("invalid-gated-value")
    {
        return "a YAML 1.1 boolean or base-60 number (gatelint warns: yaml11-ambiguous-scalar, \
                eu-disallowed-not-boolean, invalid-gated-value)";
    }
    if case.has("fields-not-mapping") && py.to_string().contains("{\"bool\"") {
        return "a YAML 1.1 boolean as `extra_gated_fields` (`yes`), a string to js-yaml: no form \
                either way (gatelint: fields-not-mapping, an error)";
    }
    if case.has("integer-like-label") {
        return "integer-like labels, which JavaScript objects move first (gatelint warns: \
                integer-like-label)";
    }
    if case.yaml.matches("<<").count() >= 2 {
        return "two merge keys giving one key: js-yaml keeps the first's value, PyYAML the last's";
    }
    if case
        .yaml
        .trim_end_matches(' ')
        .ends_with(|c: char| c != '\n')
        && case.yaml.contains(['|', '>'])
        && js.to_string().matches("\\n\"").count() != py.to_string().matches("\\n\"").count()
    {
        return "a block scalar (`|`, `>`) that ends the front matter: js-yaml ends it with a \
                line break, PyYAML does not (the fence takes the last one)";
    }
    let last = case.yaml.rsplit(['\n', '\r']).next().unwrap_or_default();
    if !last.is_empty() && last.bytes().all(|c| c == b' ') && case.yaml.contains(['|', '>']) {
        return "a block scalar (`|`, `>`) whose last line is spaces with no line break after it \
                (the fence takes it): js-yaml appends a line break to the text, so the block \
                ends in one more line break than PyYAML's, after a line of spaces more indented \
                than the block (`|\\n  007\\n    `) or an empty line that `|+`, `>+` keep \
                (tests/parity/README.md)";
    }
    let (p, j) = (py.to_string(), js.to_string());
    if p.contains("{\"date\"") && !j.contains("{\"date\"") {
        return "a date to PyYAML, a string to js-yaml (`2024-1-1 1:00:00`)";
    }
    let sorted = |v: &serde_json::Value| {
        let mut items: Vec<String> = v
            .as_array()
            .map(|a| a.iter().map(|x| x.to_string()).collect())
            .unwrap_or_default();
        items.sort();
        items
    };
    if case.yaml.contains("<<") && sorted(py) == sorted(js) {
        return "the same gate keys in another order: PyYAML puts merged keys before the \
                mapping's own, js-yaml where the `<<` stands";
    }
    let reported = [
        "unknown-gate-key",
        "invalid-field-spec",
        "unexpected-field-key",
    ];
    let mut p_chars: Vec<char> = p.chars().collect();
    let mut j_chars: Vec<char> = j.chars().collect();
    p_chars.sort_unstable();
    j_chars.sort_unstable();
    if p_chars == j_chars && reported.iter().any(|r| case.has(r)) {
        return "the same keys in another order under a misspelled gate key (integer-like keys \
                first to js-yaml), which the Hub ignores or rejects (gatelint reports the key: \
                unknown-gate-key, invalid-field-spec, unexpected-field-key)";
    }
    // The gate keys whose values differ, with js-yaml's value.
    let pairs = |v: &serde_json::Value| -> Vec<(String, serde_json::Value)> {
        v.as_array()
            .into_iter()
            .flatten()
            .filter_map(|pair| {
                let key = pair.get(0)?.as_str()?.to_owned();
                Some((key, pair.get(1)?.clone()))
            })
            .collect()
    };
    let (py_pairs, js_pairs) = (pairs(py), pairs(js));
    let differing: Vec<&(String, serde_json::Value)> = js_pairs
        .iter()
        .filter(|pair| !py_pairs.contains(pair))
        .collect();
    const TEXTS: [&str; 4] = [
        "extra_gated_prompt",
        "extra_gated_heading",
        "extra_gated_description",
        "extra_gated_button_content",
    ];
    if case.has("gate-text-not-string")
        && !differing.is_empty()
        && differing
            .iter()
            .all(|(key, value)| TEXTS.contains(&key.as_str()) && !value.is_string())
    {
        return "a difference inside a gate text that is no string to the Hub either (a list or \
                a mapping; gatelint: gate-text-not-string, an error)";
    }
    if case.yaml.contains("&") && case.yaml.contains("?") && p.contains('?') && !j.contains('?') {
        return "an anchor name glued to a `?` (`&name?`): js-yaml takes the `?` into the name, \
                PyYAML ends the name there and reads the `?` as text";
    }
    let more_bools = p.matches("{\"bool\"").count() > j.matches("{\"bool\"").count();
    if more_bools && case.has("gate-text-not-string") {
        return "a YAML 1.1 boolean inside a gate text that is no string to the Hub either \
                (`[off]`; gatelint: gate-text-not-string, an error)";
    }
    if case.yaml.contains("! ") && (more_bools || p.contains("null")) {
        return "a value tagged `!` (non-specific): PyYAML resolves it as if it were plain, even \
                quoted (`! \"No\"` is False, an empty `! >-` None), js-yaml keeps the string";
    }
    if more_bools && reported.iter().any(|r| case.has(r)) {
        return "a YAML 1.1 boolean under a misspelled key, which the Hub ignores or rejects \
                (gatelint reports the key: unknown-gate-key, invalid-field-spec, \
                unexpected-field-key)";
    }
    if p.contains(r#"{\"date\""#) {
        return "a date as a key: a date object to PyYAML, the Date's string to js-yaml (`Mon Jan \
                01 2024 …`, in the server's time zone)";
    }
    if p.contains("{\"key\":") && !j.contains("{\"key\":") {
        return "a key that is null, a boolean or a number to PyYAML, a string property to js-yaml \
                (`null:`, `~:`); Python's `ModelCard.load` needs string keys only at the top level";
    }
    if case.yaml.contains("<<") && py.is_null() && !js.is_null() {
        return "a mapping merged from inside itself (`&a` … `<<: *a`): a recursive structure to \
                PyYAML (no JSON value), the keys stored before the merge to js-yaml \
                (tests/parity/README.md)";
    }
    if (case.yaml.contains("\\\n") || case.yaml.contains("\\\r")) && case.yaml.contains('"') {
        return "blank lines after an escaped line break in a double-quoted value (`\"a\\`, an \
                empty line, ` b\"`): a line feed each to PyYAML, as the YAML spec says, skipped by \
                js-yaml (tests/parity/README.md)";
    }
    if p.contains("{\"bytes\"") && j.contains("{\"bytes\"") && case.yaml.contains("!!binary") {
        return "a `!!binary` value that is not clean base64 (a character outside it, or `=` \
                inside it): js-yaml and PyYAML decode different bytes (the Hub reads bytes, not \
                text, where a gate key wants a string: gate-text-not-string)";
    }
    if entry_below_empty_entry(&case.yaml) {
        return "a list entry less indented than an empty entry (`-` alone) right above it, in a \
                list inside another (`- - a\\n  -\\n- b`): the empty entry's list's next entry \
                to js-yaml, the outer list's to PyYAML (tests/parity/README.md)";
    }
    if p.contains("{\"num\"") || j.contains("{\"num\"") {
        return "a number in one YAML version only (`0o17`, `1e3`, `012`)";
    }
    let (py_only, js_only) = strings_apart(py, js);
    if !js_only.is_empty()
        && js_only.len() == py_only.len()
        && js_only.iter().all(|s| s.parse::<f64>().is_ok())
    {
        return "a key that is a number in one YAML version only, below the top level (`{1e3: x}`: \
                the key `1000` to js-yaml, `1e3` to PyYAML)";
    }
    if !js_only.is_empty()
        && js_only.len() == py_only.len()
        && js_only
            .iter()
            .zip(&py_only)
            .all(|(j, p)| j.strip_prefix('?') == Some(p.as_str()))
    {
        return "a `?` glued to a key inside `{…}` (`{label: a, ?value: b}`): a key indicator to \
                PyYAML (the key `value`), text to js-yaml (the key `?value`, so the Hub sees no \
                `value`: gatelint reports what that breaks, invalid-select-option)";
    }
    "other"
}

/// The strings (keys and values) that one of two JSON values holds more often than the other,
/// each list sorted.
fn strings_apart(a: &serde_json::Value, b: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(items) => items.iter().for_each(|i| strings(i, out)),
            serde_json::Value::Object(map) => map.values().for_each(|i| strings(i, out)),
            _ => {}
        }
    }
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    strings(a, &mut xs);
    strings(b, &mut ys);
    // As multisets: each string held once by both is taken out once.
    let mut b_only = Vec::new();
    for y in ys {
        match xs.iter().position(|x| *x == y) {
            Some(i) => {
                xs.swap_remove(i);
            }
            None => b_only.push(y),
        }
    }
    xs.sort();
    b_only.sort();
    (xs, b_only)
}

/// Whether a line starts with a list entry's `-` less indented than an empty entry (`-` alone)
/// on the last line above it that is not blank or a comment.
fn entry_below_empty_entry(yaml: &str) -> bool {
    let mut empty: Option<usize> = None;
    for line in yaml.lines() {
        let code = line.trim_start_matches(' ');
        if code.trim().is_empty() || code.starts_with('#') {
            continue;
        }
        let column = line.len() - code.len();
        let dash = code
            .strip_prefix('-')
            .filter(|a| a.is_empty() || a.starts_with([' ', '\t']));
        if dash.is_some() && empty.is_some_and(|e| column < e) {
            return true;
        }
        empty = dash
            .filter(|a| a.trim().is_empty() || a.trim().starts_with('#'))
            .map(|_| column);
    }
    false
}

#[test]
fn python_yaml_incompatible_matches_pyyaml() {
    let mut cases = fixture_cases();
    let fixtures = cases.len();
    cases.extend(parity_cases());
    let parity = cases.len() - fixtures;
    let targeted = targeted_cases();
    let targeted_count = targeted.len();
    cases.extend(targeted);
    let mutated = mutated_cases(&cases[..fixtures]);
    let mutated_count = mutated.len();
    cases.extend(mutated);
    let generated = generated_cases();
    let generated_count = generated.len();
    cases.extend(generated);
    let texts: Vec<&str> = cases.iter().map(|c| c.yaml.as_str()).collect();
    let py = pyyaml(&texts);
    let js = js_yaml(&texts);
    let verbose = std::env::var_os("GATELINT_PYYAML_VERBOSE").is_some();

    let (mut both_load, mut js_only, mut js_throws) = (0, 0, 0);
    let mut parity_gaps = Vec::new();
    let mut missed = Vec::new();
    let mut false_alarms = Vec::new();
    let mut found = 0;
    let mut wrong_line = Vec::new();
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    let mut differences: BTreeMap<&str, (usize, String)> = BTreeMap::new();
    for ((case, p), j) in cases.iter().zip(&py).zip(&js) {
        if !j.ok {
            js_throws += 1;
            continue;
        }
        let python_fails = !p.ok || p.kwargs.is_some();
        if case.yaml_error() {
            // js-yaml loads what gatelint calls invalid YAML: tests/parity.rs's business, listed.
            parity_gaps.push(format!("{}: js-yaml loads it", case.name));
            continue;
        }
        // Python gets no dict from a front matter that is not a mapping to the Hub either:
        // front-matter-not-mapping (an error) says so already.
        let covered = case.has(RULE) || case.has("front-matter-not-mapping");
        if python_fails {
            js_only += 1;
            let why = if p.ok {
                p.kwargs.clone().unwrap_or_default()
            } else {
                p.error.clone()
            };
            *causes.entry(cause(&why)).or_default() += 1;
            if covered {
                found += 1;
                // PyYAML's line (of the YAML text; the card's line is one more): one of the
                // rule's findings is there, where PyYAML names a line and counts lines as
                // gatelint does (NEL, U+2028 and U+2029 are line breaks to it only).
                let lines = case.rule_lines();
                // PyYAML points at the anchored node of an alias key; the rule at the key.
                // A carriage return alone is a line break to PyYAML, not in gatelint's lines.
                let lone_cr = case
                    .yaml
                    .match_indices('\r')
                    .any(|(i, _)| case.yaml.as_bytes().get(i + 1) != Some(&b'\n'));
                let unsure = p.line == 0
                    || lone_cr
                    || case.yaml.contains(['\u{85}', '\u{2028}', '\u{2029}'])
                    || (p.error == "found unhashable key" && case.yaml.contains('*'))
                    || case.has("front-matter-not-mapping");
                if !unsure && !lines.contains(&(p.line + 1)) {
                    wrong_line.push(format!(
                        "{}: PyYAML line {}, the rule's lines {lines:?}: {}\n    text: {:?}",
                        case.name,
                        p.line + 1,
                        p.error,
                        case.yaml
                    ));
                }
            } else {
                missed.push(format!(
                    "{}\n    PyYAML: {why}\n    text: {:.300?}",
                    case.name, case.yaml
                ));
            }
        } else {
            both_load += 1;
            if case.has(RULE) {
                false_alarms.push(format!("{}\n    text: {:.300?}", case.name, case.yaml));
            }
            if p.gate != j.gate {
                let class = classify(case, &p.gate, &j.gate);
                let entry = differences.entry(class).or_insert((0, String::new()));
                entry.0 += 1;
                // The first example, or every one (verbose).
                if entry.1.is_empty() || verbose {
                    if !entry.1.is_empty() {
                        entry.1.push_str("\n         e.g. ");
                    }
                    entry.1.push_str(&format!(
                        "{}: PyYAML {:.120} / js-yaml {:.120}\n           text: {:.300?}",
                        case.name, p.gate, j.gate, case.yaml
                    ));
                }
            }
        }
    }
    eprintln!(
        "{} texts: {fixtures} fixtures, {parity} parity cases, {targeted_count} targeted, {mutated_count} mutated, {generated_count} generated",
        cases.len()
    );
    eprintln!(
        "js-yaml throws on {js_throws}; both load {both_load}; js-yaml loads and Python cannot: {js_only}; \
         gatelint calls invalid what js-yaml loads: {}",
        parity_gaps.len()
    );
    eprintln!("Python's failures where js-yaml loads, by PyYAML's message:");
    for (cause, n) in &causes {
        eprintln!("  {n:>5}  {cause}");
    }
    eprintln!(
        "{RULE}: recall {found}/{js_only} (missed {}), false alarms {}/{both_load}, finding not on PyYAML's line {}",
        missed.len(),
        false_alarms.len(),
        wrong_line.len()
    );
    eprintln!("gate values that differ when both load, by cause:");
    for (class, (n, example)) in &differences {
        eprintln!("  {n:>5}  {class}\n         e.g. {example}");
    }
    let shown = if verbose { usize::MAX } else { 10 };
    for gap in parity_gaps.iter().take(shown) {
        eprintln!("parity gap: {gap}");
    }
    assert!(
        js_only > 50 && both_load > 500,
        "too few texts to measure the rule: {js_only} Python failures, {both_load} loads"
    );
    assert!(
        missed.is_empty() && false_alarms.is_empty() && wrong_line.is_empty(),
        "{RULE} against PyYAML: {} missed, {} false alarms, {} at another line\n\
         missed:\n{}\nfalse alarms:\n{}\nanother line:\n{}",
        missed.len(),
        false_alarms.len(),
        wrong_line.len(),
        missed
            .iter()
            .take(shown)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        false_alarms
            .iter()
            .take(shown)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
        wrong_line
            .iter()
            .take(shown)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n"),
    );
    assert!(
        !differences.contains_key("other"),
        "gate values that differ for a cause not classified: {:?}",
        differences.get("other")
    );
}

/// PyYAML's message without what varies from text to text (positions, values).
fn cause(message: &str) -> String {
    let mut out = message.to_owned();
    for (from, to) in [
        ("unacceptable character #x", "unacceptable character #x…"),
        ("for int() with base", "for int() with base"),
    ] {
        if let Some(i) = out.find(from) {
            out.truncate(i + from.len());
            if to.ends_with('…') {
                out.push('…');
            }
        }
    }
    if let Some(i) = out.find(": ").filter(|_| out.starts_with("keywords")) {
        out.truncate(i);
    }
    if let Some(i) = out.find("; first occurrence") {
        out.truncate(i);
    }
    if out.starts_with("found duplicate anchor") {
        out = "found duplicate anchor".into();
    }
    out
}
