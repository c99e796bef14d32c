//! Scalar resolution as js-yaml 4 (the Hub's parser) resolves scalars: the YAML 1.2 core schema,
//! where `yes`, `no`, `on` and `off` are strings.

use super::tree::{Resolved, Style, Tag};

/// What js-yaml 4's default schema makes of a scalar.
pub fn resolve(text: &str, style: Style, tag: Option<&Tag>) -> Resolved {
    if let Some(tag) = tag {
        if tag.non_specific {
            return Resolved::Str;
        }
        return match tag.core_suffix.as_deref() {
            Some("null") => Resolved::Null,
            Some("bool") => Resolved::Bool(matches!(text, "true" | "True" | "TRUE")),
            Some("int") => Resolved::Int,
            Some("float") => Resolved::Float,
            Some("timestamp") => Resolved::Timestamp,
            _ => Resolved::Str,
        };
    }
    if !style.is_plain() {
        return Resolved::Str;
    }
    resolve_plain(text)
}

fn resolve_plain(text: &str) -> Resolved {
    // Most plain scalars are words; only these first characters can start anything but a string.
    match text.as_bytes().first() {
        None => return Resolved::Null,
        Some(b'0'..=b'9' | b'+' | b'-' | b'.' | b'~' | b'<' | b't' | b'T' | b'f' | b'F')
        | Some(b'n' | b'N') => {}
        Some(_) => return Resolved::Str,
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Resolved::Null,
        "true" | "True" | "TRUE" => return Resolved::Bool(true),
        "false" | "False" | "FALSE" => return Resolved::Bool(false),
        "<<" => return Resolved::Merge,
        _ => {}
    }
    // No number or date starts with a letter, `~` or `<` (`type`, `text`, `name`, … are common).
    if !matches!(
        text.as_bytes().first(),
        Some(b'0'..=b'9' | b'+' | b'-' | b'.')
    ) {
        return Resolved::Str;
    }
    if is_int(text) {
        Resolved::Int
    } else if is_float(text) {
        Resolved::Float
    } else if is_timestamp(text) {
        Resolved::Timestamp
    } else {
        Resolved::Str
    }
}

/// js-yaml 4's int (4.3, what `npm install js-yaml@4` gives): decimal, `0b`, `0o`, `0x`, an
/// optional sign, no `_` separators (4.1 allowed them; `1_000` is a string to 4.3).
pub fn is_int(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let digits = |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c.is_digit(radix));
    if let Some(rest) = body.strip_prefix("0b") {
        return digits(rest, 2);
    }
    if let Some(rest) = body.strip_prefix("0o") {
        return digits(rest, 8);
    }
    if let Some(rest) = body.strip_prefix("0x") {
        return digits(rest, 16);
    }
    digits(body, 10)
}

/// js-yaml 4.3's float: `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?`, `\.[0-9]+([eE][-+]?[0-9]+)?`
/// (no sign), `[-+]?.inf`, `.nan`; integers are matched first.
fn is_float(text: &str) -> bool {
    if matches!(
        text.strip_prefix(['-', '+']).unwrap_or(text),
        ".inf" | ".Inf" | ".INF"
    ) || matches!(text, ".nan" | ".NaN" | ".NAN")
    {
        return true;
    }
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (
            text.get(..i).unwrap_or(""),
            Some(text.get(i + 1..).unwrap_or("")),
        ),
        None => (text, None),
    };
    if let Some(exp) = exponent {
        if !all_digits(exp.strip_prefix(['-', '+']).unwrap_or(exp)) {
            return false;
        }
    }
    if let Some(frac) = mantissa.strip_prefix('.') {
        return all_digits(frac);
    }
    let unsigned = mantissa.strip_prefix(['-', '+']).unwrap_or(mantissa);
    match unsigned.split_once('.') {
        Some((int, frac)) => all_digits(int) && (frac.is_empty() || all_digits(frac)),
        None => all_digits(unsigned) && exponent.is_some(),
    }
}

/// js-yaml's timestamp: `YYYY-MM-DD`, or with a time part.
fn is_timestamp(text: &str) -> bool {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let date = b.len() >= 8
        && (0..4).all(digit)
        && b.get(4) == Some(&b'-')
        && digit(5)
        && (b.get(6) == Some(&b'-') || (digit(6) && b.get(7) == Some(&b'-')));
    if !date {
        return false;
    }
    // A date alone, or a date with a time after `T`, `t` or spaces.
    let date_end = b
        .iter()
        .skip(5)
        .position(|&c| c == b'-')
        .map_or(0, |i| i + 6);
    let rest = text.get(date_end..).unwrap_or("");
    let day_len = rest.chars().take_while(char::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return false;
    }
    let after = rest.get(day_len..).unwrap_or("");
    after.is_empty()
        || (after.starts_with(['T', 't', ' ', '\t'])
            && after
                .trim_start_matches(['T', 't', ' ', '\t'])
                .contains(':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_js_yaml_core() {
        for (text, want) in [
            ("yes", Resolved::Str),
            ("No", Resolved::Str),
            ("on", Resolved::Str),
            ("~", Resolved::Null),
            ("", Resolved::Null),
            ("True", Resolved::Bool(true)),
            ("2024", Resolved::Int),
            ("0x1F", Resolved::Int),
            ("1_000", Resolved::Str),
            ("1e3", Resolved::Float),
            ("1.", Resolved::Float),
            ("-.5", Resolved::Str),
            ("+.inf", Resolved::Float),
            ("0xG", Resolved::Str),
            ("1.5", Resolved::Float),
            (".5", Resolved::Float),
            ("1e5", Resolved::Float),
            ("1.0e5", Resolved::Float),
            ("2024-01-01", Resolved::Timestamp),
            ("2024-1-1", Resolved::Timestamp),
            ("2024-01-01 10:00:00", Resolved::Timestamp),
            ("2024-01-01x", Resolved::Str),
            ("Country", Resolved::Str),
            ("1.2.3", Resolved::Str),
        ] {
            assert_eq!(resolve(text, Style::Plain, None), want, "{text}");
        }
        assert_eq!(resolve("true", Style::SingleQuoted, None), Resolved::Str);
    }
}
