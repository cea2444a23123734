//! The embedded default broker: librdkafka's in-process mock cluster.
//!
//! It speaks the Kafka protocol on a loopback port, so the whole demo runs without a Kafka
//! installation. It keeps data in memory only, and each partition keeps only recent data
//! (about the last 5 MiB); point `KAFKA_BROKERS` at a real cluster for anything else.

use std::sync::mpsc;
use std::thread;

use rdkafka::mocking::MockCluster;

use super::KafkaFailure;

/// Partitions of the topic on the embedded broker.
const PARTITIONS: i32 = 3;

/// A running embedded broker; it stops when this is dropped.
pub struct EmbeddedBroker {
    bootstrap: String,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<thread::JoinHandle<()>>,
}

impl EmbeddedBroker {
    /// Starts the broker with `topics` created, on a thread of its own (the mock cluster is
    /// not `Send`).
    pub fn start(topics: &[&str]) -> Result<Self, KafkaFailure> {
        let (ready_tx, ready_rx) = mpsc::channel();
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let topics: Vec<String> = topics.iter().map(|t| (*t).to_owned()).collect();
        let thread = thread::Builder::new()
            .name("embedded-kafka".into())
            .spawn(move || {
                let cluster = match MockCluster::new(1) {
                    Ok(cluster) => cluster,
                    Err(e) => {
                        let _ = ready_tx.send(Err(KafkaFailure::new(format!("cannot start: {e}"))));
                        return;
                    }
                };
                for topic in &topics {
                    if let Err(e) = cluster.create_topic(topic, PARTITIONS, 1) {
                        let _ = ready_tx.send(Err(KafkaFailure::new(format!(
                            "cannot create topic {topic:?}: {e}"
                        ))));
                        return;
                    }
                }
                let _ = ready_tx.send(Ok(cluster.bootstrap_servers()));
                // Keep the cluster alive until the owner stops it or goes away.
                let _ = stop_rx.recv();
            })
            .map_err(|e| KafkaFailure::new(format!("cannot start its thread: {e}")))?;
        let bootstrap = ready_rx
            .recv()
            .map_err(|_| KafkaFailure::new("its thread stopped"))??;
        Ok(Self {
            bootstrap,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    /// The broker's `bootstrap.servers`.
    pub fn bootstrap(&self) -> &str {
        &self.bootstrap
    }
}

impl Drop for EmbeddedBroker {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
