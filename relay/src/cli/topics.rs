//! `reefer topics`: creates the topics the relay needs, idempotently.

use std::time::Duration;

use clap::Args;

use crate::error::CliError;
use crate::kafka::settings::KafkaSettings;
use crate::kafka::topics::{provision, Provisioned, TopicSpec};

const EXAMPLES: &str = "\
The topic is TELEMETRY_TOPIC (default reefer-telemetry), on the cluster of KAFKA_BROKERS, with
KAFKA_USER / KAFKA_PASSWORD / KAFKA_CERT as `reefer serve` reads them. A topic that exists is
left as it is (its partitions are reported). The Kubernetes overlay for Event Streams carries
the same topic as a KafkaTopic resource for operators who manage topics declaratively.

Examples:
  KAFKA_BROKERS=localhost:9092 reefer topics --replication-factor 1
  KAFKA_BROKERS=broker-0.example:9093 KAFKA_USER=token KAFKA_PASSWORD=$API_KEY \\
      KAFKA_CERT=/certs/es-cert.pem reefer topics --partitions 6";

/// Flags of `reefer topics`.
#[derive(Debug, Args)]
#[command(after_help = EXAMPLES)]
pub struct TopicsArgs {
    /// Partitions of the telemetry topic (events are keyed by container id)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=1000))]
    pub partitions: i32,

    /// Replicas of each partition (3 on Event Streams; 1 on a one-broker test cluster)
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(i32).range(1..=10))]
    pub replication_factor: i32,

    /// How long records are kept, in hours (retention.ms; cleanup.policy delete)
    #[arg(long, default_value_t = 168, value_parser = clap::value_parser!(i64).range(1..=87_600))]
    pub retention_hours: i64,

    /// How long to wait for the brokers, in seconds
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout_secs: u64,
}

impl TopicsArgs {
    /// The telemetry topic these flags describe.
    pub fn spec(&self, name: &str) -> TopicSpec {
        TopicSpec {
            name: name.to_owned(),
            partitions: self.partitions,
            replication: self.replication_factor,
            retention_ms: self.retention_hours * 3_600_000,
        }
    }
}

/// Runs `reefer topics`.
pub fn run(args: TopicsArgs) -> Result<(), CliError> {
    let settings = KafkaSettings::from_env()?;
    let Some(brokers) = &settings.brokers else {
        return Err(CliError::usage(
            "set KAFKA_BROKERS=host:port[,host:port] (the embedded broker of `reefer serve` \
             makes its topic itself)",
        ));
    };
    let spec = args.spec(&settings.topic);
    let timeout = Duration::from_secs(args.timeout_secs);
    match provision(&settings, brokers, &spec, timeout)? {
        Provisioned::Created => println!(
            "topic {}: created ({} partitions, {} replicas, retention {} h)",
            spec.name, spec.partitions, spec.replication, args.retention_hours
        ),
        Provisioned::Exists { partitions } => println!(
            "topic {}: exists already ({partitions} partitions); left as it is",
            spec.name
        ),
    }
    Ok(())
}
