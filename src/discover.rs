//! Discovery: command-line paths → card files, and reading one card.
//!
//! A file named on the command line is linted whatever its name; a directory is walked with the
//! `ignore` crate (ripgrep's walker: `.gitignore` respected, hidden entries and `.git` skipped)
//! for files named `README.md`. Symlinked cards (the Hugging Face cache links each snapshot's
//! `README.md` to a blob) are read through the link, so each snapshot's card is linted once,
//! under its snapshot path; symlinked directories below a root are not followed (no loops, no
//! escaping the tree).
//!
//! [`Options`] narrows the search: `--include` globs replace "files named `README.md`",
//! `--exclude` globs (and a config's `exclude`) drop files and prune directories. A glob without
//! `/` matches a name at any depth, as in `.gitignore`; one with `/` matches the path relative to
//! its base (the current directory, or the config file's directory). An excluded path is dropped
//! even when named on the command line, so that pre-commit, which names files, honours it.

use std::borrow::Cow;
use std::fs::{self, File};
use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::error::Error;
use crate::read::{read_prefix, Prefix};

/// Globs relative to one base directory.
#[derive(Clone, Debug)]
struct Globs {
    base: PathBuf,
    set: GlobSet,
}

impl Globs {
    fn new(base: &Path, patterns: &[String]) -> Result<Option<Globs>, Error> {
        if patterns.is_empty() {
            return Ok(None);
        }
        let mut builder = GlobSetBuilder::new();
        for pattern in patterns {
            let trimmed = pattern.trim_start_matches("./").trim_end_matches('/');
            let full = if trimmed.contains('/') {
                trimmed.trim_start_matches('/').to_owned()
            } else {
                format!("**/{trimmed}")
            };
            let glob = GlobBuilder::new(&full)
                .literal_separator(true)
                .build()
                .map_err(|e| Error::Usage(format!("invalid glob `{pattern}`: {}", e.kind())))?;
            builder.add(glob);
        }
        let set = builder
            .build()
            .map_err(|e| Error::Usage(format!("invalid globs: {e}")))?;
        Ok(Some(Globs {
            base: absolute(base),
            set,
        }))
    }

    /// Whether `path` (absolute) or, with `ancestors`, one of its parents below the base matches.
    fn matches(&self, path: &Path, ancestors: bool) -> bool {
        let Ok(relative) = path.strip_prefix(&self.base) else {
            return false;
        };
        if ancestors {
            relative
                .ancestors()
                .filter(|p| !p.as_os_str().is_empty())
                .any(|p| self.set.is_match(p))
        } else {
            self.set.is_match(relative)
        }
    }
}

/// Which files are cards and which paths are left out.
#[derive(Clone, Debug, Default)]
pub struct Options {
    include: Option<Globs>,
    exclude: Vec<Globs>,
    progress: Option<indicatif::ProgressBar>,
}

impl Options {
    /// `include` and `exclude` from the command line, relative to the current directory;
    /// `config_exclude` relative to the config file's directory.
    pub fn new(
        include: &[String],
        exclude: &[String],
        config_exclude: Option<(&Path, &[String])>,
    ) -> Result<Options, Error> {
        let cwd = Path::new(".");
        let mut options = Options {
            include: Globs::new(cwd, include)?,
            ..Options::default()
        };
        options.exclude.extend(Globs::new(cwd, exclude)?);
        if let Some((base, patterns)) = config_exclude {
            options.exclude.extend(Globs::new(base, patterns)?);
        }
        Ok(options)
    }

    /// A progress bar, made with a hidden draw target: it is drawn on stderr only when discovery
    /// finds at least [`PROGRESS_THRESHOLD`] cards.
    pub fn with_progress(mut self, bar: indicatif::ProgressBar) -> Self {
        self.progress = Some(bar);
        self
    }

    fn excluded(&self, path: &Path) -> bool {
        if self.exclude.is_empty() {
            return false;
        }
        let path = absolute(path);
        self.exclude.iter().any(|g| g.matches(&path, true))
    }

    fn is_card(&self, path: &Path, name: &std::ffi::OsStr) -> bool {
        match &self.include {
            None => name == CARD_NAME,
            Some(globs) => globs.matches(&absolute(path), false),
        }
    }

    /// One more card read (advances the progress bar, if any).
    pub fn tick(&self) {
        if let Some(bar) = &self.progress {
            bar.inc(1);
        }
    }

    /// Clears the progress bar, if any.
    pub fn finish(&self) {
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
    }
}

/// How many cards make a run long enough for a progress bar.
pub const PROGRESS_THRESHOLD: usize = 200;

/// `path` made absolute against the current directory, without `.` components.
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    joined
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The file name of a card.
pub const CARD_NAME: &str = "README.md";

/// One card to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPath {
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
    /// The walker saw a regular file here (not a symlink): [`read`] opens it without asking the
    /// file system again. A file named on the command line, or a symlink, is looked at first.
    pub known_file: bool,
}

/// Every card under `paths`, sorted by displayed path, with the paths that could not be walked.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<CardPath, Error>> {
    discover_with(paths, &Options::default())
}

/// [`discover`] with include and exclude globs (and a progress bar sized to what it finds).
pub fn discover_with(paths: &[PathBuf], options: &Options) -> Vec<Result<CardPath, Error>> {
    let mut out = Vec::new();
    for path in paths.iter().filter(|p| !options.excluded(p)) {
        match fs::symlink_metadata(path) {
            Err(_) if fs::metadata(path).is_err() && fs::symlink_metadata(path).is_err() => out
                .push(Err(Error::NotFound {
                    path: display(path),
                })),
            Ok(meta) if meta.is_dir() => walk(path, options, &mut out),
            Ok(meta)
                if meta.file_type().is_symlink()
                    && fs::metadata(path).is_ok_and(|m| m.is_dir()) =>
            {
                walk(path, options, &mut out)
            }
            _ => out.push(Ok(CardPath {
                path: path.clone(),
                display: display(path),
                known_file: false,
            })),
        }
    }
    out.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    out.dedup_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.display == b.display,
        _ => false,
    });
    if let Some(bar) = &options.progress {
        if out.len() >= PROGRESS_THRESHOLD {
            bar.set_length(out.len() as u64);
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
    out
}

fn sort_key(item: &Result<CardPath, Error>) -> &str {
    match item {
        Ok(card) => &card.display,
        Err(Error::NotFound { path } | Error::Walk { path, .. }) => path,
        Err(_) => "",
    }
}

fn walk(root: &Path, options: &Options, out: &mut Vec<Result<CardPath, Error>>) {
    let filter = options.clone();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .parents(true)
        .follow_links(false)
        // As ignore would choose (one per core, at most 12), but asking the system only once per
        // run, not once per walk and again for the linting threads.
        .threads(crate::run::cores().min(12))
        .filter_entry(move |entry| entry.depth() == 0 || !filter.excluded(entry.path()))
        .build_parallel();
    // Walked on every core (directory reads and `.gitignore` lookups are most of discovery);
    // the caller sorts what is found, so the order of the walk does not show.
    let found = std::sync::Mutex::new(Vec::new());
    walker.run(|| {
        let found = &found;
        Box::new(move |entry| {
            let item = match entry {
                Ok(entry) => {
                    // From the directory listing (`d_type`): no system call.
                    let file_type = entry.file_type();
                    let is_dir = file_type.is_none_or(|t| t.is_dir());
                    if !options.is_card(entry.path(), entry.file_name()) {
                        return ignore::WalkState::Continue;
                    }
                    if is_dir {
                        // A directory named like a card: reported, and still walked.
                        if entry.depth() > 0 {
                            found
                                .lock()
                                .unwrap_or_else(std::sync::PoisonError::into_inner)
                                .push(Err(Error::NotAFile {
                                    path: display(entry.path()),
                                    kind: "a directory",
                                }));
                        }
                        return ignore::WalkState::Continue;
                    }
                    Ok(CardPath {
                        display: display(entry.path()),
                        known_file: file_type.is_some_and(|t| t.is_file()),
                        path: entry.into_path(),
                    })
                }
                Err(err) => Err(walk_error(root, &err)),
            };
            found
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(item);
            ignore::WalkState::Continue
        })
    });
    let mut found = found
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // One root (the usual case): take the list as it is, rather than hold two copies at once.
    if out.is_empty() {
        *out = found;
    } else {
        out.append(&mut found);
    }
}

fn walk_error(root: &Path, err: &ignore::Error) -> Error {
    fn path_of(err: &ignore::Error) -> Option<&Path> {
        match err {
            ignore::Error::WithPath { path, .. } => Some(path),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            ignore::Error::Loop { child, .. } => Some(child),
            _ => None,
        }
    }
    Error::Walk {
        path: display(path_of(err).unwrap_or(root)),
        message: err.to_string(),
    }
}

/// The path as reports show it: as given, without a leading `./`, with `/` separators.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy();
    // One allocation, for the result (this runs once per card).
    let text = if text.contains('\\') {
        Cow::Owned(text.replace('\\', "/"))
    } else {
        text
    };
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text.into_owned(),
    }
}

/// Reads a card's prefix. Never opens anything but a regular file (a FIFO would block).
pub fn read_card(path: &Path) -> Result<Prefix, Error> {
    read_file(path, false).map_err(|e| e.into_error(display(path)))
}

/// Reads a discovered card's prefix, like [`read_card`], without a `stat` when the walker has
/// already seen a regular file there.
pub fn read(card: &CardPath) -> Result<Prefix, Error> {
    read_file(&card.path, card.known_file).map_err(|e| e.into_error(card.display.clone()))
}

/// Why a card could not be read, before its path is formatted (only then: most cards read).
enum ReadError {
    Io(std::io::Error),
    NotAFile(&'static str),
}

impl ReadError {
    fn into_error(self, path: String) -> Error {
        match self {
            ReadError::Io(source) => Error::Read { path, source },
            ReadError::NotAFile(kind) => Error::NotAFile { path, kind },
        }
    }
}

fn read_file(path: &Path, known_file: bool) -> Result<Prefix, ReadError> {
    let gone = |source: std::io::Error| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such file (a broken symlink?)",
        )),
        _ => ReadError::Io(source),
    };
    if !known_file {
        let meta = fs::metadata(path).map_err(gone)?;
        if !meta.is_file() {
            return Err(ReadError::NotAFile(kind_of(&meta)));
        }
    }
    // A known file that has gone since the walk reads as one that was never there.
    let file = open(path).map_err(|e| {
        if known_file {
            gone(e)
        } else {
            ReadError::Io(e)
        }
    })?;
    read_prefix(file).map_err(ReadError::Io)
}

/// Opens `path` for reading without blocking, should it have become a FIFO since it was seen
/// as a regular file (`O_NONBLOCK` changes nothing for a regular file).
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

fn kind_of(meta: &fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn only_regular_files_seen_by_the_walker_skip_the_stat() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("plain")).unwrap();
        fs::write(root.join("plain/README.md"), "---\na: 1\n---\n").unwrap();
        fs::create_dir_all(root.join("linked")).unwrap();
        std::os::unix::fs::symlink(root.join("plain/README.md"), root.join("linked/README.md"))
            .unwrap();
        let found = discover(&[root.to_path_buf(), root.join("plain/README.md")]);
        let known: Vec<(String, bool)> = found
            .iter()
            .map(|card| {
                let card = card.as_ref().unwrap();
                let name = card.path.strip_prefix(root).unwrap().display().to_string();
                (name, card.known_file)
            })
            .collect();
        // The same card named on the command line and found by the walk is kept once.
        assert_eq!(
            known,
            [
                ("linked/README.md".to_owned(), false),
                ("plain/README.md".to_owned(), true),
            ]
        );
        for card in found {
            assert!(read(&card.unwrap()).is_ok());
        }
    }

    #[test]
    #[cfg(unix)]
    fn a_known_file_that_became_a_fifo_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        let c_path = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
        let card = CardPath {
            display: display(&path),
            path,
            known_file: true,
        };
        // No writer: a blocking open would wait for ever.
        assert!(read(&card).is_ok_and(|prefix| prefix.bytes.is_empty()));
    }

    #[test]
    fn a_known_file_gone_since_the_walk_reads_like_a_missing_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        let card = CardPath {
            display: display(&path),
            path,
            known_file: true,
        };
        let known = read(&card).unwrap_err().to_string();
        let stat = read_card(&card.path).unwrap_err().to_string();
        assert_eq!(known, stat);
        assert!(known.contains("no such file"), "{known}");
    }
}
