//! The record formats of files and stdout: CSV and JSON lines.

use super::csv::{extend_csv_header, write_csv_header, write_csv_record};
use super::json::write_json_record;
use super::truth_columns;
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

    /// Appends the header line, if the format has one, with the columns of `extra`.
    pub fn write_header_with(self, out: &mut Vec<u8>, extra: ExtraColumns) {
        self.write_header(out);
        if extra.rcm {
            self.extend_header_with_rcm(out);
        }
        if extra.truth {
            self.extend_header_with_truth(out, extra.wear, extra.rcm);
        }
    }

    /// Appends one record, its `rcm` readings and its ground truth when given (in that
    /// order), and the line break. With `extra.wear`, a CSV row of a unit that does not wear
    /// leaves the run-to-failure columns empty, so that every row of a stream has the
    /// header's columns.
    pub fn write_record_with(
        self,
        out: &mut Vec<u8>,
        record: &TelemetryRecord,
        rcm: Option<&crate::rcm::RcmReading>,
        truth: Option<&RowTruth>,
        extra: ExtraColumns,
    ) {
        self.write_record(out, record);
        if let Some(rcm) = rcm {
            self.extend_record_with_rcm(out, rcm);
        }
        if let Some(truth) = truth {
            if self == Format::JsonLines {
                self.extend_record_with_truth(out, truth);
                return;
            }
            // The CSV's columns are the header's: the run-to-failure ones (empty for a unit
            // that does not wear) before the alarm's.
            let core = RowTruth {
                wear: truth.wear.filter(|_| extra.wear),
                alarm_nuisance: None,
                ..*truth
            };
            self.extend_record_with_truth(out, &core);
            if extra.wear && truth.wear.is_none() {
                out.pop();
                out.extend_from_slice(b",,,\n");
            }
            if let Some(nuisance) = truth.alarm_nuisance.filter(|_| extra.rcm) {
                truth_columns::extend_csv_nuisance(out, nuisance);
            }
        }
    }

    /// Appends the ground-truth columns to the header line that ends `out` (a CSV's; JSON
    /// lines have none): with `wear` the run-to-failure ones, with `rcm` the alarm's.
    pub(crate) fn extend_header_with_truth(self, out: &mut Vec<u8>, wear: bool, rcm: bool) {
        if self == Format::Csv {
            extend_csv_header(out, &truth_columns::TRUTH_COLUMNS);
            if wear {
                extend_csv_header(out, &truth_columns::WEAR_TRUTH_COLUMNS);
            }
            if rcm {
                extend_csv_header(out, &truth_columns::ALARM_TRUTH_COLUMNS);
            }
        }
    }

    /// Appends the `rcm` profile's columns to the header line that ends `out` (a CSV's).
    pub(crate) fn extend_header_with_rcm(self, out: &mut Vec<u8>) {
        if self == Format::Csv {
            extend_csv_header(out, &crate::rcm::RCM_COLUMNS);
        }
    }

    /// Appends a reading's `rcm` columns to the record line that ends `out`.
    pub(crate) fn extend_record_with_rcm(self, out: &mut Vec<u8>, rcm: &crate::rcm::RcmReading) {
        match self {
            Format::Csv => crate::rcm::extend_csv_record(out, rcm),
            Format::JsonLines => crate::rcm::extend_json_line(out, rcm),
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

/// Which columns follow a record's own, in a stream's output where one header serves every
/// container.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExtraColumns {
    /// The `rcm` profile's readings.
    pub rcm: bool,
    /// The ground truth.
    pub truth: bool,
    /// With the ground truth, the run-to-failure columns (some container wears).
    pub wear: bool,
}

impl crate::named::Named for Format {
    const ALL: &'static [Self] = &[Format::Csv, Format::JsonLines];
    const WHAT: &'static str = "format";
    const EXPECTED: &'static str = "expected csv or jsonl";

    fn text(self) -> &'static str {
        self.name()
    }

    fn aliases(self) -> &'static [&'static str] {
        match self {
            Format::Csv => &[],
            Format::JsonLines => &["ndjson", "json-lines"],
        }
    }
}

crate::display_and_parse_by_name!(Format);
