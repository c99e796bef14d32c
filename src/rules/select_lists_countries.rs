//! `select-lists-countries`: see `docs/rules/select-lists-countries.md`.

use std::collections::HashSet;
use std::sync::OnceLock;

use isocountry::CountryCode;

use crate::card::Card;
use crate::finding::Finding;
use crate::gate::{short, Field, FieldKind};
use crate::rule::Rule;
use crate::yaml::{Document, Node};

/// At least this many options must be countries…
const MIN_COUNTRIES: usize = 5;
/// …and at least this share of them, in percent.
const MIN_SHARE: usize = 80;

/// Common short names that differ from the ISO 3166-1 names.
const COMMON_NAMES: &[&str] = &[
    "usa",
    "u.s.",
    "u.s.a.",
    "united states",
    "america",
    "uk",
    "u.k.",
    "united kingdom",
    "great britain",
    "britain",
    "england",
    "scotland",
    "wales",
    "northern ireland",
    "russia",
    "south korea",
    "korea",
    "north korea",
    "iran",
    "syria",
    "vietnam",
    "laos",
    "bolivia",
    "venezuela",
    "tanzania",
    "moldova",
    "taiwan",
    "czech republic",
    "czechia",
    "turkey",
    "türkiye",
    "turkiye",
    "macedonia",
    "north macedonia",
    "palestine",
    "brunei",
    "ivory coast",
    "cote d'ivoire",
    "cape verde",
    "cabo verde",
    "vatican",
    "vatican city",
    "micronesia",
    "congo",
    "dr congo",
    "drc",
    "democratic republic of the congo",
    "republic of the congo",
    "hong kong",
    "macau",
    "macao",
    "swaziland",
    "eswatini",
    "burma",
    "myanmar",
    "east timor",
    "timor-leste",
    "holland",
    "the netherlands",
    "netherlands",
    "the bahamas",
    "the gambia",
    "uae",
    "emirates",
    "saudi arabia",
    "mainland china",
    "prc",
    "roc",
];

pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let Some(gate) = card.gate else {
        return;
    };
    for field in &gate.fields {
        let FieldKind::Full {
            name: Some("select"),
            options: Some(entry),
            ..
        } = field.kind
        else {
            continue;
        };
        let Some(options) = field.options(gate.doc) else {
            continue;
        };
        let countries = options
            .iter()
            .filter(|o| is_country_option(gate.doc, o))
            .count();
        if countries >= MIN_COUNTRIES && countries * 100 >= options.len() * MIN_SHARE {
            out.push(
                Finding::new(
                    Rule::SelectListsCountries,
                    entry.key.span,
                    message(field, countries, options.len()),
                )
                .label(format!("{countries} countries"))
                .help(format!(
                    "use `{}: country`, which shows the Hub's own ISO 3166-1 list, unless the list is meant to be partial",
                    short(field.label_text)
                )),
            );
        }
    }
}

fn message(field: &Field, countries: usize, total: usize) -> String {
    format!(
        "select `{}` lists countries ({countries} of its {total} options); the `country` type gives the whole list",
        short(field.label_text)
    )
}

fn is_country_option(doc: &Document, option: &Node) -> bool {
    if let Some(text) = option.as_str() {
        return is_country(text);
    }
    ["label", "value"].iter().any(|key| {
        option
            .get(key)
            .and_then(|e| doc.resolve(&e.value).as_str())
            .is_some_and(is_country)
    })
}

/// An ISO 3166-1 name (or its part before `(` or `,`), a common short name, or an upper-case
/// alpha-2 or alpha-3 code (lower-case `no` or `in` are words, not codes).
pub fn is_country(text: &str) -> bool {
    let text = text.trim();
    if CountryCode::for_alpha2(text).is_ok() || CountryCode::for_alpha3(text).is_ok() {
        return true;
    }
    let lower = text.to_lowercase();
    names().contains(lower.strip_prefix("the ").unwrap_or(&lower)) || names().contains(&lower)
}

fn names() -> &'static HashSet<String> {
    static NAMES: OnceLock<HashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: HashSet<String> = COMMON_NAMES.iter().map(|s| s.to_string()).collect();
        for code in CountryCode::iter() {
            let name = code.name().to_lowercase();
            for cut in ['(', ','] {
                if let Some((head, _)) = name.split_once(cut) {
                    names.insert(head.trim().to_string());
                }
            }
            names.insert(name);
        }
        names
    })
}
