//! Kafka: its settings from the environment, the producer that every path to Kafka shares,
//! the embedded default broker, topics and the tail of events read back.

mod acknowledgements;
mod context;
pub mod embedded;
mod failure;
pub mod settings;
mod sink;
pub mod tail;
mod tls_check;
pub mod topics;

pub use acknowledgements::{Acknowledgements, BatchOutcome};
pub use context::RelayContext;
pub use failure::KafkaFailure;
pub use sink::{client_config, contract_headers, KafkaSink, SinkOptions};
