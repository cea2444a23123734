//! Delivery faults: what can happen to readings between the reefer and the consumer.
//!
//! The readings themselves are those of `normal` with the same seed; what changes is which of
//! them arrive, how often and in what order. Every delivered record knows its row (the reading
//! it is, hence its event time `measurement_time`) and its ingest row (when it arrived, on the
//! same clock, an interval per row), so the ground truth can say `ingest_time` beside the event time.
//!
//! | simulation | where | what is delivered | `maintenance_required` |
//! |---|---|---|---|
//! | gaps | the 3 fault runs (merged where they overlap) | nothing: the rows are missing; the first row after a gap carries the ground truth `gap`, its `minutes_since_onset` the gap's length | 0 |
//! | duplicates | the first hour of each run (≤ 12 rows of 5 min) | each row in order, then the block again right after its last row (a re-sent batch); the copies carry `duplicate` | 0 |
//! | lateevents | the first hour of each run | held back, and delivered after the reading an hour past the block's last: 1 to 2 h late, out of order; they carry `late_event` | 0 |
//!
//! Memory stays bounded: at most two blocks (24 records) wait at any time.

use std::collections::VecDeque;

use crate::fault::{FaultPlan, FaultRun};
use crate::interval::Interval;
use crate::record::TelemetryRecord;
use crate::simulation::Simulation;

/// The longest stretch a duplicated or late block covers, minutes (12 readings of 5 min).
pub const DELIVERY_BLOCK_MINUTES: u64 = 60;
/// How long after its block's last reading a late block is delivered, minutes.
pub const LATE_BY_MINUTES: u64 = 60;

/// The most rows a duplicated or late block has at `interval` (12 at 5 minutes).
pub const fn delivery_block(interval: Interval) -> u64 {
    interval.readings_covering(DELIVERY_BLOCK_MINUTES)
}

/// How many rows after its block's last row a late block is delivered at `interval`.
pub const fn late_by(interval: Interval) -> u64 {
    interval.readings_covering(LATE_BY_MINUTES)
}

/// Where a delivered record comes from and when it arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Delivered {
    /// The reading's row in the run (0-based): its event time.
    pub row: u64,
    /// The row at whose time the record arrived: its ingest time. Equal to `row` when on time.
    pub ingest_row: u64,
    /// Whether this is a second delivery of a row already delivered.
    pub copy: bool,
}

impl Delivered {
    /// A record delivered on time, once.
    pub const fn on_time(row: u64) -> Self {
        Self {
            row,
            ingest_row: row,
            copy: false,
        }
    }
}

/// The delivery faults, one per simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    Gaps,
    Duplicates,
    Late,
}

/// The delivery of one generation: which rows arrive, when, and how often.
#[derive(Debug, Clone)]
pub(crate) struct Delivery {
    fault: Fault,
    /// The rows concerned: the outages for gaps, their first hour otherwise.
    blocks: Vec<FaultRun>,
    /// Records ready to go, in delivery order.
    ready: VecDeque<(TelemetryRecord, Delivered)>,
    /// Rows from a late block's last row to its delivery.
    late_by: u64,
    /// Records waiting: a duplicated block's rows, or late rows, with their ingest row.
    waiting: VecDeque<(TelemetryRecord, Delivered)>,
    total: u64,
}

impl Delivery {
    /// The delivery of `simulation` over `n` rows `interval` apart with `plan`; `None` if it
    /// has no delivery fault (every row arrives once, on time).
    pub(crate) fn new(
        simulation: Simulation,
        plan: &FaultPlan,
        n: u64,
        interval: Interval,
    ) -> Option<Self> {
        let fault = match simulation {
            Simulation::Gaps => Fault::Gaps,
            Simulation::Duplicates => Fault::Duplicates,
            Simulation::LateEvents => Fault::Late,
            _ => return None,
        };
        let blocks: Vec<FaultRun> = plan
            .outages()
            .iter()
            .map(|o| FaultRun {
                start: o.start,
                len: block_rows(simulation, o.len, interval),
            })
            .collect();
        let affected: u64 = blocks.iter().map(|b| b.len).sum();
        let total = match fault {
            Fault::Gaps => n - affected,
            Fault::Duplicates => n + affected,
            Fault::Late => n,
        };
        Some(Self {
            fault,
            blocks,
            // Grown only when a block comes (a fleet holds thousands of these).
            ready: VecDeque::new(),
            late_by: late_by(interval),
            waiting: VecDeque::new(),
            total,
        })
    }

    /// How many records the whole generation delivers.
    pub(crate) fn total(&self) -> u64 {
        self.total
    }

    /// The next record to deliver, if one is ready.
    #[inline]
    pub(crate) fn pop(&mut self) -> Option<(TelemetryRecord, Delivered)> {
        self.ready.pop_front()
    }

    /// Takes the reading of row `row` (rows come in order).
    pub(crate) fn accept(&mut self, row: u64, record: TelemetryRecord) {
        let block = self.blocks.iter().copied().find(|b| b.contains(row));
        match (self.fault, block) {
            (Fault::Gaps, Some(_)) => {}
            (Fault::Duplicates, Some(block)) => {
                self.ready.push_back((record, Delivered::on_time(row)));
                let last = block.end() - 1;
                self.waiting.push_back((
                    record,
                    Delivered {
                        row,
                        ingest_row: last,
                        copy: true,
                    },
                ));
            }
            (Fault::Late, Some(block)) => {
                let ingest_row = block.end() - 1 + self.late_by;
                self.waiting.push_back((
                    record,
                    Delivered {
                        row,
                        ingest_row,
                        copy: false,
                    },
                ));
            }
            _ => self.ready.push_back((record, Delivered::on_time(row))),
        }
        while self
            .waiting
            .front()
            .is_some_and(|(_, d)| d.ingest_row <= row)
        {
            if let Some(late) = self.waiting.pop_front() {
                self.ready.push_back(late);
            }
        }
    }

    /// After the last row: whatever still waits is delivered. `false` if nothing was left.
    pub(crate) fn flush(&mut self) -> bool {
        if self.waiting.is_empty() {
            return false;
        }
        self.ready.append(&mut self.waiting);
        true
    }
}

/// How many rows of an outage of `len` rows a delivery fault concerns.
pub(crate) fn block_rows(simulation: Simulation, len: u64, interval: Interval) -> u64 {
    match simulation {
        Simulation::Duplicates | Simulation::LateEvents => len.min(delivery_block(interval)),
        _ => len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{GenerationSpec, Generator};

    fn deliveries(simulation: &str, n: u64) -> (Vec<Delivered>, FaultPlan) {
        let spec = GenerationSpec::example(simulation, n, 42);
        let mut generator = Generator::new(spec);
        let plan = generator.plan().clone();
        let expected = generator.len();
        let mut out = Vec::new();
        while let Some(record) = generator.next() {
            let d = generator.last_delivered();
            assert_eq!(
                record.measurement_time,
                spec.start()
                    .checked_add_seconds(d.row as i64 * 300)
                    .unwrap()
            );
            if Delivery::new(spec.simulation(), &plan, n, spec.interval()).is_some() {
                assert!(!record.maintenance_required, "{simulation}: never labelled");
            }
            out.push(d);
        }
        assert_eq!(out.len(), expected, "{simulation}: the announced total");
        (out, plan)
    }

    #[test]
    fn gaps_drop_the_rows_of_the_outages_and_nothing_else() {
        let (delivered, plan) = deliveries("gaps", 2000);
        let rows: Vec<u64> = delivered.iter().map(|d| d.row).collect();
        let expected: Vec<u64> = (0..2000).filter(|&i| !plan.is_faulty(i)).collect();
        assert_eq!(rows, expected);
        assert!(delivered.iter().all(|d| d.ingest_row == d.row && !d.copy));
    }

    #[test]
    fn duplicates_resend_each_block_once_right_after_it() {
        let (delivered, plan) = deliveries("duplicates", 2000);
        let copies: Vec<&Delivered> = delivered.iter().filter(|d| d.copy).collect();
        let blocks: u64 = plan.outages().iter().map(|o| o.len.min(12)).sum();
        assert_eq!(copies.len() as u64, blocks);
        for (position, d) in delivered.iter().enumerate().filter(|(_, d)| d.copy) {
            // The copy comes after the block's last row, and nothing else in between.
            let last = delivered[..position]
                .iter()
                .rev()
                .find(|e| !e.copy)
                .unwrap();
            assert_eq!(last.row, d.ingest_row);
            assert!(
                d.row <= d.ingest_row && d.ingest_row - d.row < delivery_block(Interval::default())
            );
        }
        let originals: Vec<u64> = delivered
            .iter()
            .filter(|d| !d.copy)
            .map(|d| d.row)
            .collect();
        assert_eq!(originals, (0..2000).collect::<Vec<_>>());
    }

    #[test]
    fn late_events_arrive_one_to_two_hours_late_out_of_order() {
        let (delivered, plan) = deliveries("lateevents", 2000);
        let mut rows: Vec<u64> = delivered.iter().map(|d| d.row).collect();
        assert_ne!(
            rows,
            (0..2000).collect::<Vec<_>>(),
            "some rows out of order"
        );
        rows.sort_unstable();
        assert_eq!(
            rows,
            (0..2000).collect::<Vec<_>>(),
            "every row exactly once"
        );
        let mut late = 0;
        for (position, d) in delivered.iter().enumerate() {
            if d.ingest_row == d.row {
                continue;
            }
            late += 1;
            let delay = d.ingest_row - d.row;
            assert!(
                (late_by(Interval::default())
                    ..late_by(Interval::default()) + delivery_block(Interval::default()))
                    .contains(&delay),
                "{d:?}"
            );
            // Delivered right after the reading of its ingest row (or at the very end).
            let before = delivered[..position]
                .iter()
                .rev()
                .find(|e| e.ingest_row == e.row)
                .unwrap();
            assert!(before.row == d.ingest_row || d.ingest_row >= 2000 - 1);
        }
        let blocks: u64 = plan.outages().iter().map(|o| o.len.min(12)).sum();
        assert_eq!(late, blocks);
    }

    #[test]
    fn other_simulations_deliver_every_row_once_on_time() {
        for simulation in ["normal", "poweroff", "sensorspike"] {
            let (delivered, _) = deliveries(simulation, 500);
            for (i, d) in delivered.iter().enumerate() {
                assert_eq!(*d, Delivered::on_time(i as u64));
            }
        }
    }
}
