//! A document's text in the editor's coordinates: lines, and positions counted in UTF-8 bytes or
//! UTF-16 code units, as negotiated (`positionEncoding`).
//!
//! Lines break at `\n`, `\r\n` and a lone `\r`, as the LSP specification says and as the Hub's
//! fence regex sees them. Every conversion clamps: a line past the end is the end of the document,
//! a character past the end of its line is the end of that line (the specification's rule), and a
//! position inside a character (half of a surrogate pair) is that character's start.

use lsp_types::{Position, Range};

/// How the client counts the `character` of a position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    fn units(self, text: &str) -> usize {
        match self {
            Encoding::Utf8 => text.len(),
            Encoding::Utf16 if text.is_ascii() => text.len(),
            Encoding::Utf16 => text.chars().map(char::len_utf16).sum(),
        }
    }
}

/// The byte offset where each line starts.
#[derive(Clone, Debug)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes.get(i) == Some(&b'\n') || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        Lines { starts }
    }

    /// The byte range of line `line`'s text, without its line break; the last line's when past
    /// the end.
    pub fn line(&self, text: &str, line: usize) -> (usize, usize) {
        let line = line.min(self.starts.len().saturating_sub(1));
        let start = self.starts.get(line).copied().unwrap_or(0).min(text.len());
        let mut end = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(text.len())
            .min(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        (start, end)
    }

    /// The line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// The byte offset of a position, clamped into the text (see the module docs).
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let line = position.line as usize;
        if line >= self.starts.len() {
            return text.len();
        }
        let (start, end) = self.line(text, line);
        let line_text = text.get(start..end).unwrap_or_default();
        let want = position.character as usize;
        match encoding {
            Encoding::Utf8 => start + floor_char_boundary(line_text, want.min(line_text.len())),
            Encoding::Utf16 => {
                let mut units = 0;
                for (i, c) in line_text.char_indices() {
                    units += c.len_utf16();
                    if units > want {
                        return start + i;
                    }
                }
                end
            }
        }
    }

    /// The position of byte `offset` (clamped to the text, and down to a character boundary).
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.starts.get(line).copied().unwrap_or(0).min(offset);
        let character = encoding.units(text.get(start..offset).unwrap_or_default());
        Position::new(to_u32(line), to_u32(character))
    }

    pub fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end.max(start), encoding),
        )
    }

    /// The byte range of an LSP range, clamped, with its ends in order.
    pub fn offsets(&self, text: &str, range: Range, encoding: Encoding) -> (usize, usize) {
        let a = self.offset(text, range.start, encoding);
        let b = self.offset(text, range.end, encoding);
        (a.min(b), a.max(b))
    }
}

/// Positions of many offsets, each line's characters counted once: the offsets are converted in
/// sorted order, so a card with thousands of findings on one long line stays linear.
pub struct Positions {
    sorted: Vec<(usize, Position)>,
}

impl Positions {
    pub fn new(
        lines: &Lines,
        text: &str,
        encoding: Encoding,
        offsets: impl Iterator<Item = usize>,
    ) -> Positions {
        let mut wanted: Vec<usize> = offsets.collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut sorted = Vec::with_capacity(wanted.len());
        // The last converted (line, byte offset, character).
        let mut last: Option<(usize, usize, usize)> = None;
        for offset in wanted {
            let at = floor_char_boundary(text, offset.min(text.len()));
            let line = lines.line_of(at);
            let (from, counted) = match last {
                Some((l, o, c)) if l == line && o <= at => (o, c),
                _ => (lines.starts.get(line).copied().unwrap_or(0).min(at), 0),
            };
            let character = counted + encoding.units(text.get(from..at).unwrap_or_default());
            last = Some((line, at, character));
            sorted.push((offset, Position::new(to_u32(line), to_u32(character))));
        }
        Positions { sorted }
    }

    pub fn get(&self, offset: usize) -> Position {
        match self.sorted.binary_search_by_key(&offset, |(o, _)| *o) {
            Ok(i) => self.sorted.get(i).map(|(_, p)| *p).unwrap_or_default(),
            Err(_) => Position::default(),
        }
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.get(start), self.get(end.max(start)))
    }
}

/// The largest character boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    #[test]
    fn utf16_and_utf8_columns_after_accents_and_emoji() {
        // 'é' is 2 bytes and 1 UTF-16 unit; '🤗' is 4 bytes and 2 UTF-16 units.
        let text = "a: b\nécole 🤗: x\r\nz\ry";
        let lines = Lines::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(lines.position(text, x, Encoding::Utf16), pos(1, 10));
        assert_eq!(lines.position(text, x, Encoding::Utf8), pos(1, 13));
        assert_eq!(lines.offset(text, pos(1, 10), Encoding::Utf16), x);
        assert_eq!(lines.offset(text, pos(1, 13), Encoding::Utf8), x);
        // Lone CR and CRLF both break lines.
        assert_eq!(
            lines.position(text, text.find('z').unwrap(), Encoding::Utf16),
            pos(2, 0)
        );
        assert_eq!(lines.position(text, text.len(), Encoding::Utf16), pos(3, 1));
        // Clamping: past the line's end, past the last line, inside a surrogate pair.
        assert_eq!(lines.offset(text, pos(0, 99), Encoding::Utf16), 4);
        assert_eq!(
            lines.offset(text, pos(2, 99), Encoding::Utf16),
            text.find("\ry").unwrap()
        );
        assert_eq!(lines.offset(text, pos(99, 0), Encoding::Utf16), text.len());
        let emoji = text.find('🤗').unwrap();
        assert_eq!(lines.offset(text, pos(1, 7), Encoding::Utf16), emoji);
        assert_eq!(lines.offset(text, pos(1, 8), Encoding::Utf8), emoji);
        // Batch conversion agrees with one at a time.
        let all: Vec<usize> = (0..=text.len()).collect();
        for encoding in [Encoding::Utf8, Encoding::Utf16] {
            let batch = Positions::new(&lines, text, encoding, all.iter().rev().copied());
            for &o in &all {
                assert_eq!(batch.get(o), lines.position(text, o, encoding), "{o}");
            }
        }
    }
}
