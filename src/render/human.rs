//! miette's graphical report for each finding: file, line, an underline under the exact key or
//! value, the rule name, the message and a help line. Colour only when asked (`main.rs` decides
//! from the terminal and `NO_COLOR`).

use miette::{
    GraphicalReportHandler, GraphicalTheme, MietteError, MietteSpanContents, SourceCode,
    SourceSpan, SpanContents,
};

use crate::finding::Located;
use crate::Checked;

pub fn file(checked: &Checked, options: &super::RenderOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false)
        .with_context_lines(1);
    let source = Indexed::new(&checked.path, &checked.text);
    let mut out = String::new();
    for finding in &checked.findings {
        let located = Located {
            finding,
            source: &source,
        };
        let mut report = String::new();
        if handler.render_report(&mut report, &located).is_ok() {
            out.push_str(&report);
        } else {
            // No snippet (a line too long to show): the finding as one plain line, then its help.
            let at = crate::span::LineIndex::new(&checked.text).position(finding.span.start);
            out.push_str(&format!(
                "  {} {} [{}]\n   at {}:{}:{}\n",
                match finding.severity {
                    crate::Severity::Error => "×",
                    crate::Severity::Warning => "⚠",
                    crate::Severity::Info => "☞",
                },
                finding.message,
                finding.rule.name(),
                checked.path,
                at.line,
                at.column
            ));
            if let Some(help) = &finding.help {
                out.push_str(&format!("  help: {help}\n"));
            }
        }
        out.push('\n');
    }
    out
}

/// The file's text with its line starts, so that each finding's snippet is cut from a few lines
/// around it. miette's own `SourceCode` for a string scans from the start of the text for every
/// label: 50 000 findings in a large front matter took minutes.
/// The longest line shown in a snippet, in bytes (miette's limit is 65 535 columns).
const MAX_SNIPPET_LINE: usize = 16 * 1024;

struct Indexed<'t> {
    name: &'t str,
    text: &'t str,
    /// Offsets where lines start (after `\n`, `\r\n` or a lone `\r`, as miette counts them).
    lines: Vec<usize>,
}

impl<'t> Indexed<'t> {
    fn new(name: &'t str, text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut lines = vec![0];
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            if b == b'\r' || b == b'\n' {
                lines.push(i + 1);
            }
            i += 1;
        }
        Indexed { name, text, lines }
    }

    fn line_of(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

impl SourceCode for Indexed<'_> {
    /// miette's own reading, over a window of whole lines around the span that holds every
    /// line it would show; then shifted back, so the result is the same as over the whole text.
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        let start = span.offset().min(bytes.len());
        let end = (span.offset() + span.len()).min(bytes.len());
        let first = self.line_of(start).saturating_sub(context_lines_before + 1);
        let last = self.line_of(end) + context_lines_after + 2;
        let from = self.lines.get(first).copied().unwrap_or(0);
        let to = self.lines.get(last).copied().unwrap_or(bytes.len());
        let window = bytes.get(from..to).ok_or(MietteError::OutOfBounds)?;
        // miette pads with `{:width$}`, which panics past 65 535 columns: no snippet for a line
        // that long (a one-line megabyte prompt); `file` falls back to a plain report.
        let widest = (first..last)
            .map_while(|line| {
                let start = *self.lines.get(line)?;
                Some(self.lines.get(line + 1).copied().unwrap_or(bytes.len()) - start)
            })
            .max()
            .unwrap_or(0);
        if widest > MAX_SNIPPET_LINE {
            return Err(MietteError::OutOfBounds);
        }
        let inner = window.read_span(
            &SourceSpan::new(span.offset().saturating_sub(from).into(), span.len()),
            context_lines_before,
            context_lines_after,
        )?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_owned(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}
