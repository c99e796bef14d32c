//! The one escaping function for text that comes from a card, a path or a config, before it
//! reaches a terminal or a CI log.
//!
//! A character is *unsafe* when it can drive a terminal or split a line in a CI runner's log:
//! the C0 controls (U+0000–U+001F) but tab, DEL (U+007F), the C1 controls (U+0080–U+009F) and
//! the Unicode bidi controls (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, U+061C). An unsafe
//! character is shown as `\u{HEX}`: a backslash, `u`, and the code point in lower-case hex
//! without leading zeros between braces, as Rust writes it (ESC is `\u{1b}`, a lone CR
//! `\u{d}`, RLO `\u{202e}`). The `[` of `##[` is written `\u{5b}` too: the GitHub Actions runner
//! reads `##[command]` anywhere in a line as a (legacy) workflow command.
//!
//! A character that shows as nothing (a zero-width space, a BOM, a soft hyphen, a joiner or
//! variation selector outside an emoji, … : `gate::is_invisible`, the list messages use) is shown
//! as `\u{HEX}` too, so that a snippet shows what its message names (`checkbox\u{200b}`), and a
//! renderer moving labels onto escaped text (`escape_into`) keeps them under the right
//! characters. A zero-width joiner or variation selector right after a non-ASCII character is
//! part of an emoji (`👩‍💻`, `✔️`) and stays. Everything else, backslashes included, is written as
//! it is.
//!
//! [`escape`] is for text shown on one line (messages, labels, help, paths, config values): a
//! line feed is unsafe there too, since it would start a new line a CI runner reads as a
//! command. [`escape_lines`] is for text shown as lines (a snippet of a card): it keeps line
//! feeds and CRLF pairs, and escapes a CR not followed by a line feed. [`guard_lines`] runs over
//! whole output lines, after rendering: a line that would begin with `::` after blanks (the
//! runner's workflow-command prefix) gets its first colon written `\u{3a}`, so that text wrapped
//! or cut by a renderer cannot start a command either.

use std::borrow::Cow;

use crate::gate::is_invisible;

/// Whether `c` is shown escaped wherever it is printed (line feed aside, see [`escape`]).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{a}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{61c}')
}

/// `text` for one line: every unsafe character, line feed included, as `\u{HEX}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// `text` shown as lines: as [`escape`], but line feeds (and the CR of a CRLF) stay as they are.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

fn escape_with(text: &str, keep_lines: bool) -> Cow<'_, str> {
    let Some(first) = first_escaped(text, keep_lines) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(text.get(..first).unwrap_or_default());
    let rest = text.get(first..).unwrap_or_default();
    // The two characters before `rest`, for a `##[` that straddles it.
    let before = text.get(first.saturating_sub(2)..first).unwrap_or_default();
    escape_after(before, rest, keep_lines, &mut out, |_, _| {});
    Cow::Owned(out)
}

/// Whether the character `c` at byte `i` of `text` is written as it is.
fn keeps(text: &[u8], i: usize, c: char, keep_lines: bool) -> bool {
    if c == '[' {
        return !(i >= 2 && text.get(i - 2..i) == Some(b"##"));
    }
    if is_invisible(c) && !in_emoji(text, i, c) {
        return false;
    }
    !is_unsafe(c) || (keep_lines && (c == '\n' || (c == '\r' && text.get(i + 1) == Some(&b'\n'))))
}

/// Whether `c` at byte `i` is a joiner or variation selector inside an emoji sequence: right
/// after a non-ASCII character (as `gate::short` decides).
fn in_emoji(text: &[u8], i: usize, c: char) -> bool {
    matches!(c, '\u{200d}' | '\u{fe0e}' | '\u{fe0f}')
        && i > 0
        && text.get(i - 1).is_some_and(|b| !b.is_ascii())
}

fn first_escaped(text: &str, keep_lines: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    text.char_indices()
        .find(|&(i, c)| !keeps(bytes, i, c, keep_lines))
        .map(|(i, _)| i)
}

/// Appends `text` escaped as [`escape`] (or [`escape_lines`] when `keep_lines`) to `out`, calling
/// `at(offset in text, offset in out)` before each character: for a renderer that moves spans
/// from the source onto what it prints.
pub fn escape_into(text: &str, keep_lines: bool, out: &mut String, at: impl FnMut(usize, usize)) {
    escape_after("", text, keep_lines, out, at);
}

/// [`escape_into`] for `text` that follows `before` (whose `##` may start a `##[`).
fn escape_after(
    before: &str,
    text: &str,
    keep_lines: bool,
    out: &mut String,
    mut at: impl FnMut(usize, usize),
) {
    let mut joined = Vec::with_capacity(before.len() + 1);
    joined.extend_from_slice(before.as_bytes());
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        at(i, out.len());
        // `##[` needs the two bytes before the `[`, which may lie in `before`.
        let keep = if c == '[' && i < 2 {
            joined.truncate(before.len());
            joined.extend_from_slice(bytes.get(..i + 1).unwrap_or_default());
            keeps(&joined, before.len() + i, c, keep_lines)
        } else {
            keeps(bytes, i, c, keep_lines)
        };
        if keep {
            out.push(c);
        } else {
            push_escaped(out, c);
        }
    }
}

fn push_escaped(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Every line of rendered `text` that would begin with `::` after blanks, with its first colon
/// written `\u{3a}`: no line gatelint prints reads as a workflow command to a CI runner.
pub fn guard_lines(text: &str) -> Cow<'_, str> {
    let starts_command = |line: &str| line.trim_start().starts_with("::");
    if !text.contains("::") || !text.split('\n').any(starts_command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        if starts_command(line) {
            let blanks = line.len() - line.trim_start().len();
            out.push_str(line.get(..blanks).unwrap_or_default());
            push_escaped(&mut out, ':');
            out.push_str(line.get(blanks + 1..).unwrap_or_default());
        } else {
            out.push_str(line);
        }
    }
    Cow::Owned(out)
}

/// Whether `text` holds a character that [`escape_lines`] would escape (or a `##[`): what no
/// text output of gatelint may contain (the fuzz target and the property tests assert it).
pub fn has_raw_control(text: &str) -> bool {
    matches!(escape_lines(text), Cow::Owned(_))
}

/// Whether a line of `text` would be read as a workflow command by the GitHub Actions runner:
/// one that begins with `::` after blanks, or holds `##[`. Lines are split as the runner splits
/// them, on CR, LF and CRLF.
pub fn forges_command(text: &str) -> bool {
    text.split(['\r', '\n'])
        .any(|line| line.trim_start().starts_with("::") || line.contains("##["))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_shown_escaped() {
        assert_eq!(
            escape("a\u{1b}]52;c;eA==\u{7}b"),
            "a\\u{1b}]52;c;eA==\\u{7}b"
        );
        assert_eq!(escape("x\r::error::y\nz"), "x\\u{d}::error::y\\u{a}z");
        assert_eq!(
            escape("\u{202e}abc\u{2066}\u{85}\u{7f}"),
            "\\u{202e}abc\\u{2066}\\u{85}\\u{7f}"
        );
        assert_eq!(escape("tab\tand é ✓ \\n"), "tab\tand é ✓ \\n");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert_eq!(escape("a ##[error]b #[c] ##"), "a ##\\u{5b}error]b #[c] ##");
    }

    #[test]
    fn invisible_characters_are_shown_but_emoji_stay_whole() {
        assert_eq!(escape("checkbox\u{200b}"), "checkbox\\u{200b}");
        assert_eq!(escape("\u{feff}text\u{ad}"), "\\u{feff}text\\u{ad}");
        assert_eq!(escape_lines("a:\u{2060} b\n"), "a:\\u{2060} b\n");
        // A joiner or selector inside an emoji is part of it; alone, it is shown.
        assert_eq!(escape("👩\u{200d}💻 ✔\u{fe0f}"), "👩\u{200d}💻 ✔\u{fe0f}");
        assert_eq!(escape("a\u{200d}b"), "a\\u{200d}b");
    }

    #[test]
    fn no_line_starts_a_command() {
        let text = "ok\n  ::error file=x::y\n::stop-commands::t\na::b";
        let guarded = guard_lines(text);
        assert_eq!(
            guarded,
            "ok\n  \\u{3a}:error file=x::y\n\\u{3a}:stop-commands::t\na::b"
        );
        assert!(forges_command(text));
        assert!(!forges_command(&guarded));
        assert!(forges_command("a\r::error::b"));
        assert!(forges_command("x ##[warning]y"));
    }

    #[test]
    fn lines_keep_line_feeds_and_crlf_but_not_a_lone_cr() {
        assert_eq!(
            escape_lines("a\r\nb\nc\rd\u{1b}"),
            "a\r\nb\nc\\u{d}d\\u{1b}"
        );
        assert_eq!(escape_lines("end\r"), "end\\u{d}");
        assert!(has_raw_control("a\u{9b}b"));
        assert!(!has_raw_control("a\r\nb\tc\n"));
    }

    #[test]
    fn escape_into_maps_every_character() {
        let mut out = String::from(">");
        let mut map = Vec::new();
        escape_into("a\u{1b}é[", false, &mut out, |i, o| map.push((i, o)));
        assert_eq!(out, ">a\\u{1b}é[");
        assert_eq!(map, vec![(0, 1), (1, 2), (2, 8), (4, 10)]);
        // A `##[` split by the first escape is still escaped.
        assert_eq!(escape("\u{1b}##[x"), "\\u{1b}##\\u{5b}x");
        assert_eq!(escape("##\u{1b}[x"), "##\\u{1b}[x");
    }
}
