//! Starting the relay from its typed settings (the CLI parses `reefer serve`'s flags into
//! [`RelaySettings`]): the broker it talks to (embedded when none is configured), its producer,
//! the tails of events read back, the reference scorer when asked, then the server until a
//! stop. [`run`] is the binary's; [`InProcessRelay`] serves in this process, for tests,
//! benchmarks and programs that embed the relay.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use reefer_shared::encoding::PayloadFormat;

use super::{serve, MaintenanceFeed, ServerOptions};
use crate::kafka::embedded::EmbeddedBroker;
use crate::kafka::settings::KafkaSettings;
use crate::kafka::tail::EventTail;
use crate::kafka::{KafkaFailure, KafkaSink, SinkOptions};
use crate::score::{Scorer, DEFAULT_GROUP};

/// Everything a relay is started from, already validated.
#[derive(Debug, Clone)]
pub struct RelaySettings {
    /// The Kafka connection (`KAFKA_BROKERS` unset: the embedded broker).
    pub kafka: KafkaSettings,
    /// What each event's payload holds.
    pub payload_format: PayloadFormat,
    /// Run the reference scorer beside the relay (`--score`).
    pub score: bool,
    /// The consumer group of the scorer.
    pub score_group: String,
    /// The topic the maintenance events go to and are read back from.
    pub containers_topic: String,
    /// The HTTP server's options.
    pub server: ServerOptions,
}

impl RelaySettings {
    /// The consumer group from `REEFER_SCORE_GROUP` (at most 255 characters), else
    /// [`DEFAULT_GROUP`].
    pub fn score_group_from_env() -> String {
        std::env::var("REEFER_SCORE_GROUP")
            .ok()
            .map(|g| g.trim().to_owned())
            .filter(|g| !g.is_empty() && g.len() <= 255)
            .unwrap_or_else(|| DEFAULT_GROUP.to_owned())
    }
}

/// Why the relay could not start or stopped with an error.
#[derive(Debug)]
pub enum StartError {
    /// The Kafka settings cannot make a producer (a usage error: fix the environment).
    KafkaSettings(rdkafka::error::KafkaError),
    /// The embedded broker did not start.
    EmbeddedBroker(KafkaFailure),
    /// The reference scorer did not start.
    Scorer(KafkaFailure),
    /// The Prometheus registry refused a metric.
    Metrics(prometheus::Error),
    /// The async runtime or the relay's thread could not be made.
    Runtime(std::io::Error),
    /// The address cannot be listened on.
    Listen(SocketAddr, std::io::Error),
    /// The relay in process did not report its address in time.
    NotListening,
    /// The final flush's task failed.
    Shutdown(String),
}

impl StartError {
    /// Whether the user's settings are at fault (exit status 2), not the running.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::KafkaSettings(_))
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KafkaSettings(e) => write!(f, "Kafka settings: {e}"),
            Self::EmbeddedBroker(e) => write!(f, "the embedded Kafka broker: {e}"),
            Self::Scorer(e) => write!(f, "{e}"),
            Self::Metrics(e) => write!(f, "metrics: {e}"),
            Self::Runtime(e) => write!(f, "cannot start the async runtime: {e}"),
            Self::Listen(addr, e) => write!(f, "--port: cannot listen on {addr}: {e}"),
            Self::NotListening => f.write_str("the relay did not start within 30 s"),
            Self::Shutdown(e) => write!(f, "the shutdown's flush failed: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl From<StartError> for crate::error::CliError {
    fn from(error: StartError) -> Self {
        if error.is_usage() {
            Self::usage(error.to_string())
        } else {
            Self::failure(error.to_string())
        }
    }
}

/// A relay set up from its settings, not yet serving.
struct Prepared {
    embedded: Option<EmbeddedBroker>,
    sink: KafkaSink,
    tail: EventTail,
    maintenance: MaintenanceFeed,
    scorer: Option<Scorer>,
    options: ServerOptions,
}

impl Prepared {
    /// Serves until `shutdown`, then stops the scorer and the embedded broker.
    async fn serve(
        self,
        shutdown: impl std::future::Future<Output = ()>,
        on_listen: impl FnOnce(SocketAddr),
    ) -> (
        Result<(), StartError>,
        Option<Scorer>,
        Option<EmbeddedBroker>,
    ) {
        let result = serve(
            self.sink,
            self.tail,
            self.maintenance,
            self.options,
            shutdown,
            on_listen,
        )
        .await;
        (result, self.scorer, self.embedded)
    }
}

fn prepare(settings: RelaySettings) -> Result<Prepared, StartError> {
    let kafka = &settings.kafka;
    let containers = settings.containers_topic.as_str();
    let embedded = match &kafka.brokers {
        Some(_) => None,
        None => Some(
            EmbeddedBroker::start(&[&kafka.topic, containers])
                .map_err(StartError::EmbeddedBroker)?,
        ),
    };
    let bootstrap = match (&kafka.brokers, &embedded) {
        (Some(brokers), _) => brokers.clone(),
        (None, Some(broker)) => broker.bootstrap().to_owned(),
        (None, None) => unreachable!("an embedded broker is started when none is configured"),
    };
    if embedded.is_some() {
        tracing::warn!(
            "KAFKA_BROKERS is not set: using the embedded Kafka-protocol broker at {bootstrap} \
             (librdkafka's mock cluster). It keeps data in memory only, and only the most recent \
             data of each partition (about 5 MiB). Set KAFKA_BROKERS=host:port (and \
             KAFKA_USER/KAFKA_PASSWORD/KAFKA_CERT as needed) to use a real cluster."
        );
    }
    tracing::info!(
        "Kafka: {}, payload format {}",
        kafka.describe(),
        settings.payload_format
    );
    let sink = KafkaSink::connect(
        kafka,
        &bootstrap,
        SinkOptions {
            delivery_timeout: settings.server.delivery_timeout,
            payload_format: settings.payload_format,
            ..SinkOptions::default()
        },
    )
    .map_err(StartError::KafkaSettings)?;

    let tail = EventTail::start(kafka, &bootstrap);
    let maintenance = MaintenanceFeed {
        tail: EventTail::start_topic(kafka, &bootstrap, containers),
        scorer: settings.score,
        causes: Default::default(),
    };
    let scorer = if settings.score {
        let group = &settings.score_group;
        tracing::info!(
            "the reference scorer: {:?} into {containers:?}, consumer group {group:?}",
            kafka.topic
        );
        Some(
            Scorer::start(kafka, &bootstrap, containers, group, |_| {})
                .map_err(StartError::Scorer)?,
        )
    } else {
        None
    };
    Ok(Prepared {
        embedded,
        sink,
        tail,
        maintenance,
        scorer,
        options: settings.server,
    })
}

/// Runs the relay until SIGINT or SIGTERM, printing `reefer relay listening on http://…` once
/// it listens (tests and scripts read that line to find the port).
pub fn run(settings: RelaySettings) -> Result<(), StartError> {
    let prepared = prepare(settings)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(StartError::Runtime)?;
    let (result, scorer, embedded) =
        runtime.block_on(prepared.serve(crate::signal::stop_requested(), |local| {
            println!("reefer relay listening on http://{local}")
        }));
    if let Some(scorer) = scorer {
        scorer.stop();
    }
    drop(embedded);
    result
}

/// A relay serving in this process, on its own thread and runtime: for tests, benchmarks and
/// programs that embed it. It stops (gracefully, as on SIGTERM) when dropped.
pub struct InProcessRelay {
    url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl InProcessRelay {
    /// Starts a relay with these settings (port 0 picks a free port; without brokers it has
    /// its own embedded broker). Returns once it listens.
    pub fn start(settings: RelaySettings) -> Result<Self, StartError> {
        let prepared = prepare(settings)?;
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (listening, address) = std::sync::mpsc::channel::<Result<SocketAddr, StartError>>();
        let thread = std::thread::Builder::new()
            .name("reefer-relay".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                {
                    Ok(runtime) => runtime,
                    Err(e) => {
                        let _ = listening.send(Err(StartError::Runtime(e)));
                        return;
                    }
                };
                let told = listening.clone();
                let (result, scorer, embedded) = runtime.block_on(prepared.serve(
                    async {
                        let _ = stopped.await;
                    },
                    move |local| {
                        let _ = told.send(Ok(local));
                    },
                ));
                if let Err(e) = result {
                    let _ = listening.send(Err(e));
                }
                if let Some(scorer) = scorer {
                    scorer.stop();
                }
                drop(embedded);
            })
            .map_err(StartError::Runtime)?;
        let local = address
            .recv_timeout(Duration::from_secs(30))
            .map_err(|_| StartError::NotListening)??;
        Ok(Self {
            url: format!("http://{local}"),
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The relay's base URL, `http://127.0.0.1:port`.
    pub fn url(&self) -> &str {
        &self.url
    }
}

impl Drop for InProcessRelay {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
