//! See `main.rs`. What reaches a terminal or a CI runner: no raw control character from a card, a
//! path or a config in any text output; no line a GitHub Actions runner reads as a workflow
//! command (it splits lines on CR, LF and CRLF, takes `::cmd::` at the start of a line after
//! blanks, and the legacy `##[cmd]` anywhere); output bounded by the card, not by its findings
//! times its line length.

use std::path::Path;
use std::time::Duration;

use gatelint::render::escape::{forges_command, has_raw_control};

use crate::run;

const LIMIT: Duration = Duration::from_secs(300);

/// A throwaway repository (`.git` inside, so no config above it is read) holding `files`.
fn repo(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    run::repository(files)
}

fn gatelint(dir: &Path, args: &[&str]) -> run::Outcome {
    let out = run::run(args, Some(dir), None, LIMIT);
    out.assert_sane(&args.join(" "));
    out
}

/// Every text output of `check` (human, concise, github, with stderr) and of the terminal
/// preview of `card`, labelled.
fn outputs(dir: &Path, card: &str) -> Vec<(String, String)> {
    let mut all = Vec::new();
    for format in ["human", "concise", "github"] {
        let out = gatelint(dir, &["check", "--format", format, "."]);
        all.push((format!("{format} stdout"), out.stdout_text()));
        all.push((format!("{format} stderr"), out.stderr.clone()));
    }
    let out = gatelint(dir, &["preview", card]);
    all.push(("preview stdout".into(), out.stdout_text()));
    all.push(("preview stderr".into(), out.stderr));
    all
}

/// No raw control character anywhere, and no forged workflow command: outside the github
/// format no line reads as a command at all; in it, each line is one of gatelint's annotations.
fn assert_safe(outputs: &[(String, String)]) {
    for (what, text) in outputs {
        assert!(
            !has_raw_control(text),
            "{what}: raw control character:\n{text:?}"
        );
        if what == "github stdout" {
            for line in text.split(['\r', '\n']).filter(|l| !l.is_empty()) {
                let ours = ["::error file=", "::warning file=", "::notice file="]
                    .iter()
                    .any(|p| line.starts_with(p));
                assert!(
                    ours && !line.contains("##["),
                    "{what}: forged line {line:?}"
                );
            }
        } else {
            assert!(
                !forges_command(text),
                "{what}: forged workflow command:\n{text}"
            );
        }
    }
}

/// A card whose field label is `label` (a YAML double-quoted scalar, escapes allowed) with an
/// unknown type, so that every format names the label.
fn card_with_label(label: &str) -> Vec<u8> {
    format!("---\nextra_gated_fields:\n  \"{label}\": textt\n  Name: text\n---\n# Model\n")
        .into_bytes()
}

#[test]
fn an_osc_52_clipboard_write_in_a_key_is_shown_escaped() {
    let dir = repo(&[(
        "README.md",
        &card_with_label("Name\\e]52;c;Y3VybCBldmlsLnNoIHwgc2g=\\a"),
    )]);
    let all = outputs(dir.path(), "README.md");
    assert_safe(&all);
    let human = &all[0].1;
    assert!(human.contains("\\u{1b}]52;c;"), "{human}");
}

#[test]
fn a_carriage_return_cannot_overwrite_a_line() {
    // A lone CR in a directory name: on a terminal, what follows it overwrites the line so far.
    let name = "x\rchecked 1 file: 0 errors, 0 warnings, 0 infos                    ";
    let dir = repo(&[(&format!("{name}/README.md"), &card_with_label("Name"))]);
    let all = outputs(dir.path(), &format!("{name}/README.md"));
    assert_safe(&all);
    assert!(all[2].1.contains("x\\u{d}checked"), "{}", all[2].1);
}

#[test]
fn a_bell_in_the_card_is_not_rung() {
    // A raw BEL in the front matter: the YAML error's snippet shows that line.
    let dir = repo(&[(
        "README.md",
        b"---\nextra_gated_fields:\n  Name: text \x07\x07\x07\n  Other: countries\n---\n",
    )]);
    let all = outputs(dir.path(), "README.md");
    assert!(all[0].1.contains("\\u{7}"), "{}", all[0].1);
    assert_safe(&all);
}

#[test]
fn bidi_controls_are_shown_escaped() {
    // Raw U+202E (right-to-left override) and U+2066 in the file: in the snippet and the message.
    let dir = repo(&[(
        "README.md",
        "---\nextra_gated_fields:\n  \"Name\u{202e}txt.exe\u{2066}\": textt\n---\n".as_bytes(),
    )]);
    let all = outputs(dir.path(), "README.md");
    assert_safe(&all);
    assert!(all[0].1.contains("\\u{202e}"), "{}", all[0].1);
}

#[test]
fn a_key_cannot_forge_a_workflow_command() {
    let label = "x\\r::error file=README.md,line=1::forged\\n::warning::forged \
                 ##[error]forged\\r\\n  ::stop-commands::tok";
    let dir = repo(&[("README.md", &card_with_label(label))]);
    assert_safe(&outputs(dir.path(), "README.md"));
}

#[test]
fn a_long_help_line_cannot_wrap_into_a_workflow_command() {
    // miette wraps help text with blank indentation: a word placed to start a wrapped line.
    let filler = "word ".repeat(30);
    let label = format!("{filler}::error file=a::forged {filler}::stop-commands::tok");
    let dir = repo(&[("README.md", &card_with_label(&label))]);
    assert_safe(&outputs(dir.path(), "README.md"));
}

#[test]
fn a_directory_name_cannot_forge_a_workflow_command() {
    let card = card_with_label("Name");
    let evil = "evil\n::error file=a,line=1::forged\r::warning::x ##[error]y";
    let dir = repo(&[
        (&format!("{evil}/README.md"), &card),
        ("::stop-commands::tok/README.md", &card),
    ]);
    // And a path reported on stderr: a card that cannot be read, under the same name.
    let unreadable = dir.path().join(evil).join("sub");
    std::fs::create_dir_all(&unreadable).unwrap();
    std::os::unix::fs::symlink("/nonexistent/README.md", unreadable.join("README.md")).unwrap();
    let all = outputs(dir.path(), &format!("{evil}/README.md"));
    assert_safe(&all);
    let concise = &all[2].1;
    assert!(concise.contains("evil\\u{a}"), "{concise}");
}

#[test]
fn a_config_rule_name_cannot_forge_a_workflow_command() {
    let config =
        "select = [\"x\\r::error file=a::forged\\n::stop-commands::tok\\u001b]0;title\\u0007\"]\n";
    let dir = repo(&[
        ("README.md", &card_with_label("Name")),
        (".gatelint.toml", config.as_bytes()),
    ]);
    for format in ["human", "concise", "github"] {
        let out = gatelint(dir.path(), &["check", "--format", format, "."]);
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        let both = vec![
            (format!("{format} stdout"), out.stdout_text()),
            (format!("{format} stderr"), out.stderr.clone()),
        ];
        assert_safe(&both);
    }
    // A raw control character in the config file itself, shown in the error's snippet.
    std::fs::write(
        dir.path().join(".gatelint.toml"),
        b"select = [\"a\"]\n\x1b[2J\r::error::x\n",
    )
    .unwrap();
    let out = gatelint(dir.path(), &["check", "."]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_safe(&[("stderr".into(), out.stderr)]);
}

/// Lines just under 16 KiB, each holding thousands of findings (unquoted `y`/`n` options, read
/// as booleans by YAML 1.1): the human format used to repeat each whole line for every finding
/// (950 MB of output and RSS for a 244 KB card).
#[test]
fn many_findings_on_long_lines_give_bounded_output() {
    let mut card = String::from("---\nextra_gated_fields:\n");
    let items = (16 * 1024 - 40) / 3;
    for field in 0..3 {
        card.push_str(&format!(
            "  Pick {field}:\n    type: select\n    options: ["
        ));
        for i in 0..items {
            card.push_str(if i == 0 {
                "y"
            } else if i % 2 == 0 {
                ", y"
            } else {
                ", n"
            });
        }
        card.push_str("]\n");
    }
    card.push_str("---\n");
    let dir = repo(&[("README.md", card.as_bytes())]);
    let concise = gatelint(dir.path(), &["check", "--format", "concise", "README.md"]);
    let findings = concise.stdout_text().lines().count();
    assert!(findings >= 16_000, "{findings} findings");
    let human = gatelint(dir.path(), &["check", "README.md"]);
    let per_finding = human.stdout.len() / findings;
    assert!(
        per_finding < 2048,
        "{} bytes of output for {findings} findings in a {} byte card",
        human.stdout.len(),
        card.len()
    );
    assert!(
        human.max_rss_kib < 300 * 1024,
        "peak RSS {} KiB",
        human.max_rss_kib
    );
    assert!(!has_raw_control(&human.stdout_text()));
}

/// 256 KiB of country fields: the HTML page listed every country for every field (153 MB).
#[test]
fn the_preview_is_linear_in_the_card() {
    let mut card = String::from("---\nextra_gated_fields:\n");
    let mut i = 0;
    while card.len() < 256 * 1024 {
        card.push_str(&format!("  Field {i}: country\n"));
        i += 1;
    }
    card.push_str("extra_gated_prompt: |\n");
    for depth in 1..200 {
        card.push_str(&format!("  {} quoted\n", "> ".repeat(depth)));
    }
    card.push_str("---\n");
    let dir = repo(&[("README.md", card.as_bytes())]);
    for format in ["html", "terminal"] {
        let out = gatelint(dir.path(), &["preview", "--format", format, "README.md"]);
        assert!(
            out.stdout.len() < 40 * card.len(),
            "{format}: {} bytes for a {} byte card",
            out.stdout.len(),
            card.len()
        );
    }
}
