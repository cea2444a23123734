//! `reefer generate --format`: a text format of `reefer-shared` (csv, jsonl) or Parquet,
//! which only files and stdout take (not `--append`: a Parquet file ends with its footer).

use reefer_shared::encoding::Format;
use reefer_shared::ParseError;

/// What `reefer generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// CSV or JSON lines, written in chunks.
    Text(Format),
    /// Apache Parquet, a row group at a time ([`crate::parquet`]).
    Parquet,
}

/// Parses `--format`: `parquet`, or a text format by its rule in `reefer-shared`.
pub fn parse_file_format(s: &str) -> Result<FileFormat, ParseError> {
    if s.trim().eq_ignore_ascii_case("parquet") {
        return Ok(FileFormat::Parquet);
    }
    s.parse::<Format>()
        .map(FileFormat::Text)
        .map_err(|_| ParseError::new("format", s, "expected csv, jsonl or parquet"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parquet_and_the_text_formats_are_named() {
        assert_eq!(parse_file_format("parquet"), Ok(FileFormat::Parquet));
        assert_eq!(parse_file_format("csv"), Ok(FileFormat::Text(Format::Csv)));
        assert_eq!(
            parse_file_format("jsonl"),
            Ok(FileFormat::Text(Format::JsonLines))
        );
        let refusal = parse_file_format("xlsx").unwrap_err().to_string();
        assert!(refusal.contains("csv, jsonl or parquet"), "{refusal}");
    }
}
