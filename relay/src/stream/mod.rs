//! Continuous streaming: a fleet's readings at a rate, to Kafka or stdout, until a duration,
//! a count or a stop.

pub mod engine;
pub mod handle;
pub mod kafka_output;

pub use reefer_shared::fleet::Stamped;
