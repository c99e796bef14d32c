//! Open documents: their text as the client holds it, and the URI ↔ path mapping.

use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::lint::Lint;
use super::text::{Encoding, Lines};

/// One open document.
pub struct Document {
    pub text: String,
    pub version: i32,
    pub language_id: String,
    pub lines: Lines,
    /// The file it is, for a `file:` URI.
    pub path: Option<PathBuf>,
    /// The last lint of this version of the text, dropped on change.
    pub lint: Option<Rc<Lint>>,
}

impl Document {
    pub fn new(uri: &Uri, text: String, version: i32, language_id: String) -> Document {
        let lines = Lines::new(&text);
        Document {
            text,
            version,
            language_id,
            lines,
            path: path_of(uri),
            lint: None,
        }
    }

    /// Applies a `didChange`'s changes in order: a change with a range replaces that range
    /// (clamped into the text), one without replaces the whole text.
    pub fn change(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                Some(range) => {
                    let (start, end) = self.lines.offsets(&self.text, range, encoding);
                    self.text.replace_range(start..end, &change.text);
                }
                None => self.text = change.text,
            }
            self.lines = Lines::new(&self.text);
        }
        self.version = version;
        self.lint = None;
    }

    /// The file name, when the document is a file.
    pub fn file_name(&self) -> Option<&std::ffi::OsStr> {
        self.path.as_deref().and_then(Path::file_name)
    }

    /// Whether the client or the file name says Markdown.
    pub fn is_markdown(&self) -> bool {
        self.language_id.eq_ignore_ascii_case("markdown")
            || self
                .path
                .as_deref()
                .and_then(Path::extension)
                .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"))
    }

    /// A card by its name: the Hub reads `README.md`.
    pub fn is_readme(&self) -> bool {
        self.file_name().is_some_and(|n| n == "README.md")
    }
}

/// The path of a `file:` URI (local host only), percent-decoded; `None` for other schemes.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let (host, path) = rest.split_at(rest.find('/')?);
    if !(host.is_empty() || host.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let bytes = percent_decode(path.as_bytes())?;
    Some(PathBuf::from(OsString::from_vec(bytes)))
}

/// The `file:` URI of an absolute path.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let mut out = String::from("file://");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out.parse().ok()
}

fn percent_decode(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b);
            i += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_and_paths() {
        let uri: Uri = "file:///tmp/a%20b/%C3%A9/README.md".parse().unwrap();
        assert_eq!(path_of(&uri), Some(PathBuf::from("/tmp/a b/é/README.md")));
        assert_eq!(uri_of(Path::new("/tmp/a b/é/README.md")), Some(uri));
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(path_of(&other), None);
        let remote: Uri = "file://server/share/x.md".parse().unwrap();
        assert_eq!(path_of(&remote), None);
    }
}
