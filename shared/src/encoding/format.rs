//! The record formats of files and stdout: CSV and JSON lines.

use std::fmt;
use std::str::FromStr;

use super::csv::{write_csv_header, write_csv_record};
use super::json::write_json_record;
use super::truth_columns;
use crate::error::ParseError;
use crate::record::TelemetryRecord;
use crate::truth::RowTruth;

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
            self.extend_header_with_truth(out);
        }
    }

    /// Appends one record, its ground truth when given, and the line break.
    pub fn write_record_with_truth(
        self,
        out: &mut Vec<u8>,
        record: &TelemetryRecord,
        truth: Option<&RowTruth>,
    ) {
        self.write_record(out, record);
        if let Some(truth) = truth {
            self.extend_record_with_truth(out, truth);
        }
    }

    /// Appends the ground-truth columns to the header line that ends `out` (a CSV's; JSON
    /// lines have none).
    pub(crate) fn extend_header_with_truth(self, out: &mut Vec<u8>) {
        if self == Format::Csv {
            truth_columns::extend_csv_header(out);
        }
    }

    /// Appends a row's ground truth to the record line that ends `out`.
    pub(crate) fn extend_record_with_truth(self, out: &mut Vec<u8>, truth: &RowTruth) {
        match self {
            Format::Csv => truth_columns::extend_csv_record(out, truth),
            Format::JsonLines => truth_columns::extend_json_line(out, truth),
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
