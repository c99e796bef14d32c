//! GitHub Actions workflow commands, one line per finding:
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=gatelint(rule)::message`.
//!
//! `warning` and `notice` stand for the other severities. Text from the card, its path or the
//! config is first escaped as everywhere (`escape.rs`: control characters and `##[` shown as
//! `\u{…}`); then, as GitHub's toolkit does, the message escapes `%`, CR and LF, and property
//! values escape `,` and `:` too. Each finding is one line that starts with `::`, and nothing from
//! the card can end it or start another.

use std::fmt::Write;

use super::escape::escape;
use crate::report::Checked;
use crate::rule::Severity;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

pub fn file(checked: &Checked) -> String {
    let mut out = String::new();
    let file = property(&escape(&checked.path));
    for (f, (start, end)) in checked.findings.iter().zip(super::positions(checked)) {
        let mut message = escape(&f.message).into_owned();
        if let Some(help) = &f.help {
            message.push_str("\nhelp: ");
            message.push_str(&escape(help));
        }
        let _ = writeln!(
            out,
            "::{} file={file},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("gatelint({})", f.rule)),
            data(&message),
        );
    }
    out
}

/// Escapes a message (the text after `::`).
pub(crate) fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`).
pub(crate) fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_actions_toolkit() {
        assert_eq!(data("100% a\r\nb: c, d"), "100%25 a%0D%0Ab: c, d");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
