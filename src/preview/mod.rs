//! `gatelint preview`: the access-request form a card's gate metadata gives, as a user of the
//! Hub sees it, in the terminal ([`terminal`]) or as one self-contained HTML page ([`html`]).
//!
//! [`Form::build`] reads the card once, through the same reading as `check` ([`card::with`]:
//! fence rules, YAML tree, gate model), into a plain, owned description of the form; the
//! renderers only read it. A card with errors still gets a form: the parts the Hub would not show
//! are marked, and every finding is listed under the form.

pub mod html;
pub mod order;
pub mod terminal;

use crate::card::{self, Yaml};
use crate::finding::Finding;
use crate::frontmatter::Prefix;
use crate::gate::{self, FieldKind, Gate};
use crate::rule::Rule;
use crate::rules;
use crate::settings::Settings;
use crate::span::{display_text, LineIndex, Position};
use crate::yaml::{Document, Node, Resolved, Value};

/// The heading when `extra_gated_heading` is not set; the last word is the repo type.
pub const DEFAULT_HEADING: &str =
    "You need to agree to share your contact information to access this";
/// The text under the heading when `extra_gated_description` is not set.
pub const DEFAULT_DESCRIPTION: &str =
    "This repository is publicly accessible, but you have to accept the conditions to access its \
     files and content.";
/// The submit button's label when `extra_gated_button_content` is not set.
pub const DEFAULT_BUTTON: &str = "Agree and send request to access repo";
/// The fine print above the button: what the Hub shares with the authors in every case.
pub const CONTACT_NOTE: &str =
    "By agreeing you accept to share your contact information (email and username) with the \
     repository authors.";
/// What an `ip_location` field does.
pub const IP_LOCATION_NOTE: &str =
    "asks nothing: the Hub records the requester's location from their IP address";

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum PreviewFormat {
    /// plain text for the terminal
    Terminal,
    /// one self-contained HTML page (inline CSS, no script, no network)
    Html,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RepoType {
    Model,
    Dataset,
}

impl RepoType {
    pub fn as_str(self) -> &'static str {
        match self {
            RepoType::Model => "model",
            RepoType::Dataset => "dataset",
        }
    }
}

/// Metadata keys that only dataset cards have.
const DATASET_KEYS: [&str; 9] = [
    "task_categories",
    "task_ids",
    "size_categories",
    "configs",
    "dataset_info",
    "annotations_creators",
    "language_creators",
    "multilinguality",
    "source_datasets",
];

/// Metadata keys that only model cards have.
const MODEL_KEYS: [&str; 6] = [
    "pipeline_tag",
    "library_name",
    "base_model",
    "model-index",
    "widget",
    "inference",
];

/// The access-request form of one card.
#[derive(Clone, Debug)]
pub struct Form {
    /// The path as shown.
    pub path: String,
    pub repo_type: RepoType,
    pub heading: String,
    pub description: String,
    /// `extra_gated_prompt`, Markdown.
    pub prompt: Option<String>,
    pub fields: Vec<FormField>,
    pub button: String,
    /// `extra_gated_eu_disallowed: true`.
    pub eu_disallowed: bool,
    /// Where the metadata stands: whether the Hub sees it at all.
    pub status: Status,
    /// Every finding, sorted, with its position.
    pub findings: Vec<(Finding, Position)>,
}

/// Whether the Hub sees the card's gate metadata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// The metadata parses; the form is built from it.
    Ok,
    /// No gate key: if the repo is gated, the Hub shows the default form.
    NoGateKeys,
    /// The Hub sees no metadata (no front matter, an unclosed one, …), or rejects the push.
    Unusable(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormField {
    /// The label as the form shows it.
    pub label: String,
    pub control: Control,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    Text,
    Checkbox,
    DatePicker,
    /// The Hub's own list of countries.
    Country,
    /// Asks nothing.
    IpLocation,
    Select(Vec<Choice>),
    /// A field the Hub would not show (or would reject), and why.
    Invalid(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub label: String,
    pub value: String,
}

/// The ISO 3166-1 countries, by name, as the country dropdown lists them: (alpha-2 code, name).
pub fn countries() -> Vec<(&'static str, &'static str)> {
    let mut all: Vec<(&str, &str)> = isocountry::CountryCode::iter()
        .map(|c| (c.alpha2(), c.name()))
        .collect();
    // `Åland Islands` sorts with the A's, as a dropdown lists it.
    let key = |name: &str| name.replacen('Å', "A", 1);
    all.sort_by_key(|c| key(c.1));
    all
}

impl Form {
    /// Builds the form of the card whose first bytes (see [`crate::read`]) are `prefix`.
    /// `repo_type` overrides the guess from the metadata and the path.
    pub fn build(path: &str, prefix: &Prefix, repo_type: Option<RepoType>) -> Form {
        card::with(prefix, |card| {
            let mut raw = Vec::new();
            rules::check(card, &mut raw);
            let rejected = raw
                .iter()
                .any(|f| matches!(f.rule, Rule::DuplicateKey | Rule::UnknownTag));
            let findings = Settings::default().apply(raw);
            let text = display_text(card.front_matter.bytes);
            let index = LineIndex::new(&text);
            let findings = findings
                .into_iter()
                .map(|f| {
                    let at = index.position(f.span.start);
                    (f, at)
                })
                .collect();
            let mut form = Form {
                path: path.to_owned(),
                repo_type: repo_type.unwrap_or_else(|| guess_from_path(path)),
                heading: String::new(),
                description: DEFAULT_DESCRIPTION.to_owned(),
                prompt: None,
                fields: Vec::new(),
                button: DEFAULT_BUTTON.to_owned(),
                eu_disallowed: false,
                status: Status::NoGateKeys,
                findings,
            };
            match (&card.yaml, card.gate) {
                (Yaml::Parsed(doc), Some(gate)) => form.read_gate(doc, gate, repo_type),
                (yaml, _) => form.status = Status::Unusable(unusable(yaml).into()),
            }
            if rejected && form.status == Status::Ok {
                form.status = Status::Unusable(
                    "the Hub rejects the push (see the errors below); this is the form as written"
                        .into(),
                );
            }
            form.heading = match form.heading.is_empty() {
                true => format!("{DEFAULT_HEADING} {}", form.repo_type.as_str()),
                false => form.heading,
            };
            form
        })
    }

    fn read_gate(&mut self, doc: &Document, gate: &Gate, repo_type: Option<RepoType>) {
        let keys: Vec<&str> = gate.top.iter().filter_map(|e| e.key.scalar()).collect();
        if repo_type.is_none() {
            if keys.iter().any(|k| DATASET_KEYS.contains(k)) {
                self.repo_type = RepoType::Dataset;
            } else if keys.iter().any(|k| MODEL_KEYS.contains(k)) {
                self.repo_type = RepoType::Model;
            }
        }
        self.status = if gate.has_gate_keys() {
            Status::Ok
        } else {
            Status::NoGateKeys
        };
        let text = |key: &str| {
            gate.get(key)
                .and_then(|e| doc.resolve(&e.value).as_str())
                .filter(|s| !s.trim().is_empty())
                .map(str::to_owned)
        };
        if let Some(heading) = text("extra_gated_heading") {
            self.heading = heading;
        }
        if let Some(description) = text("extra_gated_description") {
            self.description = description;
        }
        self.prompt = text("extra_gated_prompt");
        if let Some(button) = text("extra_gated_button_content") {
            self.button = button;
        }
        self.eu_disallowed = gate
            .eu_disallowed
            .is_some_and(|e| doc.resolve(&e.value).resolved() == Some(Resolved::Bool(true)));
        if let Some(entry) = gate.fields_entry {
            let value = doc.resolve(&entry.value);
            if value.entries().is_none() {
                self.fields.push(FormField {
                    label: "extra_gated_fields".into(),
                    control: Control::Invalid(format!(
                        "`extra_gated_fields` is {}, not a mapping: the Hub rejects it",
                        value.describe()
                    )),
                });
            }
        }
        // The fields as the Hub's JavaScript object holds them (see [`order`]): each label as
        // js-yaml writes the key (`0x1F` is `31`), array-index labels first in numeric order,
        // merged fields where the merge key stands. The gate model holds every field the Hub
        // uses, in the object's insertion order; a key the Hub's object replaces (a merged field
        // overridden) is not among them, as the Hub leaves it out.
        let fields: Vec<FormField> = order::hub_order(doc, &gate.fields)
            .into_iter()
            .map(|(label, field)| FormField {
                label,
                control: control(doc, field),
            })
            .collect();
        self.fields.extend(fields);
    }

    /// Lines of findings as `line:col: severity: message [rule]`.
    pub fn finding_lines(&self) -> Vec<String> {
        self.findings
            .iter()
            .map(|(f, at)| {
                format!(
                    "{}:{}: {}: {} [{}]",
                    at.line,
                    at.column,
                    f.severity,
                    f.message,
                    f.rule.name()
                )
            })
            .collect()
    }
}

/// Why the Hub shows no form built from the metadata, when the card has no gate model.
fn unusable(yaml: &Yaml) -> &'static str {
    match yaml {
        Yaml::Absent => {
            "the Hub sees no metadata in this card: if the repo is gated, it shows the default form"
        }
        Yaml::InvalidUtf8 { .. } => "the front matter is not UTF-8: the Hub rejects the push",
        Yaml::SyntaxError(_) => "the front matter is not valid YAML: the Hub rejects the push",
        Yaml::Parsed(_) => "the front matter is not a mapping: the Hub sees no gate",
    }
}

fn control(doc: &Document, field: &gate::Field) -> Control {
    match (&field.kind, field.type_name()) {
        (FieldKind::Invalid, _) => Control::Invalid(format!(
            "{} is not a field: the Hub rejects it",
            field.spec.describe()
        )),
        (_, None) => Control::Invalid("the type is not a string: the Hub rejects it".into()),
        (FieldKind::Short { .. }, Some("select")) => Control::Invalid(
            "a select needs the mapping form with `options`: the Hub rejects it".into(),
        ),
        (_, Some("text")) => Control::Text,
        (_, Some("checkbox")) => Control::Checkbox,
        (_, Some("date_picker")) => Control::DatePicker,
        (_, Some("country")) => Control::Country,
        (_, Some("ip_location")) => Control::IpLocation,
        (_, Some("select")) => {
            let choices: Vec<Choice> = field
                .options(doc)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|option| choice(doc, option))
                .collect();
            if choices.is_empty() {
                Control::Invalid("a select without options: the Hub rejects it".into())
            } else {
                Control::Select(choices)
            }
        }
        (_, Some(other)) => Control::Invalid(format!(
            "`{}` is not a field type: the Hub rejects it",
            gate::short(other)
        )),
    }
}

fn choice(doc: &Document, option: &Node) -> Option<Choice> {
    if let Some(text) = option.as_str() {
        return Some(Choice {
            label: text.to_owned(),
            value: text.to_owned(),
        });
    }
    if let Value::Map(_) = option.value {
        let get = |key: &str| {
            option
                .get(key)
                .and_then(|e| doc.resolve(&e.value).as_str())
                .map(str::to_owned)
        };
        return Some(Choice {
            label: get("label")?,
            value: get("value")?,
        });
    }
    None
}

/// A dataset when a component of the card's absolute path is `datasets` or a Hugging Face cache
/// folder `datasets--…`: `preview README.md` inside `datasets/org/x` is a dataset's card. The
/// path is made absolute from the current directory without resolving links (the cache's
/// `snapshots/<rev>/README.md` keeps its `datasets--…` folder either way).
fn guess_from_path(path: &str) -> RepoType {
    let absolute = std::path::absolute(path)
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_else(|_| path.to_owned());
    let dataset = absolute
        .split(['/', '\\'])
        .any(|c| c == "datasets" || c.starts_with("datasets--"));
    if dataset {
        RepoType::Dataset
    } else {
        RepoType::Model
    }
}

/// Renders the form in `format`.
pub fn render(form: &Form, format: PreviewFormat) -> String {
    match format {
        PreviewFormat::Terminal => terminal::render(form, terminal::WIDTH),
        PreviewFormat::Html => html::render(form),
    }
}
