//! Every rule, called in one readable list. Rules only build findings; severity overrides,
//! select/ignore and sorting happen once, after all of them (`settings.rs`).

use crate::card::Card;
use crate::finding::Finding;

mod country_as_text;
mod cr_line_endings;
mod duplicate_key;
mod duplicate_select_option;
mod empty_gate_text;
mod empty_label;
mod eu_disallowed_not_boolean;
mod fence_trailing_whitespace;
mod fields_not_mapping;
mod front_matter_bom;
mod front_matter_not_mapping;
mod front_matter_too_large;
mod gate_text_not_string;
mod inert_gate;
mod integer_like_label;
mod invalid_field_spec;
mod invalid_gated_value;
mod invalid_select_option;
mod invalid_utf8;
mod missing_front_matter;
mod select_lists_countries;
mod select_without_options;
mod text_before_front_matter;
mod unexpected_field_key;
mod unknown_field_type;
mod unknown_gate_key;
mod unknown_tag;
mod unterminated_front_matter;
mod yaml11_ambiguous_scalar;
mod yaml_syntax_error;

/// `---\n---\n# Title…\n---`: the Hub's fence needs a line between the two `---`, so the Markdown
/// up to a later `---` rule became the YAML. Points at the stray `---` and explains that when it
/// happened; otherwise gives `help`.
fn stray_fence_or(card: &Card, finding: Finding, help: impl Into<String>) -> Finding {
    match card.front_matter.stray_second_fence(card.bytes) {
        Some(stray) => finding
            .related(stray, "this `---` does not close the front matter")
            .help(
                "the Hub's fence needs a line between the two `---`, so the block runs on to the \
                 next `---` line and the Markdown before it is read as YAML: remove this `---` \
                 line, or put the metadata above it",
            ),
        None => finding.help(help),
    }
}

/// Runs every rule over one card.
pub fn check(card: &Card, out: &mut Vec<Finding>) {
    missing_front_matter::check(card, out);
    unterminated_front_matter::check(card, out);
    front_matter_too_large::check(card, out);
    front_matter_bom::check(card, out);
    fence_trailing_whitespace::check(card, out);
    text_before_front_matter::check(card, out);
    cr_line_endings::check(card, out);
    invalid_utf8::check(card, out);
    yaml_syntax_error::check(card, out);
    duplicate_key::check(card, out);
    unknown_tag::check(card, out);
    front_matter_not_mapping::check(card, out);
    fields_not_mapping::check(card, out);
    invalid_field_spec::check(card, out);
    unknown_field_type::check(card, out);
    select_without_options::check(card, out);
    invalid_select_option::check(card, out);
    gate_text_not_string::check(card, out);
    eu_disallowed_not_boolean::check(card, out);
    unknown_gate_key::check(card, out);
    unexpected_field_key::check(card, out);
    duplicate_select_option::check(card, out);
    empty_label::check(card, out);
    integer_like_label::check(card, out);
    empty_gate_text::check(card, out);
    yaml11_ambiguous_scalar::check(card, out);
    invalid_gated_value::check(card, out);
    inert_gate::check(card, out);
    country_as_text::check(card, out);
    select_lists_countries::check(card, out);
}

/// A whole card's findings, sorted and filtered with the default settings: for the rules' tests.
#[cfg(test)]
fn lint(bytes: &[u8]) -> Vec<Finding> {
    let prefix = crate::read::prefix_of(bytes);
    let raw = crate::card::with(&prefix, |card| {
        let mut out = Vec::new();
        check(card, &mut out);
        out
    });
    crate::settings::Settings::default().apply(raw)
}
