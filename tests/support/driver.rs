//! Runs a driver, a process that reads YAML texts (or cards) with another parser (node with
//! js-yaml, Python with PyYAML), over many at once: one JSON string per line in, one JSON value
//! per line out, in the same order (`tests/support/jsyaml.js` runs the node side).

#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// `node -e` running `body` after `const { yaml, firstLine, serve } =
/// require("tests/support/jsyaml.js")`, with js-yaml taken from `js_yaml`: `body` calls
/// `serve(answer)` to answer each string with `answer(string)`.
pub fn node(js_yaml: &Path, body: &str) -> Command {
    let module = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/jsyaml.js");
    let module = serde_json::to_string(&module.to_string_lossy()).expect("json");
    let mut command = Command::new("node");
    command
        .arg("-e")
        .arg(format!(
            "const {{ yaml, firstLine, serve }} = require({module});\n{body}"
        ))
        .env("JS_YAML", js_yaml);
    command
}

/// The driver's answer to each text. Fails when it cannot start, exits unsuccessfully, or does
/// not answer each text once; `what` names it (and what needs it) in those failures.
pub fn json_lines(command: &mut Command, what: &str, texts: &[&str]) -> Vec<serde_json::Value> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {what}: {e}"));
    let mut stdin = child.stdin.take().expect("stdin");
    let payload: String = texts
        .iter()
        .map(|t| serde_json::to_string(t).expect("json") + "\n")
        .collect();
    // Written from a thread while the answers are read, so that neither pipe fills and blocks.
    let writer = std::thread::spawn(move || stdin.write_all(payload.as_bytes()));
    let output = child.wait_with_output().expect("driver output");
    writer.join().expect("writer").expect("write to the driver");
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .expect("UTF-8 from the driver")
        .split('\n')
        .filter(|l| !l.is_empty())
        .map(|line| {
            serde_json::from_str(line)
                .or_else(|_| serde_json::from_str(&lone_surrogates_replaced(line)))
                .expect("one JSON object per line")
        })
        .collect();
    assert_eq!(answers.len(), texts.len(), "{what}: one answer per text");
    answers
}

/// `line` (JSON) with every `\\u` escape of a lone surrogate written `\\ufffd`: a YAML
/// double-quoted `"\\ud800"` loads as a lone surrogate in both parsers, which node and Python
/// write as such, and serde refuses.
fn lone_surrogates_replaced(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let unit = |at: usize| -> Option<u32> {
        if chars.get(at) != Some(&'\\') || chars.get(at + 1) != Some(&'u') {
            return None;
        }
        let hex: String = chars.get(at + 2..at + 6)?.iter().collect();
        u32::from_str_radix(&hex, 16).ok()
    };
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if c != '\\' {
            out.push(c);
            i += 1;
            continue;
        }
        match unit(i) {
            Some(high @ 0xd800..=0xdbff) => match unit(i + 6) {
                Some(0xdc00..=0xdfff) => {
                    out.extend(&chars[i..i + 12]);
                    i += 12;
                }
                _ => {
                    let _ = high;
                    out.push_str("\\ufffd");
                    i += 6;
                }
            },
            Some(0xdc00..=0xdfff) => {
                out.push_str("\\ufffd");
                i += 6;
            }
            _ => {
                out.extend(chars.get(i..i + 2).unwrap_or(&chars[i..]));
                i += 2;
            }
        }
    }
    out
}
