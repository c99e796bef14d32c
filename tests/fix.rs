//! `--fix` and `--diff`: a `.fixed` snapshot for every fixture that has a fix (as clippy keeps
//! `.fixed` files), properties over every fixture (fixing leaves no fixable finding, a second fix
//! changes nothing, the body stays byte for byte, the YAML never breaks), and the command line
//! (atomic writes keep permissions and CRLF; nothing is written without `--fix`; `--diff` writes
//! nothing).

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use gatelint::fix::{fix, Fixed};
use gatelint::frontmatter;
use gatelint::{lint_bytes, read, Finding, Rule, Settings};
use proptest::prelude::*;

#[path = "support/driver.rs"]
mod driver;
#[path = "support/tools.rs"]
mod tools;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every fixture, sorted.
fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("fixtures"), &mut out);
    assert!(out.len() > 20, "found only {} fixtures", out.len());
    out
}

fn lint(bytes: &[u8]) -> Vec<Finding> {
    lint_bytes(bytes, &Settings::default())
}

fn fixed(bytes: &[u8]) -> Fixed {
    fix(bytes, true, &Settings::default())
}

/// Shows line breaks and a BOM, so the snapshot proves what was kept.
fn visible(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .split_inclusive('\n')
        .map(|l| {
            l.replace('\u{FEFF}', "<BOM>")
                .replace("\r\n", "␍\n")
                .replace('\t', "␉")
        })
        .collect()
}

/// The bytes after the closing fence's line.
fn body(bytes: &[u8]) -> Option<Vec<u8>> {
    let prefix = read::prefix_of(bytes);
    let fm = frontmatter::locate(&prefix);
    match fm.fence {
        frontmatter::Fence::Closed { close, .. } => {
            let rest = bytes.get(close.end..)?;
            Some(rest.to_vec())
        }
        _ => None,
    }
}

#[test]
fn fixed_snapshots() {
    let mut fixed_rules = std::collections::BTreeSet::new();
    let mut count = 0;
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        let fixable: Vec<Finding> = lint(&bytes)
            .into_iter()
            .filter(|f| f.fix.is_some())
            .collect();
        if fixable.is_empty() {
            continue;
        }
        let result = fixed(&bytes);
        for applied in &result.applied {
            fixed_rules.insert(applied.rule);
        }
        let name = path
            .strip_prefix(root().join("fixtures"))
            .unwrap()
            .to_string_lossy()
            .replace(['/', '\\'], "__");
        let mut snap = String::from("----- fixes -----\n");
        for a in &result.applied {
            snap.push_str(&format!("{}: {}\n", a.rule, a.description));
        }
        if let Some(rule) = result.refused {
            snap.push_str(&format!("refused: the front matter has `{rule}`\n"));
        }
        snap.push_str("----- fixed -----\n");
        snap.push_str(&visible(&result.bytes));
        snap.push_str("----- left -----\n");
        for f in lint(&result.bytes) {
            snap.push_str(&format!("{}: {}\n", f.rule, f.message));
        }
        insta::assert_snapshot!(format!("{name}.fixed"), snap);
        count += 1;
    }
    assert!(count >= 10, "only {count} fixtures have fixes");
    // Every rule that says it has a fix has a fixture where the fix applies.
    for rule in Rule::ALL.iter().filter(|r| r.has_fix()) {
        assert!(
            fixed_rules.contains(rule),
            "no fixture exercises the fix of `{rule}`"
        );
    }
}

/// The properties every fix must have, checked on one card.
fn check_properties(what: &str, bytes: &[u8]) {
    let before = lint(bytes);
    let once = fixed(bytes);
    let after = lint(&once.bytes);
    let blocked = before
        .iter()
        .any(|f| gatelint::fix::BLOCKING.contains(&f.rule));
    if blocked {
        assert_eq!(
            once.bytes, bytes,
            "{what}: a card with a YAML error must not be touched"
        );
        return;
    }
    // No fixable finding is left.
    let left: Vec<String> = after
        .iter()
        .filter(|f| f.fix.is_some())
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert!(
        left.is_empty(),
        "{what}: fixable findings left after fixing: {left:?}"
    );
    // Idempotent.
    let twice = fixed(&once.bytes);
    assert!(
        !twice.changed(),
        "{what}: a second fix changed {:?}",
        twice.applied
    );
    assert_eq!(
        twice.bytes, once.bytes,
        "{what}: fixing twice differs from once"
    );
    // No new error.
    let errors = |fs: &[Finding]| {
        fs.iter()
            .filter(|f| f.severity == gatelint::Severity::Error)
            .count()
    };
    assert!(
        errors(&after) <= errors(&before),
        "{what}: fixing added errors: {:?}",
        after.iter().map(|f| f.rule).collect::<Vec<_>>()
    );
    for rule in [Rule::YamlSyntaxError, Rule::DuplicateKey, Rule::UnknownTag] {
        assert!(
            !after.iter().any(|f| f.rule == rule) || before.iter().any(|f| f.rule == rule),
            "{what}: fixing introduced `{rule}`"
        );
    }
    // The body is untouched.
    if let (Some(a), Some(b)) = (body(bytes), body(&once.bytes)) {
        assert_eq!(a, b, "{what}: the body changed");
    }
    // CRLF stays CRLF: no bare LF appears where there was none.
    let bare_lf = |b: &[u8]| {
        b.iter()
            .enumerate()
            .filter(|&(i, &c)| c == b'\n' && (i == 0 || b.get(i - 1) != Some(&b'\r')))
            .count()
    };
    if once.changed() && bare_lf(bytes) == 0 {
        assert_eq!(
            bare_lf(&once.bytes),
            0,
            "{what}: a CRLF file got LF line breaks"
        );
    }
}

#[test]
fn fixing_every_fixture_is_clean_and_idempotent() {
    for path in fixtures() {
        let bytes = std::fs::read(&path).unwrap();
        check_properties(&path.display().to_string(), &bytes);
    }
}

/// Variations of a fixture that real cards have: CRLF, a BOM, blanks after the closing fence.
fn variant(bytes: &[u8], crlf: bool, bom: bool, trailing: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes).replace("\r\n", "\n");
    let mut text = match text.find("\n---\n") {
        Some(i) if !trailing.is_empty() => {
            format!("{}\n---{trailing}\n{}", &text[..i], &text[i + 5..])
        }
        _ => text,
    };
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    if bom {
        text.insert(0, '\u{FEFF}');
    }
    text.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn fixing_variants_is_clean_and_idempotent(
        index in 0usize..1000,
        crlf in any::<bool>(),
        bom in any::<bool>(),
        trailing in prop::sample::select(vec!["", " ", "  \t"]),
    ) {
        let all = fixtures();
        let path = &all[index % all.len()];
        let bytes = std::fs::read(path).unwrap();
        if std::str::from_utf8(&bytes).is_err() {
            return Ok(());
        }
        let card = variant(&bytes, crlf, bom, trailing);
        check_properties(&format!("{} (crlf {crlf}, bom {bom}, {trailing:?})", path.display()), &card);
    }
}

// ---------------------------------------------------------------- the command line

fn gatelint(args: &[&str], dir: &Path, stdin: Option<&[u8]>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.unwrap_or_default()).unwrap();
    drop(input);
    child.wait_with_output().unwrap()
}

const BROKEN: &str = "\u{FEFF}---\r\nlicense: other\r\nextra_gated_fields:\r\n  Name: text\r\n  \
                      I agree: Checkbox\r\nextra_gated_eu_disallowed: yes\r\n---  \r\n\r\n# Model\r\n\r\nBody text \
                      that must stay.\r\n";
const FIXED: &str = "---\r\nlicense: other\r\nextra_gated_fields:\r\n  Name: text\r\n  \
                     I agree: checkbox\r\nextra_gated_eu_disallowed: true\r\n---\r\n\r\n# Model\r\n\r\nBody text \
                     that must stay.\r\n";

fn card_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

#[test]
fn fix_writes_the_fixed_card_keeping_crlf_and_reports_what_is_left() {
    let (dir, path) = card_dir(BROKEN);
    let out = gatelint(
        &["check", "--fix", "--format", "concise", "README.md"],
        dir.path(),
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED, "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("fixed README.md:"), "{stderr}");
    assert!(stderr.contains("fixed 4 findings in 1 file"), "{stderr}");
    // Nothing left behind in the directory.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["README.md"]);
    // A second run changes nothing.
    let again = gatelint(&["check", "--fix", "README.md"], dir.path(), None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    assert!(String::from_utf8_lossy(&again.stderr).contains("fixed 0 findings in 0 files"));
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = card_dir(BROKEN);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    gatelint(&["check", "--fix", "README.md"], dir.path(), None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), FIXED);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
}

#[cfg(unix)]
#[test]
fn fix_writes_through_a_symlink() {
    let (dir, target) = card_dir(BROKEN);
    // A repository, so that the link, which leads out of `snapshot/`, stays inside the root.
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let link_dir = dir.path().join("snapshot");
    std::fs::create_dir(&link_dir).unwrap();
    std::os::unix::fs::symlink(&target, link_dir.join("README.md")).unwrap();
    gatelint(&["check", "--fix", "snapshot/README.md"], dir.path(), None);
    assert!(std::fs::symlink_metadata(link_dir.join("README.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), FIXED);
}

#[test]
fn check_without_fix_writes_nothing() {
    let (dir, path) = card_dir(BROKEN);
    let out = gatelint(&["check", "README.md"], dir.path(), None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let (dir, path) = card_dir(BROKEN);
    let out = gatelint(&["check", "--diff", "README.md"], dir.path(), None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("--- a/README.md\n+++ b/README.md\n@@ "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n-  I agree: Checkbox\r\n")
            && stdout.contains("\n+  I agree: checkbox\r\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("+extra_gated_eu_disallowed: true\r\n"),
        "{stdout}"
    );
    // Exit code as for check, on what would remain: nothing.
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("would fix 4 findings in 1 file"));
    // --diff wins over --fix.
    gatelint(&["check", "--fix", "--diff", "README.md"], dir.path(), None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), BROKEN);
}

#[test]
fn diff_exit_code_counts_what_would_remain() {
    let card = "---\nextra_gated_fields:\n  Name: Checkbox\n  Other: textbox\n---\n";
    let (dir, _) = card_dir(card);
    let out = gatelint(&["check", "--diff", "README.md"], dir.path(), None);
    // `textbox` has no unambiguous fix: an error remains.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stdin_fix_prints_the_fixed_text() {
    let out = gatelint(&["check", "--fix", "-"], &root(), Some(BROKEN.as_bytes()));
    assert_eq!(String::from_utf8_lossy(&out.stdout), FIXED);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_card_with_a_yaml_error_is_not_fixed() {
    let card = "\u{FEFF}---\nextra_gated_fields:\n  Name: Checkbox\n  Name: text\n---\n";
    let (dir, path) = card_dir(card);
    let out = gatelint(&["check", "--fix", "README.md"], dir.path(), None);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), card);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("not fixed README.md: its front matter has a `duplicate-key` error"),
        "{stderr}"
    );
}

#[test]
fn a_large_body_is_copied_byte_for_byte() {
    let mut card = BROKEN.as_bytes().to_vec();
    for i in 0..200_000u32 {
        card.extend_from_slice(format!("line {i} \u{e9}\r\n").as_bytes());
    }
    card.extend_from_slice(b"\xff\xfe not utf-8 at the end");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("README.md");
    std::fs::write(&path, &card).unwrap();
    gatelint(&["check", "--fix", "README.md"], dir.path(), None);
    let after = std::fs::read(&path).unwrap();
    assert!(after.starts_with(FIXED.as_bytes()));
    assert_eq!(
        after.get(FIXED.len()..),
        card.get(BROKEN.len()..),
        "the body must be copied unchanged"
    );
}

// ---------------------------------------------------------------- the one driver (issue 10, 15)

#[test]
fn stdin_fix_with_output_sends_the_report_to_the_file_and_the_text_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let card = "---\nextra_gated_fields:\n  Name: Checkbox\n  Other: textbox\n---\n# Body\n";
    let out = gatelint(
        &[
            "check",
            "--fix",
            "--format",
            "concise",
            "--output",
            "report.txt",
            "-",
        ],
        dir.path(),
        Some(card.as_bytes()),
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        card.replace("Checkbox", "checkbox"),
        "{stderr}"
    );
    let report = std::fs::read_to_string(dir.path().join("report.txt")).unwrap();
    assert!(
        report.starts_with("<stdin>:4:") && report.contains("[unknown-field-type]"),
        "{report}"
    );
    assert!(!stderr.contains("[unknown-field-type]"), "{stderr}");
    assert!(stderr.contains("fixed 1 finding in 1 file"), "{stderr}");
    assert_eq!(out.status.code(), Some(1));
    // Without --output, the report goes to stderr.
    let out = gatelint(
        &["check", "--fix", "--format", "concise", "-"],
        dir.path(),
        Some(card.as_bytes()),
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("[unknown-field-type]"));
}

#[test]
fn stdin_fix_streams_a_card_with_nothing_to_fix_unchanged() {
    let mut card = String::from("---\nlicense: mit\n---\n");
    // Below a pipe's buffer: this test's helper writes all of stdin before reading stdout.
    for i in 0..2_000 {
        card.push_str(&format!("body line {i}\n"));
    }
    let out = gatelint(&["check", "--fix", "-"], &root(), Some(card.as_bytes()));
    assert_eq!(String::from_utf8_lossy(&out.stdout), card);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn diff_header_of_an_absolute_path_is_the_path() {
    let (dir, path) = card_dir(BROKEN);
    let abs = path.to_str().unwrap();
    let out = gatelint(&["check", "--diff", abs], dir.path(), None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with(&format!("--- {abs}\n+++ {abs}\n@@ ")),
        "{stdout}"
    );
    assert!(!stdout.contains("a//"), "{stdout}");
}

/// The Hugging Face cache: two snapshots link one blob. It is fixed once, under the first path,
/// and stdout and stderr are the same for any thread count.
#[cfg(unix)]
#[test]
fn one_blob_two_snapshots_is_fixed_once_whatever_the_threads() {
    let mut outputs = Vec::new();
    for threads in 1..=4 {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("models--org--name");
        std::fs::create_dir_all(repo.join("blobs")).unwrap();
        std::fs::write(repo.join("blobs/0123abcd"), BROKEN).unwrap();
        for rev in ["aaaa", "bbbb"] {
            let snap = repo.join("snapshots").join(rev);
            std::fs::create_dir_all(&snap).unwrap();
            std::os::unix::fs::symlink("../../blobs/0123abcd", snap.join("README.md")).unwrap();
        }
        let threads = threads.to_string();
        let out = gatelint(
            &[
                "check",
                "--fix",
                "--format",
                "concise",
                "--threads",
                &threads,
                "models--org--name",
            ],
            dir.path(),
            None,
        );
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(
            std::fs::read_to_string(repo.join("blobs/0123abcd")).unwrap(),
            FIXED,
            "{stderr}"
        );
        assert_eq!(
            stderr.matches("fixed models--org--name/").count(),
            1,
            "{stderr}"
        );
        assert!(
            stderr.contains("fixed models--org--name/snapshots/aaaa/README.md: "),
            "{stderr}"
        );
        assert!(stderr.contains("fixed 4 findings in 1 file"), "{stderr}");
        for rev in ["aaaa", "bbbb"] {
            assert!(
                std::fs::symlink_metadata(repo.join("snapshots").join(rev).join("README.md"))
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
        }
        outputs.push((
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr,
        ));
    }
    for other in &outputs[1..] {
        assert_eq!(other, &outputs[0]);
    }
}

#[test]
fn fix_lines_come_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["b", "a", "c"] {
        let d = dir.path().join(name);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(d.join("README.md"), BROKEN).unwrap();
    }
    let out = gatelint(&["check", "--fix", "--threads", "3", "."], dir.path(), None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let order: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("fixed "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        order,
        ["a/README.md", "b/README.md", "c/README.md"],
        "{stderr}"
    );
}

// ---- anchors, aliases and merge keys (issue 12 §6) and fix rounds ----

/// The front matter's YAML as js-yaml 4 (the Hub's parser) loads it, as JSON; `None` (with the
/// reason printed) when node is missing outside CI.
fn js_yaml_json(card: &[u8]) -> Option<serde_json::Value> {
    if tools::on_path("node").is_none() && !tools::in_ci() {
        eprintln!("skipped the js-yaml check: node is not installed (CI requires it)");
        return None;
    }
    let prefix = read::prefix_of(card);
    let yaml = frontmatter::locate(&prefix).yaml().expect("front matter");
    let text = std::str::from_utf8(yaml.slice(card)).unwrap().to_owned();
    let mut node = driver::node(&tools::js_yaml(), "serve((text) => yaml.load(text));");
    let mut answers = driver::json_lines(&mut node, "node with js-yaml", &[&text]);
    Some(answers.remove(0))
}

/// Fixes `card` and checks the result byte for byte, and how many findings the fixes fixed.
fn fixes_to(card: &str, want: &str, count: usize) -> Fixed {
    let result = fixed(card.as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&result.bytes),
        want,
        "applied: {:?}",
        result.applied
    );
    assert_eq!(result.applied.len(), count, "{:?}", result.applied);
    check_properties("card", card.as_bytes());
    result
}

#[test]
fn an_anchored_type_that_is_also_a_label_is_not_fixed() {
    // Lower-casing `Checkbox` would rename the second field, and requests are keyed by label.
    let card = "---\nextra_gated_fields:\n  Consent: &t Checkbox\n  *t : text\n---\n";
    fixes_to(card, card, 0);
    let findings = lint(card.as_bytes());
    let finding = findings
        .iter()
        .find(|f| f.rule == Rule::UnknownFieldType)
        .unwrap();
    assert!(finding.fix.is_none());
    assert!(
        finding
            .help
            .as_deref()
            .unwrap()
            .contains("no automatic fix"),
        "{:?}",
        finding.help
    );
    // The label is marked as the other user of the anchor.
    let label = card.find("*t").unwrap();
    assert!(
        finding.related.iter().any(|(s, _)| s.start == label),
        "{:?}",
        finding.related
    );
}

#[test]
fn an_anchored_option_used_as_a_type_is_fixed_at_the_alias() {
    let card =
        "---\nextra_gated_fields:\n  Pick:\n    type: select\n    options: [&o Checkbox, Other]\n  Agree: *o\n---\n";
    let want =
        "---\nextra_gated_fields:\n  Pick:\n    type: select\n    options: [&o Checkbox, Other]\n  Agree: checkbox\n---\n";
    fixes_to(want, want, 0);
    let result = fixes_to(card, want, 1);
    assert_eq!(
        result.applied[0].description,
        "replace the alias `*o` with `checkbox`"
    );
    if let Some(json) = js_yaml_json(want.as_bytes()) {
        let fields = &json["extra_gated_fields"];
        assert_eq!(
            fields["Pick"]["options"],
            serde_json::json!(["Checkbox", "Other"])
        );
        assert_eq!(fields["Agree"], "checkbox");
    }
}

#[test]
fn an_anchored_string_shared_with_another_key_is_not_made_a_boolean() {
    let card = "---\nextra_gated_eu_disallowed: &yes \"true\"\nx-notes: *yes\n---\n";
    fixes_to(card, card, 0);
    // Used by the gate key only through the alias: the alias is replaced, the other key kept.
    let card = "---\nx-notes: &yes \"true\"\nextra_gated_eu_disallowed: *yes\n---\n";
    let want = "---\nx-notes: &yes \"true\"\nextra_gated_eu_disallowed: true\n---\n";
    fixes_to(card, want, 1);
    if let Some(json) = js_yaml_json(want.as_bytes()) {
        assert_eq!(json["x-notes"], "true");
        assert_eq!(json["extra_gated_eu_disallowed"], true);
    }
}

#[test]
fn one_edit_at_an_anchor_every_use_needs_counts_each_finding() {
    let card = "---\nextra_gated_fields:\n  A: &t Checkbox\n  B: *t\n  C: *t\n---\n";
    let want = "---\nextra_gated_fields:\n  A: &t checkbox\n  B: *t\n  C: *t\n---\n";
    fixes_to(card, want, 3);
    if let Some(json) = js_yaml_json(want.as_bytes()) {
        assert_eq!(
            json["extra_gated_fields"],
            serde_json::json!({"A": "checkbox", "B": "checkbox", "C": "checkbox"})
        );
    }
    // The count reaches the summary line.
    let (_dir, path) = card_dir(card);
    let out = gatelint(
        &["check", "--fix", "README.md"],
        path.parent().unwrap(),
        None,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("fixed 3 findings in 1 file"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), want);
}

#[test]
fn a_merged_mapping_that_another_key_holds_is_not_fixed() {
    let card = "---\nx-consent: &c\n  type: Checkbox\nextra_gated_fields:\n  A:\n    <<: *c\n  B:\n    <<: *c\n---\n";
    fixes_to(card, card, 0);
    // Each finding points at its own merge key, with the anchored type "defined here".
    let findings = lint(card.as_bytes());
    let merges: Vec<usize> = card.match_indices("<<: *c").map(|(i, _)| i).collect();
    let starts: Vec<usize> = findings
        .iter()
        .filter(|f| f.rule == Rule::UnknownFieldType)
        .map(|f| f.span.start)
        .collect();
    assert_eq!(starts, merges);
    let ty = card.find("Checkbox").unwrap();
    for f in findings.iter().filter(|f| f.rule == Rule::UnknownFieldType) {
        assert!(
            f.related
                .iter()
                .any(|(s, l)| s.start == ty && l == "defined here"),
            "{:?}",
            f.related
        );
    }
}

#[test]
fn a_rename_that_exposes_the_template_list_is_kept_and_the_list_fixed() {
    // Renaming `extra_gated_feilds` exposes `fields-not-mapping`, which has a fix: both apply.
    let card = "---\nextra_gated_feilds:\n  - Name: text\n  - Country: country\n---\n# Model\n";
    let want = "---\nextra_gated_fields:\n  Name: text\n  Country: country\n---\n# Model\n";
    let result = fixes_to(card, want, 2);
    let rules: Vec<Rule> = result.applied.iter().map(|a| a.rule).collect();
    assert_eq!(rules, [Rule::UnknownGateKey, Rule::FieldsNotMapping]);
    if let Some(json) = js_yaml_json(want.as_bytes()) {
        assert_eq!(
            json,
            serde_json::json!({"extra_gated_fields": {"Name": "text", "Country": "country"}})
        );
    }
}

#[test]
fn a_round_that_exposes_what_no_fix_repairs_is_undone() {
    // A flow list has no fix: renaming would turn an ignored key into a rejected push.
    let card = "---\nextra_gated_feilds: [{Name: text}, {Role: text}]\n---\n";
    let result = fixed(card.as_bytes());
    assert_eq!(String::from_utf8_lossy(&result.bytes), card);
    assert!(!result.changed(), "{:?}", result.applied);
    // With `fields-not-mapping` ignored, its fix does not run either: the rename is undone too.
    let card = "---\nextra_gated_feilds:\n  - Name: text\n---\n";
    let settings = Settings::resolve(None, &[], &[Rule::FieldsNotMapping]);
    let result = fix(card.as_bytes(), true, &settings);
    assert_eq!(String::from_utf8_lossy(&result.bytes), card);
    assert!(!result.changed());
    // The rename left out is named, with the rule it would add to.
    assert_eq!(
        result
            .withheld
            .iter()
            .map(|w| (w.rule, w.description.as_str(), w.exposes))
            .collect::<Vec<_>>(),
        [(
            Rule::UnknownGateKey,
            "rename `extra_gated_feilds` to `extra_gated_fields`",
            Rule::FieldsNotMapping
        )]
    );
}

#[test]
fn a_fix_left_out_is_said_on_stderr() {
    let card = "---\nextra_gated_feilds: [{Name: text}]\n---\n";
    let (dir, path) = card_dir(card);
    for mode in ["--fix", "--diff"] {
        let out = gatelint(&["check", mode, "README.md"], dir.path(), None);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), card);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(
                "not fixed README.md: rename `extra_gated_feilds` to `extra_gated_fields` (it \
                 would add a `fields-not-mapping` finding that no fix repairs)"
            ),
            "{mode}: {stderr}"
        );
    }
}
