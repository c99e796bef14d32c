//! `eu-disallowed-not-boolean`: see `docs/rules/eu-disallowed-not-boolean.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
