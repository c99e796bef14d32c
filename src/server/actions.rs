//! Code actions: a quick fix for each fixable finding under the cursor, with the very edits
//! `gatelint check --fix` makes for it (the fix's byte edits, line breaks in the file's style),
//! and `source.fixAll.gatelint`: what `--fix` makes of the whole card, from the same engine
//! ([`crate::fix::fix`]) on the same bytes (the card up to its closing fence).
//!
//! As `--fix` does, a card whose front matter has a `yaml-syntax-error` or a `duplicate-key`
//! gets no fix at all: the tree the fixes were computed from is not the one the Hub would see.

use std::collections::HashMap;
use std::time::Duration;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic, TextEdit, Uri,
    WorkspaceEdit,
};

use crate::finding::{Finding, Fix};
use crate::fix;
use crate::read;

use super::document::Document;
use super::lint::{self, Lint};
use super::text::{Encoding, Positions};
use super::FIX_ALL;

pub fn code_actions(
    doc: &Document,
    uri: &Uri,
    lint: &Lint,
    params: &CodeActionParams,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    if !lint.relevant || lint.blocked {
        return Vec::new();
    }
    let wants = |kind: &str| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                kind == k
                    || kind
                        .strip_prefix(k)
                        .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    };
    let mut actions = Vec::new();
    if wants(CodeActionKind::QUICKFIX.as_str()) {
        let (start, end) = doc.lines.offsets(&doc.text, params.range, encoding);
        let crlf = fix::uses_crlf(doc.text.as_bytes());
        for finding in &lint.findings {
            let Some(fix) = &finding.fix else {
                continue;
            };
            if finding.span.start > end || finding.span.end < start {
                continue;
            }
            let Some(edits) = quick_edits(doc, fix, crlf, encoding) else {
                continue;
            };
            let diagnostic = matching(params, doc, uri, finding, encoding);
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: lint::visible(&fix.description),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(workspace_edit(uri, edits)),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
    }
    if wants(FIX_ALL) {
        if let Some(edits) = fix_all(doc, lint, encoding) {
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all gatelint findings".to_owned(),
                kind: Some(CodeActionKind::from(FIX_ALL)),
                edit: Some(workspace_edit(uri, edits)),
                ..CodeAction::default()
            }));
        }
    }
    actions
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..WorkspaceEdit::default()
    }
}

/// One fix's edits as text edits, as `--fix` applies them: each inside the text, none overlapping
/// another, replacements with the file's line breaks. `None` when `--fix` would not take it.
fn quick_edits(doc: &Document, fix: &Fix, crlf: bool, encoding: Encoding) -> Option<Vec<TextEdit>> {
    let len = doc.text.len();
    let mut spans: Vec<_> = fix.edits.iter().map(|e| e.span).collect();
    spans.sort();
    let inside = spans.iter().all(|s| s.start <= s.end && s.end <= len);
    let apart = spans
        .windows(2)
        .all(|w| matches!(w, [a, b] if a.end <= b.start && a.start != b.start));
    if fix.edits.is_empty() || !inside || !apart {
        return None;
    }
    let offsets = fix.edits.iter().flat_map(|e| [e.span.start, e.span.end]);
    let positions = Positions::new(&doc.lines, &doc.text, encoding, offsets);
    Some(
        fix.edits
            .iter()
            .map(|e| TextEdit {
                range: positions.range(e.span.start, e.span.end),
                new_text: line_endings(&e.replacement, crlf),
            })
            .collect(),
    )
}

/// A replacement with its line breaks in the file's style (as `--fix` writes it).
fn line_endings(replacement: &str, crlf: bool) -> String {
    let lf = replacement.replace("\r\n", "\n");
    if crlf {
        lf.replace('\n', "\r\n")
    } else {
        lf
    }
}

/// The client's diagnostic for this finding, when it sent it; else ours.
fn matching(
    params: &CodeActionParams,
    doc: &Document,
    uri: &Uri,
    finding: &Finding,
    encoding: Encoding,
) -> Diagnostic {
    let ours = lint::diagnostic_of(doc, uri, finding, encoding);
    params
        .context
        .diagnostics
        .iter()
        .find(|d| d.range == ours.range && d.code == ours.code && d.message == ours.message)
        .cloned()
        .unwrap_or(ours)
}

/// What `--fix` makes of the card, as edits (one per changed run of lines); `None` when it
/// changes nothing.
fn fix_all(doc: &Document, lint: &Lint, encoding: Encoding) -> Option<Vec<TextEdit>> {
    let prefix = read::prefix_of(doc.text.as_bytes());
    let fixed = fix::fix(&prefix.bytes, prefix.at_eof, &lint.settings);
    if !fixed.changed() || fixed.bytes == prefix.bytes {
        return None;
    }
    // The card is text; only a read cut inside a character at the 4 MiB cap is not, and such a
    // card (`front-matter-too-large`) has nothing to fix.
    let old = std::str::from_utf8(&prefix.bytes).ok()?;
    let new = std::str::from_utf8(&fixed.bytes).ok()?;
    let diff = similar::TextDiff::configure()
        .timeout(Duration::from_millis(200))
        .diff_lines(old, new);
    let line_offsets = |slices: &[&str]| {
        let mut at = 0;
        let mut offsets = Vec::with_capacity(slices.len() + 1);
        offsets.push(0);
        for s in slices {
            at += s.len();
            offsets.push(at);
        }
        offsets
    };
    let old_at = line_offsets(diff.old_slices());
    let new_at = line_offsets(diff.new_slices());
    let mut hunks = Vec::new();
    for op in diff.ops() {
        if matches!(op, similar::DiffOp::Equal { .. }) {
            continue;
        }
        let (o, n) = (op.old_range(), op.new_range());
        let old_span = (*old_at.get(o.start)?, *old_at.get(o.end)?);
        let new_span = (*new_at.get(n.start)?, *new_at.get(n.end)?);
        let text = new.get(new_span.0..new_span.1)?;
        hunks.push((old_span, text.to_owned()));
    }
    let offsets = hunks.iter().flat_map(|((a, b), _)| [*a, *b]);
    let positions = Positions::new(&doc.lines, &doc.text, encoding, offsets);
    Some(
        hunks
            .into_iter()
            .map(|((a, b), new_text)| TextEdit {
                range: positions.range(a, b),
                new_text,
            })
            .collect(),
    )
}
