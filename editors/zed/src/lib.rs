//! Starts `gatelint server` for Markdown files: the gatelint binary on the worktree's PATH.

use zed_extension_api::{self as zed, LanguageServerId, Result};

struct Gatelint;

impl zed::Extension for Gatelint {
    fn new() -> Self {
        Gatelint
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let command = worktree.which("gatelint").ok_or_else(|| {
            "gatelint is not on PATH: install it (cargo install --path . in its repository)"
                .to_string()
        })?;
        Ok(zed::Command {
            command,
            args: vec!["server".to_string()],
            env: Vec::new(),
        })
    }
}

zed::register_extension!(Gatelint);
