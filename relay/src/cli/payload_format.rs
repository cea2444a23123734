//! `--payload-format`: what the `payload` of each Kafka event holds, for every command that
//! produces events (`serve`, `generate --kafka`, `stream --kafka` and `stream --format event`).

use clap::Args;
use reefer_shared::encoding::{PayloadFormat, LEGACY_HAS_NO_GROUND_TRUTH};

use super::parse::parse_with;
use crate::error::CliError;

/// The flag, also read from `TELEMETRY_PAYLOAD_FORMAT`.
#[derive(Debug, Clone, Args)]
pub struct PayloadFormatArg {
    /// Kafka event payload: json (the record as a JSON object) or legacy (the original
    /// simulator's payload, a string holding Python's tuple of the 20 values, which the
    /// original solution's scoring agents parse)
    #[arg(long, env = "TELEMETRY_PAYLOAD_FORMAT", value_name = "FORMAT", default_value = "json",
          value_parser = parse_with::<PayloadFormat>)]
    pub payload_format: PayloadFormat,
}

impl PayloadFormatArg {
    /// The format, once `--ground-truth` is known to fit in it (the legacy tuple has no room).
    pub fn checked(&self, ground_truth: bool) -> Result<PayloadFormat, CliError> {
        if ground_truth && !self.payload_format.carries_ground_truth() {
            return Err(CliError::usage(format!(
                "--ground-truth: {LEGACY_HAS_NO_GROUND_TRUTH} (--payload-format json)"
            )));
        }
        Ok(self.payload_format)
    }
}
