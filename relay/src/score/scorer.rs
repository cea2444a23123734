//! Consumes the telemetry topic in one consumer group (two replicas never score the same
//! partition, so never flag twice), scores each reading with the shipped model
//! (`reefer_shared::score`) and produces a `ContainerMaintenance` event to the containers topic,
//! keyed by container id, when a container's detector raises a flag.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};
use rdkafka::Message;
use reefer_shared::encoding::read_payload;
use reefer_shared::score::{Detector, Model, FLAG_AFTER};
use reefer_shared::wire::{MaintenanceEvent, MaintenancePayload, MAINTENANCE_TYPE};
use reefer_shared::TelemetryRecord;

use crate::kafka::settings::KafkaSettings;
use crate::kafka::{client_config, KafkaFailure};

/// The consumer group of `reefer score` unless `--group` says otherwise.
pub const DEFAULT_GROUP: &str = "reefer-score";
/// Containers whose detector is kept; readings of further containers are counted but not
/// scored (bounds the scorer's memory whatever the topic holds).
pub const MAX_TRACKED: usize = 1_000_000;
/// The largest message scored; a bigger one (another producer's) is skipped.
const MAX_EVENT_BYTES: usize = 64 * 1024;

/// What the scorer has done so far.
#[derive(Debug, Default)]
pub struct ScorerCounts {
    /// Readings scored.
    pub scored: AtomicU64,
    /// Messages that were not telemetry readings (skipped).
    pub skipped: AtomicU64,
    /// Maintenance events produced.
    pub flagged: AtomicU64,
    /// Maintenance events the broker acknowledged.
    pub delivered: AtomicU64,
}

/// A running scorer, on its own thread.
pub struct Scorer {
    stop: Arc<AtomicBool>,
    counts: Arc<ScorerCounts>,
    worker: Option<thread::JoinHandle<()>>,
}

impl Scorer {
    /// Starts scoring `settings.topic` into `containers_topic` as member of `group`;
    /// `on_flag` sees each event produced (the CLI prints it).
    pub fn start(
        settings: &KafkaSettings,
        bootstrap: &str,
        containers_topic: &str,
        group: &str,
        on_flag: impl Fn(&MaintenanceEvent) + Send + 'static,
    ) -> Result<Self, KafkaFailure> {
        let mut consumer_config = client_config(settings, bootstrap);
        consumer_config
            .set("group.id", group)
            .set("client.id", "reefer-score")
            .set("enable.auto.commit", "true")
            .set("auto.offset.reset", "latest")
            .set("queued.max.messages.kbytes", "8192");
        let consumer: BaseConsumer<Assigned> = consumer_config
            .create_with_context(Assigned)
            .map_err(|e| KafkaFailure::new(format!("cannot create the scorer's consumer: {e}")))?;
        consumer
            .subscribe(&[settings.topic.as_str()])
            .map_err(|e| {
                KafkaFailure::new(format!("cannot subscribe to {:?}: {e}", settings.topic))
            })?;
        let mut producer_config = client_config(settings, bootstrap);
        producer_config
            .set("client.id", "reefer-score")
            .set("acks", "all")
            .set("enable.idempotence", "true");
        let producer: BaseProducer<Delivered> = producer_config
            .create_with_context(Delivered::default())
            .map_err(|e| KafkaFailure::new(format!("cannot create the scorer's producer: {e}")))?;
        let stop = Arc::new(AtomicBool::new(false));
        let counts = Arc::new(ScorerCounts::default());
        let worker = Work {
            consumer,
            producer,
            containers_topic: containers_topic.to_owned(),
            stop: stop.clone(),
            counts: counts.clone(),
            model: Model::shipped(),
            detectors: HashMap::new(),
        };
        let handle = thread::Builder::new()
            .name("reefer-score".into())
            .spawn(move || worker.run(on_flag))
            .map_err(|e| KafkaFailure::new(format!("cannot start the scorer: {e}")))?;
        Ok(Self {
            stop,
            counts,
            worker: Some(handle),
        })
    }

    /// What it has done so far.
    pub fn counts(&self) -> &ScorerCounts {
        &self.counts
    }

    /// Stops it, waiting for its events to be delivered (a few seconds at most).
    pub fn stop(mut self) {
        self.stop.store(true, Ordering::Release);
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}

impl Drop for Scorer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
    }
}

/// Counts the broker's acknowledgements of maintenance events.
#[derive(Default)]
struct Delivered {
    acked: AtomicU64,
}

impl rdkafka::ClientContext for Delivered {}

impl rdkafka::producer::ProducerContext for Delivered {
    type DeliveryOpaque = ();

    fn delivery(&self, result: &rdkafka::message::DeliveryResult<'_>, _: ()) {
        match result {
            Ok(_) => {
                self.acked.fetch_add(1, Ordering::Relaxed);
            }
            Err((e, _)) => tracing::warn!("a maintenance event was not delivered: {e}"),
        }
    }
}

/// Says which partitions the group gave this scorer.
struct Assigned;

impl rdkafka::ClientContext for Assigned {}

impl ConsumerContext for Assigned {
    fn post_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        match rebalance {
            Rebalance::Assign(list) => {
                let partitions: Vec<String> = list
                    .elements()
                    .iter()
                    .map(|e| format!("{}/{}", e.topic(), e.partition()))
                    .collect();
                tracing::info!("scoring partitions [{}]", partitions.join(", "));
            }
            Rebalance::Revoke(_) => tracing::info!("partitions revoked"),
            Rebalance::Error(e) => tracing::warn!("the consumer group: {e}"),
        }
    }
}

struct Work {
    consumer: BaseConsumer<Assigned>,
    producer: BaseProducer<Delivered>,
    containers_topic: String,
    stop: Arc<AtomicBool>,
    counts: Arc<ScorerCounts>,
    model: Model,
    detectors: HashMap<String, Detector>,
}

impl Work {
    fn run(mut self, on_flag: impl Fn(&MaintenanceEvent)) {
        while !self.stop.load(Ordering::Acquire) {
            match self.consumer.poll(Duration::from_millis(200)) {
                Some(Ok(message)) => {
                    let key = message.key().unwrap_or_default().to_vec();
                    let payload = message.payload().unwrap_or_default().to_vec();
                    drop(message);
                    if let Some(event) = self.score(&key, &payload) {
                        self.produce(&event);
                        on_flag(&event);
                    }
                }
                Some(Err(e)) => tracing::debug!("scorer: {e}"),
                None => {}
            }
            self.producer.poll(Duration::ZERO);
            self.counts.delivered.store(
                self.producer.context().acked.load(Ordering::Relaxed),
                Ordering::Relaxed,
            );
        }
        let _ = self.producer.flush(Duration::from_secs(5));
        self.counts.delivered.store(
            self.producer.context().acked.load(Ordering::Relaxed),
            Ordering::Relaxed,
        );
    }

    /// Scores one message; the maintenance event when it raises a flag.
    fn score(&mut self, key: &[u8], payload: &[u8]) -> Option<MaintenanceEvent> {
        let reading = (payload.len() <= MAX_EVENT_BYTES)
            .then(|| serde_json::from_slice::<serde_json::Value>(payload).ok())
            .flatten()
            .and_then(|event| read_payload(event.get("payload")?).ok());
        let Some(reading) = reading else {
            self.counts.skipped.fetch_add(1, Ordering::Relaxed);
            return None;
        };
        self.counts.scored.fetch_add(1, Ordering::Relaxed);
        let id = match std::str::from_utf8(key) {
            Ok(k) if !k.is_empty() => k.to_owned(),
            _ => reading.container_id.to_string(),
        };
        let tracked = self.detectors.len() < MAX_TRACKED || self.detectors.contains_key(&id);
        if !tracked {
            return None;
        }
        let score = self.model.score(&reading);
        let flag = self
            .detectors
            .entry(id.clone())
            .or_default()
            .observe(score)?;
        self.counts.flagged.fetch_add(1, Ordering::Relaxed);
        Some(maintenance_event(&id, &reading, flag.score, now_seconds()))
    }

    fn produce(&mut self, event: &MaintenanceEvent) {
        let Ok(json) = serde_json::to_vec(event) else {
            return;
        };
        let record = BaseRecord::to(&self.containers_topic)
            .key(event.container_id.as_bytes())
            .payload(&json);
        if let Err((e, _)) = self.producer.send(record) {
            tracing::warn!("cannot send a maintenance event: {e}");
        }
    }
}

fn now_seconds() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The event for a flag raised on `reading` of container `id` at `timestamp` (Unix seconds).
pub fn maintenance_event(
    id: &str,
    reading: &TelemetryRecord,
    score: f64,
    timestamp: i64,
) -> MaintenanceEvent {
    MaintenanceEvent {
        timestamp,
        kind: MAINTENANCE_TYPE.to_owned(),
        version: "1".to_owned(),
        container_id: id.to_owned(),
        payload: MaintenancePayload {
            container_id: id.to_owned(),
            container_type: "Reefer".to_owned(),
            status: "MaintenanceNeeded".to_owned(),
            reason: format!(
                "Predictive maintenance scoring found a risk of failure: {FLAG_AFTER} readings \
                 in a row scored at least 0.5 (the last {score:.2})"
            ),
            score: (score * 1e4).round() / 1e4,
            readings_above_threshold: FLAG_AFTER,
            measurement_time: reading.measurement_time.to_string(),
            temperature: reading.temperature,
            target_temperature: reading.target_temperature,
            kilowatts: reading.kilowatts,
            carbon_dioxide_level: reading.carbon_dioxide,
            oxygen_level: reading.oxygen,
            fans_on: reading.fan_1 && reading.fan_2 && reading.fan_3,
        },
    }
}
