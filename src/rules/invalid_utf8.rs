//! `invalid-utf8`: see `docs/rules/invalid-utf8.md`.

use crate::finding::Finding;
use crate::rule::Rule;
use crate::span::Span;
use crate::{Card, Yaml};

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Yaml::InvalidUtf8 { at } = card.yaml else {
        return;
    };
    let byte = card.bytes.get(at).copied().unwrap_or(0);
    let len = card
        .bytes
        .get(at..)
        .map(|rest| match std::str::from_utf8(rest) {
            Err(e) => e.error_len().unwrap_or(rest.len()).max(1),
            Ok(_) => 1,
        })
        .unwrap_or(1);
    out.push(
        Finding::new(
            Rule::InvalidUtf8,
            Span::new(at, at + len),
            format!("the front matter is not valid UTF-8: byte `0x{byte:02X}` here; the Hub rejects it"),
        )
        .label("not UTF-8")
        .help("re-save the file as UTF-8 (this byte is probably Latin-1 or Windows-1252)"),
    );
}
