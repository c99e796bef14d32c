//! Reading a card: the bytes from the start of the file up to its closing fence, never more.
//!
//! Most of a card's bytes are its Markdown body, which gatelint never needs. [`read_prefix`] reads
//! in growing chunks and, after each, asks the fence rules ([`frontmatter::Scan`]) whether it has
//! read enough: this module only does the I/O.

use std::cell::Cell;
use std::io::{self, Read};

pub use crate::frontmatter::Prefix;
use crate::frontmatter::{self, Need};

/// Reads `reader` up to the end of its front matter (see the module docs), into the buffer of
/// an earlier card when one was handed back ([`recycle`]).
pub fn read_prefix<R: Read>(mut reader: R) -> io::Result<Prefix> {
    let mut bytes = SPARE.take();
    bytes.clear();
    let mut chunk = 8 * 1024;
    let mut scan = frontmatter::Scan::default();
    while let Need::More(at_most) = scan.need(&bytes) {
        let want = chunk.min(at_most);
        let n = fill(&mut reader, &mut bytes, want)?;
        if n < want {
            return Ok(Prefix {
                bytes,
                at_eof: true,
            });
        }
        chunk = (chunk * 2).min(256 * 1024);
    }
    Ok(Prefix {
        bytes,
        at_eof: false,
    })
}

/// Appends up to `want` bytes from `reader` to `bytes`, fewer only at the end of the file: one
/// `read` call per chunk for a regular file (`read_to_end` on an empty vector would probe with 32
/// bytes and then double, ten system calls for an 8 KiB card; [`fill_spare`] says how it is used).
fn fill<R: Read>(reader: &mut R, bytes: &mut Vec<u8>, want: usize) -> io::Result<usize> {
    if want <= FIRST_READ {
        fill_spare(reader, bytes, want)
    } else {
        fill_zeroed(reader, bytes, want)
    }
}

/// [`fill`] by zeroing the chunk and reading into it until it is full or the file ends.
fn fill_zeroed<R: Read>(reader: &mut R, bytes: &mut Vec<u8>, want: usize) -> io::Result<usize> {
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

/// The most that [`fill_spare`] reads in one `read` call: the standard library's first read in
/// `read_to_end` (its `DEFAULT_BUF_SIZE`), which doubles only after a full one.
const FIRST_READ: usize = 8 * 1024;

/// [`fill`] for a chunk of at most [`FIRST_READ`] bytes, read into the spare capacity of `bytes`
/// without zeroing it first (the zeroing cost as much as the rest of reading): `read_to_end` on
/// a reader limited to `want` bytes, with the capacity reserved first so that it does not probe.
/// It makes the same `read` calls as [`fill`]'s loop (one, then one more that returns 0 only at
/// the end of the file; `Interrupted` retried), and on an error keeps the bytes read before it
/// (the tests hold it to [`fill_zeroed`]).
fn fill_spare<R: Read>(reader: &mut R, bytes: &mut Vec<u8>, want: usize) -> io::Result<usize> {
    bytes.reserve_exact(want);
    Read::take(reader, u64::try_from(want).unwrap_or(u64::MAX)).read_to_end(bytes)
}

thread_local! {
    /// A buffer handed back by [`recycle`], for this thread's next card.
    static SPARE: Cell<Vec<u8>> = const { Cell::new(Vec::new()) };
}

/// The largest buffer [`recycle`] keeps: what a card with no gate key in its front matter
/// needs (8 KiB, then its body's first 64 KiB in chunks of 16 and 32 KiB), with room to spare.
const SPARE_MAX: usize = 256 * 1024;

/// Hands a card's buffer back once the card is done, for the next card this thread reads: a card
/// whose body is read (most of those without a gate) grows its buffer to about 72 KiB in three
/// steps, each copying what was read; reusing one saves those copies and the allocator's work
/// on blocks that size. The bytes left in it are never seen: [`read_prefix`] clears it.
pub fn recycle(prefix: Prefix) {
    if prefix.bytes.capacity() <= SPARE_MAX {
        SPARE.set(prefix.bytes);
    }
}

/// Reads a whole in-memory card the same way (for standard input, tests and benchmarks).
pub fn prefix_of(bytes: &[u8]) -> Prefix {
    // Reading from a slice cannot fail.
    read_prefix(bytes).unwrap_or_else(|_| Prefix {
        bytes: bytes.to_vec(),
        at_eof: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontmatter::{FRONT_MATTER_CAP, SCAN_LIMIT};

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

    /// A reader that records the size of each `read` call: it hands out `data` in pieces of at
    /// most `piece` bytes, and fails once (`Interrupted`, or another error) at the read `fail_at`.
    struct Recorder<'a> {
        data: &'a [u8],
        piece: usize,
        fail_at: Option<(usize, io::ErrorKind)>,
        calls: Vec<usize>,
    }
    impl Read for Recorder<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.calls.push(buf.len());
            if let Some((at, kind)) = self.fail_at {
                if self.calls.len() == at {
                    return Err(io::Error::from(kind));
                }
            }
            let n = buf.len().min(self.piece).min(self.data.len());
            let (head, rest) = self.data.split_at(n);
            buf[..n].copy_from_slice(head);
            self.data = rest;
            Ok(n)
        }
    }

    /// Reading into the spare capacity makes the same `read` calls, with the same sizes, and
    /// leaves the same bytes as zeroing the chunk first, for every chunk it reads.
    #[test]
    fn fill_spare_reads_as_fill_zeroed() {
        let data: Vec<u8> = (0..20_000u32).map(|i| (i % 251) as u8).collect();
        let fails = [
            None,
            Some((1, io::ErrorKind::Interrupted)),
            Some((2, io::ErrorKind::Interrupted)),
            Some((1, io::ErrorKind::Other)),
            Some((2, io::ErrorKind::Other)),
        ];
        for len in [0, 1, 31, 32, 100, 4095, 8191, 8192, 8193, 20_000] {
            for want in [1, 31, 32, 33, 4096, 8191, 8192] {
                for piece in [1, 7, 4096, usize::MAX] {
                    if piece == 1 && want > 100 {
                        continue;
                    }
                    for fail_at in fails {
                        for before in [&b""[..], b"---\n"] {
                            let run = |spare: bool| {
                                let mut reader = Recorder {
                                    data: &data[..len],
                                    piece,
                                    fail_at,
                                    calls: Vec::new(),
                                };
                                let mut bytes = before.to_vec();
                                let got = if spare {
                                    fill_spare(&mut reader, &mut bytes, want)
                                } else {
                                    fill_zeroed(&mut reader, &mut bytes, want)
                                };
                                (got.map_err(|e| e.kind()), bytes, reader.calls)
                            };
                            assert_eq!(
                                run(true),
                                run(false),
                                "len {len} want {want} piece {piece} fail {fail_at:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn stops_after_the_closing_fence() {
        let mut card = b"---\nlicense: mit\nextra_gated_prompt: Hi\n---\n".to_vec();
        card.extend(std::iter::repeat_n(b'x', 1_000_000));
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert!(
            prefix.bytes.len() < 20_000,
            "read {} bytes",
            prefix.bytes.len()
        );
        assert!(prefix
            .bytes
            .starts_with(b"---\nlicense: mit\nextra_gated_prompt: Hi\n---\n"));
    }

    #[test]
    fn without_gate_keys_the_body_is_read_up_to_the_scan_limit() {
        let head = b"---\nlicense: mit\n---\n";
        let mut card = head.to_vec();
        card.extend(std::iter::repeat_n(b'x', 1_000_000));
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        let body = prefix.bytes.len() - head.len();
        assert_eq!(body, SCAN_LIMIT + 1, "read {body} bytes of body");
    }

    #[test]
    fn after_a_final_block_scalar_the_body_is_read_up_to_the_next_dash_line() {
        let head = "---\nextra_gated_prompt: |\n  Terms\n---\nextra_gated_fields:\n";
        // The next `---` line lies past the first chunk (8 KiB): reading goes on to it, no further.
        let card = format!(
            "{head}{}---\n{}",
            "  Name: text\n".repeat(1000),
            "x".repeat(1_000_000)
        );
        let prefix = read_prefix(card.as_bytes()).unwrap();
        assert!(!prefix.at_eof);
        assert!(prefix.bytes.len() > 13_000 && prefix.bytes.len() < 40_000);
        let front_matter = frontmatter::locate(&prefix);
        let keys = front_matter.body_gate_keys();
        assert_eq!(keys.len(), 1, "{keys:?}");
        // With no `---` line, at most the scan limit.
        let card = format!("{head}{}", "  Name: text\n".repeat(100_000));
        let prefix = read_prefix(card.as_bytes()).unwrap();
        let body_start = head.len() - "extra_gated_fields:\n".len();
        assert_eq!(prefix.bytes.len(), body_start + SCAN_LIMIT + 1);
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
                let head = format!("---{newline}extra_gated_heading: Hi{newline}description: ");
                let close = format!("{newline}---{newline}");
                let mut card = head.clone();
                card.push_str(&"x".repeat(end - head.len() - close.len()));
                card.push_str(&close);
                assert_eq!(card.len(), end);
                card.push_str(&"# body\n".repeat(3000));
                let prefix = read_prefix(card.as_bytes()).unwrap();
                assert!(!prefix.at_eof);
                let fence = frontmatter::locate(&prefix).fence;
                assert!(
                    matches!(fence, frontmatter::Fence::Closed { .. }),
                    "{newline:?} close ending at {end}: {fence:?}"
                );
            }
        }
    }

    proptest::proptest! {
        /// Reading stops only where the fence rules see the same front matter as in the whole
        /// file: fence-like tokens around the first chunk's end (8 KiB).
        #[test]
        fn the_prefix_read_locates_as_the_whole_file(
            head in proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..8),
            pad in 8100usize..8200,
            tail in proptest::collection::vec(proptest::sample::select(TOKENS.to_vec()), 0..16),
        ) {
            let mut card = head.concat().into_bytes();
            card.extend(std::iter::repeat_n(b'x', pad));
            card.extend(tail.concat().into_bytes());
            card.extend(std::iter::repeat_n(b'y', 20_000));
            let whole = Prefix { bytes: card.clone(), at_eof: true };
            let read = read_prefix(card.as_slice()).unwrap();
            let (read, whole) = (frontmatter::locate(&read), frontmatter::locate(&whole));
            proptest::prop_assert_eq!(
                format!("{:?} {:?}", read.bom, read.fence),
                format!("{:?} {:?}", whole.bom, whole.fence)
            );
        }
    }

    const TOKENS: [&str; 9] = ["---", "--- ", "\r", "\n", "\r\n", " ", "\t", "-", "k: v"];

    #[test]
    fn later_block_only_in_the_first_64_kib() {
        let block = "---\nextra_gated_prompt: hi\n---\n";
        let found = |padding: usize| {
            let text = format!("<!-- x -->\n{}\n{block}", "a".repeat(padding));
            let prefix = prefix_of(text.as_bytes());
            matches!(
                frontmatter::locate(&prefix).fence,
                frontmatter::Fence::Missing {
                    later_block: Some(_),
                    ..
                }
            )
        };
        // The closing `---` line ends just inside the limit, then just past it; of a file of
        // 100 KiB only the first 64 KiB (and one byte) are read.
        let inside = SCAN_LIMIT - "<!-- x -->\n\n".len() - block.len();
        assert!(found(inside));
        assert!(!found(inside + 1));
        assert!(!found(100 * 1024));
    }

    #[test]
    fn after_a_large_front_matter_the_body_is_read_up_to_the_scan_limit_too() {
        // The reader's chunks have grown to 256 KiB by then: the last one is cut at the limit.
        let head = format!("---\nlicense: mit\n{}---\n", "a: 1\n".repeat(200_000));
        let mut card = head.clone().into_bytes();
        card.extend(std::iter::repeat_n(b'x', 1_000_000));
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert_eq!(prefix.bytes.len(), head.len() + SCAN_LIMIT + 1);
    }

    #[test]
    fn no_opening_fence_reads_only_the_scan_limit() {
        let card = vec![b'#'; SCAN_LIMIT * 4];
        let prefix = read_prefix(card.as_slice()).unwrap();
        assert!(!prefix.at_eof);
        assert_eq!(prefix.bytes.len(), SCAN_LIMIT + 1);
    }
}
