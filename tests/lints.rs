//! The library's lints hold: clippy with every warning an error, over every target. Above all the
//! no-panic lints that `src/lib.rs` denies outside tests (`unwrap_used`, `expect_used`,
//! `indexing_slicing`, `panic`: no panic on data from a card), which only clippy checks, so a
//! change that breaks them would otherwise pass `cargo test`.
//!
//! clippy comes with rustup's default profile; without it the test is skipped with a printed
//! reason, except under CI (`CI` set), where it fails. It builds into its own target directory
//! (`<target>/clippy`), so it never waits on the `cargo test` that runs it.

use std::process::Command;

#[path = "support/tools.rs"]
mod tools;

#[test]
fn clippy_finds_nothing() {
    let cargo = env!("CARGO");
    let installed = Command::new(cargo)
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|out| out.status.success());
    if !installed {
        assert!(
            !tools::in_ci(),
            "clippy is not installed: `rustup component add clippy`"
        );
        eprintln!("SKIPPED: clippy is not installed (`rustup component add clippy`); the lints were not checked");
        return;
    }
    let out = Command::new(cargo)
        .args(["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"])
        .current_dir(tools::root())
        .env("CARGO_TARGET_DIR", tools::target_dir().join("clippy"))
        .output()
        .expect("cargo clippy runs");
    assert!(
        out.status.success(),
        "cargo clippy --all-targets -- -D warnings fails:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
