//! The unit of each numeric telemetry column, as charts and the datasheet write it.

use crate::columns::Column;

/// The unit of a telemetry column: `°C`, `kW`, `%`, … or `""` for a count, a code or a flag.
/// The record's own columns carry theirs in [`crate::columns::RECORD_COLUMNS`].
pub fn unit_of(column: &str) -> &'static str {
    if let Some(column) = Column::named(column) {
        return column.info().unit;
    }
    match column {
        "supply_air_temperature" | "return_air_temperature" => "°C",
        "ambient_humidity" => "%",
        "compressor_current" => "A",
        "compressor_duty" => "0–1",
        _ => "",
    }
}
