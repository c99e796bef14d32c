//! Reading a card: the bytes from the start of the file up to its closing fence, never more.
//!
//! Most of a card's bytes are its Markdown body, which gatelint never needs. [`read_prefix`] reads
//! in growing chunks and stops as soon as the front matter's closing fence (the Hub's rule, see
//! `frontmatter.rs`) is in the buffer, at end of file, or at [`FRONT_MATTER_CAP`].

use std::io::{self, Read};

/// The most front matter gatelint reads: 4 MiB. Real cards stay far below it (the largest
/// `model-index` blocks we have seen are a few hundred KiB); a block that is still open past it
/// is reported as `front-matter-too-large` instead of being read without bound.
pub const FRONT_MATTER_CAP: usize = 4 * 1024 * 1024;

/// How far gatelint looks into a file without an opening fence, for a front matter block that
/// follows other text (`text-before-front-matter`): 64 KiB.
pub const SCAN_LIMIT: usize = 64 * 1024;

/// The first bytes of a card file.
#[derive(Debug, Clone)]
pub struct Prefix {
    pub bytes: Vec<u8>,
    /// True when `bytes` is the whole file.
    pub at_eof: bool,
}

/// Reads `reader` up to the end of its front matter (see the module docs).
pub fn read_prefix<R: Read>(mut reader: R) -> io::Result<Prefix> {
    let mut bytes = Vec::new();
    let mut chunk = 8 * 1024;
    let mut scan = Scan::default();
    loop {
        let want = chunk.min(FRONT_MATTER_CAP + 1 - bytes.len().min(FRONT_MATTER_CAP));
        let start = bytes.len();
        let n = fill(&mut reader, &mut bytes, want)?;
        let at_eof = n < want;
        if at_eof || scan.done(&bytes, start) || bytes.len() > FRONT_MATTER_CAP {
            return Ok(Prefix { bytes, at_eof });
        }
        chunk = (chunk * 2).min(256 * 1024);
    }
}

/// Appends up to `want` bytes from `reader` to `bytes`, fewer only at the end of the file: one
/// `read` call per chunk for a regular file (`read_to_end` would probe with 32 bytes and then
/// double, ten system calls for an 8 KiB card).
fn fill<R: Read>(reader: &mut R, bytes: &mut Vec<u8>, want: usize) -> io::Result<usize> {
    let start = bytes.len();
    bytes.resize(start + want, 0);
    let mut got = 0;
    while got < want {
        let Some(buf) = bytes.get_mut(start + got..) else {
            break;
        };
        match reader.read(buf) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                bytes.truncate(start + got);
                return Err(e);
            }
        }
    }
    bytes.truncate(start + got);
    Ok(got)
}

/// Reads a whole in-memory card the same way (for standard input, tests and benchmarks).
pub fn prefix_of(bytes: &[u8]) -> Prefix {
    // Reading from a slice cannot fail.
    read_prefix(bytes).unwrap_or_else(|_| Prefix {
        bytes: bytes.to_vec(),
        at_eof: true,
    })
}

/// Incremental state of the stop decision, so that each byte is looked at about once.
#[derive(Default)]
struct Scan {
    /// Where the opening fence's line break ends, once known; `Some(None)` means "no opening
    /// fence": read up to [`SCAN_LIMIT`].
    opening: Option<Option<usize>>,
    /// Where to resume looking for a closing fence.
    resume: usize,
}

impl Scan {
    /// Whether `bytes` (of which `bytes[new_from..]` was just read, and more may follow) already
    /// holds everything gatelint needs.
    fn done(&mut self, bytes: &[u8], _new_from: usize) -> bool {
        if self.opening.is_none() {
            match opening_fence(bytes) {
                Opening::NeedMore => return false,
                Opening::None => self.opening = Some(None),
                Opening::At(after) => {
                    self.opening = Some(Some(after));
                    // A closing fence needs a line break of its own: `---\n---` does not match,
                    // and `---\r\n---\r\n` (whose close borrows the opening's `\n`) matches only
                    // when no later `---` line does, so neither may stop the read.
                    self.resume = after;
                }
            }
        }
        match self.opening {
            Some(Some(_)) => self.find_close(bytes),
            _ => bytes.len() >= SCAN_LIMIT,
        }
    }

    fn find_close(&mut self, bytes: &[u8]) -> bool {
        let mut i = self.resume;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
        {
            let line = i + off + 1;
            match closing_line(bytes, line) {
                Close::Yes => return true,
                Close::NeedMore => {
                    self.resume = i + off;
                    return false;
                }
                Close::No => i = line,
            }
        }
        self.resume = bytes.len().saturating_sub(1).max(self.resume);
        false
    }
}

enum Opening {
    NeedMore,
    None,
    /// The offset just after the opening fence's line break.
    At(usize),
}

/// Whether the file opens with the Hub's fence: whitespace, `---`, a line break.
fn opening_fence(bytes: &[u8]) -> Opening {
    let start = crate::frontmatter::leading_whitespace_len(bytes);
    let Some(rest) = bytes.get(start..) else {
        return Opening::NeedMore;
    };
    if rest.len() < 4 {
        return if b"---".starts_with(rest.get(..rest.len().min(3)).unwrap_or_default()) {
            Opening::NeedMore
        } else {
            Opening::None
        };
    }
    match rest {
        [b'-', b'-', b'-', b'\r', b'\n', ..] => Opening::At(start + 5),
        [b'-', b'-', b'-', b'\r'] => Opening::NeedMore,
        [b'-', b'-', b'-', b'\n' | b'\r', ..] => Opening::At(start + 4),
        _ => Opening::None,
    }
}

enum Close {
    Yes,
    No,
    NeedMore,
}

/// Whether the line starting at `at` is a closing fence: `---`, spaces or tabs, then `\r\n`, `\n`
/// or the end of the file. Only a byte after the line break makes it certain: a match that ends
/// exactly where the bytes read end is one that `frontmatter::locate` accepts only at the end of
/// the file, so the read goes on (a card whose closing line ended at 8 KiB was unterminated).
fn closing_line(bytes: &[u8], at: usize) -> Close {
    let rest = bytes.get(at..).unwrap_or_default();
    let dashes = rest.len().min(3);
    if rest.get(..dashes) != b"---".get(..dashes) {
        return Close::No;
    }
    if rest.len() < 3 {
        return Close::NeedMore;
    }
    let after = rest.get(3..).unwrap_or_default();
    let ws = after
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    match after.get(ws..).unwrap_or_default() {
        [b'\n', _, ..] | [b'\r', b'\n', _, ..] => Close::Yes,
        [] | [b'\n'] | [b'\r'] | [b'\r', b'\n'] => Close::NeedMore,
        _ => Close::No,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands out one byte at a time, to exercise every chunk boundary.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((b, rest)), Some(slot)) => {
                    *slot = *b;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn stops_after_the_closing_fence() {
        let mut card = b"---\nlicense: mit\n---\n".to_vec();
        card.extend(std::iter::repeat_n(b'x', 1_000_000));
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert!(
            prefix.bytes.len() < 20_000,
            "read {} bytes",
            prefix.bytes.len()
        );
        assert!(prefix.bytes.starts_with(b"---\nlicense: mit\n---\n"));
    }

    #[test]
    fn a_trickling_reader_still_gets_the_whole_front_matter() {
        let card = b"\n---\r\na: 1\r\n---  \r\nbody";
        let prefix = read_prefix(Trickle(card)).unwrap();
        assert!(prefix.bytes.starts_with(b"\n---\r\na: 1\r\n---  \r\n"));
    }

    #[test]
    fn lone_cr_after_the_closing_dashes_is_not_a_close() {
        let mut card = b"---\ra: 1\r---\rbody\r".to_vec();
        card.extend(std::iter::repeat_n(b'x', 100_000));
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(prefix.at_eof, "must read on to the end");
    }

    #[test]
    fn unclosed_front_matter_stops_at_the_cap() {
        let mut card = b"---\n".to_vec();
        while card.len() < FRONT_MATTER_CAP * 2 {
            card.extend_from_slice(b"key: value\n");
        }
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert!(prefix.bytes.len() > FRONT_MATTER_CAP);
        assert!(prefix.bytes.len() <= FRONT_MATTER_CAP + 1);
    }

    #[test]
    fn an_empty_lf_block_does_not_stop_the_read() {
        // `---\n---` is no front matter to the Hub's regex: it closes at the next `---` line.
        let mut card = b"---\n---\n# Title\n".to_vec();
        card.extend(std::iter::repeat_n(b'x', 100_000));
        card.extend_from_slice(b"\n---\nmore");
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(
            prefix.bytes.ends_with(b"\n---\nmore"),
            "must read on to the `---` line"
        );
        // Nor `---\r\n---\r\n`: the Hub's regex prefers a later `---` line.
        let mut card = b"---\r\n---\r\n# Title\r\n".to_vec();
        card.extend(std::iter::repeat_n(b'x', 100_000));
        card.extend_from_slice(b"\r\n---\r\nmore");
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(
            prefix.bytes.ends_with(b"\r\n---\r\nmore"),
            "must read on to the `---` line"
        );
    }

    #[test]
    fn a_closing_fence_that_ends_a_chunk_is_still_found() {
        // The first read is 8 KiB: put the end of the closing line just before, at and after it.
        for newline in ["\n", "\r\n"] {
            for end in 8190..8196 {
                let head = format!("---{newline}license: mit{newline}description: ");
                let close = format!("{newline}---{newline}");
                let mut card = head.clone();
                card.push_str(&"x".repeat(end - head.len() - close.len()));
                card.push_str(&close);
                assert_eq!(card.len(), end);
                card.push_str(&"# body\n".repeat(3000));
                let prefix = read_prefix(card.as_bytes()).unwrap();
                assert!(!prefix.at_eof);
                let fence = crate::frontmatter::locate(&prefix).fence;
                assert!(
                    matches!(fence, crate::frontmatter::Fence::Closed { .. }),
                    "{newline:?} close ending at {end}: {fence:?}"
                );
            }
        }
    }

    #[test]
    fn no_opening_fence_reads_only_the_scan_limit() {
        let card = vec![b'#'; SCAN_LIMIT * 4];
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert!(prefix.bytes.len() >= SCAN_LIMIT && prefix.bytes.len() < SCAN_LIMIT * 2);
    }
}
