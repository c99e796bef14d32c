//! What a run reports: one checked card ([`Checked`]), the tally of a run ([`Summary`]) and the
//! exit status it maps to ([`ExitStatus`], as ruff's). Below the renderers, the fixer and the
//! driver, which all read these types.

use crate::card::Origin;
use crate::finding::Finding;
use crate::read::Prefix;
use crate::rule::Severity;
use crate::settings::Settings;

/// One checked file: its findings, and the text they point into (only when there are findings).
pub struct Checked {
    /// The path as shown in reports.
    pub path: String,
    pub findings: Vec<Finding>,
    /// The bytes read, as text with byte offsets kept (see [`crate::span::display_text`]).
    pub text: String,
}

impl Checked {
    pub fn new(path: String, prefix: &Prefix, settings: &Settings) -> Self {
        Self::from_origin(path, prefix, Origin::Named, settings)
    }

    /// [`Checked::new`], for a file that came to be checked as `origin` says.
    pub fn from_origin(path: String, prefix: &Prefix, origin: Origin, settings: &Settings) -> Self {
        let findings = settings.apply(crate::rules::lint_prefix_from(prefix, origin));
        let text = if findings.is_empty() {
            String::new()
        } else {
            let shown = prefix.bytes.get(..shown_len(&prefix.bytes, &findings));
            crate::span::display_text(shown.unwrap_or(&prefix.bytes))
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

/// How much of the bytes read the renderers can look at: through the [`SHOWN_AFTER`]th line end
/// after the last byte any finding, related label or fix edit points at, so its line and three
/// more (a snippet shows one line of context after its last line). The rest (most of a body read
/// to look for stranded gate keys) is not turned into text. Only a `\n` ends a line here, so a
/// cut never splits a CRLF; without enough of them, everything is kept.
fn shown_len(bytes: &[u8], findings: &[Finding]) -> usize {
    let upto = findings.iter().flat_map(Finding::ends).max().unwrap_or(0);
    let mut at = upto.min(bytes.len());
    for _ in 0..SHOWN_AFTER {
        match bytes.get(at..).and_then(|rest| memchr::memchr(b'\n', rest)) {
            Some(i) => at += i + 1,
            None => return bytes.len(),
        }
    }
    at
}

/// Line ends kept after the last byte a finding points at (see [`shown_len`]).
const SHOWN_AFTER: usize = 4;

/// What a run found, for the summary line and the exit status.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    /// Paths that could not be read, reported on stderr.
    pub tool_errors: usize,
    /// Cards `--fix` could not write (or refused to), reported on stderr.
    pub write_errors: usize,
    /// Fixes applied (with `--diff`: that would be), and the files they changed.
    pub fixes: usize,
    pub fixed_files: usize,
}

impl Summary {
    /// [`ExitStatus::Failure`] when there are errors (or warnings under `strict`), else
    /// [`ExitStatus::Error`] when a path could not be read or written, else success.
    pub fn exit_status(&self, strict: bool) -> ExitStatus {
        if self.errors > 0 || (strict && self.warnings > 0) {
            ExitStatus::Failure
        } else if self.tool_errors > 0 || self.write_errors > 0 {
            ExitStatus::Error
        } else {
            ExitStatus::Success
        }
    }

    /// `checked N files: E errors, W warnings, I infos`, then what could not be read or written.
    pub fn line(&self) -> String {
        let mut line = format!(
            "checked {}: {}, {}, {}",
            plural(self.files, "file"),
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info"),
        );
        if self.tool_errors > 0 {
            line.push_str(&format!(
                "; {} could not be read",
                plural(self.tool_errors, "path")
            ));
        }
        if self.write_errors > 0 {
            line.push_str(&format!(
                "; {} not written",
                plural(self.write_errors, "file")
            ));
        }
        line
    }

    /// The summary line of `--fix` (`verb` "fixed") or `--diff` ("would fix").
    pub fn fix_line(&self, verb: &str) -> String {
        format!(
            "{}; {verb} {} in {}",
            self.line(),
            plural(self.fixes, "finding"),
            plural(self.fixed_files, "file"),
        )
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// How a run ends, for the process exit code (ruff's `ExitStatus`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: no error finding (with `--strict`, no warning either).
    Success,
    /// 1: at least one error finding (with `--strict`, a warning).
    Failure,
    /// 2: gatelint could not do its job (a path not read or written, a bad flag or config).
    Error,
}

impl From<ExitStatus> for std::process::ExitCode {
    fn from(status: ExitStatus) -> Self {
        std::process::ExitCode::from(match status {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Edit, Fix};
    use crate::rule::Rule;
    use crate::span::Span;

    #[test]
    fn the_text_shown_ends_three_lines_past_the_last_line_pointed_at() {
        let bytes = b"l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\n";
        let at = |line: usize| 3 * (line - 1);
        let finding = |line: usize| {
            Finding::new(Rule::UnknownGateKey, Span::new(at(line), at(line) + 1), "m")
        };
        // The finding's line and three more, each with its line break.
        assert_eq!(shown_len(bytes, &[finding(2)]), at(6));
        // The furthest of spans, related labels and fix edits counts.
        let related = finding(1).related(Span::new(at(3), at(3) + 2), "r");
        assert_eq!(shown_len(bytes, &[related]), at(7));
        let fixed = finding(1).fix(Fix {
            description: "d".into(),
            edits: vec![Edit {
                span: Span::new(at(4), at(4) + 1),
                replacement: "x".into(),
            }],
        });
        assert_eq!(shown_len(bytes, &[finding(2), fixed]), at(8));
        // Too few lines left, or only CR line breaks: everything.
        assert_eq!(shown_len(bytes, &[finding(7)]), bytes.len());
        assert_eq!(shown_len(b"a\rb\rc\rd\re\rf", &[finding(1)]), 11);
    }

    #[test]
    fn errors_win_over_tool_errors() {
        let mut s = Summary {
            tool_errors: 1,
            ..Summary::default()
        };
        assert_eq!(s.exit_status(false), ExitStatus::Error);
        s.errors = 1;
        assert_eq!(s.exit_status(false), ExitStatus::Failure);
        let w = Summary {
            warnings: 1,
            write_errors: 1,
            ..Summary::default()
        };
        assert_eq!(w.exit_status(false), ExitStatus::Error);
        assert_eq!(w.exit_status(true), ExitStatus::Failure);
        assert_eq!(Summary::default().exit_status(true), ExitStatus::Success);
    }

    #[test]
    fn summary_lines() {
        let s = Summary {
            files: 1,
            errors: 2,
            write_errors: 1,
            fixes: 1,
            fixed_files: 1,
            ..Summary::default()
        };
        assert_eq!(
            s.fix_line("fixed"),
            "checked 1 file: 2 errors, 0 warnings, 0 infos; 1 file not written; fixed 1 finding in 1 file"
        );
    }
}
