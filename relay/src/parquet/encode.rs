//! A row group's columns encoded into memory, on several threads, and spliced into the file in
//! column order: the bytes are the same for any number of threads.
//!
//! Each column chunk is written by its own column writer into a buffer (the pages, compressed),
//! the way the `parquet` crate's own parallel Arrow writer does it; the file writer then
//! appends the chunks with their metadata (`append_column`), fixing the offsets: the file's
//! bytes are those of writing each column straight into the file, which a table writer does
//! on one thread ([`write_values`]). With more, a table writer
//! hands a full row group to [`GroupEncoder::start`] and goes on buffering the next one while it
//! is encoded; [`GroupEncoder::finish`] gives back the encoded chunks and the emptied buffers.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use bytes::Bytes;
use parquet::column::writer::{
    get_column_writer, get_typed_column_writer_mut, ColumnCloseResult, ColumnWriter,
};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterPropertiesPtr;
use parquet::file::writer::{SerializedPageWriter, TrackedWrite};
use parquet::schema::types::ColumnDescPtr;

/// One column's buffered values (the non-null ones).
#[derive(Debug)]
pub enum Values {
    /// Text.
    Text(Vec<ByteArray>),
    /// Times and whole numbers.
    Int(Vec<i64>),
    /// Doubles.
    Float(Vec<f64>),
    /// Booleans.
    Flag(Vec<bool>),
}

/// A column's values and, when nullable, its definition levels (1 present, 0 null).
#[derive(Debug)]
pub struct Column {
    /// The values.
    pub values: Values,
    /// The definition levels of a nullable column.
    pub levels: Option<Vec<i16>>,
}

impl Column {
    /// Empties the column, keeping its memory.
    pub fn clear(&mut self) {
        match &mut self.values {
            Values::Text(v) => v.clear(),
            Values::Int(v) => v.clear(),
            Values::Float(v) => v.clear(),
            Values::Flag(v) => v.clear(),
        }
        if let Some(levels) = &mut self.levels {
            levels.clear();
        }
    }
}

/// A column chunk encoded into memory, ready to be appended to a row group.
pub type Chunk = (Bytes, ColumnCloseResult);

/// Hands a column's values to its writer.
pub fn write_values(writer: &mut ColumnWriter<'_>, column: &Column) -> Result<(), ParquetError> {
    let levels = column.levels.as_deref();
    match &column.values {
        Values::Text(v) => {
            get_typed_column_writer_mut::<ByteArrayType>(writer).write_batch(v, levels, None)?;
        }
        Values::Int(v) => {
            get_typed_column_writer_mut::<Int64Type>(writer).write_batch(v, levels, None)?;
        }
        Values::Float(v) => {
            get_typed_column_writer_mut::<DoubleType>(writer).write_batch(v, levels, None)?;
        }
        Values::Flag(v) => {
            get_typed_column_writer_mut::<BoolType>(writer).write_batch(v, levels, None)?;
        }
    }
    Ok(())
}

/// Encodes one column chunk into memory.
fn encode_column(
    descr: ColumnDescPtr,
    props: WriterPropertiesPtr,
    column: &Column,
) -> Result<Chunk, ParquetError> {
    let mut sink = TrackedWrite::new(Vec::new());
    let close = {
        let mut writer =
            get_column_writer(descr, props, Box::new(SerializedPageWriter::new(&mut sink)));
        write_values(&mut writer, column)?;
        writer.close()?
    };
    Ok((Bytes::from(sink.into_inner()?), close))
}

/// Encodes every column of a row group with `threads` threads, each taking the next column not
/// yet taken; the chunks in column order. The columns are emptied.
fn encode_group(
    descrs: &[ColumnDescPtr],
    props: &WriterPropertiesPtr,
    columns: &mut [Column],
    threads: NonZeroUsize,
) -> Result<Vec<Chunk>, ParquetError> {
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<Option<Result<Chunk, ParquetError>>>> =
        Mutex::new((0..columns.len()).map(|_| None).collect());
    let work = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        let Some(column) = columns.get(k) else {
            break;
        };
        let chunk = encode_column(descrs[k].clone(), props.clone(), column);
        if let Ok(mut done) = done.lock() {
            done[k] = Some(chunk);
        }
    };
    std::thread::scope(|scope| {
        for _ in 1..threads.get().min(columns.len()) {
            scope.spawn(work);
        }
        work();
    });
    for column in columns.iter_mut() {
        column.clear();
    }
    done.into_inner()
        .map_err(|_| ParquetError::General("a column encoder panicked".into()))?
        .into_iter()
        .map(|chunk| {
            chunk.unwrap_or_else(|| Err(ParquetError::General("a column was not encoded".into())))
        })
        .collect()
}

/// The encoding of full row groups, one at a time, beside the writer that fills the next.
pub struct GroupEncoder {
    descrs: Arc<Vec<ColumnDescPtr>>,
    props: WriterPropertiesPtr,
    threads: NonZeroUsize,
    /// The group being encoded on another thread.
    running: Option<JoinHandle<Encoded>>,
}

/// A group's chunks, and its emptied buffers to fill again.
type Encoded = (Result<Vec<Chunk>, ParquetError>, Vec<Column>);

impl GroupEncoder {
    /// An encoder of the columns `descrs` with `props` on `threads` threads, beside the
    /// caller's.
    pub fn new(
        descrs: Vec<ColumnDescPtr>,
        props: WriterPropertiesPtr,
        threads: NonZeroUsize,
    ) -> Self {
        Self {
            descrs: Arc::new(descrs),
            props,
            threads,
            running: None,
        }
    }

    /// The threads it encodes with.
    pub fn threads(&self) -> NonZeroUsize {
        self.threads
    }

    /// Starts encoding `columns` (a full row group); the previous group must have been
    /// collected with [`GroupEncoder::finish`].
    pub fn start(&mut self, mut columns: Vec<Column>) {
        let (descrs, props, threads) = (self.descrs.clone(), self.props.clone(), self.threads);
        self.running = Some(std::thread::spawn(move || {
            let chunks = encode_group(&descrs, &props, &mut columns, threads);
            (chunks, columns)
        }));
    }

    /// The chunks of the group started last and its emptied buffers; `None` if no group is
    /// being encoded.
    pub fn finish(&mut self) -> Option<Encoded> {
        let running = self.running.take()?;
        Some(running.join().unwrap_or_else(|_| {
            (
                Err(ParquetError::General(
                    "the row group encoder panicked".into(),
                )),
                Vec::new(),
            )
        }))
    }
}
