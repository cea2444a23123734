//! The Kafka client's callbacks: librdkafka's log lines and errors go to `tracing`, and the
//! latest error is kept so that health checks and failed requests can say what is wrong.

use std::sync::{Arc, Mutex};

use rdkafka::client::ClientContext;
use rdkafka::message::DeliveryResult;
use rdkafka::producer::ProducerContext;

use super::acknowledgements::{Delivery, Persistence};
use rdkafka::bindings::{rd_kafka_message_status, rd_kafka_msg_status_t};
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{BorrowedMessage, Message};

/// Prefix of an authentication failure, which stays the reported error until cleared.
const AUTH_MARK: &str = "authentication failed (check KAFKA_USER and KAFKA_PASSWORD/KAFKA_APIKEY)";

/// Context of the relay's Kafka clients. Clones share the last error.
#[derive(Default, Clone)]
pub struct RelayContext {
    last_error: Arc<Mutex<Option<String>>>,
}

impl RelayContext {
    /// The most recent error librdkafka reported (e.g. an authentication failure), if any.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// Forgets the last error once the broker answers again.
    pub fn clear_error(&self) {
        if let Ok(mut e) = self.last_error.lock() {
            *e = None;
        }
    }
}

impl ClientContext for RelayContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, message: &str) {
        // librdkafka's messages carry broker names and error codes, never SASL passwords.
        match level {
            RDKafkaLogLevel::Emerg
            | RDKafkaLogLevel::Alert
            | RDKafkaLogLevel::Critical
            | RDKafkaLogLevel::Error => tracing::error!(target: "librdkafka", "{fac}: {message}"),
            RDKafkaLogLevel::Warning => tracing::warn!(target: "librdkafka", "{fac}: {message}"),
            _ => tracing::debug!(target: "librdkafka", "{fac}: {message}"),
        }
    }

    fn error(&self, error: KafkaError, reason: &str) {
        // librdkafka also logs these through `log`; keep them for health answers only.
        tracing::debug!(target: "librdkafka", "{error}: {reason}");
        let is_auth = error.rdkafka_error_code() == Some(RDKafkaErrorCode::Authentication);
        if let Ok(mut e) = self.last_error.lock() {
            // An authentication failure explains the "all brokers down" that follows it: keep it
            // until the broker answers again.
            let keep_auth = e.as_deref().is_some_and(|old| old.contains(AUTH_MARK)) && !is_auth;
            if !keep_auth {
                *e = Some(if is_auth {
                    format!("{AUTH_MARK}: {reason}")
                } else {
                    reason.to_owned()
                });
            }
        }
    }
}

impl ProducerContext for RelayContext {
    type DeliveryOpaque = Box<Delivery>;

    fn delivery(&self, result: &DeliveryResult<'_>, delivery: Box<Delivery>) {
        match result {
            Ok(message) => delivery.acked(message.partition(), message.offset()),
            Err((error, message)) => delivery.not_acked(persistence(message), || describe(error)),
        }
    }
}

/// Whether a record librdkafka could not confirm may still be on the broker: its own
/// bookkeeping (`rd_kafka_message_status`) knows whether the record ever left in a request.
fn persistence(message: &BorrowedMessage<'_>) -> Persistence {
    // SAFETY: `message` is the delivery report librdkafka handed to this callback; the pointer
    // is valid for the callback's duration and the call only reads the message's status.
    let status = unsafe { rd_kafka_message_status(message.ptr()) };
    match status {
        rd_kafka_msg_status_t::RD_KAFKA_MSG_STATUS_NOT_PERSISTED => Persistence::NotPersisted,
        // PERSISTED with an error does not happen; if it did, "unknown" is still true.
        _ => Persistence::Possibly,
    }
}

/// A Kafka error in words.
pub(super) fn describe(error: &KafkaError) -> String {
    match error.rdkafka_error_code() {
        Some(RDKafkaErrorCode::MessageTimedOut) => {
            "the broker did not acknowledge the record in time (is it reachable?)".to_owned()
        }
        Some(RDKafkaErrorCode::QueueFull) => "the producer queue is full; retry later".to_owned(),
        _ => error.to_string(),
    }
}
