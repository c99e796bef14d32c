//! `yaml11-ambiguous-scalar`: see `docs/rules/yaml11-ambiguous-scalar.md`.

use crate::finding::Finding;
use crate::Card;

pub fn check(_card: &Card, _out: &mut Vec<Finding>) {}
