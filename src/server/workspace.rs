//! Which settings each document gets: the `.gatelint.toml` nearest to it, looked for from its
//! directory up to its workspace folder or its repository root (whichever is nearer), never above.
//! A document outside every workspace folder and every repository gets only its own directory's.
//!
//! Configs are read again whenever they change: each lint looks at the candidates' metadata
//! (a few `stat` calls) and re-reads a file whose identity, size or modification time moved, so an
//! edit is seen even by a client that sends no file events. The untrusted-input rules hold: a
//! config that is a symlink is followed only when its target stays inside that root, only a regular
//! file is read (opened non-blocking, so a FIFO swapped in never blocks), at most 1 MiB; nothing
//! is ever written.

use std::collections::HashMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::error::Error;
use crate::settings::Settings;

/// How many directories a search walks up at most.
const MAX_DEPTH: usize = 128;

/// The workspace folders and the configs read so far.
#[derive(Default)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    cache: HashMap<PathBuf, Loaded>,
}

/// A config as last read, keyed by what its metadata said then.
struct Loaded {
    stamp: Stamp,
    result: Result<Config, Problem>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    size: u64,
    mtime: i64,
    mtime_nsec: i64,
}

impl Stamp {
    fn of(meta: &fs::Metadata) -> Stamp {
        Stamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_nsec: meta.mtime_nsec(),
        }
    }
}

/// Why a config could not be used: the message, the byte span it points at in the file (when it
/// points into it), and its help.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub span: Option<(usize, usize)>,
    pub help: Option<String>,
    /// The config's text, when it was read (to place the span).
    pub text: Option<String>,
}

impl Problem {
    fn plain(message: impl Into<String>) -> Problem {
        Problem {
            message: message.into(),
            span: None,
            help: None,
            text: None,
        }
    }
}

/// What a document gets.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    pub settings: Settings,
    /// The config file used or found broken.
    pub config: Option<PathBuf>,
    /// Set when the nearest config could not be used: the defaults apply instead.
    pub problem: Option<Problem>,
}

impl Workspace {
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
    }

    pub fn roots(&self) -> &[PathBuf] {
        &self.roots
    }

    /// Forgets every config read, so the next lint reads them again.
    pub fn forget(&mut self) {
        self.cache.clear();
    }

    /// The settings for the document at `path` (`None`: not a file, e.g. an unsaved buffer).
    pub fn resolve(&mut self, path: Option<&Path>) -> Resolved {
        let Some(dir) = path.and_then(Path::parent) else {
            return Resolved::default();
        };
        let Some((candidate, bound)) = self.nearest(dir) else {
            return Resolved::default();
        };
        let result = self.load(&candidate, &bound);
        match result {
            Ok(config) => Resolved {
                settings: settings_of(&config),
                config: Some(candidate),
                problem: None,
            },
            Err(problem) => Resolved {
                settings: Settings::default(),
                config: Some(candidate),
                problem: Some(problem),
            },
        }
    }

    /// The deepest workspace folder holding `dir`.
    pub fn root_of(&self, dir: &Path) -> Option<&Path> {
        self.roots
            .iter()
            .filter(|root| dir.starts_with(root))
            .max_by_key(|root| root.as_os_str().len())
            .map(PathBuf::as_path)
    }

    /// The nearest config at or above `dir` and the directory the search stopped at (the bound
    /// a symlinked config must stay inside).
    fn nearest(&self, dir: &Path) -> Option<(PathBuf, PathBuf)> {
        let root = self.root_of(dir);
        let bound = match root {
            Some(root) => root.to_path_buf(),
            None => repository_root(dir).unwrap_or_else(|| dir.to_path_buf()),
        };
        for (depth, here) in dir.ancestors().enumerate() {
            if depth > MAX_DEPTH || !here.starts_with(&bound) {
                return None;
            }
            let candidate = here.join(config::FILE_NAME);
            // `symlink_metadata`: a dangling or hostile link still counts as "found here".
            if fs::symlink_metadata(&candidate).is_ok() {
                return Some((candidate, bound));
            }
            // The repository root ends the search even inside a workspace folder (a nested
            // repository keeps its own configuration, as `gatelint check` does).
            if here == bound || is_repository_root(here) {
                return None;
            }
        }
        None
    }

    fn load(&mut self, path: &Path, bound: &Path) -> Result<Config, Problem> {
        // The stamp of what the path leads to (through a link), to notice any change.
        let stamp = fs::metadata(path).map(|m| Stamp::of(&m)).ok();
        if let (Some(stamp), Some(loaded)) = (stamp, self.cache.get(path)) {
            if loaded.stamp == stamp {
                return loaded.result.clone();
            }
        }
        let result = read_config(path, bound).and_then(|bytes| {
            config::parse_bytes(path, &bytes)
                .map_err(|err| problem_of(err, &String::from_utf8_lossy(&bytes)))
        });
        match stamp {
            Some(stamp) => {
                self.cache.insert(
                    path.to_path_buf(),
                    Loaded {
                        stamp,
                        result: result.clone(),
                    },
                );
            }
            None => {
                self.cache.remove(path);
            }
        }
        result
    }
}

/// The settings a config gives (as `gatelint check` builds them without flags).
fn settings_of(config: &Config) -> Settings {
    Settings {
        select: config.select.clone(),
        ignore: config.ignore.clone(),
        severity: config.severity.clone(),
    }
}

fn problem_of(err: Error, text: &str) -> Problem {
    match err {
        Error::Config {
            message,
            span,
            help,
            ..
        } => Problem {
            message,
            span: Some((span.offset(), span.offset() + span.len())),
            help,
            text: Some(text.to_owned()),
        },
        other => Problem::plain(other.to_string()),
    }
}

/// Reads a config without trusting it, as `gatelint check` reads one
/// ([`crate::sys::read_small`]): a symlink is followed only when its target stays inside
/// `bound` (both resolved); only a regular file is read (opened without following a link and
/// without blocking, so a FIFO or device, even one swapped in after a check, never blocks),
/// at most [`crate::sys::SMALL_FILE_CAP`] bytes.
fn read_config(path: &Path, bound: &Path) -> Result<Vec<u8>, Problem> {
    let root = fs::canonicalize(bound).unwrap_or_else(|_| bound.to_path_buf());
    match crate::sys::read_small(path, &root) {
        Ok(Some(bytes)) => Ok(bytes),
        Ok(None) => Err(Problem::plain("no such file")),
        Err(e) => Err(Problem::plain(format!("not read: {e}"))),
    }
}

/// Whether `dir` holds `.git` (a directory, or a file as in a worktree or submodule); a symlink
/// named `.git` counts without being followed.
fn is_repository_root(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(".git")).is_ok()
}

/// The nearest directory at or above `dir` holding `.git`.
fn repository_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .take(MAX_DEPTH)
        .find(|d| is_repository_root(d))
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rule::Rule;

    #[test]
    fn nearest_config_within_the_workspace_and_reloaded_on_change() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        fs::create_dir_all(root.join("a/b")).unwrap();
        // Above the workspace: never read.
        fs::write(
            tmp.path().join(".gatelint.toml"),
            "ignore = [\"duplicate-key\"]\n",
        )
        .unwrap();
        let mut ws = Workspace::default();
        ws.set_roots(vec![root.clone()]);
        let card = root.join("a/b/README.md");
        assert!(ws.resolve(Some(&card)).config.is_none());

        fs::write(
            root.join("a/.gatelint.toml"),
            "ignore = [\"empty-label\"]\n",
        )
        .unwrap();
        let got = ws.resolve(Some(&card));
        assert_eq!(got.config, Some(root.join("a/.gatelint.toml")));
        assert_eq!(got.settings.ignore, vec![Rule::EmptyLabel]);

        // Changed (another size): read again.
        fs::write(
            root.join("a/.gatelint.toml"),
            "ignore = [\"country-as-text\"]\n",
        )
        .unwrap();
        let got = ws.resolve(Some(&card));
        assert_eq!(got.settings.ignore, vec![Rule::CountryAsText]);

        // Broken: the defaults, and the problem pointing into the file.
        fs::write(
            root.join("a/.gatelint.toml"),
            "ignore = [\"no-such-rule\"]\n",
        )
        .unwrap();
        let got = ws.resolve(Some(&card));
        assert!(got.settings.ignore.is_empty());
        let problem = got.problem.unwrap();
        assert_eq!(problem.message, "unknown rule `no-such-rule`");
        assert_eq!(problem.span, Some((10, 24)));
    }

    #[test]
    fn hostile_configs_are_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("ws");
        fs::create_dir_all(&root).unwrap();
        fs::write(tmp.path().join("secret"), "token = 1\n").unwrap();
        std::os::unix::fs::symlink(tmp.path().join("secret"), root.join(".gatelint.toml")).unwrap();
        let mut ws = Workspace::default();
        ws.set_roots(vec![root.clone()]);
        let got = ws.resolve(Some(&root.join("README.md")));
        let problem = got.problem.unwrap();
        assert!(
            problem.message.contains("outside the checked tree"),
            "{problem:?}"
        );
        assert!(problem.text.is_none());

        fs::remove_file(root.join(".gatelint.toml")).unwrap();
        let status = std::process::Command::new("mkfifo")
            .arg(root.join(".gatelint.toml"))
            .status();
        if status.is_ok_and(|s| s.success()) {
            let got = ws.resolve(Some(&root.join("README.md")));
            assert!(got.problem.unwrap().message.contains("not a regular file"));
        }
    }
}
