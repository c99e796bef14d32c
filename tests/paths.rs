//! Paths gatelint cannot lint (issue 5), made for real in temporary directories: each is named
//! on stderr, the other cards are still linted and reported, and the exit code is 2 unless
//! error findings make it 1. Also: a closed pipe on stdout, and a write error on `--output`.

#[path = "support/run.rs"]
mod run;

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use run::Outcome;

const LIMIT: Duration = Duration::from_secs(60);

const GOOD: &str = "---\nlicense: mit\nextra_gated_prompt: Please agree\n---\n# Good\n";
const BAD: &str = "---\nextra_gated_fields:\n  Name: text\n  Name: text\n---\n# Bad\n";
const WARN: &str = "---\nextra_gated_fields:\n  Yes: checkbox\n---\n# Warning only\n";

/// A tree with one good card and one bad card, plus whatever `broken` adds.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new(with_bad: bool) -> Tree {
        let dir = tempfile::tempdir().expect("temp dir");
        let tree = Tree { dir };
        tree.card("good/README.md", GOOD);
        tree.card("other/README.md", if with_bad { BAD } else { WARN });
        tree
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn card(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, text).expect("write card");
    }

    fn mkdir(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(&path).expect("mkdir");
        path
    }

    /// `gatelint check --format json <root>` run from the root, so paths are relative.
    fn check(&self, extra: &[&str]) -> Outcome {
        let mut args: Vec<OsString> = vec!["check".into(), "--format".into(), "json".into()];
        args.extend(extra.iter().map(OsString::from));
        if extra.is_empty() {
            args.push(".".into());
        }
        let out = run::run(&args, Some(self.root()), None, LIMIT);
        out.assert_sane("paths");
        out
    }
}

/// The bad card's findings are in the report and the good card is checked: the other cards were
/// linted despite the broken entry.
fn assert_cards_linted(out: &Outcome, with_bad: bool) {
    let items = out.json("paths");
    let paths: Vec<&str> = items.iter().filter_map(|f| f["path"].as_str()).collect();
    assert!(
        paths.iter().any(|p| p.ends_with("other/README.md")),
        "the other card must still be reported: {paths:?}\nstderr: {}",
        out.stderr
    );
    if with_bad {
        assert!(
            items.iter().any(|f| f["rule"] == "duplicate-key"),
            "{items:?}"
        );
    }
    assert!(
        out.stderr.contains("checked 2 files"),
        "both readable cards are checked: {}",
        out.stderr
    );
}

/// A broken entry: exit 2 on a tree without errors, 1 with one; the path is named on stderr.
fn assert_reported(make: impl Fn(&Tree) -> String, what: &str) {
    for with_bad in [false, true] {
        let tree = Tree::new(with_bad);
        let shown = make(&tree);
        let out = tree.check(&[]);
        eprintln!(
            "{what} (bad card: {with_bad}): exit {:?}\n{}",
            out.code, out.stderr
        );
        assert!(
            out.stderr.contains(&shown),
            "{what}: stderr must name `{shown}`:\n{}",
            out.stderr
        );
        assert_eq!(
            out.code,
            Some(if with_bad { 1 } else { 2 }),
            "{what}: exit code (bad card: {with_bad})\nstderr: {}",
            out.stderr
        );
        assert_cards_linted(&out, with_bad);
        assert!(
            out.elapsed < Duration::from_secs(10),
            "{what}: took {:?}",
            out.elapsed
        );
    }
}

#[test]
fn a_directory_named_readme_md() {
    assert_reported(
        |tree| {
            tree.mkdir("weird/README.md");
            "weird/README.md".into()
        },
        "directory named README.md",
    );
}

#[test]
fn a_directory_named_readme_md_holding_a_card_is_walked() {
    let tree = Tree::new(true);
    tree.card("weird/README.md/README.md", BAD);
    let out = tree.check(&[]);
    let items = out.json("nested");
    assert!(
        items
            .iter()
            .any(|f| f["path"] == "weird/README.md/README.md"),
        "the card inside is linted: {items:?}"
    );
    assert_eq!(out.code, Some(1));
}

#[test]
fn a_broken_symlink() {
    assert_reported(
        |tree| {
            let dir = tree.mkdir("broken");
            symlink(dir.join("does-not-exist.md"), dir.join("README.md")).expect("symlink");
            "broken/README.md".into()
        },
        "broken symlink",
    );
}

#[test]
fn a_symlink_loop() {
    assert_reported(
        |tree| {
            let dir = tree.mkdir("loop");
            symlink("README.md", dir.join("README.md")).expect("symlink");
            "loop/README.md".into()
        },
        "self-loop",
    );
    assert_reported(
        |tree| {
            let dir = tree.mkdir("pair");
            symlink("other.md", dir.join("README.md")).expect("symlink");
            symlink("README.md", dir.join("other.md")).expect("symlink");
            "pair/README.md".into()
        },
        "two-link loop",
    );
}

#[test]
fn a_directory_symlink_loop_does_not_hang() {
    // Directory links are not followed when walking: no loop, no error.
    let tree = Tree::new(true);
    let dir = tree.mkdir("deep");
    symlink("..", dir.join("up")).expect("symlink");
    symlink(".", dir.join("self")).expect("symlink");
    let out = tree.check(&[]);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_cards_linted(&out, true);
    // Named on the command line, a looping link is reported.
    let looping = tree.path("spin");
    symlink("spin", &looping).expect("symlink");
    let out = tree.check(&["good", "other", "spin"]);
    assert!(out.stderr.contains("spin"), "{}", out.stderr);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: `c` is a valid NUL-terminated path.
    let r = unsafe { libc::mkfifo(c.as_ptr(), 0o644) };
    assert_eq!(r, 0, "mkfifo: {}", std::io::Error::last_os_error());
}

#[test]
fn a_fifo_is_never_opened() {
    assert_reported(
        |tree| {
            let dir = tree.mkdir("fifo");
            mkfifo(&dir.join("README.md"));
            "fifo/README.md".into()
        },
        "FIFO",
    );
    // Named on the command line too: reported, never opened (opening would block forever).
    let tree = Tree::new(false);
    mkfifo(&tree.path("pipe.md"));
    let out = tree.check(&["pipe.md", "good"]);
    assert!(out.stderr.contains("pipe.md"), "{}", out.stderr);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn a_socket_and_a_device() {
    let tree = Tree::new(false);
    let sock = tree.path("sock.md");
    let _listener = std::os::unix::net::UnixListener::bind(&sock).expect("bind a socket");
    let out = tree.check(&["sock.md", "/dev/null", "good"]);
    assert!(out.stderr.contains("sock.md"), "{}", out.stderr);
    assert!(out.stderr.contains("/dev/null"), "{}", out.stderr);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn a_missing_path() {
    let tree = Tree::new(true);
    let out = tree.check(&["nope/README.md", "good", "other"]);
    assert!(out.stderr.contains("nope/README.md"), "{}", out.stderr);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_cards_linted(&out, true);
    let tree = Tree::new(false);
    let out = tree.check(&["nope", "good", "other"]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
}

/// Whether this process can read a file whose mode is 000 (root can).
fn reads_anything() -> bool {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("probe");
    fs::write(&path, "x").expect("write");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    fs::read(&path).is_ok()
}

/// Runs the check as an unprivileged user when we are root (chmod 000 does not stop root).
fn check_unprivileged(tree: &Tree) -> Option<Outcome> {
    let mut command = Command::new(run::BIN);
    command
        .args(["check", "--format", "json", "."])
        .current_dir(tree.root())
        .env("NO_COLOR", "1");
    if reads_anything() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: this user can read mode-000 files but is not root");
            return None;
        }
        use std::os::unix::process::CommandExt;
        // `nobody`: the tree must be reachable for it, and the binary executable.
        for dir in tree.root().ancestors() {
            let mode = fs::metadata(dir)
                .map(|m| m.permissions().mode())
                .unwrap_or(0);
            if mode & 0o001 == 0 {
                if dir.starts_with(tree.root()) {
                    fs::set_permissions(dir, fs::Permissions::from_mode(mode | 0o755))
                        .expect("chmod");
                } else {
                    eprintln!(
                        "skipped: `nobody` cannot reach {} (mode {mode:o})",
                        dir.display()
                    );
                    return None;
                }
            }
        }
        command.uid(65534).gid(65534);
    }
    let out = run::run_command(command, None, LIMIT);
    out.assert_sane("permission denied");
    Some(out)
}

/// Makes every directory and card of the tree readable by others (for `nobody`).
fn open_up(root: &Path) {
    for entry in walk(root) {
        let mode = if entry.is_dir() { 0o755 } else { 0o644 };
        fs::set_permissions(&entry, fs::Permissions::from_mode(mode)).expect("chmod");
    }
}

fn walk(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while let Some(dir) = out.get(i).cloned() {
        i += 1;
        if dir.is_dir() && !dir.is_symlink() {
            for e in fs::read_dir(&dir).expect("read_dir") {
                out.push(e.expect("entry").path());
            }
        }
    }
    out
}

#[test]
fn permission_denied() {
    for with_bad in [false, true] {
        let tree = Tree::new(with_bad);
        tree.card("locked/README.md", GOOD);
        tree.mkdir("sealed");
        tree.card("sealed/README.md", GOOD);
        open_up(tree.root());
        fs::set_permissions(
            tree.path("locked/README.md"),
            fs::Permissions::from_mode(0o000),
        )
        .expect("chmod");
        fs::set_permissions(tree.path("sealed"), fs::Permissions::from_mode(0o000)).expect("chmod");
        let Some(out) = check_unprivileged(&tree) else {
            return;
        };
        // Restore, so the temp dir can be removed.
        fs::set_permissions(tree.path("sealed"), fs::Permissions::from_mode(0o755)).ok();
        eprintln!("permission denied: exit {:?}\n{}", out.code, out.stderr);
        assert!(out.stderr.contains("locked/README.md"), "{}", out.stderr);
        assert!(out.stderr.contains("sealed"), "{}", out.stderr);
        assert_eq!(
            out.code,
            Some(if with_bad { 1 } else { 2 }),
            "{}",
            out.stderr
        );
        assert_cards_linted(&out, with_bad);
    }
}

#[test]
fn everything_broken_at_once() {
    let tree = Tree::new(true);
    tree.mkdir("a/README.md");
    let b = tree.mkdir("b");
    symlink("gone", b.join("README.md")).expect("symlink");
    let c = tree.mkdir("c");
    symlink("README.md", c.join("README.md")).expect("symlink");
    let d = tree.mkdir("d");
    mkfifo(&d.join("README.md"));
    let out = tree.check(&[]);
    for shown in ["a/README.md", "b/README.md", "c/README.md", "d/README.md"] {
        assert!(
            out.stderr.contains(shown),
            "{shown} not on stderr:\n{}",
            out.stderr
        );
    }
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_cards_linted(&out, true);
}

/// Many findings, so that the report is larger than a pipe's buffer.
fn noisy_tree() -> Tree {
    let tree = Tree::new(true);
    let mut yaml = String::from("---\nextra_gated_fields:\n");
    for _ in 0..3_000 {
        yaml.push_str("  Name: text\n");
    }
    yaml.push_str("---\n");
    for i in 0..20 {
        tree.card(&format!("many/{i}/README.md"), &yaml);
    }
    tree
}

#[test]
fn a_closed_pipe_exits_quietly() {
    let tree = noisy_tree();
    for format in ["concise", "human", "json"] {
        let script = format!(
            "'{}' check --format {format} . | head -1 >/dev/null; echo \"exit=${{PIPESTATUS[0]}}\" >&2",
            run::BIN
        );
        let mut command = Command::new("bash");
        command.args(["-c", &script]).current_dir(tree.root());
        let out = run::run_command(command, None, LIMIT);
        eprintln!("{format}: {}", out.stderr);
        assert!(
            !out.stderr.contains("panicked") && !out.stderr.contains("error"),
            "{format}: a closed pipe is not an error: {}",
            out.stderr
        );
        let code = out
            .stderr
            .lines()
            .find_map(|l| l.strip_prefix("exit="))
            .and_then(|c| c.trim().parse::<i32>().ok());
        assert!(
            matches!(code, Some(0..=2)),
            "{format}: gatelint exit {code:?}: {}",
            out.stderr
        );
    }
}

#[test]
fn a_write_error_on_output_is_a_tool_error() {
    let tree = noisy_tree();
    if Path::new("/dev/full").exists() {
        let out = tree.check(&["--output", "/dev/full", "."]);
        assert_eq!(out.code, Some(2), "writing to a full disk: {}", out.stderr);
        assert!(
            out.stderr.contains("/dev/full") || out.stderr.contains("write"),
            "{}",
            out.stderr
        );
    }
    // A directory, and a file in a missing directory.
    let out = tree.check(&["--output", ".", "."]);
    assert_eq!(out.code, Some(2), "output to a directory: {}", out.stderr);
    let out = tree.check(&["--output", "missing/dir/report.json", "."]);
    assert_eq!(
        out.code,
        Some(2),
        "output into a missing directory: {}",
        out.stderr
    );
    assert!(out.stderr.contains("report.json"), "{}", out.stderr);
}

/// A config's `exclude` globs with `/` are relative to the config's directory from anywhere
/// (issue 15.3): `gatelint check ..` from a subdirectory, or the repository named from outside.
#[test]
fn config_exclude_globs_are_relative_to_the_config_from_anywhere() {
    let tree = Tree::new(true);
    tree.mkdir(".git");
    fs::write(
        tree.path(".gatelint.toml"),
        "exclude = [\"mirrors/**/old\"]\n",
    )
    .expect("config");
    tree.card("mirrors/x/y/old/README.md", BAD);
    tree.card("mirrors/x/y/new/README.md", BAD);
    let sub = tree.mkdir("sub");
    let paths = |out: &Outcome| -> Vec<String> {
        let mut paths: Vec<String> = out
            .json("paths")
            .iter()
            .filter_map(|f| f["path"].as_str().map(str::to_owned))
            .collect();
        paths.dedup();
        paths
    };
    for (cwd, arg, prefix) in [
        (tree.root().to_path_buf(), ".", ""),
        (sub.clone(), "..", "../"),
        (sub.clone(), "../mirrors/x", "../"),
    ] {
        let args = ["check", "--format", "json", arg];
        let out = run::run(&args, Some(&cwd), None, LIMIT);
        out.assert_sane("paths");
        let found = paths(&out);
        assert!(
            found.contains(&format!("{prefix}mirrors/x/y/new/README.md")),
            "{arg} from {cwd:?}: {found:?}"
        );
        assert!(
            !found.iter().any(|p| p.contains("old")),
            "{arg} from {cwd:?}: {found:?}"
        );
    }
    // Named on the command line from the subdirectory, the excluded card stays excluded.
    let args = ["check", "--format", "json", "../mirrors/x/y/old/README.md"];
    let out = run::run(&args, Some(&sub), None, LIMIT);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.stderr.contains("checked 0 files"), "{}", out.stderr);
}
