//! `--statistics`: a count of findings per rule (and severity), most frequent first, like ruff's.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::rule::Rule;
use crate::Checked;

/// One line per finding: `rule severity`, aggregated by [`write`].
pub fn file(checked: &Checked) -> String {
    let mut out = String::new();
    for f in &checked.findings {
        let _ = writeln!(out, "{} {}", f.rule, f.severity);
    }
    out
}

pub fn write(chunks: &mut dyn Iterator<Item = String>, out: &mut dyn Write) -> io::Result<()> {
    let mut owned: BTreeMap<(String, String), usize> = BTreeMap::new();
    for chunk in chunks {
        for line in chunk.lines() {
            if let Some((rule, severity)) = line.split_once(' ') {
                *owned.entry((rule.into(), severity.into())).or_default() += 1;
            }
        }
    }
    let counts: BTreeMap<(&str, &str), usize> = owned
        .iter()
        .map(|((rule, severity), n)| ((rule.as_str(), severity.as_str()), *n))
        .collect();
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let count_width = rows.first().map_or(1, |r| r.1.to_string().len());
    let rule_width = rows.iter().map(|r| r.0 .0.len()).max().unwrap_or(0);
    for ((rule, severity), count) in rows {
        let fixable = Rule::from_name(rule).is_some_and(Rule::has_fix);
        let line = format!(
            "{count:>count_width$}  {severity:<7}  {rule:<rule_width$}{}",
            if fixable { "  [*] fixable" } else { "" }
        );
        writeln!(out, "{}", line.trim_end())?;
    }
    out.flush()
}
