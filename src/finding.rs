//! `Finding`: the one type that rules build and renderers read.

use std::fmt;

use miette::{Diagnostic, LabeledSpan, SourceCode};

use crate::rule::{Rule, Severity};
use crate::span::Span;

/// One problem found in one card.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub severity: Severity,
    /// What is wrong: lowercase, no trailing period, names the bad value and the allowed set.
    pub message: String,
    /// The exact key or value, as byte offsets into the whole file.
    pub span: Span,
    /// Short text under the span.
    pub label: String,
    /// What to do.
    pub help: Option<String>,
    /// Other places that explain the finding (the first of two duplicate keys).
    pub related: Vec<(Span, String)>,
    pub fix: Option<Fix>,
}

/// A safe, mechanical fix: byte-range edits to the original text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "quote `Yes`".
    pub description: String,
    pub edits: Vec<Edit>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

impl Finding {
    /// Where each byte range the finding points at ends: its span, its related labels' and its
    /// fix's edits' (what a renderer may show, so the display text must reach them).
    pub fn ends(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.span.end)
            .chain(self.related.iter().map(|(span, _)| span.end))
            .chain(
                self.fix
                    .iter()
                    .flat_map(|fix| fix.edits.iter().map(|e| e.span.end)),
            )
    }

    /// A finding with the rule's default severity; add a label and help with the builders.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Self {
        Finding {
            rule,
            severity: rule.default_severity(),
            message: message.into(),
            span,
            label: String::new(),
            help: None,
            related: Vec::new(),
            fix: None,
        }
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, span: Span, label: impl Into<String>) -> Self {
        self.related.push((span, label.into()));
        self
    }

    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// How far (in bytes) a related place may lie from the finding and still be drawn in the
/// human snippet: 8 KiB, a couple of hundred lines.
const RELATED_WINDOW: usize = 8 * 1024;

/// A finding with the source it points into, for miette's renderers.
pub struct Located<'a> {
    pub finding: &'a Finding,
    pub source: &'a dyn SourceCode,
}

impl fmt::Debug for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.finding.fmt(f)
    }
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Located<'_> {}

impl Diagnostic for Located<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.finding.rule.name()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.finding
            .help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let f = self.finding;
        let primary = LabeledSpan::new_primary_with_span(
            (!f.label.is_empty()).then(|| f.label.clone()),
            (f.span.start, f.span.len()),
        );
        // miette draws every line between the labels: a related place far from the finding
        // (the first of 50 000 duplicate keys) would make each snippet, and the report,
        // quadratic. Such places stay in the machine formats; the snippet shows nearby ones.
        let related = f
            .related
            .iter()
            .filter(|(span, _)| span.start.abs_diff(f.span.start) <= RELATED_WINDOW)
            .map(|(span, label)| {
                LabeledSpan::new_with_span(Some(label.clone()), (span.start, span.len()))
            });
        Some(Box::new(std::iter::once(primary).chain(related)))
    }
}
