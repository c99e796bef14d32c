//! What the user asked for: which rules run, at which severity. Applied once, after all rules.

use std::collections::HashMap;

use crate::finding::Finding;
use crate::rule::{Rule, Severity};

#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Only these rules, when given.
    pub select: Option<Vec<Rule>>,
    /// Never these rules.
    pub ignore: Vec<Rule>,
    /// Per-rule severity; `None` turns the rule off.
    pub severity: HashMap<Rule, Option<Severity>>,
}

impl Settings {
    pub fn enabled(&self, rule: Rule) -> bool {
        self.select.as_ref().is_none_or(|s| s.contains(&rule))
            && !self.ignore.contains(&rule)
            && !matches!(self.severity.get(&rule), Some(None))
    }

    /// Drops disabled rules' findings, applies severity overrides, sorts by position.
    pub fn apply(&self, mut findings: Vec<Finding>) -> Vec<Finding> {
        findings.retain(|f| self.enabled(f.rule));
        for f in &mut findings {
            if let Some(Some(severity)) = self.severity.get(&f.rule) {
                f.severity = *severity;
            }
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule, &a.message).cmp(&(
                b.span.start,
                b.span.end,
                b.rule,
                &b.message,
            ))
        });
        findings.dedup();
        findings
    }
}
