//! The `rcm` profile: what a reefer's remote monitoring reports beyond the 20 original
//! columns (as ISO 10368 remote monitoring and the controllers' RMS messages carry them).
//!
//! | column | unit | meaning |
//! |---|---|---|
//! | `supply_air_temperature` | °C | air leaving the evaporator into the box, read while the compressor runs |
//! | `return_air_temperature` | °C | air coming back from the cargo to the evaporator |
//! | `power_on` | `True`/`False` | whether the unit has power |
//! | `compressor_duty` | 0…1 | share of the reading interval the compressor ran |
//! | `alarm_code` | text | the controller's active alarm; empty (alarms come with the routes and alarms issue) |
//!
//! They follow the unit's physics ([`crate::wear::physics`]) from the record's own columns:
//! under load the supply air sits below the return air by a ΔT set by the cooling capacity,
//! the ambient and the cargo's heat; a defrost warms the supply air (the heater), a power
//! loss or a stopped refrigeration stops the compressor (duty 0, supply = return), an open
//! door raises the load. Their noise comes from a stream of their own, after the record's, so
//! the 20 columns are the same in both profiles.

use crate::encoding::write_fixed;
use crate::random::SimRng;
use crate::record::TelemetryRecord;
use crate::wear::physics::{Conditions, Reading, RETURN_OFFSET};

/// Which columns a reading has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// The original simulator's 20 columns.
    #[default]
    Standard,
    /// The 20 columns and the remote-monitoring readings ([`RCM_COLUMNS`]).
    Rcm,
}

impl Profile {
    /// The profile's name on the command line.
    pub const fn name(self) -> &'static str {
        match self {
            Profile::Standard => "standard",
            Profile::Rcm => "rcm",
        }
    }
}

impl crate::named::Named for Profile {
    const ALL: &'static [Self] = &[Profile::Standard, Profile::Rcm];
    const WHAT: &'static str = "profile";
    const EXPECTED: &'static str = "expected standard (the 20 original columns) or rcm (with supply and return air, power, compressor duty and alarm)";

    fn text(self) -> &'static str {
        self.name()
    }
}

crate::display_and_parse_by_name!(Profile);

/// The `rcm` profile's columns, after the record's own.
pub const RCM_COLUMNS: [&str; 5] = [
    "supply_air_temperature",
    "return_air_temperature",
    "power_on",
    "compressor_duty",
    "alarm_code",
];

/// The remote-monitoring readings of one record.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RcmReading {
    /// Supply air, °C.
    pub supply_air_temperature: f64,
    /// Return air, °C.
    pub return_air_temperature: f64,
    /// Whether the unit has power.
    pub power_on: bool,
    /// Share of the interval the compressor ran, 0…1.
    pub compressor_duty: f64,
    /// The active alarm code; empty when none.
    pub alarm_code: &'static str,
}

impl RcmReading {
    /// The readings of a unit whose physics gave `reading`, for a cargo at `cargo` °C, with
    /// the sensors' noise drawn from `noise`.
    pub fn from_physics(reading: &Reading, cargo: f64, power_on: bool, noise: &mut SimRng) -> Self {
        let return_air = cargo + RETURN_OFFSET + noise.normal(0.0, 0.1);
        let supply = return_air + reading.supply_minus_return + noise.normal(0.0, 0.1);
        Self {
            supply_air_temperature: round2(supply),
            return_air_temperature: round2(return_air),
            power_on,
            compressor_duty: round3(reading.duty),
            alarm_code: "",
        }
    }

    /// The readings of a record of the simulations without a wearing unit: a new unit at the
    /// record's setpoint and ambient; `compressor_on` says whether its refrigeration runs (off
    /// during a power loss, a stopped refrigeration, a defrost) and `defrosting` whether the
    /// heater is on.
    pub fn of_record(
        record: &TelemetryRecord,
        compressor_on: bool,
        defrosting: bool,
        noise: &mut SimRng,
    ) -> Self {
        let power_on = record.kilowatts > 0.0;
        let mut conditions =
            Conditions::nominal(record.target_temperature, record.ambiant_temperature);
        conditions.power_on = power_on;
        conditions.compressor_available = compressor_on;
        conditions.defrosting = defrosting;
        conditions.fans = [record.fan_1, record.fan_2, record.fan_3]
            .iter()
            .filter(|on| **on)
            .count() as u8;
        // An open door lets the outside air in: the load of a box at the ambient.
        if record.time_door_open > 0 {
            conditions.setpoint -= 10.0;
        }
        Self::from_physics(&conditions.reading(), record.temperature, power_on, noise)
    }
}

/// Rounded to 2 decimals, as a controller reports air temperatures.
fn round2(value: f64) -> f64 {
    libm::round(value * 100.0) / 100.0
}

/// Rounded to 3 decimals.
fn round3(value: f64) -> f64 {
    libm::round(value * 1000.0) / 1000.0
}

/// Writes a value rounded to `decimals` (2 for air, 3 for duty) as [`crate::encoding::write_float`]
/// would.
fn write_rounded(out: &mut Vec<u8>, value: f64, decimals: u32) {
    let scale = if decimals == 3 { 1000.0 } else { 100.0 };
    let units = libm::round(value * scale) as i64;
    write_fixed(out, units, decimals);
}

/// Appends a reading's `rcm` columns to the CSV record line that ends the buffer.
pub fn extend_csv_record(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    out.push(b',');
    write_rounded(out, rcm.supply_air_temperature, 2);
    out.push(b',');
    write_rounded(out, rcm.return_air_temperature, 2);
    out.extend_from_slice(if rcm.power_on { b",True," } else { b",False," });
    write_rounded(out, rcm.compressor_duty, 3);
    out.push(b',');
    out.extend_from_slice(rcm.alarm_code.as_bytes());
    out.push(b'\n');
}

/// Appends a reading's `rcm` fields to the JSON line that ends the buffer.
pub fn extend_json_line(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    extend_json_object(out, rcm);
    out.push(b'\n');
}

/// Appends a reading's `rcm` fields to the JSON object that ends the buffer (an event's
/// payload).
pub fn extend_json_object(out: &mut Vec<u8>, rcm: &RcmReading) {
    out.pop();
    out.extend_from_slice(b",\"supply_air_temperature\":");
    write_rounded(out, rcm.supply_air_temperature, 2);
    out.extend_from_slice(b",\"return_air_temperature\":");
    write_rounded(out, rcm.return_air_temperature, 2);
    out.extend_from_slice(if rcm.power_on {
        b",\"power_on\":true,\"compressor_duty\":"
    } else {
        b",\"power_on\":false,\"compressor_duty\":"
    });
    write_rounded(out, rcm.compressor_duty, 3);
    out.extend_from_slice(b",\"alarm_code\":\"");
    out.extend_from_slice(rcm.alarm_code.as_bytes());
    out.extend_from_slice(b"\"}");
}

/// The `rcm` readings as a JSON object's fields carry them (JSON lines, a `json` event's
/// payload), with the JSON types checked.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RcmFields<'a> {
    /// `rcm` profile: supply air, °C (air leaving the evaporator into the box).
    pub supply_air_temperature: f64,
    /// `rcm` profile: return air, °C (air coming back from the cargo).
    pub return_air_temperature: f64,
    /// `rcm` profile: whether the unit has power.
    pub power_on: bool,
    /// `rcm` profile: share of the reading interval the compressor ran, 0 to 1.
    pub compressor_duty: f64,
    /// `rcm` profile: the controller's active alarm code; empty when none.
    #[serde(borrow)]
    pub alarm_code: std::borrow::Cow<'a, str>,
}
