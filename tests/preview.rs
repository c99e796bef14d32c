//! `gatelint preview`: snapshots of the terminal form and the HTML page for a few cards, the
//! page's safety (no script, nothing fetched, everything escaped) over every fixture, and the
//! command line. `scripts/preview-screenshot.sh` renders the page in headless Chromium; the last
//! test runs it when Chromium is installed.

use std::path::{Path, PathBuf};
use std::process::Command;

use gatelint::preview::{self, Control, Form, PreviewFormat, RepoType};
use gatelint::read;

#[path = "support/driver.rs"]
mod driver;
#[path = "support/tools.rs"]
mod tools;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn form(relative: &str) -> Form {
    let bytes = std::fs::read(root().join(relative)).unwrap();
    Form::build(relative, &read::prefix_of(&bytes), None)
}

/// Cards whose previews are pinned.
const CARDS: [&str; 8] = [
    "tests/preview-cards/full-form.md",
    "tests/preview-cards/errors.md",
    "tests/preview-cards/hostile.md",
    "fixtures/cards/ok-llama-style-gate.md",
    "fixtures/cards/ok-dataset-literal-prompt.md",
    "fixtures/cards/ok-plain-card-no-gate.md",
    "fixtures/cards/bad-template-list-fields.md",
    "fixtures/cards/bad-python-tuple.md",
];

fn snapshot_name(relative: &str) -> String {
    relative
        .trim_end_matches(".md")
        .rsplit('/')
        .next()
        .unwrap_or(relative)
        .to_owned()
}

#[test]
fn terminal_previews() {
    for card in CARDS {
        let text = preview::render(&form(card), PreviewFormat::Terminal);
        insta::assert_snapshot!(format!("terminal-{}", snapshot_name(card)), text);
    }
}

#[test]
fn html_previews() {
    for card in [CARDS[0], CARDS[1], CARDS[2]] {
        let html = preview::render(&form(card), PreviewFormat::Html);
        // The country list is long and pinned by the terminal snapshot's count; keep the
        // snapshot readable.
        let short = shorten_countries(&html);
        insta::assert_snapshot!(format!("html-{}", snapshot_name(card)), short);
    }
}

/// Replaces the country `<option>`s but the first three with a count.
fn shorten_countries(html: &str) -> String {
    let Some(start) = html.find("<option value=\"AF\">") else {
        return html.to_owned();
    };
    let end = html[start..]
        .find("</select>")
        .map_or(html.len(), |i| start + i);
    let options: Vec<&str> = html[start..end].split_inclusive("</option>").collect();
    format!(
        "{}{}<!-- … {} more countries … -->{}",
        &html[..start],
        options[..3].concat(),
        options.len() - 3,
        &html[end..]
    )
}

#[test]
fn the_full_form_has_every_part() {
    let form = form(CARDS[0]);
    assert_eq!(form.heading, "Access Acme-7B on Hugging Face");
    assert_eq!(form.button, "Request access");
    assert!(form.eu_disallowed);
    assert!(form
        .prompt
        .as_deref()
        .unwrap()
        .contains("Acme Research License"));
    let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
    // `2024` moves first, as a JavaScript object lists it.
    assert_eq!(
        labels,
        [
            "2024",
            "First name",
            "Last name",
            "Date of birth",
            "Country",
            "Affiliation type",
            "geo",
            "I accept the Acme Research License and the privacy policy"
        ]
    );
    let select = form
        .fields
        .iter()
        .find_map(|f| match &f.control {
            Control::Select(choices) => Some(choices),
            _ => None,
        })
        .unwrap();
    assert_eq!(select.len(), 3);
    assert_eq!(select[2].label, "Non-profit or government");
    assert_eq!(select[2].value, "nonprofit");
    let text = preview::render(&form, PreviewFormat::Terminal);
    for part in [
        "Access Acme-7B on Hugging Face",
        "Requests are reviewed",
        "│ Acme Research License",
        "• use the model for research only;",
        "[ Select a country",
        "249 countries (ISO 3166-1): Afghanistan, Åland Islands, Albania,",
        "○ Non-profit or government (sends \"nonprofit\")",
        "ⓘ geo (ip_location)",
        "[ ] I accept the Acme Research License",
        "European Union",
        "│ Request access │",
        "1 finding:",
        "[integer-like-label]",
    ] {
        assert!(text.contains(part), "missing {part:?} in\n{text}");
    }
}

#[test]
fn defaults_follow_the_repo_type() {
    let model = form("fixtures/cards/ok-plain-card-no-gate.md");
    assert_eq!(
        model.heading,
        "You need to agree to share your contact information to access this model"
    );
    assert_eq!(model.button, "Agree and send request to access repo");
    // A dataset card (its metadata has `task_categories`), without a heading of its own.
    let card = "---\ntask_categories:\n- translation\nextra_gated_fields:\n  Name: text\n---\n";
    let dataset = Form::build("README.md", &read::prefix_of(card.as_bytes()), None);
    assert_eq!(dataset.repo_type, RepoType::Dataset);
    assert!(dataset.heading.ends_with("access this dataset"));
    // The path decides when the metadata does not; the flag wins over both.
    let bare = "---\nextra_gated_fields:\n  Name: text\n---\n";
    let cached = Form::build(
        "hub/datasets--acme--clinical/snapshots/abc/README.md",
        &read::prefix_of(bare.as_bytes()),
        None,
    );
    assert_eq!(cached.repo_type, RepoType::Dataset);
    let forced = Form::build(
        "datasets/x/README.md",
        &read::prefix_of(card.as_bytes()),
        Some(RepoType::Model),
    );
    assert!(forced.heading.ends_with("access this model"));
}

#[test]
fn a_card_with_errors_still_previews_and_lists_the_findings() {
    let form = form(CARDS[1]);
    let text = preview::render(&form, PreviewFormat::Terminal);
    assert!(text.contains("Name\n[____"), "{text}");
    assert!(
        text.contains("✗ Email: not shown: `email` is not a field type"),
        "{text}"
    );
    assert!(text.contains("[unknown-field-type]"), "{text}");
    assert!(text.contains("[eu-disallowed-not-boolean]"), "{text}");
    // `extra_gated_heading: 42` is not a string: the default heading shows.
    assert!(text.contains("to access this model"), "{text}");
    assert!(!form.findings.is_empty());
}

/// Every card in the repository: the page is self-contained and escapes what the card says.
#[test]
fn every_page_is_safe_and_self_contained() {
    let mut cards = Vec::new();
    collect(&root().join("fixtures"), &mut cards);
    collect(&root().join("tests/preview-cards"), &mut cards);
    assert!(cards.len() > 20);
    for path in cards {
        let bytes = std::fs::read(&path).unwrap();
        let form = Form::build(&path.display().to_string(), &read::prefix_of(&bytes), None);
        let html = preview::render(&form, PreviewFormat::Html);
        let lower = html.to_ascii_lowercase();
        for banned in [
            "<script",
            "<img",
            "<iframe",
            "<link",
            "<object",
            "<embed",
            "src=\"",
            "javascript:",
            "onerror=\"",
            "onfocus=\"",
            "@import",
            "url(",
        ] {
            assert!(
                !lower.contains(banned),
                "{}: the page contains `{banned}`",
                path.display()
            );
        }
        assert_eq!(lower.matches("<style>").count(), 1, "{}", path.display());
        assert_eq!(lower.matches("<form ").count(), 1, "{}", path.display());
        assert_eq!(lower.matches("<button").count(), 1, "{}", path.display());
        for field in &form.fields {
            assert!(
                html.contains(&preview::html::escape(&field.label)),
                "{}: label {:?} missing",
                path.display(),
                field.label
            );
        }
        // The terminal form names every field too.
        let text = preview::render(&form, PreviewFormat::Terminal);
        for field in &form.fields {
            let first_word = field.label.split_whitespace().next().unwrap_or("");
            assert!(
                text.contains(first_word),
                "{}: {:?}",
                path.display(),
                field.label
            );
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    out.sort();
}

#[test]
fn cli_preview_prints_the_form_and_exits_0() {
    let bin = env!("CARGO_BIN_EXE_gatelint");
    let out = Command::new(bin)
        .args(["preview", "tests/preview-cards/errors.md"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("Access form of tests/preview-cards/errors.md (model)"));
    let html = Command::new(bin)
        .args(["preview", "--format", "html", "--repo-type", "dataset", "-"])
        .current_dir(root())
        .stdin(std::fs::File::open(root().join(CARDS[0])).unwrap())
        .output()
        .unwrap();
    assert_eq!(html.status.code(), Some(0));
    let page = String::from_utf8_lossy(&html.stdout);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<code>&lt;stdin&gt;</code> (dataset)"));
    let missing = Command::new(bin)
        .args(["preview", "no/such/README.md"])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/README.md"));
}

/// Renders the full form in headless Chromium and checks every label is in the rendered DOM
/// and the screenshot is not blank. Skipped (with a note) where Chromium is not installed.
#[test]
fn chromium_renders_the_page() {
    let found = ["chromium", "chromium-browser"].iter().any(|b| {
        Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if !found {
        // CI installs it (.ci/run); elsewhere say so rather than fail a newcomer's first run.
        assert!(
            std::env::var_os("CI").is_none(),
            "chromium is not installed: apt-get install -y chromium"
        );
        eprintln!("note: chromium not installed; skipping the browser check");
        return;
    }
    let out_dir = tempfile::tempdir().unwrap();
    let status = Command::new("bash")
        .arg(root().join("scripts/preview-screenshot.sh"))
        .arg(root().join(CARDS[0]))
        .arg(out_dir.path())
        .env("GATELINT", env!("CARGO_BIN_EXE_gatelint"))
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "preview-screenshot.sh failed:\n{}\n{}",
        String::from_utf8_lossy(&status.stdout),
        String::from_utf8_lossy(&status.stderr)
    );
    let png = std::fs::read(out_dir.path().join("preview.png")).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    assert!(
        png.len() > 20_000,
        "the screenshot looks blank ({} bytes)",
        png.len()
    );
}

// ----- the Hub's order and labels -------------------------------------------------------------

/// Cards whose field order and labels are the point: numbers as labels, `<<` merges.
const ORDER_CARDS: [&str; 4] = [
    "tests/preview-cards/hub-order-numbers.md",
    "tests/preview-cards/hub-order-merge.md",
    "tests/preview-cards/hub-order-nested-merge.md",
    "tests/preview-cards/hub-order-self-merge.md",
];

/// The form's fields as `(label, type)`, `type` being the Hub's type name or `invalid`.
fn labels_and_types(form: &Form) -> Vec<(String, String)> {
    form.fields
        .iter()
        .map(|f| {
            let ty = match &f.control {
                Control::Text => "text",
                Control::Checkbox => "checkbox",
                Control::DatePicker => "date_picker",
                Control::Country => "country",
                Control::IpLocation => "ip_location",
                Control::Select(_) => "select",
                Control::Invalid(_) => "invalid",
            };
            (f.label.clone(), ty.to_owned())
        })
        .collect()
}

/// Each field's label and type, in `Object.keys` order.
type Fields = Vec<(String, String)>;

/// What js-yaml 4 makes of each card's `extra_gated_fields`: `Object.keys` with each key's type
/// (a string value, or a mapping's `type`; `invalid` otherwise), or `None` when js-yaml rejects
/// the front matter or the fields are not an object. Node is required under CI; elsewhere,
/// without node, `None` (the caller says why it skips).
fn js_yaml_fields(cards: &[PathBuf]) -> Option<Vec<Option<Fields>>> {
    if tools::on_path("node").is_none() {
        assert!(
            !tools::in_ci(),
            "node is not installed: the preview's order is checked against js-yaml under CI"
        );
        return None;
    }
    let script = r#"
const fs = require("fs");
const types = ["text", "checkbox", "date_picker", "country", "ip_location", "select"];
const fence = /^(\s*---(?:\r\n|\r|\n))([\S\s]*?)((?:\r\n|\r|\n)---[ \t]*(\r\n|\n|$))/;
serve((path) => {
  try {
    // Not UTF-8: the Hub rejects the push (gatelint's `invalid-utf8`); no form to compare.
    const text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(path));
    const m = text.match(fence);
    const doc = m ? yaml.load(m[2]) : null;
    const fields = doc && typeof doc === "object" ? doc.extra_gated_fields : null;
    if (fields && typeof fields === "object" && !Array.isArray(fields)) {
      return Object.keys(fields).map((k) => {
        const v = fields[k];
        const ty = typeof v === "string" ? v : v && typeof v === "object" ? v.type : null;
        const ok = types.includes(ty) && !(typeof v === "string" && ty === "select")
          && (ty !== "select" || (Array.isArray(v.options) && v.options.length > 0));
        return [k, ok ? ty : "invalid"];
      });
    }
  } catch (e) {}
  return null;
});
"#;
    let paths: Vec<String> = cards.iter().map(|p| p.display().to_string()).collect();
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    let mut node = driver::node(&tools::js_yaml(), script);
    // A date label is named by its `Date` string, in the time zone the Hub is assumed to run in.
    node.env("TZ", "UTC");
    let answers = driver::json_lines(&mut node, "node with js-yaml", &paths);
    Some(
        answers
            .into_iter()
            .map(|a| serde_json::from_value(a).expect("null or [label, type] pairs"))
            .collect(),
    )
}

#[test]
fn the_fields_are_in_the_hubs_order_with_the_hubs_labels() {
    // Written out, so the test also says what the Hub shows without node; each list was taken
    // from js-yaml 4.3's `Object.keys`, and the next test compares them with js-yaml again.
    let expected: [&[&str]; 4] = [
        &[
            "0",
            "5",
            "7",
            "10",
            "31",
            "1000",
            "4294967294",
            "Name",
            "07",
            "4294967295",
            "12345678901234567000",
            "1.5",
            "1e+21",
            "Infinity",
            "-3",
            "null",
            "true",
            "a,1,",
            "I agree to the terms",
        ],
        &[
            "2",
            "First question",
            "Email",
            "Name",
            "Affiliation",
            "Country",
            "Last question",
            "Scoped",
        ],
        &["1", "Affiliation", "Country", "Role", "Purpose"],
        &["Name", "Affiliation", "Country", "Purpose", "Other", "Last"],
    ];
    for (card, want) in ORDER_CARDS.iter().zip(expected) {
        let form = form(card);
        let labels: Vec<&str> = form.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, want, "{card}");
        // Both renderings list them in that order.
        let text = preview::render(&form, PreviewFormat::Terminal);
        let html = preview::render(&form, PreviewFormat::Html);
        for (what, page, mut at) in [("terminal", &text, 0), ("html", &html, 0)] {
            for label in want {
                let needle = match what {
                    "html" => format!("<span>{}</span>", preview::html::escape(label)),
                    _ => format!("{label}\n"),
                };
                let found = page[at..].find(&needle).map(|i| i + at);
                assert!(
                    found.is_some(),
                    "{card}: {what}: `{label}` not after byte {at}"
                );
                at = found.unwrap() + needle.len();
            }
        }
    }
    // A merged field overridden after the merge takes the written type, in the merged place.
    let merged = labels_and_types(&form(ORDER_CARDS[1]));
    assert!(
        merged.contains(&("Name".into(), "date_picker".into())),
        "{merged:?}"
    );
    let nested = labels_and_types(&form(ORDER_CARDS[2]));
    assert!(
        nested.contains(&("Affiliation".into(), "checkbox".into())),
        "{nested:?}"
    );
    // A mapping merged while it is being built brings only the keys stored by then: `Country`
    // comes from the next merged mapping, not from the `Country: text` written after the merge.
    let building = labels_and_types(&form(ORDER_CARDS[3]));
    assert!(
        building.contains(&("Country".into(), "country".into())),
        "{building:?}"
    );
}

#[test]
fn every_cards_fields_match_js_yaml_object_keys() {
    let mut cards: Vec<PathBuf> = ORDER_CARDS.iter().map(|c| root().join(c)).collect();
    collect(&root().join("tests/preview-cards"), &mut cards);
    collect(&root().join("fixtures"), &mut cards);
    cards.sort();
    cards.dedup();
    let Some(answers) = js_yaml_fields(&cards) else {
        eprintln!(
            "SKIPPED: node is not on PATH; the preview's order was not compared with js-yaml"
        );
        return;
    };
    let mut compared = 0;
    for (card, answer) in cards.iter().zip(answers) {
        let Some(want) = answer else { continue };
        let bytes = std::fs::read(card).unwrap();
        let form = Form::build("README.md", &read::prefix_of(&bytes), None);
        let got = labels_and_types(&form);
        let labels = |v: &[(String, String)]| v.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(
            labels(&got),
            labels(&want),
            "{}: labels and order",
            card.display()
        );
        // Types agree where the Hub's value is a plain field with a known type other than
        // `select` (whether a select's options are valid is the rules' business, not this test's).
        for (g, w) in got.iter().zip(&want) {
            if !matches!(w.1.as_str(), "invalid" | "select") {
                assert_eq!(g, w, "{}", card.display());
            }
        }
        compared += 1;
    }
    assert!(
        compared >= 40,
        "only {compared} cards had fields js-yaml reads; the comparison proves little"
    );
    eprintln!("compared {compared} cards' fields with js-yaml");
}
