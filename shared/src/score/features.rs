//! What the model sees of one reading.

use crate::columns::Column;
use crate::TelemetryRecord;

/// The features' names, in the order of [`features`] (a record column's name where the
/// feature is that column).
pub const FEATURES: [&str; 8] = [
    "temperature_above_setpoint",
    "temperature_off_setpoint",
    Column::Kilowatts.name(),
    "fans_off",
    Column::CarbonDioxideLevel.name(),
    Column::OxygenLevel.name(),
    Column::HumidityLevel.name(),
    Column::TimeDoorOpen.name(),
];

/// One reading's features: the cargo temperature against its setpoint (signed and absolute,
/// °C), the power (kW), how many of the three fans are off, the gases and humidity (%) and the
/// minutes the door was open.
pub fn features(r: &TelemetryRecord) -> [f64; FEATURES.len()] {
    let above = r.temperature - r.target_temperature;
    let fans_off = [r.fan_1, r.fan_2, r.fan_3]
        .iter()
        .filter(|on| !**on)
        .count();
    [
        above,
        above.abs(),
        r.kilowatts,
        fans_off as f64,
        r.carbon_dioxide,
        r.oxygen,
        r.humidity,
        f64::from(r.time_door_open),
    ]
}
