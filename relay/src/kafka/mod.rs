//! Kafka: the producer that every path to Kafka shares, and the embedded default broker.

mod context;
mod delivery;
pub mod embedded;
mod sink;
pub mod tail;

pub use context::RelayContext;
pub use delivery::Delivery;
pub use sink::{BatchOutcome, KafkaSink, SinkOptions};
