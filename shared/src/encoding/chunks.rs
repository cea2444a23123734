//! Encoding a whole generation in bounded pieces, for files, downloads and progress bars.

use super::format::Format;
use crate::generator::Generator;
use crate::rcm::Profile;
use crate::spec::GenerationSpec;
use crate::truth::GroundTruth;

/// A generation encoded chunk by chunk, so that memory stays bounded whatever the count.
///
/// ```
/// use reefer_shared::encoding::{EncodedChunks, Format};
/// use reefer_shared::{GenerationSpec, Seed};
///
/// let spec = GenerationSpec::new(
///     "C02".parse()?, "P02".parse()?, "co2sensor".parse()?,
///     "10000".parse()?, "2026-01-01 00:00:00".parse()?, Seed(42),
/// )?;
/// let mut chunks = EncodedChunks::new(spec, Format::Csv, true);
/// let mut bytes = Vec::new();
/// while chunks.next_chunk(&mut bytes, 4096) > 0 {
///     // hand `bytes` to a file, a Blob or a socket, then clear it
///     bytes.clear();
/// }
/// assert_eq!(chunks.records_done(), 10_000);
/// # Ok::<(), reefer_shared::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct EncodedChunks {
    generator: Generator,
    format: Format,
    header_pending: bool,
    labelled: u64,
    truth: Option<GroundTruth>,
    rcm: bool,
    /// The first record of the block written, and the position just after its last.
    block: std::ops::Range<u64>,
}

impl EncodedChunks {
    /// Chunks of `spec` in `format`; the header (if the format has one) comes first when
    /// `with_header` is set, as for a new file, and is left out when appending. With the
    /// [`Profile::Rcm`] profile the remote-monitoring readings ([`crate::rcm::RCM_COLUMNS`])
    /// follow each record's own columns.
    pub fn new(spec: GenerationSpec, format: Format, with_header: bool) -> Self {
        let generator = Generator::new(spec);
        Self {
            block: 0..generator.total(),
            generator,
            format,
            header_pending: with_header && format.has_header(),
            labelled: 0,
            truth: None,
            rcm: spec.profile() == Profile::Rcm,
        }
    }

    /// Adds the ground-truth columns ([`super::TRUTH_COLUMNS`]) after each record's own.
    pub fn with_ground_truth(mut self) -> Self {
        self.truth = Some(self.generator.ground_truth());
        self
    }

    /// Only `shard`'s block of the records (see [`crate::shard`]); the header, if asked for,
    /// only in the first shard, so that the shards' bytes in order are the whole run's.
    pub fn with_shard(mut self, shard: crate::shard::Shard) -> Self {
        let end = self.generator.start_shard(shard);
        self.block = self.generator.position()..end;
        self.header_pending &= shard.is_first();
        self
    }

    /// Appends the header (the first time) and up to `max_records` records to `out`.
    ///
    /// Returns the number of bytes appended: 0 once everything has been written.
    pub fn next_chunk(&mut self, out: &mut Vec<u8>, max_records: usize) -> usize {
        let before = out.len();
        let left = self.block.end.saturating_sub(self.generator.position());
        let max_records = max_records.min(usize::try_from(left).unwrap_or(usize::MAX));
        if self.header_pending {
            self.format.write_header(out);
            if self.rcm {
                self.format.extend_header_with_rcm(out);
            }
            if let Some(truth) = &self.truth {
                self.format
                    .extend_header_with_truth(out, truth.has_wear(), self.rcm);
            }
            self.header_pending = false;
        }
        if self.truth.is_some() || self.rcm {
            for _ in 0..max_records {
                let Some(record) = self.generator.next() else {
                    break;
                };
                self.labelled += u64::from(record.maintenance_required);
                self.format.write_record(out, &record);
                if self.rcm {
                    self.format
                        .extend_record_with_rcm(out, self.generator.last_rcm());
                }
                if let Some(truth) = &self.truth {
                    let row = self.generator.last_truth(truth);
                    self.format.extend_record_with_truth(out, &row);
                }
            }
            return out.len() - before;
        }
        for record in self.generator.by_ref().take(max_records) {
            self.labelled += u64::from(record.maintenance_required);
            self.format.write_record(out, &record);
        }
        out.len() - before
    }

    /// How many records have been encoded so far.
    pub fn records_done(&self) -> u64 {
        self.generator.position() - self.block.start
    }

    /// How many of the records encoded so far have `maintenance_required = 1`.
    pub fn records_labelled(&self) -> u64 {
        self.labelled
    }

    /// How many records the whole generation has (see [`Generator::total`]), or the shard's
    /// block of them.
    pub fn records_total(&self) -> u64 {
        self.block.end - self.block.start
    }
}
