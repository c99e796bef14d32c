//! GitLab Code Quality: one JSON array of issues (`description`, `check_name`, `fingerprint`,
//! `severity`, `location.path`, `location.lines.begin`/`end`), as the `codequality` report of a
//! GitLab CI job reads it.

use std::io::{self, Write};

use serde_json::json;

use crate::report::Checked;
use crate::rule::Severity;

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
///
/// The fingerprint is made of the path, the rule, the message, the text under the finding's span
/// and how many identical findings come before it in the file, never of its line or column: a
/// line inserted above a finding leaves its fingerprint as it was, so GitLab sees the same issue.
pub fn file(checked: &Checked) -> String {
    let mut seen: std::collections::HashMap<(crate::rule::Rule, &str, &str), usize> =
        std::collections::HashMap::new();
    let objects: Vec<String> = checked
        .findings
        .iter()
        .zip(super::positions(checked))
        .map(|(f, (start, end))| {
            let content = checked.text.get(f.span.start..f.span.end).unwrap_or_default();
            let nth = seen.entry((f.rule, f.message.as_str(), content)).or_default();
            *nth += 1;
            let occurrence = nth.to_string();
            let issue = json!({
                "type": "issue",
                "description": f.message,
                "check_name": f.rule.name(),
                "categories": ["Bug Risk"],
                "fingerprint": fingerprint(&[&checked.path, f.rule.name(), &f.message, content, &occurrence]),
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
