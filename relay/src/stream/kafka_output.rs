//! A stream's output to Kafka: each tick's events go to the shared producer, and their
//! acknowledgements are counted as they come, without holding up the next tick.

use std::sync::Arc;

use tokio::task::JoinSet;

use super::engine::StreamOutput;
use super::handle::StreamHandle;
use super::Stamped;
use crate::kafka::KafkaSink;

/// Sends events through a [`KafkaSink`].
pub struct KafkaOutput {
    sink: KafkaSink,
    ground_truth: bool,
    settling: JoinSet<()>,
}

impl KafkaOutput {
    /// An output to `sink`; with `ground_truth`, each event's payload carries it.
    pub fn new(sink: KafkaSink, ground_truth: bool) -> Self {
        Self {
            sink,
            ground_truth,
            settling: JoinSet::new(),
        }
    }

    /// Waits for the broker's answer on everything sent.
    pub async fn finish(&mut self) {
        while self.settling.join_next().await.is_some() {}
    }
}

impl StreamOutput for KafkaOutput {
    fn has_room(&self, n: usize) -> bool {
        self.sink.has_room_for(n)
    }

    async fn send(&mut self, events: &[Stamped], stats: &Arc<StreamHandle>) -> std::io::Result<()> {
        let delivery = self.sink.enqueue_stamped(events, self.ground_truth);
        let sink = self.sink.clone();
        let stats = stats.clone();
        self.settling.spawn(async move {
            let outcome = sink.settle(&delivery).await;
            stats.record_answers(outcome.acked, outcome.not_acked(), outcome.error);
        });
        // Forget the tasks already done, so the set stays small.
        while self.settling.try_join_next().is_some() {}
        Ok(())
    }
}
