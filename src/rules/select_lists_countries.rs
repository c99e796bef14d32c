//! `select-lists-countries`: see `docs/rules/select-lists-countries.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
