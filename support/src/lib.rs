//! Real parts for the relay's integration tests and benchmarks, in one place: a Tansu broker on
//! 127.0.0.1 (an Apache Kafka-compatible broker, installed by `scripts/setup.sh`), the real
//! `reefer serve` binary or the relay in this process (its library, on its embedded broker),
//! an rdkafka consumer that reads back what reached the topic and checks every event against
//! the published schemas, spec builders, and JSON requests.
//!
//! One module per role: [`broker`] (Tansu), [`relay`] (the relay process or in process, the
//! CLI command, HTTP requests), [`consumer`] (reading events back against the schemas),
//! [`tls_front`] (stunnel before the broker), [`kafka_proxy`] (a front that can cut the
//! connection), [`specs`] (what the tests send) and [`python`] (the repository and its Python
//! environment). Everything is re-exported at the crate root.

pub mod broker;
pub mod consumer;
pub mod kafka_proxy;
pub mod python;
pub mod relay;
pub mod specs;
pub mod tls_front;

pub use broker::*;
pub use consumer::*;
pub use kafka_proxy::KafkaProxy;
pub use python::*;
pub use relay::*;
pub use specs::*;
pub use tls_front::{Certificates, TlsFront};
