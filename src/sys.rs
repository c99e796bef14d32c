//! What gatelint asks of the operating system, in one place below discovery, the config and the
//! driver: the number of cores, and how a file from a tree written by a stranger is found and
//! opened (its root, links, special files, size caps, the name reports show).
//!
//! Symlinks: [`open_no_follow`] never follows a last link (it fails with `ELOOP`); [`read_small`]
//! follows one only when its target stays inside the root. Special files: nothing is opened
//! blocking (`O_NONBLOCK`), and only regular files are read.

use std::borrow::Cow;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The number of cores, asked once per process (it reads cgroup files).
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The root of a directory (canonical): the nearest ancestor holding `.git`, else itself.
pub(crate) fn root_of(dir: &Path) -> PathBuf {
    dir.ancestors()
        // `symlink_metadata`: a `.git` of any kind counts (a worktree's `.git` is a file); a
        // link named `.git` is not followed.
        .find(|a| fs::symlink_metadata(a.join(".git")).is_ok())
        .unwrap_or(dir)
        .to_path_buf()
}

/// The most bytes read from a config or an ignore file.
pub const SMALL_FILE_CAP: u64 = 1024 * 1024;

/// Why a link is not followed.
pub(crate) const LEAVES: &str = "a symlink whose target is outside the checked tree; not followed";

/// Reads a small file (a config, an ignore file) that a hostile tree may have made a link or a
/// special file. `Ok(None)`: there is none. A link is followed only when its target (every link
/// resolved) is inside `root`; only a regular file is read (opened without blocking, checked on
/// the handle), and at most [`SMALL_FILE_CAP`] bytes: a larger file is an error.
pub(crate) fn read_small(path: &Path, root: &Path) -> io::Result<Option<Vec<u8>>> {
    let file = match open_no_follow(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        // A directory that cannot be searched: nothing in it can be seen (the walk reports it).
        Err(e)
            if e.kind() == io::ErrorKind::PermissionDenied
                && fs::symlink_metadata(path).is_err() =>
        {
            return Ok(None)
        }
        Err(e) if is_link_error(&e, path) => {
            let target = fs::canonicalize(path).map_err(|e| match e.kind() {
                io::ErrorKind::NotFound => {
                    io::Error::new(io::ErrorKind::NotFound, "a broken symlink")
                }
                _ => e,
            })?;
            if !target.starts_with(root) {
                return Err(io::Error::new(io::ErrorKind::PermissionDenied, LEAVES));
            }
            open_no_follow(&target)?
        }
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other(format!(
            "not a regular file ({})",
            kind_of(&meta)
        )));
    }
    let mut bytes = Vec::new();
    file.take(SMALL_FILE_CAP + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > SMALL_FILE_CAP {
        return Err(io::Error::other(format!(
            "larger than {} KiB",
            SMALL_FILE_CAP / 1024
        )));
    }
    Ok(Some(bytes))
}

/// Whether opening `path` failed because its last component is a symlink (`O_NOFOLLOW`).
pub(crate) fn is_link_error(err: &io::Error, path: &Path) -> bool {
    #[cfg(unix)]
    if err.raw_os_error() != Some(libc::ELOOP) {
        return false;
    }
    #[cfg(not(unix))]
    let _ = err;
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
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

/// Opens `path` for reading without following a last symlink (`O_NOFOLLOW`: a link fails with
/// `ELOOP`) and without blocking (`O_NONBLOCK`: a FIFO or a device opens at once; it changes
/// nothing for a regular file).
pub(crate) fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NONBLOCK | libc::O_NOFOLLOW,
    );
    #[cfg(not(unix))]
    if fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::Error::other("a symlink"));
    }
    options.open(path)
}

pub(crate) fn kind_of(meta: &fs::Metadata) -> &'static str {
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

/// The root of a file named by the user (a config given with `--config`): the repository holding
/// it, else its directory; with the file's absolute path (its directory canonical).
pub(crate) fn file_root(path: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = fs::canonicalize(parent)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("not a file name"))?;
    let root = root_of(&dir);
    Ok((dir.join(name), root))
}
