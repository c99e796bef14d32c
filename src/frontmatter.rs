//! The Hub's fence rules (HUB.md §1): where a card's front matter is, as byte spans.
//!
//! The Hub and `huggingface_hub` (1.25 and later) find the front matter with one regex, applied
//! with `search` to the whole file:
//!
//! ```text
//! ^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))
//! ```
//!
//! [`FENCE`] is that regex, over bytes, with JavaScript's `\s` (which includes U+FEFF, so a BOM
//! before the fence is skipped as the Hub skips it). Everything the fence rules report is derived
//! here, once, from the bytes that `read.rs` read; and `read.rs` asks [`Scan`] when it has read
//! enough, so the reading and the locating share one fence rule ([`closing_line`]).

use std::sync::{LazyLock, OnceLock};

use regex::bytes::Regex;

use crate::span::Span;

/// The most front matter gatelint reads: 4 MiB. Real cards stay far below it (the largest
/// `model-index` blocks we have seen are a few hundred KiB); a block that is still open past it
/// is reported as `front-matter-too-large` instead of being read without bound.
pub const FRONT_MATTER_CAP: usize = 4 * 1024 * 1024;

/// How far gatelint looks into a file without an opening fence, for a front matter block that
/// follows other text (`text-before-front-matter`): 64 KiB.
pub const SCAN_LIMIT: usize = 64 * 1024;

/// The first bytes of a card file: as far as [`Scan`] asked `read.rs` to read.
#[derive(Debug, Clone)]
pub struct Prefix {
    pub bytes: Vec<u8>,
    /// True when `bytes` is the whole file.
    pub at_eof: bool,
}

/// JavaScript's `\s`: what may precede the opening fence.
const JS_WHITESPACE: &str = r"[\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]";

/// The Hub's front matter regex. Groups: 1 the opening `---`, 2 the YAML, 3 the closing line
/// (`---` and trailing blanks, without its line break). [`fence_match`] finds the same match by
/// hand, several times faster (a backtracking regex over every front matter line was a third of
/// gatelint's time); this regex is kept as the oracle it is tested against.
#[cfg(test)]
static FENCE: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"^{JS_WHITESPACE}*(---)(?:\r\n|\r|\n)((?s-u:.)*?)(?:\r\n|\r|\n)(---[ \t]*)(?:\r\n|\n|$)"
    );
    // The pattern is a constant; a failure here is a bug caught by every test.
    Regex::new(&pattern).unwrap_or_else(|e| unreachable!("fence regex: {e}"))
});

static LEADING_WHITESPACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!("^{JS_WHITESPACE}*"))
        .unwrap_or_else(|e| unreachable!("whitespace regex: {e}"))
});

/// The length of the whitespace (JavaScript's `\s`, BOM included) at the start of `bytes`.
pub fn leading_whitespace_len(bytes: &[u8]) -> usize {
    match bytes.first() {
        // The common case, a file that starts with `-` or a letter, needs no regex.
        Some(&b) if b.is_ascii() && !matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ') => 0,
        None => 0,
        Some(_) => LEADING_WHITESPACE.find(bytes).map_or(0, |m| m.end()),
    }
}

/// The Hub regex's match: its three groups and where the whole match ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FenceMatch {
    open: Span,
    yaml: Span,
    close: Span,
    end: usize,
}

/// The match of the Hub's regex (see the module docs), found by hand in the regex's own priority
/// order: leading whitespace (greedy; it cannot give back, as `-` is not whitespace), `---`, the
/// opening line break (`\r\n` tried before a lone `\r`), then the shortest YAML after which a
/// line break, `---`, spaces or tabs and `\r\n`, `\n` or the end of the bytes follow.
fn fence_match(bytes: &[u8]) -> Option<FenceMatch> {
    let start = leading_whitespace_len(bytes);
    if !bytes.get(start..)?.starts_with(b"---") {
        return None;
    }
    let after = start + 3;
    let yaml_starts = match bytes.get(after..after + 2) {
        Some(b"\r\n") => [Some(after + 2), Some(after + 1)],
        _ => match bytes.get(after) {
            Some(b'\r' | b'\n') => [Some(after + 1), None],
            _ => [None, None],
        },
    };
    yaml_starts.into_iter().flatten().find_map(|yaml_start| {
        let (yaml_end, close, end) = first_close(bytes, yaml_start)?;
        Some(FenceMatch {
            open: Span::new(start, after),
            yaml: Span::new(yaml_start, yaml_end),
            close,
            end,
        })
    })
}

/// The first line break at or after `from` that a closing line follows: where the YAML ends, the
/// closing line, and where the match ends. A closing line starts with `---`: the candidates are
/// found by search, not line by line ([`first_close_by_lines`] is the reference).
fn first_close(bytes: &[u8], from: usize) -> Option<(usize, Span, usize)> {
    let mut search = from.checked_add(1)?;
    loop {
        let line = search + dashes().find(bytes.get(search..)?)?;
        search = line + 1;
        // The first line break that leads to `line`: `\r\n` is tried first, so its `\r`.
        let brk = if line >= from + 2 && bytes.get(line - 2..line) == Some(b"\r\n") {
            line - 2
        } else if matches!(bytes.get(line - 1), Some(b'\n' | b'\r')) {
            line - 1
        } else {
            continue;
        };
        if let Closing::Yes { close_end, end } = closing_line(bytes, line) {
            return Some((brk, Span::new(line, close_end), end));
        }
    }
}

/// [`first_close`] line by line: each line break at or after `from`, in order.
#[cfg(test)]
fn first_close_by_lines(bytes: &[u8], from: usize) -> Option<(usize, Span, usize)> {
    let mut at = from;
    loop {
        let brk = at + memchr::memchr2(b'\n', b'\r', bytes.get(at..)?)?;
        // `\r\n` is tried first; a lone `\r` before `\n` would leave `\n`, never `---`.
        let line = match bytes.get(brk..brk + 2) {
            Some(b"\r\n") => brk + 2,
            _ => brk + 1,
        };
        if let Closing::Yes { close_end, end } = closing_line(bytes, line) {
            return Some((brk, Span::new(line, close_end), end));
        }
        at = brk + 1;
    }
}

/// A searcher for `---`, built once.
fn dashes() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"---"))
}

/// What the line at `at` is to the closing fence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Closing {
    /// `---`, spaces or tabs, then `\r\n`, `\n` or the end of the bytes: where the blanks end and
    /// where the line break ends. The end of the bytes is the end of the file only when the
    /// whole file was read.
    Yes { close_end: usize, end: usize },
    /// Not a closing line, whatever follows.
    No,
    /// The bytes end before it is known (`--`, or `---` and a `\r` that may be followed by `\n`).
    Cut,
}

/// The Hub's closing line (the regex's `---[ \t]*(\r\n|\n|$)`), at `at`: the one place that
/// matches it, for [`locate`] and for [`Scan`].
fn closing_line(bytes: &[u8], at: usize) -> Closing {
    let rest = bytes.get(at..).unwrap_or_default();
    if !rest.starts_with(b"---") {
        return if b"---".starts_with(rest) {
            Closing::Cut
        } else {
            Closing::No
        };
    }
    let blanks = rest
        .get(3..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t'))
        .count();
    let close_end = at + 3 + blanks;
    match bytes.get(close_end..).unwrap_or_default() {
        [] => Closing::Yes {
            close_end,
            end: close_end,
        },
        [b'\n', ..] => Closing::Yes {
            close_end,
            end: close_end + 1,
        },
        [b'\r', b'\n', ..] => Closing::Yes {
            close_end,
            end: close_end + 2,
        },
        [b'\r'] => Closing::Cut,
        _ => Closing::No,
    }
}

/// The answer to "have I read enough?", which `read.rs` asks after each chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Read on: at most this many more bytes.
    More(usize),
    /// The bytes read hold everything gatelint needs.
    Stop,
}

/// Incremental state of the stop decision, so that each byte is looked at about once.
#[derive(Debug, Default)]
pub struct Scan {
    /// Where the opening fence's line break ends, once known; `Some(None)` means "no opening
    /// fence": read up to [`SCAN_LIMIT`].
    opening: Option<Option<usize>>,
    /// Where to resume looking for a closing fence.
    resume: usize,
    /// Once the closing fence is certain: where the body starts and how much of it to read
    /// ([`body_need`]).
    body: Option<(usize, BodyNeed)>,
}

impl Scan {
    /// Whether `bytes`, the file's first bytes (more may follow), hold everything gatelint needs:
    /// the whole front matter and the line break after its closing fence, or [`SCAN_LIMIT`]
    /// bytes of a file without an opening fence, or more than [`FRONT_MATTER_CAP`] bytes.
    /// `Need::More(n)`: at most `n` more bytes, never past what `done` waits for (the
    /// body's first [`SCAN_LIMIT`] bytes, or a file's first [`SCAN_LIMIT`] bytes without an
    /// opening fence, or [`FRONT_MATTER_CAP`] bytes, each with one byte more, which tells whether
    /// the file goes on past the limit), so the reader's chunks stop there.
    pub fn need(&mut self, bytes: &[u8]) -> Need {
        if bytes.len() > FRONT_MATTER_CAP || self.done(bytes) {
            return Need::Stop;
        }
        let limit = match (self.opening, self.body) {
            (_, Some((start, _))) => start.saturating_add(SCAN_LIMIT + 1),
            (Some(None), None) => SCAN_LIMIT + 1,
            _ => FRONT_MATTER_CAP + 1,
        };
        Need::More(
            limit
                .min(FRONT_MATTER_CAP + 1)
                .saturating_sub(bytes.len())
                .max(1),
        )
    }

    fn done(&mut self, bytes: &[u8]) -> bool {
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
        match (self.opening, self.body) {
            (_, Some((start, need))) => body_read(bytes, start, need),
            (Some(Some(after)), None) => match self.find_close(bytes) {
                Some((line, end)) => {
                    let yaml = bytes.get(after..line).unwrap_or_default();
                    let need = body_need(yaml);
                    self.body = Some((end, need));
                    body_read(bytes, end, need)
                }
                None => false,
            },
            _ => bytes.len() > SCAN_LIMIT,
        }
    }

    /// Whether a closing line is certain: only a byte after its line break makes it so, as a
    /// match that ends exactly where the bytes read end is one that [`locate`] accepts only at
    /// the end of the file (a card whose closing line ended at 8 KiB was unterminated).
    /// Returns where the closing line starts and where its line break ends.
    fn find_close(&mut self, bytes: &[u8]) -> Option<(usize, usize)> {
        // A closing line starts with `---` after a line break at or after `resume`: the
        // candidates are found by search, not line by line ([`Scan::find_close_by_lines`]).
        let from = self.resume;
        let mut search = from + 1;
        while let Some(off) = bytes.get(search..).and_then(|rest| dashes().find(rest)) {
            let line = search + off;
            search = line + 1;
            if !matches!(bytes.get(line - 1), Some(b'\n' | b'\r')) {
                continue;
            }
            match closing_line(bytes, line) {
                Closing::Yes { end, .. } if end < bytes.len() => return Some((line, end)),
                Closing::Yes { .. } | Closing::Cut => {
                    self.resume = line - 1;
                    return None;
                }
                Closing::No => {}
            }
        }
        // A last line cut before its `---` (empty, `-` or `--`) holds none.
        let last = bytes
            .get(from..)
            .and_then(|rest| memchr::memrchr2(b'\n', b'\r', rest));
        if let Some(brk) = last.map(|i| from + i) {
            if closing_line(bytes, brk + 1) == Closing::Cut {
                self.resume = brk;
                return None;
            }
        }
        self.resume = bytes.len().saturating_sub(1).max(self.resume);
        None
    }

    /// [`Scan::find_close`] line by line: each line break at or after `resume`, in order.
    #[cfg(test)]
    fn find_close_by_lines(&mut self, bytes: &[u8]) -> Option<(usize, usize)> {
        let mut i = self.resume;
        while let Some(off) = bytes
            .get(i..)
            .and_then(|rest| memchr::memchr2(b'\n', b'\r', rest))
        {
            let line = i + off + 1;
            match closing_line(bytes, line) {
                Closing::Yes { end, .. } if end < bytes.len() => return Some((line, end)),
                Closing::Yes { .. } | Closing::Cut => {
                    self.resume = i + off;
                    return None;
                }
                Closing::No => i = line,
            }
        }
        self.resume = bytes.len().saturating_sub(1).max(self.resume);
        None
    }
}

/// How much of the body after the closing fence gatelint reads, to find gate keys the Hub never
/// sees there (`stranded-gate-key`). Decided from the front matter's bytes alone, the same way
/// when reading ([`Scan`]) and when looking ([`FrontMatter::body_gate_keys`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyNeed {
    /// The front matter has a gate key at the top level and does not end in a block scalar:
    /// nothing past the closing fence (a gated card costs no more than before).
    Nothing,
    /// It has one, and its last top-level key holds a block scalar (`extra_gated_prompt: |`),
    /// which a `---` line of its Markdown may have cut short: up to the next `---` line, at most
    /// [`SCAN_LIMIT`] bytes.
    UpToFence,
    /// No top-level gate key: the body's first [`SCAN_LIMIT`] bytes, for a later `---` block.
    Scan,
}

/// What the front matter's bytes `yaml` say about the body (see [`BodyNeed`]).
pub fn body_need(yaml: &[u8]) -> BodyNeed {
    if !has_top_level_gate_key(yaml) {
        BodyNeed::Scan
    } else if ends_in_block_scalar(yaml) {
        BodyNeed::UpToFence
    } else {
        BodyNeed::Nothing
    }
}

/// A line of `yaml` that starts, at its first column, with `extra_gated_`.
fn has_top_level_gate_key(yaml: &[u8]) -> bool {
    yaml.starts_with(GATE_PREFIX)
        || gate_prefix().find_iter(yaml).any(|at| {
            matches!(
                at.checked_sub(1).and_then(|i| yaml.get(i)),
                Some(b'\n' | b'\r')
            )
        })
}

const GATE_PREFIX: &[u8] = b"extra_gated_";

/// A searcher for [`GATE_PREFIX`], built once: building one costs more than searching a card.
pub(crate) fn gate_prefix() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(GATE_PREFIX))
}

/// Whether the last line of `yaml` that starts at its first column (not a comment) is a key whose
/// value is a block scalar: `key: |`, `key: >-`, `key: |2`, a comment allowed after it.
fn ends_in_block_scalar(yaml: &[u8]) -> bool {
    let Some(last) = last_top_level_line(yaml) else {
        return false;
    };
    let text = match memchr::memmem::find(last, b" #") {
        Some(comment) => last.get(..comment).unwrap_or(last),
        None => last,
    };
    let text = text.trim_ascii_end();
    let Some(indicator) = text.iter().rposition(|&b| b == b' ' || b == b'\t') else {
        return false;
    };
    let (head, word) = text.split_at(indicator);
    let word = word.trim_ascii_start();
    head.trim_ascii_end().ends_with(b":")
        && matches!(word.first(), Some(b'|' | b'>'))
        && word
            .get(1..)
            .unwrap_or_default()
            .iter()
            .all(|b| matches!(b, b'-' | b'+' | b'1'..=b'9'))
}

/// The last line of `yaml` that starts at its first column and is not a comment, found from the
/// end: a `\r\n` break makes an empty line between its two bytes, which is never such a line.
fn last_top_level_line(yaml: &[u8]) -> Option<&[u8]> {
    let mut end = yaml.len();
    loop {
        let before = yaml.get(..end)?;
        let start = memchr::memrchr2(b'\n', b'\r', before).map_or(0, |i| i + 1);
        let line = before.get(start..)?;
        if line
            .first()
            .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'#'))
        {
            return Some(line);
        }
        end = start.checked_sub(1)?;
    }
}

/// Whether the body starting at `start` has been read far enough for `need`.
fn body_read(bytes: &[u8], start: usize, need: BodyNeed) -> bool {
    match need {
        BodyNeed::Nothing => true,
        _ if bytes.len() > start.saturating_add(SCAN_LIMIT) => true,
        BodyNeed::Scan => false,
        BodyNeed::UpToFence => {
            let body = bytes.get(start..).unwrap_or_default();
            // Only whole lines: the last one may still grow.
            let whole = memchr::memrchr2(b'\n', b'\r', body).map_or(0, |i| i + 1);
            lines(body.get(..whole).unwrap_or_default()).any(|(_, line)| is_dash_line(line))
        }
    }
}

/// A `---` line, blanks after it allowed: a Markdown rule, or a fence.
fn is_dash_line(line: &[u8]) -> bool {
    line.starts_with(b"---")
        && line
            .get(3..)
            .unwrap_or_default()
            .iter()
            .all(|b| matches!(b, b' ' | b'\t'))
}

/// A gate key at the start of a line where the Hub never reads it: after the front matter, or in
/// a code block of a file without front matter (see [`FrontMatter::body_gate_keys`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyKey {
    /// The key, `extra_gated_` and the rest of its name (before the `:`).
    pub key: Span,
    pub place: BodyPlace,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyPlace {
    /// Between the closing fence (`close`) and the next `---` line: that fence ended the front
    /// matter before the key (often a Markdown `---` rule meant inside a block-scalar prompt).
    AfterClose { close: Span },
    /// In a later `---` block of the body, opened at `open`; the front matter has no gate key.
    LaterBlock { open: Span },
    /// In a fenced code block (```` ```yaml ````, ```` ```yml ```` or no language) opened at
    /// `fence`, in a file without front matter.
    CodeBlock { fence: Span },
    /// At the start of a line of a file without front matter, outside any code block: YAML
    /// written without its `---` fences, or after some other text (a `---` block after text
    /// that closes is `text-before-front-matter`'s, and not reported here).
    Text,
}

enum Opening {
    NeedMore,
    None,
    /// The offset just after the opening fence's line break.
    At(usize),
}

/// Whether the file opens with the Hub's fence: whitespace, `---`, a line break.
fn opening_fence(bytes: &[u8]) -> Opening {
    let start = leading_whitespace_len(bytes);
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

/// Where the front matter is, and every fact about its fences that a rule reports: what the fence
/// rules read.
#[derive(Debug, Clone)]
pub struct FrontMatter<'a> {
    /// The bytes read (see [`Prefix`]), which the spans point into.
    pub bytes: &'a [u8],
    /// A UTF-8 byte order mark at the start of the file.
    pub bom: Option<Span>,
    pub fence: Fence,
    /// [`FrontMatter::body_gate_keys`], found once (two rules ask; `card.rs` asks first).
    body_keys: OnceLock<Vec<BodyKey>>,
}

#[derive(Debug, Clone)]
pub enum Fence {
    /// The Hub's regex matched: `yaml` lies between the fences.
    Closed {
        open: Span,
        yaml: Span,
        /// The closing line: `---` and any trailing spaces or tabs.
        close: Span,
        /// Trailing spaces or tabs after the closing `---`, which clients before
        /// huggingface_hub 1.25 did not accept.
        close_trailing: Option<Span>,
        /// The opening fence ends in a lone `\r`.
        cr_only: bool,
    },
    /// The file opens with `---` and a line break, and no closing fence follows.
    Unclosed { open: Span, why: Unclosed },
    /// The file does not open with a fence.
    Missing {
        /// The first line is `---` with trailing blanks: it never opens.
        open_trailing: Option<OpenTrailing>,
        /// A `---` block holding gate keys further down, after other text.
        later_block: Option<LaterBlock>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclosed {
    /// No closing line before the end of the file.
    NoClosingLine,
    /// `---` directly on the next line, with `\n` endings: the regex needs a line break between.
    EmptyLf,
    /// The file uses lone `\r` line breaks, and the closing fence needs `\n`.
    CrOnly,
    /// Still open after [`FRONT_MATTER_CAP`] bytes.
    TooLarge,
}

#[derive(Debug, Clone, Copy)]
pub struct OpenTrailing {
    /// The `---` and its trailing blanks.
    pub line: Span,
    pub trailing: Span,
}

#[derive(Debug, Clone, Copy)]
pub struct LaterBlock {
    /// The first non-blank text of the file, up to the end of its line.
    pub text_before: Span,
    /// The `---` that opens the later block.
    pub open: Span,
    /// The first gate key inside it.
    pub gate_key: Span,
}

impl FrontMatter<'_> {
    /// The YAML's byte span, when the Hub sees a front matter block.
    pub fn yaml(&self) -> Option<Span> {
        match self.fence {
            Fence::Closed { yaml, .. } => Some(yaml),
            _ => None,
        }
    }

    /// The `---` line that opens the YAML itself, when the opening fence is directly followed by
    /// another `---` line (`---\n---\n…`): the Hub's fence needs a line between the two, so that
    /// second `---` closes nothing and the block runs on to a later `---`, often a Markdown rule.
    pub fn stray_second_fence(&self) -> Option<Span> {
        let yaml = self.yaml()?;
        let text = yaml.slice(self.bytes);
        (text.starts_with(b"---") && matches!(text.get(3), None | Some(b'\n' | b'\r')))
            .then(|| Span::new(yaml.start, yaml.start + 3))
    }

    /// In an unclosed block opened at `open`, the first line that looks meant as its closing
    /// fence but is not one: an indented `---`, `----`, `--- text` or YAML's `...` end marker.
    pub fn near_closing_fence(&self, open: Span) -> Option<Span> {
        let body = open.end + 1;
        lines(self.bytes.get(body..)?).find_map(|(at, line)| {
            let start = line.iter().position(|b| !matches!(b, b' ' | b'\t'))?;
            let end = line.iter().rposition(|b| !matches!(b, b' ' | b'\t'))? + 1;
            let text = line.get(start..end)?;
            (text.starts_with(b"---") || text == b"...")
                .then(|| Span::new(body + at + start, body + at + end))
        })
    }
}

impl FrontMatter<'_> {
    /// The gate keys at the start of a line that the Hub never reads, in the part of the file
    /// gatelint looks at for them:
    /// - after a closed front matter, as [`body_need`] decides from the front matter's bytes: with
    ///   no top-level gate key, the body's first [`SCAN_LIMIT`] bytes (keys after the closing
    ///   fence, or in a later `---` block); ending in a block scalar, the lines up to the next
    ///   `---` line; otherwise nothing;
    /// - without front matter, the fenced YAML code blocks of the first [`SCAN_LIMIT`] bytes (a
    ///   later `---` block is `text-before-front-matter`'s).
    ///
    /// Markdown code blocks are skipped after a closed front matter: a card documenting gate
    /// keys is not a card missing them.
    ///
    /// Every key found is a line's `extra_gated_…` (`gate_key_at`), so a window without
    /// `extra_gated_` is answered by one `memmem` search, without walking its lines. Found once,
    /// on the first call.
    pub fn body_gate_keys(&self) -> &[BodyKey] {
        self.body_keys.get_or_init(|| self.find_body_gate_keys())
    }

    /// [`FrontMatter::body_gate_keys`], found.
    fn find_body_gate_keys(&self) -> Vec<BodyKey> {
        let none_in = |window: &[u8]| gate_prefix().find(window).is_none();
        match self.fence {
            Fence::Closed { yaml, close, .. } => {
                let start = after_line_break(self.bytes, close.end);
                let window = scanned(self.bytes.get(start..).unwrap_or_default());
                if none_in(window) {
                    return Vec::new();
                }
                let need = body_need(yaml.slice(self.bytes));
                if need == BodyNeed::Nothing {
                    return Vec::new();
                }
                after_close(window, start, close, need)
            }
            Fence::Missing {
                open_trailing: None,
                later_block,
            } => {
                let window = scanned(self.bytes);
                if none_in(window) {
                    return Vec::new();
                }
                without_front_matter(window, later_block.map(|b| b.open.start))
            }
            _ => Vec::new(),
        }
    }
}

/// Where the line break at `at` (if any) ends.
fn after_line_break(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at..at + 2) {
        Some(b"\r\n") => at + 2,
        _ => match bytes.get(at) {
            Some(b'\n' | b'\r') => at + 1,
            _ => at,
        },
    }
}

/// The gate key at the start of `line` (at file offset `at`): `extra_gated_…` then `:`.
fn gate_key_at(line: &[u8], at: usize) -> Option<Span> {
    if !line.starts_with(GATE_PREFIX) {
        return None;
    }
    let name = line
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))
        .unwrap_or(line.len());
    let rest = line.get(name..).unwrap_or_default().trim_ascii_start();
    let after = rest.get(1..).unwrap_or_default();
    (rest.first() == Some(&b':') && after.first().is_none_or(|b| matches!(b, b' ' | b'\t')))
        .then(|| Span::new(at, at + name))
}

/// A Markdown code fence line: its fence (```` ``` ```` or `~~~`, as long as written) and its
/// info string.
fn code_fence(line: &[u8]) -> Option<(usize, &[u8])> {
    let first = *line.first()?;
    if first != b'`' && first != b'~' {
        return None;
    }
    let len = line.iter().take_while(|&&b| b == first).count();
    (len >= 3).then(|| (len, line.get(len..).unwrap_or_default().trim_ascii()))
}

fn after_close(window: &[u8], base: usize, close: Span, need: BodyNeed) -> Vec<BodyKey> {
    let mut out = Vec::new();
    let mut place = BodyPlace::AfterClose { close };
    let mut in_code = false;
    for (at, line) in lines(window) {
        let at = base + at;
        if code_fence(line).is_some() {
            in_code = !in_code;
            continue;
        }
        if in_code {
            continue;
        }
        if is_dash_line(line) {
            if need == BodyNeed::UpToFence {
                break;
            }
            place = BodyPlace::LaterBlock {
                open: Span::new(at, at + 3),
            };
        } else if let Some(key) = gate_key_at(line, at) {
            out.push(BodyKey { key, place });
        }
    }
    out
}

/// The gate keys at the start of a line of a file without front matter: inside its YAML code
/// blocks (fenced, tagged `yaml`, `yml` or untagged); and outside any code block, in YAML
/// written without its fences: lines that all look like YAML from the start of the file or from
/// a `---` line up to the key, before `later_block` (where a `---` block after other text opens,
/// which `text-before-front-matter` reports). Never in a code block of another language, nor in
/// prose that mentions a key after a heading or a paragraph.
fn without_front_matter(bytes: &[u8], later_block: Option<usize>) -> Vec<BodyKey> {
    let mut out = Vec::new();
    // The open block: its fence character and length, where its fence is, whether it is YAML.
    let mut open: Option<(u8, usize, Span, bool)> = None;
    // Whether every line since the start of the file, or since the last `---` line, looks like
    // YAML.
    let mut yaml_so_far = true;
    for (at, line) in lines(bytes) {
        if open.is_none() && code_fence(line).is_none() {
            if is_dash_line(line) {
                yaml_so_far = true;
                continue;
            }
            if !looks_like_yaml(line) {
                yaml_so_far = false;
            }
        } else {
            yaml_so_far = false;
        }
        match (open, code_fence(line)) {
            (None, Some((len, info))) => {
                let lang = info
                    .split(|b| b.is_ascii_whitespace() || *b == b'{')
                    .next()
                    .unwrap_or_default();
                let yaml = lang.is_empty()
                    || lang.eq_ignore_ascii_case(b"yaml")
                    || lang.eq_ignore_ascii_case(b"yml");
                let first = line.first().copied().unwrap_or(b'`');
                open = Some((first, len, Span::new(at, at + len), yaml));
            }
            (Some((ch, len, _, _)), Some((close_len, info)))
                if line.first() == Some(&ch) && close_len >= len && info.is_empty() =>
            {
                open = None;
            }
            (Some((_, _, fence, true)), _) => {
                if let Some(key) = gate_key_at(line, at) {
                    out.push(BodyKey {
                        key,
                        place: BodyPlace::CodeBlock { fence },
                    });
                }
            }
            (None, None) if yaml_so_far && later_block.is_none_or(|block| at < block) => {
                if let Some(key) = gate_key_at(line, at) {
                    out.push(BodyKey {
                        key,
                        place: BodyPlace::Text,
                    });
                }
            }
            _ => {}
        }
    }
    out
}

/// A line of YAML metadata rather than Markdown: blank, indented, a list item, or a key (text
/// then `:` and a space or the end of the line) that does not start with `#` (a heading, or a
/// comment) or another Markdown or YAML indicator.
fn looks_like_yaml(line: &[u8]) -> bool {
    let Some(&first) = line.first() else {
        return true;
    };
    if matches!(first, b' ' | b'\t') || line == b"-" || line.starts_with(b"- ") {
        return true;
    }
    if matches!(
        first,
        b'#' | b'>' | b'<' | b'*' | b'|' | b'!' | b'[' | b'`' | b'~'
    ) {
        return false;
    }
    let mut colons = memchr::memchr_iter(b':', line);
    colons.any(|i| {
        line.get(i + 1)
            .is_none_or(|b| matches!(b, b' ' | b'\t' | b'\r'))
    })
}

/// Finds the front matter in what `read.rs` read.
pub fn locate(prefix: &Prefix) -> FrontMatter<'_> {
    let bytes = prefix.bytes.as_slice();
    let bom = bytes
        .starts_with(b"\xEF\xBB\xBF")
        .then_some(Span::new(0, 3));
    let fence = match fence_match(bytes) {
        // A `$` match at the end of a partial read is not the end of the file.
        Some(m) if prefix.at_eof || m.end < bytes.len() => {
            let FenceMatch {
                open, yaml, close, ..
            } = m;
            let close_trailing = (close.len() > 3).then(|| Span::new(close.start + 3, close.end));
            let cr_only = is_lone_cr(bytes, open.end);
            Fence::Closed {
                open,
                yaml,
                close,
                close_trailing,
                cr_only,
            }
        }
        _ => unmatched(prefix),
    };
    FrontMatter {
        bytes,
        bom,
        fence,
        body_keys: OnceLock::new(),
    }
}

fn is_lone_cr(bytes: &[u8], at: usize) -> bool {
    bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) != Some(&b'\n')
}

fn unmatched(prefix: &Prefix) -> Fence {
    let bytes = prefix.bytes.as_slice();
    let start = leading_whitespace_len(bytes);
    let rest = bytes.get(start..).unwrap_or_default();
    if rest.starts_with(b"---\n") || rest.starts_with(b"---\r") {
        let open = Span::new(start, start + 3);
        let why = if is_lone_cr(bytes, start + 3) {
            Unclosed::CrOnly
        } else if rest.starts_with(b"---\n---") && !prefix.at_eof && bytes.len() > FRONT_MATTER_CAP
        {
            Unclosed::TooLarge
        } else if rest.starts_with(b"---\n---") {
            Unclosed::EmptyLf
        } else if !prefix.at_eof && bytes.len() > FRONT_MATTER_CAP {
            Unclosed::TooLarge
        } else {
            Unclosed::NoClosingLine
        };
        return Fence::Unclosed { open, why };
    }
    let line_end = rest
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(rest.len());
    let first_line = rest.get(..line_end).unwrap_or_default();
    let open_trailing = (first_line.len() > 3
        && first_line.starts_with(b"---")
        && first_line
            .get(3..)
            .unwrap_or_default()
            .iter()
            .all(|b| matches!(b, b' ' | b'\t')))
    .then(|| OpenTrailing {
        line: Span::new(start, start + line_end),
        trailing: Span::new(start + 3, start + line_end),
    });
    let later_block = if open_trailing.is_none() && !rest.is_empty() {
        later_block(scanned(bytes), start, start + line_end)
    } else {
        None
    };
    Fence::Missing {
        open_trailing,
        later_block,
    }
}

/// The part of a file without an opening fence, or of a body after the closing fence, that
/// [`later_block`] and [`FrontMatter::body_gate_keys`] look at: its first [`SCAN_LIMIT`] bytes,
/// cut after the last line break in them when the limit cuts a line (the reader reads one byte
/// past the limit, so text of exactly [`SCAN_LIMIT`] bytes ends the file and is whole).
fn scanned(bytes: &[u8]) -> &[u8] {
    if bytes.len() <= SCAN_LIMIT {
        return bytes;
    }
    let head = bytes.get(..SCAN_LIMIT).unwrap_or(bytes);
    head.iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .and_then(|i| head.get(..=i))
        .unwrap_or(head)
}

/// A `---` block with a gate key in it, after the text that starts at `text_start` (and outside
/// Markdown code fences).
fn later_block(bytes: &[u8], text_start: usize, first_line_end: usize) -> Option<LaterBlock> {
    let mut in_code = false;
    let mut open: Option<Span> = None;
    let mut gate_key: Option<Span> = None;
    for (start, line) in lines(bytes) {
        let trimmed_end = line
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t'))
            .map_or(0, |i| i + 1);
        let content = line.get(..trimmed_end).unwrap_or_default();
        if content.starts_with(b"```") || content.starts_with(b"~~~") {
            in_code = !in_code;
            open = None;
            gate_key = None;
            continue;
        }
        if in_code || start < text_start {
            continue;
        }
        if content == b"---" {
            match (open, gate_key) {
                (Some(open), Some(gate_key)) => {
                    return Some(LaterBlock {
                        text_before: Span::new(text_start, first_line_end),
                        open,
                        gate_key,
                    })
                }
                _ => {
                    open = Some(Span::new(start, start + 3));
                    gate_key = None;
                }
            }
        } else if open.is_some() && gate_key.is_none() && is_gate_key_line(content) {
            let key_len = content
                .iter()
                .position(|&b| b == b':')
                .unwrap_or(content.len());
            gate_key = Some(Span::new(start, start + key_len));
        }
    }
    None
}

fn is_gate_key_line(line: &[u8]) -> bool {
    line.starts_with(b"extra_gated_") || line.starts_with(b"gated:")
}

/// Lines with their start offsets, split at `\n`, `\r\n` or a lone `\r`.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let rest = bytes.get(at..)?;
        let end = memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len());
        let line = (at, rest.get(..end)?);
        let brk = match rest.get(end..end + 2) {
            Some(b"\r\n") => 2,
            Some(_) | None if end < rest.len() => 1,
            _ => 0,
        };
        at += end + brk;
        Some(line)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter<'static> {
        // Leaked: a test's few bytes, so that the front matter can borrow them.
        locate(Box::leak(Box::new(Prefix {
            bytes: text.as_bytes().to_vec(),
            at_eof: true,
        })))
    }

    fn yaml_of(text: &str) -> Option<String> {
        let f = fm(text);
        f.yaml()
            .map(|s| String::from_utf8_lossy(s.slice(text.as_bytes())).into_owned())
    }

    #[test]
    fn the_hub_regex_cases_of_hub_md() {
        assert_eq!(yaml_of("---\na: 1\n---\nbody").as_deref(), Some("a: 1"));
        assert_eq!(yaml_of("\n\n  ---\na: 1\n---").as_deref(), Some("a: 1"));
        assert_eq!(yaml_of("--- \na: 1\n---\n"), None);
        assert_eq!(yaml_of("---\na: 1\n---  \t\nx").as_deref(), Some("a: 1"));
        assert_eq!(yaml_of("---\n---\n"), None);
        assert_eq!(yaml_of("---\r\n---\r\n").as_deref(), Some(""));
        assert_eq!(yaml_of("---\n\n---").as_deref(), Some(""));
        assert_eq!(yaml_of("---\ra: 1\r---\rbody"), None);
        assert_eq!(yaml_of("\u{FEFF}---\na: 1\n---\n").as_deref(), Some("a: 1"));
        assert_eq!(yaml_of("<!-- x -->\n---\na: 1\n---\n"), None);
        assert_eq!(yaml_of("---\na: 1\n"), None);
        // An empty LF block followed by a `---` rule in the body: all of it is YAML.
        assert_eq!(
            yaml_of("---\n---\n# Title\n---\n").as_deref(),
            Some("---\n# Title")
        );
    }

    /// The regex's match, as [`fence_match`] reports it.
    fn regex_match(bytes: &[u8]) -> Option<FenceMatch> {
        let caps = FENCE.captures(bytes)?;
        let span = |i| {
            caps.get(i)
                .map_or(Span::default(), |m| Span::new(m.start(), m.end()))
        };
        Some(FenceMatch {
            open: span(1),
            yaml: span(2),
            close: span(3),
            end: caps.get(0).map_or(0, |m| m.end()),
        })
    }

    #[test]
    fn the_hand_matcher_agrees_with_the_regex_on_the_hub_cases() {
        for text in [
            "---\na: 1\n---\nbody",
            "\n\n  ---\na: 1\n---",
            "--- \na: 1\n---\n",
            "---\na: 1\n---  \t\nx",
            "---\n---\n",
            "---\r\n---\r\n",
            "---\r\n\r\n---\r\n",
            "---\r\n---\n",
            "---\r---\n",
            "---\n\n---",
            "---\ra: 1\r---\rbody",
            "\u{FEFF}---\na: 1\n---\n",
            "\u{A0}\u{3000}---\na: 1\r\n---\r\n",
            "<!-- x -->\n---\na: 1\n---\n",
            "---\na: 1\n",
            "---\n---\n# Title\n---\n",
            "---\na: 1\n----\n--- x\n---\t\r\n",
            "",
            "---",
            "---\n",
        ] {
            assert_eq!(
                fence_match(text.as_bytes()),
                regex_match(text.as_bytes()),
                "{text:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn the_hand_matcher_agrees_with_the_regex(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "-", "---", "\r", "\n", "\r\n", " ", "\t", "a", "k: v", "\u{FEFF}", "\u{A0}",
                "\u{2028}", "\u{0B}", "\u{85}",
            ]),
            0..24,
        ), latin1 in proptest::option::of(0usize..24)) {
            let mut bytes = parts.concat().into_bytes();
            if let Some(at) = latin1.filter(|&at| at < bytes.len()) {
                bytes.insert(at, 0xE9);
            }
            proptest::prop_assert_eq!(fence_match(&bytes), regex_match(&bytes));
        }
    }

    #[test]
    fn unclosed_reasons() {
        assert!(matches!(
            fm("---\na: 1\n").fence,
            Fence::Unclosed {
                why: Unclosed::NoClosingLine,
                ..
            }
        ));
        assert!(matches!(
            fm("---\n---\n").fence,
            Fence::Unclosed {
                why: Unclosed::EmptyLf,
                ..
            }
        ));
        assert!(matches!(
            fm("---\ra: 1\r---\r").fence,
            Fence::Unclosed {
                why: Unclosed::CrOnly,
                ..
            }
        ));
    }

    #[test]
    fn later_block_after_a_comment() {
        let text = "<!-- header -->\n---\nlicense: mit\nextra_gated_prompt: hi\n---\n";
        let Fence::Missing {
            later_block: Some(block),
            ..
        } = fm(text).fence
        else {
            panic!("expected a later block");
        };
        assert_eq!(block.open.slice(text.as_bytes()), b"---");
        assert_eq!(block.gate_key.slice(text.as_bytes()), b"extra_gated_prompt");
        assert_eq!(block.text_before.slice(text.as_bytes()), b"<!-- header -->");
    }

    #[test]
    fn later_block_ignores_code_fences() {
        let text = "# Title\n```yaml\n---\nextra_gated_prompt: hi\n---\n```\n";
        assert!(matches!(
            fm(text).fence,
            Fence::Missing {
                later_block: None,
                ..
            }
        ));
    }

    fn body_keys(text: &str) -> Vec<(String, &'static str)> {
        let text: &'static str = Box::leak(text.to_owned().into_boxed_str());
        fm(text)
            .body_gate_keys()
            .iter()
            .map(|k| {
                let place = match k.place {
                    BodyPlace::AfterClose { .. } => "after close",
                    BodyPlace::LaterBlock { .. } => "later block",
                    BodyPlace::CodeBlock { .. } => "code block",
                    BodyPlace::Text => "text",
                };
                (
                    String::from_utf8_lossy(k.key.slice(text.as_bytes())).into_owned(),
                    place,
                )
            })
            .collect()
    }

    #[test]
    fn body_gate_keys_where_the_hub_never_looks() {
        let key = |k: &str, p| vec![(k.to_owned(), p)];
        // A second block, when the front matter has no gate key.
        assert_eq!(
            body_keys("---\na: 1\n---\n# T\n---\nextra_gated_prompt: x\n---\n"),
            key("extra_gated_prompt", "later block")
        );
        // Not when it has one, and not inside a code block.
        assert!(
            body_keys("---\nextra_gated_prompt: y\n---\n---\nextra_gated_prompt: x\n---\n")
                .is_empty()
        );
        assert!(
            body_keys("---\na: 1\n---\n```yaml\n---\nextra_gated_prompt: x\n---\n```\n").is_empty()
        );
        // After a block scalar that a `---` line closed.
        assert_eq!(
            body_keys(
                "---\nextra_gated_prompt: >-\n  x\n---\nextra_gated_fields:\n  A: text\n---\n"
            ),
            key("extra_gated_fields", "after close")
        );
        // Only up to the next `---` line then.
        assert!(
            body_keys("---\nextra_gated_prompt: |\n  x\n---\n# T\n---\nextra_gated_fields:\n")
                .is_empty()
        );
        // A final key that is no block scalar: nothing is looked at.
        assert!(body_keys("---\nextra_gated_prompt: x\n---\nextra_gated_fields:\n").is_empty());
        // A YAML code block without front matter; other languages are left alone.
        assert_eq!(
            body_keys("# T\n\n```yaml\nextra_gated_fields:\n  A: text\n```\n"),
            key("extra_gated_fields", "code block")
        );
        assert_eq!(
            body_keys("# T\n\n~~~\nextra_gated_prompt: hi\n~~~\n"),
            key("extra_gated_prompt", "code block")
        );
        assert!(body_keys("# T\n\n```python\nextra_gated_fields: 1\n```\n").is_empty());
        assert!(body_keys("# T\n\nextra_gated_fields: are documented here\n").is_empty());
        // YAML written without its fences, from the start of the file or from a `---` line: the
        // metadata of a card that lost its fences, or whose `---` block never closes.
        assert_eq!(
            body_keys("license: mit\n\nextra_gated_fields:\n  A: text\n# Model\n"),
            key("extra_gated_fields", "text")
        );
        assert_eq!(
            body_keys("<!-- x -->\n---\nlicense: mit\nextra_gated_prompt: Agree\n"),
            key("extra_gated_prompt", "text")
        );
        // Not after prose or a heading, nor in a `---` block after text that closes (that is
        // `text-before-front-matter`'s), nor after a code block.
        assert!(body_keys("See the wiki.\nextra_gated_prompt: x\n").is_empty());
        assert!(body_keys("# T\n---\nextra_gated_prompt: x\n---\n").is_empty());
        assert!(body_keys("```\nx\n```\nextra_gated_prompt: x\n").is_empty());
        // A mention is not a key: the `:` must follow the name.
        assert!(
            body_keys("---\na: 1\n---\n---\nextra_gated_fields lists the fields\n---\n").is_empty()
        );
    }

    proptest::proptest! {
        /// The closing line found by search is the one found line by line: in the whole text
        /// (`first_close`) and in each prefix of it, read as it grows (`Scan::find_close`).
        #[test]
        fn the_closing_line_found_by_search_is_the_one_found_line_by_line(parts in proptest::collection::vec(
            proptest::sample::select(vec!["---", "--", "-", "\n", "\r", "\r\n", " ", "\t", "a: 1", "----"]),
            0..24,
        ), from in 0usize..6) {
            let bytes = parts.concat().into_bytes();
            proptest::prop_assert_eq!(first_close(&bytes, from), first_close_by_lines(&bytes, from));
            let resume = from.min(bytes.len()).max(1);
            let (mut fast, mut slow) = (Scan::default(), Scan::default());
            fast.resume = resume;
            slow.resume = resume;
            for cut in 0..=bytes.len() {
                let prefix = &bytes[..cut];
                let found = fast.find_close(prefix);
                proptest::prop_assert_eq!(found, slow.find_close_by_lines(prefix), "cut {}", cut);
                proptest::prop_assert_eq!(fast.resume, slow.resume, "cut {}", cut);
                if found.is_some() {
                    break;
                }
            }
        }

        /// The last top-level line, found from the end, is the one that reading the lines from
        /// the start finds last.
        #[test]
        fn the_last_top_level_line_is_found_from_the_end(parts in proptest::collection::vec(
            proptest::sample::select(vec!["a: |", "\n", "\r", "\r\n", " ", "\t", "#", "b", "  c: 1"]),
            0..24,
        )) {
            let yaml = parts.concat().into_bytes();
            let forward = lines(&yaml)
                .filter(|(_, line)| {
                    line.first()
                        .is_some_and(|b| !matches!(b, b' ' | b'\t' | b'#'))
                })
                .last()
                .map(|(_, line)| line);
            proptest::prop_assert_eq!(last_top_level_line(&yaml), forward);
        }
    }

    #[test]
    fn body_need_reads_the_front_matter_bytes() {
        assert_eq!(body_need(b"license: mit"), BodyNeed::Scan);
        assert_eq!(body_need(b"a:\n  extra_gated_prompt: x"), BodyNeed::Scan);
        assert_eq!(body_need(b"extra_gated_prompt: x"), BodyNeed::Nothing);
        assert_eq!(
            body_need(b"a: 1\nextra_gated_prompt: |\n  x"),
            BodyNeed::UpToFence
        );
        assert_eq!(
            body_need(b"extra_gated_prompt: >-2 # c\n  x\n\n  y"),
            BodyNeed::UpToFence
        );
        assert_eq!(
            body_need(b"extra_gated_prompt: |\n  x\nb: 1"),
            BodyNeed::Nothing
        );
        assert_eq!(body_need(b"extra_gated_prompt: a |"), BodyNeed::Nothing);
    }
}
