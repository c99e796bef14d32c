//! `unknown-gate-key`: see `docs/rules/unknown-gate-key.md`.
//!
//! A top-level key is suspect when, after lower-casing it and turning `-` and spaces into `_`:
//! - it starts with `extra_gate` but is not one of the six gate keys (`extra_gated_button_text`,
//!   `extra_gated_feilds`, `Extra_Gated_Fields`), or
//! - it is within two edits of a gate key (`extragatedfields`, `extra_gatd_prompt`), or
//! - it is a gate key with `extra_` or `gated_` dropped, within one edit (`gated_fields`,
//!   `extra_prompt`).
//!
//! Every gate key is at least 18 characters long and starts with `extra_gated_`, so no key the Hub
//! reads elsewhere (`license`, `tags`, `base_model`, `model-index`, …) comes near.

use std::collections::HashMap;

use super::anchored::through;
use super::code;
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{hidden, word, Gate, GATE_KEYS};
use crate::rule::Rule;
use crate::yaml::{Entry, Style};

const PREFIX: &str = "extra_gated_";

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let suspects: Vec<(&Entry, &str, Option<&'static str>)> = gate
        .top
        .iter()
        .filter_map(|entry| {
            let key = entry.key.as_str()?;
            if GATE_KEYS.contains(&key) {
                return None;
            }
            // A key that only hides characters is judged by what it shows: `extra_gated_fiеlds`
            // (a Cyrillic `е`) is `extra_gated_fields`.
            let meant = match hidden(key) {
                Some(h) => suspect(&h.clean)?,
                None => suspect(key)?,
            };
            Some((*entry, key, meant))
        })
        .collect();
    // Two suspects meaning the same key: renaming both would give a duplicate key.
    let mut targets: HashMap<&str, usize> = HashMap::new();
    for (_, _, meant) in &suspects {
        if let Some(meant) = meant {
            *targets.entry(meant).or_default() += 1;
        }
    }
    for (entry, key, meant) in suspects {
        out.push(through(
            &gate.sites_of(entry),
            finding(gate, entry, key, meant, &targets),
        ));
    }
}

fn finding(
    gate: &Gate,
    entry: &Entry,
    key: &str,
    meant: Option<&'static str>,
    targets: &HashMap<&str, usize>,
) -> Finding {
    let present = meant.and_then(|m| gate.get(m));
    let help = match (meant, present) {
        (Some(m), Some(_)) => format!(
            "did you mean `{m}`? the card has `{m}` already: merge the two and remove {}",
            code(&word(key))
        ),
        (Some(m), None) => match hidden(key) {
            Some(h) if h.clean == m => format!("write `{m}`, without {}", h.what),
            _ => format!("did you mean `{m}`?"),
        },
        (None, _) => format!("the gate keys are {}", list(&GATE_KEYS)),
    };
    let mut finding = Finding::new(Rule::UnknownGateKey, entry.key.span, message(key, meant))
        .label("ignored by the Hub")
        .help(help);
    if let Some(existing) = present {
        finding = finding.related(existing.key.span, "already given here");
    }
    let unique = meant.is_some_and(|m| targets.get(m) == Some(&1));
    let renamable = matches!(
        entry.key.style(),
        Some(Style::Plain | Style::SingleQuoted | Style::DoubleQuoted)
    );
    if let (Some(m), None, true, true) = (meant, present, unique, renamable) {
        finding = finding.fix(Fix {
            description: format!("rename {} to `{m}`", code(&word(key))),
            edits: vec![Edit {
                span: entry.key.span,
                replacement: m.to_string(),
            }],
        });
    }
    finding
}

fn message(key: &str, meant: Option<&str>) -> String {
    let shown = code(&word(key));
    if let Some(h) = hidden(key) {
        return match meant {
            Some(m) if h.clean == m => {
                format!(
                    "{shown} is not a gate key: it has {}; the Hub ignores it",
                    h.what
                )
            }
            _ => format!(
                "unknown gate key {shown}, which has {}: the Hub ignores it",
                h.what
            ),
        };
    }
    let norm = normalise(key);
    match meant {
        Some(m) if norm == m => format!(
            "{shown} is not a gate key (gate keys are lower-case with `_`): the Hub ignores it"
        ),
        Some(_) if norm.starts_with("extra_gate") => {
            format!("unknown gate key {shown}: the Hub ignores it")
        }
        Some(_) => format!("{shown} is not a gate key, but close to one: the Hub ignores it"),
        None => format!(
            "unknown gate key {shown}: the Hub ignores it; expected one of {}",
            list(&GATE_KEYS)
        ),
    }
}

fn list(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lower-case, with `-` and spaces as `_`.
fn normalise(key: &str) -> String {
    key.trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// `None` when `key` is no near miss of a gate key; `Some(meant)` when it is, with the gate key
/// meant when one is the clear nearest.
fn suspect(key: &str) -> Option<Option<&'static str>> {
    // Most top-level keys (`license`, `tags`) are short and start with neither `extra` nor
    // `gated`: no path below can take them (each needs a key within two characters of a gate
    // key's length, or one of those starts), so `suspect_all` is spared its allocations.
    // The tests hold that both agree.
    let trimmed = key.trim();
    let shortest = GATE_KEYS.iter().map(|k| k.len()).min().unwrap_or(0);
    let start = trimmed.get(..5).is_some_and(|head| {
        head.eq_ignore_ascii_case("extra") || head.eq_ignore_ascii_case("gated")
    });
    if !start && trimmed.chars().count() + 2 < shortest {
        return None;
    }
    suspect_all(key)
}

/// [`suspect`] without its first look.
fn suspect_all(key: &str) -> Option<Option<&'static str>> {
    let norm = normalise(key);
    let distances: Vec<(usize, &'static str)> = GATE_KEYS
        .iter()
        .map(|&k| (distance_within(&norm, k, 2), k))
        .collect();
    if norm.starts_with("extra_gate") {
        return Some(nearest_suffix(&norm));
    }
    if let Some(meant) = unique_min(&distances).filter(|(d, _)| *d <= 2) {
        return Some(Some(meant.1));
    }
    // A gate key with `extra_` or `gated_` dropped: `gated_fields`, `extra_prompt`.
    let rest = norm
        .strip_prefix("gated_")
        .or_else(|| norm.strip_prefix("extra_"))?;
    let dropped: Vec<(usize, &'static str)> = GATE_KEYS
        .iter()
        .map(|&k| (distance_within(rest, suffix(k), 1), k))
        .collect();
    unique_min(&dropped)
        .filter(|(d, _)| *d <= 1)
        .map(|(_, k)| Some(k))
}

/// The Damerau-Levenshtein distance of `a` and `b` when it may be at most `max`; otherwise the
/// difference of their lengths, a lower bound above `max` (the full distance allocates a matrix and
/// a map, and most top-level keys are nowhere near a gate key's length).
fn distance_within(a: &str, b: &str, max: usize) -> usize {
    let bound = a.chars().count().abs_diff(b.chars().count());
    if bound > max {
        bound
    } else {
        strsim::damerau_levenshtein(a, b)
    }
}

/// The gate key whose part after `extra_gated_` is clearly nearest to the key's, if any.
fn nearest_suffix(norm: &str) -> Option<&'static str> {
    let rest = norm
        .strip_prefix(PREFIX)
        .or_else(|| norm.strip_prefix("extra_gate_"))
        .or_else(|| norm.strip_prefix("extra_gated"))
        .or_else(|| norm.strip_prefix("extra_gate"))
        .unwrap_or(norm);
    let near = crate::suggest::nearest(rest, GATE_KEYS.iter().map(|&k| suffix(k)))?;
    GATE_KEYS.iter().copied().find(|&k| suffix(k) == near)
}

fn suffix(key: &'static str) -> &'static str {
    key.strip_prefix(PREFIX).unwrap_or(key)
}

/// The smallest distance, when exactly one key has it.
fn unique_min(distances: &[(usize, &'static str)]) -> Option<(usize, &'static str)> {
    let min = distances.iter().map(|(d, _)| *d).min()?;
    let mut at_min = distances.iter().filter(|(d, _)| *d == min);
    let first = at_min.next().copied();
    match at_min.next() {
        Some(_) => None,
        None => first,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first look in `suspect` turns away no key that `suspect_all` would flag.
    #[test]
    fn first_look_turns_away_no_suspect() {
        let mut keys: Vec<String> = ["license", "tags", "a", "", " ", "extra", "gated", "EXTRA x"]
            .iter()
            .map(|k| k.to_string())
            .collect();
        for key in GATE_KEYS {
            let chars: Vec<char> = key.chars().collect();
            for cut in 0..=chars.len() {
                for len in 0..=3 {
                    let mut k = chars.clone();
                    k.drain(cut..(cut + len).min(chars.len()));
                    let k: String = k.into_iter().collect();
                    for variant in [
                        k.clone(),
                        k.to_uppercase(),
                        k.replace('_', "-"),
                        format!(" {k} "),
                        k.chars().rev().collect(),
                        k.get(cut.min(k.len())..).unwrap_or_default().to_string(),
                    ] {
                        keys.push(variant);
                    }
                }
            }
        }
        let mut flagged = 0;
        for key in &keys {
            assert_eq!(suspect(key), suspect_all(key), "{key:?}");
            flagged += usize::from(suspect_all(key).is_some());
        }
        assert!(flagged > 100, "{flagged} of {} keys flagged", keys.len());
    }

    #[test]
    fn near_misses() {
        for (key, want) in [
            ("extra_gated_feilds", Some(Some("extra_gated_fields"))),
            ("extra-gated-fields", Some(Some("extra_gated_fields"))),
            ("Extra_gated_fields", Some(Some("extra_gated_fields"))),
            ("extra_gate_prompt", Some(Some("extra_gated_prompt"))),
            ("extra_gated_promt", Some(Some("extra_gated_prompt"))),
            (
                "extra_gated_button_text",
                Some(Some("extra_gated_button_content")),
            ),
            (
                "extra_gated_button",
                Some(Some("extra_gated_button_content")),
            ),
            (
                "extra_gated_eu_disallow",
                Some(Some("extra_gated_eu_disallowed")),
            ),
            ("extragatedfields", Some(Some("extra_gated_fields"))),
            ("gated_fields", Some(Some("extra_gated_fields"))),
            ("extra_prompt", Some(Some("extra_gated_prompt"))),
            ("extra_gated_title", Some(None)),
            ("license", None),
            ("tags", None),
            ("base_model", None),
            ("model-index", None),
            ("pipeline_tag", None),
            ("library_name", None),
            ("extra_info", None),
            ("gated", None),
            ("description", None),
            ("prompt", None),
        ] {
            assert_eq!(suspect(key), want, "{key}");
        }
    }
}
