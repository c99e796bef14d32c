//! Every rule, called in one readable list. A rule takes the narrowest input it checks: the fence
//! facts ([`FrontMatter`]), the YAML [`Document`](crate::yaml::Document) (or its syntax error), or
//! the [`Gate`](crate::gate::Gate) model. Rules only build findings; severity overrides,
//! select/ignore and sorting happen once, after all of them (`settings.rs`).

use crate::card::{Card, Origin, Yaml};
use crate::finding::Finding;
use crate::frontmatter::{FrontMatter, Prefix};

mod anchored;
mod collection_label;
mod comment_after_gate_text;
mod country_as_text;
mod cr_line_endings;
mod dedented_field;
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
mod gate_key_in_block_scalar;
mod gate_text_not_string;
mod inert_gate;
mod integer_like_label;
mod invalid_field_spec;
mod invalid_gated_value;
mod invalid_select_option;
mod invalid_utf8;
mod missing_front_matter;
mod opening_fence_trailing_whitespace;
mod python_yaml_incompatible;
mod select_lists_countries;
mod select_option_split;
mod select_without_options;
mod stranded_gate_key;
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
fn stray_fence_or(
    front_matter: &FrontMatter,
    finding: Finding,
    help: impl Into<String>,
) -> Finding {
    match front_matter.stray_second_fence() {
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

/// `text` as inline code: in backticks, or in double backticks (with a space inside when it
/// starts or ends with one) when it holds a backtick itself.
fn code(text: &str) -> String {
    if !text.contains('`') {
        format!("`{text}`")
    } else if text.starts_with('`') || text.ends_with('`') {
        format!("`` {text} ``")
    } else {
        format!("``{text}``")
    }
}

/// `text` as a message shows it: whole, unless it is long (a prompt on one line).
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}…", text.get(..at).unwrap_or_default()).into(),
        None => text.into(),
    }
}

/// `text` as a quoted scalar: single quotes, or double quotes when it holds an apostrophe (and no
/// `"` or `\`), else single quotes with each apostrophe doubled.
fn quote(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains(['"', '\\']) {
        format!("\"{text}\"")
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// Runs every rule over one card, each on the narrowest layer it checks: the fence facts, the
/// YAML (document or error), or the gate model, which exists only when the YAML parsed and its
/// top level is a mapping.
pub fn check(card: &Card, out: &mut Vec<Finding>) {
    let start = out.len();
    check_rules(card, out);
    // Fixes that would edit an anchored node other places share: see `anchored.rs`.
    if let Yaml::Parsed(doc) = card.yaml {
        if let Some(new) = out.get_mut(start..) {
            anchored::settle(doc, new);
        }
    }
}

fn check_rules(card: &Card, out: &mut Vec<Finding>) {
    let front_matter = card.front_matter;
    let doc = match card.yaml {
        Yaml::Parsed(doc) => Some(doc),
        _ => None,
    };
    missing_front_matter::check(front_matter, doc, card.origin, out);
    unterminated_front_matter::check(front_matter, out);
    front_matter_too_large::check(front_matter, out);
    front_matter_bom::check(front_matter, out);
    opening_fence_trailing_whitespace::check(front_matter, out);
    fence_trailing_whitespace::check(front_matter, out);
    text_before_front_matter::check(front_matter, out);
    cr_line_endings::check(front_matter, out);
    stranded_gate_key::check(front_matter, card.gate, out);
    match card.yaml {
        Yaml::Absent => {}
        Yaml::InvalidUtf8 { at } => invalid_utf8::check(front_matter, at, out),
        Yaml::SyntaxError(err) => yaml_syntax_error::check(front_matter, err, out),
        Yaml::Parsed(doc) => {
            duplicate_key::check(doc, out);
            unknown_tag::check(doc, out);
            front_matter_not_mapping::check(front_matter, doc, out);
            python_yaml_incompatible::check(front_matter, doc, out);
        }
    }
    let Some(gate) = card.gate else {
        return;
    };
    fields_not_mapping::check(gate, out);
    invalid_field_spec::check(gate, out);
    unknown_field_type::check(gate, out);
    select_without_options::check(gate, out);
    invalid_select_option::check(gate, out);
    gate_text_not_string::check(gate, out);
    eu_disallowed_not_boolean::check(gate, out);
    unknown_gate_key::check(gate, out);
    unexpected_field_key::check(gate, out);
    duplicate_select_option::check(gate, out);
    empty_label::check(gate, out);
    integer_like_label::check(gate, out);
    empty_gate_text::check(gate, out);
    yaml11_ambiguous_scalar::check(gate, out);
    invalid_gated_value::check(gate, out);
    inert_gate::check(gate, out);
    country_as_text::check(gate, out);
    select_lists_countries::check(gate, out);
    dedented_field::check(gate, out);
    gate_key_in_block_scalar::check(gate, out);
    select_option_split::check(gate, out);
    comment_after_gate_text::check(gate, out);
    collection_label::check(gate, out);
}

/// Lints one card read with [`crate::read::read_prefix`]: every rule's findings, unfiltered and
/// unsorted (severity, select/ignore and order are the settings' business, after this).
pub fn lint_prefix(prefix: &Prefix) -> Vec<Finding> {
    lint_prefix_from(prefix, Origin::Named)
}

/// [`lint_prefix`], for a file that came to be checked as `origin` says (a directory walk is
/// quiet on READMEs that are not cards).
pub fn lint_prefix_from(prefix: &Prefix, origin: Origin) -> Vec<Finding> {
    crate::card::with_origin(prefix, origin, |card| {
        let mut findings = Vec::new();
        check(card, &mut findings);
        findings
    })
}

/// A whole card's findings, sorted and filtered with the default settings: for the rules' tests.
#[cfg(test)]
fn lint(bytes: &[u8]) -> Vec<Finding> {
    let prefix = crate::read::prefix_of(bytes);
    crate::settings::Settings::default().apply(lint_prefix(&prefix))
}
