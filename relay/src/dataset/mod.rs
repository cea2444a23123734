//! `reefer dataset`: a predictive-maintenance benchmark written as a folder of Parquet tables,
//! a split and a datasheet. What goes in it is decided in [`reefer_shared::dataset`]; this
//! module writes it.
//!
//! ```text
//! DIR/telemetry/part-0.parquet            one row per reading (or unit=…/ or day=…/ folders)
//! DIR/alarms.parquet                      each alarm the controllers raised
//! DIR/maintenance.parquet                 pre-trip inspections and repairs
//! DIR/failures.parquet                    train and validation units' failures
//! DIR/units.parquet                       model, age, product, route, split
//! DIR/test_truth.parquet                  test units' RUL and next failure mode at the cut
//! DIR/split.json                          unit ids by split
//! DIR/DATASHEET.md                        every column, the rates, leakage, the command
//! ```

pub mod baselines;
pub mod datasheet;
pub mod tables;
pub mod unit_rows;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use parquet::errors::ParquetError;
use reefer_shared::dataset::{plan, DatasetSpec, Role, UnitPlan};
use reefer_shared::shard::Shard;
use reefer_shared::Timestamp;

use crate::parquet::telemetry::{Layout, TelemetryWriter};
use unit_rows::{Alarm, Row, UnitRows};

/// How the telemetry table is split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Partition {
    /// One file.
    #[default]
    None,
    /// A folder per unit, `unit=U0001/`.
    Unit,
    /// A folder per day, `day=2026-01-01/`, written day by day.
    Day,
}

impl Partition {
    /// Every partitioning.
    pub const ALL: [Partition; 3] = [Partition::None, Partition::Unit, Partition::Day];

    /// The name (`--partition`).
    pub const fn name(self) -> &'static str {
        match self {
            Partition::None => "none",
            Partition::Unit => "unit",
            Partition::Day => "day",
        }
    }
}

/// What a dataset holds, counted as it was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Readings generated (test units up to their cut).
    pub generated: u64,
    /// Readings written to the telemetry table.
    pub written: u64,
    /// Readings left out (missing).
    pub missing: u64,
    /// Readings written after later ones.
    pub late: u64,
    /// Readings labelled `maintenance_required` (a failed unit waiting for its repair).
    pub labelled: u64,
    /// Alarms raised.
    pub alarms: u64,
    /// Of them, nuisances.
    pub nuisances: u64,
    /// Telemetry files written.
    pub files: u64,
}

/// A failure while writing, naming the file.
#[derive(Debug)]
pub struct DatasetError(pub String);

impl std::fmt::Display for DatasetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Names `path` in an error.
fn at(path: &Path) -> impl Fn(ParquetError) -> DatasetError + '_ {
    move |e| DatasetError(format!("writing {}: {e}", path.display()))
}

/// Creates `path` for writing, buffered.
fn create(path: &Path) -> Result<BufWriter<File>, DatasetError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| DatasetError(format!("creating {}: {e}", parent.display())))?;
    }
    File::create(path)
        .map(|f| BufWriter::with_capacity(1 << 20, f))
        .map_err(|e| DatasetError(format!("creating {}: {e}", path.display())))
}

/// Flushes a finished file.
fn close(path: &Path, mut out: BufWriter<File>) -> Result<(), DatasetError> {
    out.flush()
        .map_err(|e| DatasetError(format!("writing {}: {e}", path.display())))
}

/// Writes `shard`'s part of the dataset of `spec` into the folder `dir` (which the caller
/// made sure holds nothing this shard writes); `command` is the command line that regenerates
/// the whole dataset (for the datasheet); `progress` is told the readings generated so far.
///
/// A shard writes the telemetry and alarms of its block of units (see
/// [`reefer_shared::shard`]): `telemetry/…/part-K.parquet` (by unit: the unit's own folder, the
/// same file as the whole run's) and `alarms/part-K.parquet`; shard 0 also writes the tables
/// every shard knows from the plan (units, failures, maintenance, test truth, the split) and
/// the datasheet. The whole run (one shard) writes `alarms.parquet`. The telemetry's row groups
/// are encoded on `threads` threads (the same bytes for any number).
pub fn write_dataset(
    (spec, shard, threads): (&DatasetSpec, Shard, NonZeroUsize),
    partition: Partition,
    dir: &Path,
    command: &str,
    mut progress: impl FnMut(u64),
) -> Result<Summary, DatasetError> {
    let all = plan(spec);
    let units = &all[shard.range_usize(all.len())];
    let mut summary = Summary::default();
    if shard.is_first() {
        small_tables(spec, &all, dir)?;
    }
    let alarms_path = alarms_path(dir, shard);
    let mut alarms = tables::AlarmWriter::new(create(&alarms_path)?).map_err(at(&alarms_path))?;
    let mut rows: Vec<UnitRows> = Vec::new();
    let mut files = Telemetry::new(dir, partition, shard, threads);
    match partition {
        Partition::None | Partition::Unit => {
            for unit in units {
                let mut source = UnitRows::new(spec, unit);
                files.open(Some(unit), None)?;
                source
                    .pull(
                        None,
                        |row| files.push(row, &mut summary),
                        |alarm| log(&mut alarms, unit, alarm),
                    )
                    .map_err(|e| e.or_at(&alarms_path))?;
                if partition == Partition::Unit {
                    files.close_all()?;
                }
                add(&mut summary, &source);
                progress(summary.generated);
            }
        }
        Partition::Day => {
            rows.extend(units.iter().map(|unit| UnitRows::new(spec, unit)));
            for day in 0..spec.days {
                let until = spec.start.checked_add_seconds(i64::from(day + 1) * 86_400);
                let date = spec.start.checked_add_seconds(i64::from(day) * 86_400);
                files.open(None, date)?;
                for (unit, source) in units.iter().zip(rows.iter_mut()) {
                    source
                        .pull(
                            until,
                            |row| files.push(row, &mut summary),
                            |alarm| log(&mut alarms, unit, alarm),
                        )
                        .map_err(|e| e.or_at(&alarms_path))?;
                }
                files.close_all()?;
                let generated: u64 = rows.iter().map(|r| r.counts.generated).sum();
                progress(generated);
            }
            for source in &rows {
                add(&mut summary, source);
            }
        }
    }
    files.close_all()?;
    summary.files = files.count;
    summary.alarms = alarms.count;
    summary.nuisances = alarms.nuisances;
    close(&alarms_path, alarms.finish().map_err(at(&alarms_path))?)?;
    if shard.is_first() {
        let sheet = datasheet::datasheet(spec, (partition, shard), &all, &summary, command);
        write_text(&dir.join("DATASHEET.md"), &sheet)?;
    }
    Ok(summary)
}

/// Where `shard` writes its alarms: `alarms.parquet` for the whole run, `alarms/part-K.parquet`
/// for shard K of several. A shard refuses to start when its file is already there.
pub fn alarms_path(dir: &Path, shard: Shard) -> PathBuf {
    if shard.is_whole() {
        dir.join("alarms.parquet")
    } else {
        dir.join("alarms")
            .join(format!("part-{}.parquet", shard.index()))
    }
}

/// Adds a finished unit's counts.
fn add(summary: &mut Summary, source: &UnitRows) {
    summary.generated += source.counts.generated;
    summary.missing += source.counts.missing;
    summary.late += source.counts.late;
}

/// An error while pulling a unit's rows: in the telemetry file (already named) or the alarms.
enum PullError {
    Named(DatasetError),
    Alarms(ParquetError),
}

impl PullError {
    fn or_at(self, alarms: &Path) -> DatasetError {
        match self {
            PullError::Named(e) => e,
            PullError::Alarms(e) => at(alarms)(e),
        }
    }
}

/// Writes one alarm of `unit`.
fn log(
    alarms: &mut tables::AlarmWriter<BufWriter<File>>,
    unit: &UnitPlan,
    alarm: &Alarm,
) -> Result<(), PullError> {
    alarms
        .push(unit.id.as_str(), alarm)
        .map_err(PullError::Alarms)
}

/// The telemetry files: one open at a time.
struct Telemetry<'a> {
    dir: &'a Path,
    partition: Partition,
    open: Option<(PathBuf, TelemetryWriter<BufWriter<File>>)>,
    count: u64,
    /// The file's name in its folder: `part-K.parquet` (by unit always `part-0.parquet`).
    name: String,
    /// Threads that encode a file's row groups.
    threads: NonZeroUsize,
}

impl<'a> Telemetry<'a> {
    fn new(dir: &'a Path, partition: Partition, shard: Shard, threads: NonZeroUsize) -> Self {
        let part = if partition == Partition::Unit {
            0
        } else {
            shard.index()
        };
        Self {
            dir,
            partition,
            open: None,
            count: 0,
            name: format!("part-{part}.parquet"),
            threads,
        }
    }

    /// Opens the file of `unit` or `day` (the one file when not partitioned, once).
    fn open(
        &mut self,
        unit: Option<&UnitPlan>,
        day: Option<Timestamp>,
    ) -> Result<(), DatasetError> {
        if self.open.is_some() {
            return Ok(());
        }
        let folder = self.dir.join("telemetry");
        let path = match (self.partition, unit, day) {
            (Partition::Unit, Some(unit), _) => folder.join(format!("unit={}", unit.id.as_str())),
            (Partition::Day, _, Some(day)) => {
                let (y, m, d, ..) = day.fields();
                folder.join(format!("day={y:04}-{m:02}-{d:02}"))
            }
            _ => folder,
        }
        .join(&self.name);
        let layout = Layout {
            rcm: true,
            truth: false,
            wear: false,
        };
        let writer = TelemetryWriter::new(create(&path)?, layout)
            .map_err(at(&path))?
            .with_threads(self.threads);
        self.open = Some((path, writer));
        self.count += 1;
        Ok(())
    }

    /// Writes one reading to the open file.
    fn push(&mut self, row: &Row, summary: &mut Summary) -> Result<(), PullError> {
        let Some((path, writer)) = self.open.as_mut() else {
            return Ok(());
        };
        summary.written += 1;
        summary.labelled += u64::from(row.0.maintenance_required);
        writer
            .push(&row.0, Some(&row.1), None)
            .map_err(|e| PullError::Named(at(path)(e)))
    }

    /// Finishes the open file.
    fn close_all(&mut self) -> Result<(), DatasetError> {
        if let Some((path, writer)) = self.open.take() {
            let out = writer.finish().map_err(at(&path))?;
            close(&path, out)?;
        }
        Ok(())
    }
}

/// Writes the tables made from the plan alone, and `split.json`.
fn small_tables(spec: &DatasetSpec, units: &[UnitPlan], dir: &Path) -> Result<(), DatasetError> {
    let path = dir.join("units.parquet");
    close(
        &path,
        tables::units(create(&path)?, units).map_err(at(&path))?,
    )?;
    let path = dir.join("failures.parquet");
    close(
        &path,
        tables::failures(create(&path)?, spec, units).map_err(at(&path))?,
    )?;
    let path = dir.join("maintenance.parquet");
    close(
        &path,
        tables::maintenance(create(&path)?, spec, units).map_err(at(&path))?,
    )?;
    let path = dir.join("test_truth.parquet");
    close(
        &path,
        tables::test_truth(create(&path)?, spec, units).map_err(at(&path))?,
    )?;
    let ids = |role: Role| -> Vec<&str> {
        units
            .iter()
            .filter(|u| u.role == role)
            .map(|u| u.id.as_str())
            .collect()
    };
    let split = serde_json::json!({
        "seed": spec.seed.0,
        "train": ids(Role::Train),
        "validation": ids(Role::Validation),
        "test": ids(Role::Test),
    });
    let text = serde_json::to_string_pretty(&split).unwrap_or_default() + "\n";
    write_text(&dir.join("split.json"), &text)
}

/// Writes a text file.
fn write_text(path: &Path, text: &str) -> Result<(), DatasetError> {
    std::fs::write(path, text).map_err(|e| DatasetError(format!("writing {}: {e}", path.display())))
}
