//! Kafka: the producer that every path to Kafka shares, and the embedded default broker.

mod acknowledgements;
mod context;
pub mod embedded;
mod sink;
pub mod tail;
mod tls_check;
pub mod topics;

pub use acknowledgements::{Acknowledgements, BatchOutcome};
pub use context::RelayContext;
pub use sink::{client_config, contract_headers, KafkaSink, SinkOptions};
