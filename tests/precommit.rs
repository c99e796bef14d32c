//! The real pre-commit client installs the hook from this repository and runs it on a throwaway
//! git repository: a broken card blocks the commit, a fixed one passes, and only the staged cards
//! are linted.
//!
//! The checkout (tracked and untracked-but-not-ignored files, so uncommitted work is tested) is
//! copied into a temporary git repository and committed: that commit is the `rev` the config
//! names. pre-commit then builds gatelint with `cargo install` (`language: rust`) into
//! `target/precommit`, with an unoptimised release profile: about a minute the first time, seconds
//! after. Without `pre-commit` on PATH it prints why and passes, except under CI (`CI` set), where
//! it fails: `.ci/run` installs it with `python3 -m pip install pre-commit`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

const BROKEN: &str = "---\nextra_gated_fields:\n  Country: countries\n---\n# A model\n";
const FIXED: &str = "---\nextra_gated_fields:\n  Country: country\n---\n# A model\n";

fn run(cwd: &Path, program: &str, args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(program);
    command
        .current_dir(cwd)
        .args(args)
        .env("GIT_AUTHOR_NAME", "gatelint test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "gatelint test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE");
    for (key, value) in env {
        command.env(key, value);
    }
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program}: {e}"))
}

fn ok(output: Output, what: &str) -> String {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{what} failed:\n{text}");
    text
}

fn git(cwd: &Path, args: &[&str]) -> String {
    ok(
        run(cwd, "git", args, &[]),
        &format!("git {}", args.join(" ")),
    )
}

/// The checkout's files, committed in a fresh repository; returns the commit.
fn snapshot_checkout(into: &Path) -> String {
    let listed = git(
        Path::new(ROOT),
        &[
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ],
    );
    git(into, &["init", "-q"]);
    for name in listed.split('\0').filter(|n| !n.is_empty()) {
        let from = Path::new(ROOT).join(name);
        // Deleted but still in the index: not part of the working tree.
        if !from.is_file() {
            continue;
        }
        let to = into.join(name);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&from, &to).unwrap();
    }
    git(into, &["add", "-A"]);
    git(into, &["commit", "-q", "--no-verify", "-m", "snapshot"]);
    git(into, &["rev-parse", "HEAD"]).trim().to_owned()
}

fn target_dir() -> PathBuf {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`.
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| Path::new(ROOT).join("target"))
}

#[test]
fn pre_commit_blocks_a_broken_card_and_passes_a_fixed_one() {
    if Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("CI").is_none(),
            "pre-commit is not installed: python3 -m pip install pre-commit"
        );
        eprintln!(
            "SKIPPED: pre-commit is not installed (python3 -m pip install pre-commit); \
             the pre-commit hook was not exercised"
        );
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let hooks = tmp.path().join("gatelint");
    let user = tmp.path().join("user");
    let home = tmp.path().join("pre-commit-home");
    for dir in [&hooks, &user, &home] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let rev = snapshot_checkout(&hooks);

    git(&user, &["init", "-q"]);
    std::fs::write(
        user.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: gatelint\n",
            hooks.display()
        ),
    )
    .unwrap();
    // A broken card already in the repository: pre-commit never passes it to the hook.
    std::fs::create_dir_all(user.join("legacy")).unwrap();
    std::fs::write(user.join("legacy/README.md"), BROKEN).unwrap();
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "-q", "--no-verify", "-m", "start"]);

    // pre-commit's `language: rust` runs `cargo install`, a release build. Its own target dir
    // (kept between runs) and an unoptimised release profile keep that to about a minute, so the
    // test can run in every `cargo test`; the hook's behaviour does not depend on optimisation.
    let target = target_dir().join("precommit");
    let (no, zero, units) = (Path::new("false"), Path::new("0"), Path::new("256"));
    let env = [
        ("PRE_COMMIT_HOME", home.as_path()),
        ("CARGO_TARGET_DIR", target.as_path()),
        ("CARGO_PROFILE_RELEASE_LTO", no),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", zero),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", units),
        ("CARGO_PROFILE_RELEASE_DEBUG", no),
    ];
    let started = std::time::Instant::now();
    ok(
        run(&user, "pre-commit", &["install"], &env),
        "pre-commit install",
    );
    // Build the hook's environment once (cargo install), outside the commit.
    ok(
        run(&user, "pre-commit", &["install-hooks"], &env),
        "pre-commit install-hooks",
    );
    eprintln!("pre-commit installed the hook in {:?}", started.elapsed());

    std::fs::create_dir_all(user.join("models/gated")).unwrap();
    std::fs::write(user.join("models/gated/README.md"), BROKEN).unwrap();
    std::fs::write(user.join("notes.md"), BROKEN).unwrap();
    git(&user, &["add", "models/gated/README.md", "notes.md"]);
    let blocked = run(&user, "git", &["commit", "-m", "broken card"], &env);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the broken card was committed:\n{text}"
    );
    assert!(text.contains("gatelint"), "{text}");
    assert!(text.contains("unknown-field-type"), "{text}");
    assert!(text.contains("models/gated/README.md"), "{text}");
    assert!(
        !text.contains("legacy/README.md"),
        "an unstaged card was linted:\n{text}"
    );
    assert!(
        !text.contains("notes.md"),
        "a file not named README.md was linted:\n{text}"
    );

    std::fs::write(user.join("models/gated/README.md"), FIXED).unwrap();
    git(&user, &["add", "models/gated/README.md"]);
    let passed = ok(
        run(&user, "git", &["commit", "-m", "fixed card"], &env),
        "committing the fixed card",
    );
    assert!(passed.contains("gatelint"), "{passed}");
    assert!(passed.contains("Passed"), "{passed}");
}
