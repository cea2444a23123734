//! A batch of records sent by the browser app to the relay, validated record by record.
//!
//! The body is `{"records": [record, …]}`, each record an object with the CSV's field names and
//! JSON types (the JSON-lines encoding). One bad record refuses the whole batch, with the index
//! and field of the first error, so that nothing half-valid reaches Kafka.
//!
//! A body laid out as [`crate::encoding::write_batch`] writes it is read by a parser of that
//! layout (`canonical.rs`); any other is parsed by serde (typed, no intermediate JSON tree),
//! with the same result, and `serde_path_to_error` names the field of a type error
//! (`records[3].fan_2`).

mod canonical;

use std::borrow::Cow;

use serde::Deserialize;

use crate::columns::Column;
use crate::error::FieldError;
use crate::record::TelemetryRecord;
use crate::{ContainerId, ParseError};

/// The batch body as sent: `{"records": [record, …]}` (`POST /api/batches`).
#[derive(Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BatchBody<'a> {
    /// One to the relay's limit of records (10 000 by default), each with the CSV's field
    /// names and JSON types.
    #[serde(borrow)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Object>))]
    pub records: Vec<RecordFields<'a>>,
}

/// One record with its JSON types checked and its values not yet validated: the JSON-lines
/// shape of `reefer generate --format jsonl`, the `payload` of a `json` Kafka event (without
/// the ground truth) and a record of a batch body.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RecordFields<'a> {
    /// The container: 1 to 64 letters, digits, `-`, `_` or `.`.
    #[serde(borrow)]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^[A-Za-z0-9._-]{1,64}$"))
    )]
    pub container_id: Cow<'a, str>,
    /// When the reading was taken (simulated time, UTC), `YYYY-MM-DD HH:MM:SS`.
    #[serde(borrow)]
    #[cfg_attr(
        feature = "schema",
        schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$"))
    )]
    pub measurement_time: Cow<'a, str>,
    /// The product: `P01` to `P05`.
    #[serde(borrow)]
    #[cfg_attr(feature = "schema", schemars(regex(pattern = r"^P0[1-5]$")))]
    pub product_id: Cow<'a, str>,
    /// Cargo temperature, °C.
    pub temperature: f64,
    /// The product's target temperature, °C.
    pub target_temperature: f64,
    /// Outside temperature, °C (the name is misspelt on purpose, as downstream uses it).
    pub ambiant_temperature: f64,
    /// Power drawn, kW; 0 while the power is off.
    pub kilowatts: f64,
    /// Minutes the door has been open.
    pub time_door_open: u32,
    /// The product's content type.
    pub content_type: u8,
    /// Defrost cycle counter.
    pub defrost_cycle: u8,
    /// Oxygen, %.
    #[serde(rename = "oxygen_level")]
    pub oxygen: f64,
    /// Nitrogen, %.
    #[serde(rename = "nitrogen_level")]
    pub nitrogen: f64,
    /// Relative humidity, %.
    #[serde(rename = "humidity_level")]
    pub humidity: f64,
    /// Carbon dioxide, %.
    #[serde(rename = "carbon_dioxide_level")]
    pub carbon_dioxide: f64,
    /// Fan 1 running.
    pub fan_1: bool,
    /// Fan 2 running.
    pub fan_2: bool,
    /// Fan 3 running.
    pub fan_3: bool,
    /// Latitude in degrees, as a string (as the original wrote it).
    #[serde(borrow)]
    pub latitude: Cow<'a, str>,
    /// Longitude in degrees, as a string.
    #[serde(borrow)]
    pub longitude: Cow<'a, str>,
    /// The label for machine learning: 1 when maintenance is required.
    #[cfg_attr(feature = "schema", schemars(range(max = 1)))]
    pub maintenance_required: u8,
}

/// Parses a batch body; `max_records` is the relay's limit per request.
pub fn parse_batch(body: &[u8], max_records: usize) -> Result<Vec<TelemetryRecord>, FieldError> {
    // serde would accept a struct written as an array; the API does not.
    if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        return Err(FieldError::new(
            "body",
            "expected a JSON object {\"records\": [...]}",
        ));
    }
    let records = match canonical::parse(body) {
        Some(records) => records,
        None => parse_with_serde(body)?,
    };
    validate_batch(&records, max_records)
}

/// Parses a body of any layout with serde: without tracking where it is, then, if that fails,
/// again with `serde_path_to_error`, to name the field at fault.
fn parse_with_serde(body: &[u8]) -> Result<Vec<RecordFields<'_>>, FieldError> {
    match serde_json::from_slice::<BatchBody>(body) {
        Ok(batch) => Ok(batch.records),
        Err(_) => Err(locate_error(body)),
    }
}

/// Checks the number of records and each record's values.
fn validate_batch(
    records: &[RecordFields<'_>],
    max_records: usize,
) -> Result<Vec<TelemetryRecord>, FieldError> {
    let n = records.len();
    if n == 0 || n > max_records {
        return Err(FieldError::new(
            "records",
            format!("expected 1 to {max_records} records, got {n}"),
        ));
    }
    records
        .iter()
        .enumerate()
        .map(|(i, raw)| {
            validate_record(raw).map_err(|(field, message)| {
                FieldError::new(format!("records[{i}].{field}"), message)
            })
        })
        .collect()
}

/// The first error of a body that does not parse, with the path of its field.
fn locate_error(body: &[u8]) -> FieldError {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let parsed: Result<BatchBody, _> = serde_path_to_error::deserialize(&mut deserializer);
    let error = match parsed {
        Ok(_) => match deserializer.end() {
            Ok(()) => return FieldError::new("body", "not valid JSON"),
            Err(e) => {
                return FieldError::new(
                    "body",
                    format!("not valid JSON: {}", strip_position(&e.to_string())),
                )
            }
        },
        Err(e) => e,
    };
    let path = error.path().to_string();
    let inner = error.into_inner();
    let message = strip_position(&inner.to_string());
    match inner.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            FieldError::new("body", format!("not valid JSON: {message}"))
        }
        _ if path == "." => FieldError::new("records", message),
        _ => FieldError::new(path, message),
    }
}

/// serde_json ends its messages with " at line L column C": the field path says more.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message[..at].to_owned(),
        None => message.to_owned(),
    }
}

/// Names the field of a value that failed its rule.
fn parsed<T>(
    field: &'static str,
    result: Result<T, ParseError>,
) -> Result<T, (&'static str, String)> {
    result.map_err(|e| (field, e.to_string()))
}

/// The value rules of a record, on top of the JSON types; the error names the field.
pub(crate) fn validate_record(
    raw: &RecordFields<'_>,
) -> Result<TelemetryRecord, (&'static str, String)> {
    let finite = |field: &'static str, v: f64| {
        if v.is_finite() {
            Ok(v)
        } else {
            Err((field, "expected a finite number".to_owned()))
        }
    };
    let coordinate = |field: &'static str, text: &str, limit: f64| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.abs() <= limit)
            .ok_or_else(|| {
                (
                    field,
                    format!("expected a number from -{limit} to {limit}, as a string"),
                )
            })
    };
    if raw.maintenance_required > 1 {
        return Err(("maintenance_required", "expected 0 or 1".to_owned()));
    }
    Ok(TelemetryRecord {
        container_id: parsed("container_id", ContainerId::parse(&raw.container_id))?,
        measurement_time: parsed("measurement_time", raw.measurement_time.parse())?,
        product: parsed("product_id", raw.product_id.parse())?,
        temperature: finite("temperature", raw.temperature)?,
        target_temperature: finite("target_temperature", raw.target_temperature)?,
        ambiant_temperature: finite("ambiant_temperature", raw.ambiant_temperature)?,
        kilowatts: finite("kilowatts", raw.kilowatts)?,
        time_door_open: raw.time_door_open,
        content_type: raw.content_type,
        defrost_cycle: raw.defrost_cycle,
        oxygen: finite(Column::OxygenLevel.name(), raw.oxygen)?,
        nitrogen: finite(Column::NitrogenLevel.name(), raw.nitrogen)?,
        humidity: finite(Column::HumidityLevel.name(), raw.humidity)?,
        carbon_dioxide: finite(Column::CarbonDioxideLevel.name(), raw.carbon_dioxide)?,
        fan_1: raw.fan_1,
        fan_2: raw.fan_2,
        fan_3: raw.fan_3,
        latitude: coordinate("latitude", &raw.latitude, 90.0)?,
        longitude: coordinate("longitude", &raw.longitude, 180.0)?,
        maintenance_required: raw.maintenance_required == 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::write_json_record;
    use crate::{GenerationSpec, Generator};

    fn sample(n: u64) -> Vec<TelemetryRecord> {
        let spec = GenerationSpec::example("poweroff", n, 9);
        Generator::new(spec).collect()
    }

    fn body(records: &[TelemetryRecord]) -> Vec<u8> {
        let mut out = Vec::new();
        crate::encoding::write_batch(&mut out, records);
        out
    }

    #[test]
    fn encoded_records_parse_back_exactly() {
        let records = sample(300);
        assert_eq!(parse_batch(&body(&records), 1000).unwrap(), records);
    }

    #[test]
    fn one_bad_record_refuses_the_batch_with_its_index_and_field() {
        let records = sample(5);
        let good = String::from_utf8(body(&records)).unwrap();
        let third = {
            let mut one = Vec::new();
            write_json_record(&mut one, &records[2]);
            String::from_utf8(one).unwrap()
        };
        let cases = [
            (
                third.replace("\"product_id\":\"P02\"", "\"product_id\":\"P9\""),
                "records[2].product_id",
                "P01",
            ),
            (
                third.replace("\"fan_1\":true", "\"fan_1\":\"yes\""),
                "records[2].fan_1",
                "boolean",
            ),
            (
                third.replace("\"maintenance_required\":0", "\"maintenance_required\":2"),
                "records[2].maintenance_required",
                "0 or 1",
            ),
            (
                third.replace("\"container_id\":\"C02\",", ""),
                "records[2]",
                "container_id",
            ),
            (
                third.replace("{\"container_id\"", "{\"extra\":1,\"container_id\""),
                "records[2].extra",
                "unknown field",
            ),
            (
                third.replace(
                    "\"latitude\":\"37.8226902168957\"",
                    "\"latitude\":\"north\"",
                ),
                "records[2].latitude",
                "as a string",
            ),
            (
                third.replace(
                    "\"measurement_time\":\"2026-01-01 00:10:00\"",
                    "\"measurement_time\":\"soon\"",
                ),
                "records[2].measurement_time",
                "YYYY-MM-DD",
            ),
            (
                third.replace("\"container_id\":\"C02\"", "\"container_id\":\"C 2\""),
                "records[2].container_id",
                "letters",
            ),
            (
                third.replace("\"defrost_cycle\":", "\"defrost_cycle\":-"),
                "records[2].defrost_cycle",
                "invalid value",
            ),
        ];
        for (bad, field, says) in cases {
            assert_ne!(bad, third, "{field}: the replacement must apply");
            let text = good.replacen(&third, &bad, 1);
            let err = parse_batch(text.as_bytes(), 1000).unwrap_err();
            assert_eq!(err.field, field, "{err}");
            assert!(err.message.contains(says), "{err}");
        }
    }

    #[test]
    fn the_body_itself_must_be_right() {
        for (text, field) in [
            ("nope", "body"),
            ("[]", "body"),
            ("{}", "records"),
            ("{\"records\":[]}", "records"),
            ("{\"records\":{}}", "records"),
            ("{\"records\":[],\"more\":2}", "more"),
            ("{\"records\":[1]}", "records[0]"),
            ("{\"records\":[]} trailing", "body"),
        ] {
            let err = parse_batch(text.as_bytes(), 10).unwrap_err();
            assert_eq!(err.field, field, "{text}: {err}");
        }
        let too_many = body(&sample(11));
        assert_eq!(parse_batch(&too_many, 10).unwrap_err().field, "records");
    }
}
