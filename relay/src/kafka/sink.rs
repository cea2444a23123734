//! `KafkaSink`: produces telemetry records as SPEC's Kafka events and reports what was acked.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use reefer_shared::encoding::{
    PayloadFormat, EVENT_SCHEMA_VERSION, PAYLOAD_FORMAT_HEADER, SCHEMA_VERSION_HEADER,
};
use reefer_shared::fleet::Stamped;
use reefer_shared::generator::Extras;
use reefer_shared::rcm::RcmReading;
use reefer_shared::truth::RowTruth;
use reefer_shared::TelemetryRecord;

use super::acknowledgements::Delivery;
use super::context::{describe, is_unexplained_tls};
use super::tls_check;
use super::{Acknowledgements, BatchOutcome, KafkaFailure, RelayContext};
use crate::kafka::settings::{KafkaAuth, KafkaSettings};

/// Records waiting in the producer at most, by default: about 20 MB of events, under the byte
/// cap below, so that back-pressure (503, a stream waiting for room) comes before librdkafka
/// ever refuses a record. At 100 000 records/s that is 0.3 s of broker round trips.
pub const MAX_IN_FLIGHT: usize = 30_000;
/// librdkafka's own cap on what it holds, in KiB (its default is 1 GiB).
const QUEUE_KBYTES: u32 = 32 * 1024;

/// What the producer writes and how it waits, beside the connection settings.
#[derive(Debug, Clone)]
pub struct SinkOptions {
    /// How long librdkafka keeps trying to deliver a record before it reports a failure.
    pub delivery_timeout: Duration,
    /// The most records waiting in the producer before new work is refused (back-pressure).
    pub max_in_flight: usize,
    /// What each event's `payload` holds (`--payload-format`, `TELEMETRY_PAYLOAD_FORMAT`).
    pub payload_format: PayloadFormat,
}

impl Default for SinkOptions {
    fn default() -> Self {
        Self {
            delivery_timeout: Duration::from_secs(15),
            max_in_flight: MAX_IN_FLIGHT,
            payload_format: PayloadFormat::Json,
        }
    }
}

/// One event to produce: the record, its `rcm` readings, its ground truth and its Kafka
/// timestamp (milliseconds; `None`: now).
type EventParts<'a> = (
    &'a TelemetryRecord,
    Option<&'a RcmReading>,
    Option<&'a RowTruth>,
    Option<i64>,
);

/// The one producer of the process: idempotent, keyed by container id, writing SPEC's event
/// in the configured payload format, with the headers `schema_version` and `payload_format`.
///
/// After a delivery failure the producer is replaced by a fresh one (a new idempotent producer
/// id) as soon as nothing is in flight: an idempotent producer whose records timed out cannot
/// always resume with a broker that lost its state (a restarted in-memory broker, a fatal
/// idempotence error), and a fresh producer always can. This is how the relay recovers from a
/// broker outage without a restart.
#[derive(Clone)]
pub struct KafkaSink {
    producer: Arc<RwLock<ThreadedProducer<RelayContext>>>,
    needs_reset: Arc<AtomicBool>,
    producers_started: Arc<AtomicU64>,
    config: Arc<ClientConfig>,
    context: RelayContext,
    topic: Arc<str>,
    options: SinkOptions,
}

impl KafkaSink {
    /// A producer for `bootstrap` (the configured brokers or the embedded one).
    pub fn connect(
        settings: &KafkaSettings,
        bootstrap: &str,
        options: SinkOptions,
    ) -> Result<Self, KafkaError> {
        let mut config = client_config(settings, bootstrap);
        config
            .set("client.id", "reefer-relay")
            // Retries can never duplicate a record.
            .set("enable.idempotence", "true")
            .set("acks", "all")
            .set("compression.type", "lz4")
            .set("linger.ms", "5")
            .set(
                "message.timeout.ms",
                options.delivery_timeout.as_millis().to_string(),
            )
            .set(
                "queue.buffering.max.messages",
                (options.max_in_flight + 10_000).to_string(),
            )
            .set("queue.buffering.max.kbytes", QUEUE_KBYTES.to_string());
        let context = RelayContext::default();
        let producer: ThreadedProducer<RelayContext> =
            config.create_with_context(context.clone())?;
        Ok(Self {
            producer: Arc::new(RwLock::new(producer)),
            needs_reset: Arc::new(AtomicBool::new(false)),
            producers_started: Arc::new(AtomicU64::new(1)),
            config: Arc::new(config),
            context,
            topic: settings.topic.as_str().into(),
            options,
        })
    }

    /// The topic records go to.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// What each event's payload holds.
    pub fn payload_format(&self) -> PayloadFormat {
        self.options.payload_format
    }

    /// Runs `f` on the current producer, replaced first if a failure asked for it.
    ///
    /// `f` holds the read side of the lock while it sends, and the swap takes the write side
    /// and happens only when nothing is in flight: no record is ever handed to a producer that
    /// is being replaced, whose drop would purge what it still holds.
    fn with_producer<T>(&self, f: impl FnOnce(&ThreadedProducer<RelayContext>) -> T) -> T {
        if self.needs_reset.load(Ordering::Acquire) {
            self.replace_if_idle();
        }
        let producer = self.producer.read().unwrap_or_else(|p| p.into_inner());
        f(&producer)
    }

    /// Replaces the producer if nobody is using it and nothing is in flight on it; otherwise
    /// leaves it for a later call.
    fn replace_if_idle(&self) {
        let Ok(mut slot) = self.producer.try_write() else {
            return;
        };
        if slot.in_flight_count() > 0 {
            return;
        }
        match self
            .config
            .create_with_context::<_, ThreadedProducer<RelayContext>>(self.context.clone())
        {
            Ok(fresh) => {
                // The old producer holds nothing: dropping it loses nothing.
                *slot = fresh;
                self.needs_reset.store(false, Ordering::Release);
                self.producers_started.fetch_add(1, Ordering::Relaxed);
                tracing::info!("started a fresh Kafka producer after a delivery failure");
            }
            Err(e) => tracing::warn!("cannot start a fresh Kafka producer: {e}"),
        }
    }

    /// Asks for a fresh producer before the next records, as a delivery failure does (it is
    /// started once nothing is in flight on the current one).
    pub fn request_fresh_producer(&self) {
        self.needs_reset.store(true, Ordering::Release);
    }

    /// How many producers this sink has started (1, plus one per replacement).
    pub fn producers_started(&self) -> u64 {
        self.producers_started.load(Ordering::Relaxed)
    }

    /// Records waiting in the producer for the broker's answer.
    pub fn in_flight(&self) -> usize {
        let producer = self.producer.read().unwrap_or_else(|p| p.into_inner());
        usize::try_from(producer.in_flight_count()).unwrap_or(0)
    }

    /// Whether `n` more records fit under the back-pressure limit.
    pub fn has_room_for(&self, n: usize) -> bool {
        self.in_flight() + n <= self.options.max_in_flight
    }

    /// The latest error the Kafka client reported, if any.
    pub fn last_error(&self) -> Option<String> {
        self.context.last_error()
    }

    /// Hands records to the producer without waiting; the returned [`Acknowledgements`] counts the
    /// broker's answers. Records the producer would not take (its queue was full) count as
    /// failed at once. With `truths` and `rcm` (one per record), each event's payload
    /// carries its record's ground truth and remote-monitoring readings.
    pub fn enqueue(
        &self,
        records: &[TelemetryRecord],
        extras: Extras<'_>,
    ) -> Arc<Acknowledgements> {
        let delivery = Arc::new(Acknowledgements::new(records.len()));
        let _ = self.enqueue_part(&delivery, 0, records, extras);
        delivery
    }

    /// Like [`KafkaSink::enqueue`], keeping each record's fate (acked where, failed why, or
    /// unknown) for an answer that says which records a client must retry.
    pub fn enqueue_tracked(&self, records: &[TelemetryRecord]) -> Arc<Acknowledgements> {
        let delivery = Arc::new(Acknowledgements::tracked(records.len()));
        let _ = self.enqueue_part(&delivery, 0, records, Extras::default());
        delivery
    }

    /// Hands a stream's events to the producer without waiting, each with its Kafka
    /// timestamp (the event's ingest time, in milliseconds), like [`KafkaSink::enqueue`].
    pub fn enqueue_stamped(&self, events: &[Stamped], ground_truth: bool) -> Arc<Acknowledgements> {
        let delivery = Arc::new(Acknowledgements::new(events.len()));
        let _ = self.produce_into(
            &delivery,
            0,
            events.len(),
            events.iter().map(|stamped| {
                let event = &stamped.event;
                let truth = event.truth.as_ref().filter(|_| ground_truth);
                (
                    &event.record,
                    event.rcm.as_ref(),
                    truth,
                    Some(stamped.ingest_ms),
                )
            }),
        );
        delivery
    }

    /// Hands one part of a larger group's records to the producer, the first of them being
    /// the group's record `first` (a `/control` batch is generated and produced a part at a
    /// time, so that its memory stays one part's). On a refusal the rest of this part counts
    /// as failed, and the error is returned.
    pub fn enqueue_part(
        &self,
        delivery: &Arc<Acknowledgements>,
        first: usize,
        records: &[TelemetryRecord],
        extras: Extras<'_>,
    ) -> Result<(), KafkaFailure> {
        self.produce_into(
            delivery,
            first,
            records.len(),
            records.iter().enumerate().map(|(i, record)| {
                let rcm = extras.rcm.and_then(|r| r.get(i));
                (record, rcm, extras.truths.and_then(|t| t.get(i)), None)
            }),
        )
    }

    /// How long librdkafka keeps trying to deliver a record.
    pub fn delivery_timeout(&self) -> Duration {
        self.options.delivery_timeout
    }

    /// The one produce loop: `n` events, each a record, its remote-monitoring readings and
    /// ground truth if any and its Kafka timestamp if not now, counted in `delivery` from its
    /// record `first` on.
    fn produce_into<'a>(
        &self,
        delivery: &Arc<Acknowledgements>,
        first: usize,
        n: usize,
        events: impl Iterator<Item = EventParts<'a>>,
    ) -> Result<(), KafkaFailure> {
        self.with_producer(|producer| {
            let mut value = Vec::with_capacity(640);
            let format = self.options.payload_format;
            for (i, (record, rcm, truth, timestamp)) in events.enumerate() {
                value.clear();
                format.write_event(&mut value, record, rcm, truth);
                let mut message = BaseRecord::with_opaque_to(
                    &self.topic,
                    Delivery::new(delivery.clone(), first + i),
                )
                .key(record.container_id.as_str())
                .payload(&value)
                .headers(contract_headers(format));
                if let Some(ms) = timestamp {
                    message = message.timestamp(ms);
                }
                if let Err((error, _)) = producer.send(message) {
                    let error = describe(&error);
                    delivery.fail(first + i, n - i, || error.clone());
                    return Err(KafkaFailure::new(error));
                }
            }
            Ok(())
        })
    }

    /// Waits for the broker's answer on every enqueued record; a failure asks for a fresh
    /// producer before the next records.
    pub async fn settle(&self, delivery: &Acknowledgements) -> BatchOutcome {
        let mut outcome = delivery.wait().await;
        if outcome.not_acked() > 0 {
            self.request_fresh_producer();
            if let Some(client_error) = self.last_error() {
                let error = outcome.error.take().unwrap_or_default();
                outcome.error = Some(format!("{error} (last broker error: {client_error})"));
            }
        }
        outcome
    }

    /// Asks the brokers for the topic's metadata: proves they are reachable and the topic
    /// exists. Blocking: call it from a blocking task.
    pub fn check_ready(&self, timeout: Duration) -> Result<usize, KafkaFailure> {
        let metadata = self
            .with_producer(|producer| producer.client().fetch_metadata(Some(&self.topic), timeout))
            .map_err(|e| self.explain(&e))?;
        let topic = metadata
            .topics()
            .iter()
            .find(|t| t.name() == &*self.topic)
            .ok_or_else(|| {
                KafkaFailure::new(format!(
                    "topic {:?} not in the broker's metadata",
                    self.topic
                ))
            })?;
        if let Some(error) = topic.error() {
            return Err(KafkaFailure::new(format!(
                "topic {:?}: {:?} (create it, or let the broker auto-create topics)",
                self.topic,
                RDKafkaErrorCode::from(error)
            )));
        }
        self.context.clear_error();
        Ok(topic.partitions().len())
    }

    /// Waits for everything enqueued to be delivered (at shutdown).
    pub fn flush(&self, timeout: Duration) -> Result<(), KafkaFailure> {
        self.with_producer(|producer| producer.flush(timeout))
            .map_err(|e| self.explain(&e))
    }

    fn explain(&self, error: &KafkaError) -> KafkaFailure {
        if self.last_error().as_deref().is_some_and(is_unexplained_tls) {
            let bootstrap = self.config.get("bootstrap.servers").unwrap_or_default();
            let ca = self.config.get("ssl.ca.location").map(std::path::Path::new);
            if let Some(reason) = tls_check::diagnose(bootstrap, ca, Duration::from_secs(2)) {
                self.context.explain_tls(&reason);
            }
        }
        KafkaFailure::new(match self.last_error() {
            Some(detail) => format!("{} ({detail})", describe(error)),
            None => describe(error),
        })
    }
}

/// The headers that tell a consumer which contract an event follows (every event the relay
/// produces carries them).
pub fn contract_headers(format: PayloadFormat) -> OwnedHeaders {
    OwnedHeaders::new_with_capacity(2)
        .insert(Header {
            key: SCHEMA_VERSION_HEADER,
            value: Some(EVENT_SCHEMA_VERSION),
        })
        .insert(Header {
            key: PAYLOAD_FORMAT_HEADER,
            value: Some(format.name()),
        })
}

/// The connection settings every client of the relay shares: brokers, TLS, SASL.
pub fn client_config(settings: &KafkaSettings, bootstrap: &str) -> ClientConfig {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("security.protocol", settings.protocol());
    if let KafkaAuth::Sasl { user, password } = &settings.auth {
        config
            .set(
                "sasl.mechanisms",
                settings.mechanism().unwrap_or("SCRAM-SHA-512"),
            )
            .set("sasl.username", user)
            .set("sasl.password", password.expose());
    }
    if let Some(ca) = &settings.ca_file {
        config.set("ssl.ca.location", ca.display().to_string());
    }
    config
}
