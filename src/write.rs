//! Writing a fixed card: only the file that was read, atomically, keeping what the file was.
//!
//! [`Opened::open`] opens a card once, by handle: the directory that holds it, then the file in
//! that directory without following a link (`openat` with `O_NOFOLLOW`), without blocking (a
//! FIFO or a device is refused, never waited on). Which links lead to a card is decided by
//! discovery, which resolves a link it keeps (the Hugging Face cache's `snapshots/<rev>/README.md`)
//! once: the driver opens that target with `follow` false, so a link found there now (swapped in
//! since) is refused, and the write goes to the file opened, never to a path resolved again
//! later. (`follow` true resolves a link here, once, for callers without discovery.)
//!
//! [`Opened::replace`] writes the fixed head and then the rest of the original, copied from the
//! open file unread, to a new file in the same directory (by handle), gives it the original's
//! owner (when run as root), permission bits without setuid/setgid, and extended attributes,
//! fsyncs it, and swaps it in with one rename inside that directory. Right before the rename it
//! compares what is at the card's name now with what was read (device, inode, size, modification
//! and change times): a file edited, replaced or swapped for a link since is left alone, and the
//! fixed text is dropped. A file with several hard links is refused (a rename would split them).
//! On Linux the rename is an exchange (`RENAME_EXCHANGE`), checked afterwards and undone if what
//! it displaced was not the file read, so no window is left between the check and the rename.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use crate::read::{read_prefix, Prefix};

/// Why a card was not opened.
#[derive(Debug)]
pub enum OpenError {
    Io(io::Error),
    /// Not a regular file: what it is.
    NotAFile(&'static str),
}

/// Why a fixed card was not written.
#[derive(Debug)]
pub enum WriteError {
    /// gatelint chose not to write, for this reason.
    Refused(String),
    /// The file system refused.
    Io(io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Refused(reason) => f.write_str(reason),
            WriteError::Io(e) => write!(f, "cannot write: {e}"),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

#[cfg(unix)]
pub use unix::Opened;

#[cfg(not(unix))]
pub use portable::Opened;

#[cfg(unix)]
mod unix {
    use super::*;
    use std::ffi::{CStr, CString, OsStr};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use std::os::unix::ffi::OsStrExt;

    /// A card opened for fixing.
    pub struct Opened {
        file: File,
        dir: OwnedFd,
        name: CString,
        /// The file as it was when opened.
        stat: libc::stat,
    }

    fn cstring(bytes: &[u8]) -> io::Result<CString> {
        CString::new(bytes).map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in path"))
    }

    fn check(r: libc::c_int) -> io::Result<libc::c_int> {
        if r < 0 {
            Err(io::Error::last_os_error())
        } else {
            Ok(r)
        }
    }

    fn fstat(fd: libc::c_int) -> io::Result<libc::stat> {
        // SAFETY: stat is plain old data; `fstat` fills it or fails.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `fd` is open for the duration of the call; `st` is a live local.
        check(unsafe { libc::fstat(fd, &mut st) })?;
        Ok(st)
    }

    /// What is at `name` in `dir` now, without following a link.
    fn lstat_at(dir: libc::c_int, name: &CStr) -> io::Result<libc::stat> {
        // SAFETY: as in `fstat`.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `dir` is open, `name` NUL-terminated, `st` a live local.
        check(unsafe { libc::fstatat(dir, name.as_ptr(), &mut st, libc::AT_SYMLINK_NOFOLLOW) })?;
        Ok(st)
    }

    fn open_at(
        dir: libc::c_int,
        name: &CStr,
        flags: libc::c_int,
        mode: libc::c_uint,
    ) -> io::Result<OwnedFd> {
        // SAFETY: `dir` is open (or AT_FDCWD) and `name` NUL-terminated.
        let fd = check(unsafe { libc::openat(dir, name.as_ptr(), flags | libc::O_CLOEXEC, mode) })?;
        // SAFETY: `fd` was just opened and is owned by nobody else.
        Ok(unsafe { OwnedFd::from_raw_fd(fd) })
    }

    fn same_file(a: &libc::stat, b: &libc::stat) -> bool {
        a.st_dev == b.st_dev && a.st_ino == b.st_ino
    }

    /// Same file, same size, same modification and change times: nobody wrote to it.
    fn unchanged(a: &libc::stat, b: &libc::stat) -> bool {
        same_file(a, b)
            && a.st_size == b.st_size
            && a.st_mtime == b.st_mtime
            && a.st_mtime_nsec == b.st_mtime_nsec
            && a.st_ctime == b.st_ctime
            && a.st_ctime_nsec == b.st_ctime_nsec
    }

    /// Swaps the entries `a` and `b` of the directory `dir` in one step (`renameat2` with
    /// `RENAME_EXCHANGE`): at no moment is either name missing, and both must exist. It moves
    /// directory entries: a symlink at either name is moved as the link, never followed, and a
    /// special file is moved without being opened.
    #[cfg(target_os = "linux")]
    fn exchange(dir: libc::c_int, a: &CStr, b: &CStr) -> io::Result<()> {
        // SAFETY: `dir` is open; both names are NUL-terminated.
        check(unsafe { libc::renameat2(dir, a.as_ptr(), dir, b.as_ptr(), libc::RENAME_EXCHANGE) })
            .map(drop)
    }

    fn kind(mode: libc::mode_t) -> &'static str {
        match mode & libc::S_IFMT {
            libc::S_IFDIR => "a directory",
            libc::S_IFIFO => "a FIFO",
            libc::S_IFSOCK => "a socket",
            libc::S_IFBLK | libc::S_IFCHR => "a device",
            libc::S_IFLNK => "a symlink",
            _ => "not a regular file",
        }
    }

    fn changed() -> WriteError {
        WriteError::Refused(
            "it changed while gatelint was fixing it (an edit, or a file or link put in its \
             place); nothing was written, run gatelint again"
                .into(),
        )
    }

    impl Opened {
        /// Opens the card at `path`. `follow`: whether a link at `path` may be followed (discovery
        /// kept it); it is resolved once, here. Otherwise a link at `path` is refused, as is
        /// anything but a regular file. Never blocks.
        pub fn open(path: &Path, follow: bool) -> Result<Opened, OpenError> {
            let resolved;
            let path = if follow {
                resolved = std::fs::canonicalize(path).map_err(OpenError::Io)?;
                resolved.as_path()
            } else {
                path
            };
            let name = path
                .file_name()
                .ok_or(OpenError::NotAFile("not a file name"))?;
            let parent = match path.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.as_os_str(),
                _ => OsStr::new("."),
            };
            let io = OpenError::Io;
            // The directory: as named (discovery walked it without following links below the
            // root it was given).
            let dir = open_at(
                libc::AT_FDCWD,
                &cstring(parent.as_bytes()).map_err(io)?,
                libc::O_RDONLY | libc::O_DIRECTORY,
                0,
            )
            .map_err(io)?;
            let name = cstring(name.as_bytes()).map_err(io)?;
            // The file: never through a link, never blocking on a FIFO or a device.
            let fd = match open_at(
                dir.as_raw_fd(),
                &name,
                libc::O_RDONLY | libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_NOCTTY,
                0,
            ) {
                Ok(fd) => fd,
                Err(e) if e.raw_os_error() == Some(libc::ELOOP) => {
                    return Err(OpenError::NotAFile(
                        "a symlink that discovery did not follow",
                    ))
                }
                Err(e) => return Err(OpenError::Io(e)),
            };
            let stat = fstat(fd.as_raw_fd()).map_err(io)?;
            if stat.st_mode & libc::S_IFMT != libc::S_IFREG {
                return Err(OpenError::NotAFile(kind(stat.st_mode)));
            }
            Ok(Opened {
                file: File::from(fd),
                dir,
                name,
                stat,
            })
        }

        /// Reads the card up to its closing fence; the file is left just after what was read.
        pub fn read_prefix(&mut self) -> io::Result<Prefix> {
            read_prefix(&mut self.file)
        }

        /// Replaces the card with `head` followed by the rest of the file as opened (see the
        /// module docs). Nothing is left behind when it fails.
        pub fn replace(mut self, head: &[u8]) -> Result<(), WriteError> {
            if self.stat.st_nlink > 1 {
                return Err(WriteError::Refused(format!(
                    "it has {} hard links, which a rewrite would split; fix it by hand",
                    self.stat.st_nlink
                )));
            }
            let (tmp, tmp_name) = self.create_temporary()?;
            let result = self
                .fill(tmp, head)
                .and_then(|tmp| self.swap(&tmp_name, tmp));
            if result.is_err() {
                // SAFETY: `dir` is open and `tmp_name` NUL-terminated; a failure leaves a stray
                // temporary file, which is all it can do.
                unsafe { libc::unlinkat(self.dir.as_raw_fd(), tmp_name.as_ptr(), 0) };
            }
            result
        }

        /// A new file beside the card, created here (never through a link).
        fn create_temporary(&self) -> Result<(File, CString), WriteError> {
            static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let mut last = None;
            for _ in 0..16 {
                let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let nanos = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(0, |d| d.subsec_nanos());
                let name = cstring(
                    format!(".gatelint-{}-{n}-{nanos:x}.tmp", std::process::id()).as_bytes(),
                )?;
                match open_at(
                    self.dir.as_raw_fd(),
                    &name,
                    libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW,
                    0o600,
                ) {
                    Ok(fd) => return Ok((File::from(fd), name)),
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
                    Err(e) => return Err(e.into()),
                }
            }
            Err(last
                .unwrap_or_else(|| io::Error::other("no temporary file name"))
                .into())
        }

        /// Writes the new content and gives the new file the original's owner, permission bits
        /// (setuid and setgid cleared) and extended attributes; fsyncs it.
        fn fill(&mut self, tmp: File, head: &[u8]) -> Result<File, WriteError> {
            {
                let mut writer = io::BufWriter::new(&tmp);
                writer.write_all(head)?;
                io::copy(&mut self.file, &mut writer)?;
                writer.flush()?;
            }
            let fd = tmp.as_raw_fd();
            let mine = fstat(fd)?;
            let (uid, gid) = (self.stat.st_uid, self.stat.st_gid);
            if mine.st_uid != uid || mine.st_gid != gid {
                // SAFETY: `fd` is open.
                if unsafe { libc::fchown(fd, uid, gid) } != 0 {
                    let e = io::Error::last_os_error();
                    return Err(WriteError::Refused(format!(
                        "it belongs to user {uid} and group {gid}, and gatelint cannot give the \
                         fixed file to them ({e}); run it as the owner or as root"
                    )));
                }
            }
            // The permission bits, without setuid, setgid and sticky.
            let mode = self.stat.st_mode & 0o777;
            // SAFETY: `fd` is open.
            check(unsafe { libc::fchmod(fd, mode) })?;
            self.copy_xattrs(fd)?;
            tmp.sync_all()?;
            Ok(tmp)
        }

        /// Copies every extended attribute (ACLs included); one that cannot be copied refuses the
        /// write rather than drop it.
        #[cfg(target_os = "linux")]
        fn copy_xattrs(&self, to: libc::c_int) -> Result<(), WriteError> {
            let from = self.file.as_raw_fd();
            // SAFETY: a null buffer of size 0 asks for the size only.
            let size = unsafe { libc::flistxattr(from, std::ptr::null_mut(), 0) };
            if size <= 0 {
                // None, or a file system without them.
                return Ok(());
            }
            let mut names = vec![0u8; size as usize];
            // SAFETY: `names` has `names.len()` writable bytes.
            let size = unsafe { libc::flistxattr(from, names.as_mut_ptr().cast(), names.len()) };
            let size = usize::try_from(size).map_err(|_| io::Error::last_os_error())?;
            names.truncate(size);
            for name in names.split(|&b| b == 0).filter(|n| !n.is_empty()) {
                let shown = String::from_utf8_lossy(name).into_owned();
                let cname = cstring(name)?;
                let refuse = |e: io::Error| {
                    WriteError::Refused(format!(
                        "it has the extended attribute `{shown}`, which gatelint cannot copy \
                         to the fixed file ({e}); fix it by hand"
                    ))
                };
                // SAFETY: as for `flistxattr`.
                let len = unsafe { libc::fgetxattr(from, cname.as_ptr(), std::ptr::null_mut(), 0) };
                let len = usize::try_from(len).map_err(|_| refuse(io::Error::last_os_error()))?;
                let mut value = vec![0u8; len];
                // SAFETY: `value` has `value.len()` writable bytes.
                let got = unsafe {
                    libc::fgetxattr(from, cname.as_ptr(), value.as_mut_ptr().cast(), value.len())
                };
                let got = usize::try_from(got).map_err(|_| refuse(io::Error::last_os_error()))?;
                value.truncate(got);
                // SAFETY: `value` is readable for its length, `cname` NUL-terminated.
                let set = unsafe {
                    libc::fsetxattr(to, cname.as_ptr(), value.as_ptr().cast(), value.len(), 0)
                };
                if set != 0 {
                    let e = io::Error::last_os_error();
                    // The new file's SELinux label is the directory's default; an unprivileged
                    // user may not set it back, which is no loss.
                    if name != b"security.selinux" {
                        return Err(refuse(e));
                    }
                }
            }
            Ok(())
        }

        #[cfg(not(target_os = "linux"))]
        fn copy_xattrs(&self, _to: libc::c_int) -> Result<(), WriteError> {
            Ok(())
        }

        /// Puts the new file at the card's name, provided what is there is still the file read.
        fn swap(&self, tmp_name: &CStr, tmp: File) -> Result<(), WriteError> {
            let dir = self.dir.as_raw_fd();
            // Nobody wrote to the file since it was read (an edit keeps the inode).
            if !unchanged(&fstat(self.file.as_raw_fd())?, &self.stat) {
                return Err(changed());
            }
            drop(tmp);
            #[cfg(target_os = "linux")]
            match exchange(dir, tmp_name, &self.name) {
                Ok(()) => {
                    // The old entry is now at `tmp_name`: it must be the file read (the rename
                    // itself changed its change time).
                    let displaced = lstat_at(dir, tmp_name);
                    if displaced.is_ok_and(|st| {
                        same_file(&st, &self.stat)
                            && st.st_size == self.stat.st_size
                            && st.st_mtime == self.stat.st_mtime
                            && st.st_mtime_nsec == self.stat.st_mtime_nsec
                    }) {
                        // SAFETY: `dir` is open, `tmp_name` NUL-terminated. The file read, now
                        // under the temporary name; `unlinkat` removes the entry, never a link's
                        // target.
                        unsafe { libc::unlinkat(dir, tmp_name.as_ptr(), 0) };
                        return self.sync_dir();
                    }
                    // Put back what was there; the caller removes the new file.
                    exchange(dir, tmp_name, &self.name)?;
                    return Err(changed());
                }
                // A file system without exchange: check, then rename (below).
                Err(e)
                    if matches!(
                        e.raw_os_error(),
                        Some(libc::EINVAL | libc::ENOSYS | libc::ENOTSUP)
                    ) => {}
                Err(e) => return Err(e.into()),
            }
            match lstat_at(dir, &self.name) {
                Ok(now) if unchanged(&now, &self.stat) => {}
                _ => return Err(changed()),
            }
            // SAFETY: `dir` is open; both names are NUL-terminated. `renameat` never follows a
            // link at the last component.
            check(unsafe { libc::renameat(dir, tmp_name.as_ptr(), dir, self.name.as_ptr()) })?;
            self.sync_dir()
        }

        /// The rename is durable once the directory is synced.
        fn sync_dir(&self) -> Result<(), WriteError> {
            // SAFETY: `dir` is open. A file system that cannot sync a directory loses nothing
            // but durability.
            unsafe { libc::fsync(self.dir.as_raw_fd()) };
            Ok(())
        }
    }
}

#[cfg(not(unix))]
mod portable {
    use super::*;

    /// A card opened for fixing (without the Unix guarantees: see the module docs).
    pub struct Opened {
        file: File,
        path: std::path::PathBuf,
        meta: std::fs::Metadata,
    }

    impl Opened {
        pub fn open(path: &Path, follow: bool) -> Result<Opened, OpenError> {
            let path = if follow {
                std::fs::canonicalize(path).map_err(OpenError::Io)?
            } else {
                path.to_path_buf()
            };
            let file = File::open(&path).map_err(OpenError::Io)?;
            let meta = file.metadata().map_err(OpenError::Io)?;
            if !meta.is_file() {
                return Err(OpenError::NotAFile("not a regular file"));
            }
            Ok(Opened { file, path, meta })
        }

        pub fn read_prefix(&mut self) -> io::Result<Prefix> {
            read_prefix(&mut self.file)
        }

        pub fn replace(mut self, head: &[u8]) -> Result<(), WriteError> {
            let dir = self.path.parent().ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidInput, "no parent directory")
            })?;
            let mut tmp = tempfile::Builder::new()
                .prefix(".gatelint-")
                .suffix(".tmp")
                .tempfile_in(dir)?;
            {
                let mut writer = io::BufWriter::new(tmp.as_file_mut());
                writer.write_all(head)?;
                io::copy(&mut self.file, &mut writer)?;
                writer.flush()?;
            }
            tmp.as_file().set_permissions(self.meta.permissions())?;
            tmp.as_file().sync_all()?;
            tmp.persist(&self.path).map_err(|e| e.error)?;
            Ok(())
        }
    }
}
