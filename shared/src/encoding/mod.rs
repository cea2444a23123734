//! Writing records as bytes: CSV, JSON lines and SPEC's Kafka event, in its two payload
//! formats ([`PayloadFormat`]: `json`, and `legacy`, the original simulator's tuple string).
//!
//! The encoders write straight into a `Vec<u8>` without escaping: every text value of a record
//! (container id, timestamp, product id) comes from a validated type whose alphabet needs no
//! quoting in CSV or JSON. Floats are written in their shortest round-trip form with a decimal
//! point (`6.0`, `3.8461021757452533`) by `zmij`, so that parsing a file gives back the exact
//! values generated.

mod chunks;
mod csv;
mod event;
mod json;
pub mod legacy;
mod truth_columns;

use std::fmt;
use std::str::FromStr;

pub use chunks::EncodedChunks;
pub use csv::{write_csv_header, write_csv_record, CSV_HEADER};
pub use event::{
    read_payload, PayloadFormat, TelemetryEvent, EVENT_SCHEMA_VERSION, LEGACY_HAS_NO_GROUND_TRUTH,
    PAYLOAD_FORMAT_HEADER, SCHEMA_VERSION_HEADER,
};
pub use json::{
    write_batch, write_json_record, write_kafka_event, write_kafka_event_with_truth,
    KAFKA_EVENT_TYPE,
};
pub use truth_columns::{TruthFields, TRUTH_COLUMNS};

use crate::error::ParseError;
use crate::record::TelemetryRecord;

/// An output format for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Comma-separated values with SPEC's header, fans as `True`/`False`, the label as 0/1.
    #[default]
    Csv,
    /// One JSON object per line, with the CSV's field names.
    JsonLines,
}

impl Format {
    /// The format's name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "jsonl",
        }
    }

    /// Whether the format starts with a header line.
    pub const fn has_header(self) -> bool {
        matches!(self, Format::Csv)
    }

    /// Appends the header line, if the format has one.
    pub fn write_header(self, out: &mut Vec<u8>) {
        if self == Format::Csv {
            write_csv_header(out);
        }
    }

    /// Appends the header line, if the format has one, with the ground-truth columns when
    /// `ground_truth` is set.
    pub fn write_header_with_truth(self, out: &mut Vec<u8>, ground_truth: bool) {
        self.write_header(out);
        if ground_truth {
            truth_columns::extend_header(self, out);
        }
    }

    /// Appends one record, its ground truth when given, and the line break.
    pub fn write_record_with_truth(
        self,
        out: &mut Vec<u8>,
        record: &TelemetryRecord,
        truth: Option<&crate::truth::RowTruth>,
    ) {
        self.write_record(out, record);
        if let Some(truth) = truth {
            truth_columns::extend_record(self, out, truth);
        }
    }

    /// Appends one record and its line break.
    #[inline]
    pub fn write_record(self, out: &mut Vec<u8>, record: &TelemetryRecord) {
        match self {
            Format::Csv => write_csv_record(out, record),
            Format::JsonLines => {
                write_json_record(out, record);
                out.push(b'\n');
            }
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "csv" => Ok(Format::Csv),
            "jsonl" | "ndjson" | "json-lines" => Ok(Format::JsonLines),
            _ => Err(ParseError::new("format", s, "expected csv or jsonl")),
        }
    }
}

/// Appends a float as the CSV and JSON encoders write it: the shortest text that reads back
/// as the same double, always with a decimal point or an exponent (`6.0`, `37.8226902168957`).
pub fn write_float(out: &mut Vec<u8>, value: f64) {
    push_float(out, value);
}

/// Appends a float in shortest round-trip form, always with a decimal point or exponent.
#[inline]
fn push_float(out: &mut Vec<u8>, value: f64) {
    // Whole numbers (targets, a power-off's 0.0) are common and quick to write by hand; the
    // result is what zmij (and ryu) would write for them.
    let whole = value as i64;
    if whole as f64 == value
        && whole.unsigned_abs() < 1_000_000_000_000_000
        && !(whole == 0 && value.is_sign_negative())
    {
        push_int(out, whole);
        out.extend_from_slice(b".0");
        return;
    }
    let mut buffer = zmij::Buffer::new();
    out.extend_from_slice(buffer.format(value).as_bytes());
}

/// Appends an unsigned integer in decimal.
#[inline]
fn push_int(out: &mut Vec<u8>, value: impl itoa::Integer) {
    let mut buffer = itoa::Buffer::new();
    out.extend_from_slice(buffer.format(value).as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_ryu_writes_them() {
        // The same text as ryu (and Python's repr, but for the exponent's form) for every
        // magnitude below 1e16; simulated readings never come near that.
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            6.0,
            -122.324895,
            37.8226902168957,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            9.999_999_999_999_998e15,
            1e-7,
            -3.0e-5,
            0.5,
            f64::MIN_POSITIVE,
        ];
        values.extend((-300..300).map(|i| f64::from(i) * 0.25));
        for value in values {
            let mut out = Vec::new();
            push_float(&mut out, value);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                ryu::Buffer::new().format(value),
                "{value}"
            );
        }
    }
}
