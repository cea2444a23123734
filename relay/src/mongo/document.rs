//! One record as a MongoDB document: SPEC's shape, readings grouped under `sensors`.

use mongodb::bson::{doc, Bson, DateTime, Document};
use reefer_shared::truth::RowTruth;
use reefer_shared::TelemetryRecord;

/// The document stored for `r`:
///
/// ```text
/// { container_id, measurement_time (a BSON date, UTC), product_id,
///   sensors: { temperature … fan_3 (SENSOR_COLUMNS) },
///   latitude, longitude, maintenance_required (0 or 1) }
/// ```
pub fn telemetry_document(r: &TelemetryRecord) -> Document {
    doc! {
        "container_id": r.container_id.as_str(),
        "measurement_time": DateTime::from_millis(r.measurement_time.unix_seconds() * 1000),
        "product_id": r.product.id(),
        "sensors": {
            "temperature": r.temperature,
            "target_temperature": r.target_temperature,
            "ambiant_temperature": r.ambiant_temperature,
            "kilowatts": r.kilowatts,
            "time_door_open": i64::from(r.time_door_open),
            "content_type": i32::from(r.content_type),
            "defrost_cycle": i32::from(r.defrost_cycle),
            "oxygen_level": r.oxygen_level,
            "nitrogen_level": r.nitrogen_level,
            "humidity_level": r.humidity_level,
            "carbon_dioxide_level": r.carbon_dioxide_level,
            "fan_1": r.fan_1,
            "fan_2": r.fan_2,
            "fan_3": r.fan_3,
        },
        "latitude": r.latitude,
        "longitude": r.longitude,
        "maintenance_required": i32::from(r.maintenance_required),
    }
}

/// `ground_truth: {fault_type, fault_class, fault_id, minutes_since_onset, ingest_time}` added
/// to a document (`reefer generate --db --ground-truth`); `fault_type: "none"` and nulls
/// outside any episode, as in the CSV; `ingest_time` a BSON date like `measurement_time`.
pub fn add_ground_truth(document: &mut Document, row: &RowTruth) {
    let mut truth = match row.episode {
        Some(e) => doc! {
            "fault_type": e.kind.name(),
            "fault_class": e.kind.class(),
            "fault_id": e.id as i64,
            "minutes_since_onset": e.minutes_since_onset(row.row) as i64,
        },
        None => doc! {
            "fault_type": "none",
            "fault_class": "none",
            "fault_id": Bson::Null,
            "minutes_since_onset": Bson::Null,
        },
    };
    truth.insert(
        "ingest_time",
        DateTime::from_millis(row.ingest_time.unix_seconds() * 1000),
    );
    document.insert("ground_truth", truth);
}

#[cfg(test)]
mod tests {
    use super::*;
    use reefer_shared::record::{COLUMNS, SENSOR_COLUMNS};
    use reefer_shared::{GenerationSpec, Generator, Seed};

    fn record() -> TelemetryRecord {
        let spec = GenerationSpec::new(
            "C02".parse().unwrap(),
            "P02".parse().unwrap(),
            "poweroff".parse().unwrap(),
            "10".parse().unwrap(),
            "2026-01-01 00:05:00".parse().unwrap(),
            Seed(42),
        )
        .unwrap();
        Generator::new(spec).next().unwrap()
    }

    #[test]
    fn every_column_is_kept_and_the_readings_are_under_sensors() {
        let r = record();
        let d = telemetry_document(&r);
        let sensors = d.get_document("sensors").unwrap();
        let sensor_keys: Vec<&str> = sensors.keys().map(String::as_str).collect();
        assert_eq!(sensor_keys, SENSOR_COLUMNS);
        let mut all: Vec<&str> = d
            .keys()
            .filter(|k| *k != "sensors")
            .map(String::as_str)
            .collect();
        all.extend(&sensor_keys);
        all.sort_unstable();
        let mut expected = COLUMNS.to_vec();
        expected.sort_unstable();
        assert_eq!(all, expected);
        assert_eq!(d.get_str("container_id").unwrap(), "C02");
        assert_eq!(
            d.get_i32("maintenance_required").unwrap(),
            i32::from(r.maintenance_required)
        );
        assert_eq!(sensors.get_f64("temperature").unwrap(), r.temperature);
        assert_eq!(
            d.get_datetime("measurement_time")
                .unwrap()
                .try_to_rfc3339_string()
                .unwrap(),
            "2026-01-01T00:05:00Z"
        );
    }
}
