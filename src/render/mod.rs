//! Rendering: one file per output format. Each format renders one checked file into a chunk (in
//! the worker that linted it, so the file's text can be dropped at once) and then writes all the
//! chunks, in path order, with whatever the format puts around them.

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
mod statistics;

use std::io::{self, Write};

use crate::span::{LineIndex, Position};
use crate::Checked;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// miette's graphical report
    Human,
    /// `path:line:col: severity: message [rule]`
    Concise,
    /// one JSON array of findings
    Json,
    /// one SARIF 2.1.0 log (GitHub code scanning)
    Sarif,
    /// GitHub Actions workflow commands (annotations)
    Github,
    /// GitLab Code Quality report (JSON)
    Gitlab,
    /// a count per rule (`--statistics`, not a `--format` value)
    #[value(skip)]
    Statistics,
}

/// What the human format needs to know about the terminal.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub color: bool,
    /// Wrap width of the human format.
    pub width: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            color: false,
            width: 100,
        }
    }
}

/// Renders one file's findings.
pub fn file(format: Format, checked: &Checked, options: &RenderOptions) -> String {
    match format {
        Format::Human => human::file(checked, options),
        Format::Concise => concise::file(checked),
        Format::Json => json::file(checked),
        Format::Sarif => sarif::file(checked),
        Format::Github => github::file(checked),
        Format::Gitlab => gitlab::file(checked),
        Format::Statistics => statistics::file(checked),
    }
}

/// Writes the chunks of every file, in order.
pub fn write(format: Format, chunks: &[String], out: &mut dyn Write) -> io::Result<()> {
    write_stream(format, &mut chunks.iter().cloned(), out)
}

/// Writes the chunks of every file, in order, as they come: a run over many files streams its
/// output instead of holding it (see `run.rs`).
pub fn write_stream(
    format: Format,
    chunks: &mut dyn Iterator<Item = String>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write(chunks, out),
        Format::Sarif => sarif::write(chunks, out),
        Format::Gitlab => gitlab::write(chunks, out),
        Format::Statistics => statistics::write(chunks, out),
        Format::Human | Format::Concise | Format::Github => {
            for chunk in chunks {
                out.write_all(chunk.as_bytes())?;
            }
            out.flush()
        }
    }
}

/// Start and end positions of every finding of a file, in order.
pub(crate) fn positions(checked: &Checked) -> Vec<(Position, Position)> {
    let index = LineIndex::new(&checked.text);
    checked
        .findings
        .iter()
        .map(|f| (index.position(f.span.start), index.position(f.span.end)))
        .collect()
}
