//! `.gatelint.toml`: found by walking up from the current directory (stopping at the directory
//! that holds `.git`), or named with `--config`.
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

/// The nearest `.gatelint.toml` from `start` upwards, stopping after the first directory that
/// holds `.git` (the repository root).
pub fn find(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            return None;
        }
    }
    None
}

/// Reads and checks a config file.
pub fn load(path: &Path) -> Result<Config, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: crate::discover::display(path),
        source,
    })?;
    parse(path, &text)
}

/// Checks the text of a config file read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Config, Error> {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path);
    let bad = |span: Range<usize>, message: String, help: Option<String>| Error::Config {
        message,
        src: std::sync::Arc::new(NamedSource::new(
            crate::discover::display(shown),
            text.to_owned(),
        )),
        span: SourceSpan::from(span),
        help,
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

    fn err(text: &str) -> (String, Range<usize>, Option<String>) {
        match parse(Path::new(".gatelint.toml"), text) {
            Err(Error::Config {
                message,
                span,
                help,
                ..
            }) => (message, span.offset()..span.offset() + span.len(), help),
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
        assert_eq!(&text[span], "selekt");
        assert_eq!(help.as_deref(), Some("did you mean `select`?"));

        let text = "select = [\"duplicate-keys\"]\n";
        let (message, span, help) = err(text);
        assert_eq!(message, "unknown rule `duplicate-keys`");
        assert_eq!(&text[span], "\"duplicate-keys\"");
        assert_eq!(help.as_deref(), Some("did you mean `duplicate-key`?"));

        let text = "[severity]\nduplicate-key = \"fatal\"\n";
        let (message, span, help) = err(text);
        assert_eq!(message, "unknown severity `fatal` for `duplicate-key`");
        assert_eq!(&text[span], "\"fatal\"");
        assert_eq!(
            help.as_deref(),
            Some("expected `error`, `warning`, `info` or `off`")
        );

        let text = "[severity]\nduplicate-key = \"eror\"\n";
        let (_, span, help) = err(text);
        assert_eq!(&text[span], "\"eror\"");
        assert_eq!(help.as_deref(), Some("did you mean `error`?"));

        let text = "[severity]\nduplicat-key = \"off\"\n";
        let (_, span, _) = err(text);
        assert_eq!(&text[span], "duplicat-key");

        let text = "select = [\"a\"\n";
        let (_, span, _) = err(text);
        assert!(span.start > 0, "{span:?}");
    }
}
