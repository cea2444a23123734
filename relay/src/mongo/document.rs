//! One record as a MongoDB document, in one of two shapes: ours (SPEC's, every reading under
//! `sensors`) or the original simulator's (`ReeferRepository.py`), for a drop-in.

use mongodb::bson::{doc, Bson, DateTime, Document};
use reefer_shared::columns::{Column, ColumnType, Value};
use reefer_shared::rcm::RcmReading;
use reefer_shared::truth::RowTruth;
use reefer_shared::TelemetryRecord;

/// The shape of the documents `reefer generate --db` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentFormat {
    /// SPEC's shape ([`telemetry_document`]).
    #[default]
    Reefer,
    /// The original simulator's shape ([`legacy_document`]).
    Legacy,
}

impl DocumentFormat {
    /// The format's name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            DocumentFormat::Reefer => "reefer",
            DocumentFormat::Legacy => "legacy",
        }
    }

    /// The document for `r` in this shape.
    pub fn document(self, r: &TelemetryRecord) -> Document {
        match self {
            DocumentFormat::Reefer => telemetry_document(r),
            DocumentFormat::Legacy => legacy_document(r),
        }
    }
}

/// The document stored for `r`:
///
/// ```text
/// { container_id, measurement_time (a BSON date, UTC), product_id,
///   sensors: { temperature … fan_3 (SENSOR_COLUMNS) },
///   latitude, longitude, maintenance_required (0 or 1) }
/// ```
pub fn telemetry_document(r: &TelemetryRecord) -> Document {
    let mut document = Document::new();
    let mut sensors = Document::new();
    for column in Column::ALL {
        let info = column.info();
        let value = match r.value(column) {
            Value::Text(text) => Bson::String(text.to_owned()),
            Value::Time(time) => Bson::DateTime(DateTime::from_millis(time.unix_seconds() * 1000)),
            Value::Float(v) => Bson::Double(v),
            Value::Minutes(minutes) => Bson::Int64(i64::from(minutes)),
            Value::Code(code) => Bson::Int32(i32::from(code)),
            Value::Flag(on) if info.column_type == ColumnType::Label => Bson::Int32(i32::from(on)),
            Value::Flag(on) => Bson::Boolean(on),
        };
        if info.sensor {
            if sensors.is_empty() {
                // Its place among the fields: where the first reading would be.
                document.insert("sensors", Document::new());
            }
            sensors.insert(info.name, value);
        } else {
            document.insert(info.name, value);
        }
    }
    // Replaces the placeholder in place: the fields keep their order.
    document.insert("sensors", sensors);
    document
}

/// The fields of the original simulator's document, in its order.
pub const LEGACY_FIELDS: [&str; 12] = [
    "containerID",
    "measurement_time",
    "product_id",
    "target_temperature",
    "kilowatts",
    "time_door_open",
    "content_type",
    "defrost_cycle",
    "sensors",
    "latitude",
    "longitude",
    "maintenance_required",
];

/// The sensor columns the original kept beside `sensors`, not in it.
const LEGACY_TOP_LEVEL: [Column; 5] = [
    Column::TargetTemperature,
    Column::Kilowatts,
    Column::TimeDoorOpen,
    Column::ContentType,
    Column::DefrostCycle,
];

/// The columns of its `sensors`, in its order: the other sensor columns, in the record's.
const LEGACY_SENSOR_COLUMNS: [Column; 9] = {
    let mut columns = [Column::Temperature; 9];
    let (mut i, mut n) = (0, 0);
    while i < Column::ALL.len() {
        let column = Column::ALL[i];
        let mut top = false;
        let mut j = 0;
        while j < LEGACY_TOP_LEVEL.len() {
            top |= LEGACY_TOP_LEVEL[j] as usize == column as usize;
            j += 1;
        }
        if column.info().sensor && !top {
            columns[n] = column;
            n += 1;
        }
        i += 1;
    }
    assert!(n == columns.len(), "nine legacy sensors");
    columns
};

/// The fields of its `sensors`, in its order.
pub const LEGACY_SENSORS: [&str; 9] = {
    let mut names = [""; 9];
    let mut i = 0;
    while i < names.len() {
        names[i] = LEGACY_SENSOR_COLUMNS[i].name();
        i += 1;
    }
    names
};

/// The original simulator's document for `r`, field for field as its `ReeferRepository`
/// wrote it, with the label kept:
///
/// ```text
/// { containerID, measurement_time ("YYYY-MM-DD HH:MM:SS", a string), product_id,
///   target_temperature (an integer), kilowatts, time_door_open, content_type, defrost_cycle,
///   sensors: { LEGACY_SENSORS: temperature, ambiant_temperature, the gases and humidity,
///              fan_1, fan_2, fan_3 },
///   latitude, longitude (strings), maintenance_required (0 or 1) }
/// ```
pub fn legacy_document(r: &TelemetryRecord) -> Document {
    // The original wrote `int(target_temperature)`; every product's target is whole, and a
    // fractional one (never generated) stays a double rather than lose its fraction.
    let target = if r.target_temperature.fract() == 0.0 && r.target_temperature.abs() < 1e9 {
        Bson::Int32(r.target_temperature as i32)
    } else {
        Bson::Double(r.target_temperature)
    };
    let coordinate = |value: f64| {
        let mut text = Vec::new();
        reefer_shared::encoding::write_float(&mut text, value);
        String::from_utf8(text).unwrap_or_default()
    };
    doc! {
        "containerID": r.container_id.as_str(),
        "measurement_time": r.measurement_time.to_string(),
        "product_id": r.product.id(),
        "target_temperature": target,
        "kilowatts": r.kilowatts,
        "time_door_open": i64::from(r.time_door_open),
        "content_type": i32::from(r.content_type),
        "defrost_cycle": i32::from(r.defrost_cycle),
        "sensors": legacy_sensors(r),
        "latitude": coordinate(r.latitude),
        "longitude": coordinate(r.longitude),
        "maintenance_required": i32::from(r.maintenance_required),
    }
}

/// The original's `sensors`: floats and booleans, in its order.
fn legacy_sensors(r: &TelemetryRecord) -> Document {
    let mut sensors = Document::new();
    for column in LEGACY_SENSOR_COLUMNS {
        let value = match r.value(column) {
            Value::Flag(on) => Bson::Boolean(on),
            other => Bson::Double(other.number().unwrap_or_default()),
        };
        sensors.insert(column.name(), value);
    }
    sensors
}

/// `ground_truth: {fault_type, fault_class, fault_id, minutes_since_onset, ingest_time}` added
/// to a document (`reefer generate --db --ground-truth`); `fault_type: "none"` and nulls
/// outside any episode, as in the CSV; `ingest_time` a BSON date like `measurement_time`.
pub fn add_ground_truth(document: &mut Document, row: &RowTruth) {
    let mut truth = match row.episode {
        Some(e) => doc! {
            "fault_type": e.kind.name(),
            "fault_class": e.kind.class().name(),
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
    if let Some(wear) = row.wear {
        truth.insert("failure_mode", wear.failure_mode.name());
        truth.insert(
            "remaining_useful_life_minutes",
            i64::try_from(wear.remaining_useful_life_minutes).unwrap_or(i64::MAX),
        );
        truth.insert("rul_beyond_span", wear.beyond_span);
    }
    if let Some(nuisance) = row.alarm_nuisance {
        truth.insert("alarm_nuisance", nuisance);
    }
    document.insert("ground_truth", truth);
}

/// Adds the `rcm` profile's readings to a document's `sensors` (both shapes keep their
/// other fields): `supply_air_temperature`, `return_air_temperature`, `power_on`,
/// `compressor_duty`, `compressor_current`, `ambient_humidity`, `alarm_code` (an empty
/// string when none) and `mode`.
pub fn add_rcm(document: &mut Document, rcm: &RcmReading) {
    if document.get_document("sensors").is_err() {
        document.insert("sensors", Document::new());
    }
    if let Ok(readings) = document.get_document_mut("sensors") {
        readings.insert("supply_air_temperature", rcm.supply_air_temperature);
        readings.insert("return_air_temperature", rcm.return_air_temperature);
        readings.insert("power_on", rcm.power_on);
        readings.insert("compressor_duty", rcm.compressor_duty);
        readings.insert("compressor_current", rcm.compressor_current);
        readings.insert("ambient_humidity", rcm.ambient_humidity);
        readings.insert("alarm_code", rcm.alarm_code);
        readings.insert("mode", rcm.mode.name());
    }
}

reefer_shared::named_values! { DocumentFormat {
    what: "document format",
    expected: "expected reefer (every reading under sensors) or legacy (the original \
     simulator's shape)",
    all: &[DocumentFormat::Reefer, DocumentFormat::Legacy],
    text: name
} }

#[cfg(test)]
mod tests {
    use super::*;
    use reefer_shared::columns::{COLUMNS, SENSOR_COLUMNS};
    use reefer_shared::{GenerationSpec, Generator};

    fn record() -> TelemetryRecord {
        let spec = GenerationSpec::from_fields(
            "C02",
            "P02",
            "poweroff",
            "10",
            "2026-01-01 00:05:00",
            "42",
            "0",
        )
        .unwrap();
        Generator::new(spec).next().unwrap()
    }

    #[test]
    fn the_rcm_readings_join_the_sensors_and_a_wearing_unit_its_truth() {
        let spec = GenerationSpec::from_fields(
            "C05",
            "P01",
            "fanfailure",
            "20",
            "2026-01-01 00:00:00",
            "3",
            "0",
        )
        .unwrap()
        .with_profile(reefer_shared::rcm::Profile::Rcm);
        let mut generator = Generator::new(spec);
        let truth = generator.ground_truth();
        let record = generator.next().unwrap();
        for format in [DocumentFormat::Reefer, DocumentFormat::Legacy] {
            let mut d = format.document(&record);
            let order: Vec<String> = d.keys().cloned().collect();
            add_rcm(&mut d, generator.last_rcm());
            add_ground_truth(&mut d, &generator.last_truth(&truth));
            let sensors = d.get_document("sensors").unwrap();
            assert!(
                sensors.get_f64("supply_air_temperature").unwrap()
                    < sensors.get_f64("return_air_temperature").unwrap()
            );
            assert!(sensors.get_bool("power_on").unwrap());
            assert_eq!(sensors.get_str("alarm_code").unwrap(), "");
            let kept: Vec<String> = d.keys().filter(|k| *k != "ground_truth").cloned().collect();
            assert_eq!(kept, order, "{format:?}: the fields keep their order");
            let g = d.get_document("ground_truth").unwrap();
            assert_eq!(g.get_str("failure_mode").unwrap(), "evaporator_fan_failure");
            assert!(g.get_i64("remaining_useful_life_minutes").unwrap() > 0);
            assert!(g.get_bool("rul_beyond_span").is_ok());
        }
    }

    #[test]
    fn the_legacy_shape_is_the_originals_with_the_label_kept() {
        let r = record();
        let d = DocumentFormat::Legacy.document(&r);
        let top: Vec<&str> = d.keys().map(String::as_str).collect();
        assert_eq!(top, LEGACY_FIELDS);
        let sensors: Vec<&str> = d
            .get_document("sensors")
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(sensors, LEGACY_SENSORS);
        assert_eq!(d.get_str("containerID").unwrap(), "C02");
        assert_eq!(
            d.get_str("measurement_time").unwrap(),
            "2026-01-01 00:05:00"
        );
        assert_eq!(d.get_i32("target_temperature").unwrap(), 6);
        assert_eq!(d.get_str("latitude").unwrap(), "37.8226902168957");
        assert_eq!(d.get_str("longitude").unwrap(), "-122.324895");
        assert_eq!(
            "legacy".parse::<DocumentFormat>().unwrap(),
            DocumentFormat::Legacy
        );
        assert!("bson"
            .parse::<DocumentFormat>()
            .unwrap_err()
            .to_string()
            .contains("reefer"));
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
