//! The command line: subcommands and flags only (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::Format;
use crate::rule::Rule;

#[derive(Debug, Parser)]
#[command(
    name = "gatelint",
    version,
    about = "Lint the gate metadata of Hugging Face model and dataset cards",
    long_about = "Lint the gate metadata (extra_gated_fields, extra_gated_prompt, …) in the YAML \
                  front matter of Hugging Face model and dataset cards (README.md), offline, \
                  before the Hub rejects the push or silently drops a field.",
    after_help = "Exit codes: 0 no errors, 1 errors found (or warnings with --strict), \
                  2 gatelint could not do its job (unreadable path, bad flag)."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint cards: files, directories (every README.md below them) or `-` for standard input
    Check(CheckArgs),
    /// Print a rule's documentation, or list every rule with --all
    Rule(RuleArgs),
    /// Show the access-request form a card's gate metadata gives, as the Hub would
    Preview(PreviewArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions(CompletionsArgs),
    /// Print a man page (roff), or write them all with --dir
    Man(ManArgs),
    /// Run the language server (LSP over standard input and output) for editors
    Server(crate::server::ServerArgs),
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`check` prints gatelint-check(1)) [default: the
    /// top-level page, gatelint(1)]
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,

    /// Write every page (gatelint.1, gatelint-check.1, …) into DIR instead of printing one
    #[arg(long, value_name = "DIR", conflicts_with = "subcommand")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Card files, directories to search for README.md, or `-` for standard input [default: .]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The file name to show for standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,

    /// Exit 1 on warnings too
    #[arg(long)]
    pub strict: bool,

    /// Only these rules (comma-separated rule names)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Vec<Rule>,

    /// Never these rules (comma-separated rule names)
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<Rule>,

    /// Worker threads (0: one per core)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub threads: usize,

    /// Show findings only: no summary line, no progress bar
    #[arg(long, short)]
    pub quiet: bool,

    /// Write the report to FILE instead of standard output (the summary stays on stderr)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Print a count of findings per rule instead of the findings
    #[arg(long)]
    pub statistics: bool,

    /// Use this config file instead of the nearest `.gatelint.toml`
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore every `.gatelint.toml`
    #[arg(long)]
    pub no_config: bool,

    /// Lint the files matching these globs instead of every `README.md` (comma-separated;
    /// a glob without `/` matches a name at any depth, one with `/` the path relative to the
    /// current directory; hidden directories are still skipped unless named as PATH)
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub include: Vec<String>,

    /// Skip files and directories matching these globs, in addition to the config's `exclude`
    /// (comma-separated; a glob with `/` matches the path relative to the current directory)
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Vec<String>,

    /// Respect no ignore file (`.gitignore`, `.ignore`, `.git/info/exclude`); hidden files and
    /// directories are still skipped
    #[arg(long)]
    pub no_ignore: bool,

    /// When to use colour in the human format
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Apply the safe fixes in place, then report what is left (with `-`: print the fixed text
    /// to stdout, and the report to stderr or to --output FILE)
    #[arg(long)]
    pub fix: bool,

    /// Print a unified diff of what --fix would change, and write nothing
    #[arg(long)]
    pub diff: bool,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The card file, or `-` for standard input
    pub card: PathBuf,

    /// Output format
    #[arg(long, value_enum, default_value_t = crate::preview::PreviewFormat::Terminal)]
    pub format: crate::preview::PreviewFormat,

    /// Whether the repo is a model or a dataset [default: guessed from the card's metadata, then
    /// its path]
    #[arg(long, value_enum)]
    pub repo_type: Option<crate::preview::RepoType>,

    /// The file name to show for standard input
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's kebab-case name
    #[arg(required_unless_present = "all", conflicts_with = "all")]
    pub name: Option<String>,

    /// List every rule with its default severity and summary
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
