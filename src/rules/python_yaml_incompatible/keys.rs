//! Implicit keys longer than PyYAML's limit.

use super::*;

pub(super) fn long_key(text: &Text, key: &Span, out: &mut Vec<Finding>) {
    let bytes = text.text.as_bytes();
    let end = text.local(key.end);
    // The `:` after the key and its blanks; none for an explicit key (`? key`).
    let colon = bytes
        .get(end..)
        .unwrap_or_default()
        .iter()
        .position(|&c| c != b' ')
        .map(|i| end + i);
    if colon.and_then(|i| bytes.get(i)) != Some(&b':') {
        return;
    }
    let Some(colon) = colon else { return };
    let start = key_start(text.text, text.local(key.start));
    if explicit(bytes, start) {
        return;
    }
    let chars = text
        .text
        .get(start..colon)
        .unwrap_or_default()
        .chars()
        .count();
    if chars <= KEY_LIMIT {
        return;
    }
    let shown = clip(text.text.get(start..colon).unwrap_or_default().trim_end());
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            text.span(start, colon),
            format!(
                "{WHO}: the key `{shown}` runs {chars} characters to its `:`, and PyYAML reads \
                 a key without `?` only up to {KEY_LIMIT}"
            ),
        )
        .label(format!("{chars} characters"))
        .help(
            "write it as an explicit key: `? ` before the key, and its `: value` on the next line",
        ),
    );
}

/// Where PyYAML's key starts: at its anchor or tag when it has one (`&a key: …`).
pub(super) fn key_start(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut start = start;
    loop {
        let before = bytes.get(..start).unwrap_or_default();
        let word_end = before.iter().rposition(|&c| c != b' ').map_or(0, |i| i + 1);
        if word_end == start {
            return start;
        }
        let word_start = bytes
            .get(..word_end)
            .unwrap_or_default()
            .iter()
            .rposition(|&c| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b','))
            .map_or(0, |i| i + 1);
        match bytes.get(word_start) {
            Some(b'&' | b'!') => start = word_start,
            _ => return start,
        }
    }
}

/// Whether the key at `start` follows a `?` (an explicit key), with only blanks between.
pub(super) fn explicit(bytes: &[u8], start: usize) -> bool {
    let before = bytes.get(..start).unwrap_or_default();
    before
        .iter()
        .rev()
        .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
        == Some(&b'?')
}
