//! The binary as a user runs it: every exit code and every format, with exit code, stdout and
//! stderr snapshotted together. Each test works in a throwaway directory holding a `.git`
//! directory, so that config discovery stops there and `.gitignore` applies.

use std::path::Path;
use std::process::{Command, Stdio};

const BAD: &str = "---\nlicense: mit\nextra_gated_fields:\n  Country: countries\n  Name: text\nextra_gated_eu_disallowed: yes\n---\n# A model\n";
const WARN: &str =
    "---\nextra_gated_fields:\n  Name: text\nextra_gated_promt: Please agree\n---\n# A model\n";
const GOOD: &str =
    "---\nlicense: mit\nextra_gated_fields:\n  Name: text\n  I agree: checkbox\n---\n# A model\n";

/// A throwaway project: a temp dir with `.git` and the given files.
struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    fn new(files: &[(&str, &str)]) -> Project {
        Project {
            dir: timed::repository(files),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn run(&self, args: &[&str]) -> String {
        self.run_in(self.path(), args, None)
    }

    fn run_in(&self, cwd: &Path, args: &[&str], stdin: Option<&str>) -> String {
        let mut command = Command::new(timed::BIN);
        command
            .current_dir(cwd)
            .args(args)
            .env_remove("NO_COLOR")
            .env("COLUMNS", "100");
        let output = timed::run_command(
            command,
            stdin.map(str::as_bytes),
            std::time::Duration::from_secs(120),
        );
        let root = self.path().to_string_lossy().into_owned();
        format!(
            "exit: {}\n----- stdout -----\n{}----- stderr -----\n{}",
            output.code.map_or("signal".into(), |c| c.to_string()),
            output.stdout_text().replace(&root, "[TMP]"),
            output.stderr.replace(&root, "[TMP]"),
        )
    }
}

fn exit_code(output: &str) -> &str {
    output
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("exit: "))
        .unwrap_or("")
}

#[test]
fn clean_card_exits_0() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check"]);
    assert_eq!(exit_code(&out), "0");
    insta::assert_snapshot!(out);
}

#[test]
fn human_format_exits_1_on_errors() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--color", "never"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn concise_format() {
    let p = Project::new(&[("README.md", BAD), ("b/README.md", WARN)]);
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn json_format() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--format", "json"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn github_format() {
    let p = Project::new(&[("a,b:c/README.md", BAD), ("w/README.md", WARN)]);
    let out = p.run(&["check", "--format", "github"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn gitlab_format() {
    let p = Project::new(&[("README.md", BAD), ("w/README.md", WARN)]);
    let out = p.run(&["check", "--format", "gitlab"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

/// The driver lists every rule with its docs page, so only the results are pinned here; the
/// schema test in `tests/sarif.rs` checks the rest.
#[test]
fn sarif_format_results() {
    let p = Project::new(&[("README.md", BAD), ("w/README.md", WARN)]);
    let output = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .current_dir(p.path())
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    insta::assert_snapshot!(serde_json::to_string_pretty(&log["runs"][0]["results"]).unwrap());
}

#[test]
fn every_format_reports_the_same_findings_in_the_same_order() {
    let p = Project::new(&[
        ("z/README.md", BAD),
        ("a/README.md", WARN),
        ("m/README.md", BAD),
    ]);
    let lines = |format: &str| -> Vec<String> {
        let output = Command::new(env!("CARGO_BIN_EXE_gatelint"))
            .current_dir(p.path())
            .args(["check", "--format", format])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let text = String::from_utf8(output.stdout).unwrap();
        match format {
            "json" => serde_json::from_str::<serde_json::Value>(&text)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{} {}",
                        f["path"].as_str().unwrap(),
                        f["start"]["line"],
                        f["start"]["column"],
                        f["rule"].as_str().unwrap()
                    )
                })
                .collect(),
            "sarif" => serde_json::from_str::<serde_json::Value>(&text).unwrap()["runs"][0]
                ["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| {
                    let l = &r["locations"][0]["physicalLocation"];
                    format!(
                        "{}:{}:{} {}",
                        l["artifactLocation"]["uri"].as_str().unwrap(),
                        l["region"]["startLine"],
                        l["region"]["startColumn"],
                        r["ruleId"].as_str().unwrap()
                    )
                })
                .collect(),
            "gitlab" => serde_json::from_str::<serde_json::Value>(&text)
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    format!(
                        "{}:{} {}",
                        i["location"]["path"].as_str().unwrap(),
                        i["location"]["lines"]["begin"],
                        i["check_name"].as_str().unwrap()
                    )
                })
                .collect(),
            "github" => text
                .lines()
                .map(|l| {
                    let props: std::collections::HashMap<&str, &str> = l
                        .split("::")
                        .nth(1)
                        .unwrap()
                        .split_once(' ')
                        .unwrap()
                        .1
                        .split(',')
                        .filter_map(|kv| kv.split_once('='))
                        .collect();
                    let rule = props["title"]
                        .trim_start_matches("gatelint(")
                        .trim_end_matches(')');
                    format!(
                        "{}:{}:{} {rule}",
                        props["file"], props["line"], props["col"]
                    )
                })
                .collect(),
            _ => text
                .lines()
                .map(|l| {
                    let (place, rest) = l.split_once(": ").unwrap();
                    let rule = rest.rsplit_once('[').unwrap().1.trim_end_matches(']');
                    format!("{place} {rule}")
                })
                .collect(),
        }
    };
    let concise = lines("concise");
    assert_eq!(concise.len(), 5, "{concise:?}");
    assert!(concise.first().unwrap().starts_with("a/README.md"));
    assert!(concise.last().unwrap().starts_with("z/README.md"));
    for format in ["json", "sarif", "github"] {
        assert_eq!(lines(format), concise, "{format}");
    }
    let without_columns: Vec<String> = concise
        .iter()
        .map(|l| {
            let (place, rule) = l.split_once(' ').unwrap();
            format!("{} {rule}", place.rsplit_once(':').unwrap().0)
        })
        .collect();
    assert_eq!(lines("gitlab"), without_columns);
}

#[test]
fn warnings_exit_0_and_1_with_strict() {
    let p = Project::new(&[("README.md", WARN)]);
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "0");
    insta::assert_snapshot!("warnings", out);
    let out = p.run(&["check", "--format", "concise", "--strict"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!("warnings_strict", out);
}

#[test]
fn missing_path_exits_2() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check", "README.md", "nope/README.md"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn missing_path_with_errors_elsewhere_exits_1() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--format", "concise", "README.md", "nope"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_flag_exits_2() {
    let p = Project::new(&[]);
    let out = p.run(&["check", "--format", "xml"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn unknown_rule_flag_exits_2_with_did_you_mean() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check", "--select", "unknown-field-typo"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn stdin_with_a_name() {
    let p = Project::new(&[]);
    let out = p.run_in(
        p.path(),
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "org/model/README.md",
            "-",
        ],
        Some(BAD),
    );
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn quiet_shows_findings_only() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--format", "concise", "--quiet"]);
    assert_eq!(exit_code(&out), "1");
    assert!(out.ends_with("----- stderr -----\n"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn statistics() {
    let p = Project::new(&[
        ("a/README.md", BAD),
        ("b/README.md", BAD),
        ("c/README.md", WARN),
    ]);
    let out = p.run(&["check", "--statistics"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn output_file() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--format", "concise", "--output", "report.txt"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
    let report = std::fs::read_to_string(p.path().join("report.txt")).unwrap();
    insta::assert_snapshot!("output_file_report", report);
}

#[test]
fn output_file_that_cannot_be_written_exits_2() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--output", "no/such/dir/report.txt"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[cfg(target_os = "linux")]
#[test]
fn output_write_error_exits_2() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = p.run(&["check", "--output", "/dev/full"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

// ---- config ----

#[test]
fn config_select_ignore_severity_exclude() {
    let p = Project::new(&[
        ("README.md", BAD),
        ("w/README.md", WARN),
        ("vendor/x/README.md", BAD),
        (
            ".gatelint.toml",
            "ignore = [\"eu-disallowed-not-boolean\"]\nexclude = [\"vendor\"]\n\n\
             [severity]\nunknown-field-type = \"warning\"\nunknown-gate-key = \"error\"\n",
        ),
    ]);
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn config_is_found_from_a_subdirectory_and_flags_win() {
    let p = Project::new(&[
        ("sub/README.md", BAD),
        (
            ".gatelint.toml",
            "ignore = [\"unknown-field-type\", \"eu-disallowed-not-boolean\"]\n",
        ),
    ]);
    let sub = p.path().join("sub");
    let out = p.run_in(&sub, &["check", "--format", "concise"], None);
    assert_eq!(exit_code(&out), "0", "{out}");
    // --select names a rule the config ignores: the flag wins.
    let out = p.run_in(
        &sub,
        &[
            "check",
            "--format",
            "concise",
            "--select",
            "unknown-field-type",
        ],
        None,
    );
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
    // --no-config: every default rule.
    let out = p.run_in(&sub, &["check", "--format", "concise", "--no-config"], None);
    assert_eq!(exit_code(&out), "1");
    assert_eq!(out.matches("README.md:").count(), 2, "{out}");
}

#[test]
fn config_discovery_stops_at_the_repository_root() {
    let p = Project::new(&[
        ("repo/README.md", BAD),
        (".gatelint.toml", "select = [\"nonsense\"]\n"),
    ]);
    std::fs::create_dir(p.path().join("repo/.git")).unwrap();
    let out = p.run_in(
        &p.path().join("repo"),
        &["check", "--format", "concise"],
        None,
    );
    assert_eq!(exit_code(&out), "1", "{out}");
}

#[test]
fn explicit_config_path() {
    let p = Project::new(&[
        ("README.md", BAD),
        (
            "ci/strict.toml",
            "select = [\"eu-disallowed-not-boolean\"]\n",
        ),
    ]);
    let out = p.run(&["check", "--format", "concise", "--config", "ci/strict.toml"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_config_unknown_key_exits_2() {
    let p = Project::new(&[
        ("README.md", GOOD),
        (".gatelint.toml", "selekt = [\"duplicate-key\"]\n"),
    ]);
    let out = p.run(&["check"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_config_unknown_rule_exits_2_with_did_you_mean() {
    let p = Project::new(&[
        ("README.md", GOOD),
        (
            ".gatelint.toml",
            "# ours\nignore = [\n  \"country-as-text\",\n  \"duplicate-keys\",\n]\n",
        ),
    ]);
    let out = p.run(&["check"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_config_severity_exits_2() {
    let p = Project::new(&[
        ("README.md", GOOD),
        (".gatelint.toml", "[severity]\nduplicate-key = \"fatal\"\n"),
    ]);
    let out = p.run(&["check"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn bad_config_toml_syntax_exits_2() {
    let p = Project::new(&[
        ("README.md", GOOD),
        (".gatelint.toml", "select = [\"duplicate-key\"\n"),
    ]);
    let out = p.run(&["check"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

#[test]
fn missing_explicit_config_exits_2() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check", "--config", "nope.toml"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

// ---- discovery ----

#[test]
fn gitignore_hidden_include_exclude() {
    let p = Project::new(&[
        ("models/a/README.md", BAD),
        ("datasets/b/README.md", WARN),
        ("spaces/c/README.md", GOOD),
        ("build/README.md", BAD),
        (".hidden/README.md", BAD),
        (".git/README.md", BAD),
        (".gitignore", "build/\n"),
        ("models/a/MODEL_CARD.md", BAD),
    ]);
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!("discovery_default", out);
    let out = p.run(&["check", "--format", "concise", "--exclude", "models"]);
    assert_eq!(exit_code(&out), "0");
    insta::assert_snapshot!("discovery_exclude", out);
    let out = p.run(&[
        "check",
        "--format",
        "concise",
        "--include",
        "*.md",
        "--exclude",
        "datasets/**",
    ]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!("discovery_include", out);
    // An excluded file stays excluded when named (pre-commit names files).
    let out = p.run(&[
        "check",
        "--format",
        "concise",
        "--exclude",
        "models/",
        "models/a/README.md",
    ]);
    assert_eq!(exit_code(&out), "0");
    assert!(out.contains("checked 0 files"), "{out}");
}

#[test]
fn bad_glob_exits_2() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check", "--exclude", "a/[b"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!(out);
}

/// `~/.cache/huggingface/hub`: each snapshot's README.md is a relative symlink to a blob.
#[cfg(unix)]
#[test]
fn hugging_face_cache() {
    use std::os::unix::fs::symlink;
    let p = Project::new(&[
        ("hub/models--org--gated/blobs/1111", BAD),
        ("hub/models--org--gated/blobs/2222", GOOD),
        ("hub/models--org--gated/refs/main", "bbbb"),
        ("hub/datasets--org--data/blobs/3333", WARN),
    ]);
    let hub = p.path().join("hub");
    for (snapshot, blob) in [
        ("models--org--gated/snapshots/aaaa", "1111"),
        ("models--org--gated/snapshots/bbbb", "2222"),
        ("datasets--org--data/snapshots/cccc", "3333"),
    ] {
        let dir = hub.join(snapshot);
        std::fs::create_dir_all(&dir).unwrap();
        symlink(format!("../../blobs/{blob}"), dir.join("README.md")).unwrap();
    }
    let out = p.run(&["check", "--format", "concise", "hub"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!(out);
}

/// Broken symlinks, symlink loops, FIFOs and unreadable directories are reported with their
/// path; the other cards are still linted. Exit 2 unless errors make it 1.
#[cfg(unix)]
#[test]
fn unreadable_entries_are_reported_and_the_rest_linted() {
    use std::os::unix::fs::symlink;
    let p = Project::new(&[("good/README.md", GOOD), ("warn/README.md", WARN)]);
    std::fs::create_dir_all(p.path().join("broken")).unwrap();
    symlink("../nowhere/blob", p.path().join("broken/README.md")).unwrap();
    std::fs::create_dir_all(p.path().join("loop")).unwrap();
    symlink("README.md", p.path().join("loop/README.md")).unwrap();
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "2");
    insta::assert_snapshot!("unreadable_only_warnings", out);

    p.write("bad/README.md", BAD);
    let out = p.run(&["check", "--format", "concise"]);
    assert_eq!(exit_code(&out), "1");
    insta::assert_snapshot!("unreadable_with_errors", out);
}

/// Permission denied, where the test does not run as root (root reads everything).
#[cfg(unix)]
#[test]
fn permission_denied_is_reported() {
    use std::os::unix::fs::PermissionsExt;
    let p = Project::new(&[
        ("good/README.md", GOOD),
        ("locked/README.md", BAD),
        ("secret/README.md", BAD),
    ]);
    let locked = p.path().join("locked");
    let secret = p.path().join("secret/README.md");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let as_root = std::fs::read(&secret).is_ok();
    let out = p.run(&["check", "--format", "concise"]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o644)).unwrap();
    if as_root {
        eprintln!("skipped: running as root, permissions do not stop reads");
        return;
    }
    assert_eq!(exit_code(&out), "2", "{out}");
    assert!(out.contains("locked"), "{out}");
    assert!(out.contains("secret/README.md"), "{out}");
    assert!(out.contains("checked 1 file"), "{out}");
}

// ---- comfort ----

#[test]
fn completions_and_man() {
    let p = Project::new(&[]);
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = p.run(&["completions", shell]);
        assert_eq!(exit_code(&out), "0", "{shell}");
        assert!(out.contains("gatelint"), "{shell}");
        assert!(out.contains("format"), "{shell}");
    }
    let out = p.run(&["man"]);
    assert_eq!(exit_code(&out), "0");
    assert!(out.contains(".TH gatelint 1"), "{out}");
    let out = p.run(&["completions", "tcsh"]);
    assert_eq!(exit_code(&out), "2");
}

#[test]
fn help_lists_the_flags() {
    let p = Project::new(&[]);
    let out = p.run(&["check", "--help"]);
    assert_eq!(exit_code(&out), "0");
    for flag in [
        "--format",
        "--output",
        "--statistics",
        "--quiet",
        "--color",
        "--config",
        "--no-config",
        "--include",
        "--exclude",
        "--strict",
        "--select",
        "--ignore",
    ] {
        assert!(out.contains(flag), "{flag} missing from:\n{out}");
    }
}

// ---- registry: `rule`, `man` ----

#[test]
fn rule_prints_severity_and_fix_from_the_registry_above_the_page() {
    let p = Project::new(&[]);
    let out = p.run(&["rule", "unknown-field-type"]);
    assert_eq!(exit_code(&out), "0");
    assert!(
        out.contains("severity: error (default)\nfix:      yes, with `gatelint check --fix`"),
        "{out}"
    );
    assert!(out.contains("\n# unknown-field-type\n"), "{out}");
    let out = p.run(&["rule", "country-as-text"]);
    assert!(
        out.contains("severity: info (default)\nfix:      no\n"),
        "{out}"
    );
}

#[test]
fn an_unknown_rule_is_one_error_with_its_help_said_once() {
    let p = Project::new(&[("README.md", "---\nlicense: mit\n---\n")]);
    let want = "gatelint: error: unknown rule `unknwn-field-type`\n  help: did you mean `unknown-field-type`?";
    let out = p.run(&["rule", "unknwn-field-type"]);
    assert_eq!(exit_code(&out), "2");
    assert!(out.contains(want), "{out}");
    assert_eq!(out.matches("unknwn-field-type").count(), 1, "{out}");
    let out = p.run(&["rule", "front-matter"]);
    assert!(
        out.contains("help: `gatelint rule --all` lists every rule"),
        "{out}"
    );
}

#[test]
fn man_writes_every_page_the_top_level_page_names() {
    let p = Project::new(&[]);
    // The directory is created, as on a machine without ~/.local/share/man/man1.
    let dir = p.path().join("share/man/man1");
    let out = p.run(&["man", "--dir", "share/man/man1"]);
    assert_eq!(exit_code(&out), "0", "{out}");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "gatelint-check.1",
            "gatelint-completions.1",
            "gatelint-man.1",
            "gatelint-preview.1",
            "gatelint-rule.1",
            "gatelint-server.1",
            "gatelint.1"
        ]
    );
    // Every `gatelint-NAME(1)` that any page refers to is a page that was written.
    let mut references = 0;
    for page in &pages {
        let text = std::fs::read_to_string(dir.join(page)).unwrap();
        for (i, _) in text.match_indices("gatelint\\-") {
            let word: String = text[i..]
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '\\' || *c == '-')
                .collect();
            if !text[i + word.len()..].starts_with("(1)") {
                continue;
            }
            let name = word.replace('\\', "");
            references += 1;
            assert!(
                dir.join(format!("{name}.1")).is_file(),
                "{page} names {name}(1)"
            );
        }
    }
    assert!(
        references >= 5,
        "the top-level page names each subcommand's page"
    );
    // The check page documents check's flags, and `man check` prints the same page.
    let check = std::fs::read_to_string(dir.join("gatelint-check.1")).unwrap();
    for flag in [
        "select", "ignore", "format", "fix", "diff", "output", "config",
    ] {
        assert!(check.contains(&format!("\\fB\\-\\-{flag}\\fR")), "--{flag}");
    }
    let out = p.run(&["man", "check"]);
    assert!(
        out.contains(&format!("----- stdout -----\n{check}----- stderr -----\n")),
        "{out}"
    );
    assert!(out.contains(".TH gatelint-check 1  \"gatelint "), "{out}");
    let out = p.run(&["man", "nope"]);
    assert_eq!(exit_code(&out), "2");
    assert!(out.contains("no subcommand `nope`"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// scripts (issue 15, item 14): `scripts/preview-screenshot.sh` finds a gatelint by itself.

/// PATH without any directory that holds a `gatelint`.
fn path_without_gatelint() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<std::path::PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join("gatelint").exists())
        .collect();
    std::env::join_paths(kept).unwrap()
}

#[test]
fn preview_screenshot_names_gatelint_in_its_usage() {
    let out = Command::new("bash")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/preview-screenshot.sh"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("usage: preview-screenshot.sh CARD"),
        "{stderr}"
    );
    assert!(stderr.contains("GATELINT="), "{stderr}");
}

/// Neither GATELINT nor a gatelint on PATH: the script builds this checkout's binary with cargo
/// (a no-op here: `cargo test` built it) and writes the page; it exits 0, or 3 when Chromium is
/// missing, never "command not found".
#[test]
fn preview_screenshot_builds_the_checkouts_gatelint_when_none_is_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let out = Command::new("bash")
        .arg(root.join("scripts/preview-screenshot.sh"))
        .arg(root.join("fixtures/cards/ok-llama-style-gate.md"))
        .arg(out_dir.path())
        .env_remove("GATELINT")
        .env("PATH", path_without_gatelint())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("command not found"), "{stderr}");
    assert!(
        matches!(out.status.code(), Some(0) | Some(3)),
        "exit {:?}: {stderr}",
        out.status.code()
    );
    if out.status.code() == Some(3) {
        assert!(stderr.contains("chromium not found"), "{stderr}");
    }
    let page = std::fs::read_to_string(out_dir.path().join("preview.html")).unwrap();
    assert!(page.contains("<label"), "{page}");
}

// ---- discovery: ignore files, hidden entries, flag globs (issue 15.9) ----

/// `.ignore`, `.gitignore` and `.git/info/exclude` each skip cards; `--no-ignore` reads none of
/// them (hidden directories stay skipped).
#[test]
fn ignore_files_and_no_ignore() {
    let p = Project::new(&[
        ("kept/README.md", BAD),
        ("by-ignore/README.md", BAD),
        ("by-gitignore/README.md", BAD),
        ("by-exclude/README.md", BAD),
        (".hidden/README.md", BAD),
        (".ignore", "by-ignore/\n"),
        (".gitignore", "by-gitignore/\n"),
        (".git/info/exclude", "by-exclude/\n"),
    ]);
    let out = p.run(&["check", "--format", "concise"]);
    assert!(out.contains("kept/README.md"), "{out}");
    for skipped in ["by-ignore", "by-gitignore", "by-exclude", ".hidden"] {
        assert!(!out.contains(skipped), "{skipped}: {out}");
    }
    assert!(out.contains("checked 1 file"), "{out}");
    let out = p.run(&["check", "--format", "concise", "--no-ignore"]);
    for linted in ["kept", "by-ignore", "by-gitignore", "by-exclude"] {
        assert!(
            out.contains(&format!("{linted}/README.md")),
            "{linted}: {out}"
        );
    }
    assert!(!out.contains(".hidden"), "{out}");
    assert!(out.contains("checked 4 files"), "{out}");
}

/// Hidden directories are skipped by the walk whatever `--include` says; named on the command
/// line, they are checked.
#[test]
fn hidden_directories_are_reached_only_by_naming_them() {
    let p = Project::new(&[("kept/README.md", GOOD), (".github/README.md", BAD)]);
    let out = p.run(&["check", "--format", "concise", "--include", ".github/*.md"]);
    assert!(out.contains("checked 0 files"), "{out}");
    assert_eq!(exit_code(&out), "0");
    let out = p.run(&["check", "--format", "concise", ".github"]);
    assert!(out.contains(".github/README.md:"), "{out}");
    assert_eq!(exit_code(&out), "1");
}

/// `--include` and `--exclude` globs with `/` match the path relative to the current directory,
/// wherever the paths checked are.
#[test]
fn flag_globs_with_a_slash_are_relative_to_the_current_directory() {
    let p = Project::new(&[("models/a/README.md", BAD), ("models/b/README.md", BAD)]);
    let models = p.path().join("models");
    // From the root, `models/a` names the first card's directory.
    let out = p.run(&["check", "--format", "concise", "--exclude", "models/a"]);
    assert!(
        !out.contains("models/a/") && out.contains("models/b/"),
        "{out}"
    );
    // From `models`, the same glob names `models/models/a`: nothing is excluded; `a` does.
    let out = p.run_in(
        &models,
        &["check", "--format", "concise", "--exclude", "models/a", "."],
        None,
    );
    assert!(
        out.contains("a/README.md") && out.contains("b/README.md"),
        "{out}"
    );
    let out = p.run_in(
        &models,
        &["check", "--format", "concise", "--exclude", "./a", ".."],
        None,
    );
    assert!(
        !out.contains("models/a/") && out.contains("models/b/"),
        "{out}"
    );
    let out = p.run_in(
        &models,
        &["check", "--format", "concise", "--include", "b/*.md", ".."],
        None,
    );
    assert!(
        out.contains("checked 1 file") && out.contains("models/b/"),
        "{out}"
    );
}

// ---- printing: statistics, positions and identity (issue 15, items 10 and 11) ----

#[test]
fn statistics_honours_format_json() {
    let p = Project::new(&[("a/README.md", BAD), ("c/README.md", WARN)]);
    let out = p.run(&["check", "--statistics", "--format", "json"]);
    assert_eq!(exit_code(&out), "1");
    let stdout = out
        .split("----- stdout -----\n")
        .nth(1)
        .and_then(|s| s.split("----- stderr -----").next())
        .unwrap();
    let rows: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 3, "{stdout}");
    assert_eq!(rows[0]["count"], 1);
    assert!(rows
        .iter()
        .all(|r| r["rule"].is_string() && r["severity"].is_string() && r["fixable"].is_boolean()));
}

#[test]
fn statistics_refuses_formats_without_statistics() {
    let p = Project::new(&[("README.md", BAD)]);
    for format in ["sarif", "github", "gitlab"] {
        let out = p.run(&["check", "--statistics", "--format", format]);
        assert_eq!(exit_code(&out), "2", "{out}");
        assert!(out.contains("--statistics prints a table"), "{out}");
    }
    let out = p.run(&["check", "--statistics", "--format", "concise"]);
    assert_eq!(exit_code(&out), "1", "{out}");
}

#[test]
fn statistics_calls_a_rule_fixable_only_when_a_finding_has_a_fix() {
    // `zzz` is no near miss of a field type: the finding has no fix, though the rule has fixes.
    let card = "---\nextra_gated_fields:\n  Name: zzz\n---\n";
    let p = Project::new(&[("README.md", card)]);
    let out = p.run(&["check", "--statistics"]);
    assert!(out.contains("unknown-field-type"), "{out}");
    assert!(!out.contains("fixable"), "{out}");
    let out = p.run(&["check", "--format", "json"]);
    assert!(!out.contains("\"fix\": {"), "{out}");
}

#[test]
fn gitlab_fingerprints_do_not_move_with_the_line() {
    let fingerprints = |card: &str| {
        let p = Project::new(&[("README.md", card)]);
        let out = p.run(&["check", "--format", "gitlab"]);
        let json = out
            .split("----- stdout -----\n")
            .nth(1)
            .and_then(|s| s.split("----- stderr -----").next())
            .unwrap()
            .to_owned();
        let issues: serde_json::Value = serde_json::from_str(&json).unwrap();
        issues
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["fingerprint"].as_str().unwrap().to_owned(),
                    i["location"]["lines"]["begin"].as_u64().unwrap(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = fingerprints(BAD);
    let after = fingerprints(&BAD.replacen("license: mit\n", "license: mit\nlanguage: en\n", 1));
    assert!(!before.is_empty());
    assert_eq!(before.len(), after.len());
    for ((a, line_a), (b, line_b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "a fingerprint changed when a line was inserted above");
        assert_eq!(line_a + 1, *line_b);
    }
    // Two identical findings in one file still get distinct fingerprints.
    let twice = "---\nextra_gated_fields:\n  A: countries\n---\n";
    let p = fingerprints(&twice.replace("  A: countries\n", "  A: countries\n  B: countries\n"));
    assert_ne!(p[0].0, p[1].0);
}

// ---------------------------------------------------------------- the driver (issue 10)

/// `gatelint check | head -1`: the reader goes away; gatelint exits 0 and says nothing, as ruff
/// does.
#[test]
fn a_closed_pipe_exits_0_quietly() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    // Well past a pipe's 64 KiB buffer.
    for i in 0..1000 {
        let d = dir.path().join(format!("{i:04}"));
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("README.md"),
            "---\nextra_gated_fields:\n  Name: Checkbox\n  Other: dropdown\n---\n",
        )
        .unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .args(["check", "--format", "concise", "."])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("0000/README.md:"), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}

#[test]
fn select_and_ignore_take_rule_names_checked_by_the_parser() {
    let p = Project::new(&[("README.md", GOOD)]);
    let out = p.run(&["check", "--ignore", "duplicate-key,unknwn-field-type"]);
    assert_eq!(exit_code(&out), "2");
    assert!(
        out.contains("unknown rule `unknwn-field-type`; did you mean `unknown-field-type`?"),
        "{out}"
    );
    let out = p.run(&[
        "check",
        "--select",
        "duplicate-key",
        "--ignore",
        "country-as-text",
    ]);
    assert_eq!(exit_code(&out), "0", "{out}");
}

// ---- messages: one column everywhere, invisible characters shown (issue 12 §4) ----

/// The report on stdout of one run.
fn stdout_of(out: &str) -> &str {
    out.split("----- stdout -----\n")
        .nth(1)
        .and_then(|s| s.split("----- stderr -----").next())
        .unwrap()
}

#[test]
fn every_format_gives_the_same_column_in_characters() {
    // Accents, an emoji and CJK before the value: 13 characters, but 21 bytes.
    let card = "---\nextra_gated_fields:\n  Café 🤗 名前: countries\n---\n";
    let line = card.lines().nth(2).unwrap();
    let at = line.find("countries").unwrap();
    let (column, end) = (
        line[..at].chars().count() + 1,
        line[..at].chars().count() + 10,
    );
    assert_ne!(
        column,
        at + 1,
        "the line must have multi-byte characters before the value"
    );
    let p = Project::new(&[("README.md", card)]);
    let run = |format: &str| {
        let out = p.run(&["check", "--format", format]);
        assert_eq!(exit_code(&out), "1", "{out}");
        stdout_of(&out).to_owned()
    };
    let human = run("human");
    assert!(
        human.contains(&format!("[README.md:3:{column}]")),
        "{human}"
    );
    let concise = run("concise");
    assert!(
        concise.starts_with(&format!("README.md:3:{column}: error:")),
        "{concise}"
    );
    let github = run("github");
    assert!(
        github.contains(&format!("line=3,col={column},endLine=3,endColumn={end},")),
        "{github}"
    );
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    assert_eq!(json[0]["start"]["column"], column, "{json}");
    assert_eq!(json[0]["end"]["column"], end, "{json}");
    let sarif: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(sarif["runs"][0]["columnKind"], "unicodeCodePoints");
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startColumn"], column, "{region}");
    assert_eq!(region["endColumn"], end, "{region}");
    let gitlab: serde_json::Value = serde_json::from_str(&run("gitlab")).unwrap();
    assert_eq!(gitlab[0]["location"]["lines"]["begin"], 3, "{gitlab}");
}

// ---- flags: every flag and subcommand of `--help` has a CLI test (issue 15) ----

#[path = "support/run.rs"]
mod timed;

/// Every subcommand and each of its long flags, as clap defines them (`--help` and `--version`
/// aside), and every short flag.
fn all_flags() -> Vec<(String, Vec<String>)> {
    use clap::CommandFactory;
    let mut cli = gatelint::cli::Cli::command();
    cli.build();
    cli.get_subcommands()
        .filter(|sub| sub.get_name() != "help")
        .map(|sub| {
            let mut flags = Vec::new();
            for arg in sub.get_arguments() {
                if let Some(long) = arg.get_long().filter(|l| !matches!(*l, "help" | "version")) {
                    flags.push(format!("--{long}"));
                }
                if let Some(short) = arg.get_short().filter(|s| !matches!(s, 'h' | 'V')) {
                    flags.push(format!("-{short}"));
                }
            }
            (sub.get_name().to_owned(), flags)
        })
        .collect()
}

/// The source of every test file, to see which flags they pass.
fn test_sources() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut text = String::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            text.push_str(&std::fs::read_to_string(path).unwrap());
        }
    }
    text
}

#[test]
fn every_flag_has_a_cli_test_and_a_place_in_the_readme() {
    let flags = all_flags();
    let names: Vec<&str> = flags.iter().map(|(sub, _)| sub.as_str()).collect();
    assert_eq!(
        names,
        ["check", "rule", "preview", "completions", "man", "server"],
        "a subcommand was added or removed: give it a test here and a line in README's Usage"
    );
    let sources = test_sources();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let usage = &readme[readme.find("## Usage").unwrap()..readme.find("## Rules").unwrap()];
    let mut missing = Vec::new();
    for (sub, flags) in &flags {
        // The subcommand is run by a test (as an argument: `"check"`), and Usage shows it.
        if !sources.contains(&format!("\"{sub}\"")) {
            missing.push(format!("no test runs `gatelint {sub}`"));
        }
        if !usage.contains(&format!("gatelint {sub}")) {
            missing.push(format!("README Usage does not show `gatelint {sub}`"));
        }
        for flag in flags {
            // A test passes it as an argument (`"--threads"`, or in a flag group `"-qo"` no).
            if !sources.contains(&format!("\"{flag}\"")) {
                missing.push(format!("no test passes `gatelint {sub} {flag}`"));
            }
            if !usage.contains(&format!("`{flag}")) && !usage.contains(&format!(" {flag}")) {
                missing.push(format!("README Usage does not name `{sub} {flag}`"));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// Runs gatelint in `dir` with `env` set (NO_COLOR removed unless given), at most 60 s.
fn run_with_env(
    dir: &Path,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: Option<&[u8]>,
) -> timed::Outcome {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gatelint"));
    command.current_dir(dir).args(args).env_remove("NO_COLOR");
    for (key, value) in env {
        command.env(key, value);
    }
    timed::run_command(command, stdin, std::time::Duration::from_secs(60))
}

#[test]
fn color_always_never_auto_and_no_color() {
    let p = Project::new(&[("README.md", BAD)]);
    let has_escape = |o: &timed::Outcome| o.stdout.contains(&0x1b);
    // --color always colours even into a pipe, and wins over NO_COLOR (an explicit choice).
    let always = run_with_env(p.path(), &["check", "--color", "always"], &[], None);
    assert_eq!(always.code, Some(1));
    assert!(has_escape(&always), "{}", always.stdout_text());
    let always = run_with_env(
        p.path(),
        &["check", "--color", "always"],
        &[("NO_COLOR", "1")],
        None,
    );
    assert!(has_escape(&always));
    // never and auto (stdout is a file here, not a terminal) do not; the findings are the same.
    let never = run_with_env(p.path(), &["check", "--color", "never"], &[], None);
    let auto = run_with_env(p.path(), &["check", "--color", "auto"], &[], None);
    assert!(!has_escape(&never) && !has_escape(&auto));
    assert_eq!(never.stdout, auto.stdout);
    assert!(never.stdout_text().contains("unknown-field-type"));
    // A bad value names the allowed set.
    let bad = run_with_env(p.path(), &["check", "--color", "sometimes"], &[], None);
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr
            .contains("[possible values: auto, always, never]"),
        "{}",
        bad.stderr
    );
}

#[test]
fn short_q_and_o_are_quiet_and_output() {
    let p = Project::new(&[("README.md", BAD)]);
    let out = run_with_env(
        p.path(),
        &["check", "-q", "-o", "report.json", "--format", "json"],
        &[],
        None,
    );
    assert_eq!(out.code, Some(1));
    assert!(out.stdout.is_empty(), "-o sends the report to the file");
    assert!(
        !out.stderr.contains("checked 1 file"),
        "-q hides the summary: {}",
        out.stderr
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(p.path().join("report.json")).unwrap())
            .unwrap();
    let rules: Vec<&str> = report
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["unknown-field-type", "eu-disallowed-not-boolean"]);
    // Without -q, the summary is there.
    let loud = run_with_env(p.path(), &["check", "-o", "report.json"], &[], None);
    assert!(
        loud.stderr.contains("checked 1 file: 2 errors"),
        "{}",
        loud.stderr
    );
}

#[test]
fn threads_do_not_change_the_output() {
    let mut files = Vec::new();
    for i in 0..40 {
        let card = match i % 3 {
            0 => BAD,
            1 => WARN,
            _ => GOOD,
        };
        files.push((format!("org{}/model{i}/README.md", i % 4), card));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, c)| (p.as_str(), *c)).collect();
    let p = Project::new(&refs);
    let one = run_with_env(
        p.path(),
        &["check", "--format", "concise", "--threads", "1"],
        &[],
        None,
    );
    assert_eq!(one.code, Some(1));
    assert_eq!(
        one.stdout_text().lines().count(),
        14 * 2 + 13,
        "{}",
        one.stdout_text()
    );
    for threads in ["2", "4", "0"] {
        let other = run_with_env(
            p.path(),
            &["check", "--format", "concise", "--threads", threads],
            &[],
            None,
        );
        assert_eq!(other.stdout, one.stdout, "--threads {threads}");
        assert_eq!(other.stderr, one.stderr, "--threads {threads}");
    }
    let bad = run_with_env(p.path(), &["check", "--threads", "many"], &[], None);
    assert_eq!(bad.code, Some(2));
    assert!(bad.stderr.contains("many"), "{}", bad.stderr);
}

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let card = "---\nextra_gated_fields:\n  Agree: Checkbox\n---\n";
    let p = Project::new(&[("README.md", card)]);
    let out = run_with_env(p.path(), &["check", "--diff", "README.md"], &[], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert_eq!(
        out.stdout_text(),
        "--- a/README.md\n+++ b/README.md\n@@ -1,4 +1,4 @@\n ---\n extra_gated_fields:\n-  Agree: Checkbox\n+  Agree: checkbox\n ---\n"
    );
    assert!(
        out.stderr.contains("would fix 1 finding in 1 file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(p.path().join("README.md")).unwrap(),
        card
    );
}

#[test]
fn preview_flags_stdin_filename_repo_type_and_format() {
    let p = Project::new(&[]);
    let card = b"---\nextra_gated_fields:\n  0x1F: text\n  Name: text\n---\n";
    let out = run_with_env(
        p.path(),
        &[
            "preview",
            "--stdin-filename",
            "org/x/README.md",
            "--repo-type",
            "dataset",
            "-",
        ],
        &[],
        Some(card),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    assert!(
        text.starts_with("Access form of org/x/README.md (dataset)"),
        "{text}"
    );
    assert!(text.contains("to access this dataset"), "{text}");
    // The Hub's label and order: `0x1F` is 31, before `Name`.
    let (at_31, at_name) = (text.find("\n31\n").unwrap(), text.find("\nName\n").unwrap());
    assert!(at_31 < at_name, "{text}");
    let html = run_with_env(
        p.path(),
        &["preview", "--format", "html", "-"],
        &[],
        Some(card),
    );
    assert_eq!(html.code, Some(0));
    assert!(
        html.stdout_text().starts_with("<!DOCTYPE html>"),
        "{}",
        html.stdout_text()
    );
    let bad = run_with_env(
        p.path(),
        &["preview", "--repo-type", "space", "-"],
        &[],
        Some(card),
    );
    assert_eq!(bad.code, Some(2));
    assert!(
        bad.stderr.contains("[possible values: model, dataset]"),
        "{}",
        bad.stderr
    );
}

#[test]
fn server_stdio_answers_initialize_and_exits_on_exit() {
    let p = Project::new(&[]);
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let input = [
        frame(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#),
        frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        frame(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#),
        frame(r#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    let out = run_with_env(
        p.path(),
        &["server", "--stdio"],
        &[],
        Some(input.as_bytes()),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    assert!(
        text.contains(r#""id":1"#) && text.contains("capabilities"),
        "{text}"
    );
    assert!(text.contains(r#""id":2"#), "shutdown answered: {text}");
}

#[test]
fn every_subcommand_has_help_and_the_binary_a_version() {
    let p = Project::new(&[]);
    for (sub, flags) in all_flags() {
        let out = run_with_env(p.path(), &[&sub, "--help"], &[], None);
        assert_eq!(out.code, Some(0), "{sub} --help");
        for flag in flags.iter().filter(|f| f.starts_with("--")) {
            assert!(
                out.stdout_text().contains(flag.as_str()),
                "{sub} --help lacks {flag}"
            );
        }
    }
    let out = run_with_env(p.path(), &["--version"], &[], None);
    assert_eq!(
        out.stdout_text(),
        format!("gatelint {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn rule_all_lists_every_rule_in_registry_order() {
    let p = Project::new(&[]);
    let out = run_with_env(p.path(), &["rule", "--all"], &[], None);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), gatelint::Rule::ALL.len(), "{text}");
    for (line, rule) in lines.iter().zip(gatelint::Rule::ALL) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], rule.name(), "{line}");
        assert_eq!(words[1], rule.default_severity().to_string(), "{line}");
        assert!(line.contains(rule.summary()), "{line}");
        assert_eq!(line.ends_with(" (fixable)"), rule.has_fix(), "{line}");
    }
    // A name and --all together are a usage error.
    let both = run_with_env(p.path(), &["rule", "--all", "duplicate-key"], &[], None);
    assert_eq!(both.code, Some(2), "{}", both.stdout_text());
}

// ---------------------------------------------------------------------------------------------
// stranded: gate keys the Hub never sees, and quiet on READMEs that are not cards (issue 12)

const PLAIN_README: &str = "# Utilities\n\nScripts for the project.\n";
const KEYS_IN_CODE_BLOCK: &str =
    "# My model\n\n```yaml\nlicense: mit\nextra_gated_fields:\n  Name: text\n```\n";

#[test]
fn a_walk_says_nothing_on_readmes_that_are_not_cards() {
    let p = Project::new(&[
        ("README.md", GOOD),
        ("scripts/README.md", PLAIN_README),
        ("docs/README.md", "\n\nSee the wiki.\n"),
        ("model/README.md", KEYS_IN_CODE_BLOCK),
        // The metadata written without its fences.
        (
            "unfenced/README.md",
            "extra_gated_prompt: Agree\nextra_gated_fields:\n  Name: text\n\n# Model\n",
        ),
        // A gate key shown in a code block of another language: documentation, not a card.
        (
            "tools/README.md",
            "# Tools\n\n```text\nextra_gated_prompt: Agree\n```\n",
        ),
    ]);
    let out = p.run(&["check", "--format", "concise", "."]);
    assert_eq!(exit_code(&out), "0", "{out}");
    assert!(!out.contains("scripts/README.md"), "{out}");
    assert!(!out.contains("docs/README.md"), "{out}");
    assert!(!out.contains("tools/README.md"), "{out}");
    for line in [
        "unfenced/README.md:1:1: warning: the card has no front matter",
        "unfenced/README.md:1:1: warning: `extra_gated_prompt` is in a file with no front matter",
        "unfenced/README.md:2:1: warning: `extra_gated_fields` is in a file with no front matter",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    // Gate keys elsewhere in it: a card after all, without its front matter.
    assert!(
        out.contains("model/README.md:1:1: warning: the card has no front matter"),
        "{out}"
    );
    assert!(
        out.contains("model/README.md:5:1: warning: `extra_gated_fields` is in a code block"),
        "{out}"
    );
    assert!(
        out.contains("checked 6 files: 0 errors, 5 warnings"),
        "{out}"
    );
}

#[test]
fn a_readme_named_or_piped_keeps_missing_front_matter() {
    let p = Project::new(&[("scripts/README.md", PLAIN_README)]);
    let named = p.run(&["check", "--format", "concise", "scripts/README.md"]);
    assert!(
        named.contains("scripts/README.md:1:1: warning: the card has no front matter")
            && named.contains("[missing-front-matter]"),
        "{named}"
    );
    let piped = p.run_in(
        p.path(),
        &["check", "--format", "concise", "-"],
        Some(PLAIN_README),
    );
    assert!(piped.contains("[missing-front-matter]"), "{piped}");
    // A walk of the same file, and --fix over a walk, say nothing.
    for args in [
        &["check", "scripts"][..],
        &["check", "--fix", "scripts"][..],
    ] {
        let walked = p.run(args);
        assert!(!walked.contains("missing-front-matter"), "{walked}");
        assert!(
            walked.contains("checked 1 file: 0 errors, 0 warnings"),
            "{walked}"
        );
    }
}

#[test]
fn gate_keys_after_the_front_matter_are_found_in_a_walk() {
    let p = Project::new(&[(
        "README.md",
        "---\nlicense: mit\n---\n# Model\n\n---\nextra_gated_prompt: Agree\n---\n",
    )]);
    let out = p.run(&["check", "--format", "concise", "."]);
    assert!(
        out.contains(
            "README.md:7:1: warning: `extra_gated_prompt` is in a second `---` block, in the body"
        ),
        "{out}"
    );
}

// ---- house: colour, `--color` and NO_COLOR, as README Usage says ----

/// `--color always` and `never` decide, over NO_COLOR (ruff's convention: the flag wins over the
/// environment), for the findings and for a config error's snippet alike; `auto` colours only a
/// terminal, and NO_COLOR (set and not empty) turns that off.
#[test]
fn color_flag_wins_over_no_color_for_findings_and_config_errors() {
    let p = Project::new(&[
        ("README.md", BAD),
        ("bad/README.md", GOOD),
        ("bad/.gatelint.toml", "select = [\"nonsense\"]\n"),
    ]);
    let has_escape = |bytes: &[u8]| bytes.contains(&0x1b);
    for no_color in [None, Some("1")] {
        let env: Vec<(&str, &str)> = no_color.map(|v| ("NO_COLOR", v)).into_iter().collect();
        let always = run_with_env(p.path(), &["check", "--color", "always", "bad"], &env, None);
        assert_eq!(always.code, Some(2), "{}", always.stderr);
        assert!(always.stderr.contains("nonsense"), "{}", always.stderr);
        assert!(
            has_escape(always.stderr.as_bytes()),
            "NO_COLOR={no_color:?}: the config error is not coloured under --color always:\n{}",
            always.stderr
        );
        for choice in ["never", "auto"] {
            let plain = run_with_env(p.path(), &["check", "--color", choice, "bad"], &env, None);
            assert_eq!(plain.code, Some(2));
            assert!(!has_escape(plain.stderr.as_bytes()), "{}", plain.stderr);
        }
    }
    // On a terminal (`script` gives the run one), auto colours unless NO_COLOR is set and not
    // empty; never does not colour there either.
    if Command::new("script").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "`script` (util-linux) is required under CI"
        );
        eprintln!("skipped the terminal half: `script` (util-linux) is not installed");
        return;
    }
    let on_terminal = |choice: &str, no_color: Option<&str>| {
        let mut command = Command::new("script");
        let line = format!(
            "'{}' check -q --color {choice} README.md",
            env!("CARGO_BIN_EXE_gatelint")
        );
        command
            .current_dir(p.path())
            .args(["-qec", &line, "/dev/null"])
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let out = timed::run_command(command, None, std::time::Duration::from_secs(60));
        assert_eq!(out.code, Some(1), "{}", out.stdout_text());
        assert!(out.stdout_text().contains("unknown-field-type"));
        has_escape(&out.stdout)
    };
    assert!(on_terminal("auto", None), "auto on a terminal colours");
    assert!(
        on_terminal("auto", Some("")),
        "an empty NO_COLOR counts as unset"
    );
    assert!(!on_terminal("auto", Some("1")), "NO_COLOR turns auto off");
    assert!(!on_terminal("never", None));
    assert!(on_terminal("always", Some("1")));
}
