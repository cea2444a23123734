//! The command line: flags, their parsing into `reefer-shared`'s typed values, and help.

pub mod generate;
mod generate_kafka;
mod generate_mongo;
pub mod health;
mod parse;
pub mod payload_format;
pub mod serve;
pub mod stream;

use clap::{Parser, Subcommand};

/// Reefer telemetry simulator: realistic, labelled refrigerated-container telemetry.
#[derive(Debug, Parser)]
#[command(
    name = "reefer",
    version,
    about = "Reefer telemetry simulator: realistic, labelled refrigerated-container telemetry",
    long_about = "Reefer telemetry simulator: realistic, labelled refrigerated-container \
                  telemetry — normal operation and injected faults (power off, CO2 sensor, \
                  O2 sensor) — for data scientists and live demos.",
    after_help = "Run 'reefer generate --help' for the flags and examples."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate telemetry records to a CSV or JSON-lines file, stdout, Kafka or MongoDB.
    Generate(generate::GenerateArgs),
    /// Stream a fleet's telemetry at a rate to stdout or Kafka, until a duration, a count or Ctrl-C
    Stream(stream::StreamArgs),
    /// Run the relay: POST /control and browser batches to Kafka, health, metrics, API docs
    Serve(serve::ServeArgs),
    /// Ask a running relay whether it is alive (exit 0) or not (exit 1): a container health check
    Health(health::HealthArgs),
}
