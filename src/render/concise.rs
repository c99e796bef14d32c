//! `path:line:col: severity: message [rule-name]`, one line per finding. The path and the
//! message are escaped (see `escape.rs`), so a finding is always one line.

use std::fmt::Write;

use super::escape::{escape, guard_lines};
use crate::report::Checked;

pub fn file(checked: &Checked) -> String {
    let mut out = String::new();
    let path = escape(&checked.path);
    for (finding, (start, _)) in checked.findings.iter().zip(super::positions(checked)) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            path,
            start.line,
            start.column,
            finding.severity,
            escape(&finding.message),
            finding.rule
        );
    }
    guard_lines(&out).into_owned()
}
