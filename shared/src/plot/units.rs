//! The unit of each numeric telemetry column, as charts and the datasheet write it.

/// The unit of a telemetry column: `°C`, `kW`, `%`, … or `""` for a count, a code or a flag.
pub fn unit_of(column: &str) -> &'static str {
    match column {
        "temperature"
        | "target_temperature"
        | "ambiant_temperature"
        | "supply_air_temperature"
        | "return_air_temperature" => "°C",
        "kilowatts" => "kW",
        "time_door_open" => "min",
        "oxygen_level"
        | "nitrogen_level"
        | "humidity_level"
        | "carbon_dioxide_level"
        | "ambient_humidity" => "%",
        "measurement_time" => "UTC",
        "latitude" => "° N",
        "longitude" => "° E",
        "compressor_current" => "A",
        "compressor_duty" => "0–1",
        _ => "",
    }
}
