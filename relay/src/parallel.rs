//! One generation written by several threads with the bytes of one: a single ordered
//! generation stream cut into chunks, encoded in parallel, written in order.
//!
//! Generation is the smaller part (about a quarter of the work for CSV); the encoding is the
//! rest. Each of `threads` workers takes the generator in turn (a lock) to generate the next
//! chunk of [`ROWS_PER_CHUNK`] rows, then encodes its chunk while the others generate and
//! encode theirs; the caller's thread writes each chunk's bytes in chunk order. Memory is
//! bounded: only `4 × threads` chunk buffers exist, and a chunk's buffers go back to the
//! workers once its bytes are written, so a slow sink slows the workers instead of piling up
//! chunks.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::sync::{mpsc, Mutex};

use reefer_shared::encoding::{ExtraColumns, Format};
use reefer_shared::rcm::{Profile, RcmReading};
use reefer_shared::shard::Shard;
use reefer_shared::truth::RowTruth;
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};

/// Rows per chunk: small enough that a chunk is still in the cache when it is encoded, large
/// enough that handing it over costs nothing (1 024 measured best of 512 to 16 384,
/// docs/benchmarks-history.md, part 15).
pub const ROWS_PER_CHUNK: usize = 1024;

/// A chunk: its records, their `rcm` readings and ground truth (empty when the run has
/// none), and the buffer its bytes go to.
#[derive(Default)]
struct Chunk {
    records: Vec<TelemetryRecord>,
    rcm: Vec<RcmReading>,
    truth: Vec<RowTruth>,
    bytes: Vec<u8>,
}

/// The generator and the number of the next chunk it makes.
struct Source {
    generator: Generator,
    ground: Option<reefer_shared::truth::GroundTruth>,
    rcm: bool,
    /// The position just after the last record to write (the shard's end).
    end: u64,
    next: u64,
    finished: bool,
}

impl Source {
    /// Fills `chunk` with the next rows; returns its number, or `None` once every row is out.
    fn fill(&mut self, chunk: &mut Chunk) -> Option<u64> {
        chunk.records.clear();
        chunk.rcm.clear();
        chunk.truth.clear();
        if self.finished {
            return None;
        }
        let left = self.end.saturating_sub(self.generator.position());
        let size = ROWS_PER_CHUNK.min(usize::try_from(left).unwrap_or(usize::MAX));
        while chunk.records.len() < size {
            let Some(record) = self.generator.next() else {
                break;
            };
            chunk.records.push(record);
            if self.rcm {
                chunk.rcm.push(*self.generator.last_rcm());
            }
            if let Some(ground) = &self.ground {
                chunk.truth.push(self.generator.last_truth(ground));
            }
        }
        self.finished =
            chunk.records.len() < ROWS_PER_CHUNK || self.generator.position() >= self.end;
        if chunk.records.is_empty() {
            return None;
        }
        self.next += 1;
        Some(self.next - 1)
    }
}

/// A free chunk buffer filled with the next rows, and its number; `None` when the writer has
/// stopped or every row is out. Each lock is held only for its own step.
fn next_chunk(free: &Mutex<mpsc::Receiver<Chunk>>, source: &Mutex<Source>) -> Option<(u64, Chunk)> {
    let mut chunk = free.lock().ok()?.recv().ok()?;
    let index = source.lock().ok()?.fill(&mut chunk)?;
    Some((index, chunk))
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Records written.
    pub rows: u64,
    /// Of them, labelled `maintenance_required`.
    pub labelled: u64,
}

/// Writes `shard`'s block of the records of `spec` in `format` (the header first when `header`
/// and the shard is the first; the ground truth when `truth`) to `out` with `threads` encoders; `progress` is told the records written after
/// each chunk. The bytes are those of [`reefer_shared::encoding::EncodedChunks`]. On a write
/// error, every thread stops and the error is returned.
pub fn write_text(
    spec: GenerationSpec,
    format: Format,
    header: bool,
    truth: bool,
    (threads, shard): (NonZeroUsize, Shard),
    out: &mut dyn Write,
    mut progress: impl FnMut(u64),
) -> io::Result<Written> {
    let mut generator = Generator::new(spec);
    let end = generator.start_shard(shard);
    let ground = truth.then(|| generator.ground_truth());
    let rcm = spec.profile() == Profile::Rcm;
    let extra = ExtraColumns {
        rcm,
        truth,
        wear: ground.as_ref().is_some_and(|g| g.has_wear()),
    };
    if header && shard.is_first() {
        let mut head = Vec::new();
        format.write_header_with(&mut head, extra);
        out.write_all(&head)?;
    }
    let source = Mutex::new(Source {
        generator,
        ground,
        rcm,
        end,
        next: 0,
        finished: false,
    });
    let (free_tx, free_rx) = mpsc::channel::<Chunk>();
    for _ in 0..4 * threads.get() {
        let _ = free_tx.send(Chunk::default());
    }
    let free_rx = Mutex::new(free_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Chunk, u64)>();
    std::thread::scope(|scope| {
        for _ in 0..threads.get() {
            let (source, free_rx, done_tx) = (&source, &free_rx, done_tx.clone());
            scope.spawn(move || {
                while let Some((index, mut chunk)) = next_chunk(free_rx, source) {
                    chunk.bytes.clear();
                    let mut labelled = 0;
                    for (k, record) in chunk.records.iter().enumerate() {
                        labelled += u64::from(record.maintenance_required);
                        let (rcm, truth) = (chunk.rcm.get(k), chunk.truth.get(k));
                        format.write_record_with(&mut chunk.bytes, record, rcm, truth, extra);
                    }
                    if done_tx.send((index, chunk, labelled)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        // The writer: chunks in order, each chunk's buffers back to the workers.
        let free_tx = free_tx;
        let mut pending = BTreeMap::new();
        let mut written = Written::default();
        let mut next = 0;
        for (index, chunk, labelled) in done_rx {
            pending.insert(index, (chunk, labelled));
            while let Some((chunk, labelled)) = pending.remove(&next) {
                out.write_all(&chunk.bytes)?;
                written.rows += chunk.records.len() as u64;
                written.labelled += labelled;
                next += 1;
                progress(written.rows);
                let _ = free_tx.send(chunk);
            }
        }
        // An early return drops the writer's ends of the channels: the workers find no free
        // buffers, or no one to hand their chunks to, and stop.
        Ok(written)
    })
}
