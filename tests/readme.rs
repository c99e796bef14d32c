//! README.md keeps its promises: the example's output is what gatelint prints, and the rules table
//! lists every rule with its severity, fix and summary. `GATELINT_BLESS_README=1` rewrites both.

use std::path::Path;
use std::process::Command;

use gatelint::Rule;

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
    let after = text.find(heading).expect("heading") + heading.len();
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
    let out = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .args(["check", "README.md", "--color", "never"])
        .current_dir(dir.path())
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the example card must have errors"
    );
    let actual = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
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
