//! The JSON encodings: a record object (JSON lines, the Kafka payload) and the Kafka event.

use super::numbers::{push_coordinate, push_float, push_int};
use crate::columns::{Column, JSON_KEYS};
use crate::record::{TelemetryRecord, DEFAULT_LATITUDE, DEFAULT_LONGITUDE};
use crate::truth::RowTruth;

/// The position fields of the generator's fixed position, written in one copy.
const DEFAULT_PLACE: &[u8] = b",\"latitude\":\"37.8226902168957\",\"longitude\":\"-122.324895";

/// The `type` of every Kafka event, as the original simulator sent it.
pub const KAFKA_EVENT_TYPE: &str = "ReeferTelemetries";

/// Appends one record as a JSON object, fields in column order (no line break).
///
/// Fans are JSON booleans, the label is 0 or 1, and latitude and longitude are strings, as
/// SPEC's record table types them.
#[inline]
pub fn write_json_record(out: &mut Vec<u8>, r: &TelemetryRecord) {
    use Column::*;
    let text = |out: &mut Vec<u8>, key: &[u8], value: &[u8]| {
        out.extend_from_slice(key);
        out.push(b'"');
        out.extend_from_slice(value);
        out.push(b'"');
    };
    let float = |out: &mut Vec<u8>, column: Column, value: f64| {
        out.extend_from_slice(column.json_key());
        push_float(out, value);
    };
    let int = |out: &mut Vec<u8>, column: Column, value: u32| {
        out.extend_from_slice(column.json_key());
        push_int(out, value);
    };
    let flag = |out: &mut Vec<u8>, column: Column, on: bool| {
        out.extend_from_slice(column.json_key());
        out.extend_from_slice(if on { b"true" } else { b"false" });
    };
    out.push(b'{');
    text(
        out,
        JSON_KEYS[ContainerId as usize].first(),
        r.container_id.as_str().as_bytes(),
    );
    text(
        out,
        MeasurementTime.json_key(),
        &r.measurement_time.to_bytes(),
    );
    text(out, ProductId.json_key(), r.product.id().as_bytes());
    float(out, Temperature, r.temperature);
    float(out, TargetTemperature, r.target_temperature);
    float(out, AmbiantTemperature, r.ambiant_temperature);
    float(out, Kilowatts, r.kilowatts);
    int(out, TimeDoorOpen, r.time_door_open);
    int(out, ContentType, u32::from(r.content_type));
    int(out, DefrostCycle, u32::from(r.defrost_cycle));
    float(out, OxygenLevel, r.oxygen);
    float(out, NitrogenLevel, r.nitrogen);
    float(out, HumidityLevel, r.humidity);
    float(out, CarbonDioxideLevel, r.carbon_dioxide);
    flag(out, Fan1, r.fan_1);
    flag(out, Fan2, r.fan_2);
    flag(out, Fan3, r.fan_3);
    if r.latitude == DEFAULT_LATITUDE && r.longitude == DEFAULT_LONGITUDE {
        out.extend_from_slice(DEFAULT_PLACE);
    } else {
        out.extend_from_slice(b",\"latitude\":\"");
        push_coordinate(out, r.latitude);
        out.extend_from_slice(b"\",\"longitude\":\"");
        push_coordinate(out, r.longitude);
    }
    out.extend_from_slice(if r.maintenance_required {
        b"\",\"maintenance_required\":1}"
    } else {
        b"\",\"maintenance_required\":0}"
    });
}

/// Appends SPEC's Kafka event value for a record:
/// `{"containerID", "timestamp", "type": "ReeferTelemetries", "payload": {the record}}`.
///
/// `timestamp` is the record's measurement time, so that consumers see simulated time.
pub fn write_kafka_event(out: &mut Vec<u8>, r: &TelemetryRecord) {
    write_kafka_event_with_truth(out, r, None, None);
}

/// Appends SPEC's Kafka event for a record, with the `rcm` profile's readings and its ground
/// truth (the columns of [`super::TRUTH_COLUMNS`]) at the end of the payload when given, in
/// that order, as in JSON lines.
pub fn write_kafka_event_with_truth(
    out: &mut Vec<u8>,
    r: &TelemetryRecord,
    rcm: Option<&crate::rcm::RcmReading>,
    truth: Option<&RowTruth>,
) {
    write_event_envelope(out, r);
    write_json_record(out, r);
    if let Some(rcm) = rcm {
        crate::rcm::extend_json_object(out, rcm);
    }
    if let Some(truth) = truth {
        out.pop(); // the payload's closing brace
        super::truth_columns::extend_json_object(out, truth);
        out.push(b'}');
    }
    out.push(b'}');
}

/// Appends the start of a Kafka event, up to its payload:
/// `{"containerID":"…","timestamp":"…","type":"ReeferTelemetries","payload":` (both formats).
pub(super) fn write_event_envelope(out: &mut Vec<u8>, r: &TelemetryRecord) {
    out.extend_from_slice(b"{\"containerID\":\"");
    out.extend_from_slice(r.container_id.as_str().as_bytes());
    out.extend_from_slice(b"\",\"timestamp\":\"");
    out.extend_from_slice(&r.measurement_time.to_bytes());
    out.extend_from_slice(b"\",\"type\":\"");
    out.extend_from_slice(KAFKA_EVENT_TYPE.as_bytes());
    out.extend_from_slice(b"\",\"payload\":");
}

/// Appends a batch body for the relay's `POST /api/batches`: `{"records": [record, …]}`, each
/// record as [`write_json_record`] writes it (what [`crate::batch::parse_batch`] reads).
pub fn write_batch(out: &mut Vec<u8>, records: &[TelemetryRecord]) {
    out.extend_from_slice(b"{\"records\":[");
    for (i, record) in records.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_json_record(out, record);
    }
    out.extend_from_slice(b"]}");
}
