//! Why the relay could not start, or stopped with an error: one type for the server's start-up
//! and shutdown, turned into the CLI's one-line error (exit status 2 when the settings are at
//! fault).

use std::fmt;
use std::net::SocketAddr;

use crate::kafka::KafkaFailure;

/// Why the relay could not start or stopped with an error.
#[derive(Debug)]
pub enum StartError {
    /// The Kafka settings cannot make a producer (a usage error: fix the environment).
    KafkaSettings(rdkafka::error::KafkaError),
    /// The embedded broker did not start.
    EmbeddedBroker(KafkaFailure),
    /// The reference scorer did not start.
    Scorer(KafkaFailure),
    /// The Prometheus registry refused a metric.
    Metrics(prometheus::Error),
    /// The async runtime or the relay's thread could not be made.
    Runtime(std::io::Error),
    /// The address cannot be listened on.
    Listen(SocketAddr, std::io::Error),
    /// The relay in process did not report its address in time.
    NotListening,
    /// The final flush's task failed.
    Shutdown(String),
}

impl StartError {
    /// Whether the user's settings are at fault (exit status 2), not the running.
    pub fn is_usage(&self) -> bool {
        matches!(self, Self::KafkaSettings(_))
    }
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KafkaSettings(e) => write!(f, "Kafka settings: {e}"),
            Self::EmbeddedBroker(e) => write!(f, "the embedded Kafka broker: {e}"),
            Self::Scorer(e) => write!(f, "{e}"),
            Self::Metrics(e) => write!(f, "metrics: {e}"),
            Self::Runtime(e) => write!(f, "cannot start the async runtime: {e}"),
            Self::Listen(addr, e) => write!(f, "--port: cannot listen on {addr}: {e}"),
            Self::NotListening => f.write_str("the relay did not start within 30 s"),
            Self::Shutdown(e) => write!(f, "the shutdown's flush failed: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

impl From<StartError> for crate::error::CliError {
    fn from(error: StartError) -> Self {
        if error.is_usage() {
            Self::usage(error.to_string())
        } else {
            Self::failure(error.to_string())
        }
    }
}
