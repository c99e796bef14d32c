//! The real pre-commit client runs both hooks this project offers on a throwaway git repository:
//! a broken card blocks the commit, a fixed one passes, and only the staged cards are linted.
//!
//! - `gatelint` from the hook repository `gatelint-pre-commit/` (language: python), as a user
//!   gets it once the release has published that folder: pre-commit makes a virtual environment
//!   and installs the pinned gatelint wheel. Here the wheel is the one just built from a fresh
//!   sdist (`tools::gatelint_wheel`), found through `PIP_FIND_LINKS` with `PIP_NO_INDEX`, so no
//!   install reaches the network. Its first run, set-up included, is timed and printed (it takes
//!   seconds; no assertion on time).
//! - `gatelint-source` from this repository's `.pre-commit-hooks.yaml` (language: rust): pre-commit
//!   builds gatelint with `cargo install` into the shared `<target>/precommit`, with a cheap
//!   release profile: about a minute the first time, seconds after.
//!
//! Each hook repository is a copy of its files committed in a temporary git repository (the
//! checkout's tracked and untracked-but-not-ignored files, so uncommitted work is tested); that
//! commit is the `rev` the config names. pre-commit itself comes from the test virtual environment
//! (`tests/support/tools.rs`), installed on the first run.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/tools.rs"]
mod tools;

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

/// The checkout's files under `folder` (`""`: all of them), committed at the root of a fresh
/// repository; returns the commit.
fn snapshot_checkout(folder: &str, into: &Path) -> String {
    let listed = git(
        &Path::new(ROOT).join(folder),
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
        let from = Path::new(ROOT).join(folder).join(name);
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

/// The hook repository and its hook id, the environment pre-commit runs with, and what to check.
struct Hook<'a> {
    folder: &'a str,
    id: &'a str,
    env: Vec<(&'a str, PathBuf)>,
}

/// Installs the hook with the real pre-commit client in a fresh user repository, commits a broken
/// card (blocked) and then the fixed card (passes). Returns the time of the first commit, which
/// includes pre-commit's set-up of the hook's environment.
fn exercise(hook: &Hook) -> std::time::Duration {
    let pre_commit = tools::python_tool("pre-commit");
    let pre_commit = pre_commit.to_str().expect("a UTF-8 path");
    let tmp = tempfile::tempdir().unwrap();
    let hooks = tmp.path().join("hooks");
    let user = tmp.path().join("user");
    let home = tmp.path().join("pre-commit-home");
    for dir in [&hooks, &user, &home] {
        std::fs::create_dir_all(dir).unwrap();
    }
    let rev = snapshot_checkout(hook.folder, &hooks);

    git(&user, &["init", "-q"]);
    std::fs::write(
        user.join(".pre-commit-config.yaml"),
        format!(
            "repos:\n  - repo: {}\n    rev: {rev}\n    hooks:\n      - id: {}\n",
            hooks.display(),
            hook.id
        ),
    )
    .unwrap();
    // A broken card already in the repository: pre-commit never passes it to the hook.
    std::fs::create_dir_all(user.join("legacy")).unwrap();
    std::fs::write(user.join("legacy/README.md"), BROKEN).unwrap();
    git(&user, &["add", "-A"]);
    git(&user, &["commit", "-q", "--no-verify", "-m", "start"]);

    let mut env: Vec<(&str, &Path)> = vec![("PRE_COMMIT_HOME", home.as_path())];
    env.extend(hook.env.iter().map(|(k, v)| (*k, v.as_path())));
    ok(
        run(&user, pre_commit, &["install"], &env),
        "pre-commit install",
    );

    std::fs::create_dir_all(user.join("models/gated")).unwrap();
    std::fs::write(user.join("models/gated/README.md"), BROKEN).unwrap();
    std::fs::write(user.join("notes.md"), BROKEN).unwrap();
    git(&user, &["add", "models/gated/README.md", "notes.md"]);
    // The first run: pre-commit sets up the hook's environment, then runs it.
    let started = std::time::Instant::now();
    let blocked = run(&user, "git", &["commit", "-m", "broken card"], &env);
    let first_run = started.elapsed();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        !blocked.status.success(),
        "the broken card was committed:\n{text}"
    );
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
    first_run
}

#[test]
fn the_wheel_hook_installs_in_seconds_blocks_a_broken_card_and_passes_a_fixed_one() {
    let (wheel, _) = tools::gatelint_wheel();
    let wheels = wheel.parent().expect("the wheel's folder").to_path_buf();
    // The hook repository's build backend, for an install that needs no index.
    let wheelhouse = tools::wheelhouse(&["setuptools>=61"]);
    let find_links = PathBuf::from(format!("{} {}", wheels.display(), wheelhouse.display()));
    let first_run = exercise(&Hook {
        folder: "gatelint-pre-commit",
        id: "gatelint",
        env: vec![
            ("PIP_NO_INDEX", PathBuf::from("1")),
            ("PIP_FIND_LINKS", find_links),
        ],
    });
    eprintln!(
        "the wheel-based hook's first run (virtual environment, wheel install, lint): {:.1?}",
        first_run
    );
}

#[test]
fn the_source_hook_builds_with_cargo_blocks_a_broken_card_and_passes_a_fixed_one() {
    // pre-commit's `language: rust` runs `cargo install`, a release build: the shared target
    // directory and the cheap release profile of `tools::cheap_release` keep it quick.
    let mut probe = Command::new("true");
    tools::cheap_release(&mut probe);
    let env = probe
        .get_envs()
        .filter_map(|(k, v)| Some((k.to_str()?, PathBuf::from(v?))))
        .collect();
    let first_run = exercise(&Hook {
        folder: "",
        id: "gatelint-source",
        env,
    });
    eprintln!(
        "the source hook's first run (cargo install into the shared target): {:.1?}",
        first_run
    );
}
