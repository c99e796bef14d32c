//! The rule registry: every rule's identity, default severity, fix, summary and docs page, in one
//! table ([`REGISTRY`]).
//!
//! Adding a rule: one variant here and its row in the table, one file under `src/rules/`, one line
//! in `rules::check`, one page under `docs/rules/`, one directory under `fixtures/`. The build
//! fails when the table's order drifts from the enum's; the registry tests (below and in
//! `tests/registry.rs`) fail when any of the rest is missing.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// Every check gatelint makes, by its kebab-case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    MissingFrontMatter,
    UnterminatedFrontMatter,
    FrontMatterTooLarge,
    FrontMatterBom,
    OpeningFenceTrailingWhitespace,
    FenceTrailingWhitespace,
    TextBeforeFrontMatter,
    CrLineEndings,
    InvalidUtf8,
    YamlSyntaxError,
    DuplicateKey,
    UnknownTag,
    FrontMatterNotMapping,
    FieldsNotMapping,
    InvalidFieldSpec,
    UnknownFieldType,
    SelectWithoutOptions,
    InvalidSelectOption,
    GateTextNotString,
    EuDisallowedNotBoolean,
    UnknownGateKey,
    UnexpectedFieldKey,
    DuplicateSelectOption,
    EmptyLabel,
    IntegerLikeLabel,
    EmptyGateText,
    Yaml11AmbiguousScalar,
    InvalidGatedValue,
    InertGate,
    CountryAsText,
    SelectListsCountries,
    StrandedGateKey,
    DedentedField,
    GateKeyInBlockScalar,
    SelectOptionSplit,
    PythonYamlIncompatible,
    CommentAfterGateText,
    CollectionLabel,
}

/// One row of the registry: everything gatelint knows about a rule, stated once.
struct Row {
    rule: Rule,
    /// The kebab-case name: the identifier in output, config, docs and `--select`.
    name: &'static str,
    severity: Severity,
    /// Whether `gatelint check --fix` can fix some of its findings.
    fix: bool,
    /// One line: what the rule catches (the README's rules table, `gatelint rule --all`, SARIF).
    summary: &'static str,
    /// `docs/rules/<name>.md`, embedded in the binary.
    docs: &'static str,
}

/// The registry: one row per rule, in the enum's order (checked when compiling, just below), which
/// is the order of `gatelint rule --all`.
const REGISTRY: &[Row] = &[
    Row {
        rule: Rule::MissingFrontMatter,
        name: "missing-front-matter",
        severity: Severity::Warning,
        fix: false,
        summary: "the card has no front matter, or an empty one: the Hub warns and sees no gate",
        docs: include_str!("../docs/rules/missing-front-matter.md"),
    },
    Row {
        rule: Rule::UnterminatedFrontMatter,
        name: "unterminated-front-matter",
        severity: Severity::Error,
        fix: false,
        summary: "an opening `---` without a closing one: the Hub sees no metadata at all",
        docs: include_str!("../docs/rules/unterminated-front-matter.md"),
    },
    Row {
        rule: Rule::FrontMatterTooLarge,
        name: "front-matter-too-large",
        severity: Severity::Error,
        fix: false,
        summary: "front matter still open after gatelint's 4 MiB cap: not checked",
        docs: include_str!("../docs/rules/front-matter-too-large.md"),
    },
    Row {
        rule: Rule::FrontMatterBom,
        name: "front-matter-bom",
        severity: Severity::Warning,
        fix: true,
        summary: "a UTF-8 byte order mark before the fence hides the metadata from `huggingface_hub` before 2.3",
        docs: include_str!("../docs/rules/front-matter-bom.md"),
    },
    Row {
        rule: Rule::OpeningFenceTrailingWhitespace,
        name: "opening-fence-trailing-whitespace",
        severity: Severity::Error,
        fix: false,
        summary: "blanks after the opening `---`: it never opens, and the Hub sees no metadata at all",
        docs: include_str!("../docs/rules/opening-fence-trailing-whitespace.md"),
    },
    Row {
        rule: Rule::FenceTrailingWhitespace,
        name: "fence-trailing-whitespace",
        severity: Severity::Warning,
        fix: true,
        summary: "blanks after the closing `---`: `huggingface_hub` before 1.25 sees no metadata",
        docs: include_str!("../docs/rules/fence-trailing-whitespace.md"),
    },
    Row {
        rule: Rule::TextBeforeFrontMatter,
        name: "text-before-front-matter",
        severity: Severity::Warning,
        fix: false,
        summary: "a `---` block with gate keys after other text is not metadata",
        docs: include_str!("../docs/rules/text-before-front-matter.md"),
    },
    Row {
        rule: Rule::CrLineEndings,
        name: "cr-line-endings",
        severity: Severity::Warning,
        fix: false,
        summary: "CR-only line endings, which the Hub's closing fence never matches",
        docs: include_str!("../docs/rules/cr-line-endings.md"),
    },
    Row {
        rule: Rule::InvalidUtf8,
        name: "invalid-utf8",
        severity: Severity::Error,
        fix: false,
        summary: "front matter bytes that are not UTF-8",
        docs: include_str!("../docs/rules/invalid-utf8.md"),
    },
    Row {
        rule: Rule::YamlSyntaxError,
        name: "yaml-syntax-error",
        severity: Severity::Error,
        fix: false,
        summary: "front matter that is not valid YAML: the Hub rejects the push",
        docs: include_str!("../docs/rules/yaml-syntax-error.md"),
    },
    Row {
        rule: Rule::DuplicateKey,
        name: "duplicate-key",
        severity: Severity::Error,
        fix: false,
        summary: "a key given twice in one mapping, at any depth: the Hub rejects the push",
        docs: include_str!("../docs/rules/duplicate-key.md"),
    },
    Row {
        rule: Rule::UnknownTag,
        name: "unknown-tag",
        severity: Severity::Error,
        fix: false,
        summary: "a tag outside the YAML core schema, such as `!!python/tuple`: the Hub rejects the push",
        docs: include_str!("../docs/rules/unknown-tag.md"),
    },
    Row {
        rule: Rule::FrontMatterNotMapping,
        name: "front-matter-not-mapping",
        severity: Severity::Error,
        fix: false,
        summary: "front matter whose top level is not a mapping",
        docs: include_str!("../docs/rules/front-matter-not-mapping.md"),
    },
    Row {
        rule: Rule::FieldsNotMapping,
        name: "fields-not-mapping",
        severity: Severity::Error,
        fix: true,
        summary: "`extra_gated_fields` that is a list, a string or null instead of a mapping",
        docs: include_str!("../docs/rules/fields-not-mapping.md"),
    },
    Row {
        rule: Rule::InvalidFieldSpec,
        name: "invalid-field-spec",
        severity: Severity::Error,
        fix: false,
        summary: "a field that is neither a type name nor a mapping with `type`",
        docs: include_str!("../docs/rules/invalid-field-spec.md"),
    },
    Row {
        rule: Rule::UnknownFieldType,
        name: "unknown-field-type",
        severity: Severity::Error,
        fix: true,
        summary: "a field type other than `text`, `checkbox`, `date_picker`, `country`, `ip_location`, `select`",
        docs: include_str!("../docs/rules/unknown-field-type.md"),
    },
    Row {
        rule: Rule::SelectWithoutOptions,
        name: "select-without-options",
        severity: Severity::Error,
        fix: false,
        summary: "a `select` field whose `options` is missing, empty or not a list",
        docs: include_str!("../docs/rules/select-without-options.md"),
    },
    Row {
        rule: Rule::InvalidSelectOption,
        name: "invalid-select-option",
        severity: Severity::Error,
        fix: false,
        summary: "a select option that is neither a string nor a mapping with string `label` and `value`",
        docs: include_str!("../docs/rules/invalid-select-option.md"),
    },
    Row {
        rule: Rule::GateTextNotString,
        name: "gate-text-not-string",
        severity: Severity::Error,
        fix: false,
        summary: "a gate prompt, heading, description or button text that is not a string",
        docs: include_str!("../docs/rules/gate-text-not-string.md"),
    },
    Row {
        rule: Rule::EuDisallowedNotBoolean,
        name: "eu-disallowed-not-boolean",
        severity: Severity::Error,
        fix: true,
        summary: "`extra_gated_eu_disallowed` that is not `true` or `false`",
        docs: include_str!("../docs/rules/eu-disallowed-not-boolean.md"),
    },
    Row {
        rule: Rule::UnknownGateKey,
        name: "unknown-gate-key",
        severity: Severity::Warning,
        fix: true,
        summary: "an `extra_gated_*` key the Hub does not know, or a near miss of a gate key",
        docs: include_str!("../docs/rules/unknown-gate-key.md"),
    },
    Row {
        rule: Rule::UnexpectedFieldKey,
        name: "unexpected-field-key",
        severity: Severity::Warning,
        fix: false,
        summary: "a key other than `type` and `options` in a field mapping (often a mis-indented field), or other than `label` and `value` in an option",
        docs: include_str!("../docs/rules/unexpected-field-key.md"),
    },
    Row {
        rule: Rule::DuplicateSelectOption,
        name: "duplicate-select-option",
        severity: Severity::Warning,
        fix: false,
        summary: "the same option twice in one select",
        docs: include_str!("../docs/rules/duplicate-select-option.md"),
    },
    Row {
        rule: Rule::EmptyLabel,
        name: "empty-label",
        severity: Severity::Warning,
        fix: false,
        summary: "an empty field label, or two labels equal but for case or surrounding spaces",
        docs: include_str!("../docs/rules/empty-label.md"),
    },
    Row {
        rule: Rule::IntegerLikeLabel,
        name: "integer-like-label",
        severity: Severity::Warning,
        fix: false,
        summary: "a field label like `2024` that JavaScript moves to the front of the form",
        docs: include_str!("../docs/rules/integer-like-label.md"),
    },
    Row {
        rule: Rule::EmptyGateText,
        name: "empty-gate-text",
        severity: Severity::Warning,
        fix: false,
        summary: "a gate prompt, heading, description or button text that is `\"\"`",
        docs: include_str!("../docs/rules/empty-gate-text.md"),
    },
    Row {
        rule: Rule::Yaml11AmbiguousScalar,
        name: "yaml11-ambiguous-scalar",
        severity: Severity::Warning,
        fix: true,
        summary: "an unquoted `Yes`, `No`, `On`, `Off`, `y`, `n`, … that Python reads as a boolean",
        docs: include_str!("../docs/rules/yaml11-ambiguous-scalar.md"),
    },
    Row {
        rule: Rule::InvalidGatedValue,
        name: "invalid-gated-value",
        severity: Severity::Warning,
        fix: false,
        summary: "`gated:` that is not `true`, `false`, `auto` or `manual`",
        docs: include_str!("../docs/rules/invalid-gated-value.md"),
    },
    Row {
        rule: Rule::InertGate,
        name: "inert-gate",
        severity: Severity::Warning,
        fix: false,
        summary: "gate keys on a card that says `gated: false`",
        docs: include_str!("../docs/rules/inert-gate.md"),
    },
    Row {
        rule: Rule::CountryAsText,
        name: "country-as-text",
        severity: Severity::Info,
        fix: false,
        summary: "a field that asks for a country typed `text` instead of `country`",
        docs: include_str!("../docs/rules/country-as-text.md"),
    },
    Row {
        rule: Rule::SelectListsCountries,
        name: "select-lists-countries",
        severity: Severity::Info,
        fix: false,
        summary: "a select whose options are mostly countries, where the `country` type gives the Hub's list",
        docs: include_str!("../docs/rules/select-lists-countries.md"),
    },
    Row {
        rule: Rule::StrandedGateKey,
        name: "stranded-gate-key",
        severity: Severity::Warning,
        fix: false,
        summary: "a gate key where the Hub never looks: nested in a mapping, after the front matter, in a code block",
        docs: include_str!("../docs/rules/stranded-gate-key.md"),
    },
    Row {
        rule: Rule::DedentedField,
        name: "dedented-field",
        severity: Severity::Warning,
        fix: false,
        summary: "a top-level key whose value is a field type, next to `extra_gated_fields`: a field dedented out of it",
        docs: include_str!("../docs/rules/dedented-field.md"),
    },
    Row {
        rule: Rule::GateKeyInBlockScalar,
        name: "gate-key-in-block-scalar",
        severity: Severity::Warning,
        fix: false,
        summary: "a gate key line inside a block scalar (`extra_gated_prompt: |`): it is text, not a key",
        docs: include_str!("../docs/rules/gate-key-in-block-scalar.md"),
    },
    Row {
        rule: Rule::SelectOptionSplit,
        name: "select-option-split",
        severity: Severity::Warning,
        fix: false,
        summary: "select options split wrongly: several choices in one option, or one choice cut at a comma in brackets",
        docs: include_str!("../docs/rules/select-option-split.md"),
    },
    Row {
        rule: Rule::PythonYamlIncompatible,
        name: "python-yaml-incompatible",
        severity: Severity::Warning,
        fix: true,
        summary: "front matter the Hub loads but PyYAML cannot: Python tools such as `ModelCard.load` fail",
        docs: include_str!("../docs/rules/python-yaml-incompatible.md"),
    },
    Row {
        rule: Rule::CommentAfterGateText,
        name: "comment-after-gate-text",
        severity: Severity::Warning,
        fix: false,
        summary: "a ` #` after an unquoted label, option or gate text, which YAML drops as a comment",
        docs: include_str!("../docs/rules/comment-after-gate-text.md"),
    },
    Row {
        rule: Rule::CollectionLabel,
        name: "collection-label",
        severity: Severity::Warning,
        fix: false,
        summary: "a field label that YAML reads as a mapping or list (a `{{ var }}` template placeholder), shown as `[object Object]`",
        docs: include_str!("../docs/rules/collection-label.md"),
    },
];

// Row `i` describes the rule whose discriminant is `i`, so a rule finds its row by indexing. A rule
// added to the enum without its row shifts the rows after it and fails this check; one added last
// without a row is caught by `the_enum_and_the_table_agree` below. (Indexing here is evaluated
// when compiling: out of range, it fails the build, never a run.)
#[allow(clippy::indexing_slicing)]
const _: () = {
    let mut i = 0;
    while i < REGISTRY.len() {
        assert!(
            REGISTRY[i].rule as usize == i,
            "REGISTRY must list the rules in the order of the enum"
        );
        i += 1;
    }
};

impl Rule {
    /// Every rule, in the order of `gatelint rule --all`.
    #[allow(clippy::indexing_slicing)] // evaluated when compiling, as above
    pub const ALL: &'static [Rule] = &{
        let mut all = [Rule::MissingFrontMatter; REGISTRY.len()];
        let mut i = 0;
        while i < REGISTRY.len() {
            all[i] = REGISTRY[i].rule;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static Row {
        // Cannot fail: the check above puts every variant's row at its discriminant, and the test
        // below checks that every variant has one.
        #[allow(clippy::indexing_slicing)]
        &REGISTRY[self as usize]
    }

    /// The kebab-case name: the identifier in output, config, docs and `--select`.
    pub fn name(self) -> &'static str {
        self.row().name
    }

    pub fn default_severity(self) -> Severity {
        self.row().severity
    }

    /// One line: what the rule catches.
    pub fn summary(self) -> &'static str {
        self.row().summary
    }

    /// Whether `gatelint check --fix` can fix some of its findings.
    pub fn has_fix(self) -> bool {
        self.row().fix
    }

    /// The rule's docs page, `docs/rules/<name>.md`, embedded in the binary.
    pub fn docs(self) -> &'static str {
        self.row().docs
    }

    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The rule `name` means: the one error for an unknown rule name, wherever it is given
    /// (`--select`, `--ignore`, `gatelint rule NAME`, the config file), with a did-you-mean.
    pub fn parse(name: &str) -> Result<Rule, UnknownRule> {
        Rule::from_name(name).ok_or_else(|| UnknownRule {
            name: name.to_owned(),
            near: crate::suggest::nearest(name, Rule::ALL.iter().map(|r| r.name()))
                .and_then(Rule::from_name),
        })
    }
}

/// A name that is no rule's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule {
    pub name: String,
    /// The rule probably meant.
    pub near: Option<Rule>,
}

impl UnknownRule {
    /// What is wrong: ``unknown rule `unknwn-field-type` ``.
    pub fn message(&self) -> String {
        format!("unknown rule `{}`", self.name)
    }

    /// What to do: the did-you-mean, or where the names are listed.
    pub fn help(&self) -> String {
        match self.near {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`gatelint rule --all` lists every rule".to_owned(),
        }
    }
}

/// Both on one line, for where only one line fits (a flag's value error).
impl fmt::Display for UnknownRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message(), self.help())
    }
}

impl std::error::Error for UnknownRule {}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::parse(s)
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The enum's variants, read from this file's source, are the table's rules in the same order:
    /// together with the check when compiling, no variant lacks its row.
    #[test]
    fn the_enum_and_the_table_agree() {
        let source = include_str!("rule.rs");
        let body = source
            .split("pub enum Rule {")
            .nth(1)
            .and_then(|rest| rest.split('}').next())
            .unwrap();
        let variants: Vec<&str> = body
            .lines()
            .map(|l| l.trim().trim_end_matches(','))
            .filter(|l| !l.is_empty() && !l.starts_with("//"))
            .collect();
        let rows: Vec<String> = REGISTRY.iter().map(|r| format!("{:?}", r.rule)).collect();
        assert_eq!(variants, rows);
        for row in REGISTRY {
            // The name is the variant's, in kebab-case.
            let kebab: String = format!("{:?}", row.rule)
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let dash = (i > 0 && c.is_ascii_uppercase()).then_some('-');
                    dash.into_iter().chain(c.to_lowercase())
                })
                .collect();
            assert_eq!(row.name, kebab);
            assert!(
                row.docs.starts_with(&format!("# {}\n", row.name)),
                "{}",
                row.name
            );
        }
    }

    #[test]
    fn unknown_names_get_one_error() {
        let err = Rule::parse("unknwn-field-type").unwrap_err();
        assert_eq!(err.message(), "unknown rule `unknwn-field-type`");
        assert_eq!(err.help(), "did you mean `unknown-field-type`?");
        assert_eq!(
            err.to_string(),
            "unknown rule `unknwn-field-type`; did you mean `unknown-field-type`?"
        );
        let err = Rule::parse("zzz").unwrap_err();
        assert_eq!(err.help(), "`gatelint rule --all` lists every rule");
        assert_eq!("duplicate-key".parse::<Rule>(), Ok(Rule::DuplicateKey));
    }
}
