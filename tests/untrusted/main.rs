//! Attacks from issue 11: a hostile card, tree or config, as an attacker would write them. One
//! test per attack; each failed on the code before the fix (see README's Security section).
//!
//! - `writing`: `--fix` and `--diff` write only the file that was read (links, swaps, concurrent
//!   edits, ownership, bounded work).
//! - `reading`: what is followed and opened (links leaving the tree, secrets, special files,
//!   ignore files and configs above the repository, cards merged by display name).
//! - `printing`: what reaches a terminal or a CI runner (control characters, workflow commands,
//!   bounded output).

mod printing;
mod reading;
#[path = "../support/run.rs"]
mod run;
mod writing;
