//! The rule registry: every rule's identity, summary, default severity and docs page.
//!
//! Adding a rule: one variant here (and in [`Rule::ALL`]), one file under `src/rules/`, one line in
//! `rules::check`, one page under `docs/rules/`, one directory under `fixtures/`. The registry
//! test fails when any of these is missing.

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
}

/// What the registry knows of a rule besides its docs page.
struct Meta {
    name: &'static str,
    severity: Severity,
    fix: bool,
    summary: &'static str,
}

const fn meta(name: &'static str, severity: Severity, fix: bool, summary: &'static str) -> Meta {
    Meta {
        name,
        severity,
        fix,
        summary,
    }
}

impl Rule {
    /// Every rule, in the order of `gatelint rule --all`.
    pub const ALL: &'static [Rule] = &[
        Rule::MissingFrontMatter,
        Rule::UnterminatedFrontMatter,
        Rule::FrontMatterTooLarge,
        Rule::FrontMatterBom,
        Rule::FenceTrailingWhitespace,
        Rule::TextBeforeFrontMatter,
        Rule::CrLineEndings,
        Rule::InvalidUtf8,
        Rule::YamlSyntaxError,
        Rule::DuplicateKey,
        Rule::UnknownTag,
        Rule::FrontMatterNotMapping,
        Rule::FieldsNotMapping,
        Rule::InvalidFieldSpec,
        Rule::UnknownFieldType,
        Rule::SelectWithoutOptions,
        Rule::InvalidSelectOption,
        Rule::GateTextNotString,
        Rule::EuDisallowedNotBoolean,
        Rule::UnknownGateKey,
        Rule::UnexpectedFieldKey,
        Rule::DuplicateSelectOption,
        Rule::EmptyLabel,
        Rule::IntegerLikeLabel,
        Rule::EmptyGateText,
        Rule::Yaml11AmbiguousScalar,
        Rule::InvalidGatedValue,
        Rule::InertGate,
        Rule::CountryAsText,
        Rule::SelectListsCountries,
    ];

    fn meta(self) -> Meta {
        use Severity::{Error, Info, Warning};
        match self {
            Rule::MissingFrontMatter => meta(
                "missing-front-matter",
                Warning,
                false,
                "the card has no front matter, or an empty one: the Hub warns and sees no gate",
            ),
            Rule::UnterminatedFrontMatter => meta(
                "unterminated-front-matter",
                Error,
                false,
                "an opening `---` without a closing one: the Hub sees no metadata at all",
            ),
            Rule::FrontMatterTooLarge => meta(
                "front-matter-too-large",
                Error,
                false,
                "front matter still open after gatelint's 4 MiB cap: not checked",
            ),
            Rule::FrontMatterBom => meta(
                "front-matter-bom",
                Warning,
                true,
                "a UTF-8 byte order mark before the fence hides the metadata from Python tools",
            ),
            Rule::FenceTrailingWhitespace => meta(
                "fence-trailing-whitespace",
                Warning,
                true,
                "blanks after a `---` fence: an opening one never opens, a closing one breaks older clients",
            ),
            Rule::TextBeforeFrontMatter => meta(
                "text-before-front-matter",
                Warning,
                false,
                "a `---` block with gate keys after other text is not metadata",
            ),
            Rule::CrLineEndings => meta(
                "cr-line-endings",
                Warning,
                false,
                "CR-only line endings, which the Hub's closing fence never matches",
            ),
            Rule::InvalidUtf8 => meta(
                "invalid-utf8",
                Error,
                false,
                "front matter bytes that are not UTF-8",
            ),
            Rule::YamlSyntaxError => meta(
                "yaml-syntax-error",
                Error,
                false,
                "front matter that is not valid YAML: the Hub rejects the push",
            ),
            Rule::DuplicateKey => meta(
                "duplicate-key",
                Error,
                false,
                "a key given twice in one mapping, at any depth: the Hub rejects the push",
            ),
            Rule::UnknownTag => meta(
                "unknown-tag",
                Error,
                false,
                "a tag outside the YAML core schema, such as `!!python/tuple`: the Hub rejects the push",
            ),
            Rule::FrontMatterNotMapping => meta(
                "front-matter-not-mapping",
                Error,
                false,
                "front matter whose top level is not a mapping",
            ),
            Rule::FieldsNotMapping => meta(
                "fields-not-mapping",
                Error,
                true,
                "`extra_gated_fields` that is a list, a string or null instead of a mapping",
            ),
            Rule::InvalidFieldSpec => meta(
                "invalid-field-spec",
                Error,
                false,
                "a field that is neither a type name nor a mapping with `type`",
            ),
            Rule::UnknownFieldType => meta(
                "unknown-field-type",
                Error,
                true,
                "a field type other than `text`, `checkbox`, `date_picker`, `country`, `ip_location`, `select`",
            ),
            Rule::SelectWithoutOptions => meta(
                "select-without-options",
                Error,
                false,
                "a `select` field whose `options` is missing, empty or not a list",
            ),
            Rule::InvalidSelectOption => meta(
                "invalid-select-option",
                Error,
                false,
                "a select option that is neither a string nor a mapping with string `label` and `value`",
            ),
            Rule::GateTextNotString => meta(
                "gate-text-not-string",
                Error,
                false,
                "a gate prompt, heading, description or button text that is not a string",
            ),
            Rule::EuDisallowedNotBoolean => meta(
                "eu-disallowed-not-boolean",
                Error,
                true,
                "`extra_gated_eu_disallowed` that is not `true` or `false`",
            ),
            Rule::UnknownGateKey => meta(
                "unknown-gate-key",
                Warning,
                true,
                "an `extra_gated_*` key the Hub does not know, or a near miss of a gate key",
            ),
            Rule::UnexpectedFieldKey => meta(
                "unexpected-field-key",
                Warning,
                false,
                "a key other than `type` and `options` in a field mapping, often a mis-indented field",
            ),
            Rule::DuplicateSelectOption => meta(
                "duplicate-select-option",
                Warning,
                false,
                "the same option twice in one select",
            ),
            Rule::EmptyLabel => meta(
                "empty-label",
                Warning,
                false,
                "an empty field label, or two labels equal but for case or surrounding spaces",
            ),
            Rule::IntegerLikeLabel => meta(
                "integer-like-label",
                Warning,
                false,
                "a field label like `2024` that JavaScript moves to the front of the form",
            ),
            Rule::EmptyGateText => meta(
                "empty-gate-text",
                Warning,
                false,
                "a gate prompt, heading, description or button text that is `\"\"`",
            ),
            Rule::Yaml11AmbiguousScalar => meta(
                "yaml11-ambiguous-scalar",
                Warning,
                true,
                "an unquoted `Yes`, `No`, `On`, `Off`, `y`, `n`, … that Python reads as a boolean",
            ),
            Rule::InvalidGatedValue => meta(
                "invalid-gated-value",
                Warning,
                false,
                "`gated:` that is not `true`, `false`, `auto` or `manual`",
            ),
            Rule::InertGate => meta(
                "inert-gate",
                Warning,
                false,
                "gate keys on a card that says `gated: false`",
            ),
            Rule::CountryAsText => meta(
                "country-as-text",
                Info,
                false,
                "a field that asks for a country typed `text` instead of `country`",
            ),
            Rule::SelectListsCountries => meta(
                "select-lists-countries",
                Info,
                false,
                "a select whose options are mostly countries, where the `country` type gives the Hub's list",
            ),
        }
    }

    /// The rule's docs page, `docs/rules/<name>.md`, embedded in the binary.
    pub fn docs(self) -> &'static str {
        match self {
            Rule::MissingFrontMatter => include_str!("../docs/rules/missing-front-matter.md"),
            Rule::UnterminatedFrontMatter => {
                include_str!("../docs/rules/unterminated-front-matter.md")
            }
            Rule::FrontMatterTooLarge => include_str!("../docs/rules/front-matter-too-large.md"),
            Rule::FrontMatterBom => include_str!("../docs/rules/front-matter-bom.md"),
            Rule::FenceTrailingWhitespace => {
                include_str!("../docs/rules/fence-trailing-whitespace.md")
            }
            Rule::TextBeforeFrontMatter => {
                include_str!("../docs/rules/text-before-front-matter.md")
            }
            Rule::CrLineEndings => include_str!("../docs/rules/cr-line-endings.md"),
            Rule::InvalidUtf8 => include_str!("../docs/rules/invalid-utf8.md"),
            Rule::YamlSyntaxError => include_str!("../docs/rules/yaml-syntax-error.md"),
            Rule::DuplicateKey => include_str!("../docs/rules/duplicate-key.md"),
            Rule::UnknownTag => include_str!("../docs/rules/unknown-tag.md"),
            Rule::FrontMatterNotMapping => {
                include_str!("../docs/rules/front-matter-not-mapping.md")
            }
            Rule::FieldsNotMapping => include_str!("../docs/rules/fields-not-mapping.md"),
            Rule::InvalidFieldSpec => include_str!("../docs/rules/invalid-field-spec.md"),
            Rule::UnknownFieldType => include_str!("../docs/rules/unknown-field-type.md"),
            Rule::SelectWithoutOptions => include_str!("../docs/rules/select-without-options.md"),
            Rule::InvalidSelectOption => include_str!("../docs/rules/invalid-select-option.md"),
            Rule::GateTextNotString => include_str!("../docs/rules/gate-text-not-string.md"),
            Rule::EuDisallowedNotBoolean => {
                include_str!("../docs/rules/eu-disallowed-not-boolean.md")
            }
            Rule::UnknownGateKey => include_str!("../docs/rules/unknown-gate-key.md"),
            Rule::UnexpectedFieldKey => include_str!("../docs/rules/unexpected-field-key.md"),
            Rule::DuplicateSelectOption => include_str!("../docs/rules/duplicate-select-option.md"),
            Rule::EmptyLabel => include_str!("../docs/rules/empty-label.md"),
            Rule::IntegerLikeLabel => include_str!("../docs/rules/integer-like-label.md"),
            Rule::EmptyGateText => include_str!("../docs/rules/empty-gate-text.md"),
            Rule::Yaml11AmbiguousScalar => include_str!("../docs/rules/yaml11-ambiguous-scalar.md"),
            Rule::InvalidGatedValue => include_str!("../docs/rules/invalid-gated-value.md"),
            Rule::InertGate => include_str!("../docs/rules/inert-gate.md"),
            Rule::CountryAsText => include_str!("../docs/rules/country-as-text.md"),
            Rule::SelectListsCountries => include_str!("../docs/rules/select-lists-countries.md"),
        }
    }

    /// The kebab-case name: the identifier in output, config, docs and `--select`.
    pub fn name(self) -> &'static str {
        self.meta().name
    }

    pub fn default_severity(self) -> Severity {
        self.meta().severity
    }

    /// One line: what the rule catches.
    pub fn summary(self) -> &'static str {
        self.meta().summary
    }

    /// Whether `gatelint check --fix` can fix some of its findings.
    pub fn has_fix(self) -> bool {
        self.meta().fix
    }
}

impl Rule {
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The rule name nearest to `name`, for a did-you-mean.
    pub fn suggest(name: &str) -> Option<Rule> {
        Rule::ALL
            .iter()
            .copied()
            .map(|r| (strsim::jaro_winkler(name, r.name()), r))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, r)| r)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Rule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::from_name(s).ok_or_else(|| match Rule::suggest(s) {
            Some(near) => format!("unknown rule `{s}`; did you mean `{near}`?"),
            None => format!("unknown rule `{s}`; `gatelint rule --all` lists them"),
        })
    }
}

impl Serialize for Rule {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}
