//! `empty-gate-text`: see `docs/rules/empty-gate-text.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
