//! The fields of the form in the Hub's order and with the Hub's labels.
//!
//! The Hub reads `extra_gated_fields` with js-yaml 4 into a JavaScript object, and the form lists
//! that object's keys. Two things follow, both checked against js-yaml's own `Object.keys` in
//! `tests/preview.rs`:
//!
//! - **Labels.** js-yaml turns every key into a string with `String(value)`: `0x1F` is the number
//!   31, so the label is `31`; `007` is `7`, `+5` is `5`, `1e3` is `1000`, `1e21` is `1e+21`,
//!   `.inf` is `Infinity`, `null` and `~` are `null`, a mapping is `[object Object]` (the one
//!   conversion, shared with the rules, is `yaml::key`).
//! - **Order.** A JavaScript object lists its array-index keys first (canonical decimal integers
//!   from 0 to 2^32 − 2), in ascending numeric order, then the other keys in insertion order.
//!   Insertion follows js-yaml's loader (`storeMappingPair`, `mergeMappings`): a key is inserted
//!   where it is first written; a `<<` merge inserts, where the merge key stands, each key of
//!   each merged mapping (in that mapping's own key order, earlier mappings first) that the
//!   object does not have yet; a key written after the merge that names a merged key replaces
//!   its value and keeps the merged key's place, since assigning an existing property does not
//!   move it.
//!
//! The walk is bounded as the gate model's is: merged mappings are followed at most 8 levels
//! deep, and each mapping is expanded at most once per walk (a mapping merged a second time adds
//! nothing: its keys are all there already), so an alias bomb costs no more than its text.

use std::collections::{HashMap, HashSet};

use crate::gate::merge_sources;
use crate::yaml::key::{array_index, property_name};
use crate::yaml::{Document, Entry, Node, Resolved};

/// How deep merged mappings are followed, as in [`crate::gate::merged_entries`].
const MAX_DEPTH: usize = 8;

/// The entries of `mapping` as the Hub's object holds them: `(label, entry)` with the label the
/// Hub shows and the entry whose value it uses, in the order the Hub lists them.
pub fn hub_order<'d, 'a>(
    doc: &'d Document<'a>,
    mapping: &'d Node<'a>,
) -> Vec<(String, &'d Entry<'a>)> {
    let mut seen = HashSet::new();
    let mut keys = object_keys(doc, mapping, 0, &mut seen);
    // A stable sort: array indexes first, ascending; the rest keep their insertion order.
    keys.sort_by_key(|(label, _)| array_index(label).map_or((1, 0), |i| (0, i)));
    keys
}

/// The keys of the object js-yaml builds for `node`, in insertion order (before the array-index
/// keys move to the front).
fn object_keys<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    depth: usize,
    seen: &mut HashSet<*const Node<'a>>,
) -> Vec<(String, &'d Entry<'a>)> {
    let Some(entries) = node.entries() else {
        return Vec::new();
    };
    let mut out: Vec<(String, &'d Entry<'a>)> = Vec::new();
    // Where each key stands in `out`, and whether it came from a merge (a key written after the
    // merge may then replace it; a key written twice is js-yaml's `duplicated mapping key`,
    // rejected by the Hub, and both are kept so the form shows what was written).
    let mut at: HashMap<String, (usize, bool)> = HashMap::new();
    for entry in entries {
        if entry.key.resolved() == Some(Resolved::Merge) {
            if depth >= MAX_DEPTH {
                continue;
            }
            for source in merge_sources(doc, &entry.value) {
                if !seen.insert(source) {
                    continue;
                }
                for (key, merged) in object_keys(doc, source, depth + 1, seen) {
                    if !at.contains_key(&key) {
                        at.insert(key.clone(), (out.len(), true));
                        out.push((key, merged));
                    }
                }
            }
            continue;
        }
        let key = property_name(doc, &entry.key).into_owned();
        match at.get(&key).copied() {
            Some((index, true)) => {
                if let Some(slot) = out.get_mut(index) {
                    slot.1 = entry;
                }
                at.insert(key, (index, false));
            }
            Some((_, false)) => out.push((key, entry)),
            None => {
                at.insert(key.clone(), (out.len(), false));
                out.push((key, entry));
            }
        }
    }
    out
}
