//! `--fix` and `--diff` write only the file that was read: links leaving the tree or swapped in
//! during the run, concurrent edits, special files, ownership, setuid bits, hard links, and
//! bounded work (64 000 fixes in a card, standard input past the cap, many cards under
//! `--diff`). README's "What gatelint writes" states the policy.

use crate::run;

use std::fs;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use run::Outcome;

/// A card with one fix (`Checkbox` → `checkbox`).
const FIXABLE: &str = "---\nextra_gated_fields:\n  Name: text\n  I agree: Checkbox\n---\n# Body\n";
const FIXED: &str = "---\nextra_gated_fields:\n  Name: text\n  I agree: checkbox\n---\n# Body\n";

fn gatelint(args: &[&str], cwd: &Path) -> Outcome {
    let out = run::run(args, Some(cwd), None, Duration::from_secs(120));
    out.assert_sane(&args.join(" "));
    out
}

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

fn is_root() -> bool {
    // SAFETY: no arguments, no failure.
    unsafe { libc::geteuid() == 0 }
}

#[test]
fn a_card_link_leaving_the_tree_is_never_written() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("x.md"), FIXABLE).unwrap();
    fs::write(outside.join("abs.md"), FIXABLE).unwrap();
    for (name, target) in [
        ("relative", PathBuf::from("../../outside/x.md")),
        ("absolute", outside.join("abs.md")),
    ] {
        let card_dir = dir.path().join("tree").join(name);
        fs::create_dir_all(&card_dir).unwrap();
        std::os::unix::fs::symlink(&target, card_dir.join("README.md")).unwrap();
    }
    for args in [
        ["check", "--fix", "tree"],
        ["check", "--fix", "tree/relative/README.md"],
    ] {
        gatelint(&args, dir.path());
        assert_eq!(fs::read_to_string(outside.join("x.md")).unwrap(), FIXABLE);
        assert_eq!(fs::read_to_string(outside.join("abs.md")).unwrap(), FIXABLE);
    }
}

/// A bounded loop of swaps, README.md ⇄ a link to a file outside the tree, while `--fix` runs
/// over and over: the outside file is never written.
#[test]
fn a_link_swapped_in_during_fix_never_redirects_the_write() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside.md");
    // Many fixes, so that each run spends a while between its read and its write.
    let card = many_fixes(4000);
    fs::write(&outside, &card).unwrap();
    let tree = dir.path().join("tree");
    fs::create_dir(&tree).unwrap();
    let readme = tree.join("README.md");
    fs::write(&readme, &card).unwrap();
    let stop = AtomicBool::new(false);
    /// Stops the swapping thread however the test ends (a failed assertion included).
    struct Stop<'a>(&'a AtomicBool);
    impl Drop for Stop<'_> {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    std::thread::scope(|scope| {
        scope.spawn(|| {
            let (link, plain) = (tree.join(".link"), tree.join(".plain"));
            for _ in 0..200_000 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let _ = fs::remove_file(&link);
                std::os::unix::fs::symlink(&outside, &link).unwrap();
                fs::rename(&link, &readme).unwrap();
                std::thread::sleep(Duration::from_micros(300));
                fs::write(&plain, &card).unwrap();
                fs::rename(&plain, &readme).unwrap();
                std::thread::sleep(Duration::from_micros(300));
            }
        });
        let _stop = Stop(&stop);
        let start = Instant::now();
        for _ in 0..30 {
            gatelint(&["check", "--fix", "--quiet", "tree"], dir.path());
            assert_eq!(
                fs::read(&outside).unwrap(),
                card.as_bytes(),
                "the file outside the tree was written"
            );
            if start.elapsed() > Duration::from_secs(40) {
                break;
            }
        }
    });
}

/// A card whose front matter holds `n` fixable field types.
fn many_fixes(n: usize) -> String {
    let mut card = String::from("---\nlicense: mit\nextra_gated_fields:\n");
    for i in 0..n {
        card.push_str(&format!("  Field {i}: Checkbox\n"));
    }
    card.push_str("---\n# Body\n");
    card
}

/// The edit lands while gatelint holds the card open (between its read and its rename): it must
/// survive, whether gatelint read it or refused to write.
#[test]
fn a_concurrent_edit_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    let card = many_fixes(20_000).replace("license: mit", "license: AAAA");
    fs::write(&readme, &card).unwrap();
    let at = card.find("AAAA").unwrap() as u64;
    let mut child = Command::new(run::BIN)
        .args(["check", "--fix", "--quiet", "README.md"])
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let fd_dir = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut edited = false;
    while Instant::now() < deadline && child.try_wait().unwrap().is_none() {
        let open = fs::read_dir(&fd_dir)
            .map(|entries| {
                entries
                    .filter_map(|e| fs::read_link(e.ok()?.path()).ok())
                    .any(|target| target == readme)
            })
            .unwrap_or(false);
        if open {
            // Let the read finish, then edit in place: same inode, same size.
            std::thread::sleep(Duration::from_millis(20));
            let file = fs::OpenOptions::new().write(true).open(&readme).unwrap();
            std::os::unix::fs::FileExt::write_all_at(&file, b"BBBB", at).unwrap();
            edited = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(edited, "never saw gatelint hold the card open\n{stderr}");
    let after = fs::read_to_string(&readme).unwrap();
    assert!(
        after.contains("license: BBBB"),
        "the concurrent edit was overwritten\n{stderr}"
    );
    if !after.contains("Field 0: checkbox") {
        assert!(
            stderr.contains("not fixed README.md: it changed while gatelint was fixing it"),
            "{stderr}"
        );
        // Its findings are reported as they are in the file: errors, exit 1.
        assert_eq!(out.status.code(), Some(1), "{stderr}");
    }
}

#[test]
fn fix_and_diff_never_hang_on_a_fifo_or_a_link_to_one() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    fs::create_dir_all(tree.join("fifo")).unwrap();
    fs::create_dir_all(tree.join("link")).unwrap();
    mkfifo(&tree.join("fifo/README.md"));
    // Beside the link: inside the root even when the link is named alone (its directory).
    mkfifo(&tree.join("link/pipe.md"));
    std::os::unix::fs::symlink("pipe.md", tree.join("link/README.md")).unwrap();
    for mode in ["--fix", "--diff"] {
        for target in ["tree", "tree/fifo/README.md", "tree/link/README.md"] {
            let out = gatelint(&["check", mode, target], dir.path());
            assert_eq!(out.code, Some(2), "{mode} {target}: {}", out.stderr);
            assert!(
                out.stderr.contains("FIFO") || out.stderr.contains("not a regular file"),
                "{mode} {target}: {}",
                out.stderr
            );
        }
    }
}

#[test]
fn fix_as_root_keeps_the_owner() {
    if !is_root() {
        eprintln!("skipped: changing a file's owner needs root");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    fs::write(&readme, FIXABLE).unwrap();
    let nobody = 65534;
    std::os::unix::fs::chown(&readme, Some(nobody), Some(nobody)).unwrap();
    let out = gatelint(&["check", "--fix", "README.md"], dir.path());
    assert_eq!(
        fs::read_to_string(&readme).unwrap(),
        FIXED,
        "{}",
        out.stderr
    );
    let meta = fs::metadata(&readme).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (nobody, nobody));
}

#[test]
fn fix_clears_setuid_and_setgid() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    fs::write(&readme, FIXABLE).unwrap();
    fs::set_permissions(&readme, fs::Permissions::from_mode(0o6754)).unwrap();
    let out = gatelint(&["check", "--fix", "README.md"], dir.path());
    assert_eq!(
        fs::read_to_string(&readme).unwrap(),
        FIXED,
        "{}",
        out.stderr
    );
    let mode = fs::metadata(&readme).unwrap().permissions().mode() & 0o7777;
    assert_eq!(mode, 0o754, "{mode:o}");
}

#[test]
fn a_hard_linked_card_is_refused_and_its_findings_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    fs::write(&readme, FIXABLE).unwrap();
    fs::hard_link(&readme, dir.path().join("other.md")).unwrap();
    let out = gatelint(
        &["check", "--fix", "--format", "concise", "README.md"],
        dir.path(),
    );
    assert_eq!(fs::read_to_string(&readme).unwrap(), FIXABLE);
    assert_eq!(
        fs::read_to_string(dir.path().join("other.md")).unwrap(),
        FIXABLE
    );
    assert_eq!(fs::metadata(&readme).unwrap().nlink(), 2);
    assert!(
        out.stderr
            .contains("not fixed README.md: it has 2 hard links, which a rewrite would split"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("could not be read"), "{}", out.stderr);
    assert!(out.stderr.contains("1 file not written"), "{}", out.stderr);
    // The card's findings, as they are in the file.
    assert!(
        out.stdout_text().contains("[unknown-field-type]"),
        "{}",
        out.stdout_text()
    );
    assert_eq!(out.code, Some(1));
}

/// 64 000 fixes in one card: `--fix` costs a few lints of the card, not one pass over every
/// taken edit per fix (28 s against 0.7 s for `check` before). Bounded against `check` on the
/// same card, with a generous factor.
#[test]
fn sixty_four_thousand_fixes_in_one_card() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    let card = many_fixes(64_000);
    fs::write(&readme, &card).unwrap();
    let check = gatelint(
        &["check", "--quiet", "--format", "concise", "README.md"],
        dir.path(),
    );
    assert_eq!(check.code, Some(1));
    let limit = check.elapsed * 25 + Duration::from_secs(10);
    let out = run::run(
        &["check", "--fix", "README.md"],
        Some(dir.path()),
        None,
        limit,
    );
    out.assert_sane("fix");
    assert!(
        out.stderr.contains("fixed 64000 findings in 1 file"),
        "{}",
        out.stderr
    );
    assert_eq!(
        fs::read_to_string(&readme).unwrap(),
        card.replace("Checkbox", "checkbox")
    );
}

/// Standard input far past the front matter: read up to the closing fence (or the cap), as a
/// file is, and the rest streamed (`--fix -`) or left unread, never held.
#[test]
fn standard_input_past_the_cap_is_never_held() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("stdin.md");
    let mut file = std::io::BufWriter::new(fs::File::create(&input).unwrap());
    file.write_all(b"---\nextra_gated_fields:\n  Name: Checkbox\n---\n")
        .unwrap();
    let line =
        [b"A body line, never needed to lint the card, never held.\n".as_slice(); 1000].concat();
    let size: usize = 128 << 20;
    let mut written = 0;
    while written < size {
        file.write_all(&line).unwrap();
        written += line.len();
    }
    file.into_inner().unwrap().sync_all().unwrap();
    for args in [["check", "-", "--quiet"], ["check", "--fix", "-"]] {
        let mut command = Command::new(run::BIN);
        command.args(args).env("NO_COLOR", "1");
        // Less address space than the input: holding it all cannot work.
        run::cap_address_space(&mut command, 100 << 20);
        let stdin = Stdio::from(fs::File::open(&input).unwrap());
        let out = run::run_command_with(command, stdin, Duration::from_secs(120));
        out.assert_sane(&args.join(" "));
        assert_eq!(
            out.code,
            Some(if args[1] == "--fix" { 0 } else { 1 }),
            "{args:?}: {}",
            out.stderr
        );
        if args[1] == "--fix" {
            // The text comes back whole: what was read, fixed, then the rest, streamed.
            assert_eq!(out.stdout.len() as u64, fs::metadata(&input).unwrap().len());
            assert!(out
                .stdout
                .starts_with(b"---\nextra_gated_fields:\n  Name: checkbox\n"));
        } else {
            assert!(out.stdout_text().contains("unknown-field-type"));
        }
    }
}

/// `--diff` over many cards keeps memory flat: four times the cards, about the same peak.
#[test]
fn diff_memory_is_flat_in_the_number_of_cards() {
    let dir = tempfile::tempdir().unwrap();
    // Each card: 64 KiB of front matter and one fix.
    let card = format!(
        "---\ndescription: \"{}\"\nextra_gated_fields:\n  Name: Checkbox\n---\n",
        "x".repeat(64 * 1024)
    );
    let make = |name: &str, n: usize| {
        for i in 0..n {
            let d = dir.path().join(name).join(format!("{i:04}"));
            fs::create_dir_all(&d).unwrap();
            fs::write(d.join("README.md"), &card).unwrap();
        }
    };
    make("small", 150);
    make("large", 600);
    let rss = |tree: &str| {
        let out = gatelint(&["check", "--diff", "--threads", "2", tree], dir.path());
        assert!(out.stderr.contains("would fix"), "{tree}: {}", out.stderr);
        assert_eq!(
            out.stdout_text().matches("\n+  Name: checkbox\n").count(),
            if tree == "small" { 150 } else { 600 }
        );
        assert!(out.own_peak_kib > 0);
        out.own_peak_kib
    };
    let (small, large) = (rss("small"), rss("large"));
    // 450 more cards of 64 KiB: held, they would add about 56 MiB (twice that with the fixed
    // copies).
    assert!(
        large < small + 24 * 1024,
        "peak RSS {small} KiB for 150 cards, {large} KiB for 600"
    );
}
