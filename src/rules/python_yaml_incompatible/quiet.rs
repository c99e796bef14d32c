//! The first look: whether the front matter's bytes can hold any cause but a top-level key
//! (`quiet`), beside the one-pass scan it replaced (`quiet_reference`), which the tests hold equal.

use super::*;

/// True when the text cannot hold any cause of this rule but a top-level key PyYAML reads as a
/// non-string, so that the walk over the tree can be skipped. Each cause, and the bytes it cannot
/// do without:
///
/// - a character PyYAML refuses or reads as a line break (`non_printable`, `line_breaks`): a
///   control byte but tab, LF and CR, or the UTF-8 of U+0080 to U+009F, U+2028, U+2029, U+FFFE
///   or U+FFFF;
/// - a tab, a bad anchor or alias name, a duplicate anchor (`gaps`): a tab, or `&` or `*` where
///   a token starts;
/// - a collection tag on an empty value, `!!timestamp`: `!` where a token starts;
/// - a merge (`<<`): the two bytes `<<`;
/// - a plain scalar that is `=`, that starts with `:` in a flow collection, or that PyYAML reads
///   as a date: `=`, `:`, or four digits and a `-`, where a token starts; a plain scalar that
///   holds `?` in a flow collection: a `?` that [`FlowDepth`] finds inside one;
/// - an integer with no digits (`0x_`, `-0b__`): `0x_` or `0b_`;
/// - a directive, a document end marker before any content, or a `---` glued to the first key
///   (`document_markers`): `%` at the start of a line, after tabs at most, or `...` at the start
///   of a line, or `---` then no blank at the start of a line after blanks (both found by search);
/// - a key that is a collection (`unhashable`): `?` (an explicit key) or `*` (an alias) where a
///   token starts, a `]` or `}` with `:` or `#` next but for blanks and line breaks, or, in a
///   flow collection, a `[` or `{` right after a `{` or `,` but for them (a key with no `:`, as
///   in the template placeholder `{{ name }}`);
/// - a key over [`KEY_LIMIT`] characters to its `:` (`long_key`): in a block mapping a key and
///   its `:` stand on one line (the parsers refuse any other), so a line over [`KEY_LIMIT`]
///   bytes. In a flow collection (one opened by `[` or `{` where a token starts) a key may run
///   over lines: a flow collection as a key ends in `]` or `}` then `:` (above); a quoted one in
///   `"` or `'` then `:`, and its line holds no other quote that could open it (`quoted_here`);
///   a plain one (which holds none of `,[]{}` and no `:` before a blank, a line break or `,]}`)
///   runs more than [`KEY_LIMIT`] bytes from the last of these to a `:` that ends it.
///
/// "Where a token starts" is at the start of the text or after a blank, a line break, `[`, `{`,
/// `,` or `:` (the JSON-like `{"a":b}`): a plain scalar, a property and an indicator start only
/// there. Most bytes are none of these: each block of 64 bytes gets a bit for each byte that is
/// one ([`stop_mask`]), and only those are looked at. `0x_` and `0b_` are
/// found by search, and the common bytes that matter only next to others are not stops: a
/// quote matters only before a `:` (and is looked for from there), `_` only in `0x_` and `0b_`,
/// and `,` only to tell where a plain key in a flow collection starts, which is asked only of a
/// key that may be long. [`quiet_reference`] is the one-pass scan this replaced; the tests hold
/// that both answer the same.
pub(super) fn quiet(bytes: &[u8]) -> bool {
    if has_long_line(bytes)
        || DIGITLESS_INTS.iter().any(|f| f.find(bytes).is_some())
        || document_end_line(bytes)
        || glued_document_start(bytes)
    {
        return false;
    }
    let mut scan = Scan {
        bytes,
        flow: None,
        value_end: 0,
        depth: FlowDepth::default(),
    };
    let (blocks, rest) = bytes.as_chunks::<64>();
    let mut at = 0;
    for block in blocks {
        if loud_in(&mut scan, at, block, stop_mask(block)) {
            return false;
        }
        at += 64;
    }
    !loud_in(&mut scan, at, rest, stop_mask(rest))
}

/// One bit for each byte of `block` (at most 64) that is one of [`stops`]: built without a branch
/// per byte, so that the bytes [`quiet`] looks at are found by their bits, not by a test of each
/// byte that the processor cannot predict (`:` and `-` stand every few bytes).
fn stop_mask(block: &[u8]) -> u64 {
    block
        .iter()
        .enumerate()
        .fold(0, |mask, (i, &b)| mask | (u64::from(stops(b)) << (i & 63)))
}

/// Whether a byte of `block` (at `at`) whose bit is set in `mask` may start or end a cause.
#[inline(always)]
fn loud_in(scan: &mut Scan, at: usize, block: &[u8], mut mask: u64) -> bool {
    while mask != 0 {
        let i = mask.trailing_zeros() as usize;
        mask &= mask - 1;
        if let Some(&b) = block.get(i) {
            if scan.loud(at + i, b) {
                return true;
            }
        }
    }
    false
}

/// The integers that may have no digits (`0x_`, `-0b__`), found by search.
pub(super) static DIGITLESS_INTS: LazyLock<[memchr::memmem::Finder<'static>; 2]> =
    LazyLock::new(|| {
        [
            memchr::memmem::Finder::new(b"0x_"),
            memchr::memmem::Finder::new(b"0b_"),
        ]
    });

/// Whether a document end marker `...` starts a line, found by search: `.` is too common in
/// text to be one of [`quiet`]'s stops.
pub(super) fn document_end_line(bytes: &[u8]) -> bool {
    static DOTS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"..."));
    DOTS.find_iter(bytes).any(|at| {
        at.checked_sub(1)
            .and_then(|i| bytes.get(i))
            .is_none_or(|&c| c == b'\n' || c == b'\r')
    })
}

/// Whether a line starts, after blanks, with a `---` glued to what follows (`---a: 1`, `---#`;
/// see `document_markers`), found by search.
pub(super) fn glued_document_start(bytes: &[u8]) -> bool {
    static DASHES: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"---"));
    DASHES.find_iter(bytes).any(|at| {
        let before = bytes.get(..at).unwrap_or_default();
        let line_start = before
            .iter()
            .rposition(|&c| c == b'\n' || c == b'\r')
            .map_or(0, |i| i + 1);
        before
            .get(line_start..)
            .unwrap_or_default()
            .iter()
            .all(|&c| c == b' ' || c == b'\t')
            && bytes
                .get(at + 3)
                .is_some_and(|&c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
    })
}

/// The bytes that [`quiet`] looks at one by one: the rare ones a cause may start or end at, and
/// `:` and `-`.
pub(super) fn stops(b: u8) -> bool {
    // Built at compile time, where an index out of bounds fails the build.
    #[allow(clippy::indexing_slicing)]
    const STOPS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(
                b as u8,
                0..=0x1f
                    | 0x7f
                    | 0xc2
                    | 0xe2
                    | 0xef
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'='
                    | b'?'
                    | b'<'
                    | b'['
                    | b'{'
                    | b']'
                    | b'}'
                    | b':'
                    | b'-'
                    | b'%'
            ) && !matches!(b as u8, b'\n' | b'\r');
            b += 1;
        }
        table
    };
    STOPS.get(usize::from(b)).copied().unwrap_or(true)
}

/// [`quiet`]'s state: where the first flow collection opens (a `[` or `{` where a token starts),
/// and one past the last `:` that is a value indicator.
pub(super) struct Scan<'t> {
    bytes: &'t [u8],
    flow: Option<usize>,
    value_end: usize,
    depth: FlowDepth,
}

impl Scan<'_> {
    /// Whether the byte `b` at `at` may start or end a cause (see [`quiet`]). `:` and `-` are
    /// common: they are answered here, most after a look at the byte before.
    #[inline(always)]
    fn loud(&mut self, at: usize, b: u8) -> bool {
        match b {
            b':' => self.colon(at),
            b'-' => date_start(self.bytes, at),
            // An explicit key, or a `?` inside a plain scalar in a flow collection.
            b'?' => {
                token_start(self.bytes, at)
                    || (self.flow.is_some() && self.depth.inside(self.bytes, at))
            }
            _ => rare_loud(self.bytes, at, b, &mut self.flow),
        }
    }

    /// The `:` at `at`: one where a token starts, or in a flow collection one that ends a long
    /// plain key or follows a quoted key from another line.
    #[inline(always)]
    fn colon(&mut self, at: usize) -> bool {
        let bytes = self.bytes;
        if token_start(bytes, at) {
            return true;
        }
        if let Some(open) = self.flow {
            if long_plain(bytes, open, self.value_end, at) || quoted_key(bytes, open, at) {
                return true;
            }
        }
        if value_indicator(bytes, at) {
            self.value_end = at + 1;
        }
        false
    }
}

/// Whether the rare byte `b` at `at` may start or end a cause; the first `[` or `{` that opens a
/// flow collection goes to `flow`.
#[inline(never)]
pub(super) fn rare_loud(bytes: &[u8], at: usize, b: u8, flow: &mut Option<usize>) -> bool {
    match b {
        // U+0080 to U+009F (C1 controls and NEL), U+2028, U+2029, U+FFFE, U+FFFF: the only
        // characters past ASCII that PyYAML refuses or takes for a line break.
        0xc2 => bytes.get(at + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
        0xe2 => matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])),
        0xef => matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])),
        b'\t' | 0..=0x1f | 0x7f.. => true,
        b'&' | b'*' | b'!' | b'=' => token_start(bytes, at),
        b'<' => bytes.get(at + 1) == Some(&b'<'),
        b'[' | b'{' => {
            // A collection as a flow mapping's key with no `:` after it (`{{ name }}`, a
            // template placeholder): after `{` or `,`, blanks and line breaks skipped.
            let loud = flow.is_some()
                && matches!(
                    bytes
                        .get(..at)
                        .unwrap_or_default()
                        .iter()
                        .rev()
                        .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')),
                    Some(b'{' | b',')
                );
            if flow.is_none() && token_start(bytes, at) {
                *flow = Some(at);
            }
            loud
        }
        b']' | b'}' => collection_key(bytes, at),
        // A directive: at the start of a line, after tabs at most.
        b'%' => bytes
            .get(..at)
            .unwrap_or_default()
            .iter()
            .rev()
            .find(|&&c| c != b'\t')
            .is_none_or(|&c| c == b'\n' || c == b'\r'),
        _ => false,
    }
}

/// Whether a byte lies inside a flow collection (`[…]`, `{…}`), asked of the `?` bytes that may
/// stand in a plain scalar there, in increasing order: the text before each is read once, from
/// where the last question stopped. A `[` or `{` where a token starts opens a collection, inside
/// one any `[` or `{` opens one and any `]` or `}` closes one, and quoted scalars and comments
/// inside are skipped. It errs towards "inside" (a `[` where a token starts in block text, or in
/// a block quoted scalar, opens a collection too): that only sends a card to the full walk.
#[derive(Default)]
pub(super) struct FlowDepth {
    /// Where the text is read up to.
    upto: usize,
    /// How many collections are open there.
    depth: usize,
    /// The end of a quoted scalar or comment that was read past a question: bytes before it
    /// are inside it, not in a plain scalar.
    skipped_to: usize,
}

impl FlowDepth {
    #[inline(never)]
    pub(super) fn inside(&mut self, bytes: &[u8], at: usize) -> bool {
        if at < self.skipped_to {
            return false;
        }
        let mut i = self.upto.max(self.skipped_to);
        while i < at {
            if self.depth == 0 {
                // Outside every collection only a `[` or `{` matters: found by search.
                match memchr::memchr2(b'[', b'{', bytes.get(i..at).unwrap_or_default()) {
                    Some(n) => i += n,
                    None => break,
                }
            }
            let Some(&b) = bytes.get(i) else { break };
            match b {
                b'[' | b'{' if self.depth > 0 || token_start(bytes, i) => self.depth += 1,
                b']' | b'}' => self.depth = self.depth.saturating_sub(1),
                b'\'' | b'"' if self.depth > 0 && token_start(bytes, i) => {
                    i = bytes
                        .get(i..)
                        .and_then(|quoted| yaml::quoted_end(quoted, b))
                        .map_or(bytes.len(), |close| i + close + 1);
                    if i > at {
                        self.skipped_to = i;
                        return false;
                    }
                    continue;
                }
                b'#' if self.depth > 0
                    && i > 0
                    && matches!(bytes.get(i - 1), Some(b' ' | b'\t')) =>
                {
                    i = memchr::memchr2(b'\n', b'\r', bytes.get(i..).unwrap_or_default())
                        .map_or(bytes.len(), |n| i + n);
                    if i > at {
                        self.skipped_to = i;
                        return false;
                    }
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        self.upto = at;
        self.depth > 0
    }
}

/// Whether a plain scalar, a property or an indicator may start at `at`: at the start of the
/// text or after a blank, a line break, `[`, `{`, `,` or `:`.
#[inline(always)]
pub(super) fn token_start(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(1)
        .and_then(|i| bytes.get(i))
        .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':'))
}

/// Whether the `:` at `at` is a value indicator (so a plain key ends before it).
#[inline(always)]
pub(super) fn value_indicator(bytes: &[u8], at: usize) -> bool {
    matches!(
        bytes.get(at + 1),
        None | Some(b' ' | b'\n' | b'\r' | b',' | b']' | b'}')
    )
}

/// Whether the `]` or `}` at `at` has `:` or `#` next but for blanks and line breaks.
pub(super) fn collection_key(bytes: &[u8], at: usize) -> bool {
    let next = bytes
        .get(at + 1..)
        .unwrap_or_default()
        .iter()
        .find(|c| !matches!(c, b' ' | b'\n' | b'\r'));
    matches!(next, Some(b':' | b'#'))
}

/// Whether the `:` at `at`, in the flow collection opened at `open`, is a value indicator that
/// ends a plain key over [`KEY_LIMIT`] bytes: more than that from the last of `,[]{}` and of
/// the value indicators before it (`value_end` is one past the last of these).
#[inline(always)]
pub(super) fn long_plain(bytes: &[u8], open: usize, value_end: usize, at: usize) -> bool {
    let from = value_end.max(open + 1);
    at.saturating_sub(from) > KEY_LIMIT
        && value_indicator(bytes, at)
        && long_plain_from(bytes, from, at)
}

/// [`long_plain`] once the `:` at `at` is a value indicator more than [`KEY_LIMIT`] bytes from
/// `from`: whether `,[]{}` between them leave the plain key that long.
#[inline(never)]
pub(super) fn long_plain_from(bytes: &[u8], from: usize, at: usize) -> bool {
    let between = bytes.get(from..at).unwrap_or_default();
    let last = [
        memchr::memrchr3(b',', b'[', b'{', between),
        memchr::memrchr2(b']', b'}', between),
    ]
    .into_iter()
    .flatten()
    .max();
    let plain_start = last.map_or(from, |i| from + i + 1);
    at - plain_start > KEY_LIMIT
}

/// Whether the `:` at `at`, in the flow collection opened at `open`, follows a quoted key (with
/// only spaces between) whose opening quote is not on the closing quote's line.
#[inline(always)]
pub(super) fn quoted_key(bytes: &[u8], open: usize, at: usize) -> bool {
    matches!(
        at.checked_sub(1).and_then(|i| bytes.get(i)),
        Some(b' ' | b'"' | b'\'')
    ) && quoted_key_before(bytes, open, at)
}

/// [`quoted_key`] once the byte before the `:` is a space or a quote.
#[inline(never)]
pub(super) fn quoted_key_before(bytes: &[u8], open: usize, at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    match before.iter().rposition(|&c| c != b' ') {
        Some(quote) if quote > open => match bytes.get(quote) {
            Some(&c @ (b'"' | b'\'')) => !quoted_here(bytes, quote, c),
            _ => false,
        },
        _ => false,
    }
}

/// Whether the `-` at `at` ends four digits where a token starts (a date, to PyYAML).
#[inline(always)]
pub(super) fn date_start(bytes: &[u8], at: usize) -> bool {
    at.checked_sub(4).is_some_and(|start| {
        matches!(bytes.get(start..at), Some(&[a, b, c, d])
            if d.is_ascii_digit() && c.is_ascii_digit() && b.is_ascii_digit() && a.is_ascii_digit())
            && token_start(bytes, start)
    })
}

/// Whether a line of `bytes` is over [`KEY_LIMIT`] bytes. Such a line holds a whole aligned
/// block of `KEY_LIMIT / 2` bytes with no line break (a run of `2B - 1` bytes holds an aligned
/// block of `B`), so the lines are measured only when a block has none: one search per block, not
/// per line.
pub(super) fn has_long_line(bytes: &[u8]) -> bool {
    let block = KEY_LIMIT / 2;
    if bytes.len() <= KEY_LIMIT
        || bytes
            .chunks_exact(block)
            .all(|b| memchr::memchr2(b'\n', b'\r', b).is_some())
    {
        return false;
    }
    let mut line_start = 0;
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .chain([bytes.len()])
        .any(|end| {
            let long = end - line_start > KEY_LIMIT;
            line_start = end + 1;
            long
        })
}

/// [`quiet`] as it was first written: one pass, every byte that a cause may start or end at
/// looked up in one table, the state (flow collection open, start of the plain key) carried
/// along. The tests hold that [`quiet`] answers as it does.
#[cfg(test)]
pub(super) fn quiet_reference(bytes: &[u8]) -> bool {
    if has_long_line(bytes) || glued_document_start(bytes) {
        return false;
    }
    let mut scan = Quiet {
        bytes,
        flow: false,
        plain_start: 0,
        depth: FlowDepth::default(),
    };
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        if chunk.iter().fold(false, |any, &b| any | reference_stops(b)) {
            for (i, &b) in chunk.iter().enumerate() {
                if reference_stops(b) && scan.loud(at + i, b) {
                    return false;
                }
            }
        }
        at += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if reference_stops(b) && scan.loud(at + i, b) {
            return false;
        }
    }
    true
}

/// The bytes at which [`quiet_reference`] looks closer: those a cause may start or end at.
#[cfg(test)]
pub(super) fn reference_stops(b: u8) -> bool {
    // Built at compile time, where an index out of bounds fails the build.
    #[allow(clippy::indexing_slicing)]
    const STOPS: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            table[b] = matches!(
                b as u8,
                0..=0x1f
                    | 0x7f
                    | 0xc2
                    | 0xe2
                    | 0xef
                    | b':'
                    | b'&'
                    | b'*'
                    | b'!'
                    | b'='
                    | b'?'
                    | b'-'
                    | b'<'
                    | b'_'
                    | b'['
                    | b'{'
                    | b','
                    | b']'
                    | b'}'
                    | b'"'
                    | b'\''
                    | b'%'
                    | b'.'
            ) && !matches!(b as u8, b'\n' | b'\r');
            b += 1;
        }
        table
    };
    STOPS.get(usize::from(b)).copied().unwrap_or(true)
}

/// [`quiet_reference`]'s state: whether a flow collection may be open, and where the text after the last
/// of `,[]{}` starts.
#[cfg(test)]
pub(super) struct Quiet<'t> {
    bytes: &'t [u8],
    flow: bool,
    plain_start: usize,
    depth: FlowDepth,
}

#[cfg(test)]
impl Quiet<'_> {
    /// Whether the byte `b` at `at` may start or end a cause (see [`quiet`]).
    fn loud(&mut self, at: usize, b: u8) -> bool {
        let bytes = self.bytes;
        let token_start = |at: usize| {
            at.checked_sub(1)
                .and_then(|i| bytes.get(i))
                .is_none_or(|b| {
                    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'[' | b'{' | b',' | b':')
                })
        };
        match b {
            // U+0080 to U+009F (C1 controls and NEL), U+2028, U+2029, U+FFFE, U+FFFF: the
            // only characters past ASCII that PyYAML refuses or takes for a line break.
            0xc2 => bytes.get(at + 1).is_some_and(|c| (0x80..=0x9f).contains(c)),
            0xe2 => matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])),
            0xef => matches!(bytes.get(at + 1..at + 3), Some([0xbf, 0xbe | 0xbf])),
            b'\t' | 0..=0x1f | 0x7f.. => true,
            b':' => {
                let value_indicator = matches!(
                    bytes.get(at + 1),
                    None | Some(b' ' | b'\n' | b'\r' | b',' | b']' | b'}')
                );
                let loud = token_start(at)
                    || (self.flow && value_indicator && at - self.plain_start > KEY_LIMIT);
                // A plain key holds no value indicator: one starts after it.
                if value_indicator {
                    self.plain_start = at + 1;
                }
                loud
            }
            b'&' | b'*' | b'!' | b'=' => token_start(at),
            b'?' => token_start(at) || (self.flow && self.depth.inside(bytes, at)),
            b'-' => at.checked_sub(4).is_some_and(|start| {
                bytes
                    .get(start..at)
                    .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
                    && token_start(start)
            }),
            b'<' => bytes.get(at + 1) == Some(&b'<'),
            // A document end marker `...` at the start of a line.
            b'.' => {
                bytes.get(at..at + 3) == Some(b"...")
                    && at
                        .checked_sub(1)
                        .and_then(|i| bytes.get(i))
                        .is_none_or(|&c| c == b'\n' || c == b'\r')
            }
            // A directive: at the start of a line, after tabs at most.
            b'%' => bytes
                .get(..at)
                .unwrap_or_default()
                .iter()
                .rev()
                .find(|&&c| c != b'\t')
                .is_none_or(|&c| c == b'\n' || c == b'\r'),
            b'_' => at
                .checked_sub(2)
                .and_then(|i| bytes.get(i..at))
                .is_some_and(|p| p == b"0x" || p == b"0b"),
            b'[' | b'{' | b',' => {
                // A collection as a flow mapping's key with no `:` after it (`{{ name }}`, a
                // template placeholder): after `{` or `,`, blanks and line breaks skipped.
                let loud = b != b','
                    && self.flow
                    && matches!(
                        bytes
                            .get(..at)
                            .unwrap_or_default()
                            .iter()
                            .rev()
                            .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r')),
                        Some(b'{' | b',')
                    );
                self.flow = self.flow || (b != b',' && token_start(at));
                self.plain_start = at + 1;
                loud
            }
            b']' | b'}' => {
                self.plain_start = at + 1;
                let next = bytes
                    .get(at + 1..)
                    .unwrap_or_default()
                    .iter()
                    .find(|c| !matches!(c, b' ' | b'\n' | b'\r'));
                matches!(next, Some(b':' | b'#'))
            }
            b'"' | b'\'' => {
                self.flow
                    && bytes
                        .get(at + 1..)
                        .unwrap_or_default()
                        .iter()
                        .find(|&&c| c != b' ')
                        == Some(&b':')
                    && !quoted_here(bytes, at, b)
            }
            _ => false,
        }
    }
}

/// Whether the quoted scalar that the quote `quote` at `at` closes opened on the same line: a
/// line of a double-quoted scalar holds `"` only escaped (after an odd number of `\`), a line
/// of a single-quoted one holds `'` only in pairs, so such a quote before `at` on its line opens it.
pub(super) fn quoted_here(bytes: &[u8], at: usize, quote: u8) -> bool {
    let line = bytes.get(..at).unwrap_or_default();
    let line = line
        .iter()
        .rposition(|&c| c == b'\n' || c == b'\r')
        .and_then(|i| line.get(i + 1..))
        .unwrap_or(line);
    if quote == b'"' {
        line.iter().enumerate().any(|(i, &c)| {
            c == b'"'
                && line
                    .get(..i)
                    .unwrap_or_default()
                    .iter()
                    .rev()
                    .take_while(|&&c| c == b'\\')
                    .count()
                    % 2
                    == 0
        })
    } else {
        line.split(|&c| c != b'\'').any(|run| run.len() % 2 == 1)
    }
}
