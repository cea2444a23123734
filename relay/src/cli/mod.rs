//! The command line: flags, their parsing into `reefer-shared`'s typed values, and help.

pub mod dataset;
pub mod file_format;
pub mod generate;
mod generate_kafka;
mod generate_mongo;
pub mod health;
mod parse;
pub mod payload_format;
pub mod products;
pub mod score;
pub mod serve;
pub mod stream;
pub mod topics;

use clap::{Parser, Subcommand};

/// Reefer telemetry simulator: realistic, labelled refrigerated-container telemetry.
#[derive(Debug, Parser)]
#[command(
    name = "reefer",
    version,
    about = "Reefer telemetry simulator: realistic, labelled refrigerated-container telemetry",
    long_about = long_about(),
    after_help = SUBCOMMANDS
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand with an example (`reefer --help`).
const SUBCOMMANDS: &str = "\
Subcommands, each with an example ('reefer <subcommand> --help' has all its flags):
  generate  labelled telemetry to a CSV or JSON-lines file, stdout, Kafka or MongoDB
              reefer generate --stype co2sensor --records 50000 --seed 42 --file co2.csv
  dataset   a predictive-maintenance dataset: Parquet tables, a split, the truth, a datasheet
              reefer dataset --units 100 --days 180 --preset realistic --seed 1 --out fleet
  stream    a fleet's telemetry at a rate, to stdout or Kafka
              reefer stream --containers 100 --stype mixed --rate 50 --duration 10m
  serve     the relay: the control panel, POST /control and browser batches to Kafka
              reefer serve --port 8080
  health    whether a running relay is alive (exit 0) or not (exit 1)
              reefer health --port 8080 --ready
  topics    create the telemetry topic on a cluster that does not auto-create topics
              KAFKA_BROKERS=localhost:9092 reefer topics --replication-factor 1
  products  the cargo catalogue: setpoints, humidity, atmosphere, control sensor, sources
              reefer products --json
  score     flag containers that need maintenance: telemetry topic in, containers topic out
              KAFKA_BROKERS=localhost:9092 reefer score";

/// What the tool is, with every simulation it injects (their one-line descriptions are in
/// `reefer generate --help`).
fn long_about() -> String {
    let names: Vec<&str> = reefer_shared::Simulation::ALL
        .iter()
        .map(|s| s.name())
        .collect();
    format!(
        "Reefer telemetry simulator: realistic, labelled refrigerated-container telemetry for \
         data scientists and live demos: normal operation and {} injected faults and \
         scenarios ({}).",
        names.len() - 1,
        names[1..].join(", ")
    )
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate telemetry records to a CSV or JSON-lines file, stdout, Kafka or MongoDB.
    Generate(generate::GenerateArgs),
    /// Write a predictive-maintenance dataset: a fleet's telemetry, alarms, maintenance and
    /// failures as Parquet, a train/validation/test split, the test truth and a datasheet
    Dataset(dataset::DatasetArgs),
    /// Stream a fleet's telemetry at a rate to stdout or Kafka, until a duration, a count or Ctrl-C
    Stream(stream::StreamArgs),
    /// Run the relay: POST /control and browser batches to Kafka, health, metrics, API docs
    Serve(serve::ServeArgs),
    /// Ask a running relay whether it is alive (exit 0) or not (exit 1): a container health check
    Health(health::HealthArgs),
    /// Create the topics the relay needs on a Kafka cluster (idempotent)
    Topics(topics::TopicsArgs),
    /// The cargo catalogue: each product's carriage conditions and their sources (a table, or
    /// JSON with --json)
    Products(products::ProductsArgs),
    /// The reference scorer: flag containers that need maintenance, from the telemetry topic
    /// to the containers topic (`ContainerMaintenance` events)
    Score(score::ScoreArgs),
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// `reefer --help` lists every subcommand clap knows, in clap's order, and no other.
    #[test]
    fn the_help_lists_every_subcommand() {
        let listed: Vec<&str> = super::SUBCOMMANDS
            .lines()
            .skip(1)
            .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
            .filter_map(|line| line.split_whitespace().next())
            .collect();
        let command = super::Cli::command();
        let known: Vec<&str> = command
            .get_subcommands()
            .map(|c| c.get_name())
            .filter(|name| *name != "help")
            .collect();
        assert_eq!(listed, known);
    }
}
