//! The `rcm` profile: what a reefer's remote monitoring reports beyond the 20 original
//! columns (as ISO 10368 remote monitoring and the controllers' RMS messages carry them).
//!
//! | column | unit | meaning |
//! |---|---|---|
//! | `supply_air_temperature` | °C | air leaving the evaporator into the box, read while the compressor runs |
//! | `return_air_temperature` | °C | air coming back from the cargo to the evaporator |
//! | `power_on` | `True`/`False` | whether the unit has power |
//! | `compressor_duty` | 0…1 | share of the reading interval the compressor ran |
//! | `compressor_current` | A | the compressor's current while it runs (0 when it does not), 0.05 A of noise |
//! | `ambient_humidity` | % | the outside air's relative humidity (70 % parked; by the route's climate on a voyage), 1 point of noise |
//! | `alarm_code` | text | the controller's active alarm ([`crate::alarm`]); empty when none |
//!
//! They follow the unit's physics ([`crate::wear::physics`]) from the record's own columns:
//! under load the supply air sits below the return air by a ΔT set by the cooling capacity,
//! the ambient and the cargo's heat; a defrost warms the supply air (the heater), a power
//! loss or a stopped refrigeration stops the compressor (duty 0, supply = return), an open
//! door raises the load. Their noise comes from a stream of their own, after the record's, so
//! the 20 columns are the same in both profiles. Whether an alarm is a nuisance is ground
//! truth (`alarm_nuisance`), not a reading: it travels with the reading and is written with the
//! ground truth.

use crate::alarm;
use crate::encoding::write_fixed;
use crate::random::SimRng;
use crate::record::TelemetryRecord;
use crate::wear::physics::{Conditions, Reading, RETURN_OFFSET};

/// The outside air's relative humidity where a unit is parked (SPEC's fixed place), %.
pub const PARKED_HUMIDITY: f64 = 70.0;

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
pub const RCM_COLUMNS: [&str; 7] = [
    "supply_air_temperature",
    "return_air_temperature",
    "power_on",
    "compressor_duty",
    "compressor_current",
    "ambient_humidity",
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
    /// The compressor's current while it runs, A (0 when it does not).
    pub compressor_current: f64,
    /// The outside air's relative humidity, %.
    pub ambient_humidity: f64,
    /// The active alarm code; empty when none.
    pub alarm_code: &'static str,
    /// Ground truth: whether the alarm is a nuisance (raised without its condition).
    pub alarm_nuisance: bool,
}

/// What a reading's `rcm` columns are made from beside the unit's physics.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RcmContext {
    /// The outside air's relative humidity, % (before the sensor's noise).
    pub humidity: f64,
    /// The alarm the physics raises, if any.
    pub alarm: Option<&'static str>,
    /// Minutes between two readings (the nuisance alarms' chance).
    pub interval_minutes: f64,
}

impl RcmReading {
    /// The readings of a unit under `conditions` whose physics gave `reading`, for a cargo at
    /// `cargo` °C, with the sensors' noise and the nuisance alarm drawn from `noise` (always
    /// the same number of draws).
    pub fn from_physics(
        conditions: &Conditions,
        reading: &Reading,
        cargo: f64,
        context: RcmContext,
        noise: &mut SimRng,
    ) -> Self {
        let return_air = cargo + RETURN_OFFSET + noise.normal(0.0, 0.1);
        let supply = return_air + reading.supply_minus_return + noise.normal(0.0, 0.1);
        let current_noise = noise.normal(0.0, 0.05);
        let humidity = context.humidity + noise.normal(0.0, 1.0);
        let nuisance_draw = noise.unit();
        let current = alarm::compressor_current(conditions, reading);
        let nuisance = match context.alarm {
            None if conditions.power_on => alarm::nuisance(nuisance_draw, context.interval_minutes),
            _ => None,
        };
        Self {
            supply_air_temperature: round2(supply),
            return_air_temperature: round2(return_air),
            power_on: conditions.power_on,
            compressor_duty: round3(reading.duty),
            compressor_current: if current > 0.0 {
                round2((current + current_noise).max(0.0))
            } else {
                0.0
            },
            ambient_humidity: crate::round::round_to(humidity.clamp(0.0, 100.0), 10.0),
            alarm_code: context.alarm.or(nuisance).unwrap_or(""),
            alarm_nuisance: nuisance.is_some(),
        }
    }

    /// The readings of a record of the simulations without a wearing unit: a new unit at the
    /// record's setpoint and ambient, whose cargo respires `respiration_kw` (kW, beside
    /// [`crate::wear::physics::CARGO_HEAT`]); `compressor_on` says whether its refrigeration
    /// runs (off during a power loss, a stopped refrigeration, a defrost) and `defrosting`
    /// whether the heater is on.
    pub fn of_record(
        record: &TelemetryRecord,
        respiration_kw: f64,
        (compressor_on, defrosting): (bool, bool),
        context: RcmContext,
        noise: &mut SimRng,
    ) -> Self {
        let power_on = record.kilowatts > 0.0;
        let mut conditions =
            Conditions::nominal(record.target_temperature, record.ambiant_temperature);
        conditions.cargo_heat += respiration_kw;
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
        Self::from_physics(
            &conditions,
            &conditions.reading(),
            record.temperature,
            context,
            noise,
        )
    }
}

/// Rounded to 2 decimals, as a controller reports air temperatures.
fn round2(value: f64) -> f64 {
    crate::round::round_to(value, 100.0)
}

/// Rounded to 3 decimals.
fn round3(value: f64) -> f64 {
    crate::round::round_to(value, 1000.0)
}

/// Writes a value rounded to `decimals` (1 for humidity, 2 for air and current, 3 for duty) as
/// [`crate::encoding::write_float`] would.
fn write_rounded(out: &mut Vec<u8>, value: f64, decimals: u32) {
    let scale = match decimals {
        1 => 10.0,
        3 => 1000.0,
        _ => 100.0,
    };
    let units = crate::round::round(value * scale) as i64;
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
    write_rounded(out, rcm.compressor_current, 2);
    out.push(b',');
    write_rounded(out, rcm.ambient_humidity, 1);
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
    out.extend_from_slice(b",\"compressor_current\":");
    write_rounded(out, rcm.compressor_current, 2);
    out.extend_from_slice(b",\"ambient_humidity\":");
    write_rounded(out, rcm.ambient_humidity, 1);
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
    /// `rcm` profile: the compressor's current while it runs, A (0 when it does not).
    pub compressor_current: f64,
    /// `rcm` profile: the outside air's relative humidity, %.
    pub ambient_humidity: f64,
    /// `rcm` profile: the controller's active alarm code; empty when none.
    #[serde(borrow)]
    pub alarm_code: std::borrow::Cow<'a, str>,
}
