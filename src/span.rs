//! Byte spans into the whole card file and the one place where they become lines and columns.

use serde::Serialize;

/// A byte range `start..end` into the whole file (not the front matter).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The bytes of `source` under this span, or an empty slice when it lies outside.
    pub fn slice<'a>(&self, source: &'a [u8]) -> &'a [u8] {
        source.get(self.start..self.end).unwrap_or_default()
    }
}

/// A 1-based line and a 1-based column counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Turns byte offsets into [`Position`]s. Built once per file that has findings.
///
/// Columns count characters: on an ASCII line that is the byte distance, found at once; on other
/// lines the characters are counted from the last position asked on that line (findings come in
/// order), so 50 000 findings on one long line stay linear.
pub struct LineIndex<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
    /// Whether each line is pure ASCII.
    ascii: Vec<bool>,
    /// The last (byte offset, column) counted on a non-ASCII line.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// `text` must be the display text of the file prefix (see [`display_text`]); a line break is
    /// `\n`, `\r\n` or a lone `\r`, as the Hub's fence regex sees them.
    pub fn new(text: &'a str) -> Self {
        Self::covering(text, usize::MAX)
    }

    /// [`LineIndex::new`] for offsets up to `upto` only: the lines after the one holding it are
    /// not looked for (a card's findings sit in its front matter, and the text read may go on
    /// into the body). A position past `upto` is then wrong; one up to it is the same.
    pub fn covering(text: &'a str, upto: usize) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n') {
                line_starts.push(i + 1);
                if i + 1 > upto {
                    break; // the line after the one holding `upto`
                }
            }
        }
        let ascii = line_starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = line_starts.get(i + 1).copied().unwrap_or(bytes.len());
                // A line after `upto` is never asked about.
                start <= upto && bytes.get(start..end).is_some_and(<[u8]>::is_ascii)
            })
            .collect();
        LineIndex {
            text,
            line_starts,
            ascii,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// The position of a byte offset; offsets past the end clamp to the end, and offsets inside a
    /// character count as that character.
    pub fn position(&self, offset: usize) -> Position {
        let bytes = self.text.as_bytes();
        let offset = offset.min(bytes.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts.get(line - 1).copied().unwrap_or(0);
        let column = if self.ascii.get(line - 1).copied().unwrap_or(false) {
            offset - start
        } else {
            // Resume from the last count when it lies on this line, before `offset`.
            let (from, counted) = match self.last.get() {
                (at, col) if at >= start && at <= offset => (at, col),
                _ => (start, 0),
            };
            // Characters that start before `offset`: every byte that is not a continuation byte.
            let more = bytes
                .get(from..offset)
                .unwrap_or_default()
                .iter()
                .filter(|&&b| b & 0xC0 != 0x80)
                .count();
            self.last.set((offset, counted + more));
            counted + more
        };
        Position {
            line,
            column: column + 1,
        }
    }
}

/// The file prefix as text with every byte offset kept: each byte of an invalid UTF-8 sequence
/// becomes one `?`, and a lone `\r` (a CR-only line break) becomes `\n` so that renderers that
/// split lines at `\n` see the same lines as [`LineIndex`]. Spans computed over the bytes stay
/// valid over the text.
pub fn display_text(bytes: &[u8]) -> String {
    let mut text = utf8_text(bytes);
    if text.contains('\r') {
        let mut out = String::with_capacity(text.len());
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            out.push(if c == '\r' && chars.peek() != Some(&'\n') {
                '\n'
            } else {
                c
            });
        }
        text = out;
    }
    text
}

fn utf8_text(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(valid) => {
                out.push_str(valid);
                return out;
            }
            Err(err) => {
                let (valid, after) = rest.split_at(err.valid_up_to());
                out.push_str(std::str::from_utf8(valid).unwrap_or_default());
                let bad = err.error_len().unwrap_or(after.len()).min(after.len());
                out.extend(std::iter::repeat_n('?', bad));
                rest = after.get(bad..).unwrap_or_default();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_and_all_line_breaks() {
        let text = "a\r\nbé c\rd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(0), Position { line: 1, column: 1 });
        assert_eq!(idx.position(3), Position { line: 2, column: 1 });
        // 'c' is after 'b', 'é' (2 bytes), ' '
        assert_eq!(idx.position(7), Position { line: 2, column: 4 });
        assert_eq!(idx.position(9), Position { line: 3, column: 1 });
        assert_eq!(idx.position(1000), Position { line: 4, column: 1 });
        // Out of order, and inside a character (the second byte of 'é' counts it as started).
        assert_eq!(idx.position(5), Position { line: 2, column: 3 });
        assert_eq!(idx.position(4), Position { line: 2, column: 2 });
        assert_eq!(idx.position(3), Position { line: 2, column: 1 });
    }

    #[test]
    fn a_covering_index_answers_as_the_whole_one_up_to_its_limit() {
        let text = "a\r\nbé c\rd\n\ne\r\n\rfé\n";
        let whole = LineIndex::new(text);
        for upto in 0..=text.len() + 1 {
            let covering = LineIndex::covering(text, upto);
            for offset in 0..=upto.min(text.len()) {
                assert_eq!(
                    covering.position(offset),
                    whole.position(offset),
                    "{upto} {offset}"
                );
            }
            assert!(covering.line_starts.len() <= whole.line_starts.len());
        }
        assert!(LineIndex::covering(text, 0).line_starts.len() < whole.line_starts.len());
    }

    #[test]
    fn display_text_keeps_offsets() {
        let bytes = b"ab\xffc\xe2\x82d";
        let text = display_text(bytes);
        assert_eq!(text.len(), bytes.len());
        assert_eq!(text, "ab?c??d");
        assert_eq!(display_text(b"a\rb\r\nc"), "a\nb\r\nc");
    }
}
