//! One generation written by several threads with the bytes of one: a single ordered
//! generation stream cut into chunks, encoded in parallel, written in order.
//!
//! Generation is the cheap part (about a fifth of the work for CSV); the encoding is the rest.
//! One thread generates chunks of [`ROWS_PER_CHUNK`] rows, `threads` workers encode them, and
//! the caller's thread writes each chunk's bytes in chunk order. Memory is bounded: only
//! `2 × threads` chunk buffers exist, and a chunk's buffers go back to the generator once its
//! bytes are written, so a slow sink slows the generator instead of piling up chunks.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::sync::{mpsc, Mutex};

use reefer_shared::encoding::{ExtraColumns, Format};
use reefer_shared::rcm::{Profile, RcmReading};
use reefer_shared::truth::RowTruth;
use reefer_shared::{GenerationSpec, Generator, TelemetryRecord};

/// Rows per chunk: large enough that handing a chunk over costs nothing next to encoding it.
pub const ROWS_PER_CHUNK: usize = 16_384;

/// One generated row: the record, its `rcm` readings and its ground truth.
type Row = (TelemetryRecord, RcmReading, Option<RowTruth>);

/// A chunk's rows and the buffer its bytes go to.
type Buffers = (Vec<Row>, Vec<u8>);

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Written {
    /// Records written.
    pub rows: u64,
    /// Of them, labelled `maintenance_required`.
    pub labelled: u64,
}

/// Writes the records of `spec` in `format` (the header first when `header`; the ground truth
/// when `truth`) to `out` with `threads` encoders; `progress` is told the records written after
/// each chunk. The bytes are those of [`reefer_shared::encoding::EncodedChunks`]. On a write
/// error, every thread stops and the error is returned.
pub fn write_text(
    spec: GenerationSpec,
    format: Format,
    header: bool,
    truth: bool,
    threads: NonZeroUsize,
    out: &mut dyn Write,
    mut progress: impl FnMut(u64),
) -> io::Result<Written> {
    let mut generator = Generator::new(spec);
    let ground = truth.then(|| generator.ground_truth());
    let rcm = spec.profile() == Profile::Rcm;
    let extra = ExtraColumns {
        rcm,
        truth,
        wear: ground.as_ref().is_some_and(|g| g.has_wear()),
    };
    if header {
        let mut head = Vec::new();
        format.write_header_with(&mut head, extra);
        out.write_all(&head)?;
    }
    let (free_tx, free_rx) = mpsc::channel::<Buffers>();
    for _ in 0..2 * threads.get() {
        let buffers = (
            Vec::with_capacity(ROWS_PER_CHUNK),
            Vec::with_capacity(ROWS_PER_CHUNK * 256),
        );
        let _ = free_tx.send(buffers);
    }
    let (work_tx, work_rx) = mpsc::channel::<(u64, Buffers)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<(u64, Buffers, u64)>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut index = 0;
            while let Ok((mut rows, bytes)) = free_rx.recv() {
                rows.clear();
                while rows.len() < ROWS_PER_CHUNK {
                    let Some(record) = generator.next() else {
                        break;
                    };
                    let row_truth = ground.as_ref().map(|g| generator.last_truth(g));
                    rows.push((record, *generator.last_rcm(), row_truth));
                }
                let last = rows.len() < ROWS_PER_CHUNK;
                if rows.is_empty() || work_tx.send((index, (rows, bytes))).is_err() || last {
                    break;
                }
                index += 1;
            }
        });
        for _ in 0..threads.get() {
            let (work_rx, done_tx) = (&work_rx, done_tx.clone());
            scope.spawn(move || loop {
                let job = work_rx
                    .lock()
                    .map_err(|_| ())
                    .and_then(|rx| rx.recv().map_err(|_| ()));
                let Ok((index, (rows, mut bytes))) = job else {
                    break;
                };
                bytes.clear();
                let mut labelled = 0;
                for (record, rcm_reading, row_truth) in &rows {
                    labelled += u64::from(record.maintenance_required);
                    let rcm_reading = rcm.then_some(rcm_reading);
                    format.write_record_with(
                        &mut bytes,
                        record,
                        rcm_reading,
                        row_truth.as_ref(),
                        extra,
                    );
                }
                if done_tx.send((index, (rows, bytes), labelled)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        // The writer: chunks in order, each chunk's buffers back to the generator.
        let free_tx = free_tx;
        let mut pending = BTreeMap::new();
        let mut written = Written::default();
        let mut next = 0;
        for (index, buffers, labelled) in done_rx {
            pending.insert(index, (buffers, labelled));
            while let Some(((rows, bytes), labelled)) = pending.remove(&next) {
                out.write_all(&bytes)?;
                written.rows += rows.len() as u64;
                written.labelled += labelled;
                next += 1;
                progress(written.rows);
                let _ = free_tx.send((rows, bytes));
            }
        }
        // An early return drops the channels' ends held here: the generator finds no free
        // buffers and stops, and the workers find no one to hand their chunks to.
        Ok(written)
    })
}
