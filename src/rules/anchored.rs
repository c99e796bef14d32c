//! Not a rule: how findings about nodes shared through anchors are placed and fixed.
//!
//! - [`through`]: a finding about a node that a field reaches through an alias or a merge key
//!   points at that alias or merge entry, where the author edits this field, and labels the
//!   anchored node "defined here" (the gate model's [`Sites`]).
//! - [`settle`]: after every rule ran, a fix that edits an anchored node other places share is
//!   kept only when every place using the anchor has a finding with the very same fix (then one
//!   edit fixes them all, and `--fix` counts each); otherwise the fix moves to the alias when the
//!   anchored node is a one-line scalar (`*o` becomes `checkbox`), or is dropped, and the help
//!   says why, with the other users marked.

use std::collections::HashMap;

use crate::finding::{Edit, Finding, Fix};
use crate::gate::Sites;
use crate::span::Span;
use crate::yaml::{Document, Node, Style, Value};

/// The related label on the anchored node.
pub const DEFINED_HERE: &str = "defined here";

/// Points `finding` at the place its field's own text brings the node in: see the module docs.
pub fn through(sites: &Sites, mut finding: Finding) -> Finding {
    if let Some(site) = sites.locate(finding.span) {
        finding
            .related
            .insert(0, (finding.span, DEFINED_HERE.to_string()));
        finding.span = site.at;
    } else if let Some(site) = sites.at(finding.span) {
        finding
            .related
            .insert(0, (site.target, DEFINED_HERE.to_string()));
    }
    finding
}

/// [`through`] for a finding about a node used at `via`: the node as written at this use (an
/// item of `options`, a label key, an option's `label` or `value`). When `via` is an alias, the
/// finding points at that alias, so that each alias of one anchored node gets its own finding
/// where the author edits that use (or, when the alias is itself in text brought in from
/// elsewhere, at the alias or merge entry that brings that text in); when `via` is the anchored
/// node written in place, the finding stays there, whatever other aliases use it.
pub fn through_via(sites: &Sites, via: &Node, mut finding: Finding) -> Finding {
    let at = point(sites, via, finding.span);
    if at != finding.span {
        finding
            .related
            .insert(0, (finding.span, DEFINED_HERE.to_string()));
        finding.span = at;
    }
    finding
}

/// Where [`through_via`] points a finding about `span`, used at `via`.
pub fn point(sites: &Sites, via: &Node, span: Span) -> Span {
    match (&via.value, sites.locate_strict(via.span)) {
        (_, Some(site)) => site.at,
        (Value::Alias(_), None) => via.span,
        (_, None) => span,
    }
}

/// Most (findings with a fix) × (shared anchored nodes) compared; past it, fixes that touch an
/// anchored node are dropped rather than checked (never a hang on an alias bomb).
const WORK_LIMIT: usize = 2_000_000;

/// One anchored node that aliases share: where it is written and where it is used.
struct Shared {
    node: Span,
    aliases: Vec<Span>,
}

/// Settles the fixes that edit anchored, shared nodes: see the module docs.
pub fn settle(doc: &Document, out: &mut [Finding]) {
    if !out.iter().any(|f| f.fix.is_some()) {
        return;
    }
    let aliases = doc.aliases();
    if aliases.is_empty() {
        return;
    }
    // Alias span → its anchor id, for the fix at the alias.
    let alias_ids: HashMap<Span, usize> = aliases
        .iter()
        .flat_map(|(id, spans)| spans.iter().map(move |s| (*s, *id)))
        .collect();
    let shared: Vec<Shared> = aliases
        .iter()
        .filter_map(|(id, spans)| {
            Some(Shared {
                node: doc.anchor_node(*id)?.span,
                aliases: spans.clone(),
            })
        })
        .collect();
    let mut work = 0usize;
    let mut containing = |span: Span| -> Option<Vec<&Shared>> {
        work += shared.len();
        if work > WORK_LIMIT {
            return None;
        }
        Some(
            shared
                .iter()
                .filter(|s| s.node.start <= span.start && span.end <= s.node.end)
                .collect(),
        )
    };
    // Findings grouped by their fix's edits: one group, one change to the text.
    let mut groups: Vec<(Vec<Edit>, Vec<usize>)> = Vec::new();
    let mut index: HashMap<Vec<(Span, String)>, usize> = HashMap::new();
    for (i, finding) in out.iter().enumerate() {
        let Some(fix) = &finding.fix else {
            continue;
        };
        let mut edits = fix.edits.clone();
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let key: Vec<(Span, String)> = edits
            .iter()
            .map(|e| (e.span, e.replacement.clone()))
            .collect();
        match index.get(&key) {
            Some(&g) => {
                if let Some(group) = groups.get_mut(g) {
                    group.1.push(i);
                }
            }
            None => {
                index.insert(key, groups.len());
                groups.push((edits, vec![i]));
            }
        }
    }
    for (edits, members) in groups {
        let mut users: Vec<(Span, bool)> = Vec::new();
        let mut overflow = false;
        for edit in &edits {
            let Some(nodes) = containing(edit.span) else {
                overflow = true;
                break;
            };
            for node in nodes {
                users.push((node.node, true));
                users.extend(node.aliases.iter().map(|a| (*a, false)));
            }
        }
        if users.is_empty() && !overflow {
            continue;
        }
        users.sort();
        users.dedup();
        let mut spans: Vec<Span> = members
            .iter()
            .filter_map(|&i| out.get(i).map(|f| f.span))
            .collect();
        spans.sort();
        // The anchored node is covered by a finding written in it (the first finding starting
        // in it); an alias by a finding that points at it or at the merge entry holding it (the
        // last finding starting before it). A lookup each, however many aliases.
        let uncovered: Vec<(Span, bool)> = users
            .iter()
            .copied()
            .filter(|&(user, is_node)| {
                let covered = if is_node {
                    let i = spans.partition_point(|f| f.start < user.start);
                    spans.get(i).is_some_and(|f| f.end <= user.end)
                } else {
                    let i = spans.partition_point(|f| f.start <= user.start);
                    i.checked_sub(1)
                        .and_then(|i| spans.get(i))
                        .is_some_and(|f| user.end <= f.end)
                };
                !covered
            })
            .collect();
        if !overflow && uncovered.is_empty() {
            continue;
        }
        for &i in &members {
            let Some(finding) = out.get_mut(i) else {
                continue;
            };
            let alias_shared = containing(finding.span).is_none_or(|v| !v.is_empty());
            let at_alias = (!alias_shared)
                .then(|| alias_fix(doc, &alias_ids, finding, &edits))
                .flatten();
            let old = finding.fix.take();
            if let Some(fix) = at_alias {
                finding.fix = Some(fix);
                continue;
            }
            let description = old.map(|f| f.description).unwrap_or_default();
            let others: Vec<(Span, bool)> = uncovered
                .iter()
                .copied()
                .filter(|(s, _)| *s != finding.span && !finding.related.iter().any(|(r, _)| r == s))
                .take(8)
                .collect();
            for (span, is_node) in others {
                let label = if is_node {
                    "written here, where it is used as well"
                } else {
                    "also uses the anchored value"
                };
                finding.related.push((span, label.to_string()));
            }
            let why = format!(
                "no automatic fix: the value is anchored and also used where marked, which the fix ({description}) would change too"
            );
            finding.help = Some(match finding.help.take() {
                Some(help) => format!("{help}; {why}"),
                None => why,
            });
        }
    }
}

/// The fix moved to the alias the finding points at: the anchored node is a one-line scalar,
/// untagged, holding every edit (the caller checks that the alias is itself in no shared node). The alias becomes
/// the fixed text (`*o` → `checkbox`).
fn alias_fix(
    doc: &Document,
    alias_ids: &HashMap<Span, usize>,
    finding: &Finding,
    edits: &[Edit],
) -> Option<Fix> {
    let id = alias_ids.get(&finding.span)?;
    let node = doc.anchor_node(*id)?;
    let Value::Scalar { style, .. } = &node.value else {
        return None;
    };
    if node.tag.is_some()
        || !matches!(
            style,
            Style::Plain | Style::SingleQuoted | Style::DoubleQuoted
        )
    {
        return None;
    }
    let raw = std::str::from_utf8(doc.source.slice(node.span)).ok()?;
    if raw.is_empty() || raw.contains(['\n', '\r']) {
        return None;
    }
    if !edits
        .iter()
        .all(|e| node.span.start <= e.span.start && e.span.end <= node.span.end)
    {
        return None;
    }
    let mut text = raw.to_string();
    for edit in edits.iter().rev() {
        let (start, end) = (
            edit.span.start - node.span.start,
            edit.span.end - node.span.start,
        );
        text.get(start..end)?;
        text.replace_range(start..end, &edit.replacement);
    }
    let alias = String::from_utf8_lossy(doc.source.slice(finding.span)).into_owned();
    Some(Fix {
        description: format!(
            "replace the alias {} with {}",
            super::code(&alias),
            super::code(&text)
        ),
        edits: vec![Edit {
            span: finding.span,
            replacement: text,
        }],
    })
}
