//! `unknown-field-type`: see `docs/rules/unknown-field-type.md`.

use super::anchored::through;
use super::code;
use crate::finding::{Edit, Finding, Fix};
use crate::gate::{field_type_list, hidden, short, word, Field, FieldKind, Gate, FIELD_TYPES};
use crate::rule::Rule;
use crate::span::Span;
use crate::yaml::{Node, Source, Style};

pub fn check(gate: &Gate, out: &mut Vec<Finding>) {
    for field in &gate.fields {
        match field.kind {
            FieldKind::Short { ty, name: "select" } => {
                out.push(through(
                    &field.sites,
                    Finding::new(Rule::UnknownFieldType, ty.span, bare_select_message(field))
                        .label("needs the mapping form")
                        .help(format!(
                            "write {}, listing the choices",
                            code(&format!(
                                "{}: {{type: select, options: [...]}}",
                                short(field.label_text)
                            ))
                        )),
                ));
            }
            FieldKind::Short { ty, name } => {
                check_name(gate.doc.source, field, ty, name, true, out)
            }
            FieldKind::Full { ty, name, .. } => {
                let node = gate.doc.resolve(&ty.value);
                match name {
                    Some(name) => check_name(gate.doc.source, field, node, name, false, out),
                    None => {
                        let span = if node.span.is_empty() {
                            ty.key.span
                        } else {
                            node.span
                        };
                        out.push(through(
                            &field.sites,
                            Finding::new(
                                Rule::UnknownFieldType,
                                span,
                                message(field, &format!("{} as its type", node.describe())),
                            )
                            .label("not a type name")
                            .help("give one of the type names, e.g. `type: text`"),
                        ));
                    }
                }
            }
            FieldKind::Invalid => {}
        }
    }
}

fn message(field: &Field, what: &str) -> String {
    format!(
        "field {} has {what}; expected one of {}",
        code(&short(field.label_text)),
        field_type_list(false)
    )
}

fn bare_select_message(field: &Field) -> String {
    format!(
        "field {} is a bare `select`: a select exists only in the mapping form, with `options`",
        code(&short(field.label_text))
    )
}

fn check_name(
    source: Source,
    field: &Field,
    node: &Node,
    name: &str,
    short_form: bool,
    out: &mut Vec<Finding>,
) {
    if FIELD_TYPES.contains(&name) {
        return;
    }
    let hides = hidden(name);
    let what = match &hides {
        Some(h) => format!("unknown type {}, which has {}", code(&word(name)), h.what),
        None => format!("unknown type {}", code(&word(name))),
    };
    let mut finding = Finding::new(Rule::UnknownFieldType, node.span, message(field, &what))
        .label("unknown type");
    // The word without what it hides: `text` for `'text '`, `checkbox` for `chеckbox`.
    let meant = hides.as_ref().map_or(name, |h| h.clean.as_str());
    match nearest(meant) {
        Some((ty, _)) if ty == "select" && short_form => {
            finding = finding.help(format!(
                "did you mean `select`? it needs the mapping form: {}",
                code(&format!(
                    "{}: {{type: select, options: [...]}}",
                    short(field.label_text)
                ))
            ));
        }
        Some((ty, exact)) => {
            finding = finding.help(match &hides {
                Some(h) if exact => format!(
                    "write `{ty}`, without {}: types are lower-case and exact",
                    h.what
                ),
                Some(h) => format!("did you mean `{ty}`? (without {})", h.what),
                None => help(name, ty, exact),
            });
            if exact {
                if let Some(fix) = fix(source, node, name, ty, hides.is_some()) {
                    finding = finding.fix(fix);
                }
            }
        }
        None => {
            finding = finding.help(match &hides {
                Some(h) => format!(
                    "types are lower-case and exact: use one of the six above, without {}",
                    h.what
                ),
                None => "types are lower-case and exact: use one of the six above".into(),
            });
        }
    }
    out.push(through(&field.sites, finding));
}

fn help(name: &str, ty: &str, exact: bool) -> String {
    let note = match ty {
        "text" if !name.eq_ignore_ascii_case("text") => {
            " (the Hub has no typed inputs: `text` takes any answer)"
        }
        "country" => " (it shows the Hub's own list of countries)",
        _ => "",
    };
    let lead = if exact {
        "types are lower-case and exact: "
    } else {
        ""
    };
    format!("{lead}did you mean `{ty}`?{note}")
}

/// Words authors write for each type.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "text",
        &[
            "string",
            "str",
            "textarea",
            "textfield",
            "textbox",
            "input",
            "freetext",
            "email",
            "mail",
            "url",
            "link",
            "number",
            "int",
            "integer",
            "float",
            "name",
            "phone",
            "texts",
            "short",
            "long",
            "paragraph",
        ],
    ),
    (
        "checkbox",
        &[
            "check",
            "checkboxes",
            "bool",
            "boolean",
            "tickbox",
            "tick",
            "agree",
            "consent",
            "accept",
            "yesno",
            "toggle",
        ],
    ),
    (
        "date_picker",
        &[
            "date", "datetime", "dates", "calendar", "time", "dob", "birthday",
        ],
    ),
    (
        "country",
        &[
            "countries",
            "nation",
            "nationality",
            "countrypicker",
            "countryselect",
        ],
    ),
    (
        "ip_location",
        &[
            "ip",
            "location",
            "geo",
            "geolocation",
            "iplocalisation",
            "ipaddress",
        ],
    ),
    (
        "select",
        &[
            "dropdown",
            "choice",
            "choices",
            "radio",
            "enum",
            "options",
            "option",
            "multiselect",
            "list",
            "selection",
            "combobox",
            "menu",
        ],
    ),
];

/// The type meant, and whether that is certain (a difference of case, `-`, `_` or blanks only).
fn nearest(name: &str) -> Option<(&'static str, bool)> {
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' ' | '\t'))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let word = squash(name.trim());
    if let Some(ty) = FIELD_TYPES.iter().find(|t| squash(t) == word) {
        return Some((ty, true));
    }
    if let Some((ty, _)) = SYNONYMS
        .iter()
        .find(|(_, words)| words.contains(&word.as_str()))
    {
        return Some((ty, false));
    }
    let squashed: Vec<String> = FIELD_TYPES.iter().map(|t| squash(t)).collect();
    let near = crate::suggest::nearest(&word, squashed.iter().map(String::as_str))?;
    FIELD_TYPES
        .iter()
        .find(|t| squash(t) == near)
        .map(|t| (*t, false))
}

/// Replaces the type's text, keeping its quotes, when the source holds exactly that text, or (for
/// a type that only hides characters, perhaps written as escapes: `"text\u00a0"`) when the
/// quoted text is on one line.
fn fix(source: Source, node: &Node, name: &str, ty: &str, hides: bool) -> Option<Fix> {
    let raw = source.slice(node.span);
    let inner = match node.style()? {
        Style::Plain => node.span,
        Style::SingleQuoted | Style::DoubleQuoted => {
            let quote = *raw.first()?;
            if raw.len() < 2 || raw.last() != Some(&quote) {
                return None;
            }
            Span::new(node.span.start + 1, node.span.end - 1)
        }
        _ => return None,
    };
    let raw_inner = source.slice(inner);
    let one_line = !raw_inner.iter().any(|&b| b == b'\n' || b == b'\r');
    if raw_inner != name.as_bytes() && !(hides && one_line && inner != node.span) {
        return None;
    }
    Some(Fix {
        description: format!("replace {} with `{ty}`", code(&word(name))),
        edits: vec![Edit {
            span: inner,
            replacement: ty.into(),
        }],
    })
}

#[cfg(test)]
mod tests {
    use crate::rule::Rule;
    use crate::rules::lint;

    fn fixes(card: &str) -> Vec<Option<String>> {
        lint(card.as_bytes())
            .iter()
            .filter(|f| f.rule == Rule::UnknownFieldType)
            .map(|f| {
                let fix = f.fix.as_ref()?;
                let mut text = card.to_string();
                for edit in fix.edits.iter().rev() {
                    text.replace_range(edit.span.start..edit.span.end, &edit.replacement);
                }
                Some(text)
            })
            .collect()
    }

    #[test]
    fn fixes_case_and_separators_keeping_quotes() {
        let card = "---\nextra_gated_fields:\n  A: Checkbox\n  B: 'date-picker'\n  C: {type: \"Date Picker\"}\n---\n";
        let out = fixes(card);
        assert_eq!(
            out[0].as_deref(),
            Some("---\nextra_gated_fields:\n  A: checkbox\n  B: 'date-picker'\n  C: {type: \"Date Picker\"}\n---\n")
        );
        assert!(out[1].as_deref().unwrap().contains("B: 'date_picker'"));
        assert!(out[2]
            .as_deref()
            .unwrap()
            .contains("{type: \"date_picker\"}"));
    }

    #[test]
    fn no_fix_for_guesses_or_bare_select() {
        let card = "---\nextra_gated_fields:\n  A: date\n  B: Select\n  C: \"Che\\x63kbox\"\n---\n";
        assert_eq!(fixes(card), vec![None, None, None]);
    }
}
