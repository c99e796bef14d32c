//! miette's graphical report for each finding: file, line, an underline under the exact key or
//! value, the rule name, the message and a help line. Colour only when asked (`main.rs` decides
//! from the terminal and `NO_COLOR`).
//!
//! Each finding is drawn over a bounded, escaped excerpt of the card (`snippet.rs`) and written
//! out at once: a card's report is never held whole, and what one finding prints does not grow
//! with the length of its line.

use std::io::{self, Write};

use super::escape::{escape, guard_lines};
use super::snippet::{self, Report, Source};
use crate::report::Checked;

/// Writes every finding of `checked`, one after the other, to `out`.
pub fn write(
    checked: &Checked,
    options: &super::RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let source = Source::new(&checked.path, &checked.text);
    for finding in &checked.findings {
        let labels = std::iter::once((finding.span, Some(finding.label.as_str())))
            .chain(
                finding
                    .related
                    .iter()
                    .map(|(span, label)| (*span, Some(label.as_str()))),
            )
            .collect();
        let report = Report {
            severity: match finding.severity {
                crate::rule::Severity::Error => miette::Severity::Error,
                crate::rule::Severity::Warning => miette::Severity::Warning,
                crate::rule::Severity::Info => miette::Severity::Advice,
            },
            code: Some(finding.rule.name()),
            message: &finding.message,
            help: finding.help.as_deref(),
            labels,
        };
        let text = match snippet::render(&source, &report, options.color, options.width) {
            Some(text) => text,
            None => {
                // miette could not draw it: the finding as one plain line, then its help.
                let (line, column) = source.line_column(finding.span.start);
                let mut text = format!(
                    "  {} {} [{}]\n   at {}:{line}:{column}\n",
                    match finding.severity {
                        crate::rule::Severity::Error => "×",
                        crate::rule::Severity::Warning => "⚠",
                        crate::rule::Severity::Info => "☞",
                    },
                    escape(&finding.message),
                    finding.rule.name(),
                    source.name(),
                );
                if let Some(help) = &finding.help {
                    text.push_str(&format!("  help: {}\n", escape(help)));
                }
                text
            }
        };
        out.write_all(guard_lines(&text).as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// The findings of `checked` as one string (for callers that collect a card's report).
pub fn file(checked: &Checked, options: &super::RenderOptions) -> String {
    let mut out = Vec::new();
    let _ = write(checked, options, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
