//! What the user asked for: which rules run, at which severity. Applied once, after all rules.
//! [`Settings::resolve`] puts the command line's flags over a config file's settings.

use std::collections::HashMap;

use crate::config::Config;
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

impl Settings {
    /// The settings of a config file (if any) with the command line's `--select` and `--ignore`
    /// on top: the flags win. A rule named with `--select` runs even if the config ignores it or
    /// turns it off; `--ignore` replaces the config's `ignore`.
    pub fn resolve(config: Option<&Config>, select: &[Rule], ignore: &[Rule]) -> Settings {
        let mut settings = Settings::default();
        if let Some(config) = config {
            settings.select = config.select.clone();
            settings.ignore = config.ignore.clone();
            settings.severity = config.severity.clone();
        }
        if !select.is_empty() {
            for rule in select {
                if settings.severity.get(rule) == Some(&None) {
                    settings.severity.remove(rule);
                }
            }
            settings.ignore.retain(|r| !select.contains(r));
            settings.select = Some(select.to_vec());
        }
        if !ignore.is_empty() {
            settings.ignore = ignore.to_vec();
        }
        settings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            select: Some(vec![Rule::DuplicateKey, Rule::CountryAsText]),
            ignore: vec![Rule::UnknownGateKey],
            severity: HashMap::from([
                (Rule::UnknownGateKey, None),
                (Rule::CountryAsText, Some(Severity::Error)),
            ]),
            ..Config::default()
        }
    }

    #[test]
    fn no_config_no_flags_is_the_default() {
        let s = Settings::resolve(None, &[], &[]);
        assert!(s.select.is_none() && s.ignore.is_empty() && s.severity.is_empty());
    }

    #[test]
    fn the_config_applies_when_no_flag_is_given() {
        let s = Settings::resolve(Some(&config()), &[], &[]);
        assert_eq!(s.select, config().select);
        assert!(!s.enabled(Rule::UnknownGateKey));
        assert!(s.enabled(Rule::CountryAsText));
        assert!(!s.enabled(Rule::UnknownFieldType));
    }

    #[test]
    fn a_selected_rule_runs_even_if_the_config_ignores_it_or_turns_it_off() {
        let s = Settings::resolve(Some(&config()), &[Rule::UnknownGateKey], &[]);
        assert_eq!(s.select, Some(vec![Rule::UnknownGateKey]));
        assert!(s.enabled(Rule::UnknownGateKey));
        assert!(!s.enabled(Rule::DuplicateKey));
        // Severity overrides of other rules stay.
        assert_eq!(
            s.severity.get(&Rule::CountryAsText),
            Some(&Some(Severity::Error))
        );
    }

    #[test]
    fn ignore_flags_replace_the_config_ignore() {
        let s = Settings::resolve(Some(&config()), &[], &[Rule::DuplicateKey]);
        assert_eq!(s.ignore, vec![Rule::DuplicateKey]);
        assert!(!s.enabled(Rule::DuplicateKey));
        // Still off through the config's severity.
        assert!(!s.enabled(Rule::UnknownGateKey));
    }
}
