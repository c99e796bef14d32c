//! The per-card pipeline (read → front matter → YAML → gate model → rules), through `lint_bytes`,
//! on a few representative cards: `cargo bench --bench pipeline`. Whole-corpus numbers, against
//! `cat` and the Python peer, come from `scripts/bench.sh`.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use gatelint::{lint_bytes, Settings};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/fixtures/cards/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A card with a large front matter (a long `model-index`, as leaderboard cards have) before a
/// Llama-style gate, and a long Markdown body after it.
fn large() -> Vec<u8> {
    let mut card = String::from(
        "---\nlicense: llama3\nlanguage:\n- en\n- de\nmodel-index:\n- name: big\n  results:\n",
    );
    for i in 0..400 {
        card.push_str(&format!(
            "  - task:\n      type: text-generation\n    dataset:\n      name: bench-{i}\n      type: org/bench-{i}\n    metrics:\n    - type: acc\n      value: {}.{i}\n      name: \"accuracy ({i}-shot)\"\n",
            i % 100
        ));
    }
    card.push_str(concat!(
        "extra_gated_prompt: >-\n  You agree to the license and the acceptable use policy.\n",
        "extra_gated_fields:\n  First Name: text\n  Country: country\n  Date of birth: date_picker\n",
        "  Affiliation:\n    type: select\n    options:\n    - Academia\n    - label: Industry\n      value: industry\n",
        "  I agree to the terms: checkbox\n  geo: ip_location\n",
        "extra_gated_button_content: Submit\n---\n",
    ));
    for _ in 0..2000 {
        card.push_str("Some body text with a [link](https://example.com) and `code`.\n");
    }
    card.into_bytes()
}

fn pipeline(c: &mut Criterion) {
    let settings = Settings::default();
    let cards = [
        ("plain", fixture("ok-plain-card-no-gate.md")),
        ("llama-gate", fixture("ok-llama-style-gate.md")),
        ("crlf-gate", fixture("ok-crlf-gate.md")),
        ("large-front-matter", large()),
        ("broken-yaml", fixture("bad-tab-indented-field.md")),
        ("unterminated", fixture("bad-unterminated.md")),
        ("many-defects", fixture("bad-unknown-types.md")),
    ];
    let mut group = c.benchmark_group("lint_bytes");
    for (name, bytes) in &cards {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| lint_bytes(black_box(bytes), &settings))
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
