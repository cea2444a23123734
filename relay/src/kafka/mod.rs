//! Kafka: the producer that every path to Kafka shares, and the embedded default broker.

mod context;
pub mod embedded;
mod sink;

pub use context::RelayContext;
pub use sink::{KafkaSink, SinkOptions};
