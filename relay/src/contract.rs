//! The published event contract: JSON Schemas of the `json` event, the `legacy` event and the
//! batch body, generated from the `reefer-shared` types that write and parse them, and kept in
//! `docs/schemas/` (a test fails when the files and the types disagree; run it with
//! `REEFER_UPDATE_SCHEMAS=1` to rewrite them).
//!
//! Consumers check the version in each event's `schema_version` Kafka header
//! ([`EVENT_SCHEMA_VERSION`]) and the format in its `payload_format` header.

use reefer_shared::batch::{BatchBody, RecordFields};
use reefer_shared::columns::{ColumnType, RECORD_COLUMNS};
use reefer_shared::encoding::{TelemetryEvent, TruthFields, EVENT_SCHEMA_VERSION};
use reefer_shared::rcm::RcmFields;
use schemars::{schema_for, Schema};
use serde_json::Value;

/// Where the schemas live in the repository.
pub const SCHEMA_DIR: &str = "docs/schemas";

/// The published schemas: file name and content, generated once (the relay serves them on
/// every `GET /schemas/{file}`).
pub fn schemas() -> &'static [(String, Value)] {
    static SCHEMAS: std::sync::OnceLock<Vec<(String, Value)>> = std::sync::OnceLock::new();
    SCHEMAS.get_or_init(generate)
}

fn generate() -> Vec<(String, Value)> {
    let v = EVENT_SCHEMA_VERSION;
    vec![
        (
            format!("telemetry-event.json.v{v}.schema.json"),
            json_event(),
        ),
        (
            format!("telemetry-event.legacy.v{v}.schema.json"),
            legacy_event(),
        ),
        (format!("batch.v{v}.schema.json"), batch_body()),
    ]
}

/// Adds the `$id`, title, version and description every published schema has.
fn publish(schema: Schema, file: &str, title: &str, description: &str) -> Value {
    let mut value = schema.to_value();
    if let Value::Object(map) = &mut value {
        map.insert(
            "$id".into(),
            format!("https://github.com/reefer-telemetry/reefer-simulator/blob/main/{SCHEMA_DIR}/{file}")
                .into(),
        );
        map.insert("title".into(), title.into());
        map.insert("description".into(), description.into());
        map.insert("x-schema-version".into(), EVENT_SCHEMA_VERSION.into());
    }
    value
}

/// The `json` event: the envelope with the record as an object, the ground truth optional.
fn json_event() -> Value {
    let mut value = publish(
        schema_for!(TelemetryEvent<RecordFields<'static>>),
        &format!("telemetry-event.json.v{EVENT_SCHEMA_VERSION}.schema.json"),
        "Reefer telemetry event (json payload)",
        "A value of the reefer-telemetry topic with the json payload format (the default): the \
         record's 20 columns as an object, the five remote-monitoring readings with the rcm \
         profile, and the ground-truth fields when they were asked for. Kafka key: the \
         container id. Headers: schema_version, payload_format=json.",
    );
    // The rcm readings and the ground truth's fields are optional members of the payload
    // object (which refuses any other field).
    let rcm = schema_for!(RcmFields<'static>).to_value();
    let truth = schema_for!(TruthFields<'static>).to_value();
    if let Some(Value::Object(record)) = value.pointer_mut("/$defs/RecordFields/properties") {
        for extra in [&rcm, &truth] {
            if let Some(Value::Object(fields)) = extra.get("properties") {
                record.extend(fields.clone());
            }
        }
    }
    value
}

/// The `legacy` event: the envelope with the original simulator's tuple string.
fn legacy_event() -> Value {
    let mut value = publish(
        schema_for!(TelemetryEvent<String>),
        &format!("telemetry-event.legacy.v{EVENT_SCHEMA_VERSION}.schema.json"),
        "Reefer telemetry event (legacy payload)",
        "A value of the reefer-telemetry topic with the legacy payload format: the original \
         simulator's event, whose payload is a string, Python's str() of the record's 20 \
         values in CSV order, which the original solution's scoring agents strip and split \
         (Java) or literal_eval (Python). Kafka key: the container id. Headers: \
         schema_version, payload_format=legacy.",
    );
    if let Some(Value::Object(payload)) = value.pointer_mut("/properties/payload") {
        payload.insert("pattern".into(), legacy_tuple_pattern().into());
        payload.insert(
            "description".into(),
            format!(
                "({}): strings in single quotes, floats in Python's repr form (6.0, 1e-05), \
                 integers bare, fans True/False, the label 0/1",
                legacy_tuple_names()
            )
            .into(),
        );
    }
    value
}

/// The tuple's members by column name, the quoted ones in quotes:
/// `'container_id', 'measurement_time', …, maintenance_required`.
fn legacy_tuple_names() -> String {
    RECORD_COLUMNS
        .iter()
        .map(|c| match c.column_type {
            ColumnType::Text | ColumnType::Time | ColumnType::Coordinate => format!("'{}'", c.name),
            _ => c.name.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The tuple's grammar as a regular expression (anchored).
fn legacy_tuple_pattern() -> String {
    let float = r"-?(?:\d+\.\d+|\d(?:\.\d+)?e[+-]\d{2,3})";
    let int = r"\d+";
    let flag = "(?:True|False)";
    let mut parts = vec![
        r"'[A-Za-z0-9._-]{1,64}'".to_owned(),
        r"'\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'".to_owned(),
        "'P0[1-5]'".to_owned(),
    ];
    parts.extend([float; 4].map(str::to_owned));
    parts.extend([int; 3].map(str::to_owned));
    parts.extend([float; 4].map(str::to_owned));
    parts.extend([flag; 3].map(str::to_owned));
    parts.extend([
        format!("'{float}'"),
        format!("'{float}'"),
        "[01]".to_owned(),
    ]);
    format!(r"^\({}\)$", parts.join(", "))
}

/// The batch body of `POST /api/batches`.
fn batch_body() -> Value {
    publish(
        schema_for!(BatchBody<'static>),
        &format!("batch.v{EVENT_SCHEMA_VERSION}.schema.json"),
        "Reefer batch body",
        "The body of the relay's POST /api/batches: records with the CSV's field names and \
         JSON types (the JSON-lines shape of reefer generate --format jsonl).",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::path::Path;

    #[test]
    fn the_published_schemas_are_the_ones_the_types_give() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(SCHEMA_DIR);
        let update = std::env::var_os("REEFER_UPDATE_SCHEMAS").is_some();
        for (file, schema) in schemas() {
            let text = serde_json::to_string_pretty(schema).unwrap() + "\n";
            let path = dir.join(file);
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
                continue;
            }
            let published = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                published == text,
                "{} differs from the types: if the change is meant, run \
                 REEFER_UPDATE_SCHEMAS=1 cargo test -p reefer-relay contract, and raise \
                 EVENT_SCHEMA_VERSION if a field was renamed, removed or changed type",
                path.display()
            );
        }
    }

    #[test]
    fn the_legacy_pattern_takes_the_originals_example() {
        let pattern = regex_lite(&legacy_tuple_pattern());
        assert!(pattern(
            "('C02', '2026-12-01 18:45:09', 'P02', 5.4680927674488125, 6.0, 19.1591548276226, \
             3.196230629740899, 0, 2, 3, 20.20783057215954, 81.37178680447614, \
             60.711079765317606, 3.7727885059348245, True, True, True, '37.8226902168957', \
             '-122.324895', 0)"
        ));
        assert!(!pattern("('C02')"));
    }

    /// The pattern checked through the schema validator the tests use, as a consumer would.
    fn regex_lite(pattern: &str) -> impl Fn(&str) -> bool {
        let validator =
            jsonschema::validator_for(&json!({"type": "string", "pattern": pattern})).unwrap();
        move |text| validator.is_valid(&json!(text))
    }
}
