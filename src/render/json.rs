//! One JSON array of findings. The shape is a public contract:
//! `{"path", "rule", "severity", "message", "help", "start": {"line", "column"},
//! "end": {"line", "column"}, "fix"}`, lines and columns 1-based, columns in characters.

use std::io::{self, Write};

use serde::Serialize;

use crate::finding::Edit;
use crate::report::Checked;
use crate::span::Position;

#[derive(Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    start: Position,
    end: Position,
    /// The fix `--fix` would apply, or null.
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    description: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    start: Position,
    end: Position,
    replacement: &'a str,
}

/// The file's findings as JSON objects separated by commas (no brackets).
pub fn file(checked: &Checked) -> String {
    let index = crate::span::LineIndex::new(&checked.text);
    let objects: Vec<String> = checked
        .findings
        .iter()
        .zip(super::positions(checked))
        .map(|(f, (start, end))| {
            let object = JsonFinding {
                path: &checked.path,
                rule: f.rule.name(),
                severity: f.severity.as_str(),
                message: &f.message,
                help: f.help.as_deref(),
                start,
                end,
                fix: f.fix.as_ref().map(|fix| JsonFix {
                    description: &fix.description,
                    edits: fix.edits.iter().map(|e| edit(&index, e)).collect(),
                }),
            };
            serde_json::to_string_pretty(&object).unwrap_or_default()
        })
        .collect();
    objects.join(",\n")
}

fn edit<'a>(index: &crate::span::LineIndex, e: &'a Edit) -> JsonEdit<'a> {
    JsonEdit {
        start: index.position(e.span.start),
        end: index.position(e.span.end),
        replacement: &e.replacement,
    }
}

pub fn write(chunks: &mut dyn Iterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(b"[")?;
    let mut empty = true;
    for chunk in chunks {
        out.write_all(if empty { b"\n" } else { b",\n" })?;
        out.write_all(chunk.as_bytes())?;
        empty = false;
    }
    out.write_all(if empty { b"]\n" } else { b"\n]\n" })?;
    out.flush()
}
