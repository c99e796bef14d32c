//! `inert-gate`: see `docs/rules/inert-gate.md`.

use crate::finding::Finding;
use crate::gate::GATE_KEYS;
use crate::rule::Rule;
use crate::yaml::Resolved;
use crate::Card;

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Some(gate) = card.gate else {
        return;
    };
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
    let name = first.key.scalar().unwrap_or_default();
    out.push(
        Finding::new(Rule::InertGate, gated.value.span, message(name, keys.len()))
            .label("the card says the repo is not gated")
            .related(first.key.span, "has no effect while `gated: false`")
            .help("gating is a repo setting: if the repo is gated, remove `gated: false`; if it is not, remove the gate keys"),
    );
}

fn message(first: &str, count: usize) -> String {
    match count {
        1 => format!("`gated: false` with a gate key: `{first}` has no effect"),
        n => format!(
            "`gated: false` with {n} gate keys: `{first}` and the {} other{} have no effect",
            n - 1,
            if n == 2 { "" } else { "s" }
        ),
    }
}
