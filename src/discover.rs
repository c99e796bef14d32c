//! Discovery: command-line paths → card files, and reading one card.
//!
//! A file named on the command line is linted whatever its name; a directory is walked with the
//! `ignore` crate (ripgrep's walker: `.gitignore` respected, hidden entries and `.git` skipped)
//! for files named `README.md`. Symlinked cards (the Hugging Face cache links each snapshot's
//! `README.md` to a blob) are read through the link; symlinked directories are not followed.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::read::{read_prefix, Prefix};

/// The file name of a card.
pub const CARD_NAME: &str = "README.md";

/// One card to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPath {
    pub path: PathBuf,
    /// The path as reports show it.
    pub display: String,
}

/// Every card under `paths`, sorted by displayed path, with the paths that could not be walked.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<CardPath, Error>> {
    let mut out = Vec::new();
    for path in paths {
        match fs::symlink_metadata(path) {
            Err(_) if fs::metadata(path).is_err() && fs::symlink_metadata(path).is_err() => {
                out.push(Err(Error::NotFound {
                    path: display(path),
                }))
            }
            Ok(meta) if meta.is_dir() => walk(path, &mut out),
            Ok(meta) if meta.file_type().is_symlink() && fs::metadata(path).is_ok_and(|m| m.is_dir()) => {
                walk(path, &mut out)
            }
            _ => out.push(Ok(CardPath {
                path: path.clone(),
                display: display(path),
            })),
        }
    }
    out.sort_by(|a, b| sort_key(a).cmp(sort_key(b)));
    out.dedup_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.display == b.display,
        _ => false,
    });
    out
}

fn sort_key(item: &Result<CardPath, Error>) -> &str {
    match item {
        Ok(card) => &card.display,
        Err(Error::NotFound { path } | Error::Walk { path, .. }) => path,
        Err(_) => "",
    }
}

fn walk(root: &Path, out: &mut Vec<Result<CardPath, Error>>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .parents(true)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_card = entry.file_name() == CARD_NAME
                    && entry.file_type().is_some_and(|t| !t.is_dir());
                if is_card {
                    out.push(Ok(CardPath {
                        display: display(entry.path()),
                        path: entry.into_path(),
                    }));
                }
            }
            Err(err) => out.push(Err(walk_error(root, &err))),
        }
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
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => text,
    }
}

/// Reads a card's prefix. Never opens anything but a regular file (a FIFO would block).
pub fn read_card(path: &Path) -> Result<Prefix, Error> {
    let shown = display(path);
    let meta = fs::metadata(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => Error::Read {
            path: shown.clone(),
            source: std::io::Error::new(
                std::io::ErrorKind::NotFound,
                "no such file (a broken symlink?)",
            ),
        },
        _ => Error::Read {
            path: shown.clone(),
            source,
        },
    })?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: shown,
            kind: kind_of(&meta),
        });
    }
    let file = File::open(path).map_err(|source| Error::Read {
        path: shown.clone(),
        source,
    })?;
    read_prefix(file).map_err(|source| Error::Read {
        path: shown,
        source,
    })
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
