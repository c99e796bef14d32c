//! The external tools the tests run, provisioned by the tests themselves so that a fresh clone's
//! `cargo test` needs nothing but cargo, node/npm and python3.
//!
//! Everything goes under `<target>/test-tools/` (git-ignored with `/target`, removed by
//! `cargo clean`):
//! - `npm/node_modules/js-yaml`: js-yaml 4 (the Hub's YAML parser), installed with npm;
//! - `venv/`: a Python virtual environment holding the pinned tools of
//!   `tests/support/requirements.txt` (pre-commit, maturin, twine, zizmor, check-jsonschema, …);
//!   add a line there to add a tool;
//! - `wheelhouse/`: wheels a test installs with `pip --no-index` (the build backend of the
//!   pre-commit hook repository), so those installs need no network;
//! - `wheels/run-<pid>/`: the gatelint wheel and sdist built by one test process, once.
//!
//! Each is installed once: a file lock (`test-tools/.lock`) serialises test binaries that run at
//! the same time, a stamp file records what was installed, and a later run only checks the stamp.
//! Installing needs the package registries (npm, PyPI); a failure fails the test, saying what to
//! run by hand.
//!
//! Tools that need root (Debian packages: Chromium, Neovim) are never installed here:
//! [`system`] finds them on PATH and, outside CI, skips with a printed reason when absent.
//! Under CI (`CI` set) every tool is required.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Cargo's target directory (`CARGO_TARGET_TMPDIR` is `<target>/tmp`).
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root().join("target"))
}

/// `<target>/test-tools`, created on first use.
pub fn tools_dir() -> PathBuf {
    let dir = target_dir().join("test-tools");
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
    dir
}

/// Whether this is a CI run (`CI` set): then every tool is required.
pub fn in_ci() -> bool {
    std::env::var_os("CI").is_some_and(|v| !v.is_empty())
}

/// An exclusive lock on `test-tools/.lock`, held until dropped, plus a process-wide mutex (the
/// file lock is per open file, and tests of one binary run on several threads).
pub struct Lock {
    _file: File,
    _guard: std::sync::MutexGuard<'static, ()>,
}

pub fn lock() -> Lock {
    static MUTEX: Mutex<()> = Mutex::new(());
    let guard = MUTEX
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let path = tools_dir().join(".lock");
    // A regular file of ours under target/; opened without following anything special.
    let file = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()));
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: flock on a descriptor we own; it blocks until the lock is ours.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        assert_eq!(rc, 0, "flock {}", path.display());
    }
    Lock {
        _file: file,
        _guard: guard,
    }
}

/// Runs a provisioning command, failing the test with its output and the manual fix.
pub fn run_ok(command: &mut Command, what: &str) -> Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {:?}: {e}", command.get_program()));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// The js-yaml 4 directory: `JS_YAML` when set, else installed with npm into
/// `test-tools/npm` (needs node and npm).
pub fn js_yaml() -> PathBuf {
    if let Some(dir) = std::env::var_os("JS_YAML") {
        return PathBuf::from(dir);
    }
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let prefix = tools_dir().join("npm");
        let module = prefix.join("node_modules/js-yaml");
        let _lock = lock();
        if !module.join("package.json").is_file() {
            eprintln!("provisioning js-yaml 4 into {}", prefix.display());
            run_ok(
                Command::new("npm")
                    .args([
                        "install",
                        "--no-audit",
                        "--no-fund",
                        "--loglevel=error",
                        "--prefix",
                    ])
                    .arg(&prefix)
                    .arg("js-yaml@4"),
                "npm install js-yaml@4 (the parity test needs node and npm)",
            );
        }
        module
    })
    .clone()
}

/// The test virtual environment's `bin` (`Scripts` on Windows) directory, with every tool of
/// `tests/support/requirements.txt` installed.
pub fn venv_bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        let venv = tools_dir().join("venv");
        let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
        let requirements = root().join("tests/support/requirements.txt");
        let wanted = std::fs::read_to_string(&requirements)
            .unwrap_or_else(|e| panic!("read {}: {e}", requirements.display()));
        let stamp = venv.join("gatelint-requirements.txt");
        let _lock = lock();
        if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
            return bin;
        }
        eprintln!(
            "provisioning the test tools of {} into {}",
            requirements.display(),
            venv.display()
        );
        if !bin.join(exe("python")).is_file() {
            let python = if cfg!(windows) { "python" } else { "python3" };
            run_ok(
                Command::new(python).args(["-m", "venv"]).arg(&venv),
                "python3 -m venv (the tests need python3 with venv)",
            );
        }
        run_ok(
            Command::new(bin.join(exe("python")))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    "-r",
                ])
                .arg(&requirements),
            "pip install -r tests/support/requirements.txt",
        );
        std::fs::write(&stamp, &wanted)
            .unwrap_or_else(|e| panic!("write {}: {e}", stamp.display()));
        bin
    })
    .clone()
}

/// A program installed in the test virtual environment (`pre-commit`, `maturin`, `zizmor`, …).
pub fn python_tool(name: &str) -> PathBuf {
    let path = venv_bin().join(exe(name));
    assert!(
        path.is_file(),
        "{name} is not in the test virtual environment: add it to tests/support/requirements.txt"
    );
    path
}

/// The virtual environment's python.
pub fn venv_python() -> PathBuf {
    python_tool("python")
}

/// A directory of wheels for offline installs: each requirement is downloaded once.
pub fn wheelhouse(requirements: &[&str]) -> PathBuf {
    let dir = tools_dir().join("wheelhouse");
    let stamp = dir.join("gatelint-requirements.txt");
    let wanted = requirements.join("\n");
    let python = venv_python();
    let _lock = lock();
    if std::fs::read_to_string(&stamp).ok().as_deref() != Some(wanted.as_str()) {
        run_ok(
            Command::new(python)
                .args([
                    "-m",
                    "pip",
                    "download",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .args(["--only-binary", ":all:", "--dest"])
                .arg(&dir)
                .args(requirements),
            "pip download (the wheelhouse for offline installs)",
        );
        std::fs::write(&stamp, &wanted)
            .unwrap_or_else(|e| panic!("write {}: {e}", stamp.display()));
    }
    dir
}

/// A program that only root can install (a Debian package): its path when it is on PATH.
/// Absent: under CI the test fails; elsewhere it prints why it skips and returns `None`.
pub fn system(names: &[&str], install: &str, what: &str) -> Option<PathBuf> {
    for name in names {
        if let Some(path) = on_path(name) {
            return Some(path);
        }
    }
    assert!(
        !in_ci(),
        "{} is not installed: {install} (.ci/run does it)",
        names.join(" or ")
    );
    eprintln!(
        "SKIPPED: {} is not installed ({install}, as root); {what} was not exercised",
        names.join(" or ")
    );
    None
}

/// `name` found in PATH.
pub fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(exe(name)))
        .find(|candidate| candidate.is_file())
}

/// `name` with the platform's executable suffix.
pub fn exe(name: &str) -> String {
    format!("{name}{}", std::env::consts::EXE_SUFFIX)
}

/// The gatelint wheel, built once per test run the way a user's pip would build it: `maturin
/// sdist` from the checkout, unpacked, then `maturin build` in the unpacked sources (so the
/// sdist is proved to build). A cheap profile (the release profile without optimisation or LTO)
/// and a shared target directory (`<target>/precommit`, also the pre-commit test's) keep it
/// incremental; the release workflow builds with the real release profile. Returns the wheel and
/// the sdist.
pub fn gatelint_wheel() -> (PathBuf, PathBuf) {
    static BUILT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let maturin = python_tool("maturin");
            let _lock = lock();
            let base = tools_dir().join("wheel-build");
            // Each test process gets its own output folder (`wheels/run-<pid>`), so a process
            // still installing its wheel never sees another one replace it (cargo-nextest runs
            // test processes side by side); folders of processes that have ended are removed.
            let runs = tools_dir().join("wheels");
            remove_ended_runs(&runs);
            let mine = runs.join(format!("run-{}", std::process::id()));
            let sdist_dir = mine.join("sdist");
            let wheels = mine.join("wheel");
            for dir in [&sdist_dir, &wheels] {
                // Our own output folders: removed whole (remove_dir_all does not follow links).
                let _ = std::fs::remove_dir_all(dir);
                std::fs::create_dir_all(dir)
                    .unwrap_or_else(|e| panic!("create {}: {e}", dir.display()));
            }
            let started = std::time::Instant::now();
            run_ok(
                Command::new(&maturin)
                    .current_dir(root())
                    .args(["sdist", "--out"])
                    .arg(&sdist_dir),
                "maturin sdist",
            );
            let sdist = only_file(&sdist_dir, ".tar.gz");
            // Unpacked into a fixed folder, so cargo's fingerprints stay valid from run to run
            // when the sources did not change.
            let unpacked = base.join("src");
            let previous = base.join("previous.tar.gz");
            let same = std::fs::read(&previous).ok() == std::fs::read(&sdist).ok();
            if !same || !unpacked.is_dir() {
                let _ = std::fs::remove_dir_all(&unpacked);
                std::fs::create_dir_all(&unpacked)
                    .unwrap_or_else(|e| panic!("create {}: {e}", unpacked.display()));
                run_ok(
                    Command::new("tar")
                        .args(["-xzf"])
                        .arg(&sdist)
                        .arg("-C")
                        .arg(&unpacked)
                        .arg("--strip-components=1"),
                    "unpacking the sdist",
                );
                std::fs::copy(&sdist, &previous).unwrap_or_else(|e| panic!("copy the sdist: {e}"));
            }
            run_ok(
                cheap_release(Command::new(&maturin).current_dir(&unpacked))
                    .args(["build", "--release", "--locked", "--out"])
                    .arg(&wheels),
                "maturin build (from the unpacked sdist)",
            );
            eprintln!(
                "built the wheel from a fresh sdist in {:.1?}",
                started.elapsed()
            );
            (only_file(&wheels, ".whl"), sdist)
        })
        .clone()
}

/// Removes the `run-<pid>` folders under `runs` whose process has ended (Linux: no
/// `/proc/<pid>`; elsewhere nothing is removed). Links are not followed: `remove_dir_all`
/// removes a link, not its target.
fn remove_ended_runs(runs: &Path) {
    let Ok(entries) = std::fs::read_dir(runs) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("run-")) else {
            continue;
        };
        let proc_dir = Path::new("/proc");
        if proc_dir.is_dir() && !proc_dir.join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The shared target directory of the tests that build gatelint with another cargo
/// (maturin, pre-commit's `cargo install`).
pub fn shared_build_target() -> PathBuf {
    target_dir().join("precommit")
}

/// Sets the environment for a release build that is quick to compile: the shared target
/// directory, no optimisation, no LTO, many codegen units, no debug info.
pub fn cheap_release(command: &mut Command) -> &mut Command {
    command
        .env("CARGO_TARGET_DIR", shared_build_target())
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_INCREMENTAL", "true")
}

/// The one file in `dir` whose name ends with `suffix`.
pub fn only_file(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(OsStr::to_str)
                .is_some_and(|n| n.ends_with(suffix))
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "expected one *{suffix} in {}: {found:?}",
        dir.display()
    );
    found.into_iter().next().unwrap_or_default()
}
