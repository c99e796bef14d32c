//! gatelint: a linter for the gate metadata of Hugging Face model and dataset cards.
//!
//! The pipeline, one module per arrow:
//!
//! ```text
//! discover (paths → card files) → read (bytes up to the closing fence) → frontmatter (byte range)
//! → yaml (span-carrying tree) → gate (typed model) → rules (→ Findings)
//! → settings (select/ignore/severity) → render (one format)
//! ```
//!
//! [`card::with`] reads one card once (fences, YAML, gate model) for every command;
//! [`check`] wires the pipeline for the command line; [`lint_bytes`] lints one card in memory.

// No panics on input-derived data in library code (issue 5); tests may unwrap.
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::indexing_slicing,
        clippy::panic
    )
)]

pub mod card;
pub mod cli;
pub mod config;
pub mod discover;
pub mod error;
pub mod finding;
pub mod fix;
pub mod frontmatter;
pub mod gate;
pub mod preview;
pub mod read;
pub mod render;
pub mod rule;
pub mod rules;
mod run;
pub mod server;
pub mod settings;
pub mod span;
pub mod suggest;
pub mod yaml;

use std::io::Write;

pub use crate::error::Error;
pub use crate::finding::{Edit, Finding, Fix};
pub use crate::rule::{Rule, Severity};
pub use crate::settings::Settings;

pub use crate::card::{Card, Yaml};

use crate::read::Prefix;
use crate::render::Format;

/// Lints one card read with [`read::read_prefix`]: every rule's findings, unfiltered and unsorted.
pub fn lint_prefix(prefix: &Prefix) -> Vec<Finding> {
    card::with(prefix, |card| {
        let mut findings = Vec::new();
        rules::check(card, &mut findings);
        findings
    })
}

/// Lints a whole card held in memory, with `settings` applied and findings sorted.
pub fn lint_bytes(bytes: &[u8], settings: &Settings) -> Vec<Finding> {
    let prefix = read::prefix_of(bytes);
    settings.apply(lint_prefix(&prefix))
}

/// One checked file: its findings, and the text they point into (only when there are findings).
pub struct Checked {
    /// The path as shown in reports.
    pub path: String,
    pub findings: Vec<Finding>,
    /// The bytes read, as text with byte offsets kept (see [`span::display_text`]).
    pub text: String,
}

impl Checked {
    pub fn new(path: String, prefix: &Prefix, settings: &Settings) -> Self {
        let findings = settings.apply(lint_prefix(prefix));
        let text = if findings.is_empty() {
            String::new()
        } else {
            span::display_text(&prefix.bytes)
        };
        Checked {
            path,
            findings,
            text,
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

/// What a run found, for the summary line and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Paths that could not be read, reported on stderr.
    pub tool_errors: usize,
}

impl Summary {
    /// 1 when there are errors (or warnings under `strict`), else 2 when a path could not be
    /// read, else 0.
    pub fn exit_code(&self, strict: bool) -> i32 {
        if self.errors > 0 || (strict && self.warnings > 0) {
            1
        } else if self.tool_errors > 0 {
            2
        } else {
            0
        }
    }
}

/// Where the cards come from.
pub enum Input {
    /// Files and directories.
    Paths(Vec<std::path::PathBuf>),
    /// Standard input, shown under this name.
    Stdin(String),
}

/// How to run: settings, format, threads.
pub struct RunOptions {
    pub settings: Settings,
    pub format: Format,
    pub render: render::RenderOptions,
    /// 0: one per core.
    pub threads: usize,
    /// Include/exclude globs and the progress bar.
    pub discover: discover::Options,
}

/// Discovers, lints and renders: findings to `out` in path order, unreadable paths to `errors`.
///
/// Cards are linted on `options.threads` threads and each is rendered by the thread that linted
/// it, so its text is dropped at once; the rendered chunks are written as soon as every card
/// before them is done (see `run.rs`), so memory does not grow with the number of cards.
pub fn check(
    input: &Input,
    options: &RunOptions,
    out: &mut dyn Write,
    on_error: &mut dyn FnMut(&Error),
) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let render_one = |path: String, prefix: &Prefix| {
        let file = Checked::new(path, prefix, &options.settings);
        Rendered {
            errors: file.count(Severity::Error),
            warnings: file.count(Severity::Warning),
            infos: file.count(Severity::Info),
            chunk: if file.findings.is_empty() {
                render::Chunk::Text(String::new())
            } else {
                render::chunk(options.format, file, &options.render)
            },
        }
    };
    let mut write = |results: &mut dyn Iterator<Item = Result<Rendered, Error>>| {
        let mut chunks = results.filter_map(|result| match result {
            Ok(file) => {
                summary.files += 1;
                summary.errors += file.errors;
                summary.warnings += file.warnings;
                summary.infos += file.infos;
                (!file.chunk.is_empty()).then_some(file.chunk)
            }
            Err(err) => {
                summary.tool_errors += 1;
                on_error(&err);
                None
            }
        });
        render::write_stream(options.format, &mut chunks, out)
    };
    let written = match input {
        Input::Stdin(name) => {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes).map_err(|e| {
                Error::Read {
                    path: name.clone(),
                    source: e,
                }
            })?;
            let file = render_one(name.clone(), &read::prefix_of(&bytes));
            write(&mut std::iter::once(Ok(file)))
        }
        Input::Paths(paths) => {
            let discovered = discover::discover_with(paths, &options.discover);
            let written = run::ordered(
                discovered,
                options.threads,
                |item| {
                    let card = item?;
                    let prefix = discover::read(&card);
                    options.discover.tick();
                    Ok(render_one(card.display, &prefix?))
                },
                &mut write,
            );
            options.discover.finish();
            written
        }
    };
    written.map_err(Error::Write)?;
    Ok(summary)
}

/// One card's findings, rendered, and their counts.
struct Rendered {
    errors: usize,
    warnings: usize,
    infos: usize,
    chunk: render::Chunk,
}
