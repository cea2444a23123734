//! The telemetry record: one reading of one container (SPEC's record table).

use crate::container::ContainerId;
use crate::product::Product;
use crate::timestamp::Timestamp;

/// The columns of a record, in order: the CSV header and the JSON field names.
///
/// `ambiant_temperature` is misspelt on purpose: downstream notebooks, the scoring service and
/// stored data use that name.
pub const COLUMNS: [&str; 20] = [
    "container_id",
    "measurement_time",
    "product_id",
    "temperature",
    "target_temperature",
    "ambiant_temperature",
    "kilowatts",
    "time_door_open",
    "content_type",
    "defrost_cycle",
    "oxygen_level",
    "nitrogen_level",
    "humidity_level",
    "carbon_dioxide_level",
    "fan_1",
    "fan_2",
    "fan_3",
    "latitude",
    "longitude",
    "maintenance_required",
];

/// The columns that are sensor readings (temperature to fan_3): a MongoDB document groups them
/// under `sensors`, as SPEC's MongoDB interface asks.
pub const SENSOR_COLUMNS: [&str; 14] = {
    // COLUMNS[3..17], taken from COLUMNS so that the names are written once.
    let mut columns = [""; 14];
    let mut i = 0;
    while i < columns.len() {
        columns[i] = COLUMNS[i + 3];
        i += 1;
    }
    columns
};

/// The latitude every reading reports (the original simulator's fixed position).
pub const DEFAULT_LATITUDE: f64 = 37.8226902168957;
/// The longitude every reading reports.
pub const DEFAULT_LONGITUDE: f64 = -122.324895;

/// One reading of one container, every 5 minutes of simulated time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TelemetryRecord {
    /// The container that sent the reading.
    pub container_id: ContainerId,
    /// When the reading was taken (simulated time).
    pub measurement_time: Timestamp,
    /// The product carried; written as `product_id`.
    pub product: Product,
    /// Cargo temperature, °C.
    pub temperature: f64,
    /// The product's target temperature, °C.
    pub target_temperature: f64,
    /// Outside temperature, °C (column name misspelt on purpose).
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
    pub oxygen_level: f64,
    /// Nitrogen, %.
    pub nitrogen_level: f64,
    /// Relative humidity, %.
    pub humidity_level: f64,
    /// Carbon dioxide, %.
    pub carbon_dioxide_level: f64,
    /// Whether fan 1 runs.
    pub fan_1: bool,
    /// Whether fan 2 runs.
    pub fan_2: bool,
    /// Whether fan 3 runs.
    pub fan_3: bool,
    /// Position, written as a string.
    pub latitude: f64,
    /// Position, written as a string.
    pub longitude: f64,
    /// The label for machine learning: written 1 when maintenance is required, else 0.
    pub maintenance_required: bool,
}

impl TelemetryRecord {
    /// The value of a numeric column by its name (fans and the label as 0 or 1); `None` for
    /// the text columns and unknown names. For charts and models.
    pub fn numeric(&self, column: &str) -> Option<f64> {
        let flag = |on: bool| if on { 1.0 } else { 0.0 };
        Some(match column {
            "temperature" => self.temperature,
            "target_temperature" => self.target_temperature,
            "ambiant_temperature" => self.ambiant_temperature,
            "kilowatts" => self.kilowatts,
            "time_door_open" => f64::from(self.time_door_open),
            "content_type" => f64::from(self.content_type),
            "defrost_cycle" => f64::from(self.defrost_cycle),
            "oxygen_level" => self.oxygen_level,
            "nitrogen_level" => self.nitrogen_level,
            "humidity_level" => self.humidity_level,
            "carbon_dioxide_level" => self.carbon_dioxide_level,
            "fan_1" => flag(self.fan_1),
            "fan_2" => flag(self.fan_2),
            "fan_3" => flag(self.fan_3),
            "latitude" => self.latitude,
            "longitude" => self.longitude,
            "maintenance_required" => flag(self.maintenance_required),
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_but_the_text_ones_is_numeric() {
        let spec = crate::GenerationSpec::from_fields(
            "C01",
            "P02",
            "normal",
            "1",
            "2026-01-01 00:00:00",
            "1",
            "0",
        )
        .unwrap();
        let r = crate::Generator::new(spec).next().unwrap();
        let text = ["container_id", "measurement_time", "product_id"];
        for column in COLUMNS {
            assert_eq!(
                r.numeric(column).is_some(),
                !text.contains(&column),
                "{column}"
            );
        }
        assert_eq!(r.numeric("temperature"), Some(r.temperature));
    }

    #[test]
    fn the_sensor_columns_are_the_columns_from_temperature_to_fan_3() {
        assert_eq!(SENSOR_COLUMNS[..], COLUMNS[3..17]);
    }
}
