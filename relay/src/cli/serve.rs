//! `reefer serve`: the relay server.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use axum::http::HeaderValue;
use clap::Args;

use super::payload_format::PayloadFormatArg;
use crate::error::CliError;
use crate::kafka::settings::KafkaSettings;
use crate::score::containers_topic;
use crate::secret::Secret;
use crate::server::startup::{self, RelaySettings};
use crate::server::state::Limits;
use crate::server::ServerOptions;

const KAFKA_HELP: &str = "\
Kafka (from the environment, as the original simulator's deployments set it):
  KAFKA_BROKERS            host:port[,host:port...]; unset: an embedded in-memory broker
  TELEMETRY_TOPIC          topic for the events (default reefer-telemetry)
  KAFKA_USER               SASL user; 'token' for IBM Event Streams API keys (SASL PLAIN),
                           any other user SCRAM-SHA-512
  KAFKA_PASSWORD / KAFKA_APIKEY   the password or API key (never logged)
  KAFKA_CERT               CA certificate (PEM) of the brokers, e.g. /certs/es-cert.pem
  KAFKA_SECURITY_PROTOCOL  override: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
                           (default SASL_SSL with credentials, SSL with only a CA, else PLAINTEXT)
  TELEMETRY_PAYLOAD_FORMAT json (default) or legacy: the original simulator's tuple string,
                           which the original solution's scoring agents parse (--payload-format)
  CONTAINER_TOPIC          topic of the ContainerMaintenance events (default containers): the
                           panel shows them; --score produces them

Endpoints: POST /control, GET /control/jobs, GET|DELETE /control/jobs/{id},
GET /control/jobs/{id}/fleet, GET /control/jobs/{id}/board (server-sent events), POST /api/batches,
GET /api/events, GET /api/maintenance, GET /health/details
(all of them need the token when there is one), GET /health, GET /health/ready, GET /metrics,
GET /control, Swagger UI at /apidocs, the schemas at /schemas, the control panel at /.

On an address other than loopback the relay needs REEFER_API_TOKEN (make one with
`openssl rand -hex 32`), or --no-auth for an open demo on a private network.
TOKIO_WORKER_THREADS sets the async worker threads (default: one per core).

Example:
  KAFKA_BROKERS=localhost:9092 reefer serve --port 8080
  REEFER_API_TOKEN=$(openssl rand -hex 32) reefer serve --host 0.0.0.0
  curl -X POST localhost:8080/control -H 'content-type: application/json' \\
    -d '{\"containerID\": \"C02\", \"simulation\": \"co2sensor\", \"nb_of_records\": 1000, \"product_id\": \"P02\"}'";

/// Flags of `reefer serve` (each also from the environment variable shown).
#[derive(Debug, Args)]
#[command(after_help = KAFKA_HELP)]
pub struct ServeArgs {
    /// Address to listen on (0.0.0.0 in a container)
    #[arg(long, env = "REEFER_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free one)
    #[arg(long, env = "PORT", default_value_t = 8080)]
    pub port: u16,

    /// The built control panel to serve at /
    #[arg(long, env = "REEFER_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Most records in one POST /api/batches
    #[arg(long, env = "REEFER_MAX_BATCH_RECORDS", default_value_t = 10_000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_batch_records: u64,

    /// Most records one POST /control may ask for
    #[arg(long, env = "REEFER_MAX_CONTROL_RECORDS", default_value_t = 100_000,
          value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub max_control_records: u64,

    /// Fastest rate a streaming /control job may ask for, records per second
    #[arg(long, env = "REEFER_MAX_STREAM_RATE", default_value_t = 100_000.0,
          value_parser = parse_max_rate)]
    pub max_stream_rate: f64,

    /// Streaming jobs running at once; more are answered 503
    #[arg(long, env = "REEFER_MAX_STREAMS", default_value_t = 8,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    pub max_streams: u64,

    /// Batches delivered at once; more are answered 429
    #[arg(long, env = "REEFER_MAX_CONCURRENT_BATCHES", default_value_t = 32,
          value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub max_concurrent_batches: u64,

    /// Largest POST /api/batches body in bytes (every other body: 1 MiB)
    #[arg(long, env = "REEFER_MAX_BODY_BYTES", default_value_t = 16 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1024..=1_073_741_824))]
    pub max_body_bytes: u64,

    /// Seconds Kafka may take to acknowledge a record before it counts as failed
    #[arg(long, env = "REEFER_DELIVERY_TIMEOUT_SECS", default_value_t = 15,
          value_parser = clap::value_parser!(u64).range(1..=600))]
    pub delivery_timeout_secs: u64,

    /// Origins allowed to call the API from a browser, comma-separated (e.g. `https://demo.example.com`)
    #[arg(long, env = "REEFER_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// The replicas behind the same address, comma-separated host:port (a Kubernetes headless
    /// Service name resolves to every ready pod; this relay may be among them): any replica
    /// then reads and stops any replica's jobs, and reports a dead replica's jobs "relay gone"
    #[arg(long, env = "REEFER_PEERS", value_delimiter = ',')]
    pub peers: Vec<String>,

    /// Bearer token (at least 16 characters) every endpoint that writes or reveals data
    /// requires; needed to listen beyond loopback unless --no-auth
    #[arg(long, env = "REEFER_API_TOKEN", hide_env_values = true)]
    pub token: Option<String>,

    /// Run the reference scorer here: consume the telemetry topic (consumer group
    /// REEFER_SCORE_GROUP, default reefer-score) and produce ContainerMaintenance events to
    /// CONTAINER_TOPIC (default containers), which the control panel shows
    #[arg(long, env = "REEFER_SCORE")]
    pub score: bool,

    /// Listen beyond loopback without a token: an open demo on a private network, where
    /// anyone who reaches the relay can send to the topic (logged as a warning)
    #[arg(long, env = "REEFER_NO_AUTH", conflicts_with = "token")]
    pub no_auth: bool,

    /// Containers over all running streams (each costs about 1.6 KB); more are answered 503
    #[arg(long, env = "REEFER_MAX_STREAM_CONTAINERS", default_value_t = 100_000,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_stream_containers: u64,

    /// Request bodies held at once over all requests, in bytes; more are answered 503
    #[arg(long, env = "REEFER_BODY_BUDGET_BYTES", default_value_t = 24 * 1024 * 1024,
          value_parser = clap::value_parser!(u64).range(1024 * 1024..=4_294_967_296))]
    pub body_budget_bytes: u64,

    /// Open connections at most; more wait to be accepted
    #[arg(long, env = "REEFER_MAX_CONNECTIONS", default_value_t = 256,
          value_parser = clap::value_parser!(u64).range(1..=100_000))]
    pub max_connections: u64,

    /// What each event's payload holds (legacy for the original solution's scoring agents;
    /// a request for the ground truth is then refused)
    #[command(flatten)]
    pub payload: PayloadFormatArg,
}

fn parse_max_rate(s: &str) -> Result<f64, reefer_shared::ParseError> {
    s.parse::<reefer_shared::pace::Rate>()
        .map(|r| r.per_second())
}

/// Refuses an open relay beyond loopback: anyone who reaches it could stream into the topic.
fn check_exposure(host: IpAddr, has_token: bool, no_auth: bool) -> Result<(), CliError> {
    if host.is_loopback() || has_token {
        return Ok(());
    }
    if no_auth {
        tracing::warn!(
            "--no-auth: listening on {host} without a token; anyone who reaches this relay can \
             start streams into the topic and read its events. Use it only on a private network."
        );
        return Ok(());
    }
    Err(CliError::usage(format!(
        "--host {host} is reachable beyond this machine: set REEFER_API_TOKEN (or --token) to a \
         secret of at least 16 characters, e.g. REEFER_API_TOKEN=$(openssl rand -hex 32), and \
         send it as 'Authorization: Bearer <token>'; or pass --no-auth for an open demo on a \
         private network"
    )))
}

/// The `--peers` names: each `host:port`.
fn peers(list: &[String]) -> Result<Vec<String>, CliError> {
    list.iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let valid = p.rsplit_once(':').is_some_and(|(host, port)| {
                !host.is_empty() && port.parse::<u16>().is_ok_and(|n| n > 0)
            });
            if valid {
                Ok(p.to_owned())
            } else {
                Err(CliError::usage(format!(
                    "--peers: {p:?} is not host:port (e.g. reefer-relay-peers:8080)"
                )))
            }
        })
        .collect()
}

impl ServeArgs {
    /// The relay's settings from these flags and the environment, each checked: origins,
    /// token, exposure beyond loopback, peers and the Kafka settings.
    pub fn settings(self) -> Result<RelaySettings, CliError> {
        let args = self;
        let settings = KafkaSettings::from_env()?;
        let cors_origins = args
            .cors_origins
            .iter()
            .map(|o| o.trim())
            .filter(|o| !o.is_empty())
            .map(|o| {
                let valid =
                    (o.starts_with("http://") || o.starts_with("https://")) && !o.ends_with('/');
                HeaderValue::from_str(o)
                    .ok()
                    .filter(|_| valid)
                    .ok_or_else(|| {
                        CliError::usage(format!(
                            "--cors-origins: {o:?} is not an origin; expected scheme://host[:port] \
                             such as https://demo.example.com"
                        ))
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let token = match args.token.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(t) if t.len() < 16 => {
                return Err(CliError::usage(
                    "--token: use at least 16 characters (or leave it unset for an open relay)",
                ))
            }
            Some(t) => Some(Secret::new(t.to_owned())),
        };
        check_exposure(args.host, token.is_some(), args.no_auth)?;
        let server = ServerOptions {
            addr: SocketAddr::new(args.host, args.port),
            dist: args.dist,
            limits: Limits {
                max_batch_records: args.max_batch_records as usize,
                max_control_records: args.max_control_records,
                max_concurrent_batches: args.max_concurrent_batches as usize,
                max_stream_rate: args.max_stream_rate,
                max_streams: args.max_streams as usize,
                max_stream_containers: args.max_stream_containers as usize,
            },
            max_body_bytes: args.max_body_bytes as usize,
            body_budget_bytes: args.body_budget_bytes as usize,
            max_connections: args.max_connections as usize,
            delivery_timeout: Duration::from_secs(args.delivery_timeout_secs),
            kafka_description: settings.describe(),
            cors_origins,
            token,
            peers: peers(&args.peers)?,
        };
        Ok(RelaySettings {
            kafka: settings,
            payload_format: args.payload.payload_format,
            score: args.score,
            score_group: RelaySettings::score_group_from_env(),
            containers_topic: containers_topic(),
            server,
        })
    }
}

/// Runs `reefer serve` until SIGINT or SIGTERM.
pub fn run(args: ServeArgs) -> Result<(), CliError> {
    crate::logging::init();
    Ok(startup::run(args.settings()?)?)
}
