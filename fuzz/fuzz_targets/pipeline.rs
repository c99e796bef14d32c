//! The whole pipeline on arbitrary bytes: read → front matter → YAML → gate model → every rule
//! → every renderer. It must never panic; every span must lie within the bytes read and on
//! character boundaries of the display text; the JSON output must parse.

#![no_main]

use clap::ValueEnum;
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
    }
});
