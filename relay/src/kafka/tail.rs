//! The latest events of the topic, read back by a consumer, for the control panel's live view:
//! the demonstrator sees the records arrive in Kafka, not only the relay's word for it.

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{Message, Offset, TopicPartitionList};
use reefer_shared::wire::TailedEvent;

use super::sink::client_config;
use crate::kafka::settings::KafkaSettings;

/// Events kept in memory.
pub const KEPT: usize = 500;
/// The largest event kept; a bigger message on the topic (another producer's) is shown as null.
const MAX_EVENT_BYTES: usize = 64 * 1024;
/// Events read from the end of each partition when the tail starts.
const BACKLOG: i64 = 20;

/// An event as read, parsed only when a reader asks for it: the consumer reads every event of
/// a busy topic but the panel shows a few, so parsing all of them cost the relay a tenth of its
/// CPU under load (docs/benchmarks-history.md, part 16).
#[derive(Default, Clone)]
struct Raw {
    seq: u64,
    partition: i32,
    offset: i64,
    key: Vec<u8>,
    /// The payload; empty for a message over [`MAX_EVENT_BYTES`] (shown as null).
    payload: Vec<u8>,
    /// When it was read, in milliseconds since 1970.
    read_ms: i64,
}

impl Raw {
    fn to_event(&self) -> TailedEvent {
        TailedEvent {
            seq: self.seq,
            partition: self.partition,
            offset: self.offset,
            key: String::from_utf8_lossy(&self.key).into_owned(),
            event: serde_json::from_slice(&self.payload).unwrap_or(serde_json::Value::Null),
        }
    }
}

#[derive(Default)]
struct Kept {
    events: VecDeque<Raw>,
    next_seq: u64,
    /// The containers someone follows (the panel's board, on a click): each key's own ring of
    /// its latest events, so a busy topic does not push them out of [`KEPT`].
    watched: HashMap<Vec<u8>, Watched>,
}

/// One followed key's latest events, and when it was last asked for.
struct Watched {
    events: VecDeque<Raw>,
    asked: Instant,
}

/// Keys followed at once; asking for another drops the one asked for longest ago.
pub const WATCHED_KEYS: usize = 16;
/// Events kept per followed key.
pub const KEPT_PER_KEY: usize = 120;

/// A background consumer of the topic that keeps the latest events.
#[derive(Clone)]
pub struct EventTail {
    kept: Arc<Mutex<Kept>>,
    stop: Arc<AtomicBool>,
}

impl EventTail {
    /// Starts tailing `settings.topic` on its own thread; it waits for the topic if it does not
    /// exist yet.
    pub fn start(settings: &KafkaSettings, bootstrap: &str) -> Self {
        Self::start_topic(settings, bootstrap, &settings.topic.clone())
    }

    /// Starts tailing `topic` (on the cluster of `settings`) on its own thread.
    pub fn start_topic(settings: &KafkaSettings, bootstrap: &str, topic: &str) -> Self {
        let tail = Self {
            kept: Arc::new(Mutex::new(Kept::default())),
            stop: Arc::new(AtomicBool::new(false)),
        };
        let mut config = client_config(settings, bootstrap);
        config
            .set(
                "group.id",
                format!("reefer-relay-tail-{}", uuid::Uuid::new_v4().simple()),
            )
            .set("enable.auto.commit", "false")
            .set("client.id", "reefer-relay-tail")
            // The live view needs the latest events, not a prefetch of the topic: librdkafka's
            // defaults (64 MiB queued, 50 MiB fetches) would cost more than the whole relay.
            .set("queued.max.messages.kbytes", "2048")
            .set("fetch.max.bytes", "1048576")
            .set("max.partition.fetch.bytes", "262144");
        let topic = topic.to_owned();
        let worker = tail.clone();
        let _ = thread::Builder::new()
            .name("event-tail".into())
            .spawn(move || worker.run(config, &topic));
        tail
    }

    fn run(&self, config: rdkafka::ClientConfig, topic: &str) {
        let consumer: BaseConsumer = match config.create() {
            Ok(consumer) => consumer,
            Err(e) => {
                tracing::warn!("the live event view is off: cannot create a consumer: {e}");
                return;
            }
        };
        // Wait until the topic has partitions, then read from a little before the end.
        let partitions = loop {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            let found = consumer
                .fetch_metadata(Some(topic), Duration::from_secs(5))
                .ok()
                .and_then(|m| {
                    m.topics()
                        .first()
                        .map(|t| t.partitions().iter().map(|p| p.id()).collect::<Vec<_>>())
                })
                .filter(|p| !p.is_empty());
            match found {
                Some(partitions) => break partitions,
                None => thread::sleep(Duration::from_secs(1)),
            }
        };
        let mut assignment = TopicPartitionList::new();
        for partition in partitions {
            let _ = assignment.add_partition_offset(topic, partition, Offset::OffsetTail(BACKLOG));
        }
        if let Err(e) = consumer.assign(&assignment) {
            tracing::warn!("the live event view is off: cannot read {topic:?}: {e}");
            return;
        }
        while !self.stop.load(Ordering::Relaxed) {
            match consumer.poll(Duration::from_millis(200)) {
                Some(Ok(message)) => {
                    let payload = message
                        .payload()
                        .filter(|p| p.len() <= MAX_EVENT_BYTES)
                        .unwrap_or_default();
                    let key = message.key().unwrap_or_default();
                    self.push(message.partition(), message.offset(), key, payload);
                }
                Some(Err(e)) => tracing::debug!("event tail: {e}"),
                None => {}
            }
        }
    }

    fn push(&self, partition: i32, offset: i64, key: &[u8], payload: &[u8]) {
        if let Ok(mut kept) = self.kept.lock() {
            kept.next_seq += 1;
            let seq = kept.next_seq;
            // The oldest event's buffers are reused once the ring is full: no allocation per
            // event.
            let mut raw = if kept.events.len() >= KEPT {
                kept.events.pop_front().unwrap_or_default()
            } else {
                Raw::default()
            };
            raw.seq = seq;
            raw.partition = partition;
            raw.offset = offset;
            raw.key.clear();
            raw.key.extend_from_slice(key);
            raw.payload.clear();
            raw.payload.extend_from_slice(payload);
            raw.read_ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_millis() as i64);
            if let Some(watched) = kept.watched.get_mut(key) {
                if watched.events.len() >= KEPT_PER_KEY {
                    watched.events.pop_front();
                }
                watched.events.push_back(raw.clone());
            }
            kept.events.push_back(raw);
        }
    }

    /// Up to `limit` of the events read after `after`, oldest first, and the last `seq` known.
    pub fn after(&self, after: u64, limit: usize) -> (Vec<TailedEvent>, u64) {
        let (timed, last) = self.after_timed(after, limit);
        (timed.into_iter().map(|(e, _)| e).collect(), last)
    }

    /// As [`EventTail::after`], with the time each event was read (milliseconds since 1970).
    pub fn after_timed(&self, after: u64, limit: usize) -> (Vec<(TailedEvent, i64)>, u64) {
        let Ok(kept) = self.kept.lock() else {
            return (Vec::new(), after);
        };
        // The newest `limit` of those after `after`, so that a slow reader sees the latest
        // state.
        let newer = kept.events.iter().filter(|e| e.seq > after).count();
        let skip = kept.events.len() - newer + newer.saturating_sub(limit);
        let events = kept
            .events
            .iter()
            .skip(skip)
            .map(|raw| (raw.to_event(), raw.read_ms))
            .collect();
        (events, kept.next_seq)
    }

    /// Up to `limit` of the events of key `key` read after `after`, oldest first, and the last
    /// `seq` known. The key is followed from now on (its own ring of [`KEPT_PER_KEY`]); the
    /// first answer holds what the shared ring still has of it.
    pub fn of_key(&self, key: &str, after: u64, limit: usize) -> (Vec<TailedEvent>, u64) {
        let Ok(mut kept) = self.kept.lock() else {
            return (Vec::new(), after);
        };
        let key = key.as_bytes();
        if !kept.watched.contains_key(key) {
            if kept.watched.len() >= WATCHED_KEYS {
                let oldest = kept
                    .watched
                    .iter()
                    .min_by_key(|(_, w)| w.asked)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    kept.watched.remove(&oldest);
                }
            }
            let mut events: VecDeque<Raw> = kept
                .events
                .iter()
                .filter(|e| e.key == key)
                .cloned()
                .collect();
            while events.len() > KEPT_PER_KEY {
                events.pop_front();
            }
            kept.watched.insert(
                key.to_vec(),
                Watched {
                    events,
                    asked: Instant::now(),
                },
            );
        }
        let last = kept.next_seq;
        let Some(watched) = kept.watched.get_mut(key) else {
            return (Vec::new(), last);
        };
        watched.asked = Instant::now();
        let newer: Vec<&Raw> = watched.events.iter().filter(|e| e.seq > after).collect();
        let skip = newer.len().saturating_sub(limit);
        let events = newer.into_iter().skip(skip).map(Raw::to_event).collect();
        (events, last)
    }

    /// Stops the consumer thread.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
