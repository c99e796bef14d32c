//! `select-lists-countries`: see `docs/rules/select-lists-countries.md`.

use super::anchored::through;
use super::code;
use crate::finding::Finding;
use crate::gate::{is_country, short, Field, FieldKind, Gate};
use crate::rule::Rule;
use crate::yaml::{Document, Node};

/// At least this many options must be countries…
const MIN_COUNTRIES: usize = 5;
/// …and at least this share of them, in percent.
const MIN_SHARE: usize = 80;

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
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
            out.push(through(&field.sites,
                Finding::new(
                    Rule::SelectListsCountries,
                    entry.key.span,
                    message(field, countries, options.len()),
                )
                .label(format!("{countries} countries"))
                .help(format!(
                    "use {}, which shows the Hub's own ISO 3166-1 list, unless the list is meant to be partial",
                    code(&format!("{}: country", short(field.label_text)))
                )),
            ));
        }
    }
}

fn message(field: &Field, countries: usize, total: usize) -> String {
    format!(
        "select {} lists countries ({countries} of its {total} options); the `country` type gives the whole list",
        code(&short(field.label_text))
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
