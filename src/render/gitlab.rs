//! GitLab Code Quality: one JSON array of issues (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`/`end`), as the `codequality` report of a
//! GitLab CI job reads it.

use std::io::{self, Write};

use serde_json::json;

use crate::rule::Severity;
use crate::Checked;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// A stable 128-bit FNV-1a hash, as hex: GitLab matches issues across pipelines by it.
fn fingerprint(parts: &[&str]) -> String {
    let mut hash: u128 = 0x6c62272e07bb014262b821756295c58d;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(0x0000000001000000000000000000013B);
        }
    }
    format!("{hash:032x}")
}

/// The file's issues as JSON objects separated by commas (no brackets).
pub fn file(checked: &Checked) -> String {
    let objects: Vec<String> = checked
        .findings
        .iter()
        .zip(super::positions(checked))
        .map(|(f, (start, end))| {
            let position = format!(
                "{}:{}-{}:{}",
                start.line, start.column, end.line, end.column
            );
            let issue = json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.rule.name(),
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint(&[&checked.path, f.rule.name(), &f.message, &position]),
                "severity": severity(f.severity),
                "location": {
                    "path": checked.path,
                    "lines": { "begin": start.line, "end": end.line },
                },
            });
            serde_json::to_string_pretty(&issue).unwrap_or_default()
        })
        .collect();
    objects.join(",\n")
}

pub fn write(
    chunks: impl IntoIterator<Item = impl AsRef<str>>,
    out: &mut dyn Write,
) -> io::Result<()> {
    out.write_all(b"[")?;
    let mut empty = true;
    for chunk in chunks {
        let chunk = chunk.as_ref();
        if chunk.is_empty() {
            continue;
        }
        out.write_all(if empty { b"\n" } else { b",\n" })?;
        out.write_all(chunk.as_bytes())?;
        empty = false;
    }
    out.write_all(if empty { b"]\n" } else { b"\n]\n" })?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["a", "b"]), fingerprint(&["ab", ""]));
        assert_eq!(fingerprint(&["x"]).len(), 32);
    }
}
