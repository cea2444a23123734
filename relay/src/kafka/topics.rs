//! Provisioning the topics the relay needs (`reefer topics`), idempotently, with Kafka's admin
//! API: IBM Event Streams and most managed clusters disable auto-creation, so the telemetry
//! topic must exist, with its partitions and retention, before the first record.

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::types::RDKafkaErrorCode;

use super::sink::client_config;
use super::KafkaFailure;
use crate::kafka::settings::KafkaSettings;

/// A topic as the relay needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicSpec {
    /// Its name.
    pub name: String,
    /// Partitions (the events are keyed by container id, so more partitions spread a fleet).
    pub partitions: i32,
    /// Replicas of each partition.
    pub replication: i32,
    /// How long records are kept, in milliseconds (`retention.ms`); the cleanup policy is
    /// `delete`.
    pub retention_ms: i64,
}

/// What provisioning found or did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Provisioned {
    /// The topic was created as asked.
    Created,
    /// The topic was there already, with this many partitions; it is left as it is.
    Exists {
        /// Its partitions.
        partitions: usize,
    },
}

/// Creates `spec` on the cluster unless a topic of its name exists.
pub fn provision(
    settings: &KafkaSettings,
    bootstrap: &str,
    spec: &TopicSpec,
    timeout: Duration,
) -> Result<Provisioned, KafkaFailure> {
    let admin: AdminClient<DefaultClientContext> = client_config(settings, bootstrap)
        .create()
        .map_err(|e| fail(format!("cannot make the Kafka admin client: {e}")))?;
    let retention = spec.retention_ms.to_string();
    let topic = NewTopic::new(
        &spec.name,
        spec.partitions,
        TopicReplication::Fixed(spec.replication),
    )
    .set("cleanup.policy", "delete")
    .set("retention.ms", &retention);
    let options = AdminOptions::new().operation_timeout(Some(timeout));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(format!("cannot start the async runtime: {e}")))?;
    let results = runtime
        .block_on(async {
            tokio::time::timeout(timeout, admin.create_topics([&topic], &options)).await
        })
        .map_err(|_| {
            fail(format!(
                "the brokers at {bootstrap} did not answer within {} s",
                timeout.as_secs()
            ))
        })?
        .map_err(|e| fail(format!("creating {}: {e}", spec.name)))?;
    match results.into_iter().next() {
        Some(Ok(_)) => Ok(Provisioned::Created),
        Some(Err((_, RDKafkaErrorCode::TopicAlreadyExists))) => {
            let metadata = admin
                .inner()
                .fetch_metadata(Some(&spec.name), timeout)
                .map_err(|e| fail(format!("reading {}: {e}", spec.name)))?;
            let partitions = metadata
                .topics()
                .first()
                .map_or(0, |t| t.partitions().len());
            Ok(Provisioned::Exists { partitions })
        }
        Some(Err((_, code))) => Err(fail(format!("creating {}: {code}", spec.name))),
        None => Err(fail(format!(
            "creating {}: the broker gave no answer",
            spec.name
        ))),
    }
}

fn fail(message: String) -> KafkaFailure {
    KafkaFailure::new(message)
}
