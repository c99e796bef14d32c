//! One diagnostic drawn by miette over a bounded, escaped excerpt of its source: the human format's
//! findings and a bad config's error both go through [`render`].
//!
//! miette is never handed the source itself. [`Excerpt::new`] cuts the lines around the labels
//! (one line of context each side, at most `2 * REACH + 3` lines), keeps at most [`WIDTH`]
//! characters of each line around the labels (a cut is shown as `…`), escapes every character
//! that could drive a terminal or a CI log (see `escape.rs`), and moves the labels onto that
//! excerpt. Line numbers and the `[path:line:col]` header still name the place in the file. So
//! what one finding prints is bounded whatever the card: a 16 KiB line is shown as 200 characters,
//! and a card of many findings prints in time linear in their number.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::escape::{escape, escape_into};
use crate::span::{LineIndex, Span};

/// The most characters of one line shown in a snippet (a cut adds `…` at either end).
pub const WIDTH: usize = 200;

/// How many lines above and below the primary label's first line a snippet may show (plus one
/// line of context each side): at most 23 lines in all.
pub const REACH: usize = 10;

/// How far (in bytes) a secondary label may lie from the primary one and still be drawn: 8 KiB.
const RELATED_WINDOW: usize = 8 * 1024;

/// A named text with its lines found, built once per file.
pub struct Source<'t> {
    /// The source's name, e.g. the card's path, escaped.
    name: String,
    text: &'t str,
    lines: Lines<'t>,
    /// Columns in characters, as every other format counts them (see `span.rs`).
    index: LineIndex<'t>,
}

impl<'t> Source<'t> {
    pub fn new(name: &str, text: &'t str) -> Self {
        Source {
            name: escape(name).into_owned(),
            text,
            lines: Lines::new(text),
            index: LineIndex::new(text),
        }
    }

    /// The 1-based line and 1-based column of `offset`, as the snippet's header shows it: columns
    /// count characters (Unicode scalar values), as in every other format.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let at = self.index.position(offset);
        (at.line, at.column)
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// What to draw: a message over labelled places in a [`Source`].
pub struct Report<'a> {
    pub severity: miette::Severity,
    /// The code shown after the message (a rule name).
    pub code: Option<&'a str>,
    pub message: &'a str,
    pub help: Option<&'a str>,
    /// The primary place first, then related ones.
    pub labels: Vec<(Span, Option<&'a str>)>,
}

/// The report drawn by miette (`width` columns, colour if asked), or `None` when miette fails.
pub fn render(source: &Source, report: &Report, color: bool, width: usize) -> Option<String> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_links(false)
        .with_context_lines(1);
    let excerpt = Excerpt::new(source, report);
    let shown = Shown {
        message: escape(report.message).into_owned(),
        code: report.code.map(|c| escape(c).into_owned()),
        help: report.help.map(|h| escape(h).into_owned()),
        severity: report.severity,
        excerpt: &excerpt,
    };
    let mut out = String::new();
    handler.render_report(&mut out, &shown).ok()?;
    Some(out)
}

/// A few lines of the source, cut and escaped, with the labels moved onto them.
struct Excerpt {
    name: String,
    /// The shown lines, joined by `\n`.
    data: String,
    /// The 0-based line number of the first shown line.
    first_line: usize,
    /// The primary label's place in `data`, and its 0-based column (in characters) in the
    /// source line.
    primary: SourceSpan,
    column: usize,
    labels: Vec<LabeledSpan>,
}

impl Excerpt {
    fn new(source: &Source, report: &Report) -> Excerpt {
        let (text, lines) = (source.text, &source.lines);
        let primary = report.labels.first().map_or(Span::empty(0), |l| l.0);
        let primary_line = lines.line_of(primary.start);
        // Only the lines from REACH above to REACH below the primary label's first line are
        // shown (plus one of context each side): a label spanning further is cut there, and
        // related labels starting outside (or more than 8 KiB away) are left out; the machine
        // formats still carry them.
        let (low, high) = (primary_line.saturating_sub(REACH), primary_line + REACH);
        let labels: Vec<(Span, Option<&str>, usize, usize)> = report
            .labels
            .iter()
            .enumerate()
            .filter_map(|(i, &(span, label))| {
                let (start_line, end_line) = (lines.line_of(span.start), lines.line_of(span.end));
                let near = i == 0
                    || (span.start.abs_diff(primary.start) <= RELATED_WINDOW
                        && (low..=high).contains(&start_line));
                near.then_some((span, label, start_line, end_line.min(high)))
            })
            .collect();
        let first = labels
            .iter()
            .map(|l| l.2)
            .min()
            .unwrap_or(0)
            .saturating_sub(1);
        let last = (labels.iter().map(|l| l.3).max().unwrap_or(0) + 1).min(lines.count() - 1);
        let primary_column = primary.start.min(text.len()) - lines.start(primary_line);
        let mut data = String::new();
        let mut rows: Vec<Row> = Vec::new();
        for line in first..=last {
            let (start, end) = (lines.start(line), lines.end(line));
            // Each line's window: around the first label that starts on it, else at the primary
            // label's column.
            let anchor = labels
                .iter()
                .filter(|l| l.2 == line)
                .map(|l| l.0.start)
                .min()
                .unwrap_or(start + primary_column);
            let (from, to) = window(text, start, end, anchor);
            if from > start {
                data.push('…');
            }
            let mut map = Vec::new();
            let cut = text.get(from..to).unwrap_or_default();
            escape_into(cut, false, &mut data, |i, at| map.push((from + i, at)));
            let data_end = data.len();
            if to < end {
                data.push('…');
            }
            rows.push(Row {
                from,
                to,
                data_start: map.first().map_or(data_end, |m| m.1),
                data_end,
                map,
            });
            // Every line keeps its line break (miette draws a last empty line only before one).
            if line + 1 < lines.count() {
                data.push('\n');
            }
        }
        let place = |offset: usize| -> usize {
            let line = lines.line_of(offset).clamp(first, last);
            let Some(row) = rows.get(line - first) else {
                return data.len();
            };
            if offset <= row.from {
                return row.data_start;
            }
            if offset >= row.to {
                return row.data_end;
            }
            let i = row.map.partition_point(|m| m.0 <= offset).saturating_sub(1);
            row.map.get(i).map_or(row.data_start, |m| m.1)
        };
        let moved: Vec<LabeledSpan> = labels
            .iter()
            .enumerate()
            .map(|(i, &(span, label, _, end_line))| {
                let start = place(span.start);
                let end = if lines.line_of(span.end) > end_line {
                    rows.get(end_line - first)
                        .map_or(data.len(), |row| row.data_end)
                } else {
                    place(span.end)
                }
                .max(start);
                let label = label
                    .filter(|l| !l.is_empty())
                    .map(|l| escape(l).into_owned());
                let span = SourceSpan::new(start.into(), end - start);
                if i == 0 {
                    LabeledSpan::new_primary_with_span(label, span)
                } else {
                    LabeledSpan::new_with_span(label, span)
                }
            })
            .collect();
        Excerpt {
            name: source.name.clone(),
            data,
            first_line: first,
            primary: moved
                .first()
                .map_or(SourceSpan::new(0.into(), 0), |l| *l.inner()),
            column: source.line_column(primary.start).1 - 1,
            labels: moved,
        }
    }
}

/// One shown line: the source bytes `from..to` it shows, where they sit in the excerpt, and
/// (source offset, excerpt offset) for every character shown.
struct Row {
    from: usize,
    to: usize,
    data_start: usize,
    data_end: usize,
    map: Vec<(usize, usize)>,
}

/// The bytes of the line `start..end` of `text` shown: all of it when it has at most [`WIDTH`]
/// characters, else [`WIDTH`] characters with `anchor` a quarter of the way in (or the line's
/// last [`WIDTH`] characters). Walks at most about `WIDTH` characters, however long the line.
fn window(text: &str, start: usize, end: usize, anchor: usize) -> (usize, usize) {
    let line = text.get(start..end).unwrap_or_default();
    if line.len() <= WIDTH || (line.len() <= 4 * WIDTH && line.chars().count() <= WIDTH) {
        return (start, end);
    }
    let mut anchor = anchor.clamp(start, end);
    while !text.is_char_boundary(anchor) {
        anchor -= 1;
    }
    let back = |from: usize, n: usize| {
        text.get(start..from)
            .unwrap_or_default()
            .char_indices()
            .rev()
            .take(n)
            .last()
            .map_or(from, |(i, _)| start + i)
    };
    let from = back(anchor, WIDTH / 4);
    let to = text
        .get(from..end)
        .unwrap_or_default()
        .char_indices()
        .nth(WIDTH)
        .map_or(end, |(i, _)| from + i);
    if to == end {
        return (back(end, WIDTH), end);
    }
    (from, to)
}

/// Where the lines of a text start: after `\n`, `\r\n` or a lone `\r`, as miette and
/// [`crate::span::LineIndex`] count them.
struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        Lines { text, starts }
    }

    fn count(&self) -> usize {
        self.starts.len()
    }

    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The end of the line's content, before its line break.
    fn end(&self, line: usize) -> usize {
        let bytes = self.text.as_bytes();
        let Some(&next) = self.starts.get(line + 1) else {
            return bytes.len();
        };
        let mut end = next - 1;
        if bytes.get(end) == Some(&b'\n') && end > 0 && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        end.max(self.start(line))
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.data
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // The header names the primary label's place in the file, not in the excerpt.
        let column = if *span == self.primary && context_lines_before + context_lines_after == 0 {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
            inner.line_count() + self.first_line,
        )))
    }
}

/// The diagnostic miette draws: escaped text over the excerpt.
struct Shown<'e> {
    message: String,
    code: Option<String>,
    help: Option<String>,
    severity: miette::Severity,
    excerpt: &'e Excerpt,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl Diagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code
            .as_deref()
            .map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_deref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.excerpt)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.excerpt.labels.iter().cloned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(text: &str, span: Span) -> String {
        let source = Source::new("card.md", text);
        let report = Report {
            severity: miette::Severity::Error,
            code: Some("rule"),
            message: "message",
            help: None,
            labels: vec![(span, Some("here"))],
        };
        render(&source, &report, false, 100).unwrap()
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_span() {
        let line = format!("{}KEY{}", "a".repeat(10_000), "b".repeat(10_000));
        let text = format!("first\n{line}\nlast\n");
        let at = text.find("KEY").unwrap();
        let out = draw(&text, Span::new(at, at + 3));
        assert!(out.contains("…") && out.contains("KEY"), "{out}");
        let widest = out.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest < WIDTH + 20, "{widest}: {out}");
        assert!(out.contains("[card.md:2:10001]"), "{out}");
    }

    #[test]
    fn the_header_counts_characters_not_bytes() {
        // 'é' is 2 bytes, '🤗' 4 and '名' 3: KEY is the 21st character and the 28th byte.
        let text = "a: 1\nLabel é🤗名 dé: KEY\n";
        let at = text.find("KEY").unwrap();
        let out = draw(text, Span::new(at, at + 3));
        let column = text[text.find("Label").unwrap()..at].chars().count() + 1;
        assert!(out.contains(&format!("[card.md:2:{column}]")), "{out}");
        let source = Source::new("card.md", text);
        assert_eq!(source.line_column(at), (2, column));
    }

    #[test]
    fn a_span_over_many_lines_is_cut() {
        let text: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let out = draw(&text, Span::new(0, text.len() - 1));
        let shown = out.lines().filter(|l| l.contains("line ")).count();
        assert!(shown <= 2 * REACH + 3, "{shown}: {out}");
    }

    #[test]
    fn control_characters_in_the_card_are_escaped_and_the_label_follows() {
        let text = "a: \u{1b}[31mred\u{7} KEY\n";
        let at = text.find("KEY").unwrap();
        let out = draw(text, Span::new(at, at + 3));
        assert!(out.contains("a: \\u{1b}[31mred\\u{7} KEY"), "{out}");
        // The underline sits under KEY in the escaped line.
        let line = out.lines().find(|l| l.contains("KEY")).unwrap();
        let under = out.lines().find(|l| l.contains("┬")).unwrap();
        let col = |s: &str, pat: &str| s.find(pat).map(|b| s[..b].chars().count());
        assert_eq!(col(line, "KEY").map(|c| c + 1), col(under, "┬"), "{out}");
    }
}
