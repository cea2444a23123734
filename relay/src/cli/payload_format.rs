//! `--payload-format`: what the `payload` of each Kafka event holds, for every command that
//! produces events (`serve`, `generate --kafka`, `stream --kafka` and `stream --format event`).

use clap::Args;
use reefer_shared::encoding::PayloadFormat;
use reefer_shared::rcm::Profile;

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
    /// The format, once `--ground-truth` and `--profile` are known to fit in it (the legacy
    /// tuple has room for neither).
    pub fn checked(&self, ground_truth: bool, profile: Profile) -> Result<PayloadFormat, CliError> {
        if let Some((field, why)) = self.payload_format.refusal(ground_truth, profile) {
            let flag = field.replace('_', "-");
            return Err(CliError::usage(format!(
                "--{flag}: {why} (--payload-format json)"
            )));
        }
        Ok(self.payload_format)
    }
}
