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
            crate::span::display_text(&prefix.bytes)
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
