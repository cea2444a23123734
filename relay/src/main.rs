//! `reefer`: the reefer telemetry simulator's command-line tool.
//!
//! `reefer generate` writes labelled telemetry (CSV, JSON lines, Kafka, MongoDB), `reefer
//! stream` streams a fleet at a rate, `reefer serve` runs the relay and its control panel,
//! `reefer health` asks a running relay whether it is alive, `reefer topics` creates the
//! topic the relay needs, and `reefer score` is the reference scorer. Everything is in the library (`reefer_relay`); this binary parses the
//! command line, runs the subcommand and turns its error into one line and an exit code.

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

use reefer_relay::cli::{self, Cli, Command};
use reefer_relay::error;

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("error: internal error ({info}); please report it with the command you ran");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return usage_error(err),
    };
    let result = match cli.command {
        Command::Generate(args) => cli::generate::run(args),
        Command::Dataset(args) => cli::dataset::run(args),
        Command::Stream(args) => cli::stream::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Health(args) => cli::health::run(args),
        Command::Topics(args) => cli::topics::run(args),
        Command::Products(args) => cli::products::run(args),
        Command::Score(args) => cli::score::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(err.code() as u8)
        }
    }
}

/// Help and version go to stdout as clap prints them; every usage error becomes one line.
fn usage_error(err: clap::Error) -> ExitCode {
    match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            ExitCode::from(if err.use_stderr() { 2 } else { 0 })
        }
        _ => {
            let rendered = err.render().to_string();
            let first = rendered
                .lines()
                .next()
                .unwrap_or("error: invalid arguments");
            let help = match std::env::args().nth(1).as_deref() {
                Some("generate") => "reefer generate --help",
                Some("serve") => "reefer serve --help",
                _ => "reefer --help",
            };
            eprintln!("{first} (see '{help}')");
            ExitCode::from(error::EXIT_USAGE as u8)
        }
    }
}
