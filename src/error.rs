//! Tool failures: the tool could not do its job (exit 2). A malformed card is never one of these.

use miette::Diagnostic;
use thiserror::Error;

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("{path}: no such file or directory")]
    #[diagnostic(code(gatelint::not_found))]
    NotFound { path: String },

    #[error("{path}: cannot read: {source}")]
    #[diagnostic(code(gatelint::read))]
    Read {
        path: String,
        #[source]
        source: std::io::Error,
    },

    #[error("{path}: not a regular file ({kind}); skipped")]
    #[diagnostic(code(gatelint::not_a_file))]
    NotAFile { path: String, kind: &'static str },

    #[error("{path}: {message}")]
    #[diagnostic(code(gatelint::walk))]
    Walk { path: String, message: String },

    #[error("cannot write the report: {0}")]
    #[diagnostic(code(gatelint::write))]
    Write(#[source] std::io::Error),

    #[error("{path}: cannot write the report: {source}")]
    #[diagnostic(code(gatelint::output))]
    Output {
        path: String,
        #[source]
        source: std::io::Error,
    },

    /// A bad `.gatelint.toml`, pointing at the bad key or value.
    #[error("invalid config: {message}")]
    #[diagnostic(code(gatelint::config))]
    Config {
        message: String,
        /// Behind a pointer, so that every `Result<_, Error>` (one per discovered card) stays small.
        #[source_code]
        src: std::sync::Arc<miette::NamedSource<String>>,
        #[label("here")]
        span: miette::SourceSpan,
        #[help]
        help: Option<String>,
    },

    #[error("{0}")]
    #[diagnostic(code(gatelint::usage))]
    Usage(String),

    /// Built only from [`crate::rule::UnknownRule`], which words it.
    #[error("{message}")]
    #[diagnostic(code(gatelint::unknown_rule), help("{help}"))]
    UnknownRule { message: String, help: String },
}

impl From<crate::rule::UnknownRule> for Error {
    fn from(e: crate::rule::UnknownRule) -> Self {
        Error::UnknownRule {
            message: e.message(),
            help: e.help(),
        }
    }
}

#[cfg(test)]
mod tests {
    /// One `Result<CardPath, Error>` is kept per discovered card until it is linted: a large
    /// variant would cost megabytes on 50 000 cards.
    #[test]
    fn errors_stay_small() {
        assert!(
            std::mem::size_of::<super::Error>() <= 72,
            "{}",
            std::mem::size_of::<super::Error>()
        );
    }
}
