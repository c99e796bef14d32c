//! The GitHub Action (`action.yml`) and the release workflow, offline:
//! - the Action's installer (`scripts/install-action.sh`) against a release folder this test
//!   builds with the release's own script (`scripts/release-archive.py`, from the wheel just
//!   built), reached through `file://` URLs: a good archive installs and runs, a tampered one is
//!   refused with nothing installed and no fallback, and a platform without an archive falls back
//!   to `pip install gatelint==VERSION` (here from the local wheel, `PIP_NO_INDEX`);
//! - every workflow and `action.yml` pass zizmor (`--offline`) and check-jsonschema's vendored
//!   GitHub schemas; every third-party action is pinned by commit.
//!
//! Tools come from `tests/support/tools.rs` (the test virtual environment).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/tools.rs"]
mod tools;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const BROKEN: &str = "---\nextra_gated_fields:\n  Country: countries\n---\n# A model\n";

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The target triple the installer picks on this machine.
fn this_target() -> String {
    let arch = match std::env::consts::ARCH {
        "aarch64" => "aarch64",
        _ => "x86_64",
    };
    match std::env::consts::OS {
        "macos" => format!("{arch}-apple-darwin"),
        "windows" => "x86_64-pc-windows-msvc".to_owned(),
        _ => format!("{arch}-unknown-linux-musl"),
    }
}

/// A release folder laid out as GitHub serves it (`<base>/v<version>/<archive>` and its
/// `.sha256`), cut by the release's own script from the wheel just built. (Named for the target
/// the installer asks for on this machine; the binary inside is the wheel's, which runs here.)
struct Release {
    _dir: tempfile::TempDir,
    base: PathBuf,
    archive: PathBuf,
}

fn release() -> Release {
    let (wheel, _) = tools::gatelint_wheel();
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("releases");
    let folder = base.join(format!("v{VERSION}"));
    let output = tools::run_ok(
        Command::new(tools::venv_python())
            .arg(tools::root().join("scripts/release-archive.py"))
            .arg(&wheel)
            .arg(this_target())
            .arg(&folder),
        "scripts/release-archive.py",
    );
    let archive = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    assert!(archive.is_file(), "{}", text(&output));
    let sha = std::fs::read_to_string(format!("{}.sha256", archive.display())).unwrap();
    let name = archive.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        name,
        format!("gatelint-{}-v{VERSION}.tgz", this_target()),
        "cargo-binstall's default archive name"
    );
    assert!(
        sha.ends_with(&format!("  {name}\n")) && sha.split(' ').next().unwrap().len() == 64,
        "{sha}"
    );
    Release {
        _dir: dir,
        base,
        archive,
    }
}

/// PATH without the directories that hold cargo: the installer must never compile.
fn path_without_cargo() -> std::ffi::OsString {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let kept: Vec<PathBuf> = std::env::split_paths(&path)
        .filter(|dir| !dir.join(tools::exe("cargo")).exists())
        .collect();
    std::env::join_paths(kept).unwrap()
}

/// Runs the installer with the given download base, a GITHUB_PATH file, and no cargo on PATH.
fn install(base: &Path, into: &Path, extra: &[(&str, &str)]) -> (Output, String) {
    let github_path = into.join("github_path");
    let mut command = Command::new("bash");
    command
        .arg(tools::root().join("scripts/install-action.sh"))
        .env("PATH", path_without_cargo())
        .env_remove("GATELINT_TARGET")
        .env_remove("GATELINT_FROM_SOURCE")
        .env_remove("PIP_FIND_LINKS")
        .env("GATELINT_VERSION", VERSION)
        .env(
            "GATELINT_DOWNLOAD_URL",
            format!("file://{}", base.display()),
        )
        .env("GATELINT_INSTALL_DIR", into.join("gatelint"))
        .env("GITHUB_PATH", &github_path)
        .env("RUNNER_TEMP", into);
    for (key, value) in extra {
        command.env(key, value);
    }
    let output = command.output().unwrap();
    let added = std::fs::read_to_string(&github_path).unwrap_or_default();
    (output, added)
}

#[test]
fn the_installer_installs_a_good_archive_without_compiling() {
    let release = release();
    let tmp = tempfile::tempdir().unwrap();
    let (output, added) = install(&release.base, tmp.path(), &[]);
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("sha256 verified"),
        "{}",
        text(&output)
    );
    let dir = tmp.path().join("gatelint");
    assert_eq!(added.trim(), dir.to_str().unwrap(), "GITHUB_PATH: {added}");
    let binary = dir.join("gatelint");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        binary.to_str().unwrap()
    );
    std::fs::write(tmp.path().join("README.md"), BROKEN).unwrap();
    let lint = Command::new(&binary)
        .args(["check", "--format", "github", "README.md"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(lint.status.code(), Some(1), "{}", text(&lint));
    assert!(text(&lint).contains("::error"), "{}", text(&lint));
}

#[test]
fn the_installer_refuses_a_tampered_archive_and_installs_nothing() {
    let release = release();
    // One byte of the archive changed after its checksum was written.
    let mut bytes = std::fs::read(&release.archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&release.archive, bytes).unwrap();

    let tmp = tempfile::tempdir().unwrap();
    // A wheel the pip fallback could find: the installer must not reach for it.
    let (wheel, _) = tools::gatelint_wheel();
    let links = wheel.parent().unwrap().to_str().unwrap().to_owned();
    let (output, added) = install(
        &release.base,
        tmp.path(),
        &[("PIP_NO_INDEX", "1"), ("PIP_FIND_LINKS", &links)],
    );
    assert!(!output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("checksum mismatch"),
        "{}",
        text(&output)
    );
    assert!(
        text(&output).contains("::error"),
        "no annotation: {}",
        text(&output)
    );
    assert!(!tmp.path().join("gatelint/gatelint").exists());
    assert!(
        !tmp.path().join("gatelint/venv").exists(),
        "fell back to pip"
    );
    assert!(added.is_empty(), "GITHUB_PATH changed: {added}");

    // A checksum file that names another archive is refused too.
    let release = self::release();
    let sha = format!("{}.sha256", release.archive.display());
    let original = std::fs::read_to_string(&sha).unwrap();
    let digest = original.split(' ').next().unwrap();
    std::fs::write(&sha, format!("{digest}  gatelint-other.tgz\n")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let (output, _) = install(&release.base, tmp.path(), &[]);
    assert!(!output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains("checksum mismatch"),
        "{}",
        text(&output)
    );
}

#[test]
fn without_an_archive_for_the_platform_the_installer_falls_back_to_pip() {
    let release = release();
    let (wheel, _) = tools::gatelint_wheel();
    let links = wheel.parent().unwrap().to_str().unwrap().to_owned();
    let tmp = tempfile::tempdir().unwrap();
    let (output, added) = install(
        &release.base,
        tmp.path(),
        &[
            ("GATELINT_TARGET", "riscv64gc-unknown-linux-gnu"),
            ("PIP_NO_INDEX", "1"),
            ("PIP_FIND_LINKS", &links),
        ],
    );
    assert!(output.status.success(), "{}", text(&output));
    assert!(
        text(&output).contains(&format!("pip install gatelint=={VERSION}")),
        "{}",
        text(&output)
    );
    let bin = tmp.path().join("gatelint/venv/bin");
    assert_eq!(added.trim(), bin.to_str().unwrap());
    let version = Command::new(bin.join("gatelint"))
        .arg("--version")
        .output()
        .unwrap();
    assert!(text(&version).contains(VERSION), "{}", text(&version));
}

/// Every workflow file and `action.yml`.
fn workflow_files() -> (Vec<PathBuf>, PathBuf) {
    let dir = tools::root().join(".github/workflows");
    let mut workflows: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    workflows.sort();
    assert!(
        ["release.yml", "ci.yml"]
            .iter()
            .all(|name| workflows.iter().any(|p| p.ends_with(name))),
        "{workflows:?}"
    );
    (workflows, tools::root().join("action.yml"))
}

#[test]
fn workflows_and_the_action_pass_zizmor_offline() {
    let (mut files, action) = workflow_files();
    files.push(action);
    let output = Command::new(tools::python_tool("zizmor"))
        .arg("--offline")
        .args(&files)
        .env_remove("GH_TOKEN")
        .env_remove("GITHUB_TOKEN")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(output.status.success(), "zizmor:\n{}", text(&output));
    assert!(
        text(&output).contains("No findings to report"),
        "{}",
        text(&output)
    );
}

#[test]
fn workflows_and_the_action_match_the_github_schemas() {
    let (workflows, action) = workflow_files();
    let checker = tools::python_tool("check-jsonschema");
    let mut runs = vec![("vendor.github-workflows", workflows)];
    runs.push(("vendor.github-actions", vec![action]));
    for (schema, files) in runs {
        let output = Command::new(&checker)
            .args(["--builtin-schema", schema])
            .args(&files)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "check-jsonschema {schema}:\n{}",
            text(&output)
        );
        assert!(text(&output).contains("ok"), "{}", text(&output));
    }
}

#[test]
fn third_party_actions_are_pinned_by_commit() {
    let (mut files, action) = workflow_files();
    files.push(action);
    let mut unpinned = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for line in source.lines() {
            let Some(used) = line
                .trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses:")
            else {
                continue;
            };
            let used = used.trim();
            if used.starts_with("./") || used.starts_with("docker://") {
                continue;
            }
            let pinned = used.split_once('@').is_some_and(|(_, rev)| {
                let rev = rev.split_whitespace().next().unwrap_or("");
                rev.len() == 40 && rev.bytes().all(|b| b.is_ascii_hexdigit())
            });
            if !pinned {
                unpinned.push(format!("{}: {used}", file.display()));
            }
        }
    }
    assert!(
        unpinned.is_empty(),
        "not pinned by commit:\n{}",
        unpinned.join("\n")
    );
}

/// The Action installs with the script tested above (which ran here without cargo on PATH);
/// compiling is an opt-in input that defaults to false.
#[test]
fn the_action_never_compiles_by_default() {
    let action = std::fs::read_to_string(tools::root().join("action.yml")).unwrap();
    assert!(
        action.contains("bash \"$GITHUB_ACTION_PATH/scripts/install-action.sh\""),
        "{action}"
    );
    let from_source = action
        .split("  from-source:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n  sarif:").next())
        .unwrap_or_default();
    assert!(from_source.contains("default: \"false\""), "{from_source}");
    assert!(
        action.contains("GATELINT_FROM_SOURCE: ${{ inputs.from-source }}"),
        "{action}"
    );
}
