//! Starting the relay from its typed settings (the CLI parses `reefer serve`'s flags into
//! [`RelaySettings`]): the broker it talks to (embedded when none is configured), its producer,
//! the tails of events read back, the reference scorer when asked, then the server until a
//! stop. [`run`] is the binary's; [`InProcessRelay`] serves in this process, for tests,
//! benchmarks and programs that embed the relay.

use std::net::SocketAddr;
use std::time::Duration;

use reefer_shared::encoding::PayloadFormat;

use super::start_error::StartError;
use super::{serve, MaintenanceFeed, ServerOptions};
use crate::kafka::embedded::EmbeddedBroker;
use crate::kafka::settings::KafkaSettings;
use crate::kafka::tail::EventTail;
use crate::kafka::{KafkaSink, SinkOptions};
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
