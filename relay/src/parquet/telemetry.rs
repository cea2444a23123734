//! The telemetry table in Parquet: the CSV's columns in the CSV's order, typed — then the
//! `rcm` profile's, then the ground truth's — with the same values as the CSV (a test reads
//! both back with pyarrow and pandas).
//!
//! Where the types differ from what pandas reads out of the CSV: `measurement_time` and
//! `ingest_time` are timestamps (UTC) rather than text, `maintenance_required` is a boolean
//! rather than 0/1, and an empty CSV field (`alarm_code` without an alarm, `fault_id` outside
//! an episode) is a null.

use std::io::Write;

use bytes::Bytes;
use parquet::errors::ParquetError;
use reefer_shared::columns::{ColumnType, RECORD_COLUMNS};
use reefer_shared::encoding::{ALARM_TRUTH_COLUMNS, TRUTH_COLUMNS, WEAR_TRUTH_COLUMNS};
use reefer_shared::rcm::{RcmReading, RCM_COLUMNS};
use reefer_shared::truth::RowTruth;
use reefer_shared::TelemetryRecord;

use super::table::{ColumnSpec, Kind, TableWriter};

/// Which column groups a telemetry table has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// The `rcm` profile's columns.
    pub rcm: bool,
    /// The ground truth's columns.
    pub truth: bool,
    /// With the ground truth, a wearing unit's (failure mode, RUL, censoring).
    pub wear: bool,
}

/// The Parquet kind of a record column, from its type in the column table.
const fn record_kind(column_type: ColumnType) -> Kind {
    match column_type {
        ColumnType::Text => Kind::Text,
        ColumnType::Time => Kind::Time,
        ColumnType::Float | ColumnType::Coordinate => Kind::Float,
        ColumnType::Minutes | ColumnType::Code => Kind::Int,
        ColumnType::Flag | ColumnType::Label => Kind::Flag,
    }
}

/// The kind of each `rcm` column, in [`RCM_COLUMNS`] order (`alarm_code` may be empty).
const RCM_KINDS: [Kind; 8] = [
    Kind::Decimal,
    Kind::Decimal,
    Kind::Flag,
    Kind::Decimal,
    Kind::Decimal,
    Kind::Decimal,
    Kind::Text,
    Kind::Text,
];

/// The columns of a telemetry table with `layout`.
pub fn columns(layout: Layout) -> Vec<ColumnSpec> {
    let mut specs: Vec<ColumnSpec> = RECORD_COLUMNS
        .iter()
        .map(|c| ColumnSpec::required(c.name, record_kind(c.column_type)))
        .collect();
    if layout.rcm {
        specs.extend(RCM_COLUMNS.iter().zip(RCM_KINDS).map(|(name, kind)| {
            if *name == "alarm_code" {
                ColumnSpec::nullable(name, kind)
            } else {
                ColumnSpec::required(name, kind)
            }
        }));
    }
    if layout.truth {
        let [fault_type, fault_class, fault_id, since, ingest] = TRUTH_COLUMNS;
        specs.extend([
            ColumnSpec::required(fault_type, Kind::Text),
            ColumnSpec::required(fault_class, Kind::Text),
            ColumnSpec::nullable(fault_id, Kind::Int),
            ColumnSpec::nullable(since, Kind::Int),
            ColumnSpec::required(ingest, Kind::Time),
        ]);
        if layout.wear {
            let [mode, rul, beyond] = WEAR_TRUTH_COLUMNS;
            specs.extend([
                ColumnSpec::nullable(mode, Kind::Text),
                ColumnSpec::nullable(rul, Kind::Int),
                ColumnSpec::nullable(beyond, Kind::Flag),
            ]);
        }
        if layout.rcm {
            specs.push(ColumnSpec::required(ALARM_TRUTH_COLUMNS[0], Kind::Flag));
        }
    }
    specs
}

/// Writes telemetry rows to a Parquet file.
pub struct TelemetryWriter<W: Write + Send> {
    table: TableWriter<W>,
    layout: Layout,
    /// The last container id and its bytes (a run has one; a fleet interleaves a few).
    container: (String, Bytes),
}

impl<W: Write + Send> TelemetryWriter<W> {
    /// A writer of a telemetry table with `layout` to `out`.
    pub fn new(out: W, layout: Layout) -> Result<Self, ParquetError> {
        Ok(Self {
            table: TableWriter::new(out, "telemetry", &columns(layout))?,
            layout,
            container: (String::new(), Bytes::new()),
        })
    }

    /// The same writer encoding its row groups on `threads` threads (the same bytes for any
    /// number; see [`TableWriter::with_threads`]).
    pub fn with_threads(mut self, threads: std::num::NonZeroUsize) -> Self {
        self.table = self.table.with_threads(threads);
        self
    }

    /// Appends one row: the record, its `rcm` readings and its ground truth as the layout
    /// has them (the caller passes what the layout names).
    pub fn push(
        &mut self,
        record: &TelemetryRecord,
        rcm: Option<&RcmReading>,
        truth: Option<&RowTruth>,
    ) -> Result<(), ParquetError> {
        let id = record.container_id.as_str();
        if self.container.0 != id {
            self.container = (id.to_owned(), Bytes::copy_from_slice(id.as_bytes()));
        }
        let t = &mut self.table;
        t.text(&self.container.1)
            .time(millis(record.measurement_time))
            .text(&Bytes::from_static(record.product.id().as_bytes()))
            .float(record.temperature)
            .float(record.target_temperature)
            .float(record.ambiant_temperature)
            .float(record.kilowatts)
            .int(i64::from(record.time_door_open))
            .int(i64::from(record.content_type))
            .int(i64::from(record.defrost_cycle))
            .float(record.oxygen)
            .float(record.nitrogen)
            .float(record.humidity)
            .float(record.carbon_dioxide)
            .flag(record.fan_1)
            .flag(record.fan_2)
            .flag(record.fan_3)
            .float(record.latitude)
            .float(record.longitude)
            .flag(record.maintenance_required);
        if self.layout.rcm {
            let rcm = rcm.copied().unwrap_or_default();
            let alarm = (!rcm.alarm_code.is_empty()).then_some(rcm.alarm_code);
            t.decimal(rcm.supply_air_temperature)
                .decimal(rcm.return_air_temperature)
                .flag(rcm.power_on)
                .decimal(rcm.compressor_duty)
                .decimal(rcm.compressor_current)
                .decimal(rcm.ambient_humidity)
                .maybe(alarm, |t, code| {
                    t.text(&Bytes::from_static(code.as_bytes()));
                })
                .text(&Bytes::from_static(rcm.mode.name().as_bytes()));
        }
        if self.layout.truth {
            let truth = truth.copied().unwrap_or(RowTruth {
                episode: None,
                row: 0,
                ingest_time: record.measurement_time,
                wear: None,
                alarm_nuisance: None,
            });
            let (fault_type, fault_class) = match truth.episode {
                Some(e) => (e.kind.name(), e.kind.class().name()),
                None => ("none", "none"),
            };
            t.text(&Bytes::from_static(fault_type.as_bytes()))
                .text(&Bytes::from_static(fault_class.as_bytes()))
                .maybe(truth.episode.map(|e| e.id), |t, id| {
                    t.int(id as i64);
                })
                .maybe(truth.minutes_since_onset(), |t, minutes| {
                    t.int(minutes as i64);
                })
                .time(millis(truth.ingest_time));
            if self.layout.wear {
                let wear = truth.wear;
                t.maybe(wear, |t, w| {
                    t.text(&Bytes::from_static(w.failure_mode.name().as_bytes()));
                })
                .maybe(wear, |t, w| {
                    t.int(w.remaining_useful_life_minutes as i64);
                })
                .maybe(wear, |t, w| {
                    t.flag(w.beyond_span);
                });
            }
            if self.layout.rcm {
                t.flag(truth.alarm_nuisance.unwrap_or(false));
            }
        }
        t.end_row()
    }

    /// Writes the last row group and the footer; returns the sink.
    pub fn finish(self) -> Result<W, ParquetError> {
        self.table.finish()
    }
}

/// Milliseconds since 1970 UTC.
fn millis(time: reefer_shared::Timestamp) -> i64 {
    time.unix_seconds() * 1000
}
