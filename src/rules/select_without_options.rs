//! `select-without-options`: see `docs/rules/select-without-options.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
