//! One unit's readings on their way to the dataset: generated, degraded (noise, nuisance
//! alarms, missing and late readings), and its alarm log kept from what the controller showed.

use std::collections::VecDeque;

use reefer_shared::dataset::degrade::{Degrader, Fate};
use reefer_shared::dataset::{DatasetSpec, UnitPlan};
use reefer_shared::rcm::RcmReading;
use reefer_shared::{Generator, TelemetryRecord, Timestamp};

/// One reading: the record and its `rcm` columns.
pub type Row = (TelemetryRecord, RcmReading);

/// An alarm the controller raised: its code, when, whether it is a nuisance, and when it
/// cleared (`None` if still active at the unit's last reading).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alarm {
    /// The code (`AL16`, …).
    pub code: &'static str,
    /// The first reading that showed it.
    pub raised_at: Timestamp,
    /// The first reading that no longer showed it.
    pub cleared_at: Option<Timestamp>,
    /// Ground truth: raised without its condition.
    pub nuisance: bool,
}

/// Counts of what happened to a unit's readings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Readings generated (up to the cut).
    pub generated: u64,
    /// Readings never written.
    pub missing: u64,
    /// Readings written after later ones.
    pub late: u64,
}

/// A unit's readings, pulled in time order a stretch at a time.
pub struct UnitRows {
    generator: Generator,
    degrader: Degrader,
    /// Readings to generate (a test unit's stop at its cut).
    limit: u64,
    /// Late readings waiting: (the reading count after which each is written, the row).
    held: VecDeque<(u64, Row)>,
    /// The alarm showing at the last reading.
    open: Option<Alarm>,
    /// Counts so far.
    pub counts: Counts,
}

impl UnitRows {
    /// The readings of `unit` in `spec`.
    pub fn new(spec: &DatasetSpec, unit: &UnitPlan) -> Self {
        Self {
            generator: Generator::new(unit.generation(spec)),
            degrader: Degrader::new(unit.seed, spec.knobs),
            limit: unit.readings(spec),
            held: VecDeque::new(),
            open: None,
            counts: Counts::default(),
        }
    }

    /// Whether every reading has been generated.
    pub fn done(&self) -> bool {
        self.generator.position() >= self.limit
    }

    /// Generates the readings before `until` (all that are left when `None`), passes those
    /// written to `write` in file order — a late one after its later readings, or at the end
    /// of the stretch if sooner — and each alarm that cleared (or, at the unit's end, is still
    /// active) to `alarm`.
    pub fn pull<E>(
        &mut self,
        until: Option<Timestamp>,
        mut write: impl FnMut(&Row) -> Result<(), E>,
        mut alarm: impl FnMut(&Alarm) -> Result<(), E>,
    ) -> Result<(), E> {
        while self.generator.position() < self.limit {
            let index = self.generator.position();
            let time = self.generator.spec().time_of(index);
            if until.is_some_and(|until| time >= until) {
                break;
            }
            let Some(mut record) = self.generator.next() else {
                break;
            };
            let mut rcm = *self.generator.last_rcm();
            let fate = self.degrader.apply(&mut record, &mut rcm);
            self.counts.generated += 1;
            if let Some(done) = self.log_alarm(record.measurement_time, &rcm) {
                alarm(&done)?;
            }
            match fate {
                Fate::OnTime => write(&(record, rcm))?,
                Fate::Missing => self.counts.missing += 1,
                Fate::Late(by) => {
                    self.counts.late += 1;
                    self.held.push_back((index + by, (record, rcm)));
                }
            }
            while let Some(k) = self.held.iter().position(|(after, _)| *after <= index) {
                if let Some((_, row)) = self.held.remove(k) {
                    write(&row)?;
                }
            }
        }
        while let Some((_, row)) = self.held.pop_front() {
            write(&row)?;
        }
        if self.done() {
            if let Some(open) = self.open.take() {
                alarm(&open)?;
            }
        }
        Ok(())
    }

    /// Follows the controller's alarm at `time`; returns the alarm that cleared, if one did.
    fn log_alarm(&mut self, time: Timestamp, rcm: &RcmReading) -> Option<Alarm> {
        let showing = (!rcm.alarm_code.is_empty()).then_some(rcm.alarm_code);
        match (&self.open, showing) {
            (Some(open), Some(code)) if open.code == code => None,
            (_, showing) => {
                let cleared = self.open.take().map(|mut open| {
                    open.cleared_at = Some(time);
                    open
                });
                self.open = showing.map(|code| Alarm {
                    code,
                    raised_at: time,
                    cleared_at: None,
                    nuisance: rcm.alarm_nuisance,
                });
                cleared
            }
        }
    }
}
