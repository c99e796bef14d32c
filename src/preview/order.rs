//! The fields of the form in the Hub's order and with the Hub's labels.
//!
//! The Hub reads `extra_gated_fields` with js-yaml 4 into a JavaScript object, and the form lists
//! that object's keys. Two things follow, both checked against js-yaml's own `Object.keys` in
//! `tests/preview.rs`:
//!
//! - **Labels.** js-yaml turns every key into a string with `String(value)`: `0x1F` is the number
//!   31, so the label is `31`; `007` is `7`, `+5` is `5`, `1e3` is `1000`, `1e21` is `1e+21`,
//!   `.inf` is `Infinity`, `null` and `~` are `null`, a mapping is `[object Object]`.
//! - **Order.** A JavaScript object lists its array-index keys first (canonical decimal integers
//!   from 0 to 2^32 − 2), in ascending numeric order, then the other keys in insertion order.
//!   Insertion follows js-yaml's loader (`storeMappingPair`, `mergeMappings`): a key is inserted
//!   where it is first written; a `<<` merge inserts, where the merge key stands, each key of
//!   each merged mapping (in that mapping's own key order, earlier mappings first) that the
//!   object does not have yet; a key written after the merge that names a merged key replaces
//!   its value and keeps the merged key's place, since assigning an existing property does not
//!   move it.
//!
//! The walk is bounded as the gate model's is: merged mappings are followed at most 8 levels
//! deep, and each mapping is expanded at most once per walk (a mapping merged a second time adds
//! nothing: its keys are all there already), so an alias bomb costs no more than its text.

use std::collections::{HashMap, HashSet};

use crate::yaml::{Document, Entry, Node, Resolved, Value};

/// How deep merged mappings are followed, as in [`crate::gate::merged_entries`].
const MAX_DEPTH: usize = 8;

/// The largest JavaScript array index, 2^32 − 2.
const MAX_INDEX: u64 = 4_294_967_294;

/// The entries of `mapping` as the Hub's object holds them: `(label, entry)` with the label the
/// Hub shows and the entry whose value it uses, in the order the Hub lists them.
pub fn hub_order<'d, 'a>(
    doc: &'d Document<'a>,
    mapping: &'d Node<'a>,
) -> Vec<(String, &'d Entry<'a>)> {
    let mut seen = HashSet::new();
    let mut keys = object_keys(doc, mapping, 0, &mut seen);
    // A stable sort: array indexes first, ascending; the rest keep their insertion order.
    keys.sort_by_key(|(label, _)| array_index(label).map_or((1, 0), |i| (0, i)));
    keys
}

/// The keys of the object js-yaml builds for `node`, in insertion order (before the array-index
/// keys move to the front).
fn object_keys<'d, 'a>(
    doc: &'d Document<'a>,
    node: &'d Node<'a>,
    depth: usize,
    seen: &mut HashSet<*const Node<'a>>,
) -> Vec<(String, &'d Entry<'a>)> {
    let Some(entries) = node.entries() else {
        return Vec::new();
    };
    let mut out: Vec<(String, &'d Entry<'a>)> = Vec::new();
    // Where each key stands in `out`, and whether it came from a merge (a key written after the
    // merge may then replace it; a key written twice is js-yaml's `duplicated mapping key`,
    // rejected by the Hub, and both are kept so the form shows what was written).
    let mut at: HashMap<String, (usize, bool)> = HashMap::new();
    for entry in entries {
        if entry.key.resolved() == Some(Resolved::Merge) {
            if depth >= MAX_DEPTH {
                continue;
            }
            let value = doc.resolve(&entry.value);
            let sources: Vec<&'d Node<'a>> = match &value.value {
                Value::Seq(items) => items.iter().map(|n| doc.resolve(n)).collect(),
                _ => vec![value],
            };
            for source in sources {
                if !seen.insert(source) {
                    continue;
                }
                for (key, merged) in object_keys(doc, source, depth + 1, seen) {
                    if !at.contains_key(&key) {
                        at.insert(key.clone(), (out.len(), true));
                        out.push((key, merged));
                    }
                }
            }
            continue;
        }
        let key = property_name(doc, &entry.key);
        match at.get(&key).copied() {
            Some((index, true)) => {
                if let Some(slot) = out.get_mut(index) {
                    slot.1 = entry;
                }
                at.insert(key, (index, false));
            }
            Some((_, false)) => out.push((key, entry)),
            None => {
                at.insert(key.clone(), (out.len(), false));
                out.push((key, entry));
            }
        }
    }
    out
}

/// The property name js-yaml gives a mapping key: `String(value)` of the key's value. A key
/// whose value has no name to compute here (a date, whose string depends on the server's time
/// zone; a list holding a list, which js-yaml rejects) keeps its text as written.
pub fn property_name(doc: &Document, key: &Node) -> String {
    let node = doc.resolve(key);
    match &node.value {
        Value::Map(_) => "[object Object]".to_owned(),
        Value::Seq(items) => {
            let names: Option<Vec<String>> = items
                .iter()
                .map(|item| {
                    let item = doc.resolve(item);
                    match &item.value {
                        Value::Map(_) => Some("[object Object]".to_owned()),
                        // `String([null])` is "": `Array.prototype.join` writes null as nothing.
                        Value::Scalar { .. } if item.resolved() == Some(Resolved::Null) => {
                            Some(String::new())
                        }
                        Value::Scalar { text, .. } => scalar_name(text, item.resolved()),
                        Value::Seq(_) | Value::Alias(_) => None,
                    }
                })
                .collect();
            names.map_or_else(|| written(node), |n| n.join(","))
        }
        Value::Scalar { text, .. } => {
            scalar_name(text, node.resolved()).unwrap_or_else(|| text.to_string())
        }
        Value::Alias(_) => written(node),
    }
}

fn written(node: &Node) -> String {
    node.scalar().unwrap_or_default().to_owned()
}

fn scalar_name(text: &str, resolved: Option<Resolved>) -> Option<String> {
    match resolved? {
        Resolved::Str => Some(text.to_owned()),
        Resolved::Null => Some("null".to_owned()),
        Resolved::Bool(b) => Some(b.to_string()),
        Resolved::Int => int_value(text).map(js_number),
        Resolved::Float => float_value(text).map(js_number),
        Resolved::Timestamp | Resolved::Merge | Resolved::Binary => None,
    }
}

/// js-yaml 4's `parseYamlInteger`: a sign, then `0b`, `0x`, `0o` or decimal digits, as a
/// JavaScript number (a double: `12345678901234567890` is `12345678901234567000`).
fn int_value(text: &str) -> Option<f64> {
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
        return body.parse::<f64>().ok().map(|v| sign * v);
    };
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
fn float_value(text: &str) -> Option<f64> {
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

/// The key as a JavaScript array index (`0`, `7`, `2024`; not `07`, `-1` or `4294967295`),
/// which objects list first, in ascending order.
pub fn array_index(key: &str) -> Option<u64> {
    let canonical = key == "0" || (!key.is_empty() && !key.starts_with('0'));
    if !canonical || !key.bytes().all(|b| b.is_ascii_digit()) || key.len() > 10 {
        return None;
    }
    key.parse::<u64>().ok().filter(|&i| i <= MAX_INDEX)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
