//! Parquet output (`reefer generate --format parquet`), through the Apache Arrow project's
//! `parquet` crate without `arrow`: typed columns ([`table`]), the telemetry table's layout
//! ([`telemetry`]), and a generation written a row group at a time.

pub mod encode;
pub mod table;
pub mod telemetry;

use std::io::Write;
use std::num::NonZeroUsize;

use parquet::errors::ParquetError;
use reefer_shared::rcm::Profile;
use reefer_shared::shard::Shard;
use reefer_shared::{GenerationSpec, Generator};

use telemetry::{Layout, TelemetryWriter};

use crate::parallel::Written;

/// Writes `shard`'s block of the records of `spec` (with their ground truth when `truth`) as
/// one Parquet file to `out`, the row groups encoded on `threads` threads; `progress` is told the rows done after each row group's worth.
pub fn write_generation<W: Write + Send>(
    (spec, shard): (GenerationSpec, Shard),
    (truth, threads): (bool, NonZeroUsize),
    out: W,
    mut progress: impl FnMut(u64),
) -> Result<(W, Written), ParquetError> {
    let mut generator = Generator::new(spec);
    let end = generator.start_shard(shard);
    let ground_truth = truth.then(|| generator.ground_truth());
    let layout = Layout {
        rcm: spec.profile() == Profile::Rcm,
        truth,
        wear: ground_truth.as_ref().is_some_and(|t| t.has_wear()),
    };
    let mut writer = TelemetryWriter::new(out, layout)?.with_threads(threads);
    let mut written = Written::default();
    while generator.position() < end {
        let Some(record) = generator.next() else {
            break;
        };
        let row_truth = ground_truth.as_ref().map(|t| generator.last_truth(t));
        let rcm = layout.rcm.then(|| *generator.last_rcm());
        writer.push(&record, rcm.as_ref(), row_truth.as_ref())?;
        written.rows += 1;
        written.labelled += u64::from(record.maintenance_required);
        if written.rows % table::ROWS_PER_GROUP as u64 == 0 {
            progress(written.rows);
        }
    }
    progress(written.rows);
    Ok((writer.finish()?, written))
}
