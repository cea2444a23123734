//! What the model sees of one reading.

use crate::TelemetryRecord;

/// The features' names, in the order of [`features`].
pub const FEATURES: [&str; 8] = [
    "temperature_above_setpoint",
    "temperature_off_setpoint",
    "kilowatts",
    "fans_off",
    "carbon_dioxide_level",
    "oxygen_level",
    "humidity_level",
    "time_door_open",
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
        r.carbon_dioxide_level,
        r.oxygen_level,
        r.humidity_level,
        f64::from(r.time_door_open),
    ]
}
