//! `invalid-select-option`: see `docs/rules/invalid-select-option.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
