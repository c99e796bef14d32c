//! `invalid-utf8`: see `docs/rules/invalid-utf8.md`.

use crate::finding::Finding;
use crate::frontmatter::FrontMatter;
use crate::rule::Rule;
use crate::span::Span;

/// `at`: the file offset of the first byte that is not UTF-8.
pub fn check(front_matter: &FrontMatter, at: usize, out: &mut Vec<Finding>) {
    let byte = front_matter.bytes.get(at).copied().unwrap_or(0);
    let len = front_matter
        .bytes
        .get(at..)
        .map(|rest| match std::str::from_utf8(rest) {
            Err(e) => e.error_len().unwrap_or(rest.len()).max(1),
            Ok(_) => 1,
        })
        .unwrap_or(1);
    let help = match windows_1252(byte) {
        Some(c) => format!(
            "re-save the file as UTF-8; this byte is `{c}` in Windows-1252 (Latin-1), the \
             encoding it was probably saved in"
        ),
        None => "re-save the file as UTF-8".to_owned(),
    };
    out.push(
        Finding::new(Rule::InvalidUtf8, Span::new(at, at + len), message(byte))
            .label(format!("byte `0x{byte:02X}`"))
            .help(help),
    );
}

fn message(byte: u8) -> String {
    format!(
        "the front matter is not valid UTF-8 (byte `0x{byte:02X}`): `huggingface_hub` fails to \
         read the card, and the Hub cannot read the text"
    )
}

/// The character a stray byte stands for in Windows-1252, the usual culprit.
fn windows_1252(byte: u8) -> Option<char> {
    Some(match byte {
        0x80 => '€',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x96 => '–',
        0x97 => '—',
        0xA0..=0xFF => char::from(byte),
        _ => return None,
    })
}
