//! `invalid-field-spec`: see `docs/rules/invalid-field-spec.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
