//! `inert-gate`: see `docs/rules/inert-gate.md`.

use super::anchored::through;
use crate::finding::Finding;
use crate::gate::{Gate, GATE_KEYS};
use crate::rule::Rule;
use crate::yaml::Resolved;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    let Some(gated) = gate.gated else {
        return;
    };
    if gate.doc.resolve(&gated.value).resolved() != Some(Resolved::Bool(false)) {
        return;
    }
    let keys: Vec<_> = gate
        .top
        .iter()
        .filter(|e| e.key.scalar().is_some_and(|k| GATE_KEYS.contains(&k)))
        .collect();
    let Some(first) = keys.first() else {
        return;
    };
    let names: Vec<&str> = keys.iter().filter_map(|e| e.key.scalar()).collect();
    out.push(through(&gate.sites_of(gated),
        Finding::new(Rule::InertGate, gated.value.span, message(&names))
            .label("the card says the repo is not gated")
            .related(first.key.span, "has no effect while `gated: false`")
            .help("gating is a repo setting: if the repo is gated, remove `gated: false`; if it is not, remove the gate keys"),
    ));
}

fn message(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| super::code(n)).collect();
    match quoted.as_slice() {
        [one] => format!("`gated: false` with a gate key: {one} has no effect"),
        [init @ .., last] if quoted.len() <= 3 => format!(
            "`gated: false` with gate keys: {} and {last} have no effect",
            init.join(", ")
        ),
        [first, rest @ ..] => format!(
            "`gated: false` with {} gate keys: {first} and {} others have no effect",
            quoted.len(),
            rest.len()
        ),
        [] => "`gated: false` with gate keys: they have no effect".into(),
    }
}
