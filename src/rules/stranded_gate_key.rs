//! `stranded-gate-key`: see `docs/rules/stranded-gate-key.md`.
//!
//! Two places the Hub never looks for gate keys: below the top level of the front matter (a key
//! of a nested mapping, found in the YAML tree), and outside the front matter (found by the fence
//! rules, [`FrontMatter::body_gate_keys`]).

use crate::finding::Finding;
use crate::frontmatter::{BodyKey, BodyPlace, FrontMatter};
use crate::gate::{short, Gate, GATE_KEYS};
use crate::rule::Rule;
use crate::yaml::{Entry, Node, Value};

pub fn check(front_matter: &FrontMatter, gate: Option<&Gate>, out: &mut Vec<Finding>) {
    for key in front_matter.body_gate_keys() {
        out.push(body_finding(front_matter, key));
    }
    if let Some(gate) = gate {
        nested(front_matter, gate, out);
    }
}

fn body_finding(front_matter: &FrontMatter, found: &BodyKey) -> Finding {
    let key = String::from_utf8_lossy(found.key.slice(front_matter.bytes));
    let key = short(&key);
    match found.place {
        BodyPlace::AfterClose { close } => Finding::new(
            Rule::StrandedGateKey,
            found.key,
            format!(
                "`{key}` comes after the `---` line that closed the front matter, so the Hub \
                 never sees it; it reads gate keys only between the first two `---` lines"
            ),
        )
        .label("in the body, not the front matter")
        .related(close, "the front matter ends here")
        .help(
            "a `---` line ends the front matter wherever it stands, even inside a block scalar: \
             indent it under its key (or remove it) so the keys below it stay in the front matter",
        ),
        BodyPlace::LaterBlock { open } => Finding::new(
            Rule::StrandedGateKey,
            found.key,
            format!(
                "`{key}` is in a second `---` block, in the body, so the Hub never sees it; it \
                 reads gate keys only from the front matter at the top of the file"
            ),
        )
        .label("in the body, not the front matter")
        .related(open, "this `---` block is Markdown")
        .help(format!(
            "move `{key}` and the rest of this block into the front matter at the top of the file"
        )),
        BodyPlace::CodeBlock { fence } => Finding::new(
            Rule::StrandedGateKey,
            found.key,
            format!(
                "`{key}` is in a code block of a file with no front matter, so the Hub never sees \
                 it; it reads gate keys only from a `---` block at the top of the file"
            ),
        )
        .label("in a code block, not the front matter")
        .related(fence, "a Markdown code block")
        .help(
            "start the file with a `---` line, this block's YAML, and a closing `---` line \
             (without the code fences)",
        ),
        BodyPlace::Text => Finding::new(
            Rule::StrandedGateKey,
            found.key,
            format!(
                "`{key}` is in a file with no front matter, so the Hub never sees it; it reads \
                 gate keys only from a `---` block at the top of the file"
            ),
        )
        .label("not in a front matter")
        .help(
            "start the file with a `---` line, then the card's metadata with this key, then a \
             closing `---` line",
        ),
    }
}

/// Gate keys below the top level. A gate key appears in the front matter's text at least once
/// per top-level gate key; only when it appears more often can one be nested, so most cards skip
/// the walk.
fn nested(front_matter: &FrontMatter, gate: &Gate, out: &mut Vec<Finding>) {
    let Some(yaml) = front_matter.yaml() else {
        return;
    };
    let top_level = gate
        .top
        .iter()
        .filter(|e| {
            e.key
                .scalar()
                .is_some_and(|k| k.starts_with("extra_gated_"))
        })
        .count();
    let mentions = crate::frontmatter::gate_prefix()
        .find_iter(yaml.slice(front_matter.bytes))
        .take(top_level + 1)
        .count();
    if mentions <= top_level {
        return;
    }
    let Some(root) = gate.doc.root.as_ref() else {
        return;
    };
    // The nodes still to visit, each with the keys of the mappings above it. Aliases are not
    // followed (their anchor is visited where it stands), so the walk is linear.
    let mut stack: Vec<(&Node, Vec<&str>)> = vec![(root, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match &node.value {
            Value::Map(entries) => {
                for entry in entries.iter().rev() {
                    if !path.is_empty() {
                        check_entry(gate, entry, &path, out);
                    }
                    if matches!(entry.value.value, Value::Map(_) | Value::Seq(_)) {
                        let mut below = path.clone();
                        below.push(entry.key.scalar().unwrap_or("?"));
                        stack.push((&entry.value, below));
                    }
                }
            }
            Value::Seq(items) => {
                for item in items.iter().rev() {
                    if matches!(item.value, Value::Map(_) | Value::Seq(_)) {
                        stack.push((item, path.clone()));
                    }
                }
            }
            _ => {}
        }
    }
}

fn check_entry(gate: &Gate, entry: &Entry, path: &[&str], out: &mut Vec<Finding>) {
    let Some(key) = entry.key.scalar().filter(|k| GATE_KEYS.contains(k)) else {
        return;
    };
    // A `<<` merge at the top level brings a nested mapping's keys up: the Hub sees those.
    if gate.top.iter().any(|top| std::ptr::eq(*top, entry)) {
        return;
    }
    let parent = path.iter().map(|k| short(k)).collect::<Vec<_>>().join(".");
    let outer = short(path.first().copied().unwrap_or_default());
    let help = if outer == "cardData" {
        format!(
            "`cardData` is how the Hub's API returns a card's metadata: in the card itself, its \
             keys go at the top level; move `{key}` there, to the start of a line"
        )
    } else if gate.get(key).is_some() {
        format!(
            "the card has a top-level `{key}` already, which the Hub uses: merge this one into it \
             and remove it from `{outer}`"
        )
    } else {
        format!("move `{key}` out of `{outer}`, to the start of a line at the top level")
    };
    out.push(
        Finding::new(
            Rule::StrandedGateKey,
            entry.key.span,
            format!(
                "`{key}` is nested under `{parent}`, so the Hub never sees it; it reads gate keys \
                 only at the top level of the front matter"
            ),
        )
        .label(format!("under `{parent}`, not at the top level"))
        .help(help),
    );
}
