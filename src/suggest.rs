//! The one did-you-mean: the candidate nearest to a mistyped word, when it is near enough and
//! clearly nearer than the others.
//!
//! Used for rule names (flags, `gatelint rule`, the config), config keys and severities, field
//! types, gate keys and `gated:` values. Callers normalise the word first where their domain
//! calls for it (field types ignore `-`, `_` and blanks); this function ignores case.

/// How similar (Jaro-Winkler, 0 to 1) a candidate must be to be suggested. 0.8 keeps one- and
/// two-letter slips in words of six letters or more (`selekt` → `select`, `promt` → `prompt`,
/// `unknwn-field-type`) and rejects words that only share a prefix (`extra_gated_title` is no
/// `extra_gated_fields`).
pub const THRESHOLD: f64 = 0.8;

/// How much nearer the best candidate must be than the second: below it the two are a tie and
/// no suggestion is made, rather than a guess (`front-matter` is as near to `front-matter-bom`
/// as to `front-matter-too-large`).
const MARGIN: f64 = 0.05;

/// The candidate nearest to `word`, compared without regard to case, when its similarity is at
/// least [`THRESHOLD`] and no other candidate comes within a small margin of it.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    let mut second = 0.0_f64;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&word, &candidate.to_lowercase());
        match best {
            Some((top, _)) if score <= top => second = second.max(score),
            _ => {
                if let Some((top, _)) = best {
                    second = second.max(top);
                }
                best = Some((score, candidate));
            }
        }
    }
    let (top, candidate) = best?;
    (top >= THRESHOLD && top - second >= MARGIN).then_some(candidate)
}

#[cfg(test)]
mod tests {
    use super::nearest;

    #[test]
    fn near_enough_and_clearly_nearest() {
        let keys = ["select", "ignore", "severity", "exclude"];
        assert_eq!(nearest("selekt", keys), Some("select"));
        assert_eq!(nearest("Select", keys), Some("select"));
        assert_eq!(nearest("xyz", keys), None);
        // A tie is no suggestion.
        assert_eq!(nearest("ab", ["abc", "abd"]), None);
        assert_eq!(nearest("anything", []), None);
    }
}
