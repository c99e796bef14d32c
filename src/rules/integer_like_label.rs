//! `integer-like-label`: see `docs/rules/integer-like-label.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
