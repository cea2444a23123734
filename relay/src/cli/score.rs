//! `reefer score`: the reference scorer. It consumes the telemetry topic and produces a
//! `ContainerMaintenance` event to the containers topic when a container needs maintenance;
//! `reefer score train` writes the model's weights again.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use clap::{Args, Subcommand};

use crate::error::CliError;
use crate::kafka::settings::KafkaSettings;
use crate::score::{containers_topic, Scorer, DEFAULT_GROUP};

const EXAMPLES: &str = "\
It reads TELEMETRY_TOPIC (default reefer-telemetry) and writes CONTAINER_TOPIC (default
containers) on the cluster of KAFKA_BROKERS, with KAFKA_USER / KAFKA_PASSWORD / KAFKA_CERT as
`reefer serve` reads them. Every replica joins one consumer group, so no reading is scored twice
and no container is flagged twice. Each event is printed on stdout as one JSON line.

The model: a logistic regression over one reading (temperature against the setpoint, power,
fans, gases, humidity, door), trained on the simulator's own ground truth; a container is flagged
after 3 readings in a row score at least 0.5, and again only after 6 below. Its weights ship in
shared/src/score/weights.json with their held-out recall and precision;
`reefer score train --out FILE` writes that file again, byte for byte.

Examples:
  KAFKA_BROKERS=localhost:9092 reefer score
  KAFKA_BROKERS=localhost:9092 CONTAINER_TOPIC=containers reefer score --group scorers
  reefer score train --out shared/src/score/weights.json";

/// Flags of `reefer score`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct ScoreArgs {
    /// What to do instead of scoring
    #[command(subcommand)]
    pub action: Option<ScoreAction>,

    /// The consumer group: replicas with the same group share the topic's partitions
    #[arg(long, env = "REEFER_SCORE_GROUP", default_value = DEFAULT_GROUP)]
    pub group: String,

    /// Stop after this many seconds (default: until Ctrl-C or SIGTERM)
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=31_536_000))]
    pub duration_secs: Option<u64>,
}

/// `reefer score` subcommands.
#[derive(Debug, Subcommand)]
pub enum ScoreAction {
    /// Train the model from the simulator's ground truth and write its weights (JSON)
    Train {
        /// Where to write the weights ("-" for stdout)
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs `reefer score`.
pub fn run(args: ScoreArgs) -> Result<(), CliError> {
    if let Some(ScoreAction::Train { out }) = args.action {
        let json = reefer_shared::score::train::train().to_json();
        return if out.as_os_str() == "-" {
            print!("{json}");
            Ok(())
        } else {
            std::fs::write(&out, json)
                .map_err(|e| CliError::failure(format!("--out {}: {e}", out.display())))
        };
    }
    if args.group.trim().is_empty() || args.group.len() > 255 {
        return Err(CliError::usage("--group: 1 to 255 characters"));
    }
    let settings = KafkaSettings::from_env()?;
    let Some(brokers) = &settings.brokers else {
        return Err(CliError::usage(
            "set KAFKA_BROKERS=host:port[,host:port] (the embedded broker exists only inside \
             `reefer serve`; `reefer serve --score` runs this scorer there)",
        ));
    };
    crate::logging::init();
    let topic = containers_topic();
    let scorer = Scorer::start(&settings, brokers, &topic, args.group.trim(), |event| {
        if let Ok(line) = serde_json::to_string(event) {
            println!("{line}");
        }
    })
    .map_err(CliError::from)?;
    eprintln!(
        "scoring {:?} into {topic:?} as group {:?}; Ctrl-C stops",
        settings.topic,
        args.group.trim()
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::failure(format!("cannot start: {e}")))?;
    runtime.block_on(async {
        match args.duration_secs {
            Some(s) => {
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_secs(s)) => {},
                    () = crate::signal::stop_requested() => {},
                }
            }
            None => crate::signal::stop_requested().await,
        }
    });
    let counts = scorer.counts();
    let (scored, flagged) = (
        counts.scored.load(Ordering::Relaxed),
        counts.flagged.load(Ordering::Relaxed),
    );
    scorer.stop();
    eprintln!("scored {scored} readings, {flagged} maintenance events");
    Ok(())
}
