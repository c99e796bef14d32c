//! Hostile inputs (issue 5): every one must end in findings or a clean pass, quickly, with exit
//! 0, 1 or 2 and no panic, both through the library (`lint_bytes` and every renderer) and
//! through the binary. The inputs are generated here, never committed.
//!
//! Timings are measured and printed (`cargo test --test hardening -- --nocapture`), not asserted
//! tightly: a case that takes more than [`SLOW`] is a bug, and fails.

#[path = "support/run.rs"]
mod run;
#[path = "support/spans.rs"]
mod spans;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use clap::ValueEnum;
use gatelint::render::{self, Format, RenderOptions};
use gatelint::{read, Checked, Finding, Settings};

/// Slower than this is a bug. The tests run a debug build on 2 shared cores, about 5 times
/// slower than release: the slowest case here (human output of 50 000 findings) takes ~14 s in
/// debug and ~3 s in release.
const SLOW: Duration = Duration::from_secs(30);
/// The binary is killed after this.
const KILL: Duration = Duration::from_secs(60);

/// Lints `bytes` in process and renders the result in every format; checks every span.
fn lint_everywhere(name: &str, bytes: &[u8]) -> Vec<Finding> {
    let start = Instant::now();
    let prefix = read::prefix_of(bytes);
    let checked = Checked::new("README.md".into(), &prefix, &Settings::default());
    let findings = checked.findings.clone();
    if bytes.len() < 100_000 {
        let direct = gatelint::lint_bytes(bytes, &Settings::default());
        assert_eq!(direct, findings, "{name}: lint_bytes and Checked disagree");
    }
    if let Some(problem) = spans::span_problem(&checked, prefix.bytes.len()) {
        panic!("{name}: {problem}");
    }
    let lint_time = start.elapsed();
    let formats = Format::value_variants().iter().chain([&Format::Statistics]);
    for format in formats {
        let t = Instant::now();
        let chunk = render::file(*format, &checked, &RenderOptions::default());
        let mut out = Vec::new();
        render::write(*format, &[chunk], &mut out).expect("render to memory");
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            let parsed: serde_json::Value = serde_json::from_slice(&out)
                .unwrap_or_else(|e| panic!("{name}: bad {format:?} JSON: {e}"));
            if *format == Format::Json {
                assert_eq!(
                    parsed.as_array().map(Vec::len),
                    Some(findings.len()),
                    "{name}: JSON holds every finding"
                );
            }
        }
        let took = t.elapsed();
        assert!(took < SLOW, "{name}: rendering {format:?} took {took:?}");
        if took > Duration::from_millis(500) {
            eprintln!("  {name}: render {format:?} {took:?}");
        }
    }
    eprintln!(
        "{name}: {} bytes, {} findings, lint {lint_time:?}, total {:?}",
        bytes.len(),
        findings.len(),
        start.elapsed()
    );
    assert!(start.elapsed() < SLOW, "{name}: took {:?}", start.elapsed());
    findings
}

/// Runs the binary on `bytes` written as `dir/README.md`, in JSON and human form.
fn run_binary(name: &str, bytes: &[u8]) -> Vec<serde_json::Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("README.md");
    fs::write(&path, bytes).expect("write card");
    run_file(name, &path)
}

fn run_file(name: &str, path: &Path) -> Vec<serde_json::Value> {
    let mut command = std::process::Command::new(run::BIN);
    command
        .args(["check", "--format", "json", "--threads", "2"])
        .arg(path)
        .env("NO_COLOR", "1");
    run::cap_address_space(&mut command, MEMORY_CAP);
    let json = run::run_command(command, None, KILL);
    json.assert_sane(name);
    eprintln!(
        "{name}: binary json exit {:?} in {:?}",
        json.code, json.elapsed
    );
    assert!(
        json.elapsed < SLOW,
        "{name}: binary took {:?}",
        json.elapsed
    );
    let items = json.json(name);
    let errors = items.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(
        json.code,
        Some(if errors > 0 { 1 } else { 0 }),
        "{name}: exit code does not match the findings"
    );
    // Every renderer already ran in process; the binary's other formats on small inputs only.
    let formats: &[&str] = if std::fs::metadata(path).map_or(0, |m| m.len()) < 200_000 {
        &["human", "concise"]
    } else {
        &[]
    };
    for format in formats {
        let out = run::run(
            &[
                "check".as_ref(),
                "--format".as_ref(),
                format.as_ref(),
                path.as_os_str(),
            ],
            None,
            None,
            KILL,
        );
        out.assert_sane(name);
        assert_eq!(
            out.code, json.code,
            "{name}: {format} and json exit differently"
        );
        assert!(
            out.elapsed < SLOW,
            "{name}: binary {format} took {:?}",
            out.elapsed
        );
    }
    items
}

/// Both paths; returns the rule names found in process.
fn hostile(name: &str, bytes: &[u8]) -> Vec<&'static str> {
    let findings = lint_everywhere(name, bytes);
    let items = run_binary(name, bytes);
    assert_eq!(
        items.len(),
        findings.len(),
        "{name}: binary and library disagree"
    );
    findings.iter().map(|f| f.rule.name()).collect()
}

fn card(yaml: &str) -> Vec<u8> {
    format!("---\n{yaml}\n---\n# Model\n").into_bytes()
}

/// A tiny deterministic generator, so failures reproduce.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn empty_file() {
    let rules = hostile("empty", b"");
    assert!(
        rules.iter().all(|r| *r == "missing-front-matter"),
        "{rules:?}"
    );
}

#[test]
fn lone_fence() {
    for (name, bytes) in [
        ("lone ---", &b"---"[..]),
        ("lone ---\\n", b"---\n"),
        ("lone ---\\r\\n", b"---\r\n"),
        ("lone ---\\r", b"---\r"),
        ("two fences LF", b"---\n---"),
        ("two fences LF + LF", b"---\n---\n"),
        ("three fences", b"---\n---\n---\n"),
        ("fence then spaces", b"---   "),
        ("whitespace only", b" \n\t\n  \r\n"),
        ("dashes", b"-----\n-----\n"),
        ("document end", b"---\n...\n---\n"),
    ] {
        hostile(name, bytes);
    }
}

#[test]
fn nul_bytes() {
    hostile(
        "nul in value",
        &card("license: mit\nextra_gated_prompt: a\0b"),
    );
    hostile("nul in key", &card("extra_gated_fields:\n  Na\0me: text"));
    hostile("nul only front matter", b"---\n\0\0\0\n---\n");
    hostile("nul everywhere", &vec![0u8; 100_000]);
    let mut c = b"---\n".to_vec();
    c.extend(vec![0u8; 100_000]);
    c.extend(b"\n---\n");
    hostile("nul block", &c);
}

#[test]
fn invalid_utf8_in_front_matter_is_located() {
    let bytes = b"---\nlicense: mit\nextra_gated_prompt: ab\xffcd\n---\nbody\n";
    let rules = hostile("invalid utf-8 in front matter", bytes);
    assert!(rules.contains(&"invalid-utf8"), "{rules:?}");
    let items = run_binary("invalid utf-8 position", bytes);
    let f = items
        .iter()
        .find(|f| f["rule"] == "invalid-utf8")
        .expect("an invalid-utf8 finding");
    // `extra_gated_prompt: ab` is 22 characters: the bad byte is column 23 of line 3.
    assert_eq!(f["start"]["line"], 3, "{f}");
    assert_eq!(f["start"]["column"], 23, "{f}");
    assert_eq!(f["severity"], "error");

    // After multi-byte characters, the column still counts characters.
    let bytes = "---\nextra_gated_prompt: é€\u{1F600}x"
        .bytes()
        .chain(*b"\xc3(\n---\n")
        .collect::<Vec<_>>();
    let items = run_binary("invalid utf-8 after multibyte", &bytes);
    let f = items
        .iter()
        .find(|f| f["rule"] == "invalid-utf8")
        .expect("an invalid-utf8 finding");
    assert_eq!(f["start"]["line"], 2, "{f}");
    assert_eq!(f["start"]["column"], 25, "{f}");
    lint_everywhere("truncated sequence", &bytes);
    // A truncated sequence at the very end of the front matter.
    hostile("truncated at the fence", b"---\na: \xe2\x82\n---\n");
    hostile("lone continuation bytes", b"---\n\x80\x80\x80: \xbf\n---\n");
    hostile(
        "overlong and surrogates",
        b"---\na: \xc0\xaf \xed\xa0\x80\n---\n",
    );
}

#[test]
fn invalid_utf8_in_the_body_is_never_read() {
    let mut bytes = card("license: mit\nextra_gated_prompt: Please agree");
    bytes.extend(b"\xff\xfe\xfd body \x80\x81\n");
    bytes.extend(noise(200_000, 7));
    let rules = hostile("invalid utf-8 in body", &bytes);
    assert!(
        rules.is_empty(),
        "a valid card with a binary body: {rules:?}"
    );
}

#[test]
fn utf16_with_bom() {
    let text = "---\nlicense: mit\nextra_gated_prompt: hi\n---\n# Model\n";
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let rules = hostile("utf-16le", &le);
    assert!(
        !rules.is_empty(),
        "a UTF-16 card has no metadata the Hub can see"
    );
    hostile("utf-16be", &be);
    // UTF-8 BOM then UTF-16: still no panic.
    let mut mixed = b"\xEF\xBB\xBF---\n".to_vec();
    mixed.extend(&le);
    hostile("utf-8 bom then utf-16", &mixed);
}

#[test]
fn binary_files_named_readme() {
    for seed in 1..6 {
        hostile(&format!("noise {seed}"), &noise(300_000, seed));
    }
    // Noise inside an open fence: the whole thing is front matter.
    let mut bytes = b"---\n".to_vec();
    bytes.extend(noise(100_000, 42));
    bytes.extend(b"\n---\n");
    hostile("noise in fences", &bytes);
    // A PNG header, an ELF header.
    hostile("png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01");
    hostile("elf", b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
}

#[test]
fn cr_only_line_endings() {
    let bytes = b"---\rlicense: mit\rextra_gated_prompt: hi\r---\r# Model\r";
    let rules = hostile("cr only", bytes);
    assert!(
        !rules.is_empty(),
        "CR-only endings hide the metadata: {rules:?}"
    );
    hostile("cr only, huge", &b"---\r".repeat(500_000));
    hostile(
        "mixed endings",
        b"---\r\nlicense: mit\rgated: true\n---\r\n",
    );
}

#[test]
fn deep_flow_nesting() {
    let depth = 100_000;
    let flow = format!("a: {}{}", "[".repeat(depth), "]".repeat(depth));
    let rules = hostile("100 000-deep flow seq", &card(&flow));
    assert!(rules.contains(&"yaml-syntax-error"), "{rules:?}");
    let flow = format!("a: {}x{}", "{a: ".repeat(depth), "}".repeat(depth));
    hostile("100 000-deep flow map", &card(&flow));
    let flow = format!("a: {}", "[".repeat(depth));
    hostile("100 000 unclosed [", &card(&flow));
    // Just under the limit: parses.
    let ok = format!("a: {}{}", "[".repeat(200), "]".repeat(200));
    let rules = hostile("200-deep flow", &card(&ok));
    assert!(!rules.contains(&"yaml-syntax-error"), "{rules:?}");
}

#[test]
fn deep_block_nesting() {
    let depth = 100_000;
    let seq = format!("a:\n{}x", "- ".repeat(depth));
    let rules = hostile("100 000-deep block seq", &card(&seq));
    assert!(rules.contains(&"yaml-syntax-error"), "{rules:?}");
    // Indented mappings, as deep as the front matter cap allows (~2 000 levels, ~4 MB).
    let mut map = String::new();
    for i in 0..2_000 {
        map.push_str(&" ".repeat(i));
        map.push_str("k:\n");
    }
    hostile("2 000-deep block map", &card(&map));
    let mut keys = String::new();
    for i in 0..2_000 {
        keys.push_str(&" ".repeat(i));
        keys.push_str("? \n");
    }
    hostile("2 000-deep explicit keys", &card(&keys));
}

#[test]
fn a_hundred_thousand_fields() {
    let mut yaml = String::from("extra_gated_fields:\n");
    for i in 0..100_000 {
        yaml.push_str(&format!("  Field {i}: text\n"));
    }
    let rules = hostile("100 000 fields", &card(&yaml));
    assert!(
        !rules.contains(&"yaml-syntax-error"),
        "{:?}",
        &rules[..rules.len().min(5)]
    );
}

#[test]
fn a_hundred_thousand_options() {
    let mut yaml = String::from("extra_gated_fields:\n  Pick:\n    type: select\n    options:\n");
    for i in 0..100_000 {
        yaml.push_str(&format!("      - Option {i}\n"));
    }
    hostile("100 000 options", &card(&yaml));
    let mut yaml = String::from("extra_gated_fields:\n  Pick:\n    type: select\n    options:\n");
    for i in 0..50_000 {
        yaml.push_str(&format!("      - {{label: L{i}, value: V{i}}}\n"));
    }
    hostile("50 000 label/value options", &card(&yaml));
    // Countries, many times over: select-lists-countries and duplicate-select-option.
    let mut yaml =
        String::from("extra_gated_fields:\n  Country:\n    type: select\n    options:\n");
    for _ in 0..2_000 {
        for c in [
            "France", "Germany", "Japan", "Brazil", "Kenya", "Canada", "India", "Peru",
        ] {
            yaml.push_str(&format!("      - {c}\n"));
        }
    }
    hostile("16 000 repeated country options", &card(&yaml));
}

#[test]
fn fifty_thousand_duplicate_keys() {
    let mut yaml = String::from("extra_gated_fields:\n");
    for _ in 0..50_000 {
        yaml.push_str("  Name: text\n");
    }
    let rules = hostile("50 000 duplicate labels", &card(&yaml));
    assert!(rules.iter().filter(|r| **r == "duplicate-key").count() >= 49_999);
    let mut yaml = String::new();
    for _ in 0..50_000 {
        yaml.push_str("extra_gated_prompt: hi\n");
    }
    hostile("50 000 duplicate top keys", &card(&yaml));
    // Labels that differ only by case and spaces (empty-label compares them).
    let mut yaml = String::from("extra_gated_fields:\n");
    // 20 000, not 50 000: this makes two findings per label, and rendering 100 000 findings in
    // every format takes over 30 s in a debug build (linearly: ~8 s in release).
    for i in 0..20_000 {
        let label = if i % 2 == 0 { "name" } else { "NAME" };
        yaml.push_str(&format!("  \"{}{label}\": text\n", " ".repeat(i % 7)));
    }
    hostile("20 000 near-duplicate labels", &card(&yaml));
    // Keys that collide only as JavaScript property names.
    let mut yaml = String::new();
    for i in 0..25_000 {
        yaml.push_str(&format!("{i}: a\n0x{i:x}: b\n"));
    }
    hostile("25 000 int/hex collisions", &card(&yaml));
    // Duplicate keys in flow style on one line.
    let flow = format!("a: {{{}}}", vec!["k: v"; 50_000].join(", "));
    hostile("50 000 duplicate flow keys", &card(&flow));
}

#[test]
fn a_twenty_megabyte_prompt() {
    let yaml = format!("extra_gated_prompt: {}", "x".repeat(20 * 1024 * 1024));
    let rules = hostile("20 MB plain prompt", &card(&yaml));
    assert!(rules.contains(&"front-matter-too-large"), "{rules:?}");
    // Just under the cap: parsed, a clean pass.
    let yaml = format!("extra_gated_prompt: {}", "x ".repeat(1_900_000));
    let rules = hostile("3.8 MB plain prompt", &card(&yaml));
    assert!(rules.is_empty(), "{rules:?}");
    let yaml = format!("extra_gated_prompt: \"{}\"", "\\u00e9 ".repeat(500_000));
    hostile("3.5 MB double-quoted prompt with escapes", &card(&yaml));
    let yaml = format!("extra_gated_prompt: |\n{}", "  line\n".repeat(500_000));
    hostile("3.5 MB literal prompt", &card(&yaml));
}

#[test]
fn millions_of_lines_unclosed() {
    let mut bytes = b"---\n".to_vec();
    for _ in 0..3_000_000 {
        bytes.extend_from_slice(b"a: b\n");
    }
    let rules = hostile("3 000 000 lines, no closing fence", &bytes);
    assert!(rules.contains(&"front-matter-too-large"), "{rules:?}");
    // Closed, but only after the cap.
    bytes.extend_from_slice(b"---\nbody\n");
    let rules = hostile("closed after the cap", &bytes);
    assert!(rules.contains(&"front-matter-too-large"), "{rules:?}");
    // Millions of empty lines.
    let mut bytes = b"---\n".to_vec();
    bytes.extend(vec![b'\n'; 6_000_000]);
    hostile("6 000 000 empty lines", &bytes);
    // A front matter that closes exactly at the cap.
    let cap = gatelint::frontmatter::FRONT_MATTER_CAP;
    let mut bytes = b"---\na: ".to_vec();
    bytes.resize(cap - 4, b'x');
    bytes.extend_from_slice(b"\n---\n");
    hostile("closing fence at the cap", &bytes);
}

/// A 2 GB file (sparse: no disk is used) with a small front matter: only the front matter is
/// read, so the run is quick, and fits in an address-space cap far below the file's size.
#[test]
fn a_two_gigabyte_card() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, &[u8]); 3] = [
        (
            "2 GB, small front matter",
            b"---\nlicense: mit\nextra_gated_prompt: hi\n---\n# Model\n",
        ),
        ("2 GB, no front matter", b"# Model\n"),
        ("2 GB, unclosed front matter", b"---\nlicense: mit\n"),
    ];
    for (name, head) in cases {
        let path = dir.path().join("README.md");
        fs::write(&path, head).expect("write");
        let file = fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .expect("open");
        file.set_len(2 << 30).expect("set_len");
        drop(file);
        let mut command = std::process::Command::new(run::BIN);
        command
            .args(["check", "--format", "json", "--threads", "2"])
            .arg(&path)
            .env("NO_COLOR", "1");
        run::cap_address_space(&mut command, MEMORY_CAP);
        let out = run::run_command(command, None, KILL);
        out.assert_sane(name);
        out.json(name);
        eprintln!("{name}: exit {:?} in {:?}", out.code, out.elapsed);
        assert!(
            out.elapsed < Duration::from_secs(5),
            "{name}: took {:?}",
            out.elapsed
        );
        fs::remove_file(&path).expect("remove");
    }
}

/// The address space a run may use: far below the 2 GB file, and every hostile input must fit.
const MEMORY_CAP: u64 = 1 << 30;

#[test]
fn alias_bombs() {
    // Billion laughs: 9^9 strings if expanded.
    let mut yaml = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for w in names.windows(2) {
        let refs = vec![format!("*{}", w[0]); 9].join(", ");
        yaml.push_str(&format!("{}: &{} [{refs}]\n", w[1], w[1]));
    }
    let laughs = yaml.clone();
    hostile("billion laughs", &card(&laughs));
    // The bomb where the gate model looks: as fields, options, prompt, labels.
    hostile(
        "bomb as fields",
        &card(&format!("{laughs}extra_gated_fields: *i\n")),
    );
    hostile(
        "bomb as options",
        &card(&format!(
            "{laughs}extra_gated_fields:\n  Pick:\n    type: select\n    options: *i\n"
        )),
    );
    hostile(
        "bomb as prompt",
        &card(&format!("{laughs}extra_gated_prompt: *i\n")),
    );
    // Aliases as keys, compared as JavaScript property names (a list becomes "a,b,…").
    hostile(
        "bomb as keys",
        &card(&format!("{laughs}? *i\n: 1\n? *h\n: 2\n? *i\n: 3\n")),
    );
    hostile(
        "bomb as label keys",
        &card(&format!(
            "{laughs}extra_gated_fields:\n  ? *i\n  : text\n  ? *i\n  : text\n"
        )),
    );
    // Mapping bombs, merged.
    let mut yaml = String::from("m0: &m0 {a: 1, b: 2, c: 3, d: 4}\n");
    for i in 1..10 {
        let p = i - 1;
        yaml.push_str(&format!(
            "m{i}: &m{i} {{x: *m{p}, y: *m{p}, z: *m{p}, <<: [*m{p}, *m{p}]}}\n"
        ));
    }
    yaml.push_str(
        "extra_gated_fields:\n  <<: *m9\n  F:\n    <<: [*m9, *m8, *m7]\n    type: text\n",
    );
    hostile("merge bomb", &card(&yaml));
}

#[test]
fn many_aliases() {
    // Each alias resolved by searching the tree would be quadratic.
    let mut yaml = String::from(
        "t: &t text\nsel: &sel {type: select, options: [a, b]}\nextra_gated_fields:\n",
    );
    for i in 0..50_000 {
        yaml.push_str(&format!(
            "  F{i}: {}\n",
            if i % 2 == 0 { "*t" } else { "*sel" }
        ));
    }
    hostile("50 000 aliased fields", &card(&yaml));
    // The same anchor name redefined over and over.
    let mut yaml = String::from("extra_gated_fields:\n");
    for i in 0..50_000 {
        yaml.push_str(&format!("  L{i}: &x text\n  M{i}: *x\n"));
    }
    hostile("redefined anchors", &card(&yaml));
}

#[test]
fn self_referencing_aliases() {
    for (name, yaml) in [
        ("undefined alias", "a: *nope"),
        ("alias before anchor", "a: *x\nb: &x 1"),
        ("seq containing itself", "a: &a [*a]"),
        ("map containing itself", "a: &a {b: *a}"),
        ("block map containing itself", "a: &a\n  b: *a\n  c: *a"),
        ("self as key", "? &a [*a]\n: 1\n? &b [*b]\n: 2"),
        ("self map as key", "? &a {k: *a}\n: 1\n? x\n: 2"),
        (
            "fields are themselves",
            "extra_gated_fields: &f\n  A: *f\n  B: text",
        ),
        (
            "options contain themselves",
            "extra_gated_fields:\n  P:\n    type: select\n    options: &o [*o, a]",
        ),
        ("merge of itself", "a: &a\n  <<: *a\n  x: 1"),
        (
            "fields merge themselves",
            "extra_gated_fields: &f\n  <<: *f\n  A: text",
        ),
        ("mutual merge", "a: &a {<<: *b}\nb: &b {<<: *a}"),
        ("root alias", "&r {a: *r}"),
        (
            "label is itself",
            "extra_gated_fields:\n  ? &l [*l]\n  : text\n  ? &m [*m]\n  : text",
        ),
        ("alias to the root's key", "&k a: *k"),
    ] {
        hostile(name, &card(yaml));
    }
}

#[test]
fn merge_keys() {
    for (name, yaml) in [
        (
            "merge fields",
            "base: &b {A: text, B: checkbox}\nextra_gated_fields:\n  <<: *b\n  C: country",
        ),
        (
            "merge list",
            "x: &x {A: text}\ny: &y {B: text}\nextra_gated_fields:\n  <<: [*x, *y]",
        ),
        (
            "merge field spec",
            "s: &s {type: select}\nextra_gated_fields:\n  P:\n    <<: *s\n    options: [a]",
        ),
        ("merge scalar", "extra_gated_fields:\n  <<: text"),
        ("merge null", "<<:\nextra_gated_prompt: hi"),
        ("merge seq of scalars", "<<: [a, b, c]"),
        (
            "merge at top",
            "g: &g {extra_gated_prompt: hi, gated: true}\n<<: *g",
        ),
        ("quoted merge key", "'<<': {a: 1}\n\"<<\": {b: 2}"),
        (
            "many merges",
            "m: &m {a: 1}\nx:\n  <<: *m\n  <<: *m\n  <<: *m",
        ),
        ("merge of tagged", "m: &m !!map {a: 1}\nx: {<<: *m}"),
        ("tagged merge key", "x: {!!merge <<: {a: 1}}"),
    ] {
        hostile(name, &card(yaml));
    }
    // Big merged mappings: merging must not be quadratic.
    let mut yaml = String::from("base: &b\n");
    for i in 0..40_000 {
        yaml.push_str(&format!("  k{i}: text\n"));
    }
    yaml.push_str("extra_gated_fields:\n  <<: *b\n");
    for i in 0..40_000 {
        yaml.push_str(&format!("  j{i}: text\n"));
    }
    hostile("40 000 merged into 40 000", &card(&yaml));
}

#[test]
fn tags_everywhere() {
    for (name, yaml) in [
        ("python tuple", "a: !!python/tuple [1, 2]"),
        ("verbatim", "a: !<tag:yaml.org,2002:python/tuple> [1, 2]"),
        ("local tag", "a: !custom x"),
        ("non-specific", "a: ! 12"),
        ("core tags", "a: !!str 1\nb: !!int 2\nc: !!float 3\nd: !!bool true\ne: !!null ''\nf: !!map {}\ng: !!seq []\nh: !!timestamp 2024-01-01"),
        ("mismatched core tags", "a: !!int x\nb: !!map []\nc: !!seq {}\nd: !!bool 1\ne: !!float abc\nf: !!null x"),
        ("binary", "a: !!binary aGVsbG8="),
        ("set omap pairs", "a: !!set {x, y}\nb: !!omap [a: 1]\nc: !!pairs [a: 1]"),
        ("tag on keys", "!!str a: 1\n!!python/name:os.system b: 2\n? !x c\n: 3"),
        ("tag on gate keys", "!!str extra_gated_prompt: !!str hi\nextra_gated_fields: !!map\n  !!str A: !!str text"),
        ("tag handle directive", "%TAG !e! tag:example.com,2000:\n---\na: !e!foo x"),
        ("undeclared handle", "a: !e!foo x"),
        ("weird tag chars", "a: !<!> x\nb: !%41 y\nc: !!%zz z"),
        ("tag without value", "a: !!str\nb: !x"),
        ("tag on alias target", "a: &x !!str v\nb: *x"),
        ("tag on null fields", "extra_gated_fields: !!null\nextra_gated_prompt: !!null"),
        ("tagged select", "extra_gated_fields:\n  P: !!map {type: !!str select, options: !!seq [!!str a, !!int 1]}"),
    ] {
        hostile(name, &card(yaml));
    }
    let mut yaml = String::from("extra_gated_fields:\n");
    for i in 0..30_000 {
        yaml.push_str(&format!("  !!str F{i}: !!python/object:x text\n"));
    }
    let rules = hostile("30 000 unknown tags", &card(&yaml));
    assert!(
        rules.contains(&"unknown-tag"),
        "{:?}",
        &rules[..rules.len().min(5)]
    );
}

#[test]
fn yaml_directives() {
    for (name, text) in [
        ("YAML 1.2 then doc", "---\n%YAML 1.2\n---\n"),
        ("directive only", "---\n%YAML 1.2\n---\nbody"),
        ("directive in block", "---\n%YAML 1.1\na: 1\n---\n"),
        ("two YAML directives", "---\n%YAML 1.2\n%YAML 1.2\n---\n"),
        ("future version", "---\n%YAML 2.0\n---\n"),
        ("garbage version", "---\n%YAML x.y.z\n---\n"),
        ("unknown directive", "---\n%FOO bar baz\n---\n"),
        ("percent only", "---\n%\n---\n"),
        (
            "directive then doc start",
            "---\n%YAML 1.2\n--- !!map\na: 1\n---\n",
        ),
        ("doc start with content", "---\na: 1\n--- b\n---\n"),
        ("doc end marker", "---\na: 1\n...\n---\n"),
        ("doc end then more", "---\na: 1\n...\nb: 2\n---\n"),
        (
            "doc end then directive",
            "---\na: 1\n...\n%YAML 1.2\n--- x\n---\n",
        ),
        ("many doc ends", "---\n...\n...\n...\n---\n"),
    ] {
        hostile(name, text.as_bytes());
    }
    let many = format!(
        "---\n{}a: 1\n---\n",
        "%TAG !a! tag:a,2000:\n".repeat(50_000)
    );
    hostile("50 000 TAG directives", many.as_bytes());
}

#[test]
fn scanner_corner_cases() {
    for (name, yaml) in [
        ("tab indent", "extra_gated_fields:\n\tA: text"),
        (
            "colon in plain value",
            "extra_gated_prompt: Affiliation: company",
        ),
        ("unclosed quote", "extra_gated_prompt: \"hi"),
        ("unclosed single quote", "extra_gated_prompt: 'hi"),
        ("bad escape", "a: \"\\q \\x4 \\u12 \\U0011FFFF\""),
        ("unclosed flow", "a: [1, 2"),
        ("stray closers", "a: ]]]}}}"),
        ("block scalar indicators", "a: |-9\n  x\nb: >+\n\n"),
        ("block scalar over-indented", "a: |2\n      x\n    y"),
        ("explicit key with no value", "? a\n? b\n? c"),
        ("empty keys", ": a\n: b"),
        ("anchor without node", "a: &x\nb: &y"),
        ("anchor and tag order", "a: !!str &x v\nb: &y !!str w"),
        ("comment only", "# just a comment"),
        ("BOM inside", "\u{FEFF}a: 1\nb: \u{FEFF}2"),
        ("line separators", "a: x\u{2028}y\u{2029}z\u{85}w"),
        ("control chars", "a: \u{1}\u{7}\u{1b}[31m"),
        ("very long key", &format!("{}: 1", "k".repeat(1_000_000))),
        ("very long line of colons", &":".repeat(1_000_000)),
        ("many dashes", &"- ".repeat(500_000)),
        ("many question marks", &"? ".repeat(500_000)),
        (
            "many anchors on one node",
            &format!("a: {}x", "&a ".repeat(100_000)),
        ),
        (
            "many tags on one node",
            &format!("a: {}x", "!t ".repeat(100_000)),
        ),
        ("many quotes", &"'".repeat(1_000_000)),
        ("many braces", &"{".repeat(1_000_000)),
        ("many commas", &format!("a: [{}]", ",".repeat(1_000_000))),
    ] {
        hostile(name, &card(yaml));
    }
}

/// 50 000 alias labels that all resolve to the same key: 49 999 `duplicate-key` findings whose
/// related label points at the first one, lines away. The human format draws a related place
/// only when it is near the finding (`finding::RELATED_WINDOW`); drawing every line between the
/// first key and each duplicate was quadratic (over 120 s and 3.5 GB).
#[test]
fn fifty_thousand_aliased_duplicate_labels() {
    let mut yaml = String::new();
    for i in 0..50_000 {
        yaml.push_str(&format!("k{i}: &a{i} v\n"));
    }
    yaml.push_str("extra_gated_fields:\n");
    for i in 0..50_000 {
        yaml.push_str(&format!("  ? *a{i}\n  : text\n"));
    }
    hostile("50 000 anchors used as labels", &card(&yaml));
}
