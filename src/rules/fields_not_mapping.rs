//! `fields-not-mapping`: see `docs/rules/fields-not-mapping.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
