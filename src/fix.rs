//! Applying fixes: `gatelint check --fix` and `--diff`.
//!
//! A fix is a list of byte-range edits to the original text (see [`Fix`]). [`fix`] lints, applies
//! every fix whose edits overlap no edit already taken, and lints again, until no fix applies, so
//! that fixing a fixed card changes nothing. Everything outside the edits stays byte for byte; an
//! edit's line breaks follow the file's (CRLF stays CRLF). A card whose front matter has a
//! `yaml-syntax-error` or a `duplicate-key` is never touched: the tree the fixes were computed from
//! is not the one the Hub would see. A round whose edits would break the YAML is undone, and its
//! fixes are then tried one at a time, keeping those that break nothing.
//!
//! [`run`] is the command line's driver: it reads each card up to its closing fence (as `check`
//! does), fixes those bytes, and writes the fixed bytes followed by the rest of the original file,
//! copied unread, through a temporary file in the same directory (fsync, then rename), with the
//! original's permissions.

use std::collections::HashSet;
use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::Path;

use rayon::prelude::*;

use crate::error::Error;
use crate::finding::{Edit, Finding, Fix};
use crate::read::{self, Prefix};
use crate::rule::Rule;
use crate::settings::Settings;
use crate::{discover, lint_prefix, render, Checked, Input, RunOptions, Severity, Summary};

/// At most this many lint → fix rounds per card.
pub const MAX_ROUNDS: usize = 16;

/// Rules that make a card unfixable: the YAML tree is not what the Hub would see.
pub const BLOCKING: [Rule; 2] = [Rule::YamlSyntaxError, Rule::DuplicateKey];

/// Rules that a fix must never add to: a round that raises any of their counts is undone.
const STRUCTURAL: [Rule; 9] = [
    Rule::YamlSyntaxError,
    Rule::DuplicateKey,
    Rule::UnknownTag,
    Rule::InvalidUtf8,
    Rule::FrontMatterNotMapping,
    Rule::MissingFrontMatter,
    Rule::UnterminatedFrontMatter,
    Rule::TextBeforeFrontMatter,
    Rule::FieldsNotMapping,
];

/// One fix that was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rule: Rule,
    pub description: String,
}

/// A card after fixing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    /// The fixed bytes (the input itself when nothing applied).
    pub bytes: Vec<u8>,
    /// Every fix applied, in order.
    pub applied: Vec<Applied>,
    /// Set when the card had fixable findings but was left alone because its front matter has
    /// this rule's error.
    pub refused: Option<Rule>,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        !self.applied.is_empty()
    }
}

/// Fixes one card. `bytes` are the whole file, or what [`read::read_prefix`] read of it
/// (`at_eof` false): fixes only ever touch the front matter. Only findings of rules enabled in
/// `settings` are fixed.
pub fn fix(bytes: &[u8], at_eof: bool, settings: &Settings) -> Fixed {
    let mut prefix = Prefix {
        bytes: bytes.to_vec(),
        at_eof,
    };
    let mut applied = Vec::new();
    let mut raw = lint_prefix(&prefix);
    if let Some(rule) = raw.iter().map(|f| f.rule).find(|r| BLOCKING.contains(r)) {
        let fixable = settings.apply(raw).iter().any(|f| f.fix.is_some());
        return Fixed {
            bytes: prefix.bytes,
            applied,
            refused: fixable.then_some(rule),
        };
    }
    // Fixes that broke the YAML once, never tried again.
    let mut unsound: HashSet<(Rule, String)> = HashSet::new();
    for _ in 0..MAX_ROUNDS {
        let findings = settings.apply(raw.clone());
        let candidates: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.fix.is_some() && !unsound.contains(&key(f)))
            .collect();
        let chosen = non_overlapping(&candidates, prefix.bytes.len());
        if chosen.is_empty() {
            break;
        }
        let crlf = uses_crlf(&prefix.bytes);
        let batch = apply(&prefix.bytes, chosen.iter().map(|(_, f)| *f), crlf);
        let batch_raw = lint_prefix(&Prefix {
            bytes: batch.clone(),
            at_eof,
        });
        if sound(&raw, &batch_raw) {
            applied.extend(chosen.iter().map(|(f, fix)| Applied {
                rule: f.rule,
                description: fix.description.clone(),
            }));
            prefix.bytes = batch;
            raw = batch_raw;
            continue;
        }
        // One of the fixes breaks the YAML: keep the first that breaks nothing alone, mark the
        // ones that do, and lint again.
        let mut progressed = false;
        for (finding, fix) in &chosen {
            let one = apply(&prefix.bytes, std::iter::once(*fix), crlf);
            let one_raw = lint_prefix(&Prefix {
                bytes: one.clone(),
                at_eof,
            });
            if sound(&raw, &one_raw) {
                applied.push(Applied {
                    rule: finding.rule,
                    description: fix.description.clone(),
                });
                prefix.bytes = one;
                raw = one_raw;
                progressed = true;
                break;
            }
            unsound.insert(key(finding));
        }
        if !progressed {
            break;
        }
    }
    Fixed {
        bytes: prefix.bytes,
        applied,
        refused: None,
    }
}

fn key(finding: &Finding) -> (Rule, String) {
    let description = finding
        .fix
        .as_ref()
        .map(|f| f.description.clone())
        .unwrap_or_default();
    (finding.rule, description)
}

/// True when `after` has no more structural findings than `before`, rule by rule.
fn sound(before: &[Finding], after: &[Finding]) -> bool {
    let count =
        |findings: &[Finding], rule: Rule| findings.iter().filter(|f| f.rule == rule).count();
    STRUCTURAL
        .iter()
        .all(|&rule| count(after, rule) <= count(before, rule))
}

/// The fixes to apply in one round, in order: each fix whole or not at all, none of its edits
/// overlapping another taken edit (nor one of its own), every edit inside the text.
fn non_overlapping<'f>(candidates: &[&'f Finding], len: usize) -> Vec<(&'f Finding, &'f Fix)> {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut chosen = Vec::new();
    for finding in candidates {
        let Some(fix) = finding.fix.as_ref() else {
            continue;
        };
        let inside = fix
            .edits
            .iter()
            .all(|e| e.span.start <= e.span.end && e.span.end <= len);
        let clash = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.iter().any(|t| overlaps(e, t))
                || fix.edits.iter().skip(i + 1).any(|other| overlaps(e, other))
        });
        if fix.edits.is_empty() || !inside || clash {
            continue;
        }
        taken.extend(fix.edits.iter());
        chosen.push((*finding, fix));
    }
    chosen
}

/// Two edits overlap when their ranges share a byte, or when they start at the same offset (two
/// insertions there would have no defined order).
fn overlaps(a: &Edit, b: &Edit) -> bool {
    (a.span.start < b.span.end && b.span.start < a.span.end) || a.span.start == b.span.start
}

/// True when the file's first line break is `\r\n`.
pub fn uses_crlf(bytes: &[u8]) -> bool {
    memchr::memchr(b'\n', bytes).is_some_and(|i| i > 0 && bytes.get(i - 1) == Some(&b'\r'))
}

/// The replacement with its line breaks in the file's style.
fn with_line_endings(replacement: &str, crlf: bool) -> String {
    let lf = replacement.replace("\r\n", "\n");
    if crlf {
        lf.replace('\n', "\r\n")
    } else {
        lf
    }
}

/// Applies non-overlapping fixes' edits to `bytes`.
fn apply<'f>(bytes: &[u8], fixes: impl Iterator<Item = &'f Fix>, crlf: bool) -> Vec<u8> {
    let mut edits: Vec<&Edit> = fixes.flat_map(|f| f.edits.iter()).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut at = 0;
    for edit in edits {
        let start = edit.span.start.max(at);
        out.extend_from_slice(bytes.get(at..start).unwrap_or_default());
        out.extend_from_slice(with_line_endings(&edit.replacement, crlf).as_bytes());
        at = edit.span.end.max(start);
    }
    out.extend_from_slice(bytes.get(at..).unwrap_or_default());
    out
}

/// A unified diff of `before` → `after` for `path`, with three lines of context; empty when they
/// are equal. Text that is not UTF-8 is shown lossily.
pub fn unified_diff(path: &str, before: &[u8], after: &[u8]) -> String {
    if before == after {
        return String::new();
    }
    let before = String::from_utf8_lossy(before);
    let after = String::from_utf8_lossy(after);
    similar::TextDiff::from_lines(before.as_ref(), after.as_ref())
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// What `--fix` does with the fixed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write the fixed files (standard input: print the fixed text).
    Write,
    /// Print a unified diff; change nothing.
    Diff,
}

/// What a fixing run did, besides the [`Summary`] of what is left.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The findings left (or that would be left, with `--diff`).
    pub summary: Summary,
    /// Each changed file, with the fixes applied (or that would be).
    pub fixed: Vec<(String, Vec<Applied>)>,
    /// Files left alone, with the rule that blocked them.
    pub refused: Vec<(String, Rule)>,
}

impl Outcome {
    pub fn fixes(&self) -> usize {
        self.fixed.iter().map(|(_, a)| a.len()).sum()
    }
}

/// One file's part of a run.
struct FileResult {
    checked: Checked,
    fixed: Fixed,
    /// The unified diff (`Mode::Diff`).
    diff: String,
}

/// Fixes every card of `input`. Paths: with [`Mode::Write`] each changed file is rewritten and
/// the report of what is left goes to `out`; with [`Mode::Diff`] the diffs go to `out` and
/// nothing is written. Standard input: with [`Mode::Write`] the fixed text goes to `out` and the
/// report to `err`; with [`Mode::Diff`] the diff goes to `out`.
pub fn run(
    input: &Input,
    options: &RunOptions,
    mode: Mode,
    out: &mut dyn Write,
    err: &mut dyn Write,
    on_error: &mut dyn FnMut(&Error),
) -> Result<Outcome, Error> {
    let results: Vec<Result<FileResult, Error>> = match input {
        Input::Stdin(name) => {
            let mut bytes = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Read {
                    path: name.clone(),
                    source,
                })?;
            let fixed = fix(&bytes, true, &options.settings);
            let result = finish(name.clone(), &bytes, true, fixed, options, mode);
            if mode == Mode::Write {
                out.write_all(&result.fixed.bytes).map_err(Error::Write)?;
            }
            vec![Ok(result)]
        }
        Input::Paths(paths) => {
            let discovered = discover::discover_with(paths, &options.discover);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads)
                .build()
                .map_err(|e| {
                    Error::Usage(format!("cannot start {} threads: {e}", options.threads))
                })?;
            let results = pool.install(|| {
                discovered
                    .into_par_iter()
                    .map(|item| {
                        let card = item?;
                        let result = fix_file(&card.path, &card.display, options, mode);
                        options.discover.tick();
                        result
                    })
                    .collect()
            });
            options.discover.finish();
            results
        }
    };
    let mut outcome = Outcome::default();
    let mut chunks = Vec::new();
    let mut diffs = String::new();
    for item in results {
        let result = match item {
            Ok(result) => result,
            Err(e) => {
                outcome.summary.tool_errors += 1;
                on_error(&e);
                continue;
            }
        };
        let file = &result.checked;
        let summary = &mut outcome.summary;
        summary.files += 1;
        summary.errors += file.count(Severity::Error);
        summary.warnings += file.count(Severity::Warning);
        summary.infos += file.count(Severity::Info);
        if result.fixed.changed() {
            outcome
                .fixed
                .push((file.path.clone(), result.fixed.applied.clone()));
        }
        if let Some(rule) = result.fixed.refused {
            outcome.refused.push((file.path.clone(), rule));
        }
        diffs.push_str(&result.diff);
        if !file.findings.is_empty() {
            chunks.push(render::file(options.format, file, &options.render));
        }
    }
    match (mode, input) {
        (Mode::Diff, _) => out
            .write_all(diffs.as_bytes())
            .and_then(|()| out.flush())
            .map_err(Error::Write)?,
        (Mode::Write, Input::Stdin(_)) => {
            out.flush().map_err(Error::Write)?;
            render::write(options.format, &chunks, err).map_err(Error::Write)?;
        }
        (Mode::Write, Input::Paths(_)) => {
            render::write(options.format, &chunks, out).map_err(Error::Write)?
        }
    }
    Ok(outcome)
}

/// Lints what is left, and diffs.
fn finish(
    path: String,
    before: &[u8],
    at_eof: bool,
    fixed: Fixed,
    options: &RunOptions,
    mode: Mode,
) -> FileResult {
    let diff = if mode == Mode::Diff && fixed.changed() {
        // Without the rest of the file, end the diff at the last whole line read.
        let cut = |b: &[u8]| -> usize {
            if at_eof {
                b.len()
            } else {
                memchr::memrchr(b'\n', b).map_or(0, |i| i + 1)
            }
        };
        let head = |b: &[u8]| b.get(..cut(b)).unwrap_or_default().to_vec();
        unified_diff(&path, &head(before), &head(&fixed.bytes))
    } else {
        String::new()
    };
    let prefix = Prefix {
        bytes: fixed.bytes.clone(),
        at_eof,
    };
    let checked = Checked::new(path, &prefix, &options.settings);
    FileResult {
        checked,
        fixed,
        diff,
    }
}

/// Reads one card up to its closing fence, fixes it, and (with [`Mode::Write`]) rewrites it.
fn fix_file(
    path: &Path,
    shown: &str,
    options: &RunOptions,
    mode: Mode,
) -> Result<FileResult, Error> {
    let read_error = |source: io::Error| Error::Read {
        path: shown.to_owned(),
        source,
    };
    let mut file = File::open(path).map_err(read_error)?;
    let meta = file.metadata().map_err(read_error)?;
    if !meta.is_file() {
        return Err(Error::NotAFile {
            path: shown.to_owned(),
            kind: "not a regular file",
        });
    }
    // `read_prefix` reads exactly `prefix.bytes.len()` bytes, so `file` is left just after them.
    let prefix = read::read_prefix(&mut file).map_err(read_error)?;
    let fixed = fix(&prefix.bytes, prefix.at_eof, &options.settings);
    if mode == Mode::Write && fixed.changed() {
        write_atomic(path, &fixed.bytes, &mut file, &meta).map_err(|source| Error::WriteFile {
            path: shown.to_owned(),
            source,
        })?;
    }
    Ok(finish(
        shown.to_owned(),
        &prefix.bytes,
        prefix.at_eof,
        fixed,
        options,
        mode,
    ))
}

/// Replaces the file at `path` (through a symlink, its target) with `head` followed by the rest
/// of `rest`: a temporary file in the same directory, the original's permissions, fsync, rename.
fn write_atomic(path: &Path, head: &[u8], rest: &mut File, meta: &fs::Metadata) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let dir = target
        .parent()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no parent directory"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".gatelint-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    {
        let mut writer = io::BufWriter::new(tmp.as_file_mut());
        writer.write_all(head)?;
        io::copy(rest, &mut writer)?;
        writer.flush()?;
    }
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    // The rename is durable once the directory is synced; not every platform can open one.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            span: Span::new(start, end),
            replacement: text.into(),
        }
    }

    #[test]
    fn overlapping_and_same_point_edits_clash() {
        assert!(overlaps(&edit(0, 3, ""), &edit(2, 4, "")));
        assert!(overlaps(&edit(2, 2, "a"), &edit(2, 2, "b")));
        assert!(!overlaps(&edit(0, 3, ""), &edit(3, 4, "")));
    }

    #[test]
    fn replacements_follow_the_file_line_endings() {
        assert_eq!(with_line_endings("a\nb\r\nc", true), "a\r\nb\r\nc");
        assert_eq!(with_line_endings("a\nb\r\nc", false), "a\nb\nc");
        assert!(uses_crlf(b"---\r\na: 1\n"));
        assert!(!uses_crlf(b"---\na: 1\r\n"));
    }

    #[test]
    fn edits_keep_everything_else() {
        let fix = Fix {
            description: String::new(),
            edits: vec![edit(5, 6, "x\ny"), edit(0, 0, "<")],
        };
        assert_eq!(
            apply(b"abc\r\ndef", std::iter::once(&fix), true),
            b"<abc\r\nx\r\nyef"
        );
    }

    #[test]
    fn a_syntax_error_blocks_every_fix() {
        let card = "\u{FEFF}---\na: [\n---\n";
        let fixed = fix(card.as_bytes(), true, &Settings::default());
        assert!(!fixed.changed());
        assert_eq!(fixed.bytes, card.as_bytes());
        assert_eq!(fixed.refused, Some(Rule::YamlSyntaxError));
    }

    #[test]
    fn fixes_the_bom_and_the_closing_fence_together() {
        let card = "\u{FEFF}---\r\nlicense: mit\r\n---  \r\nbody\r\n";
        let fixed = fix(card.as_bytes(), true, &Settings::default());
        assert_eq!(fixed.bytes, b"---\r\nlicense: mit\r\n---\r\nbody\r\n");
        assert_eq!(fixed.applied.len(), 2);
    }
}
