//! Differential test against the Hub's parser (issue 12 §5): on documents nobody wrote by hand
//! (`tests/support/yamlgen.rs`: a grammar over gate metadata, and mutations of the fixtures,
//! parity cases and preview cards), gatelint and js-yaml 4 must agree on
//! - whether the document loads: gatelint reports a YAML-level error (`yaml-syntax-error`,
//!   `duplicate-key`, `unknown-tag`) exactly when js-yaml throws;
//! - what each gate key at the top level holds, as JSON: gatelint's reading (its tree, aliases
//!   followed, merge keys applied, every scalar as it resolves it) against the value js-yaml
//!   builds (`tests/differential/judge.js`).
//!
//! Figures (1 December): the sample of seed 1, 3 000 documents, went from 58 disagreements (9
//! causes) to 4 (3 causes) with the fixes of that day; a long run of seed 7, 50 000 documents,
//! found 204 from 23 causes (40.8 per 10 000). 2 December, fresh seeds: seed 23, 50 000
//! documents, at af8f59e, 166 from 21 causes (33.2 per 10 000), of which 67 from the lexical
//! causes fixed that day; seed 31, 50 000 documents, at f54b58c (those fixes), 127 from 21 causes
//! (25.4 per 10 000), 69 of them a mapping that merges itself (the harness's budget). Later that
//! day, seed 41 at 21ac6aa: 36 from 13 causes (7.2 per 10 000); after fixing nine of them, seed
//! 43 at 5910419: 13 from 11 causes (2.6 per 10 000). After fixing those and the `KNOWN` ones
//! (`KNOWN` is empty): seed 61, 10 000 documents, 0; seed 67, 20 000 documents, 3 from 2 causes
//! (1.5 per 10 000). Next session: seeds 79 to 81, 20 000 each, 0.8 per 10 000; seed 83, 0;
//! seeds 84 to 87, 50 000 each, 1.15 per 10 000 before that session's last fixes. The causes
//! left are listed in README, Development.
//!
//! `sample` runs a fixed sample on every `cargo test`; `long` (ignored) runs
//! `GATELINT_DIFF_N` documents from `GATELINT_DIFF_SEED` and prints the disagreements grouped by
//! cause, each with a minimal example: `scripts/differential.sh [SEED] [N]`.
//!
//! js-yaml comes from `JS_YAML` when set, else `tests/support/tools.rs` installs it. Without
//! node, the test is skipped with a printed reason, except under CI (`CI` set), where it fails.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use gatelint::yaml::key::{self, civil_from_days};
use gatelint::yaml::{Document, Node, Resolved, SyntaxKind, Value};
use gatelint::{card, frontmatter, gate, read, Settings, Yaml};
use serde_json::{json, Value as Json};

#[path = "support/tools.rs"]
mod tools;
#[path = "support/yamlgen.rs"]
mod yamlgen;

/// The rules that say "the Hub's parser throws".
const YAML_RULES: [&str; 3] = ["yaml-syntax-error", "duplicate-key", "unknown-tag"];

/// The top-level keys whose values are compared.
const KEYS: [&str; 7] = [
    "extra_gated_fields",
    "extra_gated_prompt",
    "extra_gated_heading",
    "extra_gated_description",
    "extra_gated_button_content",
    "extra_gated_eu_disallowed",
    "gated",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------------------------
// The two readings.

/// What one parser makes of a document.
#[derive(Debug, Clone, PartialEq)]
enum Reading {
    /// It throws (js-yaml) or reports a YAML-level error (gatelint): the message and 1-based line.
    Error { what: String, line: Option<usize> },
    /// It loads: the gate keys' values (`None`: the top level is not a mapping).
    Loads(Option<BTreeMap<String, Json>>),
}

/// The card gatelint is given for `doc`, and the YAML text the Hub's regex finds in it (what
/// js-yaml is given); `None` when the front matter is not exactly the document.
fn card_of(doc: &str) -> Option<(Vec<u8>, String)> {
    let mut card = String::from("---\n");
    card.push_str(doc);
    if !doc.ends_with('\n') {
        card.push('\n');
    }
    card.push_str("---\n");
    let prefix = read::prefix_of(card.as_bytes());
    let span = frontmatter::locate(&prefix).yaml()?;
    let yaml = std::str::from_utf8(span.slice(&prefix.bytes))
        .ok()?
        .to_owned();
    if yaml.trim_end_matches(['\r', '\n']) != doc.trim_end_matches(['\r', '\n']) {
        return None;
    }
    Some((card.into_bytes(), yaml))
}

/// The line (1-based, counted as js-yaml counts: `\n`, `\r\n` and a lone `\r` each end one)
/// of byte `at` of the card, within the front matter (whose first line is the card's second).
fn line_of(card: &[u8], at: usize) -> usize {
    let before = &card[..at.min(card.len())];
    let mut lines = 0;
    let mut i = 0;
    while i < before.len() {
        match before[i] {
            b'\n' => lines += 1,
            b'\r' if before.get(i + 1) != Some(&b'\n') => lines += 1,
            _ => {}
        }
        i += 1;
    }
    lines.max(1)
}

/// gatelint's reading of a card.
fn gatelint(card: &[u8]) -> Reading {
    let findings = gatelint::lint_bytes(card, &Settings::default());
    if let Some(f) = findings
        .iter()
        .filter(|f| YAML_RULES.contains(&f.rule.name()))
        .min_by_key(|f| f.span.start)
    {
        return Reading::Error {
            what: error_key(card, f),
            line: Some(line_of(card, f.span.start)),
        };
    }
    let prefix = read::prefix_of(card);
    card::with(&prefix, |card| {
        let Some(gate) = card.gate else {
            return Reading::Loads(None);
        };
        let mut out = BTreeMap::new();
        for key in KEYS {
            if let Some(entry) = gate.get(key) {
                let mut budget = BUDGET;
                let value = to_json(gate.doc, &entry.value, &mut budget, 0)
                    .unwrap_or_else(|| json!({"$big": true}));
                out.insert(key.to_owned(), value);
            }
        }
        Reading::Loads(Some(out))
    })
}

/// What a gatelint error is, for grouping by cause: the rule, and for `yaml-syntax-error` the
/// kind `src/yaml` classified the parser's error into (with the parser's own words when the kind
/// is `Other`), never the message's wording, which changes as messages improve.
fn error_key(card: &[u8], f: &gatelint::Finding) -> String {
    let rule = f.rule.name();
    if rule != "yaml-syntax-error" {
        return rule.to_owned();
    }
    let prefix = read::prefix_of(card);
    card::with(&prefix, |card| match &card.yaml {
        Yaml::SyntaxError(err) if err.kind == SyntaxKind::Other => {
            format!("{rule}: Other: {}", err.message)
        }
        Yaml::SyntaxError(err) => format!("{rule}: {:?}", err.kind),
        _ => format!("{rule}: not from the parser"),
    })
}

/// How many nodes, and how deep, a gate key's value is compared: past either, the judge writes
/// `{"$big": true}` (an alias bomb, or a mapping holding an alias to itself), and so does
/// `to_json`, counting the nodes of the value js-yaml builds as the judge does.
const BUDGET: usize = 100_000;
const DEPTH: usize = 200;

/// A node as js-yaml builds it, in the judge's JSON (`None` past the budget or the depth).
fn to_json(doc: &Document, node: &Node, budget: &mut usize, depth: usize) -> Option<Json> {
    *budget = budget.checked_sub(1)?;
    if depth > DEPTH {
        return None;
    }
    let node = doc.resolve(node);
    let suffix = node.tag.as_ref().and_then(|t| t.core_suffix.as_deref());
    Some(match &node.value {
        Value::Scalar { text, .. } => scalar_json(text, node.resolved()),
        Value::Alias(_) => Json::Null,
        // `!!pairs`: each one-key mapping becomes `[key, value]`.
        Value::Seq(items) if suffix == Some("pairs") => {
            let mut pairs = Vec::new();
            for item in items {
                for entry in gate::merged_entries(doc, doc.resolve(item)) {
                    // The pair, then its key, as the judge counts them.
                    *budget = budget.checked_sub(2)?;
                    if depth + 2 > DEPTH {
                        return None;
                    }
                    pairs.push(json!([
                        key::property_name(doc, &entry.key).into_owned(),
                        to_json(doc, &entry.value, budget, depth + 2)?
                    ]));
                }
            }
            Json::Array(pairs)
        }
        Value::Seq(items) => {
            let mut out = Vec::new();
            for item in items {
                out.push(to_json(doc, item, budget, depth + 1)?);
            }
            Json::Array(out)
        }
        Value::Map(_) => {
            let mut out = serde_json::Map::new();
            for entry in gate::merged_entries(doc, node) {
                let value = to_json(doc, &entry.value, budget, depth + 1)?;
                out.insert(key::property_name(doc, &entry.key).into_owned(), value);
            }
            Json::Object(out)
        }
    })
}

fn scalar_json(text: &str, resolved: Option<Resolved>) -> Json {
    match resolved {
        Some(Resolved::Null) | None => Json::Null,
        Some(Resolved::Bool(b)) => Json::Bool(b),
        Some(Resolved::Int) => key::int_value(text).map_or(Json::Null, number),
        Some(Resolved::Float) => key::float_value(text).map_or(Json::Null, number),
        Some(Resolved::Timestamp) => match key::timestamp_ms(text) {
            Some(ms) => json!({"$date": iso(ms)}),
            None => json!({"$date": "Invalid Date"}),
        },
        Some(Resolved::Binary) => json!({"$binary": rebase64(text)}),
        Some(Resolved::Merge) | Some(Resolved::Str) => Json::String(text.to_owned()),
    }
}

fn number(x: f64) -> Json {
    if x.is_finite() {
        json!(if x == 0.0 { 0.0 } else { x })
    } else if x.is_nan() {
        json!({"$num": "NaN"})
    } else if x > 0.0 {
        json!({"$num": "Infinity"})
    } else {
        json!({"$num": "-Infinity"})
    }
}

/// `Date.prototype.toISOString`.
fn iso(ms: f64) -> String {
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{}{:06}", if y < 0 { '-' } else { '+' }, y.abs())
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// js-yaml's `!!binary` text (base64, line breaks and `=` ignored) as canonical base64.
fn rebase64(text: &str) -> String {
    let bytes = key::binary_bytes(text).unwrap_or_default();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(B64[(v >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// js-yaml, in one node process for the whole run.

struct Judge {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Judge {
    /// The judge, or `None` (with the reason printed) when node is missing outside CI.
    fn start() -> Option<Judge> {
        if Command::new("node").arg("--version").output().is_err() {
            assert!(
                !tools::in_ci(),
                "node is required under CI for the differential test"
            );
            eprintln!("skipped: node is not installed (the differential test needs js-yaml 4)");
            return None;
        }
        let mut child = Command::new("node")
            .arg(root().join("tests/differential/judge.js"))
            .env("JS_YAML", tools::js_yaml())
            .env("TZ", "UTC")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start node");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("stdout"));
        Some(Judge {
            child,
            stdin,
            stdout,
        })
    }

    /// js-yaml's reading of each text.
    fn judge(&mut self, texts: &[String]) -> Vec<Reading> {
        let mut stdin = self.stdin.take().expect("stdin");
        let payload: String = texts
            .iter()
            .map(|t| serde_json::to_string(t).expect("json") + "\n")
            .collect();
        let writer = std::thread::spawn(move || {
            stdin.write_all(payload.as_bytes()).expect("write to node");
            stdin.flush().expect("flush");
            stdin
        });
        let mut out = Vec::with_capacity(texts.len());
        let mut line = String::new();
        for _ in texts {
            line.clear();
            let n = self.stdout.read_line(&mut line).expect("read from node");
            assert!(n > 0, "node stopped answering");
            let v: Json = serde_json::from_str(&line).expect("verdict");
            out.push(if v["ok"] == true {
                Reading::Loads(match &v["gate"] {
                    Json::Object(map) => Some(map.clone().into_iter().collect()),
                    _ => None,
                })
            } else {
                Reading::Error {
                    what: v["error"].as_str().unwrap_or("?").to_owned(),
                    line: v["line"].as_u64().map(|l| l as usize),
                }
            });
        }
        self.stdin = Some(writer.join().expect("writer"));
        out
    }
}

impl Drop for Judge {
    fn drop(&mut self) {
        // Killed, not waited for: after a failed assertion the writer thread may still hold
        // node's standard input. The child is ours, by its handle.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------------
// Comparing.

/// Numbers as f64, so that `7` and `7.0` compare equal.
fn normal(v: &Json) -> Json {
    match v {
        Json::Number(n) => n.as_f64().map_or(Json::Null, |x| json!(x)),
        Json::Array(items) => Json::Array(items.iter().map(normal).collect()),
        Json::Object(map) => {
            Json::Object(map.iter().map(|(k, v)| (k.clone(), normal(v))).collect())
        }
        other => other.clone(),
    }
}

fn kind(v: Option<&Json>) -> String {
    match v {
        None => "absent".into(),
        Some(Json::Null) => "null".into(),
        Some(Json::Bool(_)) => "a boolean".into(),
        Some(Json::Number(_)) => "a number".into(),
        Some(Json::String(_)) => "a string".into(),
        Some(Json::Array(_)) => "a list".into(),
        Some(Json::Object(map)) => match map.keys().next().map(String::as_str) {
            Some("$date") if map.len() == 1 => "a date".into(),
            Some("$binary") if map.len() == 1 => "bytes".into(),
            Some("$num") if map.len() == 1 => "a number".into(),
            _ => "a mapping".into(),
        },
    }
}

/// The first place two values differ: the path and a description of the difference.
fn first_difference(path: &str, hub: Option<&Json>, ours: Option<&Json>) -> Option<String> {
    match (hub, ours) {
        (Some(Json::Object(a)), Some(Json::Object(b)))
            if kind(hub) == "a mapping" && kind(ours) == "a mapping" =>
        {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .find_map(|k| first_difference(&format!("{path}.{k}"), a.get(k), b.get(k)))
        }
        (Some(Json::Array(a)), Some(Json::Array(b))) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(&format!("{path}[{i}]"), Some(x), Some(y))),
        (a, b) if a == b => None,
        (a, b) if kind(a) == kind(b) => Some(format!("{path}: {} with another value", kind(a))),
        (a, b) => Some(format!("{path}: js-yaml {}, gatelint {}", kind(a), kind(b))),
    }
}

/// Strips a message's variable parts (positions, quoted values), so messages group by cause.
fn shape(message: &str) -> String {
    let message = message.split(" (").next().unwrap_or(message);
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                out.push_str("`…`");
            }
        } else if !quoted {
            out.push(c);
        }
    }
    out.chars().take(90).collect()
}

/// The prefix of causes where both reject, on different lines: printed, not failed on. Sampled
/// on seed 1 (about 430 of 3 000 documents), by group:
/// - js-yaml reports where it noticed, gatelint where the author edits (gatelint's is better):
///   a key with no `:` ("a multiline key may not be an implicit key": js-yaml the line after the
///   key, gatelint the key's line), `<<` given a scalar (js-yaml the line after the merge,
///   gatelint the `<<`), an unknown or mismatched tag (js-yaml the end of the node, often the
///   next line; gatelint the tag);
/// - two errors in one document, reported in another order: js-yaml throws at the first it
///   reads (a duplicate key above a tab, say), gatelint reports a syntax error before any
///   duplicate-key or tag finding, because those need the whole tree; both are real errors the
///   author must fix, so this is left as it is;
/// - js-yaml's line is better, not fixed yet: a tab before an explicit key's `?` (`\t? k`: js-yaml
///   the tab's line, gatelint the `:` line below), a bad escape on a later line of a multi-line
///   double-quoted string (granit reports the string's first line), and directives (`%YAML`,
///   `%TAG`) js-yaml refuses where granit reads on.
const LINE: &str = "error line differs: ";

/// The cause of a disagreement, or `None` when the two agree.
fn cause(hub: &Reading, ours: &Reading) -> Option<String> {
    match (hub, ours) {
        (Reading::Error { what, .. }, Reading::Loads(_)) => Some(format!(
            "js-yaml throws \"{}\"; gatelint accepts",
            shape(what)
        )),
        (Reading::Loads(_), Reading::Error { what, .. }) => Some(format!(
            "gatelint reports \"{}\"; js-yaml loads",
            shape(what)
        )),
        (
            Reading::Error {
                what,
                line: Some(a),
            },
            Reading::Error { line: Some(b), .. },
        ) if a != b => Some(format!("{LINE}js-yaml \"{}\"", shape(what))),
        (Reading::Error { .. }, Reading::Error { .. }) => None,
        (Reading::Loads(a), Reading::Loads(b)) => {
            let a = a.as_ref().map(|m| normal(&json!(m)));
            let b = b.as_ref().map(|m| normal(&json!(m)));
            if a == b {
                return None;
            }
            let d = first_difference("", a.as_ref(), b.as_ref()).unwrap_or_else(|| "?".into());
            // Group by the kinds and the gate key, not by the label or option that differs.
            let key = d
                .trim_start_matches('.')
                .split(['.', '[', ':'])
                .next()
                .unwrap_or("")
                .to_owned();
            let what = d.rsplit(": ").next().unwrap_or(&d).to_owned();
            Some(format!("value of {key}: {what}"))
        }
    }
}

/// One document's verdicts.
struct Case {
    doc: String,
    hub: Reading,
    ours: Reading,
}

/// The documents of a run, as their cards' front matter, with both readings.
fn run(judge: &mut Judge, seed: u64, n: u64, seeds: &[yamlgen::Seed]) -> (Vec<Case>, usize) {
    let mut docs = Vec::new();
    let mut cards = Vec::new();
    let mut skipped = 0;
    for i in 0..n {
        let doc = yamlgen::document(seed, i, seeds);
        match card_of(&doc) {
            Some((card, yaml)) => {
                docs.push(yaml);
                cards.push(card);
            }
            None => skipped += 1,
        }
    }
    let mut cases = Vec::with_capacity(docs.len());
    for (chunk_docs, chunk_cards) in docs.chunks(2000).zip(cards.chunks(2000)) {
        let hub = judge.judge(chunk_docs);
        for ((doc, card), hub) in chunk_docs.iter().zip(chunk_cards).zip(hub) {
            let ours = gatelint(card);
            cases.push(Case {
                doc: doc.clone(),
                hub,
                ours,
            });
        }
    }
    (cases, skipped)
}

/// The disagreement's cause for a document, judged afresh.
fn cause_of(judge: &mut Judge, docs: &[String]) -> Vec<Option<String>> {
    let cards: Vec<Option<(Vec<u8>, String)>> = docs.iter().map(|d| card_of(d)).collect();
    let texts: Vec<String> = cards
        .iter()
        .map(|c| c.as_ref().map_or(String::new(), |(_, y)| y.clone()))
        .collect();
    let hub = judge.judge(&texts);
    cards
        .iter()
        .zip(hub)
        .map(|(card, hub)| cause(&hub, &gatelint(&card.as_ref()?.0)))
        .collect()
}

/// A smaller document with the same cause: lines removed, then characters (delta debugging,
/// bounded).
fn minimise(judge: &mut Judge, doc: &str, want: &str) -> String {
    let mut best = doc.to_owned();
    for unit_is_line in [true, false] {
        let mut chunk = 8usize;
        let mut rounds = 0;
        while chunk >= 1 && rounds < 60 {
            rounds += 1;
            let units: Vec<String> = if unit_is_line {
                best.split_inclusive('\n').map(str::to_owned).collect()
            } else {
                best.chars().map(String::from).collect()
            };
            if units.len() <= 1 {
                break;
            }
            let candidates: Vec<String> = (0..units.len())
                .step_by(chunk)
                .map(|start| {
                    let mut c = String::new();
                    for (i, u) in units.iter().enumerate() {
                        if i < start || i >= start + chunk {
                            c.push_str(u);
                        }
                    }
                    c
                })
                .filter(|c| !c.trim().is_empty())
                .collect();
            let causes = cause_of(judge, &candidates);
            match candidates
                .into_iter()
                .zip(causes)
                .find(|(_, c)| c.as_deref() == Some(want))
            {
                Some((smaller, _)) => best = smaller,
                None if chunk == 1 => break,
                None => chunk /= 2,
            }
        }
    }
    best
}

/// The report: per cause, how many documents and a minimal example.
fn report<'c>(
    judge: &mut Judge,
    cases: &'c [Case],
    minimal: bool,
) -> (BTreeMap<String, Vec<&'c Case>>, String) {
    let mut by_cause: BTreeMap<String, Vec<&Case>> = BTreeMap::new();
    for case in cases {
        if let Some(c) = cause(&case.hub, &case.ours) {
            by_cause.entry(c).or_default().push(case);
        }
    }
    let mut text = String::new();
    let mut sorted: Vec<_> = by_cause.iter().collect();
    sorted.sort_by_key(|(c, v)| {
        (
            c.starts_with(LINE),
            std::cmp::Reverse(v.len()),
            (*c).clone(),
        )
    });
    // `GATELINT_DIFF_DUMP=TEXT`: every document of the causes containing TEXT, for study.
    let dump = std::env::var("GATELINT_DIFF_DUMP").ok();
    for (cause, list) in sorted {
        if let Some(want) = dump.as_deref().filter(|w| cause.contains(w)) {
            for case in list {
                eprintln!("DUMP {want}: {:?}", case.doc);
            }
        }
        let example = list
            .iter()
            .map(|c| &c.doc)
            .min_by_key(|d| d.len())
            .expect("one");
        let example = if minimal && !cause.starts_with(LINE) {
            minimise(judge, example, cause)
        } else {
            example.clone()
        };
        let again = cause_of(judge, std::slice::from_ref(&example));
        let (hub, ours) = {
            let card = card_of(&example);
            let hub = judge.judge(&[card.as_ref().map_or(String::new(), |(_, y)| y.clone())]);
            let ours = card.map(|(c, _)| gatelint(&c));
            (hub.into_iter().next(), ours)
        };
        text.push_str(&format!(
            "{:>6}  {cause}\n        example: {example:?}\n        js-yaml:  {hub:?}\n        gatelint: {ours:?}\n",
            list.len()
        ));
        assert_eq!(
            again[0].as_deref(),
            Some(cause.as_str()),
            "the example keeps its cause"
        );
    }
    (by_cause, text)
}

/// Causes of disagreement not fixed yet, each with the reason. The fixed sample fails on any
/// other cause; a listed cause that no longer occurs must leave the list. gatelint's side of a
/// cause is the rule and, for `yaml-syntax-error`, the `SyntaxKind` (see `error_key`), so
/// rewording a message re-keys nothing.
const KNOWN: &[(&str, &str)] = &[];

fn check(seed: u64, n: u64, minimal: bool, strict: bool) {
    let Some(mut judge) = Judge::start() else {
        return;
    };
    let seeds = yamlgen::seeds(&root());
    assert!(seeds.len() > 100, "the seed texts are missing");
    let started = std::time::Instant::now();
    let (cases, skipped) = run(&mut judge, seed, n, &seeds);
    let rejected = cases
        .iter()
        .filter(|c| matches!(c.hub, Reading::Error { .. }))
        .count();
    let (by_cause, text) = report(&mut judge, &cases, minimal);
    let disagreeing: usize = by_cause
        .iter()
        .filter(|(c, _)| !c.starts_with(LINE))
        .map(|(_, v)| v.len())
        .sum();
    let causes = by_cause.keys().filter(|c| !c.starts_with(LINE)).count();
    let lines: usize = by_cause
        .iter()
        .filter(|(c, _)| c.starts_with(LINE))
        .map(|(_, v)| v.len())
        .sum();
    eprintln!(
        "seed {seed}: {} documents ({skipped} skipped: a line closes the front matter), {rejected} rejected by js-yaml; {disagreeing} disagreements from {causes} causes; {lines} errors on another line ({:.1} s)\n{text}",
        cases.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        cases.len() as u64 >= n * 9 / 10,
        "too many documents skipped"
    );
    if strict {
        let unknown: Vec<&String> = by_cause
            .keys()
            .filter(|c| !c.starts_with(LINE) && !KNOWN.iter().any(|(k, _)| c == k))
            .collect();
        assert!(
            unknown.is_empty(),
            "disagreements with js-yaml 4: {unknown:#?}"
        );
        let stale: Vec<&str> = KNOWN
            .iter()
            .map(|(k, _)| *k)
            .filter(|k| !by_cause.contains_key(*k))
            .collect();
        if !stale.is_empty() {
            // The sample changes with the seed texts (fixtures others add): a note, not a failure.
            eprintln!("known causes that did not occur in this sample: {stale:#?}");
        }
    }
}

/// Every seed text unmutated (the fixtures' front matter, the preview cards', every parity case):
/// acceptance and gate values, strictly; a parity case about a value (`2024-1-1` is a string)
/// is checked here.
#[test]
fn seeds_as_written() {
    let Some(mut judge) = Judge::start() else {
        return;
    };
    let seeds = yamlgen::seeds(&root());
    let mut failures = Vec::new();
    let docs: Vec<(Vec<u8>, String)> = seeds
        .iter()
        .filter_map(|s| card_of(&yamlgen::keep_in_front_matter(&s.text)))
        .collect();
    assert!(docs.len() > 100, "the seed texts are missing");
    let texts: Vec<String> = docs.iter().map(|(_, y)| y.clone()).collect();
    for ((card, yaml), hub) in docs.iter().zip(judge.judge(&texts)) {
        let ours = gatelint(card);
        if let Some(c) = cause(&hub, &ours).filter(|c| !c.starts_with(LINE)) {
            if !KNOWN.iter().any(|(k, _)| *k == c) {
                failures.push(format!(
                    "{c}\n    {yaml:?}\n    js-yaml:  {hub:?}\n    gatelint: {ours:?}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The fixed sample, on every `cargo test`.
#[test]
fn sample() {
    check(1, 3000, true, true);
}

/// The long version: `GATELINT_DIFF_SEED` (default 1), `GATELINT_DIFF_N` documents (default
/// 100 000). `scripts/differential.sh` runs it.
#[test]
#[ignore]
fn long() {
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    check(
        env("GATELINT_DIFF_SEED", 1),
        env("GATELINT_DIFF_N", 100_000),
        true,
        false,
    );
}

#[test]
fn the_harness_computes_values_as_javascript_does() {
    let iso_of = |text: &str| iso(key::timestamp_ms(text).expect("a timestamp"));
    assert_eq!(iso_of("2024-01-01"), "2024-01-01T00:00:00.000Z");
    assert_eq!(
        iso_of("2001-12-14t21:59:43.10-05:00"),
        "2001-12-15T02:59:43.100Z"
    );
    assert_eq!(iso_of("2024-13-01 1:02:03"), "2025-01-01T01:02:03.000Z");
    assert_eq!(rebase64("aGVs\nbG8="), "aGVsbG8=");
    assert_eq!(line_of(b"---\na\r\nb\rc", 10), 3);
}

/// Ad-hoc comparison, for study: `GATELINT_DIFF_TEXTS=FILE` (one JSON string per line, each a
/// YAML text) prints js-yaml's reading and gatelint's of each, and whether they agree:
/// `GATELINT_DIFF_TEXTS=/tmp/t.jsonl cargo test --test differential texts -- --ignored --nocapture`.
#[test]
#[ignore]
fn texts() {
    let Ok(path) = std::env::var("GATELINT_DIFF_TEXTS") else {
        return;
    };
    let Some(mut judge) = Judge::start() else {
        return;
    };
    let list = std::fs::read_to_string(path).expect("GATELINT_DIFF_TEXTS is readable");
    let docs: Vec<String> = list
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("one JSON string a line"))
        .collect();
    for doc in docs {
        let Some((card, yaml)) = card_of(&doc) else {
            eprintln!("{doc:?}: a line closes the front matter");
            continue;
        };
        let hub = judge.judge(&[yaml]).remove(0);
        let ours = gatelint(&card);
        let verdict = cause(&hub, &ours).unwrap_or_else(|| "agree".into());
        eprintln!("{doc:?}\n    {verdict}\n    js-yaml:  {hub:?}\n    gatelint: {ours:?}");
    }
}
