//! `invalid-gated-value`: see `docs/rules/invalid-gated-value.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
