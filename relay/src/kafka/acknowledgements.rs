//! Counting the broker's answers for a group of records (a batch, a `/control` job) without a
//! future per record: librdkafka's delivery callback updates the group's counters, and the
//! last answer wakes whoever waits. A group can also keep each record's fate (an HTTP batch
//! answers with it when it did not deliver everything).

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use reefer_shared::wire::{DeliveryStatus, RecordDelivery};
use tokio::sync::Notify;

/// What became of a set of records handed to Kafka.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    /// Records the broker acknowledged.
    pub acked: u64,
    /// Records that never reached the broker (a retry cannot duplicate them).
    pub failed: u64,
    /// Records sent without an answer in time (the broker may hold them).
    pub unknown: u64,
    /// The first delivery error, in words.
    pub error: Option<String>,
    /// Each record's fate in the order handed over, for a group that keeps them.
    pub records: Option<Vec<RecordDelivery>>,
}

impl BatchOutcome {
    /// Records without an acknowledgement: failed or of unknown fate.
    pub fn not_acked(&self) -> u64 {
        self.failed + self.unknown
    }
}

/// What librdkafka knows of a record it could not confirm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Persistence {
    /// It never reached the broker.
    NotPersisted,
    /// It was sent; the broker may hold it.
    Possibly,
}

/// The answers for one group of records.
#[derive(Debug)]
pub struct Acknowledgements {
    remaining: AtomicUsize,
    acked: AtomicU64,
    failed: AtomicU64,
    unknown: AtomicU64,
    error: Mutex<Option<String>>,
    ledger: Option<Mutex<Ledger>>,
    done: Notify,
}

/// Each record's fate in a tracked group, kept without an allocation per record: the
/// delivery callback writes a few numbers, and the answer's words are built once, at the end.
#[derive(Debug)]
struct Ledger {
    fates: Vec<Fate>,
    /// The errors the fates point at; the first is that of a record never handed over.
    errors: Vec<String>,
}

/// One record's fate as the callbacks record it.
#[derive(Debug, Clone, Copy)]
struct Fate {
    status: DeliveryStatus,
    partition: Option<i32>,
    offset: Option<i64>,
    /// Index in [`Ledger::errors`] of why the record was not acked.
    error: usize,
}

/// What a tracked record that was never handed to the producer says.
const NOT_HANDED_OVER: &str = "not handed to the producer";

impl Ledger {
    fn new(n: usize) -> Self {
        let unsent = Fate {
            status: DeliveryStatus::Failed,
            partition: None,
            offset: None,
            error: 0,
        };
        Self {
            fates: vec![unsent; n],
            errors: vec![NOT_HANDED_OVER.to_owned()],
        }
    }

    /// The index of `error` in `errors`, added unless it is the latest one.
    fn error_index(&mut self, error: &str) -> usize {
        if self.errors.last().map(String::as_str) != Some(error) {
            self.errors.push(error.to_owned());
        }
        self.errors.len() - 1
    }

    /// Each record's fate in words, in order.
    fn records(&self) -> Vec<RecordDelivery> {
        self.fates
            .iter()
            .enumerate()
            .map(|(index, fate)| RecordDelivery {
                index,
                status: fate.status,
                partition: fate.partition,
                offset: fate.offset,
                error: (fate.status != DeliveryStatus::Acked)
                    .then(|| self.errors[fate.error].clone()),
            })
            .collect()
    }
}

/// One record's place in its group: what librdkafka hands back with its delivery report.
#[derive(Debug)]
pub struct Delivery {
    group: Arc<Acknowledgements>,
    index: usize,
}

impl Delivery {
    /// The record at `index` of `group`.
    pub fn new(group: Arc<Acknowledgements>, index: usize) -> Box<Self> {
        Box::new(Self { group, index })
    }

    /// The broker stored the record at `partition`, `offset`.
    pub fn acked(&self, partition: i32, offset: i64) {
        self.group.ack_at(self.index, partition, offset);
    }

    /// The record was not confirmed.
    pub fn not_acked(&self, persistence: Persistence, error: impl FnOnce() -> String) {
        self.group.not_acked(self.index, 1, persistence, error);
    }
}

impl Acknowledgements {
    /// A group of `n` records, none answered yet, that keeps only counts.
    pub fn new(n: usize) -> Self {
        Self::with_ledger(n, false)
    }

    /// A group of `n` records that also keeps each record's fate.
    pub fn tracked(n: usize) -> Self {
        Self::with_ledger(n, true)
    }

    fn with_ledger(n: usize, tracked: bool) -> Self {
        let ledger = tracked.then(|| Mutex::new(Ledger::new(n)));
        Self {
            remaining: AtomicUsize::new(n),
            acked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
            unknown: AtomicU64::new(0),
            error: Mutex::new(None),
            ledger,
            done: Notify::new(),
        }
    }

    /// One record was acknowledged (where it went is not kept).
    pub fn ack(&self) {
        self.acked.fetch_add(1, Ordering::Relaxed);
        self.answered(1);
    }

    fn ack_at(&self, index: usize, partition: i32, offset: i64) {
        if let Some(ledger) = &self.ledger {
            let mut ledger = ledger.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(fate) = ledger.fates.get_mut(index) {
                fate.status = DeliveryStatus::Acked;
                fate.partition = Some(partition);
                fate.offset = Some(offset);
            }
        }
        self.ack();
    }

    /// `n` records from `first` on never reached the broker (the producer refused them).
    pub fn fail(&self, first: usize, n: usize, error: impl FnOnce() -> String) {
        self.not_acked(first, n, Persistence::NotPersisted, error);
    }

    fn not_acked(
        &self,
        first: usize,
        n: usize,
        persistence: Persistence,
        error: impl FnOnce() -> String,
    ) {
        if n == 0 {
            return;
        }
        let (counter, status) = match persistence {
            Persistence::NotPersisted => (&self.failed, DeliveryStatus::Failed),
            Persistence::Possibly => (&self.unknown, DeliveryStatus::Unknown),
        };
        counter.fetch_add(n as u64, Ordering::Relaxed);
        let error = error();
        if let Some(ledger) = &self.ledger {
            let mut ledger = ledger.lock().unwrap_or_else(|p| p.into_inner());
            let index = ledger.error_index(&error);
            for fate in ledger.fates.iter_mut().skip(first).take(n) {
                fate.status = status;
                fate.error = index;
            }
        }
        if let Ok(mut slot) = self.error.lock() {
            if slot.is_none() {
                *slot = Some(error);
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
            unknown: self.unknown.load(Ordering::Relaxed),
            error: self.error.lock().ok().and_then(|e| e.clone()),
            records: self
                .ledger
                .as_ref()
                .map(|l| l.lock().unwrap_or_else(|p| p.into_inner()).records()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wait_returns_once_every_record_is_answered() {
        let delivery = Arc::new(Acknowledgements::new(3));
        let waiter = tokio::spawn({
            let delivery = delivery.clone();
            async move { delivery.wait().await }
        });
        delivery.ack();
        delivery.fail(1, 1, || "first".into());
        Delivery::new(delivery.clone(), 2).not_acked(Persistence::Possibly, || "second".into());
        let outcome = waiter.await.unwrap();
        assert_eq!((outcome.acked, outcome.failed, outcome.unknown), (1, 1, 1));
        assert_eq!(outcome.error.as_deref(), Some("first"));
        assert_eq!(
            outcome.records, None,
            "an untracked group keeps counts only"
        );
        assert_eq!(Acknowledgements::new(0).wait().await.acked, 0);
    }

    #[tokio::test]
    async fn a_tracked_group_keeps_each_records_fate_in_order() {
        let group = Arc::new(Acknowledgements::tracked(4));
        Delivery::new(group.clone(), 2).acked(1, 40);
        Delivery::new(group.clone(), 0).not_acked(Persistence::Possibly, || "timed out".into());
        Delivery::new(group.clone(), 1).acked(0, 7);
        group.fail(3, 1, || "queue full".into());
        let outcome = group.wait().await;
        let records = outcome.records.unwrap();
        let fates: Vec<_> = records
            .iter()
            .map(|r| (r.index, r.status, r.partition, r.offset, r.error.as_deref()))
            .collect();
        assert_eq!(
            fates,
            [
                (0, DeliveryStatus::Unknown, None, None, Some("timed out")),
                (1, DeliveryStatus::Acked, Some(0), Some(7), None),
                (2, DeliveryStatus::Acked, Some(1), Some(40), None),
                (3, DeliveryStatus::Failed, None, None, Some("queue full")),
            ]
        );
        assert_eq!((outcome.acked, outcome.failed, outcome.unknown), (2, 1, 1));
    }

    #[tokio::test]
    async fn each_record_keeps_its_own_error_when_errors_alternate() {
        let group = Arc::new(Acknowledgements::tracked(5));
        for (index, error) in [(0, "a"), (1, "b"), (2, "b"), (3, "a")] {
            Delivery::new(group.clone(), index).not_acked(Persistence::Possibly, || error.into());
        }
        Delivery::new(group.clone(), 4).acked(2, 9);
        let records = group.wait().await.records.unwrap();
        let errors: Vec<_> = records.iter().map(|r| r.error.as_deref()).collect();
        assert_eq!(errors, [Some("a"), Some("b"), Some("b"), Some("a"), None]);
    }
}
