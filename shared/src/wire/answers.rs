//! The relay's other answers: errors, the batch acknowledgement, the version, health and the
//! events read back from Kafka.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The JSON body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// What went wrong and what to do about it.
    pub error: String,
    /// The request field at fault, when there is one (e.g. `nb_of_records`, `records[3].fan_1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For a batch: how many records the broker acknowledged before the failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked: Option<u64>,
    /// For a batch: how many records failed: the broker does not have them, a retry cannot
    /// duplicate them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failed: Option<u64>,
    /// For a batch: how many records have an unknown fate: they left for the broker but no
    /// answer came back in time (the broker may hold them; a retry may duplicate them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<u64>,
    /// For a batch that did not deliver every record: what became of each, in request order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub records: Option<Vec<RecordDelivery>>,
}

/// What became of one record of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordDelivery {
    /// The record's index in the request's `records`.
    pub index: usize,
    /// `acked`, `failed` or `unknown`.
    pub status: DeliveryStatus,
    /// Where the broker stored it (acked records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partition: Option<i32>,
    /// Its offset in that partition (acked records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<i64>,
    /// Why it was not acknowledged (failed and unknown records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The fate of one record handed to Kafka, as librdkafka knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatus {
    /// The broker acknowledged it (with `acks=all`): it is in the topic.
    Acked,
    /// It never reached the broker: it is not in the topic, and a retry cannot duplicate it.
    Failed,
    /// It was sent but no answer came back in time: the broker may hold it.
    Unknown,
}

/// `POST /api/batches` answered 200: the broker acknowledged every record of the batch, each
/// written to its partition by all in-sync replicas (`acks=all`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BatchAck {
    /// Records acknowledged: all of the batch.
    pub acked: u64,
    /// The topic they went to.
    pub topic: String,
}

/// `GET /control`: who answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VersionInfo {
    /// Always `success`, as the original answered.
    pub status: String,
    /// Always `pong!`, as the original answered.
    pub message: String,
    /// The program.
    pub name: String,
    /// Its version.
    pub version: String,
    /// This relay process's id: the first part of the ids of the jobs it runs (replicas find
    /// a job's owner by it).
    #[serde(default)]
    pub relay: String,
}

/// An open health answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok`, `ready` or `not ready`.
    pub status: String,
}

/// What `/health/details` shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthDetails {
    /// `ready` or `not ready`.
    pub status: String,
    /// The topic records go to.
    pub topic: String,
    /// The topic's partitions, when the broker answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partitions: Option<usize>,
    /// Why the relay is not ready.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The Kafka connection (brokers, security protocol, user; never a password).
    pub kafka: String,
    /// `json` or `legacy`.
    pub payload_format: String,
    /// Records waiting in the producer for the broker's answer.
    pub in_flight: usize,
}

/// One event read back from the topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TailedEvent {
    /// Increases by one per event read: ask for events after the last one seen.
    pub seq: u64,
    /// The partition it was read from.
    pub partition: i32,
    /// Its offset in that partition.
    pub offset: i64,
    /// The message key (the container id).
    pub key: String,
    /// The event, as JSON (whatever was on the topic; read a telemetry event's reading with
    /// [`TailedEvent::reading`]).
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub event: Value,
}

impl TailedEvent {
    /// The reading of a telemetry event, whichever payload format it has, or why it is not one.
    pub fn reading(&self) -> Result<crate::TelemetryRecord, crate::FieldError> {
        crate::encoding::read_payload(self.event.get("payload").unwrap_or(&Value::Null))
    }
}

/// `GET /api/events`: events read back from Kafka.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Events {
    /// Events after `after`, oldest first (at most `limit`: the newest ones).
    pub events: Vec<TailedEvent>,
    /// The `seq` of the last event read so far: pass it as `after` next time.
    pub last: u64,
}
