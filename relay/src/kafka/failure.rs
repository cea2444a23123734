//! Why talking to Kafka failed, in one line for a log, an answer or the command line: what the
//! client tried, and what the broker or librdkafka said (never a secret: the settings are not
//! part of it).

use std::fmt;

/// A failure to reach, provision, produce to or flush to Kafka.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KafkaFailure {
    message: String,
}

impl KafkaFailure {
    /// A failure described by `message` (what was tried and what answered).
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }

    /// The one-line explanation.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for KafkaFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for KafkaFailure {}

impl From<KafkaFailure> for crate::error::CliError {
    fn from(failure: KafkaFailure) -> Self {
        Self::failure(failure.message)
    }
}
