//! `unexpected-field-key`: see `docs/rules/unexpected-field-key.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
