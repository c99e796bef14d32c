//! One SARIF 2.1.0 log, as GitHub code scanning reads it.
//!
//! `tool.driver` lists every rule (id = rule name, short description = its summary, full
//! description = the first paragraph of its docs page, help URI = the docs page, default level).
//! Each result carries its rule, level, message and a region of 1-based lines and columns; columns
//! count characters (`columnKind: unicodeCodePoints`) and `endColumn` is exclusive, as SARIF says.
//! Artifact URIs are relative to the current directory, under `%SRCROOT%`; a file outside it gets
//! an absolute `file://` URI without `uriBaseId`.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use crate::report::Checked;
use crate::rule::{Rule, Severity};
use crate::span::{LineIndex, Position};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF level of a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The file's results as JSON objects separated by commas (no brackets).
pub fn file(checked: &Checked) -> String {
    let index = LineIndex::new(&checked.text);
    let (uri, base) = artifact_uri(&checked.path);
    let location = |start: Position, end: Position, message: Option<&str>| {
        let mut artifact = json!({ "uri": uri });
        if let Some(base) = base {
            if let Some(object) = artifact.as_object_mut() {
                object.insert("uriBaseId".into(), json!(base));
            }
        }
        let mut location = json!({
            "physicalLocation": {
                "artifactLocation": artifact,
                "region": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                }
            }
        });
        if let Some(text) = message {
            if let Some(object) = location.as_object_mut() {
                object.insert("message".into(), json!({ "text": text }));
            }
        }
        location
    };
    let results: Vec<String> = checked
        .findings
        .iter()
        .zip(super::positions(checked))
        .map(|(f, (start, end))| {
            let mut text = f.message.clone();
            if let Some(help) = &f.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let mut result = json!({
                "ruleId": f.rule.name(),
                "ruleIndex": rule_index(f.rule),
                "level": level(f.severity),
                "message": { "text": text },
                "locations": [location(start, end, None)],
            });
            if let Some(fix) = &f.fix {
                if let Some(object) = result.as_object_mut() {
                    object.insert("fixes".into(), json!([sarif_fix(fix, &index, &uri, base)]));
                }
            }
            if !f.related.is_empty() {
                let related: Vec<Value> = f
                    .related
                    .iter()
                    .enumerate()
                    .map(|(id, (span, label))| {
                        let mut l = location(
                            index.position(span.start),
                            index.position(span.end),
                            Some(if label.is_empty() { "related" } else { label }),
                        );
                        if let Some(object) = l.as_object_mut() {
                            object.insert("id".into(), json!(id));
                        }
                        l
                    })
                    .collect();
                if let Some(object) = result.as_object_mut() {
                    object.insert("relatedLocations".into(), Value::Array(related));
                }
            }
            serde_json::to_string(&result).unwrap_or_default()
        })
        .collect();
    results.join(",\n")
}

/// A SARIF `fix`: the finding's edits as replacements of regions of the same artifact.
fn sarif_fix(fix: &crate::finding::Fix, index: &LineIndex, uri: &str, base: Option<&str>) -> Value {
    let mut artifact = json!({ "uri": uri });
    if let (Some(base), Some(object)) = (base, artifact.as_object_mut()) {
        object.insert("uriBaseId".into(), json!(base));
    }
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .map(|edit| {
            let (start, end) = (
                index.position(edit.span.start),
                index.position(edit.span.end),
            );
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": { "text": edit.replacement },
            })
        })
        .collect();
    json!({
        "description": { "text": fix.description },
        "artifactChanges": [{ "artifactLocation": artifact, "replacements": replacements }],
    })
}

fn rule_index(rule: Rule) -> usize {
    Rule::ALL.iter().position(|r| *r == rule).unwrap_or(0)
}

/// Writes the whole log around the results of every file.
pub fn write(chunks: &mut dyn Iterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    let driver = serde_json::to_string_pretty(&driver())?;
    write!(
        out,
        "{{\n\"$schema\": \"{SCHEMA}\",\n\"version\": \"2.1.0\",\n\"runs\": [{{\n\"tool\": {{\n\"driver\": {driver}\n}},\n\"columnKind\": \"unicodeCodePoints\",\n\"results\": ["
    )?;
    let mut first = true;
    for chunk in chunks.filter(|c| !c.is_empty()) {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        out.write_all(chunk.as_bytes())?;
        first = false;
    }
    out.write_all(b"\n]\n}]\n}\n")?;
    out.flush()
}

/// `tool.driver`: gatelint and every rule it has.
fn driver() -> Value {
    let home = env!("CARGO_PKG_HOMEPAGE");
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| {
            json!({
                "id": rule.name(),
                "name": rule.name(),
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": first_paragraph(rule.docs()).unwrap_or(rule.summary()) },
                "helpUri": format!("{home}/blob/main/docs/rules/{}.md", rule.name()),
                "help": { "text": rule.docs(), "markdown": rule.docs() },
                "defaultConfiguration": { "level": level(rule.default_severity()) },
            })
        })
        .collect();
    json!({
        "name": "gatelint",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "informationUri": home,
        "rules": rules,
    })
}

/// The first paragraph of prose in a docs page: not a heading, a code block, a list or a table.
pub(crate) fn first_paragraph(docs: &str) -> Option<&str> {
    let mut in_code = false;
    let mut start: Option<usize> = None;
    let mut offset = 0;
    for line in docs.split_inclusive('\n') {
        let here = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if let Some(s) = start {
                return non_trivial(docs.get(s..here));
            }
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        match start {
            None => {
                let prose = !trimmed.is_empty()
                    && !trimmed.starts_with('#')
                    && !trimmed.starts_with('|')
                    && !trimmed.starts_with('>');
                if prose {
                    start = Some(here);
                }
            }
            Some(s) if trimmed.is_empty() => return non_trivial(docs.get(s..here)),
            Some(_) => {}
        }
    }
    start.and_then(|s| non_trivial(docs.get(s..)))
}

fn non_trivial(text: Option<&str>) -> Option<&str> {
    text.map(str::trim)
        .filter(|t| !t.is_empty() && *t != "TODO")
}

/// The artifact URI of a displayed path: relative to the current directory under `%SRCROOT%`
/// when the path lies inside it; otherwise (an absolute path elsewhere, or a relative one that
/// climbs out with `..`) an absolute `file://` URI and no `uriBaseId`, as SARIF 2.1.0 §3.4.3
/// asks of a URI that is not relative to a base.
fn artifact_uri(path: &str) -> (String, Option<&'static str>) {
    let as_path = Path::new(path);
    let climbs = as_path
        .components()
        .any(|c| matches!(c, std::path::Component::ParentDir));
    if !as_path.is_absolute() && !climbs {
        return (encode(path), Some("%SRCROOT%"));
    }
    let cwd = std::env::current_dir().ok();
    let absolute = match &cwd {
        Some(cwd) if !as_path.is_absolute() => normalize(&cwd.join(as_path)),
        _ => normalize(as_path),
    };
    let relative = cwd.as_deref().and_then(|cwd| {
        absolute
            .strip_prefix(normalize(cwd))
            .ok()
            .map(Path::to_path_buf)
    });
    match relative {
        Some(rel) => (
            encode(&rel.to_string_lossy().replace('\\', "/")),
            Some("%SRCROOT%"),
        ),
        None => {
            let text = absolute.to_string_lossy().replace('\\', "/");
            let slash = if text.starts_with('/') { "" } else { "/" };
            (format!("file://{slash}{}", encode(&text)), None)
        }
    }
}

/// `path` with `.` and `..` resolved by name (links are not followed: the displayed path is what
/// the user typed).
fn normalize(path: &Path) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Percent-encodes everything but unreserved characters and `/` (RFC 3986).
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_paragraph_skips_headings_and_code() {
        let docs = "# rule\n\n## What it does\n\nFlags a thing\nover two lines.\n\nMore.\n";
        assert_eq!(
            first_paragraph(docs),
            Some("Flags a thing\nover two lines.")
        );
        assert_eq!(first_paragraph("# rule\n\nTODO\n"), None);
        assert_eq!(first_paragraph("# r\n```\ncode\n```\nText"), Some("Text"));
    }

    #[test]
    fn uris_are_percent_encoded_and_relative() {
        assert_eq!(
            artifact_uri("a b/README.md"),
            ("a%20b/README.md".into(), Some("%SRCROOT%"))
        );
        assert_eq!(artifact_uri("/nowhere-x/R.md").1, None);
    }

    #[test]
    fn paths_outside_the_current_directory_are_absolute_file_uris() {
        let cwd = std::env::current_dir().unwrap();
        let parent = cwd.parent().unwrap();
        let (uri, base) = artifact_uri("../x y/README.md");
        assert_eq!(base, None);
        let expected = format!(
            "file://{}/x%20y/README.md",
            encode(&parent.to_string_lossy())
        );
        assert_eq!(uri, expected);
        // Climbing out and back in stays relative.
        let here = cwd.file_name().unwrap().to_string_lossy().into_owned();
        let (uri, base) = artifact_uri(&format!("../{here}/a/README.md"));
        assert_eq!((uri.as_str(), base), ("a/README.md", Some("%SRCROOT%")));
    }
}
