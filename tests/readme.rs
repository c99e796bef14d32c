//! README.md keeps its promises: the example's output is what gatelint prints, and the rules table
//! lists every rule with its severity, fix and summary. `GATELINT_BLESS_README=1` rewrites both.
//!
//! The other examples are run too, each against what the README shows for it: the Install
//! command, the exit-code table, the output formats' shapes, `--statistics`, the Fixing commands,
//! the lines they print and every example of the Fixing table, the Preview commands and the texts
//! the form shows, the GitLab CI script, the `.gatelint.toml` example and its effect, what Many
//! repositories at once says of hidden, ignored, included and excluded paths, Security's escapes
//! and its refusal of a link that leaves the tree, the completions and
//! man-page commands. The Usage synopsis is held by `tests/cli.rs` (section "flags": every flag of
//! `--help` has a test and a place in Usage).
//! Paths are the only thing normalised (each test runs in a temporary directory).
//!
//! Not run here, and why:
//! - `pip install gatelint`, `uvx`, `cargo install gatelint`, `cargo binstall`: they fetch a
//!   released gatelint from a registry (`tests/packaging.rs` installs the wheel built from this
//!   checkout instead);
//! - the pre-commit and GitHub Actions snippets: they need GitHub and a release
//!   (`tests/precommit.rs` runs both hooks under the real pre-commit client, `tests/action.rs`
//!   runs the action's installer and checks the workflows);
//! - the editor configurations (Neovim, Helix, VS Code, Zed): `tests/server.rs` and `tests/lsp/`
//!   drive the server as those editors do, with their own copies of the configuration;
//! - the Performance figures and the Fuzzing commands: measurements of a machine, and nightly
//!   fuzzers, not facts a test can check in seconds;
//! - the rule pages' examples are run by `tests/registry.rs`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use gatelint::Rule;

#[path = "support/run.rs"]
mod run;

fn readme_path() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")
}

fn bless() -> bool {
    std::env::var_os("GATELINT_BLESS_README").is_some()
}

/// Rewrites README.md with `edit`, one test at a time: the tests run in parallel, and each
/// rewrites a different part of the file.
fn rewrite(edit: impl FnOnce(&mut String)) {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap();
    let mut text = std::fs::read_to_string(readme_path()).unwrap();
    edit(&mut text);
    std::fs::write(readme_path(), text).unwrap();
}

/// The text of the first fenced block with this info string after `heading`, and its byte range.
fn block(text: &str, heading: &str, info: &str) -> (std::ops::Range<usize>, String) {
    nth_block(text, heading, info, 0)
}

/// The text of the `n`th (from 0) fenced block with this info string after `heading`.
fn nth_block(text: &str, heading: &str, info: &str, n: usize) -> (std::ops::Range<usize>, String) {
    let mut after = text.find(heading).expect("heading") + heading.len();
    for _ in 0..n {
        let open = format!("```{info}\n");
        let start = text[after..].find(&open).expect("opening fence") + after + open.len();
        after = text[start..].find("```\n").expect("closing fence") + start + 4;
    }
    let open = format!("```{info}\n");
    let start = text[after..].find(&open).expect("opening fence") + after + open.len();
    let end = text[start..].find("```\n").expect("closing fence") + start;
    (start..end, text[start..end].to_owned())
}

#[test]
fn the_example_output_is_what_gatelint_prints() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let heading = "## A broken card and what gatelint says";
    let (_, card) = block(&readme, heading, "md");
    let (_, shown) = block(&readme, heading, "text");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), &card).unwrap();
    let out = gatelint(
        dir.path(),
        &["check", "README.md", "--color", "never"],
        None,
    );
    assert_eq!(out.code, Some(1), "the example card must have errors");
    let actual = format!("{}{}", out.stdout, out.stderr);
    if bless() {
        rewrite(|text| {
            let (range, _) = block(text, heading, "text");
            text.replace_range(range, &actual);
        });
    } else {
        assert_eq!(
            shown, actual,
            "README example output drifted; run with GATELINT_BLESS_README=1"
        );
    }
}

fn rules_table() -> String {
    let mut table = String::from("| rule | default | fix | what it catches |\n|---|---|---|---|\n");
    for rule in Rule::ALL {
        table.push_str(&format!(
            "| [`{name}`](docs/rules/{name}.md) | {sev} | {fix} | {summary} |\n",
            name = rule.name(),
            sev = rule.default_severity(),
            fix = if rule.has_fix() { "yes" } else { "" },
            summary = rule.summary().replace('|', "\\|"),
        ));
    }
    table
}

#[test]
fn the_rules_table_lists_every_rule() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let from = readme.find(start).expect("rules:start marker") + start.len();
    let to = readme.find(end).expect("rules:end marker");
    let want = rules_table();
    if bless() {
        rewrite(|text| {
            let from = text.find(start).expect("rules:start marker") + start.len();
            let to = text.find(end).expect("rules:end marker");
            text.replace_range(from..to, &want);
        });
    } else {
        assert_eq!(
            &readme[from..to],
            want,
            "README rules table drifted; run with GATELINT_BLESS_README=1"
        );
    }
}

// ---- every other example ---------------------------------------------------------------------

fn readme() -> String {
    std::fs::read_to_string(readme_path()).unwrap()
}

/// The commands of a `console` block: each line without its `$ ` prompt and `  # comment`.
fn commands(console: &str) -> Vec<&str> {
    console
        .lines()
        .map(|l| {
            l.trim_start_matches("$ ")
                .split("  #")
                .next()
                .unwrap()
                .trim()
        })
        .collect()
}

/// The README's section from `heading` to the next heading of the same or a higher level.
fn section(text: &str, heading: &str) -> String {
    let start = text.find(&format!("\n{heading}\n")).expect("heading") + 1;
    let level = heading.split(' ').next().unwrap().len();
    let mut in_fence = false;
    let mut end = text.len();
    let mut at = start + heading.len() + 1;
    for line in text[at..].split_inclusive('\n') {
        if line.starts_with("```") {
            in_fence = !in_fence;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !in_fence && hashes > 0 && hashes <= level && line[hashes..].starts_with(' ') {
            end = at;
            break;
        }
        at += line.len();
    }
    text[start..end].to_owned()
}

/// The first text in `text` between `before` and the next `after`.
fn between<'t>(text: &'t str, before: &str, after: &str) -> &'t str {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("README lacks {before:?}"))
        + before.len();
    let end = text[start..].find(after).expect("end marker") + start;
    &text[start..end]
}

/// The README's first example card, the one every example below lints unless it says otherwise.
fn example_card() -> String {
    block(&readme(), "## A broken card and what gatelint says", "md").1
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs gatelint in `dir` (no colour, NO_COLOR unset), with `stdin`, through the shared runner
/// (`tests/support/run.rs`).
fn gatelint(dir: &Path, args: &[&str], stdin: Option<&str>) -> Run {
    let mut command = Command::new(run::BIN);
    command.args(args).current_dir(dir).env_remove("NO_COLOR");
    let out = run::run_command(command, stdin.map(str::as_bytes), Duration::from_secs(120));
    Run {
        code: out.code,
        stdout: out.stdout_text(),
        stderr: out.stderr,
    }
}

/// A temporary repository (it holds `.git`, so config discovery stops there) with these files.
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    run::repository(files)
}

#[test]
fn install_lints_the_card_it_names() {
    let (_, commands) = nth_block(&readme(), "## Install and run, test", "sh", 1);
    let line = commands.lines().next().unwrap();
    let check = between(line, "&& ", "   #").trim();
    let args: Vec<&str> = check.split_whitespace().collect();
    assert_eq!(args[..2], ["gatelint", "check"], "{line}");
    let out = gatelint(Path::new(env!("CARGO_MANIFEST_DIR")), &args[1..], None);
    assert_eq!(
        out.code,
        Some(1),
        "the card it lints has errors: {}",
        out.stderr
    );
    assert!(out.stdout.contains("unknown-field-type"), "{}", out.stdout);
    assert!(commands.contains("\ncargo test "), "{commands}");
}

#[test]
fn the_exit_code_table_holds() {
    let text = readme();
    let table = section(&text, "### Exit codes");
    for code in ["| 0 |", "| 1 |", "| 2 |"] {
        assert!(table.contains(code), "{code}");
    }
    let warn = "---\nextra_gated_fields:\n  Name: text\nextra_gated_promt: hi\n---\n";
    let dir = project(&[("bad/README.md", &example_card()), ("warn/README.md", warn)]);
    let p = dir.path();
    // 0: warnings allowed; with --strict, not.
    assert_eq!(gatelint(p, &["check", "warn"], None).code, Some(0));
    assert_eq!(
        gatelint(p, &["check", "--strict", "warn"], None).code,
        Some(1)
    );
    // 1: an error finding.
    assert_eq!(gatelint(p, &["check", "bad"], None).code, Some(1));
    // 2: a missing path (named on stderr), a bad flag, a bad config.
    let missing = gatelint(p, &["check", "warn", "nothere"], None);
    assert_eq!(missing.code, Some(2));
    assert!(missing.stderr.contains("nothere"), "{}", missing.stderr);
    assert_eq!(gatelint(p, &["check", "--bogus"], None).code, Some(2));
    std::fs::write(p.join("bad.toml"), "ignore = [\"no-such-rule\"]\n").unwrap();
    assert_eq!(
        gatelint(p, &["check", "--config", "bad.toml", "warn"], None).code,
        Some(2)
    );
    // A failed path beside error findings: 1, and the failure still on stderr.
    let both = gatelint(p, &["check", "bad", "nothere"], None);
    assert_eq!(both.code, Some(1));
    assert!(both.stderr.contains("nothere"), "{}", both.stderr);
    // A bad card is a finding, never 2.
    let dir = project(&[("README.md", "---\nextra_gated_fields: [\n---\n")]);
    assert_eq!(gatelint(dir.path(), &["check"], None).code, Some(1));
}

#[test]
fn the_output_formats_have_the_shapes_the_table_shows() {
    let text = readme();
    let formats = section(&text, "### Output formats");
    let dir = project(&[("README.md", &example_card())]);
    let run = |format: &str| {
        let out = gatelint(
            dir.path(),
            &["check", "--format", format, "README.md"],
            None,
        );
        assert_eq!(out.code, Some(1), "{format}: {}", out.stderr);
        assert_eq!(
            out.stderr, "checked 1 file: 2 errors, 1 warning, 0 infos\n",
            "{format}"
        );
        out.stdout
    };
    // concise: `path:line:col: severity: message [rule]`
    assert!(formats.contains("`path:line:col: severity: message [rule]`"));
    let concise = run("concise");
    let first = concise.lines().next().unwrap();
    assert!(
        first.starts_with("README.md:6:12: error: field `Country` has unknown type"),
        "{first}"
    );
    assert!(first.ends_with(" [unknown-field-type]"), "{first}");
    assert_eq!(concise.lines().count(), 3);
    // json: one array of objects with exactly the keys listed.
    let keys_in = |row: &str| -> Vec<String> {
        row.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    let listed = keys_in(between(
        &formats,
        "| `json` | other tools | one array of `{",
        "}`",
    ));
    assert_eq!(
        listed,
        ["path", "rule", "severity", "message", "help", "start", "end", "fix"]
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    for finding in json.as_array().unwrap() {
        let mut keys: Vec<&String> = finding.as_object().unwrap().keys().collect();
        let mut want: Vec<&String> = listed.iter().collect();
        keys.sort();
        want.sort();
        assert_eq!(keys, want);
    }
    // `end` is exclusive: `countries` is 9 characters from column 12.
    assert_eq!(json[0]["start"]["column"], 12);
    assert_eq!(json[0]["end"]["column"], 21);
    // sarif: SARIF 2.1.0 with every rule in tool.driver.
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), Rule::ALL.len());
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 3);
    // github: the line shape, with each placeholder filled.
    let shape = between(&formats, "| `github` | GitHub Actions | `", "` (warning");
    let github = run("github");
    let first = github.lines().next().unwrap();
    let prefix = shape.split('…').next().unwrap();
    assert!(first.starts_with(prefix), "{first} vs {shape}");
    assert!(
        first.starts_with(
            "::error file=README.md,line=6,col=12,endLine=6,endColumn=21,title=gatelint(unknown-field-type)::field `Country`"
        ),
        "{first}"
    );
    assert!(
        github.lines().nth(1).unwrap().starts_with("::warning "),
        "{github}"
    );
    // gitlab: a Code Quality report whose objects have exactly the keys listed.
    let listed = between(
        &formats,
        "| `gitlab` | GitLab CI | a Code Quality report (",
        ")",
    );
    let mut listed: Vec<&str> = listed.split('`').skip(1).step_by(2).collect();
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    let mut keys: Vec<&str> = gitlab[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    listed.sort();
    keys.sort();
    assert_eq!(keys, listed, "the gitlab row lists every key");
    // human: the first example pins it.
}

#[test]
fn statistics_as_the_paragraph_says() {
    let formats = section(&readme(), "### Output formats");
    let dir = project(&[("README.md", &example_card())]);
    let p = dir.path();
    let table = gatelint(p, &["check", "--statistics"], None);
    assert_eq!(table.code, Some(1));
    // One row per rule and severity; `[*] fixable` where a finding has a fix.
    let rows: Vec<&str> = table.stdout.lines().collect();
    assert_eq!(rows.len(), 3, "{}", table.stdout);
    let fixable = rows
        .iter()
        .find(|r| r.contains("eu-disallowed-not-boolean"))
        .unwrap();
    assert!(fixable.ends_with("[*] fixable"), "{fixable}");
    let unfixable = rows
        .iter()
        .find(|r| r.contains("unexpected-field-key"))
        .unwrap();
    assert!(!unfixable.contains("fixable"), "{unfixable}");
    let listed = between(&formats, "one JSON array of `{", "}`");
    let listed: Vec<&str> = listed.split('"').skip(1).step_by(2).collect();
    let json = gatelint(p, &["check", "--statistics", "--format", "json"], None);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let mut keys: Vec<&str> = json[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = listed.clone();
    keys.sort();
    want.sort();
    assert_eq!(keys, want);
    for format in ["sarif", "github", "gitlab"] {
        let out = gatelint(p, &["check", "--statistics", "--format", format], None);
        assert_eq!(out.code, Some(2), "{format}");
    }
}

#[test]
fn the_fixing_commands_do_what_they_say() {
    let text = readme();
    let fixing = section(&text, "## Fixing");
    let (_, console) = block(&fixing, "## Fixing", "console");
    let commands = commands(&console);
    assert_eq!(
        commands,
        [
            "gatelint check --diff README.md",
            "gatelint check --fix README.md",
            "gatelint check --fix .",
            "cat README.md | gatelint check --fix - > fixed.md",
        ]
    );
    // The card of the stderr line the README quotes: a BOM, then a `Yes` that Python reads as
    // a boolean.
    let card = "\u{feff}---\nextra_gated_fields:\n  Sector:\n    type: select\n    options:\n    - Yes\n    - Other\n---\n";
    let fixed = "---\nextra_gated_fields:\n  Sector:\n    type: select\n    options:\n    - 'Yes'\n    - Other\n---\n";
    // The README's lines are wrapped: read its sentences with the wrapping undone.
    let prose = fixing.replace("\n  ", " ");
    let quoted = between(&prose, "in path order (`", "`)");
    assert_eq!(
        quoted,
        "fixed README.md: remove the byte order mark; quote it as 'Yes'"
    );
    let dir = project(&[("README.md", card)]);
    let p = dir.path();
    let args = |c: &str| {
        c.split_whitespace()
            .skip(1)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    // --diff: a unified diff on stdout, nothing written, the summary says what would be fixed.
    let diff_args = args(commands[0]);
    let diff = gatelint(
        p,
        &diff_args.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert_eq!(diff.code, Some(0));
    assert!(
        diff.stdout
            .starts_with("--- a/README.md\n+++ b/README.md\n@@ "),
        "{}",
        diff.stdout
    );
    assert!(
        diff.stderr.ends_with("would fix 2 findings in 1 file\n"),
        "{}",
        diff.stderr
    );
    assert_eq!(std::fs::read_to_string(p.join("README.md")).unwrap(), card);
    // --fix README.md: the line the README quotes, and the summary's tail.
    let fix_args = args(commands[1]);
    let fix = gatelint(
        p,
        &fix_args.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert_eq!(fix.code, Some(0));
    assert!(
        fix.stderr.starts_with(&format!("{quoted}\n")),
        "{}",
        fix.stderr
    );
    assert!(
        fix.stderr.ends_with("fixed 2 findings in 1 file\n"),
        "{}",
        fix.stderr
    );
    assert_eq!(std::fs::read_to_string(p.join("README.md")).unwrap(), fixed);
    // A second --fix changes nothing.
    let again = gatelint(
        p,
        &fix_args.iter().map(String::as_str).collect::<Vec<_>>(),
        None,
    );
    assert!(
        again.stderr.ends_with("fixed 0 findings in 0 files\n"),
        "{}",
        again.stderr
    );
    // --fix . fixes every README.md below.
    let dir = project(&[("a/README.md", card), ("b/c/README.md", card)]);
    let out = gatelint(dir.path(), &["check", "--fix", "."], None);
    assert!(
        out.stderr.ends_with("fixed 4 findings in 2 files\n"),
        "{}",
        out.stderr
    );
    for path in ["a/README.md", "b/c/README.md"] {
        assert_eq!(
            std::fs::read_to_string(dir.path().join(path)).unwrap(),
            fixed
        );
    }
    // Standard input: the fixed text on stdout, the report on stderr.
    let out = gatelint(p, &["check", "--fix", "-"], Some(card));
    assert_eq!(out.stdout, fixed);
    assert!(out.stderr.contains("checked 1 file"), "{}", out.stderr);
    // The refusal the README quotes, word for word.
    let refusal = between(&prose, "gatelint says `", "`.\n");
    let dir = project(&[(
        "README.md",
        "---\nextra_gated_fields:\n  A: Checkbox\n  A: text\n---\n",
    )]);
    let out = gatelint(dir.path(), &["check", "--fix", "README.md"], None);
    assert_eq!(out.code, Some(1));
    let want = refusal.replace("PATH", "README.md");
    assert!(out.stderr.contains(&want), "{want:?} in {}", out.stderr);
}

#[test]
fn the_preview_commands_and_the_texts_of_the_form() {
    let text = readme();
    let preview = section(&text, "## Preview");
    let prose = preview.replace("\n  ", " ").replace("\n", " ");
    let (_, console) = block(&preview, "## Preview", "console");
    let commands = commands(&console);
    assert_eq!(
        commands,
        [
            "gatelint preview README.md",
            "gatelint preview --format html README.md > gate.html",
            "gatelint preview --repo-type dataset -  < README.md",
        ]
    );
    // A card with every part the list names.
    let card = "---\nextra_gated_prompt: Read the **terms**.\nextra_gated_fields:\n  Kind:\n    type: select\n    options:\n    - label: Non-profit\n      value: nonprofit\n  Mail: email\n  Where: ip_location\n  Born: date_picker\n  Country: country\nextra_gated_eu_disallowed: true\n---\n";
    let dir = project(&[("README.md", card)]);
    let p = dir.path();
    let terminal = gatelint(p, &["preview", "README.md"], None);
    assert_eq!(
        terminal.code,
        Some(0),
        "preview exits 0 whatever the findings"
    );
    let form = terminal.stdout.replace("\n  ", " ").replace("\n", " ");
    // Each default text the README quotes is the one the form shows.
    for (before, after) in [
        ("or by default \"", "\" (\"… this dataset\""),
        ("`extra_gated_description`, or by default \"", "\""),
        ("**The contact note** (\"", "\")"),
        ("`extra_gated_button_content`, or by default \"", "\""),
    ] {
        let quoted = between(&prose, before, after);
        assert!(
            form.contains(quoted),
            "the form lacks {quoted:?}:\n{}",
            terminal.stdout
        );
    }
    for quoted in [
        "Non-profit (sends \"nonprofit\")",
        "`email` is not a field type",
    ] {
        assert!(prose.contains(quoted), "{quoted}");
        assert!(
            form.contains(quoted),
            "the form lacks {quoted:?}:\n{}",
            terminal.stdout
        );
    }
    assert!(form.contains("the Hub records the requester's location from their IP address"));
    assert!(form.contains("European Union"), "the EU notice");
    assert!(
        form.contains("249 countries"),
        "the README's 249 ISO 3166-1 countries"
    );
    assert!(prose.contains("a dropdown of the 249 ISO 3166-1 countries"));
    // The findings are listed under the form (line:column, severity, message, rule).
    assert!(
        terminal
            .stdout
            .contains("9:9: error: field `Mail` has unknown type `email`"),
        "{}",
        terminal.stdout
    );
    // The page: one self-contained HTML document, the same option text.
    let html = gatelint(p, &["preview", "--format", "html", "README.md"], None);
    assert_eq!(html.code, Some(0));
    assert!(html.stdout.starts_with("<!DOCTYPE html>"));
    assert!(
        html.stdout
            .contains("Non-profit (sends &quot;nonprofit&quot;)"),
        "{}",
        html.stdout
    );
    assert!(html.stdout.contains("Content-Security-Policy"));
    // Standard input with --repo-type dataset: the heading's last word.
    let stdin = gatelint(p, &["preview", "--repo-type", "dataset", "-"], Some(card));
    assert!(
        stdin.stdout.contains("to access this dataset"),
        "{}",
        stdin.stdout
    );
    // Unreadable card: exit 2.
    assert_eq!(gatelint(p, &["preview", "nothere.md"], None).code, Some(2));
}

#[test]
fn the_gitlab_ci_script_writes_the_report_and_sets_the_outcome() {
    let (_, yaml) = block(&readme(), "### GitLab CI", "yaml");
    let script: Vec<&str> = yaml
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- gatelint "))
        .collect();
    assert_eq!(script.len(), 2, "{yaml}");
    let report = between(&yaml, "codequality: ", "\n");
    for (card, outcome) in [
        (example_card(), Some(1)),
        (
            String::from("---\nextra_gated_fields:\n  Name: text\n---\n"),
            Some(0),
        ),
    ] {
        let dir = project(&[("README.md", &card)]);
        let p = dir.path();
        // `… --quiet || true`: whatever its exit code, the job goes on; it writes the report.
        let first: Vec<&str> = script[0]
            .split(" ||")
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        let out = gatelint(p, &first, None);
        assert!(out.stderr.is_empty(), "--quiet: {}", out.stderr);
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p.join(report)).unwrap()).unwrap();
        let findings = json.as_array().unwrap().len();
        assert_eq!(findings, if outcome == Some(1) { 3 } else { 0 });
        // The second prints the findings in the log and sets the job's outcome.
        let second: Vec<&str> = script[1].split_whitespace().collect();
        let out = gatelint(p, &second, None);
        assert_eq!(out.code, outcome);
        assert_eq!(out.stdout.lines().count(), findings);
    }
}

#[test]
fn the_config_example_does_what_its_comments_say() {
    let text = readme();
    let config = section(&text, "### Configuration: `.gatelint.toml`");
    let (_, toml) = block(&config, "### Configuration", "toml");
    assert!(toml.contains("ignore = [\"country-as-text\"]"), "{toml}");
    // country-as-text (ignored), select-lists-countries (off), unknown-gate-key (now an error).
    let card = "---\nextra_gated_promt: hi\nextra_gated_fields:\n  Country: text\n  Where:\n    type: select\n    options: [France, Germany, Spain, Italy, Poland, Austria]\n---\n";
    let dir = project(&[
        (".gatelint.toml", &toml),
        ("org/model/README.md", card),
        ("vendor/x/README.md", card),
        ("mirrors/a/b/old/README.md", card),
        ("mirrors/a/b/new/README.md", card),
    ]);
    let p = dir.path();
    let out = gatelint(p, &["check", "--format", "concise"], None);
    assert_eq!(
        out.code,
        Some(1),
        "unknown-gate-key is an error now: {}",
        out.stdout
    );
    let paths: std::collections::BTreeSet<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    assert_eq!(
        paths.into_iter().collect::<Vec<_>>(),
        ["mirrors/a/b/new/README.md", "org/model/README.md"],
        "vendor and mirrors/**/old are excluded"
    );
    for line in out.stdout.lines() {
        assert!(
            line.contains(": error: ") && line.ends_with("[unknown-gate-key]"),
            "{line}"
        );
    }
    // Without the file, the two other rules speak and unknown-gate-key is a warning.
    let plain = gatelint(
        p,
        &["check", "--format", "concise", "--no-config", "org"],
        None,
    );
    assert!(
        plain.stdout.contains("[country-as-text]"),
        "{}",
        plain.stdout
    );
    assert!(
        plain.stdout.contains("[select-lists-countries]"),
        "{}",
        plain.stdout
    );
    assert!(plain.stdout.contains(": warning: ") && plain.stdout.contains("[unknown-gate-key]"));
    // "Flags win over the file": --select replaces its lists, a rule it turns off runs.
    let selected = gatelint(
        p,
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "select-lists-countries",
            "org",
        ],
        None,
    );
    assert!(
        selected.stdout.contains("[select-lists-countries]"),
        "{}",
        selected.stdout
    );
    // A mistake in the file: exit 2, pointing at it, with a did-you-mean.
    std::fs::write(
        p.join(".gatelint.toml"),
        "[severity]\nunknown-gate-key = \"eror\"\n",
    )
    .unwrap();
    let bad = gatelint(p, &["check"], None);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("eror") && bad.stderr.contains("error"),
        "{}",
        bad.stderr
    );
}

#[test]
fn the_completion_and_man_commands() {
    let (_, sh) = block(&readme(), "### Shell completions and man page", "sh");
    let commands: Vec<Vec<&str>> = sh
        .lines()
        .map(|l| {
            l.split(['>', '#'])
                .next()
                .unwrap()
                .split_whitespace()
                .collect()
        })
        .collect();
    assert_eq!(commands.len(), 4, "{sh}");
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for shell in ["bash", "zsh"] {
        let args = commands.iter().find(|c| c.get(2) == Some(&shell)).unwrap();
        let out = gatelint(p, &args[1..], None);
        assert_eq!(out.code, Some(0));
        assert!(out.stdout.contains("--stdin-filename"), "{shell}");
    }
    // `man --dir DIR`: one page per subcommand, as the comment says.
    let man_dir = commands.iter().find(|c| c.contains(&"--dir")).unwrap();
    assert_eq!(man_dir[1..3], ["man", "--dir"]);
    let out = gatelint(p, &["man", "--dir", "pages"], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    for page in [
        "gatelint.1",
        "gatelint-check.1",
        "gatelint-preview.1",
        "gatelint-rule.1",
    ] {
        assert!(p.join("pages").join(page).is_file(), "{page}");
    }
    let man_check = commands
        .iter()
        .find(|c| c.get(2) == Some(&"check"))
        .unwrap();
    let out = gatelint(p, &man_check[1..], None);
    assert!(
        out.stdout.contains(".TH gatelint-check 1"),
        "{}",
        &out.stdout[..200.min(out.stdout.len())]
    );
}

#[test]
fn the_fixing_table_examples_are_fixed_as_it_says() {
    let fixing = section(&readme(), "## Fixing");
    let row = |rule: &str| -> String {
        let start = format!("| `{rule}` | ");
        between(&fixing, &start, " |\n").to_owned()
    };
    // Each case: the rule, text the row names, the card, the fixed card.
    let cases: [(&str, &[&str], &str, &str); 7] = [
        ("front-matter-bom", &["byte order mark"], "\u{feff}---\nlicense: mit\n---\n", "---\nlicense: mit\n---\n"),
        ("fence-trailing-whitespace", &["after the closing `---`"], "---\nlicense: mit\n--- \t\n", "---\nlicense: mit\n---\n"),
        (
            "fields-not-mapping",
            &["`- Name: text`"],
            "---\nextra_gated_fields:\n- Name: text\n- Agree: checkbox\n---\n",
            "---\nextra_gated_fields:\n  Name: text\n  Agree: checkbox\n---\n",
        ),
        (
            "unknown-field-type",
            &["`Checkbox`", "`Date_Picker`", "`date-picker`", "`datepicker`"],
            "---\nextra_gated_fields:\n  A: Checkbox\n  B: Date_Picker\n  C: date-picker\n  D: datepicker\n---\n",
            "---\nextra_gated_fields:\n  A: checkbox\n  B: date_picker\n  C: date_picker\n  D: date_picker\n---\n",
        ),
        (
            "unknown-gate-key",
            &["`extra_gated_feilds`", "`extra-gated-prompt`"],
            "---\nextra-gated-prompt: hi\nextra_gated_feilds:\n  Name: text\n---\n",
            "---\nextra_gated_prompt: hi\nextra_gated_fields:\n  Name: text\n---\n",
        ),
        (
            "eu-disallowed-not-boolean",
            &["`yes`", "`\"true\"`"],
            "---\nextra_gated_eu_disallowed: \"true\"\n---\n",
            "---\nextra_gated_eu_disallowed: true\n---\n",
        ),
        (
            "yaml11-ambiguous-scalar",
            &["(`Yes` → `'Yes'`)"],
            "---\nextra_gated_fields:\n  Sector:\n    type: select\n    options: [Yes, Other]\n---\n",
            "---\nextra_gated_fields:\n  Sector:\n    type: select\n    options: ['Yes', Other]\n---\n",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (rule, named, card, fixed) in cases {
        let row = row(rule);
        for text in named {
            assert!(row.contains(text), "the `{rule}` row names {text}: {row}");
        }
        let out = gatelint(dir.path(), &["check", "--fix", "-"], Some(card));
        assert_eq!(out.stdout, fixed, "{rule}: {}", out.stderr);
        assert!(
            out.stderr.contains("fixed <stdin>: "),
            "{rule}: {}",
            out.stderr
        );
    }
    // `eu-disallowed-not-boolean`'s `yes` and `no` too.
    for (word, value) in [("yes", "true"), ("no", "false")] {
        let card = format!("---\nextra_gated_eu_disallowed: {word}\n---\n");
        let out = gatelint(dir.path(), &["check", "--fix", "-"], Some(&card));
        assert_eq!(
            out.stdout,
            format!("---\nextra_gated_eu_disallowed: {value}\n---\n")
        );
    }
}

#[test]
fn many_repositories_as_the_section_says() {
    let card = example_card();
    let dir = project(&[
        ("a/README.md", &card),
        (".github/README.md", &card),
        ("b/.hidden/README.md", &card),
        ("ignored/README.md", &card),
        (".gitignore", "ignored/\n"),
        ("docs/card.md", &card),
    ]);
    let p = dir.path();
    let files = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "concise"];
        all.extend_from_slice(args);
        let out = gatelint(p, &all, None);
        let mut paths: Vec<String> = out
            .stdout
            .lines()
            .map(|l| l.split(':').next().unwrap().to_owned())
            .collect();
        paths.dedup();
        paths
    };
    // Hidden directories and ignored paths are skipped; only README.md files are cards.
    assert_eq!(files(&[]), ["a/README.md"]);
    // Named, a hidden directory is checked ("to check one, name it (`gatelint check .github`)").
    assert!(
        section(&readme(), "### Many repositories at once").contains("`gatelint check .github`")
    );
    assert_eq!(files(&[".github"]), [".github/README.md"]);
    // --no-ignore reads no ignore file; --include checks other names; a named path is checked
    // even if an ignore file names it.
    assert_eq!(
        files(&["--no-ignore"]),
        ["a/README.md", "ignored/README.md"]
    );
    assert_eq!(
        files(&["--include", "*.md"]),
        ["a/README.md", "docs/card.md"]
    );
    assert_eq!(files(&["ignored/README.md"]), ["ignored/README.md"]);
    // --exclude leaves paths out, also when named.
    assert_eq!(
        files(&["--exclude", "a", "a/README.md"]),
        Vec::<String>::new()
    );
}

#[test]
fn security_what_gatelint_prints_and_reads() {
    let text = readme();
    let prints = section(&text, "### What gatelint prints");
    for shown in [
        "ESC is `\\u{1b}`",
        "BEL `\\u{7}`",
        "writes the `[` of `##[` as `\\u{5b}`",
    ] {
        assert!(prints.contains(shown), "{shown}");
    }
    // A label with an OSC 52 sequence, a bell and a `##[` workflow command.
    let card = "---\nextra_gated_fields:\n  \"Bad\\e]52;c;x\\a ##[x\": countries\n---\n";
    let dir = project(&[("README.md", card)]);
    let label = "`Bad\\u{1b}]52;c;x\\u{7} ##\\u{5b}x`";
    for format in ["human", "concise", "github"] {
        let out = gatelint(
            dir.path(),
            &["check", "--format", format, "--color", "never"],
            None,
        );
        assert!(out.stdout.contains(label), "{format}: {}", out.stdout);
        assert!(
            !out.stdout.contains('\u{1b}') && !out.stdout.contains('\u{7}'),
            "{format}"
        );
        assert!(!out.stdout.contains("##["), "{format}");
    }
    // What gatelint reads: a link that leaves the root is named, not followed.
    let reads = section(&text, "### What gatelint reads").replace("\n  ", " ");
    let said = between(&reads, "is a tool error naming the link (`… ", "`)");
    let dir = project(&[]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\nsecret: 1\n---\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            outside.path().join("secret.md"),
            dir.path().join("README.md"),
        )
        .unwrap();
        let out = gatelint(dir.path(), &["check"], None);
        assert_eq!(out.code, Some(2));
        assert!(
            out.stderr
                .contains(&format!("README.md: cannot read: {said}")),
            "{}",
            out.stderr
        );
        assert!(!out.stderr.contains("secret"), "{}", out.stderr);
    }
}
