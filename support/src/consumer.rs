//! Reading back what reached a topic, every event checked against the published schemas its
//! headers name (`docs/schemas/`).

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::Headers;
use rdkafka::{Message, Offset, TopicPartitionList};
use reefer_shared::TelemetryRecord;

/// A message read back from the topic.
#[derive(Debug, Clone)]
pub struct Consumed {
    pub key: String,
    pub value: serde_json::Value,
    pub raw: Vec<u8>,
    /// The message's Kafka timestamp, milliseconds since 1970.
    pub timestamp_ms: Option<i64>,
    /// Its `payload_format` header.
    pub payload_format: String,
    /// The partition it was read from.
    pub partition: i32,
    /// Its offset in that partition.
    pub offset: i64,
}

/// The published schema of a payload format (`docs/schemas/`), compiled once.
fn event_schema(format: &str) -> &'static jsonschema::Validator {
    static JSON: OnceLock<jsonschema::Validator> = OnceLock::new();
    static LEGACY: OnceLock<jsonschema::Validator> = OnceLock::new();
    let cell = match format {
        "json" => &JSON,
        "legacy" => &LEGACY,
        other => panic!("an event with payload_format {other:?}"),
    };
    cell.get_or_init(|| schema(&format!("telemetry-event.{format}.v1.schema.json")))
}

/// A published schema from `docs/schemas/`, compiled.
pub fn schema(file: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schemas")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

/// Checks an event against the contract its headers name: `schema_version` 1 and the schema
/// of its `payload_format`. Every event the tests read back goes through this.
fn check_contract(
    message: &rdkafka::message::BorrowedMessage<'_>,
    value: &serde_json::Value,
) -> String {
    let header = |name: &str| {
        message.headers().and_then(|headers| {
            headers
                .iter()
                .find(|h| h.key == name)
                .and_then(|h| h.value)
                .map(|v| String::from_utf8_lossy(v).into_owned())
        })
    };
    assert_eq!(
        header("schema_version").as_deref(),
        Some("1"),
        "schema_version header"
    );
    let format = header("payload_format").expect("a payload_format header");
    let errors: Vec<String> = event_schema(&format)
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "the event does not follow its {format} schema: {errors:?}\n{value}"
    );
    format
}

/// Reads every message of `topic` from the start until `expected` arrived (and a little
/// longer, to catch extras and duplicates) or no message came for `timeout`. The wait is for
/// silence, not since the start: a large topic read on a busy machine keeps being read as long
/// as it keeps arriving, up to ten times `timeout` in all (a topic that never stops). Each event
/// is checked against the published schema its headers name.
pub fn consume(
    bootstrap: &str,
    topic: &str,
    expected: usize,
    timeout: Duration,
    extra: &[(&str, &str)],
) -> Vec<Consumed> {
    let mut config = ClientConfig::new();
    config
        .set("bootstrap.servers", bootstrap)
        .set("group.id", format!("test-{}", uuid::Uuid::new_v4()))
        .set("enable.auto.commit", "false");
    for (k, v) in extra {
        config.set(*k, *v);
    }
    let consumer: BaseConsumer = config.create().unwrap();
    let metadata = consumer
        .fetch_metadata(Some(topic), Duration::from_secs(10))
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for p in metadata.topics()[0].partitions() {
        assignment
            .add_partition_offset(topic, p.id(), Offset::Beginning)
            .unwrap();
    }
    consumer.assign(&assignment).unwrap();
    let mut out = Vec::new();
    let mut deadline = Instant::now() + timeout;
    let give_up = Instant::now() + 10 * timeout;
    let mut settle_until: Option<Instant> = None;
    loop {
        let now = Instant::now();
        if now > deadline || settle_until.is_some_and(|t| now > t) {
            break;
        }
        if let Some(Ok(message)) = consumer.poll(Duration::from_millis(100)) {
            deadline = (Instant::now() + timeout).min(give_up);
            let raw = message.payload().unwrap_or_default().to_vec();
            let value = serde_json::from_slice(&raw).unwrap_or(serde_json::Value::Null);
            let payload_format = check_contract(&message, &value);
            out.push(Consumed {
                key: String::from_utf8_lossy(message.key().unwrap_or_default()).into_owned(),
                value,
                raw,
                timestamp_ms: message.timestamp().to_millis(),
                payload_format,
                partition: message.partition(),
                offset: message.offset(),
            });
        }
        if out.len() >= expected && settle_until.is_none() {
            settle_until = Some(Instant::now() + Duration::from_millis(700));
        }
    }
    out
}

/// The `json` Kafka events of these records, as the relay writes them.
pub fn kafka_events(records: &[TelemetryRecord]) -> Vec<Vec<u8>> {
    records
        .iter()
        .map(|r| {
            let mut event = Vec::new();
            reefer_shared::encoding::write_kafka_event(&mut event, r);
            event
        })
        .collect()
}
