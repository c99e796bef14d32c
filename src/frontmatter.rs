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
//! here, once, from the bytes that `read.rs` read.

use std::sync::LazyLock;

use regex::bytes::Regex;

use crate::read::{Prefix, FRONT_MATTER_CAP};
use crate::span::Span;

/// JavaScript's `\s`: what may precede the opening fence.
const JS_WHITESPACE: &str =
    r"[\t\n\x0B\x0C\r \x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]";

/// The Hub's front matter regex. Groups: 1 the opening `---`, 2 the YAML, 3 the closing line
/// (`---` and trailing blanks, without its line break).
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
    LEADING_WHITESPACE.find(bytes).map_or(0, |m| m.end())
}

/// Where the front matter is, and every fact about its fences that a rule reports.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    /// A UTF-8 byte order mark at the start of the file.
    pub bom: Option<Span>,
    pub fence: Fence,
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

impl FrontMatter {
    /// The YAML's byte span, when the Hub sees a front matter block.
    pub fn yaml(&self) -> Option<Span> {
        match self.fence {
            Fence::Closed { yaml, .. } => Some(yaml),
            _ => None,
        }
    }
}

/// Finds the front matter in what `read.rs` read.
pub fn locate(prefix: &Prefix) -> FrontMatter {
    let bytes = prefix.bytes.as_slice();
    let bom = bytes
        .starts_with(b"\xEF\xBB\xBF")
        .then_some(Span::new(0, 3));
    let fence = match FENCE.captures(bytes) {
        // A `$` match at the end of a partial read is not the end of the file.
        Some(caps) if prefix.at_eof || caps.get(0).is_some_and(|m| m.end() < bytes.len()) => {
            let span = |i| caps.get(i).map_or(Span::default(), |m| Span::new(m.start(), m.end()));
            let (open, yaml, close) = (span(1), span(2), span(3));
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
    FrontMatter { bom, fence }
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
        later_block(bytes, start, start + line_end)
    } else {
        None
    };
    Fence::Missing {
        open_trailing,
        later_block,
    }
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
            let key_len = content.iter().position(|&b| b == b':').unwrap_or(content.len());
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

    fn fm(text: &str) -> FrontMatter {
        locate(&crate::read::prefix_of(text.as_bytes()))
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

    #[test]
    fn unclosed_reasons() {
        assert!(matches!(
            fm("---\na: 1\n").fence,
            Fence::Unclosed { why: Unclosed::NoClosingLine, .. }
        ));
        assert!(matches!(
            fm("---\n---\n").fence,
            Fence::Unclosed { why: Unclosed::EmptyLf, .. }
        ));
        assert!(matches!(
            fm("---\ra: 1\r---\r").fence,
            Fence::Unclosed { why: Unclosed::CrOnly, .. }
        ));
    }

    #[test]
    fn later_block_after_a_comment() {
        let text = "<!-- header -->\n---\nlicense: mit\nextra_gated_prompt: hi\n---\n";
        let Fence::Missing { later_block: Some(block), .. } = fm(text).fence else {
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
            Fence::Missing { later_block: None, .. }
        ));
    }
}
