//! PyYAML's implicit resolver (YAML 1.1): how it reads a plain scalar, and the scalars it reads
//! as a value that then fails (impossible dates, integers with no digits).

use super::*;

/// What PyYAML's `SafeLoader` resolves a plain scalar to, by its implicit resolvers (YAML 1.1),
/// in their order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Python {
    Bool,
    Float,
    Int,
    Merge,
    Null,
    Timestamp,
    Value,
    Str,
}

pub(super) fn resolve(text: &str) -> Python {
    static FLOAT: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?",
            r"|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?",
            r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*",
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ))
    });
    static INT: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)",
            r"|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$"
        ))
    });
    // Every pattern below starts with one of these bytes (or matches the empty string).
    let first = text.as_bytes().first().copied();
    let first_in = |set: &[u8]| first.is_none_or(|b| set.contains(&b));
    // PyYAML's bool and null patterns, as plain matches (`^(?:yes|Yes|YES|…)$`, `^(?:~|null|…|)$`).
    if matches!(
        text,
        "yes"
            | "Yes"
            | "YES"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
    ) {
        return Python::Bool;
    }
    if first_in(b"-+0123456789.") && FLOAT.is_match(text) {
        return Python::Float;
    }
    if first_in(b"-+0123456789") && INT.is_match(text) {
        return Python::Int;
    }
    if text == "<<" {
        return Python::Merge;
    }
    if matches!(text, "~" | "null" | "Null" | "NULL" | "") {
        return Python::Null;
    }
    if timestamp(text).is_some() {
        return Python::Timestamp;
    }
    if text == "=" {
        return Python::Value;
    }
    Python::Str
}

pub(super) fn pattern(p: &str) -> Regex {
    Regex::new(p).unwrap_or_else(|e| unreachable!("PyYAML resolver pattern: {e}"))
}

/// PyYAML's timestamp, when `text` is one: its parts, as `construct_yaml_timestamp` reads them.
pub(super) struct Stamp {
    year: u32,
    month: u32,
    day: u32,
    /// Hour, minute, second, and the time zone's offset in minutes.
    time: Option<(u32, u32, u32, u32)>,
}

pub(super) fn timestamp(text: &str) -> Option<Stamp> {
    static DATE: LazyLock<Regex> = LazyLock::new(|| pattern(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"));
    static STAMP: LazyLock<Regex> = LazyLock::new(|| {
        pattern(concat!(
            r"^([0-9]{4})-([0-9][0-9]?)-([0-9][0-9]?)(?:[Tt]|[ \t]+)([0-9][0-9]?)",
            r":([0-9]{2}):([0-9]{2})(?:\.[0-9]*)?",
            r"(?:[ \t]*(?:Z|[-+]([0-9][0-9]?)(?::([0-9]{2}))?))?$"
        ))
    });
    // Both patterns start with four digits and a `-`: most scalars are not dates, and the
    // regexes cost far more than this look (this rule runs on every plain scalar).
    if !text.as_bytes().get(..5).is_some_and(|b| {
        b.get(..4).is_some_and(|d| d.iter().all(u8::is_ascii_digit)) && b.get(4) == Some(&b'-')
    }) {
        return None;
    }
    let number = |c: &regex::Captures, i: usize| -> Option<u32> {
        c.get(i).map_or(Some(0), |m| m.as_str().parse().ok())
    };
    if let Some(c) = DATE.captures(text) {
        return Some(Stamp {
            year: number(&c, 1)?,
            month: number(&c, 2)?,
            day: number(&c, 3)?,
            time: None,
        });
    }
    let c = STAMP.captures(text)?;
    Some(Stamp {
        year: number(&c, 1)?,
        month: number(&c, 2)?,
        day: number(&c, 3)?,
        time: Some((
            number(&c, 4)?,
            number(&c, 5)?,
            number(&c, 6)?,
            number(&c, 7)? * 60 + number(&c, 8)?,
        )),
    })
}

/// Why Python's `datetime` refuses the timestamp, as its `ValueError` says.
pub(super) fn bad_timestamp(stamp: &Stamp) -> Option<&'static str> {
    let leap = stamp.year.is_multiple_of(4)
        && (!stamp.year.is_multiple_of(100) || stamp.year.is_multiple_of(400));
    let days = match stamp.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    if stamp.year == 0 {
        return Some("year 0 is out of range");
    }
    if !(1..=12).contains(&stamp.month) {
        return Some("month must be in 1..12");
    }
    if !(1..=days).contains(&stamp.day) {
        return Some("day is out of range for month");
    }
    let (hour, minute, second, zone) = stamp.time?;
    if hour > 23 {
        return Some("hour must be in 0..23");
    }
    if minute > 59 {
        return Some("minute must be in 0..59");
    }
    if second > 59 {
        return Some("second must be in 0..59");
    }
    if zone >= 24 * 60 {
        return Some("the time zone offset must be under 24 hours");
    }
    None
}

/// A plain scalar PyYAML resolves to a type it then fails to build.
pub(super) fn scalar_value(text: &Text, scalar: &Scalar, out: &mut Vec<Finding>) {
    if scalar.style != Style::Plain {
        return;
    }
    let written = text.at(scalar.span);
    if scalar.flow && written.starts_with(':') {
        let shown = clip(written);
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                scalar.span,
                format!(
                    "{WHO}: inside `[ ]` or `{{ }}`, PyYAML reads the `:` that starts `{shown}` \
                     as a key's colon"
                ),
            )
            .label("starts with `:`")
            .help(format!("quote it: `'{}'`", written.replace('\'', "''"))),
        );
        return;
    }
    // A `?` after the first character (which may take several bytes, `\u{a0}?`: no byte of
    // one is a `?`).
    let inner_question = || {
        written
            .as_bytes()
            .get(1..)
            .and_then(|rest| memchr::memchr(b'?', rest))
            .map(|i| i + 1)
    };
    if let Some(at) = scalar.flow.then(inner_question).flatten() {
        // PyYAML's `scan_plain` ends a plain scalar at `?` (as at `,[]{}`) inside a flow
        // collection, and its scanner then reads a key indicator, which no flow entry may
        // hold after a scalar; js-yaml reads the `?` as part of the text (`[Why?, …]`). A `?`
        // that starts the scalar (`[?x]`, or `?` then a character js-yaml takes for text and
        // PyYAML for a blank) is a key indicator to PyYAML, which then loads.
        // Invisible characters shown (`\u{a0}Not yet?`).
        let shown = crate::gate::word(written);
        let start = text.local(scalar.span.start) + at;
        out.push(
            Finding::new(
                Rule::PythonYamlIncompatible,
                text.span(start, start + 1),
                format!(
                    "{WHO}: inside `[ ]` or `{{ }}`, PyYAML ends the unquoted `{shown}` at its \
                     `?` and throws (`expected ',' …, but got '?'`)"
                ),
            )
            .label("`?` in an unquoted value")
            .help(format!("quote it: `'{}'`", written.replace('\'', "''"))),
        );
        return;
    }
    if scalar.tagged && !scalar.timestamp_tag {
        return;
    }
    let python = if scalar.timestamp_tag {
        Python::Timestamp
    } else {
        resolve(written)
    };
    // Most scalars are strings, booleans, numbers or null, which PyYAML builds.
    if matches!(
        python,
        Python::Str | Python::Bool | Python::Float | Python::Null
    ) {
        return;
    }
    let Some(why) = unbuildable(written, python, scalar.place) else {
        return;
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            scalar.span,
            format!("{WHO}: {why}"),
        )
        .label("PyYAML cannot build this")
        .help(format!(
            "quote it, `'{}'`, so that every parser reads a string",
            written.replace('\'', "''")
        )),
    );
}

/// A scalar tagged `!`, the non-specific tag, quoted or not (`! '<<'`, `! "2024-02-30"`):
/// PyYAML resolves it as if it were plain (its parser marks it implicit), js-yaml reads a string.
/// `span`: from the tag to the scalar's end; `value`: the scalar's value.
pub(super) fn bang_scalar_value(span: Span, value: &str, place: Place, out: &mut Vec<Finding>) {
    let Some(why) = unbuildable(value, resolve(value), place) else {
        return;
    };
    out.push(
        Finding::new(
            Rule::PythonYamlIncompatible,
            span,
            format!(
                "{WHO}: the tag `!` makes PyYAML read the value as if it were unquoted, and {why}"
            ),
        )
        .label("PyYAML cannot build this")
        .help(format!(
            "drop the `!` and quote the value, `'{}'`, so that every parser reads a string",
            value.replace('\'', "''")
        )),
    );
}

/// Why PyYAML cannot build the plain scalar `written` (at `place`), which it resolves to
/// `python` (`Timestamp` too when it is tagged `!!timestamp`), when the type's constructor
/// throws.
#[inline(never)]
fn unbuildable(written: &str, python: Python, place: Place) -> Option<String> {
    let why = match python {
        Python::Value if place != Place::Key => {
            "PyYAML resolves a lone unquoted `=` to YAML 1.1's `value` type, which it cannot build"
                .to_string()
        }
        Python::Merge if place != Place::Key => {
            "PyYAML resolves an unquoted `<<` outside a key to a merge, which it cannot build"
                .to_string()
        }
        Python::Int if no_digits(written) => format!(
            "PyYAML reads `{}` as an integer with no digits (`ValueError: invalid literal \
             for int()`)",
            clip(written)
        ),
        Python::Timestamp => match timestamp(written).as_ref().and_then(bad_timestamp) {
            Some(why) => format!(
                "PyYAML reads `{}` as a date and cannot build it (`ValueError: {why}`)",
                clip(written)
            ),
            None => return None,
        },
        _ => return None,
    };
    Some(why)
}

/// `0x_`, `-0b__`: PyYAML's integer pattern allows them, `int()` does not.
pub(super) fn no_digits(written: &str) -> bool {
    let body = written.trim_start_matches(['-', '+']);
    let digits = body.strip_prefix("0x").or_else(|| body.strip_prefix("0b"));
    digits.is_some_and(|d| d.chars().all(|c| c == '_'))
}
