//! The model's mapping-key conversion (`yaml::key`, which `duplicate-key`, `integer-like-label`
//! and `preview` share) against js-yaml 4 itself: each key of `KEY_NAMES` is loaded by js-yaml in
//! node, and the property name it gets must be the table's, which the model's unit tests check
//! the model against.

#[path = "support/tools.rs"]
mod tools;

use std::io::Write;
use std::process::{Command, Stdio};

use gatelint::yaml::key::{property_name, KEY_NAMES};

#[test]
fn key_names_are_js_yamls() {
    if tools::on_path("node").is_none() {
        assert!(
            !tools::in_ci(),
            "node is not installed: key names are checked against js-yaml under CI"
        );
        eprintln!("SKIPPED: node is not on PATH; key names were not compared with js-yaml");
        return;
    }
    let script = r#"
const yaml = require(process.env.JS_YAML);
const keys = JSON.parse(require("fs").readFileSync(0, "utf8"));
console.log(JSON.stringify(keys.map((k) => Object.keys(yaml.load(k + ": 1\n"))[0])));
"#;
    let keys: Vec<&str> = KEY_NAMES.iter().map(|(k, _)| *k).collect();
    let mut child = Command::new("node")
        .args(["-e", script])
        .env("JS_YAML", tools::js_yaml())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run node");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&keys).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node failed");
    let names: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(names.len(), KEY_NAMES.len());
    for ((key, want), js) in KEY_NAMES.iter().zip(&names) {
        assert_eq!(
            js, want,
            "js-yaml names `{key}` `{js}`, the table says `{want}`"
        );
        let text = format!("{key}: 1\n");
        let doc = gatelint::yaml::parse(&text, 0).unwrap();
        let entry = doc
            .root
            .as_ref()
            .unwrap()
            .entries()
            .unwrap()
            .first()
            .unwrap();
        assert_eq!(
            property_name(&doc, &entry.key),
            *js,
            "the model names `{key}`"
        );
    }
}
