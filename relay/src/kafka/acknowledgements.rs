//! Counting the broker's answers for a group of records (a batch, a `/control` job) without a
//! future per record: librdkafka's delivery callback updates the group's counters, and the
//! last answer wakes whoever waits.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

use tokio::sync::Notify;

/// What became of a set of records handed to Kafka.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records that could not be delivered.
    pub failed: u64,
    /// The first delivery error, in words.
    pub error: Option<String>,
}

/// The answers for one group of records.
#[derive(Debug)]
pub struct Acknowledgements {
    remaining: AtomicUsize,
    acked: AtomicU64,
    failed: AtomicU64,
    error: Mutex<Option<String>>,
    done: Notify,
}

impl Acknowledgements {
    /// A group of `n` records, none answered yet.
    pub fn new(n: usize) -> Self {
        Self {
            remaining: AtomicUsize::new(n),
            acked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            error: Mutex::new(None),
            done: Notify::new(),
        }
    }

    /// One record was acknowledged.
    pub fn ack(&self) {
        self.acked.fetch_add(1, Ordering::Relaxed);
        self.answered(1);
    }

    /// `n` records failed (or were never handed to the producer).
    pub fn fail(&self, n: usize, error: impl FnOnce() -> String) {
        if n == 0 {
            return;
        }
        self.failed.fetch_add(n as u64, Ordering::Relaxed);
        if let Ok(mut slot) = self.error.lock() {
            if slot.is_none() {
                *slot = Some(error());
            }
        }
        self.answered(n);
    }

    fn answered(&self, n: usize) {
        if self.remaining.fetch_sub(n, Ordering::AcqRel) == n {
            self.done.notify_waiters();
        }
    }

    /// Waits until every record of the group has an answer.
    pub async fn wait(&self) -> BatchOutcome {
        loop {
            let notified = self.done.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if self.remaining.load(Ordering::Acquire) == 0 {
                break;
            }
            notified.await;
        }
        BatchOutcome {
            acked: self.acked.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
            error: self.error.lock().ok().and_then(|e| e.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    #[tokio::test]
    async fn wait_returns_once_every_record_is_answered() {
        let delivery = Arc::new(Acknowledgements::new(3));
        let waiter = tokio::spawn({
            let delivery = delivery.clone();
            async move { delivery.wait().await }
        });
        delivery.ack();
        delivery.fail(1, || "first".into());
        delivery.fail(1, || "second".into());
        let outcome = waiter.await.unwrap();
        assert_eq!((outcome.acked, outcome.failed), (1, 2));
        assert_eq!(outcome.error.as_deref(), Some("first"));
        assert_eq!(Acknowledgements::new(0).wait().await.acked, 0);
    }
}
