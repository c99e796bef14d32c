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
//! [`run`] (the one driver, `run.rs`) wires it for the command line: report, fix and diff;
//! [`lint_bytes`] lints one card in memory.

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
pub mod report;
pub mod rule;
pub mod rules;
pub mod run;
pub mod server;
pub mod settings;
pub mod span;
pub mod suggest;
pub mod sys;
pub mod write;
pub mod yaml;

pub use crate::error::Error;
pub use crate::finding::{Edit, Finding, Fix};
pub use crate::report::{Checked, ExitStatus, Summary};
pub use crate::rule::{Rule, Severity};
pub use crate::run::{run, Event, Input, Mode, RunOptions, Sinks};
pub use crate::settings::Settings;

pub use crate::card::{Card, Yaml};
pub use crate::rules::lint_prefix;

/// Lints a whole card held in memory, with `settings` applied and findings sorted.
pub fn lint_bytes(bytes: &[u8], settings: &Settings) -> Vec<Finding> {
    let prefix = read::prefix_of(bytes);
    settings.apply(lint_prefix(&prefix))
}
