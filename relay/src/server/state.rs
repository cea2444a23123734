//! The state every handler shares.

use std::sync::Arc;

use axum::http::HeaderValue;
use tokio::sync::Semaphore;

use super::jobs::JobRegistry;
use super::metrics::Metrics;
use crate::kafka::tail::EventTail;
use crate::kafka::KafkaSink;
use crate::secret::Secret;

/// Limits the relay enforces on requests.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Most records in one browser batch.
    pub max_batch_records: usize,
    /// Most records one `/control` request may ask for.
    pub max_control_records: u64,
    /// Batches being delivered at once; more get 429.
    pub max_concurrent_batches: usize,
    /// Fastest rate a streaming job may ask for, records per second.
    pub max_stream_rate: f64,
    /// Streaming jobs running at once; more get 503.
    pub max_streams: usize,
    /// Containers over all running streams (each holds its generator and latest reading).
    pub max_stream_containers: usize,
}

/// The containers topic read back, and whether this relay runs the reference scorer.
#[derive(Clone)]
pub struct MaintenanceFeed {
    /// The latest events of `CONTAINER_TOPIC`.
    pub tail: EventTail,
    /// Whether `--score` is on.
    pub scorer: bool,
    /// The fault each of those events was raised in, resolved as it is read back.
    pub causes: Arc<super::causes::Causes>,
}

/// Shared by all handlers.
#[derive(Clone)]
pub struct AppState {
    /// The Kafka producer.
    pub sink: KafkaSink,
    /// The latest events read back from the topic.
    pub tail: EventTail,
    /// The containers topic read back (maintenance events).
    pub maintenance: MaintenanceFeed,
    /// `/control` jobs.
    pub jobs: Arc<JobRegistry>,
    /// This relay's id and the replicas that answer for each other's jobs.
    pub peers: Arc<super::peers::Peers>,
    /// Prometheus metrics.
    pub metrics: Arc<Metrics>,
    /// Request limits.
    pub limits: Limits,
    /// Permits for batches in flight.
    pub batch_permits: Arc<Semaphore>,
    /// Containers the running streams may hold (each permit one container), taken before a
    /// fleet is built and given back when its stream has ended.
    pub stream_containers: Arc<Semaphore>,
    /// Permits for `/control` batches being generated.
    pub control_permits: Arc<Semaphore>,
    /// Request bodies being read or handled, in KiB, over all requests.
    pub body_budget: Arc<super::body_budget::BodyBudget>,
    /// Readiness, checked at most once a second whoever asks.
    pub readiness: Arc<super::readiness::Readiness>,
    /// The bearer token required on write endpoints, when set.
    pub token: Option<Secret>,
    /// The `Idempotency-Key`s of recent batches and their answers.
    pub idempotency: Arc<super::idempotency::IdempotencyKeys>,
    /// Origins allowed to call the API from a browser (`--cors-origins`).
    pub cors_origins: Arc<[HeaderValue]>,
}
