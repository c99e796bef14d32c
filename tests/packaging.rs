//! What gatelint ships, checked the way its users get it:
//! - the wheel (maturin, `bindings = "bin"`), built from a fresh sdist, installs with
//!   `pip install --no-index` into a new virtual environment and lints a card there;
//! - the wheel and the sdist carry both licences and pass `twine check`;
//! - the crate (`cargo package --list`) holds what the build needs and no test data;
//! - the pre-commit hook repository (`gatelint-pre-commit/`) pins this version;
//! - the declared `rust-version` is at least what every locked dependency declares, and the
//!   README says the same, so the minimum cannot drift again (issue 15).
//!
//! Tools (maturin, twine) come from the test virtual environment of `tests/support/tools.rs`.

use std::path::Path;
use std::process::Command;

#[path = "support/tools.rs"]
mod tools;

const VERSION: &str = env!("CARGO_PKG_VERSION");
const BROKEN: &str = "---\nextra_gated_fields:\n  Country: countries\n---\n# A model\n";
const FIXED: &str = "---\nextra_gated_fields:\n  Country: country\n---\n# A model\n";

fn text(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The names of the files in a wheel (a zip) or an sdist (a .tar.gz), listed by Python's
/// standard library.
fn archive_names(archive: &Path) -> Vec<String> {
    let script = "import sys, tarfile, zipfile\n\
                  p = sys.argv[1]\n\
                  names = zipfile.ZipFile(p).namelist() if p.endswith('.whl') \
                  else tarfile.open(p).getnames()\n\
                  print('\\n'.join(names))";
    let output = tools::run_ok(
        Command::new(tools::venv_python())
            .args(["-c", script])
            .arg(archive),
        "listing an archive",
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_wheel_installs_offline_into_a_fresh_venv_and_lints_a_card() {
    let (wheel, _) = tools::gatelint_wheel();
    let tmp = tempfile::tempdir().unwrap();
    let venv = tmp.path().join("venv");
    let started = std::time::Instant::now();
    tools::run_ok(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "python3 -m venv",
    );
    let bin = venv.join(if cfg!(windows) { "Scripts" } else { "bin" });
    tools::run_ok(
        Command::new(bin.join(tools::exe("python")))
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-index",
            ])
            .arg(&wheel),
        "pip install --no-index <wheel>",
    );
    let installed = bin.join(tools::exe("gatelint"));
    assert!(
        installed.is_file(),
        "the wheel put no gatelint in {}",
        bin.display()
    );

    let version = Command::new(&installed).arg("--version").output().unwrap();
    assert!(version.status.success(), "{}", text(&version));
    assert!(text(&version).contains(VERSION), "{}", text(&version));

    std::fs::write(tmp.path().join("README.md"), BROKEN).unwrap();
    let broken = Command::new(&installed)
        .args(["check", "--format", "concise", "README.md"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(broken.status.code(), Some(1), "{}", text(&broken));
    assert!(
        text(&broken).contains("[unknown-field-type]"),
        "{}",
        text(&broken)
    );
    std::fs::write(tmp.path().join("README.md"), FIXED).unwrap();
    let fixed = Command::new(&installed)
        .args(["check", "README.md"])
        .current_dir(tmp.path())
        .output()
        .unwrap();
    assert_eq!(fixed.status.code(), Some(0), "{}", text(&fixed));
    eprintln!(
        "fresh venv + offline wheel install + two lints: {:.1?}",
        started.elapsed()
    );
}

#[test]
fn the_wheel_and_the_sdist_carry_the_licences_and_pass_twine_check() {
    let (wheel, sdist) = tools::gatelint_wheel();
    let in_wheel = archive_names(&wheel);
    for licence in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert!(
            in_wheel
                .iter()
                .any(|n| n.contains(".dist-info/") && n.ends_with(licence)),
            "the wheel lacks {licence}: {in_wheel:?}"
        );
    }
    assert!(
        in_wheel
            .iter()
            .any(|n| n.ends_with(&format!(".data/scripts/{}", tools::exe("gatelint")))),
        "the wheel carries no gatelint binary: {in_wheel:?}"
    );

    let in_sdist = archive_names(&sdist);
    let top = format!("gatelint-{VERSION}/");
    for needed in [
        "LICENSE-MIT",
        "LICENSE-APACHE",
        "pyproject.toml",
        "Cargo.toml",
        "Cargo.lock",
        "README.md",
        "src/main.rs",
        "docs/rules/unknown-field-type.md",
        "PKG-INFO",
    ] {
        assert!(
            in_sdist.contains(&format!("{top}{needed}")),
            "the sdist lacks {needed}: {in_sdist:?}"
        );
    }
    // Build outputs and test data stay out.
    assert!(
        !in_sdist
            .iter()
            .any(|n| n.contains("/target/") || n.contains("/fixtures/") || n.contains("/tests/")),
        "the sdist carries build outputs or test data: {in_sdist:?}"
    );

    let twine = tools::python_tool("twine");
    let output = tools::run_ok(
        Command::new(twine)
            .args(["check", "--strict"])
            .arg(&wheel)
            .arg(&sdist),
        "twine check",
    );
    assert!(text(&output).contains("PASSED"), "{}", text(&output));
}

/// Every file `include_str!` reads, as a path relative to the root.
fn included_files() -> Vec<String> {
    let mut out = Vec::new();
    for path in files_under(&tools::root().join("src")) {
        let source = std::fs::read_to_string(&path).unwrap();
        for piece in source.split("include_str!(\"").skip(1) {
            let Some(end) = piece.find('"') else { continue };
            let target = path.parent().unwrap().join(&piece[..end]);
            let target = std::fs::canonicalize(&target)
                .unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            let root = std::fs::canonicalize(tools::root()).unwrap();
            out.push(
                target
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
    out
}

/// Regular files below `dir` (symlinks are not followed: `file_type` is the link's own).
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files_under(&entry.path()));
        } else if kind.is_file() {
            out.push(entry.path());
        }
    }
    out
}

#[test]
fn the_crate_package_holds_what_the_build_needs() {
    let output = tools::run_ok(
        Command::new(env!("CARGO"))
            .current_dir(tools::root())
            .args(["package", "--list", "--allow-dirty", "--offline"]),
        "cargo package --list",
    );
    let listed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect();
    let mut needed = included_files();
    assert!(needed.len() > 20, "include_str! not found: {needed:?}");
    needed.extend(
        [
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "README.md",
            "Cargo.toml",
            "Cargo.lock",
            "src/main.rs",
            "src/lib.rs",
        ]
        .map(str::to_owned),
    );
    for file in &needed {
        assert!(
            listed.contains(file),
            "the crate package lacks {file}: {listed:?}"
        );
    }
    assert!(
        !listed.iter().any(|n| n.starts_with("fixtures/")
            || n.starts_with("tests/")
            || n.starts_with("fuzz/")),
        "the crate package carries test data: {listed:?}"
    );
}

#[test]
fn the_hook_repository_pins_this_version_and_the_source_hook_keeps_its_own_id() {
    let root = tools::root();
    let pyproject =
        std::fs::read_to_string(root.join("gatelint-pre-commit/pyproject.toml")).unwrap();
    assert!(
        pyproject.contains(&format!("\"gatelint=={VERSION}\"")),
        "gatelint-pre-commit/pyproject.toml must pin gatelint=={VERSION}:\n{pyproject}"
    );
    let wheel_hooks =
        std::fs::read_to_string(root.join("gatelint-pre-commit/.pre-commit-hooks.yaml")).unwrap();
    assert!(wheel_hooks.contains("- id: gatelint\n"), "{wheel_hooks}");
    assert!(wheel_hooks.contains("language: python"), "{wheel_hooks}");
    let source_hooks = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    assert!(
        source_hooks.contains("- id: gatelint-source\n"),
        "{source_hooks}"
    );
    assert!(source_hooks.contains("language: rust"), "{source_hooks}");
    let hook_readme = std::fs::read_to_string(root.join("gatelint-pre-commit/README.md")).unwrap();
    assert!(
        hook_readme.contains(&format!("rev: v{VERSION}")),
        "{hook_readme}"
    );
}

/// `1.88` or `1.88.0` as (1, 88, 0).
fn version_triple(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().unwrap_or(0));
    (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    )
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_the_declared_rust_version() {
    let declared = version_triple(env!("CARGO_PKG_RUST_VERSION"));
    let output = tools::run_ok(
        Command::new(env!("CARGO"))
            .current_dir(tools::root())
            .args(["metadata", "--format-version", "1", "--locked", "--offline"]),
        "cargo metadata",
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages: std::collections::HashMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p))
        .collect();
    let nodes: std::collections::HashMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    // What the build and the tests use: every dependency on every platform, the root's
    // dev-dependencies included (a developer's `cargo test` needs the same toolchain).
    let root = metadata["resolve"]["root"].as_str().unwrap();
    let mut seen = std::collections::BTreeSet::new();
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let dev_only = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .all(|k| k["kind"] == "dev");
            if id == root || !dev_only {
                stack.push(dep["pkg"].as_str().unwrap());
            }
        }
    }
    let mut too_new = Vec::new();
    let mut highest = (0, 0, 0);
    for id in &seen {
        let package = packages[id];
        let mut needs = package["rust_version"]
            .as_str()
            .map(version_triple)
            .unwrap_or_default();
        // Edition 2024 needs Rust 1.85 whatever the package declares.
        if package["edition"] == "2024" {
            needs = needs.max((1, 85, 0));
        }
        highest = highest.max(needs);
        if needs > declared {
            too_new.push(format!(
                "{} {} needs Rust {}.{}.{}",
                package["name"], package["version"], needs.0, needs.1, needs.2
            ));
        }
    }
    assert!(
        too_new.is_empty(),
        "Cargo.toml declares rust-version {}, but locked dependencies need more; raise it (and \
         the README's and release.yml's), or lock older versions (`CARGO_RESOLVER_INCOMPATIBLE_\
         RUST_VERSIONS=fallback cargo update -p NAME`):\n{}",
        env!("CARGO_PKG_RUST_VERSION"),
        too_new.join("\n")
    );
    assert_eq!(
        (highest.0, highest.1),
        (declared.0, declared.1),
        "rust-version {} is higher than any locked dependency needs ({}.{}): say why in \
         Cargo.toml, or lower it",
        env!("CARGO_PKG_RUST_VERSION"),
        highest.0,
        highest.1
    );

    // The README and the release workflow's minimum-toolchain job say the same version.
    let short = format!("{}.{}", declared.0, declared.1);
    let readme = std::fs::read_to_string(tools::root().join("README.md")).unwrap();
    assert!(
        readme.contains(&format!("Rust {short} or later")),
        "the README must say `Rust {short} or later`"
    );
    let release =
        std::fs::read_to_string(tools::root().join(".github/workflows/release.yml")).unwrap();
    assert!(
        release.contains(&format!("toolchain: \"{short}\"")),
        "release.yml's msrv job must build with Rust {short}"
    );
}

/// `.github/workflows/ci.yml`'s msrv job: its version step, run here as the runner runs it, reads
/// Cargo.toml's `rust-version`; the toolchain it installs and every cargo command after it use
/// that version; it builds and runs the library's tests `--locked`. (Whether that toolchain really
/// builds gatelint is what the job itself checks on GitHub: this machine cannot fetch an old Rust.)
#[test]
fn the_ci_msrv_job_installs_exactly_cargo_tomls_rust_version() {
    let text = std::fs::read_to_string(tools::root().join(".github/workflows/ci.yml")).unwrap();
    // Read with gatelint's own YAML reader (js-yaml's reading of YAML 1.2).
    let doc = gatelint::yaml::parse(&text, 0).expect("ci.yml is YAML");
    let root = doc.root.as_ref().expect("ci.yml is not empty");
    let get = |node: &'_ gatelint::yaml::Node<'_>, key: &str| -> Option<String> {
        node.get(key)?.value.scalar().map(str::to_owned)
    };
    let jobs = &root.get("jobs").expect("jobs").value;
    let job = &jobs.get("msrv").expect("an msrv job").value;
    let steps = job
        .get("steps")
        .expect("steps")
        .value
        .items()
        .expect("a list");
    let version_at = steps
        .iter()
        .position(|s| get(s, "id").as_deref() == Some("msrv"))
        .expect("a step with id: msrv");
    let script = get(&steps[version_at], "run").expect("the version step runs a script");

    // Run the version step against the real Cargo.toml, and against one without rust-version.
    let run_step = |dir: &Path| {
        let out_file = tempfile::NamedTempFile::new().unwrap();
        let status = Command::new("bash")
            .args(["-e", "-c", &script])
            .current_dir(dir)
            .env("GITHUB_OUTPUT", out_file.path())
            .status()
            .expect("bash");
        (
            status.success(),
            std::fs::read_to_string(out_file.path()).unwrap(),
        )
    };
    let (ok, output) = run_step(&tools::root());
    assert!(ok, "the version step failed on this Cargo.toml");
    assert_eq!(
        output,
        format!("version={}\n", env!("CARGO_PKG_RUST_VERSION")),
        "the msrv job must install Cargo.toml's rust-version"
    );
    let without = tempfile::tempdir().unwrap();
    std::fs::write(
        without.path().join("Cargo.toml"),
        "[package]\nname = \"x\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let (ok, output) = run_step(without.path());
    assert!(
        !ok && output.is_empty(),
        "no rust-version must fail the job, not install some toolchain: {output:?}"
    );

    // The toolchain installed is that output, and every cargo command after it runs with it.
    let from_step = "${{ steps.msrv.outputs.version }}";
    let rest = &steps[version_at + 1..];
    let install = rest.first().expect("a step after the version step");
    assert!(
        get(install, "uses").is_some_and(|u| u.starts_with("dtolnay/rust-toolchain@")),
        "the step after the version step installs the toolchain"
    );
    let with = &install.get("with").expect("with").value;
    assert_eq!(get(with, "toolchain").as_deref(), Some(from_step));
    let mut commands = Vec::new();
    for step in &rest[1..] {
        let Some(run) = get(step, "run") else {
            continue;
        };
        let env = step.get("env").map(|e| &e.value);
        for line in run.lines().filter(|l| l.trim_start().starts_with("cargo ")) {
            assert!(
                line.trim_start().starts_with("cargo \"+$MSRV\" "),
                "`{line}` must run with the minimum toolchain (`cargo \"+$MSRV\" …`)"
            );
            assert_eq!(
                env.and_then(|e| get(e, "MSRV")).as_deref(),
                Some(from_step),
                "`{line}`: MSRV must be the version step's output"
            );
            commands.push(line.trim().to_owned());
        }
    }
    for wanted in [
        "cargo \"+$MSRV\" build --locked",
        "cargo \"+$MSRV\" test --locked --lib",
    ] {
        assert!(
            commands.iter().any(|c| c == wanted),
            "{wanted} in {commands:?}"
        );
    }

    // The other job runs the README's test command through .ci/run, with CI set.
    let test = &jobs.get("test").expect("a test job").value;
    let steps = test
        .get("steps")
        .expect("steps")
        .value
        .items()
        .expect("a list");
    assert!(steps
        .iter()
        .any(|s| get(s, "run").as_deref() == Some(".ci/run")));
    let env = &test.get("env").expect("env").value;
    assert_eq!(get(env, "CI").as_deref(), Some("true"));
}
