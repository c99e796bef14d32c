//! How YAML 1.1 parsers (PyYAML, Go's yaml.v2) read plain scalars that js-yaml 4 (YAML 1.2, the
//! Hub) reads as strings: a fact about the card that several rules report.

/// What a YAML 1.1 parser makes of a plain scalar that js-yaml (YAML 1.2) reads as a string.
pub struct Reading {
    /// The value as Python prints it: `True`, `False`, `90`.
    pub python: String,
    /// Who reads it so.
    pub who: &'static str,
}

const PYYAML: &str = "Python clients (PyYAML)";

/// The reading, when a YAML 1.1 parser reads `text` (a plain scalar, a string to js-yaml) as
/// something else; `None` when every parser reads the same string.
pub fn yaml11_reading(text: &str) -> Option<Reading> {
    let (python, who) = match text {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => ("True".to_string(), PYYAML),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => ("False".to_string(), PYYAML),
        "y" | "Y" => (
            "True".to_string(),
            "strict YAML 1.1 parsers such as Go's yaml.v2 (PyYAML keeps it a string)",
        ),
        "n" | "N" => (
            "False".to_string(),
            "strict YAML 1.1 parsers such as Go's yaml.v2 (PyYAML keeps it a string)",
        ),
        _ => (sexagesimal(text)?.to_string(), PYYAML),
    };
    Some(Reading { python, who })
}

/// PyYAML's base-60 integers: `1:30` is 90. js-yaml 4 reads them as strings.
fn sexagesimal(text: &str) -> Option<i64> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let mut parts = body.split(':');
    let raw = parts.next()?;
    let head = raw.replace('_', "");
    if !raw.starts_with(|c: char| ('1'..='9').contains(&c))
        || !head.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let mut value: i64 = head.parse().ok()?;
    let mut count = 0;
    for part in parts {
        count += 1;
        let digit_ok = (1..=2).contains(&part.len()) && part.chars().all(|c| c.is_ascii_digit());
        let n: i64 = part.parse().ok().filter(|n| digit_ok && *n < 60)?;
        value = value.checked_mul(60)?.checked_add(n)?;
    }
    if count == 0 {
        return None;
    }
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_pyyaml() {
        assert_eq!(yaml11_reading("Yes").map(|r| r.python), Some("True".into()));
        assert_eq!(
            yaml11_reading("OFF").map(|r| r.python),
            Some("False".into())
        );
        assert_eq!(yaml11_reading("1:30").map(|r| r.python), Some("90".into()));
        assert_eq!(
            yaml11_reading("190:20:30").map(|r| r.python),
            Some("685230".into())
        );
        assert!(yaml11_reading("yES").is_none());
        assert!(yaml11_reading("01:30").is_none());
        assert!(yaml11_reading("1:60").is_none());
        assert!(yaml11_reading("1:").is_none());
        assert!(yaml11_reading("Country").is_none());
    }
}
