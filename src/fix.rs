//! Applying fixes: `gatelint check --fix` and `--diff`.
//!
//! A fix is a list of byte-range edits to the original text (see [`Fix`]). [`fix`] lints, applies
//! every fix whose edits overlap no edit already taken, and lints again, until no fix applies, so
//! that fixing a fixed card changes nothing. Everything outside the edits stays byte for byte; an
//! edit's line breaks follow the file's (CRLF stays CRLF). A card whose front matter has a
//! `yaml-syntax-error` or a `duplicate-key` is never touched: the tree the fixes were computed from
//! is not the one the Hub would see. A round whose edits add a structural finding that no fix
//! repairs (a syntax error, a duplicate key, …) is undone, and its fixes are then tried in
//! halves, keeping those that break nothing; a round that exposes one a fix repairs is kept, and
//! if no later round repairs it, the card goes back to the last state no worse than the input.
//!
//! The engine is pure (bytes and settings in, fixed bytes and the fixes applied out) and costs
//! near-linear time in the number of edits: the overlap test is a lookup in an ordered map, and
//! a card is linted at most [`MAX_LINTS`] times however many fixes break the YAML. The driver
//! (`run.rs`) reads the cards, and `write.rs` writes them.

use std::collections::{BTreeMap, HashSet};

use crate::finding::{Edit, Finding, Fix};
use crate::read::Prefix;
use crate::rule::Rule;
use crate::rules::lint_prefix;
use crate::settings::Settings;

/// At most this many lint → fix rounds per card.
pub const MAX_ROUNDS: usize = 16;

/// At most this many lints of a card while fixing it, the first included: a round whose fixes
/// break the YAML is split in halves to find the fix at fault, which costs a lint per half.
pub const MAX_LINTS: usize = 64;

/// Rules that make a card unfixable: the YAML tree is not what the Hub would see.
pub const BLOCKING: [Rule; 2] = [Rule::YamlSyntaxError, Rule::DuplicateKey];

/// Rules that a fix must never add to: a round that raises any of their counts is undone.
const STRUCTURAL: [Rule; 9] = [
    Rule::YamlSyntaxError,
    Rule::DuplicateKey,
    Rule::UnknownTag,
    Rule::InvalidUtf8,
    Rule::FrontMatterNotMapping,
    Rule::MissingFrontMatter,
    Rule::UnterminatedFrontMatter,
    Rule::TextBeforeFrontMatter,
    Rule::FieldsNotMapping,
];

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rule: Rule,
    pub description: String,
}

/// A fix left out because applying it adds a structural finding that no fix repairs (renaming
/// `extra_gated_feilds` when its value is a list no fix rewrites exposes `fields-not-mapping`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Withheld {
    pub rule: Rule,
    pub description: String,
    /// The structural rule it would add a finding of.
    pub exposes: Rule,
}

/// A card after fixing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed bytes (the input itself when nothing applied).
    pub bytes: Vec<u8>,
    /// Every fix applied, in order.
    pub applied: Vec<Applied>,
    /// Set when the card had fixable findings but was left alone because its front matter has
    /// this rule's error.
    pub refused: Option<Rule>,
    /// Fixes left out (or undone) because they add a structural finding no fix repairs.
    pub withheld: Vec<Withheld>,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Fixes one card. `bytes` are the whole file, or what [`read::read_prefix`] read of it
/// (`at_eof` false): fixes only ever touch the front matter. Only findings of rules enabled in
/// `settings` are fixed.
pub fn fix(bytes: &[u8], at_eof: bool, settings: &Settings) -> Fixed {
    let mut prefix = Prefix {
        bytes: bytes.to_vec(),
        at_eof,
    };
    let mut applied = Vec::new();
    let mut raw = lint_prefix(&prefix);
    if let Some(rule) = raw.iter().map(|f| f.rule).find(|r| BLOCKING.contains(r)) {
        let fixable = settings.apply(raw).iter().any(|f| f.fix.is_some());
        return Fixed {
            bytes: prefix.bytes,
            applied,
            refused: fixable.then_some(rule),
            withheld: Vec::new(),
        };
    }
    // Fixes that broke the YAML once, never tried again.
    let mut unsound: HashSet<(Rule, String)> = HashSet::new();
    let mut withheld = Vec::new();
    // The last state no worse than the input (rule by rule, see `sound`): a round may expose a
    // structural finding that a fix repairs (renaming `extra_gated_feilds` exposes the
    // template's list), and the next round repairs it; if none does, fixing ends here.
    let original = raw.clone();
    let mut checkpoint = (prefix.bytes.clone(), 0, raw.clone());
    let mut lints = 1;
    let mut rounds = 0;
    let crlf = uses_crlf(&prefix.bytes);
    'rounds: while rounds < MAX_ROUNDS && lints < MAX_LINTS {
        rounds += 1;
        let findings = settings.apply(raw.clone());
        let candidates: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.fix.is_some() && !unsound.contains(&key(f)))
            .collect();
        let mut chosen = non_overlapping(&candidates, prefix.bytes.len());
        // The whole batch first; when it breaks the YAML, its first half, and so on down to one
        // fix, which is then never tried again. A sound batch is kept, and the next round lints
        // what it made.
        while !chosen.is_empty() {
            if lints >= MAX_LINTS {
                break 'rounds;
            }
            let batch = apply(&prefix.bytes, chosen.iter().map(|(_, f)| *f), crlf);
            let batch_raw = lint_prefix(&Prefix {
                bytes: batch.clone(),
                at_eof,
            });
            lints += 1;
            if sound(&raw, &batch_raw) || repairable(&raw, &batch_raw, settings) {
                applied.extend(chosen.iter().map(|(f, fix)| Applied {
                    rule: f.rule,
                    description: fix.description.clone(),
                }));
                prefix.bytes = batch;
                raw = batch_raw;
                if sound(&original, &raw) {
                    checkpoint = (prefix.bytes.clone(), applied.len(), raw.clone());
                }
                continue 'rounds;
            }
            if let [(finding, fix)] = chosen.as_slice() {
                unsound.insert(key(finding));
                if let Some(exposes) = added(&raw, &batch_raw) {
                    withheld.push(Withheld {
                        rule: finding.rule,
                        description: fix.description.clone(),
                        exposes,
                    });
                }
                // Not a round of its own: the same findings, one fix fewer.
                rounds -= 1;
                continue 'rounds;
            }
            chosen.truncate(chosen.len().div_ceil(2));
        }
        break;
    }
    if let Some(exposes) = added(&original, &raw) {
        let (bytes, count, _) = checkpoint;
        prefix.bytes = bytes;
        withheld.extend(applied.drain(count..).map(|a| Withheld {
            rule: a.rule,
            description: a.description,
            exposes,
        }));
    }
    Fixed {
        bytes: prefix.bytes,
        applied,
        refused: None,
        withheld,
    }
}

/// The first structural rule with more findings in `after` than in `before`: `None` when
/// [`sound`].
fn added(before: &[Finding], after: &[Finding]) -> Option<Rule> {
    let count =
        |findings: &[Finding], rule: Rule| findings.iter().filter(|f| f.rule == rule).count();
    STRUCTURAL
        .iter()
        .copied()
        .find(|&rule| count(after, rule) > count(before, rule))
}

/// True when every structural finding that `after` adds (rule by rule) is one a fix repairs:
/// its rule is enabled and each of its findings has a fix. A syntax error or a duplicate key
/// never is.
fn repairable(before: &[Finding], after: &[Finding], settings: &Settings) -> bool {
    let count =
        |findings: &[Finding], rule: Rule| findings.iter().filter(|f| f.rule == rule).count();
    let shown = settings.apply(after.to_vec());
    STRUCTURAL
        .iter()
        .filter(|&&rule| count(after, rule) > count(before, rule))
        .all(|&rule| {
            !BLOCKING.contains(&rule)
                && count(&shown, rule) == count(after, rule)
                && shown
                    .iter()
                    .filter(|f| f.rule == rule)
                    .all(|f| f.fix.is_some())
        })
}

fn key(finding: &Finding) -> (Rule, String) {
    let description = finding
        .fix
        .as_ref()
        .map(|f| f.description.clone())
        .unwrap_or_default();
    (finding.rule, description)
}

/// True when `after` has no more structural findings than `before`, rule by rule.
fn sound(before: &[Finding], after: &[Finding]) -> bool {
    added(before, after).is_none()
}

/// The fixes to apply in one round, in order: each fix whole or not at all, none of its edits
/// overlapping another taken edit (nor one of its own), every edit inside the text. The taken
/// edits are disjoint, so their ends grow with their starts and the one starting last before an
/// edit's end is the only one it can overlap: one map lookup per edit.
fn non_overlapping<'f>(candidates: &[&'f Finding], len: usize) -> Vec<(&'f Finding, &'f Fix)> {
    // Taken edits: start → end.
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    // The taken fixes' edits: a fix with the very same edits (one anchored node that several
    // findings share, see `rules::anchored`) is fixed by them, and counted.
    let mut same: HashSet<Vec<(usize, usize, &str)>> = HashSet::new();
    let mut chosen = Vec::new();
    for finding in candidates {
        let Some(fix) = finding.fix.as_ref() else {
            continue;
        };
        let mut shape: Vec<(usize, usize, &str)> = fix
            .edits
            .iter()
            .map(|e| (e.span.start, e.span.end, e.replacement.as_str()))
            .collect();
        shape.sort_unstable();
        if same.contains(&shape) {
            chosen.push((*finding, fix));
            continue;
        }
        let inside = fix
            .edits
            .iter()
            .all(|e| e.span.start <= e.span.end && e.span.end <= len);
        if fix.edits.is_empty() || !inside {
            continue;
        }
        let mut own: Vec<&Edit> = fix.edits.iter().collect();
        own.sort_by_key(|e| (e.span.start, e.span.end));
        let self_clash = own.windows(2).any(|pair| match pair {
            [a, b] => overlaps(a, b),
            _ => false,
        });
        let clash = own.iter().any(|e| {
            let span = (e.span.start, e.span.end);
            taken.contains_key(&span.0)
                || taken
                    .range(..span.1.max(span.0 + 1))
                    .next_back()
                    .is_some_and(|(&start, &end)| spans_overlap(span, (start, end)))
        });
        if self_clash || clash {
            continue;
        }
        taken.extend(own.iter().map(|e| (e.span.start, e.span.end)));
        same.insert(shape);
        chosen.push((*finding, fix));
    }
    chosen
}

/// Two edits overlap when their ranges share a byte, or when they start at the same offset (two
/// insertions there would have no defined order).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    spans_overlap((a.span.start, a.span.end), (b.span.start, b.span.end))
}

fn spans_overlap(a: (usize, usize), b: (usize, usize)) -> bool {
    (a.0 < b.1 && b.0 < a.1) || a.0 == b.0
}

/// True when the file's first line break is `\r\n`.
pub fn uses_crlf(bytes: &[u8]) -> bool {
    memchr::memchr(b'\n', bytes).is_some_and(|i| i > 0 && bytes.get(i - 1) == Some(&b'\r'))
}

/// The replacement with its line breaks in the file's style.
fn with_line_endings(replacement: &str, crlf: bool) -> String {
    let lf = replacement.replace("\r\n", "\n");
    if crlf {
        lf.replace('\n', "\r\n")
    } else {
        lf
    }
}

/// Applies non-overlapping fixes' edits to `bytes`.
fn apply<'f>(bytes: &[u8], fixes: impl Iterator<Item = &'f Fix>, crlf: bool) -> Vec<u8> {
    let mut edits: Vec<&Edit> = fixes.flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    // Fixes with the very same edits make them once.
    edits.dedup();
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut at = 0;
    for edit in edits {
        let start = edit.span.start.max(at);
        out.extend_from_slice(bytes.get(at..start).unwrap_or_default());
        out.extend_from_slice(with_line_endings(&edit.replacement, crlf).as_bytes());
        at = edit.span.end.max(start);
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    out
}

/// A unified diff of `before` → `after` for `path`, with three lines of context; empty when they
/// are equal. Text that is not UTF-8 is shown lossily. The headers are git's (`a/PATH`,
/// `b/PATH`, for `patch -p1` or `git apply`) for a relative path, and the path itself for an
/// absolute one, as `diff -u` writes it (`patch -p0`).
pub fn unified_diff(path: &str, before: &[u8], after: &[u8]) -> String {
    if before == after {
        return String::new();
    }
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&diff_header("a", path), &diff_header("b", path))
        .to_string()
}

fn diff_header(side: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_owned()
    } else {
        format!("{side}/{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: text.into(),
        }
    }

    #[test]
    fn overlapping_and_same_point_edits_clash() {
        assert!(overlaps(&edit(0, 3, ""), &edit(2, 4, "")));
        assert!(overlaps(&edit(2, 2, "a"), &edit(2, 2, "b")));
        assert!(!overlaps(&edit(0, 3, ""), &edit(3, 4, "")));
    }

    #[test]
    fn replacements_follow_the_file_line_endings() {
        assert_eq!(with_line_endings("a\nb\r\nc", true), "a\r\nb\r\nc");
        assert_eq!(with_line_endings("a\nb\r\nc", false), "a\nb\nc");
        assert!(uses_crlf(b"---\r\na: 1\n"));
        assert!(!uses_crlf(b"---\na: 1\r\n"));
    }

    #[test]
    fn edits_keep_everything_else() {
        let fix = Fix {
            description: String::new(),
            edits: vec![edit(5, 6, "x\ny"), edit(0, 0, "<")],
        };
        assert_eq!(
            apply(b"abc\r\ndef", std::iter::once(&fix), true),
            b"<abc\r\nx\r\nyef"
        );
    }

    #[test]
    fn diff_headers_for_relative_and_absolute_paths() {
        let diff = unified_diff("x/README.md", b"a\n", b"b\n");
        assert!(
            diff.starts_with("--- a/x/README.md\n+++ b/x/README.md\n"),
            "{diff}"
        );
        let diff = unified_diff("/abs/README.md", b"a\n", b"b\n");
        assert!(
            diff.starts_with("--- /abs/README.md\n+++ /abs/README.md\n"),
            "{diff}"
        );
    }

    #[test]
    fn disjoint_edits_are_all_taken_and_clashing_ones_left() {
        let finding = |edits: Vec<Edit>| Finding {
            fix: Some(Fix {
                description: String::new(),
                edits,
            }),
            ..Finding::new(Rule::DuplicateKey, Span::new(0, 0), String::new())
        };
        let fs = [
            finding(vec![edit(10, 12, "")]),
            finding(vec![edit(0, 2, ""), edit(5, 5, "x")]),
            finding(vec![edit(11, 13, "")]),
            finding(vec![edit(5, 5, "y")]),
            finding(vec![edit(3, 4, ""), edit(12, 12, "z")]),
            finding(vec![edit(2, 4, ""), edit(1, 1, "")]),
        ];
        let refs: Vec<&Finding> = fs.iter().collect();
        let chosen = non_overlapping(&refs, 20);
        let taken: Vec<usize> = chosen
            .iter()
            .map(|(f, _)| fs.iter().position(|g| std::ptr::eq(*f, g)).unwrap())
            .collect();
        assert_eq!(taken, [0, 1, 4]);
    }

    #[test]
    fn a_syntax_error_blocks_every_fix() {
        let card = "\u{FEFF}---\na: [\n---\n";
        let fixed = fix(card.as_bytes(), true, &Settings::default());
        assert!(!fixed.changed());
        assert_eq!(fixed.bytes, card.as_bytes());
        assert_eq!(fixed.refused, Some(Rule::YamlSyntaxError));
    }

    #[test]
    fn fixes_the_bom_and_the_closing_fence_together() {
        let card = "\u{FEFF}---\r\nlicense: mit\r\n---  \r\nbody\r\n";
        let fixed = fix(card.as_bytes(), true, &Settings::default());
        assert_eq!(fixed.bytes, b"---\r\nlicense: mit\r\n---\r\nbody\r\n");
        assert_eq!(fixed.applied.len(), 2);
    }
}
