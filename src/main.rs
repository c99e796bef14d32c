//! The thin binary: parse the command line, call the library, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gatelint::cli::{
    CheckArgs, Cli, ColorChoice, Command, CompletionsArgs, ManArgs, PreviewArgs, RuleArgs,
};
use gatelint::render::{escape, Format, RenderOptions};
use gatelint::{
    discover, Error, Event, ExitStatus, Input, Mode, Rule, RunOptions, Settings, Sinks,
};

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A tool error is reported on stderr under the same `--color` as the findings.
    let color = match &cli.command {
        Command::Check(args) => args.color,
        _ => ColorChoice::Auto,
    };
    let result = match cli.command {
        Command::Check(args) => check(args).map(ExitCode::from),
        Command::Rule(args) => rule(&args),
        Command::Completions(args) => completions(&args),
        Command::Man(args) => man(&args),
        Command::Preview(args) => preview(&args).map(ExitCode::from),
        Command::Server(args) => Ok(gatelint::server::run(&args)),
    };
    match result {
        Ok(code) => code,
        // `gatelint check | head -1`: the reader has gone. Exit quietly with 0, as ruff does
        // (and ripgrep): nothing is wrong with the cards or with gatelint.
        Err(Error::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            report(&err, color);
            ExitStatus::Error.into()
        }
    }
}

/// A tool error on stderr: one line (and its help), or a snippet of the config it points into,
/// coloured as `color` says for stderr. Every text from a path, a card or a config is escaped
/// (`gatelint::render::escape`).
fn report(err: &Error, color: ColorChoice) {
    use gatelint::render::{guard_lines, snippet};
    use miette::Diagnostic;
    if let Error::Config {
        message,
        src,
        span,
        help,
    } = err
    {
        let color = colored(color, || io::stderr().is_terminal());
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

/// Whether to colour: `--color always` and `never` decide (over `NO_COLOR`, as in ruff); `auto`
/// colours when `to_terminal()` says the text goes to a terminal and `NO_COLOR` is unset or
/// empty (<https://no-color.org>).
fn colored(choice: ColorChoice, to_terminal: impl FnOnce() -> bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && to_terminal()
        }
    }
}

/// One line on stderr, escaped (it holds paths and text from cards); a closed stderr is not an
/// error of its own.
fn say(line: &dyn std::fmt::Display) {
    let _ = writeln!(io::stderr().lock(), "{}", escape(&line.to_string()));
}

fn check(args: CheckArgs) -> Result<ExitStatus, Error> {
    let choice = match (&args.config, args.no_config) {
        (_, true) => discover::ConfigChoice::Off,
        (Some(path), false) => discover::ConfigChoice::Fixed(path.clone()),
        (None, false) => discover::ConfigChoice::Nearest,
    };
    // Each card gets the config nearest to it (discovery loads them); standard input, the one
    // nearest to the current directory.
    let mut discover = discover::Options::new(&args.include, &args.exclude, None)?
        .with_no_ignore(args.no_ignore)
        .with_config(choice)
        .with_flags(&args.select, &args.ignore);
    let config = match args.paths.as_slice() {
        [one] if one.as_os_str() == "-" => discover::stdin_config(&discover)?,
        _ => None,
    };
    let settings = Settings::resolve(config.as_ref(), &args.select, &args.ignore);
    if !args.quiet && io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::hidden().with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} cards {elapsed}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        discover = discover.with_progress(bar);
    }
    let input = input(&args)?;
    let mode = match (args.diff, args.fix) {
        (true, _) => Mode::Diff,
        (false, true) => Mode::Fix,
        (false, false) => Mode::Report,
    };
    // `--fix -` prints the fixed text on stdout: the report goes to --output FILE or stderr.
    let report_to_stderr =
        mode == Mode::Fix && matches!(input, Input::Stdin(_)) && args.output.is_none();
    let color = colored(args.color, || {
        args.output.is_none()
            && (if report_to_stderr {
                io::stderr().is_terminal()
            } else {
                io::stdout().is_terminal()
            })
    });
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
        mode,
    };
    let output_error = |source| Error::Output {
        path: args
            .output
            .as_deref()
            .map(discover::display)
            .unwrap_or_default(),
        source,
    };
    let mut report_out: Box<dyn Write> = match &args.output {
        Some(path) => Box::new(io::BufWriter::new(
            std::fs::File::create(path).map_err(output_error)?,
        )),
        None if report_to_stderr => Box::new(io::BufWriter::new(io::stderr())),
        None => Box::new(io::BufWriter::new(io::stdout().lock())),
    };
    let mut fixed_out = io::BufWriter::new(io::stdout());
    let quiet = args.quiet;
    let mut on_event = |event: Event<'_>| match event {
        Event::Error(err) => report(err, args.color),
        Event::NotWritten { .. } => say(&event),
        _ if quiet => {}
        _ => say(&event),
    };
    let sinks = Sinks {
        report: &mut report_out,
        fixed: &mut fixed_out,
    };
    let summary = match gatelint::run(&input, &options, sinks, &mut on_event) {
        Ok(summary) => summary,
        Err(Error::Write(source)) if args.output.is_some() => return Err(output_error(source)),
        Err(err) => return Err(err),
    };
    if !quiet {
        match mode {
            Mode::Report => say(&summary.line()),
            Mode::Fix => say(&summary.fix_line("fixed")),
            Mode::Diff => say(&summary.fix_line("would fix")),
        }
    }
    Ok(summary.exit_status(args.strict))
}

/// The paths to check, or standard input.
fn input(args: &CheckArgs) -> Result<Input, Error> {
    Ok(match args.paths.as_slice() {
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
    })
}

/// `preview CARD`: the access form, in the terminal or as an HTML page. Exit 0 whatever the
/// card's findings (they are listed under the form); 2 when the card cannot be read.
fn preview(args: &PreviewArgs) -> Result<ExitStatus, Error> {
    use gatelint::preview::{self, Form};
    let (shown, prefix) = if args.card.as_os_str() == "-" {
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "<stdin>".into());
        // Under the same front-matter cap as a file; the rest is read and dropped, never held.
        let read_error = |source| Error::Read {
            path: name.clone(),
            source,
        };
        let mut stdin = io::stdin().lock();
        let prefix = gatelint::read::read_prefix(&mut stdin).map_err(read_error)?;
        io::copy(&mut stdin, &mut io::sink()).map_err(read_error)?;
        (name, prefix)
    } else {
        if !args.card.exists() {
            return Err(Error::NotFound {
                path: discover::display(&args.card),
            });
        }
        (
            discover::display(&args.card),
            discover::read_card(&args.card)?,
        )
    };
    let form = Form::build(&shown, &prefix, args.repo_type);
    let text = preview::render(&form, args.format);
    io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(Error::Write)?;
    Ok(ExitStatus::Success)
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
