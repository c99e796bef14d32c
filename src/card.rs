//! One reading of a card, built once and shared by every command (check, fix, preview, the
//! language server): its fence facts, whether the front matter is UTF-8, the YAML document and
//! the gate model.
//!
//! The document borrows the card's bytes and the gate model borrows the document, so [`with`]
//! builds them on its own stack and lends the [`Card`] to a closure; nothing is parsed twice and
//! nothing is copied:
//!
//! ```
//! use gatelint::{card, read};
//!
//! let prefix = read::prefix_of(b"---\nextra_gated_prompt: Hi\n---\n# Model\n");
//! let texts = card::with(&prefix, |card| card.gate.map_or(0, |gate| gate.texts.len()));
//! assert_eq!(texts, 1);
//! ```

use crate::frontmatter::{self, FrontMatter, Prefix};
use crate::gate::{self, Gate};
use crate::yaml::{self, Document, SyntaxError};

/// Everything the rules may look at for one card, in the three layers they take: the fence
/// facts, the YAML document, the gate model (see `rules::check`).
pub struct Card<'a> {
    /// The fence facts, with the bytes read (the file up to its closing fence, see `read.rs`).
    pub front_matter: &'a FrontMatter<'a>,
    pub yaml: Yaml<'a>,
    /// The gate model, when the YAML parsed and its top level is a mapping.
    pub gate: Option<&'a Gate<'a, 'a>>,
    /// How the file came to be checked.
    pub origin: Origin,
}

/// How a file came to be checked, which decides whether a file with no metadata is a card at all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// Named on the command line, read from standard input, opened in an editor: the user says
    /// it is a card.
    #[default]
    Named,
    /// Found by walking a directory (every `README.md` below it): a README without front matter
    /// and without gate keys anywhere is an ordinary README, not a card.
    Walked,
}

/// What became of the front matter's YAML.
pub enum Yaml<'a> {
    /// No front matter block: nothing to parse.
    Absent,
    /// The block holds bytes that are not UTF-8, the first at this file offset.
    InvalidUtf8 {
        at: usize,
    },
    SyntaxError(&'a SyntaxError),
    Parsed(&'a Document<'a>),
}

/// Reads the card whose first bytes (see [`crate::read`]) are `prefix` and hands it to `f`:
/// fences located, the front matter checked for UTF-8 and parsed, the gate model built, once.
pub fn with<R>(prefix: &Prefix, f: impl FnOnce(&Card) -> R) -> R {
    with_origin(prefix, Origin::Named, f)
}

/// [`with`], for a file that came to be checked as `origin` says.
pub fn with_origin<R>(prefix: &Prefix, origin: Origin, f: impl FnOnce(&Card) -> R) -> R {
    let front_matter = frontmatter::locate(prefix);
    // The body's gate keys (`stranded-gate-key`, `missing-front-matter`), looked for before the
    // tree is built: the search reads up to 64 KiB of body, which would otherwise push the tree
    // out of the processor's cache between the rules that walk it.
    front_matter.body_gate_keys();
    let bytes = prefix.bytes.as_slice();
    let text = front_matter
        .yaml()
        .map(|span| (span.start, std::str::from_utf8(span.slice(bytes))));
    let parsed = match text {
        Some((base, Ok(text))) => Some(yaml::parse(text, base)),
        _ => None,
    };
    let gate = match &parsed {
        Some(Ok(doc)) => gate::build(doc),
        _ => None,
    };
    let yaml = match (&text, &parsed) {
        (Some((base, Err(e))), _) => Yaml::InvalidUtf8 {
            at: base + e.valid_up_to(),
        },
        (_, Some(Ok(doc))) => Yaml::Parsed(doc),
        (_, Some(Err(err))) => Yaml::SyntaxError(err),
        _ => Yaml::Absent,
    };
    f(&Card {
        front_matter: &front_matter,
        yaml,
        gate: gate.as_ref(),
        origin,
    })
}
