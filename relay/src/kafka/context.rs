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
/// Prefix of a TLS failure (an unknown CA, an expired or misnamed certificate), which stays the
/// reported error until cleared.
const TLS_MARK: &str = "TLS handshake with the broker failed (check KAFKA_CERT and KAFKA_BROKERS)";

/// The lasting cause an error names, if it is one: it explains the "all brokers down" that
/// follows it, so it stays the reported error until the broker answers again.
fn cause_mark(error: &KafkaError, reason: &str) -> Option<&'static str> {
    if error.rdkafka_error_code() == Some(RDKafkaErrorCode::Authentication) {
        Some(AUTH_MARK)
    } else if reason.contains("SSL handshake failed")
        || reason.contains("certificate verify failed")
    {
        Some(TLS_MARK)
    } else {
        None
    }
}

/// The useful part of librdkafka's TLS failure: the OpenSSL reason, without its advice.
fn tls_reason(reason: &str) -> &str {
    let reason = reason
        .split_once("SSL handshake failed: ")
        .map_or(reason, |(_, rest)| rest);
    let reason = reason.split(" (after ").next().unwrap_or(reason);
    reason
        .rsplit_once("routines::")
        .map_or(reason, |(_, rest)| rest)
}

/// Context of the relay's Kafka clients. Clones share the last error.
#[derive(Default, Clone)]
pub struct RelayContext {
    last_error: Arc<Mutex<Option<String>>>,
}

/// Whether an error, as [`RelayContext::last_error`] gives it, is a TLS failure that librdkafka
/// could not explain.
pub(super) fn is_unexplained_tls(error: &str) -> bool {
    error.starts_with(TLS_MARK) && error.contains("certificate verify failed")
}

impl RelayContext {
    /// The most recent error librdkafka reported (e.g. an authentication failure), if any.
    pub fn last_error(&self) -> Option<String> {
        self.last_error.lock().ok().and_then(|e| e.clone())
    }

    /// Replaces a TLS failure's reason by a better one (see `tls_check`), if it is still the
    /// last error.
    pub(super) fn explain_tls(&self, reason: &str) {
        if let Ok(mut e) = self.last_error.lock() {
            if e.as_deref().is_some_and(is_unexplained_tls) {
                *e = Some(format!("{TLS_MARK}: {reason}"));
            }
        }
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
            | RDKafkaLogLevel::Error
                if fac == "FAIL" =>
            {
                // A connection failure: the error callback gets it too, and the relay reports
                // it once, in its own words ("not ready: …", a failed batch).
                tracing::debug!(target: "librdkafka", "{fac}: {message}")
            }
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
        let mark = cause_mark(&error, reason);
        if let Ok(mut e) = self.last_error.lock() {
            let lasting = e
                .as_deref()
                .is_some_and(|old| old.starts_with(AUTH_MARK) || old.starts_with(TLS_MARK));
            if mark.is_some() || !lasting {
                *e = Some(match mark {
                    Some(TLS_MARK) => format!("{TLS_MARK}: {}", tls_reason(reason)),
                    Some(mark) => format!("{mark}: {reason}"),
                    None => reason.to_owned(),
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
