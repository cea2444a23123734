//! `reefer`: the reefer telemetry simulator's command-line tool.
//!
//! `reefer generate` writes labelled telemetry as CSV or JSON lines (job stories 1–2 of the
//! spec). The generation itself lives in `reefer-shared`; this binary parses flags into its
//! typed values, opens the output, and reports progress and errors.

mod cli;
mod clock;
mod config;
mod contract;
#[cfg(test)]
mod deploy_manifests;
mod error;
mod kafka;
mod logging;
mod mongo;
mod output;
mod progress;
mod server;
mod stream;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

use crate::cli::{Cli, Command};

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
        Command::Stream(args) => cli::stream::run(args),
        Command::Serve(args) => cli::serve::run(args),
        Command::Health(args) => cli::health::run(args),
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
