//! `fields-not-mapping`: see `docs/rules/fields-not-mapping.md`.

use std::collections::HashSet;

use super::anchored::through;
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{Gate, FIELDS_KEY};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Entry, Node, Source, Value};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let Some(entry) = gate.fields_entry else {
        return;
    };
    let value = gate.doc.resolve(&entry.value);
    if value.entries().is_some() {
        return;
    }
    let is_list = value.items().is_some();
    // A list spans many lines: point at the key. A scalar: at the value, unless it is empty.
    let span = if is_list || value.span.is_empty() {
        entry.key.span
    } else {
        value.span
    };
    let what = value.describe();
    let mut finding = Finding::new(Rule::FieldsNotMapping, span, message(what, is_list))
        .label(format!("{what}, not a mapping"))
        .help(help(value));
    if let Some(fix) = list_fix(gate.doc.source, entry, value) {
        finding = finding.fix(fix);
    }
    out.push(through(&gate.sites_of(entry), finding));
}

fn message(what: &str, is_list: bool) -> String {
    let rejected = if is_list {
        ": the Hub rejects the push (\"extra_gated_fields\" must be of type object)"
    } else {
        ", so the form has no fields"
    };
    format!("`{FIELDS_KEY}` is {what}; expected a mapping of label to field type{rejected}")
}

fn help(value: &Node) -> String {
    match &value.value {
        Value::Seq(_) => {
            "remove the `- ` before each field so they form one mapping, e.g. `Name: text`".into()
        }
        _ if value.span.is_empty() || value.scalar() == Some("") => {
            "indent the fields under it, one per line (`  Name: text`), or remove the key".into()
        }
        _ => "write one field per line under the key, as `label: type`, e.g. `  Name: text`".into(),
    }
}

/// The template's block list of one-key mappings, rewritten as a mapping: each `- ` marker is
/// removed (the key keeps its text). `None` unless every item is such a mapping in block style
/// with the same indentation, and no label repeats.
fn list_fix(source: Source, entry: &Entry, list: &Node) -> Option<Fix> {
    // Only a list written right here, not one reached through an alias or tagged.
    if !matches!(entry.value.value, Value::Seq(_)) || list.anchor != 0 || list.tag.is_some() {
        return None;
    }
    let items = list.items()?;
    if items.is_empty() {
        return None;
    }
    let mut labels = HashSet::new();
    let mut markers = Vec::with_capacity(items.len());
    // Explicit `? key` / `: value` pairs must stay aligned: dashes become spaces instead.
    let mut keep_columns = false;
    let mut gap = None;
    for item in items {
        if item.anchor != 0 || item.tag.is_some() {
            return None;
        }
        let [only] = item.entries()? else {
            return None;
        };
        let label = only.key.scalar()?;
        if only.key.anchor != 0 || only.key.tag.is_some() || !labels.insert(label) {
            return None;
        }
        // Back from the key over blanks, an optional `?`, blanks, to the `-`.
        let mut start = only.key.span.start;
        let before = back_over_spaces(source, start);
        if before > 0 && source.get(before - 1) == Some(b'?') && before < start {
            keep_columns = true;
            start = before - 1;
        }
        let dash = back_over_spaces(source, start).checked_sub(1)?;
        if source.get(dash) != Some(b'-') || dash + 1 >= start {
            return None;
        }
        let line_start = source.line_start(dash);
        if !source
            .slice(Span::new(line_start, dash))
            .iter()
            .all(|&b| b == b' ')
        {
            return None;
        }
        let this_gap = start - dash;
        if *gap.get_or_insert(this_gap) != this_gap {
            return None;
        }
        // A block scalar's indentation indicator (`|2`) counts from the key's column: moving the
        // key would change the scalar's text, so such a list keeps its columns.
        if has_indentation_indicator(source.slice(item.span)) {
            keep_columns = true;
        }
        markers.push((dash, start, dash - line_start));
    }
    let parent_column = entry.key.span.start - source.line_start(entry.key.span.start);
    let edits = markers
        .into_iter()
        .map(|(dash, start, column)| {
            if column > parent_column && !keep_columns {
                // `  - Name: text` → `  Name: text`: nested lines stay deeper than the key.
                Edit {
                    span: Span::new(dash, start),
                    replacement: String::new(),
                }
            } else {
                // `- Name: text` → `  Name: text`: the key keeps its column.
                Edit {
                    span: Span::new(dash, dash + 1),
                    replacement: " ".into(),
                }
            }
        })
        .collect();
    Some(Fix {
        description: format!("rewrite `{FIELDS_KEY}` as a mapping"),
        edits,
    })
}

/// True when `text` holds `|` or `>` followed by a digit (after an optional chomping sign).
fn has_indentation_indicator(text: &[u8]) -> bool {
    text.windows(3).any(|w| match w {
        [b'|' | b'>', b'+' | b'-', d] | [b'|' | b'>', d, _] => d.is_ascii_digit(),
        _ => false,
    })
}

/// The offset after the spaces that end just before `at`.
fn back_over_spaces(source: Source, mut at: usize) -> usize {
    while at > 0 && source.get(at - 1) == Some(b' ') {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use crate::rule::Rule;
    use crate::rules::lint;

    /// Applies the fix of the `fields-not-mapping` finding, if any.
    fn fixed(card: &str) -> Option<String> {
        let findings = lint(card.as_bytes());
        let finding = findings.iter().find(|f| f.rule == Rule::FieldsNotMapping)?;
        let mut edits = finding.fix.as_ref()?.edits.clone();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut text = card.to_string();
        for edit in edits {
            text.replace_range(edit.span.start..edit.span.end, &edit.replacement);
        }
        Some(text)
    }

    fn clean(card: &str) -> bool {
        lint(card.as_bytes())
            .iter()
            .all(|f| f.severity != crate::rule::Severity::Error)
    }

    #[test]
    fn indented_list_loses_its_markers() {
        let card = "---\nextra_gated_fields:\n  - Name: text\n  - Role:\n      type: select\n      options: [a, b]\n---\n";
        let out = fixed(card).unwrap();
        assert_eq!(
            out,
            "---\nextra_gated_fields:\n  Name: text\n  Role:\n      type: select\n      options: [a, b]\n---\n"
        );
        assert!(clean(&out), "{out}");
    }

    #[test]
    fn compact_list_and_explicit_keys_keep_their_columns() {
        let card = "---\r\nextra_gated_fields:\r\n- Name: text\r\n- ? I agree\r\n  : checkbox\r\n- 'Quoted': text\r\n---\r\n";
        let out = fixed(card).unwrap();
        assert_eq!(
            out,
            "---\r\nextra_gated_fields:\r\n  Name: text\r\n  ? I agree\r\n  : checkbox\r\n  'Quoted': text\r\n---\r\n"
        );
        assert!(clean(&out), "{out}");
    }

    #[test]
    fn indentation_indicators_keep_columns() {
        let card = "---\nextra_gated_fields:\n  - Name: text\n  - Role: |2\n       text\n---\n";
        let out = fixed(card).unwrap();
        assert_eq!(
            out,
            "---\nextra_gated_fields:\n    Name: text\n    Role: |2\n       text\n---\n"
        );
    }

    #[test]
    fn no_fix_when_unsafe() {
        for card in [
            "---\nextra_gated_fields:\n  - Name: text\n  - {Role: text}\n---\n",
            "---\nextra_gated_fields:\n  - Name: text\n    Role: text\n---\n",
            "---\nextra_gated_fields:\n  - Name: text\n  - Name: text\n---\n",
            "---\nextra_gated_fields:\n  -   Name: text\n  - Role: text\n---\n",
            "---\nextra_gated_fields: [{Name: text}]\n---\n",
            "---\nextra_gated_fields:\n  - Name\n---\n",
        ] {
            assert_eq!(fixed(card), None, "{card}");
        }
    }
}
