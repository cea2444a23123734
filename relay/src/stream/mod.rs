//! Continuous streaming: a fleet's readings at a rate, to Kafka or stdout, until a duration,
//! a count or a stop.

pub mod engine;
pub mod handle;
pub mod kafka_output;

use reefer_shared::fleet::FleetEvent;

/// An event of a stream, stamped by its clock, with its Kafka timestamp (ingest time).
#[derive(Debug, Clone, Copy)]
pub struct Stamped {
    /// The reading, its `measurement_time` set by the stream's clock.
    pub event: FleetEvent,
    /// When it is ingested, in milliseconds since 1970 (the Kafka message timestamp).
    pub ingest_ms: i64,
}
