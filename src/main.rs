//! The thin binary: parse the command line, call the library, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gatelint::cli::{
    CheckArgs, Cli, ColorChoice, Command, CompletionsArgs, ManArgs, PreviewArgs, RuleArgs,
};
use gatelint::config::{self, Config};
use gatelint::render::{Format, RenderOptions};
use gatelint::{discover, Error, Input, Rule, RunOptions, Settings, Summary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rule(args) => rule(&args),
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
        Command::Preview(args) => preview(&args),
        Command::Server(args) => Ok(gatelint::server::run(&args)),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            ExitCode::from(2)
        }
    }
}

/// A tool error on stderr: one line (and its help), or a snippet of the config it points into.
/// Every text from a path, a card or a config is escaped (`gatelint::render::escape`).
fn report(err: &Error) {
    use gatelint::render::{escape, guard_lines, snippet};
    use miette::Diagnostic;
    if let Error::Config {
        message,
        src,
        span,
        help,
    } = err
    {
        let color =
            io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
        let source = snippet::Source::new(src.name(), src.inner());
        let report = snippet::Report {
            severity: miette::Severity::Error,
            code: Some("gatelint::config"),
            message: &format!("invalid config: {message}"),
            help: help.as_deref(),
            labels: vec![(
                gatelint::span::Span::new(span.offset(), span.offset() + span.len()),
                Some("here"),
            )],
        };
        if let Some(text) = snippet::render(&source, &report, color, 100) {
            eprint!("{}", guard_lines(&text));
            return;
        }
    }
    eprintln!("gatelint: error: {}", escape(&err.to_string()));
    if let Some(help) = err.help() {
        eprintln!("  help: {}", escape(&help.to_string()));
    }
}

/// Settings and discovery options from the config file and the flags; the flags win.
fn settings(args: &CheckArgs) -> Result<(Settings, Option<Config>), Error> {
    let config = if args.no_config {
        None
    } else if let Some(path) = &args.config {
        Some(config::load(path)?)
    } else {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        config::find(&cwd)
            .map(|path| config::load(&path))
            .transpose()?
    };
    let mut settings = Settings::default();
    if let Some(config) = &config {
        settings.select = config.select.clone();
        settings.ignore = config.ignore.clone();
        settings.severity = config.severity.clone();
    }
    if !args.select.is_empty() {
        let select = rules(&args.select)?;
        // A rule named on the command line runs even if the config ignores it or turns it off.
        for rule in &select {
            if settings.severity.get(rule) == Some(&None) {
                settings.severity.remove(rule);
            }
        }
        settings.ignore.retain(|r| !select.contains(r));
        settings.select = Some(select);
    }
    if !args.ignore.is_empty() {
        settings.ignore = rules(&args.ignore)?;
    }
    Ok((settings, config))
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let (settings, config) = settings(&args)?;
    let mut discover = discover::Options::new(
        &args.include,
        &args.exclude,
        config.as_ref().map(|c| (c.base(), c.exclude.as_slice())),
    )?
    .with_no_ignore(args.no_ignore);
    if !args.quiet && io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::hidden().with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cards {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        discover = discover.with_progress(bar);
    }
    let input = match args.paths.as_slice() {
        [one] if one.as_os_str() == "-" => Input::Stdin(
            args.stdin_filename
                .clone()
                .unwrap_or_else(|| "<stdin>".into()),
        ),
        [] => Input::Paths(vec![PathBuf::from(".")]),
        paths => {
            if paths.iter().any(|p| p.as_os_str() == "-") {
                return Err(Error::Usage(
                    "`-` (standard input) cannot be combined with other paths".into(),
                ));
            }
            Input::Paths(paths.to_vec())
        }
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RunOptions {
        settings,
        format: if args.statistics {
            match args.format {
                Format::Human | Format::Concise => Format::Statistics,
                Format::Json => Format::StatisticsJson,
                other => {
                    return Err(Error::Usage(format!(
                        "--statistics prints a table (--format human or concise) or JSON \
                         (--format json), not `{}`",
                        clap::ValueEnum::to_possible_value(&other)
                            .map(|v| v.get_name().to_owned())
                            .unwrap_or_default()
                    )))
                }
            }
        } else {
            args.format
        },
        render: RenderOptions {
            color: color && args.format == Format::Human,
            width: 100,
        },
        threads: args.threads,
        discover,
    };
    let stdout = io::stdout();
    let mut out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(io::BufWriter::new(std::fs::File::create(path).map_err(
            |source| Error::Output {
                path: gatelint::discover::display(path),
                source,
            },
        )?)),
        None => Box::new(io::BufWriter::new(stdout.lock())),
    };
    if args.fix || args.diff {
        return fix(&args, &input, &options, &mut out);
    }
    let mut on_error = |err: &Error| report(err);
    let summary = match gatelint::check(&input, &options, &mut out, &mut on_error) {
        Ok(summary) => summary,
        // `gatelint check | head -1`: the reader has gone; nothing more to say.
        Err(Error::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe && args.output.is_none() => {
            return Ok(ExitCode::from(1))
        }
        Err(Error::Write(source)) if args.output.is_some() => {
            return Err(Error::Output {
                path: args
                    .output
                    .as_deref()
                    .map(gatelint::discover::display)
                    .unwrap_or_default(),
                source,
            })
        }
        Err(err) => return Err(err),
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&summary));
    }
    Ok(ExitCode::from(summary.exit_code(args.strict) as u8))
}

/// `check --fix` and `check --diff`: fix, write or diff, then report what is left.
fn fix(
    args: &CheckArgs,
    input: &Input,
    options: &RunOptions,
    out: &mut dyn Write,
) -> Result<ExitCode, Error> {
    use gatelint::fix::{self, Mode};
    use gatelint::render::escape;
    let mode = if args.diff { Mode::Diff } else { Mode::Write };
    let mut on_error = |err: &Error| report(err);
    let outcome = match fix::run(input, options, mode, out, &mut io::stderr(), &mut on_error) {
        Ok(outcome) => outcome,
        Err(Error::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => {
            return Ok(ExitCode::from(1))
        }
        Err(err) => return Err(err),
    };
    if !args.quiet {
        let verb = if mode == Mode::Diff {
            "would fix"
        } else {
            "fixed"
        };
        for (path, applied) in &outcome.fixed {
            let what: Vec<&str> = applied.iter().map(|a| a.description.as_str()).collect();
            eprintln!("{verb} {}: {}", escape(path), escape(&what.join("; ")));
        }
        for (path, rule) in &outcome.refused {
            eprintln!(
                "not fixed {}: its front matter has a `{rule}` error; fix it by hand first",
                escape(path)
            );
        }
        let n = outcome.fixes();
        eprintln!(
            "{}; {verb} {n} finding{} in {} file{}",
            summary_line(&outcome.summary),
            if n == 1 { "" } else { "s" },
            outcome.fixed.len(),
            if outcome.fixed.len() == 1 { "" } else { "s" },
        );
    }
    Ok(ExitCode::from(outcome.summary.exit_code(args.strict) as u8))
}

/// `preview CARD`: the access form, in the terminal or as an HTML page. Exit 0 whatever the
/// card's findings (they are listed under the form); 2 when the card cannot be read.
fn preview(args: &PreviewArgs) -> Result<ExitCode, Error> {
    use gatelint::preview::{self, Form};
    let (shown, prefix) = if args.card.as_os_str() == "-" {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into());
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin().lock(), &mut bytes).map_err(|source| {
            Error::Read {
                path: name.clone(),
                source,
            }
        })?;
        (name, gatelint::read::prefix_of(&bytes))
    } else {
        if !args.card.exists() {
            return Err(Error::NotFound {
                path: gatelint::discover::display(&args.card),
            });
        }
        (
            gatelint::discover::display(&args.card),
            gatelint::discover::read_card(&args.card)?,
        )
    };
    let form = Form::build(&shown, &prefix, args.repo_type);
    let text = preview::render(&form, args.format);
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write(e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn summary_line(s: &Summary) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "checked {}: {}, {}, {}",
        plural(s.files, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
    );
    if s.tool_errors > 0 {
        line.push_str(&format!(
            "; {} could not be read",
            plural(s.tool_errors, "path")
        ));
    }
    line
}

fn rules(names: &[String]) -> Result<Vec<Rule>, Error> {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .map(|name| Rule::parse(name).map_err(Error::from))
        .collect()
}

fn rule(args: &RuleArgs) -> Result<ExitCode, Error> {
    let mut out = io::stdout().lock();
    let text = if args.all {
        let width = Rule::ALL.iter().map(|r| r.name().len()).max().unwrap_or(0);
        Rule::ALL
            .iter()
            .map(|r| {
                format!(
                    "{:width$}  {:7}  {}{}\n",
                    r.name(),
                    r.default_severity(),
                    r.summary(),
                    if r.has_fix() { " (fixable)" } else { "" }
                )
            })
            .collect::<String>()
    } else {
        let rule = Rule::parse(args.name.as_deref().unwrap_or_default())?;
        format!(
            "severity: {} (default)\nfix:      {}\n\n{}",
            rule.default_severity(),
            if rule.has_fix() {
                "yes, with `gatelint check --fix` (see Fix below)"
            } else {
                "no"
            },
            rule.docs()
        )
    };
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write(e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn completions(args: &CompletionsArgs) -> Result<ExitCode, Error> {
    let mut command = <Cli as clap::CommandFactory>::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "gatelint", &mut out);
    print(&out)
}

/// `man [SUBCOMMAND]` prints one page; `man --dir DIR` writes them all, so that every page the
/// top-level one names (`gatelint-check(1)`, …) exists.
fn man(args: &ManArgs) -> Result<ExitCode, Error> {
    // No `help` subcommand in the pages: `--help` is in every page already.
    let mut command = <Cli as clap::CommandFactory>::command().disable_help_subcommand(true);
    if let Some(dir) = &args.dir {
        // DIR is created if missing (with its parents; an existing symlink on the way is followed).
        // `DIR/gatelint*.1` are created or truncated with `File::create`, which follows a symlink
        // at that path, as a shell's `>` would.
        let failed = |source| Error::Output {
            path: gatelint::discover::display(dir),
            source,
        };
        std::fs::create_dir_all(dir).map_err(failed)?;
        command.build();
        let subcommands: Vec<clap::Command> = command.get_subcommands().cloned().collect();
        for page in std::iter::once(command).chain(subcommands) {
            page_of(page).generate_to(dir).map_err(failed)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    command.build();
    let page = match args.subcommand.as_deref() {
        None => command,
        Some(name) => match command.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<String> = command
                    .get_subcommands()
                    .map(|s| format!("`{}`", s.get_name()))
                    .collect();
                return Err(Error::Usage(format!(
                    "no subcommand `{name}`; the pages are for {}",
                    names.join(", ")
                )));
            }
        },
    };
    let mut out = Vec::new();
    page_of(page).render(&mut out).map_err(Error::Write)?;
    print(&out)
}

/// One man page; every page names gatelint's version (subcommands have none of their own).
fn page_of(command: clap::Command) -> clap_mangen::Man {
    clap_mangen::Man::new(command).source(format!("gatelint {}", env!("CARGO_PKG_VERSION")))
}

/// Writes to stdout; a reader that has gone (`| head`) is not an error.
fn print(bytes: &[u8]) -> Result<ExitCode, Error> {
    match io::stdout().lock().write_all(bytes) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write(e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}
