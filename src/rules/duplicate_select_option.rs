//! `duplicate-select-option`: see `docs/rules/duplicate-select-option.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
