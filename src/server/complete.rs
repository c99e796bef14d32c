//! Completion in the front matter: gate key names at its top level, field types after a label in
//! `extra_gated_fields` (and after `type:` in a field mapping), a `select` skeleton with
//! `options`, and `true`/`false` for `extra_gated_eu_disallowed`.
//!
//! It reads the lines around the cursor, not the YAML tree, so that it works on the half-typed
//! card the author is editing (which seldom parses).

use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionList, CompletionResponse, CompletionTextEdit,
    Documentation, InsertTextFormat, MarkupContent, MarkupKind, Position, TextEdit,
};

use crate::frontmatter::{self, Fence};
use crate::gate;
use crate::read;

use super::document::Document;
use super::hover::KEYS;
use super::text::Encoding;

/// The byte range of the front matter's YAML: between the fences, or from the opening fence to
/// the end of what gatelint reads when no closing fence follows yet.
pub fn region(doc: &Document) -> Option<(usize, usize)> {
    let prefix = read::prefix_of(doc.text.as_bytes());
    match frontmatter::locate(&prefix).fence {
        Fence::Closed { yaml, .. } => Some((yaml.start, yaml.end)),
        Fence::Unclosed { open, .. } => Some((open.end, prefix.bytes.len())),
        Fence::Missing { .. } => None,
    }
}

/// The top-level key whose name covers `offset` (optionally quoted): the key and its byte range.
pub fn top_level_key_at(doc: &Document, offset: usize) -> Option<(&str, usize, usize)> {
    let (start, end) = region(doc)?;
    if offset < start || offset > end {
        return None;
    }
    let (line_start, line_end) = doc.lines.line(&doc.text, doc.lines.line_of(offset));
    let line = doc.text.get(line_start..line_end)?;
    let quoted = line.starts_with(['"', '\'']);
    let key_start = line_start + usize::from(quoted);
    let name = doc.text.get(key_start..line_end)?;
    let len = name
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(name.len());
    let key = name.get(..len)?;
    (!key.is_empty() && offset >= key_start && offset <= key_start + len).then_some((
        key,
        key_start,
        key_start + len,
    ))
}

pub fn complete(
    doc: &Document,
    position: Position,
    encoding: Encoding,
    snippets: bool,
) -> Option<CompletionResponse> {
    if !(doc.is_readme() || doc.is_markdown()) {
        return None;
    }
    let offset = doc.lines.offset(&doc.text, position, encoding);
    let (start, end) = region(doc)?;
    if offset < start || offset > end {
        return None;
    }
    let line_no = doc.lines.line_of(offset);
    let (line_start, line_end) = doc.lines.line(&doc.text, line_no);
    let before = doc.text.get(line_start..offset)?;
    let after = doc.text.get(offset..line_end)?;
    let word_after = after
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(after.len());
    let replace_end = offset + word_after;
    let range = |from: usize| doc.lines.range(&doc.text, from, replace_end, encoding);
    let mut items = Vec::new();

    let is_word = |s: &str| s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if is_word(before) {
        // A top-level key.
        let present = top_level_keys(doc, start, end, line_no);
        let colon_follows = after.get(word_after..).is_some_and(|r| r.starts_with(':'));
        for (key, kind, meaning) in KEYS.iter().filter(|(k, ..)| gate::GATE_KEYS.contains(k)) {
            if present.iter().any(|p| p == key) {
                continue;
            }
            let new_text = if colon_follows {
                (*key).to_owned()
            } else if *key == gate::FIELDS_KEY {
                format!("{key}:\n  ")
            } else {
                format!("{key}: ")
            };
            items.push(item(
                key,
                kind,
                meaning,
                CompletionItemKind::PROPERTY,
                range(line_start),
                new_text,
                false,
            ));
        }
    } else if let Some((indent, key, value_from)) = key_and_value(before) {
        let value_start = line_start + value_from;
        // A space between the colon and the value when the cursor sits right after the colon.
        let space = if value_from == before.len() && before.ends_with(':') {
            " "
        } else {
            ""
        };
        let value_range = range(value_start);
        // A field type as the value after the colon.
        let type_item = |ty: &str| {
            item(
                ty,
                "field type",
                type_doc(ty),
                CompletionItemKind::ENUM_MEMBER,
                value_range,
                format!("{space}{ty}"),
                false,
            )
        };
        match context(doc, line_no, indent) {
            Context::Label => {
                items.extend(
                    gate::FIELD_TYPES
                        .iter()
                        .filter(|t| **t != "select")
                        .map(|ty| type_item(ty)),
                );
                // `select` exists only in the mapping form: the whole skeleton.
                let colon = line_start + key.1;
                // Filtered by what lies between the colon and the cursor, blanks included.
                let typed = doc.text.get(colon..offset).unwrap_or_default();
                let blanks = typed
                    .get(..typed.len() - typed.trim_start().len())
                    .unwrap_or_default();
                let inner = " ".repeat(indent + 2);
                let (a, b) = if snippets {
                    ("${1:first option}", "${2:second option}")
                } else {
                    ("first option", "second option")
                };
                let new_text =
                    format!("\n{inner}type: select\n{inner}options:\n{inner}- {a}\n{inner}- {b}");
                let mut select = item(
                    "select",
                    "field type: a mapping with options",
                    type_doc("select"),
                    CompletionItemKind::SNIPPET,
                    range(colon),
                    new_text,
                    snippets,
                );
                select.filter_text = Some(format!("{blanks}select"));
                items.push(select);
            }
            Context::FieldKey if key.0 == "type" => {
                items.extend(gate::FIELD_TYPES.iter().map(|ty| type_item(ty)));
            }
            Context::Top if key.0 == gate::EU_KEY => {
                for value in ["true", "false"] {
                    items.push(item(
                        value,
                        "boolean",
                        "Only `true` and `false` are booleans to the Hub.",
                        CompletionItemKind::VALUE,
                        value_range,
                        format!("{space}{value}"),
                        false,
                    ));
                }
            }
            _ => {}
        }
    }
    if items.is_empty() {
        return None;
    }
    Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    }))
}

fn item(
    label: &str,
    detail: &str,
    documentation: &str,
    kind: CompletionItemKind,
    range: lsp_types::Range,
    new_text: String,
    snippet: bool,
) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: Some(detail.to_owned()),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: documentation.to_owned(),
        })),
        filter_text: Some(label.to_owned()),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit { range, new_text })),
        insert_text_format: Some(if snippet {
            InsertTextFormat::SNIPPET
        } else {
            InsertTextFormat::PLAIN_TEXT
        }),
        ..CompletionItem::default()
    }
}

fn type_doc(ty: &str) -> &'static str {
    match ty {
        "text" => "A free-text input.",
        "checkbox" => "A checkbox the user must tick (an agreement).",
        "date_picker" => "A date input.",
        "country" => "A list of countries: the Hub's own ISO 3166-1 list, no `options`.",
        "ip_location" => "The user's location from their IP address; nothing to fill in.",
        "select" => {
            "A drop-down: only in the mapping form, with `options`, a non-empty list of \
                     strings or `{label, value}` mappings."
        }
        _ => "",
    }
}

/// `indent` spaces, a key (possibly quoted), `:`, blanks and a partly typed value word: the
/// indentation, (the key, where its colon is after the indentation), and where the value starts.
fn key_and_value(before: &str) -> Option<(usize, (&str, usize), usize)> {
    let indent = before.len() - before.trim_start_matches(' ').len();
    let rest = before.get(indent..)?;
    if rest.starts_with(['-', '#']) {
        return None;
    }
    // The value: the word right before the cursor, after blanks, after a colon.
    let word_len = rest.len()
        - rest
            .trim_end_matches(|c: char| c.is_ascii_alphanumeric() || c == '_')
            .len();
    let head = rest.get(..rest.len() - word_len)?;
    let blanks = head.len() - head.trim_end_matches([' ', '\t']).len();
    let key_part = head.get(..head.len() - blanks)?;
    let key = key_part.strip_suffix(':')?;
    if key.is_empty() || (blanks == 0 && word_len > 0) {
        return None;
    }
    let key = key.trim_matches(['"', '\'']);
    Some((indent, (key, indent + key_part.len()), indent + head.len()))
}

enum Context {
    /// A top-level line.
    Top,
    /// A label line directly under `extra_gated_fields`.
    Label,
    /// A key in a field's mapping.
    FieldKey,
    Other,
}

/// Where the line `line_no`, indented by `indent`, sits: found from the lines above it.
fn context(doc: &Document, line_no: usize, indent: usize) -> Context {
    if indent == 0 {
        return Context::Top;
    }
    let Some((parent_indent, parent_key, parent_line)) = parent(doc, line_no, indent) else {
        return Context::Other;
    };
    if parent_indent == 0 {
        return if parent_key == gate::FIELDS_KEY {
            Context::Label
        } else {
            Context::Other
        };
    }
    match parent(doc, parent_line, parent_indent) {
        Some((0, key, _)) if key == gate::FIELDS_KEY => Context::FieldKey,
        _ => Context::Other,
    }
}

/// The nearest line above `line_no` indented less than `indent` (blank and comment lines
/// skipped): its indentation, its key and its number. Looks at most 10 000 lines up.
fn parent(doc: &Document, line_no: usize, indent: usize) -> Option<(usize, String, usize)> {
    for n in (line_no.saturating_sub(10_000)..line_no).rev() {
        let (a, b) = doc.lines.line(&doc.text, n);
        let line = doc.text.get(a..b)?;
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let this = line.len() - trimmed.len();
        if this < indent {
            if trimmed == "---" && this == 0 {
                return None;
            }
            let key = trimmed
                .split(':')
                .next()
                .unwrap_or_default()
                .trim()
                .trim_matches(['"', '\''])
                .to_owned();
            return Some((this, key, n));
        }
    }
    None
}

/// The top-level keys in the front matter, but on line `skip`.
fn top_level_keys(doc: &Document, start: usize, end: usize, skip: usize) -> Vec<String> {
    let first = doc.lines.line_of(start);
    let last = doc.lines.line_of(end);
    (first..=last)
        .filter(|n| *n != skip)
        .filter_map(|n| {
            let (a, b) = doc.lines.line(&doc.text, n);
            let line = doc.text.get(a..b)?;
            let key = line.split(':').next()?.trim_matches(['"', '\'']);
            (line.contains(':') && !line.starts_with([' ', '\t', '#', '-'])).then(|| key.to_owned())
        })
        .collect()
}
