//! `.gatelint.toml`: the one nearest to each card within its repository (found by discovery, see
//! `discover.rs`), or the one named with `--config`.
//!
//! ```toml
//! select = ["unknown-field-type", "duplicate-key"]   # only these rules
//! ignore = ["country-as-text"]                        # never these
//! exclude = ["vendor/**", "mirror"]                   # globs, relative to this file's directory
//!
//! [severity]
//! unknown-gate-key = "error"                          # error, warning, info or off
//! ```
//!
//! Every mistake (TOML syntax, an unknown key, an unknown rule, a bad severity) is an
//! [`Error::Config`] that points at the bad key or value.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use miette::{NamedSource, SourceSpan};
use serde::Deserialize;
use serde_spanned::Spanned;

use crate::error::Error;
use crate::rule::{Rule, Severity};
use crate::suggest;

/// The file name looked for.
pub const FILE_NAME: &str = ".gatelint.toml";

/// What a config file says, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// The file it came from.
    pub path: PathBuf,
    pub select: Option<Vec<Rule>>,
    pub ignore: Vec<Rule>,
    /// Per-rule severity; `None` is `off`.
    pub severity: HashMap<Rule, Option<Severity>>,
    /// Globs of paths not to lint, relative to the file's directory.
    pub exclude: Vec<String>,
}

impl Config {
    /// The directory the config's globs are relative to.
    pub fn base(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    select: Option<Spanned<Vec<Spanned<String>>>>,
    ignore: Option<Spanned<Vec<Spanned<String>>>>,
    severity: Option<HashMap<Spanned<String>, Spanned<String>>>,
    exclude: Option<Vec<Spanned<String>>>,
}

const KEYS: &[&str] = &["select", "ignore", "severity", "exclude"];
const SEVERITIES: [&str; 4] = ["error", "warning", "info", "off"];

/// Reads and checks the config file named by the user (`--config PATH`). It is read as a card
/// is: a symlink is followed only when its target stays inside the file's root (the repository
/// holding it, else its directory), and only a regular file is read, never blocking, at most
/// [`crate::sys::SMALL_FILE_CAP`] bytes.
pub fn load(path: &Path) -> Result<Config, Error> {
    let read_error = |source| Error::Read {
        path: crate::sys::display(path),
        source,
    };
    let (absolute, root) = crate::sys::file_root(path).map_err(read_error)?;
    match crate::sys::read_small(&absolute, &root) {
        Ok(Some(bytes)) => parse_bytes(&absolute, &bytes),
        Ok(None) => Err(Error::NotFound {
            path: crate::sys::display(path),
        }),
        Err(source) => Err(read_error(source)),
    }
}

/// Checks the bytes of a config file read from `path` (absolute).
pub(crate) fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Config, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(path, text),
        Err(e) => Err(Error::Config {
            message: "the file is not UTF-8 text".to_owned(),
            src: std::sync::Arc::new(NamedSource::new(shown(path), String::new())),
            span: SourceSpan::from(0..0),
            help: Some(format!(
                "the first bad byte is at offset {}",
                e.valid_up_to()
            )),
        }),
    }
}

/// A config path as messages show it: relative to the current directory when below it.
pub(crate) fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    crate::sys::display(shown)
}

/// How much of the bad line a config error shows on each side of the span, in characters.
const WINDOW: usize = 60;

/// The text a config error shows: the span's line cut to [`WINDOW`] characters on each side of
/// the span (the span itself at most `2 * WINDOW`), the lines just before and after it cut to
/// `2 * WINDOW` characters, every other line empty (so that line numbers stay right); with the
/// span moved to match. A config error never echoes more of the file than this.
fn window(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let mut start = span.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_of_span = text.get(..start).map_or(0, |t| t.matches('\n').count());
    // The byte offset of character `n` of `line`, or the line's end.
    let nth = |line: &str, n: usize| line.char_indices().nth(n).map_or(line.len(), |(i, _)| i);
    let mut shown = String::new();
    let mut moved = 0..0;
    let mut line_start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            shown.push('\n');
        }
        let near = i + 1 >= line_of_span && i <= line_of_span + 1;
        if i == line_of_span {
            let at = start - line_start;
            let before = line.get(..at).unwrap_or_default();
            let from = before
                .char_indices()
                .rev()
                .nth(WINDOW.saturating_sub(1))
                .map_or(0, |(i, _)| i);
            let from = if before.chars().count() > WINDOW {
                from
            } else {
                0
            };
            let rest = line.get(at..).unwrap_or_default();
            let span_len = span.end.saturating_sub(span.start).min(rest.len());
            let span_end = at + nth(rest, 2 * WINDOW).min(span_len);
            let mut span_end = span_end.min(line.len());
            while !line.is_char_boundary(span_end) {
                span_end -= 1;
            }
            let after = line.get(span_end..).unwrap_or_default();
            let to = span_end + nth(after, WINDOW);
            if from > 0 {
                shown.push('…');
            }
            let offset = shown.len();
            shown.push_str(line.get(from..to).unwrap_or_default());
            moved = offset + at - from..offset + span_end - from;
            if to < line.len() {
                shown.push('…');
            }
        } else if near {
            let to = nth(line, 2 * WINDOW);
            shown.push_str(line.get(..to).unwrap_or_default());
            if to < line.len() {
                shown.push('…');
            }
        }
        line_start += line.len() + 1;
    }
    (shown, moved)
}

/// At most this many characters of a message from the TOML reader (which may quote a value).
const MESSAGE_CAP: usize = 200;

/// Checks the text of a config file read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
    let bad = |span: Range<usize>, message: String, help: Option<String>| {
        let (shown_text, span) = window(text, span);
        let message = if message.chars().count() > MESSAGE_CAP {
            message.chars().take(MESSAGE_CAP).chain(['…']).collect()
        } else {
            message
        };
        Error::Config {
            message,
            src: std::sync::Arc::new(NamedSource::new(shown(path), shown_text)),
            span: SourceSpan::from(span),
            help,
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        let help = unknown_key(&message)
            .and_then(|key| suggest::nearest(key, KEYS.iter().copied()))
            .map(|near| format!("did you mean `{near}`?"));
        let span = e.span().unwrap_or(0..0);
        bad(span, message, help)
    })?;
    let rules = |list: &[Spanned<String>]| -> Result<Vec<Rule>, Error> {
        list.iter()
            .map(|name| rule(name).map_err(|(m, h)| bad(name.span(), m, h)))
            .collect()
    };
    let mut config = Config {
        path: path.to_path_buf(),
        ..Config::default()
    };
    if let Some(select) = &raw.select {
        config.select = Some(rules(select.get_ref())?);
    }
    if let Some(ignore) = &raw.ignore {
        config.ignore = rules(ignore.get_ref())?;
    }
    let mut severity: Vec<_> = raw.severity.iter().flatten().collect();
    severity.sort_by_key(|(k, _)| k.span().start);
    for (name, level) in severity {
        let rule = rule(name).map_err(|(m, h)| bad(name.span(), m, h))?;
        let level = match level.get_ref().as_str() {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            "off" => None,
            other => {
                let help = match suggest::nearest(other, SEVERITIES) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!("expected {}", list(&SEVERITIES)),
                };
                return Err(bad(
                    level.span(),
                    format!("unknown severity `{other}` for `{}`", name.get_ref()),
                    Some(help),
                ));
            }
        };
        config.severity.insert(rule, level);
    }
    for glob in raw.exclude.iter().flatten() {
        if let Err(e) = globset::Glob::new(glob.get_ref()) {
            return Err(bad(
                glob.span(),
                format!("invalid glob `{}`: {}", glob.get_ref(), e.kind()),
                None,
            ));
        }
        config.exclude.push(glob.get_ref().clone());
    }
    Ok(config)
}

fn rule(name: &Spanned<String>) -> Result<Rule, (String, Option<String>)> {
    Rule::parse(name.get_ref()).map_err(|e| (e.message(), Some(e.help())))
}

/// `` `error`, `warning`, `info` or `off` ``.
fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The key named in toml's "unknown field `key`, expected …".
fn unknown_key(message: &str) -> Option<&str> {
    message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message, the text the span points at (in the text the error shows), the help.
    fn err(text: &str) -> (String, String, Option<String>) {
        match parse(Path::new(".gatelint.toml"), text) {
            Err(Error::Config {
                message,
                span,
                help,
                src,
            }) => {
                let shown = src.inner();
                let pointed = shown[span.offset()..span.offset() + span.len()].to_owned();
                (message, pointed, help)
            }
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn a_good_config() {
        let text = "select = [\"duplicate-key\"]\nignore = []\nexclude = [\"vendor/**\"]\n\
                    [severity]\nunknown-gate-key = \"error\"\ncountry-as-text = \"off\"\n";
        let config = parse(Path::new("x/.gatelint.toml"), text).unwrap();
        assert_eq!(config.select, Some(vec![Rule::DuplicateKey]));
        assert_eq!(
            config.severity.get(&Rule::UnknownGateKey),
            Some(&Some(Severity::Error))
        );
        assert_eq!(config.severity.get(&Rule::CountryAsText), Some(&None));
        assert_eq!(config.exclude, vec!["vendor/**".to_owned()]);
        assert_eq!(config.base(), Path::new("x"));
    }

    #[test]
    fn errors_point_at_the_bad_key_or_value() {
        let text = "selekt = []\n";
        let (message, span, help) = err(text);
        assert!(message.contains("unknown field `selekt`"), "{message}");
        assert_eq!(span, "selekt");
        assert_eq!(help.as_deref(), Some("did you mean `select`?"));

        let text = "select = [\"duplicate-keys\"]\n";
        let (message, span, help) = err(text);
        assert_eq!(message, "unknown rule `duplicate-keys`");
        assert_eq!(span, "\"duplicate-keys\"");
        assert_eq!(help.as_deref(), Some("did you mean `duplicate-key`?"));

        let text = "[severity]\nduplicate-key = \"fatal\"\n";
        let (message, span, help) = err(text);
        assert_eq!(message, "unknown severity `fatal` for `duplicate-key`");
        assert_eq!(span, "\"fatal\"");
        assert_eq!(
            help.as_deref(),
            Some("expected `error`, `warning`, `info` or `off`")
        );

        let text = "[severity]\nduplicate-key = \"eror\"\n";
        let (_, span, help) = err(text);
        assert_eq!(span, "\"eror\"");
        assert_eq!(help.as_deref(), Some("did you mean `error`?"));

        let text = "[severity]\nduplicat-key = \"off\"\n";
        let (_, span, _) = err(text);
        assert_eq!(span, "duplicat-key");
    }

    #[test]
    fn a_config_error_shows_a_window_of_its_line_and_no_more() {
        // One long line, as `/proc/self/environ` is (variables split by NUL bytes): the error
        // shows the span and at most WINDOW characters on each side.
        let secret = "SECRET_TOKEN=abcdef";
        let text = format!(
            "{}\n{}select = 3 {}\n{}\n",
            secret.repeat(20),
            "x".repeat(500),
            secret.repeat(50),
            secret.repeat(20),
        );
        match parse(Path::new(".gatelint.toml"), &text) {
            Err(Error::Config { src, span, .. }) => {
                let shown = src.inner();
                assert!(shown.len() < 6 * WINDOW, "{} bytes: {shown}", shown.len());
                assert!(shown.matches("SECRET").count() <= 14, "{shown:?}");
                assert!(span.offset() + span.len() <= shown.len());
            }
            other => panic!("expected a config error, got {other:?}"),
        }
        let (_, span, _) = err("a = 1\nselect = [\"duplicate-key\"\n");
        assert_eq!(span, "");
    }
}
