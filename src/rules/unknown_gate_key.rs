//! `unknown-gate-key`: see `docs/rules/unknown-gate-key.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
