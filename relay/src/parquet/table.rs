//! A Parquet table written a row group at a time: typed columns buffered in memory up to
//! [`ROWS_PER_GROUP`] rows, then encoded and flushed, so that a table of any length is written
//! in constant memory.
//!
//! | kind | Parquet type | pandas reads |
//! |---|---|---|
//! | [`Kind::Text`] | `BYTE_ARRAY` (`STRING`), dictionary-encoded | `object` (str) |
//! | [`Kind::Time`] | `INT64` (`TIMESTAMP(MILLIS, UTC)`), delta-encoded | `datetime64[ms, UTC]` |
//! | [`Kind::Int`] | `INT64`, delta-encoded | `int64` |
//! | [`Kind::Float`] | `DOUBLE`, `BYTE_STREAM_SPLIT` | `float64` |
//! | [`Kind::Decimal`] | `DOUBLE`, dictionary-encoded (`BYTE_STREAM_SPLIT` past the dictionary's size) | `float64` |
//! | [`Kind::Flag`] | `BOOLEAN` | `bool` |
//!
//! A nullable column reads as `float64` with `NaN` (integers), `None` (text) or `object`
//! (booleans) where it is empty.

use std::io::Write;
use std::num::NonZeroUsize;
use std::sync::Arc;

use bytes::Bytes;
use parquet::basic::{Compression, Encoding, ZstdLevel};
use parquet::data_type::ByteArray;
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use parquet::schema::types::ColumnPath;

use super::encode::{write_values, Column, GroupEncoder, Values};

/// Rows buffered before a row group is written: about 10 MB of values for a 25-column table.
pub const ROWS_PER_GROUP: usize = 1 << 17;

/// The largest dictionary of a [`Kind::Decimal`] column in a row group: 4 096 distinct doubles,
/// more than a reading kept to 0.01 takes over a fleet's range of setpoints.
const DECIMAL_DICTIONARY_BYTES: usize = 32 * 1024;

/// The codec of every column, chosen by measurement (3 M rows, alternating whole-process runs): zstd at level
/// 1 wrote faster than snappy and 7 % smaller.
pub fn codec() -> Compression {
    Compression::ZSTD(ZstdLevel::default())
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// UTF-8 text.
    Text,
    /// A time, milliseconds since 1970 UTC.
    Time,
    /// A whole number.
    Int,
    /// A double.
    Float,
    /// A double with few distinct values in a row group (a reading kept to a few decimals): a
    /// dictionary encodes it smaller and faster than splitting its bytes.
    Decimal,
    /// A boolean.
    Flag,
}

/// A column of the table: its name, kind, and whether it may be empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    /// The column's name.
    pub name: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Whether a row may leave it empty (null).
    pub nullable: bool,
}

impl ColumnSpec {
    /// A column every row fills.
    pub const fn required(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            nullable: false,
        }
    }

    /// A column a row may leave empty.
    pub const fn nullable(name: &'static str, kind: Kind) -> Self {
        Self {
            name,
            kind,
            nullable: true,
        }
    }

    /// The column's line in a Parquet message type.
    fn schema_line(&self) -> String {
        let repetition = if self.nullable {
            "optional"
        } else {
            "required"
        };
        let physical = match self.kind {
            Kind::Text => "binary",
            Kind::Time | Kind::Int => "int64",
            Kind::Float | Kind::Decimal => "double",
            Kind::Flag => "boolean",
        };
        let logical = match self.kind {
            Kind::Text => " (STRING)",
            Kind::Time => " (TIMESTAMP(MILLIS,true))",
            _ => "",
        };
        format!("  {repetition} {physical} {}{logical};\n", self.name)
    }
}

/// A Parquet file being written.
pub struct TableWriter<W: Write + Send> {
    specs: Vec<ColumnSpec>,
    columns: Vec<Column>,
    rows: usize,
    next: usize,
    file: SerializedFileWriter<W>,
    /// Encodes the last full row group while the next one fills.
    encoder: GroupEncoder,
}

impl<W: Write + Send> TableWriter<W> {
    /// A writer of a table named `name` with these columns to `out`.
    pub fn new(out: W, name: &str, specs: &[ColumnSpec]) -> Result<Self, ParquetError> {
        let mut message = format!("message {name} {{\n");
        for spec in specs {
            message.push_str(&spec.schema_line());
        }
        message.push('}');
        let schema = Arc::new(parse_message_type(&message)?);
        let mut properties = WriterProperties::builder()
            .set_compression(codec())
            .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
            .set_created_by(format!("reefer {}", env!("CARGO_PKG_VERSION")));
        for spec in specs {
            let path = ColumnPath::from(spec.name);
            if matches!(spec.kind, Kind::Float | Kind::Decimal | Kind::Flag) {
                // Min/max of noisy readings help no reader's filter, and cost 9 % of the time.
                properties =
                    properties.set_column_statistics_enabled(path.clone(), EnabledStatistics::None);
            }
            let encoding = match spec.kind {
                Kind::Text | Kind::Flag => continue,
                Kind::Time | Kind::Int => Encoding::DELTA_BINARY_PACKED,
                Kind::Float | Kind::Decimal => Encoding::BYTE_STREAM_SPLIT,
            };
            if spec.kind == Kind::Decimal {
                // Past DECIMAL_DICTIONARY_BYTES of distinct values (noise added to a rounded
                // reading makes every value new), the column chunk goes on with the encoding
                // below instead.
                properties = properties
                    .set_column_dictionary_page_size_limit(path.clone(), DECIMAL_DICTIONARY_BYTES);
            }
            properties = properties
                .set_column_dictionary_enabled(path.clone(), spec.kind == Kind::Decimal)
                .set_column_encoding(path, encoding);
        }
        let file = SerializedFileWriter::new(out, schema, Arc::new(properties.build()))?;
        let encoder = GroupEncoder::new(
            file.schema_descr().columns().to_vec(),
            file.properties().clone(),
            NonZeroUsize::MIN,
        );
        Ok(Self {
            columns: buffers(specs),
            specs: specs.to_vec(),
            rows: 0,
            next: 0,
            file,
            encoder,
        })
    }

    /// The same writer encoding each full row group's columns on `threads` threads, beside
    /// the caller's, which goes on filling the next group; the file's bytes are the same for
    /// any number (docs/benchmarks-history.md, part 16).
    pub fn with_threads(mut self, threads: NonZeroUsize) -> Self {
        self.encoder = GroupEncoder::new(
            self.file.schema_descr().columns().to_vec(),
            self.file.properties().clone(),
            threads,
        );
        self
    }

    /// The column the next value goes to; panics if the row already has every column (a bug
    /// of the caller, caught by its tests).
    fn column(&mut self, kind: Kind) -> &mut Column {
        let k = self.next;
        debug_assert_eq!(self.specs[k].kind, kind, "column {}", self.specs[k].name);
        self.next += 1;
        &mut self.columns[k]
    }

    /// Appends a text value (shared bytes: a clone is a reference count).
    #[inline]
    pub fn text(&mut self, value: &Bytes) -> &mut Self {
        if let Values::Text(values) = &mut self.column(Kind::Text).values {
            values.push(ByteArray::from(value.clone()));
        }
        self
    }

    /// Appends a time, milliseconds since 1970 UTC.
    #[inline]
    pub fn time(&mut self, millis: i64) -> &mut Self {
        if let Values::Int(values) = &mut self.column(Kind::Time).values {
            values.push(millis);
        }
        self
    }

    /// Appends a whole number.
    #[inline]
    pub fn int(&mut self, value: i64) -> &mut Self {
        if let Values::Int(values) = &mut self.column(Kind::Int).values {
            values.push(value);
        }
        self
    }

    /// Appends a double.
    #[inline]
    pub fn float(&mut self, value: f64) -> &mut Self {
        self.double(Kind::Float, value)
    }

    /// Appends a double of a [`Kind::Decimal`] column.
    #[inline]
    pub fn decimal(&mut self, value: f64) -> &mut Self {
        self.double(Kind::Decimal, value)
    }

    /// Appends a double of a column of `kind` (both kinds buffer doubles alike).
    #[inline]
    fn double(&mut self, kind: Kind, value: f64) -> &mut Self {
        if let Values::Float(values) = &mut self.column(kind).values {
            values.push(value);
        }
        self
    }

    /// Appends a boolean.
    #[inline]
    pub fn flag(&mut self, value: bool) -> &mut Self {
        if let Values::Flag(values) = &mut self.column(Kind::Flag).values {
            values.push(value);
        }
        self
    }

    /// Appends a value of a nullable column, or its absence; `push` adds the value.
    #[inline]
    pub fn maybe<T>(&mut self, value: Option<T>, push: impl FnOnce(&mut Self, T)) -> &mut Self {
        let k = self.next;
        match value {
            Some(value) => {
                push(self, value);
                if let Some(levels) = &mut self.columns[k].levels {
                    levels.push(1);
                }
            }
            None => {
                self.next += 1;
                if let Some(levels) = &mut self.columns[k].levels {
                    levels.push(0);
                }
            }
        }
        self
    }

    /// Ends the row; writes a row group when it is full.
    pub fn end_row(&mut self) -> Result<(), ParquetError> {
        debug_assert_eq!(self.next, self.specs.len(), "a row with a column missing");
        self.next = 0;
        self.rows += 1;
        if self.rows == ROWS_PER_GROUP {
            self.flush_group()?;
        }
        Ok(())
    }

    /// Hands the buffered rows to the encoder as one row group, after appending the group
    /// encoded before it; its buffers are filled next.
    fn flush_group(&mut self) -> Result<(), ParquetError> {
        if self.rows == 0 {
            return Ok(());
        }
        if self.encoder.threads().get() == 1 {
            // Straight into the file: no copy through memory (the same bytes).
            let mut group = self.file.next_row_group()?;
            for column in &mut self.columns {
                let mut writer = group
                    .next_column()?
                    .ok_or_else(|| ParquetError::General("fewer columns than the schema".into()))?;
                write_values(writer.untyped(), column)?;
                column.clear();
                writer.close()?;
            }
            group.close()?;
        } else {
            let spare = self.append_encoded()?;
            let full = std::mem::replace(&mut self.columns, spare);
            self.encoder.start(full);
        }
        self.rows = 0;
        Ok(())
    }

    /// Appends the group being encoded, if any, to the file; returns its emptied buffers (new
    /// ones if there was none).
    fn append_encoded(&mut self) -> Result<Vec<Column>, ParquetError> {
        let Some((chunks, columns)) = self.encoder.finish() else {
            return Ok(buffers(&self.specs));
        };
        let mut group = self.file.next_row_group()?;
        for (bytes, close) in chunks? {
            group.append_column(&bytes, close)?;
        }
        group.close()?;
        Ok(if columns.len() == self.specs.len() {
            columns
        } else {
            buffers(&self.specs)
        })
    }

    /// Writes the last row groups and the footer; returns the sink.
    pub fn finish(mut self) -> Result<W, ParquetError> {
        self.flush_group()?;
        self.append_encoded()?;
        self.file.into_inner()
    }
}

/// Empty buffers for a row group of `specs`.
fn buffers(specs: &[ColumnSpec]) -> Vec<Column> {
    specs
        .iter()
        .map(|spec| Column {
            values: match spec.kind {
                Kind::Text => Values::Text(Vec::with_capacity(ROWS_PER_GROUP)),
                Kind::Time | Kind::Int => Values::Int(Vec::with_capacity(ROWS_PER_GROUP)),
                Kind::Float | Kind::Decimal => Values::Float(Vec::with_capacity(ROWS_PER_GROUP)),
                Kind::Flag => Values::Flag(Vec::with_capacity(ROWS_PER_GROUP)),
            },
            levels: spec.nullable.then(|| Vec::with_capacity(ROWS_PER_GROUP)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use parquet::file::reader::{FileReader, SerializedFileReader};

    use super::*;

    /// The encodings of each column of the first row group of a table of `rows` rows, each
    /// row's values given by `row`.
    fn encodings(specs: &[ColumnSpec], rows: usize, row: impl Fn(usize) -> f64) -> Vec<String> {
        let mut table = TableWriter::new(Vec::new(), "t", specs).unwrap();
        for i in 0..rows {
            for spec in specs {
                match spec.kind {
                    Kind::Float => table.float(row(i)),
                    _ => table.decimal(row(i)),
                };
            }
            table.end_row().unwrap();
        }
        let bytes = Bytes::from(table.finish().unwrap());
        let reader = SerializedFileReader::new(bytes).unwrap();
        let group = reader.metadata().row_group(0).clone();
        group
            .columns()
            .iter()
            .map(|c| format!("{:?}", c.encodings().collect::<Vec<_>>()))
            .collect()
    }

    #[test]
    fn a_decimal_column_keeps_its_dictionary_while_its_values_repeat() {
        let specs = [
            ColumnSpec::required("rounded", Kind::Decimal),
            ColumnSpec::required("noisy", Kind::Float),
        ];
        // 2 000 distinct values kept to 0.01, as a reading is.
        let got = encodings(&specs, 50_000, |i| (i % 2_000) as f64 / 100.0);
        assert!(got[0].contains("RLE_DICTIONARY"), "{got:?}");
        assert!(!got[0].contains("BYTE_STREAM_SPLIT"), "{got:?}");
        assert!(got[1].contains("BYTE_STREAM_SPLIT"), "{got:?}");
        assert!(!got[1].contains("DICTIONARY"), "{got:?}");
    }

    #[test]
    fn a_decimal_column_of_ever_new_values_falls_back_to_splitting_bytes() {
        let specs = [ColumnSpec::required("noisy", Kind::Decimal)];
        // Every value new: the dictionary outgrows its limit and the chunk goes on split.
        let got = encodings(&specs, 50_000, |i| (i as f64 * 0.618_033_988_7).sin() * 1e3);
        assert!(got[0].contains("BYTE_STREAM_SPLIT"), "{got:?}");
    }
}
