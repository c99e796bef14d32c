//! What gatelint follows and opens (issue 11, "Reading"; README, Security: "What gatelint
//! reads"). A symlinked card or config is followed only inside the root being checked (the
//! repository, else the path given), the Hugging Face cache's blobs excepted; nothing is opened
//! blocking; ignore files and configs above the repository are never read; each card gets the
//! config nearest to it within its repository, whatever the current directory. Each test made
//! on a real tree in a temporary directory; each failed on the code before the fix, except the
//! cache, which must keep working.

use crate::run;

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use run::Outcome;

const LIMIT: Duration = Duration::from_secs(30);

/// A card with an error (a duplicated key), so that a card that is linted shows.
const BAD: &str = "---\nextra_gated_fields:\n  Name: text\n  Name: text\n---\n# Bad\n";
const GOOD: &str = "---\nlicense: mit\nextra_gated_prompt: Please agree\n---\n# Good\n";

/// A temporary directory: `outside/` (not checked) and `repo/` (with `.git`, checked).
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let tree = Tree {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        tree.mkdir("outside");
        tree.mkdir("repo/.git");
        tree
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn mkdir(&self, rel: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(&path).expect("mkdir");
        path
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(&path, text).expect("write");
        path
    }

    fn link(&self, target: impl AsRef<Path>, rel: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        symlink(target, path).expect("symlink");
    }
}

/// `gatelint ARGS…` in `cwd`, with `env` added to its environment.
fn gatelint(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Outcome {
    let mut command = Command::new(run::BIN);
    command
        .args(args.iter().map(OsString::from))
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    for (key, value) in env {
        command.env(key, value);
    }
    let out = run::run_command(command, None, LIMIT);
    out.assert_sane("reading");
    out
}

/// Everything the run printed.
fn printed(out: &Outcome) -> String {
    format!("{}{}", out.stdout_text(), out.stderr)
}

/// The paths of the cards the JSON report has findings for.
fn reported(out: &Outcome) -> Vec<String> {
    let mut paths: Vec<String> = out
        .json("reading")
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_owned))
        .collect();
    paths.dedup();
    paths
}

/// A card linked out of the tree is not linted: the link is named on stderr as not followed,
/// exit 2; the card beside it is still linted.
fn assert_link_refused(out: &Outcome, link: &str) {
    assert_eq!(out.code, Some(2), "{}", printed(out));
    assert!(
        out.stderr.contains(link) && out.stderr.contains("not followed"),
        "{}",
        out.stderr
    );
    assert!(reported(out).is_empty(), "{}", printed(out));
    assert!(
        out.stderr.contains("checked 1 file"),
        "the other card is linted: {}",
        out.stderr
    );
}

/// Nothing of the secret `MARKER` is printed, and the run is a tool error (exit 2) whose stderr
/// names each of `names` (`args` for the failure message).
fn assert_secret_kept(out: &Outcome, args: &[&str], names: &[&str]) {
    assert!(!printed(out).contains(MARKER), "{args:?}: {}", printed(out));
    assert_eq!(out.code, Some(2), "{args:?}: {}", printed(out));
    for name in names {
        assert!(out.stderr.contains(name), "{args:?}: {}", out.stderr);
    }
}

#[test]
fn a_card_linked_out_of_the_tree_relatively_is_not_followed() {
    let tree = Tree::new();
    tree.write("outside/x.md", BAD);
    tree.write("repo/good/README.md", GOOD);
    tree.link("../../outside/x.md", "repo/a/README.md");
    let out = gatelint(&tree.path("repo"), &["check", "--format", "json"], &[]);
    assert_link_refused(&out, "a/README.md");
}

#[test]
fn a_card_linked_out_of_the_tree_absolutely_is_not_followed() {
    let tree = Tree::new();
    let target = tree.write("outside/x.md", BAD);
    tree.write("repo/good/README.md", GOOD);
    tree.link(&target, "repo/a/README.md");
    let out = gatelint(&tree.path("repo"), &["check", "--format", "json"], &[]);
    assert_link_refused(&out, "a/README.md");
    // Named on the command line (as pre-commit names files), the same.
    let out = gatelint(
        &tree.path("repo"),
        &["check", "--format", "json", "a/README.md", "good/README.md"],
        &[],
    );
    assert_link_refused(&out, "a/README.md");
}

/// A link inside the repository, even from a subdirectory checked on its own, is followed.
#[test]
fn a_card_linked_inside_the_repository_is_followed() {
    let tree = Tree::new();
    tree.write("repo/shared/card.md", BAD);
    tree.link("../../shared/card.md", "repo/models/a/README.md");
    let out = gatelint(
        &tree.path("repo"),
        &["check", "--format", "json", "models"],
        &[],
    );
    assert_eq!(out.code, Some(1), "{}", printed(&out));
    assert_eq!(reported(&out), ["models/a/README.md"]);
}

const MARKER: &str = "GATELINT_TEST_SECRET_MARKER_41d9";

/// A committed `.gatelint.toml` linked to `/proc/self/environ`: gatelint would print its own
/// environment (CI tokens) in the config error's snippet. The link leaves the tree: not read.
#[test]
#[cfg(target_os = "linux")]
fn a_config_linked_to_proc_self_environ_prints_no_environment() {
    let tree = Tree::new();
    tree.write("repo/README.md", GOOD);
    tree.link("/proc/self/environ", "repo/.gatelint.toml");
    let env = [("GATELINT_MARKER", MARKER)];
    for args in [
        &["check"][..],
        &["check", "--format", "json", "README.md"],
        &["check", "--config", ".gatelint.toml"],
    ] {
        let out = gatelint(&tree.path("repo"), args, &env);
        assert_secret_kept(&out, args, &[".gatelint.toml", "not followed"]);
    }
}

/// A `README.md` linked to `/proc/self/environ`: not followed, in `check` and in `preview`.
#[test]
#[cfg(target_os = "linux")]
fn a_card_linked_to_proc_self_environ_prints_no_environment() {
    let tree = Tree::new();
    tree.link("/proc/self/environ", "repo/README.md");
    let env = [("GATELINT_MARKER", MARKER)];
    for args in [
        &["check"][..],
        &["check", "README.md"],
        &["preview", "README.md"],
    ] {
        let out = gatelint(&tree.path("repo"), args, &env);
        assert_secret_kept(&out, args, &["not followed"]);
    }
}

/// A `README.md` linked to a one-line credentials file outside the tree: its line is a card's
/// first line, which findings quote. Not followed, so never printed.
#[test]
fn a_card_linked_to_a_credentials_file_outside_prints_nothing_of_it() {
    let tree = Tree::new();
    let secret = format!("---{MARKER}: [");
    let target = tree.write("outside/credentials", &secret);
    tree.link(&target, "repo/README.md");
    for args in [
        &["check"][..],
        &["check", "--format", "concise", "README.md"],
        &["preview", "README.md"],
    ] {
        let out = gatelint(&tree.path("repo"), args, &[]);
        assert_secret_kept(&out, args, &[]);
    }
}

/// A config or an ignore file that is a FIFO is refused at once, never waited on.
#[test]
fn a_fifo_as_config_or_ignore_file_does_not_block() {
    let tree = Tree::new();
    tree.write("repo/README.md", BAD);
    mkfifo(&tree.path("repo/.gatelint.toml"));
    let out = gatelint(&tree.path("repo"), &["check"], &[]);
    assert_eq!(out.code, Some(2), "{}", printed(&out));
    assert!(out.stderr.contains("a FIFO"), "{}", out.stderr);
    let out = gatelint(
        &tree.path("repo"),
        &["check", "--config", ".gatelint.toml"],
        &[],
    );
    assert_eq!(out.code, Some(2), "{}", printed(&out));
    fs::remove_file(tree.path("repo/.gatelint.toml")).expect("rm");
    mkfifo(&tree.path("repo/.gitignore"));
    let out = gatelint(&tree.path("repo"), &["check"], &[]);
    // Reported, and the card still linted.
    assert_eq!(out.code, Some(1), "{}", printed(&out));
    assert!(
        out.stderr.contains(".gitignore") && out.stderr.contains("a FIFO"),
        "{}",
        out.stderr
    );
}

fn mkfifo(path: &Path) {
    let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).expect("path");
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0, "mkfifo");
}

/// Two directories whose names are different bytes but the same text once shown (invalid
/// UTF-8 becomes U+FFFD): both cards are linted.
#[test]
#[cfg(target_os = "linux")]
fn two_names_that_display_the_same_are_both_linted() {
    use std::os::unix::ffi::OsStrExt;
    let tree = Tree::new();
    let repo = tree.path("repo");
    for name in [&b"card\xff"[..], &b"card\xfe"[..]] {
        let dir = repo.join(std::ffi::OsStr::from_bytes(name));
        fs::create_dir_all(&dir).expect("mkdir");
        fs::write(dir.join("README.md"), BAD).expect("write");
    }
    let out = gatelint(&repo, &["check", "--format", "json"], &[]);
    assert_eq!(out.code, Some(1), "{}", printed(&out));
    assert!(out.stderr.contains("checked 2 files"), "{}", out.stderr);
    let names = out.json("reading").len();
    assert_eq!(names, 2, "one finding per card: {}", out.stdout_text());
}

/// An `.ignore` file above the repository (or above the directory given, when there is no
/// repository) is not read: it would silently drop every card.
#[test]
fn an_ignore_file_above_the_repository_is_not_read() {
    let tree = Tree::new();
    tree.write(".ignore", "README.md\n");
    tree.write(".gitignore", "README.md\n");
    tree.write("repo/README.md", BAD);
    let out = gatelint(&tree.path("repo"), &["check", "--format", "json"], &[]);
    assert_eq!(reported(&out), ["README.md"], "{}", printed(&out));
    // No repository: the directory given is the root.
    tree.write("plain/sub/README.md", BAD);
    let out = gatelint(
        &tree.path("plain"),
        &["check", "--format", "json", "sub"],
        &[],
    );
    assert_eq!(reported(&out), ["sub/README.md"], "{}", printed(&out));
    // Inside the repository, from its root down, it is read, even when checking below it.
    tree.write("repo/.ignore", "skipped/\n");
    tree.write("repo/models/skipped/README.md", BAD);
    tree.write("repo/models/kept/README.md", BAD);
    let out = gatelint(
        &tree.path("repo/models"),
        &["check", "--format", "json", "."],
        &[],
    );
    assert_eq!(reported(&out), ["kept/README.md"], "{}", printed(&out));
}

/// A `.gatelint.toml` above the repository (or above the directory given) is not read.
#[test]
fn a_config_above_the_repository_is_not_read() {
    let tree = Tree::new();
    tree.write(
        ".gatelint.toml",
        "exclude = [\"README.md\"]\nignore = [\"duplicate-key\"]\n",
    );
    tree.write("repo/README.md", BAD);
    let out = gatelint(&tree.path("repo"), &["check", "--format", "json"], &[]);
    assert_eq!(reported(&out), ["README.md"], "{}", printed(&out));
    tree.write("plain/README.md", BAD);
    let out = gatelint(&tree.path("plain"), &["check", "--format", "json"], &[]);
    assert_eq!(reported(&out), ["README.md"], "{}", printed(&out));
}

/// `gatelint check path/to/repo` from elsewhere: each card gets the config nearest to it in its
/// repository, not the current directory's.
#[test]
fn a_repository_checked_from_elsewhere_uses_its_own_config() {
    let tree = Tree::new();
    tree.write(".gatelint.toml", "select = [\"unknown-gate-key\"]\n");
    tree.write("repo/.gatelint.toml", "ignore = [\"duplicate-key\"]\n");
    tree.write("repo/README.md", BAD);
    tree.write("repo/strict/.gatelint.toml", "exclude = [\"old\"]\n");
    tree.write("repo/strict/README.md", BAD);
    tree.write("repo/strict/old/README.md", BAD);
    let out = gatelint(tree.dir.path(), &["check", "--format", "json", "repo"], &[]);
    // The repository's config ignores the error at its root; the nearer one in `strict/`
    // (no merging) does not, and excludes `old/` relative to itself.
    assert_eq!(
        reported(&out),
        ["repo/strict/README.md"],
        "{}",
        printed(&out)
    );
    assert!(out.stderr.contains("checked 2 files"), "{}", out.stderr);
    // `--config` is one config for everything; `--no-config`, none.
    let out = gatelint(
        tree.dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--config",
            "repo/.gatelint.toml",
            "repo",
        ],
        &[],
    );
    assert_eq!(reported(&out), Vec::<String>::new(), "{}", printed(&out));
    let out = gatelint(
        tree.dir.path(),
        &["check", "--format", "json", "--no-config", "repo"],
        &[],
    );
    assert_eq!(reported(&out).len(), 3, "{}", printed(&out));
}

/// A bad config in a repository checked from elsewhere: a tool error naming it, exit 2.
#[test]
fn a_bad_config_found_below_is_a_tool_error_with_its_path() {
    let tree = Tree::new();
    tree.write("repo/README.md", BAD);
    tree.write("repo/sub/.gatelint.toml", "selekt = []\n");
    tree.write("repo/sub/README.md", BAD);
    let out = gatelint(tree.dir.path(), &["check", "repo"], &[]);
    assert_eq!(out.code, Some(2), "{}", printed(&out));
    assert!(
        out.stderr.contains("repo/sub/.gatelint.toml"),
        "{}",
        out.stderr
    );
}

/// The Hugging Face cache: each snapshot's `README.md` links to `../../blobs/<hash>`, outside
/// the snapshot directory given; recognised by its structure, it is still read. A look-alike
/// link to another cached repository's blob is not.
#[test]
fn the_hugging_face_cache_still_works() {
    let tree = Tree::new();
    let hub = tree.mkdir("hub");
    tree.write("hub/models--org--name/blobs/1111", BAD);
    tree.write("hub/models--org--other/blobs/2222", BAD);
    tree.link(
        "../../blobs/1111",
        "hub/models--org--name/snapshots/aaaa/README.md",
    );
    tree.link(
        "../../../models--org--other/blobs/2222",
        "hub/models--org--name/snapshots/bbbb/README.md",
    );
    let out = gatelint(
        &hub,
        &[
            "check",
            "--format",
            "json",
            "models--org--name/snapshots/aaaa",
            "models--org--name/snapshots/bbbb/README.md",
        ],
        &[],
    );
    assert_eq!(
        reported(&out),
        ["models--org--name/snapshots/aaaa/README.md"],
        "{}",
        printed(&out)
    );
    assert!(
        out.stderr
            .contains("models--org--name/snapshots/bbbb/README.md")
            && out.stderr.contains("not followed"),
        "{}",
        out.stderr
    );
    // The whole cache, as `gatelint check ~/.cache/huggingface/hub`: every link stays inside.
    let out = gatelint(&hub, &["check", "--format", "json", "."], &[]);
    assert_eq!(
        reported(&out),
        [
            "models--org--name/snapshots/aaaa/README.md",
            "models--org--name/snapshots/bbbb/README.md"
        ],
        "{}",
        printed(&out)
    );
}
