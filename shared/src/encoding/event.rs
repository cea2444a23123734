//! The Kafka event and its two payload formats: `json` (ours) and `legacy` (the original
//! simulator's), with the version of the contract that consumers can check.

use serde::Deserialize;
use serde_json::Value;

use super::json::write_event_envelope;
use super::legacy::{parse_legacy_tuple, write_legacy_tuple};
use super::truth_columns::{ALARM_TRUTH_COLUMNS, WEAR_TRUTH_COLUMNS};
use super::{write_kafka_event_with_truth, TruthFields, TRUTH_COLUMNS};
use crate::batch::{validate_record, RecordFields};
use crate::error::FieldError;
use crate::rcm::{Profile, RcmFields, RcmReading, RCM_COLUMNS};
use crate::record::TelemetryRecord;
use crate::truth::RowTruth;

/// The version of the event contract (`docs/schemas/`), sent with every event in the Kafka
/// header [`SCHEMA_VERSION_HEADER`]. It changes when a field is renamed, removed or changes
/// type or meaning; a new optional field does not change it.
pub const EVENT_SCHEMA_VERSION: &str = "1";
/// The Kafka header that carries [`EVENT_SCHEMA_VERSION`].
pub const SCHEMA_VERSION_HEADER: &str = "schema_version";
/// The Kafka header that names the event's [`PayloadFormat`] (`json` or `legacy`).
pub const PAYLOAD_FORMAT_HEADER: &str = "payload_format";

/// What an event's `payload` holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PayloadFormat {
    /// The record's columns as a JSON object (and the ground truth when asked for).
    #[default]
    Json,
    /// The original simulator's payload: a string, Python's `str()` of the 20-value tuple
    /// (see [`super::legacy`]), which the original solution's scoring agents parse.
    Legacy,
}

/// Why a legacy payload cannot carry the ground truth, for the CLI and the relay alike.
pub const LEGACY_HAS_NO_GROUND_TRUTH: &str = "the legacy payload is the original's 20-value \
     tuple and has no room for the ground truth; use the json payload format to get it";
/// Why a legacy payload cannot carry the `rcm` profile, for the CLI and the relay alike.
pub const LEGACY_HAS_NO_RCM: &str = "the legacy payload is the original's 20-value tuple and \
     has no room for the rcm profile's readings; use the json payload format, or the standard \
     profile";

impl PayloadFormat {
    /// Every format, in the order the help lists them.
    pub const ALL: [PayloadFormat; 2] = [PayloadFormat::Json, PayloadFormat::Legacy];

    /// The format's name, as flags, variables and the Kafka header spell it.
    pub const fn name(self) -> &'static str {
        match self {
            PayloadFormat::Json => "json",
            PayloadFormat::Legacy => "legacy",
        }
    }

    /// Whether the payload can carry the ground truth; when not, a request for it is refused
    /// with [`LEGACY_HAS_NO_GROUND_TRUTH`] rather than dropped.
    pub const fn carries_ground_truth(self) -> bool {
        matches!(self, PayloadFormat::Json)
    }

    /// What this payload cannot carry of a request for the ground truth and `profile`: the
    /// field (`ground_truth` or `profile`) and why, so that it is refused rather than dropped.
    pub fn refusal(
        self,
        ground_truth: bool,
        profile: Profile,
    ) -> Option<(&'static str, &'static str)> {
        match self {
            PayloadFormat::Json => None,
            PayloadFormat::Legacy if ground_truth => {
                Some(("ground_truth", LEGACY_HAS_NO_GROUND_TRUTH))
            }
            PayloadFormat::Legacy if profile == Profile::Rcm => {
                Some(("profile", LEGACY_HAS_NO_RCM))
            }
            PayloadFormat::Legacy => None,
        }
    }

    /// Appends the event value for `record`:
    /// `{"containerID", "timestamp", "type": "ReeferTelemetries", "payload": …}`.
    ///
    /// `rcm` and `truth` go into a `json` payload; callers refuse them for `legacy` first
    /// ([`PayloadFormat::refusal`]), which never receives them.
    pub fn write_event(
        self,
        out: &mut Vec<u8>,
        record: &TelemetryRecord,
        rcm: Option<&RcmReading>,
        truth: Option<&RowTruth>,
    ) {
        match self {
            PayloadFormat::Json => write_kafka_event_with_truth(out, record, rcm, truth),
            PayloadFormat::Legacy => {
                debug_assert!(truth.is_none(), "{LEGACY_HAS_NO_GROUND_TRUTH}");
                debug_assert!(rcm.is_none(), "{LEGACY_HAS_NO_RCM}");
                write_legacy_event(out, record);
            }
        }
    }
}

/// Appends the original's event: `{"containerID", "timestamp", "type", "payload": "(…)"}`
/// with the tuple as a JSON string (its text needs no escaping: see [`super::legacy`]).
fn write_legacy_event(out: &mut Vec<u8>, r: &TelemetryRecord) {
    write_event_envelope(out, r);
    out.push(b'"');
    write_legacy_tuple(out, r);
    out.extend_from_slice(b"\"}");
}

/// The envelope of every telemetry event, whatever its payload.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TelemetryEvent<P> {
    /// The container (also the message key).
    #[serde(rename = "containerID")]
    pub container_id: String,
    /// The reading's measurement time, `YYYY-MM-DD HH:MM:SS`.
    pub timestamp: String,
    /// Always `ReeferTelemetries`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The reading.
    pub payload: P,
}

/// The reading of an event's `payload`, whichever format it has: a `json` object (whose
/// ground truth, when present, must have its fields' types, and is then left aside) or a
/// `legacy` tuple string. This is how the control panel's live view reads both.
pub fn read_payload(payload: &Value) -> Result<TelemetryRecord, FieldError> {
    match payload {
        Value::String(tuple) => parse_legacy_tuple(tuple),
        Value::Object(map) => {
            type Fields = serde_json::Map<String, Value>;
            let (truth, rest): (Fields, Fields) = map
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .partition(|(k, _)| {
                    TRUTH_COLUMNS.contains(&k.as_str())
                        || WEAR_TRUTH_COLUMNS.contains(&k.as_str())
                        || ALARM_TRUTH_COLUMNS.contains(&k.as_str())
                });
            let (rcm, record): (Fields, Fields) = rest
                .into_iter()
                .partition(|(k, _)| RCM_COLUMNS.contains(&k.as_str()));
            let invalid = |e: serde_json::Error| FieldError::new("payload", e.to_string());
            if !truth.is_empty() {
                let truth = Value::Object(truth);
                TruthFields::deserialize(&truth).map_err(invalid)?;
            }
            if !rcm.is_empty() {
                let rcm = Value::Object(rcm);
                RcmFields::deserialize(&rcm).map_err(invalid)?;
            }
            let record = Value::Object(record);
            let fields = RecordFields::deserialize(&record).map_err(invalid)?;
            validate_record(&fields).map_err(|(field, message)| FieldError::new(field, message))
        }
        _ => Err(FieldError::new(
            "payload",
            "expected an object (json) or a tuple string (legacy)",
        )),
    }
}

crate::named_values! { PayloadFormat {
    what: "payload format",
    expected: "expected json (the record as an object) or legacy (the original simulator's \
     tuple string)",
    all: &Self::ALL,
    text: name
} }

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::KAFKA_EVENT_TYPE;
    use crate::{GenerationSpec, Generator};

    fn records(simulation: &str) -> Vec<TelemetryRecord> {
        let spec = GenerationSpec::from_fields(
            "C02",
            "P02",
            simulation,
            "200",
            "2026-12-01 18:45:00",
            "11",
            "0",
        )
        .unwrap();
        Generator::new(spec).collect()
    }

    #[test]
    fn names_parse_and_print() {
        for format in PayloadFormat::ALL {
            assert_eq!(format.name().parse::<PayloadFormat>().unwrap(), format);
        }
        assert_eq!(
            " LEGACY ".parse::<PayloadFormat>(),
            Ok(PayloadFormat::Legacy)
        );
        let err = "avro".parse::<PayloadFormat>().unwrap_err().to_string();
        assert!(err.contains("json") && err.contains("legacy"), "{err}");
    }

    #[test]
    fn both_formats_read_back_as_the_same_record() {
        for record in records("co2sensor") {
            for format in PayloadFormat::ALL {
                let mut out = Vec::new();
                format.write_event(&mut out, &record, None, None);
                let event: TelemetryEvent<Value> = serde_json::from_slice(&out).unwrap();
                assert_eq!(event.container_id, "C02");
                assert_eq!(event.kind, KAFKA_EVENT_TYPE);
                assert_eq!(event.timestamp, record.measurement_time.to_string());
                assert_eq!(read_payload(&event.payload).unwrap(), record, "{format}");
            }
        }
    }

    #[test]
    fn the_legacy_payload_is_a_string_and_the_json_format_is_unchanged() {
        let record = records("normal")[0];
        let mut legacy = Vec::new();
        PayloadFormat::Legacy.write_event(&mut legacy, &record, None, None);
        let event: Value = serde_json::from_slice(&legacy).unwrap();
        let payload = event["payload"].as_str().unwrap();
        assert!(payload.starts_with("('C02', '2026-12-01 18:45:00', 'P02', "));
        assert!(payload.ends_with(", True, True, True, '37.8226902168957', '-122.324895', 0)"));
        let (mut json, mut direct) = (Vec::new(), Vec::new());
        PayloadFormat::Json.write_event(&mut json, &record, None, None);
        super::super::write_kafka_event(&mut direct, &record);
        assert_eq!(json, direct);
    }

    #[test]
    fn a_json_payload_with_ground_truth_still_reads() {
        let spec = GenerationSpec::from_fields(
            "C02",
            "P02",
            "poweroff",
            "50",
            "2026-12-01 18:45:00",
            "3",
            "0",
        )
        .unwrap();
        let mut generator = Generator::new(spec);
        let truth = generator.ground_truth();
        let (mut rows, mut truths) = (Vec::new(), Vec::new());
        generator.fill(50, &mut rows, Some(&truth), &mut truths, &mut Vec::new());
        for (record, truth) in rows.iter().zip(&truths) {
            let mut out = Vec::new();
            PayloadFormat::Json.write_event(&mut out, record, None, Some(truth));
            let event: Value = serde_json::from_slice(&out).unwrap();
            assert!(event["payload"].get("fault_type").is_some());
            assert_eq!(read_payload(&event["payload"]).unwrap(), *record);
        }
        assert!(!PayloadFormat::Legacy.carries_ground_truth());
        assert!(read_payload(&Value::Null).is_err());
    }

    #[test]
    fn a_json_event_carries_the_rcm_readings_and_the_wear_truth_and_legacy_refuses_them() {
        use crate::rcm::Profile;
        let spec = GenerationSpec::from_fields(
            "C09",
            "P01",
            "compressorwear",
            "300",
            "2026-01-01 00:00:00",
            "5",
            "0",
        )
        .unwrap()
        .with_profile(Profile::Rcm);
        let mut generator = Generator::new(spec);
        let truth = generator.ground_truth();
        while let Some(record) = generator.next() {
            let row = generator.last_truth(&truth);
            let mut out = Vec::new();
            PayloadFormat::Json.write_event(
                &mut out,
                &record,
                Some(generator.last_rcm()),
                Some(&row),
            );
            let event: Value = serde_json::from_slice(&out).unwrap();
            let payload = &event["payload"];
            // The heater (a defrost, or heat) warms the supply air above the return air.
            let heated = matches!(payload["mode"].as_str(), Some("defrost" | "heat"));
            assert!(
                heated
                    || payload["supply_air_temperature"].as_f64().unwrap()
                        < payload["return_air_temperature"].as_f64().unwrap(),
                "{payload}"
            );
            assert_eq!(payload["power_on"], true);
            assert!(payload["remaining_useful_life_minutes"].is_u64());
            assert_eq!(read_payload(payload).unwrap(), record);
        }
        let mut bad: Value = serde_json::from_str(r#"{"power_on": "yes"}"#).unwrap();
        let mut out = Vec::new();
        write_kafka_event_with_truth(&mut out, &Generator::new(spec).next().unwrap(), None, None);
        let event: Value = serde_json::from_slice(&out).unwrap();
        bad.as_object_mut()
            .unwrap()
            .extend(event["payload"].as_object().unwrap().clone());
        assert!(
            read_payload(&bad).is_err(),
            "a power_on that is not a boolean"
        );
        assert_eq!(
            PayloadFormat::Legacy
                .refusal(false, Profile::Rcm)
                .map(|r| r.0),
            Some("profile")
        );
        assert_eq!(
            PayloadFormat::Legacy
                .refusal(true, Profile::Standard)
                .map(|r| r.0),
            Some("ground_truth")
        );
        assert_eq!(
            PayloadFormat::Legacy.refusal(false, Profile::Standard),
            None
        );
        assert_eq!(PayloadFormat::Json.refusal(true, Profile::Rcm), None);
    }
}
