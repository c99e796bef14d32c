//! `country-as-text`: see `docs/rules/country-as-text.md`.

use super::anchored::through;
use super::code;
use crate::finding::Finding;
use crate::gate::{short, FieldKind, Gate};
use crate::rule::Rule;

/// Words that make a short label ask for a country.
const COUNTRY_WORDS: [&str; 5] = [
    "country",
    "countries",
    "nationality",
    "citizenship",
    "nation",
];
/// Words that make it ask for something else (a phone prefix, a code to type).
const OTHER_WORDS: [&str; 6] = ["code", "phone", "calling", "dial", "city", "address"];
/// Longer labels are sentences (a consent, a question about laws), not a country question.
const MAX_WORDS: usize = 6;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        if field.type_name() != Some("text") || !asks_for_country(field.label_text) {
            continue;
        }
        let span = match field.kind {
            FieldKind::Short { ty, .. } => ty.span,
            FieldKind::Full { ty, .. } => gate.doc.resolve(&ty.value).span,
            FieldKind::Invalid => continue,
        };
        out.push(through(&field.sites,
            Finding::new(Rule::CountryAsText, span, message(field.label_text))
                .label("free text")
                .help("use `country`: it shows the Hub's list of countries, so answers are uniform ISO 3166-1 codes"),
        ));
    }
}

fn message(label: &str) -> String {
    format!(
        "field {} asks for a country but has type `text`, so users type it any way they like",
        code(&short(label))
    )
}

fn asks_for_country(label: &str) -> bool {
    let words: Vec<String> = label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    words.len() <= MAX_WORDS
        && words.iter().any(|w| COUNTRY_WORDS.contains(&w.as_str()))
        && !words.iter().any(|w| OTHER_WORDS.contains(&w.as_str()))
}
