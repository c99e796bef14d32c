//! `unknown-field-type`: see `docs/rules/unknown-field-type.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
