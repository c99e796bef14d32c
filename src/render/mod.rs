//! Rendering: one file per output format. Each format renders one checked file into a chunk (in
//! the worker that linted it, so the file's text can be dropped at once) and then writes all the
//! chunks, in path order, with whatever the format puts around them. The human format is the
//! exception: its chunk is the checked file itself, drawn finding by finding straight to the
//! output when its turn comes (see [`Chunk`]), so that no card's report is ever held whole.
//!
//! Every text from a card, a path or a config goes through [`escape`] (or [`escape_lines`]) on
//! its way out; see `escape.rs`.

mod concise;
pub mod escape;
mod github;
mod gitlab;
mod human;
mod json;
mod sarif;
pub mod snippet;
mod statistics;

pub use escape::{escape, escape_lines, guard_lines};

use std::io::{self, Write};

use crate::report::Checked;
use crate::span::{LineIndex, Position};

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
    /// the same counts as one JSON array (`--statistics --format json`)
    #[value(skip)]
    StatisticsJson,
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
        Format::Statistics | Format::StatisticsJson => statistics::file(checked),
    }
}

/// One file's share of the output, made by the thread that linted it.
pub enum Chunk {
    /// Rendered text.
    Text(String),
    /// A file for the human format, drawn when it is written.
    Human(Box<Checked>, RenderOptions),
}

impl Chunk {
    pub fn is_empty(&self) -> bool {
        match self {
            Chunk::Text(text) => text.is_empty(),
            Chunk::Human(checked, _) => checked.findings.is_empty(),
        }
    }
}

/// One file's chunk in `format`: rendered text, or the file itself for the human format.
pub fn chunk(format: Format, checked: Checked, options: &RenderOptions) -> Chunk {
    match format {
        Format::Human => Chunk::Human(Box::new(checked), *options),
        _ => Chunk::Text(file(format, &checked, options)),
    }
}

/// Writes the chunks of every file, in order.
pub fn write(format: Format, chunks: &[String], out: &mut dyn Write) -> io::Result<()> {
    write_stream(
        format,
        &mut chunks.iter().map(|c| Chunk::Text(c.clone())),
        out,
    )
}

/// Writes the chunks of every file, in order, as they come: a run over many files streams its
/// output instead of holding it (see `run.rs`).
pub fn write_stream(
    format: Format,
    chunks: &mut dyn Iterator<Item = Chunk>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if format == Format::Human {
        // Each file drawn finding by finding as its turn comes; a closed pipe stops the run.
        for chunk in chunks {
            match chunk {
                Chunk::Text(text) => out.write_all(text.as_bytes())?,
                Chunk::Human(checked, options) => human::write(&checked, &options, out)?,
            }
        }
        return out.flush();
    }
    let mut texts = chunks.map(|chunk| match chunk {
        Chunk::Text(text) => text,
        Chunk::Human(checked, options) => human::file(&checked, &options),
    });
    match format {
        Format::Json => json::write(&mut texts, out),
        Format::Sarif => sarif::write(&mut texts, out),
        Format::Gitlab => gitlab::write(&mut texts, out),
        Format::Statistics => statistics::write(&mut texts, out),
        Format::StatisticsJson => statistics::write_json(&mut texts, out),
        Format::Human | Format::Concise | Format::Github => {
            for chunk in texts {
                out.write_all(chunk.as_bytes())?;
            }
            out.flush()
        }
    }
}

/// Start and end positions of every finding of a file, in order.
pub(crate) fn positions(checked: &Checked) -> Vec<(Position, Position)> {
    let upto = checked
        .findings
        .iter()
        .map(|f| f.span.start.max(f.span.end))
        .max();
    let index = LineIndex::covering(&checked.text, upto.unwrap_or(0));
    checked
        .findings
        .iter()
        .map(|f| (index.position(f.span.start), index.position(f.span.end)))
        .collect()
}
