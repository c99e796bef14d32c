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
            Some("binary") => Resolved::Binary,
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
/// optional sign, no `_` separators (4.1 allowed them; `1_000` is a string to 4.3), and a finite
/// JavaScript number (a decimal of 400 digits is `Infinity` to `parseInt`: no int).
pub fn is_int(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (digits, radix) = if let Some(rest) = body.strip_prefix("0b") {
        (rest, 2)
    } else if let Some(rest) = body.strip_prefix("0o") {
        (rest, 8)
    } else if let Some(rest) = body.strip_prefix("0x") {
        (rest, 16)
    } else {
        (body, 10)
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return false;
    }
    let value = if radix == 10 {
        digits.parse::<f64>().unwrap_or(f64::INFINITY)
    } else {
        digits.chars().fold(0.0, |n, c| {
            n * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        })
    };
    value.is_finite()
}

/// js-yaml 4.3's float (`resolveYamlFloat`, which `!!float` checks too):
/// `[-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?` (so an integer written in decimal, which the
/// plain reading matches as an int first), `\.[0-9]+([eE][-+]?[0-9]+)?` (no sign), `[-+]?.inf`,
/// `.nan`; a number only when finite (`1e999` is `Infinity` to `parseFloat`: a string).
pub fn is_float(text: &str) -> bool {
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
    let pattern = if let Some(frac) = mantissa.strip_prefix('.') {
        all_digits(frac)
    } else {
        let unsigned = mantissa.strip_prefix(['-', '+']).unwrap_or(mantissa);
        match unsigned.split_once('.') {
            Some((int, frac)) => all_digits(int) && (frac.is_empty() || all_digits(frac)),
            None => all_digits(unsigned),
        }
    };
    pattern && text.parse::<f64>().is_ok_and(f64::is_finite)
}

/// A timestamp's fields as written (js-yaml 4's `YAML_TIMESTAMP_REGEXP` groups): month and day
/// 1-based, `fraction` the first three digits of the fraction padded with zeros (milliseconds),
/// `offset` the zone in minutes east of UTC.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Timestamp {
    pub year: f64,
    pub month: f64,
    pub day: f64,
    pub hour: f64,
    pub minute: f64,
    pub second: f64,
    pub fraction: f64,
    pub offset: f64,
}

fn is_timestamp(text: &str) -> bool {
    timestamp(text).is_some()
}

/// js-yaml 4's timestamp, exactly: a date alone is `YYYY-MM-DD` (zero-padded: `2024-1-1` is a
/// string), and a date with a time may drop the padding of month and day:
/// `YYYY-M?M-D?D` then `T`, `t` or blanks, `H?H:MM:SS`, an optional fraction and an optional
/// zone (`Z`, `+H?H`, `-H?H:MM`, after optional blanks).
pub fn timestamp(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    // Up to `max` digits from `i`, at least `min`: the position after them.
    let digits = |i: usize, min: usize, max: usize| {
        let n = (0..max).take_while(|&k| digit(i + k)).count();
        (n >= min).then_some(i + n)
    };
    // The number written from `from` to `to` (digits only, checked by the caller).
    let number = |from: usize, to: usize| {
        b.get(from..to)
            .unwrap_or_default()
            .iter()
            .fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0'))
    };
    let byte = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(0..4).all(digit) || !byte(4, b'-') {
        return None;
    }
    let mut at = Timestamp {
        year: number(0, 4),
        month: 0.0,
        day: 0.0,
        hour: 0.0,
        minute: 0.0,
        second: 0.0,
        fraction: 0.0,
        offset: 0.0,
    };
    if b.len() == 10 && digit(5) && digit(6) && byte(7, b'-') && digit(8) && digit(9) {
        at.month = number(5, 7);
        at.day = number(8, 10);
        return Some(at);
    }
    let i = digits(5, 1, 2)?;
    at.month = number(5, i);
    if !byte(i, b'-') {
        return None;
    }
    let mut i = {
        let end = digits(i + 1, 1, 2)?;
        at.day = number(i + 1, end);
        end
    };
    // The date and time separator: `T`, `t`, or one or more blanks.
    match b.get(i) {
        Some(b'T' | b't') => i += 1,
        Some(b' ' | b'\t') => {
            while matches!(b.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        _ => return None,
    }
    let end = digits(i, 1, 2)?;
    at.hour = number(i, end);
    let i = end;
    if !byte(i, b':') || !digit(i + 1) || !digit(i + 2) || !byte(i + 3, b':') {
        return None;
    }
    if !digit(i + 4) || !digit(i + 5) {
        return None;
    }
    at.minute = number(i + 1, i + 3);
    at.second = number(i + 4, i + 6);
    let mut i = i + 6;
    if byte(i, b'.') {
        i += 1;
        let start = i;
        while digit(i) {
            i += 1;
        }
        let kept = (i - start).min(3);
        at.fraction = number(start, start + kept) * 10f64.powi(3 - kept as i32);
    }
    if i == b.len() {
        return Some(at);
    }
    while matches!(b.get(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    match b.get(i) {
        Some(b'Z') => (i + 1 == b.len()).then_some(at),
        Some(sign @ (b'+' | b'-')) => {
            let j = digits(i + 1, 1, 2)?;
            let mut minutes = number(i + 1, j) * 60.0;
            if j != b.len() {
                if !(byte(j, b':') && digit(j + 1) && digit(j + 2) && j + 3 == b.len()) {
                    return None;
                }
                minutes += number(j + 1, j + 3);
            }
            at.offset = if *sign == b'-' { -minutes } else { minutes };
            Some(at)
        }
        _ => None,
    }
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
            ("2024-1-1", Resolved::Str),
            ("2024-01-1", Resolved::Str),
            ("2024-1-1 1:00:00", Resolved::Timestamp),
            ("2024-1-1t1:00:00.5", Resolved::Timestamp),
            ("2024-01-01T10:00:00Z", Resolved::Timestamp),
            ("2024-01-01 10:00:00 -5", Resolved::Timestamp),
            ("2024-01-01 10:00:00 +05:30", Resolved::Timestamp),
            ("2024-01-01 10:00:00 +05:3", Resolved::Str),
            ("2024-01-01 10:00", Resolved::Str),
            ("2024-01-01T", Resolved::Str),
            ("2024-01-01 10:00:00", Resolved::Timestamp),
            ("2024-01-01x", Resolved::Str),
            ("Country", Resolved::Str),
            ("1.2.3", Resolved::Str),
            // Not finite to JavaScript: a string (js-yaml 4.3 in node).
            ("1e999", Resolved::Str),
            ("-1E+400", Resolved::Str),
            ("1e308", Resolved::Float),
        ] {
            assert_eq!(resolve(text, Style::Plain, None), want, "{text}");
        }
        let long = |digit: &str, n: usize| digit.repeat(n);
        assert_eq!(resolve(&long("9", 400), Style::Plain, None), Resolved::Str);
        assert_eq!(resolve(&long("9", 300), Style::Plain, None), Resolved::Int);
        let hex = format!("0x{}", long("F", 300));
        assert_eq!(resolve(&hex, Style::Plain, None), Resolved::Str);
        // `!!float` takes js-yaml's float pattern: a decimal integer, no `0x` one.
        assert!(is_float("1") && is_float("-12") && is_float("1.") && !is_float("0xF"));
        assert!(!is_float("0o7") && !is_float("1_0") && !is_float("+.5"));
        assert_eq!(resolve("true", Style::SingleQuoted, None), Resolved::Str);
    }
}
