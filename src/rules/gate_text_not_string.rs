//! `gate-text-not-string`: see `docs/rules/gate-text-not-string.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
