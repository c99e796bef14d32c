//! YAML documents nobody wrote by hand, for differential tests against the Hub's parser
//! (`tests/differential.rs` compares gatelint with js-yaml 4 on them; a PyYAML comparison can
//! take the same documents).
//!
//! Two sources, both deterministic by seed:
//! - [`generate`]: a grammar over gate metadata: the `extra_gated_*` keys, fields in the short
//!   and mapping forms, options as strings and `{label, value}`, every scalar style (plain,
//!   quoted with escapes, literal and folded with chomping and indentation indicators), flow
//!   collections, anchors, aliases and merge keys, tags, comments, tabs, odd indentation,
//!   document markers and directives, Unicode, and plain scalars that look like numbers, dates,
//!   booleans or null;
//! - [`mutate`]: byte-level and line-level mutations of a seed text (the front matter of the
//!   fixtures, the parity cases, the preview cards, or a generated document).
//!
//! Every document is valid UTF-8; none holds a line that would close the front matter (see
//! [`closes_front_matter`]), so the card `---\n{doc}\n---\n` carries exactly the document.

#![allow(dead_code)]

use std::path::Path;

/// A small, fast, seedable generator (SplitMix64): the same seed gives the same documents on
/// every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

/// Whether `line` would end the front matter it sits in: `---` followed only by spaces and tabs
/// (HUB.md §1). Such a document would not reach the YAML parser whole.
pub fn closes_front_matter(line: &str) -> bool {
    line.strip_prefix("---").is_some_and(|rest| {
        rest.trim_end_matches('\r')
            .chars()
            .all(|c| c == ' ' || c == '\t')
    })
}

/// Replaces every line that would close the front matter by `--- x` (still a document marker,
/// no longer a fence), so the card carries the whole document.
pub fn keep_in_front_matter(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if closes_front_matter(body) {
            out.push_str("--- x");
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A seed text for [`mutate`], named by its path below the crate's root.
pub struct Seed {
    pub name: String,
    pub text: String,
}

/// The seed texts for [`mutate`]: the front matter of every card under `fixtures/` and
/// `tests/preview-cards/`, and every parity case; sorted by path.
pub fn seeds(root: &Path) -> Vec<Seed> {
    let mut paths = Vec::new();
    for (dir, ext) in [
        ("fixtures", "md"),
        ("tests/preview-cards", "md"),
        ("tests/parity/cases", "yaml"),
    ] {
        collect(&root.join(dir), ext, &mut paths);
    }
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // the invalid-UTF-8 fixtures
        };
        let name = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        if path.extension().is_some_and(|e| e == "yaml") {
            out.push(Seed { name, text });
        } else if let Some(yaml) = front_matter(&text) {
            out.push(Seed {
                name,
                text: yaml.to_owned(),
            });
        }
    }
    out
}

fn collect(dir: &Path, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

/// The text between a card's opening `---` line and its closing fence (a simple reading of
/// HUB.md §1, good enough to pick seeds: the tests locate front matter with gatelint's own).
fn front_matter(card: &str) -> Option<&str> {
    let body = card.trim_start_matches([' ', '\t', '\r', '\n', '\u{feff}']);
    let rest = body
        .strip_prefix("---\r\n")
        .or_else(|| body.strip_prefix("---\n"))?;
    let mut at = 0;
    for line in rest.split_inclusive('\n') {
        if closes_front_matter(line.trim_end_matches('\n')) {
            return rest.get(..at);
        }
        at += line.len();
    }
    None
}

/// Document `index` of the run with `seed`: generated or mutated (a seed text or a generated
/// document, mutated one to four times), about half each.
///
/// A document depends only on `(seed, index)` and, when it mutates a seed text, on that text and
/// its name: the seed text is chosen by rendezvous hashing (the one whose name hashes lowest with
/// the document's draw), so adding a fixture or a parity case gives the new text the documents it
/// wins (about one in `seeds.len()` of the mutated ones) and leaves every other document as it
/// was. A global draw over the sorted list would reshuffle them all.
pub fn document(seed: u64, index: u64, seeds: &[Seed]) -> String {
    let mut rng = Rng::new(seed.wrapping_mul(0x100_0000_01B3) ^ index);
    let text = match rng.below(4) {
        0 | 1 => generate(&mut rng),
        2 if !seeds.is_empty() => {
            let draw = rng.next_u64();
            let base = seeds
                .iter()
                .min_by_key(|s| (Rng::new(draw ^ fnv1a(&s.name)).next_u64(), &s.name))
                .map(|s| s.text.as_str())
                .unwrap_or_default();
            mutate(&mut rng, base)
        }
        _ => {
            let base = generate(&mut rng);
            mutate(&mut rng, &base)
        }
    };
    keep_in_front_matter(&text)
}

/// FNV-1a, 64 bits: a stable hash of a seed text's name.
fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

// ---------------------------------------------------------------------------------------------
// The grammar.

const GATE_TEXT_KEYS: [&str; 4] = [
    "extra_gated_prompt",
    "extra_gated_heading",
    "extra_gated_description",
    "extra_gated_button_content",
];

const TYPES: [&str; 9] = [
    "text",
    "checkbox",
    "date_picker",
    "country",
    "ip_location",
    "select",
    "Text",
    "text ",
    "check box",
];

const WORDS: [&str; 40] = [
    "Name",
    "Affiliation",
    "Country",
    "Job title",
    "I agree to the terms",
    "Intended use",
    "Research",
    "Industry",
    "Other",
    "Academia (university, lab)",
    "yes",
    "No",
    "on",
    "off",
    "true",
    "null",
    "~",
    "2024-01-01",
    "2024-1-1",
    "2024-01-01T10:00:00Z",
    "2024-01-01 10:00:00 +02:00",
    "0x1F",
    "007",
    "+5",
    "1e3",
    ".inf",
    "-.5",
    "1_000",
    "12:30",
    "Éducation",
    "研究",
    "🙂 consent",
    "a\u{a0}b",
    "zero\u{200b}width",
    "I accept: the licence",
    "50% off",
    "<b>bold</b> & [link](https://x.y)",
    "C:\\path",
    "it's",
    "say \"hi\"",
];

/// A whole generated document.
pub fn generate(rng: &mut Rng) -> String {
    let mut g = Gen {
        rng: rng.clone(),
        out: String::new(),
        anchors: Vec::new(),
        indent_step: rng.pick(&[2, 2, 2, 4, 1, 3]),
    };
    g.document();
    *rng = g.rng;
    g.out
}

struct Gen {
    rng: Rng,
    out: String,
    /// Anchors defined so far, with whether each names a mapping.
    anchors: Vec<(String, bool)>,
    indent_step: usize,
}

impl Gen {
    fn document(&mut self) {
        let r = &mut self.rng;
        if r.chance(4) {
            self.out.push_str(r.pick(&[
                "%YAML 1.2\n",
                "%YAML 1.1\n",
                "%TAG !e! tag:example.com,2000:\n",
            ]));
            self.out.push_str("--- \n");
        } else if r.chance(6) {
            let start = r.pick(&[
                "--- \n",
                "--- # doc\n",
                "---\t\n",
                "--- !!map\n",
                "--- a: 1\n",
                "---a: 1\n",
                "\t---\n",
                "--- >\n  text\n",
            ]);
            self.out.push_str(start);
        }
        if self.rng.chance(10) {
            self.comment_line(0);
        }
        let mut keys: Vec<&str> = Vec::new();
        let n = self.rng.below(7) + 1;
        for _ in 0..n {
            let key = match self.rng.below(12) {
                0..=4 => self.rng.pick(&GATE_TEXT_KEYS),
                5..=7 => "extra_gated_fields",
                8 => "extra_gated_eu_disallowed",
                9 => "gated",
                _ => self.rng.pick(&[
                    "license",
                    "tags",
                    "language",
                    "base_model",
                    "dataset_info",
                    "<<",
                ]),
            };
            if keys.contains(&key) && !self.rng.chance(5) {
                continue;
            }
            keys.push(key);
            self.top_entry(key);
        }
        let r = &mut self.rng;
        if r.chance(4) {
            self.out.push_str(r.pick(&[
                "...\n",
                "... # end\n",
                "...\nextra_gated_prompt: after\n",
                "...\n---\nb: 1\n",
                "...x\n",
                "\t...\n",
            ]));
        }
        if self.rng.chance(10) {
            self.comment_line(0);
        }
        if self.rng.chance(8) {
            // No final line break, or a CRLF document.
            if self.rng.chance(50) {
                while self.out.ends_with('\n') {
                    self.out.pop();
                }
            } else {
                self.out = self.out.replace('\n', "\r\n");
            }
        }
    }

    fn comment_line(&mut self, indent: usize) {
        self.pad(indent);
        let c = self
            .rng
            .pick(&["# a comment", "#", "# extra_gated_fields:", "#\ttab"]);
        self.out.push_str(c);
        self.out.push('\n');
    }

    fn pad(&mut self, indent: usize) {
        for _ in 0..indent {
            self.out.push(' ');
        }
    }

    /// Whitespace before a key at the top level: almost always none.
    fn top_lead(&mut self) {
        if self.rng.chance(3) {
            let lead = self.rng.pick(&["\t", " \t", "\t ", " "]);
            self.out.push_str(lead);
        }
    }

    fn key(&mut self, key: &str) {
        let r = &mut self.rng;
        match r.below(20) {
            0 => {
                self.out.push('"');
                self.out.push_str(key);
                self.out.push('"');
            }
            1 => {
                self.out.push('\'');
                self.out.push_str(key);
                self.out.push('\'');
            }
            2 => {
                self.out.push_str("? ");
                self.out.push_str(key);
                self.out.push('\n');
            }
            _ => self.out.push_str(key),
        }
        self.sep();
    }

    /// The `:` after a key, with what may follow it on the line.
    fn sep(&mut self) {
        let sep = self.rng.pick(&[":", ":", ":", ":", ":\t", " :", ":  "]);
        self.out.push_str(sep);
    }

    fn top_entry(&mut self, key: &str) {
        self.top_lead();
        if key == "<<" {
            self.out.push_str("<<:");
            match self.anchors.iter().find(|(_, map)| *map).cloned() {
                Some((name, _)) if self.rng.chance(80) => {
                    self.out.push_str(" *");
                    self.out.push_str(&name);
                    self.out.push('\n');
                }
                _ => {
                    let base = self.rng.pick(&[
                        " {extra_gated_heading: Merged}\n",
                        " [{a: 1}, {b: 2}]\n",
                        " 1\n",
                        "\n",
                    ]);
                    self.out.push_str(base);
                }
            }
            return;
        }
        self.key(key);
        match key {
            "extra_gated_fields" => self.fields(),
            "extra_gated_eu_disallowed" | "gated" => {
                let v = self.rng.pick(&[
                    "true",
                    "false",
                    "yes",
                    "'true'",
                    "on",
                    "auto",
                    "manual",
                    "True",
                    "~",
                    "!!bool true",
                    "!!str true",
                    "1",
                ]);
                self.out.push(' ');
                self.out.push_str(v);
                self.trailing();
            }
            "tags" | "language" => {
                if self.rng.chance(50) {
                    self.out.push_str(" [en, fr]\n");
                } else {
                    self.out.push('\n');
                    let indent = self.indent_step * usize::from(self.rng.chance(60));
                    self.seq_items(indent, &["en", "- nested", "fr"]);
                }
            }
            "dataset_info" => {
                self.out.push('\n');
                let i = self.indent_step;
                self.pad(i);
                self.out.push_str("features:\n");
                self.pad(i * 2);
                self.out.push_str("- name: text\n");
                if self.rng.chance(30) {
                    self.pad(i);
                    self.out.push_str("extra_gated_prompt: nested\n");
                }
            }
            _ => self.scalar_value(0, true),
        }
    }

    fn trailing(&mut self) {
        if self.rng.chance(10) {
            let c = self
                .rng
                .pick(&[" # note", "\t# tab comment", " #", "# no space"]);
            self.out.push_str(c);
        }
        self.out.push('\n');
    }

    fn seq_items(&mut self, indent: usize, items: &[&str]) {
        for item in items {
            self.pad(indent);
            self.out.push_str("- ");
            self.out.push_str(item);
            self.out.push('\n');
        }
    }

    fn anchor(&mut self, map: bool) -> String {
        if self.rng.chance(8) {
            let name = format!("a{}", self.anchors.len());
            self.anchors.push((name.clone(), map));
            format!("&{name} ")
        } else {
            String::new()
        }
    }

    fn alias(&mut self) -> Option<String> {
        if self.anchors.is_empty() || !self.rng.chance(8) {
            return None;
        }
        let i = self.rng.below(self.anchors.len());
        let (name, _) = self.anchors[i].clone();
        Some(format!("*{name}"))
    }

    fn tag(&mut self) -> &'static str {
        if self.rng.chance(6) {
            self.rng.pick(&[
                "!!str ",
                "!!int ",
                "!!float ",
                "!!null ",
                "!!bool ",
                "!!binary ",
                "!!timestamp ",
                "! ",
                "!",
                "!!map ",
                "!!seq ",
                "!!set ",
                "!!omap ",
                "!custom ",
                "!e!x ",
                "!<tag:yaml.org,2002:str> ",
                "!!python/tuple ",
            ])
        } else {
            ""
        }
    }

    fn fields(&mut self) {
        let step = self.indent_step;
        if self.rng.chance(10) {
            // The flow and list forms.
            let flow = self.rng.pick(&[
                " {Name: text, Country: country}\n",
                " {Name: text, Use: {type: select, options: [a, b]}}\n",
                " {Name: text,\n  Country: country}\n",
                " []\n",
                " {}\n",
                " !!map\n",
                "\n- Name: text\n- Country: country\n",
                " ~\n",
            ]);
            self.out.push_str(flow);
            return;
        }
        let a = self.anchor(true);
        if !a.is_empty() {
            self.out.push(' ');
            self.out.push_str(a.trim_end());
        }
        self.trailing();
        let n = self.rng.below(5) + 1;
        for _ in 0..n {
            if self.rng.chance(5) {
                self.comment_line(step);
            }
            self.field(step);
        }
    }

    fn lead(&mut self, indent: usize) {
        if self.rng.chance(3) {
            let lead = self.rng.pick(&["\t", " \t", "\t ", " ", ""]);
            if lead.contains('\t') && indent > 0 {
                self.pad(indent.saturating_sub(1));
            } else {
                self.pad(indent);
            }
            self.out.push_str(lead);
        } else {
            self.pad(indent);
        }
    }

    fn field(&mut self, indent: usize) {
        self.lead(indent);
        let label = self.label();
        if self.rng.chance(8) {
            // A long label as an explicit key.
            self.out.push_str("? ");
            self.out.push_str(&label);
            self.out.push('\n');
            self.pad(indent);
            self.out.push(':');
        } else {
            self.out.push_str(&label);
            self.sep();
        }
        if let Some(alias) = self.alias() {
            self.out.push(' ');
            self.out.push_str(&alias);
            self.out.push('\n');
            return;
        }
        if self.rng.chance(55) {
            let tag = self.tag();
            let ty = self.rng.pick(&TYPES);
            self.out.push(' ');
            self.out.push_str(tag);
            self.scalar_text(ty, indent + self.indent_step);
            self.trailing();
            return;
        }
        if self.rng.chance(15) {
            let flow = self.rng.pick(&[
                " {type: select, options: [Research, Industry]}\n",
                " {type: select, options: [{label: Yes, value: y}, {label: No, value: n}]}\n",
                " {type: text}\n",
                " {type: select, options: [a, b,]}\n",
                " {type: select, options: [a\n    , b]}\n",
                " {type: checkbox, required: true}\n",
            ]);
            self.out.push_str(flow);
            return;
        }
        let a = self.anchor(true);
        let tag = self.tag();
        if !a.is_empty() || !tag.is_empty() {
            self.out.push(' ');
            self.out.push_str(&a);
            self.out.push_str(tag);
        }
        self.out.push('\n');
        let inner = indent + self.indent_step;
        if let Some(name) = self
            .anchors
            .iter()
            .find(|(_, m)| *m)
            .map(|(n, _)| n.clone())
        {
            if self.rng.chance(15) {
                self.pad(inner);
                self.out.push_str("<<: *");
                self.out.push_str(&name);
                self.out.push('\n');
            }
        }
        self.lead(inner);
        self.out
            .push_str(self.rng.pick(&["type", "type", "type", "Type", "\"type\""]));
        self.sep();
        self.out.push(' ');
        let ty = self.rng.pick(&TYPES);
        self.scalar_text(ty, inner + 1);
        self.trailing();
        if self.rng.chance(70) {
            self.lead(inner);
            self.out
                .push_str(self.rng.pick(&["options", "options", "option"]));
            self.sep();
            self.options(inner);
        }
        if self.rng.chance(10) {
            self.pad(inner);
            self.out.push_str(self.rng.pick(&[
                "required: true\n",
                "geo: ip_location\n",
                "description: x\n",
            ]));
        }
    }

    fn options(&mut self, indent: usize) {
        if let Some(alias) = self.alias() {
            self.out.push(' ');
            self.out.push_str(&alias);
            self.out.push('\n');
            return;
        }
        let n = self.rng.below(4) + 1;
        if self.rng.chance(35) {
            let a = self.anchor(false);
            self.out.push(' ');
            self.out.push_str(&a);
            self.out.push('[');
            for i in 0..n {
                if i > 0 {
                    self.out
                        .push_str(self.rng.pick(&[", ", ",", ", ", ",\n  "]));
                }
                if self.rng.chance(20) {
                    self.out.push_str("{label: ");
                    let w = self.word();
                    self.flow_scalar(&w);
                    self.out.push_str(", value: ");
                    let w = self.word();
                    self.flow_scalar(&w);
                    self.out.push('}');
                } else {
                    let w = self.word();
                    self.flow_scalar(&w);
                }
            }
            if self.rng.chance(5) {
                self.out.push(',');
            }
            self.out.push_str("]\n");
            return;
        }
        let a = self.anchor(false);
        if !a.is_empty() {
            self.out.push(' ');
            self.out.push_str(a.trim_end());
        }
        self.out.push('\n');
        let item_indent = if self.rng.chance(40) {
            indent
        } else {
            indent + self.indent_step
        };
        for _ in 0..n {
            self.lead(item_indent);
            self.out.push_str("- ");
            if self.rng.chance(25) {
                self.out.push_str("label: ");
                let w = self.word();
                self.scalar_text(&w, item_indent + 2);
                self.out.push('\n');
                self.pad(item_indent + 2);
                self.out.push_str("value: ");
                let w = self.word();
                self.scalar_text(&w, item_indent + 2);
                self.trailing();
            } else {
                let tag = self.tag();
                self.out.push_str(tag);
                let w = self.word();
                self.scalar_text(&w, item_indent + 2);
                self.trailing();
            }
        }
    }

    fn word(&mut self) -> String {
        let mut w = self.rng.pick(&WORDS).to_string();
        if self.rng.chance(10) {
            w.push(' ');
            w.push_str(self.rng.pick(&WORDS));
        }
        w
    }

    fn label(&mut self) -> String {
        let w = self.word();
        let r = &mut self.rng;
        match r.below(10) {
            0 => format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\"")),
            1 => format!("'{}'", w.replace('\'', "''")),
            _ => w,
        }
    }

    /// A scalar in flow context, quoted when the word needs it (or at random).
    fn flow_scalar(&mut self, w: &str) {
        if self.rng.chance(60) {
            self.out.push_str(w);
        } else if self.rng.chance(50) {
            self.out.push('\'');
            self.out.push_str(&w.replace('\'', "''"));
            self.out.push('\'');
        } else {
            self.out.push('"');
            self.out
                .push_str(&w.replace('\\', "\\\\").replace('"', "\\\""));
            self.out.push('"');
        }
    }

    /// A value after `key:` on its line (the line break included).
    fn scalar_value(&mut self, indent: usize, top: bool) {
        let _ = top;
        let inner = indent + self.indent_step;
        if let Some(alias) = self.alias() {
            self.out.push(' ');
            self.out.push_str(&alias);
            self.out.push('\n');
            return;
        }
        let a = self.anchor(false);
        let tag = self.tag();
        let text = self.text();
        match self.rng.below(10) {
            0..=2 => {
                // A block scalar.
                let header = self.rng.pick(&[
                    "|", ">", "|-", ">-", "|+", ">+", "|2", ">1-", "|-2", "| # c", "|\t",
                ]);
                self.out.push(' ');
                self.out.push_str(&a);
                self.out.push_str(tag);
                self.out.push_str(header);
                self.out.push('\n');
                let lines = self.rng.below(4) + 1;
                for i in 0..lines {
                    match self.rng.below(12) {
                        0 => self.out.push('\n'),
                        1 => {
                            self.pad(inner + 2);
                            self.out.push_str("more indented\n");
                        }
                        2 => {
                            self.pad(inner);
                            self.out.push_str("\tafter a tab\n");
                        }
                        3 if i > 0 => {
                            self.out.push_str("extra_gated_fields:\n");
                        }
                        _ => {
                            self.pad(inner);
                            let t = self.text();
                            self.out.push_str(&t);
                            self.out.push('\n');
                        }
                    }
                }
                if self.rng.chance(10) {
                    self.pad(inner);
                    self.out.push_str("  \n");
                }
            }
            _ => {
                self.out.push(' ');
                self.out.push_str(&a);
                self.out.push_str(tag);
                self.scalar_text(&text, inner);
                self.trailing();
            }
        }
    }

    fn text(&mut self) -> String {
        let r = &mut self.rng;
        let mut t = match r.below(6) {
            0 => "Please fill in the form below.".to_string(),
            1 => "By clicking Submit you agree to the [licence](https://example.com).".to_string(),
            2 => "<p>Access is <b>manual</b></p>".to_string(),
            3 => "Accès réservé — 仅限研究 🙂".to_string(),
            _ => self.word(),
        };
        if self.rng.chance(10) {
            t.push_str(self.rng.pick(&[
                ": colon",
                " #hash",
                " # comment?",
                "\ttab",
                " ",
                "'",
                "\"",
            ]));
        }
        t
    }

    /// `text` written in a random style on the current line; continuation lines get `cont` spaces.
    fn scalar_text(&mut self, text: &str, cont: usize) {
        match self.rng.below(14) {
            0..=1 => {
                self.out.push('\'');
                let t = text.replace('\'', "''");
                if self.rng.chance(15) {
                    // Folded over two lines.
                    let (a, b) = split_at_space(&t);
                    self.out.push_str(a);
                    self.out.push('\n');
                    let m = self.multi_cont(cont);
                    self.pad(m);
                    self.out.push_str(b);
                } else {
                    self.out.push_str(&t);
                }
                self.out.push('\'');
            }
            2..=3 => {
                self.out.push('"');
                let mut t = text.replace('\\', "\\\\").replace('"', "\\\"");
                if self.rng.chance(20) {
                    let esc = self.rng.pick(&[
                        "\\n",
                        "\\t",
                        "\\x41",
                        "\\u00e9",
                        "\\U0001F642",
                        "\\N",
                        "\\_",
                        "\\L",
                        "\\P",
                        "\\e",
                        "\\/",
                        "\\q",
                        "\\x4",
                        "\\ud800",
                        "\\\n  ",
                    ]);
                    t.push_str(esc);
                }
                if self.rng.chance(15) {
                    let (a, b) = split_at_space(&t);
                    let (a, b) = (a.to_string(), b.to_string());
                    self.out.push_str(&a);
                    self.out.push('\n');
                    if self.rng.chance(30) {
                        self.out.push('\n');
                    }
                    let m = self.multi_cont(cont);
                    self.pad(m);
                    self.out.push_str(&b);
                } else {
                    self.out.push_str(&t);
                }
                self.out.push('"');
            }
            4 if cont > 0 => {
                // A plain scalar over two lines.
                let (a, b) = split_at_space(text);
                let (a, b) = (a.to_string(), b.to_string());
                self.out.push_str(&a);
                self.out.push('\n');
                let m = self.multi_cont(cont);
                self.pad(m);
                self.out.push_str(&b);
            }
            5 => {
                // A flow collection as the value.
                self.out.push_str(self.rng.pick(&["[", "{"]));
                self.out.push_str(text);
                self.out
                    .push_str(self.rng.pick(&["]", "}", ": x}", ", b]"]));
            }
            _ => self.out.push_str(text),
        }
    }

    /// The indentation of a scalar's continuation line: usually enough, sometimes not.
    fn multi_cont(&mut self, cont: usize) -> usize {
        match self.rng.below(10) {
            0 => cont.saturating_sub(1),
            1 => 0,
            2 => cont + 3,
            _ => cont,
        }
    }
}

fn split_at_space(t: &str) -> (&str, &str) {
    match t.find(' ') {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, "continued"),
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations.

/// Bytes and short strings a byte-level mutation inserts.
const PIECES: [&str; 34] = [
    " ", "  ", "\t", "\n", ":", ": ", "-", "- ", "#", " #", "\"", "'", "[", "]", "{", "}", ",",
    "&a ", "*a", "!", "!!", "|", ">", "?", "? ", "%", "@", "`", "\\", "é", "\u{a0}", "\u{feff}",
    "\r\n", "...",
];

/// Lines a line-level mutation inserts.
const LINES: [&str; 16] = [
    "...",
    "--- x",
    "---a: 1",
    "\t---",
    "# comment",
    "",
    "  ",
    "\t",
    "\textra_gated_fields:",
    "extra_gated_prompt: x",
    "  - item",
    "? key",
    ": value",
    "%YAML 1.2",
    "<<: {a: 1}",
    "a: &x 1",
];

/// `base` mutated one to four times, byte-level or line-level.
pub fn mutate(rng: &mut Rng, base: &str) -> String {
    let mut text = base.to_owned();
    let n = rng.below(4) + 1;
    for _ in 0..n {
        text = if rng.chance(50) {
            mutate_bytes(rng, &text)
        } else {
            mutate_lines(rng, &text)
        };
    }
    text
}

/// A character boundary of `text`, at random.
fn boundary(rng: &mut Rng, text: &str) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate_bytes(rng: &mut Rng, text: &str) -> String {
    let at = boundary(rng, text);
    let next = text[at..].chars().next().map_or(0, char::len_utf8);
    let mut out = String::with_capacity(text.len() + 4);
    out.push_str(&text[..at]);
    match rng.below(5) {
        // Insert.
        0 | 1 => {
            out.push_str(rng.pick(&PIECES));
            out.push_str(&text[at..]);
        }
        // Delete a character.
        2 => out.push_str(&text[at + next..]),
        // Replace a character.
        3 => {
            out.push_str(rng.pick(&PIECES));
            out.push_str(&text[at + next..]);
        }
        // Duplicate a character.
        _ => {
            out.push_str(&text[at..at + next]);
            out.push_str(&text[at..]);
        }
    }
    out
}

fn mutate_lines(rng: &mut Rng, text: &str) -> String {
    let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
    let i = rng.below(lines.len());
    match rng.below(8) {
        0 => {
            lines.remove(i);
        }
        1 => {
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        2 => {
            let j = rng.below(lines.len());
            lines.swap(i, j);
        }
        3 => {
            let lead = rng.pick(&[" ", "  ", "\t", " \t", "\t "]);
            lines[i].insert_str(0, lead);
        }
        4 => {
            let line = &lines[i];
            let cut = line.len() - line.trim_start_matches([' ', '\t']).len();
            let keep = rng.below(cut + 1);
            lines[i] = format!("{}{}", &line[..keep], &line[cut..]);
        }
        5 => {
            // Move a line to the other end of the text.
            let line = lines.remove(i);
            if rng.chance(50) {
                lines.insert(0, line);
            } else {
                lines.push(line);
            }
        }
        _ => {
            let line = rng.pick(&LINES).to_string();
            lines.insert(i, line);
        }
    }
    lines.join("\n")
}
