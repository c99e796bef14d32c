//! Linting an open document with the library, and its findings as LSP diagnostics.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use crate::card::{self, Card, Yaml};
use crate::finding::Finding;
use crate::fix::BLOCKING;
use crate::frontmatter::Fence;
use crate::read;
use crate::rule::{Rule, Severity};
use crate::rules;
use crate::settings::Settings;
use crate::span::Span;

use super::document::Document;
use super::text::{Encoding, Positions};

/// One lint of one version of a document.
#[derive(Debug)]
pub struct Lint {
    /// Whether the document is a card: `README.md`, or Markdown whose front matter has gate keys.
    /// Other documents get no diagnostics, hovers or actions.
    pub relevant: bool,
    /// The findings, as `gatelint check` reports them: settings applied, sorted.
    pub findings: Vec<Finding>,
    /// The settings they were found with (the fixes use the same).
    pub settings: Settings,
    /// The front matter has a finding that makes `--fix` leave the card alone.
    pub blocked: bool,
}

pub fn lint(doc: &Document, settings: Settings) -> Lint {
    let prefix = read::prefix_of(doc.text.as_bytes());
    let readme = doc.is_readme();
    let markdown = doc.is_markdown();
    // One reading of the card answers both questions: is it a card, and what is wrong with it.
    let (relevant, raw) = card::with(&prefix, |card| {
        if !(readme || (markdown && has_gate_keys(card))) {
            return (false, Vec::new());
        }
        let mut raw = Vec::new();
        rules::check(card, &mut raw);
        (true, raw)
    });
    let blocked = raw.iter().any(|f| BLOCKING.contains(&f.rule));
    Lint {
        relevant,
        findings: settings.apply(raw),
        settings,
        blocked,
    }
}

/// Whether the front matter holds a gate key: from the gate model when the YAML parses, and
/// otherwise (a syntax error while the author types, an unclosed block) from a top-level line
/// starting with `extra_gated_`, so the diagnostics do not vanish while the card is broken.
fn has_gate_keys(card: &Card) -> bool {
    if let Some(gate) = card.gate {
        return gate.has_gate_keys();
    }
    if matches!(card.yaml, Yaml::Parsed(_)) {
        // Parsed, and the top level is not a mapping: no gate keys.
        return false;
    }
    let region = match card.front_matter.fence {
        Fence::Closed { yaml, .. } => yaml,
        Fence::Unclosed { open, .. } => Span::new(open.end, card.front_matter.bytes.len()),
        Fence::Missing { .. } => return false,
    };
    region
        .slice(card.front_matter.bytes)
        .split(|&b| b == b'\n')
        .any(|line| {
            let line = line
                .strip_prefix(b"\"")
                .or(line.strip_prefix(b"'"))
                .unwrap_or(line);
            line.starts_with(b"extra_gated_")
        })
}

/// The page that documents a rule.
pub fn rule_url(rule: Rule) -> String {
    format!(
        "{}/blob/main/docs/rules/{}.md",
        env!("CARGO_PKG_HOMEPAGE"),
        rule.name()
    )
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The diagnostics of a lint, in the client's encoding.
pub fn diagnostics(doc: &Document, uri: &Uri, lint: &Lint, encoding: Encoding) -> Vec<Diagnostic> {
    let offsets = lint.findings.iter().flat_map(|f| {
        std::iter::once(f.span)
            .chain(f.related.iter().map(|(span, _)| *span))
            .flat_map(|span| [span.start, span.end])
    });
    let positions = Positions::new(&doc.lines, &doc.text, encoding, offsets);
    lint.findings
        .iter()
        .map(|f| diagnostic(f, uri, &positions))
        .collect()
}

/// One finding's diagnostic (for a code action's `diagnostics`).
pub fn diagnostic_of(doc: &Document, uri: &Uri, f: &Finding, encoding: Encoding) -> Diagnostic {
    let offsets = std::iter::once(f.span)
        .chain(f.related.iter().map(|(span, _)| *span))
        .flat_map(|span| [span.start, span.end]);
    let positions = Positions::new(&doc.lines, &doc.text, encoding, offsets);
    diagnostic(f, uri, &positions)
}

fn diagnostic(f: &Finding, uri: &Uri, positions: &Positions) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = f
        .related
        .iter()
        .map(|(span, label)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), positions.range(span.start, span.end)),
            message: visible(label),
        })
        .collect();
    Diagnostic {
        range: positions.range(f.span.start, f.span.end),
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(f.rule.name().to_owned())),
        code_description: rule_url(f.rule)
            .parse()
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some("gatelint".to_owned()),
        message: message(f),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// A finding's message and its help line.
pub fn message(f: &Finding) -> String {
    match &f.help {
        Some(help) => format!("{}\nhelp: {}", visible(&f.message), visible(help)),
        None => visible(&f.message),
    }
}

/// Text from a card, a path or a config made safe to show: the one escaping function's rules,
/// line feeds kept (a message and its help line are two lines).
pub fn visible(text: &str) -> String {
    crate::render::escape_lines(text).into_owned()
}
