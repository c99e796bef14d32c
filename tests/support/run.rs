//! Runs the `gatelint` binary with a time limit, capturing its output and peak memory.
//!
//! Output goes to temporary files (not pipes), so a child that writes a lot never blocks while
//! the test waits for it; the child is reaped with `wait4`, which also reports its peak RSS.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one run of the binary did.
#[derive(Debug)]
pub struct Outcome {
    /// The exit code, when the process exited (rather than died of a signal).
    pub code: Option<i32>,
    /// The signal that killed it, if one did.
    pub signal: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub elapsed: Duration,
    /// Peak resident set size, in KiB, as `wait4` reports it: it includes what the child
    /// inherited from this (large) test process before `exec`, so it is an upper bound only.
    pub max_rss_kib: i64,
    /// Peak resident set size of the program itself, in KiB (`VmHWM` sampled from
    /// `/proc/PID/status` while it runs, after `exec`): unlike [`Outcome::max_rss_kib`], not
    /// raised by this test process's own memory; a peak in the last milliseconds may be missed.
    pub own_peak_kib: i64,
}

impl Outcome {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    /// Fails unless the run ended by itself with 0, 1 or 2 and without a panic.
    pub fn assert_sane(&self, what: &str) {
        assert!(
            self.signal.is_none(),
            "{what}: killed by signal {:?}\nstderr:\n{}",
            self.signal,
            tail(&self.stderr)
        );
        assert!(
            matches!(self.code, Some(0..=2)),
            "{what}: exit code {:?}\nstderr:\n{}",
            self.code,
            tail(&self.stderr)
        );
        assert!(
            !self.stderr.contains("panicked") && !self.stderr.contains("overflowed its stack"),
            "{what}: panicked\nstderr:\n{}",
            tail(&self.stderr)
        );
    }

    /// The JSON array printed by `--format json`.
    pub fn json(&self, what: &str) -> Vec<serde_json::Value> {
        match serde_json::from_slice::<serde_json::Value>(&self.stdout) {
            Ok(serde_json::Value::Array(items)) => items,
            other => panic!(
                "{what}: stdout is not a JSON array: {other:?}\nstdout starts: {}",
                String::from_utf8_lossy(
                    self.stdout
                        .get(..self.stdout.len().min(500))
                        .unwrap_or_default()
                )
            ),
        }
    }
}

fn tail(text: &str) -> &str {
    let start = text.len().saturating_sub(3000);
    let start = (start..=text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    &text[start..]
}

pub const BIN: &str = env!("CARGO_BIN_EXE_gatelint");

/// A throwaway repository to run it in: a temporary directory holding `.git` (so that config
/// and ignore-file discovery stop there) and `files`, each a path and its contents.
pub fn repository<T: AsRef<[u8]>>(files: &[(&str, T)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir .git");
    for (path, contents) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write");
    }
    dir
}

/// Runs `gatelint args…` in `cwd` with `stdin` (empty when `None`), killing it after `limit`.
pub fn run<S: AsRef<OsStr>>(
    args: &[S],
    cwd: Option<&Path>,
    stdin: Option<&[u8]>,
    limit: Duration,
) -> Outcome {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("RUST_BACKTRACE");
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    run_command(command, stdin, limit)
}

/// Runs a prepared command (see [`run`]).
pub fn run_command(command: Command, stdin: Option<&[u8]>, limit: Duration) -> Outcome {
    let input = match stdin {
        Some(bytes) => {
            let mut file = tempfile::tempfile().expect("temp file");
            file.write_all(bytes).expect("write stdin");
            file.seek(SeekFrom::Start(0)).expect("seek");
            Stdio::from(file)
        }
        None => Stdio::null(),
    };
    run_command_with(command, input, limit)
}

/// Runs a prepared command with `input` as its standard input (a file too large to hold in this
/// process, whose memory the child's peak RSS would count).
pub fn run_command_with(mut command: Command, input: Stdio, limit: Duration) -> Outcome {
    let mut out = tempfile::tempfile().expect("temp file");
    let mut err = tempfile::tempfile().expect("temp file");
    command
        .stdin(input)
        .stdout(Stdio::from(out.try_clone().expect("clone")))
        .stderr(Stdio::from(err.try_clone().expect("clone")));
    let start = Instant::now();
    // Reaped by `wait` below (`wait4` on its pid, for the peak RSS), not by `Child::wait`.
    #[allow(clippy::zombie_processes)]
    let child = command.spawn().expect("spawn gatelint");
    let pid = child.id() as libc::pid_t;
    let (status, usage, own_peak_kib) = wait(pid, limit);
    let elapsed = start.elapsed();
    let read = |f: &mut File| {
        let mut bytes = Vec::new();
        f.seek(SeekFrom::Start(0)).expect("seek");
        f.read_to_end(&mut bytes).expect("read output");
        bytes
    };
    let stdout = read(&mut out);
    let stderr = String::from_utf8_lossy(&read(&mut err)).into_owned();
    let Some(status) = status else {
        panic!(
            "gatelint did not finish within {limit:?}: killed\nstderr:\n{}",
            tail(&stderr)
        );
    };
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else if libc::WIFSIGNALED(status) {
        (None, Some(libc::WTERMSIG(status)))
    } else {
        (None, None)
    };
    Outcome {
        code,
        signal,
        stdout,
        stderr,
        elapsed,
        max_rss_kib: usage.ru_maxrss,
        own_peak_kib,
    }
}

/// Waits for `pid` up to `limit`; `None` (after killing it) when it did not finish in time. Also
/// samples the program's own peak RSS (see [`Outcome::own_peak_kib`]).
fn wait(pid: libc::pid_t, limit: Duration) -> (Option<libc::c_int>, libc::rusage, i64) {
    let start = Instant::now();
    let mut status: libc::c_int = 0;
    // SAFETY: rusage is plain old data; zeroed is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut peak = 0;
    let proc_dir = format!("/proc/{pid}");
    loop {
        // Only once the child runs the binary: before `exec` it shares this process's memory.
        if std::fs::read_link(format!("{proc_dir}/exe")).is_ok_and(|exe| exe == Path::new(BIN)) {
            if let Ok(text) = std::fs::read_to_string(format!("{proc_dir}/status")) {
                let hwm = text
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<i64>().ok());
                peak = peak.max(hwm.unwrap_or(0));
            }
        }
        // SAFETY: pid is our own child; status and usage point to live locals.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            return (Some(status), usage, peak);
        }
        assert!(r == 0, "wait4 failed: {}", std::io::Error::last_os_error());
        if start.elapsed() > limit {
            // SAFETY: as above; the child has not been reaped, so the pid is still ours.
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            return (None, usage, peak);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Caps the child's address space (`RLIMIT_AS`) at `bytes`: an allocation past it fails, and
/// the child aborts, which [`Outcome::assert_sane`] reports.
pub fn cap_address_space(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit {
        rlim_cur: bytes as libc::rlim_t,
        rlim_max: bytes as libc::rlim_t,
    };
    // SAFETY: setrlimit is async-signal-safe, and `limit` is a plain value moved in.
    unsafe {
        command.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) == 0 {
                Ok(())
            } else {
                Err(std::io::Error::last_os_error())
            }
        });
    }
}
