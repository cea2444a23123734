//! The dataset's small tables, each one Parquet file: `units`, `failures`, `maintenance`,
//! `test_truth` (from the plan alone) and `alarms` (written as the units' readings are).

use std::io::Write;

use bytes::Bytes;
use parquet::errors::ParquetError;
use reefer_shared::dataset::{DatasetSpec, UnitPlan};
use reefer_shared::Timestamp;

use super::unit_rows::Alarm;
use crate::parquet::table::{ColumnSpec, Kind, TableWriter};

/// A text value.
fn text(s: &str) -> Bytes {
    Bytes::copy_from_slice(s.as_bytes())
}

/// Milliseconds since 1970 UTC.
fn millis(time: Timestamp) -> i64 {
    time.unix_seconds() * 1000
}

/// The time `minute` minutes after the dataset's start (to the second).
pub fn at_minute(spec: &DatasetSpec, minute: f64) -> Timestamp {
    let seconds = reefer_shared::round::round(minute * 60.0) as i64;
    spec.start
        .checked_add_seconds(seconds)
        .unwrap_or(Timestamp::MAX)
}

/// Hours, to the second.
fn hours(minutes: f64) -> f64 {
    reefer_shared::round::round(minutes * 60.0) / 3600.0
}

/// The `units` table's columns.
pub const UNITS: [ColumnSpec; 8] = [
    ColumnSpec::required("unit_id", Kind::Text),
    ColumnSpec::required("split", Kind::Text),
    ColumnSpec::required("model", Kind::Text),
    ColumnSpec::required("age_years", Kind::Int),
    ColumnSpec::required("product_id", Kind::Text),
    ColumnSpec::required("product", Kind::Text),
    ColumnSpec::nullable("route", Kind::Text),
    ColumnSpec::nullable("voyage_start", Kind::Time),
];

/// Writes the `units` table: one row per unit, what an operator knows of it.
pub fn units<W: Write + Send>(out: W, plan: &[UnitPlan]) -> Result<W, ParquetError> {
    let mut t = TableWriter::new(out, "units", &UNITS)?;
    for unit in plan {
        t.text(&text(unit.id.as_str()))
            .text(&text(unit.role.name()))
            .text(&text(unit.model))
            .int(unit.age_years as i64)
            .text(&text(unit.product.id()))
            .text(&text(unit.product.name()))
            .maybe(unit.voyage, |t, v| {
                t.text(&text(v.route.name()));
            })
            .maybe(unit.voyage, |t, v| {
                t.time(millis(v.start));
            });
        t.end_row()?;
    }
    t.finish()
}

/// The `failures` table's columns.
pub const FAILURES: [ColumnSpec; 6] = [
    ColumnSpec::required("unit_id", Kind::Text),
    ColumnSpec::required("failed_at", Kind::Time),
    ColumnSpec::required("failure_mode", Kind::Text),
    ColumnSpec::required("component", Kind::Text),
    ColumnSpec::nullable("repaired_at", Kind::Time),
    ColumnSpec::nullable("downtime_hours", Kind::Float),
];

/// Writes the `failures` table: every failure in the span of the train and validation units,
/// and of the test units before their cut (the one after it is their truth, in `test_truth`).
/// A repair after the span (or a test unit's cut) is null.
pub fn failures<W: Write + Send>(
    out: W,
    spec: &DatasetSpec,
    plan: &[UnitPlan],
) -> Result<W, ParquetError> {
    let mut t = TableWriter::new(out, "failures", &FAILURES)?;
    let span = spec.span_minutes();
    for unit in plan {
        let seen_until = unit.cut.map_or(span, |c| c.last_minute);
        for (fails_at, back_at, mode) in unit.failures(spec) {
            if fails_at > seen_until {
                break;
            }
            let repaired = (back_at < span && back_at <= seen_until).then_some(back_at);
            t.text(&text(unit.id.as_str()))
                .time(millis(at_minute(spec, fails_at)))
                .text(&text(mode.name()))
                .text(&text(mode.component()))
                .maybe(repaired, |t, m| {
                    t.time(millis(at_minute(spec, m)));
                })
                .maybe(repaired, |t, m| {
                    t.float(hours(m - fails_at));
                });
            t.end_row()?;
        }
    }
    t.finish()
}

/// The `maintenance` table's columns.
pub const MAINTENANCE: [ColumnSpec; 4] = [
    ColumnSpec::required("unit_id", Kind::Text),
    ColumnSpec::required("time", Kind::Time),
    ColumnSpec::required("kind", Kind::Text),
    ColumnSpec::nullable("component", Kind::Text),
];

/// Writes the `maintenance` table: a pre-trip inspection before each voyage, and the repair
/// after each failure (the component replaced), in time order per unit; a test unit's up to
/// its cut only.
pub fn maintenance<W: Write + Send>(
    out: W,
    spec: &DatasetSpec,
    plan: &[UnitPlan],
) -> Result<W, ParquetError> {
    let mut t = TableWriter::new(out, "maintenance", &MAINTENANCE)?;
    let span = spec.span_minutes();
    for unit in plan {
        let seen_until = unit.cut.map_or(span, |c| c.last_minute);
        let mut events: Vec<(i64, &str, Option<&str>)> = Vec::new();
        if let Some(voyage) = unit.voyage {
            let minute = (voyage.start.unix_seconds() - spec.start.unix_seconds()) as f64 / 60.0;
            if minute <= seen_until {
                events.push((millis(voyage.start), "pre_trip_inspection", None));
            }
        }
        for (_, back_at, mode) in unit.failures(spec) {
            if back_at < span && back_at <= seen_until {
                let when = millis(at_minute(spec, back_at));
                events.push((when, "repair", Some(mode.component())));
            }
        }
        events.sort_by_key(|e| e.0);
        for (when, kind, component) in events {
            t.text(&text(unit.id.as_str()))
                .time(when)
                .text(&text(kind))
                .maybe(component, |t, c| {
                    t.text(&text(c));
                });
            t.end_row()?;
        }
    }
    t.finish()
}

/// The `test_truth` table's columns.
pub const TEST_TRUTH: [ColumnSpec; 7] = [
    ColumnSpec::required("unit_id", Kind::Text),
    ColumnSpec::required("last_reading", Kind::Time),
    ColumnSpec::required("fails_in_span", Kind::Flag),
    ColumnSpec::nullable("rul_hours", Kind::Float),
    ColumnSpec::nullable("censored_after_hours", Kind::Float),
    ColumnSpec::nullable("failure_mode", Kind::Text),
    ColumnSpec::nullable("component", Kind::Text),
];

/// Writes the `test_truth` table: for each test unit, its remaining useful life after its last
/// reading and the mode of its next failure; a unit that does not fail in the span is censored
/// (null RUL, and the hours it is known to last: to the span's end).
pub fn test_truth<W: Write + Send>(
    out: W,
    spec: &DatasetSpec,
    plan: &[UnitPlan],
) -> Result<W, ParquetError> {
    let mut t = TableWriter::new(out, "test_truth", &TEST_TRUTH)?;
    let span = spec.span_minutes();
    for unit in plan {
        let Some(cut) = unit.cut else { continue };
        let rul = cut.failure.map(|(at, _)| hours(at - cut.last_minute));
        let censored = cut.failure.is_none().then(|| hours(span - cut.last_minute));
        let mode = cut.failure.map(|(_, mode)| mode);
        t.text(&text(unit.id.as_str()))
            .time(millis(at_minute(spec, cut.last_minute)))
            .flag(cut.failure.is_some())
            .maybe(rul, |t, h| {
                t.float(h);
            })
            .maybe(censored, |t, h| {
                t.float(h);
            })
            .maybe(mode, |t, m| {
                t.text(&text(m.name()));
            })
            .maybe(mode, |t, m| {
                t.text(&text(m.component()));
            });
        t.end_row()?;
    }
    t.finish()
}

/// The `alarms` table's columns.
pub const ALARMS: [ColumnSpec; 5] = [
    ColumnSpec::required("unit_id", Kind::Text),
    ColumnSpec::required("code", Kind::Text),
    ColumnSpec::required("raised_at", Kind::Time),
    ColumnSpec::nullable("cleared_at", Kind::Time),
    ColumnSpec::required("nuisance", Kind::Flag),
];

/// The `alarms` table, written an alarm at a time.
pub struct AlarmWriter<W: Write + Send> {
    table: TableWriter<W>,
    /// Alarms written.
    pub count: u64,
    /// Of them, nuisances.
    pub nuisances: u64,
}

impl<W: Write + Send> AlarmWriter<W> {
    /// A writer to `out`.
    pub fn new(out: W) -> Result<Self, ParquetError> {
        Ok(Self {
            table: TableWriter::new(out, "alarms", &ALARMS)?,
            count: 0,
            nuisances: 0,
        })
    }

    /// Writes one alarm of unit `id`.
    pub fn push(&mut self, id: &str, alarm: &Alarm) -> Result<(), ParquetError> {
        self.count += 1;
        self.nuisances += u64::from(alarm.nuisance);
        self.table
            .text(&text(id))
            .text(&Bytes::from_static(alarm.code.as_bytes()))
            .time(millis(alarm.raised_at))
            .maybe(alarm.cleared_at, |t, c| {
                t.time(millis(c));
            })
            .flag(alarm.nuisance);
        self.table.end_row()
    }

    /// Writes the footer; returns the sink.
    pub fn finish(self) -> Result<W, ParquetError> {
        self.table.finish()
    }
}
