//! Finding test inputs on disk, and the front matter in them.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use gatelint::{frontmatter, read};

/// The card's front matter as the Hub's fence finds it, read as gatelint reads a file, with the
/// file offset where it starts; `None` when there is none, or it is not UTF-8.
pub fn front_matter(card: &[u8]) -> Option<(usize, String)> {
    let prefix = read::prefix_of(card);
    let span = frontmatter::locate(&prefix).yaml()?;
    let text = std::str::from_utf8(span.slice(&prefix.bytes)).ok()?;
    Some((span.start, text.to_owned()))
}

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
