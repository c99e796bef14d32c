//! The model's mapping-key conversion (`yaml::key`, which `duplicate-key`, `integer-like-label`
//! and `preview` share) against js-yaml 4 itself: each key of `KEY_NAMES` is loaded by js-yaml in
//! node (in UTC, as the Hub's server is assumed to run: a date key's name is its `Date` string),
//! and the property name it gets must be the table's, which the model's unit tests check the
//! model against.

#[path = "support/driver.rs"]
mod driver;
#[path = "support/tools.rs"]
mod tools;

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
    let mut node = driver::node(
        &tools::js_yaml(),
        r#"serve((key) => Object.keys(yaml.load(key + ": 1\n"))[0]);"#,
    );
    node.env("TZ", "UTC");
    let keys: Vec<&str> = KEY_NAMES.iter().map(|(k, _)| *k).collect();
    let names = driver::json_lines(&mut node, "node with js-yaml", &keys);
    for ((key, want), js) in KEY_NAMES.iter().zip(&names) {
        let js = js.as_str().expect("a property name");
        assert_eq!(
            js, *want,
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
            js,
            "the model names `{key}`"
        );
    }
}
