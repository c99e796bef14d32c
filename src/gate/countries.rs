//! Whether a text names a country: what the Hub's `country` field lists (ISO 3166-1), and the
//! common names people write instead.

use std::collections::HashSet;
use std::sync::OnceLock;

use isocountry::CountryCode;

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
