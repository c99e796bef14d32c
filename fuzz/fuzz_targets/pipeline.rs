//! The whole pipeline on arbitrary bytes: read → front matter → YAML → gate model → every rule
//! → every renderer. It must never panic; every span must lie within the bytes read and on
//! character boundaries of the display text; the JSON output must parse; no text output (human,
//! concise, github, the terminal preview) may hold a raw control character (see
//! `render::escape`), and none may hold a line a CI runner reads as a workflow command (the
//! github format's own annotations aside).

#![no_main]

use clap::ValueEnum;
use gatelint::preview::{self, Form, PreviewFormat};
use gatelint::render::escape::{forges_command, has_raw_control};
use gatelint::render::{self, Format, RenderOptions};
use gatelint::{read, Checked, Settings};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let prefix = read::prefix_of(bytes);
    let checked = Checked::new("README.md".into(), &prefix, &Settings::default());
    for f in &checked.findings {
        assert!(f.span.start <= f.span.end && f.span.end <= prefix.bytes.len());
        assert!(checked.text.is_char_boundary(f.span.start));
        assert!(checked.text.is_char_boundary(f.span.end));
    }
    let formats = Format::value_variants().iter().chain([&Format::Statistics]);
    for format in formats {
        let chunk = render::file(*format, &checked, &RenderOptions::default());
        let mut out = Vec::new();
        render::write(*format, &[chunk], &mut out).expect("writing to memory");
        if matches!(format, Format::Json | Format::Sarif | Format::Gitlab) {
            let parsed: serde_json::Value = serde_json::from_slice(&out).expect("JSON output");
            if *format == Format::Json {
                assert_eq!(parsed.as_array().map(Vec::len), Some(checked.findings.len()));
            }
        }
        if matches!(format, Format::Human | Format::Concise | Format::Github) {
            let text = String::from_utf8(out).expect("text output is UTF-8");
            assert!(!has_raw_control(&text), "{format:?}: raw control character");
            if *format == Format::Github {
                assert!(text.lines().all(|l| l.starts_with("::") && !l.contains("##[")));
            } else {
                assert!(!forges_command(&text), "{format:?}: a workflow command");
            }
        }
    }
    let form = Form::build("README.md", &prefix, None);
    let text = preview::render(&form, PreviewFormat::Terminal);
    assert!(!has_raw_control(&text), "preview: raw control character");
    assert!(!forges_command(&text), "preview: a workflow command");
});
