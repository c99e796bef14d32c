//! `path:line:col: severity: message [rule-name]`, one line per finding.

use std::fmt::Write;

use crate::Checked;

pub fn file(checked: &Checked) -> String {
    let mut out = String::new();
    for (finding, (start, _)) in checked.findings.iter().zip(super::positions(checked)) {
        let _ = writeln!(
            out,
            "{}:{}:{}: {}: {} [{}]",
            checked.path,
            start.line,
            start.column,
            finding.severity,
            finding.message.replace(['\n', '\r'], " "),
            finding.rule
        );
    }
    out
}
