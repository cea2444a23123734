//! A batch of records sent by the browser app to the relay, validated record by record.
//!
//! The body is `{"records": [record, …]}`, each record an object with the CSV's field names and
//! JSON types (the JSON-lines encoding). One bad record refuses the whole batch, with the index
//! and field of the first error, so that nothing half-valid reaches Kafka.

use serde_json::{Map, Value};

use crate::control::FieldError;
use crate::record::{TelemetryRecord, COLUMNS};
use crate::ContainerId;

/// Parses a batch body; `max_records` is the relay's limit per request.
pub fn parse_batch(body: &[u8], max_records: usize) -> Result<Vec<TelemetryRecord>, FieldError> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| FieldError::new("body", format!("not valid JSON: {e}")))?;
    let Value::Object(mut map) = value else {
        return Err(FieldError::new(
            "body",
            "expected a JSON object {\"records\": [...]}",
        ));
    };
    if let Some(extra) = map.keys().find(|k| k.as_str() != "records") {
        return Err(FieldError::new(
            extra.chars().take(40).collect::<String>(),
            "unknown field; the body has only \"records\"",
        ));
    }
    let Some(Value::Array(items)) = map.remove("records") else {
        return Err(FieldError::new(
            "records",
            "is required: an array of telemetry records",
        ));
    };
    if items.is_empty() || items.len() > max_records {
        return Err(FieldError::new(
            "records",
            format!("expected 1 to {max_records} records, got {}", items.len()),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            record_from_json(item).map_err(|e| {
                let field = if e.field.is_empty() {
                    format!("records[{i}]")
                } else {
                    format!("records[{i}].{}", e.field)
                };
                FieldError::new(field, e.message)
            })
        })
        .collect()
}

/// Parses one record object (the JSON-lines shape) into a [`TelemetryRecord`].
pub fn record_from_json(value: &Value) -> Result<TelemetryRecord, FieldError> {
    let Value::Object(map) = value else {
        return Err(FieldError::new("", "expected a JSON object"));
    };
    if let Some(extra) = map.keys().find(|k| !COLUMNS.contains(&k.as_str())) {
        return Err(FieldError::new(
            extra.chars().take(40).collect::<String>(),
            "unknown field; a record has the CSV's 20 columns",
        ));
    }
    let fields = Fields(map);
    Ok(TelemetryRecord {
        container_id: fields.parsed("container_id", ContainerId::parse)?,
        measurement_time: fields.parsed("measurement_time", str::parse)?,
        product: fields.parsed("product_id", str::parse)?,
        temperature: fields.float("temperature")?,
        target_temperature: fields.float("target_temperature")?,
        ambiant_temperature: fields.float("ambiant_temperature")?,
        kilowatts: fields.float("kilowatts")?,
        time_door_open: fields.uint("time_door_open", u64::from(u32::MAX))? as u32,
        content_type: fields.uint("content_type", 255)? as u8,
        defrost_cycle: fields.uint("defrost_cycle", 255)? as u8,
        oxygen_level: fields.float("oxygen_level")?,
        nitrogen_level: fields.float("nitrogen_level")?,
        humidity_level: fields.float("humidity_level")?,
        carbon_dioxide_level: fields.float("carbon_dioxide_level")?,
        fan_1: fields.boolean("fan_1")?,
        fan_2: fields.boolean("fan_2")?,
        fan_3: fields.boolean("fan_3")?,
        latitude: fields.coordinate("latitude", 90.0)?,
        longitude: fields.coordinate("longitude", 180.0)?,
        maintenance_required: fields.uint("maintenance_required", 1)? == 1,
    })
}

/// Typed access to the fields of one record object, each error naming its field.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn get(&self, field: &str) -> Result<&Value, FieldError> {
        self.0
            .get(field)
            .filter(|v| !v.is_null())
            .ok_or_else(|| FieldError::new(field, "is required"))
    }

    fn text(&self, field: &str) -> Result<&str, FieldError> {
        self.get(field)?
            .as_str()
            .ok_or_else(|| FieldError::new(field, "expected a string"))
    }

    fn parsed<T>(
        &self,
        field: &str,
        parse: impl Fn(&str) -> Result<T, crate::ParseError>,
    ) -> Result<T, FieldError> {
        parse(self.text(field)?).map_err(|e| FieldError::new(field, e.to_string()))
    }

    fn float(&self, field: &str) -> Result<f64, FieldError> {
        self.get(field)?
            .as_f64()
            .filter(|v| v.is_finite())
            .ok_or_else(|| FieldError::new(field, "expected a number"))
    }

    fn uint(&self, field: &str, max: u64) -> Result<u64, FieldError> {
        self.get(field)?
            .as_u64()
            .filter(|v| *v <= max)
            .ok_or_else(|| {
                FieldError::new(field, format!("expected a whole number from 0 to {max}"))
            })
    }

    fn boolean(&self, field: &str) -> Result<bool, FieldError> {
        self.get(field)?
            .as_bool()
            .ok_or_else(|| FieldError::new(field, "expected true or false"))
    }

    fn coordinate(&self, field: &str, limit: f64) -> Result<f64, FieldError> {
        self.text(field)?
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.abs() <= limit)
            .ok_or_else(|| {
                FieldError::new(
                    field,
                    format!("expected a number from -{limit} to {limit}, as a string"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::write_json_record;
    use crate::{GenerationSpec, Generator, Seed};

    fn sample(n: u64) -> Vec<TelemetryRecord> {
        let spec = GenerationSpec::new(
            "C02".parse().unwrap(),
            "P02".parse().unwrap(),
            "poweroff".parse().unwrap(),
            n.to_string().parse().unwrap(),
            "2026-01-01 00:00:00".parse().unwrap(),
            Seed(9),
        )
        .unwrap();
        Generator::new(spec).collect()
    }

    fn body(records: &[TelemetryRecord]) -> Vec<u8> {
        let mut out = b"{\"records\":[".to_vec();
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_json_record(&mut out, r);
        }
        out.extend_from_slice(b"]}");
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
            ),
            (
                third.replace("\"fan_1\":true", "\"fan_1\":\"yes\""),
                "records[2].fan_1",
            ),
            (
                third.replace("\"maintenance_required\":0", "\"maintenance_required\":2"),
                "records[2].maintenance_required",
            ),
            (
                third.replace("\"container_id\":\"C02\",", ""),
                "records[2].container_id",
            ),
            (
                third.replace("{\"container_id\"", "{\"extra\":1,\"container_id\""),
                "records[2].extra",
            ),
            (
                third.replace(
                    "\"latitude\":\"37.8226902168957\"",
                    "\"latitude\":\"north\"",
                ),
                "records[2].latitude",
            ),
            (
                third.replace(
                    "\"measurement_time\":\"2026-01-01 00:10:00\"",
                    "\"measurement_time\":\"soon\"",
                ),
                "records[2].measurement_time",
            ),
        ];
        for (bad, field) in cases {
            assert_ne!(bad, third, "{field}: the replacement must apply");
            let text = good.replacen(&third, &bad, 1);
            let err = parse_batch(text.as_bytes(), 1000).unwrap_err();
            assert_eq!(err.field, field, "{err}");
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
            ("{\"records\":[1],\"more\":2}", "more"),
            ("{\"records\":[1]}", "records[0]"),
        ] {
            assert_eq!(
                parse_batch(text.as_bytes(), 10).unwrap_err().field,
                field,
                "{text}"
            );
        }
        let too_many = body(&sample(11));
        assert_eq!(parse_batch(&too_many, 10).unwrap_err().field, "records");
    }
}
