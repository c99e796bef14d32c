//! `--statistics`: a count of findings per rule (and severity), most frequent first, like ruff's.
//!
//! With the human or concise format (the default), one table row per rule and severity; with
//! `--format json`, one JSON array of `{"rule", "severity", "count", "fixable"}` objects in the
//! same order. Other formats have no statistics (`main.rs` refuses the combination). A row is
//! "fixable" when at least one of its findings has a fix, not merely when its rule has one.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::report::Checked;

/// One line per finding: `rule severity fixable`, aggregated by [`write`].
pub fn file(checked: &Checked) -> String {
    let mut out = String::new();
    for f in &checked.findings {
        let _ = writeln!(
            out,
            "{} {} {}",
            f.rule,
            f.severity,
            u8::from(f.fix.is_some())
        );
    }
    out
}

/// The rows, most frequent first: ((rule, severity), (count, fixable)).
fn rows(chunks: &mut dyn Iterator<Item = String>) -> Vec<((String, String), (usize, bool))> {
    let mut counts: BTreeMap<(String, String), (usize, bool)> = BTreeMap::new();
    for chunk in chunks {
        for line in chunk.lines() {
            let mut parts = line.split(' ');
            if let (Some(rule), Some(severity), Some(fixable)) =
                (parts.next(), parts.next(), parts.next())
            {
                let row = counts.entry((rule.into(), severity.into())).or_default();
                row.0 += 1;
                row.1 |= fixable == "1";
            }
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    rows
}

/// The table.
pub fn write(chunks: &mut dyn Iterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    let rows = rows(chunks);
    let count_width = rows.first().map_or(1, |r| r.1 .0.to_string().len());
    let rule_width = rows.iter().map(|r| r.0 .0.len()).max().unwrap_or(0);
    for ((rule, severity), (count, fixable)) in rows {
        let line = format!(
            "{count:>count_width$}  {severity:<7}  {rule:<rule_width$}{}",
            if fixable { "  [*] fixable" } else { "" }
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}

/// The rows as one JSON array.
pub fn write_json(chunks: &mut dyn Iterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<serde_json::Value> = rows(chunks)
        .into_iter()
        .map(|((rule, severity), (count, fixable))| {
            serde_json::json!({
                "rule": rule,
                "severity": severity,
                "count": count,
                "fixable": fixable,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows)?;
    out.write_all(b"\n")?;
    out.flush()
}
