//! Finding test inputs on disk.

use std::path::{Path, PathBuf};

/// Every file under `dir`, at any depth, that `keep` accepts (none when `dir` cannot be read).
pub fn files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    walk(dir, keep, &mut out);
    out
}

/// Files under `dir` whose extension is `ext`.
pub fn with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    files(dir, &|p| p.extension().is_some_and(|e| e == ext))
}

fn walk(dir: &Path, keep: &dyn Fn(&Path) -> bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, keep, out);
        } else if keep(&path) {
            out.push(path);
        }
    }
}
