//! `country-as-text`: see `docs/rules/country-as-text.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
