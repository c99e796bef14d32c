//! Every rule has its file, its line in `rules::check`, its docs page with tested examples, and
//! its fixtures; every fixture directory names a rule. Every page follows one heading scheme, and
//! the output it shows is what gatelint prints (`GATELINT_BLESS_DOCS=1` rewrites that output).

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use gatelint::{lint_bytes, Rule, Settings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Rules whose invalid case cannot be a fixture: `front-matter-too-large` needs more than 4 MiB of
/// front matter. Its unit tests build that card in memory instead
/// (`src/rules/front_matter_too_large.rs`), and its docs example is `grown` (see [`examples`]).
const UNWRITABLE_INVALID: &[Rule] = &[Rule::FrontMatterTooLarge];

#[test]
fn every_rule_has_a_file_a_call_docs_and_fixtures() {
    let registry = std::fs::read_to_string(root().join("src/rules/mod.rs")).unwrap();
    let mut missing = Vec::new();
    for rule in Rule::ALL {
        let name = rule.name();
        let snake = name.replace('-', "_");
        // One file per rule, or one directory for a rule large enough to split by concern.
        let file = root().join(format!("src/rules/{snake}.rs")).is_file();
        let dir = root().join(format!("src/rules/{snake}/mod.rs")).is_file();
        if !file && !dir {
            missing.push(format!(
                "src/rules/{snake}.rs (or src/rules/{snake}/mod.rs)"
            ));
        }
        if !registry.contains(&format!(" {snake}::check(")) {
            missing.push(format!("`{snake}::check(…)` in src/rules/mod.rs"));
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
        if invalid.is_empty() || valid.is_empty() {
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
                    String::from_utf8_lossy(&card[..card.len().min(2000)])
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
/// a raw byte (for invalid UTF-8), `\\` a backslash. A block tagged `grown` is a card whose last
/// line is repeated until the card passes 5 MiB (for `front-matter-too-large`). Pages that use
/// either tag say so to the reader.
fn examples(docs: &str) -> Vec<(bool, Vec<u8>)> {
    blocks(docs)
        .iter()
        .filter_map(|b| Some((b.example()?, b.card())))
        .collect()
}

/// A fenced block of a docs page.
struct Block<'a> {
    /// The info string: `md invalid`, `text`, …
    info: &'a str,
    /// The text between the fences.
    text: &'a str,
    /// Where the opening fence line starts, where the text starts and ends in the page, and where
    /// the closing fence line ends.
    open: usize,
    start: usize,
    end: usize,
    after: usize,
}

impl Block<'_> {
    fn tags(&self) -> Vec<&str> {
        self.info.split_whitespace().collect()
    }

    /// `Some(true)` for an invalid example, `Some(false)` for a valid one.
    fn example(&self) -> Option<bool> {
        match self.tags().as_slice() {
            ["md", "invalid", ..] => Some(true),
            ["md", "valid", ..] => Some(false),
            _ => None,
        }
    }

    fn card(&self) -> Vec<u8> {
        let tags = self.tags();
        let mut bytes = if tags.contains(&"escaped") {
            unescape(self.text)
        } else {
            self.text.as_bytes().to_vec()
        };
        if tags.contains(&"grown") {
            let last = self
                .text
                .trim_end_matches('\n')
                .rsplit('\n')
                .next()
                .unwrap();
            let line = format!("{last}\n");
            while bytes.len() <= 5 * 1024 * 1024 {
                bytes.extend_from_slice(line.as_bytes());
            }
        }
        bytes
    }
}

/// Every fenced block (```` ``` ```` or ```` ```` ````) of a page, in order.
fn blocks(docs: &str) -> Vec<Block<'_>> {
    let mut out = Vec::new();
    let mut open: Option<(&str, &str, usize, usize)> = None;
    let mut offset = 0;
    for line in docs.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        match open {
            None => {
                let ticks = trimmed.len() - trimmed.trim_start_matches('`').len();
                if ticks >= 3 && !line.starts_with(' ') {
                    let (fence, info) = trimmed.split_at(ticks);
                    open = Some((fence, info.trim(), here, offset));
                }
            }
            Some((fence, info, opened, start)) => {
                if trimmed == fence {
                    out.push(Block {
                        info,
                        open: opened,
                        text: &docs[start..here],
                        start,
                        end: here,
                        after: offset,
                    });
                    open = None;
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
        out.extend_from_slice(&rest.as_bytes()[..i]);
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

/// The sections every page has, in this order, after its `# name` title. Then `Fix` when the
/// registry says the rule has one (and only then), then `Notes` if there are any.
const SECTIONS: &[&str] = &[
    "What it catches",
    "Why it matters",
    "Example",
    "What to write instead",
];

/// The `## ` headings of a page outside its fenced blocks, with the byte offset of each.
fn headings(docs: &str) -> Vec<(usize, &str)> {
    let fenced = blocks(docs);
    let mut out = Vec::new();
    let mut offset = 0;
    for line in docs.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let inside = fenced.iter().any(|b| b.open <= here && here < b.after);
        if let (false, Some(heading)) = (inside, line.strip_prefix("## ")) {
            out.push((here, heading.trim_end()));
        }
    }
    out
}

#[test]
fn every_page_follows_one_heading_scheme() {
    let mut problems = Vec::new();
    for rule in Rule::ALL {
        let docs = rule.docs();
        let found: Vec<&str> = headings(docs).iter().map(|(_, h)| *h).collect();
        let mut want: Vec<&str> = SECTIONS.to_vec();
        if rule.has_fix() {
            want.push("Fix");
        }
        if found.last() == Some(&"Notes") {
            want.push("Notes");
        }
        if found != want {
            problems.push(format!("{rule}: sections {found:?}, want {want:?}"));
        }
        // Between the title and the first section: nothing (severity and fix come from the
        // registry, printed by `gatelint rule` above the page).
        let title = format!("# {}\n\n## {}\n", rule.name(), SECTIONS[0]);
        if !docs.starts_with(&title) {
            problems.push(format!("{rule}: must start with {title:?}"));
        }
        // Invalid examples under Example, valid ones under What to write instead.
        let at = |name: &str| {
            headings(docs)
                .iter()
                .find(|(_, h)| *h == name)
                .map(|(o, _)| *o)
        };
        let (example, instead, next) = (
            at("Example").unwrap_or(0),
            at("What to write instead").unwrap_or(0),
            headings(docs)
                .iter()
                .map(|(o, _)| *o)
                .find(|o| Some(*o) > at("What to write instead"))
                .unwrap_or(docs.len()),
        );
        for block in blocks(docs) {
            let placed = match block.example() {
                Some(true) => (example..instead).contains(&block.start),
                Some(false) => (instead..next).contains(&block.start),
                None => true,
            };
            if !placed {
                problems.push(format!(
                    "{rule}: a ```{} block outside its section",
                    block.info
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// What `gatelint check` prints for a card, in the human format, without colour.
fn gatelint_says(card: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .args(["check", "-", "--stdin-filename", "README.md"])
        .args(["--color", "never", "--no-config"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let card = card.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&card));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// Every ```` ```md invalid ```` example is followed by a ```` ```text ```` block (only blank
/// lines between) that shows exactly what `gatelint check` prints for it.
#[test]
fn the_output_a_page_shows_is_what_gatelint_prints() {
    let bless = std::env::var_os("GATELINT_BLESS_DOCS").is_some();
    let mut problems = Vec::new();
    for rule in Rule::ALL {
        let docs = rule.docs();
        let all = blocks(docs);
        // Rewrites, from the end of the page backwards: (range to replace, new text).
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for (i, block) in all.iter().enumerate() {
            if block.example() != Some(true) {
                continue;
            }
            let actual = gatelint_says(&block.card());
            let shown = all.get(i + 1).filter(|next| {
                next.info == "text" && docs[block.after..next.open].trim().is_empty()
            });
            match shown {
                Some(next) if next.text == actual => {}
                Some(next) => {
                    problems.push(format!(
                        "{rule}: the page shows\n{}\nbut gatelint prints\n{actual}",
                        next.text
                    ));
                    edits.push((next.start..next.end, actual));
                }
                None => {
                    problems.push(format!(
                        "{rule}: an invalid example without the ```text output after it"
                    ));
                    edits.push((
                        block.after..block.after,
                        format!("\n```text\n{actual}```\n"),
                    ));
                }
            }
        }
        if bless && !edits.is_empty() {
            let path = root().join(format!("docs/rules/{}.md", rule.name()));
            let mut text = std::fs::read_to_string(&path).unwrap();
            for (range, new) in edits.into_iter().rev() {
                text.replace_range(range, &new);
            }
            std::fs::write(path, text).unwrap();
        }
    }
    assert!(
        bless || problems.is_empty(),
        "{}\n(run with GATELINT_BLESS_DOCS=1 to rewrite the pages, then read the diff)",
        problems.join("\n")
    );
}
