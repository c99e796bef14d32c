//! The thin binary: parse the command line, call the library, map the outcome to an exit code.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use gatelint::cli::{CheckArgs, Cli, ColorChoice, Command, RuleArgs};
use gatelint::render::{Format, RenderOptions};
use gatelint::{Error, Input, Rule, RunOptions, Settings, Summary};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Rule(args) => rule(&args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            report(&err);
            ExitCode::from(2)
        }
    }
}

fn report(err: &Error) {
    eprintln!("gatelint: error: {err}");
}

fn check(args: CheckArgs) -> Result<ExitCode, Error> {
    let settings = Settings {
        select: if args.select.is_empty() {
            None
        } else {
            Some(rules(&args.select)?)
        },
        ignore: rules(&args.ignore)?,
        ..Settings::default()
    };
    let input = match args.paths.as_slice() {
        [one] if one.as_os_str() == "-" => {
            Input::Stdin(args.stdin_filename.clone().unwrap_or_else(|| "<stdin>".into()))
        }
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
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let options = RunOptions {
        settings,
        format: args.format,
        render: RenderOptions {
            color: color && args.format == Format::Human,
            width: 100,
        },
        threads: args.threads,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut on_error = |err: &Error| report(err);
    let summary = match gatelint::check(&input, &options, &mut out, &mut on_error) {
        Ok(summary) => summary,
        // `gatelint check | head -1`: the reader has gone; nothing more to say.
        Err(Error::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => return Ok(ExitCode::from(1)),
        Err(err) => return Err(err),
    };
    if !args.quiet {
        eprintln!("{}", summary_line(&summary));
    }
    Ok(ExitCode::from(summary.exit_code(args.strict) as u8))
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
        line.push_str(&format!("; {} could not be read", plural(s.tool_errors, "path")));
    }
    line
}

fn rules(names: &[String]) -> Result<Vec<Rule>, Error> {
    names
        .iter()
        .filter(|n| !n.is_empty())
        .map(|name| {
            name.parse::<Rule>().map_err(|help| Error::UnknownRule {
                name: name.clone(),
                help,
            })
        })
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
        let name = args.name.as_deref().unwrap_or_default();
        let rule = name.parse::<Rule>().map_err(|help| Error::UnknownRule {
            name: name.into(),
            help,
        })?;
        rule.docs().to_owned()
    };
    match out.write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Write(e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}
